//! Per-run rows of an ensemble, for a range of runs.
//!
//! The ensemble functions ([`crate::ensemble`]) fold runs into streaming
//! summaries; a notebook, a data frame or a distributed job wants the runs
//! themselves. [`run_rows`] computes runs `[start, end)` of one model —
//! run `r` is always `engine.run(seed, r)`, so any split of a run range into
//! chunks, computed anywhere in any order, gives the same rows as the whole
//! range computed at once (the basis of the Python package's Dask chunks).

use crate::ensemble::CHUNK;
use crate::{AnalysisError, Progress};
use natosim_core::{Engine, RunMetrics};
use rayon::prelude::*;
use std::ops::Range;

/// One run's metrics, with its run index.
#[derive(Clone, Debug, PartialEq)]
pub struct RunRow {
    /// The run index passed to the engine.
    pub run: u64,
    /// Its metrics (NaN where undefined in this run).
    pub metrics: RunMetrics,
}

/// Runs `runs` of `engine` with root seed `seed`, in parallel in fixed chunks
/// of [`CHUNK`] runs, and returns one row per run in run order;
/// `progress.advance(done)` after each chunk (`done` counted from the range's
/// start), [`AnalysisError::Cancelled`] once `progress` is cancelled.
pub fn run_rows(
    engine: &Engine,
    seed: u64,
    runs: Range<u64>,
    progress: &Progress,
) -> Result<Vec<RunRow>, AnalysisError> {
    if runs.start > runs.end {
        return Err(AnalysisError::InvalidSetting {
            setting: "runs",
            message: format!(
                "the range {}..{} is empty the wrong way round (start after end)",
                runs.start, runs.end
            ),
        });
    }
    let n = runs.end - runs.start;
    // Rows are held in memory: the runs limit, with their size as the estimate.
    let row_bytes = std::mem::size_of::<RunRow>() as u128;
    crate::limits::RUNS.check(
        Some(n.into()),
        crate::limits::Cost {
            model_runs: Some(n.into()),
            bytes: Some(u128::from(n) * row_bytes),
        },
    )?;
    let mut out = Vec::with_capacity(usize::try_from(n).unwrap_or(0));
    let mut start = runs.start;
    while start < runs.end {
        progress.check()?;
        let end = (start + CHUNK).min(runs.end);
        out.par_extend((start..end).into_par_iter().map(|run| RunRow {
            run,
            metrics: engine.run(seed, run),
        }));
        progress.advance(end - runs.start);
        start = end;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ensemble::{EnsembleOptions, run_ensemble};
    use natosim_core::{Dataset, ModelId, Scenario};

    #[test]
    fn chunks_give_the_rows_of_the_whole_range_and_the_ensemble_summary() {
        let scenario = Scenario::defaults();
        let data = Dataset::embedded().unwrap();
        let engine = Engine::new(&scenario, &data, &ModelId::toolkit()).unwrap();
        let p = Progress::none();
        let whole = run_rows(&engine, 7, 0..40, &p).unwrap();
        let mut parts = run_rows(&engine, 7, 25..40, &p).unwrap();
        parts.splice(0..0, run_rows(&engine, 7, 0..25, &p).unwrap());
        assert_eq!(whole, parts);
        assert_eq!(
            whole.iter().map(|r| r.run).collect::<Vec<_>>(),
            (0..40).collect::<Vec<_>>()
        );
        // The rows are the runs the ensemble summarises.
        let stats = run_ensemble(&engine, EnsembleOptions { seed: 7, runs: 40 }, &p).unwrap();
        let s = &stats.summaries()[0];
        let mean = whole.iter().map(|r| r.metrics.values[0]).sum::<f64>() / 40.0;
        assert!(
            (s.mean - mean).abs() <= 1e-12 * mean.abs().max(1.0),
            "{} vs {mean}",
            s.mean
        );
        let (start, end) = (5, 4); // a reversed range, as a caller might compute it
        assert!(run_rows(&engine, 7, start..end, &p).is_err());
        assert!(run_rows(&engine, 7, 3..3, &p).unwrap().is_empty());
    }
}

#[cfg(test)]
mod experiment_tests {
    use crate::Progress;
    use crate::explore::Problem;
    use crate::workflow::experiment::{
        Collect, Design, ExperimentSettings, experiment, experiment_rows,
    };
    use natosim_core::scenario::{ShippedSource, load};
    use natosim_core::{Dataset, ModelId};

    #[test]
    fn experiment_ranges_are_slices_of_the_whole_table() {
        let loaded = load("uncertain-baseline", &ShippedSource).unwrap();
        let spec = loaded.exploration().unwrap();
        let data = Dataset::embedded().unwrap();
        let problem = Problem::new(&loaded.scenario, &spec, &data, ModelId::toolkit()).unwrap();
        let settings = ExperimentSettings {
            design: Design::LatinHypercube,
            samples: 6,
            replications: 2,
            seed: 3,
            scramble: false,
        };
        let p = Progress::none();
        let mut whole = Collect::default();
        let shape = experiment(&problem, &settings, &p, &mut whole).unwrap();
        let mut parts = Vec::new();
        for range in [0..5, 5..5, 5..11, 11..usize::MAX] {
            let mut c = Collect::default();
            assert_eq!(
                experiment_rows(&problem, &settings, range, &p, &mut c).unwrap(),
                shape
            );
            parts.extend(c.rows);
        }
        assert_eq!(whole.rows.len(), shape.rows);
        assert_eq!(whole.rows, parts);
    }
}
