use millwatch_model::{
    ContentHash, Decoding, Field, Format, Mention, Place, RecordDraft, RecordKind,
};
use millwatch_store::{
    Case, NameCorroboration, NewDecision, NewLink, NewNameJoin, NewOperation, OpenMode,
    PreparedRecord, SourceMeta,
};

use millwatch_model::RecordId;

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

/// The label of the operation holding the hostile record.
const HOSTILE_OP: &str = "op-1<svg onload=alert(8)>";

/// A case with one hostile record and one plain one sharing a phone.
pub(crate) fn hostile_case() -> Case {
    fill(Case::open_in_memory().unwrap())
}

/// [`hostile_case`]'s records and operations in `case`: record 1 is operation
/// [`HOSTILE_OP`], record 2 is `op-2`; the phone links them and the URL is a hub.
fn fill(mut case: Case) -> Case {
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
    let ids: std::collections::HashMap<String, i64> = case
        .graph_selectors()
        .unwrap()
        .into_iter()
        .map(|s| (s.kind, s.id))
        .collect();
    case.replace_linking(
        &[
            NewOperation {
                label: HOSTILE_OP.into(),
                records: vec![RecordId(1)],
            },
            NewOperation {
                label: "op-2".into(),
                records: vec![RecordId(2)],
            },
        ],
        &[NewDecision {
            selector: ids["url"],
            decision: "hub",
            records: 9,
            groups: 4,
            names: 3,
            known: false,
        }],
        &[NewLink {
            a: 0,
            b: 1,
            selector: Some(ids["phone"]),
            reason: "shared_selector",
        }],
        &[NewNameJoin {
            record: RecordId(1),
            operation: 0,
            name: PAYLOADS[2].into(),
            written: PAYLOADS[0].into(),
            corroboration: Some(NameCorroboration::Persona {
                written: PAYLOADS[4].into(),
            }),
        }],
    )
    .unwrap();
    case
}

fn hostile_op_path() -> String {
    format!("/operation/{}", percent_encode(HOSTILE_OP))
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
        for attr in attribute_names(tag) {
            assert!(!attr.starts_with("on"), "{what}: handler in <{tag}>");
            assert!(attr != "style", "{what}: inline style in <{tag}>");
        }
    }
    assert!(scripts <= 1, "{what}: extra script");
    assert!(
        !lower.contains("https://scam"),
        "{what}: scam URL not defanged"
    );
}

/// The attribute names of a tag's inside (`name a="…" b=c d`), skipping quoted values:
/// an attribute value can only hold escaped text, so only names can be live.
fn attribute_names(tag: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = tag.chars().peekable();
    // The tag name.
    while chars.next_if(|c| !c.is_whitespace()).is_some() {}
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == '/').is_some() {}
        let mut name = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '=') {
            name.push(c);
        }
        if name.is_empty() && chars.peek().is_none() {
            break;
        }
        names.push(name);
        if chars.next_if_eq(&'=').is_some() {
            match chars.next() {
                Some(q @ ('"' | '\'')) => while chars.next().is_some_and(|c| c != q) {},
                Some(_) => while chars.next_if(|c| !c.is_whitespace()).is_some() {},
                None => break,
            }
        }
    }
    names
}

#[test]
fn the_attribute_scanner_sees_handlers_but_not_quoted_text() {
    assert_eq!(
        attribute_names("input name=\"t\" value=\"x onload=y\" hidden"),
        ["name", "value", "hidden"]
    );
    assert!(attribute_names("img src=x onerror=alert(1)").contains(&"onerror".to_owned()));
    assert!(attribute_names("a href='x' onmouseover='y'").contains(&"onmouseover".to_owned()));
}

fn get(case: &mut Case, target: &str) -> Resp {
    route(case, &Jobs::default(), &Req::get(target))
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
        "/operations",
        "/operations?offset=%3Cscript%3E",
        &hostile_op_path(),
        "/operation/op-2",
        "/operation/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/graph?node=o%3Aop-1%3Csvg%20onload%3Dalert(8)%3E",
        "/jobs/%3Cscript%3E",
        "/ingest",
        "/diagnostics",
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
    // Two selectors and the record's operation.
    assert_eq!(v["neighbours"].as_array().unwrap().len(), 3);
    assert_eq!(v["neighbours"][2]["id"], format!("o:{HOSTILE_OP}"));
    assert_eq!(
        v["neighbours"][1]["label"],
        "hxxps://scam-site[.]example/login"
    );
    assert_eq!(get(&mut case, "/api/neighbours?node=zzz").status, 400);
    assert_eq!(get(&mut case, "/api/neighbours?node=r%3Ax").status, 404);
}

fn post(form: &str, same_origin: bool) -> Req {
    post_to("/annotate", form, same_origin)
}

fn post_to(path: &str, form: &str, same_origin: bool) -> Req {
    Req {
        method: "POST".into(),
        path: path.into(),
        query: Vec::new(),
        form: parse_form(form),
        same_origin,
        ..Req::default()
    }
}

