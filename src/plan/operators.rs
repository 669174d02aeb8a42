//! The plan's binary operators as Kusto names them, and their result types read from
//! Kusto's operator signatures (`functions::signature`): the one table lowering
//! types expressions by and the checker judges operands by.

use super::BinaryOp;
use crate::functions::signature::matching::{self, Verdict};
use crate::functions::signature::{self, Kind};
use crate::value::Type;

/// One Kusto string operator: the registry function the plan calls for it, Kusto's
/// name of the operator (its signatures' key), and the operator as written.
pub struct StringOperator {
    pub function: &'static str,
    pub kusto: &'static str,
    pub written: &'static str,
}

const fn string_op(
    function: &'static str,
    kusto: &'static str,
    written: &'static str,
) -> StringOperator {
    StringOperator {
        function,
        kusto,
        written,
    }
}

/// Kusto's string operators (`!` forms are the negation of these); one table for
/// lowering, which picks the function, and the checker, which names the operator.
pub const STRING_OPERATORS: &[StringOperator] = &[
    string_op("has", "Has", "has"),
    string_op("has_cs", "HasCs", "has_cs"),
    string_op("hasprefix", "HasPrefix", "hasprefix"),
    string_op("hasprefix_cs", "HasPrefixCs", "hasprefix_cs"),
    string_op("hassuffix", "HasSuffix", "hassuffix"),
    string_op("hassuffix_cs", "HasSuffixCs", "hassuffix_cs"),
    string_op("contains", "Contains", "contains"),
    string_op("contains_cs", "ContainsCs", "contains_cs"),
    string_op("startswith", "StartsWith", "startswith"),
    string_op("startswith_cs", "StartsWithCs", "startswith_cs"),
    string_op("endswith", "EndsWith", "endswith"),
    string_op("endswith_cs", "EndsWithCs", "endswith_cs"),
    string_op("matches_regex", "MatchRegex", "matches regex"),
    string_op("has_all", "HasAll", "has_all"),
    string_op("has_any", "HasAny", "has_any"),
];

/// The string operator a registry function runs.
pub fn string_operator(function: &str) -> Option<&'static StringOperator> {
    STRING_OPERATORS.iter().find(|o| o.function == function)
}

/// The string operator written `word`, or its case-sensitive form (`has` → `has_cs`).
pub fn string_operator_written(
    word: &str,
    case_sensitive: bool,
) -> Option<&'static StringOperator> {
    let case_sensitive_form = |o: &&StringOperator| o.written.strip_suffix("_cs") == Some(word);
    STRING_OPERATORS
        .iter()
        .find(case_sensitive_form)
        .filter(|_| case_sensitive)
        .or_else(|| STRING_OPERATORS.iter().find(|o| o.written == word))
}

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
