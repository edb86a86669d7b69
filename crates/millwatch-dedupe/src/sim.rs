//! String similarity on the hot path: Jaro-Winkler and a bounded edit distance that work on
//! bytes without allocating for the short ASCII values normalisation produces, falling back
//! to `strsim` for long or non-ASCII values.

/// Values up to this many bytes are compared with fixed-size buffers.
const SHORT: usize = 64;

/// Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4, boost above Jaro 0.7),
/// `0.0..=1.0`.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    if !(a.is_ascii() && b.is_ascii()) || a.len() > SHORT || b.len() > SHORT {
        return strsim::jaro_winkler(a, b);
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let j = jaro(a, b);
    if j <= 0.7 {
        return j;
    }
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    j + 0.1 * prefix as f64 * (1.0 - j)
}

/// [`jaro_winkler`] when it is at least `min`, else 0. Cheaper for clearly different
/// values: an upper bound from the letters the two share (and their common prefix) rules
/// most of them out before the full computation.
pub fn jaro_winkler_at_least(a: &str, b: &str, min: f64) -> f64 {
    if a.is_ascii() && b.is_ascii() && !a.is_empty() && !b.is_empty() {
        let (x, y) = (a.as_bytes(), b.as_bytes());
        let mut present = [0u64; 2];
        for &c in y {
            present[usize::from(c >> 6) & 1] |= 1 << (c & 63);
        }
        let common = x
            .iter()
            .filter(|&&c| present[usize::from(c >> 6) & 1] & (1 << (c & 63)) != 0)
            .count();
        let m = common.min(x.len()).min(y.len()) as f64;
        let jaro_max = if m == 0.0 {
            0.0
        } else {
            (m / x.len() as f64 + m / y.len() as f64 + 1.0) / 3.0
        };
        let prefix = x.iter().zip(y).take(4).take_while(|(p, q)| p == q).count();
        let bound = jaro_max + 0.1 * prefix as f64 * (1.0 - jaro_max);
        if bound < min {
            return 0.0;
        }
    }
    let jw = jaro_winkler(a, b);
    if jw >= min { jw } else { 0.0 }
}

fn jaro(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_hit: u64 = 0;
    let mut b_hit: u64 = 0;
    let mut matches = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for (j, &cb) in b.iter().enumerate().take(hi).skip(lo) {
            if b_hit & (1 << j) == 0 && ca == cb {
                a_hit |= 1 << i;
                b_hit |= 1 << j;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut half_transpositions = 0usize;
    let mut k = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        if a_hit & (1 << i) == 0 {
            continue;
        }
        while k < b.len() && b_hit & (1 << k) == 0 {
            k += 1;
        }
        if b.get(k).is_some_and(|&cb| cb != ca) {
            half_transpositions += 1;
        }
        k += 1;
    }
    let m = matches as f64;
    let t = (half_transpositions / 2) as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - t) / m) / 3.0
}

/// Edit distance counting insertions, deletions, substitutions and swaps of neighbours
/// (optimal string alignment), or `limit + 1` as soon as it must exceed `limit`.
pub fn edits_within(a: &str, b: &str, limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit && a.is_ascii() && b.is_ascii() {
        return limit + 1;
    }
    if !(a.is_ascii() && b.is_ascii()) || a.len() > SHORT || b.len() > SHORT {
        if a.chars().count().abs_diff(b.chars().count()) > limit {
            return limit + 1;
        }
        return strsim::osa_distance(a, b).min(limit + 1);
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Optimal string alignment over a band of width `limit` around the diagonal; cells
    // outside the band are above the limit anyway. Three rows, rotated by index.
    let cap = u8::try_from(limit + 1).unwrap_or(u8::MAX);
    let lim = usize::from(cap) - 1;
    let mut rows = [[cap; SHORT + 1]; 3];
    for (j, slot) in rows[0].iter_mut().enumerate().take(b.len().min(lim) + 1) {
        *slot = u8::try_from(j).unwrap_or(cap);
    }
    for i in 1..=a.len() {
        let (cur_i, prev_i, prev2_i) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        let lo = i.saturating_sub(lim).max(1);
        let hi = (i + lim).min(b.len());
        let mut cur = [cap; SHORT + 1];
        let mut row_min = cap;
        if i <= lim {
            cur[0] = u8::try_from(i).unwrap_or(cap);
            row_min = cur[0];
        }
        for j in lo..=hi {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let prev = &rows[prev_i];
            let mut v = (prev[j].saturating_add(1))
                .min(cur[j - 1].saturating_add(1))
                .min(prev[j - 1].saturating_add(cost));
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[prev2_i][j - 2].saturating_add(1));
            }
            let v = v.min(cap);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        rows[cur_i] = cur;
        if row_min >= cap {
            return usize::from(cap);
        }
    }
    usize::from(rows[a.len() % 3][b.len()].min(cap))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_strsim() {
        let words = [
            "martha",
            "marhta",
            "dixon",
            "dicksonx",
            "jellyfish",
            "smellyfish",
            "",
            "a",
            "abcdefg",
            "gfedcba",
            "smith",
            "smyth",
            "katherine",
            "kathryn",
            "19560409",
            "19560490",
        ];
        for a in words {
            for b in words {
                let ours = jaro_winkler(a, b);
                let theirs = strsim::jaro_winkler(a, b);
                assert!((ours - theirs).abs() < 1e-9, "{a} {b}: {ours} {theirs}");
                let d = strsim::osa_distance(a, b);
                for limit in 0..3 {
                    assert_eq!(
                        edits_within(a, b, limit),
                        d.min(limit + 1),
                        "{a} {b} {limit}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn bounded_edits_match_the_full_distance(a in "[a-f]{0,12}", b in "[a-f]{0,12}", limit in 0usize..4) {
            let d = strsim::osa_distance(&a, &b);
            proptest::prop_assert_eq!(edits_within(&a, &b, limit), d.min(limit + 1));
            let ours = jaro_winkler(&a, &b);
            proptest::prop_assert!((ours - strsim::jaro_winkler(&a, &b)).abs() < 1e-9);
            for min in [0.5, 0.8, 0.9] {
                let bounded = jaro_winkler_at_least(&a, &b, min);
                let want = if ours >= min { ours } else { 0.0 };
                proptest::prop_assert!((bounded - want).abs() < 1e-12, "{} {} {}", a, b, min);
            }
        }
    }

    #[test]
    fn non_ascii_falls_back() {
        assert_eq!(edits_within("иван", "иван", 1), 0);
        assert_eq!(edits_within("иван", "иавн", 1), 1);
        assert!(jaro_winkler("иван", "иванн") > 0.9);
    }
}
