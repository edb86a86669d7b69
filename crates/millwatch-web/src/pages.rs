//! The routes and the pages they render. Every piece of stored text passes
//! `millwatch_report::esc`; selectors pass `defang` first; URLs we build use
//! [`percent_encode`] on every parameter.

use std::fmt::Write as _;
use std::io::Read;

use millwatch_model::RecordId;
use millwatch_report::{defang, esc};
use millwatch_store::{AnnotationKind, Case, MentionView, NewAnnotation, StoreError, TargetKind};
use serde::Serialize;

use crate::operations::{
    api_job, api_operation, api_operations, job_page, operation_href, operation_page,
    operations_page, start_link,
};
use crate::{APP_CSS, APP_JS, Jobs, Req, Resp, percent_encode};

/// Search hits shown per page.
const HITS: usize = 50;
/// Mentions shown on a selector page.
const MENTIONS: usize = 500;
/// Neighbours returned per graph expansion.
const NEIGHBOURS: usize = 40;

/// Answers one request. `jobs` holds the background work started from the UI. A
/// multipart body (an upload) is read from `req.body`.
pub fn route(case: &mut Case, jobs: &Jobs, req: &Req) -> Resp {
    route_body(case, jobs, req, &mut req.body.as_slice())
}

/// [`route`] with a multipart body read from `body` as it arrives (the server's way).
pub fn route_body(case: &mut Case, jobs: &Jobs, req: &Req, body: &mut dyn Read) -> Resp {
    let result = match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/") => home(case, jobs),
        ("GET", "/ingest") => Ok(crate::upload::ingest_page(jobs)),
        ("POST", "/ingest") => Ok(crate::upload::start_ingest(case, jobs, req, body)),
        ("GET", "/diagnostics") => crate::upload::diagnostics_page(case),
        ("GET", "/operations") => operations_page(case, req),
        ("GET", "/api/operations") => api_operations(case, req),
        ("POST", "/link") => Ok(start_link(case, jobs, req)),
        ("GET", p) if p.starts_with("/operation/") => {
            operation_page(case, req, &p["/operation/".len()..])
        }
        ("GET", p) if p.starts_with("/api/operation/") => {
            api_operation(case, req, &p["/api/operation/".len()..])
        }
        ("GET", p) if p.starts_with("/jobs/") => Ok(job_page(jobs, &p["/jobs/".len()..])),
        ("GET", p) if p.starts_with("/api/jobs/") => Ok(api_job(jobs, &p["/api/jobs/".len()..])),
        ("GET", "/search") => search_page(case, req),
        ("GET", "/api/search") => api_search(case, req),
        ("GET", "/selector") => selector_page(case, req),
        ("GET", "/api/neighbours") => api_neighbours(case, req),
        ("GET", "/graph") => Ok(graph_page(req)),
        ("GET", "/static/app.js") => Ok(Resp {
            content_type: "text/javascript; charset=utf-8",
            ..Resp::html(200, APP_JS.to_owned())
        }),
        ("GET", "/static/app.css") => Ok(Resp {
            content_type: "text/css; charset=utf-8",
            ..Resp::html(200, APP_CSS.to_owned())
        }),
        ("POST", "/annotate") => annotate(case, req),
        // Browsers ask for it on every page; an empty answer keeps the console clean.
        ("GET", "/favicon.ico") => Ok(Resp {
            content_type: "image/x-icon",
            ..Resp::html(204, String::new())
        }),
        ("GET", p) if p.starts_with("/record/") => record_page(case, &p["/record/".len()..]),
        _ => Ok(Resp::html(404, message("Not found", "No such page."))),
    };
    result.unwrap_or_else(|e| match e {
        StoreError::NoSuchRecord(_) | StoreError::NoSuchOperation(_) => {
            Resp::html(404, message("Not found", &e.to_string()))
        }
        StoreError::InvalidAnnotation { .. } | StoreError::EmptyQuery => {
            Resp::html(400, message("Cannot do that", &e.to_string()))
        }
        other => {
            tracing::warn!(error = %other, "request failed");
            Resp::html(
                500,
                message(
                    "Case error",
                    "The case could not answer; see the server log.",
                ),
            )
        }
    })
}

