//! Turning plans into text: slot filling, the written forms of selectors (including
//! defanged and obfuscated ones), and the narratives of victim reports.
//!
//! Every selector reaches a text through [`Writer::sel`], which both writes its surface
//! form and records what was planted, so the truth cannot drift from the text.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::ids::bank::{BANKS, iban_grouped};
use crate::ids::crypto;
use crate::ids::phone::{self, Country};
use crate::lang::{L, Lang, Pack};
use crate::names::{self, Persona};
use crate::rng::Rng;
use crate::truth::{PlantRole, Planted};
use crate::world::{
    COUNTRIES, EXCHANGES, HubKind, Operation, Raw, SelKind, SelRole, Selector, World,
};

/// A selector to write, with the role it plays in this record.
#[derive(Clone, Debug)]
pub(crate) struct Use<'w> {
    pub sel: Cow<'w, Selector>,
    pub role: PlantRole,
    pub op: Option<u32>,
}

impl<'w> Use<'w> {
    pub(crate) fn of(sel: &'w Selector, role: PlantRole, op: Option<u32>) -> Self {
        Use {
            sel: Cow::Borrowed(sel),
            role,
            op,
        }
    }
}

/// Values for the non-selector slots.
pub(crate) struct Fill<'a> {
    pub lang: Lang,
    pub persona: &'a str,
    pub platform: &'a str,
    pub compound: &'a str,
    pub city: &'a str,
    pub country: &'a str,
    pub name: &'a str,
    pub victim: &'a str,
    pub exchange: &'a str,
    pub day: i64,
    pub amount: u32,
    pub fee: u32,
    pub salary: u32,
    pub days: u32,
    pub age: u32,
    pub percent: u32,
    pub job: &'a str,
    pub item: &'a str,
    pub relative: &'a str,
}

impl<'a> Fill<'a> {
    /// Slot values for a record of `op` (or of no operation) in `lang` on `day`.
    pub(crate) fn new(
        world: &'a World,
        op: Option<&'a Operation>,
        lang: Lang,
        day: i64,
        rng: &mut Rng,
    ) -> Self {
        let pack = lang.pack();
        let comp = op.map_or(
            &crate::world::COMPOUNDS[rng.below(crate::world::COMPOUNDS.len())],
            |o| o.compound(),
        );
        let _ = world;
        Fill {
            lang,
            persona: op.map_or("", |o| o.persona(rng).written(lang, rng)),
            platform: op.map_or("", |o| o.platform_written(rng)),
            compound: comp.name_in(lang),
            city: comp.city_in(lang),
            country: pack.words.countries[comp.country.min(4)],
            name: "",
            victim: "",
            exchange: rng.pick(EXCHANGES),
            day,
            amount: amount(rng),
            fee: 50 * rng.range(4, 120),
            salary: 100 * rng.range(8, 35),
            days: rng.range(5, 120),
            age: rng.range(17, 39),
            percent: rng.range(3, 40),
            job: rng.pick(pack.words.jobs),
            item: rng.pick(pack.words.items),
            relative: rng.pick(pack.words.relatives),
        }
    }
}

fn amount(rng: &mut Rng) -> u32 {
    match rng.weighted(&[3, 5, 3, 1]) {
        0 => 100 * rng.range(2, 30),
        1 => 500 * rng.range(4, 60),
        2 => 1000 * rng.range(30, 250),
        _ => 10_000 * rng.range(25, 120),
    }
}

/// Writes `n` with the language's thousands separator.
fn push_amount(n: u32, sep: char, out: &mut String) {
    let s = n.to_string();
    let len = s.len();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
}

