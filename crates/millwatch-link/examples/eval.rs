//! Linking accuracy with **perfect extraction**: the planted selectors of a generated world
//! (from `millwatch-synth`'s truth, with their roles) are the linker's input, so the score
//! measures the linker alone, apart from extraction and parsing (for end to end from the
//! files see `millwatch-pipeline`'s `link_eval`).
//!
//! ```text
//! cargo run --release -p millwatch-link --example eval -- --shape regular --operations 3000 --seed 1
//! cargo run --release -p millwatch-link --example eval -- --shape heavy --operations 3000 --seed 1 --no-names
//! ```
//!
//! Victims' own contacts (role `victim`) are flagged as such, as extraction flags them
//! when found in a reporter's field. With names (the default), victim reports and
//! recruitment ads of an operation give one of its platform's spellings, as a sheet's
//! `platform` column would. Prints one JSON line: records, B-cubed and pairwise scores,
//! operations, hubs, links and seconds.

#![allow(clippy::print_stdout, clippy::expect_used, clippy::unwrap_used)]

use std::collections::HashMap;
use std::time::Instant;

use millwatch_link::{Params, link, score};
use millwatch_synth::WorldConfig;

#[path = "common/world_input.rs"]
mod world_input;
use world_input::{build, oracle_components};

fn main() {
    let mut shape = "regular".to_owned();
    let mut ops = 150usize;
    let mut seed = 1u64;
    let mut names = true;
    let mut params = Params::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--shape" => shape = args.next().expect("--shape VALUE"),
            "--operations" => {
                ops = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--operations N")
            }
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).expect("--seed N"),
            "--no-names" => names = false,
            "--no-attach" => params.attach_by_name = false,
            other => panic!("unknown argument {other}"),
        }
    }
    let config = match shape.as_str() {
        "heavy" => WorldConfig::heavy_tailed(seed, ops),
        "regular" => WorldConfig::linking(seed, ops),
        other => panic!("shape is regular or heavy, not {other}"),
    };
    let t0 = Instant::now();
    let world = millwatch_synth::generate(&config);
    let (_, truth) = world.records().expect("render world");
    let t_gen = t0.elapsed().as_secs_f64();

    let (input, labels) = build(&world, &truth, names);
    let t1 = Instant::now();
    let linking = link(&input, &params);
    let t_link = t1.elapsed().as_secs_f64();

    let b = score::bcubed(&linking.assignment, &labels);
    let p = score::pairwise(&linking.assignment, &labels);
    // The same over the records of operations only: noise records (a legitimate
    // employer's ads, a friends' chat) that rightly cluster among themselves count as
    // errors above, since the truth gives each its own label.
    let keep: Vec<usize> = (0..labels.len()).filter(|&i| labels[i].is_some()).collect();
    let bo = score::bcubed(
        &keep
            .iter()
            .map(|&i| linking.assignment[i])
            .collect::<Vec<_>>(),
        &keep.iter().map(|&i| labels[i]).collect::<Vec<_>>(),
    );
    let oracle = oracle_components(&truth);
    let ob = score::bcubed(&oracle, &labels);
    if std::env::var_os("EXPLAIN").is_some() {
        explain(&truth, &oracle);
        mixes(&input, &truth, &linking.assignment);
    }
    let multi = linking
        .operations
        .iter()
        .filter(|o| o.records.len() > 1)
        .count();
    println!(
        "{}",
        serde_json::json!({
            "shape": shape, "operations": ops, "seed": seed, "names": names, "attach_by_name": params.attach_by_name,
            "records": labels.len(), "mentions": input.mentions.len(),
            "found_operations": multi, "attached": linking.attached.len(), "hubs": linking.hubs.len(), "links": linking.links.len(),
            "bcubed": {"p": b.precision, "r": b.recall, "f1": b.f1},
            "pairwise": {"p": p.precision, "r": p.recall, "f1": p.f1},
            "bcubed_operation_records": {"p": bo.precision, "r": bo.recall, "f1": bo.f1},
            "oracle_bcubed": {"p": ob.precision, "r": ob.recall, "f1": ob.f1},
            "seconds": {"generate": t_gen, "link": t_link},
        })
    );
}

