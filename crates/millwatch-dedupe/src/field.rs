//! Field types: what a column holds, how its values are normalised before comparison, and
//! the automatic mapping of common column names.

use crate::names;

/// What a column describes; decides normalisation, comparison levels and blocking keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// A person's given (first) name.
    GivenName,
    /// A person's surname (family name).
    Surname,
    /// A whole name of a person in one column.
    FullName,
    /// Date of birth.
    Dob,
    /// House or street number.
    StreetNumber,
    /// First address line (street).
    Address,
    /// Second address line (building, area).
    Address2,
    /// Suburb, town or city.
    City,
    /// Postcode or ZIP.
    Postcode,
    /// State, province or region.
    State,
    /// Phone number.
    Phone,
    /// National id, social security number, passport number.
    NationalId,
    /// E-mail address.
    Email,
    /// Organisation, company, platform or brand name.
    OrgName,
    /// Any other identifier compared exactly (account, customer number).
    FreeId,
    /// The row's own id: shown in output, never compared.
    RecordId,
    /// Not used.
    Ignore,
}

impl FieldType {
    /// Every type with its `--map` name.
    pub const ALL: &[(&str, FieldType)] = &[
        ("given_name", FieldType::GivenName),
        ("surname", FieldType::Surname),
        ("full_name", FieldType::FullName),
        ("dob", FieldType::Dob),
        ("street_number", FieldType::StreetNumber),
        ("address", FieldType::Address),
        ("address2", FieldType::Address2),
        ("city", FieldType::City),
        ("postcode", FieldType::Postcode),
        ("state", FieldType::State),
        ("phone", FieldType::Phone),
        ("national_id", FieldType::NationalId),
        ("email", FieldType::Email),
        ("org_name", FieldType::OrgName),
        ("free_id", FieldType::FreeId),
        ("record_id", FieldType::RecordId),
        ("ignore", FieldType::Ignore),
    ];

    /// The type named `name` (a `--map` name or a common column name).
    pub fn parse(name: &str) -> Option<FieldType> {
        let n = millwatch_model::normalize_field_name(name);
        FieldType::ALL
            .iter()
            .find(|(k, _)| *k == n)
            .map(|(_, t)| *t)
            .or_else(|| guess(&n))
    }

    /// The `--map` name of this type.
    pub fn name(self) -> &'static str {
        FieldType::ALL
            .iter()
            .find(|(_, t)| *t == self)
            .map_or("ignore", |(k, _)| k)
    }

    /// Whether values of this type are compared between rows.
    pub fn is_compared(self) -> bool {
        !matches!(self, FieldType::RecordId | FieldType::Ignore)
    }

    /// Whether exact agreement is weighed by how common the value is (a shared rare
    /// surname says more than a shared `smith`).
    pub fn frequency_adjusted(self) -> bool {
        matches!(
            self,
            FieldType::GivenName
                | FieldType::Surname
                | FieldType::FullName
                | FieldType::OrgName
                | FieldType::StreetNumber
                | FieldType::Postcode
                | FieldType::City
                | FieldType::Address
        )
    }

    /// The value as compared: names transliterated and lower-cased, numbers as digits,
    /// dates as `YYYYMMDD` where they can be read. Empty means missing.
    pub fn normalise(self, raw: &str) -> String {
        let raw = raw.trim();
        if is_missing(raw) {
            return String::new();
        }
        match self {
            FieldType::GivenName
            | FieldType::Surname
            | FieldType::Address
            | FieldType::Address2
            | FieldType::City
            | FieldType::State => names::name_words(raw).join(" "),
            FieldType::FullName => names::name_words(raw).join(" "),
            FieldType::OrgName => names::name_key(raw),
            FieldType::Dob => normalise_date(raw),
            FieldType::Postcode | FieldType::StreetNumber => raw
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect(),
            FieldType::Phone | FieldType::NationalId => {
                let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
                if digits.is_empty() {
                    raw.chars()
                        .filter(|c| c.is_alphanumeric())
                        .flat_map(char::to_lowercase)
                        .collect()
                } else {
                    digits
                }
            }
            FieldType::Email => raw.to_lowercase(),
            FieldType::FreeId => raw
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect(),
            FieldType::RecordId | FieldType::Ignore => raw.to_string(),
        }
    }
}

