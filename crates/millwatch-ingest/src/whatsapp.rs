//! WhatsApp "Export chat" text files: every message a person sent is a record.
//!
//! WhatsApp writes one line per message, in a layout that depends on the phone and its
//! locale:
//!
//! ```text
//! 12/31/23, 9:41 PM - Alice: text                 Android, US
//! 31/12/2023, 21:41 - Alice: text                 Android, most of the world
//! 31.12.23, 21:41 - Alice: text                   Android, German and others
//! 2023/12/31 21:41 - Alice: text                  Android, East Asia
//! [31/12/2023, 21:41:07] Alice: text              iOS
//! ‎[12/31/23, 9:41:07 PM] Alice: ‎<attached: …>     iOS, with its invisible marks
//! 31.12.2023 klo 21.41 - Alice: text              Android, Finnish (a word before the time)
//! 31.12.23 21:41:07: Alice: text                  early iOS, no brackets (seconds needed)
//! ٣١‏/١٢‏/٢٠٢٣، ٩:٤١ م - Alice: text                 Android, Arabic (Persian digits too)
//! ```
//!
//! Lines that do not start with a timestamp continue the message before them. iOS puts
//! bidirectional marks (U+200E and friends) at the start of lines and before media notes,
//! and a narrow no-break space (U+202F) before AM/PM; 12-hour clocks come as `PM`, `p.m.`,
//! `p. m.`, `下午`, `오후`, `م`, `ب.ظ.` (midnight sometimes as `00:08 a. m.`). Hours may be written
//! `21.41`. Media notes come as `<attached: …>`, `name.jpg <attached>` (early iOS), and
//! `IMG-20240103-WA0002.jpg (file attached)` in the phone's language. iOS writes group
//! members who are not saved contacts as `~ Name`; the sender is `Name`.
//!
//! The day/month order cannot be read from one line, so it is decided for the whole file:
//! lines are held (up to [`Limits::max_whole_file_bytes`](crate::Limits)) until a timestamp
//! settles the order (a first number above 12 means day first, a second number above 12
//! month first, a four-digit first number year first); if none does, the order under which
//! the timestamps run most steadily forward is chosen, and a warning says so. After that
//! the file streams, so its size does not matter.
//!
//! Counting rule: every message a person sent is a record, media-only and deleted ones
//! included (their text notes the media: `[media omitted]`, `[photo: 00000012-PHOTO-….jpg]`,
//! `[message deleted]`). System lines are not records: Android writes them without a
//! `Name: ` part; iOS writes them under the chat's or a contact's name with the text
//! starting with an invisible mark, which is how they are told from a person's media notes.
//! The end-to-end encryption notice is recognised in several languages wherever it is.

use std::io::BufRead;
use std::path::Path;

use millwatch_model::{RecordTime, field};

use crate::text::Decoded;
use crate::{
    Diagnostic, Format, Options, ParseError, Parsed, Place, RecordDraft, RecordKind, Sink,
};

mod body;
mod header;

use body::{Body, classify, media_text};
use header::{Header, Order, parse_header};

