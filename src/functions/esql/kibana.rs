//! The conditions of a Kibana query (`KQL("…")` in ES|QL) on one field: a value or
//! wildcard pattern, and ranges. A multi-valued field matches when any value does;
//! a null field matches nothing. Keyword semantics: exact and case-sensitive.

use super::{entry, values_of};
use crate::functions::args::arg;
use crate::functions::registry::{EvalContext, ReturnType, ScalarFunction};
use crate::value::{Type, Value};

/// Whether `text` fits `pattern`, where `*` stands for any run of characters.
fn wildcard(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return pattern == text;
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    for part in middle {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// `esql_kibana_match(field, value, quoted)`: any value of the field equals `value`,
/// or fits it as a wildcard pattern when it is not a quoted phrase.
fn kibana_match(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let pattern = arg(args, 1).to_kusto_string();
    let quoted = matches!(arg(args, 2), Value::Bool(true));
    let fits = |v: &Value| {
        let text = v.to_kusto_string();
        if quoted || !pattern.contains('*') {
            text == pattern
        } else {
            wildcard(&pattern, &text)
        }
    };
    Ok(Value::Bool(values_of(arg(args, 0)).iter().any(fits)))
}

/// `esql_kibana_range(field, op, bound)`: any value of the field compares with the
/// bound as `op` says, as numbers when both are numbers, else as text.
fn kibana_range(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let op = arg(args, 1).to_kusto_string();
    let bound = arg(args, 2).to_kusto_string();
    let holds = |v: &Value| {
        let order = match (v.as_f64(), bound.parse::<f64>()) {
            (Some(x), Ok(b)) => x.partial_cmp(&b),
            _ => Some(v.to_kusto_string().as_str().cmp(bound.as_str())),
        };
        order.is_some_and(|o| match op.as_str() {
            "<" => o.is_lt(),
            "<=" => o.is_le(),
            ">" => o.is_gt(),
            _ => o.is_ge(),
        })
    };
    Ok(Value::Bool(values_of(arg(args, 0)).iter().any(holds)))
}

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "esql_kibana_match",
        (3, 3),
        "(field, value: keyword, quoted: boolean) -> boolean",
        ReturnType::Fixed(Type::Bool),
        kibana_match,
        "Whether a value of the field matches a Kibana query value.",
    ),
    entry(
        "esql_kibana_range",
        (3, 3),
        "(field, op: keyword, bound: keyword) -> boolean",
        ReturnType::Fixed(Type::Bool),
        kibana_range,
        "Whether a value of the field lies in a Kibana query range.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_stand_for_any_run_of_characters() {
        let p = "/var/lib/waagent/run-command/download/*/script.sh";
        assert!(wildcard(
            p,
            "/var/lib/waagent/run-command/download/12/script.sh"
        ));
        assert!(!wildcard(
            p,
            "/var/lib/waagent/run-command/download/12/other.sh"
        ));
        assert!(wildcard("cu*", "curl"));
        assert!(wildcard("*", ""));
        assert!(!wildcard("a*a", "a"));
    }

    #[test]
    fn a_multi_valued_field_matches_when_any_value_does() {
        let tags = Value::dynamic(serde_json::json!([
            "Domain: Endpoint",
            "Rule Type: Higher-Order Rule"
        ]));
        let cx = EvalContext { now: 0 };
        let phrase = [
            tags.clone(),
            Value::string("Rule Type: Higher-Order Rule"),
            Value::Bool(true),
        ];
        assert_eq!(kibana_match(&phrase, &cx), Ok(Value::Bool(true)));
        let other = [tags, Value::string("Rule Type"), Value::Bool(true)];
        assert_eq!(kibana_match(&other, &cx), Ok(Value::Bool(false)));
        let null = [Value::Null, Value::string("x"), Value::Bool(false)];
        assert_eq!(kibana_match(&null, &cx), Ok(Value::Bool(false)));
    }

    #[test]
    fn ranges_compare_numbers_as_numbers() {
        let cx = EvalContext { now: 0 };
        let args = [
            Value::Long(8080),
            Value::string(">="),
            Value::string("1024"),
        ];
        assert_eq!(kibana_range(&args, &cx), Ok(Value::Bool(true)));
        let args = [Value::Long(80), Value::string(">="), Value::string("1024")];
        assert_eq!(kibana_range(&args, &cx), Ok(Value::Bool(false)));
    }
}
