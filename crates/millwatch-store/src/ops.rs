//! Operations: what linking found, stored and read back.
//!
//! A linking run replaces the whole set (operations, members, hub decisions, links) in
//! one transaction, so readers see either the old result or the new one.

use millwatch_model::RecordId;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use std::collections::{HashMap, HashSet};

use crate::{Case, Result, StoreError};

/// Selectors shown with an operation in a listing.
const TOP_SELECTORS: usize = 5;

/// Listings longer than this read members and selectors in bulk.
const BULK_LISTING: usize = 64;

/// An operation's row: id, label, size, first and last seen.
type ListedOperation = (i64, String, i64, Option<String>, Option<String>);

/// One operation to store.
#[derive(Debug, Clone)]
pub struct NewOperation {
    /// Stable label (`op-…`).
    pub label: String,
    /// Members.
    pub records: Vec<RecordId>,
}

/// A selector linking did not simply join on.
#[derive(Debug, Clone)]
pub struct NewDecision {
    /// The selector's id in the case.
    pub selector: i64,
    /// `hub` or `shared`.
    pub decision: &'static str,
    /// Records that mention it.
    pub records: u32,
    /// Separate groups its records fell into.
    pub groups: u32,
    /// Distinct names among those groups.
    pub names: u32,
    /// A known platform value (webmail, big platform).
    pub known: bool,
}

/// A link between two operations (indices into the operations given).
#[derive(Debug, Clone)]
pub struct NewLink {
    /// One operation.
    pub a: usize,
    /// The other.
    pub b: usize,
    /// The selector that links them, when it is one of the case's.
    pub selector: Option<i64>,
    /// `shared_selector` or `bridge`.
    pub reason: &'static str,
}

/// A record that joined its operation by a platform name alone (no selector shared with
/// it), with what singled the operation out when several give the name.
#[derive(Debug, Clone)]
pub struct NewNameJoin {
    /// The record.
    pub record: RecordId,
    /// Index into the operations given.
    pub operation: usize,
    /// The name's key, which the record and the operation's records give.
    pub name: String,
    /// The name as the record writes it.
    pub written: String,
    /// The second piece of evidence, when the name was given by several operations.
    pub corroboration: Option<NameCorroboration>,
}

/// What singled out one of the operations that give a platform name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum NameCorroboration {
    /// The record gives a persona the operation gives too (and no other that gives the
    /// name): as the record writes it.
    Persona {
        /// As written.
        written: String,
    },
    /// The record's time lies within the operation's time span (and within no other's
    /// that gives the name).
    Time {
        /// First time of the operation's records.
        from: String,
        /// Last.
        to: String,
    },
}

/// A stored [`NewNameJoin`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameJoinView {
    /// The record.
    pub record: RecordId,
    /// Its operation's label.
    pub operation: String,
    /// The name's key.
    pub name: String,
    /// As the record writes it.
    pub written: String,
    /// The second piece of evidence, when several operations give the name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corroboration: Option<NameCorroboration>,
}

impl NameJoinView {
    /// In words: the name as the record writes it, and what singled the operation out
    /// when several give it (one wording for the command line, the pages and reports).
    pub fn reason(&self) -> String {
        let day = |t: &str| t.get(..10).unwrap_or(t).to_owned();
        let why = match &self.corroboration {
            None => "the only operation that gives it".to_owned(),
            Some(NameCorroboration::Persona { written }) => format!(
                "of the operations that give it, the only one that also gives the persona \"{written}\""
            ),
            Some(NameCorroboration::Time { from, to }) => format!(
                "of the operations that give it, the only one active at the record's time ({} … {})",
                day(from),
                day(to)
            ),
        };
        format!("gives \"{}\" (key {}): {why}", self.written, self.name)
    }
}

/// A selector with its count inside an operation.
#[derive(Debug, Clone, Serialize)]
pub struct OperationSelector {
    /// Kind.
    pub kind: String,
    /// Normal form.
    pub value: String,
    /// Members that mention it.
    pub records: u64,
}

