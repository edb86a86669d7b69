//! Wallet addresses and hashes: each chain's own checksum, never a look-alike pattern alone.
//!
//! A 34-character run of base58 letters is not a TRON address until its base58check checksum
//! says so; a `0x` + 40-hex run in mixed case is an Ethereum address only when its EIP-55
//! capitalisation verifies. Recognisers here take one maximal alphanumeric run (bounded by
//! the caller) and answer yes with a normal form, or no. Lengths are checked before any
//! decoding, so a hostile megabyte of base58 letters costs one length comparison.

use std::cell::RefCell;

use sha2::{Digest, Sha256};
use sha3::Keccak256;

use crate::SelectorKind;
use crate::memo::{self, Memo};

/// A verified address or hash: kind, normal form and the rule that decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Wallet {
    pub kind: SelectorKind,
    pub value: String,
    pub rule: &'static str,
}

fn wallet(kind: SelectorKind, value: String, rule: &'static str) -> Option<Wallet> {
    Some(Wallet { kind, value, rule })
}

/// The EIP-55 mixed-case form of a 40-hex-digit address (with or without `0x`, any case).
/// Returns `None` when the input is not 40 hex digits.
pub fn eip55_checksum(addr: &str) -> Option<String> {
    let hex = addr
        .strip_prefix("0x")
        .or_else(|| addr.strip_prefix("0X"))
        .unwrap_or(addr);
    if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let lower = hex.to_ascii_lowercase();
    let hash = Keccak256::digest(lower.as_bytes());
    let mut out = String::with_capacity(42);
    out.push_str("0x");
    for (i, c) in lower.chars().enumerate() {
        let nibble = (hash[i / 2] >> if i % 2 == 0 { 4 } else { 0 }) & 0x0f;
        if c.is_ascii_alphabetic() && nibble >= 8 {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// `0x` + 40 hex: an Ethereum/EVM address; mixed case must verify as EIP-55.
fn eth(run: &str) -> Option<Wallet> {
    let hex = &run[2..];
    let has_lower = hex.bytes().any(|b| b.is_ascii_lowercase());
    let has_upper = hex.bytes().any(|b| b.is_ascii_uppercase());
    let value = format!("0x{}", hex.to_ascii_lowercase());
    if has_lower && has_upper {
        if eip55_checksum(hex).as_deref().map(|c| &c[2..]) == Some(hex) {
            wallet(SelectorKind::Eth, value, "eth:eip55")
        } else {
            None
        }
    } else {
        wallet(SelectorKind::Eth, value, "eth:hex")
    }
}

fn double_sha256(data: &[u8]) -> [u8; 32] {
    let first = Sha256::digest(data);
    Sha256::digest(first).into()
}

/// Decodes base58check with the given alphabet: version byte + payload, checksum verified.
fn base58check(s: &str, alphabet: &bs58::Alphabet) -> Option<Vec<u8>> {
    let raw = bs58::decode(s).with_alphabet(alphabet).into_vec().ok()?;
    if raw.len() < 5 {
        return None;
    }
    let (body, check) = raw.split_at(raw.len() - 4);
    if double_sha256(body)[..4] != *check {
        return None;
    }
    Some(body.to_vec())
}

/// The base58check form of a TRON address given in hex (`41` + 40 hex digits).
pub fn tron_hex_to_base58(hex: &str) -> Option<String> {
    if hex.len() != 42 || !hex.as_bytes()[..2].eq_ignore_ascii_case(b"41") {
        return None;
    }
    let mut bytes = Vec::with_capacity(25);
    for i in (0..42).step_by(2) {
        bytes.push(u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?);
    }
    let check = double_sha256(&bytes);
    bytes.extend_from_slice(&check[..4]);
    Some(bs58::encode(bytes).into_string())
}

fn is_base58(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() && !matches!(b, b'0' | b'O' | b'I' | b'l'))
}

/// A base58check address of one of the supported chains.
fn base58_address(run: &str) -> Option<Wallet> {
    let first = run.as_bytes()[0];
    if first == b'r' {
        let body = base58check(run, bs58::Alphabet::RIPPLE)?;
        return if body.len() == 21 && body[0] == 0x00 {
            wallet(SelectorKind::Xrp, run.to_owned(), "xrp:base58check")
        } else {
            None
        };
    }
    if !is_base58(run) {
        return None;
    }
    let body = base58check(run, bs58::Alphabet::BITCOIN)?;
    if body.len() != 21 {
        return None;
    }
    let (kind, rule) = match (first, body[0]) {
        (b'1', 0x00) | (b'3', 0x05) => (SelectorKind::Btc, "btc:base58check"),
        (b'T', 0x41) => (SelectorKind::Tron, "tron:base58check"),
        (b'L', 0x30) | (b'M', 0x32) => (SelectorKind::Ltc, "ltc:base58check"),
        (b'D', 0x1e) | (b'A' | b'9', 0x16) => (SelectorKind::Doge, "doge:base58check"),
        _ => return None,
    };
    wallet(kind, run.to_owned(), rule)
}

/// A bech32/bech32m segwit address (`bc1…`, `ltc1…`), either case but not mixed.
fn bech32_address(run: &str) -> Option<Wallet> {
    let has_lower = run.bytes().any(|b| b.is_ascii_lowercase());
    let has_upper = run.bytes().any(|b| b.is_ascii_uppercase());
    if has_lower && has_upper {
        return None;
    }
    let value = run.to_ascii_lowercase();
    let (hrp, _version, _program) = bech32::segwit::decode(&value).ok()?;
    match hrp.as_str() {
        "bc" => wallet(SelectorKind::Btc, value, "btc:bech32"),
        "ltc" => wallet(SelectorKind::Ltc, value, "ltc:bech32"),
        _ => None,
    }
}

/// CRC-16/XMODEM, as TON user-friendly addresses use.
fn crc16_xmodem(data: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &b in data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

fn b64_value(c: u8) -> Option<u8> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' | b'+' => 62,
        b'_' | b'/' => 63,
        _ => return None,
    })
}

