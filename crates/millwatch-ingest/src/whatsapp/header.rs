//! The timestamp at the start of a WhatsApp line, in every layout we know.
//!
//! Parsed by hand rather than with a regular expression because the variations are many
//! but shallow (separators, 12/24-hour clocks in several scripts, invisible marks and odd
//! spaces), and the parser must be cheap: it runs on every line of a large export. It only
//! reads the structure; which of the first two numbers is the day is decided for the whole
//! file by the caller ([`Header::time`] takes the order).

use millwatch_model::RecordTime;

/// The order of the date's numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Order {
    /// 31/12/2023
    Dmy,
    /// 12/31/2023
    Mdy,
    /// 2023-12-31
    Ymd,
}

impl Order {
    pub(crate) fn words(self) -> &'static str {
        match self {
            Order::Dmy => "day first",
            Order::Mdy => "month first",
            Order::Ymd => "year first",
        }
    }
}

/// A parsed line timestamp.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    /// The three date numbers as written, with their digit counts.
    pub date: [(u32, usize); 3],
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// `Some(true)` for PM, `Some(false)` for AM, `None` for a 24-hour clock.
    pub pm: Option<bool>,
    /// Written `AM`/`PM` in capitals, as US phones do.
    pub upper_ampm: bool,
    /// The iOS layout (`[date, time] Name: text`).
    pub ios: bool,
    /// Byte offset in the line where the body (`Name: text` or a system text) starts.
    pub body: usize,
}

impl Header {
    /// The time this header gives under a date order; `None` if that is not a real date.
    pub(crate) fn time(&self, order: Order) -> Option<RecordTime> {
        let [(a, al), (b, _), (c, cl)] = self.date;
        let (year, yl, month, day) = if al == 4 {
            (a, al, b, c)
        } else {
            match order {
                Order::Dmy => (c, cl, b, a),
                Order::Mdy => (c, cl, a, b),
                Order::Ymd => return None,
            }
        };
        let year = i32::try_from(year).ok()?;
        let year = if yl == 2 { 2000 + year } else { year };
        // Thai phones write Buddhist-era years.
        let year = if year > 2400 { year - 543 } else { year };
        let hour = match self.pm {
            None => self.hour,
            Some(false) => self.hour % 12,
            Some(true) => self.hour % 12 + 12,
        };
        RecordTime::from_parts(year, month, day, hour, self.minute, self.second, None).ok()
    }
}

/// Invisible characters WhatsApp puts around timestamps and media notes.
pub(crate) fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{061c}'
    )
}

struct Cur<'a> {
    s: &'a str,
    i: usize,
}

