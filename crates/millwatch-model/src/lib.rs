//! The record model that every millwatch crate speaks.
//!
//! A *record* is one thing an analyst can point at: a row of an intake sheet, a chat
//! message, an e-mail, a saved web page. Parsers in `millwatch-ingest` turn files into
//! [`RecordDraft`]s and push them into a [`Sink`]; `millwatch-store` gives them ids and
//! keeps them. The types live here, in a crate with no I/O and almost no dependencies, so
//! that parsers, the store, the extractor and the generator agree on one vocabulary
//! without depending on each other.
//!
//! Provenance is part of the model rather than an afterthought: a draft cannot be built
//! without a [`Place`], and every diagnostic carries one too, because analysts must be able
//! to say *where* every fact came from.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

mod time;

pub use time::{RecordTime, TimeError};

/// What a record is. The string forms (`as_str`) are stable: they appear in the case
/// database, in `--json` output and in exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RecordKind {
    /// A victim's report, typically a row of an intake sheet or a free-text file.
    VictimReport,
    /// One message of a chat export (Telegram, WhatsApp).
    ChatMessage,
    /// One e-mail message.
    Email,
    /// A saved web page.
    WebPage,
    /// A job advertisement, possibly a trafficking lure.
    RecruitmentAd,
    /// A family's missing-person report, an SOS or a rescue request.
    MissingPerson,
    /// One crypto transfer.
    CryptoTransfer,
    /// An object of a STIX 2.1 bundle.
    StixObject,
    /// An attribute or object of a MISP event.
    MispObject,
    /// A text file whose role is not known.
    Document,
}

impl RecordKind {
    /// Every kind, in a stable order.
    pub const ALL: [RecordKind; 10] = [
        RecordKind::VictimReport,
        RecordKind::ChatMessage,
        RecordKind::Email,
        RecordKind::WebPage,
        RecordKind::RecruitmentAd,
        RecordKind::MissingPerson,
        RecordKind::CryptoTransfer,
        RecordKind::StixObject,
        RecordKind::MispObject,
        RecordKind::Document,
    ];

    /// The stable name used in the database and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::VictimReport => "victim_report",
            RecordKind::ChatMessage => "chat_message",
            RecordKind::Email => "email",
            RecordKind::WebPage => "web_page",
            RecordKind::RecruitmentAd => "recruitment_ad",
            RecordKind::MissingPerson => "missing_person",
            RecordKind::CryptoTransfer => "crypto_transfer",
            RecordKind::StixObject => "stix_object",
            RecordKind::MispObject => "misp_object",
            RecordKind::Document => "document",
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a string that names no [`RecordKind`].
#[derive(Debug, thiserror::Error)]
#[error(
    "unknown record kind {0:?} (expected one of: victim_report, chat_message, email, web_page, recruitment_ad, missing_person, crypto_transfer, stix_object, misp_object, document)"
)]
pub struct UnknownKind(pub String);

impl FromStr for RecordKind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        RecordKind::ALL
            .into_iter()
            .find(|k| k.as_str() == norm)
            .ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

/// The format a source file was read as. Stable names, like [`RecordKind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Format {
    /// Plain text or Markdown: the whole file is one record.
    Text,
    /// Comma- (or semicolon-) separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// JSON Lines: one object a line.
    Jsonl,
    /// One RFC 5322 message (`.eml`).
    Eml,
    /// A Unix mailbox of many messages (`.mbox`).
    Mbox,
    /// A saved HTML page.
    Html,
    /// A Telegram Desktop JSON export (`result.json`).
    TelegramJson,
    /// A WhatsApp "export chat" text file.
    WhatsappText,
}

