//! Fuzzes `Extractor::scan_to_vec` on arbitrary UTF-8 text, with and without a region and a
//! field: it must never panic, and every match must point at a char-boundary span of the
//! input equal to its `raw`, in start order. Run with
//! `cargo +nightly fuzz run extract_scan -- -timeout=5` so that a quadratic path shows as a
//! timeout.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use millwatch_extract::{Config, Extractor, ScanContext};

static EX: LazyLock<Option<Extractor>> = LazyLock::new(|| Extractor::new(&Config::default()).ok());

fuzz_target!(|data: &[u8]| {
    let Some(ex) = EX.as_ref() else { return };
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The first byte picks a context, so that region- and field-dependent paths run too.
    let (region, field) = match data.first().map(|b| b % 4) {
        Some(1) => (Some("KH"), None),
        Some(2) => (Some("Thailand"), Some("phone")),
        Some(3) => (None, Some("telegram")),
        _ => (None, None),
    };
    let ctx = ScanContext { region, field };
    let mut last = 0;
    for m in ex.scan_to_vec(text, &ctx) {
        assert!(m.start <= m.end && m.end <= text.len());
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        assert_eq!(&text[m.start..m.end], m.raw);
        assert!(m.start >= last);
        last = m.start;
    }
});
