//! Linking a case: the case's records, selectors, mentions and names turned into the
//! linker's graph, and the result mapped back to record ids.

use std::collections::HashMap;

use millwatch_link::{Input, Linking, Mention, Name, NameKind, Params, Selector};
use millwatch_model::RecordId;
use millwatch_store::{Case, GraphRecord, NameCorroboration, NewNameJoin};

use crate::PipelineError;

/// Field names (as normalised at ingest) that hold a fake platform, app, shop or company
/// name, in the languages intake sheets come in.
pub const PLATFORM_FIELDS: &[&str] = &[
    "platform",
    "platform_name",
    "app",
    "app_name",
    "exchange",
    "broker",
    "website_name",
    "site_name",
    "shop",
    "store",
    "brand",
    "scam_platform",
    "平台",
    "平台名称",
    "交易平台",
    "แพลตฟอร์ม",
    "nama_platform",
    "nền_tảng",
];

/// Field names that hold a persona: the name the scammer used.
pub const PERSONA_FIELDS: &[&str] = &[
    "scammer_name",
    "scammer",
    "persona",
    "alias",
    "suspect",
    "suspect_name",
    "perpetrator",
    "骗子",
    "嫌疑人",
    "对方姓名",
    "ชื่อคนร้าย",
    "nama_pelaku",
    "pelaku",
    "tên_kẻ_lừa_đảo",
    // Employers in recruitment ads: front companies are renamed from ad to ad, so they
    // are kept as evidence, not compared.
    "company",
    "employer",
    "公司",
    "บริษัท",
    "perusahaan",
    "công_ty",
];

/// The field Telegram exports' chat ids are stored under.
const CHAT_ID: &str = "chat_id";

/// The case as the linker's graph, with the way back to record ids.
#[derive(Debug, Default)]
pub struct CaseGraph {
    /// The linker's input; record `i` is `records[i]`.
    pub input: Input,
    /// The case's records, in linker order.
    pub records: Vec<GraphRecord>,
    /// For each linker selector, its id in the case (`None` for chats, which are not
    /// selectors in the case).
    pub selector_ids: Vec<Option<i64>>,
}

/// Reads the case into the linker's graph. Chat messages also name their chat (source and
/// chat name) as a selector of kind `chat`, so that a conversation holds together; a
/// channel whose messages point at many operations is then found to be a hub like any
/// other value.
pub fn case_graph(case: &Case) -> Result<CaseGraph, PipelineError> {
    let core = read_core(case)?;
    let names = read_names(case)?;
    Ok(assemble(core, names))
}

/// [`case_graph`] for linking a whole case: what is stored so far is committed, and the
/// names (two more passes over every record's fields and text) are read on a second
/// connection while this one reads records, selectors and mentions, so the reading
/// takes both cores. A case held in memory is read on its one connection.
pub fn case_graph_for_linking(case: &mut Case) -> Result<CaseGraph, PipelineError> {
    case.flush()?;
    let Some(path) = case.file().map(std::path::Path::to_owned) else {
        return case_graph(case);
    };
    let case = &*case;
    let (core, names) = std::thread::scope(|scope| {
        let names = scope.spawn(|| {
            let other = Case::open(&path, millwatch_store::OpenMode::MustExist)?;
            read_names(&other)
        });
        let core = read_core(case);
        let names = names.join().unwrap_or(Err(PipelineError::WorkerPanicked));
        (core, names)
    });
    Ok(assemble(core?, names?))
}

/// Records, selectors and mentions, with the selectors' case ids.
struct Core {
    records: Vec<GraphRecord>,
    input: Input,
    selector_ids: Vec<Option<i64>>,
}

