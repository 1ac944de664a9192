//! natosim-core: the model of the Atlantic alliance.
//!
//! This crate is the model and nothing else: the embedded reference dataset
//! ([`data`]), scenarios and their validation ([`scenario`]), the monthly
//! engine ([`engine`]), its outcome metrics ([`metrics`]), typed references
//! to its parameters ([`params`]) and the calibration of the budget response
//! ([`calibration`]). It does no file or console IO and
//! starts no threads; given a scenario, a model and `(seed, run)` it is a pure
//! function. Ensembles, statistics and the CLI live in other crates.

#![warn(missing_docs)]
// Member state is kept as columns (struct of arrays) for a tight inner loop;
// index loops over several columns at once read better than zipped iterators.
#![allow(clippy::needless_range_loop)]

pub mod calibration;
pub mod data;
pub mod engine;
pub mod explore;
pub mod fuzz;
pub mod math;
pub mod metrics;
pub mod params;
pub mod rng;
pub mod scenario;
pub mod shipped;
pub mod submodels;
pub mod time;

pub use data::Dataset;
pub use engine::{Engine, MemberEnd, Observer};
pub use metrics::{METRICS, Metric, RunMetrics};
pub use scenario::{ModelId, Scenario};
