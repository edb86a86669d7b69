//! One function per subcommand: call the libraries, render the result.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use millwatch_pipeline::{FileOutcome, FileReport, IngestOptions, IngestReport, Observer};
use millwatch_store::{Case, OpenMode};
use serde_json::json;

use crate::Outcome;
use crate::args::{Cli, Command, DiagnosticsArgs, IngestArgs, SearchArgs, ShowArgs};
use crate::printer::Printer;

/// Runs the chosen command.
pub fn run(cli: &Cli, p: &mut Printer) -> anyhow::Result<Outcome> {
    let case_path = || {
        cli.global
            .case
            .clone()
            .unwrap_or_else(|| PathBuf::from("millwatch.db"))
    };
    match &cli.command {
        Command::Ingest(a) => ingest(&case_path(), a, p),
        Command::Stats => stats(&case_path(), p),
        Command::Search(a) => search(&case_path(), a, p),
        Command::Show(a) => show(&case_path(), a, p),
        Command::Diagnostics(a) => diagnostics(&case_path(), a, p),
        Command::Demo(a) => crate::cmd_demo::demo(cli.global.case.clone(), a, p),
        Command::Generate(a) => crate::cmd_demo::generate(a, p),
        Command::Extract(a) => crate::cmd_extract::extract(a, p),
        Command::Selectors(a) => crate::cmd_extract::selectors(&case_path(), a, p),
        Command::Selector(a) => crate::cmd_extract::selector(&case_path(), a, p),
        Command::Link => crate::cmd_link::link(&case_path(), p),
        Command::Operations(a) => crate::cmd_link::operations(&case_path(), a, p),
        Command::Operation(a) => crate::cmd_link::operation(&case_path(), a, p),
        Command::Why(a) => crate::cmd_link::why(&case_path(), a, p),
        Command::Report(a) => crate::cmd_report::report(&case_path(), a, p),
        Command::Serve(a) => crate::cmd_serve::serve(&case_path(), a, p),
        Command::Dedupe(a) => crate::cmd_dedupe::dedupe(a, p),
    }
}

pub fn open(path: &Path, mode: OpenMode) -> anyhow::Result<Case> {
    Case::open(path, mode).with_context(|| format!("opening case {}", path.display()))
}

/// Progress on stderr while ingesting, only on a terminal.
struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new(p: &Printer) -> Self {
        let bar = p.progress_allowed().then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} ingesting [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar
        });
        Progress { bar }
    }
}

impl Observer for Progress {
    fn planned(&self, files: usize, total_bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total_bytes);
            bar.set_message(format!("{files} files"));
        }
    }

    fn advanced(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }
}