fn read_core(case: &Case) -> Result<Core, PipelineError> {
    let clock = std::time::Instant::now();
    let records = case.graph_records()?;
    tracing::debug!(
        records = records.len(),
        secs = clock.elapsed().as_secs_f64(),
        "read records"
    );
    let mentions = case.graph_mentions()?;
    tracing::debug!(
        mentions = mentions.len(),
        secs = clock.elapsed().as_secs_f64(),
        "read mentions"
    );
    let selectors = case.graph_selectors_of(&mentions)?;
    tracing::debug!(
        selectors = selectors.len(),
        secs = clock.elapsed().as_secs_f64(),
        "read selectors"
    );
    let index = RecordIndex::new(&records);
    let mut input = Input {
        record_keys: records
            .iter()
            .map(|r| {
                r.external_id
                    .clone()
                    .unwrap_or_else(|| format!("record-{}", r.id))
            })
            .collect(),
        record_times: records.iter().map(|r| r.time_unix).collect(),
        ..Input::default()
    };
    let mut selector_ids = Vec::with_capacity(selectors.len());
    for s in selectors {
        input.selectors.push(Selector {
            kind: s.kind,
            value: s.value,
        });
        selector_ids.push(Some(s.id));
    }
    // Both lists are in id order: a selector's position is found by binary search.
    let sorted_ids: Vec<i64> = selector_ids.iter().flatten().copied().collect();
    input.mentions.reserve(mentions.len());
    for m in mentions {
        let (Some(record), Ok(selector)) =
            (index.get(m.record), sorted_ids.binary_search(&m.selector))
        else {
            continue;
        };
        input.mentions.push(Mention {
            record,
            selector: selector as u32,
            evidence: m.id,
            victim: m.victim,
        });
    }
    Ok(Core {
        records,
        input,
        selector_ids,
    })
}

/// Record ids to linker positions; records are read in id order.
struct RecordIndex<'a>(&'a [GraphRecord]);

impl<'a> RecordIndex<'a> {
    fn new(records: &'a [GraphRecord]) -> Self {
        RecordIndex(records)
    }

    fn get(&self, id: RecordId) -> Option<u32> {
        self.0
            .binary_search_by_key(&id, |r| r.id)
            .ok()
            .map(|i| i as u32)
    }
}

/// What the records' fields and texts name, by record id.
#[derive(Default)]
struct Names {
    names: Vec<(RecordId, NameKind, String)>,
    /// A record's chat: its name and its id, when the export gives them.
    chats: Vec<(RecordId, Option<String>, Option<String>)>,
}

fn read_names(case: &Case) -> Result<Names, PipelineError> {
    let clock = std::time::Instant::now();
    let mut fields: Vec<&str> = PLATFORM_FIELDS.to_vec();
    fields.extend_from_slice(PERSONA_FIELDS);
    fields.push(millwatch_model::field::CHAT);
    fields.push(CHAT_ID);
    let mut out = Names::default();
    // The compact text of every record that gives no platform name, all in one string:
    // the names to look for in them are known only when every record has been read.
    let mut texts = CompactTexts::default();
    case.each_record_names_and_text(&fields, |record, names, title, text| {
        let (mut chat, mut chat_id, mut platform) = (None, None, false);
        for n in names {
            if n.field == millwatch_model::field::CHAT {
                chat = Some(n.value);
            } else if n.field == CHAT_ID {
                chat_id = Some(n.value);
            } else if PERSONA_FIELDS.contains(&n.field.as_str()) {
                out.names.push((record, NameKind::Persona, n.value));
            } else {
                platform = true;
                out.names.push((record, NameKind::Platform, n.value));
            }
        }
        if chat.is_some() || chat_id.is_some() {
            out.chats.push((record, chat, chat_id));
        }
        if !platform {
            texts.push(record, title, text);
        }
    })?;
    tracing::debug!(
        names = out.names.len(),
        secs = clock.elapsed().as_secs_f64(),
        "read names"
    );
    names_in_text(&texts, &mut out.names);
    tracing::debug!(
        names = out.names.len(),
        secs = clock.elapsed().as_secs_f64(),
        "names found in text"
    );
    Ok(out)
}

