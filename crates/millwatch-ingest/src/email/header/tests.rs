use super::*;

fn words(s: &str) -> String {
    decode_words(s, &mut HeaderDecoding::default())
}

#[test]
fn rfc2047_forms() {
    assert_eq!(
        words("=?utf-8?Q?Job_offer=3A_=E0=B8=87=E0=B8=B2=E0=B8=99?="),
        "Job offer: งาน"
    );
    // Adjacent words join; a multi-byte character split across two words survives.
    assert_eq!(words("=?utf-8?B?5oub?= =?utf-8?B?6IGY?="), "招聘");
    assert_eq!(words("=?UTF-8?B?5os=?= =?UTF-8?B?m+iBmA==?="), "招聘");
    // GB2312 in B, glued to plain text, lowercase q, missing padding.
    assert_eq!(words("Re:=?gb2312?B?1dDGuA==?= now"), "Re:招聘 now");
    assert_eq!(words("=?gb2312?b?1dDGuA?="), "招聘");
    assert_eq!(words("a =?iso-8859-1?q?caf=E9?= b"), "a café b");
    // Spaces inside Q text (malformed but common), unknown charset, no closing.
    assert_eq!(words("=?utf-8?Q?hello world?="), "hello world");
    assert_eq!(words("=?x-unknown?Q?plain?="), "plain");
    assert_eq!(words("=?utf-8?Q?open"), "=?utf-8?Q?open");
}

#[test]
fn address_lists() {
    let mut d = HeaderDecoding::default();
    assert_eq!(
        addresses(
            "\"Doe, John\" <john@example.com>, jane@example.com (Jane Roe), =?utf-8?B?5byg5LiJ?= <zhang@example.cn>, Team: a@x.example, <b@x.example>;, undisclosed-recipients:;",
            &mut d
        ),
        [
            "Doe, John <john@example.com>",
            "Jane Roe <jane@example.com>",
            "张三 <zhang@example.cn>",
            "a@x.example",
            "b@x.example",
        ]
    );
}

#[test]
fn dates() {
    let t = |s: &str| parse_date(s).map(|t| t.to_string());
    assert_eq!(
        t("Mon, 4 Mar 2024 10:22:03 +0700").as_deref(),
        Some("2024-03-04T10:22:03+07:00")
    );
    assert_eq!(
        t("4 Mar 24 10:22 GMT").as_deref(),
        Some("2024-03-04T10:22:00Z")
    );
    assert_eq!(
        t("Mon, 04 Mar 2024 10:22:03 -0500 (EST)").as_deref(),
        Some("2024-03-04T10:22:03-05:00")
    );
    assert_eq!(
        t("Mon Mar  4 10:22:03 2024").as_deref(),
        Some("2024-03-04T10:22:03")
    );
    assert_eq!(
        t("Wed Mar 06 10:10:10 +0000 2024").as_deref(),
        Some("2024-03-06T10:10:10Z")
    );
    assert_eq!(
        t("Mar 4, 2024 10:22 PM").as_deref(),
        Some("2024-03-04T22:22:00")
    );
    assert_eq!(t("Mon, 4 Mar 2024").as_deref(), Some("2024-03-04"));
    assert_eq!(
        t("Thu, 7 Mar 2024 14:53:31 EST5EDT").as_deref(),
        Some("2024-03-07T14:53:31-05:00")
    );
    assert_eq!(t("Mon, 31 Feb 2024 10:00:00 +0000"), None);
    assert_eq!(t("garbage"), None);
}

#[test]
fn odd_addresses() {
    let mut d = HeaderDecoding::default();
    assert_eq!(addresses("<a@b.example>", &mut d), ["a@b.example"]);
    assert_eq!(addresses("a@b.example, ", &mut d), ["a@b.example"]);
    assert_eq!(addresses("\"Only Name\" <>", &mut d), ["Only Name"]);
    assert_eq!(
        addresses("Name <a@b.example> (work)", &mut d),
        ["Name <a@b.example>"]
    );
    assert_eq!(
        addresses("\"a@b.example\" <a@b.example>", &mut d),
        ["a@b.example"]
    );
    assert_eq!(
        addresses("\"Li \\\"Boss\\\"\" <li@x.example>", &mut d),
        ["Li \"Boss\" <li@x.example>"]
    );
}

#[test]
fn ids_and_ips() {
    assert_eq!(
        message_id(" <abc@x.example> ").as_deref(),
        Some("abc@x.example")
    );
    assert_eq!(message_id("abc@x").as_deref(), Some("abc@x"));
    assert_eq!(
        received_ips(
            "from mail (mail [203.0.113.9]) by mx (mx [10.0.0.1]); from [IPv6:2001:db8::1]"
        ),
        ["203.0.113.9", "2001:db8::1"]
    );
}

#[test]
fn hostile_headers_stay_linear() {
    let start = std::time::Instant::now();
    let many = "=?utf-8?Q?x".repeat(200_000);
    assert_eq!(words(&many), many);
    let _ = words(&"=?utf-8?Q?".repeat(200_000));
    let colons = format!("a@b{}", ":".repeat(1_000_000));
    assert_eq!(addresses(&colons, &mut HeaderDecoding::default()).len(), 1);
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
}

#[test]
fn base64_after_padding() {
    // Glued padded runs are read on; other text after the padding is dropped to the
    // line's end, and the next line is read again.
    assert_eq!(base64_lenient(b"aGk=aGk="), b"hihi");
    assert_eq!(base64_lenient(b"aGk= not base64\r\naGk="), b"hihi");
}
