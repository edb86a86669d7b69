//! Intake sheets: CSV, TSV and JSON Lines, with columns mapped to fields.
//!
//! Every row (or JSON object) is one record. Column names are normalised and matched
//! against common names in several languages (id, date, narrative, phone, …); the
//! narrative-like columns become the record's text, the rest become fields, and
//! `--map column=field` overrides any of it. Rows are read one at a time from the
//! decoding reader, so memory does not grow with the sheet.

use std::io::BufRead;

use millwatch_model::{RecordTime, normalize_field_name};

use crate::decode::TextReader;
use crate::text::read_line_bounded;
use crate::{
    Diagnostic, Format, Options, ParseError, Parsed, Place, RecordDraft, RecordKind, Sink,
};

/// What a column means.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Role {
    Id,
    Time,
    Text,
    Kind,
    Title,
    Field(String),
}

fn auto_role(name: &str) -> Role {
    match name {
        "id" | "report_id" | "case_id" | "ref" | "reference" | "record_id" | "编号" => Role::Id,
        "date" | "time" | "reported_at" | "timestamp" | "datetime" | "report_date"
        | "created_at" | "datum" | "日期" | "时间" | "วันที่" | "tanggal" | "fecha" | "ngày" => {
            Role::Time
        }
        "narrative"
        | "description"
        | "text"
        | "story"
        | "details"
        | "message"
        | "content"
        | "complaint"
        | "body"
        | "summary"
        | "คำอธิบาย"
        | "รายละเอียด"
        | "描述"
        | "内容"
        | "详情"
        | "keterangan"
        | "cerita"
        | "descripción"
        | "mô_tả" => Role::Text,
        "kind" | "type" | "record_type" => Role::Kind,
        "title" | "subject" | "headline" => Role::Title,
        "name" | "full_name" | "victim_name" | "姓名" | "ชื่อ" | "nama" | "nombre" => {
            Role::Field("name".into())
        }
        "phone"
        | "mobile"
        | "tel"
        | "telephone"
        | "phone_number"
        | "whatsapp_number"
        | "电话"
        | "手机"
        | "เบอร์โทร"
        | "telepon" => Role::Field("phone".into()),
        "email" | "e_mail" | "mail" | "邮箱" => Role::Field("email".into()),
        "url" | "website" | "link" | "site" | "platform_url" | "网址" => {
            Role::Field("url".into())
        }
        "wallet" | "address" | "usdt_address" | "trc20" | "btc_address" | "wallet_address"
        | "钱包" => Role::Field("wallet".into()),
        "telegram" | "tg" | "telegram_handle" => Role::Field("telegram".into()),
        "country" | "国家" | "ประเทศ" | "negara" | "país" => {
            Role::Field("country".into())
        }
        other => Role::Field(other.to_owned()),
    }
}

fn role_of(name: &str, opts: &Options) -> Role {
    let norm = normalize_field_name(name);
    if let Some((_, field)) = opts
        .map
        .iter()
        .rev()
        .find(|(col, _)| normalize_field_name(col) == norm)
    {
        return match normalize_field_name(field).as_str() {
            "id" => Role::Id,
            "time" | "date" => Role::Time,
            "text" => Role::Text,
            "kind" => Role::Kind,
            "title" => Role::Title,
            other => Role::Field(other.to_owned()),
        };
    }
    auto_role(&norm)
}

/// The default kind from the column names.
fn kind_from_header(names: &[String]) -> RecordKind {
    let has = |w: &[&str]| names.iter().any(|n| w.iter().any(|x| n.contains(x)));
    if has(&["salary", "employer", "job", "position"]) {
        RecordKind::RecruitmentAd
    } else if has(&["missing", "last_seen", "relationship"]) {
        RecordKind::MissingPerson
    } else if has(&["tx_hash", "txid", "transaction_id"]) {
        RecordKind::CryptoTransfer
    } else {
        RecordKind::VictimReport
    }
}

