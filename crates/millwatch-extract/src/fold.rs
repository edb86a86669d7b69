//! Folding: look-alike characters become ASCII and defanged notation is refanged, before any
//! recogniser runs, with an offset map back to the caller's text.
//!
//! Scam texts hide selectors from filters (`０８１２３４５６７８`, `t．me／x`, `๐๘๑…`, zero-width
//! spaces inside a number) and threat-intel prose defangs them on purpose (`hxxp://x[.]com`,
//! `name[at]host(dot)com`). Rather than teaching every recogniser every disguise, two layers
//! rewrite the text once:
//!
//! 1. the *Unicode layer* folds single characters: full-width forms, native decimal digits of
//!    many scripts, circled and mathematical digits and letters, exotic spaces and dashes, the
//!    ideographic full stop, and deletes zero-width characters;
//! 2. the *refang layer* (on the output of the first) rewrites ASCII defanging patterns found
//!    by one Aho-Corasick automaton, some only when their neighbourhood says they are one
//!    (` dot ` between two words, ` at ` before a defanged host).
//!
//! Each layer records its edits (replaced span in its input, replacement span in its output),
//! sorted, so an offset in the folded text maps back in O(log n). Text that needs neither layer
//! is borrowed, not copied: the common case (plain ASCII or CJK prose without tricks) costs one
//! pass of a byte loop and one automaton search.

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// One rewrite: `olen` bytes at `o` in the layer's input became `flen` bytes at `f` in its output.
#[derive(Clone, Copy, Debug)]
struct Edit {
    f: usize,
    flen: usize,
    o: usize,
    olen: usize,
    /// The rewrite undid deliberate obfuscation (defanging, a look-alike dot or at sign).
    defang: bool,
}

/// The edits of one layer, sorted by `f`.
#[derive(Debug, Default)]
struct Layer {
    edits: Vec<Edit>,
}

impl Layer {
    /// The input offset of the first byte at output offset `x`.
    fn map_start(&self, x: usize) -> usize {
        let i = self.edits.partition_point(|e| e.f <= x);
        if i == 0 {
            return x;
        }
        let e = self.edits[i - 1];
        if x < e.f + e.flen {
            e.o
        } else {
            e.o + e.olen + (x - e.f - e.flen)
        }
    }

    /// The input offset one past the byte before output offset `x`.
    fn map_end(&self, x: usize) -> usize {
        let i = self.edits.partition_point(|e| e.f < x);
        if i == 0 {
            return x;
        }
        let e = self.edits[i - 1];
        if x < e.f + e.flen {
            e.o + e.olen
        } else {
            e.o + e.olen + (x - e.f - e.flen)
        }
    }

    /// Whether a defanging edit touches output range `a..b` (a deletion counts when inside it).
    fn defanged(&self, a: usize, b: usize) -> bool {
        // Replacements are at most a few bytes long, so start a little before `a`.
        let i = self.edits.partition_point(|e| e.f + 8 < a);
        self.edits[i..]
            .iter()
            .take_while(|e| e.f < b)
            .any(|e| e.defang && (e.f + e.flen > a || (e.flen == 0 && e.f > a)))
    }
}

/// A text after folding, with the way back to the original.
#[derive(Debug)]
pub(crate) struct Folded<'a> {
    /// The folded text that recognisers scan.
    pub text: Cow<'a, str>,
    /// Layers in application order: `layers[0]` maps its output to the original text.
    layers: Vec<Layer>,
}

impl Folded<'_> {
    /// Original offset of a start position in the folded text.
    pub fn orig_start(&self, x: usize) -> usize {
        self.layers.iter().rev().fold(x, |x, l| l.map_start(x))
    }

    /// Original offset of an end position in the folded text.
    pub fn orig_end(&self, x: usize) -> usize {
        self.layers.iter().rev().fold(x, |x, l| l.map_end(x))
    }

    /// Whether folded range `a..b` was written in defanged or look-alike form.
    pub fn defanged(&self, a: usize, b: usize) -> bool {
        let (mut a, mut b) = (a, b);
        for l in self.layers.iter().rev() {
            if l.defanged(a, b) {
                return true;
            }
            a = l.map_start(a);
            b = l.map_end(b);
        }
        false
    }
}

/// What the Unicode layer does with one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CharFold {
    /// Replace with this ASCII byte.
    Ascii(u8, bool),
    /// Delete (zero-width characters).
    Delete,
}

/// Zero code points of the decimal digit blocks folded to ASCII digits (a subset of Unicode
/// `Nd`: the scripts our users' texts are written in, and a few more that cost nothing).
const DIGIT_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
];

