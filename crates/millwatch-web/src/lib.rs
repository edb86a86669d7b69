//! `millwatch serve`: a local web UI over a case.
//!
//! Pages: search (`/search?q=`, full text and selectors) with a JSON API beside it
//! (`/api/search?q=`), record pages (`/record/ID`), selector pages with every mention and
//! its excerpt (`/selector?kind=&value=`), an interactive graph of the record↔selector
//! neighbourhood (`/graph?node=`, fed by `/api/neighbours?node=`), and annotations (tags,
//! notes, statuses) stored in the case through `millwatch-store`. Operations found by
//! linking have a paged list (`/operations`, `/api/operations`) and a page each
//! (`/operation/ID`, `/api/operation/ID`) with members, selectors and when they were seen,
//! hubs touched and links to neighbouring operations; the graph starts from any of them
//! (`/graph?node=o:ID`). Re-linking the case (`POST /link`) runs on a background thread
//! and shows its progress (`/jobs/ID`, polling `/api/jobs/ID`), see [`Jobs`]. Files
//! uploaded from the home page or `/ingest` (`POST /ingest`, multipart, read as it
//! arrives by [`multipart`]) are saved beside the case and ingested, then linked, as a job
//! of the same kind; `/diagnostics` lists the problems met while reading files.
//!
//! **Server stack.** [`tiny_http`]: a small, maintained, synchronous HTTP/1.1 server with
//! four light dependencies and no async runtime. A local single-case tool needs no more:
//! a few worker threads each hold their own SQLite connection and answer from it, which
//! keeps the build light on two cores and the request path short (no executor hops).
//! Routing is [`route`], a pure function of a [`Req`] and a [`Case`], so tests drive
//! every page without a socket.
//!
//! **Everything shown was written by adversaries.** All text goes through
//! `millwatch_report::esc` (escape and defang schemes), selectors through `defang`; no
//! content becomes a link target except our own routes with percent-encoded parameters.
//! Every response carries a strict Content-Security-Policy (`default-src 'none'`, our own
//! script and style only), `nosniff`, `no-referrer` and `frame-ancestors 'none'`.
//!
//! **Binding.** Loopback by default. Any other address requires a token set by the user;
//! requests must then carry it (`Authorization: Bearer`, or the cookie set by
//! `/login?token=`). Writes (annotations, re-linking, uploads) are POSTs that must come
//! from our own origin.

mod jobs;
pub mod multipart;
mod operations;
mod pages;
mod summary;
mod upload;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use millwatch_store::{Case, OpenMode, StoreError};

pub use jobs::{
    DiagnosticLine, FileProgress, IngestOutcome, IngestedFile, JobError, JobState, JobStatus, Jobs,
    LinkOutcome,
};
pub use pages::{route, route_body};
pub use upload::{MAX_UPLOAD, sanitise_file_name, uploads_dir};

/// The script served at `/static/app.js`.
pub const APP_JS: &str = include_str!("assets/app.js");
/// The style sheet served at `/static/app.css`.
pub const APP_CSS: &str = include_str!("assets/app.css");

/// The Content-Security-Policy of every response.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// What can stop the server.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebError {
    /// The case could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Binding elsewhere than loopback without a token.
    #[error(
        "--addr {0} is not a loopback address: set a token (--token or MILLWATCH_TOKEN) so that only you can reach the case"
    )]
    NeedsToken(SocketAddr),
    /// The token is too short to protect anything.
    #[error("the token must be at least 12 characters")]
    WeakToken,
    /// The socket could not be bound.
    #[error("cannot listen on {addr}: {why}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        why: String,
    },
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// The case file.
    pub case: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// Required on non-loopback addresses.
    pub token: Option<String>,
    /// Worker threads, each with its own connection.
    pub workers: usize,
}

/// One request as the router sees it.
#[derive(Debug, Clone, Default)]
pub struct Req {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// Decoded query parameters in order.
    pub query: Vec<(String, String)>,
    /// Decoded form body parameters (POST).
    pub form: Vec<(String, String)>,
    /// Whether the request came from our own origin (or says nothing about its origin).
    pub same_origin: bool,
    /// The `Content-Type` header (empty when none).
    pub content_type: String,
    /// The `Content-Length` header, when sent.
    pub content_length: Option<u64>,
    /// A `multipart/form-data` body, for [`route`]; the server streams it to
    /// [`route_body`] instead.
    pub body: Vec<u8>,
}

impl Req {
    /// A GET of `target` (path and query), for tests and the server.
    pub fn get(target: &str) -> Req {
        let (path, query) = split_target(target);
        Req {
            method: "GET".into(),
            path,
            query,
            form: Vec::new(),
            same_origin: true,
            ..Req::default()
        }
    }

