use millwatch_model::VecSink;

use super::*;

fn run(name: &str, text: &str) -> (Result<Parsed, ParseError>, VecSink) {
    let mut sink = VecSink::default();
    let mut input = text.as_bytes();
    let res = parse(Path::new(name), &mut input, &Options::default(), &mut sink);
    (res, sink)
}

#[test]
fn chat_names_from_file_names() {
    let name = |p: &str| chat_from_path(Path::new(p));
    assert_eq!(
        name("WhatsApp Chat with Alice.txt").as_deref(),
        Some("Alice")
    );
    assert_eq!(
        name("WhatsApp Chat - Family Group.txt").as_deref(),
        Some("Family Group")
    );
    assert_eq!(
        name("Chat de WhatsApp con Ana (1).txt").as_deref(),
        Some("Ana")
    );
    assert_eq!(name("WhatsApp-Chat mit Jens.txt").as_deref(), Some("Jens"));
    assert_eq!(name("_chat.txt"), None);
    assert_eq!(name("notes.txt"), None);
}

#[test]
fn order_is_decided_by_the_file_not_the_line() {
    // The first lines are ambiguous; the third settles day first.
    let text =
        "01/02/2024, 10:00 - A: one\n02/02/2024, 10:00 - B: two\n13/02/2024, 10:00 - A: three\n";
    let (res, sink) = run("x.txt", text);
    res.unwrap();
    let times: Vec<&str> = sink
        .records
        .iter()
        .map(|r| r.time.as_ref().unwrap().as_str())
        .collect();
    assert_eq!(
        times,
        [
            "2024-02-01T10:00:00",
            "2024-02-02T10:00:00",
            "2024-02-13T10:00:00"
        ]
    );
    assert!(sink.diagnostics.is_empty());
}

#[test]
fn undecided_order_follows_the_steadiest_reading() {
    // Read day first these are 5, 6, 7 January; month first they are months apart.
    let text =
        "05/01/2024, 10:00 - A: one\n06/01/2024, 10:00 - B: two\n07/01/2024, 10:00 - A: three\n";
    let (res, sink) = run("x.txt", text);
    res.unwrap();
    assert_eq!(
        sink.records[2].time.as_ref().unwrap().as_str(),
        "2024-01-07T10:00:00"
    );
    assert_eq!(sink.diagnostics.len(), 1);
}

#[test]
fn not_whatsapp_is_malformed() {
    let (res, _) = run("x.txt", "just some notes\nnothing here\n");
    assert!(matches!(res, Err(ParseError::Malformed { .. })));
}

#[test]
fn sniffs_exports_only() {
    assert!(sniff(
        "12/31/23, 9:41 PM - A: hi\n12/31/23, 9:42 PM - B: yo\n"
    ));
    assert!(sniff(
        "\u{feff}[31/12/2023, 21:41:07] A: hi\n[31/12/2023, 21:42:07] B: yo\n"
    ));
    assert!(!sniff("# Notes\n12/31/23 was the day\n"));
    assert!(!sniff("id,date\n1,12/31/23\n"));
}
