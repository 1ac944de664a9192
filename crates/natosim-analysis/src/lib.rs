//! natosim-analysis: ensembles and their statistics.
//!
//! * [`summary`] — streaming, mergeable summaries (mean and quantiles from a
//!   fixed-bin histogram), so memory does not grow with the number of runs.
//! * [`ensemble`] — Monte Carlo ensembles on rayon, in fixed-size chunks whose
//!   results are folded in run order: byte-identical on any thread count.
//! * [`compare`] — the side-by-side comparison of the institutional models
//!   on common random numbers.

#![warn(missing_docs)]

pub mod compare;
pub mod ensemble;
pub mod summary;

pub use compare::{Comparison, ModelSummary, compare};
pub use ensemble::{EnsembleOptions, run_ensemble};
pub use summary::{Histogram, MetricSummary, Stats};
