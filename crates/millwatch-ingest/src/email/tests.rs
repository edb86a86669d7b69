use super::*;
use millwatch_model::VecSink;

fn eml(bytes: &[u8]) -> (Result<Parsed, ParseError>, VecSink) {
    let mut sink = VecSink::default();
    let mut input = bytes;
    let res = parse_eml(&mut input, &Options::default(), &mut sink);
    (res, sink)
}

#[test]
fn plain_message() {
    let (res, sink) = eml(b"From: A <a@x.example>\r\nTo: b@y.example\r\nSubject: hi\r\nDate: Mon, 4 Mar 2024 10:22:03 +0700\r\nMessage-ID: <1@x>\r\n\r\nbody\r\n");
    let parsed = res.unwrap();
    assert_eq!(parsed.decoding.method, "per_part");
    let r = &sink.records[0];
    assert_eq!(r.title.as_deref(), Some("hi"));
    assert_eq!(r.text, "Subject: hi\n\nbody");
    assert_eq!(r.place.message_id.as_deref(), Some("1@x"));
    assert_eq!(r.field("from"), Some("A <a@x.example>"));
}

#[test]
fn not_mail_is_malformed() {
    let (res, _) = eml(b"just some words\nand more\n");
    assert!(matches!(res, Err(ParseError::Malformed { .. })), "{res:?}");
}

#[test]
fn flowed_text_is_unwrapped() {
    let (res, sink) = eml(
        "Subject: f\nContent-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\n\n\u{8054}\u{7cfb}\u{5fae} \n\u{4fe1} abc \nnext\n-- \nsig\n"
            .as_bytes(),
    );
    res.unwrap();
    assert_eq!(
        sink.records[0].text,
        "Subject: f\n\n联系微信 abcnext\n-- \nsig"
    );
}

#[test]
fn utf7_subject_and_body_are_decoded() {
    let (res, sink) = eml(
        b"Subject: =?utf-7?Q?Caf+AOk-_pay?=\nContent-Type: text/plain; charset=UTF-7\n\nsend to +TthrPg- wallet+-\n",
    );
    assert_eq!(res.unwrap().decoding.encoding, "UTF-7");
    assert_eq!(sink.records[0].title.as_deref(), Some("Café pay"));
    assert_eq!(
        sink.records[0].text,
        "Subject: Café pay\n\nsend to 付款 wallet+"
    );
}

#[test]
fn html_part_without_mime_charset_uses_its_meta() {
    let (gbk, _, _) = encoding_rs::GBK
        .encode("<html><head><meta charset=gb2312></head><body>招聘客服</body></html>");
    let mut mail = b"Subject: h\nContent-Type: text/html\n\n".to_vec();
    mail.extend_from_slice(&gbk);
    let (res, sink) = eml(&mail);
    assert_eq!(res.unwrap().decoding.encoding, "GBK");
    assert_eq!(sink.records[0].text, "Subject: h\n\n招聘客服");
}

#[test]
fn attachment_names_in_every_encoding() {
    let mut mail = b"Subject: a\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nx\n--b\nContent-Type: application/pdf; name=\"=?UTF-8?B?5ZCI5ZCMLnBkZg==?=\"\nContent-Transfer-Encoding: base64\n\nAAAA\n--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"".to_vec();
    let (gbk, _, _) = encoding_rs::GBK.encode("护照.pdf");
    mail.extend_from_slice(&gbk);
    mail.extend_from_slice(b"\"\n\nraw\n--b--\n");
    let (res, sink) = eml(&mail);
    res.unwrap();
    let att: Vec<_> = sink.records[0]
        .fields
        .iter()
        .filter(|f| f.name == "attachment")
        .map(|f| f.value.clone())
        .collect();
    assert!(
        att[0].starts_with("合同.pdf; application/pdf; 3 bytes;"),
        "{att:?}"
    );
    assert!(
        att[1].starts_with("护照.pdf; application/pdf; 3 bytes;"),
        "{att:?}"
    );
}

#[test]
fn empty_plain_alternative_falls_back_to_html() {
    let (res, sink) = eml(b"Subject: e\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\n \n--b\nContent-Type: text/html\n\n<p>Only <a href='https://t.me/x'>here</a></p>\n--b--\n");
    res.unwrap();
    assert_eq!(sink.records[0].text, "Subject: e\n\nOnly here");
    assert_eq!(sink.records[0].field("href"), Some("https://t.me/x"));
}

#[test]
fn emlx_framing_is_tolerated() {
    let msg = "Subject: apple\nMessage-ID: <e@x>\n\nbody\n";
    let file = format!(
        "{}\n{msg}<?xml version=\"1.0\"?>\n<plist><dict/></plist>\n",
        msg.len()
    );
    let (res, sink) = eml(file.as_bytes());
    res.unwrap();
    assert_eq!(sink.records[0].text, "Subject: apple\n\nbody");
}

#[test]
fn damaged_mime_is_kept_with_a_warning() {
    let (res, sink) = eml(b"Subject: d\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nunterminated part\n");
    res.unwrap();
    assert!(
        sink.records[0].text.contains("unterminated part"),
        "{}",
        sink.records[0].text
    );
    assert_eq!(sink.diagnostics.len(), 1, "{:?}", sink.diagnostics);
    assert!(
        sink.diagnostics[0]
            .reason
            .contains("MIME structure is damaged")
    );
}

#[test]
fn mhtml_snapshot_is_a_web_page() {
    let mht = b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://jobs.example/ad/7\r\nSubject: Job ad 7\r\nDate: Thu, 14 Mar 2024 10:00:00 +0700\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--x----\"\r\n\r\n------MultipartBoundary--x----\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: https://jobs.example/ad/7\r\n\r\n<html><head><meta http-equiv=3D\"Content-Type\" content=3D\"text/html; charset=3DUTF-8\"></head><body><p>Apply via <a href=3D\"https://t.me/ad7\">Telegram</a></p></body></html>\r\n------MultipartBoundary--x----\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Location: https://jobs.example/logo.png\r\n\r\niVBORw0KGgo=\r\n------MultipartBoundary--x------\r\n";
    let (res, sink) = eml(mht);
    res.unwrap();
    let r = &sink.records[0];
    assert_eq!(r.kind, millwatch_model::RecordKind::WebPage);
    assert_eq!(r.field("url"), Some("https://jobs.example/ad/7"));
    assert_eq!(r.field("href"), Some("https://t.me/ad7"));
    assert_eq!(r.field("attachment"), None);
    assert_eq!(r.text, "Subject: Job ad 7\n\nApply via Telegram");
}
