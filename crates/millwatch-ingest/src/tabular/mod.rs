//! Intake sheets: CSV, TSV and JSON records, with columns mapped to fields.
//!
//! Every row of a sheet and every top-level object of a JSON file is one record. Column
//! names (and flattened JSON keys) are normalised and matched against common names in
//! several languages (id, date, narrative, phone, …); narrative-like columns become the
//! record's text, the rest become fields, and `--map column=field` overrides any of it
//! ([`mapping`]). Dates are read loosely ([`crate::dates`]) and ambiguous day/month orders
//! are settled per column.
//!
//! Everything streams: CSV through `csv-core` into buffers we own ([`delimited`]), JSON
//! through a pull reader ([`json`]) that flattens each record as it is read
//! ([`jsondoc`]). No row, line or record larger than
//! [`Limits::max_item_bytes`](crate::Limits) is ever held; such items are skipped with a
//! located diagnostic.

use std::io::BufRead;

use crate::text::Decoded;
use crate::{Format, Options, ParseError, Parsed, Sink};

mod delimited;
pub(crate) mod json;
mod jsondoc;
mod mapping;

pub use crate::dates::parse_loose as parse_loose_date;

/// Reads a sheet (`Csv`, `Tsv`) or JSON records (`Jsonl`, which also takes a JSON array
/// of objects or single objects).
pub fn parse(
    format: Format,
    input: &mut dyn BufRead,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<Parsed, ParseError> {
    let mut reader = Decoded::new(input)?;
    let base = reader.base();
    let mut rows = mapping::Rows::new(sink);
    let lossy = match format {
        Format::Jsonl => jsondoc::parse(&mut reader, base, opts, &mut rows)?.lossy,
        _ => delimited::parse(format, &mut reader, base, opts, &mut rows)?.lossy,
    };
    rows.finish_all()?;
    tracing::debug!(records = rows.records, "tabular input read");
    let mut decoding = reader.decoding().clone();
    decoding.had_errors |= lossy;
    Ok(Parsed { decoding })
}
