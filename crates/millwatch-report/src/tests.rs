//! The report is self-contained, escapes everything and defangs addresses.

use millwatch_model::{Place, RecordId};
use millwatch_store::{
    HubView, LinkView, MentionView, NameCorroboration, NameJoinView, OperationMember,
    OperationSelector, OperationSummary, OperationView,
};

use super::*;

const PAYLOADS: [&str; 6] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    "</style><style>body{background:url(https://evil.example/x)}</style>",
    "javascript:alert(4)",
    "' onmouseover='alert(5)",
];

fn mention(record: i64, kind: &str, value: &str, excerpt: &str, victim: bool) -> MentionView {
    let start = excerpt.find(value).unwrap_or(0);
    MentionView {
        record: RecordId(record),
        record_kind: "victim_report".into(),
        external_id: None,
        kind: kind.into(),
        value: value.into(),
        raw: value.into(),
        field: None,
        start: 0,
        end: 0,
        rule: "test".into(),
        victim,
        excerpt: excerpt.into(),
        highlight: [start, start + value.len().min(excerpt.len() - start)],
        path: format!("/cases/{}.csv", PAYLOADS[1]),
        place: Place::span(0, 10).with_line(2),
        time: Some("2024-03-05".into()),
    }
}

fn report() -> OperationReport {
    let url = "https://bitget-pro.icu/app";
    let members: Vec<OperationMember> = (1..=3)
        .map(|i| OperationMember {
            record: RecordId(i),
            external_id: Some(PAYLOADS[i as usize].into()),
            kind: "victim_report".into(),
            time: Some(format!("2024-0{i}-05")),
            path: format!("/x/{}", PAYLOADS[0]),
        })
        .collect();
    let selectors = vec![
        OperationSelector {
            kind: "url".into(),
            value: url.into(),
            records: 3,
        },
        OperationSelector {
            kind: "telegram".into(),
            value: PAYLOADS[2].into(),
            records: 2,
        },
    ];
    let view = OperationView {
        summary: OperationSummary {
            id: "op-0123456789".into(),
            size: 3,
            first_seen: Some("2024-01-05".into()),
            last_seen: Some("2024-03-05".into()),
            top_selectors: selectors.clone(),
            records: vec!["1".into(), "2".into(), "3".into()],
        },
        members,
        selectors,
        hubs: vec![HubView {
            kind: "domain".into(),
            value: "gmail.com".into(),
            records: 90,
            groups: 0,
            names: 0,
            known: true,
        }],
        links: vec![LinkView {
            operation: "op-ffffffffff".into(),
            reason: "shared_selector".into(),
            kind: Some("email".into()),
            value: Some(format!("a@{}.com", PAYLOADS[3])),
        }],
        name_joins: vec![NameJoinView {
            record: RecordId(3),
            operation: "op-0123456789".into(),
            name: "bitgetpro".into(),
            written: format!("Bitget Pro {}", PAYLOADS[1]),
            corroboration: Some(NameCorroboration::Persona {
                written: PAYLOADS[5].into(),
            }),
        }],
    };
    let mentions = vec![
        mention(
            1,
            "url",
            url,
            &format!("paid on {url} {}", PAYLOADS[0]),
            false,
        ),
        mention(2, "url", url, &format!("{} via {url}", PAYLOADS[4]), false),
        mention(2, "telegram", PAYLOADS[2], PAYLOADS[2], false),
        mention(
            3,
            "phone",
            "+85512345678",
            "my own number +85512345678",
            true,
        ),
    ];
    let mut profile = Profile::default();
    profile.add(
        "I was told to invest in the platform and lost my savings",
        Some("Cambodia"),
    );
    profile.add(
        "我在这个平台上投资了，后来无法提现，客服不回复",
        Some(PAYLOADS[0]),
    );
    profile.add("ok", Some("cambodia "));
    OperationReport {
        view,
        mentions,
        profile,
    }
}

#[test]
fn the_report_is_self_contained_and_every_payload_is_inert() {
    let html = render(PAYLOADS[5], "2026-11-25", &[report()]);
    // No script, no event handler, no external reference of any kind, in any tag.
    let lower = html.to_lowercase();
    let mut rest = lower.as_str();
    while let Some(i) = rest.find('<') {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
        let tag = &rest[i..tag_end];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            !matches!(
                name.as_str(),
                "script"
                    | "img"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "link"
                    | "a"
                    | "image"
                    | "use"
                    | "foreignobject"
            ) || (name == "a" && tag.contains("href=\"#")),
            "{tag}"
        );
        for attr in [" on", " src=", " xlink:href", " style="] {
            if let Some(j) = tag.find(attr) {
                // ` on…=` is a handler only when a letter run and `=` follow.
                let after = &tag[j + attr.len()..];
                let handler = attr == " on"
                    && after.chars().take_while(char::is_ascii_alphabetic).count() > 0
                    && after
                        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                        .starts_with('=');
                assert!(attr == " on" && !handler, "{attr} in {tag}");
            }
        }
        rest = &rest[tag_end..];
    }
    let style_end = lower.find("</style>").unwrap_or(0);
    assert!(
        !lower[..style_end].contains("url("),
        "CSS url() in the style sheet"
    );
    assert_eq!(
        lower.matches("</style>").count(),
        1,
        "a payload closed the style sheet"
    );
    assert!(!lower.contains("https://"), "a live scheme");
    assert!(!lower.contains("http://"), "a live scheme");
    // Payloads appear escaped, as text.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Content-Security-Policy"));
}

