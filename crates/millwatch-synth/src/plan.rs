//! Which records go into which files.
//!
//! Reports are routed by language to the intake sheet that language's desk would keep
//! (an English CSV, a Chinese CSV, a semicolon-separated Thai one, an Indonesian one with a
//! byte-order mark, a JSON Lines file for the rest, a few statements as text files); other
//! kinds are spread over their formats. Each file holds a list of small [`Item`]s: which
//! operation, which report of it, language, day and a seed; the text is made only when the
//! file is written.

use crate::config::WorldConfig;
use crate::lang::Lang;
use crate::rng::{Rng, derive};
use crate::world::{OpType, World};

/// One planned record (or, for chats, one planned chat).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Item {
    pub op: Option<u32>,
    /// Report index within the operation, or a variant number for other kinds.
    pub k: u32,
    pub lang: Lang,
    pub day: i64,
    pub seed: u64,
}

/// Intake sheet layouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sheet {
    /// English columns, comma-separated.
    En,
    /// Chinese columns.
    Zh,
    /// Thai columns, semicolon-separated.
    Th,
    /// Indonesian columns, UTF-8 with a byte-order mark.
    Id,
}

/// What kind of e-mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MailKind {
    Notice,
    Recovery,
    Offer,
    Complaint,
    Newsletter,
}

/// A chat's role in its export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ChatKind {
    /// Victim and a persona.
    Direct,
    /// An operation's group with several members.
    Group,
    /// An operation's broadcast channel.
    Channel,
    /// The victim and a friend: no operation.
    Friend,
    /// A public group that belongs to no operation.
    Public,
}

/// A planned chat.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ChatPlan {
    pub kind: ChatKind,
    pub item: Item,
    pub messages: u32,
    pub id: i64,
}

/// WhatsApp line formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WaStyle {
    AndroidMdy12,
    AndroidDmy24,
    IosDmy24,
    IosMdy12,
}

/// A Telegram export's layout.
#[derive(Clone, Debug)]
pub(crate) enum TgLayout {
    /// One chat ("Export chat history").
    Single(ChatPlan),
    /// Whole account ("Export Telegram data"): chats and left chats.
    Account {
        chats: Vec<ChatPlan>,
        left: Vec<ChatPlan>,
        owner: Item,
    },
}

/// What a file holds.
#[derive(Clone, Debug)]
pub(crate) enum Spec {
    IntakeCsv { sheet: Sheet, items: Vec<Item> },
    IntakeJsonl { items: Vec<Item> },
    Statement { item: Item },
    AdsCsv { items: Vec<Item> },
    AdHtml { item: Item },
    SosText { item: Item, markdown: bool },
    SosCsv { items: Vec<Item> },
    Eml { item: Item, kind: MailKind },
    Mbox { items: Vec<(Item, MailKind)> },
    Web { item: Item },
    WarningPage { item: Item, listed: Vec<u32> },
    Telegram { layout: TgLayout },
    WhatsApp { style: WaStyle, chat: ChatPlan },
    Note { item: Item },
}

/// A planned file.
#[derive(Clone, Debug)]
pub(crate) struct FilePlan {
    /// Path relative to the corpus directory.
    pub path: String,
    pub spec: Spec,
}

fn has_chat(l: Lang) -> bool {
    l.pack().chat.is_some()
}

fn has_mail(l: Lang) -> bool {
    l.pack().mail.is_some()
}

fn has_web(l: Lang) -> bool {
    l.pack().web.is_some()
}

/// Picks an operation with probability growing with its size.
struct OpPicker {
    weights: Vec<u32>,
}

impl OpPicker {
    fn new(world: &World) -> Self {
        OpPicker {
            weights: world
                .operations
                .iter()
                .map(|o| (o.reports + 4).min(1_000))
                .collect(),
        }
    }

    fn pick(&self, rng: &mut Rng) -> Option<u32> {
        if self.weights.is_empty() {
            None
        } else {
            u32::try_from(rng.weighted(&self.weights)).ok()
        }
    }
}

