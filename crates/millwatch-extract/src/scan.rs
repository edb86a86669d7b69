//! The scan pipeline: fold, find context, walk chunks, read handles, read numbers, then map
//! every finding back to the caller's offsets.
//!
//! The chunk walk is the hot loop. A *chunk* is a maximal run of bytes that can belong to a
//! URL (ASCII graphic characters minus `<>"{}|\^` and backtick); everything else (spaces,
//! CJK, Thai …) separates chunks and is skipped with a table lookup per byte. While walking,
//! the byte classes of the chunk are OR-ed together, so that a chunk of letters only (most
//! words of prose) is dropped without a second look unless it is long enough to be a wallet.
//!
//! Recognisers *claim* the bytes they use in a bitset, and later recognisers skip claimed
//! spans: the digits of an IP address are not a phone number, the host of an e-mail address
//! is not a second bare domain. Claim checks work on 64-bit words, so they cost little even
//! for long spans.

use std::borrow::Cow;

use memchr::memmem;

use crate::context::{Ctx, Hits};
use crate::crypto::{self, RunContext};
use crate::fold::Folded;
use crate::handles::{self, FoundHandle};
use crate::net::{self, Platform};
use crate::phone::{FoundNumber, NumberKind, NumberScope};
use crate::{Extractor, Match, ScanContext, SelectorKind, bank, region};

/// A finding in folded-text offsets.
#[derive(Debug, Clone)]
struct Found {
    kind: SelectorKind,
    value: String,
    start: usize,
    end: usize,
    rule: &'static str,
    host: Option<String>,
}

/// Bytes already used by a selector.
struct Claimed {
    bits: Vec<u64>,
}

impl Claimed {
    fn new(n: usize) -> Claimed {
        Claimed {
            bits: vec![0; n / 64 + 1],
        }
    }

    /// The words `s..e` touches and the masks of its bits in the first and last of them
    /// (bits past the table are outside every span).
    fn words(&self, s: usize, e: usize) -> Option<(usize, usize, u64, u64)> {
        let e = e.min(self.bits.len() * 64);
        if s >= e {
            return None;
        }
        let (first, last) = (s / 64, (e - 1) / 64);
        let lo = !0u64 << (s % 64);
        let hi = !0u64 >> (63 - (e - 1) % 64);
        Some((first, last, lo, hi))
    }

    fn set(&mut self, s: usize, e: usize) {
        let Some((first, last, lo, hi)) = self.words(s, e) else {
            return;
        };
        if first == last {
            self.bits[first] |= lo & hi;
        } else {
            self.bits[first] |= lo;
            for w in &mut self.bits[first + 1..last] {
                *w = !0;
            }
            self.bits[last] |= hi;
        }
    }

    fn any(&self, s: usize, e: usize) -> bool {
        let Some((first, last, lo, hi)) = self.words(s, e) else {
            return false;
        };
        if first == last {
            self.bits[first] & lo & hi != 0
        } else {
            self.bits[first] & lo != 0
                || self.bits[first + 1..last].iter().any(|&w| w != 0)
                || self.bits[last] & hi != 0
        }
    }
}

const C_DOT: u8 = 1;
const C_AT: u8 = 2;
const C_COLON: u8 = 4;
const C_SLASH: u8 = 8;
const C_DIGIT: u8 = 16;
const C_ALPHA: u8 = 32;
const C_CHUNK: u8 = 64;

const fn class_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let chunk = b > b' '
            && b < 0x7f
            && !matches!(
                b,
                b'<' | b'>' | b'"' | b'`' | b'{' | b'}' | b'|' | b'\\' | b'^'
            );
        let mut c = if chunk { C_CHUNK } else { 0 };
        if b == b'.' {
            c |= C_DOT;
        }
        if b == b'@' {
            c |= C_AT;
        }
        if b == b':' {
            c |= C_COLON;
        }
        if b == b'/' {
            c |= C_SLASH;
        }
        if b.is_ascii_digit() {
            c |= C_DIGIT;
        }
        if b.is_ascii_alphabetic() {
            c |= C_ALPHA;
        }
        t[i] = c;
        i += 1;
    }
    t
}

static CLASS: [u8; 256] = class_table();

/// Longest URL kept (longer ones are cut; they are ad trackers, not selectors).
const MAX_URL: usize = 4096;

fn field_kind(field: Option<&str>) -> (Option<SelectorKind>, bool) {
    let Some(f) = field else { return (None, false) };
    let f = f.trim().to_ascii_lowercase();
    let has = |w: &str| {
        f.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|p| p == w)
            || f == w
    };
    // Column names in other scripts too (a Thai desk's `ไลน์`, a Chinese `电报`).
    let any = |ws: &[&str]| ws.iter().any(|w| f.contains(w));
    if f.contains("telegram") || has("tg") || any(&["电报", "電報", "飞机", "飛機", "เทเลแกรม"])
    {
        (Some(SelectorKind::Telegram), false)
    } else if f.contains("whatsapp") || has("wa") || any(&["วอทส์แอป", "วอทส์แอพ", "วอทแอพ"])
    {
        (Some(SelectorKind::Whatsapp), true)
    } else if f.contains("wechat") || f.contains("weixin") || has("wx") || any(&["微信", "วีแชท"])
    {
        (Some(SelectorKind::Wechat), false)
    } else if has("line") || f.contains("line_id") || f.contains("lineid") || any(&["ไลน์"])
    {
        (Some(SelectorKind::Line), false)
    } else if f.contains("signal") {
        (Some(SelectorKind::Signal), true)
    } else if f.contains("phone")
        || has("tel")
        || f.contains("mobile")
        || f.contains("msisdn")
        || has("cell")
        || f.contains("contact_number")
    {
        (Some(SelectorKind::Phone), true)
    } else {
        (None, false)
    }
}

struct Scanner<'s> {
    ex: &'s Extractor,
    folded: &'s Folded<'s>,
    /// The caller's text, before folding.
    orig: &'s str,
    t: &'s str,
    b: &'s [u8],
    hits: Hits,
    claimed: Claimed,
    found: Vec<Found>,
    field: Option<SelectorKind>,
    /// Chunks that hold a digit: where the number pass looks.
    digit_chunks: Vec<(usize, usize)>,
}

