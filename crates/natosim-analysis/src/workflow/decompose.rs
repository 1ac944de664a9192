//! Decomposing the difference between two models: how much of each
//! metric's gap comes from the US posture, from US leadership and from the
//! institutions.
//!
//! The fields of a model are classified into [`Factor`]s in the core
//! ([`natosim_core::scenario::ModelField::factor`]). For models `A` and `B`
//! that differ in `k` factors, the `2^k` hybrid models — `A` with the fields
//! of a subset `S` of the factors taken from `B` — are built as data (models
//! added to the scenario) and run on common random numbers: run `r` of every
//! hybrid sees the same random streams and, with parameter uncertainty, the
//! same parameter draw. Per run, the Shapley value of factor `i` is
//!
//! ```text
//! φ_i = Σ_{S ⊆ F∖{i}} |S|! (k − |S| − 1)! / k! · (v(S ∪ {i}) − v(S))
//! ```
//!
//! the average over every order of switching the factors from `A` to `B` of
//! what switching `i` adds. The values sum to the gap `v(F) − v(∅) = B − A`
//! in every run (efficiency); a factor in which the models agree gets 0; the
//! result is the mean over runs, with a 90 % confidence interval of that
//! mean from the per-run values. Because the per-run values are paired, the
//! noise common to all hybrids cancels: the interval measures how well the
//! mean contribution is known, not the spread of single runs.

use crate::ensemble::{EnsembleOptions, for_each_chunk};
use crate::uncertainty::{Derive, RunModels, UncertaintyInfo, UncertaintyMode};
use crate::{AnalysisError, Progress, ProgressSink};
use natosim_core::explore::ExplorationSpec;
use natosim_core::metrics::{METRICS, N_METRICS};
use natosim_core::scenario::{Factor, differing_factors, hybrid};
use natosim_core::{Dataset, ModelId, Scenario};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// z for a two-sided 90 % interval of a normal mean.
const Z90: f64 = 1.644_853_626_951_472_2;

/// What to decompose.
#[derive(Clone, Debug, PartialEq)]
pub struct DecomposeSettings {
    /// The reference model (`A`): the gap is `B − A`.
    pub a: ModelId,
    /// The other model (`B`).
    pub b: ModelId,
    /// Runs and seed.
    pub opts: EnsembleOptions,
    /// [`UncertaintyMode::Aleatory`] or [`UncertaintyMode::Combined`]
    /// (split is a comparison's view, not a decomposition's).
    pub uncertainty: UncertaintyMode,
}

/// A mean with its 90 % confidence interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Mean over runs.
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub mean: f64,
    /// Lower end of the 90 % confidence interval of the mean.
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub low: f64,
    /// Upper end.
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub high: f64,
}

impl Interval {
    /// The exact zero of a factor in which the models agree.
    pub const ZERO: Interval = Interval {
        mean: 0.0,
        low: 0.0,
        high: 0.0,
    };
}

/// One factor of the decomposition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FactorInfo {
    /// The factor.
    pub factor: Factor,
    /// Whether `A` and `B` differ in it (if not, its contribution is 0).
    pub differs: bool,
    /// Its model fields.
    pub fields: Vec<String>,
}

/// One factor's contribution to a metric's gap.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    /// The factor.
    pub factor: Factor,
    /// Its Shapley value, with the 90 % confidence interval of the mean.
    pub shapley: Interval,
}

/// The decomposition of one metric's gap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricDecomposition {
    /// Metric name.
    pub metric: String,
    /// Mean under `A`.
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub a: f64,
    /// Mean under `B`.
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub b: f64,
    /// The gap `B − A`, with its 90 % confidence interval (paired).
    pub gap: Interval,
    /// One contribution per factor, in [`Factor::ALL`] order; they sum to
    /// the gap's mean.
    pub contributions: Vec<Contribution>,
    /// Runs in which the metric was defined under every hybrid.
    pub n: u64,
}

impl MetricDecomposition {
    /// A factor's contribution.
    pub fn contribution(&self, f: Factor) -> Option<&Interval> {
        self.contributions
            .iter()
            .find(|c| c.factor == f)
            .map(|c| &c.shapley)
    }
}

/// The decomposition of the gap between two models, per metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decomposition {
    /// Scenario name.
    pub scenario: String,
    /// Root seed.
    pub seed: u64,
    /// Runs per hybrid.
    pub runs: u64,
    /// What the runs carry (random events, and parameter draws if combined).
    pub uncertainty: UncertaintyInfo,
    /// The reference model `A`.
    pub a: ModelId,
    /// Its label.
    pub a_label: String,
    /// The other model `B`.
    pub b: ModelId,
    /// Its label.
    pub b_label: String,
    /// The factors, in [`Factor::ALL`] order.
    pub factors: Vec<FactorInfo>,
    /// Hybrid models run (`2^k` for `k` differing factors).
    pub hybrids: usize,
    /// One entry per metric, in `METRICS` order.
    pub metrics: Vec<MetricDecomposition>,
}

