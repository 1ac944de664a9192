//! Experiments: a design over the uncertainties crossed with every
//! combination of lever levels, each run with independent random streams,
//! rows handed to a sink in order so that memory stays flat whatever the
//! number of runs.

use crate::design::{Scrambling, factorial, latin_hypercube, monte_carlo, sobol_with};
use crate::explore::{Problem, metric_index, par_map_ordered};
use crate::limits::{self, Cost};
use crate::{AnalysisError, Progress};
use natosim_core::explore::Dist;
use serde::{Deserialize, Serialize};

/// A design over the uncertainties.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Design {
    /// Independent uniform draws.
    MonteCarlo,
    /// Latin hypercube.
    LatinHypercube,
    /// Sobol' low-discrepancy sequence.
    Sobol,
    /// Full factorial: `levels` quantile midpoints per continuous
    /// uncertainty, every value of a `choice`.
    Factorial {
        /// Levels per continuous uncertainty.
        levels: usize,
    },
}

/// What to run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExperimentSettings {
    /// The design.
    pub design: Design,
    /// Points of the design (not used by the factorial design).
    pub samples: usize,
    /// Runs with independent random streams per experiment.
    pub replications: usize,
    /// Root seed.
    pub seed: u64,
    /// With [`Design::Sobol`]: Owen-scramble the sequence, seeded by `seed`.
    pub scramble: bool,
}

/// The shape of an experiment table, known before the first run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExperimentTable {
    /// Model id.
    pub model: String,
    /// Root seed.
    pub seed: u64,
    /// Uncertain parameters, the columns of [`ExperimentRow::values`].
    pub parameters: Vec<String>,
    /// Levers, the columns of [`ExperimentRow::levels`].
    pub levers: Vec<String>,
    /// Outcome metrics, the columns of [`ExperimentRow::outcomes`].
    pub outcomes: Vec<String>,
    /// Experiments: design points × lever combinations.
    pub experiments: usize,
    /// Replications per experiment.
    pub replications: usize,
    /// Rows: experiments × replications.
    pub rows: usize,
}

/// One run of an experiment table.
#[derive(Clone, Debug, PartialEq)]
pub struct ExperimentRow {
    /// Experiment index.
    pub experiment: usize,
    /// Replication index.
    pub replication: usize,
    /// Run index passed to the engine (`experiment · replications + replication`).
    pub run: u64,
    /// Uncertain parameter values.
    pub values: Vec<f64>,
    /// Per lever, the index of its level in the lever's `levels`.
    pub levels: Vec<usize>,
    /// Outcome metric values (NaN where undefined in this run).
    pub outcomes: Vec<f64>,
}

/// Where an experiment's rows go (a CSV writer, a database, a channel).
pub trait ExperimentSink {
    /// Called once, before the first row.
    fn table(&mut self, table: &ExperimentTable) -> std::io::Result<()>;
    /// Called for each run, in order.
    fn row(&mut self, row: &ExperimentRow) -> std::io::Result<()>;
}

/// Collects everything in memory (for tests and small tables).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Collect {
    /// The table's shape, once known.
    pub table: Option<ExperimentTable>,
    /// The rows.
    pub rows: Vec<ExperimentRow>,
}

impl ExperimentSink for Collect {
    fn table(&mut self, table: &ExperimentTable) -> std::io::Result<()> {
        self.table = Some(table.clone());
        Ok(())
    }
    fn row(&mut self, row: &ExperimentRow) -> std::io::Result<()> {
        self.rows.push(row.clone());
        Ok(())
    }
}

/// Runs the experiments of `problem`: first `sink.table(&shape)` once, then
/// `sink.row(&r)` for each run in order, so nothing but one chunk of runs is
/// held in memory. An error of the sink stops the job
/// ([`AnalysisError::Sink`]).
pub fn experiment(
    problem: &Problem,
    settings: &ExperimentSettings,
    progress: &Progress,
    sink: &mut dyn ExperimentSink,
) -> Result<ExperimentTable, AnalysisError> {
    experiment_rows(problem, settings, 0..usize::MAX, progress, sink)
}

