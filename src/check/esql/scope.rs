//! The columns in scope at one point of an ES|QL query, as far as a check can know them.
//!
//! `FROM` reads an index whose mapping kqlc does not have: its schema is *open*, any
//! field name may exist. A name read from it becomes a known column. Commands that fix
//! the columns (`STATS`, `KEEP`) close the scope, and from then on only what the query
//! itself defined exists. `DROP` and `RENAME` remove names even from an open scope.

use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::source::Span;

/// Does `name` fit a `KEEP`/`DROP` pattern with `*` wildcards?
pub fn fits(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return pattern == name;
    };
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// The columns known at one point, and the names that may still exist unseen.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Names known to exist, in no particular order.
    columns: Vec<String>,
    /// Patterns of index fields that may exist without having been seen (`*` after `FROM`).
    open: Vec<String>,
    /// Patterns of names removed by `DROP`/`RENAME` (they no longer exist, even if open).
    gone: Vec<String>,
    /// The command that fixed the columns (`STATS`, `KEEP`) and what it keeps, for the
    /// label of an unknown column.
    fixed_by: Option<(Span, &'static str)>,
    /// Index fields this scope discovered (read while open), with where each was read
    /// first; for editors, which offer the fields a query mentions.
    discovered: Vec<(String, Span)>,
}

impl Scope {
    /// The scope after `FROM`: any field but the metadata ones not asked for.
    pub fn index(metadata: &[String], hidden: &[&str]) -> Scope {
        Scope {
            columns: metadata.to_vec(),
            open: vec!["*".to_string()],
            fixed_by: None,
            discovered: Vec::new(),
            gone: hidden
                .iter()
                .filter(|h| !metadata.iter().any(|m| m == *h))
                .map(|h| (*h).to_string())
                .collect(),
        }
    }

    /// A scope of exactly these columns.
    pub fn closed(columns: Vec<String>) -> Scope {
        let mut scope = Scope::default();
        for c in columns {
            scope.define(c);
        }
        scope
    }

    /// Records the command that fixed the columns, and what it keeps.
    pub fn fixed_by(mut self, span: Span, what: &'static str) -> Scope {
        self.fixed_by = Some((span, what));
        self
    }

    /// The known columns.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Whether unseen fields may exist (the scope is not fixed yet).
    pub fn is_open(&self) -> bool {
        !self.open.is_empty()
    }

    /// Lets any field exist again (after `LOOKUP JOIN` or `ENRICH` of unknown fields).
    pub fn reopen(&mut self) {
        self.open = vec!["*".to_string()];
        self.gone.clear();
    }

    /// Takes the log of index fields discovered since the last call.
    pub fn take_discovered(&mut self) -> Vec<(String, Span)> {
        std::mem::take(&mut self.discovered)
    }

    /// Whether `name` may be an index field not seen yet.
    pub fn may_exist(&self, name: &str) -> bool {
        self.open.iter().any(|p| fits(p, name)) && !self.gone.iter().any(|p| fits(p, name))
    }

    /// Resolves a column reference: known, or discovered in an open scope, or an
    /// `unknown column` error with a did-you-mean.
    pub fn resolve(&mut self, name: &str, span: Span) -> Result<(), Diagnostic> {
        if self.columns.iter().any(|c| c == name) {
            return Ok(());
        }
        if self.may_exist(name) {
            self.columns.push(name.to_string());
            self.discovered.push((name.to_string(), span));
            return Ok(());
        }
        Err(self.unknown(name, span))
    }

    /// The `unknown column` error for `name`, with the nearest known name.
    pub fn unknown(&self, name: &str, span: Span) -> Diagnostic {
        let d = Diagnostic::new(
            Code::EsqlUnknownColumn,
            span,
            format!("unknown column `{name}`"),
        );
        let d = match did_you_mean(name, self.columns.iter().map(String::as_str)) {
            Some(best) => d.with_help(format!("did you mean `{best}`?")),
            None => d,
        };
        let d = match self.fixed_by {
            Some((at, what)) if !self.is_open() => d.with_label(at, what),
            _ => d,
        };
        if self.gone.iter().any(|p| fits(p, name)) {
            return d.with_note("an earlier DROP or RENAME removed it");
        }
        d
    }

    /// Defines (or redefines) a column: `EVAL`, `DISSECT`, `GROK`, `ENRICH … WITH`.
    pub fn define(&mut self, name: String) {
        self.columns.retain(|c| *c != name);
        self.columns.push(name);
    }

