//! `geo_info_from_ip_address(ip)` (Kusto docs, geo-info-from-ip-address-function): the
//! country, state, city and coordinates of an IPv4 or IPv6 address, from a MaxMind
//! GeoLite2/GeoIP2 City database (what Kusto itself uses). kqlc ships no database: the
//! one named by `kqlc run --geoip FILE` (else by `KQLC_GEOIP_DB`) is read once, on
//! first use; without one, or for an address the database does not place, the result
//! is an empty property bag.

use crate::functions::args::text;
use crate::functions::registry::EvalContext;
use crate::value::Value;
use maxminddb::Reader;
use serde::Deserialize;
use serde_json::{Map, Value as J};
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::OnceLock;

/// The environment variable naming the City database (`GeoLite2-City.mmdb`).
pub const DATABASE_VARIABLE: &str = "KQLC_GEOIP_DB";

/// The parts of a City record the function reports.
#[derive(Deserialize, Default)]
struct Record {
    #[serde(default)]
    country: Named,
    #[serde(default)]
    subdivisions: Vec<Named>,
    #[serde(default)]
    city: Named,
    #[serde(default)]
    location: Location,
}

#[derive(Deserialize, Default)]
struct Named {
    #[serde(default)]
    names: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
struct Location {
    latitude: Option<f64>,
    longitude: Option<f64>,
}

/// The database file `--geoip` names, set once before a run.
static FLAG_PATH: OnceLock<std::path::PathBuf> = OnceLock::new();

/// Uses the database at `path` (`kqlc run --geoip`): it is opened now, so a file that
/// is not a MaxMind database is an error before the query runs.
pub fn use_database(path: &std::path::Path) -> Result<(), String> {
    Reader::open_readfile(path).map_err(|e| {
        format!(
            "--geoip {}: not a readable MaxMind database: {e}",
            path.display()
        )
    })?;
    let _ = FLAG_PATH.set(path.to_path_buf());
    Ok(())
}

/// Whether a database is named (by `--geoip` or `KQLC_GEOIP_DB`).
pub fn is_named() -> bool {
    FLAG_PATH.get().is_some() || std::env::var_os(DATABASE_VARIABLE).is_some_and(|p| !p.is_empty())
}

/// The database, opened once; an unreadable file is an error each call reports.
fn database() -> Result<Option<&'static Reader<Vec<u8>>>, String> {
    static DATABASE: OnceLock<Result<Option<Reader<Vec<u8>>>, String>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            if let Some(path) = FLAG_PATH.get() {
                return Reader::open_readfile(path).map(Some).map_err(|e| {
                    format!(
                        "--geoip {}: not a readable MaxMind database: {e}",
                        path.display()
                    )
                });
            }
            let Some(path) = std::env::var_os(DATABASE_VARIABLE).filter(|p| !p.is_empty()) else {
                return Ok(None);
            };
            Reader::open_readfile(&path).map(Some).map_err(|e| {
                format!(
                    "{DATABASE_VARIABLE}={} is not a readable MaxMind database: {e}",
                    path.to_string_lossy()
                )
            })
        })
        .as_ref()
        .map(Option::as_ref)
        .map_err(Clone::clone)
}

/// The English name of a place, as Kusto reports it.
fn english(place: &Named) -> Option<J> {
    place.names.get("en").map(|n| J::String(n.clone()))
}

pub(super) fn geo_info_from_ip_address(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let Ok(address) = text(args, 0).trim().parse::<IpAddr>() else {
        return Ok(Value::Null);
    };
    let mut out = Map::new();
    if let Some(db) = database()? {
        let record: Option<Record> = db
            .lookup(address)
            .and_then(|found| found.decode())
            .map_err(|e| format!("geo_info_from_ip_address: {e}"))?;
        if let Some(r) = record {
            let fields = [
                ("country", english(&r.country)),
                ("state", r.subdivisions.first().and_then(english)),
                ("city", english(&r.city)),
                ("latitude", r.location.latitude.map(J::from)),
                ("longitude", r.location.longitude.map(J::from)),
            ];
            for (key, value) in fields {
                if let Some(v) = value {
                    out.insert(key.into(), v);
                }
            }
        }
    }
    Ok(Value::dynamic(J::Object(out)))
}
