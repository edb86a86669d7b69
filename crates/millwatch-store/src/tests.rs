use millwatch_model::{
    ContentHash, Decoding, Diagnostic, Format, Place, RecordDraft, RecordId, RecordKind,
};

use super::*;

fn meta(n: u8, path: &str) -> SourceMeta {
    SourceMeta {
        hash: ContentHash::from_bytes([n; 32]),
        path: path.into(),
        size: 100,
        format: Format::Text,
    }
}

fn utf8() -> Decoding {
    Decoding {
        encoding: "UTF-8".into(),
        method: "utf8".into(),
        had_errors: false,
    }
}

fn draft(text: &str) -> RecordDraft {
    let mut d = RecordDraft::new(RecordKind::VictimReport, Place::span(0, 10).with_line(1));
    d.text = text.into();
    d
}

fn ingest(case: &mut Case, n: u8, path: &str, texts: &[&str]) -> SourceSummary {
    let mut w = case.begin_source(&meta(n, path)).unwrap();
    for t in texts {
        w.add(&PreparedRecord::new(draft(t))).unwrap();
    }
    w.finish(&utf8()).unwrap()
}

fn hits(case: &Case, q: &str) -> Vec<i64> {
    case.search(q, 50, 0)
        .unwrap()
        .iter()
        .map(|h| h.record.0)
        .collect()
}

#[test]
fn unspaced_scripts_are_searchable_inside_words() {
    let mut case = Case::open_in_memory().unwrap();
    ingest(
        &mut case,
        1,
        "a.txt",
        &[
            "他们说这是一个投资平台，其实是诈骗集团",
            "บริษัทรับสมัครพนักงานด่วนเงินเดือนสูงทำงานที่กัมพูชา",
            "ក្រុមហ៊ុនបោកប្រាស់នៅក្រុងព្រះសីហនុ",
            "ကျွန်တော့်ကိုမြဝတီမှာလိမ်လည်ခဲ့တယ်",
            "The recruiter promised a salary in Sihanoukville",
        ],
    );
    assert_eq!(hits(&case, "诈骗"), vec![1]);
    assert_eq!(hits(&case, "投资平台"), vec![1]);
    assert_eq!(hits(&case, "骗"), vec![1]);
    assert_eq!(hits(&case, "平骗"), Vec::<i64>::new());
    assert_eq!(hits(&case, "เงินเดือน"), vec![2]);
    assert_eq!(hits(&case, "กัมพูชา"), vec![3 - 1]);
    assert_eq!(hits(&case, "បោកប្រាស់"), vec![3]);
    assert_eq!(hits(&case, "မြဝတီ"), vec![4]);
    assert_eq!(hits(&case, "SALARY"), vec![5]);
    assert_eq!(hits(&case, "salary 诈骗"), Vec::<i64>::new());
}

#[test]
fn search_hits_carry_provenance_and_highlights() {
    let mut case = Case::open_in_memory().unwrap();
    ingest(
        &mut case,
        7,
        "intake/sheet.csv",
        &["Paid 500 USDT to the Bitget-Pro platform"],
    );
    let hit = &case.search("bitget-pro", 10, 0).unwrap()[0];
    assert_eq!(hit.path, "intake/sheet.csv");
    assert_eq!(hit.sha256, "07".repeat(32));
    assert_eq!(hit.place.line, Some(1));
    let [s, e] = hit.highlights[0];
    assert_eq!(&hit.snippet[s..e], "Bitget");
}

#[test]
fn reingesting_the_same_bytes_is_a_no_op_and_new_versions_are_kept() {
    let mut case = Case::open_in_memory().unwrap();
    let first = ingest(&mut case, 1, "r.txt", &["one", "two"]);
    assert_eq!(
        case.source_state(&meta(1, "copy/r.txt")).unwrap(),
        SourceState::Complete(first.id)
    );
    let second = ingest(&mut case, 2, "r.txt", &["one", "two", "three"]);
    let stats = case.stats().unwrap();
    assert_eq!(stats.records, 5);
    assert_eq!(stats.sources, 2);
    let view = case.record("5").unwrap();
    assert_eq!(view.source.id, second.id.0);
    assert_eq!(view.source.previous, Some(first.id.0));
    let old = case.record("1").unwrap();
    assert_eq!(old.source.also_seen_at, vec!["copy/r.txt".to_owned()]);
}

#[test]
fn a_source_dropped_unfinished_is_removed_whole() {
    let mut case = Case::open_in_memory().unwrap();
    ingest(&mut case, 1, "kept.txt", &["kept zebra"]);
    {
        let mut w = case.begin_source(&meta(3, "big.csv")).unwrap();
        for i in 0..(write::BATCH_RECORDS + 10) {
            w.add(&PreparedRecord::new(draft(&format!("row {i} zebra"))))
                .unwrap();
        }
        // An error path drops the writer without finishing it.
    }
    case.flush().unwrap();
    let stats = case.stats().unwrap();
    assert_eq!(stats.records, 1);
    assert_eq!(stats.incomplete_sources, 0);
    assert_eq!(hits(&case, "zebra").len(), 1);
    assert_eq!(
        case.source_state(&meta(3, "big.csv")).unwrap(),
        SourceState::New
    );
}