#[test]
fn annotations_are_stored_escaped_and_only_from_our_origin() {
    let mut case = hostile_case();
    let form = "target_kind=record&target=1&kind=status&body=reported+to+partner+%3Cscript%3Ealert(1)%3C%2Fscript%3E&author=ana&back=%2Frecord%2F1";
    let r = route(&mut case, &Jobs::default(), &post(form, false));
    assert_eq!(r.status, 403);
    let r = route(&mut case, &Jobs::default(), &post(form, true));
    assert_eq!(r.status, 303);
    assert_eq!(r.location.as_deref(), Some("/record/1"));
    let page = get(&mut case, "/record/1");
    assert!(page.body.contains("reported to partner &lt;script&gt;"));
    assert!(page.body.contains("ana"));
    assert_inert(&page.body, "annotated record");
    // Redirects go only to our own paths.
    let r = route(
        &mut case,
        &Jobs::default(),
        &post(
            "target_kind=record&target=1&kind=tag&body=x&author=a&back=%2F%2Fevil.example",
            true,
        ),
    );
    assert_eq!(r.location.as_deref(), Some("/"));
    let r = route(
        &mut case,
        &Jobs::default(),
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

#[test]
fn operation_page_shows_members_selectors_hubs_links_and_annotations() {
    let mut case = hostile_case();
    let r = get(&mut case, &hostile_op_path());
    assert_eq!(r.status, 200, "{}", r.body);
    let b = &r.body;
    // The label is shown escaped, never live.
    assert!(b.contains("op-1&lt;svg onload=alert(8)&gt;"), "{b}");
    // Members link to their records.
    assert!(b.contains("href=\"/record/1\""));
    // Selectors with counts; the hub is shown apart, as a hub, defanged.
    assert!(b.contains("/selector?kind=phone&amp;value=%2B85512345678"));
    assert!(b.contains("<span class=\"badge hub\">hub</span>"));
    assert!(b.contains("hxxps://scam-site[.]example/login"));
    assert!(b.contains("in 9 records across 4 separate groups, 3 different names"));
    // The neighbouring operation with the selector that links them.
    let links = &b[b.find("Linked operations").unwrap()..];
    assert!(links.contains("href=\"/operation/op-2\""));
    assert!(links.contains("share a selector"));
    assert!(links.contains("+85512345678"));
    // The member joined by a platform name, with the persona that singled it out.
    let joins = &b[b.find("Joined by a platform name").unwrap()..];
    assert!(joins.contains("href=\"/record/1\""));
    assert!(
        joins.contains("gives &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;"),
        "{joins}"
    );
    assert!(joins.contains("the only one that also gives the persona"));
    assert!(
        !get(&mut case, "/operation/op-2")
            .body
            .contains("Joined by a platform name")
    );
    // The graph starts from the operation.
    assert!(b.contains("/graph?node=o%3Aop-1%3Csvg%20onload%3Dalert%288%29%3E"));
    // Annotations: a form targeting the operation, and what is added shows up.
    assert!(b.contains("name=\"target_kind\" value=\"operation\""));
    let form = format!(
        "target_kind=operation&target={}&kind=status&body=handed+to+police&author=ana&back={}",
        percent_encode(HOSTILE_OP),
        percent_encode(&hostile_op_path())
    );
    let r = route(
        &mut case,
        &Jobs::default(),
        &post_to("/annotate", &form, true),
    );
    assert_eq!(r.status, 303);
    assert_eq!(r.location.as_deref(), Some(hostile_op_path().as_str()));
    let again = get(&mut case, &hostile_op_path());
    assert!(again.body.contains("handed to police"));
    assert_inert(&again.body, "annotated operation");
    // Unknown operations are a 404, in HTML and JSON.
    assert_eq!(get(&mut case, "/operation/op-nope").status, 404);
    assert_eq!(get(&mut case, "/api/operation/op-nope").status, 404);
}

#[test]
fn operation_selectors_have_first_and_last_seen() {
    let mut case = hostile_case();
    let r = get(&mut case, "/api/operation/op-2");
    assert_eq!(r.status, 200);
    assert_eq!(r.content_type, "application/json");
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["id"], "op-2");
    assert_eq!(v["size"], 1);
    assert_eq!(v["members"][0]["record"], 2);
    assert_eq!(v["selectors"][0]["kind"], "phone");
    assert_eq!(v["selectors"][0]["records"], 1);
    assert_eq!(v["links"][0]["operation"], HOSTILE_OP);
    assert_eq!(v["links"][0]["value"], "+85512345678");
    assert!(v["annotations"].as_array().unwrap().is_empty());
    // The hostile operation's hub is in `hubs`, not in `selectors`.
    let r = get(
        &mut case,
        &format!("/api/operation/{}", percent_encode(HOSTILE_OP)),
    );
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["hubs"][0]["kind"], "url");
    assert!(
        v["selectors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["kind"] != "url")
    );
}

#[test]
fn operations_list_is_paged_largest_first_and_reachable_from_home() {
    let mut case = hostile_case();
    let home = get(&mut case, "/");
    assert!(home.body.contains("href=\"/operations\""));
    assert!(home.body.contains("action=\"/link\""), "re-link button");
    // Only operations of two or more records are listed by default.
    let v: serde_json::Value =
        serde_json::from_str(&get(&mut case, "/api/operations").body).unwrap();
    assert_eq!(v["total"], 0);
    let v: serde_json::Value =
        serde_json::from_str(&get(&mut case, "/api/operations?min_size=1&limit=1").body).unwrap();
    assert_eq!(v["total"], 2);
    assert_eq!(v["operations"].as_array().unwrap().len(), 1);
    assert_eq!(v["operations"][0]["links"], 1);
    let v: serde_json::Value =
        serde_json::from_str(&get(&mut case, "/api/operations?min_size=1&limit=1&offset=1").body)
            .unwrap();
    assert_eq!(v["offset"], 1);
    assert_eq!(v["operations"].as_array().unwrap().len(), 1);
    // A real case: a demo world linked, listed 50 a page with a pager.
    let mut case = linked_world();
    let p = get(&mut case, "/operations");
    assert_eq!(p.status, 200);
    let rows = p.body.matches("<a class=\"op\" href=\"/operation/").count();
    let v: serde_json::Value =
        serde_json::from_str(&get(&mut case, "/api/operations?limit=1000").body).unwrap();
    let total = v["total"].as_u64().unwrap() as usize;
    assert!(total > 1, "{total}");
    assert_eq!(rows, total.min(50));
    let sizes: Vec<u64> = v["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["size"].as_u64().unwrap())
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    if total > 50 {
        assert!(p.body.contains("href=\"/operations?offset=50\""));
    }
}

/// A synthetic world ingested and linked into a case file in `dir`.
fn world_case(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("case.db");
    let mut case = Case::open(&path, OpenMode::CreateIfMissing).unwrap();
    let world = millwatch_synth::generate(&millwatch_synth::WorldConfig::linking(7, 6));
    millwatch_synth::write_world(&world, &dir.join("world")).unwrap();
    millwatch_pipeline::ingest(
        &mut case,
        &[dir.join("world").join("corpus")],
        &millwatch_pipeline::IngestOptions::default(),
        &millwatch_pipeline::Quiet,
    )
    .unwrap();
    path
}

fn linked_world() -> Case {
    let dir = tempfile::tempdir().unwrap();
    let path = world_case(dir.path());
    let mut case = Case::open(&path, OpenMode::MustExist).unwrap();
    millwatch_pipeline::link_and_store(&mut case, &millwatch_link::Params::default()).unwrap();
    // Keep the files for the case's lifetime by leaking the directory.
    std::mem::forget(dir);
    case
}

#[test]
fn search_record_and_selector_pages_link_to_operations() {
    let mut case = hostile_case();
    let s = get(&mut case, "/search?q=salary");
    assert!(
        s.body
            .contains("<a class=\"op\" href=\"/operation/op-2\">op-2</a>")
    );
    let r = get(&mut case, "/record/2");
    assert!(r.body.contains("href=\"/operation/op-2\""));
    let r = get(&mut case, "/record/1");
    assert!(r.body.contains(&format!("href=\"{}\"", hostile_op_path())));
    let sel = get(&mut case, "/selector?kind=phone&value=%2B85512345678");
    assert!(sel.body.contains("href=\"/operation/op-2\""));
    assert!(
        sel.body
            .contains(&format!("href=\"{}\"", hostile_op_path()))
    );
}

#[test]
fn the_graph_expands_from_an_operation_to_records_and_linked_operations() {
    let mut case = hostile_case();
    let r = get(&mut case, "/api/neighbours?node=o%3Aop-2");
    assert_eq!(r.status, 200, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["node"]["kind"], "operation");
    let ids: Vec<&str> = v["neighbours"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["r:2", &format!("o:{HOSTILE_OP}")]);
    // Records lead back to their operation.
    let v: serde_json::Value =
        serde_json::from_str(&get(&mut case, "/api/neighbours?node=r%3A2").body).unwrap();
    assert!(
        v["neighbours"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == "o:op-2" && n["href"] == "/operation/op-2")
    );
    assert_eq!(get(&mut case, "/api/neighbours?node=o%3Anope").status, 404);
    let js = get(&mut case, "/static/app.js");
    assert!(js.body.contains("'operation'"));
}

fn wait_for(jobs: &Jobs, id: u64) -> crate::JobStatus {
    for _ in 0..600 {
        let s = jobs.status(id).unwrap();
        if s.state != crate::JobState::Running {
            return s;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("job {id} did not finish");
}

#[test]
fn relinking_runs_in_the_background_and_reports_progress() {
    let dir = tempfile::tempdir().unwrap();
    let path = world_case(dir.path());
    let mut case = Case::open(&path, OpenMode::MustExist).unwrap();
    let jobs = Jobs::default();
    // Not from another origin.
    let r = route(&mut case, &jobs, &post_to("/link", "", false));
    assert_eq!(r.status, 403);
    assert!(jobs.status(1).is_none());
    let r = route(&mut case, &jobs, &post_to("/link", "", true));
    assert_eq!(r.status, 303);
    assert_eq!(r.location.as_deref(), Some("/jobs/1"));
    let page = route(&mut case, &jobs, &Req::get("/jobs/1"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("data-job=\"1\""));
    assert!(page.body.contains("id=\"job-bar\""));
    let done = wait_for(&jobs, 1);
    assert_eq!(done.state, crate::JobState::Done, "{done:?}");
    assert_eq!(done.step, done.steps);
    let result = done.result.unwrap();
    assert!(result.operations > 1 && result.records > result.operations);
    // The status endpoint says the same, and the operations are now readable.
    let r = route(&mut case, &jobs, &Req::get("/api/jobs/1"));
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["state"], "done");
    assert_eq!(v["result"]["operations"], result.operations);
    let ops: serde_json::Value =
        serde_json::from_str(&route(&mut case, &jobs, &Req::get("/api/operations")).body).unwrap();
    assert_eq!(ops["total"], result.operations);
    let page = route(&mut case, &jobs, &Req::get("/jobs/1"));
    assert!(page.body.contains("See operations"));
    // A second run gets the next id; unknown jobs are 404.
    let r = route(&mut case, &jobs, &post_to("/link", "", true));
    assert_eq!(r.location.as_deref(), Some("/jobs/2"));
    assert_eq!(wait_for(&jobs, 2).state, crate::JobState::Done);
    assert_eq!(
        route(&mut case, &jobs, &Req::get("/api/jobs/1")).status,
        404
    );
    assert_eq!(route(&mut case, &jobs, &Req::get("/jobs/x")).status, 404);
    // An in-memory case has no file for a second connection: refused, not a panic.
    let mut mem = hostile_case();
    let r = route(&mut mem, &Jobs::default(), &post_to("/link", "", true));
    assert_eq!(r.status, 409);
}

#[test]
fn own_origin_is_told_by_fetch_metadata_or_origin() {
    let host = "127.0.0.1:8080";
    // A form post from our page under `no-referrer`: Origin is "null".
    assert!(same_origin(Some("null"), Some("same-origin"), host));
    assert!(!same_origin(Some("null"), None, host));
    assert!(!same_origin(
        Some("http://127.0.0.1:8080"),
        Some("cross-site"),
        host
    ));
    assert!(!same_origin(
        Some("http://evil.example"),
        Some("same-site"),
        host
    ));
    assert!(same_origin(Some("http://127.0.0.1:8080"), None, host));
    assert!(!same_origin(Some("http://evil.example"), None, host));
    assert!(same_origin(None, None, host));
    let mut case = hostile_case();
    assert_eq!(get(&mut case, "/favicon.ico").status, 204);
}

/// Stores a complete source `N.txt` (content hash all `n`) with one record a list in
/// `records`, each mentioning its `(kind, value)`s, and commits it.
fn add_source(case: &mut Case, n: u8, records: &[Vec<(&str, String)>]) {
    let meta = SourceMeta {
        hash: ContentHash::from_bytes([n; 32]),
        path: format!("{n}.txt"),
        size: 1,
        format: Format::Text,
    };
    let mut w = case.begin_source(&meta).unwrap();
    for (i, mentions) in records.iter().enumerate() {
        let mut d = RecordDraft::new(RecordKind::VictimReport, Place::span(i as u64, 1));
        d.text = format!("report {i}");
        let mentions = mentions
            .iter()
            .map(|(kind, value)| Mention {
                kind: (*kind).into(),
                value: value.clone(),
                raw: value.clone(),
                field: None,
                start: 0,
                end: value.len() as u64,
                rule: "test".into(),
                victim: false,
            })
            .collect();
        w.add(&PreparedRecord::new(d).with_mentions(mentions))
            .unwrap();
    }
    w.finish(&Decoding {
        encoding: "UTF-8".into(),
        method: "utf8".into(),
        had_errors: false,
    })
    .unwrap();
    case.flush().unwrap();
}

/// A large operation's page shows its members, selectors and links a slice at a time,
/// with pagers that move one list and keep the others' places; the JSON pages alike.
#[test]
fn large_operations_are_paged_list_by_list() {
    let mut case = Case::open_in_memory().unwrap();
    let records: Vec<Vec<(&str, String)>> = (0..250)
        .map(|i| {
            vec![
                ("phone", "+85512345678".to_owned()),
                ("email", format!("agent{i:03}@scam.example")),
            ]
        })
        .collect();
    add_source(&mut case, 3, &records);
    let mut operations = vec![NewOperation {
        label: "op-big".into(),
        records: (1..=245).map(RecordId).collect(),
    }];
    operations.extend((246..=250).map(|i| NewOperation {
        label: format!("op-{i}"),
        records: vec![RecordId(i)],
    }));
    let links: Vec<NewLink> = (1..=5)
        .map(|b| NewLink {
            a: 0,
            b,
            selector: Some(1),
            reason: "shared_selector",
        })
        .collect();
    case.replace_operations(&operations, &[], &links).unwrap();

    let rows = |body: &str, class: &str| {
        let table = &body[body.find(&format!("<table class=\"{class}\"")).unwrap()..];
        table[..table.find("</table>").unwrap()]
            .matches("<tr>")
            .count()
            - 1
    };
    let first = get(&mut case, "/operation/op-big");
    assert_eq!(first.status, 200);
    assert!(first.body.contains("245 records"));
    assert!(first.body.contains("246 selectors"));
    assert_eq!(rows(&first.body, "members"), 100);
    assert!(first.body.contains("1–100 of 245"));
    assert!(
        first
            .body
            .contains("href=\"/operation/op-big?members=100#members\"")
    );
    assert!(
        first
            .body
            .contains("href=\"/operation/op-big?selectors=100#selectors\"")
    );
    assert!(!first.body.contains("rel=\"prev\""));
    // The last page of members, the selectors' second page kept.
    let last = get(&mut case, "/operation/op-big?members=200&selectors=100");
    assert_eq!(rows(&last.body, "members"), 45);
    assert!(last.body.contains("201–245 of 245"));
    assert!(last.body.contains("101–200 of 246"));
    assert!(
        last.body
            .contains("href=\"/operation/op-big?members=100&amp;selectors=100#members\"")
    );
    assert!(
        last.body
            .contains("href=\"/operation/op-big?members=200&amp;selectors=200#selectors\"")
    );
    assert!(last.body.contains(">#245<"));
    // Past the end: empty lists, totals kept, no crash.
    let past = get(
        &mut case,
        "/operation/op-big?members=999&selectors=999&links=999",
    );
    assert_eq!(past.status, 200);
    assert!(past.body.contains("245 records") && past.body.contains("5 linked operations"));
    // The JSON pages likewise.
    let v: serde_json::Value = serde_json::from_str(
        &get(
            &mut case,
            "/api/operation/op-big?offset=240&limit=10&selectors_offset=245&links_limit=2",
        )
        .body,
    )
    .unwrap();
    assert_eq!(v["members"].as_array().unwrap().len(), 5);
    assert_eq!(v["members_offset"], 240);
    assert_eq!(v["selectors"].as_array().unwrap().len(), 1);
    assert_eq!(v["selectors_total"], 246);
    assert_eq!(v["links"].as_array().unwrap().len(), 2);
    assert_eq!(v["links_total"], 5);
    // The shared phone leads; by default the page's slices, every member when asked.
    let first: serde_json::Value =
        serde_json::from_str(&get(&mut case, "/api/operation/op-big").body).unwrap();
    assert_eq!(first["selectors"][0]["value"], "+85512345678");
    assert_eq!(first["members"].as_array().unwrap().len(), 100);
    let all: serde_json::Value =
        serde_json::from_str(&get(&mut case, "/api/operation/op-big?limit=1000").body).unwrap();
    assert_eq!(all["members"].as_array().unwrap().len(), 245);
}

/// A multipart body with boundary `XyZ`: `fields` as plain parts, then `files` as
/// (name as sent, content).
fn multipart_body(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = Vec::new();
    for (k, v) in fields {
        b.extend_from_slice(
            format!("--XyZ\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (name, content) in files {
        b.extend_from_slice(
            format!(
                "--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        b.extend_from_slice(content);
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(b"--XyZ--\r\n");
    b
}

fn upload(body: Vec<u8>, same_origin: bool) -> Req {
    Req {
        method: "POST".into(),
        path: "/ingest".into(),
        same_origin,
        content_type: "multipart/form-data; boundary=XyZ".into(),
        content_length: Some(body.len() as u64),
        body,
        ..Req::default()
    }
}

/// An empty case file in `dir`.
fn empty_case(dir: &std::path::Path) -> (std::path::PathBuf, Case) {
    let path = dir.join("case.db");
    let case = Case::open(&path, OpenMode::CreateIfMissing).unwrap();
    (path, case)
}

/// Every file under `dir`, relative to it.
fn tree(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p.clone());
            }
            out.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
        }
    }
    out.sort();
    out
}

const LEADS_CSV: &[u8] = b"id,text,phone\n\
L1,Recruiter zanzibarwidget promised a salary of 3000 USD in Sihanoukville,+855 12 345 678\n\
L2,Same recruiter again about the zanzibarwidget job,+855 12 345 678\n\
L3,a short row\n";
const NOTE_TXT: &[u8] =
    b"Victim says the quokkamatic trading app took her savings. Contact +855 12 345 678.\n";

#[test]
fn uploaded_files_are_saved_ingested_linked_and_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut case) = empty_case(dir.path());
    let jobs = Jobs::default();
    let body = multipart_body(
        &[("link", "0"), ("link", "1")],
        &[("leads.csv", LEADS_CSV), ("note.txt", NOTE_TXT)],
    );
    let r = route(&mut case, &jobs, &upload(body, true));
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location.as_deref(), Some("/jobs/1"));
    let done = wait_for(&jobs, 1);
    assert_eq!(done.state, crate::JobState::Done, "{done:?}");
    assert_eq!(done.kind, "ingest");
    assert_eq!(done.step, done.steps);
    let files = done.files.unwrap();
    assert_eq!((files.files_done, files.files_total), (2, 2));
    assert_eq!(files.bytes_done, files.bytes_total);
    assert_eq!(files.bytes_total, (LEADS_CSV.len() + NOTE_TXT.len()) as u64);
    let ingest = done.ingest.clone().unwrap();
    assert_eq!(ingest.records, 4, "{ingest:?}");
    assert_eq!(ingest.case_records, 4);
    let names: Vec<(&str, &str)> = ingest
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.outcome))
        .collect();
    assert_eq!(names, [("leads.csv", "ingested"), ("note.txt", "ingested")]);
    // The short row is kept with a warning that names its line.
    assert_eq!(ingest.warnings, 1);
    assert_eq!(ingest.diagnostics.len(), 1);
    assert_eq!(ingest.diagnostics[0].file, "leads.csv");
    assert_eq!(ingest.diagnostics[0].line, Some(4));
    assert!(ingest.diagnostics[0].reason.contains("the header has 3"));
    // Linked afterwards: the shared phone makes one operation of all four.
    let linked = done.result.clone().unwrap();
    assert_eq!(linked.records, 4);
    assert!(linked.operations >= 1, "{linked:?}");
    // The files sit in the case's upload folder.
    let saved = tree(&crate::uploads_dir(&path));
    assert_eq!(saved.len(), 3, "{saved:?}");
    assert!(saved[0].ends_with("-job1"), "{saved:?}");
    assert!(saved[1].ends_with("-job1/leads.csv"));
    // Records are found by search, in both files.
    for word in ["zanzibarwidget", "quokkamatic"] {
        let r = route(
            &mut case,
            &jobs,
            &Req::get(&format!("/api/search?q={word}")),
        );
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert!(
            !v["records"].as_array().unwrap().is_empty(),
            "{word}: {}",
            r.body
        );
    }
    // The job page and its JSON show the result.
    let page = route(&mut case, &jobs, &Req::get("/jobs/1"));
    assert!(page.body.contains("Ingesting uploaded files"));
    assert!(
        page.body.contains("<b>4 records added</b>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("leads.csv") && page.body.contains("note.txt"));
    assert!(page.body.contains("Problems in the files"));
    assert!(page.body.contains("href=\"/diagnostics\""));
    assert!(page.body.contains("See operations"));
    let v: serde_json::Value =
        serde_json::from_str(&route(&mut case, &jobs, &Req::get("/api/jobs/1")).body).unwrap();
    assert_eq!(v["kind"], "ingest");
    assert_eq!(v["ingest"]["records"], 4);
    assert_eq!(v["files"]["files_done"], 2);
    // The problems page lists the warning.
    let d = route(&mut case, &jobs, &Req::get("/diagnostics"));
    assert_eq!(d.status, 200);
    assert!(d.body.contains("the header has 3"), "{}", d.body);
    // The same files again are recognised, not stored twice.
    let body = multipart_body(&[], &[("leads.csv", LEADS_CSV)]);
    let r = route(&mut case, &jobs, &upload(body, true));
    assert_eq!(r.location.as_deref(), Some("/jobs/2"));
    let again = wait_for(&jobs, 2).ingest.unwrap();
    assert_eq!((again.records, again.files[0].outcome), (0, "unchanged"));
}

#[test]
fn uploads_are_refused_from_other_origins_and_while_a_job_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut case) = empty_case(dir.path());
    let jobs = Jobs::default();
    let body = multipart_body(&[], &[("note.txt", NOTE_TXT)]);
    let r = route(&mut case, &jobs, &upload(body.clone(), false));
    assert_eq!(r.status, 403);
    assert!(r.body.contains("only accepted from this app"));
    assert!(jobs.status(1).is_none());
    assert!(!crate::uploads_dir(&path).exists());
    // One job at a time: a running job is named, with a link to it.
    let running = jobs.start_link(Some(&path)).unwrap();
    let r = route(&mut case, &jobs, &upload(body.clone(), true));
    if jobs.running().is_some() {
        assert_eq!(r.status, 409, "{}", r.body);
        assert!(r.body.contains(&format!(
            "Job {running} (re-linking the case) is still running"
        )));
        assert!(r.body.contains(&format!("href=\"/jobs/{running}\"")));
    }
    wait_for(&jobs, running);
    // A reserved ingest also blocks re-linking, with a message rather than a redirect.
    let id = jobs.reserve_ingest(Some(&path)).unwrap();
    let r = route(&mut case, &jobs, &post_to("/link", "", true));
    assert_eq!(r.status, 409);
    assert!(r.body.contains("ingesting uploaded files"), "{}", r.body);
    let r = route(&mut case, &jobs, &upload(body, true));
    assert_eq!(r.status, 409);
    // The home page says so instead of offering the forms.
    let home = route(&mut case, &jobs, &Req::get("/"));
    assert!(
        home.body
            .contains("A job is running (ingesting uploaded files)"),
        "{}",
        home.body
    );
    assert!(!home.body.contains("action=\"/ingest\""));
    assert!(!home.body.contains("action=\"/link\""));
    jobs.fail(id, "test");
    let home = route(&mut case, &jobs, &Req::get("/"));
    assert!(home.body.contains("action=\"/ingest\""));
    // An in-memory case has nowhere to keep files.
    let mut mem = hostile_case();
    let body = multipart_body(&[], &[("note.txt", NOTE_TXT)]);
    let r = route(&mut mem, &Jobs::default(), &upload(body, true));
    assert_eq!(r.status, 409);
}