/// Reads a WhatsApp chat export.
pub fn parse(
    path: &Path,
    input: &mut dyn BufRead,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<Parsed, ParseError> {
    let mut reader = Decoded::new(input)?;
    let base = reader.base();
    let mut chat = Chat {
        name: chat_from_path(path),
        opts,
        sink,
        order: None,
        pending: Vec::new(),
        pending_bytes: 0,
        votes: Votes::default(),
        current: Current::None,
        records: 0,
        system: 0,
        headers: 0,
        orphan_warned: false,
        fallback_warned: false,
        lossy: false,
        first_body: true,
    };
    let limit = opts.limits.max_item_bytes.max(256);
    let mut offset = base;
    let mut line_no = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let (n, overflow) = crate::text::read_line_bounded(&mut reader, &mut buf, limit)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let start = offset;
        offset += n;
        if overflow {
            chat.sink.diagnostic(Diagnostic::skipped(
                Place::span(start, offset).with_line(line_no),
                format!("line of {n} bytes is over the {limit}-byte limit"),
            ))?;
            continue;
        }
        let mut end = buf.len();
        while end > 0 && matches!(buf[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        let text = match std::str::from_utf8(&buf[..end]) {
            Ok(s) => s.to_owned(),
            Err(_) => {
                chat.lossy = true;
                String::from_utf8_lossy(&buf[..end]).into_owned()
            }
        };
        let line = Line {
            header: parse_header(&text),
            text,
            start,
            end: start + end as u64,
            no: line_no,
        };
        chat.take(line)?;
    }
    chat.finish()?;
    if chat.headers == 0 {
        return Err(ParseError::Malformed {
            format: Format::WhatsappText,
            place: Place::default(),
            reason: "no line starts with a WhatsApp timestamp".into(),
        });
    }
    tracing::debug!(
        records = chat.records,
        system = chat.system,
        "whatsapp export read"
    );
    let mut decoding = reader.decoding().clone();
    decoding.had_errors |= chat.lossy;
    Ok(Parsed { decoding })
}

/// True when several of the first lines start with a WhatsApp timestamp.
pub fn sniff(head: &str) -> bool {
    let mut lines: Vec<&str> = head.lines().collect();
    // The last line may be cut off by the end of the block.
    if !head.ends_with('\n') && lines.len() > 1 {
        lines.pop();
    }
    let lines: Vec<&str> = lines
        .into_iter()
        .map(|l| l.trim_start_matches('\u{feff}'))
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let hits = lines.iter().filter(|l| parse_header(l).is_some()).count();
    hits >= 2 || (hits == 1 && lines.len() <= 2)
}

/// The chat's name from the export's file name: `WhatsApp Chat with Alice.txt`,
/// `WhatsApp Chat - Family.txt`, `Chat de WhatsApp con Ana.txt`, ….
fn chat_from_path(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let lower = stem.to_lowercase();
    if !lower.contains("whatsapp") {
        return None;
    }
    let mut best: Option<usize> = None;
    for sep in [
        " with ",
        " - ",
        " con ",
        " com ",
        " avec ",
        " mit ",
        " dengan ",
        " met ",
        " ile ",
        " med ",
        " z ",
        " s ",
        " dengan",
        " กับ ",
        "与",
        "和",
        "與",
    ] {
        if let Some(i) = lower.rfind(sep) {
            let end = i + sep.len();
            if best.is_none_or(|b| end > b) {
                best = Some(end);
            }
        }
    }
    let rest = stem.get(best?..)?.trim();
    // `WhatsApp Chat with Alice (1)`: a duplicate download's counter.
    let rest = match rest.rfind(" (") {
        Some(i)
            if rest.ends_with(')')
                && rest[i + 2..rest.len() - 1]
                    .bytes()
                    .all(|b| b.is_ascii_digit()) =>
        {
            rest[..i].trim()
        }
        _ => rest,
    };
    (!rest.is_empty()).then(|| rest.to_owned())
}

/// One line of the file.
struct Line {
    text: String,
    header: Option<Header>,
    start: u64,
    /// End of the line's content (before its line break).
    end: u64,
    no: u64,
}

/// Evidence for the date order.
#[derive(Default)]
struct Votes {
    day_first: u32,
    month_first: u32,
    year_first: u32,
    upper_ampm: u32,
}

/// A message being assembled.
struct Message {
    sender: String,
    text: String,
    header: Header,
    start: u64,
    end: u64,
    line: u64,
    over: bool,
}

enum Current {
    None,
    /// A system line: its continuation lines are dropped with it.
    System,
    Message(Box<Message>),
}

struct Chat<'a> {
    name: Option<String>,
    opts: &'a Options,
    sink: &'a mut dyn Sink,
    order: Option<Order>,
    /// Lines held until the date order is known.
    pending: Vec<Line>,
    pending_bytes: usize,
    votes: Votes,
    current: Current,
    records: u64,
    system: u64,
    headers: u64,
    orphan_warned: bool,
    fallback_warned: bool,
    lossy: bool,
    /// No message or system line has been seen yet.
    first_body: bool,
}

impl Chat<'_> {
    /// Takes the next line: holds it while the date order is open, else processes it.
    fn take(&mut self, line: Line) -> Result<(), ParseError> {
        if let Some(h) = &line.header {
            self.headers += 1;
            if self.order.is_none() {
                self.vote(h);
            }
        }
        if self.order.is_none() {
            self.pending_bytes += line.text.len() + 64;
            self.pending.push(line);
            if self.pending_bytes > self.opts.limits.max_whole_file_bytes {
                self.decide_without_evidence()?;
            }
            return Ok(());
        }
        if !self.pending.is_empty() {
            self.flush_pending()?;
        }
        self.process(line)
    }

    fn vote(&mut self, h: &Header) {
        let [(a, al), (b, _), _] = h.date;
        if al == 4 {
            self.votes.year_first += 1;
            self.order = Some(Order::Ymd);
        } else if a > 12 && b <= 12 {
            self.votes.day_first += 1;
            self.order = Some(Order::Dmy);
        } else if b > 12 && a <= 12 {
            self.votes.month_first += 1;
            self.order = Some(Order::Mdy);
        }
        if h.upper_ampm {
            self.votes.upper_ampm += 1;
        }
    }

    /// No timestamp settled the order: choose the one under which the held timestamps run
    /// most steadily forward in time; on a tie, month first for US-style `AM`/`PM` clocks
    /// and day first otherwise.
    fn decide_without_evidence(&mut self) -> Result<(), ParseError> {
        let headers: Vec<&Header> = self
            .pending
            .iter()
            .filter_map(|l| l.header.as_ref())
            .collect();
        let cost = |order: Order| -> u64 {
            let mut prev: Option<i64> = None;
            let mut total = 0u64;
            for h in &headers {
                let Some(t) = h.time(order) else {
                    total += 10_000;
                    continue;
                };
                let now = t.approx_unix() / 86_400;
                if let Some(p) = prev {
                    let gap = now - p;
                    // Going back in time is far less likely than a long silence.
                    total += if gap < 0 {
                        gap.unsigned_abs() * 10
                    } else {
                        gap.unsigned_abs()
                    };
                }
                prev = Some(now);
            }
            total
        };
        let (dmy, mdy) = (cost(Order::Dmy), cost(Order::Mdy));
        let order = if dmy < mdy {
            Order::Dmy
        } else if mdy < dmy || self.votes.upper_ampm > 0 {
            Order::Mdy
        } else {
            Order::Dmy
        };
        self.order = Some(order);
        if !headers.is_empty() && !self.fallback_warned {
            self.fallback_warned = true;
            let first = self
                .pending
                .iter()
                .find(|l| l.header.is_some())
                .map_or(1, |l| l.no);
            self.sink.diagnostic(Diagnostic::warning(
                Place::default().with_line(first),
                format!(
                    "no timestamp settles whether dates are day or month first; read as {}",
                    order.words()
                ),
            ))?;
        }
        self.flush_pending()
    }

    fn flush_pending(&mut self) -> Result<(), ParseError> {
        let pending = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        for line in pending {
            self.process(line)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), ParseError> {
        if self.order.is_none() {
            self.decide_without_evidence()?;
        }
        self.flush_pending()?;
        self.end_current()
    }

    /// Processes a line with the date order known.
    fn process(&mut self, line: Line) -> Result<(), ParseError> {
        let header = line
            .header
            .as_ref()
            .filter(|h| h.time(self.order()).is_some() || h.time_any().is_some());
        let Some(header) = header.cloned() else {
            return self.continuation(line);
        };
        self.end_current()?;
        let body = &line.text[header.body..];
        match classify(body, header.ios, self.first_body) {
            Body::System { notice_sender } => {
                self.system += 1;
                if self.name.is_none()
                    && let Some(s) = notice_sender
                {
                    self.name = Some(s);
                }
                self.current = Current::System;
            }
            Body::Message { sender, text } => {
                self.current = Current::Message(Box::new(Message {
                    sender,
                    text,
                    header,
                    start: line.start,
                    end: line.end,
                    line: line.no,
                    over: false,
                }));
            }
        }
        self.first_body = false;
        Ok(())
    }

    fn order(&self) -> Order {
        self.order.unwrap_or(Order::Dmy)
    }

    fn continuation(&mut self, line: Line) -> Result<(), ParseError> {
        let limit = self.opts.limits.max_item_bytes;
        match &mut self.current {
            Current::Message(m) => {
                m.end = line.end;
                if m.text.len() + line.text.len() + 1 > limit {
                    m.over = true;
                } else if !m.over {
                    m.text.push('\n');
                    m.text.push_str(&line.text);
                }
            }
            Current::System => {}
            Current::None => {
                if !line.text.trim().is_empty() && !self.orphan_warned {
                    self.orphan_warned = true;
                    self.sink.diagnostic(Diagnostic::skipped(
                        Place::span(line.start, line.end).with_line(line.no),
                        "text before the first message has no timestamp and was skipped",
                    ))?;
                }
            }
        }
        Ok(())
    }

    fn end_current(&mut self) -> Result<(), ParseError> {
        let current = std::mem::replace(&mut self.current, Current::None);
        let Current::Message(m) = current else {
            return Ok(());
        };
        let place = Place::span(m.start, m.end)
            .with_line(m.line)
            .with_message_id(format!("L{}", m.line));
        if m.over {
            self.sink.diagnostic(Diagnostic::skipped(
                place,
                format!(
                    "message is over the {}-byte limit",
                    self.opts.limits.max_item_bytes
                ),
            ))?;
            return Ok(());
        }
        let order = self.order();
        let time = match m.header.time(order) {
            Some(t) => Some(t),
            None => {
                let t = m.header.time_any();
                if t.is_some() {
                    self.sink.diagnostic(Diagnostic::warning(
                        place.clone(),
                        format!(
                            "timestamp is not a valid date read {}; read in another order",
                            order.words()
                        ),
                    ))?;
                }
                t
            }
        };
        let mut d = RecordDraft::new(RecordKind::ChatMessage, place);
        d.time = time;
        d.title = self.name.clone();
        if let Some(chat) = &self.name {
            d.push_field(field::CHAT, chat.clone());
        }
        d.push_field(field::SENDER, m.sender);
        let media = media_text(&m.text);
        d.text = media.text;
        if let Some(file) = media.file {
            d.push_field(field::MEDIA, file);
        }
        if media.edited {
            d.push_field("edited", "true");
        }
        self.records += 1;
        self.sink.record(d)?;
        Ok(())
    }
}

impl Header {
    /// The time under another order when the chosen one gives no valid date.
    fn time_any(&self) -> Option<RecordTime> {
        [Order::Dmy, Order::Mdy, Order::Ymd]
            .into_iter()
            .find_map(|o| self.time(o))
    }
}

#[cfg(test)]
mod tests;
