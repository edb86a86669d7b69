//! Recruitment ads: rows of a job-board export (CSV) and ad posts saved as HTML pages.
//!
//! Ads by an operation's recruiting arm carry the lure indicators (salary far above the
//! market, no experience, travel and visa paid, destinations in scam hubs, contact only by
//! messaging app); ads that belong to no operation are ordinary local jobs.

use millwatch_model::{Format, RecordKind};

use super::intake::{Counters, also};
use super::{csv_row, href, html_escape};
use crate::SynthError;
use crate::date::civil;
use crate::emit::{Emitter, io_err};
use crate::lang::Lang;
use crate::plan::Item;
use crate::render::{Fill, Use, Writer, sentence};
use crate::rng::Rng;
use crate::truth::{LocatorKind, PlantRole, RecordTruth};
use crate::world::{Raw, SelKind, SelRole, Selector, World};

const EMPLOYERS: &[&str] = &[
    "Golden Fortune Technology Co., Ltd.",
    "Asia Star Group HR Dept.",
    "Wanli International Trading",
    "Crown Digital Marketing",
    "Huaxin E-commerce Co.",
    "Blue Ocean Customer Care",
    "Dragon Pearl Investment Ltd.",
    "Sunrise Global Outsourcing",
];

const LEGIT: &[(&str, &str, &str, &str)] = &[
    (
        "Barista (full time)",
        "Bright Bean Cafe",
        "Quezon City",
        "brightbean-cafe",
    ),
    (
        "Warehouse assistant",
        "Mekong Logistics",
        "Ho Chi Minh City",
        "mekong-logistics",
    ),
    (
        "Front desk staff",
        "Riverside Hotel",
        "Chiang Mai",
        "riverside-hotel-cm",
    ),
    (
        "Accounting clerk",
        "Surya Accounting",
        "Surabaya",
        "surya-accounting",
    ),
    ("Delivery rider", "QuickBox", "Kuala Lumpur", "quickbox-my"),
];

/// The text and contacts of one ad.
struct Ad {
    title: String,
    employer: String,
    salary: String,
    location: String,
    contact: String,
    reqs: String,
    body: String,
    links: Vec<(String, String)>,
}

fn make_ad(world: &World, it: &Item, rng: &mut Rng, w: &mut Writer<'_>) -> Ad {
    let op = it.op.and_then(|o| world.operations.get(o as usize));
    let lang = it.lang;
    let pack = lang.pack();
    let f = Fill::new(world, op, lang, it.day, rng);
    let Some(op) = op else {
        let (title, employer, city, slug) = rng.pick(LEGIT);
        let sel = Selector {
            kind: SelKind::Email,
            value: format!("jobs@{slug}.com"),
            role: SelRole::Leaf,
            from_day: 0,
            to_day: i64::MAX,
            hub: None,
            label: None,
            raw: Raw::None,
        };
        let u = Use {
            sel: std::borrow::Cow::Owned(sel),
            role: PlantRole::Noise,
            op: None,
        };
        let mut contact = String::new();
        w.sel(&u, Lang::En, rng, None, &mut contact);
        let salary = format!("{}", 300 + 50 * rng.range(0, 10));
        return Ad {
            title: title.to_owned(),
            employer: employer.to_owned(),
            body: format!(
                "{employer} is hiring: {title}. Local applicants, interview in person. Salary {salary} USD per month according to experience. Send your CV to {contact}."
            ),
            salary,
            location: city.to_owned(),
            contact,
            reqs: "Experience preferred; local residence required.".to_owned(),
            links: Vec::new(),
        };
    };
    let mut body = String::new();
    let mut title = String::new();
    crate::render::fill(rng.pick(pack.ad.title), &f, "", &mut title);
    sentence(&mut body, pack, rng.pick(pack.ad.intro), &f, "");
    let n = rng.range(2, 4) as usize;
    let start = rng.below(pack.ad.perks.len());
    for i in 0..n.min(pack.ad.perks.len()) {
        sentence(
            &mut body,
            pack,
            pack.ad.perks[(start + i) % pack.ad.perks.len()],
            &f,
            "",
        );
    }
    let mut reqs = String::new();
    crate::render::fill(rng.pick(pack.ad.reqs), &f, "", &mut reqs);
    let recruiters: Vec<&Selector> = op.recruiters().collect();
    let mut contacts = Vec::new();
    let mut links = Vec::new();
    let k = rng.range(1, 2) as usize;
    let start = rng.below(recruiters.len());
    for i in 0..k.min(recruiters.len()) {
        let s = recruiters[(start + i) % recruiters.len()];
        let u = Use::of(s, PlantRole::Operation, Some(op.index));
        let mut c = String::new();
        w.sel(&u, lang, rng, None, &mut c);
        if let Some(h) = href(w, &u) {
            links.push((h, c.clone()));
        }
        body.push_str(pack.sep);
        crate::render::fill(
            crate::render::contact_line(pack, s.kind, rng),
            &f,
            &c,
            &mut body,
        );
        contacts.push(c);
    }
    let comp = op.compound();
    let location = if rng.chance(0.5) {
        format!("{}, {}", comp.city_in(lang), f.country)
    } else {
        (rng.pick(&[
            "Bangkok, Thailand",
            "Dubai",
            "Kuala Lumpur",
            "Phnom Penh",
            "Mae Sot",
        ]))
        .to_owned()
    };
    Ad {
        title,
        employer: (rng.pick(EMPLOYERS)).to_owned(),
        salary: format!("{}-{} USD", f.salary, f.salary + 500 * rng.range(1, 4)),
        location,
        contact: contacts.join(" / "),
        reqs,
        body,
        links,
    }
}

