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
//!    (` dot ` between two words, ` at ` before a defanged host, a space before a top-level
//!    domain's dot, a space between a URL's scheme-and-host and its path).
//!
//! Each layer records its edits (replaced span in its input, replacement span in its output),
//! sorted, so an offset in the folded text maps back in O(log n). Text that needs neither layer
//! is borrowed, not copied: the common case (plain ASCII or CJK prose without tricks) costs one
//! pass of a byte loop and one automaton search.

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use memchr::memmem;

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
    /// Whether any edit undid obfuscation (else [`Layer::defanged`] is always false).
    any_defang: bool,
}

impl Layer {
    fn new(edits: Vec<Edit>) -> Layer {
        let any_defang = edits.iter().any(|e| e.defang);
        Layer { edits, any_defang }
    }

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
        // Only layers that undid some obfuscation can answer yes; most texts have none.
        let Some(top) = self.layers.iter().rposition(|l| l.any_defang) else {
            return false;
        };
        let (mut a, mut b) = (a, b);
        for (k, l) in self.layers.iter().enumerate().rev() {
            if k <= top && l.any_defang && l.defanged(a, b) {
                return true;
            }
            if k == 0 {
                break;
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
    /// A look-alike colon: `:` only before a slash (`hxxps：//`); elsewhere it is the
    /// label punctuation of CJK text (`LINE：id`) and ends what comes before it.
    Colon,
    /// A look-alike full stop: `.` only between a letter or digit and a letter
    /// (`example。com`), otherwise left alone (a Chinese sentence end before `24小时`).
    Dot,
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
        0x3002 | 0xFF61 | 0xFE52 | 0x2024 | 0xFF0E => Some(CharFold::Dot),
        // The full-width comma separates; folding it would glue `1702，24` into a number.
        0xFF0C => None,
        0xFF20 | 0xFE6B => sneaky(b'@'),
        0xFF1A | 0xFE55 => Some(CharFold::Colon),
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

/// Whether the character starting with bytes `b0 b1 b2` can be one that [`fold_char`] folds.
/// A cheap filter on the first bytes so that CJK, Thai and other text is skipped a whole
/// character at a time without decoding.
fn may_fold(b0: u8, b1: u8, b2: u8) -> bool {
    let digit_a6 = (0xA6..=0xAF).contains(&b2);
    let digit_90 = (0x90..=0x99).contains(&b2);
    let digit_80 = (0x80..=0x89).contains(&b2);
    let digit_a0 = (0xA0..=0xA9).contains(&b2);
    match b0 {
        0xC2 => matches!(b1, 0xA0 | 0xAD),
        0xD9 | 0xDB | 0xDF => true,
        0xE0 => match b1 {
            0xA5 | 0xA7 | 0xA9 | 0xAB | 0xAD | 0xAF | 0xB1 | 0xB3 | 0xB5 | 0xB7 => digit_a6,
            0xB9 | 0xBB => digit_90,
            0xBC => digit_a0,
            _ => false,
        },
        0xE1 => match b1 {
            0x81 | 0xB1 => digit_80 || digit_90,
            0x82 | 0xA0 | 0xA7 | 0xAD => digit_90,
            0x9F => digit_a0,
            0xA5 => (0x86..=0x8F).contains(&b2),
            0xAA => digit_80 || digit_90,
            0xAE => (0xB0..=0xB9).contains(&b2),
            _ => false,
        },
        0xE2 => match b1 {
            0x80 => matches!(b2, 0x80..=0x95 | 0xA4 | 0xAF),
            0x81 => matches!(b2, 0x9F | 0xA0),
            0x88 | 0x91 | 0x93 | 0x9D | 0x9E => true,
            _ => false,
        },
        0xE3 => b1 == 0x80,
        0xEA => matches!(b1, 0x98 | 0xA3 | 0xA4 | 0xA7 | 0xA9 | 0xAF),
        0xEF => matches!(b1, 0xB9 | 0xBB | 0xBC | 0xBD),
        0xF0 => b1 == 0x9D,
        _ => false,
    }
}

/// For each lead byte: the length of its character when [`may_fold`] is false for every
/// character it starts, else 0 (ASCII and continuation bytes are 0 too).
const fn never_folds_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0xC0usize;
    while b < 256 {
        let lead = b as u8;
        let may = matches!(
            lead,
            0xC2 | 0xD9 | 0xDB | 0xDF | 0xE0 | 0xE1 | 0xE2 | 0xE3 | 0xEA | 0xEF | 0xF0
        );
        t[b] = if may {
            0
        } else if lead >= 0xF0 {
            4
        } else if lead >= 0xE0 {
            3
        } else {
            2
        };
        b += 1;
    }
    t
}

static NEVER_FOLDS: [u8; 256] = never_folds_table();

/// The first index at or after `i` that holds a non-ASCII byte (or the end), eight bytes at
/// a time.
fn skip_ascii(bytes: &[u8], mut i: usize) -> usize {
    while i + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let w = u64::from_le_bytes(word) & 0x8080_8080_8080_8080;
        if w != 0 {
            return i + (w.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] < 0x80 {
        i += 1;
    }
    i
}

/// The length of the UTF-8 sequence a lead byte starts.
fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
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
        if b < 0x80 {
            i = skip_ascii(bytes, i + 1);
            continue;
        }
        // `i` is a char boundary: the loop steps over whole characters. Characters whose
        // lead byte rules folding out (CJK, Hangul, most two-byte scripts) go one table
        // look-up each.
        let never = NEVER_FOLDS[b as usize];
        if never != 0 {
            i += never as usize;
            continue;
        }
        if !may_fold(
            b,
            bytes.get(i + 1).copied().unwrap_or(0),
            bytes.get(i + 2).copied().unwrap_or(0),
        ) {
            i += utf8_len(b);
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let clen = c.len_utf8();
        let mut fold = fold_char(c);
        if fold == Some(CharFold::Dot) {
            let prev = text[..i].chars().next_back();
            let next = text[i + clen..].chars().next();
            let alnum = |c: Option<char>| {
                c.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(fold_char(c), Some(CharFold::Ascii(b, _)) if b.is_ascii_alphanumeric()))
            };
            let letter = |c: Option<char>| {
                c.is_some_and(|c| c.is_ascii_alphabetic() || matches!(fold_char(c), Some(CharFold::Ascii(b, _)) if b.is_ascii_alphabetic()))
            };
            // `outlook.com。TG：` is a sentence end before the next label, not `com.tg`.
            let upper = |c: Option<char>| {
                c.is_some_and(|c| c.is_ascii_uppercase() || matches!(fold_char(c), Some(CharFold::Ascii(b, _)) if b.is_ascii_uppercase()))
            };
            let case_break = upper(next) && !upper(prev);
            fold =
                (alnum(prev) && letter(next) && !case_break).then_some(CharFold::Ascii(b'.', true));
        }
        if fold == Some(CharFold::Colon) {
            let next = text[i + clen..].chars().next();
            fold = next
                .is_some_and(|c| c == '/' || c == '\u{FF0F}')
                .then_some(CharFold::Ascii(b':', true));
        }
        if let Some(fold) = fold {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
            o.push_str(&text[copied..i]);
            let f = o.len();
            let (flen, defang) = match fold {
                CharFold::Ascii(a, d) => {
                    o.push(a as char);
                    (1, d)
                }
                CharFold::Delete | CharFold::Dot | CharFold::Colon => (0, true),
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
    Some((o, Layer::new(edits)))
}

/// Refang patterns that contain letters or spaces, found by one automaton (in their usual
/// case variants). Punctuation-only forms (`[.]`, `(.)`, `\\.`, `.]`, `[:]`, `[/]`, `[@]`,
/// even `10[[[.]]]10`) are handled by [`punct_run`] instead, which accepts any number of
/// brackets around one core.
const PATTERNS: &[&str] = &[
    "[dot]", "(dot)", "{dot}", "[ dot ]", "( dot )", "[d0t]", "(d0t)", "[dot", "(dot", "{dot",
    "dot]", "dot)", "dot}", " dot ", "点", "點", "[ . ]", "( . )", "{ . }", // dots
    "[punto]", "(punto)", "{punto}", "[punkt]", "(punkt)", "{punkt}", // Spanish, German dots
    "[at]", "(at)", "{at}", "[ at ]", "( at )", " at ", " @ ", " @", "@ ", // at
    "[arroba]", "(arroba)", "{arroba}", // Spanish at
    "hxxp", "hxxps", "h**p", "h**ps", "hxtp", "hxtps", "htxp", "h__p", "h__ps", "fxp", "ftx",
    "meow", "http__", "https__", "hxxp__", "hxxps__", // schemes
];

/// Scheme separators broken on purpose after a scheme word (`http:__x`, `http:\\\\x`,
/// `http:// x`). Found with `memmem` and checked backwards for the scheme, rather than as
/// more automaton patterns: those would start with the common `http` and cost the automaton
/// its SIMD prefilter.
const BROKEN_SEPARATORS: [&str; 3] = [":__", ":\\", ":// "];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pat {
    /// `[dot]` and friends: a word on both sides, spaces around absorbed.
    DotBracket,
    /// ` dot `, `点`: a word directly on both sides.
    DotWord,
    /// `[at]` and friends.
    AtBracket,
    /// ` at `: only before a host spelled with a defanged dot, and not after prose words.
    AtWord,
    /// ` @ `, ` @`, `@ `: spaces around a real `@`.
    AtSpaced,
    Http,
    Https,
    Ftp,
    /// `http__host`: sandbox reports write the scheme separator as two underscores; also
    /// `http:__host`, `http:\\host` (Windows-style slashes) and `http:// host` (a space
    /// after the separator to break the link).
    HttpUnderscore,
    HttpsUnderscore,
}

fn pattern_kind(i: usize) -> Pat {
    match PATTERNS[i] {
        " dot " | "点" | "點" => Pat::DotWord,
        " at " => Pat::AtWord,
        " @ " | " @" | "@ " => Pat::AtSpaced,
        "[at]" | "(at)" | "{at}" | "[ at ]" | "( at )" | "[arroba]" | "(arroba)" | "{arroba}" => {
            Pat::AtBracket
        }
        "hxxps" | "h**ps" | "hxtps" | "h__ps" => Pat::Https,
        "fxp" | "ftx" => Pat::Ftp,
        "[ . ]" | "( . )" | "{ . }" => Pat::DotBracket,
        "http__" | "hxxp__" => Pat::HttpUnderscore,
        "https__" | "hxxps__" => Pat::HttpsUnderscore,
        p if p.contains("dot") || p.contains("d0t") || p.contains("pun") => Pat::DotBracket,
        _ => Pat::Http,
    }
}

fn is_bracket(c: u8) -> bool {
    matches!(c, b'[' | b']' | b'(' | b')' | b'{' | b'}' | b'\\')
}

/// Which kind of bracket: square, round, curly (0 for none).
fn bracket_family(c: u8) -> u8 {
    match c {
        b'[' | b']' => 1,
        b'(' | b')' => 2,
        b'{' | b'}' => 3,
        _ => 0,
    }
}

fn is_core(c: u8) -> bool {
    matches!(c, b'.' | b':' | b'/' | b'@')
}

/// A run of brackets and backslashes around one punctuation core, through position `p` (a
/// bracket): `[.]`, `(.)`, `\\.`, `[.`, `.]`, `10[[[.]]]10`, `[:]`, `[://]`, `[/]`, `[@]`.
/// Returns the run and what it stands for, when its neighbours agree.
fn punct_run(b: &[u8], p: usize) -> Option<(usize, usize, &'static str)> {
    // A bracketed comma between digits is a defanged dot of an address (`5[,]6[,]7(,)8`).
    if b.len() > p + 3
        && p > 0
        && b[p + 1] == b','
        && matches!(b[p], b'[' | b'(' | b'{')
        && bracket_family(b[p]) == bracket_family(b[p + 2])
        && b[p - 1].is_ascii_digit()
        && b[p + 3].is_ascii_digit()
    {
        return Some((p, p + 3, "."));
    }
    let run_byte = |c: u8| is_bracket(c) || is_core(c);
    let mut s = p;
    while s > 0 && p - s < 16 && run_byte(b[s - 1]) {
        s -= 1;
    }
    let mut e = p + 1;
    while e < b.len() && e - p < 16 && run_byte(b[e]) {
        e += 1;
    }
    let run = &b[s..e];
    // One bracket either side of a dot, glued to words on both sides, is a defang whichever
    // way the brackets face (`www[.[example`, `foo}.}com`): prose puts a space after them.
    let glued_dot = run.len() == 3
        && run[1] == b'.'
        && bracket_family(run[0]) != 0
        && bracket_family(run[0]) == bracket_family(run[2])
        && s > 0
        && is_host_byte(b[s - 1])
        && b.get(e).is_some_and(|&c| is_host_byte(c));
    // A closing bracket first (`(yes).`) or an opening one last (`text.(`) is prose.
    if glued_dot {
    } else if matches!(run[0], b')' | b']' | b'}')
        && !run.iter().any(|&c| matches!(c, b'(' | b'[' | b'{'))
        && run[run.len() - 1] != b']'
        && run[run.len() - 1] != b')'
    {
        return None;
    }
    if !glued_dot
        && matches!(run[run.len() - 1], b'(' | b'[' | b'{')
        && !run.iter().any(|&c| matches!(c, b')' | b']' | b'}'))
    {
        return None;
    }
    let mut core = [0u8; 4];
    let mut n = 0;
    for &c in run {
        if is_core(c) {
            if n == core.len() {
                return None;
            }
            core[n] = c;
            n += 1;
        }
    }
    let rep = match &core[..n] {
        b"." => ".",
        b":" => ":",
        b"/" => "/",
        b"//" => "//",
        b"://" | b":/" => "://",
        b"@" => "@",
        _ => return None,
    };
    Some((s, e, rep))
}

/// A bracketed dot or at sign written with spaces inside and around its brackets
/// (`example  [  .  ]   com`, `example [[[ [ . )]) com`, `com [  .tld`, `name [ @ ] host`),
/// from the opening bracket at `i`, which must be the run's first: the span from the spaces
/// before it through the spaces after the run (at most four each side; the caller checks
/// that words lie beyond), and what it stands for. An opening bracket must come before the
/// core, and after it a bracket or directly a word (not `( . next`).
fn spaced_punct_run(b: &[u8], i: usize) -> Option<(usize, usize, &'static str)> {
    let opening = |c: u8| matches!(c, b'[' | b'(' | b'{');
    let mut k = i;
    while k > 0 && b[k - 1] == b' ' {
        k -= 1;
    }
    if k > 0 && opening(b[k - 1]) {
        return None; // not the first bracket of the run
    }
    let limit = b.len().min(i + 32);
    let mut c = i + 1;
    while c < limit && (opening(b[c]) || b[c] == b' ') {
        c += 1;
    }
    if c >= limit {
        return None;
    }
    // The core: `.`, `@`, or the word `dot` / `at` with a space or bracket after it.
    let word_end = |n: usize| {
        b.get(c + n)
            .is_some_and(|&x| x == b' ' || is_bracket(x) && x != b'\\')
    };
    let (rep, core_len) = match b[c] {
        b'.' => (".", 1),
        b'@' => ("@", 1),
        _ if b.len() >= c + 3 && b[c..c + 3].eq_ignore_ascii_case(b"dot") && word_end(3) => {
            (".", 3)
        }
        _ if b.len() >= c + 2 && b[c..c + 2].eq_ignore_ascii_case(b"at") && word_end(2) => ("@", 2),
        _ => return None,
    };
    let c = c + core_len - 1; // the core's last byte
    let mut e = c + 1;
    let mut closer = false;
    while e < limit && (is_bracket(b[e]) && b[e] != b'\\' || b[e] == b' ') {
        closer |= b[e] != b' ';
        e += 1;
    }
    if !closer && b.get(c + 1) == Some(&b' ') {
        return None;
    }
    if !b[i..e].contains(&b' ') {
        return None; // no spaces inside: punct_run's
    }
    // The spaces just after the run belong to it (the loop took them); trim past four.
    let mut te = e;
    while te > c + 1 && b[te - 1] == b' ' {
        te -= 1;
    }
    if e - te > 4 || i - k > 4 {
        return None;
    }
    Some((k, e, rep))
}

/// A broken separator at `i` (`:__`, `:\\`, `:\\\\`, `:// `) after the scheme word `http`,
/// `https`, `hxxp` or `hxxps` (any case) that starts a word: the span from the scheme through
/// the separator, and whether it is https.
fn broken_separator(b: &[u8], i: usize) -> Option<(usize, usize, Pat)> {
    let mut s = i;
    while s > 0 && i - s < 6 && b[s - 1].is_ascii_alphabetic() {
        s -= 1;
    }
    if s > 0 && is_word(b[s - 1]) {
        return None;
    }
    let scheme = b[s..i].to_ascii_lowercase();
    let kind = match scheme.as_slice() {
        b"http" | b"hxxp" => Pat::HttpUnderscore,
        b"https" | b"hxxps" => Pat::HttpsUnderscore,
        _ => return None,
    };
    let e = match b[i + 1] {
        b'\\' => {
            let mut e = i + 1;
            while e < b.len() && e - i <= 4 && b[e] == b'\\' {
                e += 1;
            }
            e
        }
        b'_' => i + 3,
        _ => i + 4,
    };
    Some((s, e, kind))
}

/// Whether a top-level domain written in lower case starts at `d` (a `.`) and ends the
/// host there: two letters or more in the public suffix list, then no letter, digit or
/// hyphen. A two-letter country code (`.it`, `.in`, `.me`, words in prose after a
/// misplaced full stop) only when a path follows.
fn spaced_tld_at(b: &[u8], d: usize) -> bool {
    let s = d + 1;
    let mut e = s;
    while e < b.len() && e - s <= 24 && b[e].is_ascii_lowercase() {
        e += 1;
    }
    let next = b.get(e).copied().unwrap_or(b' ');
    if e - s < 2 || e - s > 24 || next.is_ascii_alphanumeric() || next == b'-' {
        return false;
    }
    if e - s == 2 && next != b'/' {
        return false;
    }
    psl::suffix(&b[s..e]).is_some_and(|x| x.is_known() && x.as_bytes() == &b[s..e])
}

/// Whether the text before a space, refanged so far (`done`, then the untouched `rest`),
/// ends in a URL's scheme and host with nothing after the host: `http://example.com`,
/// `hxxp://10.0.0.1:8080`. Looks back at most 300 bytes, to the previous white space.
fn scheme_and_host_before(done: &[u8], rest: &[u8]) -> bool {
    let mut tok: Vec<u8> = Vec::with_capacity(64);
    for &c in rest.iter().rev().chain(done.iter().rev()) {
        if c.is_ascii_whitespace() || tok.len() > 300 {
            break;
        }
        tok.push(c);
    }
    if tok.len() > 300 {
        return false;
    }
    tok.reverse();
    let Some(k) = memmem::find(&tok, b"://") else {
        return false;
    };
    let scheme = &tok[..k];
    let host = &tok[k + 3..];
    !scheme.is_empty()
        && scheme[0].is_ascii_alphabetic()
        && scheme
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
        && !host.is_empty()
        && host.iter().all(|&c| {
            c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b':' | b'[' | b']' | b'@' | b'_')
        })
        && host.iter().any(u8::is_ascii_alphanumeric)
}

/// Builds and applies both layers.
pub(crate) struct Folder {
    /// The scheme spellings of [`PATTERNS`] (`hxxp`, `h**p` …) in their usual cases,
    /// case-sensitive so that the automaton can use its SIMD prefilter; `word_pat` maps each
    /// back to [`PATTERNS`].
    words: AhoCorasick,
    word_pat: Vec<usize>,
    kinds: Vec<Pat>,
    /// Patterns that start with an opening bracket, longest first.
    opening: Vec<usize>,
    dot_word: usize,
    at_word: usize,
    at_spaced: [usize; 3],
    cjk_dots: [usize; 2],
    dot_close: usize,
    /// ` dot ` in its usual cases.
    spaced_dots: [memmem::Finder<'static>; 3],
    /// [`BROKEN_SEPARATORS`].
    separators: [memmem::Finder<'static>; 3],
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// A byte that can stand next to a host's dot: an ASCII letter or digit, or part of a
/// non-ASCII character (`вирус[.]рф`, `例子[.]中国`).
fn is_host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn is_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+' | b'%')
}

/// Whether the word before an ` at ` is one that prose puts there (`was at`, `me at`,
/// `hosted at`): then the ` at ` is the preposition, not a spelled-out `@`.
fn prose_before_at(before: &[u8]) -> bool {
    const WORDS: &[&str] = &[
        "was",
        "is",
        "are",
        "were",
        "be",
        "been",
        "being",
        "am",
        "me",
        "us",
        "him",
        "her",
        "them",
        "it",
        "you",
        "i",
        "we",
        "they",
        "he",
        "she",
        "located",
        "hosted",
        "host",
        "live",
        "lives",
        "living",
        "stay",
        "stayed",
        "staying",
        "arrive",
        "arrived",
        "look",
        "looked",
        "looking",
        "work",
        "works",
        "worked",
        "working",
        "meet",
        "met",
        "found",
        "available",
        "based",
        "online",
        "here",
        "there",
        "home",
        "now",
        "up",
        "out",
        "off",
        "down",
        "back",
        "sent",
        "posted",
        "published",
        "listed",
        "registered",
        "seen",
        "visit",
        "visited",
        "go",
        "went",
        "goes",
        "email",
        "mail",
        "write",
        "contact",
        "reach",
        "reached",
        "call",
        "hello",
        "hi",
        "and",
        "or",
        "but",
        "the",
        "a",
        "an",
        "from",
        "to",
        "only",
        "even",
        "just",
        "still",
        "also",
        "site",
        "website",
        "page",
        "server",
        "panel",
        "domain",
        "link",
        "exchange",
        "platform",
        "shop",
        "store",
        "job",
        "office",
        "arrive",
        "left",
        "right",
        "point",
        "aimed",
        "directed",
        "redirected",
        "located",
        "running",
        "run",
        "runs",
        "hosting",
    ];
    let end = before.len();
    let mut start = end;
    while start > 0 && before[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    let w = String::from_utf8_lossy(&before[start..end]).to_ascii_lowercase();
    WORDS.contains(&w.as_str())
}

/// Whether `s` (just after a spaced `@`) reads `label.tld`, with a plain or defanged dot.
fn host_dotted_after(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'-') && i < 64 {
        i += 1;
    }
    if i == 0 {
        return false;
    }
    if s.get(i) == Some(&b'.') && s.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
        return true;
    }
    host_defanged_after(s)
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
        b"[ . ]",
        b"( . )",
        b" [.]",
        b" (.)",
        b" [dot]",
        b" (dot)",
        b" {dot}",
        b" [ dot ]",
        b" ( dot )",
        b" [ . ]",
        b" ( . )",
    ]
    .iter()
    .any(|p| rest.starts_with(p))
}

impl Folder {
    pub fn new() -> Result<Folder, aho_corasick::BuildError> {
        // Only the scheme spellings go to the automaton; everything else is found from rarer
        // bytes (brackets, `@`) or with `memmem`, which keeps the refang pass off the hot path.
        let mut variants: Vec<String> = Vec::new();
        let mut word_pat = Vec::new();
        for (i, p) in PATTERNS.iter().enumerate() {
            if !matches!(
                pattern_kind(i),
                Pat::Http | Pat::Https | Pat::Ftp | Pat::HttpUnderscore | Pat::HttpsUnderscore
            ) {
                continue;
            }
            let mut vs = vec![p.to_string(), p.to_ascii_uppercase()];
            let mut title = p.to_string();
            title[..1].make_ascii_uppercase();
            vs.push(title);
            if p.contains("xx") {
                vs.push(p.replace("xx", "XX"));
            }
            vs.sort();
            vs.dedup();
            for v in vs {
                variants.push(v);
                word_pat.push(i);
            }
        }
        let words = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&variants)?;
        let kinds = (0..PATTERNS.len()).map(pattern_kind).collect();
        let mut opening: Vec<usize> = (0..PATTERNS.len())
            .filter(|&i| PATTERNS[i].starts_with(['[', '(', '{']))
            .collect();
        opening.sort_by_key(|&i| std::cmp::Reverse(PATTERNS[i].len()));
        let find = |p: &str| PATTERNS.iter().position(|x| *x == p).unwrap_or(0);
        Ok(Folder {
            words,
            word_pat,
            kinds,
            opening,
            dot_word: find(" dot "),
            at_word: find(" at "),
            at_spaced: [find(" @ "), find(" @"), find("@ ")],
            cjk_dots: [find("点"), find("點")],
            dot_close: find("dot]"),
            spaced_dots: ["dot", "DOT", "Dot"]
                .map(|w| memmem::Finder::new(w.as_bytes()).into_owned()),
            separators: BROKEN_SEPARATORS.map(|w| memmem::Finder::new(w.as_bytes()).into_owned()),
        })
    }

    /// Every place a refang may start: (start, end, what), sorted by start, longer first.
    fn triggers(&self, text: &str) -> Vec<(usize, usize, Trigger)> {
        let b = text.as_bytes();
        let mut v = Vec::new();
        for m in self.words.find_iter(text) {
            let kind = self.kinds[self.word_pat[m.pattern().as_usize()]];
            v.push((m.start(), m.end(), Trigger::Word(kind)));
        }
        for i in memchr::memchr3_iter(b'[', b'(', b'{', b) {
            match self.opening.iter().find(|&&p| {
                let pat = PATTERNS[p].as_bytes();
                b.len() - i >= pat.len() && b[i..i + pat.len()].eq_ignore_ascii_case(pat)
            }) {
                Some(&p) => v.push((i, i + PATTERNS[p].len(), Trigger::Word(self.kinds[p]))),
                None => {
                    if let Some((s, e, rep)) = punct_run(b, i).or_else(|| spaced_punct_run(b, i)) {
                        v.push((s, e, Trigger::Punct(rep)));
                    }
                }
            }
        }
        for i in memchr::memchr3_iter(b']', b')', b'}', b) {
            if i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"dot") {
                v.push((i - 3, i + 1, Trigger::Word(self.kinds[self.dot_close])));
            } else if let Some((s, e, rep)) = punct_run(b, i) {
                v.push((s, e, Trigger::Punct(rep)));
            }
        }
        for i in memchr::memchr_iter(b'\\', b) {
            if let Some((s, e, rep)) = punct_run(b, i) {
                v.push((s, e, Trigger::Punct(rep)));
            }
        }
        for i in memchr::memchr_iter(b'@', b) {
            // Up to two spaces either side (`name  @ host.com`).
            let mut s = i;
            while s > 0 && i - s < 2 && b[s - 1] == b' ' {
                s -= 1;
            }
            let mut e = i + 1;
            while e < b.len() && e - i <= 2 && b[e] == b' ' {
                e += 1;
            }
            let p = match (s < i, e > i + 1) {
                (true, true) => self.at_spaced[0],
                (true, false) => self.at_spaced[1],
                (false, true) => self.at_spaced[2],
                (false, false) => continue,
            };
            v.push((s, e, Trigger::Word(self.kinds[p])));
        }
        for finder in &self.spaced_dots {
            for i in finder.find_iter(b) {
                if i >= 1 && b[i - 1] == b' ' && b.get(i + 3) == Some(&b' ') {
                    v.push((i - 1, i + 4, Trigger::Word(self.kinds[self.dot_word])));
                }
            }
        }
        for finder in &self.separators {
            for i in finder.find_iter(b) {
                if let Some((s, e, kind)) = broken_separator(b, i) {
                    v.push((s, e, Trigger::Word(kind)));
                }
            }
        }
        for i in memmem::find_iter(b, b" .") {
            if i > 0 && is_word(b[i - 1]) && spaced_tld_at(b, i + 1) {
                v.push((i, i + 1, Trigger::SpacedDot));
            }
        }
        for i in memmem::find_iter(b, b" /") {
            if i > 0 && b[i - 1] != b' ' && b.get(i + 2).is_some_and(|&c| is_word(c)) {
                v.push((i, i + 1, Trigger::SpacedPath));
            }
        }
        if !text.is_ascii() {
            for p in self.cjk_dots {
                for i in memmem::find_iter(b, PATTERNS[p].as_bytes()) {
                    v.push((i, i + PATTERNS[p].len(), Trigger::Word(self.kinds[p])));
                }
            }
        }
        // ` at ` only matters before a host with a defanged dot: look for it just before each
        // defanged dot rather than at every ` at ` of English prose.
        let dots: Vec<usize> = v
            .iter()
            .filter(|t| {
                matches!(
                    t.2,
                    Trigger::Punct(".")
                        | Trigger::Word(Pat::DotWord)
                        | Trigger::Word(Pat::DotBracket)
                )
            })
            .map(|t| t.0)
            .collect();
        let mut last_at = usize::MAX;
        for d in dots {
            let from = d.saturating_sub(80);
            let window = &b[from..d];
            if let Some(k) = (0..window.len().saturating_sub(3)).rev().find(|&k| {
                window[k] == b' '
                    && window[k + 1..k + 3].eq_ignore_ascii_case(b"at")
                    && window[k + 3] == b' '
            }) {
                let s = from + k;
                if s != last_at {
                    v.push((s, s + 4, Trigger::Word(self.kinds[self.at_word])));
                    last_at = s;
                }
            }
        }
        v.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
        v.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1);
        v
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
        let at = |i: usize| b.get(i).copied().unwrap_or(b' ');
        for (ms, me, trigger) in self.triggers(text) {
            if ms < copied {
                continue;
            }
            let before = if ms > 0 { b[ms - 1] } else { b' ' };
            let after = at(me);
            let (mut s, mut e) = (ms, me);
            // Absorbs one space either side of a bracketed form when a word lies beyond it.
            let absorb = |s: &mut usize, e: &mut usize, left: fn(u8) -> bool| {
                if before == b' ' && ms >= 2 && left(b[ms - 2]) {
                    *s -= 1;
                }
                if after == b' ' && is_host_byte(at(me + 1)) {
                    *e += 1;
                }
            };
            let rep: &str = match trigger {
                Trigger::SpacedDot => "",
                Trigger::SpacedPath => {
                    let done = out.as_deref().unwrap_or("").as_bytes();
                    if !scheme_and_host_before(done, &b[copied..ms]) {
                        continue;
                    }
                    ""
                }
                Trigger::Punct(rep) => match rep {
                    "." => {
                        absorb(&mut s, &mut e, is_host_byte);
                        let l = if s > 0 { b[s - 1] } else { b' ' };
                        if !is_host_byte(l) || !is_host_byte(at(e)) {
                            continue;
                        }
                        "."
                    }
                    "@" => {
                        absorb(&mut s, &mut e, is_local);
                        let l = if s > 0 { b[s - 1] } else { b' ' };
                        if !is_local(l) || !is_word(at(e)) {
                            continue;
                        }
                        "@"
                    }
                    ":" | "://" => {
                        if !is_word(before) {
                            continue;
                        }
                        // `[:]//` reads `://` whole.
                        if rep == ":" && at(e) == b'/' && at(e + 1) == b'/' {
                            e += 2;
                            "://"
                        } else {
                            rep
                        }
                    }
                    _ => {
                        if before == b' ' || before == b'\n' || ms == 0 {
                            continue;
                        }
                        rep
                    }
                },
                Trigger::Word(kind) => match kind {
                    Pat::DotWord => {
                        if !(is_word(before) && is_word(after)) {
                            continue;
                        }
                        "."
                    }
                    Pat::DotBracket => {
                        absorb(&mut s, &mut e, is_host_byte);
                        let l = if s > 0 { b[s - 1] } else { b' ' };
                        if !is_host_byte(l) || !is_host_byte(at(e)) {
                            continue;
                        }
                        "."
                    }
                    Pat::AtBracket => {
                        absorb(&mut s, &mut e, is_local);
                        let l = if s > 0 { b[s - 1] } else { b' ' };
                        if !is_local(l) || !is_word(at(e)) {
                            continue;
                        }
                        "@"
                    }
                    Pat::AtWord => {
                        if !is_local(before)
                            || prose_before_at(&b[..ms])
                            || !host_defanged_after(&b[me..b.len().min(me + 80)])
                        {
                            continue;
                        }
                        "@"
                    }
                    Pat::AtSpaced => {
                        // `name @ host.com`, `name @host.com`, `name@ host.com`.
                        if !is_local(before)
                            || !is_word(after)
                            || prose_before_at(&b[..ms])
                            || !host_dotted_after(&b[me..b.len().min(me + 80)])
                        {
                            continue;
                        }
                        "@"
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
                    Pat::HttpUnderscore | Pat::HttpsUnderscore => {
                        if is_word(before) || !is_word(after) {
                            continue;
                        }
                        if kind == Pat::HttpsUnderscore {
                            "https://"
                        } else {
                            "http://"
                        }
                    }
                },
            };
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
        Some((o, Layer::new(edits)))
    }
}

/// What a refang trigger is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Trigger {
    Word(Pat),
    Punct(&'static str),
    /// A space before the dot of a top-level domain (`example .com`): deleted.
    SpacedDot,
    /// A space between a URL's host and its path (`http://example.com /a/b`): deleted
    /// when what precedes, refanged, is a scheme and a host.
    SpacedPath,
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
        // Forms from threat-intel reports: partial and repeated brackets, escapes.
        assert_eq!(fold("hxxp://example[.com/test"), "http://example.com/test");
        assert_eq!(fold("hxxp://example.]com/test"), "http://example.com/test");
        assert_eq!(
            fold("hxxp://example[dotcom/test"),
            "http://example.com/test"
        );
        assert_eq!(fold("hxxp://example.com[/test"), "http://example.com/test");
        assert_eq!(
            fold("http://example(.)com(/)test"),
            "http://example.com/test"
        );
        assert_eq!(fold("http__example.com/test"), "http://example.com/test");
        assert_eq!(fold("111[.111.]111[.111"), "111.111.111.111");
        assert_eq!(fold("10(((.]]]]10([[.)10.)10"), "10.10.10.10");
        assert_eq!(fold("10\\\\.10\\.10\\.10"), "10.10.10.10");
        assert_eq!(fold("https://example\\(.)com/"), "https://example.com/");
        assert_eq!(fold("myuser @ example.com"), "myuser@example.com");
        assert_eq!(fold("myuser@ example[.]com"), "myuser@example.com");
        // Prose stays prose.
        assert_eq!(fold("(see below).Then"), "(see below).Then");
        assert_eq!(fold("a [1].b and f(x)"), "a [1].b and f(x)");
        assert_eq!(fold("thanks @ john"), "thanks @ john");
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
        // A full-width colon is a colon only before a slash; elsewhere it is CJK label
        // punctuation that ends the value before it (`icuLINE：id`).
        assert_eq!(fold("微信：abc"), "微信：abc");
        assert_eq!(fold("hxxps：//x"), "https://x");
        // An ideographic full stop before a capital is a sentence end, not a dot.
        assert_eq!(fold("a。com"), "a.com");
        assert_eq!(fold("a.com。TG"), "a.com。TG");
    }

    #[test]
    fn never_folds_table_agrees_with_may_fold() {
        for b0 in 0xC0..=0xFFu8 {
            if NEVER_FOLDS[b0 as usize] == 0 {
                continue;
            }
            assert_eq!(NEVER_FOLDS[b0 as usize] as usize, utf8_len(b0), "{b0:02X}");
            for b1 in 0x80..=0xBFu8 {
                for b2 in 0x80..=0xBFu8 {
                    assert!(!may_fold(b0, b1, b2), "{b0:02X} {b1:02X} {b2:02X}");
                }
            }
        }
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
