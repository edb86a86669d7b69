//! The world: scam operations with their personas, platforms, compounds and selectors, the
//! hubs every operation's victims mention, syndicates and bridges.
//!
//! A world is made in one pass from the seed ([`build`]); records are not stored here but
//! planned per file (see `plan`) and rendered while writing, so that a world of millions of
//! records needs memory only for its operations.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::config::{Shape, WorldConfig};
use crate::date::DAY_2023_01_01;
use crate::ids::phone::{Country, Phone};
use crate::ids::{bank, crypto, net, phone};
use crate::lang::Lang;
use crate::names::{self, Origin, Persona};
use crate::rng::Rng;

/// The kind of scam an operation runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OpType {
    /// "Pig butchering": a relationship, then a fake investment platform.
    PigButchering,
    /// Romance scam asking for money directly.
    Romance,
    /// Fake "recovery agents" who target victims of other scams.
    RecoveryAgent,
    /// Fake online shop.
    FakeShop,
    /// Fake job or "task" scam.
    FakeJob,
}

impl OpType {
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// How an operation's reports are tied together by its selectors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Structure {
    /// Reports draw from a small rotating pool: densely connected.
    Dense,
    /// One core selector in most reports, plus a one-off contact per report.
    Star,
    /// Consecutive reports share one selector: a sparse chain.
    Chain,
}

/// A selector kind, with the same stable names as the extractor's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SelKind {
    /// Phone number, E.164.
    Phone,
    /// WhatsApp account, E.164.
    Whatsapp,
    /// Telegram username, lower-case without `@`.
    Telegram,
    /// LINE id, lower-case.
    Line,
    /// WeChat id, lower-case.
    Wechat,
    /// Registrable domain.
    Domain,
    /// URL (only short links are planted as URLs).
    Url,
    /// E-mail address, lower-case.
    Email,
    /// TRON address.
    Tron,
    /// Ethereum address, `0x` + lower-case hex.
    Eth,
    /// Bitcoin address (bech32 lower-case).
    Btc,
    /// IBAN, compact upper-case.
    Iban,
    /// Domestic bank account, digits only.
    BankAccount,
    /// Mobile app: `android:<package>` or `ios:<id>`.
    App,
}

impl SelKind {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            SelKind::Phone => "phone",
            SelKind::Whatsapp => "whatsapp",
            SelKind::Telegram => "telegram",
            SelKind::Line => "line",
            SelKind::Wechat => "wechat",
            SelKind::Domain => "domain",
            SelKind::Url => "url",
            SelKind::Email => "email",
            SelKind::Tron => "tron",
            SelKind::Eth => "eth",
            SelKind::Btc => "btc",
            SelKind::Iban => "iban",
            SelKind::BankAccount => "bank_account",
            SelKind::App => "app",
        }
    }
}

/// What a selector is to its operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SelRole {
    /// Long-lived infrastructure, or the core of a star.
    Core,
    /// Infrastructure used for a window of time, then replaced.
    Rotating,
    /// A one-off contact seen in one report (star leaves, chain links).
    Leaf,
    /// The recruiting arm's contact (ads, SOS messages).
    Recruiter,
    /// A laundering wallet shared by a syndicate.
    Laundering,
    /// A hub shared by victims of many operations.
    Hub,
}

/// What kind of hub a hub selector is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HubKind {
    /// An exchange's hot wallet that victims bought USDT from.
    ExchangeWallet,
    /// A police or NGO hotline.
    Hotline,
    /// A webmail provider's domain.
    Webmail,
    /// A big platform's or shortener's domain (t.me, facebook.com, bit.ly, app stores).
    Platform,
    /// A warning channel or group.
    WarningChannel,
    /// An NGO's website or mailbox.
    Ngo,
}

/// Extra data a selector needs to be written in its various forms.
#[derive(Clone, Debug, Default)]
pub(crate) enum Raw {
    #[default]
    None,
    Phone(Phone),
    Bank {
        bank: usize,
        written: String,
    },
    Ios {
        slug: String,
    },
    Android,
    Short {
        path: String,
    },
}

/// A selector with its normal form and when it was in use.
#[derive(Clone, Debug, Serialize)]
pub struct Selector {
    /// Kind.
    pub kind: SelKind,
    /// Normal form.
    pub value: String,
    /// Role in its operation (or `hub`).
    pub role: SelRole,
    /// First day in use (days since 1970-01-01).
    #[serde(skip)]
    pub from_day: i64,
    /// Last day in use.
    #[serde(skip)]
    pub to_day: i64,
    /// For hubs: what kind of hub.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hub: Option<HubKind>,
    /// For hubs: the exchange's or organisation's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<&'static str>,
    #[serde(skip)]
    pub(crate) raw: Raw,
}

impl Selector {
    fn new(kind: SelKind, value: String, role: SelRole, from_day: i64, to_day: i64) -> Self {
        Selector {
            kind,
            value,
            role,
            from_day,
            to_day,
            hub: None,
            label: None,
            raw: Raw::None,
        }
    }

    fn with_raw(mut self, raw: Raw) -> Self {
        self.raw = raw;
        self
    }

    pub(crate) fn active(&self, day: i64) -> bool {
        self.from_day <= day && day <= self.to_day
    }
}

/// A fake platform (or shop, agency, company) name with the variants victims write.
#[derive(Clone, Debug, Serialize)]
pub struct Platform {
    /// The name as the scammers present it.
    pub name: String,
    /// Other spellings seen in reports.
    pub variants: Vec<String>,
}

/// A scam compound: a place where operations run and trafficked people are held.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Compound {
    pub id: &'static str,
    pub name: &'static str,
    pub city: &'static str,
    /// Index into [`COUNTRIES`].
    pub country: usize,
    pub names: &'static [(Lang, &'static str)],
    pub cities: &'static [(Lang, &'static str)],
    pub phones: &'static [Country],
}

