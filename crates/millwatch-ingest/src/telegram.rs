//! Telegram Desktop JSON exports (`result.json`): every message a record.
//!
//! Telegram Desktop writes two layouts. "Export chat history" writes one chat object,
//! `{"name", "type", "id", "messages": [...]}`; "Export Telegram data" writes the whole
//! account, `{"about", "personal_information", "contacts", …, "chats": {"about", "list":
//! [chat, …]}, "left_chats": {"about", "list": [...]}}`. Both are read by the same walk:
//! the root is read as a chat object that may also hold chat lists, and every message of
//! every chat (left chats included) with `"type": "message"` becomes a
//! [`RecordKind::ChatMessage`](crate::RecordKind). Service messages (joins, pins, calls,
//! title changes) are not records and not diagnostics; they are only counted.
//!
//! Exports run to hundreds of megabytes, so the file is walked with the crate's pull JSON
//! reader and each message is built and handed to the sink as soon as its closing brace is
//! read; nothing else is kept. Keys we do not use are skipped without being stored. The
//! writer's key order puts `name`, `type` and `id` before `messages`, which is what lets a
//! message carry its chat's name without a second pass.
//!
//! Message text comes as a string or as a list mixing strings and entity objects
//! (`{"type": "text_link", "text": "here", "href": "https://…"}`); the texts are joined and
//! hidden link targets become `href` fields. Media-only messages are records too: their
//! text notes the media (`[photo]`, `[video_file: clip.mp4]`, `[sticker 😀]`,
//! `[location 11.55, 104.91]`, `[contact: Name +855…]`), followed by the caption if any.
//!
//! Times come from `date_unixtime` (UTC) when present, else from `date`, which Telegram
//! writes in the exporting computer's local time without a zone.

use std::io::BufRead;

use millwatch_model::{RecordTime, field};

use crate::tabular::json::{ErrorKind, JsonError, JsonReader, Kind, SKIP_DEPTH_LIMIT};
use crate::text::Decoded;
use crate::{
    Abort, Diagnostic, Format, Options, ParseError, Parsed, Place, RecordDraft, RecordKind, Sink,
};

/// Longest key, chat name or short value kept.
const SHORT: usize = 4096;
/// Nesting walked through in values we skip: far past any real export, so that one
/// hostile message costs that message, not the file.
const SKIP_DEPTH: usize = SKIP_DEPTH_LIMIT;
/// Nesting accepted in a message; a deeper one is skipped with a diagnostic. Telegram's
/// own messages are at most four levels deep (text entities in a list in the message).
const MAX_MESSAGE_DEPTH: usize = 64;

/// Reads a Telegram Desktop JSON export.
pub fn parse(
    input: &mut dyn BufRead,
    opts: &Options,
    sink: &mut dyn Sink,
) -> std::result::Result<Parsed, ParseError> {
    let mut reader = Decoded::new(input)?;
    let base = reader.base();
    let decoding = {
        let mut jr = JsonReader::new(&mut reader, base);
        let mut walk = Walk {
            opts,
            sink,
            messages: 0,
            service: 0,
            chats: 0,
            recognised: false,
            lossy: false,
        };
        match jr.skip_ws().map_err(fatal)? {
            Some(b'{') => {}
            None => return Err(malformed(Place::default(), "the file is empty")),
            Some(_) => {
                return Err(malformed(
                    Place::span(jr.offset(), jr.offset()).with_line(jr.line()),
                    "an export is a JSON object; this file holds something else",
                ));
            }
        }
        walk.chat(&mut jr, true).map_err(|s| match s {
            Stop::Json(e) => fatal(e),
            Stop::Abort(a) => ParseError::Aborted(a),
        })?;
        if jr.skip_ws().map_err(fatal)?.is_some() {
            walk.sink.diagnostic(Diagnostic::warning(
                Place::span(jr.offset(), jr.offset()).with_line(jr.line()),
                "data after the end of the export was ignored",
            ))?;
        }
        if !walk.recognised {
            return Err(malformed(
                Place::default(),
                "no messages or chats: this JSON is not a Telegram Desktop export",
            ));
        }
        tracing::debug!(
            chats = walk.chats,
            messages = walk.messages,
            service = walk.service,
            "telegram export read"
        );
        walk.lossy
    };
    let mut d = reader.decoding().clone();
    d.had_errors |= decoding;
    Ok(Parsed { decoding: d })
}

