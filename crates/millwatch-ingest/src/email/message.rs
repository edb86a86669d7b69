//! One RFC 5322 message to one [`RecordDraft`].
//!
//! `mail-parser` finds the MIME structure (it is fuzzed and tolerant of the broken
//! boundaries real mail has); everything that turns bytes into text is ours: transfer
//! decoding from the raw part bytes, the charset policy of [`super::charset`], RFC 2047
//! and address parsing from raw header bytes, HTML through [`crate::html::visible_text`].
//! That way one charset policy covers every part, and a replacement character is
//! counted wherever it happens.
//!
//! Attached messages (`message/rfc822`, typically a forwarded scam mail) are listed as
//! attachments *and* their headers and text are appended to the record's text, because
//! that is where the evidence is. They are walked with an explicit stack and a depth
//! limit, never by recursion.

use std::collections::HashSet;
use std::fmt::Write as _;

use mail_parser::{
    Encoding as TransferEncoding, Header, HeaderName, HeaderValue, Message, MessageParser,
    MessagePart, MimeHeaders, PartType,
};
use millwatch_model::{Decoding, Place, RecordDraft, RecordKind, RecordTime, field};
use sha2::{Digest, Sha256};

use super::charset::{MailCharset, decode_bytes};
use super::header::{self, HeaderDecoding};
use crate::html::visible_text;

/// Distinct `Received` IPs kept; a real path has a handful, a forged one thousands.
const MAX_RECEIVED_IPS: usize = 32;

/// Attached messages are opened this deep at most (they are still listed deeper).
const MAX_NESTING: usize = 8;

/// The charsets met across a file, for its [`Decoding`].
#[derive(Default)]
pub struct Summary {
    encodings: Vec<MailCharset>,
    had_errors: bool,
}

impl Summary {
    fn note(&mut self, enc: MailCharset, non_ascii: bool, had_errors: bool) {
        if non_ascii && !self.encodings.contains(&enc) {
            self.encodings.push(enc);
        }
        self.had_errors |= had_errors;
    }

    fn absorb(&mut self, dec: HeaderDecoding) {
        for enc in dec.encodings {
            self.note(enc, true, false);
        }
        self.had_errors |= dec.had_errors;
    }

    /// `per_part` with the one charset used on non-ASCII text, `mixed` when there were
    /// several, `UTF-8` when all was ASCII.
    pub fn decoding(&self) -> Decoding {
        let encoding = match self.encodings.as_slice() {
            [] => "UTF-8".to_owned(),
            [one] => one.name().to_owned(),
            _ => "mixed".to_owned(),
        };
        Decoding {
            encoding,
            method: "per_part".to_owned(),
            had_errors: self.had_errors,
        }
    }
}

/// A parser configured to parse only MIME headers; all others are kept raw, since we
/// decode them ourselves.
pub fn parser() -> MessageParser {
    MessageParser::new().with_mime_headers()
}

/// What became of one message.
pub struct Outcome {
    /// The record.
    pub draft: RecordDraft,
    /// Whether decoding replaced bytes in it.
    pub had_errors: bool,
    /// Whether `mail-parser` found the MIME structure damaged (a part without its
    /// closing boundary, undecodable transfer encoding) and read parts as raw text.
    pub damaged: bool,
}

