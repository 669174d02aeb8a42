//! The README documents what the program does; these tests keep it honest.

use kqlc::diagnostic::render::codes_markdown_table;

const START: &str = "<!-- codes:start -->\n";
const END: &str = "<!-- codes:end -->";

#[test]
fn the_readme_code_table_matches_the_catalogue() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find(START)
        .expect("README has the codes:start marker")
        + START.len();
    let end = readme.find(END).expect("README has the codes:end marker");
    let expected = codes_markdown_table();
    assert!(
        readme[start..end] == expected,
        "the README's diagnostic table is out of date; put this between the markers:\n{expected}"
    );
}

#[test]
fn the_readme_names_the_ci_test_command() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let ci = std::fs::read_to_string(".ci/run").unwrap();
    assert!(
        readme.contains("cargo test "),
        "README gives the test command"
    );
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        ".ci/run runs the README's test command"
    );
}

const FUNCTIONS_START: &str = "<!-- functions:start -->\n";
const FUNCTIONS_END: &str = "<!-- functions:end -->";

#[test]
fn the_readme_function_list_matches_the_registry() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find(FUNCTIONS_START)
        .expect("README has the functions:start marker")
        + FUNCTIONS_START.len();
    let end = readme
        .find(FUNCTIONS_END)
        .expect("README has the functions:end marker");
    let expected = kqlc::functions::registry::functions_markdown();
    assert!(
        readme[start..end] == expected,
        "the README's function list is out of date; put this between the markers:\n{expected}"
    );
}
