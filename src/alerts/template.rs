//! `alertDisplayNameFormat` / `alertDescriptionFormat`: text with `{{Column}}`
//! placeholders replaced by a result row's values.

use crate::value::Table;

/// Renders `format` with the values of row `row` of `table`. A placeholder naming no
/// column is left as written; `None` when a named column is empty in that row (Sentinel
/// then falls back to the rule's own name or description).
pub fn render(format: &str, table: &Table, row: usize) -> Option<String> {
    let mut out = String::with_capacity(format.len());
    let mut rest = format;
    let mut any_empty = false;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let name = after[..close].trim();
        match cell_text(table, row, name) {
            Some(text) => {
                any_empty |= text.is_empty();
                out.push_str(&text);
            }
            None => out.push_str(&rest[open..open + 2 + close + 2]),
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    (!any_empty).then_some(out)
}

/// A cell as text (Kusto's `tostring`), `None` when the table has no such column.
pub fn cell_text(table: &Table, row: usize, column: &str) -> Option<String> {
    let index = table.column_index(column)?;
    let value = table.rows.get(row)?.get(index)?;
    Some(value.to_kusto_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{Column, Type, Value};

    fn table() -> Table {
        Table::new(
            vec![
                Column::new("User", Type::String),
                Column::new("Count", Type::Long),
            ],
            vec![vec![Value::string("alice"), Value::Long(7)]],
        )
    }

    #[test]
    fn placeholders_take_the_rows_values() {
        assert_eq!(
            render("{{User}} did {{ Count }} things", &table(), 0).as_deref(),
            Some("alice did 7 things")
        );
    }

    #[test]
    fn unknown_columns_and_unclosed_braces_stay_as_written() {
        assert_eq!(
            render("{{Nope}} and {{User", &table(), 0).as_deref(),
            Some("{{Nope}} and {{User")
        );
    }

    #[test]
    fn an_empty_value_means_fall_back_to_the_default() {
        let t = Table::new(
            vec![Column::new("User", Type::String)],
            vec![vec![Value::string("")]],
        );
        assert_eq!(render("by {{User}}", &t, 0), None);
    }
}
