//! Tests of the tabular parser: CSV/TSV sheets and JSON records.

use std::path::Path;

use millwatch_ingest::{Limits, Options};
use millwatch_model::{Format, RecordDraft, RecordKind, Severity, VecSink};
use proptest::prelude::*;

use super::*;

fn time(r: &RecordDraft) -> Option<&str> {
    r.time.as_ref().map(|t| t.as_str())
}

fn fields<'a>(r: &'a RecordDraft, name: &str) -> Vec<&'a str> {
    r.fields
        .iter()
        .filter(|f| f.name == name)
        .map(|f| f.value.as_str())
        .collect()
}

fn count(sink: &VecSink, severity: Severity) -> usize {
    sink.diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

/// Asserts that a record's byte span starts at `expected` in the fixture's bytes.
fn span_starts_with(rel: &str, r: &RecordDraft, expected: &str) {
    let bytes = std::fs::read(fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let start = r.place.byte_start as usize;
    assert!(
        bytes[start..].starts_with(expected.as_bytes()),
        "{rel}: span of {:?} starts at {:?}",
        r.external_id,
        String::from_utf8_lossy(&bytes[start..(start + 20).min(bytes.len())])
    );
}

#[test]
fn semicolon_csv_with_multiline_narrative() {
    let (res, sink) = parse_fixture("csv/semicolon_multiline.csv");
    res.unwrap();
    assert_eq!(sink.records.len(), 2);
    let r = &sink.records[0];
    assert_eq!(r.kind, RecordKind::VictimReport);
    assert_eq!(r.external_id.as_deref(), Some("R1"));
    assert_eq!(r.text, "Paid 500 USDT\nto the platform");
    assert_eq!(r.field("phone"), Some("+855 12 345 678"));
    assert_eq!(time(r), Some("2024-03-05"));
    assert_eq!((r.place.line, r.place.row), (Some(2), Some(1)));
    assert_eq!(sink.records[1].place.line, Some(4));
    assert_eq!(time(&sink.records[1]), Some("2024-03-05"));
    span_starts_with(
        "csv/semicolon_multiline.csv",
        &sink.records[1],
        "R2;05/03/2024",
    );
}

#[test]
fn bom_and_excel_sep_line() {
    let rel = "csv/bom_sep_line.csv";
    let (res, sink) = parse_fixture(rel);
    let parsed = res.unwrap();
    assert_eq!(parsed.decoding.method, "bom");
    assert_eq!(sink.records.len(), 2);
    let r = &sink.records[0];
    assert_eq!(r.external_id.as_deref(), Some("K-1"));
    assert_eq!(r.field("name"), Some("Somchai P."));
    assert_eq!(r.field("phone"), Some("+66 81 234 5678"));
    assert_eq!(r.text, "Recruited for a call-centre job in Myawaddy");
    assert_eq!(r.place.line, Some(3));
    span_starts_with(rel, r, "K-1;");
    span_starts_with(rel, &sink.records[1], "K-2;");
    // 06/03/2024 is ambiguous and nothing settles it: day first, with a warning.
    assert_eq!(time(&sink.records[1]), Some("2024-03-06"));
    assert_eq!(count(&sink, Severity::Warning), 1);
}

#[test]
fn chinese_headers_are_mapped() {
    let (res, sink) = parse_fixture("csv/chinese_headers.csv");
    res.unwrap();
    assert_eq!(sink.records.len(), 2);
    let r = &sink.records[0];
    assert_eq!(r.external_id.as_deref(), Some("C-001"));
    assert_eq!(time(r), Some("2024-03-05"));
    assert_eq!(r.field("name"), Some("王伟"));
    assert_eq!(r.field("phone"), Some("+86 138 0013 8000"));
    assert!(r.text.starts_with("对方自称投资顾问"));
    assert_eq!(r.field("平台"), Some("https://fake-exchange.example"));
    assert_eq!(time(&sink.records[1]), Some("2024-03-07"));
    assert!(sink.diagnostics.is_empty(), "{:?}", sink.diagnostics);
}

#[test]
fn thai_headers_and_buddhist_era_dates() {
    let (res, sink) = parse_fixture("csv/thai_headers.csv");
    res.unwrap();
    assert_eq!(sink.records.len(), 2);
    assert_eq!(sink.records[0].external_id.as_deref(), Some("T-1"));
    assert_eq!(time(&sink.records[0]), Some("2024-03-15"));
    assert_eq!(time(&sink.records[1]), Some("2024-03-05"));
    assert_eq!(sink.records[1].field("name"), Some("สมหญิง"));
    assert_eq!(sink.records[1].field("phone"), Some("089-876-5432"));
    assert_eq!(sink.records[0].text, "ถูกหลอกไปทำงานที่เมียวดี");
    assert!(sink.diagnostics.is_empty(), "{:?}", sink.diagnostics);
}

#[test]
fn map_overrides_the_automatic_mapping() {
    let opts = Options {
        map: vec![
            ("Phone".into(), "text".into()),
            ("country".into(), "nation".into()),
            ("narrative".into(), "title".into()),
        ],
        kind: Some(RecordKind::RecruitmentAd),
        ..Options::default()
    };
    let (res, sink) = parse_fixture_with("csv/semicolon_multiline.csv", &opts);
    res.unwrap();
    let r = &sink.records[0];
    assert_eq!(r.text, "+855 12 345 678");
    assert_eq!(r.field("phone"), None);
    assert_eq!(r.field("nation"), Some("KH"));
    assert_eq!(r.title.as_deref(), Some("Paid 500 USDT\nto the platform"));
    assert_eq!(r.kind, RecordKind::RecruitmentAd);
}

#[test]
fn kind_column_and_joined_narratives() {
    let (res, sink) = parse_fixture("csv/kind_column.csv");
    res.unwrap();
    let kinds: Vec<RecordKind> = sink.records.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            RecordKind::RecruitmentAd,
            RecordKind::MissingPerson,
            RecordKind::VictimReport
        ]
    );
    assert_eq!(
        sink.records[0].text,
        "Customer service staff wanted in Sihanoukville\n\nSalary 2000 USD; visa and flight paid"
    );
    assert_eq!(sink.records[0].field("telegram"), Some("@hr_cambodia"));
    // The unknown kind is warned about, located, and kept as a field.
    assert_eq!(sink.records[2].field("kind"), Some("scam"));
    assert_eq!(sink.diagnostics.len(), 1);
    assert_eq!(sink.diagnostics[0].place.line, Some(4));
    // A kind column wins over --kind.
    let opts = Options {
        kind: Some(RecordKind::Document),
        ..Options::default()
    };
    let (_, sink) = parse_fixture_with("csv/kind_column.csv", &opts);
    assert_eq!(sink.records[0].kind, RecordKind::RecruitmentAd);
    assert_eq!(sink.records[2].kind, RecordKind::Document);
}

