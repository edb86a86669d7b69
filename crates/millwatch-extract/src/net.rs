//! Network selectors: URLs, domains, e-mail addresses, IPv4 and IPv6 addresses, and what the
//! URLs of messaging platforms and app stores say (Telegram usernames, WhatsApp numbers, LINE
//! ids, store ids).
//!
//! Everything here works on the folded text (see [`crate::fold`]), so `hxxp`, `[.]` and
//! full-width dots are already plain. A domain is accepted only when its suffix is in the
//! public suffix list (crate `psl`), which keeps `invoice.pdf` out for free; the suffixes that
//! are also file extensions (`.zip`, `.mov`, `.py` …) and sentence glue (`bank.Today`) need
//! the extra rules in [`DomainCheck`].

use std::cell::RefCell;
use std::collections::HashSet;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use crate::memo::{self, Memo};

/// A host that passed the checks, in normal form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Domain {
    /// The full host, Unicode lower-case (IDN decoded), without a trailing dot.
    pub host: String,
    /// The registrable domain (public suffix + one label), Unicode lower-case.
    pub registrable: String,
}

/// Suffixes that are also common file extensions: a bare `name.ext` with one of these is a
/// file name unless something says it is a web address.
const FILE_LIKE_TLDS: &[&str] = &[
    "zip", "mov", "py", "sh", "md", "rs", "pm", "ps", "so", "mp", "cs", "rar", "exe", "bat", "cmd",
    "scr", "pif", "dll", "jar", "lnk", "msi", "apk", "ipa", "doc", "docx", "xls", "xlsx", "ppt",
    "pptx", "pdf", "txt", "csv", "log", "json", "xml", "yml", "yaml", "ini", "cfg", "js", "ts",
    "vbs", "ps1", "php", "asp", "aspx", "jsp", "html", "htm", "png", "jpg", "jpeg", "gif", "bmp",
    "webp", "svg", "mp3", "mp4", "avi", "mkv", "wav", "iso", "img", "dmg", "bin", "dat", "tmp",
    "bak", "db", "sql", "sqlite", "7z", "gz", "tgz", "tar", "xz", "bz2", "c", "h", "cpp", "go",
    "rb", "java", "class", "kt", "swift", "m", "psd", "eps", "zipx", "eml", "msg", "hta", "wsf",
    "reg", "sys", "drv", "ocx", "cpl", "gadget", "inf", "elf", "dylib",
];

/// Hosts whose URLs carry a more specific selector (or are platforms everyone uses): their
/// domain is not emitted as an operation's domain.
const PLATFORM_HOSTS: &[&str] = &[
    "t.me",
    "telegram.me",
    "telegram.dog",
    "telegram.org",
    "wa.me",
    "whatsapp.com",
    "line.me",
    "lin.ee",
    "signal.me",
    "signal.group",
    "play.google.com",
    "apps.apple.com",
    "itunes.apple.com",
    "weixin.qq.com",
];

/// URL shorteners: the short URL (with its code) is the operation's selector; the shortener's
/// own domain is shared by everyone and is not emitted.
const SHORTENERS: &[&str] = &[
    "bit.ly",
    "bitly.com",
    "bitly.ws",
    "t.ly",
    "tinyurl.com",
    "goo.gl",
    "ow.ly",
    "is.gd",
    "v.gd",
    "buff.ly",
    "rebrand.ly",
    "cutt.ly",
    "shorturl.at",
    "rb.gy",
    "t.co",
    "s.id",
    "tiny.cc",
    "lnkd.in",
    "shorte.st",
    "adf.ly",
    "bl.ink",
    "short.io",
    "u.to",
    "clck.ru",
    "dwz.cn",
    "url.cn",
    "t.cn",
    "suo.im",
    "tiny.one",
    "shorturl.asia",
    "surl.li",
    "qr.ae",
    "soo.gd",
    "trib.al",
    "wa.link",
    "linktr.ee",
    "x.gd",
    "gg.gg",
    "urlz.fr",
    "han.gl",
    "me2.do",
    "vo.la",
    "bitly.is",
    "2u.pm",
    "t2m.io",
    "tinylink.net",
    "urlr.me",
    "shor.by",
    "qrco.de",
    "lihi.cc",
    "lihi1.com",
    "reurl.cc",
    "ppt.cc",
    "pse.is",
    "tinyurl.hu",
    "j.mp",
    "0rz.tw",
    "kutt.it",
    "tny.im",
];

