//! Variance-based global sensitivity analysis: Sobol' first-order and total
//! indices with Saltelli sampling.
//!
//! **Sampling** (Saltelli 2002; Saltelli et al. 2010). Two independent base
//! matrices `A` and `B` of `N` rows and `k` columns are the first and last `k`
//! coordinates of a `2k`-dimensional Sobol' sequence, plain or Owen-scrambled
//! ([`Scrambling`]). For each *swap* `s` (a set of columns: one parameter, or
//! a group of parameters) the matrix `AB_s` is `A` with the columns of `s`
//! taken from `B`. The design is laid out block by block: for base row `j`,
//! the rows `A_j, AB_{1,j} … AB_{S,j}, B_j` — `N (S + 2)` model evaluations.
//! Second-order indices are not computed (they would need `BA_s` too,
//! `N (2S + 2)` evaluations).
//!
//! **Estimators.** The outputs are first *centred* on the mean `m` of all
//! `f(A)` and `f(B)` values, and `V` is their variance, both computed in two
//! passes (mean, then mean squared deviation: no cancellation when the
//! output's mean is large against its spread). First order (Saltelli et al.
//! 2010, eq. (b) of table 2) `S_s = mean((f(B) − m) · (f(AB_s) − f(A))) / V`;
//! total effect (Jansen 1999) `ST_s = mean((f(A) − f(AB_s))²) / (2V)`.
//!
//! *Why centre.* Without `m` the first-order estimator carries the term
//! `m · mean(f(AB_s) − f(A))`, zero in expectation but with a sampling error
//! proportional to the output's mean: for a metric around 0.8 with a spread of
//! 0.05 it swamps the index (S1 = 0.56 ± 1.58 for cohesion with N = 256). The
//! centred estimator is invariant to adding a constant to the output, as an
//! index of a share of variance must be; SALib centres (and scales) the
//! outputs the same way before its estimators. Jansen's total effect uses
//! differences only and is unaffected.
//!
//! **No variance.** A constant output has no variance to apportion: the
//! indices are undefined, and [`analyze`] says so with
//! [`SobolError::NoVariance`] rather than reporting 0 (SALib reports 0 with a
//! warning) or a ratio of rounding errors.
//!
//! **Confidence intervals** by bootstrap over base rows: each resample is
//! centred on its own mean and divided by its own variance, and the half-width
//! is `1.96 ×` the standard deviation of the estimates over resamples (the
//! normal approximation SALib reports as `S1_conf`, `ST_conf`). A resample
//! that happens to draw only equal outputs has undefined indices and is left
//! out; with fewer than two usable resamples the half-width is NaN.
//!
//! **Convergence**: the indices on the first `N/4`, `N/2` and `N` base rows
//! (prefixes of a Sobol' sequence with power-of-two length are themselves
//! balanced designs, scrambled or not).

use crate::design::{Scrambling, SobolSequence, rng};
use rand::Rng as _;

/// Why a Saltelli design cannot be built or its outputs analysed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SobolError {
    /// The design needs more Sobol' dimensions than the direction-number
    /// table holds (`2k` for `k` parameters).
    #[error(
        "a Saltelli design for {parameters} parameters needs {} Sobol' dimensions; at most {max} parameters are supported",
        2 * parameters
    )]
    TooManyParameters {
        /// Parameters asked for.
        parameters: usize,
        /// The most parameters supported.
        max: usize,
    },
    /// The number of base rows is 0 or beyond the sequence's `2³¹` points.
    #[error("base samples must be between 1 and {max}, not {n}")]
    BaseSamples {
        /// Base rows asked for.
        n: usize,
        /// The most base rows supported.
        max: usize,
    },
    /// A swap is empty or names a column that does not exist.
    #[error(
        "swap {swap} must name between 1 and {parameters} distinct parameters by index below {parameters}"
    )]
    BadSwap {
        /// Index of the offending swap.
        swap: usize,
        /// Parameters of the design.
        parameters: usize,
    },
    /// The outputs do not cover the base rows analysed.
    #[error("{n} base rows of {block} evaluations need {} outputs, got {got}", n * block)]
    OutputLength {
        /// Base rows analysed.
        n: usize,
        /// Evaluations per base row (`S + 2`).
        block: usize,
        /// Outputs given.
        got: usize,
    },
    /// Too few base rows to estimate a variance (at least 2 are needed).
    #[error("at least 2 base rows are needed to estimate Sobol' indices, got {n}")]
    TooFewRows {
        /// Base rows analysed.
        n: usize,
    },
    /// Every `f(A)` and `f(B)` output is the same: the output has no variance
    /// to apportion, so the indices are undefined (not 0).
    #[error(
        "the output does not vary (every base sample gives {value}): Sobol' indices are undefined"
    )]
    NoVariance {
        /// The constant value of the output.
        value: f64,
    },
}