#[test]
fn interrupted_sources_are_invisible_and_purged() {
    let mut case = Case::open_in_memory().unwrap();
    {
        let mut w = case.begin_source(&meta(3, "big.csv")).unwrap();
        // More than one batch gets committed before the "crash".
        for i in 0..(write::BATCH_RECORDS + 10) {
            w.add(&PreparedRecord::new(draft(&format!("row {i} zebra"))))
                .unwrap();
        }
        // The process dies: no destructor runs and the open transaction is lost.
        std::mem::forget(w);
    }
    case.pending.rollback(&case.conn);
    let stats = case.stats().unwrap();
    assert_eq!(stats.records, 0);
    assert_eq!(stats.incomplete_sources, 1);
    assert_eq!(
        (
            case.totals().unwrap().records,
            case.totals().unwrap().sources
        ),
        (0, 0)
    );
    assert!(hits(&case, "zebra").is_empty());
    assert_eq!(
        case.source_state(&meta(3, "big.csv")).unwrap(),
        SourceState::New
    );
    assert_eq!(case.purge_incomplete().unwrap(), 1);
    ingest(&mut case, 3, "big.csv", &["zebra again"]);
    assert_eq!(case.stats().unwrap().records, 1);
    let totals = case.totals().unwrap();
    let stats = case.stats().unwrap();
    assert_eq!(
        (
            totals.records,
            totals.sources,
            totals.skipped,
            totals.warnings
        ),
        (stats.records, stats.sources, stats.skipped, stats.warnings)
    );
    assert_eq!((totals.records, totals.sources), (1, 1));
    assert_eq!(hits(&case, "zebra").len(), 1);
}

#[test]
fn abandoned_sources_leave_nothing() {
    let mut case = Case::open_in_memory().unwrap();
    let mut w = case.begin_source(&meta(4, "bad.json")).unwrap();
    w.add(&PreparedRecord::new(draft("partial"))).unwrap();
    w.abandon().unwrap();
    let stats = case.stats().unwrap();
    assert_eq!(
        (stats.records, stats.sources, stats.incomplete_sources),
        (0, 0, 0)
    );
    assert!(hits(&case, "partial").is_empty());
}

#[test]
fn diagnostics_are_counted_and_located() {
    let mut case = Case::open_in_memory().unwrap();
    let mut w = case.begin_source(&meta(5, "s.csv")).unwrap();
    w.add_diagnostic(&Diagnostic::skipped(
        Place::span(10, 20).with_line(3),
        "wrong field count",
    ))
    .unwrap();
    let summary = w.finish(&utf8()).unwrap();
    assert_eq!(summary.skipped, 1);
    let d = &case.diagnostics(10).unwrap()[0];
    assert_eq!(
        (d.path.as_str(), d.place.line, d.reason.as_str()),
        ("s.csv", Some(3), "wrong field count")
    );
}

#[test]
fn files_that_are_not_cases_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "just some notes, not a database at all").unwrap();
    let err = Case::open(&text, OpenMode::CreateIfMissing).err().unwrap();
    assert!(matches!(err, StoreError::NotSqlite { .. }), "{err}");
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        "just some notes, not a database at all"
    );

    let other = dir.path().join("other.sqlite");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let err = Case::open(&other, OpenMode::CreateIfMissing).err().unwrap();
    assert!(matches!(err, StoreError::NotACase { .. }), "{err}");

    let missing = dir.path().join("none.db");
    assert!(matches!(
        Case::open(&missing, OpenMode::MustExist),
        Err(StoreError::Missing { .. })
    ));
}

#[test]
fn cases_reopen_and_refuse_newer_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.db");
    {
        let mut case = Case::open(&path, OpenMode::CreateIfMissing).unwrap();
        ingest(&mut case, 1, "a.txt", &["kept"]);
    }
    let case = Case::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(
        case.schema_version().unwrap(),
        schema::MIGRATIONS.len() as i64
    );
    assert_eq!(case.stats().unwrap().records, 1);
    drop(case);
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA user_version = 999").unwrap();
    }
    assert!(matches!(
        Case::open(&path, OpenMode::MustExist),
        Err(StoreError::TooNew { found: 999, .. })
    ));
}

