//! E-mail: single messages (`.eml`, also `.emlx` and MHTML page snapshots) and Unix
//! mailboxes (`.mbox`), one record a message.
//!
//! Scam mail reaches analysts as forwarded `.eml` files and as mailbox exports
//! (Thunderbird, Gmail Takeout, mutt). A message becomes a record of kind
//! [`Email`](millwatch_model::RecordKind::Email) whose title is the decoded subject,
//! whose time is the `Date` header with its zone offset (without a valid one, the
//! topmost `Received` date, also kept as `received_date`), and whose text is `Subject: …`
//! followed by the text
//! parts (HTML parts reduced to their visible text when there is no plain alternative,
//! attached messages appended). Addresses, ids, originating IPs, link targets of HTML
//! parts and attachments (name, type, size, SHA-256) are fields.
//!
//! Submodules: [`charset`] (labels and the per-part charset policy), [`header`] (RFC 2047,
//! addresses, dates), `message` (one message to one draft) and `mbox` (the streaming
//! splitter).

use std::io::BufRead;
use std::panic::{AssertUnwindSafe, catch_unwind};

use millwatch_model::{Abort, Diagnostic, Format, Place};

use crate::{Options, ParseError, Parsed, Sink};

pub mod charset;
pub mod header;
mod mbox;
mod message;

pub use mbox::looks_like_envelope;

/// Reads one RFC 5322 message (`.eml`) as one record. The file is read whole and must
/// fit `max_whole_file_bytes`. A leading mbox `From ` line is tolerated, and so is
/// Apple Mail's `.emlx` framing (a byte count line before the message, a property list
/// after it). A file without any mail header is [`ParseError::Malformed`].
///
/// An MHTML page snapshot (`.mht`, `.mhtml`: the same MIME format) is read the same way
/// but becomes a [`millwatch_model::RecordKind::WebPage`] with its `url`, and its
/// resources are not listed as attachments.
pub fn parse_eml(
    input: &mut dyn BufRead,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<Parsed, ParseError> {
    let bytes = crate::html::read_whole(input, opts.limits.max_whole_file_bytes, Format::Eml)?;
    let len = bytes.len() as u64;
    let mut body: &[u8] = &bytes;
    let nl = memchr::memchr(b'\n', body).map_or(body.len(), |i| i + 1);
    let first_line = body[..nl].trim_ascii();
    if body.starts_with(b"From ") {
        // A message saved out of a mailbox keeps its envelope line.
        body = &body[nl..];
    } else if !first_line.is_empty()
        && first_line.len() <= 12
        && first_line.iter().all(u8::is_ascii_digit)
    {
        // Apple Mail's `.emlx`: the message's length, the message, then a property list.
        let len: usize = std::str::from_utf8(first_line)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(usize::MAX);
        body = &body[nl..];
        body = &body[..len.min(body.len())];
    }
    let place = Place::span(0, len).with_line(1);
    let parser = message::parser();
    let mut summary = message::Summary::default();
    let kind = opts.kind;
    match guarded(|| message::read_message(&parser, body, place.clone(), kind, &mut summary)) {
        Ok(outcome) => {
            warn(&outcome, sink)?;
            tracing::debug!(bytes = len, fields = outcome.draft.fields.len(), "eml read");
            sink.record(outcome.draft)?;
            Ok(Parsed {
                decoding: summary.decoding(),
            })
        }
        Err(reason) => Err(ParseError::Malformed {
            format: Format::Eml,
            place,
            reason,
        }),
    }
}

/// Reads a Unix mailbox, streaming: one record per message, memory bounded by the
/// largest message. A message over `max_item_bytes`, an empty one or one without mail
/// headers is skipped with a [`Diagnostic`] giving its `From ` line; the rest is read.
/// See the `mbox` module for how messages are told apart.
pub fn parse_mbox(
    input: &mut dyn BufRead,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<Parsed, ParseError> {
    let parser = message::parser();
    let mut summary = message::Summary::default();
    let kind = opts.kind;
    let limit = opts.limits.max_item_bytes;
    let mut records = 0u64;
    let mut skipped = 0u64;
    mbox::split::<ParseError>(input, limit, |m| {
        let place = Place::span(m.start, m.end).with_line(m.line);
        let Some(bytes) = m.bytes else {
            skipped += 1;
            sink.diagnostic(Diagnostic::skipped(
                place,
                format!(
                    "message of {} bytes is over the {limit}-byte limit for one item",
                    m.end - m.start
                ),
            ))?;
            return Ok(());
        };
        match guarded(|| message::read_message(&parser, bytes, place.clone(), kind, &mut summary)) {
            Ok(mut outcome) => {
                if outcome.draft.time.is_none()
                    && let Some(from) = m.from_line
                {
                    // No usable Date header: the envelope's delivery date is the next best.
                    let env = String::from_utf8_lossy(from);
                    let date = env
                        .get(5..)
                        .unwrap_or("")
                        .split_once(' ')
                        .map_or("", |(_, d)| d);
                    outcome.draft.time = header::parse_date(date);
                }
                warn(&outcome, sink)?;
                records += 1;
                sink.record(outcome.draft)?;
            }
            Err(reason) => {
                skipped += 1;
                sink.diagnostic(Diagnostic::skipped(place, reason))?;
            }
        }
        Ok(())
    })?;
    tracing::debug!(records, skipped, "mbox read");
    Ok(Parsed {
        decoding: summary.decoding(),
    })
}

/// Reports the caveats of a message that was kept.
fn warn(outcome: &message::Outcome, sink: &mut dyn Sink) -> Result<(), Abort> {
    if outcome.had_errors {
        sink.diagnostic(Diagnostic::warning(
            outcome.draft.place.clone(),
            "undecodable bytes in the message were replaced by U+FFFD",
        ))?;
    }
    if outcome.damaged {
        sink.diagnostic(Diagnostic::warning(
            outcome.draft.place.clone(),
            "the message's MIME structure is damaged; some parts were read as raw text",
        ))?;
    }
    Ok(())
}

/// Runs a message reader, turning a panic in a dependency into a skip reason: one
/// hostile message must not end the ingest of a mailbox.
fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => Err("the message could not be parsed (internal parser failure)".into()),
    }
}

#[cfg(test)]
mod tests;
