//! Record linkage for structured sheets: which rows describe the same person or
//! organisation, with every decision explained.
//!
//! The steps, each in its own module:
//! 1. [`input`]: rows from CSV files, columns mapped to [`FieldType`]s.
//! 2. [`field`]: values normalised per type (names transliterated, dates as `YYYYMMDD`,
//!    numbers as digits).
//! 3. [`block`]: candidate pairs from shared keys and a sorted neighbourhood, linear in
//!    the rows.
//! 4. [`compare`]: each candidate pair's comparison level on every field.
//! 5. [`model`]: a Fellegi-Sunter model fitted on the data itself (`u` from random pairs,
//!    `m` by EM), no labels; a pair's match weight is the sum of its fields' weights.
//! 6. [`cluster`]: pairs at or above the threshold grouped, strongest first, with a guard
//!    against chaining.
//!
//! [`names`] holds the fuzzy name key ([`name_key`], [`name_similarity`]) that linking
//! elsewhere can use for brand and person names in any script.

pub mod block;
pub mod cluster;
pub mod compare;
pub mod field;
pub mod input;
pub mod model;
pub mod names;
pub mod sim;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

pub use field::FieldType;
pub use input::{BadRow, Column, Row, Table};
pub use model::Model;
pub use names::{name_key, name_similarity};

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file's header could not be read.
    #[error("{file}: cannot read the header: {reason}")]
    Header {
        /// The file.
        file: String,
        /// Why.
        reason: String,
    },
    /// More input files than can be told apart.
    #[error("too many input files")]
    TooManyFiles,
    /// No column holds anything to compare.
    #[error(
        "no column to compare: name columns with --map COLUMN=TYPE (types: given_name, surname, full_name, dob, address, postcode, phone, national_id, email, org_name, …)"
    )]
    NothingToCompare,
    /// A threshold outside `0..1`.
    #[error("the threshold is a match probability between 0 and 1, not {0}")]
    BadThreshold(f64),
}

/// Knobs of a run; [`Config::default`] is what `millwatch dedupe` uses.
#[derive(Debug, Clone)]
pub struct Config {
    /// Pairs with a match probability at or above this are matches.
    pub threshold: f64,
    /// Blocking keys shared by more rows than this are skipped.
    pub max_block: usize,
    /// Neighbours each row is paired with in the sorted neighbourhood.
    pub window: usize,
    /// Two groups join only if this share of the pairs between them matched.
    pub min_density: f64,
    /// Largest cluster.
    pub max_cluster: usize,
    /// Random pairs sampled to estimate `u`.
    pub u_sample: usize,
    /// Most EM iterations.
    pub em_iterations: usize,
    /// Re-estimate `u` by EM on the candidate pairs (else keep it from random pairs).
    pub estimate_u: bool,
    /// Seed of the random pair sample (same input, same result).
    pub seed: u64,
    /// Only pairs of rows from different files (linking two files, not deduplicating).
    pub link_only: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            threshold: 0.9,
            max_block: 200,
            window: 4,
            min_density: 0.3,
            max_cluster: 50,
            u_sample: 10_000,
            em_iterations: 100,
            estimate_u: true,
            seed: 0x6d69_6c6c,
            link_only: false,
        }
    }
}

/// One field's part in a pair's score.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FieldScore {
    /// The column (shared by every pair's explanation).
    #[serde(serialize_with = "serialize_str")]
    pub column: Arc<str>,
    /// The comparison level's name (`exact`, `one edit`, `missing` …).
    pub level: &'static str,
    /// Its weight in bits (positive for a match).
    pub weight: f64,
    /// Whether the weight was adjusted for how common the shared value is.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub frequency_adjusted: bool,
}

fn serialize_str<S: serde::Serializer>(s: &Arc<str>, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s)
}

/// A scored pair with its explanation.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PairScore {
    /// Row index (into [`Table::rows`]).
    pub a: usize,
    /// Row index.
    pub b: usize,
    /// Total match weight in bits: `prior` plus the fields' weights.
    pub weight: f64,
    /// Match probability.
    pub probability: f64,
    /// The prior weight of a candidate pair.
    pub prior: f64,
    /// Each compared field's level and weight.
    pub fields: Vec<FieldScore>,
}

