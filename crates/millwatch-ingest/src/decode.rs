//! Turning bytes in unknown charsets into UTF-8, and saying how it was done.
//!
//! Analysts' files come from phones, webmail and old Windows machines across Asia: a
//! Thai intake sheet in windows-874, a Chinese chat log in GB18030, a Japanese page in
//! Shift_JIS. The decision order is the one that is right most often and that can be
//! explained: a byte-order mark wins; then text that is valid UTF-8 is UTF-8; then a
//! charset the data declares (an HTML `<meta charset>`, a MIME label); then statistical
//! detection (`chardetng`, the detector Firefox uses). The [`Decoding`] records which
//! rule decided.
//!
//! Two shapes are offered: [`decode_whole`] for formats read whole (an `.eml`, a page), and
//! [`TextReader`], a streaming [`BufRead`] that decides from the first block and then
//! transcodes as it goes, so that a 2 GB sheet never sits in memory.

use std::borrow::Cow;
use std::io::{self, BufRead, Read};

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8};

use crate::Decoding;

/// How many bytes [`TextReader`] looks at before it decides.
const SNIFF_BYTES: usize = 64 * 1024;

/// Decodes a whole buffer. `declared` is a charset label the data carries, if any.
pub fn decode_whole<'a>(bytes: &'a [u8], declared: Option<&str>) -> (Cow<'a, str>, Decoding) {
    let (encoding, method) = decide(bytes, declared, true);
    if encoding == UTF_8 {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = String::from_utf8_lossy(body);
        let had_errors = matches!(text, Cow::Owned(_));
        return (text, decoding(UTF_8, method, had_errors));
    }
    let (text, _, had_errors) = encoding.decode(bytes);
    (text, decoding(encoding, method, had_errors))
}

fn decoding(encoding: &'static Encoding, method: &str, had_errors: bool) -> Decoding {
    Decoding {
        encoding: encoding.name().to_owned(),
        method: method.to_owned(),
        had_errors,
    }
}

/// Chooses an encoding for `head`. `complete` says whether `head` is the whole input
/// (so a multi-byte sequence cut at its end is an error rather than a truncation).
fn decide(
    head: &[u8],
    declared: Option<&str>,
    complete: bool,
) -> (&'static Encoding, &'static str) {
    if let Some((enc, _)) = Encoding::for_bom(head) {
        return (enc, "bom");
    }
    if is_utf8_prefix(head, complete) {
        return (UTF_8, "utf8");
    }
    if let Some(enc) = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        // A page that declares UTF-8 but is not is usually in the writer's legacy
        // charset; detection does better than lossy UTF-8 there.
        if enc != UTF_8 {
            return (enc.output_encoding(), "declared");
        }
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(head, complete);
    (
        detector.guess(None, chardetng::Utf8Detection::Deny),
        "detected",
    )
}

/// True when `bytes` is valid UTF-8, allowing a sequence cut off at the end when the
/// block is not the whole input.
fn is_utf8_prefix(bytes: &[u8], complete: bool) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => !complete && e.error_len().is_none() && bytes.len() - e.valid_up_to() < 4,
    }
}

/// A streaming reader that yields UTF-8.
///
/// When the input is UTF-8 the bytes pass through untouched (parsers still meet the
/// odd invalid byte later in a file and decode it lossily, noting it). Otherwise the
/// input is transcoded with `encoding_rs`'s streaming decoder.
pub struct TextReader<R> {
    inner: R,
    /// Bytes already read from `inner` but not yet handed on (the sniffed block).
    pending: Vec<u8>,
    pending_pos: usize,
    decoder: Option<Decoder>,
    out: Vec<u8>,
    out_pos: usize,
    eof: bool,
    /// The decoder has been given its last input; calling it again would panic.
    finished: bool,
    decoding: Decoding,
}

