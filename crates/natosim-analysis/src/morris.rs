//! Morris elementary effects: a cheap screening of which parameters matter.
//!
//! **Design** (Morris 1991, one-at-a-time trajectories): `r` trajectories of
//! `k + 1` points on a grid of `p` levels per parameter (`p` even). The
//! levels are the centres of `p` equal-probability bins, `u = (l + ½)/p` for
//! `l = 0 … p − 1`, so every level maps to a finite value whatever the
//! distribution (Morris's grid `l/(p − 1)` includes 0 and 1, where a normal's
//! inverse CDF is infinite). The step is `p/2` grid levels, i.e. `Δ = ½` in
//! unit-cube coordinates for every even `p`. This is *not* Morris's (and
//! SALib's) `Δ = p / (2(p − 1))`, which is the same `p/2` levels measured on
//! the grid `l/(p − 1)`; with `p/2` levels per step, both designs reach every
//! level with equal probability. Each trajectory starts at a uniformly random
//! grid point and moves every parameter once, in random order: up by `p/2`
//! levels from the lower half of the grid, down from the upper half (so up
//! and down are equally likely).
//!
//! **Measures**, per parameter over the `r` elementary effects
//! `EE = (f(x + Δ eᵢ) − f(x)) / Δ` (with `Δ = ±½` in unit-cube units, so
//! effects are comparable across parameters of different ranges: an effect
//! is the change of the output per unit of the parameter's probability
//! range, twice the change over one step): `mu` (mean; effects of opposite
//! sign cancel), `mu_star` (mean absolute effect: overall importance;
//! Campolongo et al. 2007), `sigma` (sample standard deviation: non-linearity
//! or interactions), and a 95 % bootstrap half-width for `mu_star`.
//!
//! **SALib.** `SALib.analyze.morris.analyze(problem, X, Y, num_levels=p)` on
//! this design reads only the direction of each step from `X` and divides by
//! its own `Δ = p / (2(p − 1))`, not the step actually taken, so its `mu`,
//! `mu_star`, `sigma` and `mu_star_conf` equal ours times `(p − 1)/p` (¾ for
//! `p = 4`); the ranking is the same.

use crate::design::rng;
use crate::sobol::sd;
use rand::Rng as _;

/// A Morris design: `r (k + 1)` points in `(0, 1)^k`, trajectory by trajectory.
pub fn morris_sample(r: usize, k: usize, levels: usize, seed: u64) -> Vec<Vec<f64>> {
    let p = levels.max(2);
    let jump = p / 2; // grid steps per Δ
    let mut g = rng(seed, 0x30_2215);
    let to_u = |l: usize| (l as f64 + 0.5) / p as f64;
    let mut rows = Vec::with_capacity(r * (k + 1));
    for _ in 0..r {
        let mut x: Vec<usize> = (0..k).map(|_| g.random_range(0..p)).collect();
        let mut order: Vec<usize> = (0..k).collect();
        for i in (1..k).rev() {
            let j = g.random_range(0..=i);
            order.swap(i, j);
        }
        rows.push(x.iter().map(|&l| to_u(l)).collect());
        for &i in &order {
            // Up from the lower half of the grid, down from the upper half:
            // for even p both are equally likely over the random start.
            x[i] = if x[i] + jump < p {
                x[i] + jump
            } else {
                x[i] - jump
            };
            rows.push(x.iter().map(|&l| to_u(l)).collect());
        }
    }
    rows
}

/// Morris measures per parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct MorrisIndices {
    /// Mean elementary effect.
    pub mu: Vec<f64>,
    /// Mean absolute elementary effect.
    pub mu_star: Vec<f64>,
    /// Standard deviation of the elementary effects.
    pub sigma: Vec<f64>,
    /// Half-width of the 95 % bootstrap interval of `mu_star`.
    pub mu_star_conf: Vec<f64>,
}

