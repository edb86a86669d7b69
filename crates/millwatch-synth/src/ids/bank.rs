//! IBANs with valid mod-97 check digits and domestic bank account numbers written the way
//! victims copy them from a chat ("KBank 123-4-56789-0").
//!
//! Scam operations move fiat through money-mule accounts: IBANs at European and Gulf banks
//! and fintechs, and domestic accounts in the region's banks, which have no checksum and are
//! only recognisable next to a bank's name.

use crate::rng::Rng;

/// An IBAN country: code and BBAN layout (`n` digit, `a` upper-case letter).
struct IbanCountry {
    code: &'static str,
    layout: &'static str,
}

const IBAN_COUNTRIES: &[IbanCountry] = &[
    IbanCountry {
        code: "GB",
        layout: "aaaannnnnnnnnnnnnn",
    },
    IbanCountry {
        code: "DE",
        layout: "nnnnnnnnnnnnnnnnnn",
    },
    IbanCountry {
        code: "LT",
        layout: "nnnnnnnnnnnnnnnn",
    },
    IbanCountry {
        code: "AE",
        layout: "nnnnnnnnnnnnnnnnnnn",
    },
    IbanCountry {
        code: "TR",
        layout: "nnnnn0nnnnnnnnnnnnnnnn",
    },
    IbanCountry {
        code: "NL",
        layout: "aaaannnnnnnnnn",
    },
    IbanCountry {
        code: "GE",
        layout: "aannnnnnnnnnnnnnnn",
    },
    IbanCountry {
        code: "CY",
        layout: "nnnnnnnnnnnnnnnnnnnnnnnnn",
    },
];

/// mod 97 of the IBAN's numeric rearrangement (BBAN, country, check digits).
fn mod97(iban_compact: &str) -> Option<u32> {
    if iban_compact.len() < 5 {
        return None;
    }
    let (head, tail) = iban_compact.split_at(4);
    let mut r: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let v = match c {
            '0'..='9' => c.to_digit(10)?,
            'A'..='Z' => u32::from(c) - u32::from('A') + 10,
            _ => return None,
        };
        r = if v >= 10 {
            (r * 100 + v) % 97
        } else {
            (r * 10 + v) % 97
        };
    }
    Some(r)
}

/// A random IBAN, compact upper-case form.
pub(crate) fn iban(rng: &mut Rng) -> String {
    let c = rng.pick_ref(IBAN_COUNTRIES);
    let mut bban = String::with_capacity(c.layout.len());
    for l in c.layout.bytes() {
        match l {
            b'n' => rng.digits(1, &mut bban),
            b'a' => bban.push(char::from(b'A' + u8::try_from(rng.below(26)).unwrap_or(0))),
            other => bban.push(char::from(other)),
        }
    }
    let probe = format!("{}00{bban}", c.code);
    let check = 98 - mod97(&probe).unwrap_or(0);
    format!("{}{check:02}{bban}", c.code)
}

/// The IBAN in groups of four, as printed on statements.
pub(crate) fn iban_grouped(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() + compact.len() / 4);
    for (i, c) in compact.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Checks an IBAN's check digits (spaces allowed).
pub fn verify_iban(s: &str) -> bool {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 15
        && compact.len() <= 34
        && compact[..2].bytes().all(|b| b.is_ascii_uppercase())
        && mod97(&compact) == Some(1)
}

/// A domestic bank: name as written, and the account number's digit grouping.
pub(crate) struct Bank {
    /// The bank's name as victims write it.
    pub name: &'static str,
    /// Group sizes of the account number.
    pub groups: &'static [usize],
    /// Separator between groups.
    pub sep: &'static str,
}

