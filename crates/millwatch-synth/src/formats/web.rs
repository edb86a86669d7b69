//! Scam websites and NGO warning pages saved from a browser.
//!
//! Pages carry what Chrome's "Save page as" writes: the `saved from url` comment with the
//! URL's length, a `_files` folder referenced by relative links, styles and scripts (whose
//! contents are not page text: the tracker domains in them are deliberately not in the
//! truth), visible text, and links whose targets hold selectors. Some Chinese pages keep
//! their original GBK bytes and say so in a meta tag.

use millwatch_model::{Format, RecordKind};

use super::intake::also;
use super::mime::encode;
use super::{href, html_escape};
use crate::SynthError;
use crate::emit::{Emitter, io_err};
use crate::lang::Lang;
use crate::plan::Item;
use crate::render::{self, Fill, Use, Writer, pick_weighted};
use crate::rng::Rng;
use crate::truth::{LocatorKind, PlantRole, RecordTruth};
use crate::world::{HubKind, SelKind, World};

fn para(h: &mut String, tag: &str, text: &str) {
    h.push('<');
    h.push_str(tag);
    h.push('>');
    html_escape(text, h);
    h.push_str("</");
    h.push_str(tag.split(' ').next().unwrap_or(tag));
    h.push_str(">\n");
}

fn tracker(rng: &mut Rng) -> String {
    let mut s = String::from("cdn-");
    rng.chars_from(b"abcdefghijklmnopqrstuvwxyz", 6, &mut s);
    s.push_str(".xyz");
    s
}

/// A line with a selector: text with the selector, or a link whose text is the selector.
fn sel_para(
    w: &mut Writer<'_>,
    u: &Use<'_>,
    t: &str,
    f: &Fill<'_>,
    rng: &mut Rng,
    lang: Lang,
    h: &mut String,
) {
    let mut s = String::new();
    w.sel(u, lang, rng, None, &mut s);
    let mut before = String::new();
    render::fill(t, f, "\u{1}", &mut before);
    let (a, b) = before.split_once('\u{1}').unwrap_or((&before, ""));
    h.push_str("<p>");
    html_escape(a, h);
    match href(w, u) {
        Some(link) => {
            h.push_str("<a href=\"");
            html_escape(&link, h);
            h.push_str("\" target=\"_blank\">");
            html_escape(&s, h);
            h.push_str("</a>");
        }
        None => {
            h.push_str("<span class=\"copy\">");
            html_escape(&s, h);
            h.push_str("</span>");
        }
    }
    html_escape(b, h);
    h.push_str("</p>\n");
}

fn head(
    h: &mut String,
    url: &str,
    lang: Lang,
    charset: &str,
    title: &str,
    files: &str,
    rng: &mut Rng,
) {
    h.push_str("<!DOCTYPE html>\n");
    h.push_str(&format!(
        "<!-- saved from url=({:04}){url} -->\n",
        url.len()
    ));
    h.push_str(&format!("<html lang=\"{}\"><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\">\n", lang.code()));
    h.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no\">\n<title>");
    html_escape(title, h);
    h.push_str("</title>\n");
    h.push_str(&format!(
        "<link rel=\"stylesheet\" href=\"./{files}_files/app.{:08x}.css\">\n",
        rng.u64() as u32
    ));
    h.push_str("<style>body{margin:0;font-family:-apple-system,\"PingFang SC\",\"Microsoft YaHei\",Arial}.hero{background:linear-gradient(135deg,#0b1e3f,#1e4fa3);color:#fff;padding:48px 24px}.copy{font-family:monospace}</style>\n");
    let t = tracker(rng);
    h.push_str(&format!(
        "<script src=\"./{files}_files/chunk-vendors.{:08x}.js\"></script>\n",
        rng.u64() as u32
    ));
    h.push_str(&format!("<script>window.__CONFIG__={{api:\"https://api.{t}/v2\",ws:\"wss://push.{t}/socket\",channel:\"{}\"}};var _hmt=_hmt||[];</script>\n", rng.range(1000, 9999)));
    h.push_str("</head>\n");
}

