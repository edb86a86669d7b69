//! JSON records: JSON Lines, a top-level array of objects, or single objects.
//!
//! One reader serves every shape a `.jsonl` or non-Telegram `.json` file comes in, because
//! the shapes are not reliably told apart by name: each top-level object is a record, and
//! each object element of a top-level array is a record. The array may be a 500 MB
//! document on one line; it is streamed element by element through the pull reader, and
//! each element is flattened as it is read (nested keys joined with `_`, arrays of scalars
//! as repeated fields), so nothing but the current record is held.
//!
//! Error recovery follows the line structure: a syntax error on the line where its value
//! started is a broken JSON Lines line — it is skipped with a diagnostic and reading goes on
//! at the next line. An error further down a multi-line (pretty-printed) value leaves no
//! safe place to resume, so it ends the file with [`ParseError::Malformed`].

use std::io::BufRead;

use millwatch_model::normalize_field_name;

use super::json::{ErrorKind, JsonError, JsonReader, Kind};
use super::mapping::{Mapper, RowBuilder, Rows, kind_from_names};
use crate::{Diagnostic, Format, Options, ParseError, Place};

/// Longest key kept (longer keys are cut).
const MAX_KEY: usize = 256;
/// Bytes of bookkeeping counted per value, so that a million tiny values count.
const PER_VALUE_COST: usize = 64;
/// Structural nesting walked through when skipping a too-deep value before giving up on
/// the file.
const MAX_SKIP_DEPTH: usize = super::json::SKIP_DEPTH_LIMIT;

/// What reading JSON records found about the file.
#[derive(Default)]
pub(super) struct JsonStats {
    /// Some string had bytes that are not UTF-8 (replaced by U+FFFD).
    pub lossy: bool,
}

/// Reads JSON records from decoded text starting at file offset `base`.
pub(super) fn parse(
    reader: &mut dyn BufRead,
    base: u64,
    opts: &Options,
    rows: &mut Rows<'_>,
) -> Result<JsonStats, ParseError> {
    let mut jr = JsonReader::new(reader, base);
    let mut ctx = Ctx {
        mapper: Mapper::new(opts),
        opts,
        stats: JsonStats::default(),
        index: 0,
    };
    while let Some(first) = jr.skip_ws().map_err(fatal)? {
        let start_line = jr.line();
        let start = jr.offset();
        let result = match first {
            b'{' => ctx.record(&mut jr, rows),
            b'[' => ctx.array(&mut jr, rows),
            _ => ctx.not_an_object(&mut jr, rows, "a top-level JSON value"),
        };
        match result {
            Ok(()) => {}
            Err(Stop::Abort(a)) => return Err(a.into()),
            Err(Stop::Json(e)) if e.kind == ErrorKind::Io => return Err(fatal(e)),
            Err(Stop::Json(e)) if e.line == start_line => {
                // A broken JSON Lines line: skip it and go on.
                let place = Place::span(start, e.offset.max(start)).with_line(start_line);
                rows.diagnostic(Diagnostic::skipped(
                    place,
                    format!("not valid JSON: {} (at byte {})", e.message, e.offset),
                ))?;
                if !jr.skip_line().map_err(fatal)? {
                    break;
                }
            }
            Err(Stop::Json(e)) => return Err(fatal(e)),
        }
    }
    Ok(ctx.stats)
}

fn fatal(e: JsonError) -> ParseError {
    if let Some(io) = e.io {
        return ParseError::Io(io);
    }
    ParseError::Malformed {
        format: Format::Jsonl,
        place: Place::span(e.offset, e.offset).with_line(e.line),
        reason: e.message,
    }
}

enum Stop {
    Json(JsonError),
    Abort(crate::Abort),
}

impl From<JsonError> for Stop {
    fn from(e: JsonError) -> Self {
        Stop::Json(e)
    }
}

impl From<crate::Abort> for Stop {
    fn from(a: crate::Abort) -> Self {
        Stop::Abort(a)
    }
}

/// A flattened object: (flattened key, value) pairs within a byte budget.
struct Flat {
    pairs: Vec<(String, String)>,
    bytes: usize,
    over: bool,
    too_deep: bool,
    lossy: bool,
}

struct Ctx<'o> {
    mapper: Mapper,
    opts: &'o Options,
    stats: JsonStats,
    /// Records and skipped items so far, for `row`.
    index: u64,
}

