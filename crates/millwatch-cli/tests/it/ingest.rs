//! Ingest end to end: provenance, idempotence, skipped input, JSON output.

use super::*;

#[test]
fn ingest_reports_skips_with_place_and_exit_status_1() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "in/good.txt",
        "my sister was taken to a compound in Myawaddy",
    );
    write(dir.path(), "in/junk.txt", b"\x00\x01\x02binary\x00junk");
    write(
        dir.path(),
        "in/bad.jsonl",
        "{\"id\": \"A1\", \"narrative\": \"paid 300 USDT\"}\n{not json\n{\"id\": \"A3\", \"narrative\": \"lost savings\"}\n",
    );
    let (code, out, err) = run(millwatch(dir.path()).args(["--json", "ingest", "in"]));
    assert_eq!(code, 1, "{err}");
    let lines = json_lines(&out);
    let summary = lines.iter().find(|l| l["type"] == "summary").unwrap();
    // Linking runs after ingest and says so on the last line.
    assert_eq!(lines.last().unwrap()["type"], "link");
    assert_eq!(lines.last().unwrap()["records"], 3);
    assert_eq!(summary["records"], 3);
    assert_eq!(summary["skipped_files"], 1);
    assert_eq!(summary["skipped"], 1);
    let bad = lines
        .iter()
        .find(|l| l["path"].as_str().unwrap().ends_with("bad.jsonl"))
        .unwrap();
    assert_eq!(bad["diagnostics"][0]["place"]["line"], 2);
    let junk = lines
        .iter()
        .find(|l| l["path"].as_str().unwrap().ends_with("junk.txt"))
        .unwrap();
    assert_eq!(junk["outcome"], "skipped");

    let (code, out, _) = run(millwatch(dir.path()).args(["diagnostics"]));
    assert_eq!(code, 1);
    assert!(out.contains("bad.jsonl: line 2"), "{out}");

    // The external id finds the record, with its provenance.
    let (code, out, _) = run(millwatch(dir.path()).args(["--json", "show", "A3"]));
    assert_eq!(code, 0);
    let rec = &json_lines(&out)[0];
    assert_eq!(rec["external_id"], "A3");
    assert_eq!(rec["place"]["line"], 3);
    assert!(
        rec["source"]["path"]
            .as_str()
            .unwrap()
            .ends_with("bad.jsonl")
    );
    assert_eq!(rec["source"]["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn ingesting_again_changes_nothing_and_a_changed_file_is_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.csv", "id,narrative\nR1,first\nR2,second\n");
    assert_eq!(run(millwatch(dir.path()).args(["ingest", "r.csv"])).0, 0);
    let (code, _, err) = run(millwatch(dir.path()).args(["ingest", "r.csv"]));
    assert_eq!(code, 0);
    assert!(err.contains("0 records from 0 new files"), "{err}");
    assert!(err.contains("1 unchanged"), "{err}");
    write(
        dir.path(),
        "r.csv",
        "id,narrative\nR1,first\nR2,second\nR3,third\n",
    );
    run(millwatch(dir.path()).args(["ingest", "r.csv"]));
    let (_, out, _) = run(millwatch(dir.path()).args(["--json", "stats"]));
    let stats = &json_lines(&out)[0];
    assert_eq!(stats["records"], 5);
    assert_eq!(stats["sources"], 2);
    assert_eq!(stats["kinds"][0]["kind"], "victim_report");
    let (_, out, _) = run(millwatch(dir.path()).args(["--json", "show", "R3"]));
    assert!(json_lines(&out)[0]["source"]["previous"].is_number());
}

#[test]
fn search_json_lines_carry_the_source_path() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        "recruiter offered 3000 USD salary in Sihanoukville",
    );
    write(
        dir.path(),
        "b.md",
        "# SOS\nplease help, passport taken in Sihanoukville",
    );
    run(millwatch(dir.path()).args(["ingest", "a.txt", "b.md"]));
    let (code, out, _) = run(millwatch(dir.path()).args(["--json", "search", "sihanoukville"]));
    assert_eq!(code, 0);
    let hits = json_lines(&out);
    assert_eq!(hits.len(), 2);
    for h in &hits {
        assert!(
            h["path"].as_str().unwrap().ends_with(".txt")
                || h["path"].as_str().unwrap().ends_with(".md")
        );
        let [s, e] = [
            h["highlights"][0][0].as_u64().unwrap() as usize,
            h["highlights"][0][1].as_u64().unwrap() as usize,
        ];
        assert_eq!(&h["snippet"].as_str().unwrap()[s..e], "Sihanoukville");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&format!("R{i},victim {i} paid the compound\n"));
    }
    write(dir.path(), "many.csv", format!("id,narrative\n{text}"));
    run(millwatch(dir.path()).args(["ingest", "many.csv"]));
    let mut child = millwatch(dir.path())
        .args(["search", "-n", "3000", "compound"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
