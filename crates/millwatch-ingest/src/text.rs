//! Plain text and Markdown: one record per file.
//!
//! The file is decoded through [`TextReader`](crate::decode::TextReader) (any charset, the decision recorded) and read
//! line by line. The record's title is the first Markdown heading (`# …`, or a line
//! underlined with `===`/`---`, or a front-matter `title:`), else the first non-empty line,
//! cut to 200 characters; its text is the whole content.
//!
//! Memory stays bounded by [`Limits::max_item_bytes`](crate::Limits): a longer file becomes
//! several records cut at line boundaries, each with its own line and byte span and the
//! title marked `(part N)`, with one warning; a single line longer than the limit is skipped
//! with a diagnostic, read in chunks and never held whole.

use std::io::{BufRead, Read};
use std::path::Path;

use crate::{Diagnostic, Options, ParseError, Parsed, Place, RecordDraft, RecordKind, Sink};

/// Longest title, in characters.
const TITLE_CHARS: usize = 200;

/// Reads a text or Markdown file.
pub fn parse(
    _path: &Path,
    input: &mut dyn BufRead,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<Parsed, ParseError> {
    let mut reader = Decoded::new(input)?;
    let limit = opts.limits.max_item_bytes.max(1);
    let mut doc = Doc {
        kind: opts.kind.unwrap_or(RecordKind::Document),
        part: Part::default(),
        parts: 0,
        title: None,
        title_state: TitleState::default(),
    };
    let mut offset = reader.base();
    let mut line_no = 0u64;
    let mut line = Vec::new();
    let mut split_warned = false;
    let mut lossy = false;
    loop {
        line.clear();
        let (n, overflow) = read_line_bounded(&mut reader, &mut line, limit)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if overflow {
            // The skipped line is a hole: the text before it is a record of its own, so
            // that every record's span covers exactly its text.
            if !doc.part.text.is_empty() {
                doc.emit(offset, sink)?;
            }
            sink.diagnostic(Diagnostic::skipped(
                Place::span(offset, offset + n).with_line(line_no),
                format!("line of {n} bytes is over the {limit}-byte limit; skipped"),
            ))?;
            offset += n;
            continue;
        }
        if doc.part.text.len() + line.len() > limit && !doc.part.text.is_empty() {
            if !split_warned {
                sink.diagnostic(Diagnostic::warning(
                    Place::span(offset, offset).with_line(line_no),
                    format!(
                        "file is over the {limit}-byte record limit; stored as several records"
                    ),
                ))?;
                split_warned = true;
            }
            doc.emit(offset, sink)?;
        }
        if doc.part.text.is_empty() {
            doc.part.start = offset;
            doc.part.line = line_no;
        }
        let text = match std::str::from_utf8(&line) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => {
                lossy = true;
                String::from_utf8_lossy(&line)
            }
        };
        if doc.parts == 0 {
            doc.title_state.feed(&text);
        }
        doc.part.text.push_str(&text);
        offset += n;
    }
    if !doc.part.text.trim().is_empty() {
        doc.emit(offset, sink)?;
    }
    let mut decoding = reader.decoding().clone();
    decoding.had_errors |= lossy;
    Ok(Parsed { decoding })
}

#[derive(Default)]
struct Part {
    text: String,
    start: u64,
    line: u64,
}

struct Doc {
    kind: RecordKind,
    part: Part,
    /// Parts already emitted.
    parts: u32,
    /// The title, fixed when the first part is emitted.
    title: Option<String>,
    title_state: TitleState,
}

impl Doc {
    fn emit(&mut self, end: u64, sink: &mut dyn Sink) -> Result<(), ParseError> {
        let text = std::mem::take(&mut self.part.text);
        if self.parts == 0 {
            self.title = self.title_state.title();
        }
        self.parts += 1;
        let mut end = end;
        // The span ends before the last line break.
        let trailing = text.len() - text.trim_end_matches(['\n', '\r']).len();
        end = end.saturating_sub(trailing as u64).max(self.part.start);
        let mut d = RecordDraft::new(
            self.kind,
            Place::span(self.part.start, end).with_line(self.part.line.max(1)),
        );
        d.title = match (&self.title, self.parts) {
            (Some(t), 1) => Some(t.clone()),
            (Some(t), n) => Some(format!("{t} (part {n})")),
            (None, _) => None,
        };
        d.text = text;
        sink.record(d)?;
        Ok(())
    }
}

