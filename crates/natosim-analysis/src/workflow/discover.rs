//! Scenario discovery: which parameter ranges produce the cases of interest
//! (a condition on one metric)? PRIM boxes and Kolmogorov–Smirnov feature
//! scores over a Latin hypercube of the uncertainties.

use super::nan_if_null;
use crate::design::latin_hypercube;
use crate::explore::{Problem, evaluate_metric, metric_index};
use crate::importance::ks_scores;
use crate::limits;
use crate::prim::{PrimOptions, prim};
use crate::{AnalysisError, Progress};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A comparison operator of a [`Condition`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
}

impl Op {
    /// Its symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
        }
    }
}

/// The condition that marks a case of interest: `METRIC OP NUMBER`.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// The metric's name.
    pub metric: String,
    /// The operator.
    pub op: Op,
    /// The threshold.
    pub value: f64,
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.metric, self.op.symbol(), self.value)
    }
}

impl Condition {
    /// Parses `METRIC OP NUMBER`, e.g. `p_attack > 0.2`; the metric must exist.
    pub fn parse(s: &str) -> Result<Condition, AnalysisError> {
        let bad = || AnalysisError::InvalidSetting {
            setting: "condition",
            message: format!(
                "\"{s}\": expected `METRIC OP NUMBER`, e.g. \"p_attack > 0.2\"; OP is one of >, >=, <, <="
            ),
        };
        let ops = [(">=", Op::Ge), ("<=", Op::Le), (">", Op::Gt), ("<", Op::Lt)];
        // The leftmost operator; at one position the two-character one wins.
        let (i, sym, op) = ops
            .iter()
            .filter_map(|&(sym, op)| s.find(sym).map(|i| (i, sym, op)))
            .min_by_key(|(i, sym, _)| (*i, std::cmp::Reverse(sym.len())))
            .ok_or_else(bad)?;
        let metric = s[..i].trim();
        let value: f64 = s[i + sym.len()..].trim().parse().map_err(|_| bad())?;
        // Rust's parser takes "nan" and "inf": a NaN threshold makes every
        // comparison false (a silent "nothing found"), an infinite one is
        // met by all runs or none.
        if !value.is_finite() {
            return Err(AnalysisError::InvalidSetting {
                setting: "condition",
                message: format!(
                    "\"{s}\": the threshold must be a finite number, e.g. \"p_attack > 0.2\"; found {value}"
                ),
            });
        }
        metric_index(metric)?;
        Ok(Condition {
            metric: metric.to_string(),
            op,
            value,
        })
    }

    /// Whether `v` meets the condition.
    pub fn holds(&self, v: f64) -> bool {
        match self.op {
            Op::Gt => v > self.value,
            Op::Ge => v >= self.value,
            Op::Lt => v < self.value,
            Op::Le => v <= self.value,
        }
    }
}

/// What to compute.
#[derive(Clone, Debug)]
pub struct DiscoverSettings {
    /// The condition.
    pub condition: Condition,
    /// Experiments (points of the Latin hypercube), at least 10.
    pub samples: usize,
    /// PRIM's peeling and pasting options.
    pub prim: PrimOptions,
    /// Root seed.
    pub seed: u64,
}

/// A PRIM box's limit on one parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoxLimit {
    /// Parameter path.
    pub name: String,
    /// Lower limit.
    pub low: f64,
    /// Upper limit.
    pub high: f64,
    /// Whether the box restricts this parameter.
    pub restricted: bool,
    /// The range of the parameter's distribution.
    pub range: (f64, f64),
}

/// The chosen PRIM box.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChosenBox {
    /// Share of all cases of interest inside the box.
    pub coverage: f64,
    /// Share of cases of interest among the experiments in the box.
    pub density: f64,
    /// Share of experiments in the box.
    pub mass: f64,
    /// Experiments in the box.
    pub n: usize,
    /// Whether the box was pasted.
    pub pasted: bool,
    /// Limits per parameter, in declaration order.
    pub limits: Vec<BoxLimit>,
}

/// One step of the peeling trajectory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrajectoryStep {
    /// Coverage.
    pub coverage: f64,
    /// Density.
    pub density: f64,
    /// Mass.
    pub mass: f64,
    /// Experiments in the box.
    pub n: usize,
    /// The restricted parameters.
    pub restricted: Vec<String>,
}

/// A parameter's Kolmogorov–Smirnov distance between cases of interest and others.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeatureScore {
    /// Parameter path.
    pub name: String,
    /// KS distance.
    #[serde(deserialize_with = "nan_if_null")]
    pub ks: f64,
    /// Mean among the cases of interest.
    #[serde(deserialize_with = "nan_if_null")]
    pub mean_interest: f64,
    /// Mean among the others.
    #[serde(deserialize_with = "nan_if_null")]
    pub mean_other: f64,
}

/// The result of a discovery: what `natosim discover --format json` writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Discovery {
    /// Scenario name.
    pub scenario: String,
    /// Model id.
    pub model: String,
    /// The condition, e.g. `p_attack > 0.2`.
    pub condition: String,
    /// Experiments.
    pub samples: usize,
    /// Root seed.
    pub seed: u64,
    /// Experiments meeting the condition.
    pub cases_of_interest: usize,
    /// Their share.
    pub base_density: f64,
    /// The chosen box.
    #[serde(rename = "box")]
    pub chosen_box: ChosenBox,
    /// Index of the chosen box in the trajectory.
    pub chosen: usize,
    /// The peeling (and pasting) trajectory.
    pub trajectory: Vec<TrajectoryStep>,
    /// Feature scores, by decreasing KS distance.
    pub feature_scores: Vec<FeatureScore>,
}