/// True when the first bytes of a `.json` file look like a Telegram Desktop export.
pub fn sniff(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if !t.starts_with('{') {
        return false;
    }
    // The account layout: its personal information comes first; a chat list shows
    // itself by `"chats"` (or `"left_chats"`) with an `"about"` and a `"list"`.
    let account = has_key(t, "personal_information")
        || (has_key(t, "about")
            && has_key(t, "list")
            && (has_key(t, "chats") || has_key(t, "left_chats")));
    if account {
        return true;
    }
    has_key(t, "messages")
        && (has_key(t, "date_unixtime")
            || has_key(t, "from_id")
            || [
                "message",
                "service",
                "personal_chat",
                "bot_chat",
                "private_group",
                "private_supergroup",
                "public_supergroup",
                "private_channel",
                "public_channel",
                "saved_messages",
            ]
            .iter()
            .any(|v| has_key_value(t, "type", v)))
}

/// Whether `"key"` followed by a colon occurs in `s`.
fn has_key(s: &str, key: &str) -> bool {
    key_positions(s, key).next().is_some()
}

/// Whether `"key": "value"` occurs in `s`.
fn has_key_value(s: &str, key: &str, value: &str) -> bool {
    key_positions(s, key).any(|after| {
        let rest = s[after..].trim_start();
        rest.strip_prefix('"')
            .and_then(|r| r.strip_prefix(value))
            .is_some_and(|r| r.starts_with('"'))
    })
}

/// Offsets just after `"key":` in `s`.
fn key_positions<'a>(s: &'a str, key: &'a str) -> impl Iterator<Item = usize> + 'a {
    let quoted = format!("\"{key}\"");
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(i) = s[from..].find(&quoted) {
            let end = from + i + quoted.len();
            from = end;
            let rest = &s[end..];
            let trimmed = rest.trim_start();
            if let Some(after) = trimmed.strip_prefix(':') {
                return Some(s.len() - after.len());
            }
        }
        None
    })
}

fn malformed(place: Place, reason: impl Into<String>) -> ParseError {
    ParseError::Malformed {
        format: Format::TelegramJson,
        place,
        reason: reason.into(),
    }
}

fn fatal(e: JsonError) -> ParseError {
    if let Some(io) = e.io {
        return ParseError::Io(io);
    }
    let reason = match e.kind {
        ErrorKind::Eof => format!("the export is cut short: {}", e.message),
        _ => e.message,
    };
    malformed(Place::span(e.offset, e.offset).with_line(e.line), reason)
}

enum Stop {
    Json(JsonError),
    Abort(Abort),
}

impl From<JsonError> for Stop {
    fn from(e: JsonError) -> Self {
        Stop::Json(e)
    }
}

impl From<Abort> for Stop {
    fn from(a: Abort) -> Self {
        Stop::Abort(a)
    }
}

type Step<T> = std::result::Result<T, Stop>;

/// What a message needs to know about its chat.
#[derive(Clone, Debug, Default)]
struct Chat {
    name: Option<String>,
    kind: Option<String>,
    id: Option<String>,
}

struct Walk<'a> {
    opts: &'a Options,
    sink: &'a mut dyn Sink,
    messages: u64,
    service: u64,
    chats: u64,
    /// A `messages` array or a chat list was seen: this is an export.
    recognised: bool,
    lossy: bool,
}

