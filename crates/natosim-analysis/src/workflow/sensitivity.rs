//! Global sensitivity analysis of one metric: Sobol' indices (Saltelli
//! sampling) or Morris elementary effects.

use super::nan_if_null;
use crate::design::Scrambling;
use crate::explore::{Problem, evaluate_metric, metric_index};
use crate::limits::{self, Cost};
use crate::morris::{morris_analyze, morris_sample};
use crate::sobol::{SaltelliDesign, SobolError, SobolIndices, analyze, convergence};
use crate::{AnalysisError, Progress};
use serde::{Deserialize, Serialize};

/// The sensitivity method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Sobol' first-order and total indices (Saltelli sampling).
    Sobol,
    /// Morris elementary effects (screening).
    Morris,
}

impl Method {
    /// The name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Method::Sobol => "sobol",
            Method::Morris => "morris",
        }
    }
}

/// What to compute.
#[derive(Clone, Debug, PartialEq)]
pub struct SensitivitySettings {
    /// The metric to explain (a name from `natosim_core::metrics::METRICS`).
    pub metric: String,
    /// The method.
    pub method: Method,
    /// Sobol': base samples `N` (`N · (k + 2)` runs, more with groups);
    /// Morris: trajectories `r` (`r · (k + 1)` runs). `None`: 1024 for
    /// Sobol', 50 for Morris.
    pub samples: Option<usize>,
    /// Morris grid levels (even, ≥ 2).
    pub levels: usize,
    /// Bootstrap resamples for the confidence intervals.
    pub bootstrap: usize,
    /// Root seed.
    pub seed: u64,
    /// Sobol': Owen-scramble the Sobol' sequence, seeded by `seed`
    /// (randomised QMC); `false` keeps the classic unscrambled sequence.
    pub scramble: bool,
}

impl SensitivitySettings {
    /// The defaults for `metric` and `method`: default samples, 4 levels,
    /// 200 bootstrap resamples.
    pub fn new(metric: impl Into<String>, method: Method, seed: u64) -> SensitivitySettings {
        SensitivitySettings {
            metric: metric.into(),
            method,
            samples: None,
            levels: 4,
            bootstrap: 200,
            seed,
            scramble: false,
        }
    }

    /// The number of samples used: the setting or the method's default.
    pub fn samples(&self) -> usize {
        self.samples.unwrap_or(match self.method {
            Method::Sobol => 1024,
            Method::Morris => 50,
        })
    }
}

/// One parameter's indices: its name, group and the method's measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParameterIndices {
    /// Parameter path (e.g. `russia.attack_hazard_max`).
    pub name: String,
    /// Its declared group, if any.
    pub group: Option<String>,
    /// The measures.
    #[serde(flatten)]
    pub indices: Indices,
}

/// The measures of one parameter, by method (the JSON keys tell them apart).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Indices {
    /// Sobol' indices.
    Sobol(SobolIndex),
    /// Morris measures.
    Morris(MorrisIndex),
}

impl Indices {
    /// The measure used for ranking: ST (Sobol') or μ* (Morris).
    pub fn importance(&self) -> f64 {
        match self {
            Indices::Sobol(s) => s.st,
            Indices::Morris(m) => m.mu_star,
        }
    }

    /// The method these measures belong to.
    pub fn method(&self) -> Method {
        match self {
            Indices::Sobol(_) => Method::Sobol,
            Indices::Morris(_) => Method::Morris,
        }
    }
}

/// First-order and total Sobol' indices with their 95 % bootstrap half-widths.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SobolIndex {
    /// First-order index.
    #[serde(deserialize_with = "nan_if_null")]
    pub s1: f64,
    /// Half-width of its interval.
    #[serde(deserialize_with = "nan_if_null")]
    pub s1_conf: f64,
    /// Total-effect index.
    #[serde(deserialize_with = "nan_if_null")]
    pub st: f64,
    /// Half-width of its interval.
    #[serde(deserialize_with = "nan_if_null")]
    pub st_conf: f64,
}

/// Morris measures.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MorrisIndex {
    /// Mean absolute elementary effect.
    #[serde(deserialize_with = "nan_if_null")]
    pub mu_star: f64,
    /// Half-width of its 95 % bootstrap interval.
    #[serde(deserialize_with = "nan_if_null")]
    pub mu_star_conf: f64,
    /// Mean elementary effect.
    #[serde(deserialize_with = "nan_if_null")]
    pub mu: f64,
    /// Standard deviation of the elementary effects.
    #[serde(deserialize_with = "nan_if_null")]
    pub sigma: f64,
}