/// Rows of a Saltelli design and how to read them.
#[derive(Clone, Debug)]
pub struct SaltelliDesign {
    /// Base rows `N`.
    pub n: usize,
    /// Parameters `k`.
    pub k: usize,
    /// The column sets swapped from `B` into `A`, one per index reported.
    pub swaps: Vec<Vec<usize>>,
    /// How the underlying Sobol' sequence is scrambled.
    pub scrambling: Scrambling,
    /// The `N (S + 2)` points in `(0, 1)^k`, block by block (see module docs).
    pub rows: Vec<Vec<f64>>,
}

impl SaltelliDesign {
    /// Builds the design on the plain Sobol' sequence; `swaps` defaults to
    /// one per parameter.
    pub fn new(n: usize, k: usize, swaps: Option<Vec<Vec<usize>>>) -> Result<Self, SobolError> {
        Self::with_scrambling(n, k, swaps, Scrambling::None)
    }

    /// Builds the design on a Sobol' sequence scrambled as `scrambling` says;
    /// `swaps` defaults to one per parameter. Fails if `2k` exceeds the
    /// Sobol' table, `n` is 0 or above `2³¹ − 1`, or a swap is empty or names
    /// a column `≥ k` (or one twice).
    pub fn with_scrambling(
        n: usize,
        k: usize,
        swaps: Option<Vec<Vec<usize>>>,
        scrambling: Scrambling,
    ) -> Result<Self, SobolError> {
        let seq = SobolSequence::with_scrambling(2 * k, scrambling).ok_or(
            SobolError::TooManyParameters {
                parameters: k,
                max: SobolSequence::MAX_DIMS / 2,
            },
        )?;
        let max = u32::MAX as usize / 2;
        if n == 0 || n > max {
            return Err(SobolError::BaseSamples { n, max });
        }
        let swaps = swaps.unwrap_or_else(|| (0..k).map(|i| vec![i]).collect());
        for (i, s) in swaps.iter().enumerate() {
            let distinct = s.iter().enumerate().all(|(a, c)| !s[..a].contains(c));
            if s.is_empty() || !distinct || s.iter().any(|&c| c >= k) {
                return Err(SobolError::BadSwap {
                    swap: i,
                    parameters: k,
                });
            }
        }
        let mut rows = Vec::with_capacity(n * (swaps.len() + 2));
        for j in 0..n {
            let p = seq.point(j as u32);
            let (a, b) = p.split_at(k);
            rows.push(a.to_vec());
            for s in &swaps {
                let mut ab = a.to_vec();
                for &c in s {
                    ab[c] = b[c];
                }
                rows.push(ab);
            }
            rows.push(b.to_vec());
        }
        Ok(SaltelliDesign {
            n,
            k,
            swaps,
            scrambling,
            rows,
        })
    }

    /// Rows per base row (`S + 2`).
    pub fn block(&self) -> usize {
        self.swaps.len() + 2
    }
}

/// Sobol' indices of each swap.
#[derive(Clone, Debug, PartialEq)]
pub struct SobolIndices {
    /// First-order indices.
    pub s1: Vec<f64>,
    /// Half-widths of their 95 % bootstrap intervals.
    pub s1_conf: Vec<f64>,
    /// Total-effect indices.
    pub st: Vec<f64>,
    /// Half-widths of their 95 % bootstrap intervals.
    pub st_conf: Vec<f64>,
}

