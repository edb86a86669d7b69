//! The linker's input from a generated world's truth ("perfect extraction"), the ceiling
//! an oracle reaches, shared by the `eval` example and the accuracy test (included by
//! `#[path]` in both, so the two measure the same thing).

use std::collections::HashMap;

use millwatch_link::{Input, Mention, Name, NameKind, Selector};
use millwatch_model::RecordKind;
use millwatch_synth::PlantRole;

/// The linker's input from the truth, and each record's true operation.
pub fn build(
    world: &millwatch_synth::World,
    truth: &[millwatch_synth::RecordTruth],
    with_names: bool,
) -> (Input, Vec<Option<u32>>) {
    let mut input = Input::default();
    let mut ids: HashMap<(String, String), u32> = HashMap::new();
    let mut labels = Vec::with_capacity(truth.len());
    for (i, r) in truth.iter().enumerate() {
        let rec = i as u32;
        input.record_keys.push(format!("{}#{}", r.file, r.locator));
        labels.push(r.operation);
        for (j, s) in r.selectors.iter().enumerate() {
            let key = (s.kind.as_str().to_owned(), s.value.clone());
            let next = ids.len() as u32;
            let sel = *ids.entry(key.clone()).or_insert_with(|| {
                input.selectors.push(Selector {
                    kind: key.0,
                    value: key.1,
                });
                next
            });
            input.mentions.push(Mention {
                record: rec,
                selector: sel,
                evidence: (i as i64) << 8 | j as i64,
                victim: s.role == PlantRole::Victim,
            });
        }
        if let Some(chat) = chat_key(r) {
            let next = ids.len() as u32;
            let sel = *ids
                .entry(("chat".to_owned(), chat.clone()))
                .or_insert_with(|| {
                    input.selectors.push(Selector {
                        kind: "chat".into(),
                        value: chat,
                    });
                    next
                });
            input.mentions.push(Mention {
                record: rec,
                selector: sel,
                evidence: (i as i64) << 8 | 0xff,
                victim: false,
            });
        }
        if with_names
            && matches!(r.kind, RecordKind::VictimReport | RecordKind::RecruitmentAd)
            && let Some(op) = r.operation.and_then(|o| world.operations.get(o as usize))
        {
            let spellings = &op.platform.variants;
            let value = if spellings.is_empty() {
                op.platform.name.clone()
            } else {
                spellings[i % spellings.len()].clone()
            };
            input.names.push(Name {
                record: rec,
                kind: NameKind::Platform,
                value,
            });
        }
    }
    (input, labels)
}

/// The ceiling: connected components over the selectors planted as an operation's own
/// (the truth's roles, so no hub or bridge can mislead). Records that share none of
/// them with another record cannot be joined by any linker that trusts selectors.
pub fn oracle_components(truth: &[millwatch_synth::RecordTruth]) -> Vec<u32> {
    let mut parent: Vec<u32> = (0..truth.len() as u32).collect();
    fn find(p: &mut [u32], mut x: u32) -> u32 {
        while p[x as usize] != x {
            p[x as usize] = p[p[x as usize] as usize];
            x = p[x as usize];
        }
        x
    }
    let mut first: HashMap<(String, String), u32> = HashMap::new();
    for (i, r) in truth.iter().enumerate() {
        if let Some(chat) = chat_key(r) {
            let f = *first.entry(("chat".into(), chat)).or_insert(i as u32);
            let (a, b) = (find(&mut parent, f), find(&mut parent, i as u32));
            if a != b {
                parent[a.max(b) as usize] = a.min(b);
            }
        }
        for s in r
            .selectors
            .iter()
            .filter(|s| s.role == PlantRole::Operation)
        {
            let key = (s.kind.as_str().to_owned(), s.value.clone());
            let f = *first.entry(key).or_insert(i as u32);
            let (a, b) = (find(&mut parent, f), find(&mut parent, i as u32));
            if a != b {
                parent[a.max(b) as usize] = a.min(b);
            }
        }
    }
    (0..truth.len() as u32)
        .map(|i| find(&mut parent, i))
        .collect()
}

/// A chat message's conversation, as the pipeline makes it a `chat` selector: the
/// Telegram chat id (the locator's part before `/`) or the WhatsApp export file.
fn chat_key(r: &millwatch_synth::RecordTruth) -> Option<String> {
    match r.locator_kind {
        millwatch_synth::LocatorKind::TelegramMessage => {
            let chat = r.locator.split('/').next().unwrap_or_default();
            Some(format!("{}#{chat}", r.file))
        }
        millwatch_synth::LocatorKind::Line => Some(r.file.clone()),
        _ => None,
    }
}
