//! Pathological inputs in small versions (the huge ones are in `bench/huge_inputs.sh`):
//! long lines under a lowered limit, deep nesting, binary junk under every format. Each must
//! end with records plus located diagnostics or a clear whole-file error, never a panic.

use std::path::Path;

use millwatch_ingest::{Limits, Options, ParseError};
use millwatch_model::{Format, Severity, VecSink};

use super::parse_bytes;

const ALL: [Format; 9] = [
    Format::Text,
    Format::Csv,
    Format::Tsv,
    Format::Jsonl,
    Format::Eml,
    Format::Mbox,
    Format::Html,
    Format::TelegramJson,
    Format::WhatsappText,
];

fn limited(item: usize) -> Options {
    Options {
        limits: Limits {
            max_item_bytes: item,
            max_whole_file_bytes: 4 * item,
            max_json_depth: 32,
        },
        ..Options::default()
    }
}

fn skipped(sink: &VecSink) -> Vec<&millwatch_model::Diagnostic> {
    sink.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Skipped)
        .collect()
}

/// The records kept are `ids` (by external id) and exactly one item was skipped, at `line`.
fn assert_kept_and_one_skipped(sink: &VecSink, ids: &[&str], line: u64) {
    let kept: Vec<_> = sink
        .records
        .iter()
        .filter_map(|r| r.external_id.as_deref())
        .collect();
    assert_eq!(kept, ids);
    let sk = skipped(sink);
    assert_eq!(sk.len(), 1, "{:?}", sink.diagnostics);
    assert_eq!(sk[0].place.line, Some(line), "{:?}", sk[0]);
}

const BIG: usize = 20 << 20;
/// One level deeper than the JSON reader walks through when skipping (its
/// `SKIP_DEPTH_LIMIT`).
const SKIP_ABYSS: usize = (1 << 24) + 1;

#[test]
fn a_20_mb_line_in_text_is_skipped_and_the_rest_read() {
    let mut input = b"first line +855 12 345 678\n".to_vec();
    input.extend(std::iter::repeat_n(b'a', BIG));
    input.extend_from_slice(b"\nlast line after the long one\n");
    let (res, sink) = parse_bytes(
        Format::Text,
        Path::new("long.txt"),
        &input,
        &limited(1 << 20),
    );
    res.unwrap();
    let all: String = sink.records.iter().map(|r| r.text.as_str()).collect();
    assert!(all.contains("first line"), "{all:.200}");
    assert!(all.contains("last line after the long one"), "{all:.200}");
    assert!(!all.contains("aaaa"), "the long line must not be kept");
    let sk = skipped(&sink);
    assert_eq!(sk.len(), 1, "{:?}", sink.diagnostics);
    assert_eq!(sk[0].place.line, Some(2), "{:?}", sk[0]);
}

#[test]
fn a_20_mb_csv_cell_is_skipped_with_its_row_and_the_rest_read() {
    let mut input = b"id,narrative\nA,ok\nB,".to_vec();
    input.extend(std::iter::repeat_n(b'x', BIG));
    input.extend_from_slice(b"\nC,fine\n");
    let (res, sink) = parse_bytes(
        Format::Csv,
        Path::new("long.csv"),
        &input,
        &limited(1 << 20),
    );
    res.unwrap();
    assert_kept_and_one_skipped(&sink, &["A", "C"], 3);
}

#[test]
fn a_20_mb_jsonl_line_is_skipped_and_the_rest_read() {
    let mut input = b"{\"id\":\"A\",\"text\":\"ok\"}\n{\"id\":\"B\",\"text\":\"".to_vec();
    input.extend(std::iter::repeat_n(b'y', BIG));
    input.extend_from_slice(b"\"}\n{\"id\":\"C\",\"text\":\"fine\"}\n");
    let (res, sink) = parse_bytes(
        Format::Jsonl,
        Path::new("long.jsonl"),
        &input,
        &limited(1 << 20),
    );
    res.unwrap();
    assert_kept_and_one_skipped(&sink, &["A", "C"], 2);
}

