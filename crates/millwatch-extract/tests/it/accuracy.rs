//! Precision and recall per kind on the labelled corpus in `tests/corpus/*.jsonl`.
//!
//! Each corpus line is one case: a text (with an optional record country and field name) and
//! the complete list of `[kind, value]` selectors a careful analyst would mark in it. Every
//! selector found that is not listed is a false positive; every listed one not found is a
//! false negative. The test prints the table and fails under 0.98 precision or 0.97 recall for
//! any kind (kinds with fewer than 10 labelled selectors are reported but not gated).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use millwatch_extract::{Config, Extractor, ScanContext};

#[derive(Default, Clone, Copy)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

struct Case {
    id: String,
    text: String,
    region: Option<String>,
    field: Option<String>,
    expect: BTreeSet<(String, String)>,
}

fn load() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with("//") {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", f.display(), n + 1));
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
            let expect = v["expect"]
                .as_array()
                .unwrap_or_else(|| panic!("{}:{}: no expect", f.display(), n + 1))
                .iter()
                .map(|p| {
                    (
                        p[0].as_str().unwrap_or_default().to_owned(),
                        p[1].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect();
            cases.push(Case {
                id: s("id").unwrap_or_else(|| format!("{}:{}", f.display(), n + 1)),
                text: s("text").unwrap_or_default(),
                region: s("region"),
                field: s("field"),
                expect,
            });
        }
    }
    cases
}

#[test]
fn corpus_precision_and_recall() {
    let ex = Extractor::new(&Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let cases = load();
    assert!(cases.len() >= 1000, "corpus has only {} cases", cases.len());
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut failures = Vec::new();
    for c in &cases {
        let ctx = ScanContext {
            region: c.region.as_deref(),
            field: c.field.as_deref(),
        };
        let found: BTreeSet<(String, String)> = ex
            .scan_to_vec(&c.text, &ctx)
            .into_iter()
            .map(|m| (m.kind.as_str().to_owned(), m.value))
            .collect();
        for k in found.union(&c.expect) {
            let s = scores.entry(k.0.clone()).or_default();
            match (found.contains(k), c.expect.contains(k)) {
                (true, true) => s.tp += 1,
                (true, false) => s.fp += 1,
                (false, true) => s.fn_ += 1,
                (false, false) => {}
            }
        }
        if found != c.expect {
            let fp: Vec<_> = found.difference(&c.expect).collect();
            let fn_: Vec<_> = c.expect.difference(&found).collect();
            failures.push(format!(
                "{} {:?}\n    extra: {fp:?}\n    missed: {fn_:?}",
                c.id, c.text
            ));
        }
    }
    let mut table = String::from("kind           labels   tp   fp   fn  precision  recall\n");
    let mut bad = Vec::new();
    let mut total = Score::default();
    for (k, s) in &scores {
        let p = if s.tp + s.fp == 0 {
            1.0
        } else {
            s.tp as f64 / (s.tp + s.fp) as f64
        };
        let r = if s.tp + s.fn_ == 0 {
            1.0
        } else {
            s.tp as f64 / (s.tp + s.fn_) as f64
        };
        table.push_str(&format!(
            "{k:<14} {:>6} {:>4} {:>4} {:>4}  {p:>9.3}  {r:>6.3}\n",
            s.tp + s.fn_,
            s.tp,
            s.fp,
            s.fn_
        ));
        total.tp += s.tp;
        total.fp += s.fp;
        total.fn_ += s.fn_;
        if s.tp + s.fn_ >= 10 && (p < 0.98 || r < 0.97) {
            bad.push(k.clone());
        }
    }
    let p = total.tp as f64 / (total.tp + total.fp).max(1) as f64;
    let r = total.tp as f64 / (total.tp + total.fn_).max(1) as f64;
    table.push_str(&format!(
        "all            {:>6} {:>4} {:>4} {:>4}  {p:>9.3}  {r:>6.3}  (micro F1 {:.3}, {} cases, {} not exact)\n",
        total.tp + total.fn_,
        total.tp,
        total.fp,
        total.fn_,
        2.0 * p * r / (p + r),
        cases.len(),
        failures.len()
    ));
    eprintln!("{table}");
    for f in failures.iter().take(400) {
        eprintln!("{f}");
    }
    assert!(
        bad.is_empty(),
        "kinds under 0.98 precision / 0.97 recall: {bad:?}\n{table}"
    );
}