/// Fills a template's slots into `out`; `{sel}` takes `sel`.
pub(crate) fn fill(t: &str, f: &Fill<'_>, sel: &str, out: &mut String) {
    let pack = f.lang.pack();
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return;
        };
        let key = &after[..close];
        match key {
            "sel" => out.push_str(sel),
            "persona" => out.push_str(f.persona),
            "platform" => out.push_str(f.platform),
            "compound" => out.push_str(f.compound),
            "city" => out.push_str(f.city),
            "country" => out.push_str(f.country),
            "name" => out.push_str(f.name),
            "victim" => out.push_str(f.victim),
            "exchange" => out.push_str(f.exchange),
            "job" => out.push_str(f.job),
            "item" => out.push_str(f.item),
            "relative" => out.push_str(f.relative),
            "date" => crate::date::spoken(f.lang, f.day, out),
            "amount" => push_amount(f.amount, pack.thousands, out),
            "fee" => push_amount(f.fee, pack.thousands, out),
            "salary" => push_amount(f.salary, pack.thousands, out),
            "days" => {
                let _ = write!(out, "{}", f.days);
            }
            "age" => {
                let _ = write!(out, "{}", f.age);
            }
            "percent" => {
                let _ = write!(out, "{}", f.percent);
            }
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
}

/// The sentence list for a selector kind.
pub(crate) fn sel_lines(pack: &Pack, u: &Use<'_>) -> L {
    let s = &pack.sel;
    if u.role == PlantRole::Hub {
        return match u.sel.hub {
            Some(HubKind::ExchangeWallet) => s.exchange,
            Some(HubKind::Hotline) => s.hotline,
            Some(HubKind::WarningChannel) => s.channel,
            _ => s.domain,
        };
    }
    if u.role == PlantRole::Victim {
        return s.own;
    }
    match u.sel.kind {
        SelKind::Phone => s.phone,
        SelKind::Whatsapp => s.whatsapp,
        SelKind::Telegram => s.telegram,
        SelKind::Line => s.line,
        SelKind::Wechat => s.wechat,
        SelKind::Domain => s.domain,
        SelKind::Url => s.url,
        SelKind::Email => s.email,
        SelKind::Tron | SelKind::Eth | SelKind::Btc => s.wallet,
        SelKind::Iban => s.iban,
        SelKind::BankAccount => s.bank,
        SelKind::App => s.app,
    }
}

/// A recruitment-contact line fit for a selector kind (ad contact lines are tagged `t:`
/// Telegram, `w:` WhatsApp or phone, `e:` e-mail, `*:` any).
pub(crate) fn contact_line(pack: &Pack, kind: SelKind, rng: &mut Rng) -> &'static str {
    let tag = match kind {
        SelKind::Telegram => 't',
        SelKind::Whatsapp | SelKind::Phone => 'w',
        SelKind::Email => 'e',
        _ => '*',
    };
    let fit: Vec<&'static str> = pack
        .ad
        .contact
        .iter()
        .filter(|l| l.starts_with(tag) || l.starts_with('*'))
        .copied()
        .collect();
    let line = rng.pick_opt(&fit).copied().unwrap_or("*:{sel}");
    line.get(2..).unwrap_or(line)
}

/// A line in the scammers' own voice for a selector (deposit instructions, links,
/// contacts), falling back to the reporter's voice.
pub(crate) fn voice_line(pack: &Pack, u: &Use<'_>, rng: &mut Rng) -> &'static str {
    let chat = pack.chat;
    match (u.sel.kind, chat) {
        (SelKind::Tron | SelKind::Eth | SelKind::Btc, Some(c)) => {
            let lines = if rng.chance(0.5) { c.deposit } else { c.fee };
            rng.pick(lines)
        }
        (SelKind::BankAccount | SelKind::Iban, Some(c)) => rng.pick(c.pay),
        (SelKind::Domain | SelKind::App | SelKind::Url, Some(c)) => rng.pick(c.link),
        (SelKind::Telegram | SelKind::Whatsapp | SelKind::Phone | SelKind::Email, _) => {
            contact_line(pack, u.sel.kind, rng)
        }
        _ => rng.pick(sel_lines(pack, u)),
    }
}

/// Writes selectors' surface forms and records what was planted.
pub(crate) struct Writer<'w> {
    pub world: &'w World,
    pub obfuscation: f64,
    pub planted: Vec<Planted>,
}

