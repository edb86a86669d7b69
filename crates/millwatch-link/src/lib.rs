//! Linking: records into the scam operations behind them.
//!
//! The input is a bipartite graph — records on one side, typed selectors (phones, wallets,
//! domains, handles, chats) on the other, each edge a *mention* that is the evidence —
//! plus the names records give (fake platform names, personas). The output is a partition
//! of the records into operations, the selectors found to be **hubs** (values so common
//! that they would glue strangers together: an exchange's hot wallet, a hotline, a webmail
//! domain), and **links between operations** (a bridge report by a victim of two
//! operations, a laundering wallet shared by a syndicate), each with its evidence.
//!
//! # How
//!
//! Naive connected components over shared selectors merge almost everything, and a fixed
//! degree cut-off drops the core selectors of big operations. So selectors are given to a
//! union-find one at a time, **rarest first**, and each is tested against the groups its
//! records already form ([`Decision`]):
//!
//! - records in at most one group of two or more (the rest single records): the selector
//!   belongs to that group — an operation's own selector, or the core of a star whose
//!   other contacts are one-offs — and its records join;
//! - records spread over several groups that stay apart otherwise, where no group
//!   dominates and the groups' names disagree (or are unknown): a **hub**, joined nowhere;
//! - otherwise the dominant group takes the selector and the groups that agree with it;
//!   a group whose names disagree keeps apart and is **linked**, with the selector as the
//!   evidence (a bridge report, a shared laundering wallet).
//!
//! Names never join anything by themselves: a common persona name ("Anna Chen") is shared
//! by unrelated operations. They only veto a join (names disagree) or let it through.
//! Finally each record is checked once against the operations its selectors point to and
//! moves to one it is clearly closer to (a report pulled in through a single weak
//! selector).
//!
//! Everything is deterministic: inputs are sorted, ties broken by ids, no hash order
//! reaches the output. Operation ids derive from the operation's most-mentioned selector
//! (or its first record's key), so they stay put while membership barely changes.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

pub mod known;
pub mod names;
pub mod score;

/// A selector: kind and normal value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    /// Kind's stable name (`phone`, `tron`, `domain`, `chat` …).
    pub kind: String,
    /// Normal form.
    pub value: String,
}

/// A record names a selector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Record index, `0..records`.
    pub record: u32,
    /// Selector index into [`Input::selectors`].
    pub selector: u32,
    /// The caller's handle on the evidence (a mention id), returned in explanations.
    pub evidence: i64,
    /// The reporter's or victim's own contact: kept as evidence, never used to join.
    pub victim: bool,
}

/// What a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A fake platform, app, shop or company name.
    Platform,
    /// A persona ("Anna Chen", "Mr. Lim"). Kept for explanations; never a veto, because
    /// one persona is written in many scripts and orders and common names are shared.
    Persona,
}

/// A name a record gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// Record index.
    pub record: u32,
    /// What it names.
    pub kind: NameKind,
    /// As written.
    pub value: String,
}

/// The graph to link.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// A stable key per record (e.g. its external id or source hash and place), used for
    /// the ids of operations without selectors. Its length is the number of records.
    pub record_keys: Vec<String>,
    /// The selectors.
    pub selectors: Vec<Selector>,
    /// The mentions.
    pub mentions: Vec<Mention>,
    /// The names.
    pub names: Vec<Name>,
    /// Each record's time (seconds since the epoch: when it was reported, sent or
    /// written), when known; empty, or shorter than the records, where unknown. Used only
    /// to corroborate a shared platform name ([`Params::attach_by_corroboration`]).
    pub record_times: Vec<Option<i64>>,
}

/// The knobs. One set for every world: the defaults are what is measured in the README.
#[derive(Debug, Clone)]
pub struct Params {
    /// A selector spread over at least this many separate groups, none dominant, is a hub.
    pub hub_groups: usize,
    /// Share of a selector's records that its largest group must hold to dominate.
    pub dominant_share: f64,
    /// Spread over this many groups, none holding half the dominant share, a selector is
    /// a hub even when the groups carry no names.
    pub spread_groups: usize,
    /// Run the final pass that moves records to the operation they are clearly closer to.
    pub reassign: bool,
    /// Attach a record left alone (its selectors shared with nobody) to the one operation
    /// of two or more records whose platform name is the record's, when no other
    /// operation carries that name: first by the brand key ([`names::key`]), then, for
    /// brands several operations share, by the full name ([`names::keys`]). Never merges
    /// operations.
    pub attach_by_name: bool,
    /// Attach a record left alone to an operation whose platform name it gives where the
    /// name alone cannot decide (several operations give it), when a second piece of
    /// evidence singles out one of them: a persona the record gives that exactly one of
    /// them gives too (compared across scripts and word orders, [`names::persona_key`]),
    /// else the record's time falling within the time span of exactly one of them. A
    /// persona or a time alone never attaches anything, and nothing merges operations.
    pub attach_by_corroboration: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            hub_groups: 3,
            dominant_share: 0.5,
            spread_groups: 8,
            reassign: true,
            attach_by_name: true,
            attach_by_corroboration: true,
        }
    }
}

/// What was decided about a selector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Mentioned by fewer than two records (or only as victims' own): links nothing.
    Single,
    /// Joined its records' groups.
    Joined,
    /// Joined the dominant group and those agreeing with it; others were linked.
    JoinedDominant,
    /// Spread over groups that stay apart: a hub, joined nowhere.
    Hub,
    /// Shared by a few separate groups whose names disagree: linked, not joined.
    Shared,
}

/// A hub and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hub {
    /// The selector.
    pub selector: u32,
    /// Records that mention it.
    pub records: u32,
    /// Separate groups (of two or more records) its records fell into.
    pub groups: u32,
    /// Distinct name keys among those groups.
    pub names: u32,
    /// A known platform value (webmail, big platform, shortener), a hub whatever the data.
    pub known: bool,
}

/// One operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// Stable id, `op-` and ten hex digits.
    pub id: String,
    /// Member records, ascending.
    pub records: Vec<u32>,
    /// Selectors its members mention (hubs excluded) with the number of members that do,
    /// most-mentioned first.
    pub selectors: Vec<(u32, u32)>,
}

