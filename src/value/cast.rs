//! Converting a value to a column type, as `to typeof(T)`, typed `parse` captures and
//! `datatable` cells do: a value that does not fit becomes the type's null.

use super::{Type, Value};

impl Value {
    /// This value as type `ty`, with the rules of the matching `to*()` function
    /// (`functions/convert.rs`, the one implementation of Kusto's casts).
    pub fn cast(&self, ty: Type) -> Value {
        crate::functions::convert::convert_to(self, ty)
    }
}
