//! Writing one source's records, in crash-safe batches.
//!
//! A [`SourceWriter`] holds an open write transaction and commits every few thousand
//! records, so the write-ahead log stays small however large the file. The source row is
//! written with `complete = 0` and flipped to 1 in the same transaction as the last batch;
//! a process killed in between leaves an incomplete source that
//! [`Case::purge_incomplete`](crate::Case::purge_incomplete) removes before the next ingest.
//!
//! [`PreparedRecord`] does the CPU work (field JSON, index segmentation) so callers can
//! run it on worker threads and leave the single writer only the inserts.

use std::collections::HashMap;

use millwatch_model::{Decoding, Diagnostic, Mention, RecordDraft, RecordId, Severity, SourceId};
use rusqlite::{Connection, OptionalExtension, params};

use crate::{Result, SourceMeta, SourceSummary, now_iso, text_index};

/// Records per transaction. FTS5 flushes its in-memory index to a new on-disk segment at
/// every commit, and segments are merged as they pile up, so small transactions make the
/// text index rewrite itself many times over; 100k records (about 20-30 MB of text) cut
/// the store's write time by about a third against 20k (`examples/write_speed.rs`).
pub(crate) const BATCH_RECORDS: usize = 100_000;
/// Bytes of text per transaction.
const BATCH_BYTES: usize = 64 << 20;

/// The newest complete source earlier seen at a path.
pub(crate) const PREVIOUS_VERSION: &str =
    "SELECT max(id) FROM sources WHERE path = ?1 AND complete = 1";

/// A record made ready for the writer.
#[derive(Debug, Clone)]
pub struct PreparedRecord {
    draft: RecordDraft,
    fields_json: String,
    index_body: String,
    mentions: Vec<Mention>,
}

impl PreparedRecord {
    /// Serialises the fields and segments the searchable text (title, text, and field
    /// values, so that a name or a phone given only in a column is found too).
    pub fn new(draft: RecordDraft) -> Self {
        let pairs: Vec<(&str, &str)> = draft
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.value.as_str()))
            .collect();
        // Serialising a Vec of string pairs cannot fail.
        let fields_json = serde_json::to_string(&pairs).unwrap_or_else(|_| "[]".into());
        // The same function rebuilds it from the stored record when the index catches up.
        let index_body = text_index::body(
            draft.title.as_deref(),
            &draft.text,
            draft.fields.iter().map(|f| f.value.as_str()),
        );
        PreparedRecord {
            draft,
            fields_json,
            index_body,
            mentions: Vec::new(),
        }
    }

    /// The same record with the selectors found in it.
    #[must_use]
    pub fn with_mentions(mut self, mentions: Vec<Mention>) -> Self {
        self.mentions = mentions;
        self
    }

    /// The selectors found in it.
    pub fn mentions(&self) -> &[Mention] {
        &self.mentions
    }

    /// The draft.
    pub fn draft(&self) -> &RecordDraft {
        &self.draft
    }
}

/// The case's open write transaction, shared by the sources written one after another.
///
/// Many inputs are small (an `.eml`, a saved page): committing each on its own would make
/// SQLite sync the WAL and FTS5 flush its in-memory index for every file. So a transaction
/// spans sources and is committed when it holds a batch's worth of records or bytes, or
/// when the case is flushed. Crash safety is unchanged: a source is marked complete in the
/// same transaction as its last records, and what a crash loses is redone by the next run.
pub(crate) struct Pending {
    open: bool,
    records: usize,
    bytes: usize,
    /// The id the next record gets (see [`text_index`] for why ids are explicit).
    next_id: i64,
    /// The text index's side of the transaction.
    pub(crate) text: text_index::Feed,
}

impl Pending {
    pub(crate) fn new(text: text_index::Feed) -> Self {
        Pending {
            open: false,
            records: 0,
            bytes: 0,
            next_id: 0,
            text,
        }
    }

