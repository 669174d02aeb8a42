//! One plan expression against Kusto's typed signatures: the findings for an
//! operator whose operands it is not defined for (`KQL217`), a function or aggregate
//! argument no overload takes (`KQL218`), and a condition that is not a bool
//! (`KQL216`). The signatures are data (`functions::signature`); this module only
//! words the verdicts.

use crate::diagnostic::{Code, Diagnostic};
use crate::functions::registry::{AggregateFunction, ScalarFunction};
use crate::functions::signature::matching::{self, Verdict};
use crate::functions::signature::{self, Kind, Param, ParamType, Signature};
use crate::plan::{BinaryOp, Expr};
use crate::value::Type;

/// `KQL216` when `e`, the condition of `clause`, is not a bool (`| where ResultType`).
pub fn condition(e: &Expr, clause: &str) -> Option<Diagnostic> {
    if matches!(e.ty, Type::Bool | Type::Unknown) {
        return None;
    }
    Some(not_bool(e, &format!("the `{clause}` condition")))
}

/// A type's name after "a" or "an", for messages: `a string`, `an int`.
pub fn with_article(name: &str) -> String {
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

fn not_bool(e: &Expr, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::NotBool,
        e.span,
        format!("{what} is {}, not a bool", with_article(e.ty.name())),
    )
    .with_help(bool_help(e.ty))
}

fn bool_help(ty: Type) -> String {
    match ty {
        Type::String => "compare it, e.g. `isnotempty(ResultType)` or `ResultType == \"0\"`".into(),
        Type::Dynamic => {
            "convert it, e.g. `tobool(Field)`, or compare it, e.g. `isnotempty(Field)`".into()
        }
        t if t.is_numeric() => "compare it, e.g. `Count > 0`".into(),
        _ => "compare it with a value of its type, or test it with `isnotnull(…)`".into(),
    }
}

/// `KQL217` when `op` is not defined for the operands' types.
pub fn binary(e: &Expr, op: BinaryOp, lhs: &Expr, rhs: &Expr) -> Option<Diagnostic> {
    let (kind, symbol) = crate::plan::operators::kusto_name(op);
    operands(e, kind, symbol, &[lhs, rhs])
}

/// `KQL217` for unary minus of a type that has no negation (`-UserPrincipalName`).
pub fn negation(e: &Expr, operand: &Expr) -> Option<Diagnostic> {
    operands(e, "UnaryMinus", "-", &[operand])
}

/// `KQL217` for `in~`/`!in~` of a value that is not a string.
pub fn case_insensitive_in(operand: &Expr) -> Option<Diagnostic> {
    if matches!(operand.ty, Type::String | Type::Dynamic | Type::Unknown) {
        return None;
    }
    Some(
        Diagnostic::new(
            Code::OperatorTypes,
            operand.span,
            format!(
                "`in~` compares strings, not {}",
                with_article(operand.ty.name())
            ),
        )
        .with_help("use `in` (exact match) for other types, or convert with `tostring(…)`"),
    )
}

fn operands(e: &Expr, kind: &str, symbol: &str, args: &[&Expr]) -> Option<Diagnostic> {
    let types: Vec<Type> = args.iter().map(|a| a.ty).collect();
    match matching::check(signature::signatures(Kind::Operator, kind), &types) {
        Verdict::Matches(_) | Verdict::Unchecked | Verdict::Count => None,
        _ => Some(operator_error(e, symbol, args)),
    }
}

fn operator_error(e: &Expr, symbol: &str, args: &[&Expr]) -> Diagnostic {
    let names: Vec<&str> = args.iter().map(|a| a.ty.name()).collect();
    let message = match names.as_slice() {
        [one] => format!("`{symbol}` is not defined for {}", with_article(one)),
        [l, r] => format!(
            "`{symbol}` is not defined for {} and {}",
            with_article(l),
            with_article(r)
        ),
        _ => format!("`{symbol}` is not defined for these operand types"),
    };
    let mut d = Diagnostic::new(Code::OperatorTypes, e.span, message);
    for a in args {
        d = d.with_label(a.span, format!("this is {}", with_article(a.ty.name())));
    }
    d.with_help(operator_help(
        symbol,
        &args.iter().map(|a| a.ty).collect::<Vec<_>>(),
    ))
}

