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
    "company",
    "employer",
    "scam_platform",
    "平台",
    "平台名称",
    "交易平台",
    "公司",
    "แพลตฟอร์ม",
    "บริษัท",
    "nama_platform",
    "perusahaan",
    "nền_tảng",
    "công_ty",
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

/// Reads the case and links it.
pub fn link_case(case: &Case, params: &Params) -> Result<(CaseGraph, Linking), PipelineError> {
    let graph = case_graph(case)?;
    let linking = millwatch_link::link(&graph.input, params);
    Ok((graph, linking))
}
