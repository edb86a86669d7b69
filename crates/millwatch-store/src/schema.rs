//! The case schema and its migrations.
//!
//! Migrations are an append-only list of SQL scripts; a case's `PRAGMA user_version` says
//! how many have run. Opening a case made by an older millwatch runs the missing ones in
//! one transaction, so a case is never left half-migrated. A case made by a *newer*
//! millwatch is refused rather than guessed at. `PRAGMA application_id` marks the file as
//! a millwatch case so that a random SQLite database is never mistaken for one and
//! rewritten.
//!
//! Per-connection settings (WAL, foreign keys, timeouts) are not migrations; they live in
//! `Case::configure`.

/// `PRAGMA application_id` of a millwatch case: the ASCII bytes "MWch".
pub const APPLICATION_ID: i32 = 0x4D57_6368;

/// The migrations, oldest first. Never edit one that has shipped; add a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: sources, records, diagnostics and the text index.
    r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- A source is one version of one input file, identified by the SHA-256 of its bytes.
CREATE TABLE sources (
    id            INTEGER PRIMARY KEY,
    sha256        BLOB NOT NULL UNIQUE CHECK (length(sha256) = 32),
    path          TEXT NOT NULL,
    size          INTEGER NOT NULL,
    format        TEXT NOT NULL,
    encoding      TEXT,
    decode_method TEXT,
    decode_errors INTEGER NOT NULL DEFAULT 0,
    ingested_at   TEXT NOT NULL,
    -- 0 while records are being written; an interrupted ingest leaves 0 behind and the
    -- next ingest of the same file removes the partial rows and starts again.
    complete      INTEGER NOT NULL DEFAULT 0,
    records       INTEGER NOT NULL DEFAULT 0,
    skipped       INTEGER NOT NULL DEFAULT 0,
    warnings      INTEGER NOT NULL DEFAULT 0,
    -- The version this one replaced: the newest complete source earlier seen at the same path.
    previous_id   INTEGER REFERENCES sources(id)
) STRICT;
CREATE INDEX sources_path ON sources(path);

-- Every path a source's bytes were seen at (the same file copied elsewhere).
CREATE TABLE source_paths (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    path      TEXT NOT NULL,
    seen_at   TEXT NOT NULL,
    PRIMARY KEY (source_id, path)
) STRICT;

CREATE TABLE records (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    external_id TEXT,
    byte_start  INTEGER NOT NULL,
    byte_end    INTEGER NOT NULL,
    line        INTEGER,
    row_no      INTEGER,
    message_id  TEXT,
    time        TEXT,
    time_unix   INTEGER,
    title       TEXT,
    -- JSON array of [name, value] pairs, in input order.
    fields      TEXT NOT NULL,
    text        TEXT NOT NULL
) STRICT;
CREATE INDEX records_source ON records(source_id);
CREATE INDEX records_kind ON records(kind);
CREATE INDEX records_external ON records(external_id) WHERE external_id IS NOT NULL;

CREATE TABLE diagnostics (
    id         INTEGER PRIMARY KEY,
    source_id  INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    severity   TEXT NOT NULL,
    line       INTEGER,
    row_no     INTEGER,
    message_id TEXT,
    byte_start INTEGER NOT NULL,
    byte_end   INTEGER NOT NULL,
    reason     TEXT NOT NULL
) STRICT;
CREATE INDEX diagnostics_source ON diagnostics(source_id);

-- The text index. Contentless: the text lives once, in `records`; the index holds the
-- segmented form (see segment.rs) keyed by record id.
CREATE VIRTUAL TABLE record_fts USING fts5(
    body,
    content = '',
    contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
);
"#,
    // 2: selectors found in records, and where.
    r#"
CREATE TABLE selectors (
    id    INTEGER PRIMARY KEY,
    kind  TEXT NOT NULL,
    value TEXT NOT NULL,
    UNIQUE (kind, value)
) STRICT;

-- One row per place a selector was found: in the record's text (field IS NULL) or in a
-- named field, at a byte span, by an extraction rule.
CREATE TABLE mentions (
    record_id   INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    selector_id INTEGER NOT NULL REFERENCES selectors(id),
    field       TEXT,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    raw         TEXT NOT NULL,
    rule        TEXT NOT NULL
) STRICT;
CREATE INDEX mentions_selector ON mentions(selector_id, record_id);
CREATE INDEX mentions_record ON mentions(record_id);
"#,
    // 3: victims' own contacts kept apart from the operations' selectors.
    r#"
ALTER TABLE mentions ADD COLUMN victim INTEGER NOT NULL DEFAULT 0 CHECK (victim IN (0, 1));
"#,
    // 4: operations found by linking, hubs and links between operations. Replaced as a
    // whole by each linking run.
    r#"
