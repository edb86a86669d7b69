//! Integration tests of every ingest format against small fixtures written for the project.

mod email;
mod html;
mod robustness;
mod tabular;
mod telegram;
mod text;
mod whatsapp;

use std::path::{Path, PathBuf};

use millwatch_ingest::{Options, ParseError, Parsed};
use millwatch_model::{Format, VecSink};

/// The path of a fixture file.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Parses a fixture with default options, detecting its format.
pub fn parse_fixture(rel: &str) -> (Result<Parsed, ParseError>, VecSink) {
    parse_fixture_with(rel, &Options::default())
}

/// Parses a fixture with the given options, detecting its format.
pub fn parse_fixture_with(rel: &str, opts: &Options) -> (Result<Parsed, ParseError>, VecSink) {
    let path = fixture(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let format = millwatch_ingest::detect_format(&path, &bytes[..bytes.len().min(8192)])
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_bytes(format, &path, &bytes, opts)
}

/// Parses bytes as a given format.
pub fn parse_bytes(
    format: Format,
    path: &Path,
    bytes: &[u8],
    opts: &Options,
) -> (Result<Parsed, ParseError>, VecSink) {
    let mut sink = VecSink::default();
    let mut input = bytes;
    let res = millwatch_ingest::parse(format, path, &mut input, opts, &mut sink);
    (res, sink)
}
