//! Messaging handles written as text: `Telegram: scam_boss`, `LINE ID: abc.123`,
//! `微信：wx_abc123`, `@scam_boss` next to a Telegram word.
//!
//! Handles have no checksum, so context decides. A value counts after a context word only
//! when the writer plainly labelled it (a `:` or `=`, an `ID` or `号` word, or an `@`), and it
//! must fit the platform's id rules; a few common words that follow such labels in prose
//! (`Telegram: none`, `LINE: same as phone`) are refused. A bare `@name` becomes a handle of
//! the platform named nearest to it, and of none when the nearest is another social network.

use crate::SelectorKind;
use crate::context::{Ctx, Hit, Hits};
use crate::net::{is_line_id, is_telegram_username};

/// A handle found in the folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundHandle {
    pub start: usize,
    pub end: usize,
    pub kind: SelectorKind,
    pub value: String,
    pub rule: &'static str,
}

/// Words that follow a platform label in prose but are not ids.
const STOPWORDS: &[&str] = &[
    "none",
    "null",
    "unknown",
    "same",
    "group",
    "groups",
    "channel",
    "channels",
    "account",
    "accounts",
    "contact",
    "contacts",
    "here",
    "link",
    "links",
    "below",
    "above",
    "please",
    "only",
    "number",
    "available",
    "official",
    "support",
    "admin",
    "user",
    "users",
    "username",
    "chat",
    "chats",
    "message",
    "messages",
    "call",
    "calls",
    "video",
    "voice",
    "free",
    "app",
    "apps",
    "web",
    "desktop",
    "mobile",
    "phone",
    "scammer",
    "scammers",
    "victim",
    "group",
    "private",
    "public",
    "deleted",
    "blocked",
    "hidden",
    "unavailable",
    "notfound",
    "anonymous",
    "with",
    "from",
    "also",
    "then",
    "they",
    "them",
    "this",
    "that",
    "there",
    "their",
    "when",
    "where",
    "which",
    "what",
    "about",
    "after",
    "before",
    "until",
    "while",
    "would",
    "could",
    "should",
    "have",
    "been",
    "being",
    "were",
    "said",
    "told",
    "asked",
    "sent",
    "send",
];

fn is_value_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'@' | b'~')
}

/// Filler words allowed between a platform word and its value (lower-case).
const FILLERS: &[&str] = &[
    "id", "username", "user", "name", "handle", "account", "acc", "is", "me", "at", "on", "add",
    "no", "number",
];

/// Skips separators and filler words after a context word. Returns the value start, whether
/// the writer labelled the value (`:`, `=`, `ID`, `号` …) and whether an id word was among them.
fn skip_label(b: &[u8], mut i: usize) -> (usize, bool, bool) {
    let limit = (i + 32).min(b.len());
    let mut labelled = false;
    let mut id_word = false;
    while i < limit {
        let c = b[i];
        match c {
            b':' | b'=' => {
                labelled = true;
                i += 1;
            }
            b' ' | b'\t' | b'-' | b'>' | b'(' | b')' | b'[' | b']' | b'"' | b'\'' | b',' => i += 1,
            _ if c.is_ascii_alphabetic() => {
                let mut j = i;
                while j < b.len() && b[j].is_ascii_alphabetic() {
                    j += 1;
                }
                let w = std::str::from_utf8(&b[i..j])
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let followed = b
                    .get(j)
                    .is_some_and(|&n| matches!(n, b' ' | b':' | b'=' | b'-' | b'@' | b'\t'));
                if FILLERS.contains(&w.as_str()) && followed {
                    if matches!(w.as_str(), "id" | "username" | "handle") {
                        labelled = true;
                        id_word = true;
                    }
                    i = j;
                } else {
                    break;
                }
            }
            _ if c >= 0x80 => {
                // 号, 號, 帐号 … and Thai ไอดี ("ID") label the value that follows, as does
                // "is" in scripts written without spaces (微信号是…, LINE ID是…, ไลน์คือ…).
                let rest = &b[i..];
                const LABELS: [&str; 13] = [
                    "号码",
                    "號碼",
                    "帐号",
                    "账号",
                    "帳號",
                    "號",
                    "号",
                    "ไอดี",
                    "：",
                    "是",
                    "为",
                    "為",
                    "คือ",
                ];
                match LABELS.iter().find(|l| rest.starts_with(l.as_bytes())) {
                    Some(l) => {
                        labelled = true;
                        id_word = true;
                        i += l.len();
                    }
                    None => break,
                }
            }
            _ => break,
        }
    }
    (i, labelled, id_word)
}