/// Writes a saved scam website.
pub(crate) fn write_site(
    em: &mut Emitter,
    world: &World,
    path: &str,
    it: &Item,
) -> Result<(), SynthError> {
    let mut f = em.open(path)?;
    let mut rng = Rng::new(it.seed);
    let mut w = Writer::new(world);
    let op = it.op.and_then(|o| world.operations.get(o as usize));
    let lang = it.lang;
    let pack = lang.pack();
    let web = pack.web.or(Lang::En.pack().web);
    let fill = Fill::new(world, op, lang, it.day, &mut rng);
    let mut h = String::with_capacity(8192);
    if let (Some(op), Some(web)) = (op, web) {
        let domains = op.active_of(it.day, &[SelKind::Domain]);
        let main = rng
            .pick_opt(&domains)
            .map(|s| Use::of(s, PlantRole::Operation, Some(op.index)));
        let url = match &main {
            Some(u) => {
                w.plant_use(u, Some("url"));
                format!(
                    "https://{}{}/",
                    rng.pick(&["www.", "m.", "app.", ""]),
                    u.sel.value
                )
            }
            None => "https://example.invalid/".to_owned(),
        };
        let mut title = String::from(fill.platform);
        title.push_str(" - ");
        render::fill(rng.pick(web.tagline), &fill, "", &mut title);
        let gbk = lang == Lang::Zh && rng.chance(0.3);
        head(
            &mut h,
            &url,
            lang,
            if gbk { "gbk" } else { "UTF-8" },
            &title,
            fill.platform,
            &mut rng,
        );
        h.push_str("<body>\n<header class=\"nav\"><a href=\"./#/login\">Login</a> <a href=\"./#/register\">Register</a></header>\n<section class=\"hero\">\n");
        para(&mut h, "h1", fill.platform);
        let mut tag = String::new();
        render::fill(rng.pick(web.tagline), &fill, "", &mut tag);
        para(&mut h, "p class=\"tagline\"", &tag);
        h.push_str("</section>\n<ul class=\"features\">\n");
        for t in web.features.iter().take(rng.range(2, 4) as usize) {
            let mut s = String::new();
            render::fill(t, &fill, "", &mut s);
            para(&mut h, "li", &s);
        }
        h.push_str("</ul>\n");
        let apps = op.active_of(it.day, &[SelKind::App]);
        for s in apps.iter().take(2) {
            let u = Use::of(s, PlantRole::Operation, Some(op.index));
            sel_para(
                &mut w,
                &u,
                rng.pick(web.download),
                &fill,
                &mut rng,
                lang,
                &mut h,
            );
        }
        let contacts = op.active_of(
            it.day,
            &[
                SelKind::Telegram,
                SelKind::Whatsapp,
                SelKind::Line,
                SelKind::Email,
            ],
        );
        for s in pick_weighted(&contacts, rng.range(1, 2) as usize, &mut rng) {
            let u = Use::of(s, PlantRole::Operation, Some(op.index));
            sel_para(
                &mut w,
                &u,
                rng.pick(web.contact),
                &fill,
                &mut rng,
                lang,
                &mut h,
            );
        }
        if rng.chance(0.5) {
            let wallets = op.active_of(it.day, &[SelKind::Tron, SelKind::Eth]);
            if let Some(s) = rng.pick_opt(&wallets) {
                let u = Use::of(s, PlantRole::Operation, Some(op.index));
                sel_para(
                    &mut w,
                    &u,
                    rng.pick(web.deposit),
                    &fill,
                    &mut rng,
                    lang,
                    &mut h,
                );
            }
        }
        h.push_str("<footer>\n");
        for t in web.footer {
            let mut s = String::new();
            render::fill(t, &fill, "", &mut s);
            para(&mut h, "p", &s);
        }
        h.push_str(&format!("</footer>\n<script>(function(){{var s=document.createElement(\"script\");s.src=\"https://chat.{}/widget.js?site={}\";document.body.appendChild(s)}})();</script>\n</body></html>\n", tracker(&mut rng), rng.range(10_000, 99_999)));
        let bytes = if gbk {
            encode(&h, encoding_rs::GBK)
        } else {
            None
        };
        match bytes {
            Some(b) => f.put_bytes(&b).map_err(io_err(path))?,
            None => {
                if gbk {
                    h = h.replacen("charset=gbk", "charset=UTF-8", 1);
                }
                f.put(&h).map_err(io_err(path))?;
            }
        }
    }
    em.record(RecordTruth {
        file: path.to_owned(),
        format: Format::Html,
        locator: path.to_owned(),
        locator_kind: LocatorKind::File,
        kind: RecordKind::WebPage,
        lang,
        operation: it.op,
        also: also(&w),
        person: None,
        sender_role: None,
        media_only: false,
        selectors: w.planted,
    })?;
    em.close(f, Format::Html)
}

