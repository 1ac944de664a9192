//! PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999), as used
//! for scenario discovery (Bryant & Lempert 2010; EMA Workbench).
//!
//! Given experiments `x` (rows of inputs) and a flag `y` marking the cases of
//! interest (say, runs with `p_attack > 0.2`), PRIM looks for a box — an
//! interval per input — that holds many cases of interest (*coverage*: the
//! share of all cases of interest inside the box) and few others (*density*:
//! the share of cases of interest among the points inside).
//!
//! **Peeling.** Start from the box around all points. At each step, for each
//! input, try cutting off the `alpha` share of the box's points with the
//! lowest values, and with the highest; keep the one cut that raises the
//! density most. Repeat while the box keeps at least `min_mass` of all
//! points. Each step is one box of the *peeling trajectory*, trading
//! coverage for density. Ties among equal values are cut together (discrete
//! inputs), so a cut may take more than `alpha`.
//!
//! **Choice.** The box reported is the densest box on the trajectory whose
//! coverage is at least `min_coverage` (ties: the earlier, larger box).
//!
//! **Pasting** (optional) then widens that box again, one input and one side
//! at a time, by `alpha` of its points, while that raises density.

// Inputs are columns of row vectors; index loops over them read best.
#![allow(clippy::needless_range_loop)]

use serde::Serialize;

/// PRIM settings.
#[derive(Clone, Copy, Debug)]
pub struct PrimOptions {
    /// Share of the box's points peeled per step.
    pub alpha: f64,
    /// Smallest box, as a share of all points.
    pub min_mass: f64,
    /// Smallest coverage of the chosen box.
    pub min_coverage: f64,
    /// Paste the chosen box.
    pub paste: bool,
}

impl Default for PrimOptions {
    fn default() -> Self {
        PrimOptions {
            alpha: 0.05,
            min_mass: 0.05,
            min_coverage: 0.5,
            paste: true,
        }
    }
}

/// One box: closed interval `[lo[d], hi[d]]` per input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PrimBox {
    /// Lower limits.
    pub lo: Vec<f64>,
    /// Upper limits.
    pub hi: Vec<f64>,
    /// Share of all cases of interest inside.
    pub coverage: f64,
    /// Share of cases of interest among the points inside.
    pub density: f64,
    /// Share of all points inside.
    pub mass: f64,
    /// Points inside.
    pub n: usize,
    /// Inputs whose interval is narrower than the data's range.
    pub restricted: Vec<usize>,
}

/// The result of PRIM.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PrimResult {
    /// The peeling trajectory, from the full box on.
    pub trajectory: Vec<PrimBox>,
    /// Index of the chosen box in the trajectory.
    pub chosen: usize,
    /// The chosen box after pasting (equal to it if pasting is off).
    pub chosen_box: PrimBox,
    /// Share of cases of interest among all points.
    pub base_density: f64,
}

struct Data<'a> {
    x: &'a [Vec<f64>],
    y: &'a [bool],
    total_interest: usize,
    full_lo: Vec<f64>,
    full_hi: Vec<f64>,
}

impl Data<'_> {
    fn inside(&self, lo: &[f64], hi: &[f64]) -> Vec<usize> {
        (0..self.x.len())
            .filter(|&i| {
                self.x[i]
                    .iter()
                    .zip(lo.iter().zip(hi))
                    .all(|(v, (l, h))| v >= l && v <= h)
            })
            .collect()
    }

    fn make(&self, lo: Vec<f64>, hi: Vec<f64>, idx: &[usize]) -> PrimBox {
        let hits = idx.iter().filter(|&&i| self.y[i]).count();
        let restricted = (0..lo.len())
            .filter(|&d| lo[d] > self.full_lo[d] || hi[d] < self.full_hi[d])
            .collect();
        PrimBox {
            coverage: if self.total_interest == 0 {
                0.0
            } else {
                hits as f64 / self.total_interest as f64
            },
            density: if idx.is_empty() {
                0.0
            } else {
                hits as f64 / idx.len() as f64
            },
            mass: idx.len() as f64 / self.x.len().max(1) as f64,
            n: idx.len(),
            lo,
            hi,
            restricted,
        }
    }
}