impl Walk<'_> {
    /// Reads a chat object; at the root it may also hold the account layout's chat lists.
    fn chat(&mut self, jr: &mut JsonReader<'_>, root: bool) -> Step<()> {
        jr.begin_object()?;
        let mut chat = Chat::default();
        let (mut first, mut key) = (true, String::new());
        while jr.next_key(&mut first, &mut key, SHORT)? {
            match key.as_str() {
                "name" => chat.name = self.short(jr)?,
                "type" => chat.kind = self.short(jr)?,
                "id" => chat.id = self.short(jr)?,
                "messages" if jr.peek_kind()? == Kind::Array => {
                    self.recognised = true;
                    self.chats += 1;
                    self.messages(jr, &chat)?;
                }
                "chats" | "left_chats" if root => self.chat_list(jr)?,
                "personal_information" if root => {
                    self.recognised = true;
                    jr.skip_value(SKIP_DEPTH)?;
                }
                _ => jr.skip_value(SKIP_DEPTH)?,
            }
        }
        Ok(())
    }

    /// Reads `{"about": …, "list": [chat, …]}` (or a bare list).
    fn chat_list(&mut self, jr: &mut JsonReader<'_>) -> Step<()> {
        match jr.peek_kind()? {
            Kind::Array => self.chat_array(jr),
            Kind::Object => {
                jr.begin_object()?;
                let (mut first, mut key) = (true, String::new());
                while jr.next_key(&mut first, &mut key, SHORT)? {
                    if key == "list" && jr.peek_kind()? == Kind::Array {
                        self.chat_array(jr)?;
                    } else {
                        jr.skip_value(SKIP_DEPTH)?;
                    }
                }
                Ok(())
            }
            _ => Ok(jr.skip_value(SKIP_DEPTH)?),
        }
    }

    fn chat_array(&mut self, jr: &mut JsonReader<'_>) -> Step<()> {
        self.recognised = true;
        jr.begin_array()?;
        let mut first = true;
        while jr.next_element(&mut first)? {
            if jr.peek_kind()? == Kind::Object {
                self.chat(jr, false)?;
            } else {
                let (start, line) = (jr.offset(), jr.line());
                jr.skip_value(SKIP_DEPTH)?;
                self.sink.diagnostic(Diagnostic::skipped(
                    Place::span(start, jr.offset()).with_line(line),
                    "a chat in the chat list is not an object",
                ))?;
            }
        }
        Ok(())
    }

    fn messages(&mut self, jr: &mut JsonReader<'_>, chat: &Chat) -> Step<()> {
        jr.begin_array()?;
        let mut first = true;
        while jr.next_element(&mut first)? {
            let (start, line) = (jr.offset(), jr.line());
            if jr.peek_kind()? == Kind::Object {
                self.message(jr, chat)?;
            } else {
                jr.skip_value(SKIP_DEPTH)?;
                self.sink.diagnostic(Diagnostic::skipped(
                    Place::span(start, jr.offset()).with_line(line),
                    "a message is not a JSON object",
                ))?;
            }
        }
        Ok(())
    }

    /// A short string, number or boolean value as text; `None` for null, objects, arrays.
    fn short(&mut self, jr: &mut JsonReader<'_>) -> Step<Option<String>> {
        let mut s = String::new();
        let info = jr.read_scalar(&mut s, SHORT, SKIP_DEPTH)?;
        if let Some(info) = info {
            self.lossy |= info.lossy;
        }
        Ok(info.map(|_| s))
    }

    fn message(&mut self, jr: &mut JsonReader<'_>, chat: &Chat) -> Step<()> {
        let (start, line) = (jr.offset(), jr.line());
        let budget = self.opts.limits.max_item_bytes;
        let mut m = Message::default();
        jr.take_deepest_skip();
        jr.begin_object()?;
        let (mut first, mut key) = (true, String::new());
        while jr.next_key(&mut first, &mut key, SHORT)? {
            match key.as_str() {
                "id" => m.id = self.short(jr)?,
                "type" => m.kind = self.short(jr)?,
                "date" => m.date = self.short(jr)?,
                "date_unixtime" => m.unixtime = self.short(jr)?,
                "edited" => m.edited = self.short(jr)?,
                "from" => m.from = self.short(jr)?,
                "from_id" => m.from_id = self.short(jr)?,
                "forwarded_from" => m.forwarded_from = self.short(jr)?,
                "saved_from" => m.saved_from = self.short(jr)?,
                "reply_to_message_id" => m.reply_to = self.short(jr)?,
                "via_bot" => m.via_bot = self.short(jr)?,
                "author" => m.author = self.short(jr)?,
                "photo" => m.photo = self.short(jr)?,
                "file" => m.file = self.short(jr)?,
                "file_name" => m.file_name = self.short(jr)?,
                "media_type" => m.media_type = self.short(jr)?,
                "mime_type" => m.mime_type = self.short(jr)?,
                "sticker_emoji" => m.sticker_emoji = self.short(jr)?,
                "performer" => m.performer = self.short(jr)?,
                "title" => m.audio_title = self.short(jr)?,
                "place_name" => m.place_name = self.short(jr)?,
                "address" => m.address = self.short(jr)?,
                "live_location_period_seconds" => {
                    m.live = true;
                    jr.skip_value(SKIP_DEPTH)?;
                }
                "game_title" => m.game = self.short(jr)?,
                "game_link" => {
                    if let Some(l) = self.short(jr)? {
                        m.hrefs.push(l);
                    }
                }
                "text" => {
                    let mut text = String::new();
                    self.text(jr, &mut text, &mut m, budget)?;
                    m.text = text;
                }
                "text_entities" => {
                    let mut text = String::new();
                    self.text(jr, &mut text, &mut m, budget)?;
                    m.entities_text = text;
                }
                "location_information" => {
                    m.location = self.object_pairs(jr, &["latitude", "longitude"])?
                }
                "contact_information" => {
                    m.contact =
                        self.object_pairs(jr, &["first_name", "last_name", "phone_number"])?;
                }
                "invoice_information" => {
                    m.invoice = self.object_pairs(jr, &["title", "description"])?;
                }
                "poll" => self.poll(jr, &mut m, budget)?,
                "inline_bot_buttons" => self.buttons(jr, &mut m)?,
                _ => jr.skip_value(SKIP_DEPTH)?,
            }
        }
        let place = Place::span(start, jr.offset()).with_line(line);
        let place = match (&chat.id, &m.id) {
            (Some(c), Some(id)) => place.with_message_id(format!("{c}/{id}")),
            (None, Some(id)) => place.with_message_id(id.clone()),
            _ => place,
        };
        let deepest = jr.take_deepest_skip();
        if deepest > MAX_MESSAGE_DEPTH {
            self.sink.diagnostic(Diagnostic::skipped(
                place,
                format!("a message nested {deepest} levels deep (more than {MAX_MESSAGE_DEPTH})"),
            ))?;
            return Ok(());
        }
        match m.kind.as_deref() {
            Some("message") | None => {}
            Some("unsupported") => m.unsupported = true,
            Some("service") => {
                self.service += 1;
                return Ok(());
            }
            Some(other) => {
                let other: String = other.chars().take(40).collect();
                self.sink.diagnostic(Diagnostic::skipped(
                    place,
                    format!("message of unknown type {other:?}"),
                ))?;
                return Ok(());
            }
        }
        if m.over {
            self.sink.diagnostic(Diagnostic::skipped(
                place,
                format!("message is over the {budget}-byte limit"),
            ))?;
            return Ok(());
        }
        self.messages += 1;
        let draft = m.into_draft(chat, place);
        self.sink.record(draft)?;
        Ok(())
    }

    /// Reads message text: a string, or a list of strings and entity objects (also the
    /// `text_entities` list). Collects hidden link targets into `m.hrefs`.
    fn text(
        &mut self,
        jr: &mut JsonReader<'_>,
        out: &mut String,
        m: &mut Message,
        budget: usize,
    ) -> Step<()> {
        let mut part = String::new();
        match jr.peek_kind()? {
            Kind::Array => {
                jr.begin_array()?;
                let mut first = true;
                while jr.next_element(&mut first)? {
                    match jr.peek_kind()? {
                        Kind::Object => self.entity(jr, out, m, budget)?,
                        _ => {
                            let room = budget.saturating_sub(out.len());
                            if let Some(info) = jr.read_scalar(&mut part, room, SKIP_DEPTH)? {
                                m.note_str(info, room);
                                self.lossy |= info.lossy;
                                out.push_str(&part);
                            }
                        }
                    }
                }
            }
            Kind::Object => self.entity(jr, out, m, budget)?,
            _ => {
                if let Some(info) = jr.read_scalar(&mut part, budget, SKIP_DEPTH)? {
                    m.note_str(info, budget);
                    self.lossy |= info.lossy;
                    out.push_str(&part);
                }
            }
        }
        Ok(())
    }

    /// One entity object: `{"type", "text", "href"?}`.
    fn entity(
        &mut self,
        jr: &mut JsonReader<'_>,
        out: &mut String,
        m: &mut Message,
        budget: usize,
    ) -> Step<()> {
        jr.begin_object()?;
        let (mut first, mut key) = (true, String::new());
        let mut value = String::new();
        while jr.next_key(&mut first, &mut key, SHORT)? {
            match key.as_str() {
                "text" => {
                    let room = budget.saturating_sub(out.len());
                    if let Some(info) = jr.read_scalar(&mut value, room, SKIP_DEPTH)? {
                        m.note_str(info, room);
                        self.lossy |= info.lossy;
                        out.push_str(&value);
                    }
                }
                "href" => {
                    if let Some(href) = self.short(jr)?
                        && !m.hrefs.contains(&href)
                        && m.hrefs.len() < 1000
                    {
                        m.hrefs.push(href);
                    }
                }
                _ => jr.skip_value(SKIP_DEPTH)?,
            }
        }
        Ok(())
    }

    /// The scalar members named in `keys` of an object, in that order (missing ones empty).
    fn object_pairs(
        &mut self,
        jr: &mut JsonReader<'_>,
        keys: &[&str],
    ) -> Step<Option<Vec<String>>> {
        if jr.peek_kind()? != Kind::Object {
            jr.skip_value(SKIP_DEPTH)?;
            return Ok(None);
        }
        let mut values = vec![String::new(); keys.len()];
        jr.begin_object()?;
        let (mut first, mut key) = (true, String::new());
        while jr.next_key(&mut first, &mut key, SHORT)? {
            match keys.iter().position(|k| *k == key) {
                Some(i) => values[i] = self.short(jr)?.unwrap_or_default(),
                None => jr.skip_value(SKIP_DEPTH)?,
            }
        }
        Ok(Some(values))
    }

    /// `{"question", "answers": [{"text", …}]}`.
    fn poll(&mut self, jr: &mut JsonReader<'_>, m: &mut Message, budget: usize) -> Step<()> {
        if jr.peek_kind()? != Kind::Object {
            return Ok(jr.skip_value(SKIP_DEPTH)?);
        }
        let mut poll = Poll::default();
        jr.begin_object()?;
        let (mut first, mut key) = (true, String::new());
        while jr.next_key(&mut first, &mut key, SHORT)? {
            match key.as_str() {
                "question" => {
                    let mut q = String::new();
                    self.text(jr, &mut q, m, budget)?;
                    poll.question = q;
                }
                "answers" if jr.peek_kind()? == Kind::Array => {
                    jr.begin_array()?;
                    let mut first = true;
                    while jr.next_element(&mut first)? {
                        if jr.peek_kind()? != Kind::Object {
                            jr.skip_value(SKIP_DEPTH)?;
                            continue;
                        }
                        jr.begin_object()?;
                        let (mut f, mut k) = (true, String::new());
                        while jr.next_key(&mut f, &mut k, SHORT)? {
                            if k == "text" && poll.answers.len() < 100 {
                                let mut a = String::new();
                                self.text(jr, &mut a, m, budget)?;
                                poll.answers.push(a);
                            } else {
                                jr.skip_value(SKIP_DEPTH)?;
                            }
                        }
                    }
                }
                _ => jr.skip_value(SKIP_DEPTH)?,
            }
        }
        m.poll = Some(poll);
        Ok(())
    }

    /// `inline_bot_buttons`: rows of buttons; URL buttons' targets become `href`s.
    fn buttons(&mut self, jr: &mut JsonReader<'_>, m: &mut Message) -> Step<()> {
        // Buttons are at most two arrays deep; anything else is skipped.
        if jr.peek_kind()? != Kind::Array {
            return Ok(jr.skip_value(SKIP_DEPTH)?);
        }
        jr.begin_array()?;
        let mut first_row = true;
        while jr.next_element(&mut first_row)? {
            if jr.peek_kind()? != Kind::Array {
                jr.skip_value(SKIP_DEPTH)?;
                continue;
            }
            jr.begin_array()?;
            let mut first = true;
            while jr.next_element(&mut first)? {
                let Some(pairs) = self.object_pairs(jr, &["type", "data"])? else {
                    continue;
                };
                if pairs[0] == "url" && !pairs[1].is_empty() && m.hrefs.len() < 1000 {
                    m.hrefs.push(pairs[1].clone());
                }
            }
        }
        Ok(())
    }
}

