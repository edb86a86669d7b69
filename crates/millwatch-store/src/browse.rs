//! Reads for browsing operations page by page (the web UI): a paged listing, an
//! operation's selectors with when they were seen, the operations a selector's records
//! fell into, and the operations of a set of records.

use std::collections::{HashMap, HashSet};

use millwatch_model::RecordId;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::{Case, HubView, LinkView, OperationMember, Result, StoreError};

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

/// Where a slice of a long list starts and how long it may be.
#[derive(Debug, Clone, Copy)]
pub struct Slice {
    /// Items skipped.
    pub offset: usize,
    /// Most items given.
    pub limit: usize,
}

impl Slice {
    /// `limit` items from `offset`.
    #[must_use]
    pub fn new(offset: usize, limit: usize) -> Self {
        Self { offset, limit }
    }
}

/// Which slices of an operation's long lists [`Case::operation_browse`] reads.
#[derive(Debug, Clone, Copy)]
pub struct BrowseSlices {
    /// Members, oldest first.
    pub members: Slice,
    /// Selectors, most members first.
    pub selectors: Slice,
    /// Links to other operations, largest other operation first.
    pub links: Slice,
}

/// One page of an operation: [`Case::operation_browse`].
#[derive(Debug, Clone, Serialize)]
pub struct OperationBrowse {
    /// Stable label.
    pub id: String,
    /// Members in all.
    pub size: u64,
    /// Earliest member time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    /// Latest member time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    /// Where `members` starts.
    pub members_offset: usize,
    /// The members asked for, oldest first.
    pub members: Vec<OperationMember>,
    /// Selectors in all (hubs and victims' own contacts left out).
    pub selectors_total: u64,
    /// Where `selectors` starts.
    pub selectors_offset: usize,
    /// The selectors asked for, most members first.
    pub selectors: Vec<SelectorSeen>,
    /// Every hub a member mentions.
    pub hubs: Vec<HubView>,
    /// Links in all.
    pub links_total: u64,
    /// Where `links` starts.
    pub links_offset: usize,
    /// The links asked for.
    pub links: Vec<LinkView>,
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// An operation's members' mentions, from the operation index and the mentions' index
/// by record (covering since migration 9).
pub(crate) const BROWSE_MENTIONS: &str = "SELECT mn.selector_id, mn.record_id, mn.victim
     FROM operation_records m JOIN mentions mn ON mn.record_id = m.record_id
     WHERE m.operation_id = ?1";

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
    /// left out), with first and last time a member mentioned them: most members first,
    /// then most mentions, then seen earliest (never seen last), then in the case's order.
    ///
    /// The SQL reference that [`operation_browse`](Self::operation_browse)'s counting is
    /// tested against.
    #[cfg(test)]
    pub(crate) fn operation_selectors_seen(
        &self,
        label: &str,
        top: usize,
    ) -> Result<Vec<SelectorSeen>> {
        Ok(self.operation_selectors_page(label, 0, top)?.1)
    }

