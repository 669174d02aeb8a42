//! `kqlc translate`: a query's shared plan written back as text in another language
//! (KQL, ES|QL, or SQL for DuckDB and Spark). Translators read the plan and nothing
//! else; a construct with no faithful translation is a finding at its source span,
//! never a silently different query.

pub mod compile;
pub mod esql;
pub mod esql_index;
pub mod kql;
pub mod rule;
pub mod sql;

use crate::diagnostic::{Code, Diagnostic};
use crate::plan::Plan;
use crate::source::Span;

/// The SQL dialects `--to sql` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// DuckDB 1.x SQL.
    DuckDb,
    /// Spark 4 SQL.
    Spark,
}

/// What a plan is translated into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Kql,
    Esql,
    Sql(Dialect),
}

impl Target {
    /// The target's name in findings (`ES|QL`, `DuckDB SQL`, …).
    pub fn label(self) -> &'static str {
        match self {
            Target::Kql => "KQL",
            Target::Esql => "ES|QL",
            Target::Sql(Dialect::DuckDb) => "DuckDB SQL",
            Target::Sql(Dialect::Spark) => "Spark SQL",
        }
    }
}

/// Writes `plan` as a query in `target`; every construct that cannot be kept is one
/// finding (all of them, not only the first).
pub fn translate(plan: &Plan, target: Target) -> Result<String, Vec<Diagnostic>> {
    match target {
        Target::Kql => kql::translate(plan),
        Target::Esql => esql::translate(plan),
        Target::Sql(dialect) => sql::translate(plan, dialect),
    }
}

/// The finding for a construct at `span` that `target` cannot express faithfully:
/// `what` names the construct, `help` says what is missing or what to do instead.
pub fn untranslatable(span: Span, what: &str, target: Target, help: &str) -> Diagnostic {
    Diagnostic::new(
        Code::Untranslatable,
        span,
        format!("{what} has no faithful translation to {}", target.label()),
    )
    .with_help(help)
}

/// The findings gathered while a writer goes through a plan: each refused construct
/// once, however often the writer meets it.
pub struct Refusals {
    target: Target,
    findings: Vec<Diagnostic>,
}

impl Refusals {
    pub fn new(target: Target) -> Refusals {
        Refusals {
            target,
            findings: Vec::new(),
        }
    }

    /// Records that the construct at `span` cannot be written; returns a placeholder
    /// for the text (never printed: any finding fails the translation).
    pub fn refuse(&mut self, span: Span, what: &str, help: &str) -> String {
        let finding = untranslatable(span, what, self.target, help);
        let known = |f: &Diagnostic| f.span == finding.span && f.message == finding.message;
        if !self.findings.iter().any(known) {
            self.findings.push(finding);
        }
        "<untranslatable>".into()
    }

    /// The written text, or the findings when any construct was refused.
    pub fn result(self, text: String) -> Result<String, Vec<Diagnostic>> {
        if self.findings.is_empty() {
            Ok(text)
        } else {
            Err(self.findings)
        }
    }
}

/// Whether written text `s` reads as one operand (a name, literal or call), so it needs
/// no parentheses: no blank outside the target's quotes and brackets, no leading minus.
pub fn is_atomic(s: &str, quotes: &[char], open: &[char], close: &[char]) -> bool {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in s.chars() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        if quotes.contains(&c) {
            quote = Some(c);
        } else if open.contains(&c) {
            depth += 1;
        } else if close.contains(&c) {
            depth -= 1;
        } else if c == ' ' && depth == 0 {
            return false;
        }
    }
    !s.starts_with('-')
}

/// `l` and `r` joined as the condition `l op r` (`and` tells the op) written as it
/// stands (`positive`) or negated by De Morgan's law, in the target's `[and, or]`
/// words; a side joined with the other word is put in parentheses.
pub fn joined_condition(and: bool, positive: bool, l: &str, r: &str, words: [&str; 2]) -> String {
    let [and_word, or_word] = words;
    let (word, other) = if and == positive {
        (and_word, or_word)
    } else {
        (or_word, and_word)
    };
    let other = format!(" {other} ");
    let group = |s: &str| {
        if s.contains(&other) {
            format!("({s})")
        } else {
            s.to_string()
        }
    };
    format!("{} {word} {}", group(l), group(r))
}
