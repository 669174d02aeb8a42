//! Lowering the ES|QL syntax tree to the shared plan: each command becomes one or a
//! few plan operators (the same ones KQL uses), columns resolve to positions, and the
//! ES|QL rules that differ from KQL are applied here (STATS column order, EVAL
//! replacing a column at the end, KEEP pattern precedence, the default LIMIT 1000).

pub mod csv_data;
pub mod documents;
pub mod expr;
mod keep;
pub mod patterns;

use crate::diagnostic::{Code, Diagnostic, Result};
use crate::functions::esql::{self, AggregateKind};
use crate::functions::registry;
use crate::ops::project::Project;
use crate::ops::scan::Scan;
use crate::ops::sort::{Sort, SortKey};
use crate::ops::summarize::{AggCall, AggregateRef, Summarize};
use crate::ops::take::Take;
use crate::ops::union::Union;
use crate::ops::values::Values;
use crate::ops::where_::Where;
use crate::plan::catalog::Catalog;
use crate::plan::{Expr, Node, Op, Plan};
use crate::source::Span;
use crate::syntax::esql::ast;
use crate::value::{Column, Type, Value};

/// The rows a query without `LIMIT` returns at most (Elasticsearch's default).
pub const DEFAULT_LIMIT: usize = 1000;

/// The metadata fields `FROM … METADATA` may ask for.
pub const METADATA_FIELDS: &[&str] = &["_id", "_index", "_version"];

/// Lowers a parsed ES|QL query; `text` is the query source (unnamed columns are named
/// after their expression text, as ES|QL does).
pub fn lower(query: &ast::Query, text: &str, catalog: &dyn Catalog) -> Result<Plan> {
    let cx = Lowering { text, catalog };
    let mut node = cx.source(&query.source)?;
    for command in &query.commands {
        node = cx.command(node, command)?;
    }
    let has_limit = query
        .commands
        .iter()
        .any(|c| matches!(c.kind, ast::CommandKind::Limit(_)));
    if !has_limit {
        node = take(node, DEFAULT_LIMIT, query.span);
    }
    Ok(Plan {
        shared: Vec::new(),
        root: node,
    })
}

struct Lowering<'a> {
    text: &'a str,
    catalog: &'a dyn Catalog,
}

fn take(node: Node, count: usize, span: Span) -> Node {
    Node {
        schema: node.schema.clone(),
        op: Op::Take(Take {
            input: Box::new(node),
            count,
        }),
        span,
    }
}

/// A node computing `exprs` (named `schema`) from `input`.
fn project(input: Node, exprs: Vec<Expr>, schema: Vec<Column>, span: Span) -> Node {
    Node {
        op: Op::Project(Project {
            input: Box::new(input),
            exprs,
        }),
        schema,
        span,
    }
}

/// Does `name` fit an index or field pattern with `*` wildcards?
pub fn pattern_matches(pattern: &str, name: &str) -> bool {
    esql::wildcard_matches(&pattern.replace('?', "\\?"), name)
}

