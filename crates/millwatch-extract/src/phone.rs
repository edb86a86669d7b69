//! Numbers: digit sequences become phone numbers, payment cards or bank accounts — or nothing.
//!
//! Candidate finding is ours (`rlibphonenumber` only validates and formats): a *sequence* is
//! digit groups joined by phone separators (space, `-`, `.`, brackets), optionally after `+`.
//! Within a sequence the longest run of groups that validates is taken, then the scan goes on
//! after it, so lists such as `012345678 098765432` give two numbers. Before asking
//! libphonenumber, cheap rules throw out what investigators must never see as a phone
//! number: dates, amounts (currency words or symbols next to them, thousands grouping),
//! order and transaction ids (context words), times, versions and coordinates (decimal points).
//!
//! National numbers need a region (the record's country, else the configured default);
//! without one they are left out. Bare digits that start with a country code count only in
//! phone or messenger context (a `phone` field, `WhatsApp:` before them).
//!
//! Work is bounded: sequences are capped in groups and digits, each sequence gets a small
//! budget of libphonenumber calls, and each scan a budget proportional to its length, so
//! hostile text (megabytes of digit groups) stays linear.

use rlibphonenumber::{PHONE_NUMBER_UTIL, PhoneNumberFormat, Region};

use std::cell::RefCell;

use crate::bank;
use crate::context::{Ctx, Hits};
use crate::memo::{self, Memo};

thread_local! {
    static INTERNATIONAL: RefCell<Memo<Option<String>>> = RefCell::new(Memo::new());
    static NATIONAL: RefCell<Memo<Option<String>>> = RefCell::new(Memo::new());
}

/// Longest digit group kept in a sequence (19: card numbers).
const MAX_GROUP: usize = 19;
/// Most groups in one sequence.
const MAX_GROUPS: usize = 24;
/// Most digits in one sequence.
const MAX_DIGITS: usize = 40;
/// libphonenumber calls allowed per sequence.
const SEQ_BUDGET: u32 = 6;
/// Classification attempts allowed per sequence.
const MAX_TRIES: u32 = 40;
/// How far before a number context words count (bytes of folded text).
const CTX_BEFORE: usize = 48;
/// How far after a number context words count.
const CTX_AFTER: usize = 24;

/// What a number turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NumberKind {
    /// A phone number in E.164; `messenger` when a WhatsApp/Signal context decided.
    Phone {
        e164: String,
        rule: &'static str,
        messenger: Option<Ctx>,
    },
    /// A payment card, digits only.
    Card { digits: String },
    /// A bank account, digits only.
    BankAccount { digits: String },
}

/// A number found in the folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FoundNumber {
    pub start: usize,
    pub end: usize,
    pub kind: NumberKind,
}

/// Phone-number metadata prepared once per extractor.
pub(crate) struct PhoneRules {
    calling_codes: Vec<bool>,
}

/// What the caller knows about the whole text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NumberScope {
    pub region: Option<Region>,
    /// The text is a phone-like field's value (`phone`, `whatsapp` …).
    pub field_phone: bool,
    /// The field says WhatsApp or Signal.
    pub field_messenger: Option<Ctx>,
    /// Which kinds to report.
    pub want_phone: bool,
    pub want_card: bool,
    pub want_bank: bool,
}

#[derive(Clone, Copy, Debug)]
struct Group {
    s: usize,
    e: usize,
    /// The separator before this group (0 for the first).
    sep: u8,
}

fn is_digit(b: u8) -> bool {
    b.is_ascii_digit()
}

/// Parses a separator at `i`; returns its end and its kind byte when a digit follows.
fn separator(b: &[u8], i: usize) -> Option<(usize, u8)> {
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    let (len, kind) = match (at(0), at(1), at(2)) {
        (b' ', b'-', b' ') => (3, b'-'),
        (b')', b' ', b'(') => return None,
        (b')', b' ', _) => (2, b')'),
        (b')', b'-', _) => (2, b')'),
        (b' ', b'(', _) => (2, b'('),
        (b'-', b'(', _) => (2, b'('),
        (b' ', b' ', _) => (2, b' '),
        (b' ' | b'-' | b'.', _, _) => (1, at(0)),
        (b')', _, _) => (1, b')'),
        (b'(', _, _) => (1, b'('),
        _ => return None,
    };
    is_digit(at(len)).then_some((i + len, kind))
}

