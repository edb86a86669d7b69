//! Telegram Desktop JSON exports (`result.json`), in both layouts Telegram Desktop writes:
//! a single chat ("Export chat history": the chat object at the top level) and the whole
//! account ("Export Telegram data": `personal_information`, `contacts`, `chats.list` and
//! `left_chats.list`).
//!
//! Keys, value types and the one-space indentation follow what Telegram Desktop writes:
//! `date` in local time beside `date_unixtime` as a string, `from` and `from_id`
//! (`user…`, `channel…`), `text` as a string when it is plain and as an array mixing
//! strings and entity objects otherwise, `text_entities` always, media fields for
//! media-only messages, and service messages with `actor`, `action` and their own fields.

use std::fmt::Write as _;

use millwatch_model::{Format, RecordKind};

use super::chat::{Body, Dialogue, Media, Msg, Seg, Service, Who, dialogue};
use super::json_str;
use crate::SynthError;
use crate::emit::{Emitter, FileOut, io_err};
use crate::plan::{ChatKind, ChatPlan, Item, TgLayout};
use crate::render;
use crate::rng::Rng;
use crate::truth::{LocatorKind, RecordTruth};
use crate::world::World;

const NOT_INCLUDED: &str = "(File not included. Change data exporting settings to download.)";

fn user_id(name: &str, salt: i64) -> i64 {
    let mut h: i64 = 1_000_003 + salt;
    for b in name.bytes() {
        h = h.wrapping_mul(31).wrapping_add(i64::from(b));
    }
    5_000_000_000 + h.rem_euclid(2_000_000_000)
}

fn chat_type(kind: ChatKind) -> &'static str {
    match kind {
        ChatKind::Direct | ChatKind::Friend => "personal_chat",
        ChatKind::Group => "private_supergroup",
        ChatKind::Channel => "public_channel",
        ChatKind::Public => "public_supergroup",
    }
}

fn sender_role(kind: ChatKind, who: Who) -> &'static str {
    match who {
        Who::Victim => "victim",
        Who::Persona(_) => "scammer",
        Who::Channel => "channel",
        Who::Friend => "friend",
        Who::Member(_) if kind == ChatKind::Group => "scammer",
        Who::Member(_) => "member",
    }
}

/// Serialises one chat object at indentation `ind` (in spaces) and records its messages.
#[allow(clippy::too_many_arguments)]
fn write_chat(
    em: &mut Emitter,
    f: &mut FileOut,
    world: &World,
    path: &str,
    plan: &ChatPlan,
    ind: usize,
    buf: &mut String,
    rng: &mut Rng,
) -> Result<(), SynthError> {
    let err = io_err(path);
    let d: Dialogue = dialogue(world, plan, true);
    let pad = " ".repeat(ind);
    buf.clear();
    let _ = write!(buf, "{pad}{{\n{pad} \"name\": ");
    json_str(&d.title, buf);
    let _ = write!(
        buf,
        ",\n{pad} \"type\": \"{}\",\n{pad} \"id\": {},\n{pad} \"messages\": [",
        chat_type(plan.kind),
        plan.id
    );
    f.put(buf).map_err(&err)?;
    let mut id: u64 = 1 + rng.below(5000) as u64;
    let mut first = true;
    let mut ids_of: Vec<u64> = Vec::with_capacity(d.msgs.len());
    for m in &d.msgs {
        id += if rng.chance(0.05) {
            rng.range(2, 6) as u64
        } else {
            1
        };
        ids_of.push(id);
        buf.clear();
        buf.push_str(if first { "\n" } else { ",\n" });
        first = false;
        write_message(buf, &pad, &d, plan, m, id, &ids_of, rng);
        f.put(buf).map_err(&err)?;
        match &m.body {
            Body::Service(_) => {
                em.not_record(1);
                em.manifest.chat.telegram_service += 1;
            }
            body => {
                let media_only = matches!(body, Body::Media(_));
                em.manifest.chat.telegram_messages += 1;
                if media_only {
                    em.manifest.chat.telegram_media_only += 1;
                }
                em.record(RecordTruth {
                    file: path.to_owned(),
                    format: Format::TelegramJson,
                    locator: format!("{}/{id}", plan.id),
                    locator_kind: LocatorKind::TelegramMessage,
                    kind: RecordKind::ChatMessage,
                    lang: d.lang,
                    operation: plan.item.op,
                    also: Vec::new(),
                    person: None,
                    sender_role: Some(sender_role(plan.kind, m.who)),
                    media_only,
                    selectors: m.planted.clone(),
                })?;
            }
        }
    }
    em.manifest.chat.telegram_chats += 1;
    buf.clear();
    let _ = write!(buf, "\n{pad} ]\n{pad}}}");
    f.put(buf).map_err(&err)
}

