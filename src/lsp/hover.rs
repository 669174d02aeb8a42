//! Hover: what the name under the cursor is. A `let` name or user function shows its
//! definition; a function call its signature and one-line doc; a column or expression
//! its type from the typed plan; a table name its schema.

use super::definition::{Definition, DefinitionKind, definition_at, ident_at};
use super::settings::Settings;
use crate::check::scope::{column_type, expr_at, typed_plan};
use crate::functions::registry;
use crate::plan::catalog::Catalog;
use crate::source::Span;
use crate::syntax::kql::ast::{Query, StatementKind};
use crate::value::Column;

/// A hover's markdown text and the query span it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct HoverText {
    pub markdown: String,
    pub span: Span,
}

/// The hover at query offset `offset` of KQL `text`.
pub fn hover(text: &str, offset: usize, settings: &Settings) -> Option<HoverText> {
    let Some((name, span)) = ident_at(text, offset) else {
        return expression_hover(text, offset, settings);
    };
    let at = |markdown: String| Some(HoverText { markdown, span });
    if let Some(query) = crate::syntax::kql::parse(text).0
        && let Some(def) = definition_at(&query, text, offset)
    {
        return at(definition_text(text, &query, &def, settings));
    }
    if followed_by_paren(text, span)
        && let Some(markdown) = function_text(&name, settings)
    {
        return at(markdown);
    }
    let plan = typed_plan(text, &settings.check);
    if let Some(plan) = &plan
        && let Some(e) = expr_at(plan, span.start as usize)
        && (e.is_column || e.span == span)
    {
        return at(format!("```kql\n{name}: {}\n```", e.ty.name()));
    }
    if let Some(info) = settings.check.catalog.table(&name)
        && settings.check.catalog.has_schema(&name)
    {
        return at(table_text(&name, &info.columns));
    }
    let ty = column_type(plan.as_ref()?, &name)?;
    at(format!("```kql\n{name}: {}\n```", ty.name()))
}

/// The type of the innermost expression at `offset`, when not on a name.
fn expression_hover(text: &str, offset: usize, settings: &Settings) -> Option<HoverText> {
    let plan = typed_plan(text, &settings.check)?;
    let e = expr_at(&plan, offset)?;
    let source = text.get(e.span.range())?.trim();
    let shown: String = source.chars().take(60).collect();
    Some(HoverText {
        markdown: format!("```kql\n{shown}: {}\n```", e.ty.name()),
        span: e.span,
    })
}

fn followed_by_paren(text: &str, span: Span) -> bool {
    text.get(span.end as usize..)
        .is_some_and(|rest| rest.trim_start().starts_with('('))
}

/// A built-in function's signatures and doc (`ago`/`now` also say what "now" is).
/// The signatures are Kusto's typed overloads (`functions::signature`), one a line;
/// a function Kusto has and kqlc does not run is shown with that said.
pub fn function_text(name: &str, settings: &Settings) -> Option<String> {
    use crate::functions::signature::{Kind, signatures};
    let (signature, doc, kind, sig_kind) = match registry::scalar(name) {
        Some(f) => (f.signature, f.doc, "function", Kind::Scalar),
        None => match registry::aggregate(name) {
            Some(f) => (f.signature, f.doc, "aggregate function", Kind::Aggregate),
            None => {
                let kind = [Kind::Scalar, Kind::Aggregate]
                    .into_iter()
                    .find(|k| !signatures(*k, name).is_empty())?;
                (
                    "",
                    "a Kusto function kqlc checks but does not run yet",
                    "function",
                    kind,
                )
            }
        },
    };
    let typed: Vec<String> = signatures(sig_kind, name)
        .iter()
        .map(|s| format!("{name}{}", s.display()))
        .collect();
    let lines = match typed.is_empty() {
        true => format!("{name}{signature}"),
        false => typed.join("\n"),
    };
    let mut text = format!("```kql\n{lines}\n```\n{kind}: {doc}");
    if matches!(name, "ago" | "now") {
        let now = crate::value::time::format_datetime(settings.now_ticks());
        let source = if settings.now.is_some() {
            "the `now` setting"
        } else {
            "the clock"
        };
        text.push_str(&format!("\n\nnow is {now} ({source})"));
    }
    Some(text)
}

/// A table's columns and types.
pub fn table_text(name: &str, columns: &[Column]) -> String {
    let mut text = format!("```kql\n{name} (\n");
    for c in columns {
        text.push_str(&format!("    {}: {},\n", c.name, c.ty.name()));
    }
    text.push_str(&format!(")\n```\ntable: {} columns", columns.len()));
    text
}

