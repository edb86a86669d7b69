//! `millwatch dedupe`: clusters of rows describing the same person, with explained scores.
//!
//! The fixture `tests/fixtures/dedupe/people.csv` holds 56 distinct people (ids `P…`) and
//! four people written twice (ids `D…`): a surname typo with the date as DD/MM/YYYY and a
//! national phone number; Cyrillic names for Latin ones; given and family name swapped; a
//! date of birth one digit off with another e-mail.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{json_lines, millwatch, run, write};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dedupe/people.csv")
}

fn cluster_ids(lines: &[serde_json::Value]) -> BTreeSet<Vec<String>> {
    lines
        .iter()
        .filter(|l| l["type"] == "cluster")
        .map(|l| {
            let mut ids: Vec<String> = l["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_str().unwrap().to_string())
                .collect();
            ids.sort();
            ids
        })
        .collect()
}

#[test]
fn dedupe_finds_the_planted_duplicates_and_explains_them() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(millwatch(dir.path())
        .arg("dedupe")
        .arg(fixture())
        .arg("--json"));
    assert_eq!(code, 0, "{err}");
    let lines = json_lines(&out);
    let want: BTreeSet<Vec<String>> = [
        ["D001", "D002"],
        ["D003", "D004"],
        ["D005", "D006"],
        ["D007", "D008"],
    ]
    .iter()
    .map(|p| p.iter().map(|s| s.to_string()).collect())
    .collect();
    assert_eq!(cluster_ids(&lines), want);

    // Every pair is explained: its weight is the prior plus the fields' weights.
    for l in lines.iter().filter(|l| l["type"] == "cluster") {
        for p in l["pairs"].as_array().unwrap() {
            let sum: f64 = p["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["weight"].as_f64().unwrap())
                .sum::<f64>()
                + p["prior"].as_f64().unwrap();
            assert!((sum - p["weight"].as_f64().unwrap()).abs() < 1e-6, "{p}");
            assert!(p["probability"].as_f64().unwrap() >= 0.9);
        }
    }
    // The swapped names are recognised as such.
    let swapped = lines
        .iter()
        .flat_map(|l| l["pairs"].as_array().cloned().unwrap_or_default())
        .find(|p| p["a"] == "D005" || p["b"] == "D005")
        .unwrap();
    let first = swapped["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["column"] == "first_name")
        .unwrap();
    assert_eq!(first["level"], "swapped with the other name column");

    let summary = lines.last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["rows"], 64);
    assert_eq!(summary["clusters"], 4);
    let id_col = summary["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["column"] == "id")
        .unwrap();
    assert_eq!(id_col["type"], "record_id");
}

#[test]
fn dedupe_prints_a_readable_table() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(millwatch(dir.path()).arg("dedupe").arg(fixture()));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("cluster 1  (2 rows)"), "{out}");
    assert!(out.contains("Иван"), "{out}");
    assert!(out.contains("date_of_birth exact"), "{out}");
    assert!(err.contains("4 clusters holding 8 rows"), "{err}");
}

#[test]
fn dedupe_reports_bad_rows_with_their_line_and_honours_map() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = std::fs::read_to_string(fixture()).unwrap();
    csv.push_str("X001,only,three\n");
    let f = write(dir.path(), "people.csv", csv);
    // Ignoring the phone and e-mail columns loses evidence but keeps the clear cases.
    let (code, out, err) = run(millwatch(dir.path()).arg("dedupe").arg(&f).args([
        "--map",
        "phone_number=ignore",
        "--map",
        "email=ignore",
        "--json",
    ]));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("people.csv:66: row skipped"), "{err}");
    let lines = json_lines(&out);
    let summary = lines.last().unwrap();
    assert_eq!(summary["bad_rows"][0]["line"], 66);
    let cols = summary["columns"].as_array().unwrap();
    assert!(cols.iter().any(|c| c["column"] == "phone_number"
        && c["type"] == "ignore"
        && c["automatic"] == false));
    assert!(cluster_ids(&lines).contains(&vec!["D001".to_string(), "D002".to_string()]));

    let (code, _, err) = run(millwatch(dir.path())
        .arg("dedupe")
        .arg(&f)
        .args(["--map", "nope=surname"]));
    assert_eq!(code, 2);
    assert!(err.contains("no such column"), "{err}");
    let (code, _, err) = run(millwatch(dir.path())
        .arg("dedupe")
        .arg(&f)
        .args(["--map", "city=planet"]));
    assert_eq!(code, 2);
    assert!(err.contains("unknown type"), "{err}");
}

#[test]
fn dedupe_links_two_files_across_only() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read_to_string(fixture()).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    let (mut a, mut b) = (vec![header.to_string()], vec![header.to_string()]);
    for l in lines {
        // Odd-numbered rows (D001, D003, D005, D007 among them) to A, the rest to B.
        let id = l.split(',').next().unwrap();
        let n: u32 = id[1..].parse().unwrap();
        if n % 2 == 1 {
            a.push(l.to_string());
        } else {
            b.push(l.to_string());
        }
    }
    let fa = write(dir.path(), "a.csv", a.join("\n") + "\n");
    let fb = write(dir.path(), "b.csv", b.join("\n") + "\n");
    let (code, out, err) = run(millwatch(dir.path())
        .arg("dedupe")
        .arg(&fa)
        .arg(&fb)
        .arg("--json"));
    assert_eq!(code, 0, "{err}");
    let lines = json_lines(&out);
    assert_eq!(cluster_ids(&lines).len(), 4, "{out}");
    for l in lines.iter().filter(|l| l["type"] == "cluster") {
        let files: BTreeSet<&str> = l["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["file"].as_str().unwrap())
            .collect();
        assert_eq!(files.len(), 2, "{l}");
    }
}

#[test]
fn dedupe_without_comparable_columns_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "x.csv", "colour,mood\nred,happy\nblue,sad\n");
    let (code, _, err) = run(millwatch(dir.path()).arg("dedupe").arg(&f));
    assert_eq!(code, 2);
    assert!(err.contains("no column to compare"), "{err}");
    let f = write(dir.path(), "empty.csv", "");
    let (code, _, err) = run(millwatch(dir.path()).arg("dedupe").arg(&f));
    assert_eq!(code, 2);
    assert!(err.contains("empty"), "{err}");
}
