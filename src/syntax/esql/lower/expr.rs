//! Lowering ES|QL scalar expressions to typed plan expressions over a schema.

use crate::diagnostic::{Code, Diagnostic, Result};
use crate::functions::{esql, registry};
use crate::plan::{BinaryOp, Expr, ExprKind, FunctionRef};
use crate::source::Span;
use crate::syntax::esql::ast::{self, Literal, TimeUnit};
use crate::syntax::kql::lower::expr::value_binary_type;
use crate::value::{Column, Type, Value};

/// 100 ns ticks per millisecond.
const TICKS_PER_MS: i64 = 10_000;

/// Lowers `e` against the columns of the input.
pub fn scalar(e: &ast::Expr, schema: &[Column]) -> Result<Expr> {
    let span = e.span;
    match &e.kind {
        ast::ExprKind::Literal(lit) => literal(lit, span),
        ast::ExprKind::Field(name) => field(&name.name, name.span, schema),
        ast::ExprKind::Paren(inner) => scalar(inner, schema),
        ast::ExprKind::Array(items) if items.len() == 1 => scalar(&items[0], schema),
        ast::ExprKind::Array(items) => {
            let items = items
                .iter()
                .map(|i| scalar(i, schema))
                .collect::<Result<Vec<_>>>()?;
            let ty = element_type(&items);
            let values = items
                .iter()
                .map(|x| fold(x).map(|v| v.to_json()))
                .collect::<Option<Vec<_>>>();
            match values {
                Some(v) => Ok(Expr::literal(
                    Value::dynamic(serde_json::Value::Array(v)),
                    ty,
                    span,
                )),
                None => Err(unsupported(
                    span,
                    "a multi-valued constant of non-constants",
                )),
            }
        }
        ast::ExprKind::Call { name, args, .. }
            if name.name.eq_ignore_ascii_case("kql") && args.len() == 1 =>
        {
            super::kibana::kql_filter(&args[0], schema, span)
        }
        ast::ExprKind::Call { name, args, .. }
            if name.name.eq_ignore_ascii_case("date_trunc") && args.len() == 2 =>
        {
            date_trunc(&args[0], &args[1], schema, span)
        }
        ast::ExprKind::Call {
            name,
            args,
            options: Some(options),
        } if name.name.eq_ignore_ascii_case("to_ip") && args.len() == 1 => {
            to_ip_with_options(&args[0], options, schema, span)
        }
        ast::ExprKind::Call { name, args, .. } => {
            let mut args = args
                .iter()
                .map(|a| scalar(a, schema))
                .collect::<Result<Vec<_>>>()?;
            if let Some(slot) = date_argument(&name.name, args.len()).and_then(|i| args.get_mut(i))
            {
                *slot = literal_as_date(slot.clone());
            }
            call(&name.name, args, name.span, span)
        }
        ast::ExprKind::Unary {
            op: ast::UnaryOp::Neg,
            operand,
        } if negative_literal(operand).is_some() => {
            let n = negative_literal(operand).unwrap_or_default();
            literal(&Literal::Integer(n), span)
        }
        ast::ExprKind::Unary { op, operand } => {
            let x = scalar(operand, schema)?;
            match op {
                ast::UnaryOp::Plus => Ok(x),
                ast::UnaryOp::Neg => int_checked(function("esql_neg", vec![x], span)?),
            }
        }
        ast::ExprKind::Not(inner) => {
            let x = scalar(inner, schema)?;
            function("not", vec![x], span)
        }
        ast::ExprKind::Binary { op, lhs, rhs } => {
            let l = scalar(lhs, schema)?;
            let r = scalar(rhs, schema)?;
            binary(*op, l, r, span)
        }
        ast::ExprKind::Like {
            operand,
            patterns,
            negated,
            regex,
        } => {
            let x = scalar(operand, schema)?;
            let name = if *regex { "rlike" } else { "like" };
            let mut any: Option<Expr> = None;
            for p in patterns {
                let m = function(name, vec![x.clone(), scalar(p, schema)?], span)?;
                any = Some(match any {
                    None => m,
                    Some(prev) => logic(BinaryOp::Or, prev, m, span),
                });
            }
            let m = any.ok_or_else(|| unsupported(span, "a LIKE without a pattern"))?;
            if *negated {
                function("not", vec![m], span)
            } else {
                Ok(m)
            }
        }
        ast::ExprKind::In {
            operand,
            list,
            negated,
        } => {
            let x = scalar(operand, schema)?;
            let list = list
                .iter()
                .map(|i| scalar(i, schema))
                .collect::<Result<Vec<_>>>()?;
            let mut args = vec![x];
            args.extend(list);
            let isin = function("esql_in", args, span)?;
            if *negated {
                function("not", vec![isin], span)
            } else {
                Ok(isin)
            }
        }
        ast::ExprKind::IsNull { operand, negated } => {
            let x = scalar(operand, schema)?;
            function(if *negated { "isnotnull" } else { "isnull" }, vec![x], span)
        }
        ast::ExprKind::Cast { operand, ty } => {
            let x = scalar(operand, schema)?;
            let Some(target) = cast_function(&ty.name) else {
                let other = ty.name.to_ascii_lowercase();
                return Err(unsupported(ty.span, &format!("a cast to `{other}`")));
            };
            call(target, vec![x], ty.span, span)
        }
        ast::ExprKind::Star => Err(unsupported(span, "`*` outside `count(*)`")),
        ast::ExprKind::Param(_) => Err(unsupported(span, "query parameters")),
        ast::ExprKind::Map(_) => Err(unsupported(span, "a map outside a function call")),
        ast::ExprKind::Match { .. } => Err(unsupported(span, "the full-text match operator")),
    }
}

