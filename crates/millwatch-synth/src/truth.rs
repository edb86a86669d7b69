//! The ground truth of every generated record, and the counts that tests assert.
//!
//! A record's truth says where a parser will find it (file and locator), what it is, which
//! operation it belongs to and which selectors were planted in it, with the role each one
//! plays. It is written while the corpus is written, one JSON line per record, so truth
//! for a gigabyte corpus never sits in memory.

use std::collections::BTreeMap;

use millwatch_model::{Format, RecordKind};
use serde::{Serialize, Serializer};

use crate::lang::Lang;
use crate::world::{SelKind, op_id};

/// What a planted selector is to the record's story.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlantRole {
    /// A selector of the record's own operation.
    Operation,
    /// A hub shared across operations (exchange wallet, hotline, webmail, big platform).
    Hub,
    /// The writer's own contact (victim, family).
    Victim,
    /// A syndicate's shared laundering wallet.
    Syndicate,
    /// A selector of another operation, named in a bridge report.
    Bridge,
    /// An operation's selector listed on a warning page that belongs to no operation.
    Listed,
    /// A selector of something that is not a scam (a legitimate employer).
    Noise,
}

fn ser_op<S: Serializer>(op: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
    match op {
        Some(i) => s.serialize_str(&op_id(*i)),
        None => s.serialize_none(),
    }
}

fn ser_ops<S: Serializer>(ops: &[u32], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(ops.iter().map(|&i| op_id(i)))
}

/// One selector planted in a record.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Planted {
    /// Kind (stable name).
    pub kind: SelKind,
    /// Normal form.
    pub value: String,
    /// Role.
    pub role: PlantRole,
    /// The operation it belongs to, when it belongs to one.
    #[serde(serialize_with = "ser_op", skip_serializing_if = "Option::is_none")]
    pub operation: Option<u32>,
    /// The field it was written in (`phone`, `wallet`, `href`, `sender`, `from`, …);
    /// absent when it is in the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

/// How a record is located in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LocatorKind {
    /// The record's `id` column or field.
    ExternalId,
    /// Telegram `<chat id>/<message id>`.
    TelegramMessage,
    /// E-mail `Message-ID` without angle brackets.
    MessageId,
    /// WhatsApp: 1-based line number of the message's first line.
    Line,
    /// The whole file is the record.
    File,
}

/// The truth about one record.
#[derive(Clone, Debug, Serialize)]
pub struct RecordTruth {
    /// Path relative to the corpus directory, `/`-separated.
    pub file: String,
    /// The format the file is in.
    pub format: Format,
    /// Where in the file.
    pub locator: String,
    /// What the locator is.
    pub locator_kind: LocatorKind,
    /// What the record is about (a text file can be a victim report or an SOS).
    pub kind: RecordKind,
    /// Language of its text.
    pub lang: Lang,
    /// Its operation, or null for noise.
    #[serde(serialize_with = "ser_op")]
    pub operation: Option<u32>,
    /// Other operations it names (bridge reports, warning pages).
    #[serde(serialize_with = "ser_ops", skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<u32>,
    /// For SOS and missing-person records: the person's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// For chat messages: `scammer`, `victim`, `member` or `channel`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_role: Option<&'static str>,
    /// For chat messages: whether the message is media only (no text).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub media_only: bool,
    /// Selectors planted in it.
    pub selectors: Vec<Planted>,
}

/// Counts of one file.
#[derive(Clone, Debug, Serialize, Default)]
pub struct FileCount {
    /// Path relative to the corpus directory.
    pub path: String,
    /// Format.
    pub format: Option<Format>,
    /// Records a parser should produce.
    pub records: u64,
    /// Items a parser must not turn into records (Telegram service messages, WhatsApp
    /// system lines).
    pub not_records: u64,
    /// Size in bytes.
    pub bytes: u64,
}

/// Chat-specific counts.
#[derive(Clone, Debug, Serialize, Default)]
pub struct ChatCounts {
    /// Telegram messages sent by people (records), media-only included.
    pub telegram_messages: u64,
    /// Of which media-only.
    pub telegram_media_only: u64,
    /// Telegram service messages (not records).
    pub telegram_service: u64,
    /// Telegram chats (in `chats.list`, `left_chats.list` or single-chat exports).
    pub telegram_chats: u64,
    /// WhatsApp messages sent by people (records), media-only included.
    pub whatsapp_messages: u64,
    /// Of which media-only.
    pub whatsapp_media_only: u64,
    /// WhatsApp system lines and the encryption notice (not records).
    pub whatsapp_system: u64,
    /// WhatsApp messages spanning more than one line.
    pub whatsapp_multiline: u64,
}