/// A discovery with its experiments.
#[derive(Clone, Debug, PartialEq)]
pub struct DiscoverRun {
    /// The result.
    pub result: Discovery,
    /// Parameter values of each experiment.
    pub samples: Vec<Vec<f64>>,
    /// The metric in each experiment.
    pub outputs: Vec<f64>,
    /// Whether each experiment meets the condition.
    pub interest: Vec<bool>,
}

/// Runs a discovery on `problem`. Fails with
/// [`AnalysisError::DegenerateCondition`] if no experiment, or every one,
/// meets the condition: there is then nothing to tell apart.
pub fn discover(
    problem: &Problem,
    settings: &DiscoverSettings,
    progress: &Progress,
) -> Result<DiscoverRun, AnalysisError> {
    let cond = &settings.condition;
    let metric = metric_index(&cond.metric)?;
    if settings.samples < 10 {
        return Err(AnalysisError::InvalidSetting {
            setting: "samples",
            message: "must be at least 10".into(),
        });
    }
    let o = settings.prim;
    if !(f64::MIN_POSITIVE..0.5).contains(&o.alpha)
        || !(0.0..1.0).contains(&o.min_mass)
        || !(0.0..=1.0).contains(&o.min_coverage)
    {
        return Err(AnalysisError::InvalidSetting {
            setting: "alpha",
            message: "must lie in (0, 0.5), min-mass in [0, 1), min-coverage in [0, 1]".into(),
        });
    }
    let k = problem.k();
    limits::SAMPLES.check(Some(settings.samples as u128), limits::Cost::default())?;
    limits::check_declarations(problem.spec)?;
    limits::check_design(Some(settings.samples as u128), k)?;
    let names = problem.names();
    let seed = settings.seed;
    let u = latin_hypercube(settings.samples, k, seed);
    progress.start(u.len() as u64, &format!("{} discover", problem.model.id()));
    // Independent random streams per experiment.
    let y = evaluate_metric(problem, &u, metric, seed, |i| i as u64, progress)?;
    let x: Vec<Vec<f64>> = u.iter().map(|r| problem.values(r)).collect();
    let interest: Vec<bool> = y.iter().map(|&v| cond.holds(v)).collect();
    let cases = interest.iter().filter(|&&b| b).count();
    if cases == 0 || cases == y.len() {
        let (min, max) = y
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        return Err(AnalysisError::DegenerateCondition {
            condition: cond.to_string(),
            metric: cond.metric.clone(),
            met: cases,
            runs: y.len(),
            min,
            max,
        });
    }
    let r = prim(&x, &interest, o);
    let scores = ks_scores(&x, &interest);
    let b = &r.chosen_box;
    let limits = (0..k)
        .map(|d| BoxLimit {
            name: names[d].to_string(),
            low: b.lo[d],
            high: b.hi[d],
            restricted: b.restricted.contains(&d),
            range: problem.spec.uncertainties[d].dist.bounds(),
        })
        .collect();
    let result = Discovery {
        scenario: problem.scenario_name.clone(),
        model: problem.model.id().to_string(),
        condition: cond.to_string(),
        samples: settings.samples,
        seed,
        cases_of_interest: cases,
        base_density: r.base_density,
        chosen_box: ChosenBox {
            coverage: b.coverage,
            density: b.density,
            mass: b.mass,
            n: b.n,
            pasted: o.paste,
            limits,
        },
        chosen: r.chosen,
        trajectory: r
            .trajectory
            .iter()
            .map(|t| TrajectoryStep {
                coverage: t.coverage,
                density: t.density,
                mass: t.mass,
                n: t.n,
                restricted: t.restricted.iter().map(|&d| names[d].to_string()).collect(),
            })
            .collect(),
        feature_scores: scores
            .iter()
            .map(|s| FeatureScore {
                name: names[s.index].to_string(),
                ks: s.ks,
                mean_interest: s.mean_interest,
                mean_other: s.mean_other,
            })
            .collect(),
    };
    Ok(DiscoverRun {
        result,
        samples: x,
        outputs: y,
        interest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_parse_and_hold() {
        let c = Condition::parse("p_attack >= 0.2").unwrap();
        assert_eq!((c.op, c.value), (Op::Ge, 0.2));
        assert_eq!(c.to_string(), "p_attack >= 0.2");
        assert!(c.holds(0.2) && !c.holds(0.19));
        let c = Condition::parse("cohesion<0.5").unwrap();
        assert!(c.holds(0.4) && !c.holds(0.5));
        assert!(matches!(
            Condition::parse("p_atack > 0.2"),
            Err(AnalysisError::UnknownMetric(_))
        ));
        assert!(matches!(
            Condition::parse("p_attack = 0.2"),
            Err(AnalysisError::InvalidSetting { .. })
        ));
    }

    /// Issue 14, defect 10: `p_attack > nan` ran and found nothing.
    #[test]
    fn non_finite_thresholds_are_refused() {
        for s in [
            "p_attack > nan",
            "p_attack < NaN",
            "p_attack >= inf",
            "p_attack <= -infinity",
        ] {
            match Condition::parse(s) {
                Err(AnalysisError::InvalidSetting { message, .. }) => {
                    assert!(message.contains("finite"), "{s}: {message}")
                }
                other => panic!("{s}: {other:?}"),
            }
        }
    }
}