/// A byte that may not touch a number on its left.
fn bad_left(b: &[u8], s: usize) -> bool {
    if s == 0 {
        return false;
    }
    let p = b[s - 1];
    let pp = if s >= 2 { b[s - 2] } else { b' ' };
    match p {
        b'_' | b'/' | b'@' | b'#' | b'=' | b'&' | b'%' | b'\\' | b'$' | b'~' | b'^' => true,
        b'.' | b',' | b'-' | b'\'' => pp.is_ascii_alphanumeric(),
        _ => p.is_ascii_alphanumeric() || p >= 0x80 && is_money_char_before(b, s),
    }
}

/// Whether the non-ASCII character ending at `s` is a currency sign (`€`, `£`, `¥`, `₫` …).
fn is_money_char_before(b: &[u8], s: usize) -> bool {
    let from = s.saturating_sub(4);
    let tail = &b[from..s];
    ["€", "£", "¥", "₫", "฿", "₱", "₹", "₩", "៛", "₭", "₮", "₽"]
        .iter()
        .any(|c| tail.ends_with(c.as_bytes()))
}

/// A byte that may not touch a number on its right.
fn bad_right(b: &[u8], e: usize) -> bool {
    let Some(&n) = b.get(e) else { return false };
    let nn = b.get(e + 1).copied().unwrap_or(b' ');
    match n {
        b'_' | b'@' | b'%' | b'$' | b'=' => true,
        b'.' | b',' => nn.is_ascii_digit(),
        b'/' | b':' => nn.is_ascii_digit(),
        b'-' => nn.is_ascii_alphanumeric(),
        _ => n.is_ascii_alphanumeric(),
    }
}

fn year(v: u32) -> bool {
    (1900..=2099).contains(&v)
}

fn num(b: &[u8], g: &Group) -> u32 {
    b[g.s..g.e]
        .iter()
        .take(9)
        .fold(0, |a, &d| a * 10 + u32::from(d - b'0'))
}

/// Whether the groups read as a date (or date and time): `2024-05-12`, `12.05.2024`,
/// `12/5/24`, `20240512`.
fn looks_like_date(b: &[u8], gs: &[Group]) -> bool {
    let mut lens = [0usize; 3];
    for (l, g) in lens.iter_mut().zip(gs) {
        *l = g.e - g.s;
    }
    let n = |i: usize| num(b, &gs[i]);
    if gs.len() >= 3 {
        let (a, m, c) = (n(0), n(1), n(2));
        if lens[0] == 4 && year(a) && (1..=12).contains(&m) && (1..=31).contains(&c) && lens[2] <= 2
        {
            return true;
        }
        if lens[2] == 4
            && year(c)
            && lens[0] <= 2
            && lens[1] <= 2
            && (1..=31).contains(&a)
            && (1..=31).contains(&m)
        {
            return true;
        }
        if lens[0] <= 2
            && lens[1] <= 2
            && lens[2] == 2
            && gs[1].sep == gs[2].sep
            && matches!(gs[1].sep, b'.' | b'-' | b'/')
        {
            return (1..=31).contains(&a) && (1..=31).contains(&m);
        }
    }
    if gs.len() == 1 && (lens[0] == 8 || lens[0] == 12 || lens[0] == 14) {
        let d = &b[gs[0].s..gs[0].e];
        let v = |x: usize, y: usize| {
            d[x..y]
                .iter()
                .fold(0u32, |a, &c| a * 10 + u32::from(c - b'0'))
        };
        if year(v(0, 4)) && (1..=12).contains(&v(4, 6)) && (1..=31).contains(&v(6, 8)) {
            return true;
        }
        if lens[0] == 8
            && year(v(4, 8))
            && (1..=31).contains(&v(0, 2))
            && (1..=12).contains(&v(2, 4))
        {
            return true;
        }
    }
    false
}

/// Whether the groups read as an amount with thousands grouping (`1.500.000`, `5 000 000`).
fn looks_like_thousands(b: &[u8], gs: &[Group], plus: bool) -> bool {
    if plus || gs.len() < 2 || b[gs[0].s] == b'0' || gs[0].e - gs[0].s > 3 {
        return false;
    }
    let sep = gs[1].sep;
    matches!(sep, b'.' | b' ') && gs[1..].iter().all(|g| g.e - g.s == 3 && g.sep == sep)
}

