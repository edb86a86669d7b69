//! `demo` and `generate`: synthetic worlds from `millwatch-synth`, written as files in every
//! input format with their ground truth; `demo` also ingests one and checks the case
//! against the truth.

use std::collections::BTreeSet;
use std::io::BufRead as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use millwatch_store::OpenMode;
use millwatch_synth::{Manifest, WorldConfig};
use serde_json::json;

use crate::Outcome;
use crate::args::{DemoArgs, GenerateArgs, IngestArgs, WorldShape};
use crate::commands::{ingest, open};
use crate::printer::Printer;

/// Writes a world under `out` (`corpus/`, `truth/`), with progress notes.
fn write(config: &WorldConfig, out: &Path, p: &Printer) -> anyhow::Result<Manifest> {
    let world = millwatch_synth::generate(config);
    p.note(&format!(
        "generating {} operations in {} files under {} …",
        world.operations.len(),
        world.file_count(),
        out.display()
    ));
    millwatch_synth::write_world(&world, out)
        .with_context(|| format!("writing the synthetic world to {}", out.display()))
}

pub fn generate(a: &GenerateArgs, p: &mut Printer) -> anyhow::Result<Outcome> {
    let mut config = match a.shape {
        WorldShape::Demo => WorldConfig::demo(),
        WorldShape::Regular => WorldConfig::linking(a.seed, a.operations.unwrap_or(150)),
        WorldShape::HeavyTailed => WorldConfig::heavy_tailed(a.seed, a.operations.unwrap_or(150)),
    };
    config.seed = a.seed;
    if let (WorldShape::Demo, Some(n)) = (a.shape, a.operations) {
        config.operations = n;
    }
    if let Some(mb) = a.megabytes {
        config.bytes = Some((mb * 1e6) as u64);
    }
    let m = write(&config, &a.out, p)?;
    if p.json {
        p.json_line(&json!({
            "out": a.out.display().to_string(),
            "corpus": a.out.join("corpus").display().to_string(),
            "truth": a.out.join("truth").display().to_string(),
            "records": m.records,
            "bytes": m.bytes,
            "files": m.file_count,
            "operations": m.operations,
        }))?;
    } else {
        p.data(&format!(
            "wrote {} records ({:.1} MB, {} files, {} operations) to {}; truth in {}",
            m.records,
            m.bytes as f64 / 1e6,
            m.file_count,
            m.operations,
            a.out.join("corpus").display(),
            a.out.join("truth").display()
        ))?;
    }
    Ok(Outcome::Ok)
}

