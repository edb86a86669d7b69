//! Linking accuracy on generated worlds with perfect extraction, against floors.
//!
//! The floors are relative to a ceiling: connected components over the selectors the
//! generator planted as operations' own (an oracle that knows every hub and bridge).
//! Records that share no selector with their operation cannot be joined by evidence, so
//! the ceiling is below 1; the linker, which must find hubs and bridges from the data, is
//! held to within one point of B-cubed F1 of it, and to a precision that merging through
//! a hub or a bridge would break (one hub merge costs several points at this size).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../examples/common/world_input.rs"]
mod world_input;

use millwatch_link::{Params, link, score};
use millwatch_synth::WorldConfig;

fn check(config: &WorldConfig, min_precision: f64) {
    let world = millwatch_synth::generate(config);
    let (_, truth) = world.records().unwrap();
    let (input, labels) = world_input::build(&world, &truth, true);
    let linking = link(&input, &Params::default());
    let got = score::bcubed(&linking.assignment, &labels);
    let ceiling = score::bcubed(&world_input::oracle_components(&truth), &labels);
    assert!(
        got.f1 >= ceiling.f1 - 0.01,
        "B-cubed F1 {:.4} more than a point under the ceiling {:.4}",
        got.f1,
        ceiling.f1
    );
    assert!(
        got.precision >= min_precision,
        "B-cubed precision {:.4} < {min_precision}",
        got.precision
    );
    // Every hub is shown, and every link joins two distinct operations.
    assert!(!linking.hubs.is_empty());
    assert!(linking.links.iter().all(|l| l.a != l.b));
}

#[test]
fn regular_world_scores_near_the_ceiling() {
    check(&WorldConfig::linking(1, 150), 0.98);
}

#[test]
fn heavy_tailed_world_scores_near_the_ceiling() {
    check(&WorldConfig::heavy_tailed(1, 150), 0.97);
}

#[test]
fn without_the_hub_test_a_hub_merges_operations() {
    // The floor bites: plain components over every shared selector (what the linker
    // would be without its hub test) fall far below it.
    let world = millwatch_synth::generate(&WorldConfig::linking(1, 150));
    let (_, truth) = world.records().unwrap();
    let (input, labels) = world_input::build(&world, &truth, true);
    let mut parent: Vec<u32> = (0..labels.len() as u32).collect();
    fn find(p: &mut [u32], mut x: u32) -> u32 {
        while p[x as usize] != x {
            x = p[x as usize];
        }
        x
    }
    let mut first = std::collections::HashMap::new();
    for m in input.mentions.iter().filter(|m| !m.victim) {
        let f = *first.entry(m.selector).or_insert(m.record);
        let (a, b) = (find(&mut parent, f), find(&mut parent, m.record));
        parent[a.max(b) as usize] = a.min(b);
    }
    let naive: Vec<u32> = (0..labels.len() as u32)
        .map(|i| find(&mut parent, i))
        .collect();
    assert!(score::bcubed(&naive, &labels).precision < 0.5);
}
