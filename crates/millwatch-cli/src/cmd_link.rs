//! Linking commands: `link`, `operations`, `operation`, `why`.

use std::path::Path;

use millwatch_link::Params;
use millwatch_store::OpenMode;
use serde_json::json;

use crate::Outcome;
use crate::args::{OperationArgs, OperationsArgs, WhyArgs};
use crate::commands::open;
use crate::printer::Printer;

/// Links the case and says what was found (also run at the end of `ingest`).
pub fn link(case_path: &Path, p: &mut Printer) -> anyhow::Result<Outcome> {
    let mut case = open(case_path, OpenMode::MustExist)?;
    let started = std::time::Instant::now();
    let r = millwatch_pipeline::link_and_store(&mut case, &Params::default())?;
    let secs = started.elapsed().as_secs_f64();
    if p.json {
        p.json_line(&json!({
            "type": "link", "records": r.records, "operations": r.operations,
            "linked_records": r.linked_records, "hubs": r.hubs, "links": r.links,
            "seconds": secs,
        }))?;
    } else {
        p.note(&format!(
            "linked {} records: {} operations of two or more records hold {}; {} hubs set aside; {} links between operations ({:.2}s)",
            r.records, r.operations, r.linked_records, r.hubs, r.links, secs
        ));
    }
    Ok(Outcome::Ok)
}

pub fn operations(
    case_path: &Path,
    a: &OperationsArgs,
    p: &mut Printer,
) -> anyhow::Result<Outcome> {
    let case = open(case_path, OpenMode::MustExist)?;
    let ops = case.operations(a.min_size, a.limit)?;
    if ops.is_empty() {
        p.note("no operations (run `millwatch link` after ingesting)");
        return Ok(Outcome::Partial);
    }
    for o in &ops {
        if p.json {
            p.json_line(o)?;
            continue;
        }
        let span = match (&o.first_seen, &o.last_seen) {
            (Some(a), Some(b)) => format!("  {} … {}", day(a), day(b)),
            _ => String::new(),
        };
        let tops: Vec<String> = o
            .top_selectors
            .iter()
            .take(4)
            .map(|s| format!("{}:{} ({})", s.kind, s.value, s.records))
            .collect();
        p.data(&format!("{}  {:>5} records{span}", p.bold(&o.id), o.size))?;
        if !tops.is_empty() {
            p.data(&format!("    {}", tops.join("  ")))?;
        }
    }
    Ok(Outcome::Ok)
}

fn day(t: &str) -> &str {
    t.get(..10).unwrap_or(t)
}

pub fn operation(case_path: &Path, a: &OperationArgs, p: &mut Printer) -> anyhow::Result<Outcome> {
    let case = open(case_path, OpenMode::MustExist)?;
    let o = case.operation(&a.id)?;
    if p.json {
        p.json_line(&o)?;
        return Ok(Outcome::Ok);
    }
    let s = &o.summary;
    p.data(&p.bold(&format!("{} — {} records", s.id, s.size)))?;
    if let (Some(a), Some(b)) = (&s.first_seen, &s.last_seen) {
        p.data(&format!("seen {} … {}", day(a), day(b)))?;
    }
    p.data("")?;
    p.data(&p.bold("selectors (members that mention each)"))?;
    for sel in o.selectors.iter().take(a.selectors) {
        p.data(&format!(
            "  {:>5}  {:<10} {}",
            sel.records, sel.kind, sel.value
        ))?;
    }
    if o.selectors.len() > a.selectors {
        p.data(&format!("  … {} more", o.selectors.len() - a.selectors))?;
    }
    if !o.hubs.is_empty() {
        p.data("")?;
        p.data(&p.bold("hubs its records mention (not used to link)"))?;
        for h in &o.hubs {
            let why = if h.known {
                "a platform everyone uses".to_owned()
            } else {
                format!(
                    "in {} records across {} separate groups, {} different names",
                    h.records, h.groups, h.names
                )
            };
            p.data(&format!("  {:<10} {}  — {why}", h.kind, h.value))?;
        }
    }
    if !o.links.is_empty() {
        p.data("")?;
        p.data(&p.bold("linked operations (not merged)"))?;
        for l in &o.links {
            let via = match (&l.kind, &l.value) {
                (Some(k), Some(v)) => format!(" via {k}:{v}"),
                _ => String::new(),
            };
            p.data(&format!(
                "  {}  {}{via}",
                l.operation,
                l.reason.replace('_', " ")
            ))?;
        }
    }
    if !o.name_joins.is_empty() {
        p.data("")?;
        p.data(&p.bold("records joined by a platform name alone (no selector shared)"))?;
        for j in &o.name_joins {
            p.data(&format!("  #{}  {}", j.record, j.reason()))?;
        }
    }
    p.data("")?;
    p.data(&p.bold("records"))?;
    for m in &o.members {
        let ext = m
            .external_id
            .as_deref()
            .map(|e| format!(" id={e}"))
            .unwrap_or_default();
        let t = m
            .time
            .as_deref()
            .map(|t| format!(" {}", day(t)))
            .unwrap_or_default();
        p.data(&format!("  #{} {}{ext}{t}  {}", m.record, m.kind, m.path))?;
    }
    Ok(Outcome::Ok)
}