const FULLWIDTH_OFFSET: u32 = 0xFF10 - 0x30;

fn fullwidth_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(u32::from(c) + FULLWIDTH_OFFSET).unwrap_or(c),
            '+' => '＋',
            _ => c,
        })
        .collect()
}

fn national_ok(lang: Lang, c: Country) -> bool {
    matches!(
        (lang, c),
        (Lang::Th, Country::Th)
            | (Lang::Id, Country::Id)
            | (Lang::Vi, Country::Vn)
            | (Lang::Km, Country::Kh)
            | (Lang::Tl, Country::Ph)
            | (Lang::My, Country::Mm)
            | (Lang::Zh, Country::Cn)
            | (Lang::ZhHant, Country::Tw)
            | (Lang::En, Country::Us)
    )
}

fn defang_domain(d: &str, rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => d.replacen('.', "[.]", 1),
        1 => d.replace('.', "[.]"),
        _ => d.replacen('.', "(dot)", 1),
    }
}

impl<'w> Writer<'w> {
    pub(crate) fn new(world: &'w World) -> Self {
        Writer {
            world,
            obfuscation: world.config.obfuscation,
            planted: Vec::new(),
        }
    }

    fn plant(
        &mut self,
        kind: SelKind,
        value: &str,
        role: PlantRole,
        op: Option<u32>,
        field: Option<&'static str>,
    ) {
        if self
            .planted
            .iter()
            .any(|p| p.kind == kind && p.value == value && p.field == field)
        {
            return;
        }
        self.planted.push(Planted {
            kind,
            value: value.to_owned(),
            role,
            operation: op,
            field,
        });
    }

    fn plant_hub_domain(&mut self, domain: &str, field: Option<&'static str>) {
        self.plant(SelKind::Domain, domain, PlantRole::Hub, None, field);
    }

    /// Plants a use without writing it (its text is written by the caller).
    pub(crate) fn plant_use(&mut self, u: &Use<'_>, field: Option<&'static str>) {
        self.plant(u.sel.kind, &u.sel.value, u.role, u.op, field);
    }

    /// Plants a big platform's domain.
    pub(crate) fn plant_hub(&mut self, domain: &str, field: Option<&'static str>) {
        self.plant_hub_domain(domain, field);
    }

    /// Plants the domain of an e-mail use (a hub for webmail, else the use's own role).
    pub(crate) fn plant_email_domain(&mut self, u: &Use<'_>, field: Option<&'static str>) {
        let domain = u.sel.value.split_once('@').map_or("", |(_, d)| d);
        if domain.is_empty() {
            return;
        }
        let hub = self.world.hubs.domain(domain).is_some();
        let (role, op) = if hub {
            (PlantRole::Hub, None)
        } else {
            (u.role, u.op)
        };
        self.plant(SelKind::Domain, domain, role, op, field);
    }

    /// Writes an e-mail address as is and plants it with its domain.
    pub(crate) fn address(&mut self, u: &Use<'_>, field: Option<&'static str>) -> String {
        self.plant_use(u, field);
        self.plant_email_domain(u, field);
        u.sel.value.clone()
    }