#[test]
fn hostile_file_names_stay_inside_the_upload_folder_and_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut case) = empty_case(dir.path());
    let jobs = Jobs::default();
    let names = [
        "../../etc/x",
        "..",
        "<img src=x onerror=alert(1)>.txt",
        "..\\..\\boot.ini",
        "/etc/passwd",
        "a\u{202e}txt.exe",
    ];
    let files: Vec<(&str, &[u8])> = names.iter().map(|n| (*n, NOTE_TXT)).collect();
    // Different bytes for each, so none is a duplicate of another.
    let contents: Vec<Vec<u8>> = (0..names.len())
        .map(|i| format!("file {i}: recruiter at +855 12 345 678").into_bytes())
        .collect();
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .zip(&contents)
        .map(|((n, _), c)| (*n, c.as_slice()))
        .collect();
    let r = route(
        &mut case,
        &jobs,
        &upload(multipart_body(&[("link", "0")], &files), true),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let done = wait_for(&jobs, 1);
    assert_eq!(done.state, crate::JobState::Done, "{done:?}");
    // Nothing was written outside the case's folder, and every file is directly inside
    // this upload's own folder.
    let mut outside = tree(dir.path());
    outside.retain(|p| !p.starts_with("case.db-uploads"));
    assert!(
        outside.iter().all(|p| p.starts_with("case.db")),
        "{outside:?}"
    );
    let saved = tree(&crate::uploads_dir(&path));
    let folder = &saved[0];
    let inside: Vec<&str> = saved[1..]
        .iter()
        .map(|p| p.strip_prefix(&format!("{folder}/")).unwrap())
        .collect();
    assert_eq!(
        inside,
        [
            "<img src=x onerror=alert(1)>.txt",
            "atxt.exe",
            "boot.ini",
            "passwd",
            "upload",
            "x"
        ]
    );
    // Shown escaped everywhere.
    let page = route(&mut case, &jobs, &Req::get("/jobs/1"));
    assert_inert(&page.body, "/jobs/1");
    assert!(page.body.contains("&lt;img src=x onerror=alert(1)&gt;.txt"));
    let s = route(&mut case, &jobs, &Req::get("/search?q=recruiter"));
    assert_inert(&s.body, "search");
    let d = route(&mut case, &jobs, &Req::get("/diagnostics"));
    assert_inert(&d.body, "/diagnostics");
    // Not linked when unticked, and the page offers to.
    assert!(done.result.is_none());
    assert!(!done.ingest.unwrap().link);
    assert!(page.body.contains("Not linked"));
}

