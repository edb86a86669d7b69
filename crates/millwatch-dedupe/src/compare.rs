//! Comparison functions: two normalised values of one field type to a comparison level.
//!
//! Level 0 is always "different" and the highest level is "exact"; levels in between are
//! degrees of closeness chosen per type (Jaro-Winkler, one or two edits counting a swap of
//! neighbouring characters as one, names written in each other's column, day and month
//! swapped). A missing value on either side is [`MISSING`]: it weighs nothing.

use crate::field::FieldType;
use crate::sim::{edits_within, jaro_winkler_at_least};

/// The level of a pair where either value is missing.
pub const MISSING: u8 = u8::MAX;

/// The names of the comparison levels of a field type, level 0 first.
pub fn level_names(t: FieldType) -> &'static [&'static str] {
    match t {
        FieldType::GivenName | FieldType::Surname => &[
            "different",
            "similar (jaro-winkler >= 0.80)",
            "close (one edit or jaro-winkler >= 0.92)",
            "swapped with the other name column",
            "exact",
        ],
        FieldType::FullName => &[
            "different",
            "similar (jaro-winkler >= 0.80)",
            "close (one edit or jaro-winkler >= 0.92)",
            "same words in another order",
            "exact",
        ],
        FieldType::OrgName => &[
            "different",
            "similar key (jaro-winkler >= 0.85)",
            "close key (one edit or jaro-winkler >= 0.93)",
            "same name key",
        ],
        FieldType::Dob => &[
            "different",
            "same year",
            "two edits or day and month swapped",
            "one edit",
            "exact",
        ],
        FieldType::Address | FieldType::Address2 | FieldType::City => &[
            "different",
            "similar (jaro-winkler >= 0.85)",
            "close (one edit or jaro-winkler >= 0.93)",
            "exact",
        ],
        FieldType::Postcode | FieldType::NationalId => {
            &["different", "two edits", "one edit", "exact"]
        }
        FieldType::Phone => &["different", "one edit", "same last 8 digits", "exact"],
        FieldType::Email => &[
            "different",
            "similar (jaro-winkler >= 0.90)",
            "same user name",
            "exact",
        ],
        FieldType::StreetNumber
        | FieldType::State
        | FieldType::FreeId
        | FieldType::RecordId
        | FieldType::Ignore => &["different", "exact"],
    }
}

/// The highest ("exact") level of a type.
pub fn exact_level(t: FieldType) -> u8 {
    u8::try_from(level_names(t).len().saturating_sub(1)).unwrap_or(0)
}

