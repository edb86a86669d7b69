//! Calendar arithmetic and the date formats that real exporters write.
//!
//! Worlds are laid out on a day axis (days since 1970-01-01) with seconds of the local day
//! and a UTC offset, which is all the formats need: RFC 5322 mail dates, mbox envelope
//! lines, Telegram's local ISO time beside its Unix time, WhatsApp's locale-dependent
//! line stamps, and the dates written inside narratives (including the Thai Buddhist era).
//! Doing it by hand keeps the generator free of a time-zone database and fully
//! deterministic.

use std::fmt::Write as _;

/// A moment: a local calendar day, a second of that day and the local UTC offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Stamp {
    /// Days since 1970-01-01 (local calendar).
    pub days: i64,
    /// Seconds since local midnight.
    pub secs: u32,
    /// Offset from UTC in minutes.
    pub tz_min: i32,
}

/// 2023-01-01 as days since 1970-01-01.
pub(crate) const DAY_2023_01_01: i64 = 19_358;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The civil date (year, month 1-12, day 1-31) of a day number (Howard Hinnant's algorithm).
pub(crate) fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

/// Day of the week, 0 = Monday.
pub(crate) fn weekday(days: i64) -> usize {
    usize::try_from((days + 3).rem_euclid(7)).unwrap_or(0)
}

impl Stamp {
    /// Seconds since the Unix epoch (UTC).
    pub(crate) fn unix(&self) -> i64 {
        self.days * 86_400 + i64::from(self.secs) - i64::from(self.tz_min) * 60
    }

    /// This moment plus some seconds, rolling over days.
    pub(crate) fn plus(&self, secs: u32) -> Stamp {
        let total = u64::from(self.secs) + u64::from(secs);
        Stamp {
            days: self.days + i64::try_from(total / 86_400).unwrap_or(0),
            secs: u32::try_from(total % 86_400).unwrap_or(0),
            tz_min: self.tz_min,
        }
    }

    fn hms(&self) -> (u32, u32, u32) {
        (self.secs / 3600, self.secs / 60 % 60, self.secs % 60)
    }

    /// `2024-03-05`.
    pub(crate) fn iso_date(&self, out: &mut String) {
        let (y, m, d) = civil(self.days);
        let _ = write!(out, "{y:04}-{m:02}-{d:02}");
    }

    /// `2024-03-05T22:15:03`, local time without an offset, as Telegram Desktop writes `date`.
    pub(crate) fn iso_local(&self, out: &mut String) {
        self.iso_date(out);
        let (h, mi, s) = self.hms();
        let _ = write!(out, "T{h:02}:{mi:02}:{s:02}");
    }

    /// `2024-03-05T22:15:03+07:00`.
    pub(crate) fn rfc3339(&self, out: &mut String) {
        self.iso_local(out);
        let sign = if self.tz_min < 0 { '-' } else { '+' };
        let a = self.tz_min.unsigned_abs();
        let _ = write!(out, "{sign}{:02}:{:02}", a / 60, a % 60);
    }

    /// `Tue, 05 Mar 2024 22:15:03 +0700` (RFC 5322 section 3.3).
    pub(crate) fn rfc5322(&self, out: &mut String) {
        let (y, m, d) = civil(self.days);
        let (h, mi, s) = self.hms();
        let sign = if self.tz_min < 0 { '-' } else { '+' };
        let a = self.tz_min.unsigned_abs();
        let _ = write!(
            out,
            "{}, {d:02} {} {y:04} {h:02}:{mi:02}:{s:02} {sign}{:02}{:02}",
            DAYS_EN[weekday(self.days)],
            &MONTHS_EN[(m - 1) as usize][..3],
            a / 60,
            a % 60
        );
    }

    /// `Tue Mar  5 15:15:03 2024` in UTC, the asctime form of mbox `From ` lines.
    pub(crate) fn asctime_utc(&self, out: &mut String) {
        let unix = self.unix();
        let days = unix.div_euclid(86_400);
        let secs = unix.rem_euclid(86_400);
        let (y, m, d) = civil(days);
        let _ = write!(
            out,
            "{} {} {d:>2} {:02}:{:02}:{:02} {y:04}",
            DAYS_EN[weekday(days)],
            &MONTHS_EN[(m - 1) as usize][..3],
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
    }

    /// WhatsApp Android, US locale: `3/5/24, 10:15 PM`.
    pub(crate) fn wa_android_mdy12(&self, out: &mut String) {
        let (y, m, d) = civil(self.days);
        let (h, mi, _) = self.hms();
        let (h12, ampm) = to12(h);
        let _ = write!(out, "{m}/{d}/{:02}, {h12}:{mi:02} {ampm}", y % 100);
    }

    /// WhatsApp Android, day-first 24-hour locale: `05/03/2024, 22:15`.
    pub(crate) fn wa_android_dmy24(&self, out: &mut String) {
        let (y, m, d) = civil(self.days);
        let (h, mi, _) = self.hms();
        let _ = write!(out, "{d:02}/{m:02}/{y:04}, {h:02}:{mi:02}");
    }

    /// WhatsApp iOS, US locale: `[3/5/24, 10:15:03\u{202F}PM]` (narrow no-break space before
    /// the day period, as iOS 17 writes it).
    pub(crate) fn wa_ios_mdy12(&self, out: &mut String) {
        let (y, m, d) = civil(self.days);
        let (h, mi, s) = self.hms();
        let (h12, ampm) = to12(h);
        let _ = write!(
            out,
            "[{m}/{d}/{:02}, {h12}:{mi:02}:{s:02}\u{202F}{ampm}]",
            y % 100
        );
    }

    /// WhatsApp iOS, day-first 24-hour locale: `[05/03/2024, 22:15:03]`.
    pub(crate) fn wa_ios_dmy24(&self, out: &mut String) {
        let (y, m, d) = civil(self.days);
        let (h, mi, s) = self.hms();
        let _ = write!(out, "[{d:02}/{m:02}/{y:04}, {h:02}:{mi:02}:{s:02}]");
    }

    /// `2024-03-05-22-15-03` for iOS attachment names.
    pub(crate) fn dashed(&self, out: &mut String) {
        let (y, m, d) = civil(self.days);
        let (h, mi, s) = self.hms();
        let _ = write!(out, "{y:04}-{m:02}-{d:02}-{h:02}-{mi:02}-{s:02}");
    }

    /// `05-03-2024_22-15-03` as Telegram names exported photos.
    pub(crate) fn telegram_file(&self, out: &mut String) {
        let (y, m, d) = civil(self.days);
        let (h, mi, s) = self.hms();
        let _ = write!(out, "{d:02}-{m:02}-{y:04}_{h:02}-{mi:02}-{s:02}");
    }
}

fn to12(h: u32) -> (u32, &'static str) {
    let ampm = if h < 12 { "AM" } else { "PM" };
    let h12 = match h % 12 {
        0 => 12,
        x => x,
    };
    (h12, ampm)
}

/// A date as a language writes it inside a sentence.
pub(crate) fn spoken(lang: crate::lang::Lang, days: i64, out: &mut String) {
    use crate::lang::Lang;
    let (y, m, d) = civil(days);
    let mi = (m - 1) as usize;
    match lang {
        Lang::En => {
            if d % 2 == 0 {
                let _ = write!(out, "{} {d}, {y}", MONTHS_EN[mi]);
            } else {
                let _ = write!(out, "{d} {} {y}", MONTHS_EN[mi]);
            }
        }
        Lang::Zh | Lang::ZhHant => {
            let _ = write!(out, "{y}年{m}月{d}日");
        }
        Lang::Th => {
            const TH: [&str; 12] = [
                "ม.ค.",
                "ก.พ.",
                "มี.ค.",
                "เม.ย.",
                "พ.ค.",
                "มิ.ย.",
                "ก.ค.",
                "ส.ค.",
                "ก.ย.",
                "ต.ค.",
                "พ.ย.",
                "ธ.ค.",
            ];
            let _ = write!(out, "{d} {} {}", TH[mi], y + 543);
        }
        Lang::Id => {
            const ID: [&str; 12] = [
                "Januari",
                "Februari",
                "Maret",
                "April",
                "Mei",
                "Juni",
                "Juli",
                "Agustus",
                "September",
                "Oktober",
                "November",
                "Desember",
            ];
            let _ = write!(out, "{d} {} {y}", ID[mi]);
        }
        Lang::Vi => {
            let _ = write!(out, "ngày {d} tháng {m} năm {y}");
        }
        Lang::Km => {
            const KM: [&str; 12] = [
                "មករា",
                "កុម្ភៈ",
                "មីនា",
                "មេសា",
                "ឧសភា",
                "មិថុនា",
                "កក្កដា",
                "សីហា",
                "កញ្ញា",
                "តុលា",
                "វិច្ឆិកា",
                "ធ្នូ",
            ];
            let _ = write!(out, "ថ្ងៃទី{d} ខែ{} ឆ្នាំ{y}", KM[mi]);
        }
        Lang::My => {
            let _ = write!(out, "{y} ခုနှစ် {m} လ {d} ရက်");
        }
        Lang::Tl => {
            const TL: [&str; 12] = [
                "Enero",
                "Pebrero",
                "Marso",
                "Abril",
                "Mayo",
                "Hunyo",
                "Hulyo",
                "Agosto",
                "Setyembre",
                "Oktubre",
                "Nobyembre",
                "Disyembre",
            ];
            let _ = write!(out, "{} {d}, {y}", TL[mi]);
        }
        Lang::Es => {
            const ES: [&str; 12] = [
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ];
            let _ = write!(out, "{d} de {} de {y}", ES[mi]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_and_weekdays() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(DAY_2023_01_01), (2023, 1, 1));
        assert_eq!(civil(19_787), (2024, 3, 5));
        assert_eq!(weekday(19_787), 1); // 2024-03-05 was a Tuesday.
        assert_eq!(civil(19_782), (2024, 2, 29));
    }

    #[test]
    fn formats() {
        let s = Stamp {
            days: 19_787,
            secs: 22 * 3600 + 15 * 60 + 3,
            tz_min: 420,
        };
        let mut o = String::new();
        s.rfc5322(&mut o);
        assert_eq!(o, "Tue, 05 Mar 2024 22:15:03 +0700");
        o.clear();
        s.asctime_utc(&mut o);
        assert_eq!(o, "Tue Mar  5 15:15:03 2024");
        o.clear();
        s.wa_android_mdy12(&mut o);
        assert_eq!(o, "3/5/24, 10:15 PM");
        o.clear();
        s.wa_ios_dmy24(&mut o);
        assert_eq!(o, "[05/03/2024, 22:15:03]");
        assert_eq!(s.unix(), 1_709_651_703);
    }
}