/// Sobol' indices of a named group of parameters swapped together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupIndices {
    /// Group name.
    pub name: String,
    /// Its parameters.
    pub members: Vec<String>,
    /// The group's indices.
    #[serde(flatten)]
    pub indices: SobolIndex,
}

/// Point estimates on a prefix of the base samples.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConvergenceStep {
    /// Base samples used.
    pub samples: usize,
    /// Per parameter.
    pub parameters: Vec<ConvergenceIndex>,
}

/// One parameter's point estimates in a [`ConvergenceStep`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConvergenceIndex {
    /// Parameter path.
    pub name: String,
    /// First-order index.
    #[serde(deserialize_with = "nan_if_null")]
    pub s1: f64,
    /// Total-effect index.
    #[serde(deserialize_with = "nan_if_null")]
    pub st: f64,
}

/// A sensitivity analysis of one metric of one model: what
/// `natosim sensitivity --format json` writes and the report reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    /// Scenario name.
    pub scenario: String,
    /// Model id.
    pub model: String,
    /// Metric name.
    pub metric: String,
    /// Method.
    pub method: Method,
    /// Base samples (Sobol') or trajectories (Morris).
    pub samples: usize,
    /// Root seed.
    pub seed: u64,
    /// Model evaluations.
    pub evaluations: usize,
    /// Per parameter, in declaration order.
    pub parameters: Vec<ParameterIndices>,
    /// Per named group (Sobol' only).
    pub groups: Vec<GroupIndices>,
    /// Estimates at N/4, N/2, N base samples (Sobol' only).
    pub convergence: Vec<ConvergenceStep>,
    /// Whether the Sobol' design was Owen-scrambled (absent in JSON when not).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub scrambled: bool,
}

impl Sensitivity {
    /// Whether every parameter carries the measures of [`Self::method`].
    pub fn is_consistent(&self) -> bool {
        self.parameters
            .iter()
            .all(|p| p.indices.method() == self.method)
    }
}

/// A sensitivity analysis with its design and outputs.
#[derive(Clone, Debug, PartialEq)]
pub struct SensitivityRun {
    /// The indices.
    pub result: Sensitivity,
    /// Parameter values of each evaluation, in design order.
    pub samples: Vec<Vec<f64>>,
    /// The metric in each evaluation.
    pub outputs: Vec<f64>,
}

