//! Word segmentation for the full-text index.
//!
//! Chinese, Japanese, Thai, Lao, Khmer and Burmese are written without spaces between
//! words, so a tokenizer that splits on spaces sees a whole sentence as one "word" and a
//! search for `诈骗` inside `这是一个诈骗平台` finds nothing. Dictionary segmenters exist per
//! language but are large, slow and wrong on scam jargon and names. We index such runs as
//! overlapping *bigrams* of grapheme units (a base character with its combining marks),
//! plus the last unit of each run alone, and rewrite queries the same way, so any
//! substring of two or more units is found as a phrase and a single unit as a prefix.
//!
//! The output is plain text with spaces between tokens; SQLite's `unicode61` tokenizer
//! (configured to keep combining marks inside tokens) then indexes it. Spaced scripts pass
//! through unchanged. The work is done here, in Rust and off the writer thread, so that
//! the index is not limited by a tokenizer running inside the single SQLite writer.

/// True for characters of scripts written without spaces between words.
fn is_unspaced(c: char) -> bool {
    matches!(u32::from(c),
        0x0E00..=0x0EFF      // Thai, Lao
        | 0x1000..=0x109F    // Myanmar
        | 0x1780..=0x17FF    // Khmer
        | 0x19E0..=0x19FF    // Khmer symbols
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xA9E0..=0xA9FF    // Myanmar extended-B
        | 0xAA60..=0xAA7F    // Myanmar extended-A
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x3FFFF  // CJK extensions B and later
    )
}

/// True for characters that attach to the previous one (dependent vowels, tone marks,
/// viramas, joiners) in the unspaced scripts, and generic combining marks.
fn is_attaching(c: char) -> bool {
    matches!(u32::from(c),
        0x0300..=0x036F
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E          // Thai
        | 0x0EB1 | 0x0EB4..=0x0EBC | 0x0EC8..=0x0ECE          // Lao
        | 0x102B..=0x103E | 0x1056..=0x1059 | 0x105E..=0x1060 // Myanmar
        | 0x1062..=0x1064 | 0x1067..=0x106D | 0x1071..=0x1074
        | 0x1082..=0x108D | 0x108F | 0x109A..=0x109D
        | 0x17B4..=0x17D3 | 0x17DD                            // Khmer
        | 0x200C | 0x200D                                     // ZWNJ, ZWJ
        | 0x3099 | 0x309A                                     // kana voicing marks
    )
}

/// True when the character after `prev` is glued to it: after a Khmer coeng or a Myanmar
/// virama the next consonant is written below and belongs to the same cluster.
fn glues_next(prev: char) -> bool {
    matches!(u32::from(prev), 0x17D2 | 0x1039)
}

/// The byte offset of the first character of an unspaced script in `text`, or its length.
///
/// Every unspaced script lies at U+0E00 or above, so its UTF-8 starts with a byte of
/// 0xE0 or more: only those bytes are decoded, and ASCII and other short sequences are
/// skipped a byte at a time without decoding.
fn first_unspaced(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b >= 0xE0) {
        i += off;
        // `i` is a character boundary: 0xE0.. is only ever a leading byte.
        match text[i..].chars().next() {
            Some(c) if is_unspaced(c) => return i,
            Some(c) => i += c.len_utf8(),
            None => break,
        }
    }
    text.len()
}

/// A stretch of text: spaced (copied as is) or an unspaced run split into units.
enum Segment<'a> {
    Spaced(&'a str),
    Unspaced(Vec<&'a str>),
}

/// Splits `text` into spaced stretches and unspaced runs of grapheme units.
fn for_each_segment<'a>(text: &'a str, mut f: impl FnMut(Segment<'a>)) {
    let mut rest = text;
    while !rest.is_empty() {
        let spaced_len = first_unspaced(rest);
        if spaced_len > 0 {
            f(Segment::Spaced(&rest[..spaced_len]));
        }
        rest = &rest[spaced_len..];
        if rest.is_empty() {
            break;
        }
        let mut units = Vec::new();
        let mut unit_start = 0;
        let mut end = 0;
        let mut prev: Option<char> = None;
        for (i, c) in rest.char_indices() {
            if !(is_unspaced(c) || (prev.is_some() && is_attaching(c))) {
                break;
            }
            if i > 0 && !is_attaching(c) && !prev.is_some_and(glues_next) {
                units.push(&rest[unit_start..i]);
                unit_start = i;
            }
            prev = Some(c);
            end = i + c.len_utf8();
        }
        units.push(&rest[unit_start..end]);
        f(Segment::Unspaced(units));
        rest = &rest[end..];
    }
}

/// Writes the bigrams of `units`, space-separated.
fn push_bigrams(units: &[&str], out: &mut String) {
    for pair in units.windows(2) {
        out.push_str(pair[0]);
        out.push_str(pair[1]);
        out.push(' ');
    }
}

/// Appends the index form of `text` to `out`: unspaced runs become their bigrams followed
/// by their last unit alone (so that every unit starts some token, for prefix search).
pub fn push_index_text(text: &str, out: &mut String) {
    for_each_segment(text, |seg| match seg {
        Segment::Spaced(s) => out.push_str(s),
        Segment::Unspaced(units) => {
            out.push(' ');
            push_bigrams(&units, out);
            if let Some(last) = units.last() {
                out.push_str(last);
            }
            out.push(' ');
        }
    });
}

/// The index form of `text`.
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    push_index_text(text, &mut out);
    out
}

