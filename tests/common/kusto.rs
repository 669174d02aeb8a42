//! Microsoft's Kusto.Language analyzer (npm `@kusto/language-service-next`) as a
//! reference for differential tests. The package is installed once into
//! `target/kusto-ref/` from `../shared/kusto/package.json`; scripts run with
//! `NODE_PATH` pointing there, so `../shared/kusto/analyze.js` and our own scripts
//! under `tests/kusto/` find it. Without node, npm or the shared folder the caller skips.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Where the reference package is installed, installing it when needed; `None` (with
/// the reason) when node, npm or `../shared/kusto` is missing or the install fails.
pub fn reference() -> Result<PathBuf, String> {
    let shared = Path::new(&super::shared_dir()).join("kusto");
    let manifest = shared.join("package.json");
    if !manifest.exists() {
        return Err(format!("{} is absent", manifest.display()));
    }
    for tool in ["node", "npm"] {
        let found = Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !found {
            return Err(format!("`{tool}` is not on PATH"));
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/kusto-ref");
    let package = dir.join("node_modules/@kusto/language-service-next/package.json");
    if package.exists() {
        return Ok(dir);
    }
    install(&manifest, &dir)?;
    Ok(dir)
}

/// `npm install` of the shared manifest into `dir`; a lock file guards parallel tests.
fn install(manifest: &Path, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let lock = dir.join(".installing");
    // Two test binaries may install at once: the second waits for the first.
    for _ in 0..600 {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock)
        {
            Ok(_) => break,
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(200)),
        }
    }
    let done = dir.join("node_modules/@kusto/language-service-next/package.json");
    let result = if done.exists() {
        Ok(())
    } else {
        std::fs::copy(manifest, dir.join("package.json")).map_err(|e| e.to_string())?;
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(dir)
            .status()
            .map_err(|e| e.to_string())?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("npm install failed in {}", dir.display()))
        }
    };
    let _ = std::fs::remove_file(&lock);
    result
}

/// The reference and the public KQL corpus's queries, or `None` after printing the
/// SKIP notice that says which one is missing (for the corpus-wide differential tests).
pub fn reference_and_corpus() -> Option<(PathBuf, Vec<String>)> {
    const CORPUS: &str = "corpus/kql.public.jsonl";
    let reference = match reference() {
        Ok(dir) => dir,
        Err(why) => {
            println!("SKIP: Kusto.Language reference unavailable: {why}");
            return None;
        }
    };
    let Some(queries) = super::corpus_queries(CORPUS, 1) else {
        println!("SKIP: ../shared/{CORPUS} is absent");
        return None;
    };
    Some((reference, queries))
}

/// Runs `node SCRIPT ARGS…` with the reference on `NODE_PATH`, feeding `input` (JSON
/// lines) on stdin; one parsed JSON value per output line, in input order. A long
/// input is split between two node processes: node analyses on one core, and a test
/// waiting on one process leaves CI's other core to the other tests only half the time.
pub fn run_node(
    reference: &Path,
    script: &Path,
    args: &[&str],
    input: &[serde_json::Value],
) -> Vec<serde_json::Value> {
    const SPLIT_FROM: usize = 200;
    if input.len() < SPLIT_FROM {
        return run_one_node(reference, script, args, input);
    }
    let (first, second) = input.split_at(input.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| run_one_node(reference, script, args, second));
        let mut out = run_one_node(reference, script, args, first);
        out.extend(other.join().expect("the second node process's thread"));
        out
    })
}

/// One node process over all of `input` (see [`run_node`]).
fn run_one_node(
    reference: &Path,
    script: &Path,
    args: &[&str],
    input: &[serde_json::Value],
) -> Vec<serde_json::Value> {
    // A larger young generation: Kusto.Language allocates much and short-lived, and
    // with it node analyses the corpus about a fifth faster.
    let mut child = Command::new("node")
        .arg("--max-semi-space-size=64")
        .arg(script)
        .args(args)
        .env("NODE_PATH", reference.join("node_modules"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("node runs {}: {e}", script.display()));
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let lines: String = input.iter().map(|v| format!("{v}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(lines.as_bytes()));
    let output = child.wait_with_output().expect("node finishes");
    writer
        .join()
        .expect("writer thread")
        .expect("node reads its input");
    assert!(output.status.success(), "{} failed", script.display());
    let values: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l}: {e}")))
        .collect();
    assert_eq!(
        values.len(),
        input.len(),
        "one line out of node per line in"
    );
    values
}

/// Writes every table kqlc's checker knows, with the columns it resolves, as
/// `T.schema` files (`Column:type` lines) into a fresh folder, so Kusto.Language is
/// given exactly the schemas `kqlc check` uses.
pub fn write_schemas(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("schema folder");
    use kqlc::plan::catalog::Catalog;
    let catalog = kqlc::check::CheckCatalog::default();
    for name in catalog.table_names() {
        let Some(info) = catalog.table(&name) else {
            continue;
        };
        let text: String = info
            .columns
            .iter()
            .map(|c| format!("{}:{}\n", c.name, c.ty.name()))
            .collect();
        std::fs::write(dir.join(format!("{name}.schema")), text).expect("schema file");
    }
}

/// Kusto.Language's diagnostics for each query (`../shared/kusto/analyze.js`), given
/// the schemas in `schemas`. Verdicts are cached in `target/kusto-ref/verdicts.jsonl`
/// by a hash of the schemas and the query, so a second run analyses only new queries.
pub fn analyze(reference: &Path, schemas: &Path, queries: &[String]) -> Vec<serde_json::Value> {
    use std::collections::HashMap;
    use std::hash::{Hash, Hasher};
    let mut schema_hasher = std::collections::hash_map::DefaultHasher::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(schemas)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    for f in &files {
        std::fs::read_to_string(f)
            .unwrap_or_default()
            .hash(&mut schema_hasher);
    }
    let schema_key = schema_hasher.finish();
    let key = |q: &str| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (schema_key, q).hash(&mut h);
        format!("{:016x}", h.finish())
    };
    let cache_path = reference.join("verdicts.jsonl");
    let mut cache: HashMap<String, serde_json::Value> = std::fs::read_to_string(&cache_path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| Some((v["key"].as_str()?.to_string(), v["diagnostics"].clone())))
        .collect();
    let missing: Vec<serde_json::Value> = queries
        .iter()
        .filter(|q| !cache.contains_key(&key(q)))
        .map(|q| serde_json::json!({"id": key(q), "query": q}))
        .collect();
    if !missing.is_empty() {
        let script = Path::new(&super::shared_dir()).join("kusto/analyze.js");
        let schema_arg = schemas.to_string_lossy().to_string();
        let fresh = run_node(reference, &script, &[&schema_arg], &missing);
        let mut lines = String::new();
        for v in fresh {
            let k = v["id"].as_str().unwrap_or_default().to_string();
            lines.push_str(&format!(
                "{}\n",
                serde_json::json!({"key": k, "diagnostics": v["diagnostics"]})
            ));
            cache.insert(k, v["diagnostics"].clone());
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&cache_path)
            .expect("verdict cache opens");
        file.write_all(lines.as_bytes())
            .expect("verdict cache is written");
    }
    queries
        .iter()
        .map(
            |q| serde_json::json!({"diagnostics": cache.get(&key(q)).cloned().unwrap_or_default()}),
        )
        .collect()
}
