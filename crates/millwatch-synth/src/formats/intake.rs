//! Victim-report intake sheets (CSV in four layouts, JSON Lines) and written statements.
//!
//! Real intake sheets differ by the desk that keeps them: column names in the desk's
//! language, a semicolon delimiter where Excel's locale uses a decimal comma, a UTF-8 byte
//! order mark from "Save as CSV UTF-8", CRLF line ends, multi-line quoted narratives, blank
//! cells. Selectors sit both in typed columns and inside the narrative.

use millwatch_model::{Format, RecordKind};

use super::{ReportParts, csv_row, json_str, report_parts, take};
use crate::SynthError;
use crate::date::{Stamp, civil};
use crate::emit::{Emitter, io_err};
use crate::lang::Lang;
use crate::plan::{Item, Sheet};
use crate::render::{self, Fill, Use, Writer};
use crate::rng::Rng;
use crate::truth::{LocatorKind, PlantRole, RecordTruth};
use crate::world::{SelKind, World};

/// Running numbers for external ids, unique across a world's shards.
#[derive(Default)]
pub(crate) struct Counters {
    pub report: u64,
    pub jsonl: u64,
    pub ad: u64,
    pub sos: u64,
    pub statement: u64,
}

fn is_op(u: &Use<'_>, kinds: &[SelKind]) -> bool {
    u.role == PlantRole::Operation && kinds.contains(&u.sel.kind)
}

/// Inserts a line break before the last sentence, as people do when typing into a form.
fn break_line(s: &mut String) {
    let cut = [". ", "。", "! ", "? "]
        .iter()
        .filter_map(|p| s.rfind(p).map(|i| i + p.len()))
        .max();
    if let Some(i) = cut
        && i < s.len()
        && s.is_char_boundary(i)
    {
        let rest = s.split_off(i);
        let trimmed = s.trim_end().len();
        s.truncate(trimmed);
        s.push('\n');
        s.push_str(rest.trim_start());
    }
}

fn cell(
    w: &mut Writer<'_>,
    u: Option<Use<'_>>,
    lang: Lang,
    rng: &mut Rng,
    field: &'static str,
) -> String {
    let mut s = String::new();
    if let Some(u) = u {
        w.sel(&u, lang, rng, Some(field), &mut s);
    }
    s
}

