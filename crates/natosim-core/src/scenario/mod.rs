//! Scenarios: what a user can set, how files are found, layered and validated.
//!
//! A scenario is built from *layers*: the embedded defaults
//! (`crates/natosim-core/defaults.toml`, printed by `natosim scenario
//! --defaults`), then any scenario named by `extends`, then the file itself.
//! Each layer may only set fields that exist in the defaults, so a typo is an
//! error, not a silently ignored key. Every problem is a typed [`Diagnostic`]
//! naming the file, the field path, the line and column, what is allowed and,
//! where a name is close, a "did you mean".
//!
//! - [`sections`]: the structs of the file's tables;
//! - [`models`]: model identifiers and the ordered models of a scenario;
//! - [`layers`]: parsing one file and laying files over each other;
//! - [`source`]: where the files come from ([`ScenarioSource`]) and [`load`];
//! - [`validate`](mod@validate): ranges and relations between fields;
//! - [`diagnostic`]: the typed errors and [`suggest`].

pub mod diagnostic;
pub mod docs;
pub mod layers;
pub mod models;
pub mod sections;
pub mod source;
mod validate;

pub use diagnostic::{Diagnostic, DiagnosticKind, Diagnostics, Location, escape_control, suggest};
pub use layers::Layer;
pub use models::{Factor, Model, ModelField, ModelId, Models, differing_factors, hybrid};
pub use sections::*;
pub use source::{
    Loaded, MAX_DEPTH, MemorySource, SHIPPED_PREFIX, ScenarioName, ScenarioSource, ShippedSource,
    Source, SourceId, load,
};

use layers::{Merger, blame};
use serde::{Deserialize, Serialize};

/// The most Monte Carlo runs a scenario's `[scenario] runs` may ask for:
/// the runs limit of `natosim_analysis::limits::RUNS`, defined here so
/// that validation and the workflows agree (docs/RELIABILITY.md).
pub const MAX_RUNS: u32 = 10_000_000;

/// The complete defaults, with comments: the base layer of every scenario.
pub const DEFAULTS_TOML: &str = include_str!("../../defaults.toml");

/// The name of the defaults layer in messages.
pub const DEFAULTS_NAME: &str = "<embedded defaults>";

/// A complete, validated scenario.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Metadata and run settings (`[scenario]`).
    pub scenario: Meta,
    /// Threat perception and trust (`[perception]`).
    pub perception: Perception,
    /// Russia's reconstitution and opportunism (`[russia]`).
    pub russia: Russia,
    /// US parameters that hold in every model (`[us]`).
    pub us: UsPolicy,
    /// Spending targets and the budget model (`[spending]`).
    pub spending: Spending,
    /// Force generation (`[forces]`).
    pub forces: Forces,
    /// Deterrence (`[deterrence]`).
    pub deterrence: Deterrence,
    /// Crisis decision-making (`[decision]`).
    pub decision: Decision,
    /// Cohesion, positions and fragmentation (`[cohesion]`).
    pub cohesion: Cohesion,
    /// The crisis types (`[crises.*]`).
    pub crises: Crises,
    /// The conflict fields with the US (`[conflicts.*]`).
    pub conflicts: Conflicts,
    /// The Baltic theatre (`[baltic]`).
    pub baltic: Baltic,
    /// Nuclear deterrence (`[nuclear]`).
    pub nuclear: Nuclear,
    /// Ukraine's security options (`[ukraine]`).
    pub ukraine: Ukraine,
    /// Hybrid threats (`[hybrid]`).
    pub hybrid: Hybrid,
    /// The southern neighbourhood: the advisory mission after NATO Mission Iraq (`[south]`).
    pub south: South,
    /// The High North: Arctic Sentry (`[arctic]`).
    pub arctic: Arctic,
    /// The institutional models, in declaration order (`[models.*]`).
    pub models: Models,
}

impl Scenario {
    /// The embedded defaults (the baseline).
    pub fn defaults() -> Scenario {
        Scenario::from_layers(&[]).expect("the embedded defaults are valid")
    }