    /// Writes `u` in a form fit for running text (or a field when `field` is set).
    pub(crate) fn sel(
        &mut self,
        u: &Use<'_>,
        lang: Lang,
        rng: &mut Rng,
        field: Option<&'static str>,
        out: &mut String,
    ) {
        let s = &*u.sel;
        self.plant(s.kind, &s.value, u.role, u.op, field);
        let obf = rng.chance(self.obfuscation);
        match s.kind {
            SelKind::Phone | SelKind::Whatsapp => {
                let Raw::Phone(p) = &s.raw else {
                    out.push_str(&s.value);
                    return;
                };
                if s.kind == SelKind::Whatsapp && rng.chance(0.3) {
                    self.plant_hub_domain("wa.me", field);
                    if rng.chance(0.5) {
                        out.push_str("https://");
                    }
                    out.push_str("wa.me/");
                    out.push_str(&p.digits());
                    return;
                }
                let text = p.surface(rng, national_ok(lang, p.country));
                if obf && matches!(lang, Lang::Zh | Lang::ZhHant) {
                    out.push_str(&fullwidth_digits(&text));
                } else if obf && rng.chance(0.3) {
                    // Digits spaced out one by one, as people do to dodge filters.
                    let mut first = true;
                    for c in p.e164().chars() {
                        if !first && c.is_ascii_digit() {
                            out.push(' ');
                        }
                        first = false;
                        out.push(c);
                    }
                } else {
                    out.push_str(&text);
                }
            }
            SelKind::Telegram => {
                let h = &s.value;
                let shown: Cow<'_, str> = if rng.chance(0.2) {
                    let mut c = h.chars();
                    Cow::Owned(c.next().map_or_else(String::new, |f| {
                        f.to_ascii_uppercase().to_string() + c.as_str()
                    }))
                } else {
                    Cow::Borrowed(h.as_str())
                };
                match rng.weighted(&[
                    50,
                    18,
                    14,
                    if obf { 8 } else { 2 },
                    if field.is_some() { 10 } else { 0 },
                ]) {
                    0 => {
                        out.push('@');
                        out.push_str(&shown);
                    }
                    1 => {
                        self.plant_hub_domain("t.me", field);
                        out.push_str("t.me/");
                        out.push_str(&shown);
                    }
                    2 => {
                        self.plant_hub_domain("t.me", field);
                        out.push_str("https://t.me/");
                        out.push_str(&shown);
                    }
                    3 => {
                        out.push_str("tg://resolve?domain=");
                        out.push_str(&shown);
                    }
                    _ => out.push_str(&shown),
                }
            }
            SelKind::Line => {
                if !s.value.starts_with('@') && rng.chance(0.25) {
                    self.plant_hub_domain("line.me", field);
                    out.push_str("https://line.me/ti/p/~");
                }
                out.push_str(&s.value);
            }
            SelKind::Wechat => out.push_str(&s.value),
            SelKind::Domain => {
                let d = &s.value;
                if obf {
                    match rng.below(3) {
                        0 => {
                            out.push_str("hxxps://");
                            out.push_str(&defang_domain(d, rng));
                        }
                        1 => out.push_str(&defang_domain(d, rng)),
                        _ => {
                            out.push_str("hxxp://www[.]");
                            out.push_str(&d.replace('.', "[.]"));
                        }
                    }
                    return;
                }
                match rng.weighted(&[30, 25, 15, 12, 10, 8]) {
                    0 => out.push_str(d),
                    1 => {
                        out.push_str("https://");
                        out.push_str(d);
                    }
                    2 => {
                        out.push_str("https://www.");
                        out.push_str(d);
                        out.push('/');
                    }
                    3 => {
                        let _ = write!(
                            out,
                            "https://{}.{d}/#/register?invite={}",
                            rng.pick(&["app", "m", "h5", "web"]),
                            rng.range(100_000, 999_999)
                        );
                    }
                    4 => {
                        out.push_str("www.");
                        out.push_str(d);
                    }
                    _ => {
                        let _ = write!(
                            out,
                            "http://{d}/{}",
                            rng.pick(&["login", "download", "index.html", "pages/reg"])
                        );
                    }
                }
            }
            SelKind::Url => {
                self.plant_hub_domain("bit.ly", field);
                if let Raw::Short { path } = &s.raw {
                    if rng.chance(0.5) {
                        out.push_str("https://");
                    }
                    out.push_str("bit.ly/");
                    out.push_str(path);
                } else {
                    out.push_str(&s.value);
                }
            }
            SelKind::Email => {
                let (local, domain) = s.value.split_once('@').unwrap_or((&s.value, ""));
                self.plant_email_domain(u, field);
                if obf {
                    let _ = write!(out, "{local} [at] {}", domain.replace('.', " [dot] "));
                } else {
                    out.push_str(&s.value);
                }
            }
            SelKind::Tron | SelKind::Btc => out.push_str(&s.value),
            SelKind::Eth => {
                let body = s.value.trim_start_matches("0x");
                if rng.chance(0.8) {
                    out.push_str(&crypto::eip55(body));
                } else {
                    out.push_str(&s.value);
                }
            }
            SelKind::Iban => {
                if rng.chance(0.6) {
                    out.push_str(&iban_grouped(&s.value));
                } else {
                    out.push_str(&s.value);
                }
            }
            SelKind::BankAccount => {
                if let Raw::Bank { bank, written } = &s.raw {
                    let name = BANKS.get(*bank).map_or("Bank", |(_, b)| b.name);
                    let _ = write!(out, "{name} {written}");
                } else {
                    out.push_str(&s.value);
                }
            }
            SelKind::App => {
                if let Some(pkg) = s.value.strip_prefix("android:") {
                    if rng.chance(0.7) {
                        self.plant_hub_domain("google.com", field);
                        let _ = write!(out, "https://play.google.com/store/apps/details?id={pkg}");
                    } else {
                        out.push_str(pkg);
                    }
                } else if let Some(id) = s.value.strip_prefix("ios:") {
                    self.plant_hub_domain("apple.com", field);
                    let slug = match &s.raw {
                        Raw::Ios { slug } => slug.as_str(),
                        _ => "app",
                    };
                    let _ = write!(
                        out,
                        "https://apps.apple.com/{}/app/{slug}/id{id}",
                        rng.pick(&["us", "th", "hk", "sg", "ph"])
                    );
                }
            }
        }
    }
}

