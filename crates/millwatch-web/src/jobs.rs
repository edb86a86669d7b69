//! Long work started from the UI: re-linking the case runs on a background thread with
//! its own connection, and reports its progress in a [`JobStatus`] that the progress page
//! polls (`/api/jobs/ID`). One job runs at a time; its status stays readable after it ends.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use millwatch_link::Params;
use millwatch_pipeline::LinkStage;
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

/// The progress of one job, as the status endpoint returns it.
#[derive(Debug, Clone, Serialize)]
pub struct JobStatus {
    /// Its number (1, 2, … since the server started).
    pub id: u64,
    /// What it does (`link`).
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
    /// The result, once done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<LinkOutcome>,
    /// The error, once failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Steps of a re-link: read, link, store, done.
const LINK_STEPS: u32 = 4;

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
    #[error("job {0} is still running")]
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

    /// Starts re-linking the case at `path` on a background thread; returns the job id.
    pub fn start_link(&self, path: &Path) -> Result<u64, JobError> {
        if path == Path::new(":memory:") {
            return Err(JobError::NoFile);
        }
        let id = {
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
                    kind: "link",
                    state: JobState::Running,
                    step: 0,
                    steps: LINK_STEPS,
                    stage: "starting".into(),
                    elapsed_ms: 0,
                    result: None,
                    error: None,
                },
                started: Instant::now(),
            });
            id
        };
        let jobs = self.clone();
        let path = path.to_owned();
        std::thread::spawn(move || {
            let outcome = run_link(&jobs, id, &path);
            jobs.update(id, |st, started| {
                st.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                match outcome {
                    Ok(r) => {
                        st.state = JobState::Done;
                        st.step = LINK_STEPS;
                        st.stage = "done".into();
                        st.result = Some(r);
                    }
                    Err(e) => {
                        st.state = JobState::Failed;
                        st.stage = "failed".into();
                        st.error = Some(e);
                    }
                }
            });
            tracing::info!(job = id, "re-link finished");
        });
        Ok(id)
    }
}

fn run_link(jobs: &Jobs, id: u64, path: &Path) -> Result<LinkOutcome, String> {
    let mut case = Case::open(path, OpenMode::MustExist).map_err(|e| e.to_string())?;
    let mut on_stage = |stage: LinkStage| {
        let (step, words) = match stage {
            LinkStage::Reading => (0, "reading the case".to_owned()),
            LinkStage::Linking { records } => (1, format!("linking {records} records")),
            LinkStage::Storing => (2, "storing operations".to_owned()),
        };
        jobs.update(id, |st, _| {
            st.step = step;
            st.stage = words;
        });
        if let Some(ms) = slow_for_tests() {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
    };
    let r =
        millwatch_pipeline::link_and_store_observed(&mut case, &Params::default(), &mut on_stage)
            .map_err(|e| e.to_string())?;
    Ok(LinkOutcome {
        records: r.records,
        operations: r.operations,
        linked_records: r.linked_records,
        hubs: r.hubs,
        links: r.links,
    })
}

/// `MILLWATCH_SLOW_JOBS=MS` pauses each step, so that a browser test can watch progress
/// on a case that links in milliseconds.
fn slow_for_tests() -> Option<u64> {
    std::env::var("MILLWATCH_SLOW_JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&ms| ms <= 5_000)
}
