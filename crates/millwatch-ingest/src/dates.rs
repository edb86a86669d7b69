//! Loose date reading for the dates people type into sheets and chat apps write.
//!
//! Intake sheets are filled in by hand in many countries: the same column holds
//! `2024-03-05`, `05/03/2024`, `5 March 2024`, `Mar 5, 2024 2:30 PM`, `2024年3月5日`,
//! `5 มี.ค. 2567` (a Thai Buddhist-era year), a Unix timestamp or the serial number Excel
//! stores when a cell is formatted as a date. [`parse`] reads all of these into a
//! [`RecordTime`] without inventing precision: a bare day stays a day, and a time without a
//! zone stays local.
//!
//! The one thing a single value cannot settle is whether `05/03/2024` is the 5th of March
//! or the 3rd of May. Rather than guess per value, [`parse`] returns a [`Reading`] that says
//! so ([`Reading::Ambiguous`]), or that proves an order ([`Reading::Ordered`], e.g.
//! `25/03/2024`), and callers decide the order once per column or per file from the evidence
//! (see `tabular` and `whatsapp`). [`parse_loose`] is the one-shot form that prefers day
//! first, the order used in most of the world and in the region millwatch is built for.
//!
//! The parser tokenises (numbers, words, CJK date marks, separators) and interprets the
//! tokens; it never backtracks and refuses input longer than [`MAX_INPUT`], so it is cheap
//! on hostile cells.

use millwatch_model::RecordTime;

/// Longest text [`parse`] looks at; longer cells are not dates.
pub const MAX_INPUT: usize = 120;

/// Which of two numbers comes first in a numeric date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// `05/03/2024` is the 5th of March (most of the world).
    DayFirst,
    /// `05/03/2024` is the 3rd of May (United States, Philippines).
    MonthFirst,
}

/// Which readings beyond the written forms are allowed. Bare numbers are dates only in a
/// column known to hold dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Read bare 9–10 digit numbers as Unix seconds and 12–13 digit numbers as Unix
    /// milliseconds (UTC).
    pub unix: bool,
    /// Read 5-digit numbers between 20000 and 80000 (optionally with a fraction for the time
    /// of day) as Excel serial dates (1900 date system, as Excel and LibreOffice write them).
    pub excel_serial: bool,
    /// Read years above 2400 as Thai Buddhist-era years (2567 → 2024).
    pub buddhist_era: bool,
}

impl Rules {
    /// Everything allowed: for a column known to hold dates.
    pub const DATE_COLUMN: Rules = Rules {
        unix: true,
        excel_serial: true,
        buddhist_era: true,
    };
    /// Only written dates (no bare numbers), Buddhist-era years allowed.
    pub const WRITTEN: Rules = Rules {
        unix: false,
        excel_serial: false,
        buddhist_era: true,
    };
}

/// What a text says as a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reading {
    /// One reading only.
    Exact(RecordTime),
    /// A numeric day and month where only one order gives a real date; evidence for the
    /// order of the column or file it came from.
    Ordered(RecordTime, Order),
    /// A numeric day and month that are both 12 or less and differ.
    Ambiguous {
        /// The reading with the day first.
        day_first: RecordTime,
        /// The reading with the month first.
        month_first: RecordTime,
    },
}

impl Reading {
    /// The time under a chosen order (which only matters for [`Reading::Ambiguous`]).
    pub fn resolve(self, order: Order) -> RecordTime {
        match self {
            Reading::Exact(t) | Reading::Ordered(t, _) => t,
            Reading::Ambiguous {
                day_first,
                month_first,
            } => match order {
                Order::DayFirst => day_first,
                Order::MonthFirst => month_first,
            },
        }
    }

    /// The order this value proves, if any.
    pub fn evidence(&self) -> Option<Order> {
        match self {
            Reading::Ordered(_, o) => Some(*o),
            _ => None,
        }
    }

    /// Whether the value needs an order decided elsewhere.
    pub fn is_ambiguous(&self) -> bool {
        matches!(self, Reading::Ambiguous { .. })
    }
}

/// Reads a date or date-time with all rules of a date column, preferring day-first for
/// ambiguous numeric dates.
pub fn parse_loose(s: &str) -> Option<RecordTime> {
    parse(s, Rules::DATE_COLUMN).map(|r| r.resolve(Order::DayFirst))
}