impl Format {
    /// The stable name used in the database and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Jsonl => "jsonl",
            Format::Eml => "eml",
            Format::Mbox => "mbox",
            Format::Html => "html",
            Format::TelegramJson => "telegram_json",
            Format::WhatsappText => "whatsapp_text",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in its source file a record or a diagnostic sits.
///
/// Byte offsets are into the file as stored (before any charset decoding), so that a
/// reader with the original file can find the place with any hex viewer. Lines are
/// 1-based. Which of the optional parts are set depends on the format: a CSV row has a
/// `row` and a `line`, a chat message a `message_id`, an mbox message a `line` and
/// usually a `message_id` (its `Message-ID` header).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// First byte of the record in the source file.
    pub byte_start: u64,
    /// One past the last byte of the record in the source file.
    pub byte_end: u64,
    /// 1-based line where the record starts, when the format has lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// 1-based data row (header excluded) for tabular formats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    /// Message identifier within the source (chat message id, `Message-ID`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
}

impl Place {
    /// A place covering a byte span, with nothing else known.
    pub fn span(byte_start: u64, byte_end: u64) -> Self {
        Place {
            byte_start,
            byte_end,
            ..Place::default()
        }
    }

    /// The same place with a line number.
    #[must_use]
    pub fn with_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// The same place with a row number.
    #[must_use]
    pub fn with_row(mut self, row: u64) -> Self {
        self.row = Some(row);
        self
    }

    /// The same place with a message id.
    #[must_use]
    pub fn with_message_id(mut self, id: impl Into<String>) -> Self {
        self.message_id = Some(id.into());
        self
    }
}

impl fmt::Display for Place {
    /// Formats as `line 12, row 11, message 4711, bytes 100..200`, leaving out what is unknown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}, ")?;
        }
        if let Some(row) = self.row {
            write!(f, "row {row}, ")?;
        }
        if let Some(id) = &self.message_id {
            write!(f, "message {id}, ")?;
        }
        write!(f, "bytes {}..{}", self.byte_start, self.byte_end)
    }
}

/// A named field of a record (`name`, `phone`, `country`, `href`, …).
///
/// Field names are lower-case `snake_case`. Names may repeat (an e-mail has several
/// `to`, a page many `href`). The well-known names are in [`field`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// Lower-case snake_case name.
    pub name: String,
    /// The value as found, trimmed.
    pub value: String,
}

impl Field {
    /// A field; the name is normalised to lower-case snake_case.
    pub fn new(name: impl AsRef<str>, value: impl Into<String>) -> Self {
        Field {
            name: normalize_field_name(name.as_ref()),
            value: value.into(),
        }
    }
}

/// Normalises a column or key name to lower-case `snake_case` (`"Phone Number"` →
/// `"phone_number"`).
///
/// Letters and digits of every script are kept, and so are the combining marks that belong
/// to them (Thai tone marks and vowels above and below, Devanagari and Khmer vowel signs,
/// the Khmer coeng, Arabic harakat): a mark is part of its word, never a separator. The
/// result is in Unicode NFC so that a composed and a decomposed spelling of one name are
/// the same field. Zero-width format characters (ZWSP, ZWNJ, ZWJ, BOM, the word joiner)
/// are dropped without splitting the word.
pub fn normalize_field_name(name: &str) -> String {
    // Parsers mostly pass names that are normalised already (`phone`, `reporter_email`);
    // every record's every field comes through here, so those are copied as they are.
    if is_normal_ascii_name(name) {
        return name.to_owned();
    }
    normalize_any_field_name(name)
}

/// [`normalize_field_name`] for any name.
fn normalize_any_field_name(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;

    let mut out = String::with_capacity(name.len());
    let mut pending_sep = false;
    for c in name.trim().nfc() {
        if matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}') {
            continue;
        }
        if is_combining_mark(c) {
            // A mark continues the word before it; a mark after a separator or at the
            // start has no base and is kept as the start of the next word.
            if pending_sep && !out.is_empty() {
                out.push('_');
            }
            pending_sep = false;
            out.push(c);
        } else if c.is_alphanumeric() {
            if pending_sep && !out.is_empty() {
                out.push('_');
            }
            pending_sep = false;
            out.extend(c.to_lowercase());
        } else {
            pending_sep = true;
        }
    }
    // Lower-casing can decompose (`İ` → `i̇`); recompose so equal names compare equal.
    if out.is_ascii() {
        out
    } else {
        out.nfc().collect()
    }
}