impl Ctx<'_> {
    /// Reads a top-level array: each object element is a record.
    fn array(&mut self, jr: &mut JsonReader<'_>, rows: &mut Rows<'_>) -> Result<(), Stop> {
        jr.begin_array()?;
        let mut first = true;
        while jr.next_element(&mut first)? {
            if jr.peek_kind()? == Kind::Object {
                self.record(jr, rows)?;
            } else {
                self.not_an_object(jr, rows, "an element of the top-level array")?;
            }
        }
        Ok(())
    }

    fn not_an_object(
        &mut self,
        jr: &mut JsonReader<'_>,
        rows: &mut Rows<'_>,
        what: &str,
    ) -> Result<(), Stop> {
        let (start, line) = (jr.offset(), jr.line());
        let kind = jr.peek_kind()?;
        jr.take_deepest_skip();
        jr.skip_value(MAX_SKIP_DEPTH)?;
        self.index += 1;
        let deepest = jr.take_deepest_skip();
        let reason = if deepest > self.opts.limits.max_json_depth {
            format!(
                "{what} is {} nested {deepest} levels deep, not an object",
                kind_words(kind)
            )
        } else {
            format!("{what} is {}, not an object", kind_words(kind))
        };
        rows.diagnostic(Diagnostic::skipped(
            Place::span(start, jr.offset())
                .with_line(line)
                .with_row(self.index),
            reason,
        ))?;
        Ok(())
    }

    /// Reads one object as a record.
    fn record(&mut self, jr: &mut JsonReader<'_>, rows: &mut Rows<'_>) -> Result<(), Stop> {
        let (start, line) = (jr.offset(), jr.line());
        let mut flat = Flat {
            pairs: Vec::new(),
            bytes: 0,
            over: false,
            too_deep: false,
            lossy: false,
        };
        let mut prefix = String::new();
        self.flatten(jr, &mut prefix, 0, &mut flat)?;
        self.index += 1;
        let place = Place::span(start, jr.offset())
            .with_line(line)
            .with_row(self.index);
        let limits = &self.opts.limits;
        if flat.too_deep {
            rows.diagnostic(Diagnostic::skipped(
                place,
                format!("object nested deeper than {} levels", limits.max_json_depth),
            ))?;
            return Ok(());
        }
        if flat.over {
            rows.diagnostic(Diagnostic::skipped(
                place,
                format!(
                    "object of about {} bytes is over the {}-byte limit",
                    flat.bytes, limits.max_item_bytes
                ),
            ))?;
            return Ok(());
        }
        if flat.lossy {
            self.stats.lossy = true;
            rows.diagnostic(Diagnostic::warning(
                place.clone(),
                "object has bytes that are not valid text; they were replaced",
            ))?;
        }
        let names: Vec<String> = flat
            .pairs
            .iter()
            .map(|(k, _)| normalize_field_name(k))
            .collect();
        let default_kind = kind_from_names(names.iter().map(String::as_str));
        let mut row = RowBuilder::new(default_kind, place, self.opts);
        for ((_, value), name) in flat.pairs.iter().zip(&names) {
            let role = self.mapper.role(name);
            rows.add(&mut row, name, &role, value)?;
        }
        rows.finish(row)?;
        Ok(())
    }

    /// Flattens the next value under `prefix`.
    fn flatten(
        &mut self,
        jr: &mut JsonReader<'_>,
        prefix: &mut String,
        depth: usize,
        flat: &mut Flat,
    ) -> Result<(), JsonError> {
        let max_depth = self.opts.limits.max_json_depth.max(1);
        let budget = self.opts.limits.max_item_bytes;
        match jr.peek_kind()? {
            Kind::Object | Kind::Array if depth >= max_depth => {
                flat.too_deep = true;
                jr.skip_value(MAX_SKIP_DEPTH)
            }
            Kind::Object => {
                jr.begin_object()?;
                let mut first = true;
                let mut key = String::new();
                while jr.next_key(&mut first, &mut key, MAX_KEY)? {
                    let len = prefix.len();
                    if !prefix.is_empty() {
                        prefix.push('_');
                    }
                    prefix.push_str(&key);
                    let r = self.flatten(jr, prefix, depth + 1, flat);
                    prefix.truncate(len);
                    r?;
                }
                Ok(())
            }
            Kind::Array => {
                jr.begin_array()?;
                let mut first = true;
                while jr.next_element(&mut first)? {
                    self.flatten(jr, prefix, depth + 1, flat)?;
                }
                Ok(())
            }
            _ => {
                let mut value = String::new();
                let room = budget.saturating_sub(flat.bytes);
                let info = jr.read_scalar(&mut value, room, MAX_SKIP_DEPTH)?;
                let Some(info) = info else { return Ok(()) };
                flat.bytes += info.len + prefix.len() + PER_VALUE_COST;
                flat.lossy |= info.lossy;
                if flat.bytes > budget {
                    flat.over = true;
                }
                if !flat.over && !flat.too_deep {
                    flat.pairs.push((prefix.clone(), value));
                }
                Ok(())
            }
        }
    }
}

fn kind_words(k: Kind) -> &'static str {
    match k {
        Kind::Object => "an object",
        Kind::Array => "an array",
        Kind::String => "a string",
        Kind::Number => "a number",
        Kind::Bool => "a boolean",
        Kind::Null => "null",
    }
}