    /// [`operation_selectors_seen`](Self::operation_selectors_seen), `limit` of them from
    /// `offset`, and how many there are in all.
    #[cfg(test)]
    pub(crate) fn operation_selectors_page(
        &self,
        label: &str,
        offset: usize,
        top: usize,
    ) -> Result<(u64, Vec<SelectorSeen>)> {
        let id = self.operation_id(label)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT s.kind, s.value, count(DISTINCT mn.record_id) AS n, count(*),
                    min(r.time), max(r.time), count(*) OVER ()
             FROM operation_records m
             JOIN records r ON r.id = m.record_id
             JOIN mentions mn ON mn.record_id = m.record_id AND mn.victim = 0
             JOIN selectors s ON s.id = mn.selector_id
             LEFT JOIN selector_decisions d ON d.selector_id = s.id
             WHERE m.operation_id = ?1 AND (d.decision IS NULL OR d.decision != 'hub')
             GROUP BY s.id ORDER BY n DESC, count(*) DESC, min(r.time) IS NULL, min(r.time), s.id
             LIMIT ?2 OFFSET ?3",
        )?;
        let mut total = 0;
        let rows = stmt.query_map(params![id, limit(top), limit(offset)], |r| {
            total = count(r.get(6)?);
            Ok(SelectorSeen {
                kind: r.get(0)?,
                value: r.get(1)?,
                records: count(r.get(2)?),
                mentions: count(r.get(3)?),
                first_seen: r.get(4)?,
                last_seen: r.get(5)?,
            })
        })?;
        let page = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        if page.is_empty() && offset > 0 {
            // Past the end: the total still counts.
            total = self.operation_selectors_page(label, 0, 1)?.0;
        }
        Ok((total, page))
    }

    /// One page of an operation for the web UI: its summary, a slice of its members
    /// (oldest first), a slice of its selectors (most members first, then most mentions,
    /// then seen earliest, then in the case's order), every
    /// hub its members mention, and a slice of its links, with the totals to page on.
    ///
    /// An operation of [`DIGEST_MIN_MEMBERS`] or more has a digest written by linking
    /// (its lists in page order), and only the slices shown are read from it. A smaller
    /// one is counted here from three indexed passes (member times, member mentions, hub
    /// ids), which is what the digest holds. Only the members and selectors shown and the
    /// hubs are then looked up.
    pub fn operation_browse(&self, label: &str, slices: BrowseSlices) -> Result<OperationBrowse> {
        let (id, size, first_seen, last_seen): (i64, i64, Option<String>, Option<String>) = self
            .conn()
            .query_row(
                "SELECT id, size, first_seen, last_seen FROM operations WHERE label = ?1",
                [label],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::NoSuchOperation(label.to_owned()))?;
        let digest: Option<i64> = self
            .conn()
            .prepare_cached("SELECT selectors FROM operation_digests WHERE operation_id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        let shown = match digest {
            Some(total) => self.digest_slices(id, count(total), slices)?,
            None => {
                let lists = operation_lists(self.conn(), id, &hub_ids(self.conn())?)?;
                lists.slices(slices)
            }
        };

        let mut detail = self.conn().prepare_cached(
            "SELECT r.external_id, r.kind, s.path FROM records r
             JOIN sources s ON s.id = r.source_id WHERE r.id = ?1",
        )?;
        let members = shown
            .members
            .into_iter()
            .map(|(record, time)| {
                detail.query_row([record], |r| {
                    Ok(OperationMember {
                        record: RecordId(record),
                        external_id: r.get(0)?,
                        kind: r.get(1)?,
                        time,
                        path: r.get(2)?,
                    })
                })
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut name = self
            .conn()
            .prepare_cached("SELECT kind, value FROM selectors WHERE id = ?1")?;
        let selectors = shown
            .selectors
            .into_iter()
            .map(|t| {
                let (kind, value): (String, String) =
                    name.query_row([t.selector], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(SelectorSeen {
                    kind,
                    value,
                    records: t.records,
                    mentions: t.mentions,
                    first_seen: t.first,
                    last_seen: t.last,
                })
            })
            .collect::<Result<Vec<_>>>()?;

        let mut hub = self.conn().prepare_cached(
            "SELECT s.kind, s.value, d.records, d.groups, d.names, d.known
             FROM selector_decisions d JOIN selectors s ON s.id = d.selector_id
             WHERE d.selector_id = ?1",
        )?;
        let mut hubs = shown
            .hubs
            .iter()
            .map(|&h| {
                hub.query_row([h], |r| {
                    Ok(HubView {
                        kind: r.get(0)?,
                        value: r.get(1)?,
                        records: count(r.get(2)?),
                        groups: count(r.get(3)?),
                        names: count(r.get(4)?),
                        known: r.get(5)?,
                    })
                })
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        hubs.sort_by(|a, b| {
            b.records
                .cmp(&a.records)
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| a.value.cmp(&b.value))
        });

        let mut links_total = 0;
        let links = self
            .conn()
            .prepare_cached(
                "SELECT o.label, l.reason, s.kind, s.value, count(*) OVER ()
                 FROM operation_links l
                 JOIN operations o ON o.id = CASE WHEN l.a = ?1 THEN l.b ELSE l.a END
                 LEFT JOIN selectors s ON s.id = l.selector_id
                 WHERE l.a = ?1 OR l.b = ?1 ORDER BY o.size DESC, o.label, l.rowid
                 LIMIT ?2 OFFSET ?3",
            )?
            .query_map(
                params![id, limit(slices.links.limit), limit(slices.links.offset)],
                |r| {
                    links_total = count(r.get(4)?);
                    Ok(LinkView {
                        operation: r.get(0)?,
                        reason: r.get(1)?,
                        kind: r.get(2)?,
                        value: r.get(3)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if links.is_empty() && slices.links.offset > 0 {
            links_total = count(self.conn().query_row(
                "SELECT count(*) FROM operation_links WHERE a = ?1 OR b = ?1",
                [id],
                |r| r.get(0),
            )?);
        }

        Ok(OperationBrowse {
            id: label.to_owned(),
            size: count(size),
            first_seen,
            last_seen,
            members_offset: slices.members.offset,
            members,
            selectors_total: shown.selectors_total,
            selectors_offset: slices.selectors.offset,
            selectors,
            hubs,
            links_total,
            links_offset: slices.links.offset,
            links,
        })
    }

    /// The slices of an operation's page read from its digest.
    fn digest_slices(&self, id: i64, selectors_total: u64, slices: BrowseSlices) -> Result<Shown> {
        let members = self.digest_slice(
            "SELECT record_id, time FROM operation_digest_members
             WHERE operation_id = ?1 AND position >= ?2 ORDER BY position LIMIT ?3",
            id,
            slices.members,
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let selectors = self.digest_slice(
            "SELECT selector_id, records, mentions, first_seen, last_seen
             FROM operation_digest_selectors
             WHERE operation_id = ?1 AND position >= ?2 ORDER BY position LIMIT ?3",
            id,
            slices.selectors,
            |r| {
                Ok(ShownTally {
                    selector: r.get(0)?,
                    records: count(r.get(1)?),
                    mentions: count(r.get(2)?),
                    first: r.get(3)?,
                    last: r.get(4)?,
                })
            },
        )?;
        let hubs = self
            .conn()
            .prepare_cached(
                "SELECT selector_id FROM operation_digest_hubs WHERE operation_id = ?1",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Shown {
            members,
            selectors,
            selectors_total,
            hubs,
        })
    }

    /// `slice` of one of operation `id`'s digest lists: `sql` takes the operation, the
    /// first position and the count.
    fn digest_slice<T>(
        &self,
        sql: &str,
        id: i64,
        slice: Slice,
        row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_map(params![id, limit(slice.offset), limit(slice.limit)], row)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// Operations of at least this many members get a digest when they are linked: their
/// page's lists, ordered and counted, so that showing a slice of them reads only that
/// slice. Below it, counting at view time costs under a millisecond.
pub const DIGEST_MIN_MEMBERS: usize = 100;

/// Writes the digests of the operations of at least `min_members` members, from what is
/// stored: members, their mentions and the hub decisions. Run by linking in the
/// transaction that writes the operations, after the decisions; the digest tables are
/// empty then.
pub(crate) fn write_digests(conn: &Connection, min_members: usize) -> Result<()> {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM operations WHERE size >= ?1 ORDER BY id")?
        .query_map([limit(min_members)], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if ids.is_empty() {
        return Ok(());
    }
    let hubs = hub_ids(conn)?;
    let mut digest =
        conn.prepare("INSERT INTO operation_digests (operation_id, selectors) VALUES (?1, ?2)")?;
    let mut member = conn.prepare(
        "INSERT INTO operation_digest_members (operation_id, position, record_id, time)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut selector = conn.prepare(
        "INSERT INTO operation_digest_selectors
         (operation_id, position, selector_id, records, mentions, first_seen, last_seen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut hub = conn
        .prepare("INSERT INTO operation_digest_hubs (operation_id, selector_id) VALUES (?1, ?2)")?;
    for id in ids {
        let lists = operation_lists(conn, id, &hubs)?;
        digest.execute(params![id, lists.tallies.len() as i64])?;
        for (position, &at) in lists.order.iter().enumerate() {
            let (record, _, ref time) = lists.members[at as usize];
            member.execute(params![id, position as i64, record, time])?;
        }
        for (position, t) in lists.tallies.iter().enumerate() {
            selector.execute(params![
                id,
                position as i64,
                t.selector,
                t.records as i64,
                t.mentions as i64,
                lists.time(t.first),
                lists.time(t.last),
            ])?;
        }
        for &h in &lists.hubs {
            hub.execute(params![id, h])?;
        }
    }
    Ok(())
}

/// The selectors linking decided are hubs.
fn hub_ids(conn: &Connection) -> Result<HashSet<i64>> {
    Ok(conn
        .prepare_cached("SELECT selector_id FROM selector_decisions WHERE decision = 'hub'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// A selector's counts within one operation; times are members' positions.
struct Tally {
    selector: i64,
    records: u64,
    mentions: u64,
    first: Option<u32>,
    last: Option<u32>,
}

/// A selector's counts as shown.
struct ShownTally {
    selector: i64,
    records: u64,
    mentions: u64,
    first: Option<String>,
    last: Option<String>,
}

/// The slices of an operation's lists that its page shows.
struct Shown {
    /// Members shown, with their times.
    members: Vec<(i64, Option<String>)>,
    /// Selectors shown.
    selectors: Vec<ShownTally>,
    /// Selectors in all.
    selectors_total: u64,
    /// Every hub the members mention.
    hubs: Vec<i64>,
}

/// An operation's long lists, counted from its members' mentions.
struct Lists {
    /// Members in record order: record, time in seconds, time as stored.
    members: Vec<(i64, Option<i64>, Option<String>)>,
    /// Positions in `members`, oldest first (no time last, then record order).
    order: Vec<u32>,
    /// Selectors, most members first, then most mentions, then seen earliest (never
    /// seen last), then the case's order; hubs and victims' own contacts left out.
    tallies: Vec<Tally>,
    /// Hubs the members mention.
    hubs: Vec<i64>,
}

impl Lists {
    fn time(&self, member: Option<u32>) -> Option<&str> {
        member.and_then(|m| self.members[m as usize].2.as_deref())
    }

    fn slices(self, slices: BrowseSlices) -> Shown {
        let members = self
            .order
            .iter()
            .skip(slices.members.offset)
            .take(slices.members.limit)
            .map(|&at| {
                let (record, _, ref time) = self.members[at as usize];
                (record, time.clone())
            })
            .collect();
        let selectors = self
            .tallies
            .iter()
            .skip(slices.selectors.offset)
            .take(slices.selectors.limit)
            .map(|t| ShownTally {
                selector: t.selector,
                records: t.records,
                mentions: t.mentions,
                first: self.time(t.first).map(str::to_owned),
                last: self.time(t.last).map(str::to_owned),
            })
            .collect();
        Shown {
            members,
            selectors,
            selectors_total: self.tallies.len() as u64,
            hubs: self.hubs,
        }
    }
}

/// Counts operation `id`'s lists: its members with their times, their mentions grouped by
/// selector here (grouping them in SQL cost 30-40 ms for an operation of 2,800 records in
/// a case of a million), and the hubs among them.
fn operation_lists(conn: &Connection, id: i64, hub_ids: &HashSet<i64>) -> Result<Lists> {
    let mut members: Vec<(i64, Option<i64>, Option<String>)> = conn
        .prepare_cached(
            "SELECT m.record_id, r.time_unix, r.time
             FROM operation_records m JOIN records r ON r.id = m.record_id
             WHERE m.operation_id = ?1",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    members.sort_unstable_by_key(|m| m.0);
    let mut mentions: Vec<(i64, i64, bool)> = conn
        .prepare_cached(BROWSE_MENTIONS)?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    mentions.sort_unstable();
    let position = |record: i64| {
        members
            .binary_search_by_key(&record, |m| m.0)
            .ok()
            .and_then(|i| u32::try_from(i).ok())
    };
    let time = |at: u32| members[at as usize].2.as_deref();
    let mut tallies: Vec<Tally> = Vec::new();
    let mut hubs = Vec::new();
    for run in mentions.chunk_by(|a, b| a.0 == b.0) {
        let selector = run[0].0;
        if hub_ids.contains(&selector) {
            hubs.push(selector);
            continue;
        }
        let mut t = Tally {
            selector,
            records: 0,
            mentions: 0,
            first: None,
            last: None,
        };
        let mut previous = None;
        for &(_, record, victim) in run {
            if victim {
                continue;
            }
            t.mentions += 1;
            if previous != Some(record) {
                previous = Some(record);
                t.records += 1;
                let Some(at) = position(record).filter(|&at| time(at).is_some()) else {
                    continue;
                };
                if t.first.is_none_or(|f| time(at) < time(f)) {
                    t.first = Some(at);
                }
                if t.last.is_none_or(|l| time(at) > time(l)) {
                    t.last = Some(at);
                }
            }
        }
        if t.mentions > 0 {
            tallies.push(t);
        }
    }
    tallies.sort_unstable_by(|a, b| {
        (std::cmp::Reverse(a.records), std::cmp::Reverse(a.mentions))
            .cmp(&(std::cmp::Reverse(b.records), std::cmp::Reverse(b.mentions)))
            .then_with(|| a.first.is_none().cmp(&b.first.is_none()))
            .then_with(|| a.first.map(time).cmp(&b.first.map(time)))
            .then_with(|| a.selector.cmp(&b.selector))
    });
    let mut order: Vec<u32> = (0..u32::try_from(members.len()).unwrap_or(u32::MAX)).collect();
    order.sort_unstable_by_key(|&at| {
        let m = &members[at as usize];
        (m.1.is_none(), m.1, m.0)
    });
    Ok(Lists {
        members,
        order,
        tallies,
        hubs,
    })
}

impl Case {
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

    use crate::{
        BrowseSlices, Case, NewLink, NewOperation, PreparedRecord, Slice, SourceMeta, StoreError,
    };

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

    /// An operation of nine records with repeated, tied, victims' and hub selectors,
    /// linked to three others, beside three one-record operations.
    fn browsed_case(digest_min_members: usize) -> Case {
        let mut case = Case::open_in_memory().unwrap();
        case.set_digest_min_members(digest_min_members);
        let meta = SourceMeta {
            hash: ContentHash::from_bytes([7; 32]),
            path: "big.txt".into(),
            size: 1,
            format: Format::Text,
        };
        let mut w = case.begin_source(&meta).unwrap();
        for i in 1..=12u64 {
            let mut d = RecordDraft::new(RecordKind::VictimReport, Place::span(i, 1));
            d.text = format!("report {i}");
            // Times out of record order, two records without one.
            if i % 5 != 0 {
                d.time =
                    RecordTime::parse_iso(&format!("2024-0{}-1{}", 1 + (i * 7) % 9, i % 10)).ok();
            }
            let mut ms = vec![
                mention("phone", &format!("+8551{}", i % 3)),
                mention("tron", &format!("T{}", i % 2)),
                mention("domain", "hub.example"),
                mention("email", &format!("own{i}@x.org")),
            ];
            if i % 3 == 0 {
                ms.push(mention("phone", &format!("+8551{}", i % 3)));
            }
            // Ties across kinds: a wallet in as many records as each phone, domains in
            // one record each like the e-mails.
            if i <= 3 {
                ms.push(mention("tron", "TT"));
            }
            if i % 4 == 1 {
                ms.push(mention("domain", &format!("d{i}.icu")));
            }
            let mut victim = mention("email", &format!("v{}@mail.example", i % 4));
            victim.victim = true;
            ms.push(victim);
            w.add(&PreparedRecord::new(d).with_mentions(ms)).unwrap();
        }
        w.finish(&Decoding {
            encoding: "UTF-8".into(),
            method: "utf8".into(),
            had_errors: false,
        })
        .unwrap();
        case.flush().unwrap();
        let hub: i64 = case
            .conn()
            .query_row(
                "SELECT id FROM selectors WHERE value = 'hub.example'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let record = millwatch_model::RecordId;
        case.replace_operations(
            &[
                NewOperation {
                    label: "op-big".into(),
                    records: (1..=9).map(record).collect(),
                },
                NewOperation {
                    label: "op-z".into(),
                    records: vec![record(10)],
                },
                NewOperation {
                    label: "op-x".into(),
                    records: vec![record(11)],
                },
                NewOperation {
                    label: "op-y".into(),
                    records: vec![record(12)],
                },
            ],
            &[crate::NewDecision {
                selector: hub,
                decision: "hub",
                records: 12,
                groups: 4,
                names: 3,
                known: false,
            }],
            &[1, 2, 3].map(|b| NewLink {
                a: 0,
                b,
                selector: Some(1),
                reason: "shared_selector",
            }),
        )
        .unwrap();
        case
    }

    /// Each slice of a browsed operation is the same slice of what the plain SQL reads
    /// give: members oldest first (no time last), selectors counted and ordered as the
    /// grouping query orders them (ties by kind and value, victims' own contacts and hubs
    /// left out), every hub, links; totals to page on, and slices past the end empty.
    /// The same counted at view time and read from the digest linking wrote.
    #[test]
    fn browsed_slices_equal_the_sql_reads() {
        browsed_slices_equal_the_sql_reads_with(usize::MAX);
        browsed_slices_equal_the_sql_reads_with(0);
        browsed_slices_equal_the_sql_reads_with(9);
    }

    /// A new linking run replaces the digests with its own.
    #[test]
    fn relinking_replaces_the_digests() {
        let mut case = browsed_case(0);
        let record = millwatch_model::RecordId;
        case.replace_operations(
            &[NewOperation {
                label: "op-all".into(),
                records: (1..=12).map(record).collect(),
            }],
            &[],
            &[],
        )
        .unwrap();
        let digests: (i64, i64) = case
            .conn()
            .query_row(
                "SELECT count(*), (SELECT count(*) FROM operation_digest_members)
                 FROM operation_digests",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(digests, (1, 12));
        let all = Slice::new(0, 100);
        let b = case
            .operation_browse(
                "op-all",
                BrowseSlices {
                    members: all,
                    selectors: all,
                    links: all,
                },
            )
            .unwrap();
        assert_eq!((b.members.len(), b.links_total), (12, 0));
        // No hub decision this time: the former hub is a selector like the others.
        assert!(b.hubs.is_empty());
        assert!(b.selectors.iter().any(|s| s.value == "hub.example"));
    }

    fn browsed_slices_equal_the_sql_reads_with(digest_min_members: usize) {
        let case = browsed_case(digest_min_members);
        let digests: i64 = case
            .conn()
            .query_row("SELECT count(*) FROM operation_digests", [], |r| r.get(0))
            .unwrap();
        // Four operations: one of nine members, three of one.
        let expected = match digest_min_members {
            0 => 4,
            9 => 1,
            _ => 0,
        };
        assert_eq!(digests, expected);
        let whole = case.operation("op-big").unwrap();
        let debug = |v: &dyn std::fmt::Debug| format!("{v:?}");
        for (offset, limit) in [(0, 4), (3, 4), (8, 4), (0, 100), (9, 1), (20, 4), (2, 0)] {
            let slice = Slice::new(offset, limit);
            let b = case
                .operation_browse(
                    "op-big",
                    BrowseSlices {
                        members: slice,
                        selectors: slice,
                        links: slice,
                    },
                )
                .unwrap();
            let members: Vec<_> = whole.members.iter().skip(offset).take(limit).collect();
            assert_eq!(
                debug(&b.members.iter().collect::<Vec<_>>()),
                debug(&members)
            );
            let (total, selectors) = case
                .operation_selectors_page("op-big", offset, limit)
                .unwrap();
            assert_eq!(
                debug(&b.selectors),
                debug(&selectors),
                "selectors {offset}+{limit}"
            );
            if limit > 0 {
                assert_eq!(b.selectors_total, total);
            }
            let links: Vec<_> = whole.links.iter().skip(offset).take(limit).collect();
            assert_eq!(debug(&b.links.iter().collect::<Vec<_>>()), debug(&links));
            assert_eq!(b.links_total, 3);
            assert_eq!(debug(&b.hubs), debug(&whole.hubs));
            assert_eq!((b.size, b.members_offset), (9, offset));
        }
        let b = case
            .operation_browse(
                "op-big",
                BrowseSlices {
                    members: Slice::new(0, 100),
                    selectors: Slice::new(0, 100),
                    links: Slice::new(0, 100),
                },
            )
            .unwrap();
        // Three phones, three wallets, nine one-record e-mails and three domains; the hub
        // and the victims' addresses are not among them.
        assert_eq!(b.selectors_total, 18);
        assert!(
            !b.selectors
                .iter()
                .any(|s| s.value.contains("mail.example") || s.value == "hub.example")
        );
        assert_eq!(b.hubs.len(), 1);
        assert!(b.members.last().unwrap().time.is_none());
        assert!(matches!(
            case.operation_browse(
                "op-none",
                BrowseSlices {
                    members: Slice::new(0, 1),
                    selectors: Slice::new(0, 1),
                    links: Slice::new(0, 1)
                }
            ),
            Err(StoreError::NoSuchOperation(_))
        ));
    }
}
