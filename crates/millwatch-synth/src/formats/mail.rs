//! E-mail: single RFC 5322 messages (`.eml`, CRLF) and mboxrd archives (LF, `From `
//! envelope lines, `>From ` quoting).
//!
//! Messages vary the way real mailers do: plain or multipart/alternative, attachments in
//! multipart/mixed, bodies in 8bit, quoted-printable or base64, text in UTF-8 or in the
//! legacy charset of the writer's region (GB2312, Big5, TIS-620, windows-1252), and subjects
//! and display names as RFC 2047 encoded words in B or Q encoding.

use std::fmt::Write as _;

use encoding_rs::Encoding;
use millwatch_model::{Format, RecordKind};

use super::intake::also;
use super::mime::{base64_body, encode, encoded_words, quoted_printable, rfc2231};
use super::{href, html_escape};
use crate::SynthError;
use crate::date::Stamp;
use crate::emit::{Emitter, FileOut, io_err};
use crate::lang::{Lang, Mail};
use crate::plan::{Item, MailKind};
use crate::render::{self, Fill, Use, Writer, pick_weighted};
use crate::rng::Rng;
use crate::truth::{LocatorKind, PlantRole, RecordTruth};
use crate::world::{NGO_MAILBOXES, SelKind, Selector, World};

/// A message ready to be serialised.
struct Message {
    id: String,
    eml: String,
    sender: String,
}

const TZ: &[i32] = &[420, 420, 480, 0, -300, 60, 330, 540];

fn charset_for(lang: Lang, rng: &mut Rng) -> (&'static str, &'static Encoding) {
    let legacy = rng.chance(0.45);
    match lang {
        Lang::Zh if legacy => {
            if rng.chance(0.8) {
                ("gb2312", encoding_rs::GBK)
            } else {
                ("GB18030", encoding_rs::GB18030)
            }
        }
        Lang::ZhHant if legacy || rng.chance(0.3) => ("big5", encoding_rs::BIG5),
        Lang::Th if legacy => {
            if rng.chance(0.7) {
                ("TIS-620", encoding_rs::WINDOWS_874)
            } else {
                ("windows-874", encoding_rs::WINDOWS_874)
            }
        }
        Lang::En | Lang::Es | Lang::Id | Lang::Tl if legacy => {
            ("windows-1252", encoding_rs::WINDOWS_1252)
        }
        _ => {
            if rng.chance(0.2) {
                ("UTF-8", encoding_rs::UTF_8)
            } else {
                ("utf-8", encoding_rs::UTF_8)
            }
        }
    }
}

/// A header value: ASCII as is, anything else as encoded words.
fn header_text(
    text: &str,
    charset: &str,
    enc: &'static Encoding,
    rng: &mut Rng,
    eol: &str,
    out: &mut String,
) {
    if text.is_ascii() {
        out.push_str(text);
        return;
    }
    let (cs, e) = if encode(text, enc).is_some() {
        (charset, enc)
    } else {
        ("UTF-8", encoding_rs::UTF_8)
    };
    encoded_words(text, cs, e, rng.chance(0.35), eol, out);
}

fn mailbox(
    name: &str,
    addr: &str,
    charset: &str,
    enc: &'static Encoding,
    rng: &mut Rng,
    eol: &str,
    out: &mut String,
) {
    if name.is_empty() {
        out.push_str(addr);
        return;
    }
    if name.is_ascii() {
        out.push('"');
        out.push_str(&name.replace('"', ""));
        out.push('"');
    } else {
        header_text(name, charset, enc, rng, eol, out);
    }
    out.push_str(" <");
    out.push_str(addr);
    out.push('>');
}

fn boundary(rng: &mut Rng) -> String {
    let mut s = String::from("----=_Part_");
    rng.digits(6, &mut s);
    s.push('_');
    let mut h = [0u8; 8];
    rng.fill(&mut h);
    crate::ids::crypto::hex(&h, &mut s);
    s
}