/// A page around `body`.
pub(crate) fn page(title: &str, q: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"referrer\" content=\"no-referrer\">\
<title>{t} · millwatch</title><link rel=\"stylesheet\" href=\"/static/app.css\">\
<script src=\"/static/app.js\" defer></script></head><body>\
<header><a class=\"brand\" href=\"/\">millwatch</a>\
<nav><a href=\"/operations\">Operations</a><a href=\"/graph\">Graph</a><a href=\"/ingest\">Add files</a></nav>\
<form action=\"/search\" method=\"get\" role=\"search\"><input name=\"q\" value=\"{q}\" \
placeholder=\"Search text, phones, wallets, domains…\" aria-label=\"Search\" autocomplete=\"off\">\
<button>Search</button></form></header><main>{body}</main></body></html>",
        t = esc(title),
        q = esc(q),
    )
}

/// A page with one message.
pub(crate) fn message(title: &str, text: &str) -> String {
    page(
        title,
        "",
        &format!("<h1>{}</h1><p>{}</p>", esc(title), esc(text)),
    )
}

pub(crate) fn selector_href(kind: &str, value: &str) -> String {
    format!(
        "/selector?kind={}&amp;value={}",
        percent_encode(kind),
        percent_encode(value)
    )
}

fn selector_key(kind: &str, value: &str) -> String {
    format!("{kind}:{value}")
}

fn home(case: &Case, jobs: &Jobs) -> Result<Resp, StoreError> {
    let totals = case.totals()?;
    let top = crate::summary::top_selectors(case)?;
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>Case</h1><p class=\"meta\">{} records from {} sources</p>",
        totals.records, totals.sources
    );
    b.push_str("<h2>Add files</h2>");
    crate::upload::upload_form(&mut b, jobs);
    crate::operations::home_block(&mut b, case, jobs)?;
    b.push_str("<h2>Most mentioned selectors</h2>");
    selector_table(&mut b, &top);
    Ok(Resp::html(200, page("Case", "", &b)))
}

fn selector_table(b: &mut String, rows: &[millwatch_store::SelectorCount]) {
    selector_table_of(
        b,
        "",
        rows.iter().map(|s| SelectorRow {
            kind: &s.kind,
            value: &s.value,
            records: s.records,
            mentions: s.mentions,
            first_seen: s.first_seen.as_deref(),
            last_seen: s.last_seen.as_deref(),
        }),
    );
}

/// One line of a selectors table.
pub(crate) struct SelectorRow<'a> {
    pub kind: &'a str,
    pub value: &'a str,
    pub records: u64,
    pub mentions: u64,
    pub first_seen: Option<&'a str>,
    pub last_seen: Option<&'a str>,
}

/// A table of selectors with counts and first/last seen, each linked to its page;
/// `class` is the table's CSS class (none when empty).
pub(crate) fn selector_table_of<'a>(
    b: &mut String,
    class: &str,
    rows: impl Iterator<Item = SelectorRow<'a>>,
) {
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    let _ = write!(
        b,
        "<table{class}><thead><tr><th>Kind</th><th>Selector</th><th class=\"n\">Records</th><th class=\"n\">Mentions</th><th>First seen</th><th>Last seen</th></tr></thead><tbody>"
    );
    for s in rows {
        let _ = write!(
            b,
            "<tr><td><span class=\"kind\">{}</span></td><td><a class=\"sel\" href=\"{}\">{}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(s.kind),
            selector_href(s.kind, s.value),
            esc(&defang(s.kind, s.value)),
            s.records,
            s.mentions,
            crate::operations::when(s.first_seen),
            crate::operations::when(s.last_seen),
        );
    }
    b.push_str("</tbody></table>");
}

/// What a search finds: selectors whose value is the query, and records by full text.
#[derive(Serialize)]
struct SearchResult {
    query: String,
    selectors: Vec<SelectorHit>,
    records: Vec<millwatch_store::SearchHit>,
}

#[derive(Serialize)]
struct SelectorHit {
    kind: String,
    value: String,
    records: usize,
}

