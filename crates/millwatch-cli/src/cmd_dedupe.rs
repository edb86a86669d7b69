//! `dedupe`: rows of a sheet that describe the same entity, with explained scores. No case.

use anyhow::Context as _;
use millwatch_dedupe::{Config, FieldType, Table};
use serde_json::json;

use crate::Outcome;
use crate::args::DedupeArgs;
use crate::printer::Printer;

pub fn dedupe(a: &DedupeArgs, p: &mut Printer) -> anyhow::Result<Outcome> {
    let started = std::time::Instant::now();
    let mut map = Vec::with_capacity(a.map.len());
    for (col, ty) in &a.map {
        let t = FieldType::parse(ty).with_context(|| {
            let names: Vec<&str> = FieldType::ALL.iter().map(|(n, _)| *n).collect();
            format!(
                "--map {col}={ty}: unknown type (one of {})",
                names.join(", ")
            )
        })?;
        map.push((col.clone(), t));
    }
    let mut table = Table::new(&map);
    for path in &a.files {
        let file =
            std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        table.add_csv(&path.display().to_string(), std::io::BufReader::new(file))?;
    }
    for (col, _) in &map {
        let norm = millwatch_model::normalize_field_name(col);
        if !table
            .columns
            .iter()
            .any(|c| millwatch_model::normalize_field_name(&c.name) == norm)
        {
            anyhow::bail!("--map {col}=…: no such column");
        }
    }
    for bad in &table.bad_rows {
        p.warn(&format!(
            "{}:{}: row skipped: {}",
            bad.file, bad.line, bad.reason
        ));
    }
    let cfg = Config {
        threshold: a.threshold,
        max_block: a.max_block,
        link_only: a.files.len() == 2,
        ..Config::default()
    };
    let result = millwatch_dedupe::dedupe(&table, &cfg)?;
    let secs = started.elapsed().as_secs_f64();
    let id = |i: usize| table.rows.get(i).map_or("?", |r| r.id.as_str());
    let compared: Vec<(usize, &str)> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.field.is_compared())
        .map(|(i, c)| (i, c.name.as_str()))
        .collect();

    for (k, c) in result.clusters.iter().enumerate() {
        if p.json {
            let rows: Vec<JsonRow<'_>> = c
                .rows
                .iter()
                .filter_map(|&r| table.rows.get(r))
                .map(|r| JsonRow {
                    id: &r.id,
                    file: table.files.get(r.source as usize).map(String::as_str),
                    line: r.line,
                })
                .collect();
            let pairs: Vec<JsonPair<'_>> = c
                .pairs
                .iter()
                .map(|s| JsonPair {
                    a: id(s.a),
                    b: id(s.b),
                    probability: s.probability,
                    weight: s.weight,
                    prior: s.prior,
                    fields: &s.fields,
                })
                .collect();
            p.json_line(&JsonCluster {
                kind: "cluster",
                cluster: k + 1,
                size: c.rows.len(),
                rows,
                pairs,
            })?;
            continue;
        }
        p.data(&p.bold(&format!("cluster {}  ({} rows)", k + 1, c.rows.len())))?;
        for &r in &c.rows {
            let Some(row) = table.rows.get(r) else {
                continue;
            };
            let vals: Vec<&str> = compared
                .iter()
                .filter_map(|&(i, _)| row.values.get(i).map(|v| v.trim()))
                .filter(|v| !v.is_empty())
                .collect();
            p.data(&format!("  {:<16} {}", row.id, vals.join(" | ")))?;
        }
        for s in &c.pairs {
            let parts: Vec<String> = s
                .fields
                .iter()
                .filter(|f| f.level != "missing")
                .map(|f| format!("{} {} {:+.1}", f.column, f.level, f.weight))
                .collect();
            p.data(&format!(
                "    {} ~ {}  p={:.4} weight {:+.1} (prior {:+.1}): {}",
                id(s.a),
                id(s.b),
                s.probability,
                s.weight,
                s.prior,
                parts.join(", ")
            ))?;
        }
    }
    let st = &result.stats;
    if p.json {
        let columns: Vec<_> = table
            .columns
            .iter()
            .map(|c| json!({"column": c.name, "type": c.field.name(), "automatic": c.automatic}))
            .collect();
        p.json_line(&json!({
            "type": "summary", "rows": st.rows, "bad_rows": table.bad_rows,
            "candidate_pairs": st.candidate_pairs, "skipped_blocks": st.skipped_blocks,
            "matched_pairs": st.matched_pairs, "clusters": st.clusters,
            "clustered_rows": st.clustered_rows, "lambda": st.lambda,
            "em_iterations": st.em_iterations, "columns": columns,
            "model": result.model, "seconds": secs,
        }))?;
    } else {
        let used: Vec<String> = compared
            .iter()
            .map(|&(i, n)| format!("{n}={}", table.columns[i].field.name()))
            .collect();
        p.note(&format!("compared: {}", used.join(", ")));
        p.note(&format!(
            "{} rows, {} candidate pairs, {} matched pairs, {} clusters holding {} rows ({:.2}s)",
            st.rows, st.candidate_pairs, st.matched_pairs, st.clusters, st.clustered_rows, secs
        ));
    }
    if !table.bad_rows.is_empty() || result.clusters.is_empty() {
        return Ok(Outcome::Partial);
    }
    Ok(Outcome::Ok)
}

/// One cluster line of `dedupe --json`.
#[derive(serde::Serialize)]
struct JsonCluster<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    cluster: usize,
    size: usize,
    rows: Vec<JsonRow<'a>>,
    pairs: Vec<JsonPair<'a>>,
}

#[derive(serde::Serialize)]
struct JsonRow<'a> {
    id: &'a str,
    file: Option<&'a str>,
    line: u64,
}

#[derive(serde::Serialize)]
struct JsonPair<'a> {
    a: &'a str,
    b: &'a str,
    probability: f64,
    weight: f64,
    prior: f64,
    fields: &'a [millwatch_dedupe::FieldScore],
}
