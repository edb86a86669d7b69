//! Property tests: valid generated addresses are always found and round-trip, mutated
//! checksums are never accepted, and any input scans without panics and with honest offsets.

use std::sync::LazyLock;

use millwatch_extract::{Config, Extractor, Match, ScanContext, SelectorKind};
use proptest::prelude::*;
use rlibphonenumber::{PHONE_NUMBER_UTIL, PhoneNumberFormat, PhoneNumberType, Region};
use sha2::{Digest, Sha256};

static EX: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::new(&Config::default()).unwrap_or_else(|e| panic!("{e}")));

fn scan(text: &str) -> Vec<Match> {
    EX.scan_to_vec(text, &ScanContext::default())
}

/// Offsets are char boundaries, `raw` is what they cover, and matches come in start order.
fn check_offsets(text: &str, found: &[Match]) -> Result<(), TestCaseError> {
    let mut last = 0;
    for m in found {
        prop_assert!(m.start <= m.end && m.end <= text.len(), "{m:?}");
        prop_assert!(
            text.is_char_boundary(m.start) && text.is_char_boundary(m.end),
            "{m:?}"
        );
        prop_assert_eq!(&text[m.start..m.end], m.raw.as_str());
        prop_assert!(m.start >= last, "out of order: {m:?}");
        last = m.start;
    }
    Ok(())
}

fn base58check(prefix: &[u8], payload: &[u8]) -> String {
    let mut v = prefix.to_vec();
    v.extend_from_slice(payload);
    let c: [u8; 32] = Sha256::digest(Sha256::digest(&v)).into();
    v.extend_from_slice(&c[..4]);
    bs58::encode(v).into_string()
}

fn iban(cc: &str, bban: &str) -> String {
    let rearranged = format!("{bban}{cc}00");
    let mut rem = 0u32;
    for c in rearranged.chars() {
        match c.to_digit(10) {
            Some(d) => rem = (rem * 10 + d) % 97,
            None => rem = (rem * 100 + (c as u32 - 'A' as u32 + 10)) % 97,
        }
    }
    format!("{cc}{:02}{bban}", 98 - rem)
}

/// Words around a selector: prose in several scripts and the punctuation it meets.
fn context() -> impl Strategy<Value = (String, String)> {
    let before = prop::sample::select(vec![
        "",
        "send to ",
        "地址：",
        "โอนไปที่ ",
        "ví: ",
        "(",
        "\"",
        "Wallet: ",
        "\n",
        "转账到",
    ]);
    let after = prop::sample::select(vec![
        "",
        ".",
        " ok",
        "。",
        ")",
        "\"",
        ",",
        " ค่ะ",
        "\n",
        "，谢谢",
    ]);
    (before, after).prop_map(|(b, a)| (b.to_owned(), a.to_owned()))
}

fn found(text: &str, kind: SelectorKind, value: &str) -> bool {
    scan(text)
        .iter()
        .any(|m| m.kind == kind && m.value == value)
}

/// Changes one character to another of the same alphabet.
fn mutate(s: &str, pos: usize, alphabet: &[u8], pick: usize) -> String {
    let mut b = s.as_bytes().to_vec();
    let i = pos % b.len();
    let mut c = alphabet[pick % alphabet.len()];
    if c == b[i] {
        c = alphabet[(pick + 1) % alphabet.len()];
    }
    b[i] = c;
    String::from_utf8(b).unwrap_or_default()
}

