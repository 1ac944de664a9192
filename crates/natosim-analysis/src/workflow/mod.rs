//! The exploration and comparison workflows as library functions.
//!
//! Each workflow takes typed settings, a bound [`Problem`](crate::explore::Problem)
//! (or, for [`compare`], a scenario) and a [`Progress`](crate::Progress)
//! handle, and returns a typed result that is `Serialize + Deserialize`:
//! the JSON a front end writes is `serde_json` of it, and a reader (the
//! report, a notebook) deserialises the same type. Front ends only parse
//! their input, call the workflow and format the result.
//!
//! * [`sensitivity`](sensitivity::sensitivity) — Sobol' indices or Morris
//!   elementary effects of one metric;
//! * [`discover`](discover::discover) — PRIM boxes and feature scores for a
//!   condition on one metric;
//! * [`experiment`](experiment::experiment) — a design crossed with the
//!   levers, rows streamed to a sink so memory stays flat;
//! * [`compare`] — the models side by side on common random numbers;
//! * [`decompose`](decompose::decompose) — how much of the gap between two
//!   models comes from the US posture, US leadership and the institutions
//!   (Shapley values over the factorial of hybrid models);
//! * [`members`](members::members) — each ally's path by year (spending,
//!   threat, trust, contribution) with intervals, in streaming summaries;
//! * [`run_rows`](runs::run_rows) — one row of metrics per run for a range
//!   of runs (a data frame, a distributed chunk).
//!
//! Floats that may be undefined (NaN, e.g. an index of an output that does
//! not vary) are written as JSON `null` by `serde_json` and read back as NaN.

pub mod decompose;
pub mod discover;
pub mod experiment;
pub mod members;
pub mod runs;
pub mod sensitivity;

pub use crate::compare::{compare, compare_uncertain};
pub use decompose::{DecomposeSettings, Decomposition, decompose};
pub use discover::{Condition, DiscoverRun, DiscoverSettings, Discovery, Op, discover};
pub use experiment::{
    Design, ExperimentRow, ExperimentSettings, ExperimentSink, ExperimentTable, experiment,
    experiment_rows,
};
pub use members::{MemberPaths, MemberRow, Quantity, members};
pub use runs::{RunRow, run_rows};
pub use sensitivity::{Method, Sensitivity, SensitivityRun, SensitivitySettings, sensitivity};

use natosim_core::explore::{Dist, ExplorationSpec};
use serde::{Deserialize, Deserializer, Serialize};

/// The problem definition of an exploration in SALib's layout
/// (`num_vars`, `names`, `bounds`, `groups`), with natosim's
/// distributions alongside (`problem.json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProblemDefinition {
    /// Number of uncertain parameters.
    pub num_vars: usize,
    /// Their paths.
    pub names: Vec<String>,
    /// A finite range covering each distribution.
    pub bounds: Vec<(f64, f64)>,
    /// Each parameter's group (its own path if ungrouped); `None` if no
    /// parameter is grouped.
    pub groups: Option<Vec<String>>,
    /// The declared distributions.
    pub natosim_dists: Vec<Dist>,
}

impl ProblemDefinition {
    /// The definition of the uncertainties declared in `spec`.
    pub fn new(spec: &ExplorationSpec) -> ProblemDefinition {
        let u = &spec.uncertainties;
        ProblemDefinition {
            num_vars: u.len(),
            names: u.iter().map(|u| u.path.clone()).collect(),
            bounds: u.iter().map(|u| u.dist.bounds()).collect(),
            groups: u.iter().any(|u| u.group.is_some()).then(|| {
                u.iter()
                    .map(|u| u.group.clone().unwrap_or_else(|| u.path.clone()))
                    .collect()
            }),
            natosim_dists: u.iter().map(|u| u.dist.clone()).collect(),
        }
    }
}

/// Deserialises a float that `serde_json` wrote as `null` because it was NaN.
pub(crate) fn nan_if_null<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}
