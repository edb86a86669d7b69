//! Record times.
//!
//! Inputs give times at every precision and with or without a zone: a WhatsApp export
//! writes the phone's local time, an e-mail `Date:` header an offset, an intake sheet often
//! only a day. [`RecordTime`] keeps what is known and no more, as one ISO 8601 string
//! (`2024-03-05`, `2024-03-05T14:22:00`, `2024-03-05T14:22:00+07:00`, `…Z`), which sorts
//! correctly as text within one zone and is what the database stores. Inventing a zone or
//! a time of day would put false precision into evidence.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A validated ISO 8601 date or date-time, with the zone only when the input gave one.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RecordTime(String);

/// The error for a time that does not exist or cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid time: {0}")]
pub struct TimeError(String);

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // d is in 1..=31 and m in 1..=12 by construction.
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

impl RecordTime {
    /// A day without a time of day.
    pub fn date(year: i32, month: u32, day: u32) -> Result<Self, TimeError> {
        check_date(year, month, day)?;
        Ok(RecordTime(format!("{year:04}-{month:02}-{day:02}")))
    }

    /// A date and time; `offset_minutes` is the zone's offset east of UTC when the input
    /// gave one (`Some(0)` writes `Z`), `None` for a local time of unknown zone.
    pub fn from_parts(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
        offset_minutes: Option<i32>,
    ) -> Result<Self, TimeError> {
        check_date(year, month, day)?;
        // A leap second (60) is accepted as written by some mailers, and clamped.
        if hour > 23 || minute > 59 || second > 60 {
            return Err(TimeError(format!("{hour:02}:{minute:02}:{second:02}")));
        }
        let second = second.min(59);
        let mut s = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
        match offset_minutes {
            None => {}
            Some(0) => s.push('Z'),
            Some(off) if off.abs() < 24 * 60 => {
                let sign = if off < 0 { '-' } else { '+' };
                let off = off.unsigned_abs();
                s.push_str(&format!("{sign}{:02}:{:02}", off / 60, off % 60));
            }
            Some(off) => return Err(TimeError(format!("zone offset of {off} minutes"))),
        }
        Ok(RecordTime(s))
    }

    /// A UTC time from seconds since the Unix epoch.
    pub fn from_unix(secs: i64) -> Result<Self, TimeError> {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let y = i32::try_from(y).map_err(|_| TimeError(format!("unix time {secs}")))?;
        let rem = u32::try_from(rem).unwrap_or(0);
        RecordTime::from_parts(y, m, d, rem / 3600, rem / 60 % 60, rem % 60, Some(0))
    }

    /// Parses ISO 8601 / RFC 3339 forms: `2024-03-05`, `2024-03-05T14:22`,
    /// `2024-03-05 14:22:00.123`, with an optional `Z`, `±HH:MM` or `±HHMM`. Fractions of a
    /// second are dropped.
    pub fn parse_iso(input: &str) -> Result<Self, TimeError> {
        let err = || TimeError(input.chars().take(40).collect());
        let s = input.trim().as_bytes();
        let num = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(range)?;
            if !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            std::str::from_utf8(part).ok()?.parse().ok()
        };
        if s.len() < 10 || s[4] != b'-' || s[7] != b'-' {
            return Err(err());
        }
        let year = num(0..4).ok_or_else(err)?;
        let year = i32::try_from(year).map_err(|_| err())?;
        let month = num(5..7).ok_or_else(err)?;
        let day = num(8..10).ok_or_else(err)?;
        if s.len() == 10 {
            return RecordTime::date(year, month, day);
        }
        if !matches!(s[10], b'T' | b't' | b' ') || s.len() < 16 || s[13] != b':' {
            return Err(err());
        }
        let hour = num(11..13).ok_or_else(err)?;
        let minute = num(14..16).ok_or_else(err)?;
        let mut i = 16;
        let mut second = 0;
        if s.get(i) == Some(&b':') {
            second = num(i + 1..i + 3).ok_or_else(err)?;
            i += 3;
            if matches!(s.get(i), Some(b'.' | b',')) {
                i += 1;
                while s.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
        }
        let offset = match s.get(i) {
            None => None,
            Some(b'Z' | b'z') if i + 1 == s.len() => Some(0),
            Some(&sign @ (b'+' | b'-')) => {
                let oh = num(i + 1..i + 3).ok_or_else(err)?;
                let om = match s.len() - i {
                    3 => 0,
                    5 => num(i + 3..i + 5).ok_or_else(err)?,
                    6 if s[i + 3] == b':' => num(i + 4..i + 6).ok_or_else(err)?,
                    _ => return Err(err()),
                };
                let off = i32::try_from(oh * 60 + om).map_err(|_| err())?;
                Some(if sign == b'-' { -off } else { off })
            }
            Some(_) => return Err(err()),
        };
        RecordTime::from_parts(year, month, day, hour, minute, second, offset)
    }

    /// The ISO 8601 text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Seconds since the Unix epoch, reading a local time of unknown zone as UTC and a
    /// bare date as its midnight. For ordering and timelines, not for evidence.
    pub fn approx_unix(&self) -> i64 {
        let b = self.0.as_bytes();
        let n = |r: std::ops::Range<usize>| -> i64 {
            std::str::from_utf8(&b[r])
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0)
        };
        let (y, m, d) = (n(0..4), n(5..7), n(8..10));
        let days = days_from_civil(
            i32::try_from(y).unwrap_or(1970),
            u32::try_from(m).unwrap_or(1),
            u32::try_from(d).unwrap_or(1),
        );
        let mut secs = days * 86_400;
        if b.len() >= 19 {
            secs += n(11..13) * 3600 + n(14..16) * 60 + n(17..19);
            if b.len() == 25 {
                let off = n(20..22) * 3600 + n(23..25) * 60;
                secs -= if b[19] == b'-' { -off } else { off };
            }
        }
        secs
    }
}

fn check_date(year: i32, month: u32, day: u32) -> Result<(), TimeError> {
    if !(1..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
        return Err(TimeError(format!("{year:04}-{month:02}-{day:02}")));
    }
    Ok(())
}

impl fmt::Display for RecordTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for RecordTime {
    type Error = TimeError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        RecordTime::parse_iso(&s)
    }
}

impl From<RecordTime> for String {
    fn from(t: RecordTime) -> String {
        t.0
    }
}
