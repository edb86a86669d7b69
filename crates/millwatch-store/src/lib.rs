//! The case: one SQLite file holding everything an investigation knows.
//!
//! Only this crate writes SQL. The rest of millwatch sees a [`Case`] with typed methods:
//! open or create it, write the records of a source through a [`SourceWriter`], and read
//! them back (stats, search, show). Keeping SQL behind this interface is what lets a
//! server back-end (PostgreSQL) and encryption at rest (SQLCipher, which rusqlite can
//! bundle in place of SQLite) come later without touching parsers or commands.
//!
//! Writes are batched in transactions and crash-safe: a source is marked complete only in
//! the transaction that writes its last records, and an incomplete source left behind by a
//! killed ingest is removed before its file is ingested again. Re-ingesting a file whose
//! bytes are already stored is a no-op: sources are keyed by the SHA-256 of their content.

use std::path::{Path, PathBuf};

use millwatch_model::{ContentHash, Format, SourceId};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

mod annotate;
mod browse;
mod graph;
mod ops;
mod read;
pub mod schema;
pub mod segment;
mod text_index;
mod write;

pub use annotate::{Annotation, AnnotationKind, NewAnnotation, TargetKind};
pub use browse::{
    BrowseSlices, DIGEST_MIN_MEMBERS, OperationBrowse, OperationPage, OperationRow, OperationShare,
    SelectorSeen, Slice,
};
pub use graph::{GraphMention, GraphName, GraphRecord, GraphSelector};
pub use ops::{
    HubView, LinkView, NameCorroboration, NameJoinView, NewDecision, NewLink, NewNameJoin,
    NewOperation, OperationMember, OperationSelector, OperationSummary, OperationView,
};
pub use read::{
    ChangeMark, DiagnosticRow, FieldPair, KindCount, MentionView, RANK_WINDOW, RecordView,
    SearchHit, SelectorCount, SourceCount, SourceView, Stats,
};
pub use text_index::index_path;
pub use write::{PreparedRecord, SourceWriter};

/// What can go wrong with a case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The file exists but is not a SQLite database.
    #[error("{path}: not a millwatch case (not a SQLite database); refusing to touch it")]
    NotSqlite {
        /// The file.
        path: PathBuf,
    },
    /// The file is a SQLite database of some other program.
    #[error("{path}: a SQLite database, but not a millwatch case; refusing to touch it")]
    NotACase {
        /// The file.
        path: PathBuf,
    },
    /// The case was written by a newer millwatch.
    #[error(
        "{path}: case schema version {found} is newer than this millwatch supports ({supported}); upgrade millwatch"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// The case's version.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// The case file does not exist and the caller asked not to create it.
    #[error("{path}: no case here (run `millwatch ingest` or `millwatch demo` to make one)")]
    Missing {
        /// The file.
        path: PathBuf,
    },
    /// No record has that id.
    #[error("no record with id {0}")]
    NoSuchRecord(String),
    /// No operation has that id.
    #[error("no operation {0} (run `millwatch link`, then `millwatch operations`)")]
    NoSuchOperation(String),
    /// An annotation was refused.
    #[error("annotation field `{field}`: {why}")]
    InvalidAnnotation {
        /// The field refused.
        field: &'static str,
        /// Why.
        why: &'static str,
    },
    /// A query is empty or has nothing searchable.
    #[error("the query has nothing to search for")]
    EmptyQuery,
    /// An error from SQLite.
    #[error("case database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Stored data that should be JSON is not.
    #[error("corrupt stored field data: {0}")]
    Json(#[from] serde_json::Error),
    /// The text index's writer thread failed.
    #[error("text index: {0}")]
    IndexThread(&'static str),
    /// Reading the file's header failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// Result alias of this crate.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Whether [`Case::open`] may create a new case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the file if it does not exist.
    CreateIfMissing,
    /// Fail with [`StoreError::Missing`] if it does not exist.
    MustExist,
}

/// An open case.
pub struct Case {
    conn: Connection,
    path: PathBuf,
    selectors: write::SelectorCache,
    /// The write transaction shared by consecutive sources.
    pending: write::Pending,
    /// Operations of at least this many members get a page digest when linked.
    digest_min_members: usize,
}

/// What a source's hash says about it before ingest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceState {
    /// Never seen: ingest it.
    New,
    /// Already stored completely: nothing to do.
    Complete(SourceId),
}

