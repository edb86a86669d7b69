//! Tests of the tabular parser.

use millwatch_ingest::Options;
use millwatch_model::{RecordKind, Severity};

use super::*;

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
    assert_eq!(r.time.as_ref().unwrap().as_str(), "2024-03-05");
    assert_eq!((r.place.line, r.place.row), (Some(2), Some(1)));
    assert_eq!(sink.records[1].place.line, Some(4));
    assert_eq!(
        sink.records[1].time.as_ref().unwrap().as_str(),
        "2024-03-05"
    );
}

#[test]
fn map_overrides_the_automatic_mapping() {
    let opts = Options {
        map: vec![("phone".into(), "text".into())],
        kind: Some(RecordKind::RecruitmentAd),
        ..Options::default()
    };
    let (res, sink) = parse_fixture_with("csv/semicolon_multiline.csv", &opts);
    res.unwrap();
    assert!(sink.records[0].text.contains("+855 12 345 678"));
    assert_eq!(sink.records[0].kind, RecordKind::RecruitmentAd);
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
    assert_eq!(
        sink.records[1].time.as_ref().unwrap().as_str(),
        "2024-03-05"
    );
    let d = &sink.diagnostics[0];
    assert_eq!((d.severity, d.place.line), (Severity::Skipped, Some(2)));
}

#[test]
fn gbk_csv_is_decoded() {
    let text = "id,描述\nC1,他们说这是一个投资平台，其实是诈骗集团，我损失了很多钱\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    let (res, sink) = parse_bytes(
        millwatch_model::Format::Csv,
        std::path::Path::new("x.csv"),
        &bytes,
        &Options::default(),
    );
    let parsed = res.unwrap();
    assert_eq!(parsed.decoding.method, "detected");
    assert!(sink.records[0].text.contains("诈骗集团"));
}