/// Records' texts in [`compact`] form, one after another.
#[derive(Default)]
struct CompactTexts {
    text: Vec<u8>,
    /// Each record and where its text ends in `text`.
    ends: Vec<(RecordId, usize)>,
}

impl CompactTexts {
    fn push(&mut self, record: RecordId, title: &str, text: &str) {
        compact_into(title, &mut self.text);
        compact_into(text, &mut self.text);
        self.ends.push((record, self.text.len()));
    }

    fn iter(&self) -> impl Iterator<Item = (RecordId, &[u8])> {
        let mut start = 0;
        self.ends.iter().map(move |&(record, end)| {
            let text = &self.text[start..end];
            start = end;
            (record, text)
        })
    }
}

fn assemble(core: Core, names: Names) -> CaseGraph {
    let Core {
        records,
        mut input,
        mut selector_ids,
    } = core;
    let index = RecordIndex::new(&records);
    input.names.reserve(names.names.len());
    for (id, kind, value) in names.names {
        if let Some(record) = index.get(id) {
            input.names.push(Name {
                record,
                kind,
                value,
            });
        }
    }
    let mut chat_records: Vec<(u32, String)> = names
        .chats
        .into_iter()
        .filter_map(|(id, name, chat_id)| {
            let r = index.get(id)?;
            let source = records[r as usize].source;
            chat_id
                .map(|i| format!("{source}/id:{i}"))
                .or_else(|| name.map(|n| format!("{source}/{n}")))
                .map(|key| (r, key))
        })
        .collect();
    chat_records.sort();
    let mut chats: HashMap<String, u32> = HashMap::new();
    for (record, key) in chat_records {
        let next = input.selectors.len() as u32;
        let selector = *chats.entry(key.clone()).or_insert_with(|| {
            input.selectors.push(Selector {
                kind: "chat".into(),
                value: key,
            });
            selector_ids.push(None);
            next
        });
        input.mentions.push(Mention {
            record,
            selector,
            evidence: -1,
            victim: false,
        });
    }
    CaseGraph {
        input,
        records,
        selector_ids,
    }
}

/// Platform names that sheets give in fields are looked for in the text of the records
/// that give none (chats, e-mails, pages, statements), so those records carry name
/// evidence too. Names are compared in a compact form (transliterated, lower-case,
/// letters and digits only) so `Bitfinity Futures`, `BITFINITY-FUTURES` and
/// `bitfinityfutures` in running text all match; short names (under six letters) are not
/// looked for, since they occur inside ordinary words.
fn names_in_text(texts: &CompactTexts, names: &mut Vec<(RecordId, NameKind, String)>) {
    let mut patterns: Vec<String> = Vec::new();
    let mut raw_of: Vec<String> = Vec::new();
    let mut known: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (_, kind, value) in names.iter() {
        if *kind != NameKind::Platform {
            continue;
        }
        let compact = compact(value);
        if compact.len() >= 6 && known.insert(compact.clone()) {
            patterns.push(compact);
            raw_of.push(value.clone());
        }
    }
    if patterns.is_empty() {
        return;
    }
    // A full DFA: a few MB for the thousands of names of a large case, searched over
    // every text the case holds.
    let Ok(ac) = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&patterns)
    else {
        return;
    };
    let mut found = Vec::new();
    for (record, hay) in texts.iter() {
        let mut seen: Vec<usize> = Vec::new();
        for m in ac.find_iter(hay) {
            let p = m.pattern().as_usize();
            if !seen.contains(&p) {
                seen.push(p);
                found.push((record, NameKind::Platform, raw_of[p].clone()));
            }
        }
    }
    names.extend(found);
}

/// Transliterated, lower-case, letters and digits only.
fn compact(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    compact_into(s, &mut out);
    // Only ASCII letters and digits were written.
    String::from_utf8(out).unwrap_or_default()
}

