//! Bank selectors: IBANs (ISO 13616, mod-97 verified, per-country length) and payment card
//! numbers (Luhn verified, known issuer prefixes).
//!
//! Both are long digit strings that would otherwise be mistaken for ids or phone numbers, so
//! each needs its own checksum before it becomes a selector; a typo in one digit fails it.

/// IBAN lengths per country (ISO 13616 registry).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HN", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
];

/// The IBAN length of a country, by its (upper-case) code.
pub(crate) fn iban_length(cc: &[u8]) -> Option<usize> {
    IBAN_LENGTHS
        .iter()
        .find(|(c, _)| c.as_bytes() == cc)
        .map(|(_, n)| *n)
}

/// Validates a compact IBAN (letters and digits only, any case) and returns it upper-case.
pub(crate) fn check_iban(compact: &str) -> Option<String> {
    let up = compact.to_ascii_uppercase();
    let b = up.as_bytes();
    if b.len() < 15
        || b.len() > 34
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..4].iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    if iban_length(&b[..2]) != Some(b.len()) || !b.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let mut rem: u32 = 0;
    for &c in b[4..].iter().chain(&b[..4]) {
        if c.is_ascii_digit() {
            rem = (rem * 10 + u32::from(c - b'0')) % 97;
        } else {
            let v = u32::from(c - b'A') + 10;
            rem = (rem * 100 + v) % 97;
        }
    }
    (rem == 1).then_some(up)
}

/// The Luhn check over ASCII digits.
pub(crate) fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

/// Whether `digits` has the length and issuer prefix of a payment card.
pub(crate) fn card_issuer(digits: &[u8]) -> Option<&'static str> {
    let n = digits.len();
    let p = |k: usize| -> u32 {
        digits[..k.min(n)]
            .iter()
            .fold(0, |a, &d| a * 10 + u32::from(d - b'0'))
    };
    if !(13..=19).contains(&n) {
        return None;
    }
    let issuer = match () {
        _ if digits[0] == b'4' && matches!(n, 13 | 16 | 19) => "visa",
        _ if (51..=55).contains(&p(2)) && n == 16 => "mastercard",
        _ if (2221..=2720).contains(&p(4)) && n == 16 => "mastercard",
        _ if matches!(p(2), 34 | 37) && n == 15 => "amex",
        _ if (p(4) == 6011 || p(2) == 65 || (644..=649).contains(&p(3)))
            && (16..=19).contains(&n) =>
        {
            "discover"
        }
        _ if (3528..=3589).contains(&p(4)) && (16..=19).contains(&n) => "jcb",
        _ if p(2) == 62 && (16..=19).contains(&n) => "unionpay",
        _ if (p(3) <= 305 && p(3) >= 300 || p(2) == 36 || p(2) == 38) && n == 14 => "diners",
        _ => return None,
    };
    Some(issuer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans() {
        assert_eq!(
            check_iban("GB82WEST12345698765432").as_deref(),
            Some("GB82WEST12345698765432")
        );
        assert_eq!(
            check_iban("de89370400440532013000").as_deref(),
            Some("DE89370400440532013000")
        );
        assert_eq!(check_iban("GB82WEST12345698765433"), None);
        assert_eq!(check_iban("GB82WEST1234569876543"), None);
    }

    #[test]
    fn cards() {
        assert!(luhn(b"4111111111111111"));
        assert!(!luhn(b"4111111111111112"));
        assert_eq!(card_issuer(b"4111111111111111"), Some("visa"));
        assert_eq!(card_issuer(b"378282246310005"), Some("amex"));
        assert_eq!(card_issuer(b"1234567890123456"), None);
    }
}
