//! Charset labels as mailers write them, and decoding a MIME part's bytes with them.
//!
//! Mail charsets are a zoo: `gb2312` bodies full of GBK-only characters, `us-ascii`
//! labels on UTF-8 text, `ks_c_5601-1987` from Outlook, `x-sjis`, `cp936`, `tis-620`,
//! `unknown-8bit`, and no label at all on 8-bit text. The WHATWG label table in
//! `encoding_rs` covers most names and maps each to the superset real data needs (GBK
//! and GB2312 to the GB18030 decoder, TIS-620 to windows-874, ISO-8859-1 to
//! windows-1252, EUC-KR to windows-949). A few mail-only aliases are added here, and the
//! labels that name no usable decoder (`unknown-8bit`, `x-user-defined`, the
//! "replacement" family) fall through to detection rather than to a page of U+FFFD.
//! UTF-7 (RFC 2152), which the WHATWG table leaves out but old Outlook versions and
//! filter-dodging spam still write, is decoded by the `charset` crate, made for mail.
//!
//! The decision for a part, in order: a UTF-16 label or BOM decides; pure ASCII is
//! ASCII; valid UTF-8 with non-ASCII text is UTF-8 whatever the label says (a legacy
//! label on valid multi-byte UTF-8 is a mislabel far more often than a coincidence);
//! a usable label decides; mostly-valid UTF-8 labelled UTF-8 is UTF-8 with
//! replacements; otherwise detection (`chardetng`).

use std::borrow::Cow;

use encoding_rs::{
    BIG5, EUC_KR, Encoding, GB18030, GBK, ISO_2022_JP, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE,
    WINDOWS_874, WINDOWS_1252,
};

/// The encoding a mail charset label names, or `None` when the label is missing,
/// unknown, or names no decoder worth using.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let label = clean_label(label);
    if label.is_empty() {
        return None;
    }
    let lower = label.to_ascii_lowercase();
    let extra = match lower.as_str() {
        "unknown-8bit" | "unknown" | "x-unknown" | "x-user-defined" | "default" | "8bit"
        | "binary" | "charset" | "none" => return None,
        "utf8" | "utf_8" | "utf-8mb4" | "x-utf8" | "x-utf-8" | "unicode-1-1-utf-8" => Some(UTF_8),
        "cp936" | "ms936" | "euc-cn" | "euccn" | "x-euc-cn" | "gb2312-80" | "gb_2312"
        | "x-gb2312" | "gb-2312" | "cp-936" | "windows-936" => Some(GBK),
        "cp950" | "ms950" | "big5hkscs" | "big5_hkscs" | "x-big5" | "big-5" | "big5-eten"
        | "windows-950" => Some(BIG5),
        "cp932" | "ms932" | "x-ms-cp932" | "shift-jis" | "sjis-open" | "sjis-win"
        | "windows-932" => Some(SHIFT_JIS),
        "cp949" | "ms949" | "uhc" | "ks_c_5601" | "ksc5601" | "ksc_5601" | "x-windows-949"
        | "windows-949" | "ks_c_5601-1989" => Some(EUC_KR),
        "cp874" | "tis620" | "x-windows-874" | "iso8859-11" | "iso_8859-11" | "tis-620-2533"
        | "ms874" => Some(WINDOWS_874),
        "iso-2022-jp-2" | "iso-2022-jp-1" | "iso-2022-jp-3" => Some(ISO_2022_JP),
        "latin-1" | "iso_8859_1" | "iso8859_1" | "8859-1" | "8859_1" | "iso-latin-1" | "ansi" => {
            Some(WINDOWS_1252)
        }
        "utf-16" | "utf16" | "unicode" => Some(UTF_16LE),
        "unicode-2-0-utf-8" | "utf-8bom" | "utf-8-bom" | "utf8bom" => Some(UTF_8),
        "x-ascii" | "ascii7" => Some(WINDOWS_1252),
        "gb18030-2000" | "gb18030-2005" | "x-gb18030" | "gb-18030" => Some(GB18030),
        "shift_jis2004" | "shift_jisx0213" | "x-shift_jis" | "sjis2004" => Some(SHIFT_JIS),
        "big5-2003" | "big5_2003" | "big5-uao" => Some(BIG5),
        _ => windows_number(&lower),
    };
    if extra.is_some() {
        return extra;
    }
    let enc = Encoding::for_label(lower.as_bytes())
        // `cp1252`, `windows_1251`, `iso_8859-2`: try the usual separator spellings.
        .or_else(|| Encoding::for_label(lower.replace('_', "-").as_bytes()))?;
    if enc == encoding_rs::REPLACEMENT || enc == encoding_rs::X_USER_DEFINED {
        return None;
    }
    Some(enc)
}

