//! `report`: a self-contained HTML file of one operation or of all of them.

use std::path::Path;

use anyhow::Context as _;
use millwatch_report::{OperationReport, Profile};
use millwatch_store::{Case, OpenMode};

use crate::Outcome;
use crate::args::ReportArgs;
use crate::commands::open;
use crate::printer::Printer;

/// The operations a report covers, with the mentions in their records.
fn gather(case: &Case, labels: &[String]) -> anyhow::Result<Vec<OperationReport>> {
    let mut out = Vec::with_capacity(labels.len());
    for label in labels {
        let view = case.operation(label)?;
        let mut mentions = Vec::new();
        let mut profile = Profile::default();
        for m in &view.members {
            mentions.extend(case.mentions_in(m.record)?);
            let record = case.record(&m.record.0.to_string())?;
            let country = record
                .fields
                .iter()
                .find(|f| f.name == millwatch_model::field::COUNTRY)
                .map(|f| f.value.as_str());
            let text = match &record.title {
                Some(t) if record.text.is_empty() => t.as_str(),
                _ => record.text.as_str(),
            };
            profile.add(text, country);
        }
        out.push(OperationReport {
            view,
            mentions,
            profile,
        });
    }
    Ok(out)
}

pub fn report(case_path: &Path, a: &ReportArgs, p: &mut Printer) -> anyhow::Result<Outcome> {
    let case = open(case_path, OpenMode::MustExist)?;
    let labels: Vec<String> = match (&a.operation, a.all) {
        (Some(id), _) => vec![id.clone()],
        (None, true) => case
            .operations(a.min_size, a.limit)?
            .into_iter()
            .map(|o| o.id)
            .collect(),
        (None, false) => anyhow::bail!("name an operation, or --all (see `millwatch operations`)"),
    };
    if labels.is_empty() {
        p.note("no operations to report (run `millwatch link` after ingesting)");
        return Ok(Outcome::Partial);
    }
    let ops = gather(&case, &labels)?;
    let title = match &a.operation {
        Some(id) => format!("millwatch report: {id}"),
        None => format!("millwatch report: {}", case_path.display()),
    };
    let html = millwatch_report::render(&title, &today(), &ops);
    std::fs::write(&a.output, html).with_context(|| format!("writing {}", a.output.display()))?;
    if p.json {
        p.json_line(&serde_json::json!({
            "report": a.output.display().to_string(),
            "operations": labels.len(),
        }))?;
    } else {
        p.note(&format!(
            "wrote {} ({} operations); it is one self-contained file that makes no requests",
            a.output.display(),
            labels.len()
        ));
    }
    Ok(Outcome::Ok)
}

/// Today's date (UTC) as `YYYY-MM-DD`, from the system clock.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    millwatch_model::RecordTime::from_unix(i64::try_from(secs).unwrap_or(0))
        .map(|t| t.as_str().get(..10).unwrap_or("").to_owned())
        .unwrap_or_default()
}