/// Appends [`compact`]`(s)` to `out` (ASCII letters and digits only): ASCII bytes
/// directly, other characters through their transliteration.
fn compact_into(s: &str, out: &mut Vec<u8>) {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                out.push(b.to_ascii_lowercase());
            }
            i += 1;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        if let Some(t) = deunicode::deunicode_char(c) {
            out.extend(
                t.bytes()
                    .filter(u8::is_ascii_alphanumeric)
                    .map(|b| b.to_ascii_lowercase()),
            );
        }
    }
}

/// Reads the case and links it.
pub fn link_case(case: &Case, params: &Params) -> Result<(CaseGraph, Linking), PipelineError> {
    let graph = case_graph(case)?;
    let linking = millwatch_link::link(&graph.input, params);
    Ok((graph, linking))
}

/// What a linking run stored.
#[derive(Debug, Clone, Default)]
pub struct LinkReport {
    /// Records linked.
    pub records: usize,
    /// Operations of two or more records.
    pub operations: usize,
    /// Records in those operations.
    pub linked_records: usize,
    /// Hubs found.
    pub hubs: usize,
    /// Links between operations.
    pub links: usize,
}

/// The steps of [`link_and_store_observed`], in order, for progress displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkStage {
    /// Reading records, selectors, mentions and names from the case.
    Reading,
    /// Linking the graph (`records` records).
    Linking {
        /// Records in the graph.
        records: usize,
    },
    /// Writing the operations, decisions and links back.
    Storing,
}

/// Links the case and stores the result (replacing the previous one).
pub fn link_and_store(case: &mut Case, params: &Params) -> Result<LinkReport, PipelineError> {
    link_and_store_observed(case, params, &mut |_| {})
}

/// [`link_and_store`], telling `stage` as each step starts.
pub fn link_and_store_observed(
    case: &mut Case,
    params: &Params,
    stage: &mut dyn FnMut(LinkStage),
) -> Result<LinkReport, PipelineError> {
    use millwatch_link::{Decision, LinkReason};
    use millwatch_store::{NewDecision, NewLink, NewOperation};

    stage(LinkStage::Reading);
    let graph = case_graph_for_linking(case)?;
    stage(LinkStage::Linking {
        records: graph.records.len(),
    });
    let clock = std::time::Instant::now();
    let linking = millwatch_link::link(&graph.input, params);
    tracing::debug!(secs = clock.elapsed().as_secs_f64(), "linked");
    stage(LinkStage::Storing);
    let operations: Vec<NewOperation> = linking
        .operations
        .iter()
        .map(|o| NewOperation {
            label: o.id.clone(),
            records: o
                .records
                .iter()
                .map(|&r| graph.records[r as usize].id)
                .collect(),
        })
        .collect();
    let hub_info: HashMap<u32, &millwatch_link::Hub> =
        linking.hubs.iter().map(|h| (h.selector, h)).collect();
    let mut decisions = Vec::new();
    for (s, d) in linking.decisions.iter().enumerate() {
        let Some(case_id) = graph.selector_ids[s] else {
            continue;
        };
        let decision = match d {
            Some(Decision::Hub) => "hub",
            Some(Decision::Shared) => "shared",
            _ => continue,
        };
        let h = hub_info.get(&(s as u32));
        decisions.push(NewDecision {
            selector: case_id,
            decision,
            records: h.map_or(0, |h| h.records),
            groups: h.map_or(0, |h| h.groups),
            names: h.map_or(0, |h| h.names),
            known: h.is_some_and(|h| h.known),
        });
    }
    let links: Vec<NewLink> = linking
        .links
        .iter()
        .map(|l| NewLink {
            a: l.a as usize,
            b: l.b as usize,
            selector: graph.selector_ids[l.selector as usize],
            reason: match l.reason {
                LinkReason::SharedSelector => "shared_selector",
                LinkReason::Bridge => "bridge",
            },
        })
        .collect();
    let joins = name_joins(&graph, &linking);
    let clock = std::time::Instant::now();
    case.replace_linking(&operations, &decisions, &links, &joins)?;
    tracing::debug!(secs = clock.elapsed().as_secs_f64(), "stored");
    let multi: Vec<_> = linking
        .operations
        .iter()
        .filter(|o| o.records.len() > 1)
        .collect();
    Ok(LinkReport {
        records: graph.records.len(),
        operations: multi.len(),
        linked_records: multi.iter().map(|o| o.records.len()).sum(),
        hubs: linking.hubs.len(),
        links: linking.links.len(),
    })
}