/// Why two operations are linked without being merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkReason {
    /// A selector shared by the two, whose names disagree (a syndicate's wallet, a
    /// victim's own phone written in the text of two reports).
    SharedSelector,
    /// A record moved out of one into the other by the final pass (a bridge report).
    Bridge,
}

/// A link between two operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpLink {
    /// Operation indices, `a < b`.
    pub a: u32,
    /// The other.
    pub b: u32,
    /// The selector that links them.
    pub selector: u32,
    /// Why.
    pub reason: LinkReason,
}

/// A record attached to an operation by its platform name alone (see
/// [`Params::attach_by_name`]): the explanation of a join that no selector made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameJoin {
    /// The record.
    pub record: u32,
    /// Index into [`Linking::operations`].
    pub operation: u32,
    /// The name key both give.
    pub name: String,
    /// The second piece of evidence, when the name was shared by several operations.
    pub corroboration: Option<Corroboration>,
}

/// What singled out one of the operations that give a platform name (see
/// [`Params::attach_by_corroboration`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Corroboration {
    /// The record and the operation give the same persona: its key
    /// ([`names::persona_key`]) and the record's spelling of it.
    Persona {
        /// The persona key.
        key: String,
        /// As the record writes it.
        written: String,
    },
    /// The record's time lies within the operation's time span, and within no other's
    /// that gives the name: the span, seconds since the epoch.
    Time {
        /// First time of the operation's records.
        from: i64,
        /// Last.
        to: i64,
    },
}

/// The result.
#[derive(Debug, Clone, Default)]
pub struct Linking {
    /// The operation index of each record.
    pub assignment: Vec<u32>,
    /// Operations, ordered by size (largest first) then id.
    pub operations: Vec<Operation>,
    /// The decision about each selector.
    pub decisions: Vec<Option<Decision>>,
    /// Hubs, most records first.
    pub hubs: Vec<Hub>,
    /// Links between operations, deduplicated.
    pub links: Vec<OpLink>,
    /// Records joined by name alone, with the name (sorted by record).
    pub attached: Vec<NameJoin>,
}

/// Compressed adjacency: `items[starts[i]..starts[i + 1]]`.
struct Csr {
    starts: Vec<usize>,
    items: Vec<u32>,
}

impl Csr {
    fn build(n: usize, pairs: &[(u32, u32)]) -> Csr {
        let mut starts = vec![0usize; n + 1];
        for &(a, _) in pairs {
            starts[a as usize + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut fill = starts.clone();
        let mut items = vec![0u32; pairs.len()];
        for &(a, b) in pairs {
            items[fill[a as usize]] = b;
            fill[a as usize] += 1;
        }
        Csr { starts, items }
    }

    fn of(&self, i: u32) -> &[u32] {
        let i = i as usize;
        &self.items[self.starts[i]..self.starts[i + 1]]
    }
}

/// Union-find with sizes and, per root, the count of each name key among its records.
struct Groups {
    parent: Vec<u32>,
    size: Vec<u32>,
    names: Vec<Vec<(u32, u32)>>,
}

impl Groups {
    fn new(n: usize, record_names: &[Vec<u32>]) -> Groups {
        Groups {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
            names: record_names
                .iter()
                .map(|ks| ks.iter().map(|&k| (k, 1)).collect())
                .collect(),
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) -> u32 {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return a;
        }
        if self.size[a as usize] < self.size[b as usize] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b as usize] = a;
        self.size[a as usize] += self.size[b as usize];
        let moved = std::mem::take(&mut self.names[b as usize]);
        let into = &mut self.names[a as usize];
        for (k, c) in moved {
            match into.iter_mut().find(|(kk, _)| *kk == k) {
                Some(e) => e.1 += c,
                None => into.push((k, c)),
            }
        }
        a
    }

    /// The most frequent name key of a root's group (ties: smaller key id).
    fn dominant_name(&self, root: u32) -> Option<u32> {
        self.names[root as usize]
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|&(k, _)| k)
    }
}

/// Interned name keys and a memo of which pairs are similar.
struct NameTable {
    keys: Vec<String>,
    similar: HashMap<(u32, u32), bool>,
}

/// Above this many different name keys among the groups a selector touches, the hub
/// test clusters names around the heaviest keys only (see the call).
const MAX_CLUSTER_KEYS: usize = 32;

/// How many of the heaviest keys are tried as the centre of the largest cluster then.
const CLUSTER_CENTRES: usize = 4;

/// Up to this many items, a linear search beats hashing (most selectors have a few
/// records); above it the hub test indexes by hash so that it stays linear.
const LINEAR_SEARCH: usize = 32;

impl NameTable {
    /// As [`NameTable::agree`], without growing the memo (for one-off comparisons in
    /// large hubs, which would fill it with pairs never asked again).
    fn agree_unmemoized(&self, a: u32, b: u32) -> bool {
        if a == b {
            return true;
        }
        match self.similar.get(&(a.min(b), a.max(b))) {
            Some(&v) => v,
            None => names::similar(&self.keys[a as usize], &self.keys[b as usize]),
        }
    }

    fn agree(&mut self, a: u32, b: u32) -> bool {
        if a == b {
            return true;
        }
        let pair = (a.min(b), a.max(b));
        if let Some(&v) = self.similar.get(&pair) {
            return v;
        }
        let v = names::similar(&self.keys[a as usize], &self.keys[b as usize]);
        self.similar.insert(pair, v);
        v
    }
}

