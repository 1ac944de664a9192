//! Experiment designs on the unit cube: Monte Carlo, Latin hypercube,
//! Sobol' low-discrepancy sequences (plain or Owen-scrambled) and full
//! factorials.
//!
//! Every design returns rows of `dims` coordinates in `(0, 1)`; the caller maps
//! them to parameter values through each parameter's inverse CDF. Random
//! designs are reproducible from a seed (PCG-64 seeded by a SplitMix64 hash,
//! as in `natosim_core::rng`).
//!
//! **Scrambled Sobol'** ([`Scrambling::Owen`]): Owen's (1995) nested uniform
//! scrambling in base 2. Digit `j` of a coordinate is flipped, or not, by a
//! fair coin that belongs to the node of the binary tree reached by the
//! coordinate's first `j − 1` digits; coins of different nodes, dimensions
//! and seeds are independent. In base 2 that is exactly Owen's random
//! permutation of the digits at every node (a permutation of `{0, 1}` is the
//! identity or a flip), so each scrambled point is uniform on `(0, 1)^d`
//! while every `(t, m, s)`-net of the sequence stays a net — each power-of-two
//! prefix keeps its stratification. The coins come from a keyed SplitMix64
//! hash of the node instead of a stored tree (the idea of hash-based Owen
//! scrambling; Burley 2020, "Practical hash-based Owen scrambling", JCGT 9(4)),
//! but keyed by the whole path, so the scrambling is the nested one and not
//! an approximation of it. The digits past the 32nd, all zero in the plain
//! sequence, become the coins of the deeper nodes, i.e. uniform random bits.
//! `scipy.stats.qmc.Sobol(scramble=True)` instead applies random linear
//! matrix scrambling with a digital shift (Matoušek 1998): one random
//! lower-triangular matrix and one shift per dimension rather than a coin per
//! node. Both make every point uniform and keep the net property, so both are
//! valid randomised QMC designs; their points differ.

use rand::{Rng as _, SeedableRng as _};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

/// SplitMix64 finaliser (Steele et al. 2014), as in `natosim_core::rng`.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A generator for `(seed, purpose)`, independent of every other purpose.
pub fn rng(seed: u64, purpose: u64) -> Pcg64Mcg {
    let a = mix(seed ^ mix(purpose.wrapping_add(0xA076_1D64_78BD_642F)));
    let b = mix(a ^ 0xE703_7ED1_A0B4_28DB);
    Pcg64Mcg::from_seed(((u128::from(a) << 64) | u128::from(b) | 1).to_le_bytes())
}

/// `n` independent uniform points in `(0, 1)^dims`.
pub fn monte_carlo(n: usize, dims: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut r = rng(seed, 1);
    (0..n)
        .map(|_| {
            (0..dims)
                .map(|_| (r.random::<f64>()).max(f64::MIN_POSITIVE))
                .collect()
        })
        .collect()
}

/// A Latin hypercube of `n` points: in every dimension each of the `n` equal
/// strata holds exactly one point, placed uniformly within it.
pub fn latin_hypercube(n: usize, dims: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut r = rng(seed, 2);
    let mut rows = vec![vec![0.0; dims]; n];
    let mut perm: Vec<usize> = (0..n).collect();
    for d in 0..dims {
        // Fisher–Yates.
        for i in (1..n).rev() {
            let j = r.random_range(0..=i);
            perm.swap(i, j);
        }
        for (i, row) in rows.iter_mut().enumerate() {
            let u: f64 = r.random();
            row[d] = ((perm[i] as f64 + u) / n as f64).clamp(f64::MIN_POSITIVE, 1.0 - 1e-16);
        }
    }
    rows
}