#[derive(Default)]
struct Poll {
    question: String,
    answers: Vec<String>,
}

/// The parts of a message we keep.
#[derive(Default)]
struct Message {
    id: Option<String>,
    kind: Option<String>,
    date: Option<String>,
    unixtime: Option<String>,
    edited: Option<String>,
    from: Option<String>,
    from_id: Option<String>,
    forwarded_from: Option<String>,
    saved_from: Option<String>,
    reply_to: Option<String>,
    via_bot: Option<String>,
    author: Option<String>,
    photo: Option<String>,
    file: Option<String>,
    file_name: Option<String>,
    media_type: Option<String>,
    mime_type: Option<String>,
    sticker_emoji: Option<String>,
    performer: Option<String>,
    audio_title: Option<String>,
    place_name: Option<String>,
    address: Option<String>,
    live: bool,
    game: Option<String>,
    location: Option<Vec<String>>,
    contact: Option<Vec<String>>,
    invoice: Option<Vec<String>>,
    poll: Option<Poll>,
    text: String,
    entities_text: String,
    hrefs: Vec<String>,
    unsupported: bool,
    /// Some text was longer than the item limit.
    over: bool,
}

/// True for the placeholders Telegram writes instead of a path when a file was not
/// downloaded: `(File not included. Change data exporting settings to download.)`.
fn is_placeholder(path: &str) -> bool {
    path.starts_with('(')
}

