//! Name keys: the same fake platform or persona written differently from report to report
//! reduced to one comparable key.
//!
//! Scam brands come in variants (`Bitget Pro Global`, `BITGET-PRO`, `bitgetpro`) and in
//! several scripts (`比特 Pro`, `บิทเก็ต`). A key is the name transliterated to ASCII
//! (`deunicode`, which romanises Chinese as pinyin syllables and Thai, Cyrillic and others
//! letter by letter), lower-cased, stripped of everything but letters and digits, and with
//! generic words peeled off its end (`global`, `pro`, `official`, `app`, `vip` …), so the
//! three variants above share the key `bitget`. Keys that are still close (a dropped letter,
//! one brand a prefix of the other) agree by [`similar`].

/// Generic words peeled off the end of a concatenated brand name, longest first within
/// each family so that `markets` goes before `market`.
const GENERIC_SUFFIXES: &[&str] = &[
    "international",
    "investments",
    "investment",
    "exchange",
    "official",
    "platform",
    "markets",
    "capital",
    "finance",
    "futures",
    "limited",
    "trading",
    "service",
    "support",
    "online",
    "global",
    "market",
    "mentor",
    "wealth",
    "group",
    "trade",
    "store",
    "intl",
    "club",
    "team",
    "asia",
    "defi",
    "corp",
    "plus",
    "pro",
    "app",
    "vip",
    "ltd",
    "inc",
    "max",
    "co",
    "fx",
    "hk",
];

/// Keys shorter than this are not peeled further (a brand is never just `co`).
const MIN_KEY: usize = 4;

/// The comparable key of a platform, company or persona name; `None` when nothing
/// distinctive is left.
pub fn key(name: &str) -> Option<String> {
    keys(name).map(|(k, _)| k)
}

/// The [`key`] of a name and its **full key**: the same before the generic words are
/// peeled off (`bitgetproglobal` beside `bitget`). Brands share the key, so it only vetoes
/// and attaches where no other operation carries it; the full key tells `Bitget Pro` from
/// `Bitget Max` where the key cannot.
pub fn keys(name: &str) -> Option<(String, String)> {
    let ascii = deunicode::deunicode(name);
    let full: String = ascii
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut k = full.clone();
    while let Some(suffix) = GENERIC_SUFFIXES
        .iter()
        .find(|s| k.len() >= s.len() + MIN_KEY && k.ends_with(*s))
    {
        k.truncate(k.len() - suffix.len());
    }
    (k.len() >= 3).then_some((k, full))
}

/// Whether two keys name the same thing: equal, one a prefix of the other (at least five
/// letters), or Jaro-Winkler similar at 0.93 and above (one letter dropped or swapped).
pub fn similar(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() >= 5 && long.starts_with(short) {
        return true;
    }
    short.len() >= 5 && strsim::jaro_winkler(a, b) >= 0.93
}

/// Titles and honorifics that persona names carry in some reports and not in others.
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mister", "madam", "dr", "khun", "sir", "ibu", "bapak", "pak",
];

/// Letters a persona key needs at least: shorter names (`Li`, `Amy`) say too little.
const MIN_PERSONA_LETTERS: usize = 5;

/// The comparable key of a **persona** name, the same for the forms one persona is written
/// in from report to report: transliterated to ASCII (`陈静` and `Chén Jìng` give `Chen
/// Jing`, `Анна Петрова` gives `Anna Petrova`), lower-cased, honorifics dropped (`Mr.`,
/// `Khun`), and its letters sorted, so that word order (`Jing Chen`, `CHEN Jing`, `Chen,
/// Jing`) and syllable breaks (`Xin Yi` for `Xinyi`) do not matter. `None` when fewer than
/// five letters are left.
///
/// A key says only that two strings may be the same name: common names are shared by
/// unrelated operations, so a persona key is never evidence by itself (see
/// [`crate::Params::attach_by_corroboration`]).
pub fn persona_key(name: &str) -> Option<String> {
    let ascii = deunicode::deunicode(name).to_ascii_lowercase();
    let mut letters: Vec<u8> = Vec::with_capacity(ascii.len());
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() || HONORIFICS.contains(&word) {
            continue;
        }
        letters.extend(word.bytes().filter(u8::is_ascii_alphabetic));
    }
    if letters.len() < MIN_PERSONA_LETTERS {
        return None;
    }
    letters.sort_unstable();
    String::from_utf8(letters).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brand_variants_share_a_key() {
        let k = |s: &str| key(s).unwrap();
        assert_eq!(k("Bitget Pro Global"), "bitget");
        assert_eq!(k("BITGET-PRO"), "bitget");
        assert_eq!(k("bitgetpro"), "bitget");
        assert_eq!(k("Bitfinity Futures Max"), "bitfinity");
        assert_eq!(k("Lucky Store Direct"), "luckystoredirect");
        assert!(similar(
            &k("HashportMarkets"),
            &k("Hashport Markets Official")
        ));
        assert!(similar("luckystoredirect", "luckystoredirct"));
        assert!(!similar(&k("Bitget Pro"), &k("Bitfinity Pro")));
        assert!(!similar("nexora", "aureus"));
    }

    #[test]
    fn full_keys_keep_the_generic_words() {
        let (k, full) = keys("Kucoin DeFi").unwrap();
        assert_eq!((k.as_str(), full.as_str()), ("kucoin", "kucoindefi"));
        assert_eq!(keys("KUCOIN-DEFI").unwrap().1, "kucoindefi");
        assert_ne!(keys("Kucoin DeFi Max").unwrap().1, "kucoindefi");
        assert_eq!(keys("Kucoin DeFi Max").unwrap().0, "kucoin");
    }

    #[test]
    fn scripts_are_transliterated_and_empty_names_have_no_key() {
        assert_eq!(key("Анна Чен"), key("Anna Chen"));
        assert!(key("比特").is_some());
        assert_eq!(key("  -- "), None);
        assert_eq!(key("Co"), None);
    }

    #[test]
    fn a_persona_has_one_key_across_scripts_orders_and_titles() {
        let k = |s: &str| persona_key(s).unwrap();
        let chen = k("Chen Jing");
        for form in [
            "陈静",
            "陳靜",
            "Jing Chen",
            "CHEN Jing",
            "Chén Jìng",
            "Chen, Jing",
        ] {
            assert_eq!(k(form), chen, "{form}");
        }
        assert_eq!(k("陈欣怡"), k("Xinyi Chen"));
        assert_eq!(k("Анна Петрова"), k("Anna Petrova"));
        assert_eq!(k("Mr. David Wong"), k("David Wong"));
        assert_ne!(k("Anna Chen"), k("Anna Petrova"));
        assert_ne!(k("Jenny Chen"), chen);
        assert_eq!(persona_key("Li"), None);
        assert_eq!(persona_key("Mr. Lim"), None);
        assert_eq!(persona_key(" -- "), None);
    }
}
