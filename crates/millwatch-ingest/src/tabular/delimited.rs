//! CSV and TSV with a header row, read with `csv-core` so that memory stays bounded.
//!
//! The `csv` crate's reader grows a record buffer as large as the record, and one stray
//! quote at the top of a 2 GB sheet makes the rest of the file one field. `csv-core` is the
//! same parser as a push machine that writes into buffers we own: a row that outgrows
//! [`Limits::max_item_bytes`](crate::Limits) is read on into a scratch buffer, skipped with
//! a diagnostic, and the next row is read normally. Driving it ourselves also gives exact
//! byte spans and start lines for rows with quoted line breaks.
//!
//! The delimiter is sniffed from the header line (comma, semicolon, tab or pipe, counted
//! outside quotes); Excel's `sep=;` first line sets it explicitly.

use std::io::BufRead;

use csv_core::{ReadRecordResult, ReaderBuilder};
use millwatch_model::normalize_field_name;

use super::mapping::{Mapper, Role, RowBuilder, Rows, kind_from_names};
use crate::{Diagnostic, Format, Options, ParseError, Place, RecordKind};

/// Fields per row we keep positions for before a row counts as over the limit.
const MAX_FIELDS: usize = 100_000;

/// What reading a sheet found about the file as a whole.
#[derive(Default)]
pub(super) struct SheetStats {
    /// Some row had bytes that are not UTF-8 (replaced by U+FFFD).
    pub lossy: bool,
}

/// The header of a sheet.
struct Header {
    names: Vec<String>,
    roles: Vec<Role>,
    default_kind: RecordKind,
}

/// Reads a delimited sheet from decoded text. `base` is the file offset of the first byte
/// of `reader` (3 after a UTF-8 byte-order mark).
pub(super) fn parse(
    format: Format,
    reader: &mut dyn BufRead,
    base: u64,
    opts: &Options,
    rows: &mut Rows<'_>,
) -> Result<SheetStats, ParseError> {
    let mut stats = SheetStats::default();
    let limit = opts.limits.max_item_bytes.max(1024);
    let mut offset = base;
    let mut line = 1u64;

    let (delimiter, skip) = sniff(format, reader.fill_buf()?);
    if skip > 0 {
        reader.consume(skip);
        offset += skip as u64;
        line += 1;
    }
    let mut core = ReaderBuilder::new().delimiter(delimiter).build();
    let mut out = vec![0u8; (64 * 1024).min(limit)];
    let mut ends = vec![0usize; 64];
    let mut mapper = Mapper::new(opts);
    let mut header: Option<Header> = None;
    let mut row_index = 0u64;

    loop {
        // Line breaks between rows are ours to skip, so that a row's place starts at its
        // first byte and line.
        let mut at_end = false;
        loop {
            let buf = reader.fill_buf()?;
            if buf.is_empty() {
                at_end = true;
                break;
            }
            let n = buf
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
            line += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
            let whole = n == buf.len();
            reader.consume(n);
            offset += n as u64;
            if !whole {
                break;
            }
        }
        if at_end {
            break;
        }
        let start = offset;
        let start_line = line;
        let (mut outlen, mut endlen) = (0usize, 0usize);
        let mut oversize = false;
        let mut last = 0u8;
        loop {
            let input = reader.fill_buf()?;
            let (res, nin, nout, nend) =
                core.read_record(input, &mut out[outlen..], &mut ends[endlen..]);
            if nin > 0 {
                line += memchr::memchr_iter(b'\n', &input[..nin]).count() as u64;
                last = input[nin - 1];
            }
            reader.consume(nin);
            offset += nin as u64;
            outlen += nout;
            endlen += nend;
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    if oversize || out.len() >= limit {
                        oversize = true;
                        outlen = 0;
                    } else {
                        let len = (out.len() * 2).min(limit);
                        out.resize(len, 0);
                    }
                }
                ReadRecordResult::OutputEndsFull => {
                    if oversize || ends.len() >= MAX_FIELDS {
                        oversize = true;
                        endlen = 0;
                    } else {
                        let len = ends.len() * 2;
                        ends.resize(len, 0);
                    }
                }
                ReadRecordResult::Record | ReadRecordResult::End => break,
            }
        }
        // The span ends before the row's line break.
        let end = if matches!(last, b'\n' | b'\r') {
            offset - 1
        } else {
            offset
        };
        if end <= start {
            break;
        }
        let place = Place::span(start, end).with_line(start_line);
        let Some(h) = &header else {
            if oversize {
                return Err(ParseError::Malformed {
                    format,
                    place,
                    reason: format!("header row is over the {limit}-byte limit"),
                });
            }
            let fields = split(&out[..outlen], &ends[..endlen], &mut stats.lossy);
            header = Some(make_header(&fields, &mut mapper));
            continue;
        };
        row_index += 1;
        let place = place.with_row(row_index);
        if oversize {
            rows.diagnostic(Diagnostic::skipped(
                place,
                format!(
                    "row of {} bytes is over the {limit}-byte limit",
                    end - start
                ),
            ))?;
            continue;
        }
        let mut lossy = false;
        let fields = split(&out[..outlen], &ends[..endlen], &mut lossy);
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if lossy {
            stats.lossy = true;
            rows.diagnostic(Diagnostic::warning(
                place.clone(),
                "row has bytes that are not valid text; they were replaced",
            ))?;
        }
        if fields.len() != h.names.len() {
            let what = if fields.len() > h.names.len() {
                "the extra values are kept as column_N fields"
            } else {
                "the missing values are left empty"
            };
            rows.diagnostic(Diagnostic::warning(
                place.clone(),
                format!(
                    "row has {} fields, the header has {}; {what}",
                    fields.len(),
                    h.names.len()
                ),
            ))?;
        }
        let mut row = RowBuilder::new(h.default_kind, place, opts);
        for (i, value) in fields.iter().enumerate() {
            if value.is_empty() {
                continue;
            }
            match (h.names.get(i), h.roles.get(i)) {
                (Some(name), Some(role)) => rows.add(&mut row, name, role, value)?,
                _ => {
                    let name = format!("column_{}", i + 1);
                    let role = Role::Field(name.clone());
                    rows.add(&mut row, &name, &role, value)?;
                }
            }
        }
        rows.finish(row)?;
    }
    if header.is_none() {
        tracing::debug!("sheet without a header row");
    }
    Ok(stats)
}

