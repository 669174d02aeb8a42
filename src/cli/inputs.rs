//! The files a command reads: paths as given, directories walked for rule files,
//! `-` for standard input, and the input errors met on the way.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// Extensions of the files a directory walk picks up.
pub const RULE_EXTENSIONS: &[&str] = &["yaml", "yml", "kql", "csl", "esql"];

/// The hint printed under an input error.
const PATH_HINT: &str = "give rule files (.yaml, .yml, .kql, .csl, .esql, Elastic .toml), directories holding them, or `-` for standard input";

/// One file to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file path as it will be reported.
    File(String),
}

impl Input {
    /// The path diagnostics report (`-` for standard input).
    pub fn display_path(&self) -> &str {
        match self {
            Input::Stdin => crate::rules::STDIN_PATH,
            Input::File(path) => path,
        }
    }

    /// The whole input as bytes.
    pub fn read(&self, stdin: &mut dyn Read) -> Result<Vec<u8>, InputError> {
        let mut bytes = Vec::new();
        let read = match self {
            Input::Stdin => stdin.read_to_end(&mut bytes).map(|_| ()),
            Input::File(path) => fs::read(path).map(|b| bytes = b),
        };
        read.map(|()| bytes)
            .map_err(|e| InputError::io(self.display_path(), &e))
    }
}

/// An input that could not be read; `kqlc` reports it and exits 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub message: String,
    pub help: String,
}

impl InputError {
    fn io(path: &str, error: &io::Error) -> InputError {
        InputError {
            path: path.to_string(),
            message: format!("cannot read '{path}': {}", io_reason(error)),
            help: PATH_HINT.to_string(),
        }
    }

    /// The two lines printed on standard error: `error: …` and `  help: …`.
    pub fn render(&self) -> String {
        format!("error: {}\n  help: {}\n", self.message, self.help)
    }
}

/// The OS message without Rust's ` (os error N)` suffix.
fn io_reason(error: &io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

/// Expands the paths of the command line: files as given, directories walked
/// recursively (hidden entries skipped) for [`RULE_EXTENSIONS`], sorted.
pub fn collect(paths: &[String]) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path == crate::rules::STDIN_PATH {
            inputs.push(Input::Stdin);
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                walk(Path::new(path), &mut found, &mut errors);
                found.sort();
                if found.is_empty() {
                    errors.push(InputError {
                        path: path.clone(),
                        message: format!("no rule files in directory '{path}'"),
                        help: PATH_HINT.to_string(),
                    });
                }
                inputs.extend(found.into_iter().map(Input::File));
            }
            Ok(_) => inputs.push(Input::File(path.clone())),
            Err(e) => errors.push(InputError::io(path, &e)),
        }
    }
    (inputs, errors)
}

/// Adds the rule files under `dir` to `found`. Symbolic links to directories are not
/// followed (no cycles); links to files are.
fn walk(dir: &Path, found: &mut Vec<String>, errors: &mut Vec<InputError>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return errors.push(InputError::io(&dir.display().to_string(), &e)),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if hidden {
            continue;
        }
        if kind.is_dir() {
            walk(&path, found, errors);
        } else if is_rule_file(&path) && (kind.is_file() || path.is_file()) {
            found.push(path.display().to_string());
        }
    }
}

/// A rule file by its extension; `*.test.yaml` files are `kqlc test` cases, not rules.
fn is_rule_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if name.ends_with(".test.yaml") || name.ends_with(".test.yml") {
        return false;
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("toml") => is_elastic_rule(path),
        Some(e) => RULE_EXTENSIONS.contains(&e),
        None => false,
    }
}

/// Whether a `.toml` file found in a directory is an Elastic detection rule (it has a
/// `[rule]` table), not some other TOML such as `Cargo.toml`. A file named on the
/// command line is checked whatever it holds.
fn is_elastic_rule(path: &Path) -> bool {
    fs::read_to_string(path).is_ok_and(|text| text.lines().any(|l| l.trim() == "[rule]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_reasons_drop_the_os_error_number() {
        let e = io::Error::from_raw_os_error(2);
        assert!(!io_reason(&e).contains("os error"), "{}", io_reason(&e));
    }

    #[test]
    fn a_missing_path_is_an_input_error_with_a_hint() {
        let (inputs, errors) = collect(&["does/not/exist.kql".to_string()]);
        assert!(inputs.is_empty());
        assert_eq!(errors.len(), 1);
        let text = errors[0].render();
        assert!(
            text.starts_with("error: cannot read 'does/not/exist.kql': "),
            "{text}"
        );
        assert!(text.contains("\n  help: "), "{text}");
    }

    #[test]
    fn dash_is_standard_input() {
        let (inputs, errors) = collect(&["-".to_string()]);
        assert_eq!(inputs, vec![Input::Stdin]);
        assert!(errors.is_empty());
    }

    #[test]
    fn rule_extensions_are_matched_without_case() {
        assert!(is_rule_file(Path::new("a/B.YAML")));
        assert!(is_rule_file(Path::new("q.csl")));
        assert!(!is_rule_file(Path::new("notes.md")));
        assert!(!is_rule_file(Path::new("kql")));
    }

    #[test]
    fn a_directory_walk_finds_esql_files_and_elastic_toml_rules_but_not_other_toml() {
        let dir = std::env::temp_dir().join(format!("kqlc-inputs-toml-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("temp dir");
        fs::write(
            dir.join("rule.toml"),
            "[metadata]\n[rule]\nquery = 'from x'\n",
        )
        .expect("write");
        fs::write(dir.join("Cargo.toml"), "[package]\nname = 'x'\n").expect("write");
        fs::write(dir.join("q.esql"), "from x\n").expect("write");
        let (inputs, errors) = collect(&[dir.display().to_string()]);
        assert!(errors.is_empty());
        let names: Vec<String> = inputs
            .iter()
            .filter_map(|i| match i {
                Input::File(p) => Path::new(p)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned()),
                Input::Stdin => None,
            })
            .collect();
        assert_eq!(names, ["q.esql", "rule.toml"]);
    }
}