impl<R: Read> TextReader<R> {
    /// Reads the first block of `inner` and decides the encoding.
    pub fn new(mut inner: R, declared: Option<&str>) -> io::Result<Self> {
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        (&mut inner)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut head)?;
        let complete = head.len() < SNIFF_BYTES;
        let (encoding, method) = decide(&head, declared, complete);
        let mut pending_pos = 0;
        let decoder = if encoding == UTF_8 {
            if head.starts_with(b"\xEF\xBB\xBF") {
                pending_pos = 3;
            }
            None
        } else {
            // The decoder removes a BOM of its own encoding itself.
            Some(encoding.new_decoder_with_bom_removal())
        };
        Ok(TextReader {
            inner,
            pending: head,
            pending_pos,
            decoder,
            out: Vec::new(),
            out_pos: 0,
            eof: false,
            finished: false,
            decoding: decoding(encoding, method, false),
        })
    }

    /// How the input is being decoded. `had_errors` is final only once the reader is
    /// exhausted.
    pub fn decoding(&self) -> &Decoding {
        &self.decoding
    }

    /// Fills `out` with the next decoded chunk. Returns false at the end of input.
    fn refill(&mut self) -> io::Result<bool> {
        if self.finished {
            return Ok(false);
        }
        let Some(decoder) = self.decoder.as_mut() else {
            return Ok(false);
        };
        self.out.clear();
        self.out_pos = 0;
        loop {
            let mut chunk = [0u8; 16 * 1024];
            let (src, last): (&[u8], bool) = if self.pending_pos < self.pending.len() {
                (&self.pending[self.pending_pos..], false)
            } else if self.eof {
                (&[], true)
            } else {
                let n = self.inner.read(&mut chunk)?;
                if n == 0 {
                    self.eof = true;
                    (&[], true)
                } else {
                    (&chunk[..n], false)
                }
            };
            let from_pending = self.pending_pos < self.pending.len();
            let mut consumed_total = 0;
            loop {
                let want = decoder
                    .max_utf8_buffer_length(src.len() - consumed_total)
                    .unwrap_or(src.len() * 3 + 16);
                let start = self.out.len();
                self.out.resize(start + want.max(16), 0);
                let (result, read, written, errors) =
                    decoder.decode_to_utf8(&src[consumed_total..], &mut self.out[start..], last);
                self.out.truncate(start + written);
                consumed_total += read;
                self.decoding.had_errors |= errors;
                if result == CoderResult::InputEmpty {
                    break;
                }
            }
            if last {
                self.finished = true;
            }
            if from_pending {
                self.pending_pos = self.pending.len();
                self.pending = Vec::new();
            }
            if !self.out.is_empty() {
                return Ok(true);
            }
            if last {
                return Ok(false);
            }
        }
    }
}

impl<R: Read> Read for TextReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for TextReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.decoder.is_none() {
            // Pass-through: drain the sniffed block, then refill from the inner reader.
            if self.pending_pos < self.pending.len() {
                return Ok(&self.pending[self.pending_pos..]);
            }
            if self.out_pos >= self.out.len() {
                self.out.resize(64 * 1024, 0);
                let n = self.inner.read(&mut self.out)?;
                self.out.truncate(n);
                self.out_pos = 0;
            }
            return Ok(&self.out[self.out_pos..]);
        }
        if self.out_pos >= self.out.len() && !self.refill()? {
            return Ok(&[]);
        }
        Ok(&self.out[self.out_pos..])
    }

    fn consume(&mut self, amt: usize) {
        if self.decoder.is_none() && self.pending_pos < self.pending.len() {
            self.pending_pos = (self.pending_pos + amt).min(self.pending.len());
        } else {
            self.out_pos = (self.out_pos + amt).min(self.out.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(bytes: &[u8]) -> (String, Decoding) {
        let mut r = TextReader::new(bytes, None).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        (s, r.decoding().clone())
    }

    #[test]
    fn utf8_passes_through_and_bom_is_dropped() {
        let (s, d) = stream("\u{feff}สวัสดี hello".as_bytes());
        assert_eq!(s, "สวัสดี hello");
        assert_eq!((d.encoding.as_str(), d.method.as_str()), ("UTF-8", "bom"));
        let (s, d) = stream("诈骗 report".as_bytes());
        assert_eq!(s, "诈骗 report");
        assert_eq!(d.method, "utf8");
    }

    #[test]
    fn legacy_charsets_are_detected() {
        let text =
            "我们公司在柬埔寨招聘客服人员，月薪三千美元，包机票和签证，无需经验。请联系微信。"
                .repeat(4);
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        let (s, d) = stream(&gbk);
        assert_eq!(s, text);
        assert_eq!(d.method, "detected");
        assert!(d.encoding == "GBK" || d.encoding == "gb18030", "{d:?}");

        let thai = "บริษัทรับสมัครพนักงานด่วน เงินเดือนสูง ไม่ต้องมีประสบการณ์ ทำงานที่กัมพูชา".repeat(3);
        let (tis, _, _) = encoding_rs::WINDOWS_874.encode(&thai);
        let (s, d) = decode_whole(&tis, None);
        assert_eq!(s, thai);
        assert_eq!(d.encoding, "windows-874");
    }

    #[test]
    fn declared_label_is_used_when_bytes_are_not_utf8() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("こんにちは");
        let (s, d) = decode_whole(&bytes, Some("shift_jis"));
        assert_eq!(s, "こんにちは");
        assert_eq!(d.method, "declared");
    }

    #[test]
    fn a_stream_ending_inside_a_character_does_not_panic() {
        let text = "诈骗集团的受害者报告".repeat(20);
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        let cut = &gbk[..gbk.len() - 1];
        let mut r = TextReader::new(cut, Some("gbk")).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert!(s.ends_with('\u{fffd}'));
        assert!(r.decoding().had_errors);
        // Reading past the end again stays at the end.
        assert_eq!(r.read(&mut [0u8; 8]).unwrap(), 0);
    }

    #[test]
    fn long_streams_decode_across_chunk_boundaries() {
        let text = "越南语：Xin chào, tôi cần giúp đỡ. 中文：救救我。".repeat(10_000);
        let (big5ish, _, _) = encoding_rs::GB18030.encode(&text);
        let mut r = TextReader::new(&big5ish[..], Some("gb18030")).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert_eq!(s.len(), text.len());
        assert_eq!(s, text);
    }
}
