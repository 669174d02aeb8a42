//! Encodings: zlib/gzip compression as base64, base64 of byte arrays and GUIDs, and
//! Unicode code points. Each function follows its learn.microsoft.com/kusto/query page.

mod bytes;
mod codepoints;
mod compress;
mod punycode;

use super::registry::{ReturnType, ScalarFunction, scalar_entry as entry};
use crate::value::Type;

const STRING: ReturnType = ReturnType::Fixed(Type::String);
const DYNAMIC: ReturnType = ReturnType::Fixed(Type::Dynamic);

pub static FUNCTIONS: &[ScalarFunction] = &[
    entry(
        "zlib_compress_to_base64_string",
        &[],
        (1, 1),
        "(string: string) -> string",
        STRING,
        compress::zlib_compress,
        "The text compressed with zlib, as base64.",
    ),
    entry(
        "zlib_decompress_from_base64_string",
        &[],
        (1, 1),
        "(string: string) -> string",
        STRING,
        compress::zlib_decompress,
        "Base64 zlib data decompressed to text; empty when invalid.",
    ),
    entry(
        "gzip_compress_to_base64_string",
        &[],
        (1, 1),
        "(string: string) -> string",
        STRING,
        compress::gzip_compress,
        "The text compressed with gzip, as base64.",
    ),
    entry(
        "gzip_decompress_from_base64_string",
        &[],
        (1, 1),
        "(string: string) -> string",
        STRING,
        compress::gzip_decompress,
        "Base64 gzip data decompressed to text; empty when invalid.",
    ),
    entry(
        "base64_decode_toarray",
        &[],
        (1, 1),
        "(base64_string: string) -> dynamic",
        DYNAMIC,
        bytes::base64_decode_toarray,
        "The bytes of base64 text as an array of longs.",
    ),
    entry(
        "base64_encode_fromarray",
        &[],
        (1, 1),
        "(base64_string_decoded_as_a_byte_array: dynamic) -> string",
        STRING,
        bytes::base64_encode_fromarray,
        "An array of bytes as base64 text.",
    ),
    entry(
        "base64_decode_toguid",
        &[],
        (1, 1),
        "(base64_string: string) -> guid",
        ReturnType::Fixed(Type::Guid),
        bytes::base64_decode_toguid,
        "The GUID whose 16 bytes the base64 text holds.",
    ),
    entry(
        "base64_encode_fromguid",
        &[],
        (1, 1),
        "(guid: guid) -> string",
        STRING,
        bytes::base64_encode_fromguid,
        "The 16 bytes of a GUID as base64 text.",
    ),
    entry(
        "unicode_codepoints_from_string",
        &["to_utf8"],
        (1, 1),
        "(value: string) -> dynamic",
        DYNAMIC,
        codepoints::codepoints_from_string,
        "The Unicode code points of the string's characters.",
    ),
    entry(
        "unicode_codepoints_to_string",
        &["make_string"],
        (1, 64),
        "(values: dynamic, ...) -> string",
        STRING,
        codepoints::codepoints_to_string,
        "The string of the given Unicode code points (numbers or arrays).",
    ),
    entry(
        "isutf8",
        &[],
        (1, 1),
        "(value: string) -> bool",
        ReturnType::Fixed(Type::Bool),
        codepoints::isutf8,
        "Whether the string is valid UTF-8.",
    ),
    entry(
        "punycode_from_string",
        &[],
        (1, 1),
        "(input_string: string) -> string",
        STRING,
        punycode::punycode_from_string,
        "The punycode of a label.",
    ),
    entry(
        "punycode_to_string",
        &[],
        (1, 1),
        "(encoded_string: string) -> string",
        STRING,
        punycode::punycode_to_string,
        "The label a punycode text stands for.",
    ),
    entry(
        "punycode_domain_to_string",
        &[],
        (1, 1),
        "(domain: string) -> string",
        STRING,
        punycode::punycode_domain_to_string,
        "A domain with each non-ASCII label as xn-- punycode.",
    ),
    entry(
        "punycode_domain_from_string",
        &[],
        (1, 1),
        "(encoded_domain: string) -> string",
        STRING,
        punycode::punycode_domain_from_string,
        "A domain with each xn-- label decoded.",
    ),
];
