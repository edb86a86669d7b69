//! Values known to be shared by unrelated people everywhere: the domains of big platforms,
//! webmail providers, link shorteners, app stores and the largest exchanges.
//!
//! Hubs are found from the data ([`crate::link`]); this list only adds what a small case
//! cannot show by itself (a webmail domain seen in three reports of one operation is
//! still not evidence). Every such value is reported as a hub with `known` set, never
//! dropped silently.

/// Registrable domains of platforms that everyone uses.
const DOMAINS: &[&str] = &[
    // Social and messaging.
    "facebook.com",
    "fb.com",
    "fb.me",
    "messenger.com",
    "instagram.com",
    "whatsapp.com",
    "wa.me",
    "t.me",
    "telegram.me",
    "telegram.org",
    "line.me",
    "naver.jp",
    "wechat.com",
    "weixin.qq.com",
    "tiktok.com",
    "douyin.com",
    "twitter.com",
    "x.com",
    "linkedin.com",
    "youtube.com",
    "youtu.be",
    "viber.com",
    "signal.org",
    "signal.me",
    "discord.com",
    "discord.gg",
    "vk.com",
    "ok.ru",
    "zalo.me",
    "kakao.com",
    "snapchat.com",
    "reddit.com",
    // Search, stores and big sites.
    "google.com",
    "apple.com",
    "microsoft.com",
    "amazon.com",
    "wikipedia.org",
    "github.com",
    "shopee.com",
    "lazada.com",
    "alibaba.com",
    "taobao.com",
    "baidu.com",
    // Webmail.
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "ymail.com",
    "icloud.com",
    "me.com",
    "proton.me",
    "protonmail.com",
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "yandex.ru",
    "mail.ru",
    "gmx.com",
    "gmx.de",
    "aol.com",
    "zoho.com",
    "naver.com",
    // Link shorteners.
    "bit.ly",
    "tinyurl.com",
    "t.ly",
    "cutt.ly",
    "is.gd",
    "goo.gl",
    "ow.ly",
    "rebrand.ly",
    "shorturl.at",
    "rb.gy",
    "t.co",
    "tiny.cc",
    "s.id",
    // Exchanges and explorers.
    "binance.com",
    "okx.com",
    "huobi.com",
    "htx.com",
    "bybit.com",
    "coinbase.com",
    "kucoin.com",
    "kraken.com",
    "gate.io",
    "bitget.com",
    "tronscan.org",
    "etherscan.io",
    "blockchain.com",
];

/// Whether a selector is a known shared platform value.
pub fn is_known_hub(kind: &str, value: &str) -> bool {
    kind == "domain" && DOMAINS.contains(&value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_domains_are_known_and_scam_domains_are_not() {
        assert!(is_known_hub("domain", "gmail.com"));
        assert!(is_known_hub("domain", "facebook.com"));
        assert!(!is_known_hub("domain", "bitget-pro.icu"));
        assert!(!is_known_hub("email", "gmail.com"));
    }
}
