use super::*;

/// Checks `input` under the date-column rules, resolving ambiguity day-first.
fn check(input: &str, expected: Option<&str>) {
    let got = parse_loose(input);
    assert_eq!(
        got.as_ref().map(RecordTime::as_str),
        expected,
        "input {input:?}"
    );
}

fn reading(input: &str) -> Option<Reading> {
    parse(input, Rules::DATE_COLUMN)
}

fn t(s: &str) -> RecordTime {
    RecordTime::parse_iso(s).unwrap()
}

#[test]
fn iso_and_year_first_forms() {
    check("2024-03-05", Some("2024-03-05"));
    check(
        "2024-03-05T14:22:09+07:00",
        Some("2024-03-05T14:22:09+07:00"),
    );
    check("2024-03-05 14:22", Some("2024-03-05T14:22:00"));
    check("2024/03/05", Some("2024-03-05"));
    check("2024/3/5", Some("2024-03-05"));
    check("2024.03.05", Some("2024-03-05"));
    check("2024-3-5 9:05:01", Some("2024-03-05T09:05:01"));
    check("2024/03/05T14:22Z", Some("2024-03-05T14:22:00Z"));
    check("20240305", Some("2024-03-05"));
    check(" \"2024-03-05\" ", Some("2024-03-05"));
}

#[test]
fn numeric_day_month_order() {
    assert_eq!(
        reading("25/03/2024"),
        Some(Reading::Ordered(t("2024-03-25"), Order::DayFirst))
    );
    assert_eq!(
        reading("03/25/2024"),
        Some(Reading::Ordered(t("2024-03-25"), Order::MonthFirst))
    );
    assert_eq!(
        reading("05/03/2024"),
        Some(Reading::Ambiguous {
            day_first: t("2024-03-05"),
            month_first: t("2024-05-03"),
        })
    );
    assert_eq!(reading("05/05/2024"), Some(Reading::Exact(t("2024-05-05"))));
    check("05/03/2024", Some("2024-03-05"));
    check("5.3.24", Some("2024-03-05"));
    check("05-03-2024 14:30", Some("2024-03-05T14:30:00"));
    check("31/02/2024", None);
    check("13/13/2024", None);
    assert_eq!(
        reading("12/31/23, 9:41 PM").map(|r| r.resolve(Order::DayFirst)),
        Some(t("2023-12-31T21:41:00"))
    );
}

#[test]
fn month_names_in_several_languages() {
    check("5 March 2024", Some("2024-03-05"));
    check("March 5, 2024", Some("2024-03-05"));
    check("Mar 5, 2024", Some("2024-03-05"));
    check(
        "Tuesday, March 5th, 2024 2:30 PM",
        Some("2024-03-05T14:30:00"),
    );
    check("05-Mar-24", Some("2024-03-05"));
    check("5 Maret 2024", Some("2024-03-05"));
    check("5 de marzo de 2024", Some("2024-03-05"));
    check("5 Disember 2023", Some("2023-12-05"));
    check(
        "Tue, 5 Mar 2024 14:22:00 +0700",
        Some("2024-03-05T14:22:00+07:00"),
    );
    check("5 Mar 2024 14:22 GMT+7", Some("2024-03-05T14:22:00+07:00"));
    check("5 Mar 2024 14:22 UTC", Some("2024-03-05T14:22:00Z"));
    check("5 Mar 2024 14.22 WIB", Some("2024-03-05T14:22:00+07:00"));
    check("ngày 5 tháng 3 năm 2024", Some("2024-03-05"));
    check("March 2024", None);
    check("Marching band", None);
}

#[test]
fn chinese_korean_and_thai_forms() {
    check("2024年3月5日", Some("2024-03-05"));
    check("2024年03月05日 14:30", Some("2024-03-05T14:30:00"));
    check("2024年3月5日 下午2点30分", Some("2024-03-05T14:30:00"));
    check("2024年3月5日(火)", Some("2024-03-05"));
    check("2024년 3월 5일 오후 2:30", Some("2024-03-05T14:30:00"));
    check("5 มีนาคม 2567", Some("2024-03-05"));
    check("5 มี.ค. 2567", Some("2024-03-05"));
    check(
        "วันที่ 5 มี.ค. พ.ศ. 2567 เวลา 14.30 น.",
        Some("2024-03-05T14:30:00"),
    );
    check("05/03/2567", Some("2024-03-05"));
    check("2567-03-05", Some("2024-03-05"));
    check(
        "2567-02-29 08:00:00+07:00",
        Some("2024-02-29T08:00:00+07:00"),
    );
}

#[test]
fn bare_numbers() {
    check("1709647200", Some("2024-03-05T14:00:00Z"));
    check("1709647200000", Some("2024-03-05T14:00:00Z"));
    check("45356", Some("2024-03-05"));
    check("45356.5", Some("2024-03-05T12:00:00"));
    check("12345", None);
    check("42", None);
    assert_eq!(parse("1709647200", Rules::WRITTEN), None);
    assert_eq!(parse("45356", Rules::WRITTEN), None);
}

#[test]
fn garbage_is_not_a_date() {
    for s in [
        "",
        "unknown",
        "n/a",
        "yesterday",
        "+855 12 345 678",
        "TXYZabc123",
        "1/2",
        "99:99",
        &"1".repeat(500),
    ] {
        check(s, None);
    }
}