pub fn why(case_path: &Path, a: &WhyArgs, p: &mut Printer) -> anyhow::Result<Outcome> {
    let case = open(case_path, OpenMode::MustExist)?;
    let ra = case.record(&a.a)?.id;
    let rb = case.record(&a.b)?.id;
    let Some(chain) = millwatch_pipeline::why(&case, ra, rb)? else {
        p.note(&format!(
            "no chain of shared selectors links {} and {} (hubs and victims' own contacts are not used)",
            a.a, a.b
        ));
        return Ok(Outcome::Partial);
    };
    let mut steps = Vec::new();
    for (i, step) in chain.iter().enumerate() {
        let record = case.record(&step.record.0.to_string())?;
        let next = chain.get(i + 1);
        // The evidence: where this record and the next mention the shared selector.
        let mut evidence = Vec::new();
        if let Some((kind, value)) = &step.via {
            for m in case.mentions_of(Some(kind), value, 10_000)? {
                if m.record == step.record || next.is_some_and(|n| n.record == m.record) {
                    evidence.push(m);
                }
            }
        }
        // A platform-name step: how the two records write it, and the stored join of
        // whichever of them the linker attached by that name.
        let mut joined = None;
        if let (Some((kind, key)), Some(n)) = (&step.via, next)
            && kind == "platform_name"
        {
            for r in [step.record, n.record] {
                if let Some(j) = case.name_join(r)?.filter(|j| &j.name == key) {
                    joined = Some(j);
                    break;
                }
            }
        }
        if p.json {
            steps.push(json!({
                "record": step.record, "external_id": record.external_id, "kind": record.kind,
                "path": record.source.path, "place": record.place,
                "via": step.via.as_ref().map(|(k, v)| json!({"kind": k, "value": v})),
                "written": step.written.as_ref().map(|(a, b)| json!({"this": a, "next": b})),
                "name_join": joined,
                "evidence": evidence,
            }));
            continue;
        }
        let ext = record
            .external_id
            .as_deref()
            .map(|e| format!(" id={e}"))
            .unwrap_or_default();
        p.data(&format!(
            "{} {}{ext}  {} {}",
            p.bold(&format!("#{}", step.record)),
            record.kind,
            record.source.path,
            record.place
        ))?;
        if let (Some((a, b)), Some(n)) = (&step.written, next) {
            p.data(&format!(
                "  └─ gives the platform name \"{a}\", as #{} does (\"{b}\")",
                n.record
            ))?;
            if let Some(j) = &joined {
                p.data(&format!(
                    "       #{} joined {} by this name: {}",
                    j.record,
                    j.operation,
                    j.reason()
                ))?;
            }
        } else if let Some((kind, value)) = &step.via {
            p.data(&format!("  └─ shares {kind}:{value}"))?;
            for m in &evidence {
                p.data(&format!(
                    "       #{} {}: {}",
                    m.record,
                    m.field.as_deref().unwrap_or("text"),
                    p.highlight(&m.excerpt, &[m.highlight])
                ))?;
            }
        }
    }
    if p.json {
        p.json_line(&json!({"a": a.a, "b": a.b, "steps": steps}))?;
    }
    Ok(Outcome::Ok)
}