fn density(y: &[bool], idx: impl Iterator<Item = usize>) -> (usize, usize) {
    idx.fold((0, 0), |(h, n), i| (h + usize::from(y[i]), n + 1))
}

/// Runs PRIM on inputs `x` and cases of interest `y`.
pub fn prim(x: &[Vec<f64>], y: &[bool], opts: PrimOptions) -> PrimResult {
    let k = x.first().map_or(0, Vec::len);
    let mut full_lo = vec![f64::INFINITY; k];
    let mut full_hi = vec![f64::NEG_INFINITY; k];
    for r in x {
        for d in 0..k {
            full_lo[d] = full_lo[d].min(r[d]);
            full_hi[d] = full_hi[d].max(r[d]);
        }
    }
    let data = Data {
        x,
        y,
        total_interest: y.iter().filter(|&&b| b).count(),
        full_lo,
        full_hi,
    };
    let min_n = ((opts.min_mass * x.len() as f64).ceil() as usize).max(1);
    let (mut lo, mut hi) = (data.full_lo.clone(), data.full_hi.clone());
    let mut idx: Vec<usize> = (0..x.len()).collect();
    let mut trajectory = vec![data.make(lo.clone(), hi.clone(), &idx)];
    loop {
        let n = idx.len();
        let m = ((opts.alpha * n as f64).floor() as usize).max(1);
        // (density, kept, dim, is_upper, new limit)
        let mut best: Option<(f64, usize, usize, bool, f64)> = None;
        for d in 0..k {
            let mut v: Vec<f64> = idx.iter().map(|&i| x[i][d]).collect();
            v.sort_by(f64::total_cmp);
            if v.len() < 2 || v[0] == v[v.len() - 1] {
                continue;
            }
            // Lower peel: keep values ≥ cut.
            let cut_lo = if v[m.min(n - 1)] > v[0] {
                v[m.min(n - 1)]
            } else {
                *v.iter().find(|&&a| a > v[0]).unwrap_or(&v[0])
            };
            let cut_hi = if v[n - 1 - m.min(n - 1)] < v[n - 1] {
                v[n - 1 - m.min(n - 1)]
            } else {
                *v.iter().rev().find(|&&a| a < v[n - 1]).unwrap_or(&v[n - 1])
            };
            for (upper, cut) in [(false, cut_lo), (true, cut_hi)] {
                let keep = idx.iter().copied().filter(|&i| {
                    if upper {
                        x[i][d] <= cut
                    } else {
                        x[i][d] >= cut
                    }
                });
                let (h, kept) = density(y, keep);
                if kept < min_n || kept == n {
                    continue;
                }
                let dens = h as f64 / kept as f64;
                let better = match best {
                    None => true,
                    Some((bd, bk, ..)) => {
                        dens > bd + 1e-12 || ((dens - bd).abs() <= 1e-12 && kept > bk)
                    }
                };
                if better {
                    best = Some((dens, kept, d, upper, cut));
                }
            }
        }
        let Some((_, _, d, upper, cut)) = best else {
            break;
        };
        if upper {
            hi[d] = cut
        } else {
            lo[d] = cut
        }
        idx.retain(|&i| x[i][d] >= lo[d] && x[i][d] <= hi[d]);
        trajectory.push(data.make(lo.clone(), hi.clone(), &idx));
    }
    let mut chosen = 0;
    for (i, b) in trajectory.iter().enumerate() {
        if b.coverage >= opts.min_coverage && b.density > trajectory[chosen].density + 1e-12 {
            chosen = i;
        }
    }
    let mut chosen_box = trajectory[chosen].clone();
    if opts.paste {
        chosen_box = paste(&data, chosen_box, opts.alpha);
    }
    PrimResult {
        base_density: trajectory[0].density,
        trajectory,
        chosen,
        chosen_box,
    }
}