#[test]
fn broken_rows_are_kept_with_located_warnings() {
    let (res, sink) = parse_fixture("csv/broken_rows.csv");
    res.unwrap();
    let ids: Vec<&str> = sink
        .records
        .iter()
        .map(|r| r.external_id.as_deref().unwrap())
        .collect();
    assert_eq!(ids, ["B1", "B2", "B3", "B4"]);
    let lines: Vec<Option<u64>> = sink.diagnostics.iter().map(|d| d.place.line).collect();
    assert_eq!(lines, [Some(3), Some(5)]);
    assert!(
        sink.diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
    assert_eq!(fields(&sink.records[1], "column_5"), ["EXTRA"]);
    assert_eq!(sink.records[3].field("name"), Some("Dan \"the boss\""));
    assert_eq!(sink.records[3].place.row, Some(5));
}

#[test]
fn big5_csv_is_detected_and_decoded() {
    let (res, sink) = parse_fixture("csv/big5.csv");
    let parsed = res.unwrap();
    assert_eq!(parsed.decoding.method, "detected");
    assert_eq!(parsed.decoding.encoding, "Big5");
    assert_eq!(sink.records.len(), 2);
    assert!(sink.records[0].text.contains("詐騙集團"));
    assert_eq!(sink.records[1].field("phone"), Some("+886 987 654 321"));
}

#[test]
fn gbk_csv_is_decoded() {
    let text = "id,描述\nC1,他们说这是一个投资平台，其实是诈骗集团，我损失了很多钱\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    let (res, sink) = parse_bytes(Format::Csv, Path::new("x.csv"), &bytes, &Options::default());
    let parsed = res.unwrap();
    assert_eq!(parsed.decoding.method, "detected");
    assert!(sink.records[0].text.contains("诈骗集团"));
}

#[test]
fn date_order_is_settled_per_column() {
    let (res, sink) = parse_fixture("csv/month_first_dates.csv");
    res.unwrap();
    let times: Vec<Option<&str>> = sink.records.iter().map(time).collect();
    assert_eq!(
        times,
        [
            Some("2024-03-04"),
            Some("2024-03-05"),
            Some("2024-03-25"),
            Some("2024-03-05T14:00:00Z"),
            Some("2024-03-05"),
            None
        ]
    );
    let ids: Vec<&str> = sink
        .records
        .iter()
        .map(|r| r.external_id.as_deref().unwrap())
        .collect();
    assert_eq!(ids, ["M1", "M2", "M3", "M4", "M5", "M6"]);
    // The unreadable date is kept as written and warned about.
    assert_eq!(sink.records[5].field("date"), Some("not a date"));
    assert_eq!(sink.diagnostics.len(), 1);
    assert_eq!(sink.diagnostics[0].place.line, Some(7));
}

#[test]
fn tsv_with_a_recruitment_header() {
    let (res, sink) = parse_fixture("csv/job_ads.tsv");
    res.unwrap();
    assert_eq!(sink.records.len(), 2);
    assert!(
        sink.records
            .iter()
            .all(|r| r.kind == RecordKind::RecruitmentAd)
    );
    assert_eq!(sink.records[1].field("contact"), Some("+95 9 123 456 789"));
    assert_eq!(sink.records[0].field("salary"), Some("$1500/month"));
}

#[test]
fn oversized_rows_and_runaway_quotes_stay_bounded() {
    let opts = Options {
        limits: Limits {
            max_item_bytes: 2048,
            ..Limits::default()
        },
        ..Options::default()
    };
    let mut csv = String::from("id,narrative\nA,short\n");
    csv.push_str(&format!("B,{}\n", "x".repeat(10_000)));
    csv.push_str("C,after\n");
    let (res, sink) = parse_bytes(Format::Csv, Path::new("x.csv"), csv.as_bytes(), &opts);
    res.unwrap();
    let ids: Vec<&str> = sink
        .records
        .iter()
        .map(|r| r.external_id.as_deref().unwrap())
        .collect();
    assert_eq!(ids, ["A", "C"]);
    assert_eq!(sink.diagnostics.len(), 1);
    assert_eq!(sink.diagnostics[0].severity, Severity::Skipped);
    assert_eq!(sink.diagnostics[0].place.line, Some(3));

    // A stray quote swallows the rest of the file into one field: skipped, not buffered.
    let mut csv = String::from("id,narrative\nA,\"never closed\n");
    for i in 0..2000 {
        csv.push_str(&format!("R{i},row\n"));
    }
    let (res, sink) = parse_bytes(Format::Csv, Path::new("x.csv"), csv.as_bytes(), &opts);
    res.unwrap();
    assert_eq!(sink.records.len(), 0);
    assert_eq!(count(&sink, Severity::Skipped), 1);
}

#[test]
fn jsonl_bad_line_is_skipped_with_its_line() {
    let (res, sink) = parse_fixture("jsonl/one_bad_line.jsonl");
    res.unwrap();
    assert_eq!(sink.records.len(), 2);
    assert_eq!(
        sink.records[0].field("contact_telegram"),
        Some("@scam_boss")
    );
    assert_eq!(time(&sink.records[1]), Some("2024-03-05"));
    assert_eq!(sink.records[1].place.line, Some(3));
    let d = &sink.diagnostics[0];
    assert_eq!((d.severity, d.place.line), (Severity::Skipped, Some(2)));
    assert!(d.reason.contains("not valid JSON"), "{}", d.reason);
}

#[test]
fn nested_json_is_flattened() {
    let (res, sink) = parse_fixture("jsonl/nested.jsonl");
    res.unwrap();
    assert_eq!(sink.records.len(), 2);
    let r = &sink.records[0];
    assert_eq!(r.field("contact_phone"), Some("+855 12 345 678"));
    assert_eq!(r.field("contact_social_telegram"), Some("@boss"));
    assert_eq!(fields(r, "tags"), ["usdt", "romance"]);
    assert_eq!(fields(r, "wallets_address"), ["TXYZ", "0xabc"]);
    assert_eq!(r.field("amount"), Some("1500.50"));
    assert_eq!(r.field("verified"), Some("false"));
    assert_eq!(r.field("note"), None);
    assert_eq!(r.text, "nested contact");
    assert_eq!(sink.records[1].place.line, Some(3));
    assert_eq!(time(&sink.records[1]), Some("2024-03-05"));
}

#[test]
fn top_level_array_and_single_object() {
    let (res, sink) = parse_fixture("jsonl/array.json");
    res.unwrap();
    assert_eq!(sink.records.len(), 2);
    assert_eq!(sink.records[0].field("country"), Some("KH"));
    assert_eq!(
        (sink.records[1].place.line, sink.records[1].place.row),
        (Some(4), Some(3))
    );
    assert_eq!(sink.records[1].kind, RecordKind::RecruitmentAd);
    span_starts_with("jsonl/array.json", &sink.records[1], "{\"id\": \"R2\"");
    assert_eq!(sink.diagnostics.len(), 1);
    assert_eq!(sink.diagnostics[0].place.line, Some(3));

    let (res, sink) = parse_fixture("jsonl/single_object.json");
    res.unwrap();
    assert_eq!(sink.records.len(), 1);
    let r = &sink.records[0];
    assert_eq!(r.external_id.as_deref(), Some("S1"));
    assert_eq!(r.text, "one object is one record");
    assert_eq!(r.field("victim_email"), Some("ana@example.com"));
}

#[test]
fn one_line_array_is_streamed_element_by_element() {
    let mut json = String::from("[");
    for i in 0..5000 {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&format!("{{\"id\":\"E{i}\",\"text\":\"report {i}\"}}"));
    }
    json.push(']');
    let (res, sink) = parse_bytes(
        Format::Jsonl,
        Path::new("a.json"),
        json.as_bytes(),
        &Options::default(),
    );
    res.unwrap();
    assert_eq!(sink.records.len(), 5000);
    let last = &sink.records[4999];
    let start = usize::try_from(last.place.byte_start).unwrap();
    let end = usize::try_from(last.place.byte_end).unwrap();
    assert_eq!(
        &json[start..end],
        "{\"id\":\"E4999\",\"text\":\"report 4999\"}"
    );
}

