//! Lowering `parse` / `parse-where`: the pattern becomes one anchored regex with one
//! capture group per named column.

use super::expr::Input;
use super::scope::Scope;
use super::sources::fresh_name;
use super::{Lowerer, Tab};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::ops::parse::Parse;
use crate::plan::Op;
use crate::source::Span;
use crate::syntax::kql::ast::{self, ParseKind, ParsePart};
use crate::value::{Column, Type};

impl<'c> Lowerer<'c> {
    pub(crate) fn parse<'a>(
        &self,
        tab: Tab,
        kind: ParseKind,
        source: &'a ast::Expr,
        pattern: &[ParsePart],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let source = self.scalar(source, &Input::of(&tab), scope)?;
        let mut regex = String::from("(?s)^");
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
                        Some(t) => Type::from_name(&t.name).ok_or_else(|| {
                            Diagnostic::new(
                                Code::TypeMismatch,
                                t.span,
                                format!("unknown type `{}`", t.name),
                            )
                        })?,
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
            drop_unmatched: kind == ParseKind::Where,
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
