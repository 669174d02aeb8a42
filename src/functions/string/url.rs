//! URL and path functions: percent-encoding and splitting URLs, queries and paths.

use crate::functions::args::text;
use crate::functions::registry::EvalContext;
use crate::value::Value;
use serde_json::{Map, Value as J};

/// Characters .NET's URL encoder leaves as they are (Kusto's url_encode output).
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'!' | b'*' | b'(' | b')')
}

/// Percent-encodes UTF-8 bytes with lower-case hex, as Kusto prints it
/// (url-encode-function docs: `https%3a%2f%2fwww.bing.com%2fhello+world`).
fn percent_encode(s: &str, space: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b' ' => out.push_str(space),
            b if is_unreserved(b) => out.push(b as char),
            b => out.push_str(&format!("%{b:02x}")),
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space); malformed escapes stay as they are.
pub(super) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() && hex_pair(bytes[i + 1], bytes[i + 2]).is_some() => {
                out.extend(hex_pair(bytes[i + 1], bytes[i + 2]));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_pair(hi: u8, lo: u8) -> Option<u8> {
    let digit = |c: u8| (c as char).to_digit(16);
    Some((digit(hi)? * 16 + digit(lo)?) as u8)
}

/// `url_encode(url)`: percent-encoded, spaces as `+`.
pub(super) fn url_encode(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(percent_encode(&text(args, 0), "+")))
}

/// `url_encode_component(url)`: percent-encoded, spaces as `%20`.
pub(super) fn url_encode_component(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(percent_encode(&text(args, 0), "%20")))
}

/// `url_decode(encoded)`: the percent-decoded text.
pub(super) fn url_decode(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(percent_decode(&text(args, 0))))
}

/// The query-string parameters as a JSON object (values percent-decoded; the last
/// of repeated keys wins).
fn query_object(query: &str) -> Map<String, J> {
    let mut params = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        params.insert(percent_decode(key), J::String(percent_decode(value)));
    }
    params
}

/// `parse_urlquery(query)`: `{"Query Parameters": {key: value, …}}`.
pub(super) fn parse_urlquery(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let query = text(args, 0);
    let query = query.strip_prefix('?').unwrap_or(&query);
    let mut out = Map::new();
    out.insert("Query Parameters".into(), J::Object(query_object(query)));
    Ok(Value::dynamic(J::Object(out)))
}

/// `parse_url(url)`: Scheme, Host, Port, Path, Username, Password, Query Parameters
/// and Fragment of an absolute URL; all empty when the text has no `scheme://`.
pub(super) fn parse_url(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let url = text(args, 0);
    let parts = UrlParts::parse(url.trim()).unwrap_or_default();
    Ok(Value::dynamic(parts.to_json()))
}

#[derive(Default)]
struct UrlParts {
    scheme: String,
    host: String,
    port: String,
    path: String,
    username: String,
    password: String,
    query: String,
    fragment: String,
}

impl UrlParts {
    fn parse(url: &str) -> Option<UrlParts> {
        let (scheme, rest) = url.split_once("://")?;
        if scheme.is_empty()
            || !scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return None;
        }
        let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        let (userinfo, hostport) = authority.rsplit_once('@').unwrap_or(("", authority));
        let (username, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
        let (host, port) = split_host_port(hostport);
        Some(UrlParts {
            scheme: scheme.into(),
            host: host.into(),
            port: port.into(),
            path: path.into(),
            username: username.into(),
            password: password.into(),
            query: query.into(),
            fragment: fragment.into(),
        })
    }

    fn to_json(&self) -> J {
        let mut out = Map::new();
        let mut put = |k: &str, v: &str| out.insert(k.into(), J::String(v.into()));
        put("Scheme", &self.scheme);
        put("Host", &self.host);
        put("Port", &self.port);
        put("Path", &self.path);
        put("Username", &self.username);
        put("Password", &self.password);
        out.insert(
            "Query Parameters".into(),
            J::Object(query_object(&self.query)),
        );
        out.insert("Fragment".into(), J::String(self.fragment.clone()));
        J::Object(out)
    }
}

/// Splits `host:port`, keeping IPv6 brackets (`[::1]:8080`) whole.
fn split_host_port(hostport: &str) -> (&str, &str) {
    if hostport.starts_with('[')
        && let Some(close) = hostport.find(']')
    {
        let port = hostport[close + 1..].strip_prefix(':').unwrap_or("");
        return (&hostport[..=close], port);
    }
    match hostport.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) => (h, p),
        _ => (hostport, ""),
    }
}

/// `parse_path(path)`: Scheme, RootPath, DirectoryPath, DirectoryName, Filename,
/// Extension and AlternateDataStreamName of a Windows, UNC, Unix or `file://` path
/// (parse-path-function docs).
pub(super) fn parse_path(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let path = text(args, 0);
    Ok(Value::dynamic(PathParts::parse(&path).to_json()))
}

struct PathParts {
    scheme: String,
    root: String,
    directory_path: String,
    directory_name: String,
    filename: String,
    extension: String,
    stream: String,
}

impl PathParts {
    fn parse(path: &str) -> PathParts {
        let (scheme, rest) = match path.split_once("://") {
            Some((s, r)) if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()) => (s, r),
            _ => ("", path),
        };
        let is_sep = |c: char| c == '\\' || c == '/';
        let root = match rest.as_bytes() {
            [d, b':', ..] if d.is_ascii_alphabetic() => &rest[..2],
            _ => "",
        };
        let (directory_path, file_part) = match rest.rfind(is_sep) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => ("", rest),
        };
        // A colon after the drive letter separates an alternate data stream.
        let (filename, stream) = match file_part.split_once(':') {
            Some((f, s)) => (f, s),
            None => (file_part, ""),
        };
        let directory_name = directory_path.rsplit(is_sep).next().unwrap_or("");
        let extension = match filename.rsplit_once('.') {
            Some((_, ext)) => ext,
            None => "",
        };
        PathParts {
            scheme: scheme.into(),
            root: root.into(),
            directory_path: directory_path.into(),
            directory_name: if directory_name == root {
                ""
            } else {
                directory_name
            }
            .into(),
            filename: filename.into(),
            extension: extension.into(),
            stream: stream.into(),
        }
    }

    fn to_json(&self) -> J {
        let mut out = Map::new();
        for (k, v) in [
            ("Scheme", &self.scheme),
            ("RootPath", &self.root),
            ("DirectoryPath", &self.directory_path),
            ("DirectoryName", &self.directory_name),
            ("Filename", &self.filename),
            ("Extension", &self.extension),
            ("AlternateDataStreamName", &self.stream),
        ] {
            out.insert(k.into(), J::String(v.clone()));
        }
        J::Object(out)
    }
}
