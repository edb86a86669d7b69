//! Plain text and Markdown: one record per file.
//!
//! The file is decoded through [`TextReader`] and read line by line, so a file larger than
//! the item limit becomes several records cut at line boundaries (each with its own line
//! and byte span) instead of one unbounded string, and a single line longer than the
//! limit is skipped with a diagnostic without ever being held whole.

use std::io::BufRead;
use std::path::Path;

use crate::decode::TextReader;
use crate::{Diagnostic, Options, ParseError, Parsed, Place, RecordDraft, RecordKind, Sink};

/// Reads a text or Markdown file.
pub fn parse(
    _path: &Path,
    input: &mut dyn BufRead,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<Parsed, ParseError> {
    let mut reader = TextReader::new(input, None)?;
    let limit = opts.limits.max_item_bytes.max(1);
    let kind = opts.kind.unwrap_or(RecordKind::Document);
    let mut part = Part::default();
    let mut offset = 0u64;
    let mut line_no = 0u64;
    let mut line = Vec::new();
    let mut split_warned = false;
    loop {
        line.clear();
        let (n, overflow) = read_line_bounded(&mut reader, &mut line, limit)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if overflow {
            sink.diagnostic(Diagnostic::skipped(
                Place::span(offset, offset + n).with_line(line_no),
                format!("line of {n} bytes is over the {limit}-byte limit"),
            ))?;
            offset += n;
            continue;
        }
        if part.text.len() + line.len() > limit && !part.text.is_empty() {
            if !split_warned {
                sink.diagnostic(Diagnostic::warning(
                    Place::span(offset, offset).with_line(line_no),
                    format!("file is over the {limit}-byte record limit; stored as several parts"),
                ))?;
                split_warned = true;
            }
            part.emit(kind, offset, sink)?;
        }
        if part.text.is_empty() {
            part.start = offset;
            part.line = line_no;
        }
        part.text.push_str(&String::from_utf8_lossy(&line));
        offset += n;
    }
    if !part.text.trim().is_empty() {
        part.emit(kind, offset, sink)?;
    }
    Ok(Parsed {
        decoding: reader.decoding().clone(),
    })
}

#[derive(Default)]
struct Part {
    text: String,
    start: u64,
    line: u64,
}

impl Part {
    fn emit(&mut self, kind: RecordKind, end: u64, sink: &mut dyn Sink) -> Result<(), ParseError> {
        let text = std::mem::take(&mut self.text);
        let mut d = RecordDraft::new(
            kind,
            Place::span(self.start, end).with_line(self.line.max(1)),
        );
        d.title = title_of(&text);
        d.text = text;
        sink.record(d)?;
        Ok(())
    }
}

/// The first Markdown heading, else the first non-empty line, at most 200 characters.
fn title_of(text: &str) -> Option<String> {
    let lines = || text.lines().map(str::trim).filter(|l| !l.is_empty());
    let heading = lines().find(|l| l.starts_with('#'));
    let line = heading
        .map(|h| h.trim_start_matches('#').trim())
        .or_else(|| lines().next())?;
    let t: String = line.chars().take(200).collect();
    (!t.is_empty()).then_some(t)
}

/// Reads one line (with its terminator) into `buf`, but stores at most `limit` bytes of
/// it. Returns the bytes consumed and whether the line was over the limit (then `buf` is
/// incomplete and must be ignored).
pub(crate) fn read_line_bounded(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<(u64, bool)> {
    let mut consumed = 0u64;
    let mut overflow = false;
    loop {
        let available = r.fill_buf()?;
        if available.is_empty() {
            return Ok((consumed, overflow));
        }
        let (take, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if !overflow {
            if buf.len() + take > limit {
                overflow = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&available[..take]);
            }
        }
        r.consume(take);
        consumed += take as u64;
        if done {
            return Ok((consumed, overflow));
        }
    }
}
