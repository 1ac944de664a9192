//! A quick, deterministic feature score for scenario discovery.
//!
//! For each input, the two-sample Kolmogorov–Smirnov distance between its
//! distribution among the cases of interest and among the other cases:
//! `D = sup_x |F_interest(x) − F_other(x)|`, in `[0, 1]`. An input the
//! condition does not depend on has (up to sampling noise of order
//! `sqrt((n₁ + n₂)/(n₁ n₂))`) the same distribution in both sets, so `D ≈ 0`;
//! an input that decides the condition separates them, `D → 1`. It is a
//! marginal score: it does not see inputs that matter only jointly (PRIM
//! boxes and Sobol' total indices do).

use serde::Serialize;

/// The score of one input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FeatureScore {
    /// Column index.
    pub index: usize,
    /// Kolmogorov–Smirnov distance.
    pub ks: f64,
    /// Mean among the cases of interest.
    pub mean_interest: f64,
    /// Mean among the other cases.
    pub mean_other: f64,
}

/// KS distances of each column of `x` between rows with `y` true and false,
/// sorted by decreasing distance (ties by column).
pub fn ks_scores(x: &[Vec<f64>], y: &[bool]) -> Vec<FeatureScore> {
    let k = x.first().map_or(0, Vec::len);
    let n1 = y.iter().filter(|&&b| b).count();
    let n0 = y.len() - n1;
    let mut out: Vec<FeatureScore> = (0..k)
        .map(|d| {
            let mut v: Vec<(f64, bool)> = x.iter().zip(y).map(|(r, &b)| (r[d], b)).collect();
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (mut c1, mut c0, mut best) = (0usize, 0usize, 0.0f64);
            let mut i = 0;
            while i < v.len() {
                // Step over ties together.
                let x0 = v[i].0;
                while i < v.len() && v[i].0 == x0 {
                    if v[i].1 {
                        c1 += 1
                    } else {
                        c0 += 1
                    }
                    i += 1;
                }
                if n1 > 0 && n0 > 0 {
                    best = best.max((c1 as f64 / n1 as f64 - c0 as f64 / n0 as f64).abs());
                }
            }
            let mean = |want: bool| {
                let (s, c) = x
                    .iter()
                    .zip(y)
                    .filter(|(_, b)| **b == want)
                    .fold((0.0, 0usize), |(s, c), (r, _)| (s + r[d], c + 1));
                if c == 0 { f64::NAN } else { s / c as f64 }
            };
            FeatureScore {
                index: d,
                ks: best,
                mean_interest: mean(true),
                mean_other: mean(false),
            }
        })
        .collect();
    out.sort_by(|a, b| b.ks.total_cmp(&a.ks).then(a.index.cmp(&b.index)));
    out
}

#[cfg(test)]
#[allow(clippy::needless_range_loop)]
mod tests {
    use super::*;
    use crate::design::latin_hypercube;

    #[test]
    fn the_deciding_input_ranks_first() {
        let x = latin_hypercube(1000, 3, 1);
        let y: Vec<bool> = x.iter().map(|r| r[1] > 0.7).collect();
        let s = ks_scores(&x, &y);
        assert_eq!(s[0].index, 1);
        assert!(s[0].ks > 0.99, "{}", s[0].ks);
        assert!(s[1].ks < 0.1 && s[2].ks < 0.1, "{s:?}");
        assert!(s[0].mean_interest > s[0].mean_other);
    }

    #[test]
    fn no_cases_of_interest_scores_zero() {
        let x = latin_hypercube(10, 2, 1);
        let s = ks_scores(&x, &[false; 10]);
        assert!(s.iter().all(|f| f.ks == 0.0 && f.mean_interest.is_nan()));
    }
}
