//! Lowering `evaluate` plugins: `bag_unpack`, `pivot` (in `pivot.rs`), the geo lookups
//! (in `geo_lookup.rs`) and those over the whole input (in `table_plugins.rs`).

use super::expr::Input;
use super::scope::Scope;
use super::sources::fresh_name;
use super::{Lowerer, Tab};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::exec::{MemoryTables, run};
use crate::ops::bag_unpack::json_type;
use crate::plan::tabular::bag_unpack::BagUnpack;
use crate::plan::tabular::project::Project;
use crate::plan::{Expr, ExprKind, Op, Plan};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Type, Value};
use std::collections::BTreeMap;

impl<'c> Lowerer<'c> {
    /// `evaluate plugin(…) [: (schema)]`: a declared schema gives the output its
    /// columns (bag-unpack-plugin, "Output schema syntax"): the listed ones, cast to
    /// their types (null where the plugin gave none), after the input's other columns
    /// when it starts with `*`.
    pub(crate) fn evaluate_declared<'a>(
        &self,
        tab: Tab,
        call: &'a ast::Expr,
        output: Option<&ast::OutputSchema>,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let Some(output) = output else {
            return self.evaluate(tab, call, span, scope);
        };
        let declared = super::sources::column_defs(&output.columns)?;
        let input_names: Vec<String> = tab.schema().iter().map(|c| c.name.clone()).collect();
        let out = match &call.kind {
            ast::ExprKind::Call { name, args } if name.name == "bag_unpack" => {
                let keys = declared.iter().map(|c| (c.name.clone(), c.ty)).collect();
                self.bag_unpack_keys(tab, args, Some(keys), span, scope)?
            }
            _ => self.evaluate(tab, call, span, scope)?,
        };
        Ok(declare_schema(
            out,
            &declared,
            output.wildcard,
            &input_names,
            span,
        ))
    }

    pub(crate) fn evaluate<'a>(
        &self,
        tab: Tab,
        call: &'a ast::Expr,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        match &call.kind {
            ast::ExprKind::Call { name, args } if name.name == "bag_unpack" => {
                self.bag_unpack_keys(tab, args, None, span, scope)
            }
            ast::ExprKind::Call { name, args } if name.name == "pivot" => {
                self.pivot(tab, args, span, scope)
            }
            ast::ExprKind::Call { name, args }
                if name.name == "ipv4_lookup" || name.name == "ipv6_lookup" =>
            {
                self.ip_lookup(tab, name, args, span, scope)
            }
            ast::ExprKind::Call { name, args }
                if name.name == "geo_polygon_lookup" || name.name == "geo_line_lookup" =>
            {
                self.geo_lookup(tab, name, args, span, scope)
            }
            ast::ExprKind::Call { name, args } if name.name == "rows_near" => {
                self.rows_near(tab, name, args, span, scope)
            }
            ast::ExprKind::Call { name, args } if name.name == "schema_merge" => {
                self.schema_merge(tab, name, args, span, scope)
            }
            ast::ExprKind::Call { name, args } if name.name == "basket" => {
                self.basket(tab, args, span, scope)
            }
            ast::ExprKind::Call { name, args } if name.name == "sliding_window_counts" => {
                self.sliding_window_counts(tab, name, args, span, scope)
            }
            ast::ExprKind::Call { name, args } if name.name == "activity_counts_metrics" => {
                self.activity_counts_metrics(tab, name, args, span, scope)
            }
            ast::ExprKind::Call { name, args } if Self::is_activity_plugin(&name.name) => self
                .activity_plugin(tab, name, args, span, scope)
                .unwrap_or_else(|| {
                    Err(Diagnostic::new(
                        Code::Unsupported,
                        name.span,
                        "unknown plugin",
                    ))
                }),
            ast::ExprKind::Call { name, .. } => self.unsupported(
                Some(tab),
                Diagnostic::new(
                    Code::Unsupported,
                    name.span,
                    format!("kqlc cannot run the `{}` plugin yet", name.name),
                ),
            ),
            _ => Err(Diagnostic::new(
                Code::SyntaxError,
                call.span,
                "`evaluate` needs a plugin call",
            )),
        }
    }

    /// The properties of the bag become columns: found by running the input when it is
    /// constant (a `datatable`, `print`…), else the properties the query goes on to name
    /// (the unpacked columns are open, like those of a table without a schema); or
    /// the `declared` ones.
    fn bag_unpack_keys<'a>(
        &self,
        tab: Tab,
        args: &'a [ast::Arg],
        declared: Option<Vec<(String, Type)>>,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let input = Input::of(&tab);
        let first = args.first().ok_or_else(|| {
            Diagnostic::new(Code::WrongArity, span, "bag_unpack() needs the bag column")
        })?;
        let column = match self.scalar(&first.value, &input, scope)?.kind {
            ExprKind::Column(i) => i,
            _ => {
                return Err(Diagnostic::new(
                    Code::TypeMismatch,
                    first.span,
                    "bag_unpack() unpacks a column; extend the bag into a column first",
                ));
            }
        };
        let options = self.bag_unpack_options(&args[1..], scope)?;
        let (prefix, ignored) = (&options.prefix, &options.ignored);
        let open_name = plugin_output("bag_unpack", span);
        // Check mode: no rows (`externaldata`, read at run time) tell nothing of the keys.
        let rows = self
            .constant_rows(&tab)
            .filter(|rows| !(self.check && rows.is_empty() || declared.is_some()));
        let constant = rows.is_some() || declared.is_some();
        let mut keys = match (declared, rows) {
            (Some(declared), _) => declared,
            (None, Some(rows)) => bag_keys(rows.iter().map(|r| &r[column])),
            (None, None) => self
                .extra
                .get(&open_name)
                .into_iter()
                .flatten()
                .filter_map(|n| n.strip_prefix(prefix.as_str()))
                .map(|k| (k.to_string(), Type::Unknown))
                .collect(),
        };
        keys.retain(|(k, _)| !ignored.contains(k));
        let mut schema: Vec<Column> = tab
            .schema()
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != column)
            .map(|(_, c)| c.clone())
            .collect();
        let mut replaced = Vec::new();
        let mut appended = Vec::new();
        let inputs = schema.len();
        for (key, ty) in keys {
            let name = format!("{prefix}{key}");
            match schema[..inputs].iter().position(|c| c.name == name) {
                None => {
                    schema.push(Column::new(fresh_name(&name, &schema), ty));
                    appended.push((key, ty));
                }
                Some(at) => match options.conflict {
                    Conflict::Replace => replaced.push((key, at, schema[at].ty)),
                    Conflict::Keep => {}
                    Conflict::Error => return Err(column_conflict(&name, span)),
                },
            }
        }
        let op = BagUnpack {
            input: Box::new(tab.node),
            column,
            keys: appended,
            replaced,
        };
        Ok(Tab::new(
            Op::BagUnpack(op),
            schema,
            span,
            (!constant).then_some(open_name),
        ))
    }

    /// `bag_unpack`'s arguments after the bag: `OutputColumnPrefix`, `columnsConflict`
    /// and `ignoredProperties`, by name or in that order.
    fn bag_unpack_options<'a>(
        &self,
        args: &'a [ast::Arg],
        scope: &Scope<'a>,
    ) -> Result<BagUnpackOptions> {
        const ORDER: [&str; 3] = ["OutputColumnPrefix", "columnsConflict", "ignoredProperties"];
        let mut options = BagUnpackOptions::default();
        for (i, arg) in args.iter().enumerate() {
            let value = self.scalar(&arg.value, &Input::none(), scope)?;
            let name = arg
                .name
                .as_ref()
                .map_or(ORDER.get(i).copied(), |n| Some(n.name.as_str()));
            match (name, value.as_literal()) {
                (Some("ignoredProperties"), Some(Value::Dynamic(d))) => {
                    options.ignored = d
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                }
                (Some("columnsConflict"), Some(v)) => {
                    options.conflict = match v.to_kusto_string().as_str() {
                        "replace_source" => Conflict::Replace,
                        "keep_source" => Conflict::Keep,
                        "error" => Conflict::Error,
                        other => {
                            return Err(Diagnostic::new(
                                Code::ArgumentType,
                                arg.span,
                                format!(
                                    "bag_unpack(): columnsConflict is `error`, `replace_source` or `keep_source`, not `{other}`"
                                ),
                            ));
                        }
                    }
                }
                (Some("OutputColumnPrefix"), Some(v)) => options.prefix = v.to_kusto_string(),
                _ => {}
            }
        }
        Ok(options)
    }

    /// The rows of a tab that reads no table (so it can run while lowering).
    pub(super) fn constant_rows(&self, tab: &Tab) -> Option<Vec<Vec<Value>>> {
        if reads_tables(&tab.node) {
            return None;
        }
        let plan = Plan {
            shared: self.shared.borrow().clone(),
            root: tab.node.clone(),
        };
        run(&plan, &MemoryTables::default(), 0).ok().map(|t| t.rows)
    }
}

