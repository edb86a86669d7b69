//! Fuzzes format detection and charset decoding on arbitrary bytes: `detect_format` under
//! every extension ingest knows, `decode_whole` with and without a declared charset, and the
//! streaming `TextReader`, which must agree with `decode_whole` on UTF-8 input and never
//! panic or loop. Run with `cargo +nightly fuzz run ingest_detect_decode -- -timeout=5`.

#![no_main]

use std::io::{BufRead, Read};
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use millwatch_ingest::decode::{TextReader, decode_whole};
use millwatch_ingest::detect_format;

const NAMES: [&str; 12] = [
    "a.txt", "a.csv", "a.tsv", "a.json", "a.jsonl", "a.eml", "a.mbox", "a.html", "a.md",
    "result.json", "_chat.txt", "noextension",
];
const CHARSETS: [&str; 8] = [
    "utf-8", "gb2312", "big5", "shift_jis", "tis-620", "windows-1252", "x-unknown", "utf-16",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let _ = detect_format(Path::new(name), body);
    let declared = (pick & 0x80 != 0).then(|| CHARSETS[usize::from(pick >> 4) % CHARSETS.len()]);
    let (whole, _) = decode_whole(body, declared);
    // The streaming reader, read both through `Read` and line by line.
    if let Ok(mut reader) = TextReader::new(body, declared) {
        let mut out = Vec::new();
        if reader.read_to_end(&mut out).is_ok() && declared.is_none() && std::str::from_utf8(body).is_ok() {
            let stripped = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
            assert_eq!(out, stripped, "UTF-8 input must pass through unchanged");
            assert_eq!(whole.as_bytes(), stripped);
        }
    }
    if let Ok(reader) = TextReader::new(body, declared) {
        let mut reader = std::io::BufReader::new(reader);
        let mut line = Vec::new();
        let mut guard = 0usize;
        while let Ok(n) = reader.read_until(b'\n', &mut line) {
            if n == 0 {
                break;
            }
            line.clear();
            guard += 1;
            assert!(guard <= body.len() * 4 + 8, "reader loops");
        }
    }
});
