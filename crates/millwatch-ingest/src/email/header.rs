//! Header values as mailers really write them: folded, RFC 2047 encoded (correctly or
//! not), in raw 8-bit legacy charsets, with dates in every obsolete form.
//!
//! We read header values from the raw bytes rather than from `mail-parser`'s decoded
//! values so that one charset policy ([`super::charset`]) applies to headers and bodies
//! alike and so that the malformed-but-common encodings are handled the way mail clients
//! handle them: encoded words inside quoted strings or glued to other text, a multi-byte
//! character split across two encoded words (so adjacent words of one charset are joined
//! as bytes before decoding), spaces inside Q-encoded text, missing base64 padding.

use millwatch_model::RecordTime;

use super::charset::{Decoded, MailCharset, decode_bytes, is_utf7_label};

/// What decoding a header met, folded into the message's decoding summary.
#[derive(Default)]
pub struct HeaderDecoding {
    /// Encodings used on non-ASCII content.
    pub encodings: Vec<MailCharset>,
    /// Whether a replacement character was produced.
    pub had_errors: bool,
}

impl HeaderDecoding {
    fn note(&mut self, d: &Decoded<'_>) {
        if d.non_ascii && !self.encodings.contains(&d.encoding) {
            self.encodings.push(d.encoding);
        }
        self.had_errors |= d.had_errors;
    }
}

/// Unfolds a raw header value into text: line breaks removed, raw 8-bit bytes decoded
/// (UTF-8 when valid, else `hint`, the message's body charset, else detection).
pub fn raw_text(raw: &[u8], hint: Option<&str>, dec: &mut HeaderDecoding) -> String {
    let unfolded: Vec<u8> = raw
        .iter()
        .copied()
        .filter(|&b| b != b'\r' && b != b'\n')
        .collect();
    // A UTF-7 body says nothing about raw header bytes, which are never UTF-7 (its
    // `+...-` would garble the encoded words decoded next).
    let hint = hint.filter(|h| !is_utf7_label(h));
    let d = decode_bytes(&unfolded, hint);
    dec.note(&d);
    d.text.trim().to_owned()
}

