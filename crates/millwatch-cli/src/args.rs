//! Command-line flags. The doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// millwatch: connect the traces of cyber-scam operations and the trafficking that staffs them.
///
/// A case is one SQLite file (default ./millwatch.db). Nothing goes over the network.
/// Exit status: 0 ok; 1 ran fine but found nothing or skipped something; 2 error.
#[derive(Debug, Parser)]
#[command(name = "millwatch", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags accepted before or after the subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The case database to use [default: ./millwatch.db; for `demo`, OUT/millwatch.db].
    #[arg(long, global = true, env = "MILLWATCH_CASE", value_name = "PATH")]
    pub case: Option<PathBuf>,
    /// Write machine-readable JSON (JSON Lines for lists) to stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// Print only data and errors: no progress, no hints.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// More log output on stderr (-v, -vv). RUST_LOG overrides.
    #[arg(long, short, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Store files or directories (recursively) in the case, with provenance.
    ///
    /// Formats: text/Markdown, CSV/TSV, JSON Lines/JSON, .eml, .mbox, saved HTML,
    /// Telegram Desktop JSON exports, WhatsApp text exports. Files already in the case
    /// (same bytes) are left alone; a changed file is stored as a new version.
    Ingest(IngestArgs),
    /// Counts of records per kind and per source.
    Stats,
    /// Full-text search over every record, ranked, with provenance.
    ///
    /// Words in Chinese, Thai, Khmer, Burmese and other scripts written without spaces are
    /// found inside longer text. All words must occur.
    Search(SearchArgs),
    /// Everything known about one record (by record id or external id).
    Show(ShowArgs),
    /// Problems met during ingest: skipped rows, messages and files, and warnings.
    Diagnostics(DiagnosticsArgs),
    /// Generate a synthetic case of several scam operations in every format, ingest it,
    /// and show what to look at next.
    Demo(DemoArgs),
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files or directories.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Map a sheet column to a field: `--map "Victim narrative=text"`. Repeatable.
    /// Special fields: text, id, date, kind, title.
    #[arg(long = "map", value_name = "COLUMN=FIELD", value_parser = parse_map)]
    pub map: Vec<(String, String)>,
    /// The kind of every record of sheets and text files (e.g. recruitment_ad).
    #[arg(long, value_name = "KIND")]
    pub kind: Option<millwatch_model::RecordKind>,
    /// Worker threads [default: one per core].
    #[arg(long, default_value_t = 0, hide_default_value = true)]
    pub threads: usize,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Most hits to show.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    /// Hits to skip (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Record id, or the input's own id (an `id` column).
    #[arg(value_name = "RECORD_ID")]
    pub id: String,
}

#[derive(Debug, Args)]
pub struct DiagnosticsArgs {
    /// Most diagnostics to show.
    #[arg(long, short = 'n', default_value_t = 100)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to write the synthetic files and the case.
    #[arg(long, default_value = "millwatch-demo", value_name = "DIR")]
    pub out: PathBuf,
    /// Seed of the generator: the same seed gives the same files.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
}

fn parse_map(s: &str) -> Result<(String, String), String> {
    let (col, field) = s
        .split_once('=')
        .ok_or_else(|| format!("expected COLUMN=FIELD, got {s:?}"))?;
    let (col, field) = (col.trim(), field.trim());
    if col.is_empty() || field.is_empty() {
        return Err(format!("expected COLUMN=FIELD, got {s:?}"));
    }
    Ok((col.to_owned(), field.to_owned()))
}
