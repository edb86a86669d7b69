//! Streaming: `scan_reader` finds exactly what `scan` finds, with the same global offsets,
//! however the text falls across its internal windows; bytes that are not UTF-8 only separate.

use millwatch_extract::{Config, Extractor, Match, ScanContext};

fn extractor() -> Extractor {
    Extractor::new(&Config {
        default_region: Some("KH".into()),
        ..Config::default()
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// A few megabytes of report prose with selectors everywhere, so that many selectors straddle
/// window boundaries whatever the window size.
fn big_text() -> String {
    let lines = [
        "Victim paid 1,200 USDT to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t after a call from +855 12 345 678.",
        "请登录 https://okx-pro.vip/#/login 并联系微信：okxpro_teacher，电话 012 345 678。",
        "C2: hxxps://cdn.ms-auth-portal[.]net/kit.zip and 45.137.21[.]9 (md5 5d41402abc4b2a76b9719d911017c592)",
        "ติดต่อ Telegram @somchai_vip หรืออีเมล somchai.k@gmail.com ค่ะ",
        "ETH 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed, IBAN GB82 WEST 1234 5698 7654 32.",
    ];
    let mut s = String::new();
    let mut i = 0usize;
    while s.len() < 3_000_000 {
        s.push_str(lines[i % lines.len()]);
        // Vary the line lengths so that boundaries fall at every offset class.
        for _ in 0..(i * 7919) % 13 {
            s.push_str(" word");
        }
        s.push(if i.is_multiple_of(3) { '\n' } else { ' ' });
        i += 1;
    }
    s
}

fn key(m: &Match) -> (usize, usize, String, String) {
    (m.start, m.end, m.kind.to_string(), m.value.clone())
}

#[test]
fn reader_matches_whole_text_scan() {
    let ex = extractor();
    let text = big_text();
    let ctx = ScanContext::default();
    let whole: Vec<_> = ex.scan_to_vec(&text, &ctx).iter().map(key).collect();
    let mut streamed = Vec::new();
    ex.scan_reader(text.as_bytes(), &ctx, &mut |m| streamed.push(key(&m)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(whole.len() > 10_000, "only {} selectors", whole.len());
    assert_eq!(streamed.len(), whole.len());
    assert!(
        streamed == whole,
        "streamed scan differs from the whole-text scan"
    );
}

#[test]
fn reader_skips_invalid_utf8_and_keeps_offsets() {
    let ex = extractor();
    let mut bytes = b"call +855 12 345 678 ".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, b' ']);
    bytes.extend_from_slice(b"mail bob@example.com");
    let mut found = Vec::new();
    ex.scan_reader(&bytes[..], &ScanContext::default(), &mut |m| found.push(m))
        .unwrap_or_else(|e| panic!("{e}"));
    let email = found
        .iter()
        .find(|m| m.value == "bob@example.com")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(&bytes[email.start..email.end], b"bob@example.com");
    assert!(found.iter().any(|m| m.value == "+85512345678"));
}

/// Hostile inputs stay linear: a few megabytes of each pattern scan within a loose budget
/// (generous enough for an unoptimised build; the criterion bench has the real figures).
#[test]
fn hostile_inputs_finish() {
    let ex = extractor();
    let n = 2_000_000;
    let patterns: [(&str, String); 11] = [
        ("digits", "1234567890".repeat(n / 10)),
        ("dots", ".".repeat(n)),
        ("at signs", "@".repeat(n)),
        (
            "base58",
            "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".repeat(n / 58),
        ),
        ("spaced digits", "0 1 ".repeat(n / 4)),
        ("hosts and ats", "a.b@c.d-1.2.3.4:5/6 ".repeat(n / 20)),
        ("brackets", "1[.]2(.)3[[.]]".repeat(n / 14)),
        ("spaced brackets", "a  [[ [ . )] b { at ) ".repeat(n / 22)),
        ("encoded http", "aHR0c".repeat(n / 5)),
        ("encoded urls", "aHR0cDovL2EuY29t".repeat(n / 16)),
        ("hex http", "68747470".repeat(n / 8)),
    ];
    for (name, text) in &patterns {
        let started = std::time::Instant::now();
        let found = ex.scan_to_vec(text, &ScanContext::default());
        let secs = started.elapsed().as_secs_f64();
        assert!(
            secs < 60.0,
            "{name}: {secs:.1} s for {} bytes ({} found)",
            text.len(),
            found.len()
        );
    }
}
