//! `kqlc test`: the bundled seed rules pass their hand-checked cases, and a wrong
//! expectation fails with a readable diff (a test of the tester).

use std::path::Path;

use crate::common;
use common::kqlc;

#[test]
fn the_bundled_rules_pass_all_their_cases() {
    let out = kqlc(&["test", "corpus/"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout
            .lines()
            .last()
            .is_some_and(|l| l.ends_with(" passed, 0 failed")),
        "{stdout}"
    );
    assert!(stdout.contains("PASS corpus/rules/workload-identity-multiple-sps-created-by-single-principal.test.yaml :: sp-initiator-critical"), "{stdout}");
}

#[test]
fn a_wrong_expectation_fails_with_a_diff_of_expected_and_actual_rows() {
    let dir = std::env::temp_dir().join(format!("kqlc-cli-test-{}", std::process::id()));
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/rules");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let stem = "provisioning-failure-burst-single-job";
    std::fs::copy(
        rules.join(format!("{stem}.yaml")),
        dir.join(format!("{stem}.yaml")),
    )
    .expect("copy rule");
    let test = std::fs::read_to_string(rules.join(format!("{stem}.test.yaml"))).expect("read test");
    let data = rules.join(format!("{stem}.data"));
    let wrong = test
        .replace("\"Failures\": 35", "\"Failures\": 36")
        .replace(&format!("{stem}.data/"), &format!("{}/", data.display()));
    assert_ne!(wrong, test, "the expectation to break was found");
    std::fs::write(dir.join(format!("{stem}.test.yaml")), wrong).expect("write test");
    let out = kqlc(&["test", dir.to_str().expect("utf-8")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(":: burst-fires\n    rows differ"),
        "{stdout}"
    );
    assert!(
        stdout.contains("- expected, not found: {\"JobId\":\"scim.0001.5f3a9c2e\""),
        "{stdout}"
    );
    assert!(stdout.contains("\"Failures\":36"), "{stdout}");
    assert!(
        stdout.contains("+ actual, not expected: {\"JobId\":\"scim.0001.5f3a9c2e\""),
        "{stdout}"
    );
    assert!(stdout.contains("\"Failures\":35"), "{stdout}");
    assert!(stdout.trim_end().ends_with("passed, 1 failed"), "{stdout}");
}

#[test]
fn no_test_files_is_an_input_error() {
    let out = kqlc(&["test", "src/"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no *.test.yaml files under src/"));
}