impl Cur<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.i += c.len_utf8();
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, p: &str) -> bool {
        if self.s[self.i..].starts_with(p) {
            self.i += p.len();
            true
        } else {
            false
        }
    }

    /// Like [`Cur::eat_str`], but a space in `p` matches one space of any width (Android
    /// writes `p.\u{a0}m.` or `p.\u{202f}m.` inside Spanish and Latin-American times).
    fn eat_str_loose(&mut self, p: &str) -> bool {
        let save = self.i;
        for want in p.chars() {
            let ok = match self.peek() {
                Some(got) if want == ' ' => is_space(got),
                Some(got) => got == want,
                None => false,
            };
            if !ok {
                self.i = save;
                return false;
            }
            self.bump();
        }
        true
    }

    /// A word some locales write between the date and the time (`klo` in Finnish, `kl.`
    /// in Scandinavian languages, `à` in French, `às` in Portuguese, `um` in German, `om`
    /// in Dutch, `alle` in Italian), then a space and a digit. Only these words: a line of
    /// text such as `12/31/23 at 9:41 - meet me` must stay a continuation line. Nothing
    /// is eaten unless all of that is there.
    fn eat_joining_word(&mut self) {
        const WORDS: [&str; 8] = ["klo", "kl.", "kl", "à", "às", "um", "om", "alle"];
        let save = self.i;
        let rest = &self.s[self.i..];
        let Some(word) = WORDS.iter().find(|w| {
            rest.len() >= w.len()
                && rest.is_char_boundary(w.len())
                && rest[..w.len()].eq_ignore_ascii_case(w)
        }) else {
            return;
        };
        self.i += word.len();
        let spaced = self.peek().is_some_and(is_space);
        self.skip_spaces();
        if !spaced || self.peek().and_then(digit_value).is_none() {
            self.i = save;
        }
    }

    fn skip_marks(&mut self) {
        while self.peek().is_some_and(is_mark) {
            self.bump();
        }
    }

    /// Spaces of every width WhatsApp uses, and marks.
    fn skip_spaces(&mut self) {
        while self
            .peek()
            .is_some_and(|c| is_space(c) || c == '\t' || is_mark(c))
        {
            self.bump();
        }
    }

    /// A number of at most `max` digits, ASCII or Arabic-Indic (`٣١`, Arabic phones) or
    /// Extended Arabic-Indic (`۳۱`, Persian and Urdu phones), and the invisible marks
    /// those phones write after it. `None` if there are none or more than `max`.
    fn digits(&mut self, max: usize) -> Option<(u32, usize)> {
        let mut n = 0usize;
        let mut value = 0u32;
        while let Some(d) = self.peek().and_then(digit_value) {
            if n == max {
                return None;
            }
            value = value * 10 + d;
            n += 1;
            self.bump();
        }
        if n == 0 {
            return None;
        }
        self.skip_marks();
        Some((value, n))
    }
}

/// The value of an ASCII, Arabic-Indic or Extended Arabic-Indic digit.
fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{660}'..='\u{669}' => Some(c as u32 - 0x660),
        '\u{6f0}'..='\u{6f9}' => Some(c as u32 - 0x6f0),
        _ => None,
    }
}

/// The spaces WhatsApp writes inside and around times.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

const PREFIX_HALVES: [(&str, bool); 6] = [
    ("上午", false),
    ("下午", true),
    ("午前", false),
    ("午後", true),
    ("오전", false),
    ("오후", true),
];

const SUFFIX_HALVES: [(&str, bool, bool); 16] = [
    // Arabic (`ص` morning, `م` evening) and Persian (`ق.ظ.`, `ب.ظ.`).
    ("ص", false, false),
    ("م", true, false),
    ("ق.ظ.", false, false),
    ("ب.ظ.", true, false),
    ("a. m.", false, false),
    ("p. m.", true, false),
    ("a.m.", false, false),
    ("p.m.", true, false),
    ("A.M.", false, false),
    ("P.M.", true, false),
    ("AM", false, true),
    ("PM", true, true),
    ("am", false, false),
    ("pm", true, false),
    ("a. m", false, false),
    ("p. m", true, false),
];

