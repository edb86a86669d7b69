//! Tests of the WhatsApp export parser.

use std::path::Path;

use millwatch_ingest::{Limits, Options};
use millwatch_model::{Format, RecordDraft, RecordKind, VecSink};
use proptest::prelude::*;

use super::*;

fn texts(sink: &VecSink) -> Vec<&str> {
    sink.records.iter().map(|r| r.text.as_str()).collect()
}

fn senders(sink: &VecSink) -> Vec<&str> {
    sink.records
        .iter()
        .map(|r| r.field("sender").unwrap_or("<none>"))
        .collect()
}

fn time(r: &RecordDraft) -> &str {
    r.time.as_ref().map_or("<none>", |t| t.as_str())
}

#[test]
fn android_month_first_12_hour() {
    let rel = "whatsapp/WhatsApp Chat with Lisa Wong.txt";
    let (res, sink) = parse_fixture(rel);
    res.unwrap();
    assert_eq!(
        texts(&sink),
        [
            "Hi, is this Mr. Tan?",
            "Yes who is this",
            "My uncle trades gold on a platform.\nHe makes 30% a week.\nDownload the app: https://gold-uncle.example/app",
            "[media omitted]",
            "[message deleted]",
            "Send 500 USDT first",
            "Happy new year",
        ]
    );
    assert!(sink.diagnostics.is_empty(), "{:?}", sink.diagnostics);
    let r = &sink.records[2];
    assert_eq!(r.kind, RecordKind::ChatMessage);
    assert_eq!(time(r), "2023-12-28T21:20:00");
    assert_eq!(r.field("chat"), Some("Lisa Wong"));
    assert_eq!(r.field("sender"), Some("Lisa Wong"));
    assert_eq!(
        (r.place.line, r.place.message_id.as_deref()),
        (Some(4), Some("L4"))
    );
    let bytes = std::fs::read(fixture(rel)).unwrap();
    let span = &bytes[r.place.byte_start as usize..r.place.byte_end as usize];
    assert!(span.starts_with(b"12/28/23, 9:20 PM"));
    assert!(span.ends_with(b"https://gold-uncle.example/app"));
    assert_eq!(sink.records[5].field("edited"), Some("true"));
    assert_eq!(time(&sink.records[6]), "2023-12-31T23:59:00");
}

#[test]
fn android_day_first_24_hour_group_with_system_lines() {
    let (res, sink) = parse_fixture("whatsapp/WhatsApp Chat with Kerja Thailand.txt");
    res.unwrap();
    // Ten lines: five system lines, four messages, one caption continuation.
    assert_eq!(sink.records.len(), 4);
    assert_eq!(
        senders(&sink),
        ["+62 812 3456 7890", "Budi", "+62 812 3456 7890", "Siti"]
    );
    // The early dates are ambiguous; 15/01/2024 later in the file settles day first.
    assert_eq!(time(&sink.records[0]), "2024-01-03T08:05:00");
    assert_eq!(time(&sink.records[3]), "2024-01-15T22:12:00");
    assert_eq!(
        sink.records[3].text,
        "[file: IMG-20240115-WA0003.jpg]\nini paspor saya"
    );
    assert_eq!(
        sink.records[3].field("media"),
        Some("IMG-20240115-WA0003.jpg")
    );
    assert!(sink.diagnostics.is_empty(), "{:?}", sink.diagnostics);
}

