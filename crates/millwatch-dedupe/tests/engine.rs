//! The whole engine on generated people: a few hundred distinct persons, some written a
//! second time with typos, reformatted dates and phones, swapped names or a missing field.
//! Scores pairwise precision and recall against the generator's truth, so a broken
//! comparison, blocking key, EM step or clustering rule shows up as lost accuracy.

#![allow(clippy::expect_used, clippy::unwrap_used)] // Tests may fail loudly.

use std::collections::HashSet;

use millwatch_dedupe::{Config, FieldType, Table, dedupe};

const GIVEN: &[&str] = &[
    "anan", "boonmee", "chai", "daeng", "fon", "ganya", "hathai", "jintana", "kanya", "lamai",
    "malee", "orn", "pakorn", "sakda", "udom", "wanida", "olga", "dmitri", "sergei", "pavel", "li",
    "chen", "jun", "mei", "john", "peter", "sarah", "emma", "linh", "minh",
];
const SURNAME: &[&str] = &[
    "srisuk",
    "wongsa",
    "chaiyaporn",
    "rattanakul",
    "thongdee",
    "boonyarit",
    "kaewmanee",
    "ivanova",
    "smirnov",
    "kuznetsov",
    "popova",
    "volkov",
    "zhang",
    "liu",
    "huang",
    "zhao",
    "nguyen",
    "tran",
    "pham",
    "brown",
    "taylor",
    "wilson",
    "walker",
    "king",
    "young",
    "hall",
];

struct Person {
    given: String,
    surname: String,
    dob: (u32, u32, u32),
    phone: String,
    city: &'static str,
}

fn typo(rng: &mut fastrand::Rng, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.len() < 3 {
        return s.to_string();
    }
    let i = rng.usize(1..c.len() - 1);
    match rng.u8(0..3) {
        0 => c.swap(i, i + 1),
        1 => {
            c.remove(i);
        }
        _ => c[i] = 'x',
    }
    c.into_iter().collect()
}

/// Writes the CSV and returns it with the true duplicate pairs (by record id).
fn world(seed: u64, people: usize) -> (String, HashSet<(String, String)>) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let cities = ["bangkok", "phnom penh", "manila", "yangon", "vientiane"];
    let mut csv = String::from("rec_id,first_name,last_name,dob,phone,city\n");
    let mut truth = HashSet::new();
    for p in 0..people {
        let person = Person {
            given: GIVEN[rng.usize(..GIVEN.len())].to_string(),
            surname: SURNAME[rng.usize(..SURNAME.len())].to_string(),
            dob: (rng.u32(1950..2005), rng.u32(1..13), rng.u32(1..29)),
            phone: format!(
                "+855 {:02} {:03} {:03}",
                rng.u32(10..99),
                rng.u32(0..1000),
                rng.u32(0..1000)
            ),
            city: cities[rng.usize(..cities.len())],
        };
        let (y, m, d) = person.dob;
        csv.push_str(&format!(
            "p{p},{},{},{y}-{m:02}-{d:02},{},{}\n",
            person.given, person.surname, person.phone, person.city
        ));
        if rng.u8(0..3) == 0 {
            // A second record of the same person, written differently.
            let (mut g, mut s) = (person.given.clone(), person.surname.clone());
            match rng.u8(0..4) {
                0 => s = typo(&mut rng, &s),
                1 => g = typo(&mut rng, &g),
                2 => std::mem::swap(&mut g, &mut s),
                _ => g = g.to_uppercase(),
            }
            let dob = if rng.bool() {
                format!("{d:02}/{m:02}/{y}")
            } else {
                format!("{y}{m:02}{d:02}")
            };
            let phone = if rng.bool() {
                person.phone.replace([' ', '+'], "")
            } else {
                String::new()
            };
            csv.push_str(&format!("d{p},{g},{s},{dob},{phone},{}\n", person.city));
            truth.insert((format!("d{p}"), format!("p{p}")));
        }
    }
    (csv, truth)
}