/// An operation in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct OperationSummary {
    /// Stable label.
    pub id: String,
    /// Number of records.
    pub size: u64,
    /// Earliest member time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    /// Latest member time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    /// Most-mentioned selectors (hubs and victims' own contacts left out).
    pub top_selectors: Vec<OperationSelector>,
    /// Members: external ids where records have them, else record ids.
    pub records: Vec<String>,
}

/// A member record of an operation.
#[derive(Debug, Clone, Serialize)]
pub struct OperationMember {
    /// Record id.
    pub record: RecordId,
    /// External id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Kind.
    pub kind: String,
    /// Time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Source path.
    pub path: String,
}

/// A hub one of the operation's members mentions.
#[derive(Debug, Clone, Serialize)]
pub struct HubView {
    /// Kind.
    pub kind: String,
    /// Value.
    pub value: String,
    /// Records in the case that mention it.
    pub records: u64,
    /// Separate groups they fell into.
    pub groups: u64,
    /// Distinct names among those groups.
    pub names: u64,
    /// A known platform value.
    pub known: bool,
}

/// A link to another operation.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// The other operation.
    pub operation: String,
    /// Why.
    pub reason: String,
    /// The selector, when one links them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Its value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// Everything about one operation.
#[derive(Debug, Clone, Serialize)]
pub struct OperationView {
    /// Summary.
    #[serde(flatten)]
    pub summary: OperationSummary,
    /// Members, oldest first.
    pub members: Vec<OperationMember>,
    /// Its selectors, most-mentioned first.
    pub selectors: Vec<OperationSelector>,
    /// Hubs its members mention (not used to join).
    pub hubs: Vec<HubView>,
    /// Links to other operations.
    pub links: Vec<LinkView>,
    /// Members that joined by a platform name alone, with that evidence.
    pub name_joins: Vec<NameJoinView>,
}

/// Every record's time in a range of ids, in id order (from the `records_graph` index).
pub(crate) const MEMBER_TIMES: &str =
    "SELECT id, time FROM records WHERE id BETWEEN ?1 AND ?2 AND time IS NOT NULL ORDER BY id";

/// Sets each operation's first and last seen: the earliest and latest time of its
/// members (text order, as SQL's `min` and `max`; records without a time left out).
/// `members` is `(record, operation)` in record order; the records are read in one pass
/// in the same order, since looking each up by operation reads them in random order.
fn first_and_last_seen(tx: &rusqlite::Transaction<'_>, members: &[(i64, i64)]) -> Result<()> {
    let (Some(&(lo, _)), Some(&(hi, _))) = (members.first(), members.last()) else {
        return Ok(());
    };
    let mut span: HashMap<i64, (String, String)> = HashMap::new();
    let mut stmt = tx.prepare(MEMBER_TIMES)?;
    let mut rows = stmt.query(params![lo, hi])?;
    let mut at = 0;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        while members.get(at).is_some_and(|&(r, _)| r < id) {
            at += 1;
        }
        let Some(&(_, operation)) = members.get(at).filter(|&&(r, _)| r == id) else {
            continue;
        };
        let time: String = row.get(1)?;
        match span.get_mut(&operation) {
            Some((first, last)) => {
                if time < *first {
                    first.clone_from(&time);
                }
                if time > *last {
                    *last = time;
                }
            }
            None => {
                span.insert(operation, (time.clone(), time));
            }
        }
    }
    let mut update =
        tx.prepare("UPDATE operations SET first_seen = ?2, last_seen = ?3 WHERE id = ?1")?;
    for (operation, (first, last)) in span {
        update.execute(params![operation, first, last])?;
    }
    Ok(())
}

impl Case {
    /// Replaces the stored linking result.
    pub fn replace_operations(
        &mut self,
        operations: &[NewOperation],
        decisions: &[NewDecision],
        links: &[NewLink],
    ) -> Result<()> {
        self.replace_linking(operations, decisions, links, &[])
    }

