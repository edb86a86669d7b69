//! Adding files from the browser: the upload form (home page and `/ingest`), `POST
//! /ingest` (a `multipart/form-data` body read as it arrives, see [`crate::multipart`]),
//! which saves the files beside the case and starts an ingest job (then linking, unless
//! unticked), the job's result on its progress page, and `/diagnostics`, where every
//! problem met while reading files can be read.
//!
//! **Everything about an upload is the sender's.** File names are sanitised before they
//! touch the disk ([`sanitise_file_name`]: no path separators, no `..`, no hidden names, no
//! control or bidirectional characters) and every file is created new inside a folder made
//! for this upload, `<case>-uploads/<UTC time>-job<N>/`; names are escaped wherever shown.
//! The upload must come from our own pages, and the whole body is refused past
//! [`MAX_UPLOAD`].

use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Write as _};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use millwatch_report::esc;
use millwatch_store::{Case, StoreError};

use crate::jobs::{JobError, JobStatus};
use crate::multipart::{self, Failure, MultipartError, PartHead, PartSink, size_words};
use crate::pages::{message, page};
use crate::{Jobs, Req, Resp};

/// The largest upload accepted, in bytes (the whole request body).
pub const MAX_UPLOAD: u64 = 512 * 1024 * 1024;
/// Bytes of plain form fields accepted beside the files.
const MAX_FIELD_BYTES: usize = 64 * 1024;
/// Longest saved file name, in bytes.
const MAX_NAME_BYTES: usize = 150;
/// Problems listed on `/diagnostics`.
const DIAGNOSTICS_SHOWN: usize = 1000;

/// What ingest reads, in words for the form.
const FORMATS: &str = "Sheets (CSV, TSV), JSON Lines, text and Markdown, e-mail (.eml, .mbox), saved web pages, Telegram and WhatsApp chat exports";

/// The upload form, or where the running job is.
pub(crate) fn upload_form(b: &mut String, jobs: &Jobs) {
    b.push_str("<section class=\"upload\">");
    if let Some(j) = jobs.running() {
        let _ = write!(
            b,
            "<p class=\"meta\">A job is running ({}): <a href=\"/jobs/{}\">see progress</a>. Files can be added when it ends.</p>",
            kind_words(j.kind),
            j.id
        );
    } else {
        let _ = write!(
            b,
            "<form class=\"upload\" method=\"post\" action=\"/ingest\" enctype=\"multipart/form-data\">\
<input type=\"file\" name=\"files\" multiple required aria-label=\"Files to ingest\">\
<input type=\"hidden\" name=\"link\" value=\"0\">\
<label class=\"check\"><input type=\"checkbox\" name=\"link\" value=\"1\" checked> Link after ingest</label>\
<button>Upload and ingest</button></form>\
<p class=\"meta\">{FORMATS}; up to {} at once. Files are kept in a folder beside the case; files already in the case are not read twice.</p>",
            size_words(MAX_UPLOAD)
        );
    }
    b.push_str("</section>");
}

/// `GET /ingest`: the upload form on its own.
pub(crate) fn ingest_page(jobs: &Jobs) -> Resp {
    let mut b = String::from(
        "<h1>Add files</h1><p class=\"meta\">Upload files to ingest into this case. Records become searchable as soon as the job ends; linking then groups them into operations.</p>",
    );
    upload_form(&mut b, jobs);
    Resp::html(200, page("Add files", "", &b))
}

/// What a job does, in words.
pub(crate) fn kind_words(kind: &str) -> &'static str {
    match kind {
        "ingest" => "ingesting uploaded files",
        _ => "re-linking the case",
    }
}