/// Writes one intake CSV.
pub(crate) fn write_csv(
    em: &mut Emitter,
    world: &World,
    path: &str,
    sheet: Sheet,
    items: &[Item],
    ids: &mut Counters,
) -> Result<(), SynthError> {
    let mut f = em.open(path)?;
    let err = io_err(path);
    let (delim, eol) = match sheet {
        Sheet::En => (',', "\r\n"),
        Sheet::Zh => (',', "\n"),
        Sheet::Th => (';', "\r\n"),
        Sheet::Id => (',', "\n"),
    };
    let mut buf = String::with_capacity(4096);
    if sheet == Sheet::Id {
        buf.push('\u{feff}');
    }
    let header: &[&str] = match sheet {
        Sheet::En => &[
            "id",
            "report_date",
            "country",
            "reporter_email",
            "scammer_name",
            "platform",
            "phone",
            "wallet",
            "website",
            "telegram",
            "amount_lost_usd",
            "narrative",
        ],
        Sheet::Zh => &[
            "编号",
            "日期",
            "国家",
            "报案人",
            "电话",
            "钱包",
            "网址",
            "描述",
        ],
        Sheet::Th => &[
            "id",
            "วันที่",
            "ประเทศ",
            "ชื่อผู้แจ้ง",
            "เบอร์โทร",
            "ไลน์",
            "บัญชีธนาคาร",
            "รายละเอียด",
        ],
        Sheet::Id => &[
            "id",
            "tanggal",
            "negara",
            "nama",
            "telepon",
            "rekening",
            "tautan",
            "keterangan",
        ],
    };
    csv_row(header, delim, eol, &mut buf);
    f.put(&buf).map_err(&err)?;
    for it in items {
        buf.clear();
        let mut rng = Rng::new(it.seed);
        let ReportParts {
            op,
            mut uses,
            own,
            reporter,
        } = report_parts(world, it, &mut rng);
        let mut w = Writer::new(world);
        let mut fill = Fill::new(world, op, it.lang, it.day, &mut rng);
        let reporter_name = reporter.written(it.lang, &mut rng).to_owned();
        fill.victim = &reporter_name;
        ids.report += 1;
        let (y, m, d) = civil(it.day);
        let phone = take(&mut uses, |u| {
            is_op(u, &[SelKind::Phone, SelKind::Whatsapp])
        });
        let phone = cell(
            &mut w,
            phone,
            it.lang,
            &mut rng,
            header[match sheet {
                Sheet::En => 6,
                _ => 4,
            }],
        );
        let mut narrative = String::new();
        let row: Vec<String> = match sheet {
            Sheet::En => {
                let email_own = own
                    .as_ref()
                    .filter(|u| u.sel.kind == SelKind::Email)
                    .cloned();
                let own_rest = own.filter(|u| u.sel.kind != SelKind::Email);
                let email = cell(&mut w, email_own, it.lang, &mut rng, "reporter_email");
                let wallet = take(&mut uses, |u| {
                    is_op(u, &[SelKind::Tron, SelKind::Eth, SelKind::Btc])
                });
                let wallet = cell(&mut w, wallet, it.lang, &mut rng, "wallet");
                let site = take(&mut uses, |u| is_op(u, &[SelKind::Domain]));
                let site = cell(&mut w, site, it.lang, &mut rng, "website");
                let tg = take(&mut uses, |u| is_op(u, &[SelKind::Telegram]));
                let tg = cell(&mut w, tg, it.lang, &mut rng, "telegram");
                if let Some(o) = own_rest {
                    uses.push(o);
                }
                render::narrative(&mut w, op, &uses, &fill, &mut rng, &mut narrative);
                vec![
                    format!("VR-{y:04}-{:06}", ids.report),
                    format!("{y:04}-{m:02}-{d:02}"),
                    (rng.pick(&["US", "GB", "AU", "SG", "CA", "NZ"])).to_owned(),
                    email,
                    op.map_or_else(String::new, |_| fill.persona.to_owned()),
                    fill.platform.to_owned(),
                    phone,
                    wallet,
                    site,
                    tg,
                    if op.is_some() {
                        fill.amount.to_string()
                    } else {
                        String::new()
                    },
                    String::new(),
                ]
            }
            Sheet::Zh => {
                let wallet = take(&mut uses, |u| {
                    is_op(u, &[SelKind::Tron, SelKind::Eth, SelKind::Btc])
                });
                let wallet = cell(&mut w, wallet, it.lang, &mut rng, "钱包");
                let site = take(&mut uses, |u| is_op(u, &[SelKind::Domain]));
                let site = cell(&mut w, site, it.lang, &mut rng, "网址");
                if let Some(o) = own {
                    uses.push(o);
                }
                render::narrative(&mut w, op, &uses, &fill, &mut rng, &mut narrative);
                let date = if rng.chance(0.5) {
                    format!("{y}/{m:02}/{d:02}")
                } else {
                    format!("{y}年{m}月{d}日")
                };
                vec![
                    format!("ZH{y:04}{m:02}{d:02}{:06}", ids.report),
                    date,
                    (rng.pick(&["中国", "中国", "马来西亚", "新加坡"])).to_owned(),
                    reporter_name.clone(),
                    phone,
                    wallet,
                    site,
                    String::new(),
                ]
            }
            Sheet::Th => {
                let line = take(&mut uses, |u| is_op(u, &[SelKind::Line]));
                let line = cell(&mut w, line, it.lang, &mut rng, "ไลน์");
                let bank = take(&mut uses, |u| is_op(u, &[SelKind::BankAccount]));
                let bank = cell(&mut w, bank, it.lang, &mut rng, "บัญชีธนาคาร");
                if let Some(o) = own {
                    uses.push(o);
                }
                render::narrative(&mut w, op, &uses, &fill, &mut rng, &mut narrative);
                vec![
                    format!("TH-{:07}", ids.report),
                    format!("{d:02}/{m:02}/{y:04}"),
                    "ไทย".to_owned(),
                    reporter_name.clone(),
                    phone,
                    line,
                    bank,
                    String::new(),
                ]
            }
            Sheet::Id => {
                let acct = take(&mut uses, |u| {
                    is_op(u, &[SelKind::BankAccount, SelKind::Tron])
                });
                let acct = cell(&mut w, acct, it.lang, &mut rng, "rekening");
                let link = take(&mut uses, |u| is_op(u, &[SelKind::Domain, SelKind::Url]));
                let link = cell(&mut w, link, it.lang, &mut rng, "tautan");
                if let Some(o) = own {
                    uses.push(o);
                }
                render::narrative(&mut w, op, &uses, &fill, &mut rng, &mut narrative);
                vec![
                    format!("LP-{y:04}-{:06}", ids.report),
                    format!("{d:02}-{m:02}-{y:04}"),
                    "Indonesia".to_owned(),
                    reporter_name.clone(),
                    phone,
                    acct,
                    link,
                    String::new(),
                ]
            }
        };
        if rng.chance(0.15) {
            break_line(&mut narrative);
        }
        let mut row = row;
        let id = row[0].clone();
        if let Some(last) = row.last_mut() {
            *last = narrative;
        }
        let refs: Vec<&str> = row.iter().map(String::as_str).collect();
        csv_row(&refs, delim, eol, &mut buf);
        f.put(&buf).map_err(&err)?;
        em.record(RecordTruth {
            file: path.to_owned(),
            format: Format::Csv,
            locator: id,
            locator_kind: LocatorKind::ExternalId,
            kind: RecordKind::VictimReport,
            lang: it.lang,
            operation: it.op,
            also: also(&w),
            person: None,
            sender_role: None,
            media_only: false,
            selectors: w.planted,
        })?;
    }
    em.close(f, Format::Csv)
}