impl PhoneRules {
    pub fn new() -> PhoneRules {
        let mut calling_codes = vec![false; 1000];
        for cc in PHONE_NUMBER_UTIL.get_supported_calling_codes() {
            if let Ok(i) = usize::try_from(cc)
                && i < calling_codes.len()
            {
                calling_codes[i] = true;
            }
        }
        PhoneRules { calling_codes }
    }

    /// Whether `digits` (no `+`) starts with an assigned country calling code.
    fn starts_with_cc(&self, digits: &[u8]) -> bool {
        (1..=3).any(|k| {
            digits.len() > k && {
                let v = digits[..k]
                    .iter()
                    .fold(0usize, |a, &d| a * 10 + usize::from(d - b'0'));
                self.calling_codes[v]
            }
        })
    }

    /// Validates digits in international form (no `+`) and returns E.164. Memoised per
    /// thread ([`crate::memo`]).
    pub fn international(&self, digits: &str) -> Option<String> {
        let d = digits.as_bytes();
        if d.len() < 7
            || d.len() > 15
            || !d.iter().all(|c| c.is_ascii_digit())
            || !self.starts_with_cc(d)
        {
            return None;
        }
        memo::cached(&INTERNATIONAL, digits, || {
            self.international_uncached(digits)
        })
    }

    fn international_uncached(&self, digits: &str) -> Option<String> {
        let d = digits.as_bytes();
        if d.len() < 7
            || d.len() > 15
            || !d.iter().all(|c| c.is_ascii_digit())
            || !self.starts_with_cc(d)
        {
            return None;
        }
        let n = PHONE_NUMBER_UTIL.parse(format!("+{digits}"), None).ok()?;
        PHONE_NUMBER_UTIL.is_valid_number(&n).then(|| {
            PHONE_NUMBER_UTIL
                .format(&n, PhoneNumberFormat::E164)
                .into_owned()
        })
    }

    /// Validates a national number for `region` and returns E.164. Memoised per thread
    /// ([`crate::memo`]), keyed by region and digits.
    fn national(&self, digits: &str, region: Region) -> Option<String> {
        // Region codes are two letters, or `001` (the only one that starts with a digit), so
        // the code and the digits after it are one unambiguous key.
        let code = region.as_region_str();
        memo::cached_parts(&NATIONAL, code.as_str(), digits, || {
            Self::national_uncached(digits, region)
        })
    }

    fn national_uncached(digits: &str, region: Region) -> Option<String> {
        let n = PHONE_NUMBER_UTIL.parse(digits, Some(region)).ok()?;
        if !PHONE_NUMBER_UTIL.is_valid_number_for_region(&n, region) {
            return None;
        }
        Some(
            PHONE_NUMBER_UTIL
                .format(&n, PhoneNumberFormat::E164)
                .into_owned(),
        )
    }

