//! Monte Carlo ensembles of one model.
//!
//! Runs are computed in parallel in chunks of [`CHUNK`] runs; within a chunk
//! rayon keeps results in run order, and chunks are folded into the
//! accumulators one after another. So the accumulated sums are added in the
//! same order on 1 or N threads (byte-identical output), and memory is
//! bounded by one chunk, whatever the number of runs.

use crate::summary::{Histogram, MetricSummary, Stats};
use crate::{AnalysisError, Progress};
use natosim_core::engine::{MonthRecord, Series, SeriesRecorder};
use natosim_core::metrics::{METRICS, N_METRICS};
use natosim_core::{Engine, RunMetrics};
use rayon::prelude::*;
use serde::Serialize;

/// Runs per parallel chunk.
pub const CHUNK: u64 = 2048;

/// Runs per chunk when whole monthly series are kept.
const SERIES_CHUNK: u64 = 128;

/// How to run an ensemble.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnsembleOptions {
    /// Root seed.
    pub seed: u64,
    /// Number of runs.
    pub runs: u64,
}

/// Streaming statistics of every metric.
#[derive(Clone, Debug)]
pub struct MetricStats {
    stats: Vec<Stats>,
}

impl Default for MetricStats {
    fn default() -> Self {
        MetricStats {
            stats: METRICS
                .iter()
                .map(|m| Stats::new(m.lo, m.hi, Stats::BINS))
                .collect(),
        }
    }
}

impl MetricStats {
    /// Adds one run.
    pub fn add(&mut self, run: &RunMetrics) {
        for (s, &v) in self.stats.iter_mut().zip(run.values.iter()) {
            s.add(v);
        }
    }

    /// The summaries, in [`METRICS`] order.
    pub fn summaries(&self) -> [MetricSummary; N_METRICS] {
        std::array::from_fn(|k| self.stats[k].summary())
    }

    /// The sample variances across runs, in [`METRICS`] order (`NaN` where
    /// a metric is defined in fewer than two runs).
    pub fn variances(&self) -> [f64; N_METRICS] {
        std::array::from_fn(|k| self.stats[k].variance())
    }
}

/// Runs `opts.runs` runs of `engine`, calling `progress.advance(done)` after
/// each chunk; stops with [`AnalysisError::Cancelled`] once `progress` is cancelled.
pub fn run_ensemble(
    engine: &Engine,
    opts: EnsembleOptions,
    progress: &Progress,
) -> Result<MetricStats, AnalysisError> {
    crate::limits::check_runs(opts.runs, 1)?;
    let mut acc = MetricStats::default();
    for_each_chunk(opts.runs, progress, |range| {
        let results: Vec<RunMetrics> = range
            .into_par_iter()
            .map(|r| engine.run(opts.seed, r))
            .collect();
        for r in &results {
            acc.add(r);
        }
    })?;
    Ok(acc)
}

/// Calls `f` with consecutive run ranges of at most [`CHUNK`] runs.
pub(crate) fn for_each_chunk(
    runs: u64,
    progress: &Progress,
    f: impl FnMut(std::ops::Range<u64>),
) -> Result<(), AnalysisError> {
    for_each_chunk_of(CHUNK, runs, progress, f)
}

/// Calls `f` with consecutive run ranges of at most `chunk` runs, then
/// `progress.advance(done)`; checks for cancellation before each chunk.
fn for_each_chunk_of(
    chunk: u64,
    runs: u64,
    progress: &Progress,
    mut f: impl FnMut(std::ops::Range<u64>),
) -> Result<(), AnalysisError> {
    let mut start = 0;
    while start < runs {
        progress.check()?;
        let end = (start + chunk).min(runs);
        f(start..end);
        progress.advance(end);
        start = end;
    }
    Ok(())
}

