//! Reading a case: counts, full-text search, one record with its provenance.
//!
//! Every view type is `Serialize` because `--json` output is these types as they are;
//! their field names are part of millwatch's documented output and change only with care.

use millwatch_model::{ContentHash, Place, RecordId};
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use std::collections::{HashMap, HashSet};

use crate::{Case, Result, StoreError, segment};

/// A selector's counts while the mentions are read.
struct Tally {
    records: u64,
    mentions: u64,
    victim: u64,
    /// The last record counted (mentions come in record order).
    last: i64,
}

/// The totals of a case's complete sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Records.
    pub records: u64,
    /// Sources.
    pub sources: u64,
    /// Items skipped.
    pub skipped: u64,
    /// Warnings.
    pub warnings: u64,
}

/// Counts over the whole case.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// Records stored.
    pub records: u64,
    /// Source file versions stored.
    pub sources: u64,
    /// Items skipped during ingest (each has a diagnostic).
    pub skipped: u64,
    /// Warnings during ingest.
    pub warnings: u64,
    /// Records per kind, largest first.
    pub kinds: Vec<KindCount>,
    /// Records per source, in ingest order.
    pub per_source: Vec<SourceCount>,
    /// Sources whose ingest was interrupted (removed by the next ingest).
    pub incomplete_sources: u64,
}

/// Records of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct KindCount {
    /// The kind's stable name.
    pub kind: String,
    /// How many.
    pub records: u64,
}

/// Records of one source.
#[derive(Debug, Clone, Serialize)]
pub struct SourceCount {
    /// Source id.
    pub source: i64,
    /// Path as first ingested.
    pub path: String,
    /// Format read as.
    pub format: String,
    /// Records stored.
    pub records: u64,
    /// Items skipped.
    pub skipped: u64,
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// The record.
    pub record: RecordId,
    /// Its kind.
    pub kind: String,
    /// The input's own id for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// BM25 rank: lower is better.
    pub score: f64,
    /// Title, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// When, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// A window of the text around the first match.
    pub snippet: String,
    /// Byte ranges of the matches inside `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// Path of the source file.
    pub path: String,
    /// SHA-256 of the source file.
    pub sha256: String,
    /// Where in the source file.
    pub place: Place,
}

/// A source file version as stored.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// Source id.
    pub id: i64,
    /// Path as first ingested.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// Format read as.
    pub format: String,
    /// Charset decoding used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// How the charset was decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decode_method: Option<String>,
    /// Whether undecodable bytes were replaced.
    pub decode_errors: bool,
    /// When it was ingested (UTC).
    pub ingested_at: String,
    /// The earlier version of the same path, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<i64>,
    /// Other paths the same bytes were seen at.
    pub also_seen_at: Vec<String>,
}

/// A named field.
#[derive(Debug, Clone, Serialize)]
pub struct FieldPair {
    /// Name.
    pub name: String,
    /// Value.
    pub value: String,
}

/// Everything known about one record.
#[derive(Debug, Clone, Serialize)]
pub struct RecordView {
    /// Record id.
    pub id: RecordId,
    /// Kind.
    pub kind: String,
    /// The input's own id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// When, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Fields in input order.
    pub fields: Vec<FieldPair>,
    /// Text.
    pub text: String,
    /// Where in the source.
    pub place: Place,
    /// The source.
    pub source: SourceView,
}

/// A stored diagnostic with its source path.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticRow {
    /// Path of the source file.
    pub path: String,
    /// `skipped` or `warning`.
    pub severity: String,
    /// Where.
    pub place: Place,
    /// Why.
    pub reason: String,
}

fn place_from(row: &Row<'_>, first: usize) -> rusqlite::Result<Place> {
    let u = |v: Option<i64>| v.and_then(|v| u64::try_from(v).ok());
    Ok(Place {
        byte_start: u(row.get(first)?).unwrap_or(0),
        byte_end: u(row.get(first + 1)?).unwrap_or(0),
        line: u(row.get(first + 2)?),
        row: u(row.get(first + 3)?),
        message_id: row.get(first + 4)?,
    })
}

