//! Every name an ES|QL query writes, with what it is there: a column read, a column
//! made, a `KEEP`/`DROP` pattern, a function called, a metadata field. Hover finds
//! the name under the cursor here.

use crate::check::esql::exprs::children;
use crate::source::Span;
use crate::syntax::esql::ast::{self, CommandKind, ExprKind, SourceKind};

/// What a written name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A column read (`WHERE x > 1`, `RENAME x AS y`'s `x`, `MV_EXPAND x`).
    Column,
    /// A column made (`EVAL x = …`, `RENAME … AS x`, `STATS x = …`).
    Defines,
    /// A `KEEP`/`DROP` pattern (`Esql.*`, or a plain name).
    Pattern { keep: bool },
    /// A called function's name.
    Function,
    /// A field of `FROM … METADATA`.
    Metadata,
}

/// One written name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub span: Span,
    pub role: Role,
}

/// The innermost name at `offset` (from its first character to just after its last).
pub fn name_at(query: &ast::Query, offset: usize) -> Option<Name> {
    names(query)
        .into_iter()
        .filter(|n| (n.span.start as usize) <= offset && offset <= n.span.end as usize)
        .min_by_key(|n| n.span.end - n.span.start)
}

/// Every name of a query, in no particular order.
pub fn names(query: &ast::Query) -> Vec<Name> {
    let mut out = Names(Vec::new());
    out.source(&query.source);
    for command in &query.commands {
        out.command(&command.kind);
    }
    out.0
}

struct Names(Vec<Name>);

impl Names {
    fn push(&mut self, text: &str, span: Span, role: Role) {
        self.0.push(Name {
            text: text.to_string(),
            span,
            role,
        });
    }

    fn source(&mut self, source: &ast::SourceCommand) {
        match &source.kind {
            SourceKind::From { metadata, .. } => {
                for m in metadata {
                    self.push(&m.name, m.span, Role::Metadata);
                }
            }
            SourceKind::Row(fields) => fields.iter().for_each(|f| self.field(f)),
            SourceKind::Show(_) => {}
        }
    }

    fn command(&mut self, kind: &CommandKind) {
        match kind {
            CommandKind::Where(e) | CommandKind::Sample(e) | CommandKind::Limit(e) => self.expr(e),
            CommandKind::Eval(fields) => fields.iter().for_each(|f| self.field(f)),
            CommandKind::Stats(stats) | CommandKind::InlineStats(stats) => {
                for a in &stats.aggregates {
                    self.field(&a.field);
                    if let Some(filter) = &a.filter {
                        self.expr(filter);
                    }
                }
                stats.groups.iter().for_each(|g| self.field(g));
            }
            CommandKind::Keep(patterns) | CommandKind::Drop(patterns) => {
                let keep = matches!(kind, CommandKind::Keep(_));
                for p in patterns {
                    self.push(&p.pattern, p.span, Role::Pattern { keep });
                }
            }
            CommandKind::Rename(renames) => {
                for r in renames {
                    self.push(&r.old.pattern, r.old.span, Role::Column);
                    self.push(&r.new.pattern, r.new.span, Role::Defines);
                }
            }
            CommandKind::Sort(keys) => keys.iter().for_each(|k| self.expr(&k.expr)),
            CommandKind::Dissect { input, .. } | CommandKind::Grok { input, .. } => {
                self.expr(input)
            }
            CommandKind::MvExpand(name) => self.push(&name.name, name.span, Role::Column),
            CommandKind::Enrich { on, with, .. } => {
                if let Some(on) = on {
                    self.push(&on.pattern, on.span, Role::Column);
                }
                for w in with {
                    let made = w.new_name.as_ref().unwrap_or(&w.field);
                    self.push(&made.pattern, made.span, Role::Defines);
                }
            }
            CommandKind::LookupJoin { on, .. } => on.iter().for_each(|e| self.expr(e)),
            CommandKind::ChangePoint { value, key, names } => {
                for read in std::iter::once(value).chain(key) {
                    self.push(&read.name, read.span, Role::Column);
                }
                if let Some((kind, pvalue)) = names {
                    self.push(&kind.name, kind.span, Role::Defines);
                    self.push(&pvalue.name, pvalue.span, Role::Defines);
                }
            }
            CommandKind::Completion { target, prompt, .. } => {
                if let Some(t) = target {
                    self.push(&t.name, t.span, Role::Defines);
                }
                self.expr(prompt);
            }
        }
    }

    fn field(&mut self, f: &ast::Field) {
        if let Some(name) = &f.name {
            self.push(&name.name, name.span, Role::Defines);
        }
        self.expr(&f.value);
    }

    fn expr(&mut self, e: &ast::Expr) {
        match &e.kind {
            ExprKind::Field(q) => self.push(&q.name, q.span, Role::Column),
            ExprKind::Call { name, .. } => {
                self.push(&name.name, name.span, Role::Function);
                children(e).into_iter().for_each(|c| self.expr(c));
            }
            _ => children(e).into_iter().for_each(|c| self.expr(c)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::esql::parse;

    fn at(text: &str, needle: &str) -> Option<(String, Role)> {
        let query = parse(text).0?;
        let offset = text.find(needle)? + 1;
        name_at(&query, offset).map(|n| (n.text, n.role))
    }

    #[test]
    fn each_name_knows_its_role() {
        let text =
            "FROM l METADATA _id | EVAL n = length(user.name) | KEEP n, Esql.* | RENAME n AS m";
        assert_eq!(at(text, "_id"), Some(("_id".into(), Role::Metadata)));
        assert_eq!(at(text, "n ="), Some(("n".into(), Role::Defines)));
        assert_eq!(at(text, "length"), Some(("length".into(), Role::Function)));
        assert_eq!(
            at(text, "user.name"),
            Some(("user.name".into(), Role::Column))
        );
        assert_eq!(
            at(text, "Esql.*"),
            Some(("Esql.*".into(), Role::Pattern { keep: true }))
        );
        assert_eq!(at(text, " m"), Some(("m".into(), Role::Defines)));
        assert_eq!(at(text, "EVAL"), None);
    }
}
