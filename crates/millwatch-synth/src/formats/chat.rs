//! Conversations for chat exports: who says what, when, with which selectors, as a list
//! of messages that the Telegram and WhatsApp writers serialise in their own formats.
//!
//! Each operation type follows a script of stages (a pig-butchering chat goes greeting,
//! small talk, pitch, link, deposit, profit, blocked withdrawal, fee); long chats loop on
//! the middle of the script. Service events (calls, joins, pins) are interleaved; they
//! are not records, and the truth counts them apart.

use crate::date::Stamp;
use crate::lang::{Chat, L, Lang};
use crate::names;
use crate::plan::{ChatKind, ChatPlan};
use crate::render::{self, Fill, Use, Writer};
use crate::rng::Rng;
use crate::truth::{PlantRole, Planted};
use crate::world::{HubKind, OpType, Operation, SelKind, World};

/// Who sent a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Who {
    Persona(usize),
    Victim,
    Member(usize),
    Friend,
    Channel,
}

/// A run of message text, typed the way Telegram's entities type it.
#[derive(Clone, Debug)]
pub(crate) enum Seg {
    Plain(String),
    Link(String),
    Mention(String),
    Phone(String),
    Email(String),
    TextLink { text: String, href: String },
}

impl Seg {
    pub(crate) fn text(&self) -> &str {
        match self {
            Seg::Plain(s) | Seg::Link(s) | Seg::Mention(s) | Seg::Phone(s) | Seg::Email(s) => s,
            Seg::TextLink { text, .. } => text,
        }
    }
}

/// Media without text.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Media {
    Photo,
    Video,
    Voice,
    Sticker,
    Document,
}

/// Events that are not messages.
#[derive(Clone, Debug)]
pub(crate) enum Service {
    Call { seconds: u32, missed: bool },
    CreateGroup,
    Invite(usize),
    JoinByLink,
    Pin(usize),
    CreateChannel,
}

/// A message's content.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    Text(Vec<Seg>),
    Media(Media),
    Service(Service),
}

/// One message or event.
#[derive(Clone, Debug)]
pub(crate) struct Msg {
    pub who: Who,
    pub at: Stamp,
    pub body: Body,
    pub planted: Vec<Planted>,
}

/// A whole conversation.
pub(crate) struct Dialogue {
    pub personas: Vec<String>,
    pub victim: String,
    pub members: Vec<String>,
    pub friend: String,
    pub title: String,
    pub msgs: Vec<Msg>,
    pub lang: Lang,
}

impl Dialogue {
    pub(crate) fn name_of(&self, who: Who) -> &str {
        match who {
            Who::Persona(i) => self
                .personas
                .get(i)
                .or(self.personas.first())
                .map_or("", String::as_str),
            Who::Victim => &self.victim,
            Who::Member(i) => self.members.get(i).map_or("", String::as_str),
            Who::Friend => &self.friend,
            Who::Channel => &self.title,
        }
    }
}

#[derive(Clone, Copy)]
enum Stage {
    Greet,
    Small,
    Pitch,
    Link,
    Deposit,
    Profit,
    Blocked,
    Fee,
    Affection,
    Recovery,
    Job,
    Shop,
    Pay,
    Victim,
    Doubt,
    Group,
    Friend,
}

use Stage::*;