/// What was written: counts for tests and benchmarks. Written to `truth/summary.json`.
#[derive(Clone, Debug, Serialize, Default)]
pub struct Manifest {
    /// Records in total.
    pub records: u64,
    /// Bytes of corpus (truth excluded).
    pub bytes: u64,
    /// Files of corpus.
    pub file_count: u64,
    /// Operations in the world.
    pub operations: u64,
    /// Records by format name.
    pub by_format: BTreeMap<String, u64>,
    /// Records by kind name.
    pub by_kind: BTreeMap<String, u64>,
    /// Records by `kind/format`.
    pub by_kind_format: BTreeMap<String, u64>,
    /// Records by language.
    pub by_lang: BTreeMap<String, u64>,
    /// Records by operation id (`noise` for none).
    pub by_operation: BTreeMap<String, u64>,
    /// Planted selectors by kind.
    pub selectors_by_kind: BTreeMap<String, u64>,
    /// Chat details.
    pub chat: ChatCounts,
    /// Every file.
    pub files: Vec<FileCount>,
}

impl Manifest {
    pub(crate) fn count(&mut self, r: &RecordTruth) {
        self.records += 1;
        *self
            .by_format
            .entry(r.format.as_str().to_owned())
            .or_default() += 1;
        *self.by_kind.entry(r.kind.as_str().to_owned()).or_default() += 1;
        *self
            .by_kind_format
            .entry(format!("{}/{}", r.kind.as_str(), r.format.as_str()))
            .or_default() += 1;
        *self.by_lang.entry(r.lang.code().to_owned()).or_default() += 1;
        let op = r.operation.map_or_else(|| "noise".to_owned(), op_id);
        *self.by_operation.entry(op).or_default() += 1;
        for p in &r.selectors {
            *self
                .selectors_by_kind
                .entry(p.kind.as_str().to_owned())
                .or_default() += 1;
        }
        if let Some(f) = self.files.last_mut() {
            f.records += 1;
        }
    }
}

/// Each record's operation as written in `truth/records.jsonl`, looked up by the record's
/// file (relative to the corpus) and locator, so that a case built from the corpus can be
/// scored against the truth.
#[derive(Debug, Default)]
pub struct TruthIndex {
    by_place: std::collections::HashMap<(String, String), Option<u32>>,
}

impl TruthIndex {
    /// Reads `dir/truth/records.jsonl` of a written world.
    pub fn load(dir: &std::path::Path) -> Result<TruthIndex, crate::SynthError> {
        use std::io::BufRead as _;
        let path = dir.join("truth/records.jsonl");
        let file = std::fs::File::open(&path).map_err(|e| crate::SynthError::io(&path, e))?;
        let mut by_place = std::collections::HashMap::new();
        for line in std::io::BufReader::new(file).lines() {
            let line = line.map_err(|e| crate::SynthError::io(&path, e))?;
            let v: serde_json::Value =
                serde_json::from_str(&line).map_err(crate::SynthError::Json)?;
            let op = v["operation"]
                .as_str()
                .and_then(|s| s.strip_prefix("op-"))
                .and_then(|s| s.parse::<u32>().ok());
            if let (Some(f), Some(l)) = (v["file"].as_str(), v["locator"].as_str()) {
                by_place.insert((f.to_owned(), l.to_owned()), op);
            }
        }
        Ok(TruthIndex { by_place })
    }

    /// The operation of the record in `file` (relative to the corpus, `/`-separated) found
    /// by its external id, message id, line or, for whole-file records, the file itself:
    /// `None` when the truth has no such record, `Some(None)` for noise.
    pub fn operation(
        &self,
        file: &str,
        external_id: Option<&str>,
        message_id: Option<&str>,
        line: Option<u64>,
    ) -> Option<Option<u32>> {
        let line = line.map(|l| l.to_string());
        [external_id, message_id, line.as_deref(), Some(file)]
            .into_iter()
            .flatten()
            .find_map(|loc| {
                self.by_place
                    .get(&(file.to_owned(), loc.to_owned()))
                    .copied()
            })
    }
}
