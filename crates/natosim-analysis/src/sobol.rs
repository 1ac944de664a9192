//! Variance-based global sensitivity analysis: Sobol' first-order and total
//! indices with Saltelli sampling.
//!
//! **Sampling** (Saltelli 2002; Saltelli et al. 2010). Two independent base
//! matrices `A` and `B` of `N` rows and `k` columns are the first and last `k`
//! coordinates of a `2k`-dimensional Sobol' sequence. For each *swap* `s` (a
//! set of columns: one parameter, or a group of parameters) the matrix
//! `AB_s` is `A` with the columns of `s` taken from `B`. The design is laid
//! out block by block: for base row `j`, the rows `A_j, AB_{1,j} … AB_{S,j},
//! B_j` — `N (S + 2)` model evaluations. Second-order indices are not
//! computed (they would need `BA_s` too, `N (2S + 2)` evaluations).
//!
//! **Estimators**, with `V` the variance of all `f(A)` and `f(B)` values:
//! first order (Saltelli et al. 2010, eq. (b) of table 2)
//! `S_s = mean(f(B) · (f(AB_s) − f(A))) / V`; total effect (Jansen 1999)
//! `ST_s = mean((f(A) − f(AB_s))²) / (2V)`.
//!
//! **Confidence intervals** by bootstrap over base rows: the half-width is
//! `1.96 ×` the standard deviation of the estimates over resamples (the
//! normal approximation SALib reports as `S1_conf`, `ST_conf`).
//!
//! **Convergence**: the indices on the first `N/4`, `N/2` and `N` base rows
//! (prefixes of a Sobol' sequence with power-of-two length are themselves
//! balanced designs).

use crate::design::{SobolSequence, rng};
use rand::Rng as _;

/// Rows of a Saltelli design and how to read them.
#[derive(Clone, Debug)]
pub struct SaltelliDesign {
    /// Base rows `N`.
    pub n: usize,
    /// Parameters `k`.
    pub k: usize,
    /// The column sets swapped from `B` into `A`, one per index reported.
    pub swaps: Vec<Vec<usize>>,
    /// The `N (S + 2)` points in `(0, 1)^k`, block by block (see module docs).
    pub rows: Vec<Vec<f64>>,
}

impl SaltelliDesign {
    /// Builds the design; `swaps` defaults to one per parameter. Fails if
    /// `2k` exceeds the Sobol' table.
    pub fn new(n: usize, k: usize, swaps: Option<Vec<Vec<usize>>>) -> Result<Self, String> {
        let seq = SobolSequence::new(2 * k).ok_or_else(|| {
            format!(
                "a Saltelli design for {k} parameters needs {} Sobol' dimensions; at most {} parameters are supported",
                2 * k,
                SobolSequence::MAX_DIMS / 2
            )
        })?;
        if n == 0 || n > u32::MAX as usize / 2 {
            return Err(format!(
                "base samples must be between 1 and {}",
                u32::MAX / 2
            ));
        }
        let swaps = swaps.unwrap_or_else(|| (0..k).map(|i| vec![i]).collect());
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
        Ok(SaltelliDesign { n, k, swaps, rows })
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

/// Point estimates of `(S1, ST)` per swap from the outputs `y` of a design
/// with `swaps` swaps, using base rows `rows`.
fn estimate(y: &[f64], swaps: usize, rows: &[usize]) -> (Vec<f64>, Vec<f64>) {
    let block = swaps + 2;
    let n = rows.len() as f64;
    let (mut sum, mut sum2) = (0.0, 0.0);
    for &j in rows {
        for v in [y[j * block], y[j * block + block - 1]] {
            sum += v;
            sum2 += v * v;
        }
    }
    let mean = sum / (2.0 * n);
    let var = sum2 / (2.0 * n) - mean * mean;
    let mut s1 = vec![0.0; swaps];
    let mut st = vec![0.0; swaps];
    for &j in rows {
        let a = y[j * block];
        let b = y[j * block + block - 1];
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
    (s1, st)
}

/// Sobol' indices with bootstrap intervals (`resamples` resamples of the
/// base rows, seeded by `seed`), from outputs `y` in design order using the
/// first `n` base rows. Indices are NaN if the output does not vary.
pub fn analyze(y: &[f64], swaps: usize, n: usize, resamples: usize, seed: u64) -> SobolIndices {
    let all: Vec<usize> = (0..n).collect();
    let (s1, st) = estimate(y, swaps, &all);
    let mut r = rng(seed, 0x5_0B01);
    let mut boot_s1 = vec![Vec::with_capacity(resamples); swaps];
    let mut boot_st = vec![Vec::with_capacity(resamples); swaps];
    let mut idx = vec![0; n];
    for _ in 0..resamples {
        for i in idx.iter_mut() {
            *i = r.random_range(0..n);
        }
        let (a, b) = estimate(y, swaps, &idx);
        for s in 0..swaps {
            boot_s1[s].push(a[s]);
            boot_st[s].push(b[s]);
        }
    }
    let conf = |v: &Vec<f64>| 1.959_964 * sd(v);
    SobolIndices {
        s1,
        st,
        s1_conf: boot_s1.iter().map(conf).collect(),
        st_conf: boot_st.iter().map(conf).collect(),
    }
}

/// Indices on the first `n/4`, `n/2` and `n` base rows (sizes below 4 are
/// skipped): `(base rows, S1, ST)`.
pub fn convergence(y: &[f64], swaps: usize, n: usize) -> Vec<(usize, Vec<f64>, Vec<f64>)> {
    let mut sizes: Vec<usize> = [n / 4, n / 2, n].into_iter().filter(|&m| m >= 4).collect();
    sizes.dedup();
    sizes
        .into_iter()
        .map(|m| {
            let rows: Vec<usize> = (0..m).collect();
            let (s1, st) = estimate(y, swaps, &rows);
            (m, s1, st)
        })
        .collect()
}

/// Sample standard deviation (NaN-propagating; 0 for fewer than 2 values).
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
    use std::f64::consts::PI;

    fn ishigami(x: &[f64]) -> f64 {
        let (a, b) = (7.0, 0.1);
        let [x1, x2, x3] = [x[0], x[1], x[2]].map(|u| -PI + 2.0 * PI * u);
        x1.sin() + a * x2.sin().powi(2) + b * x3.powi(4) * x1.sin()
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

    #[test]
    fn ishigami_indices_match_the_analytic_values() {
        let (d, y) = run(ishigami, 8192, 3, None);
        assert_eq!(d.rows.len(), 8192 * 5);
        let idx = analyze(&y, 3, d.n, 100, 1);
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
        let idx = analyze(&y, 2, d.n, 50, 1);
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
        let idx = analyze(&y, 8, d.n, 50, 3);
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
        let c = convergence(&y, 3, d.n);
        assert_eq!(
            c.iter().map(|x| x.0).collect::<Vec<_>>(),
            vec![1024, 2048, 4096]
        );
        let (_, st) = ishigami_exact();
        let err = |k: usize| (c[k].2[0] - st[0]).abs();
        assert!(err(2) < 0.03, "{}", err(2));
    }

    #[test]
    fn constant_output_gives_nan_not_a_panic() {
        let (d, y) = run(|_| 1.0, 16, 2, None);
        let idx = analyze(&y, 2, d.n, 10, 1);
        assert!(idx.s1[0].is_nan());
    }
}
