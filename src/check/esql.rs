//! The ES|QL checker behind `kqlc check` on `.esql` files and Elastic TOML rules.
//!
//! kqlc has no index mappings, so `FROM`'s index has an open schema: a field read
//! before any command fixes the columns is taken to be a field of the index. What the
//! query defines itself is checked exactly: after `STATS` only its aggregates and `BY`
//! keys exist, after `KEEP`/`DROP`/`RENAME` only what they leave; function names,
//! argument counts and the places of aggregates are checked everywhere, with the rules
//! of Elasticsearch's verifier. Every problem is reported, not only the first.

pub mod columns;
pub mod exprs;
pub mod extract;
pub mod functions;
pub mod scope;
pub mod signatures;
pub mod types;
pub mod typing;

use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::source::Span;
use crate::syntax::esql::ast::{self, CommandKind, ExprKind, SourceKind};
use columns::Trace;
pub use columns::{ColumnAt, ColumnsAt, Definition, columns_at, definitions, index_fields};
use exprs::{Exprs, Place, children, foldable, has_aggregate};
use functions::Kind;
use scope::Scope;
use types::{EsType, FieldTypes};
use typing::Typing;

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
/// Index fields are typed by the Elastic Common Schema.
pub fn check_esql(query: &ast::Query, text: &str) -> Vec<Diagnostic> {
    check_esql_with(query, text, FieldTypes::ecs())
}

/// [`check_esql`] with index field types `fields` (ECS merged with `--schema` files).
pub fn check_esql_with(query: &ast::Query, text: &str, fields: &FieldTypes) -> Vec<Diagnostic> {
    walk(query, text, query.commands.len(), fields)
        .0
        .exprs
        .findings
}

/// The check of the source command and the first `n` processing commands: the
/// checker (findings, and the trace of what defined each column) and the scope after.
fn walk<'t>(
    query: &ast::Query,
    text: &'t str,
    n: usize,
    fields: &'t FieldTypes,
) -> (Checker<'t>, Scope) {
    let mut checker = Checker {
        exprs: Exprs::new(text),
        trace: Trace::default(),
        typing: Typing::new(fields),
    };
    let mut scope = checker.source(&query.source);
    checker.trace.after_command(&mut scope);
    for command in query.commands.iter().take(n) {
        checker.command(command, &mut scope);
        checker.trace.after_command(&mut scope);
    }
    (checker, scope)
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
    /// What defined each column, and the index fields read (for editors).
    trace: Trace,
    /// The column types, for the type checks.
    typing: Typing<'t>,
}

