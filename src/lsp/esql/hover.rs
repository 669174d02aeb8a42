//! Hover on ES|QL: a function's name, argument count and kind (and whether `kqlc run`
//! implements it); a column's origin (the `EVAL`, `STATS`, `RENAME`, … that makes it,
//! or the `FROM` index); the columns a `KEEP`/`DROP` pattern matches.

use super::names::{Name, Role, name_at};
use crate::check::esql::columns::stage_start;
use crate::check::esql::functions::{self, Kind, arity_text};
use crate::check::esql::scope::fits;
use crate::check::esql::{ColumnsAt, Definition, columns_at, definitions};
use crate::lsp::hover::HoverText;
use crate::syntax::esql::ast::{self, SourceKind};

/// The hover at query offset `offset` of ES|QL `text`.
pub fn hover(text: &str, offset: usize) -> Option<HoverText> {
    let query = crate::syntax::esql::parse(text).0?;
    let name = name_at(&query, offset)?;
    let markdown = match name.role {
        Role::Function => function_text(&name.text)?,
        Role::Metadata => format!(
            "```esql\n{}\n```\nmetadata field, asked for by `FROM … METADATA`",
            name.text
        ),
        Role::Defines => {
            let all = definitions(&query, text);
            let here = all.iter().find(|d| d.name_span == name.span)?;
            definition_text(text, here, "made here by")
        }
        Role::Pattern { keep } if name.text.contains('*') => {
            pattern_text(&name.text, keep, &columns_at(&query, text, offset))
        }
        Role::Pattern { .. } | Role::Column => column_text(&query, text, &name, offset)?,
    };
    Some(HoverText {
        markdown,
        span: name.span,
    })
}

/// A function's name, kind, argument count, and whether `kqlc run` implements it.
pub fn function_text(name: &str) -> Option<String> {
    let f = functions::lookup(name)?;
    let kind = match f.kind {
        Kind::Scalar => "scalar function",
        Kind::Aggregate => "aggregate function (only in `STATS`)",
        Kind::Grouping => "grouping function (only as a `STATS … BY` key)",
    };
    let run = if runs(f.name) {
        "`kqlc run` implements it."
    } else {
        "`kqlc check` knows it; `kqlc run` does not implement it."
    };
    Some(format!(
        "```esql\n{}(…)\n```\n{kind}, {}\n\n{run}",
        f.name,
        arity_text(f)
    ))
}

/// Whether `kqlc run` can evaluate the ES|QL function `name` (its lowering finds it).
pub fn runs(name: &str) -> bool {
    use crate::functions::esql;
    let lower = name.to_ascii_lowercase();
    esql::scalar(&lower).is_some()
        || esql::aggregate(&lower).is_some()
        || esql::CONVERSIONS.contains(&lower.as_str())
        || lower == "date_trunc"
}

/// Where a column read at some point comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A command of the query made it.
    Made(Definition),
    /// A field of the index (or of a joined or enriched one).
    Index,
}

/// The origin of the column `name` read at `offset`: an earlier stage, an earlier field
/// of the same command, or the index. `None` for a name not in scope there.
pub fn origin(query: &ast::Query, text: &str, name: &Name, offset: usize) -> Option<Origin> {
    let scope = columns_at(query, text, offset);
    if let Some(column) = scope.columns.iter().find(|c| c.name == name.text) {
        return Some(match &column.defined {
            Some(d) => Origin::Made(d.clone()),
            None => Origin::Index,
        });
    }
    let stage = stage_start(text, offset).unwrap_or(0);
    let same_command = definitions(query, text).into_iter().rev().find(|d| {
        d.name == name.text && (d.span.start as usize) >= stage && d.span.end <= name.span.start
    });
    match same_command {
        Some(d) => Some(Origin::Made(d)),
        None if scope.open || stage == 0 => Some(Origin::Index),
        None => None,
    }
}

/// A column read at `offset`: what made it, or the index it comes from.
fn column_text(query: &ast::Query, text: &str, name: &Name, offset: usize) -> Option<String> {
    Some(match origin(query, text, name, offset)? {
        Origin::Made(d) => definition_text(text, &d, "made by"),
        Origin::Index => index_field_text(query, &name.text),
    })
}

