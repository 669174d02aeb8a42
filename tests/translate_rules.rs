//! `kqlc translate --rule`: a Sentinel rule written as an Elastic ES|QL rule (TOML) and
//! an Elastic ES|QL rule as a Sentinel rule (YAML) keep the rule's name, severity and
//! schedule, and the written rule passes `kqlc check` without errors.

use kqlc::check::CheckOptions;
use kqlc::cli::check::check_rule;
use kqlc::diagnostic::Diagnostic;
use kqlc::rules::{self, RuleFile};
use kqlc::translate::{self, Target, rule};
use std::path::Path;

fn load(name: &str) -> RuleFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/rules")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("the bundled rule is readable");
    rules::load(&path.to_string_lossy(), &text).expect("the bundled rule loads")
}

fn query_in(rule: &RuleFile, to: Target) -> String {
    translate::compile::compile(&rule.query, rule.language)
        .and_then(|plan| translate::translate(&plan, to))
        .expect("the rule's query translates")
}

fn errors(path: &str, text: &str) -> Vec<String> {
    let written = rules::load(path, text).expect("the written rule loads");
    check_rule(&written, false, &CheckOptions::default())
        .iter()
        .filter(|d| Diagnostic::is_error(d))
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn a_sentinel_rule_becomes_an_elastic_esql_rule_with_its_schedule() {
    let sentinel = load("provisioning-failure-burst-single-job.yaml");
    let toml = rule::to_elastic_toml(&sentinel, &query_in(&sentinel, Target::Esql));
    assert!(
        toml.contains("name = \"Provisioning Failure Burst - Single Job\""),
        "{toml}"
    );
    assert!(toml.contains("severity = \"medium\""), "{toml}");
    assert!(toml.contains("risk_score = 47"), "{toml}");
    // queryFrequency: 1h, queryPeriod: 1h
    assert!(toml.contains("interval = \"1h\""), "{toml}");
    assert!(toml.contains("from = \"now-1h\""), "{toml}");
    // tactics Persistence, DefenseEvasion
    assert!(toml.contains("TA0003") && toml.contains("TA0005"), "{toml}");
    assert!(toml.contains("T1556"), "{toml}");
    assert_eq!(errors("written.toml", &toml), Vec::<String>::new());
}

#[test]
fn an_elastic_esql_rule_becomes_a_sentinel_rule_with_its_schedule() {
    let elastic = load("azure-ad-graph-4xx-ratio.toml");
    let yaml = rule::to_sentinel_yaml(&elastic, &query_in(&elastic, Target::Kql));
    assert!(
        yaml.contains("name: \"Azure AD Graph High 4xx Error Ratio from User\""),
        "{yaml}"
    );
    assert!(yaml.contains("severity: Medium"), "{yaml}");
    // interval = "1h", from = "now-8h"
    assert!(yaml.contains("queryFrequency: 1h"), "{yaml}");
    assert!(yaml.contains("queryPeriod: 8h"), "{yaml}");
    assert_eq!(errors("written.yaml", &yaml), Vec::<String>::new());
}