#[test]
fn malformed_and_oversized_uploads_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut case) = empty_case(dir.path());
    let jobs = Jobs::default();
    let good = multipart_body(&[], &[("note.txt", NOTE_TXT)]);
    // Cut off in the middle of the file.
    let r = route(
        &mut case,
        &jobs,
        &upload(good[..good.len() / 2].to_vec(), true),
    );
    assert_eq!(r.status, 400);
    assert!(r.body.contains("cut off"), "{}", r.body);
    let failed = jobs.status(1).unwrap();
    assert_eq!(failed.state, crate::JobState::Failed);
    // Nothing is left of the refused upload.
    let left = tree(&crate::uploads_dir(&path));
    assert!(left.is_empty(), "{left:?}");
    // Garbage, a wrong boundary, no boundary, not multipart.
    let r = route(&mut case, &jobs, &upload(b"\x00\xffgarbage".to_vec(), true));
    assert_eq!(r.status, 400);
    assert!(r.body.contains("does not start with the boundary"));
    let mut req = upload(good.clone(), true);
    req.content_type = "multipart/form-data".into();
    let r = route(&mut case, &jobs, &req);
    assert_eq!(r.status, 400);
    assert!(r.body.contains("names no boundary"));
    req.content_type = "text/plain".into();
    let r = route(&mut case, &jobs, &req);
    assert_eq!(r.status, 415);
    assert!(r.body.contains("not multipart/form-data"));
    // A header without a disposition.
    let r = route(
        &mut case,
        &jobs,
        &upload(b"--XyZ\r\nX: y\r\n\r\nz\r\n--XyZ--".to_vec(), true),
    );
    assert_eq!(r.status, 400);
    assert!(r.body.contains("Content-Disposition"));
    // No file chosen: the browser sends an empty, nameless part.
    let r = route(
        &mut case,
        &jobs,
        &upload(multipart_body(&[("link", "1")], &[("", b"")]), true),
    );
    assert_eq!(r.status, 400);
    assert!(r.body.contains("No file was chosen"));
    // Too large, by its declared length: refused before reading.
    let mut big = upload(good, true);
    big.content_length = Some(crate::MAX_UPLOAD + 1);
    let r = route(&mut case, &jobs, &big);
    assert_eq!(r.status, 413);
    assert!(
        r.body.contains("more than the limit of 512 MB"),
        "{}",
        r.body
    );
    assert!(tree(&crate::uploads_dir(&path)).is_empty());
    // The home page shows the form, and so does /ingest.
    for target in ["/", "/ingest"] {
        let r = route(&mut case, &jobs, &Req::get(target));
        assert!(
            r.body.contains("enctype=\"multipart/form-data\""),
            "{target}"
        );
        assert!(r.body.contains("type=\"file\" name=\"files\" multiple"));
        assert!(r.body.contains("name=\"link\" value=\"1\" checked"));
    }
}

