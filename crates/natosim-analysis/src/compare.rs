//! Side-by-side comparison of the institutional models on one scenario.
//!
//! Every model runs the same run indices with the same seed, so run `r` of
//! each model sees the same exogenous shocks (common random numbers): the
//! differences between models come from their institutions, not from luck.
//!
//! [`compare_uncertain`] can also draw the scenario's declared uncertain
//! parameters per run ([`crate::uncertainty`]), the same vector for every
//! model in a run: the intervals then carry the uncertainty of the named
//! assumptions as well as that of random events, and the result says which
//! ([`Comparison::uncertainty`]). In [`UncertaintyMode::Split`] each model
//! also gets the aleatory-only intervals at the nominal parameter values and
//! the share of each metric's variance due to the parameters.

use crate::ensemble::{EnsembleOptions, MetricStats, for_each_chunk};
use crate::summary::MetricSummary;
use crate::uncertainty::{RunModels, UncertaintyInfo, UncertaintyMode};
use crate::{AnalysisError, Progress, ProgressSink};
use natosim_core::explore::ExplorationSpec;
use natosim_core::metrics::METRICS;
use natosim_core::{Dataset, ModelId, RunMetrics, Scenario};
use rayon::prelude::*;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};

/// One model's results.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ModelSummary {
    /// Model identifier.
    pub id: ModelId,
    /// Human-readable label from the scenario.
    pub label: String,
    /// Metric summaries, keyed by metric name, in `METRICS` order (a JSON
    /// object whose key order is kept both ways).
    #[serde(
        serialize_with = "serialize_metrics",
        deserialize_with = "deserialize_metrics"
    )]
    pub metrics: Vec<(String, MetricSummary)>,
    /// With [`UncertaintyMode::Split`]: per metric, in `METRICS` order, the
    /// aleatory-only summary and the share of the variance due to the
    /// parameters; empty otherwise (and then not written).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "serialize_metrics",
        deserialize_with = "deserialize_metrics"
    )]
    pub split: Vec<(String, SplitSummary)>,
}

/// A metric's aleatory-only summary beside the combined one.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq)]
pub struct SplitSummary {
    /// The summary with every parameter at its nominal value (random
    /// events only), over the same runs and random streams.
    pub aleatory: MetricSummary,
    /// Share of the combined variance across runs due to the parameters:
    /// `1 − var(aleatory) / var(combined)`, clamped to `[0, 1]`; `null` where
    /// the combined variance is 0 or undefined. It treats the variance of
    /// random events at the nominal values as the typical one (the first
    /// term of the law of total variance, evaluated at one point).
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub parameter_share: f64,
}

fn serialize_metrics<S: serde::Serializer, T: Serialize>(
    v: &[(String, T)],
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(v.len()))?;
    for (k, m) in v {
        map.serialize_entry(k, m)?;
    }
    map.end()
}

fn deserialize_metrics<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<(String, T)>, D::Error> {
    struct InOrder<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for InOrder<T> {
        type Value = Vec<(String, T)>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object of metric summaries")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut m: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = m.next_entry()? {
                out.push(entry);
            }
            Ok(out)
        }
    }
    d.deserialize_map(InOrder(std::marker::PhantomData))
}

impl ModelSummary {
    /// The summary of a metric by name.
    pub fn metric(&self, name: &str) -> Option<&MetricSummary> {
        self.metrics
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, m)| m)
    }

    /// The split summary of a metric by name (split mode only).
    pub fn split_metric(&self, name: &str) -> Option<&SplitSummary> {
        self.split.iter().find(|(n, _)| *n == name).map(|(_, m)| m)
    }
}

/// The comparison: scenario, seed, runs and one summary per model; what
/// `natosim compare --format json` writes, and reads back unchanged.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Comparison {
    /// Scenario name.
    pub scenario: String,
    /// Root seed.
    pub seed: u64,
    /// Runs per model.
    pub runs: u64,
    /// What the intervals carry: random events only, or the declared
    /// uncertain parameters too (absent in older files: aleatory).
    #[serde(default)]
    pub uncertainty: UncertaintyInfo,
    /// One entry per model, in the order requested.
    pub models: Vec<ModelSummary>,
}

/// Scales the progress of one model's runs to runs of all models.
struct PerModel<'a>(&'a Progress<'a>, u64);