    /// Builds a scenario from layers, most general first, on top of the
    /// embedded defaults; then validates it. Every problem validation finds
    /// is reported, each blamed on the layer that set the field.
    pub fn from_layers(layers: &[Layer]) -> Result<Scenario, Diagnostics> {
        let defaults = Layer::parse(DEFAULTS_NAME, DEFAULTS_TOML)?;
        let mut merged = defaults.table.clone();
        let mut merger = Merger {
            declared: defaults.model_order.clone(),
            ..Merger::default()
        };
        let all: Vec<&Layer> = std::iter::once(&defaults).chain(layers).collect();
        // The line and column of a diagnostic's field in the file it names.
        let place = |d: Diagnostic| -> Diagnostic {
            let at = match (&d.file, &d.path) {
                (Some(f), Some(p)) => all
                    .iter()
                    .rev()
                    .find(|l| *l.name == **f)
                    .and_then(|l| l.locate(p)),
                _ => None,
            };
            if d.location.is_some() { d } else { d.at(at) }
        };
        for layer in layers {
            merger.layer(&mut merged, layer).map_err(place)?;
        }
        let last = layers.last().map_or(DEFAULTS_NAME, |l| l.name.as_str());
        let mut scenario: Scenario = serde_path_to_error::deserialize(toml::Value::Table(merged))
            .map_err(|e| {
            let path = e.path().to_string();
            let file = blame(&merger.origin, &path).unwrap_or_else(|| last.to_string());
            let message = diagnostic::plain_serde_message(e.into_inner().message().trim_end());
            let kind = if message.starts_with("missing field") {
                DiagnosticKind::MissingField
            } else if message.starts_with("unknown variant") {
                DiagnosticKind::InvalidValue
            } else {
                DiagnosticKind::WrongType
            };
            place(Diagnostic::new(kind, message).in_file(file).at_path(path))
        })?;
        scenario.models.reorder(&merger.declared);
        let problems = scenario.validate();
        if problems.is_empty() {
            Ok(scenario)
        } else {
            Err(Diagnostics(
                problems
                    .into_iter()
                    .map(|d| {
                        let path = d.path.clone().unwrap_or_default();
                        let file = blame(&merger.origin, &path).unwrap_or_else(|| last.to_string());
                        place(d.in_file(file))
                    })
                    .collect(),
            ))
        }
    }

    /// The models in declaration order: the study's four from the
    /// defaults, then any a scenario adds.
    pub fn model_ids(&self) -> Vec<ModelId> {
        self.models.ids()
    }

    /// The institution of a model, if the scenario defines it.
    pub fn model(&self, id: &ModelId) -> Option<&Institution> {
        self.models.get(id)
    }

    /// Mutable access to a model's institution, if the scenario defines it.
    pub fn model_mut(&mut self, id: &ModelId) -> Option<&mut Institution> {
        self.models.get_mut(id)
    }

    /// Parses a model id against this scenario's models, with a "did you
    /// mean" when the name is close to one of them.
    pub fn parse_model(&self, name: &str) -> Result<ModelId, Diagnostic> {
        let ids = self.model_ids();
        ids.iter()
            .find(|m| m.id() == name)
            .cloned()
            .ok_or_else(|| self.unknown_model(name))
    }

    /// The diagnostic for a model id this scenario does not define.
    pub fn unknown_model(&self, name: &str) -> Diagnostic {
        let ids: Vec<String> = self
            .model_ids()
            .iter()
            .map(|m| m.id().to_string())
            .collect();
        Diagnostic::new(DiagnosticKind::NotFound, format!("unknown model `{name}`"))
            .suggesting(name, &ids)
    }

    /// Number of simulated months.
    pub fn months(&self) -> usize {
        (self.scenario.end.months_since(self.scenario.start) + 1).max(0) as usize
    }

