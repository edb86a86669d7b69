//! Selectors end to end: `extract` without a case, extraction at ingest, `selectors`,
//! `selector`, `show`, and the `demo` checked against its ground truth.

use std::io::Write as _;
use std::process::Stdio;

use crate::{json_lines, millwatch, run, write};

#[test]
fn extract_reads_stdin_and_reports_offsets_into_the_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let text = "报案：对方电话 +855 12 345 678，网站 hxxps://bitget-pro[.]icu/app 钱包 TS4kJJ1NnzSLnUQUB9nyr6Xa1SMmxubp3a\n";
    let mut child = millwatch(dir.path())
        .args(["extract", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&String::from_utf8(out.stdout).unwrap());
    let get = |kind: &str| {
        lines
            .iter()
            .find(|l| l["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} in {lines:#?}"))
    };
    for l in &lines {
        let (s, e) = (
            l["start"].as_u64().unwrap() as usize,
            l["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], l["raw"].as_str().unwrap(), "{l}");
        assert_eq!(l["file"], "-");
    }
    assert_eq!(get("phone")["value"], "+85512345678");
    assert_eq!(get("url")["value"], "https://bitget-pro.icu/app");
    assert_eq!(get("domain")["value"], "bitget-pro.icu");
    assert_eq!(get("tron")["value"], "TS4kJJ1NnzSLnUQUB9nyr6Xa1SMmxubp3a");
}

#[test]
fn extract_filters_kinds_names_files_and_says_when_nothing_was_found() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        "mail me at scam.desk [at] proton [dot] me or +66 81 234 5678",
    );
    write(
        dir.path(),
        "b.txt",
        "version 2.4.1 costs 1,200.50 USD on 12.05.2024",
    );
    let (code, out, _) = run(millwatch(dir.path()).args(["extract", "--kinds", "email", "a.txt"]));
    assert_eq!(code, 0);
    assert_eq!(out, "email\tscam.desk@proton.me\n");
    let (code, out, _) = run(millwatch(dir.path()).args(["extract", "a.txt", "b.txt"]));
    assert_eq!(code, 0);
    assert!(out.contains("a.txt\tphone\t+66812345678\n"), "{out}");
    assert!(!out.contains("b.txt"), "{out}");
    let (code, out, _) = run(millwatch(dir.path()).args(["extract", "b.txt"]));
    assert_eq!((code, out.as_str()), (1, ""));
    let (code, _, err) = run(millwatch(dir.path()).args(["extract", "--kinds", "pager", "a.txt"]));
    assert_eq!(code, 2);
    assert!(err.contains("--kinds"), "{err}");
    let (code, _, err) = run(millwatch(dir.path()).args(["extract", "missing.txt"]));
    assert_eq!(code, 2);
    assert!(err.contains("missing.txt"), "{err}");
}

#[test]
fn ingest_finds_selectors_in_text_and_fields_and_selector_explains_them() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "reports.csv",
        "id,date,country,phone,narrative\n\
         R-1,2024-03-05,Cambodia,012 345 678,\"Agent Anna said pay via TS4kJJ1NnzSLnUQUB9nyr6Xa1SMmxubp3a\"\n\
         R-2,2024-03-09,KH,,\"Same wallet TS4kJJ1NnzSLnUQUB9nyr6Xa1SMmxubp3a and WhatsApp +855 12 345 678\"\n",
    );
    assert_eq!(
        run(millwatch(dir.path()).args(["ingest", "reports.csv"])).0,
        0
    );

    let (code, out, _) =
        run(millwatch(dir.path()).args(["--json", "selectors", "--kind", "phone"]));
    assert_eq!(code, 0);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0]["value"], "+85512345678");
    assert_eq!(rows[0]["records"], 2);

    // Typed as written, found by its normal form; both places explained.
    let (code, out, _) = run(millwatch(dir.path()).args(["--json", "selector", "+855-12-345-678"]));
    assert_eq!(code, 0, "{out}");
    let ms = json_lines(&out);
    assert_eq!(ms.len(), 2, "{ms:#?}");
    let in_field = ms.iter().find(|m| m["external_id"] == "R-1").unwrap();
    assert_eq!(in_field["field"], "phone");
    assert_eq!(in_field["raw"], "012 345 678");
    let in_text = ms.iter().find(|m| m["external_id"] == "R-2").unwrap();
    assert!(
        in_text["excerpt"]
            .as_str()
            .unwrap()
            .contains("+855 12 345 678")
    );
    assert!(in_text["path"].as_str().unwrap().ends_with("reports.csv"));

    let (code, out, _) =
        run(millwatch(dir.path()).args(["selector", "TS4kJJ1NnzSLnUQUB9nyr6Xa1SMmxubp3a"]));
    assert_eq!(code, 0);
    assert!(out.contains("2 mentions in 2 records"), "{out}");

    let (code, out, _) = run(millwatch(dir.path()).args(["--json", "show", "R-2"]));
    assert_eq!(code, 0);
    let v = &json_lines(&out)[0];
    let kinds: Vec<&str> = v["selectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"tron") && kinds.contains(&"phone"),
        "{kinds:?}"
    );

    let (code, _, err) = run(millwatch(dir.path()).args(["selector", "+1 202 555 0100"]));
    assert_eq!(code, 1);
    assert!(err.contains("no record mentions"), "{err}");
}