/// Finds the title while the first lines stream past: a front-matter `title:`, the first
/// Markdown heading (ATX `# …` or setext, a line underlined with `===` or `---`), else the
/// first non-empty line.
#[derive(Default)]
struct TitleState {
    lines: u32,
    in_front_matter: bool,
    front_matter_title: Option<String>,
    heading: Option<String>,
    first_line: Option<String>,
    /// The previous non-empty line, a setext heading candidate.
    previous: Option<String>,
    in_code: bool,
}

impl TitleState {
    fn feed(&mut self, line: &str) {
        if self.heading.is_some() || self.front_matter_title.is_some() || self.lines > 10_000 {
            return;
        }
        self.lines += 1;
        let t = line.trim();
        if self.lines == 1 && t == "---" {
            self.in_front_matter = true;
            return;
        }
        if self.in_front_matter {
            if t == "---" || t == "..." {
                self.in_front_matter = false;
            } else if let Some(v) = t.strip_prefix("title:") {
                let v = v.trim().trim_matches(|c| c == '"' || c == '\'').trim();
                if !v.is_empty() {
                    self.front_matter_title = Some(cut(v));
                }
            }
            return;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            self.in_code = !self.in_code;
            return;
        }
        if self.in_code {
            return;
        }
        if let Some(h) = atx_heading(t) {
            self.heading = Some(cut(h));
            return;
        }
        if !t.is_empty()
            && (t.bytes().all(|b| b == b'=') || (t.len() >= 2 && t.bytes().all(|b| b == b'-')))
            && let Some(prev) = self.previous.take()
        {
            self.heading = Some(prev);
            return;
        }
        if t.is_empty() {
            self.previous = None;
        } else {
            let c = cut(t);
            if self.first_line.is_none() {
                self.first_line = Some(c.clone());
            }
            self.previous = Some(c);
        }
    }

    fn title(&self) -> Option<String> {
        self.front_matter_title
            .clone()
            .or_else(|| self.heading.clone())
            .or_else(|| self.first_line.clone())
            .filter(|t| !t.is_empty())
    }
}

