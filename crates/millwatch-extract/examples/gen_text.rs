//! Writes generated multilingual scam-report prose (the bench's text) to stdout.
//!
//! Usage: `cargo run --release -p millwatch-extract --example gen_text -- MEGABYTES > FILE`

#![allow(clippy::print_stdout)]

use std::io::Write;

#[path = "../benches/support/text.rs"]
mod text;

fn main() -> std::io::Result<()> {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let out = std::io::stdout();
    let mut out = out.lock();
    // In 16 MB pieces, so that a large corpus never sits in memory whole.
    let piece = text::mixed_text(16 << 20);
    let mut left = mb << 20;
    while left > 0 {
        let n = left.min(piece.len());
        let cut = (0..=n)
            .rev()
            .find(|&k| piece.is_char_boundary(k))
            .unwrap_or(0);
        out.write_all(&piece.as_bytes()[..cut])?;
        left -= n;
        if cut == 0 {
            break;
        }
    }
    out.flush()
}
