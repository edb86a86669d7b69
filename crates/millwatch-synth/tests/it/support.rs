//! Shared helpers: the demo world written once per test binary, and file walking.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use millwatch_synth::{Manifest, WorldConfig, generate, write_world};
use serde_json::Value;

/// The demo world, written once into a temporary directory that lives as long as the
/// test binary.
pub struct Demo {
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub records: Vec<Value>,
    pub elapsed: std::time::Duration,
    _tmp: tempfile::TempDir,
}

pub fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("tempdir");
        let start = std::time::Instant::now();
        let world = generate(&WorldConfig::demo());
        let manifest = write_world(&world, tmp.path()).expect("write demo");
        let elapsed = start.elapsed();
        let records = read_truth(tmp.path());
        Demo {
            dir: tmp.path().to_owned(),
            manifest,
            records,
            elapsed,
            _tmp: tmp,
        }
    })
}

/// Reads `truth/records.jsonl`.
pub fn read_truth(dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join("truth/records.jsonl")).expect("records.jsonl");
    text.lines()
        .map(|l| serde_json::from_str(l).expect("truth line"))
        .collect()
}

/// A string field of a truth line.
pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Every file under `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).expect("prefix").to_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
