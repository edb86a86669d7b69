//! Linking a case: the case's records, selectors, mentions and names turned into the
//! linker's graph, and the result mapped back to record ids.

use std::collections::HashMap;

use millwatch_link::{Input, Linking, Mention, Name, NameKind, Params, Selector};
use millwatch_model::RecordId;
use millwatch_store::{Case, GraphRecord};

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
    let records = case.graph_records()?;
    let index: HashMap<RecordId, u32> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id, i as u32))
        .collect();
    let mut input = Input {
        record_keys: records
            .iter()
            .map(|r| {
                r.external_id
                    .clone()
                    .unwrap_or_else(|| format!("record-{}", r.id))
            })
            .collect(),
        ..Input::default()
    };
    let mut selector_ids = Vec::new();
    let mut by_case_id: HashMap<i64, u32> = HashMap::new();
    for s in case.graph_selectors()? {
        by_case_id.insert(s.id, input.selectors.len() as u32);
        input.selectors.push(Selector {
            kind: s.kind,
            value: s.value,
        });
        selector_ids.push(Some(s.id));
    }
    for m in case.graph_mentions()? {
        let (Some(&record), Some(&selector)) = (index.get(&m.record), by_case_id.get(&m.selector))
        else {
            continue;
        };
        input.mentions.push(Mention {
            record,
            selector,
            evidence: m.id,
            victim: m.victim,
        });
    }
    let mut fields: Vec<&str> = PLATFORM_FIELDS.to_vec();
    fields.extend_from_slice(PERSONA_FIELDS);
    fields.push(millwatch_model::field::CHAT);
    fields.push(CHAT_ID);
    // A record's chat: its chat id when the export has one, else the chat's name.
    let mut chat_of: HashMap<u32, (Option<String>, Option<String>)> = HashMap::new();
    for n in case.graph_names(&fields)? {
        let Some(&record) = index.get(&n.record) else {
            continue;
        };
        if n.field == millwatch_model::field::CHAT {
            chat_of.entry(record).or_default().0 = Some(n.value);
            continue;
        }
        if n.field == CHAT_ID {
            chat_of.entry(record).or_default().1 = Some(n.value);
            continue;
        }
        let kind = if PERSONA_FIELDS.contains(&n.field.as_str()) {
            NameKind::Persona
        } else {
            NameKind::Platform
        };
        input.names.push(Name {
            record,
            kind,
            value: n.value,
        });
    }
    names_in_text(case, &index, &mut input)?;
    let mut chat_records: Vec<(u32, String)> = chat_of
        .into_iter()
        .filter_map(|(r, (name, id))| {
            let source = records[r as usize].source;
            id.map(|i| format!("{source}/id:{i}"))
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
    Ok(CaseGraph {
        input,
        records,
        selector_ids,
    })
}

/// Platform names that sheets give in fields are looked for in the text of the records
/// that give none (chats, e-mails, pages, statements), so those records carry name
/// evidence too. Names are compared in a compact form (transliterated, lower-case,
/// letters and digits only) so `Bitfinity Futures`, `BITFINITY-FUTURES` and
/// `bitfinityfutures` in running text all match; short names (under six letters) are not
/// looked for, since they occur inside ordinary words.
fn names_in_text(
    case: &Case,
    index: &HashMap<RecordId, u32>,
    input: &mut Input,
) -> Result<(), PipelineError> {
    let mut has_name = vec![false; input.record_keys.len()];
    let mut patterns: Vec<String> = Vec::new();
    let mut raw_of: Vec<String> = Vec::new();
    for n in &input.names {
        if n.kind != NameKind::Platform {
            continue;
        }
        has_name[n.record as usize] = true;
        let compact = compact(&n.value);
        if compact.len() >= 6 && !patterns.contains(&compact) {
            patterns.push(compact);
            raw_of.push(n.value.clone());
        }
    }
    if patterns.is_empty() {
        return Ok(());
    }
    let Ok(ac) = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&patterns)
    else {
        return Ok(());
    };
    let mut found: Vec<Name> = Vec::new();
    case.each_record_text(|id, title, text| {
        let Some(&record) = index.get(&id) else {
            return;
        };
        if has_name[record as usize] {
            return;
        }
        let hay = compact(&format!("{title} {text}"));
        let mut seen: Vec<usize> = Vec::new();
        for m in ac.find_iter(&hay) {
            let p = m.pattern().as_usize();
            if !seen.contains(&p) {
                seen.push(p);
                found.push(Name {
                    record,
                    kind: NameKind::Platform,
                    value: raw_of[p].clone(),
                });
            }
        }
    })?;
    input.names.extend(found);
    Ok(())
}

/// Transliterated, lower-case, letters and digits only.
fn compact(s: &str) -> String {
    deunicode::deunicode(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
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
    let graph = case_graph(case)?;
    stage(LinkStage::Linking {
        records: graph.records.len(),
    });
    let linking = millwatch_link::link(&graph.input, params);
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
    case.replace_operations(&operations, &decisions, &links)?;
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

/// One step of an evidence chain: `record` mentions `selector` (kind, value) at the
/// mention `evidence`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainStep {
    /// The record.
    pub record: RecordId,
    /// The selector's kind and value shared with the next record (none on the last step).
    pub via: Option<(String, String)>,
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
    }];
    let mut at = to;
    while let Some((p, s)) = prev[at as usize] {
        let via = match graph.input.selectors.get(s as usize) {
            Some(sel) => (sel.kind.clone(), sel.value.clone()),
            None => {
                let name = pseudo
                    .get(s as usize - real)
                    .map(|(k, _)| k.clone())
                    .unwrap_or_default();
                ("platform_name".to_owned(), name)
            }
        };
        steps.push(ChainStep {
            record: graph.records[p as usize].id,
            via: Some(via),
        });
        at = p;
    }
    steps.reverse();
    Some(steps)
}