/// See the call in [`link`].
fn merge_fragments(
    assign: &mut [u32],
    by_selector: &Csr,
    decisions: &[Option<Decision>],
    record_names: &[Vec<u32>],
    table: &mut NameTable,
) {
    // For each pair of groups: the selectors they share and their records that do.
    type Shared = (Vec<u32>, Vec<u32>, Vec<u32>);
    let mut pairs: HashMap<(u32, u32), Shared> = HashMap::new();
    for s in 0..decisions.len() as u32 {
        if matches!(
            decisions[s as usize],
            Some(Decision::Hub) | Some(Decision::Single) | None
        ) {
            continue;
        }
        let mut by_group: Vec<(u32, Vec<u32>)> = Vec::new();
        for &r in by_selector.of(s) {
            let g = assign[r as usize];
            match by_group.iter_mut().find(|e| e.0 == g) {
                Some(e) => e.1.push(r),
                None => by_group.push((g, vec![r])),
            }
        }
        if by_group.len() < 2 || by_group.len() > 4 {
            continue;
        }
        for i in 0..by_group.len() {
            for j in i + 1..by_group.len() {
                let (a, b) = if by_group[i].0 < by_group[j].0 {
                    (i, j)
                } else {
                    (j, i)
                };
                let e = pairs.entry((by_group[a].0, by_group[b].0)).or_default();
                e.0.push(s);
                e.1.extend(&by_group[a].1);
                e.2.extend(&by_group[b].1);
            }
        }
    }
    let mut keys: Vec<(u32, u32)> = pairs.keys().copied().collect();
    keys.sort_unstable();
    // Names per group, for the veto.
    let mut group_names: HashMap<u32, Vec<(u32, u32)>> = HashMap::new();
    for (r, &g) in assign.iter().enumerate() {
        for &k in &record_names[r] {
            let e = group_names.entry(g).or_default();
            match e.iter_mut().find(|c| c.0 == k) {
                Some(c) => c.1 += 1,
                None => e.push((k, 1)),
            }
        }
    }
    let dominant = |g: u32| {
        group_names.get(&g).and_then(|v| {
            v.iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|c| c.0)
        })
    };
    let mut parent: HashMap<u32, u32> = HashMap::new();
    fn root(parent: &mut HashMap<u32, u32>, mut g: u32) -> u32 {
        while let Some(&p) = parent.get(&g) {
            if p == g {
                break;
            }
            g = p;
        }
        g
    }
    for key in keys {
        let Some((sels, ra, rb)) = pairs.get_mut(&key) else {
            continue;
        };
        sels.sort_unstable();
        sels.dedup();
        ra.sort_unstable();
        ra.dedup();
        rb.sort_unstable();
        rb.dedup();
        if sels.len() < 2 || ra.len() < 2 || rb.len() < 2 {
            continue;
        }
        if let (Some(a), Some(b)) = (dominant(key.0), dominant(key.1))
            && !table.agree(a, b)
        {
            continue;
        }
        let (x, y) = (root(&mut parent, key.0), root(&mut parent, key.1));
        if x != y {
            parent.insert(x.max(y), x.min(y));
            parent.entry(x.min(y)).or_insert(x.min(y));
        }
    }
    if parent.is_empty() {
        return;
    }
    for g in assign.iter_mut() {
        *g = root(&mut parent, *g);
    }
}

/// `op-` and the first ten hex digits of the SHA-256 of `anchor`.
fn op_id(anchor: &str) -> String {
    let digest = Sha256::digest(anchor.as_bytes());
    let hex: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
    format!("op-{hex}")
}