fn run_search(case: &Case, q: &str, offset: usize) -> Result<SearchResult, StoreError> {
    let mut selectors: Vec<SelectorHit> = Vec::new();
    for m in case.mentions_of(None, q.trim(), MENTIONS)? {
        match selectors
            .iter_mut()
            .find(|s| s.kind == m.kind && s.value == m.value)
        {
            Some(s) => s.records += 1,
            None => selectors.push(SelectorHit {
                kind: m.kind,
                value: m.value,
                records: 1,
            }),
        }
    }
    let records = match case.search(q, HITS, offset) {
        Ok(r) => r,
        Err(StoreError::EmptyQuery) if !selectors.is_empty() => Vec::new(),
        Err(e) => return Err(e),
    };
    Ok(SearchResult {
        query: q.to_owned(),
        selectors,
        records,
    })
}

fn api_search(case: &Case, req: &Req) -> Result<Resp, StoreError> {
    let q = req.param("q").unwrap_or("");
    let offset = req
        .param("offset")
        .and_then(|o| o.parse().ok())
        .unwrap_or(0);
    match run_search(case, q, offset) {
        Ok(r) => Ok(Resp::json(
            200,
            serde_json::to_string(&r).unwrap_or_default(),
        )),
        Err(StoreError::EmptyQuery) => Ok(Resp::json(
            400,
            r#"{"error":"the query has nothing to search for"}"#.into(),
        )),
        Err(e) => Err(e),
    }
}

/// `text` with the byte ranges in `marks` wrapped in `<mark>`; all of it escaped.
fn highlighted(text: &str, marks: &[[usize; 2]]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &[s, e] in marks {
        if s < at
            || e < s
            || e > text.len()
            || !text.is_char_boundary(s)
            || !text.is_char_boundary(e)
        {
            continue;
        }
        out.push_str(&esc(&text[at..s]));
        out.push_str("<mark>");
        out.push_str(&esc(&text[s..e]));
        out.push_str("</mark>");
        at = e;
    }
    out.push_str(&esc(text.get(at..).unwrap_or("")));
    out
}

fn search_page(case: &Case, req: &Req) -> Result<Resp, StoreError> {
    let q = req.param("q").unwrap_or("");
    let mut b = String::new();
    if q.trim().is_empty() {
        b.push_str(
            "<h1>Search</h1><p class=\"meta\">Type words, a phone, a wallet or a domain.</p>",
        );
        return Ok(Resp::html(200, page("Search", q, &b)));
    }
    let r = match run_search(case, q, 0) {
        Ok(r) => r,
        Err(StoreError::EmptyQuery) => {
            b.push_str("<h1>Search</h1><p>The query has nothing to search for.</p>");
            return Ok(Resp::html(200, page("Search", q, &b)));
        }
        Err(e) => return Err(e),
    };
    let _ = write!(b, "<h1>Results for <q>{}</q></h1>", esc(q));
    if !r.selectors.is_empty() {
        b.push_str("<h2>Selectors</h2><ul class=\"sels\">");
        for s in &r.selectors {
            let _ = write!(
                b,
                "<li><span class=\"kind\">{}</span> <a class=\"sel\" href=\"{}\">{}</a> <span class=\"meta\">{} mentions</span></li>",
                esc(&s.kind),
                selector_href(&s.kind, &s.value),
                esc(&defang(&s.kind, &s.value)),
                s.records
            );
        }
        b.push_str("</ul>");
    }
    let _ = write!(
        b,
        "<h2>Records <span class=\"meta\">{}{}</span></h2>",
        r.records.len(),
        if r.records.len() == HITS { "+" } else { "" }
    );
    let ids: Vec<RecordId> = r.records.iter().map(|h| h.record).collect();
    let ops = case.operations_of(&ids)?;
    b.push_str("<ol class=\"hits\">");
    for h in &r.records {
        let op = ops
            .get(&h.record)
            .map(|o| {
                format!(
                    " <a class=\"op\" href=\"{}\">{}</a>",
                    operation_href(o),
                    esc(o)
                )
            })
            .unwrap_or_default();
        let _ = write!(
            b,
            "<li><div class=\"hit-head\"><a href=\"/record/{id}\">#{id}</a> <span class=\"kind\">{kind}</span>{op} {title}<span class=\"meta\">{time} · {path}</span></div><div class=\"excerpt\">{snip}</div></li>",
            id = h.record.0,
            kind = esc(&h.kind),
            title = h
                .title
                .as_deref()
                .map(|t| format!("<b>{}</b> ", esc(t)))
                .unwrap_or_default(),
            time = esc(h.time.as_deref().unwrap_or("no time")),
            path = esc(&h.path),
            snip = highlighted(&h.snippet, &h.highlights),
        );
    }
    b.push_str("</ol>");
    Ok(Resp::html(200, page(&format!("Search: {q}"), q, &b)))
}

