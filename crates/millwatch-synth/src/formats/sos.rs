//! Families' SOS messages and missing-person reports, as text and Markdown files and as a
//! family-desk sheet.
//!
//! The person missing is one of the workers trafficked into the operation's compound, so
//! that several reports about the same person, written in different scripts by different
//! relatives and NGOs, can be matched; the truth names the person.

use millwatch_model::{Format, RecordKind};

use super::csv_row;
use super::intake::{Counters, also};
use crate::SynthError;
use crate::date::civil;
use crate::emit::{Emitter, io_err};
use crate::names::{self, Persona};
use crate::plan::Item;
use crate::render::{self, Fill, Use, Writer, sentence};
use crate::rng::Rng;
use crate::truth::{LocatorKind, PlantRole, RecordTruth};
use crate::world::{SelKind, World};

struct Sos {
    title: String,
    body: String,
    name: String,
    person: String,
    age: u32,
    relative: String,
    last_place: String,
    last_contact: String,
    family: String,
}

fn make_sos(world: &World, it: &Item, rng: &mut Rng, w: &mut Writer<'_>) -> Sos {
    let op = it.op.and_then(|o| world.operations.get(o as usize));
    let lang = it.lang;
    let pack = lang.pack();
    let noise_person;
    let (person, person_id): (&Persona, String) = match op {
        Some(o) if !o.workers.is_empty() => {
            let p = &o.workers[rng.below(o.workers.len())];
            (p, p.id.clone())
        }
        _ => {
            let origin = names::origin_for(lang, rng);
            noise_person = names::persona(rng, format!("person-{:016x}", it.seed), origin, false);
            let id = noise_person.id.clone();
            (&noise_person, id)
        }
    };
    let name = person.written(lang, rng).to_owned();
    let mut f = Fill::new(world, op, lang, it.day, rng);
    f.name = &name;
    let mut title = String::new();
    render::fill(rng.pick(pack.sos.title), &f, "", &mut title);
    let mut body = String::new();
    let n = rng.range(2, 4) as usize;
    let start = rng.below(pack.sos.body.len());
    for i in 0..n.min(pack.sos.body.len()) {
        sentence(
            &mut body,
            pack,
            pack.sos.body[(start + i) % pack.sos.body.len()],
            &f,
            "",
        );
    }
    let mut last_contact = String::new();
    if let Some(o) = op {
        let recruiters: Vec<_> = o.recruiters().collect();
        let pool = o.active_of(
            it.day,
            &[SelKind::Phone, SelKind::Whatsapp, SelKind::Telegram],
        );
        let chosen = if rng.chance(0.6) {
            rng.pick_opt(&recruiters).copied()
        } else {
            rng.pick_opt(&pool).copied()
        };
        if let Some(s) = chosen {
            let u = Use::of(s, PlantRole::Operation, Some(o.index));
            w.sel(&u, lang, rng, None, &mut last_contact);
            sentence(&mut body, pack, rng.pick(pack.sos.last), &f, &last_contact);
        }
    }
    sentence(&mut body, pack, rng.pick(pack.sos.plea), &f, "");
    let (own, family) = render::own_contact(it.seed ^ 0xfa_111e, lang);
    let own = Use {
        sel: std::borrow::Cow::Owned(own),
        role: PlantRole::Victim,
        op: None,
    };
    let mut fam = String::new();
    w.sel(&own, lang, rng, None, &mut fam);
    let _ = family;
    Sos {
        title,
        body,
        age: f.age,
        name: name.clone(),
        person: person_id,
        relative: f.relative.to_owned(),
        last_place: op.map_or_else(String::new, |o| o.compound().city_in(lang).to_owned()),
        last_contact,
        family: fam,
    }
}