/// What the caller knows about a source before parsing it.
#[derive(Debug, Clone)]
pub struct SourceMeta {
    /// SHA-256 of the file's bytes.
    pub hash: ContentHash,
    /// The path as the user named it.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// The format it is read as.
    pub format: Format,
}

impl Case {
    /// Opens the case at `path`, creating it if allowed and migrating it if it was made by
    /// an older millwatch.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Case> {
        let exists = path.exists();
        if !exists && mode == OpenMode::MustExist {
            return Err(StoreError::Missing {
                path: path.to_owned(),
            });
        }
        if exists {
            check_header(path)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        let mut case = Case {
            conn,
            path: path.to_owned(),
            selectors: write::SelectorCache::default(),
            pending: write::Pending::new(text_index::Feed::new(Some(text_index::index_path(path)))),
            digest_min_members: browse::DIGEST_MIN_MEMBERS,
        };
        case.configure()?;
        let new = case.migrate()?;
        case.attach_text_index(Some(&text_index::index_path(path)), new)?;
        Ok(case)
    }

    /// Opens a private in-memory case, for tests.
    pub fn open_in_memory() -> Result<Case> {
        let conn = Connection::open_in_memory()?;
        let mut case = Case {
            conn,
            path: PathBuf::from(":memory:"),
            selectors: write::SelectorCache::default(),
            pending: write::Pending::new(text_index::Feed::new(None)),
            digest_min_members: browse::DIGEST_MIN_MEMBERS,
        };
        case.configure()?;
        let new = case.migrate()?;
        case.attach_text_index(None, new)?;
        Ok(case)
    }

    /// Sets the size from which linking writes an operation's page digest
    /// ([`DIGEST_MIN_MEMBERS`] unless set): 0 for every operation, `usize::MAX` for none.
    /// Pages read the same either way; tests and benchmarks compare the two.
    pub fn set_digest_min_members(&mut self, members: usize) {
        self.digest_min_members = members;
    }

    /// The case's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The case's file, or `None` for a case held in memory (which no other connection
    /// can open).
    pub fn file(&self) -> Option<&Path> {
        (self.path.as_os_str() != ":memory:").then_some(self.path.as_path())
    }