/// Decodes the RFC 2047 encoded words in an (already unfolded) header text.
pub fn decode_words(s: &str, dec: &mut HeaderDecoding) -> String {
    if !s.contains("=?") {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    // Bytes of adjacent encoded words in one charset, decoded together.
    let mut pending: Option<(String, Vec<u8>)> = None;
    let mut literal_start = 0;
    let mut search = 0;
    while let Some(rel) = s[search..].find("=?") {
        let pos = search + rel;
        let Some((charset, bytes, end)) = encoded_word(s, pos) else {
            search = pos + 2;
            continue;
        };
        let literal = &s[literal_start..pos];
        let joins = pending.is_some() && literal.chars().all(char::is_whitespace);
        if !joins {
            flush(&mut pending, &mut out, dec);
            out.push_str(literal);
        }
        match &mut pending {
            Some((cs, buf)) if cs.eq_ignore_ascii_case(&charset) && !is_stateful(&charset) => {
                buf.extend_from_slice(&bytes)
            }
            _ => {
                flush(&mut pending, &mut out, dec);
                pending = Some((charset, bytes));
            }
        }
        literal_start = end;
        search = end;
    }
    flush(&mut pending, &mut out, dec);
    out.push_str(&s[literal_start..]);
    out
}

/// ISO-2022 charsets switch state with escape sequences, and every encoded word must
/// end back in ASCII (RFC 1468), so a character is never split across two words; joined,
/// the words would put two escape sequences side by side, which decoders (WHATWG's
/// ISO-2022-JP) take as an error. Such words are decoded one by one.
fn is_stateful(charset: &str) -> bool {
    charset
        .get(..8)
        .is_some_and(|p| p.eq_ignore_ascii_case("iso-2022"))
}

fn flush(pending: &mut Option<(String, Vec<u8>)>, out: &mut String, dec: &mut HeaderDecoding) {
    if let Some((charset, bytes)) = pending.take() {
        let d = decode_bytes(&bytes, Some(&charset));
        dec.note(&d);
        out.push_str(&d.text);
    }
}

/// Parses `=?charset?E?text?=` at `pos`; returns the charset, the decoded bytes and the
/// end offset.
fn encoded_word(s: &str, pos: usize) -> Option<(String, Vec<u8>, usize)> {
    let rest = &s[pos + 2..];
    // Every search is bounded, so a header of a million `=?` stays linear.
    let q1 = rest.bytes().take(41).position(|b| b == b'?')?;
    let charset = &rest[..q1];
    if charset.is_empty() || charset.len() > 40 || charset.contains(char::is_whitespace) {
        return None;
    }
    let after = &rest[q1 + 1..];
    let mut chars = after.chars();
    let kind = chars.next()?.to_ascii_uppercase();
    if chars.next()? != '?' || !matches!(kind, 'B' | 'Q') {
        return None;
    }
    let text_start = pos + 2 + q1 + 3;
    let body = s.get(text_start..)?;
    let window = &body.as_bytes()[..body.len().min(4098)];
    let close = memchr::memmem::find(window, b"?=")?;
    let text = &body[..close];
    let bytes = if kind == 'B' {
        base64_lenient(text.as_bytes())
    } else {
        q_decode(text.as_bytes())
    };
    Some((charset.to_owned(), bytes, text_start + close + 2))
}

/// RFC 2047 "Q": `_` is a space, `=XX` a byte.
fn q_decode(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'_' => out.push(b' '),
            b'=' => {
                match (
                    text.get(i + 1).and_then(|&h| hex(h)),
                    text.get(i + 2).and_then(|&l| hex(l)),
                ) {
                    (Some(h), Some(l)) => {
                        out.push(h << 4 | l);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'='),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

pub(crate) fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Base64 that skips anything outside the alphabet and stops at padding, as mail
/// clients do.
pub(crate) fn base64_lenient(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 3);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    let mut i = 0;
    while i < input.len() {
        let b = input[i];
        i += 1;
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => {
                // Padding ends the data (RFC 2045 6.8). What follows on the line is a new
                // run only in broken concatenations (`aGk=aGk=`), which we tolerate by
                // resetting; anything else there (`Cg== ignored`) is not base64 and is
                // dropped up to the line's end. Later lines are read again.
                acc = 0;
                bits = 0;
                let line_end = memchr::memchr(b'\n', &input[i..]).map_or(input.len(), |n| i + n);
                let rest = &input[i..line_end];
                let glued = rest
                    .iter()
                    .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'\r'));
                if !glued {
                    i = line_end;
                }
                continue;
            }
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// One address of an address list: `Name <addr>`, or the bare address.
pub fn addresses(text: &str, dec: &mut HeaderDecoding) -> Vec<String> {
    let mut out = Vec::new();
    for seg in split_addresses(text) {
        if let Some(a) = one_address(&seg, dec) {
            out.push(a);
        }
    }
    out
}

/// Splits an address list at top-level commas and group syntax (`Group: a, b;`).
fn split_addresses(text: &str) -> Vec<String> {
    let mut segs = Vec::new();
    let mut cur = String::new();
    let mut in_quote = false;
    let mut in_angle = false;
    let mut comment = 0u32;
    let mut escaped = false;
    let mut cur_has_at = false;
    for c in text.chars() {
        if escaped {
            cur.push(c);
            escaped = false;
            continue;
        }
        cur_has_at |= c == '@';
        match c {
            '\\' if in_quote || comment > 0 => {
                cur.push(c);
                escaped = true;
            }
            '"' if comment == 0 => {
                in_quote = !in_quote;
                cur.push(c);
            }
            '(' if !in_quote => {
                comment += 1;
                cur.push(c);
            }
            ')' if !in_quote && comment > 0 => {
                comment -= 1;
                cur.push(c);
            }
            '<' if !in_quote && comment == 0 => {
                in_angle = true;
                cur.push(c);
            }
            '>' if !in_quote && comment == 0 => {
                in_angle = false;
                cur.push(c);
            }
            ',' | ';' if !in_quote && !in_angle && comment == 0 => {
                segs.push(std::mem::take(&mut cur));
                cur_has_at = false;
            }
            ':' if !in_quote && !in_angle && comment == 0 && !cur_has_at => {
                // The display name of a group: drop it.
                cur.clear();
            }
            _ => cur.push(c),
        }
    }
    segs.push(cur);
    segs
}

fn one_address(seg: &str, dec: &mut HeaderDecoding) -> Option<String> {
    let seg = seg.trim();
    if seg.is_empty() {
        return None;
    }
    let (name_part, addr) = match (seg.rfind('<'), seg.rfind('>')) {
        (Some(open), Some(close)) if open < close => {
            let inner = &seg[open + 1..close];
            // Obsolete source routes: `<@relay:user@host>`.
            let inner = inner.rsplit(':').next().unwrap_or(inner);
            (
                format!("{}{}", &seg[..open], &seg[close + 1..]),
                inner.trim().to_owned(),
            )
        }
        _ => {
            // `addr (Name)` or a bare address.
            let (bare, comment) = strip_comments(seg);
            let bare = bare.trim().trim_matches('"').trim().to_owned();
            if bare.contains('@') || comment.is_empty() {
                (comment, bare)
            } else {
                (seg.to_owned(), String::new())
            }
        }
    };
    let (name, comment) = strip_comments(&name_part);
    let name = if name.trim().is_empty() {
        comment
    } else {
        name
    };
    let name = unquote(name.trim());
    let name = super::super::html::collapse_ws(&decode_words(&name, dec));
    let addr = addr.trim().trim_matches(['<', '>', '"']).trim();
    match (name.is_empty(), addr.is_empty()) {
        (true, true) => None,
        (false, true) => Some(name),
        (true, false) => Some(addr.to_owned()),
        (false, false) if name.eq_ignore_ascii_case(addr) => Some(addr.to_owned()),
        (false, false) => Some(format!("{name} <{addr}>")),
    }
}

/// Removes `( … )` comments (outside quotes); returns the rest and the comments' text.
fn strip_comments(s: &str) -> (String, String) {
    let mut rest = String::with_capacity(s.len());
    let mut comments = String::new();
    let mut depth = 0u32;
    let mut in_quote = false;
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            if depth > 0 {
                comments.push(c);
            } else {
                rest.push(c);
            }
            escaped = false;
            continue;
        }
        match c {
            '\\' => {
                escaped = true;
                if depth == 0 {
                    rest.push(c);
                }
            }
            '"' if depth == 0 => {
                in_quote = !in_quote;
                rest.push(c);
            }
            '(' if !in_quote => {
                if depth > 0 {
                    comments.push(c);
                }
                depth += 1;
            }
            ')' if !in_quote && depth > 0 => {
                depth -= 1;
                if depth > 0 {
                    comments.push(c);
                } else {
                    comments.push(' ');
                }
            }
            _ if depth > 0 => comments.push(c),
            _ => rest.push(c),
        }
    }
    (rest, comments.trim().to_owned())
}

/// Removes surrounding quotes and backslash escapes from a display name.
fn unquote(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            out.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c != '"' {
            out.push(c);
        }
    }
    out
}