/// Compares two normalised values of type `t`. `b_partner` is the value of `b`'s other
/// name column (its surname when comparing given names and vice versa), used to notice
/// names written in each other's column.
pub fn compare(t: FieldType, a: &str, b: &str, b_partner: Option<&str>) -> u8 {
    if a.is_empty() || b.is_empty() {
        return MISSING;
    }
    let exact = exact_level(t);
    if a == b {
        return exact;
    }
    match t {
        FieldType::GivenName | FieldType::Surname => {
            if b_partner.is_some_and(|p| p == a) {
                return 3;
            }
            let jw = jaro_winkler_at_least(a, b, 0.80);
            if jw >= 0.92 || edits_within(a, b, 1) <= 1 {
                2
            } else if jw >= 0.80 {
                1
            } else {
                0
            }
        }
        FieldType::FullName => {
            let mut wa: Vec<&str> = a.split(' ').collect();
            let mut wb: Vec<&str> = b.split(' ').collect();
            wa.sort_unstable();
            wb.sort_unstable();
            if wa == wb {
                return 3;
            }
            let jw = jaro_winkler_at_least(a, b, 0.80);
            if jw >= 0.92 || edits_within(a, b, 1) <= 1 {
                2
            } else if jw >= 0.80 {
                1
            } else {
                0
            }
        }
        FieldType::OrgName => {
            let jw = jaro_winkler_at_least(a, b, 0.85);
            if jw >= 0.93 || edits_within(a, b, 1) <= 1 {
                2
            } else if jw >= 0.85 {
                1
            } else {
                0
            }
        }
        FieldType::Dob => {
            let e = edits_within(a, b, 2);
            if e <= 1 {
                3
            } else if e == 2 || day_month_swapped(a, b) {
                2
            } else if a.len() >= 4 && b.len() >= 4 && a.get(..4) == b.get(..4) {
                1
            } else {
                0
            }
        }
        FieldType::Address | FieldType::Address2 | FieldType::City => {
            let jw = jaro_winkler_at_least(a, b, 0.85);
            if jw >= 0.93 || edits_within(a, b, 1) <= 1 {
                2
            } else if jw >= 0.85 {
                1
            } else {
                0
            }
        }
        FieldType::Postcode | FieldType::NationalId => match edits_within(a, b, 2) {
            0 | 1 => 2,
            2 => 1,
            _ => 0,
        },
        FieldType::Phone => {
            let tail = |s: &str| s.get(s.len().saturating_sub(8)..).map(str::to_owned);
            if a.len() >= 8 && b.len() >= 8 && tail(a) == tail(b) {
                2
            } else if edits_within(a, b, 1) <= 1 {
                1
            } else {
                0
            }
        }
        FieldType::Email => {
            let user = |s: &str| s.split('@').next().map(str::to_owned);
            if user(a) == user(b) {
                2
            } else if jaro_winkler_at_least(a, b, 0.90) >= 0.90 {
                1
            } else {
                0
            }
        }
        FieldType::StreetNumber
        | FieldType::State
        | FieldType::FreeId
        | FieldType::RecordId
        | FieldType::Ignore => 0,
    }
}

fn day_month_swapped(a: &str, b: &str) -> bool {
    a.len() == 8
        && b.len() == 8
        && a.get(..4) == b.get(..4)
        && a.get(4..6) == b.get(6..8)
        && a.get(6..8) == b.get(4..6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_values_weigh_nothing() {
        assert_eq!(compare(FieldType::Surname, "", "smith", None), MISSING);
    }

    #[test]
    fn name_levels() {
        let t = FieldType::Surname;
        assert_eq!(compare(t, "smith", "smith", None), 4);
        assert_eq!(compare(t, "smith", "john", Some("smith")), 3);
        assert_eq!(compare(t, "smith", "smyth", None), 2);
        assert_eq!(compare(t, "katherine", "kathryn", None), 1);
        assert_eq!(compare(t, "smith", "jones", None), 0);
    }

    #[test]
    fn date_levels() {
        let t = FieldType::Dob;
        assert_eq!(compare(t, "19560409", "19560409", None), 4);
        assert_eq!(compare(t, "19560409", "19560408", None), 3);
        assert_eq!(compare(t, "19560409", "19560490", None), 3);
        assert_eq!(compare(t, "19561204", "19560412", None), 2);
        assert_eq!(compare(t, "19560101", "19561231", None), 1);
        assert_eq!(compare(t, "19560409", "19771231", None), 0);
    }

    #[test]
    fn id_and_phone_levels() {
        assert_eq!(
            compare(FieldType::NationalId, "1234567", "1234576", None),
            2
        );
        assert_eq!(
            compare(FieldType::NationalId, "1234567", "1299567", None),
            1
        );
        assert_eq!(
            compare(FieldType::NationalId, "1234567", "7654321", None),
            0
        );
        assert_eq!(
            compare(FieldType::Phone, "85512345678", "012345678", None),
            2
        );
        assert_eq!(
            compare(FieldType::FullName, "wei wang", "wang wei", None),
            3
        );
        assert_eq!(compare(FieldType::StreetNumber, "12", "21", None), 0);
    }

    #[test]
    fn every_level_has_a_name() {
        for (_, t) in FieldType::ALL {
            assert!(exact_level(*t) >= 1);
        }
    }
}