/// A body part: headers and encoded content.
fn text_part(
    ctype: &str,
    text: &str,
    charset: &str,
    enc: &'static Encoding,
    rng: &mut Rng,
    eol: &str,
    out: &mut String,
) {
    let (cs, bytes) = match encode(text, enc) {
        Some(b) => (charset, b),
        None => ("utf-8", text.as_bytes().to_vec()),
    };
    let ascii = bytes.is_ascii();
    let cte = if ascii && rng.chance(0.6) {
        "7bit"
    } else if cs.eq_ignore_ascii_case("utf-8") && rng.chance(0.3) {
        "8bit"
    } else if rng.chance(0.5) {
        "quoted-printable"
    } else {
        "base64"
    };
    let _ = write!(
        out,
        "Content-Type: {ctype}; charset=\"{cs}\"{eol}Content-Transfer-Encoding: {cte}{eol}{eol}"
    );
    match cte {
        "quoted-printable" => quoted_printable(&bytes, eol, out),
        "base64" => base64_body(&bytes, eol, out),
        _ => {
            // 7bit/8bit: the text as is, with the message's line ends.
            let s = String::from_utf8_lossy(&bytes);
            for line in s.split('\n') {
                out.push_str(line);
                out.push_str(eol);
            }
        }
    }
}