/// Widens `b` while that raises its density.
fn paste(data: &Data, mut b: PrimBox, alpha: f64) -> PrimBox {
    let k = b.lo.len();
    loop {
        let m = ((alpha * b.n as f64).ceil() as usize).max(1);
        let mut best: Option<(f64, Vec<f64>, Vec<f64>)> = None;
        for d in 0..k {
            for upper in [false, true] {
                // Points outside the box only in dimension d, on this side.
                let mut out: Vec<f64> = data
                    .x
                    .iter()
                    .filter(|r| {
                        (0..k).all(|e| e == d || (r[e] >= b.lo[e] && r[e] <= b.hi[e]))
                            && if upper {
                                r[d] > b.hi[d]
                            } else {
                                r[d] < b.lo[d]
                            }
                    })
                    .map(|r| r[d])
                    .collect();
                if out.is_empty() {
                    continue;
                }
                out.sort_by(f64::total_cmp);
                let (mut lo, mut hi) = (b.lo.clone(), b.hi.clone());
                if upper {
                    hi[d] = out[(m - 1).min(out.len() - 1)];
                } else {
                    lo[d] = out[out.len() - 1 - (m - 1).min(out.len() - 1)];
                }
                let (h, n) = density(data.y, data.inside(&lo, &hi).into_iter());
                let dens = h as f64 / n.max(1) as f64;
                if dens > b.density + 1e-12 && best.as_ref().is_none_or(|(bd, ..)| dens > *bd) {
                    best = Some((dens, lo, hi));
                }
            }
        }
        match best {
            Some((_, lo, hi)) => {
                let idx = data.inside(&lo, &hi);
                b = data.make(lo, hi, &idx);
            }
            None => return b,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::latin_hypercube;

    #[test]
    fn finds_the_box_of_a_one_input_condition() {
        let x = latin_hypercube(2000, 4, 5);
        let y: Vec<bool> = x.iter().map(|r| r[2] > 0.6).collect();
        let r = prim(&x, &y, PrimOptions::default());
        let b = &r.chosen_box;
        assert_eq!(b.restricted, vec![2], "{b:?}");
        assert!((b.lo[2] - 0.6).abs() < 0.03, "{b:?}");
        assert!(b.density > 0.97 && b.coverage > 0.95, "{b:?}");
        assert!((r.base_density - 0.4).abs() < 0.01);
        // The trajectory trades coverage for density.
        assert!(r.trajectory.windows(2).all(|w| w[1].mass <= w[0].mass));
    }

    #[test]
    fn finds_a_two_input_corner() {
        let x = latin_hypercube(4000, 3, 9);
        let y: Vec<bool> = x.iter().map(|r| r[0] < 0.4 && r[1] > 0.5).collect();
        let r = prim(&x, &y, PrimOptions::default());
        let b = &r.chosen_box;
        assert_eq!(b.restricted, vec![0, 1], "{b:?}");
        assert!(b.hi[0] < 0.45 && b.lo[1] > 0.45, "{b:?}");
        assert!(b.density > 0.9, "{b:?}");
    }

    #[test]
    fn handles_discrete_inputs_and_no_cases() {
        let x: Vec<Vec<f64>> = (0..100).map(|i| vec![(i % 3) as f64]).collect();
        let y: Vec<bool> = x.iter().map(|r| r[0] == 2.0).collect();
        let r = prim(&x, &y, PrimOptions::default());
        assert_eq!((r.chosen_box.lo[0], r.chosen_box.hi[0]), (2.0, 2.0));
        let r = prim(&x, &[false; 100], PrimOptions::default());
        assert_eq!(r.chosen, 0);
    }
}
