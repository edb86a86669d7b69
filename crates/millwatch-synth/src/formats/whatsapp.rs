//! WhatsApp "Export chat" text files, in the line formats of Android (month-first 12-hour
//! and day-first 24-hour locales) and iOS (bracketed stamps with seconds, U+200E marks
//! before media and system text, U+202F before AM/PM).
//!
//! A message is a stamp line plus any continuation lines; system lines (the encryption
//! notice, group events, missed calls) are not messages, even when iOS writes them under a
//! name. The truth locates each message by its first line's number.

use millwatch_model::{Format, RecordKind};

use super::chat::{Body, Dialogue, Media, Service, Who, dialogue};
use crate::SynthError;
use crate::date::Stamp;
use crate::emit::{Emitter, FileOut, io_err};
use crate::plan::{ChatKind, ChatPlan, WaStyle};
use crate::rng::Rng;
use crate::truth::{LocatorKind, PlantRole, Planted, RecordTruth};
use crate::world::{Raw, SelKind, World};

const LRM: char = '\u{200E}';
const E2E: &str = "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.";

fn stamp(style: WaStyle, at: &Stamp, out: &mut String) {
    match style {
        WaStyle::AndroidMdy12 => at.wa_android_mdy12(out),
        WaStyle::AndroidDmy24 => at.wa_android_dmy24(out),
        WaStyle::IosDmy24 => at.wa_ios_dmy24(out),
        WaStyle::IosMdy12 => at.wa_ios_mdy12(out),
    }
}

fn ios(style: WaStyle) -> bool {
    matches!(style, WaStyle::IosDmy24 | WaStyle::IosMdy12)
}

/// A system line. On iOS it is written under the chat's name with U+200E marks.
fn system(style: WaStyle, at: &Stamp, chat_name: &str, text: &str, out: &mut String) {
    if ios(style) {
        out.push(LRM);
        stamp(style, at, out);
        out.push(' ');
        out.push_str(chat_name);
        out.push_str(": ");
        out.push(LRM);
        out.push_str(text);
    } else {
        stamp(style, at, out);
        out.push_str(" - ");
        out.push_str(text);
    }
    out.push('\n');
}

fn media_text(style: WaStyle, media: Media, at: &Stamp, n: u32) -> String {
    if !ios(style) {
        return "<Media omitted>".to_owned();
    }
    let mut s = String::new();
    s.push(LRM);
    match media {
        Media::Photo if n.is_multiple_of(2) => {
            s.push_str(&format!("<attached: {n:08}-PHOTO-"));
            at.dashed(&mut s);
            s.push_str(".jpg>");
        }
        Media::Photo => s.push_str("image omitted"),
        Media::Video => s.push_str("video omitted"),
        Media::Voice => s.push_str("audio omitted"),
        Media::Sticker => s.push_str("sticker omitted"),
        Media::Document => s.push_str("document omitted"),
    }
    s
}