/// Writes an NGO's warning page listing several operations' sites.
pub(crate) fn write_warning(
    em: &mut Emitter,
    world: &World,
    path: &str,
    it: &Item,
    listed: &[u32],
) -> Result<(), SynthError> {
    let mut f = em.open(path)?;
    let mut rng = Rng::new(it.seed);
    let mut w = Writer::new(world);
    let lang = it.lang;
    let web = lang.pack().web.or(Lang::En.pack().web);
    let fill = Fill::new(world, None, lang, it.day, &mut rng);
    let mut h = String::with_capacity(8192);
    if let Some(web) = web {
        let url = "https://www.scamwatch-coalition.org/alerts/platforms/";
        w.plant_hub("scamwatch-coalition.org", Some("url"));
        let mut title = String::new();
        render::fill(rng.pick(web.warning_title), &fill, "", &mut title);
        head(&mut h, url, lang, "UTF-8", &title, "alerts", &mut rng);
        h.push_str("<body>\n");
        para(&mut h, "h1", &title);
        h.push_str("<table class=\"list\"><tr><th>Platform</th><th>Website</th></tr>\n");
        for &o in listed {
            let Some(op) = world.operations.get(o as usize) else {
                continue;
            };
            let domains = op.active_of(it.day.clamp(op.start_day, op.end_day), &[SelKind::Domain]);
            let Some(d) = rng.pick_opt(&domains) else {
                continue;
            };
            let u = Use::of(d, PlantRole::Listed, Some(op.index));
            let mut s = String::new();
            w.sel(&u, lang, &mut rng, None, &mut s);
            h.push_str("<tr><td>");
            html_escape(&op.platform.name, &mut h);
            h.push_str("</td><td>");
            html_escape(&s, &mut h);
            h.push_str("</td></tr>\n");
        }
        h.push_str("</table>\n");
        let hot = world.hubs.of(HubKind::Hotline);
        let phone = hot.iter().find(|s| s.kind == SelKind::Phone);
        for t in web.warning {
            match phone {
                Some(s) if t.contains("{sel}") => {
                    let u = Use::of(s, PlantRole::Hub, None);
                    sel_para(&mut w, &u, t, &fill, &mut rng, lang, &mut h);
                }
                _ if t.contains("{sel}") => {}
                _ => {
                    let mut x = String::new();
                    render::fill(t, &fill, "", &mut x);
                    para(&mut h, "p", &x);
                }
            }
        }
        h.push_str("<footer><a href=\"https://t.me/scam_alert_sea\">Telegram</a> <a href=\"https://www.facebook.com/scamwatchcoalition\">Facebook</a></footer>\n</body></html>\n");
        for hub in ["t.me", "facebook.com"] {
            w.plant_hub(hub, Some("href"));
        }
        if let Some(s) = world
            .hubs
            .selectors
            .iter()
            .find(|s| s.value == "scam_alert_sea")
        {
            w.plant_use(&Use::of(s, PlantRole::Hub, None), Some("href"));
        }
        f.put(&h).map_err(io_err(path))?;
    }
    em.record(RecordTruth {
        file: path.to_owned(),
        format: Format::Html,
        locator: path.to_owned(),
        locator_kind: LocatorKind::File,
        kind: RecordKind::WebPage,
        lang,
        operation: None,
        also: also(&w),
        person: None,
        sender_role: None,
        media_only: false,
        selectors: w.planted,
    })?;
    em.close(f, Format::Html)
}
