//! Prints what ingest reads from files: one line per record (time, fields, text) and per
//! diagnostic. For looking at real-format files by hand and for `bench/ingest/*.sh`.
//!
//! `cargo run -p millwatch-ingest --example dump -- FILE...` (`--count` prints only
//! `records<TAB>diagnostics<TAB>path` per file; `--full` prints whole texts; `--json` prints
//! one JSON object per file: `path`, `format`, `error`, `records` (`kind`, `time`, `title`,
//! `fields` as `[name, value]` pairs, `text`) and `diagnostics`).

#![allow(clippy::print_stdout)]

use std::path::Path;

use millwatch_ingest::{Options, detect_format};
use millwatch_model::VecSink;

fn main() {
    let (mut count_only, mut full, mut json) = (false, false, false);
    for arg in std::env::args().skip(1) {
        if arg == "--count" {
            count_only = true;
            continue;
        }
        if arg == "--full" {
            full = true;
            continue;
        }
        if arg == "--json" {
            json = true;
            continue;
        }
        let path = Path::new(&arg);
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                println!("ERROR\t{arg}\t{e}");
                continue;
            }
        };
        let format = match detect_format(path, &bytes[..bytes.len().min(8192)]) {
            Ok(f) => f,
            Err(e) if json => {
                let error = format!("detect: {e}");
                println!("{}", serde_json::json!({"path": arg, "error": error}));
                continue;
            }
            Err(e) => {
                println!("ERROR\t{arg}\tdetect: {e}");
                continue;
            }
        };
        let mut sink = VecSink::default();
        let res = millwatch_ingest::parse(
            format,
            path,
            &mut &bytes[..],
            &Options::default(),
            &mut sink,
        );
        if json {
            let records: Vec<_> = sink
                .records
                .iter()
                .map(|r| {
                    let fields: Vec<_> = r.fields.iter().map(|f| [&f.name, &f.value]).collect();
                    serde_json::json!({
                        "kind": format!("{:?}", r.kind),
                        "time": r.time.as_ref().map(|t| t.as_str()),
                        "title": r.title,
                        "fields": fields,
                        "text": r.text,
                    })
                })
                .collect();
            let diagnostics: Vec<_> = sink.diagnostics.iter().map(|d| d.reason.clone()).collect();
            println!(
                "{}",
                serde_json::json!({
                    "path": arg,
                    "format": format!("{format:?}"),
                    "error": res.err().map(|e| e.to_string()),
                    "records": records,
                    "diagnostics": diagnostics,
                })
            );
            continue;
        }
        if count_only {
            let err = res.err().map(|e| format!("\t{e}")).unwrap_or_default();
            println!(
                "{}\t{}\t{arg}{err}",
                sink.records.len(),
                sink.diagnostics.len()
            );
            continue;
        }
        println!("== {arg} ({format:?}): {} records", sink.records.len());
        if let Err(e) = res {
            println!("ERROR {e}");
        }
        for r in &sink.records {
            let time = r.time.as_ref().map_or("-", |t| t.as_str());
            let fields: Vec<String> = r
                .fields
                .iter()
                .map(|f| format!("{}={:?}", f.name, f.value))
                .collect();
            println!(
                "* {:?} {} title={:?} {}",
                r.kind,
                time,
                r.title,
                fields.join(" ")
            );
            let limit = if full { usize::MAX } else { 300 };
            println!(
                "  text={:?}",
                r.text.chars().take(limit).collect::<String>()
            );
        }
        for d in &sink.diagnostics {
            println!("! {d:?}");
        }
    }
}