/// Writes one SOS as a text or Markdown file.
pub(crate) fn write_text(
    em: &mut Emitter,
    world: &World,
    path: &str,
    it: &Item,
    markdown: bool,
) -> Result<(), SynthError> {
    let mut f = em.open(path)?;
    let mut rng = Rng::new(it.seed);
    let mut w = Writer::new(world);
    let s = make_sos(world, it, &mut rng, &mut w);
    let mut t = String::with_capacity(2048);
    if markdown {
        t.push_str("# ");
        t.push_str(&s.title);
        t.push_str("\n\n");
        t.push_str(&format!("- **Name:** {}\n- **Age:** {}\n", s.name, s.age));
        if !s.last_place.is_empty() {
            t.push_str(&format!("- **Last known place:** {}\n", s.last_place));
        }
        t.push('\n');
        t.push_str(&s.body);
        t.push_str("\n\n**Family contact:** ");
        t.push_str(&s.family);
        t.push('\n');
    } else {
        t.push_str(&s.title);
        t.push_str("\n\n");
        t.push_str(&s.body);
        t.push_str("\n\n");
        t.push_str(&s.family);
        t.push('\n');
    }
    f.put(&t).map_err(io_err(path))?;
    em.record(RecordTruth {
        file: path.to_owned(),
        format: Format::Text,
        locator: path.to_owned(),
        locator_kind: LocatorKind::File,
        kind: RecordKind::MissingPerson,
        lang: it.lang,
        operation: it.op,
        also: also(&w),
        person: Some(s.person),
        sender_role: None,
        media_only: false,
        selectors: w.planted,
    })?;
    em.close(f, Format::Text)
}

/// Writes the family desk's missing-persons sheet.
pub(crate) fn write_csv(
    em: &mut Emitter,
    world: &World,
    path: &str,
    items: &[Item],
    ids: &mut Counters,
) -> Result<(), SynthError> {
    let mut f = em.open(path)?;
    let err = io_err(path);
    let mut buf = String::with_capacity(4096);
    csv_row(
        &[
            "case_id",
            "reported",
            "missing_person",
            "age",
            "relationship",
            "last_seen_location",
            "last_contact",
            "family_contact",
            "details",
        ],
        ',',
        "\n",
        &mut buf,
    );
    f.put(&buf).map_err(&err)?;
    for it in items {
        buf.clear();
        let mut rng = Rng::new(it.seed);
        let mut w = Writer::new(world);
        let s = make_sos(world, it, &mut rng, &mut w);
        // The contacts were written into the body; the sheet repeats them in their columns.
        let lc = s.last_contact.clone();
        let fam = s.family.clone();
        let mut extra = Vec::new();
        for p in &w.planted {
            let mut q = p.clone();
            q.field = Some(
                if p.role == PlantRole::Victim
                    || (p.role == PlantRole::Hub && fam.contains(&p.value))
                {
                    "family_contact"
                } else {
                    "last_contact"
                },
            );
            if q.field == Some("last_contact") && lc.is_empty() {
                continue;
            }
            extra.push(q);
        }
        for q in extra {
            if !w.planted.contains(&q) {
                w.planted.push(q);
            }
        }
        ids.sos += 1;
        let id = format!("MP-{:05}", ids.sos);
        let (y, m, d) = civil(it.day);
        let date = format!("{y:04}-{m:02}-{d:02}");
        let age = s.age.to_string();
        csv_row(
            &[
                &id,
                &date,
                &s.name,
                &age,
                &s.relative,
                &s.last_place,
                &lc,
                &fam,
                &s.body,
            ],
            ',',
            "\n",
            &mut buf,
        );
        f.put(&buf).map_err(&err)?;
        em.record(RecordTruth {
            file: path.to_owned(),
            format: Format::Csv,
            locator: id,
            locator_kind: LocatorKind::ExternalId,
            kind: RecordKind::MissingPerson,
            lang: it.lang,
            operation: it.op,
            also: also(&w),
            person: Some(s.person),
            sender_role: None,
            media_only: false,
            selectors: w.planted,
        })?;
    }
    em.close(f, Format::Csv)
}
