//! Loading Sentinel YAML rules: the extracted query, the byte-exact map back to the
//! YAML file, the metadata, and the rule-file errors.

use crate::common;

use kqlc::diagnostic::Code;
use kqlc::rules::{self, RuleFile, RuleKind};
use kqlc::source::Span;
use kqlc::value::time::{TICKS_PER_DAY, TICKS_PER_HOUR};
use std::path::Path;

/// Asserts that every query byte is the file byte its mapped offset points at.
fn assert_map_is_exact(rule: &RuleFile) {
    let file = rule.text.as_bytes();
    for (offset, byte) in rule.query.bytes().enumerate() {
        let at = rule.query_map.to_file(offset);
        assert_eq!(
            file.get(at),
            Some(&byte),
            "{}: query byte {offset} ({:?}) maps to file byte {at}",
            rule.path,
            byte as char
        );
    }
}

fn load_file(path: &Path) -> RuleFile {
    let bytes = std::fs::read(path).unwrap();
    rules::load_bytes(&path.display().to_string(), &bytes).unwrap()
}

fn corpus_rules(ext: &str) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir("corpus/rules")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .filter(|p| !p.to_string_lossy().ends_with(".test.yaml"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn every_bundled_yaml_rule_maps_each_query_byte_to_the_same_yaml_byte() {
    let paths = corpus_rules("yaml");
    assert!(
        paths.len() >= 2,
        "expected the bundled Sentinel rules in corpus/rules"
    );
    for path in paths {
        let rule = load_file(&path);
        assert_eq!(rule.kind, RuleKind::SentinelYaml);
        assert!(rule.query.contains("| where"), "{}", rule.path);
        assert_map_is_exact(&rule);
    }
}

#[test]
fn the_block_scalar_query_loses_only_its_indentation() {
    let rule = load_file(Path::new(
        "corpus/rules/provisioning-failure-burst-single-job.yaml",
    ));
    assert!(
        rule.query
            .starts_with("AADProvisioningLogs\n| where TimeGenerated > ago(1h)\n")
    );
    assert!(
        rule.query
            .contains("\n| summarize\n    Failures = count(),\n")
    );
    assert!(rule.query.ends_with("| order by Failures desc\n"));
    // `| summarize` is on line 37 of the file, indented by two spaces.
    let summarize = rule.query.find("| summarize").unwrap();
    let at = rule.query_map.to_file(summarize);
    assert_eq!(&rule.text[at - 2..at + 11], "  | summarize");
}

#[test]
fn sentinel_metadata_is_read_and_the_rest_kept_raw() {
    let rule = load_file(Path::new(
        "corpus/rules/provisioning-failure-burst-single-job.yaml",
    ));
    let meta = &rule.meta;
    assert_eq!(
        meta.id.as_deref(),
        Some("9b1a0001-1001-4101-9101-aadprov00001")
    );
    assert_eq!(
        meta.name.as_deref(),
        Some("Provisioning Failure Burst - Single Job")
    );
    assert_eq!(meta.severity.as_deref(), Some("Medium"));
    assert_eq!(
        meta.query_frequency
            .as_ref()
            .map(|d| (d.text.as_str(), d.ticks)),
        Some(("1h", Some(TICKS_PER_HOUR)))
    );
    assert_eq!(
        meta.query_period.as_ref().and_then(|d| d.ticks),
        Some(TICKS_PER_HOUR)
    );
    assert_eq!(meta.trigger_operator.as_deref(), Some("gt"));
    assert_eq!(meta.trigger_threshold, Some(0));
    let entities = meta.entity_mappings.as_ref().unwrap();
    assert_eq!(entities[0]["entityType"], "CloudApplication");
    assert_eq!(entities[0]["fieldMappings"][0]["columnName"], "SPName");
    assert_eq!(
        meta.custom_details.as_ref().unwrap()["Failures"],
        "Failures"
    );
    assert_eq!(
        meta.alert_details_override.as_ref().unwrap()["alertDisplayNameFormat"],
        "Provisioning Failure Burst on {{SPName}} - {{Failures}} failures"
    );
    let grouping = &meta.incident_configuration.as_ref().unwrap()["groupingConfiguration"];
    assert_eq!(grouping["lookbackDuration"], "PT12H");
    assert_eq!(grouping["enabled"], true);
    assert_eq!(
        meta.other["tactics"],
        serde_json::json!(["Persistence", "DefenseEvasion"])
    );
    assert!(!meta.other.contains_key("query"));
}

#[test]
fn a_kql_file_is_the_query_itself() {
    for path in corpus_rules("kql") {
        let rule = load_file(&path);
        assert_eq!(rule.kind, RuleKind::KqlFile);
        assert_eq!(rule.query, rule.text);
        assert_map_is_exact(&rule);
    }
}

#[test]
fn a_double_quoted_query_is_unescaped_and_mapped_near_its_text() {
    let text =
        "name: quoted\nquery: \"SigninLogs | where UserPrincipalName == \\\"x@y.z\\\" | take 5\"\n";
    let rule = rules::load("quoted.yaml", text).unwrap();
    assert_eq!(
        rule.query,
        "SigninLogs | where UserPrincipalName == \"x@y.z\" | take 5"
    );
    for word in ["SigninLogs", "where", "x@y.z", "take"] {
        let in_query = rule.query.find(word).unwrap();
        assert_eq!(
            rule.query_map.to_file(in_query),
            text.find(word).unwrap(),
            "{word}"
        );
    }
}

#[test]
fn a_single_quoted_multi_line_query_is_folded_and_mapped_to_its_lines() {
    let text =
        "query: 'SecurityEvent\n  | where EventID == 4625\n  | where Account != ''SYSTEM'''\n";
    let rule = rules::load("single.yml", text).unwrap();
    assert_eq!(
        rule.query,
        "SecurityEvent | where EventID == 4625 | where Account != 'SYSTEM'"
    );
    for word in ["EventID", "Account", "SYSTEM"] {
        let in_query = rule.query.find(word).unwrap();
        assert_eq!(
            rule.query_map.to_file(in_query),
            text.find(word).unwrap(),
            "{word}"
        );
    }
}

#[test]
fn a_plain_one_line_query_maps_exactly() {
    let text = "query: T | take 1\n";
    let rule = rules::load("plain.yaml", text).unwrap();
    assert_eq!(rule.query, "T | take 1");
    assert_map_is_exact(&rule);
}

#[test]
fn yaml_without_query_is_kql102_at_the_start_of_the_file() {
    let err = rules::load("rule.yaml", "id: 1\nname: no query here\n").unwrap_err();
    assert_eq!(err.code, Code::RuleMissingQuery);
    assert_eq!(err.span, Span::new(0, 0));
    assert_eq!(
        err.help.as_deref(),
        Some("a Sentinel analytic rule needs a `query:` key holding the KQL")
    );
}

#[test]
fn invalid_yaml_is_kql101_at_the_yaml_error() {
    let text = "name: broken\nquery: |\n  T\ntactics: [Persistence\n";
    let err = rules::load("broken.yaml", text).unwrap_err();
    assert_eq!(err.code, Code::RuleFileInvalid);
    assert!(err.message.starts_with("invalid YAML: "), "{}", err.message);
    // The flow sequence is never closed: the error is at or after its `[`.
    assert!(
        err.span.start as usize >= text.find('[').unwrap(),
        "{:?}",
        err.span
    );
}

#[test]
fn a_tab_indented_yaml_is_invalid_not_a_crash() {
    let err = rules::load("tabs.yaml", "query: |\n\tT\n\tname: x\n").map(|r| r.query);
    // A tab cannot indent YAML; either way there is no panic and no wrong query.
    if let Ok(query) = err {
        assert!(query.contains('T'));
    }
}

/// Every query of the public corpus, put into a `query: |2` block scalar, comes back
/// unchanged and maps byte for byte onto the YAML file.
#[test]
fn corpus_queries_survive_a_yaml_block_scalar_with_an_exact_map() {
    let Some(queries) = public_corpus() else {
        return;
    };
    let mut checked = 0;
    for (i, query) in queries.iter().enumerate() {
        let query = query.replace("\r\n", "\n");
        let query = query.trim_end_matches('\n');
        if query.trim().is_empty() {
            continue;
        }
        let indented: String = query
            .lines()
            .map(|l| {
                if l.is_empty() {
                    "\n".to_string()
                } else {
                    format!("  {l}\n")
                }
            })
            .collect();
        let text = format!("name: corpus {i}\nquery: |2\n{indented}tactics: []\n");
        let rule = match rules::load("corpus.yaml", &text) {
            Ok(rule) => rule,
            Err(e) => panic!(
                "corpus query {i} does not load: {} ({:?})",
                e.message, e.span
            ),
        };
        assert_eq!(rule.query, format!("{query}\n"), "corpus query {i}");
        assert_map_is_exact(&rule);
        checked += 1;
    }
    assert!(checked > 2000, "only {checked} corpus queries checked");
}

/// The public corpus's queries, or `None` (with a notice) when `../shared` is absent.
/// `KQLC_SHARED` points elsewhere (for worktrees that do not sit beside `shared/`).
fn public_corpus() -> Option<Vec<String>> {
    let queries = common::corpus_queries("corpus/kql.public.jsonl", 1);
    if queries.is_none() {
        eprintln!(
            "SKIP: {}/corpus/kql.public.jsonl is absent",
            common::shared_dir()
        );
    }
    queries
}

#[test]
fn durations_in_days_are_read() {
    let rule = rules::load("d.yaml", "queryFrequency: 1d\nqueryPeriod: 14d\nquery: T\n").unwrap();
    assert_eq!(
        rule.meta.query_frequency.and_then(|d| d.ticks),
        Some(TICKS_PER_DAY)
    );
    assert_eq!(
        rule.meta.query_period.and_then(|d| d.ticks),
        Some(14 * TICKS_PER_DAY)
    );
}

/// Every corpus query written as a double-quoted YAML scalar (JSON string escapes)
/// comes back unchanged; its map is approximate only around escapes, so nearly every
/// byte still lands on itself.
#[test]
fn corpus_queries_survive_a_double_quoted_scalar_with_a_near_exact_map() {
    let Some(queries) = public_corpus() else {
        return;
    };
    let (mut same, mut total) = (0usize, 0usize);
    for (i, query) in queries.iter().enumerate() {
        if query.trim().is_empty() {
            continue;
        }
        let quoted = serde_json::to_string(query).unwrap();
        let text = format!("name: corpus {i}\nquery: {quoted}\n");
        let rule = rules::load("corpus.yaml", &text).unwrap();
        assert_eq!(&rule.query, query, "corpus query {i}");
        for (offset, byte) in rule.query.bytes().enumerate() {
            let at = rule.query_map.to_file(offset);
            assert!(
                at <= text.len(),
                "corpus query {i}: offset {offset} maps past the file"
            );
            same += usize::from(text.as_bytes().get(at) == Some(&byte));
            total += 1;
        }
    }
    let share = same as f64 / total as f64;
    eprintln!(
        "double-quoted corpus: {same} of {total} query bytes map exactly ({:.2}%)",
        share * 100.0
    );
    assert!(
        share > 0.97,
        "only {:.2}% of bytes map exactly",
        share * 100.0
    );
}

#[test]
fn a_yaml_file_with_a_byte_order_mark_maps_exactly() {
    let text = "\u{feff}name: bom\nquery: |\n  T\n  | take 1\n";
    let rule = rules::load("bom.yaml", text).unwrap();
    assert_eq!(rule.query, "T\n| take 1\n");
    assert_map_is_exact(&rule);
}

#[test]
fn a_crlf_yaml_file_maps_every_byte_but_line_ends_exactly() {
    let text =
        "name: crlf\r\nquery: |\r\n  T\r\n  | where x == \"é\"\r\n  | take 1\r\ntactics: []\r\n";
    let rule = rules::load("crlf.yaml", text).unwrap();
    assert_eq!(rule.query, "T\n| where x == \"é\"\n| take 1\n");
    for (offset, byte) in rule.query.bytes().enumerate() {
        let expected = if byte == b'\n' { b'\r' } else { byte };
        assert_eq!(
            text.as_bytes()[rule.query_map.to_file(offset)],
            expected,
            "query byte {offset}"
        );
    }
}
