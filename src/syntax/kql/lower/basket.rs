//! Lowering `evaluate basket(…)` (basket-plugin page): `SegmentId`, `Count`, `Percent`,
//! then the input's columns, as Kusto.Language types the plugin's output.

use super::expr::Input;
use super::scope::Scope;
use super::{Lowerer, Tab};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::ExprKind;
use crate::plan::tabular::table_fn::{Basket, TableFnKind};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Type, Value};

/// The default share of rows a pattern must match, and the default most columns.
const DEFAULT_THRESHOLD: f64 = 0.05;
const DEFAULT_MAX_DIMENSIONS: usize = 5;

impl<'c> Lowerer<'c> {
    pub(crate) fn basket<'a>(
        &self,
        tab: Tab,
        args: &'a [ast::Arg],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let constant = |a: &'a ast::Arg| -> Result<Option<Value>> {
            let value = self.scalar(&a.value, &Input::none(), scope)?;
            let value = value.as_literal().cloned();
            Ok(value.filter(|v| !is_default(v)))
        };
        let threshold = match args.first() {
            Some(a) => constant(a)?.and_then(|v| v.as_f64()),
            None => None,
        }
        .unwrap_or(DEFAULT_THRESHOLD);
        if !(0.0..=1.0).contains(&threshold) {
            return Err(Diagnostic::new(
                Code::TypeMismatch,
                args[0].span,
                "basket's threshold is a share of the rows, from 0.015 to 1",
            ));
        }
        let weight = match args.get(1) {
            Some(a) if !is_default_arg(a) => Some(self.weight_column(a, &tab, scope)?),
            _ => None,
        };
        let max_dimensions = match args.get(2) {
            Some(a) => constant(a)?.and_then(|v| v.as_f64()).map(|n| n as usize),
            None => None,
        }
        .unwrap_or(DEFAULT_MAX_DIMENSIONS)
        .max(1);
        let mut custom: Vec<Value> = Vec::new();
        for a in args.iter().skip(3) {
            custom.extend(constant(a)?);
        }
        let schema = tab.schema().to_vec();
        let wildcards = schema.iter().map(|c| wildcard(c.ty, &custom)).collect();
        let columns = (0..schema.len())
            .filter(|&i| Some(i) != weight && schema[i].ty != Type::Dynamic)
            .collect();
        let mut output = vec![
            Column::new("SegmentId", Type::Long),
            Column::new("Count", Type::Long),
            Column::new("Percent", Type::Real),
        ];
        output.extend(schema);
        Ok(tab.table_fn(
            None,
            TableFnKind::Basket(Basket {
                threshold,
                weight,
                max_dimensions,
                columns,
                wildcards,
            }),
            output,
            span,
            None,
        ))
    }

    /// The weight column: a column name, or its name as a string.
    fn weight_column(&self, a: &ast::Arg, tab: &Tab, scope: &Scope) -> Result<usize> {
        let named = match &a.value.kind {
            ast::ExprKind::Literal(ast::Literal::String(s)) => {
                tab.schema().iter().position(|c| c.name == *s)
            }
            _ => match self.scalar(&a.value, &Input::of(tab), scope)?.kind {
                ExprKind::Column(i) => Some(i),
                _ => None,
            },
        };
        named.ok_or_else(|| {
            Diagnostic::new(
                Code::UnknownColumn,
                a.span,
                "basket's weight is a numeric column of its input",
            )
        })
    }
}

/// `~` (or `'~'`): the parameter's default.
fn is_default(v: &Value) -> bool {
    matches!(v, Value::String(s) if &**s == "~")
}

fn is_default_arg(a: &ast::Arg) -> bool {
    matches!(&a.value.kind, ast::ExprKind::Literal(ast::Literal::String(s)) if s == "~")
}

/// The value that stands for "any value" in a column of type `ty`: the custom
/// wildcard of that type, else an empty string for strings and null otherwise.
fn wildcard(ty: Type, custom: &[Value]) -> Value {
    let of_type = |v: &&Value| {
        matches!(
            (ty, v),
            (Type::String, Value::String(_))
                | (Type::Bool, Value::Bool(_))
                | (Type::Int | Type::Long, Value::Long(_))
                | (Type::Real | Type::Decimal, Value::Real(_))
                | (Type::DateTime, Value::DateTime(_))
                | (Type::TimeSpan, Value::TimeSpan(_))
        )
    };
    match custom.iter().find(of_type) {
        Some(v) => v.clone(),
        None if ty == Type::String => Value::string(""),
        None => Value::null_of(ty),
    }
}
