//! Less common chains, each with its own checksum: Bitcoin Cash (CashAddr), Dash, Zcash
//! transparent addresses, Tezos, Monero and Cardano (Shelley bech32).
//!
//! They follow the rule of [`crate::crypto`]: a length and alphabet gate first, then the
//! chain's checksum; nothing is reported on shape alone. They live apart from the common
//! chains so that each format's oddities (CashAddr's 40-bit checksum, Monero's block base58,
//! Cardano's long bech32) stay readable.

use sha2::{Digest, Sha256};
use sha3::Keccak256;

use crate::SelectorKind;
use crate::crypto::Wallet;

const BECH32_CHARSET: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn bech32_value(c: u8) -> Option<u8> {
    BECH32_CHARSET.iter().position(|&x| x == c).map(|p| p as u8)
}

/// The CashAddr checksum (BCH spec): zero over prefix, separator and payload.
fn cashaddr_polymod(values: impl Iterator<Item = u8>) -> u64 {
    let mut c: u64 = 1;
    for d in values {
        let c0 = (c >> 35) as u8;
        c = ((c & 0x07_ffff_ffff) << 5) ^ u64::from(d);
        if c0 & 0x01 != 0 {
            c ^= 0x98_f2bc_8e61;
        }
        if c0 & 0x02 != 0 {
            c ^= 0x79_b76d_99e2;
        }
        if c0 & 0x04 != 0 {
            c ^= 0xf3_3e5f_b3c4;
        }
        if c0 & 0x08 != 0 {
            c ^= 0xae_2eab_e2a8;
        }
        if c0 & 0x10 != 0 {
            c ^= 0x1e_4f43_e470;
        }
    }
    c ^ 1
}

/// A Bitcoin Cash CashAddr payload (`q…`/`p…`, 42 characters, with or without the
/// `bitcoincash:` prefix written before it). Normal form: with the prefix, lower-case.
pub(crate) fn cashaddr(run: &str) -> Option<Wallet> {
    let lower = run.to_ascii_lowercase();
    if run != lower && run != run.to_ascii_uppercase() {
        return None;
    }
    let b = lower.as_bytes();
    if b.len() != 42 || !matches!(b[0], b'q' | b'p') {
        return None;
    }
    let data: Vec<u8> = b.iter().map(|&c| bech32_value(c)).collect::<Option<_>>()?;
    let prefix = b"bitcoincash".iter().map(|c| c & 0x1f);
    let all = prefix.chain(std::iter::once(0)).chain(data.iter().copied());
    (cashaddr_polymod(all) == 0).then(|| Wallet {
        kind: SelectorKind::Bch,
        value: format!("bitcoincash:{lower}"),
        rule: "bch:cashaddr",
    })
}

fn double_sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(Sha256::digest(data)).into()
}

fn base58check_body(s: &str) -> Option<Vec<u8>> {
    let raw = bs58::decode(s).into_vec().ok()?;
    if raw.len() < 5 {
        return None;
    }
    let (body, check) = raw.split_at(raw.len() - 4);
    (double_sha256(body)[..4] == *check).then(|| body.to_vec())
}

