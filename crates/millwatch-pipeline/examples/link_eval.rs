//! End-to-end linking accuracy on a generated world: generate, ingest (with extraction),
//! link, and score the operations against the generator's truth.
//!
//! ```text
//! cargo run --release -p millwatch-pipeline --example link_eval -- regular 150 1
//! cargo run --release -p millwatch-pipeline --example link_eval -- heavy 3000 7
//! ```
//! Arguments: shape (`regular` or `heavy`), operations, seed. Prints one JSON line with
//! B-cubed and pairwise precision/recall/F1, record counts and timings.

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
            "bcubed": {"p": b.precision, "r": b.recall, "f1": b.f1},
            "pairwise": {"p": p.precision, "r": p.recall, "f1": p.f1},
            "seconds": {"generate": t_gen, "ingest": t_ingest, "link": t_link},
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
