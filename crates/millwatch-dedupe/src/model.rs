//! The Fellegi-Sunter model: for each field and comparison level, `m` (how often a true
//! match shows that level) and `u` (how often two unrelated rows do), and the share of
//! matches among the candidate pairs (`lambda`).
//!
//! Everything is estimated from the data itself, without labels: `u` from random pairs of
//! rows (almost all of them non-matches) as a start, then `m`, `u` and `lambda` by
//! expectation maximisation over the comparison patterns of the candidate pairs (see
//! [`fit`] for why `u` is re-estimated there).
//! A level's weight is `log2(m / u)`; a pair's match weight is the prior
//! `log2(lambda / (1 - lambda))` plus its fields' weights (missing values weigh 0), and
//! its probability is `2^w / (1 + 2^w)`. Exact agreement on a name, postcode or street is
//! weighed by how common the shared value is: its weight moves by `log2(u0 / f)`, `u0`
//! being exact agreement among random pairs and `f` the value's frequency.

use std::collections::HashMap;

use crate::compare::MISSING;

/// Per-field, per-level probabilities and the prior.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Model {
    /// `m[field][level]`.
    pub m: Vec<Vec<f64>>,
    /// `u[field][level]`.
    pub u: Vec<Vec<f64>>,
    /// `u` as estimated on random pairs, before EM: the scale of value frequencies.
    pub u_random: Vec<Vec<f64>>,
    /// Share of matches among candidate pairs.
    pub lambda: f64,
    /// EM iterations run.
    pub iterations: usize,
}

/// Smallest probability a level gets, so that no weight is infinite.
const FLOOR: f64 = 1e-6;

/// `u` from the levels of random pairs: `levels` is `pairs × fields`, row-major.
pub fn estimate_u(levels: &[u8], level_counts: &[usize]) -> Vec<Vec<f64>> {
    let nf = level_counts.len();
    let mut counts: Vec<Vec<f64>> = level_counts.iter().map(|&l| vec![0.0; l]).collect();
    if nf > 0 {
        for pattern in levels.chunks_exact(nf) {
            for (f, &l) in pattern.iter().enumerate() {
                if let Some(c) = counts[f].get_mut(l as usize) {
                    *c += 1.0;
                }
            }
        }
    }
    counts
        .into_iter()
        .map(|c| {
            // Add-half smoothing: a level never seen among random pairs is rare, not
            // impossible.
            let total: f64 = c.iter().sum::<f64>() + 0.5 * c.len() as f64;
            c.iter().map(|&x| ((x + 0.5) / total).max(FLOOR)).collect()
        })
        .collect()
}

/// Distinct comparison patterns with their counts.
pub fn patterns(levels: &[u8], nf: usize) -> Vec<(Vec<u8>, f64)> {
    let mut map: HashMap<&[u8], f64> = HashMap::new();
    if nf > 0 {
        for p in levels.chunks_exact(nf) {
            *map.entry(p).or_default() += 1.0;
        }
    }
    let mut out: Vec<(Vec<u8>, f64)> = map.into_iter().map(|(k, v)| (k.to_vec(), v)).collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Runs EM for `m`, `lambda` and (with `estimate_u`) `u` over `patterns`, starting from
/// `u` as estimated on random pairs.
///
/// Candidate pairs are not random pairs: blocking made them agree on names, dates or
/// postcodes far more often than `u` from random pairs says. Holding `u` fixed then lets
/// EM explain every candidate as a match (the "match" class becomes "shares a blocking
/// key"); re-estimating `u` on the candidates keeps the non-match class able to absorb
/// that agreement, so matches are the pairs that agree beyond it.
pub fn fit(
    patterns: &[(Vec<u8>, f64)],
    u: Vec<Vec<f64>>,
    max_iterations: usize,
    estimate_u: bool,
) -> Model {
    // Start: a match mostly agrees exactly, mostly not at level 0.
    let m: Vec<Vec<f64>> = u
        .iter()
        .map(|levels| {
            let n = levels.len();
            (0..n)
                .map(|l| {
                    if l + 1 == n {
                        0.85
                    } else if l == 0 {
                        0.05
                    } else {
                        0.10 / (n.saturating_sub(2).max(1)) as f64
                    }
                })
                .collect()
        })
        .collect();
    let mut model = Model {
        m,
        u_random: u.clone(),
        u,
        lambda: 0.05,
        iterations: 0,
    };
    for it in 0..max_iterations {
        let mut m_counts: Vec<Vec<f64>> = model.m.iter().map(|l| vec![0.0; l.len()]).collect();
        let mut u_counts = m_counts.clone();
        let mut matches = 0.0;
        let mut total = 0.0;
        for (p, count) in patterns {
            let w = model.pattern_weight(p);
            let prob = probability(w);
            matches += prob * count;
            total += count;
            for (f, &l) in p.iter().enumerate() {
                if l != MISSING
                    && let Some(c) = m_counts.get_mut(f).and_then(|c| c.get_mut(l as usize))
                {
                    *c += prob * count;
                    if let Some(c) = u_counts.get_mut(f).and_then(|c| c.get_mut(l as usize)) {
                        *c += (1.0 - prob) * count;
                    }
                }
            }
        }
        let mut change: f64 = 0.0;
        for (f, counts) in m_counts.iter().enumerate() {
            let sum: f64 = counts.iter().sum();
            if sum <= 0.0 {
                continue;
            }
            for (l, &c) in counts.iter().enumerate() {
                let new = (c / sum).max(FLOOR);
                change = change.max((new - model.m[f][l]).abs());
                model.m[f][l] = new;
            }
        }
        if estimate_u {
            for (f, counts) in u_counts.iter().enumerate() {
                let sum: f64 = counts.iter().sum();
                if sum <= 0.0 {
                    continue;
                }
                for (l, &c) in counts.iter().enumerate() {
                    let new = (c / sum).max(FLOOR);
                    change = change.max((new - model.u[f][l]).abs());
                    model.u[f][l] = new;
                }
            }
        }
        let new_lambda = if total > 0.0 {
            (matches / total).clamp(1e-9, 1.0 - 1e-9)
        } else {
            model.lambda
        };
        change = change.max((new_lambda - model.lambda).abs());
        model.lambda = new_lambda;
        model.iterations = it + 1;
        if change < 1e-5 {
            break;
        }
    }
    model
}

/// Probability from a match weight in bits.
pub fn probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}