/// Reads one message (without any mbox `From ` line). `place` is completed with the
/// Message-ID. Errors are reasons for a skip.
pub fn read_message(
    parser: &MessageParser,
    raw: &[u8],
    place: Place,
    kind: Option<RecordKind>,
    summary: &mut Summary,
) -> Result<Outcome, String> {
    let raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err("empty message".into());
    }
    let msg = parser
        .parse(raw)
        .ok_or_else(|| "no mail headers found".to_owned())?;
    let headers = msg
        .parts
        .first()
        .map(|p| p.headers.as_slice())
        .unwrap_or_default();
    if !headers.iter().any(|h| is_mail_header(&h.name)) {
        return Err("no mail headers found".into());
    }
    let snapshot = is_snapshot(&msg, headers);
    let mut w = Walker {
        summary,
        had_errors: false,
        text: String::new(),
        fields: Vec::new(),
        seen_hrefs: HashSet::new(),
        snapshot,
    };
    let head = w.headers(&msg, headers);
    let default_kind = if snapshot {
        RecordKind::WebPage
    } else {
        RecordKind::Email
    };
    let mut draft = RecordDraft::new(kind.unwrap_or(default_kind), place);
    if let Some(id) = &head.message_id {
        draft.place.message_id = Some(id.clone());
    }
    draft.time = head.time.clone();
    draft.title = head.subject.clone().filter(|s| !s.is_empty());
    if let Some(s) = head.subject.as_ref().filter(|s| !s.is_empty()) {
        w.text.push_str("Subject: ");
        w.text.push_str(s);
        w.text.push_str("\n\n");
    }
    let mut head_fields = std::mem::take(&mut w.fields);
    w.body(&msg);
    for (name, value) in head_fields.drain(..).chain(w.fields.drain(..)) {
        draft.push_field(name, value);
    }
    let trimmed = w.text.trim_end().len();
    w.text.truncate(trimmed);
    draft.text = std::mem::take(&mut w.text);
    let damaged = msg
        .parts
        .iter()
        .any(|p| p.is_encoding_problem && p.offset_end > p.offset_body);
    Ok(Outcome {
        draft,
        had_errors: w.had_errors,
        damaged,
    })
}

/// Whether a MIME message is a saved web page (MHTML, `.mht`): Chrome and Edge write
/// `Snapshot-Content-Location` and `From: <Saved by Blink>`; Internet Explorer and Word
/// a `multipart/related` root of `type="text/html"` with a `Content-Location`.
fn is_snapshot(msg: &Message<'_>, headers: &[Header<'_>]) -> bool {
    let raw = msg.raw_message.as_ref();
    let value = |h: &Header<'_>| {
        raw.get(h.offset_start as usize..h.offset_end as usize)
            .unwrap_or_default()
    };
    headers.iter().any(|h| match &h.name {
        HeaderName::Other(n) => n.eq_ignore_ascii_case("snapshot-content-location"),
        HeaderName::From => value(h).windows(14).any(|w| w == b"Saved by Blink"),
        _ => false,
    }) || msg
        .parts
        .first()
        .and_then(|p| p.content_type())
        .is_some_and(|ct| {
            ct.ctype().eq_ignore_ascii_case("multipart")
                && ct
                    .subtype()
                    .is_some_and(|s| s.eq_ignore_ascii_case("related"))
                && ct
                    .attribute("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("text/html"))
                && headers
                    .iter()
                    .any(|h| h.name == HeaderName::ContentLocation)
        })
}

fn is_mail_header(name: &HeaderName<'_>) -> bool {
    match name {
        HeaderName::Other(n) => {
            let n = n.to_ascii_lowercase();
            n.starts_with("x-") || n == "delivered-to" || n == "thread-topic" || n == "thread-index"
        }
        _ => true,
    }
}

/// What the top-level headers say.
struct Head {
    subject: Option<String>,
    time: Option<millwatch_model::RecordTime>,
    message_id: Option<String>,
}

struct Walker<'s> {
    summary: &'s mut Summary,
    had_errors: bool,
    text: String,
    fields: Vec<(&'static str, String)>,
    /// Link targets already listed (the same link often appears in every part).
    seen_hrefs: HashSet<String>,
    /// The message is an MHTML page snapshot: its parts are page resources, not
    /// attachments worth listing.
    snapshot: bool,
}

