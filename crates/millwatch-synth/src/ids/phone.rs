//! Phone numbers that are valid under libphonenumber's metadata, and the many ways people
//! write them.
//!
//! Each country has real mobile prefixes and national-number lengths taken from its
//! numbering plan, the digit grouping its people use, and whether a trunk `0` is dialled
//! nationally. The tests check every generated number with `rlibphonenumber`.

use crate::rng::Rng;

/// Countries whose numbers appear in worlds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Country {
    Kh,
    Th,
    Cn,
    Id,
    Ph,
    Mm,
    Vn,
    La,
    My,
    Us,
    Gb,
    Sg,
    Au,
    Jp,
    Tw,
    Hk,
}

/// A country's numbering plan, as far as the generator needs it.
struct Plan {
    cc: &'static str,
    /// Mobile prefixes of the national significant number, with the full NSN length.
    mobile: &'static [(&'static str, usize)],
    /// Digit groups of the NSN by length: (length, groups).
    groups: &'static [(usize, &'static [usize])],
    /// Whether a trunk `0` is written before the NSN in national format.
    trunk: bool,
}

fn plan(c: Country) -> &'static Plan {
    match c {
        Country::Kh => &KH,
        Country::Th => &TH,
        Country::Cn => &CN,
        Country::Id => &ID,
        Country::Ph => &PH,
        Country::Mm => &MM,
        Country::Vn => &VN,
        Country::La => &LA,
        Country::My => &MY,
        Country::Us => &US,
        Country::Gb => &GB,
        Country::Sg => &SG,
        Country::Au => &AU,
        Country::Jp => &JP,
        Country::Tw => &TW,
        Country::Hk => &HK,
    }
}

