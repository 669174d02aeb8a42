//! Lowering `evaluate geo_polygon_lookup(…)` and `evaluate geo_line_lookup(…)`
//! (geo-polygon-lookup-plugin, geo-line-lookup-plugin): the input's columns, then the
//! lookup table's, its shape column only with `return_lookup_key = true`.

use super::expr::Input;
use super::scope::Scope;
use super::sources::fresh_name;
use super::{Lowerer, Tab};
use crate::diagnostic::{Code, Diagnostic, Result};
use crate::plan::Expr;
use crate::plan::tabular::table_fn::{GeoLookup, TableFnKind};
use crate::source::Span;
use crate::syntax::kql::ast;
use crate::value::{Column, Value};

/// The optional parameters after the four required ones, in order.
const OPTIONAL: [&str; 4] = [
    "radius",
    "return_unmatched",
    "lookup_area_radius",
    "return_lookup_key",
];

impl<'c> Lowerer<'c> {
    pub(crate) fn geo_lookup<'a>(
        &self,
        tab: Tab,
        name: &ast::Ident,
        args: &'a [ast::Arg],
        span: Span,
        scope: &Scope<'a>,
    ) -> Result<Tab> {
        let lines = name.name == "geo_line_lookup";
        let [table, key, lon, lat, rest @ ..] = args else {
            return Err(Diagnostic::new(
                Code::WrongArity,
                name.span,
                format!(
                    "{}() needs the lookup table, its shape column, and the longitude and latitude columns",
                    name.name
                ),
            ));
        };
        let side = self.tabular(&table.value, scope)?;
        let input = Input::of(&tab);
        let key = self.input_column(&key.value, &Input::of(&side), scope)?;
        let (longitude, latitude) = (
            self.input_column(&lon.value, &input, scope)?,
            self.input_column(&lat.value, &input, scope)?,
        );
        let mut options: [Option<Expr>; 4] = Default::default();
        for (i, arg) in rest.iter().enumerate() {
            let slot = match &arg.name {
                Some(n) => OPTIONAL.iter().position(|o| *o == n.name),
                None => (i < OPTIONAL.len()).then_some(i),
            };
            let Some(slot) = slot else {
                return Err(Diagnostic::new(
                    Code::WrongArity,
                    arg.span,
                    format!("{}() takes no such argument", name.name),
                ));
            };
            options[slot] = Some(self.scalar(&arg.value, &Input::none(), scope)?);
        }
        let [radius, unmatched, _, return_key] = options;
        if lines && radius.is_none() {
            return Err(Diagnostic::new(
                Code::WrongArity,
                name.span,
                "geo_line_lookup() needs the radius (metres from the line)",
            ));
        }
        let flag = |e: Option<Expr>| constant_flag(e, span);
        let (unmatched, return_key) = (flag(unmatched)?, flag(return_key)?);
        let mut schema = tab.schema().to_vec();
        let appended: Vec<usize> = (0..side.schema().len())
            .filter(|&i| i != key || return_key)
            .collect();
        for &i in &appended {
            let c = &side.schema()[i];
            schema.push(Column::new(fresh_name(&c.name, &schema), c.ty));
        }
        let kind = TableFnKind::GeoLookup(GeoLookup {
            lines,
            key,
            longitude,
            latitude,
            radius,
            appended,
            unmatched,
        });
        Ok(tab.table_fn(Some(side.node), kind, schema, span, None))
    }
}

/// A bool parameter, which must be a constant: the output's columns depend on it.
fn constant_flag(e: Option<Expr>, span: Span) -> Result<bool> {
    let Some(e) = e else { return Ok(false) };
    match e.as_literal() {
        Some(Value::Null) => Ok(false),
        Some(v) => v.as_bool().ok_or_else(|| {
            Diagnostic::new(
                Code::TypeMismatch,
                e.span,
                "return_unmatched and return_lookup_key are true or false",
            )
        }),
        None => Err(Diagnostic::new(
            Code::Unsupported,
            span,
            "kqlc needs return_unmatched and return_lookup_key as constants",
        )),
    }
}