#[test]
fn every_migration_applies_from_every_older_version() {
    // Apply the migrations one at a time, as successive millwatch versions would, and
    // check that each step leaves a schema SQLite accepts and that the end state matches
    // a fresh case.
    let step = rusqlite::Connection::open_in_memory().unwrap();
    for sql in schema::MIGRATIONS {
        step.execute_batch(sql).unwrap();
        let ok: String = step
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }
    let fresh = Case::open_in_memory().unwrap();
    let schema_of = |c: &rusqlite::Connection| -> Vec<String> {
        let mut s = c
            .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(schema_of(&step), schema_of(fresh.conn()));
}

fn mention(
    kind: &str,
    value: &str,
    raw: &str,
    field: Option<&str>,
    start: u64,
) -> millwatch_model::Mention {
    millwatch_model::Mention {
        kind: kind.into(),
        value: value.into(),
        raw: raw.into(),
        field: field.map(Into::into),
        start,
        end: start + raw.len() as u64,
        rule: "test".into(),
        victim: false,
    }
}

#[test]
fn selectors_are_counted_and_mentions_explained() {
    let mut case = Case::open_in_memory().unwrap();
    let mut w = case.begin_source(&meta(9, "m.csv")).unwrap();
    let mut d1 = draft("Call +855 12 345 678 now");
    d1.push_field("phone", "012345678");
    d1.time = Some(millwatch_model::RecordTime::date(2024, 3, 1).unwrap());
    w.add(&PreparedRecord::new(d1).with_mentions(vec![
        mention("phone", "+85512345678", "+855 12 345 678", None, 5),
        mention("phone", "+85512345678", "012345678", Some("phone"), 0),
    ]))
    .unwrap();
    let mut d2 = draft("wallet TXYZ and the same phone");
    d2.time = Some(millwatch_model::RecordTime::date(2024, 2, 1).unwrap());
    w.add(&PreparedRecord::new(d2).with_mentions(vec![
        mention("tron", "TXYZ", "TXYZ", None, 7),
        mention("phone", "+85512345678", "same phone", None, 20),
    ]))
    .unwrap();
    w.finish(&utf8()).unwrap();

    let top = case.selectors(None, 10).unwrap();
    assert_eq!(
        (top[0].value.as_str(), top[0].records, top[0].mentions),
        ("+85512345678", 2, 3)
    );
    assert_eq!(top[0].first_seen.as_deref(), Some("2024-02-01"));
    assert_eq!(case.selectors(Some("tron"), 10).unwrap().len(), 1);

    let ms = case.mentions_of(None, "+85512345678", 10).unwrap();
    assert_eq!(ms.len(), 3);
    // Oldest record first; each excerpt highlights exactly the raw text.
    assert_eq!(ms[0].record.0, 2);
    for m in &ms {
        let [s, e] = m.highlight;
        assert_eq!(&m.excerpt[s..e], m.raw);
    }
    assert_eq!(
        ms.iter()
            .filter(|m| m.field.as_deref() == Some("phone"))
            .count(),
        1
    );
    assert_eq!(case.mentions_in(RecordId(2)).unwrap().len(), 2);
}

#[test]
fn abandoned_sources_do_not_leave_stale_selector_ids() {
    let mut case = Case::open_in_memory().unwrap();
    let mut w = case.begin_source(&meta(10, "x.csv")).unwrap();
    w.add(
        &PreparedRecord::new(draft("a"))
            .with_mentions(vec![mention("tron", "TNEW", "TNEW", None, 0)]),
    )
    .unwrap();
    w.abandon().unwrap();
    // The selector id handed out above was rolled back; using it again must not fail.
    let mut w = case.begin_source(&meta(11, "y.csv")).unwrap();
    w.add(
        &PreparedRecord::new(draft("b TNEW"))
            .with_mentions(vec![mention("tron", "TNEW", "TNEW", None, 2)]),
    )
    .unwrap();
    w.finish(&utf8()).unwrap();
    assert_eq!(case.mentions_of(Some("tron"), "TNEW", 10).unwrap().len(), 1);
}

#[test]
fn excerpts_come_from_the_field_or_title_that_holds_the_mention() {
    let mut case = Case::open_in_memory().unwrap();
    let mut w = case.begin_source(&meta(12, "page.html")).unwrap();
    let mut d = draft("body text");
    d.title = Some("Support: t.me/help_desk".into());
    d.push_field("href", "https://a.example/x");
    d.push_field("href", "https://t.me/real_handle");
    w.add(&PreparedRecord::new(d).with_mentions(vec![
        mention(
            "telegram",
            "real_handle",
            "https://t.me/real_handle",
            Some("href"),
            0,
        ),
        mention("telegram", "help_desk", "t.me/help_desk", Some("title"), 9),
        millwatch_model::Mention {
            victim: true,
            ..mention(
                "url",
                "https://a.example/x",
                "https://a.example/x",
                Some("href"),
                0,
            )
        },
    ]))
    .unwrap();
    w.finish(&utf8()).unwrap();
    let m = &case
        .mentions_of(Some("telegram"), "real_handle", 5)
        .unwrap()[0];
    assert_eq!(m.excerpt, "https://t.me/real_handle");
    let m = &case.mentions_of(Some("telegram"), "help_desk", 5).unwrap()[0];
    assert_eq!(m.excerpt, "Support: t.me/help_desk");
    assert_eq!(m.highlight, [9, 23]);
    assert!(!m.victim);
    let v = &case
        .mentions_of(Some("url"), "https://a.example/x", 5)
        .unwrap()[0];
    assert!(v.victim);
    assert_eq!(v.excerpt, "https://a.example/x");
    let counts = case.selectors(Some("url"), 5).unwrap();
    assert_eq!((counts[0].mentions, counts[0].victim_mentions), (1, 1));
}

#[test]
fn small_sources_share_a_transaction_that_flush_commits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let mut case = Case::open(&path, OpenMode::CreateIfMissing).unwrap();
    ingest(&mut case, 1, "a.txt", &["alpha text"]);
    let mut w = case.begin_source(&meta(2, "b.txt")).unwrap();
    w.add(&PreparedRecord::new(draft("beta text"))).unwrap();
    w.abandon().unwrap();
    ingest(&mut case, 3, "c.txt", &["gamma text"]);
    // Another reader sees nothing until the shared transaction is committed.
    let other = Case::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(other.stats().unwrap().records, 0);
    case.flush().unwrap();
    let s = other.stats().unwrap();
    assert_eq!((s.records, s.sources), (2, 2));
    assert!(other.search("beta", 5, 0).unwrap().is_empty());
    assert_eq!(other.search("gamma", 5, 0).unwrap().len(), 1);

    // A writer dropped unfinished rolls back its own source only; dropping the case
    // commits the finished ones.
    ingest(&mut case, 4, "d.txt", &["delta text"]);
    {
        let mut w = case.begin_source(&meta(5, "e.txt")).unwrap();
        w.add(&PreparedRecord::new(draft("epsilon text"))).unwrap();
    }
    ingest(&mut case, 6, "f.txt", &["zeta text"]);
    drop(case);
    let s = other.stats().unwrap();
    assert_eq!((s.records, s.sources, s.incomplete_sources), (4, 4, 0));
    assert!(other.search("epsilon", 5, 0).unwrap().is_empty());
    assert_eq!(other.search("delta", 5, 0).unwrap().len(), 1);
    assert_eq!(other.search("zeta", 5, 0).unwrap().len(), 1);
}

