//! Splitting a Unix mailbox into messages, streaming.
//!
//! There is no mbox standard, only habits (RFC 4155 describes them). What the writers
//! we meet do:
//!
//! * Every message starts with a `From ` line: `From sender date` (mutt, Apple Mail,
//!   Python's `mailbox`), `From - date` (Thunderbird), `From 1234…@xxx date +0000 year`
//!   (Gmail Takeout). Bodies' own lines starting `From ` are escaped to `>From ` (mboxo,
//!   mboxrd), and in mboxrd `>From ` to `>>From `.
//! * A blank line usually, but not always, precedes the next `From ` line. Takeout
//!   files use CRLF line endings.
//!
//! * But not every writer escapes: tools that merge `.eml` files into a mailbox, SMS
//!   backup tools and some Thunderbird add-ons leave body lines such as `From the
//!   President …` alone, often right after a blank line.
//!
//! So a line is a separator when it starts with `From ` and looks like an envelope line
//! (it has a time `hh:mm` and a four-digit year, which every writer above puts there and
//! body prose almost never does), or when it is the first non-blank line of the file.
//! A blank line before it is not required, since some writers omit it. Lines of the form
//! `>+From ` lose one `>` (the mboxrd rule; for mboxo files this also turns an original
//! `>From ` into `From `, which is the accepted loss). `Content-Length:` headers (mboxcl)
//! are not trusted. Text before the first `From ` line is read as a message of its own
//! when it is not blank.
//!
//! Memory is bounded by the largest accepted message (`max_item_bytes`) plus one read
//! block: a message over the limit is dropped as soon as it crosses it, reported with
//! the line of its `From ` line, and the reader skips to the next separator keeping
//! only the first bytes of each line.

use std::io::{self, BufRead};

/// One message cut out of the mailbox.
pub struct RawMessage<'a> {
    /// Byte offset of its first line (the `From ` line when there is one).
    pub start: u64,
    /// One past its last byte.
    pub end: u64,
    /// 1-based line of its first line.
    pub line: u64,
    /// The message without the `From ` line, `>From ` unescaped; `None` when it was over
    /// the size limit.
    pub bytes: Option<&'a [u8]>,
    /// The `From ` line, without its line ending, when there was one.
    pub from_line: Option<&'a [u8]>,
}

