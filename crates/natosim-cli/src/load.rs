//! Finding and reading scenarios: shipped names or paths, `extends` chains.

use crate::InputError;
use natosim_core::Scenario;
use natosim_core::explore::ExplorationSpec;
use natosim_core::scenario::{Layer, ScenarioErrors};
use natosim_core::shipped::{SHIPPED, shipped};
use std::path::{Path, PathBuf};

/// The default scenario.
pub const DEFAULT_SCENARIO: &str = "baseline";

/// Where a scenario's text comes from.
enum Origin {
    Shipped(&'static str),
    File(PathBuf),
}

fn locate(name: &str, relative_to: Option<&Path>) -> Result<Origin, InputError> {
    let candidates: Vec<PathBuf> = match relative_to {
        Some(dir) if Path::new(name).is_relative() => vec![dir.join(name), PathBuf::from(name)],
        _ => vec![PathBuf::from(name)],
    };
    if let Some(p) = candidates.into_iter().find(|p| p.is_file()) {
        return Ok(Origin::File(p));
    }
    if shipped(name).is_some() {
        return Ok(Origin::Shipped(
            SHIPPED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(n, _)| *n)
                .unwrap_or(""),
        ));
    }
    let names: Vec<&str> = SHIPPED.iter().map(|(n, _)| *n).collect();
    Err(InputError(format!(
        "{name}: no such scenario file, and no shipped scenario of that name (shipped: {})",
        names.join(", ")
    )))
}

/// Loads a scenario by shipped name or path, following `extends`.
pub fn load_scenario(name: &str) -> Result<Scenario, InputError> {
    let layers = load_layers(name)?;
    Scenario::from_layers(&layers).map_err(|e: ScenarioErrors| InputError(e.to_string()))
}

/// Loads a scenario and its exploration declarations (uncertainties, levers,
/// outcomes), validated against it.
pub fn load_exploration(name: &str) -> Result<(Scenario, ExplorationSpec), InputError> {
    let layers = load_layers(name)?;
    let scenario =
        Scenario::from_layers(&layers).map_err(|e: ScenarioErrors| InputError(e.to_string()))?;
    let spec = ExplorationSpec::from_layers(&layers, &scenario)
        .map_err(|e: ScenarioErrors| InputError(e.to_string()))?;
    Ok((scenario, spec))
}

/// The layers of a scenario, most general first.
fn load_layers(name: &str) -> Result<Vec<Layer>, InputError> {
    let mut layers: Vec<Layer> = Vec::new();
    let mut next = Some((name.to_string(), None::<PathBuf>));
    let mut seen: Vec<String> = Vec::new();
    while let Some((name, dir)) = next.take() {
        let origin = locate(&name, dir.as_deref())?;
        let (label, text, dir) = match origin {
            Origin::Shipped(n) => (
                format!("{n} (shipped)"),
                shipped(n).unwrap_or("").to_string(),
                None,
            ),
            Origin::File(p) => {
                let text = std::fs::read_to_string(&p)
                    .map_err(|e| InputError(format!("{}: cannot read: {e}", p.display())))?;
                (
                    p.display().to_string(),
                    text,
                    p.parent().map(Path::to_path_buf),
                )
            }
        };
        if seen.contains(&label) {
            return Err(InputError(format!(
                "{label}: `extends` forms a cycle ({})",
                seen.join(" → ")
            )));
        }
        if seen.len() >= 16 {
            return Err(InputError(format!(
                "{label}: `extends` chain is deeper than 16"
            )));
        }
        seen.push(label.clone());
        let layer = Layer::parse(&label, &text).map_err(|e| InputError(e.to_string()))?;
        next = layer.extends.clone().map(|parent| (parent, dir.clone()));
        layers.push(layer);
    }
    layers.reverse();
    Ok(layers)
}
