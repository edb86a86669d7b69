//! Flags, errors and exit codes.

use super::*;

#[test]
fn case_flag_works_before_and_after_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.txt", "a report about Sihanoukville");
    let (code, _, err) = run(Command::new(env!("CARGO_BIN_EXE_millwatch"))
        .current_dir(dir.path())
        .args(["ingest", "r.txt", "--case", "after.db"]));
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(Command::new(env!("CARGO_BIN_EXE_millwatch"))
        .current_dir(dir.path())
        .args(["--case", "after.db", "--json", "stats"]));
    assert_eq!(code, 0);
    assert_eq!(json_lines(&out)[0]["records"], 1);
}

#[test]
fn reading_commands_on_a_missing_case_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run(millwatch(dir.path()).arg("stats"));
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(err.contains("no case here"), "{err}");
    assert!(
        !dir.path().join("case.db").exists(),
        "a read command must not create a case"
    );
}

#[test]
fn a_file_that_is_not_a_case_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "case.db", "my notes");
    write(dir.path(), "r.txt", "report");
    let (code, _, err) = run(millwatch(dir.path()).args(["ingest", "r.txt"]));
    assert_eq!(code, 2);
    assert!(err.contains("not a millwatch case"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("case.db")).unwrap(),
        "my notes"
    );
}

#[test]
fn search_exit_status_says_whether_anything_was_found() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.txt", "我被骗到了诈骗园区");
    assert_eq!(run(millwatch(dir.path()).args(["ingest", "r.txt"])).0, 0);
    let (code, out, _) = run(millwatch(dir.path()).args(["search", "诈骗"]));
    assert_eq!(code, 0);
    assert!(out.contains("[诈骗]"), "{out}");
    let (code, out, err) = run(millwatch(dir.path()).args(["search", "nothing-like-this"]));
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("no records match"), "{err}");
}

#[test]
fn bad_flags_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(millwatch(dir.path()).args(["ingest", "x", "--map", "nocolumn"]));
    assert_eq!(code, 2);
    assert!(err.contains("COLUMN=FIELD"), "{err}");
    let (code, _, err) = run(millwatch(dir.path()).args(["ingest", "x", "--kind", "victim"]));
    assert_eq!(code, 2);
    assert!(err.contains("unknown record kind"), "{err}");
}

/// Serving beyond loopback without a token is refused before anything claims to serve.
#[test]
fn serve_refuses_a_public_address_without_a_token_and_says_so_first() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.txt", "a report");
    let (code, _, err) = run(millwatch(dir.path()).args(["ingest", "r.txt"]));
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = run(millwatch(dir.path()).args(["serve", "--addr", "0.0.0.0:0"]));
    assert_ne!(code, 0);
    assert!(err.contains("not a loopback address"), "{err}");
    assert!(
        !out.contains("serving") && !err.contains("serving"),
        "{out}{err}"
    );
}