/// A TON user-friendly address: 48 base64(url) characters holding tag, workchain, 32-byte
/// account id and a CRC-16 over the first 34 bytes.
pub(crate) fn ton_address(s: &str) -> Option<Wallet> {
    let b = s.as_bytes();
    if b.len() != 48 {
        return None;
    }
    let mut bytes = Vec::with_capacity(36);
    for quad in b.chunks(4) {
        let mut n: u32 = 0;
        for &c in quad {
            n = (n << 6) | u32::from(b64_value(c)?);
        }
        bytes.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
    }
    let tag = bytes[0] & 0x7f;
    if !matches!(tag, 0x11 | 0x51) || !matches!(bytes[1], 0x00 | 0xff) {
        return None;
    }
    let crc = u16::from_be_bytes([bytes[34], bytes[35]]);
    if crc16_xmodem(&bytes[..34]) != crc {
        return None;
    }
    wallet(SelectorKind::Ton, s.to_owned(), "ton:crc16")
}

/// A Solana address: base58 decoding to exactly 32 bytes (no checksum, so the caller asks for
/// Solana context first).
pub(crate) fn solana_address(run: &str) -> Option<Wallet> {
    if !(32..=44).contains(&run.len()) || !is_base58(run) {
        return None;
    }
    let raw = bs58::decode(run).into_vec().ok()?;
    if raw.len() != 32 {
        return None;
    }
    wallet(SelectorKind::Sol, run.to_owned(), "sol:context")
}

