//! Operation pages: the paged list (largest first), one page per operation (members,
//! selectors with first and last seen, hubs touched, neighbouring operations and the
//! evidence that links them, annotations), their JSON beside them, and the re-link job's
//! button and progress page. All text passes `esc`, selectors `defang` first.

use std::fmt::Write as _;

use millwatch_report::{defang, esc};
use millwatch_store::{
    Annotation, BrowseSlices, Case, HubView, OperationBrowse, Slice, StoreError, TargetKind,
};
use serde::Serialize;

use crate::jobs::{JobError, JobState, JobStatus};
use crate::pages::{annotations_block, message, page, selector_href};
use crate::{Jobs, Req, Resp, percent_encode};

/// Operations per page of the list.
const PAGE: usize = 50;
/// Largest page the API gives.
const MAX_PAGE: usize = 1000;
/// Members on one page of an operation (the page pages them: the largest operations
/// have thousands).
const MEMBERS: usize = 100;
/// Selectors on one page of an operation.
const SELECTORS: usize = 100;
/// Links to other operations on one page of an operation.
const LINKS: usize = 100;
/// Members joined by a platform name an operation page lists.
const NAME_JOINS: usize = 100;

/// Most members, selectors or links the API gives at a time.
const MAX_SLICE: usize = 10_000;

/// Our own URL of an operation's page.
pub(crate) fn operation_href(label: &str) -> String {
    format!("/operation/{}", percent_encode(label))
}

fn day(t: Option<&str>) -> String {
    t.map(|t| esc(t.get(..10).unwrap_or(t))).unwrap_or_default()
}

/// A time as its day, the full time in a tooltip.
pub(crate) fn when(t: Option<&str>) -> String {
    match t {
        Some(t) => format!("<time title=\"{}\">{}</time>", esc(t), day(Some(t))),
        None => String::new(),
    }
}

fn offset_of(req: &Req) -> usize {
    number(req, "offset").unwrap_or(0)
}

fn number(req: &Req, name: &str) -> Option<usize> {
    req.param(name).and_then(|o| o.parse().ok())
}

/// The operations part of the home page: how many, the largest, and the re-link button.
pub(crate) fn home_block(b: &mut String, case: &Case, jobs: &Jobs) -> Result<(), StoreError> {
    let p = case.operations_page(2, 0, 10)?;
    let _ = write!(
        b,
        "<h2>Operations <span class=\"meta\">{} of two or more records</span></h2>",
        p.total
    );
    if p.operations.is_empty() {
        b.push_str("<p class=\"meta\">No operations yet: re-link the case.</p>");
    } else {
        operations_table(b, &p.operations);
        b.push_str("<p><a href=\"/operations\">All operations →</a></p>");
    }
    relink_form(b, jobs);
    Ok(())
}

fn relink_form(b: &mut String, jobs: &Jobs) {
    match jobs.running() {
        Some(j) => {
            let _ = write!(
                b,
                "<p class=\"meta\">A job is running ({}): <a href=\"/jobs/{}\">see progress</a>. Re-linking can start when it ends.</p>",
                crate::upload::kind_words(j.kind),
                j.id
            );
        }
        None => b.push_str(
            "<form class=\"inline\" method=\"post\" action=\"/link\"><button class=\"secondary\">Re-link case</button> \
<span class=\"meta\">Recomputes operations from all records; annotations are kept.</span></form>",
        ),
    }
}

fn operations_table(b: &mut String, rows: &[millwatch_store::OperationRow]) {
    b.push_str("<table class=\"ops\"><thead><tr><th>Operation</th><th class=\"n\">Records</th><th>First seen</th><th>Last seen</th><th class=\"n\">Linked operations</th></tr></thead><tbody>");
    for o in rows {
        let _ = write!(
            b,
            "<tr><td><a class=\"op\" href=\"{}\">{}</a></td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            operation_href(&o.id),
            esc(&o.id),
            o.size,
            day(o.first_seen.as_deref()),
            day(o.last_seen.as_deref()),
            o.links
        );
    }
    b.push_str("</tbody></table>");
}