/// Banks by the country code of their market.
pub(crate) const BANKS: &[(&str, Bank)] = &[
    (
        "TH",
        Bank {
            name: "KBank",
            groups: &[3, 1, 5, 1],
            sep: "-",
        },
    ),
    (
        "TH",
        Bank {
            name: "SCB",
            groups: &[3, 6, 1],
            sep: "-",
        },
    ),
    (
        "TH",
        Bank {
            name: "Krungthai",
            groups: &[3, 1, 5, 1],
            sep: "-",
        },
    ),
    (
        "KH",
        Bank {
            name: "ABA Bank",
            groups: &[3, 3, 3],
            sep: " ",
        },
    ),
    (
        "KH",
        Bank {
            name: "ACLEDA",
            groups: &[4, 2, 6, 2, 1],
            sep: "-",
        },
    ),
    (
        "ID",
        Bank {
            name: "BCA",
            groups: &[10],
            sep: "",
        },
    ),
    (
        "ID",
        Bank {
            name: "Bank Mandiri",
            groups: &[3, 2, 7, 1],
            sep: "-",
        },
    ),
    (
        "ID",
        Bank {
            name: "BRI",
            groups: &[4, 2, 6, 2, 1],
            sep: "-",
        },
    ),
    (
        "VN",
        Bank {
            name: "Vietcombank",
            groups: &[13],
            sep: "",
        },
    ),
    (
        "VN",
        Bank {
            name: "Techcombank",
            groups: &[14],
            sep: "",
        },
    ),
    (
        "PH",
        Bank {
            name: "BDO",
            groups: &[4, 4, 4],
            sep: " ",
        },
    ),
    (
        "PH",
        Bank {
            name: "Metrobank",
            groups: &[3, 1, 5, 4],
            sep: "-",
        },
    ),
    (
        "MY",
        Bank {
            name: "Maybank",
            groups: &[12],
            sep: "",
        },
    ),
    (
        "MY",
        Bank {
            name: "CIMB",
            groups: &[14],
            sep: "",
        },
    ),
    (
        "CN",
        Bank {
            name: "中国工商银行",
            groups: &[4, 4, 4, 4, 3],
            sep: " ",
        },
    ),
    (
        "CN",
        Bank {
            name: "中国建设银行",
            groups: &[4, 4, 4, 4, 3],
            sep: " ",
        },
    ),
];

/// A domestic account: the bank's index in [`BANKS`], the digits (normal form) and the
/// grouped form as written.
pub(crate) fn bank_account(rng: &mut Rng, country: Option<&str>) -> (usize, String, String) {
    let candidates: Vec<usize> = BANKS
        .iter()
        .enumerate()
        .filter(|(_, (c, _))| country.is_none_or(|want| *c == want))
        .map(|(i, _)| i)
        .collect();
    let idx = if candidates.is_empty() {
        rng.below(BANKS.len())
    } else {
        rng.pick(&candidates)
    };
    let bank = &BANKS[idx].1;
    let mut digits = String::new();
    let mut written = String::new();
    for (i, &g) in bank.groups.iter().enumerate() {
        let start = digits.len();
        // Chinese bank cards start with the UnionPay prefix 62 but are not card-checksummed
        // here on purpose: they are account numbers in context, not payment cards.
        if i == 0 && bank.name.starts_with('中') {
            digits.push_str("62");
            rng.digits(g - 2, &mut digits);
        } else if i == 0 {
            digits.push(char::from(b'1' + u8::try_from(rng.below(9)).unwrap_or(0)));
            rng.digits(g - 1, &mut digits);
        } else {
            rng.digits(g, &mut digits);
        }
        if i > 0 {
            written.push_str(bank.sep);
        }
        written.push_str(&digits[start..]);
    }
    (idx, digits, written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans_verify() {
        assert!(verify_iban("GB82 WEST 1234 5698 7654 32"));
        assert!(!verify_iban("GB82 WEST 1234 5698 7654 33"));
        assert!(verify_iban("DE89370400440532013000"));
        let mut rng = Rng::new(3);
        for _ in 0..300 {
            let i = iban(&mut rng);
            assert!(verify_iban(&i), "{i}");
            assert!(verify_iban(&iban_grouped(&i)));
        }
    }

    #[test]
    fn bank_accounts_are_grouped_digits() {
        let mut rng = Rng::new(9);
        for _ in 0..100 {
            let (_, digits, written) = bank_account(&mut rng, Some("TH"));
            assert!(digits.bytes().all(|b| b.is_ascii_digit()));
            let stripped: String = written.chars().filter(char::is_ascii_digit).collect();
            assert_eq!(stripped, digits);
        }
    }
}
