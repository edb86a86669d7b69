//! An ingest killed with SIGKILL leaves the case consistent, and running it again completes
//! it without duplicates.

use std::time::{Duration, Instant};

use super::*;

fn stats(dir: &Path) -> serde_json::Value {
    let (code, out, err) = run(millwatch(dir).args(["--json", "stats"]));
    assert_eq!(code, 0, "{err}");
    json_lines(&out).remove(0)
}

#[test]
fn killed_ingest_is_completed_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    // Two files: the first is stored whole before the second, large one is interrupted.
    write(
        dir.path(),
        "in/a_small.csv",
        "id,narrative\nS1,small file row\n",
    );
    let mut big = String::from("id,narrative,phone\n");
    let rows = 150_000;
    for i in 0..rows {
        big.push_str(&format!(
            "B{i},victim {i} paid the platform via TRON wallet,+85512{i:06}\n"
        ));
    }
    write(dir.path(), "in/b_big.csv", &big);

    let mut child = millwatch(dir.path())
        .args(["ingest", "in"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until a batch of the big file is committed but the file is not finished.
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut caught = false;
    while Instant::now() < deadline {
        if dir.path().join("case.db").exists() {
            let (code, out, _) = run(millwatch(dir.path()).args(["--json", "stats"]));
            if code == 0 && json_lines(&out)[0]["incomplete_sources"] == 1 {
                caught = true;
                break;
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        caught,
        "the ingest finished before it could be interrupted; make the input bigger"
    );

    let s = stats(dir.path());
    assert_eq!(s["records"], 1, "only the finished file is visible: {s}");
    assert_eq!(s["incomplete_sources"], 1);

    let (code, _, err) = run(millwatch(dir.path()).args(["ingest", "in"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("cleaned up 1 interrupted ingest"), "{err}");
    let s = stats(dir.path());
    assert_eq!(s["records"], rows + 1, "{s}");
    assert_eq!(s["sources"], 2);
    assert_eq!(s["incomplete_sources"], 0);
    // No duplicates in the index either, and nothing missing from it: the text index is
    // its own file, written by its own thread, and the kill may have left it behind the
    // case; the next ingest caught it up.
    let (_, out, _) = run(millwatch(dir.path()).args(["--json", "search", "B777"]));
    assert_eq!(json_lines(&out).len(), 1);
    let (_, out, _) = run(millwatch(dir.path()).args(["--json", "search", "small file row"]));
    assert_eq!(json_lines(&out).len(), 1, "{out}");
    let last = format!("B{}", rows - 1);
    let (_, out, _) = run(millwatch(dir.path()).args(["--json", "search", &last]));
    assert_eq!(json_lines(&out).len(), 1, "{out}");
    assert!(dir.path().join("case.db-text").exists());
}

#[test]
fn an_ingest_killed_while_the_index_lags_is_caught_up_by_the_next_run() {
    // Kill at many points of a run of small files, so that some kill lands after the
    // case committed but before its text index did; every run after it must leave every
    // record searchable exactly once.
    let dir = tempfile::tempdir().unwrap();
    let files = 200;
    for i in 0..files {
        let mut body = String::from("id,narrative\n");
        for j in 0..200 {
            body.push_str(&format!("F{i}R{j},report {i} {j} uniqueword{i}x{j}\n"));
        }
        write(dir.path(), &format!("in/f{i:04}.csv"), &body);
    }
    for delay_ms in [150u64, 400, 900] {
        let mut child = millwatch(dir.path())
            .args(["ingest", "in"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
    }
    let (code, _, err) = run(millwatch(dir.path()).args(["ingest", "in"]));
    assert_eq!(code, 0, "{err}");
    let s = stats(dir.path());
    assert_eq!(s["records"], files * 200, "{s}");
    for i in (0..files).step_by(15).chain([files - 1]) {
        let j = (i * 7) % 200;
        let (_, out, _) =
            run(millwatch(dir.path()).args(["--json", "search", &format!("uniqueword{i}x{j}")]));
        assert_eq!(json_lines(&out).len(), 1, "uniqueword{i}x{j}: {out}");
    }
}