/// Links the records of `input` into operations.
pub fn link(input: &Input, params: &Params) -> Linking {
    let n = input.record_keys.len();
    let s_count = input.selectors.len();
    // Edges used for joining: no victims' own contacts, each pair once.
    let mut pairs: Vec<(u32, u32)> = input
        .mentions
        .iter()
        .filter(|m| !m.victim && (m.record as usize) < n && (m.selector as usize) < s_count)
        .map(|m| (m.selector, m.record))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let by_selector = Csr::build(s_count, &pairs);
    let mut rev: Vec<(u32, u32)> = pairs.iter().map(|&(s, r)| (r, s)).collect();
    rev.sort_unstable();
    let by_record = Csr::build(n, &rev);

    // Name keys per record: platforms, else personas.
    let mut table = NameTable {
        keys: Vec::new(),
        similar: HashMap::new(),
    };
    let mut interned: HashMap<String, u32> = HashMap::new();
    let mut platform: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut persona: Vec<Vec<u32>> = vec![Vec::new(); n];
    // Records spell the same names over and over: each spelling is keyed once.
    let mut spelled: HashMap<&str, Option<u32>> = HashMap::new();
    for name in &input.names {
        if name.record as usize >= n {
            continue;
        }
        let id = match spelled.get(name.value.as_str()) {
            Some(&id) => id,
            None => {
                let id = names::key(&name.value).map(|k| {
                    *interned.entry(k.clone()).or_insert_with(|| {
                        table.keys.push(k);
                        (table.keys.len() - 1) as u32
                    })
                });
                spelled.insert(name.value.as_str(), id);
                id
            }
        };
        let Some(id) = id else {
            continue;
        };
        let list = match name.kind {
            NameKind::Platform => &mut platform[name.record as usize],
            NameKind::Persona => &mut persona[name.record as usize],
        };
        if !list.contains(&id) {
            list.push(id);
        }
    }
    let record_names: Vec<Vec<u32>> = platform
        .into_iter()
        .zip(persona)
        .map(|(p, _persona)| p)
        .collect();

    drop(spelled);
    let mut groups = Groups::new(n, &record_names);
    let mut decisions: Vec<Option<Decision>> = vec![None; s_count];
    let mut hubs = Vec::new();
    // Links found while joining, as (record in one group, record in the other, selector).
    let mut pending_links: Vec<(u32, u32, u32, LinkReason)> = Vec::new();

    let mut order: Vec<u32> = (0..s_count as u32)
        .filter(|&s| by_selector.of(s).len() >= 2)
        .collect();
    order.sort_by_key(|&s| (by_selector.of(s).len(), s));
    for s in 0..s_count as u32 {
        if by_selector.of(s).len() < 2 {
            decisions[s as usize] = Some(Decision::Single);
        }
    }

    let mut slot_of: HashMap<u32, usize> = HashMap::new();
    let mut key_slot: HashMap<u32, usize> = HashMap::new();
    for &s in &order {
        let recs = by_selector.of(s);
        let sel = &input.selectors[s as usize];
        if known::is_known_hub(&sel.kind, &sel.value) {
            hubs.push(Hub {
                selector: s,
                records: recs.len() as u32,
                groups: 0,
                names: 0,
                known: true,
            });
            decisions[s as usize] = Some(Decision::Hub);
            continue;
        }
        // (root, records of s in it, a record of s in it)
        // In order of first appearance; the index keeps a hub of many groups linear
        // (a search through `touched` per record was quadratic in the hub's degree).
        let mut touched: Vec<(u32, u32, u32)> = Vec::new();
        slot_of.clear();
        let small = recs.len() <= LINEAR_SEARCH;
        for &r in recs {
            let root = groups.find(r);
            if small {
                match touched.iter_mut().find(|t| t.0 == root) {
                    Some(t) => t.1 += 1,
                    None => touched.push((root, 1, r)),
                }
                continue;
            }
            match slot_of.entry(root) {
                std::collections::hash_map::Entry::Occupied(e) => touched[*e.get()].1 += 1,
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(touched.len());
                    touched.push((root, 1, r));
                }
            }
        }
        let subs: Vec<(u32, u32, u32)> = touched
            .iter()
            .copied()
            .filter(|t| groups.size[t.0 as usize] >= 2)
            .collect();
        let leaves: Vec<u32> = touched
            .iter()
            .filter(|t| groups.size[t.0 as usize] < 2)
            .map(|t| t.2)
            .collect();
        // The leaves' common name: the most frequent key among them (ties: smaller id).
        let leaf_name = {
            let mut counts: Vec<(u32, u32)> = Vec::new();
            for &r in &leaves {
                for &k in &record_names[r as usize] {
                    match counts.iter_mut().find(|c| c.0 == k) {
                        Some(c) => c.1 += 1,
                        None => counts.push((k, 1)),
                    }
                }
            }
            counts
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|c| c.0)
        };
        // The dominant unit: the group (or the leaves together) holding most of s's
        // records; ties go to a real group, then the larger, then the smaller root.
        let dom_sub = subs.iter().copied().max_by(|a, b| {
            a.1.cmp(&b.1)
                .then(groups.size[a.0 as usize].cmp(&groups.size[b.0 as usize]))
                .then(b.0.cmp(&a.0))
        });
        let leaves_dominate = match dom_sub {
            None => true,
            Some(d) => leaves.len() as u32 > d.1,
        };
        let dom_count = if leaves_dominate {
            leaves.len() as u32
        } else {
            dom_sub.map_or(0, |d| d.1)
        };
        let share = f64::from(dom_count) / recs.len() as f64;
        let keys: Vec<Option<u32>> = subs.iter().map(|t| groups.dominant_name(t.0)).collect();
        let reference = if leaves_dominate {
            leaf_name
        } else {
            dom_sub.and_then(|d| groups.dominant_name(d.0))
        }
        .or_else(|| {
            subs.iter()
                .zip(&keys)
                .filter(|(_, k)| k.is_some())
                .max_by_key(|(t, _)| (t.1, groups.size[t.0 as usize]))
                .and_then(|(_, k)| *k)
        })
        .or(leaf_name);
        let mut disagree = |k: Option<u32>| match (k, reference) {
            (Some(k), Some(r)) => !table.agree(k, r),
            _ => false,
        };
        let sub_disagrees: Vec<bool> = keys.iter().map(|&k| disagree(k)).collect();
        // A leaf disagrees when none of its names agrees with the reference.
        let leaf_disagrees: Vec<bool> = leaves
            .iter()
            .map(|&r| {
                let ks = &record_names[r as usize];
                !ks.is_empty() && ks.iter().all(|&k| disagree(Some(k)))
            })
            .collect();
        // Name clusters among the groups: how many different names they carry.
        // Weighted by how many of s's records each group holds. Groups are first
        // bucketed by exact key (in order of first appearance), then keys clustered by
        // similarity.
        let mut exact: Vec<(u32, u32)> = Vec::new();
        key_slot.clear();
        let mut named_weight = 0u32;
        let few = subs.len() < LINEAR_SEARCH;
        let mut add = |k: u32, w: u32, exact: &mut Vec<(u32, u32)>| {
            if few {
                match exact.iter_mut().find(|e| e.0 == k) {
                    Some(e) => e.1 += w,
                    None => exact.push((k, w)),
                }
                return;
            }
            match key_slot.entry(k) {
                std::collections::hash_map::Entry::Occupied(e) => exact[*e.get()].1 += w,
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(exact.len());
                    exact.push((k, w));
                }
            }
        };
        for (t, k) in subs.iter().zip(&keys) {
            let Some(k) = k else { continue };
            named_weight += t.1;
            add(*k, t.1, &mut exact);
        }
        // Two or more single records with a common name count as one more group.
        let leaf_unit = leaves.len() >= 2 && leaf_name.is_some();
        if let (true, Some(k)) = (leaf_unit, leaf_name) {
            let w = leaves.len() as u32;
            named_weight += w;
            add(k, w, &mut exact);
        }
        // (number of clusters, weight of the largest)
        let (cluster_count, top_cluster) = if exact.len() <= MAX_CLUSTER_KEYS {
            let mut clusters: Vec<(u32, u32)> = Vec::new();
            for &(k, w) in &exact {
                match clusters.iter_mut().find(|c| table.agree(c.0, k)) {
                    Some(c) => c.1 += w,
                    None => clusters.push((k, w)),
                }
            }
            let top = clusters.iter().map(|c| c.1).max().unwrap_or(0);
            (clusters.len(), top)
        } else {
            // Many different names (a hub of thousands of groups): the largest cluster
            // is sought around the heaviest keys only, so the test stays linear in the
            // selector's degree; such a spread of names is mixed in any case.
            let mut heavy = exact.clone();
            heavy.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let mut top = 0u32;
            for &(c, _) in heavy.iter().take(CLUSTER_CENTRES) {
                let w: u32 = exact
                    .iter()
                    .filter(|&&(k, _)| table.agree_unmemoized(c, k))
                    .map(|&(_, w)| w)
                    .sum();
                top = top.max(w);
                // One name holds three quarters: not mixed, whatever the rest.
                if 4 * u64::from(top) >= 3 * u64::from(named_weight) {
                    break;
                }
            }
            (if top < named_weight { exact.len() } else { 1 }, top)
        };
        let units = subs.len() + usize::from(leaf_unit);
        // Names genuinely mixed: no single name holds half of the named groups' weight.
        let mixed = cluster_count >= 2 && f64::from(top_cluster) < 0.75 * f64::from(named_weight);
        let spread = units >= params.hub_groups && share < params.dominant_share;
        let unnamed = named_weight * 3 < dom_count.max(1) + recs.len() as u32;
        if (spread && mixed)
            || (unnamed
                && subs.len() >= params.spread_groups
                && share < params.dominant_share / 2.0)
        {
            let mut distinct: Vec<u32> = keys.iter().flatten().copied().collect();
            distinct.sort_unstable();
            distinct.dedup();
            hubs.push(Hub {
                selector: s,
                records: recs.len() as u32,
                groups: units as u32,
                names: cluster_count.max(distinct.len()) as u32,
                known: false,
            });
            decisions[s as usize] = Some(Decision::Hub);
            continue;
        }
        // Join the dominant unit with every group and leaf whose names do not disagree;
        // the others are linked to it through s.
        let anchor = if leaves_dominate {
            leaves
                .iter()
                .zip(&leaf_disagrees)
                .find(|(_, d)| !**d)
                .map(|(r, _)| *r)
                .unwrap_or(recs[0])
        } else {
            dom_sub.map_or(recs[0], |d| d.2)
        };
        let mut joined = 0usize;
        let mut apart = 0usize;
        for (t, &d) in subs.iter().zip(&sub_disagrees) {
            if groups.find(t.2) == groups.find(anchor) {
                continue;
            }
            // A group that s touches through a single record (a bridge report, a warning
            // page listing many operations' selectors) joins only when its names agree.
            let single_point = t.1 == 1 && (dom_count >= 2 || leaves_dominate);
            let agrees = match (groups.dominant_name(t.0), reference) {
                (Some(k), Some(r)) => table.agree(k, r),
                _ => false,
            };
            if d || (single_point && !agrees) {
                apart += 1;
                pending_links.push((anchor, t.2, s, LinkReason::SharedSelector));
            } else {
                groups.union(anchor, t.2);
                joined += 1;
            }
        }
        for (&r, &d) in leaves.iter().zip(&leaf_disagrees) {
            if groups.find(r) == groups.find(anchor) {
                continue;
            }
            if d {
                apart += 1;
                pending_links.push((anchor, r, s, LinkReason::SharedSelector));
            } else {
                groups.union(anchor, r);
                joined += 1;
            }
        }
        decisions[s as usize] = Some(match (joined, apart) {
            (_, 0) => Decision::Joined,
            (0, _) => Decision::Shared,
            _ => Decision::JoinedDominant,
        });
    }

    // Groups as they stand.
    let mut assign: Vec<u32> = (0..n as u32).map(|r| groups.find(r)).collect();

    // One pass: a record moves to the group its non-hub selectors tie it to most, when
    // that is clearly more than its own (its other members count, itself excluded).
    let mut moved_links: Vec<(u32, u32, u32)> = Vec::new();
    if params.reassign {
        let snapshot = assign.clone();
        // Each non-hub selector's records counted by group once, so that a record's ties
        // cost the groups of its selectors, not their records: a selector on ten thousand
        // records of one group would otherwise be walked ten thousand times over.
        let mut tally: HashMap<u32, u32> = HashMap::new();
        let group_counts: Vec<Vec<(u32, u32)>> = (0..s_count as u32)
            .map(|s| {
                if decisions[s as usize] == Some(Decision::Hub) {
                    return Vec::new();
                }
                tally.clear();
                for &o in by_selector.of(s) {
                    *tally.entry(snapshot[o as usize]).or_default() += 1;
                }
                // Order does not matter: the best group is chosen by ties, then group id.
                tally.iter().map(|(&g, &c)| (g, c)).collect()
            })
            .collect();
        let mut weight: Vec<(u32, u32, u32)> = Vec::new(); // (group, ties, a selector)
        // Where each group sits in `weight` (groups are record indexes): a record whose
        // selectors touch thousands of groups must not search them linearly.
        let mut slot: Vec<u32> = vec![u32::MAX; n];
        for r in 0..n as u32 {
            for w in &weight {
                slot[w.0 as usize] = u32::MAX;
            }
            weight.clear();
            let own_group = snapshot[r as usize];
            for &s in by_record.of(r) {
                for &(g, count) in &group_counts[s as usize] {
                    // The record itself is not its own tie.
                    let ties = if g == own_group { count - 1 } else { count };
                    if ties == 0 {
                        continue;
                    }
                    match slot[g as usize] {
                        u32::MAX => {
                            slot[g as usize] = weight.len() as u32;
                            weight.push((g, ties, s));
                        }
                        i => weight[i as usize].1 += ties,
                    }
                }
            }
            let own = snapshot[r as usize];
            let own_ties = match slot[own as usize] {
                u32::MAX => 0,
                i => weight[i as usize].1,
            };
            let names = &record_names[r as usize];
            if let Some(best) = weight
                .iter()
                .copied()
                .filter(|w| w.0 != own)
                // Never into a group whose name disagrees with all of the record's names.
                .filter(|w| match groups.dominant_name(w.0) {
                    Some(k) if !names.is_empty() => names.iter().any(|&n| table.agree(n, k)),
                    _ => true,
                })
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                && best.1 >= 2 * own_ties.max(1)
            {
                assign[r as usize] = best.0;
                moved_links.push((own, best.0, best.2));
            }
        }
    }

    // Fragments of one operation that the rarest-first pass left apart (each side's names
    // veto nothing, yet a group touched through one record was kept apart) are merged when
    // they share at least two selectors, each side through at least two of its records:
    // a bridge report shares through one record, a syndicate through one wallet.
    merge_fragments(
        &mut assign,
        &by_selector,
        &decisions,
        &record_names,
        &mut table,
    );

    let attached: Vec<(u32, String, Option<Corroboration>)> = if params.attach_by_name {
        // Records that name several platforms (a warning page listing operations) show
        // which operation carries a name no more than a search result would.
        let lists: Vec<bool> = record_names
            .iter()
            .map(|ks| {
                ks.len() >= 2
                    && ks.iter().enumerate().any(|(i, &a)| {
                        ks[i + 1..].iter().any(|&b| {
                            !names::similar(&table.keys[a as usize], &table.keys[b as usize])
                        })
                    })
            })
            .collect();
        let mut attached: Vec<(u32, String)> = attach_by_name(&mut assign, &record_names, &lists)
            .into_iter()
            .map(|(r, k)| (r, table.keys[k as usize].clone()))
            .collect();
        attached.extend(attach_by_full_name(
            &mut assign,
            input,
            &record_names,
            &lists,
        ));
        let mut attached: Vec<(u32, String, Option<Corroboration>)> =
            attached.into_iter().map(|(r, k)| (r, k, None)).collect();
        if params.attach_by_corroboration {
            attached.extend(
                attach_by_corroboration(&mut assign, input, &record_names, &lists)
                    .into_iter()
                    .map(|(r, k, c)| (r, table.keys[k as usize].clone(), Some(c))),
            );
        }
        attached.sort_by_key(|a| a.0);
        attached
    } else {
        Vec::new()
    };

    // Operations, ordered by size then by id; their ids from their top selector.
    let mut members: HashMap<u32, Vec<u32>> = HashMap::new();
    for (r, &g) in assign.iter().enumerate() {
        members.entry(g).or_default().push(r as u32);
    }
    let mut ops: Vec<(u32, Operation)> = members
        .into_iter()
        .map(|(g, records)| {
            let mut counts: HashMap<u32, u32> = HashMap::new();
            for &r in &records {
                for &s in by_record.of(r) {
                    if decisions[s as usize] != Some(Decision::Hub) {
                        *counts.entry(s).or_default() += 1;
                    }
                }
            }
            let mut selectors: Vec<(u32, u32)> = counts.into_iter().collect();
            selectors.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let anchor = match selectors.first() {
                Some(&(s, _)) => {
                    let sel = &input.selectors[s as usize];
                    format!("{}:{}", sel.kind, sel.value)
                }
                None => format!("record:{}", input.record_keys[records[0] as usize]),
            };
            let id = op_id(&anchor);
            (
                g,
                Operation {
                    id,
                    records,
                    selectors,
                },
            )
        })
        .collect();
    ops.sort_by(|a, b| {
        b.1.records
            .len()
            .cmp(&a.1.records.len())
            .then(a.1.id.cmp(&b.1.id))
            .then(a.1.records[0].cmp(&b.1.records[0]))
    });
    // Two operations can share their top selector (a shared wallet, a moved bridge
    // report); the larger keeps the id, the other's id also hashes its first record.
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (_, op) in &mut ops {
        if !taken.insert(op.id.clone()) {
            let first = &input.record_keys[op.records[0] as usize];
            op.id = op_id(&format!("{}|record:{first}", op.id));
            taken.insert(op.id.clone());
        }
    }
    let mut index_of: HashMap<u32, u32> = HashMap::new();
    for (i, (g, _)) in ops.iter().enumerate() {
        index_of.insert(*g, i as u32);
    }
    let assignment: Vec<u32> = assign.iter().map(|g| index_of[g]).collect();
    let mut links: Vec<OpLink> = Vec::new();
    for (ra, rb, s, reason) in pending_links {
        let (a, b) = (assignment[ra as usize], assignment[rb as usize]);
        if a != b {
            links.push(OpLink {
                a: a.min(b),
                b: a.max(b),
                selector: s,
                reason,
            });
        }
    }
    for (ga, gb, s) in moved_links {
        // A group everyone moved out of is no operation; nothing to link then.
        let (Some(&a), Some(&b)) = (index_of.get(&ga), index_of.get(&gb)) else {
            continue;
        };
        if a != b {
            links.push(OpLink {
                a: a.min(b),
                b: a.max(b),
                selector: s,
                reason: LinkReason::Bridge,
            });
        }
    }
    let attached = attached
        .into_iter()
        .map(|(record, name, corroboration)| NameJoin {
            record,
            operation: assignment[record as usize],
            name,
            corroboration,
        })
        .collect();
    links.sort_by_key(|l| (l.a, l.b, l.selector, l.reason as u8));
    links.dedup_by_key(|l| (l.a, l.b, l.selector));
    hubs.sort_by(|a, b| b.records.cmp(&a.records).then(a.selector.cmp(&b.selector)));
    Linking {
        assignment,
        operations: ops.into_iter().map(|(_, o)| o).collect(),
        decisions,
        hubs,
        links,
        attached,
    }
}

