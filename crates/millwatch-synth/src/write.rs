//! Writing a world: every planned file in order, the truth beside it, and the summary.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde::Serialize;

use crate::SynthError;
use crate::emit::Emitter;
use crate::formats::intake::Counters;
use crate::formats::{ads, intake, mail, sos, telegram, web, whatsapp};
use crate::lang::Lang;
use crate::names::Persona;
use crate::plan::Spec;
use crate::truth::{Manifest, RecordTruth};
use crate::world::{OpType, Operation, Selector, Structure, Syndicate, World, op_id};

/// Renders every file into `em`.
pub(crate) fn emit_all(world: &World, em: &mut Emitter) -> Result<(), SynthError> {
    let mut ids = Counters::default();
    let mut mail_n = 0u64;
    for fp in &world.files {
        let path = fp.path.as_str();
        match &fp.spec {
            Spec::IntakeCsv { sheet, items } => {
                intake::write_csv(em, world, path, *sheet, items, &mut ids)?
            }
            Spec::IntakeJsonl { items } => intake::write_jsonl(em, world, path, items, &mut ids)?,
            Spec::Statement { item } => intake::write_statement(em, world, path, item, &mut ids)?,
            Spec::AdsCsv { items } => ads::write_csv(em, world, path, items, &mut ids)?,
            Spec::AdHtml { item } => ads::write_html(em, world, path, item)?,
            Spec::SosText { item, markdown } => sos::write_text(em, world, path, item, *markdown)?,
            Spec::SosCsv { items } => sos::write_csv(em, world, path, items, &mut ids)?,
            Spec::Eml { item, kind } => {
                mail_n += 1;
                mail::write_eml(em, world, path, item, *kind, mail_n)?;
            }
            Spec::Mbox { items } => mail::write_mbox(em, world, path, items, &mut mail_n)?,
            Spec::Web { item } => web::write_site(em, world, path, item)?,
            Spec::WarningPage { item, listed } => {
                web::write_warning(em, world, path, item, listed)?
            }
            Spec::Telegram { layout } => telegram::write(em, world, path, layout)?,
            Spec::WhatsApp { style, chat } => whatsapp::write(em, world, path, *style, chat)?,
            Spec::Note { item } => intake::write_note(em, world, path, item)?,
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct CompoundOut {
    id: &'static str,
    name: &'static str,
    city: &'static str,
    country: &'static str,
}

#[derive(Serialize)]
struct SelectorOut<'a> {
    #[serde(flatten)]
    sel: &'a Selector,
    from: String,
    to: String,
}

#[derive(Serialize)]
struct OperationOut<'a> {
    id: String,
    #[serde(rename = "type")]
    op_type: OpType,
    platform: &'a crate::world::Platform,
    personas: &'a [Persona],
    workers: &'a [Persona],
    compound: CompoundOut,
    structure: Structure,
    reports: u32,
    languages: &'a [Lang],
    start: String,
    end: String,
    syndicate: Option<String>,
    selectors: Vec<SelectorOut<'a>>,
}

fn day(d: i64) -> String {
    let mut s = String::new();
    crate::date::Stamp {
        days: d,
        secs: 0,
        tz_min: 0,
    }
    .iso_date(&mut s);
    s
}

fn op_out(o: &Operation) -> OperationOut<'_> {
    let c = o.compound();
    let selectors = o
        .selectors
        .iter()
        .chain(o.leaves.iter())
        .map(|s| SelectorOut {
            sel: s,
            from: day(s.from_day.max(o.start_day)),
            to: day(s.to_day.min(o.end_day)),
        })
        .collect();
    OperationOut {
        id: o.id(),
        op_type: o.op_type,
        platform: &o.platform,
        personas: &o.personas,
        workers: &o.workers,
        compound: CompoundOut {
            id: c.id,
            name: c.name,
            city: c.city,
            country: crate::world::COUNTRIES[c.country.min(4)],
        },
        structure: o.structure,
        reports: o.reports,
        languages: &o.langs,
        start: day(o.start_day),
        end: day(o.end_day),
        syndicate: o.syndicate.map(|s| format!("syn-{:02}", s + 1)),
        selectors,
    }
}

#[derive(Serialize)]
struct BridgeOut {
    from: String,
    report: u32,
    to: String,
}

#[derive(Serialize)]
struct RepeatOut {
    a: String,
    a_report: u32,
    b: String,
    b_report: u32,
}

#[derive(Serialize)]
struct Truth<'a> {
    seed: u64,
    config: &'a crate::config::WorldConfig,
    operations: Vec<OperationOut<'a>>,
    hubs: &'a [Selector],
    syndicates: &'a [Syndicate],
    bridges: Vec<BridgeOut>,
    repeat_victims: Vec<RepeatOut>,
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), SynthError> {
    let f = File::create(path).map_err(|e| SynthError::io(path, e))?;
    let mut w = BufWriter::new(f);
    serde_json::to_writer_pretty(&mut w, value).map_err(SynthError::Json)?;
    w.write_all(b"\n").map_err(|e| SynthError::io(path, e))?;
    w.flush().map_err(|e| SynthError::io(path, e))
}

/// Writes the world under `dir`: `corpus/` and `truth/`.
pub(crate) fn write_world(world: &World, dir: &Path) -> Result<Manifest, SynthError> {
    let corpus = dir.join("corpus");
    let truth = dir.join("truth");
    let mut em = Emitter::to_dir(&corpus, &truth.join("records.jsonl"))?;
    emit_all(world, &mut em)?;
    let (mut manifest, _) = em.finish()?;
    manifest.operations = world.operations.len() as u64;
    let t = Truth {
        seed: world.config.seed,
        config: &world.config,
        operations: world.operations.iter().map(op_out).collect(),
        hubs: &world.hubs.selectors,
        syndicates: &world.syndicates,
        bridges: world
            .bridges
            .iter()
            .map(|b| BridgeOut {
                from: op_id(b.from),
                report: b.k,
                to: op_id(b.to),
            })
            .collect(),
        repeat_victims: world
            .repeats
            .iter()
            .map(|r| RepeatOut {
                a: op_id(r.a.0),
                a_report: r.a.1,
                b: op_id(r.b.0),
                b_report: r.b.1,
            })
            .collect(),
    };
    write_json(&truth.join("operations.json"), &t)?;
    write_json(&truth.join("summary.json"), &manifest)?;
    Ok(manifest)
}

/// The truth of every record, without writing files.
pub(crate) fn records(world: &World) -> Result<(Manifest, Vec<RecordTruth>), SynthError> {
    let mut em = Emitter::in_memory();
    emit_all(world, &mut em)?;
    let (mut m, r) = em.finish()?;
    m.operations = world.operations.len() as u64;
    Ok((m, r))
}