impl ProgressSink for PerModel<'_> {
    fn advance(&self, done: u64) {
        self.0.advance(done * self.1);
    }
}

/// Runs `models` of `scenario` side by side, in the order given, with every
/// parameter at its nominal value (random events only). Progress counts
/// runs of all models; stops with [`AnalysisError::Cancelled`] once
/// `progress` is cancelled. A model the scenario does not define is an
/// [`AnalysisError::Scenario`] diagnostic, before anything runs.
pub fn compare(
    scenario: &Scenario,
    data: &Dataset,
    models: &[ModelId],
    opts: EnsembleOptions,
    progress: &Progress,
) -> Result<Comparison, AnalysisError> {
    compare_uncertain(
        scenario,
        &ExplorationSpec::default(),
        data,
        models,
        opts,
        UncertaintyMode::Aleatory,
        progress,
    )
}

/// Like [`compare`], with the uncertainty `mode`: in
/// [`UncertaintyMode::Combined`] and [`UncertaintyMode::Split`] each run
/// draws `spec`'s uncertain parameters (the same vector for every model).
/// Asking to draw parameters a scenario does not declare is an
/// [`AnalysisError::NoUncertainties`]. Progress counts runs of all models
/// (twice per run in split mode).
pub fn compare_uncertain(
    scenario: &Scenario,
    spec: &ExplorationSpec,
    data: &Dataset,
    models: &[ModelId],
    opts: EnsembleOptions,
    mode: UncertaintyMode,
    progress: &Progress,
) -> Result<Comparison, AnalysisError> {
    if mode.draws_parameters() && spec.uncertainties.is_empty() {
        return Err(AnalysisError::NoUncertainties);
    }
    let passes_asked = if mode == UncertaintyMode::Split { 2 } else { 1 };
    crate::limits::check_runs(opts.runs, models.len() as u64 * passes_asked)?;
    if mode.draws_parameters() {
        crate::limits::check_declarations(spec)?;
    }
    let drawn = RunModels::new(scenario, spec, data, models, mode.draws_parameters(), None)?;
    let nominal = (mode == UncertaintyMode::Split)
        .then(|| RunModels::new(scenario, spec, data, models, false, None))
        .transpose()?;
    let mut acc: Vec<MetricStats> = vec![MetricStats::default(); models.len()];
    let mut acc_nominal: Vec<MetricStats> = vec![MetricStats::default(); models.len()];
    let passes = if nominal.is_some() { 2 } else { 1 };
    let scaled = PerModel(progress, (models.len() * passes) as u64);
    let mut rejected = 0u64;
    let mut failure: Option<AnalysisError> = None;
    for_each_chunk(opts.runs, &progress.reporting_to(&scaled), |range| {
        // All models of one run together: paired, and the run's data stays in cache.
        type Run = (Vec<RunMetrics>, u32, Option<Vec<RunMetrics>>);
        let results: Vec<Result<Run, AnalysisError>> = range
            .into_par_iter()
            .map(|r| {
                let (m, rej) = drawn.run_all(opts.seed, r)?;
                let n = nominal
                    .as_ref()
                    .map(|n| n.run_all(opts.seed, r).map(|x| x.0))
                    .transpose()?;
                Ok((m, rej, n))
            })
            .collect();
        for run in results {
            match run {
                Ok((m, rej, n)) => {
                    rejected += u64::from(rej);
                    for (a, m) in acc.iter_mut().zip(&m) {
                        a.add(m);
                    }
                    if let Some(n) = n {
                        for (a, m) in acc_nominal.iter_mut().zip(&n) {
                            a.add(m);
                        }
                    }
                }
                Err(e) => {
                    failure.get_or_insert(e);
                }
            }
        }
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    let uncertainty = UncertaintyInfo {
        mode,
        parameters: drawn.draws().map(|d| d.parameters()).unwrap_or_default(),
        rejected_draws: rejected,
    };
    Ok(Comparison {
        scenario: scenario.scenario.name.clone(),
        seed: opts.seed,
        runs: opts.runs,
        uncertainty,
        models: models
            .iter()
            .zip(acc.iter().zip(&acc_nominal))
            .map(|(id, (a, n))| ModelSummary {
                id: id.clone(),
                // Every id has a model: its engine was built above.
                label: scenario
                    .model(id)
                    .map_or_else(String::new, |m| m.label.clone()),
                metrics: METRICS
                    .iter()
                    .map(|m| m.name.to_string())
                    .zip(a.summaries())
                    .collect(),
                split: if nominal.is_some() {
                    let (va, vn) = (a.variances(), n.variances());
                    METRICS
                        .iter()
                        .zip(n.summaries())
                        .enumerate()
                        .map(|(k, (m, s))| {
                            let share = if va[k] > 0.0 && va[k].is_finite() {
                                (1.0 - vn[k] / va[k]).clamp(0.0, 1.0)
                            } else {
                                f64::NAN
                            };
                            (
                                m.name.to_string(),
                                SplitSummary {
                                    aleatory: s,
                                    parameter_share: share,
                                },
                            )
                        })
                        .collect()
                } else {
                    Vec::new()
                },
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use natosim_core::scenario::Layer;

    fn uncertain() -> (Scenario, ExplorationSpec) {
        let layer = Layer::parse(
            "u.toml",
            "[uncertainties.\"russia.concentration\"]\nlow = 0.2\nhigh = 0.4\n\
             [uncertainties.\"us.political_friction\"]\nlow = 0.1\nhigh = 0.6\n",
        )
        .unwrap();
        let s = Scenario::from_layers(std::slice::from_ref(&layer)).unwrap();
        let spec = ExplorationSpec::from_layers(&[layer], &s).unwrap();
        (s, spec)
    }

    #[test]
    fn split_pairs_the_nominal_runs_with_compare_and_adds_shares() {
        let (s, spec) = uncertain();
        let data = Dataset::embedded().unwrap();
        let models = [ModelId::status_quo(), ModelId::european_defence_union()];
        let opts = EnsembleOptions { seed: 4, runs: 40 };
        let p = Progress::none();
        let plain = compare(&s, &data, &models, opts, &p).unwrap();
        assert_eq!(plain.uncertainty.mode, UncertaintyMode::Aleatory);
        assert!(plain.models.iter().all(|m| m.split.is_empty()));
        let split =
            compare_uncertain(&s, &spec, &data, &models, opts, UncertaintyMode::Split, &p).unwrap();
        let combined = compare_uncertain(
            &s,
            &spec,
            &data,
            &models,
            opts,
            UncertaintyMode::Combined,
            &p,
        )
        .unwrap();
        assert_eq!(split.uncertainty.parameters.len(), 2);
        assert_eq!(split.uncertainty.parameters[0].nominal, 0.3);
        for ((m, c), pl) in split.models.iter().zip(&combined.models).zip(&plain.models) {
            // The combined side is the combined comparison, the aleatory side
            // the plain one: same runs, same streams.
            assert_eq!(m.metrics, c.metrics);
            for ((name, sp), (_, al)) in m.split.iter().zip(&pl.metrics) {
                assert_eq!(sp.aleatory, *al, "{name}");
                assert!(
                    sp.parameter_share.is_nan() || (0.0..=1.0).contains(&sp.parameter_share),
                    "{name}"
                );
            }
        }
        // The knife-edge of the Baltic fight: drawing Russia's concentration
        // widens the EDU's attack probability far beyond the random events.
        let edu = &split.models[1];
        let share = edu.split_metric("p_attack").unwrap().parameter_share;
        assert!(share > 0.5, "{share}");
        // JSON round trip keeps everything, NaN shares included.
        let json = serde_json::to_string(&split).unwrap();
        let back: Comparison = serde_json::from_str(&json).unwrap();
        assert_eq!(
            serde_json::to_string(&back).unwrap(),
            json,
            "round trip is stable"
        );
    }

    #[test]
    fn drawing_without_declared_uncertainties_is_an_error() {
        let s = Scenario::defaults();
        let data = Dataset::embedded().unwrap();
        let e = compare_uncertain(
            &s,
            &ExplorationSpec::default(),
            &data,
            &[ModelId::toolkit()],
            EnsembleOptions { seed: 1, runs: 2 },
            UncertaintyMode::Combined,
            &Progress::none(),
        )
        .unwrap_err();
        assert!(matches!(e, AnalysisError::NoUncertainties));
    }
}