    /// `KEEP patterns`: only the columns a pattern names stay; the scope closes,
    /// except to unseen fields a wildcard pattern may fit.
    pub fn keep(&mut self, patterns: &[(String, Span)], span: Span) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        for (p, span) in patterns {
            if !p.contains('*') {
                if let Err(e) = self.resolve(p, *span) {
                    errors.push(e);
                }
            } else if !self.columns.iter().any(|c| fits(p, c)) && !self.is_open() {
                errors.push(no_match(p, *span));
            }
        }
        self.columns
            .retain(|c| patterns.iter().any(|(p, _)| fits(p, c)));
        if self.is_open() {
            self.open = patterns
                .iter()
                .filter(|(p, _)| p.contains('*'))
                .map(|(p, _)| p.clone())
                .collect();
        }
        self.fixed_by = Some((span, "KEEP keeps only the columns it names"));
        errors
    }

    /// `DROP patterns`: the columns a pattern names go, unseen fields too.
    pub fn drop(&mut self, patterns: &[(String, Span)]) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        for (p, span) in patterns {
            let matched = self.columns.iter().any(|c| fits(p, c));
            if !matched && !p.contains('*') && !self.may_exist(p) {
                errors.push(self.unknown(p, *span));
            } else if !matched && p.contains('*') && !self.is_open() {
                errors.push(no_match(p, *span));
            }
        }
        self.columns
            .retain(|c| !patterns.iter().any(|(p, _)| fits(p, c)));
        if self.is_open() {
            self.gone.extend(patterns.iter().map(|(p, _)| p.clone()));
        }
        errors
    }

    /// `RENAME old AS new`: `old` must exist; `new` replaces a column of that name.
    pub fn rename(&mut self, old: &str, old_span: Span, new: &str) -> Result<(), Diagnostic> {
        self.resolve(old, old_span)?;
        self.columns.retain(|c| c != old);
        if self.is_open() {
            self.gone.push(old.to_string());
        }
        self.define(new.to_string());
        Ok(())
    }
}

/// A wildcard pattern of `KEEP`/`DROP` that matches no column (Elasticsearch: "No
/// matches found for pattern").
fn no_match(pattern: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::EsqlUnknownColumn,
        span,
        format!("no column matches the pattern `{pattern}`"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span() -> Span {
        Span::new(0, 0)
    }

    #[test]
    fn wildcards_fit_any_run_of_characters() {
        assert!(fits("Esql.*", "Esql.event_count"));
        assert!(fits("*", "anything"));
        assert!(fits("*_id", "user_id"));
        assert!(fits("a*b*c", "axxbyyc"));
        assert!(!fits("a*b", "ab_c"));
        assert!(fits("host.name", "host.name"));
        assert!(!fits("host.name", "host.names"));
    }

    #[test]
    fn an_open_scope_discovers_fields_a_closed_one_rejects_them() {
        let mut open = Scope::index(&[], &["_id"]);
        assert!(open.resolve("user.name", span()).is_ok());
        assert!(open.resolve("_id", span()).is_err());
        let mut closed = Scope::closed(vec!["Esql.event_count".to_string()]);
        let error = closed.resolve("Esql.evnt_count", span()).err();
        assert_eq!(
            error.and_then(|e| e.help),
            Some("did you mean `Esql.event_count`?".to_string())
        );
    }

    #[test]
    fn keep_closes_the_scope_and_drop_removes_even_unseen_fields() {
        let mut scope = Scope::index(&[], &[]);
        assert!(scope.keep(&[("a".to_string(), span())], span()).is_empty());
        assert!(scope.resolve("b", span()).is_err());
        let mut scope = Scope::index(&[], &[]);
        assert!(scope.drop(&[("b".to_string(), span())]).is_empty());
        assert!(scope.resolve("b", span()).is_err());
        assert!(scope.resolve("c", span()).is_ok());
    }

    #[test]
    fn a_wildcard_matching_nothing_is_an_error_in_a_closed_scope() {
        let mut scope = Scope::closed(vec!["a".to_string()]);
        assert_eq!(scope.keep(&[("x*".to_string(), span())], span()).len(), 1);
        let mut open = Scope::index(&[], &[]);
        assert!(open.keep(&[("x*".to_string(), span())], span()).is_empty());
        assert!(open.resolve("x.y", span()).is_ok());
        assert!(open.resolve("y", span()).is_err());
    }

    #[test]
    fn rename_moves_a_name() {
        let mut scope = Scope::index(&[], &[]);
        assert!(scope.rename("a", span(), "b").is_ok());
        assert!(scope.resolve("b", span()).is_ok());
        assert!(scope.resolve("a", span()).is_err());
    }
}
