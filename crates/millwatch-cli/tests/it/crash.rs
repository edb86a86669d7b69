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
    // No duplicates in the index either.
    let (_, out, _) = run(millwatch(dir.path()).args(["--json", "search", "B777"]));
    assert_eq!(json_lines(&out).len(), 1);
}