    fn begin(&mut self, conn: &Connection) -> Result<()> {
        if !self.open {
            // Not BEGIN IMMEDIATE, which would take the write lock of the attached text
            // index too and stall its thread: a write to the case's own `meta` (which
            // changes no row) takes the case's write lock alone, at once.
            conn.execute_batch("BEGIN; UPDATE main.meta SET value = value WHERE 0;")?;
            self.open = true;
            // Above every record, every deletion the index has not applied yet, and the
            // index's mark, so that an id is never given twice to the index.
            match conn.query_row(
                "SELECT max(coalesce((SELECT max(id) FROM main.records), 0),
                            coalesce((SELECT max(id) FROM main.text_index_deleted), 0),
                            (SELECT upto FROM fts.text_index_mark)) + 1",
                [],
                |r| r.get(0),
            ) {
                Ok(id) => self.next_id = id,
                Err(e) => {
                    self.rollback(conn);
                    return Err(e.into());
                }
            }
        }
        Ok(())
    }

    /// Commits the open transaction, if any, and lets the text index commit the same.
    pub(crate) fn commit(&mut self, conn: &Connection) -> Result<()> {
        if self.open {
            self.text.before_commit(conn)?;
            conn.execute_batch("COMMIT")?;
            self.open = false;
            self.text.committed();
        }
        self.records = 0;
        self.bytes = 0;
        Ok(())
    }

    fn full(&self) -> bool {
        self.records >= BATCH_RECORDS || self.bytes >= BATCH_BYTES
    }

    fn commit_if_full(&mut self, conn: &Connection) -> Result<()> {
        if self.full() {
            self.commit(conn)?;
        }
        Ok(())
    }

    pub(crate) fn rollback(&mut self, conn: &Connection) {
        if self.open {
            // Nothing useful can be done with an error here; what was not committed is
            // incomplete and is purged by the next ingest.
            let _ = conn.execute_batch("ROLLBACK");
            self.open = false;
            self.text.rolled_back();
        }
        self.records = 0;
        self.bytes = 0;
    }
}

/// Writes the records of one source into the shared transaction.
///
/// Dropping it without [`finish`](Self::finish) or [`abandon`](Self::abandon) deletes what
/// was written for it (other sources in the transaction are kept); whatever of it survives
/// a failure stays marked incomplete and is purged by the next ingest.
///
/// There is deliberately no SAVEPOINT per source: FTS5 flushes its in-memory index to a
/// new segment at every savepoint, so with many small files (a mailbox of `.eml`s, a
/// folder of saved pages) the text index was rebuilt thousands of times over and took
/// most of the writer's time. Undoing a source is an explicit delete instead.
pub struct SourceWriter<'c> {
    conn: &'c Connection,
    selectors: &'c mut SelectorCache,
    pending: &'c mut Pending,
    source_id: i64,
    done: bool,
    records: u64,
    skipped: u64,
    warnings: u64,
}

impl<'c> SourceWriter<'c> {
    pub(crate) fn begin(
        conn: &'c Connection,
        selectors: &'c mut SelectorCache,
        pending: &'c mut Pending,
        meta: &SourceMeta,
    ) -> Result<Self> {
        pending.begin(conn)?;
        let mut writer = SourceWriter {
            conn,
            selectors,
            pending,
            source_id: 0,
            done: false,
            records: 0,
            skipped: 0,
            warnings: 0,
        };
        let now = now_iso();
        // Cached statements: a folder of small files begins thousands of sources, and
        // compiling these statements afresh for each was an eighth of the writer's work.
        let previous: Option<i64> = conn
            .prepare_cached(PREVIOUS_VERSION)?
            .query_row([&meta.path], |r| r.get(0))?;
        conn.prepare_cached(
            "INSERT INTO sources (sha256, path, size, format, ingested_at, previous_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            meta.hash.as_bytes().as_slice(),
            meta.path,
            i64::try_from(meta.size).unwrap_or(i64::MAX),
            meta.format.as_str(),
            now,
            previous
        ])?;
        writer.source_id = conn.last_insert_rowid();
        conn.prepare_cached(
            "INSERT INTO source_paths (source_id, path, seen_at) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![writer.source_id, meta.path, now])?;
        Ok(writer)
    }