#[test]
fn ios_marks_narrow_spaces_and_the_notice_under_the_group_name() {
    let (res, sink) = parse_fixture("whatsapp/_chat.txt");
    res.unwrap();
    assert_eq!(
        texts(&sink),
        [
            "Welcome. Please share the scammer numbers.",
            "[photo: 00000012-PHOTO-2023-12-28-21-17-11.jpg]",
            "[image omitted]",
            "They called from +855 96 123 4567\nand asked for my passport",
            "[message deleted]",
            "Location: https://maps.google.com/?q=16.7,98.5",
        ]
    );
    assert_eq!(senders(&sink), ["Anna", "Ben", "Ben", "Ben", "Anna", "Ben"]);
    assert_eq!(time(&sink.records[0]), "2023-12-28T21:16:00");
    assert_eq!(time(&sink.records[4]), "2023-12-29T07:06:00");
    // `_chat.txt` names no chat; the notice's writer does.
    assert_eq!(sink.records[0].field("chat"), Some("Scam Victims Support"));
    assert_eq!(sink.records[1].place.line, Some(5));
    assert!(sink.diagnostics.is_empty(), "{:?}", sink.diagnostics);
}

#[test]
fn indonesian_dotted_times_and_media() {
    let (res, sink) = parse_fixture("whatsapp/WhatsApp Chat dengan Agen.txt");
    res.unwrap();
    assert_eq!(
        texts(&sink),
        [
            "Selamat malam, masih cari kerja?",
            "Iya, di mana?",
            "[media omitted]"
        ]
    );
    assert_eq!(time(&sink.records[0]), "2023-12-31T21:42:00");
    assert_eq!(time(&sink.records[1]), "2024-01-01T08:00:00");
    assert_eq!(sink.records[0].field("chat"), Some("Agen"));
}

#[test]
fn crlf_lines_and_a_notice_under_a_contact_name() {
    let text = "[05/03/2024, 10:00:00] Ana: \u{200e}Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.\r\n\
                [05/03/2024, 10:01:00] Ana: hola\r\n\
                [25/03/2024, 10:02:00] Luis: \u{200e}imagen omitida\r\n";
    let (res, sink) = parse_bytes(
        Format::WhatsappText,
        Path::new("_chat.txt"),
        text.as_bytes(),
        &Options::default(),
    );
    res.unwrap();
    assert_eq!(texts(&sink), ["hola", "[imagen omitida]"]);
    assert_eq!(time(&sink.records[0]), "2024-03-05T10:01:00");
}

#[test]
fn long_lines_and_messages_are_skipped_with_diagnostics() {
    let opts = Options {
        limits: Limits {
            max_item_bytes: 300,
            ..Limits::default()
        },
        ..Options::default()
    };
    let mut text = String::from("12/31/23, 9:41 PM - A: short\n");
    text.push_str(&format!("12/31/23, 9:42 PM - A: {}\n", "z".repeat(5000)));
    text.push_str("12/31/23, 9:43 PM - B: multi\n");
    for _ in 0..20 {
        text.push_str(&format!("{}\n", "w".repeat(100)));
    }
    text.push_str("12/31/23, 9:44 PM - A: end\n");
    let (res, sink) = parse_bytes(
        Format::WhatsappText,
        Path::new("x.txt"),
        text.as_bytes(),
        &opts,
    );
    res.unwrap();
    assert_eq!(texts(&sink), ["short", "end"]);
    let lines: Vec<Option<u64>> = sink.diagnostics.iter().map(|d| d.place.line).collect();
    assert_eq!(lines, [Some(2), Some(3)]);
}

#[test]
fn finnish_klo_between_date_and_time() {
    // `3.1.2024 klo 9.05 - `: a word between date and time (Finnish `klo`; French `à`).
    let (res, sink) = parse_fixture("whatsapp/WhatsApp Chat with Mikko.txt");
    res.unwrap();
    assert_eq!(
        texts(&sink),
        [
            "Hei, onko työpaikka vielä auki?",
            "On. Lähetä passin kuva.\nPalkka 3000 € kuussa.",
            "[file: IMG-20240103-WA0002.jpg]",
            "[Media jätettiin pois]",
        ]
    );
    assert_eq!(
        senders(&sink),
        ["Mikko", "+358 40 123 4567", "Mikko", "Mikko"]
    );
    assert_eq!(time(&sink.records[0]), "2024-01-03T09:06:00");
    assert_eq!(time(&sink.records[3]), "2024-01-14T23:59:00");
    assert_eq!(
        sink.records[2].field("media"),
        Some("IMG-20240103-WA0002.jpg")
    );
    assert!(sink.diagnostics.is_empty(), "{:?}", sink.diagnostics);
}

