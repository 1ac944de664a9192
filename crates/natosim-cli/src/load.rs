//! Finding and reading scenarios: shipped names or paths, `extends` chains.
//!
//! Resolution lives in the library (`natosim_core::scenario::load` over
//! `natosim_analysis::files::FileSource`); this module only turns its typed
//! diagnostics into the CLI's input errors (exit code 2), rendered one per
//! line in the diagnostics' own `file: line L, column C: field …` style.

use crate::InputError;
use natosim_analysis::files::FileSource;
use natosim_core::Scenario;
use natosim_core::explore::ExplorationSpec;
use natosim_core::scenario::Diagnostics;

/// The default scenario.
pub const DEFAULT_SCENARIO: &str = "baseline";

fn input(e: Diagnostics) -> InputError {
    InputError(e.to_string())
}

/// Loads a scenario by shipped name or path, following `extends`.
pub fn load_scenario(name: &str) -> Result<Scenario, InputError> {
    FileSource::load(name).map(|l| l.scenario).map_err(input)
}

/// Loads a scenario and its exploration declarations (uncertainties, levers,
/// outcomes), validated against it.
pub fn load_exploration(name: &str) -> Result<(Scenario, ExplorationSpec), InputError> {
    let loaded = FileSource::load(name).map_err(input)?;
    let spec = loaded.exploration().map_err(input)?;
    Ok((loaded.scenario, spec))
}