/// What `bag_unpack` does with a property named like an input column
/// (bag-unpack-plugin page: `error` is the default).
#[derive(Default, Clone, Copy)]
enum Conflict {
    #[default]
    Error,
    Replace,
    Keep,
}

/// `bag_unpack`'s options after the bag column.
#[derive(Default)]
struct BagUnpackOptions {
    prefix: String,
    conflict: Conflict,
    ignored: Vec<String>,
}

/// `bag_unpack` met a property named like an input column, with no `columnsConflict`.
fn column_conflict(name: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RuntimeError,
        span,
        format!("bag_unpack(): the bag's property `{name}` is also a column of the input"),
    )
    .with_help(
        "say which to keep: `columnsConflict='replace_source'` or `columnsConflict='keep_source'`",
    )
}

/// The plugins whose output columns come from the data (`bag_unpack`, `pivot`).
const DATA_COLUMN_PLUGINS: &[&str] = &["bag_unpack", "pivot"];

/// The open-table name of such a plugin's output at `span`: columns the query names
/// after it are discovered under this name.
pub(super) fn plugin_output(plugin: &str, span: Span) -> String {
    format!("{plugin}@{}", span.start)
}

/// Whether an open table is the output of a plugin of [`DATA_COLUMN_PLUGINS`].
pub(super) fn is_plugin_output(open: &str) -> bool {
    open.split_once('@')
        .is_some_and(|(plugin, _)| DATA_COLUMN_PLUGINS.contains(&plugin))
}

