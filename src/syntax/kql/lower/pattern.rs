//! The pattern statement (pattern-statement page): `declare pattern` binds each entry's
//! query under its arguments and path; `name(args).path` (or `name(args)` without a
//! path) runs the entry whose values match.

use super::expr::Input;
use super::scope::{Binding, Scope};
use super::{Lowerer, Tab};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::source::Span;
use crate::syntax::kql::ast;
use std::cell::RefCell;

/// The scope name of a pattern's entry (a character no query can write keeps it apart
/// from the query's names).
fn entry_key(pattern: &str, args: &[String], path: Option<&str>) -> String {
    let mut key = format!("\u{1}pattern\u{1}{pattern}");
    for a in args.iter().map(String::as_str).chain(path) {
        key.push('\u{1}');
        key.push_str(a);
    }
    key
}

impl<'c> Lowerer<'c> {
    /// Binds each entry of `declare pattern name = … { … }` as a function without
    /// parameters, under its pattern's name, argument values and path.
    pub(super) fn declare_pattern<'a>(
        &self,
        scope: &Scope<'a>,
        name: &'a ast::Ident,
        entries: &'a [ast::PatternEntry],
    ) -> Result<Scope<'a>> {
        self.patterns.borrow_mut().push(name.name.clone());
        let mut out = scope.clone();
        for entry in entries {
            let args = self.pattern_values(&entry.args, scope)?;
            let path = match &entry.path {
                Some(p) => Some(self.pattern_value(p, scope)?),
                None => None,
            };
            let binding = Binding::Function {
                def: &entry.body,
                scope: scope.clone(),
                used: RefCell::new(true),
            };
            out = out.with(&entry_key(&name.name, &args, path.as_deref()), binding);
        }
        Ok(out)
    }

    /// The constant values of a pattern's arguments, as text to match.
    fn pattern_values<'a>(&self, args: &'a [ast::Expr], scope: &Scope<'a>) -> Result<Vec<String>> {
        args.iter().map(|a| self.pattern_value(a, scope)).collect()
    }

    /// One constant argument or path as text: the pattern's entries and invocations
    /// match on these values.
    fn pattern_value<'a>(&self, e: &'a ast::Expr, scope: &Scope<'a>) -> Result<String> {
        let lowered = self.scalar(e, &Input::none(), scope)?;
        match lowered.as_literal() {
            Some(v) => Ok(v.to_kusto_string()),
            None => Err(Diagnostic::new(
                Code::TypeMismatch,
                e.span,
                "a pattern's arguments and path are constants",
            )),
        }
    }

    /// Whether `e` calls a declared pattern (`name(args)`).
    pub(crate) fn is_pattern_call(&self, e: &ast::Expr) -> bool {
        match &e.kind {
            ast::ExprKind::Call { name, .. } => self.patterns.borrow().contains(&name.name),
            _ => false,
        }
    }

    /// `name(args).path` or `name(args)` when `name` is a declared pattern: the
    /// matching entry's query; `None` when `name` is not a pattern.
    pub(crate) fn pattern_invocation<'a>(
        &self,
        name: &'a ast::Ident,
        args: &'a [ast::Arg],
        path: Option<&'a ast::Ident>,
        span: Span,
        scope: &Scope<'a>,
    ) -> Option<Result<Tab>> {
        if !self.patterns.borrow().contains(&name.name) {
            return None;
        }
        let values = args
            .iter()
            .map(|a| self.pattern_value(&a.value, scope))
            .collect::<Result<Vec<_>>>();
        Some(values.and_then(|values| {
            let path = path.map(|p| p.name.as_str());
            if path == Some("*") || values.iter().any(|v| v == "*") {
                return Err(Diagnostic::new(
                    Code::Unsupported,
                    span,
                    "kqlc cannot run a pattern invocation with the `*` wildcard yet",
                ));
            }
            let key = entry_key(&name.name, &values, path);
            let Some(binding) = scope.get(&key) else {
                return Err(Diagnostic::new(
                    Code::UnknownTable,
                    span,
                    format!("pattern `{}` has no entry for these values", name.name),
                ));
            };
            match &*binding {
                Binding::Function { def, scope, .. } => {
                    let (scope, result) = self.function_body(def, scope)?;
                    self.tabular(result, &scope)
                }
                _ => Err(Diagnostic::new(
                    Code::UnknownTable,
                    span,
                    format!("`{}` is not a pattern", name.name),
                )),
            }
        }))
    }
}
