//! The hooks of `.pre-commit-hooks.yaml`, run by the real `pre-commit` (from PyPI) with
//! `pre-commit try-repo` in a temporary git repository holding one good and one broken
//! Sentinel rule: the good one passes both hooks, the broken one fails both. The
//! `*-system` hooks run the `kqlc` built for this test (put first on PATH); the
//! `language: rust` ones would build kqlc with cargo, which takes minutes.
//! Prints a SKIP notice when `pre-commit` is missing and cannot be installed with pip.
//! pre-commit's `try-repo`: https://pre-commit.com/#pre-commit-try-repo

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GOOD: &str = "name: good\nquery: |\n  SecurityEvent\n  | where TimeGenerated > ago(1h)\n  | where EventID == 4625\n  | summarize count() by Account\n";
const BROKEN: &str = "name: broken\nquery: |\n  SecurityEvent\n  | where (EventID == 4625\n";
const MESSY: &str = "name: messy\nquery: |\n  SecurityEvent|where TimeGenerated > ago(1h)|count\n";

/// `pre-commit`, installed with pip when missing; `None` when that fails (no network).
fn pre_commit() -> Option<()> {
    let works = || {
        Command::new("pre-commit")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if works() {
        return Some(());
    }
    let installed = Command::new("python3")
        .args(["-m", "pip", "install", "--quiet", "pre-commit"])
        .output()
        .is_ok_and(|o| o.status.success());
    (installed && works()).then_some(())
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A fresh git repository under the temp dir with `files` committed.
fn repo(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kqlc-pre-commit-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    git(&dir, &["init", "-q"]);
    git(&dir, &["config", "user.email", "test@example.com"]);
    git(&dir, &["config", "user.name", "test"]);
    for (path, text) in files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "files"]);
    dir
}

/// `pre-commit try-repo HOOKS HOOK --files FILE` in `rules`, with this kqlc on PATH.
fn try_repo(hooks: &Path, rules: &Path, hook: &str, file: &str) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_kqlc"))
        .parent()
        .expect("bin dir");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("pre-commit")
        .args([
            "try-repo",
            &hooks.display().to_string(),
            hook,
            "--files",
            file,
        ])
        .current_dir(rules)
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", rules.join(".pre-commit-home"))
        .output()
        .expect("pre-commit runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn both_hooks_pass_the_good_rule_and_fail_the_broken_one() {
    if pre_commit().is_none() {
        println!("SKIP: pre-commit is not installed and pip could not install it");
        return;
    }
    let manifest = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.pre-commit-hooks.yaml"
    ))
    .expect("the hook manifest");
    let hooks = repo("hooks", &[(".pre-commit-hooks.yaml", &manifest)]);
    let rules = repo(
        "rules",
        &[
            ("rules/good.yaml", GOOD),
            ("rules/broken.yaml", BROKEN),
            ("rules/messy.yaml", MESSY),
        ],
    );
    for hook in ["kqlc-check-system", "kqlc-fmt-system"] {
        let good = try_repo(&hooks, &rules, hook, "rules/good.yaml");
        assert!(
            good.status.success(),
            "{hook} on the good rule: {}",
            text(&good)
        );
        let broken = try_repo(&hooks, &rules, hook, "rules/broken.yaml");
        assert!(!broken.status.success(), "{hook} passed the broken rule");
        assert!(
            text(&broken).contains("KQL003"),
            "{hook}: {}",
            text(&broken)
        );
    }
    // A rule that parses but is not formatted: the hook rewrites it, and fails.
    let messy = try_repo(&hooks, &rules, "kqlc-fmt-system", "rules/messy.yaml");
    assert!(!messy.status.success(), "{}", text(&messy));
    assert!(
        text(&messy).contains("files were modified by this hook"),
        "{}",
        text(&messy)
    );
    assert_eq!(
        std::fs::read_to_string(rules.join("rules/messy.yaml")).expect("read"),
        "name: messy\nquery: |\n  SecurityEvent\n  | where TimeGenerated > ago(1h)\n  | count\n"
    );
}