/// `name` made safe to create inside the upload folder: its last path component, without
/// control, format or bidirectional characters, leading dots or surrounding spaces, at
/// most [`MAX_NAME_BYTES`] (keeping the extension, which ingest reads), and `upload` when
/// nothing is left. Never empty, `.`, `..`, hidden, nor holding `/`, `\` or NUL.
pub fn sanitise_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|&c| {
            !c.is_control()
                && !matches!(c,
                    '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
                    | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
        })
        .collect();
    let trimmed = cleaned
        .trim()
        .trim_start_matches('.')
        .trim_end_matches(['.', ' '])
        .trim();
    let mut out = if trimmed.is_empty() {
        "upload".to_owned()
    } else {
        trimmed.to_owned()
    };
    if out.len() > MAX_NAME_BYTES {
        let ext = out
            .rfind('.')
            .filter(|&i| i > 0 && out.len() - i <= 16)
            .map(|i| out[i..].to_owned())
            .unwrap_or_default();
        let mut cut = MAX_NAME_BYTES - ext.len();
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push_str(&ext);
    }
    out
}

/// `name` with `-N` before its extension.
fn numbered(name: &str, n: u32) -> String {
    match name.rfind('.').filter(|&i| i > 0) {
        Some(i) => format!("{}-{n}{}", &name[..i], &name[i..]),
        None => format!("{name}-{n}"),
    }
}

/// The folder beside the case holding its uploads: `<case file name>-uploads`.
pub fn uploads_dir(case: &Path) -> PathBuf {
    let name = case
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "case".into());
    case.with_file_name(format!("{name}-uploads"))
}

/// A UTC time as `YYYYMMDDTHHMMSSZ`.
pub(crate) fn utc_stamp(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Days to a civil date (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A file saved from an upload.
#[derive(Debug)]
struct Saved {
    path: PathBuf,
    size: u64,
    /// Whether the browser sent no name (an empty file input).
    unnamed: bool,
}

enum Current {
    Nothing,
    File(BufWriter<File>),
    Field(String, Vec<u8>),
}

/// Why an upload could not be saved.
#[derive(Debug, thiserror::Error)]
enum SaveError {
    #[error("could not save {name}: {why}")]
    Write { name: String, why: String },
    #[error("the form fields beside the files are larger than {MAX_FIELD_BYTES} bytes")]
    FieldsTooLarge,
}

/// Writes each file part to a new file in `dir`, and keeps the small fields.
struct SaveSink<'a> {
    dir: &'a Path,
    saved: Vec<Saved>,
    current: Current,
    fields: Vec<(String, String)>,
    field_bytes: usize,
}

impl SaveSink<'_> {
    fn write_error(&self, e: &std::io::Error) -> SaveError {
        SaveError::Write {
            name: self
                .saved
                .last()
                .map(|s| crate::jobs::saved_name(&s.path))
                .unwrap_or_default(),
            why: e.to_string(),
        }
    }

    /// Creates a new file for `name` in the folder, numbering it if the name is taken.
    fn create(&self, name: &str) -> Result<(PathBuf, File), SaveError> {
        let mut last = None;
        for n in 1..=1000u32 {
            let candidate = if n == 1 {
                name.to_owned()
            } else {
                numbered(name, n)
            };
            // The sanitiser already guarantees this; checked again because it is the one
            // thing an upload must never get wrong.
            if candidate.contains(['/', '\\', '\0']) || candidate == "." || candidate == ".." {
                return Err(SaveError::Write {
                    name: candidate,
                    why: "not a plain file name".into(),
                });
            }
            let path = self.dir.join(&candidate);
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(f) => return Ok((path, f)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => {
                    return Err(SaveError::Write {
                        name: candidate,
                        why: e.to_string(),
                    });
                }
            }
        }
        Err(SaveError::Write {
            name: name.to_owned(),
            why: last.map_or_else(|| "name taken".into(), |e| e.to_string()),
        })
    }
}