fn operator_help(symbol: &str, types: &[Type]) -> String {
    use Type::*;
    let ordering = matches!(symbol, "<" | "<=" | ">" | ">=");
    match types {
        [DateTime, TimeSpan] | [TimeSpan, DateTime] if ordering => {
            "compare a datetime with a datetime: `TimeGenerated > ago(1h)`, not `TimeGenerated > 1h`".into()
        }
        [DateTime, _] | [_, DateTime] if ordering => {
            "compare a datetime with a datetime: `TimeGenerated > ago(14d)` or `> datetime(2024-01-31)`".into()
        }
        [String, _] | [_, String] if ordering => {
            "strings have no order in Kusto: convert them, e.g. `toint(x) > 5`, or compare with `==`".into()
        }
        [String, _] | [_, String] if matches!(symbol, "+" | "-" | "*" | "/" | "%") => {
            "convert the string with `toint()`/`tolong()`/`todouble()`, or join strings with `strcat()`".into()
        }
        [DateTime, t] | [t, DateTime] if t.is_numeric() => {
            "add or subtract a timespan (`1d`, `totimespan(…)`), not a number".into()
        }
        [_, _] if matches!(symbol, "=~" | "!~") => {
            "`=~` compares strings ignoring case: use `==` for other types, or convert with `tostring(…)`".into()
        }
        _ if matches!(symbol, "and" | "or") => {
            "both sides of `and`/`or` must be bools: compare the other side, e.g. `isnotempty(x)`".into()
        }
        _ => "convert an operand (e.g. with `tolong()`, `todatetime()`, `tostring()`) so the types fit".into(),
    }
}

/// `KQL217`/`KQL218` for a call of a registry function (string operators included).
pub fn call(e: &Expr, func: &ScalarFunction, args: &[Expr]) -> Option<Diagnostic> {
    if let Some(op) = crate::plan::operators::string_operator(func.name) {
        let refs: Vec<&Expr> = args.iter().collect();
        return operands(e, op.kusto, op.written, &refs);
    }
    let sigs = named(Kind::Scalar, func.name, func.aliases);
    arguments(e, func.name, sigs, args)
}

/// `KQL218` for an aggregate's arguments.
pub fn aggregate(func: &AggregateFunction, args: &[Expr]) -> Option<Diagnostic> {
    let sigs = named(Kind::Aggregate, func.name, func.aliases);
    let span = args.iter().map(|a| a.span).reduce(|a, b| a.to(b))?;
    let whole = Expr::literal(crate::value::Value::Null, Type::Unknown, span);
    arguments(&whole, func.name, sigs, args)
}

/// The signatures of a function by its name or, when Kusto knows it by another, an alias.
fn named(kind: Kind, name: &str, aliases: &[&str]) -> &'static [Signature] {
    std::iter::once(name)
        .chain(aliases.iter().copied())
        .map(|n| signature::signatures(kind, n))
        .find(|s| !s.is_empty())
        .unwrap_or(&[])
}

fn arguments(
    e: &Expr,
    name: &str,
    sigs: &'static [Signature],
    args: &[Expr],
) -> Option<Diagnostic> {
    let types: Vec<Type> = args.iter().map(|a| a.ty).collect();
    match matching::check(sigs, &types) {
        Verdict::Matches(_) | Verdict::Unchecked => None,
        Verdict::Argument { index, param } => Some(argument_error(name, param, &args[index], sigs)),
        Verdict::NoCommonType { indices } => Some(no_common_type(e, name, args, &indices)),
        Verdict::NoOverload { candidates } => Some(no_overload(e, name, &types, &candidates)),
        Verdict::Count => Some(
            Diagnostic::new(
                Code::WrongArity,
                e.span,
                format!("`{name}` does not take {} arguments", args.len()),
            )
            .with_note(signature_note(name, sigs)),
        ),
    }
}

fn argument_error(name: &str, param: &Param, arg: &Expr, sigs: &[Signature]) -> Diagnostic {
    let expected = expected_types(param);
    let (code, what) = if expected == "bool" {
        (
            Code::NotBool,
            format!("the `{}` argument of `{name}`", param.name),
        )
    } else {
        (Code::ArgumentType, String::new())
    };
    let message = if code == Code::NotBool {
        format!("{what} is {}, not a bool", with_article(arg.ty.name()))
    } else {
        format!(
            "`{name}` takes {} for `{}`, not {}",
            with_article(&expected),
            param.name,
            with_article(arg.ty.name())
        )
    };
    let help = if code == Code::NotBool {
        bool_help(arg.ty)
    } else {
        conversion_help(param, arg.ty)
    };
    Diagnostic::new(code, arg.span, message)
        .with_help(help)
        .with_note(signature_note(name, sigs))
}

