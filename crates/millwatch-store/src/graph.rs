//! The case as a graph, for linking: every record of a complete source, the selectors
//! found in it (with the mention that is the evidence) and the names its fields give.
//!
//! Read in id order so that what is built from it is deterministic.

use millwatch_model::RecordId;
use rusqlite::params;

use crate::{Case, Result};

/// A record as linking sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphRecord {
    /// The record.
    pub id: RecordId,
    /// The input's own id.
    pub external_id: Option<String>,
    /// Its kind's stable name.
    pub kind: String,
    /// The source it came from.
    pub source: i64,
    /// The source's path.
    pub path: String,
    /// The record's line in it, when the format has lines.
    pub line: Option<u64>,
    /// Its message id (chat `chat/message`, e-mail `Message-ID`), when it has one.
    pub message_id: Option<String>,
    /// Its time (seconds since the epoch, approximate for dates), when known.
    pub time_unix: Option<i64>,
}

/// A selector as linking sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphSelector {
    /// Its id in the case.
    pub id: i64,
    /// Kind's stable name.
    pub kind: String,
    /// Normal form.
    pub value: String,
}

/// One mention: record `record` names selector `selector`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphMention {
    /// The mention's id: the evidence to show.
    pub id: i64,
    /// The record.
    pub record: RecordId,
    /// The selector's id.
    pub selector: i64,
    /// Found in a field that holds the reporter's or victim's own contact.
    pub victim: bool,
}

/// A name a record's field gives (a persona, a platform, a company).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphName {
    /// The record.
    pub record: RecordId,
    /// The field's (normalised) name.
    pub field: String,
    /// The value as written.
    pub value: String,
}

/// The selectors mentioned by the records in `temp.graph_scope`. CROSS JOIN fixes the
/// order, from the scope out: the planner has no statistics on the temporary table and
/// would otherwise scan every mention of the case (seconds at a million records).
pub(crate) const SCOPED_SELECTORS: &str = "SELECT s.id, s.kind, s.value FROM selectors s
     WHERE s.id IN (SELECT m.selector_id FROM temp.graph_scope g
                    CROSS JOIN mentions m ON m.record_id = g.id
                    CROSS JOIN records r ON r.id = m.record_id
                    CROSS JOIN sources src ON src.id = r.source_id
                    WHERE src.complete = 1)
     ORDER BY s.id";

/// Restricts the record filter of the graph reads to `temp.graph_scope` when it exists.
const IN_SCOPE: &str = " AND r.id IN (SELECT id FROM temp.graph_scope)";

/// The records read for linking (`{scope}`: the scope's filter or nothing), in record
/// order; answered from the `records_graph` index, not the table (migration 8).
pub(crate) const GRAPH_RECORDS: &str =
    "SELECT r.id, r.external_id, r.kind, r.time_unix, r.source_id, s.path, r.line,
            r.message_id
     FROM records r JOIN sources s ON s.id = r.source_id
     WHERE s.complete = 1{scope} ORDER BY r.id";

impl Case {
    /// Limits the `graph_*` reads (and [`each_record_text`](Self::each_record_text)) to the
    /// given records, or lifts the limit with `None`; lets a question about a few
    /// operations (`why`) read just them instead of the whole case. The limit lives in a
    /// temporary table of this connection, so other connections are not affected.
    pub fn scope_graph(&self, records: Option<&[RecordId]>) -> Result<()> {
        self.conn()
            .execute_batch("DROP TABLE IF EXISTS temp.graph_scope")?;
        if let Some(ids) = records {
            self.conn().execute_batch(
                "CREATE TEMP TABLE graph_scope (id INTEGER PRIMARY KEY) WITHOUT ROWID",
            )?;
            let mut ins = self
                .conn()
                .prepare("INSERT OR IGNORE INTO temp.graph_scope (id) VALUES (?1)")?;
            for id in ids {
                ins.execute([id.0])?;
            }
        }
        Ok(())
    }