impl PartSink for SaveSink<'_> {
    type Error = SaveError;

    fn begin(&mut self, head: &PartHead) -> Result<(), SaveError> {
        match &head.filename {
            Some(raw) => {
                let (path, file) = self.create(&sanitise_file_name(raw))?;
                self.saved.push(Saved {
                    path,
                    size: 0,
                    unnamed: raw.is_empty(),
                });
                self.current = Current::File(BufWriter::with_capacity(256 * 1024, file));
            }
            None => {
                self.field_bytes += head.name.len();
                if self.field_bytes > MAX_FIELD_BYTES {
                    return Err(SaveError::FieldsTooLarge);
                }
                self.current = Current::Field(head.name.clone(), Vec::new());
            }
        }
        Ok(())
    }

    fn data(&mut self, bytes: &[u8]) -> Result<(), SaveError> {
        match &mut self.current {
            Current::File(w) => {
                if let Err(e) = w.write_all(bytes) {
                    return Err(self.write_error(&e));
                }
                if let Some(s) = self.saved.last_mut() {
                    s.size += bytes.len() as u64;
                }
            }
            Current::Field(_, v) => {
                self.field_bytes += bytes.len();
                if self.field_bytes > MAX_FIELD_BYTES {
                    return Err(SaveError::FieldsTooLarge);
                }
                v.extend_from_slice(bytes);
            }
            Current::Nothing => {}
        }
        Ok(())
    }

    fn end(&mut self) -> Result<(), SaveError> {
        match std::mem::replace(&mut self.current, Current::Nothing) {
            Current::File(mut w) => {
                if let Err(e) = w.flush() {
                    return Err(self.write_error(&e));
                }
                drop(w);
                // An empty file input sends a nameless, empty part: not a file.
                if let Some(s) = self.saved.last()
                    && s.unnamed
                    && s.size == 0
                {
                    let _ = std::fs::remove_file(&s.path);
                    self.saved.pop();
                }
            }
            Current::Field(name, v) => {
                self.fields
                    .push((name, String::from_utf8_lossy(&v).into_owned()));
            }
            Current::Nothing => {}
        }
        Ok(())
    }
}

/// A page refusing an upload with `status` and the reason.
fn refused(status: u16, why: &str) -> Resp {
    Resp::html(status, message("Upload refused", why))
}

/// `POST /ingest`: saves the uploaded files beside the case and starts ingesting them.
pub(crate) fn start_ingest(case: &Case, jobs: &Jobs, req: &Req, body: &mut dyn Read) -> Resp {
    if !req.same_origin {
        return Resp::html(
            403,
            message(
                "Refused",
                "Uploads are only accepted from this app's own pages.",
            ),
        );
    }
    let boundary = match multipart::boundary(&req.content_type) {
        Ok(b) => b,
        Err(e @ MultipartError::NotMultipart(_)) => {
            return refused(
                415,
                &format!("{e}: send the files as multipart/form-data, as the upload form does."),
            );
        }
        Err(e) => return refused(400, &e.to_string()),
    };
    if let Some(len) = req.content_length
        && len > MAX_UPLOAD
    {
        return refused(
            413,
            &format!(
                "The upload is {}, more than the limit of {}: upload fewer or smaller files at a time, or ingest them with `millwatch ingest`.",
                size_words(len),
                size_words(MAX_UPLOAD)
            ),
        );
    }
    let id = match jobs.reserve_ingest(case.file()) {
        Ok(id) => id,
        Err(JobError::Busy(running)) => return busy(jobs, running, "upload the files again"),
        Err(e) => return refused(409, &e.to_string()),
    };
    let root = uploads_dir(case.path());
    let folder = match make_folder(&root, id) {
        Ok(f) => f,
        Err(e) => {
            let why = format!(
                "could not make a folder for the upload in {}: {e}",
                root.display()
            );
            jobs.fail(id, &why);
            return Resp::html(500, message("Upload failed", &why));
        }
    };
    let mut sink = SaveSink {
        dir: &folder,
        saved: Vec::new(),
        current: Current::Nothing,
        fields: Vec::new(),
        field_bytes: 0,
    };
    let read = multipart::read(body, &boundary, MAX_UPLOAD, &mut sink);
    let (saved, fields) = (sink.saved, sink.fields);
    let failure = match read {
        Ok(_) if saved.is_empty() => Some((
            400,
            "No file was chosen: pick one or more files to ingest.".to_owned(),
        )),
        Ok(_) => None,
        Err(Failure::Multipart(e @ MultipartError::TooLarge { .. })) => Some((
            413,
            format!(
                "{e}: upload fewer or smaller files at a time, or ingest them with `millwatch ingest`."
            ),
        )),
        Err(Failure::Multipart(e)) => Some((400, format!("The upload is malformed: {e}."))),
        Err(Failure::Sink(e @ SaveError::FieldsTooLarge)) => Some((400, e.to_string())),
        Err(Failure::Sink(e)) => Some((500, e.to_string())),
    };
    if let Some((status, why)) = failure {
        tracing::warn!(job = id, status, reason = %why, "upload refused");
        let _ = std::fs::remove_dir_all(&folder);
        jobs.fail(id, &why);
        return refused(status, &why);
    }
    let links: Vec<&str> = fields
        .iter()
        .filter(|(k, _)| k == "link")
        .map(|(_, v)| v.as_str())
        .collect();
    // The form sends link=0 and, when ticked, link=1; a client that says nothing links.
    let link = links.is_empty() || links.contains(&"1");
    let bytes: u64 = saved.iter().map(|s| s.size).sum();
    tracing::info!(job = id, files = saved.len(), bytes, link, folder = %folder.display(), "upload saved");
    jobs.start_ingest(
        id,
        case.path(),
        &folder,
        saved.into_iter().map(|s| s.path).collect(),
        link,
    );
    Resp::redirect(format!("/jobs/{id}"))
}