impl Scanner<'_> {
    fn want(&self, k: SelectorKind) -> bool {
        self.ex.kinds.contains(k)
    }

    fn push(
        &mut self,
        kind: SelectorKind,
        value: String,
        start: usize,
        end: usize,
        rule: &'static str,
        host: Option<String>,
    ) {
        if self.want(kind) {
            self.found.push(Found {
                kind,
                value,
                start,
                end,
                rule,
                host,
            });
        }
    }

    fn chunks(&mut self) {
        let b = self.b;
        let n = b.len();
        let mut i = 0;
        while i < n {
            while i < n {
                // Spaces and characters of scripts that never glue to a domain (CJK, Thai …)
                // are passed over eight bytes at a time, then one character at a time.
                let skip = SKIP[b[i] as usize];
                if skip != 0 {
                    i += skip as usize;
                    // A single space between words is the common case; longer stretches
                    // (CJK, Thai …) go eight bytes at a time.
                    if i < n && SKIP[b[i] as usize] != 0 {
                        i = skip_to_candidate(b, i);
                        if i < n && SKIP[b[i] as usize] != 0 {
                            i += SKIP[b[i] as usize] as usize;
                        }
                    }
                    continue;
                }
                if CLASS[b[i] as usize] & C_CHUNK != 0 {
                    break;
                }
                // Letters of internationalised domain names start a chunk too.
                if idn_letter_at(self.t, i).is_some() {
                    break;
                }
                i += utf8_len(b[i]);
            }
            i = i.min(n);
            let cs = i;
            let mut flags = 0u8;
            while i < n {
                // Runs of ASCII letters (most of a chunk) eight bytes at a time.
                if b[i].is_ascii_alphabetic() {
                    flags |= C_ALPHA | C_CHUNK;
                    i += letter_run(&b[i..]);
                    if i >= n {
                        break;
                    }
                }
                let c = CLASS[b[i] as usize];
                if c & C_CHUNK == 0 {
                    match (b[i] >= 0xC0).then(|| idn_letter_at(self.t, i)).flatten() {
                        Some(len) => {
                            i += len;
                            continue;
                        }
                        None => break,
                    }
                }
                flags |= c;
                i += 1;
            }
            if i > cs && (flags & (C_DOT | C_AT | C_COLON | C_SLASH | C_DIGIT) != 0 || i - cs >= 25)
            {
                if flags & C_DIGIT != 0 {
                    self.digit_chunks.push((cs, i));
                }
                // `AA99 ` opens an IBAN written in groups of four.
                if i - cs == 4
                    && b.get(i) == Some(&b' ')
                    && b[cs].is_ascii_uppercase()
                    && b[cs + 1].is_ascii_uppercase()
                    && b[cs + 2].is_ascii_digit()
                    && b[cs + 3].is_ascii_digit()
                    && self.want(SelectorKind::Iban)
                {
                    self.spaced_iban_at(cs);
                }
                i = i.max(self.chunk(cs, i, flags));
            }
        }
    }

    /// Handles one chunk; returns how far it consumed (a URL may run on past the chunk in
    /// letters of other scripts).
    fn chunk(&mut self, cs: usize, ce: usize, flags: u8) -> usize {
        let b = self.b;
        let mut pos = cs;
        let mut furthest = ce;
        if flags & C_COLON != 0 && flags & C_SLASH != 0 {
            let finder = memmem::Finder::new(b"://");
            let mut from = cs;
            while let Some(k) = finder.find(&b[from..ce]) {
                let k = from + k;
                match self.scheme_start(cs.max(pos), k) {
                    Some((ss, _))
                        if ss > pos
                            && matches!(b[ss - 1], b'=' | b'/' | b'?' | b'&' | b'%' | b'#')
                            && b[pos..ss].contains(&b'/') =>
                    {
                        // A URL inside another URL's query (`go?u=https://…`): part of it.
                        break;
                    }
                    Some((ss, scheme)) => {
                        if ss > pos {
                            self.plain(pos, ss);
                        }
                        let end = self.url(ss, k, scheme, ce);
                        furthest = furthest.max(end);
                        pos = end.max(k + 3);
                        from = pos;
                    }
                    None => from = k + 3,
                }
                if from >= ce {
                    break;
                }
            }
        }
        if pos < ce {
            self.plain(pos, ce);
        }
        furthest
    }

    /// The start and name of a known scheme ending at `colon` (the `:` of `://`).
    fn scheme_start(&self, lo: usize, colon: usize) -> Option<(usize, &'static str)> {
        let b = self.b;
        let mut s = colon;
        while s > lo
            && colon - s < 16
            && (b[s - 1].is_ascii_alphanumeric() || matches!(b[s - 1], b'+' | b'-'))
        {
            s -= 1;
        }
        let word = &self.t[s..colon];
        // The longest known scheme that is a suffix of the word (`URLhttp://` still works).
        for k in s..colon {
            let cand = &word[k - s..];
            if let Some(sc) = net::SCHEMES.iter().find(|sc| sc.eq_ignore_ascii_case(cand))
                && (k == s
                    || !b[k - 1].is_ascii_lowercase()
                    || cand.bytes().all(|c| c.is_ascii_uppercase()))
            {
                return Some((k, sc));
            }
        }
        None
    }

    /// Handles the URL whose scheme starts at `ss`; returns its end.
    fn url(&mut self, ss: usize, colon: usize, scheme: &'static str, ce: usize) -> usize {
        let b = self.b;
        let mut end = self.url_extent(ss, colon + 3, ce);
        // Two URLs glued by a list separator: cut before the second scheme.
        if end > colon + 3 {
            let tail = &b[colon + 3..end];
            for (k, w) in tail.windows(5).enumerate() {
                if matches!(w[0], b',' | b';')
                    && (w[1..].eq_ignore_ascii_case(b"http")
                        || w[1..].eq_ignore_ascii_case(b"hxxp"))
                {
                    end = colon + 3 + k;
                    break;
                }
            }
        }
        let end = net::trim_url_end(b, ss, end);
        let auth_s = colon + 3;
        let mut auth_e = auth_s;
        while auth_e < end && !matches!(b[auth_e], b'/' | b'?' | b'#') {
            auth_e += 1;
        }
        // Host inside the authority: after userinfo, before a port.
        let host_s = match b[auth_s..auth_e].iter().rposition(|&c| c == b'@') {
            Some(k) => auth_s + k + 1,
            None => auth_s,
        };
        let (host_s, host_e, v6) = if b.get(host_s) == Some(&b'[') {
            match b[host_s..auth_e].iter().position(|&c| c == b']') {
                Some(k) => (host_s + 1, host_s + k, true),
                None => (host_s, auth_e, false),
            }
        } else {
            let mut he = host_s;
            while he < auth_e && b[he] != b':' {
                he += 1;
            }
            (host_s, he, false)
        };
        let host_raw = &self.t[host_s..host_e];
        let host_lower = host_raw.to_ascii_lowercase();
        let special = matches!(
            scheme,
            "tg" | "whatsapp" | "line" | "market" | "itms-apps" | "itms-services"
        );
        let mut host_ok = special;
        let mut host_kind: Option<(SelectorKind, String)> = None;
        let mut domain: Option<net::Domain> = None;
        if v6 {
            if let Some(ip) = net::parse_ipv6(host_raw) {
                host_ok = true;
                host_kind = Some((SelectorKind::Ipv6, ip.to_string()));
            }
        } else if let Some(ip) = net::parse_ipv4(host_raw) {
            host_ok = true;
            host_kind = Some((SelectorKind::Ipv4, ip.to_string()));
        } else if let Some(d) = net::check_domain(host_raw) {
            host_ok = true;
            domain = Some(d);
        } else if (single_label_host(host_raw) && self.scheme_written_whole(ss, auth_s, host_e))
            || (host_raw.contains('.')
                && host_raw.split('.').all(|l| {
                    let lb = l.as_bytes();
                    !lb.is_empty()
                        && lb[0] != b'-'
                        && lb[lb.len() - 1] != b'-'
                        && lb
                            .iter()
                            .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c >= 0x80)
                })
                && host_raw
                    .rsplit('.')
                    .next()
                    .is_some_and(|t| t.chars().all(|c| c.is_alphabetic() || c as u32 >= 0x300)))
        {
            // Unlisted suffixes (.onion, .i2p, internal names) and single-label hosts
            // (`localhost`, `http://intranet/`, `hxxp://intranet/`) after a scheme written
            // with its colon and no space ("the http:// prefix" is prose): a URL, but no
            // domain selector.
            host_ok = true;
        }
        if !host_ok || end <= colon + 3 {
            return colon + 3;
        }
        let defanged = self.folded.defanged(ss, end);
        let shortener = net::is_shortener(&host_lower);
        let platform_host = net::is_platform(&host_lower);
        let rule = if defanged {
            "url:defanged"
        } else if shortener {
            "url:shortlink"
        } else {
            "url:scheme"
        };
        let mut value = String::with_capacity(scheme.len() + 3 + (end - auth_s));
        value.push_str(scheme);
        value.push_str("://");
        push_lowercase(&mut value, &self.t[auth_s..auth_e]);
        value.push_str(&self.t[auth_e..end]);
        let host_value = domain
            .as_ref()
            .map_or_else(|| host_lower.clone(), |d| d.host.clone());
        self.push(SelectorKind::Url, value, ss, end, rule, Some(host_value));
        if let Some((kind, v)) = host_kind {
            let r = if defanged {
                if kind == SelectorKind::Ipv4 {
                    "ipv4:url-defanged"
                } else {
                    "ipv6:url-defanged"
                }
            } else if kind == SelectorKind::Ipv4 {
                "ipv4:url-host"
            } else {
                "ipv6:url-host"
            };
            let (s, e) = (host_s, host_e);
            self.push(kind, v, s, e, r, None);
        }
        if let Some(d) = domain
            && !shortener
            && !platform_host
        {
            let r = if defanged {
                "domain:url-defanged"
            } else {
                "domain:url-host"
            };
            self.push(
                SelectorKind::Domain,
                d.registrable,
                host_s,
                host_e,
                r,
                Some(d.host),
            );
        }
        let rest = &self.t[auth_e..end];
        if let Some(p) = net::platform_selector(scheme, &host_lower, rest) {
            self.platform(p, ss, end);
        }
        // Wallets and transaction ids inside the path (explorer links).
        let tx = names_transaction(rest);
        self.runs(auth_e, end, Some(tx));
        self.path_hosts(auth_e, end);
        self.query_values(auth_e, end);
        self.claimed.set(ss, end);
        end
    }

    /// Whether the scheme of the URL at `ss` (host from `host_s` to `host_e` in the folded
    /// text) was written with its colon and without a space (`http://x`, `hxxp://x`,
    /// `http:\\\\x`, `https:__x`, not `http__x` nor `http:// x`) and the host itself was not
    /// refanged: then even a one-label host is what the writer meant as a URL's host.
    fn scheme_written_whole(&self, ss: usize, host_s: usize, host_e: usize) -> bool {
        if self.folded.defanged(host_s, host_e) {
            return false;
        }
        let (os, oh) = (self.folded.orig_start(ss), self.folded.orig_start(host_s));
        self.orig
            .get(os..oh)
            .is_some_and(|sep| sep.contains(':') && !sep.bytes().any(|c| c.is_ascii_whitespace()))
    }

    /// `defanged` when the text from `s` to `e` was refanged, else `plain`: the rule name
    /// that tells how a selector was written.
    fn rule_by_defanging(
        &self,
        s: usize,
        e: usize,
        defanged: &'static str,
        plain: &'static str,
    ) -> &'static str {
        if self.folded.defanged(s, e) {
            defanged
        } else {
            plain
        }
    }

    /// Addresses carried in a URL's query values, plain or percent-encoded: the target of
    /// a redirect or tracking link (`…/mail?url=http%3A%2F%2Fscam.example%2Fx`,
    /// `?next=scam.example`). Each is reported with the value's span as its raw text.
    fn query_values(&mut self, path_s: usize, end: usize) {
        let b = self.b;
        let Some(q) = b[path_s..end].iter().position(|&c| c == b'?') else {
            return;
        };
        let mut i = path_s + q + 1;
        while i < end {
            let seg_end = b[i..end]
                .iter()
                .position(|&c| matches!(c, b'&' | b';' | b'#'))
                .map_or(end, |k| i + k);
            if let Some(eq) = b[i..seg_end].iter().position(|&c| c == b'=') {
                let (vs, ve) = (i + eq + 1, seg_end);
                if ve > vs + 3 && ve - vs <= 2048 {
                    self.embedded(vs, ve);
                }
            }
            i = seg_end + 1;
        }
    }

    /// Addresses that are a whole directory of a URL's path (`…/ip-address/1.2.3.4/info`,
    /// `…/domain/evil.com/`): lookup and report links name their subject there. Only a
    /// segment with a `/` after it: the last one is a file name (`…/setup.zip`).
    fn path_hosts(&mut self, path_s: usize, end: usize) {
        let b = self.b;
        let path_e = b[path_s..end]
            .iter()
            .position(|&c| matches!(c, b'?' | b'#'))
            .map_or(end, |k| path_s + k);
        let mut i = path_s;
        while i < path_e {
            if b[i] != b'/' {
                i += 1;
                continue;
            }
            let s = i + 1;
            let Some(k) = b[s..path_e].iter().position(|&c| c == b'/') else {
                return;
            };
            let e = s + k;
            i = e;
            if e - s < 4 || !b[s..e].contains(&b'.') {
                continue;
            }
            let seg = &self.t[s..e];
            if seg.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
                // `…/releases/download/1.2.3.4/…`: a version number, not an address.
                let prev = &b[path_s..s - 1];
                let prev = &prev[prev.iter().rposition(|&c| c == b'/').map_or(0, |k| k + 1)..];
                let release = [
                    &b"releas"[..],
                    b"download",
                    b"version",
                    b"tag",
                    b"dist",
                    b"pkg",
                ]
                .iter()
                .any(|w| prev.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w)));
                if !release
                    && let Some(ip) = net::parse_ipv4(seg)
                    && self.hits.before(s, 12, |c| c == Ctx::Version).is_none()
                {
                    self.push(
                        SelectorKind::Ipv4,
                        ip.to_string(),
                        s,
                        e,
                        "ipv4:url-path",
                        None,
                    );
                }
            } else if seg
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-'))
                && let Some(d) = net::check_domain(seg)
                && !net::is_shortener(&d.host)
                && !net::is_platform(&d.host)
            {
                self.push(
                    SelectorKind::Domain,
                    d.registrable,
                    s,
                    e,
                    "domain:url-path",
                    Some(d.host),
                );
            }
        }
    }

    /// URLs written base64- or hex-encoded (droppers, configuration blobs, obfuscated
    /// links): found by their encoded `http` ([`ENCODED_HTTP`]); each encoded run is decoded
    /// once and the addresses in it are reported with the run as raw text.
    fn encoded_urls(&mut self) {
        if !self.want(SelectorKind::Url) || self.b.len() < 16 {
            return;
        }
        let b = self.b;
        let mut done = 0;
        let mut cur = (0, 0); // the run of the previous hit, not decoded yet
        let hits: Vec<(usize, usize)> = self
            .ex
            .encoded
            .find_iter(b)
            .map(|m| (m.start(), m.pattern().as_usize()))
            .collect();
        for (at, pat) in hits {
            if at < done {
                continue;
            }
            let hex = pat == 3;
            let in_run = |c: u8| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    is_b64(c)
                }
            };
            // Runs are at most 4 KiB (within a streaming window's overlap), found once
            // for all the hits in them: hostile text full of the patterns stays linear.
            let (s, e) = if cur.0 <= at && at < cur.1 {
                cur
            } else {
                let mut s = at;
                while s > done && at - s < 2048 && in_run(b[s - 1]) {
                    s -= 1;
                }
                let mut e = at;
                while e < b.len() && e - s < 4096 && in_run(b[e]) {
                    e += 1;
                }
                cur = (s, e);
                (s, e)
            };
            // The blob starts where the run does: its encoded `http` must sit at a whole
            // byte (hex) or at the alignment its pattern stands for (base64).
            let aligned = if hex {
                (at - s) % 2 == 0
            } else {
                let off = (at - s) % 4;
                matches!((pat, off), (0, 0) | (1, 2) | (2, 3))
            };
            if !aligned || e - s < 16 {
                continue;
            }
            done = e;
            let bytes = if hex {
                hex_decode(&b[s..e])
            } else {
                b64_decode(&b[s..e])
            };
            // Whatever was encoded before the URL ends where its scheme starts.
            let decoded = String::from_utf8_lossy(&bytes).replace("http", " http");
            for m in run(self.ex, &decoded, &ScanContext::default()) {
                let rule = match (m.kind, hex) {
                    (SelectorKind::Url, false) => "url:base64",
                    (SelectorKind::Url, true) => "url:hex",
                    (SelectorKind::Domain, false) => "domain:base64",
                    (SelectorKind::Domain, true) => "domain:hex",
                    (SelectorKind::Ipv4, false) => "ipv4:base64",
                    (SelectorKind::Ipv4, true) => "ipv4:hex",
                    _ => continue,
                };
                self.push(m.kind, m.value, s, e, rule, m.host);
            }
        }
    }

    fn embedded(&mut self, vs: usize, ve: usize) {
        let raw = &self.t[vs..ve];
        let decoded = percent_decode(raw);
        if !decoded.contains('.') {
            return;
        }
        for m in run(self.ex, &decoded, &ScanContext::default()) {
            let rule = match m.kind {
                SelectorKind::Url => "url:query-embedded",
                SelectorKind::Domain => "domain:query-embedded",
                SelectorKind::Email => "email:query-embedded",
                SelectorKind::Ipv4 => "ipv4:query-embedded",
                _ => continue,
            };
            self.push(m.kind, m.value, vs, ve, rule, m.host);
        }
    }

    /// Where a URL that starts at `start` ends, scanning from `from` to at most `ce`: at the
    /// first byte that cannot be in a URL written in text, a quote (`'https://x/a');` in
    /// code), a `]` with no `[` before it (`[https://x](https://x)`), or — for a URL that is a
    /// field of a comma-, semicolon- or bar-separated line — the next such separator.
    fn url_extent(&self, start: usize, from: usize, _ce: usize) -> usize {
        let b = self.b;
        let limit = b.len().min(start + MAX_URL);
        let field_sep = start
            .checked_sub(1)
            .map(|i| b[i])
            .filter(|c| matches!(c, b',' | b';' | b'|'));
        let mut open_square = b[start..from].contains(&b'[');
        // A host written in a script without spaces (`http://例子.测试`) may go on in it; an
        // ASCII host may not (`https://abc.com获取` ends before 获).
        let mut in_host = b[start..from].ends_with(b"://");
        let wide_host = in_host && b.get(from).is_some_and(|&c| c >= 0x80);
        let mut end = from;
        while end < limit {
            let c = b[end];
            if c >= 0x80 {
                let Some(ch) = self.t.get(end..).and_then(|r| r.chars().next()) else {
                    break;
                };
                if !url_char_ok(ch, in_host && wide_host) {
                    break;
                }
                end += ch.len_utf8();
                continue;
            }
            if !net::is_url_byte(c) {
                break;
            }
            match c {
                b'\'' => break,
                b'[' => open_square = true,
                b']' if !open_square => break,
                b'/' | b'?' | b'#' => in_host = false,
                c if Some(c) == field_sep => break,
                _ => {}
            }
            end += 1;
        }
        while !self.t.is_char_boundary(end) {
            end -= 1;
        }
        start + crate::glue::without_glued_label(&b[start..end])
    }

    fn platform(&mut self, p: Platform, s: usize, e: usize) {
        match p {
            Platform::Telegram(v) => {
                self.push(SelectorKind::Telegram, v, s, e, "telegram:url", None)
            }
            Platform::Line(v) => self.push(SelectorKind::Line, v, s, e, "line:url", None),
            Platform::Android(v) => self.push(
                SelectorKind::App,
                format!("android:{v}"),
                s,
                e,
                "app:play-store",
                None,
            ),
            Platform::Ios(v) => self.push(
                SelectorKind::App,
                format!("ios:{v}"),
                s,
                e,
                "app:app-store",
                None,
            ),
            Platform::Whatsapp(d) => {
                let digits: String = d.chars().filter(char::is_ascii_digit).collect();
                if let Some(e164) = self.ex.phones.international(&digits) {
                    self.push(
                        SelectorKind::Whatsapp,
                        e164.clone(),
                        s,
                        e,
                        "whatsapp:url",
                        None,
                    );
                    self.push(SelectorKind::Phone, e164, s, e, "phone:url-whatsapp", None);
                }
            }
            Platform::Signal(d) => {
                let digits: String = d.chars().filter(char::is_ascii_digit).collect();
                if let Some(e164) = self.ex.phones.international(&digits) {
                    self.push(SelectorKind::Signal, e164.clone(), s, e, "signal:url", None);
                    self.push(SelectorKind::Phone, e164, s, e, "phone:url-signal", None);
                }
            }
        }
    }

    /// Everything in a chunk that is not a URL with a scheme.
    fn plain(&mut self, s: usize, e: usize) {
        let b = self.b;
        let mut flags = 0u8;
        for &c in &b[s..e] {
            flags |= CLASS[c as usize];
        }
        if flags & C_COLON != 0 {
            self.ipv6(s, e);
        }
        if flags & C_AT != 0 {
            self.emails(s, e);
        }
        if flags & C_DOT != 0 {
            self.hosts(s, e);
        }
        if e - s >= 15 {
            self.runs(s, e, None);
        }
    }

    fn ipv6(&mut self, s: usize, e: usize) {
        let b = self.b;
        let mut i = s;
        while i < e {
            if !(b[i].is_ascii_hexdigit() || b[i] == b':') {
                i += 1;
                continue;
            }
            let rs = i;
            let mut colons = 0;
            while i < e && (b[i].is_ascii_hexdigit() || b[i] == b':' || b[i] == b'.') {
                colons += usize::from(b[i] == b':');
                i += 1;
            }
            let mut re = i;
            while re > rs && b[re - 1] == b'.' {
                re -= 1;
            }
            // A label's colon before the address (`IP:2001:db8::1`) is not part of it.
            let mut rs = rs;
            while rs < re && b[rs] == b':' && b.get(rs + 1) != Some(&b':') {
                rs += 1;
            }
            let left_ok = rs == s || !(b[rs - 1].is_ascii_alphanumeric() || b[rs - 1] == b'_');
            let right_ok = re == e || !(b[re].is_ascii_alphanumeric() || b[re] == b'_');
            if colons >= 2
                && left_ok
                && right_ok
                && !self.claimed.any(rs, re)
                && let Some(ip) = net::parse_ipv6(&self.t[rs..re])
            {
                let rule = self.rule_by_defanging(rs, re, "ipv6:defanged", "ipv6:plain");
                self.push(SelectorKind::Ipv6, ip.to_string(), rs, re, rule, None);
                self.claimed.set(rs, re);
            }
        }
    }

    fn emails(&mut self, s: usize, e: usize) {
        let b = self.b;
        let mut i = s;
        while let Some(k) = memchr::memchr(b'@', &b[i..e]) {
            let at = i + k;
            i = at + 1;
            if self.claimed.any(at, at + 1) {
                continue;
            }
            // Local part, at most 64 bytes back.
            let mut ls = at;
            while ls > s && at - ls <= 64 && is_local_byte(b[ls - 1]) {
                ls -= 1;
            }
            while ls < at && matches!(b[ls], b'.' | b'-' | b'+') {
                ls += 1;
            }
            // Domain, at most 253 bytes forward.
            let mut de = at + 1;
            while de < e
                && de - at <= 254
                && (b[de].is_ascii_alphanumeric()
                    || b[de] == b'-'
                    || b[de] == b'.'
                    || b[de] >= 0x80)
            {
                de += 1;
            }
            while !self.t.is_char_boundary(de) {
                de -= 1;
            }
            while de > at + 1 && matches!(b[de - 1], b'.' | b'-') {
                de -= 1;
            }
            if ls == at {
                // `@name`: a handle when context says which platform.
                if !(at > s && is_local_byte(b[at - 1]))
                    && let Some(h) = handles::at_handle(self.t, at, &self.hits, self.field)
                    && !self.claimed.any(h.start, h.end)
                {
                    self.claimed.set(h.start, h.end);
                    self.push_handle(h);
                }
                continue;
            }
            if at - ls > 64 {
                continue;
            }
            if de <= at + 1 {
                if b.get(at + 1) == Some(&b'[') {
                    self.unlisted_email(ls, at, de);
                }
                continue;
            }
            let local = &self.t[ls..at];
            if local.contains("..") || local.ends_with('.') {
                continue;
            }
            let Some(d) = net::check_domain(&self.t[at + 1..de]) else {
                self.unlisted_email(ls, at, de);
                continue;
            };
            let defanged = self.folded.defanged(ls, de);
            let mailto = ls >= 7 && b[ls - 7..ls].eq_ignore_ascii_case(b"mailto:");
            let rule = if defanged {
                "email:defanged"
            } else if mailto {
                "email:mailto"
            } else {
                "email:plain"
            };
            let mut value = String::with_capacity(local.len() + 1 + d.host.len());
            value.push_str(local);
            value.make_ascii_lowercase();
            value.push('@');
            value.push_str(&d.host);
            self.push(
                SelectorKind::Email,
                value,
                ls,
                de,
                rule,
                Some(d.host.clone()),
            );
            self.push(
                SelectorKind::Domain,
                d.registrable,
                at + 1,
                de,
                "domain:email-host",
                Some(d.host),
            );
            self.claimed.set(ls, de);
            i = de.max(i);
        }
    }

    /// An address whose domain is not a listed host name: an address literal
    /// (`name@[192.0.2.1]`, RFC 5321), or a host under an unlisted top-level name written
    /// defanged (`name@corp[.]internal`: defanging says the writer meant an address, where a
    /// plain `icon@2x.png` is a file name). An e-mail selector, no domain.
    fn unlisted_email(&mut self, ls: usize, at: usize, de: usize) {
        let b = self.b;
        let local = &self.t[ls..at];
        let (value_host, end) = if b.get(at + 1) == Some(&b'[') {
            let Some(k) = b[at + 2..b.len().min(at + 48)]
                .iter()
                .position(|&c| c == b']')
            else {
                return;
            };
            let inner = &self.t[at + 2..at + 2 + k];
            let (ip_s, ip_e) = (at + 2, at + 2 + k);
            let ip = if let Some(v6) = inner
                .get(..5)
                .filter(|p| p.eq_ignore_ascii_case("ipv6:"))
                .and(inner.get(5..))
            {
                net::parse_ipv6(v6).map(|a| {
                    (
                        format!("[ipv6:{a}]"),
                        SelectorKind::Ipv6,
                        a.to_string(),
                        ip_s + 5,
                    )
                })
            } else {
                net::parse_ipv4(inner)
                    .map(|a| (format!("[{a}]"), SelectorKind::Ipv4, a.to_string(), ip_s))
            };
            let Some((h, kind, addr, s)) = ip else { return };
            if !self.claimed.any(s, ip_e) {
                let rule = if kind == SelectorKind::Ipv6 {
                    "ipv6:email-literal"
                } else {
                    "ipv4:email-literal"
                };
                self.push(kind, addr, s, ip_e, rule, None);
            }
            (h, at + 3 + k)
        } else {
            let host = &self.t[at + 1..de];
            let labels_ok = host.split('.').count() >= 2
                && host.split('.').all(|l| {
                    let lb = l.as_bytes();
                    !lb.is_empty()
                        && lb.len() <= 63
                        && lb[0] != b'-'
                        && lb[lb.len() - 1] != b'-'
                        && lb.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-')
                })
                && host
                    .rsplit('.')
                    .next()
                    .is_some_and(|t| t.len() >= 2 && t.bytes().all(|c| c.is_ascii_alphabetic()));
            if !labels_ok || !self.folded.defanged(at + 1, de) {
                return;
            }
            (host.to_ascii_lowercase(), de)
        };
        // The literal's address was already read as an IP address (kept: it is one).
        if self.claimed.any(ls, at + 1) {
            return;
        }
        let mut value = String::with_capacity(local.len() + 1 + value_host.len());
        value.push_str(local);
        value.make_ascii_lowercase();
        value.push('@');
        value.push_str(&value_host);
        let rule = self.rule_by_defanging(ls, end, "email:defanged", "email:address-literal");
        self.push(SelectorKind::Email, value, ls, end, rule, None);
        self.claimed.set(ls, end);
    }

    fn push_handle(&mut self, h: FoundHandle) {
        self.push(h.kind, h.value, h.start, h.end, h.rule, None);
    }

    /// Host-like runs: IPv4 addresses, domains, URLs without a scheme, Android package names.
    fn hosts(&mut self, s: usize, e: usize) {
        let b = self.b;
        let mut i = s;
        while i < e {
            if !net::is_host_byte(b[i]) {
                i += 1;
                continue;
            }
            let mut rs = i;
            while i < e && net::is_host_byte(b[i]) {
                i += 1;
            }
            let mut re = i;
            // A leading `_` stays: DNS service labels start with one (`_dmarc.x.com`).
            while rs < re && matches!(b[rs], b'.' | b'-') {
                rs += 1;
            }
            while re > rs && matches!(b[re - 1], b'.' | b'-' | b'_') {
                re -= 1;
            }
            if re <= rs || !b[rs..re].contains(&b'.') || self.claimed.any(rs, re) {
                continue;
            }
            // A host has no empty label: `to...1.2.3.4` or `evil.com..then` is two runs
            // glued by an ellipsis.
            let mut ps = rs;
            while let Some(k) = b[ps..re].windows(2).position(|w| w == b"..") {
                let pe = ps + k;
                if pe > ps && b[ps..pe].contains(&b'.') {
                    self.host(ps, pe, e);
                }
                ps = pe;
                while ps < re && b[ps] == b'.' {
                    ps += 1;
                }
            }
            if ps < re && b[ps..re].contains(&b'.') && (ps == rs || !self.claimed.any(ps, re)) {
                self.host(ps, re, e);
            }
        }
    }

    /// A dotted quad glued to letters on one side or both (`words127.0.0.1words`, text run
    /// together when HTML or PDF lost its spaces), inside the host-like run `rs..re`; not
    /// after a `v` or a version word (`v1.2.3.4`, `build1.2.3.4`), not beside a dot or digit.
    fn glued_ipv4s(&mut self, rs: usize, re: usize) {
        let b = self.b;
        let mut i = rs;
        while i < re {
            if !b[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let s = i;
            while i < re && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            let e = i;
            let before = (s > rs).then(|| b[s - 1]);
            let after = (e < re).then(|| b[e]);
            // Each side is a letter or the run's edge (never a digit or dot: the run is
            // maximal), and one side at least a letter.
            let letter = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphabetic());
            let edge_or_letter = |c: Option<u8>| c.is_none() || letter(c);
            if !(letter(before) || letter(after))
                || !(edge_or_letter(before) && edge_or_letter(after))
                || matches!(before, Some(b'v' | b'V'))
                || b[e - 1] == b'.'
                || self.hits.before(s, 12, |c| c == Ctx::Version).is_some()
                || self.claimed.any(s, e)
            {
                continue;
            }
            if let Some(ip) = net::parse_ipv4(&self.t[s..e]) {
                let rule = self.rule_by_defanging(s, e, "ipv4:defanged", "ipv4:glued");
                self.push(SelectorKind::Ipv4, ip.to_string(), s, e, rule, None);
                self.claimed.set(s, e);
            }
        }
    }

    fn host(&mut self, rs: usize, re: usize, ce: usize) {
        let b = self.b;
        let raw = &self.t[rs..re];
        let defanged = self.folded.defanged(rs, re);
        if raw.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
            let Some(ip) = net::parse_ipv4(raw) else {
                return;
            };
            // `.18.12.15.14` is the tail of a longer dotted number, not an address; the last
            // dot of an ellipsis (`see...1.2.3.4`) is punctuation.
            let ellipsis = rs > 1 && b[rs - 2] == b'.';
            if rs > 0 && b[rs - 1] == b'.' && !ellipsis && !defanged {
                return;
            }
            let version = self.hits.before(rs, 12, |c| c == Ctx::Version).is_some();
            let glued = rs > 0 && matches!(b[rs - 1], b'v' | b'V')
                || (re < b.len()
                    && b[re] == b'-'
                    && b.get(re + 1).is_some_and(u8::is_ascii_alphanumeric));
            if (version || glued) && !defanged {
                return;
            }
            let rule = if defanged {
                "ipv4:defanged"
            } else {
                "ipv4:plain"
            };
            self.push(SelectorKind::Ipv4, ip.to_string(), rs, re, rule, None);
            self.claimed.set(rs, re);
            // `1.2.3.4:8080/path` or `1.2.3.4/gate.php`: a URL without a scheme (not a CIDR
            // suffix such as `/24`).
            let mut p = re;
            if p < ce && b[p] == b':' {
                let mut q = p + 1;
                while q < ce && b[q].is_ascii_digit() {
                    q += 1;
                }
                if q > p + 1 && q - p <= 6 && q < ce && b[q] == b'/' {
                    p = q;
                }
            }
            if p < ce && b[p] == b'/' {
                let end = self.url_extent(rs, p, ce);
                let end = net::trim_url_end(b, rs, end);
                let path = &self.t[p + 1..end];
                if !path.is_empty() && !path.bytes().all(|c| c.is_ascii_digit()) {
                    let rule = self.rule_by_defanging(rs, end, "url:defanged", "url:no-scheme");
                    self.push(
                        SelectorKind::Url,
                        self.t[rs..end].to_owned(),
                        rs,
                        end,
                        rule,
                        Some(ip.to_string()),
                    );
                    self.claimed.set(rs, end);
                }
            }
            return;
        }
        let domain = net::check_domain(raw);
        if package_name(raw, domain.is_some()) {
            if self.want(SelectorKind::App) {
                self.push(
                    SelectorKind::App,
                    format!("android:{raw}"),
                    rs,
                    re,
                    "app:package",
                    None,
                );
            }
            self.claimed.set(rs, re);
            return;
        }
        let Some(d) = domain else {
            if raw.len() >= 8
                && raw.bytes().filter(|&c| c == b'.').count() >= 3
                && raw.bytes().any(|c| c.is_ascii_digit())
            {
                self.glued_ipv4s(rs, re);
            }
            return;
        };
        let www = raw.len() > 4 && raw.as_bytes()[..4].eq_ignore_ascii_case(b"www.");
        // A path (or port then path) after the host makes a URL without a scheme.
        let mut p = re;
        if p < ce && b[p] == b':' {
            let mut q = p + 1;
            while q < ce && b[q].is_ascii_digit() {
                q += 1;
            }
            if q > p + 1 && q - p <= 6 && (q == ce || b[q] == b'/') {
                p = q;
            }
        }
        let has_path = p < ce && b[p] == b'/';
        let web = self.hits.before(rs, 48, |c| c == Ctx::Web).is_some();
        if !(www || defanged || has_path || web || net::bare_domain_plausible(raw)) {
            return;
        }
        let host_lower = d.host.clone();
        let shortener = net::is_shortener(&host_lower);
        let platform_host = net::is_platform(&host_lower);
        if has_path || p > re {
            let end = self.url_extent(rs, p, ce);
            let end = net::trim_url_end(b, rs, end);
            let url_defanged = self.folded.defanged(rs, end);
            let rule = if url_defanged {
                "url:defanged"
            } else if shortener {
                "url:shortlink"
            } else if www {
                "url:www"
            } else {
                "url:no-scheme"
            };
            let mut value = String::with_capacity(end - rs);
            push_lowercase(&mut value, &self.t[rs..p]);
            value.push_str(&self.t[p..end]);
            self.push(
                SelectorKind::Url,
                value,
                rs,
                end,
                rule,
                Some(host_lower.clone()),
            );
            let rest = &self.t[p..end];
            if let Some(pl) = net::platform_selector("https", &host_lower, rest) {
                self.platform(pl, rs, end);
            }
            if !shortener && !platform_host {
                let r = if defanged {
                    "domain:defanged"
                } else {
                    "domain:url-host"
                };
                self.push(SelectorKind::Domain, d.registrable, rs, re, r, Some(d.host));
            }
            let tx = names_transaction(rest);
            self.runs(p, end, Some(tx));
            self.path_hosts(p, end);
            self.claimed.set(rs, end);
            return;
        }
        if shortener || platform_host {
            self.claimed.set(rs, re);
            return;
        }
        let rule = if defanged {
            "domain:defanged"
        } else if www {
            "domain:www"
        } else if web {
            "domain:context"
        } else {
            "domain:bare"
        };
        self.push(
            SelectorKind::Domain,
            d.registrable,
            rs,
            re,
            rule,
            Some(d.host),
        );
        self.claimed.set(rs, re);
    }

    /// Maximal alphanumeric runs: wallets, hashes, transaction ids, compact IBANs.
    /// `url_tx` is `Some` inside a URL path (whether the URL names a transaction).
    fn runs(&mut self, s: usize, e: usize, url_tx: Option<bool>) {
        let b = self.b;
        let mut i = s;
        while i < e {
            if !is_alnum(b[i]) {
                i += 1;
                continue;
            }
            let rs = i;
            while i < e && is_alnum(b[i]) {
                i += 1;
            }
            let re = i;
            let n = re - rs;
            if !(15..=130).contains(&n) {
                continue;
            }
            // Glued to other id characters: part of something longer. A `=` after a key
            // name (`hash=…`, `-md5=…`) is an assignment, not base64 padding.
            let assigned = rs >= s + 2 && b[rs - 1] == b'=' && is_alnum(b[rs - 2]);
            if ((rs > s && matches!(b[rs - 1], b'_' | b'-' | b'+' | b'=') && !assigned)
                || (re < e && matches!(b[re], b'_' | b'=' | b'+')))
                && url_tx.is_none()
            {
                continue;
            }
            if url_tx.is_none() && self.claimed.any(rs, re) {
                continue;
            }
            let run = &self.t[rs..re];
            if (15..=34).contains(&n)
                && b[rs].is_ascii_alphabetic()
                && b[rs + 1].is_ascii_alphabetic()
                && b[rs + 2].is_ascii_digit()
                && let Some(iban) = bank::check_iban(run)
            {
                self.push(SelectorKind::Iban, iban, rs, re, "iban:mod97", None);
                self.claimed.set(rs, re);
                continue;
            }
            if n < 25 {
                continue;
            }
            let ctx = RunContext {
                tx: url_tx.unwrap_or(false) || self.hits.before(rs, 40, |c| c == Ctx::Tx).is_some(),
                solana: self.hits.before(rs, 40, |c| c == Ctx::Solana).is_some(),
            };
            if let Some(w) = crypto::classify_run(run, ctx) {
                self.push(w.kind, w.value, rs, re, w.rule, None);
                self.claimed.set(rs, re);
            }
        }
        // TON addresses are base64url: letters, digits, `-` and `_`, exactly 48 long.
        if e - s >= 48 && self.want(SelectorKind::Ton) {
            let mut i = s;
            while i < e {
                if !is_b64url(b[i]) {
                    i += 1;
                    continue;
                }
                let rs = i;
                while i < e && is_b64url(b[i]) {
                    i += 1;
                }
                if i - rs == 48
                    && !self.claimed.any(rs, i)
                    && let Some(w) = crypto::ton_address(&self.t[rs..i])
                {
                    self.push(w.kind, w.value, rs, i, w.rule, None);
                    self.claimed.set(rs, i);
                }
            }
        }
    }

    /// An IBAN written in groups of four (`GB82 WEST 1234 5698 7654 32`) whose first group
    /// `AA99` is the chunk at `i`.
    fn spaced_iban_at(&mut self, i: usize) {
        let b = self.b;
        let Some(len) = bank::iban_length(&b[i..i + 2]) else {
            return;
        };
        let start = i;
        let mut compact = String::with_capacity(len);
        let mut j = i;
        let mut end = i;
        while compact.len() < len && j < b.len() {
            let gs = j;
            while j < b.len() && b[j].is_ascii_alphanumeric() && j - gs < 4 {
                j += 1;
            }
            if j == gs || (j < b.len() && b[j].is_ascii_alphanumeric()) {
                break;
            }
            compact.push_str(&self.t[gs..j]);
            end = j;
            if compact.len() >= len || j >= b.len() || b[j] != b' ' {
                break;
            }
            j += 1;
        }
        if compact.len() == len
            && !(end < b.len() && b[end].is_ascii_alphanumeric())
            && !self.claimed.any(start, end)
            && let Some(iban) = bank::check_iban(&compact)
        {
            self.push(
                SelectorKind::Iban,
                iban,
                start,
                end,
                "iban:mod97-grouped",
                None,
            );
            self.claimed.set(start, end);
        }
    }

    fn keyword_handles(&mut self) {
        let mut out = Vec::new();
        let kinds = self.ex.kinds;
        let claimed = &self.claimed;
        handles::after_keywords(
            self.t,
            &self.hits,
            &|k| kinds.contains(k),
            &|s, e| claimed.any(s, e),
            &mut out,
        );
        for h in out {
            if !self.claimed.any(h.start, h.end) {
                self.claimed.set(h.start, h.end);
                self.push_handle(h);
            }
        }
    }

    fn numbers(&mut self, region: Option<rlibphonenumber::Region>, field_phone: bool) {
        let want_phone = self.want(SelectorKind::Phone)
            || self.want(SelectorKind::Whatsapp)
            || self.want(SelectorKind::Signal);
        let scope = NumberScope {
            region,
            field_phone,
            field_messenger: match self.field {
                Some(SelectorKind::Whatsapp) => Some(Ctx::Whatsapp),
                Some(SelectorKind::Signal) => Some(Ctx::Signal),
                _ => None,
            },
            want_phone,
            want_card: self.want(SelectorKind::Card),
            want_bank: self.want(SelectorKind::BankAccount),
        };
        if !(scope.want_phone || scope.want_card || scope.want_bank) {
            return;
        }
        let mut out: Vec<FoundNumber> = Vec::new();
        let claimed = &self.claimed;
        self.ex.phones.scan(
            self.t,
            &self.digit_chunks,
            &self.hits,
            scope,
            &mut |s, e| claimed.any(s, e),
            &mut out,
        );
        for f in out {
            match f.kind {
                NumberKind::Phone {
                    e164,
                    rule,
                    messenger,
                } => {
                    match messenger {
                        Some(Ctx::Whatsapp) => {
                            let r = if field_phone && self.field == Some(SelectorKind::Whatsapp) {
                                "whatsapp:field"
                            } else {
                                "whatsapp:context"
                            };
                            self.push(
                                SelectorKind::Whatsapp,
                                e164.clone(),
                                f.start,
                                f.end,
                                r,
                                None,
                            );
                        }
                        Some(Ctx::Signal) => {
                            let r = if field_phone && self.field == Some(SelectorKind::Signal) {
                                "signal:field"
                            } else {
                                "signal:context"
                            };
                            self.push(SelectorKind::Signal, e164.clone(), f.start, f.end, r, None);
                        }
                        _ => {}
                    }
                    let rule = if field_phone && rule == "phone:national" {
                        "phone:field"
                    } else {
                        rule
                    };
                    let rule =
                        if self.folded.defanged(f.start, f.end) && rule == "phone:international" {
                            "phone:international-obfuscated"
                        } else {
                            rule
                        };
                    self.push(SelectorKind::Phone, e164, f.start, f.end, rule, None);
                }
                NumberKind::Card { digits } => self.push(
                    SelectorKind::Card,
                    digits,
                    f.start,
                    f.end,
                    "card:luhn",
                    None,
                ),
                NumberKind::BankAccount { digits } => self.push(
                    SelectorKind::BankAccount,
                    digits,
                    f.start,
                    f.end,
                    "bank_account:context",
                    None,
                ),
            }
            self.claimed.set(f.start, f.end);
        }
    }
}

