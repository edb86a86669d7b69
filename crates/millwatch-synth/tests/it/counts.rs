//! The summary's counts match what is in the files, counted here independently of the
//! generator: CSV rows with a CSV reader, JSON objects, Telegram messages by type, mbox
//! envelope lines, WhatsApp stamp lines.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{demo, s};

fn csv_rows(bytes: &[u8], delimiter: u8) -> u64 {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(bytes);
    r.records()
        .inspect(|x| assert!(x.is_ok(), "bad row"))
        .count() as u64
}

fn telegram_counts(v: &Value) -> (u64, u64) {
    let chats: Vec<&Value> = if v.get("messages").is_some() {
        vec![v]
    } else {
        let mut c: Vec<&Value> = v["chats"]["list"]
            .as_array()
            .expect("chats.list")
            .iter()
            .collect();
        c.extend(v["left_chats"]["list"].as_array().expect("left_chats.list"));
        c
    };
    let (mut msgs, mut service) = (0, 0);
    for c in chats {
        for m in c["messages"].as_array().expect("messages") {
            match s(m, "type") {
                "message" => msgs += 1,
                "service" => service += 1,
                other => panic!("unexpected message type {other}"),
            }
            assert!(
                m["date_unixtime"]
                    .as_str()
                    .is_some_and(|d| d.parse::<i64>().is_ok())
            );
            assert!(m.get("text").is_some() && m.get("text_entities").is_some());
        }
    }
    (msgs, service)
}

fn is_stamp_line(l: &str) -> bool {
    let l = l.trim_start_matches('\u{200e}');
    let l = l.strip_prefix('[').unwrap_or(l);
    let mut parts = l.splitn(2, ", ");
    let date = parts.next().unwrap_or("");
    date.split('/').count() == 3
        && date
            .split('/')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts
            .next()
            .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()))
}

#[test]
fn summary_counts_match_the_files() {
    let d = demo();
    let m = &d.manifest;
    let mut sum = 0;
    for f in &m.files {
        let path = d.dir.join("corpus").join(&f.path);
        let bytes = std::fs::read(&path).expect("read");
        assert_eq!(bytes.len() as u64, f.bytes, "{}", f.path);
        let format = f.format.map(|x| x.as_str()).unwrap_or("");
        let counted = match format {
            "csv" => csv_rows(
                &bytes,
                if f.path.ends_with("reports_th.csv") {
                    b';'
                } else {
                    b','
                },
            ),
            "jsonl" => bytes
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .filter(|l| serde_json::from_slice::<Value>(l).is_ok_and(|v| v.is_object()))
                .count() as u64,
            "telegram_json" => {
                let (msgs, service) =
                    telegram_counts(&serde_json::from_slice(&bytes).expect("json"));
                assert_eq!(service, f.not_records, "{}", f.path);
                msgs
            }
            "mbox" => bytes
                .split(|&b| b == b'\n')
                .filter(|l| l.starts_with(b"From "))
                .count() as u64,
            "whatsapp_text" => {
                let text = String::from_utf8(bytes.clone()).expect("utf-8");
                let stamps = text.lines().filter(|l| is_stamp_line(l)).count() as u64;
                assert_eq!(stamps, f.records + f.not_records, "{}", f.path);
                f.records
            }
            _ => 1,
        };
        assert_eq!(counted, f.records, "{}", f.path);
        sum += counted;
    }
    assert_eq!(sum, m.records);
    assert_eq!(d.records.len() as u64, m.records);
    let mut by_format: BTreeMap<String, u64> = BTreeMap::new();
    for r in &d.records {
        *by_format.entry(s(r, "format").to_owned()).or_default() += 1;
    }
    assert_eq!(by_format, m.by_format);
    assert_eq!(
        m.chat.telegram_messages,
        m.by_kind_format
            .get("chat_message/telegram_json")
            .copied()
            .unwrap_or(0)
    );
    assert!(m.chat.telegram_media_only > 0 && m.chat.telegram_service > 0);
    assert!(
        m.chat.whatsapp_media_only > 0
            && m.chat.whatsapp_system > 0
            && m.chat.whatsapp_multiline > 0
    );
}

#[test]
fn whatsapp_locators_are_message_first_lines() {
    let d = demo();
    for r in d
        .records
        .iter()
        .filter(|r| s(r, "format") == "whatsapp_text")
    {
        let text = std::fs::read_to_string(d.dir.join("corpus").join(s(r, "file"))).expect("read");
        let n: usize = s(r, "locator").parse().expect("line number");
        let line = text.lines().nth(n - 1).expect("line exists");
        assert!(is_stamp_line(line), "{}:{n}: {line}", s(r, "file"));
        assert!(!line.contains("end-to-end encrypted"));
    }
}

#[test]
fn demo_has_every_kind_format_and_language() {
    let m = &demo().manifest;
    for kind in [
        "victim_report",
        "chat_message",
        "email",
        "web_page",
        "recruitment_ad",
        "missing_person",
        "document",
    ] {
        assert!(m.by_kind.get(kind).copied().unwrap_or(0) > 0, "no {kind}");
    }
    for f in [
        "csv",
        "jsonl",
        "text",
        "eml",
        "mbox",
        "html",
        "telegram_json",
        "whatsapp_text",
    ] {
        assert!(m.by_format.get(f).copied().unwrap_or(0) > 0, "no {f}");
    }
    for l in [
        "en", "zh", "zh-Hant", "th", "id", "vi", "km", "my", "tl", "es",
    ] {
        assert!(m.by_lang.get(l).copied().unwrap_or(0) > 0, "no {l}");
    }
    for (k, min) in [
        ("victim_report", 250),
        ("chat_message", 200),
        ("email", 60),
        ("recruitment_ad", 60),
        ("missing_person", 40),
    ] {
        assert!(m.by_kind[k] >= min, "{k}: {}", m.by_kind[k]);
    }
}

#[test]
fn demo_writes_fast() {
    let d = demo();
    assert!(
        d.elapsed < std::time::Duration::from_secs(2),
        "demo took {:?}",
        d.elapsed
    );
}

#[test]
fn both_telegram_layouts_and_all_whatsapp_styles_are_written() {
    let d = demo();
    let mut single = 0;
    let mut account = 0;
    let mut styles = std::collections::BTreeSet::new();
    for f in &d.manifest.files {
        let text = std::fs::read_to_string(d.dir.join("corpus").join(&f.path)).unwrap_or_default();
        match f.format.map(|x| x.as_str()) {
            Some("telegram_json") => {
                let v: Value = serde_json::from_str(&text).expect("json");
                if v.get("left_chats").is_some() {
                    account += 1;
                    assert!(v["personal_information"].is_object());
                } else {
                    single += 1;
                }
                assert!(
                    text.contains("\"type\": \"text_link\"")
                        || text.contains("\"type\": \"link\"")
                        || text.contains("\"type\": \"mention\"")
                );
            }
            Some("whatsapp_text") => {
                let first = text.lines().next().unwrap_or("");
                let style = if first.starts_with('[') {
                    if first.contains('\u{202f}') {
                        "ios12"
                    } else {
                        "ios24"
                    }
                } else if first.contains("M - ") {
                    "android12"
                } else {
                    "android24"
                };
                styles.insert(style);
            }
            _ => {}
        }
    }
    assert!(
        single >= 1 && account >= 1,
        "single {single}, account {account}"
    );
    assert_eq!(styles.len(), 4, "{styles:?}");
}