/// The file name at the end of an export-relative path.
fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

impl Message {
    fn note_str(&mut self, info: crate::tabular::json::StrInfo, room: usize) {
        if info.truncated || info.len > room {
            self.over = true;
        }
    }

    /// The file name to show: `file_name`, else the path's last part.
    fn file_label(&self) -> Option<String> {
        if let Some(n) = self.file_name.as_deref().filter(|n| !n.is_empty()) {
            return Some(n.to_owned());
        }
        self.file
            .as_deref()
            .filter(|p| !p.is_empty() && !is_placeholder(p))
            .map(|p| base_name(p).to_owned())
    }

    /// A note saying what media the message carries, e.g. `[video_file: clip.mp4]`.
    fn media_note(&self) -> Option<String> {
        if self.unsupported {
            return Some("[unsupported message]".into());
        }
        let label = self.file_label();
        if let Some(kind) = self.media_type.as_deref().filter(|k| !k.is_empty()) {
            return Some(match kind {
                "sticker" => match self.sticker_emoji.as_deref().filter(|e| !e.is_empty()) {
                    Some(e) => format!("[sticker {e}]"),
                    None => "[sticker]".into(),
                },
                "voice_message" | "video_message" => format!("[{kind}]"),
                "audio_file" => {
                    let song = [self.performer.as_deref(), self.audio_title.as_deref()]
                        .into_iter()
                        .flatten()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" - ");
                    match (song.is_empty(), label) {
                        (false, _) => format!("[audio_file: {song}]"),
                        (true, Some(l)) => format!("[audio_file: {l}]"),
                        (true, None) => "[audio_file]".into(),
                    }
                }
                other => match label {
                    Some(l) => format!("[{other}: {l}]"),
                    None => format!("[{other}]"),
                },
            });
        }
        if self.photo.is_some() {
            return Some("[photo]".into());
        }
        if self.file.is_some() || self.file_name.is_some() {
            return Some(match label {
                Some(l) => format!("[file: {l}]"),
                None => "[file]".into(),
            });
        }
        if let Some(loc) = &self.location {
            let what = if self.live {
                "live location"
            } else if self.place_name.is_some() {
                "venue"
            } else {
                "location"
            };
            let mut note = format!("[{what} {}, {}]", loc[0], loc[1]);
            let venue: Vec<&str> = [self.place_name.as_deref(), self.address.as_deref()]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect();
            if !venue.is_empty() {
                note.push(' ');
                note.push_str(&venue.join(", "));
            }
            return Some(note);
        }
        if let Some(c) = &self.contact {
            let who = [c[0].as_str(), c[1].as_str(), c[2].as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            return Some(format!("[contact: {who}]"));
        }
        if let Some(p) = &self.poll {
            let mut note = format!("[poll: {}]", p.question);
            if !p.answers.is_empty() {
                note.push(' ');
                note.push_str(&p.answers.join(" / "));
            }
            return Some(note);
        }
        if let Some(g) = &self.game {
            return Some(format!("[game: {g}]"));
        }
        if let Some(inv) = &self.invoice {
            return Some(format!("[invoice: {}]", inv[0]));
        }
        None
    }

