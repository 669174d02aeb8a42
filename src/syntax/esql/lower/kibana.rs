//! `KQL("…")` in an ES|QL `WHERE`: the Kibana query lowered to plan expressions over
//! the index's columns. A field the index lacks matches nothing (as in Elasticsearch);
//! each condition is true or false, never null, so `not` negates it as Kibana does.

use super::expr::{field, function};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::{BinaryOp, Expr, ExprKind};
use crate::source::Span;
use crate::syntax::esql::ast;
use crate::syntax::esql::kibana_query::{self, KibanaQuery};
use crate::value::{Column, Type, Value};

/// Lowers the string argument of `KQL(…)`.
pub fn kql_filter(arg: &ast::Expr, schema: &[Column], span: Span) -> Result<Expr> {
    let ast::ExprKind::Literal(ast::Literal::String(text)) = &arg.kind else {
        return Err(Diagnostic::new(
            Code::TypeMismatch,
            arg.span,
            "KQL() takes the query as a string literal",
        ));
    };
    let query = kibana_query::parse(text).map_err(|message| {
        Diagnostic::new(Code::SyntaxError, arg.span, message)
            .with_help("Kibana queries are `field : value`, joined with `and`, `or`, `not`")
    })?;
    lower(&query, schema, span)
}

fn lower(q: &KibanaQuery, schema: &[Column], span: Span) -> Result<Expr> {
    match q {
        KibanaQuery::And(l, r) => Ok(both(
            BinaryOp::And,
            lower(l, schema, span)?,
            lower(r, schema, span)?,
            span,
        )),
        KibanaQuery::Or(l, r) => Ok(both(
            BinaryOp::Or,
            lower(l, schema, span)?,
            lower(r, schema, span)?,
            span,
        )),
        KibanaQuery::Not(inner) => function("not", vec![lower(inner, schema, span)?], span),
        KibanaQuery::Match {
            field: name,
            value,
            quoted,
        } => leaf(name, schema, span, |column| {
            let pattern = Expr::literal(Value::string(value.clone()), Type::String, span);
            let quoted = Expr::literal(Value::Bool(*quoted), Type::Bool, span);
            function("esql_kibana_match", vec![column, pattern, quoted], span)
        }),
        KibanaQuery::Exists(name) => leaf(name, schema, span, |column| {
            function("isnotnull", vec![column], span)
        }),
        KibanaQuery::Range {
            field: name,
            op,
            value,
        } => leaf(name, schema, span, |column| {
            let bound = Expr::literal(Value::string(value.clone()), Type::String, span);
            let op = Expr::literal(Value::string(*op), Type::String, span);
            function("esql_kibana_range", vec![column, op, bound], span)
        }),
    }
}

/// A condition on one field: false when the index has no such column.
fn leaf(
    name: &str,
    schema: &[Column],
    span: Span,
    make: impl FnOnce(Expr) -> Result<Expr>,
) -> Result<Expr> {
    match field(name, span, schema) {
        Ok(column) => make(column),
        Err(_) => Ok(Expr::literal(Value::Bool(false), Type::Bool, span)),
    }
}

fn both(op: BinaryOp, lhs: Expr, rhs: Expr, span: Span) -> Expr {
    Expr {
        ty: Type::Bool,
        kind: ExprKind::Binary {
            op,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
        span,
    }
}
