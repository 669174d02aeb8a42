//! The plan's binary operators as Kusto names them, and their result types read from
//! Kusto's operator signatures (`functions::signature`): the one table lowering
//! types expressions by and the checker judges operands by.

use super::BinaryOp;
use crate::functions::signature::matching::{self, Verdict};
use crate::functions::signature::{self, Kind};
use crate::value::Type;

/// Kusto's name of the operator (its signatures' key) and its symbol.
pub fn kusto_name(op: BinaryOp) -> (&'static str, &'static str) {
    use BinaryOp::*;
    match op {
        And => ("And", "and"),
        Or => ("Or", "or"),
        Eq => ("Equal", "=="),
        NotEq => ("NotEqual", "!="),
        EqIgnoreCase => ("EqualTilde", "=~"),
        NotEqIgnoreCase => ("BangTilde", "!~"),
        Lt => ("LessThan", "<"),
        Le => ("LessThanOrEqual", "<="),
        Gt => ("GreaterThan", ">"),
        Ge => ("GreaterThanOrEqual", ">="),
        Add => ("Add", "+"),
        Sub => ("Subtract", "-"),
        Mul => ("Multiply", "*"),
        Div => ("Divide", "/"),
        Mod => ("Modulo", "%"),
    }
}

/// The result type of `op` over operands of these types; `None` when a type is
/// unknown or no signature of the operator takes them.
pub fn result_type(op: BinaryOp, lhs: Type, rhs: Type) -> Option<Type> {
    if lhs == Type::Unknown || rhs == Type::Unknown {
        return None;
    }
    let (kind, _) = kusto_name(op);
    match matching::check(signature::signatures(Kind::Operator, kind), &[lhs, rhs]) {
        Verdict::Matches(ty) if ty != Type::Unknown => Some(ty),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_of_times_follows_kusto() {
        // learn.microsoft.com/kusto/query/datetime-timespan-arithmetic
        assert_eq!(
            result_type(BinaryOp::Sub, Type::DateTime, Type::DateTime),
            Some(Type::TimeSpan)
        );
        assert_eq!(
            result_type(BinaryOp::Add, Type::DateTime, Type::TimeSpan),
            Some(Type::DateTime)
        );
        assert_eq!(
            result_type(BinaryOp::Div, Type::TimeSpan, Type::TimeSpan),
            Some(Type::Real)
        );
        assert_eq!(
            result_type(BinaryOp::Mul, Type::TimeSpan, Type::Long),
            Some(Type::TimeSpan)
        );
        assert_eq!(
            result_type(BinaryOp::Add, Type::Int, Type::Long),
            Some(Type::Long)
        );
        assert_eq!(
            result_type(BinaryOp::Gt, Type::DateTime, Type::TimeSpan),
            None
        );
    }
}
