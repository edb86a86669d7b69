//! End-to-end tests of the `millwatch` binary: exit codes, stdout/stderr, JSON output,
//! and the crash test.

#![allow(clippy::expect_used, clippy::unwrap_used)] // Test helpers may fail loudly.

mod cli;
mod crash;
mod dedupe;
mod ingest;
mod link;
mod selectors;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test, run in `dir` with the case `case.db` there.
pub fn millwatch(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_millwatch"));
    cmd.current_dir(dir)
        .env_remove("MILLWATCH_CASE")
        .env_remove("RUST_LOG")
        .env("NO_COLOR", "1")
        .arg("--case")
        .arg(dir.join("case.db"));
    cmd
}

/// Runs a command and returns its output, with stdout and stderr as strings.
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("run millwatch");
    (
        status.code().unwrap_or(-1),
        String::from_utf8(stdout).expect("utf-8 stdout"),
        String::from_utf8(stderr).expect("utf-8 stderr"),
    )
}

/// Writes a file under `dir`, creating folders.
pub fn write(dir: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(&p, content).expect("write");
    p
}

/// Parses JSON Lines.
pub fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}
