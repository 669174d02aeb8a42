//! Scalar expressions of the plan written as SQL, with Kusto's semantics kept: strings
//! are never null, `=~` ignores case, longs divide toward zero, datetimes are ticks.

use super::dialect::{self, floor_to, int_div, string_lit};
use super::{functions, json};
use crate::diagnostic::Diagnostic;
use crate::plan::{BinaryOp, Expr, ExprKind, WindowFunc};
use crate::translate::{Dialect, Target, untranslatable};
use crate::value::{Type, Value, time};

/// What an expression is written against: the dialect, the SQL text of each input
/// column, and the CTEs of the query's shared plans (for `toscalar` and `in (T)`).
pub struct Scope<'a> {
    pub d: Dialect,
    pub cols: &'a [String],
    pub types: &'a [Type],
    pub shared: &'a [Option<super::Rel>],
    /// The run's "now" in ticks; `None`: the engine's current time.
    pub now: Option<i64>,
}

/// Collects the findings of one translation.
pub type Findings = Vec<Diagnostic>;

/// A finding for `what` at `span`.
pub fn refuse(f: &mut Findings, d: Dialect, span: crate::source::Span, what: &str, help: &str) {
    f.push(untranslatable(span, what, Target::Sql(d), help));
}

/// The SQL of `e`; `None` after pushing a finding when some part has no translation.
pub fn write(e: &Expr, s: &Scope, f: &mut Findings) -> Option<String> {
    match &e.kind {
        ExprKind::Literal(v) => literal(v, e.ty, s.d, e, f),
        ExprKind::Column(i) => s.cols.get(*i).cloned(),
        ExprKind::Neg(x) => Some(format!("(- {})", write(x, s, f)?)),
        ExprKind::Binary { op, lhs, rhs } => binary(*op, lhs, rhs, e.ty, s, f),
        ExprKind::In {
            operand,
            list,
            case_insensitive,
            negated,
        } => in_list(operand, list, *case_insensitive, *negated, s, f),
        ExprKind::Member { target, name } => {
            let t = write(target, s, f)?;
            Some(json::member(s.d, &t, name))
        }
        ExprKind::Index { target, index } => {
            let t = write(target, s, f)?;
            if let Some(Value::Long(n)) = index.as_literal() {
                return Some(json::index(s.d, &t, *n));
            }
            let i = write(index, s, f)?;
            match index.ty {
                Type::String => Some(json::member_dyn(s.d, &t, &i)),
                _ => Some(json::index_dyn(s.d, &t, &i)),
            }
        }
        ExprKind::Scalar(i) => {
            let rel = s.shared.get(*i)?.as_ref()?;
            let col = rel.cols.first()?;
            Some(format!(
                "(SELECT {col} FROM {} ORDER BY __ord LIMIT 1)",
                rel.name
            ))
        }
        ExprKind::ColumnOf(i) => {
            let rel = s.shared.get(*i)?.as_ref()?;
            let col = rel.cols.first()?;
            let ty = rel.types.first().copied().unwrap_or(Type::Unknown);
            Some(json::collect_list_subquery(s.d, col, ty, &rel.name))
        }
        ExprKind::Window { func, args } => window(*func, args, e, s, f),
        ExprKind::PackAll { names, .. } => {
            let pairs: Vec<String> = names
                .iter()
                .zip(s.cols.iter().zip(s.types))
                .map(|(n, (c, t))| format!("{}, {}", string_lit(s.d, n), to_dynamic(s.d, c, *t)))
                .collect();
            Some(json::object(s.d, &pairs))
        }
        ExprKind::Call { func, args } => functions::call(func.0.name, e, args, s, f),
    }
}

/// A literal of type `ty`.
pub fn literal(v: &Value, ty: Type, d: Dialect, e: &Expr, f: &mut Findings) -> Option<String> {
    let sql_ty = dialect::sql_type(d, ty);
    Some(match v {
        Value::Null if ty == Type::String => "''".into(),
        Value::Null => format!("CAST(NULL AS {sql_ty})"),
        Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Value::Long(n) if ty == Type::Real || ty == Type::Decimal => format!("CAST({n} AS DOUBLE)"),
        Value::Long(n) => format!("CAST({n} AS BIGINT)"),
        Value::Real(r) if r.is_finite() => format!("CAST({r:?} AS DOUBLE)"),
        Value::Real(r) => format!(
            "CAST('{}' AS DOUBLE)",
            if r.is_nan() {
                "NaN"
            } else if *r > 0.0 {
                "Infinity"
            } else {
                "-Infinity"
            }
        ),
        Value::String(x) | Value::Guid(x) => string_lit(d, x),
        Value::DateTime(t) => format!("CAST({t} AS BIGINT) /* {} */", time::format_datetime(*t)),
        Value::TimeSpan(t) => format!("CAST({t} AS BIGINT) /* {} */", time::format_timespan(*t)),
        Value::Dynamic(j) => json::literal(d, j),
    })
    .filter(|_| {
        ty != Type::Unknown || !matches!(v, Value::Null) || {
            refuse(
                f,
                d,
                e.span,
                "a null of unknown type",
                "give the value a type",
            );
            false
        }
    })
}

