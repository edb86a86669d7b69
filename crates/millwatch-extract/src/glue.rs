//! Context words glued to the value before them.
//!
//! Writers of Chinese, Thai and other scripts without spaces run a value straight into the
//! next label: `微信：bella403WhatsApp：+86…`, `t.me/shop_kefuWhatsApp`,
//! `https://example.icuLINE：id`. A messaging-app or contact word that starts with a capital
//! right after a lower-case letter or digit at the very end of a value is the next label,
//! not part of the value.

/// Labels seen glued to values, capitalised as writers write them.
const LABELS: &[&str] = &[
    "WhatsApp", "Whatsapp", "WHATSAPP", "Telegram", "TELEGRAM", "WeChat", "Wechat", "WECHAT",
    "Signal", "Email", "EMAIL", "Phone", "Viber", "Skype", "Zalo", "LINE", "Line", "Tel", "TEL",
    "TG", "WA", "QQ", "VX", "WX",
];

/// The length of `value` without a label glued to its end (`value.len()` when none is).
pub(crate) fn without_glued_label(value: &[u8]) -> usize {
    for label in LABELS {
        let l = label.as_bytes();
        if value.len() > l.len() + 1 && value.ends_with(l) {
            let before = value[value.len() - l.len() - 1];
            if before.is_ascii_lowercase() || before.is_ascii_digit() {
                return value.len() - l.len();
            }
        }
    }
    value.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_labels_are_cut_and_ordinary_values_kept() {
        fn cut(s: &str) -> &str {
            &s[..without_glued_label(s.as_bytes())]
        }
        assert_eq!(cut("bella403WhatsApp"), "bella403");
        assert_eq!(cut("t.me/shop_kefuWhatsApp"), "t.me/shop_kefu");
        assert_eq!(cut("https://example.icuLINE"), "https://example.icu");
        assert_eq!(cut("anna_88TG"), "anna_88");
        // Not glued: all capitals, or the whole value, or no case change.
        assert_eq!(cut("SUPPORTLINE"), "SUPPORTLINE");
        assert_eq!(cut("Line"), "Line");
        assert_eq!(cut("hotline"), "hotline");
        assert_eq!(cut("CryptoTG_"), "CryptoTG_");
    }
}