/// The type of a multi-valued constant: its values' common type (`[1, 2]` is an
/// `integer`, `[1, 2.5]` a `double`), dynamic when they differ otherwise.
fn element_type(items: &[Expr]) -> Type {
    let mut ty = Type::Unknown;
    for t in items.iter().map(|i| i.ty).filter(|t| *t != Type::Unknown) {
        ty = match (ty, t) {
            (Type::Unknown, t) => t,
            (a, b) if a == b => a,
            (Type::Int, Type::Long) | (Type::Long, Type::Int) => Type::Long,
            (a, b) if a.is_numeric() && b.is_numeric() => Type::Real,
            _ => return Type::Dynamic,
        };
    }
    if ty == Type::Unknown {
        Type::Dynamic
    } else {
        ty
    }
}

/// `-n` for an integer literal `n`, as one literal typed by its value (`-2147483648`
/// is an `integer`, `-9223372036854775808` a `long`, as Elasticsearch folds them).
fn negative_literal(operand: &ast::Expr) -> Option<i64> {
    match &operand.kind {
        ast::ExprKind::Literal(Literal::Integer(n)) => n.checked_neg(),
        ast::ExprKind::Literal(Literal::UnsignedLong(u)) if *u == i64::MIN.unsigned_abs() => {
            Some(i64::MIN)
        }
        _ => None,
    }
}

/// The conversion function of `x::type` (docs: "Cast (`::`)": the type names of the
/// type-conversion functions, `TO_type`).
fn cast_function(ty: &str) -> Option<&'static str> {
    Some(match ty.to_ascii_lowercase().as_str() {
        "int" | "integer" => "to_integer",
        "long" => "to_long",
        "double" => "to_double",
        "string" | "keyword" => "to_string",
        "text" => "to_text",
        "datetime" | "date" => "to_datetime",
        "date_nanos" => "to_date_nanos",
        "bool" | "boolean" => "to_boolean",
        "ip" => "to_ip",
        "version" => "to_version",
        "unsigned_long" | "ul" => "to_unsigned_long",
        "date_period" => "to_dateperiod",
        "time_duration" => "to_timeduration",
        _ => return None,
    })
}

