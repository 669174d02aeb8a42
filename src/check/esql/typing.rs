//! Types of ES|QL columns and expressions, and the type errors of Elasticsearch's
//! verifier: comparing values of incompatible types (`keyword == integer`; a string
//! literal compared with a date, ip or version is cast implicitly), arithmetic on non-numbers, and function arguments
//! outside the types the function reference lists. Whatever has an unknown type (an
//! index field outside ECS and `--schema`) is not checked.

use super::signatures::{self, Need};
use super::types::{EsType, FieldTypes};
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::esql::ast::{BinaryOp, Expr, ExprKind, Literal, UnaryOp};
use std::collections::HashMap;

/// The column types at one point of a query.
pub struct Typing<'f> {
    /// Index field types (ECS, `--schema`).
    fields: &'f FieldTypes,
    /// Columns the query defined, with their types.
    columns: HashMap<String, EsType>,
    /// Whether index fields are still columns (not after `STATS`).
    index_visible: bool,
}

impl<'f> Typing<'f> {
    pub fn new(fields: &'f FieldTypes) -> Typing<'f> {
        Typing {
            fields,
            columns: HashMap::new(),
            index_visible: true,
        }
    }

    /// The type of column `name`.
    pub fn column(&self, name: &str) -> EsType {
        match self.columns.get(name) {
            Some(t) => *t,
            None if self.index_visible => self.fields.get(name),
            None => EsType::Unknown,
        }
    }

    /// Whether the query itself defined `name`.
    pub fn is_defined(&self, name: &str) -> bool {
        self.columns.contains_key(name)
    }

    /// The columns the query defined.
    pub fn defined(&self) -> impl Iterator<Item = &str> {
        self.columns.keys().map(String::as_str)
    }

    pub fn define(&mut self, name: &str, ty: EsType) {
        self.columns.insert(name.to_string(), ty);
    }

    pub fn rename(&mut self, old: &str, new: &str) {
        let ty = self.column(old);
        self.columns.remove(old);
        self.columns.insert(new.to_string(), ty);
    }

    /// After `STATS`: exactly these columns, no index field.
    pub fn replace_all(&mut self, columns: Vec<(String, EsType)>) {
        self.columns = columns.into_iter().collect();
        self.index_visible = false;
    }

    /// The type of an expression.
    pub fn infer(&self, e: &Expr) -> EsType {
        match &e.kind {
            ExprKind::Literal(l) => literal_type(l),
            ExprKind::Field(q) => self.column(&q.name),
            ExprKind::Array(items) => items.first().map_or(EsType::Null, |i| self.infer(i)),
            ExprKind::Call { name, args, .. } => {
                let types: Vec<EsType> = args.iter().map(|a| self.infer(a)).collect();
                signatures::result(&name.name, &types)
            }
            ExprKind::Unary { op, operand } => match op {
                UnaryOp::Neg | UnaryOp::Plus => self.infer(operand),
            },
            ExprKind::Not(_)
            | ExprKind::IsNull { .. }
            | ExprKind::Like { .. }
            | ExprKind::In { .. }
            | ExprKind::Match { .. } => EsType::Boolean,
            ExprKind::Binary { op, lhs, rhs } => binary_type(*op, self.infer(lhs), self.infer(rhs)),
            ExprKind::Cast { ty, .. } => EsType::from_name(&ty.name),
            ExprKind::Paren(inner) => self.infer(inner),
            ExprKind::Param(_) | ExprKind::Map(_) | ExprKind::Star => EsType::Unknown,
        }
    }

    /// Reports the type errors in `e` (its sub-expressions first); `text` is the query.
    pub fn check(&self, e: &Expr, text: &str, findings: &mut Vec<Diagnostic>) {
        for child in super::exprs::children(e) {
            self.check(child, text, findings);
        }
        let quote = |e: &Expr| text.get(e.span.range()).unwrap_or("").to_string();
        let finding = match &e.kind {
            ExprKind::Binary { op, lhs, rhs } => self.binary(*op, lhs, rhs, &quote(e), &quote),
            ExprKind::Call { name, args, .. } => {
                self.arguments(&name.name, args, &quote(e), &quote)
            }
            ExprKind::Like { operand, .. } => {
                self.argument(operand, 0, Need::String, &quote(e), &quote)
            }
            _ => None,
        };
        findings.extend(finding.map(|m| Diagnostic::new(Code::EsqlTypeMismatch, e.span, m)));
    }

    /// The error of `lhs op rhs`, if its operand types do not go together.
    fn binary(
        &self,
        op: BinaryOp,
        lhs: &Expr,
        rhs: &Expr,
        whole: &str,
        quote: &dyn Fn(&Expr) -> String,
    ) -> Option<String> {
        let (l, r) = (self.infer(lhs), self.infer(rhs));
        match op {
            BinaryOp::Eq
            | BinaryOp::NotEq
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge => {
                // A string literal compared with a date, ip or version is cast to it.
                let castable = |t: EsType| matches!(t, EsType::Date | EsType::Ip | EsType::Version);
                let cast = (is_string_literal(lhs) && castable(r))
                    || (is_string_literal(rhs) && castable(l));
                let first = if l.is_numeric() { "numeric" } else { l.name() };
                (l.is_known() && r.is_known() && !comparable(l, r) && !cast).then(|| {
                    format!(
                        "first argument of [{whole}] is [{first}] so second argument must also be [{first}] but was [{}]",
                        r.name()
                    )
                })
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
                // An operand no arithmetic takes is reported by position, as the
                // verifier does; two valid operands that do not combine, together.
                let bad = |t: EsType| {
                    t.is_string() || matches!(t, EsType::Boolean | EsType::Ip | EsType::Version)
                };
                let accepted = match op {
                    BinaryOp::Add | BinaryOp::Sub => "datetime or numeric",
                    _ => "numeric",
                };
                let positional = [(lhs, l), (rhs, r)]
                    .into_iter()
                    .enumerate()
                    .find(|(_, (_, t))| bad(*t))
                    .map(|(i, (x, t))| {
                        format!(
                            "{} argument of [{whole}] must be [{accepted}], found value [{}] type [{}]",
                            ordinal(i),
                            quote(x),
                            t.name()
                        )
                    });
                let together =
                    l.is_known() && r.is_known() && binary_type(op, l, r) == EsType::Unknown;
                positional.or_else(|| {
                    together.then(|| {
                        format!(
                            "[{}] has arguments with incompatible types [{}] and [{}]",
                            symbol(op),
                            l.name(),
                            r.name()
                        )
                    })
                })
            }
            _ => None,
        }
    }

    /// The first argument of a call outside its parameter's types.
    fn arguments(
        &self,
        function: &str,
        args: &[Expr],
        whole: &str,
        quote: &dyn Fn(&Expr) -> String,
    ) -> Option<String> {
        signatures::parameters(function, args.len())
            .into_iter()
            .find_map(|(i, need)| self.argument(&args[i], i, need, whole, quote))
    }

    /// The error of argument `i` when its type is known and not what `need` accepts (a
    /// string literal where a date or ip is needed is cast implicitly).
    fn argument(
        &self,
        arg: &Expr,
        i: usize,
        need: Need,
        whole: &str,
        quote: &dyn Fn(&Expr) -> String,
    ) -> Option<String> {
        let ty = self.infer(arg);
        let cast = is_string_literal(arg) && matches!(need, Need::Date | Need::Ip);
        (ty.is_known() && !need.accepts(ty) && !cast).then(|| {
            format!(
                "{} argument of [{whole}] must be [{}], found value [{}] type [{}]",
                ordinal(i),
                need.text(),
                quote(arg),
                ty.name()
            )
        })
    }
}

fn literal_type(l: &Literal) -> EsType {
    match l {
        Literal::Null => EsType::Null,
        Literal::Bool(_) => EsType::Boolean,
        Literal::Integer(i) if i32::try_from(*i).is_ok() => EsType::Integer,
        Literal::Integer(_) => EsType::Long,
        Literal::UnsignedLong(_) => EsType::UnsignedLong,
        Literal::Decimal(_) => EsType::Double,
        Literal::String(_) => EsType::Keyword,
        Literal::TimeSpan { .. } => EsType::Duration,
    }
}

fn is_string_literal(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Literal(Literal::String(_)) => true,
        ExprKind::Paren(inner) => is_string_literal(inner),
        _ => false,
    }
}