/// The records the linker joined to an operation by a platform name alone, for the store:
/// the name as each record writes it, and the persona or time span that singled the
/// operation out.
fn name_joins(graph: &CaseGraph, linking: &millwatch_link::Linking) -> Vec<NewNameJoin> {
    use millwatch_link::Corroboration;
    let time = |secs: i64| {
        millwatch_model::RecordTime::from_unix(secs)
            .map(|t| t.as_str().to_owned())
            .unwrap_or_else(|_| secs.to_string())
    };
    if linking.attached.is_empty() {
        return Vec::new();
    }
    // Each joined record's platform names, in one pass over the names.
    let mut written_of: HashMap<u32, Vec<&str>> = linking
        .attached
        .iter()
        .map(|j| (j.record, Vec::new()))
        .collect();
    for n in &graph.input.names {
        if n.kind == NameKind::Platform
            && let Some(list) = written_of.get_mut(&n.record)
        {
            list.push(&n.value);
        }
    }
    linking
        .attached
        .iter()
        .map(|join| {
            // The first of the record's platform names with the joining key.
            let written = written_of
                .get(&join.record)
                .and_then(|list| {
                    list.iter().find(|v| {
                        millwatch_link::names::key(v).as_deref() == Some(join.name.as_str())
                    })
                })
                .map_or_else(|| join.name.clone(), |v| (*v).to_owned());
            NewNameJoin {
                record: graph.records[join.record as usize].id,
                operation: join.operation as usize,
                name: join.name.clone(),
                written,
                corroboration: join.corroboration.as_ref().map(|c| match c {
                    Corroboration::Persona { written, .. } => NameCorroboration::Persona {
                        written: written.clone(),
                    },
                    Corroboration::Time { from, to } => NameCorroboration::Time {
                        from: time(*from),
                        to: time(*to),
                    },
                }),
            }
        })
        .collect()
}

/// One step of an evidence chain: `record` mentions `selector` (kind, value) at the
/// mention `evidence`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainStep {
    /// The record.
    pub record: RecordId,
    /// The selector's kind and value shared with the next record (none on the last step);
    /// kind `platform_name` and the name's key when the step is a platform name.
    pub via: Option<(String, String)>,
    /// For a platform-name step: how this record and the next write the name.
    pub written: Option<(String, String)>,
}

/// The shortest chain of shared selectors (hubs and victims' own contacts excluded) from
/// record `a` to record `b`, or `None` when none connects them.
///
/// When the stored linking covers the case, only the operations of `a` and `b` and those
/// linked to them are read, with the stored hub decisions: milliseconds on a case of
/// millions of records. Otherwise (never linked, or records ingested since) the case is
/// linked afresh in memory, nothing stored.
pub fn why(case: &Case, a: RecordId, b: RecordId) -> Result<Option<Vec<ChainStep>>, PipelineError> {
    match case.chain_scope(a, b)? {
        Some(scope) => why_stored(case, a, b, &scope),
        None => why_relinked(case, a, b),
    }
}

