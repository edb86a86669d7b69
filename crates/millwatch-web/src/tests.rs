use millwatch_model::{
    ContentHash, Decoding, Field, Format, Mention, Place, RecordDraft, RecordKind,
};
use millwatch_store::{Case, PreparedRecord, SourceMeta};

use super::*;

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)><animate onbegin=alert(4)>",
    "<style>body{background:url(https://evil.example/x)}</style>",
    "\"><a href=\"javascript:alert(5)\">x</a>",
    "' onmouseover='alert(6)",
    "https://scam-site.example/login",
];

/// A case with one hostile record and one plain one sharing a phone.
pub(crate) fn hostile_case() -> Case {
    let mut case = Case::open_in_memory().unwrap();
    let meta = SourceMeta {
        hash: ContentHash::from_bytes([7; 32]),
        path: "<script>alert('path')</script>.txt".into(),
        size: 100,
        format: Format::Text,
    };
    let mut w = case.begin_source(&meta).unwrap();
    let text = format!("Call +855 12 345 678 now. {}", PAYLOADS.join(" "));
    let mut d = RecordDraft::new(RecordKind::VictimReport, Place::span(0, 10).with_line(1));
    d.title = Some("<svg/onload=alert('title')>".into());
    d.fields
        .push(Field::new("<b onclick=alert(7)>", "<iframe src=//evil>"));
    d.text = text.clone();
    let start = text.find("+855").unwrap() as u64;
    let phone = Mention {
        kind: "phone".into(),
        value: "+85512345678".into(),
        raw: "+855 12 345 678".into(),
        field: None,
        start,
        end: start + 15,
        rule: "test".into(),
        victim: false,
    };
    let ustart = text.find("https://scam").unwrap() as u64;
    let url = Mention {
        kind: "url".into(),
        value: "https://scam-site.example/login".into(),
        raw: "https://scam-site.example/login".into(),
        field: None,
        start: ustart,
        end: ustart + 31,
        rule: "test".into(),
        victim: false,
    };
    w.add(&PreparedRecord::new(d).with_mentions(vec![phone.clone(), url]))
        .unwrap();
    let mut d2 = RecordDraft::new(RecordKind::VictimReport, Place::span(10, 20).with_line(2));
    d2.text = "Recruiter at +855 12 345 678 promised salary".into();
    let mut p2 = phone;
    p2.start = 13;
    p2.end = 28;
    w.add(&PreparedRecord::new(d2).with_mentions(vec![p2]))
        .unwrap();
    w.finish(&Decoding {
        encoding: "UTF-8".into(),
        method: "utf8".into(),
        had_errors: false,
    })
    .unwrap();
    case
}

/// No live markup from the payloads. Escaped text cannot contain `<`, so every tag in
/// the page is one we wrote: check each tag for what only a payload would bring.
fn assert_inert(html: &str, what: &str) {
    let lower = html.to_ascii_lowercase();
    let mut scripts = 0;
    for tag in lower
        .split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or(""))
    {
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '!')
            .collect();
        let ours = tag == "svg id=\"graph-svg\" role=\"img\" aria-label=\"graph\"";
        assert!(
            ours || ![
                "img", "svg", "style", "iframe", "animate", "object", "embed", "base"
            ]
            .contains(&name.as_str()),
            "{what}: live <{tag}>"
        );
        if name == "script" {
            scripts += 1;
            assert_eq!(tag, "script src=\"/static/app.js\" defer", "{what}");
        }
        assert!(!tag.contains("javascript:"), "{what}: <{tag}>");
        assert!(
            !tag.contains("https://") && !tag.contains("http://"),
            "{what}: live URL in <{tag}>"
        );
        for word in tag.split(|c: char| c.is_whitespace() || c == '/' || c == '"') {
            assert!(
                !(word.starts_with("on") && word.contains('=')),
                "{what}: handler in <{tag}>"
            );
        }
    }
    assert!(scripts <= 1, "{what}: extra script");
    assert!(
        !lower.contains("https://scam"),
        "{what}: scam URL not defanged"
    );
}

fn get(case: &mut Case, target: &str) -> Resp {
    route(case, &Req::get(target))
}

#[test]
fn every_page_is_inert_against_injection_payloads() {
    let mut case = hostile_case();
    for target in [
        "/",
        "/search?q=alert",
        "/search?q=%2B85512345678",
        "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/record/1",
        "/record/2",
        "/selector?kind=phone&value=%2B85512345678",
        "/selector?kind=url&value=https%3A%2F%2Fscam-site.example%2Flogin",
        "/graph?node=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/record/%3Cscript%3E",
        "/nope%3Cscript%3E",
    ] {
        let r = get(&mut case, target);
        assert!(r.status == 200 || r.status == 404, "{target}: {}", r.status);
        assert_inert(&r.body, target);
    }
    // The scam URL shows defanged.
    let r = get(&mut case, "/record/1");
    assert!(
        r.body.contains("hxxps://scam-site[.]example/login"),
        "{}",
        r.body
    );
}