#[test]
fn deep_json_costs_one_item_or_ends_with_a_clear_error_in_every_json_format() {
    let depth = 200_000;
    let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    // A deep line among good JSONL lines: the line is skipped, the others kept.
    let jsonl = format!("{{\"id\":\"A\"}}\n{deep}\n{{\"id\":\"C\"}}\n");
    let (res, sink) = parse_bytes(
        Format::Jsonl,
        Path::new("deep.jsonl"),
        jsonl.as_bytes(),
        &limited(1 << 20),
    );
    res.unwrap();
    assert_eq!(sink.records.len(), 2, "{:?}", sink.diagnostics);
    assert_eq!(skipped(&sink)[0].place.line, Some(2));
    // A deep document alone.
    let (res, sink) = parse_bytes(
        Format::Jsonl,
        Path::new("deep.json"),
        deep.as_bytes(),
        &limited(1 << 20),
    );
    assert!(res.is_err() || !skipped(&sink).is_empty(), "{res:?}");
    // Deep JSON inside a Telegram export's message text: that message is skipped (or its
    // text refused), the export's other messages are read.
    let nested = format!("{}\"x\"{}", "[".repeat(depth), "]".repeat(depth));
    let tg = format!(
        r#"{{"name":"Chat","type":"personal_chat","id":1,"messages":[
{{"id":1,"type":"message","date":"2024-03-05T10:00:00","from":"A","from_id":"user1","text":"hello"}},
{{"id":2,"type":"message","date":"2024-03-05T10:01:00","from":"A","from_id":"user1","text":{nested}}},
{{"id":3,"type":"message","date":"2024-03-05T10:02:00","from":"B","from_id":"user2","text":"bye"}}]}}"#
    );
    let (res, sink) = parse_bytes(
        Format::TelegramJson,
        Path::new("result.json"),
        tg.as_bytes(),
        &limited(1 << 20),
    );
    // The export's other messages are read; the deep one is skipped with a diagnostic
    // naming it.
    res.unwrap();
    let texts: Vec<_> = sink.records.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["hello", "bye"]);
    let sk = skipped(&sink);
    assert_eq!(sk.len(), 1, "{:?}", sink.diagnostics);
    assert_eq!(sk[0].place.message_id.as_deref(), Some("1/2"));
    assert!(sk[0].reason.contains("levels deep"), "{}", sk[0].reason);
    // Deeper than the reader walks through at all: a clear error, not a hang or a crash.
    let abyss = format!(
        r#"{{"name":"Chat","type":"personal_chat","id":1,"messages":[{{"id":1,"x":{}"#,
        "[".repeat(SKIP_ABYSS)
    );
    let (res, _) = parse_bytes(
        Format::TelegramJson,
        Path::new("result.json"),
        abyss.as_bytes(),
        &limited(1 << 20),
    );
    let e = res.unwrap_err().to_string();
    assert!(e.contains("deep") || e.contains("nest"), "{e}");
}

fn junk(len: usize, seed: u64) -> Vec<u8> {
    // xorshift: deterministic bytes with NULs and every high byte.
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn binary_junk_under_every_format_ends_cleanly() {
    for (i, format) in ALL.into_iter().enumerate() {
        for seed in 1..4u64 {
            let bytes = junk(300_000, seed * 7919 + i as u64);
            let (res, sink) =
                parse_bytes(format, Path::new("junk.bin"), &bytes, &limited(64 << 10));
            if let Err(e) = &res {
                assert!(!matches!(e, ParseError::Io(_)), "{format}: {e}");
                assert!(!e.to_string().is_empty());
            }
            for d in &sink.diagnostics {
                assert!(!d.reason.is_empty(), "{format}: {d:?}");
            }
        }
    }
}

#[test]
fn junk_named_as_text_formats_is_refused_by_detection() {
    let bytes = junk(100_000, 42);
    for name in [
        "a.txt", "a.csv", "a.json", "a.eml", "a.jsonl", "a.mbox", "a.html",
    ] {
        let err = millwatch_ingest::detect_format(Path::new(name), &bytes[..8192]).unwrap_err();
        assert!(err.to_string().contains("binary"), "{name}: {err}");
    }
}

#[test]
fn an_oversized_mbox_message_is_skipped_with_its_line_and_the_rest_read() {
    let mut mbox = b"From a@x Tue Mar  5 10:00:00 2024\nSubject: one\n\nfirst\n\n".to_vec();
    mbox.extend_from_slice(b"From b@x Tue Mar  5 10:01:00 2024\nSubject: two\n\n");
    for _ in 0..20_000 {
        mbox.extend_from_slice(b"a line of a huge body that is over the limit\n");
    }
    mbox.extend_from_slice(b"\nFrom c@x Tue Mar  5 10:02:00 2024\nSubject: three\n\nthird\n");
    let (res, sink) = parse_bytes(Format::Mbox, Path::new("m.mbox"), &mbox, &limited(64 << 10));
    res.unwrap();
    assert_eq!(sink.records.len(), 2, "{:?}", sink.diagnostics);
    let sk = skipped(&sink);
    assert_eq!(sk.len(), 1, "{:?}", sink.diagnostics);
    assert_eq!(sk[0].place.line, Some(6), "{:?}", sk[0]);
}

#[test]
fn a_malformed_telegram_message_is_skipped_with_its_line() {
    let tg = r#"{"name":"Chat","type":"personal_chat","id":1,"messages":[
{"id":1,"type":"message","date":"2024-03-05T10:00:00","from":"A","from_id":"user1","text":"hello"},
{"id":2,"type":"message","date":"2024-03-05T10:01:00","from":"A","from_id":"user1","text":"x","from":{"a":[1,2]}},
42,
{"id":3,"type":"message","date":"2024-03-05T10:02:00","from":"B","from_id":"user2","text":"bye"}]}"#;
    let (res, sink) = parse_bytes(
        Format::TelegramJson,
        Path::new("result.json"),
        tg.as_bytes(),
        &Options::default(),
    );
    res.unwrap();
    let texts: Vec<_> = sink.records.iter().map(|r| r.text.as_str()).collect();
    assert!(
        texts.contains(&"hello") && texts.contains(&"bye"),
        "{texts:?}"
    );
    // A sender that is not a string is tolerated (the message is kept without one); the
    // element that is not a message at all is skipped and named by its line and bytes.
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert_eq!(sink.diagnostics.len(), 1, "{:?}", sink.diagnostics);
    let d = &sink.diagnostics[0];
    assert_eq!(d.severity, Severity::Skipped);
    assert_eq!(d.place.line, Some(4), "{d:?}");
    assert!(d.reason.contains("not a JSON object"), "{d:?}");
}