/// [`why`] over the stored operations in `scope` (records with their operation).
fn why_stored(
    case: &Case,
    a: RecordId,
    b: RecordId,
    scope: &[(RecordId, i64)],
) -> Result<Option<Vec<ChainStep>>, PipelineError> {
    let ids: Vec<RecordId> = scope.iter().map(|&(r, _)| r).collect();
    case.scope_graph(Some(&ids))?;
    let graph = case_graph(case);
    let lifted = case.scope_graph(None);
    let graph = graph?;
    lifted?;
    let hubs: std::collections::HashSet<i64> = case.hub_selector_ids()?.into_iter().collect();
    let usable: Vec<bool> = graph
        .selector_ids
        .iter()
        .map(|id| id.is_none_or(|id| !hubs.contains(&id)))
        .collect();
    let Some((from, to)) = endpoints(&graph, a, b) else {
        return Ok(None);
    };
    let chain = shortest_chain(&graph, &|s| usable[s as usize], &[], from, to);
    if chain.is_some() {
        return Ok(chain);
    }
    // A record the linker attached by its platform name alone: step through that name
    // to the records of its stored operation that give it too.
    let operation: HashMap<RecordId, i64> = scope.iter().copied().collect();
    let mut groups: HashMap<(i64, String), Vec<u32>> = HashMap::new();
    for name in &graph.input.names {
        let record = graph.records[name.record as usize].id;
        if name.kind == millwatch_link::NameKind::Platform
            && let (Some(k), Some(&op)) = (
                millwatch_link::names::key(&name.value),
                operation.get(&record),
            )
        {
            let members = groups.entry((op, k)).or_default();
            if members.last() != Some(&name.record) {
                members.push(name.record);
            }
        }
    }
    let mut pseudo: Vec<(String, Vec<u32>)> = groups
        .into_iter()
        .filter(|(_, m)| m.len() >= 2)
        .map(|((_, k), m)| (k, m))
        .collect();
    pseudo.sort();
    Ok(shortest_chain(
        &graph,
        &|s| usable[s as usize],
        &pseudo,
        from,
        to,
    ))
}

/// [`why`] on a case linked afresh.
pub(crate) fn why_relinked(
    case: &Case,
    a: RecordId,
    b: RecordId,
) -> Result<Option<Vec<ChainStep>>, PipelineError> {
    use millwatch_link::Decision;
    let (graph, linking) = link_case(case, &Params::default())?;
    let Some((from, to)) = endpoints(&graph, a, b) else {
        return Ok(None);
    };
    let n = graph.records.len();
    // Records the linker attached by their platform name alone step, through that name,
    // to the records of their operation that give it.
    let mut pseudo: Vec<(String, Vec<u32>)> = Vec::new();
    if !linking.attached.is_empty() {
        let mut keys_of: Vec<Vec<String>> = vec![Vec::new(); n];
        for name in &graph.input.names {
            if name.kind == millwatch_link::NameKind::Platform
                && let (Some(k), Some(list)) = (
                    millwatch_link::names::key(&name.value),
                    keys_of.get_mut(name.record as usize),
                )
            {
                list.push(k);
            }
        }
        for join in &linking.attached {
            let mut members = vec![join.record];
            members.extend((0..n as u32).filter(|&r| {
                r != join.record
                    && linking.assignment[r as usize] == join.operation
                    && keys_of[r as usize].contains(&join.name)
            }));
            pseudo.push((join.name.clone(), members));
        }
    }
    let usable = |s: u32| {
        !matches!(
            linking.decisions[s as usize],
            Some(Decision::Hub) | Some(Decision::Single) | None
        )
    };
    Ok(shortest_chain(&graph, &usable, &pseudo, from, to))
}

/// The graph indexes of records `a` and `b`.
fn endpoints(graph: &CaseGraph, a: RecordId, b: RecordId) -> Option<(u32, u32)> {
    let find = |id: RecordId| {
        graph
            .records
            .binary_search_by_key(&id, |r| r.id)
            .ok()
            .map(|i| i as u32)
    };
    Some((find(a)?, find(b)?))
}

