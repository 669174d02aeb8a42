//! How many queries of a corpus parse with no error, and the first errors of the others
//! grouped by message (for the corpus parse-rate tests of both languages).

use kqlc::diagnostic::Diagnostic;
use std::collections::BTreeMap;

/// Queries counted so far: how many parse clean, and per error message how often it was
/// the first error and the text around its first occurrence.
#[derive(Default)]
pub struct ParseRate {
    pub clean: usize,
    pub total: usize,
    reasons: BTreeMap<String, (usize, String)>,
}

impl ParseRate {
    /// Counts `query`, whose first error diagnostic is `first_error` (`None`: it parses).
    pub fn add(&mut self, query: &str, first_error: Option<&Diagnostic>) {
        self.total += 1;
        let Some(d) = first_error else {
            self.clean += 1;
            return;
        };
        let context: String = query
            .get(d.span.start.saturating_sub(60) as usize..)
            .unwrap_or("")
            .chars()
            .take(140)
            .collect();
        self.reasons
            .entry(d.message.clone())
            .or_insert((0, context))
            .0 += 1;
    }

    /// The share of clean queries, in percent.
    pub fn percent(&self) -> f64 {
        100.0 * self.clean as f64 / self.total.max(1) as f64
    }

    /// Prints the 15 most frequent first errors, each with an example.
    pub fn print_top_reasons(&self) {
        let mut top: Vec<(&String, &(usize, String))> = self.reasons.iter().collect();
        top.sort_by_key(|(_, (count, _))| std::cmp::Reverse(*count));
        for (message, (count, example)) in top.into_iter().take(15) {
            println!(
                "{count:5}  {message}\n       e.g. …{}",
                example.replace('\n', "⏎")
            );
        }
    }
}
