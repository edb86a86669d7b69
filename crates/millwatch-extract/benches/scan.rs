//! Throughput of `Extractor::scan` in bytes per second: on generated multilingual scam-report
//! prose with selectors sprinkled through it (fixed seed, ~20 MB), and on hostile inputs
//! (megabytes of digits, dots, `@` signs, base58 letters, spaced digits) that must stay linear.
//!
//! Run with `cargo bench -p millwatch-extract`; criterion prints MiB/s per input.

#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use millwatch_extract::{Config, Extractor, ScanContext};

#[path = "support/text.rs"]
mod text;

use text::mixed_text;

fn bench(c: &mut Criterion) {
    let ex = match Extractor::new(&Config {
        default_region: Some("TH".into()),
        ..Config::default()
    }) {
        Ok(ex) => ex,
        Err(e) => panic!("{e}"),
    };
    let ctx = ScanContext::default();
    let mut group = c.benchmark_group("scan");
    group.sample_size(10);
    let mixed = mixed_text(20 << 20);
    group.throughput(Throughput::Bytes(mixed.len() as u64));
    group.bench_function("mixed-multilingual-20MB", |b| {
        b.iter(|| ex.scan_to_vec(&mixed, &ctx).len())
    });
    let n = 4 << 20;
    let hostile: [(&str, String); 6] = [
        ("digits", "1234567890".repeat(n / 10)),
        ("dots", ".".repeat(n)),
        ("at-signs", "@".repeat(n)),
        (
            "base58",
            "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".repeat(n / 58),
        ),
        ("spaced-digits", "0 1 ".repeat(n / 4)),
        ("hosts-and-ats", "a.b@c.d-1.2.3.4:5/6 ".repeat(n / 20)),
    ];
    for (name, text) in &hostile {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("hostile-{name}-4MB"), |b| {
            b.iter(|| ex.scan_to_vec(text, &ctx).len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