pub fn ingest(case_path: &Path, a: &IngestArgs, p: &mut Printer) -> anyhow::Result<Outcome> {
    let mut case = open(case_path, OpenMode::CreateIfMissing)?;
    let opts = IngestOptions {
        parse: millwatch_ingest::Options {
            map: a.map.clone(),
            kind: a.kind,
            ..Default::default()
        },
        threads: a.threads,
        extractor: Some(std::sync::Arc::new(crate::cmd_extract::extractor(
            a.region.as_deref(),
            None,
        )?)),
    };
    let progress = Progress::new(p);
    let started = std::time::Instant::now();
    let report = millwatch_pipeline::ingest(&mut case, &a.paths, &opts, &progress)?;
    if let Some(bar) = &progress.bar {
        bar.finish_and_clear();
    }
    render_ingest(&report, started.elapsed(), p)?;
    if !a.no_link {
        drop(case);
        crate::cmd_link::link(case_path, p)?;
    }
    Ok(if report.anything_skipped() {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

fn outcome_json(f: &FileReport) -> serde_json::Value {
    match &f.outcome {
        FileOutcome::Ingested(id) => json!({"outcome": "ingested", "source": id.0}),
        FileOutcome::Unchanged(id) => json!({"outcome": "unchanged", "source": id.0}),
        FileOutcome::Duplicate(of) => {
            json!({"outcome": "duplicate", "same_as": of.display().to_string()})
        }
        FileOutcome::Skipped(reason) => json!({"outcome": "skipped", "reason": reason}),
        FileOutcome::Ignored(reason) => json!({"outcome": "ignored", "reason": reason}),
    }
}

fn render_ingest(
    report: &IngestReport,
    elapsed: std::time::Duration,
    p: &mut Printer,
) -> anyhow::Result<()> {
    let bytes: u64 = report
        .files
        .iter()
        .filter(|f| matches!(f.outcome, FileOutcome::Ingested(_)))
        .map(|f| f.size)
        .sum();
    let count =
        |pred: fn(&FileOutcome) -> bool| report.files.iter().filter(|f| pred(&f.outcome)).count();
    let ingested = count(|o| matches!(o, FileOutcome::Ingested(_)));
    let unchanged = count(|o| matches!(o, FileOutcome::Unchanged(_) | FileOutcome::Duplicate(_)));
    let ignored = count(|o| matches!(o, FileOutcome::Ignored(_)));
    if p.json {
        for f in &report.files {
            let mut v = outcome_json(f);
            v["type"] = json!("file");
            v["path"] = json!(f.path.display().to_string());
            v["format"] = json!(f.format.map(|x| x.as_str()));
            v["records"] = json!(f.records);
            v["skipped"] = json!(f.skipped);
            v["warnings"] = json!(f.warnings);
            v["diagnostics"] = json!(f.diagnostics);
            p.json_line(&v)?;
        }
        p.json_line(&json!({
            "type": "summary",
            "files": report.files.len(),
            "ingested": ingested,
            "unchanged": unchanged,
            "ignored": ignored,
            "skipped_files": report.skipped_files(),
            "records": report.records(),
            "skipped": report.skipped_items(),
            "warnings": report.warnings(),
            "bytes": bytes,
            "seconds": elapsed.as_secs_f64(),
            "purged_interrupted": report.purged,
        }))?;
        return Ok(());
    }
    for f in &report.files {
        let path = f.path.display();
        match &f.outcome {
            FileOutcome::Skipped(reason) => p.warn(&format!("{path}: skipped: {reason}")),
            FileOutcome::Ignored(reason) => {
                tracing::info!("{path}: ignored: {reason}");
            }
            _ => {}
        }
        for d in &f.diagnostics {
            let what = match d.severity {
                millwatch_model::Severity::Skipped => "skipped",
                millwatch_model::Severity::Warning => "warning",
            };
            p.warn(&format!("{path}: {}: {what}: {}", d.place, d.reason));
        }
        let hidden = (f.skipped + f.warnings).saturating_sub(f.diagnostics.len() as u64);
        if hidden > 0 {
            p.warn(&format!(
                "{path}: {hidden} more diagnostics (see `millwatch diagnostics`)"
            ));
        }
    }
    if report.purged > 0 {
        p.note(&format!(
            "cleaned up {} interrupted ingest(s) from an earlier run",
            report.purged
        ));
    }
    let secs = elapsed.as_secs_f64().max(1e-9);
    p.note(&format!(
        "{} records from {ingested} new files ({:.1} MB in {:.1}s, {:.1} MB/s); {unchanged} unchanged, {ignored} ignored, {} files skipped, {} items skipped, {} warnings",
        report.records(),
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs,
        report.skipped_files(),
        report.skipped_items(),
        report.warnings(),
    ));
    Ok(())
}

pub fn stats(case_path: &Path, p: &mut Printer) -> anyhow::Result<Outcome> {
    let case = open(case_path, OpenMode::MustExist)?;
    let s = case.stats()?;
    if p.json {
        p.json_line(&s)?;
        return Ok(Outcome::Ok);
    }
    p.data(&format!(
        "{} records in {} sources ({} items skipped, {} warnings)",
        s.records, s.sources, s.skipped, s.warnings
    ))?;
    p.data("")?;
    p.data(&p.bold("records by kind"))?;
    for k in &s.kinds {
        p.data(&format!("  {:>9}  {}", k.records, k.kind))?;
    }
    p.data("")?;
    p.data(&p.bold("records by source"))?;
    for src in &s.per_source {
        let skipped = if src.skipped > 0 {
            format!("  ({} skipped)", src.skipped)
        } else {
            String::new()
        };
        p.data(&format!(
            "  {:>9}  {}  [{}]{skipped}",
            src.records, src.path, src.format
        ))?;
    }
    if s.incomplete_sources > 0 {
        p.warn(&format!(
            "{} interrupted ingest(s) are not counted; run the same ingest again to complete them",
            s.incomplete_sources
        ));
    }
    Ok(Outcome::Ok)
}

pub fn search(case_path: &Path, a: &SearchArgs, p: &mut Printer) -> anyhow::Result<Outcome> {
    let case = open(case_path, OpenMode::MustExist)?;
    let query = a.query.join(" ");
    let hits = case.search(&query, a.limit, a.offset)?;
    for h in &hits {
        if p.json {
            p.json_line(h)?;
            continue;
        }
        let ext = h
            .external_id
            .as_deref()
            .map(|e| format!(" id={e}"))
            .unwrap_or_default();
        let line = h.place.line.map(|l| format!(":{l}")).unwrap_or_default();
        let msg = h
            .place
            .message_id
            .as_deref()
            .map(|m| format!(" message {m}"))
            .unwrap_or_default();
        p.data(&format!(
            "{} {}{ext}  {}{line}{msg}",
            p.bold(&format!("#{}", h.record)),
            h.kind,
            h.path
        ))?;
        p.data(&format!("    {}", p.highlight(&h.snippet, &h.highlights)))?;
    }
    if hits.is_empty() {
        p.note(&format!("no records match {query:?}"));
        return Ok(Outcome::Partial);
    }
    if !p.json && hits.len() == a.limit {
        p.note(&format!(
            "showing {} hits; more with --offset {}",
            hits.len(),
            a.offset + a.limit
        ));
    }
    Ok(Outcome::Ok)
}

pub fn show(case_path: &Path, a: &ShowArgs, p: &mut Printer) -> anyhow::Result<Outcome> {
    let case = open(case_path, OpenMode::MustExist)?;
    let r = case.record(&a.id)?;
    let found = case.mentions_in(r.id)?;
    let operation = case.operation_of(r.id)?;
    if p.json {
        let mut v = serde_json::to_value(&r)?;
        v["operation"] = json!(operation);
        v["selectors"] = json!(
            found
                .iter()
                .map(|m| json!({
                    "kind": m.kind, "value": m.value, "raw": m.raw, "field": m.field,
                    "start": m.start, "end": m.end, "rule": m.rule,
                }))
                .collect::<Vec<_>>()
        );
        p.json_line(&v)?;
        return Ok(Outcome::Ok);
    }
    p.data(&p.bold(&format!("record #{} — {}", r.id, r.kind)))?;
    if let Some(e) = &r.external_id {
        p.data(&format!("external id: {e}"))?;
    }
    if let Some(t) = &r.time {
        p.data(&format!("time:        {t}"))?;
    }
    if let Some(t) = &r.title {
        p.data(&format!("title:       {t}"))?;
    }
    p.data(&format!(
        "source:      {} ({})",
        r.source.path, r.source.format
    ))?;
    p.data(&format!("place:       {}", r.place))?;
    if let Some(op) = &operation {
        p.data(&format!("operation:   {op}"))?;
    }
    p.data(&format!("sha256:      {}", r.source.sha256))?;
    if let Some(enc) = &r.source.encoding {
        let method = r.source.decode_method.as_deref().unwrap_or("?");
        let errs = if r.source.decode_errors {
            ", with replaced bytes"
        } else {
            ""
        };
        p.data(&format!("decoded as:  {enc} ({method}{errs})"))?;
    }
    for other in &r.source.also_seen_at {
        p.data(&format!("also at:     {other}"))?;
    }
    if !r.fields.is_empty() {
        p.data("")?;
        p.data(&p.bold("fields"))?;
        for f in &r.fields {
            p.data(&format!("  {}: {}", f.name, f.value))?;
        }
    }
    p.data("")?;
    p.data(&p.bold("text"))?;
    for line in r.text.lines() {
        p.data(&format!("  {line}"))?;
    }
    if !found.is_empty() {
        p.data("")?;
        p.data(&p.bold("selectors"))?;
        for m in &found {
            let at = m
                .field
                .as_deref()
                .map_or_else(|| "text".to_owned(), |f| format!("field {f}"));
            p.data(&format!(
                "  {:<10} {}  (as {:?} in {at} {}..{}, {})",
                m.kind, m.value, m.raw, m.start, m.end, m.rule
            ))?;
        }
    }
    Ok(Outcome::Ok)
}

pub fn diagnostics(
    case_path: &Path,
    a: &DiagnosticsArgs,
    p: &mut Printer,
) -> anyhow::Result<Outcome> {
    let case = open(case_path, OpenMode::MustExist)?;
    let rows = case.diagnostics(a.limit)?;
    for d in &rows {
        if p.json {
            p.json_line(d)?;
        } else {
            p.data(&format!(
                "{}: {}: {}: {}",
                d.path, d.place, d.severity, d.reason
            ))?;
        }
    }
    Ok(if rows.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Partial
    })
}