/// The first `<id>` of a Message-ID style header, without the brackets; a bare token
/// when there are no brackets.
pub fn message_id(text: &str) -> Option<String> {
    let text = text.trim();
    let id = match (text.find('<'), text.find('>')) {
        (Some(open), Some(close)) if open < close => &text[open + 1..close],
        _ => text.split_whitespace().next().unwrap_or(""),
    };
    let id = id.trim();
    (!id.is_empty() && id.len() <= 998).then(|| id.to_owned())
}

/// The public IP literals of a `Received` header (`[203.0.113.5]`, `[IPv6:…]`).
pub fn received_ips(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        let inner = inner
            .strip_prefix("IPv6:")
            .or_else(|| inner.strip_prefix("ipv6:"))
            .unwrap_or(inner);
        if let Ok(ip) = inner.parse::<std::net::IpAddr>()
            && is_public(&ip)
        {
            out.push(ip.to_string());
        }
        rest = &rest[open + close + 1..];
    }
    out
}

/// Whether an address can name a sender on the Internet (not private, loopback, …).
pub fn is_public(ip: &std::net::IpAddr) -> bool {
    match ip {
        std::net::IpAddr::V4(v4) => {
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1]))
        }
        std::net::IpAddr::V6(v6) => {
            !(v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80)
        }
    }
}