#[allow(clippy::too_many_arguments)]
fn write_message(
    buf: &mut String,
    pad: &str,
    d: &Dialogue,
    plan: &ChatPlan,
    m: &Msg,
    id: u64,
    ids: &[u64],
    rng: &mut Rng,
) {
    let p = format!("{pad}  ");
    let _ = write!(
        buf,
        "{p}{{\n{p} \"id\": {id},\n{p} \"type\": \"{}\",\n{p} \"date\": \"",
        if matches!(m.body, Body::Service(_)) {
            "service"
        } else {
            "message"
        }
    );
    m.at.iso_local(buf);
    let _ = write!(buf, "\",\n{p} \"date_unixtime\": \"{}\",\n", m.at.unix());
    let name = d.name_of(m.who);
    let from_id = if m.who == Who::Channel {
        format!("channel{}", plan.id)
    } else {
        format!("user{}", user_id(name, 0))
    };
    match &m.body {
        Body::Service(s) => {
            let _ = write!(buf, "{p} \"actor\": ");
            json_str(name, buf);
            let _ = write!(buf, ",\n{p} \"actor_id\": \"{from_id}\",\n");
            match s {
                Service::Call { seconds, missed } => {
                    let _ = writeln!(buf, "{p} \"action\": \"phone_call\",");
                    if *missed {
                        let _ = writeln!(buf, "{p} \"discard_reason\": \"missed\",");
                    } else {
                        let _ = write!(
                            buf,
                            "{p} \"duration_seconds\": {seconds},\n{p} \"discard_reason\": \"hangup\",\n"
                        );
                    }
                }
                Service::CreateGroup => {
                    let _ = write!(buf, "{p} \"action\": \"create_group\",\n{p} \"title\": ");
                    json_str(&d.title, buf);
                    let _ = write!(buf, ",\n{p} \"members\": [\n");
                    let mut all: Vec<&str> = d.personas.iter().map(String::as_str).collect();
                    all.extend(d.members.iter().map(String::as_str));
                    for (i, n) in all.iter().enumerate() {
                        let _ = write!(buf, "{p}  ");
                        json_str(n, buf);
                        buf.push_str(if i + 1 < all.len() { ",\n" } else { "\n" });
                    }
                    let _ = writeln!(buf, "{p} ],");
                }
                Service::Invite(i) => {
                    let _ = write!(
                        buf,
                        "{p} \"action\": \"invite_members\",\n{p} \"members\": [\n{p}  "
                    );
                    json_str(d.members.get(*i).map_or("", String::as_str), buf);
                    let _ = write!(buf, "\n{p} ],\n");
                }
                Service::JoinByLink => {
                    let _ = write!(
                        buf,
                        "{p} \"action\": \"join_group_by_link\",\n{p} \"inviter\": \"Group\",\n"
                    );
                }
                Service::Pin(at) => {
                    let target = ids.get(*at).copied().unwrap_or(1);
                    let _ = write!(
                        buf,
                        "{p} \"action\": \"pin_message\",\n{p} \"message_id\": {target},\n"
                    );
                }
                Service::CreateChannel => {
                    let _ = write!(buf, "{p} \"action\": \"create_channel\",\n{p} \"title\": ");
                    json_str(&d.title, buf);
                    buf.push_str(",\n");
                }
            }
            let _ = write!(buf, "{p} \"text\": \"\",\n{p} \"text_entities\": []\n{p}}}");
        }
        Body::Media(media) => {
            let _ = write!(buf, "{p} \"from\": ");
            json_str(name, buf);
            let _ = write!(buf, ",\n{p} \"from_id\": \"{from_id}\",\n");
            let downloaded = rng.chance(0.3);
            let mut fname = String::new();
            match media {
                Media::Photo => {
                    if downloaded {
                        let _ = write!(fname, "photos/photo_{id}@");
                        m.at.telegram_file(&mut fname);
                        fname.push_str(".jpg");
                    } else {
                        fname.push_str(NOT_INCLUDED);
                    }
                    let _ = write!(buf, "{p} \"photo\": ");
                    json_str(&fname, buf);
                    let _ = write!(
                        buf,
                        ",\n{p} \"photo_file_size\": {},\n{p} \"width\": {},\n{p} \"height\": {},\n",
                        rng.range(40_000, 400_000),
                        960,
                        1280
                    );
                }
                Media::Sticker => {
                    let _ = write!(
                        buf,
                        "{p} \"file\": \"{NOT_INCLUDED}\",\n{p} \"file_size\": {},\n{p} \"thumbnail\": \"{NOT_INCLUDED}\",\n{p} \"thumbnail_file_size\": {},\n{p} \"media_type\": \"sticker\",\n{p} \"sticker_emoji\": \"{}\",\n{p} \"width\": 512,\n{p} \"height\": 512,\n",
                        rng.range(10_000, 60_000),
                        rng.range(3_000, 9_000),
                        rng.pick(&["👍", "😘", "🙏", "🎉", "❤"])
                    );
                }
                Media::Voice => {
                    if downloaded {
                        let _ = write!(fname, "voice_messages/audio_{id}@");
                        m.at.telegram_file(&mut fname);
                        fname.push_str(".ogg");
                    } else {
                        fname.push_str(NOT_INCLUDED);
                    }
                    let _ = write!(buf, "{p} \"file\": ");
                    json_str(&fname, buf);
                    let _ = write!(
                        buf,
                        ",\n{p} \"file_size\": {},\n{p} \"media_type\": \"voice_message\",\n{p} \"mime_type\": \"audio/ogg\",\n{p} \"duration_seconds\": {},\n",
                        rng.range(5_000, 90_000),
                        rng.range(2, 60)
                    );
                }
                Media::Video => {
                    let _ = write!(
                        buf,
                        "{p} \"file\": \"{NOT_INCLUDED}\",\n{p} \"file_size\": {},\n{p} \"thumbnail\": \"{NOT_INCLUDED}\",\n{p} \"thumbnail_file_size\": {},\n{p} \"media_type\": \"video_file\",\n{p} \"mime_type\": \"video/mp4\",\n{p} \"duration_seconds\": {},\n{p} \"width\": 720,\n{p} \"height\": 1280,\n",
                        rng.range(200_000, 9_000_000),
                        rng.range(3_000, 9_000),
                        rng.range(3, 90)
                    );
                }
                Media::Document => {
                    let doc = rng.pick(&[
                        "receipt.pdf",
                        "contract.pdf",
                        "withdrawal_form.docx",
                        "IMG_2024.HEIC",
                    ]);
                    if downloaded {
                        let _ = write!(fname, "files/{doc}");
                    } else {
                        fname.push_str(NOT_INCLUDED);
                    }
                    let _ = write!(buf, "{p} \"file\": ");
                    json_str(&fname, buf);
                    let _ = write!(buf, ",\n{p} \"file_name\": ");
                    json_str(doc, buf);
                    let _ = write!(
                        buf,
                        ",\n{p} \"file_size\": {},\n{p} \"mime_type\": \"application/octet-stream\",\n",
                        rng.range(20_000, 900_000)
                    );
                }
            }
            let _ = write!(buf, "{p} \"text\": \"\",\n{p} \"text_entities\": []\n{p}}}");
        }
        Body::Text(segs) => {
            let _ = write!(buf, "{p} \"from\": ");
            json_str(name, buf);
            let _ = write!(buf, ",\n{p} \"from_id\": \"{from_id}\",\n");
            if ids.len() > 2 && rng.chance(0.1) {
                let _ = writeln!(buf, "{p} \"reply_to_message_id\": {},", ids[ids.len() - 2]);
            }
            if rng.chance(0.05) {
                let e = m.at.plus(rng.range(10, 300));
                let _ = write!(buf, "{p} \"edited\": \"");
                e.iso_local(buf);
                let _ = write!(buf, "\",\n{p} \"edited_unixtime\": \"{}\",\n", e.unix());
            }
            let plain = segs.iter().all(|s| matches!(s, Seg::Plain(_)));
            let _ = write!(buf, "{p} \"text\": ");
            if plain {
                let t: String = segs.iter().map(Seg::text).collect();
                json_str(&t, buf);
                let _ = write!(
                    buf,
                    ",\n{p} \"text_entities\": [\n{p}  {{\n{p}   \"type\": \"plain\",\n{p}   \"text\": "
                );
                json_str(&t, buf);
                let _ = write!(buf, "\n{p}  }}\n{p} ]\n{p}}}");
            } else {
                buf.push_str("[\n");
                for (i, s) in segs.iter().enumerate() {
                    let _ = write!(buf, "{p}  ");
                    match s {
                        Seg::Plain(t) => json_str(t, buf),
                        other => entity(other, &format!("{p}  "), buf),
                    }
                    buf.push_str(if i + 1 < segs.len() { ",\n" } else { "\n" });
                }
                let _ = write!(buf, "{p} ],\n{p} \"text_entities\": [\n");
                for (i, s) in segs.iter().enumerate() {
                    let _ = write!(buf, "{p}  ");
                    match s {
                        Seg::Plain(t) => {
                            let _ = write!(buf, "{{\n{p}   \"type\": \"plain\",\n{p}   \"text\": ");
                            json_str(t, buf);
                            let _ = write!(buf, "\n{p}  }}");
                        }
                        other => entity(other, &format!("{p}  "), buf),
                    }
                    buf.push_str(if i + 1 < segs.len() { ",\n" } else { "\n" });
                }
                let _ = write!(buf, "{p} ]\n{p}}}");
            }
        }
    }
}

