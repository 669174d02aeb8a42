//! The plan data of the `bag-unpack` operator; its execution is in `crate::ops::bag_unpack`.

use crate::plan::Node;
use crate::value::Type;

#[derive(Clone, Debug)]
pub struct BagUnpack {
    pub input: Box<Node>,
    /// The bag column, removed from the output.
    pub column: usize,
    /// The properties that become columns, in output order, with their types.
    pub keys: Vec<(String, Type)>,
    /// `columnsConflict='replace_source'`: properties that overwrite the input column
    /// of their name in place (its index after the bag's removal, and its type).
    pub replaced: Vec<(String, usize, Type)>,
}