    /// Finds the numbers in folded text `t`, looking for their first digit only inside
    /// `digit_chunks` (the scan's chunks that hold a digit, in order); a number may run on
    /// into the following chunks. `claimed(start, end)` says whether a span is already taken
    /// by another selector (URLs, IPs, wallets …).
    pub fn scan(
        &self,
        t: &str,
        digit_chunks: &[(usize, usize)],
        hits: &Hits,
        scope: NumberScope,
        claimed: &mut dyn FnMut(usize, usize) -> bool,
        out: &mut Vec<FoundNumber>,
    ) {
        let b = t.as_bytes();
        let mut budget: u64 = 10_000 + (b.len() as u64) / 16;
        let mut groups: Vec<Group> = Vec::new();
        let mut i = 0;
        for &(cs, ce) in digit_chunks {
            i = i.max(cs);
            while i < ce {
                // Next digit in this chunk.
                match b[i..ce].iter().position(|&c| is_digit(c)) {
                    Some(k) => i += k,
                    None => break,
                }
                let first = i;
                // Collect the sequence.
                groups.clear();
                let mut digits = 0;
                let mut long = false;
                let mut j = i;
                let mut sep = 0u8;
                loop {
                    let gs = j;
                    while j < b.len() && is_digit(b[j]) {
                        j += 1;
                    }
                    if j - gs > MAX_GROUP {
                        long = true;
                        break;
                    }
                    groups.push(Group { s: gs, e: j, sep });
                    digits += j - gs;
                    if groups.len() >= MAX_GROUPS || digits >= MAX_DIGITS {
                        break;
                    }
                    match separator(b, j) {
                        Some((next, kind)) => {
                            sep = kind;
                            j = next;
                        }
                        None => break,
                    }
                }
                if long {
                    // An id, hash or serial: skip the whole digit run.
                    while j < b.len() && is_digit(b[j]) {
                        j += 1;
                    }
                    i = j;
                    continue;
                }
                let seq_end = groups.last().map_or(j, |g| g.e);
                i = seq_end.max(first + 1);
                let adjacent_plus = first >= 1 && b[first - 1] == b'+';
                // `+ 8 5 5 …`: the plus set apart like the digits (chat-style spacing),
                // not the `+` of a sum (`3 + 4`).
                let spaced_plus = !adjacent_plus
                    && first >= 2
                    && b[first - 1] == b' '
                    && b[first - 2] == b'+'
                    && (first < 3 || !b[first - 3].is_ascii_alphanumeric())
                    && (first < 4 || b[first - 3] != b' ' || !b[first - 4].is_ascii_digit());
                let plus = adjacent_plus || spaced_plus;
                let start = if spaced_plus {
                    first - 2
                } else if plus || (first >= 1 && b[first - 1] == b'(') {
                    first - 1
                } else {
                    first
                };
                if bad_left(b, start) {
                    continue;
                }
                self.segment(
                    b,
                    &groups,
                    plus,
                    start,
                    hits,
                    scope,
                    claimed,
                    &mut budget,
                    out,
                );
            }
        }
    }

