//! Writes a synthetic world: `cargo run --release -p millwatch-synth --example synth -- OUT
//! [demo|linking N|heavy N|bytes N] [SEED]`, and reports what was written and how fast.

#![allow(clippy::print_stderr)]

use std::path::PathBuf;
use std::time::Instant;

use millwatch_synth::{WorldConfig, generate, write_world};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = PathBuf::from(args.first().map_or("synth-out", String::as_str));
    let preset = args.get(1).map_or("demo", String::as_str);
    let n: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1);
    let cfg = match preset {
        "linking" => WorldConfig::linking(seed, usize::try_from(n).unwrap_or(150)),
        "heavy" => WorldConfig::heavy_tailed(seed, usize::try_from(n).unwrap_or(150)),
        "bytes" => WorldConfig::ingest_bench(seed, n),
        _ => WorldConfig::demo(),
    };
    let t = Instant::now();
    let world = generate(&cfg);
    let planned = t.elapsed();
    let m = write_world(&world, &out)?;
    let total = t.elapsed();
    eprintln!(
        "{} operations, {} files, {} records, {:.1} MB in {:.2?} (plan {:.2?}): {:.1} MB/s, {:.0} records/s",
        m.operations,
        m.file_count,
        m.records,
        m.bytes as f64 / 1e6,
        total,
        planned,
        m.bytes as f64 / 1e6 / total.as_secs_f64(),
        m.records as f64 / total.as_secs_f64()
    );
    Ok(())
}
