//! Helpers of the `check_*` tests: check a rule text as `kqlc check` does and render
//! the findings without colour; snapshot them under `snapshots/check/`.

#![allow(dead_code)]

use kqlc::check::CheckOptions;
use kqlc::cli::check::check_rule;
use kqlc::diagnostic::Diagnostic;
use kqlc::diagnostic::render::{FileDiagnostics, human};
use kqlc::rules;

/// The findings of `kqlc check` on the rule file `path` holding `text`, in order.
pub fn findings(path: &str, text: &str, options: &CheckOptions) -> Vec<Diagnostic> {
    let rule = rules::load(path, text).expect("the rule file loads");
    let mut found = check_rule(&rule, false, options);
    found.sort_by_key(|d| d.span.start);
    found
}

/// The rendered findings of `kqlc check` on the rule file `path` holding `text`.
pub fn rendered_with(path: &str, text: &str, options: &CheckOptions) -> String {
    let rule = rules::load(path, text).expect("the rule file loads");
    let found = findings(path, text, options);
    human::render(
        &FileDiagnostics::new(rule.path, rule.text, rule.query_map, found),
        false,
    )
}

/// [`rendered_with`] the default options.
pub fn rendered(path: &str, text: &str) -> String {
    rendered_with(path, text, &CheckOptions::default())
}

/// An insta snapshot under `snapshots/check/`.
pub fn snapshot(name: &str, text: String) {
    insta::with_settings!({snapshot_path => "../../snapshots/check", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!(name, text);
    });
}