/// Calls `each` for every message of `input`, in order.
pub fn split<E>(
    input: &mut dyn BufRead,
    max_item_bytes: usize,
    mut each: impl FnMut(RawMessage<'_>) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<io::Error>,
{
    let mut buf: Vec<u8> = Vec::new();
    let mut from_line: Vec<u8> = Vec::new();
    let mut has_from = false;
    let mut oversize = false;
    let mut in_message = false;
    let mut msg_start = 0u64;
    let mut msg_line = 1u64;
    let mut offset = 0u64;
    // A byte-order mark (some Windows tools write one) is not part of the first line.
    if input.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
        offset = 3;
    }
    let mut line_no = 0u64;
    // Bytes of the current line that we keep: all of it while the message fits, only
    // its start (enough to recognise a separator) once it does not.
    const PEEK: usize = 256;
    let mut scratch: Vec<u8> = Vec::with_capacity(PEEK);
    loop {
        line_no += 1;
        let line_offset = offset;
        let line_start = buf.len();
        let (len, target_is_buf) = if oversize {
            scratch.clear();
            (read_line(input, &mut scratch, PEEK)?, false)
        } else {
            let room = max_item_bytes.saturating_sub(buf.len()) + 1;
            (read_line(input, &mut buf, room.max(PEEK))?, true)
        };
        if len == 0 {
            break;
        }
        offset += len;
        let line: &[u8] = if target_is_buf {
            &buf[line_start..]
        } else {
            &scratch
        };
        let blank = line
            .iter()
            .all(|b| matches!(b, b'\r' | b'\n' | b' ' | b'\t'));
        let sep = line.starts_with(b"From ") && (!in_message || looks_like_envelope(line));
        if sep {
            let eol = trim_eol(line);
            let line_copy: Vec<u8> = eol[..eol.len().min(1024)].to_vec();
            if target_is_buf {
                buf.truncate(line_start);
            }
            if in_message {
                each(RawMessage {
                    start: msg_start,
                    end: line_offset,
                    line: msg_line,
                    bytes: (!oversize).then_some(buf.as_slice()),
                    from_line: has_from.then_some(from_line.as_slice()),
                })?;
            }
            buf.clear();
            from_line = line_copy;
            has_from = true;
            oversize = false;
            in_message = true;
            msg_start = line_offset;
            msg_line = line_no;
            continue;
        }
        if !in_message {
            if blank {
                buf.clear();
                continue;
            }
            // Text before any `From ` line: a message without an envelope.
            in_message = true;
            has_from = false;
            msg_start = line_offset;
            msg_line = line_no;
        }
        if oversize {
            continue;
        }
        if buf.len() > max_item_bytes || len > (buf.len() - line_start) as u64 {
            // The line did not fit: the message is over the limit. Free it now.
            oversize = true;
            buf = Vec::new();
            continue;
        }
        unescape_from(&mut buf, line_start);
    }
    if in_message {
        each(RawMessage {
            start: msg_start,
            end: offset,
            line: msg_line,
            bytes: (!oversize).then_some(buf.as_slice()),
            from_line: has_from.then_some(from_line.as_slice()),
        })?;
    }
    Ok(())
}

/// Removes one `>` from a line `>+From ` starting at `at`.
fn unescape_from(buf: &mut Vec<u8>, at: usize) {
    let line = &buf[at..];
    let gt = line.iter().take_while(|&&b| b == b'>').count();
    if gt > 0 && line[gt..].starts_with(b"From ") {
        buf.remove(at);
    }
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Whether a `From ` line carries an envelope date: a time `h:mm` and a year.
pub fn looks_like_envelope(line: &[u8]) -> bool {
    let rest = trim_eol(line.get(5..).unwrap_or_default());
    let mut has_time = false;
    let mut has_year = false;
    for tok in rest.split(|b| b.is_ascii_whitespace()) {
        if tok.len() == 4 && tok.iter().all(u8::is_ascii_digit) && matches!(tok[0], b'1' | b'2') {
            has_year = true;
        }
        if let Some(colon) = tok.iter().position(|&b| b == b':')
            && (1..=2).contains(&colon)
            && tok[..colon].iter().all(u8::is_ascii_digit)
            && tok
                .get(colon + 1..colon + 3)
                .is_some_and(|m| m.iter().all(u8::is_ascii_digit))
        {
            has_time = true;
        }
    }
    has_time && has_year
}

/// Appends one line (with its ending) to `out`, keeping at most `cap` bytes of it but
/// consuming all of it. Returns the line's full length; 0 at the end of input.
fn read_line(input: &mut dyn BufRead, out: &mut Vec<u8>, cap: usize) -> io::Result<u64> {
    let mut total = 0u64;
    let mut kept = 0usize;
    loop {
        let avail = match input.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(total);
        }
        let (take, done) = match memchr::memchr(b'\n', avail) {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        let keep = take.min(cap - kept);
        out.extend_from_slice(&avail[..keep]);
        kept += keep;
        input.consume(take);
        total += take as u64;
        if done {
            return Ok(total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_all(input: &[u8], limit: usize) -> Vec<(u64, u64, u64, Option<String>)> {
        let mut out = Vec::new();
        let mut r = input;
        split::<io::Error>(&mut r, limit, |m| {
            out.push((
                m.start,
                m.end,
                m.line,
                m.bytes.map(|b| String::from_utf8_lossy(b).into_owned()),
            ));
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn splits_unescapes_and_skips_big() {
        let mbox = b"From a@b Mon Jan  1 00:00:00 2024\nSubject: 1\n\n>From here\n>>From there\nFrom the start\n\nFrom - Tue Jan  2 00:00:00 2024\r\nSubject: 2\r\n\r\nx\r\n";
        let got = split_all(mbox, 1000);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].2, 1);
        assert_eq!(
            got[0].3.as_deref(),
            Some("Subject: 1\n\nFrom here\n>From there\nFrom the start\n\n")
        );
        assert_eq!(got[1].2, 8);
        assert_eq!(got[1].0, got[0].1);
        assert_eq!(got[1].1, mbox.len() as u64);
        let got = split_all(mbox, 20);
        assert_eq!(got[0].3, None);
        assert_eq!(got[1].3.as_deref(), Some("Subject: 2\r\n\r\nx\r\n"));
    }

    #[test]
    fn unescaped_body_from_lines_stay_in_the_body() {
        let got = split_all(
            b"From a@b Mon Jan  1 00:00:00 2024\nSubject: 1\n\nFrom the President xyz@abc.example\n\nFrom here on\nFrom b@c Mon Jan  1 00:00:00 2024\nSubject: 2\n",
            1000,
        );
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].3.as_deref(),
            Some("Subject: 1\n\nFrom the President xyz@abc.example\n\nFrom here on\n")
        );
    }

    #[test]
    fn first_message_without_envelope() {
        let got = split_all(
            b"\nSubject: a\n\nbody\n\nFrom x Mon Jan  1 00:00:00 2024\nSubject: b\n",
            1000,
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].2, 2);
        assert_eq!(got[0].3.as_deref(), Some("Subject: a\n\nbody\n\n"));
    }

    #[test]
    fn bom_is_skipped() {
        let got = split_all(
            b"\xEF\xBB\xBFFrom a@b Mon Jan  1 00:00:00 2024\nSubject: 1\n",
            1000,
        );
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].0, got[0].2), (3, 1));
        assert_eq!(got[0].3.as_deref(), Some("Subject: 1\n"));
    }

    #[test]
    fn envelope_shapes() {
        assert!(looks_like_envelope(b"From - Mon Mar 04 10:00:00 2024\r\n"));
        assert!(looks_like_envelope(
            b"From 1792@xxx Wed Mar 06 10:10:10 +0000 2024"
        ));
        assert!(looks_like_envelope(
            b"From MAILER-DAEMON Thu Jan  1 00:00:00 1970"
        ));
        assert!(!looks_like_envelope(b"From 2019 to 2021 I worked there"));
    }
}