/// The weight of a selector kind when picking what a report mentions.
fn kind_weight(k: SelKind) -> u32 {
    match k {
        SelKind::Tron | SelKind::Domain => 6,
        SelKind::Telegram | SelKind::Whatsapp | SelKind::BankAccount => 4,
        SelKind::Phone
        | SelKind::Line
        | SelKind::Wechat
        | SelKind::App
        | SelKind::Email
        | SelKind::Iban
        | SelKind::Eth => 2,
        SelKind::Btc | SelKind::Url => 1,
    }
}

/// Picks up to `n` distinct selectors from `pool` by kind weight.
pub(crate) fn pick_weighted<'a>(
    pool: &[&'a Selector],
    n: usize,
    rng: &mut Rng,
) -> Vec<&'a Selector> {
    let mut left: Vec<&Selector> = pool.to_vec();
    let mut out = Vec::with_capacity(n);
    while out.len() < n && !left.is_empty() {
        let w: Vec<u32> = left.iter().map(|s| kind_weight(s.kind)).collect();
        let i = rng.weighted(&w).min(left.len() - 1);
        out.push(left.swap_remove(i));
    }
    out
}

const ALL_INFRA: &[SelKind] = &[
    SelKind::Phone,
    SelKind::Whatsapp,
    SelKind::Telegram,
    SelKind::Line,
    SelKind::Wechat,
    SelKind::Domain,
    SelKind::Url,
    SelKind::Email,
    SelKind::Tron,
    SelKind::Eth,
    SelKind::Btc,
    SelKind::Iban,
    SelKind::BankAccount,
    SelKind::App,
];