/// Windows code pages as mailers misspell them: `windows1251`, `win-1251`, `win1251`,
/// `cp-1251`, `ms-1252`.
fn windows_number(lower: &str) -> Option<&'static Encoding> {
    let digits = ["windows", "win-", "win", "cp-", "ms-", "ms"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))?;
    if !(3..=4).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Encoding::for_label(format!("windows-{digits}").as_bytes())
        .or_else(|| Encoding::for_label(format!("cp{digits}").as_bytes()))
        .filter(|e| *e != encoding_rs::REPLACEMENT && *e != encoding_rs::X_USER_DEFINED)
}

/// Strips quotes, spaces and trailing parameters from a label (`"utf-8";format=flowed`).
fn clean_label(label: &str) -> &str {
    let label = label.trim().trim_matches(['"', '\'']).trim();
    let end = label
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(label.len());
    // RFC 2231 language suffix: `utf-8*en`.
    let label = &label[..end];
    label.split('*').next().unwrap_or(label)
}

/// What decoded a part: an `encoding_rs` encoding, or UTF-7.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailCharset {
    /// An encoding of the Encoding Standard.
    Encoding(&'static Encoding),
    /// UTF-7 (RFC 2152).
    Utf7,
}

impl MailCharset {
    /// The name recorded for the decision.
    pub fn name(self) -> &'static str {
        match self {
            MailCharset::Encoding(e) => e.name(),
            MailCharset::Utf7 => "UTF-7",
        }
    }
}

/// Whether a mail charset label names UTF-7.
pub fn is_utf7_label(label: &str) -> bool {
    let label = clean_label(label).to_ascii_lowercase();
    matches!(
        label.as_str(),
        "utf-7" | "utf7" | "utf_7" | "unicode-1-1-utf-7" | "csunicode11utf7" | "x-unicode20utf7"
    )
}

/// Text decoded from a part, with what decoded it.
pub struct Decoded<'a> {
    /// The text.
    pub text: Cow<'a, str>,
    /// The encoding used.
    pub encoding: MailCharset,
    /// Whether undecodable bytes were replaced.
    pub had_errors: bool,
    /// Whether the bytes had anything but ASCII (so the choice of encoding mattered).
    pub non_ascii: bool,
}

/// Decodes `bytes` whose declared charset label is `label` (see the module doc for the
/// order of decisions).
pub fn decode_bytes<'a>(bytes: &'a [u8], label: Option<&str>) -> Decoded<'a> {
    if label.is_some_and(is_utf7_label) && Encoding::for_bom(bytes).is_none() {
        // UTF-7 is all ASCII bytes: the label alone tells it from plain ASCII.
        let utf7 = charset::Charset::for_label(b"utf-7");
        if let Some(utf7) = utf7.filter(|c| c.name() == "UTF-7") {
            let (text, had_errors) = utf7.decode_without_bom_handling(bytes);
            let non_ascii = !text.is_ascii();
            return Decoded {
                text,
                encoding: MailCharset::Utf7,
                had_errors,
                non_ascii,
            };
        }
    }
    let mut declared = label.and_then(encoding_for_label);
    let utf16 = declared.is_some_and(|e| e == UTF_16LE || e == UTF_16BE);
    if utf16 && Encoding::for_bom(bytes).is_none() && !bytes.contains(&0) {
        // Outlook and Word write `charset=unicode` on text that is not UTF-16 at all;
        // real UTF-16 has a BOM or, for any Latin text, NUL bytes.
        declared = None;
    }
    if let Some(enc) = declared.filter(|e| *e == UTF_16LE || *e == UTF_16BE) {
        let (enc, body) = match Encoding::for_bom(bytes) {
            Some((bom_enc, len)) => (bom_enc, &bytes[len..]),
            None => (enc, bytes),
        };
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        return Decoded {
            text,
            encoding: MailCharset::Encoding(enc),
            had_errors,
            non_ascii: true,
        };
    }
    if bytes.is_ascii() && declared != Some(ISO_2022_JP) {
        // ASCII is ASCII in every label mail uses but UTF-7, decoded above.
        let text = std::str::from_utf8(bytes)
            .map_or_else(|_| String::from_utf8_lossy(bytes), Cow::Borrowed);
        return Decoded {
            text,
            encoding: MailCharset::Encoding(declared.unwrap_or(UTF_8)),
            had_errors: false,
            non_ascii: false,
        };
    }
    if let Some((enc, len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[len..]);
        return Decoded {
            text,
            encoding: MailCharset::Encoding(enc),
            had_errors,
            non_ascii: true,
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes)
        && declared != Some(ISO_2022_JP)
    {
        return Decoded {
            text: Cow::Borrowed(s),
            encoding: MailCharset::Encoding(UTF_8),
            had_errors: false,
            non_ascii: true,
        };
    }
    match declared {
        Some(enc) if enc == UTF_8 && mostly_utf8(bytes) => {
            return Decoded {
                text: String::from_utf8_lossy(bytes),
                encoding: MailCharset::Encoding(UTF_8),
                had_errors: true,
                non_ascii: true,
            };
        }
        Some(enc) if enc != UTF_8 => {
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            return Decoded {
                text,
                encoding: MailCharset::Encoding(enc),
                had_errors,
                non_ascii: true,
            };
        }
        _ => {}
    }
    let enc = detect(bytes);
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text,
        encoding: MailCharset::Encoding(enc),
        had_errors,
        non_ascii: true,
    }
}

