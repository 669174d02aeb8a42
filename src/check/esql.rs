//! The ES|QL checker behind `kqlc check` on `.esql` files and Elastic TOML rules.
//!
//! kqlc has no index mappings, so `FROM`'s index has an open schema: a field read
//! before any command fixes the columns is taken to be a field of the index. What the
//! query defines itself is checked exactly: after `STATS` only its aggregates and `BY`
//! keys exist, after `KEEP`/`DROP`/`RENAME` only what they leave; function names,
//! argument counts and the places of aggregates are checked everywhere, with the rules
//! of Elasticsearch's verifier. Every problem is reported, not only the first.

pub mod exprs;
pub mod extract;
pub mod functions;
pub mod scope;

use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::source::Span;
use crate::syntax::esql::ast::{self, CommandKind, ExprKind, SourceKind};
use exprs::{Exprs, Place, children, foldable, has_aggregate};
use functions::Kind;
use scope::Scope;

/// The metadata fields `FROM … METADATA` may ask for (Elasticsearch's list).
pub const METADATA_FIELDS: &[&str] = &[
    "_id",
    "_ignored",
    "_index",
    "_index_mode",
    "_score",
    "_source",
    "_tier",
    "_tsid",
    "_version",
];

/// Every finding about a parsed ES|QL query; `text` is the query it was parsed from.
pub fn check_esql(query: &ast::Query, text: &str) -> Vec<Diagnostic> {
    let mut checker = Checker {
        exprs: Exprs::new(text),
    };
    let mut scope = checker.source(&query.source);
    for command in &query.commands {
        checker.command(command, &mut scope);
    }
    checker.exprs.findings
}

/// A `STATS … BY` key as aggregate expressions may refer to it.
struct GroupKey {
    /// The column the key makes (`h` of `BY h = host.name`, else the expression text).
    name: String,
    /// The key expression's text without blanks, lower case (to match grouping calls).
    text: String,
    /// The columns the key expression reads.
    fields: Vec<String>,
}

struct Checker<'t> {
    exprs: Exprs<'t>,
}

impl<'t> Checker<'t> {
    fn source(&mut self, source: &ast::SourceCommand) -> Scope {
        match &source.kind {
            SourceKind::From { metadata, .. } => {
                let mut asked = Vec::new();
                for m in metadata {
                    if METADATA_FIELDS.contains(&m.name.as_str()) {
                        asked.push(m.name.clone());
                    } else {
                        self.exprs.findings.push(unknown_metadata(m));
                    }
                }
                Scope::index(&asked, METADATA_FIELDS)
            }
            SourceKind::Row(fields) => {
                let mut scope = Scope::closed(Vec::new());
                for f in fields {
                    self.exprs.check(&f.value, &mut scope, Place::Row);
                    scope.define(self.field_name(f));
                }
                scope
            }
            SourceKind::Show(_) => Scope::closed(vec![
                "version".to_string(),
                "date".to_string(),
                "hash".to_string(),
            ]),
        }
    }

