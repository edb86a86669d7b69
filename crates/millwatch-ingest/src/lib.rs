//! Reads the files analysts collect into [`RecordDraft`]s with provenance.
//!
//! Every format module has the same shape: a `parse` function that reads from a
//! [`BufRead`], pushes records and located [`Diagnostic`]s into a [`Sink`] as it goes, and
//! returns a [`ParseError`] only when the *file as a whole* cannot be read (it is not the
//! format it claims, it is binary junk, an I/O error). Bad rows and broken messages are
//! diagnostics, never errors: ingest goes on. Parsers do no SQL and open no sockets; the
//! caller hashes the file, opens it, and stores what comes out.
//!
//! Streaming is the rule: a 2 GB CSV or a 1 GB mbox is read a record at a time, and any
//! single item larger than [`Limits`] allows is skipped with a diagnostic rather than
//! buffered.
//!
//! Byte offsets in [`Place`]s are into the file as stored when it is UTF-8 (or ASCII);
//! for a file in another charset they are into its UTF-8 decoding, and the source's
//! [`Decoding`] says so.

use std::io::BufRead;
use std::path::Path;

pub use millwatch_model::{
    Abort, Decoding, Diagnostic, Field, Format, Place, RecordDraft, RecordKind, RecordTime, Sink,
};

pub mod dates;
pub mod decode;
pub mod email;
pub mod html;
pub mod tabular;
pub mod telegram;
pub mod text;
pub mod whatsapp;

mod detect;

pub use detect::{DetectError, detect_format};

/// Size limits that keep hostile input from exhausting memory. An item over a limit is
/// skipped with a diagnostic; the rest of the file is still read.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Largest single record text, field or line we buffer (bytes).
    pub max_item_bytes: usize,
    /// Largest whole file we read into memory for formats that need the whole file
    /// (a single `.eml`, an HTML page).
    pub max_whole_file_bytes: usize,
    /// Deepest JSON nesting accepted.
    pub max_json_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_item_bytes: 32 << 20,
            max_whole_file_bytes: 128 << 20,
            max_json_depth: 64,
        }
    }
}

/// How to read a file, as the user asked.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--map column=field` overrides for tabular input, applied after the automatic
    /// mapping. The column is matched after [`millwatch_model::normalize_field_name`].
    pub map: Vec<(String, String)>,
    /// `--kind`: the kind of every record of tabular or text input, overriding detection.
    pub kind: Option<RecordKind>,
    /// Size limits.
    pub limits: Limits,
}

/// Why a whole file could not be read. Row- and message-level problems are
/// [`Diagnostic`]s instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// Reading failed.
    #[error("read error: {0}")]
    Io(#[from] std::io::Error),
    /// The file is not in the format it was taken for; `place` says where that became clear.
    #[error("{place}: not valid {format}: {reason}")]
    Malformed {
        /// The format the file was read as.
        format: Format,
        /// Where reading stopped.
        place: Place,
        /// What was wrong.
        reason: String,
    },
    /// The file exceeds a size limit for a format that must be read whole.
    #[error("file of {size} bytes is over the {limit}-byte limit for {format}")]
    TooLarge {
        /// The format.
        format: Format,
        /// The file's size.
        size: u64,
        /// The limit.
        limit: usize,
    },
    /// The sink asked to stop.
    #[error(transparent)]
    Aborted(#[from] Abort),
}

/// What a successful parse says about the file as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// How the bytes were decoded.
    pub decoding: Decoding,
}

/// Reads `input` as `format`, pushing records and diagnostics into `sink`.
///
/// `path` is used only for what a file's name tells (a Telegram export's folder, a
/// page's saved name); it is never opened.
pub fn parse(
    format: Format,
    path: &Path,
    input: &mut dyn BufRead,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<Parsed, ParseError> {
    match format {
        Format::Text => text::parse(path, input, opts, sink),
        Format::Csv | Format::Tsv | Format::Jsonl => tabular::parse(format, input, opts, sink),
        Format::Eml => email::parse_eml(input, opts, sink),
        Format::Mbox => email::parse_mbox(input, opts, sink),
        Format::Html => html::parse(path, input, opts, sink),
        Format::TelegramJson => telegram::parse(input, opts, sink),
        Format::WhatsappText => whatsapp::parse(path, input, opts, sink),
        other => Err(ParseError::Malformed {
            format: other,
            place: Place::default(),
            reason: "this format is not supported by ingest yet".into(),
        }),
    }
}