/// Whether a context word is one that labels a value by itself (`LINE ID`, `ไลน์`, `微信`).
fn strong_keyword(t: &str, h: &Hit) -> bool {
    let w = &t[h.start..h.end];
    !w.is_ascii()
        || w.len() > 4 && w.to_ascii_lowercase().ends_with(" id")
        || w.eq_ignore_ascii_case("lineid")
        || w.eq_ignore_ascii_case("line@")
}

fn wechat_id(v: &str) -> bool {
    let b = v.as_bytes();
    if b.iter().all(u8::is_ascii_digit) {
        return (5..=15).contains(&b.len());
    }
    (6..=20).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
}

fn signal_username(v: &str) -> bool {
    let Some((name, num)) = v.rsplit_once('.') else {
        return false;
    };
    let nb = name.as_bytes();
    (3..=32).contains(&nb.len())
        && nb[0].is_ascii_alphabetic()
        && nb.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'_')
        && num.len() >= 2
        && num.len() <= 10
        && num.bytes().all(|c| c.is_ascii_digit())
}

/// Values after platform words.
pub(crate) fn after_keywords(
    t: &str,
    hits: &Hits,
    want: &dyn Fn(SelectorKind) -> bool,
    claimed: &dyn Fn(usize, usize) -> bool,
    out: &mut Vec<FoundHandle>,
) {
    let b = t.as_bytes();
    for h in &hits.v {
        let kind = match h.ctx {
            Ctx::Telegram => SelectorKind::Telegram,
            Ctx::Line => SelectorKind::Line,
            Ctx::Wechat => SelectorKind::Wechat,
            Ctx::Signal => SelectorKind::Signal,
            _ => continue,
        };
        if !want(kind) {
            continue;
        }
        let (vs, labelled, id_word) = skip_label(b, h.end);
        let mut ve = vs;
        while ve < b.len() && is_value_byte(b[ve]) && ve - vs < 64 {
            ve += 1;
        }
        // Longer than any id: not a handle.
        if ve < b.len() && is_value_byte(b[ve]) {
            continue;
        }
        ve = vs + crate::glue::without_glued_label(&b[vs..ve]);
        while ve > vs && matches!(b[ve - 1], b'.' | b'-' | b'~') {
            ve -= 1;
        }
        if ve <= vs || claimed(vs, ve) {
            continue;
        }
        let raw = &t[vs..ve];
        let has_at = raw.starts_with('@');
        let name = raw.trim_start_matches('@');
        if STOPWORDS.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        let strong = labelled || has_at || strong_keyword(t, h);
        // Short or common-word platform names (`line`, `tg`, `wx`, `signal`) label a plain word
        // only with an `ID` word or an `@`; otherwise the value must look like an id.
        let kw = &t[h.start..h.end];
        let weak_kw = kw.is_ascii()
            && !strong_keyword(t, h)
            && !kw.eq_ignore_ascii_case("telegram")
            && !kw.eq_ignore_ascii_case("wechat")
            && !kw.eq_ignore_ascii_case("weixin");
        let id_like = name
            .bytes()
            .any(|c| c.is_ascii_digit() || matches!(c, b'_' | b'.' | b'-'));
        if weak_kw && !(has_at || id_word || id_like) {
            continue;
        }
        let found = match kind {
            SelectorKind::Telegram if strong && is_telegram_username(name, has_at) => {
                Some((name.to_ascii_lowercase(), "telegram:context"))
            }
            SelectorKind::Line if strong && is_line_id(name) => {
                let v = if has_at {
                    format!("@{}", name.to_ascii_lowercase())
                } else {
                    name.to_ascii_lowercase()
                };
                Some((v, "line:context"))
            }
            SelectorKind::Wechat if strong && !has_at && wechat_id(name) => {
                Some((name.to_ascii_lowercase(), "wechat:context"))
            }
            SelectorKind::Signal if strong && signal_username(name) => {
                Some((name.to_ascii_lowercase(), "signal:context"))
            }
            _ => None,
        };
        if let Some((value, rule)) = found {
            out.push(FoundHandle {
                start: vs,
                end: ve,
                kind,
                value,
                rule,
            });
        }
    }
}