/// Reads a date or date-time. `None` when the text is not a date this parser knows.
pub fn parse(s: &str, rules: Rules) -> Option<Reading> {
    let s = s.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    if s.is_empty() || s.len() > MAX_INPUT {
        return None;
    }
    if let Some(r) = parse_number(s, rules) {
        return r;
    }
    // ISO text takes the fast path unless its year is in the Buddhist era.
    let be_year = s
        .get(..4)
        .and_then(|y| y.parse::<u32>().ok())
        .is_some_and(|y| y > 2400);
    if !(rules.buddhist_era && be_year)
        && let Ok(t) = RecordTime::parse_iso(s)
    {
        return Some(Reading::Exact(t));
    }
    let tokens = tokenize(s)?;
    interpret(&tokens, rules)
}

/// Bare numbers: `Some(result)` when `s` is all digits (with an optional fraction), so the
/// caller should not try other forms.
fn parse_number(s: &str, rules: Rules) -> Option<Option<Reading>> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let value: i64 = match int.parse() {
        Ok(v) => v,
        Err(_) => return Some(None),
    };
    let reading = match (int.len(), frac) {
        (8, None) => compact_date(value, rules),
        (9 | 10, _) if rules.unix => RecordTime::from_unix(value).ok().map(Reading::Exact),
        (12 | 13, _) if rules.unix => RecordTime::from_unix(value / 1000).ok().map(Reading::Exact),
        (5, _) if rules.excel_serial && (20_000..=80_000).contains(&value) => {
            excel_serial(value, frac)
        }
        _ => None,
    };
    Some(reading)
}

/// `20240305` (or `25670305` in the Buddhist era).
fn compact_date(v: i64, rules: Rules) -> Option<Reading> {
    let year = i32::try_from(v / 10_000).ok()?;
    let month = u32::try_from(v / 100 % 100).ok()?;
    let day = u32::try_from(v % 100).ok()?;
    let year = fix_year(year, 4, rules)?;
    RecordTime::date(year, month, day).ok().map(Reading::Exact)
}

/// Excel's day number: day 1 is 1900-01-01 and Excel believes 1900 was a leap year, so for
/// every serial past 60 (all dates we accept) day 0 is 1899-12-30.
fn excel_serial(days: i64, frac: Option<&str>) -> Option<Reading> {
    const EPOCH_TO_1970: i64 = 25_569;
    let base = (days - EPOCH_TO_1970) * 86_400;
    let Some(frac) = frac else {
        let t = RecordTime::from_unix(base).ok()?;
        let date = t.as_str().get(..10)?;
        return RecordTime::parse_iso(date).ok().map(Reading::Exact);
    };
    // Only the first 9 digits of the fraction matter at one-second resolution.
    let digits = &frac[..frac.len().min(9)];
    let scale = 10f64.powi(i32::try_from(digits.len()).ok()?);
    let fraction = digits.parse::<f64>().ok()? / scale;
    // The fraction is in [0, 1), so the product fits in an i64 exactly.
    let secs = (fraction * 86_400.0).round() as i64;
    let t = RecordTime::from_unix(base + secs.min(86_399)).ok()?;
    // Excel times carry no zone: drop the `Z` that from_unix writes.
    let local = t.as_str().trim_end_matches('Z');
    RecordTime::parse_iso(local).ok().map(Reading::Exact)
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    /// A run of ASCII digits: value and number of digits.
    Num(u32, usize),
    /// A run of letters, lower-cased, dots removed.
    Word(String),
    /// A CJK date or time mark: 年 月 日 時 分 秒 년 월 일 …
    Mark(char),
    /// Punctuation.
    Sep(char),
}

