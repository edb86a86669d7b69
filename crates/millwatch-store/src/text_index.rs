//! The full-text index, in its own database file beside the case, written on its own
//! thread.
//!
//! FTS5's tokenizer runs inside the connection that inserts, and it was about 40% of the
//! record writer's instructions: with the index in the case file, tokenizing was serial
//! with every other insert. So the index lives in a second SQLite file, `CASE-text`,
//! attached to every connection of the case as `fts` for reads (search joins it with
//! `records`), and during ingest a thread of its own writes it through its own
//! connection, in parallel with the records, mentions and selectors.
//!
//! Crash safety rests on three rules:
//!
//! - **The index never commits ahead of the case.** The index thread commits only when the
//!   record writer has committed the same records (the writer sends `Commit` after its
//!   own `COMMIT`), and it records the highest record id it has indexed (`mark`) in the
//!   same transaction. So a killed ingest leaves the index *behind* the case, never ahead.
//! - **Record ids are never reused below the mark or a pending deletion.** The writer
//!   gives records explicit ids above `max(records, mark, tombstones)`, so "every record
//!   above the mark is missing from the index" is exact.
//! - **Deletions are remembered in the case** (`text_index_deleted`, written in the same
//!   transaction as the delete) until the index has applied them.
//!
//! [`catch_up`] applies pending deletions and indexes the records above the mark; it runs
//! when an ingest starts and when a case is opened with a new index file (a case made
//! before migration 11, or whose index file was lost). The index is derived data: deleting
//! the file only costs the time to rebuild it.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use rusqlite::{Connection, OpenFlags, params};

use crate::{Result, StoreError, segment};

/// The index file of the case at `case`: the case's name with `-text` appended.
pub fn index_path(case: &Path) -> PathBuf {
    let mut s = case.as_os_str().to_owned();
    s.push("-text");
    PathBuf::from(s)
}

/// The index database's schema, created in the attached `fts` database when it is new.
/// The FTS5 table is contentless (the text lives once, in `records`); the bulk-load
/// settings are migration 5's. `text_index_mark` holds the highest record id indexed.
const SCHEMA: &str = r#"
CREATE TABLE fts.text_index_mark (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    upto INTEGER NOT NULL
) STRICT;
INSERT INTO fts.text_index_mark (id, upto) VALUES (1, 0);
CREATE VIRTUAL TABLE fts.record_fts USING fts5(
    body,
    content = '',
    contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
);
INSERT INTO fts.record_fts (record_fts, rank) VALUES ('hashsize', 67108864);
INSERT INTO fts.record_fts (record_fts, rank) VALUES ('automerge', 8);
INSERT INTO fts.record_fts (record_fts, rank) VALUES ('crisismerge', 64);
"#;

/// Deletes the index entries of the given record ids that exist (deleting a rowid that
/// was never indexed is skipped, so a deletion can be applied twice).
const DELETE_SQL: &str = "DELETE FROM record_fts WHERE rowid IN
     (SELECT id FROM record_fts_docsize WHERE id = ?1)";

/// The searchable text of a record: title, text and field values, segmented (see
/// [`segment`]), one per line.
pub(crate) fn body<'a>(
    title: Option<&str>,
    text: &str,
    field_values: impl Iterator<Item = &'a str>,
) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    if let Some(title) = title {
        segment::push_index_text(title, &mut out);
        out.push('\n');
    }
    segment::push_index_text(text, &mut out);
    for v in field_values {
        out.push('\n');
        segment::push_index_text(v, &mut out);
    }
    out
}