fn all_hex(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Hex digests and transaction ids: exact lengths, hex only, not one repeated digit, and (for
/// bare runs) at least one digit and one letter so that words and plain numbers stay out.
fn hex_digest(run: &str, tx_context: bool) -> Option<Wallet> {
    let b = run.as_bytes();
    if let Some(hex) = run.strip_prefix("0x").or_else(|| run.strip_prefix("0X")) {
        if hex.len() == 64 && all_hex(hex) {
            return wallet(
                SelectorKind::Txid,
                hex.to_ascii_lowercase(),
                "txid:0x-hex64",
            );
        }
        return None;
    }
    if !all_hex(run) {
        return None;
    }
    let mixed_case =
        run.bytes().any(|c| c.is_ascii_lowercase()) && run.bytes().any(|c| c.is_ascii_uppercase());
    // Mixed case is no hex digest; all digits is a number. Hex words of 32+ letters a-f do
    // not occur in prose, so a run of letters only (even `aaaa…`, a common placeholder) counts.
    if mixed_case || !b.iter().any(u8::is_ascii_alphabetic) {
        return None;
    }
    let value = run.to_ascii_lowercase();
    match run.len() {
        32 => wallet(SelectorKind::Md5, value, "md5:hex32"),
        40 => wallet(SelectorKind::Sha1, value, "sha1:hex40"),
        64 if tx_context => wallet(SelectorKind::Txid, value, "txid:context"),
        64 => wallet(SelectorKind::Sha256, value, "sha256:hex64"),
        128 => wallet(SelectorKind::Sha512, value, "sha512:hex128"),
        _ => None,
    }
}

/// What the context around a run says, for the kinds that need it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RunContext {
    pub tx: bool,
    pub solana: bool,
}

thread_local! {
    static RUNS: RefCell<Memo<Option<Wallet>>> = RefCell::new(Memo::new());
}

/// Classifies one maximal alphanumeric run (ASCII letters and digits only). Memoised per
/// thread ([`crate::memo`]): wallets repeat, and their checksums are the costly part.
pub(crate) fn classify_run(run: &str, ctx: RunContext) -> Option<Wallet> {
    if run.len() < 25 {
        return None;
    }
    // The context flags are part of the key: they change the answer for some runs.
    let flags = match (ctx.tx, ctx.solana) {
        (false, false) => "--",
        (true, false) => "t-",
        (false, true) => "-s",
        (true, true) => "ts",
    };
    memo::cached_parts(&RUNS, flags, run, || classify_run_uncached(run, ctx))
}

fn classify_run_uncached(run: &str, ctx: RunContext) -> Option<Wallet> {
    let n = run.len();
    let b = run.as_bytes();
    if n < 25 {
        return None;
    }
    if n == 42 && (b[0] == b'0') && (b[1] | 0x20 == b'x') && all_hex(&run[2..]) {
        return eth(run);
    }
    if n == 42 && run[..2].eq_ignore_ascii_case("41") && all_hex(run) {
        let v = tron_hex_to_base58(run)?;
        return wallet(SelectorKind::Tron, v, "tron:hex");
    }
    if matches!(n, 32 | 40 | 64 | 66 | 128)
        && let Some(w) = hex_digest(run, ctx.tx)
    {
        return Some(w);
    }
    let lower3 = [b[0] | 0x20, b[1] | 0x20, b[2] | 0x20];
    if (14..=90).contains(&n) && (lower3 == *b"bc1" || (lower3 == *b"ltc" && b[3] == b'1')) {
        return bech32_address(run);
    }
    if (25..=35).contains(&n)
        && let Some(w) = base58_address(run)
    {
        return Some(w);
    }
    if n == 42 && matches!(b[0], b'q' | b'p' | b'Q' | b'P') {
        return crate::chains::cashaddr(run);
    }
    if (34..=36).contains(&n)
        && let Some(w) = crate::chains::base58_other(run)
    {
        return Some(w);
    }
    if n == 95 || n == 106 {
        return crate::chains::monero(run);
    }
    if n >= 55 && lower3 == *b"add" {
        return crate::chains::cardano(run);
    }
    if ctx.solana {
        return solana_address(run);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(run: &str) -> Option<SelectorKind> {
        classify_run(run, RunContext::default()).map(|w| w.kind)
    }

    #[test]
    fn eip55_vectors() {
        // Test vectors from the EIP-55 specification.
        for a in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        ] {
            assert_eq!(eip55_checksum(a).as_deref(), Some(a));
            assert_eq!(kind(a), Some(SelectorKind::Eth));
        }
        assert_eq!(kind("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"), None);
        assert_eq!(
            kind("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"),
            Some(SelectorKind::Eth)
        );
    }

    #[test]
    fn bitcoin_forms() {
        assert_eq!(
            kind("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
            Some(SelectorKind::Btc)
        );
        assert_eq!(kind("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"), None);
        assert_eq!(
            kind("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
            Some(SelectorKind::Btc)
        );
        assert_eq!(
            kind("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
            Some(SelectorKind::Btc)
        );
        assert_eq!(
            kind("BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ"),
            Some(SelectorKind::Btc)
        );
        assert_eq!(kind("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdz"), None);
        assert_eq!(
            kind("bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297"),
            Some(SelectorKind::Btc)
        );
    }

    #[test]
    fn tron_forms() {
        assert_eq!(
            kind("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
            Some(SelectorKind::Tron)
        );
        assert_eq!(kind("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u"), None);
        let hex = "41a614f803b6fd780986a42c78ec9c7f77e6ded13c";
        assert_eq!(
            tron_hex_to_base58(hex).as_deref(),
            Some("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")
        );
    }

    #[test]
    fn hashes() {
        assert_eq!(
            kind("d41d8cd98f00b204e9800998ecf8427e"),
            Some(SelectorKind::Md5)
        );
        assert_eq!(
            kind("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            Some(SelectorKind::Sha256)
        );
        assert_eq!(kind("00000000000000000000000000000000"), None);
        assert_eq!(kind("12345678901234567890123456789012"), None);
        assert_eq!(
            kind("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            Some(SelectorKind::Md5)
        );
    }
}