/// Writes the job-board CSV export.
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
            "id",
            "posted",
            "title",
            "employer",
            "salary",
            "location",
            "contact",
            "requirements",
            "description",
        ],
        ',',
        "\r\n",
        &mut buf,
    );
    f.put(&buf).map_err(&err)?;
    for it in items {
        buf.clear();
        let mut rng = Rng::new(it.seed);
        let mut w = Writer::new(world);
        let ad = make_ad(world, it, &mut rng, &mut w);
        // The contact column repeats what the description says: plant it there too.
        let planted_text: Vec<_> = w
            .planted
            .iter()
            .filter(|p| p.field.is_none())
            .cloned()
            .collect();
        for mut p in planted_text {
            p.field = Some("contact");
            if !w.planted.contains(&p) {
                w.planted.push(p);
            }
        }
        w.planted.retain(|p| p.field != Some("href"));
        ids.ad += 1;
        let id = format!("AD-{:06}", ids.ad);
        let (y, m, d) = civil(it.day);
        let date = format!("{y:04}-{m:02}-{d:02}");
        csv_row(
            &[
                &id,
                &date,
                &ad.title,
                &ad.employer,
                &ad.salary,
                &ad.location,
                &ad.contact,
                &ad.reqs,
                &ad.body,
            ],
            ',',
            "\r\n",
            &mut buf,
        );
        f.put(&buf).map_err(&err)?;
        em.record(RecordTruth {
            file: path.to_owned(),
            format: Format::Csv,
            locator: id,
            locator_kind: LocatorKind::ExternalId,
            kind: RecordKind::RecruitmentAd,
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

/// Writes an ad post saved from a Facebook group as HTML.
pub(crate) fn write_html(
    em: &mut Emitter,
    world: &World,
    path: &str,
    it: &Item,
) -> Result<(), SynthError> {
    let mut f = em.open(path)?;
    let mut rng = Rng::new(it.seed);
    let mut w = Writer::new(world);
    let ad = make_ad(world, it, &mut rng, &mut w);
    let url = format!(
        "https://www.facebook.com/groups/{}/posts/{}/",
        rng.range(100_000_000, 999_999_999),
        rng.range(100_000_000, 999_999_999)
    );
    w.plant_hub("facebook.com", Some("url"));
    let mut h = String::with_capacity(4096);
    h.push_str("<!DOCTYPE html>\n");
    h.push_str(&format!(
        "<!-- saved from url=({:04}){url} -->\n",
        url.len()
    ));
    h.push_str(&format!("<html lang=\"{}\"><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">\n<title>", it.lang.code()));
    html_escape(&ad.title, &mut h);
    h.push_str(" | Facebook</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<style>body{font-family:Helvetica,Arial,sans-serif;background:#f0f2f5}.post{background:#fff;margin:16px;padding:12px;border-radius:8px}</style>\n");
    h.push_str("<script>requireLazy([\"TimeSliceImpl\",\"ServerJS\"],function(a,b){b.handle({\"define\":[[\"CurrentUserInitialData\",[],{\"USER_ID\":\"0\"}]]})});</script>\n");
    h.push_str("</head><body><div class=\"post\" role=\"article\">\n<h2>");
    html_escape(&ad.employer, &mut h);
    h.push_str("</h2>\n<h3>");
    html_escape(&ad.title, &mut h);
    h.push_str("</h3>\n<p>");
    html_escape(&ad.body, &mut h);
    h.push_str("</p>\n<ul><li>");
    html_escape(&ad.salary, &mut h);
    h.push_str("</li><li>");
    html_escape(&ad.location, &mut h);
    h.push_str("</li><li>");
    html_escape(&ad.reqs, &mut h);
    h.push_str("</li></ul>\n");
    for (href, text) in &ad.links {
        h.push_str("<a href=\"");
        html_escape(href, &mut h);
        h.push_str("\" rel=\"nofollow noopener\" target=\"_blank\">");
        html_escape(text, &mut h);
        h.push_str("</a><br>\n");
    }
    h.push_str("</div>\n<script type=\"application/json\" data-sjs>{\"require\":[[\"ScheduledServerJS\",\"handle\",null,[{\"__bbox\":{\"complete\":true}}]]]}</script>\n</body></html>\n");
    f.put(&h).map_err(io_err(path))?;
    em.record(RecordTruth {
        file: path.to_owned(),
        format: Format::Html,
        locator: path.to_owned(),
        locator_kind: LocatorKind::File,
        kind: RecordKind::RecruitmentAd,
        lang: it.lang,
        operation: it.op,
        also: also(&w),
        person: None,
        sender_role: None,
        media_only: false,
        selectors: w.planted,
    })?;
    em.close(f, Format::Html)
}