/// Breadth-first search from record `from` to record `to` over the selectors `usable`
/// allows (victims' own mentions never), plus `pseudo` steps (a platform name and the
/// records it joins), shown as `platform_name`.
fn shortest_chain(
    graph: &CaseGraph,
    usable: &dyn Fn(u32) -> bool,
    pseudo: &[(String, Vec<u32>)],
    from: u32,
    to: u32,
) -> Option<Vec<ChainStep>> {
    let n = graph.records.len();
    let real = graph.input.selectors.len();
    let mut by_record: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut by_selector: Vec<Vec<u32>> = vec![Vec::new(); real];
    for m in &graph.input.mentions {
        if m.victim || !usable(m.selector) {
            continue;
        }
        by_record[m.record as usize].push(m.selector);
        by_selector[m.selector as usize].push(m.record);
    }
    for (_, members) in pseudo {
        let id = by_selector.len() as u32;
        for &r in members {
            by_record[r as usize].push(id);
        }
        by_selector.push(members.clone());
    }
    // Breadth-first over records; remember (previous record, selector) for each.
    let mut prev: Vec<Option<(u32, u32)>> = vec![None; n];
    let mut seen = vec![false; n];
    let mut seen_sel = vec![false; by_selector.len()];
    let mut queue = std::collections::VecDeque::from([from]);
    seen[from as usize] = true;
    while let Some(r) = queue.pop_front() {
        if r == to {
            break;
        }
        for &s in &by_record[r as usize] {
            if std::mem::replace(&mut seen_sel[s as usize], true) {
                continue;
            }
            for &o in &by_selector[s as usize] {
                if !std::mem::replace(&mut seen[o as usize], true) {
                    prev[o as usize] = Some((r, s));
                    queue.push_back(o);
                }
            }
        }
    }
    if !seen[to as usize] {
        return None;
    }
    let mut steps = vec![ChainStep {
        record: graph.records[to as usize].id,
        via: None,
        written: None,
    }];
    // How a record writes a platform name (its first spelling with the key).
    let spelling = |record: u32, key: &str| {
        graph
            .input
            .names
            .iter()
            .filter(|n| n.record == record && n.kind == NameKind::Platform)
            .find(|n| millwatch_link::names::key(&n.value).as_deref() == Some(key))
            .map_or_else(|| key.to_owned(), |n| n.value.clone())
    };
    let mut at = to;
    while let Some((p, s)) = prev[at as usize] {
        let (via, written) = match graph.input.selectors.get(s as usize) {
            Some(sel) => ((sel.kind.clone(), sel.value.clone()), None),
            None => {
                let name = pseudo
                    .get(s as usize - real)
                    .map(|(k, _)| k.clone())
                    .unwrap_or_default();
                let written = (spelling(p, &name), spelling(at, &name));
                (("platform_name".to_owned(), name), Some(written))
            }
        };
        steps.push(ChainStep {
            record: graph.records[p as usize].id,
            via: Some(via),
            written,
        });
        at = p;
    }
    steps.reverse();
    Some(steps)
}

#[cfg(test)]
mod compact_tests {
    use super::{CompactTexts, RecordId, compact};

    #[test]
    fn names_compare_in_one_compact_form_across_spellings_and_scripts() {
        for written in [
            "Bitfinity Futures",
            "BITFINITY-FUTURES",
            "bitfinity_futures!",
            "Ｂｉｔｆｉｎｉｔｙ　Ｆｕｔｕｒｅｓ",
        ] {
            assert_eq!(compact(written), "bitfinityfutures", "{written}");
        }
        // Other scripts through their transliteration; marks and punctuation dropped.
        assert_eq!(compact("Héllo, 世界 2"), "hello".to_owned() + "shijie2");
        assert_eq!(compact("ไทย"), compact("ไทย"));
        assert!(compact("ไทย").bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_eq!(compact("¿¡—…"), "");
    }

    #[test]
    fn compact_texts_keep_each_records_part() {
        let mut texts = CompactTexts::default();
        texts.push(RecordId(7), "Title A", "Body, one");
        texts.push(RecordId(9), "", "");
        texts.push(RecordId(11), "", "Ünïcode");
        let got: Vec<(RecordId, &[u8])> = texts.iter().collect();
        assert_eq!(
            got,
            vec![
                (RecordId(7), &b"titleabodyone"[..]),
                (RecordId(9), &b""[..]),
                (RecordId(11), &b"unicode"[..]),
            ]
        );
    }
}
