//! World shapes for linking: heavy tails, stars, chains, syndicates, bridges, hubs.

use std::collections::{BTreeMap, BTreeSet};

use millwatch_synth::{PlantRole, SelKind, Structure, WorldConfig, generate};

#[test]
fn heavy_tailed_sizes_have_many_small_and_a_few_giant_operations() {
    let w = generate(&WorldConfig::heavy_tailed(7, 400));
    let mut sizes: Vec<u32> = w.operations.iter().map(|o| o.reports).collect();
    sizes.sort_unstable();
    let small = sizes.iter().filter(|&&s| s <= 4).count();
    let median = sizes[sizes.len() / 2];
    let max = *sizes.last().expect("sizes");
    assert!(
        small * 3 >= sizes.len(),
        "only {small} small of {}",
        sizes.len()
    );
    assert!(max >= 20 * median.max(1), "max {max}, median {median}");
    assert!(w.operations.iter().any(|o| o.structure == Structure::Star));
    assert!(w.operations.iter().any(|o| o.structure == Structure::Chain));
    let regular = generate(&WorldConfig::linking(7, 400));
    assert!(
        regular
            .operations
            .iter()
            .all(|o| o.structure == Structure::Dense)
    );
}

#[test]
fn linking_world_truth_has_hubs_bridges_and_syndicates() {
    let w = generate(&WorldConfig::linking(3, 150));
    let (m, records) = w.records().expect("records");
    assert!(m.records > 1_500);
    // A hub selector is named by reports of many operations.
    let mut hub_ops: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let mut syndicate_ops: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let mut bridges = 0;
    for r in &records {
        for p in &r.selectors {
            match (p.role, r.operation) {
                (PlantRole::Hub, Some(o)) => {
                    hub_ops.entry(p.value.clone()).or_default().insert(o);
                }
                (PlantRole::Syndicate, Some(o)) => {
                    syndicate_ops.entry(p.value.clone()).or_default().insert(o);
                }
                _ => {}
            }
        }
        if r.selectors.iter().any(|p| p.role == PlantRole::Bridge) {
            bridges += 1;
            assert!(!r.also.is_empty());
        }
    }
    assert!(hub_ops.values().any(|ops| ops.len() >= 20), "no wide hub");
    assert!(
        syndicate_ops.values().any(|ops| ops.len() >= 2),
        "no shared laundering wallet"
    );
    assert!(bridges >= 2, "{bridges} bridges");
    // Operation selectors never leak into another operation except as a bridge or listing.
    let mut owner: BTreeMap<(SelKind, String), u32> = BTreeMap::new();
    for o in &w.operations {
        for s in o.selectors.iter().chain(o.leaves.iter()) {
            if s.role != millwatch_synth::SelRole::Laundering {
                let prev = owner.insert((s.kind, s.value.clone()), o.index);
                assert!(
                    prev.is_none() || prev == Some(o.index),
                    "{} shared",
                    s.value
                );
            }
        }
    }
}
