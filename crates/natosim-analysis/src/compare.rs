//! Side-by-side comparison of the institutional models on one scenario.
//!
//! Every model runs the same run indices with the same seed, so run `r` of
//! each model sees the same exogenous shocks (common random numbers): the
//! differences between models come from their institutions, not from luck.

use crate::ensemble::{EnsembleOptions, MetricStats, for_each_chunk};
use crate::summary::MetricSummary;
use crate::{AnalysisError, Progress, ProgressSink};
use natosim_core::metrics::METRICS;
use natosim_core::scenario::Diagnostic;
use natosim_core::{Dataset, Engine, ModelId, RunMetrics, Scenario};
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
}

fn serialize_metrics<S: serde::Serializer>(
    v: &[(String, MetricSummary)],
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(v.len()))?;
    for (k, m) in v {
        map.serialize_entry(k, m)?;
    }
    map.end()
}

fn deserialize_metrics<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<(String, MetricSummary)>, D::Error> {
    struct InOrder;
    impl<'de> serde::de::Visitor<'de> for InOrder {
        type Value = Vec<(String, MetricSummary)>;
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
    d.deserialize_map(InOrder)
}

impl ModelSummary {
    /// The summary of a metric by name.
    pub fn metric(&self, name: &str) -> Option<&MetricSummary> {
        self.metrics
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, m)| m)
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

/// Runs `models` of `scenario` side by side, in the order given. Progress
/// counts runs of all models; stops with [`AnalysisError::Cancelled`] once
/// `progress` is cancelled. A model the scenario does not define is an
/// [`AnalysisError::Scenario`] diagnostic, before anything runs.
pub fn compare(
    scenario: &Scenario,
    data: &Dataset,
    models: &[ModelId],
    opts: EnsembleOptions,
    progress: &Progress,
) -> Result<Comparison, AnalysisError> {
    let engines = models
        .iter()
        .map(|m| Engine::new(scenario, data, m))
        .collect::<Result<Vec<Engine>, Diagnostic>>()
        .map_err(Box::new)?;
    let mut acc: Vec<MetricStats> = vec![MetricStats::default(); engines.len()];
    let per_model = engines.len() as u64;
    let scaled = PerModel(progress, per_model);
    for_each_chunk(opts.runs, &progress.reporting_to(&scaled), |range| {
        // All models of one run together: paired, and the run's data stays in cache.
        let results: Vec<Vec<RunMetrics>> = range
            .into_par_iter()
            .map(|r| engines.iter().map(|e| e.run(opts.seed, r)).collect())
            .collect();
        for run in &results {
            for (a, m) in acc.iter_mut().zip(run) {
                a.add(m);
            }
        }
    })?;
    Ok(Comparison {
        scenario: scenario.scenario.name.clone(),
        seed: opts.seed,
        runs: opts.runs,
        models: models
            .iter()
            .zip(&acc)
            .map(|(id, a)| ModelSummary {
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
            })
            .collect(),
    })
}