/// Parses an RFC 5322 date (and the obsolete and asctime forms real mail and mbox
/// `From ` lines use), keeping the zone offset when one is given.
pub fn parse_date(text: &str) -> Option<RecordTime> {
    let (no_comments, _) = strip_comments(text);
    let s = no_comments.trim();
    if s.len() >= 10
        && s.as_bytes()[4] == b'-'
        && let Ok(t) = RecordTime::parse_iso(s)
    {
        return Some(t);
    }
    let mut day = None;
    let mut month = None;
    let mut year: Option<i32> = None;
    let mut time: Option<(u32, u32, u32)> = None;
    let mut offset: Option<i32> = None;
    let mut meridiem: Option<bool> = None;
    for tok in s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
    {
        if tok.contains(':') && tok.starts_with(|c: char| c.is_ascii_digit()) {
            let mut parts = tok
                .split(':')
                .map(|p| p.split('.').next().unwrap_or(p).parse::<u32>());
            let h = parts.next().and_then(Result::ok);
            let m = parts.next().and_then(Result::ok);
            let sec = parts.next().map_or(Some(0), Result::ok);
            if let (Some(h), Some(m), Some(sec)) = (h, m, sec) {
                time = Some((h, m, sec));
            }
            continue;
        }
        if let Some(sign) = tok.chars().next().filter(|c| *c == '+' || *c == '-') {
            let digits: String = tok[1..].chars().filter(char::is_ascii_digit).collect();
            if digits.len() == 4 && tok.len() <= 6 {
                let h: i32 = digits[..2].parse().ok()?;
                let m: i32 = digits[2..].parse().ok()?;
                let off = h * 60 + m;
                offset = Some(if sign == '-' { -off } else { off });
            }
            continue;
        }
        if tok.chars().all(|c| c.is_ascii_alphabetic()) {
            let lower = tok.to_ascii_lowercase();
            if let Some(m) = month_number(&lower) {
                month.get_or_insert(m);
            } else if lower == "pm" || lower == "am" {
                meridiem = Some(lower == "pm");
            } else if offset.is_none() {
                offset = zone_name(&lower);
            }
            continue;
        }
        // A POSIX zone some old mailers write: `EST5EDT`, `CST6CDT`.
        if offset.is_none()
            && let Some(i) = tok.find(|c: char| c.is_ascii_digit())
            && i >= 3
            && tok[..i].chars().all(|c| c.is_ascii_alphabetic())
        {
            offset = zone_name(&tok[..i].to_ascii_lowercase());
            continue;
        }
        if tok.chars().all(|c| c.is_ascii_digit()) {
            let n: u32 = tok.parse().ok()?;
            match tok.len() {
                4 => year = i32::try_from(n).ok(),
                1 | 2 if day.is_none() => day = Some(n),
                2 if year.is_none() => {
                    year = Some(if n < 50 {
                        2000 + n as i32
                    } else {
                        1900 + n as i32
                    });
                }
                3 if year.is_none() => year = Some(1900 + n as i32),
                _ => {}
            }
        }
    }
    let (day, month, year) = (day?, month?, year?);
    let Some((mut h, m, sec)) = time else {
        return RecordTime::date(year, month, day).ok();
    };
    match meridiem {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    RecordTime::from_parts(year, month, day, h, m, sec, offset)
        .or_else(|_| RecordTime::from_parts(year, month, day, h, m, sec, None))
        .ok()
}

fn month_number(lower: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = lower.get(..3)?;
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn zone_name(lower: &str) -> Option<i32> {
    Some(match lower {
        "ut" | "utc" | "gmt" | "z" => 0,
        "est" => -300,
        "edt" => -240,
        "cst" => -360,
        "cdt" => -300,
        "mst" => -420,
        "mdt" => -360,
        "pst" => -480,
        "pdt" => -420,
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
