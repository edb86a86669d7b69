//! One writer per input format, each following the format's own specification: RFC 4180
//! CSV (with the delimiter and byte-order-mark variants real exports have), JSON Lines,
//! RFC 5322/2045/2047 mail and mboxrd, saved HTML pages, Telegram Desktop's `result.json`
//! layouts and WhatsApp's Android and iOS export lines.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::names::Persona;
use crate::plan::Item;
use crate::render::{self, Use};
use crate::rng::Rng;
use crate::truth::PlantRole;
use crate::world::{Operation, World};

pub(crate) mod ads;
pub(crate) mod chat;
pub(crate) mod intake;
pub(crate) mod mail;
pub(crate) mod mime;
pub(crate) mod sos;
pub(crate) mod telegram;
pub(crate) mod web;
pub(crate) mod whatsapp;

/// Appends `s` as a CSV field, quoted when it must be (RFC 4180).
pub(crate) fn csv_field(s: &str, delim: char, out: &mut String) {
    let needs = s.contains(delim)
        || s.contains('"')
        || s.contains('\n')
        || s.contains('\r')
        || s.starts_with(' ')
        || s.ends_with(' ');
    if needs {
        out.push('"');
        for c in s.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// Appends a CSV row.
pub(crate) fn csv_row(fields: &[&str], delim: char, eol: &str, out: &mut String) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(delim);
        }
        csv_field(f, delim, out);
    }
    out.push_str(eol);
}

/// Appends `s` as a JSON string literal.
pub(crate) fn json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `s` with HTML's special characters escaped.
pub(crate) fn html_escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// The people and selectors of one victim report.
pub(crate) struct ReportParts<'w> {
    pub op: Option<&'w Operation>,
    pub uses: Vec<Use<'w>>,
    pub own: Option<Use<'w>>,
    pub reporter: Persona,
}

/// Decides what a report of `it` names: its operation's selectors by structure, bridges
/// and laundering, maybe a hub and maybe the reporter's own contact.
pub(crate) fn report_parts<'w>(world: &'w World, it: &Item, rng: &mut Rng) -> ReportParts<'w> {
    let op = it.op.and_then(|o| world.operations.get(o as usize));
    let mut uses = match op {
        Some(o) => render::report_uses(world, o, it.k, it.day, rng),
        None => Vec::new(),
    };
    if (rng.chance(world.config.hub_rate) || (op.is_none() && rng.chance(0.5)))
        && let Some(h) = render::hub_use(world, rng)
    {
        uses.push(h);
    }
    let seed = render::victim_seed(world, it.op, it.k, it.seed);
    let (own_sel, reporter) = render::own_contact(seed, it.lang);
    let own = if render::is_repeat(world, it.op, it.k) || rng.chance(world.config.own_contact_rate)
    {
        Some(Use {
            sel: Cow::Owned(own_sel),
            role: PlantRole::Victim,
            op: None,
        })
    } else {
        None
    };
    ReportParts {
        op,
        uses,
        own,
        reporter,
    }
}

/// Removes and returns the first use matching `pred`.
pub(crate) fn take<'w>(
    uses: &mut Vec<Use<'w>>,
    pred: impl Fn(&Use<'w>) -> bool,
) -> Option<Use<'w>> {
    let i = uses.iter().position(pred)?;
    Some(uses.remove(i))
}

/// A link target for a selector (`https://t.me/x`, `https://wa.me/…`, `mailto:`), planted
/// with the `href` field; `None` for kinds that have no link form.
pub(crate) fn href(w: &mut render::Writer<'_>, u: &Use<'_>) -> Option<String> {
    use crate::world::{Raw, SelKind};
    let s = &*u.sel;
    let (url, hub): (String, Option<&str>) = match s.kind {
        SelKind::Telegram => (format!("https://t.me/{}", s.value), Some("t.me")),
        SelKind::Whatsapp => match &s.raw {
            Raw::Phone(p) => (format!("https://wa.me/{}", p.digits()), Some("wa.me")),
            _ => return None,
        },
        SelKind::Domain => (format!("https://{}/", s.value), None),
        SelKind::Url => (s.value.clone(), Some("bit.ly")),
        SelKind::Email => (format!("mailto:{}", s.value), None),
        SelKind::Line if !s.value.starts_with('@') => (
            format!("https://line.me/ti/p/~{}", s.value),
            Some("line.me"),
        ),
        SelKind::App => {
            if let Some(pkg) = s.value.strip_prefix("android:") {
                (
                    format!("https://play.google.com/store/apps/details?id={pkg}"),
                    Some("google.com"),
                )
            } else {
                let id = s.value.trim_start_matches("ios:");
                (
                    format!("https://apps.apple.com/app/id{id}"),
                    Some("apple.com"),
                )
            }
        }
        _ => return None,
    };
    w.plant_use(u, Some("href"));
    if let Some(h) = hub {
        w.plant_hub(h, Some("href"));
    }
    if s.kind == SelKind::Email {
        w.plant_email_domain(u, Some("href"));
    }
    Some(url)
}
