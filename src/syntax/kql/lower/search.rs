//! `search` (search-operator): rows for which a search predicate holds, with the name of
//! their table first, in a `$table` column.
//!
//! In a search predicate a string literal standing alone is a term over every column:
//! `"err"` is `* has "err"`, `"*err"` hassuffix, `"err*"` hasprefix, `"*err*"` contains,
//! and a star inside (`"e*r"`) a regular expression; a lone `*` is true. `and`, `or`
//! and parentheses keep these rules; anything else is an ordinary expression
//! (Kusto.Language's `SearchPredicateBinder`). `kind=case_sensitive` makes the terms
//! case-sensitive.

use super::expr::Input;
use super::scope::Scope;
use super::{Lowerer, Tab};
use crate::diagnostic::Result;
use crate::plan::{Expr, Op};
use crate::source::Span;
use crate::syntax::kql::ast::{self, StringOp, StringOpKind};
use crate::value::{Column, Type, Value};

/// The column naming each row's table.
const TABLE_COLUMN: &str = "$table";

impl Lowerer<'_> {
    /// `search [kind=…] in (T1, T2*, …) predicate`: the union of the tables, labelled;
    /// without `in`, every table of the run.
    pub(super) fn search_in<'a>(
        &self,
        params: &'a [ast::OpParam],
        tables: &[ast::Ident],
        predicate: &'a ast::Expr,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let inputs = self.tables_of(tables, span, scope)?;
        let union = self.union_of(inputs, false, Some(TABLE_COLUMN.to_string()), span);
        self.search_where(union, params, predicate, span, scope)
    }

    /// `T | search [kind=…] predicate`: `$table` is the input's table when it is read
    /// straight from one, else empty.
    pub(super) fn search_piped<'a>(
        &self,
        tab: Tab,
        params: &'a [ast::OpParam],
        predicate: &'a ast::Expr,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let table = match &tab.node.op {
            Op::Scan(scan) => scan.table.clone(),
            _ => String::new(),
        };
        let mut schema = vec![Column::new(TABLE_COLUMN, Type::String)];
        schema.extend(tab.node.schema.iter().cloned());
        let mut exprs = vec![Expr::literal(Value::string(table), Type::String, span)];
        exprs.extend(tab.column_exprs(span));
        let open = tab.open.clone();
        let labelled = tab.project(exprs, schema, span, open);
        self.search_where(labelled, params, predicate, span, scope)
    }

    pub(super) fn search_where<'a>(
        &self,
        tab: Tab,
        params: &'a [ast::OpParam],
        predicate: &'a ast::Expr,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let case_sensitive = params.iter().any(|p| {
            p.name.name == "kind"
                && matches!(&p.value.kind, ast::ExprKind::Name(n) if n.name == "case_sensitive")
        });
        let predicate =
            self.search_predicate(predicate, &Input::of(&tab), scope, case_sensitive)?;
        Ok(tab.filter(predicate, span))
    }

    fn search_predicate<'a>(
        &self,
        e: &'a ast::Expr,
        input: &Input,
        scope: &Scope<'a>,
        case_sensitive: bool,
    ) -> Result<Expr> {
        use ast::ExprKind as K;
        match &e.kind {
            K::Literal(ast::Literal::String(term)) => {
                let (op, needle) = term_operator(term, case_sensitive);
                let needle = Expr::literal(Value::string(needle), Type::String, e.span);
                Ok(self.any_column(op, needle, input, e.span))
            }
            K::Star => Ok(Expr::literal(Value::Bool(true), Type::Bool, e.span)),
            K::Paren(inner) => self.search_predicate(inner, input, scope, case_sensitive),
            K::Binary {
                op: op @ (ast::BinaryOp::And | ast::BinaryOp::Or),
                lhs,
                rhs,
            } => {
                let l = self.search_predicate(lhs, input, scope, case_sensitive)?;
                let r = self.search_predicate(rhs, input, scope, case_sensitive)?;
                Ok(self.binary(*op, l, r, e.span))
            }
            _ => self.scalar(e, input, scope),
        }
    }
}

/// The string operator a search term stands for, and what it looks for.
fn term_operator(term: &str, case_sensitive: bool) -> (ast::BinaryOp, String) {
    let inner = term.trim_matches('*');
    let (kind, needle) = if inner.contains('*') {
        let pattern: Vec<String> = inner.split('*').map(regex::escape).collect();
        let flags = if case_sensitive { "" } else { "(?i)" };
        (
            StringOpKind::MatchesRegex,
            format!("{flags}{}", pattern.join(".*")),
        )
    } else {
        let kind = match (term.starts_with('*'), term.ends_with('*') && term.len() > 1) {
            (true, true) => StringOpKind::Contains,
            (true, false) => StringOpKind::HasSuffix,
            (false, true) => StringOpKind::HasPrefix,
            (false, false) => StringOpKind::Has,
        };
        (kind, inner.to_string())
    };
    let op = StringOp {
        kind,
        negated: false,
        case_sensitive,
    };
    (ast::BinaryOp::Str(op), needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(term: &str) -> (StringOpKind, String) {
        match term_operator(term, false) {
            (ast::BinaryOp::Str(op), needle) => (op.kind, needle),
            _ => unreachable!("terms are string operators"),
        }
    }

    /// search-operator docs, "Search predicate syntax": where the stars are decides the operator.
    #[test]
    fn star_placement_chooses_the_string_operator() {
        assert_eq!(kind("billg"), (StringOpKind::Has, "billg".into()));
        assert_eq!(kind("*billg"), (StringOpKind::HasSuffix, "billg".into()));
        assert_eq!(kind("billg*"), (StringOpKind::HasPrefix, "billg".into()));
        assert_eq!(kind("*billg*"), (StringOpKind::Contains, "billg".into()));
        assert_eq!(
            kind("bi*lg"),
            (StringOpKind::MatchesRegex, "(?i)bi.*lg".into())
        );
        assert_eq!(
            kind("a.b*c"),
            (StringOpKind::MatchesRegex, r"(?i)a\.b.*c".into())
        );
    }
}