/// `/operations?offset=N`: operations of two or more records, largest first.
pub(crate) fn operations_page(case: &Case, req: &Req) -> Result<Resp, StoreError> {
    let offset = offset_of(req);
    let p = case.operations_page(2, offset, PAGE)?;
    let mut b = String::new();
    let shown_to = offset.saturating_add(p.operations.len());
    let _ = write!(
        b,
        "<h1>Operations</h1><p class=\"meta\">{} operations of two or more records, largest first{}</p>",
        p.total,
        if p.operations.is_empty() {
            String::new()
        } else {
            format!(" · showing {}–{shown_to}", offset + 1)
        }
    );
    operations_table(&mut b, &p.operations);
    b.push_str("<nav class=\"pager\">");
    if offset > 0 {
        let _ = write!(
            b,
            "<a rel=\"prev\" href=\"/operations?offset={}\">← Larger</a>",
            offset.saturating_sub(PAGE)
        );
    }
    if u64::try_from(shown_to).unwrap_or(u64::MAX) < p.total {
        let _ = write!(
            b,
            "<a rel=\"next\" href=\"/operations?offset={shown_to}\">Smaller →</a>"
        );
    }
    b.push_str("</nav>");
    Ok(Resp::html(200, page("Operations", "", &b)))
}

/// `/api/operations?offset=&limit=&min_size=`.
pub(crate) fn api_operations(case: &Case, req: &Req) -> Result<Resp, StoreError> {
    let limit = req
        .param("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(PAGE)
        .min(MAX_PAGE);
    let min_size = req
        .param("min_size")
        .and_then(|l| l.parse().ok())
        .unwrap_or(2);
    let p = case.operations_page(min_size, offset_of(req), limit)?;
    Ok(Resp::json(
        200,
        serde_json::to_string(&p).unwrap_or_default(),
    ))
}

/// Everything the operation page shows, as JSON: a page of the operation and its
/// annotations.
#[derive(Serialize)]
struct OperationJson {
    #[serde(flatten)]
    operation: OperationBrowse,
    annotations: Vec<Annotation>,
}

fn load(case: &Case, label: &str, slices: BrowseSlices) -> Result<OperationJson, StoreError> {
    Ok(OperationJson {
        operation: case.operation_browse(label, slices)?,
        annotations: case.annotations(TargetKind::Operation, label)?,
    })
}

/// `/api/operation/ID?offset=&limit=&selectors_offset=&selectors_limit=&links_offset=&links_limit=`:
/// the page's slices unless asked otherwise: members, selectors and links `limit` at a
/// time (default [`MEMBERS`], [`SELECTORS`] and [`LINKS`], at most [`MAX_SLICE`]), each
/// slice with where it starts and the totals to page on.
pub(crate) fn api_operation(case: &Case, req: &Req, label: &str) -> Result<Resp, StoreError> {
    let slice = |offset: &str, limit: &str, default: usize| {
        Slice::new(
            number(req, offset).unwrap_or(0),
            number(req, limit).unwrap_or(default).min(MAX_SLICE),
        )
    };
    let slices = BrowseSlices {
        members: slice("offset", "limit", MEMBERS),
        selectors: slice("selectors_offset", "selectors_limit", SELECTORS),
        links: slice("links_offset", "links_limit", LINKS),
    };
    match load(case, label, slices) {
        Ok(o) => Ok(Resp::json(
            200,
            serde_json::to_string(&o).unwrap_or_default(),
        )),
        Err(StoreError::NoSuchOperation(_)) => {
            Ok(Resp::json(404, r#"{"error":"no such operation"}"#.into()))
        }
        Err(e) => Err(e),
    }
}

/// Where an operation page is in each of its long lists.
#[derive(Clone, Copy)]
struct At {
    members: usize,
    selectors: usize,
    links: usize,
}

impl At {
    fn of(req: &Req) -> Self {
        Self {
            members: number(req, "members").unwrap_or(0),
            selectors: number(req, "selectors").unwrap_or(0),
            links: number(req, "links").unwrap_or(0),
        }
    }

    /// The operation page's URL at this place, its query escaped for an attribute.
    fn href(self, label: &str) -> String {
        let query: Vec<String> = [
            ("members", self.members),
            ("selectors", self.selectors),
            ("links", self.links),
        ]
        .iter()
        .filter(|(_, at)| *at > 0)
        .map(|(name, at)| format!("{name}={at}"))
        .collect();
        if query.is_empty() {
            operation_href(label)
        } else {
            format!("{}?{}", operation_href(label), query.join("&amp;"))
        }
    }
}

/// A pager under one long list of an operation page: `shown` of `total` from `offset`,
/// `per` a page; `to` gives the page's place with this list moved.
fn pager(
    b: &mut String,
    label: &str,
    (offset, shown, total, per): (usize, usize, u64, usize),
    to: impl Fn(usize) -> At,
    anchor: &str,
) {
    let total = usize::try_from(total).unwrap_or(usize::MAX);
    let end = offset.saturating_add(shown);
    if offset == 0 && end >= total {
        return;
    }
    let _ = write!(
        b,
        "<nav class=\"pager\"><span class=\"meta\">{}–{end} of {total}</span>",
        (offset + 1).min(total),
    );
    if offset > 0 {
        let _ = write!(
            b,
            "<a rel=\"prev\" href=\"{}#{anchor}\">← Previous</a>",
            to(offset.saturating_sub(per)).href(label)
        );
    }
    if end < total {
        let _ = write!(
            b,
            "<a rel=\"next\" href=\"{}#{anchor}\">Next →</a>",
            to(end).href(label)
        );
    }
    b.push_str("</nav>");
}

fn hub_why(h: &HubView) -> String {
    if h.known {
        "a platform everyone uses".to_owned()
    } else {
        format!(
            "in {} records across {} separate groups, {} different names",
            h.records, h.groups, h.names
        )
    }
}

fn reason_words(reason: &str) -> &'static str {
    match reason {
        "shared_selector" => "share a selector",
        "bridge" => "bridged by a selector",
        _ => "linked",
    }
}

/// `/operation/ID`.
pub(crate) fn operation_page(case: &Case, req: &Req, label: &str) -> Result<Resp, StoreError> {
    let at = At::of(req);
    let o = case.operation_browse(
        label,
        BrowseSlices {
            members: Slice::new(at.members, MEMBERS),
            selectors: Slice::new(at.selectors, SELECTORS),
            links: Slice::new(at.links, LINKS),
        },
    )?;
    let mut b = String::new();
    let seen = match (&o.first_seen, &o.last_seen) {
        (Some(a), Some(z)) => format!(" · seen {} … {}", day(Some(a)), day(Some(z))),
        _ => String::new(),
    };
    let _ = write!(
        b,
        "<h1>Operation <span class=\"opid\">{}</span></h1><p class=\"meta\">{} records{seen} · {} selectors · {} hubs touched · {} linked operations · <a href=\"/graph?node={}\">open in graph</a> · <a href=\"/api/operation/{}\">JSON</a></p>",
        esc(&o.id),
        o.size,
        o.selectors_total,
        o.hubs.len(),
        o.links_total,
        percent_encode(&format!("o:{}", o.id)),
        percent_encode(&o.id),
    );

    b.push_str("<h2 id=\"selectors\">Selectors <span class=\"meta\">members that mention each; hubs and victims' own contacts left out</span></h2>");
    if o.selectors_total == 0 {
        b.push_str("<p class=\"meta\">None.</p>");
    } else {
        crate::pages::selector_table_of(
            &mut b,
            "sels",
            o.selectors.iter().map(|s| crate::pages::SelectorRow {
                kind: &s.kind,
                value: &s.value,
                records: s.records,
                mentions: s.mentions,
                first_seen: s.first_seen.as_deref(),
                last_seen: s.last_seen.as_deref(),
            }),
        );
        pager(
            &mut b,
            &o.id,
            (
                at.selectors,
                o.selectors.len(),
                o.selectors_total,
                SELECTORS,
            ),
            |selectors| At { selectors, ..at },
            "selectors",
        );
    }

    if !o.hubs.is_empty() {
        b.push_str("<h2>Hubs touched <span class=\"meta\">shared by many unrelated groups, so not used to link</span></h2><table class=\"hubs\"><thead><tr><th></th><th>Kind</th><th>Selector</th><th>Why it is a hub</th></tr></thead><tbody>");
        for h in &o.hubs {
            let _ = write!(
                b,
                "<tr><td><span class=\"badge hub\">hub</span></td><td><span class=\"kind\">{}</span></td><td><a class=\"sel\" href=\"{}\">{}</a></td><td>{}</td></tr>",
                esc(&h.kind),
                selector_href(&h.kind, &h.value),
                esc(&defang(&h.kind, &h.value)),
                esc(&hub_why(h)),
            );
        }
        b.push_str("</tbody></table>");
    }

    if o.links_total > 0 {
        b.push_str("<h2 id=\"links\">Linked operations <span class=\"meta\">related but not merged</span></h2><table class=\"links\"><thead><tr><th>Operation</th><th>Why</th><th>Evidence</th></tr></thead><tbody>");
        for l in &o.links {
            let evidence = match (&l.kind, &l.value) {
                (Some(k), Some(v)) => format!(
                    "<span class=\"kind\">{}</span> <a class=\"sel\" href=\"{}\">{}</a>",
                    esc(k),
                    selector_href(k, v),
                    esc(&defang(k, v))
                ),
                _ => String::new(),
            };
            let _ = write!(
                b,
                "<tr><td><a class=\"op\" href=\"{}\">{}</a></td><td>{}</td><td>{evidence}</td></tr>",
                operation_href(&l.operation),
                esc(&l.operation),
                reason_words(&l.reason),
            );
        }
        b.push_str("</tbody></table>");
        pager(
            &mut b,
            &o.id,
            (at.links, o.links.len(), o.links_total, LINKS),
            |links| At { links, ..at },
            "links",
        );
    }

    let joins = case.operation_name_joins(&o.id, NAME_JOINS + 1)?;
    if !joins.is_empty() {
        b.push_str("<h2 id=\"name-joins\">Joined by a platform name <span class=\"meta\">members that share no selector with the rest, attached by the name they give</span></h2><table class=\"joins\"><thead><tr><th>Record</th><th>Evidence</th></tr></thead><tbody>");
        for j in joins.iter().take(NAME_JOINS) {
            let _ = write!(
                b,
                "<tr><td><a href=\"/record/{id}\">#{id}</a></td><td>{}</td></tr>",
                esc(&j.reason()),
                id = j.record.0,
            );
        }
        b.push_str("</tbody></table>");
        if joins.len() > NAME_JOINS {
            let _ = write!(
                b,
                "<p class=\"meta\">The first {NAME_JOINS} are shown; <code>millwatch operation {}</code> lists them all.</p>",
                esc(&o.id)
            );
        }
    }

    let _ = write!(
        b,
        "<h2 id=\"members\">Members <span class=\"meta\">{}, oldest first</span></h2>",
        o.size
    );
    b.push_str("<table class=\"members\"><thead><tr><th>Record</th><th>Kind</th><th>Time</th><th>External id</th><th>Source</th></tr></thead><tbody>");
    for m in &o.members {
        let _ = write!(
            b,
            "<tr><td><a href=\"/record/{id}\">#{id}</a></td><td><span class=\"kind\">{}</span></td><td>{}</td><td>{}</td><td class=\"path\">{}</td></tr>",
            esc(&m.kind),
            when(m.time.as_deref()),
            esc(m.external_id.as_deref().unwrap_or("")),
            esc(&m.path),
            id = m.record.0,
        );
    }
    b.push_str("</tbody></table>");
    pager(
        &mut b,
        &o.id,
        (at.members, o.members.len(), o.size, MEMBERS),
        |members| At { members, ..at },
        "members",
    );
    annotations_block(
        &mut b,
        case,
        TargetKind::Operation,
        &o.id,
        &operation_href(&o.id),
    )?;
    Ok(Resp::html(
        200,
        page(&format!("Operation {}", o.id), "", &b),
    ))
}

/// `POST /link`: starts re-linking and goes to its progress page.
pub(crate) fn start_link(case: &Case, jobs: &Jobs, req: &Req) -> Resp {
    if !req.same_origin {
        return Resp::html(
            403,
            message(
                "Refused",
                "Re-linking is only started from this app's own pages.",
            ),
        );
    }
    match jobs.start_link(case.file()) {
        Ok(id) => Resp::redirect(format!("/jobs/{id}")),
        // Pressing re-link again while it runs shows the run.
        Err(JobError::Busy(id)) if jobs.status(id).is_some_and(|s| s.kind == "link") => {
            Resp::redirect(format!("/jobs/{id}"))
        }
        Err(JobError::Busy(id)) => crate::upload::busy(jobs, id, "re-link"),
        Err(e) => Resp::html(409, message("Cannot re-link", &e.to_string())),
    }
}

fn job_of(jobs: &Jobs, id: &str) -> Option<JobStatus> {
    id.parse().ok().and_then(|id| jobs.status(id))
}

/// `/api/jobs/ID`: the job's status as JSON.
pub(crate) fn api_job(jobs: &Jobs, id: &str) -> Resp {
    match job_of(jobs, id) {
        Some(s) => Resp::json(200, serde_json::to_string(&s).unwrap_or_default()),
        None => Resp::json(404, r#"{"error":"no such job"}"#.into()),
    }
}

/// `/jobs/ID`: the progress page; the script polls `/api/jobs/ID`, updates it, and
/// reloads it when the job ends to show the result.
pub(crate) fn job_page(jobs: &Jobs, id: &str) -> Resp {
    let Some(s) = job_of(jobs, id) else {
        return Resp::html(404, message("Not found", "No such job."));
    };
    let pct = s.step * 100 / s.steps.max(1);
    let state = match s.state {
        JobState::Running => "running",
        JobState::Done => "done",
        JobState::Failed => "failed",
    };
    let (title, heading) = if s.kind == "ingest" {
        ("Ingesting files", "Ingesting uploaded files")
    } else {
        ("Re-linking", "Re-linking the case")
    };
    let mut result = String::new();
    crate::upload::ingest_result(&mut result, &s);
    match (&s.result, &s.error) {
        (Some(r), _) if s.kind == "link" => {
            let _ = write!(
                result,
                "{} operations of two or more records hold {} of {} records; {} hubs set aside; {} links. <a href=\"/operations\">See operations →</a>",
                r.operations, r.linked_records, r.records, r.hubs, r.links
            );
        }
        (_, Some(e)) => {
            let _ = write!(result, "<p class=\"error\">{}</p>", esc(e));
        }
        _ => {}
    }
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{heading} <span class=\"meta\">job {}</span></h1><div id=\"job\" class=\"job {state}\" data-job=\"{}\">\
<progress id=\"job-bar\" max=\"100\" value=\"{pct}\">{pct}%</progress>\
<p><span id=\"job-state\" class=\"badge {state}\">{state}</span> <span id=\"job-stage\">{}</span> \
<span id=\"job-elapsed\" class=\"meta\">{:.1} s</span></p><p id=\"job-files\" class=\"meta\">{}</p>\
<div id=\"job-result\">{result}</div></div>",
        s.id,
        s.id,
        // Once ended, the badge says it all.
        if s.state == JobState::Running {
            esc(&s.stage)
        } else {
            String::new()
        },
        s.elapsed_ms as f64 / 1000.0,
        esc(&crate::upload::files_words(&s)),
    );
    Resp::html(200, page(title, "", &b))
}