fn unsupported(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::Unsupported,
        span,
        format!("{what} is not supported by kqlc's ES|QL yet"),
    )
}

/// A column by exact name, with a did-you-mean hint when unknown.
pub fn field(name: &str, span: Span, schema: &[Column]) -> Result<Expr> {
    match schema.iter().rposition(|c| c.name == name) {
        Some(i) => Ok(Expr::column(i, schema[i].ty, span)),
        None => Err(unknown_column(name, span, schema)),
    }
}

/// `Unknown column [name]`, suggesting the closest known name.
pub fn unknown_column(name: &str, span: Span, schema: &[Column]) -> Diagnostic {
    let d = Diagnostic::new(
        Code::UnknownColumn,
        span,
        format!("unknown column `{name}`"),
    );
    let best = schema
        .iter()
        .map(|c| (strsim_distance(&c.name, name), &c.name))
        .min();
    match best {
        Some((dist, n)) if dist <= name.len().max(3) / 3 + 1 => {
            d.with_help(format!("did you mean `{n}`?"))
        }
        _ => d,
    }
}

/// Levenshtein distance, for did-you-mean.
fn strsim_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn literal(lit: &Literal, span: Span) -> Result<Expr> {
    let (value, ty) = match lit {
        Literal::Null => (Value::Null, Type::Unknown),
        Literal::Bool(b) => (Value::Bool(*b), Type::Bool),
        Literal::Integer(i) => (
            Value::Long(*i),
            if i32::try_from(*i).is_ok() {
                Type::Int
            } else {
                Type::Long
            },
        ),
        Literal::UnsignedLong(u) => (Value::Real(*u as f64), Type::Real),
        Literal::Decimal(d) => (Value::Real(*d), Type::Real),
        Literal::String(s) => (Value::string(s.as_str()), Type::String),
        Literal::TimeSpan { value, unit } => {
            let ms = match unit {
                TimeUnit::Millisecond => 1,
                TimeUnit::Second => 1_000,
                TimeUnit::Minute => 60_000,
                TimeUnit::Hour => 3_600_000,
                TimeUnit::Day => 86_400_000,
                TimeUnit::Week => 7 * 86_400_000,
                TimeUnit::Month | TimeUnit::Quarter | TimeUnit::Year => {
                    let per = match unit {
                        TimeUnit::Month => 1,
                        TimeUnit::Quarter => 3,
                        _ => 12,
                    };
                    let months = value
                        .checked_mul(per)
                        .ok_or_else(|| unsupported(span, "a period this long"))?;
                    return Ok(Expr::literal(
                        esql::calendar_period(months),
                        Type::Dynamic,
                        span,
                    ));
                }
            };
            let ticks = value
                .checked_mul(ms * TICKS_PER_MS)
                .ok_or_else(|| unsupported(span, "a time span this long"))?;
            (Value::TimeSpan(ticks), Type::TimeSpan)
        }
    };
    Ok(Expr::literal(value, ty, span))
}

fn binary(op: ast::BinaryOp, l: Expr, r: Expr, span: Span) -> Result<Expr> {
    use ast::BinaryOp as A;
    let op = match op {
        A::Eq => return function("esql_eq", vec![l, r], span),
        A::NotEq => return function("esql_not_eq", vec![l, r], span),
        A::EqIgnoreCase => BinaryOp::EqIgnoreCase,
        A::Or => return Ok(logic(BinaryOp::Or, l, r, span)),
        A::And => return Ok(logic(BinaryOp::And, l, r, span)),
        A::Lt => return function("esql_lt", vec![l, r], span),
        A::Le => return function("esql_le", vec![l, r], span),
        A::Gt => return function("esql_gt", vec![l, r], span),
        A::Ge => return function("esql_ge", vec![l, r], span),
        A::Add => return int_checked(function("esql_add", vec![l, r], span)?),
        A::Sub => return int_checked(function("esql_sub", vec![l, r], span)?),
        A::Mul => return int_checked(function("esql_mul", vec![l, r], span)?),
        A::Div => return int_checked(function("esql_div", vec![l, r], span)?),
        A::Mod => return int_checked(function("esql_mod", vec![l, r], span)?),
    };
    Ok(Expr {
        ty: value_binary_type(op, l.ty, r.ty),
        kind: ExprKind::Binary {
            op,
            lhs: Box::new(l),
            rhs: Box::new(r),
        },
        span,
    })
}

