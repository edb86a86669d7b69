//! Fuzzes `Extractor::scan_reader` on arbitrary bytes (not necessarily UTF-8): it must never
//! panic or fail, and every reported span must be valid UTF-8 equal to its `raw`.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use millwatch_extract::{Config, Extractor, ScanContext};

static EX: LazyLock<Option<Extractor>> = LazyLock::new(|| Extractor::new(&Config::default()).ok());

fuzz_target!(|data: &[u8]| {
    let Some(ex) = EX.as_ref() else { return };
    let res = ex.scan_reader(data, &ScanContext::default(), &mut |m| {
        assert!(m.end <= data.len());
        assert_eq!(std::str::from_utf8(&data[m.start..m.end]).ok(), Some(m.raw.as_str()));
    });
    assert!(res.is_ok());
});