fn pairs_of(table: &Table, clusters: &[millwatch_dedupe::Cluster]) -> HashSet<(String, String)> {
    let mut out = HashSet::new();
    for c in clusters {
        for (i, &a) in c.rows.iter().enumerate() {
            for &b in &c.rows[i + 1..] {
                let (x, y) = (table.rows[a].id.clone(), table.rows[b].id.clone());
                out.insert(if x < y { (x, y) } else { (y, x) });
            }
        }
    }
    out
}

#[test]
fn finds_generated_duplicates_with_high_precision_and_recall() {
    let (csv, truth) = world(11, 600);
    let mut table = Table::new(&[]);
    table.add_csv("people.csv", csv.as_bytes()).unwrap();
    assert!(table.bad_rows.is_empty());
    let result = dedupe(&table, &Config::default()).unwrap();
    let found = pairs_of(&table, &result.clusters);
    let tp = found.intersection(&truth).count() as f64;
    let precision = tp / found.len() as f64;
    let recall = tp / truth.len() as f64;
    assert!(precision > 0.97, "precision {precision}");
    assert!(recall > 0.95, "recall {recall}");
    // Sub-quadratic: far fewer candidate pairs than all pairs.
    let n = table.rows.len();
    assert!(result.stats.candidate_pairs < n * (n - 1) / 2 / 10);
    // The model learned that agreeing dates are evidence for a match.
    let dob = result
        .model
        .iter()
        .find(|f| f.field == FieldType::Dob)
        .unwrap();
    assert!(dob.levels.last().unwrap().weight > 3.0);
    assert!(dob.levels[0].weight < 0.0);
    // Each explanation adds up.
    for c in &result.clusters {
        for p in &c.pairs {
            let sum: f64 = p.fields.iter().map(|f| f.weight).sum::<f64>() + p.prior;
            assert!((sum - p.weight).abs() < 1e-9);
        }
    }
}

#[test]
fn the_same_input_gives_the_same_clusters() {
    let (csv, _) = world(5, 200);
    let mut table = Table::new(&[]);
    table.add_csv("people.csv", csv.as_bytes()).unwrap();
    let a = dedupe(&table, &Config::default()).unwrap();
    let b = dedupe(&table, &Config::default()).unwrap();
    let rows = |d: &millwatch_dedupe::Dedupe| {
        d.clusters
            .iter()
            .map(|c| c.rows.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(&a), rows(&b));
}

#[test]
fn bad_thresholds_and_tiny_inputs_do_not_panic() {
    let mut table = Table::new(&[]);
    table.add_csv("x.csv", &b"name\nalice\n"[..]).unwrap();
    let cfg = Config {
        threshold: 1.5,
        ..Config::default()
    };
    assert!(dedupe(&table, &cfg).is_err());
    let r = dedupe(&table, &Config::default()).unwrap();
    assert!(r.clusters.is_empty());
    let mut empty = Table::new(&[]);
    empty.add_csv("y.csv", &b"name\n"[..]).unwrap();
    assert!(
        dedupe(&empty, &Config::default())
            .unwrap()
            .clusters
            .is_empty()
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Whatever the bytes, reading and de-duplicating never panics.
    #[test]
    fn arbitrary_input_never_panics(
        body in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just(b','),
                proptest::strategy::Just(b'\n'),
                proptest::strategy::Just(b'"'),
                proptest::strategy::Just(b'\r'),
                proptest::prelude::any::<u8>(),
                proptest::strategy::Just(b'a'),
                proptest::strategy::Just(b'1'),
            ],
            0..400,
        )
    ) {
        let mut bytes = b"name,dob,phone,surname,given_name,email,postcode\n".to_vec();
        bytes.extend_from_slice(&body);
        let mut table = Table::new(&[]);
        table.add_csv("x.csv", &bytes[..]).unwrap();
        let r = dedupe(&table, &Config::default()).unwrap();
        for c in &r.clusters {
            proptest::prop_assert!(c.rows.len() >= 2);
        }
    }
}