/// A group of rows judged to be one entity.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Cluster {
    /// Row indices, ascending.
    pub rows: Vec<usize>,
    /// The matched pairs inside it, strongest first.
    pub pairs: Vec<PairScore>,
}

/// One comparison level in the fitted model.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LevelReport {
    /// Its name.
    pub level: &'static str,
    /// Share of matches at this level.
    pub m: f64,
    /// Share of non-matches at this level.
    pub u: f64,
    /// `log2(m / u)`.
    pub weight: f64,
}

/// One compared field in the fitted model.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FieldReport {
    /// The column.
    pub column: String,
    /// Its type.
    pub field: FieldType,
    /// Its levels.
    pub levels: Vec<LevelReport>,
}

/// Counts of a run.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Stats {
    /// Rows compared.
    pub rows: usize,
    /// Candidate pairs from blocking.
    pub candidate_pairs: usize,
    /// Blocking keys skipped as too common.
    pub skipped_blocks: usize,
    /// Pairs at or above the threshold.
    pub matched_pairs: usize,
    /// Clusters of two or more rows.
    pub clusters: usize,
    /// Rows in those clusters.
    pub clustered_rows: usize,
    /// Share of matches among candidate pairs, as estimated.
    pub lambda: f64,
    /// EM iterations.
    pub em_iterations: usize,
}

/// The result of [`dedupe`].
#[derive(Debug, Clone)]
pub struct Dedupe {
    /// Clusters, largest first.
    pub clusters: Vec<Cluster>,
    /// The fitted model, per compared column.
    pub model: Vec<FieldReport>,
    /// Counts.
    pub stats: Stats,
}

/// The prepared, normalised data of a run.
struct Prepared {
    /// Table column of each compared field.
    cols: Vec<usize>,
    types: Vec<FieldType>,
    /// Name of each compared field's column.
    names: Vec<Arc<str>>,
    /// Compared field index of each field's partner name column.
    partner: Vec<Option<usize>>,
    /// `rows × fields`, row-major.
    values: Vec<String>,
    /// Per field: value frequencies (only for frequency-adjusted fields).
    freq: Vec<HashMap<String, f64>>,
}

impl Prepared {
    fn nf(&self) -> usize {
        self.cols.len()
    }

    fn value(&self, row: usize, f: usize) -> &str {
        self.values
            .get(row * self.nf() + f)
            .map_or("", String::as_str)
    }

    fn levels(&self, a: usize, b: usize, out: &mut [u8]) {
        for (f, slot) in out.iter_mut().enumerate() {
            let partner = self.partner[f].map(|p| self.value(b, p));
            *slot = compare::compare(self.types[f], self.value(a, f), self.value(b, f), partner);
        }
    }

    /// The weight of field `f` at `level` for the pair `(a, _)`, frequency-adjusted on
    /// exact agreement where the type says so.
    fn field_weight(&self, model: &Model, a: usize, f: usize, level: u8) -> (f64, bool) {
        if level != compare::MISSING
            && level == compare::exact_level(self.types[f])
            && self.types[f].frequency_adjusted()
            && let Some(&fr) = self.freq[f].get(self.value(a, f))
        {
            return (model.frequency_weight(f, level, fr), true);
        }
        (model.level_weight(f, level), false)
    }

    fn weight(&self, model: &Model, a: usize, levels: &[u8]) -> f64 {
        model.prior_weight()
            + levels
                .iter()
                .enumerate()
                .map(|(f, &l)| self.field_weight(model, a, f, l).0)
                .sum::<f64>()
    }