#[test]
fn early_ios_lines_without_brackets_or_dash() {
    // Early iOS: `24.12.15 18:42:10: Name: text`, and `name.jpg <attached>` for media.
    let (res, sink) = parse_fixture("whatsapp/WhatsApp Chat mit Max.txt");
    res.unwrap();
    assert_eq!(
        texts(&sink),
        [
            "Frohe Weihnachten!",
            "Danke, dir auch.\nWann kommst du?",
            "[photo: 2015-12-25-PHOTO-00000007.jpg]",
        ]
    );
    assert_eq!(senders(&sink), ["Max Muster", "Anna", "Max Muster"]);
    assert_eq!(time(&sink.records[0]), "2015-12-24T18:42:10");
    assert_eq!(time(&sink.records[2]), "2015-12-25T09:01:44");
    assert_eq!(sink.records[0].field("chat"), Some("Max"));
    assert_eq!(
        sink.records[2].field("media"),
        Some("2015-12-25-PHOTO-00000007.jpg")
    );
    // Without brackets, a line is a timestamp only with its seconds and a body.
    let text = "24.12.15 18:42:10 Max: hallo\n24.12.15 18:43 sagte er\n";
    let (res, sink) = parse_bytes(
        Format::WhatsappText,
        Path::new("_chat.txt"),
        text.as_bytes(),
        &Options::default(),
    );
    res.unwrap();
    assert_eq!(texts(&sink), ["hallo\n24.12.15 18:43 sagte er"]);
}

#[test]
fn midnight_written_as_zero_with_a_12_hour_clock() {
    let text = "12/30/2023, 11:50 p. m. - Ana: hola\n12/31/2023, 00:08 a. m. - Ana: sigues?\n";
    let (res, sink) = parse_bytes(
        Format::WhatsappText,
        Path::new("x.txt"),
        text.as_bytes(),
        &Options::default(),
    );
    res.unwrap();
    assert_eq!(texts(&sink), ["hola", "sigues?"]);
    assert_eq!(time(&sink.records[1]), "2023-12-31T00:08:00");
}

#[test]
fn arabic_indic_digits_marks_and_arabic_am_pm() {
    // Arabic phones: `٣٠‏/١٢‏/٢٠٢٣، ٩:٠٥ ص - `: Arabic-Indic digits, a right-to-left
    // mark after each number, the Arabic comma, `ص`/`م` for AM/PM.
    let (res, sink) = parse_fixture("whatsapp/WhatsApp Chat with Ahmed.txt");
    res.unwrap();
    assert_eq!(
        senders(&sink),
        ["أحمد", "+966 50 123 4567", "أحمد", "+966 50 123 4567"]
    );
    assert_eq!(
        sink.records[1].text,
        "نعم. أرسل ٥٠٠ دولار رسوم التأشيرة.\nالمحفظة: TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE"
    );
    assert_eq!(sink.records[2].text, "[تم استبعاد الوسائط]");
    assert_eq!(time(&sink.records[0]), "2023-12-30T09:06:00");
    assert_eq!(time(&sink.records[2]), "2023-12-31T00:02:00");
    assert_eq!(time(&sink.records[3]), "2023-12-31T21:41:00");
    assert!(sink.diagnostics.is_empty(), "{:?}", sink.diagnostics);
}

