//! `geo_info_from_ip_address()` reads a MaxMind City database named by `--geoip` or `KQLC_GEOIP_DB`
//! (Kusto uses GeoLite2-City): the docs' two examples, written into a small database
//! with the `mmdb-writer` Python package, come back as the docs show them; without a
//! database every address gives `{}` and `kqlc run` says so.

use crate::common;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The geo-info-from-ip-address-function docs' two places, as a City database.
const WRITER: &str = r#"
import sys
from mmdb_writer import MMDBWriter
from netaddr import IPSet
w = MMDBWriter(ip_version=6, database_type="GeoLite2-City", ipv4_compatible=True)
def place(country, state, city, lat, lon):
    return {"country": {"names": {"en": country}}, "subdivisions": [{"names": {"en": state}}],
            "city": {"names": {"en": city}}, "location": {"latitude": lat, "longitude": lon}}
w.insert_network(IPSet(["20.53.203.0/24"]), place("Australia", "New South Wales", "Sydney", -33.8715, 151.2006))
w.insert_network(IPSet(["2a03:2880:f12c::/48"]), place("United States", "Florida", "Boca Raton", 26.3594, -80.0771))
w.to_db_file(sys.argv[1])
"#;

/// A City database with the docs' places; `None` (after a SKIP notice) without Python
/// or `mmdb-writer` (installed with `pip install --user` when missing).
fn docs_database(dir: &Path) -> Option<PathBuf> {
    let out = dir.join("city.mmdb");
    let written = common::python_module("mmdb_writer", "mmdb-writer")
        && Command::new("python3")
            .args(["-c", WRITER])
            .arg(&out)
            .output()
            .is_ok_and(|o| o.status.success());
    if !written {
        println!("SKIP: cannot write a MaxMind database (`pip install mmdb-writer`)");
        return None;
    }
    Some(out)
}

fn run_query(dir: &Path, query: &str, database: Option<&str>) -> Output {
    let file = dir.join("q.kql");
    std::fs::write(&file, query).expect("write the query");
    let mut command = Command::new(env!("CARGO_BIN_EXE_kqlc"));
    command.arg("run").arg(&file).args(["--format", "jsonl"]);
    command.env_remove("KQLC_GEOIP_DB");
    if let Some(db) = database {
        command.env("KQLC_GEOIP_DB", db);
    }
    command.output().expect("kqlc runs")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "kqlc failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_docs_examples_place_an_ipv4_and_an_ipv6_address() {
    let dir = common::provisioning::scratch("geo-docs");
    let Some(db) = docs_database(&dir) else {
        return;
    };
    let db = db.to_string_lossy().into_owned();
    let v4 = run_query(
        &dir,
        "print ip_location=geo_info_from_ip_address('20.53.203.50')",
        Some(&db),
    );
    assert_eq!(
        stdout(&v4),
        "{\"ip_location\":{\"country\":\"Australia\",\"state\":\"New South Wales\",\"city\":\"Sydney\",\"latitude\":-33.8715,\"longitude\":151.2006}}\n"
    );
    let v6 = run_query(
        &dir,
        "print ip_location=geo_info_from_ip_address('2a03:2880:f12c:83:face:b00c::25de')",
        Some(&db),
    );
    assert_eq!(
        stdout(&v6),
        "{\"ip_location\":{\"country\":\"United States\",\"state\":\"Florida\",\"city\":\"Boca Raton\",\"latitude\":26.3594,\"longitude\":-80.0771}}\n"
    );
    // An address the database does not place, and text that is no address.
    let other = run_query(
        &dir,
        "print a=geo_info_from_ip_address('10.0.0.1'), b=geo_info_from_ip_address('nowhere')",
        Some(&db),
    );
    assert_eq!(stdout(&other), "{\"a\":{},\"b\":null}\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_a_database_every_address_gives_an_empty_bag_and_a_note() {
    let dir = common::provisioning::scratch("geo-none");
    let out = run_query(
        &dir,
        "print ip_location=geo_info_from_ip_address('20.53.203.50')",
        None,
    );
    assert_eq!(stdout(&out), "{\"ip_location\":{}}\n");
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(
        note.contains("note: no GeoIP database") && note.contains("KQLC_GEOIP_DB"),
        "{note}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unreadable_database_is_an_error_naming_the_file() {
    let dir = common::provisioning::scratch("geo-bad");
    let bad = dir.join("not.mmdb");
    std::fs::write(&bad, "not a database").expect("write");
    let out = run_query(
        &dir,
        "print ip_location=geo_info_from_ip_address('20.53.203.50')",
        Some(&bad.to_string_lossy()),
    );
    assert_ne!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("is not a readable MaxMind database"),
        "{text}"
    );
    assert!(text.contains("not.mmdb"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_geoip_flag_names_the_database_and_a_bad_one_is_an_error_naming_the_flag() {
    let dir = common::provisioning::scratch("geo-flag");
    let Some(db) = docs_database(&dir) else {
        return;
    };
    let query = dir.join("q.kql");
    std::fs::write(
        &query,
        "print c = tostring(geo_info_from_ip_address('20.53.203.50').city)",
    )
    .expect("write the query");
    let run = |database: &Path| {
        Command::new(env!("CARGO_BIN_EXE_kqlc"))
            .arg("run")
            .arg(&query)
            .args(["--format", "jsonl", "--geoip"])
            .arg(database)
            .env_remove("KQLC_GEOIP_DB")
            .output()
            .expect("kqlc runs")
    };
    let placed = run(&db);
    assert_eq!(stdout(&placed), "{\"c\":\"Sydney\"}\n");
    assert!(String::from_utf8_lossy(&placed.stderr).is_empty());
    let missing = run(&dir.join("missing.mmdb"));
    assert_eq!(missing.status.code(), Some(2));
    let message = String::from_utf8_lossy(&missing.stderr);
    assert!(
        message.contains("--geoip") && message.contains("missing.mmdb"),
        "{message}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