#[test]
fn the_text_index_is_tuned_for_bulk_loads() {
    // A 1 MB FTS5 buffer and eager merging made the index the ingest bottleneck; the
    // settings live in the index's config table, so a migrated case has them too.
    let mut case = Case::open_in_memory().unwrap();
    let config = |c: &Case, key: &str| -> i64 {
        c.conn()
            .query_row(
                "SELECT v FROM fts.record_fts_config WHERE k = ?1",
                [key],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(config(&case, "hashsize"), 64 << 20);
    assert_eq!(config(&case, "automerge"), 8);
    assert_eq!(config(&case, "crisismerge"), 64);
    // Many records in one transaction, flushed as one segment, are all found.
    let texts: Vec<String> = (0..3000).map(|i| format!("bulk word{i} common")).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    ingest(&mut case, 1, "bulk.txt", &refs);
    let n: i64 = case
        .conn()
        .query_row(
            "SELECT count(*) FROM fts.record_fts WHERE record_fts MATCH 'common'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 3000);
    assert_eq!(hits(&case, "word2999").len(), 1);
}

#[test]
fn the_operations_list_reads_its_order_from_an_index() {
    let case = Case::open_in_memory().unwrap();
    for sql in [
        "SELECT label FROM operations WHERE size >= 2 ORDER BY size DESC, label LIMIT 50",
        "SELECT count(*) FROM operations WHERE size >= 2",
    ] {
        let plan: Vec<String> = case
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let plan = plan.join(" | ");
        assert!(plan.contains("operations_size"), "{sql}: {plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{sql}: {plan}");
    }
}

#[test]
fn scoped_graph_reads_see_only_the_scope_and_start_from_it() {
    let mut case = Case::open_in_memory().unwrap();
    let mut w = case.begin_source(&meta(1, "a.txt")).unwrap();
    let mut ids = Vec::new();
    for v in ["+85511111111", "+85522222222", "+85533333333"] {
        let rec =
            PreparedRecord::new(draft(v)).with_mentions(vec![mention("phone", v, v, None, 0)]);
        ids.push(w.add(&rec).unwrap());
    }
    w.finish(&utf8()).unwrap();
    case.flush().unwrap();
    assert_eq!(case.graph_selectors().unwrap().len(), 3);
    case.scope_graph(Some(&ids[1..2])).unwrap();
    let sels = case.graph_selectors().unwrap();
    assert_eq!(sels.len(), 1);
    assert_eq!(sels[0].value, "+85522222222");
    assert_eq!(case.graph_records().unwrap().len(), 1);
    assert_eq!(case.graph_mentions().unwrap().len(), 1);
    let plan: Vec<String> = case
        .conn
        .prepare(&format!("EXPLAIN QUERY PLAN {}", graph::SCOPED_SELECTORS))
        .unwrap()
        .query_map([], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        plan.iter().any(|p| p.contains("SCAN g")) && !plan.iter().any(|p| p.contains("SCAN m")),
        "{plan:?}"
    );
    case.scope_graph(None).unwrap();
    assert_eq!(case.graph_records().unwrap().len(), 3);
}

/// The whole-case graph reads (mentions in storage order, selectors picked from them)
/// give what the per-record SQL reads give: unfinished sources left out, mentions by
/// record then id.
#[test]
fn whole_case_graph_reads_agree_with_the_scoped_reads() {
    let mut case = Case::open_in_memory().unwrap();
    let mut all = Vec::new();
    for (n, values) in [
        (1, vec!["+85511111111", "+85522222222"]),
        (2, vec!["+85533333333"]),
        (3, vec!["+85511111111", "+85544444444"]),
    ] {
        let mut w = case.begin_source(&meta(n, &format!("{n}.txt"))).unwrap();
        for v in values {
            let rec = PreparedRecord::new(draft(v)).with_mentions(vec![
                mention("phone", v, v, None, 0),
                mention("phone", "+85599999999", "other", None, 20),
            ]);
            all.push(w.add(&rec).unwrap());
        }
        w.finish(&utf8()).unwrap();
    }
    case.flush().unwrap();
    // Source 2 as a crash leaves it.
    case.conn
        .execute("UPDATE sources SET complete = 0 WHERE id = 2", [])
        .unwrap();
    let whole = case.graph_mentions().unwrap();
    assert_eq!(whole.len(), 8);
    assert!(whole.iter().all(|m| m.record != all[2]));
    assert!(whole.is_sorted_by_key(|m| (m.record, m.id)));
    case.scope_graph(Some(&all)).unwrap();
    assert_eq!(case.graph_mentions().unwrap(), whole);
    case.scope_graph(None).unwrap();
    let selectors = case.graph_selectors_of(&whole).unwrap();
    assert_eq!(selectors, case.graph_selectors().unwrap());
    assert!(!selectors.iter().any(|s| s.value == "+85533333333"));
    assert_eq!(selectors.len(), 4);
}

/// An operation's first and last seen are its members' earliest and latest times;
/// members without a time do not count, an operation with none has neither. The index by
/// operation is rebuilt.
#[test]
fn operations_span_their_members_times() {
    use crate::NewOperation;
    let mut case = Case::open_in_memory().unwrap();
    let mut w = case.begin_source(&meta(1, "t.txt")).unwrap();
    let mut ids = Vec::new();
    for day in [Some(9), None, Some(3), Some(20), None] {
        let mut d = draft("report");
        d.time = day.map(|d| millwatch_model::RecordTime::date(2024, 5, d).unwrap());
        ids.push(w.add(&PreparedRecord::new(d)).unwrap());
    }
    w.finish(&utf8()).unwrap();
    case.replace_operations(
        &[
            NewOperation {
                label: "op-a".into(),
                records: vec![ids[0], ids[1], ids[2]],
            },
            NewOperation {
                label: "op-b".into(),
                records: vec![ids[4]],
            },
            NewOperation {
                label: "op-c".into(),
                records: vec![ids[3]],
            },
        ],
        &[],
        &[],
    )
    .unwrap();
    let span = |label: &str| {
        let o = case.operation(label).unwrap().summary;
        (o.first_seen, o.last_seen)
    };
    let a = span("op-a");
    assert!(a.0.as_deref().unwrap().starts_with("2024-05-03"), "{a:?}");
    assert!(a.1.as_deref().unwrap().starts_with("2024-05-09"), "{a:?}");
    assert_eq!(span("op-b"), (None, None));
    assert!(span("op-c").0.unwrap().starts_with("2024-05-20"));
    assert_eq!(case.operation("op-a").unwrap().members.len(), 3);
    let indexed: i64 = case
        .conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'operation_records_operation'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexed, 1);
}

/// A long listing reads members and top selectors in bulk; it must list what the
/// per-operation queries list: members in record order, selectors by count then kind and
/// value, hubs and victims' own contacts left out, ties broken the same way.
#[test]
fn long_operation_listings_match_the_per_operation_reads() {
    use crate::{NewDecision, NewOperation};
    let mut case = Case::open_in_memory().unwrap();
    let mut w = case.begin_source(&meta(1, "ops.txt")).unwrap();
    let mut operations = Vec::new();
    for op in 0..90usize {
        let mut records = Vec::new();
        for r in 0..(2 + op % 5) {
            let own = format!("+8551{op:04}{r:03}");
            let shared = format!("+8552{op:04}000");
            let mut mentions = vec![
                mention("phone", &own, &own, None, 0),
                mention("phone", &shared, &shared, None, 20),
                mention("phone", &shared, &shared, None, 40),
                mention("email", "hotline@ngo.example", "hotline", None, 60),
            ];
            let mut victim = mention("phone", "+85599999999", "mine", Some("phone"), 0);
            victim.victim = true;
            mentions.push(victim);
            if r % 2 == 0 {
                mentions.push(mention("tron", &format!("T{op:03}"), "T", None, 80));
            }
            let mut d = draft(&format!("report {op} {r}"));
            if r == 1 {
                d.external_id = Some(format!("EXT-{op}-{r}"));
            }
            records.push(
                w.add(&PreparedRecord::new(d).with_mentions(mentions))
                    .unwrap(),
            );
        }
        records.reverse();
        operations.push(NewOperation {
            label: format!("op-{op:03}"),
            records,
        });
    }
    w.finish(&utf8()).unwrap();
    let hub = case
        .graph_selectors()
        .unwrap()
        .into_iter()
        .find(|s| s.value == "hotline@ngo.example")
        .unwrap()
        .id;
    let decisions = [NewDecision {
        selector: hub,
        decision: "hub",
        records: 300,
        groups: 90,
        names: 0,
        known: false,
    }];
    case.replace_operations(&operations, &decisions, &[])
        .unwrap();
    let few = case.operations(2, 60).unwrap();
    let all = case.operations(2, 1000).unwrap();
    assert_eq!(all.len(), 90);
    assert_eq!(
        serde_json::to_string(&few).unwrap(),
        serde_json::to_string(&all[..60]).unwrap()
    );
    let biggest = &all[0];
    assert_eq!(biggest.top_selectors.len(), 5);
    assert!(biggest.top_selectors[0].value.starts_with("+8552"));
    assert!(biggest.records.iter().any(|k| k.starts_with("EXT-")));
    assert!(
        all.iter()
            .flat_map(|o| &o.top_selectors)
            .all(|s| { s.value != "hotline@ngo.example" && s.value != "+85599999999" })
    );
}

/// The counting pass behind `selectors` ranks, ties and counts as the grouping query
/// does: records and mentions, victims' own mentions, kinds, ties at the cut broken by
/// kind and value, unfinished sources left out, first and last seen.
#[test]
fn counted_selectors_equal_the_grouping_query() {
    let mut case = Case::open_in_memory().unwrap();
    // Values reused across records, some twice in one record, some a victim's own.
    let plan: [&[(&str, &str, bool)]; 6] = [
        &[
            ("phone", "+85511", false),
            ("phone", "+85511", false),
            ("tron", "TA", false),
        ],
        &[
            ("phone", "+85511", false),
            ("email", "v@x.org", true),
            ("tron", "TB", false),
        ],
        &[("tron", "TB", false), ("domain", "a.icu", false)],
        &[
            ("domain", "a.icu", false),
            ("phone", "+85522", false),
            ("email", "v@x.org", true),
        ],
        &[("tron", "TA", false), ("domain", "b.icu", false)],
        &[("phone", "+85533", false), ("tron", "TC", false)],
    ];
    let mut day = 1;
    for (n, chunk) in plan.chunks(2).enumerate() {
        let n = u8::try_from(n + 1).unwrap();
        let mut w = case.begin_source(&meta(n, &format!("{n}.txt"))).unwrap();
        for record in chunk {
            let mut d = draft("report");
            d.time = Some(millwatch_model::RecordTime::date(2024, 1, day).unwrap());
            day += 3;
            let mentions = record
                .iter()
                .enumerate()
                .map(|(i, &(kind, value, victim))| {
                    let mut m = mention(kind, value, value, None, 10 * i as u64);
                    m.victim = victim;
                    m
                })
                .collect();
            w.add(&PreparedRecord::new(d).with_mentions(mentions))
                .unwrap();
        }
        w.finish(&utf8()).unwrap();
    }
    case.flush().unwrap();
    let compare = |case: &Case| {
        for kind in [
            None,
            Some("phone"),
            Some("tron"),
            Some("email"),
            Some("iban"),
        ] {
            for top in [0, 1, 2, 3, 4, 5, 100] {
                let counted = case.selectors(kind, top).unwrap();
                let queried = case.selectors_by_query(kind, top).unwrap();
                assert_eq!(
                    format!("{counted:?}"),
                    format!("{queried:?}"),
                    "kind {kind:?}, top {top}"
                );
            }
        }
    };
    compare(&case);
    let all = case.selectors(None, 100).unwrap();
    let victim = all.iter().find(|s| s.value == "v@x.org").unwrap();
    assert_eq!((victim.records, victim.victim_mentions), (2, 2));
    let phone = all.iter().find(|s| s.value == "+85511").unwrap();
    assert_eq!((phone.records, phone.mentions), (2, 3));
    // Source 3 (records 5 and 6) as a crash leaves it.
    case.conn
        .execute("UPDATE sources SET complete = 0 WHERE id = 3", [])
        .unwrap();
    compare(&case);
    assert!(
        !case
            .selectors(None, 100)
            .unwrap()
            .iter()
            .any(|s| s.value == "TC")
    );
}

/// Linking's whole-case reads of the records (and of their times, for first and last
/// seen) are answered from the small `records_graph` index, not by walking the table's
/// pages of text.
#[test]
fn whole_case_record_reads_use_the_covering_index() {
    let mut case = Case::open_in_memory().unwrap();
    ingest(&mut case, 1, "a.txt", &["one", "two"]);
    let plan = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> String {
        let mut stmt = case
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let rows = stmt
            .query_map(params, |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<_>>();
        rows.join("; ")
    };
    let records = plan(&crate::graph::GRAPH_RECORDS.replace("{scope}", ""), &[]);
    assert!(
        records.contains("COVERING INDEX records_graph"),
        "{records}"
    );
    let times = plan(crate::ops::MEMBER_TIMES, &[&1, &2]);
    assert!(times.contains("COVERING INDEX records_graph"), "{times}");
    // An operation page reads its members' mentions from the indexes alone.
    let browse = plan(crate::browse::BROWSE_MENTIONS, &[&1]);
    assert!(
        browse.contains("COVERING INDEX mentions_record"),
        "{browse}"
    );
    assert_eq!(case.graph_records().unwrap().len(), 2);
}

/// A case names its file; one held in memory has none.
#[test]
fn only_cases_on_disk_have_a_file() {
    assert!(Case::open_in_memory().unwrap().file().is_none());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let case = Case::open(&path, OpenMode::CreateIfMissing).unwrap();
    assert_eq!(case.file(), Some(path.as_path()));
}

/// A file case in a temporary folder.
fn file_case() -> (tempfile::TempDir, std::path::PathBuf, Case) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.db");
    let case = Case::open(&path, OpenMode::CreateIfMissing).unwrap();
    (dir, path, case)
}

#[test]
fn the_text_index_is_a_file_beside_the_case_written_on_its_own_thread() {
    let (_dir, path, mut case) = file_case();
    let index = index_path(&path);
    assert!(index.exists(), "{index:?}");
    // The record writer's transaction does not hold the index's write lock, which the
    // index thread needs.
    let w = case.begin_source(&meta(1, "a.txt")).unwrap();
    let other = rusqlite::Connection::open(&index).unwrap();
    other
        .execute_batch("BEGIN IMMEDIATE; ROLLBACK;")
        .expect("the index is not locked by the record writer");
    drop(w);
    // Many records, several transactions: the index holds each once, and its mark is the
    // last record.
    let texts: Vec<String> = (0..(write::BATCH_RECORDS + 500))
        .map(|i| format!("threaded word{i} shared"))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    ingest(&mut case, 2, "big.txt", &refs);
    ingest(&mut case, 3, "small.txt", &["little shared"]);
    case.flush().unwrap();
    assert_eq!(hits(&case, "word100499").len(), 1);
    let n: i64 = case
        .conn()
        .query_row(
            "SELECT count(*) FROM fts.record_fts WHERE record_fts MATCH 'shared'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, texts.len() as i64 + 1);
    let max: i64 = case
        .conn()
        .query_row("SELECT max(id) FROM records", [], |r| r.get(0))
        .unwrap();
    assert_eq!(text_index::mark(case.conn()).unwrap(), max);
    // Another connection of the case sees the same.
    drop(case);
    let again = Case::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(hits(&again, "little").len(), 1);
}

#[test]
fn an_index_left_behind_by_a_crash_catches_up_at_the_next_ingest() {
    let (_dir, path, mut case) = file_case();
    ingest(&mut case, 1, "a.txt", &["alpha one", "alpha two"]);
    ingest(&mut case, 2, "b.txt", &["bravo three"]);
    case.flush().unwrap();
    drop(case);
    // As if the ingest had been killed after the case committed b.txt but before the
    // index did: the index lacks it and its mark is below it.
    {
        let c = rusqlite::Connection::open(index_path(&path)).unwrap();
        c.execute_batch(
            "DELETE FROM record_fts WHERE rowid = 3; UPDATE text_index_mark SET upto = 2;",
        )
        .unwrap();
    }
    let mut case = Case::open(&path, OpenMode::MustExist).unwrap();
    assert!(hits(&case, "bravo").is_empty());
    // Ingest starts by purging and catching up.
    case.purge_incomplete().unwrap();
    assert_eq!(hits(&case, "bravo"), vec![3]);
    assert_eq!(hits(&case, "alpha").len(), 2);
    assert_eq!(text_index::mark(case.conn()).unwrap(), 3);
    // Nothing is indexed twice.
    assert_eq!(text_index::catch_up(case.conn()).unwrap(), 0);
}

#[test]
fn deleted_records_leave_the_index_and_their_ids_are_not_given_again() {
    let (_dir, path, mut case) = file_case();
    ingest(&mut case, 1, "a.txt", &["alpha one"]);
    {
        let mut w = case.begin_source(&meta(2, "big.csv")).unwrap();
        for i in 0..(write::BATCH_RECORDS + 10) {
            w.add(&PreparedRecord::new(draft(&format!("row {i} zebra"))))
                .unwrap();
        }
        // Killed after a batch was committed (by the case and then by the index).
        std::mem::forget(w);
    }
    case.pending.rollback(&case.conn);
    case.pending.text.finish().unwrap();
    let top = text_index::mark(case.conn()).unwrap();
    assert!(top > 1);
    assert_eq!(case.purge_incomplete().unwrap(), 1);
    assert!(hits(&case, "zebra").is_empty());
    let stale: i64 = case
        .conn()
        .query_row(
            "SELECT count(*) FROM fts.record_fts WHERE record_fts MATCH 'zebra'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stale, 0, "the purged records left the index");
    let pending: i64 = case
        .conn()
        .query_row("SELECT count(*) FROM text_index_deleted", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 0, "applied deletions are forgotten");
    // The next record's id is above every id the index has seen.
    ingest(&mut case, 3, "c.txt", &["charlie"]);
    case.flush().unwrap();
    assert_eq!(hits(&case, "charlie"), vec![top + 1]);
    drop(case);
    let case = Case::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(hits(&case, "charlie"), vec![top + 1]);
    assert_eq!(hits(&case, "alpha"), vec![1]);
}

/// Deletes source `id` and its record (ids equal in these tests) as the case does, the
/// deletion remembered for the index, without the index hearing of it.
fn delete_behind_the_index(path: &std::path::Path, id: i64) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(&format!(
        "PRAGMA foreign_keys = ON;
         INSERT INTO text_index_deleted (id) VALUES ({id});
         DELETE FROM records WHERE id = {id};
         DELETE FROM sources WHERE id = {id};"
    ))
    .unwrap();
}

/// Records the text index holds for `word`, whether or not the case still has them.
fn indexed(case: &Case, word: &str) -> i64 {
    case.conn()
        .query_row(
            "SELECT count(*) FROM fts.record_fts WHERE record_fts MATCH ?1",
            [word],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_deletion_the_index_missed_is_applied_when_it_catches_up() {
    let (_dir, path, mut case) = file_case();
    ingest(&mut case, 1, "a.txt", &["alpha one"]);
    ingest(&mut case, 2, "b.txt", &["bravo two"]);
    case.flush().unwrap();
    drop(case);
    // The case deleted b.txt's record and remembered it, but the index never heard.
    delete_behind_the_index(&path, 2);
    let mut case = Case::open(&path, OpenMode::MustExist).unwrap();
    case.purge_incomplete().unwrap();
    assert_eq!(indexed(&case, "bravo"), 0);
    // Applying it again deletes nothing and fails nothing.
    case.conn()
        .execute("INSERT INTO text_index_deleted (id) VALUES (2)", [])
        .unwrap();
    text_index::catch_up(case.conn()).unwrap();
    assert_eq!(hits(&case, "alpha"), vec![1]);
    ingest(&mut case, 3, "c.txt", &["charlie"]);
    case.flush().unwrap();
    assert_eq!(hits(&case, "charlie"), vec![3]);
}

/// A deleted record the index still holds takes no place in a page of hits.
#[test]
fn deletions_the_index_has_not_applied_take_no_hit_slot() {
    let (_dir, path, mut case) = file_case();
    ingest(&mut case, 1, "a.txt", &["alpha common"]);
    ingest(&mut case, 2, "b.txt", &["common common common"]);
    case.flush().unwrap();
    drop(case);
    delete_behind_the_index(&path, 2);
    let case = Case::open(&path, OpenMode::MustExist).unwrap();
    // The index still has record 2, the better match for "common".
    assert_eq!(indexed(&case, "common"), 2);
    let page: Vec<i64> = case
        .search("common", 1, 0)
        .unwrap()
        .iter()
        .map(|h| h.record.0)
        .collect();
    assert_eq!(page, vec![1]);
}

#[test]
fn a_case_made_before_the_index_file_opens_and_searches() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // A case of schema 10, with its text index inside, as millwatch wrote it then.
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        for sql in &schema::MIGRATIONS[..10] {
            c.execute_batch(sql).unwrap();
        }
        c.execute_batch(&format!(
            "PRAGMA application_id = {}; PRAGMA user_version = 10;",
            schema::APPLICATION_ID
        ))
        .unwrap();
        c.execute(
            "INSERT INTO sources (id, sha256, path, size, format, ingested_at, complete, records)
             VALUES (1, ?1, 'old.txt', 10, 'text', '2024-01-01T00:00:00Z', 1, 2)",
            [vec![7u8; 32]],
        )
        .unwrap();
        for (id, title, text, fields) in [
            (1, None, "他们说这是诈骗平台", "[]"),
            (
                2,
                Some("Old title"),
                "plain words",
                r#"[["recruiter","Sokha Meas"]]"#,
            ),
        ] {
            c.execute(
                "INSERT INTO records (id, source_id, kind, byte_start, byte_end, title, fields, text)
                 VALUES (?1, 1, 'victim_report', 0, 10, ?2, ?3, ?4)",
                rusqlite::params![id, title, fields, text],
            )
            .unwrap();
            let body = text_index::body(title, text, std::iter::empty());
            c.execute(
                "INSERT INTO record_fts (rowid, body) VALUES (?1, ?2)",
                rusqlite::params![id, body],
            )
            .unwrap();
        }
    }
    let mut case = Case::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(
        case.schema_version().unwrap(),
        schema::MIGRATIONS.len() as i64
    );
    assert_eq!(hits(&case, "诈骗"), vec![1]);
    assert_eq!(hits(&case, "title"), vec![2]);
    // Field values are indexed too, as a fresh ingest indexes them.
    assert_eq!(hits(&case, "Sokha"), vec![2]);
    let inside: i64 = case
        .conn()
        .query_row(
            "SELECT count(*) FROM main.sqlite_master WHERE name = 'record_fts'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(inside, 0, "the old index is gone from the case file");
    ingest(&mut case, 2, "new.txt", &["new words"]);
    case.flush().unwrap();
    assert_eq!(hits(&case, "words"), vec![3, 2]);
}

#[test]
fn a_lost_index_file_is_rebuilt_when_the_case_opens() {
    let (_dir, path, mut case) = file_case();
    ingest(&mut case, 1, "a.txt", &["alpha one", "alpha two"]);
    drop(case);
    for suffix in ["", "-wal", "-shm"] {
        let mut p = index_path(&path).into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    let case = Case::open(&path, OpenMode::MustExist).unwrap();
    assert_eq!(hits(&case, "alpha").len(), 2);
}

#[test]
fn a_new_case_beside_an_old_index_file_starts_with_an_empty_index() {
    let (_dir, path, mut case) = file_case();
    ingest(
        &mut case,
        1,
        "a.txt",
        &["alpha one", "alpha two", "alpha three"],
    );
    drop(case);
    // The case is deleted, its index file left behind.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mut case = Case::open(&path, OpenMode::CreateIfMissing).unwrap();
    assert_eq!(text_index::mark(case.conn()).unwrap(), 0);
    assert!(hits(&case, "alpha").is_empty());
    ingest(&mut case, 2, "b.txt", &["bravo"]);
    case.flush().unwrap();
    assert_eq!(hits(&case, "bravo"), vec![1]);
    let n: i64 = case
        .conn()
        .query_row(
            "SELECT count(*) FROM fts.record_fts WHERE record_fts MATCH 'alpha'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn after_the_index_thread_fails_nothing_is_indexed_until_it_catches_up() {
    let (_dir, path, mut case) = file_case();
    let index = rusqlite::Connection::open(index_path(&path)).unwrap();
    let create: String = index
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'record_fts'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // The index thread's inserts fail.
    index.execute_batch("DROP TABLE record_fts").unwrap();
    let early: Vec<String> = (0..1000).map(|i| format!("early{i}")).collect();
    let refs: Vec<&str> = early.iter().map(String::as_str).collect();
    ingest(&mut case, 1, "early.txt", &refs);
    assert!(matches!(case.flush(), Err(StoreError::Sqlite(_))));
    index.execute_batch(&create).unwrap();
    // The case goes on; what it writes now is not indexed either, or the index's mark
    // would jump over the records the failed thread lost.
    ingest(&mut case, 2, "late.txt", &["late words"]);
    case.flush().unwrap();
    assert_eq!(text_index::mark(case.conn()).unwrap(), 0);
    assert!(hits(&case, "late").is_empty());
    // The next ingest catches up everything, and indexing resumes.
    case.purge_incomplete().unwrap();
    assert_eq!(hits(&case, "early0").len(), 1);
    assert_eq!(hits(&case, "early999").len(), 1);
    assert_eq!(hits(&case, "late").len(), 1);
    ingest(&mut case, 3, "after.txt", &["after words"]);
    case.flush().unwrap();
    assert_eq!(hits(&case, "after").len(), 1);
    assert_eq!(text_index::mark(case.conn()).unwrap(), 1002);
}

/// The writer's cached statements are compiled once, not again for each new value bound
/// (SQLite re-plans a statement whose plan looked at a bound value unless plans are kept
/// stable), and keeping plans stable still lets a bound lookup use a partial index.
#[test]
fn cached_statements_are_not_compiled_again_per_source() {
    let mut case = Case::open_in_memory().unwrap();
    for n in 1..=5 {
        ingest(&mut case, n, &format!("dir/file{n}.txt"), &["hello"]);
    }
    let st = case.conn().prepare_cached(write::PREVIOUS_VERSION).unwrap();
    assert_eq!(st.get_status(rusqlite::StatementStatus::RePrepare), 0);
    drop(st);
    let plan: String = case
        .conn()
        .query_row(
            "EXPLAIN QUERY PLAN SELECT max(id) FROM records WHERE external_id = ?1",
            ["x"],
            |r| r.get(3),
        )
        .unwrap();
    assert!(plan.contains("records_external"), "{plan}");
}