fn script(kind: ChatKind, t: Option<OpType>) -> (&'static [(char, Stage)], usize) {
    // (sender, stage); sender: p persona, v victim, m member, c channel, f friend.
    // The second value is where long chats loop back to.
    match kind {
        ChatKind::Direct => match t {
            Some(OpType::Romance) => (
                &[
                    ('p', Greet),
                    ('v', Victim),
                    ('p', Small),
                    ('v', Victim),
                    ('p', Affection),
                    ('v', Victim),
                    ('p', Affection),
                    ('p', Small),
                    ('v', Victim),
                    ('p', Pay),
                    ('v', Victim),
                    ('p', Affection),
                    ('p', Pay),
                    ('v', Doubt),
                    ('p', Affection),
                    ('v', Doubt),
                ],
                4,
            ),
            Some(OpType::RecoveryAgent) => (
                &[
                    ('p', Recovery),
                    ('v', Victim),
                    ('p', Recovery),
                    ('v', Victim),
                    ('p', Fee),
                    ('v', Victim),
                    ('p', Recovery),
                    ('p', Fee),
                    ('v', Doubt),
                    ('v', Doubt),
                ],
                2,
            ),
            Some(OpType::FakeJob) => (
                &[
                    ('p', Job),
                    ('v', Victim),
                    ('p', Job),
                    ('v', Victim),
                    ('p', Job),
                    ('p', Deposit),
                    ('v', Victim),
                    ('p', Profit),
                    ('v', Victim),
                    ('p', Deposit),
                    ('p', Blocked),
                    ('v', Doubt),
                    ('p', Fee),
                    ('v', Doubt),
                ],
                4,
            ),
            Some(OpType::FakeShop) => (
                &[
                    ('p', Shop),
                    ('v', Victim),
                    ('p', Shop),
                    ('v', Victim),
                    ('p', Pay),
                    ('v', Victim),
                    ('p', Shop),
                    ('v', Doubt),
                    ('v', Doubt),
                ],
                2,
            ),
            _ => (
                &[
                    ('p', Greet),
                    ('v', Victim),
                    ('p', Small),
                    ('v', Victim),
                    ('p', Small),
                    ('v', Victim),
                    ('p', Small),
                    ('p', Pitch),
                    ('v', Victim),
                    ('p', Pitch),
                    ('p', Link),
                    ('v', Victim),
                    ('p', Deposit),
                    ('v', Victim),
                    ('p', Profit),
                    ('v', Victim),
                    ('p', Deposit),
                    ('v', Victim),
                    ('p', Profit),
                    ('v', Victim),
                    ('p', Blocked),
                    ('v', Doubt),
                    ('p', Blocked),
                    ('p', Fee),
                    ('v', Doubt),
                    ('p', Affection),
                    ('v', Doubt),
                ],
                6,
            ),
        },
        ChatKind::Group => (
            &[
                ('p', Group),
                ('m', Group),
                ('m', Group),
                ('p', Link),
                ('m', Group),
                ('p', Group),
                ('m', Group),
                ('p', Deposit),
                ('m', Group),
                ('v', Victim),
                ('p', Pitch),
                ('m', Group),
                ('m', Profit),
            ],
            1,
        ),
        ChatKind::Channel => (
            &[
                ('c', Group),
                ('c', Link),
                ('c', Group),
                ('c', Profit),
                ('c', Deposit),
                ('c', Group),
            ],
            0,
        ),
        ChatKind::Friend => (
            &[
                ('f', Friend),
                ('v', Victim),
                ('f', Friend),
                ('v', Victim),
                ('f', Friend),
                ('f', Friend),
                ('v', Victim),
            ],
            0,
        ),
        ChatKind::Public => (
            &[
                ('m', Group),
                ('m', Group),
                ('m', Group),
                ('v', Victim),
                ('m', Group),
            ],
            0,
        ),
    }
}

fn lines(c: &Chat, s: Stage) -> L {
    match s {
        Greet => c.greet,
        Small => c.small,
        Pitch => c.pitch,
        Link => c.link,
        Deposit => c.deposit,
        Profit => c.profit,
        Blocked => c.blocked,
        Fee => c.fee,
        Affection => c.affection,
        Recovery => c.recovery,
        Job => c.job,
        Shop => c.shop,
        Pay => c.pay,
        Victim => c.victim,
        Doubt => c.doubt,
        Group => c.group,
        Friend => c.friend,
    }
}

fn kinds(s: Stage) -> &'static [SelKind] {
    match s {
        Link => &[SelKind::Domain, SelKind::App, SelKind::Url],
        Deposit | Fee => &[SelKind::Tron, SelKind::Eth, SelKind::Btc],
        Pay => &[SelKind::BankAccount, SelKind::Iban, SelKind::Tron],
        Job => &[SelKind::Telegram, SelKind::Whatsapp, SelKind::Line],
        _ => &[SelKind::Telegram, SelKind::Whatsapp],
    }
}

fn classify(s: &str, kind: SelKind) -> Seg {
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("t.me/")
        || lower.starts_with("wa.me/")
        || lower.starts_with("bit.ly/")
        || lower.starts_with("www.")
        || kind == SelKind::Domain && !s.contains('[') && !s.contains('(')
    {
        Seg::Link(s.to_owned())
    } else if s.starts_with('@') && kind == SelKind::Telegram {
        Seg::Mention(s.to_owned())
    } else if kind == SelKind::Email && !s.contains(' ') {
        Seg::Email(s.to_owned())
    } else if matches!(kind, SelKind::Phone | SelKind::Whatsapp)
        && s.starts_with('+')
        && s.bytes().all(|b| b.is_ascii_digit() || b" +-".contains(&b))
    {
        Seg::Phone(s.to_owned())
    } else {
        Seg::Plain(s.to_owned())
    }
}