    fn explain(&self, model: &Model, a: usize, b: usize) -> PairScore {
        let mut levels = vec![0u8; self.nf()];
        self.levels(a, b, &mut levels);
        let prior = model.prior_weight();
        let mut total = prior;
        let fields = levels
            .iter()
            .enumerate()
            .map(|(f, &l)| {
                let (w, adj) = self.field_weight(model, a, f, l);
                total += w;
                FieldScore {
                    column: Arc::clone(&self.names[f]),
                    level: if l == compare::MISSING {
                        "missing"
                    } else {
                        compare::level_names(self.types[f])
                            .get(l as usize)
                            .copied()
                            .unwrap_or("?")
                    },
                    weight: w,
                    frequency_adjusted: adj,
                }
            })
            .collect();
        PairScore {
            a,
            b,
            weight: total,
            probability: model::probability(total),
            prior,
            fields,
        }
    }
}

fn prepare(table: &Table) -> Result<Prepared, Error> {
    let cols: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.field.is_compared())
        .map(|(i, _)| i)
        .collect();
    if cols.is_empty() {
        return Err(Error::NothingToCompare);
    }
    let types: Vec<FieldType> = cols.iter().map(|&c| table.columns[c].field).collect();
    let find = |t: FieldType| types.iter().position(|x| *x == t);
    let partner = types
        .iter()
        .map(|t| match t {
            FieldType::GivenName => find(FieldType::Surname),
            FieldType::Surname => find(FieldType::GivenName),
            _ => None,
        })
        .collect();
    let values: Vec<String> = table
        .rows
        .par_iter()
        .flat_map_iter(|r| {
            cols.iter()
                .zip(&types)
                .map(|(&c, t)| r.values.get(c).map_or_else(String::new, |v| t.normalise(v)))
        })
        .collect();
    let nf = cols.len();
    let freq = types
        .iter()
        .enumerate()
        .map(|(f, t)| {
            let mut counts: HashMap<String, f64> = HashMap::new();
            if t.frequency_adjusted() {
                let mut total = 0.0;
                for row in 0..table.rows.len() {
                    if let Some(v) = values.get(row * nf + f).filter(|v| !v.is_empty()) {
                        *counts.entry(v.clone()).or_default() += 1.0;
                        total += 1.0;
                    }
                }
                for c in counts.values_mut() {
                    *c /= total;
                }
            }
            counts
        })
        .collect();
    let names = cols
        .iter()
        .map(|&c| Arc::from(table.columns[c].name.as_str()))
        .collect();
    Ok(Prepared {
        names,
        cols,
        types,
        partner,
        values,
        freq,
    })
}

/// Random pairs (of different files when linking) for estimating `u`.
fn random_pairs(table: &Table, cfg: &Config) -> Vec<(u32, u32)> {
    let n = table.rows.len();
    if n < 2 {
        return Vec::new();
    }
    let all = n * (n - 1) / 2;
    let as_u32 = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    if all <= cfg.u_sample {
        let mut out = Vec::with_capacity(all);
        for a in 0..n {
            for b in a + 1..n {
                if !cfg.link_only || table.rows[a].source != table.rows[b].source {
                    out.push((as_u32(a), as_u32(b)));
                }
            }
        }
        return out;
    }
    let mut rng = fastrand::Rng::with_seed(cfg.seed);
    let mut out = Vec::with_capacity(cfg.u_sample);
    let mut tries = 0;
    while out.len() < cfg.u_sample && tries < cfg.u_sample * 20 {
        tries += 1;
        let (a, b) = (rng.usize(0..n), rng.usize(0..n));
        if a == b || (cfg.link_only && table.rows[a].source == table.rows[b].source) {
            continue;
        }
        out.push((as_u32(a.min(b)), as_u32(a.max(b))));
    }
    out
}

fn compare_all(p: &Prepared, pairs: &[(u32, u32)]) -> Vec<u8> {
    let nf = p.nf();
    let mut levels = vec![0u8; pairs.len() * nf];
    levels
        .par_chunks_mut(nf)
        .zip(pairs.par_iter())
        .for_each(|(out, &(a, b))| p.levels(a as usize, b as usize, out));
    levels
}