/// `# Title #` → `Title`; `#hashtag` is not a heading.
fn atx_heading(t: &str) -> Option<&str> {
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &t[hashes..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let h = rest.trim().trim_end_matches('#').trim_end();
    (!h.is_empty()).then_some(h)
}

fn cut(s: &str) -> String {
    s.chars().take(TITLE_CHARS).collect()
}

/// How many bytes [`Decoded`] looks at before it decides the charset (as [`TextReader`](crate::decode::TextReader)).
const SNIFF_BYTES: usize = 64 * 1024;

/// The decoded input of a text-based parser: a streaming [`BufRead`] that yields UTF-8.
///
/// The charset is decided by the crate's rules ([`crate::decode::decode_whole`] on the
/// first block: byte-order mark, valid UTF-8, statistical detection), so that every format
/// records the same decision for the same bytes. The streaming itself is done here rather
/// than by [`TextReader`](crate::decode::TextReader) because an `encoding_rs` decoder must not be called again after
/// it has finished, and `TextReader` does so when a file ends inside a multi-byte character
/// (a truncated GBK file), which would panic on hostile input. This reader also knows the
/// file offset where the decoded text starts (after a UTF-8 byte-order mark).
pub(crate) struct Decoded<R> {
    inner: R,
    /// `None` for UTF-8, which passes through untouched.
    decoder: Option<encoding_rs::Decoder>,
    head: Vec<u8>,
    head_pos: usize,
    out: Vec<u8>,
    out_pos: usize,
    finished: bool,
    decoding: crate::Decoding,
    base: u64,
}

impl<R: std::io::Read> Decoded<R> {
    /// Reads the first block of `input` and decides its charset.
    pub(crate) fn new(mut input: R) -> std::io::Result<Self> {
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        (&mut input)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut head)?;
        let complete = head.len() < SNIFF_BYTES;
        // A block cut inside a UTF-8 character is still UTF-8.
        let probe = match std::str::from_utf8(&head) {
            Err(e) if !complete && e.error_len().is_none() => &head[..e.valid_up_to()],
            _ => &head[..],
        };
        let (_, mut decoding) = crate::decode::decode_whole(probe, None);
        decoding.had_errors = false;
        let encoding = encoding_rs::Encoding::for_label(decoding.encoding.as_bytes())
            .unwrap_or(encoding_rs::UTF_8);
        let (decoder, head_pos, base) = if encoding == encoding_rs::UTF_8 {
            let bom = if head.starts_with(b"\xEF\xBB\xBF") {
                3
            } else {
                0
            };
            (None, bom, bom as u64)
        } else {
            (Some(encoding.new_decoder_with_bom_removal()), 0, 0)
        };
        Ok(Decoded {
            inner: input,
            decoder,
            head,
            head_pos,
            out: Vec::new(),
            out_pos: 0,
            finished: false,
            decoding,
            base,
        })
    }

    /// How the input is decoded; `had_errors` is final once the input is exhausted.
    pub(crate) fn decoding(&self) -> &crate::Decoding {
        &self.decoding
    }

    /// File offset of the first decoded byte.
    pub(crate) fn base(&self) -> u64 {
        self.base
    }

    /// Decodes the next chunk into `out`. False at the end of input.
    fn refill(&mut self) -> std::io::Result<bool> {
        let Some(decoder) = self.decoder.as_mut() else {
            return Ok(false);
        };
        self.out.clear();
        self.out_pos = 0;
        let mut chunk = vec![0u8; 16 * 1024];
        while !self.finished {
            let (src, last): (&[u8], bool) = if self.head_pos < self.head.len() {
                (&self.head[self.head_pos..], false)
            } else {
                let n = loop {
                    match self.inner.read(&mut chunk) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                };
                (&chunk[..n], n == 0)
            };
            let mut read_total = 0;
            loop {
                let want = decoder
                    .max_utf8_buffer_length(src.len() - read_total)
                    .unwrap_or(64 * 1024)
                    .max(16);
                let at = self.out.len();
                self.out.resize(at + want, 0);
                let (result, read, written, errors) =
                    decoder.decode_to_utf8(&src[read_total..], &mut self.out[at..], last);
                self.out.truncate(at + written);
                read_total += read;
                self.decoding.had_errors |= errors;
                if result == encoding_rs::CoderResult::InputEmpty {
                    break;
                }
            }
            if self.head_pos < self.head.len() {
                self.head_pos = self.head.len();
                self.head = Vec::new();
            }
            if last {
                self.finished = true;
            }
            if !self.out.is_empty() {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

impl<R: std::io::Read> std::io::Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: std::io::Read> BufRead for Decoded<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.decoder.is_none() {
            if self.head_pos < self.head.len() {
                return Ok(&self.head[self.head_pos..]);
            }
            if self.out_pos >= self.out.len() && !self.finished {
                self.out.resize(64 * 1024, 0);
                let n = loop {
                    match self.inner.read(&mut self.out) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(e),
                    }
                };
                self.out.truncate(n);
                self.out_pos = 0;
                self.finished = n == 0;
            }
            return Ok(&self.out[self.out_pos..]);
        }
        if self.out_pos >= self.out.len() && !self.refill()? {
            return Ok(&[]);
        }
        Ok(&self.out[self.out_pos..])
    }

    fn consume(&mut self, amt: usize) {
        if self.decoder.is_none() && self.head_pos < self.head.len() {
            self.head_pos = (self.head_pos + amt).min(self.head.len());
        } else {
            self.out_pos = (self.out_pos + amt).min(self.out.len());
        }
    }
}

/// Reads one line (with its terminator) into `buf`, but stores at most `limit` bytes of
/// it. Returns the bytes consumed and whether the line was over the limit (then `buf` is
/// incomplete and must be ignored). The line is read in the reader's chunks, so a line of
/// any length costs no more than `limit` bytes of memory.
pub(crate) fn read_line_bounded(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<(u64, bool)> {
    let mut consumed = 0u64;
    let mut overflow = false;
    loop {
        let available = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn title(text: &str) -> Option<String> {
        let mut s = TitleState::default();
        for l in text.split_inclusive('\n') {
            s.feed(l);
        }
        s.title()
    }

    #[test]
    fn titles() {
        assert_eq!(
            title("intro\n\n## SOS from KK Park ##\n").as_deref(),
            Some("SOS from KK Park")
        );
        assert_eq!(
            title("#hashtag line\nbody\n").as_deref(),
            Some("#hashtag line")
        );
        assert_eq!(title("Report\n======\nbody\n").as_deref(), Some("Report"));
        assert_eq!(
            title("---\ntitle: \"Front\"\n---\n# Heading\n").as_deref(),
            Some("Front")
        );
        assert_eq!(
            title("```\n# not a heading\n```\nplain\n").as_deref(),
            Some("plain")
        );
        assert_eq!(title("\n\n  \n").as_deref(), None);
        assert_eq!(
            title(&"é".repeat(300)).map(|t| t.chars().count()),
            Some(200)
        );
    }
}