#[test]
fn demo_ingests_its_world_and_matches_the_ground_truth() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("demo");
    let (code, out, err) = run(millwatch(dir.path())
        .args(["--json", "demo", "--out"])
        .arg(&out_dir));
    assert_eq!(code, 0, "{err}");
    let lines = json_lines(&out);
    let check = &lines
        .iter()
        .find(|l| l["type"] == "demo_check")
        .unwrap_or_else(|| panic!("{out}"))["check"];
    let stored = check["records_stored"].as_u64().unwrap();
    assert!(stored > 500, "{check}");
    assert_eq!(stored, check["records_expected"].as_u64().unwrap());
    let planted = check["planted"].as_u64().unwrap() as f64;
    let found = check["planted_found"].as_u64().unwrap() as f64;
    assert!(found / planted >= 0.9, "{check}");
    assert!(out_dir.join("truth/operations.json").is_file());
    // Running it again stores nothing new.
    let (code, out, _) = run(millwatch(dir.path())
        .args(["--json", "demo", "--out"])
        .arg(&out_dir));
    assert_eq!(code, 0);
    let summary = json_lines(&out)
        .into_iter()
        .find(|l| l["type"] == "summary")
        .unwrap();
    assert_eq!(summary["records"], 0, "{summary}");
}

#[test]
fn generate_writes_a_seeded_world_with_truth() {
    let dir = tempfile::tempdir().unwrap();
    let make = |name: &str| {
        let (code, out, err) = run(millwatch(dir.path()).args([
            "--json",
            "generate",
            "--seed",
            "5",
            "--shape",
            "regular",
            "--operations",
            "12",
            "--out",
            name,
        ]));
        assert_eq!(code, 0, "{err}");
        json_lines(&out).remove(0)
    };
    let a = make("w1");
    let b = make("w2");
    assert_eq!(a["records"], b["records"]);
    assert!(a["records"].as_u64().unwrap() > 100, "{a}");
    let read = |w: &str| std::fs::read(dir.path().join(w).join("truth/records.jsonl")).unwrap();
    assert_eq!(read("w1"), read("w2"));
}

#[test]
fn extract_decodes_other_charsets_and_keeps_file_offsets_after_a_bom() {
    let dir = tempfile::tempdir().unwrap();
    // GB18030: 联系微信 (contact WeChat) and a phone number.
    let text = "联系人电话 +86 138 0013 8000，网站 hxxp://qianbao-usdt[.]top 请尽快转账";
    let long = text.repeat(40);
    let (gb, _, _) = encoding_rs::GB18030.encode(&long);
    write(dir.path(), "gb.txt", &gb);
    let (code, out, err) = run(millwatch(dir.path()).args(["--json", "extract", "gb.txt"]));
    assert_eq!(code, 0, "{err}");
    // encoding_rs names the detected family GBK; its decoder reads all of GB18030.
    assert!(err.to_lowercase().contains("decoded as gb"), "{err}");
    let lines = json_lines(&out);
    let phone = lines.iter().find(|l| l["kind"] == "phone").unwrap();
    assert_eq!(phone["value"], "+8613800138000");
    assert!(
        phone["encoding"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .starts_with("gb")
    );
    assert!(lines.iter().any(|l| l["value"] == "qianbao-usdt.top"));

    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice("call +66 81 234 5678".as_bytes());
    write(dir.path(), "bom.txt", &bom);
    let (_, out, _) = run(millwatch(dir.path()).args(["--json", "extract", "bom.txt"]));
    let l = &json_lines(&out)[0];
    let (s, e) = (
        l["start"].as_u64().unwrap() as usize,
        l["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&bom[s..e], b"+66 81 234 5678");
}