/// Analyses a design from [`morris_sample`] (`x`, in unit-cube coordinates)
/// and its outputs `y`.
pub fn morris_analyze(
    x: &[Vec<f64>],
    y: &[f64],
    k: usize,
    resamples: usize,
    seed: u64,
) -> MorrisIndices {
    let r = x.len() / (k + 1);
    let mut ee = vec![Vec::with_capacity(r); k];
    for t in 0..r {
        for s in 0..k {
            let (a, b) = (t * (k + 1) + s, t * (k + 1) + s + 1);
            let Some(i) = (0..k).find(|&i| x[a][i] != x[b][i]) else {
                continue;
            };
            ee[i].push((y[b] - y[a]) / (x[b][i] - x[a][i]));
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let mut g = rng(seed, 0x30_2216);
    let mut conf = Vec::with_capacity(k);
    for e in &ee {
        let abs: Vec<f64> = e.iter().map(|v| v.abs()).collect();
        let boot: Vec<f64> = (0..resamples)
            .map(|_| {
                (0..abs.len())
                    .map(|_| abs[g.random_range(0..abs.len())])
                    .sum::<f64>()
                    / abs.len() as f64
            })
            .collect();
        conf.push(if abs.is_empty() {
            f64::NAN
        } else {
            1.959_964 * sd(&boot)
        });
    }
    MorrisIndices {
        mu: ee.iter().map(|e| mean(e)).collect(),
        mu_star: ee
            .iter()
            .map(|e| mean(&e.iter().map(|v| v.abs()).collect::<Vec<_>>()))
            .collect(),
        sigma: ee.iter().map(|e| sd(e)).collect(),
        mu_star_conf: conf,
    }
}

#[cfg(test)]
#[allow(clippy::needless_range_loop)]
mod tests {
    use super::*;

    #[test]
    fn trajectories_move_one_parameter_at_a_time_by_delta() {
        let x = morris_sample(20, 5, 4, 1);
        assert_eq!(x.len(), 20 * 6);
        for t in 0..20 {
            for s in 0..5 {
                let (a, b) = (&x[t * 6 + s], &x[t * 6 + s + 1]);
                let moved: Vec<usize> = (0..5).filter(|&i| a[i] != b[i]).collect();
                assert_eq!(moved.len(), 1);
                assert!(((a[moved[0]] - b[moved[0]]).abs() - 0.5).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn the_step_is_half_the_unit_range_for_every_even_grid_and_levels_are_even() {
        for p in [2, 4, 6, 8] {
            let x = morris_sample(400, 3, p, 5);
            let mut level_count = vec![0usize; p];
            let (mut up, mut down) = (0, 0);
            for t in 0..400 {
                for s in 0..4 {
                    let row = &x[t * 4 + s];
                    for &u in row {
                        // On the grid of bin centres (l + ½)/p.
                        let l = u * p as f64 - 0.5;
                        assert!((l - l.round()).abs() < 1e-9, "p = {p}: {u} off the grid");
                        level_count[l.round() as usize] += 1;
                    }
                    if s < 3 {
                        let next = &x[t * 4 + s + 1];
                        let i = (0..3).find(|&i| row[i] != next[i]).unwrap();
                        let d = next[i] - row[i];
                        assert!((d.abs() - 0.5).abs() < 1e-12, "p = {p}: step {d}");
                        if d > 0.0 { up += 1 } else { down += 1 }
                    }
                }
            }
            // Up and down moves, and every level, about equally often.
            assert!(
                up.min(down) * 10 > up.max(down) * 8,
                "p = {p}: {up} up, {down} down"
            );
            let (lo, hi) = (
                level_count.iter().min().unwrap(),
                level_count.iter().max().unwrap(),
            );
            assert!(lo * 10 > hi * 8, "p = {p}: {level_count:?}");
        }
    }

    #[test]
    fn linear_function_has_exact_effects() {
        let c = [3.0, -2.0, 0.0, 0.5];
        let x = morris_sample(10, 4, 4, 2);
        let y: Vec<f64> = x
            .iter()
            .map(|r| r.iter().zip(&c).map(|(u, c)| u * c).sum())
            .collect();
        let m = morris_analyze(&x, &y, 4, 100, 1);
        for i in 0..4 {
            assert!((m.mu[i] - c[i]).abs() < 1e-9);
            assert!((m.mu_star[i] - c[i].abs()).abs() < 1e-9);
            assert!(m.sigma[i] < 1e-9);
        }
    }

    #[test]
    fn screens_the_g_function() {
        // Important parameters (small a) have large mu*; a = 99 almost none.
        let a = [0.0, 1.0, 9.0, 99.0];
        let g = |x: &[f64]| {
            x.iter()
                .zip(&a)
                .map(|(u, ai)| ((4.0 * u - 2.0).abs() + ai) / (1.0 + ai))
                .product::<f64>()
        };
        let x = morris_sample(50, 4, 4, 3);
        let y: Vec<f64> = x.iter().map(|r| g(r)).collect();
        let m = morris_analyze(&x, &y, 4, 100, 1);
        assert!(
            m.mu_star[0] > m.mu_star[1]
                && m.mu_star[1] > m.mu_star[2]
                && m.mu_star[2] > m.mu_star[3],
            "{:?}",
            m.mu_star
        );
        assert!(m.mu_star[3] < 0.05);
    }
}