/// A `let` name, user function or parameter: its definition as written (first line);
/// a top-level tabular `let` also lists its columns.
fn definition_text(text: &str, query: &Query, def: &Definition, settings: &Settings) -> String {
    let statement = query
        .statements
        .iter()
        .find(|s| matches!(&s.kind, StatementKind::Let { name, .. } if name.span == def.span));
    let written = match statement {
        Some(s) => text.get(s.span.range()).unwrap_or(""),
        None => def.name.as_str(),
    };
    let mut lines = written.lines();
    let mut shown = lines.next().unwrap_or("").to_string();
    if lines.next().is_some() {
        shown.push_str(" …");
    }
    let kind = match def.kind {
        DefinitionKind::Let => "let",
        DefinitionKind::Function => "user function",
        DefinitionKind::Parameter => "parameter",
    };
    let mut out = format!("```kql\n{shown}\n```\n{kind} `{}`", def.name);
    if def.kind == DefinitionKind::Let
        && let Some(s) = statement
        && let Some(columns) = let_columns(text, s.span.end as usize, &def.name, settings)
    {
        out.push_str(&format!(": a table of {} columns\n\n", columns.len()));
        for c in &columns {
            out.push_str(&format!("- `{}`: {}\n", c.name, c.ty.name()));
        }
    }
    out
}

/// The columns of a tabular `let` whose statement ends at `end`: the query up to it,
/// then the name as the result. `None` for a scalar `let` or one that does not lower.
fn let_columns(text: &str, end: usize, name: &str, settings: &Settings) -> Option<Vec<Column>> {
    let before = text.get(..end)?.trim_end().trim_end_matches(';');
    let probe = format!("{before};\n{name}");
    let plan = typed_plan(&probe, &settings.check)?;
    (!plan.root.schema.is_empty()).then_some(plan.root.schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hover_on(text: &str, needle: &str, nth: usize) -> String {
        let offset = text.match_indices(needle).nth(nth).unwrap().0 + 1;
        hover(text, offset, &Settings::default()).unwrap().markdown
    }

    #[test]
    fn a_column_shows_its_type() {
        let text = "AuditLogs | where OperationName == 'x' | project TimeGenerated";
        assert!(hover_on(text, "OperationName", 0).contains("OperationName: string"));
        assert!(hover_on(text, "TimeGenerated", 0).contains("TimeGenerated: datetime"));
    }

    #[test]
    fn an_extended_column_shows_the_type_of_its_value() {
        let text = "AuditLogs | extend N = strlen(OperationName) | where N > 1";
        assert!(hover_on(text, " N ", 1).contains("N: long"));
    }

    #[test]
    fn a_function_shows_its_signature_and_doc() {
        let text = "AuditLogs | where isnotempty(Result)";
        let h = hover_on(text, "isnotempty", 0);
        assert!(h.starts_with("```kql\nisnotempty("), "{h}");
        assert!(h.contains("function: "), "{h}");
    }

    #[test]
    fn ago_says_which_now_it_uses() {
        let (settings, _) =
            Settings::from_json(&serde_json::json!({"now": "2026-01-01T00:00:00Z"}));
        let text = "AuditLogs | where TimeGenerated > ago(1h)";
        let offset = text.find("ago").unwrap();
        let h = hover(text, offset, &settings).unwrap().markdown;
        assert!(
            h.contains("now is 2026-01-01T00:00:00Z (the `now` setting)"),
            "{h}"
        );
    }

    #[test]
    fn a_table_shows_its_schema() {
        let h = hover_on("AuditLogs | take 1", "AuditLogs", 0);
        assert!(h.contains("OperationName: string"), "{h}");
        assert!(h.contains("table: "), "{h}");
    }

    #[test]
    fn a_let_name_shows_its_definition() {
        let text = "let Window = 1h;\nAuditLogs | where TimeGenerated > ago(Window)";
        let h = hover_on(text, "Window", 1);
        assert!(h.contains("let Window = 1h"), "{h}");
        assert!(!h.contains("columns"), "a scalar let has no columns: {h}");
    }

    #[test]
    fn a_tabular_let_lists_its_columns() {
        let text = "let Ops = AuditLogs\n| project OperationName, N = 1;\nOps | take 1";
        let h = hover_on(text, "Ops", 1);
        assert!(h.contains("let Ops = AuditLogs …"), "{h}");
        assert!(h.contains("a table of 2 columns"), "{h}");
        assert!(h.contains("- `N`: long"), "{h}");
    }
}