fn lang_for(world: &World, op: Option<u32>, rng: &mut Rng, ok: impl Fn(Lang) -> bool) -> Lang {
    let langs = world.config.langs();
    if let Some(o) = op.and_then(|o| world.operations.get(o as usize)) {
        let fit: Vec<Lang> = o.langs.iter().copied().filter(|&l| ok(l)).collect();
        if let Some(&l) = rng.pick_opt(&fit) {
            return l;
        }
    }
    let fit: Vec<Lang> = langs.iter().copied().filter(|&l| ok(l)).collect();
    rng.pick_opt(&fit).copied().unwrap_or(Lang::En)
}

fn item(world: &World, op: Option<u32>, k: u32, lang: Lang, rng: &mut Rng) -> Item {
    let day = match op.and_then(|o| world.operations.get(o as usize)) {
        Some(o) => {
            o.start_day
                + i64::try_from(
                    rng.below(usize::try_from(o.end_day - o.start_day).unwrap_or(0) + 1),
                )
                .unwrap_or(0)
        }
        None => world.start_day() + i64::from(rng.range(0, world.config.span_days)),
    };
    Item {
        op,
        k,
        lang,
        day,
        seed: rng.u64(),
    }
}

fn sort_items(items: &mut [Item]) {
    items.sort_by_key(|i| (i.day, i.op, i.k, i.seed));
}

fn shards<T: Clone>(items: Vec<T>, max: usize) -> Vec<Vec<T>> {
    if items.is_empty() {
        return Vec::new();
    }
    items.chunks(max.max(1)).map(<[T]>::to_vec).collect()
}

fn shard_name(base: &str, ext: &str, i: usize, n: usize) -> String {
    if n <= 1 {
        format!("{base}.{ext}")
    } else {
        format!("{base}_{:03}.{ext}", i + 1)
    }
}

