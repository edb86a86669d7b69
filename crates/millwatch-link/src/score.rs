//! Scoring a partition against ground truth: B-cubed and pairwise precision and recall.
//!
//! Both take one label per item. A `None` truth label (noise: a record of no operation)
//! is its own singleton cluster, so linking noise to anything costs precision.

use std::collections::HashMap;

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

impl Prf {
    fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// Truth labels with noise made singletons: `None` becomes a label of its own per item.
fn labels(truth: &[Option<u32>]) -> Vec<u64> {
    truth
        .iter()
        .enumerate()
        .map(|(i, t)| match t {
            Some(op) => u64::from(*op),
            None => (1u64 << 40) + i as u64,
        })
        .collect()
}

/// B-cubed precision and recall of `predicted` against `truth`, averaged over items.
pub fn bcubed(predicted: &[u32], truth: &[Option<u32>]) -> Prf {
    let truth = labels(truth);
    let n = predicted.len().min(truth.len());
    if n == 0 {
        return Prf::new(1.0, 1.0);
    }
    let mut joint: HashMap<(u32, u64), u64> = HashMap::new();
    let mut pred_size: HashMap<u32, u64> = HashMap::new();
    let mut true_size: HashMap<u64, u64> = HashMap::new();
    for i in 0..n {
        *joint.entry((predicted[i], truth[i])).or_default() += 1;
        *pred_size.entry(predicted[i]).or_default() += 1;
        *true_size.entry(truth[i]).or_default() += 1;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for (&(pc, tc), &c) in &joint {
        // Each of the c items in this cell has c correct companions (itself included).
        p += (c * c) as f64 / pred_size[&pc] as f64;
        r += (c * c) as f64 / true_size[&tc] as f64;
    }
    Prf::new(p / n as f64, r / n as f64)
}

/// Pairwise precision and recall: over pairs of items put together.
pub fn pairwise(predicted: &[u32], truth: &[Option<u32>]) -> Prf {
    let truth = labels(truth);
    let n = predicted.len().min(truth.len());
    let pairs = |c: u64| c * c.saturating_sub(1) / 2;
    let mut joint: HashMap<(u32, u64), u64> = HashMap::new();
    let mut pred_size: HashMap<u32, u64> = HashMap::new();
    let mut true_size: HashMap<u64, u64> = HashMap::new();
    for i in 0..n {
        *joint.entry((predicted[i], truth[i])).or_default() += 1;
        *pred_size.entry(predicted[i]).or_default() += 1;
        *true_size.entry(truth[i]).or_default() += 1;
    }
    let tp: u64 = joint.values().map(|&c| pairs(c)).sum();
    let pp: u64 = pred_size.values().map(|&c| pairs(c)).sum();
    let tt: u64 = true_size.values().map(|&c| pairs(c)).sum();
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    Prf::new(ratio(tp, pp), ratio(tp, tt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_merged_and_split_partitions_score_as_expected() {
        let truth = [Some(0), Some(0), Some(1), Some(1), None];
        let perfect = bcubed(&[0, 0, 1, 1, 2], &truth);
        assert_eq!((perfect.precision, perfect.recall), (1.0, 1.0));
        let merged = bcubed(&[0, 0, 0, 0, 0], &truth);
        assert!((merged.precision - (4.0 * 2.0 / 5.0 + 1.0 / 5.0) / 5.0).abs() < 1e-9);
        assert_eq!(merged.recall, 1.0);
        let split = bcubed(&[0, 1, 2, 3, 4], &truth);
        assert_eq!(split.precision, 1.0);
        assert!((split.recall - (0.5 * 4.0 + 1.0) / 5.0).abs() < 1e-9);
        let pw = pairwise(&[0, 0, 0, 0, 0], &truth);
        assert!((pw.precision - 2.0 / 10.0).abs() < 1e-9);
        assert_eq!(pw.recall, 1.0);
    }
}
