//! Long work started from the UI: re-linking the case, and ingesting uploaded files
//! (then linking), run on a background thread with their own connection, and report
//! their progress in a [`JobStatus`] that the progress page polls (`/api/jobs/ID`). One
//! job runs at a time; its status stays readable after it ends.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use millwatch_link::Params;
use millwatch_pipeline::{FileOutcome, FileReport, IngestOptions, LinkStage, Observer};
use millwatch_store::{Case, OpenMode};
use serde::Serialize;

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    /// Still working.
    Running,
    /// Finished; see the result.
    Done,
    /// Stopped by an error; see the message.
    Failed,
}

/// What a finished re-link stored.
#[derive(Debug, Clone, Serialize)]
pub struct LinkOutcome {
    /// Records linked.
    pub records: usize,
    /// Operations of two or more records.
    pub operations: usize,
    /// Records in those operations.
    pub linked_records: usize,
    /// Hubs set aside.
    pub hubs: usize,
    /// Links between operations.
    pub links: usize,
}

/// How far an ingest has read its files.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct FileProgress {
    /// Files finished.
    pub files_done: usize,
    /// Files in all.
    pub files_total: usize,
    /// Bytes read.
    pub bytes_done: u64,
    /// Bytes in all.
    pub bytes_total: u64,
}

/// One uploaded file after ingest.
#[derive(Debug, Clone, Serialize)]
pub struct IngestedFile {
    /// Its name as saved (sanitised).
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// `ingested`, `unchanged` (already in the case), `duplicate` (same bytes as another
    /// file of the upload), `skipped` or `ignored`.
    pub outcome: &'static str,
    /// Why it was skipped, or which file it duplicates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Its format, when one was recognised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    /// Records stored.
    pub records: u64,
    /// Rows or items skipped inside it.
    pub skipped: u64,
    /// Warnings inside it.
    pub warnings: u64,
}

/// One problem met inside a file.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticLine {
    /// The file's name as saved.
    pub file: String,
    /// `skipped` or `warning`.
    pub severity: &'static str,
    /// Its line, when the format has lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Where, in words (`line 12, row 11, bytes 100..200`).
    pub place: String,
    /// Why.
    pub reason: String,
}

/// What an ingest of uploaded files stored.
#[derive(Debug, Clone, Serialize)]
pub struct IngestOutcome {
    /// Every file, in upload order.
    pub files: Vec<IngestedFile>,
    /// Records added.
    pub records: u64,
    /// Rows or items skipped inside files.
    pub skipped_rows: u64,
    /// Files skipped whole.
    pub skipped_files: usize,
    /// Warnings.
    pub warnings: u64,
    /// The first problems met inside files (all are stored in the case).
    pub diagnostics: Vec<DiagnosticLine>,
    /// Problems stored beyond those listed.
    pub more_diagnostics: u64,
    /// Records in the case afterwards.
    pub case_records: u64,
    /// Where the files were saved.
    pub folder: String,
    /// Whether linking follows (or followed) the ingest.
    pub link: bool,
}

/// The progress of one job, as the status endpoint returns it.
#[derive(Debug, Clone, Serialize)]
pub struct JobStatus {
    /// Its number (1, 2, … since the server started).
    pub id: u64,
    /// What it does (`link`, or `ingest` of uploaded files).
    pub kind: &'static str,
    /// Running, done or failed.
    pub state: JobState,
    /// Steps finished so far.
    pub step: u32,
    /// Steps in all.
    pub steps: u32,
    /// What it is doing now, in words.
    pub stage: String,
    /// Milliseconds since it started (until it ended, once it has).
    pub elapsed_ms: u64,
    /// An ingest's files and bytes read so far.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<FileProgress>,
    /// An ingest's result, once its files are read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ingest: Option<IngestOutcome>,
    /// The linking result, once linked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<LinkOutcome>,
    /// The error, once failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Steps of a re-link: read, link, store, done.
const LINK_STEPS: u32 = 4;
/// An ingest counts its progress in percent: reading the files takes the first
/// [`INGEST_SHARE`] when linking follows, all of it otherwise.
const INGEST_STEPS: u32 = 100;
/// The share of an ingest job that reading files takes when linking follows.
const INGEST_SHARE: u32 = 80;
/// Problems listed in an ingest's result.
const LISTED_DIAGNOSTICS: usize = 20;

#[derive(Debug)]
struct Slot {
    status: JobStatus,
    started: Instant,
}

/// The server's jobs: the current or last one, shared by all workers.
#[derive(Debug, Default, Clone)]
pub struct Jobs {
    inner: Arc<Mutex<Option<Slot>>>,
}

/// Why a job could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JobError {
    /// Another job is still running; its id.
    #[error("job {0} is still running: wait for it to finish, then try again")]
    Busy(u64),
    /// The case is not a file another connection can open.
    #[error("this case has no file to open a second connection to")]
    NoFile,
}

