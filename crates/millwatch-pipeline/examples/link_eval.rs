//! End-to-end linking accuracy on a generated world: generate, ingest (with extraction),
//! link, and score the operations against the generator's truth.
//!
//! ```text
//! cargo run --release -p millwatch-pipeline --example link_eval -- regular 150 1
//! cargo run --release -p millwatch-pipeline --example link_eval -- heavy 3000 7
//! ```
//! Arguments: shape (`regular` or `heavy`), operations, seed. Prints one JSON line with
//! B-cubed and pairwise precision/recall/F1, record counts and timings.
//!
//! For analysis: `EXPLAIN=1` prints the worst mixed and split operations; `DUMP=FILE`
//! writes each record's place, truth, assignment, selectors (with decisions) and names as
//! JSON lines (and the truth beside it); `AUGMENT=1` adds the planted selectors that
//! extraction missed before linking, so that the difference measures extraction's share.

#![allow(clippy::print_stdout, clippy::expect_used, clippy::unwrap_used)]

use std::collections::HashMap;
use std::io::BufRead;
use std::sync::Arc;
use std::time::Instant;

use millwatch_extract::{Config, Extractor};
use millwatch_link::{Params, score};
use millwatch_pipeline::{IngestOptions, Quiet, ingest, link_case};
use millwatch_store::{Case, OpenMode};
use millwatch_synth::WorldConfig;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let shape = args.first().map_or("regular", String::as_str);
    let ops: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(150);
    let seed: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let config = match shape {
        "heavy" => WorldConfig::heavy_tailed(seed, ops),
        "demo" => WorldConfig {
            seed,
            ..WorldConfig::demo()
        },
        _ => WorldConfig::linking(seed, ops),
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let t0 = Instant::now();
    let world = millwatch_synth::generate(&config);
    millwatch_synth::write_world(&world, dir.path()).expect("write world");
    let t_gen = t0.elapsed().as_secs_f64();

    let t1 = Instant::now();
    let mut case = Case::open(&dir.path().join("case.db"), OpenMode::CreateIfMissing).unwrap();
    let opts = IngestOptions {
        extractor: Some(Arc::new(Extractor::new(&Config::default()).unwrap())),
        ..IngestOptions::default()
    };
    let corpus = dir.path().join("corpus");
    ingest(&mut case, std::slice::from_ref(&corpus), &opts, &Quiet).expect("ingest");
    let t_ingest = t1.elapsed().as_secs_f64();

    let t2 = Instant::now();
    let (graph, linking) = link_case(&case, &Params::default()).expect("link");
    let t_link = t2.elapsed().as_secs_f64();

    let truth = millwatch_synth::TruthIndex::load(dir.path()).expect("truth");
    let prefix = format!("{}/", corpus.display());
    // AUGMENT=1: add the planted selectors extraction missed and link again, to measure
    // what extraction costs.
    let mut augmented = None;
    let (graph, linking) = if std::env::var_os("AUGMENT").is_some() {
        let mut graph = graph;
        augmented = Some(augment(&mut graph, &prefix, dir.path()));
        let linking = millwatch_link::link(&graph.input, &Params::default());
        (graph, linking)
    } else {
        (graph, linking)
    };
    let mut predicted = Vec::new();
    let mut labels = Vec::new();
    let mut unmatched = 0usize;
    for (i, r) in graph.records.iter().enumerate() {
        let rel = r.path.strip_prefix(&prefix).unwrap_or(&r.path);
        match truth.operation(
            rel,
            r.external_id.as_deref(),
            r.message_id.as_deref(),
            r.line,
        ) {
            Some(op) => {
                predicted.push(linking.assignment[i]);
                labels.push(op);
            }
            None => unmatched += 1,
        }
    }
    if let Some(out) = std::env::var_os("DUMP") {
        dump(
            &graph,
            &linking,
            &truth,
            &prefix,
            std::path::Path::new(&out),
            dir.path(),
        );
    }
    if std::env::var_os("EXPLAIN").is_some() {
        explain(&graph, &linking, &predicted, &labels, dir.path());
    }
    let b = score::bcubed(&predicted, &labels);
    let p = score::pairwise(&predicted, &labels);
    let multi = linking
        .operations
        .iter()
        .filter(|o| o.records.len() > 1)
        .count();
    println!(
        "{}",
        serde_json::json!({
            "shape": shape, "operations": ops, "seed": seed,
            "records": graph.records.len(), "scored": labels.len(), "unmatched": unmatched,
            "found_operations": multi, "hubs": linking.hubs.len(), "links": linking.links.len(),
            "attached": linking.attached.len(),
            "bcubed": {"p": b.precision, "r": b.recall, "f1": b.f1},
            "pairwise": {"p": p.precision, "r": p.recall, "f1": p.f1},
            "seconds": {"generate": t_gen, "ingest": t_ingest, "link": t_link},
            "augmented_mentions": augmented,
        })
    );
}