fn entity(s: &Seg, p: &str, buf: &mut String) {
    let (ty, text, href) = match s {
        Seg::Link(t) => ("link", t.as_str(), None),
        Seg::Mention(t) => ("mention", t.as_str(), None),
        Seg::Phone(t) => ("phone", t.as_str(), None),
        Seg::Email(t) => ("email", t.as_str(), None),
        Seg::TextLink { text, href } => ("text_link", text.as_str(), Some(href.as_str())),
        Seg::Plain(t) => ("plain", t.as_str(), None),
    };
    let _ = write!(buf, "{{\n{p} \"type\": \"{ty}\",\n{p} \"text\": ");
    json_str(text, buf);
    if let Some(h) = href {
        let _ = write!(buf, ",\n{p} \"href\": ");
        json_str(h, buf);
    }
    let _ = write!(buf, "\n{p}}}");
}

/// Writes one Telegram export.
pub(crate) fn write(
    em: &mut Emitter,
    world: &World,
    path: &str,
    layout: &TgLayout,
) -> Result<(), SynthError> {
    let mut f = em.open(path)?;
    let err = io_err(path);
    let mut buf = String::with_capacity(16 * 1024);
    match layout {
        TgLayout::Single(plan) => {
            let mut rng = Rng::new(plan.item.seed ^ 0x7e1e);
            write_chat(em, &mut f, world, path, plan, 0, &mut buf, &mut rng)?;
            f.put("\n").map_err(&err)?;
        }
        TgLayout::Account { chats, left, owner } => {
            let mut rng = Rng::new(owner.seed ^ 0xacc0);
            write_account_head(&mut f, world, owner, chats, &mut buf, &mut rng).map_err(&err)?;
            for (i, c) in chats.iter().enumerate() {
                if i > 0 {
                    f.put(",\n").map_err(&err)?;
                }
                write_chat(em, &mut f, world, path, c, 3, &mut buf, &mut rng)?;
            }
            f.put("\n  ]\n },\n \"left_chats\": {\n  \"about\": \"This page lists all supergroups and channels the user has left.\",\n  \"list\": [\n").map_err(&err)?;
            for (i, c) in left.iter().enumerate() {
                if i > 0 {
                    f.put(",\n").map_err(&err)?;
                }
                write_chat(em, &mut f, world, path, c, 3, &mut buf, &mut rng)?;
            }
            f.put("\n  ]\n }\n}\n").map_err(&err)?;
        }
    }
    em.close(f, Format::TelegramJson)
}