impl SobolIndices {
    /// Indices of `swaps` swaps that are all undefined (NaN): what a front
    /// end shows for an output without variance ([`SobolError::NoVariance`]).
    pub fn undefined(swaps: usize) -> Self {
        SobolIndices {
            s1: vec![f64::NAN; swaps],
            s1_conf: vec![f64::NAN; swaps],
            st: vec![f64::NAN; swaps],
            st_conf: vec![f64::NAN; swaps],
        }
    }
}

/// Checks that `y` holds the `n` base rows of a design with `swaps` swaps.
fn check_shape(y: &[f64], swaps: usize, n: usize) -> Result<usize, SobolError> {
    let block = swaps + 2;
    if n < 2 {
        return Err(SobolError::TooFewRows { n });
    }
    match n.checked_mul(block) {
        Some(len) if len <= y.len() => Ok(block),
        _ => Err(SobolError::OutputLength {
            n,
            block,
            got: y.len(),
        }),
    }
}

/// Point estimates of `(S1, ST)` per swap from the outputs `y` (blocks of
/// `block` rows) on base rows `rows`; `None` if the `f(A)`, `f(B)` outputs of
/// those rows do not vary.
fn estimate(y: &[f64], block: usize, rows: &[usize]) -> Option<(Vec<f64>, Vec<f64>)> {
    let swaps = block - 2;
    let n = rows.len() as f64;
    let ends = |j: usize| [y[j * block], y[j * block + block - 1]];
    // A constant output is recognised exactly, not through a variance that
    // rounding may leave slightly above 0.
    let first = y[rows[0] * block];
    if rows.iter().flat_map(|&j| ends(j)).all(|v| v == first) {
        return None;
    }
    // Two passes: the mean, then the mean squared deviation from it.
    let mean = rows.iter().flat_map(|&j| ends(j)).sum::<f64>() / (2.0 * n);
    let var = rows
        .iter()
        .flat_map(|&j| ends(j))
        .map(|v| (v - mean) * (v - mean))
        .sum::<f64>()
        / (2.0 * n);
    if var <= 0.0 {
        // Differences so small that their squares underflow.
        return None;
    }
    let mut s1 = vec![0.0; swaps];
    let mut st = vec![0.0; swaps];
    for &j in rows {
        let a = y[j * block];
        let b = y[j * block + block - 1] - mean;
        for s in 0..swaps {
            let ab = y[j * block + 1 + s];
            s1[s] += b * (ab - a);
            st[s] += (a - ab) * (a - ab);
        }
    }
    for s in 0..swaps {
        s1[s] /= n * var;
        st[s] /= 2.0 * n * var;
    }
    Some((s1, st))
}

/// Sobol' indices with bootstrap intervals (`resamples` resamples of the
/// base rows, seeded by `seed`), from outputs `y` in design order (blocks of
/// `swaps + 2`) using the first `n` base rows.
///
/// Fails with [`SobolError::NoVariance`] if the output is constant, and with
/// a shape error if `n < 2` or `y` is shorter than `n (swaps + 2)`. A NaN
/// output propagates into NaN indices.
pub fn analyze(
    y: &[f64],
    swaps: usize,
    n: usize,
    resamples: usize,
    seed: u64,
) -> Result<SobolIndices, SobolError> {
    let block = check_shape(y, swaps, n)?;
    let all: Vec<usize> = (0..n).collect();
    let (s1, st) = estimate(y, block, &all).ok_or(SobolError::NoVariance { value: y[0] })?;
    let mut r = rng(seed, 0x5_0B01);
    let mut boot_s1 = vec![Vec::with_capacity(resamples); swaps];
    let mut boot_st = vec![Vec::with_capacity(resamples); swaps];
    let mut idx = vec![0; n];
    for _ in 0..resamples {
        for i in idx.iter_mut() {
            *i = r.random_range(0..n);
        }
        if let Some((a, b)) = estimate(y, block, &idx) {
            for s in 0..swaps {
                boot_s1[s].push(a[s]);
                boot_st[s].push(b[s]);
            }
        }
    }
    let conf = |v: &Vec<f64>| {
        if v.len() < 2 {
            f64::NAN
        } else {
            1.959_964 * sd(v)
        }
    };
    Ok(SobolIndices {
        s1,
        st,
        s1_conf: boot_s1.iter().map(conf).collect(),
        st_conf: boot_st.iter().map(conf).collect(),
    })
}