impl<'t> Checker<'t> {
    fn source(&mut self, source: &ast::SourceCommand) -> Scope {
        match &source.kind {
            SourceKind::From { metadata, .. } => {
                let mut asked = Vec::new();
                for m in metadata {
                    if METADATA_FIELDS.contains(&m.name.as_str()) {
                        asked.push(m.name.clone());
                        self.trace
                            .record(&m.name, "FROM … METADATA", m.span, m.span);
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
                    self.typed(&f.value);
                    self.define_field(&mut scope, f, "ROW");
                }
                scope
            }
            SourceKind::Show(_) => {
                let names = ["version", "date", "hash"];
                for name in names {
                    self.trace.record(name, "SHOW", source.span, source.span);
                }
                Scope::closed(names.map(str::to_string).to_vec())
            }
        }
    }

    fn command(&mut self, command: &ast::Command, scope: &mut Scope) {
        match &command.kind {
            CommandKind::Where(e) | CommandKind::Sample(e) => {
                self.exprs.check(e, scope, Place::Row);
                self.typed(e);
            }
            CommandKind::Limit(_) => {}
            CommandKind::Eval(fields) => {
                for f in fields {
                    self.exprs.check(&f.value, scope, Place::Row);
                    self.typed(&f.value);
                    self.define_field(scope, f, "EVAL");
                }
            }
            CommandKind::Sort(keys) => {
                for k in keys {
                    self.exprs.check(&k.expr, scope, Place::Row);
                    self.typed(&k.expr);
                }
            }
            CommandKind::Stats(stats) => {
                let types = self.stats_types(stats);
                let names = self.stats(stats, scope);
                self.typing.replace_all(types);
                self.trace.discovered_by(scope);
                *scope = Scope::closed(names).fixed_by(
                    self.keyword(command.span),
                    "STATS keeps only its aggregates and BY keys",
                );
                self.record_stats(stats, "STATS");
            }
            CommandKind::InlineStats(stats) => {
                let types = self.stats_types(stats);
                for name in self.stats(stats, scope) {
                    scope.define(name);
                }
                for (name, ty) in types {
                    self.typing.define(&name, ty);
                }
                self.record_stats(stats, "INLINE STATS");
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
                    self.typing.rename(&r.old.pattern, &r.new.pattern);
                    if let Err(e) = scope.rename(&r.old.pattern, r.old.span, &r.new.pattern) {
                        self.exprs.findings.push(e);
                        scope.define(r.new.pattern.clone());
                    }
                    self.trace
                        .record(&r.new.pattern, "RENAME", r.span, r.new.span);
                }
            }
            CommandKind::MvExpand(name) => self.resolve(&name.name, name.span, scope),
            CommandKind::Dissect { input, pattern, .. } => {
                self.exprs.check(input, scope, Place::Row);
                match extract::dissect_columns(&pattern.value) {
                    Some(names) => {
                        for name in names {
                            self.trace
                                .record(&name, "DISSECT", pattern.span, pattern.span);
                            self.typing.define(&name, EsType::Keyword);
                            scope.define(name);
                        }
                    }
                    None => scope.reopen(),
                }
            }
            CommandKind::Grok { input, patterns } => {
                self.exprs.check(input, scope, Place::Row);
                for p in patterns {
                    for name in extract::grok_columns(&p.value) {
                        self.trace.record(&name, "GROK", p.span, p.span);
                        self.typing.define(&name, EsType::Unknown);
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
                    self.trace
                        .record(&name.pattern, "ENRICH … WITH", w.span, name.span);
                    self.typing.define(&name.pattern, EsType::Unknown);
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
                    Some((k, p)) => ((k.name.clone(), k.span), (p.name.clone(), p.span)),
                    None => (
                        ("type".to_string(), command.span),
                        ("pvalue".to_string(), command.span),
                    ),
                };
                for (name, span) in [kind, pvalue] {
                    self.trace.record(&name, "CHANGE_POINT", command.span, span);
                    scope.define(name);
                }
            }
            CommandKind::Completion { target, prompt, .. } => {
                self.exprs.check(prompt, scope, Place::Row);
                let name = target.as_ref().map_or("completion", |t| t.name.as_str());
                let name_span = target.as_ref().map_or(command.span, |t| t.span);
                self.trace
                    .record(name, "COMPLETION", command.span, name_span);
                scope.define(name.to_string());
            }
        }
    }

    /// Reports the type errors of an expression.
    fn typed(&mut self, e: &ast::Expr) {
        self.typing
            .check(e, self.exprs.text, &mut self.exprs.findings);
    }

    /// The columns a `STATS` makes and their types, typed before it runs.
    fn stats_types(&self, stats: &ast::Stats) -> Vec<(String, EsType)> {
        let aggregates = stats.aggregates.iter().map(|a| &a.field);
        aggregates
            .chain(&stats.groups)
            .map(|f| (self.field_name(f), self.typing.infer(&f.value)))
            .collect()
    }

    /// `ESQL207`: a bare `BY` name that nothing defines (an unseen index field of no
    /// known type) but that is a near miss of a column the query defined.
    fn near_miss(&mut self, key: &ast::Expr, scope: &Scope) {
        let ExprKind::Field(q) = &key.kind else {
            return;
        };
        // Very short names are near misses of too much to say anything.
        let unseen =
            scope.is_open() && !scope.columns().contains(&q.name) && q.name.chars().count() >= 4;
        if !unseen || self.typing.is_defined(&q.name) || self.typing.column(&q.name).is_known() {
            return;
        }
        if let Some(best) = did_you_mean(&q.name, self.typing.defined()) {
            let help = format!("did you mean `{best}`?");
            self.exprs.findings.push(
                Diagnostic::new(
                    Code::EsqlNearMissColumn,
                    q.span,
                    format!("`{}` is not a column the query defines, and kqlc knows no index field of that name", q.name),
                )
                .with_help(help)
                .with_note("an index field is taken to exist, so ES|QL would group by a field that is likely null"),
            );
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

    /// Defines the column of `[name =] expr` in `command`, and records where.
    fn define_field(&mut self, scope: &mut Scope, f: &ast::Field, command: &'static str) {
        let name = self.field_name(f);
        let ty = self.typing.infer(&f.value);
        self.typing.define(&name, ty);
        let name_span = f.name.as_ref().map_or(f.value.span, |n| n.span);
        self.trace.record(&name, command, f.span, name_span);
        scope.define(name);
    }

    /// Records the columns a `STATS` defines: its aggregates, then its `BY` keys.
    fn record_stats(&mut self, stats: &ast::Stats, command: &'static str) {
        let by = if command == "STATS" {
            "STATS … BY"
        } else {
            "INLINE STATS … BY"
        };
        let aggregates = stats.aggregates.iter().map(|a| (&a.field, command));
        let groups = stats.groups.iter().map(|g| (g, by));
        for (field, command) in aggregates.chain(groups) {
            let name = self.field_name(field);
            let name_span = field.name.as_ref().map_or(field.value.span, |n| n.span);
            self.trace.record(&name, command, field.span, name_span);
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
            if g.name.is_none() {
                self.near_miss(&g.value, scope);
            }
            self.by_key(&g.value, scope);
            self.typed(&g.value);
            keys.push(GroupKey {
                name: self.field_name(g),
                text: normalized(self.exprs.source(g.value.span)),
                fields: field_names(&g.value),
            });
        }
        for a in &stats.aggregates {
            self.aggregate(&a.field.value, &keys, scope, 0);
            self.typed(&a.field.value);
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
