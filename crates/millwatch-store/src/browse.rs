//! Reads for browsing operations page by page (the web UI): a paged listing, an
//! operation's selectors with when they were seen, the operations a selector's records
//! fell into, and the operations of a set of records.

use std::collections::HashMap;

use millwatch_model::RecordId;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::{Case, Result, StoreError};

/// An operation in a paged listing.
#[derive(Debug, Clone, Serialize)]
pub struct OperationRow {
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
    /// Links to other operations.
    pub links: u64,
}

/// One page of the operations, largest first.
#[derive(Debug, Clone, Serialize)]
pub struct OperationPage {
    /// Operations of at least the asked size in the case.
    pub total: u64,
    /// Where this page starts.
    pub offset: u64,
    /// This page.
    pub operations: Vec<OperationRow>,
}

/// A selector inside one operation, with when its members were seen.
#[derive(Debug, Clone, Serialize)]
pub struct SelectorSeen {
    /// Kind.
    pub kind: String,
    /// Normal form.
    pub value: String,
    /// Members that mention it.
    pub records: u64,
    /// Mentions by members.
    pub mentions: u64,
    /// Earliest time of a member that mentions it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    /// Latest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
}

/// An operation some records belong to, with how many of them.
#[derive(Debug, Clone, Serialize)]
pub struct OperationShare {
    /// Stable label.
    pub id: String,
    /// Size of the operation.
    pub size: u64,
    /// How many of the records asked about are members.
    pub records: u64,
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Case {
    /// Operations of at least `min_size` records, largest first, `limit` from `offset`.
    pub fn operations_page(
        &self,
        min_size: usize,
        offset: usize,
        page: usize,
    ) -> Result<OperationPage> {
        let total: i64 = self.conn().query_row(
            "SELECT count(*) FROM operations WHERE size >= ?1",
            [limit(min_size)],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT o.label, o.size, o.first_seen, o.last_seen,
                    (SELECT count(*) FROM operation_links l WHERE l.a = o.id)
                  + (SELECT count(*) FROM operation_links l WHERE l.b = o.id)
             FROM operations o WHERE o.size >= ?1
             ORDER BY o.size DESC, o.label LIMIT ?2 OFFSET ?3",
        )?;
        let operations = stmt
            .query_map(params![limit(min_size), limit(page), limit(offset)], |r| {
                Ok(OperationRow {
                    id: r.get(0)?,
                    size: count(r.get(1)?),
                    first_seen: r.get(2)?,
                    last_seen: r.get(3)?,
                    links: count(r.get(4)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(OperationPage {
            total: count(total),
            offset: u64::try_from(offset).unwrap_or(u64::MAX),
            operations,
        })
    }

    /// The selectors of the operation labelled `label` (hubs and victims' own contacts
    /// left out), most-mentioned first, with first and last time a member mentioned them.
    pub fn operation_selectors_seen(&self, label: &str, top: usize) -> Result<Vec<SelectorSeen>> {
        let id = self.operation_id(label)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT s.kind, s.value, count(DISTINCT mn.record_id) AS n, count(*),
                    min(r.time), max(r.time)
             FROM operation_records m
             JOIN records r ON r.id = m.record_id
             JOIN mentions mn ON mn.record_id = m.record_id AND mn.victim = 0
             JOIN selectors s ON s.id = mn.selector_id
             LEFT JOIN selector_decisions d ON d.selector_id = s.id
             WHERE m.operation_id = ?1 AND (d.decision IS NULL OR d.decision != 'hub')
             GROUP BY s.id ORDER BY n DESC, s.kind, s.value LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![id, limit(top)], |r| {
            Ok(SelectorSeen {
                kind: r.get(0)?,
                value: r.get(1)?,
                records: count(r.get(2)?),
                mentions: count(r.get(3)?),
                first_seen: r.get(4)?,
                last_seen: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// [`Case::operation`] for a page that shows [`Case::operation_selectors_seen`]
    /// instead: members, hubs and links, with `selectors`, `top_selectors` and the
    /// summary's `records` left empty (saving the work of reading them twice).
    pub fn operation_for_page(&self, label: &str) -> Result<crate::OperationView> {
        self.operation_view(label, false)
    }

    /// The operations whose members mention the selector, most members first.
    pub fn operations_of_selector(
        &self,
        kind: Option<&str>,
        value: &str,
        top: usize,
    ) -> Result<Vec<OperationShare>> {
        let sql = format!(
            "SELECT o.label, o.size, count(DISTINCT m.record_id) AS n
             FROM mentions m
             JOIN operation_records om ON om.record_id = m.record_id
             JOIN operations o ON o.id = om.operation_id
             WHERE {}
             GROUP BY o.id ORDER BY n DESC, o.size DESC, o.label LIMIT ?3",
            crate::read::SELECTOR_BY_VALUE
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params![value, kind, limit(top)], |r| {
            Ok(OperationShare {
                id: r.get(0)?,
                size: count(r.get(1)?),
                records: count(r.get(2)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The operation label of each of `records` that belongs to one.
    pub fn operations_of(&self, records: &[RecordId]) -> Result<HashMap<RecordId, String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT o.label FROM operation_records m JOIN operations o ON o.id = m.operation_id
             WHERE m.record_id = ?1",
        )?;
        let mut out = HashMap::new();
        for &r in records {
            if let Some(label) = stmt
                .query_row([r.0], |row| row.get::<_, String>(0))
                .optional()?
            {
                out.insert(r, label);
            }
        }
        Ok(out)
    }

    /// Up to `top` members of the operation labelled `label`, oldest first.
    pub fn operation_members(&self, label: &str, top: usize) -> Result<Vec<RecordId>> {
        let id = self.operation_id(label)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT r.id FROM operation_records m JOIN records r ON r.id = m.record_id
             WHERE m.operation_id = ?1 ORDER BY r.time_unix IS NULL, r.time_unix, r.id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![id, limit(top)], |r| Ok(RecordId(r.get(0)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Labels of the operations linked to `label`, largest first.
    pub fn linked_operations(&self, label: &str, top: usize) -> Result<Vec<String>> {
        let id = self.operation_id(label)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT DISTINCT o.label, o.size FROM operation_links l
             JOIN operations o ON o.id = CASE WHEN l.a = ?1 THEN l.b ELSE l.a END
             WHERE l.a = ?1 OR l.b = ?1 ORDER BY o.size DESC, o.label LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![id, limit(top)], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn operation_id(&self, label: &str) -> Result<i64> {
        self.conn()
            .query_row("SELECT id FROM operations WHERE label = ?1", [label], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::NoSuchOperation(label.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use millwatch_model::{
        ContentHash, Decoding, Format, Mention, Place, RecordDraft, RecordKind, RecordTime,
    };

    use crate::{Case, NewLink, NewOperation, PreparedRecord, SourceMeta, StoreError};

    fn mention(kind: &str, value: &str) -> Mention {
        Mention {
            kind: kind.into(),
            value: value.into(),
            raw: value.into(),
            field: None,
            start: 0,
            end: value.len() as u64,
            rule: "test".into(),
            victim: false,
        }
    }

    /// Records 1–3 mention a phone; 1 and 2 form op-a, 3 is op-b; op-a links op-b.
    fn case() -> Case {
        let mut case = Case::open_in_memory().unwrap();
        let meta = SourceMeta {
            hash: ContentHash::from_bytes([1; 32]),
            path: "a.txt".into(),
            size: 1,
            format: Format::Text,
        };
        let mut w = case.begin_source(&meta).unwrap();
        for (i, day) in ["2024-01-02", "2024-03-04", "2024-05-06"]
            .iter()
            .enumerate()
        {
            let mut d = RecordDraft::new(RecordKind::VictimReport, Place::span(i as u64, 1));
            d.text = "+85512345678".into();
            d.time = RecordTime::parse_iso(day).ok();
            w.add(&PreparedRecord::new(d).with_mentions(vec![mention("phone", "+85512345678")]))
                .unwrap();
        }
        w.finish(&Decoding {
            encoding: "UTF-8".into(),
            method: "utf8".into(),
            had_errors: false,
        })
        .unwrap();
        case.replace_operations(
            &[
                NewOperation {
                    label: "op-a".into(),
                    records: vec![millwatch_model::RecordId(1), millwatch_model::RecordId(2)],
                },
                NewOperation {
                    label: "op-b".into(),
                    records: vec![millwatch_model::RecordId(3)],
                },
            ],
            &[],
            &[NewLink {
                a: 0,
                b: 1,
                selector: Some(1),
                reason: "shared_selector",
            }],
        )
        .unwrap();
        case
    }

    #[test]
    fn a_value_is_found_under_every_kind_it_has() {
        let mut case = case();
        let meta = SourceMeta {
            hash: ContentHash::from_bytes([2; 32]),
            path: "b.txt".into(),
            size: 1,
            format: Format::Text,
        };
        let mut w = case.begin_source(&meta).unwrap();
        let mut d = RecordDraft::new(RecordKind::ChatMessage, Place::span(0, 1));
        d.text = "+85512345678".into();
        w.add(&PreparedRecord::new(d).with_mentions(vec![mention("whatsapp", "+85512345678")]))
            .unwrap();
        w.finish(&Decoding {
            encoding: "UTF-8".into(),
            method: "utf8".into(),
            had_errors: false,
        })
        .unwrap();
        let any = case.mentions_of(None, "+85512345678", 100).unwrap();
        let mut kinds: Vec<&str> = any.iter().map(|m| m.kind.as_str()).collect();
        kinds.dedup();
        assert_eq!(any.len(), 4);
        assert!(kinds.contains(&"phone") && kinds.contains(&"whatsapp"));
        assert_eq!(
            case.mentions_of(Some("whatsapp"), "+85512345678", 100)
                .unwrap()
                .len(),
            1
        );
        assert!(case.mentions_of(None, "+1", 100).unwrap().is_empty());
    }

    #[test]
    fn search_ranks_within_the_most_recent_window() {
        let mut case = Case::open_in_memory().unwrap();
        let meta = SourceMeta {
            hash: ContentHash::from_bytes([3; 32]),
            path: "many.txt".into(),
            size: 1,
            format: Format::Text,
        };
        let n = usize::try_from(crate::RANK_WINDOW).unwrap() + 100;
        let mut w = case.begin_source(&meta).unwrap();
        for i in 0..n {
            let mut d = RecordDraft::new(RecordKind::VictimReport, Place::span(i as u64, 1));
            // The first record says the word most often, so ranks best of all; it is
            // outside the window of the most recent matches.
            d.text = if i == 0 {
                "wallet wallet wallet wallet".into()
            } else if i == n - 1 {
                "wallet wallet wallet".into()
            } else {
                format!("a wallet and other words number {i}")
            };
            w.add(&PreparedRecord::new(d)).unwrap();
        }
        w.finish(&Decoding {
            encoding: "UTF-8".into(),
            method: "utf8".into(),
            had_errors: false,
        })
        .unwrap();
        let hits = case.search("wallet", 10, 0).unwrap();
        assert_eq!(hits.len(), 10);
        assert_eq!(hits[0].record.0, i64::try_from(n).unwrap());
        assert!(hits.iter().all(|h| h.record.0 != 1));
    }

    #[test]
    fn pages_are_largest_first_with_totals_and_links() {
        let case = case();
        let p = case.operations_page(1, 0, 1).unwrap();
        assert_eq!(p.total, 2);
        assert_eq!(p.operations.len(), 1);
        assert_eq!(p.operations[0].id, "op-a");
        assert_eq!(p.operations[0].links, 1);
        let p = case.operations_page(1, 1, 10).unwrap();
        assert_eq!(p.operations[0].id, "op-b");
        assert_eq!(case.operations_page(2, 0, 10).unwrap().total, 1);
    }

    #[test]
    fn selectors_carry_first_and_last_seen_within_the_operation() {
        let case = case();
        let s = case.operation_selectors_seen("op-a", 10).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].records, 2);
        assert!(
            s[0].first_seen
                .as_deref()
                .unwrap()
                .starts_with("2024-01-02")
        );
        assert!(s[0].last_seen.as_deref().unwrap().starts_with("2024-03-04"));
        assert!(matches!(
            case.operation_selectors_seen("nope", 10),
            Err(StoreError::NoSuchOperation(_))
        ));
    }

    #[test]
    fn selectors_records_and_links_lead_to_operations() {
        let case = case();
        let shares = case
            .operations_of_selector(Some("phone"), "+85512345678", 10)
            .unwrap();
        let got: Vec<(&str, u64)> = shares.iter().map(|s| (s.id.as_str(), s.records)).collect();
        assert_eq!(got, [("op-a", 2), ("op-b", 1)]);
        let of = case
            .operations_of(&[millwatch_model::RecordId(3), millwatch_model::RecordId(99)])
            .unwrap();
        assert_eq!(of.len(), 1);
        assert_eq!(of[&millwatch_model::RecordId(3)], "op-b");
        assert_eq!(case.operation_members("op-a", 1).unwrap().len(), 1);
        assert_eq!(case.linked_operations("op-b", 5).unwrap(), ["op-a"]);
    }
}