/// ISO codes of compound countries; the order matches `Words::countries`.
pub(crate) const COUNTRIES: [&str; 5] = ["MM", "KH", "LA", "PH", "TH"];

pub(crate) const COMPOUNDS: &[Compound] = &[
    Compound {
        id: "kk-park",
        name: "KK Park",
        city: "Myawaddy",
        country: 0,
        names: &[
            (Lang::Zh, "KK园区"),
            (Lang::ZhHant, "KK園區"),
            (Lang::Th, "เคเคปาร์ค"),
        ],
        cities: &[
            (Lang::Zh, "妙瓦底"),
            (Lang::ZhHant, "妙瓦底"),
            (Lang::Th, "เมียวดี"),
            (Lang::My, "မြဝတီ"),
        ],
        phones: &[Country::Th, Country::Mm, Country::Cn],
    },
    Compound {
        id: "shwe-kokko",
        name: "Shwe Kokko (Yatai New City)",
        city: "Myawaddy",
        country: 0,
        names: &[
            (Lang::Zh, "亚太新城"),
            (Lang::ZhHant, "亞太新城"),
            (Lang::Th, "ชเวโก๊กโก่"),
            (Lang::My, "ရွှေကုက္ကို"),
        ],
        cities: &[
            (Lang::Zh, "妙瓦底"),
            (Lang::ZhHant, "妙瓦底"),
            (Lang::Th, "เมียวดี"),
            (Lang::My, "မြဝတီ"),
        ],
        phones: &[Country::Th, Country::Mm],
    },
    Compound {
        id: "sihanoukville",
        name: "a compound in Sihanoukville",
        city: "Sihanoukville",
        country: 1,
        names: &[
            (Lang::Zh, "西港园区"),
            (Lang::ZhHant, "西港園區"),
            (Lang::Th, "ตึกในสีหนุวิลล์"),
            (Lang::Km, "អគារនៅក្រុងព្រះសីហនុ"),
        ],
        cities: &[
            (Lang::Zh, "西哈努克港"),
            (Lang::ZhHant, "西哈努克港"),
            (Lang::Th, "สีหนุวิลล์"),
            (Lang::Km, "ក្រុងព្រះសីហនុ"),
        ],
        phones: &[Country::Kh, Country::Cn],
    },
    Compound {
        id: "golden-triangle-sez",
        name: "Golden Triangle SEZ (Kings Romans)",
        city: "Bokeo",
        country: 2,
        names: &[
            (Lang::Zh, "金三角经济特区"),
            (Lang::ZhHant, "金三角經濟特區"),
            (Lang::Th, "เขตเศรษฐกิจพิเศษสามเหลี่ยมทองคำ"),
        ],
        cities: &[
            (Lang::Zh, "博胶"),
            (Lang::ZhHant, "博膠"),
            (Lang::Th, "บ่อแก้ว"),
        ],
        phones: &[Country::La, Country::Th, Country::Cn],
    },
    Compound {
        id: "bavet",
        name: "a casino compound in Bavet",
        city: "Bavet",
        country: 1,
        names: &[
            (Lang::Zh, "巴域园区"),
            (Lang::Km, "បាវិត"),
            (Lang::Vi, "khu tổ hợp ở Bavet"),
        ],
        cities: &[(Lang::Zh, "巴域"), (Lang::Km, "បាវិត"), (Lang::Vi, "Bavet")],
        phones: &[Country::Kh, Country::Vn],
    },
    Compound {
        id: "poipet",
        name: "a compound in Poipet",
        city: "Poipet",
        country: 1,
        names: &[
            (Lang::Zh, "波贝园区"),
            (Lang::Th, "ตึกในปอยเปต"),
            (Lang::Km, "ប៉ោយប៉ែត"),
        ],
        cities: &[
            (Lang::Zh, "波贝"),
            (Lang::Th, "ปอยเปต"),
            (Lang::Km, "ប៉ោយប៉ែត"),
        ],
        phones: &[Country::Kh, Country::Th],
    },
    Compound {
        id: "pasay-pogo",
        name: "a POGO hub in Pasay",
        city: "Pasay City, Metro Manila",
        country: 3,
        names: &[
            (Lang::Zh, "马尼拉帕赛菠菜公司"),
            (Lang::Tl, "POGO hub sa Pasay"),
        ],
        cities: &[(Lang::Zh, "马尼拉"), (Lang::Tl, "Pasay")],
        phones: &[Country::Ph, Country::Cn],
    },
    Compound {
        id: "bamban",
        name: "the Bamban compound",
        city: "Bamban, Tarlac",
        country: 3,
        names: &[(Lang::Tl, "compound sa Bamban")],
        cities: &[(Lang::Tl, "Bamban, Tarlac")],
        phones: &[Country::Ph],
    },
    Compound {
        id: "laukkaing",
        name: "a compound in Laukkaing (Kokang)",
        city: "Laukkaing",
        country: 0,
        names: &[(Lang::Zh, "果敢老街园区"), (Lang::My, "လောက်ကိုင်")],
        cities: &[(Lang::Zh, "老街"), (Lang::My, "လောက်ကိုင်")],
        phones: &[Country::Mm, Country::Cn],
    },
    Compound {
        id: "tachileik",
        name: "a compound in Tachileik",
        city: "Tachileik",
        country: 0,
        names: &[
            (Lang::Zh, "大其力园区"),
            (Lang::Th, "ตึกในท่าขี้เหล็ก"),
            (Lang::My, "တာချီလိတ်"),
        ],
        cities: &[
            (Lang::Zh, "大其力"),
            (Lang::Th, "ท่าขี้เหล็ก"),
            (Lang::My, "တာချီလိတ်"),
        ],
        phones: &[Country::Th, Country::Mm],
    },
];