fn write_account_head(
    f: &mut FileOut,
    world: &World,
    owner: &Item,
    chats: &[ChatPlan],
    buf: &mut String,
    rng: &mut Rng,
) -> std::io::Result<()> {
    buf.clear();
    let (own, person) = render::own_contact(owner.seed ^ 0x71c7, owner.lang);
    let _ = own;
    let first = person.first_latin.clone();
    let last = person.last_latin.clone();
    let country = render::victim_country(owner.lang, rng);
    let phone = crate::ids::phone::mobile(rng, country);
    let _ = write!(
        buf,
        "{{\n \"about\": \"Here is the data you requested. Remember: Telegram is ad free, it doesn't sell your data to anyone, and we don't use your data to show you targeted ads. We only store what we need to provide you with the best possible service.\",\n \"personal_information\": {{\n  \"user_id\": {},\n  \"first_name\": ",
        user_id(&first, 7)
    );
    json_str(&first, buf);
    buf.push_str(",\n  \"last_name\": ");
    json_str(&last, buf);
    buf.push_str(",\n  \"phone_number\": ");
    json_str(&phone.international(), buf);
    buf.push_str(",\n  \"username\": \"\",\n  \"bio\": \"\"\n },\n \"contacts\": {\n  \"about\": \"This is your contact list.\",\n  \"list\": [\n");
    // The scammer is in the victim's contacts: a phone in the export that is not a message.
    let mut entries = Vec::new();
    for c in chats
        .iter()
        .filter(|c| c.kind == ChatKind::Direct || c.kind == ChatKind::Friend)
    {
        let d_name = c
            .item
            .op
            .and_then(|o| world.operations.get(o as usize))
            .and_then(|o| o.personas.first())
            .map_or_else(
                || "Friend".to_owned(),
                |p| p.first_latin.clone() + " " + &p.last_latin,
            );
        let country = render::victim_country(owner.lang, rng);
        let p = crate::ids::phone::mobile(rng, country);
        entries.push((d_name, p.international(), c.item.day));
    }
    for (i, (n, p, day)) in entries.iter().enumerate() {
        let at = crate::date::Stamp {
            days: *day,
            secs: 40_000,
            tz_min: 420,
        };
        let (fnm, lnm) = n.split_once(' ').unwrap_or((n, ""));
        let _ = write!(
            buf,
            "   {{\n    \"user_id\": {},\n    \"first_name\": ",
            user_id(n, 0)
        );
        json_str(fnm, buf);
        buf.push_str(",\n    \"last_name\": ");
        json_str(lnm, buf);
        buf.push_str(",\n    \"phone_number\": ");
        json_str(p, buf);
        buf.push_str(",\n    \"date\": \"");
        at.iso_local(buf);
        let _ = write!(buf, "\",\n    \"date_unixtime\": \"{}\"\n   }}", at.unix());
        buf.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
    }
    buf.push_str("  ]\n },\n \"frequent_contacts\": {\n  \"about\": \"This is how our app ranks the people you message most frequently.\",\n  \"list\": []\n },\n \"chats\": {\n  \"about\": \"This page lists all chats from this export.\",\n  \"list\": [\n");
    f.put(buf)
}
