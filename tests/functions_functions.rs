//! Every function of the string, string-operator, conditional, conversion and math
//! families is reachable through the registry by its name and by each alias.

use kqlc::functions::registry::{EvalContext, scalar, scalar_functions};
use kqlc::value::Value;

/// (canonical name, aliases) for every function these families must provide.
const EXPECTED: &[(&str, &[&str])] = &[
    // string operators
    ("has", &[]),
    ("has_cs", &[]),
    ("hasprefix", &[]),
    ("hasprefix_cs", &[]),
    ("hassuffix", &[]),
    ("hassuffix_cs", &[]),
    ("contains", &[]),
    ("contains_cs", &[]),
    ("startswith", &[]),
    ("startswith_cs", &[]),
    ("endswith", &[]),
    ("endswith_cs", &[]),
    ("matches_regex", &[]),
    ("has_any", &[]),
    ("has_all", &[]),
    ("has_any_index", &[]),
    // string
    ("strcat", &[]),
    ("strcat_delim", &[]),
    ("strlen", &[]),
    ("tolower", &[]),
    ("toupper", &[]),
    ("trim", &[]),
    ("trim_start", &[]),
    ("trim_end", &[]),
    ("substring", &[]),
    ("indexof", &[]),
    ("indexof_regex", &[]),
    ("replace_string", &[]),
    ("replace_regex", &[]),
    ("replace", &[]),
    ("replace_strings", &[]),
    ("extract", &[]),
    ("extract_all", &[]),
    ("split", &[]),
    ("countof", &[]),
    ("reverse", &[]),
    ("url_decode", &[]),
    ("url_encode", &[]),
    ("url_encode_component", &[]),
    ("base64_encode_tostring", &["base64_encodestring"]),
    ("base64_decode_tostring", &["base64_decodestring"]),
    ("parse_url", &["parseurl"]),
    ("parse_path", &[]),
    ("parse_urlquery", &["parse_url_query"]),
    ("translate", &[]),
    ("regex_quote", &[]),
    ("strcmp", &[]),
    ("isascii", &[]),
    ("string_size", &[]),
    ("strrep", &[]),
    ("hash", &["hash_xxhash64"]),
    ("hash_md5", &[]),
    ("hash_sha1", &[]),
    ("hash_sha256", &[]),
    ("format_bytes", &[]),
    ("tohex", &[]),
    // conditional
    ("iff", &["iif"]),
    ("case", &[]),
    ("coalesce", &[]),
    ("isnull", &[]),
    ("isnotnull", &["notnull"]),
    ("isempty", &[]),
    ("isnotempty", &["notempty"]),
    ("not", &[]),
    ("gettype", &[]),
    ("max_of", &[]),
    ("min_of", &[]),
    // conversion
    ("tostring", &[]),
    ("toint", &[]),
    ("tolong", &[]),
    ("todouble", &["toreal"]),
    ("todecimal", &[]),
    ("tobool", &["toboolean"]),
    ("toguid", &[]),
    ("totimespan", &["totime"]),
    ("todatetime", &[]),
    // math
    ("abs", &[]),
    ("round", &[]),
    ("ceiling", &[]),
    ("exp", &[]),
    ("exp2", &[]),
    ("exp10", &[]),
    ("log", &[]),
    ("log10", &[]),
    ("log2", &[]),
    ("pow", &[]),
    ("sqrt", &[]),
    ("sign", &[]),
    ("rand", &[]),
    ("binary_and", &[]),
    ("binary_or", &[]),
    ("binary_xor", &[]),
    ("binary_not", &[]),
    ("binary_shift_left", &[]),
    ("binary_shift_right", &[]),
    ("isnan", &[]),
    ("isinf", &[]),
    ("isfinite", &[]),
    ("pi", &[]),
];

#[test]
fn every_function_is_reachable_by_name_and_alias() {
    for (name, aliases) in EXPECTED {
        for lookup in std::iter::once(name).chain(aliases.iter()) {
            let f = scalar(lookup).unwrap_or_else(|| panic!("`{lookup}` is not registered"));
            assert_eq!(f.name, *name, "`{lookup}` resolves to `{}`", f.name);
        }
    }
}

#[test]
fn every_entry_is_documented_and_has_a_sane_arity() {
    for (name, _) in EXPECTED {
        let f = scalar(name).unwrap_or_else(|| panic!("`{name}` is not registered"));
        assert!(!f.doc.is_empty(), "{name} has no doc");
        assert!(
            f.signature.starts_with('('),
            "{name} signature: {}",
            f.signature
        );
        assert!(f.min_args <= f.max_args, "{name} arity");
    }
}

#[test]
fn no_name_or_alias_is_registered_twice() {
    let mut seen = std::collections::HashSet::new();
    for f in scalar_functions() {
        for name in std::iter::once(&f.name).chain(f.aliases) {
            assert!(seen.insert(*name), "`{name}` is registered twice");
        }
    }
}

#[test]
fn functions_do_not_panic_on_nulls_or_odd_input() {
    let odd = [
        Value::Null,
        Value::string(""),
        Value::Long(-1),
        Value::Real(f64::NAN),
        Value::dynamic(serde_json::json!([1, {"a": null}])),
    ];
    let ctx = EvalContext { now: 0 };
    for (name, _) in EXPECTED {
        let f = scalar(name).unwrap_or_else(|| panic!("`{name}` is not registered"));
        let arity = f.min_args.clamp(1, 5);
        for v in &odd {
            let args = vec![v.clone(); arity];
            // Errors are allowed (e.g. an invalid regex); panics are not.
            let _ = (f.eval)(&args, &ctx);
        }
    }
}
