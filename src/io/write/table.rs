//! A readable terminal table: a header, a separator, one line per row with columns as
//! wide as their content (numbers right-aligned), and an `(N rows)` footer. Dynamic
//! values are compact JSON; control characters are escaped so each row stays on one
//! line; cells longer than [`MAX_CELL_CHARS`] are cut with `…`.

use crate::value::{Table, Value};
use std::io::Write;

/// The longest a cell may be, in characters, before it is truncated.
pub const MAX_CELL_CHARS: usize = 60;

/// Writes `table` for a terminal.
pub fn write_table(table: &Table, out: &mut dyn Write) -> std::io::Result<()> {
    let header: Vec<String> = table
        .columns
        .iter()
        .map(|c| fit(&escape(&c.name)))
        .collect();
    let body: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| {
            (0..table.columns.len())
                .map(|i| fit(&escape(&cell_text(row.get(i).unwrap_or(&Value::Null)))))
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            body.iter()
                .map(|r| char_len(&r[i]))
                .chain([char_len(&header[i])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let right: Vec<bool> = table.columns.iter().map(|c| c.ty.is_numeric()).collect();

    if !header.is_empty() {
        write_line(out, &header, &widths, &right)?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        writeln!(out, "{}", rule.join("-+-"))?;
        for row in &body {
            write_line(out, row, &widths, &right)?;
        }
    }
    let n = table.rows.len();
    writeln!(out, "({n} {})", if n == 1 { "row" } else { "rows" })
}

fn write_line(
    out: &mut dyn Write,
    cells: &[String],
    widths: &[usize],
    right: &[bool],
) -> std::io::Result<()> {
    let padded: Vec<String> = cells
        .iter()
        .zip(widths)
        .zip(right)
        .map(|((cell, &width), &right)| {
            let pad = " ".repeat(width.saturating_sub(char_len(cell)));
            if right {
                format!("{pad}{cell}")
            } else {
                format!("{cell}{pad}")
            }
        })
        .collect();
    writeln!(out, "{}", padded.join(" | ").trim_end())
}

/// A value as the table shows it: `tostring()` text, but dynamic values as compact JSON.
fn cell_text(value: &Value) -> String {
    match value {
        Value::Dynamic(json) if !json.is_null() => json.to_string(),
        other => other.to_kusto_string(),
    }
}

/// Control characters as escapes (`\n`, `\t`, …) so a cell stays on its line.
fn escape(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\n' => "\\n".to_string(),
            '\r' => "\\r".to_string(),
            '\t' => "\\t".to_string(),
            c if c.is_control() => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// The text cut to [`MAX_CELL_CHARS`] characters, ending in `…` when cut.
fn fit(text: &str) -> String {
    if char_len(text) <= MAX_CELL_CHARS {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
    cut.push('…');
    cut
}

fn char_len(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_cells_are_cut_to_sixty_characters_with_an_ellipsis() {
        let cut = fit(&"x".repeat(100));
        assert_eq!(cut.chars().count(), 60);
        assert!(cut.ends_with('…'));
        assert_eq!(fit("short"), "short");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape("a\nb\tc"), "a\\nb\\tc");
    }
}