#[test]
fn ios_media_notes_in_dutch_turkish_russian_and_portuguese_are_messages() {
    // iOS starts media notes with an invisible mark, like its system lines.
    let text = "[05/01/2024, 10:00:00] Groep: \u{200e}Berichten en oproepen zijn end-to-end versleuteld.\n\
                [05/01/2024, 10:01:00] Jan: \u{200e}afbeelding weggelaten\n\
                [05/01/2024, 10:02:00] Ay\u{15f}e: \u{200e}g\u{f6}r\u{fc}nt\u{fc} dahil edilmedi\n\
                [05/01/2024, 10:03:00] \u{418}\u{432}\u{430}\u{43d}: \u{200e}\u{438}\u{437}\u{43e}\u{431}\u{440}\u{430}\u{436}\u{435}\u{43d}\u{438}\u{435} \u{43e}\u{442}\u{441}\u{443}\u{442}\u{441}\u{442}\u{432}\u{443}\u{435}\u{442}\n\
                [25/01/2024, 10:04:00] Jo\u{e3}o: \u{200e}v\u{ed}deo oculto\n\
                [25/01/2024, 10:05:00] Groep: \u{200e}Jan heeft Piet toegevoegd\n";
    let (res, sink) = parse_bytes(
        Format::WhatsappText,
        Path::new("_chat.txt"),
        text.as_bytes(),
        &Options::default(),
    );
    res.unwrap();
    assert_eq!(senders(&sink), ["Jan", "Ayşe", "Иван", "João"]);
    assert_eq!(
        texts(&sink),
        [
            "[afbeelding weggelaten]",
            "[görüntü dahil edilmedi]",
            "[изображение отсутствует]",
            "[vídeo oculto]",
        ]
    );
}

#[test]
fn ios_tilde_before_names_that_are_not_saved_contacts() {
    let text = "[12/30/23, 9:15:02 PM] Jobs TH: \u{200e}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\n\
                [12/30/23, 9:16:00 PM] ~\u{202f}Agent Mike: Send your passport\n\
                [12/30/23, 9:17:00 PM] Anna: ok\n\
                [12/30/23, 9:18:00 PM] ~ Agent Mike: \u{200e}image omitted\n";
    let (res, sink) = parse_bytes(
        Format::WhatsappText,
        Path::new("_chat.txt"),
        text.as_bytes(),
        &Options::default(),
    );
    res.unwrap();
    assert_eq!(senders(&sink), ["Agent Mike", "Anna", "Agent Mike"]);
}

#[test]
fn german_low_quotes_mark_a_renaming_system_line() {
    let text = "24.01.24, 10:00 - Anna hat den Betreff von „Jobs: Thailand“ zu „Jobs“ geändert\n\
                24.01.24, 10:01 - Anna: Wer hat Erfahrung?\n";
    let (res, sink) = parse_bytes(
        Format::WhatsappText,
        Path::new("WhatsApp Chat mit Jobs.txt"),
        text.as_bytes(),
        &Options::default(),
    );
    res.unwrap();
    assert_eq!(texts(&sink), ["Wer hat Erfahrung?"]);
}

#[test]
fn an_export_saved_again_as_utf_16_is_still_recognised() {
    // Notepad's "Unicode": UTF-16LE with a BOM. Every parser reads it through the BOM;
    // detection must sniff its text, not its bytes.
    let text =
        std::fs::read_to_string(fixture("whatsapp/WhatsApp Chat with Lisa Wong.txt")).unwrap();
    for big_endian in [false, true] {
        let mut bytes = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            let b = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            bytes.extend_from_slice(&b);
        }
        let path = Path::new("WhatsApp Chat with Lisa Wong.txt");
        let format =
            millwatch_ingest::detect_format(path, &bytes[..bytes.len().min(8192)]).unwrap();
        assert_eq!(format, Format::WhatsappText);
        let (res, sink) = parse_bytes(format, path, &bytes, &Options::default());
        res.unwrap();
        assert_eq!(sink.records.len(), 7);
        assert_eq!(sink.records[0].text, "Hi, is this Mr. Tan?");
    }
}

