//! Tests of the text parser.

use millwatch_ingest::{Limits, Options};
use millwatch_model::Severity;

use super::*;

#[test]
fn markdown_title_is_the_first_heading() {
    let (res, sink) = parse_fixture("text/sos.md");
    res.unwrap();
    assert_eq!(sink.records.len(), 1);
    assert_eq!(sink.records[0].title.as_deref(), Some("SOS from Myawaddy"));
    assert!(sink.records[0].text.contains("KK Park"));
}

#[test]
fn long_files_are_split_and_long_lines_skipped() {
    let opts = Options {
        limits: Limits {
            max_item_bytes: 64,
            ..Limits::default()
        },
        ..Options::default()
    };
    let mut text = String::new();
    for i in 0..10 {
        text.push_str(&format!("line number {i} of a report\n"));
    }
    text.push_str(&"x".repeat(500));
    text.push_str("\nlast line\n");
    let (res, sink) = parse_bytes(
        millwatch_model::Format::Text,
        std::path::Path::new("t.txt"),
        text.as_bytes(),
        &opts,
    );
    res.unwrap();
    assert!(sink.records.len() > 3);
    let skipped: Vec<_> = sink
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Skipped)
        .collect();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].place.line, Some(11));
    assert!(sink.records.iter().all(|r| r.text.len() <= 64));
    assert!(sink.records.last().unwrap().text.contains("last line"));
}