/// A SQL value of type `from` as type `to` (dynamic values are converted from JSON).
pub fn coerce(d: Dialect, sql: &str, from: Type, to: Type) -> String {
    use Type::*;
    match (from, to) {
        (a, b) if a == b => sql.to_string(),
        (Int | Long, Real | Decimal) => format!("CAST({sql} AS DOUBLE)"),
        (Int, Long) | (Long, Int) | (Real, Decimal) | (Decimal, Real) => sql.to_string(),
        (Dynamic, String) => json::to_text(d, sql),
        (Dynamic, _) => json::to_scalar(d, sql, to),
        (_, Dynamic) => to_dynamic(d, sql, from),
        (Guid, String) | (String, Guid) => sql.to_string(),
        (Unknown, _) | (_, Unknown) => sql.to_string(),
        (_, String) => functions::tostring(d, sql, from),
        (String, DateTime) => match d {
            Dialect::DuckDb => dialect::timestamp_to_ticks(
                d,
                &format!(
                    "COALESCE(TRY_CAST({sql} AS TIMESTAMP), try_strptime({sql}, '%m/%d/%Y %H:%M:%S'))"
                ),
            ),
            Dialect::Spark => dialect::timestamp_to_ticks(
                d,
                &format!(
                    "COALESCE(try_to_timestamp({sql}), try_to_timestamp({sql}, 'MM/dd/yyyy HH:mm:ss'))"
                ),
            ),
        },
        _ => format!("TRY_CAST({sql} AS {})", dialect::sql_type(d, to)),
    }
}

/// A scalar as a dynamic (JSON) value.
pub fn to_dynamic(d: Dialect, sql: &str, from: Type) -> String {
    match from {
        Type::Dynamic => sql.to_string(),
        Type::DateTime => json::from_scalar(d, &functions::tostring(d, sql, from), Type::String),
        Type::TimeSpan => json::from_scalar(d, &functions::tostring(d, sql, from), Type::String),
        t => json::from_scalar(d, sql, t),
    }
}

/// The common type two operands of a comparison are brought to.
fn common(a: Type, b: Type) -> Type {
    use Type::*;
    match (a, b) {
        (x, y) if x == y => x,
        (Dynamic, t) | (t, Dynamic) => t,
        (Int | Long, Real | Decimal) | (Real | Decimal, Int | Long) => Real,
        (Int, Long) | (Long, Int) => Long,
        (Guid, String) | (String, Guid) => String,
        (x, _) => x,
    }
}

fn binary(
    op: BinaryOp,
    l: &Expr,
    r: &Expr,
    ty: Type,
    s: &Scope,
    f: &mut Findings,
) -> Option<String> {
    use BinaryOp::*;
    let (a, b) = (write(l, s, f), write(r, s, f));
    let (a, b) = (a?, b?);
    let d = s.d;
    Some(match op {
        And => format!("({a} AND {b})"),
        Or => format!("({a} OR {b})"),
        Eq | NotEq | Lt | Le | Gt | Ge | EqIgnoreCase | NotEqIgnoreCase => {
            let t = common(l.ty, r.ty);
            let (a, b) = (coerce(d, &a, l.ty, t), coerce(d, &b, r.ty, t));
            let sym = match op {
                Eq | EqIgnoreCase => "=",
                NotEq | NotEqIgnoreCase => "<>",
                Lt => "<",
                Le => "<=",
                Gt => ">",
                _ => ">=",
            };
            if matches!(op, EqIgnoreCase | NotEqIgnoreCase) {
                format!("(lower({a}) {sym} lower({b}))")
            } else if matches!(op, Eq | NotEq) && t != Type::String {
                // Kusto (null-values docs): `5 == int(null)` is false, `5 != int(null)` true.
                let one_null = if op == Eq { "FALSE" } else { "TRUE" };
                format!(
                    "(CASE WHEN ({a} IS NULL) <> ({b} IS NULL) THEN {one_null} ELSE {a} {sym} {b} END)"
                )
            } else {
                format!("({a} {sym} {b})")
            }
        }
        Add | Sub | Mul | Mod | Div => arith(op, (&a, l.ty), (&b, r.ty), ty, d),
    })
}

fn arith(
    op: BinaryOp,
    (a, lt): (&str, Type),
    (b, rt): (&str, Type),
    ty: Type,
    d: Dialect,
) -> String {
    use BinaryOp::*;
    let a = coerce(d, a, lt, if lt == Type::Dynamic { num_of(rt) } else { lt });
    let b = coerce(d, b, rt, if rt == Type::Dynamic { num_of(lt) } else { rt });
    let integral = |t: Type| matches!(t, Type::Int | Type::Long | Type::DateTime | Type::TimeSpan);
    match op {
        Add => format!("({a} + {b})"),
        Sub => format!("({a} - {b})"),
        Mod => format!("((({a} % NULLIF({b}, 0)) + abs({b})) % NULLIF(abs({b}), 0))"),
        Mul if ty == Type::TimeSpan && !(integral(lt) && integral(rt)) => {
            format!("CAST(round(CAST({a} AS DOUBLE) * {b}) AS BIGINT)")
        }
        Mul => format!("({a} * {b})"),
        Div if ty == Type::TimeSpan && integral(rt) => int_div(d, &a, &b),
        Div if ty == Type::TimeSpan => format!("CAST(round({a} / {b}) AS BIGINT)"),
        Div if integral(lt) && integral(rt) && !matches!(ty, Type::Real | Type::Decimal) => {
            int_div(d, &a, &b)
        }
        Div => format!("(CAST({a} AS DOUBLE) / {b})"),
        _ => unreachable_op(),
    }
}

