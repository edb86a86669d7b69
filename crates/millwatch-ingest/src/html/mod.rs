//! Saved HTML pages: one page, one record.
//!
//! Analysts save recruitment ads, fake investment sites and scam "company" pages with
//! whatever their browser offers: Chrome's "Save page as" (which writes a `saved from
//! url=` comment), the SingleFile extension (a comment with the address and the date),
//! HTTrack mirrors, or a plain download. A page is read whole (pages are small, and the
//! charset decision needs the head), decoded by the usual order — BOM, valid UTF-8, the
//! charset the page declares, detection — and reduced by [`visible_text`] to what a
//! reader saw: the title, the body text without scripts, styles, comments and template
//! or SVG internals, and every link target, because link targets are where the
//! selectors (Telegram handles, WhatsApp numbers, wallet-payment pages) hide.

use std::io::{self, BufRead, Read};
use std::path::Path;

use millwatch_model::{Diagnostic, Format, Place, RecordDraft, RecordKind, field};

use crate::{Options, ParseError, Parsed, Sink, decode};

mod visible;

pub use visible::{PageText, visible_text};

pub(crate) use visible::collapse_ws;

/// Reads a saved HTML page as one record of kind `opts.kind` (default
/// [`RecordKind::WebPage`]).
///
/// The title is the `<title>` (else `og:title`, else the file's name); the text is the
/// title and the visible text; fields are `url` (the original address, when a save tool
/// or the page states it), `description`, `saved_date` and one `href` per distinct link
/// target.
pub fn parse(
    path: &Path,
    input: &mut dyn BufRead,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<Parsed, ParseError> {
    let bytes = read_whole(input, opts.limits.max_whole_file_bytes, Format::Html)?;
    let declared = prescan_charset(&bytes);
    let (html, decoding) = decode::decode_whole(&bytes, declared.as_deref());
    let page = visible_text(&html);
    let len = bytes.len() as u64;
    let place = Place::span(0, len).with_line(1);

    let mut draft = RecordDraft::new(opts.kind.unwrap_or(RecordKind::WebPage), place.clone());
    let title = page.title.clone().or_else(|| {
        path.file_stem()
            .and_then(|s| s.to_str())
            .map(collapse_ws)
            .filter(|s| !s.is_empty())
    });
    let mut text = String::with_capacity(page.text.len() + 128);
    if let Some(t) = &title {
        text.push_str(t);
    }
    if !page.text.is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&page.text);
    }
    draft.text = text;
    draft.title = title;
    for url in &page.urls {
        draft.push_field(field::URL, url.as_str());
    }
    if let Some(d) = &page.description {
        draft.push_field("description", d.as_str());
    }
    if let Some(d) = &page.saved_date {
        draft.push_field("saved_date", d.as_str());
    }
    for href in page.hrefs {
        draft.push_field(field::HREF, href);
    }
    tracing::debug!(bytes = len, hrefs = draft.fields.len(), "html page read");
    if decoding.had_errors {
        sink.diagnostic(Diagnostic::warning(
            place,
            format!(
                "bytes that are not valid {} were replaced by U+FFFD",
                decoding.encoding
            ),
        ))?;
    }
    sink.record(draft)?;
    Ok(Parsed { decoding })
}

/// Reads all of `input`, or fails with [`ParseError::TooLarge`] (giving the real size,
/// counted without keeping the rest) when it is longer than `limit`.
pub(crate) fn read_whole(
    input: &mut dyn BufRead,
    limit: usize,
    format: Format,
) -> Result<Vec<u8>, ParseError> {
    let mut bytes = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    input.take(cap).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        let rest = io::copy(input, &mut io::sink())?;
        return Err(ParseError::TooLarge {
            format,
            size: bytes.len() as u64 + rest,
            limit,
        });
    }
    Ok(bytes)
}

/// Finds a charset label a page declares in a `<meta charset>` or `<meta http-equiv=
/// Content-Type content="…; charset=…">`, looking first where browsers look (the first
/// 1024 bytes) and then a little further, because browsers also honour a late
/// declaration by re-parsing.
pub fn prescan_charset(bytes: &[u8]) -> Option<String> {
    prescan_in(&bytes[..bytes.len().min(1024)])
        .or_else(|| prescan_in(&bytes[..bytes.len().min(64 * 1024)]))
}

fn prescan_in(bytes: &[u8]) -> Option<String> {
    let mut at = 0;
    while let Some(pos) = find_ci(&bytes[at..], b"<meta") {
        let start = at + pos + 5;
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |p| start + p);
        let attrs = parse_attrs(&bytes[start..end]);
        let get = |name: &str| {
            attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        if let Some(cs) = get("charset").map(str::trim).filter(|c| !c.is_empty()) {
            return Some(cs.to_owned());
        }
        if get("http-equiv").is_some_and(|h| h.trim().eq_ignore_ascii_case("content-type"))
            && let Some(cs) = get("content").and_then(charset_from_content_type)
        {
            return Some(cs);
        }
        at = end;
    }
    None
}

/// The `charset=` parameter of a Content-Type value.
pub(crate) fn charset_from_content_type(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let pos = lower.find("charset")?;
    let rest = value[pos + 7..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == '"' || c == '\'' || c == ';' || c.is_whitespace())
        .unwrap_or(rest.len());
    let cs = &rest[..end];
    (!cs.is_empty()).then(|| cs.to_owned())
}

/// Splits the inside of a tag into `(name, value)` pairs, tolerating missing quotes.
fn parse_attrs(bytes: &[u8]) -> Vec<(String, String)> {
    let s = String::from_utf8_lossy(bytes);
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() && out.len() < 32 {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        let name = s[name_start..i].to_owned();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                i += 1;
                let vs = i;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                value = s[vs..i].to_owned();
                i += 1;
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = s[vs..i].to_owned();
            }
        }
        if name.is_empty() && value.is_empty() {
            i += 1;
            continue;
        }
        out.push((name, value));
    }
    out
}

/// Case-insensitive search for an ASCII needle.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0].to_ascii_lowercase();
    let upper = needle[0].to_ascii_uppercase();
    let mut at = 0;
    while let Some(p) = memchr::memchr2(first, upper, &hay[at..]) {
        let i = at + p;
        if hay.len() - i < needle.len() {
            return None;
        }
        if hay[i..i + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

#[cfg(test)]
mod tests;