impl Model {
    /// The prior weight of a candidate pair.
    pub fn prior_weight(&self) -> f64 {
        (self.lambda / (1.0 - self.lambda)).log2()
    }

    /// The weight of one field at one level (0 for missing).
    pub fn level_weight(&self, field: usize, level: u8) -> f64 {
        if level == MISSING {
            return 0.0;
        }
        let l = level as usize;
        match (
            self.m.get(field).and_then(|m| m.get(l)),
            self.u.get(field).and_then(|u| u.get(l)),
        ) {
            (Some(m), Some(u)) => (m / u).log2(),
            _ => 0.0,
        }
    }

    /// The weight of exact agreement on a value seen with frequency `freq` among the
    /// field's values: the level's weight, moved by how much rarer (or commoner) the
    /// value is than exact agreement between random rows.
    pub fn frequency_weight(&self, field: usize, level: u8, freq: f64) -> f64 {
        let typical = self
            .u_random
            .get(field)
            .and_then(|u| u.get(level as usize))
            .copied()
            .unwrap_or(FLOOR);
        self.level_weight(field, level) + (typical / freq.max(FLOOR)).log2()
    }

    /// Prior plus the field weights of a pattern (no frequency adjustment).
    pub fn pattern_weight(&self, pattern: &[u8]) -> f64 {
        self.prior_weight()
            + pattern
                .iter()
                .enumerate()
                .map(|(f, &l)| self.level_weight(f, l))
                .sum::<f64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn em_separates_matches_from_non_matches() {
        // Two fields with levels {0: different, 1: exact}. 100 matches agree on both,
        // 900 non-matches agree on neither, 50 agree on one.
        let mut levels = Vec::new();
        for _ in 0..100 {
            levels.extend([1u8, 1]);
        }
        for _ in 0..900 {
            levels.extend([0u8, 0]);
        }
        for _ in 0..25 {
            levels.extend([1u8, 0, 0, 1]);
        }
        let u = vec![vec![0.99, 0.01], vec![0.98, 0.02]];
        let model = fit(&patterns(&levels, 2), u.clone(), 100, false);
        assert!((model.lambda - 0.1).abs() < 0.03, "{}", model.lambda);
        assert!(model.m[0][1] > 0.9);
        assert!(model.pattern_weight(&[1, 1]) > 5.0);
        assert!(model.pattern_weight(&[0, 0]) < -5.0);
        assert_eq!(model.level_weight(0, MISSING), 0.0);
        let model = fit(&patterns(&levels, 2), u, 100, true);
        assert!((model.lambda - 0.1).abs() < 0.03, "{}", model.lambda);
        assert!(model.pattern_weight(&[1, 1]) > 5.0);
        assert!(model.pattern_weight(&[0, 0]) < -5.0);
    }

    #[test]
    fn u_is_smoothed_frequencies() {
        let u = estimate_u(&[0, 0, 0, 1], &[2]);
        assert!((u[0][0] - 3.5 / 5.0).abs() < 1e-9);
        assert!((u[0][1] - 1.5 / 5.0).abs() < 1e-9);
    }
}