static KH: Plan = Plan {
    cc: "855",
    mobile: &[
        ("10", 8),
        ("11", 8),
        ("12", 8),
        ("15", 8),
        ("16", 8),
        ("17", 8),
        ("69", 8),
        ("70", 8),
        ("77", 8),
        ("78", 8),
        ("85", 8),
        ("86", 8),
        ("87", 8),
        ("89", 8),
        ("92", 8),
        ("93", 8),
        ("95", 8),
        ("98", 8),
        ("99", 8),
        ("96", 9),
        ("97", 9),
        ("88", 9),
    ],
    groups: &[(8, &[2, 3, 3]), (9, &[2, 3, 4])],
    trunk: true,
};
static TH: Plan = Plan {
    cc: "66",
    mobile: &[
        ("61", 9),
        ("62", 9),
        ("63", 9),
        ("64", 9),
        ("65", 9),
        ("80", 9),
        ("81", 9),
        ("82", 9),
        ("83", 9),
        ("84", 9),
        ("85", 9),
        ("86", 9),
        ("87", 9),
        ("88", 9),
        ("89", 9),
        ("90", 9),
        ("91", 9),
        ("92", 9),
        ("93", 9),
        ("94", 9),
        ("95", 9),
        ("96", 9),
        ("97", 9),
        ("98", 9),
        ("99", 9),
    ],
    groups: &[(9, &[2, 3, 4])],
    trunk: true,
};
static CN: Plan = Plan {
    cc: "86",
    mobile: &[
        ("130", 11),
        ("131", 11),
        ("132", 11),
        ("133", 11),
        ("135", 11),
        ("136", 11),
        ("137", 11),
        ("138", 11),
        ("139", 11),
        ("150", 11),
        ("151", 11),
        ("152", 11),
        ("155", 11),
        ("157", 11),
        ("158", 11),
        ("159", 11),
        ("177", 11),
        ("180", 11),
        ("181", 11),
        ("182", 11),
        ("186", 11),
        ("187", 11),
        ("188", 11),
        ("189", 11),
        ("199", 11),
    ],
    groups: &[(11, &[3, 4, 4])],
    trunk: false,
};
static ID: Plan = Plan {
    cc: "62",
    mobile: &[
        ("811", 11),
        ("812", 11),
        ("813", 11),
        ("821", 11),
        ("822", 11),
        ("823", 11),
        ("852", 11),
        ("853", 11),
        ("857", 11),
        ("858", 11),
        ("877", 11),
        ("878", 11),
        ("896", 11),
        ("897", 11),
        ("898", 11),
    ],
    groups: &[(11, &[3, 4, 4])],
    trunk: true,
};
static PH: Plan = Plan {
    cc: "63",
    mobile: &[
        ("905", 10),
        ("906", 10),
        ("915", 10),
        ("916", 10),
        ("917", 10),
        ("918", 10),
        ("919", 10),
        ("920", 10),
        ("921", 10),
        ("926", 10),
        ("927", 10),
        ("928", 10),
        ("935", 10),
        ("936", 10),
        ("945", 10),
        ("955", 10),
        ("956", 10),
        ("961", 10),
        ("966", 10),
        ("977", 10),
        ("995", 10),
        ("997", 10),
    ],
    groups: &[(10, &[3, 3, 4])],
    trunk: true,
};
static MM: Plan = Plan {
    cc: "95",
    mobile: &[
        ("975", 10),
        ("976", 10),
        ("977", 10),
        ("978", 10),
        ("979", 10),
        ("994", 10),
        ("995", 10),
        ("996", 10),
        ("997", 10),
        ("966", 10),
    ],
    groups: &[(10, &[1, 3, 3, 3])],
    trunk: true,
};
static VN: Plan = Plan {
    cc: "84",
    mobile: &[
        ("32", 9),
        ("33", 9),
        ("34", 9),
        ("35", 9),
        ("36", 9),
        ("37", 9),
        ("38", 9),
        ("39", 9),
        ("70", 9),
        ("76", 9),
        ("77", 9),
        ("78", 9),
        ("79", 9),
        ("81", 9),
        ("82", 9),
        ("83", 9),
        ("84", 9),
        ("85", 9),
        ("86", 9),
        ("88", 9),
        ("90", 9),
        ("91", 9),
        ("93", 9),
        ("94", 9),
        ("96", 9),
        ("97", 9),
        ("98", 9),
    ],
    groups: &[(9, &[2, 3, 4])],
    trunk: true,
};
static LA: Plan = Plan {
    cc: "856",
    mobile: &[
        ("202", 10),
        ("205", 10),
        ("207", 10),
        ("209", 10),
        ("2055", 10),
        ("2077", 10),
    ],
    groups: &[(10, &[2, 2, 3, 3])],
    trunk: true,
};
static MY: Plan = Plan {
    cc: "60",
    mobile: &[
        ("12", 9),
        ("16", 9),
        ("19", 9),
        ("132", 9),
        ("135", 9),
        ("138", 9),
        ("142", 9),
        ("146", 9),
        ("148", 9),
        ("172", 9),
        ("176", 9),
        ("179", 9),
    ],
    groups: &[(9, &[2, 3, 4])],
    trunk: true,
};
static US: Plan = Plan {
    cc: "1",
    mobile: &[
        ("201", 10),
        ("212", 10),
        ("213", 10),
        ("305", 10),
        ("310", 10),
        ("312", 10),
        ("404", 10),
        ("415", 10),
        ("617", 10),
        ("646", 10),
        ("702", 10),
        ("713", 10),
        ("718", 10),
        ("808", 10),
        ("917", 10),
        ("206", 10),
        ("503", 10),
        ("626", 10),
    ],
    groups: &[(10, &[3, 3, 4])],
    trunk: false,
};
static GB: Plan = Plan {
    cc: "44",
    mobile: &[("71", 10), ("72", 10), ("73", 10), ("75", 10), ("78", 10)],
    groups: &[(10, &[4, 6])],
    trunk: true,
};
static SG: Plan = Plan {
    cc: "65",
    mobile: &[
        ("81", 8),
        ("82", 8),
        ("83", 8),
        ("85", 8),
        ("87", 8),
        ("90", 8),
        ("91", 8),
        ("93", 8),
        ("96", 8),
        ("97", 8),
        ("98", 8),
    ],
    groups: &[(8, &[4, 4])],
    trunk: false,
};
static AU: Plan = Plan {
    cc: "61",
    mobile: &[("40", 9), ("41", 9), ("42", 9), ("43", 9), ("48", 9)],
    groups: &[(9, &[3, 3, 3])],
    trunk: true,
};
static JP: Plan = Plan {
    cc: "81",
    mobile: &[
        ("708", 10),
        ("709", 10),
        ("801", 10),
        ("804", 10),
        ("806", 10),
        ("808", 10),
        ("902", 10),
        ("903", 10),
        ("905", 10),
        ("906", 10),
        ("908", 10),
        ("909", 10),
    ],
    groups: &[(10, &[2, 4, 4])],
    trunk: true,
};
static TW: Plan = Plan {
    cc: "886",
    mobile: &[
        ("90", 9),
        ("91", 9),
        ("92", 9),
        ("93", 9),
        ("95", 9),
        ("96", 9),
        ("97", 9),
        ("98", 9),
    ],
    groups: &[(9, &[3, 3, 3])],
    trunk: true,
};
static HK: Plan = Plan {
    cc: "852",
    mobile: &[
        ("61", 8),
        ("63", 8),
        ("64", 8),
        ("65", 8),
        ("69", 8),
        ("92", 8),
        ("93", 8),
        ("94", 8),
        ("96", 8),
        ("97", 8),
    ],
    groups: &[(8, &[4, 4])],
    trunk: false,
};