/// Appends `s` lower-cased (Unicode rules, as `str::to_lowercase`) without a temporary string
/// when it is ASCII.
fn push_lowercase(out: &mut String, s: &str) {
    if s.is_ascii() {
        let from = out.len();
        out.push_str(s);
        out[from..].make_ascii_lowercase();
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// Whether a non-ASCII character can continue a URL: letters and symbols of scripts written
/// with spaces, but no punctuation (quotes, CJK full stops) and — unless the host itself is
/// written in such a script — no letters of scripts written without spaces, which glue to the
/// URL in prose (`https://evil.com/abc获取`, `…/abcค่ะ`).
fn url_char_ok(c: char, wide_host: bool) -> bool {
    let u = c as u32;
    if c.is_whitespace() || (0x80..=0xBF).contains(&u) || (0x2000..=0x206F).contains(&u) {
        return false;
    }
    let no_space_script = matches!(u,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x19E0..=0x19FF
        | 0x2E80..=0x2FFF | 0x3000..=0x30FF | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF);
    let cjk_punct =
        matches!(u, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF5B..=0xFF65);
    !cjk_punct && (!no_space_script || wide_host)
}

/// The UTF-8 length of the character at `i` when it is a letter that internationalised
/// domain names in space-separated scripts use (Latin with diacritics, Greek, Cyrillic,
/// Armenian); scripts written without spaces (CJK, Thai …) never glue to a domain.
fn idn_letter_at(t: &str, i: usize) -> Option<usize> {
    // Cheap test of the first two bytes first: CJK, Thai and other scripts never decode.
    let b = t.as_bytes();
    let lead = *b.get(i)?;
    let plausible =
        matches!(lead, 0xC3..=0xD6) || (lead == 0xE1 && matches!(b.get(i + 1), Some(0xB8..=0xBB)));
    if !plausible {
        return None;
    }
    let c = t.get(i..)?.chars().next()?;
    idn_letter(c).then(|| c.len_utf8())
}

/// Whether `c` is a letter of the ranges [`idn_letter_at`] accepts. Latin-1 letters and the
/// Latin Extended blocks (Vietnamese text is full of them) are answered from the code point
/// alone; only Greek, Cyrillic and Armenian ask the Unicode tables.
fn idn_letter(c: char) -> bool {
    match c as u32 {
        // Every code point of these blocks is alphabetic but `×` and `÷`.
        0x00C0..=0x024F => !matches!(c, '\u{D7}' | '\u{F7}'),
        0x1E00..=0x1EFF => true,
        0x0250..=0x058F => c.is_alphabetic(),
        _ => false,
    }
}

/// Whether a URL path names a transaction (`/tx/`, `transaction`, in any case).
fn names_transaction(rest: &str) -> bool {
    let b = rest.as_bytes();
    let has = |w: &[u8]| b.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w));
    has(b"/tx/") || has(b"transaction")
}

