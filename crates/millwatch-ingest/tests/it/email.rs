//! Tests of the e-mail parsers (`.eml`, `.mbox`) against fixtures with one quirk each.

use millwatch_ingest::{Limits, Options};
use millwatch_model::{Format, RecordDraft, RecordKind, Severity, VecSink};
use proptest::prelude::*;

use crate::{parse_bytes, parse_fixture, parse_fixture_with};

/// Parses a fixture that must give exactly one record and no diagnostics.
fn one(rel: &str) -> (RecordDraft, millwatch_ingest::Parsed) {
    let (res, sink) = parse_fixture(rel);
    let parsed = res.unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert!(sink.diagnostics.is_empty(), "{rel}: {:?}", sink.diagnostics);
    assert_eq!(sink.records.len(), 1, "{rel}");
    let mut records = sink.records;
    (records.remove(0), parsed)
}

fn all(r: &RecordDraft, name: &str) -> Vec<String> {
    r.fields
        .iter()
        .filter(|f| f.name == name)
        .map(|f| f.value.clone())
        .collect()
}

#[test]
fn plain_message_headers_become_fields() {
    let (r, parsed) = one("email/plain.eml");
    assert_eq!(r.kind, RecordKind::Email);
    assert_eq!(
        r.title.as_deref(),
        Some("Customer service job in Sihanoukville")
    );
    assert_eq!(
        r.time.as_ref().map(ToString::to_string).as_deref(),
        Some("2024-03-04T10:22:03+07:00")
    );
    assert_eq!(
        r.place.message_id.as_deref(),
        Some("job-001@jobs-asia.example")
    );
    assert_eq!(r.place.line, Some(1));
    assert_eq!(r.place.byte_start, 0);
    assert_eq!(
        all(&r, "from"),
        ["Lee, Recruiter <recruiter@jobs-asia.example>"]
    );
    assert_eq!(
        all(&r, "to"),
        ["Somchai <somchai@mail.example>", "applicant2@mail.example"]
    );
    assert_eq!(all(&r, "cc"), ["hr@jobs-asia.example"]);
    assert_eq!(all(&r, "reply_to"), ["hiring.desk@other.example"]);
    assert_eq!(r.field("date"), Some("Mon, 4 Mar 2024 10:22:03 +0700"));
    assert_eq!(r.field("message_id"), Some("job-001@jobs-asia.example"));
    assert_eq!(r.field("x_originating_ip"), Some("198.51.100.23"));
    assert_eq!(all(&r, "received_ip"), ["203.0.113.45"]);
    assert!(
        r.text
            .starts_with("Subject: Customer service job in Sihanoukville\n\nDear applicant,")
    );
    assert!(r.text.contains("WhatsApp +855 12 345 678."));
    assert_eq!(parsed.decoding.method, "per_part");
    assert!(!parsed.decoding.had_errors);
}

#[test]
fn alternative_prefers_plain_but_keeps_html_links() {
    let (r, parsed) = one("email/alternative_b64_qp.eml");
    assert_eq!(r.title.as_deref(), Some("งาน online admin"));
    assert!(
        r.text
            .contains("สวัสดีค่ะ งานแอดมินออนไลน์ เงินเดือนดี\nติดต่อ Line: @thaijob99"),
        "{}",
        r.text
    );
    // The HTML alternative's text is not repeated…
    assert_eq!(r.text.matches("งานแอดมินออนไลน์").count(), 1, "{}", r.text);
    // …but its links are fields.
    assert_eq!(
        all(&r, "href"),
        [
            "https://line.me/ti/p/@thaijob99",
            "https://jobs-th.example/apply?id=7"
        ]
    );
    assert_eq!(parsed.decoding.encoding, "UTF-8");
}

#[test]
fn gb2312_subject_sender_and_body() {
    let (r, parsed) = one("email/subject_gb2312.eml");
    assert_eq!(r.title.as_deref(), Some("高薪招聘客服"));
    assert_eq!(r.field("from"), Some("人事部 <hr@zhaopin.example>"));
    assert!(r.text.contains("联系微信：hr_cambodia88"), "{}", r.text);
    assert_eq!(
        r.time.as_ref().map(ToString::to_string).as_deref(),
        Some("2024-03-06T09:15:00+08:00")
    );
    assert_eq!(parsed.decoding.encoding, "GBK");
}

#[test]
fn folded_utf8_q_subject() {
    let (r, _) = one("email/subject_utf8_q.eml");
    assert_eq!(r.title.as_deref(), Some("Việc làm tại Campuchia lương cao"));
    assert_eq!(r.field("from"), Some("Nguyễn Văn A <nva@viec-lam.example>"));
    assert!(r.text.contains("Liên hệ Zalo 0912 345 678."));
}