/// Writes one WhatsApp export. `path` may hold `{name}`, replaced by the chat's name.
pub(crate) fn write(
    em: &mut Emitter,
    world: &World,
    path: &str,
    style: WaStyle,
    plan: &ChatPlan,
) -> Result<(), SynthError> {
    let d: Dialogue = dialogue(world, plan, false);
    let mut rng = Rng::new(plan.item.seed ^ 0x3a77);
    let op = plan.item.op.and_then(|o| world.operations.get(o as usize));
    // An unsaved contact shows as its number: the scammer's WhatsApp number then sits in
    // the sender of every message they sent.
    let wa = op.and_then(|o| {
        o.active_of(plan.item.day, &[SelKind::Whatsapp])
            .first()
            .copied()
    });
    let unsaved = plan.kind == ChatKind::Direct && wa.is_some() && rng.chance(0.4);
    let persona_shown: Vec<String> = d
        .personas
        .iter()
        .enumerate()
        .map(|(i, n)| match (i, wa, unsaved) {
            (0, Some(s), true) => match &s.raw {
                Raw::Phone(p) => p.international(),
                _ => n.clone(),
            },
            _ => n.clone(),
        })
        .collect();
    let sender_plant = match (wa, unsaved) {
        (Some(s), true) => Some(Planted {
            kind: SelKind::Whatsapp,
            value: s.value.clone(),
            role: PlantRole::Operation,
            operation: plan.item.op,
            field: Some("sender"),
        }),
        _ => None,
    };
    let chat_name = match plan.kind {
        ChatKind::Direct => persona_shown.first().cloned().unwrap_or_default(),
        _ => d.title.clone(),
    };
    let safe: String = chat_name
        .chars()
        .map(|c| if c == '/' || c == '\\' { '_' } else { c })
        .collect();
    let path = path.replace("{name}", &safe);
    let mut f: FileOut = em.open(&path)?;
    let err = io_err(&path);
    let name_of = |who: Who| -> String {
        match who {
            Who::Persona(i) => persona_shown
                .get(i)
                .or(persona_shown.first())
                .cloned()
                .unwrap_or_default(),
            other => d.name_of(other).to_owned(),
        }
    };
    let mut buf = String::with_capacity(1024);
    let start = d.msgs.first().map_or(
        Stamp {
            days: plan.item.day,
            secs: 36_000,
            tz_min: 420,
        },
        |m| m.at,
    );
    // The encryption notice opens every export.
    buf.clear();
    if ios(style) {
        system(style, &start, &chat_name, E2E, &mut buf);
        // iOS writes the first system line without the leading mark.
        if buf.starts_with(LRM) {
            buf.remove(0);
        }
    } else {
        system(
            style,
            &start,
            "",
            &format!("{E2E} Tap to learn more."),
            &mut buf,
        );
    }
    f.put(&buf).map_err(&err)?;
    em.not_record(1);
    em.manifest.chat.whatsapp_system += 1;
    if plan.kind == ChatKind::Group {
        buf.clear();
        let creator = name_of(Who::Persona(0));
        system(
            style,
            &start,
            &chat_name,
            &format!("{creator} created group \u{201c}{}\u{201d}", d.title),
            &mut buf,
        );
        system(
            style,
            &start,
            &chat_name,
            &format!("{creator} added you"),
            &mut buf,
        );
        f.put(&buf).map_err(&err)?;
        em.not_record(2);
        em.manifest.chat.whatsapp_system += 2;
    }
    let mut media_n = 0u32;
    for m in &d.msgs {
        buf.clear();
        let name = name_of(m.who);
        match &m.body {
            Body::Service(s) => {
                let text = match s {
                    Service::Call { .. } if ios(style) => "Missed voice call".to_owned(),
                    Service::Call { .. } => continue,
                    Service::Invite(i) => format!(
                        "{} added {}",
                        name_of(Who::Persona(0)),
                        d.members.get(*i).map_or("", String::as_str)
                    ),
                    Service::JoinByLink => {
                        format!("{} joined using this group's invite link", d.victim)
                    }
                    Service::Pin(_) | Service::CreateGroup | Service::CreateChannel => continue,
                };
                if ios(style) && matches!(s, Service::Call { .. }) {
                    // iOS writes missed calls under the caller's name.
                    system(style, &m.at, &name, &text, &mut buf);
                } else {
                    system(style, &m.at, &chat_name, &text, &mut buf);
                }
                f.put(&buf).map_err(&err)?;
                em.not_record(1);
                em.manifest.chat.whatsapp_system += 1;
                continue;
            }
            Body::Media(media) => {
                media_n += 1;
                let line = f.next_line();
                if ios(style) {
                    buf.push(LRM);
                }
                stamp(style, &m.at, &mut buf);
                buf.push_str(if ios(style) { " " } else { " - " });
                buf.push_str(&name);
                buf.push_str(": ");
                buf.push_str(&media_text(style, *media, &m.at, media_n));
                buf.push('\n');
                f.put(&buf).map_err(&err)?;
                let mut planted = Vec::new();
                if let (Some(p), Who::Persona(0)) = (&sender_plant, m.who) {
                    planted.push(p.clone());
                }
                em.manifest.chat.whatsapp_messages += 1;
                em.manifest.chat.whatsapp_media_only += 1;
                em.record(truth(&path, line, &d, plan, m.who, true, planted))?;
            }
            Body::Text(segs) => {
                let line = f.next_line();
                stamp(style, &m.at, &mut buf);
                buf.push_str(if ios(style) { " " } else { " - " });
                buf.push_str(&name);
                buf.push_str(": ");
                let text: String = segs.iter().map(|s| s.text()).collect();
                buf.push_str(&text);
                buf.push('\n');
                if text.contains('\n') {
                    em.manifest.chat.whatsapp_multiline += 1;
                }
                f.put(&buf).map_err(&err)?;
                let mut planted = m.planted.clone();
                if let (Some(p), Who::Persona(0)) = (&sender_plant, m.who) {
                    planted.push(p.clone());
                }
                em.manifest.chat.whatsapp_messages += 1;
                em.record(truth(&path, line, &d, plan, m.who, false, planted))?;
            }
        }
    }
    em.close(f, Format::WhatsappText)
}

fn truth(
    path: &str,
    line: u64,
    d: &Dialogue,
    plan: &ChatPlan,
    who: Who,
    media_only: bool,
    planted: Vec<Planted>,
) -> RecordTruth {
    RecordTruth {
        file: path.to_owned(),
        format: Format::WhatsappText,
        locator: line.to_string(),
        locator_kind: LocatorKind::Line,
        kind: RecordKind::ChatMessage,
        lang: d.lang,
        operation: plan.item.op,
        also: Vec::new(),
        person: None,
        sender_role: Some(match who {
            Who::Victim => "victim",
            Who::Persona(_) => "scammer",
            Who::Friend => "friend",
            Who::Channel => "channel",
            Who::Member(_) if plan.kind == ChatKind::Group => "scammer",
            Who::Member(_) => "member",
        }),
        media_only,
        selectors: planted,
    }
}