/// Splits csv-core's output into fields (lossily decoded).
fn split<'a>(out: &'a [u8], ends: &[usize], lossy: &mut bool) -> Vec<std::borrow::Cow<'a, str>> {
    let mut fields = Vec::with_capacity(ends.len());
    let mut prev = 0;
    for &e in ends {
        let e = e.min(out.len()).max(prev);
        let bytes = &out[prev..e];
        let s = String::from_utf8_lossy(bytes);
        if matches!(s, std::borrow::Cow::Owned(_)) {
            *lossy = true;
        }
        fields.push(s);
        prev = e;
    }
    fields
}

fn make_header(fields: &[std::borrow::Cow<'_, str>], mapper: &mut Mapper) -> Header {
    let names: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let n = normalize_field_name(f.trim_start_matches('\u{feff}'));
            if n.is_empty() {
                format!("column_{}", i + 1)
            } else {
                n
            }
        })
        .collect();
    let roles = names.iter().map(|n| mapper.role(n)).collect();
    let default_kind = kind_from_names(names.iter().map(String::as_str));
    Header {
        names,
        roles,
        default_kind,
    }
}

/// Chooses the delimiter from the first line and says how many bytes of an Excel `sep=`
/// line to skip.
fn sniff(format: Format, head: &[u8]) -> (u8, usize) {
    let first_end = memchr::memchr(b'\n', head).map_or(head.len(), |i| i + 1);
    let first = &head[..first_end];
    let trimmed = first.trim_ascii();
    let unquoted = trimmed
        .strip_prefix(b"\"")
        .and_then(|t| t.strip_suffix(b"\""))
        .unwrap_or(trimmed);
    if let Some(sep) = unquoted.strip_prefix(b"sep=")
        && let Some(&d) = sep.first()
        && first_end < head.len()
    {
        return (d, first_end);
    }
    if format == Format::Tsv {
        return (b'\t', 0);
    }
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for &b in first {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = candidates.iter().position(|&c| c == b) {
            counts[i] += 1;
        }
    }
    // Ties go to the earlier candidate: comma, then semicolon, tab, pipe.
    let mut best = 0;
    for i in 1..4 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    (candidates[best], 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed_outside_quotes() {
        assert_eq!(sniff(Format::Csv, b"a,b,c\n1,2,3"), (b',', 0));
        assert_eq!(sniff(Format::Csv, b"a;b;\"c,d,e\"\n"), (b';', 0));
        assert_eq!(sniff(Format::Csv, b"a\tb\tc\n"), (b'\t', 0));
        assert_eq!(sniff(Format::Csv, b"a|b|c\n"), (b'|', 0));
        assert_eq!(sniff(Format::Csv, b"sep=;\r\na;b\n"), (b';', 7));
        assert_eq!(sniff(Format::Csv, b"\"sep=|\"\na|b\n"), (b'|', 8));
        assert_eq!(sniff(Format::Tsv, b"a,b\tc\n"), (b'\t', 0));
        assert_eq!(sniff(Format::Csv, b"single\n"), (b',', 0));
    }
}
