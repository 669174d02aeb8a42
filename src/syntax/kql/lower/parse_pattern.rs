//! Lowering `parse` / `parse-where`: the pattern becomes one anchored regex with one
//! capture group per named column.

use super::expr::Input;
use super::scope::Scope;
use super::sources::{fresh_name, named_type};
use super::{Lowerer, Tab};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::Op;
use crate::plan::tabular::parse::Parse;
use crate::source::Span;
use crate::syntax::kql::ast::{self, ParseKind, ParsePart};
use crate::value::{Column, Type};

impl<'c> Lowerer<'c> {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn parse<'a>(
        &self,
        tab: Tab,
        word_kind: ParseKind,
        params: &[ast::OpParam],
        source: &'a ast::Expr,
        pattern: &[ParsePart],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let source = self.scalar(source, &Input::of(&tab), scope)?;
        let drop_unmatched = word_kind == ParseKind::Where;
        // `parse-where kind=regex …` parses like `parse kind=regex`, dropping unmatched rows.
        let kind = match (word_kind, param_word(params, "kind")) {
            (ParseKind::Where, Some("regex")) => ParseKind::Regex,
            (ParseKind::Where, Some("relaxed")) => ParseKind::Relaxed,
            (ParseKind::Where, _) => ParseKind::Simple,
            (k, _) => k,
        };
        // Regex flags (parse-operator docs): i ignore case, s dot matches newline, m
        // multi-line, U ungreedy.
        let flags: String = param_word(params, "flags")
            .unwrap_or("")
            .chars()
            .filter(|c| "imsU".contains(*c))
            .collect();
        let mut regex = format!("(?s{flags})^");
        let mut schema = tab.schema().to_vec();
        let mut columns = Vec::new();
        for (i, part) in pattern.iter().enumerate() {
            let last = i + 1 == pattern.len();
            match part {
                ParsePart::Literal(text, _) if kind == ParseKind::Regex => regex.push_str(text),
                ParsePart::Literal(text, _) => regex.push_str(&regex::escape(text)),
                ParsePart::Wildcard(_) => regex.push_str(if last || kind == ParseKind::Regex {
                    ".*"
                } else {
                    ".*?"
                }),
                ParsePart::Column { name, ty } => {
                    let ty = match ty {
                        Some(t) => named_type(t)?,
                        None => Type::String,
                    };
                    regex.push_str(capture_for(ty, last, kind));
                    schema.push(Column::new(fresh_name(&name.name, &schema), ty));
                    columns.push(ty);
                }
            }
        }
        if let Err(e) = regex::Regex::new(&regex) {
            return Err(Diagnostic::new(
                Code::InvalidRegex,
                span,
                format!("the parse pattern is not a valid regular expression: {e}"),
            ));
        }
        let open = tab.open.clone();
        let op = Parse {
            input: Box::new(tab.node),
            source,
            regex,
            columns,
            drop_unmatched,
            span,
        };
        Ok(Tab::new(Op::Parse(op), schema, span, open))
    }
}

/// The capture group of a column: numbers only match numbers (so the pattern
/// backtracks past text), strings take the shortest run, or the rest when last; in
/// `kind=regex` the parts are regex text and captures are greedy (parse-operator docs).
fn capture_for(ty: Type, last: bool, kind: ParseKind) -> &'static str {
    match (ty, last) {
        (Type::String | Type::Dynamic, _) if kind == ParseKind::Regex => "(.*)",
        (Type::Int | Type::Long, _) if kind != ParseKind::Relaxed => r"([-+]?\d+)",
        (Type::Real | Type::Decimal, _) if kind != ParseKind::Relaxed => {
            r"([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"
        }
        (_, true) => "(.*)",
        _ => "(.*?)",
    }
}

/// The word value of a `name=word` operator parameter.
fn param_word<'p>(params: &'p [ast::OpParam], name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|p| p.name.name == name)
        .and_then(|p| match &p.value.kind {
            ast::ExprKind::Name(n) => Some(n.name.as_str()),
            ast::ExprKind::Literal(ast::Literal::String(s)) => Some(s.as_str()),
            _ => None,
        })
}