#[test]
fn a_dot_after_the_time() {
    let text = "2024/01/24, 13:01. - Lee: Deposit first\n2024/01/24, 13:02. - Kim: How much?\n";
    let (res, sink) = parse_bytes(
        Format::WhatsappText,
        Path::new("x.txt"),
        text.as_bytes(),
        &Options::default(),
    );
    res.unwrap();
    assert_eq!(texts(&sink), ["Deposit first", "How much?"]);
    assert_eq!(time(&sink.records[1]), "2024-01-24T13:02:00");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse_bytes(Format::WhatsappText, Path::new("x.txt"), &bytes, &Options::default());
        let _ = millwatch_ingest::whatsapp::sniff(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn chat_like_lines_never_panic(
        lines in proptest::collection::vec(
            "(\u{200e}?\\[?[0-9]{1,4}[/.-][0-9]{1,2}[/.-][0-9]{1,4},? [0-9]{1,2}[:.][0-9]{2}( ?[AP]M)?\\]?( - )?[A-Za-z ]{0,8}(: )?[\\PC\u{200e}<>]{0,20})|([\\PC]{0,30})",
            0..20,
        )
    ) {
        let text = lines.join("\n");
        let _ = parse_bytes(Format::WhatsappText, Path::new("x.txt"), text.as_bytes(), &Options::default());
    }

    #[test]
    fn every_generated_message_is_one_record(
        msgs in proptest::collection::vec(("[A-Z][a-z]{1,8}", "[a-z ]{1,30}", 0u32..3), 1..30)
    ) {
        // Day 13 settles the order; continuation lines never start with a digit.
        let mut text = String::new();
        for (i, (name, body, extra)) in msgs.iter().enumerate() {
            text.push_str(&format!("13/01/2024, 10:{:02} - {name}: {body}\n", i % 60));
            for _ in 0..*extra {
                text.push_str("more text\n");
            }
        }
        let (res, sink) = parse_bytes(Format::WhatsappText, Path::new("x.txt"), text.as_bytes(), &Options::default());
        prop_assert!(res.is_ok());
        prop_assert_eq!(sink.records.len(), msgs.len());
    }
}

/// Every prefix of every fixture, and each fixture with one byte changed, parses without
/// panicking: truncated downloads and bit rot are ordinary input.
#[test]
fn cut_and_damaged_fixtures_never_panic() {
    for dir in ["whatsapp"] {
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

/// Line shapes real exporters write in other locales, one chat each.
#[test]
fn locale_variants_of_the_line_header() {
    let cases: &[(&str, &str)] = &[
        // iOS German: dotted day-first date, seconds, brackets.
        (
            "[05.03.24, 14:03:27] Anna: Guten Tag\n",
            "2024-03-05T14:03:27",
        ),
        // Android German: dotted date, 24 h, dash.
        ("05.03.24, 14:03 - Anna: Guten Tag\n", "2024-03-05T14:03"),
        // Android en-US with U+202F before PM (newer exports).
        ("3/5/24, 2:03\u{202f}PM - Anna: hello\n", "2024-03-05T14:03"),
        // iOS en-US with U+202F and seconds, LRM before the bracket.
        (
            "\u{200e}[3/5/24, 2:03:07\u{202f}PM] Anna: hello\n",
            "2024-03-05T14:03:07",
        ),
        // Android ISO-like year-first date.
        ("2024-03-05 14:03 - Anna: hello\n", "2024-03-05T14:03"),
        // Android Spanish: 12 h with "p. m." written with no-break spaces.
        (
            "5/3/24, 2:03\u{a0}p.\u{a0}m. - Anna: hola\n",
            "2024-03-05T14:03",
        ),
    ];
    for (chat, want) in cases {
        let (res, sink) = parse_bytes(
            Format::WhatsappText,
            Path::new("_chat.txt"),
            chat.as_bytes(),
            &Options::default(),
        );
        res.unwrap_or_else(|e| panic!("{chat:?}: {e}"));
        assert_eq!(sink.records.len(), 1, "{chat:?}: {:?}", sink.diagnostics);
        assert_eq!(senders(&sink), ["Anna"], "{chat:?}");
        assert!(
            time(&sink.records[0]).starts_with(want),
            "{chat:?}: {}",
            time(&sink.records[0])
        );
    }
}