#[test]
fn file_names_are_sanitised() {
    for (raw, safe) in [
        ("leads.csv", "leads.csv"),
        ("../../etc/x", "x"),
        ("..", "upload"),
        (".", "upload"),
        ("", "upload"),
        ("C:\\Users\\ana\\chat.txt", "chat.txt"),
        (".bashrc", "bashrc"),
        ("a\0b\r\nc.txt", "abc.txt"),
        ("report\u{202e}fdp.exe", "reportfdp.exe"),
        ("  spaced .txt.  ", "spaced .txt"),
        ("dir/", "upload"),
    ] {
        assert_eq!(sanitise_file_name(raw), safe, "{raw:?}");
    }
    let long = format!("{}.csv", "é".repeat(200));
    let s = sanitise_file_name(&long);
    assert!(s.len() <= 150 && s.ends_with(".csv"), "{s}");
}

#[test]
fn upload_folders_are_named_by_utc_time() {
    use std::time::{Duration, UNIX_EPOCH};
    let at = |s: u64| crate::upload::utc_stamp(UNIX_EPOCH + Duration::from_secs(s));
    assert_eq!(at(0), "19700101T000000Z");
    assert_eq!(at(951_782_400), "20000229T000000Z");
    assert_eq!(at(1_733_322_600), "20241204T143000Z");
    assert_eq!(at(4_102_444_799), "20991231T235959Z");
    assert_eq!(
        crate::uploads_dir(std::path::Path::new("/cases/x.db")),
        std::path::Path::new("/cases/x.db-uploads")
    );
}