/// Direction numbers of Joe & Kuo (2008), file `new-joe-kuo-6.21201`, for
/// dimensions 2, 3, …: `(s, a, m_1 … m_s)` — the degree of the primitive
/// polynomial, its inner coefficients as bits, and the initial direction
/// integers. Dimension 1 is the van der Corput sequence.
const JOE_KUO: &[(u32, u32, &[u32])] = &[
    (1, 0, &[1]),
    (2, 1, &[1, 3]),
    (3, 1, &[1, 3, 1]),
    (3, 2, &[1, 1, 1]),
    (4, 1, &[1, 1, 3, 3]),
    (4, 4, &[1, 3, 5, 13]),
    (5, 2, &[1, 1, 5, 5, 17]),
    (5, 4, &[1, 1, 5, 5, 5]),
    (5, 7, &[1, 1, 7, 11, 19]),
    (5, 11, &[1, 1, 5, 1, 1]),
    (5, 13, &[1, 1, 1, 3, 11]),
    (5, 14, &[1, 3, 5, 5, 31]),
    (6, 1, &[1, 3, 3, 9, 7, 49]),
    (6, 13, &[1, 1, 1, 15, 21, 21]),
    (6, 16, &[1, 3, 1, 13, 27, 49]),
    (6, 19, &[1, 1, 1, 15, 7, 5]),
    (6, 22, &[1, 3, 1, 15, 13, 25]),
    (6, 25, &[1, 1, 5, 5, 19, 61]),
    (7, 1, &[1, 3, 7, 11, 23, 15, 103]),
    (7, 4, &[1, 3, 7, 13, 13, 15, 69]),
    (7, 7, &[1, 1, 3, 13, 7, 35, 63]),
    (7, 8, &[1, 3, 5, 9, 1, 25, 53]),
    (7, 14, &[1, 3, 1, 13, 9, 35, 107]),
    (7, 19, &[1, 3, 1, 5, 27, 61, 31]),
    (7, 21, &[1, 1, 5, 11, 19, 41, 61]),
    (7, 28, &[1, 3, 5, 3, 3, 13, 69]),
    (7, 31, &[1, 1, 7, 13, 1, 19, 1]),
    (7, 32, &[1, 3, 7, 5, 13, 19, 59]),
    (7, 37, &[1, 1, 3, 9, 25, 29, 41]),
    (7, 41, &[1, 3, 5, 13, 23, 1, 55]),
    (7, 42, &[1, 3, 7, 3, 13, 59, 17]),
    (7, 50, &[1, 3, 1, 3, 5, 53, 69]),
    (7, 55, &[1, 1, 5, 5, 23, 33, 13]),
    (7, 56, &[1, 1, 7, 7, 1, 61, 123]),
    (7, 59, &[1, 1, 7, 9, 13, 61, 49]),
    (7, 62, &[1, 3, 3, 5, 3, 55, 33]),
    (8, 14, &[1, 3, 1, 15, 31, 13, 49, 245]),
    (8, 21, &[1, 3, 5, 15, 31, 59, 63, 97]),
    (8, 22, &[1, 3, 1, 11, 11, 11, 77, 249]),
    (8, 38, &[1, 3, 1, 11, 27, 43, 71, 9]),
    (8, 47, &[1, 1, 7, 15, 21, 11, 81, 45]),
    (8, 49, &[1, 3, 7, 3, 25, 31, 65, 79]),
    (8, 50, &[1, 3, 1, 1, 19, 11, 3, 205]),
    (8, 52, &[1, 1, 5, 9, 19, 21, 29, 157]),
    (8, 56, &[1, 3, 7, 11, 1, 33, 89, 185]),
    (8, 67, &[1, 3, 3, 3, 15, 9, 79, 71]),
    (8, 70, &[1, 3, 7, 11, 15, 39, 119, 27]),
    (8, 84, &[1, 1, 3, 1, 11, 31, 97, 225]),
    (8, 97, &[1, 1, 1, 3, 23, 43, 57, 177]),
    (8, 103, &[1, 3, 7, 7, 17, 17, 37, 71]),
    (8, 115, &[1, 3, 1, 5, 27, 63, 123, 213]),
    (8, 122, &[1, 1, 3, 5, 11, 43, 53, 133]),
];

/// Bits of the sequence (points up to 2^32).
const BITS: usize = 32;

/// Random digits appended below the 32 bits of a scrambled coordinate: with
/// the 32 bits and the half-unit that keeps it off 0, they fill exactly the
/// 53-bit mantissa of an `f64`, so the sum is exact.
const TAIL_BITS: u32 = 20;

/// Purpose of the generator of scrambling keys (see [`rng`]).
const SCRAMBLE_PURPOSE: u64 = 0x0_3E5C_2A4B;

/// How a Sobol' sequence is randomised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scrambling {
    /// The deterministic sequence (each coordinate shifted by 2⁻³³ into
    /// `(0, 1)`, see [`SobolSequence::point`]).
    #[default]
    None,
    /// Owen's nested uniform scrambling, reproducible from `seed` (see the
    /// module docs).
    Owen {
        /// Root seed; different seeds give independent scramblings.
        seed: u64,
    },
}

/// The Sobol' sequence with Joe–Kuo direction numbers, in Gray-code order
/// (the order of Joe & Kuo's reference generator and of SALib), optionally
/// Owen-scrambled.
#[derive(Clone, Debug)]
pub struct SobolSequence {
    directions: Vec<[u32; BITS]>,
    /// One independent scrambling key per dimension; empty when unscrambled.
    keys: Vec<u64>,
}

