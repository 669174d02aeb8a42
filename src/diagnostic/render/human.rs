//! Human-readable diagnostics: ariadne reports drawn against the whole rule file,
//! headed `error[KQL001]: message`, with the file path as the source name.

use super::FileDiagnostics;
use crate::diagnostic::{Code, Diagnostic, Severity};
use ariadne::{Color, Config, IndexType, Label, Report, ReportKind, Source};
use std::ops::Range;

/// Every diagnostic of the file, one report after another.
pub fn render(file: &FileDiagnostics, color: bool) -> String {
    file.diagnostics
        .iter()
        .map(|d| render_one(file, d, color))
        .collect()
}

/// One diagnostic as an ariadne report (no colour codes unless `color`).
pub fn render_one(file: &FileDiagnostics, diagnostic: &Diagnostic, color: bool) -> String {
    let header = format!(
        "{}[{}]",
        severity_word(diagnostic.severity),
        diagnostic.code.id()
    );
    if !has_source(diagnostic) {
        return without_source(&header, diagnostic);
    }
    let kind = ReportKind::Custom(&header, severity_color(diagnostic.severity));
    let config = Config::default()
        .with_color(color)
        .with_index_type(IndexType::Byte);
    let id = file.path.clone();
    let primary = display_range(file, diagnostic.span);
    let mut report = Report::build(kind, (id.clone(), primary.clone())).with_config(config);
    report.set_message(&diagnostic.message);
    report.add_label(label(
        &id,
        primary,
        &diagnostic.message,
        severity_color(diagnostic.severity),
        color,
    ));
    for extra in &diagnostic.labels {
        let range = display_range(file, extra.span);
        report.add_label(label(&id, range, &extra.message, Color::Blue, color));
    }
    if let Some(help) = &diagnostic.help {
        report.add_help(help);
    }
    for note in &diagnostic.notes {
        report.add_note(note);
    }
    let mut out = Vec::new();
    match report
        .finish()
        .write((id, Source::from(file.text.as_str())), &mut out)
    {
        Ok(()) if color => String::from_utf8_lossy(&out).into_owned(),
        Ok(()) => uncoloured_header(&String::from_utf8_lossy(&out), &header),
        Err(_) => without_source(&header, diagnostic),
    }
}

/// Ariadne colours a custom report kind even when colour is off; this removes the
/// escape codes around `header:` at the start of the report.
fn uncoloured_header(report: &str, header: &str) -> String {
    let tag = format!("{header}:");
    match report.find(&tag) {
        Some(at) if report[..at].starts_with('\x1b') => {
            let rest = &report[at + tag.len()..];
            format!("{tag}{}", rest.strip_prefix("\x1b[0m").unwrap_or(rest))
        }
        _ => report.to_string(),
    }
}

/// A diagnostic without a source excerpt: the header, then help and notes.
fn without_source(header: &str, diagnostic: &Diagnostic) -> String {
    let mut out = format!("{header}: {}\n", diagnostic.message);
    if let Some(help) = &diagnostic.help {
        out.push_str(&format!("  = help: {help}\n"));
    }
    for note in &diagnostic.notes {
        out.push_str(&format!("  = note: {note}\n"));
    }
    out
}

/// Whether the diagnostic can show the file's lines (a non-text file has none to show).
fn has_source(diagnostic: &Diagnostic) -> bool {
    diagnostic.code != Code::NotText
}

/// A label ordered by its position, so ariadne draws all of a file's labels in one
/// excerpt, top to bottom.
fn label(
    id: &str,
    range: Range<usize>,
    message: &str,
    color: Color,
    use_color: bool,
) -> Label<(String, Range<usize>)> {
    let order = i32::try_from(range.start).unwrap_or(i32::MAX);
    let label = Label::new((id.to_string(), range))
        .with_message(message)
        .with_order(order);
    if use_color {
        label.with_color(color)
    } else {
        label
    }
}

/// The file range to draw: an empty span is widened to the character it sits on, so
/// ariadne has something to underline.
fn display_range(file: &FileDiagnostics, span: crate::source::Span) -> Range<usize> {
    let (start, end) = file.file_range(span);
    if start < end {
        return start..end;
    }
    match file.text[start..].chars().next() {
        Some(c) => start..start + c.len_utf8(),
        None => start..end,
    }
}

/// The header word: `error`, `warning` or `info`.
pub fn severity_word(severity: Severity) -> &'static str {
    super::severity_name(severity)
}

fn severity_color(severity: Severity) -> Color {
    match severity {
        Severity::Error => Color::Red,
        Severity::Warning => Color::Yellow,
        Severity::Info => Color::Cyan,
    }
}
