//! Selector commands: `extract` (any text, no case needed), `selectors` and `selector`
//! (what a case holds).

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use millwatch_extract::{Config, Extractor, KindSet, Match, ScanContext};
use millwatch_ingest::decode::TextReader;
use millwatch_store::OpenMode;
use serde_json::json;

use crate::Outcome;
use crate::args::{ExtractArgs, SelectorArgs, SelectorsArgs};
use crate::commands::open;
use crate::printer::Printer;

/// Builds the extractor the flags ask for.
pub fn extractor(region: Option<&str>, kinds: Option<&str>) -> anyhow::Result<Extractor> {
    let kinds = match kinds {
        Some(k) => k
            .parse::<KindSet>()
            .map_err(|e| anyhow::anyhow!("--kinds: {e}"))?,
        None => KindSet::all(),
    };
    Extractor::new(&Config {
        kinds,
        default_region: region.map(str::to_owned),
    })
    .context("--region")
}

pub fn extract(a: &ExtractArgs, p: &mut Printer) -> anyhow::Result<Outcome> {
    let ex = extractor(a.region.as_deref(), a.kinds.as_deref())?;
    let inputs: Vec<PathBuf> = if a.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        a.files.clone()
    };
    let many = inputs.len() > 1;
    let mut found = 0u64;
    let ctx = ScanContext::default();
    for input in &inputs {
        let name = input.display().to_string();
        let reader: Box<dyn Read> = if name == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            Box::new(std::fs::File::open(input).with_context(|| format!("opening {name}"))?)
        };
        // Text in other charsets (GB18030, windows-874, Shift_JIS …) is decoded by detection;
        // offsets are then into its UTF-8 decoding. A UTF-8 byte-order mark is skipped by
        // the reader and added back so offsets stay file offsets.
        let text = TextReader::new(std::io::BufReader::with_capacity(1 << 20, reader), None)
            .with_context(|| format!("reading {name}"))?;
        let decoding = text.decoding().clone();
        let utf8 = decoding.encoding == "UTF-8";
        let shift = if utf8 && decoding.method == "bom" {
            3
        } else {
            0
        };
        let encoding = (!utf8).then(|| decoding.encoding.clone());
        if let Some(enc) = &encoding {
            p.note(&format!(
                "{name}: decoded as {enc} ({}); offsets are into its UTF-8 text",
                decoding.method
            ));
        }
        let mut failed: Option<anyhow::Error> = None;
        let mut emit = |mut m: Match| {
            if failed.is_some() {
                return;
            }
            found += 1;
            m.start += shift;
            m.end += shift;
            if let Err(e) = print_match(p, &m, &name, many, encoding.as_deref()) {
                failed = Some(e);
            }
        };
        let scanned = ex.scan_reader(text, &ctx, &mut emit);
        if let Some(e) = failed {
            return Err(e);
        }
        scanned.with_context(|| format!("reading {name}"))?;
    }
    Ok(if found == 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

fn print_match(
    p: &mut Printer,
    m: &Match,
    file: &str,
    many: bool,
    encoding: Option<&str>,
) -> anyhow::Result<()> {
    if p.json {
        let mut v = json!({
            "kind": m.kind.as_str(),
            "value": m.value,
            "raw": m.raw,
            "start": m.start,
            "end": m.end,
            "file": file,
            "rule": m.rule,
        });
        if let Some(host) = &m.host {
            v["host"] = json!(host);
        }
        if let Some(enc) = encoding {
            v["encoding"] = json!(enc);
        }
        p.json_line(&v)
    } else if many {
        p.data(&format!("{file}\t{}\t{}", m.kind, m.value))
    } else {
        p.data(&format!("{}\t{}", m.kind, m.value))
    }
}

pub fn selectors(case_path: &Path, a: &SelectorsArgs, p: &mut Printer) -> anyhow::Result<Outcome> {
    let case = open(case_path, OpenMode::MustExist)?;
    let kind = a.kind.as_deref().map(str::to_ascii_lowercase);
    let rows = case.selectors(kind.as_deref(), a.top)?;
    if rows.is_empty() {
        p.note("no selectors found (does the case hold records? see `millwatch stats`)");
        return Ok(Outcome::Partial);
    }
    if p.json {
        for r in &rows {
            p.json_line(r)?;
        }
        return Ok(Outcome::Ok);
    }
    p.data(&p.bold("  records  mentions  kind          value"))?;
    for r in &rows {
        let span = match (&r.first_seen, &r.last_seen) {
            (Some(a), Some(b)) if a != b => format!("  ({} … {})", day(a), day(b)),
            (Some(a), _) => format!("  ({})", day(a)),
            _ => String::new(),
        };
        let victim = if r.victim_mentions > 0 {
            format!("  [victim's own in {}]", r.victim_mentions)
        } else {
            String::new()
        };
        p.data(&format!(
            "  {:>7}  {:>8}  {:<12}  {}{span}{victim}",
            r.records, r.mentions, r.kind, r.value
        ))?;
    }
    Ok(Outcome::Ok)
}

/// The date part of a stored time.
fn day(t: &str) -> &str {
    t.get(..10).unwrap_or(t)
}

/// What a user typed, as `(kind, normal value)` candidates: `kind:value` names the kind;
/// otherwise the text is read by the extractor (so `+855 12-345-678` or `bitget[.]icu`
/// find the stored normal form); failing that, the text as typed.
fn lookup_keys(ex: &Extractor, typed: &str) -> Vec<(Option<String>, String)> {
    let typed = typed.trim();
    if let Some((k, v)) = typed.split_once(':')
        && k.parse::<millwatch_extract::SelectorKind>().is_ok()
        && !v.starts_with("//")
    {
        let kind = k.to_ascii_lowercase();
        let ctx = ScanContext {
            region: None,
            field: Some(&kind),
        };
        let mut keys: Vec<(Option<String>, String)> = ex
            .scan_to_vec(v, &ctx)
            .into_iter()
            .filter(|m| m.kind.as_str() == kind)
            .map(|m| (Some(kind.clone()), m.value))
            .collect();
        keys.push((Some(kind), v.trim().to_owned()));
        return keys;
    }
    let mut keys: Vec<(Option<String>, String)> = ex
        .scan_to_vec(typed, &ScanContext::default())
        .into_iter()
        .filter(|m| m.start == 0 && m.end == typed.len())
        .map(|m| (Some(m.kind.as_str().to_owned()), m.value))
        .collect();
    keys.push((None, typed.to_owned()));
    keys.push((None, typed.trim_start_matches('@').to_lowercase()));
    keys
}

pub fn selector(case_path: &Path, a: &SelectorArgs, p: &mut Printer) -> anyhow::Result<Outcome> {
    let case = open(case_path, OpenMode::MustExist)?;
    let ex = extractor(None, None)?;
    let mut mentions = Vec::new();
    for (kind, value) in lookup_keys(&ex, &a.value) {
        mentions = case.mentions_of(kind.as_deref(), &value, a.limit)?;
        if !mentions.is_empty() {
            break;
        }
    }
    if mentions.is_empty() {
        p.note(&format!(
            "no record mentions {:?} (try `millwatch selectors` or `millwatch search`)",
            a.value
        ));
        return Ok(Outcome::Partial);
    }
    if p.json {
        for m in &mentions {
            p.json_line(m)?;
        }
        return Ok(Outcome::Ok);
    }
    let first = &mentions[0];
    let records: std::collections::BTreeSet<_> = mentions.iter().map(|m| m.record.0).collect();
    p.data(&p.bold(&format!(
        "{} {} — {} mentions in {} records",
        first.kind,
        first.value,
        mentions.len(),
        records.len()
    )))?;
    for m in &mentions {
        let ext = m
            .external_id
            .as_deref()
            .map(|e| format!(" id={e}"))
            .unwrap_or_default();
        let at = m
            .field
            .as_deref()
            .map(|f| format!("field {f}"))
            .unwrap_or_else(|| "text".to_owned());
        let at = if m.victim {
            format!("{at}, victim's own")
        } else {
            at
        };
        let time = m
            .time
            .as_deref()
            .map(|t| format!(" {}", day(t)))
            .unwrap_or_default();
        let op = case
            .operation_of(m.record)?
            .map(|o| format!("  {o}"))
            .unwrap_or_default();
        p.data(&format!(
            "{} {}{ext}{time}{op}  {} {}  [{at}, {}]",
            p.bold(&format!("#{}", m.record)),
            m.record_kind,
            m.path,
            m.place,
            m.rule
        ))?;
        p.data(&format!("    {}", p.highlight(&m.excerpt, &[m.highlight])))?;
    }
    if mentions.len() == a.limit {
        p.note(&format!(
            "showing the first {} mentions; more with --limit",
            a.limit
        ));
    }
    Ok(Outcome::Ok)
}