pub fn demo(case: Option<PathBuf>, a: &DemoArgs, p: &mut Printer) -> anyhow::Result<Outcome> {
    let case_path = case.unwrap_or_else(|| a.out.join("millwatch.db"));
    let mut config = WorldConfig::demo();
    if let Some(seed) = a.seed {
        config.seed = seed;
    }
    let manifest = write(&config, &a.out, p)?;
    let corpus = a.out.join("corpus");
    let args = IngestArgs {
        paths: vec![corpus],
        map: Vec::new(),
        kind: None,
        threads: 0,
        region: None,
        no_link: false,
    };
    let outcome = ingest(&case_path, &args, p)?;
    let check = check_against_truth(&case_path, &a.out, &manifest)?;
    let report = a.out.join("report.html");
    let report_args = crate::args::ReportArgs {
        operation: None,
        all: true,
        output: report.clone(),
        min_size: 2,
        limit: 200,
    };
    crate::cmd_report::report(&case_path, &report_args, p)?;
    if p.json {
        p.json_line(
            &json!({"type": "demo_check", "case": case_path.display().to_string(), "check": check}),
        )?;
        return Ok(outcome);
    }
    summary(&case_path, p)?;
    p.data("")?;
    p.data(&p.bold("checked against the generator's ground truth"))?;
    p.data(&format!(
        "  records:   {} stored, {} written by the generator",
        check.records_stored, check.records_expected
    ))?;
    p.data(&format!(
        "  selectors: {} of {} planted selectors found ({:.1}%); {} other selectors found",
        check.planted_found,
        check.planted,
        100.0 * check.planted_found as f64 / check.planted.max(1) as f64,
        check.unplanted_found
    ))?;
    for (kind, missed) in &check.missed_by_kind {
        p.data(&format!("             missed {missed} {kind}"))?;
    }
    p.data(&format!(
        "  linking:   {} operations of two or more records found, {} in the truth; B-cubed precision {:.3}, recall {:.3}, F1 {:.3}",
        check.operations_found,
        check.operations_expected,
        check.bcubed_precision,
        check.bcubed_recall,
        check.bcubed_f1
    ))?;
    let case = open(&case_path, OpenMode::MustExist)?;
    let ops = case.operations(2, 5)?;
    if !ops.is_empty() {
        p.data("")?;
        p.data(&p.bold("largest operations"))?;
        for o in &ops {
            let tops: Vec<String> = o
                .top_selectors
                .iter()
                .take(3)
                .map(|s| format!("{}:{}", s.kind, s.value))
                .collect();
            p.data(&format!(
                "  {}  {:>4} records  {}",
                o.id,
                o.size,
                tops.join("  ")
            ))?;
        }
    }
    drop(case);
    let case = case_path.display();
    let truth = a.out.join("truth");
    p.note("");
    p.note(&format!(
        "the operations' ground truth is in {}",
        truth.display()
    ));
    p.note(&format!(
        "the report of every operation is {} (one file: open it in any browser)",
        report.display()
    ));
    p.note("next, try:");
    p.note(&format!(
        "  millwatch --case {case} serve      (web UI at http://127.0.0.1:8080)"
    ));
    p.note(&format!("  millwatch --case {case} operations"));
    if let Some(top) = &check.top_operation {
        p.note(&format!("  millwatch --case {case} operation {top}"));
    }
    if let Some((a, b)) = &check.why_pair {
        p.note(&format!("  millwatch --case {case} why {a} {b}"));
    }
    p.note(&format!("  millwatch --case {case} selectors --top 15"));
    if let Some(top) = &check.top_selector {
        p.note(&format!("  millwatch --case {case} selector {top}"));
    }
    p.note(&format!("  millwatch --case {case} search 投资"));
    p.note(&format!("  millwatch --case {case} search USDT"));
    p.note(&format!(
        "  millwatch extract {}",
        a.out.join("corpus/notes/analyst_note_001.txt").display()
    ));
    if check.records_stored != check.records_expected {
        p.warn("the case does not hold every record the generator wrote (see above)");
        return Ok(Outcome::Partial);
    }
    Ok(outcome)
}

/// What the case holds, in a few lines: kinds and formats.
fn summary(case_path: &Path, p: &mut Printer) -> anyhow::Result<()> {
    let s = open(case_path, OpenMode::MustExist)?.stats()?;
    p.data(&p.bold(&format!(
        "the case holds {} records from {} files",
        s.records, s.sources
    )))?;
    let kinds: Vec<String> = s
        .kinds
        .iter()
        .map(|k| format!("{} {}", k.records, k.kind))
        .collect();
    p.data(&format!("  kinds:   {}", kinds.join(", ")))?;
    let mut formats: std::collections::BTreeMap<&str, (u64, u64)> = Default::default();
    for src in &s.per_source {
        let e = formats.entry(src.format.as_str()).or_default();
        e.0 += 1;
        e.1 += src.records;
    }
    let formats: Vec<String> = formats
        .iter()
        .map(|(f, (files, recs))| format!("{f} {recs} ({files} files)"))
        .collect();
    p.data(&format!("  formats: {}", formats.join(", ")))?;
    Ok(())
}