    /// The first query parameter named `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first form field named `name`.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A response before it is written.
#[derive(Debug, Clone)]
pub struct Resp {
    /// HTTP status.
    pub status: u16,
    /// Content type.
    pub content_type: &'static str,
    /// Body.
    pub body: String,
    /// `Location`, for redirects.
    pub location: Option<String>,
    /// `Set-Cookie`, for the token cookie.
    pub cookie: Option<String>,
}

impl Resp {
    pub(crate) fn html(status: u16, body: String) -> Resp {
        Resp {
            status,
            content_type: "text/html; charset=utf-8",
            body,
            location: None,
            cookie: None,
        }
    }
    pub(crate) fn json(status: u16, body: String) -> Resp {
        Resp {
            status,
            content_type: "application/json",
            body,
            location: None,
            cookie: None,
        }
    }
    pub(crate) fn redirect(to: String) -> Resp {
        Resp {
            status: 303,
            content_type: "text/plain; charset=utf-8",
            body: String::new(),
            location: Some(to),
            cookie: None,
        }
    }
}

/// Splits `path?query` and decodes the query.
pub fn split_target(target: &str) -> (String, Vec<(String, String)>) {
    match target.split_once('?') {
        Some((p, q)) => (percent_decode(p, false), parse_form(q)),
        None => (percent_decode(target, false), Vec::new()),
    }
}

/// Decodes `application/x-www-form-urlencoded` pairs.
pub fn parse_form(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// Percent-decoding, lossy on invalid UTF-8; `+` is a space in forms.
pub fn percent_decode(s: &str, plus_space: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(b[i + 1]), hex(b[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                        i += 3;
                    }
                    _ => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' if plus_space => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes a value for use inside our own URLs.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Serves `config.case` until the process ends.
pub fn serve(config: &Config) -> Result<(), WebError> {
    serve_then(config, |_| {})
}

/// [`serve`], calling `ready` once the case is open and the address bound (so that a
/// "serving at" line is never printed before a refusal).
pub fn serve_then(
    config: &Config,
    ready: impl FnOnce(std::net::SocketAddr),
) -> Result<(), WebError> {
    let loopback = config.addr.ip().is_loopback();
    let token = match (&config.token, loopback) {
        (Some(t), _) if t.len() < 12 => return Err(WebError::WeakToken),
        (Some(t), _) => Some(t.clone()),
        (None, true) => None,
        (None, false) => return Err(WebError::NeedsToken(config.addr)),
    };
    // Fail early, with the store's message, if the case is missing or not a case.
    drop(Case::open(&config.case, OpenMode::MustExist)?);
    let bind_error = |why: String| WebError::Bind {
        addr: config.addr,
        why,
    };
    let listener = listener(config.addr).map_err(|e| bind_error(e.to_string()))?;
    let server =
        tiny_http::Server::from_listener(listener, None).map_err(|e| bind_error(e.to_string()))?;
    let server = Arc::new(server);
    ready(config.addr);
    let token = Arc::new(token);
    let jobs = Jobs::default();
    tracing::info!(addr = %config.addr, workers = config.workers, "serving");
    let mut handles = Vec::new();
    // Count the home page's selectors before the first visitor asks.
    let warm = config.case.clone();
    std::thread::spawn(move || {
        if let Err(e) =
            Case::open(&warm, OpenMode::MustExist).and_then(|c| summary::top_selectors(&c))
        {
            tracing::warn!(error = %e, "could not count the home page's selectors");
        }
    });
    for _ in 0..config.workers.max(1) {
        let server = Arc::clone(&server);
        let token = Arc::clone(&token);
        let path = config.case.clone();
        let jobs = jobs.clone();
        handles.push(std::thread::spawn(move || {
            worker(&server, &path, token.as_deref(), &jobs)
        }));
    }
    for h in handles {
        if h.join().is_err() {
            tracing::error!("a worker thread stopped");
        }
    }
    Ok(())
}

/// A listening socket whose connections send small writes at once (`TCP_NODELAY`, which
/// accepted sockets inherit). Without it a keep-alive client waited for its own delayed
/// acknowledgement, about 40 ms, before the tail of every response arrived.
fn listener(addr: std::net::SocketAddr) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    socket.set_nodelay(true)?;
    socket.bind(&addr.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

fn worker(server: &tiny_http::Server, path: &Path, token: Option<&str>, jobs: &Jobs) {
    let mut case = match Case::open(path, OpenMode::MustExist) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "worker cannot open the case");
            return;
        }
    };
    loop {
        let request = match server.recv() {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "receive failed");
                continue;
            }
        };
        answer(&mut case, request, token, jobs);
    }
}