#[test]
fn deep_nesting_ends_with_a_clear_diagnostic_or_error() {
    let deep = format!("{}1{}", "{\"a\":".repeat(100), "}".repeat(100));
    let very_deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = format!("{deep}\n{very_deep}\n{{\"id\":\"ok\"}}\n");
    let (res, sink) = parse_bytes(
        Format::Jsonl,
        Path::new("d.jsonl"),
        text.as_bytes(),
        &Options::default(),
    );
    res.unwrap();
    assert_eq!(sink.records.len(), 1);
    assert_eq!(sink.records[0].external_id.as_deref(), Some("ok"));
    let reasons: Vec<&str> = sink.diagnostics.iter().map(|d| d.reason.as_str()).collect();
    assert_eq!(reasons.len(), 2);
    assert!(reasons[0].contains("deeper than 64"), "{reasons:?}");
    assert!(reasons[1].contains("99999 levels deep"), "{reasons:?}");

    // Pretty-printed and never closed, the same depth leaves no line to resume at: the
    // file fails cleanly.
    let pretty = "[\n".repeat(100_000);
    let (res, _) = parse_bytes(
        Format::Jsonl,
        Path::new("d.json"),
        pretty.as_bytes(),
        &Options::default(),
    );
    match res {
        Err(ParseError::Malformed { reason, place, .. }) => {
            assert!(reason.contains("input ends"), "{reason}");
            assert!(place.line.is_some());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn json_items_over_the_limit_are_skipped_unbuffered() {
    let opts = Options {
        limits: Limits {
            max_item_bytes: 1024,
            ..Limits::default()
        },
        ..Options::default()
    };
    let text = format!(
        "{{\"id\":\"big\",\"text\":\"{}\"}}\n{{\"id\":\"small\"}}\n",
        "y".repeat(1_000_000)
    );
    let (res, sink) = parse_bytes(Format::Jsonl, Path::new("l.jsonl"), text.as_bytes(), &opts);
    res.unwrap();
    assert_eq!(sink.records.len(), 1);
    assert_eq!(sink.records[0].external_id.as_deref(), Some("small"));
    assert_eq!(count(&sink, Severity::Skipped), 1);
    assert_eq!(sink.diagnostics[0].place.line, Some(1));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn csv_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse_bytes(Format::Csv, Path::new("p.csv"), &bytes, &Options::default());
        let _ = parse_bytes(Format::Tsv, Path::new("p.tsv"), &bytes, &Options::default());
    }

    #[test]
    fn csv_like_text_never_panics(s in "[a-z0-9,;|\t\"\r\n/: ]{0,400}") {
        let tiny = Options { limits: Limits { max_item_bytes: 64, ..Limits::default() }, ..Options::default() };
        let _ = parse_bytes(Format::Csv, Path::new("p.csv"), s.as_bytes(), &tiny);
        let (res, sink) = parse_bytes(Format::Csv, Path::new("p.csv"), s.as_bytes(), &Options::default());
        prop_assert!(res.is_ok());
        for r in &sink.records {
            prop_assert!(r.place.byte_start <= r.place.byte_end);
            prop_assert!(r.place.byte_end <= s.len() as u64);
        }
    }

    #[test]
    fn jsonl_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse_bytes(Format::Jsonl, Path::new("p.jsonl"), &bytes, &Options::default());
    }

    #[test]
    fn json_like_text_never_panics(s in "[\\[\\]{}\",:0-9a-z \n\\\\]{0,400}") {
        let tiny = Options { limits: Limits { max_item_bytes: 64, max_json_depth: 3, ..Limits::default() }, ..Options::default() };
        let _ = parse_bytes(Format::Jsonl, Path::new("p.jsonl"), s.as_bytes(), &tiny);
        let _ = parse_bytes(Format::Jsonl, Path::new("p.jsonl"), s.as_bytes(), &Options::default());
    }
}

/// Every prefix of every fixture, and each fixture with one byte changed, parses without
/// panicking: truncated downloads and bit rot are ordinary input.
#[test]
fn cut_and_damaged_fixtures_never_panic() {
    for dir in ["csv", "jsonl"] {
        for entry in std::fs::read_dir(fixture(dir)).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let Ok(format) =
                millwatch_ingest::detect_format(&path, &bytes[..bytes.len().min(8192)])
            else {
                continue;
            };
            let step = (bytes.len() / 300).max(1);
            for cut in (0..bytes.len()).step_by(step) {
                let _ = parse_bytes(format, &path, &bytes[..cut], &Options::default());
                let mut damaged = bytes.clone();
                damaged[cut] ^= 0x5a;
                let _ = parse_bytes(format, &path, &damaged, &Options::default());
            }
        }
    }
}