/// Whether `host` (lower-case) is `suffix` or a subdomain of it.
fn host_is(host: &str, suffix: &str) -> bool {
    host == suffix
        || (host.len() > suffix.len()
            && host.ends_with(suffix)
            && host.as_bytes()[host.len() - suffix.len() - 1] == b'.')
}

/// FNV-1a: the listed-host sets are fixed and small, and a look-up compares the string it
/// finds, so a hash chosen for speed cannot make a look-up slow (a colliding host costs one
/// more comparison with one listed host).
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

type HostSet = HashSet<&'static str, std::hash::BuildHasherDefault<Fnv>>;

static SHORTENER_SET: LazyLock<HostSet> = LazyLock::new(|| SHORTENERS.iter().copied().collect());
static PLATFORM_SET: LazyLock<HostSet> = LazyLock::new(|| PLATFORM_HOSTS.iter().copied().collect());

/// Whether `host` (lower-case) or one of its parent domains is in `set`: one look-up per
/// label instead of a comparison per listed host.
fn host_in(host: &str, set: &HostSet) -> bool {
    let mut h = host;
    loop {
        if set.contains(h) {
            return true;
        }
        match h.find('.') {
            Some(k) => h = &h[k + 1..],
            None => return false,
        }
    }
}

/// Whether the registrable domain of `host` is a URL shortener.
pub(crate) fn is_shortener(host: &str) -> bool {
    host_in(host, &SHORTENER_SET)
}

/// Whether `host` belongs to a messaging platform or app store.
pub(crate) fn is_platform(host: &str) -> bool {
    host_in(host, &PLATFORM_SET)
}

/// Characters of a host name as found in text (before validation).
#[inline]
pub(crate) fn is_host_byte(b: u8) -> bool {
    HOST_BYTE[b as usize]
}

/// [`is_host_byte`] as a table: one load a byte in the host walk.
static HOST_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_' || b >= 0x80;
        i += 1;
    }
    t
};

thread_local! {
    static DOMAINS: RefCell<Memo<Option<Domain>>> = RefCell::new(Memo::new());
}

/// Validates a host name and returns its normal forms. `host` may hold non-ASCII (IDN) or
/// punycode labels. Memoised per thread ([`crate::memo`]).
pub(crate) fn check_domain(host: &str) -> Option<Domain> {
    memo::cached(&DOMAINS, host, || check_domain_uncached(host))
}

fn check_domain_uncached(host: &str) -> Option<Domain> {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty() || host.len() > 253 {
        return None;
    }
    let ascii = if host.is_ascii() {
        host.to_ascii_lowercase()
    } else {
        idna::domain_to_ascii(host).ok()?
    };
    let mut labels = 0;
    for label in ascii.split('.') {
        let lb = label.as_bytes();
        if lb.is_empty() || lb.len() > 63 || lb[0] == b'-' || lb[lb.len() - 1] == b'-' {
            return None;
        }
        // `_` is not allowed in host names but DNS carries it below the registrable domain
        // (`_dmarc.x.com`, `o_o.x.nl`, sandbox C2 names); checked against the registrable
        // domain below.
        if !lb
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
            || lb.iter().all(|&c| c == b'_')
        {
            return None;
        }
        // `--` in the third and fourth places is reserved for `xn--` (IDNA).
        if lb.len() >= 4 && &lb[2..4] == b"--" && !lb.starts_with(b"xn--") {
            return None;
        }
        labels += 1;
    }
    if labels < 2 {
        return None;
    }
    let tld = ascii.rsplit('.').next()?;
    if tld.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let d = psl::domain(ascii.as_bytes())?;
    if !d.suffix().is_known() {
        return None;
    }
    let registrable = std::str::from_utf8(d.as_bytes()).ok()?.to_owned();
    if registrable.contains('_') {
        return None;
    }
    let to_unicode = |s: &str| -> String {
        if s.contains("xn--") {
            let (u, res) = idna::domain_to_unicode(s);
            if res.is_ok() { u } else { s.to_owned() }
        } else {
            s.to_owned()
        }
    };
    Some(Domain {
        registrable: to_unicode(&registrable),
        host: to_unicode(&ascii),
    })
}

