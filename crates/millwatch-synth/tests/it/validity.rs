//! Every planted value is valid: checksummed addresses verify, IBANs pass mod-97, phones
//! are valid numbers under libphonenumber's metadata; and every planted selector can be
//! found in its record's text.

use rlibphonenumber::{PHONE_NUMBER_UTIL, PhoneNumber};
use serde_json::Value;

use millwatch_synth::verify;

use crate::support::{demo, s};

fn check_value(kind: &str, value: &str) -> Result<(), String> {
    let ok = match kind {
        "tron" => verify::tron(value),
        "btc" => verify::btc(value),
        "eth" => {
            value.len() == 42
                && value.starts_with("0x")
                && value[2..]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        }
        "iban" => verify::iban(value),
        "phone" | "whatsapp" => PhoneNumber::parse(value, None)
            .is_ok_and(|n| PHONE_NUMBER_UTIL.is_valid_number(&n) && n.to_string() == value),
        "bank_account" => value.bytes().all(|b| b.is_ascii_digit()) && value.len() >= 9,
        "telegram" => {
            value.len() >= 5
                && value.starts_with(|c: char| c.is_ascii_lowercase())
                && value
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        }
        "email" => value.contains('@') && value == value.to_lowercase(),
        "domain" => value.contains('.') && !value.contains('/') && value == value.to_lowercase(),
        "app" => value.starts_with("android:") || value.starts_with("ios:"),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{kind} {value}"))
    }
}

#[test]
fn every_planted_value_is_valid() {
    let d = demo();
    let mut bad = Vec::new();
    let mut checked = 0;
    for r in &d.records {
        for p in r["selectors"].as_array().into_iter().flatten() {
            checked += 1;
            if let Err(e) = check_value(s(p, "kind"), s(p, "value")) {
                bad.push(e);
            }
        }
    }
    assert!(checked > 2000, "only {checked} planted selectors");
    assert!(
        bad.is_empty(),
        "{} invalid: {:?}",
        bad.len(),
        &bad[..bad.len().min(10)]
    );
}

#[test]
fn every_operation_selector_is_valid() {
    let d = demo();
    let text =
        std::fs::read_to_string(d.dir.join("truth/operations.json")).expect("operations.json");
    let t: Value = serde_json::from_str(&text).expect("json");
    let ops = t["operations"].as_array().expect("operations");
    assert_eq!(ops.len(), 10);
    let mut n = 0;
    for op in ops {
        for sel in op["selectors"].as_array().expect("selectors") {
            n += 1;
            check_value(s(sel, "kind"), s(sel, "value")).expect("valid");
        }
        assert!(!s(op, "platform").is_empty() || op["platform"]["name"].is_string());
        assert!(op["personas"].as_array().is_some_and(|p| !p.is_empty()));
    }
    for h in t["hubs"].as_array().expect("hubs") {
        check_value(s(h, "kind"), s(h, "value")).expect("valid hub");
    }
    assert!(n > 100);
}

/// Undoes the written forms: full-width digits, defanging.
fn refang(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c),
            '＋' => '+',
            c => c,
        })
        .collect();
    folded
        .replace("[.]", ".")
        .replace("(dot)", ".")
        .replace(" [dot] ", ".")
        .replace(" [at] ", "@")
}

fn found(kind: &str, value: &str, text: &str) -> bool {
    let t = refang(text);
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    match kind {
        // National forms drop the country code: the last nine digits must be there.
        "phone" | "whatsapp" => {
            digits.contains(&value[1..]) || digits.contains(&value[value.len().saturating_sub(9)..])
        }
        "bank_account" => digits.contains(value),
        "iban" => t.replace(' ', "").contains(value),
        "app" => t.contains(value.split_once(':').map_or(value, |(_, v)| v)),
        "url" => t.contains(value.rsplit('/').next().unwrap_or(value)),
        "tron" | "btc" => t.contains(value),
        _ => t.to_lowercase().contains(&value.to_lowercase()),
    }
}

/// Where a record starts in its file's text.
fn start_of(content: &str, format: &str, loc: &str) -> Option<usize> {
    match format {
        "csv" => [",", ";"]
            .iter()
            .find_map(|d| content.find(&format!("\n{loc}{d}")).map(|p| p + 1)),
        "jsonl" => content.find(&format!("{{\"id\":\"{loc}\"")),
        _ => None,
    }
}

/// The text of each record of the plain formats (mail bodies are transfer-encoded).
fn record_texts(dir: &std::path::Path, records: &[Value]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut cache: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let file = s(r, "file");
        let format = s(r, "format");
        if matches!(format, "eml" | "mbox") {
            continue;
        }
        let content = cache.entry(file.to_owned()).or_insert_with(|| {
            String::from_utf8_lossy(&std::fs::read(dir.join("corpus").join(file)).expect("read"))
                .into_owned()
        });
        let loc = s(r, "locator");
        let text = match format {
            "csv" | "jsonl" => {
                let a = start_of(content, format, loc).expect("record start");
                let b = records
                    .get(i + 1)
                    .filter(|n| s(n, "file") == file)
                    .and_then(|n| start_of(content, format, s(n, "locator")))
                    .unwrap_or(content.len());
                content[a..b].to_owned()
            }
            "whatsapp_text" => {
                let n: usize = loc.parse().expect("line");
                let next = records
                    .get(i + 1)
                    .filter(|n| s(n, "file") == file)
                    .and_then(|n| s(n, "locator").parse::<usize>().ok())
                    .unwrap_or(n + 3);
                content
                    .lines()
                    .skip(n - 1)
                    .take(next - n)
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            "telegram_json" => {
                let (_, id) = loc.split_once('/').expect("chat/message");
                let key = format!("\"id\": {id},");
                content
                    .match_indices(&key)
                    .map(|(at, _)| content[at..].split("\n  }").next().unwrap_or("").to_owned())
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            _ => content.clone(),
        };
        out.push((i, text));
    }
    out
}

#[test]
fn planted_selectors_appear_in_their_records() {
    let d = demo();
    let mut missing = Vec::new();
    let mut n = 0;
    for (i, text) in record_texts(&d.dir, &d.records) {
        let r = &d.records[i];
        for p in r["selectors"].as_array().into_iter().flatten() {
            n += 1;
            if !found(s(p, "kind"), s(p, "value"), &text) {
                missing.push(format!(
                    "{} {}: {} {}",
                    s(r, "file"),
                    s(r, "locator"),
                    s(p, "kind"),
                    s(p, "value")
                ));
            }
        }
    }
    assert!(n > 1000);
    assert!(
        missing.is_empty(),
        "{} missing: {:?}",
        missing.len(),
        &missing[..missing.len().min(10)]
    );
}

#[test]
fn a_wrong_value_is_not_found() {
    // The finder above must be able to fail.
    assert!(!found(
        "tron",
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        "no wallet here"
    ));
    assert!(found(
        "domain",
        "bitget-pro.icu",
        "hxxps://bitget-pro[.]icu/"
    ));
    assert!(found(
        "phone",
        "+85512345678",
        "＋８５５ １２ ３４５ ６７８"
    ));
}
