use std::fs;

use millwatch_store::Case;

use super::*;

fn write(dir: &Path, rel: &str, content: &[u8]) -> PathBuf {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(&p, content).unwrap();
    p
}

fn run(case: &mut Case, paths: &[PathBuf]) -> IngestReport {
    ingest(case, paths, &IngestOptions::default(), &Quiet).unwrap()
}

#[test]
fn directories_are_walked_and_reingest_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "b/two.txt",
        "second report: paid via TRON".as_bytes(),
    );
    write(
        dir.path(),
        "a/one.md",
        "# SOS\nmy brother is held in a compound".as_bytes(),
    );
    write(dir.path(), ".hidden/x.txt", b"hidden");
    write(dir.path(), "photo.jpg", b"\xff\xd8\xff\xe0 not text");
    let case_path = dir.path().join("case.db");
    let mut case = Case::open(&case_path, millwatch_store::OpenMode::CreateIfMissing).unwrap();

    let first = run(&mut case, &[dir.path().to_owned()]);
    let names: Vec<String> = first
        .files
        .iter()
        .map(|f| {
            f.path
                .strip_prefix(dir.path())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(names, ["a/one.md", "b/two.txt", "photo.jpg"]);
    assert_eq!(first.records(), 2);
    assert!(matches!(first.files[2].outcome, FileOutcome::Ignored(_)));
    assert!(!first.anything_skipped());

    let again = run(&mut case, &[dir.path().to_owned()]);
    assert_eq!(again.records(), 0);
    assert!(matches!(again.files[0].outcome, FileOutcome::Unchanged(_)));
    assert_eq!(case.stats().unwrap().records, 2);
}

#[test]
fn duplicates_within_a_run_and_binary_files_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", b"same bytes");
    let b = write(dir.path(), "b.txt", b"same bytes");
    let junk = write(dir.path(), "junk.txt", b"\x00\x01\x02\x03binary");
    let mut case = Case::open_in_memory().unwrap();
    let report = run(&mut case, &[a.clone(), b, junk]);
    assert_eq!(report.files[1].outcome, FileOutcome::Duplicate(a));
    assert!(matches!(&report.files[2].outcome, FileOutcome::Skipped(r) if r.contains("binary")));
    assert!(report.anything_skipped());
    assert_eq!(case.stats().unwrap().records, 1);
}

#[test]
fn the_case_file_itself_is_never_ingested() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.txt", b"report");
    let case_path = dir.path().join("millwatch.db");
    let mut case = Case::open(&case_path, millwatch_store::OpenMode::CreateIfMissing).unwrap();
    let report = run(&mut case, &[dir.path().to_owned()]);
    assert_eq!(report.files.len(), 1, "{:?}", report.files);
}

#[test]
fn many_files_keep_their_order_with_several_workers() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for i in 0..40 {
        paths.push(write(
            dir.path(),
            &format!("f{i:02}.txt"),
            format!("report number {i}").as_bytes(),
        ));
    }
    let mut case = Case::open_in_memory().unwrap();
    let opts = IngestOptions {
        threads: 3,
        ..IngestOptions::default()
    };
    let report = ingest(&mut case, &paths, &opts, &Quiet).unwrap();
    assert_eq!(report.records(), 40);
    for (i, f) in report.files.iter().enumerate() {
        assert_eq!(f.path, paths[i]);
        assert_eq!(f.outcome, FileOutcome::Ingested(SourceId(i as i64 + 1)));
    }
    let view = case.record("40").unwrap();
    assert_eq!(view.text, "report number 39");
}
