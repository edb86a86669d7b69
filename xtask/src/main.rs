//! `cargo xtask`: development chores that would otherwise be shell scripts.
//!
//! Kept as a Rust binary so that it runs the same on every machine that builds millwatch.

use std::process::Command;

fn main() -> anyhow::Result<()> {
    let task = std::env::args().nth(1).unwrap_or_default();
    match task.as_str() {
        "ci" => {
            run("cargo", &["fmt", "--all", "--", "--check"])?;
            run("cargo", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])?;
            run("cargo", &["test", "--workspace"])?;
            Ok(())
        }
        _ => anyhow::bail!("usage: cargo xtask ci"),
    }
}

fn run(cmd: &str, args: &[&str]) -> anyhow::Result<()> {
    let status = Command::new(cmd).args(args).status()?;
    anyhow::ensure!(status.success(), "{cmd} {} failed: {status}", args.join(" "));
    Ok(())
}
