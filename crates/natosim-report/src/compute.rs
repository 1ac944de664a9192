//! The numbers behind the report, computed in one go.
//!
//! Per model: one ensemble pass with monthly series (metric summaries and the
//! per-month quantiles of the four fan-chart fields) and one pass with each
//! member's final state (per-member medians for the maps). Both passes run
//! chunks of runs in parallel on rayon and fold the chunk's results into
//! streaming histograms in run order, so the result is byte-identical on any
//! number of threads and memory does not grow with the number of runs.

use crate::i18n::Lang;
use natosim_analysis::ensemble::{CHUNK, EnsembleOptions, MetricStats};
use natosim_analysis::summary::{Histogram, MetricSummary};
use natosim_core::engine::MonthRecord;
use natosim_core::metrics::METRICS;
use natosim_core::scenario::Diagnostic;
use natosim_core::time::YearMonth;
use natosim_core::{Dataset, Engine, MemberEnd, ModelId, RunMetrics, Scenario};
use rayon::prelude::*;

/// Runs per chunk when whole monthly series are kept (≈ 20 kB a run).
const SERIES_CHUNK: u64 = 128;
/// Bins of the per-month histograms (quantile error ≤ range / 1000).
const BINS: usize = 1000;

/// A monthly quantity shown as a fan chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FanField {
    /// Cohesion index (Kohäsion).
    Cohesion,
    /// Capacity to act (Handlungsfähigkeit): share of crises so far answered
    /// adequately and in time — the `capacity_to_act` metric accumulated month by month.
    CapacityToAct,
    /// Deterrence (Abschreckung).
    Deterrence,
    /// European allies' defence spending, % of GDP.
    EuropeSpendingGdp,
}

impl FanField {
    /// All fan-chart fields, in report order.
    pub const ALL: [FanField; 4] = [
        FanField::Cohesion,
        FanField::CapacityToAct,
        FanField::Deterrence,
        FanField::EuropeSpendingGdp,
    ];

    /// Machine name (file names, CSV).
    pub fn id(self) -> &'static str {
        match self {
            FanField::Cohesion => "cohesion",
            FanField::CapacityToAct => "capacity_to_act",
            FanField::Deterrence => "deterrence",
            FanField::EuropeSpendingGdp => "europe_spending_gdp",
        }
    }

    /// The value in one month; `NaN` when undefined (no crisis yet).
    pub fn value(self, r: &MonthRecord) -> f64 {
        match self {
            FanField::Cohesion => r.cohesion,
            FanField::CapacityToAct => {
                if r.crises == 0 {
                    f64::NAN
                } else {
                    f64::from(r.crises_answered) / f64::from(r.crises)
                }
            }
            FanField::Deterrence => r.deterrence,
            FanField::EuropeSpendingGdp => r.europe_spending_gdp,
        }
    }

    /// The histogram range.
    fn range(self) -> (f64, f64) {
        match self {
            FanField::EuropeSpendingGdp => (0.0, 10.0),
            _ => (0.0, 1.0),
        }
    }
}

/// Quantiles of one month: 5, 25, 50, 75, 95 %.
pub type Quantiles = [f64; 5];

/// The probabilities of [`Quantiles`].
pub const QUANTILES: Quantiles = [0.05, 0.25, 0.50, 0.75, 0.95];

/// One model's fan for one field.
#[derive(Clone, Debug)]
pub struct Fan {
    /// Field.
    pub field: FanField,
    /// Quantiles per month (`NaN` where undefined in every run).
    pub q: Vec<Quantiles>,
}

/// Per-member medians of the final simulated month.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MemberMedians {
    /// Defence spending, % of GDP.
    pub spending_gdp: f64,
    /// Trust in the US guarantee (0–1).
    pub us_trust: f64,
    /// Threat perception.
    pub threat: f64,
}

/// One model's results.
#[derive(Clone, Debug)]
pub struct ModelResult {
    /// Model.
    pub id: ModelId,
    /// Its name in English, from the scenario.
    pub label: String,
    /// Its name in German, from the scenario, if it has one.
    pub label_de: Option<String>,
    /// Its colour in every chart ([`crate::charts::model_colour`] of its position).
    pub colour: String,
    /// Metric summaries in [`METRICS`] order.
    pub metrics: Vec<(&'static str, MetricSummary)>,
    /// One fan per [`FanField::ALL`].
    pub fans: Vec<Fan>,
    /// Per-member medians, dataset order.
    pub members: Vec<MemberMedians>,
}

impl ModelResult {
    /// The model's name in `lang` (German falls back to English).
    pub fn label(&self, lang: Lang) -> &str {
        match (lang, &self.label_de) {
            (Lang::De, Some(de)) => de,
            _ => &self.label,
        }
    }

    /// A metric's summary by name.
    pub fn metric(&self, name: &str) -> Option<&MetricSummary> {
        self.metrics
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s)
    }

    /// The fan of a field.
    pub fn fan(&self, field: FanField) -> &Fan {
        &self.fans[FanField::ALL.iter().position(|f| *f == field).unwrap_or(0)]
    }
}