fn is_mark(c: char) -> bool {
    matches!(
        c,
        '年' | '月'
            | '日'
            | '号'
            | '號'
            | '時'
            | '时'
            | '分'
            | '秒'
            | '点'
            | '點'
            | '년'
            | '월'
            | '일'
            | '시'
            | '분'
            | '초'
    )
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

fn tokenize(s: &str) -> Option<Vec<Tok>> {
    let mut toks = Vec::new();
    let mut chars = s.char_indices().peekable();
    let mut paren_depth = 0u32;
    while let Some((i, c)) = chars.next() {
        // Parenthesised parts are weekday names or remarks: `2024年3月5日(火)`.
        match c {
            '(' | '（' => {
                paren_depth += 1;
                continue;
            }
            ')' | '）' => {
                paren_depth = paren_depth.saturating_sub(1);
                continue;
            }
            _ if paren_depth > 0 => continue,
            _ => {}
        }
        if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = j + 1;
                chars.next();
            }
            let digits = &s[i..end];
            if digits.len() > 9 {
                return None;
            }
            toks.push(Tok::Num(digits.parse().ok()?, digits.len()));
        } else if is_mark(c) {
            toks.push(Tok::Mark(c));
        } else if is_word_char(c) {
            let mut word = String::new();
            word.extend(c.to_lowercase());
            while let Some(&(_, d)) = chars.peek() {
                if is_mark(d) || !(is_word_char(d) || d == '.') {
                    break;
                }
                if d != '.' {
                    word.extend(d.to_lowercase());
                }
                chars.next();
            }
            toks.push(Tok::Word(word));
        } else if c.is_whitespace() || c == '\u{200e}' || c == '\u{200f}' {
            continue;
        } else {
            toks.push(Tok::Sep(c));
        }
        if toks.len() > 40 {
            return None;
        }
    }
    Some(toks)
}

/// A month name or abbreviation in the languages of the region and of its analysts.
fn month_of(word: &str) -> Option<u32> {
    let m = match word {
        "january" | "jan" | "januari" | "enero" | "ene" | "janvier" | "janv" | "januar"
        | "janeiro" | "gennaio" | "gen" | "januarie" | "มกราคม" | "มค" => 1,
        "february"
        | "feb"
        | "februari"
        | "febrero"
        | "février"
        | "fevrier"
        | "févr"
        | "fevr"
        | "februar"
        | "fevereiro"
        | "fev"
        | "febbraio"
        | "pebrero"
        | "กุมภาพันธ์"
        | "กพ" => 2,
        "march" | "mar" | "maret" | "mac" | "marzo" | "mars" | "märz" | "marz" | "mär"
        | "março" | "marco" | "marso" | "มีนาคม" | "มีค" => 3,
        "april" | "apr" | "abril" | "abr" | "avril" | "avr" | "aprile" | "เมษายน" | "เมย" => {
            4
        }
        "may" | "mei" | "mayo" | "mai" | "maio" | "maggio" | "mag" | "พฤษภาคม" | "พค" => {
            5
        }
        "june"
        | "jun"
        | "juni"
        | "junio"
        | "juin"
        | "junho"
        | "giugno"
        | "giu"
        | "hunyo"
        | "มิถุนายน"
        | "มิย" => 6,
        "july"
        | "jul"
        | "juli"
        | "julai"
        | "julio"
        | "juillet"
        | "juil"
        | "julho"
        | "luglio"
        | "lug"
        | "hulyo"
        | "กรกฎาคม"
        | "กค" => 7,
        "august"
        | "aug"
        | "agustus"
        | "ogos"
        | "agu"
        | "agt"
        | "agosto"
        | "ago"
        | "août"
        | "aout"
        | "สิงหาคม"
        | "สค" => 8,
        "september"
        | "sep"
        | "sept"
        | "septiembre"
        | "setiembre"
        | "set"
        | "septembre"
        | "setembro"
        | "settembre"
        | "setyembre"
        | "กันยายน"
        | "กย" => 9,
        "october" | "oct" | "oktober" | "okt" | "octubre" | "octobre" | "outubro" | "out"
        | "ottobre" | "ott" | "oktubre" | "ตุลาคม" | "ตค" => 10,
        "november"
        | "nov"
        | "nopember"
        | "noviembre"
        | "novembre"
        | "novembro"
        | "nobyembre"
        | "พฤศจิกายน"
        | "พย" => 11,
        "december"
        | "dec"
        | "desember"
        | "disember"
        | "des"
        | "diciembre"
        | "dic"
        | "décembre"
        | "decembre"
        | "déc"
        | "dezember"
        | "dez"
        | "dezembro"
        | "dicembre"
        | "disyembre"
        | "ธันวาคม"
        | "ธค" => 12,
        _ => return None,
    };
    Some(m)
}