#[test]
fn big5_body() {
    let (r, parsed) = one("email/big5_body.eml");
    assert!(
        r.text
            .contains("誠徵海外客服人員，月薪十萬台幣，請加LINE：tw_job_168"),
        "{}",
        r.text
    );
    assert_eq!(parsed.decoding.encoding, "Big5");
}

#[test]
fn tis620_body_and_subject() {
    let (r, parsed) = one("email/tis620_body.eml");
    assert_eq!(r.title.as_deref(), Some("งานด่วน"));
    assert!(
        r.text
            .contains("ทำงานที่ปอยเปต เงินเดือนสามหมื่นบาท ติดต่อ 081-234-5678"),
        "{}",
        r.text
    );
    assert_eq!(parsed.decoding.encoding, "windows-874");
}

#[test]
fn missing_charset_with_gbk_bytes_is_detected() {
    let (r, parsed) = one("email/gbk_no_charset.eml");
    assert!(
        r.text.contains("有意者请联系飞机号 @xg_hr_2024"),
        "{}",
        r.text
    );
    assert!(
        matches!(parsed.decoding.encoding.as_str(), "GBK" | "gb18030"),
        "{:?}",
        parsed.decoding
    );
    assert!(!parsed.decoding.had_errors);
}

#[test]
fn attachments_are_listed_with_hashes_including_nested_messages() {
    let (r, _) = one("email/attachments.eml");
    let att = all(&r, "attachment");
    assert_eq!(att.len(), 4, "{att:#?}");
    assert_eq!(
        att[0],
        "contract.pdf; application/pdf; 298 bytes; sha256=8f84abf0539916eb4aec48f033f5b8a211d16a899a31f006a6caf3af58c9feb1"
    );
    assert_eq!(
        att[1],
        "条款.txt; text/plain; 47 bytes; sha256=6a22ce653f50d1a7a5ea90d433501ec386f6cb212e7e9ad76e134951939a07cc"
    );
    assert!(
        att[2].starts_with("(unnamed); message/rfc822; "),
        "{}",
        att[2]
    );
    assert_eq!(
        att[3],
        "ids.csv; application/octet-stream; 21 bytes; sha256=5793a32b3d6a3f9ca41c4a2d050043b5b45c95eb8fec712c4ba997f3d3b8ac5d"
    );
    // The forwarded message's text is searchable.
    assert!(r.text.contains("See the attached contract"));
    assert!(r.text.contains("Subject: New workers list"), "{}", r.text);
    assert!(r.text.contains("TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE"));
}

#[test]
fn attachment_names_in_rfc_2231_and_folded_rfc_2047_forms() {
    let (r, _) = one("email/attachment_names.eml");
    let names: Vec<String> = all(&r, "attachment")
        .iter()
        .map(|a| a.rsplitn(4, "; ").last().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            // RFC 2231 continuations with a charset.
            "劳动合同.pdf",
            // RFC 2231 with a language, in `name`.
            "contrat signé.doc",
            // RFC 2047 words in quotes, folded: the fold is not part of the name.
            "Umowa o pracę - Wrocław.pdf",
            // Adjacent words separated by a space: the space is dropped (RFC 2047 6.2).
            "паспорт.jpg",
            // Folded right after the `=`, a word glued to plain text.
            "收据.pdf",
            // A quoted string with escaped quotes and a semicolon.
            "say \"hi\"; then pay.txt",
        ]
    );
}

#[test]
fn iso_2022_jp_subject_in_several_encoded_words() {
    // Each ISO-2022-JP word ends back in ASCII; joined as bytes, the escapes would meet.
    let (r, parsed) = one("email/iso2022jp_folded_subject.eml");
    assert_eq!(r.title.as_deref(), Some("副業のご案内"));
    assert_eq!(r.field("from"), Some("田中 <tanaka@fukugyou.example>"));
    assert!(r.text.contains("高収入の副業です。"), "{}", r.text);
    assert!(!parsed.decoding.had_errors);
}

#[test]
fn multipart_whose_boundary_never_comes_is_text_not_an_attachment() {
    // A cut mail: `multipart/mixed` with a boundary that never appears.
    let (r, _) = one("email/cut_multipart.eml");
    assert!(all(&r, "attachment").is_empty(), "{:?}", r.fields);
    assert!(
        r.text.contains("Pay the visa fee of 350 USDT"),
        "{}",
        r.text
    );
}

