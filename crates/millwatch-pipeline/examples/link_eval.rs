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

    // Truth by (path relative to the corpus, locator).
    let mut truth: HashMap<(String, String), Option<u32>> = HashMap::new();
    let f = std::fs::File::open(dir.path().join("truth/records.jsonl")).unwrap();
    for line in std::io::BufReader::new(f).lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let op = v["operation"]
            .as_str()
            .and_then(|s| s.strip_prefix("op-"))
            .and_then(|s| s.parse::<u32>().ok());
        let file = v["file"].as_str().unwrap().to_owned();
        let loc = v["locator"].as_str().unwrap().to_owned();
        truth.insert((file, loc), op);
    }
    let prefix = format!("{}/", corpus.display());
    let mut predicted = Vec::new();
    let mut labels = Vec::new();
    let mut unmatched = 0usize;
    for (i, r) in graph.records.iter().enumerate() {
        let rel = r.path.strip_prefix(&prefix).unwrap_or(&r.path).to_owned();
        let candidates = [
            r.external_id.clone(),
            r.message_id.clone(),
            r.line.map(|l| l.to_string()),
            Some(rel.clone()),
        ];
        let found = candidates
            .into_iter()
            .flatten()
            .find_map(|loc| truth.get(&(rel.clone(), loc)).copied());
        match found {
            Some(op) => {
                predicted.push(linking.assignment[i]);
                labels.push(op);
            }
            None => unmatched += 1,
        }
    }
    let b = score::bcubed(&predicted, &labels);
    let p = score::pairwise(&predicted, &labels);
    let multi = linking.operations.iter().filter(|o| o.records.len() > 1).count();
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
