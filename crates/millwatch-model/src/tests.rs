use super::*;

fn check_time(input: &str, expected: Option<&str>) {
    let got = RecordTime::parse_iso(input).ok();
    assert_eq!(
        got.as_ref().map(RecordTime::as_str),
        expected,
        "input {input:?}"
    );
    if let Some(t) = got {
        // The normal form parses back to itself.
        assert_eq!(RecordTime::parse_iso(t.as_str()).ok(), Some(t.clone()));
    }
}

#[test]
fn iso_times() {
    check_time("2024-03-05", Some("2024-03-05"));
    check_time("2024-03-05T14:22", Some("2024-03-05T14:22:00"));
    check_time("2024-03-05 14:22:09.123", Some("2024-03-05T14:22:09"));
    check_time("2024-03-05T14:22:09Z", Some("2024-03-05T14:22:09Z"));
    check_time(
        "2024-03-05T14:22:09+0700",
        Some("2024-03-05T14:22:09+07:00"),
    );
    check_time(
        "2024-03-05T14:22:09-03:30",
        Some("2024-03-05T14:22:09-03:30"),
    );
    check_time("2024-02-30", None);
    check_time("2023-02-29", None);
    check_time("2024-02-29", Some("2024-02-29"));
    check_time("2024-13-01", None);
    check_time("2024-03-05T25:00", None);
    check_time("2024-03-05T10:00+07:00junk", None);
    check_time("yesterday", None);
    check_time("", None);
    check_time("２０２４-03-05", None);
}

#[test]
fn unix_round_trip() {
    let t = RecordTime::from_unix(1_709_648_529).unwrap();
    assert_eq!(t.as_str(), "2024-03-05T14:22:09Z");
    assert_eq!(t.approx_unix(), 1_709_648_529);
    let t = RecordTime::parse_iso("2024-03-05T21:22:09+07:00").unwrap();
    assert_eq!(t.approx_unix(), 1_709_648_529);
    assert_eq!(
        RecordTime::from_unix(0).unwrap().as_str(),
        "1970-01-01T00:00:00Z"
    );
}

#[test]
fn kinds_round_trip() {
    for k in RecordKind::ALL {
        assert_eq!(k.as_str().parse::<RecordKind>().unwrap(), k);
    }
    assert_eq!(
        "Victim Report".parse::<RecordKind>().unwrap(),
        RecordKind::VictimReport
    );
    assert!("victim".parse::<RecordKind>().is_err());
}

#[test]
fn field_names() {
    assert_eq!(normalize_field_name("Phone Number"), "phone_number");
    assert_eq!(normalize_field_name("  E-mail  "), "e_mail");
    assert_eq!(normalize_field_name("姓名"), "姓名");
    assert_eq!(normalize_field_name("__id__"), "id");
}

/// The shortcut for names already normalised gives what the full normalisation gives, for
/// every name of up to four characters over letters of both cases, digits, `_`, `-`, a
/// space and a non-ASCII letter.
#[test]
fn field_name_shortcut_agrees_with_the_full_normalisation() {
    let alphabet = ['a', 'z', 'Q', '0', '9', '_', '-', ' ', 'é'];
    let mut names = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..4 {
        let mut next = Vec::new();
        for n in &last {
            for c in alphabet {
                next.push(format!("{n}{c}"));
            }
        }
        names.extend(next.iter().cloned());
        last = next;
    }
    let mut shortcut = 0;
    for n in &names {
        if is_normal_ascii_name(n) {
            shortcut += 1;
            assert_eq!(normalize_any_field_name(n), *n, "{n:?}");
        }
        assert_eq!(
            normalize_field_name(n),
            normalize_any_field_name(n),
            "{n:?}"
        );
    }
    // The shortcut is taken for the plain names, not for the ones it must not touch.
    assert!(shortcut > 400, "{shortcut}");
    for n in ["a__b", "_a", "a_", "A", "a-b", "a b", ""] {
        assert!(!is_normal_ascii_name(n), "{n:?}");
    }
    for n in ["phone", "reporter_email", "a1_b2", "x"] {
        assert!(is_normal_ascii_name(n), "{n:?}");
    }
}

#[test]
fn hash_hex() {
    let h = ContentHash::from_bytes([0xab; 32]);
    assert_eq!(ContentHash::from_hex(&h.to_hex()), Some(h));
    assert_eq!(ContentHash::from_hex("zz"), None);
}

#[test]
fn place_display() {
    let p = Place::span(10, 20).with_line(3).with_message_id("m1");
    assert_eq!(p.to_string(), "line 3, message m1, bytes 10..20");
}

#[test]
fn blank_fields_are_dropped() {
    let mut d = RecordDraft::new(RecordKind::Document, Place::span(0, 1));
    d.push_field("Name", "  Anna ");
    d.push_field("phone", "   ");
    assert_eq!(d.fields, vec![Field::new("name", "Anna")]);
    assert_eq!(d.field("name"), Some("Anna"));
}

#[test]
fn field_names_keep_combining_marks_of_every_script() {
    // Thai: tone marks and vowels above/below are combining marks, not separators.
    assert_eq!(normalize_field_name("ชื่อ"), "ชื่อ");
    assert_eq!(normalize_field_name("เบอร์โทรศัพท์"), "เบอร์โทรศัพท์");
    assert_eq!(normalize_field_name("วันที่ แจ้ง"), "วันที่_แจ้ง");
    assert_eq!(normalize_field_name("ที่อยู่อีเมล"), "ที่อยู่อีเมล");
    // Khmer (coeng and vowel signs), Burmese (asat, vowel signs), Devanagari, Arabic harakat.
    assert_eq!(normalize_field_name("ឈ្មោះ"), "ឈ្មោះ");
    assert_eq!(normalize_field_name("အမည်"), "အမည်");
    assert_eq!(normalize_field_name("नाम पता"), "नाम_पता");
    assert_eq!(normalize_field_name("اِسْم"), "اِسْم");
    // Vietnamese written decomposed and composed is one field.
    assert_eq!(
        normalize_field_name("Ngu\u{0300}y"),
        normalize_field_name("Ngùy")
    );
    assert_eq!(normalize_field_name("Số điện thoại"), "số_điện_thoại");
    // Zero-width characters do not split a word; a stray mark after a space starts a word.
    assert_eq!(normalize_field_name("ชื่อ\u{200B}เล่น"), "ชื่อเล่น");
    assert_eq!(normalize_field_name("\u{feff}Phone"), "phone");
    assert_eq!(normalize_field_name("a \u{0301}b"), "a_\u{0301}b");
}