/// Extra rules for a domain written bare in prose (no scheme, no `www.`, no path, not
/// defanged, no web context): file names and sentence glue are not domains.
pub(crate) fn bare_domain_plausible(raw: &str) -> bool {
    let Some((head, tld)) = raw.rsplit_once('.') else {
        return false;
    };
    // Framework names that happen to be registered domains (`ASP.NET`).
    if ["asp.net", "vb.net", "ado.net"].contains(&raw.to_ascii_lowercase().as_str())
        && !raw.bytes().any(|c| c.is_ascii_lowercase())
    {
        return false;
    }
    let tld_lower = tld.to_ascii_lowercase();
    // `name.zip`, `setup.exe`, `README.md`: one label before a file-like suffix.
    if !head.contains('.') && FILE_LIKE_TLDS.contains(&tld_lower.as_str()) {
        return false;
    }
    // `…at the bank.Today` — a capitalised last label after a lower-case one is a missing space.
    let tb = tld.as_bytes();
    if tb[0].is_ascii_uppercase() && tb[1..].iter().any(u8::is_ascii_lowercase) {
        return false;
    }
    // `Mr.Smith`-style: a capitalised word glued to a lower-case word, both looking like prose.
    let hb = head.as_bytes();
    if hb.len() <= 3
        && hb.first().is_some_and(u8::is_ascii_uppercase)
        && !head.contains('.')
        && tb.len() > 3
    {
        return false;
    }
    true
}

/// Parses a dotted-quad IPv4 address (1-3 digits per part, each ≤ 255).
pub(crate) fn parse_ipv4(s: &str) -> Option<Ipv4Addr> {
    let mut parts = [0u8; 4];
    let mut n = 0;
    for p in s.split('.') {
        if n == 4 || p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        parts[n] = p.parse::<u16>().ok().filter(|v| *v <= 255)? as u8;
        n += 1;
    }
    if n != 4 {
        return None;
    }
    Some(Ipv4Addr::from(parts))
}

/// Parses an IPv6 address (RFC 4291 text forms, with an optional embedded IPv4 tail), and
/// keeps only forms that cannot be something else: at least two non-empty groups.
pub(crate) fn parse_ipv6(s: &str) -> Option<Ipv6Addr> {
    if s.len() < 3 || s.len() > 45 || !s.contains(':') {
        return None;
    }
    let groups = s.split(':').filter(|g| !g.is_empty()).count();
    // `a::b`, `std::io`: code, not addresses. Real addresses carry digits or many groups;
    // of the one-group forms only `::` and a number (`::1`, the loopback address).
    let one_group = groups == 1
        && s.starts_with("::")
        && s[2..].bytes().all(|b| b.is_ascii_hexdigit())
        && s[2..].bytes().any(|b| b.is_ascii_digit());
    if (groups < 2 && !one_group) || (groups < 4 && !s.bytes().any(|b| b.is_ascii_digit())) {
        return None;
    }
    let ip: Ipv6Addr = s.parse().ok()?;
    Some(ip)
}

/// What a URL on a known platform says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Platform {
    /// A Telegram username.
    Telegram(String),
    /// A WhatsApp phone number (digits, maybe with `+`).
    Whatsapp(String),
    /// A LINE id, `@` kept for official accounts.
    Line(String),
    /// An Android package name.
    Android(String),
    /// An iOS App Store numeric id.
    Ios(String),
    /// A Signal phone number.
    Signal(String),
}

/// Whether `s` is a Telegram username (5-32 characters, letters, digits and underscores,
/// starting with a letter, not ending with an underscore). Four-letter collectible names are
/// accepted when `short_ok`.
pub(crate) fn is_telegram_username(s: &str, short_ok: bool) -> bool {
    let b = s.as_bytes();
    let min = if short_ok { 4 } else { 5 };
    b.len() >= min
        && b.len() <= 32
        && b[0].is_ascii_alphabetic()
        && b[b.len() - 1] != b'_'
        && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'_')
}

/// Whether `s` is a LINE id: 4-20 characters, lower-case letters, digits, `.`, `-`, `_`.
pub(crate) fn is_line_id(s: &str) -> bool {
    let b = s.as_bytes();
    (4..=20).contains(&b.len())
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_'))
        && b.iter().any(u8::is_ascii_alphanumeric)
}

/// Whether `s` is an Android package name (`com.example.app`).
pub(crate) fn is_android_package(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() >= 2
        && s.len() <= 150
        && parts.iter().all(|p| {
            let b = p.as_bytes();
            !b.is_empty()
                && b[0].is_ascii_alphabetic()
                && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'_')
        })
}

fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split(['&', ';']).find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        k.eq_ignore_ascii_case(name).then_some(v)
    })
}

/// Reads the platform selector out of a URL, given its lower-case host and the rest after the
/// host (path, query, fragment as written).
pub(crate) fn platform_selector(scheme: &str, host: &str, rest: &str) -> Option<Platform> {
    // Every host below is listed in `PLATFORM_HOSTS`: other URLs need no path split.
    if scheme != "tg" && scheme != "whatsapp" && !is_platform(host) {
        return None;
    }
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, q.split('#').next().unwrap_or(q)),
        None => (rest.split('#').next().unwrap_or(rest), ""),
    };
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if scheme == "tg" {
        let v = query_param(query, "domain")?;
        return is_telegram_username(v, true).then(|| Platform::Telegram(v.to_ascii_lowercase()));
    }
    if scheme == "whatsapp" {
        return query_param(query, "phone").map(|v| Platform::Whatsapp(v.to_owned()));
    }
    if host_is(host, "t.me") || host_is(host, "telegram.me") || host_is(host, "telegram.dog") {
        let first = *segs.first()?;
        let name = if first == "s" { *segs.get(1)? } else { first };
        const RESERVED: &[&str] = &[
            "joinchat",
            "addstickers",
            "addemoji",
            "share",
            "proxy",
            "socks",
            "iv",
            "login",
            "c",
            "addlist",
            "setlanguage",
            "addtheme",
            "invoice",
            "boost",
            "contact",
            "m",
        ];
        if RESERVED.contains(&name.to_ascii_lowercase().as_str()) || name.starts_with('+') {
            return None;
        }
        return is_telegram_username(name, true)
            .then(|| Platform::Telegram(name.to_ascii_lowercase()));
    }
    if host == "wa.me" {
        let first = *segs.first()?;
        let digits = first.strip_prefix('+').unwrap_or(first);
        return (digits.len() >= 7 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| Platform::Whatsapp(digits.to_owned()));
    }
    if host_is(host, "whatsapp.com") {
        if segs.first().is_some_and(|s| s.eq_ignore_ascii_case("send")) || host.starts_with("api.")
        {
            return query_param(query, "phone").map(|v| Platform::Whatsapp(v.to_owned()));
        }
        return None;
    }
    if host_is(host, "line.me") {
        // line.me/ti/p/~id, line.me/R/ti/p/@id (or %40id), line.me/R/ti/p/~id
        let i = segs.iter().position(|s| *s == "p")?;
        let id = *segs.get(i + 1)?;
        if let Some(u) = id.strip_prefix('~') {
            return is_line_id(u).then(|| Platform::Line(u.to_ascii_lowercase()));
        }
        let off = id.strip_prefix('@').or_else(|| id.strip_prefix("%40"))?;
        return is_line_id(off).then(|| Platform::Line(format!("@{}", off.to_ascii_lowercase())));
    }
    if host == "play.google.com" {
        let id = query_param(query, "id")?;
        return is_android_package(id).then(|| Platform::Android(id.to_owned()));
    }
    if host == "apps.apple.com" || host == "itunes.apple.com" {
        let last = segs.iter().rev().find(|s| s.starts_with("id"))?;
        let digits = &last[2..];
        return (digits.len() >= 6
            && digits.len() <= 12
            && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| Platform::Ios(digits.to_owned()));
    }
    if host == "signal.me" {
        let frag = rest.split_once('#')?.1;
        let num = frag.strip_prefix("p/")?;
        return Some(Platform::Signal(num.to_owned()));
    }
    None
}

/// URL schemes recognised before `://`.
pub(crate) const SCHEMES: &[&str] = &[
    "http",
    "https",
    "ftp",
    "ftps",
    "sftp",
    "ws",
    "wss",
    "tg",
    "whatsapp",
    "line",
    "rtsp",
    "smb",
    "ipfs",
    "ipns",
    "tcp",
    "udp",
    "ssh",
    "telnet",
    "rdp",
    "vnc",
    "git",
    "svn",
    "irc",
    "ircs",
    "file",
    "market",
    "itms-apps",
    "itms-services",
];

/// Whether a byte may appear inside a URL written in text.
pub(crate) fn is_url_byte(b: u8) -> bool {
    // Bytes of non-ASCII letters only reach here inside a chunk (IDN hosts and paths).
    b >= 0x80
        || (b > b' '
            && b < 0x7f
            && !matches!(
                b,
                b'<' | b'>' | b'"' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^'
            ))
}

