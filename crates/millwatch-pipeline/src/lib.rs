//! Millwatch's jobs over a case, starting with ingest.
//!
//! Ingest is shaped by two facts: SQLite has one writer, and everything else (hashing,
//! charset decoding, parsing, index segmentation, selector extraction) is CPU work that
//! can run anywhere. So worker threads take files in order, parse them and prepare their
//! records, and hand them over bounded channels to the one thread that owns the [`Case`]
//! and writes. The writer takes files strictly in order, one source at a time, which keeps
//! each source's batches contiguous and the result identical to a serial run; the bounded
//! channels keep memory flat however large the files are.
//!
//! Identity is by content: every file is hashed first, files already stored are reported
//! unchanged and not parsed again, and a file whose ingest was interrupted is purged and
//! redone.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use millwatch_extract::Extractor;
use millwatch_ingest::{Options, ParseError, Parsed, detect_format};
use millwatch_model::{
    Abort, ContentHash, Diagnostic, Format, RecordDraft, Severity, Sink, SourceId,
};
use millwatch_store::{Case, PreparedRecord, SourceMeta, SourceState, StoreError};
use sha2::{Digest, Sha256};

mod extract;
mod link;
mod walk;

pub use extract::{TITLE_FIELD, is_victim_field, mentions};
pub use link::{
    CaseGraph, ChainStep, LinkReport, LinkStage, PERSONA_FIELDS, PLATFORM_FIELDS, case_graph,
    link_and_store, link_and_store_observed, link_case, why,
};

pub use walk::{WalkError, collect_inputs};

/// What can stop an ingest as a whole. Problems with single files are not errors: they
/// are reported in [`FileReport`]s and ingest goes on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    /// The case could not be written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An input path could not be walked.
    #[error(transparent)]
    Walk(#[from] WalkError),
    /// A worker thread panicked (a bug; the case is left consistent).
    #[error("a worker thread failed unexpectedly")]
    WorkerPanicked,
}

/// Options of an ingest run.
#[derive(Clone, Debug, Default)]
pub struct IngestOptions {
    /// How parsers read files.
    pub parse: Options,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// The selector extractor run on every record on the worker threads; `None` stores
    /// records without selectors.
    pub extractor: Option<Arc<Extractor>>,
}

/// What happened to one input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileOutcome {
    /// Stored as a new source.
    Ingested(SourceId),
    /// Its bytes were already in the case; nothing changed.
    Unchanged(SourceId),
    /// The same bytes appeared earlier in this run under another path.
    Duplicate(PathBuf),
    /// Not ingested, with the reason (binary, unreadable, malformed as a whole).
    Skipped(String),
    /// Not a type millwatch reads, met while walking a directory.
    Ignored(String),
}

/// The report of one file.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The path as walked.
    pub path: PathBuf,
    /// Its format, when one was chosen.
    pub format: Option<Format>,
    /// Size in bytes.
    pub size: u64,
    /// What happened.
    pub outcome: FileOutcome,
    /// Records stored.
    pub records: u64,
    /// Items skipped inside the file.
    pub skipped: u64,
    /// Warnings inside the file.
    pub warnings: u64,
    /// The first diagnostics of the file (all are stored in the case).
    pub diagnostics: Vec<Diagnostic>,
}

/// The report of a whole run.
#[derive(Clone, Debug, Default)]
pub struct IngestReport {
    /// Every file, in input order.
    pub files: Vec<FileReport>,
    /// Interrupted earlier ingests that were cleaned up first.
    pub purged: usize,
}

impl IngestReport {
    /// Records stored in this run.
    pub fn records(&self) -> u64 {
        self.files.iter().map(|f| f.records).sum()
    }

    /// Items skipped inside files.
    pub fn skipped_items(&self) -> u64 {
        self.files.iter().map(|f| f.skipped).sum()
    }

    /// Files skipped whole.
    pub fn skipped_files(&self) -> usize {
        self.files
            .iter()
            .filter(|f| matches!(f.outcome, FileOutcome::Skipped(_)))
            .count()
    }

    /// Warnings.
    pub fn warnings(&self) -> u64 {
        self.files.iter().map(|f| f.warnings).sum()
    }

    /// Whether anything at all was skipped (the CLI's exit status says so).
    pub fn anything_skipped(&self) -> bool {
        self.skipped_files() > 0 || self.skipped_items() > 0
    }
}