#[test]
fn binary_part_with_nul_bytes_and_text_after_base64_padding() {
    // `Content-Transfer-Encoding: binary` (RFC 3030) puts NUL bytes in a `.eml`: the
    // header block is text, so it is mail, not binary junk. After base64 padding, the
    // rest of the line is not base64 and must not garble the part (RFC 2045 6.8).
    let (res, sink) = parse_fixture("email/binary_part.eml");
    let parsed = res.unwrap();
    assert_eq!(sink.records.len(), 1);
    // mail-parser's strict base64 calls the part damaged; that is a warning only.
    assert!(
        sink.diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning),
        "{:?}",
        sink.diagnostics
    );
    let r = &sink.records[0];
    assert!(r.text.contains("Pay the recovery fee first."), "{}", r.text);
    assert!(
        r.text
            .contains("Überweisung an DE89 3704 0044 0532 0130 00, danke schön."),
        "{}",
        r.text
    );
    assert!(!parsed.decoding.had_errors);
}

#[test]
fn misspelled_windows_code_page_labels() {
    // `win-1250` in an encoded word, `windows1250` on the body: Windows code pages as
    // some mailers spell them. Text this short is beyond detection.
    let (r, parsed) = one("email/misspelled_charset.eml");
    assert_eq!(r.title.as_deref(), Some("Opłata ść"));
    assert!(r.text.contains("Zapłać 300 zł dziś."), "{}", r.text);
    assert_eq!(parsed.decoding.encoding, "windows-1250");
}

#[test]
fn no_date_header_falls_back_to_the_delivery_time() {
    // Spam often has no `Date`; the topmost `Received` says when it was delivered.
    let (r, _) = one("email/no_date.eml");
    assert_eq!(
        r.time.as_ref().map(|t| t.as_str()),
        Some("2024-01-13T08:15:30+01:00")
    );
    assert_eq!(
        r.field("received_date"),
        Some("Sat, 13 Jan 2024 08:15:30 +0100 (CET)")
    );
    assert_eq!(r.field("date"), None);
}

#[test]
fn html_only_mail_gives_visible_text_and_links() {
    let (r, parsed) = one("email/html_only.eml");
    assert!(
        r.text
            .contains("Withdraw now\nYour balance: 12 500 USDT. Fee 10% café."),
        "{}",
        r.text
    );
    assert!(!r.text.contains("track()"));
    assert!(!r.text.contains("color:red"));
    assert_eq!(
        all(&r, "href"),
        [
            "https://coin-yield.example/withdraw?u=42",
            "https://t.me/coinyield_support"
        ]
    );
    assert_eq!(
        r.time.as_ref().map(ToString::to_string).as_deref(),
        Some("2024-03-13T16:45:00-04:00")
    );
    assert_eq!(parsed.decoding.encoding, "windows-1252");
}

#[test]
fn mbox_splits_unescapes_and_reports_broken_messages() {
    let (res, sink) = parse_fixture("email/mailbox.mbox");
    res.unwrap();
    let ids: Vec<_> = sink
        .records
        .iter()
        .map(|r| r.place.message_id.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        ids,
        [
            "mb-1@jobs-asia.example",
            "mb-3@xg.example",
            "mb-4@x.example"
        ]
    );
    let first = &sink.records[0];
    assert!(
        first.text.contains("\nFrom the office in Phnom Penh"),
        "{}",
        first.text
    );
    assert!(
        first.text.contains("\n>From quoted escape."),
        "{}",
        first.text
    );
    assert_eq!(first.place.line, Some(1));
    // The broken message is skipped with its From_ line's line number.
    assert_eq!(sink.diagnostics.len(), 1, "{:?}", sink.diagnostics);
    let d = &sink.diagnostics[0];
    assert_eq!(d.severity, Severity::Skipped);
    assert_eq!(d.place.line, Some(12));
    assert!(d.reason.contains("no mail headers"), "{}", d.reason);
    // CRLF message.
    let third = &sink.records[1];
    assert_eq!(third.place.line, Some(16));
    assert_eq!(third.field("from"), Some("张三 <zhang@xg.example>"));
    assert_eq!(third.text, "Subject: third\n\nCRLF body line one\nline two");
    // Spans tile the file.
    let bytes = std::fs::read(crate::fixture("email/mailbox.mbox")).unwrap();
    assert_eq!(first.place.byte_start, 0);
    assert_eq!(d.place.byte_start, first.place.byte_end);
    assert_eq!(third.place.byte_start, d.place.byte_end);
    assert!(bytes[third.place.byte_start as usize..].starts_with(b"From 1792345678901234567@xxx"));
    assert_eq!(sink.records[2].place.byte_end, bytes.len() as u64);
    // No Date header: the envelope's date.
    assert_eq!(
        sink.records[2]
            .time
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("2024-03-07T08:00:00")
    );
}

