//! natosim-analysis: ensembles and their statistics.
//!
//! * [`summary`] — streaming, mergeable summaries (mean and quantiles from a
//!   fixed-bin histogram), so memory does not grow with the number of runs.
//! * [`ensemble`] — Monte Carlo ensembles on rayon, in fixed-size chunks whose
//!   results are folded in run order: byte-identical on any thread count.
//! * [`files`] — scenarios from the file system ([`files::FileSource`]), the
//!   one scenario source that does IO, shared by every front end.
//! * [`compare`] — the side-by-side comparison of the institutional models
//!   on common random numbers, with or without the scenario's uncertain
//!   parameters drawn per run ([`uncertainty`]).
//! * Exploratory modelling ("asking why", docs/ANALYSIS.md): experiment
//!   [`design`]s, global sensitivity analysis ([`sobol`], [`morris`]),
//!   scenario discovery ([`prim`], [`importance`]), [`explore`], which
//!   drives the engine over a design in parallel, and [`dist`], the inverse
//!   CDFs of the declared distributions.
//! * [`overrides`] — parameter values by registry path on a loaded
//!   scenario (a Python dict, a form), with typed diagnostics.
//! * [`judgements`] — the study side by side: its judgements of the models
//!   and countries as data, evaluated on natosim's output.
//! * [`workflow`] — sensitivity, discovery, experiments, comparison, per-ally
//!   paths and the decomposition of a gap between two models
//!   (`workflow::decompose`) as
//!   functions with typed settings and `Serialize + Deserialize` results,
//!   for every front end (CLI, report, server, Python).
//! * [`limits`] — the resource limits (runs, samples, design sizes,
//!   threads, file sizes, declarations) with their reasons, checked by the
//!   workflows before any work.
//! * [`Progress`] reports progress and carries a cancel flag; failures are
//!   an [`AnalysisError`].

#![warn(missing_docs)]

pub mod compare;
pub mod design;
pub mod dist;
pub mod ensemble;
mod error;
pub mod explore;
pub mod files;
pub mod fuzz;
pub mod importance;
pub mod judgements;
pub mod limits;
pub mod morris;
pub mod overrides;
pub mod prim;
mod progress;
pub mod sobol;
pub mod summary;
pub mod uncertainty;
pub mod workflow;

pub use compare::{Comparison, ModelSummary, SplitSummary, compare, compare_uncertain};
pub use ensemble::{EnsembleOptions, run_ensemble};
pub use error::AnalysisError;
pub use progress::{Progress, ProgressSink};
pub use summary::{Histogram, MetricSummary, Stats, exact_quantile};
pub use uncertainty::{UncertaintyInfo, UncertaintyMode};
