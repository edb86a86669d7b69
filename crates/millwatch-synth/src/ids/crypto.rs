//! Valid crypto addresses: TRON, Bitcoin (P2PKH, P2SH, bech32 and bech32m) and Ethereum
//! with EIP-55 checksums, plus verifiers used by the tests.
//!
//! Payloads are random bytes, so the addresses belong to nobody; what matters is that an
//! extractor that verifies checksums accepts every one of them, and that the verifiers here
//! are written independently of the encoders (they decode and recompute).

use sha2::{Digest as _, Sha256};
use sha3::Keccak256;

use crate::rng::Rng;

fn double_sha256(data: &[u8]) -> [u8; 32] {
    let first = Sha256::digest(data);
    Sha256::digest(first).into()
}

/// Base58check: payload followed by the first four bytes of its double SHA-256.
pub(crate) fn base58check(payload: &[u8]) -> String {
    let mut buf = Vec::with_capacity(payload.len() + 4);
    buf.extend_from_slice(payload);
    let sum = double_sha256(payload);
    buf.extend_from_slice(&sum[..4]);
    bs58::encode(buf).into_string()
}

/// Decodes base58check, returning the payload when the checksum holds.
pub(crate) fn base58check_decode(s: &str) -> Option<Vec<u8>> {
    let raw = bs58::decode(s).into_vec().ok()?;
    if raw.len() < 5 {
        return None;
    }
    let (payload, sum) = raw.split_at(raw.len() - 4);
    (double_sha256(payload)[..4] == *sum).then(|| payload.to_vec())
}

/// A TRON address: `0x41` + 20 bytes in base58check, 34 characters starting with `T`.
pub(crate) fn tron(rng: &mut Rng) -> String {
    let mut payload = [0u8; 21];
    payload[0] = 0x41;
    rng.fill(&mut payload[1..]);
    base58check(&payload)
}

/// A Bitcoin address of a random type (legacy, script, segwit v0, taproot).
pub(crate) fn btc(rng: &mut Rng) -> String {
    match rng.weighted(&[3, 2, 4, 1]) {
        0 => {
            let mut p = [0u8; 21];
            rng.fill(&mut p[1..]);
            base58check(&p)
        }
        1 => {
            let mut p = [0u8; 21];
            p[0] = 0x05;
            rng.fill(&mut p[1..]);
            base58check(&p)
        }
        2 => {
            let mut prog = [0u8; 20];
            rng.fill(&mut prog);
            bech32::segwit::encode_v0(bech32::hrp::BC, &prog).unwrap_or_default()
        }
        _ => {
            let mut prog = [0u8; 32];
            rng.fill(&mut prog);
            bech32::segwit::encode_v1(bech32::hrp::BC, &prog).unwrap_or_default()
        }
    }
}

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8], out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
}

/// An Ethereum address in EIP-55 mixed case.
pub(crate) fn eth(rng: &mut Rng) -> String {
    let mut a = [0u8; 20];
    rng.fill(&mut a);
    let mut lower = String::with_capacity(40);
    hex(&a, &mut lower);
    eip55(&lower)
}

/// EIP-55: upper-case each letter whose nibble in Keccak-256(lower-case hex) is 8 or more.
pub(crate) fn eip55(lower_hex40: &str) -> String {
    let hash = Keccak256::digest(lower_hex40.as_bytes());
    let mut out = String::with_capacity(42);
    out.push_str("0x");
    for (i, c) in lower_hex40.chars().enumerate() {
        let byte = hash[i / 2];
        let nibble = if i % 2 == 0 { byte >> 4 } else { byte & 15 };
        if c.is_ascii_alphabetic() && nibble >= 8 {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Checks a TRON address.
pub fn verify_tron(s: &str) -> bool {
    s.len() == 34 && base58check_decode(s).is_some_and(|p| p.len() == 21 && p[0] == 0x41)
}

/// Checks a Bitcoin mainnet address (base58check version 0 or 5, or segwit bech32/bech32m).
pub fn verify_btc(s: &str) -> bool {
    if s.starts_with("bc1") {
        return bech32::segwit::decode(s).is_ok_and(|(hrp, _, _)| hrp == bech32::hrp::BC);
    }
    base58check_decode(s).is_some_and(|p| p.len() == 21 && (p[0] == 0 || p[0] == 5))
}

/// Checks an Ethereum address: `0x` + 40 hex digits whose case follows EIP-55 (all-lower and
/// all-upper are accepted as unchecksummed forms).
pub fn verify_eth(s: &str) -> bool {
    let Some(body) = s.strip_prefix("0x") else {
        return false;
    };
    if body.len() != 40 || !body.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let lower = body.to_ascii_lowercase();
    if body == lower || body == body.to_ascii_uppercase() {
        return true;
    }
    eip55(&lower) == s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors() {
        // EIP-55's own examples.
        for a in [
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        ] {
            assert_eq!(eip55(&a[2..].to_ascii_lowercase()), a);
            assert!(verify_eth(a));
        }
        assert!(!verify_eth("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));
        // The genesis coinbase address, and one with a changed character.
        assert!(verify_btc("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
        assert!(!verify_btc("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"));
        assert!(verify_tron("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"));
        assert!(!verify_tron("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T"));
    }

    #[test]
    fn generated_addresses_verify() {
        let mut rng = Rng::new(7);
        for _ in 0..500 {
            let t = tron(&mut rng);
            assert!(t.starts_with('T') && verify_tron(&t), "{t}");
            let b = btc(&mut rng);
            assert!(verify_btc(&b), "{b}");
            let mut broken = b.clone().into_bytes();
            let last = broken.len() - 1;
            broken[last] = if broken[last] == b'q' { b'p' } else { b'q' };
            let broken = String::from_utf8(broken).unwrap();
            assert!(!verify_btc(&broken), "{broken}");
            let e = eth(&mut rng);
            assert!(verify_eth(&e), "{e}");
        }
    }
}