/// Attaches the index at `file` (or a private in-memory one) as `fts`, creating its
/// schema when it is new. Returns whether it was new.
pub(crate) fn attach(conn: &Connection, file: Option<&Path>) -> Result<bool> {
    let name = match file {
        Some(f) => {
            if f.exists() {
                crate::check_header(f)?;
            }
            f.to_str()
                .ok_or_else(|| StoreError::Io {
                    path: f.to_owned(),
                    source: std::io::Error::other("the case's path is not valid UTF-8"),
                })?
                .to_owned()
        }
        None => ":memory:".to_owned(),
    };
    conn.execute("ATTACH DATABASE ?1 AS fts", [&name])?;
    if file.is_some() {
        conn.execute_batch(
            "PRAGMA fts.journal_mode = WAL;
             PRAGMA fts.synchronous = NORMAL;
             PRAGMA fts.cache_size = -65536;",
        )?;
    }
    let exists = |conn: &Connection| -> Result<bool> {
        Ok(conn.query_row(
            "SELECT count(*) FROM fts.sqlite_master WHERE name = 'text_index_mark'",
            [],
            |r| r.get::<_, i64>(0),
        )? > 0)
    };
    if exists(conn)? {
        return Ok(false);
    }
    // Created under the write locks, so that two processes opening a new index at once
    // create it once.
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let created = (|| -> Result<bool> {
        if exists(conn)? {
            return Ok(false);
        }
        conn.execute_batch(SCHEMA)?;
        Ok(true)
    })();
    match created {
        Ok(c) => {
            conn.execute_batch("COMMIT")?;
            Ok(c)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// Empties the index, for a new case that found an old index file beside it.
pub(crate) fn clear(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "BEGIN IMMEDIATE;
         INSERT INTO fts.record_fts (record_fts) VALUES ('delete-all');
         UPDATE fts.text_index_mark SET upto = 0;
         COMMIT;",
    )
    .inspect_err(|_| {
        let _ = conn.execute_batch("ROLLBACK");
    })?;
    Ok(())
}

/// The highest record id the index holds.
pub(crate) fn mark(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT upto FROM fts.text_index_mark", [], |r| r.get(0))?)
}

/// Brings the index level with the case: applies the deletions it lacks, indexes the
/// records above its mark. Returns how many records it indexed. Must not run while an
/// index thread of this case is writing (ingest calls it before starting one).
pub(crate) fn catch_up(conn: &Connection) -> Result<u64> {
    let (max_record, deleted): (i64, i64) = conn.query_row(
        "SELECT coalesce((SELECT max(id) FROM main.records), 0),
                (SELECT count(*) FROM main.text_index_deleted)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if max_record <= mark(conn)? && deleted == 0 {
        return Ok(0);
    }
    // First the index (deletions and new records, with the mark), then, once that is
    // committed, the case forgets the deletions: a crash in between applies them again,
    // which deletes nothing. The index's write lock is taken first (and only it: a
    // deferred transaction), so the mark read next cannot move.
    conn.execute_batch("BEGIN; UPDATE fts.text_index_mark SET upto = upto;")?;
    let indexed = (|| -> Result<(u64, i64)> {
        let upto = mark(conn)?;
        let mut last_deleted = 0;
        {
            let mut del = conn.prepare(&DELETE_SQL.replace("record_fts", "fts.record_fts"))?;
            let mut ids = conn.prepare("SELECT id FROM main.text_index_deleted ORDER BY id")?;
            let mut rows = ids.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                del.execute([id])?;
                last_deleted = id;
            }
        }
        let mut n = 0u64;
        let mut top = upto;
        {
            let mut ins =
                conn.prepare("INSERT INTO fts.record_fts (rowid, body) VALUES (?1, ?2)")?;
            let mut sel = conn.prepare(
                "SELECT id, title, text, fields FROM main.records WHERE id > ?1 ORDER BY id",
            )?;
            let mut rows = sel.query([upto])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let title: Option<String> = r.get(1)?;
                let text: String = r.get(2)?;
                let fields: String = r.get(3)?;
                let pairs: Vec<(String, String)> = serde_json::from_str(&fields)?;
                let b = body(
                    title.as_deref(),
                    &text,
                    pairs.iter().map(|(_, v)| v.as_str()),
                );
                ins.execute(params![id, b])?;
                n += 1;
                top = top.max(id);
            }
        }
        conn.execute("UPDATE fts.text_index_mark SET upto = ?1", [top])?;
        Ok((n, last_deleted))
    })();
    let (n, last_deleted) = match indexed {
        Ok(v) => v,
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e);
        }
    };
    conn.execute_batch("COMMIT")?;
    if last_deleted > 0 {
        conn.execute(
            "DELETE FROM main.text_index_deleted WHERE id <= ?1",
            [last_deleted],
        )?;
    }
    if n > 0 {
        tracing::info!(records = n, "text index caught up");
    }
    Ok(n)
}

