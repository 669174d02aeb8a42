//! String functions: one table entry per function; implementations live in the
//! sibling files by kind (plain text, regex, replacement, URL, encoding).

mod basic;
mod encode;
pub(crate) mod regex;
mod replace;
mod url;

use super::registry::{ReturnType, ScalarFunction};
use crate::value::Type;

const STRING: ReturnType = ReturnType::Fixed(Type::String);
const LONG: ReturnType = ReturnType::Fixed(Type::Long);
const BOOL: ReturnType = ReturnType::Fixed(Type::Bool);
const DYNAMIC: ReturnType = ReturnType::Fixed(Type::Dynamic);

/// `extract` is a string unless a target type is named (then unknown until run time).
fn extract_type(args: &[Type]) -> Type {
    if args.len() >= 4 {
        Type::Unknown
    } else {
        Type::String
    }
}

macro_rules! entry {
    ($name:literal, [$($alias:literal),*], $min:expr, $max:expr, $sig:literal, $ret:expr, $eval:expr, $doc:literal) => {
        ScalarFunction {
            name: $name,
            aliases: &[$($alias),*],
            min_args: $min,
            max_args: $max,
            signature: $sig,
            returns: $ret,
            eval: $eval,
            doc: $doc,
        }
    };
}

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry!(
        "strcat",
        [],
        1,
        64,
        "(arg1, arg2, …) -> string",
        STRING,
        basic::strcat,
        "Concatenates the arguments as strings."
    ),
    entry!(
        "strcat_delim",
        [],
        3,
        65,
        "(delimiter: string, arg1, arg2, …) -> string",
        STRING,
        basic::strcat_delim,
        "Concatenates the arguments with a delimiter between them."
    ),
    entry!(
        "strlen",
        [],
        1,
        1,
        "(source: string) -> long",
        LONG,
        basic::strlen,
        "The number of characters in the string."
    ),
    entry!(
        "string_size",
        [],
        1,
        1,
        "(source: string) -> long",
        LONG,
        basic::string_size,
        "The number of bytes of the string (UTF-8)."
    ),
    entry!(
        "tolower",
        [],
        1,
        1,
        "(source: string) -> string",
        STRING,
        basic::tolower,
        "The string in lower case."
    ),
    entry!(
        "toupper",
        [],
        1,
        1,
        "(source: string) -> string",
        STRING,
        basic::toupper,
        "The string in upper case."
    ),
    entry!(
        "reverse",
        [],
        1,
        1,
        "(source: string) -> string",
        STRING,
        basic::reverse,
        "The characters of the string in reverse order."
    ),
    entry!(
        "strcmp",
        [],
        2,
        2,
        "(string1: string, string2: string) -> int",
        ReturnType::Fixed(Type::Int),
        basic::strcmp,
        "Compares two strings: -1, 0 or 1."
    ),
    entry!(
        "isascii",
        [],
        1,
        1,
        "(source: string) -> bool",
        BOOL,
        basic::isascii,
        "Whether every character is ASCII."
    ),
    entry!(
        "strrep",
        [],
        2,
        3,
        "(value, multiplier: int [, delimiter: string]) -> string",
        STRING,
        basic::strrep,
        "The value repeated a number of times."
    ),
    entry!(
        "translate",
        [],
        3,
        3,
        "(searchList: string, replacementList: string, source: string) -> string",
        STRING,
        basic::translate,
        "Replaces characters one for one."
    ),
    entry!(
        "substring",
        [],
        2,
        3,
        "(source: string, startingIndex: long [, length: long]) -> string",
        STRING,
        basic::substring,
        "The part of the string from an index, optionally of a length."
    ),
    entry!(
        "indexof",
        [],
        2,
        5,
        "(source: string, lookup: string [, start: int [, length: int [, occurrence: int]]]) -> int",
        ReturnType::Fixed(Type::Int),
        basic::indexof,
        "The index of an occurrence of a string, or -1."
    ),
    entry!(
        "indexof_regex",
        [],
        2,
        5,
        "(source: string, lookup: string [, start: int [, length: int [, occurrence: int]]]) -> long",
        LONG,
        regex::indexof_regex,
        "The index of a match of a regular expression, or -1."
    ),
    entry!(
        "trim",
        [],
        2,
        2,
        "(regex: string, source: string) -> string",
        STRING,
        regex::trim,
        "Removes leading and trailing matches of a regular expression."
    ),
    entry!(
        "trim_start",
        [],
        2,
        2,
        "(regex: string, source: string) -> string",
        STRING,
        regex::trim_start,
        "Removes leading matches of a regular expression."
    ),
    entry!(
        "trim_end",
        [],
        2,
        2,
        "(regex: string, source: string) -> string",
        STRING,
        regex::trim_end,
        "Removes trailing matches of a regular expression."
    ),
    entry!(
        "replace_regex",
        [],
        3,
        3,
        "(source: string, lookup_regex: string, rewrite_pattern: string) -> string",
        STRING,
        regex::replace_regex,
        "Replaces every match of a regular expression."
    ),
    entry!(
        "replace",
        [],
        3,
        3,
        "(regex: string, rewrite: string, text: string) -> string",
        STRING,
        regex::replace_legacy,
        "Legacy form of replace_regex with the text last."
    ),
    entry!(
        "extract",
        [],
        3,
        4,
        "(regex: string, captureGroup: int, source: string [, typeName: string]) -> string",
        ReturnType::Rule(extract_type),
        regex::extract,
        "The text of a capture group of the first match."
    ),
    entry!(
        "extract_all",
        [],
        2,
        3,
        "(regex: string, [captureGroups: dynamic,] source: string) -> dynamic",
        DYNAMIC,
        regex::extract_all,
        "Every match's capture groups, as an array."
    ),
    entry!(
        "countof",
        [],
        2,
        3,
        "(source: string, search: string [, kind: string]) -> long",
        LONG,
        regex::countof,
        "How many times a string or regular expression occurs."
    ),
    entry!(
        "regex_quote",
        [],
        1,
        1,
        "(value: string) -> string",
        STRING,
        regex::regex_quote,
        "The string with regular-expression metacharacters escaped."
    ),
    entry!(
        "replace_string",
        [],
        3,
        3,
        "(text: string, lookup: string, rewrite: string) -> string",
        STRING,
        replace::replace_string,
        "Replaces every occurrence of a string."
    ),
    entry!(
        "replace_strings",
        [],
        3,
        3,
        "(text: string, lookups: dynamic, rewrites: dynamic) -> string",
        STRING,
        replace::replace_strings,
        "Replaces several strings at once."
    ),
    entry!(
        "split",
        [],
        2,
        3,
        "(source: string, delimiter: string [, requestedIndex: int]) -> dynamic",
        DYNAMIC,
        replace::split,
        "Splits a string into an array of parts."
    ),
    entry!(
        "url_encode",
        [],
        1,
        1,
        "(url: string) -> string",
        STRING,
        url::url_encode,
        "Percent-encodes a URL, spaces as '+'."
    ),
    entry!(
        "url_encode_component",
        [],
        1,
        1,
        "(url: string) -> string",
        STRING,
        url::url_encode_component,
        "Percent-encodes a URL, spaces as '%20'."
    ),
    entry!(
        "url_decode",
        [],
        1,
        1,
        "(encoded_url: string) -> string",
        STRING,
        url::url_decode,
        "Decodes a percent-encoded URL."
    ),
    entry!(
        "parse_url",
        ["parseurl"],
        1,
        1,
        "(url: string) -> dynamic",
        DYNAMIC,
        url::parse_url,
        "The parts of an absolute URL."
    ),
    entry!(
        "parse_urlquery",
        ["parse_url_query"],
        1,
        1,
        "(query: string) -> dynamic",
        DYNAMIC,
        url::parse_urlquery,
        "The parameters of a URL query string."
    ),
    entry!(
        "parse_path",
        [],
        1,
        1,
        "(path: string) -> dynamic",
        DYNAMIC,
        url::parse_path,
        "The parts of a file path."
    ),
    entry!(
        "base64_encode_tostring",
        ["base64_encodestring"],
        1,
        1,
        "(string: string) -> string",
        STRING,
        encode::base64_encode_tostring,
        "Encodes a string as base64."
    ),
    entry!(
        "base64_decode_tostring",
        ["base64_decodestring"],
        1,
        1,
        "(base64_string: string) -> string",
        STRING,
        encode::base64_decode_tostring,
        "Decodes a base64 string to UTF-8 text."
    ),
    entry!(
        "hash",
        ["hash_xxhash64"],
        1,
        2,
        "(source [, mod: long]) -> long",
        LONG,
        encode::hash,
        "The xxhash64 of a value, optionally modulo a number."
    ),
    entry!(
        "hash_md5",
        [],
        1,
        1,
        "(source) -> string",
        STRING,
        encode::hash_md5,
        "The MD5 of a value, in hex."
    ),
    entry!(
        "hash_sha1",
        [],
        1,
        1,
        "(source) -> string",
        STRING,
        encode::hash_sha1,
        "The SHA-1 of a value, in hex."
    ),
    entry!(
        "hash_sha256",
        [],
        1,
        1,
        "(source) -> string",
        STRING,
        encode::hash_sha256,
        "The SHA-256 of a value, in hex."
    ),
    entry!(
        "tohex",
        [],
        1,
        2,
        "(value: long [, minLength: int]) -> string",
        STRING,
        encode::tohex,
        "A whole number in hexadecimal."
    ),
    entry!(
        "format_bytes",
        [],
        1,
        3,
        "(size: real [, precision: int [, units: string]]) -> string",
        STRING,
        encode::format_bytes,
        "A byte count as a size with units (KB, MB, …)."
    ),
];

#[cfg(test)]
mod tests;
