//! The plan data of the `summarize` operator; its execution is in `crate::ops::summarize`.

use crate::functions::registry::AggregateFunction;
use crate::plan::{Expr, Node};
use crate::value::{Type, Value};
use std::fmt;

/// A builtin aggregate, printed by name.
#[derive(Clone, Copy)]
pub struct AggregateRef(pub &'static AggregateFunction);

impl fmt::Debug for AggregateRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name)
    }
}

/// One aggregate call: function, argument expressions, and the constant arguments
/// (`Value::Null` where an argument is not constant).
#[derive(Clone, Debug)]
pub struct AggCall {
    pub func: AggregateRef,
    pub args: Vec<Expr>,
    pub consts: Vec<Value>,
}

impl AggCall {
    /// Whether the call's (first) output is a string, by its declared result type.
    pub fn gives_a_string(&self) -> bool {
        let types: Vec<Type> = self.args.iter().map(|a| a.ty).collect();
        self.func.0.returns.resolve(&types) == Type::String
    }
}

#[derive(Clone, Debug)]
pub struct Summarize {
    pub input: Box<Node>,
    pub keys: Vec<Expr>,
    pub aggregates: Vec<AggCall>,
    /// A null string result is the empty string (KQL: strings are never null); ES|QL
    /// keeps its nulls.
    pub empty_strings: bool,
}