impl Compound {
    pub(crate) fn name_in(&self, lang: Lang) -> &'static str {
        self.names
            .iter()
            .find(|(l, _)| *l == lang)
            .map_or(self.name, |(_, n)| n)
    }

    pub(crate) fn city_in(&self, lang: Lang) -> &'static str {
        self.cities
            .iter()
            .find(|(l, _)| *l == lang)
            .map_or(self.city, |(_, n)| n)
    }
}

/// One scam operation: the ground truth that linking should recover.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Index in the world (`op-NNNN` counts from 1: index 0 is `op-0001`).
    pub index: u32,
    /// What it does.
    pub op_type: OpType,
    /// Its platform (or shop, agency) name.
    pub platform: Platform,
    /// Personas its staff write as.
    pub personas: Vec<Persona>,
    /// People trafficked into its compound (subjects of SOS reports).
    pub workers: Vec<Persona>,
    pub(crate) compound: usize,
    /// Long-lived and rotating infrastructure, recruiter contacts, laundering wallet.
    pub selectors: Vec<Selector>,
    /// One-off contacts: for a star, leaf `k` belongs to report `k`; for a chain, reports
    /// `k` and `k + 1` share link `k + 1`.
    pub leaves: Vec<Selector>,
    /// How its reports are connected.
    pub structure: Structure,
    /// Number of victim reports planned.
    pub reports: u32,
    /// Languages its victims write in.
    pub langs: Vec<Lang>,
    /// First and last day of activity.
    pub start_day: i64,
    /// Last day of activity.
    pub end_day: i64,
    /// Syndicate it belongs to, if any.
    pub syndicate: Option<u32>,
    /// Index in `selectors` of a star's core.
    pub(crate) core: Option<usize>,
}

impl Operation {
    /// `op-0007`.
    pub fn id(&self) -> String {
        op_id(self.index)
    }

    pub(crate) fn compound(&self) -> &'static Compound {
        &COMPOUNDS[self.compound % COMPOUNDS.len()]
    }

    pub(crate) fn persona(&self, rng: &mut Rng) -> &Persona {
        // The first persona does most of the talking.
        let w: Vec<u32> = (0..self.personas.len())
            .map(|i| if i == 0 { 5 } else { 2 })
            .collect();
        &self.personas[rng.weighted(&w).min(self.personas.len().saturating_sub(1))]
    }

    /// A platform name as a victim writes it.
    pub(crate) fn platform_written(&self, rng: &mut Rng) -> &str {
        if rng.chance(0.6) || self.platform.variants.is_empty() {
            &self.platform.name
        } else {
            rng.pick_ref(&self.platform.variants).as_str()
        }
    }

    /// Selectors of kinds in `kinds` active on `day` (any role but laundering/recruiter).
    pub(crate) fn active_of<'a>(&'a self, day: i64, kinds: &[SelKind]) -> Vec<&'a Selector> {
        let mut v: Vec<&Selector> = self
            .selectors
            .iter()
            .filter(|s| {
                matches!(s.role, SelRole::Core | SelRole::Rotating)
                    && kinds.contains(&s.kind)
                    && s.active(day)
            })
            .collect();
        if v.is_empty() {
            // Outside every window: the nearest selector of those kinds.
            v = self
                .selectors
                .iter()
                .filter(|s| {
                    matches!(s.role, SelRole::Core | SelRole::Rotating) && kinds.contains(&s.kind)
                })
                .collect();
            v.sort_by_key(|s| (s.from_day - day).abs().min((s.to_day - day).abs()));
            v.truncate(1);
        }
        v
    }

    pub(crate) fn recruiters(&self) -> impl Iterator<Item = &Selector> {
        self.selectors
            .iter()
            .filter(|s| s.role == SelRole::Recruiter)
    }

    pub(crate) fn laundering(&self) -> Option<&Selector> {
        self.selectors
            .iter()
            .find(|s| s.role == SelRole::Laundering)
    }

    /// Day of report `k`.
    pub(crate) fn report_day(&self, k: u32, rng: &mut Rng) -> i64 {
        let span = (self.end_day - self.start_day).max(1);
        let n = i64::from(self.reports.max(1));
        let base = self.start_day + span * i64::from(k) / n;
        (base + i64::try_from(rng.below(usize::try_from(span / n).unwrap_or(0) + 1)).unwrap_or(0))
            .min(self.end_day)
    }
}

/// `op-0007`.
pub(crate) fn op_id(index: u32) -> String {
    format!("op-{:04}", u64::from(index) + 1)
}

/// A syndicate: operations that share one laundering wallet but are separate.
#[derive(Clone, Debug, Serialize)]
pub struct Syndicate {
    /// `syn-01`.
    pub id: String,
    /// Member operation ids.
    pub operations: Vec<String>,
    /// The shared wallet.
    pub wallet: String,
}

/// A bridge: report `k` of operation `from` also names selectors of operation `to`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bridge {
    pub from: u32,
    pub k: u32,
    pub to: u32,
}

/// A victim who reported two operations with the same contact.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RepeatVictim {
    pub a: (u32, u32),
    pub b: (u32, u32),
    pub seed: u64,
}

/// Shared noise: selectors of exchanges, hotlines, webmail and big platforms.
#[derive(Clone, Debug, Default)]
pub struct Hubs {
    /// Every hub selector.
    pub selectors: Vec<Selector>,
}

impl Hubs {
    pub(crate) fn of(&self, kind: HubKind) -> Vec<&Selector> {
        self.selectors
            .iter()
            .filter(|s| s.hub == Some(kind))
            .collect()
    }

    pub(crate) fn domain(&self, value: &str) -> Option<&Selector> {
        self.selectors
            .iter()
            .find(|s| s.kind == SelKind::Domain && s.value == value)
    }
}