/// The sorted property names of the bags and each one's type (its values' JSON type;
/// dynamic when they disagree).
fn bag_keys<'v>(bags: impl Iterator<Item = &'v Value>) -> Vec<(String, Type)> {
    let mut keys: BTreeMap<String, Option<Type>> = BTreeMap::new();
    for bag in bags {
        let Value::Dynamic(d) = bag else { continue };
        for (k, v) in d.as_object().into_iter().flatten() {
            let seen = keys.entry(k.clone()).or_insert(None);
            *seen = match (*seen, json_type(v)) {
                (None, t) => t,
                (Some(a), Some(b)) if a != b => Some(Type::Dynamic),
                (a, _) => a,
            };
        }
    }
    keys.into_iter()
        .map(|(k, t)| (k, t.unwrap_or(Type::Dynamic)))
        .collect()
}

/// Whether a plan reads a table (scans, or shared plans that may).
fn reads_tables(node: &crate::plan::Node) -> bool {
    let mut found = false;
    crate::plan::visit::each_input(node, &mut |n| {
        found |= matches!(n.op, Op::Scan(_) | Op::Shared(_) | Op::ApplyInput) || reads_tables(n);
    });
    found || matches!(node.op, Op::Scan(_) | Op::Shared(_) | Op::ApplyInput)
}