CREATE TABLE operations (
    id         INTEGER PRIMARY KEY,
    label      TEXT NOT NULL UNIQUE,
    size       INTEGER NOT NULL,
    first_seen TEXT,
    last_seen  TEXT
) STRICT;
CREATE TABLE operation_records (
    record_id    INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    operation_id INTEGER NOT NULL REFERENCES operations(id) ON DELETE CASCADE
) STRICT;
CREATE INDEX operation_records_operation ON operation_records(operation_id);
-- What linking decided about a selector that did not simply join its records.
CREATE TABLE selector_decisions (
    selector_id INTEGER PRIMARY KEY REFERENCES selectors(id),
    decision    TEXT NOT NULL,
    records     INTEGER NOT NULL,
    groups      INTEGER NOT NULL,
    names       INTEGER NOT NULL,
    known       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE operation_links (
    a           INTEGER NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
    b           INTEGER NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
    selector_id INTEGER REFERENCES selectors(id),
    reason      TEXT NOT NULL
) STRICT;
CREATE INDEX operation_links_a ON operation_links(a);
CREATE INDEX operation_links_b ON operation_links(b);
"#,
    // 5: ingest speed. FTS5 flushes its in-memory index to a new segment whenever it
    // holds `hashsize` bytes (1 MB by default) and merges segments as they pile up; a
    // larger buffer and lazier merging write far fewer, larger segments during a bulk
    // load, at the cost of up to that much memory per writer. The low-selectivity kind index only served the stats count, which
    // scans anyway, and cost a B-tree insert per record.
    r#"
INSERT INTO record_fts (record_fts, rank) VALUES ('hashsize', 67108864);
INSERT INTO record_fts (record_fts, rank) VALUES ('automerge', 8);
INSERT INTO record_fts (record_fts, rank) VALUES ('crisismerge', 64);
DROP INDEX records_kind;
"#,
    // 6: analysts' annotations (tags, notes, statuses) on records, selectors and
    // operations, with author and time. Kept across linking runs: the target is named by
    // kind and key (record id, `kind:value`, operation label), not by a row that relinking
    // replaces.
    r#"
CREATE TABLE annotations (
    id          INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('record', 'selector', 'operation')),
    target      TEXT NOT NULL,
    what        TEXT NOT NULL CHECK (what IN ('tag', 'note', 'status')),
    body        TEXT NOT NULL,
    author      TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX annotations_target ON annotations(target_kind, target);
"#,
    // 7: the operations list, largest first, read from an index instead of sorting every
    // operation (tens of thousands at a million records) for each page.
    r#"
CREATE INDEX operations_size ON operations(size DESC, label);
"#,
    // 8: the records' small columns in record order, so that linking reads every record
    // (and each operation's first and last seen) from the index instead of walking the
    // table, whose pages are mostly text: about twice as fast at a million records, for
    // one appended index entry a record at ingest.
    r#"
CREATE INDEX records_graph
    ON records(id, source_id, kind, time_unix, external_id, line, message_id, time);
"#,
    // 9: a record's mentions by selector read from the index alone (an operation page
    // reads every member's, tens of thousands for the largest), instead of a table row a
    // mention. Same number of indexes, wider entries.
    r#"
DROP INDEX mentions_record;
CREATE INDEX mentions_record ON mentions(record_id, selector_id, victim);
"#,
    // 10: digests of the large operations' pages, written by each linking run beside the
    // operations (see browse.rs): members in the order the page lists them, selectors
    // counted and ranked, hubs touched. An operation page then reads the slice it shows
    // instead of every member's mentions (tens of thousands for the largest operation of
    // a million records). An operation without a digest is counted when it is shown.
    r#"
CREATE TABLE operation_digests (
    operation_id INTEGER PRIMARY KEY REFERENCES operations(id) ON DELETE CASCADE,
    selectors    INTEGER NOT NULL
) STRICT;
CREATE TABLE operation_digest_members (
    operation_id INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    record_id    INTEGER NOT NULL,
    time         TEXT,
    PRIMARY KEY (operation_id, position)
) STRICT, WITHOUT ROWID;
CREATE TABLE operation_digest_selectors (
    operation_id INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    selector_id  INTEGER NOT NULL,
    records      INTEGER NOT NULL,
    mentions     INTEGER NOT NULL,
    first_seen   TEXT,
    last_seen    TEXT,
    PRIMARY KEY (operation_id, position)
) STRICT, WITHOUT ROWID;
CREATE TABLE operation_digest_hubs (
    operation_id INTEGER NOT NULL,
    selector_id  INTEGER NOT NULL,
    PRIMARY KEY (operation_id, selector_id)
) STRICT, WITHOUT ROWID;
"#,
    // 11: the text index moves to its own file beside the case (`text_index.rs`), so that
    // a thread of its own can write it while the records are written. Record ids deleted
    // here are remembered until the index has dropped them. The new index is built from
    // the records when the migrated case is opened.
    r#"
DROP TABLE record_fts;
CREATE TABLE text_index_deleted (
    id INTEGER PRIMARY KEY
) STRICT;
"#,
    // 12: records that joined their operation by a platform name alone (no selector
    // shared), with the name and what singled the operation out when several give it,
    // so that `why`, operation pages and reports can show that evidence. Replaced with
    // the operations by each linking run.
    r#"
CREATE TABLE name_joins (
    record_id     INTEGER PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    operation_id  INTEGER NOT NULL REFERENCES operations(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    written       TEXT NOT NULL,
    corroboration TEXT CHECK (corroboration IN ('persona', 'time')),
    detail        TEXT
) STRICT;
CREATE INDEX name_joins_operation ON name_joins(operation_id);
"#,
];