    fn time(&self) -> Option<RecordTime> {
        if let Some(secs) = self
            .unixtime
            .as_deref()
            .and_then(|s| s.trim().parse::<i64>().ok())
            && let Ok(t) = RecordTime::from_unix(secs)
        {
            return Some(t);
        }
        self.date
            .as_deref()
            .and_then(|d| RecordTime::parse_iso(d).ok())
    }

    fn into_draft(mut self, chat: &Chat, place: Place) -> RecordDraft {
        let mut d = RecordDraft::new(RecordKind::ChatMessage, place);
        d.time = self.time();
        d.title = chat.name.clone();
        let caption = if self.text.is_empty() {
            std::mem::take(&mut self.entities_text)
        } else {
            std::mem::take(&mut self.text)
        };
        d.text = match self.media_note() {
            Some(note) if caption.is_empty() => note,
            Some(note) => format!("{note}\n{caption}"),
            None => caption,
        };
        let put = |d: &mut RecordDraft, name: &str, v: Option<String>| {
            if let Some(v) = v {
                d.push_field(name, v);
            }
        };
        put(&mut d, field::CHAT, chat.name.clone());
        put(&mut d, "chat_type", chat.kind.clone());
        put(&mut d, "chat_id", chat.id.clone());
        put(&mut d, field::SENDER, self.from.take());
        put(&mut d, "sender_id", self.from_id.take());
        put(&mut d, "author", self.author.take());
        put(&mut d, "forwarded_from", self.forwarded_from.take());
        put(&mut d, "saved_from", self.saved_from.take());
        put(&mut d, field::REPLY_TO, self.reply_to.take());
        put(&mut d, "via_bot", self.via_bot.take());
        put(&mut d, "edited", self.edited.take());
        let media = [self.photo.take(), self.file.take()]
            .into_iter()
            .flatten()
            .find(|p| !is_placeholder(p));
        put(&mut d, field::MEDIA, media);
        put(&mut d, "media_type", self.media_type.take());
        put(&mut d, "mime_type", self.mime_type.take());
        if let Some(loc) = self.location.take() {
            d.push_field("location", format!("{}, {}", loc[0], loc[1]));
        }
        if let Some(c) = self.contact.take() {
            let name = format!("{} {}", c[0], c[1]);
            d.push_field("contact_name", name.trim());
            d.push_field(field::PHONE, c[2].clone());
        }
        for href in self.hrefs.drain(..) {
            d.push_field(field::HREF, href);
        }
        d
    }
}

#[cfg(test)]
mod tests;