pub(crate) const EXCHANGES: &[&str] = &["Binance", "OKX", "HTX", "Bybit", "KuCoin"];
pub(crate) const WEBMAIL: &[&str] = &[
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "hotmail.com",
    "qq.com",
    "163.com",
    "proton.me",
];
/// Registrable domains of big platforms that appear inside links.
pub(crate) const PLATFORM_DOMAINS: &[&str] = &[
    "t.me",
    "wa.me",
    "facebook.com",
    "bit.ly",
    "google.com",
    "apple.com",
    "line.me",
];
const HOTLINE_ORGS: &[(&str, Country)] = &[
    ("Thai Police Cyber Hotline", Country::Th),
    ("Cambodia Anti-Trafficking NGO", Country::Kh),
    ("Philippine Anti-Scam Center", Country::Ph),
    ("Indonesian Migrant Workers Hotline", Country::Id),
    ("Vietnam Victim Support", Country::Vn),
    ("US Crypto Fraud Helpline", Country::Us),
];
/// NGO intake and bulletin mailboxes: every complaint goes to one of them.
pub(crate) const NGO_MAILBOXES: &[(&str, &str)] = &[
    (
        "report@scamwatch-coalition.org",
        "ScamWatch Coalition intake",
    ),
    (
        "bulletin@scamwatch-coalition.org",
        "ScamWatch Coalition bulletin",
    ),
    ("help@migrant-rescue-network.org", "Migrant Rescue Network"),
];
const WARNING_CHANNELS: &[&str] = &[
    "scam_alert_sea",
    "antiscam_watch",
    "crypto_scam_victims_support",
];

fn make_hubs(rng: &mut Rng, world_start: i64, world_end: i64) -> Hubs {
    let mut sel = Vec::new();
    for name in EXCHANGES {
        for _ in 0..rng.range(2, 3) {
            let mut s = Selector::new(
                SelKind::Tron,
                crypto::tron(rng),
                SelRole::Hub,
                world_start,
                world_end,
            );
            s.hub = Some(HubKind::ExchangeWallet);
            s.label = Some(name);
            sel.push(s);
        }
    }
    for (org, country) in HOTLINE_ORGS {
        let p = phone::mobile(rng, *country);
        let mut s = Selector::new(
            SelKind::Phone,
            p.e164(),
            SelRole::Hub,
            world_start,
            world_end,
        )
        .with_raw(Raw::Phone(p));
        s.hub = Some(HubKind::Hotline);
        s.label = Some(org);
        sel.push(s);
    }
    for d in ["scamwatch-coalition.org", "migrant-rescue-network.org"] {
        let mut s = Selector::new(
            SelKind::Domain,
            d.to_owned(),
            SelRole::Hub,
            world_start,
            world_end,
        );
        s.hub = Some(HubKind::Ngo);
        sel.push(s);
    }
    for d in WEBMAIL {
        let mut s = Selector::new(
            SelKind::Domain,
            (*d).to_owned(),
            SelRole::Hub,
            world_start,
            world_end,
        );
        s.hub = Some(HubKind::Webmail);
        sel.push(s);
    }
    for d in PLATFORM_DOMAINS {
        let mut s = Selector::new(
            SelKind::Domain,
            (*d).to_owned(),
            SelRole::Hub,
            world_start,
            world_end,
        );
        s.hub = Some(HubKind::Platform);
        sel.push(s);
    }
    for (addr, label) in NGO_MAILBOXES {
        let mut s = Selector::new(
            SelKind::Email,
            (*addr).to_owned(),
            SelRole::Hub,
            world_start,
            world_end,
        );
        s.hub = Some(HubKind::Ngo);
        s.label = Some(label);
        sel.push(s);
    }
    for c in WARNING_CHANNELS {
        let mut s = Selector::new(
            SelKind::Telegram,
            (*c).to_owned(),
            SelRole::Hub,
            world_start,
            world_end,
        );
        s.hub = Some(HubKind::WarningChannel);
        sel.push(s);
    }
    Hubs { selectors: sel }
}

const BRANDS: &[&str] = &[
    "Bitget",
    "Coinbase",
    "Kraken",
    "Huobi",
    "Bybit",
    "Gemini",
    "Bitstamp",
    "Kucoin",
    "Zentrix",
    "Aureus",
    "Vaultex",
    "Nexora",
    "Cryptonex",
    "Goldmine",
    "Apex",
    "Quantum",
    "Stellar",
    "Bitfinity",
    "Coinvex",
    "Ethera",
    "Primex",
    "Novacoin",
    "Lumina",
    "Orbitex",
    "Fintrust",
    "Zenith",
    "Capitalix",
    "Tradewind",
    "Bitmart",
    "Goldex",
    "Hashport",
    "Coinlux",
];
const BRAND_SUFFIX: &[&str] = &[
    "Pro", "Global", "Plus", "Max", "Prime", "Capital", "Exchange", "DeFi", "Futures", "FX",
    "Markets", "Asia", "Wealth",
];