/// Finds the rows of `table` that describe the same entity.
pub fn dedupe(table: &Table, cfg: &Config) -> Result<Dedupe, Error> {
    if !(cfg.threshold > 0.0 && cfg.threshold < 1.0) {
        return Err(Error::BadThreshold(cfg.threshold));
    }
    let t0 = std::time::Instant::now();
    let p = prepare(table)?;
    tracing::debug!(ms = t0.elapsed().as_millis() as u64, "normalised");
    let nf = p.nf();
    let n = table.rows.len();
    let level_counts: Vec<usize> = p
        .types
        .iter()
        .map(|t| compare::level_names(*t).len())
        .collect();

    // u from random pairs.
    let sample = random_pairs(table, cfg);
    let u = model::estimate_u(&compare_all(&p, &sample), &level_counts);
    tracing::debug!(
        ms = t0.elapsed().as_millis() as u64,
        pairs = sample.len(),
        "u estimated"
    );

    // Candidate pairs and their comparison patterns.
    let sources: Vec<u16> = table.rows.iter().map(|r| r.source).collect();
    let blocking = block::candidate_pairs(
        &p.types,
        n,
        |r, f| p.value(r, f),
        cfg.link_only.then_some(&sources[..]),
        cfg.max_block,
        cfg.window,
    );
    tracing::debug!(
        ms = t0.elapsed().as_millis() as u64,
        pairs = blocking.pairs.len(),
        "blocked"
    );
    let levels = compare_all(&p, &blocking.pairs);
    tracing::debug!(ms = t0.elapsed().as_millis() as u64, "compared");

    // m and lambda by EM.
    let fitted = model::fit(
        &model::patterns(&levels, nf),
        u,
        cfg.em_iterations,
        cfg.estimate_u,
    );

    // Score, threshold, cluster.
    let matches: Vec<(u32, u32, f64)> = blocking
        .pairs
        .par_iter()
        .zip(levels.par_chunks(nf.max(1)))
        .filter_map(|(&(a, b), lv)| {
            let w = p.weight(&fitted, a as usize, lv);
            (model::probability(w) >= cfg.threshold).then_some((a, b, w))
        })
        .collect();
    tracing::debug!(
        ms = t0.elapsed().as_millis() as u64,
        iterations = fitted.iterations,
        "fitted and scored"
    );
    let groups = cluster::cluster(n, &matches, cfg.min_density, cfg.max_cluster);
    let mut group_of: HashMap<u32, usize> = HashMap::new();
    for (g, members) in groups.iter().enumerate() {
        for &r in members {
            group_of.insert(r, g);
        }
    }
    let mut pairs_of: Vec<Vec<PairScore>> = vec![Vec::new(); groups.len()];
    for &(a, b, _) in &matches {
        if let (Some(ga), Some(gb)) = (group_of.get(&a), group_of.get(&b))
            && ga == gb
        {
            pairs_of[*ga].push(p.explain(&fitted, a as usize, b as usize));
        }
    }
    let clusters: Vec<Cluster> = groups
        .into_iter()
        .zip(pairs_of)
        .map(|(members, mut pairs)| {
            pairs.sort_by(|x, y| y.weight.total_cmp(&x.weight));
            Cluster {
                rows: members.into_iter().map(|r| r as usize).collect(),
                pairs,
            }
        })
        .collect();

    tracing::debug!(
        ms = t0.elapsed().as_millis() as u64,
        "clustered and explained"
    );
    let model_report = p
        .types
        .iter()
        .enumerate()
        .map(|(f, t)| FieldReport {
            column: table.columns[p.cols[f]].name.clone(),
            field: *t,
            levels: compare::level_names(*t)
                .iter()
                .enumerate()
                .map(|(l, name)| LevelReport {
                    level: name,
                    m: fitted.m[f][l],
                    u: fitted.u[f][l],
                    weight: fitted.level_weight(f, u8::try_from(l).unwrap_or(0)),
                })
                .collect(),
        })
        .collect();
    let stats = Stats {
        rows: n,
        candidate_pairs: blocking.pairs.len(),
        skipped_blocks: blocking.skipped_blocks,
        matched_pairs: matches.len(),
        clusters: clusters.len(),
        clustered_rows: clusters.iter().map(|c| c.rows.len()).sum(),
        lambda: fitted.lambda,
        em_iterations: fitted.iterations,
    };
    Ok(Dedupe {
        clusters,
        model: model_report,
        stats,
    })
}