/// Reads a sheet.
pub fn parse(
    format: Format,
    input: &mut dyn BufRead,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<Parsed, ParseError> {
    let mut reader = TextReader::new(input, None)?;
    match format {
        Format::Jsonl => parse_jsonl(&mut reader, opts, sink)?,
        _ => parse_delimited(format, &mut reader, opts, sink)?,
    }
    Ok(Parsed {
        decoding: reader.decoding().clone(),
    })
}

/// Builds a record from (column, value) pairs.
fn build(
    pairs: impl IntoIterator<Item = (String, String)>,
    default_kind: RecordKind,
    place: Place,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<(), ParseError> {
    let mut d = RecordDraft::new(opts.kind.unwrap_or(default_kind), place.clone());
    let mut texts: Vec<String> = Vec::new();
    for (name, value) in pairs {
        let value = value.trim().to_owned();
        if value.is_empty() {
            continue;
        }
        match role_of(&name, opts) {
            Role::Id => {
                if d.external_id.is_none() {
                    d.external_id = Some(value.clone());
                }
                d.push_field("id", value);
            }
            Role::Time => {
                if d.time.is_none() {
                    d.time = parse_loose_date(&value);
                    if d.time.is_none() {
                        sink.diagnostic(Diagnostic::warning(
                            place.clone(),
                            format!("column {name:?}: not a date this parser reads"),
                        ))?;
                    }
                }
                d.push_field("date", value);
            }
            Role::Text => texts.push(value),
            Role::Kind => match value.parse::<RecordKind>() {
                Ok(k) if opts.kind.is_none() => d.kind = k,
                Ok(_) => {}
                Err(e) => sink.diagnostic(Diagnostic::warning(place.clone(), e.to_string()))?,
            },
            Role::Title => d.title = Some(value),
            Role::Field(f) => d.push_field(f, value),
        }
    }
    d.text = texts.join("\n\n");
    if d.text.is_empty() && d.fields.is_empty() && d.title.is_none() {
        return Ok(());
    }
    sink.record(d)?;
    Ok(())
}

fn parse_delimited(
    format: Format,
    reader: &mut dyn BufRead,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<(), ParseError> {
    // Peek at the header to choose the delimiter and skip Excel's "sep=" line.
    let mut first = String::new();
    let mut skipped_bytes = 0u64;
    let mut delimiter = if format == Format::Tsv { b'\t' } else { b',' };
    {
        let buf = reader.fill_buf()?;
        let end = memchr::memchr(b'\n', buf).map_or(buf.len(), |i| i + 1);
        first.push_str(&String::from_utf8_lossy(&buf[..end]));
    }
    let trimmed = first.trim_end();
    if let Some(sep) = trimmed.strip_prefix("sep=") {
        if let Some(&b) = sep.as_bytes().first() {
            delimiter = b;
        }
        skipped_bytes = first.len() as u64;
        reader.consume(first.len());
    } else if format == Format::Csv {
        let count = |c: char| trimmed.matches(c).count();
        let best = [
            (',', count(',')),
            (';', count(';')),
            ('|', count('|')),
            ('\t', count('\t')),
        ]
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .filter(|&(_, n)| n > 0);
        if let Some((c, _)) = best {
            delimiter = c as u8;
        }
    }
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(reader);
    let mut record = csv::ByteRecord::new();
    let mut header: Option<Vec<String>> = None;
    let mut default_kind = RecordKind::VictimReport;
    let mut row = 0u64;
    let line_base = u64::from(skipped_bytes > 0);
    loop {
        let start = rdr.position().clone();
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let pos = e.position().cloned().unwrap_or(start.clone());
                let place = Place::span(pos.byte() + skipped_bytes, pos.byte() + skipped_bytes)
                    .with_line(pos.line() + line_base);
                sink.diagnostic(Diagnostic::skipped(place, format!("unreadable row: {e}")))?;
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    return Err(ParseError::Io(std::io::Error::other(e.to_string())));
                }
                continue;
            }
        }
        let end = rdr.position().byte();
        let fields: Vec<String> = record
            .iter()
            .map(|f| {
                String::from_utf8_lossy(f)
                    .trim_start_matches('\u{feff}')
                    .to_owned()
            })
            .collect();
        let Some(names) = &header else {
            let names: Vec<String> = fields.iter().map(|f| normalize_field_name(f)).collect();
            default_kind = kind_from_header(&names);
            header = Some(fields);
            continue;
        };
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        row += 1;
        let place = Place::span(start.byte() + skipped_bytes, end + skipped_bytes)
            .with_line(start.line() + line_base)
            .with_row(row);
        if fields.len() != names.len() {
            sink.diagnostic(Diagnostic::warning(
                place.clone(),
                format!(
                    "row has {} fields, header has {}",
                    fields.len(),
                    names.len()
                ),
            ))?;
        }
        let pairs = fields.into_iter().enumerate().map(|(i, v)| {
            let name = names
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("column_{}", i + 1));
            (name, v)
        });
        build(pairs, default_kind, place, opts, sink)?;
    }
    Ok(())
}