/// Prints the worst mixed operations with the selectors inside them and their planted
/// roles, for tuning.
fn explain(
    graph: &millwatch_pipeline::CaseGraph,
    linking: &millwatch_link::Linking,
    predicted: &[u32],
    labels: &[Option<u32>],
    dir: &std::path::Path,
) {
    // Planted roles by (kind, value).
    let mut roles: HashMap<(String, String), String> = HashMap::new();
    let f = std::fs::File::open(dir.join("truth/records.jsonl")).unwrap();
    for line in std::io::BufReader::new(f).lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        for s in v["selectors"].as_array().into_iter().flatten() {
            roles.insert(
                (
                    s["kind"].as_str().unwrap().into(),
                    s["value"].as_str().unwrap().into(),
                ),
                format!(
                    "{}{}",
                    s["role"].as_str().unwrap(),
                    s["operation"]
                        .as_str()
                        .map(|o| format!("@{o}"))
                        .unwrap_or_default()
                ),
            );
        }
    }
    let mut comp: HashMap<u32, HashMap<Option<u32>, u32>> = HashMap::new();
    for (p, l) in predicted.iter().zip(labels) {
        *comp.entry(*p).or_default().entry(*l).or_default() += 1;
    }
    let mut mixed: Vec<_> = comp.iter().filter(|(_, c)| c.len() > 1).collect();
    mixed.sort_by_key(|(_, c)| std::cmp::Reverse(c.values().sum::<u32>()));
    for (op, c) in mixed.iter().take(if std::env::var_os("ALL").is_some() {
        50
    } else {
        3
    }) {
        println!("MIXED op#{op}: {:?}", c);
        let o = &linking.operations[**op as usize];
        for &(s, n) in o.selectors.iter().take(25) {
            let sel = &graph.input.selectors[s as usize];
            let role = roles
                .get(&(sel.kind.clone(), sel.value.clone()))
                .cloned()
                .unwrap_or_else(|| "-".into());
            println!(
                "   {n:>4} {:?} {}:{} [{role}]",
                linking.decisions[s as usize], sel.kind, sel.value
            );
        }
    }
    // Splits: truth ops spread over several predicted ops.
    let mut spread: HashMap<u32, HashMap<u32, u32>> = HashMap::new();
    for (p, l) in predicted.iter().zip(labels) {
        if let Some(l) = l {
            *spread.entry(*l).or_default().entry(*p).or_default() += 1;
        }
    }
    let mut split: Vec<_> = spread.iter().filter(|(_, c)| c.len() > 1).collect();
    split.sort_by_key(|(_, c)| std::cmp::Reverse(c.len()));
    println!("SPLIT truth ops: {}", split.len());
    for (t, c) in split.iter().take(6) {
        println!("  op-{t:04}: {:?}", c);
        for (p, n) in c.iter() {
            let o = &linking.operations[*p as usize];
            let tops: Vec<String> = o
                .selectors
                .iter()
                .take(6)
                .map(|&(s, k)| {
                    let sel = &graph.input.selectors[s as usize];
                    let role = roles
                        .get(&(sel.kind.clone(), sel.value.clone()))
                        .cloned()
                        .unwrap_or_else(|| "-".into());
                    format!(
                        "{k}x {}:{} {:?} [{role}]",
                        sel.kind, sel.value, linking.decisions[s as usize]
                    )
                })
                .collect();
            println!(
                "     part op#{p} ({n} of {}): {}",
                o.records.len(),
                tops.join(" | ")
            );
        }
    }
    for h in linking.hubs.iter().take(15) {
        let sel = &graph.input.selectors[h.selector as usize];
        let role = roles
            .get(&(sel.kind.clone(), sel.value.clone()))
            .cloned()
            .unwrap_or_else(|| "-".into());
        println!(
            "HUB {}:{} records={} groups={} names={} [{role}]",
            sel.kind, sel.value, h.records, h.groups, h.names
        );
    }
}

