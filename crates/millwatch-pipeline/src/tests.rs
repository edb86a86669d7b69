use std::fs;

use millwatch_model::RecordId;
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

/// `why` answers from the stored linking once the case is linked, and the chains it finds
/// there are the ones a fresh linking finds: every step shares its selector with the next
/// record, the ends are the records asked about. Records ingested after linking make it
/// link afresh.
#[test]
fn why_from_stored_operations_agrees_with_a_fresh_linking() {
    use millwatch_extract::{Config, Extractor};
    use std::sync::Arc;

    let dir = tempfile::tempdir().unwrap();
    let world = millwatch_synth::generate(&millwatch_synth::WorldConfig::linking(5, 25));
    millwatch_synth::write_world(&world, dir.path()).unwrap();
    let mut case = Case::open_in_memory().unwrap();
    let opts = IngestOptions {
        extractor: Some(Arc::new(Extractor::new(&Config::default()).unwrap())),
        ..IngestOptions::default()
    };
    ingest(&mut case, &[dir.path().join("corpus")], &opts, &Quiet).unwrap();
    link::link_and_store(&mut case, &millwatch_link::Params::default()).unwrap();
    let ops = case.operations(2, 1000).unwrap();
    assert!(ops.len() >= 10, "{}", ops.len());
    let mut checked = 0;
    for op in ops.iter().take(12) {
        let members: Vec<RecordId> = case
            .operation(&op.id)
            .unwrap()
            .members
            .iter()
            .map(|m| m.record)
            .collect();
        let (a, b) = (members[0], members[members.len() - 1]);
        assert!(case.chain_scope(a, b).unwrap().is_some());
        let stored = link::why(&case, a, b)
            .unwrap()
            .expect("a chain inside an operation");
        let fresh = link::why_relinked(&case, a, b)
            .unwrap()
            .expect("fresh chain");
        assert_eq!(stored.first().map(|s| s.record), Some(a));
        assert_eq!(stored.last().map(|s| s.record), Some(b));
        assert_eq!(stored.len(), fresh.len(), "{stored:#?}\n{fresh:#?}");
        for pair in stored.windows(2) {
            let (kind, value) = pair[0].via.clone().unwrap();
            if kind == "platform_name" || kind == "chat" {
                continue;
            }
            let holders: Vec<RecordId> = case
                .mentions_of(Some(&kind), &value, usize::MAX)
                .unwrap()
                .iter()
                .filter(|m| !m.victim)
                .map(|m| m.record)
                .collect();
            for step in pair {
                assert!(
                    holders.contains(&step.record),
                    "{kind}:{value} not in #{}",
                    step.record.0
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 10);
    // New records since the linking: the stored operations no longer cover the case.
    let extra = write(
        dir.path(),
        "late/note.txt",
        b"call +855 12 345 678 about the refund",
    );
    ingest(&mut case, &[extra], &IngestOptions::default(), &Quiet).unwrap();
    let m = case.operation(&ops[0].id).unwrap().members;
    assert!(
        case.chain_scope(m[0].record, m[1].record)
            .unwrap()
            .is_none()
    );
    assert!(
        link::why(&case, m[0].record, m[1].record)
            .unwrap()
            .is_some()
    );
}

/// Linking a case file reads it on two connections at once (records, selectors and
/// mentions on one; names in fields and text on the other): the graph must be the one a
/// single connection reads, names found in text included.
#[test]
fn the_two_connection_read_builds_the_same_graph() {
    use millwatch_extract::{Config, Extractor};
    use std::sync::Arc;

    let dir = tempfile::tempdir().unwrap();
    let world = millwatch_synth::generate(&millwatch_synth::WorldConfig::linking(5, 25));
    millwatch_synth::write_world(&world, dir.path()).unwrap();
    // A chat that names a platform a sheet gives, in another spelling.
    write(
        dir.path(),
        "corpus/late/sheet.csv",
        b"id,platform,phone\nS-1,Bitfinity Futures,+85512345678\n",
    );
    write(
        dir.path(),
        "corpus/late/note.txt",
        b"they moved me to BITFINITY-FUTURES after the first deposit",
    );
    let mut case = Case::open(
        &dir.path().join("case.db"),
        millwatch_store::OpenMode::CreateIfMissing,
    )
    .unwrap();
    let opts = IngestOptions {
        extractor: Some(Arc::new(Extractor::new(&Config::default()).unwrap())),
        ..IngestOptions::default()
    };
    ingest(&mut case, &[dir.path().join("corpus")], &opts, &Quiet).unwrap();
    let serial = link::case_graph(&case).unwrap();
    let parallel = link::case_graph_for_linking(&mut case).unwrap();
    assert!(serial.input.mentions.len() > 100);
    assert_eq!(serial.records, parallel.records);
    assert_eq!(serial.selector_ids, parallel.selector_ids);
    assert_eq!(
        format!("{:?}", serial.input),
        format!("{:?}", parallel.input)
    );
    let index = serial
        .records
        .iter()
        .position(|r| r.path.ends_with("note.txt"))
        .unwrap() as u32;
    assert!(
        serial
            .input
            .names
            .iter()
            .any(|n| n.record == index && n.value == "Bitfinity Futures"),
        "the note's platform name was not found in its text"
    );
}

#[test]
fn records_times_and_personas_reach_the_linker() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = write(
        dir.path(),
        "reports.csv",
        "id,date,platform,scammer_name,phone\n\
         S-1,2024-03-05,Bitget Pro,陈静,+85512345678\n\
         S-2,,Bitget Pro,Chen Jing,+85512345679\n"
            .as_bytes(),
    );
    let mut case = Case::open(
        &dir.path().join("case.db"),
        millwatch_store::OpenMode::CreateIfMissing,
    )
    .unwrap();
    run(&mut case, &[sheet]);
    let graph = link::case_graph(&case).unwrap();
    assert_eq!(graph.input.record_times.len(), graph.records.len());
    let at = |ext: &str| {
        graph
            .records
            .iter()
            .position(|r| r.external_id.as_deref() == Some(ext))
            .unwrap()
    };
    let (first, second) = (at("S-1"), at("S-2"));
    assert_eq!(
        graph.input.record_times[first],
        graph.records[first].time_unix
    );
    assert!(graph.input.record_times[first].is_some());
    assert_eq!(graph.input.record_times[second], None);
    let personas: Vec<(u32, &str)> = graph
        .input
        .names
        .iter()
        .filter(|n| n.kind == millwatch_link::NameKind::Persona)
        .map(|n| (n.record, n.value.as_str()))
        .collect();
    assert!(personas.contains(&(first as u32, "陈静")), "{personas:?}");
    assert_eq!(
        millwatch_link::names::persona_key("陈静"),
        millwatch_link::names::persona_key("Chen Jing")
    );
}

/// A report that shares no selector joins its operation by a platform name that two
/// operations give, singled out by a persona only one of them gives: the join is stored
/// with that evidence, and `why` steps through the name with each record's spelling.
#[test]
fn a_name_join_is_stored_with_its_corroboration_and_why_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheet = String::from("id,date,phone,platform,scammer_name\n");
    for i in 1..=4 {
        sheet.push_str(&format!(
            "R{i},2024-03-0{i},+855 12 345 678,Bitget Pro,Chen Jing\n"
        ));
    }
    for i in 5..=8 {
        sheet.push_str(&format!(
            "R{i},2024-03-0{i},+855 17 234 567,Bitget Pro,Anna Petrova\n"
        ));
    }
    sheet.push_str("R9,2024-03-09,+855 92 345 678,BITGET-PRO GLOBAL,Jing Chén\n");
    let path = write(dir.path(), "reports.csv", sheet.as_bytes());
    let mut case = Case::open_in_memory().unwrap();
    let opts = IngestOptions {
        extractor: Some(std::sync::Arc::new(
            millwatch_extract::Extractor::new(&millwatch_extract::Config::default()).unwrap(),
        )),
        ..IngestOptions::default()
    };
    ingest(&mut case, &[path], &opts, &Quiet).unwrap();
    link::link_and_store(&mut case, &millwatch_link::Params::default()).unwrap();
    let id = |ext: &str| case.record(ext).unwrap().id;
    let (lone, first, other) = (id("R9"), id("R1"), id("R5"));
    let join = case.name_join(lone).unwrap().expect("stored name join");
    assert_eq!(join.written, "BITGET-PRO GLOBAL");
    assert_eq!(join.name, "bitget");
    assert_eq!(
        join.corroboration,
        Some(millwatch_store::NameCorroboration::Persona {
            written: "Jing Chén".into()
        })
    );
    assert_eq!(
        case.operation_of(lone).unwrap(),
        Some(join.operation.clone())
    );
    assert_eq!(
        case.operation_of(first).unwrap(),
        Some(join.operation.clone())
    );
    assert_ne!(
        case.operation_of(other).unwrap(),
        Some(join.operation.clone())
    );
    assert!(
        join.reason().contains("persona \"Jing Chén\""),
        "{}",
        join.reason()
    );
    let view = case.operation(&join.operation).unwrap();
    assert_eq!(view.name_joins, std::slice::from_ref(&join));
    assert_eq!(case.name_join(first).unwrap(), None);

    let chain = link::why(&case, lone, first).unwrap().expect("a chain");
    assert_eq!(chain.len(), 2, "{chain:#?}");
    assert_eq!(
        chain[0].via,
        Some(("platform_name".to_owned(), "bitget".to_owned()))
    );
    assert_eq!(
        chain[0].written,
        Some(("BITGET-PRO GLOBAL".to_owned(), "Bitget Pro".to_owned()))
    );
    // Linked again without the name joins: the stored join goes with the old result.
    let off = millwatch_link::Params {
        attach_by_name: false,
        ..millwatch_link::Params::default()
    };
    link::link_and_store(&mut case, &off).unwrap();
    assert_eq!(case.name_join(lone).unwrap(), None);
}