    /// Per-connection settings.
    fn configure(&self) -> Result<()> {
        self.conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // Room for every statement the writer repeats (records, mentions, selectors,
        // sources, diagnostics, the text index's) beside the readers', so that none is
        // evicted and compiled again per file.
        self.conn.set_prepared_statement_cache_capacity(64);
        // Plans that do not depend on the values bound: without this SQLite compiled the
        // writer's cached per-source lookup again for every source (a new path bound),
        // about as much work as not caching it. No query here relies on a bound value to
        // pick its plan (there are no statistics, no LIKE with a bound pattern).
        self.conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        self.conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -131072;
             PRAGMA wal_autocheckpoint = 16384;",
        )?;
        Ok(())
    }

    /// Runs the migrations this case lacks, all in one transaction. Returns whether the
    /// case is new (it had no schema at all).
    fn migrate(&mut self) -> Result<bool> {
        let app_id: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables: i64 = self.conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if app_id != schema::APPLICATION_ID && (app_id != 0 || tables > 0) {
            return Err(StoreError::NotACase {
                path: self.path.clone(),
            });
        }
        let supported = i64::try_from(schema::MIGRATIONS.len()).unwrap_or(i64::MAX);
        if version > supported {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: version,
                supported,
            });
        }
        if version == supported {
            return Ok(false);
        }
        let tx = self.conn.transaction()?;
        let start = usize::try_from(version).unwrap_or(0);
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(start) {
            tracing::info!(migration = i + 1, "migrating case");
            tx.execute_batch(sql)?;
        }
        tx.execute_batch(&format!(
            "PRAGMA application_id = {}; PRAGMA user_version = {supported};",
            schema::APPLICATION_ID
        ))?;
        tx.commit()?;
        Ok(version == 0)
    }

    /// Attaches the text index (see [`text_index`]); a new index file (an older case's
    /// first open, or a lost file) is built from the records at once. A new case found
    /// beside an old index file (the case deleted, its `-text` left behind) empties it.
    fn attach_text_index(&mut self, file: Option<&Path>, new_case: bool) -> Result<()> {
        if text_index::attach(&self.conn, file)? {
            text_index::catch_up(&self.conn)?;
        } else if new_case {
            text_index::clear(&self.conn)?;
        }
        Ok(())
    }

    /// The schema version of the open case.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Removes sources whose ingest was interrupted, with their records and index
    /// entries. Returns how many were removed.
    pub fn purge_incomplete(&mut self) -> Result<usize> {
        self.flush()?;
        let tx = self.conn.transaction()?;
        let ids: Vec<i64> = {
            let mut stmt = tx.prepare("SELECT id FROM sources WHERE complete = 0")?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        for &id in &ids {
            write::delete_source(&tx, &mut self.pending.text, id)?;
        }
        tx.commit()?;
        if !ids.is_empty() {
            tracing::warn!(count = ids.len(), "removed interrupted ingests");
        }
        // An ingest killed before the text index committed what the case did left the
        // index behind: bring it level before writing more.
        text_index::catch_up(&self.conn)?;
        self.pending.text.caught_up();
        Ok(ids.len())
    }

    /// Looks up a source by content hash. When it is already stored, the path it was seen
    /// at now is remembered.
    pub fn source_state(&mut self, meta: &SourceMeta) -> Result<SourceState> {
        let found: Option<(i64, i64)> = self
            .conn
            .prepare_cached("SELECT id, complete FROM sources WHERE sha256 = ?1")?
            .query_row([meta.hash.as_bytes().as_slice()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        match found {
            Some((id, 1)) => {
                self.conn
                    .prepare_cached(
                        "INSERT OR IGNORE INTO source_paths (source_id, path, seen_at) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![id, meta.path, now_iso()])?;
                Ok(SourceState::Complete(SourceId(id)))
            }
            // An incomplete one is purged before ingest starts; treat it as new.
            _ => Ok(SourceState::New),
        }
    }

    /// Starts writing a new source. Records are committed in batches; the source counts
    /// as stored only after [`SourceWriter::finish`].
    pub fn begin_source(&mut self, meta: &SourceMeta) -> Result<SourceWriter<'_>> {
        SourceWriter::begin(&self.conn, &mut self.selectors, &mut self.pending, meta)
    }

    /// Commits sources finished but not yet committed (they share transactions so that
    /// small files are cheap). Dropping the case does the same; call this to see errors.
    pub fn flush(&mut self) -> Result<()> {
        let committed = self.pending.commit(&self.conn);
        // Then wait for the text index to commit the same (its thread stops until the
        // next record).
        let indexed = self.pending.text.finish();
        committed.and(indexed)
    }

    /// The connection, for the read queries of this crate.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

impl Drop for Case {
    fn drop(&mut self) {
        // Only finished or abandoned sources can be pending here (a writer dropped
        // unfinished rolls back), so committing keeps the case consistent.
        if let Err(e) = self.flush() {
            tracing::error!(error = %e, "could not commit the last ingested sources");
        }
    }
}

/// Checks the first bytes of an existing file before SQLite opens it, because SQLite
/// would happily overwrite an empty file or report a vague error for a text file.
pub(crate) fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut head = [0u8; 16];
    let n = f.read(&mut head).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        source,
    })?;
    if n == 0 {
        // An empty file: SQLite treats it as a new database, and so do we.
        return Ok(());
    }
    if n < 16 || &head != b"SQLite format 3\0" {
        return Err(StoreError::NotSqlite {
            path: path.to_owned(),
        });
    }
    Ok(())
}

/// The current UTC time as ISO 8601, for bookkeeping columns.
pub(crate) fn now_iso() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    millwatch_model::RecordTime::from_unix(secs)
        .map(String::from)
        .unwrap_or_default()
}

/// The outcome of writing one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSummary {
    /// The stored source.
    pub id: SourceId,
    /// Records stored.
    pub records: u64,
    /// Items skipped, with a diagnostic each.
    pub skipped: u64,
    /// Warnings.
    pub warnings: u64,
}

#[cfg(test)]
mod tests;