#[test]
fn addresses_are_defanged_and_victims_contacts_withheld() {
    let html = render("case", "2026-11-25", &[report()]);
    assert!(html.contains("hxxps://bitget-pro[.]icu/app"));
    assert!(
        !html.contains("+85512345678"),
        "a victim's own number was printed"
    );
    assert!(html.contains("1 mentions, withheld"));
    assert!(html.contains("gmail[.]com"));
    assert!(html.contains("<svg class=\"graph\""));
    assert!(html.contains("<svg class=\"timeline\""));
    assert!(html.contains("<mark>"));
    assert!(
        html.contains("<dt>Languages</dt><dd>Chinese 1, English 1, 1 too short to tell</dd>"),
        "{html}"
    );
    assert!(html.contains("<dt>Countries</dt><dd>Cambodia 2, &lt;script&gt;"));
    assert!(
        html.contains("Records joined by a platform name alone")
            && html.contains("the only one that also gives the persona"),
        "the name join and its corroboration are shown"
    );
    assert_eq!(defang("email", "a@b.com"), "a[@]b[.]com");
    assert_eq!(defang("tron", "T.x"), "T.x");
}

#[test]
fn the_layout_is_deterministic_and_inside_the_square() {
    let edges = [(0, 1), (1, 2), (2, 0), (3, 0)];
    let a = layout(5, &edges);
    assert_eq!(a, layout(5, &edges));
    assert!(
        a.iter()
            .all(|&(x, y)| (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y))
    );
}

#[test]
fn languages_are_told_by_script_or_confident_detection_only() {
    assert_eq!(
        language_of("ฉันถูกหลอกให้ลงทุนในแพลตฟอร์มนี้และเสียเงินทั้งหมด"),
        Some("Thai")
    );
    assert_eq!(
        language_of("ខ្ញុំត្រូវបានគេបោកប្រាស់ឱ្យវិនិយោគលើវេទិកានេះ"),
        Some("Khmer")
    );
    assert_eq!(
        language_of(
            "Saya ditipu untuk berinvestasi di platform ini dan kehilangan semua uang saya"
        ),
        Some("Indonesian")
    );
    assert_eq!(
        language_of("They promised a job in Bangkok and took my passport at the border"),
        Some("English")
    );
    // Chinese quoting more Latin letters in addresses and handles than it has Han
    // characters is still Chinese.
    assert_eq!(
        language_of(
            "本公司位於Poipet，誠徵翻譯數名。履歷請寄到stevenzhao6130@gmail.com有意者請聯絡Telegram：https://t.me/poipethr_hr"
        ),
        Some("Chinese")
    );
    assert_eq!(
        words_only("lost my savings, then (they) left: see https://x.example/a b@c.d 2,000.")
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["lost", "my", "savings", "then", "they", "left", "see"]
    );
    // Too short to tell, or nothing but numbers and addresses.
    assert_eq!(language_of("hi"), None);
    assert_eq!(language_of("+855 12 345 678 0x1234567890"), None);
}

/// A star of 3,000 records around a few core selectors, each record also giving one of
/// 40 contacts: drawn as at most one node per distinct set of selectors, every record
/// accounted for, and the linked operation drawn beside the selector that links them.
#[test]
fn thousands_of_records_are_drawn_as_groups_with_the_linked_operations() {
    let mut o = report();
    let n = 3000;
    o.view.members = (1..=n)
        .map(|i| OperationMember {
            record: RecordId(i),
            external_id: None,
            kind: "victim_report".into(),
            time: Some("2024-02-05".into()),
            path: "/x.csv".into(),
        })
        .collect();
    o.view.summary.size = n as u64;
    let contact = |i: i64| format!("+8551200{:04}", i % 40);
    o.view.selectors = vec![OperationSelector {
        kind: "tron".into(),
        value: "TCore".into(),
        records: n as u64,
    }];
    o.view.selectors.extend((0..40).map(|i| OperationSelector {
        kind: "phone".into(),
        value: contact(i),
        records: (n / 40) as u64,
    }));
    o.view.links = vec![LinkView {
        operation: "op-neighbour1".into(),
        reason: "shared_selector".into(),
        kind: Some("phone".into()),
        value: Some(contact(7)),
    }];
    o.mentions = (1..=n)
        .flat_map(|i| {
            [
                mention(i, "tron", "TCore", "to TCore", false),
                mention(i, "phone", &contact(i), "call", false),
            ]
        })
        .collect();
    let html = render("big", "2026-12-05", std::slice::from_ref(&o));
    let record_nodes = html.matches("class=\"rec\"").count();
    assert_eq!(record_nodes, 40, "one node per distinct selector set");
    assert!(html.contains("3000 records drawn as 40 nodes"), "{html}");
    assert!(html.contains("75 records mentioning the same selectors"));
    assert!(
        html.contains("class=\"op\""),
        "the linked operation is drawn"
    );
    assert!(html.contains("class=\"e ope\""));
    assert!(html.contains("<text") && html.contains("op-neighbour1"));
}
