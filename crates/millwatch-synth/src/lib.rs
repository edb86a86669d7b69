//! Synthetic scam-operation worlds, written in every input format millwatch ingests, with
//! the ground truth beside them.
//!
//! A *world* is a set of scam operations (pig-butchering, romance, fake "recovery agents",
//! fake shops, fake jobs), each with a fake platform name and its spelling variants,
//! personas written in several scripts, a compound, and selectors (phones, wallets,
//! domains, handles, app ids, bank accounts) that rotate over time; plus the hubs every
//! operation's victims mention (exchange hot wallets, hotlines, webmail, big platforms),
//! syndicates sharing a laundering wallet, and bridge reports by victims of two operations.
//! From that world, records are written as intake sheets (CSV, JSON Lines), statements,
//! recruitment ads, SOS reports, e-mails (`.eml`, `.mbox`), saved web pages, Telegram
//! Desktop exports and WhatsApp exports, in ten languages.
//!
//! # Shape
//!
//! [`generate`] builds the operations and a *plan*: which records go into which file, as
//! small items with their own seeds. Texts are made only by [`write_world`] (or
//! [`World::records`]), file after file, so a gigabyte corpus streams through a few
//! buffers and the world's memory is that of its operations. Every record's truth (file,
//! locator, kind, operation, planted selectors) is produced by the same code that writes
//! its text: a selector reaches a text only through one function that also records it.
//!
//! Same seed and config, same bytes: every random choice derives from the seed, files are
//! written in a fixed order, and no hash map's order reaches the output.
//!
//! # Layout written
//!
//! ```text
//! DIR/corpus/intake/reports_en.csv          victim reports, English columns, CRLF
//! DIR/corpus/intake/reports_zh.csv          Chinese columns
//! DIR/corpus/intake/reports_th.csv          Thai columns, `;`-separated
//! DIR/corpus/intake/laporan_id.csv          Indonesian columns, UTF-8 BOM
//! DIR/corpus/intake/reports_multi.jsonl     every language
//! DIR/corpus/intake/statements/*.txt        written statements
//! DIR/corpus/ads/job_board_export.csv       recruitment ads
//! DIR/corpus/ads/pages/*.html               ad posts saved from Facebook
//! DIR/corpus/sos/*.md, *.txt                family SOS messages
//! DIR/corpus/sos/missing_persons.csv        family desk sheet
//! DIR/corpus/mail/eml/*.eml                 single messages, CRLF
//! DIR/corpus/mail/complaints_inbox.mbox     mboxrd archive
//! DIR/corpus/web/*.html                     saved scam sites and warning pages
//! DIR/corpus/chats/telegram/*/result.json   single-chat and whole-account exports
//! DIR/corpus/chats/whatsapp/*/…txt          Android and iOS exports
//! DIR/corpus/notes/*.txt                    analysts' case notes
//! DIR/truth/operations.json                 operations, hubs, syndicates, bridges
//! DIR/truth/records.jsonl                   one line per record
//! DIR/truth/summary.json                    counts (the [`Manifest`])
//! ```
//! Large worlds shard sheets and mailboxes (`reports_en_001.csv`, …).

use std::path::{Path, PathBuf};

mod config;
mod corpus;
mod date;
mod emit;
mod formats;
mod ids;
mod lang;
mod names;
mod plan;
mod render;
mod rng;
mod truth;
mod world;
mod write;

pub use config::{Shape, WorldConfig};
pub use corpus::CorpusTexts;
pub use lang::Lang;
pub use names::{NameForm, Persona};
pub use truth::{
    ChatCounts, FileCount, LocatorKind, Manifest, PlantRole, Planted, RecordTruth, TruthIndex,
};
pub use world::{
    HubKind, Hubs, OpType, Operation, Platform, SelKind, SelRole, Selector, Structure, Syndicate,
    World,
};

/// Checkers for the values the generator plants, written independently of the
/// generators, for tests here and elsewhere.
pub mod verify {
    pub use crate::ids::bank::verify_iban as iban;
    pub use crate::ids::crypto::{verify_btc as btc, verify_eth as eth, verify_tron as tron};
}

/// Why writing a world failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SynthError {
    /// A file or directory could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Truth could not be serialised.
    #[error("cannot serialise truth: {0}")]
    Json(serde_json::Error),
}

impl SynthError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        SynthError::Io {
            path: path.to_owned(),
            source,
        }
    }
}

/// Builds a world: its operations, hubs, syndicates and bridges, and the plan of every
/// file. Cheap: no text is made until the world is written.
pub fn generate(config: &WorldConfig) -> World {
    let mut world = world::build(config);
    plan::plan(&mut world);
    world
}

/// Writes the world's corpus under `dir/corpus` and its truth under `dir/truth`, and
/// returns the counts (also written to `dir/truth/summary.json`).
pub fn write_world(world: &World, dir: &Path) -> Result<Manifest, SynthError> {
    write::write_world(world, dir)
}

/// An endless stream of realistic multilingual narratives with selectors, for extraction
/// benchmarks. Deterministic for a seed.
pub fn corpus_texts(seed: u64) -> impl Iterator<Item = String> {
    CorpusTexts::new(seed)
}

impl World {
    /// The truth of every record and the counts, computed by rendering the world without
    /// writing files (same records as [`write_world`]).
    pub fn records(&self) -> Result<(Manifest, Vec<RecordTruth>), SynthError> {
        write::records(self)
    }

    /// Number of files the world will write.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }
}

#[cfg(test)]
mod tests;