/// See [`Params::attach_by_name`]. Returns the records attached, each with the name key
/// that attached it.
///
/// Blocking is by exact name key (already folded for case, punctuation, script and brand
/// suffixes by [`names::key`]), so the pass is linear. A key carried by two operations
/// (a common brand used by unrelated operations), or a record giving names of two
/// operations, attaches nothing.
fn attach_by_name(
    assign: &mut [u32],
    record_names: &[Vec<u32>],
    lists: &[bool],
) -> Vec<(u32, u32)> {
    let mut size: HashMap<u32, u32> = HashMap::new();
    for &g in assign.iter() {
        *size.entry(g).or_default() += 1;
    }
    // The dominant platform key of each group of two or more (records that list several
    // platforms aside).
    let mut counts: HashMap<(u32, u32), u32> = HashMap::new();
    for (r, names) in record_names.iter().enumerate() {
        let g = assign[r];
        if size[&g] >= 2 && !lists[r] {
            for &k in names {
                *counts.entry((g, k)).or_default() += 1;
            }
        }
    }
    let mut dominant: HashMap<u32, (u32, u32)> = HashMap::new(); // group -> (key, count)
    for (&(g, k), &c) in &counts {
        let e = dominant.entry(g).or_insert((k, c));
        if c > e.1 || (c == e.1 && k < e.0) {
            *e = (k, c);
        }
    }
    // key -> the one group it dominates, or None when several.
    let mut owner: HashMap<u32, Option<u32>> = HashMap::new();
    for (&g, &(k, c)) in &dominant {
        // A name given by a single record of the group is too thin to stand for it.
        if c < 2 {
            continue;
        }
        owner.entry(k).and_modify(|o| *o = None).or_insert(Some(g));
    }
    // A key also present (not dominant) in another group is shared: no owner either.
    for &(g, k) in counts.keys() {
        if let Some(o) = owner.get_mut(&k)
            && *o != Some(g)
        {
            *o = None;
        }
    }
    let mut attached = Vec::new();
    for (r, names) in record_names.iter().enumerate() {
        if names.is_empty() || size[&assign[r]] != 1 {
            continue;
        }
        let mut target: Option<(u32, u32)> = None;
        let mut clash = false;
        for &k in names {
            match (owner.get(&k).copied().flatten(), target) {
                (Some(g), None) => target = Some((g, k)),
                (Some(g), Some((t, _))) if g != t => clash = true,
                _ => {}
            }
        }
        if let (Some((g, k)), false) = (target, clash) {
            assign[r] = g;
            attached.push((r as u32, k));
        }
    }
    attached
}