fn brand_name(rng: &mut Rng, op_type: OpType) -> String {
    match op_type {
        OpType::PigButchering | OpType::Romance => {
            let b = rng.pick(BRANDS);
            let s1 = rng.pick(BRAND_SUFFIX);
            if rng.chance(0.5) {
                let mut s2 = rng.pick(BRAND_SUFFIX);
                if s2 == s1 {
                    s2 = "Global";
                }
                if s2 == s1 {
                    format!("{b} {s1}")
                } else {
                    format!("{b} {s1} {s2}")
                }
            } else {
                format!("{b} {s1}")
            }
        }
        OpType::RecoveryAgent => format!(
            "{} {} Recovery {}",
            rng.pick(&[
                "Global",
                "International",
                "Crypto",
                "Asia Pacific",
                "Digital"
            ]),
            rng.pick(&["Asset", "Fund", "Crypto", "Capital"]),
            rng.pick(&["Bureau", "Agency", "Group", "Services", "Center"])
        ),
        OpType::FakeShop => format!(
            "{} {} {}",
            rng.pick(&[
                "Luxe", "Mega", "Happy", "Prime", "Lucky", "Super", "Urban", "Golden"
            ]),
            rng.pick(&["Outlet", "Mall", "Deals", "Store", "Shop", "Bazaar"]),
            rng.pick(&["88", "Official", "Online", "Asia", "Express", "Direct"])
        ),
        OpType::FakeJob => format!(
            "{} {} {}",
            rng.pick(&[
                "Star", "Click", "Boost", "Rate", "Task", "Like", "Smart", "Bright"
            ]),
            rng.pick(&["Task", "Media", "Digital", "Rating", "Hub", "Works"]),
            rng.pick(&["Agency", "Online", "Global", "Team", "Marketing"])
        ),
    }
}

fn platform_variants(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let two: Vec<&str> = words.iter().take(2).copied().collect();
    let mut v = vec![
        two.join("-").to_uppercase(),
        two.concat().to_lowercase(),
        two.join(" "),
        format!(
            "{}{}",
            two.concat(),
            words.get(2).map(|w| format!(" {w}")).unwrap_or_default()
        ),
        name.to_lowercase(),
    ];
    v.retain(|x| x != name);
    v.sort();
    v.dedup();
    v
}

/// Uniqueness of values across the world: a random collision between two operations
/// would be a link the truth does not know about.
struct Unique(BTreeSet<String>);

impl Unique {
    fn fresh(&mut self, mut make: impl FnMut() -> String) -> String {
        for _ in 0..100 {
            let v = make();
            if self.0.insert(v.clone()) {
                return v;
            }
        }
        let mut v = make();
        v.push_str("9z");
        self.0.insert(v.clone());
        v
    }
}

const LANG_WEIGHT: [u32; 10] = [30, 20, 5, 12, 12, 7, 3, 3, 5, 3];

fn pick_langs(rng: &mut Rng, allowed: &[Lang], op_type: OpType) -> Vec<Lang> {
    let weights: Vec<u32> = allowed.iter().map(|l| LANG_WEIGHT[l.index()]).collect();
    let n = if op_type == OpType::RecoveryAgent {
        2
    } else {
        rng.range(1, 3) as usize
    };
    let mut out = Vec::new();
    for _ in 0..n * 3 {
        if out.len() >= n {
            break;
        }
        let l = allowed[rng.weighted(&weights).min(allowed.len() - 1)];
        if !out.contains(&l) {
            out.push(l);
        }
    }
    if out.is_empty() {
        out.push(allowed[0]);
    }
    out
}

fn persona_origin(rng: &mut Rng, langs: &[Lang]) -> Origin {
    let first = langs.first().copied().unwrap_or(Lang::En);
    match first {
        Lang::Th => {
            if rng.chance(0.6) {
                Origin::Thai
            } else {
                Origin::Chinese
            }
        }
        Lang::Zh | Lang::ZhHant => Origin::Chinese,
        Lang::Tl => {
            if rng.chance(0.5) {
                Origin::Filipino
            } else {
                Origin::Chinese
            }
        }
        Lang::Id => {
            if rng.chance(0.5) {
                Origin::Indonesian
            } else {
                Origin::Chinese
            }
        }
        Lang::Vi => {
            if rng.chance(0.5) {
                Origin::Vietnamese
            } else {
                Origin::Chinese
            }
        }
        _ => match rng.weighted(&[6, 3, 1]) {
            0 => Origin::Chinese,
            1 => Origin::Western,
            _ => Origin::Russian,
        },
    }
}

/// Rotation windows for `m` items over `[s, e]`, overlapping by a fifth of a period.
fn windows(s: i64, e: i64, m: usize) -> Vec<(i64, i64)> {
    let m = m.max(1) as i64;
    let period = ((e - s) / m).max(1);
    let overlap = period / 5;
    (0..m)
        .map(|i| {
            let a = if i == 0 { s } else { s + i * period - overlap };
            let b = if i == m - 1 {
                e
            } else {
                s + (i + 1) * period + overlap
            };
            (a, b)
        })
        .collect()
}

/// Report counts per operation.
fn sizes(rng: &mut Rng, cfg: &WorldConfig, total: usize) -> Vec<u32> {
    let n = cfg.operations.max(1);
    let raw: Vec<f64> = match cfg.shape {
        Shape::Regular => (0..n).map(|_| 0.5 + rng.f64()).collect(),
        Shape::HeavyTailed => (0..n)
            .map(|_| {
                // Pareto with alpha 1.25 from a minimum of 2, capped so that one giant
                // cannot swallow a small world.
                let u = rng.f64().max(1e-9);
                (2.0 * u.powf(-1.0 / 1.25)).min(2_000.0)
            })
            .collect(),
    };
    let sum: f64 = raw.iter().sum();
    let min = 2.0;
    let scale = (total as f64 / sum.max(1e-9)).max(0.0);
    raw.iter()
        .map(|r| (r * scale).round().max(min).min(u32::MAX as f64) as u32)
        .collect()
}

