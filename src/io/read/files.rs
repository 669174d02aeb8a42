//! The files one `--table NAME=FILE` argument names: a file, a directory (every file
//! under it with a table extension, recursively), or a glob (`export/**/PT1H.json*`),
//! in path order, so an Azure Monitor export folder reads as one table.

use std::path::{Path, PathBuf};

/// Extensions of the table files a directory walk picks up (each possibly followed by
/// `.gz`/`.zst`).
pub const TABLE_EXTENSIONS: &[&str] = &["json", "jsonl", "ndjson", "csv", "parquet", "parq"];

/// The files `spec` names, sorted by path: an existing file is itself; a directory gives
/// the table files under it (hidden entries skipped); text with `*`, `?` or `[` is a
/// glob (`**` crosses directories). A directory or glob with no table file is an error
/// naming it. Any other text is returned as it is, for the reader to report.
pub fn expand(spec: &str) -> Result<Vec<PathBuf>, String> {
    let path = Path::new(spec);
    if path.is_dir() {
        let pattern = format!("{}/**/*", glob::Pattern::escape(spec.trim_end_matches('/')));
        let found = matches(&pattern, true)?;
        if found.is_empty() {
            return Err(format!("directory '{spec}' holds no table files"));
        }
        return Ok(found);
    }
    if path.exists() || !spec.contains(['*', '?', '[']) {
        return Ok(vec![path.to_path_buf()]);
    }
    let found = matches(spec, false)?;
    if found.is_empty() {
        return Err(format!("no file matches '{spec}'"));
    }
    Ok(found)
}

/// The files matching a glob (table files only when `table_files_only`), sorted.
fn matches(pattern: &str, table_files_only: bool) -> Result<Vec<PathBuf>, String> {
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    let paths = glob::glob_with(pattern, options)
        .map_err(|e| format!("'{pattern}' is not a valid glob: {e}"))?;
    let mut found: Vec<PathBuf> = paths
        .filter_map(Result::ok)
        .filter(|p| p.is_file())
        .filter(|p| !table_files_only || is_table_file(p))
        .collect();
    found.sort();
    Ok(found)
}

/// Whether the file's name ends in a table extension, under any compression suffix.
pub fn is_table_file(path: &Path) -> bool {
    super::compression::inner_extension(path)
        .is_some_and(|e| TABLE_EXTENSIONS.contains(&e.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_files_are_told_by_the_extension_under_compression() {
        assert!(is_table_file(Path::new("y=2026/PT1H.json.gz")));
        assert!(is_table_file(Path::new("a.parquet")));
        assert!(is_table_file(Path::new("b.CSV.zst")));
        assert!(!is_table_file(Path::new("notes.txt")));
        assert!(!is_table_file(Path::new("archive.gz")));
    }

    #[test]
    fn a_path_without_glob_characters_is_returned_as_given() {
        assert_eq!(
            expand("no/such/file.json"),
            Ok(vec![PathBuf::from("no/such/file.json")])
        );
    }

    #[test]
    fn a_glob_matching_nothing_is_an_error_naming_it() {
        let error = expand("no/such/dir/**/PT1H.json*").unwrap_err();
        assert!(error.contains("no/such/dir/**/PT1H.json*"), "{error}");
    }
}