#[cfg(test)]
mod tests;

/// The second attaching pass (see [`Params::attach_by_name`]), by full key (brand and
/// generic words: `kucoindefi`, not `kucoin`) for the records the first pass left alone,
/// where a brand's key is carried by several operations (`Kucoin DeFi`, `Kucoin Max`) or
/// by several fragments of one. A full key attaches a lone record to the one group of two
/// or more whose records give it at least twice, when no other such group gives it at all;
/// a record whose known full keys point at two groups, or at a key several groups give,
/// stays alone. Returns the records attached with the full key.
///
/// Full keys are worked out only for the records that could take part: those giving a
/// key (`record_names`) that some record left alone gives too, since equal full keys have
/// equal keys.
fn attach_by_full_name(
    assign: &mut [u32],
    input: &Input,
    record_names: &[Vec<u32>],
    lists: &[bool],
) -> Vec<(u32, String)> {
    let n = assign.len();
    // Groups are record indexes.
    let mut size: Vec<u32> = vec![0; n];
    for &g in assign.iter() {
        size[g as usize] += 1;
    }
    let mut lone_keys: Vec<u32> = (0..n)
        .filter(|&r| size[assign[r] as usize] == 1)
        .flat_map(|r| record_names[r].iter().copied())
        .collect();
    if lone_keys.is_empty() {
        return Vec::new();
    }
    lone_keys.sort_unstable();
    lone_keys.dedup();
    let mut full_keys: Vec<String> = Vec::new();
    let mut interned: HashMap<String, u32> = HashMap::new();
    let mut spelled: HashMap<&str, Option<u32>> = HashMap::new();
    let mut record_full: Vec<(u32, u32)> = Vec::new();
    for name in &input.names {
        let r = name.record as usize;
        if name.kind != NameKind::Platform
            || r >= n
            || !record_names[r]
                .iter()
                .any(|k| lone_keys.binary_search(k).is_ok())
        {
            continue;
        }
        let id = match spelled.get(name.value.as_str()) {
            Some(&id) => id,
            None => {
                let id = names::keys(&name.value).map(|(_, full)| {
                    *interned.entry(full).or_insert_with_key(|f| {
                        full_keys.push(f.clone());
                        (full_keys.len() - 1) as u32
                    })
                });
                spelled.insert(name.value.as_str(), id);
                id
            }
        };
        if let Some(id) = id {
            record_full.push((name.record, id));
        }
    }
    record_full.sort_unstable();
    record_full.dedup();
    let size = |g: &u32| size[*g as usize];
    // key -> (its one group, records there), or None when groups of two or more disagree.
    let mut owner: HashMap<u32, Option<(u32, u32)>> = HashMap::new();
    for &(r, k) in &record_full {
        let g = assign[r as usize];
        if size(&g) < 2 || lists[r as usize] {
            continue;
        }
        match owner.entry(k) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(Some((g, 1)));
            }
            std::collections::hash_map::Entry::Occupied(mut e) => {
                let v = e.get_mut();
                match v {
                    Some((og, c)) if *og == g => *c += 1,
                    _ => *v = None,
                }
            }
        }
    }
    let mut attached = Vec::new();
    let mut i = 0;
    while i < record_full.len() {
        let r = record_full[i].0;
        let mut j = i;
        while j < record_full.len() && record_full[j].0 == r {
            j += 1;
        }
        let keys = &record_full[i..j];
        i = j;
        if size(&assign[r as usize]) != 1 {
            continue;
        }
        let mut target: Option<(u32, u32)> = None;
        let mut clash = false;
        for &(_, k) in keys {
            match owner.get(&k) {
                None => {}
                Some(Some((g, c))) if *c >= 2 => match target {
                    None => target = Some((*g, k)),
                    Some((t, _)) if t != *g => clash = true,
                    Some(_) => {}
                },
                // Given by several groups, or by a single record of one: too thin.
                Some(_) => clash = true,
            }
        }
        if let (Some((g, k)), false) = (target, clash) {
            assign[r as usize] = g;
            attached.push((r, full_keys[k as usize].clone()));
        }
    }
    attached
}