/// Point estimates on a prefix of the base rows (see [`convergence`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ConvergenceStep {
    /// Base rows used (the first `samples`).
    pub samples: usize,
    /// First-order index per swap (NaN if the prefix's output does not vary).
    pub s1: Vec<f64>,
    /// Total-effect index per swap (NaN likewise).
    pub st: Vec<f64>,
}

/// Indices on the first `n/4`, `n/2` and `n` base rows (sizes below 4 are
/// skipped). A prefix whose output does not vary has NaN indices. Fails if
/// `y` is shorter than `n (swaps + 2)`.
pub fn convergence(y: &[f64], swaps: usize, n: usize) -> Result<Vec<ConvergenceStep>, SobolError> {
    let block = swaps + 2;
    if n >= 4 {
        check_shape(y, swaps, n)?;
    }
    let mut sizes: Vec<usize> = [n / 4, n / 2, n].into_iter().filter(|&m| m >= 4).collect();
    sizes.dedup();
    Ok(sizes
        .into_iter()
        .map(|m| {
            let rows: Vec<usize> = (0..m).collect();
            let (s1, st) = estimate(y, block, &rows)
                .unwrap_or_else(|| (vec![f64::NAN; swaps], vec![f64::NAN; swaps]));
            ConvergenceStep { samples: m, s1, st }
        })
        .collect())
}

/// Sample standard deviation, two-pass (NaN-propagating; 0 for fewer than 2
/// values).
pub(crate) fn sd(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return 0.0;
    }
    let m = v.iter().sum::<f64>() / v.len() as f64;
    (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
}

#[cfg(test)]
#[allow(clippy::needless_range_loop)]
mod tests {
    use super::*;
    use natosim_core::math;
    use std::f64::consts::PI;

    fn ishigami(x: &[f64]) -> f64 {
        let (a, b) = (7.0, 0.1);
        let [x1, x2, x3] = [x[0], x[1], x[2]].map(|u| -PI + 2.0 * PI * u);
        math::sin(x1) + a * math::sin(x2).powi(2) + b * x3.powi(4) * math::sin(x1)
    }

    /// Analytic indices of Ishigami (a = 7, b = 0.1).
    fn ishigami_exact() -> ([f64; 3], [f64; 3]) {
        let (a, b) = (7.0f64, 0.1f64);
        let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * PI.powi(8) * 8.0 / 225.0;
        let v = v1 + v2 + v13;
        ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
    }

    fn run(
        f: impl Fn(&[f64]) -> f64,
        n: usize,
        k: usize,
        swaps: Option<Vec<Vec<usize>>>,
    ) -> (SaltelliDesign, Vec<f64>) {
        let d = SaltelliDesign::new(n, k, swaps).unwrap();
        let y = d.rows.iter().map(|r| f(r)).collect();
        (d, y)
    }

    /// S1 and ST within 0.02 of Ishigami's analytic values.
    fn assert_near_ishigami(idx: &SobolIndices) {
        let (s1, st) = ishigami_exact();
        for i in 0..3 {
            assert!(
                (idx.s1[i] - s1[i]).abs() < 0.02,
                "S1[{i}] = {} vs {}",
                idx.s1[i],
                s1[i]
            );
            assert!(
                (idx.st[i] - st[i]).abs() < 0.02,
                "ST[{i}] = {} vs {}",
                idx.st[i],
                st[i]
            );
        }
    }

