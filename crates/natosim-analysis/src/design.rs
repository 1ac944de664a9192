//! Experiment designs on the unit cube: Monte Carlo, Latin hypercube,
//! Sobol' low-discrepancy sequences and full factorials.
//!
//! Every design returns rows of `dims` coordinates in `(0, 1)`; the caller maps
//! them to parameter values through each parameter's inverse CDF. Random
//! designs are reproducible from a seed (PCG-64 seeded by a SplitMix64 hash,
//! as in `natosim_core::rng`).

use rand::{Rng as _, SeedableRng as _};
use rand_pcg::Pcg64Mcg;

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

/// The Sobol' sequence with Joe–Kuo direction numbers, in Gray-code order
/// (the order of Joe & Kuo's reference generator and of SALib).
#[derive(Clone, Debug)]
pub struct SobolSequence {
    directions: Vec<[u32; BITS]>,
}

impl SobolSequence {
    /// Dimensions available.
    pub const MAX_DIMS: usize = JOE_KUO.len() + 1;

    /// A sequence of `dims` dimensions; `None` beyond [`Self::MAX_DIMS`].
    pub fn new(dims: usize) -> Option<SobolSequence> {
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
        Some(SobolSequence { directions })
    }

    /// The raw 32-bit coordinates of point `i` (point 0 is the origin).
    pub fn point_bits(&self, i: u32, out: &mut [u32]) {
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

    /// Point `i`, shifted by half the finest resolution (2⁻³³) so that every
    /// coordinate lies strictly inside `(0, 1)` (unbounded inverse CDFs stay
    /// finite) while every power-of-two prefix stays balanced.
    pub fn point(&self, i: u32) -> Vec<f64> {
        let mut bits = vec![0u32; self.directions.len()];
        self.point_bits(i, &mut bits);
        bits.iter()
            .map(|&b| (f64::from(b) + 0.5) / 4_294_967_296.0)
            .collect()
    }
}

/// The first `n` points of the `dims`-dimensional Sobol' sequence (see
/// [`SobolSequence::point`]); `None` if `dims` exceeds the table.
pub fn sobol(n: usize, dims: usize) -> Option<Vec<Vec<f64>>> {
    let s = SobolSequence::new(dims)?;
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