/// A phone number: country and national significant number (digits only).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Phone {
    pub country: Country,
    pub nsn: String,
}

impl Country {
    /// Every country, for tests.
    #[cfg(test)]
    pub(crate) const ALL: [Country; 16] = [
        Country::Kh,
        Country::Th,
        Country::Cn,
        Country::Id,
        Country::Ph,
        Country::Mm,
        Country::Vn,
        Country::La,
        Country::My,
        Country::Us,
        Country::Gb,
        Country::Sg,
        Country::Au,
        Country::Jp,
        Country::Tw,
        Country::Hk,
    ];
}

/// A random mobile number of a country.
pub(crate) fn mobile(rng: &mut Rng, country: Country) -> Phone {
    let p = plan(country);
    let (prefix, len) = rng.pick(p.mobile);
    let mut nsn = String::with_capacity(len);
    nsn.push_str(prefix);
    if country == Country::Us {
        // Exchange codes are 2-9xx, and N11 and 555 are avoided.
        loop {
            let mut ex = String::with_capacity(3);
            ex.push(char::from(b'2' + u8::try_from(rng.below(8)).unwrap_or(0)));
            rng.digits(2, &mut ex);
            if !ex.ends_with("11") && ex != "555" {
                nsn.push_str(&ex);
                break;
            }
        }
    }
    let rest = len.saturating_sub(nsn.len());
    rng.digits(rest, &mut nsn);
    Phone { country, nsn }
}

impl Phone {
    /// E.164: `+` country code and NSN.
    pub(crate) fn e164(&self) -> String {
        let p = plan(self.country);
        let mut s = String::with_capacity(1 + p.cc.len() + self.nsn.len());
        s.push('+');
        s.push_str(p.cc);
        s.push_str(&self.nsn);
        s
    }

    /// Digits without `+` (as in `wa.me/` links).
    pub(crate) fn digits(&self) -> String {
        let mut s = String::from(plan(self.country).cc);
        s.push_str(&self.nsn);
        s
    }

    fn grouped(&self, sep: &str) -> String {
        let p = plan(self.country);
        let groups = p
            .groups
            .iter()
            .find(|(l, _)| *l == self.nsn.len())
            .map_or(&[][..], |(_, g)| *g);
        let mut out = String::with_capacity(self.nsn.len() + 6);
        let mut at = 0;
        for (i, &g) in groups.iter().enumerate() {
            let end = (at + g).min(self.nsn.len());
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(&self.nsn[at..end]);
            at = end;
        }
        if at < self.nsn.len() {
            out.push_str(&self.nsn[at..]);
        }
        out
    }