/// For each byte at a character start outside a chunk: how far to step to the next character
/// that may start one, or 0 when this one may (a chunk byte, or the lead byte of a character
/// [`idn_letter_at`] may accept). Other characters are stepped over whole.
const fn skip_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if CLASS[i] & C_CHUNK != 0 || (b >= 0xC3 && b <= 0xD6) || b == 0xE1 {
            0
        } else if b >= 0xF0 {
            4
        } else if b >= 0xE0 {
            3
        } else if b >= 0xC0 {
            2
        } else {
            1
        };
        i += 1;
    }
    t
}

static SKIP: [u8; 256] = skip_table();

/// The first index at or after `i` whose byte may start a chunk (`SKIP` is 0 for it), looking
/// at eight bytes at a time; when fewer than eight are left, `i` or the first index of the
/// last eight bytes' block that was not passed. A byte it stops at always starts a character
/// (bytes that may start a chunk are ASCII or lead bytes), so the caller may go on from any
/// index it returns.
fn skip_to_candidate(b: &[u8], mut i: usize) -> usize {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const fn splat(x: u8) -> u64 {
        0x0101_0101_0101_0101 * x as u64
    }
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // Per byte, without carries between bytes (every sum stays below 0x100):
        // ASCII at or above `!` (DEL too, which the caller then steps over) …
        let v = w & LOW7;
        let ascii = v.wrapping_add(splat(0x80 - 0x21)) & !w & HIGH;
        // … lead bytes 0xC3..=0xD6 (low seven bits 0x43..=0x56) and 0xE1 (0x61).
        let ge = v.wrapping_add(splat(0x80 - 0x43));
        let gt = v.wrapping_add(splat(0x80 - 0x57));
        let lead = ge & !gt & w & HIGH;
        let e1 = !(v ^ splat(0x61)).wrapping_add(splat(0x7F)) & w & HIGH;
        let hit = ascii | lead | e1;
        if hit != 0 {
            return i + (hit.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i
}

/// The length of the UTF-8 sequence a lead byte starts.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// How many ASCII letters `b` starts with, looking at eight bytes at a time.
fn letter_run(b: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut k = 0;
    while let Some(chunk) = b.get(k..k + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // Per byte (all below 0x80, so no carries cross bytes): lower-case it, then the high
        // bit of `v + 0x1F` says `>= 'a'` and that of `v + 0x05` says `> 'z'`.
        let v = (w | 0x2020_2020_2020_2020) & !HIGH;
        let letters = (v.wrapping_add(0x1F1F_1F1F_1F1F_1F1F)
            & !v.wrapping_add(0x0505_0505_0505_0505))
            & !w
            & HIGH;
        if letters != HIGH {
            return k + ((!letters & HIGH).trailing_zeros() / 8) as usize;
        }
        k += 8;
    }
    while k < b.len() && b[k].is_ascii_alphabetic() {
        k += 1;
    }
    k
}

/// `b.is_ascii_alphanumeric()` from the class table (one load).
#[inline]
fn is_alnum(b: u8) -> bool {
    CLASS[b as usize] & (C_ALPHA | C_DIGIT) != 0
}

fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Whether a dotted name reads as a reversed-domain Android package (`com.example.app`)
/// rather than a host. Names starting with a generic top-level label are packages (hosts never
/// start with `com.`); names starting with a country label (`id.co.bri.brimo`) only when they
/// are not a valid host.
fn package_name(raw: &str, is_domain: bool) -> bool {
    const GENERIC: &[&str] = &["com", "org", "net", "edu", "gov", "info", "biz"];
    const COUNTRY: &[&str] = &[
        "io", "cn", "vn", "id", "th", "kh", "my", "ph", "mm", "la", "sg", "hk", "tw", "jp", "kr",
        "in", "ru", "br", "de", "uk", "co", "me", "app", "ai", "xyz", "top",
    ];
    // The cheap test of the first label first: most hosts fail it.
    let first = raw.split('.').next().unwrap_or("");
    let listed = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(first));
    (listed(GENERIC) || (listed(COUNTRY) && !is_domain))
        && raw.split('.').count() >= 3
        && net::is_android_package(raw)
}

/// Runs one scan.
/// `%XX` escapes (and `+` for a space) decoded; invalid escapes are kept as written.
/// `http` base64-encoded at the three alignments (`aHR0c…` from a blob's start, `…h0dH…`
/// and `…odHRw…` after one or two other bytes), and hex-encoded.
pub(crate) const ENCODED_HTTP: [&str; 4] = ["aHR0c", "h0dH", "odHRw", "68747470"];

fn is_b64(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/')
}

/// Lenient base64: stops at the first byte outside the alphabet (`=` padding included);
/// a trailing partial group yields what bytes it holds.
fn b64_decode(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 3);
    let (mut acc, mut n) = (0u32, 0u32);
    for &c in s {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => break,
        };
        acc = (acc << 6) | u32::from(v);
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((acc >> n) as u8);
            acc &= (1 << n) - 1;
        }
    }
    out
}