impl Jobs {
    /// The status of job `id`, if it is the current or last one.
    pub fn status(&self, id: u64) -> Option<JobStatus> {
        let guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        guard.as_ref().filter(|s| s.status.id == id).map(|s| {
            let mut st = s.status.clone();
            if st.state == JobState::Running {
                st.elapsed_ms = u64::try_from(s.started.elapsed().as_millis()).unwrap_or(u64::MAX);
            }
            st
        })
    }

    /// The status of the running job, if one runs.
    pub fn running(&self) -> Option<JobStatus> {
        let guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        guard
            .as_ref()
            .filter(|s| s.status.state == JobState::Running)
            .map(|s| s.status.clone())
    }

    fn update(&self, id: u64, f: impl FnOnce(&mut JobStatus, Instant)) {
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(slot) = guard.as_mut().filter(|s| s.status.id == id) {
            let started = slot.started;
            f(&mut slot.status, started);
        }
    }

    /// Takes the one job slot for a new job of `kind`, unless a job runs.
    fn begin(&self, kind: &'static str, steps: u32, stage: &str) -> Result<u64, JobError> {
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = guard.as_ref()
            && s.status.state == JobState::Running
        {
            return Err(JobError::Busy(s.status.id));
        }
        let id = guard.as_ref().map_or(1, |s| s.status.id + 1);
        *guard = Some(Slot {
            status: JobStatus {
                id,
                kind,
                state: JobState::Running,
                step: 0,
                steps,
                stage: stage.to_owned(),
                elapsed_ms: 0,
                files: None,
                ingest: None,
                result: None,
                error: None,
            },
            started: Instant::now(),
        });
        Ok(id)
    }

    /// Ends job `id`: done with its last step, or failed with the error.
    fn finish(&self, id: u64, outcome: Result<(), String>) {
        self.update(id, |st, started| {
            st.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
            match outcome {
                Ok(()) => {
                    st.state = JobState::Done;
                    st.step = st.steps;
                    st.stage = "done".into();
                }
                Err(e) => {
                    st.state = JobState::Failed;
                    st.stage = "failed".into();
                    st.error = Some(e);
                }
            }
        });
    }

    /// Starts re-linking the case at `path` ([`Case::file`]) on a background thread;
    /// returns the job id.
    pub fn start_link(&self, path: Option<&Path>) -> Result<u64, JobError> {
        let path = path.ok_or(JobError::NoFile)?;
        let id = self.begin("link", LINK_STEPS, "starting")?;
        let jobs = self.clone();
        let path = path.to_owned();
        std::thread::spawn(move || {
            let outcome = run_link(&jobs, id, &path, |stage| stage).map(|r| {
                jobs.update(id, |st, _| st.result = Some(r));
            });
            jobs.finish(id, outcome);
            tracing::info!(job = id, "re-link finished");
        });
        Ok(id)
    }

    /// Takes the job slot for an ingest of uploaded files into the case at `path`, while
    /// the upload is still being received; [`Jobs::start_ingest`] then runs it, or
    /// [`Jobs::fail`] says why it cannot.
    pub fn reserve_ingest(&self, path: Option<&Path>) -> Result<u64, JobError> {
        path.ok_or(JobError::NoFile)?;
        self.begin("ingest", INGEST_STEPS, "receiving the upload")
    }