/// Rewrites a user's query into an FTS5 `MATCH` expression.
///
/// Every whitespace-separated term must occur (AND). A term in an unspaced script becomes
/// a phrase of its bigrams, which matches wherever the term occurs inside a longer run;
/// a term of a single unit becomes a prefix search. Other terms become a quoted phrase of
/// their tokens, so punctuation inside `example.com` or `+855-12` does not turn into query
/// syntax. Double quotes in the input are dropped rather than parsed, since queries often
/// come from pasted adversarial text. Returns `None` for a query with nothing searchable.
pub fn match_expression(query: &str) -> Option<String> {
    let mut parts = Vec::new();
    for term in query.split_whitespace() {
        let term: String = term.chars().filter(|&c| c != '"').collect();
        if !term.chars().any(char::is_alphanumeric) {
            continue;
        }
        let mut phrase = String::new();
        let mut lone_unit = false;
        let mut segments = 0;
        for_each_segment(&term, |seg| {
            segments += 1;
            match seg {
                Segment::Spaced(s) => phrase.push_str(s),
                Segment::Unspaced(units) if units.len() == 1 => {
                    lone_unit = true;
                    phrase.push(' ');
                    phrase.push_str(units[0]);
                }
                Segment::Unspaced(units) => {
                    phrase.push(' ');
                    push_bigrams(&units, &mut phrase);
                }
            }
        });
        let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        if lone_unit && segments == 1 {
            parts.push(format!("\"{phrase}\" *"));
        } else {
            parts.push(format!("\"{phrase}\""));
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" AND "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_runs_become_bigrams() {
        assert_eq!(index_text("诈骗平台"), " 诈骗 骗平 平台 台 ");
        assert_eq!(index_text("USDT 钱包"), "USDT  钱包 包 ");
        assert_eq!(index_text("hello"), "hello");
    }

    #[test]
    fn thai_marks_stay_with_their_consonant() {
        // "เงินเดือน" (salary): the vowel mark ิ and others attach to the base.
        let idx = index_text("เงิน");
        assert!(idx.contains("งิ"), "{idx:?}");
        assert!(!idx.contains(" ิ"), "{idx:?}");
    }

    #[test]
    fn khmer_subscripts_stay_in_their_cluster() {
        // ក្រុម: ក + ្ + រ + ុ + ម — the coeng glues រ to ក.
        let idx = index_text("ក្រុម");
        assert_eq!(idx.split_whitespace().next(), Some("ក្រុម"));
    }

    #[test]
    fn the_fast_scan_finds_what_a_char_walk_finds() {
        let walk = |t: &str| {
            t.char_indices()
                .find(|&(_, c)| is_unspaced(c))
                .map_or(t.len(), |(i, _)| i)
        };
        for t in [
            "",
            "plain ascii",
            "café → 诈骗",
            "€100 then ไทย",
            "emoji 😀 then ក្រុម",
            "only ₿ and € and ü",
            "\u{FFFF}\u{E000}x\u{20000}",
            "ab\u{0DFF}\u{0E00}",
        ] {
            assert_eq!(first_unspaced(t), walk(t), "{t:?}");
        }
    }

    #[test]
    fn queries() {
        assert_eq!(match_expression("诈骗").as_deref(), Some("\"诈骗\""));
        assert_eq!(
            match_expression("诈骗平台 usdt").as_deref(),
            Some("\"诈骗 骗平 平台\" AND \"usdt\"")
        );
        assert_eq!(match_expression("骗").as_deref(), Some("\"骗\" *"));
        assert_eq!(
            match_expression("bitget-pro.icu").as_deref(),
            Some("\"bitget-pro.icu\"")
        );
        assert_eq!(match_expression("\"\" ()"), None);
    }
}