impl SobolSequence {
    /// Dimensions available.
    pub const MAX_DIMS: usize = JOE_KUO.len() + 1;

    /// A sequence of `dims` dimensions; `None` beyond [`Self::MAX_DIMS`].
    pub fn new(dims: usize) -> Option<SobolSequence> {
        Self::with_scrambling(dims, Scrambling::None)
    }

    /// A sequence of `dims` dimensions, scrambled as `scrambling` says;
    /// `None` beyond [`Self::MAX_DIMS`].
    pub fn with_scrambling(dims: usize, scrambling: Scrambling) -> Option<SobolSequence> {
        if dims > Self::MAX_DIMS {
            return None;
        }
        let mut directions = Vec::with_capacity(dims);
        for d in 0..dims {
            let mut v = [0u32; BITS];
            if d == 0 {
                for (j, x) in v.iter_mut().enumerate() {
                    *x = 1 << (31 - j);
                }
            } else {
                let (s, a, m) = JOE_KUO[d - 1];
                let s = s as usize;
                for j in 0..BITS {
                    v[j] = if j < s {
                        m[j] << (31 - j)
                    } else {
                        let mut x = v[j - s] ^ (v[j - s] >> s);
                        for k in 1..s {
                            if (a >> (s - 1 - k)) & 1 == 1 {
                                x ^= v[j - k];
                            }
                        }
                        x
                    };
                }
            }
            directions.push(v);
        }
        let keys = match scrambling {
            Scrambling::None => Vec::new(),
            Scrambling::Owen { seed } => {
                let mut r = rng(seed, SCRAMBLE_PURPOSE);
                (0..dims).map(|_| r.random::<u64>()).collect()
            }
        };
        Some(SobolSequence { directions, keys })
    }

    /// Dimensions of the sequence.
    pub fn dims(&self) -> usize {
        self.directions.len()
    }

    /// Whether the sequence is scrambled.
    pub fn is_scrambled(&self) -> bool {
        !self.keys.is_empty()
    }

    /// The 32-bit coordinates of point `i`: the raw digits of the sequence
    /// (point 0 is the origin), or their Owen scrambling. `out` receives at
    /// most [`Self::dims`] coordinates.
    pub fn point_bits(&self, i: u32, out: &mut [u32]) {
        self.raw_bits(i, out);
        for (o, &key) in out.iter_mut().zip(&self.keys) {
            *o = owen_scramble(*o, key);
        }
    }

    /// The unscrambled 32-bit coordinates of point `i`.
    fn raw_bits(&self, i: u32, out: &mut [u32]) {
        let g = i ^ (i >> 1);
        for (o, v) in out.iter_mut().zip(&self.directions) {
            let mut x = 0u32;
            let mut b = g;
            let mut j = 0;
            while b != 0 {
                if b & 1 == 1 {
                    x ^= v[j];
                }
                b >>= 1;
                j += 1;
            }
            *o = x;
        }
    }

    /// Point `i` in `(0, 1)^dims`. Unscrambled, each coordinate is shifted by
    /// half the finest resolution (2⁻³³) so that it lies strictly inside
    /// `(0, 1)` (unbounded inverse CDFs stay finite) while every power-of-two
    /// prefix stays balanced. Scrambled, the digits below the 32nd are the
    /// scrambling's random digits (20 of them, then a half unit), which also
    /// keeps every coordinate off 0 and 1 and inside its stratum.
    pub fn point(&self, i: u32) -> Vec<f64> {
        let mut raw = vec![0u32; self.directions.len()];
        self.raw_bits(i, &mut raw);
        if self.keys.is_empty() {
            return raw
                .iter()
                .map(|&b| (f64::from(b) + 0.5) / 4_294_967_296.0)
                .collect();
        }
        raw.iter()
            .zip(&self.keys)
            .map(|(&b, &key)| {
                let tail = (node_hash(key, BITS as u32, u64::from(b)) >> (64 - TAIL_BITS)) as f64;
                let frac = (tail + 0.5) / f64::from(1u32 << TAIL_BITS);
                (f64::from(owen_scramble(b, key)) + frac) / 4_294_967_296.0
            })
            .collect()
    }
}