/// Progress callbacks; every method has a do-nothing default.
pub trait Observer: Sync {
    /// Hashing is about to read `total_bytes` in `files` files.
    fn planned(&self, _files: usize, _total_bytes: u64) {}
    /// `bytes` more bytes were parsed.
    fn advanced(&self, _bytes: u64) {}
    /// A file is done.
    fn file_done(&self, _report: &FileReport) {}
}

/// An observer that does nothing.
pub struct Quiet;
impl Observer for Quiet {}

/// How many diagnostics per file are kept in the report (all are stored in the case).
const REPORTED_DIAGNOSTICS: usize = 20;
/// Batches in flight per file between a worker and the writer.
const CHANNEL_BATCHES: usize = 8;
/// Most records a worker hands over at once. One record a message woke the blocked worker
/// once per record when the writer was the slower side.
const BATCH_RECORDS: usize = 64;
/// A batch is handed over early once its texts reach this many bytes, which bounds the
/// memory in flight: [`CHANNEL_BATCHES`] + 1 batches of about this size per file.
const BATCH_BYTES: usize = 1 << 20;

/// Ingests files and directories (recursively) into `case`.
pub fn ingest(
    case: &mut Case,
    inputs: &[PathBuf],
    opts: &IngestOptions,
    observer: &dyn Observer,
) -> Result<IngestReport, PipelineError> {
    let walked = collect_inputs(inputs, Some(case.path()))?;
    let purged = case.purge_incomplete()?;

    // Hash every file in parallel, then decide in order what needs parsing.
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        opts.threads
    };
    let total: u64 = walked.iter().map(|w| w.size).sum();
    observer.planned(walked.len(), total);
    let hashed = hash_all(&walked, threads);

    let mut reports: Vec<Option<FileReport>> = vec![None; walked.len()];
    let mut jobs: Vec<Job> = Vec::new();
    let mut seen: HashMap<ContentHash, PathBuf> = HashMap::new();
    for (i, (input, hash)) in walked.iter().zip(hashed).enumerate() {
        let mut report = FileReport {
            path: input.path.clone(),
            format: None,
            size: input.size,
            outcome: FileOutcome::Skipped(String::new()),
            records: 0,
            skipped: 0,
            warnings: 0,
            diagnostics: Vec::new(),
        };
        let (hash, head) = match hash {
            Ok(h) => h,
            Err(e) => {
                report.outcome = FileOutcome::Skipped(format!("cannot read: {e}"));
                observer.advanced(input.size);
                observer.file_done(&report);
                reports[i] = Some(report);
                continue;
            }
        };
        let format = match detect_format(&input.path, &head) {
            Ok(f) => f,
            Err(e) => {
                let binary = matches!(e, millwatch_ingest::DetectError::Binary(_));
                report.outcome = if input.explicit || binary {
                    FileOutcome::Skipped(e.to_string())
                } else {
                    FileOutcome::Ignored(e.to_string())
                };
                observer.advanced(input.size);
                observer.file_done(&report);
                reports[i] = Some(report);
                continue;
            }
        };
        report.format = Some(format);
        if let Some(first) = seen.get(&hash) {
            report.outcome = FileOutcome::Duplicate(first.clone());
            observer.advanced(input.size);
            observer.file_done(&report);
            reports[i] = Some(report);
            continue;
        }
        seen.insert(hash, input.path.clone());
        let meta = SourceMeta {
            hash,
            path: input.path.to_string_lossy().into_owned(),
            size: input.size,
            format,
        };
        match case.source_state(&meta)? {
            SourceState::Complete(id) => {
                report.outcome = FileOutcome::Unchanged(id);
                observer.advanced(input.size);
                observer.file_done(&report);
                reports[i] = Some(report);
            }
            SourceState::New => {
                reports[i] = Some(report);
                jobs.push(Job { index: i, meta });
            }
        }
    }

    run_jobs(case, &jobs, &mut reports, opts, threads, observer)?;
    Ok(IngestReport {
        files: reports.into_iter().flatten().collect(),
        purged,
    })
}

/// A file to parse and store.
struct Job {
    index: usize,
    meta: SourceMeta,
}

/// What a worker sends the writer about one file.
enum Msg {
    Records(Vec<PreparedRecord>),
    Diagnostic(Diagnostic),
    Done(Result<Parsed, String>),
}