/// Like [`experiment`], but runs only rows `rows` of the table (clamped to
/// its size): `sink.table` gets the whole table's shape, `sink.row` the rows
/// in the range, in order. Row `i` is the same whichever range it is
/// computed in — its design point, lever levels and run index depend on `i`
/// alone — so a table split into ranges and computed anywhere (other
/// processes, other machines) is the table computed at once.
pub fn experiment_rows(
    problem: &Problem,
    settings: &ExperimentSettings,
    rows: std::ops::Range<usize>,
    progress: &Progress,
    sink: &mut dyn ExperimentSink,
) -> Result<ExperimentTable, AnalysisError> {
    if settings.replications == 0 {
        return Err(AnalysisError::InvalidSetting {
            setting: "replications",
            message: "must be at least 1".into(),
        });
    }
    if settings.scramble && settings.design != Design::Sobol {
        return Err(AnalysisError::InvalidSetting {
            setting: "scramble",
            message: "applies to the Sobol' design only (--design sobol)".into(),
        });
    }
    let k = problem.k();
    let seed = settings.seed;
    let spec = problem.spec;
    // The table's size, in exact arithmetic, before anything proportional
    // to it is allocated: `--levels 1000` over 16 uncertainties is 10^48
    // points, which the design builders must never be asked for.
    let per: Vec<usize> = match settings.design {
        Design::Factorial { levels } => {
            if levels == 0 {
                return Err(AnalysisError::InvalidSetting {
                    setting: "levels",
                    message: "must be at least 1".into(),
                });
            }
            limits::LEVELS.check(Some(levels as u128), Cost::default())?;
            spec.uncertainties
                .iter()
                .map(|u| match &u.dist {
                    Dist::Choice { values } => values.len(),
                    _ => levels,
                })
                .collect()
        }
        _ => {
            limits::SAMPLES.check(Some(settings.samples as u128), Cost::default())?;
            Vec::new()
        }
    };
    let n_points = match settings.design {
        Design::Factorial { .. } => limits::product(per.iter().copied()),
        _ => Some(settings.samples as u128),
    };
    limits::check_declarations(spec)?;
    let lever_levels: Vec<usize> = spec.levers.iter().map(|l| l.levels.len()).collect();
    let n_combos = limits::product(lever_levels.iter().copied());
    let reps = settings.replications;
    let n_rows = limits::mul(limits::mul(n_points, n_combos), Some(reps as u128));
    limits::EXPERIMENT_ROWS.check(n_rows, Cost::design(n_points, k, 1).with_runs(n_rows))?;
    let design_bytes = n_points.and_then(|p| p.checked_mul(limits::bytes_per_design_point(k)));
    limits::DESIGN_MEMORY.check(design_bytes, Cost::design(n_points, k, 1).with_runs(n_rows))?;
    let points: Vec<Vec<f64>> = match settings.design {
        Design::MonteCarlo => monte_carlo(settings.samples, k, seed),
        Design::LatinHypercube => latin_hypercube(settings.samples, k, seed),
        Design::Sobol => sobol_with(
            settings.samples,
            k,
            if settings.scramble {
                Scrambling::Owen { seed }
            } else {
                Scrambling::None
            },
        )
        .ok_or_else(|| {
            AnalysisError::Design("too many uncertainties for the Sobol' table".into())
        })?,
        Design::Factorial { .. } => factorial(&per)
            .into_iter()
            .map(|row| {
                row.iter()
                    .zip(&per)
                    .map(|(&l, &n)| (l as f64 + 0.5) / n as f64)
                    .collect()
            })
            .collect(),
    };
    if points.is_empty() {
        return Err(AnalysisError::InvalidSetting {
            setting: "samples",
            message: "must be at least 1".into(),
        });
    }
    let combos = factorial(&lever_levels);
    let experiments = points.len() * combos.len();
    let total = experiments * reps;
    let outcomes: Vec<(String, usize)> = spec
        .outcome_metrics()
        .into_iter()
        .map(|n| Ok((n.to_string(), metric_index(n)?)))
        .collect::<Result<_, AnalysisError>>()?;
    let shape = ExperimentTable {
        model: problem.model.id().to_string(),
        seed,
        parameters: problem.names().iter().map(|s| s.to_string()).collect(),
        levers: spec.levers.iter().map(|l| l.path.clone()).collect(),
        outcomes: outcomes.iter().map(|(n, _)| n.clone()).collect(),
        experiments,
        replications: reps,
        rows: total,
    };
    // Every experiment's scenario is checked before the first row is
    // written: a rejected corner must not end a long table half-written.
    problem.check_design(experiments, |e| {
        let (p, c) = (e / combos.len(), e % combos.len());
        (problem.values(&points[p]), combos[c].clone())
    })?;
    sink.table(&shape)?;
    let first = rows.start.min(total);
    let count = rows.end.min(total).saturating_sub(first);
    progress.start(count as u64, &format!("{} experiment", problem.model.id()));
    par_map_ordered(
        count,
        |j| {
            let i = first + j;
            let (e, r) = (i / reps, i % reps);
            let (p, c) = (e / combos.len(), e % combos.len());
            let values = problem.values(&points[p]);
            let run = (e * reps + r) as u64;
            let res = problem.evaluate(&values, &combos[c], seed, run);
            (values, res)
        },
        progress,
        |j, (values, res)| -> Result<(), AnalysisError> {
            let i = first + j;
            let (e, r) = (i / reps, i % reps);
            let c = e % combos.len();
            let metrics = res.map_err(|err| AnalysisError::InvalidScenario {
                index: e,
                at: format!("experiment {e}"),
                message: err.to_string(),
            })?;
            sink.row(&ExperimentRow {
                experiment: e,
                replication: r,
                run: (e * reps + r) as u64,
                values,
                levels: combos[c].clone(),
                outcomes: outcomes.iter().map(|(_, m)| metrics.values[*m]).collect(),
            })?;
            Ok(())
        },
    )?;
    Ok(shape)
}
