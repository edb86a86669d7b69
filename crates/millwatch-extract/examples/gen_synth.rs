//! Writes the demo generator's narratives (`millwatch_synth::corpus_texts`) to stdout, one
//! text a paragraph, until MEGABYTES are written: the throughput bench's main corpus.
//!
//! Usage: `cargo run --release -p millwatch-extract --example gen_synth -- MEGABYTES [SEED] > FILE`

#![allow(clippy::print_stdout)]

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mb: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    let want = mb << 20;
    let mut written = 0usize;
    for text in millwatch_synth::corpus_texts(seed) {
        if written >= want {
            break;
        }
        out.write_all(text.as_bytes())?;
        out.write_all(b"\n\n")?;
        written += text.len() + 2;
    }
    out.flush()
}
