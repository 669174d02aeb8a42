//! `src/functions/kusto_signatures.tsv` is what Kusto.Language declares: regenerated
//! from the pinned `@kusto/language-service-next` by `tests/kusto/catalog.js`, it must
//! equal the committed file (so a new package version or a hand edit shows up here).

use crate::common;

use common::kusto;
use std::path::Path;

#[test]
fn shipped_signatures_equal_what_kusto_language_declares() {
    let reference = match kusto::reference() {
        Ok(dir) => dir,
        Err(why) => {
            println!("SKIP: Kusto.Language reference not available: {why}");
            return;
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = std::process::Command::new("node")
        .arg(root.join("tests/kusto/catalog.js"))
        .env("NODE_PATH", reference.join("node_modules"))
        .output()
        .expect("node runs catalog.js");
    assert!(output.status.success(), "catalog.js failed");
    let generated = String::from_utf8_lossy(&output.stdout);
    let shipped = std::fs::read_to_string(root.join("src/functions/kusto_signatures.tsv"))
        .expect("the shipped catalog is readable");
    let differing: Vec<(&str, &str)> = generated
        .lines()
        .zip(shipped.lines())
        .filter(|(a, b)| a != b)
        .take(5)
        .collect();
    assert!(
        differing.is_empty() && generated.lines().count() == shipped.lines().count(),
        "regenerate with `NODE_PATH=target/kusto-ref/node_modules node tests/kusto/catalog.js > src/functions/kusto_signatures.tsv`; first differences: {differing:#?}"
    );
}

#[test]
fn the_catalog_knows_every_function_kind_kusto_has() {
    use kqlc::functions::signature::{Kind, names};
    // Kusto.Language 12.4.1: 429 scalar functions, 61 aggregates, 47 plugins.
    assert!(names(Kind::Scalar).count() >= 429);
    assert!(names(Kind::Aggregate).count() >= 61);
    assert!(names(Kind::Plugin).count() >= 47);
    assert!(names(Kind::Operator).any(|n| n == "GreaterThan"));
}