/// The monthly series summarised across runs by [`SeriesStats`] (names,
/// kinds and value ranges are defined once, in [`natosim_core::engine::SERIES`]).
pub const SERIES_FIELDS: &[Series] = &[
    Series::Cohesion,
    Series::Alignment,
    Series::UsTrust,
    Series::UsLeadership,
    Series::Deterrence,
    Series::ConventionalDeterrence,
    Series::NuclearCredibility,
    Series::Threat,
    Series::EuropeSpendingGdp,
    Series::AttackHazard,
    Series::FragmentationHazard,
];

/// Bins per monthly histogram (quantile error ≤ range / 400).
const SERIES_BINS: usize = 400;

/// Per-month mean and quantiles of the [`SERIES_FIELDS`] over an ensemble.
#[derive(Clone, Debug)]
pub struct SeriesStats {
    months: Vec<natosim_core::time::YearMonth>,
    sums: Vec<f64>,
    hists: Vec<Histogram>,
    runs: u64,
}

/// One row of an ensemble time series.
#[derive(Clone, Debug, Serialize)]
pub struct SeriesRow {
    /// Month.
    pub month: String,
    /// Field name.
    pub field: &'static str,
    /// Mean over runs.
    pub mean: f64,
    /// 5th percentile.
    pub p05: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl SeriesStats {
    fn new(months: usize) -> Self {
        let cells = months * SERIES_FIELDS.len();
        SeriesStats {
            months: Vec::with_capacity(months),
            sums: vec![0.0; cells],
            hists: (0..cells)
                .map(|c| {
                    let (lo, hi) = SERIES_FIELDS[c % SERIES_FIELDS.len()].range();
                    Histogram::new(lo, hi, SERIES_BINS)
                })
                .collect(),
            runs: 0,
        }
    }

    fn add(&mut self, series: &[MonthRecord]) {
        if self.months.is_empty() {
            self.months = series.iter().map(|r| r.month).collect();
        }
        for (t, rec) in series.iter().enumerate() {
            for (k, field) in SERIES_FIELDS.iter().enumerate() {
                let c = t * SERIES_FIELDS.len() + k;
                let v = field.value(rec);
                self.sums[c] += v;
                self.hists[c].add(v);
            }
        }
        self.runs += 1;
    }

    /// The rows, month by month, field by field.
    pub fn rows(&self) -> Vec<SeriesRow> {
        let mut out = Vec::with_capacity(self.sums.len());
        for (t, month) in self.months.iter().enumerate() {
            for (k, field) in SERIES_FIELDS.iter().enumerate() {
                let c = t * SERIES_FIELDS.len() + k;
                let h = &self.hists[c];
                out.push(SeriesRow {
                    month: month.to_string(),
                    field: field.name(),
                    mean: self.sums[c] / self.runs.max(1) as f64,
                    p05: h.quantile(0.05),
                    p25: h.quantile(0.25),
                    p50: h.quantile(0.50),
                    p75: h.quantile(0.75),
                    p95: h.quantile(0.95),
                });
            }
        }
        out
    }
}

/// Runs an ensemble and also summarises the monthly series.
pub fn run_ensemble_with_series(
    engine: &Engine,
    opts: EnsembleOptions,
    progress: &Progress,
) -> Result<(MetricStats, SeriesStats), AnalysisError> {
    crate::limits::check_runs(opts.runs, 1)?;
    let mut acc = MetricStats::default();
    let mut series = SeriesStats::new(engine.months());
    // Whole monthly series are large (~20 kB a run): fold them in small chunks.
    for_each_chunk_of(SERIES_CHUNK, opts.runs, progress, |range| {
        let results: Vec<(RunMetrics, SeriesRecorder)> = range
            .into_par_iter()
            .map(|r| {
                let mut rec = SeriesRecorder::default();
                (engine.run_observed(opts.seed, r, &mut rec), rec)
            })
            .collect();
        for (m, rec) in &results {
            acc.add(m);
            series.add(&rec.months);
        }
    })?;
    Ok((acc, series))
}
