use millwatch_model::VecSink;

use super::*;

fn run(json: &str) -> (std::result::Result<Parsed, ParseError>, VecSink) {
    let mut sink = VecSink::default();
    let mut input = json.as_bytes();
    let res = parse(&mut input, &Options::default(), &mut sink);
    (res, sink)
}

#[test]
fn sniffs_both_layouts_and_nothing_else() {
    assert!(sniff(
        br#"{ "name": "X", "type": "personal_chat", "id": 1, "messages": ["#
    ));
    assert!(sniff(
        br#"{"about": "Here is the data you requested.", "personal_information": {"#
    ));
    assert!(sniff(br#"{"messages" : [ {"id": 1, "type" : "message", "#));
    assert!(!sniff(br#"[{"id": 1, "type": "message"}]"#));
    assert!(!sniff(br#"{"id": 1, "narrative": "messages"}"#));
    assert!(!sniff(br#"{"messages": "none", "type": "report"}"#));
    assert!(!sniff(
        br#"{"about": "our CRM", "contacts": [{"name": "x"}]}"#
    ));
    assert!(sniff(
        br#"{"about": "x", "chats": {"about": "y", "list": ["#
    ));
}

#[test]
fn media_notes() {
    let (res, sink) = run(
        r#"{"name": "C", "type": "private_group", "id": 9, "messages": [
        {"id": 1, "type": "message", "date": "2024-01-02T03:04:05", "from": "A", "from_id": "user1",
         "file": "video_files/clip.mp4", "media_type": "video_file", "mime_type": "video/mp4", "text": ""},
        {"id": 2, "type": "message", "date": "2024-01-02T03:04:05", "from": "A",
         "file": "(File not included. Change data exporting settings to download.)",
         "media_type": "sticker", "sticker_emoji": "😀", "text": ""},
        {"id": 3, "type": "message", "date": "2024-01-02T03:04:05", "from": "A",
         "location_information": {"latitude": 11.55, "longitude": 104.91}, "text": ""},
        {"id": 4, "type": "message", "date": "2024-01-02T03:04:05", "from": "A",
         "contact_information": {"first_name": "Li", "last_name": "", "phone_number": "+855 12 345 678"},
         "text": ""},
        {"id": 5, "type": "message", "date": "2024-01-02T03:04:05", "from": "A",
         "photo": "photos/p.jpg", "width": 1, "height": 1, "text": "look"},
        {"id": 6, "type": "message", "date": "2024-01-02T03:04:05", "from": "A",
         "poll": {"question": "Q?", "closed": false, "total_voters": 0,
                  "answers": [{"text": "yes", "voters": 0, "chosen": false}, {"text": "no", "voters": 0, "chosen": false}]},
         "text": ""},
        {"id": 7, "type": "message", "date": "2024-01-02T03:04:05", "from": "A",
         "file": "voice_messages/a.ogg", "media_type": "voice_message", "text": ""},
        {"id": 8, "type": "unsupported"}
    ]}"#,
    );
    res.unwrap();
    let texts: Vec<&str> = sink.records.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "[video_file: clip.mp4]",
            "[sticker 😀]",
            "[location 11.55, 104.91]",
            "[contact: Li +855 12 345 678]",
            "[photo]\nlook",
            "[poll: Q?] yes / no",
            "[voice_message]",
            "[unsupported message]",
        ]
    );
    assert_eq!(sink.records[0].field("media"), Some("video_files/clip.mp4"));
    assert_eq!(sink.records[1].field("media"), None);
    assert_eq!(sink.records[3].field("phone"), Some("+855 12 345 678"));
    assert_eq!(sink.records[0].place.message_id.as_deref(), Some("9/1"));
}

#[test]
fn broken_syntax_is_malformed_with_its_line() {
    let (res, _) = run(
        "{\"name\": \"C\", \"id\": 1, \"messages\": [\n {\"id\": 1, \"type\": \"message\",\n \"text\": \"a\" \"b\"}]}",
    );
    match res {
        Err(ParseError::Malformed { place, .. }) => assert_eq!(place.line, Some(3)),
        other => panic!("{other:?}"),
    }
    let (res, _) =
        run("{\"name\": \"C\", \"id\": 1, \"messages\": [\n {\"id\": 1, \"type\": \"message\"");
    assert!(matches!(res, Err(ParseError::Malformed { .. })));
    let (res, _) = run("{\"narrative\": \"x\"}");
    assert!(matches!(res, Err(ParseError::Malformed { .. })));
    let (res, _) = run("[]");
    assert!(matches!(res, Err(ParseError::Malformed { .. })));
}

#[test]
fn odd_messages_are_skipped_or_kept_leniently() {
    let (res, sink) = run(
        r#"{"name": null, "type": "saved_messages", "id": 5, "messages": [
        "not a message",
        {"id": 2, "type": "mystery"},
        {"id": 3, "type": "message", "from": null, "from_id": 77, "text": 42, "date": "bad"},
        {"id": 4, "type": "message", "text": {"type": "bold", "text": "hi"}},
        {"id": 5, "type": "service", "action": "pin_message"}
    ]}"#,
    );
    res.unwrap();
    assert_eq!(sink.records.len(), 2);
    assert_eq!(sink.records[0].text, "42");
    assert_eq!(sink.records[0].field("sender_id"), Some("77"));
    assert_eq!(sink.records[0].time, None);
    assert_eq!(sink.records[1].text, "hi");
    assert_eq!(sink.diagnostics.len(), 2);
}

#[test]
fn oversized_messages_are_skipped() {
    let big = "x".repeat(5000);
    let json = format!(
        r#"{{"id": 1, "messages": [{{"id": 1, "type": "message", "text": "{big}"}}, {{"id": 2, "type": "message", "text": "ok"}}]}}"#
    );
    let mut sink = VecSink::default();
    let opts = Options {
        limits: crate::Limits {
            max_item_bytes: 1000,
            ..crate::Limits::default()
        },
        ..Options::default()
    };
    parse(&mut json.as_bytes(), &opts, &mut sink).unwrap();
    assert_eq!(sink.records.len(), 1);
    assert_eq!(sink.records[0].text, "ok");
    assert_eq!(
        sink.diagnostics[0].severity,
        millwatch_model::Severity::Skipped
    );
    assert_eq!(sink.diagnostics[0].place.message_id.as_deref(), Some("1/1"));
}