/// Sends one raw HTTP request to the server on `port`; the status code, headers and body.
fn send_raw(port: u16, head: &str, body: &[u8]) -> (u16, String, String) {
    use std::io::{Read as _, Write as _};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    s.write_all(head.as_bytes()).unwrap();
    // The server may answer (and stop reading) before the whole body is sent.
    let _ = s.write_all(body);
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    let header_end = loop {
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "connection closed before the response head");
        got.extend_from_slice(&buf[..n]);
        if let Some(p) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
    };
    let headers = String::from_utf8_lossy(&got[..header_end]).into_owned();
    let status: u16 = headers[9..12].parse().unwrap();
    let len: usize = headers
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap())
        })
        .unwrap_or(0);
    while got.len() < header_end + len {
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "connection closed inside the response body");
        got.extend_from_slice(&buf[..n]);
    }
    let body = String::from_utf8_lossy(&got[header_end..header_end + len]).into_owned();
    (status, headers, body)
}

#[test]
fn the_server_streams_uploads_to_disk_behind_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let (path, case) = empty_case(dir.path());
    drop(case);
    let port = std::net::TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let token = "a long enough token";
    let config = Config {
        case: path.clone(),
        addr: ([127, 0, 0, 1], port).into(),
        token: Some(token.into()),
        workers: 2,
    };
    // The server runs until the test process ends.
    std::thread::spawn(move || serve(&config));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // Large enough that tiny_http streams it rather than buffering it.
    let mut big_note = NOTE_TXT.to_vec();
    big_note
        .extend(std::iter::repeat_n(b"more words about the case. ".as_slice(), 20_000).flatten());
    let body = multipart_body(
        &[("link", "0"), ("link", "1")],
        &[("leads.csv", LEADS_CSV), ("note.txt", &big_note)],
    );
    let head = |extra: &str, len: usize| {
        format!(
            "POST /ingest HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: {len}\r\n{extra}\r\n"
        )
    };
    let auth = format!("Authorization: Bearer {token}\r\n");
    // No token: refused before anything is read or saved.
    let (status, _, _) = send_raw(port, &head("", body.len()), &body);
    assert_eq!(status, 401);
    assert!(!crate::uploads_dir(&path).exists());
    // The token, but posted by another site's page.
    let (status, _, text) = send_raw(
        port,
        &head(&format!("{auth}Sec-Fetch-Site: cross-site\r\n"), body.len()),
        &body,
    );
    assert_eq!(status, 403, "{text}");
    // Declared larger than the limit: refused at once.
    let (status, _, text) = send_raw(
        port,
        &head(&auth, usize::try_from(crate::MAX_UPLOAD).unwrap() + 1),
        b"",
    );
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("more than the limit"));
    // Accepted: saved, then ingested and linked.
    let (status, headers, text) = send_raw(port, &head(&auth, body.len()), &body);
    assert_eq!(status, 303, "{text}");
    assert!(headers.contains("Location: /jobs/1"), "{headers}");
    let get = |target: &str| {
        send_raw(
            port,
            &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{auth}\r\n"),
            b"",
        )
    };
    let mut v = serde_json::Value::Null;
    for _ in 0..600 {
        v = serde_json::from_str(&get("/api/jobs/1").2).unwrap();
        if v["state"] != "running" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(v["state"], "done", "{v}");
    assert_eq!(v["ingest"]["records"], 4, "{v}");
    assert!(v["result"]["operations"].as_u64().unwrap() >= 1, "{v}");
    let saved = tree(&crate::uploads_dir(&path));
    let note = saved.iter().find(|p| p.ends_with("/note.txt")).unwrap();
    assert_eq!(
        std::fs::read(crate::uploads_dir(&path).join(note)).unwrap(),
        big_note
    );
    let (_, _, found) = get("/api/search?q=quokkamatic");
    assert!(found.contains("note.txt"), "{found}");
}