pub(crate) fn annotations_block(
    b: &mut String,
    case: &Case,
    kind: TargetKind,
    target: &str,
    back: &str,
) -> Result<(), StoreError> {
    let notes = case.annotations(kind, target)?;
    b.push_str("<section class=\"notes\"><h2>Annotations</h2>");
    if notes.is_empty() {
        b.push_str("<p class=\"meta\">None yet.</p>");
    } else {
        b.push_str("<ul class=\"annotations\">");
        for n in &notes {
            let _ = write!(
                b,
                "<li><span class=\"badge {k}\">{k}</span> <span class=\"body\">{}</span> <span class=\"meta\">{} · {}</span></li>",
                esc(&n.body),
                esc(&n.author),
                esc(&n.created_at),
                k = n.kind.as_str(),
            );
        }
        b.push_str("</ul>");
    }
    let _ = write!(
        b,
        "<form class=\"annotate\" method=\"post\" action=\"/annotate\">\
<input type=\"hidden\" name=\"target_kind\" value=\"{}\"><input type=\"hidden\" name=\"target\" value=\"{}\">\
<input type=\"hidden\" name=\"back\" value=\"{}\">\
<select name=\"kind\" aria-label=\"Kind\"><option value=\"note\">note</option><option value=\"tag\">tag</option><option value=\"status\">status</option></select>\
<input name=\"body\" required maxlength=\"4000\" placeholder=\"e.g. reported to partner\" aria-label=\"Annotation\">\
<input name=\"author\" required maxlength=\"200\" placeholder=\"author\" aria-label=\"Author\">\
<button>Add</button></form></section>",
        kind.as_str(),
        esc(target),
        esc(back),
    );
    Ok(())
}

fn record_page(case: &Case, id: &str) -> Result<Resp, StoreError> {
    let r = case.record(id)?;
    let mentions = case.mentions_in(r.id)?;
    let operation = case.operation_of(r.id).unwrap_or(None);
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>Record #{} <span class=\"kind\">{}</span></h1><p class=\"meta\">{} · {} · <a href=\"/graph?node=r:{}\">graph</a>{}</p>",
        r.id.0,
        esc(&r.kind),
        esc(r.time.as_deref().unwrap_or("no time")),
        esc(&r.source.path),
        r.id.0,
        operation
            .map(|o| format!(
                " · operation <a class=\"op\" href=\"{}\">{}</a>",
                operation_href(&o),
                esc(&o)
            ))
            .unwrap_or_default(),
    );
    if let Some(t) = &r.title {
        let _ = write!(b, "<h2 class=\"title\">{}</h2>", esc(t));
    }
    if !r.fields.is_empty() {
        b.push_str("<table class=\"fields\"><tbody>");
        for f in &r.fields {
            let _ = write!(
                b,
                "<tr><th>{}</th><td>{}</td></tr>",
                esc(&f.name),
                esc(&f.value)
            );
        }
        b.push_str("</tbody></table>");
    }
    let marks: Vec<[usize; 2]> = mentions
        .iter()
        .filter(|m| m.field.is_none())
        .filter_map(|m| Some([usize::try_from(m.start).ok()?, usize::try_from(m.end).ok()?]))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let _ = write!(
        b,
        "<pre class=\"text\">{}</pre>",
        highlighted(&r.text, &marks)
    );
    b.push_str("<h2>Selectors in this record</h2>");
    mention_table(&mut b, &mentions, false);
    let _ = write!(
        b,
        "<p class=\"meta\">Source {} · sha256 {} · {}</p>",
        esc(&r.source.path),
        esc(&r.source.sha256),
        esc(&serde_json::to_string(&r.place).unwrap_or_default()),
    );
    annotations_block(
        &mut b,
        case,
        TargetKind::Record,
        &r.id.0.to_string(),
        &format!("/record/{}", r.id.0),
    )?;
    Ok(Resp::html(200, page(&format!("Record {}", r.id.0), "", &b)))
}