/// Operations other than the record's own that its selectors belong to.
pub(crate) fn also(w: &Writer<'_>) -> Vec<u32> {
    let mut v: Vec<u32> = w
        .planted
        .iter()
        .filter(|p| matches!(p.role, PlantRole::Bridge | PlantRole::Listed))
        .filter_map(|p| p.operation)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Writes one JSON Lines intake file.
pub(crate) fn write_jsonl(
    em: &mut Emitter,
    world: &World,
    path: &str,
    items: &[Item],
    ids: &mut Counters,
) -> Result<(), SynthError> {
    let mut f = em.open(path)?;
    let err = io_err(path);
    let mut buf = String::with_capacity(4096);
    for it in items {
        buf.clear();
        let mut rng = Rng::new(it.seed);
        let ReportParts {
            op,
            mut uses,
            own,
            reporter,
        } = report_parts(world, it, &mut rng);
        let mut w = Writer::new(world);
        let mut fill = Fill::new(world, op, it.lang, it.day, &mut rng);
        let reporter_name = reporter.written(it.lang, &mut rng).to_owned();
        fill.victim = &reporter_name;
        ids.jsonl += 1;
        let id = format!("RPT-{:08}", ids.jsonl);
        let stamp = Stamp {
            days: it.day,
            secs: rng.range(0, 86_399),
            tz_min: 60 * i32::try_from(rng.range(0, 10)).unwrap_or(7),
        };
        buf.push_str("{\"id\":");
        json_str(&id, &mut buf);
        buf.push_str(",\"reported_at\":\"");
        stamp.rfc3339(&mut buf);
        buf.push_str("\",\"lang\":");
        json_str(it.lang.code(), &mut buf);
        buf.push_str(",\"channel\":");
        json_str(
            rng.pick(&[
                "web_form",
                "hotline",
                "email",
                "walk_in",
                "partner_referral",
            ]),
            &mut buf,
        );
        if let Some(o) = op {
            buf.push_str(",\"platform\":");
            json_str(fill.platform, &mut buf);
            buf.push_str(",\"loss\":{\"amount\":");
            buf.push_str(&fill.amount.to_string());
            buf.push_str(",\"currency\":");
            json_str(
                if o.op_type == crate::world::OpType::FakeShop {
                    "USD"
                } else {
                    "USDT"
                },
                &mut buf,
            );
            buf.push('}');
        }
        // Wallets as an array; the rest stays in the narrative.
        let mut wallets = Vec::new();
        while let Some(u) = take(&mut uses, |u| {
            is_op(u, &[SelKind::Tron, SelKind::Eth, SelKind::Btc])
        }) {
            let mut s = String::new();
            w.sel(&u, it.lang, &mut rng, Some("wallets"), &mut s);
            wallets.push(s);
            if rng.chance(0.5) {
                break;
            }
        }
        if !wallets.is_empty() {
            buf.push_str(",\"wallets\":[");
            for (i, s) in wallets.iter().enumerate() {
                if i > 0 {
                    buf.push(',');
                }
                json_str(s, &mut buf);
            }
            buf.push(']');
        }
        if let Some(o) = own {
            let mut s = String::new();
            w.sel(&o, it.lang, &mut rng, Some("reporter_contact"), &mut s);
            buf.push_str(",\"reporter_contact\":");
            json_str(&s, &mut buf);
        }
        let mut narrative = String::new();
        render::narrative(&mut w, op, &uses, &fill, &mut rng, &mut narrative);
        buf.push_str(",\"narrative\":");
        json_str(&narrative, &mut buf);
        buf.push_str("}\n");
        f.put(&buf).map_err(&err)?;
        em.record(RecordTruth {
            file: path.to_owned(),
            format: Format::Jsonl,
            locator: id,
            locator_kind: LocatorKind::ExternalId,
            kind: RecordKind::VictimReport,
            lang: it.lang,
            operation: it.op,
            also: also(&w),
            person: None,
            sender_role: None,
            media_only: false,
            selectors: w.planted,
        })?;
    }
    em.close(f, Format::Jsonl)
}

/// Writes a victim's statement as a text file.
pub(crate) fn write_statement(
    em: &mut Emitter,
    world: &World,
    path: &str,
    it: &Item,
    ids: &mut Counters,
) -> Result<(), SynthError> {
    let mut f = em.open(path)?;
    let mut rng = Rng::new(it.seed);
    let ReportParts {
        op,
        mut uses,
        own,
        reporter,
    } = report_parts(world, it, &mut rng);
    let mut w = Writer::new(world);
    let mut fill = Fill::new(world, op, it.lang, it.day, &mut rng);
    let reporter_name = reporter.written(it.lang, &mut rng).to_owned();
    fill.victim = &reporter_name;
    if let Some(o) = own {
        uses.push(o);
    }
    ids.statement += 1;
    let (y, m, d) = civil(it.day);
    let mut buf = String::with_capacity(2048);
    buf.push_str("VICTIM STATEMENT\n");
    buf.push_str(&format!("Reference: ST-{y:04}-{:04}\nDate: {y:04}-{m:02}-{d:02}\nLanguage: {}\nTaken by: intake volunteer\n\n", ids.statement, it.lang.code()));
    let mut narrative = String::new();
    render::narrative(&mut w, op, &uses, &fill, &mut rng, &mut narrative);
    // Paragraphs of two or three sentences.
    break_line(&mut narrative);
    buf.push_str(&narrative.replace('\n', "\n\n"));
    buf.push_str("\n\nSigned: ");
    buf.push_str(&reporter_name);
    buf.push('\n');
    f.put(&buf).map_err(io_err(path))?;
    em.record(RecordTruth {
        file: path.to_owned(),
        format: Format::Text,
        locator: path.to_owned(),
        locator_kind: LocatorKind::File,
        kind: RecordKind::VictimReport,
        lang: it.lang,
        operation: it.op,
        also: also(&w),
        person: None,
        sender_role: None,
        media_only: false,
        selectors: w.planted,
    })?;
    em.close(f, Format::Text)
}

/// Writes an analyst's case note: a plain-text summary naming several of an operation's
/// selectors and its platform's spellings.
pub(crate) fn write_note(
    em: &mut Emitter,
    world: &World,
    path: &str,
    it: &Item,
) -> Result<(), SynthError> {
    let mut f = em.open(path)?;
    let mut rng = Rng::new(it.seed);
    let mut w = Writer::new(world);
    let op = it.op.and_then(|o| world.operations.get(o as usize));
    let mut t = String::with_capacity(2048);
    let (y, m, d) = civil(it.day);
    t.push_str(&format!("CASE NOTE {y:04}-{m:02}-{d:02}\n\n"));
    if let Some(op) = op {
        let names: Vec<&str> = std::iter::once(op.platform.name.as_str())
            .chain(op.platform.variants.iter().take(2).map(String::as_str))
            .collect();
        t.push_str(&format!("Platform seen as: {}.\n", names.join(" / ")));
        let persona = op.persona(&mut rng);
        let forms: Vec<&str> = persona
            .forms
            .iter()
            .take(3)
            .map(|f| f.text.as_str())
            .collect();
        t.push_str(&format!(
            "Persona: {} (also written {}).\n",
            forms.first().copied().unwrap_or(""),
            forms.iter().skip(1).copied().collect::<Vec<_>>().join(", ")
        ));
        t.push_str(&format!(
            "Suspected location: {}, {}.\n\nSelectors collected so far:\n",
            op.compound().name,
            render::compound_iso(op)
        ));
        let pool = op.active_of(
            it.day,
            &[
                SelKind::Domain,
                SelKind::Tron,
                SelKind::Telegram,
                SelKind::Whatsapp,
                SelKind::Phone,
                SelKind::Email,
                SelKind::BankAccount,
                SelKind::App,
            ],
        );
        for s in render::pick_weighted(&pool, rng.range(2, 5) as usize, &mut rng) {
            let u = Use::of(s, PlantRole::Operation, Some(op.index));
            let mut v = String::new();
            w.sel(&u, Lang::En, &mut rng, None, &mut v);
            t.push_str(&format!("- {}: {v}\n", s.kind.as_str()));
        }
        t.push_str("\nNext steps: request subscriber data for the numbers; trace the deposit wallets; check the domains' registrar.\n");
    }
    f.put(&t).map_err(io_err(path))?;
    em.record(RecordTruth {
        file: path.to_owned(),
        format: Format::Text,
        locator: path.to_owned(),
        locator_kind: LocatorKind::File,
        kind: RecordKind::Document,
        lang: Lang::En,
        operation: it.op,
        also: also(&w),
        person: None,
        sender_role: None,
        media_only: false,
        selectors: w.planted,
    })?;
    em.close(f, Format::Text)
}
