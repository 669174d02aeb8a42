//! Lowering `reduce`, `top-hitters`, `consume`, `evaluate rows_near(…)` and
//! `evaluate schema_merge(…)` (their pages in the Kusto docs).

use super::expr::Input;
use super::scope::Scope;
use super::{Lowerer, Tab, names};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::tabular::sort::{Sort, SortKey};
use crate::plan::tabular::summarize::{AggCall, AggregateRef, Summarize};
use crate::plan::tabular::table_fn::{Reduce, RowsNear, SchemaMerge, TableFnKind};
use crate::plan::tabular::take::Take;
use crate::plan::{Expr, Op};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Type, Value};

/// The threshold `reduce` uses when none is given (reduce-operator page).
const DEFAULT_THRESHOLD: f64 = 0.1;

impl<'c> Lowerer<'c> {
    /// `reduce [kind = source] by Expr [with threshold = T, characters = C]`: columns
    /// `Pattern`, `Count`, `Representative` (after the input's with `kind = source`,
    /// as Kusto.Language types it).
    pub(crate) fn reduce<'a>(
        &self,
        tab: Tab,
        params: &'a [ast::OpParam],
        by: &'a ast::Expr,
        with: &'a [ast::OpParam],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let mut source = false;
        for p in params.iter().filter(|p| p.name.name == "kind") {
            match &p.value.kind {
                ast::ExprKind::Name(n) if n.name == "source" => source = true,
                _ => {
                    return Err(Diagnostic::new(
                        Code::ArgumentType,
                        p.value.span,
                        "`reduce kind=` takes only `source`",
                    ));
                }
            }
        }
        let value = self.scalar(by, &Input::of(&tab), scope)?;
        if !matches!(value.ty, Type::String | Type::Unknown) {
            return Err(Diagnostic::new(
                Code::TypeMismatch,
                by.span,
                format!(
                    "`reduce by` takes a string, not {}; convert it with tostring()",
                    value.ty.name()
                ),
            ));
        }
        let mut reduce = Reduce {
            value,
            threshold: DEFAULT_THRESHOLD,
            characters: None,
            source,
        };
        for (i, setting) in with.iter().enumerate() {
            if with[..i].iter().any(|s| s.name.name == setting.name.name) {
                return Err(Diagnostic::new(
                    Code::ArgumentType,
                    setting.name.span,
                    format!("`{}` is given twice", setting.name.name),
                ));
            }
            let constant = self.scalar(&setting.value, &Input::none(), scope)?;
            let literal = constant.as_literal();
            match setting.name.name.as_str() {
                "threshold" => {
                    reduce.threshold = literal
                        .and_then(Value::as_f64)
                        .filter(|t| (0.0..=1.0).contains(t))
                        .ok_or_else(|| {
                            Diagnostic::new(
                                Code::ArgumentType,
                                setting.value.span,
                                "`reduce … with threshold=` takes a number from 0 to 1",
                            )
                        })?;
                }
                _ => {
                    let characters = literal.and_then(Value::as_str).ok_or_else(|| {
                        Diagnostic::new(
                            Code::ArgumentType,
                            setting.value.span,
                            "`reduce … with characters=` takes a string of separator characters",
                        )
                    })?;
                    reduce.characters = Some(characters.to_string());
                }
            }
        }
        let mut schema = if source {
            tab.schema().to_vec()
        } else {
            Vec::new()
        };
        for (name, ty) in [
            ("Pattern", Type::String),
            ("Count", Type::Long),
            ("Representative", Type::String),
        ] {
            schema.push(Column::new(super::sources::fresh_name(name, &schema), ty));
        }
        let open = if source { tab.open.clone() } else { None };
        Ok(tab.table_fn(None, TableFnKind::Reduce(reduce), schema, span, open))
    }

    /// `top-hitters N of Column [by Weight]`: the `N` values of the column with the
    /// most rows (or the largest sum of `Weight`), most first, in columns `Column` and
    /// `approximate_count_Column` (`approximate_sum_Weight`), as the page names them.
    /// Kusto approximates with a count-min sketch; kqlc counts exactly, i.e. runs
    /// `summarize C = count() by Column | top N by C desc`, which the page gives as
    /// what the operator approximates.
    pub(crate) fn top_hitters<'a>(
        &self,
        tab: Tab,
        count: &'a ast::Expr,
        of: &'a ast::Assignment,
        by: Option<&'a ast::Assignment>,
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        // Kusto.Language: "The expression value must be an integer" (`top-hitters 2.5`).
        let count_type = self.scalar(count, &Input::none(), scope)?.ty;
        if !matches!(count_type, Type::Int | Type::Long | Type::Unknown) {
            return Err(Diagnostic::new(
                Code::TypeMismatch,
                count.span,
                "`top-hitters` takes a whole number of values",
            ));
        }
        let n = self.constant_count(count, scope)?;
        let input = Input::of(&tab);
        let key = self.scalar(&of.value, &input, scope)?;
        // Kusto.Language: "Column name expected" for `of f(x)` and `of N = x` alike.
        let column_name = match (&of.value.kind, of.names.is_empty()) {
            (ast::ExprKind::Name(n), true) => n.name.clone(),
            _ => {
                return Err(Diagnostic::new(
                    Code::TypeMismatch,
                    of.value.span,
                    "`top-hitters … of` takes a column name; extend the value into a column first",
                ));
            }
        };
        let (aggregate, args, counted) = match by {
            None => (
                "count",
                Vec::new(),
                format!("approximate_count_{column_name}"),
            ),
            Some(weight) => {
                let w = self.scalar(&weight.value, &input, scope)?;
                if !matches!(
                    w.ty,
                    Type::Int | Type::Long | Type::Real | Type::Decimal | Type::Unknown
                ) {
                    return Err(Diagnostic::new(
                        Code::TypeMismatch,
                        weight.value.span,
                        format!("`top-hitters … by` sums a number, not {}", w.ty.name()),
                    ));
                }
                let name = match weight.names.first() {
                    Some(given) => given.name.clone(),
                    None => names::derived_name(&weight.value).unwrap_or_default(),
                };
                ("sum", vec![w], format!("approximate_sum_{name}"))
            }
        };
        let Some(func) = crate::functions::registry::aggregate(aggregate) else {
            return Err(Diagnostic::new(
                Code::Unsupported,
                span,
                format!("the {aggregate}() aggregate is not available"),
            ));
        };
        let types: Vec<Type> = args.iter().map(|a| a.ty).collect();
        let counted_type = func.returns.resolve(&types);
        let key_type = key.ty;
        let consts = vec![Value::Null; args.len()];
        let summarize = Summarize {
            input: Box::new(tab.node),
            keys: vec![key],
            aggregates: vec![AggCall {
                func: AggregateRef(func),
                args,
                consts,
            }],
            empty_strings: true,
        };
        let counted_name =
            super::sources::fresh_name(&counted, &[Column::new(column_name.clone(), key_type)]);
        let schema = vec![
            Column::new(column_name, key_type),
            Column::new(counted_name, counted_type),
        ];
        let grouped = Tab::new(Op::Summarize(summarize), schema.clone(), span, None);
        let sorted = Tab::new(
            Op::Sort(Sort {
                input: Box::new(grouped.node),
                keys: vec![SortKey {
                    expr: Expr::column(1, counted_type, span),
                    descending: true,
                    nulls_first: false,
                }],
            }),
            schema.clone(),
            span,
            None,
        );
        Ok(Tab::new(
            Op::Take(Take {
                input: Box::new(sorted.node),
                count: n,
            }),
            schema,
            span,
            None,
        ))
    }

    /// `consume`: the input's columns and no rows (the consume-operator page: "the
    /// results table is empty"). kqlc has no side effect to trigger, so it reads none
    /// of the input.
    pub(crate) fn consume(&self, tab: Tab, span: Span) -> Tab {
        let (schema, open) = (tab.node.schema.clone(), tab.open.clone());
        Tab::new(
            Op::Take(Take {
                input: Box::new(tab.node),
                count: 0,
            }),
            schema,
            span,
            open,
        )
    }

    /// `evaluate rows_near(Condition, NumRows [, RowsAfter])`: the input's columns.
    pub(crate) fn rows_near<'a>(
        &self,
        tab: Tab,
        name: &ast::Ident,
        args: &'a [ast::Arg],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let (condition, before, after) = match args {
            [c, n] => (c, n, n),
            [c, n, a] => (c, n, a),
            _ => {
                return Err(Diagnostic::new(
                    Code::WrongArity,
                    name.span,
                    "rows_near() needs Condition, NumRows and optionally RowsAfter",
                ));
            }
        };
        let condition_expr = self.scalar(&condition.value, &Input::of(&tab), scope)?;
        if !matches!(condition_expr.ty, Type::Bool | Type::Unknown) {
            return Err(Diagnostic::new(
                Code::NotBool,
                condition.span,
                format!(
                    "rows_near()'s condition must be a bool, not {}",
                    condition_expr.ty.name()
                ),
            ));
        }
        let before = self.constant_count(&before.value, scope)?;
        let after = self.constant_count(&after.value, scope)?;
        let (schema, open) = (tab.node.schema.clone(), tab.open.clone());
        Ok(tab.table_fn(
            None,
            TableFnKind::RowsNear(RowsNear {
                condition: condition_expr,
                before,
                after,
            }),
            schema,
            span,
            open,
        ))
    }

    /// `evaluate schema_merge([PreserveOrder])` over `getschema`-shaped rows: the
    /// columns `getschema` gives.
    pub(crate) fn schema_merge<'a>(
        &self,
        tab: Tab,
        name: &ast::Ident,
        args: &'a [ast::Arg],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let preserve_order = match args {
            [] => true,
            [arg] if arg.name.as_ref().is_none_or(|n| n.name == "PreserveOrder") => {
                let value = self.scalar(&arg.value, &Input::none(), scope)?;
                value.as_literal().and_then(Value::as_bool).ok_or_else(|| {
                    Diagnostic::new(
                        Code::ArgumentType,
                        arg.span,
                        "schema_merge()'s PreserveOrder is a constant bool",
                    )
                })?
            }
            _ => {
                return Err(Diagnostic::new(
                    Code::WrongArity,
                    name.span,
                    "schema_merge() takes only PreserveOrder",
                ));
            }
        };
        let column = |wanted: &str| tab.node.column_index(wanted);
        let (Some(column_name), Some(ordinal), Some(column_type)) = (
            column("ColumnName"),
            column("ColumnOrdinal"),
            column("ColumnType"),
        ) else {
            return Err(Diagnostic::new(
                Code::TypeMismatch,
                name.span,
                "schema_merge() merges schemas as getschema gives them: its input needs ColumnName, ColumnOrdinal and ColumnType",
            ));
        };
        let kind = TableFnKind::SchemaMerge(SchemaMerge {
            name: column_name,
            ordinal,
            column_type,
            data_type: column("DataType"),
            preserve_order,
        });
        let schema = vec![
            Column::new("ColumnName", Type::String),
            Column::new("ColumnOrdinal", Type::Int),
            Column::new("DataType", Type::String),
            Column::new("ColumnType", Type::String),
        ];
        Ok(tab.table_fn(None, kind, schema, span, None))
    }
}