fn mention_table(b: &mut String, mentions: &[MentionView], with_record: bool) {
    b.push_str("<table class=\"mentions\"><thead><tr>");
    if with_record {
        b.push_str("<th>Record</th><th>Time</th>");
    }
    b.push_str("<th>Kind</th><th>Selector</th><th>Where</th><th>Excerpt</th></tr></thead><tbody>");
    for m in mentions {
        b.push_str("<tr>");
        if with_record {
            let _ = write!(
                b,
                "<td><a href=\"/record/{id}\">#{id}</a></td><td>{}</td>",
                esc(m.time.as_deref().unwrap_or("")),
                id = m.record.0
            );
        }
        let victim = if m.victim {
            " <span class=\"badge victim\">victim's own</span>"
        } else {
            ""
        };
        let _ = write!(
            b,
            "<td><span class=\"kind\">{}</span></td><td><a class=\"sel\" href=\"{}\">{}</a>{victim}</td><td>{}</td><td class=\"excerpt\">{}</td></tr>",
            esc(&m.kind),
            selector_href(&m.kind, &m.value),
            esc(&defang(&m.kind, &m.value)),
            esc(m.field.as_deref().unwrap_or("text")),
            highlighted(&m.excerpt, &[m.highlight]),
        );
    }
    b.push_str("</tbody></table>");
}

fn selector_page(case: &Case, req: &Req) -> Result<Resp, StoreError> {
    let kind = req.param("kind").filter(|k| !k.is_empty());
    let value = req.param("value").unwrap_or("");
    let mentions = case.mentions_of(kind, value, MENTIONS)?;
    let kind = kind
        .or(mentions.first().map(|m| m.kind.as_str()))
        .unwrap_or("");
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1><span class=\"kind\">{}</span> <span class=\"sel\">{}</span></h1><p class=\"meta\">{} mentions{} · <a href=\"/graph?node={}\">graph</a></p>",
        esc(kind),
        esc(&defang(kind, value)),
        mentions.len(),
        if mentions.len() == MENTIONS {
            " (first shown)"
        } else {
            ""
        },
        percent_encode(&format!("s:{kind}:{value}")),
    );
    let shares = case.operations_of_selector(Some(kind), value, 50)?;
    if !shares.is_empty() {
        b.push_str("<h2>Operations</h2><table class=\"ops\"><thead><tr><th>Operation</th><th class=\"n\">Members mentioning it</th><th class=\"n\">Size</th></tr></thead><tbody>");
        for o in &shares {
            let _ = write!(
                b,
                "<tr><td><a class=\"op\" href=\"{}\">{}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                operation_href(&o.id),
                esc(&o.id),
                o.records,
                o.size
            );
        }
        b.push_str("</tbody></table>");
    }
    b.push_str("<h2>Mentions</h2>");
    mention_table(&mut b, &mentions, true);
    let key = selector_key(kind, value);
    annotations_block(
        &mut b,
        case,
        TargetKind::Selector,
        &key,
        &format!(
            "/selector?kind={}&value={}",
            percent_encode(kind),
            percent_encode(value)
        ),
    )?;
    Ok(Resp::html(200, page(&defang(kind, value), "", &b)))
}

fn graph_page(req: &Req) -> Resp {
    let node = req.param("node").unwrap_or("");
    let b = format!(
        "<h1>Graph</h1><p class=\"meta\">Operations (diamonds), records (squares) and selectors (circles). Click a node to expand its neighbours; double-click to open its page.</p>\
<div id=\"graph\" data-node=\"{}\"><svg id=\"graph-svg\" role=\"img\" aria-label=\"Graph\"></svg></div><div id=\"graph-info\" class=\"meta\"></div>",
        esc(node)
    );
    Resp::html(200, page("Graph", "", &b))
}

#[derive(Serialize)]
struct Node {
    id: String,
    kind: String,
    label: String,
    href: String,
}

#[derive(Serialize)]
struct Neighbours {
    node: Node,
    neighbours: Vec<Node>,
}