impl Decomposition {
    /// A metric's decomposition by name.
    pub fn metric(&self, name: &str) -> Option<&MetricDecomposition> {
        self.metrics.iter().find(|m| m.metric == name)
    }
}

/// Welford's running mean and variance, folded in run order.
#[derive(Clone, Copy, Default)]
struct Running {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Running {
    fn add(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    fn interval(&self) -> Interval {
        if self.n == 0 {
            return Interval {
                mean: f64::NAN,
                low: f64::NAN,
                high: f64::NAN,
            };
        }
        let half = if self.n < 2 {
            f64::NAN
        } else {
            Z90 * (self.m2 / (self.n - 1) as f64 / self.n as f64).sqrt()
        };
        Interval {
            mean: self.mean,
            low: self.mean - half,
            high: self.mean + half,
        }
    }
}

/// Shapley weights `|S|! (k − |S| − 1)! / k!` by `|S|`.
fn weights(k: usize) -> Vec<f64> {
    let fact = |n: usize| (1..=n).fold(1.0, |a, x| a * x as f64);
    (0..k)
        .map(|s| fact(s) * fact(k - s - 1) / fact(k))
        .collect()
}

/// The per-run Shapley values of the `k` factors from the `2^k` corner
/// values `v[mask]` (bit `i` set: factor `i` from `B`).
pub fn shapley(v: &[f64], k: usize) -> Vec<f64> {
    let w = weights(k);
    (0..k)
        .map(|i| {
            let bit = 1usize << i;
            (0..v.len())
                .filter(|m| m & bit == 0)
                .map(|m| w[m.count_ones() as usize] * (v[m | bit] - v[m]))
                .sum()
        })
        .collect()
}

/// Scales the progress of one hybrid's runs to runs of all hybrids.
struct PerHybrid<'a>(&'a Progress<'a>, u64);

impl ProgressSink for PerHybrid<'_> {
    fn advance(&self, done: u64) {
        self.0.advance(done * self.1);
    }
}

/// Decomposes the gap between `settings.a` and `settings.b` on `scenario`,
/// drawing `spec`'s uncertain parameters per run if
/// `settings.uncertainty` is combined. Progress counts runs of all hybrids
/// (`hybrid_count(...) × runs`).
pub fn decompose(
    scenario: &Scenario,
    spec: &ExplorationSpec,
    data: &Dataset,
    settings: &DecomposeSettings,
    progress: &Progress,
) -> Result<Decomposition, AnalysisError> {
    let (a, b) = (&settings.a, &settings.b);
    let (ia, ib) = match (scenario.model(a), scenario.model(b)) {
        (Some(x), Some(y)) => (x.clone(), y.clone()),
        (None, _) => return Err(Box::new(scenario.unknown_model(a.id())).into()),
        (_, None) => return Err(Box::new(scenario.unknown_model(b.id())).into()),
    };
    let draw = match settings.uncertainty {
        UncertaintyMode::Aleatory => false,
        UncertaintyMode::Combined => true,
        UncertaintyMode::Split => {
            return Err(AnalysisError::InvalidSetting {
                setting: "uncertainty",
                message: "must be aleatory or combined for a decomposition".into(),
            });
        }
    };
    if draw && spec.uncertainties.is_empty() {
        return Err(AnalysisError::NoUncertainties);
    }
    let differing = differing_factors(&ia, &ib);
    let k = differing.len();
    let corners = 1usize << k;
    crate::limits::check_runs(settings.opts.runs, corners as u64)?;
    if draw {
        crate::limits::check_declarations(spec)?;
    }
    // Corner 0 is A itself and the last corner B itself, so the gap is
    // exactly B − A; the others are hybrids added to the scenario as data,
    // after each run's parameter draw so that they see it.
    let ids: Vec<ModelId> = (0..corners)
        .map(|m| {
            if m == 0 {
                Ok(a.clone())
            } else if m == corners - 1 {
                Ok(b.clone())
            } else {
                hybrid_id(scenario, m)
            }
        })
        .collect::<Result<_, _>>()?;
    let derive: Derive = {
        let (a, b, ids, differing) = (a.clone(), b.clone(), ids.clone(), differing.clone());
        Arc::new(move |s: &mut Scenario| {
            let (Some(ia), Some(ib)) = (s.model(&a).cloned(), s.model(&b).cloned()) else {
                return;
            };
            for (m, id) in ids.iter().enumerate().take(corners - 1).skip(1) {
                let from_b: Vec<Factor> = differing
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| m & (1 << i) != 0)
                    .map(|(_, f)| *f)
                    .collect();
                let mut h = hybrid(&ia, &ib, &from_b);
                h.label = format!("hybrid of {} and {}: {} from {}", a, b, names(&from_b), b);
                h.label_de = None;
                s.models.insert(id.clone(), h);
            }
        })
    };
    let models = RunModels::new(scenario, spec, data, &ids, draw, Some(derive))?;
    let scaled = PerHybrid(progress, corners as u64);
    let mut gap = [Running::default(); N_METRICS];
    let mut mean_a = [Running::default(); N_METRICS];
    let mut mean_b = [Running::default(); N_METRICS];
    let mut phi = vec![[Running::default(); N_METRICS]; k];
    let mut rejected = 0u64;
    let mut failure: Option<AnalysisError> = None;
    for_each_chunk(
        settings.opts.runs,
        &progress.reporting_to(&scaled),
        |range| {
            let results: Vec<_> = range
                .into_par_iter()
                .map(|r| models.run_all(settings.opts.seed, r))
                .collect();
            for run in results {
                let (runs, rej) = match run {
                    Ok(x) => x,
                    Err(e) => {
                        failure.get_or_insert(e);
                        continue;
                    }
                };
                rejected += u64::from(rej);
                let mut v = vec![0.0; corners];
                for j in 0..N_METRICS {
                    for (c, m) in runs.iter().enumerate() {
                        v[c] = m.values[j];
                    }
                    if v.iter().any(|x| !x.is_finite()) {
                        continue;
                    }
                    mean_a[j].add(v[0]);
                    mean_b[j].add(v[corners - 1]);
                    gap[j].add(v[corners - 1] - v[0]);
                    for (i, p) in shapley(&v, k).into_iter().enumerate() {
                        phi[i][j].add(p);
                    }
                }
            }
        },
    )?;
    if let Some(e) = failure {
        return Err(e);
    }
    let label = |id: &ModelId| {
        scenario
            .model(id)
            .map_or_else(String::new, |m| m.label.clone())
    };
    Ok(Decomposition {
        scenario: scenario.scenario.name.clone(),
        seed: settings.opts.seed,
        runs: settings.opts.runs,
        uncertainty: UncertaintyInfo {
            mode: settings.uncertainty,
            parameters: models.draws().map(|d| d.parameters()).unwrap_or_default(),
            rejected_draws: rejected,
        },
        a: a.clone(),
        a_label: label(a),
        b: b.clone(),
        b_label: label(b),
        factors: Factor::ALL
            .iter()
            .map(|&f| FactorInfo {
                factor: f,
                differs: differing.contains(&f),
                fields: f.fields().iter().map(|x| x.name().to_string()).collect(),
            })
            .collect(),
        hybrids: corners,
        metrics: METRICS
            .iter()
            .enumerate()
            .map(|(j, m)| MetricDecomposition {
                metric: m.name.to_string(),
                a: mean_a[j].interval().mean,
                b: mean_b[j].interval().mean,
                gap: gap[j].interval(),
                contributions: Factor::ALL
                    .iter()
                    .map(|&f| Contribution {
                        factor: f,
                        shapley: differing
                            .iter()
                            .position(|&d| d == f)
                            .map_or(Interval::ZERO, |i| phi[i][j].interval()),
                    })
                    .collect(),
                n: gap[j].n,
            })
            .collect(),
    })
}