#[test]
fn search_finds_selectors_and_text_and_the_api_is_json() {
    let mut case = hostile_case();
    let r = get(&mut case, "/search?q=%2B85512345678");
    assert_eq!(r.status, 200);
    assert!(
        r.body
            .contains("/selector?kind=phone&amp;value=%2B85512345678")
    );
    let r = get(&mut case, "/api/search?q=salary");
    assert_eq!(r.status, 200);
    assert_eq!(r.content_type, "application/json");
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["records"].as_array().unwrap().len(), 1);
    assert_eq!(v["records"][0]["record"], 2);
    let r = get(&mut case, "/api/search?q=%2B85512345678");
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["selectors"][0]["kind"], "phone");
    assert_eq!(v["selectors"][0]["records"], 2);
    let r = get(&mut case, "/api/search?q=");
    assert_eq!(r.status, 400);
}

#[test]
fn selector_page_lists_every_mention_with_excerpt() {
    let mut case = hostile_case();
    let r = get(&mut case, "/selector?kind=phone&value=%2B85512345678");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("href=\"/record/1\""));
    assert!(r.body.contains("href=\"/record/2\""));
    assert!(r.body.contains("<mark>+855 12 345 678</mark>"));
}

#[test]
fn neighbours_expand_both_ways() {
    let mut case = hostile_case();
    let r = get(&mut case, "/api/neighbours?node=s%3Aphone%3A%2B85512345678");
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let ids: Vec<&str> = v["neighbours"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["r:1", "r:2"]);
    let r = get(&mut case, "/api/neighbours?node=r%3A1");
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["neighbours"].as_array().unwrap().len(), 2);
    assert_eq!(
        v["neighbours"][1]["label"],
        "hxxps://scam-site[.]example/login"
    );
    assert_eq!(get(&mut case, "/api/neighbours?node=zzz").status, 400);
    assert_eq!(get(&mut case, "/api/neighbours?node=r%3Ax").status, 404);
}

fn post(form: &str, same_origin: bool) -> Req {
    Req {
        method: "POST".into(),
        path: "/annotate".into(),
        query: Vec::new(),
        form: parse_form(form),
        same_origin,
    }
}

#[test]
fn annotations_are_stored_escaped_and_only_from_our_origin() {
    let mut case = hostile_case();
    let form = "target_kind=record&target=1&kind=status&body=reported+to+partner+%3Cscript%3Ealert(1)%3C%2Fscript%3E&author=ana&back=%2Frecord%2F1";
    let r = route(&mut case, &post(form, false));
    assert_eq!(r.status, 403);
    let r = route(&mut case, &post(form, true));
    assert_eq!(r.status, 303);
    assert_eq!(r.location.as_deref(), Some("/record/1"));
    let page = get(&mut case, "/record/1");
    assert!(page.body.contains("reported to partner &lt;script&gt;"));
    assert!(page.body.contains("ana"));
    assert_inert(&page.body, "annotated record");
    // Redirects go only to our own paths.
    let r = route(
        &mut case,
        &post(
            "target_kind=record&target=1&kind=tag&body=x&author=a&back=%2F%2Fevil.example",
            true,
        ),
    );
    assert_eq!(r.location.as_deref(), Some("/"));
    let r = route(
        &mut case,
        &post("target_kind=record&target=1&kind=tag&body=&author=a", true),
    );
    assert_eq!(r.status, 400);
    assert!(r.body.contains("body"));
}

#[test]
fn static_assets_are_embedded_and_typed() {
    let mut case = hostile_case();
    let js = get(&mut case, "/static/app.js");
    assert!(js.content_type.starts_with("text/javascript"));
    assert!(js.body.contains("/api/neighbours"));
    assert!(!js.body.contains("innerHTML"), "labels must be set as text");
    let css = get(&mut case, "/static/app.css");
    assert!(css.content_type.starts_with("text/css"));
    assert!(!css.body.contains("url("), "no external loads from CSS");
    assert!(CSP.contains("default-src 'none'") && CSP.contains("script-src 'self'"));
}

#[test]
fn percent_coding_round_trips_and_never_panics() {
    for s in ["+855 12", "a&b=c", "日本", "%", "%zz", "%4", "\u{0}"] {
        assert_eq!(percent_decode(&percent_encode(s), false), s);
        let _ = percent_decode(s, true);
    }
    assert_eq!(percent_decode("a+b%20c", true), "a b c");
}

#[test]
fn serving_elsewhere_than_loopback_needs_a_token() {
    let cfg = Config {
        case: "/nonexistent".into(),
        addr: "0.0.0.0:0".parse().unwrap(),
        token: None,
        workers: 1,
    };
    assert!(matches!(serve(&cfg), Err(WebError::NeedsToken(_))));
    let cfg = Config {
        token: Some("short".into()),
        ..cfg
    };
    assert!(matches!(serve(&cfg), Err(WebError::WeakToken)));
}
