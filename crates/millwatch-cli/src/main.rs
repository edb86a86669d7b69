//! The `millwatch` binary: parse flags, set up logging, run a command, map the outcome to
//! an exit status. The work is in the library crates; `commands` only renders it.

use std::process::ExitCode;

use clap::Parser;

mod args;
mod cmd_dedupe;
mod cmd_demo;
mod cmd_extract;
mod cmd_link;
mod cmd_report;
mod cmd_serve;
mod commands;
mod printer;

use printer::{BrokenPipe, Printer};

/// How a command ended, when it did not fail.
pub enum Outcome {
    /// Did what was asked.
    Ok,
    /// Ran fine, but found nothing or skipped something (exit status 1).
    Partial,
}

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    init_logging(cli.global.verbose);
    let mut printer = Printer::new(cli.global.json, cli.global.quiet);
    let result = commands::run(&cli, &mut printer).and_then(|o| {
        printer.flush()?;
        Ok(o)
    });
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(1),
        Err(e) if e.downcast_ref::<BrokenPipe>().is_some() => ExitCode::SUCCESS,
        Err(e) => {
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr().lock(), "error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Logs go to stderr; `-v` raises the level, `RUST_LOG` overrides it.
fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .init();
}