/// `made by EVAL` and the defining text (its first line).
fn definition_text(text: &str, d: &Definition, verb: &str) -> String {
    let written = text.get(d.span.range()).unwrap_or(&d.name);
    let mut lines = written.lines();
    let mut shown: String = lines.next().unwrap_or("").chars().take(100).collect();
    if lines.next().is_some() || shown.len() < written.lines().next().unwrap_or("").len() {
        shown.push_str(" …");
    }
    format!(
        "```esql\n{shown}\n```\ncolumn `{}`, {verb} `{}`",
        d.name, d.command
    )
}

/// A field read from the `FROM` index, whose type kqlc cannot know.
fn index_field_text(query: &ast::Query, name: &str) -> String {
    let source = match &query.source.kind {
        SourceKind::From { indices, .. } => {
            let names: Vec<String> = indices.iter().map(|i| format!("`{}`", i.index)).collect();
            format!("a field of the index {}", names.join(", "))
        }
        _ => "a field of a joined or enriched index".to_string(),
    };
    format!("```esql\n{name}\n```\n{source} (kqlc has no index mapping: its type is not known)")
}

/// The columns a `KEEP`/`DROP` wildcard pattern matches there.
fn pattern_text(pattern: &str, keep: bool, scope: &ColumnsAt) -> String {
    let matched: Vec<&str> = scope
        .columns
        .iter()
        .filter(|c| fits(pattern, &c.name))
        .map(|c| c.name.as_str())
        .collect();
    let verb = if keep { "keeps" } else { "drops" };
    let mut out = format!(
        "```esql\n{pattern}\n```\n{verb} {} known column{}",
        matched.len(),
        if matched.len() == 1 { "" } else { "s" }
    );
    if scope.open {
        out.push_str(" (and any unseen index field it fits)");
    }
    out.push_str("\n\n");
    for name in matched {
        out.push_str(&format!("- `{name}`\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUERY: &str = "from logs-x metadata _id\n\
        | eval n = length(user.name), m = n + 1\n\
        | stats c = count(*), s = values(m) by user.name\n\
        | rename c as total\n\
        | keep total, u*\n\
        | sort user.name";

    fn hover_on(needle: &str, nth: usize) -> String {
        let offset = QUERY.match_indices(needle).nth(nth).unwrap().0 + 1;
        hover(QUERY, offset).expect("a hover").markdown
    }

    #[test]
    fn a_function_shows_its_kind_arity_and_whether_run_implements_it() {
        let h = hover_on("length", 0);
        assert!(
            h.starts_with("```esql\nlength(…)\n```\nscalar function, 1 argument"),
            "{h}"
        );
        assert!(h.contains("`kqlc run` implements it"), "{h}");
        let h = hover_on("values", 0);
        assert!(
            h.contains("aggregate function (only in `STATS`), 1 argument"),
            "{h}"
        );
        let h = function_text("st_distance").unwrap();
        assert!(h.contains("`kqlc run` does not implement it"), "{h}");
    }

    #[test]
    fn a_column_shows_the_command_that_makes_it() {
        // `n` read in the same EVAL that makes it.
        let h = hover_on("n + 1", 0);
        assert!(h.contains("n = length(user.name)"), "{h}");
        assert!(h.contains("column `n`, made by `EVAL`"), "{h}");
        let h = hover_on("total", 1);
        assert!(h.contains("c as total"), "{h}");
        assert!(h.contains("made by `RENAME`"), "{h}");
        let h = hover_on("user.name", 2);
        assert!(h.contains("made by `STATS … BY`"), "{h}");
    }

    #[test]
    fn an_index_field_names_its_index() {
        let h = hover_on("user.name", 0);
        assert!(h.contains("a field of the index `logs-x`"), "{h}");
    }

    #[test]
    fn a_definition_says_it_is_made_here() {
        let h = hover_on("m = n", 0);
        assert!(h.contains("column `m`, made here by `EVAL`"), "{h}");
    }

    #[test]
    fn a_keep_wildcard_lists_the_columns_it_keeps() {
        let h = hover_on("u*", 0);
        assert!(h.contains("keeps 1 known column\n"), "{h}");
        assert!(h.contains("- `user.name`"), "{h}");
    }

    #[test]
    fn keywords_and_unknown_functions_have_no_hover() {
        assert_eq!(hover(QUERY, 2), None);
        assert_eq!(hover("ROW a = nope(1)", 9), None);
    }
}
