//! `evaluate bag_unpack(Bag [, Prefix] [, ignoredProperties = …])`: one column per
//! property of a dynamic bag (properties sorted by name, as Kusto's plugin does), the
//! bag column removed (bag_unpack plugin docs).

use crate::diagnostic::Result;
use crate::exec::{ExecContext, Flow, Sink};
use crate::plan::tabular::bag_unpack::BagUnpack;
use crate::value::{Row, Type, Value};

pub struct BagUnpackSink<'a> {
    op: &'a BagUnpack,
    down: &'a mut dyn Sink,
}

impl<'a> BagUnpackSink<'a> {
    pub fn new(op: &'a BagUnpack, down: &'a mut dyn Sink) -> Self {
        BagUnpackSink { op, down }
    }
}

impl Sink for BagUnpackSink<'_> {
    fn push(&mut self, mut row: Row, cx: &ExecContext) -> Result<Flow> {
        let bag = row.remove(self.op.column);
        let properties = match &bag {
            Value::Dynamic(d) => d.as_object(),
            _ => None,
        };
        let property = |key: &str, ty: Type| {
            let value = properties
                .and_then(|p| p.get(key))
                .map_or(Value::Null, |v| Value::from_json_scalar(v).cast(ty));
            match value.is_null() {
                true => Value::null_of(ty),
                false => value,
            }
        };
        for (key, at, ty) in &self.op.replaced {
            if let Some(slot) = row.get_mut(*at) {
                *slot = property(key, *ty);
            }
        }
        for (key, ty) in &self.op.keys {
            row.push(property(key, *ty));
        }
        self.down.push(row, cx)
    }
    fn finish(&mut self, cx: &ExecContext) -> Result<()> {
        self.down.finish(cx)
    }
}

/// The column type a property's JSON value suggests.
pub fn json_type(v: &serde_json::Value) -> Option<Type> {
    use serde_json::Value as J;
    match v {
        J::Null => None,
        J::Bool(_) => Some(Type::Bool),
        J::Number(n) if n.is_i64() => Some(Type::Long),
        J::Number(_) => Some(Type::Real),
        J::String(_) => Some(Type::String),
        J::Array(_) | J::Object(_) => Some(Type::Dynamic),
    }
}