/// An `integer`-typed result checked against the `integer` range (null outside it, as
/// Elasticsearch's "integer overflow"); other types pass through.
fn int_checked(e: Expr) -> Result<Expr> {
    if e.ty != Type::Int {
        return Ok(e);
    }
    let span = e.span;
    function("esql_int", vec![e], span)
}

fn logic(op: BinaryOp, l: Expr, r: Expr, span: Span) -> Expr {
    Expr {
        ty: Type::Bool,
        kind: ExprKind::Binary {
            op,
            lhs: Box::new(l),
            rhs: Box::new(r),
        },
        span,
    }
}

/// Which argument of a date function is the date (`DATE_EXTRACT(part, date)`,
/// `DATE_FORMAT([pattern,] date)`), where a string literal is read as a date.
fn date_argument(name: &str, arity: usize) -> Option<usize> {
    match name.to_ascii_lowercase().as_str() {
        "date_extract" if arity == 2 => Some(1),
        "date_format" if arity >= 1 => Some(arity - 1),
        _ => None,
    }
}

/// A string literal in a date's place read as a date (docs: "implicit casting" of
/// string literals to `datetime`); anything else as it is.
fn literal_as_date(e: Expr) -> Expr {
    if let ExprKind::Literal(Value::String(s)) = &e.kind
        && let Some(t) = esql::iso_datetime(s)
    {
        return Expr::literal(Value::DateTime(t), Type::DateTime, e.span);
    }
    e
}

/// `date_trunc(interval, date)`: calendar periods (month, quarter, year) count months.
fn date_trunc(
    interval: &ast::Expr,
    date: &ast::Expr,
    schema: &[Column],
    span: Span,
) -> Result<Expr> {
    let date = literal_as_date(scalar(date, schema)?);
    if let ast::ExprKind::Literal(Literal::TimeSpan { value, unit }) = &interval.kind {
        let months = match unit {
            TimeUnit::Month => Some(1),
            TimeUnit::Quarter => Some(3),
            TimeUnit::Year => Some(12),
            _ => None,
        };
        if let Some(m) = months {
            let n = Expr::literal(Value::Long(value * m), Type::Long, interval.span);
            return function("esql_date_trunc_months", vec![n, date], span);
        }
    }
    let interval = scalar(interval, schema)?;
    function("esql_date_trunc", vec![interval, date], span)
}

/// `to_ip(s, {"leading_zeros": "reject"|"decimal"|"octal"})` (docs: `TO_IP`).
fn to_ip_with_options(
    s: &ast::Expr,
    options: &ast::MapExpr,
    schema: &[Column],
    span: Span,
) -> Result<Expr> {
    let mut mode = "reject".to_string();
    for (key, value) in &options.entries {
        match (&key.value[..], &value.kind) {
            ("leading_zeros", ast::ExprKind::Literal(Literal::String(v))) => mode = v.clone(),
            _ => {
                return Err(unsupported(
                    key.span,
                    &format!("the to_ip option `{}`", key.value),
                ));
            }
        }
    }
    let s = scalar(s, schema)?;
    let mode = Expr::literal(Value::string(mode), Type::String, options.span);
    function("esql_to_ip", vec![s, mode], span)
}

