//! Domains, messaging handles, app store ids, e-mail addresses and short links.
//!
//! Scam infrastructure is cheap and disposable: domains on new generic TLDs built from the
//! fake platform's name, handles that echo it, app packages named after it. Deriving them
//! from the platform's name is what makes them look real, and gives name-based linking the
//! same weak signal it has in real cases.

use crate::rng::Rng;

/// New generic TLDs favoured by scam sites.
pub(crate) const SCAM_TLDS: &[&str] = &[
    "icu", "bond", "sbs", "cyou", "lat", "top", "vip", "xyz", "cfd", "buzz", "shop", "online",
    "site", "club", "live", "cc", "quest", "life",
];

const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const B62: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// Lower-case ASCII letters and digits of a name (`"Bitget Pro Global"` → `["bitget", "pro", "global"]`).
pub(crate) fn slug_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// A registrable domain built from a brand's words.
pub(crate) fn brand_domain(rng: &mut Rng, words: &[String]) -> String {
    let first = words.first().map_or("app", String::as_str);
    let second = words.get(1).map_or("", String::as_str);
    let mut label = match rng.below(7) {
        0 if !second.is_empty() => format!("{first}-{second}"),
        1 if !second.is_empty() => format!("{first}{second}"),
        2 => format!(
            "{first}-{}",
            rng.pick(&["global", "vip", "app", "pro", "trade", "hk", "asia", "web3"])
        ),
        3 => format!(
            "{}{first}",
            rng.pick(&["my", "get", "go", "app-", "m-", "i"])
        ),
        4 => {
            let mut s = format!("{first}{second}");
            let n = rng.range(1, 3) as usize;
            rng.digits(n, &mut s);
            s
        }
        5 => words.concat(),
        _ => format!(
            "{first}{}",
            rng.pick(&["-ex", "x", "fx", "coin", "-defi", "-usdt"])
        ),
    };
    label.truncate(40);
    let label = label.trim_matches('-').to_owned();
    format!("{label}.{}", rng.pick(SCAM_TLDS))
}

/// A Telegram username (5 to 32 characters, starts with a letter) echoing a name.
pub(crate) fn telegram_handle(rng: &mut Rng, words: &[String]) -> String {
    let first = words.first().map_or("support", String::as_str);
    let tail = rng.pick(&[
        "_support",
        "_cs",
        "_service",
        "_vip",
        "_official",
        "_help",
        "_kefu",
        "_admin",
        "_desk",
        "_mentor",
        "_team",
        "_bot",
        "_hr",
        "_agent",
    ]);
    let mut h = match rng.below(4) {
        0 => format!("{first}{tail}"),
        1 => format!("{first}{}{tail}", words.get(1).map_or("", String::as_str)),
        2 => {
            let mut s = format!("{first}_");
            let n = rng.range(2, 4) as usize;
            rng.digits(n, &mut s);
            s
        }
        _ => {
            let mut s = String::from(first);
            rng.chars_from(LOWER, 2, &mut s);
            s.push_str(tail);
            s
        }
    };
    if !h.starts_with(|c: char| c.is_ascii_lowercase()) {
        h.insert(0, 'a');
    }
    while h.len() < 5 {
        h.push('x');
    }
    h.truncate(32);
    h
}

/// A personal-looking handle from a persona's Latin name (`anna.chen88`, `jenny_li`).
pub(crate) fn personal_handle(rng: &mut Rng, first: &str, last: &str, sep_ok: bool) -> String {
    let f = first.to_ascii_lowercase();
    let l = last.to_ascii_lowercase();
    let sep = if sep_ok {
        rng.pick(&[".", "_", ""])
    } else {
        rng.pick(&["_", ""])
    };
    let mut h = match rng.below(4) {
        0 => format!("{f}{sep}{l}"),
        1 => format!("{l}{sep}{f}"),
        2 => format!("{f}{sep}{}", &l[..l.len().min(1)]),
        _ => f.clone(),
    };
    let n = rng.range(1, 4) as usize;
    rng.digits(n, &mut h);
    let h: String = h
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "._".contains(*c))
        .collect();
    let mut h = if h.starts_with(|c: char| c.is_ascii_lowercase()) {
        h
    } else {
        format!("a{h}")
    };
    while h.len() < 6 {
        h.push('8');
    }
    h.truncate(20);
    h
}

/// A WeChat id: `wxid_` and 14 characters, or a chosen id of 6 to 20 characters.
pub(crate) fn wechat_id(rng: &mut Rng, first: &str, last: &str) -> String {
    if rng.chance(0.3) {
        let mut s = String::from("wxid_");
        rng.chars_from(ALNUM, 14, &mut s);
        s
    } else {
        personal_handle(rng, first, last, false)
    }
}

/// A LINE id: personal (`anna.88`) or an official account (`@123abcde`).
pub(crate) fn line_id(rng: &mut Rng, first: &str, last: &str) -> String {
    if rng.chance(0.3) {
        let mut s = String::from("@");
        rng.digits(3, &mut s);
        rng.chars_from(LOWER, 4, &mut s);
        s
    } else {
        personal_handle(rng, first, last, true)
    }
}

/// An Android package name built from a brand (`com.bitgetpro.global`).
pub(crate) fn android_package(rng: &mut Rng, words: &[String]) -> String {
    let first = words.first().map_or("app", String::as_str);
    let rest: String = words.iter().skip(1).map(String::as_str).collect();
    let tld = rng.pick(&["com", "com", "io", "app", "net"]);
    match rng.below(3) {
        0 if !rest.is_empty() => format!("{tld}.{first}.{rest}"),
        1 => format!(
            "{tld}.{first}{rest}.{}",
            rng.pick(&["app", "global", "android", "pro", "trade"])
        ),
        _ => {
            let mut s = format!(
                "{tld}.{}.{first}",
                rng.pick(&["fin", "dex", "coin", "asset", "hk", "sg"])
            );
            rng.digits(1, &mut s);
            s
        }
    }
}

/// An App Store numeric id (10 digits).
pub(crate) fn ios_app_id(rng: &mut Rng) -> String {
    let mut s = String::from("16");
    rng.digits(8, &mut s);
    s
}

/// A bit.ly-style short link path.
pub(crate) fn short_path(rng: &mut Rng) -> String {
    let mut s = String::from("3");
    rng.chars_from(B62, 6, &mut s);
    s
}

/// A webmail local part from a person's name.
pub(crate) fn mailbox_local(rng: &mut Rng, first: &str, last: &str) -> String {
    let mut h = personal_handle(rng, first, last, true);
    if h.ends_with('.') {
        h.push('1');
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_well_formed() {
        let mut rng = Rng::new(1);
        let words = slug_words("Bitget Pro Global");
        for _ in 0..200 {
            let t = telegram_handle(&mut rng, &words);
            assert!(t.len() >= 5 && t.len() <= 32, "{t}");
            assert!(t.starts_with(|c: char| c.is_ascii_lowercase()), "{t}");
            assert!(
                t.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            );
            let d = brand_domain(&mut rng, &words);
            assert!(d.contains('.') && !d.starts_with('-'), "{d}");
            let p = android_package(&mut rng, &words);
            assert!(p.split('.').count() >= 3, "{p}");
        }
    }
}