/// Prints, by record kind and number of planted selectors, the records of an operation
/// that the oracle leaves alone (they share no operation selector with anything).
fn explain(truth: &[millwatch_synth::RecordTruth], oracle: &[u32]) {
    let mut size: HashMap<u32, usize> = HashMap::new();
    for c in oracle {
        *size.entry(*c).or_default() += 1;
    }
    let mut by: std::collections::BTreeMap<String, usize> = Default::default();
    for (r, c) in truth.iter().zip(oracle) {
        if r.operation.is_some() && size[c] == 1 {
            let roles: Vec<String> = r
                .selectors
                .iter()
                .map(|s| format!("{:?}:{}", s.role, s.kind.as_str()))
                .collect();
            *by.entry(format!("{:?} {:?}", r.kind, roles)).or_default() += 1;
        }
    }
    let mut v: Vec<_> = by.into_iter().collect();
    v.sort_by_key(|e| std::cmp::Reverse(e.1));
    for (k, n) in v.iter().take(25) {
        println!("{n:6} {k}");
    }
}

/// Prints the predicted operations with the most records of other operations, with the
/// selectors their minority records share with the majority and those selectors' roles.
fn mixes(
    input: &millwatch_link::Input,
    truth: &[millwatch_synth::RecordTruth],
    assignment: &[u32],
) {
    let mut comp: HashMap<u32, HashMap<Option<u32>, Vec<usize>>> = HashMap::new();
    for (i, r) in truth.iter().enumerate() {
        comp.entry(assignment[i])
            .or_default()
            .entry(r.operation)
            .or_default()
            .push(i);
    }
    let mut worst: Vec<(usize, u32)> = comp
        .iter()
        .map(|(g, m)| {
            let total: usize = m.values().map(Vec::len).sum();
            let top = m.values().map(Vec::len).max().unwrap_or(0);
            (total - top, *g)
        })
        .filter(|w| w.0 > 0)
        .collect();
    worst.sort_by_key(|w| std::cmp::Reverse(*w));
    let total: usize = worst.iter().map(|w| w.0).sum();
    println!("misplaced records in mixed operations: {total}");
    let mut size: HashMap<u32, usize> = HashMap::new();
    for g in assignment {
        *size.entry(*g).or_default() += 1;
    }
    let mut none_joined: std::collections::BTreeMap<String, usize> = Default::default();
    for (i, r) in truth.iter().enumerate() {
        if r.operation.is_none() && size[&assignment[i]] > 1 {
            *none_joined
                .entry(format!("{:?} {:?}", r.kind, r.sender_role))
                .or_default() += 1;
        }
    }
    println!("records of no operation joined to others: {none_joined:?}");
    let role: HashMap<(String, String), String> = truth
        .iter()
        .flat_map(|r| r.selectors.iter())
        .map(|s| {
            (
                (s.kind.as_str().to_owned(), s.value.clone()),
                format!("{:?}", s.role),
            )
        })
        .collect();
    for (miss, g) in worst.iter().take(8) {
        let m = &comp[g];
        let mut parts: Vec<(usize, Option<u32>)> = m.iter().map(|(l, v)| (v.len(), *l)).collect();
        parts.sort_by_key(|p| std::cmp::Reverse(*p));
        println!(
            "op {g}: {miss} misplaced; parts {:?}",
            &parts[..parts.len().min(5)]
        );
        // Selectors that records of two different truths in it share.
        let mut label_of_sel: HashMap<u32, Vec<Option<u32>>> = HashMap::new();
        for mm in input
            .mentions
            .iter()
            .filter(|mm| !mm.victim && assignment[mm.record as usize] == *g)
        {
            label_of_sel
                .entry(mm.selector)
                .or_default()
                .push(truth[mm.record as usize].operation);
        }
        let mut shown = 0;
        for (s, ls) in &label_of_sel {
            let mut d = ls.clone();
            d.sort();
            d.dedup();
            if d.len() > 1 && shown < 6 {
                let sel = &input.selectors[*s as usize];
                let r = role
                    .get(&(sel.kind.clone(), sel.value.clone()))
                    .cloned()
                    .unwrap_or_else(|| "chat".into());
                println!(
                    "   shared {}:{} role {r} labels {:?}",
                    sel.kind,
                    sel.value,
                    &d[..d.len().min(4)]
                );
                shown += 1;
            }
        }
    }
}