/// The coin of the node at `depth` (digits above it: `prefix`, the first
/// `depth` digits of the unscrambled coordinate) of the tree keyed by `key`:
/// 64 random bits. The leading 1 makes `(depth, prefix)` pairs distinct.
fn node_hash(key: u64, depth: u32, prefix: u64) -> u64 {
    mix(key ^ mix((1u64 << depth) | prefix))
}

/// Owen's nested uniform scrambling of the 32 digits of `x` (see the module
/// docs): digit `j` (from the most significant) is flipped by the coin of the
/// node reached by the digits above it.
fn owen_scramble(x: u32, key: u64) -> u32 {
    let mut flips = 0u32;
    for depth in 0..BITS as u32 {
        let prefix = u64::from(x) >> (BITS as u32 - depth);
        flips |= ((node_hash(key, depth, prefix) >> 63) as u32) << (BITS as u32 - 1 - depth);
    }
    x ^ flips
}

/// The first `n` points of the `dims`-dimensional Sobol' sequence (see
/// [`SobolSequence::point`]); `None` if `dims` exceeds the table.
pub fn sobol(n: usize, dims: usize) -> Option<Vec<Vec<f64>>> {
    sobol_with(n, dims, Scrambling::None)
}

/// The first `n` points of the `dims`-dimensional Sobol' sequence, scrambled
/// as `scrambling` says; `None` if `dims` exceeds the table.
pub fn sobol_with(n: usize, dims: usize, scrambling: Scrambling) -> Option<Vec<Vec<f64>>> {
    let s = SobolSequence::with_scrambling(dims, scrambling)?;
    Some((0..n as u32).map(|i| s.point(i)).collect())
}

/// All combinations of `levels[d]` levels per dimension, the last dimension
/// varying fastest: rows of level indices.
pub fn factorial(levels: &[usize]) -> Vec<Vec<usize>> {
    let total: usize = levels.iter().product();
    let mut out = Vec::with_capacity(total);
    for mut i in 0..total {
        let mut row = vec![0; levels.len()];
        for d in (0..levels.len()).rev() {
            row[d] = i % levels[d];
            i /= levels[d];
        }
        out.push(row);
    }
    out
}

#[cfg(test)]
#[allow(clippy::needless_range_loop)]
mod tests {
    use super::*;

    #[test]
    fn sobol_matches_the_reference_points() {
        // Joe & Kuo's generator (and SALib) start 0, (.5,.5), (.75,.25), (.25,.75), …
        let s = SobolSequence::new(3).unwrap();
        let mut b = [0u32; 3];
        let expect = [
            [0.0, 0.0, 0.0],
            [0.5, 0.5, 0.5],
            [0.75, 0.25, 0.25],
            [0.25, 0.75, 0.75],
            [0.375, 0.375, 0.625],
            [0.875, 0.875, 0.125],
        ];
        for (i, e) in expect.iter().enumerate() {
            s.point_bits(i as u32, &mut b);
            let p: Vec<f64> = b.iter().map(|&x| f64::from(x) / 4_294_967_296.0).collect();
            assert_eq!(p, e.to_vec(), "point {i}");
        }
    }

    #[test]
    fn every_dimension_is_stratified_at_powers_of_two() {
        let n = 256;
        let pts = sobol(n, SobolSequence::MAX_DIMS).unwrap();
        for d in 0..SobolSequence::MAX_DIMS {
            let mut seen = vec![false; n];
            for p in &pts {
                let cell = (p[d] * n as f64) as usize;
                assert!(!seen[cell], "dimension {d}: two points in stratum {cell}");
                seen[cell] = true;
            }
        }
        // Pairs of dimensions: each of the 16 × 16 cells holds one point of 256
        // (a (0, m, 2)-net property the first dimensions have).
        let mut cells = vec![0; 256];
        for p in &pts {
            cells[(p[0] * 16.0) as usize * 16 + (p[1] * 16.0) as usize] += 1;
        }
        assert!(cells.iter().all(|&c| c == 1));
    }

    /// Each of the `n` strata `[c/n, (c+1)/n)` of every dimension holds
    /// exactly one point.
    fn assert_balanced(pts: &[Vec<f64>], what: &str) {
        let n = pts.len();
        for d in 0..pts[0].len() {
            let mut seen = vec![false; n];
            for p in pts {
                let cell = (p[d] * n as f64) as usize;
                assert!(
                    !seen[cell],
                    "{what}, dimension {d}: two points in stratum {cell}"
                );
                seen[cell] = true;
            }
        }
    }