    /// The record filter for the current scope: empty for the whole case.
    pub(crate) fn scope_filter(&self) -> Result<&'static str> {
        let scoped: bool = self.conn().query_row(
            "SELECT count(*) > 0 FROM temp.sqlite_master WHERE name = 'graph_scope'",
            [],
            |r| r.get(0),
        )?;
        Ok(if scoped { IN_SCOPE } else { "" })
    }

    /// The records of the stored operations holding `a` and `b` and of the operations
    /// linked to those, each with its operation's row id: where a chain between the two
    /// can run. `None` when the stored
    /// linking does not cover the case (never linked, or records ingested since), so the
    /// caller must link afresh.
    pub fn chain_scope(&self, a: RecordId, b: RecordId) -> Result<Option<Vec<(RecordId, i64)>>> {
        let unlinked: bool = self.conn().query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM operations)
                 OR EXISTS (SELECT 1 FROM records r JOIN sources s ON s.id = r.source_id
                            WHERE s.complete = 1 AND NOT EXISTS
                                  (SELECT 1 FROM operation_records o WHERE o.record_id = r.id))",
            [],
            |r| r.get(0),
        )?;
        if unlinked {
            return Ok(None);
        }
        let mut stmt = self.conn().prepare(
            "WITH mine(id) AS (SELECT operation_id FROM operation_records
                               WHERE record_id IN (?1, ?2)),
                  near(id) AS (SELECT id FROM mine
                               UNION SELECT b FROM operation_links WHERE a IN mine
                               UNION SELECT a FROM operation_links WHERE b IN mine)
             SELECT record_id, operation_id FROM operation_records
             WHERE operation_id IN near ORDER BY record_id",
        )?;
        let ids = stmt
            .query_map(params![a.0, b.0], |r| Ok((RecordId(r.get(0)?), r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Some(ids))
    }

    /// Case ids of the selectors the stored linking decided are hubs.
    pub fn hub_selector_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn().prepare(
            "SELECT selector_id FROM selector_decisions WHERE decision = 'hub' ORDER BY 1",
        )?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }

    /// Every record of complete sources, in id order.
    pub fn graph_records(&self) -> Result<Vec<GraphRecord>> {
        let mut stmt = self
            .conn()
            .prepare(&GRAPH_RECORDS.replace("{scope}", self.scope_filter()?))?;
        let rows = stmt.query_map([], |r| {
            Ok(GraphRecord {
                id: RecordId(r.get(0)?),
                external_id: r.get(1)?,
                kind: r.get(2)?,
                time_unix: r.get(3)?,
                source: r.get(4)?,
                path: r.get(5)?,
                line: r
                    .get::<_, Option<i64>>(6)?
                    .and_then(|l| u64::try_from(l).ok()),
                message_id: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every selector mentioned by a record of a complete source, in id order.
    pub fn graph_selectors(&self) -> Result<Vec<GraphSelector>> {
        let sql = if self.scope_filter()?.is_empty() {
            "SELECT s.id, s.kind, s.value FROM selectors s
             WHERE EXISTS (SELECT 1 FROM mentions m
                           JOIN records r ON r.id = m.record_id
                           JOIN sources src ON src.id = r.source_id
                           WHERE m.selector_id = s.id AND src.complete = 1)
             ORDER BY s.id"
        } else {
            SCOPED_SELECTORS
        };
        let mut stmt = self.conn().prepare(sql)?;
        let rows = stmt.query_map([], |r| {
            Ok(GraphSelector {
                id: r.get(0)?,
                kind: r.get(1)?,
                value: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every mention in records of complete sources, by record then mention id.
    pub fn graph_mentions(&self) -> Result<Vec<GraphMention>> {
        let filter = self.scope_filter()?;
        if filter.is_empty() {
            return self.all_graph_mentions();
        }
        let mut stmt = self.conn().prepare(&format!(
            "SELECT m.rowid, m.record_id, m.selector_id, m.victim
             FROM mentions m
             JOIN records r ON r.id = m.record_id
             JOIN sources s ON s.id = r.source_id
             WHERE s.complete = 1{filter} ORDER BY m.record_id, m.rowid"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(GraphMention {
                id: r.get(0)?,
                record: RecordId(r.get(1)?),
                selector: r.get(2)?,
                victim: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The records of sources not (yet) complete: an interrupted ingest's, before the
    /// next run purges them. Few, and left out of every whole-case read.
    pub(crate) fn incomplete_records(&self) -> Result<std::collections::HashSet<i64>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT r.id FROM sources s JOIN records r ON r.source_id = s.id
                 WHERE s.complete = 0",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// [`graph_mentions`](Self::graph_mentions) over the whole case: the mentions table
    /// read in storage order, without a look-up of each mention's record (the join costs
    /// more than the read at millions of mentions). Records of incomplete sources, which
    /// are rare and few, are found first and left out; the order is checked and restored.
    fn all_graph_mentions(&self) -> Result<Vec<GraphMention>> {
        let incomplete = self.incomplete_records()?;
        let mut stmt = self
            .conn()
            // The table itself, in storage order (record, then mention): the covering
            // index by record (migration 9) would give each record's mentions by selector.
            .prepare("SELECT rowid, record_id, selector_id, victim FROM mentions NOT INDEXED")?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let record: i64 = r.get(1)?;
            if !incomplete.is_empty() && incomplete.contains(&record) {
                continue;
            }
            out.push(GraphMention {
                id: r.get(0)?,
                record: RecordId(record),
                selector: r.get(2)?,
                victim: r.get(3)?,
            });
        }
        let key = |m: &GraphMention| (m.record.0, m.id);
        if !out.is_sorted_by_key(key) {
            out.sort_unstable_by_key(key);
        }
        Ok(out)
    }

    /// The selectors that `mentions` name, in id order: [`graph_selectors`]
    /// (Self::graph_selectors) for a caller that has read the mentions already, without a
    /// look-up of every selector's mentions.
    pub fn graph_selectors_of(&self, mentions: &[GraphMention]) -> Result<Vec<GraphSelector>> {
        let mut wanted: Vec<i64> = mentions.iter().map(|m| m.selector).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut out = Vec::with_capacity(wanted.len());
        let (Some(&lo), Some(&hi)) = (wanted.first(), wanted.last()) else {
            return Ok(out);
        };
        let mut stmt = self.conn().prepare(
            "SELECT id, kind, value FROM selectors WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        let mut next = wanted.iter().peekable();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            while next.next_if(|&&w| w < id).is_some() {}
            if next.next_if_eq(&&id).is_some() {
                out.push(GraphSelector {
                    id,
                    kind: r.get(1)?,
                    value: r.get(2)?,
                });
            }
        }
        Ok(out)
    }

    /// Calls `f` with each record's title and text (records of complete sources, in id
    /// order), one at a time so that a large case is never held in memory.
    pub fn each_record_text(&self, mut f: impl FnMut(RecordId, &str, &str)) -> Result<()> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT r.id, coalesce(r.title, ''), r.text
             FROM records r JOIN sources s ON s.id = r.source_id
             WHERE s.complete = 1{} ORDER BY r.id",
            self.scope_filter()?
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let title: String = row.get(1)?;
            let text: String = row.get(2)?;
            f(RecordId(row.get(0)?), &title, &text);
        }
        Ok(())
    }

    /// The values of the named fields in records of complete sources (e.g. `platform`,
    /// `scammer_name`, `employer`), by record.
    pub fn graph_names(&self, fields: &[&str]) -> Result<Vec<GraphName>> {
        let wanted = WantedFields::new(fields)?;
        let mut stmt = self.conn().prepare(&format!(
            "SELECT r.id, r.fields FROM records r JOIN sources s ON s.id = r.source_id
             WHERE s.complete = 1{} ORDER BY r.id",
            self.scope_filter()?
        ))?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let json: String = row.get(1)?;
            wanted.collect(RecordId(row.get(0)?), &json, &mut out)?;
        }
        Ok(out)
    }

    /// [`graph_names`](Self::graph_names) and [`each_record_text`](Self::each_record_text)
    /// in one pass over the records: `f` gets each record with the named fields it gives
    /// (often none), its title and its text.
    pub fn each_record_names_and_text(
        &self,
        fields: &[&str],
        mut f: impl FnMut(RecordId, Vec<GraphName>, &str, &str),
    ) -> Result<()> {
        let wanted = WantedFields::new(fields)?;
        let mut stmt = self.conn().prepare(&format!(
            "SELECT r.id, r.fields, coalesce(r.title, ''), r.text
             FROM records r JOIN sources s ON s.id = r.source_id
             WHERE s.complete = 1{} ORDER BY r.id",
            self.scope_filter()?
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let record = RecordId(row.get(0)?);
            let mut names = Vec::new();
            wanted.collect(record, str_at(row, 1)?, &mut names)?;
            f(record, names, str_at(row, 2)?, str_at(row, 3)?);
        }
        Ok(())
    }
}

/// Column `i` of `row` as text, borrowed.
fn str_at<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    let value = row.get_ref(i)?;
    value
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), Box::new(e)))
}

/// Field names looked for in records' fields. Fields are stored as a JSON list of
/// `[name, value]` pairs, as serde_json writes them; a record's list is parsed only when
/// one of the wanted names occurs in it as a pair's first element, which one automaton
/// over every wanted name tells in a single pass.
struct WantedFields<'a> {
    fields: &'a [&'a str],
    needles: aho_corasick::AhoCorasick,
}

impl<'a> WantedFields<'a> {
    fn new(fields: &'a [&'a str]) -> Result<Self> {
        let needles = fields
            .iter()
            .map(|f| serde_json::to_string(&[*f]).map(|s| format!("{},", &s[..s.len() - 1])))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let needles = aho_corasick::AhoCorasick::new(&needles)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        Ok(WantedFields { fields, needles })
    }

    /// Appends the wanted fields with a value in `json` (record `record`'s fields).
    fn collect(&self, record: RecordId, json: &str, out: &mut Vec<GraphName>) -> Result<()> {
        if !self.needles.is_match(json) {
            return Ok(());
        }
        // Borrowed when no string in the list has an escape (most records): only the
        // wanted pairs are copied. Otherwise parsed again into owned strings.
        let mut push = |field: &str, value: String| {
            out.push(GraphName {
                record,
                field: field.to_owned(),
                value,
            })
        };
        if let Ok(pairs) = serde_json::from_str::<Vec<(&str, &str)>>(json) {
            for (field, value) in pairs {
                if self.fields.contains(&field) && !value.trim().is_empty() {
                    push(field, value.to_owned());
                }
            }
        } else {
            let pairs: Vec<(String, String)> = serde_json::from_str(json)?;
            for (field, value) in pairs {
                if self.fields.contains(&field.as_str()) && !value.trim().is_empty() {
                    push(&field, value);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn wanted_fields_read_alike_with_and_without_escapes() {
        use super::{GraphName, WantedFields};
        use millwatch_model::RecordId;
        let wanted = WantedFields::new(&["platform", "scammer_name"]).unwrap();
        let names = |pairs: &[(&str, &str)]| {
            let json = serde_json::to_string(pairs).unwrap();
            let mut out: Vec<GraphName> = Vec::new();
            wanted.collect(RecordId(3), &json, &mut out).unwrap();
            out.into_iter()
                .map(|n| (n.field, n.value))
                .collect::<Vec<_>>()
        };
        let plain = [
            ("phone", "+855 1"),
            ("platform", "Kucoin DeFi"),
            ("scammer_name", " "),
        ];
        assert_eq!(names(&plain), [("platform".into(), "Kucoin DeFi".into())]);
        // An escaped string anywhere in the list (a quote, a newline) takes the owned path.
        let escaped = [
            ("note", "he said \"invest\"\nnow"),
            ("platform", "Kucoin \"DeFi\""),
            ("scammer_name", "陈静"),
        ];
        assert_eq!(
            names(&escaped),
            [
                ("platform".into(), "Kucoin \"DeFi\"".into()),
                ("scammer_name".into(), "陈静".into()),
            ]
        );
        // No wanted name in the list: nothing, and no parse at all.
        let mut out = Vec::new();
        wanted.collect(RecordId(3), "not json", &mut out).unwrap();
        assert!(out.is_empty());
    }

    use millwatch_model::{ContentHash, Decoding, Format, Mention, Place, RecordDraft, RecordKind};

    use crate::{Case, PreparedRecord, SourceMeta};

    fn mention(kind: &str, value: &str, victim: bool) -> Mention {
        Mention {
            kind: kind.into(),
            value: value.into(),
            raw: value.into(),
            field: None,
            start: 0,
            end: value.len() as u64,
            rule: "test".into(),
            victim,
        }
    }

    #[test]
    fn the_graph_holds_complete_sources_only_with_names_and_victim_flags() {
        let mut case = Case::open_in_memory().unwrap();
        let meta = |n: u8| SourceMeta {
            hash: ContentHash::from_bytes([n; 32]),
            path: format!("{n}.csv"),
            size: 1,
            format: Format::Csv,
        };
        let utf8 = Decoding {
            encoding: "UTF-8".into(),
            method: "utf8".into(),
            had_errors: false,
        };
        let mut w = case.begin_source(&meta(1)).unwrap();
        let mut d = RecordDraft::new(RecordKind::VictimReport, Place::span(0, 1));
        d.external_id = Some("R-1".into());
        d.push_field("platform", "Bitget Pro Global");
        d.push_field("scammer_name", " ");
        d.push_field("phone", "+85512345678");
        w.add(&PreparedRecord::new(d).with_mentions(vec![
            mention("phone", "+85512345678", false),
            mention("email", "me@gmail.com", true),
        ]))
        .unwrap();
        w.finish(&utf8).unwrap();
        // An unfinished source is not part of the graph.
        {
            let mut w = case.begin_source(&meta(2)).unwrap();
            let d = RecordDraft::new(RecordKind::VictimReport, Place::span(0, 1));
            w.add(&PreparedRecord::new(d).with_mentions(vec![mention("tron", "TX", false)]))
                .unwrap();
        }
        let records = case.graph_records().unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].external_id.as_deref(), Some("R-1"));
        let sels = case.graph_selectors().unwrap();
        let kinds: Vec<&str> = sels.iter().map(|s| s.kind.as_str()).collect();
        assert_eq!(kinds, ["phone", "email"]);
        let ms = case.graph_mentions().unwrap();
        assert_eq!(ms.len(), 2);
        assert!(!ms[0].victim && ms[1].victim);
        assert_eq!(ms[0].record, records[0].id);
        let names = case.graph_names(&["platform", "scammer_name"]).unwrap();
        assert_eq!(names.len(), 1);
        assert_eq!(
            (names[0].field.as_str(), names[0].value.as_str()),
            ("platform", "Bitget Pro Global")
        );
    }
}
