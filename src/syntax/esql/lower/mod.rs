//! Lowering the ES|QL syntax tree to the shared plan: each command becomes one or a
//! few plan operators (the same ones KQL uses), columns resolve to positions, and the
//! ES|QL rules that differ from KQL are applied here (STATS column order, EVAL
//! replacing a column at the end, KEEP pattern precedence, the default LIMIT 1000).

pub mod csv_data;
pub mod documents;
pub mod enrich;
pub mod expr;
mod extract;
mod keep;
mod kibana;
mod lookup_join;
pub mod patterns;
mod stats;

use crate::diagnostic::{Code, Diagnostic, Result};
use crate::functions::esql;
use crate::plan::catalog::Catalog;
use crate::plan::tabular::project::Project;
use crate::plan::tabular::scan::Scan;
use crate::plan::tabular::sort::{Sort, SortKey};
use crate::plan::tabular::take::Take;
use crate::plan::tabular::union::Union;
use crate::plan::tabular::values::Values;
use crate::plan::tabular::where_::Where;
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

/// `node` with its string columns typed unknown, so that the shared join fills the
/// columns of an unmatched row with null (ES|QL) rather than an empty string (KQL).
fn null_padded(node: Node, span: Span) -> Node {
    let exprs = (0..node.schema.len())
        .map(|i| Expr::column(i, node.schema[i].ty, span))
        .collect();
    let schema = node
        .schema
        .iter()
        .map(|c| match c.ty {
            Type::String => Column::new(c.name.clone(), Type::Unknown),
            _ => c.clone(),
        })
        .collect();
    project(node, exprs, schema, span)
}

/// The columns of a scanned index in name order (byte order), as Elasticsearch lists
/// an index's fields: `FROM`, `KEEP *` and `KEEP a*` show them so, whatever order the
/// input file had. A node already in order is returned as it is, and so is an index
/// known only in part (a translation's catalog lists the fields the query reads and
/// `*` for the rest: their true order is the index's, unknown here).
fn fields_in_name_order(node: Node, span: Span) -> Node {
    if node.schema.iter().any(|c| c.name == "*") {
        return node;
    }
    let mut order: Vec<usize> = (0..node.schema.len()).collect();
    order.sort_by(|&a, &b| node.schema[a].name.cmp(&node.schema[b].name));
    if order.iter().enumerate().all(|(i, &j)| i == j) {
        return node;
    }
    let exprs = order
        .iter()
        .map(|&i| Expr::column(i, node.schema[i].ty, span))
        .collect();
    let schema = order.iter().map(|&i| node.schema[i].clone()).collect();
    project(node, exprs, schema, span)
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
        known.retain(|n| !n.starts_with(enrich::POLICY_TABLE_PREFIX));
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
            let scan = Node {
                op: Op::Scan(Scan {
                    table: n.clone(),
                    read: None,
                }),
                schema: info.columns,
                span,
            };
            inputs.push(fields_in_name_order(scan, span));
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
            ast::CommandKind::InlineStats(stats) => self.inline_stats(node, stats, span),
            ast::CommandKind::Keep(patterns) => keep::keep(node, patterns, span),
            ast::CommandKind::Drop(patterns) => keep::drop(node, patterns, span),
            ast::CommandKind::Rename(renames) => keep::rename(node, renames, span),
            ast::CommandKind::Sort(keys) => {
                let keys = keys
                    .iter()
                    .map(|k| {
                        let descending = k.descending.unwrap_or(false);
                        // Multi-values sort by their min/max, IP addresses by value.
                        let key = expr::scalar(&k.expr, &node.schema)?;
                        let desc = Expr::literal(Value::Bool(descending), Type::Bool, k.span);
                        let key = expr::function("esql_sort_key", vec![key, desc], k.span)?;
                        Ok(SortKey {
                            expr: key,
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
            } => extract::dissect(node, input, pattern, options, span),
            ast::CommandKind::Grok {
                input,
                patterns: ps,
            } => extract::grok(node, input, ps, span),
            ast::CommandKind::Enrich { policy, on, with } => {
                self.enrich(node, policy, on.as_ref(), with, span)
            }
            ast::CommandKind::LookupJoin { index, on } => self.lookup_join(node, index, on, span),
            _ => Err(Diagnostic::new(
                Code::Unsupported,
                span,
                "this command is not supported by kqlc's ES|QL interpreter yet",
            )),
        }
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
}

/// One row per value of the multi-valued column `i` (in place, typed as declared; a
/// null stays null, where the shared operator would make an empty string of it).
fn mv_expand(node: Node, i: usize, span: Span) -> Node {
    let width = node.schema.len();
    let schema = node.schema.clone();
    let expanded = mv_expand_into_new_column(node, i, span);
    let exprs: Vec<Expr> = (0..width)
        .map(|c| Expr::column(if c == i { width } else { c }, schema[c].ty, span))
        .collect();
    project(expanded, exprs, schema, span)
}

/// The rows of `node` with one more column holding one value of column `i` per row
/// (a row per value of a multi-value; a null stays null, where the shared operator
/// would make an empty string of it).
fn mv_expand_into_new_column(node: Node, i: usize, span: Span) -> Node {
    use crate::plan::tabular::mv_expand::{Expansion, MvExpand, MvItem};
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
    let mut exprs: Vec<Expr> = (0..=width)
        .map(|c| Expr::column(c, schema[c].ty, span))
        .collect();
    let original = Expr::column(i, ty, span);
    let value = Expr::column(width, ty, span);
    if let Ok(present) = expr::function("isnotnull", vec![original], span)
        && let Ok(mut kept) = expr::function("case", vec![present, value], span)
    {
        kept.ty = ty;
        exprs[width] = kept;
    }
    project(expanded, exprs, schema, span)
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