fn parse_jsonl(
    reader: &mut dyn BufRead,
    opts: &Options,
    sink: &mut dyn Sink,
) -> Result<(), ParseError> {
    let limit = opts.limits.max_item_bytes.max(1);
    let mut offset = 0u64;
    let mut line_no = 0u64;
    let mut line = Vec::new();
    loop {
        line.clear();
        let (n, overflow) = read_line_bounded(reader, &mut line, limit)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let place = Place::span(offset, offset + n)
            .with_line(line_no)
            .with_row(line_no);
        offset += n;
        if overflow {
            sink.diagnostic(Diagnostic::skipped(
                place,
                format!("line of {n} bytes is over the {limit}-byte limit"),
            ))?;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let t = text.trim();
        if t.is_empty() {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_str(t) {
            Ok(v) => v,
            Err(e) => {
                sink.diagnostic(Diagnostic::skipped(place, format!("not valid JSON: {e}")))?;
                continue;
            }
        };
        let items: Vec<serde_json::Value> = match value {
            serde_json::Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            let serde_json::Value::Object(_) = &item else {
                sink.diagnostic(Diagnostic::skipped(
                    place.clone(),
                    "a JSON line must hold an object",
                ))?;
                continue;
            };
            let mut pairs = Vec::new();
            flatten("", &item, 0, opts.limits.max_json_depth, &mut pairs);
            let names: Vec<String> = pairs.iter().map(|(n, _)| normalize_field_name(n)).collect();
            build(pairs, kind_from_header(&names), place.clone(), opts, sink)?;
        }
    }
    Ok(())
}

/// Flattens nested objects into `a_b` names; arrays of scalars become repeated fields.
fn flatten(
    prefix: &str,
    v: &serde_json::Value,
    depth: usize,
    max_depth: usize,
    out: &mut Vec<(String, String)>,
) {
    use serde_json::Value;
    if depth > max_depth {
        return;
    }
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}_{k}")
                };
                flatten(&name, v, depth + 1, max_depth, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                flatten(prefix, item, depth + 1, max_depth, out);
            }
        }
        Value::Null => {}
        Value::String(s) => out.push((prefix.to_owned(), s.clone())),
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}

/// Reads the date forms intake sheets use: ISO 8601, `YYYY/MM/DD`, `DD/MM/YYYY` (or
/// `MM/DD/YYYY` when the first number cannot be a day-of-month ordering), Chinese
/// `2024年3月5日`, Unix seconds, and Thai Buddhist-era years (2567 → 2024).
pub fn parse_loose_date(s: &str) -> Option<RecordTime> {
    let s = s.trim();
    if let Ok(t) = RecordTime::parse_iso(s) {
        return Some(t);
    }
    if s.len() >= 9 && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse::<i64>()
            .ok()
            .and_then(|n| RecordTime::from_unix(n).ok());
    }
    let nums: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .take(6)
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect();
    if nums.len() < 3 {
        return None;
    }
    let year_fix = |y: u32| -> Option<i32> {
        let y = if y > 2400 {
            y - 543
        } else if y < 100 {
            y + 2000
        } else {
            y
        };
        i32::try_from(y).ok()
    };
    let (y, m, d) = if nums[0] > 31 {
        (year_fix(nums[0])?, nums[1], nums[2])
    } else if nums[1] > 12 {
        (year_fix(nums[2])?, nums[0], nums[1])
    } else {
        (year_fix(nums[2])?, nums[1], nums[0])
    };
    let date = RecordTime::date(y, m, d).ok()?;
    if nums.len() >= 5 {
        let sec = nums.get(5).copied().unwrap_or(0);
        return RecordTime::from_parts(y, m, d, nums[3], nums[4], sec, None)
            .ok()
            .or(Some(date));
    }
    Some(date)
}