    /// Splits one sequence into numbers: from each group, the longest run that validates.
    #[allow(clippy::too_many_arguments)]
    fn segment(
        &self,
        b: &[u8],
        groups: &[Group],
        plus: bool,
        seq_start: usize,
        hits: &Hits,
        scope: NumberScope,
        claimed: &mut dyn FnMut(usize, usize) -> bool,
        budget: &mut u64,
        out: &mut Vec<FoundNumber>,
    ) {
        let mut seq_budget = SEQ_BUDGET;
        // Classification attempts per sequence (each costs a few context look-ups).
        let mut tries = 0u32;
        let seq_end = groups.last().map_or(seq_start, |g| g.e);
        // Asked only for chat-style digits (rare), then remembered.
        let mut seq_phone_ctx: Option<bool> = None;
        let mut seq_phone_ctx = || {
            *seq_phone_ctx.get_or_insert_with(|| {
                scope.field_phone
                    || hits.before(seq_start, CTX_BEFORE, is_phone_ctx).is_some()
                    || hits.after(seq_end, CTX_AFTER, is_phone_ctx).is_some()
            })
        };
        let mut a = 0;
        while a < groups.len() && tries < MAX_TRIES {
            let mut found = None;
            let mut total = 0;
            let mut max_b = a;
            for (k, g) in groups.iter().enumerate().skip(a) {
                total += g.e - g.s;
                if total > MAX_GROUP {
                    break;
                }
                max_b = k;
            }
            for end in (a..=max_b).rev() {
                let gs = &groups[a..=end];
                let nd: usize = gs.iter().map(|g| g.e - g.s).sum();
                if nd < 6 {
                    break;
                }
                let start = if a == 0 { seq_start } else { groups[a].s };
                let mut stop = gs[gs.len() - 1].e;
                // Keep a closing bracket that belongs to the number, e.g. `(012) 345`.
                if b.get(stop) == Some(&b')') && b[start] == b'(' && gs.len() == 1 {
                    stop += 1;
                }
                if bad_right(b, gs[gs.len() - 1].e) {
                    continue;
                }
                let cand_plus = plus && a == 0;
                // Chat-style digits one by one need a `+` or phone context.
                if !cand_plus
                    && gs.iter().filter(|g| g.e - g.s == 1).count() >= 4
                    && !seq_phone_ctx()
                {
                    continue;
                }
                if claimed(start, stop) {
                    continue;
                }
                tries += 1;
                if tries > MAX_TRIES {
                    break;
                }
                if let Some(kind) = self.classify(
                    b,
                    gs,
                    cand_plus,
                    start,
                    stop,
                    hits,
                    scope,
                    &mut seq_budget,
                    budget,
                ) {
                    found = Some((
                        end,
                        FoundNumber {
                            start,
                            end: stop,
                            kind,
                        },
                    ));
                    break;
                }
                if seq_budget == 0 || *budget == 0 {
                    break;
                }
            }
            match found {
                Some((end, f)) => {
                    out.push(f);
                    a = end + 1;
                }
                None => a += 1,
            }
            if seq_budget == 0 || *budget == 0 {
                break;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn classify(
        &self,
        b: &[u8],
        gs: &[Group],
        plus: bool,
        start: usize,
        stop: usize,
        hits: &Hits,
        scope: NumberScope,
        seq_budget: &mut u32,
        budget: &mut u64,
    ) -> Option<NumberKind> {
        // The digits, on the stack: a sequence holds fewer than MAX_DIGITS + MAX_GROUP.
        let mut buf = [0u8; 64];
        let mut len = 0;
        for g in gs {
            let part = &b[g.s..g.e];
            buf.get_mut(len..len + part.len())?.copy_from_slice(part);
            len += part.len();
        }
        // Groups are ASCII digits, so this is valid UTF-8.
        let d = std::str::from_utf8(&buf[..len]).ok()?;
        let db = d.as_bytes();
        let nd = db.len();
        let first_sep = gs.get(1).map_or(0, |g| g.sep);

        // Context around the number (the hits are searched once for each side).
        let (hb, ha) = (hits.ending_by(start), hits.starting_before(stop));
        let phone_ctx = hits
            .before_from(hb, start, CTX_BEFORE, is_phone_ctx)
            .or_else(|| hits.after_from(ha, stop, CTX_AFTER, is_phone_ctx));
        let not_phone = hits.before_from(hb, start, 24, |c| matches!(c, Ctx::NotPhone | Ctx::Tx));
        let bank_ctx = hits.before_from(hb, start, 40, |c| c == Ctx::Bank);
        let money_before = hits.before_from(hb, start, 3, |c| c == Ctx::Money);
        let money_after = hits.after_from(ha, stop, 2, |c| c == Ctx::Money);
        let version = hits.before_from(hb, start, 10, |c| c == Ctx::Version);
        let date_ctx = hits.before_from(hb, start, 12, |c| c == Ctx::Date);
        // The nearest context word decides between phone and not-phone.
        let nearest_end = |h: Option<crate::context::Hit>| h.map_or(0, |h| h.end + 1);
        let phone_near = phone_ctx
            .is_some_and(|p| p.end > start || nearest_end(Some(p)) >= nearest_end(not_phone))
            || scope.field_phone;

        if money_before.is_some() || money_after.is_some() || version.is_some() {
            return None;
        }
        if !plus && looks_like_date(b, gs) {
            return None;
        }
        if date_ctx.is_some() && !plus && !phone_near {
            return None;
        }
        if looks_like_thousands(b, gs, plus) && !phone_near && bank_ctx.is_none() {
            return None;
        }
        // Decimal numbers: a `.` group of one digit, or a coordinate-like `dd.dddddd`.
        if !plus && gs.len() == 2 && first_sep == b'.' {
            return None;
        }

        // Cards first: 13-19 digits, Luhn and an issuer prefix, grouped as cards are.
        if !plus && (13..=19).contains(&nd) && scope.want_card {
            let grouped = gs.len() == 1
                || gs
                    .iter()
                    .skip(1)
                    .all(|g| g.sep == gs[1].sep && matches!(g.sep, b' ' | b'-'));
            if grouped && bank::luhn(db) && bank::card_issuer(db).is_some() && !phone_near {
                return Some(NumberKind::Card {
                    digits: d.to_owned(),
                });
            }
        }
        // Bank accounts: digits after a bank or account word, nearer than any phone word.
        if !plus
            && scope.want_bank
            && (6..=20).contains(&nd)
            && let Some(bh) = bank_ctx
        {
            let phone_nearer = phone_ctx.is_some_and(|p| p.end > bh.end && p.end <= start);
            if !phone_nearer && !scope.field_phone {
                return Some(NumberKind::BankAccount {
                    digits: d.to_owned(),
                });
            }
        }
        if !scope.want_phone || !(7..=17).contains(&nd) {
            return None;
        }
        if not_phone.is_some() && !phone_near {
            return None;
        }
        // Chat-style digits one by one need context or a `+`.
        let singles = gs.iter().filter(|g| g.e - g.s == 1).count();
        if singles >= 4 && !plus && !phone_near {
            return None;
        }
        let mut ask = |f: &dyn Fn() -> Option<String>| -> Option<String> {
            if *seq_budget == 0 || *budget == 0 {
                return None;
            }
            *seq_budget -= 1;
            *budget -= 1;
            f()
        };
        let messenger = phone_ctx
            .map(|h| h.ctx)
            .filter(|c| matches!(c, Ctx::Whatsapp | Ctx::Signal))
            .or(scope.field_messenger);
        let with = |e164: String, rule: &'static str| {
            let rule = match (messenger, phone_ctx.is_some() || scope.field_phone) {
                (Some(Ctx::Whatsapp), _) => "phone:context-whatsapp",
                (Some(Ctx::Signal), _) => "phone:context-signal",
                (_, true) if rule == "phone:national" => "phone:national-context",
                _ => rule,
            };
            Some(NumberKind::Phone {
                e164,
                rule,
                messenger,
            })
        };

        if plus {
            if nd > 15 {
                return None;
            }
            let e = ask(&|| self.international(d))?;
            return with(e, "phone:international");
        }
        if nd >= 11 && db.starts_with(b"00") && self.starts_with_cc(&db[2..]) {
            let rest = &d[2..];
            if let Some(e) = ask(&|| self.international(rest)) {
                return with(e, "phone:international-00");
            }
            return None;
        }
        let region = scope.region;
        if db[0] == b'0' {
            let r = region?;
            if nd < 8 {
                return None;
            }
            let e = ask(&|| self.national(d, r))?;
            return with(e, "phone:national");
        }
        // No trunk prefix: a country code written without `+` (in phone context), or the
        // formats of regions that dial without one.
        if let Some(r) = region {
            let cc = PHONE_NUMBER_UTIL
                .get_country_code_for_region(r)
                .map(|c| c.to_string());
            let starts_with_own_cc = cc.as_deref().is_some_and(|c| d.starts_with(c)) && nd >= 10;
            if starts_with_own_cc
                && phone_near
                && cc_grouping(b, gs, &self.calling_codes)
                && let Some(e) = ask(&|| self.international(d))
            {
                return with(e, "phone:country-code-context");
            }
            let nanp = PHONE_NUMBER_UTIL.get_country_code_for_region(r) == Some(1);
            let nanp_format = nanp
                && nd == 10
                && gs.len() == 3
                && gs[0].e - gs[0].s == 3
                && gs[1].e - gs[1].s == 3;
            let cn_mobile = r == Region::from_code("CN").ok()?
                && nd == 11
                && db[0] == b'1'
                && (b'3'..=b'9').contains(&db[1]);
            let close =
                scope.field_phone || hits.before_from(hb, start, 24, is_phone_ctx).is_some();
            if (nanp_format || cn_mobile || close)
                && let Some(e) = ask(&|| self.national(d, r))
            {
                return with(e, "phone:national");
            }
        }
        if phone_near
            && nd >= 10
            && self.starts_with_cc(db)
            && cc_grouping(b, gs, &self.calling_codes)
            && let Some(e) = ask(&|| self.international(d))
        {
            return with(e, "phone:country-code-context");
        }
        None
    }
}

/// Whether a number written without `+` can start with its country code: digits written
/// together, or a first group that is exactly a country code (`855 12 345 678`), never an
/// area code in brackets (`(201) 555-0123`).
fn cc_grouping(b: &[u8], gs: &[Group], codes: &[bool]) -> bool {
    if gs.len() == 1 {
        return true;
    }
    if gs.iter().any(|g| matches!(g.sep, b'(' | b')')) {
        return false;
    }
    let first = &b[gs[0].s..gs[0].e];
    first.len() <= 3
        && codes[first
            .iter()
            .fold(0usize, |a, &d| a * 10 + usize::from(d - b'0'))]
}

fn is_phone_ctx(c: Ctx) -> bool {
    matches!(
        c,
        Ctx::Phone | Ctx::Whatsapp | Ctx::Telegram | Ctx::Signal | Ctx::Line | Ctx::Wechat
    )
}