/// Words that carry nothing for the date: weekdays, fillers, ordinal suffixes, era marks.
fn is_filler(word: &str) -> bool {
    matches!(
        word,
        "mon"
            | "monday"
            | "tue"
            | "tues"
            | "tuesday"
            | "wed"
            | "wednesday"
            | "thu"
            | "thur"
            | "thurs"
            | "thursday"
            | "fri"
            | "friday"
            | "sat"
            | "saturday"
            | "sun"
            | "sunday"
            | "senin"
            | "selasa"
            | "rabu"
            | "kamis"
            | "jumat"
            | "sabtu"
            | "minggu"
            | "ahad"
            | "isnin"
            | "khamis"
            | "lunes"
            | "martes"
            | "miércoles"
            | "miercoles"
            | "jueves"
            | "viernes"
            | "sábado"
            | "sabado"
            | "domingo"
            | "of"
            | "the"
            | "at"
            | "on"
            | "de"
            | "del"
            | "el"
            | "le"
            | "um"
            | "à"
            | "a"
            | "às"
            | "pukul"
            | "jam"
            | "tanggal"
            | "tgl"
            | "lúc"
            | "luc"
            | "ngày"
            | "ngay"
            | "năm"
            | "nam"
            | "st"
            | "nd"
            | "rd"
            | "th"
            | "t"
            | "h"
            | "uhr"
            | "hrs"
            | "hr"
            | "ce"
            | "ad"
            | "be"
    )
}