/// Makes this upload's own new folder under `root`.
fn make_folder(root: &Path, id: u64) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(root)?;
    let base = format!("{}-job{id}", utc_stamp(SystemTime::now()));
    let mut n = 1;
    loop {
        let dir = if n == 1 {
            root.join(&base)
        } else {
            root.join(format!("{base}-{n}"))
        };
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// The answer when another job runs; `then` says what to do after it.
pub(crate) fn busy(jobs: &Jobs, running: u64, then: &str) -> Resp {
    let what = jobs
        .status(running)
        .map_or("another job", |s| kind_words(s.kind));
    let b = format!(
        "<h1>Another job is running</h1><p>Job {running} ({what}) is still running: one job runs at a time. Wait for it to finish, then {}. <a href=\"/jobs/{running}\">See its progress →</a></p>",
        esc(then)
    );
    Resp::html(409, page("Another job is running", "", &b))
}

/// The progress line of an ingest: files and bytes read.
pub(crate) fn files_words(s: &JobStatus) -> String {
    s.files
        .map(|p| {
            format!(
                "{} of {} files · {} of {}",
                p.files_done,
                p.files_total,
                size_words(p.bytes_done),
                size_words(p.bytes_total)
            )
        })
        .unwrap_or_default()
}

/// `n` and the noun, singular for one.
fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An ingest job's result: files, records, problems, then linking.
pub(crate) fn ingest_result(b: &mut String, s: &JobStatus) {
    let Some(r) = &s.ingest else { return };
    let count = |o: &str| r.files.iter().filter(|f| f.outcome == o).count();
    let mut others = Vec::new();
    for (n, words) in [
        (
            count("unchanged") + count("duplicate"),
            "already in the case",
        ),
        (count("skipped"), "skipped"),
        (count("ignored"), "ignored"),
    ] {
        if n > 0 {
            others.push(format!("{n} {words}"));
        }
    }
    let mut problems = Vec::new();
    if r.skipped_rows > 0 {
        problems.push(plural(r.skipped_rows, "row", "rows") + " skipped");
    }
    if r.warnings > 0 {
        problems.push(plural(r.warnings, "warning", "warnings"));
    }
    let _ = write!(
        b,
        "<p class=\"summary\"><b>{} added</b> from {}{}.{} The case now holds {}. <a href=\"/search\">Search the case →</a> · <a href=\"/ingest\">Add more files →</a></p>",
        plural(r.records, "record", "records"),
        plural(count("ingested") as u64, "new file", "new files"),
        if others.is_empty() {
            String::new()
        } else {
            format!(" ({})", others.join(", "))
        },
        if problems.is_empty() {
            String::new()
        } else {
            format!(" {}, listed below.", problems.join(" and "))
        },
        plural(r.case_records, "record", "records"),
    );
    b.push_str("<table class=\"files\"><thead><tr><th>File</th><th>Format</th><th class=\"n\">Size</th><th>Outcome</th><th class=\"n\">Records</th><th class=\"n\">Skipped</th><th class=\"n\">Warnings</th></tr></thead><tbody>");
    for f in &r.files {
        let _ = write!(
            b,
            "<tr><td class=\"name\">{}</td><td>{}</td><td class=\"n\">{}</td><td><span class=\"badge {o}\">{o}</span> {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&f.name),
            f.format.unwrap_or(""),
            size_words(f.size),
            esc(f.reason.as_deref().unwrap_or("")),
            f.records,
            f.skipped,
            f.warnings,
            o = f.outcome,
        );
    }
    b.push_str("</tbody></table>");
    if !r.diagnostics.is_empty() {
        b.push_str("<h2>Problems in the files</h2><table class=\"diags\"><thead><tr><th>File</th><th class=\"n\">Line</th><th></th><th>Where</th><th>Why</th></tr></thead><tbody>");
        for d in &r.diagnostics {
            let _ = write!(
                b,
                "<tr><td class=\"path\">{}</td><td class=\"n\">{}</td><td><span class=\"badge {sev}\">{sev}</span></td><td class=\"meta\">{}</td><td>{}</td></tr>",
                esc(&d.file),
                d.line.map(|l| l.to_string()).unwrap_or_default(),
                esc(&d.place),
                esc(&d.reason),
                sev = d.severity,
            );
        }
        b.push_str("</tbody></table>");
    }
    if r.more_diagnostics > 0 || !r.diagnostics.is_empty() {
        let _ = write!(
            b,
            "<p class=\"meta\">{}<a href=\"/diagnostics\">Every problem stored in the case →</a></p>",
            if r.more_diagnostics > 0 {
                format!("{} more not listed here. ", r.more_diagnostics)
            } else {
                String::new()
            }
        );
    }
    if let Some(l) = &s.result {
        let _ = write!(
            b,
            "<p>Linked: {} operations of two or more records hold {} of {} records; {} hubs set aside; {} links. <a href=\"/operations\">See operations →</a></p>",
            l.operations, l.linked_records, l.records, l.hubs, l.links
        );
    } else if !r.link && s.state != crate::JobState::Running {
        b.push_str("<form class=\"inline\" method=\"post\" action=\"/link\"><span class=\"meta\">Not linked: operations do not include these records yet.</span> <button class=\"secondary\">Re-link case</button></form>");
    }
    let _ = write!(b, "<p class=\"meta\">Saved in {}</p>", esc(&r.folder));
}

/// `/diagnostics`: the problems met while reading files, in the order they were stored.
pub(crate) fn diagnostics_page(case: &Case) -> Result<Resp, StoreError> {
    let stats = case.totals()?;
    let rows = case.diagnostics(DIAGNOSTICS_SHOWN)?;
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>Problems met while reading files</h1><p class=\"meta\">{} items skipped and {} warnings in {} sources{}. Skipped items are not in the case; warned ones are, with a caveat.</p>",
        stats.skipped,
        stats.warnings,
        stats.sources,
        if rows.len() == DIAGNOSTICS_SHOWN {
            format!("; the first {DIAGNOSTICS_SHOWN} shown")
        } else {
            String::new()
        }
    );
    if rows.is_empty() {
        b.push_str("<p>None: every file was read whole.</p>");
    } else {
        b.push_str("<table class=\"diags\"><thead><tr><th>File</th><th></th><th>Where</th><th>Why</th></tr></thead><tbody>");
        for d in &rows {
            let sev = if d.severity == "skipped" {
                "skipped"
            } else {
                "warning"
            };
            let _ = write!(
                b,
                "<tr><td class=\"path\">{}</td><td><span class=\"badge {sev}\">{sev}</span></td><td class=\"meta\">{}</td><td>{}</td></tr>",
                esc(&d.path),
                esc(&d.place.to_string()),
                esc(&d.reason),
            );
        }
        b.push_str("</tbody></table>");
    }
    Ok(Resp::html(200, page("Problems", "", &b)))
}