fn fold_char(c: char) -> Option<CharFold> {
    let u = c as u32;
    let ascii = |b: u8| Some(CharFold::Ascii(b, false));
    let sneaky = |b: u8| Some(CharFold::Ascii(b, true));
    match u {
        0x00A0 | 0x2000..=0x200A | 0x202F | 0x205F | 0x3000 => ascii(b' '),
        0x00AD | 0x200B..=0x200D | 0x2060 | 0xFEFF => Some(CharFold::Delete),
        0x2010..=0x2015 | 0x2212 | 0xFE63 => ascii(b'-'),
        0x3002 | 0xFF61 | 0xFE52 | 0x2024 | 0xFF0E => sneaky(b'.'),
        0xFF20 | 0xFE6B => sneaky(b'@'),
        0xFF1A | 0xFE55 => ascii(b':'),
        0x3010 => ascii(b'['),
        0x3011 => ascii(b']'),
        0xFF01..=0xFF5E => {
            // Full-width ASCII: U+FF01..U+FF5E are U+0021..U+007E shifted.
            let b = (u - 0xFEE0) as u8;
            if b.is_ascii_alphanumeric() {
                ascii(b)
            } else {
                sneaky(b)
            }
        }
        0x2460..=0x2468 => ascii(b'1' + (u - 0x2460) as u8),
        0x24EA | 0x24FF => ascii(b'0'),
        0x2776..=0x277E => ascii(b'1' + (u - 0x2776) as u8),
        0x2780..=0x2788 => ascii(b'1' + (u - 0x2780) as u8),
        0x278A..=0x2792 => ascii(b'1' + (u - 0x278A) as u8),
        0x1D7CE..=0x1D7FF => ascii(b'0' + ((u - 0x1D7CE) % 10) as u8),
        0x1D400..=0x1D7CD => {
            // Mathematical alphanumerics: compatibility-decompose to one ASCII letter.
            let mut out = None;
            let mut n = 0;
            unicode_normalization::char::decompose_compatible(c, |d| {
                n += 1;
                if d.is_ascii_alphanumeric() {
                    out = Some(d as u8);
                }
            });
            if n == 1 { out.and_then(ascii) } else { None }
        }
        _ => {
            // Native decimal digits.
            let i = DIGIT_ZEROS.partition_point(|&z| z + 9 < u);
            match DIGIT_ZEROS.get(i) {
                Some(&z) if (z..=z + 9).contains(&u) => ascii(b'0' + (u - z) as u8),
                _ => None,
            }
        }
    }
}

/// Whether a UTF-8 lead byte can start a character that [`fold_char`] folds. A cheap filter
/// so that CJK text (lead bytes E4..E9) is skipped without decoding.
fn lead_may_fold(b: u8) -> bool {
    matches!(
        b,
        0xC2 | 0xD9 | 0xDB | 0xDF | 0xE0..=0xE3 | 0xEA | 0xEF | 0xF0
    )
}

/// The Unicode layer. Returns `None` when nothing needs folding.
fn unicode_layer(text: &str) -> Option<(String, Layer)> {
    let bytes = text.as_bytes();
    if text.is_ascii() {
        return None;
    }
    let mut out: Option<String> = None;
    let mut edits = Vec::new();
    let mut copied = 0; // input bytes already handled
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 || !lead_may_fold(b) {
            i += 1;
            continue;
        }
        // `i` is a char boundary: lead bytes are only ever visited at boundaries because
        // continuation bytes (0x80..0xBF) fail `lead_may_fold`.
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let clen = c.len_utf8();
        if let Some(fold) = fold_char(c) {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
            o.push_str(&text[copied..i]);
            let f = o.len();
            let (flen, defang) = match fold {
                CharFold::Ascii(a, d) => {
                    o.push(a as char);
                    (1, d)
                }
                CharFold::Delete => (0, true),
            };
            edits.push(Edit {
                f,
                flen,
                o: i,
                olen: clen,
                defang,
            });
            copied = i + clen;
        }
        i += clen;
    }
    let mut o = out?;
    o.push_str(&text[copied..]);
    Some((o, Layer { edits }))
}