    /// Ends job `id` as failed with `why`.
    pub fn fail(&self, id: u64, why: &str) {
        self.finish(id, Err(why.to_owned()));
    }

    /// Ingests `files` (saved in `folder`) into the case at `path` on a background thread
    /// as job `id` (from [`Jobs::reserve_ingest`]), then links the case if `link`.
    pub fn start_ingest(
        &self,
        id: u64,
        path: &Path,
        folder: &Path,
        files: Vec<PathBuf>,
        link: bool,
    ) {
        let jobs = self.clone();
        let path = path.to_owned();
        let folder = folder.to_owned();
        std::thread::spawn(move || {
            let outcome = run_ingest(&jobs, id, &path, &folder, &files, link);
            jobs.finish(id, outcome);
            tracing::info!(job = id, "ingest of an upload finished");
        });
    }
}

/// Re-links the case at `path` for job `id`; `step` maps the link's steps (0 to
/// [`LINK_STEPS`]) to the job's.
fn run_link(
    jobs: &Jobs,
    id: u64,
    path: &Path,
    step: impl Fn(u32) -> u32,
) -> Result<LinkOutcome, String> {
    let mut case = Case::open(path, OpenMode::MustExist).map_err(|e| e.to_string())?;
    link_case(jobs, id, &mut case, step)
}

fn link_case(
    jobs: &Jobs,
    id: u64,
    case: &mut Case,
    step_of: impl Fn(u32) -> u32,
) -> Result<LinkOutcome, String> {
    let mut on_stage = |stage: LinkStage| {
        let (stage_step, words) = match stage {
            LinkStage::Reading => (0, "reading the case".to_owned()),
            LinkStage::Linking { records } => (1, format!("linking {records} records")),
            LinkStage::Storing => (2, "storing operations".to_owned()),
        };
        jobs.update(id, |st, _| {
            st.step = step_of(stage_step);
            st.stage = words;
        });
        if let Some(ms) = slow_for_tests() {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
    };
    let r = millwatch_pipeline::link_and_store_observed(case, &Params::default(), &mut on_stage)
        .map_err(|e| e.to_string())?;
    Ok(LinkOutcome {
        records: r.records,
        operations: r.operations,
        linked_records: r.linked_records,
        hubs: r.hubs,
        links: r.links,
    })
}

/// Updates an ingest job as files are read.
struct IngestProgress<'a> {
    jobs: &'a Jobs,
    id: u64,
    /// The share of the job's steps that reading files takes.
    share: u32,
}

impl IngestProgress<'_> {
    fn step(&self, p: &FileProgress) -> u32 {
        let part = if p.bytes_total > 0 {
            u128::from(p.bytes_done.min(p.bytes_total)) * u128::from(self.share)
                / u128::from(p.bytes_total)
        } else if p.files_total > 0 {
            (p.files_done.min(p.files_total) as u128) * u128::from(self.share)
                / (p.files_total as u128)
        } else {
            0
        };
        u32::try_from(part).unwrap_or(self.share)
    }
}

impl Observer for IngestProgress<'_> {
    fn planned(&self, files: usize, total_bytes: u64) {
        self.jobs.update(self.id, |st, _| {
            let p = FileProgress {
                files_total: files,
                bytes_total: total_bytes,
                ..FileProgress::default()
            };
            st.stage = format!("checking {files} files");
            st.files = Some(p);
        });
    }

    fn advanced(&self, bytes: u64) {
        self.jobs.update(self.id, |st, _| {
            if let Some(p) = st.files.as_mut() {
                p.bytes_done = p.bytes_done.saturating_add(bytes);
                let p = *p;
                st.step = self.step(&p);
                // The counts are in `files`.
                st.stage = "reading files".into();
            }
        });
    }

    fn file_done(&self, _report: &FileReport) {
        self.jobs.update(self.id, |st, _| {
            if let Some(p) = st.files.as_mut() {
                p.files_done += 1;
                let p = *p;
                st.step = self.step(&p);
                // The counts are in `files`.
                st.stage = "reading files".into();
            }
        });
        if let Some(ms) = slow_for_tests() {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
    }
}

