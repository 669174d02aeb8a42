//! `parse_user_agent(user_agent, look_for)` (Kusto docs, parse-user-agent-function):
//! the browser, operating system and device a user-agent string names, by the ua-parser
//! (uap-core) patterns Kusto uses; the patterns are compiled once, on first use.

use crate::functions::args::text;
use crate::functions::registry::EvalContext;
use crate::value::Value;
use serde_json::{Map, Value as J, json};
use std::sync::OnceLock;
use uaparser::{Parser, UserAgentParser};

const PATTERNS: &[u8] = include_bytes!("uap/regexes.yaml");

fn parser() -> Result<&'static UserAgentParser, String> {
    static PARSER: OnceLock<Result<UserAgentParser, String>> = OnceLock::new();
    PARSER
        .get_or_init(|| {
            UserAgentParser::from_bytes(PATTERNS)
                .map_err(|e| format!("the user-agent patterns do not load: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The targets `look_for` asks for: `"browser"`, `"os"`, `"device"` or an array of them.
fn targets(look_for: &Value) -> Result<Vec<String>, String> {
    let names: Vec<String> = match look_for {
        Value::Dynamic(j) if j.is_array() => j
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| t.as_str().unwrap_or_default().to_lowercase())
            .collect(),
        other => vec![other.to_kusto_string().to_lowercase()],
    };
    match names
        .iter()
        .find(|n| !matches!(n.as_str(), "browser" | "os" | "device"))
    {
        Some(bad) => Err(format!(
            "parse_user_agent looks for \"browser\", \"os\" or \"device\", not \"{bad}\""
        )),
        None => Ok(names),
    }
}

/// A version part as Kusto writes it: the text, or `""` when the pattern has none.
fn part(p: &Option<std::borrow::Cow<'_, str>>) -> J {
    J::String(p.as_deref().unwrap_or_default().to_string())
}

pub(super) fn parse_user_agent(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let agent = text(args, 0);
    // Kusto.Language lets `look_for` be left out; kqlc then gives all three.
    let all = Value::dynamic(json!(["browser", "os", "device"]));
    let wanted = targets(args.get(1).unwrap_or(&all))?;
    let parser = parser()?;
    let mut out = Map::new();
    for target in wanted {
        let (key, value) = match target.as_str() {
            "browser" => {
                let b = parser.parse_user_agent(&agent);
                let v = json!({
                    "Family": b.family, "MajorVersion": part(&b.major),
                    "MinorVersion": part(&b.minor), "Patch": part(&b.patch),
                });
                ("Browser", v)
            }
            "os" => {
                let o = parser.parse_os(&agent);
                let v = json!({
                    "Family": o.family, "MajorVersion": part(&o.major),
                    "MinorVersion": part(&o.minor), "Patch": part(&o.patch),
                    "PatchMinor": part(&o.patch_minor),
                });
                ("OperatingSystem", v)
            }
            _ => {
                let d = parser.parse_device(&agent);
                let v = json!({
                    "Family": d.family, "Brand": part(&d.brand), "Model": part(&d.model),
                });
                ("Device", v)
            }
        };
        out.insert(key.into(), value);
    }
    Ok(Value::dynamic(J::Object(out)))
}