impl Walker<'_> {
    /// Reads the headers of a message into fields; returns subject, time and id.
    fn headers(&mut self, msg: &Message<'_>, headers: &[Header<'_>]) -> Head {
        let hint = body_charset(msg);
        let hint = hint.as_deref();
        let mut dec = HeaderDecoding::default();
        let raw = msg.raw_message.as_ref();
        let mut head = Head {
            subject: None,
            time: None,
            message_id: None,
        };
        let mut received_ips: Vec<String> = Vec::new();
        // The topmost `Received` date: when the mail was delivered.
        let mut received: Option<(RecordTime, String)> = None;
        for h in headers {
            let bytes = raw
                .get(h.offset_start as usize..h.offset_end as usize)
                .unwrap_or_default();
            let text = || header::raw_text(bytes, hint, &mut HeaderDecoding::default());
            match &h.name {
                HeaderName::Subject if head.subject.is_none() => {
                    let t = header::raw_text(bytes, hint, &mut dec);
                    let s = header::decode_words(&t, &mut dec);
                    let s = crate::html::collapse_ws(&s);
                    self.fields.push((field::SUBJECT, s.clone()));
                    head.subject = Some(s);
                }
                HeaderName::From
                | HeaderName::To
                | HeaderName::Cc
                | HeaderName::Bcc
                | HeaderName::ReplyTo
                | HeaderName::Sender => {
                    let name = match h.name {
                        HeaderName::From => field::FROM,
                        HeaderName::To => field::TO,
                        HeaderName::Cc => field::CC,
                        HeaderName::Bcc => "bcc",
                        HeaderName::ReplyTo => "reply_to",
                        _ => field::SENDER,
                    };
                    let t = header::raw_text(bytes, hint, &mut dec);
                    for a in header::addresses(&t, &mut dec) {
                        self.fields.push((name, a));
                    }
                }
                HeaderName::Date if head.time.is_none() => {
                    let t = text();
                    head.time = header::parse_date(&t);
                    self.fields.push((field::DATE, t));
                }
                HeaderName::MessageId if head.message_id.is_none() => {
                    if let Some(id) = header::message_id(&text()) {
                        self.fields.push(("message_id", id.clone()));
                        head.message_id = Some(id);
                    }
                }
                HeaderName::InReplyTo => {
                    if let Some(id) = header::message_id(&text()) {
                        self.fields.push(("in_reply_to", id));
                    }
                }
                HeaderName::ReturnPath => {
                    let t = text();
                    let t = t.trim().trim_matches(['<', '>']).trim();
                    if !t.is_empty() {
                        self.fields.push(("return_path", t.to_owned()));
                    }
                }
                HeaderName::Received
                    if received.is_none() || received_ips.len() < MAX_RECEIVED_IPS =>
                {
                    let t = text();
                    if received.is_none()
                        && let Some((_, date)) = t.rsplit_once(';')
                        && let Some(time) = header::parse_date(date)
                    {
                        received = Some((time, date.trim().to_owned()));
                    }
                    for ip in header::received_ips(&t) {
                        if !received_ips.contains(&ip) && received_ips.len() < MAX_RECEIVED_IPS {
                            received_ips.push(ip);
                        }
                    }
                }
                HeaderName::Other(name) => {
                    let lower = name.to_ascii_lowercase();
                    match lower.as_str() {
                        "x-originating-ip" | "x-sender-ip" | "x-originating-client-ip" => {
                            let t = text();
                            let ip = t.trim().trim_matches(['[', ']']).trim();
                            if ip.parse::<std::net::IpAddr>().is_ok() {
                                self.fields.push(("x_originating_ip", ip.to_owned()));
                            }
                        }
                        "snapshot-content-location" => {
                            self.fields.push((field::URL, text()));
                        }
                        "x-gmail-labels" => {
                            for label in text().split(',') {
                                self.fields.push(("label", label.trim().to_owned()));
                            }
                        }
                        "x-mailer" | "user-agent" => {
                            let t = header::decode_words(&text(), &mut dec);
                            self.fields.push(("x_mailer", t));
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        for ip in received_ips {
            self.fields.push(("received_ip", ip));
        }
        // No (valid) `Date`: the delivery time stands in, as mail clients show it, and
        // says so in a field of its own.
        if head.time.is_none()
            && let Some((time, text)) = received
        {
            head.time = Some(time);
            self.fields.push(("received_date", text));
        }
        self.had_errors |= dec.had_errors;
        self.summary.absorb(dec);
        head
    }

    /// Text, links and attachments of a message and the messages attached to it.
    fn body(&mut self, root: &Message<'_>) {
        let mut stack: Vec<(&Message<'_>, usize)> = vec![(root, 0)];
        let mut first = true;
        while let Some((msg, depth)) = stack.pop() {
            if !first {
                self.attached_header(msg);
            }
            first = false;
            let mut nested = Vec::new();
            self.parts(msg, depth, &mut nested);
            // Keep document order: the stack pops the last pushed first.
            for m in nested.into_iter().rev() {
                stack.push((m, depth + 1));
            }
        }
    }

    fn attached_header(&mut self, msg: &Message<'_>) {
        let headers = msg
            .parts
            .first()
            .map(|p| p.headers.as_slice())
            .unwrap_or_default();
        let raw = msg.raw_message.as_ref();
        let hint = body_charset(msg);
        let mut dec = HeaderDecoding::default();
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push_str(if self.text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            });
        }
        self.text
            .push_str("---------- Attached message ----------\n");
        for h in headers {
            let label = match h.name {
                HeaderName::From => "From",
                HeaderName::To => "To",
                HeaderName::Cc => "Cc",
                HeaderName::Date => "Date",
                HeaderName::Subject => "Subject",
                _ => continue,
            };
            let bytes = raw
                .get(h.offset_start as usize..h.offset_end as usize)
                .unwrap_or_default();
            let t = header::raw_text(bytes, hint.as_deref(), &mut dec);
            let t = crate::html::collapse_ws(&header::decode_words(&t, &mut dec));
            let _ = writeln!(self.text, "{label}: {t}");
        }
        self.text.push('\n');
        self.had_errors |= dec.had_errors;
        self.summary.absorb(dec);
    }

    fn parts<'m>(&mut self, msg: &'m Message<'m>, depth: usize, nested: &mut Vec<&'m Message<'m>>) {
        let mut html_done = vec![false; msg.parts.len()];
        let mut pushed_any = false;
        for &id in &msg.text_body {
            let Some(part) = msg.parts.get(id as usize) else {
                continue;
            };
            match &part.body {
                PartType::Text(_) => {
                    let text = self.part_text(msg, part);
                    pushed_any |= self.push_body(&text);
                }
                PartType::Html(_) => {
                    let html = self.part_text(msg, part);
                    let page = visible_text(&html);
                    pushed_any |= self.push_body(&page.text);
                    self.hrefs(page.hrefs);
                    if let Some(done) = html_done.get_mut(id as usize) {
                        *done = true;
                    }
                }
                _ => {}
            }
        }
        // Some mailers send an empty plain alternative: then the HTML is the text.
        if !pushed_any {
            for &id in &msg.html_body {
                let Some(part) = msg.parts.get(id as usize) else {
                    continue;
                };
                if matches!(part.body, PartType::Html(_))
                    && !html_done.get(id as usize).copied().unwrap_or(true)
                {
                    let html = self.part_text(msg, part);
                    let page = visible_text(&html);
                    self.push_body(&page.text);
                    self.hrefs(page.hrefs);
                    if let Some(done) = html_done.get_mut(id as usize) {
                        *done = true;
                    }
                }
            }
        }
        // Links of HTML alternatives whose plain twin gave the text.
        for (id, part) in msg.parts.iter().enumerate() {
            if matches!(part.body, PartType::Html(_)) && !html_done.get(id).copied().unwrap_or(true)
            {
                let html = self.part_text(msg, part);
                self.hrefs(visible_text(&html).hrefs);
            }
        }
        for &id in &msg.attachments {
            let Some(part) = msg.parts.get(id as usize) else {
                continue;
            };
            // A text part whose boundary never came (a truncated mail) is demoted to an
            // attachment by `mail-parser`; mail clients show it, and so do we.
            if part.is_encoding_problem && part.attachment_name().is_none() {
                match &part.body {
                    PartType::Text(_) => {
                        let text = self.part_text(msg, part);
                        self.push_body(&text);
                        continue;
                    }
                    PartType::Html(_) => {
                        let page = visible_text(&self.part_text(msg, part));
                        self.push_body(&page.text);
                        self.hrefs(page.hrefs);
                        continue;
                    }
                    _ => {}
                }
            }
            // A multipart whose boundary never came (a cut mail) is no attachment: its
            // bytes, if any, are what a mail client shows as the text.
            if part
                .content_type()
                .is_some_and(|ct| ct.ctype().eq_ignore_ascii_case("multipart"))
                && !matches!(part.body, PartType::Multipart(_))
            {
                let bytes = part_bytes(msg, part);
                let d = decode_bytes(&bytes, None);
                self.summary.note(d.encoding, d.non_ascii, d.had_errors);
                self.had_errors |= d.had_errors;
                self.push_body(&d.text);
                continue;
            }
            self.attachment(msg, part);
            if let PartType::Message(inner) = &part.body
                && depth < MAX_NESTING
            {
                nested.push(inner);
            }
        }
    }

    /// Appends a part's text; returns whether there was any.
    fn push_body(&mut self, text: &str) -> bool {
        let text = text.trim_matches(|c: char| c == '\n' || c == '\r');
        if text.trim().is_empty() {
            return false;
        }
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push_str(if self.text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            });
        }
        if text.contains('\r') {
            self.text
                .push_str(&text.replace("\r\n", "\n").replace('\r', "\n"));
        } else {
            self.text.push_str(text);
        }
        true
    }

    fn hrefs(&mut self, hrefs: Vec<String>) {
        for h in hrefs {
            if self.seen_hrefs.insert(h.clone()) {
                self.fields.push((field::HREF, h));
            }
        }
    }

    /// A text part's content, transfer- and charset-decoded (and unwrapped when it is
    /// `format=flowed`). An HTML part without a MIME charset may declare one itself.
    fn part_text(&mut self, msg: &Message<'_>, part: &MessagePart<'_>) -> String {
        let bytes = part_bytes(msg, part);
        let ct = part.content_type();
        let mut label = ct.and_then(|ct| ct.attribute("charset")).map(str::to_owned);
        if label.is_none() && matches!(part.body, PartType::Html(_)) {
            label = crate::html::prescan_charset(&bytes);
        }
        let d = decode_bytes(&bytes, label.as_deref());
        self.summary.note(d.encoding, d.non_ascii, d.had_errors);
        self.had_errors |= d.had_errors;
        let flowed = ct
            .and_then(|ct| ct.attribute("format"))
            .is_some_and(|f| f.trim().eq_ignore_ascii_case("flowed"));
        if flowed && matches!(part.body, PartType::Text(_)) {
            let delsp = ct
                .and_then(|ct| ct.attribute("delsp"))
                .is_some_and(|f| f.trim().eq_ignore_ascii_case("yes"));
            return unflow(&d.text, delsp);
        }
        d.text.into_owned()
    }

    /// An attachment's name. Plain `filename="…"`/`name="…"` values are read from the
    /// raw header: RFC 2047 words in them (as most mailers write, against RFC 2231, often
    /// folded: the space between adjacent words is not part of the name, RFC 2047 6.2)
    /// are decoded by our word decoder, raw 8-bit bytes (Chinese mailers write GBK
    /// straight into the header) with the message's body charset or by detection.
    /// RFC 2231 values (`filename*=utf-8''…`, continuations) are `mail-parser`'s.
    fn attachment_name(&mut self, msg: &Message<'_>, part: &MessagePart<'_>) -> Option<String> {
        let Some(value) = raw_attachment_param(msg, part) else {
            return part.attachment_name().map(str::to_owned);
        };
        let mut dec = HeaderDecoding::default();
        let text = header::raw_text(&value, body_charset(msg).as_deref(), &mut dec);
        let name = header::decode_words(&text, &mut dec);
        self.summary.absorb(dec);
        Some(name)
    }

    /// Lists an attachment: `filename; type; SIZE bytes; sha256=HEX`.
    fn attachment(&mut self, msg: &Message<'_>, part: &MessagePart<'_>) {
        if self.snapshot {
            return;
        }
        let bytes = part_bytes(msg, part);
        let name = self.attachment_name(msg, part);
        let name = name
            .map(|n| n.chars().filter(|c| !c.is_control()).collect::<String>())
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "(unnamed)".to_owned());
        let mime = part.content_type().map_or_else(
            || {
                if matches!(part.body, PartType::Message(_)) {
                    "message/rfc822".to_owned()
                } else {
                    "application/octet-stream".to_owned()
                }
            },
            |ct| match ct.subtype() {
                Some(sub) => format!("{}/{}", ct.ctype(), sub).to_ascii_lowercase(),
                None => ct.ctype().to_ascii_lowercase(),
            },
        );
        let digest = Sha256::digest(&bytes);
        let mut hex = String::with_capacity(64);
        for b in digest {
            let _ = write!(hex, "{b:02x}");
        }
        self.fields.push((
            field::ATTACHMENT,
            format!("{name}; {mime}; {} bytes; sha256={hex}", bytes.len()),
        ));
    }
}

