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
        Command::Demo(a) => crate::commands::demo(cli.global.case.clone(), a, p),
    }
}

fn open(path: &Path, mode: OpenMode) -> anyhow::Result<Case> {
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
    };
    let progress = Progress::new(p);
    let started = std::time::Instant::now();
    let report = millwatch_pipeline::ingest(&mut case, &a.paths, &opts, &progress)?;
    if let Some(bar) = &progress.bar {
        bar.finish_and_clear();
    }
    render_ingest(&report, started.elapsed(), p)?;
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
    if p.json {
        p.json_line(&r)?;
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

/// Small built-in sample files, in several formats and languages, used by `demo` until the
/// synthetic world generator (`millwatch-synth`) is wired in.
const DEMO_FILES: &[(&str, &str)] = &[
    (
        "intake/reports_en.csv",
        "id,date,country,name,phone,wallet,narrative\n\
         VR-001,2024-03-05,US,J. Doe,+1 415 555 0134,TQ7n7XvVZgQe7cLhAyQj5bW4dRXsQ4yE1h,\"I met Anna Chen on a dating app. She introduced me to the Bitget Pro Global platform at hxxps://bitget-pro[.]icu and I sent 12,000 USDT.\"\n\
         VR-002,2024-03-19,GB,,,TQ7n7XvVZgQe7cLhAyQj5bW4dRXsQ4yE1h,\"A 'recovery agent' on Telegram @asset_recovery_desk promised to get my USDT back from BITGET-PRO for a fee.\"\n",
    ),
    (
        "intake/reports_zh.csv",
        "编号,日期,国家,描述\n\
         ZH-001,2024年4月2日,CN,我在网上认识了一个叫陈安娜的人，她让我在投资平台上充值USDT，后来平台无法提现，客服让我再交保证金。微信号 anna_88。\n",
    ),
    (
        "intake/reports_th.jsonl",
        "{\"id\":\"TH-001\",\"date\":\"2024-05-01\",\"country\":\"TH\",\"narrative\":\"ฉันได้รับข้อความจากคนที่อ้างว่าเป็นนักลงทุน ให้โอนเงินเข้าแพลตฟอร์มเทรดคริปโต แล้วถอนเงินไม่ได้ ติดต่อผ่านไลน์ ID: bitgetpro_th\"}\n\
         {\"id\":\"ID-001\",\"date\":\"2024-05-03\",\"country\":\"ID\",\"narrative\":\"Saya ditawari pekerjaan customer service di Kamboja dengan gaji tinggi, tiket dan visa ditanggung, tetapi paspor saya disita di Sihanoukville.\"}\n",
    ),
    (
        "sos/brother_myawaddy.md",
        "# SOS: my brother is held in Myawaddy\n\nHe answered a job ad for a 'customer service' post in Bangkok paying 1,500 USD a month. \
         He was driven across the border to a compound near KK Park. His last message came from +95 9 765 432 109.\n",
    ),
    (
        "mail/recruiter.eml",
        "From: HR Team <jobs@global-career-hub.top>\r\nTo: applicant@example.org\r\nSubject: =?UTF-8?B?5oub6IGY77ya5a6i5pyN5LiT5ZGY?= (Customer Service, Cambodia)\r\n\
         Date: Tue, 07 May 2024 09:12:00 +0700\r\nMessage-ID: <offer-2024-0507@global-career-hub.top>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nSalary 3000 USD, no experience needed, flight and visa paid.\r\nContact us on Telegram: t.me/career_hub_hr\r\n",
    ),
    (
        "web/bitget-pro.html",
        "<!-- saved from url=(0026)https://bitget-pro.icu/app -->\n<html><head><title>Bitget Pro Global - Trade USDT</title>\
         <script>track()</script></head><body><h1>Bitget Pro Global</h1><p>Guaranteed 3% daily returns.</p>\
         <a href=\"https://t.me/bitgetpro_support\">Support</a></body></html>\n",
    ),
];

pub fn demo(
    case: Option<PathBuf>,
    a: &crate::args::DemoArgs,
    p: &mut Printer,
) -> anyhow::Result<Outcome> {
    let case_path = case.unwrap_or_else(|| a.out.join("millwatch.db"));
    let files = a.out.join("files");
    for (rel, content) in DEMO_FILES {
        let path = files.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, content).with_context(|| format!("writing {}", path.display()))?;
    }
    p.note(&format!(
        "wrote {} sample files to {}",
        DEMO_FILES.len(),
        files.display()
    ));
    let args = IngestArgs {
        paths: vec![files],
        map: Vec::new(),
        kind: None,
        threads: 0,
    };
    let outcome = ingest(&case_path, &args, p)?;
    if !p.json {
        stats(&case_path, p)?;
        let case = case_path.display();
        p.note("");
        p.note("next, try:");
        p.note(&format!("  millwatch --case {case} search 投资平台"));
        p.note(&format!("  millwatch --case {case} search bitget"));
        p.note(&format!("  millwatch --case {case} search เงิน"));
        p.note(&format!("  millwatch --case {case} show VR-002"));
    }
    Ok(outcome)
}