fn expected_types(param: &Param) -> String {
    match &param.ty {
        ParamType::Declared(types) => types
            .iter()
            .map(|t| t.name())
            .collect::<Vec<_>>()
            .join(" or "),
        ParamType::Family(f) => matching::family_label(f).replace('|', " or "),
    }
}

fn conversion_help(param: &Param, actual: Type) -> String {
    let declared = |t: Type| matches!(&param.ty, ParamType::Declared(ts) if ts.contains(&signature::DeclaredType::Scalar(t)));
    if matches!(&param.ty, ParamType::Declared(ts) if ts.contains(&signature::DeclaredType::TypeLiteral))
    {
        return "write a type literal such as `typeof(string)` or `typeof(long)`".into();
    }
    if declared(Type::TimeSpan) && actual.is_numeric() {
        return "write a timespan such as `1h` or `7d`, or convert with `totimespan(…)`".into();
    }
    let f = if declared(Type::String) {
        "tostring"
    } else if declared(Type::DateTime) {
        "todatetime"
    } else if declared(Type::TimeSpan) {
        "totimespan"
    } else if declared(Type::Dynamic) {
        "parse_json"
    } else if matches!(&param.ty, ParamType::Family(f) if f == "Integer") {
        "tolong"
    } else if matches!(&param.ty, ParamType::Family(f) if f.contains("Number")) {
        "todouble"
    } else if matches!(&param.ty, ParamType::Family(f) if f == "StringOrDynamic") {
        "tostring"
    } else {
        return "convert the argument to a type the function takes".into();
    };
    format!("convert the argument with `{f}(…)`")
}

fn signature_note(name: &str, sigs: &[Signature]) -> String {
    let lines: Vec<String> = sigs
        .iter()
        .map(|s| format!("{name}{}", s.display()))
        .collect();
    lines.join("\n")
}

fn no_common_type(e: &Expr, name: &str, args: &[Expr], indices: &[usize]) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::ArgumentType,
        e.span,
        format!("the values of `{name}` have no common type"),
    );
    for &i in indices {
        if let Some(a) = args.get(i) {
            d = d.with_label(a.span, format!("this is {}", with_article(a.ty.name())));
        }
    }
    d.with_help("give every value the same type, e.g. convert them with `tostring(…)`")
}

fn no_overload(e: &Expr, name: &str, types: &[Type], candidates: &[&Signature]) -> Diagnostic {
    let got: Vec<&str> = types.iter().map(|t| t.name()).collect();
    let lines: Vec<String> = candidates
        .iter()
        .map(|s| format!("{name}{}", s.display()))
        .collect();
    Diagnostic::new(
        Code::ArgumentType,
        e.span,
        format!("`{name}` takes no arguments of types ({})", got.join(", ")),
    )
    .with_help("convert the arguments to one of the signatures below")
    .with_note(lines.join("\n"))
}

/// Moves each binary-operator finding onto its operator token (found in `text`
/// between the two operands' labels), so that a condition spread over lines is
/// reported on the line of its `and`, as Kusto reports it.
pub fn point_at_operators(findings: &mut [Diagnostic], text: &str) {
    for d in findings
        .iter_mut()
        .filter(|d| d.code == Code::OperatorTypes)
    {
        let [left, right] = d.labels.as_slice() else {
            continue;
        };
        let (from, to) = (left.span.end as usize, right.span.start as usize);
        let Some(gap) = text.get(from..to) else {
            continue;
        };
        let mut offset = 0;
        let mut rest = gap;
        loop {
            let trimmed = rest.trim_start();
            offset += rest.len() - trimmed.len();
            rest = trimmed;
            match rest.strip_prefix("//") {
                Some(comment) => {
                    let line = comment.find('\n').map_or(comment.len(), |n| n + 1);
                    offset += 2 + line;
                    rest = &comment[line..];
                }
                None => break,
            }
        }
        let token = rest
            .find(|c: char| c.is_whitespace() || c == '(')
            .unwrap_or(rest.len());
        if token > 0 {
            let start = from + offset;
            d.span = crate::source::Span::new(start, start + token);
        }
    }
}