/// Whether `name` is lower-case ASCII words of letters and digits joined by single
/// underscores: what [`normalize_field_name`] makes of it is the name itself.
fn is_normal_ascii_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b[0] != b'_'
        && b[b.len() - 1] != b'_'
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
        && !b.windows(2).any(|w| w == b"__")
}

/// Well-known field names. Parsers use these so that later stages (extraction, linking,
/// redaction) know what a field means without guessing.
pub mod field {
    /// External identifier given by the input (an intake sheet's `id` column).
    pub const ID: &str = "id";
    /// A person's or persona's name.
    pub const NAME: &str = "name";
    /// ISO 3166 country code or country name given by the input.
    pub const COUNTRY: &str = "country";
    /// Phone number as written.
    pub const PHONE: &str = "phone";
    /// E-mail address as written.
    pub const EMAIL: &str = "email";
    /// URL or website as written.
    pub const URL: &str = "url";
    /// Crypto wallet address as written.
    pub const WALLET: &str = "wallet";
    /// Telegram handle as written.
    pub const TELEGRAM: &str = "telegram";
    /// The date or time as written in the input.
    pub const DATE: &str = "date";
    /// Chat name (Telegram, WhatsApp).
    pub const CHAT: &str = "chat";
    /// Chat or chat-message sender.
    pub const SENDER: &str = "sender";
    /// E-mail or page title / subject.
    pub const SUBJECT: &str = "subject";
    /// E-mail `From`.
    pub const FROM: &str = "from";
    /// E-mail `To` (repeats).
    pub const TO: &str = "to";
    /// E-mail `Cc` (repeats).
    pub const CC: &str = "cc";
    /// Link target of a page or an HTML mail part (repeats).
    pub const HREF: &str = "href";
    /// An attachment: `name; type; size; sha256` (repeats).
    pub const ATTACHMENT: &str = "attachment";
    /// Media attached to a chat message (photo, file name).
    pub const MEDIA: &str = "media";
    /// Message id the record replies to.
    pub const REPLY_TO: &str = "reply_to";
}

/// A record as a parser produced it, before the store gave it an id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordDraft {
    /// What the record is.
    pub kind: RecordKind,
    /// Where in the source file it came from.
    pub place: Place,
    /// When it happened (message sent, report filed), when known.
    pub time: Option<RecordTime>,
    /// The input's own identifier for it (an `id` column), when it has one.
    pub external_id: Option<String>,
    /// A one-line title: subject, page title, chat name.
    pub title: Option<String>,
    /// Named fields, in input order.
    pub fields: Vec<Field>,
    /// The free text that is searched and scanned for selectors.
    pub text: String,
}

impl RecordDraft {
    /// An empty draft of a kind at a place.
    pub fn new(kind: RecordKind, place: Place) -> Self {
        RecordDraft {
            kind,
            place,
            time: None,
            external_id: None,
            title: None,
            fields: Vec::new(),
            text: String::new(),
        }
    }

    /// Adds a field unless its value is blank.
    pub fn push_field(&mut self, name: impl AsRef<str>, value: impl Into<String>) {
        let value = value.into();
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return;
        }
        let value = if trimmed.len() == value.len() {
            value
        } else {
            trimmed.to_owned()
        };
        self.fields.push(Field::new(name, value));
    }

    /// The first value of a field, if any.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.value.as_str())
    }
}

/// A selector found in a record: what the extractor reported, in the model's terms so that
/// the store need not know the extractor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The selector kind's stable name (`phone`, `tron`, `domain`, …).
    pub kind: String,
    /// The normal form (E.164, lower-case address, registrable domain, …).
    pub value: String,
    /// The text as written.
    pub raw: String,
    /// The field it was found in; `None` for the record's text.
    pub field: Option<String>,
    /// Byte offset of `raw` in the text or field value.
    pub start: u64,
    /// One past the last byte of `raw`.
    pub end: u64,
    /// The extraction rule and context that decided, for explanations.
    pub rule: String,
    /// Whether it is the reporter's, victim's or family's own contact (found in a field
    /// that says so, such as `reporter_email` or `family_contact`) rather than something
    /// of the operation's. Victims' details are kept apart: they are protected in exports
    /// and are not evidence that two reports share an operation.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub victim: bool,
}

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Something was skipped: a row, a message, a whole file.
    Skipped,
    /// Something was stored but with a caveat (replacement characters, a guessed date).
    Warning,
}

