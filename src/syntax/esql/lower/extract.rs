//! `DISSECT` and `GROK` lowered to two projections: one appends
//! `esql_extract(input, pattern)` (every extracted column of the row at once), the
//! next spreads it into the output columns with `esql_pick`. As with `EVAL`, a column
//! of the same name is dropped and the new one appended at the end.
//!
//! Docs: <https://www.elastic.co/guide/en/elasticsearch/reference/current/esql-commands.html#esql-dissect>
//! (`APPEND_SEPARATOR`, append modifiers) and `#esql-grok` (several patterns).

use super::patterns::{self, Compiled};
use super::{expr, project};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::{Expr, Node};
use crate::source::Span;
use crate::syntax::esql::ast;
use crate::value::{Column, Type, Value};

/// `DISSECT input "pattern" [APPEND_SEPARATOR = "sep"]`.
pub fn dissect(
    node: Node,
    input: &ast::Expr,
    pattern: &ast::StringLit,
    options: &[ast::CommandOption],
    span: Span,
) -> Result<Node> {
    let mut separator = String::new();
    for o in options {
        if !o.name.name.eq_ignore_ascii_case("append_separator") {
            return Err(Diagnostic::new(
                Code::Unsupported,
                o.name.span,
                format!("unknown DISSECT option `{}`", o.name.name),
            )
            .with_help("DISSECT takes `APPEND_SEPARATOR = \"…\"`"));
        }
        match &o.value.kind {
            ast::ExprKind::Literal(ast::Literal::String(s)) => separator = s.clone(),
            _ => {
                return Err(Diagnostic::new(
                    Code::TypeMismatch,
                    o.value.span,
                    "APPEND_SEPARATOR takes a string",
                ));
            }
        }
    }
    let compiled = patterns::dissect(&pattern.value, &separator)
        .ok_or_else(|| unsupported_pattern(pattern.span, "DISSECT"))?;
    lower(node, input, &compiled, span)
}

/// `GROK input "pattern" [, "pattern" …]`.
pub fn grok(node: Node, input: &ast::Expr, ps: &[ast::StringLit], span: Span) -> Result<Node> {
    let texts: Vec<&str> = ps.iter().map(|p| p.value.as_str()).collect();
    let compiled = patterns::grok(&texts)
        .ok_or_else(|| unsupported_pattern(ps.first().map_or(span, |p| p.span), "GROK"))?;
    lower(node, input, &compiled, span)
}

fn lower(node: Node, input: &ast::Expr, compiled: &Compiled, span: Span) -> Result<Node> {
    let source = expr::scalar(input, &node.schema)?;
    let description = Expr::literal(Value::string(compiled.to_json()), Type::String, span);
    let extracted = expr::function("esql_extract", vec![source, description], span)?;
    let width = node.schema.len();
    let mut schema = node.schema.clone();
    schema.push(Column::new("$extracted", Type::Dynamic));
    let mut exprs: Vec<Expr> = (0..width)
        .map(|i| Expr::column(i, schema[i].ty, span))
        .collect();
    exprs.push(extracted);
    let with_all = project(node, exprs, schema.clone(), span);

    let mut exprs = Vec::new();
    let mut out = Vec::new();
    for (i, c) in schema[..width].iter().enumerate() {
        if compiled.columns.iter().any(|(n, _)| *n == c.name) {
            continue;
        }
        exprs.push(Expr::column(i, c.ty, span));
        out.push(c.clone());
    }
    for (k, (name, ty)) in compiled.columns.iter().enumerate() {
        let all = Expr::column(width, Type::Dynamic, span);
        let index = Expr::literal(Value::Long(k as i64), Type::Long, span);
        let mut pick = expr::function("esql_pick", vec![all, index], span)?;
        pick.ty = *ty;
        exprs.push(pick);
        out.push(Column::new(name.clone(), *ty));
    }
    Ok(project(with_all, exprs, out, span))
}

fn unsupported_pattern(span: Span, command: &str) -> Diagnostic {
    Diagnostic::new(
        Code::Unsupported,
        span,
        format!("this {command} pattern uses a feature kqlc does not support yet"),
    )
}