/// The home page's selector counts are shared between requests while the case's records
/// stay the same, and counted again once a source completes.
#[test]
fn home_selector_counts_are_reused_until_a_source_completes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.db");
    let mut case = Case::open(&path, OpenMode::CreateIfMissing).unwrap();
    let add = |case: &mut Case, n: u8, values: &[&str]| {
        let records: Vec<Vec<(&str, String)>> = values
            .iter()
            .map(|v| vec![("phone", (*v).to_owned())])
            .collect();
        add_source(case, n, &records);
    };
    add(&mut case, 1, &["+85511111111", "+85511111111"]);
    assert!(get(&mut case, "/").body.contains("+85511111111"));
    // Nothing completed since: the page shows what was counted, not the table's edit.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE selectors SET value = '+85522222222'", [])
        .unwrap();
    let again = get(&mut case, "/").body;
    assert!(again.contains("+85511111111") && !again.contains("+85522222222"));
    // A new source: counted afresh.
    add(&mut case, 2, &["+85533333333"]);
    let fresh = get(&mut case, "/").body;
    assert!(fresh.contains("+85522222222") && fresh.contains("+85533333333"));
}

/// Connections accepted by the server's listener send small writes at once, so a
/// keep-alive client does not wait on its delayed acknowledgement for each response.
#[test]
fn accepted_connections_do_not_delay_small_writes() {
    let l = listener("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = l.local_addr().unwrap();
    let _client = std::net::TcpStream::connect(addr).unwrap();
    let (accepted, _) = l.accept().unwrap();
    assert!(accepted.nodelay().unwrap());
}