/// Victims' home countries by the language they write in.
pub(crate) fn victim_country(lang: Lang, rng: &mut Rng) -> Country {
    match lang {
        Lang::En => rng.pick(&[Country::Us, Country::Gb, Country::Au, Country::Sg]),
        Lang::Zh => rng.pick(&[Country::Cn, Country::Cn, Country::My]),
        Lang::ZhHant => rng.pick(&[Country::Tw, Country::Hk]),
        Lang::Th => Country::Th,
        Lang::Id => Country::Id,
        Lang::Vi => Country::Vn,
        Lang::Km => Country::Kh,
        Lang::My => Country::Mm,
        Lang::Tl => Country::Ph,
        Lang::Es => Country::Us,
    }
}

/// The writer's own contact: a webmail address or a phone, derived from a victim seed so
/// that a repeat victim writes the same one twice.
pub(crate) fn own_contact(seed: u64, lang: Lang) -> (Selector, Persona) {
    let mut r = Rng::new(seed);
    let origin = names::origin_for(lang, &mut r);
    let person = names::persona(&mut r, String::new(), origin, false);
    let sel = if r.chance(0.6) {
        let local = crate::ids::net::mailbox_local(&mut r, &person.first_latin, &person.last_latin);
        let domain = match lang {
            Lang::Zh => r.pick(&["qq.com", "163.com", "gmail.com"]),
            _ => r.pick(&[
                "gmail.com",
                "gmail.com",
                "outlook.com",
                "yahoo.com",
                "hotmail.com",
            ]),
        };
        Selector {
            kind: SelKind::Email,
            value: format!("{local}@{domain}").to_ascii_lowercase(),
            role: SelRole::Leaf,
            from_day: 0,
            to_day: i64::MAX,
            hub: None,
            label: None,
            raw: Raw::None,
        }
    } else {
        let country = victim_country(lang, &mut r);
        let p = phone::mobile(&mut r, country);
        Selector {
            kind: SelKind::Phone,
            value: p.e164(),
            role: SelRole::Leaf,
            from_day: 0,
            to_day: i64::MAX,
            hub: None,
            label: None,
            raw: Raw::Phone(p),
        }
    };
    (sel, person)
}

/// The selectors victim report `k` of `op` names, by the operation's structure.
pub(crate) fn report_uses<'w>(
    world: &'w World,
    op: &'w Operation,
    k: u32,
    day: i64,
    rng: &mut Rng,
) -> Vec<Use<'w>> {
    let mut uses: Vec<Use<'w>> = Vec::with_capacity(6);
    let opi = Some(op.index);
    let own = |s: &'w Selector| Use::of(s, PlantRole::Operation, opi);
    match op.structure {
        crate::world::Structure::Dense => {
            let pool = op.active_of(day, ALL_INFRA);
            let n = rng.range(2, 4) as usize;
            for s in pick_weighted(&pool, n, rng) {
                uses.push(own(s));
            }
        }
        crate::world::Structure::Star => {
            if let Some(c) = op.core.and_then(|c| op.selectors.get(c))
                && rng.chance(0.92)
            {
                uses.push(own(c));
            }
            if let Some(l) = op.leaves.get(k as usize) {
                uses.push(own(l));
            }
            if rng.chance(0.25) {
                let pool = op.active_of(day, ALL_INFRA);
                for s in pick_weighted(&pool, 1, rng) {
                    uses.push(own(s));
                }
            }
        }
        crate::world::Structure::Chain => {
            for i in [k as usize, k as usize + 1] {
                if let Some(l) = op.leaves.get(i) {
                    uses.push(own(l));
                }
            }
            if rng.chance(0.08) {
                let pool = op.active_of(day, ALL_INFRA);
                for s in pick_weighted(&pool, 1, rng) {
                    uses.push(own(s));
                }
            }
        }
    }
    if uses.is_empty() {
        let pool = op.active_of(day, ALL_INFRA);
        for s in pick_weighted(&pool, 1, rng) {
            uses.push(own(s));
        }
    }
    if k == op.reports / 2
        && let Some(w) = op.laundering()
    {
        uses.push(Use::of(w, PlantRole::Syndicate, opi));
    }
    for b in world
        .bridges
        .iter()
        .filter(|b| b.from == op.index && b.k == k)
    {
        if let Some(other) = world.operations.get(b.to as usize) {
            let day_b = day.clamp(other.start_day, other.end_day);
            let pool = other.active_of(day_b, ALL_INFRA);
            for s in pick_weighted(&pool, rng.range(1, 2) as usize, rng) {
                uses.push(Use::of(s, PlantRole::Bridge, Some(other.index)));
            }
        }
    }
    uses
}