/// How the demo case compares with the world's truth.
#[derive(Debug, serde::Serialize)]
struct Check {
    records_stored: u64,
    records_expected: u64,
    planted: usize,
    planted_found: usize,
    unplanted_found: usize,
    missed_by_kind: Vec<(String, usize)>,
    top_selector: Option<String>,
    operations_found: usize,
    operations_expected: u64,
    bcubed_precision: f64,
    bcubed_recall: f64,
    bcubed_f1: f64,
    top_operation: Option<String>,
    why_pair: Option<(String, String)>,
}

fn check_against_truth(case_path: &Path, out: &Path, m: &Manifest) -> anyhow::Result<Check> {
    let case = open(case_path, OpenMode::MustExist)?;
    let stored = case.stats()?.records;
    let found: Vec<_> = case.selectors(None, usize::MAX)?;
    let found_set: BTreeSet<(String, String)> = found
        .iter()
        .map(|s| (s.kind.clone(), s.value.clone()))
        .collect();
    let planted = planted_selectors(&out.join("truth/records.jsonl"))?;
    let planted_found = planted.iter().filter(|k| found_set.contains(*k)).count();
    let mut missed: std::collections::BTreeMap<String, usize> = Default::default();
    for (kind, value) in &planted {
        if !found_set.contains(&(kind.clone(), value.clone())) {
            *missed.entry(kind.clone()).or_default() += 1;
        }
    }
    let unplanted_found = found_set.iter().filter(|k| !planted.contains(*k)).count();
    // A selector worth a look: the most-mentioned one of an operation's kinds.
    let top_selector = found
        .iter()
        .find(|s| s.kind == "tron")
        .or_else(|| found.iter().find(|s| s.kind == "telegram"))
        .map(|s| s.value.clone());
    // The stored linking (ingest linked the case) against the truth, record by record.
    let truth = millwatch_synth::TruthIndex::load(out)?;
    let corpus = format!("{}/", out.join("corpus").display());
    let mut op_index: std::collections::HashMap<String, u32> = Default::default();
    let (mut predicted, mut labels) = (Vec::new(), Vec::new());
    for r in case.graph_records()? {
        let rel = r.path.strip_prefix(&corpus).unwrap_or(&r.path);
        let Some(op) = truth.operation(
            rel,
            r.external_id.as_deref(),
            r.message_id.as_deref(),
            r.line,
        ) else {
            continue;
        };
        // A record outside every operation is its own.
        let label = case
            .operation_of(r.id)?
            .unwrap_or_else(|| format!("record-{}", r.id));
        let next = op_index.len() as u32;
        predicted.push(*op_index.entry(label).or_insert(next));
        labels.push(op);
    }
    let b = millwatch_link::score::bcubed(&predicted, &labels);
    let multi = case.operations(2, usize::MAX)?;
    let why_pair = multi.first().and_then(|o| {
        (o.records.len() >= 2)
            .then(|| (o.records[0].clone(), o.records[o.records.len() - 1].clone()))
    });
    Ok(Check {
        operations_found: multi.len(),
        operations_expected: m.operations,
        bcubed_precision: b.precision,
        bcubed_recall: b.recall,
        bcubed_f1: b.f1,
        top_operation: multi.first().map(|o| o.id.clone()),
        why_pair,
        records_stored: stored,
        records_expected: m.records,
        planted: planted.len(),
        planted_found,
        unplanted_found,
        missed_by_kind: missed.into_iter().collect(),
        top_selector,
    })
}

/// The distinct `(kind, value)` pairs planted in the world's records.
fn planted_selectors(path: &Path) -> anyhow::Result<BTreeSet<(String, String)>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut out = BTreeSet::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        let v: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))?;
        for s in v["selectors"].as_array().into_iter().flatten() {
            if let (Some(k), Some(val)) = (s["kind"].as_str(), s["value"].as_str()) {
                out.insert((k.to_owned(), val.to_owned()));
            }
        }
    }
    Ok(out)
}