/// Whether values of `a` and `b` may be compared: the same type, two numbers or two strings.
fn comparable(a: EsType, b: EsType) -> bool {
    a == b || (a.is_numeric() && b.is_numeric()) || (a.is_string() && b.is_string())
}

/// The type of arithmetic on `l` and `r`; `Unknown` when they do not go together (or
/// either is unknown).
fn binary_type(op: BinaryOp, l: EsType, r: EsType) -> EsType {
    use EsType::*;
    match op {
        BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod => {
            match (l, r) {
                (Date, Duration) | (Duration, Date) if matches!(op, BinaryOp::Add) => Date,
                (Date, Duration) if matches!(op, BinaryOp::Sub) => Date,
                (Duration, Duration) if matches!(op, BinaryOp::Add | BinaryOp::Sub) => Duration,
                (Double, x) | (x, Double) if x.is_numeric() => Double,
                (UnsignedLong, x) | (x, UnsignedLong) if x.is_numeric() => UnsignedLong,
                (Long, x) | (x, Long) if x.is_numeric() => Long,
                (Integer, Integer) => Integer,
                _ => Unknown,
            }
        }
        _ => Boolean,
    }
}

fn symbol(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => "+",
        BinaryOp::Sub => "-",
        BinaryOp::Mul => "*",
        BinaryOp::Div => "/",
        _ => "%",
    }
}

/// `first`, `second`, … as Elasticsearch's messages count parameters.
fn ordinal(i: usize) -> &'static str {
    ["first", "second", "third", "fourth", "fifth"]
        .get(i)
        .copied()
        .unwrap_or("an")
}