fn unreachable_op() -> String {
    "NULL".into()
}

fn num_of(t: Type) -> Type {
    if t.is_numeric() { t } else { Type::Real }
}

fn in_list(
    op: &Expr,
    list: &[Expr],
    ci: bool,
    neg: bool,
    s: &Scope,
    f: &mut Findings,
) -> Option<String> {
    let x = write(op, s, f)?;
    let t = if op.ty == Type::Dynamic {
        Type::String
    } else {
        op.ty
    };
    let x = coerce(s.d, &x, op.ty, t);
    let fold = |v: String| if ci { format!("lower({v})") } else { v };
    let mut items = Vec::new();
    let mut subqueries = Vec::new();
    for item in list {
        match (&item.kind, item.as_literal()) {
            (_, Some(Value::Dynamic(j))) if j.is_array() => {
                for el in j.as_array().into_iter().flatten() {
                    items.push(fold(json_scalar_literal(s.d, el, t)));
                }
            }
            (ExprKind::ColumnOf(i), _) => {
                let rel = s.shared.get(*i)?.as_ref()?;
                let col = rel.cols.first()?;
                let ct = rel.types.first().copied().unwrap_or(t);
                let c = coerce(s.d, col, ct, t);
                subqueries.push(format!("SELECT {} FROM {}", fold(c), rel.name));
            }
            _ => {
                let v = write(item, s, f)?;
                if item.ty == Type::Dynamic {
                    subqueries.push(json::array_items_subquery(s.d, &v, t));
                    continue;
                }
                items.push(fold(coerce(s.d, &v, item.ty, t)));
            }
        }
    }
    let lhs = fold(x);
    let mut parts = Vec::new();
    if !items.is_empty() {
        parts.push(format!("{lhs} IN ({})", items.join(", ")));
    }
    for q in subqueries {
        parts.push(format!("{lhs} IN ({q})"));
    }
    let any = if parts.is_empty() {
        "FALSE".to_string()
    } else {
        format!("({})", parts.join(" OR "))
    };
    Some(if neg {
        format!("(NOT COALESCE({any}, FALSE))")
    } else {
        format!("COALESCE({any}, FALSE)")
    })
}

/// A JSON scalar as a SQL literal of type `t`.
pub fn json_scalar_literal(d: Dialect, j: &serde_json::Value, t: Type) -> String {
    match j {
        serde_json::Value::String(x) => string_lit(d, x),
        serde_json::Value::Number(n) if t == Type::String => string_lit(d, &n.to_string()),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Bool(b) => b.to_string().to_uppercase(),
        serde_json::Value::Null => "NULL".into(),
        other => string_lit(d, &other.to_string()),
    }
}

fn window(
    func: WindowFunc,
    args: &[Expr],
    e: &Expr,
    s: &Scope,
    f: &mut Findings,
) -> Option<String> {
    let over = "OVER (ORDER BY __ord)";
    let arg = |i: usize, f: &mut Findings| args.get(i).and_then(|a| write(a, s, f));
    match func {
        WindowFunc::RowNumber if args.len() <= 1 => {
            let start = arg(0, f).unwrap_or_else(|| "1".into());
            Some(format!("(row_number() {over} + {start} - 1)"))
        }
        WindowFunc::Prev | WindowFunc::Next => {
            let name = if func == WindowFunc::Prev {
                "lag"
            } else {
                "lead"
            };
            let x = arg(0, f)?;
            let off = arg(1, f).unwrap_or_else(|| "1".into());
            let dflt = match arg(2, f) {
                Some(v) => v,
                None if e.ty == Type::String => "''".into(),
                None => "NULL".into(),
            };
            Some(format!("{name}({x}, {off}, {dflt}) {over}"))
        }
        WindowFunc::RowCumsum if args.len() == 1 => {
            let x = arg(0, f)?;
            Some(format!(
                "sum({x}) OVER (ORDER BY __ord ROWS UNBOUNDED PRECEDING)"
            ))
        }
        _ => {
            refuse(
                f,
                s.d,
                e.span,
                &format!("{func:?}"),
                "this window function with these arguments is not written in SQL",
            );
            None
        }
    }
}

/// `bin(x, size)`: `x` floored to a multiple of `size`.
pub fn bin(d: Dialect, x: &str, size: &str, ty: Type) -> String {
    match ty {
        Type::Real | Type::Decimal => format!("(floor({x} / {size}) * {size})"),
        _ => {
            let _ = d;
            floor_to(x, size)
        }
    }
}