fn attachment(name: &str, rng: &mut Rng, eol: &str, out: &mut String) {
    let (ctype, mut data): (&str, Vec<u8>) = if name.ends_with(".pdf") {
        (
            "application/pdf",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec(),
        )
    } else {
        ("image/png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec())
    };
    let mut tail = vec![0u8; 200 + rng.below(1800)];
    rng.fill(&mut tail);
    data.extend_from_slice(&tail);
    if ctype == "application/pdf" {
        data.extend_from_slice(b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    }
    if name.is_ascii() {
        let _ = write!(
            out,
            "Content-Type: {ctype}; name=\"{name}\"{eol}Content-Disposition: attachment; filename=\"{name}\"{eol}"
        );
    } else {
        let mut p = String::new();
        rfc2231(name, &mut p);
        let _ = write!(
            out,
            "Content-Type: {ctype}{eol}Content-Disposition: attachment; filename*={p}{eol}"
        );
    }
    let _ = write!(out, "Content-Transfer-Encoding: base64{eol}{eol}");
    base64_body(&data, eol, out);
}

/// Builds one message as UTF-8 text (legacy-charset parts are already transfer-encoded,
/// so the whole message is ASCII except for 8bit UTF-8 parts).
fn build(
    world: &World,
    it: &Item,
    kind: MailKind,
    n: u64,
    eol: &str,
    w: &mut Writer<'_>,
) -> Message {
    let mut rng = Rng::new(it.seed);
    let op = it.op.and_then(|o| world.operations.get(o as usize));
    let lang = it.lang;
    let pack = lang.pack();
    let Some(m): Option<&Mail> = pack.mail.or(Lang::En.pack().mail) else {
        return Message {
            id: String::new(),
            eml: String::new(),
            sender: String::new(),
        };
    };
    let (own_sel, person) = render::own_contact(render::victim_seed(world, None, 0, it.seed), lang);
    let victim_name = person.written(lang, &mut rng).to_owned();
    let mut f = Fill::new(world, op, lang, it.day, &mut rng);
    f.victim = &victim_name;
    let (charset, enc) = charset_for(lang, &mut rng);
    // Sender, recipient and the selectors the body names.
    let ngo: Vec<&Selector> = world
        .hubs
        .selectors
        .iter()
        .filter(|s| s.kind == SelKind::Email && NGO_MAILBOXES.iter().any(|(a, _)| *a == s.value))
        .collect();
    let own_email = if own_sel.kind == SelKind::Email {
        own_sel
    } else {
        render::own_contact(it.seed.rotate_left(7), Lang::En).0
    };
    let own_email = if own_email.kind == SelKind::Email {
        Some(own_email)
    } else {
        None
    };
    let own_use = own_email.map(|s| Use {
        sel: std::borrow::Cow::Owned(s),
        role: PlantRole::Victim,
        op: None,
    });
    let mut body_uses: Vec<Use<'_>> = Vec::new();
    let (subj_t, lines, from, to): (&[&str], &[&str], Option<Use<'_>>, Option<Use<'_>>) =
        match (kind, op) {
            (MailKind::Newsletter, _) | (_, None) => {
                let hot = world.hubs.of(crate::world::HubKind::Hotline);
                if let Some(h) = rng.pick_opt(&hot) {
                    body_uses.push(Use::of(h, PlantRole::Hub, None));
                }
                let from = ngo
                    .iter()
                    .find(|s| s.value.starts_with("bulletin"))
                    .map(|s| Use::of(s, PlantRole::Hub, None));
                (m.newsletter_subj, m.newsletter, from, own_use)
            }
            (MailKind::Notice | MailKind::Recovery, Some(o)) => {
                let emails = o.active_of(it.day, &[SelKind::Email]);
                let from = rng
                    .pick_opt(&emails)
                    .map(|s| Use::of(s, PlantRole::Operation, Some(o.index)));
                let pool = o.active_of(
                    it.day,
                    &[
                        SelKind::Domain,
                        SelKind::Telegram,
                        SelKind::Whatsapp,
                        SelKind::Tron,
                        SelKind::App,
                        SelKind::Line,
                    ],
                );
                for s in pick_weighted(&pool, rng.range(1, 3) as usize, &mut rng) {
                    body_uses.push(Use::of(s, PlantRole::Operation, Some(o.index)));
                }
                if kind == MailKind::Recovery {
                    (m.recovery_subj, m.recovery, from, own_use)
                } else {
                    (m.notice_subj, m.notice, from, own_use)
                }
            }
            (MailKind::Offer, Some(o)) => {
                let rec: Vec<&Selector> = o.recruiters().collect();
                let from = rec
                    .iter()
                    .find(|s| s.kind == SelKind::Email)
                    .map(|s| Use::of(s, PlantRole::Operation, Some(o.index)));
                for s in rec.iter().filter(|s| s.kind != SelKind::Email) {
                    if rng.chance(0.7) {
                        body_uses.push(Use::of(s, PlantRole::Operation, Some(o.index)));
                    }
                }
                (m.offer_subj, m.offer, from, own_use)
            }
            (MailKind::Complaint, Some(o)) => {
                let pool = o.active_of(
                    it.day,
                    &[
                        SelKind::Domain,
                        SelKind::Telegram,
                        SelKind::Whatsapp,
                        SelKind::Tron,
                        SelKind::Eth,
                        SelKind::BankAccount,
                        SelKind::Iban,
                        SelKind::Phone,
                    ],
                );
                for s in pick_weighted(&pool, rng.range(1, 3) as usize, &mut rng) {
                    body_uses.push(Use::of(s, PlantRole::Operation, Some(o.index)));
                }
                let to = ngo
                    .iter()
                    .find(|s| s.value.starts_with("report"))
                    .map(|s| Use::of(s, PlantRole::Hub, None));
                (m.complaint_subj, m.complaint, own_use, to)
            }
        };
    let stamp = Stamp {
        days: it.day,
        secs: rng.range(6 * 3600, 23 * 3600),
        tz_min: rng.pick(TZ),
    };
    let sender_addr = match &from {
        Some(u) => w.address(u, Some("from")),
        None => "no-reply@mailer.example".to_owned(),
    };
    let to_addr = match &to {
        Some(u) => w.address(u, Some("to")),
        None => "undisclosed-recipients:;".to_owned(),
    };
    let sender_domain = sender_addr
        .split_once('@')
        .map_or("mail.example", |(_, d)| d)
        .to_owned();
    let mut idh = [0u8; 8];
    rng.fill(&mut idh);
    let mut id = String::new();
    crate::ids::crypto::hex(&idh, &mut id);
    let _ = write!(id, ".{n}@{sender_domain}");
    // Subject.
    let mut subject = String::new();
    if kind == MailKind::Complaint && rng.chance(0.3) {
        subject.push_str("Fwd: ");
    } else if rng.chance(0.1) {
        subject.push_str("Re: ");
    }
    render::fill(rng.pick(subj_t), &f, "", &mut subject);
    // Body text and HTML.
    let mut text = String::new();
    render::fill(rng.pick(m.hello), &f, "", &mut text);
    text.push_str("\n\n");
    let mut html = String::from(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html\"></head><body>",
    );
    let mut para = String::new();
    for l in lines.iter().take(rng.range(2, 4) as usize) {
        render::sentence(&mut para, pack, l, &f, "");
    }
    text.push_str(&para);
    html.push_str("<p>");
    html_escape(&para, &mut html);
    html.push_str("</p>");
    for u in &body_uses {
        let mut s = String::new();
        w.sel(u, lang, &mut rng, None, &mut s);
        // The scammers write in their own voice; a complaint in the victim's.
        let t = if kind == MailKind::Complaint || u.role == PlantRole::Hub {
            rng.pick(render::sel_lines(pack, u))
        } else {
            render::voice_line(pack, u, &mut rng)
        };
        let mut line = String::new();
        render::fill(t, &f, &s, &mut line);
        text.push('\n');
        text.push_str(&line);
        html.push_str("<p>");
        match href(w, u) {
            Some(h) => {
                let mut before = String::new();
                render::fill(t, &f, "\u{1}", &mut before);
                let (a, b) = before.split_once('\u{1}').unwrap_or((&before, ""));
                html_escape(a, &mut html);
                html.push_str("<a href=\"");
                html_escape(&h, &mut html);
                html.push_str("\">");
                html_escape(&s, &mut html);
                html.push_str("</a>");
                html_escape(b, &mut html);
            }
            None => html_escape(&line, &mut html),
        }
        html.push_str("</p>");
    }
    text.push_str("\n\n");
    let mut bye = String::new();
    render::fill(rng.pick(m.bye), &f, "", &mut bye);
    text.push_str(&bye);
    text.push('\n');
    let signer = match (kind, op) {
        (MailKind::Complaint, _) => victim_name.clone(),
        (MailKind::Offer, Some(_)) => format!("HR Department, {}", f.city),
        (_, Some(_)) => f.platform.to_owned(),
        _ => "ScamWatch Coalition".to_owned(),
    };
    text.push_str(&signer);
    text.push('\n');
    html.push_str("<p>");
    html_escape(&bye, &mut html);
    html.push_str("<br>");
    html_escape(&signer, &mut html);
    html.push_str("</p></body></html>");

    // Headers.
    let mut e = String::with_capacity(4096 + text.len() * 3);
    if rng.chance(0.5) {
        let _ = write!(e, "Return-Path: <{sender_addr}>{eol}");
        let mut d = String::new();
        stamp.rfc5322(&mut d);
        let _ = write!(
            e,
            "Received: from mail-{}.{sender_domain} ([{}.{}.{}.{}]){eol}\tby mx.scamwatch-coalition.org with ESMTPS id {:x}{eol}\tfor <{to_addr}>; {d}{eol}",
            rng.range(1, 40),
            rng.range(11, 223),
            rng.range(0, 255),
            rng.range(0, 255),
            rng.range(1, 254),
            rng.u64() >> 20
        );
    }
    let _ = write!(e, "Message-ID: <{id}>{eol}Date: ");
    stamp.rfc5322(&mut e);
    e.push_str(eol);
    e.push_str("From: ");
    let from_name = match (kind, op) {
        (MailKind::Complaint, _) => victim_name.clone(),
        (MailKind::Offer, Some(_)) => format!("HR Department – {}", f.compound),
        (_, Some(_)) => f.platform.to_owned(),
        _ => "ScamWatch Coalition".to_owned(),
    };
    mailbox(
        &from_name,
        &sender_addr,
        charset,
        enc,
        &mut rng,
        eol,
        &mut e,
    );
    e.push_str(eol);
    e.push_str("To: ");
    if to.is_some() {
        let to_name = if kind == MailKind::Complaint {
            ""
        } else {
            victim_name.as_str()
        };
        mailbox(to_name, &to_addr, charset, enc, &mut rng, eol, &mut e);
    } else {
        e.push_str(&to_addr);
    }
    e.push_str(eol);
    e.push_str("Subject: ");
    header_text(&subject, charset, enc, &mut rng, eol, &mut e);
    e.push_str(eol);
    if rng.chance(0.4) {
        let _ = write!(
            e,
            "X-Mailer: {}{eol}",
            rng.pick(&[
                "Microsoft Outlook 16.0",
                "Foxmail 7.2.25",
                "Apple Mail (2.3774)",
                "PHPMailer 6.8.1"
            ])
        );
    }
    let _ = write!(e, "MIME-Version: 1.0{eol}");
    let with_attachment = matches!(kind, MailKind::Offer | MailKind::Complaint) && rng.chance(0.6);
    let alternative = rng.chance(0.55);
    let mut body = String::new();
    if alternative {
        let b = boundary(&mut rng);
        let _ = write!(
            body,
            "Content-Type: multipart/alternative; boundary=\"{b}\"{eol}{eol}"
        );
        let _ = write!(body, "--{b}{eol}");
        text_part("text/plain", &text, charset, enc, &mut rng, eol, &mut body);
        let _ = write!(body, "--{b}{eol}");
        text_part("text/html", &html, charset, enc, &mut rng, eol, &mut body);
        let _ = write!(body, "--{b}--{eol}");
    } else {
        // Without an HTML alternative the links exist only as text.
        w.planted.retain(|p| p.field != Some("href"));
        text_part("text/plain", &text, charset, enc, &mut rng, eol, &mut body);
    }
    if with_attachment {
        let b = boundary(&mut rng);
        let _ = write!(
            e,
            "Content-Type: multipart/mixed; boundary=\"{b}\"{eol}{eol}This is a multi-part message in MIME format.{eol}{eol}--{b}{eol}"
        );
        e.push_str(&body);
        let _ = write!(e, "--{b}{eol}");
        let name = match (kind, lang) {
            (MailKind::Offer, _) => "Offer_Letter.pdf".to_owned(),
            (_, Lang::Zh) => "转账截图.png".to_owned(),
            (_, Lang::Th) => "สลิปโอนเงิน.png".to_owned(),
            _ => format!("screenshot_{}.png", rng.range(1, 40)),
        };
        attachment(&name, &mut rng, eol, &mut e);
        let _ = write!(e, "--{b}--{eol}");
    } else {
        e.push_str(&body);
    }
    Message {
        id,
        eml: e,
        sender: sender_addr,
    }
}

fn truth(path: &str, format: Format, it: &Item, id: String, w: Writer<'_>) -> RecordTruth {
    RecordTruth {
        file: path.to_owned(),
        format,
        locator: id,
        locator_kind: LocatorKind::MessageId,
        kind: RecordKind::Email,
        lang: it.lang,
        operation: it.op,
        also: also(&w),
        person: None,
        sender_role: None,
        media_only: false,
        selectors: w.planted,
    }
}

/// Writes one `.eml`.
pub(crate) fn write_eml(
    em: &mut Emitter,
    world: &World,
    path: &str,
    it: &Item,
    kind: MailKind,
    n: u64,
) -> Result<(), SynthError> {
    let mut f = em.open(path)?;
    let mut w = Writer::new(world);
    let msg = build(world, it, kind, n, "\r\n", &mut w);
    f.put(&msg.eml).map_err(io_err(path))?;
    em.record(truth(path, Format::Eml, it, msg.id, w))?;
    em.close(f, Format::Eml)
}

fn mbox_put(f: &mut FileOut, msg: &Message, it: &Item, buf: &mut String) -> std::io::Result<()> {
    buf.clear();
    buf.push_str("From ");
    buf.push_str(&msg.sender);
    buf.push(' ');
    Stamp {
        days: it.day,
        secs: 12 * 3600,
        tz_min: 0,
    }
    .asctime_utc(buf);
    buf.push('\n');
    for line in msg.eml.split('\n') {
        // mboxrd: quote every line that is a `From ` line after any number of `>`.
        if line.trim_start_matches('>').starts_with("From ") {
            buf.push('>');
        }
        buf.push_str(line);
        buf.push('\n');
    }
    // The message ends with its own newline; one blank line separates messages.
    if buf.ends_with("\n\n") {
        buf.pop();
    }
    buf.push('\n');
    f.put(buf)
}

/// Writes an mbox archive.
pub(crate) fn write_mbox(
    em: &mut Emitter,
    world: &World,
    path: &str,
    items: &[(Item, MailKind)],
    n: &mut u64,
) -> Result<(), SynthError> {
    let mut f = em.open(path)?;
    let err = io_err(path);
    let mut buf = String::with_capacity(8192);
    for (it, kind) in items {
        *n += 1;
        let mut w = Writer::new(world);
        let mut msg = build(world, it, *kind, *n, "\n", &mut w);
        // Some bodies quote a line starting with "From " to exercise mboxrd quoting.
        if msg.eml.contains("Content-Transfer-Encoding: 7bit\n\n") && it.seed % 5 == 0 {
            msg.eml = msg.eml.replacen(
                "Content-Transfer-Encoding: 7bit\n\n",
                "Content-Transfer-Encoding: 7bit\n\nFrom the desk of the sender:\n",
                1,
            );
        }
        mbox_put(&mut f, &msg, it, &mut buf).map_err(&err)?;
        em.record(truth(path, Format::Mbox, it, msg.id, w))?;
    }
    em.close(f, Format::Mbox)
}