/// The number of models a decomposition of `a` and `b` runs (`2^k`).
pub fn hybrid_count(scenario: &Scenario, a: &ModelId, b: &ModelId) -> usize {
    match (scenario.model(a), scenario.model(b)) {
        (Some(x), Some(y)) => 1 << differing_factors(x, y).len(),
        _ => 1,
    }
}

fn names(f: &[Factor]) -> String {
    f.iter().map(|f| f.name()).collect::<Vec<_>>().join(" + ")
}

/// An id for hybrid `mask` that the scenario does not use.
fn hybrid_id(scenario: &Scenario, mask: usize) -> Result<ModelId, AnalysisError> {
    let mut id = format!("hybrid-{mask}");
    while scenario.model_ids().iter().any(|m| m.id() == id) {
        id.push_str("-x");
    }
    ModelId::new(&id).map_err(|d| Box::new(d).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use natosim_core::scenario::Layer;

    fn settings(a: ModelId, b: ModelId, runs: u64) -> DecomposeSettings {
        DecomposeSettings {
            a,
            b,
            opts: EnsembleOptions { seed: 17, runs },
            uncertainty: UncertaintyMode::Aleatory,
        }
    }

    fn run(s: &Scenario, st: &DecomposeSettings) -> Decomposition {
        let data = Dataset::embedded().unwrap();
        decompose(s, &ExplorationSpec::default(), &data, st, &Progress::none()).unwrap()
    }

    #[test]
    fn shapley_of_an_additive_game_is_each_players_own_effect() {
        // v(S) = Σ_{i∈S} c_i: each factor gets c_i.
        let c = [0.5, -2.0, 3.0];
        let v: Vec<f64> = (0..8)
            .map(|m| (0..3).filter(|i| m & (1 << i) != 0).map(|i| c[i]).sum())
            .collect();
        let p = shapley(&v, 3);
        for i in 0..3 {
            assert!((p[i] - c[i]).abs() < 1e-12);
        }
        // An interaction v = 1 only when both are from B is split equally.
        let p = shapley(&[0.0, 0.0, 0.0, 1.0], 2);
        assert_eq!(p, [0.5, 0.5]);
    }

    #[test]
    fn contributions_sum_to_the_gap_and_swapping_negates() {
        let s = Scenario::defaults();
        let (sq, edu) = (ModelId::status_quo(), ModelId::european_defence_union());
        let d = run(&s, &settings(sq.clone(), edu.clone(), 24));
        assert_eq!(d.hybrids, 8);
        assert!(d.factors.iter().all(|f| f.differs));
        let back = run(&s, &settings(edu, sq, 24));
        for (m, r) in d.metrics.iter().zip(&back.metrics) {
            let sum: f64 = m.contributions.iter().map(|c| c.shapley.mean).sum();
            if m.n > 0 {
                assert!(
                    (sum - m.gap.mean).abs() < 1e-9 * (1.0 + m.gap.mean.abs()),
                    "{}: {sum} vs {}",
                    m.metric,
                    m.gap.mean
                );
                assert!((m.gap.mean - (m.b - m.a)).abs() < 1e-9 * (1.0 + m.a.abs()));
            }
            for (x, y) in m.contributions.iter().zip(&r.contributions) {
                assert!(
                    (x.shapley.mean + y.shapley.mean).abs() < 1e-9,
                    "{} {}",
                    m.metric,
                    x.factor
                );
            }
        }
        // The EDU's attack risk is a real gap, mostly the US posture's
        // (the knife-edge of the Baltic fight turns on US forces).
        let p = d.metric("p_attack").unwrap();
        assert!(p.gap.mean > 0.1, "{:?}", p.gap);
    }

    #[test]
    fn a_factor_the_models_share_gets_zero_and_identical_models_give_zero() {
        // A fifth model: status quo with the EDU's institutions only.
        let layer = Layer::parse(
            "m.toml",
            "[models.sq-majority]\nlike = \"status-quo\"\ndecision_rule = \"qualified-majority\"\ncompetence_delegation = 0.8\n",
        )
        .unwrap();
        let s = Scenario::from_layers(&[layer]).unwrap();
        let id = ModelId::new("sq-majority").unwrap();
        let d = run(&s, &settings(ModelId::status_quo(), id, 16));
        assert_eq!(d.hybrids, 2);
        for m in &d.metrics {
            assert_eq!(m.contribution(Factor::UsPosture), Some(&Interval::ZERO));
            assert_eq!(m.contribution(Factor::Leadership), Some(&Interval::ZERO));
            if m.n > 0 {
                let inst = m.contribution(Factor::Institutions).unwrap().mean;
                assert!((inst - m.gap.mean).abs() < 1e-12, "{}", m.metric);
            }
        }
        let same = run(&s, &settings(ModelId::toolkit(), ModelId::toolkit(), 8));
        assert_eq!(same.hybrids, 1);
        for m in &same.metrics {
            if m.n > 0 {
                assert_eq!(m.gap.mean, 0.0, "{}", m.metric);
            }
            assert!(m.contributions.iter().all(|c| c.shapley == Interval::ZERO));
        }
    }

    #[test]
    fn combined_decomposition_is_deterministic_and_still_efficient() {
        let layer = Layer::parse(
            "u.toml",
            "[uncertainties.\"russia.concentration\"]\nlow = 0.2\nhigh = 0.4\n",
        )
        .unwrap();
        let s = Scenario::from_layers(std::slice::from_ref(&layer)).unwrap();
        let spec = ExplorationSpec::from_layers(&[layer], &s).unwrap();
        let data = Dataset::embedded().unwrap();
        let mut st = settings(ModelId::status_quo(), ModelId::toolkit(), 12);
        st.uncertainty = UncertaintyMode::Combined;
        let d = decompose(&s, &spec, &data, &st, &Progress::none()).unwrap();
        let again = decompose(&s, &spec, &data, &st, &Progress::none()).unwrap();
        assert_eq!(d, again);
        assert_eq!(d.uncertainty.parameters.len(), 1);
        let p = d.metric("p_attack").unwrap();
        let sum: f64 = p.contributions.iter().map(|c| c.shapley.mean).sum();
        assert!((sum - p.gap.mean).abs() < 1e-12);
        let json = serde_json::to_string(&d).unwrap();
        let back: Decomposition = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }
}