    /// The alliance spending target (core + related, % of GDP) in a year.
    pub fn target(&self, year: i32) -> (f64, f64) {
        let t = &self.spending.targets;
        match t.iter().position(|p| p.year > year) {
            None => t.last().map_or((0.0, 0.0), |p| (p.core, p.related)),
            Some(0) => (t[0].core, t[0].related),
            Some(i) => {
                let (a, b) = (&t[i - 1], &t[i]);
                let f = f64::from(year - a.year) / f64::from(b.year - a.year);
                (
                    a.core + (b.core - a.core) * f,
                    a.related + (b.related - a.related) * f,
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(text: &str) -> Layer {
        Layer::parse("test.toml", text).unwrap()
    }

    #[test]
    fn defaults_are_complete_and_valid() {
        let s = Scenario::defaults();
        assert_eq!(s.months(), 132);
        assert_eq!(s.scenario.start.to_string(), "2025-01");
        assert_eq!(s.target(2035), (3.5, 1.5));
        assert_eq!(s.target(2025), (2.0, 0.0));
        assert!((s.target(2030).0 - 2.75).abs() < 1e-12);
    }

    #[test]
    fn layers_override_defaults() {
        let s = Scenario::from_layers(&[layer("[russia]\nconcentration = 0.5\n")]).unwrap();
        assert_eq!(s.russia.concentration, 0.5);
        assert_eq!(
            s.russia.capability_2025,
            Scenario::defaults().russia.capability_2025
        );
    }

    #[test]
    fn unknown_field_names_path_and_allowed_keys() {
        let e = Scenario::from_layers(&[layer("[russia]\nconcentraton = 0.5\n")]).unwrap_err();
        let e = &e.0[0];
        assert_eq!(e.kind, DiagnosticKind::UnknownField);
        assert_eq!(e.file.as_deref(), Some("test.toml"));
        assert_eq!(e.path.as_deref(), Some("russia.concentraton"));
        assert!(e.allowed.iter().any(|a| a == "concentration"), "{e}");
        assert_eq!(e.hint.as_deref(), Some("did you mean `concentration`?"));
        // The span of the misspelt key: line 2, column 1.
        assert_eq!(e.location, Some(Location { line: 2, column: 1 }));
    }

    #[test]
    fn replanning_months_outside_one_to_twelve_is_rejected() {
        for bad in ["0", "13"] {
            let e =
                Scenario::from_layers(&[layer(&format!("[russia]\nreplanning_months = {bad}\n"))])
                    .unwrap_err();
            let e =
                e.0.iter()
                    .find(|e| e.path.as_deref() == Some("russia.replanning_months"));
            let e = e.expect("the field is named");
            assert_eq!(e.kind, DiagnosticKind::OutOfRange, "{e}");
        }
        let ok = Scenario::from_layers(&[layer("[russia]\nreplanning_months = 3\n")]).unwrap();
        assert_eq!(ok.russia.replanning_months, 3);
        assert_eq!(Scenario::defaults().russia.replanning_months, 1);
    }

    #[test]
    fn wrong_type_names_path() {
        let e = Scenario::from_layers(&[layer("[models.toolkit]\nsovereignty_cost = \"high\"\n")])
            .unwrap_err();
        assert_eq!(
            e.0[0].path.as_deref(),
            Some("models.toolkit.sovereignty_cost")
        );
        assert_eq!(e.0[0].file.as_deref(), Some("test.toml"));
        assert_eq!(e.0[0].kind, DiagnosticKind::WrongType);
        assert_eq!(e.0[0].location, Some(Location { line: 2, column: 1 }));
    }

    #[test]
    fn out_of_range_and_dates_out_of_order_are_reported() {
        let e = Scenario::from_layers(&[layer(
            "[scenario]\nstart = \"2030-01\"\nend = \"2029-12\"\n[russia]\nconcentration = 1.5\n",
        )])
        .unwrap_err();
        let paths: Vec<_> = e.0.iter().filter_map(|e| e.path.as_deref()).collect();
        assert!(paths.contains(&"scenario.end"), "{paths:?}");
        assert!(paths.contains(&"russia.concentration"), "{paths:?}");
        assert!(e.0.iter().all(|e| e.file.as_deref() == Some("test.toml")));
        // Validation errors are located in the file too.
        let conc =
            e.0.iter()
                .find(|e| e.path.as_deref() == Some("russia.concentration"))
                .unwrap();
        assert_eq!(conc.kind, DiagnosticKind::OutOfRange);
        assert_eq!(conc.allowed, ["0 … 1"]);
        assert_eq!(conc.location, Some(Location { line: 5, column: 1 }));
        assert!(conc.to_string().starts_with("test.toml: line 5, column 1: field `russia.concentration`: 1.5 is out of range; allowed: 0 … 1"), "{conc}");
    }

    #[test]
    fn syntax_error_names_line() {
        let e = Layer::parse("bad.toml", "[russia]\nconcentration = = 2\n").unwrap_err();
        assert_eq!(e.kind, DiagnosticKind::Syntax);
        assert_eq!(e.location.map(|l| l.line), Some(2));
        assert!(
            e.to_string().starts_with("bad.toml: line 2, column "),
            "{e}"
        );
    }

    #[test]
    fn path_interpolates_linearly_and_holds_flat() {
        let p = vec![
            PathPoint {
                at: "2025-01".parse().unwrap(),
                value: 100.0,
            },
            PathPoint {
                at: "2027-01".parse().unwrap(),
                value: 50.0,
            },
        ];
        assert_eq!(path_value(&p, "2024-01".parse().unwrap()), 100.0);
        assert!((path_value(&p, "2026-01".parse().unwrap()) - 75.0).abs() < 1e-9);
        assert_eq!(path_value(&p, "2030-01".parse().unwrap()), 50.0);
    }
}
