use proptest::prelude::*;
use serde_json::Value;

use super::*;

/// Rebuilds a `serde_json::Value` through the pull reader, as an oracle check.
fn to_value(r: &mut JsonReader<'_>) -> Result<Value> {
    Ok(match r.peek_kind()? {
        Kind::Object => {
            r.begin_object()?;
            let mut map = serde_json::Map::new();
            let (mut first, mut key) = (true, String::new());
            while r.next_key(&mut first, &mut key, usize::MAX)? {
                let v = to_value(r)?;
                map.insert(key.clone(), v);
            }
            Value::Object(map)
        }
        Kind::Array => {
            r.begin_array()?;
            let mut items = Vec::new();
            let mut first = true;
            while r.next_element(&mut first)? {
                items.push(to_value(r)?);
            }
            Value::Array(items)
        }
        Kind::String => {
            let mut s = String::new();
            r.read_string(&mut s, usize::MAX)?;
            Value::String(s)
        }
        Kind::Number => {
            let mut s = String::new();
            r.read_number(&mut s)?;
            serde_json::from_str(&s).unwrap()
        }
        Kind::Bool | Kind::Null => match r.read_literal()? {
            Some(b) => Value::Bool(b),
            None => Value::Null,
        },
    })
}

fn read_all(input: &[u8]) -> Result<Value> {
    let mut src = input;
    let mut r = JsonReader::new(&mut src, 0);
    let v = to_value(&mut r)?;
    match r.skip_ws()? {
        None => Ok(v),
        Some(_) => Err(r.error(ErrorKind::Syntax, "trailing")),
    }
}

#[test]
fn reads_what_serde_json_reads() {
    let doc = r#" {"a": [1, -2.5e3, true, false, null, "x\"y\\z\u00e9\ud83d\ude00"],
        "b": {"c": {}}, "d": [], "e": "\/\b\f\n\r\t"} "#;
    let expected: Value = serde_json::from_str(doc).unwrap();
    assert_eq!(read_all(doc.as_bytes()).unwrap(), expected);
}

#[test]
fn errors_say_where() {
    let e = read_all(b"{\"a\": 1,\n \"b\": tru }").unwrap_err();
    assert_eq!((e.kind, e.line), (ErrorKind::Syntax, 2));
    assert_eq!(e.offset, 18);
    let e = read_all(b"[1, 2").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Eof);
    let e = read_all(b"[1, 2,]").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Syntax);
    let e = read_all(b"{\"a\":\"line\nbreak\"}").unwrap_err();
    assert_eq!((e.kind, e.line), (ErrorKind::Syntax, 1));
    // Telegram Desktop's non-standard escape for control characters.
    assert_eq!(
        read_all(br#""a\x0Bb""#).unwrap(),
        Value::String("a\u{b}b".into())
    );
    for bad in [
        "\"\\x0\"",
        "01",
        "1.",
        "-",
        "1e",
        "+1",
        "{'a':1}",
        "{\"a\" 1}",
        "nul",
        "[1 2]",
    ] {
        assert!(read_all(bad.as_bytes()).is_err(), "{bad}");
    }
}

#[test]
fn strings_are_capped_and_lossy_input_is_flagged() {
    let mut src: &[u8] = b"\"h\xc3\xa9llo wor\xffld\" \"\\ud800x\"";
    let mut r = JsonReader::new(&mut src, 0);
    let mut s = String::new();
    let info = r.read_string(&mut s, 2).unwrap();
    // The cap falls inside the two-byte é, which is dropped whole.
    assert_eq!(s, "h");
    assert!(info.truncated);
    assert_eq!(info.len, 13);
    let info = r.read_string(&mut s, 100).unwrap();
    assert_eq!(s, "\u{fffd}x");
    assert!(info.lossy);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = "[".repeat(1_000_000);
    let mut src = deep.as_bytes();
    let mut r = JsonReader::new(&mut src, 0);
    let e = r.skip_value(10_000).unwrap_err();
    assert_eq!(e.kind, ErrorKind::TooDeep);
    let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let mut src = ok.as_bytes();
    JsonReader::new(&mut src, 0).skip_value(100).unwrap();
}

#[test]
fn skipping_deep_mixed_nesting_keeps_objects_and_arrays_apart() {
    // 1,000 levels alternating objects and arrays (past several 64-level words of the
    // skip's bit stack), members after each closing, then the next value.
    let (mut open, mut close) = (String::new(), String::new());
    for i in 0..1000 {
        if i % 2 == 0 {
            open.push_str("{\"k\":");
            close.insert_str(0, ",\"after\":[1,{}]}");
        } else {
            open.push('[');
            close.insert_str(0, ",\"x\",null]");
        }
    }
    let text = format!("{open}\"leaf\"{close} 42");
    assert!(
        serde_json::from_str::<Value>(&text[..text.len() - 3])
            .is_err_and(|e| e.to_string().contains("recursion"))
    );
    let mut src = text.as_bytes();
    let mut r = JsonReader::new(&mut src, 0);
    r.take_deepest_skip();
    r.skip_value(SKIP_DEPTH_LIMIT).unwrap();
    // The `{}` in the innermost object's `after` list is one level further in.
    assert_eq!(r.take_deepest_skip(), 1001);
    assert_eq!(r.skip_ws().unwrap(), Some(b'4'));
    // A wrong closer at depth is still a syntax error.
    let bad = format!("{open}\"leaf\"{}", close.replacen(']', "}", 1));
    let mut src = bad.as_bytes();
    assert!(
        JsonReader::new(&mut src, 0)
            .skip_value(SKIP_DEPTH_LIMIT)
            .is_err()
    );
}

#[test]
fn skip_line_resynchronises() {
    let mut src: &[u8] = b"{bad\n{\"a\":1}\n";
    let mut r = JsonReader::new(&mut src, 0);
    r.begin_object().unwrap();
    assert!(r.next_key(&mut true, &mut String::new(), 10).is_err());
    assert!(r.skip_line().unwrap());
    assert_eq!((r.line(), r.offset()), (2, 5));
    r.skip_value(10).unwrap();
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::btree_map(any::<String>(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn agrees_with_serde_json(v in arb_value(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&v).unwrap()
        } else {
            serde_json::to_string(&v).unwrap()
        };
        // serde_json's own float parsing is not exact; compare with what it reads back.
        let expected: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(read_all(text.as_bytes()).unwrap(), expected);
        let mut src = text.as_bytes();
        let mut r = JsonReader::new(&mut src, 0);
        r.skip_value(64).unwrap();
        prop_assert_eq!(r.skip_ws().unwrap(), None);
    }

    #[test]
    fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = read_all(&bytes);
        let mut src = &bytes[..];
        let _ = JsonReader::new(&mut src, 0).skip_value(16);
    }

    #[test]
    // `\x` escapes are left out: this reader takes Telegram's, serde_json does not.
    fn accepts_exactly_what_serde_json_accepts_on_ascii(s in "[\\[\\]{}\",:0-9a-wyz.eE+\\- \\\\]{0,24}") {
        let ours = read_all(s.as_bytes()).is_ok();
        let theirs = serde_json::from_str::<Value>(&s).is_ok();
        prop_assert_eq!(ours, theirs, "{:?}", s);
    }
}
