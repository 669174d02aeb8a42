//! Compressed inputs: `.gz` (gzip, every member of a multi-member file) and `.zst`
//! (Zstandard) files are decompressed while they are read, so any reader format streams
//! from them in bounded memory. The format is told by the name under the suffix
//! (`PT1H.json.gz` is read as `PT1H.json`).

use crate::io::IoError;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// How a file's bytes are compressed, told by its last extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
    /// The compression of `path` by its extension (`.gz`/`.gzip`, `.zst`/`.zstd`).
    pub fn of(path: &Path) -> Compression {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("gz" | "gzip") => Compression::Gzip,
            Some("zst" | "zstd") => Compression::Zstd,
            _ => Compression::None,
        }
    }
}

/// The lower-case extension of the file's name under any compression suffix:
/// `json` for `PT1H.json.gz`, `csv` for `a.CSV`.
pub fn inner_extension(path: &Path) -> Option<String> {
    let name = match Compression::of(path) {
        Compression::None => path.file_name()?,
        _ => path.file_stem()?,
    };
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// The file's bytes, decompressed as they are read when its name says it is compressed.
pub fn open_decompressed(path: &Path) -> Result<Box<dyn Read + Send>, IoError> {
    let file = File::open(path).map_err(|e| IoError::from_os(path, &e))?;
    Ok(match Compression::of(path) {
        Compression::None => Box::new(file),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(
            std::io::BufReader::with_capacity(64 * 1024, file),
        )),
        Compression::Zstd => Box::new(
            zstd::stream::read::Decoder::new(file)
                .map_err(|e| IoError::new(path, format!("cannot start zstd decoding: {e}")))?,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_extension_is_the_one_under_the_compression_suffix() {
        assert_eq!(
            inner_extension(Path::new("h=12/PT1H.json.gz")).as_deref(),
            Some("json")
        );
        assert_eq!(
            inner_extension(Path::new("a.CSV.ZST")).as_deref(),
            Some("csv")
        );
        assert_eq!(
            inner_extension(Path::new("a.jsonl")).as_deref(),
            Some("jsonl")
        );
        assert_eq!(inner_extension(Path::new("logs.gz")), None);
        assert_eq!(Compression::of(Path::new("a.json")), Compression::None);
    }
}