    #[test]
    fn owen_scrambled_sobol_is_balanced_seeded_and_inside_the_unit_cube() {
        let dims = SobolSequence::MAX_DIMS;
        let a = sobol_with(256, dims, Scrambling::Owen { seed: 7 }).unwrap();
        // Deterministic per seed, different across seeds, different from the
        // plain sequence (whose point 0 is the corner 2⁻³³).
        assert_eq!(
            a,
            sobol_with(256, dims, Scrambling::Owen { seed: 7 }).unwrap()
        );
        let b = sobol_with(256, dims, Scrambling::Owen { seed: 8 }).unwrap();
        let plain = sobol(256, dims).unwrap();
        for d in 0..dims {
            assert_ne!(a[0][d], b[0][d], "dimension {d}");
            assert_ne!(a[0][d], plain[0][d], "dimension {d}");
        }
        assert!(a.iter().flatten().all(|&u| u > 0.0 && u < 1.0));
        // Every power-of-two prefix keeps the stratification of the sequence.
        for m in 0..=8 {
            assert_balanced(&a[..1 << m], &format!("scrambled prefix 2^{m}"));
            assert_balanced(&b[..1 << m], &format!("scrambled prefix 2^{m}"));
        }
        // …and the 2-D net of the first two dimensions: one point in each of
        // the 16 × 16 squares. A scrambling that randomised each point on its
        // own (not nested) would break this.
        let mut cells = vec![0; 256];
        for p in &a {
            cells[(p[0] * 16.0) as usize * 16 + (p[1] * 16.0) as usize] += 1;
        }
        assert!(cells.iter().all(|&c| c == 1));
        // Within a stratum, the point is not pinned to one spot: the
        // scrambling randomises the digits below it too.
        let cell_offsets: Vec<f64> = a[..16].iter().map(|p| p[0] * 16.0 % 1.0).collect();
        assert!(cell_offsets.iter().any(|&o| o > 0.5) && cell_offsets.iter().any(|&o| o < 0.5));
    }

    #[test]
    fn owen_scrambled_points_are_uniform_across_seeds() {
        // Each scrambled point is uniform on (0, 1): over 4,000 seeds the
        // first point's coordinates have mean ½ and variance 1/12 (standard
        // error of the mean 0.0046, of the variance 0.0013).
        let seeds = 4000;
        for d in [0, 1, 10, 51] {
            let u: Vec<f64> = (0..seeds)
                .map(|s| {
                    SobolSequence::with_scrambling(52, Scrambling::Owen { seed: s })
                        .unwrap()
                        .point(3)[d]
                })
                .collect();
            let mean = u.iter().sum::<f64>() / seeds as f64;
            let var = u.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / seeds as f64;
            assert!((mean - 0.5).abs() < 0.02, "dimension {d}: mean {mean}");
            assert!(
                (var - 1.0 / 12.0).abs() < 0.006,
                "dimension {d}: variance {var}"
            );
        }
    }

    #[test]
    fn unscrambled_sequence_is_unchanged_by_the_scrambling_option() {
        let s = SobolSequence::with_scrambling(5, Scrambling::None).unwrap();
        assert!(!s.is_scrambled());
        assert_eq!(sobol_with(64, 5, Scrambling::None), sobol(64, 5));
        // The plain points keep their half-unit offset into (0, 1).
        assert_eq!(s.point(0), vec![0.5 / 4_294_967_296.0; 5]);
        assert!(
            SobolSequence::with_scrambling(
                SobolSequence::MAX_DIMS + 1,
                Scrambling::Owen { seed: 1 }
            )
            .is_none()
        );
    }

    #[test]
    fn lhs_stratifies_and_is_reproducible() {
        let a = latin_hypercube(50, 4, 7);
        assert_eq!(a, latin_hypercube(50, 4, 7));
        assert_ne!(a, latin_hypercube(50, 4, 8));
        for d in 0..4 {
            let mut cells: Vec<usize> = a.iter().map(|r| (r[d] * 50.0) as usize).collect();
            cells.sort_unstable();
            assert_eq!(cells, (0..50).collect::<Vec<_>>());
        }
        let m = monte_carlo(10, 3, 1);
        assert!(m.iter().flatten().all(|&u| u > 0.0 && u < 1.0));
    }

    #[test]
    fn factorial_enumerates_all_combinations() {
        let f = factorial(&[2, 3]);
        assert_eq!(f.len(), 6);
        assert_eq!(f[0], vec![0, 0]);
        assert_eq!(f[1], vec![0, 1]);
        assert_eq!(f[5], vec![1, 2]);
        assert_eq!(factorial(&[]), vec![Vec::<usize>::new()]);
    }
}