#[test]
fn mbox_message_over_the_limit_is_skipped_with_its_line() {
    let opts = Options {
        limits: Limits {
            max_item_bytes: 1000,
            ..Limits::default()
        },
        ..Options::default()
    };
    let (res, sink) = parse_fixture_with("email/big_message.mbox", &opts);
    res.unwrap();
    let subjects: Vec<_> = sink
        .records
        .iter()
        .map(|r| r.title.clone().unwrap_or_default())
        .collect();
    assert_eq!(subjects, ["small", "after"]);
    assert_eq!(sink.diagnostics.len(), 1);
    let d = &sink.diagnostics[0];
    assert_eq!(d.severity, Severity::Skipped);
    assert_eq!(d.place.line, Some(8));
    assert!(
        d.reason.contains("over the 1000-byte limit"),
        "{}",
        d.reason
    );
}

#[test]
fn mbox_streams_past_a_huge_line_and_reads_a_headerless_start() {
    // No From_ line before the first message; a second message with a 5 MB line.
    let mut mbox = b"Subject: before any envelope\nMessage-ID: <pre@x>\n\nhello\n".to_vec();
    mbox.extend_from_slice(b"From big@x.example Mon Mar  4 11:00:00 2024\r\nSubject: huge\r\n\r\n");
    mbox.extend(std::iter::repeat_n(b'y', 5 << 20));
    mbox.extend_from_slice(b"\r\nFrom ok@x.example Mon Mar  4 12:00:00 2024\r\nSubject: fine\r\nMessage-ID: <ok@x>\r\n\r\nbody\r\n");
    let opts = Options {
        limits: Limits {
            max_item_bytes: 64 << 10,
            ..Limits::default()
        },
        ..Options::default()
    };
    let (res, sink) = parse_bytes(Format::Mbox, std::path::Path::new("m.mbox"), &mbox, &opts);
    res.unwrap();
    let ids: Vec<_> = sink
        .records
        .iter()
        .map(|r| r.place.message_id.clone().unwrap_or_default())
        .collect();
    assert_eq!(ids, ["pre@x", "ok@x"]);
    assert_eq!(sink.records[0].place.line, Some(1));
    assert_eq!(sink.records[1].place.line, Some(9));
    assert_eq!(sink.records[1].text, "Subject: fine\n\nbody");
    assert_eq!(sink.diagnostics.len(), 1);
    assert_eq!(sink.diagnostics[0].place.line, Some(5));
    assert_eq!(
        sink.diagnostics[0].place.byte_end,
        sink.records[1].place.byte_start
    );
}

#[test]
fn eml_over_the_whole_file_limit_is_an_error() {
    let opts = Options {
        limits: Limits {
            max_whole_file_bytes: 100,
            ..Limits::default()
        },
        ..Options::default()
    };
    let (res, sink) = parse_fixture_with("email/plain.eml", &opts);
    assert!(
        matches!(
            res,
            Err(millwatch_ingest::ParseError::TooLarge { size: 714, .. })
        ),
        "{res:?}"
    );
    assert!(sink.records.is_empty());
}

#[test]
fn deeply_nested_attached_messages_do_not_overflow() {
    let mut msg = String::from("From: a@x.example\nSubject: deep\n\ninnermost\n");
    for i in 0..2000 {
        msg = format!(
            "From: n{i}@x.example\nSubject: level {i}\nContent-Type: message/rfc822\n\n{msg}"
        );
    }
    let (res, sink) = parse_bytes(
        Format::Eml,
        std::path::Path::new("x.eml"),
        msg.as_bytes(),
        &Options::default(),
    );
    res.unwrap();
    assert_eq!(sink.records.len(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn eml_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse_bytes(Format::Eml, std::path::Path::new("x.eml"), &bytes, &Options::default());
    }

    #[test]
    fn mbox_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = parse_bytes(Format::Mbox, std::path::Path::new("x.mbox"), &bytes, &Options::default());
    }

    #[test]
    fn mail_like_input_never_panics(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("From x Mon Jan  1 00:00:00 2024\n".to_owned()),
                Just("Content-Type: multipart/mixed; boundary=b\n".to_owned()),
                Just("Content-Type: message/rfc822\n".to_owned()),
                Just("Content-Transfer-Encoding: base64\n".to_owned()),
                Just("Content-Transfer-Encoding: quoted-printable\n".to_owned()),
                Just("Subject: =?gb2312?B?1dDGuA?= =?utf-8?Q?=E6=8B?=\n".to_owned()),
                Just("From: \"a\" <b@c>, (x\n".to_owned()),
                Just("\n".to_owned()),
                Just("--b\n".to_owned()),
                Just("--b--\n".to_owned()),
                Just("=?=\n".to_owned()),
                "[ -~\\x80-\\xff]{0,40}\n",
            ],
            0..40,
        )
    ) {
        let text = parts.concat();
        let mut sink = VecSink::default();
        let mut input = text.as_bytes();
        let _ = millwatch_ingest::email::parse_mbox(&mut input, &Options::default(), &mut sink);
        let mut input = text.as_bytes();
        let _ = millwatch_ingest::email::parse_eml(&mut input, &Options::default(), &mut sink);
    }
}