/// Dash (`X…`, `7…`), Zcash transparent (`t1…`, `t3…`) and Tezos (`tz1…`, `tz2…`, `tz3…`,
/// `KT1…`) base58check addresses, recognised by their version prefixes.
pub(crate) fn base58_other(run: &str) -> Option<Wallet> {
    let n = run.len();
    let b = run.as_bytes();
    let (kind, rule, want_len, prefix): (SelectorKind, &'static str, usize, &[u8]) =
        match (b[0], b[1]) {
            (b'X', _) if n == 34 => (SelectorKind::Dash, "dash:base58check", 21, &[0x4c]),
            (b'7', _) if n == 34 => (SelectorKind::Dash, "dash:base58check", 21, &[0x10]),
            (b't', b'1') if n == 35 => (SelectorKind::Zec, "zec:base58check", 22, &[0x1c, 0xb8]),
            (b't', b'3') if n == 35 => (SelectorKind::Zec, "zec:base58check", 22, &[0x1c, 0xbd]),
            (b't', b'z') if n == 36 => {
                let p: &[u8] = match b[2] {
                    b'1' => &[6, 161, 159],
                    b'2' => &[6, 161, 161],
                    b'3' => &[6, 161, 164],
                    _ => return None,
                };
                (SelectorKind::Xtz, "xtz:base58check", 23, p)
            }
            (b'K', b'T') if n == 36 && b[2] == b'1' => {
                (SelectorKind::Xtz, "xtz:base58check", 23, &[2, 90, 121])
            }
            _ => return None,
        };
    let body = base58check_body(run)?;
    (body.len() == want_len && body.starts_with(prefix)).then(|| Wallet {
        kind,
        value: run.to_owned(),
        rule,
    })
}

/// Monero's base58: 8-byte blocks as 11 characters, the last block shorter.
fn monero_base58_decode(s: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    const SIZES: [usize; 12] = [0, 0, 1, 2, 0, 3, 4, 5, 0, 6, 7, 8]; // chars -> bytes
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len() * 8 / 11 + 8);
    for chunk in b.chunks(11) {
        let bytes = SIZES[chunk.len()];
        if bytes == 0 {
            return None;
        }
        let mut num: u128 = 0;
        for &c in chunk {
            let v = ALPHABET.iter().position(|&a| a == c)? as u128;
            num = num.checked_mul(58)?.checked_add(v)?;
        }
        if bytes < 16 && num >> (8 * bytes) != 0 {
            return None;
        }
        for k in (0..bytes).rev() {
            out.push((num >> (8 * k)) as u8);
        }
    }
    Some(out)
}

/// A Monero address (standard `4…`, subaddress `8…`, 95 characters; integrated, 106):
/// network byte, keys, and a Keccak-256 checksum.
pub(crate) fn monero(run: &str) -> Option<Wallet> {
    let n = run.len();
    if !(n == 95 || n == 106) || !matches!(run.as_bytes()[0], b'4' | b'8') {
        return None;
    }
    let data = monero_base58_decode(run)?;
    let (body, check) = data.split_at(data.len().checked_sub(4)?);
    if !matches!(body.first(), Some(0x12 | 0x13 | 0x2a)) || Keccak256::digest(body)[..4] != *check {
        return None;
    }
    Some(Wallet {
        kind: SelectorKind::Xmr,
        value: run.to_owned(),
        rule: "xmr:keccak",
    })
}

fn bech32_polymod(values: &[u8]) -> u32 {
    const GEN: [u32; 5] = [
        0x3b6a_57b2,
        0x2650_8e6d,
        0x1ea1_19fa,
        0x3d42_33dd,
        0x2a14_62b3,
    ];
    let mut chk: u32 = 1;
    for &v in values {
        let top = chk >> 25;
        chk = ((chk & 0x01ff_ffff) << 5) ^ u32::from(v);
        for (i, g) in GEN.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

/// A Cardano Shelley address: bech32 with human part `addr`, any length (they exceed the 90
/// characters segwit allows).
pub(crate) fn cardano(run: &str) -> Option<Wallet> {
    let lower = run.to_ascii_lowercase();
    if run != lower && run != run.to_ascii_uppercase() {
        return None;
    }
    let data = lower.strip_prefix("addr1")?;
    if data.len() < 50 || data.len() > 200 {
        return None;
    }
    let mut values: Vec<u8> = b"addr".iter().map(|c| c >> 5).collect();
    values.push(0);
    values.extend(b"addr".iter().map(|c| c & 0x1f));
    for &c in data.as_bytes() {
        values.push(bech32_value(c)?);
    }
    (bech32_polymod(&values) == 1).then_some(Wallet {
        kind: SelectorKind::Ada,
        value: lower,
        rule: "ada:bech32",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cashaddr_vectors() {
        // Examples from the CashAddr specification.
        assert!(cashaddr("qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a").is_some());
        assert!(cashaddr("ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq").is_some());
        assert!(cashaddr("qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6b").is_none());
    }

    #[test]
    fn monero_rejects_mutations() {
        let good = "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A";
        assert!(monero(good).is_some());
        let bad = good.replace("44AFF", "44AFG");
        assert!(monero(&bad).is_none());
    }
}