/// Writes, for analysis, one JSON line per record (place, truth, assignment, selectors and
/// names as the linker saw them) to `out`, and copies the world's truth beside it.
fn dump(
    graph: &millwatch_pipeline::CaseGraph,
    linking: &millwatch_link::Linking,
    truth: &millwatch_synth::TruthIndex,
    prefix: &str,
    out: &std::path::Path,
    dir: &std::path::Path,
) {
    use std::io::Write as _;
    let mut sels: Vec<Vec<serde_json::Value>> = vec![Vec::new(); graph.records.len()];
    for m in &graph.input.mentions {
        let s = &graph.input.selectors[m.selector as usize];
        sels[m.record as usize].push(serde_json::json!([
            s.kind,
            s.value,
            m.victim,
            format!("{:?}", linking.decisions[m.selector as usize])
        ]));
    }
    let mut names: Vec<Vec<String>> = vec![Vec::new(); graph.records.len()];
    for n in &graph.input.names {
        names[n.record as usize].push(format!("{:?}:{}", n.kind, n.value));
    }
    let mut joins: HashMap<u32, String> = HashMap::new();
    for j in &linking.attached {
        joins.insert(j.record, format!("{}: {:?}", j.name, j.corroboration));
    }
    let mut f = std::io::BufWriter::new(std::fs::File::create(out).unwrap());
    for (i, r) in graph.records.iter().enumerate() {
        let rel = r.path.strip_prefix(prefix).unwrap_or(&r.path);
        let op = truth.operation(
            rel,
            r.external_id.as_deref(),
            r.message_id.as_deref(),
            r.line,
        );
        let line = serde_json::json!({
            "i": i, "file": rel, "ext": r.external_id, "msg": r.message_id, "line": r.line,
            "kind": r.kind, "truth": op.flatten(), "scored": op.is_some(),
            "pred": linking.assignment[i], "sels": sels[i], "names": names[i],
            "join": joins.get(&(i as u32)),
        });
        writeln!(f, "{line}").unwrap();
    }
    std::fs::copy(
        dir.join("truth/records.jsonl"),
        out.with_extension("truth.jsonl"),
    )
    .unwrap();
}

/// Adds to `graph` the planted selectors of operations (role `operation`, `syndicate`,
/// `bridge`, `listed`) that its records do not mention; returns how many mentions.
fn augment(
    graph: &mut millwatch_pipeline::CaseGraph,
    prefix: &str,
    dir: &std::path::Path,
) -> usize {
    let mut place: HashMap<(String, String), u32> = HashMap::new();
    for (i, r) in graph.records.iter().enumerate() {
        let rel = r.path.strip_prefix(prefix).unwrap_or(&r.path).to_owned();
        for loc in [
            r.external_id.clone(),
            r.message_id.clone(),
            r.line.map(|l| l.to_string()),
            Some(rel.clone()),
        ]
        .into_iter()
        .flatten()
        {
            place.entry((rel.clone(), loc)).or_insert(i as u32);
        }
    }
    let mut sel: HashMap<(String, String), u32> = HashMap::new();
    for (i, s) in graph.input.selectors.iter().enumerate() {
        sel.insert((s.kind.clone(), s.value.clone()), i as u32);
    }
    let mut have: std::collections::HashSet<(u32, u32)> = graph
        .input
        .mentions
        .iter()
        .map(|m| (m.record, m.selector))
        .collect();
    let mut added = 0;
    let f = std::fs::File::open(dir.join("truth/records.jsonl")).unwrap();
    for line in std::io::BufReader::new(f).lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let key = (
            v["file"].as_str().unwrap().to_owned(),
            v["locator"].as_str().unwrap().to_owned(),
        );
        let Some(&r) = place.get(&key) else { continue };
        for s in v["selectors"].as_array().into_iter().flatten() {
            let role = s["role"].as_str().unwrap();
            if !matches!(role, "operation" | "syndicate" | "bridge" | "listed") {
                continue;
            }
            let k = (
                s["kind"].as_str().unwrap().to_owned(),
                s["value"].as_str().unwrap().to_owned(),
            );
            let id = *sel.entry(k.clone()).or_insert_with(|| {
                graph.input.selectors.push(millwatch_link::Selector {
                    kind: k.0.clone(),
                    value: k.1.clone(),
                });
                graph.selector_ids.push(None);
                (graph.input.selectors.len() - 1) as u32
            });
            if have.insert((r, id)) {
                graph.input.mentions.push(millwatch_link::Mention {
                    record: r,
                    selector: id,
                    evidence: -1,
                    victim: false,
                });
                added += 1;
            }
        }
    }
    added
}