/// Plans every file of the world.
pub(crate) fn plan(world: &mut World) {
    let cfg: WorldConfig = world.config.clone();
    let mut rng = Rng::sub(cfg.seed, 2);
    let langs = cfg.langs();
    let mut files: Vec<FilePlan> = Vec::new();
    let picker = OpPicker::new(world);

    // Victim reports, by language desk.
    let mut sheets: [Vec<Item>; 4] = Default::default();
    let mut jsonl: Vec<Item> = Vec::new();
    let mut statements: Vec<Item> = Vec::new();
    let statement_rate = 0.01;
    let route = |it: Item,
                 rng: &mut Rng,
                 sheets: &mut [Vec<Item>; 4],
                 jsonl: &mut Vec<Item>,
                 statements: &mut Vec<Item>| {
        if rng.chance(statement_rate)
            && matches!(it.lang, Lang::En | Lang::Id | Lang::Th | Lang::Zh)
        {
            statements.push(it);
            return;
        }
        let sheet = match it.lang {
            Lang::En => Some(0),
            Lang::Zh => Some(1),
            Lang::Th => Some(2),
            Lang::Id => Some(3),
            _ => None,
        };
        match sheet {
            Some(s) if rng.chance(0.8) => sheets[s].push(it),
            _ => jsonl.push(it),
        }
    };
    for o in 0..world.operations.len() {
        let (reports, op_langs) = {
            let op = &world.operations[o];
            (op.reports, op.langs.clone())
        };
        let mut r = Rng::sub(cfg.seed, 10_000_000 + o as u64);
        for k in 0..reports {
            let lang = r.pick(&op_langs);
            let day = world.operations[o].report_day(k, &mut r);
            let it = Item {
                op: u32::try_from(o).ok(),
                k,
                lang,
                day,
                seed: derive(cfg.seed, (o as u64) << 32 | u64::from(k)),
            };
            route(it, &mut r, &mut sheets, &mut jsonl, &mut statements);
        }
    }
    for n in 0..world.noise_reports {
        // Noise reports go round every language first, so every language appears even in
        // a small world.
        let lang = if (n as usize) < langs.len() {
            langs[n as usize]
        } else {
            rng.pick(&langs)
        };
        let it = Item {
            op: None,
            k: n,
            lang,
            day: world.start_day() + i64::from(rng.range(0, cfg.span_days)),
            seed: rng.u64(),
        };
        route(it, &mut rng, &mut sheets, &mut jsonl, &mut statements);
    }
    // At least a couple of statements, taken from the sheets, so every world has text files.
    for sheet in &mut sheets {
        while statements.len() < 2 && sheet.len() > 4 {
            if let Some(it) = sheet.pop() {
                statements.push(it);
            }
        }
    }
    let sheet_names = [
        (Sheet::En, "intake/reports_en", "csv"),
        (Sheet::Zh, "intake/reports_zh", "csv"),
        (Sheet::Th, "intake/reports_th", "csv"),
        (Sheet::Id, "intake/laporan_id", "csv"),
    ];
    for (i, (sheet, base, ext)) in sheet_names.iter().enumerate() {
        let mut items = std::mem::take(&mut sheets[i]);
        sort_items(&mut items);
        let parts = shards(items, cfg.shard_rows);
        let n = parts.len();
        for (j, items) in parts.into_iter().enumerate() {
            files.push(FilePlan {
                path: shard_name(base, ext, j, n),
                spec: Spec::IntakeCsv {
                    sheet: *sheet,
                    items,
                },
            });
        }
    }
    sort_items(&mut jsonl);
    let parts = shards(jsonl, cfg.shard_rows);
    let n = parts.len();
    for (j, items) in parts.into_iter().enumerate() {
        files.push(FilePlan {
            path: shard_name("intake/reports_multi", "jsonl", j, n),
            spec: Spec::IntakeJsonl { items },
        });
    }
    sort_items(&mut statements);
    for (j, it) in statements.into_iter().enumerate() {
        files.push(FilePlan {
            path: format!("intake/statements/statement_{:04}.txt", j + 1),
            spec: Spec::Statement { item: it },
        });
    }

    // Recruitment ads: 60 % rows of a job-board export, 40 % saved ad pages.
    let ad_langs = [
        Lang::En,
        Lang::Zh,
        Lang::Th,
        Lang::Id,
        Lang::Vi,
        Lang::Km,
        Lang::My,
        Lang::Tl,
        Lang::ZhHant,
        Lang::Es,
    ];
    let mut ad_rows = Vec::new();
    let mut ad_pages = 0usize;
    for a in 0..cfg.ads {
        let op = if rng.chance(0.82) {
            picker.pick(&mut rng)
        } else {
            None
        };
        let lang = lang_for(world, op, &mut rng, |l| {
            langs.contains(&l) && ad_langs.contains(&l)
        });
        let it = item(world, op, u32::try_from(a).unwrap_or(0), lang, &mut rng);
        if rng.chance(0.6) || !has_web(lang) && rng.chance(0.5) {
            ad_rows.push(it);
        } else {
            ad_pages += 1;
            files.push(FilePlan {
                path: format!("ads/pages/job_{:04}.html", ad_pages),
                spec: Spec::AdHtml { item: it },
            });
        }
    }
    sort_items(&mut ad_rows);
    let parts = shards(ad_rows, cfg.shard_rows);
    let n = parts.len();
    for (j, items) in parts.into_iter().enumerate() {
        files.push(FilePlan {
            path: shard_name("ads/job_board_export", "csv", j, n),
            spec: Spec::AdsCsv { items },
        });
    }

    // Missing-person and SOS reports: half text and Markdown files, half a family-desk sheet.
    let mut sos_rows = Vec::new();
    let mut sos_files = 0usize;
    for s in 0..cfg.sos {
        let op = if rng.chance(0.92) {
            picker.pick(&mut rng)
        } else {
            None
        };
        let lang = lang_for(world, op, &mut rng, |l| langs.contains(&l));
        let it = item(world, op, u32::try_from(s).unwrap_or(0), lang, &mut rng);
        if rng.chance(0.5) {
            sos_rows.push(it);
        } else {
            sos_files += 1;
            let markdown = rng.chance(0.5);
            let ext = if markdown { "md" } else { "txt" };
            files.push(FilePlan {
                path: format!("sos/sos_{:04}.{ext}", sos_files),
                spec: Spec::SosText { item: it, markdown },
            });
        }
    }
    sort_items(&mut sos_rows);
    let parts = shards(sos_rows, cfg.shard_rows);
    let n = parts.len();
    for (j, items) in parts.into_iter().enumerate() {
        files.push(FilePlan {
            path: shard_name("sos/missing_persons", "csv", j, n),
            spec: Spec::SosCsv { items },
        });
    }

    // E-mail: 40 % single messages, the rest in mailboxes.
    let mut mbox: Vec<(Item, MailKind)> = Vec::new();
    let mut emls = 0usize;
    for m in 0..cfg.emails {
        let op = if rng.chance(0.85) {
            picker.pick(&mut rng)
        } else {
            None
        };
        let kind = match op.and_then(|o| world.operations.get(o as usize)) {
            None => MailKind::Newsletter,
            Some(o) => match rng.weighted(&[4, 3, 3]) {
                0 if o.op_type == OpType::RecoveryAgent => MailKind::Recovery,
                0 => MailKind::Notice,
                1 => MailKind::Complaint,
                _ => MailKind::Offer,
            },
        };
        let lang = lang_for(world, op, &mut rng, |l| langs.contains(&l) && has_mail(l));
        let it = item(world, op, u32::try_from(m).unwrap_or(0), lang, &mut rng);
        if rng.chance(0.4) {
            emls += 1;
            files.push(FilePlan {
                path: format!("mail/eml/message_{:04}.eml", emls),
                spec: Spec::Eml { item: it, kind },
            });
        } else {
            mbox.push((it, kind));
        }
    }
    mbox.sort_by_key(|(i, _)| (i.day, i.seed));
    let parts = shards(mbox, cfg.shard_rows.min(20_000));
    let n = parts.len();
    for (j, items) in parts.into_iter().enumerate() {
        files.push(FilePlan {
            path: shard_name("mail/complaints_inbox", "mbox", j, n),
            spec: Spec::Mbox { items },
        });
    }

    // Saved web pages: scam sites, and a few warning pages listing several operations.
    let warnings = (cfg.web_pages / 15).max(usize::from(cfg.web_pages > 0));
    for p in 0..cfg.web_pages {
        if p < warnings && world.operations.len() >= 3 {
            let lang = lang_for(world, None, &mut rng, |l| langs.contains(&l) && has_web(l));
            let it = item(world, None, u32::try_from(p).unwrap_or(0), lang, &mut rng);
            let mut listed: Vec<u32> = Vec::new();
            for _ in 0..rng.range(3, 6) {
                if let Some(o) = picker.pick(&mut rng)
                    && !listed.contains(&o)
                {
                    listed.push(o);
                }
            }
            files.push(FilePlan {
                path: format!("web/warning_list_{:03}.html", p + 1),
                spec: Spec::WarningPage { item: it, listed },
            });
            continue;
        }
        let op = picker.pick(&mut rng);
        let lang = lang_for(world, op, &mut rng, |l| langs.contains(&l) && has_web(l));
        let it = item(world, op, u32::try_from(p).unwrap_or(0), lang, &mut rng);
        files.push(FilePlan {
            path: format!("web/saved_{:04}.html", p + 1),
            spec: Spec::Web { item: it },
        });
    }

    // Chats.
    let mut chat_id: i64 = 1_000_000_000 + i64::from(rng.range(0, 900_000_000));
    let mut next_chat = |rng: &mut Rng| {
        chat_id += 1 + i64::from(rng.range(0, 50_000));
        chat_id
    };
    let msgs = |rng: &mut Rng| {
        let m = cfg.messages_per_chat.max(4) as u32;
        rng.range(m / 2, m + m / 2)
    };
    let recovery_ops: Vec<u32> = world
        .operations
        .iter()
        .filter(|o| o.op_type == OpType::RecoveryAgent)
        .map(|o| o.index)
        .collect();
    for t in 0..cfg.telegram_exports {
        let op = picker.pick(&mut rng);
        let lang = lang_for(world, op, &mut rng, |l| langs.contains(&l) && has_chat(l));
        let it = item(world, op, 0, lang, &mut rng);
        let layout = if t % 2 == 0 {
            let kind = if rng.chance(0.7) {
                ChatKind::Direct
            } else {
                ChatKind::Group
            };
            let id = next_chat(&mut rng);
            TgLayout::Single(ChatPlan {
                kind,
                item: it,
                messages: msgs(&mut rng),
                id,
            })
        } else {
            let mut chats = Vec::new();
            for kind in [ChatKind::Direct, ChatKind::Group, ChatKind::Friend] {
                let op_here = if kind == ChatKind::Friend { None } else { op };
                let mut i = it;
                i.op = op_here;
                i.seed = rng.u64();
                let id = next_chat(&mut rng);
                chats.push(ChatPlan {
                    kind,
                    item: i,
                    messages: msgs(&mut rng),
                    id,
                });
            }
            if let Some(&r) = rng.pick_opt(&recovery_ops)
                && Some(r) != op
            {
                let l = lang_for(world, Some(r), &mut rng, |l| {
                    langs.contains(&l) && has_chat(l)
                });
                let mut i = item(world, Some(r), 0, l, &mut rng);
                i.day = i.day.max(it.day);
                let id = next_chat(&mut rng);
                chats.push(ChatPlan {
                    kind: ChatKind::Direct,
                    item: i,
                    messages: msgs(&mut rng),
                    id,
                });
            }
            let mut left = Vec::new();
            for kind in [ChatKind::Channel, ChatKind::Public] {
                let mut i = it;
                i.op = if kind == ChatKind::Public { None } else { op };
                i.seed = rng.u64();
                let id = next_chat(&mut rng);
                left.push(ChatPlan {
                    kind,
                    item: i,
                    messages: msgs(&mut rng) / 2 + 2,
                    id,
                });
            }
            TgLayout::Account {
                chats,
                left,
                owner: it,
            }
        };
        let (y, m, d) = crate::date::civil(it.day + 200);
        let dir = if t % 2 == 0 {
            "ChatExport"
        } else {
            "DataExport"
        };
        files.push(FilePlan {
            path: format!(
                "chats/telegram/{dir}_{y:04}-{m:02}-{d:02}_{:03}/result.json",
                t + 1
            ),
            spec: Spec::Telegram { layout },
        });
    }
    let styles = [
        WaStyle::AndroidMdy12,
        WaStyle::AndroidDmy24,
        WaStyle::IosDmy24,
        WaStyle::IosMdy12,
    ];
    for w in 0..cfg.whatsapp_exports {
        let op = picker.pick(&mut rng);
        let lang = lang_for(world, op, &mut rng, |l| langs.contains(&l) && has_chat(l));
        let it = item(world, op, 0, lang, &mut rng);
        let style = styles[w % styles.len()];
        let kind = if rng.chance(0.7) {
            ChatKind::Direct
        } else {
            ChatKind::Group
        };
        let id = next_chat(&mut rng);
        let chat = ChatPlan {
            kind,
            item: it,
            messages: msgs(&mut rng),
            id,
        };
        let path = match style {
            WaStyle::AndroidMdy12 | WaStyle::AndroidDmy24 => format!(
                "chats/whatsapp/android_{:03}/WhatsApp Chat with {{name}}.txt",
                w + 1
            ),
            WaStyle::IosDmy24 | WaStyle::IosMdy12 => {
                format!("chats/whatsapp/ios_{:03}/_chat.txt", w + 1)
            }
        };
        files.push(FilePlan {
            path,
            spec: Spec::WhatsApp { style, chat },
        });
    }

    // Analyst notes.
    for n in 0..cfg.notes {
        let op = picker.pick(&mut rng);
        let it = item(world, op, u32::try_from(n).unwrap_or(0), Lang::En, &mut rng);
        files.push(FilePlan {
            path: format!("notes/analyst_note_{:03}.txt", n + 1),
            spec: Spec::Note { item: it },
        });
    }
    world.files = files;
}