/// Records handed to the index thread per message.
const SEND_BATCH: usize = 256;
/// Messages in flight to the index thread: bounds the memory between the two writers.
const CHANNEL: usize = 16;

/// What the record writer tells the index thread, in the order it happened.
enum Msg {
    Insert(Vec<(i64, String)>),
    Delete(Vec<i64>),
    /// The record writer committed everything sent before.
    Commit,
    /// The record writer rolled back everything sent since the last `Commit`.
    Rollback,
}

/// The index side of the case's write transaction: either written on the case's own
/// connection (an in-memory case, or while no ingest is running), or fed to a thread.
pub(crate) struct Feed {
    /// The index file, for the thread's connection; `None` keeps every write on the
    /// case's connection.
    file: Option<PathBuf>,
    worker: Option<Worker>,
    /// Records to send to the worker.
    buf: Vec<(i64, String)>,
    /// The highest id inserted on the case's connection in the open transaction.
    direct_top: i64,
    /// The first error of a worker that has since stopped.
    failed: Option<StoreError>,
    /// A worker failed since the last catch-up: what it had not committed is missing
    /// from the index, so nothing more is indexed until [`catch_up`] fills the gap (a
    /// new worker's mark would otherwise jump over it).
    broken: bool,
}

struct Worker {
    tx: SyncSender<Msg>,
    handle: JoinHandle<Result<()>>,
}

impl Feed {
    pub(crate) fn new(file: Option<PathBuf>) -> Self {
        Feed {
            file,
            worker: None,
            buf: Vec::new(),
            direct_top: 0,
            failed: None,
            broken: false,
        }
    }

    /// The index was caught up with the case: indexing may resume.
    pub(crate) fn caught_up(&mut self) {
        if self.worker.is_none() {
            self.broken = false;
        }
    }

    /// Indexes record `id`.
    pub(crate) fn insert(&mut self, conn: &Connection, id: i64, body: &str) -> Result<()> {
        if self.broken {
            return Ok(());
        }
        if self.worker.is_none()
            && let Some(file) = &self.file
        {
            self.worker = Some(spawn(file.clone())?);
        }
        if self.worker.is_some() {
            self.buf.push((id, body.to_owned()));
            if self.buf.len() >= SEND_BATCH {
                self.send_buf();
            }
            return Ok(());
        }
        conn.prepare_cached("INSERT INTO fts.record_fts (rowid, body) VALUES (?1, ?2)")?
            .execute(params![id, body])?;
        self.direct_top = self.direct_top.max(id);
        Ok(())
    }

    /// Removes the index entries of `ids` (the case has remembered them as deleted).
    pub(crate) fn delete(&mut self, conn: &Connection, ids: Vec<i64>) -> Result<()> {
        if self.worker.is_some() {
            self.send_buf();
            self.send(Msg::Delete(ids));
            return Ok(());
        }
        let mut del = conn.prepare_cached(&DELETE_SQL.replace("record_fts", "fts.record_fts"))?;
        for id in ids {
            del.execute([id])?;
        }
        Ok(())
    }

    /// Called just before the case's `COMMIT`: records the mark of what was indexed on
    /// the case's own connection, in the same transaction.
    pub(crate) fn before_commit(&mut self, conn: &Connection) -> Result<()> {
        if self.direct_top > 0 {
            conn.execute(
                "UPDATE fts.text_index_mark SET upto = max(upto, ?1)",
                [self.direct_top],
            )?;
            self.direct_top = 0;
        }
        Ok(())
    }

