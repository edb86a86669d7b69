//! Tests of the Telegram export parser.

use std::path::Path;

use millwatch_ingest::Options;
use millwatch_model::{Format, RecordKind};
use proptest::prelude::*;

use super::*;

#[test]
fn single_chat_export() {
    let (res, sink) = parse_fixture("telegram/single_chat.json");
    res.unwrap();
    // Seven messages, two of them service messages.
    assert_eq!(sink.records.len(), 5);
    assert!(sink.diagnostics.is_empty(), "{:?}", sink.diagnostics);
    assert!(
        sink.records
            .iter()
            .all(|r| r.kind == RecordKind::ChatMessage)
    );
    let ids: Vec<&str> = sink
        .records
        .iter()
        .map(|r| r.place.message_id.as_deref().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "1234567890/2",
            "1234567890/3",
            "1234567890/4",
            "1234567890/5",
            "1234567890/7"
        ]
    );

    let r = &sink.records[0];
    assert_eq!(r.time.as_ref().unwrap().as_str(), "2024-03-01T09:01:00Z");
    assert_eq!(r.field("chat"), Some("Golden Investment VIP"));
    assert_eq!(r.field("chat_type"), Some("private_supergroup"));
    assert_eq!(r.field("sender"), Some("Mentor Lisa"));
    assert_eq!(r.field("sender_id"), Some("user111"));
    assert_eq!(r.title.as_deref(), Some("Golden Investment VIP"));
    assert!(r.text.contains("TQrZ9wBzhRnz5SxdfMXMBWvPGZPzYpLmHD"));

    // Text as a list of strings and entities; the hidden link target is a field.
    let r = &sink.records[1];
    assert_eq!(
        r.text,
        "Register at our platform or write @golden_support\nCall +855 96 123 4567"
    );
    assert_eq!(r.field("href"), Some("https://golden-vip.example/register"));
    assert_eq!(r.field("edited"), Some("2024-03-01T09:05:00"));

    assert_eq!(sink.records[2].text, "[photo]");
    assert_eq!(sink.records[2].field("reply_to"), Some("2"));
    assert_eq!(
        sink.records[2].field("media"),
        Some("photos/photo_1@01-03-2024_09-03-00.jpg")
    );
    assert_eq!(
        sink.records[3].text,
        "[file: contract.pdf]\nsigned contract\u{b} attached"
    );
    assert_eq!(
        sink.records[3].field("forwarded_from"),
        Some("Crypto Signals")
    );
    assert_eq!(sink.records[4].text, "[sticker 😀]");

    // The place is the message object, on the line where it starts.
    let bytes = std::fs::read(fixture("telegram/single_chat.json")).unwrap();
    let p = &sink.records[0].place;
    let span = &bytes[p.byte_start as usize..p.byte_end as usize];
    assert!(span.starts_with(b"{") && span.ends_with(b"}"));
    assert!(String::from_utf8_lossy(span).contains("\"id\": 2,"));
    assert_eq!(p.line, Some(19));
}

#[test]
fn whole_account_export_with_left_chats() {
    let (res, sink) = parse_fixture("telegram/account.json");
    res.unwrap();
    assert_eq!(sink.records.len(), 5);
    let chats: Vec<Option<&str>> = sink.records.iter().map(|r| r.field("chat")).collect();
    assert_eq!(
        chats,
        [
            Some("Lisa"),
            Some("Lisa"),
            None,
            Some("Job Offers Thailand"),
            Some("Job Offers Thailand")
        ]
    );
    assert_eq!(sink.records[1].text, "[location 11.55, 104.91]");
    assert_eq!(sink.records[2].field("chat_type"), Some("saved_messages"));
    assert_eq!(sink.records[2].place.message_id.as_deref(), Some("999/20"));
    // Old exports have no date_unixtime: local time without a zone.
    assert_eq!(
        sink.records[3].time.as_ref().unwrap().as_str(),
        "2023-12-01T08:30:00"
    );
    assert_eq!(
        sink.records[3].text,
        "Hiring typists, 1500 USD, contact @hr_kk"
    );
    assert_eq!(
        sink.records[4].text,
        "[contact: HR Manager +95 9 987 654 321]"
    );
    assert_eq!(sink.records[4].field("phone"), Some("+95 9 987 654 321"));
}

#[test]
fn a_truncated_export_is_malformed_with_its_place() {
    let bytes = std::fs::read(fixture("telegram/single_chat.json")).unwrap();
    let cut = &bytes[..bytes.len() / 2];
    let (res, _) = parse_bytes(
        Format::TelegramJson,
        Path::new("result.json"),
        cut,
        &Options::default(),
    );
    match res {
        Err(ParseError::Malformed { place, reason, .. }) => {
            assert!(place.line.is_some());
            assert!(reason.contains("cut short"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn detection_routes_exports_and_other_json() {
    let detect = |rel: &str| {
        let path = fixture(rel);
        let bytes = std::fs::read(&path).unwrap();
        millwatch_ingest::detect_format(&path, &bytes[..bytes.len().min(8192)]).unwrap()
    };
    assert_eq!(detect("telegram/single_chat.json"), Format::TelegramJson);
    assert_eq!(detect("telegram/account.json"), Format::TelegramJson);
    assert_eq!(detect("jsonl/array.json"), Format::Jsonl);
    assert_eq!(detect("jsonl/single_object.json"), Format::Jsonl);
}

/// A message object from generated parts.
fn message(id: u32, kind: &str, text: &str) -> String {
    format!(
        r#"{{"id": {id}, "type": "{kind}", "date": "2024-01-01T00:00:00", "from": "A", "text": {}}}"#,
        serde_json::Value::String(text.to_owned())
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse_bytes(Format::TelegramJson, Path::new("result.json"), &bytes, &Options::default());
    }

    #[test]
    fn counts_every_message_and_no_service(
        msgs in proptest::collection::vec((any::<bool>(), "\\PC{0,20}"), 0..30)
    ) {
        let list: Vec<String> = msgs
            .iter()
            .enumerate()
            .map(|(i, (svc, t))| message(i as u32, if *svc { "service" } else { "message" }, t))
            .collect();
        let json = format!(r#"{{"name": "c", "type": "personal_chat", "id": 1, "messages": [{}]}}"#, list.join(",\n"));
        let (res, sink) = parse_bytes(Format::TelegramJson, Path::new("result.json"), json.as_bytes(), &Options::default());
        prop_assert!(res.is_ok());
        let expected = msgs.iter().filter(|(svc, _)| !svc).count();
        prop_assert_eq!(sink.records.len(), expected);
        for (r, (_, t)) in sink.records.iter().zip(msgs.iter().filter(|(svc, _)| !svc)) {
            prop_assert_eq!(&r.text, t);
        }
    }

    #[test]
    fn mangled_exports_never_panic(cut in 0usize..3000, byte in any::<u8>()) {
        let mut bytes = std::fs::read(fixture("telegram/single_chat.json")).unwrap();
        let at = cut % bytes.len();
        bytes[at] = byte;
        let _ = parse_bytes(Format::TelegramJson, Path::new("result.json"), &bytes, &Options::default());
        let _ = parse_bytes(Format::TelegramJson, Path::new("result.json"), &bytes[..at], &Options::default());
    }
}

/// Every prefix of every fixture, and each fixture with one byte changed, parses without
/// panicking: truncated downloads and bit rot are ordinary input.
#[test]
fn cut_and_damaged_fixtures_never_panic() {
    for dir in ["telegram"] {
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