/// Above this many operations giving one platform key, the key is too common to be
/// narrowed down by a persona or a time: such records stay alone (and the pass stays
/// linear, since each lone record looks at no more than this many groups per key).
const MAX_NAME_GROUPS: usize = 64;

/// At most this many operations giving a platform key for a record's time to choose
/// between them.
const MAX_TIME_GROUPS: usize = 4;

/// The third attaching pass (see [`Params::attach_by_corroboration`]), for the records the
/// first two left alone because their platform key is given by several groups of two or
/// more (a popular brand reused by unrelated operations, or an operation split into
/// fragments). Blocking is by exact key: a lone record is compared only with the groups
/// whose records give one of its keys at least twice. Among them, it joins the one group
/// that also gives one of its personas; failing that (no persona, or none given by any of
/// them), the one group whose time span holds the record's time, when no more than
/// [`MAX_TIME_GROUPS`] give the key. Two or more groups qualifying, the record stays
/// alone. Returns the records attached, each with the
/// platform key and the corroborating evidence.
fn attach_by_corroboration(
    assign: &mut [u32],
    input: &Input,
    record_names: &[Vec<u32>],
    lists: &[bool],
) -> Vec<(u32, u32, Corroboration)> {
    let n = assign.len();
    // Groups are record indexes.
    let mut size: Vec<u32> = vec![0; n];
    for &g in assign.iter() {
        size[g as usize] += 1;
    }
    let lone: Vec<u32> = (0..n as u32)
        .filter(|&r| {
            size[assign[r as usize] as usize] == 1
                && !lists[r as usize]
                && !record_names[r as usize].is_empty()
        })
        .collect();
    if lone.is_empty() {
        return Vec::new();
    }
    let mut lone_keys: Vec<u32> = lone
        .iter()
        .flat_map(|&r| record_names[r as usize].iter().copied())
        .collect();
    lone_keys.sort_unstable();
    lone_keys.dedup();
    // (key, group) -> records of the group giving the key.
    let mut counts: HashMap<(u32, u32), u32> = HashMap::new();
    for (r, keys) in record_names.iter().enumerate() {
        let g = assign[r];
        if size[g as usize] < 2 || lists[r] {
            continue;
        }
        for &k in keys {
            if lone_keys.binary_search(&k).is_ok() {
                *counts.entry((k, g)).or_default() += 1;
            }
        }
    }
    // key -> the groups giving it at least twice, ascending.
    let mut by_key: HashMap<u32, Vec<u32>> = HashMap::new();
    for (&(k, g), &c) in &counts {
        if c >= 2 {
            by_key.entry(k).or_default().push(g);
        }
    }
    by_key.retain(|_, gs| gs.len() <= MAX_NAME_GROUPS);
    for gs in by_key.values_mut() {
        gs.sort_unstable();
    }
    if by_key.is_empty() {
        return Vec::new();
    }
    let mut candidate = vec![false; n];
    for gs in by_key.values() {
        for &g in gs {
            candidate[g as usize] = true;
        }
    }
    // Persona keys of the lone records and of the candidate groups' records; each
    // spelling keyed once.
    let mut persona_ids: HashMap<String, u32> = HashMap::new();
    let mut spelled: HashMap<&str, Option<u32>> = HashMap::new();
    let mut group_personas: std::collections::HashSet<(u32, u32)> =
        std::collections::HashSet::new();
    let mut lone_personas: HashMap<u32, Vec<(u32, &str)>> = HashMap::new();
    for name in &input.names {
        let r = name.record as usize;
        if name.kind != NameKind::Persona || r >= n {
            continue;
        }
        let g = assign[r];
        let is_lone = size[g as usize] == 1;
        if !is_lone && !candidate[g as usize] {
            continue;
        }
        let id = match spelled.get(name.value.as_str()) {
            Some(&id) => id,
            None => {
                let id = names::persona_key(&name.value).map(|k| {
                    let next = persona_ids.len() as u32;
                    *persona_ids.entry(k).or_insert(next)
                });
                spelled.insert(name.value.as_str(), id);
                id
            }
        };
        let Some(id) = id else { continue };
        if is_lone {
            lone_personas
                .entry(name.record)
                .or_default()
                .push((id, name.value.as_str()));
        } else {
            group_personas.insert((g, id));
        }
    }
    let mut persona_keys: Vec<&str> = vec![""; persona_ids.len()];
    for (k, &id) in &persona_ids {
        persona_keys[id as usize] = k.as_str();
    }
    // Time span of each candidate group.
    let time = |r: usize| input.record_times.get(r).copied().flatten();
    let mut span: HashMap<u32, (i64, i64)> = HashMap::new();
    for (r, &g) in assign.iter().enumerate() {
        if !candidate[g as usize] {
            continue;
        }
        if let Some(t) = time(r) {
            let e = span.entry(g).or_insert((t, t));
            e.0 = e.0.min(t);
            e.1 = e.1.max(t);
        }
    }
    let mut attached = Vec::new();
    let mut groups: Vec<(u32, u32)> = Vec::new(); // (group, key)
    for &r in &lone {
        groups.clear();
        for &k in &record_names[r as usize] {
            for &g in by_key.get(&k).map_or(&[][..], Vec::as_slice) {
                if !groups.iter().any(|e| e.0 == g) {
                    groups.push((g, k));
                }
            }
        }
        if groups.is_empty() {
            continue;
        }
        // A persona the record gives, given by exactly one of the groups.
        let personas = lone_personas.get(&r).map_or(&[][..], Vec::as_slice);
        let mut by_persona: Option<(u32, u32, u32, &str)> = None; // (group, key, persona, written)
        let mut persona_clash = false;
        for &(g, k) in &groups {
            if let Some(&(p, written)) = personas
                .iter()
                .find(|(p, _)| group_personas.contains(&(g, *p)))
            {
                match by_persona {
                    None => by_persona = Some((g, k, p, written)),
                    Some(_) => persona_clash = true,
                }
            }
        }
        if persona_clash {
            continue;
        }
        if let Some((g, k, p, written)) = by_persona {
            assign[r as usize] = g;
            attached.push((
                r,
                k,
                Corroboration::Persona {
                    key: persona_keys[p as usize].to_owned(),
                    written: written.to_owned(),
                },
            ));
            continue;
        }
        // Else, where few operations give the name, the one whose time span holds the
        // record's time. A name given by many is common enough that the record's own
        // operation may be none of them (its other reports unseen or alone).
        if groups.len() > MAX_TIME_GROUPS {
            continue;
        }
        let Some(t) = time(r as usize) else { continue };
        let mut within = groups.iter().filter_map(|&(g, k)| {
            span.get(&g)
                .filter(|&&(a, b)| a <= t && t <= b)
                .map(|&(a, b)| (g, k, a, b))
        });
        if let (Some((g, k, from, to)), None) = (within.next(), within.next()) {
            assign[r as usize] = g;
            attached.push((r, k, Corroboration::Time { from, to }));
        }
    }
    attached
}