/// Kinds of infrastructure by operation type: (kind, min, max).
fn infra(op_type: OpType) -> &'static [(SelKind, u32, u32)] {
    match op_type {
        OpType::PigButchering => &[
            (SelKind::Domain, 1, 4),
            (SelKind::Tron, 1, 4),
            (SelKind::Eth, 0, 1),
            (SelKind::Btc, 0, 1),
            (SelKind::Telegram, 1, 2),
            (SelKind::Whatsapp, 1, 2),
            (SelKind::App, 0, 2),
            (SelKind::Email, 1, 2),
            (SelKind::Url, 0, 1),
        ],
        OpType::Romance => &[
            (SelKind::Whatsapp, 1, 2),
            (SelKind::Telegram, 0, 1),
            (SelKind::BankAccount, 1, 2),
            (SelKind::Iban, 0, 1),
            (SelKind::Tron, 1, 2),
            (SelKind::Domain, 0, 1),
            (SelKind::Phone, 0, 1),
            (SelKind::Email, 1, 1),
        ],
        OpType::RecoveryAgent => &[
            (SelKind::Domain, 1, 2),
            (SelKind::Email, 1, 2),
            (SelKind::Telegram, 1, 1),
            (SelKind::Phone, 1, 1),
            (SelKind::Tron, 1, 2),
        ],
        OpType::FakeShop => &[
            (SelKind::Domain, 1, 3),
            (SelKind::Whatsapp, 1, 1),
            (SelKind::BankAccount, 1, 2),
            (SelKind::Iban, 0, 1),
            (SelKind::Phone, 0, 1),
            (SelKind::Url, 0, 1),
            (SelKind::Email, 1, 1),
        ],
        OpType::FakeJob => &[
            (SelKind::Telegram, 1, 3),
            (SelKind::Whatsapp, 1, 2),
            (SelKind::Tron, 1, 2),
            (SelKind::Domain, 0, 2),
            (SelKind::App, 0, 1),
            (SelKind::Line, 0, 1),
            (SelKind::Email, 1, 1),
        ],
    }
}

/// Everything needed to make one selector value.
pub(crate) struct Maker<'a> {
    pub words: &'a [String],
    pub persona: &'a Persona,
    pub countries: &'a [Country],
    pub bank_country: Option<&'static str>,
}

fn make_selector(
    rng: &mut Rng,
    uniq: &mut Unique,
    kind: SelKind,
    m: &Maker<'_>,
    domains: &[String],
) -> (String, Raw) {
    match kind {
        SelKind::Phone | SelKind::Whatsapp => {
            let mut phone = None;
            let v = uniq.fresh(|| {
                let c = rng.pick(m.countries);
                let p = phone::mobile(rng, c);
                let e = p.e164();
                phone = Some(p);
                e
            });
            (v, phone.map_or(Raw::None, Raw::Phone))
        }
        SelKind::Telegram => (uniq.fresh(|| net::telegram_handle(rng, m.words)), Raw::None),
        SelKind::Line => (
            uniq.fresh(|| net::line_id(rng, &m.persona.first_latin, &m.persona.last_latin)),
            Raw::None,
        ),
        SelKind::Wechat => (
            uniq.fresh(|| net::wechat_id(rng, &m.persona.first_latin, &m.persona.last_latin)),
            Raw::None,
        ),
        SelKind::Domain => (uniq.fresh(|| net::brand_domain(rng, m.words)), Raw::None),
        SelKind::Url => {
            let mut path = String::new();
            let v = uniq.fresh(|| {
                path = net::short_path(rng);
                format!("https://bit.ly/{path}")
            });
            (v, Raw::Short { path })
        }
        SelKind::Email => {
            let v = uniq.fresh(|| {
                if let (Some(d), true) = (rng.pick_opt(domains), rng.chance(0.6)) {
                    format!(
                        "{}@{d}",
                        rng.pick(&[
                            "support", "service", "cs", "admin", "info", "help", "vip", "hr"
                        ])
                    )
                } else {
                    let local =
                        net::mailbox_local(rng, &m.persona.first_latin, &m.persona.last_latin);
                    format!(
                        "{local}@{}",
                        rng.pick(&["gmail.com", "outlook.com", "proton.me"])
                    )
                }
            });
            (v, Raw::None)
        }
        SelKind::Tron => (uniq.fresh(|| crypto::tron(rng)), Raw::None),
        SelKind::Eth => (uniq.fresh(|| crypto::eth(rng)), Raw::None),
        SelKind::Btc => (uniq.fresh(|| crypto::btc(rng)), Raw::None),
        SelKind::Iban => (uniq.fresh(|| bank::iban(rng)), Raw::None),
        SelKind::BankAccount => {
            let mut raw = Raw::None;
            let v = uniq.fresh(|| {
                let (b, digits, written) = bank::bank_account(rng, m.bank_country);
                raw = Raw::Bank { bank: b, written };
                digits
            });
            (v, raw)
        }
        SelKind::App => {
            if rng.chance(0.65) {
                (
                    uniq.fresh(|| format!("android:{}", net::android_package(rng, m.words))),
                    Raw::Android,
                )
            } else {
                let slug = m.words.join("-");
                (
                    uniq.fresh(|| format!("ios:{}", net::ios_app_id(rng))),
                    Raw::Ios { slug },
                )
            }
        }
    }
}

/// The normal form a selector's value has in the truth: ETH lower-cased.
fn normal(kind: SelKind, v: &str) -> String {
    match kind {
        SelKind::Eth => v.to_ascii_lowercase(),
        _ => v.to_owned(),
    }
}

/// The world in memory: operations and everything shared; records are planned per file.
#[derive(Clone, Debug)]
pub struct World {
    /// The config it was made from (after resolving a byte target).
    pub config: WorldConfig,
    /// Operations, indexed by [`Operation::index`].
    pub operations: Vec<Operation>,
    /// Hub selectors.
    pub hubs: Hubs,
    /// Syndicates.
    pub syndicates: Vec<Syndicate>,
    pub(crate) bridges: Vec<Bridge>,
    pub(crate) repeats: Vec<RepeatVictim>,
    pub(crate) files: Vec<crate::plan::FilePlan>,
    pub(crate) noise_reports: u32,
}