    fn command(&mut self, command: &ast::Command, scope: &mut Scope) {
        match &command.kind {
            CommandKind::Where(e) | CommandKind::Sample(e) => {
                self.exprs.check(e, scope, Place::Row)
            }
            CommandKind::Limit(_) => {}
            CommandKind::Eval(fields) => {
                for f in fields {
                    self.exprs.check(&f.value, scope, Place::Row);
                    scope.define(self.field_name(f));
                }
            }
            CommandKind::Sort(keys) => {
                for k in keys {
                    self.exprs.check(&k.expr, scope, Place::Row);
                }
            }
            CommandKind::Stats(stats) => {
                let names = self.stats(stats, scope);
                *scope = Scope::closed(names).fixed_by(
                    self.keyword(command.span),
                    "STATS keeps only its aggregates and BY keys",
                );
            }
            CommandKind::InlineStats(stats) => {
                for name in self.stats(stats, scope) {
                    scope.define(name);
                }
            }
            CommandKind::Keep(patterns) => {
                let errors = scope.keep(&pattern_list(patterns), self.keyword(command.span));
                self.exprs.findings.extend(errors);
            }
            CommandKind::Drop(patterns) => {
                let errors = scope.drop(&pattern_list(patterns));
                self.exprs.findings.extend(errors);
            }
            CommandKind::Rename(renames) => {
                for r in renames {
                    if let Err(e) = scope.rename(&r.old.pattern, r.old.span, &r.new.pattern) {
                        self.exprs.findings.push(e);
                        scope.define(r.new.pattern.clone());
                    }
                }
            }
            CommandKind::MvExpand(name) => self.resolve(&name.name, name.span, scope),
            CommandKind::Dissect { input, pattern, .. } => {
                self.exprs.check(input, scope, Place::Row);
                match extract::dissect_columns(&pattern.value) {
                    Some(names) => names.into_iter().for_each(|n| scope.define(n)),
                    None => scope.reopen(),
                }
            }
            CommandKind::Grok { input, patterns } => {
                self.exprs.check(input, scope, Place::Row);
                for p in patterns {
                    for name in extract::grok_columns(&p.value) {
                        scope.define(name);
                    }
                }
            }
            CommandKind::Enrich { on, with, .. } => {
                if let Some(on) = on {
                    self.resolve(&on.pattern, on.span, scope);
                }
                if with.is_empty() {
                    scope.reopen();
                }
                for w in with {
                    let name = w.new_name.as_ref().unwrap_or(&w.field);
                    scope.define(name.pattern.clone());
                }
            }
            CommandKind::LookupJoin { on, .. } => {
                for e in on {
                    if let ExprKind::Field(name) = &e.kind {
                        self.resolve(&name.name, name.span, scope);
                    }
                }
                scope.reopen();
            }
            CommandKind::ChangePoint { value, key, names } => {
                self.resolve(&value.name, value.span, scope);
                if let Some(key) = key {
                    self.resolve(&key.name, key.span, scope);
                }
                let (kind, pvalue) = match names {
                    Some((k, p)) => (k.name.clone(), p.name.clone()),
                    None => ("type".to_string(), "pvalue".to_string()),
                };
                scope.define(kind);
                scope.define(pvalue);
            }
            CommandKind::Completion { target, prompt, .. } => {
                self.exprs.check(prompt, scope, Place::Row);
                let name = target.as_ref().map_or("completion", |t| t.name.as_str());
                scope.define(name.to_string());
            }
        }
    }

    /// The span of a command's first word (`STATS` of `| STATS x = …`).
    fn keyword(&self, span: Span) -> Span {
        let text = self.exprs.source(span);
        let start = text.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(0);
        let len = text[start..]
            .find(|c: char| !c.is_ascii_alphabetic() && c != '_')
            .unwrap_or(text.len() - start);
        let at = span.start as usize + start;
        Span::new(at, at + len)
    }

    fn resolve(&mut self, name: &str, span: Span, scope: &mut Scope) {
        if let Err(d) = scope.resolve(name, span) {
            self.exprs.findings.push(d);
        }
    }

    /// The column name of `[name =] expr`: the name, else the expression's text.
    fn field_name(&self, f: &ast::Field) -> String {
        match (&f.name, &f.value.kind) {
            (Some(n), _) => n.name.clone(),
            (None, ExprKind::Field(q)) => q.name.clone(),
            (None, _) => self.exprs.source(f.value.span).to_string(),
        }
    }

    /// Checks `STATS aggregates BY keys` and returns its columns: the aggregates, then
    /// the keys (a later column of the same name replaces an earlier one).
    fn stats(&mut self, stats: &ast::Stats, scope: &mut Scope) -> Vec<String> {
        let mut keys = Vec::new();
        for g in &stats.groups {
            self.by_key(&g.value, scope);
            keys.push(GroupKey {
                name: self.field_name(g),
                text: normalized(self.exprs.source(g.value.span)),
                fields: field_names(&g.value),
            });
        }
        for a in &stats.aggregates {
            self.aggregate(&a.field.value, &keys, scope, 0);
            if let Some(filter) = &a.filter {
                self.exprs.check(filter, scope, Place::Row);
                if !has_aggregate(&a.field.value) {
                    self.exprs.findings.push(Diagnostic::new(
                        Code::EsqlNotAggregate,
                        filter.span,
                        format!(
                            "a STATS WHERE is only allowed on aggregate functions, none in `{}`",
                            self.exprs.source(a.field.value.span)
                        ),
                    ));
                }
            }
        }
        let mut names: Vec<String> = Vec::new();
        let aggregates = stats.aggregates.iter().map(|a| &a.field);
        for field in aggregates.chain(&stats.groups) {
            let name = self.field_name(field);
            names.retain(|n| *n != name);
            names.push(name);
        }
        names
    }

    /// A `BY` key: a grouping function at the top, or a row expression.
    fn by_key(&mut self, e: &ast::Expr, scope: &mut Scope) {
        if let ExprKind::Call { name, args, .. } = &e.kind
            && functions::lookup(&name.name).is_some_and(|f| f.kind == Kind::Grouping)
        {
            self.exprs.function(&name.name, name.span, args, e.span);
            for child in children(e) {
                self.exprs.check(child, scope, Place::ByKey);
            }
            return;
        }
        self.exprs.check(e, scope, Place::ByKey);
    }

