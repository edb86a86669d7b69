//! Scans files (or stdin) and prints one selector a line: `kind<TAB>value<TAB>start<TAB>end<TAB>rule`,
//! then the throughput on stderr. Used by `bench/extract/run.sh` and for quick looks.
//!
//! Usage: `cargo run --release -p millwatch-extract --example scan -- [--region CC] [--field F] [--quiet] [FILE...]`

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{BufWriter, Write};
use std::time::Instant;

use millwatch_extract::{Config, Extractor, ScanContext};

fn main() -> std::io::Result<()> {
    let mut region = None;
    let mut field = None;
    let mut quiet = false;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--region" => region = args.next(),
            "--field" => field = args.next(),
            "--quiet" => quiet = true,
            _ => files.push(a),
        }
    }
    let config = Config {
        default_region: region,
        ..Config::default()
    };
    let ex = Extractor::new(&config).map_err(std::io::Error::other)?;
    let ctx = ScanContext {
        region: None,
        field: field.as_deref(),
    };
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    let mut bytes = 0usize;
    let mut count = 0usize;
    let started = Instant::now();
    let mut emit = |m: millwatch_extract::Match, out: &mut BufWriter<std::io::StdoutLock<'_>>| {
        count += 1;
        if !quiet {
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                m.kind, m.value, m.start, m.end, m.rule
            );
        }
    };
    if files.is_empty() {
        let stdin = std::io::stdin();
        let mut counting = CountingReader {
            inner: stdin.lock(),
            n: 0,
        };
        ex.scan_reader(&mut counting, &ctx, &mut |m| emit(m, &mut out))?;
        bytes += counting.n;
    } else {
        for f in &files {
            let file = std::fs::File::open(f)?;
            bytes += usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
            ex.scan_reader(file, &ctx, &mut |m| emit(m, &mut out))?;
        }
    }
    out.flush()?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{count} selectors in {bytes} bytes, {secs:.3} s, {:.1} MB/s",
        bytes as f64 / 1e6 / secs.max(1e-9)
    );
    Ok(())
}

struct CountingReader<R> {
    inner: R,
    n: usize,
}

impl<R: std::io::Read> std::io::Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.n += n;
        Ok(n)
    }
}