/// An `@name` with no e-mail local part before it: a handle of the nearest named platform.
pub(crate) fn at_handle(
    t: &str,
    at: usize,
    hits: &Hits,
    field: Option<SelectorKind>,
) -> Option<FoundHandle> {
    let b = t.as_bytes();
    let mut e = at + 1;
    while e < b.len()
        && (b[e].is_ascii_alphanumeric() || b[e] == b'_' || b[e] == b'.')
        && e - at <= 33
    {
        e += 1;
    }
    while e > at + 1 && b[e - 1] == b'.' {
        e -= 1;
    }
    if e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'_') {
        return None;
    }
    let name = &t[at + 1..e];
    let platform = |c: Ctx| matches!(c, Ctx::Telegram | Ctx::Line | Ctx::Social | Ctx::Wechat);
    let before = hits.before(at, 40, platform);
    let after = hits.after(e, 24, platform);
    let nearest = match (before, after) {
        (Some(x), Some(y)) => Some(if at - x.end <= y.start - e { x } else { y }),
        (x, y) => x.or(y),
    };
    let kind = match (nearest.map(|h| h.ctx), field) {
        (Some(Ctx::Telegram), _) | (None, Some(SelectorKind::Telegram)) => SelectorKind::Telegram,
        (Some(Ctx::Line), _) | (None, Some(SelectorKind::Line)) => SelectorKind::Line,
        _ => return None,
    };
    match kind {
        SelectorKind::Telegram if !name.contains('.') && is_telegram_username(name, true) => {
            Some(FoundHandle {
                start: at,
                end: e,
                kind,
                value: name.to_ascii_lowercase(),
                rule: if nearest.is_some() {
                    "telegram:at-context"
                } else {
                    "telegram:field"
                },
            })
        }
        SelectorKind::Line if is_line_id(name) => Some(FoundHandle {
            start: at,
            end: e,
            kind,
            value: format!("@{}", name.to_ascii_lowercase()),
            rule: if nearest.is_some() {
                "line:at-context"
            } else {
                "line:field"
            },
        }),
        _ => None,
    }
}

/// A whole field value that names a handle without any marker (`telegram` field: `scam_boss`).
pub(crate) fn field_value(t: &str, kind: SelectorKind) -> Option<FoundHandle> {
    let trimmed =
        t.trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';'));
    let start = t.len()
        - t.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';'))
            .len();
    let end = start + trimmed.len();
    let name = trimmed.trim_start_matches('@');
    let has_at = name.len() != trimmed.len();
    let value = match kind {
        SelectorKind::Telegram if is_telegram_username(name, true) => name.to_ascii_lowercase(),
        SelectorKind::Line if is_line_id(name) => {
            if has_at {
                format!("@{}", name.to_ascii_lowercase())
            } else {
                name.to_ascii_lowercase()
            }
        }
        SelectorKind::Wechat if !has_at && wechat_id(name) => name.to_ascii_lowercase(),
        SelectorKind::Signal if signal_username(name) => name.to_ascii_lowercase(),
        _ => return None,
    };
    let rule = match kind {
        SelectorKind::Telegram => "telegram:field",
        SelectorKind::Line => "line:field",
        SelectorKind::Wechat => "wechat:field",
        _ => "signal:field",
    };
    Some(FoundHandle {
        start,
        end,
        kind,
        value,
        rule,
    })
}