fn hex_decode(s: &[u8]) -> Vec<u8> {
    let val = |c: u8| (c as char).to_digit(16).map_or(0, |d| d as u8);
    s.chunks_exact(2)
        .map(|p| val(p[0]) << 4 | val(p[1]))
        .collect()
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') && !s.contains('+') {
        return s.to_owned();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match b[i] {
            b'%' => {
                match (
                    b.get(i + 1).and_then(|&c| hex(c)),
                    b.get(i + 2).and_then(|&c| hex(c)),
                ) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                    }
                    _ => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A finding placed in the caller's text: original offsets and its index in the findings.
#[derive(Clone, Copy, Debug)]
struct Placed {
    start: usize,
    end: usize,
    kind: SelectorKind,
    i: usize,
}

/// Orders findings by start, longer first, then kind and value, keeping the order of equal
/// ones, and drops repeats of the same kind, span and value (keeping the first). Only small
/// keys are sorted; the findings themselves are moved once, afterwards.
fn order(placed: &mut Vec<Placed>, found: &[Found]) {
    // Position and kind first, equal keys kept in their order (`placed` is in finding order,
    // which is mostly position order already: a stable sort merges its runs); then each run
    // of one span and kind (rare, and short) is put in value order, stably.
    placed.sort_by_key(|p| (p.start, std::cmp::Reverse(p.end), p.kind));
    let mut k = 0;
    while k < placed.len() {
        let first = placed[k];
        let mut e = k + 1;
        while e < placed.len()
            && placed[e].start == first.start
            && placed[e].end == first.end
            && placed[e].kind == first.kind
        {
            e += 1;
        }
        if e - k > 1 {
            placed[k..e].sort_by(|a, b| found[a.i].value.cmp(&found[b.i].value));
        }
        k = e;
    }
    placed.dedup_by(|a, b| {
        a.kind == b.kind
            && a.start == b.start
            && a.end == b.end
            && found[a.i].value == found[b.i].value
    });
}

pub(crate) fn run(ex: &Extractor, text: &str, ctx: &ScanContext<'_>) -> Vec<Match> {
    let mut out = Vec::new();
    run_into(ex, text, ctx, &mut |m| out.push(m));
    out
}

/// Runs one scan, handing each match to `sink` in order as soon as it is built, so that a
/// consumer that drops matches frees their strings while the allocator still has them at hand.
pub(crate) fn run_into(
    ex: &Extractor,
    text: &str,
    ctx: &ScanContext<'_>,
    sink: &mut dyn FnMut(Match),
) {
    if text.is_empty() || ex.kinds.is_empty() {
        return;
    }
    let folded = ex.fold.fold(text);
    let t: &str = match &folded.text {
        Cow::Borrowed(s) => s,
        Cow::Owned(s) => s.as_str(),
    };
    let hits = ex.context.find(t);
    let (field, field_phone) = field_kind(ctx.field);
    let region = ctx.region.and_then(region::resolve).or(ex.default_region);
    let mut sc = Scanner {
        ex,
        folded: &folded,
        orig: text,
        t,
        b: t.as_bytes(),
        hits,
        claimed: Claimed::new(t.len()),
        // Up to one finding in some 70 bytes of selector-dense text: growing the vector
        // from empty moved it a dozen times a window.
        found: Vec::with_capacity(t.len() / 64 + 8),
        field,
        digit_chunks: Vec::with_capacity(t.len() / 128 + 8),
    };
    sc.chunks();
    sc.encoded_urls();
    sc.keyword_handles();
    sc.numbers(region, field_phone);
    if let Some(k) = field
        && matches!(
            k,
            SelectorKind::Telegram
                | SelectorKind::Line
                | SelectorKind::Wechat
                | SelectorKind::Signal
        )
        && !sc.found.iter().any(|f| f.kind == k)
        && sc.want(k)
        && let Some(h) = handles::field_value(t, k)
        && !sc.claimed.any(h.start, h.end)
    {
        sc.push_handle(h);
    }
    let mut found = std::mem::take(&mut sc.found);
    drop(sc);
    let mut placed: Vec<Placed> = Vec::with_capacity(found.len());
    for (i, f) in found.iter().enumerate() {
        let start = folded.orig_start(f.start);
        let end = folded.orig_end(f.end);
        if text.get(start..end).is_some() {
            placed.push(Placed {
                start,
                end,
                kind: f.kind,
                i,
            });
        }
    }
    order(&mut placed, &found);
    for p in placed {
        let (Some(f), Some(raw)) = (found.get_mut(p.i), text.get(p.start..p.end)) else {
            continue;
        };
        sink(Match {
            kind: f.kind,
            value: std::mem::take(&mut f.value),
            raw: raw.to_owned(),
            start: p.start,
            end: p.end,
            rule: f.rule,
            host: f.host.take(),
        });
    }
}

/// A host of one label (`localhost`, `intranet`): letters, digits and inner hyphens,
/// starting with a letter, as a URL with a written scheme may name.
fn single_label_host(host: &str) -> bool {
    let b = host.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphabetic()
        && b[b.len() - 1] != b'-'
        && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idn_letter_shortcut_agrees_with_unicode_tables() {
        for u in 0x80..0x2000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let want = ((0x00C0..0x0590).contains(&u) || (0x1E00..=0x1EFF).contains(&u))
                && c.is_alphabetic();
            assert_eq!(idn_letter(c), want, "U+{u:04X}");
        }
    }

    #[test]
    fn ordering_is_stable_by_position_and_drops_repeats() {
        let f =
            |start: usize, end: usize, kind: SelectorKind, value: &str, rule: &'static str| Found {
                kind,
                value: value.to_owned(),
                start,
                end,
                rule,
                host: None,
            };
        let found = vec![
            f(9, 12, SelectorKind::Phone, "b", "first"),
            f(3, 5, SelectorKind::Url, "a", "r"),
            f(9, 12, SelectorKind::Phone, "b", "second"),
            f(3, 8, SelectorKind::Domain, "a", "r"),
            f(9, 12, SelectorKind::Phone, "a", "r"),
            f(0, 1, SelectorKind::Email, "z", "r"),
            f(9, 12, SelectorKind::Email, "b", "r"),
        ];
        let mut placed: Vec<Placed> = found
            .iter()
            .enumerate()
            .map(|(i, x)| Placed {
                start: x.start,
                end: x.end,
                kind: x.kind,
                i,
            })
            .collect();
        order(&mut placed, &found);
        let got: Vec<(usize, usize, &str, &str)> = placed
            .iter()
            .map(|p| (p.start, p.end, found[p.i].value.as_str(), found[p.i].rule))
            .collect();
        assert_eq!(
            got,
            [
                (0, 1, "z", "r"),
                (3, 8, "a", "r"),
                (3, 5, "a", "r"),
                (9, 12, "a", "r"),
                (9, 12, "b", "first"),
                (9, 12, "b", "r"),
            ]
        );
    }

    #[test]
    fn word_skip_stops_where_the_table_does() {
        let bytes: Vec<u8> = (0u8..=255).collect();
        let mut seed = 11u32;
        for len in 0..40 {
            for _ in 0..300 {
                let mut v = Vec::with_capacity(len);
                for _ in 0..len {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    let r = (seed >> 16) as usize;
                    // Mostly bytes the table skips, sometimes anything.
                    v.push(if r.is_multiple_of(5) {
                        bytes[r % 256]
                    } else {
                        [0x20, 0x0A, 0xE4, 0xB8, 0x80, 0xBF, 0xE0, 0xC2, 0xD7, 0xE2][r % 10]
                    });
                }
                let got = skip_to_candidate(&v, 0);
                // It may stop early at other printable ASCII (and DEL), never late.
                let want = v
                    .iter()
                    .position(|&c| SKIP[c as usize] == 0 || (0x21..=0x7F).contains(&c));
                match want {
                    // Stops at the first candidate when it lies in a whole block of eight …
                    Some(k) if k < len / 8 * 8 => assert_eq!(got, k, "{v:?}"),
                    // … else passes the whole blocks only.
                    _ => assert_eq!(got, len / 8 * 8, "{v:?}"),
                }
            }
        }
    }

    #[test]
    fn claimed_spans_agree_with_a_bit_per_byte() {
        for n in [0usize, 1, 63, 64, 65, 300] {
            let mut c = Claimed::new(n);
            let words = n / 64 + 1;
            let mut naive = vec![false; n + 400];
            let mut seed = 3u32;
            for _ in 0..3000 {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let s = (seed >> 8) as usize % (n + 100);
                let e = s + (seed >> 20) as usize % 200;
                if seed & 0x100 == 0 {
                    c.set(s, e);
                    for (i, x) in naive.iter_mut().enumerate().take(e).skip(s) {
                        *x |= i < words * 64;
                    }
                } else {
                    assert_eq!(c.any(s, e), naive[s..e].iter().any(|&x| x), "{n} {s}..{e}");
                }
            }
        }
    }

    #[test]
    fn letter_runs_are_counted_exactly() {
        let bytes: Vec<u8> = (0u8..=255).collect();
        let mut seed = 7u32;
        for len in 0..40 {
            for _ in 0..200 {
                let mut v = Vec::with_capacity(len);
                for _ in 0..len {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    // Mostly letters, sometimes anything (high bytes and edges of the ranges).
                    let r = (seed >> 16) as usize;
                    v.push(if r.is_multiple_of(4) {
                        bytes[r % 256]
                    } else {
                        b"azAZ@[`{mM"[r % 10]
                    });
                }
                let want = v.iter().take_while(|c| c.is_ascii_alphabetic()).count();
                assert_eq!(letter_run(&v), want, "{v:?}");
            }
        }
        for c in 0u8..=255 {
            let v = [b'a', b'b', b'c', b'd', b'e', b'f', b'g', c, b'x'];
            let want = 7 + usize::from(c.is_ascii_alphabetic()) * 2;
            assert_eq!(letter_run(&v), want, "{c}");
        }
    }
}