impl World {
    /// First day of the world.
    pub(crate) fn start_day(&self) -> i64 {
        DAY_2023_01_01
    }
}

/// Builds the operations and shared parts of a world.
pub(crate) fn build(cfg: &WorldConfig) -> World {
    let cfg = cfg.resolved();
    let mut rng = Rng::sub(cfg.seed, 1);
    let start = DAY_2023_01_01;
    let end = start + i64::from(cfg.span_days.max(60));
    let hubs = make_hubs(&mut rng, start, end);
    let mut uniq = Unique(hubs.selectors.iter().map(|s| s.value.clone()).collect());
    let langs = cfg.langs();
    let noise = ((cfg.reports as f64) * cfg.noise_reports).round() as usize;
    let op_total = cfg.reports.saturating_sub(noise);
    let sizes = sizes(&mut rng, &cfg, op_total);
    let mut ops: Vec<Operation> = Vec::with_capacity(cfg.operations);
    let mut platform_names: Vec<String> = Vec::new();
    for (i, &size) in sizes.iter().enumerate() {
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        let mut r = Rng::sub(cfg.seed, 1_000 + u64::from(index));
        let op_type = match r.weighted(&[40, 15, 12, 13, 20]) {
            0 => OpType::PigButchering,
            1 => OpType::Romance,
            2 => OpType::RecoveryAgent,
            3 => OpType::FakeShop,
            _ => OpType::FakeJob,
        };
        let op_langs = pick_langs(&mut r, &langs, op_type);
        // A few unrelated operations reuse a popular platform name.
        let name = if !platform_names.is_empty() && r.chance(0.05) {
            r.pick_ref(&platform_names).clone()
        } else {
            brand_name(&mut r, op_type)
        };
        platform_names.push(name.clone());
        let platform = Platform {
            variants: platform_variants(&name),
            name,
        };
        let words = net::slug_words(&platform.name);
        let compound = r.below(COMPOUNDS.len());
        let comp = &COMPOUNDS[compound];
        let n_personas = r.range(1, 3) as usize;
        let personas: Vec<Persona> = (0..n_personas)
            .map(|p| {
                let origin = persona_origin(&mut r, &op_langs);
                let common = r.chance(0.15);
                names::persona(
                    &mut r,
                    format!("{}/p{}", op_id(index), p + 1),
                    origin,
                    common,
                )
            })
            .collect();
        let n_workers = r.range(1, 3) as usize;
        let workers: Vec<Persona> = (0..n_workers)
            .map(|w| {
                let lang = r.pick(&[
                    Lang::Id,
                    Lang::Th,
                    Lang::Vi,
                    Lang::Zh,
                    Lang::Tl,
                    Lang::My,
                    Lang::Km,
                    Lang::En,
                ]);
                let origin = names::origin_for(lang, &mut r);
                names::persona(
                    &mut r,
                    format!("{}/w{}", op_id(index), w + 1),
                    origin,
                    false,
                )
            })
            .collect();
        // Activity spans grow with size.
        let span_len =
            (60 + i64::from(size.min(400)) * 3 + i64::try_from(r.below(200)).unwrap_or(0))
                .min(end - start);
        let op_start = start
            + i64::try_from(r.below(usize::try_from(end - start - span_len).unwrap_or(0) + 1))
                .unwrap_or(0);
        let op_end = op_start + span_len;
        let mut phone_countries: Vec<Country> = comp.phones.to_vec();
        phone_countries.push(r.pick(&[
            Country::Us,
            Country::Gb,
            Country::Hk,
            Country::My,
            Country::Id,
            Country::Sg,
            Country::Jp,
        ]));
        let bank_country = match op_langs[0] {
            Lang::Th => Some("TH"),
            Lang::Id => Some("ID"),
            Lang::Vi => Some("VN"),
            Lang::Tl => Some("PH"),
            Lang::Zh => Some("CN"),
            Lang::Km => Some("KH"),
            _ => Some(r.pick(&["MY", "TH", "PH"])),
        };
        let maker = Maker {
            words: &words,
            persona: &personas[0],
            countries: &phone_countries,
            bank_country,
        };
        let heavy = cfg.shape == Shape::HeavyTailed;
        let structure = if !heavy {
            Structure::Dense
        } else if size >= 40 {
            if r.chance(0.65) {
                Structure::Star
            } else {
                Structure::Dense
            }
        } else if size >= 5 && r.chance(0.35) {
            Structure::Chain
        } else {
            Structure::Dense
        };
        let mut selectors: Vec<Selector> = Vec::new();
        let mut domains: Vec<String> = Vec::new();
        for &(kind, lo, hi) in infra(op_type) {
            let mut m = r.range(lo, hi) as usize;
            // Big operations and fast rotation use more infrastructure.
            if heavy && matches!(kind, SelKind::Domain | SelKind::Tron) && size > 20 {
                m += (size as usize / 60).min(6);
            }
            if m == 0 {
                continue;
            }
            let rotating = m > 1 || matches!(kind, SelKind::Domain | SelKind::Tron);
            for (a, b) in windows(op_start, op_end, m) {
                let (v, raw) = make_selector(&mut r, &mut uniq, kind, &maker, &domains);
                if kind == SelKind::Domain {
                    domains.push(v.clone());
                }
                let role = if rotating && m > 1 {
                    SelRole::Rotating
                } else {
                    SelRole::Core
                };
                selectors.push(Selector::new(kind, normal(kind, &v), role, a, b).with_raw(raw));
            }
        }
        // LINE for Thai and Japanese audiences, WeChat for Chinese ones.
        if op_langs.contains(&Lang::Th) || op_langs.contains(&Lang::ZhHant) {
            let (v, raw) = make_selector(&mut r, &mut uniq, SelKind::Line, &maker, &domains);
            selectors.push(
                Selector::new(SelKind::Line, v, SelRole::Core, op_start, op_end).with_raw(raw),
            );
        }
        if op_langs.contains(&Lang::Zh) {
            let (v, raw) = make_selector(&mut r, &mut uniq, SelKind::Wechat, &maker, &domains);
            selectors.push(
                Selector::new(SelKind::Wechat, v, SelRole::Core, op_start, op_end).with_raw(raw),
            );
        }
        // The recruiting arm: a Telegram HR handle, a WhatsApp number and a mailbox.
        let hr_words = vec![
            comp.city
                .split(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .unwrap_or("job")
                .to_ascii_lowercase(),
            "hr".to_owned(),
        ];
        let hr_maker = Maker {
            words: &hr_words,
            ..maker
        };
        for kind in [SelKind::Telegram, SelKind::Whatsapp, SelKind::Email] {
            let (v, raw) = make_selector(&mut r, &mut uniq, kind, &hr_maker, &[]);
            selectors
                .push(Selector::new(kind, v, SelRole::Recruiter, op_start, op_end).with_raw(raw));
        }
        let mut core = None;
        let mut leaves = Vec::new();
        match structure {
            Structure::Star => {
                // The core: the main domain or customer-service handle, used throughout.
                let kind = if r.chance(0.5) {
                    SelKind::Domain
                } else {
                    SelKind::Telegram
                };
                let (v, raw) = make_selector(&mut r, &mut uniq, kind, &maker, &domains);
                core = Some(selectors.len());
                selectors
                    .push(Selector::new(kind, v, SelRole::Core, op_start, op_end).with_raw(raw));
                for _ in 0..size {
                    let kind = r.pick(&[
                        SelKind::Whatsapp,
                        SelKind::Phone,
                        SelKind::Telegram,
                        SelKind::Tron,
                    ]);
                    let (v, raw) = make_selector(&mut r, &mut uniq, kind, &maker, &domains);
                    leaves.push(
                        Selector::new(kind, normal(kind, &v), SelRole::Leaf, op_start, op_end)
                            .with_raw(raw),
                    );
                }
            }
            Structure::Chain => {
                for _ in 0..=size {
                    let kind = r.pick(&[
                        SelKind::Whatsapp,
                        SelKind::Telegram,
                        SelKind::Tron,
                        SelKind::Domain,
                    ]);
                    let (v, raw) = make_selector(&mut r, &mut uniq, kind, &maker, &domains);
                    leaves.push(
                        Selector::new(kind, normal(kind, &v), SelRole::Leaf, op_start, op_end)
                            .with_raw(raw),
                    );
                }
            }
            Structure::Dense => {}
        }
        ops.push(Operation {
            index,
            op_type,
            platform,
            personas,
            workers,
            compound,
            selectors,
            leaves,
            structure,
            reports: size,
            langs: op_langs,
            start_day: op_start,
            end_day: op_end,
            syndicate: None,
            core,
        });
    }
    // Syndicates: disjoint groups of 2-3 operations sharing one laundering wallet.
    let mut syndicates = Vec::new();
    let mut order: Vec<usize> = (0..ops.len()).collect();
    rng.shuffle(&mut order);
    let mut cursor = 0;
    for s in 0..cfg.syndicates {
        let size = rng.range(2, 3) as usize;
        if cursor + size > order.len() {
            break;
        }
        let members: Vec<usize> = order[cursor..cursor + size].to_vec();
        cursor += size;
        let wallet = uniq.fresh(|| crypto::tron(&mut rng));
        let sid = u32::try_from(s).unwrap_or(u32::MAX);
        for &m in &members {
            let op = &mut ops[m];
            op.syndicate = Some(sid);
            op.selectors.push(Selector::new(
                SelKind::Tron,
                wallet.clone(),
                SelRole::Laundering,
                op.start_day,
                op.end_day,
            ));
        }
        syndicates.push(Syndicate {
            id: format!("syn-{:02}", s + 1),
            operations: members.iter().map(|&m| ops[m].id()).collect(),
            wallet,
        });
    }
    // Bridges: mostly an investment victim later approached by recovery agents.
    let mut bridges = Vec::new();
    if ops.len() >= 2 {
        let recovery: Vec<u32> = ops
            .iter()
            .filter(|o| o.op_type == OpType::RecoveryAgent)
            .map(|o| o.index)
            .collect();
        for _ in 0..cfg.bridges {
            let from = u32::try_from(rng.below(ops.len())).unwrap_or(0);
            let mut to = match rng.pick_opt(&recovery) {
                Some(&t) if rng.chance(0.7) => t,
                _ => u32::try_from(rng.below(ops.len())).unwrap_or(0),
            };
            if to == from {
                to = (from + 1) % u32::try_from(ops.len()).unwrap_or(1);
            }
            let k = u32::try_from(rng.below(ops[from as usize].reports as usize)).unwrap_or(0);
            bridges.push(Bridge { from, k, to });
        }
    }
    let mut repeats = Vec::new();
    if ops.len() >= 2 {
        for _ in 0..cfg.repeat_victims {
            let a = rng.below(ops.len());
            let b = (a + 1 + rng.below(ops.len() - 1)) % ops.len();
            let ka = u32::try_from(rng.below(ops[a].reports as usize)).unwrap_or(0);
            let kb = u32::try_from(rng.below(ops[b].reports as usize)).unwrap_or(0);
            repeats.push(RepeatVictim {
                a: (u32::try_from(a).unwrap_or(0), ka),
                b: (u32::try_from(b).unwrap_or(0), kb),
                seed: rng.u64(),
            });
        }
    }
    World {
        config: cfg,
        operations: ops,
        hubs,
        syndicates,
        bridges,
        repeats,
        files: Vec::new(),
        noise_reports: u32::try_from(noise).unwrap_or(u32::MAX),
    }
}
