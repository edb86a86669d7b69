//! Linking end to end: ingest links, `operations`, `operation`, `why`, hubs and links.

use crate::{json_lines, millwatch, run, write};

/// Two operations (Bitget: wallet W1 and phone P1; Nexora: wallet W2), a hotline every
/// report quotes, and a bridge report by a victim of both.
fn sheet() -> String {
    let mut s = String::from("id,date,platform,phone,wallet,narrative\n");
    let w1 = "TS4kJJ1NnzSLnUQUB9nyr6Xa1SMmxubp3a";
    let w2 = "TJcMdKSHyxb51VYTfWQp7nwKmrFtC3Fq8y";
    for i in 0..4 {
        s.push_str(&format!(
            "B-{i},2024-03-0{},Bitget Pro Global,+855 12 345 678,{w1},\"paid USDT; called hotline +66 2 123 4567\"\n",
            i + 1
        ));
    }
    for i in 0..4 {
        s.push_str(&format!(
            "N-{i},2024-04-0{},Nexora Plus,+855 96 111 2222,{w2},\"the Nexora agent; hotline +66 2 123 4567\"\n",
            i + 1
        ));
    }
    for i in 0..4 {
        s.push_str(&format!(
            "A-{i},2024-05-0{},Aureus Asia,+855 12 987 654,,\"Aureus app; hotline +66 2 123 4567\"\n",
            i + 1
        ));
    }
    s
}

#[test]
fn ingest_links_and_operations_explain_themselves() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "reports.csv", sheet());
    let (code, out, err) = run(millwatch(dir.path()).args(["--json", "ingest", "reports.csv"]));
    assert_eq!(code, 0, "{err}");
    let link = json_lines(&out).pop().unwrap();
    assert_eq!(link["type"], "link");
    assert_eq!(link["operations"], 3, "{link}");

    let (code, out, _) = run(millwatch(dir.path()).args(["--json", "operations"]));
    assert_eq!(code, 0);
    let ops = json_lines(&out);
    assert_eq!(ops.len(), 3);
    let bitget = ops
        .iter()
        .find(|o| o["records"].as_array().unwrap().iter().any(|r| r == "B-0"))
        .unwrap();
    let members: Vec<&str> = bitget["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(members, ["B-0", "B-1", "B-2", "B-3"]);
    let id = bitget["id"].as_str().unwrap();
    assert!(id.starts_with("op-") && id.len() == 13, "{id}");
    let (_, shown, _) = run(millwatch(dir.path()).args(["--json", "show", "B-2"]));
    assert_eq!(json_lines(&shown)[0]["operation"], id);

    // The hotline is a hub: shown on the operation, never used to link.
    let (code, out, _) = run(millwatch(dir.path()).args(["--json", "operation", id]));
    assert_eq!(code, 0);
    let op = &json_lines(&out)[0];
    let hubs = op["hubs"].as_array().unwrap();
    assert!(hubs.iter().any(|h| h["value"] == "+6621234567"), "{op}");
    assert!(
        op["selectors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["value"] != "+6621234567")
    );
    let (code, out, _) = run(millwatch(dir.path()).args(["operation", id]));
    assert_eq!(code, 0);
    assert!(out.contains("hubs its records mention"), "{out}");

    // Re-linking gives the same ids.
    assert_eq!(run(millwatch(dir.path()).arg("link")).0, 0);
    let (_, again, _) = run(millwatch(dir.path()).args(["--json", "operations"]));
    let ids = |s: &str| {
        let mut v: Vec<String> = json_lines(s).iter().map(|o| o["id"].to_string()).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&out_ops(&dir)), ids(&again));

    // why: a chain inside an operation, none across operations.
    let (code, out, _) = run(millwatch(dir.path()).args(["--json", "why", "B-0", "B-3"]));
    assert_eq!(code, 0, "{out}");
    let chain = &json_lines(&out)[0];
    let steps = chain["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2, "{chain}");
    assert!(!steps[0]["evidence"].as_array().unwrap().is_empty());
    let (code, _, err) = run(millwatch(dir.path()).args(["why", "B-0", "N-0"]));
    assert_eq!(code, 1);
    assert!(err.contains("no chain"), "{err}");
    let (code, _, err) = run(millwatch(dir.path()).args(["operation", "op-0000000000"]));
    assert_eq!(code, 2);
    assert!(err.contains("no operation"), "{err}");
}

fn out_ops(dir: &tempfile::TempDir) -> String {
    run(millwatch(dir.path()).args(["--json", "operations"])).1
}

#[test]
fn a_bridge_report_links_operations_without_merging_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sheet();
    // A victim of both: Bitget's wallet and Nexora's phone in one report.
    s.push_str("X-1,2024-06-01,Bitget Pro Global,+855 96 111 2222,TS4kJJ1NnzSLnUQUB9nyr6Xa1SMmxubp3a,\"then a recovery agent\"\n");
    write(dir.path(), "reports.csv", s);
    let (code, _, err) = run(millwatch(dir.path()).args(["ingest", "reports.csv"]));
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = run(millwatch(dir.path()).args(["--json", "operations"]));
    let ops = json_lines(&out);
    assert_eq!(ops.len(), 3, "{ops:#?}");
    let with = |ext: &str| {
        ops.iter()
            .find(|o| o["records"].as_array().unwrap().iter().any(|r| r == ext))
            .unwrap()
    };
    assert_ne!(with("B-0")["id"], with("N-0")["id"]);
    assert_eq!(with("X-1")["id"], with("B-0")["id"]);
    let id = with("N-0")["id"].as_str().unwrap().to_owned();
    let (_, out, _) = run(millwatch(dir.path()).args(["--json", "operation", &id]));
    let links = json_lines(&out)[0]["links"].as_array().unwrap().clone();
    assert!(!links.is_empty(), "{out}");
}