/// Parses the timestamp at the start of `line`, if there is one.
pub(crate) fn parse_header(line: &str) -> Option<Header> {
    let mut c = Cur { s: line, i: 0 };
    c.skip_marks();
    let ios = c.eat('[');
    c.skip_marks();
    let (a, al) = c.digits(4)?;
    if al == 3 {
        return None;
    }
    let sep = c.peek().filter(|s| matches!(s, '/' | '.' | '-'))?;
    c.bump();
    c.eat(' ');
    let (b, _) = c.digits(2)?;
    if !c.eat(sep) {
        return None;
    }
    c.eat(' ');
    let (y, yl) = c.digits(4)?;
    if (al == 4 && yl > 2) || (al != 4 && yl != 2 && yl != 4) {
        return None;
    }
    c.eat('.');
    if !c.eat(',') {
        c.eat('،');
    }
    c.skip_spaces();
    let mut pm = None;
    for (p, half) in PREFIX_HALVES {
        if c.eat_str(p) {
            pm = Some(half);
            c.skip_spaces();
            break;
        }
    }
    if pm.is_none() {
        c.eat_joining_word();
    }
    let (hour, _) = c.digits(2)?;
    let tsep = c.peek().filter(|s| matches!(s, ':' | '.'))?;
    c.bump();
    let (minute, ml) = c.digits(2)?;
    if ml != 2 {
        return None;
    }
    let (mut second, mut second_len) = (0, 0);
    if c.peek() == Some(tsep) {
        let save = c.i;
        c.bump();
        match c.digits(2) {
            Some((s, 2)) => (second, second_len) = (s, 2),
            _ => c.i = save,
        }
    }
    // Some locales end the time with a dot: `2022/12/24, 13:01. - `.
    if c.peek() == Some('.') && c.s[c.i + 1..].starts_with(is_space) {
        c.bump();
    }
    let mut time_end = c.i;
    c.skip_spaces();
    let mut upper_ampm = false;
    if pm.is_none() {
        for (p, half, upper) in SUFFIX_HALVES {
            let save = c.i;
            if c.eat_str_loose(p) {
                // A whole word only: not the start of a name (`amy`, `محمد`).
                if c.peek().is_some_and(|n| {
                    !(is_space(n) || is_mark(n) || matches!(n, ']' | '-' | ':' | ','))
                }) {
                    c.i = save;
                    continue;
                }
                pm = Some(half);
                upper_ampm = upper;
                time_end = c.i;
                c.skip_spaces();
                break;
            }
        }
    }
    let mut ios = ios;
    if ios {
        if !c.eat(']') {
            return None;
        }
        c.eat(' ');
    } else {
        c.skip_spaces();
        if c.eat('-') || c.eat('–') || c.eat('—') {
            if !c.eat(' ') && c.peek().is_some() {
                return None;
            }
        } else {
            // Early iOS exports had no brackets and no dash: `13.06.18 21:25:15: Al: hi`,
            // `13. 6. 2018. 21:25:15 Al: hi`. Taken only with seconds, which Android
            // never writes and which a line of text rarely starts with.
            c.i = time_end;
            if second_len != 2 || !(c.eat(':') || c.peek().is_some_and(is_space)) {
                return None;
            }
            c.skip_spaces();
            // A body must follow.
            c.peek()?;
            ios = true;
        }
    }
    let hour_ok = match pm {
        None => hour <= 23,
        // Some phones write midnight as `00:08 a. m.`.
        Some(_) => hour <= 12,
    };
    if !hour_ok || minute > 59 || second > 59 || a == 0 || b == 0 || y == 0 && yl == 4 {
        return None;
    }
    Some(Header {
        date: [(a, al), (b, 2), (y, yl)],
        hour,
        minute,
        second,
        pm,
        upper_ampm,
        ios,
        body: c.i,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(line: &str, order: Order) -> Option<String> {
        parse_header(line)
            .and_then(|h| h.time(order))
            .map(|t| t.as_str().to_owned())
    }

    #[test]
    fn android_and_ios_layouts() {
        let cases = [
            (
                "12/31/23, 9:41 PM - Al: hi",
                Order::Mdy,
                "2023-12-31T21:41:00",
            ),
            (
                "31/12/2023, 21:41 - Al: hi",
                Order::Dmy,
                "2023-12-31T21:41:00",
            ),
            (
                "31.12.23, 21:41 - Al: hi",
                Order::Dmy,
                "2023-12-31T21:41:00",
            ),
            (
                "2023-12-31, 21:41 - Al: hi",
                Order::Dmy,
                "2023-12-31T21:41:00",
            ),
            (
                "2023/12/31 21:41 - Al: hi",
                Order::Mdy,
                "2023-12-31T21:41:00",
            ),
            (
                "[31/12/2023, 21:41:07] Al: hi",
                Order::Dmy,
                "2023-12-31T21:41:07",
            ),
            (
                "\u{200e}[12/31/23, 9:41:07\u{202f}PM] Al: hi",
                Order::Mdy,
                "2023-12-31T21:41:07",
            ),
            (
                "31/12/23, 9:41 p.m. - Al: hi",
                Order::Dmy,
                "2023-12-31T21:41:00",
            ),
            (
                "31/12/23, 9:41 p. m. - Al: hi",
                Order::Dmy,
                "2023-12-31T21:41:00",
            ),
            (
                "12/31/23, 12:05 AM - Al: hi",
                Order::Mdy,
                "2023-12-31T00:05:00",
            ),
            ("31/12/23 21.41 - Al: hi", Order::Dmy, "2023-12-31T21:41:00"),
            (
                "[2023/12/31 下午9:41:07] Al: hi",
                Order::Dmy,
                "2023-12-31T21:41:07",
            ),
            (
                "2023. 12. 31. 오후 9:41 - Al: hi",
                Order::Dmy,
                "2023-12-31T21:41:00",
            ),
            (
                "31/12/2566 21:41 - Al: hi",
                Order::Dmy,
                "2023-12-31T21:41:00",
            ),
            (
                "31.12.2023 klo 21.41 - Al: hi",
                Order::Dmy,
                "2023-12-31T21:41:00",
            ),
            (
                "31/12/2023 à 21:41 - Al: hi",
                Order::Dmy,
                "2023-12-31T21:41:00",
            ),
            (
                "31.12.23 21:41:07: Al: hi",
                Order::Dmy,
                "2023-12-31T21:41:07",
            ),
            (
                "31. 12. 2023. 21:41:07 Al: hi",
                Order::Dmy,
                "2023-12-31T21:41:07",
            ),
            (
                "\u{661}\u{662}\u{200f}/\u{663}\u{661}\u{200f}/\u{662}\u{660}\u{662}\u{663}\u{60c} \u{669}:\u{664}\u{661} \u{645} - Al: hi",
                Order::Mdy,
                "2023-12-31T21:41:00",
            ),
            (
                "\u{6f3}\u{6f1}/\u{6f1}\u{6f2}/\u{6f2}\u{6f3}\u{60c} \u{6f2}\u{6f1}:\u{6f4}\u{6f1} - Al: hi",
                Order::Dmy,
                "2023-12-31T21:41:00",
            ),
            (
                "2023/12/31, 21:41. - Al: hi",
                Order::Dmy,
                "2023-12-31T21:41:00",
            ),
            (
                "12/31/23, 9:41:07 PM: Al: hi",
                Order::Mdy,
                "2023-12-31T21:41:07",
            ),
            (
                "12/31/23, 00:05 a. m. - Al: hi",
                Order::Mdy,
                "2023-12-31T00:05:00",
            ),
        ];
        for (line, order, want) in cases {
            assert_eq!(time(line, order).as_deref(), Some(want), "{line}");
            let h = parse_header(line).unwrap();
            assert_eq!(&line[h.body..], "Al: hi", "{line}");
        }
    }

    #[test]
    fn am_pm_only_as_whole_words() {
        for line in [
            "31. 12. 2023. 21:41:07 amy: hi",
            "31. 12. 2023. 21:41:07 \u{645}\u{62d}\u{645}\u{62f}: hi",
        ] {
            let h = parse_header(line).unwrap();
            assert_eq!(h.pm, None, "{line}");
            assert!(line[h.body..].ends_with(": hi"), "{line}");
        }
    }

    #[test]
    fn non_timestamps() {
        for line in [
            "hello",
            "12/31/23 was a good day",
            "12/31/23, 9:41 PM",
            "[12/31/23, 9:41 PM Al: hi",
            "1/2/3, 4:05 - x",
            "12/31/23, 25:41 - Al: hi",
            "12/31/23, 13:41 PM - Al: hi",
            "123/12/23, 9:41 - x",
            "12-31/23, 9:41 - x",
            "12/31/23 21:41 was late",
            "12/31/23 21:41:07",
            "12/31/23 tomorrow 21:41 - Al: hi",
            "12/31/23 at 21:41 - meet me",
        ] {
            assert_eq!(parse_header(line), None, "{line}");
        }
    }
}