/// Placeholders that mean "no value".
fn is_missing(raw: &str) -> bool {
    raw.is_empty()
        || matches!(
            raw.to_ascii_lowercase().as_str(),
            "nan" | "null" | "none" | "n/a" | "na" | "-" | "?" | "unknown"
        )
}

/// Reads `YYYYMMDD`, `YYYY-MM-DD`, `YYYY/MM/DD`, `DD/MM/YYYY` and `DD.MM.YYYY` as
/// `YYYYMMDD`; anything else is kept as its digits.
fn normalise_date(raw: &str) -> String {
    let parts: Vec<&str> = raw
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    if let [a, b, c] = parts.as_slice() {
        let (y, m, d) = if a.len() == 4 {
            (*a, *b, *c)
        } else if c.len() == 4 {
            (*c, *b, *a)
        } else {
            return parts.concat();
        };
        if m.len() <= 2 && d.len() <= 2 {
            return format!("{y}{m:0>2}{d:0>2}");
        }
    }
    parts.concat()
}

/// The type a column name suggests, for automatic mapping (`name` already normalised).
fn guess(name: &str) -> Option<FieldType> {
    let t = match name {
        "given_name" | "first_name" | "firstname" | "forename" | "given" | "givenname"
        | "fname" => FieldType::GivenName,
        "surname" | "last_name" | "lastname" | "family_name" | "familyname" | "lname" => {
            FieldType::Surname
        }
        "name" | "full_name" | "fullname" | "person_name" | "person" | "alias" | "姓名" | "ชื่อ"
        | "имя" => FieldType::FullName,
        "date_of_birth" | "dob" | "birth_date" | "birthdate" | "birthday" | "born" => {
            FieldType::Dob
        }
        "street_number" | "house_number" | "street_no" | "number" => FieldType::StreetNumber,
        "address_1" | "address1" | "address" | "street" | "address_line_1" | "street_address"
        | "地址" => FieldType::Address,
        "address_2" | "address2" | "address_line_2" => FieldType::Address2,
        "suburb" | "city" | "town" | "locality" => FieldType::City,
        "postcode" | "postal_code" | "post_code" | "zip" | "zipcode" | "zip_code" => {
            FieldType::Postcode
        }
        "state" | "province" | "region" => FieldType::State,
        "phone" | "phone_number" | "telephone" | "tel" | "mobile" | "mobile_number" | "电话"
        | "whatsapp" => FieldType::Phone,
        "soc_sec_id" | "ssn" | "national_id" | "id_number" | "passport" | "passport_number"
        | "national_id_number" | "id_card" => FieldType::NationalId,
        "email" | "e_mail" | "email_address" | "mail" => FieldType::Email,
        "organisation" | "organization" | "company" | "org" | "org_name" | "platform" | "brand"
        | "employer" | "平台" => FieldType::OrgName,
        "rec_id" | "record_id" | "id" | "row_id" | "uid" | "unique_id" => FieldType::RecordId,
        _ => return None,
    };
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_column_names_map() {
        assert_eq!(FieldType::parse("Given Name"), Some(FieldType::GivenName));
        assert_eq!(FieldType::parse("date_of_birth"), Some(FieldType::Dob));
        assert_eq!(FieldType::parse("soc_sec_id"), Some(FieldType::NationalId));
        assert_eq!(FieldType::parse("Phone Number"), Some(FieldType::Phone));
        assert_eq!(FieldType::parse("rec_id"), Some(FieldType::RecordId));
        assert_eq!(FieldType::parse("favourite colour"), None);
        for (name, t) in FieldType::ALL {
            assert_eq!(FieldType::parse(name), Some(*t));
            assert_eq!(t.name(), *name);
        }
    }

    #[test]
    fn values_normalise() {
        assert_eq!(FieldType::Dob.normalise("1956-04-09"), "19560409");
        assert_eq!(FieldType::Dob.normalise("9/4/1956"), "19560409");
        assert_eq!(FieldType::Dob.normalise("19560409"), "19560409");
        assert_eq!(
            FieldType::Phone.normalise("+855 (12) 345-678"),
            "85512345678"
        );
        assert_eq!(FieldType::Surname.normalise("  O'Brien "), "obrien");
        assert_eq!(FieldType::GivenName.normalise("NaN"), "");
        assert_eq!(FieldType::OrgName.normalise("BITGET-PRO"), "bitget");
    }
}