    #[test]
    fn ishigami_indices_match_the_analytic_values() {
        let (d, y) = run(ishigami, 8192, 3, None);
        assert_eq!(d.rows.len(), 8192 * 5);
        let idx = analyze(&y, 3, d.n, 100, 1).unwrap();
        assert_near_ishigami(&idx);
        let (s1, _) = ishigami_exact();
        for i in 0..3 {
            // The intervals are honest: they cover the truth with room to spare.
            assert!(idx.s1_conf[i] > 0.0 && idx.s1_conf[i] < 0.1);
            assert!((idx.s1[i] - s1[i]).abs() < 3.0 * idx.s1_conf[i].max(0.005));
        }
    }

    #[test]
    fn grouped_indices_on_ishigami() {
        // Group {x1, x3} and {x2}: first-order = total for each (no cross terms).
        let swaps = vec![vec![0, 2], vec![1]];
        let (d, y) = run(ishigami, 8192, 3, Some(swaps));
        let idx = analyze(&y, 2, d.n, 50, 1).unwrap();
        let (s1, st) = ishigami_exact();
        let g13 = st[0] + st[2] - (st[2] - s1[2]); // (V1 + V13) / V
        assert!((idx.s1[0] - g13).abs() < 0.02, "{}", idx.s1[0]);
        assert!((idx.st[0] - g13).abs() < 0.02, "{}", idx.st[0]);
        assert!((idx.s1[1] - s1[1]).abs() < 0.02);
    }

