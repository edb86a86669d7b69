//! What world to make: its size, shape and noise, with presets for the demo, linking
//! benchmarks and ingest benchmarks.
//!
//! Every knob has a plain meaning (a count or a probability) so that benchmarks can say
//! exactly what they ran on, and presets are just functions returning a config so that a
//! caller can start from one and change a field.

use serde::Serialize;

use crate::lang::Lang;

/// How operation sizes and internal structure are distributed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// Operations of similar size whose reports share a small, slowly rotating pool of
    /// selectors (the first world of issue 5).
    Regular,
    /// Heavy-tailed sizes (many of 2-4 reports, a few of hundreds), giant star-shaped
    /// operations with one-off contacts around a core, sparse chains and faster rotation
    /// (the second world of issue 5).
    HeavyTailed,
}

/// Everything that decides a world. Same config, same bytes.
#[derive(Clone, Debug, Serialize)]
pub struct WorldConfig {
    /// The seed every random choice derives from.
    pub seed: u64,
    /// Number of scam operations.
    pub operations: usize,
    /// Size and structure distribution.
    pub shape: Shape,
    /// Victim reports in intake sheets (CSV, JSONL) and statements (text).
    pub reports: usize,
    /// Share of reports that belong to no operation (questions, near-misses).
    pub noise_reports: f64,
    /// Recruitment ads (CSV rows and HTML pages).
    pub ads: usize,
    /// Missing-person and SOS reports (text, Markdown and a CSV sheet).
    pub sos: usize,
    /// E-mails (single `.eml` files and `.mbox` archives).
    pub emails: usize,
    /// Saved web pages.
    pub web_pages: usize,
    /// Telegram Desktop exports; they alternate between the single-chat and the
    /// whole-account layout.
    pub telegram_exports: usize,
    /// WhatsApp exports; they cycle through the Android and iOS line formats.
    pub whatsapp_exports: usize,
    /// Mean number of messages per chat.
    pub messages_per_chat: usize,
    /// Plain-text analyst notes.
    pub notes: usize,
    /// Probability that a report also mentions a hub (exchange wallet, hotline, warning
    /// channel).
    pub hub_rate: f64,
    /// Probability that a report gives the victim's own contact (a webmail address or phone).
    pub own_contact_rate: f64,
    /// Reports by victims of two operations, naming selectors of both.
    pub bridges: usize,
    /// Groups of 2-3 operations that share one laundering wallet.
    pub syndicates: usize,
    /// Victims who reported two different operations with the same own phone or e-mail.
    pub repeat_victims: usize,
    /// Share of selectors written in a defanged or obfuscated form where one exists.
    pub obfuscation: f64,
    /// Languages to write in; empty means all.
    pub languages: Vec<Lang>,
    /// When set, counts are scaled so the corpus comes out near this many bytes.
    pub bytes: Option<u64>,
    /// Days covered by the world, starting 2023-01-01.
    pub span_days: u32,
    /// Largest number of rows in one CSV or JSONL file and messages in one mbox before a new
    /// shard is started.
    pub shard_rows: usize,
}

impl Default for WorldConfig {
    fn default() -> Self {
        WorldConfig::demo()
    }
}

impl WorldConfig {
    /// The `millwatch demo` world: ten operations, a few hundred records of every kind,
    /// every language.
    pub fn demo() -> Self {
        WorldConfig {
            seed: 20_240_305,
            operations: 10,
            shape: Shape::Regular,
            reports: 300,
            noise_reports: 0.05,
            ads: 80,
            sos: 50,
            emails: 80,
            web_pages: 40,
            telegram_exports: 2,
            whatsapp_exports: 4,
            messages_per_chat: 28,
            notes: 3,
            hub_rate: 0.35,
            own_contact_rate: 0.4,
            bridges: 2,
            syndicates: 1,
            repeat_victims: 1,
            obfuscation: 0.2,
            languages: Vec::new(),
            bytes: None,
            span_days: 700,
            shard_rows: 50_000,
        }
    }

    /// A linking world shaped like issue 5's first one: `operations` operations of about
    /// 11.5 reports each, mostly intake rows, with hubs, bridges and syndicates.
    pub fn linking(seed: u64, operations: usize) -> Self {
        let reports = operations * 23 / 2;
        WorldConfig {
            seed,
            operations,
            shape: Shape::Regular,
            reports,
            noise_reports: 0.03,
            ads: operations / 4,
            sos: operations / 8,
            emails: operations / 4,
            web_pages: operations / 8,
            telegram_exports: (operations / 200).max(1),
            whatsapp_exports: (operations / 200).max(1),
            messages_per_chat: 30,
            notes: 2,
            hub_rate: 0.35,
            own_contact_rate: 0.4,
            bridges: (operations / 30).max(2),
            syndicates: (operations / 50).max(1),
            repeat_victims: (operations / 100).max(1),
            obfuscation: 0.2,
            languages: Vec::new(),
            bytes: None,
            span_days: 900,
            shard_rows: 50_000,
        }
    }

    /// A linking world shaped like issue 5's second one: heavy-tailed sizes, stars,
    /// chains, rotation.
    pub fn heavy_tailed(seed: u64, operations: usize) -> Self {
        WorldConfig {
            shape: Shape::HeavyTailed,
            ..WorldConfig::linking(seed, operations)
        }
    }

    /// A mixed corpus of about `bytes` bytes for ingest benchmarks.
    pub fn ingest_bench(seed: u64, bytes: u64) -> Self {
        WorldConfig {
            seed,
            bytes: Some(bytes),
            ..WorldConfig::demo()
        }
    }

    /// The languages in use.
    pub(crate) fn langs(&self) -> Vec<Lang> {
        if self.languages.is_empty() {
            Lang::ALL.to_vec()
        } else {
            self.languages.clone()
        }
    }

    /// The config with counts scaled to the byte target, if one is set. Average sizes were
    /// measured on generated corpora (bytes per record of each kind, truth excluded).
    pub(crate) fn resolved(&self) -> WorldConfig {
        let Some(target) = self.bytes else {
            return self.clone();
        };
        // Bytes one unit of each knob adds, measured on the demo mix.
        let per_unit = self.reports as f64 * 520.0
            + self.ads as f64 * 1_400.0
            + self.sos as f64 * 700.0
            + self.emails as f64 * 3_600.0
            + self.web_pages as f64 * 3_900.0
            + (self.telegram_exports as f64 * 3.5 + self.whatsapp_exports as f64)
                * self.messages_per_chat as f64
                * 260.0
            + self.notes as f64 * 1_200.0;
        let factor = (target as f64 / per_unit.max(1.0)).max(0.01);
        let scale = |n: usize| ((n as f64 * factor).round() as usize).max(1);
        let mut c = self.clone();
        c.operations = scale(self.operations).max(2);
        c.reports = scale(self.reports);
        c.ads = scale(self.ads);
        c.sos = scale(self.sos);
        c.emails = scale(self.emails);
        c.web_pages = scale(self.web_pages);
        // More exports rather than endless chats: a real export holds hundreds to a few
        // thousand messages.
        c.telegram_exports = scale(self.telegram_exports);
        c.whatsapp_exports = scale(self.whatsapp_exports);
        c.notes = scale(self.notes).min(10_000);
        c.bridges = scale(self.bridges);
        c.syndicates = scale(self.syndicates).min(c.operations / 3);
        c.repeat_victims = scale(self.repeat_victims);
        c.bytes = None;
        c
    }
}