/// Everything the report shows that comes from simulation.
#[derive(Clone, Debug)]
pub struct ReportData {
    /// Scenario name.
    pub scenario: String,
    /// Root seed.
    pub seed: u64,
    /// Runs per model.
    pub runs: u64,
    /// Simulated months.
    pub months: Vec<YearMonth>,
    /// One result per model, in the scenario's declaration order.
    pub models: Vec<ModelResult>,
}

/// Runs every model of the scenario and collects the report's numbers.
/// `progress(done)` counts simulated runs out of `models × 2 × opts.runs`
/// (two passes per model).
pub fn compute(
    scenario: &Scenario,
    data: &Dataset,
    opts: EnsembleOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<ReportData, Diagnostic> {
    let mut done = 0u64;
    let mut models = Vec::new();
    let mut months = Vec::new();
    for (k, model) in scenario.models.iter().enumerate() {
        let id = model.id.clone();
        let engine = Engine::new(scenario, data, &id)?;
        let (metrics, fans, m) = series_pass(&engine, opts, &|d| progress(done + d));
        done += opts.runs;
        let members = member_pass(&engine, opts, &|d| progress(done + d));
        done += opts.runs;
        months = m;
        models.push(ModelResult {
            id,
            label: model.institution.label.clone(),
            label_de: model.institution.label_de.clone(),
            colour: crate::charts::model_colour(k),
            metrics: METRICS
                .iter()
                .map(|i| i.name)
                .zip(metrics.summaries())
                .collect(),
            fans,
            members,
        });
    }
    Ok(ReportData {
        scenario: scenario.scenario.name.clone(),
        seed: opts.seed,
        runs: opts.runs,
        months,
        models,
    })
}

/// Calls `f` on consecutive run ranges of `chunk` runs, then `progress(end)`.
fn chunks(
    runs: u64,
    chunk: u64,
    progress: &(dyn Fn(u64) + Sync),
    mut f: impl FnMut(std::ops::Range<u64>),
) {
    let mut start = 0;
    while start < runs {
        let end = (start + chunk).min(runs);
        f(start..end);
        progress(end);
        start = end;
    }
}

fn series_pass(
    engine: &Engine,
    opts: EnsembleOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> (MetricStats, Vec<Fan>, Vec<YearMonth>) {
    let n_months = engine.months();
    let mut stats = MetricStats::default();
    let mut hists: Vec<Histogram> = (0..n_months * FanField::ALL.len())
        .map(|c| {
            let (lo, hi) = FanField::ALL[c % FanField::ALL.len()].range();
            Histogram::new(lo, hi, BINS)
        })
        .collect();
    let mut months = Vec::new();
    chunks(opts.runs, SERIES_CHUNK, progress, |range| {
        let results: Vec<(RunMetrics, Vec<MonthRecord>)> = range
            .into_par_iter()
            .map(|r| engine.run_with_series(opts.seed, r))
            .collect();
        for (m, series) in &results {
            stats.add(m);
            if months.is_empty() {
                months = series.iter().map(|r| r.month).collect();
            }
            for (t, rec) in series.iter().enumerate() {
                for (k, field) in FanField::ALL.iter().enumerate() {
                    let v = field.value(rec);
                    if v.is_finite() {
                        hists[t * FanField::ALL.len() + k].add(v);
                    }
                }
            }
        }
    });
    let fans = FanField::ALL
        .iter()
        .enumerate()
        .map(|(k, &field)| Fan {
            field,
            q: (0..months.len())
                .map(|t| {
                    let h = &hists[t * FanField::ALL.len() + k];
                    QUANTILES.map(|p| h.quantile(p))
                })
                .collect(),
        })
        .collect();
    (stats, fans, months)
}

fn member_pass(
    engine: &Engine,
    opts: EnsembleOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<MemberMedians> {
    let n = engine.members();
    // spending 0–20 % (0.01 pp bins), trust 0–1, threat 0–1.5.
    let mut spend: Vec<Histogram> = (0..n).map(|_| Histogram::new(0.0, 20.0, 2000)).collect();
    let mut trust: Vec<Histogram> = (0..n).map(|_| Histogram::new(0.0, 1.0, 1000)).collect();
    let mut threat: Vec<Histogram> = (0..n).map(|_| Histogram::new(0.0, 1.5, 1500)).collect();
    chunks(opts.runs, CHUNK, progress, |range| {
        let results: Vec<Vec<MemberEnd>> = range
            .into_par_iter()
            .map(|r| engine.run_with_members(opts.seed, r).1)
            .collect();
        for run in &results {
            for (i, m) in run.iter().enumerate() {
                if m.spending_gdp.is_finite() {
                    spend[i].add(m.spending_gdp);
                }
                if m.us_trust.is_finite() {
                    trust[i].add(m.us_trust);
                }
                if m.threat.is_finite() {
                    threat[i].add(m.threat);
                }
            }
        }
    });
    (0..n)
        .map(|i| MemberMedians {
            spending_gdp: spend[i].quantile(0.5),
            us_trust: trust[i].quantile(0.5),
            threat: threat[i].quantile(0.5),
        })
        .collect()
}