/// Largest request body read (annotation forms).
const MAX_BODY: u64 = 64 * 1024;

fn header<'a>(request: &'a tiny_http::Request, name: &str) -> Option<&'a str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn answer(case: &mut Case, mut request: tiny_http::Request, token: Option<&str>, jobs: &Jobs) {
    let started = std::time::Instant::now();
    let (path, query) = split_target(request.url());
    let method = request.method().as_str().to_owned();
    let host = header(&request, "host").unwrap_or("").to_owned();
    let same_origin = same_origin(
        header(&request, "origin"),
        header(&request, "sec-fetch-site"),
        &host,
    );
    let resp = if let Some(t) = token
        && !authorised(&request, t)
    {
        if path == "/login" && query.iter().any(|(k, v)| k == "token" && v == t) {
            let mut r = Resp::redirect("/".into());
            r.cookie = Some(format!(
                "mw_token={}; HttpOnly; SameSite=Strict; Path=/",
                percent_encode(t)
            ));
            r
        } else {
            Resp::html(
                401,
                pages::message(
                    "Token required",
                    "Open /login?token=… with the token set at `millwatch serve`.",
                ),
            )
        }
    } else {
        let content_type = header(&request, "content-type").unwrap_or("").to_owned();
        let multipart = content_type
            .get(..10)
            .is_some_and(|t| t.eq_ignore_ascii_case("multipart/"));
        let mut form = Vec::new();
        if method == "POST" && !multipart {
            let mut body = String::new();
            use std::io::Read;
            if request
                .as_reader()
                .take(MAX_BODY)
                .read_to_string(&mut body)
                .is_ok()
            {
                form = parse_form(&body);
            }
        }
        let req = Req {
            method,
            path,
            query,
            form,
            same_origin,
            content_type,
            content_length: request.body_length().map(|l| l as u64),
            body: Vec::new(),
        };
        if multipart {
            // Uploads are read as they arrive, never whole into memory.
            route_body(case, jobs, &req, request.as_reader())
        } else {
            route(case, jobs, &req)
        }
    };
    let status = resp.status;
    if let Err(e) = request.respond(to_tiny(resp)) {
        tracing::debug!(error = %e, "client went away");
    }
    tracing::debug!(
        status,
        micros = started.elapsed().as_micros() as u64,
        "answered"
    );
}

/// Whether a request comes from our own pages. Browsers that send `Sec-Fetch-Site` say
/// it outright (`same-origin`, or `none` for what the user typed). Otherwise `Origin` must
/// name our host; our `Referrer-Policy: no-referrer` makes browsers send `Origin: null` on
/// form posts, which only counts when `Sec-Fetch-Site` vouches for it. A request with
/// neither header comes from a non-browser client, which a browser page cannot forge.
pub fn same_origin(origin: Option<&str>, fetch_site: Option<&str>, host: &str) -> bool {
    if let Some(site) = fetch_site {
        return matches!(site, "same-origin" | "none");
    }
    match origin {
        None => true,
        Some(o) => {
            let o = o
                .trim_start_matches("http://")
                .trim_start_matches("https://");
            !host.is_empty() && o == host
        }
    }
}

fn authorised(request: &tiny_http::Request, token: &str) -> bool {
    if let Some(auth) = header(request, "authorization")
        && auth.strip_prefix("Bearer ") == Some(token)
    {
        return true;
    }
    header(request, "cookie").is_some_and(|c| {
        c.split(';')
            .filter_map(|kv| kv.trim().split_once('='))
            .any(|(k, v)| k == "mw_token" && percent_decode(v, false) == token)
    })
}

fn to_tiny(resp: Resp) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut r =
        tiny_http::Response::from_data(resp.body.into_bytes()).with_status_code(resp.status);
    let mut add = |k: &str, v: &str| {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            r.add_header(h);
        }
    };
    add("Content-Type", resp.content_type);
    add("Content-Security-Policy", CSP);
    add("X-Content-Type-Options", "nosniff");
    add("Referrer-Policy", "no-referrer");
    add("X-Frame-Options", "DENY");
    add("Cache-Control", "no-store");
    add("Cross-Origin-Opener-Policy", "same-origin");
    add("Cross-Origin-Resource-Policy", "same-origin");
    if let Some(l) = &resp.location {
        add("Location", l);
    }
    if let Some(c) = &resp.cookie {
        add("Set-Cookie", c);
    }
    r
}

#[cfg(test)]
mod tests;
