//! Linking time and memory at scale on a generated graph (no files, no store): records of
//! heavy-tailed operations, about five selectors each (own selectors from a rotating
//! pool, hubs, victims' own contacts, one-offs) and platform names on most records.
//!
//! ```text
//! /usr/bin/time -v cargo run --release -p millwatch-link --example scale -- 1000000
//! ```
//! Prints one JSON line: records, mentions, seconds to link, operations, B-cubed F1.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::time::Instant;

use millwatch_link::{Input, Mention, Name, NameKind, Params, Selector, link, score};

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut rng = Rng(42);
    let mut input = Input::default();
    let mut truth: Vec<Option<u32>> = Vec::with_capacity(n);
    let hubs = 200u32;
    for h in 0..hubs {
        input.selectors.push(Selector {
            kind: "phone".into(),
            value: format!("+hub{h}"),
        });
    }
    let mut op = 0u32;
    let mut evidence = 0i64;
    while truth.len() < n {
        // Heavy-tailed sizes: many of 2-4, some of tens, a few of hundreds.
        let size = match rng.below(100) {
            0..=59 => 2 + rng.below(3),
            60..=94 => 5 + rng.below(30),
            _ => 40 + rng.below(400),
        } as usize;
        let pool_start = input.selectors.len() as u32;
        let pool = (size / 3).clamp(2, 40) as u32;
        for i in 0..pool {
            input.selectors.push(Selector {
                kind: ["tron", "phone", "domain", "telegram"][(i % 4) as usize].into(),
                value: format!("op{op}-{i}"),
            });
        }
        for k in 0..size {
            if truth.len() >= n {
                break;
            }
            let r = truth.len() as u32;
            truth.push(Some(op));
            input.record_keys.push(format!("r{r}"));
            // Rotation: records late in the operation use the later part of the pool.
            let phase = (k as u32 * pool) / size as u32;
            for _ in 0..3 {
                let s = pool_start + (phase + rng.below(3) as u32).min(pool - 1);
                input.mentions.push(Mention {
                    record: r,
                    selector: s,
                    evidence,
                    victim: false,
                });
                evidence += 1;
            }
            if rng.chance(0.35) {
                let s = rng.below(u64::from(hubs)) as u32;
                input.mentions.push(Mention {
                    record: r,
                    selector: s,
                    evidence,
                    victim: false,
                });
                evidence += 1;
            }
            // A one-off and the victim's own contact.
            for victim in [false, true] {
                input.selectors.push(Selector {
                    kind: "email".into(),
                    value: format!("x{r}-{victim}"),
                });
                let s = (input.selectors.len() - 1) as u32;
                input.mentions.push(Mention {
                    record: r,
                    selector: s,
                    evidence,
                    victim,
                });
                evidence += 1;
            }
            if rng.chance(0.6) {
                input.names.push(Name {
                    record: r,
                    kind: NameKind::Platform,
                    value: format!("Platform{op} Global"),
                });
            }
        }
        op += 1;
    }
    let started = Instant::now();
    let l = link(&input, &Params::default());
    let secs = started.elapsed().as_secs_f64();
    let b = score::bcubed(&l.assignment, &truth);
    println!(
        "{{\"records\":{n},\"mentions\":{},\"selectors\":{},\"true_operations\":{op},\"link_seconds\":{secs:.3},\"operations\":{},\"hubs\":{},\"bcubed_f1\":{:.4}}}",
        input.mentions.len(),
        input.selectors.len(),
        l.operations.iter().filter(|o| o.records.len() > 1).count(),
        l.hubs.len(),
        b.f1
    );
}