/// Statistical detection, for parts without a usable label.
pub fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// True when invalid sequences are a small minority of the non-ASCII text: a UTF-8 part
/// with a damaged byte or two, not a legacy charset mislabelled UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    valid_multibyte >= 4 && invalid * 8 <= valid_multibyte
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf7_parts_are_decoded() {
        // "Café 付款" and a literal plus, as RFC 2152 writes them.
        let d = decode_bytes(b"Caf+AOk- +TthrPg- 1+-1", Some("\"UTF-7\""));
        assert_eq!(d.text, "Café 付款 1+1");
        assert_eq!(d.encoding, MailCharset::Utf7);
        assert_eq!(d.encoding.name(), "UTF-7");
        assert!(d.non_ascii && !d.had_errors);
        // The same bytes under another label stay as written.
        let d = decode_bytes(b"Caf+AOk-", Some("us-ascii"));
        assert_eq!(d.text, "Caf+AOk-");
        // A broken shift sequence is replaced, not a panic.
        let d = decode_bytes(b"a+\xff\x00-b", Some("utf-7"));
        assert!(d.had_errors || d.text.contains('\u{fffd}'));
    }

    #[test]
    fn mail_labels_resolve() {
        for (label, want) in [
            ("utf-8", "UTF-8"),
            ("UTF8", "UTF-8"),
            ("\"utf-8\"", "UTF-8"),
            ("gb2312", "GBK"),
            ("GBK", "GBK"),
            ("gb18030", "gb18030"),
            ("x-gbk", "GBK"),
            ("cp936", "GBK"),
            ("big5", "Big5"),
            ("big5-hkscs", "Big5"),
            ("shift_jis", "Shift_JIS"),
            ("x-sjis", "Shift_JIS"),
            ("euc-jp", "EUC-JP"),
            ("iso-2022-jp", "ISO-2022-JP"),
            ("euc-kr", "EUC-KR"),
            ("ks_c_5601-1987", "EUC-KR"),
            ("windows-874", "windows-874"),
            ("tis-620", "windows-874"),
            ("iso-8859-11", "windows-874"),
            ("windows-1258", "windows-1258"),
            ("koi8-r", "KOI8-R"),
            ("cp1252", "windows-1252"),
            ("latin1", "windows-1252"),
            ("us-ascii", "windows-1252"),
            ("windows_1251", "windows-1251"),
            ("utf-8*en", "UTF-8"),
            ("windows1251", "windows-1251"),
            ("win-1251", "windows-1251"),
            ("cp-1250", "windows-1250"),
            ("ms-1252", "windows-1252"),
            ("win874", "windows-874"),
            ("x-gb18030", "gb18030"),
            ("big5-2003", "Big5"),
            ("shift_jis2004", "Shift_JIS"),
        ] {
            assert_eq!(
                encoding_for_label(label).map(Encoding::name),
                Some(want),
                "{label}"
            );
        }
        for label in ["unknown-8bit", "x-user-defined", "iso-2022-kr", "", "bogus"] {
            assert_eq!(encoding_for_label(label), None, "{label}");
        }
    }

    #[test]
    fn utf8_wins_over_a_legacy_label_and_bad_labels_detect() {
        let d = decode_bytes("Привет мир".as_bytes(), Some("us-ascii"));
        assert_eq!(
            (d.text.as_ref(), d.encoding),
            ("Привет мир", MailCharset::Encoding(UTF_8))
        );
        let text = "我们公司在柬埔寨招聘客服人员，月薪三千美元，包机票和签证。";
        let (gbk, _, _) = GBK.encode(text);
        let d = decode_bytes(&gbk, Some("utf-8"));
        assert_eq!(d.text, text);
        let d = decode_bytes(&gbk, Some("unknown-8bit"));
        assert_eq!(d.text, text);
        let d = decode_bytes(&gbk, None);
        assert_eq!(d.text, text);
        assert!(!d.had_errors);
    }

    #[test]
    fn utf16_labels_need_utf16_bytes() {
        assert_eq!(
            decode_bytes(b"plain ascii", Some("unicode")).text,
            "plain ascii"
        );
        let d = decode_bytes(b"\xff\xfeh\0i\0", Some("utf-16"));
        assert_eq!(d.text, "hi");
        let d = decode_bytes(b"h\0i\0", Some("utf-16le"));
        assert_eq!(d.text, "hi");
    }
}