/// Where an attachment's name is written: `Content-Disposition`'s `filename`, else
/// `Content-Type`'s `name`.
const NAME_PARAMS: [(HeaderName<'static>, &[u8]); 2] = [
    (HeaderName::ContentDisposition, b"filename"),
    (HeaderName::ContentType, b"name"),
];

/// The raw value of an attachment's plain (not RFC 2231) name parameter, or `None` when
/// the header that carries the name writes it in RFC 2231 form (`filename*=`,
/// `filename*0*=`), which `mail-parser` decodes.
fn raw_attachment_param(msg: &Message<'_>, part: &MessagePart<'_>) -> Option<Vec<u8>> {
    let raw = msg.raw_message.as_ref();
    for (header_name, param) in NAME_PARAMS {
        let Some(h) = part.headers.iter().find(|h| h.name == header_name) else {
            continue;
        };
        let bytes = raw.get(h.offset_start as usize..h.offset_end as usize)?;
        match raw_param(bytes, param) {
            Param::Plain(value) => return Some(value),
            Param::Extended => return None,
            Param::Absent => {}
        }
    }
    None
}

/// A parameter as found in a header's raw bytes.
enum Param {
    /// `name="value"` or `name=value`: the value, unquoted and unfolded.
    Plain(Vec<u8>),
    /// Only the RFC 2231 form (`name*=…`, `name*0=…`).
    Extended,
    Absent,
}

/// Parameter `name` in a header's raw bytes. Quoted strings are skipped while looking
/// (a `name=` inside another value is not the parameter) and unescaped (`\"`); folding
/// may come anywhere around the `=`.
fn raw_param(header: &[u8], name: &[u8]) -> Param {
    let is_ws = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let mut extended = false;
    let mut i = 0;
    while i < header.len() {
        if header[i] == b'"' {
            // Skip a quoted string.
            i += 1;
            while i < header.len() && header[i] != b'"' {
                i += if header[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            continue;
        }
        let at_boundary = i == 0 || matches!(header[i - 1], b';' | b' ' | b'\t' | b'\n' | b'\r');
        if !(at_boundary
            && header.len() >= i + name.len()
            && header[i..i + name.len()].eq_ignore_ascii_case(name))
        {
            i += 1;
            continue;
        }
        let mut j = i + name.len();
        while j < header.len() && is_ws(header[j]) {
            j += 1;
        }
        match header.get(j) {
            Some(b'*') => {
                extended = true;
                i = j;
                continue;
            }
            Some(b'=') => {}
            _ => {
                i = j.max(i + 1);
                continue;
            }
        }
        j += 1;
        while j < header.len() && is_ws(header[j]) {
            j += 1;
        }
        let mut value = Vec::new();
        if header.get(j) == Some(&b'"') {
            j += 1;
            while j < header.len() && header[j] != b'"' {
                if header[j] == b'\\' && j + 1 < header.len() {
                    j += 1;
                }
                if !matches!(header[j], b'\r' | b'\n') {
                    value.push(header[j]);
                }
                j += 1;
            }
        } else {
            value.extend(
                header[j..]
                    .iter()
                    .take_while(|&&b| !matches!(b, b';' | b'\r' | b'\n'))
                    .copied(),
            );
        }
        return Param::Plain(value);
    }
    if extended {
        Param::Extended
    } else {
        Param::Absent
    }
}

/// The charset label of the message's first text part: the best guess for raw 8-bit
/// header bytes, which mailers write in the same charset as the body.
fn body_charset(msg: &Message<'_>) -> Option<String> {
    msg.text_body
        .iter()
        .chain(msg.html_body.iter())
        .filter_map(|&id| msg.parts.get(id as usize))
        .find_map(|p| p.content_type().and_then(|ct| ct.attribute("charset")))
        .map(str::to_owned)
}

/// A part's body bytes after transfer decoding, from the raw message.
fn part_bytes(msg: &Message<'_>, part: &MessagePart<'_>) -> Vec<u8> {
    let raw = msg.raw_message.as_ref();
    let start = part.offset_body as usize;
    let end = (part.offset_end as usize).min(raw.len());
    let body = raw.get(start..end.max(start)).unwrap_or_default();
    // The header decides, not `mail-parser`'s verdict: when its strict decoder gives up
    // on damaged base64 it hands back the raw text, while mail clients decode leniently.
    if part.encoding == TransferEncoding::Base64 || is_cte(part, "base64") {
        header::base64_lenient(body)
    } else if part.encoding == TransferEncoding::QuotedPrintable || is_cte(part, "quoted-printable")
    {
        qp_decode(body)
    } else {
        body.to_vec()
    }
}

/// Whether the part's Content-Transfer-Encoding is `name`.
fn is_cte(part: &MessagePart<'_>, name: &str) -> bool {
    part.headers.iter().any(|h| {
        h.name == HeaderName::ContentTransferEncoding
            && matches!(&h.value, HeaderValue::Text(t) if t.trim().eq_ignore_ascii_case(name))
    })
}

/// Joins the soft line breaks of `format=flowed` text (RFC 3676): a line ending in a
/// space continues on the next one (losing that space when `delsp=yes`, which Apple
/// Mail uses to wrap CJK text inside words). Space-stuffing is undone; the signature
/// separator `-- ` stays a hard break.
fn unflow(text: &str, delsp: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = line.strip_prefix(' ').unwrap_or(line);
        if line.ends_with(' ') && line != "-- " {
            out.push_str(if delsp { &line[..line.len() - 1] } else { line });
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Quoted-printable (RFC 2045) that keeps a stray `=` as it is, as mail clients do.
pub(crate) fn qp_decode(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        let b = body[i];
        if b == b'=' {
            match (body.get(i + 1), body.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => {
                    i += 3;
                    continue;
                }
                (Some(b'\n'), _) => {
                    i += 2;
                    continue;
                }
                (Some(&h), Some(&l)) => {
                    if let (Some(h), Some(l)) = (header::hex(h), header::hex(l)) {
                        out.push(h << 4 | l);
                        i += 3;
                        continue;
                    }
                }
                _ => {}
            }
            // A soft break with trailing spaces before the newline.
            let mut j = i + 1;
            while matches!(body.get(j), Some(b' ' | b'\t')) {
                j += 1;
            }
            match (body.get(j), body.get(j + 1)) {
                (Some(b'\r'), Some(b'\n')) => {
                    i = j + 2;
                    continue;
                }
                (Some(b'\n'), _) => {
                    i = j + 1;
                    continue;
                }
                _ => {}
            }
            out.push(b'=');
            i += 1;
            continue;
        }
        out.push(b);
        i += 1;
    }
    out
}