    /// An aggregate expression of `STATS`, checked as Elasticsearch's verifier does:
    /// aggregates, constants and `BY` keys (below the top) may appear in it; any other
    /// column must be aggregated or grouped by.
    fn aggregate(&mut self, e: &ast::Expr, keys: &[GroupKey], scope: &mut Scope, level: usize) {
        if level == 0 && foldable(e) {
            let text = self.exprs.source(e.span);
            self.exprs.findings.push(
                Diagnostic::new(
                    Code::EsqlNotAggregate,
                    e.span,
                    format!("expected an aggregate function but found `{text}`"),
                )
                .with_help("STATS computes aggregates such as `count(*)`, `max(x)` or `values(x)`; use EVAL for a constant"),
            );
            self.exprs.check(e, scope, Place::Row);
            return;
        }
        match &e.kind {
            ExprKind::Call { name, args, .. } => {
                match functions::lookup(&name.name).map(|f| f.kind) {
                    Some(Kind::Aggregate) => self.exprs.check(e, scope, Place::Stats),
                    Some(Kind::Grouping) => self.grouping_in_aggregate(e, keys, level),
                    _ => {
                        self.exprs.function(&name.name, name.span, args, e.span);
                        for child in children(e) {
                            self.aggregate(child, keys, scope, level + 1);
                        }
                    }
                }
            }
            _ if foldable(e) => self.exprs.check(e, scope, Place::Row),
            ExprKind::Field(q) => self.column_in_aggregate(q, keys, scope, level),
            _ => {
                for child in children(e) {
                    self.aggregate(child, keys, scope, level + 1);
                }
            }
        }
    }

    /// `bucket(…)` in an aggregate expression: only as a `BY` key, and not alone.
    fn grouping_in_aggregate(&mut self, e: &ast::Expr, keys: &[GroupKey], level: usize) {
        let text = self.exprs.source(e.span);
        let message = if !keys.iter().any(|k| k.text == normalized(text)) {
            format!("grouping function `{text}` is only allowed as a STATS … BY key")
        } else if level == 0 {
            format!(
                "grouping function `{text}` cannot be used as an aggregate once declared in the STATS BY clause"
            )
        } else {
            return;
        };
        let code = if level == 0 {
            Code::EsqlNotAggregate
        } else {
            Code::EsqlMisplacedAggregate
        };
        self.exprs
            .findings
            .push(Diagnostic::new(code, e.span, message));
    }

    /// A bare column in an aggregate expression: a `BY` key below the top, else an error.
    fn column_in_aggregate(
        &mut self,
        q: &ast::QualifiedName,
        keys: &[GroupKey],
        scope: &mut Scope,
        level: usize,
    ) {
        let name = &q.name;
        let message = if keys.iter().any(|k| k.name == *name) {
            if level > 0 {
                return;
            }
            format!(
                "grouping key `{name}` cannot be used as an aggregate once declared in the STATS BY clause"
            )
        } else if let Some(k) = keys.iter().find(|k| k.fields.contains(name)) {
            format!(
                "column `{name}` cannot be used as an aggregate once declared in the STATS BY key `{}`",
                k.name
            )
        } else if let Err(unknown) = scope.resolve(name, q.span) {
            self.exprs.findings.push(unknown);
            return;
        } else {
            format!(
                "column `{name}` must appear in the STATS BY clause or be used in an aggregate function"
            )
        };
        self.exprs.findings.push(
            Diagnostic::new(Code::EsqlNotAggregate, q.span, message).with_help(format!(
                "aggregate it (e.g. `values({name})`) or add it to BY"
            )),
        );
    }
}

/// `(pattern, span)` of each name pattern.
fn pattern_list(patterns: &[ast::NamePattern]) -> Vec<(String, Span)> {
    patterns
        .iter()
        .map(|p| (p.pattern.clone(), p.span))
        .collect()
}

/// The columns an expression reads.
fn field_names(e: &ast::Expr) -> Vec<String> {
    match &e.kind {
        ExprKind::Field(q) => vec![q.name.clone()],
        _ => children(e).into_iter().flat_map(field_names).collect(),
    }
}

/// Expression text without blanks, lower case: `BUCKET(t, 1 hour)` = `bucket(t,1hour)`.
fn normalized(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn unknown_metadata(m: &ast::Ident) -> Diagnostic {
    let d = Diagnostic::new(
        Code::EsqlUnknownColumn,
        m.span,
        format!("unknown metadata field `{}`", m.name),
    );
    match did_you_mean(&m.name, METADATA_FIELDS.iter().copied()) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None => d.with_help(format!("METADATA takes {}", METADATA_FIELDS.join(", "))),
    }
}
