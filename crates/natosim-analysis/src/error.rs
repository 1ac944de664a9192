//! The typed errors of natosim-analysis.
//!
//! One enum for every workflow, so a front end (CLI, server, Python) can
//! match on the kind of failure — bad input to explain to the user, a
//! cancelled job, a failing output sink — instead of parsing messages.

/// Why an analysis could not be completed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnalysisError {
    /// The caller cancelled the job through its [`crate::Progress`] handle.
    #[error("cancelled")]
    Cancelled,
    /// A metric name that is not one of `natosim_core::metrics::METRICS`
    /// (its message lists them and suggests the nearest).
    #[error(transparent)]
    UnknownMetric(#[from] natosim_core::metrics::UnknownMetric),
    /// The scenario declares no uncertainties to explore.
    #[error(
        "the scenario declares no uncertainties; add [uncertainties.\"PATH\"] tables (docs/ANALYSIS.md)"
    )]
    NoUncertainties,
    /// A setting outside its allowed range (e.g. too few samples).
    #[error("{setting} {message}")]
    InvalidSetting {
        /// The setting, named as a front end would (e.g. `samples`).
        setting: &'static str,
        /// What it must be.
        message: String,
    },
    /// One evaluation produced a scenario the model rejects.
    #[error("evaluation {index} ({at}): {message}")]
    InvalidScenario {
        /// The evaluation's index in its design.
        index: usize,
        /// The parameter values of that evaluation, `path = value, …`.
        at: String,
        /// The validation problems.
        message: String,
    },
    /// The explained metric is undefined (NaN) in some run.
    #[error(
        "the metric `{metric}` is undefined in evaluation {index} (e.g. `decision_days` in a run without crises); choose a metric defined in every run"
    )]
    UndefinedMetric {
        /// The metric.
        metric: String,
        /// The first evaluation where it is undefined.
        index: usize,
    },
    /// A discovery condition that no run, or every run, meets: there is
    /// nothing to tell apart.
    #[error("no experiment {verb} the condition `{condition}` ({runs} experiments); {metric} ranged over {min} … {max} — choose a threshold inside that range", verb = if *met == 0 { "meets" } else { "fails" })]
    DegenerateCondition {
        /// The condition, e.g. `p_attack > 0.2`.
        condition: String,
        /// The metric of the condition.
        metric: String,
        /// How many experiments meet it: 0 or all of them.
        met: usize,
        /// Number of experiments.
        runs: usize,
        /// Smallest observed value of the metric.
        min: f64,
        /// Largest observed value of the metric.
        max: f64,
    },
    /// A request beyond one of natosim's resource limits
    /// ([`crate::limits`]): refused before any work, with the limit and an
    /// estimate of what was asked.
    #[error("{0}")]
    LimitExceeded(Box<crate::limits::LimitExceeded>),
    /// A design could not be built (e.g. too many dimensions for the Sobol' table).
    #[error("{0}")]
    Design(String),
    /// The scenario does not support the request, e.g. a model it does not
    /// define (the diagnostic carries the allowed ids and a "did you mean").
    #[error("{0}")]
    Scenario(#[from] Box<natosim_core::scenario::Diagnostic>),
    /// The output sink of a streaming workflow failed.
    #[error("cannot write the output: {0}")]
    Sink(#[from] std::io::Error),
}