/// Zone abbreviations that are not ambiguous in the region, in minutes east of UTC.
fn zone_of(word: &str) -> Option<i32> {
    Some(match word {
        "z" | "utc" | "gmt" | "ut" => 0,
        "ict" | "wib" => 7 * 60,
        "wita" | "sgt" | "myt" | "pht" | "hkt" | "awst" => 8 * 60,
        "wit" | "jst" | "kst" => 9 * 60,
        "mmt" => 6 * 60 + 30,
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Half {
    Am,
    Pm,
}

fn half_of(word: &str) -> Option<Half> {
    match word {
        "am" | "上午" | "午前" | "오전" | "ก่อนเที่ยง" | "sa" => {
            Some(Half::Am)
        }
        "pm" | "下午" | "午後" | "晚上" | "오후" | "หลังเที่ยง" | "ch" => {
            Some(Half::Pm)
        }
        _ => None,
    }
}

#[derive(Default)]
struct Clock {
    hour: u32,
    minute: u32,
    second: u32,
    half: Option<Half>,
    offset: Option<i32>,
    found: bool,
}

fn interpret(toks: &[Tok], rules: Rules) -> Option<Reading> {
    let mut used = vec![false; toks.len()];
    let mut clock = Clock::default();
    find_clock(toks, &mut used, &mut clock);

    // Words: months, AM/PM, zones, fillers. Anything else means this is not a date.
    let mut month_word: Option<(usize, u32)> = None;
    for (i, t) in toks.iter().enumerate() {
        if used[i] {
            continue;
        }
        let Tok::Word(w) = t else { continue };
        used[i] = true;
        if let Some(m) = month_of(w) {
            if month_word.is_some() {
                return None;
            }
            month_word = Some((i, m));
        } else if let Some(h) = half_of(w) {
            clock.half = Some(h);
        } else if w == "a" || w == "p" {
            // `a. m.` / `p. m.` with a space (Spanish): the `m` follows.
            if matches!(toks.get(i + 1), Some(Tok::Word(m)) if m == "m") {
                clock.half = Some(if w == "a" { Half::Am } else { Half::Pm });
                used[i + 1] = true;
            }
        } else if w == "tháng" || w == "thang" {
            // Vietnamese `5 tháng 3 năm 2024`: the month number follows.
            if let Some(Tok::Num(m, _)) = toks.get(i + 1)
                && !used[i + 1]
            {
                used[i + 1] = true;
                month_word = Some((i, *m));
            }
        } else if let Some(off) = zone_of(w) {
            if clock.found && clock.offset.is_none() {
                clock.offset = Some(off);
            }
        } else if is_filler(w) || w.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)) {
            // Thai words around dates (`วันที่`, `พ.ศ.`, weekday names) carry no date.
        } else {
            return None;
        }
    }

    let (year, month, day, evidence) = if let Some(ymd) = cjk_date(toks, &mut used) {
        (ymd.0, ymd.1, ymd.2, None)
    } else {
        let nums: Vec<(u32, usize)> = toks
            .iter()
            .enumerate()
            .filter(|&(i, _)| !used[i])
            .filter_map(|(_, t)| match t {
                Tok::Num(v, len) => Some((*v, *len)),
                _ => None,
            })
            .collect();
        if let Some((_, month)) = month_word {
            named_month_date(&nums, month)?
        } else {
            return numeric_date(&nums, &clock, rules);
        }
    };
    let year = fix_year(year, 4, rules)?;
    let t = build(year, month, day, &clock)?;
    Some(match evidence {
        Some(o) => Reading::Ordered(t, o),
        None => Reading::Exact(t),
    })
}

/// Finds `H:MM[:SS]` (or `14时30分`, `下午2点`) and a zone after it; marks the tokens used.
fn find_clock(toks: &[Tok], used: &mut [bool], clock: &mut Clock) {
    let num = |i: usize| match toks.get(i) {
        Some(Tok::Num(v, len)) => Some((*v, *len)),
        _ => None,
    };
    let sep = |i: usize, c: char| matches!(toks.get(i), Some(Tok::Sep(x)) if *x == c);
    let mark = |i: usize, c: &[char]| matches!(toks.get(i), Some(Tok::Mark(x)) if c.contains(x));
    let mut end = None;
    for i in 0..toks.len() {
        let Some((h, hl)) = num(i) else { continue };
        if hl > 2 {
            continue;
        }
        if sep(i + 1, ':')
            && let Some((m, 2)) = num(i + 2)
        {
            clock.hour = h;
            clock.minute = m;
            let mut j = i + 3;
            if sep(j, ':')
                && let Some((s, 2)) = num(j + 1)
            {
                clock.second = s;
                j += 2;
                // Fractions of a second are dropped.
                if (sep(j, '.') || sep(j, ',')) && num(j + 1).is_some() {
                    j += 2;
                }
            }
            end = Some((i, j));
            break;
        }
        if mark(i + 1, &['时', '時', '点', '點', '시']) {
            clock.hour = h;
            let mut j = i + 2;
            if let Some((m, ml)) = num(j)
                && ml <= 2
                && mark(j + 1, &['分', '분'])
            {
                clock.minute = m;
                j += 2;
                if let Some((s, sl)) = num(j)
                    && sl <= 2
                    && mark(j + 1, &['秒', '초'])
                {
                    clock.second = s;
                    j += 2;
                }
            }
            end = Some((i, j));
            break;
        }
        // Thai `14.30 น.` and Indonesian `14.30 WIB`: a dot-separated time followed by a
        // time word.
        if sep(i + 1, '.')
            && let Some((m, 2)) = num(i + 2)
            && matches!(toks.get(i + 3), Some(Tok::Word(w)) if w == "น" || w == "นาฬิกา" || zone_of(w).is_some() || half_of(w).is_some())
        {
            clock.hour = h;
            clock.minute = m;
            end = Some((i, i + 3));
            break;
        }
    }
    let Some((start, j)) = end else { return };
    clock.found = true;
    for u in &mut used[start..j] {
        *u = true;
    }
    // A numeric offset right after the time: `+07:00`, `+0700`, `-03`, `GMT+7`, `UTC+07:00`.
    let mut k = j;
    if matches!(toks.get(k), Some(Tok::Word(w)) if w == "gmt" || w == "utc" || w == "z") {
        clock.offset = Some(0);
        used[k] = true;
        k += 1;
    }
    if let Some(Tok::Sep(sign @ ('+' | '-' | '−'))) = toks.get(k)
        && let Some((v, len)) = num(k + 1)
    {
        let (oh, om, n) = match len {
            1 | 2 if sep(k + 2, ':') => match num(k + 3) {
                Some((m, 2)) => (v, m, 4),
                _ => (v, 0, 2),
            },
            1 | 2 => (v, 0, 2),
            4 => (v / 100, v % 100, 2),
            _ => (99, 0, 0),
        };
        if oh < 15 && om < 60 {
            let off = i32::try_from(oh * 60 + om).unwrap_or(0);
            clock.offset = Some(if *sign == '+' { off } else { -off });
            for u in &mut used[k..k + n] {
                *u = true;
            }
        }
    }
}

/// `2024年3月5日`, `2024년 3월 5일`: year, month and day from the marks.
fn cjk_date(toks: &[Tok], used: &mut [bool]) -> Option<(i32, u32, u32)> {
    let before = |c: &[char]| {
        toks.iter().enumerate().find_map(|(i, t)| match t {
            Tok::Mark(m) if c.contains(m) && i > 0 => match toks[i - 1] {
                Tok::Num(v, _) => Some((i - 1, v)),
                _ => None,
            },
            _ => None,
        })
    };
    let (yi, y) = before(&['年', '년'])?;
    let (mi, m) = before(&['月', '월'])?;
    let (di, d) = before(&['日', '号', '號', '일'])?;
    for i in [yi, mi, di] {
        used[i] = true;
        used[i + 1] = true;
    }
    Some((i32::try_from(y).ok()?, m, d))
}

/// `5 March 2024`, `March 5, 2024`, `05-Mar-24`: the day is the first number that is not a
/// four-digit year.
fn named_month_date(nums: &[(u32, usize)], month: u32) -> Option<(i32, u32, u32, Option<Order>)> {
    let (day, year) = match nums {
        [(a, al), (b, bl)] => {
            if *al >= 3 {
                (*b, (*a, *al))
            } else {
                (*a, (*b, *bl))
            }
        }
        _ => return None,
    };
    if year.1 == 1 || year.1 == 3 {
        return None;
    }
    let y = i32::try_from(year.0).ok()?;
    let y = if year.1 == 2 { two_digit_year(y) } else { y };
    Some((y, month, day, None))
}

fn two_digit_year(y: i32) -> i32 {
    if y < 70 { 2000 + y } else { 1900 + y }
}

/// Corrects two-digit and Buddhist-era years.
fn fix_year(y: i32, digits: usize, rules: Rules) -> Option<i32> {
    let y = if digits == 2 { two_digit_year(y) } else { y };
    if rules.buddhist_era && (2400..=2800).contains(&y) {
        return Some(y - 543);
    }
    (1000..=2400).contains(&y).then_some(y)
}

/// `2024/03/05`, `05.03.2024`, `5/3/24`: three numbers.
fn numeric_date(nums: &[(u32, usize)], clock: &Clock, rules: Rules) -> Option<Reading> {
    let &[(a, al), (b, bl), (c, cl)] = nums else {
        return None;
    };
    let signed = |v: u32| i32::try_from(v).ok();
    if al == 4 {
        // Year first: always year, month, day.
        let y = fix_year(signed(a)?, al, rules)?;
        return build(y, b, c, clock).map(Reading::Exact);
    }
    if al > 2 || bl > 2 || !(cl == 2 || cl == 4) {
        return None;
    }
    let y = fix_year(signed(c)?, cl, rules)?;
    let day_first = build(y, b, a, clock);
    let month_first = build(y, a, b, clock);
    match (day_first, month_first) {
        (Some(d), Some(m)) if d == m => Some(Reading::Exact(d)),
        (Some(d), Some(m)) => Some(Reading::Ambiguous {
            day_first: d,
            month_first: m,
        }),
        (Some(d), None) => Some(Reading::Ordered(d, Order::DayFirst)),
        (None, Some(m)) => Some(Reading::Ordered(m, Order::MonthFirst)),
        (None, None) => None,
    }
}

/// Builds a date, or a date-time when a clock was found.
fn build(year: i32, month: u32, day: u32, clock: &Clock) -> Option<RecordTime> {
    if !clock.found {
        return RecordTime::date(year, month, day).ok();
    }
    let hour = match clock.half {
        None => clock.hour,
        // `13:00 PM` happens; the 24-hour reading is the only one that makes sense.
        Some(_) if clock.hour > 12 => clock.hour,
        Some(Half::Am) => clock.hour % 12,
        Some(Half::Pm) => clock.hour % 12 + 12,
    };
    RecordTime::from_parts(
        year,
        month,
        day,
        hour,
        clock.minute,
        clock.second,
        clock.offset,
    )
    .ok()
}

#[cfg(test)]
mod tests;