fn record_node(case: &Case, id: RecordId) -> Node {
    let label = case
        .record(&id.0.to_string())
        .map(|r| format!("#{} {}", id.0, r.kind))
        .unwrap_or_else(|_| format!("#{}", id.0));
    Node {
        id: format!("r:{}", id.0),
        kind: "record".into(),
        label,
        href: format!("/record/{}", id.0),
    }
}

fn operation_node(label: &str) -> Node {
    Node {
        id: format!("o:{label}"),
        kind: "operation".into(),
        label: label.to_owned(),
        href: format!("/operation/{}", percent_encode(label)),
    }
}

fn selector_node(kind: &str, value: &str) -> Node {
    Node {
        id: format!("s:{kind}:{value}"),
        kind: kind.to_owned(),
        label: defang(kind, value),
        href: format!(
            "/selector?kind={}&value={}",
            percent_encode(kind),
            percent_encode(value)
        ),
    }
}

fn api_neighbours(case: &Case, req: &Req) -> Result<Resp, StoreError> {
    let node = req.param("node").unwrap_or("");
    let result = if let Some(id) = node.strip_prefix("r:") {
        let id: i64 = id
            .parse()
            .map_err(|_| StoreError::NoSuchRecord(id.to_owned()))?;
        let mut seen = std::collections::BTreeSet::new();
        let mut neighbours: Vec<Node> = case
            .mentions_in(RecordId(id))?
            .into_iter()
            .filter(|m| seen.insert((m.kind.clone(), m.value.clone())))
            .take(NEIGHBOURS)
            .map(|m| selector_node(&m.kind, &m.value))
            .collect();
        if let Some(o) = case.operation_of(RecordId(id))? {
            neighbours.push(operation_node(&o));
        }
        Neighbours {
            node: record_node(case, RecordId(id)),
            neighbours,
        }
    } else if let Some(label) = node.strip_prefix("o:") {
        let members = case.operation_members(label, NEIGHBOURS)?;
        let mut neighbours: Vec<Node> = members.into_iter().map(|r| record_node(case, r)).collect();
        neighbours.extend(
            case.linked_operations(label, NEIGHBOURS)?
                .iter()
                .map(|o| operation_node(o)),
        );
        Neighbours {
            node: operation_node(label),
            neighbours,
        }
    } else if let Some((kind, value)) = node.strip_prefix("s:").and_then(|s| s.split_once(':')) {
        let mut seen = std::collections::BTreeSet::new();
        let records: Vec<RecordId> = case
            .mentions_of(Some(kind), value, MENTIONS)?
            .into_iter()
            .filter(|m| seen.insert(m.record.0))
            .take(NEIGHBOURS)
            .map(|m| m.record)
            .collect();
        Neighbours {
            node: selector_node(kind, value),
            neighbours: records.into_iter().map(|r| record_node(case, r)).collect(),
        }
    } else {
        return Ok(Resp::json(
            400,
            r#"{"error":"node must be o:ID, r:ID or s:KIND:VALUE"}"#.into(),
        ));
    };
    Ok(Resp::json(
        200,
        serde_json::to_string(&result).unwrap_or_default(),
    ))
}

fn annotate(case: &mut Case, req: &Req) -> Result<Resp, StoreError> {
    if !req.same_origin {
        return Ok(Resp::html(
            403,
            message(
                "Refused",
                "Annotations are only accepted from this app's own pages.",
            ),
        ));
    }
    let bad = |field: &'static str| StoreError::InvalidAnnotation {
        field,
        why: "missing or unknown",
    };
    let target_kind = req
        .field("target_kind")
        .and_then(TargetKind::parse)
        .ok_or_else(|| bad("target_kind"))?;
    let kind = req
        .field("kind")
        .and_then(AnnotationKind::parse)
        .ok_or_else(|| bad("kind"))?;
    let target = req.field("target").ok_or_else(|| bad("target"))?;
    case.add_annotation(&NewAnnotation {
        target_kind,
        target,
        kind,
        body: req.field("body").unwrap_or(""),
        author: req.field("author").unwrap_or(""),
    })?;
    // Only go back to one of our own paths.
    let back = req
        .field("back")
        .filter(|b| {
            b.starts_with('/')
                && !b.starts_with("//")
                && !b.contains('\\')
                && !b.chars().any(char::is_control)
        })
        .unwrap_or("/");
    Ok(Resp::redirect(back.to_owned()))
}
