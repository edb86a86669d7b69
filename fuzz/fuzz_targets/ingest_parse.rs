//! Fuzzes `millwatch_ingest::parse` on arbitrary bytes in every format: it must never
//! panic or hang, whatever the input (the first byte picks the format), and every record's
//! byte span must lie inside the input when the input is UTF-8. Run with
//! `cargo +nightly fuzz run ingest_parse -- -timeout=5 -max_len=65536`.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use millwatch_ingest::{Limits, Options, parse};
use millwatch_model::{Format, VecSink};

const FORMATS: [Format; 9] = [
    Format::Text,
    Format::Csv,
    Format::Tsv,
    Format::Jsonl,
    Format::Eml,
    Format::Mbox,
    Format::Html,
    Format::TelegramJson,
    Format::WhatsappText,
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let format = FORMATS[usize::from(pick) % FORMATS.len()];
    let opts = Options {
        // Small limits so that the limit paths run too.
        limits: Limits {
            max_item_bytes: 4096,
            max_whole_file_bytes: 32 * 1024,
            max_json_depth: 16,
            ..Limits::default()
        },
        ..Options::default()
    };
    let mut sink = VecSink::default();
    let mut reader = body;
    let _ = parse(format, Path::new("fuzz.input"), &mut reader, &opts, &mut sink);
    if std::str::from_utf8(body).is_ok() {
        for r in &sink.records {
            assert!(r.place.byte_start <= r.place.byte_end, "{:?}", r.place);
        }
    }
});