/// A file's hash and first block (for format detection), or why it could not be read.
type Hashed = std::io::Result<(ContentHash, Vec<u8>)>;

/// Hashes files in parallel.
fn hash_all(inputs: &[walk::Input], threads: usize) -> Vec<Hashed> {
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<Hashed>> = (0..inputs.len()).map(|_| None).collect();
    let chunks = std::sync::Mutex::new(&mut results);
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| {
                // One read buffer a thread: a fresh zeroed 256 KiB a file cost more than
                // hashing the average small file.
                let mut buf = vec![0u8; HASH_BUFFER];
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    let r = hash_file(&input.path, &mut buf);
                    if let Ok(mut guard) = chunks.lock() {
                        guard[i] = Some(r);
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(std::io::Error::other("not hashed"))))
        .collect()
}

/// Bytes of a file's start given to format detection.
const HEAD_BYTES: usize = 8192;
/// The hashing threads' read buffer.
const HASH_BUFFER: usize = 256 * 1024;
/// The parsers' read buffer, at most: a file smaller than this gets a buffer of its size,
/// since the buffer is zeroed before its first read.
const READ_BUFFER: usize = 256 * 1024;

fn hash_file(path: &Path, buf: &mut [u8]) -> std::io::Result<(ContentHash, Vec<u8>)> {
    let mut f = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut head = Vec::new();
    loop {
        let n = f.read(buf)?;
        if n == 0 {
            break;
        }
        if head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - head.len()).min(n);
            head.extend_from_slice(&buf[..take]);
        }
        hasher.update(&buf[..n]);
    }
    Ok((ContentHash::from_bytes(hasher.finalize().into()), head))
}

/// Parses jobs on worker threads and writes them in order on this thread.
fn run_jobs(
    case: &mut Case,
    jobs: &[Job],
    reports: &mut [Option<FileReport>],
    opts: &IngestOptions,
    threads: usize,
    observer: &dyn Observer,
) -> Result<(), PipelineError> {
    if jobs.is_empty() {
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (ctl_tx, ctl_rx) = sync_channel::<(usize, Receiver<Msg>)>(threads * 2);
    std::thread::scope(|s| -> Result<(), PipelineError> {
        for _ in 0..threads.max(1) {
            let ctl_tx = ctl_tx.clone();
            let (next, stop) = (&next, &stop);
            s.spawn(move || worker(jobs, next, stop, &ctl_tx, opts, observer));
        }
        drop(ctl_tx);
        let result = write_in_order(case, jobs, reports, &ctl_rx, observer);
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        // Drain so that blocked workers can finish.
        drop(ctl_rx);
        result
    })
}

fn worker(
    jobs: &[Job],
    next: &AtomicUsize,
    stop: &AtomicBool,
    ctl: &SyncSender<(usize, Receiver<Msg>)>,
    opts: &IngestOptions,
    observer: &dyn Observer,
) {
    loop {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let j = next.fetch_add(1, Ordering::Relaxed);
        let Some(job) = jobs.get(j) else { return };
        let (tx, rx) = sync_channel::<Msg>(CHANNEL_BATCHES);
        if ctl.send((j, rx)).is_err() {
            return;
        }
        let result = parse_job(job, &tx, opts, observer);
        // The writer may have gone away after an error; nothing to do then.
        let _ = tx.send(Msg::Done(result));
    }
}

/// A sink that prepares records and sends them to the writer in batches.
struct ChannelSink<'a> {
    tx: &'a SyncSender<Msg>,
    extractor: Option<&'a Extractor>,
    batch: Vec<PreparedRecord>,
    batch_bytes: usize,
}

impl ChannelSink<'_> {
    /// Hands the records gathered so far to the writer.
    fn flush(&mut self) -> Result<(), Abort> {
        if self.batch.is_empty() {
            return Ok(());
        }
        self.batch_bytes = 0;
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH_RECORDS));
        self.tx.send(Msg::Records(batch)).map_err(|_| Abort)
    }
}

impl Sink for ChannelSink<'_> {
    fn record(&mut self, draft: RecordDraft) -> Result<(), Abort> {
        let found = self
            .extractor
            .map(|ex| extract::mentions(ex, &draft))
            .unwrap_or_default();
        self.batch_bytes += draft.text.len();
        self.batch
            .push(PreparedRecord::new(draft).with_mentions(found));
        if self.batch.len() >= BATCH_RECORDS || self.batch_bytes >= BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn diagnostic(&mut self, diagnostic: Diagnostic) -> Result<(), Abort> {
        // Records before it are handed over first, so the writer sees the file in order.
        self.flush()?;
        self.tx.send(Msg::Diagnostic(diagnostic)).map_err(|_| Abort)
    }
}