#[test]
fn report_writes_one_self_contained_file_with_payloads_inert() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sheet();
    s.push_str("B-9,2024-03-09,Bitget Pro Global,+855 12 345 678,,\"<script>alert(1)</script> see https://bitget-pro.icu/login\"\n");
    write(dir.path(), "reports.csv", s);
    assert_eq!(
        run(millwatch(dir.path()).args(["ingest", "reports.csv"])).0,
        0
    );
    let (code, out, err) =
        run(millwatch(dir.path()).args(["--json", "report", "--all", "-o", "r.html"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(json_lines(&out)[0]["operations"], 3);
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(html.contains("<svg class=\"graph\""));
    assert!(!html.to_lowercase().contains("<script"));
    assert!(html.contains("&lt;script&gt;"));
    assert!(!html.contains("https://"), "a live address");
    assert!(html.contains("hxxps://bitget-pro[.]icu/login"));
    let (code, _, err) = run(millwatch(dir.path()).args(["report", "-o", "x.html"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("--all") || err.contains("OPERATION_ID"),
        "{err}"
    );
}

#[test]
fn a_lone_report_joins_by_its_platform_name_and_why_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = sheet();
    // Only a one-off phone, but Nexora's name as another victim writes it.
    s.push_str("L-1,2024-06-02,NEXORA-PLUS,+855 70 555 0101,,\"lost my savings\"\n");
    write(dir.path(), "reports.csv", s);
    let (code, _, err) = run(millwatch(dir.path()).args(["ingest", "reports.csv"]));
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = run(millwatch(dir.path()).args(["--json", "operations"]));
    let ops = json_lines(&out);
    let with = |ext: &str| {
        ops.iter()
            .find(|o| o["records"].as_array().unwrap().iter().any(|r| r == ext))
            .unwrap()
    };
    assert_eq!(with("L-1")["id"], with("N-0")["id"], "{ops:#?}");
    let (code, out, err) = run(millwatch(dir.path()).args(["--json", "why", "L-1", "N-2"]));
    assert_eq!(code, 0, "{err}");
    let chain = &json_lines(&out)[0];
    let steps = chain["steps"].as_array().unwrap();
    assert_eq!(steps[0]["via"]["kind"], "platform_name", "{chain}");
    assert_eq!(steps[0]["written"]["this"], "NEXORA-PLUS", "{chain}");
    assert_eq!(steps[0]["written"]["next"], "Nexora Plus", "{chain}");
    assert_eq!(steps[0]["name_join"]["written"], "NEXORA-PLUS", "{chain}");
    // In words, and on the operation's page in the terminal.
    let (_, out, _) = run(millwatch(dir.path()).args(["why", "L-1", "N-2"]));
    assert!(
        out.contains("gives the platform name \"NEXORA-PLUS\"")
            && out.contains("the only operation that gives it"),
        "{out}"
    );
    let id = with("L-1")["id"].as_str().unwrap().to_owned();
    let (_, out, _) = run(millwatch(dir.path()).args(["operation", &id]));
    assert!(
        out.contains("records joined by a platform name alone"),
        "{out}"
    );
}

#[test]
fn new_reports_join_existing_operations_under_the_same_ids_and_a_rebuild_agrees() {
    let w1 = "TS4kJJ1NnzSLnUQUB9nyr6Xa1SMmxubp3a";
    let later = format!(
        "id,date,platform,phone,wallet,narrative\n\
         B-8,2024-07-01,Bitget Pro Global,,{w1},\"sent more USDT\"\n\
         B-9,2024-07-02,BITGET-PRO,+855 12 345 678,,\"they called again\"\n"
    );
    let ops_of = |dir: &std::path::Path| -> Vec<(String, Vec<String>)> {
        let (_, out, _) = run(millwatch(dir).args(["--json", "operations"]));
        let mut v: Vec<(String, Vec<String>)> = json_lines(&out)
            .iter()
            .map(|o| {
                let mut r: Vec<String> = o["records"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap().to_owned())
                    .collect();
                r.sort();
                (o["id"].as_str().unwrap().to_owned(), r)
            })
            .collect();
        v.sort();
        v
    };
    // Incremental: the first sheet, linked; then the later one.
    let inc = tempfile::tempdir().unwrap();
    write(inc.path(), "reports.csv", sheet());
    assert_eq!(
        run(millwatch(inc.path()).args(["ingest", "reports.csv"])).0,
        0
    );
    let before = ops_of(inc.path());
    write(inc.path(), "later.csv", later.clone());
    assert_eq!(
        run(millwatch(inc.path()).args(["ingest", "later.csv"])).0,
        0
    );
    let after = ops_of(inc.path());
    let bitget = |ops: &[(String, Vec<String>)]| {
        ops.iter()
            .find(|(_, r)| r.contains(&"B-0".to_owned()))
            .cloned()
            .unwrap()
    };
    let (id_before, _) = bitget(&before);
    let (id_after, members) = bitget(&after);
    assert_eq!(id_before, id_after, "{before:?}\n{after:?}");
    assert!(members.contains(&"B-8".to_owned()) && members.contains(&"B-9".to_owned()));
    // The other operations keep their ids and members.
    for op in before.iter().filter(|(id, _)| *id != id_before) {
        assert!(after.contains(op), "{op:?} changed: {after:?}");
    }
    // A rebuild from both files at once gives the same operations.
    let full = tempfile::tempdir().unwrap();
    write(full.path(), "reports.csv", sheet());
    write(full.path(), "later.csv", later);
    assert_eq!(
        run(millwatch(full.path()).args(["ingest", "reports.csv", "later.csv"])).0,
        0
    );
    assert_eq!(ops_of(full.path()), after);
}