/// Hub mentions a report makes, if any.
pub(crate) fn hub_use<'w>(world: &'w World, rng: &mut Rng) -> Option<Use<'w>> {
    let kind = match rng.weighted(&[5, 3, 2]) {
        0 => HubKind::ExchangeWallet,
        1 => HubKind::Hotline,
        _ => HubKind::WarningChannel,
    };
    let mut pool = world.hubs.of(kind);
    pool.retain(|s| kind != HubKind::Hotline || s.kind == SelKind::Phone);
    rng.pick_opt(&pool)
        .map(|s| Use::of(s, PlantRole::Hub, None))
}

/// The victim seed of report `k` of `op` (shared by repeat victims).
pub(crate) fn victim_seed(world: &World, op: Option<u32>, k: u32, item_seed: u64) -> u64 {
    if let Some(o) = op {
        for r in &world.repeats {
            if r.a == (o, k) || r.b == (o, k) {
                return r.seed;
            }
        }
    }
    item_seed ^ 0x005e_ed0f_71c7
}

/// Whether report `k` of `op` is one of a repeat victim's two.
pub(crate) fn is_repeat(world: &World, op: Option<u32>, k: u32) -> bool {
    op.is_some_and(|o| world.repeats.iter().any(|r| r.a == (o, k) || r.b == (o, k)))
}

/// Appends one sentence.
pub(crate) fn sentence(out: &mut String, pack: &Pack, t: &str, f: &Fill<'_>, sel: &str) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(pack.sep);
    }
    fill(t, f, sel, out);
}

/// The narrative of a victim report. Selectors in `uses` are written into the text (those
/// already placed in fields are skipped by the caller).
pub(crate) fn narrative(
    w: &mut Writer<'_>,
    op: Option<&Operation>,
    uses: &[Use<'_>],
    f: &Fill<'_>,
    rng: &mut Rng,
    out: &mut String,
) {
    let pack = f.lang.pack();
    let r = &pack.report;
    let Some(op) = op else {
        sentence(out, pack, rng.pick(r.noise), f, "");
        for u in uses {
            let mut s = String::new();
            w.sel(u, f.lang, rng, None, &mut s);
            sentence(out, pack, rng.pick(sel_lines(pack, u)), f, &s);
        }
        return;
    };
    let t = op.op_type.index();
    sentence(out, pack, rng.pick(r.open[t]), f, "");
    let stories = r.story[t];
    let n = rng.range(1, 3) as usize;
    let start = rng.below(stories.len());
    for i in 0..n.min(stories.len()) {
        sentence(out, pack, stories[(start + i) % stories.len()], f, "");
    }
    let mut bridged = false;
    for u in uses {
        let mut s = String::new();
        w.sel(u, f.lang, rng, None, &mut s);
        let lines = match u.role {
            PlantRole::Syndicate => r.laundering,
            PlantRole::Bridge => {
                if !bridged {
                    bridged = true;
                    sentence(out, pack, rng.pick(r.bridge), f, "");
                }
                sel_lines(pack, u)
            }
            _ => sel_lines(pack, u),
        };
        sentence(out, pack, rng.pick(lines), f, &s);
    }
    if rng.chance(0.8) {
        sentence(out, pack, rng.pick(r.close), f, "");
    }
}

/// The compound country's ISO code.
pub(crate) fn compound_iso(op: &Operation) -> &'static str {
    COUNTRIES[op.compound().country.min(4)]
}
