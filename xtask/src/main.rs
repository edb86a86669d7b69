//! `cargo xtask`: development chores that would otherwise be shell scripts.
//!
//! `cargo xtask test` is the project's one test command (the README's and CI's): it
//! checks formatting and lints, installs what the test suite needs that cargo does not
//! (nothing yet beyond the Rust toolchain; later a browser and Python validators), and
//! runs every test. Kept in Rust so that it behaves the same on every machine.

#![allow(clippy::print_stderr)] // A dev tool talking to its user.

use std::process::Command;

fn main() -> anyhow::Result<()> {
    let task = std::env::args().nth(1).unwrap_or_default();
    match task.as_str() {
        "test" => test(),
        _ => anyhow::bail!("usage: cargo xtask test"),
    }
}

fn test() -> anyhow::Result<()> {
    run("cargo", &["fmt", "--all", "--", "--check"])?;
    run(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    run("cargo", &["test", "--workspace", "--all-targets"])?;
    run("cargo", &["test", "--workspace", "--doc"])?;
    Ok(())
}

fn run(cmd: &str, args: &[&str]) -> anyhow::Result<()> {
    eprintln!("$ {cmd} {}", args.join(" "));
    let status = Command::new(cmd).args(args).status()?;
    anyhow::ensure!(
        status.success(),
        "`{cmd} {}` failed: {status}",
        args.join(" ")
    );
    Ok(())
}