/// Trims trailing punctuation that closes the sentence rather than the URL.
pub(crate) fn trim_url_end(s: &[u8], start: usize, mut end: usize) -> usize {
    while end > start {
        let c = s[end - 1];
        let drop = match c {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'*' | b'"' => true,
            b')' => {
                let seg = &s[start..end];
                seg.iter().filter(|&&x| x == b'(').count()
                    < seg.iter().filter(|&&x| x == b')').count()
            }
            b']' => {
                let seg = &s[start..end];
                seg.iter().filter(|&&x| x == b'[').count()
                    < seg.iter().filter(|&&x| x == b']').count()
            }
            _ => false,
        };
        if !drop {
            break;
        }
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains() {
        let d = check_domain("WWW.Example.CO.UK").unwrap_or_else(|| unreachable!());
        assert_eq!(d.host, "www.example.co.uk");
        assert_eq!(d.registrable, "example.co.uk");
        assert!(check_domain("invoice.pdf").is_none());
        assert!(check_domain("co.uk").is_none());
        assert!(check_domain("evil.icu").is_some());
        let idn = check_domain("xn--mnchen-3ya.de").unwrap_or_else(|| unreachable!());
        assert_eq!(idn.host, "münchen.de");
        let idn2 = check_domain("MÜNCHEN.de").unwrap_or_else(|| unreachable!());
        assert_eq!(idn2.host, "münchen.de");
        assert!(!bare_domain_plausible("invoice.zip"));
        assert!(!bare_domain_plausible("bank.Today"));
        assert!(bare_domain_plausible("evil.zip.example.com"));
        let under = check_domain("_srv.o_o.Example.nl").unwrap_or_else(|| unreachable!());
        assert_eq!(under.host, "_srv.o_o.example.nl");
        assert_eq!(under.registrable, "example.nl");
        assert!(check_domain("my_site.com").is_none());
        assert!(check_domain("x.__.example.com").is_none());
    }

    #[test]
    fn ips() {
        assert!(parse_ipv4("192.168.1.1").is_some());
        assert!(parse_ipv4("256.1.1.1").is_none());
        assert!(parse_ipv4("1.2.3").is_none());
        assert!(parse_ipv6("2001:db8::1").is_some());
        assert!(parse_ipv6("10:30").is_none());
        assert_eq!(parse_ipv6("::1"), Some(Ipv6Addr::LOCALHOST));
        assert!(parse_ipv6("::abc").is_none());
    }

    #[test]
    fn platforms() {
        assert_eq!(
            platform_selector("https", "t.me", "/scam_support"),
            Some(Platform::Telegram("scam_support".into()))
        );
        assert_eq!(platform_selector("https", "t.me", "/joinchat/AAAA"), None);
        assert_eq!(
            platform_selector("https", "wa.me", "/85512345678"),
            Some(Platform::Whatsapp("85512345678".into()))
        );
        assert_eq!(
            platform_selector(
                "https",
                "play.google.com",
                "/store/apps/details?id=com.fake.trade&hl=en"
            ),
            Some(Platform::Android("com.fake.trade".into()))
        );
        assert_eq!(
            platform_selector("https", "apps.apple.com", "/us/app/fake-trade/id1234567890"),
            Some(Platform::Ios("1234567890".into()))
        );
        assert_eq!(
            platform_selector("https", "line.me", "/R/ti/p/@abc123"),
            Some(Platform::Line("@abc123".into()))
        );
        assert_eq!(
            platform_selector("https", "line.me", "/ti/p/~john.doe"),
            Some(Platform::Line("john.doe".into()))
        );
    }

    #[test]
    fn listed_hosts_match_themselves_and_subdomains_only() {
        fn naive(host: &str, list: &[&str]) -> bool {
            list.iter().any(|s| host_is(host, s))
        }
        for host in [
            "bit.ly",
            "x.bit.ly",
            "a.b.bit.ly",
            "xbit.ly",
            "bit.ly.evil.com",
            "t.me",
            "web.t.me",
            "tt.me",
            "me",
            "",
            ".",
            "t.co",
            "at.co",
            "play.google.com",
            "google.com",
            "a..t.me",
            "lihi1.com",
            "evil.example",
        ] {
            assert_eq!(is_shortener(host), naive(host, SHORTENERS), "{host}");
            assert_eq!(is_platform(host), naive(host, PLATFORM_HOSTS), "{host}");
        }
    }
}
