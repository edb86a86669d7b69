//! Clustering matched pairs into entities: connected components built strongest pair
//! first, with a guard against chaining.
//!
//! Two groups of rows are joined only when enough of the pairs between them matched
//! (`min_density` of all `|A| × |B|` pairs; two single rows always join) and the result is
//! not larger than `max_size`. One strong pair between two otherwise unrelated groups (a
//! shared typo, a family sharing an address) therefore does not merge them, and a chain
//! a–b–c–d of ever less similar rows stops where its ends stop matching.

use std::collections::HashSet;

/// Groups `n` rows by `matches` (pairs with their weights); returns groups of two or more
/// rows, each sorted, largest first.
pub fn cluster(
    n: usize,
    matches: &[(u32, u32, f64)],
    min_density: f64,
    max_size: usize,
) -> Vec<Vec<u32>> {
    let mut order: Vec<usize> = (0..matches.len()).collect();
    order.sort_by(|&a, &b| matches[b].2.total_cmp(&matches[a].2));
    let matched: HashSet<(u32, u32)> = matches.iter().map(|&(a, b, _)| (a, b)).collect();
    let mut group: Vec<u32> = (0..n).map(|i| u32::try_from(i).unwrap_or(0)).collect();
    let mut members: Vec<Vec<u32>> = (0..n)
        .map(|i| vec![u32::try_from(i).unwrap_or(0)])
        .collect();
    for i in order {
        let (a, b, _) = matches[i];
        let (ga, gb) = (group[a as usize], group[b as usize]);
        if ga == gb {
            continue;
        }
        let (sa, sb) = (members[ga as usize].len(), members[gb as usize].len());
        if sa + sb > max_size {
            continue;
        }
        if sa > 1 || sb > 1 {
            let mut linked = 0usize;
            for &x in &members[ga as usize] {
                for &y in &members[gb as usize] {
                    if matched.contains(&(x.min(y), x.max(y))) {
                        linked += 1;
                    }
                }
            }
            if (linked as f64) < min_density * (sa * sb) as f64 {
                continue;
            }
        }
        // Merge the smaller group into the larger.
        let (keep, gone) = if sa >= sb { (ga, gb) } else { (gb, ga) };
        let moved = std::mem::take(&mut members[gone as usize]);
        for &x in &moved {
            group[x as usize] = keep;
        }
        members[keep as usize].extend(moved);
    }
    let mut out: Vec<Vec<u32>> = members.into_iter().filter(|m| m.len() >= 2).collect();
    for m in &mut out {
        m.sort_unstable();
    }
    out.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_form() {
        let c = cluster(5, &[(0, 1, 10.0), (1, 2, 9.0), (0, 2, 8.0)], 0.5, 10);
        assert_eq!(c, vec![vec![0, 1, 2]]);
    }

    #[test]
    fn a_single_bridge_does_not_chain_two_groups() {
        // {0,1,2} and {3,4,5} are tight; 2-3 is one strong pair between them.
        let mut m = vec![];
        for (a, b) in [(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5)] {
            m.push((a, b, 10.0));
        }
        m.push((2, 3, 20.0));
        let c = cluster(6, &m, 0.5, 100);
        // The bridge is taken first (two single rows), then each side joins the larger
        // group only if dense enough: the result never holds all six rows.
        assert!(c.iter().all(|g| g.len() < 6), "{c:?}");
    }

    #[test]
    fn size_cap_holds() {
        let m: Vec<(u32, u32, f64)> = (0..9).map(|i| (i, i + 1, 5.0)).collect();
        let c = cluster(10, &m, 0.0, 4);
        assert!(c.iter().all(|g| g.len() <= 4));
    }
}