/// The name a file was saved under.
pub(crate) fn saved_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn ingested_file(f: &FileReport) -> IngestedFile {
    let (outcome, reason) = match &f.outcome {
        FileOutcome::Ingested(_) => ("ingested", None),
        FileOutcome::Unchanged(_) => ("unchanged", Some("already in the case".to_owned())),
        FileOutcome::Duplicate(of) => (
            "duplicate",
            Some(format!("same bytes as {}", saved_name(of))),
        ),
        FileOutcome::Skipped(why) => ("skipped", Some(why.clone())),
        FileOutcome::Ignored(why) => ("ignored", Some(why.clone())),
    };
    IngestedFile {
        name: saved_name(&f.path),
        size: f.size,
        outcome,
        reason,
        format: f.format.map(|x| x.as_str()),
        records: f.records,
        skipped: f.skipped,
        warnings: f.warnings,
    }
}

/// Ingests uploaded `files` into the case at `path` for job `id`, then links if `link`.
fn run_ingest(
    jobs: &Jobs,
    id: u64,
    path: &Path,
    folder: &Path,
    files: &[PathBuf],
    link: bool,
) -> Result<(), String> {
    let mut case = Case::open(path, OpenMode::MustExist).map_err(|e| e.to_string())?;
    let extractor = millwatch_extract::Extractor::new(&millwatch_extract::Config::default())
        .map_err(|e| format!("cannot build the selector extractor: {e}"))?;
    let opts = IngestOptions {
        extractor: Some(Arc::new(extractor)),
        ..IngestOptions::default()
    };
    let share = if link { INGEST_SHARE } else { INGEST_STEPS };
    let progress = IngestProgress { jobs, id, share };
    let report = millwatch_pipeline::ingest(&mut case, files, &opts, &progress)
        .map_err(|e| format!("ingest stopped: {e}"))?;
    let mut diagnostics = Vec::new();
    for f in &report.files {
        for d in &f.diagnostics {
            if diagnostics.len() == LISTED_DIAGNOSTICS {
                break;
            }
            diagnostics.push(DiagnosticLine {
                file: saved_name(&f.path),
                severity: match d.severity {
                    millwatch_model::Severity::Skipped => "skipped",
                    millwatch_model::Severity::Warning => "warning",
                },
                line: d.place.line,
                place: d.place.to_string(),
                reason: d.reason.clone(),
            });
        }
    }
    let problems = report.skipped_items() + report.warnings();
    let case_records = case.totals().map(|t| t.records).unwrap_or(0);
    let outcome = IngestOutcome {
        files: report.files.iter().map(ingested_file).collect(),
        records: report.records(),
        skipped_rows: report.skipped_items(),
        skipped_files: report.skipped_files(),
        warnings: report.warnings(),
        more_diagnostics: problems.saturating_sub(diagnostics.len() as u64),
        diagnostics,
        case_records,
        folder: folder.display().to_string(),
        link,
    };
    jobs.update(id, |st, _| {
        st.step = share;
        st.stage = if link {
            "files read; linking next".into()
        } else {
            "files read".into()
        };
        st.ingest = Some(outcome);
    });
    if link {
        // Link steps 0..=3 fill the rest of the bar.
        let rest = INGEST_STEPS - INGEST_SHARE;
        let r = link_case(jobs, id, &mut case, |s| {
            INGEST_SHARE + s * rest / LINK_STEPS
        })?;
        jobs.update(id, |st, _| st.result = Some(r));
    }
    Ok(())
}

/// `MILLWATCH_SLOW_JOBS=MS` pauses each step, so that a browser test can watch progress
/// on a case that links in milliseconds.
fn slow_for_tests() -> Option<u64> {
    std::env::var("MILLWATCH_SLOW_JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&ms| ms <= 5_000)
}