impl<'c> Lowerer<'c> {
    /// `parse-kv source as (Key: type, …) with (…)`.
    pub(crate) fn parse_kv<'a>(
        &self,
        tab: Tab,
        source: &'a ast::Expr,
        columns: &[(ast::Ident, ast::TypeName)],
        params: &'a [ast::OpParam],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let source = self.scalar(source, &Input::of(&tab), scope)?;
        let typed = super::sources::column_defs(columns)?;
        let texts = |name: &str| -> Result<Vec<(String, Span)>> {
            let mut found = Vec::new();
            for p in params.iter().filter(|p| p.name.name == name) {
                let value = self.scalar(&p.value, &Input::none(), scope)?;
                found.extend(
                    value
                        .as_literal()
                        .map(|v| (v.to_kusto_string(), p.value.span)),
                );
            }
            Ok(found)
        };
        let text_param = |name: &str| Ok::<_, Diagnostic>(texts(name)?.pop().map(|(t, _)| t));
        let greedy = text_param("greedy")?.is_some_and(|g| g == "true");
        let quotes = texts("quote")?
            .into_iter()
            .map(|(q, at)| quote_pair(&q, at))
            .collect::<Result<Vec<_>>>()?;
        let escapes = texts("escape")?
            .into_iter()
            .filter_map(|(e, _)| e.chars().next())
            .collect();
        let regex = texts("regex")?.pop();
        if let Some((pattern, at)) = &regex {
            crate::functions::string::regex::compiled(pattern)
                .map_err(|why| Diagnostic::new(Code::InvalidRegex, *at, why))?;
        }
        let mut schema = tab.schema().to_vec();
        for c in &typed {
            schema.push(Column::new(fresh_name(&c.name, &schema), c.ty));
        }
        let op = crate::plan::tabular::parse_kv::ParseKv {
            input: Box::new(tab.node),
            source,
            columns: typed.into_iter().map(|c| (c.name, c.ty)).collect(),
            pair_delimiter: text_param("pair_delimiter")?,
            kv_delimiter: text_param("kv_delimiter")?,
            quotes,
            escapes,
            greedy,
            regex: regex.map(|(pattern, _)| pattern),
        };
        let open = tab.open.clone();
        Ok(Tab::new(Op::ParseKv(Box::new(op)), schema, span, open))
    }
}

/// A `quote=` of `parse-kv`: one character (opening and closing) or two.
fn quote_pair(text: &str, at: Span) -> Result<(char, char)> {
    let mut chars = text.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(q), None, _) => Ok((q, q)),
        (Some(open), Some(close), None) => Ok((open, close)),
        _ => Err(Diagnostic::new(
            Code::ArgumentType,
            at,
            "parse-kv: a `quote` is one character, or two (opening and closing)",
        )),
    }
}

/// The output of a plugin given its declared schema: the declared columns, each the
/// plugin's column of that name cast to the declared type (null without one), after
/// the input's columns the plugin kept when the schema starts with `*`.
fn declare_schema(
    out: Tab,
    declared: &[Column],
    wildcard: bool,
    input_names: &[String],
    span: Span,
) -> Tab {
    let position = |name: &str| out.schema().iter().position(|c| c.name == name);
    let mut exprs: Vec<Expr> = Vec::new();
    let mut schema: Vec<Column> = Vec::new();
    if wildcard {
        for (i, c) in out.schema().iter().enumerate() {
            let kept = input_names.contains(&c.name) && !declared.iter().any(|d| d.name == c.name);
            if kept {
                exprs.push(Expr::column(i, c.ty, span));
                schema.push(c.clone());
            }
        }
    }
    for column in declared {
        let expr = match position(&column.name) {
            Some(i) => Expr::column(i, out.schema()[i].ty, span).cast(column.ty),
            None => Expr::literal(Value::null_of(column.ty), column.ty, span),
        };
        exprs.push(expr);
        schema.push(column.clone());
    }
    let op = Project {
        input: Box::new(out.node),
        exprs,
    };
    Tab::new(Op::Project(op), schema, span, None)
}
