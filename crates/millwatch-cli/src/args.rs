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
    /// check it against the generator's ground truth, and show what to look at next.
    Demo(DemoArgs),
    /// Write a synthetic world (files in every format, with ground truth) without ingesting
    /// it: for training, tests and benchmarks.
    Generate(GenerateArgs),
    /// Find selectors (phones, wallets, domains, handles …) in any text, without a case.
    ///
    /// Reads the files (or stdin for `-` or no file) as a stream, one selector a line:
    /// `KIND<TAB>VALUE` (prefixed by the file name when there are several files). With
    /// --json, JSON Lines with kind, value (normal form), raw (as written), start and end
    /// (byte offsets), file and rule.
    Extract(ExtractArgs),
    /// The selectors found in the case's records, most mentioned first.
    Selectors(SelectorsArgs),
    /// Every record that mentions a selector, with excerpts and provenance.
    ///
    /// The value may be written as in the text (`+855 12 345 678`, `bitget-pro[.]icu`,
    /// `@handle`) or as `kind:value`.
    Selector(SelectorArgs),
    /// Link the case's records into operations (also run by `ingest` unless --no-link).
    ///
    /// Records sharing selectors are joined rarest selector first; values spread over
    /// many separate groups (exchange wallets, hotlines, webmail) are set aside as hubs,
    /// and groups whose platform names disagree are linked rather than merged.
    Link,
    /// The operations found, largest first.
    Operations(OperationsArgs),
    /// One operation: its selectors, the hubs its records mention, linked operations and
    /// its records.
    Operation(OperationArgs),
    /// The shortest chain of shared selectors between two records, with the excerpts.
    Why(WhyArgs),
    /// Write a self-contained HTML report (inline CSS and SVG, no requests, addresses
    /// defanged, victims' own contacts withheld) of one operation or of all of them.
    Report(ReportArgs),
    /// Serve a local web UI over the case: search, records, selectors, graph, annotations,
    /// operations, and adding files by upload. Binds loopback by default; any other
    /// address needs --token.
    Serve(ServeArgs),
    /// Find rows of a sheet that describe the same person or organisation, with explained
    /// scores; no case needed.
    ///
    /// Columns are mapped from common names (given_name, surname, name, date_of_birth,
    /// address_1, suburb, postcode, state, phone_number, soc_sec_id, email, company, rec_id
    /// …) or with --map COLUMN=TYPE. The model is fitted on the file itself (Fellegi-Sunter,
    /// EM). With two files, only pairs across them are linked. Prints one cluster of two or
    /// more rows at a time, each pair with every field's comparison level and weight.
    Dedupe(DedupeArgs),
}

#[derive(Debug, Args)]
pub struct DedupeArgs {
    /// The CSV/TSV file, or two files to link to each other.
    #[arg(value_name = "FILE.csv", required = true, num_args = 1..=2)]
    pub files: Vec<PathBuf>,
    /// Map a column to a type: given_name, surname, full_name, dob, street_number,
    /// address, address2, city, postcode, state, phone, national_id, email, org_name, free_id,
    /// record_id, ignore. Repeatable.
    #[arg(long = "map", value_name = "COLUMN=TYPE", value_parser = parse_map)]
    pub map: Vec<(String, String)>,
    /// Match probability at or above which two rows are the same entity.
    #[arg(long, default_value_t = 0.9)]
    pub threshold: f64,
    /// Blocking keys shared by more rows than this are skipped (keeps it sub-quadratic).
    #[arg(long, default_value_t = 200)]
    pub max_block: usize,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Token required from every client (at least 12 characters); needed to bind
    /// elsewhere than loopback. Clients send `Authorization: Bearer TOKEN` or open
    /// /login?token=TOKEN once.
    #[arg(long, env = "MILLWATCH_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Worker threads, each with its own connection to the case.
    #[arg(long, default_value_t = 4)]
    pub workers: usize,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The operation id (`op-…`); or use --all.
    #[arg(value_name = "OPERATION_ID", required_unless_present = "all")]
    pub operation: Option<String>,
    /// Every operation of at least --min-size records (largest first, up to --limit).
    #[arg(long, conflicts_with = "operation")]
    pub all: bool,
    /// The HTML file to write.
    #[arg(long, short = 'o', value_name = "FILE.html")]
    pub output: PathBuf,
    /// With --all: only operations of at least this many records.
    #[arg(long, default_value_t = 2)]
    pub min_size: usize,
    /// With --all: at most this many operations.
    #[arg(long, default_value_t = 200)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct OperationsArgs {
    /// Only operations of at least this many records.
    #[arg(long, default_value_t = 2)]
    pub min_size: usize,
    /// How many to list.
    #[arg(long, short = 'n', default_value_t = 50)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct OperationArgs {
    /// The operation id (`op-…`).
    #[arg(value_name = "ID")]
    pub id: String,
    /// How many selectors to show.
    #[arg(long, default_value_t = 30)]
    pub selectors: usize,
}

#[derive(Debug, Args)]
pub struct WhyArgs {
    /// A record (record id or external id).
    #[arg(value_name = "A")]
    pub a: String,
    /// Another record.
    #[arg(value_name = "B")]
    pub b: String,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files to read; `-` or none for stdin.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Country (ISO code such as KH, or a name) for phone numbers written without their
    /// country code.
    #[arg(long, value_name = "CC")]
    pub region: Option<String>,
    /// Kinds to report, comma-separated (e.g. phone,tron,url; also all, crypto, handles,
    /// hashes) [default: all].
    #[arg(long, value_name = "K1,K2")]
    pub kinds: Option<String>,
}

#[derive(Debug, Args)]
pub struct SelectorsArgs {
    /// Only this kind (phone, email, url, domain, tron, eth, btc, telegram, …).
    #[arg(long)]
    pub kind: Option<String>,
    /// How many to list.
    #[arg(long, short = 'n', default_value_t = 50)]
    pub top: usize,
}

#[derive(Debug, Args)]
pub struct SelectorArgs {
    /// The selector, as written or as `kind:value`.
    #[arg(value_name = "VALUE")]
    pub value: String,
    /// Most mentions to show.
    #[arg(long, short = 'n', default_value_t = 200)]
    pub limit: usize,
}

/// Which world `generate` writes.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum WorldShape {
    /// The demo's mix: a few hundred records of every kind and format.
    Demo,
    /// A linking world: operations of similar size, hubs, bridges, syndicates.
    Regular,
    /// A linking world with heavy-tailed sizes, stars, chains and rotation.
    HeavyTailed,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Directory to write `corpus/` and `truth/` into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Seed: the same seed and flags give the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The kind of world.
    #[arg(long, value_enum, default_value_t = WorldShape::Demo)]
    pub shape: WorldShape,
    /// Number of operations [default: 10 for demo, 150 otherwise].
    #[arg(long)]
    pub operations: Option<usize>,
    /// Scale the world's record counts to about this many megabytes of files.
    #[arg(long, value_name = "MB")]
    pub megabytes: Option<f64>,
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
    /// Country (ISO code such as KH, or a name) for phone numbers written without their
    /// country code in records that have no country field of their own.
    #[arg(long, value_name = "CC")]
    pub region: Option<String>,
    /// Do not link the case after ingesting (run `millwatch link` later).
    #[arg(long)]
    pub no_link: bool,
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
    /// Seed of the generator: the same seed gives the same files [default: the demo's].
    #[arg(long)]
    pub seed: Option<u64>,
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