    /// Replaces the stored linking result, with the records joined by a name alone.
    pub fn replace_linking(
        &mut self,
        operations: &[NewOperation],
        decisions: &[NewDecision],
        links: &[NewLink],
        joins: &[NewNameJoin],
    ) -> Result<()> {
        self.flush()?;
        // Every record id here was just read from this case's complete sources, which
        // nothing deletes, so the foreign-key lookups (a random read of the large records
        // table per member) are skipped for this transaction; they cost more than the rest
        // of the write. The pragma cannot change inside a transaction, hence before it.
        self.conn.execute_batch("PRAGMA foreign_keys = OFF")?;
        let result = self.replace_operations_unchecked(operations, decisions, links, joins);
        self.conn.execute_batch("PRAGMA foreign_keys = ON")?;
        result
    }

    fn replace_operations_unchecked(
        &mut self,
        operations: &[NewOperation],
        decisions: &[NewDecision],
        links: &[NewLink],
        joins: &[NewNameJoin],
    ) -> Result<()> {
        let clock = std::time::Instant::now();
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM name_joins; DELETE FROM operation_digest_members; DELETE FROM operation_digest_selectors;
             DELETE FROM operation_digest_hubs; DELETE FROM operation_digests;
             DELETE FROM operation_links; DELETE FROM operation_records;
             DELETE FROM selector_decisions; DELETE FROM operations;",
        )?;
        tracing::debug!(
            secs = clock.elapsed().as_secs_f64(),
            "old operations deleted"
        );
        let mut ids = Vec::with_capacity(operations.len());
        {
            let mut op = tx.prepare("INSERT INTO operations (label, size) VALUES (?1, ?2)")?;
            let mut members: Vec<(i64, i64)> = Vec::new();
            for o in operations {
                op.execute(params![o.label, o.records.len() as i64])?;
                let id = tx.last_insert_rowid();
                ids.push(id);
                members.extend(o.records.iter().map(|r| (r.0, id)));
            }
            // In record order: appends to the table's B-tree instead of random inserts;
            // the index by operation is built afterwards in one sort rather than by a
            // random insert per member.
            members.sort_unstable();
            tx.execute_batch("DROP INDEX IF EXISTS operation_records_operation")?;
            {
                let mut member = tx.prepare(
                    "INSERT OR REPLACE INTO operation_records (record_id, operation_id) VALUES (?1, ?2)",
                )?;
                for &(record, operation) in &members {
                    member.execute(params![record, operation])?;
                }
            }
            tx.execute_batch(
                "CREATE INDEX operation_records_operation ON operation_records(operation_id)",
            )?;
            tracing::debug!(secs = clock.elapsed().as_secs_f64(), "members written");
            first_and_last_seen(&tx, &members)?;
            tracing::debug!(secs = clock.elapsed().as_secs_f64(), "first and last seen");
            let mut dec = tx.prepare(
                "INSERT OR REPLACE INTO selector_decisions (selector_id, decision, records, groups, names, known)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for d in decisions {
                dec.execute(params![
                    d.selector, d.decision, d.records, d.groups, d.names, d.known
                ])?;
            }
            let mut link = tx.prepare(
                "INSERT INTO operation_links (a, b, selector_id, reason) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for l in links {
                if let (Some(a), Some(b)) = (ids.get(l.a), ids.get(l.b)) {
                    link.execute(params![a, b, l.selector, l.reason])?;
                }
            }
            let mut join = tx.prepare(
                "INSERT OR REPLACE INTO name_joins
                     (record_id, operation_id, name, written, corroboration, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for j in joins {
                let Some(operation) = ids.get(j.operation) else {
                    continue;
                };
                let (by, detail) = match &j.corroboration {
                    None => (None, None),
                    Some(NameCorroboration::Persona { written }) => {
                        (Some("persona"), Some(written.clone()))
                    }
                    Some(NameCorroboration::Time { from, to }) => {
                        (Some("time"), Some(format!("{from}/{to}")))
                    }
                };
                join.execute(params![
                    j.record.0, operation, j.name, j.written, by, detail
                ])?;
            }
        }
        tracing::debug!(
            secs = clock.elapsed().as_secs_f64(),
            "decisions and links written"
        );
        crate::browse::write_digests(&tx, self.digest_min_members)?;
        tracing::debug!(secs = clock.elapsed().as_secs_f64(), "digests written");
        tx.commit()?;
        tracing::debug!(secs = clock.elapsed().as_secs_f64(), "committed");
        Ok(())
    }

    /// Operations of at least `min_size` records, largest first.
    pub fn operations(&self, min_size: usize, limit: usize) -> Result<Vec<OperationSummary>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, label, size, first_seen, last_seen FROM operations
             WHERE size >= ?1 ORDER BY size DESC, label LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(
                params![
                    i64::try_from(min_size).unwrap_or(i64::MAX),
                    i64::try_from(limit).unwrap_or(i64::MAX)
                ],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, Option<String>>(4)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if rows.len() > BULK_LISTING {
            return self.summaries_in_bulk(rows);
        }
        rows.into_iter()
            .map(|(id, label, size, first, last)| {
                Ok(OperationSummary {
                    id: label,
                    size: u64::try_from(size).unwrap_or(0),
                    first_seen: first,
                    last_seen: last,
                    top_selectors: self.operation_selectors(id, TOP_SELECTORS)?,
                    records: self.member_keys(id)?,
                })
            })
            .collect()
    }

    /// [`operations`](Self::operations) for a long listing: members and top selectors
    /// of every listed operation from one ordered pass over the members and one over the
    /// mentions, instead of two queries an operation (a listing of every operation of a
    /// million-record case took 15 s of CPU that way). Gives what the queries give.
    fn summaries_in_bulk(&self, rows: Vec<ListedOperation>) -> Result<Vec<OperationSummary>> {
        let slot: HashMap<i64, usize> = rows.iter().enumerate().map(|(i, r)| (r.0, i)).collect();
        // Members in record order, with their keys; each listed operation's slice of
        // them is in record order too.
        let mut keys: Vec<Vec<String>> = vec![Vec::new(); rows.len()];
        let mut members: Vec<Vec<i64>> = vec![Vec::new(); rows.len()];
        {
            let mut stmt = self.conn().prepare(
                "SELECT m.record_id, m.operation_id, coalesce(r.external_id, CAST(r.id AS TEXT))
                 FROM operation_records m JOIN records r ON r.id = m.record_id
                 ORDER BY m.record_id",
            )?;
            let mut q = stmt.query([])?;
            while let Some(row) = q.next()? {
                if let Some(&i) = slot.get(&row.get::<_, i64>(1)?) {
                    members[i].push(row.get(0)?);
                    keys[i].push(row.get(2)?);
                }
            }
        }
        // Every member's selectors (victims' own contacts and hubs left out), by record.
        let hubs: HashSet<i64> = self
            .conn()
            .prepare("SELECT selector_id FROM selector_decisions WHERE decision = 'hub'")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut wanted: Vec<i64> = members.iter().flatten().copied().collect();
        wanted.sort_unstable();
        let mut by_record: Vec<(i64, i64)> = Vec::new();
        {
            let mut stmt = self
                .conn()
                .prepare("SELECT record_id, selector_id FROM mentions WHERE victim = 0")?;
            let mut q = stmt.query([])?;
            while let Some(row) = q.next()? {
                let (record, selector): (i64, i64) = (row.get(0)?, row.get(1)?);
                if !hubs.contains(&selector) && wanted.binary_search(&record).is_ok() {
                    by_record.push((record, selector));
                }
            }
        }
        by_record.sort_unstable();
        by_record.dedup();
        let mut counted: Vec<Vec<(i64, u64)>> = Vec::with_capacity(rows.len());
        let mut counts: HashMap<i64, u64> = HashMap::new();
        for list in &members {
            counts.clear();
            for &record in list {
                let from = by_record.partition_point(|&(r, _)| r < record);
                for &(r, selector) in &by_record[from..] {
                    if r != record {
                        break;
                    }
                    *counts.entry(selector).or_default() += 1;
                }
            }
            let mut top: Vec<(i64, u64)> = counts.iter().map(|(&s, &n)| (s, n)).collect();
            // The first TOP_SELECTORS counts and every selector tied with the last of
            // them: their kinds and values break the ties.
            top.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            if let Some(&(_, floor)) = top.get(TOP_SELECTORS - 1) {
                top.retain(|&(_, n)| n >= floor);
            }
            counted.push(top);
        }
        let mut names: HashMap<i64, (String, String)> = HashMap::new();
        {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT kind, value FROM selectors WHERE id = ?1")?;
            for &(selector, _) in counted.iter().flatten() {
                if let std::collections::hash_map::Entry::Vacant(e) = names.entry(selector) {
                    e.insert(stmt.query_row([selector], |r| Ok((r.get(0)?, r.get(1)?)))?);
                }
            }
        }
        Ok(rows
            .into_iter()
            .zip(keys.into_iter().zip(counted))
            .map(|((_, label, size, first, last), (records, top))| {
                let mut top: Vec<OperationSelector> = top
                    .into_iter()
                    .filter_map(|(s, n)| {
                        names.get(&s).map(|(kind, value)| OperationSelector {
                            kind: kind.clone(),
                            value: value.clone(),
                            records: n,
                        })
                    })
                    .collect();
                top.sort_by(|a, b| {
                    b.records
                        .cmp(&a.records)
                        .then_with(|| a.kind.cmp(&b.kind))
                        .then_with(|| a.value.cmp(&b.value))
                });
                top.truncate(TOP_SELECTORS);
                OperationSummary {
                    id: label,
                    size: u64::try_from(size).unwrap_or(0),
                    first_seen: first,
                    last_seen: last,
                    top_selectors: top,
                    records,
                }
            })
            .collect())
    }

    /// Everything about the operation labelled `label`.
    pub fn operation(&self, label: &str) -> Result<OperationView> {
        let row: Option<(i64, i64, Option<String>, Option<String>)> = self
            .conn()
            .query_row(
                "SELECT id, size, first_seen, last_seen FROM operations WHERE label = ?1",
                [label],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((id, size, first, last)) = row else {
            return Err(StoreError::NoSuchOperation(label.to_owned()));
        };
        let selectors = self.operation_selectors(id, usize::MAX)?;
        let summary = OperationSummary {
            id: label.to_owned(),
            size: u64::try_from(size).unwrap_or(0),
            first_seen: first,
            last_seen: last,
            top_selectors: selectors.iter().take(TOP_SELECTORS).cloned().collect(),
            records: self.member_keys(id)?,
        };
        let mut stmt = self.conn().prepare_cached(
            "SELECT r.id, r.external_id, r.kind, r.time, s.path
             FROM operation_records m JOIN records r ON r.id = m.record_id
             JOIN sources s ON s.id = r.source_id
             WHERE m.operation_id = ?1 ORDER BY r.time_unix IS NULL, r.time_unix, r.id",
        )?;
        let members = stmt
            .query_map([id], |r| {
                Ok(OperationMember {
                    record: RecordId(r.get(0)?),
                    external_id: r.get(1)?,
                    kind: r.get(2)?,
                    time: r.get(3)?,
                    path: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT s.kind, s.value, d.records, d.groups, d.names, d.known
             FROM selector_decisions d JOIN selectors s ON s.id = d.selector_id
             WHERE d.decision = 'hub' AND d.selector_id IN (
                 SELECT mn.selector_id FROM mentions mn
                 JOIN operation_records m ON m.record_id = mn.record_id
                 WHERE m.operation_id = ?1)
             ORDER BY d.records DESC, s.kind, s.value",
        )?;
        let hubs = stmt
            .query_map([id], |r| {
                Ok(HubView {
                    kind: r.get(0)?,
                    value: r.get(1)?,
                    records: u64::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                    groups: u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                    names: u64::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
                    known: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT o.label, l.reason, s.kind, s.value
             FROM operation_links l
             JOIN operations o ON o.id = CASE WHEN l.a = ?1 THEN l.b ELSE l.a END
             LEFT JOIN selectors s ON s.id = l.selector_id
             WHERE l.a = ?1 OR l.b = ?1 ORDER BY o.size DESC, o.label",
        )?;
        let links = stmt
            .query_map([id], |r| {
                Ok(LinkView {
                    operation: r.get(0)?,
                    reason: r.get(1)?,
                    kind: r.get(2)?,
                    value: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let name_joins = self.name_joins("j.operation_id = ?1", id)?;
        Ok(OperationView {
            summary,
            members,
            selectors,
            hubs,
            links,
            name_joins,
        })
    }

    /// How `record` joined its operation when it did by a platform name alone.
    pub fn name_join(&self, record: RecordId) -> Result<Option<NameJoinView>> {
        Ok(self.name_joins("j.record_id = ?1", record.0)?.pop())
    }

    /// The members of the operation labelled `label` that joined it by a platform name
    /// alone, at most `limit`, in record order.
    pub fn operation_name_joins(&self, label: &str, limit: usize) -> Result<Vec<NameJoinView>> {
        let id: Option<i64> = self
            .conn()
            .query_row("SELECT id FROM operations WHERE label = ?1", [label], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(id) = id else {
            return Err(StoreError::NoSuchOperation(label.to_owned()));
        };
        let mut joins = self.name_joins("j.operation_id = ?1", id)?;
        joins.truncate(limit);
        Ok(joins)
    }

    fn name_joins(&self, filter: &str, key: i64) -> Result<Vec<NameJoinView>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT j.record_id, o.label, j.name, j.written, j.corroboration, j.detail
             FROM name_joins j JOIN operations o ON o.id = j.operation_id
             WHERE {filter} ORDER BY j.record_id"
        ))?;
        let rows = stmt.query_map([key], |r| {
            let by: Option<String> = r.get(4)?;
            let detail: Option<String> = r.get(5)?;
            let corroboration = match (by.as_deref(), detail) {
                (Some("persona"), Some(written)) => Some(NameCorroboration::Persona { written }),
                (Some("time"), Some(span)) => {
                    let (from, to) = span.split_once('/').unwrap_or((&span, ""));
                    Some(NameCorroboration::Time {
                        from: from.to_owned(),
                        to: to.to_owned(),
                    })
                }
                _ => None,
            };
            Ok(NameJoinView {
                record: RecordId(r.get(0)?),
                operation: r.get(1)?,
                name: r.get(2)?,
                written: r.get(3)?,
                corroboration,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The label of the operation a record belongs to.
    pub fn operation_of(&self, record: RecordId) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT o.label FROM operation_records m JOIN operations o ON o.id = m.operation_id
                 WHERE m.record_id = ?1",
                [record.0],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn operation_selectors(&self, id: i64, limit: usize) -> Result<Vec<OperationSelector>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT s.kind, s.value, count(DISTINCT mn.record_id) AS n
             FROM operation_records m
             JOIN mentions mn ON mn.record_id = m.record_id AND mn.victim = 0
             JOIN selectors s ON s.id = mn.selector_id
             LEFT JOIN selector_decisions d ON d.selector_id = s.id
             WHERE m.operation_id = ?1 AND (d.decision IS NULL OR d.decision != 'hub')
             GROUP BY s.id ORDER BY n DESC, s.kind, s.value LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![id, i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            Ok(OperationSelector {
                kind: r.get(0)?,
                value: r.get(1)?,
                records: u64::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn member_keys(&self, id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT coalesce(r.external_id, CAST(r.id AS TEXT))
             FROM operation_records m JOIN records r ON r.id = m.record_id
             WHERE m.operation_id = ?1 ORDER BY r.id",
        )?;
        let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