/// The refang patterns, in the order of [`Pat`].
const PATTERNS: &[&str] = &[
    "[.]", "(.)", "{.}", "[dot]", "(dot)", "{dot}", "[ dot ]", "( dot )", "[d0t]", "(d0t)", "\\.",
    "[,]", " dot ", "点", "點", // dots
    "[@]", "(@)", "{@}", "[at]", "(at)", "{at}", "[ at ]", "( at )", " at ", " @ ", // at
    "[:]", "(:)", "[://]", "[:/]", "[/]", "[//]", ":\\/\\/", // colons and slashes
    "hxxp", "hxxps", "h**p", "h**ps", "hxtp", "hxtps", "htxp", "h__p", "h__ps", "fxp", "meow",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pat {
    Dot,
    DotWord,
    At,
    AtWord,
    AtSpaced,
    Colon,
    SchemeSep,
    Slash,
    Http,
    Https,
    Ftp,
}

fn pattern_kind(i: usize) -> Pat {
    match PATTERNS[i] {
        " dot " | "点" | "點" => Pat::DotWord,
        "[.]" | "(.)" | "{.}" | "[dot]" | "(dot)" | "{dot}" | "[ dot ]" | "( dot )" | "[d0t]"
        | "(d0t)" | "\\." | "[,]" => Pat::Dot,
        " at " => Pat::AtWord,
        " @ " => Pat::AtSpaced,
        "[@]" | "(@)" | "{@}" | "[at]" | "(at)" | "{at}" | "[ at ]" | "( at )" => Pat::At,
        "[:]" | "(:)" => Pat::Colon,
        "[://]" | "[:/]" | ":\\/\\/" => Pat::SchemeSep,
        "[/]" | "[//]" => Pat::Slash,
        "hxxps" | "h**ps" | "hxtps" | "h__ps" => Pat::Https,
        "fxp" => Pat::Ftp,
        _ => Pat::Http,
    }
}

/// Builds and applies both layers.
pub(crate) struct Folder {
    refang: AhoCorasick,
    kinds: Vec<Pat>,
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn is_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+' | b'%')
}

/// Whether `s` (just after an ` at `) reads `label<defanged dot>`.
fn host_defanged_after(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len() && s[i] == b' ' && i < 2 {
        i += 1;
    }
    let start = i;
    while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'-') && i - start < 64 {
        i += 1;
    }
    if i == start || !s[start..i].iter().any(u8::is_ascii_alphabetic) {
        return false;
    }
    let rest = &s[i..s.len().min(i + 8)];
    let rest: Vec<u8> = rest.iter().map(u8::to_ascii_lowercase).collect();
    [
        &b" dot "[..],
        b"[dot]",
        b"(dot)",
        b"{dot}",
        b"[.]",
        b"(.)",
        b"{.}",
        b"[ dot ]",
        b"( dot )",
    ]
    .iter()
    .any(|p| rest.starts_with(p))
}

impl Folder {
    pub fn new() -> Result<Folder, aho_corasick::BuildError> {
        let refang = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(PATTERNS)?;
        let kinds = (0..PATTERNS.len()).map(pattern_kind).collect();
        Ok(Folder { refang, kinds })
    }