impl Lowering<'_> {
    fn source(&self, source: &ast::SourceCommand) -> Result<Node> {
        match &source.kind {
            ast::SourceKind::From {
                indices, metadata, ..
            } => self.from(indices, metadata, source.span),
            ast::SourceKind::Row(fields) => {
                let mut schema: Vec<Column> = Vec::new();
                let mut cells = Vec::new();
                for f in fields {
                    let e = expr::scalar(&f.value, &[])?;
                    let name = self.field_name(f);
                    if let Some(i) = schema.iter().position(|c| c.name == name) {
                        schema.remove(i);
                        cells.remove(i);
                    }
                    schema.push(Column::new(name, e.ty));
                    cells.push(e);
                }
                Ok(Node {
                    op: Op::Values(Values { rows: vec![cells] }),
                    schema,
                    span: source.span,
                })
            }
            ast::SourceKind::Show(_) => Err(Diagnostic::new(
                Code::Unsupported,
                source.span,
                "`SHOW` is not supported by kqlc",
            )),
        }
    }

    /// `FROM patterns [METADATA …]`: every table whose name fits a pattern.
    fn from(
        &self,
        indices: &[ast::IndexPattern],
        metadata: &[ast::Ident],
        span: Span,
    ) -> Result<Node> {
        let mut names: Vec<String> = Vec::new();
        let mut known = self.catalog.table_names();
        known.sort();
        for p in indices {
            let matched: Vec<&String> = known
                .iter()
                .filter(|n| pattern_matches(&p.index, n))
                .collect();
            if matched.is_empty() && !p.index.contains('*') {
                return Err(Diagnostic::new(
                    Code::UnknownTable,
                    p.span,
                    format!("unknown index `{}`", p.index),
                )
                .with_help("give its documents with `--table NAME=FILE`"));
            }
            for n in matched {
                if !names.contains(n) {
                    names.push(n.clone());
                }
            }
        }
        let mut inputs = Vec::new();
        for n in &names {
            let info = self.catalog.table(n).unwrap_or_default();
            inputs.push(Node {
                op: Op::Scan(Scan {
                    table: n.clone(),
                    read: None,
                }),
                schema: info.columns,
                span,
            });
        }
        let node = match inputs.len() {
            0 => Node {
                op: Op::Values(Values { rows: Vec::new() }),
                schema: Vec::new(),
                span,
            },
            1 => inputs.remove(0),
            _ => union(inputs, span),
        };
        self.with_metadata(node, &names, metadata, span)
    }

    /// Hides metadata columns not asked for, adds those asked for but absent.
    fn with_metadata(
        &self,
        node: Node,
        names: &[String],
        metadata: &[ast::Ident],
        span: Span,
    ) -> Result<Node> {
        let wanted: Vec<&str> = metadata.iter().map(|m| m.name.as_str()).collect();
        for m in metadata {
            if !METADATA_FIELDS.contains(&m.name.as_str()) {
                return Err(Diagnostic::new(
                    Code::UnknownColumn,
                    m.span,
                    format!("unsupported metadata field `{}`", m.name),
                )
                .with_help("kqlc fills in `_id`, `_index` and `_version`"));
            }
        }
        let mut exprs = Vec::new();
        let mut schema = Vec::new();
        for (i, c) in node.schema.iter().enumerate() {
            if METADATA_FIELDS.contains(&c.name.as_str()) && !wanted.contains(&c.name.as_str()) {
                continue;
            }
            exprs.push(Expr::column(i, c.ty, span));
            schema.push(c.clone());
        }
        for m in &wanted {
            if schema.iter().any(|c| c.name == *m) {
                continue;
            }
            let value = match *m {
                "_index" if names.len() == 1 => Value::string(names[0].as_str()),
                "_version" => Value::Long(1),
                _ => Value::Null,
            };
            let ty = if *m == "_version" {
                Type::Long
            } else {
                Type::String
            };
            exprs.push(Expr::literal(value, ty, span));
            schema.push(Column::new(*m, ty));
        }
        Ok(project(node, exprs, schema, span))
    }

    fn command(&self, node: Node, command: &ast::Command) -> Result<Node> {
        let span = command.span;
        match &command.kind {
            ast::CommandKind::Where(e) => {
                let predicate = expr::scalar(e, &node.schema)?;
                Ok(Node {
                    schema: node.schema.clone(),
                    op: Op::Where(Where {
                        input: Box::new(node),
                        predicate,
                    }),
                    span,
                })
            }
            ast::CommandKind::Eval(fields) => {
                let mut node = node;
                for f in fields {
                    node = self.eval_one(node, f)?;
                }
                Ok(node)
            }
            ast::CommandKind::Stats(stats) => self.stats(node, stats, span),
            ast::CommandKind::Keep(patterns) => keep::keep(node, patterns, span),
            ast::CommandKind::Drop(patterns) => keep::drop(node, patterns, span),
            ast::CommandKind::Rename(renames) => keep::rename(node, renames, span),
            ast::CommandKind::Sort(keys) => {
                let keys = keys
                    .iter()
                    .map(|k| {
                        let descending = k.descending.unwrap_or(false);
                        Ok(SortKey {
                            expr: expr::scalar(&k.expr, &node.schema)?,
                            descending,
                            // ES|QL: nulls last ascending, first descending by default.
                            nulls_first: k.nulls_first.unwrap_or(descending),
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok(Node {
                    schema: node.schema.clone(),
                    op: Op::Sort(Sort {
                        input: Box::new(node),
                        keys,
                    }),
                    span,
                })
            }
            ast::CommandKind::Limit(e) => match &e.kind {
                ast::ExprKind::Literal(ast::Literal::Integer(n)) if *n >= 0 => {
                    Ok(take(node, usize::try_from(*n).unwrap_or(usize::MAX), span))
                }
                _ => Err(Diagnostic::new(
                    Code::TypeMismatch,
                    e.span,
                    "LIMIT takes a non-negative integer",
                )),
            },
            ast::CommandKind::MvExpand(name) => match node.column_index(&name.name) {
                Some(i) => Ok(mv_expand(node, i, span)),
                None => Err(expr::unknown_column(&name.name, name.span, &node.schema)),
            },
            ast::CommandKind::Dissect {
                input,
                pattern,
                options,
            } if options.is_empty() => {
                let compiled = patterns::dissect(&pattern.value)
                    .ok_or_else(|| unsupported_pattern(pattern.span, "DISSECT"))?;
                self.extract(node, input, compiled, span)
            }
            ast::CommandKind::Grok {
                input,
                patterns: ps,
            } if ps.len() == 1 => {
                let compiled = patterns::grok(&ps[0].value)
                    .ok_or_else(|| unsupported_pattern(ps[0].span, "GROK"))?;
                self.extract(node, input, compiled, span)
            }
            _ => Err(Diagnostic::new(
                Code::Unsupported,
                span,
                "this command is not supported by kqlc's ES|QL interpreter yet",
            )),
        }
    }

    /// DISSECT/GROK: the shared `parse` operator appends the captured columns; an
    /// older column of the same name is dropped (as EVAL does).
    fn extract(
        &self,
        node: Node,
        input: &ast::Expr,
        compiled: patterns::Compiled,
        span: Span,
    ) -> Result<Node> {
        let source = expr::scalar(input, &node.schema)?;
        let mut schema = node.schema.clone();
        for (n, t) in &compiled.columns {
            schema.push(Column::new(n.clone(), *t));
        }
        let parsed = Node {
            op: Op::Parse(crate::ops::parse::Parse {
                input: Box::new(node),
                source,
                regex: compiled.regex,
                columns: compiled.columns.iter().map(|(_, t)| *t).collect(),
                drop_unmatched: false,
                span,
            }),
            schema: schema.clone(),
            span,
        };
        let mut exprs = Vec::new();
        let mut out = Vec::new();
        for (i, c) in schema.iter().enumerate() {
            if schema[i + 1..].iter().any(|l| l.name == c.name) {
                continue;
            }
            exprs.push(Expr::column(i, c.ty, span));
            out.push(c.clone());
        }
        Ok(project(parsed, exprs, out, span))
    }

    /// The column name of `[name =] expr`: the name, else the expression's text.
    fn field_name(&self, f: &ast::Field) -> String {
        match &f.name {
            Some(n) => n.name.clone(),
            None => match &f.value.kind {
                ast::ExprKind::Field(q) => q.name.clone(),
                _ => self
                    .text
                    .get(f.value.span.start as usize..f.value.span.end as usize)
                    .unwrap_or("expr")
                    .to_string(),
            },
        }
    }

    /// `EVAL name = expr`: appended at the end; an existing column of that name is dropped.
    fn eval_one(&self, node: Node, f: &ast::Field) -> Result<Node> {
        let e = expr::scalar(&f.value, &node.schema)?;
        let name = self.field_name(f);
        let mut exprs = Vec::new();
        let mut schema = Vec::new();
        for (i, c) in node.schema.iter().enumerate() {
            if c.name != name {
                exprs.push(Expr::column(i, c.ty, f.span));
                schema.push(c.clone());
            }
        }
        schema.push(Column::new(name, e.ty));
        exprs.push(e);
        Ok(project(node, exprs, schema, f.span))
    }

    /// `STATS aggs BY keys`: a summarize (keys first, as KQL's), then a project that
    /// puts the aggregates first and the keys after them (ES|QL's order).
    fn stats(&self, node: Node, stats: &ast::Stats, span: Span) -> Result<Node> {
        // A row whose BY field is multi-valued counts in the group of every value.
        let mut node = node;
        for g in &stats.groups {
            if let ast::ExprKind::Field(f) = &g.value.kind
                && let Some(i) = node.column_index(&f.name)
            {
                node = mv_expand(node, i, span);
            }
        }
        let mut keys = Vec::new();
        let mut key_cols = Vec::new();
        for g in &stats.groups {
            let e = expr::scalar(&g.value, &node.schema)?;
            key_cols.push(Column::new(self.field_name(g), e.ty));
            keys.push(e);
        }
        let mut calls = Vec::new();
        let mut agg_cols = Vec::new();
        for a in &stats.aggregates {
            let (call, ty) = self.aggregate(&a.field.value, &node.schema)?;
            if a.filter.is_some() {
                return Err(Diagnostic::new(
                    Code::Unsupported,
                    a.span,
                    "a per-aggregate WHERE is not supported by kqlc yet",
                ));
            }
            agg_cols.push(Column::new(self.field_name(&a.field), ty));
            calls.push(call);
        }
        if calls.is_empty() && keys.is_empty() {
            return Err(Diagnostic::new(
                Code::SyntaxError,
                span,
                "STATS needs at least one aggregate or BY group",
            ));
        }
        let mut schema = key_cols.clone();
        schema.extend(agg_cols.iter().cloned());
        let summarize = Node {
            op: Op::Summarize(Summarize {
                input: Box::new(node),
                keys,
                aggregates: calls,
            }),
            schema: schema.clone(),
            span,
        };
        let nkeys = key_cols.len();
        let order: Vec<usize> = (nkeys..schema.len()).chain(0..nkeys).collect();
        let mut out_schema: Vec<Column> = Vec::new();
        let mut exprs = Vec::new();
        for i in order {
            let c = &schema[i];
            // A later column of the same name wins (ES|QL keeps the last).
            if let Some(p) = out_schema.iter().position(|o| o.name == c.name) {
                out_schema.remove(p);
                exprs.remove(p);
            }
            exprs.push(Expr::column(i, c.ty, span));
            out_schema.push(c.clone());
        }
        Ok(project(summarize, exprs, out_schema, span))
    }

    /// One aggregate call of STATS, mapped onto a KQL accumulator.
    fn aggregate(&self, e: &ast::Expr, schema: &[Column]) -> Result<(AggCall, Type)> {
        let ast::ExprKind::Call { name, args, .. } = &e.kind else {
            return Err(Diagnostic::new(
                Code::Unsupported,
                e.span,
                "STATS takes aggregate function calls (expressions over aggregates are not supported yet)",
            ));
        };
        let Some(kind) = esql::aggregate(&name.name) else {
            return Err(Diagnostic::new(
                Code::UnknownFunction,
                name.span,
                format!("`{}` is not an ES|QL aggregate function", name.name),
            ));
        };
        let star = args.len() == 1 && matches!(args[0].kind, ast::ExprKind::Star);
        let mut exprs = Vec::new();
        if !star {
            for a in args {
                exprs.push(expr::scalar(a, schema)?);
            }
        }
        let (kql, exprs) = match kind {
            AggregateKind::CountNonNull if star || exprs.is_empty() => ("count", Vec::new()),
            AggregateKind::CountNonNull => ("countif", exprs),
            AggregateKind::Median => {
                exprs.push(Expr::literal(Value::Long(50), Type::Int, e.span));
                ("percentile", exprs)
            }
            AggregateKind::Kql(k) => (k, exprs),
        };
        let kql_func = registry::aggregate(kql);
        let func = esql::aggregate::per_value(kql)
            .or(kql_func)
            .ok_or_else(|| {
                Diagnostic::new(
                    Code::UnknownFunction,
                    name.span,
                    format!("no `{kql}` aggregate"),
                )
            })?;
        if exprs.len() < func.min_args || exprs.len() > func.max_args {
            return Err(Diagnostic::new(
                Code::WrongArity,
                e.span,
                format!("wrong number of arguments to `{}`", name.name),
            ));
        }
        let types: Vec<Type> = exprs.iter().map(|x| x.ty).collect();
        let ty = match kind {
            AggregateKind::Median => Type::Real,
            AggregateKind::CountNonNull => Type::Long,
            _ => kql_func.map_or(func.returns, |f| f.returns).resolve(&types),
        };
        let consts = exprs
            .iter()
            .map(|x| x.as_literal().cloned().unwrap_or(Value::Null))
            .collect();
        Ok((
            AggCall {
                func: AggregateRef(func),
                args: exprs,
                consts,
            },
            ty,
        ))
    }
}

/// One row per value of the multi-valued column `i` (in place, typed as declared; a
/// null stays null, where the shared operator would make an empty string of it).
fn mv_expand(node: Node, i: usize, span: Span) -> Node {
    use crate::ops::mv_expand::{Expansion, MvExpand, MvItem};
    let ty = node.schema[i].ty;
    let width = node.schema.len();
    let mut schema = node.schema.clone();
    schema.push(Column::new(format!("{}$values", node.schema[i].name), ty));
    let expanded = Node {
        schema: schema.clone(),
        op: Op::MvExpand(MvExpand {
            input: Box::new(node),
            expansion: Expansion {
                items: vec![MvItem {
                    expr: Expr::column(i, ty, span),
                    replaces: None,
                    to: ty,
                }],
                with_index: false,
                limit: None,
                bag_as_array: false,
            },
        }),
        span,
    };
    let mut exprs: Vec<Expr> = (0..width)
        .map(|c| Expr::column(c, schema[c].ty, span))
        .collect();
    let original = Expr::column(i, ty, span);
    let value = Expr::column(width, ty, span);
    if let (Ok(present), Some(slot)) = (
        expr::function("isnotnull", vec![original], span),
        exprs.get_mut(i),
    ) && let Ok(kept) = expr::function("case", vec![present, value], span)
    {
        *slot = kept;
    }
    schema.pop();
    project(expanded, exprs, schema, span)
}

fn unsupported_pattern(span: Span, command: &str) -> Diagnostic {
    Diagnostic::new(
        Code::Unsupported,
        span,
        format!("this {command} pattern uses a feature kqlc does not support yet"),
    )
}

/// The rows of several tables, columns matched by name (first appearance order).
fn union(inputs: Vec<Node>, span: Span) -> Node {
    let mut schema: Vec<Column> = Vec::new();
    for n in &inputs {
        for c in &n.schema {
            if !schema.iter().any(|s| s.name == c.name) {
                schema.push(c.clone());
            }
        }
    }
    let mappings = inputs
        .iter()
        .map(|n| schema.iter().map(|c| n.column_index(&c.name)).collect())
        .collect();
    Node {
        op: Op::Union(Union {
            inputs,
            mappings,
            source_names: None,
        }),
        schema,
        span,
    }
}
