//! Fuzzy name keys: one comparable spelling for a person's, organisation's or scam brand's
//! name however it was written.
//!
//! [`name_key`] folds compatibility forms (full-width letters), transliterates every script
//! to Latin letters with `deunicode` (Cyrillic letter by letter, Chinese as toneless pinyin
//! syllables, Thai by its consonants and vowels), lower-cases, keeps letters and digits
//! only, and drops generic words that brands add and drop at will (`Pro`, `Global`,
//! `Exchange`, `Ltd`, `Group`, `App`, `International` …), both as separate words and glued
//! to the end of the name. So `Bitget Pro Global`, `BITGET-PRO` and `bitgetpro` all have
//! the key `bitget`. [`name_similarity`] compares two names by their keys.

use unicode_normalization::UnicodeNormalization as _;

/// Generic words that say nothing about which brand or company is meant. Dropped as whole
/// words anywhere, and peeled off the end of a glued name (longest first).
const GENERIC: &[&str] = &[
    "international",
    "investments",
    "investment",
    "corporation",
    "exchange",
    "official",
    "platform",
    "holdings",
    "company",
    "limited",
    "trading",
    "finance",
    "markets",
    "global",
    "market",
    "online",
    "group",
    "trade",
    "token",
    "corp",
    "intl",
    "pro",
    "app",
    "ltd",
    "inc",
    "llc",
    "plc",
    "co",
    "vip",
];

/// A glued name is not peeled below this many characters (`co` is never a brand).
const MIN_STEM: usize = 3;

/// Splits `name` into lower-case Latin words of letters and digits, after compatibility
/// folding and transliteration to Latin.
pub fn name_words(name: &str) -> Vec<String> {
    let latin = if name.is_ascii() {
        std::borrow::Cow::Borrowed(name)
    } else {
        let folded: String = name.nfkc().collect();
        std::borrow::Cow::Owned(deunicode::deunicode_with_tofu(&folded, " "))
    };
    let mut words = Vec::new();
    let mut cur = String::new();
    for ch in latin.chars() {
        if ch.is_ascii_alphanumeric() {
            cur.push(ch.to_ascii_lowercase());
        } else if ch == '\'' || ch == '’' {
            // O'Brien and OBrien are one name.
        } else if !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

fn is_generic(word: &str) -> bool {
    GENERIC.contains(&word)
}

/// The comparable key of a name: transliterated, lower-case, letters and digits only,
/// generic words dropped (unless nothing else is left), glued. Empty when the name has no
/// letters or digits at all.
pub fn name_key(name: &str) -> String {
    let words = name_words(name);
    let kept: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !is_generic(w))
        .collect();
    if kept.is_empty() {
        return words.concat();
    }
    let mut key = kept.concat();
    // Peel generic words glued to the end (`bitgetproglobal`).
    loop {
        let before = key.len();
        for g in GENERIC {
            if key.len() >= g.len() + MIN_STEM && key.ends_with(g) {
                key.truncate(key.len() - g.len());
                break;
            }
        }
        if key.len() == before {
            break;
        }
    }
    key
}

/// The words of a name's key in sorted order, joined by spaces: the same for `Ivan
/// Petrov` and `PETROV, Ivan`.
pub fn sorted_words_key(name: &str) -> String {
    let mut words: Vec<String> = name_words(name)
        .into_iter()
        .filter(|w| !is_generic(w))
        .collect();
    words.sort();
    words.join(" ")
}

/// Similarity of two names in `0.0..=1.0`: 1 when their keys or sorted words agree,
/// otherwise the Jaro-Winkler similarity of the keys (0 when either key is empty).
pub fn name_similarity(a: &str, b: &str) -> f64 {
    let (ka, kb) = (name_key(a), name_key(b));
    if ka.is_empty() || kb.is_empty() {
        return 0.0;
    }
    if ka == kb || sorted_words_key(a) == sorted_words_key(b) {
        return 1.0;
    }
    strsim::jaro_winkler(&ka, &kb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brand_variants_share_a_key() {
        assert_eq!(name_key("Bitget Pro Global"), "bitget");
        assert_eq!(name_key("BITGET-PRO"), "bitget");
        assert_eq!(name_key("bitgetpro"), "bitget");
        assert_eq!(name_key("Bitget.Exchange Ltd"), "bitget");
        assert_eq!(name_similarity("Bitget Pro Global", "bitgetpro"), 1.0);
    }

    #[test]
    fn case_punctuation_and_spacing_do_not_matter() {
        assert_eq!(
            name_key("  O'Brien,  Mary-Ann "),
            name_key("obrien maryann")
        );
        assert_eq!(name_key("ＢＩＴＧＥＴ"), "bitget");
    }

    #[test]
    fn generic_only_names_keep_their_words() {
        assert_eq!(name_key("Global Exchange"), "globalexchange");
        // A short stem is not peeled.
        assert_eq!(name_key("apro"), "apro");
    }

    #[test]
    fn cyrillic_is_transliterated() {
        assert_eq!(name_key("Иван Петров"), "ivanpetrov");
        assert!(name_similarity("Иван Петров", "Ivan Petrov") > 0.99);
        assert!(name_similarity("Петров Иван", "Ivan Petrov") > 0.99);
    }

    #[test]
    fn chinese_becomes_pinyin() {
        assert_eq!(name_key("王伟"), "wangwei");
        assert_eq!(name_similarity("王伟", "Wang Wei"), 1.0);
        assert_eq!(name_similarity("王伟", "Wei Wang"), 1.0);
    }

    #[test]
    fn thai_becomes_latin() {
        let k = name_key("สมชาย");
        assert!(!k.is_empty() && k.is_ascii(), "{k}");
        assert_eq!(name_key("สมชาย ใจดี"), name_key("สมชายใจดี"));
    }

    #[test]
    fn different_names_are_not_similar() {
        assert!(name_similarity("Bitget", "Binance") < 0.85);
        assert_eq!(name_similarity("", "Binance"), 0.0);
        assert_eq!(name_similarity("!!!", "???"), 0.0);
    }
}
