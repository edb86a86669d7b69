//! Tests of the text parser.

use std::path::Path;

use millwatch_ingest::{Limits, Options};
use millwatch_model::{Format, RecordKind, Severity};
use proptest::prelude::*;

use super::*;

#[test]
fn markdown_title_is_the_first_heading() {
    let (res, sink) = parse_fixture("text/sos.md");
    res.unwrap();
    assert_eq!(sink.records.len(), 1);
    assert_eq!(sink.records[0].kind, RecordKind::Document);
    assert_eq!(sink.records[0].title.as_deref(), Some("SOS from Myawaddy"));
    assert!(sink.records[0].text.contains("KK Park"));
}

#[test]
fn front_matter_title_wins() {
    let (res, sink) = parse_fixture("text/front_matter.md");
    res.unwrap();
    assert_eq!(sink.records.len(), 1);
    assert_eq!(
        sink.records[0].title.as_deref(),
        Some("Field notes, Mae Sot")
    );
}

#[test]
fn gbk_text_is_detected_and_titled_by_its_first_line() {
    let (res, sink) = parse_fixture("text/gbk_note.txt");
    let parsed = res.unwrap();
    assert_eq!(parsed.decoding.method, "detected");
    assert!(["GBK", "gb18030"].contains(&parsed.decoding.encoding.as_str()));
    assert_eq!(sink.records[0].title.as_deref(), Some("求救信息"));
    assert!(sink.records[0].text.contains("妙瓦底"));
}

#[test]
fn kind_option_applies() {
    let opts = Options {
        kind: Some(RecordKind::MissingPerson),
        ..Options::default()
    };
    let (_, sink) = parse_fixture_with("text/sos.md", &opts);
    assert_eq!(sink.records[0].kind, RecordKind::MissingPerson);
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
    let mut text = String::from("# Title\n");
    for i in 0..10 {
        text.push_str(&format!("line number {i} of a report\n"));
    }
    text.push_str(&"x".repeat(500));
    text.push_str("\nlast line\n");
    let (res, sink) = parse_bytes(Format::Text, Path::new("t.txt"), text.as_bytes(), &opts);
    res.unwrap();
    // Parts of at most 64 bytes; the skipped line ends a part too.
    assert_eq!(sink.records.len(), 6);
    let skipped: Vec<_> = sink
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Skipped)
        .collect();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].place.line, Some(12));
    assert_eq!(
        sink.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count(),
        1
    );
    assert!(sink.records.iter().all(|r| r.text.len() <= 64));
    assert!(sink.records.last().unwrap().text.contains("last line"));
    assert_eq!(sink.records[0].title.as_deref(), Some("Title"));
    assert_eq!(sink.records[1].title.as_deref(), Some("Title (part 2)"));
    // Each part's span covers its own text.
    for r in &sink.records {
        let span = &text[r.place.byte_start as usize..r.place.byte_end as usize];
        assert_eq!(span, r.text.trim_end_matches('\n'));
    }
    assert_eq!(sink.records[1].place.line, Some(4));
}

#[test]
fn a_huge_line_is_not_held() {
    let opts = Options {
        limits: Limits {
            max_item_bytes: 1 << 16,
            ..Limits::default()
        },
        ..Options::default()
    };
    let mut text = vec![b'a'; 20 << 20];
    text.extend_from_slice(b"\nafter\n");
    let (res, sink) = parse_bytes(Format::Text, Path::new("t.txt"), &text, &opts);
    res.unwrap();
    assert_eq!(sink.records.len(), 1);
    assert_eq!(sink.records[0].text, "after\n");
    assert_eq!(sink.records[0].place.line, Some(2));
    assert_eq!(sink.diagnostics.len(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse_bytes(Format::Text, Path::new("t.md"), &bytes, &Options::default());
        let tiny = Options { limits: Limits { max_item_bytes: 16, ..Limits::default() }, ..Options::default() };
        let _ = parse_bytes(Format::Text, Path::new("t.md"), &bytes, &tiny);
    }
}

/// Every prefix of every fixture, and each fixture with one byte changed, parses without
/// panicking: truncated downloads and bit rot are ordinary input.
#[test]
fn cut_and_damaged_fixtures_never_panic() {
    for dir in ["text"] {
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