const B58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_arbitrary_text(text in any::<String>()) {
        let found = scan(&text);
        check_offsets(&text, &found)?;
    }

    #[test]
    fn never_panics_on_selector_soup(parts in prop::collection::vec(prop::sample::select(vec![
        "1", "0", "00", "+", ".", "[.]", "(.)", "@", "[at]", " at ", " dot ", "hxxp", "://", "/", ":", "-",
        " ", "a", "Z", "x", "com", "www.", "0x", "T", "bc1", "๐", "０", "。", "＠", "\u{200b}", "中", "ไ",
        "(", ")", "[", "]", "\\", "_", "%", "?", "=", "#", "é", "д", "telegram", "WA", "微信", "IBAN", "GB82",
    ]), 0..80)) {
        let text: String = parts.concat();
        let found = scan(&text);
        check_offsets(&text, &found)?;
    }

    #[test]
    fn tron_addresses_round_trip(payload in prop::array::uniform20(any::<u8>()), (b, a) in context()) {
        let addr = base58check(&[0x41], &payload);
        { let t = format!("{b}{addr}{a}"); prop_assert!(found(&t, SelectorKind::Tron, &addr), "{}", t); }
        let hex: String = std::iter::once(0x41u8).chain(payload).map(|x| format!("{x:02x}")).collect();
        { let t = format!("{b}{hex}{a}"); prop_assert!(found(&t, SelectorKind::Tron, &addr), "{}", t); }
    }

    #[test]
    fn tron_mutations_rejected(payload in prop::array::uniform20(any::<u8>()), pos in 1usize..34, pick in 0usize..58) {
        let addr = base58check(&[0x41], &payload);
        let bad = mutate(&addr, pos, B58, pick);
        { let t = format!("to {bad} ok"); prop_assert!(!scan(&t).iter().any(|m| m.kind == SelectorKind::Tron), "{}", t); }
    }

    #[test]
    fn btc_addresses_round_trip(payload in prop::array::uniform32(any::<u8>()), which in 0u8..4, (b, a) in context()) {
        let addr = match which {
            0 => base58check(&[0x00], &payload[..20]),
            1 => base58check(&[0x05], &payload[..20]),
            2 => bech32::segwit::encode_v0(bech32::hrp::BC, &payload[..20]).unwrap_or_default(),
            _ => bech32::segwit::encode_v1(bech32::hrp::BC, &payload).unwrap_or_default(),
        };
        { let t = format!("{b}{addr}{a}"); prop_assert!(found(&t, SelectorKind::Btc, &addr), "{}", t); }
        if addr.starts_with("bc1") {
            let t = format!("{b}{}{a}", addr.to_uppercase());
            prop_assert!(found(&t, SelectorKind::Btc, &addr), "{}", t);
        }
    }

    #[test]
    fn btc_mutations_rejected(payload in prop::array::uniform20(any::<u8>()), bech in any::<bool>(), pos in 4usize..34, pick in 0usize..58) {
        let (addr, alphabet): (String, &[u8]) = if bech {
            (bech32::segwit::encode_v0(bech32::hrp::BC, &payload).unwrap_or_default(), b"qpzry9x8gf2tvdw0s3jn54khce6mua7l")
        } else {
            (base58check(&[0x00], &payload), B58)
        };
        let bad = mutate(&addr, pos, alphabet, pick);
        { let t = format!("btc {bad} ok"); prop_assert!(!scan(&t).iter().any(|m| m.kind == SelectorKind::Btc), "{}", t); }
    }

    #[test]
    fn eth_addresses_round_trip(hex in "[0-9a-f]{40}", (b, a) in context()) {
        let checksummed = millwatch_extract::eip55_checksum(&hex).unwrap_or_default();
        let lower = format!("0x{hex}");
        { let t = format!("{b}{checksummed}{a}"); prop_assert!(found(&t, SelectorKind::Eth, &lower), "{}", t); }
        { let t = format!("{b}{lower}{a}"); prop_assert!(found(&t, SelectorKind::Eth, &lower), "{}", t); }
    }

    #[test]
    fn eth_case_mutations_rejected(hex in "[0-9a-f]{40}", pos in 2usize..42) {
        let checksummed = millwatch_extract::eip55_checksum(&hex).unwrap_or_default();
        let mut b = checksummed.clone().into_bytes();
        // Flip the case of the first letter at or after `pos` (all-digit tails: nothing to flip).
        let Some(i) = (pos..42).chain(2..pos).find(|&i| b[i].is_ascii_alphabetic()) else { return Ok(()) };
        b[i] ^= 0x20;
        let bad = String::from_utf8(b).unwrap_or_default();
        let mixed = bad[2..].bytes().any(|c| c.is_ascii_lowercase()) && bad[2..].bytes().any(|c| c.is_ascii_uppercase());
        prop_assume!(mixed);
        { let t = format!("eth {bad} ok"); prop_assert!(!scan(&t).iter().any(|m| m.kind == SelectorKind::Eth), "{}", t); }
    }

    #[test]
    fn ibans_round_trip(digits in "[0-9]{18}", spaced in any::<bool>(), (b, a) in context()) {
        let iban = iban("DE", &digits);
        let written = if spaced {
            iban.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
        } else {
            iban.clone()
        };
        { let t = format!("{b}IBAN {written}{a}"); prop_assert!(found(&t, SelectorKind::Iban, &iban), "{}", t); }
    }

    #[test]
    fn iban_mutations_rejected(digits in "[0-9]{18}", pos in 2usize..22, d in 0u8..10) {
        let iban = iban("DE", &digits);
        let bad = mutate(&iban, pos, b"0123456789", usize::from(d));
        { let t = format!("IBAN {bad}"); prop_assert!(!scan(&t).iter().any(|m| m.kind == SelectorKind::Iban), "{}", t); }
    }

    #[test]
    fn international_phones_round_trip(region in prop::sample::select(vec!["KH", "TH", "VN", "ID", "MY", "PH", "CN", "SG", "GB", "US", "IN", "KE"]), tail in 0u32..10_000, sep in prop::sample::select(vec![" ", "-", "."])) {
        let r = Region::from_code(region).unwrap_or_else(|e| panic!("{e}"));
        let ex = PHONE_NUMBER_UTIL.get_example_number_for_type_and_region(r, PhoneNumberType::Mobile).unwrap_or_else(|e| panic!("{e:?}"));
        let e164 = PHONE_NUMBER_UTIL.format(&ex, PhoneNumberFormat::E164).into_owned();
        let cand = format!("{}{:04}", &e164[..e164.len() - 4], tail);
        let Ok(n) = PHONE_NUMBER_UTIL.parse(&cand, None) else { return Ok(()) };
        prop_assume!(PHONE_NUMBER_UTIL.is_valid_number(&n));
        let intl = PHONE_NUMBER_UTIL.format(&n, PhoneNumberFormat::International).replace(' ', sep);
        { let t = format!("Call {intl} now"); prop_assert!(found(&t, SelectorKind::Phone, &cand), "{}", t); }
    }
}