    #[test]
    fn sobol_g_function_indices() {
        let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0];
        let g = |x: &[f64]| {
            x.iter()
                .zip(&a)
                .map(|(u, ai)| ((4.0 * u - 2.0).abs() + ai) / (1.0 + ai))
                .product::<f64>()
        };
        let vi: Vec<f64> = a
            .iter()
            .map(|ai| 1.0 / (3.0 * (1.0 + ai) * (1.0 + ai)))
            .collect();
        let v = vi.iter().map(|x| 1.0 + x).product::<f64>() - 1.0;
        let (d, y) = run(g, 8192, 8, None);
        let idx = analyze(&y, 8, d.n, 50, 3).unwrap();
        for i in 0..8 {
            let s1 = vi[i] / v;
            let st = vi[i]
                * vi.iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, x)| 1.0 + x)
                    .product::<f64>()
                / v;
            assert!(
                (idx.s1[i] - s1).abs() < 0.03,
                "S1[{i}] = {} vs {s1}",
                idx.s1[i]
            );
            assert!(
                (idx.st[i] - st).abs() < 0.03,
                "ST[{i}] = {} vs {st}",
                idx.st[i]
            );
        }
    }

    #[test]
    fn convergence_reports_prefixes_and_approaches_the_truth() {
        let (d, y) = run(ishigami, 4096, 3, None);
        let c = convergence(&y, 3, d.n).unwrap();
        assert_eq!(
            c.iter().map(|x| x.samples).collect::<Vec<_>>(),
            vec![1024, 2048, 4096]
        );
        let (_, st) = ishigami_exact();
        let err = |k: usize| (c[k].st[0] - st[0]).abs();
        assert!(err(2) < 0.03, "{}", err(2));
    }

    /// The first-order estimator as it was before centring, for comparison.
    fn uncentred_s1(y: &[f64], block: usize, n: usize) -> Vec<f64> {
        let ab: Vec<f64> = (0..n)
            .flat_map(|j| [y[j * block], y[j * block + block - 1]])
            .collect();
        let mean = ab.iter().sum::<f64>() / ab.len() as f64;
        let var = ab.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / ab.len() as f64;
        (0..block - 2)
            .map(|s| {
                (0..n)
                    .map(|j| y[j * block + block - 1] * (y[j * block + 1 + s] - y[j * block]))
                    .sum::<f64>()
                    / (n as f64 * var)
            })
            .collect()
    }

    /// A Saltelli layout on Monte Carlo base matrices (rows `A, AB_1 … AB_k,
    /// B` per base row), where sampling errors are not hidden by balance.
    fn monte_carlo_saltelli(n: usize, k: usize, seed: u64) -> Vec<Vec<f64>> {
        let mut rows = Vec::new();
        for p in crate::design::monte_carlo(n, 2 * k, seed) {
            let (a, b) = p.split_at(k);
            rows.push(a.to_vec());
            for s in 0..k {
                let mut ab = a.to_vec();
                ab[s] = b[s];
                rows.push(ab);
            }
            rows.push(b.to_vec());
        }
        rows
    }

    #[test]
    fn a_large_offset_does_not_change_the_indices() {
        // Additive model on uniform inputs: S1ᵢ = STᵢ = cᵢ² / Σ c² (each
        // term cᵢ xᵢ² has variance cᵢ² · 4/45).
        let c = [1.0, 2.0, 3.0, 0.5];
        let total: f64 = c.iter().map(|x| x * x).sum();
        let exact: Vec<f64> = c.iter().map(|x| x * x / total).collect();
        let f = |offset: f64, x: &[f64]| {
            offset + x.iter().zip(&c).map(|(u, ci)| ci * u * u).sum::<f64>()
        };
        let sobol_rows = SaltelliDesign::new(4096, 4, None).unwrap().rows;
        for rows in [sobol_rows, monte_carlo_saltelli(4096, 4, 3)] {
            let y0: Vec<f64> = rows.iter().map(|r| f(0.0, r)).collect();
            let i0 = analyze(&y0, 4, 4096, 200, 5).unwrap();
            for offset in [1000.0, 1e4] {
                let y: Vec<f64> = rows.iter().map(|r| f(offset, r)).collect();
                let i = analyze(&y, 4, 4096, 200, 5).unwrap();
                for s in 0..4 {
                    // Invariant up to rounding, intervals included.
                    for (a, b) in [
                        (i.s1[s], i0.s1[s]),
                        (i.st[s], i0.st[s]),
                        (i.s1_conf[s], i0.s1_conf[s]),
                        (i.st_conf[s], i0.st_conf[s]),
                    ] {
                        assert!(
                            (a - b).abs() < 1e-9,
                            "offset {offset}, swap {s}: {a} vs {b}"
                        );
                    }
                }
            }
            for s in 0..4 {
                // Within the estimator's own error of the truth.
                assert!(
                    (i0.s1[s] - exact[s]).abs() < 0.03_f64.max(i0.s1_conf[s]),
                    "S1[{s}] = {} vs {}",
                    i0.s1[s],
                    exact[s]
                );
                assert!((i0.st[s] - exact[s]).abs() < 0.03, "ST[{s}] = {}", i0.st[s]);
                assert!(i0.s1_conf[s] > 0.0 && i0.s1_conf[s] < 0.1, "{i0:?}");
            }
        }
        // The uncentred estimator on the Monte Carlo design is off by far
        // more than the centred one's error once the mean is large: the
        // invariance above would catch its return.
        let rows = monte_carlo_saltelli(4096, 4, 3);
        let y: Vec<f64> = rows.iter().map(|r| f(1e4, r)).collect();
        let naive = uncentred_s1(&y, 6, 4096);
        assert!(
            naive.iter().zip(&exact).any(|(a, b)| (a - b).abs() > 0.5),
            "{naive:?}"
        );
    }

    #[test]
    fn ishigami_with_a_large_offset_matches_the_analytic_values() {
        let (d, y) = run(|x| 1e4 + ishigami(x), 8192, 3, None);
        let idx = analyze(&y, 3, d.n, 100, 1).unwrap();
        assert_near_ishigami(&idx);
        for i in 0..3 {
            assert!(idx.s1_conf[i] < 0.1, "S1_conf[{i}] = {}", idx.s1_conf[i]);
        }
        // The same bootstrap without the offset gives the same half-widths.
        let (_, y0) = run(ishigami, 8192, 3, None);
        let idx0 = analyze(&y0, 3, d.n, 100, 1).unwrap();
        for i in 0..3 {
            assert!((idx.s1_conf[i] - idx0.s1_conf[i]).abs() < 1e-6);
        }
    }

    #[test]
    fn scrambled_design_estimates_ishigami_and_depends_on_its_seed() {
        let design = |seed| {
            SaltelliDesign::with_scrambling(4096, 3, None, Scrambling::Owen { seed }).unwrap()
        };
        let (d1, d2) = (design(1), design(2));
        assert_eq!(d1.rows, design(1).rows);
        assert_ne!(d1.rows, d2.rows);
        assert_eq!(d1.scrambling, Scrambling::Owen { seed: 1 });
        let (s1, st) = ishigami_exact();
        for d in [&d1, &d2] {
            assert!(d.rows.iter().flatten().all(|&u| u > 0.0 && u < 1.0));
            let y: Vec<f64> = d.rows.iter().map(|r| ishigami(r)).collect();
            let idx = analyze(&y, 3, d.n, 50, 1).unwrap();
            for i in 0..3 {
                assert!((idx.s1[i] - s1[i]).abs() < 0.03, "S1[{i}] = {}", idx.s1[i]);
                assert!((idx.st[i] - st[i]).abs() < 0.03, "ST[{i}] = {}", idx.st[i]);
            }
        }
    }

    #[test]
    fn constant_output_has_no_variance_not_zero_indices() {
        // 0.1 + 0.2 is not exactly 0.3: a one-pass variance of such values
        // can come out as a tiny positive number and give noise, not NaN.
        let (d, y) = run(|_| 0.1 + 0.2, 16, 2, None);
        assert_eq!(
            analyze(&y, 2, d.n, 10, 1),
            Err(SobolError::NoVariance { value: 0.1 + 0.2 })
        );
        let c = convergence(&y, 2, d.n).unwrap();
        assert!(
            c.iter()
                .all(|x| x.s1.iter().chain(&x.st).all(|v| v.is_nan()))
        );
        let u = SobolIndices::undefined(2);
        assert!(
            u.s1.iter()
                .chain(&u.st)
                .chain(&u.s1_conf)
                .all(|v| v.is_nan())
        );
        // One different value is variance: finite indices.
        let mut y2 = y.clone();
        let last = y2.len() - 1;
        y2[last] = 1.0;
        let idx = analyze(&y2, 2, d.n, 10, 1).unwrap();
        assert!(idx.s1.iter().chain(&idx.st).all(|v| v.is_finite()));
    }

    #[test]
    fn bad_shapes_are_errors_not_panics() {
        let (d, y) = run(ishigami, 8, 3, None);
        assert_eq!(
            analyze(&y[..y.len() - 1], 3, d.n, 10, 1),
            Err(SobolError::OutputLength {
                n: 8,
                block: 5,
                got: 39
            })
        );
        assert_eq!(
            analyze(&y, 3, 1, 10, 1),
            Err(SobolError::TooFewRows { n: 1 })
        );
        assert!(analyze(&y, 3, usize::MAX, 10, 1).is_err());
        assert!(convergence(&y[..10], 3, d.n).is_err());
        assert!(matches!(
            SaltelliDesign::new(8, 3, Some(vec![vec![3]])),
            Err(SobolError::BadSwap {
                swap: 0,
                parameters: 3
            })
        ));
        assert!(SaltelliDesign::new(8, 3, Some(vec![vec![]])).is_err());
        assert!(SaltelliDesign::new(8, 3, Some(vec![vec![1, 1]])).is_err());
        assert!(matches!(
            SaltelliDesign::new(0, 3, None),
            Err(SobolError::BaseSamples { .. })
        ));
        assert!(matches!(
            SaltelliDesign::new(8, 100, None),
            Err(SobolError::TooManyParameters {
                parameters: 100,
                ..
            })
        ));
        // With no resamples there is no interval, not a zero-width one.
        let idx = analyze(&y, 3, d.n, 0, 1).unwrap();
        assert!(idx.s1_conf.iter().all(|v| v.is_nan()));
    }
}
