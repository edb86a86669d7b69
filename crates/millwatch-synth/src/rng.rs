//! The one source of randomness: a seeded generator with the few helpers the generator needs.
//!
//! Everything in a world is derived from the configured seed, and every file and record gets
//! its own sub-seed ([`derive`]) so that a part can be regenerated without replaying what came
//! before it, and so that adding a kind of record does not shift every other one.

/// SplitMix64 finaliser: spreads a seed and a tag into an independent-looking seed.
pub(crate) fn derive(seed: u64, tag: u64) -> u64 {
    let mut z = seed ^ tag.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A seeded pseudo-random generator.
pub(crate) struct Rng(fastrand::Rng);

impl Rng {
    /// A generator for a seed.
    pub(crate) fn new(seed: u64) -> Self {
        Rng(fastrand::Rng::with_seed(seed))
    }

    /// A generator for a seed and a tag (see [`derive`]).
    pub(crate) fn sub(seed: u64, tag: u64) -> Self {
        Rng::new(derive(seed, tag))
    }

    /// 64 random bits.
    pub(crate) fn u64(&mut self) -> u64 {
        self.0.u64(..)
    }

    /// A number in `0..n`; 0 when `n` is 0.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n <= 1 { 0 } else { self.0.usize(..n) }
    }

    /// A number in `lo..=hi` (`lo` when `hi < lo`).
    pub(crate) fn range(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo { lo } else { self.0.u32(lo..=hi) }
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.0.f64() < p
    }

    /// A float in `[0, 1)`.
    pub(crate) fn f64(&mut self) -> f64 {
        self.0.f64()
    }

    /// One element of a non-empty slice, by value (callers pass static, non-empty tables).
    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// One element of a non-empty slice, by reference.
    pub(crate) fn pick_ref<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One element of a slice, or `None` when it is empty.
    pub(crate) fn pick_opt<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    /// An index chosen with the given weights (all zero: index 0).
    pub(crate) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        if total == 0 {
            return 0;
        }
        let mut x = self.0.u64(..total);
        for (i, &w) in weights.iter().enumerate() {
            let w = u64::from(w);
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// Shuffles a slice in place.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        self.0.shuffle(items);
    }

    /// Fills a buffer with random bytes.
    pub(crate) fn fill(&mut self, buf: &mut [u8]) {
        self.0.fill(buf);
    }

    /// Appends `n` random decimal digits.
    pub(crate) fn digits(&mut self, n: usize, out: &mut String) {
        for _ in 0..n {
            out.push(char::from(b'0' + self.0.u8(..10)));
        }
    }

    /// Appends `n` random characters from an ASCII alphabet.
    pub(crate) fn chars_from(&mut self, alphabet: &[u8], n: usize, out: &mut String) {
        for _ in 0..n {
            out.push(char::from(self.pick(alphabet)));
        }
    }
}
