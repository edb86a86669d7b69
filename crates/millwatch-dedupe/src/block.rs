//! Blocking: the candidate pairs worth comparing, without comparing every row with every
//! other.
//!
//! Each row gets keys from the fields it has: exact national id, date of birth, phone,
//! e-mail, given name, surname, postcode, organisation key, the words of a full name, a
//! phonetic code of the name (Soundex of surname and given name), street number with the
//! street; rows sharing a key are paired. A key shared by more than `max_block` rows is too
//! common to say anything and is skipped (counted in [`Blocking::skipped_blocks`]). Then a
//! sorted neighbourhood over the name key and over the reversed name key pairs each row
//! with its `window` neighbours, which catches typos in the first letters that break
//! exact keys. The number of pairs is bounded by `rows × (keys × max_block + window)`:
//! linear in the rows, never quadratic.

use std::collections::HashMap;

use crate::field::FieldType;

/// The candidate pairs and what blocking left out.
#[derive(Debug, Default)]
pub struct Blocking {
    /// Pairs `(i, j)` with `i < j`, sorted, each once.
    pub pairs: Vec<(u32, u32)>,
    /// Keys skipped because more than `max_block` rows share them.
    pub skipped_blocks: usize,
}

/// American Soundex of a lower-case ASCII word (`""` for a word without letters).
pub fn soundex(word: &str) -> String {
    fn code(c: u8) -> u8 {
        match c {
            b'b' | b'f' | b'p' | b'v' => b'1',
            b'c' | b'g' | b'j' | b'k' | b'q' | b's' | b'x' | b'z' => b'2',
            b'd' | b't' => b'3',
            b'l' => b'4',
            b'm' | b'n' => b'5',
            b'r' => b'6',
            b'h' | b'w' => b'-',
            _ => b'0',
        }
    }
    let letters: Vec<u8> = word
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let Some(&first) = letters.first() else {
        return String::new();
    };
    let mut out = vec![first.to_ascii_uppercase()];
    let mut last = code(first);
    for &c in &letters[1..] {
        let k = code(c);
        if k == b'-' {
            continue;
        }
        if k != b'0' && k != last {
            out.push(k);
            if out.len() == 4 {
                break;
            }
        }
        last = k;
    }
    while out.len() < 4 {
        out.push(b'0');
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The blocking keys of one row, from its normalised compared values.
fn row_keys(types: &[FieldType], values: &[&str], keys: &mut Vec<String>) {
    keys.clear();
    let get = |t: FieldType| {
        types
            .iter()
            .zip(values)
            .find(|(ty, v)| **ty == t && !v.is_empty())
            .map(|(_, v)| *v)
    };
    for (t, v) in types.iter().zip(values) {
        if v.is_empty() {
            continue;
        }
        match t {
            FieldType::NationalId
            | FieldType::Dob
            | FieldType::Phone
            | FieldType::Email
            | FieldType::Postcode
            | FieldType::OrgName
            | FieldType::FreeId
                if v.len() >= 2 =>
            {
                keys.push(format!("{}={v}", t.name()));
            }
            FieldType::FullName => {
                for w in v.split(' ').filter(|w| w.len() >= 3) {
                    keys.push(format!("name_word={w}"));
                }
            }
            _ => {}
        }
    }
    match (get(FieldType::Surname), get(FieldType::GivenName)) {
        (Some(s), Some(g)) => {
            keys.push(format!("sdx={}{}", soundex(s), soundex(g)));
            // Either name exactly with the other's initial; the pair in either order
            // (names written in each other's column).
            let initial = |x: &str| x.chars().next().unwrap_or(' ');
            keys.push(format!("sg={s} {}", initial(g)));
            keys.push(format!("gs={g} {}", initial(s)));
            let (lo, hi) = if s <= g { (s, g) } else { (g, s) };
            keys.push(format!("both={lo} {hi}"));
        }
        (Some(x), None) | (None, Some(x)) if x.len() >= 2 => {
            keys.push(format!("name={x}"));
        }
        _ => {}
    }
    if let (Some(n), Some(a)) = (get(FieldType::StreetNumber), get(FieldType::Address)) {
        keys.push(format!("addr={n} {a}"));
    }
}

/// The name key a row is sorted by for the sorted neighbourhood: surname then given name,
/// or the full name, or the organisation.
fn sort_key(types: &[FieldType], values: &[&str]) -> String {
    let mut key = String::new();
    for want in [
        FieldType::Surname,
        FieldType::GivenName,
        FieldType::FullName,
        FieldType::OrgName,
    ] {
        for (t, v) in types.iter().zip(values) {
            if *t == want && !v.is_empty() {
                key.push_str(v);
                key.push(' ');
            }
        }
    }
    key
}

/// Candidate pairs for `n` rows whose normalised compared values are `value(row, field)`.
/// With `sources`, only pairs of rows from different sources are kept (linking two files).
pub fn candidate_pairs<'a>(
    types: &[FieldType],
    n: usize,
    value: impl Fn(usize, usize) -> &'a str,
    sources: Option<&[u16]>,
    max_block: usize,
    window: usize,
) -> Blocking {
    let mut blocks: HashMap<String, Vec<u32>> = HashMap::new();
    let mut keys = Vec::new();
    let mut vals: Vec<&str> = Vec::with_capacity(types.len());
    let mut sort_keys: Vec<(String, u32)> = Vec::with_capacity(n);
    for row in 0..n {
        vals.clear();
        vals.extend((0..types.len()).map(|f| value(row, f)));
        row_keys(types, &vals, &mut keys);
        let id = u32::try_from(row).unwrap_or(u32::MAX);
        for k in keys.drain(..) {
            blocks.entry(k).or_default().push(id);
        }
        let sk = sort_key(types, &vals);
        if !sk.is_empty() {
            sort_keys.push((sk, id));
        }
    }
    let different = |a: u32, b: u32| match sources {
        Some(s) => s.get(a as usize) != s.get(b as usize),
        None => true,
    };
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut skipped = 0;
    for members in blocks.values() {
        if members.len() < 2 {
            continue;
        }
        if members.len() > max_block {
            skipped += 1;
            continue;
        }
        for (x, &a) in members.iter().enumerate() {
            for &b in &members[x + 1..] {
                if a != b && different(a, b) {
                    pairs.push((a.min(b), a.max(b)));
                }
            }
        }
    }
    // Sorted neighbourhood, forwards and on the reversed key (typos at the start).
    for reversed in [false, true] {
        let mut keyed: Vec<(String, u32)> = if reversed {
            sort_keys
                .iter()
                .map(|(k, i)| (k.chars().rev().collect(), *i))
                .collect()
        } else {
            sort_keys.clone()
        };
        keyed.sort_unstable();
        for (x, (_, a)) in keyed.iter().enumerate() {
            for (_, b) in keyed.iter().skip(x + 1).take(window) {
                if a != b && different(*a, *b) {
                    pairs.push(((*a).min(*b), (*a).max(*b)));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    Blocking {
        pairs,
        skipped_blocks: skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soundex_codes() {
        assert_eq!(soundex("robert"), "R163");
        assert_eq!(soundex("rupert"), "R163");
        assert_eq!(soundex("ashcraft"), "A261");
        assert_eq!(soundex("tymczak"), "T522");
        assert_eq!(soundex(""), "");
    }

    fn run(rows: &[[&'static str; 2]], max_block: usize) -> Blocking {
        let types = [FieldType::Surname, FieldType::Dob];
        candidate_pairs(&types, rows.len(), |r, f| rows[r][f], None, max_block, 0)
    }

    #[test]
    fn shared_keys_pair_rows() {
        let b = run(
            &[
                ["smith", "1"],
                ["jones", "19500101"],
                ["smyth", "19500101"],
                ["smith", ""],
            ],
            10,
        );
        // smith/smith share a surname; jones/smyth share a date; smith/smyth share soundex
        // only with a given name, which these rows lack.
        assert_eq!(b.pairs, vec![(0, 3), (1, 2)]);
    }

    #[test]
    fn common_keys_are_skipped_and_pairs_stay_linear() {
        let rows: Vec<[&str; 2]> = (0..500).map(|_| ["smith", ""]).collect();
        let b = run(&rows, 100);
        assert!(b.pairs.is_empty());
        assert_eq!(b.skipped_blocks, 1);
    }

    #[test]
    fn sorted_neighbourhood_finds_first_letter_typos() {
        let types = [FieldType::Surname, FieldType::GivenName];
        let rows = [["xmith", "john"], ["smith", "john"], ["brown", "alice"]];
        let b = candidate_pairs(&types, 3, |r, f| rows[r][f], None, 10, 1);
        assert!(b.pairs.contains(&(0, 1)));
    }

    #[test]
    fn link_only_keeps_cross_source_pairs() {
        let types = [FieldType::Surname];
        let rows = [["smith"], ["smith"], ["smith"]];
        let sources = [0u16, 0, 1];
        let b = candidate_pairs(&types, 3, |r, f| rows[r][f], Some(&sources), 10, 2);
        assert_eq!(b.pairs, vec![(0, 2), (1, 2)]);
    }
}