/// A located problem found while reading input. Parsers never fail on bad content:
/// they report a diagnostic and go on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Whether something was dropped.
    pub severity: Severity,
    /// Where the problem is.
    pub place: Place,
    /// What is wrong, in a sentence for the analyst. Never includes victims' text.
    pub reason: String,
}

impl Diagnostic {
    /// Something at `place` was skipped because of `reason`.
    pub fn skipped(place: Place, reason: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Skipped,
            place,
            reason: reason.into(),
        }
    }

    /// Something at `place` was kept with a caveat.
    pub fn warning(place: Place, reason: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            place,
            reason: reason.into(),
        }
    }
}

/// Returned by a [`Sink`] that wants the parser to stop (the store failed, the user
/// interrupted). The sink keeps the real cause; parsers only pass this on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("ingest aborted by its sink")]
pub struct Abort;

/// Where parsers put what they read. Parsers call it as they go, so a 2 GB file never
/// has to be held in memory.
pub trait Sink {
    /// Takes one record.
    fn record(&mut self, draft: RecordDraft) -> Result<(), Abort>;
    /// Takes one diagnostic.
    fn diagnostic(&mut self, diagnostic: Diagnostic) -> Result<(), Abort>;
}

/// A sink that keeps everything in memory; for tests and small inputs.
#[derive(Debug, Default)]
pub struct VecSink {
    /// The records received, in order.
    pub records: Vec<RecordDraft>,
    /// The diagnostics received, in order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Sink for VecSink {
    fn record(&mut self, draft: RecordDraft) -> Result<(), Abort> {
        self.records.push(draft);
        Ok(())
    }

    fn diagnostic(&mut self, diagnostic: Diagnostic) -> Result<(), Abort> {
        self.diagnostics.push(diagnostic);
        Ok(())
    }
}

/// The SHA-256 of a source file's bytes: a source's identity. Two files with the same
/// hash are the same source, whatever their paths.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentHash([u8; 32]);

impl ContentHash {
    /// Wraps a digest.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        ContentHash(bytes)
    }

    /// The digest bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Lower-case hex, 64 characters.
    pub fn to_hex(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(64);
        for b in self.0 {
            s.push(char::from(HEX[usize::from(b >> 4)]));
            s.push(char::from(HEX[usize::from(b & 15)]));
        }
        s
    }

    /// Parses 64 hex digits.
    pub fn from_hex(s: &str) -> Option<Self> {
        let s = s.as_bytes();
        if s.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, pair) in s.chunks_exact(2).enumerate() {
            let hi = char::from(pair[0]).to_digit(16)?;
            let lo = char::from(pair[1]).to_digit(16)?;
            out[i] = u8::try_from(hi * 16 + lo).ok()?;
        }
        Some(ContentHash(out))
    }
}

impl fmt::Debug for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContentHash({})", self.to_hex())
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// The id of a stored record. Only the store makes these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(pub i64);

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The id of a stored source file version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SourceId(pub i64);

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// How a source's bytes were turned into text, recorded so an analyst can check it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decoding {
    /// The encoding's WHATWG name (`UTF-8`, `GB18030`, `windows-874`, …).
    pub encoding: String,
    /// How it was decided: `bom`, `utf8` (valid UTF-8), `declared` (a charset label in
    /// the data), `detected` (statistical detection) or `per_part` (e-mail parts each say).
    pub method: String,
    /// Whether undecodable bytes were replaced by U+FFFD.
    pub had_errors: bool,
}

#[cfg(test)]
mod tests;