fn hex(blob: &[u8]) -> String {
    <[u8; 32]>::try_from(blob)
        .map(|b| ContentHash::from_bytes(b).to_hex())
        .unwrap_or_default()
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

impl Case {
    /// [`stats`](Self::stats)'s totals alone, from the sources table: without its counts
    /// per kind and per source, which read every record.
    pub fn totals(&self) -> Result<Totals> {
        Ok(self.conn().query_row(
            "SELECT coalesce(sum(records), 0), count(*), coalesce(sum(skipped), 0),
                    coalesce(sum(warnings), 0)
             FROM sources WHERE complete = 1",
            [],
            |r| {
                Ok(Totals {
                    records: count(r.get(0)?),
                    sources: count(r.get(1)?),
                    skipped: count(r.get(2)?),
                    warnings: count(r.get(3)?),
                })
            },
        )?)
    }

    /// Counts over the case (complete sources only).
    pub fn stats(&self) -> Result<Stats> {
        let conn = self.conn();
        let (sources, records, skipped, warnings): (i64, i64, i64, i64) = conn.query_row(
            "SELECT count(*), coalesce(sum(records), 0), coalesce(sum(skipped), 0), coalesce(sum(warnings), 0)
             FROM sources WHERE complete = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let incomplete: i64 =
            conn.query_row("SELECT count(*) FROM sources WHERE complete = 0", [], |r| {
                r.get(0)
            })?;
        let mut stmt = conn.prepare(
            "SELECT r.kind, count(*) FROM records r JOIN sources s ON s.id = r.source_id
             WHERE s.complete = 1 GROUP BY r.kind ORDER BY count(*) DESC, r.kind",
        )?;
        let kinds = stmt
            .query_map([], |r| {
                Ok(KindCount {
                    kind: r.get(0)?,
                    records: count(r.get(1)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = conn.prepare(
            "SELECT id, path, format, records, skipped FROM sources WHERE complete = 1 ORDER BY id",
        )?;
        let per_source = stmt
            .query_map([], |r| {
                Ok(SourceCount {
                    source: r.get(0)?,
                    path: r.get(1)?,
                    format: r.get(2)?,
                    records: count(r.get(3)?),
                    skipped: count(r.get(4)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Stats {
            records: count(records),
            sources: count(sources),
            skipped: count(skipped),
            warnings: count(warnings),
            kinds,
            per_source,
            incomplete_sources: count(incomplete),
        })
    }

    /// Full-text search, best first. Words in unspaced scripts are found inside longer
    /// runs (see [`segment`]). Ranking is bounded: the [`RANK_WINDOW`] most recently
    /// stored matches are ranked (all of them when there are fewer), so that a word found
    /// in most of a million records answers in milliseconds, not seconds. The matches are
    /// ranked on the index alone; only the records shown are read (records of sources an
    /// interrupted ingest left unfinished, and deleted records the index has not dropped
    /// yet, are left out before the slice is taken).
    pub fn search(&self, query: &str, limit: usize, offset: usize) -> Result<Vec<SearchHit>> {
        let expr = segment::match_expression(query).ok_or(StoreError::EmptyQuery)?;
        let terms = highlight_terms(query);
        let mut stmt = self.conn().prepare_cached(
            "WITH hits AS (
                 SELECT f.id, f.score
                 FROM (SELECT rowid AS id, bm25(record_fts) AS score FROM fts.record_fts
                       WHERE record_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?4) f
                 WHERE f.id NOT IN (SELECT r.id FROM sources s
                                    JOIN records r ON r.source_id = s.id
                                    WHERE s.complete = 0)
                   AND f.id NOT IN (SELECT id FROM main.text_index_deleted)
                 ORDER BY f.score, f.id
                 LIMIT ?2 OFFSET ?3)
             SELECT r.id, r.kind, r.external_id, h.score, r.title, r.time, r.text,
                    r.fields, s.path, s.sha256,
                    r.byte_start, r.byte_end, r.line, r.row_no, r.message_id
             FROM hits h
             JOIN records r ON r.id = h.id
             JOIN sources s ON s.id = r.source_id
             ORDER BY h.score, h.id",
        )?;
        let rows = stmt.query_map(
            params![
                expr,
                i64::try_from(limit).unwrap_or(i64::MAX),
                i64::try_from(offset).unwrap_or(0),
                RANK_WINDOW
            ],
            |r| {
                let text: String = r.get(6)?;
                let fields: String = r.get(7)?;
                let title: Option<String> = r.get(4)?;
                let sha: Vec<u8> = r.get(9)?;
                // The match may be in a field or the title rather than the text.
                let (snippet, highlights) = snippet(&text, &terms)
                    .or_else(|| title.as_deref().and_then(|t| snippet(t, &terms)))
                    .or_else(|| field_values(&fields).and_then(|f| snippet(&f, &terms)))
                    .unwrap_or_else(|| (prefix(&text, 160), Vec::new()));
                Ok(SearchHit {
                    record: RecordId(r.get(0)?),
                    kind: r.get(1)?,
                    external_id: r.get(2)?,
                    score: r.get(3)?,
                    title,
                    time: r.get(5)?,
                    snippet,
                    highlights,
                    path: r.get(8)?,
                    sha256: hex(&sha),
                    place: place_from(r, 10)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Everything about one record, by numeric id or, failing that, by external id.
    pub fn record(&self, id: &str) -> Result<RecordView> {
        let conn = self.conn();
        let by_id: Option<i64> = match id.trim().parse::<i64>() {
            Ok(n) => conn
                .query_row("SELECT id FROM records WHERE id = ?1", [n], |r| r.get(0))
                .optional()?,
            Err(_) => None,
        };
        let rid = match by_id {
            Some(n) => n,
            None => conn
                .query_row(
                    "SELECT max(id) FROM records WHERE external_id = ?1",
                    [id.trim()],
                    |r| r.get::<_, Option<i64>>(0),
                )?
                .ok_or_else(|| StoreError::NoSuchRecord(id.to_owned()))?,
        };
        let view = conn.query_row(
            "SELECT r.id, r.kind, r.external_id, r.time, r.title, r.fields, r.text,
                    r.byte_start, r.byte_end, r.line, r.row_no, r.message_id,
                    s.id, s.path, s.sha256, s.size, s.format, s.encoding, s.decode_method,
                    s.decode_errors, s.ingested_at, s.previous_id
             FROM records r JOIN sources s ON s.id = r.source_id WHERE r.id = ?1",
            [rid],
            |r| {
                let fields: String = r.get(5)?;
                let sha: Vec<u8> = r.get(14)?;
                Ok((
                    RecordView {
                        id: RecordId(r.get(0)?),
                        kind: r.get(1)?,
                        external_id: r.get(2)?,
                        time: r.get(3)?,
                        title: r.get(4)?,
                        fields: Vec::new(),
                        text: r.get(6)?,
                        place: place_from(r, 7)?,
                        source: SourceView {
                            id: r.get(12)?,
                            path: r.get(13)?,
                            sha256: hex(&sha),
                            size: count(r.get(15)?),
                            format: r.get(16)?,
                            encoding: r.get(17)?,
                            decode_method: r.get(18)?,
                            decode_errors: r.get::<_, i64>(19)? != 0,
                            ingested_at: r.get(20)?,
                            previous: r.get(21)?,
                            also_seen_at: Vec::new(),
                        },
                    },
                    fields,
                ))
            },
        );
        let (mut view, fields) = match view {
            Err(rusqlite::Error::QueryReturnedNoRows) => {
                return Err(StoreError::NoSuchRecord(id.to_owned()));
            }
            other => other?,
        };
        let pairs: Vec<(String, String)> = serde_json::from_str(&fields)?;
        view.fields = pairs
            .into_iter()
            .map(|(name, value)| FieldPair { name, value })
            .collect();
        let mut stmt = conn.prepare(
            "SELECT path FROM source_paths WHERE source_id = ?1 AND path != ?2 ORDER BY path",
        )?;
        view.source.also_seen_at = stmt
            .query_map(params![view.source.id, view.source.path], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(view)
    }

    /// Diagnostics of the case, in ingest order, at most `limit`.
    pub fn diagnostics(&self, limit: usize) -> Result<Vec<DiagnosticRow>> {
        let mut stmt = self.conn().prepare(
            "SELECT s.path, d.severity, d.byte_start, d.byte_end, d.line, d.row_no, d.message_id, d.reason
             FROM diagnostics d JOIN sources s ON s.id = d.source_id
             WHERE s.complete = 1 ORDER BY d.id LIMIT ?1",
        )?;
        let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            Ok(DiagnosticRow {
                path: r.get(0)?,
                severity: r.get(1)?,
                place: place_from(r, 2)?,
                reason: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// The field values of a stored JSON field list, joined by newlines.
fn field_values(json: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_json::from_str(json).ok()?;
    Some(
        pairs
            .into_iter()
            .map(|(n, v)| format!("{n}: {v}"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// The words of a query to highlight: alphanumeric runs of spaced text, whole terms of
/// unspaced scripts.
fn highlight_terms(query: &str) -> Vec<Vec<char>> {
    let mut terms = Vec::new();
    for word in query.split(|c: char| !c.is_alphanumeric() && !is_mark(c)) {
        if !word.is_empty() {
            terms.push(word.chars().flat_map(char::to_lowercase).collect());
        }
    }
    terms
}

fn is_mark(c: char) -> bool {
    // Thai, Lao, Khmer and Myanmar dependent signs are not alphanumeric but are part of
    // words.
    matches!(u32::from(c), 0x0E31..=0x0E4E | 0x0EB1..=0x0ECD | 0x102B..=0x103E | 0x17B4..=0x17D3)
}

/// Finds the first occurrence of any term (case-insensitively) and returns a window of
/// about 160 characters around it, with every term occurrence inside highlighted.
fn snippet(text: &str, terms: &[Vec<char>]) -> Option<(String, Vec<[usize; 2]>)> {
    let first = find_all(text, terms).into_iter().next()?;
    let start = back_chars(text, first.0, 60);
    let end = forward_chars(text, first.1, 100);
    let mut window = String::new();
    let ellipsis_before = start > 0;
    if ellipsis_before {
        window.push('…');
    }
    let base = window.len();
    // Newlines inside a snippet make terminal output ragged; show them as spaces.
    window.extend(
        text[start..end]
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
    );
    if end < text.len() {
        window.push('…');
    }
    let highlights = find_all(&text[start..end], terms)
        .into_iter()
        .map(|(s, e)| [s + base, e + base])
        .collect();
    Some((window, highlights))
}

/// Byte ranges of every occurrence of any term, non-overlapping, in order.
fn find_all(text: &str, terms: &[Vec<char>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let mut matched = None;
        for term in terms {
            if term.is_empty() || i + term.len() > chars.len() {
                continue;
            }
            let ok = term.iter().enumerate().all(|(k, &t)| {
                let c = chars[i + k].1;
                c == t || c.to_lowercase().eq(std::iter::once(t))
            });
            if ok {
                let len = term.len();
                if matched.is_none_or(|m| len > m) {
                    matched = Some(len);
                }
            }
        }
        if let Some(len) = matched {
            let s = chars[i].0;
            let e = chars.get(i + len).map_or(text.len(), |&(b, _)| b);
            out.push((s, e));
            i += len;
        } else {
            i += 1;
        }
    }
    out
}

fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn forward_chars(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

fn prefix(text: &str, n: usize) -> String {
    let end = forward_chars(text, 0, n);
    let mut s: String = text[..end]
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    if end < text.len() {
        s.push('…');
    }
    s
}

/// A selector with how often it occurs.
#[derive(Debug, Clone, Serialize)]
pub struct SelectorCount {
    /// Kind's stable name.
    pub kind: String,
    /// Normal form.
    pub value: String,
    /// Records that mention it.
    pub records: u64,
    /// Mentions in all.
    pub mentions: u64,
    /// Of which in a field that names the reporter's, victim's or family's own contact.
    pub victim_mentions: u64,
    /// Earliest record time, when records have times.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    /// Latest record time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
}

/// One place a selector was found, with an excerpt.
#[derive(Debug, Clone, Serialize)]
pub struct MentionView {
    /// The record.
    pub record: RecordId,
    /// The record's kind.
    pub record_kind: String,
    /// The record's external id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The selector's kind.
    pub kind: String,
    /// The selector's normal form.
    pub value: String,
    /// As written.
    pub raw: String,
    /// The field it was found in; absent for the record's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Byte offset of `raw` in the text or field value.
    pub start: u64,
    /// End of `raw`.
    pub end: u64,
    /// The rule that found it.
    pub rule: String,
    /// Whether it is the reporter's or victim's own contact (see `Mention::victim`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub victim: bool,
    /// Text around the mention.
    pub excerpt: String,
    /// Byte range of the mention inside `excerpt`.
    pub highlight: [usize; 2],
    /// Path of the source file.
    pub path: String,
    /// Where the record is in the source file.
    pub place: Place,
    /// Record time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
}

/// How many matches of a full-text search are ranked: the most recently stored ones.
pub const RANK_WINDOW: i64 = 2_000;

/// The ids of the selectors valued `?1` (of kind `?2`, or of any kind when it is NULL),
/// as a condition on `m.selector_id`. Without a kind the `(kind, value)` index is still
/// used: the distinct kinds are walked through the index (a handful of seeks) and each
/// `(kind, value)` looked up, instead of scanning every mention.
pub(crate) const SELECTOR_BY_VALUE: &str = "m.selector_id IN (
    SELECT id FROM selectors WHERE value = ?1 AND (?2 IS NULL OR kind = ?2) AND kind IN (
        WITH RECURSIVE k(kind) AS (
            SELECT min(kind) FROM selectors
            UNION ALL
            SELECT (SELECT min(kind) FROM selectors WHERE kind > k.kind) FROM k
            WHERE k.kind IS NOT NULL)
        SELECT kind FROM k WHERE kind IS NOT NULL))";

/// What a case's complete records were at one moment: equal marks mean the same records
/// and mentions are visible (records are only added by completing sources, and removed
/// only with sources that never completed). For caching whole-case counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeMark {
    complete_sources: i64,
    last_complete_source: i64,
    last_record: i64,
}

impl Case {
    /// The case's [`ChangeMark`] now.
    pub fn change_mark(&self) -> Result<ChangeMark> {
        Ok(self.conn().query_row(
            "SELECT (SELECT count(*) FROM sources WHERE complete = 1),
                    (SELECT coalesce(max(id), 0) FROM sources WHERE complete = 1),
                    (SELECT coalesce(max(id), 0) FROM records)",
            [],
            |r| {
                Ok(ChangeMark {
                    complete_sources: r.get(0)?,
                    last_complete_source: r.get(1)?,
                    last_record: r.get(2)?,
                })
            },
        )?)
    }

    /// The most mentioned selectors, optionally of one kind.
    pub fn selectors(&self, kind: Option<&str>, top: usize) -> Result<Vec<SelectorCount>> {
        // Counted in one pass over the mentions in storage order (record order), not by
        // grouping them through the records: a million-record case took 15 s of CPU that
        // way. Only the selectors listed are then read, with their time span.
        let incomplete = self.incomplete_records()?;
        let of_kind: Option<HashSet<i64>> = match kind {
            Some(k) => Some(
                self.conn()
                    .prepare_cached("SELECT id FROM selectors WHERE kind = ?1")?
                    .query_map([k], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?,
            ),
            None => None,
        };
        let mut tally: HashMap<i64, Tally> = HashMap::new();
        {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT record_id, selector_id, victim FROM mentions")?;
            let mut rows = stmt.query([])?;
            let mut previous = i64::MIN;
            while let Some(row) = rows.next()? {
                let (record, selector, victim): (i64, i64, bool) =
                    (row.get(0)?, row.get(1)?, row.get(2)?);
                if record < previous {
                    // Not in record order (never written so): count by query instead.
                    drop(rows);
                    return self.selectors_by_query(kind, top);
                }
                previous = record;
                if incomplete.contains(&record)
                    || of_kind.as_ref().is_some_and(|k| !k.contains(&selector))
                {
                    continue;
                }
                let t = tally.entry(selector).or_insert(Tally {
                    records: 0,
                    mentions: 0,
                    victim: 0,
                    last: i64::MIN,
                });
                t.mentions += 1;
                t.victim += u64::from(victim);
                if t.last != record {
                    t.last = record;
                    t.records += 1;
                }
            }
        }
        // The first `top` by counts and every selector tied with the last of them: their
        // kinds and values order the ties.
        let mut ranked: Vec<(i64, &Tally)> = tally.iter().map(|(&s, t)| (s, t)).collect();
        ranked.sort_unstable_by_key(|(_, t)| std::cmp::Reverse((t.records, t.mentions)));
        if let Some(&(_, floor)) = ranked.get(top.saturating_sub(1)).filter(|_| top > 0) {
            let floor = (floor.records, floor.mentions);
            ranked.retain(|(_, t)| (t.records, t.mentions) >= floor);
        } else if top == 0 {
            ranked.clear();
        }
        let mut out = Vec::with_capacity(ranked.len().min(top));
        {
            let mut name = self
                .conn()
                .prepare_cached("SELECT kind, value FROM selectors WHERE id = ?1")?;
            for &(selector, t) in &ranked {
                let (kind, value) = name.query_row([selector], |r| Ok((r.get(0)?, r.get(1)?)))?;
                out.push((
                    selector,
                    SelectorCount {
                        kind,
                        value,
                        records: t.records,
                        mentions: t.mentions,
                        victim_mentions: t.victim,
                        first_seen: None,
                        last_seen: None,
                    },
                ));
            }
        }
        out.sort_by(|(_, a), (_, b)| {
            (b.records, b.mentions)
                .cmp(&(a.records, a.mentions))
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| a.value.cmp(&b.value))
        });
        out.truncate(top);
        let mut span = self.conn().prepare_cached(
            "SELECT min(r.time), max(r.time) FROM mentions m
             JOIN records r ON r.id = m.record_id
             JOIN sources src ON src.id = r.source_id
             WHERE m.selector_id = ?1 AND src.complete = 1",
        )?;
        out.into_iter()
            .map(|(selector, mut c)| {
                (c.first_seen, c.last_seen) =
                    span.query_row([selector], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(c)
            })
            .collect()
    }

    /// [`selectors`](Self::selectors) grouped by SQL: for mentions not stored in record
    /// order, and the reference the counting pass is tested against.
    pub(crate) fn selectors_by_query(
        &self,
        kind: Option<&str>,
        top: usize,
    ) -> Result<Vec<SelectorCount>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT s.kind, s.value, count(DISTINCT m.record_id), count(*), min(r.time), max(r.time),
                    sum(m.victim)
             FROM mentions m
             JOIN selectors s ON s.id = m.selector_id
             JOIN records r ON r.id = m.record_id
             JOIN sources src ON src.id = r.source_id
             WHERE src.complete = 1 AND (?1 IS NULL OR s.kind = ?1)
             GROUP BY m.selector_id
             ORDER BY 3 DESC, 4 DESC, s.kind, s.value
             LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![kind, i64::try_from(top).unwrap_or(i64::MAX)], |r| {
            Ok(SelectorCount {
                kind: r.get(0)?,
                value: r.get(1)?,
                records: count(r.get(2)?),
                mentions: count(r.get(3)?),
                first_seen: r.get(4)?,
                last_seen: r.get(5)?,
                victim_mentions: count(r.get(6)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every mention of a selector value (of any kind, or of one kind), oldest record first.
    pub fn mentions_of(
        &self,
        kind: Option<&str>,
        value: &str,
        limit: usize,
    ) -> Result<Vec<MentionView>> {
        self.mentions_where(
            SELECTOR_BY_VALUE,
            params![value, kind, i64::try_from(limit).unwrap_or(i64::MAX)],
        )
    }

    /// The mentions found in one record.
    pub fn mentions_in(&self, record: RecordId) -> Result<Vec<MentionView>> {
        self.mentions_where(
            "m.record_id = ?1 AND ?2 IS NULL",
            params![record.0, Option::<String>::None, i64::MAX],
        )
    }

    fn mentions_where(
        &self,
        condition: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<MentionView>> {
        // The mentions shown are picked from the records' small index (migration 8), and
        // only theirs are read whole: a hub mentioned by 100,000 records read and sorted
        // every one of those records' text to show the first hundred.
        let sql = format!(
            "WITH picked AS (
                 SELECT m.rowid AS mention FROM mentions m
                 JOIN records r INDEXED BY records_graph ON r.id = m.record_id
                 JOIN sources src ON src.id = r.source_id
                 WHERE src.complete = 1 AND {condition}
                 ORDER BY r.time_unix IS NULL, r.time_unix, m.record_id, m.start
                 LIMIT ?3)
             SELECT m.record_id, r.kind, r.external_id, s.kind, s.value, m.raw, m.field, m.start, m.end,
                    m.rule, r.text, r.fields, src.path, r.time,
                    r.byte_start, r.byte_end, r.line, r.row_no, r.message_id, r.title, m.victim
             FROM picked
             JOIN mentions m ON m.rowid = picked.mention
             JOIN selectors s ON s.id = m.selector_id
             JOIN records r ON r.id = m.record_id
             JOIN sources src ON src.id = r.source_id
             ORDER BY r.time_unix IS NULL, r.time_unix, m.record_id, m.start"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params, |r| {
            let field: Option<String> = r.get(6)?;
            let start = count(r.get(7)?);
            let end = count(r.get(8)?);
            let text: String = r.get(10)?;
            let fields: String = r.get(11)?;
            let raw: String = r.get(5)?;
            let haystack = match &field {
                None => text,
                Some(name) => {
                    // The field holding this very span (a name may repeat: several `href`s);
                    // a mention in the title is recorded under the field name `title`.
                    let holds = |v: &str| {
                        usize::try_from(start)
                            .ok()
                            .zip(usize::try_from(end).ok())
                            .and_then(|(s, e)| v.get(s..e))
                            == Some(raw.as_str())
                    };
                    let in_field = serde_json::from_str::<Vec<(String, String)>>(&fields)
                        .ok()
                        .and_then(|pairs| {
                            pairs
                                .into_iter()
                                .find(|(n, v)| n == name && holds(v))
                                .map(|(_, v)| v)
                        });
                    let title: Option<String> = r.get(19)?;
                    in_field
                        .or_else(|| title.filter(|t| name == "title" && holds(t)))
                        .unwrap_or_default()
                }
            };
            let (excerpt, highlight) = excerpt_around(&haystack, start, end);
            Ok(MentionView {
                record: RecordId(r.get(0)?),
                record_kind: r.get(1)?,
                external_id: r.get(2)?,
                kind: r.get(3)?,
                value: r.get(4)?,
                raw,
                field,
                start,
                end,
                rule: r.get(9)?,
                victim: r.get(20)?,
                excerpt,
                highlight,
                path: r.get(12)?,
                time: r.get(13)?,
                place: place_from(r, 14)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// A window of about 60 characters either side of `[start, end)`, with the range of the
/// mention inside it. Offsets that do not fit the text (a stale or corrupt row) give an
/// empty excerpt rather than a panic.
fn excerpt_around(text: &str, start: u64, end: u64) -> (String, [usize; 2]) {
    let (Ok(s), Ok(e)) = (usize::try_from(start), usize::try_from(end)) else {
        return (String::new(), [0, 0]);
    };
    if s > e || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
        return (String::new(), [0, 0]);
    }
    let from = back_chars(text, s, 60);
    let to = forward_chars(text, e, 60);
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let flat = |t: &str| -> String {
        t.chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect()
    };
    out.push_str(&flat(&text[from..s]));
    let hs = out.len();
    out.push_str(&flat(&text[s..e]));
    let he = out.len();
    out.push_str(&flat(&text[e..to]));
    if to < text.len() {
        out.push('…');
    }
    (out, [hs, he])
}