/// Counts bytes read so progress can be shown.
struct Counting<'a, R> {
    inner: R,
    observer: &'a dyn Observer,
    pending: u64,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pending += n as u64;
        if self.pending >= 1 << 20 {
            self.observer.advanced(self.pending);
            self.pending = 0;
        }
        Ok(n)
    }
}

fn parse_job(
    job: &Job,
    tx: &SyncSender<Msg>,
    opts: &IngestOptions,
    observer: &dyn Observer,
) -> Result<Parsed, String> {
    let path = Path::new(&job.meta.path);
    let file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut counting = Counting {
        inner: file,
        observer,
        pending: 0,
    };
    let result = {
        let mut reader = BufReader::with_capacity(read_buffer(job.meta.size), &mut counting);
        let mut sink = ChannelSink {
            tx,
            extractor: opts.extractor.as_deref(),
            batch: Vec::with_capacity(BATCH_RECORDS),
            batch_bytes: 0,
        };
        let parsed =
            millwatch_ingest::parse(job.meta.format, path, &mut reader, &opts.parse, &mut sink);
        // The last records go over before the result, even when parsing stopped on an
        // error (the writer then abandons the source as before).
        match sink.flush() {
            Ok(()) => parsed,
            Err(abort) => parsed.and(Err(ParseError::Aborted(abort))),
        }
    };
    observer.advanced(counting.pending);
    result.map_err(|e| match e {
        ParseError::Aborted(_) => "ingest stopped".to_owned(),
        other => other.to_string(),
    })
}

/// The read buffer for a file of `size` bytes: the whole file in one read when it is
/// small (plus one byte, so the end is seen without growing), never more than
/// [`READ_BUFFER`], never less than a page.
fn read_buffer(size: u64) -> usize {
    usize::try_from(size.saturating_add(1))
        .unwrap_or(READ_BUFFER)
        .clamp(4096, READ_BUFFER)
}

/// Receives each job's messages in job order and writes them.
fn write_in_order(
    case: &mut Case,
    jobs: &[Job],
    reports: &mut [Option<FileReport>],
    ctl: &Receiver<(usize, Receiver<Msg>)>,
    observer: &dyn Observer,
) -> Result<(), PipelineError> {
    let mut waiting: BTreeMap<usize, Receiver<Msg>> = BTreeMap::new();
    for (j, job) in jobs.iter().enumerate() {
        let rx = loop {
            if let Some(rx) = waiting.remove(&j) {
                break rx;
            }
            match ctl.recv() {
                Ok((k, rx)) => {
                    waiting.insert(k, rx);
                }
                Err(_) => return Err(PipelineError::WorkerPanicked),
            }
        };
        let report = reports[job.index]
            .as_mut()
            .ok_or(PipelineError::WorkerPanicked)?;
        let mut writer = case.begin_source(&job.meta)?;
        let outcome = loop {
            match rx.recv() {
                Ok(Msg::Records(batch)) => {
                    for rec in &batch {
                        writer.add(rec)?;
                    }
                }
                Ok(Msg::Diagnostic(d)) => {
                    writer.add_diagnostic(&d)?;
                    match d.severity {
                        Severity::Skipped => report.skipped += 1,
                        Severity::Warning => report.warnings += 1,
                    }
                    if report.diagnostics.len() < REPORTED_DIAGNOSTICS {
                        report.diagnostics.push(d);
                    }
                }
                Ok(Msg::Done(r)) => break r,
                Err(_) => break Err("the parser stopped unexpectedly".to_owned()),
            }
        };
        match outcome {
            Ok(parsed) => {
                let summary = writer.finish(&parsed.decoding)?;
                report.records = summary.records;
                report.outcome = FileOutcome::Ingested(summary.id);
            }
            Err(reason) => {
                writer.abandon()?;
                report.records = 0;
                report.outcome = FileOutcome::Skipped(reason);
            }
        }
        tracing::debug!(file = job.index, records = report.records, "source written");
        observer.file_done(report);
    }
    case.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests;
