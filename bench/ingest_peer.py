#!/usr/bin/env python3
"""The comparison peer of the ingest benchmark: a plain Python script that loads the same
files into SQLite with an FTS5 index, the way an analyst might script it by hand.

Each CSV row, JSON Lines line, or other file becomes one row; text is indexed with FTS5's
default unicode61 tokenizer. No selector extraction, no charset detection beyond UTF-8
with replacement: it is the floor a tool must beat, not a competitor in features.
"""
import csv
import json
import os
import sqlite3
import sys
import time


def rows(path):
    ext = os.path.splitext(path)[1].lower()
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8", errors="replace")
    if ext in (".csv", ".tsv"):
        csv.field_size_limit(1 << 30)
        reader = csv.reader(text.splitlines(), delimiter="\t" if ext == ".tsv" else ",")
        next(reader, None)
        for row in reader:
            yield " ".join(row)
    elif ext in (".jsonl", ".ndjson"):
        for line in text.splitlines():
            if line.strip():
                try:
                    yield " ".join(str(v) for v in json.loads(line).values())
                except (ValueError, AttributeError):
                    pass
    else:
        yield text


def main():
    db_path, root = sys.argv[1], sys.argv[2]
    if os.path.exists(db_path):
        os.remove(db_path)
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE records (id INTEGER PRIMARY KEY, path TEXT, text TEXT)")
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(text, content='records', content_rowid='id')")
    start = time.time()
    n = 0
    total = 0
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            total += os.path.getsize(path)
            for text in rows(path):
                cur = db.execute("INSERT INTO records (path, text) VALUES (?, ?)", (path, text))
                db.execute("INSERT INTO fts (rowid, text) VALUES (?, ?)", (cur.lastrowid, text))
                n += 1
    db.commit()
    secs = time.time() - start
    print(json.dumps({"records": n, "bytes": total, "seconds": secs, "mb_per_s": total / 1e6 / secs}))


if __name__ == "__main__":
    main()