/// Runs a sensitivity analysis of `problem`.
pub fn sensitivity(
    problem: &Problem,
    settings: &SensitivitySettings,
    progress: &Progress,
) -> Result<SensitivityRun, AnalysisError> {
    let m = metric_index(&settings.metric)?;
    let k = problem.k();
    let names = problem.names();
    let label = format!(
        "{} {} {}",
        problem.model.id(),
        settings.metric,
        settings.method.name()
    );
    let seed = settings.seed;
    let n = settings.samples();
    let uncertainties = &problem.spec.uncertainties;
    // The numbers that size the design, checked before it is built.
    limits::SAMPLES.check(Some(n as u128), Cost::default())?;
    limits::BOOTSTRAP.check(Some(settings.bootstrap as u128), Cost::default())?;
    limits::check_declarations(problem.spec)?;
    let (rows, y, parameters, groups, convergence_steps) = match settings.method {
        Method::Sobol => {
            if n < 4 {
                return Err(AnalysisError::InvalidSetting {
                    setting: "samples",
                    message: "must be at least 4 for Sobol' indices".into(),
                });
            }
            // One swap per parameter, then one per named group.
            let mut group_names: Vec<String> = Vec::new();
            for u in uncertainties {
                if let Some(g) = u.group.as_ref().filter(|g| !group_names.contains(g)) {
                    group_names.push(g.clone());
                }
            }
            let mut swaps: Vec<Vec<usize>> = (0..k).map(|i| vec![i]).collect();
            for g in &group_names {
                swaps.push(
                    (0..k)
                        .filter(|&i| uncertainties[i].group.as_ref() == Some(g))
                        .collect(),
                );
            }
            // N base rows, each with its S swaps and the two base matrices.
            limits::check_design(
                limits::mul(Some(n as u128), Some(swaps.len() as u128 + 2)),
                k,
            )?;
            let scrambling = if settings.scramble {
                Scrambling::Owen { seed }
            } else {
                Scrambling::None
            };
            let d = SaltelliDesign::with_scrambling(n, k, Some(swaps), scrambling)
                .map_err(|e| AnalysisError::Design(e.to_string()))?;
            let block = d.block();
            progress.start(d.rows.len() as u64, &label);
            let y = evaluate_metric(problem, &d.rows, m, seed, |i| (i / block) as u64, progress)?;
            // A constant metric has no variance to apportion: its indices
            // are undefined (NaN, `null` in JSON, "no variance" in tables), not 0.
            let idx = match analyze(&y, d.swaps.len(), n, settings.bootstrap, seed) {
                Err(SobolError::NoVariance { .. }) => SobolIndices::undefined(d.swaps.len()),
                other => other.map_err(|e| AnalysisError::Design(e.to_string()))?,
            };
            let index = |s: usize| SobolIndex {
                s1: idx.s1[s],
                s1_conf: idx.s1_conf[s],
                st: idx.st[s],
                st_conf: idx.st_conf[s],
            };
            let parameters = (0..k)
                .map(|i| ParameterIndices {
                    name: names[i].to_string(),
                    group: uncertainties[i].group.clone(),
                    indices: Indices::Sobol(index(i)),
                })
                .collect();
            let groups = group_names
                .iter()
                .enumerate()
                .map(|(g, name)| GroupIndices {
                    name: name.clone(),
                    members: d.swaps[k + g]
                        .iter()
                        .map(|&i| names[i].to_string())
                        .collect(),
                    indices: index(k + g),
                })
                .collect();
            let conv = match convergence(&y, d.swaps.len(), n) {
                Ok(steps) => steps,
                // No variance in a prefix: no convergence to show.
                Err(SobolError::NoVariance { .. }) => Vec::new(),
                Err(e) => return Err(AnalysisError::Design(e.to_string())),
            }
            .into_iter()
            .map(|c| ConvergenceStep {
                samples: c.samples,
                parameters: (0..k)
                    .map(|i| ConvergenceIndex {
                        name: names[i].to_string(),
                        s1: c.s1[i],
                        st: c.st[i],
                    })
                    .collect(),
            })
            .collect();
            (d.rows, y, parameters, groups, conv)
        }
        Method::Morris => {
            if settings.scramble {
                return Err(AnalysisError::InvalidSetting {
                    setting: "scramble",
                    message: "applies to Sobol' only (method sobol)".into(),
                });
            }
            if n < 2 {
                return Err(AnalysisError::InvalidSetting {
                    setting: "samples",
                    message: "(trajectories) must be at least 2 for Morris".into(),
                });
            }
            if settings.levels < 2 || settings.levels & 1 == 1 {
                return Err(AnalysisError::InvalidSetting {
                    setting: "levels",
                    message: "must be an even number ≥ 2".into(),
                });
            }
            limits::LEVELS.check(Some(settings.levels as u128), Cost::default())?;
            limits::check_design(limits::mul(Some(n as u128), Some(k as u128 + 1)), k)?;
            let x = morris_sample(n, k, settings.levels, seed);
            progress.start(x.len() as u64, &label);
            let y = evaluate_metric(problem, &x, m, seed, |i| (i / (k + 1)) as u64, progress)?;
            let mi = morris_analyze(&x, &y, k, settings.bootstrap, seed);
            let parameters = (0..k)
                .map(|i| ParameterIndices {
                    name: names[i].to_string(),
                    group: uncertainties[i].group.clone(),
                    indices: Indices::Morris(MorrisIndex {
                        mu_star: mi.mu_star[i],
                        mu_star_conf: mi.mu_star_conf[i],
                        mu: mi.mu[i],
                        sigma: mi.sigma[i],
                    }),
                })
                .collect();
            (x, y, parameters, Vec::new(), Vec::new())
        }
    };
    let result = Sensitivity {
        scenario: problem.scenario_name.clone(),
        model: problem.model.id().to_string(),
        metric: settings.metric.clone(),
        method: settings.method,
        samples: n,
        seed,
        evaluations: rows.len(),
        parameters,
        groups,
        convergence: convergence_steps,
        scrambled: settings.scramble && settings.method == Method::Sobol,
    };
    Ok(SensitivityRun {
        result,
        samples: rows.iter().map(|u| problem.values(u)).collect(),
        outputs: y,
    })
}
