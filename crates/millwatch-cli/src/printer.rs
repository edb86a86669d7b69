//! All output goes through here: data to stdout, everything else to stderr.
//!
//! Keeping one door for output makes the rule "stdout is data" checkable (the workspace
//! lints forbid `println!` elsewhere) and makes a closed pipe (`millwatch search x | head`)
//! a quiet, successful exit instead of a panic.

use std::io::{self, IsTerminal, Write};

/// Where output goes and in which style.
pub struct Printer {
    /// JSON output requested.
    pub json: bool,
    /// Hints and progress suppressed.
    pub quiet: bool,
    out: io::BufWriter<io::Stdout>,
    /// Whether stdout is a terminal (colour and highlighting allowed).
    pub color: bool,
}

/// The error when stdout was closed by the reader; main exits 0 on it.
#[derive(Debug, thiserror::Error)]
#[error("broken pipe")]
pub struct BrokenPipe;

impl Printer {
    /// A printer for this process.
    pub fn new(json: bool, quiet: bool) -> Self {
        let stdout = io::stdout();
        let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Printer {
            json,
            quiet,
            out: io::BufWriter::new(stdout),
            color,
        }
    }

    /// Writes a line of data to stdout.
    pub fn data(&mut self, line: &str) -> anyhow::Result<()> {
        self.write(line.as_bytes())?;
        self.write(b"\n")
    }

    /// Writes one JSON value as a line to stdout.
    pub fn json_line<T: serde::Serialize>(&mut self, value: &T) -> anyhow::Result<()> {
        let s = serde_json::to_string(value)?;
        self.data(&s)
    }

    fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        match self.out.write_all(bytes) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(BrokenPipe.into()),
            other => Ok(other?),
        }
    }

    /// Flushes stdout.
    pub fn flush(&mut self) -> anyhow::Result<()> {
        match self.out.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(BrokenPipe.into()),
            other => Ok(other?),
        }
    }

    /// A hint or summary for a person, on stderr; silent with `--quiet`.
    pub fn note(&self, line: &str) {
        if !self.quiet {
            let _ = writeln!(io::stderr().lock(), "{line}");
        }
    }

    /// A warning on stderr, shown even with `--quiet`.
    pub fn warn(&self, line: &str) {
        let _ = writeln!(io::stderr().lock(), "warning: {line}");
    }

    /// Wraps `s` in bold when writing to a terminal.
    pub fn bold(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }

    /// Marks highlighted ranges: bold on a terminal, `[…]` otherwise.
    pub fn highlight(&self, text: &str, ranges: &[[usize; 2]]) -> String {
        let (open, close) = if self.color {
            ("\x1b[1;33m", "\x1b[0m")
        } else {
            ("[", "]")
        };
        let mut out = String::with_capacity(text.len() + ranges.len() * 8);
        let mut at = 0;
        for &[s, e] in ranges {
            if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            out.push_str(&text[at..s]);
            out.push_str(open);
            out.push_str(&text[s..e]);
            out.push_str(close);
            at = e;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Whether a progress bar may be drawn.
    pub fn progress_allowed(&self) -> bool {
        !self.quiet && !self.json && io::stderr().is_terminal()
    }
}