    /// The id of the source being written.
    pub fn source_id(&self) -> SourceId {
        SourceId(self.source_id)
    }

    /// Stores one record.
    pub fn add(&mut self, rec: &PreparedRecord) -> Result<RecordId> {
        self.ensure_tx()?;
        let d = &rec.draft;
        let id = self.pending.next_id;
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO records (id, source_id, kind, external_id, byte_start, byte_end, line, row_no,
                                  message_id, time, time_unix, title, fields, text)
             VALUES (?14, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?;
        stmt.execute(params![
            self.source_id,
            d.kind.as_str(),
            d.external_id,
            to_i64(d.place.byte_start),
            to_i64(d.place.byte_end),
            d.place.line.map(to_i64),
            d.place.row.map(to_i64),
            d.place.message_id,
            d.time.as_ref().map(|t| t.as_str()),
            d.time.as_ref().map(|t| t.approx_unix()),
            d.title,
            rec.fields_json,
            d.text,
            id,
        ])?;
        self.pending.next_id = id + 1;
        self.pending.text.insert(self.conn, id, &rec.index_body)?;
        if !rec.mentions.is_empty() {
            let mut ins = self.conn.prepare_cached(
                "INSERT INTO mentions (record_id, selector_id, field, start, end, raw, rule, victim)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for m in &rec.mentions {
                let sid = self.selectors.id(self.conn, &m.kind, &m.value)?;
                ins.execute(params![
                    id,
                    sid,
                    m.field,
                    to_i64(m.start),
                    to_i64(m.end),
                    m.raw,
                    m.rule,
                    m.victim
                ])?;
            }
        }
        self.records += 1;
        self.pending.records += 1;
        self.pending.bytes += d.text.len() + rec.index_body.len();
        // Committing mid-source is safe: the source is not complete until `finish`.
        if self.pending.full() {
            self.pending.commit(self.conn)?;
            self.ensure_tx()?;
        }
        Ok(RecordId(id))
    }

    /// Stores one diagnostic and counts it.
    pub fn add_diagnostic(&mut self, d: &Diagnostic) -> Result<()> {
        self.ensure_tx()?;
        let severity = match d.severity {
            Severity::Skipped => {
                self.skipped += 1;
                "skipped"
            }
            Severity::Warning => {
                self.warnings += 1;
                "warning"
            }
        };
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO diagnostics (source_id, severity, line, row_no, message_id, byte_start, byte_end, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        stmt.execute(params![
            self.source_id,
            severity,
            d.place.line.map(to_i64),
            d.place.row.map(to_i64),
            d.place.message_id,
            to_i64(d.place.byte_start),
            to_i64(d.place.byte_end),
            d.reason,
        ])?;
        Ok(())
    }

    /// Reopens the transaction after a mid-source commit.
    fn ensure_tx(&mut self) -> Result<()> {
        self.pending.begin(self.conn)
    }

    /// Marks the source complete with its decoding and counts, in the transaction that
    /// holds its last records. That transaction is committed once full or when the case is
    /// flushed ([`Case::flush`](crate::Case::flush), or dropping the case).
    pub fn finish(mut self, decoding: &Decoding) -> Result<SourceSummary> {
        self.ensure_tx()?;
        self.conn
            .prepare_cached(
                "UPDATE sources SET complete = 1, encoding = ?2, decode_method = ?3, decode_errors = ?4,
                    records = ?5, skipped = ?6, warnings = ?7
             WHERE id = ?1",
            )?
            .execute(params![
                self.source_id,
                decoding.encoding,
                decoding.method,
                decoding.had_errors,
                to_i64(self.records),
                to_i64(self.skipped),
                to_i64(self.warnings),
            ],
        )?;
        self.done = true;
        self.pending.commit_if_full(self.conn)?;
        Ok(SourceSummary {
            id: SourceId(self.source_id),
            records: self.records,
            skipped: self.skipped,
            warnings: self.warnings,
        })
    }

    /// Gives up on the source: removes everything written for it, committed or not.
    /// Other sources in the same open transaction are kept.
    pub fn abandon(mut self) -> Result<()> {
        self.ensure_tx()?;
        delete_source(self.conn, &mut self.pending.text, self.source_id)?;
        self.done = true;
        self.pending.commit_if_full(self.conn)
    }
}

impl Drop for SourceWriter<'_> {
    fn drop(&mut self) {
        if !self.done
            && self.pending.open
            && delete_source(self.conn, &mut self.pending.text, self.source_id).is_err()
        {
            // Undo the whole transaction rather than keep half a source; what was
            // committed before is incomplete and purged by the next ingest.
            self.pending.rollback(self.conn);
            // Selector ids handed out in what was rolled back are not in the case.
            self.selectors.clear();
        }
    }
}

/// Deletes one source and everything stored for it (its records' mentions go with the
/// records, by foreign key). The selectors it introduced stay: a selector without
/// mentions is not shown anywhere. Its records' ids are remembered as deleted in the same
/// transaction, until the text index has dropped them too (see [`text_index`]).
pub(crate) fn delete_source(conn: &Connection, text: &mut text_index::Feed, id: i64) -> Result<()> {
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare_cached("SELECT id FROM records WHERE source_id = ?1")?;
        stmt.query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    {
        let mut remember =
            conn.prepare_cached("INSERT OR IGNORE INTO text_index_deleted (id) VALUES (?1)")?;
        for &r in &ids {
            remember.execute([r])?;
        }
    }
    text.delete(conn, ids)?;
    for table in ["records", "diagnostics", "source_paths"] {
        conn.execute(&format!("DELETE FROM {table} WHERE source_id = ?1"), [id])?;
    }
    conn.execute("DELETE FROM sources WHERE id = ?1", [id])?;
    Ok(())
}

/// Ids of selectors already in the case, so that each mention costs one insert rather
/// than a lookup too. Bounded: cleared when it grows past a few million entries. Cleared
/// on rollback, since ids handed out in a rolled-back transaction are not in the case.
#[derive(Default)]
pub(crate) struct SelectorCache {
    /// Kind, then value: looked up by `&str` without allocating.
    ids: HashMap<String, HashMap<String, i64>>,
    len: usize,
}

impl SelectorCache {
    const MAX: usize = 2_000_000;

    fn id(&mut self, conn: &Connection, kind: &str, value: &str) -> Result<i64> {
        if let Some(&id) = self.ids.get(kind).and_then(|m| m.get(value)) {
            return Ok(id);
        }
        let mut find =
            conn.prepare_cached("SELECT id FROM selectors WHERE kind = ?1 AND value = ?2")?;
        let found: Option<i64> = find
            .query_row(params![kind, value], |r| r.get(0))
            .optional()?;
        let id = match found {
            Some(id) => id,
            None => {
                let mut ins =
                    conn.prepare_cached("INSERT INTO selectors (kind, value) VALUES (?1, ?2)")?;
                ins.execute(params![kind, value])?;
                conn.last_insert_rowid()
            }
        };
        if self.len >= Self::MAX {
            self.clear();
        }
        self.ids
            .entry(kind.to_owned())
            .or_default()
            .insert(value.to_owned(), id);
        self.len += 1;
        Ok(id)
    }

    pub(crate) fn clear(&mut self) {
        self.ids.clear();
        self.len = 0;
    }
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}