    /// Folds `text`; borrows it when nothing changes.
    pub fn fold<'a>(&self, text: &'a str) -> Folded<'a> {
        let mut layers = Vec::new();
        let mut cur: Cow<'a, str> = Cow::Borrowed(text);
        if let Some((s, layer)) = unicode_layer(text) {
            cur = Cow::Owned(s);
            layers.push(layer);
        }
        if let Some((s, layer)) = self.refang_layer(&cur) {
            cur = Cow::Owned(s);
            layers.push(layer);
        }
        Folded { text: cur, layers }
    }

    fn refang_layer(&self, text: &str) -> Option<(String, Layer)> {
        let b = text.as_bytes();
        let mut out: Option<String> = None;
        let mut edits = Vec::new();
        let mut copied = 0;
        for m in self.refang.find_iter(text) {
            let (ms, me) = (m.start(), m.end());
            if ms < copied {
                continue;
            }
            let before = if ms > 0 { b[ms - 1] } else { b' ' };
            let after = b.get(me).copied().unwrap_or(b' ');
            // The span to replace and what with, or skip.
            let (mut s, mut e) = (ms, me);
            let kind = self.kinds[m.pattern().as_usize()];
            let rep: &str = match kind {
                Pat::DotWord => {
                    if !(is_word(before) && is_word(after)) {
                        continue;
                    }
                    "."
                }
                Pat::Dot => {
                    // Absorb one space either side when a word lies beyond it.
                    if before == b' ' && ms >= 2 && is_word(b[ms - 2]) {
                        s -= 1;
                    }
                    if after == b' ' && b.get(me + 1).is_some_and(|&c| is_word(c)) {
                        e += 1;
                    }
                    let l = if s > 0 { b[s - 1] } else { b' ' };
                    let r = b.get(e).copied().unwrap_or(b' ');
                    if !(is_word(l) || l == b']' || l == b')')
                        || !(is_word(r) || r == b'[' || r == b'(')
                    {
                        continue;
                    }
                    "."
                }
                Pat::At => {
                    if before == b' ' && ms >= 2 && is_local(b[ms - 2]) {
                        s -= 1;
                    }
                    if after == b' ' && b.get(me + 1).is_some_and(|&c| is_word(c)) {
                        e += 1;
                    }
                    let l = if s > 0 { b[s - 1] } else { b' ' };
                    let r = b.get(e).copied().unwrap_or(b' ');
                    if !is_local(l) || !is_word(r) {
                        continue;
                    }
                    "@"
                }
                Pat::AtWord => {
                    if !is_local(before) || !host_defanged_after(&b[me..b.len().min(me + 80)]) {
                        continue;
                    }
                    "@"
                }
                Pat::AtSpaced => {
                    if !is_local(before)
                        || !is_word(after)
                        || !host_defanged_after(&b[me..b.len().min(me + 80)])
                    {
                        continue;
                    }
                    "@"
                }
                Pat::Colon => {
                    if !is_word(before) {
                        continue;
                    }
                    ":"
                }
                Pat::SchemeSep => {
                    if !is_word(before) {
                        continue;
                    }
                    // `[:/]` and `[://]` both stand for `://` after a scheme; `[:/]/` is rarer.
                    if b.get(me) == Some(&b'/') && b.get(me + 1) == Some(&b'/') {
                        e += 2;
                    } else if b.get(me) == Some(&b'/') {
                        e += 1;
                    }
                    "://"
                }
                Pat::Slash => {
                    if m.end() - m.start() == 4 {
                        "//"
                    } else {
                        "/"
                    }
                }
                Pat::Http | Pat::Https | Pat::Ftp => {
                    // Only a scheme: a word start, then `:` or a defanged colon.
                    if is_word(before) || !matches!(after, b':' | b'[' | b'(') {
                        continue;
                    }
                    match kind {
                        Pat::Https => "https",
                        Pat::Ftp => "ftp",
                        _ => "http",
                    }
                }
            };
            // Keep `[:]//` → `://` whole (the colon pattern matched alone).
            let o = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
            o.push_str(&text[copied..s]);
            let f = o.len();
            o.push_str(rep);
            edits.push(Edit {
                f,
                flen: rep.len(),
                o: s,
                olen: e - s,
                defang: true,
            });
            copied = e;
        }
        let mut o = out?;
        o.push_str(&text[copied..]);
        Some((o, Layer { edits }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        Folder::new()
            .map(|f| f.fold(s).text.into_owned())
            .unwrap_or_default()
    }

    #[test]
    fn refangs_common_forms() {
        assert_eq!(fold("hxxp://evil[.]com"), "http://evil.com");
        assert_eq!(fold("hxxps[:]//evil(.)com"), "https://evil.com");
        assert_eq!(fold("evil[dot]com"), "evil.com");
        assert_eq!(fold("evil dot com"), "evil.com");
        assert_eq!(fold("john[at]mail[.]com"), "john@mail.com");
        assert_eq!(fold("john at mail dot com"), "john@mail.com");
        assert_eq!(fold("meet at home dot"), "meet at home dot");
        assert_eq!(fold("meet at noon"), "meet at noon");
        assert_eq!(fold("1[.]2[.]3[.]4"), "1.2.3.4");
        assert_eq!(fold("evil [.] com"), "evil.com");
        assert_eq!(fold("hxxp[://]x.com"), "http://x.com");
        assert_eq!(fold("example点com"), "example.com");
    }

    #[test]
    fn folds_lookalikes() {
        assert_eq!(fold("０８１２"), "0812");
        assert_eq!(fold("๐๘๑๒"), "0812");
        assert_eq!(fold("០៨១២"), "0812");
        assert_eq!(fold("၀၈၁၂"), "0812");
        assert_eq!(fold("t．me／abc"), "t.me/abc");
        assert_eq!(fold("08\u{200B}12"), "0812");
        assert_eq!(fold("𝟎𝟖𝟏𝟐"), "0812");
        assert_eq!(fold("微信：abc"), "微信:abc");
    }

    #[test]
    fn maps_offsets_back() {
        let f = Folder::new().unwrap_or_else(|_| unreachable!());
        let text = "x ０８１２ hxxp://a[.]b";
        let folded = f.fold(text);
        let t = folded.text.as_ref();
        let a = t.find("0812").unwrap_or(0);
        assert_eq!(
            &text[folded.orig_start(a)..folded.orig_end(a + 4)],
            "０８１２"
        );
        let u = t.find("http").unwrap_or(0);
        let raw = &text[folded.orig_start(u)..folded.orig_end(t.len())];
        assert_eq!(raw, "hxxp://a[.]b");
        assert!(folded.defanged(u, t.len()));
        assert!(!folded.defanged(a, a + 4));
    }
}