    /// International format with spaces: `+855 12 345 678`.
    pub(crate) fn international(&self) -> String {
        format!("+{} {}", plan(self.country).cc, self.grouped(" "))
    }

    /// National format: `012 345 678`, `(415) 555-0134`, `138 1234 5678`.
    pub(crate) fn national(&self) -> String {
        let p = plan(self.country);
        if self.country == Country::Us {
            return format!(
                "({}) {}-{}",
                &self.nsn[..3],
                &self.nsn[3..6],
                &self.nsn[6..]
            );
        }
        let sep = if matches!(self.country, Country::Id | Country::Jp | Country::My) {
            "-"
        } else {
            " "
        };
        if p.trunk {
            format!("0{}", self.grouped(sep))
        } else {
            self.grouped(sep)
        }
    }

    /// One of the written forms people use, chosen at random; national forms are only chosen
    /// when `national_ok` (the text names the country or is in its language).
    pub(crate) fn surface(&self, rng: &mut Rng, national_ok: bool) -> String {
        let cc = plan(self.country).cc;
        match rng.weighted(&[40, 14, 10, 8, if national_ok { 14 } else { 0 }, 4, 3]) {
            0 => self.international(),
            1 => self.e164(),
            2 => format!("+{cc}-{}", self.grouped("-")),
            3 => format!("00{cc} {}", self.nsn),
            4 => self.national(),
            5 => format!(
                "+{cc} ({}) {}",
                &self.nsn[..2.min(self.nsn.len())],
                &self.nsn[2.min(self.nsn.len())..]
            ),
            _ => format!("+{cc}.{}", self.grouped(".")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rlibphonenumber::{PHONE_NUMBER_UTIL, PhoneNumber, PhoneNumberType};

    fn is_valid_mobile(e164: &str) -> bool {
        let Ok(n) = PhoneNumber::parse(e164, None) else {
            return false;
        };
        PHONE_NUMBER_UTIL.is_valid_number(&n)
            && matches!(
                PHONE_NUMBER_UTIL.get_number_type(&n),
                PhoneNumberType::Mobile | PhoneNumberType::FixedLineOrMobile
            )
    }

    #[test]
    fn every_prefix_gives_valid_mobiles() {
        let mut rng = Rng::new(11);
        let mut bad = Vec::new();
        for c in Country::ALL {
            for &(prefix, len) in plan(c).mobile {
                for _ in 0..60 {
                    let mut p = mobile(&mut rng, c);
                    // Force this prefix so every table row is checked.
                    let mut nsn = String::from(prefix);
                    nsn.push_str(&p.nsn[prefix.len().min(p.nsn.len())..]);
                    nsn.truncate(len);
                    while nsn.len() < len {
                        nsn.push('5');
                    }
                    if c == Country::Us {
                        nsn.replace_range(3..4, "7");
                    }
                    p.nsn = nsn;
                    if !is_valid_mobile(&p.e164()) {
                        bad.push(format!("{c:?} {prefix} {}", p.e164()));
                    }
                }
            }
        }
        assert!(
            bad.is_empty(),
            "{} invalid, e.g. {:?}",
            bad.len(),
            &bad[..bad.len().min(20)]
        );
    }

    #[test]
    fn surfaces_keep_the_digits() {
        let mut rng = Rng::new(5);
        for c in Country::ALL {
            let p = mobile(&mut rng, c);
            for _ in 0..20 {
                let s = p.surface(&mut rng, true);
                let digits: String = s.chars().filter(char::is_ascii_digit).collect();
                assert!(digits.ends_with(&p.nsn), "{s} vs {}", p.nsn);
            }
        }
    }
}