/// A call of an ES|QL function by name.
fn call(name: &str, args: Vec<Expr>, name_span: Span, span: Span) -> Result<Expr> {
    let lower = name.to_ascii_lowercase();
    if args.len() == 1 && esql::CONVERSIONS.contains(&lower.as_str()) {
        let ty = match lower.as_str() {
            "to_datetime" | "to_dt" | "to_date_nanos" | "to_datenanos" => Type::DateTime,
            _ => esql::scalar(&lower).map_or(Type::Unknown, |f| f.returns.resolve(&[args[0].ty])),
        };
        let conversion = Expr::literal(Value::string(lower.as_str()), Type::String, name_span);
        let mut call_args = vec![conversion, args[0].clone()];
        if args[0].ty == Type::DateTime {
            call_args.push(Expr::literal(
                Value::string("datetime"),
                Type::String,
                name_span,
            ));
        }
        let mut e = function("esql_convert", call_args, span)?;
        e.ty = ty;
        return Ok(e);
    }
    let Some(f) = esql::scalar(name) else {
        let d = Diagnostic::new(
            Code::UnknownFunction,
            name_span,
            format!("unknown ES|QL function `{name}`"),
        );
        return Err(if esql::aggregate(name).is_some() {
            d.with_help("aggregate functions are only allowed in STATS")
        } else {
            d
        });
    };
    if args.len() < f.min_args || args.len() > f.max_args {
        return Err(Diagnostic::new(
            Code::WrongArity,
            span,
            format!(
                "`{name}` takes {} to {} arguments, got {}",
                f.min_args,
                f.max_args,
                args.len()
            ),
        ));
    }
    if matches!(lower.as_str(), "mv_sum" | "abs") {
        return int_checked(make_call(f, args, span));
    }
    if !esql::null_in_null_out(name) || args.is_empty() {
        return Ok(make_call(f, args, span));
    }
    // `case(esql_sv(a) and esql_sv(b) …, f(a, b, …))`: null (or multi-valued) in,
    // null out.
    let mut present: Option<Expr> = None;
    for a in &args {
        let p = function("esql_sv", vec![a.clone()], span)?;
        present = Some(match present {
            None => p,
            Some(prev) => logic(BinaryOp::And, prev, p, span),
        });
    }
    let call = make_call(f, args, span);
    match present {
        Some(p) => {
            let ty = call.ty;
            let mut wrapped = function("case", vec![p, call], span)?;
            wrapped.ty = ty;
            Ok(wrapped)
        }
        None => Ok(call),
    }
}

/// The value of an expression made of constants only (`25 * 2`, `-1`, `to_long(3)`),
/// as ES|QL folds such expressions before running: `None` when it reads a column or
/// a function fails on it.
pub fn fold(e: &Expr) -> Option<Value> {
    match &e.kind {
        ExprKind::Literal(v) => Some(v.clone()),
        ExprKind::Call { func, args } if func.0.name != "now" => {
            let values = args.iter().map(fold).collect::<Option<Vec<_>>>()?;
            let cx = registry::EvalContext { now: 0 };
            (func.0.eval)(&values, &cx).ok()
        }
        _ => None,
    }
}

/// A call of a function found by its ES|QL (or KQL) name.
pub fn function(name: &str, args: Vec<Expr>, span: Span) -> Result<Expr> {
    let f = esql::scalar(name)
        .or_else(|| registry::scalar(name))
        .ok_or_else(|| unsupported(span, &format!("`{name}`")))?;
    Ok(make_call(f, args, span))
}

fn make_call(f: &'static registry::ScalarFunction, args: Vec<Expr>, span: Span) -> Expr {
    let types: Vec<Type> = args.iter().map(|a| a.ty).collect();
    Expr {
        ty: f.returns.resolve(&types),
        kind: ExprKind::Call {
            func: FunctionRef(f),
            args,
        },
        span,
    }
}