    /// The case committed: the worker may commit the same.
    pub(crate) fn committed(&mut self) {
        if self.worker.is_some() {
            self.send_buf();
            self.send(Msg::Commit);
        }
    }

    /// The case rolled back: so does the index.
    pub(crate) fn rolled_back(&mut self) {
        self.direct_top = 0;
        self.buf.clear();
        if self.worker.is_some() {
            self.send(Msg::Rollback);
        }
    }

    /// Waits for the worker to commit what it was sent and stop; reports its error, if
    /// it had one (the index then lags the case until the next ingest catches it up).
    pub(crate) fn finish(&mut self) -> Result<()> {
        if let Some(w) = self.worker.take() {
            // What was not committed by the case is not committed by the index either:
            // the worker rolls back an open transaction when the channel closes.
            self.buf.clear();
            drop(w.tx);
            match w.handle.join() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    self.broken = true;
                    self.failed.get_or_insert(e);
                }
                Err(_) => {
                    self.broken = true;
                    self.failed
                        .get_or_insert(StoreError::IndexThread("the text index thread panicked"));
                }
            }
        }
        match self.failed.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn send_buf(&mut self) {
        if !self.buf.is_empty() {
            let batch = std::mem::take(&mut self.buf);
            self.send(Msg::Insert(batch));
        }
    }

    fn send(&mut self, msg: Msg) {
        let gone = match &self.worker {
            Some(w) => w.tx.send(msg).is_err(),
            None => false,
        };
        if gone {
            // The worker stopped on an error; `finish` reports it. Until then the case
            // goes on, and the next ingest indexes what the worker missed.
            if let Err(e) = self.finish() {
                self.failed = Some(e);
            }
        }
    }
}

fn spawn(file: PathBuf) -> Result<Worker> {
    let conn = Connection::open_with_flags(
        &file,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA cache_size = -65536;
         PRAGMA wal_autocheckpoint = 16384;",
    )?;
    let (tx, rx) = sync_channel(CHANNEL);
    let handle = std::thread::Builder::new()
        .name("text-index".into())
        .spawn(move || run(&conn, &rx))
        .map_err(|e| StoreError::Io {
            path: file,
            source: e,
        })?;
    Ok(Worker { tx, handle })
}

/// The index thread: applies the messages in order, committing when the case did.
fn run(conn: &Connection, rx: &Receiver<Msg>) -> Result<()> {
    let mut open = false;
    let mut top = 0i64;
    let result = (|| -> Result<()> {
        for msg in rx {
            if !open && matches!(msg, Msg::Insert(_) | Msg::Delete(_)) {
                conn.execute_batch("BEGIN IMMEDIATE")?;
                open = true;
            }
            match msg {
                Msg::Insert(batch) => {
                    let mut ins = conn
                        .prepare_cached("INSERT INTO record_fts (rowid, body) VALUES (?1, ?2)")?;
                    for (id, body) in &batch {
                        ins.execute(params![id, body])?;
                        top = top.max(*id);
                    }
                }
                Msg::Delete(ids) => {
                    let mut del = conn.prepare_cached(DELETE_SQL)?;
                    for id in ids {
                        del.execute([id])?;
                    }
                }
                Msg::Commit => {
                    if open {
                        if top > 0 {
                            conn.execute("UPDATE text_index_mark SET upto = max(upto, ?1)", [top])?;
                        }
                        conn.execute_batch("COMMIT")?;
                        open = false;
                        top = 0;
                    }
                }
                Msg::Rollback => {
                    if open {
                        conn.execute_batch("ROLLBACK")?;
                        open = false;
                        top = 0;
                    }
                }
            }
        }
        Ok(())
    })();
    if open {
        let _ = conn.execute_batch("ROLLBACK");
    }
    result
}
