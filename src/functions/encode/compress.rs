//! zlib and gzip compression to and from base64 text (zlib-base64-compress-function,
//! zlib-base64-decompress-function, gzip-base64-compress, gzip-base64-decompress), with
//! the `flate2` crate. Text that does not decode gives an empty string, as documented.

use crate::functions::args::text;
use crate::functions::registry::EvalContext;
use crate::value::Value;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use flate2::Compression;
use flate2::read::{GzDecoder, ZlibDecoder};
use flate2::write::{GzEncoder, ZlibEncoder};
use std::io::{Read, Write};

/// Decompressed input bytes over a decoder made for them, as UTF-8 text.
fn inflate_text<R: Read>(mut decoder: R) -> Option<String> {
    let mut out = String::new();
    decoder.read_to_string(&mut out).ok()?;
    Some(out)
}

/// The zlib stream of the bytes at a compression level.
fn zlib_bytes(input: &[u8], level: Compression) -> std::io::Result<Vec<u8>> {
    let mut encoder = ZlibEncoder::new(Vec::new(), level);
    encoder.write_all(input)?;
    encoder.finish()
}

/// The gzip member of the bytes at a compression level, its header's XFL byte 0 as in
/// the gzip page's example (`H4sIAAAAAAAA/…`: no name, time 0, unknown system).
fn gzip_bytes(input: &[u8], level: Compression) -> std::io::Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), level);
    encoder.write_all(input)?;
    let mut out = encoder.finish()?;
    if let Some(xfl) = out.get_mut(8) {
        *xfl = 0;
    }
    Ok(out)
}

/// Compressed bytes as base64. Data that deflate does not make smaller is stored
/// uncompressed, as both pages' examples show for their 20-character input (a stored
/// block, `…AQUAOv/MTIz…`); its framing (`overhead` bytes) is not counted.
fn compressed_base64(
    input: &str,
    overhead: usize,
    compress: fn(&[u8], Compression) -> std::io::Result<Vec<u8>>,
) -> String {
    let bytes = input.as_bytes();
    let out = compress(bytes, Compression::fast())
        .ok()
        .filter(|out| out.len().saturating_sub(overhead) < bytes.len())
        .or_else(|| compress(bytes, Compression::none()).ok());
    out.map(|o| STANDARD.encode(o)).unwrap_or_default()
}

/// `zlib_compress_to_base64_string(s)`: a zlib stream with the "fastest" header
/// (`eAE…`), as in the page's example.
pub fn zlib_compress(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(compressed_base64(
        &text(args, 0),
        6,
        zlib_bytes,
    )))
}

pub fn zlib_decompress(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let out = STANDARD
        .decode(text(args, 0).trim())
        .ok()
        .and_then(|bytes| inflate_text(ZlibDecoder::new(&bytes[..])));
    Ok(Value::string(out.unwrap_or_default()))
}

/// `gzip_compress_to_base64_string(s)`.
pub fn gzip_compress(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    Ok(Value::string(compressed_base64(
        &text(args, 0),
        18,
        gzip_bytes,
    )))
}

/// `gzip_decompress_from_base64_string(s)`: the page requires the ID1, ID2 and CM
/// header bytes and a zero FLG byte (no optional header fields).
pub fn gzip_decompress(args: &[Value], _: &EvalContext) -> Result<Value, String> {
    let out = STANDARD
        .decode(text(args, 0).trim())
        .ok()
        .filter(|bytes| bytes.len() > 3 && bytes[..4] == [0x1f, 0x8b, 8, 0])
        .and_then(|bytes| inflate_text(GzDecoder::new(&bytes[..])));
    Ok(Value::string(out.unwrap_or_default()))
}