#[test]
fn repeated_warnings_are_capped_per_column_and_summarised() {
    let mut csv = String::from("id,date\n");
    for i in 0..25 {
        csv.push_str(&format!("X{i},someday\n"));
    }
    let (res, sink) = parse_bytes(
        Format::Csv,
        Path::new("w.csv"),
        csv.as_bytes(),
        &Options::default(),
    );
    res.unwrap();
    assert_eq!(sink.records.len(), 25);
    assert_eq!(sink.diagnostics.len(), 21);
    assert!(
        sink.diagnostics[..20]
            .iter()
            .all(|d| d.place.line.is_some())
    );
    assert!(
        sink.diagnostics[20].reason.contains("5 more rows"),
        "{}",
        sink.diagnostics[20].reason
    );
}

#[test]
fn unmapped_thai_and_khmer_columns_keep_their_marks() {
    let csv = "รหัส,หมายเหตุ,ที่อยู่,ឈ្មោះភ្នាក់ងារ\nT-9,ไม่ได้รับเงินเดือน,แม่สอด,សុខា\n";
    let (res, sink) = parse_bytes(
        Format::Csv,
        Path::new("t.csv"),
        csv.as_bytes(),
        &Options::default(),
    );
    res.unwrap();
    let r = &sink.records[0];
    assert_eq!(r.field("หมายเหตุ"), Some("ไม่ได้รับเงินเดือน"), "{:?}", r.fields);
    assert_eq!(r.field("ที่อยู่"), Some("แม่สอด"), "{:?}", r.fields);
    assert_eq!(r.field("ឈ្មោះភ្នាក់ងារ"), Some("សុខា"), "{:?}", r.fields);
}