const ANCHORS: &[(Lang, &str)] = &[
    (Lang::En, "click here"),
    (Lang::Zh, "点击这里"),
    (Lang::Th, "คลิกที่นี่"),
    (Lang::Id, "klik di sini"),
    (Lang::Vi, "bấm vào đây"),
    (Lang::Tl, "i-click dito"),
    (Lang::Es, "haz clic aquí"),
];

/// Builds a conversation. `rich` allows Telegram's hidden links (text with an `href`).
pub(crate) fn dialogue(world: &World, plan: &ChatPlan, rich: bool) -> Dialogue {
    let it = &plan.item;
    let mut rng = Rng::new(it.seed);
    let lang = if it.lang.pack().chat.is_some() {
        it.lang
    } else {
        Lang::En
    };
    let chat = lang.pack().chat.or(Lang::En.pack().chat);
    let op: Option<&Operation> = it.op.and_then(|o| world.operations.get(o as usize));
    // A direct chat is with one persona; groups have the whole cast.
    let cast = match plan.kind {
        ChatKind::Direct => 1,
        _ => usize::MAX,
    };
    let personas: Vec<String> = match op {
        Some(o) => o
            .personas
            .iter()
            .take(cast)
            .map(|p| p.display(lang).to_owned())
            .collect(),
        None => Vec::new(),
    };
    let (_, victim_p) = render::own_contact(it.seed ^ 0x71c7, lang);
    let victim = victim_p.display(lang).to_owned();
    let mut members: Vec<String> = Vec::new();
    for i in 0..rng.range(3, 6) {
        let origin = names::origin_for(lang, &mut rng);
        let name = names::persona(&mut rng, format!("m{i}"), origin, false)
            .display(lang)
            .to_owned();
        if name != victim && !members.contains(&name) && !personas.contains(&name) {
            members.push(name);
        }
    }
    let friend = {
        let origin = names::origin_for(lang, &mut rng);
        names::persona(&mut rng, String::new(), origin, false)
            .display(lang)
            .to_owned()
    };
    let platform = op.map_or("", |o| o.platform.name.as_str());
    let title = match plan.kind {
        ChatKind::Group => format!(
            "{} {}",
            platform,
            rng.pick(&[
                "VIP Club",
                "Investment Group",
                "Signals 88",
                "VIP交流群",
                "Mentor Team"
            ])
        ),
        ChatKind::Channel => format!(
            "{} {}",
            platform,
            rng.pick(&["Official", "Signals", "News", "公告"])
        ),
        ChatKind::Public => (rng.pick(&[
            "Crypto Talk Asia",
            "USDT OTC Exchange Group",
            "Bangkok Expats",
            "Web3 Airdrops",
        ]))
        .to_owned(),
        ChatKind::Direct => personas.first().cloned().unwrap_or_default(),
        ChatKind::Friend => friend.clone(),
    };
    let mut d = Dialogue {
        personas,
        victim,
        members,
        friend,
        title,
        msgs: Vec::new(),
        lang,
    };
    let Some(chat) = chat else {
        return d;
    };
    let (steps, loop_at) = script(plan.kind, op.map(|o| o.op_type));
    let mut at = Stamp {
        days: it.day,
        secs: rng.range(8 * 3600, 20 * 3600),
        tz_min: 420,
    };
    let n = plan.messages as usize;
    // Opening events.
    match plan.kind {
        ChatKind::Group => {
            let first = if rng.chance(0.5) {
                Service::CreateGroup
            } else {
                Service::JoinByLink
            };
            d.msgs.push(Msg {
                who: Who::Persona(0),
                at,
                body: Body::Service(first),
                planted: Vec::new(),
            });
        }
        ChatKind::Channel => d.msgs.push(Msg {
            who: Who::Channel,
            at,
            body: Body::Service(Service::CreateChannel),
            planted: Vec::new(),
        }),
        _ => {}
    }
    let fill = Fill::new(world, op, lang, it.day, &mut rng);
    let mut sent = 0usize;
    let mut step = 0usize;
    while sent < n {
        let (who_c, stage) = if step < steps.len() {
            steps[step]
        } else {
            steps[loop_at + (step - steps.len()) % (steps.len() - loop_at).max(1)]
        };
        step += 1;
        let gap = match rng.weighted(&[50, 35, 15]) {
            0 => rng.range(15, 180),
            1 => rng.range(180, 3600),
            _ => rng.range(3600, 12 * 3600),
        };
        at = at.plus(gap);
        let member_count = d.members.len().max(1);
        let who = match who_c {
            'p' if d.personas.is_empty() => Who::Member(rng.below(member_count)),
            'p' => Who::Persona(if d.personas.len() > 1 && rng.chance(0.3) {
                1
            } else {
                0
            }),
            'v' => Who::Victim,
            'm' => Who::Member(rng.below(member_count)),
            'c' => Who::Channel,
            _ => Who::Friend,
        };
        // Occasional events between messages.
        if plan.kind == ChatKind::Direct && rng.chance(0.04) {
            d.msgs.push(Msg {
                who,
                at,
                body: Body::Service(Service::Call {
                    seconds: rng.range(0, 900),
                    missed: rng.chance(0.4),
                }),
                planted: Vec::new(),
            });
            at = at.plus(rng.range(30, 600));
        }
        if plan.kind == ChatKind::Group && rng.chance(0.04) {
            let s = if rng.chance(0.5) {
                Service::Invite(rng.below(member_count))
            } else {
                Service::Pin(d.msgs.len().saturating_sub(1))
            };
            d.msgs.push(Msg {
                who: Who::Persona(0),
                at,
                body: Body::Service(s),
                planted: Vec::new(),
            });
        }
        // Media-only messages: receipts, selfies, profit screenshots, stickers, voice notes.
        if rng.chance(0.1) {
            let media = match rng.weighted(&[5, 1, 2, 2, 1]) {
                0 => Media::Photo,
                1 => Media::Video,
                2 => Media::Voice,
                3 => Media::Sticker,
                _ => Media::Document,
            };
            d.msgs.push(Msg {
                who,
                at,
                body: Body::Media(media),
                planted: Vec::new(),
            });
            sent += 1;
            continue;
        }
        let mut w = Writer::new(world);
        let pool = lines(chat, stage);
        let mut t = rng.pick(pool);
        let mut segs = Vec::new();
        if t.contains("{sel}") {
            let chosen: Option<Use<'_>> = match (stage, op) {
                (Friend, _) => {
                    let hot = world.hubs.of(HubKind::Hotline);
                    hot.iter()
                        .find(|s| s.kind == SelKind::Phone && rng.chance(0.5))
                        .or(hot.first())
                        .map(|s| Use::of(s, PlantRole::Hub, None))
                }
                (_, Some(o)) => {
                    // Deposit lines speak of USDT on TRON; other chains only when there is no TRON wallet.
                    let mut pool = o.active_of(at.days, kinds(stage));
                    if matches!(stage, Deposit | Fee)
                        && pool.iter().any(|s| s.kind == SelKind::Tron)
                    {
                        pool.retain(|s| s.kind == SelKind::Tron);
                    }
                    rng.pick_opt(&pool)
                        .map(|s| Use::of(s, PlantRole::Operation, Some(o.index)))
                }
                _ => None,
            };
            match chosen {
                Some(u) => {
                    let mut before = String::new();
                    render::fill(t, &fill, "\u{1}", &mut before);
                    let (a, b) = before.split_once('\u{1}').unwrap_or((&before, ""));
                    if !a.is_empty() {
                        segs.push(Seg::Plain(a.to_owned()));
                    }
                    let anchor = ANCHORS
                        .iter()
                        .find(|(l, _)| *l == lang)
                        .map_or("click here", |(_, a)| a);
                    let hidden = if rich && rng.chance(0.2) {
                        super::href(&mut w, &u)
                    } else {
                        None
                    };
                    match hidden {
                        Some(href) => segs.push(Seg::TextLink {
                            text: anchor.to_owned(),
                            href,
                        }),
                        None => {
                            let mut s = String::new();
                            w.sel(&u, lang, &mut rng, None, &mut s);
                            segs.push(classify(&s, u.sel.kind));
                        }
                    }
                    if !b.is_empty() {
                        segs.push(Seg::Plain(b.to_owned()));
                    }
                }
                None => {
                    // Nothing to plant: say something else.
                    t = chat.victim.first().copied().unwrap_or("Ok");
                    let plain: Vec<&'static str> = lines(chat, Small)
                        .iter()
                        .copied()
                        .filter(|l| !l.contains("{sel}"))
                        .collect();
                    if let Some(p) = rng.pick_opt(&plain) {
                        t = p;
                    }
                }
            }
        }
        if segs.is_empty() {
            let mut s = String::new();
            render::fill(t, &fill, "", &mut s);
            // Some messages run over two lines.
            if rng.chance(0.08) {
                s.push('\n');
                render::fill(
                    rng.pick(lines(chat, if who == Who::Victim { Victim } else { Small })),
                    &fill,
                    "",
                    &mut s,
                );
            }
            segs.push(Seg::Plain(s));
        }
        d.msgs.push(Msg {
            who,
            at,
            body: Body::Text(segs),
            planted: w.planted,
        });
        sent += 1;
    }
    d
}
