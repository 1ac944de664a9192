//! Parameter uncertainty in every comparison: the scenario's declared
//! uncertain parameters drawn per run.
//!
//! A model run has two kinds of uncertainty. *Aleatory*: the random events
//! of a run (crises, Russia's reconstitution, members' noise), drawn from the
//! engine's own streams. *Epistemic*: the named assumptions the model rests
//! on (`russia.attack_hazard_max`, `baltic.european_readiness`, …), whose
//! values nobody knows; a scenario declares the ones that matter as
//! `[uncertainties."PATH"]` with a distribution (docs/ANALYSIS.md). In
//! [`UncertaintyMode::Combined`] every run first draws the parameter vector
//! from its own stream, `stream(seed, run, Purpose::Parameters, 0)`, sets it
//! on a copy of the scenario through the typed [`ParamRef`]s resolved at load
//! time, builds the engines for that run and runs them: the intervals then
//! carry both kinds. Run `r` draws the same vector for every model (common
//! random numbers) and the same aleatory streams as run `r` at the nominal
//! values, so models — and the two modes — stay paired.
//!
//! A draw that breaks one of the scenario's checks between fields (e.g. two
//! ordered thresholds drawn out of order) is redrawn from the same stream, up
//! to [`MAX_DRAWS`] times, and counted; the shipped declarations never need
//! it. Everything is a function of `(seed, run)`: byte-identical output on
//! any number of threads.
//!
//! [`ParamRef`]: natosim_core::params::ParamRef

use crate::AnalysisError;
use crate::dist::Quantile;
use natosim_core::explore::{Dist, ExplorationSpec, Uncertainty};
use natosim_core::params::ParamValue;
use natosim_core::rng::{Purpose, stream};
use natosim_core::{Dataset, Engine, ModelId, Observer, RunMetrics, Scenario};
use rand::Rng as _;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The most draws per run before a parameter vector the scenario accepts
/// is given up on (an error naming the last rejected vector).
pub const MAX_DRAWS: u32 = 1000;

/// Which uncertainty the intervals of a comparison carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UncertaintyMode {
    /// Random events only; every parameter at its nominal (scenario) value.
    #[default]
    Aleatory,
    /// Random events and the declared uncertain parameters, drawn per run.
    Combined,
    /// Both: the combined intervals, and beside them the aleatory-only ones
    /// with the share of the variance due to the parameters.
    Split,
}

impl UncertaintyMode {
    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            UncertaintyMode::Aleatory => "aleatory",
            UncertaintyMode::Combined => "combined",
            UncertaintyMode::Split => "split",
        }
    }

    /// Whether runs draw the parameters.
    pub fn draws_parameters(self) -> bool {
        self != UncertaintyMode::Aleatory
    }
}

/// One parameter drawn per run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DrawnParameter {
    /// Its dotted path.
    pub path: String,
    /// Its distribution.
    pub dist: Dist,
    /// Its nominal value on the scenario (the value of the aleatory runs).
    pub nominal: f64,
    /// The file that declared it uncertain.
    pub declared_in: String,
}

/// What the intervals of a result carry; written into its JSON.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct UncertaintyInfo {
    /// The mode.
    pub mode: UncertaintyMode,
    /// The parameters drawn per run (empty in [`UncertaintyMode::Aleatory`]).
    pub parameters: Vec<DrawnParameter>,
    /// Parameter vectors rejected by the scenario's checks between fields
    /// and drawn again (over all runs).
    pub rejected_draws: u64,
}

impl UncertaintyInfo {
    /// One line saying what the intervals carry.
    pub fn describe(&self) -> String {
        match self.mode {
            UncertaintyMode::Aleatory => {
                "uncertainty: aleatory only — random events; every parameter at its nominal value"
                    .to_string()
            }
            UncertaintyMode::Combined | UncertaintyMode::Split => {
                let mut s = format!(
                    "uncertainty: combined — random events and {} uncertain parameter{} drawn per run ({})",
                    self.parameters.len(),
                    if self.parameters.len() == 1 { "" } else { "s" },
                    self.parameters
                        .iter()
                        .map(|p| p.path.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                if self.rejected_draws > 0 {
                    s.push_str(&format!(
                        "; {} draws rejected by the scenario's checks and drawn again",
                        self.rejected_draws
                    ));
                }
                s
            }
        }
    }
}

/// One run's parameter vector, set on the scenario.
pub struct Drawn {
    /// The scenario with the drawn values.
    pub scenario: Scenario,
    /// The values, in the order of the declarations.
    pub values: Vec<f64>,
    /// How many vectors were rejected before this one.
    pub rejected: u32,
}

/// Draws the declared uncertain parameters of a scenario per run.
#[derive(Clone, Debug)]
pub struct ParameterDraws {
    base: Scenario,
    uncertainties: Vec<Uncertainty>,
}

impl ParameterDraws {
    /// The draws of `spec`'s uncertainties on `scenario`.
    pub fn new(scenario: &Scenario, spec: &ExplorationSpec) -> Self {
        ParameterDraws {
            base: scenario.clone(),
            uncertainties: spec.uncertainties.clone(),
        }
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.uncertainties.is_empty()
    }

    /// The parameters and their nominal values.
    pub fn parameters(&self) -> Vec<DrawnParameter> {
        self.uncertainties
            .iter()
            .map(|u| DrawnParameter {
                path: u.path.clone(),
                dist: u.dist.clone(),
                nominal: u
                    .param
                    .get(&self.base)
                    .and_then(|v| v.as_f64())
                    .unwrap_or(f64::NAN),
                declared_in: u.declared_in.clone(),
            })
            .collect()
    }

    /// The parameter vector of run `run` (each value through its
    /// distribution's inverse CDF from a uniform of the run's parameter
    /// stream), set on a copy of the scenario and validated as a whole.
    pub fn draw(&self, seed: u64, run: u64) -> Result<Drawn, AnalysisError> {
        let mut rng = stream(seed, run, Purpose::Parameters, 0);
        let mut failure: (Vec<f64>, String) = (Vec::new(), String::new());
        for rejected in 0..MAX_DRAWS {
            let values: Vec<f64> = self
                .uncertainties
                .iter()
                .map(|u| u.dist.quantile(rng.random::<f64>()))
                .collect();
            let mut s = self.base.clone();
            let set = self
                .uncertainties
                .iter()
                .zip(&values)
                .try_for_each(|(u, &v)| u.param.set(&mut s, &ParamValue::Real(v)));
            let last = match set {
                Err(e) => e.to_string(),
                Ok(()) => {
                    let problems = s.validate();
                    if problems.is_empty() {
                        return Ok(Drawn {
                            scenario: s,
                            values,
                            rejected,
                        });
                    }
                    problems
                        .iter()
                        .map(|d| {
                            format!("field `{}`: {}", d.path.as_deref().unwrap_or(""), d.message)
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                }
            };
            failure = (values, last);
        }
        let (values, last) = failure;
        Err(AnalysisError::InvalidScenario {
            index: run as usize,
            at: self
                .uncertainties
                .iter()
                .zip(&values)
                .map(|(u, v)| format!("{} = {v}", u.path))
                .collect::<Vec<_>>()
                .join(", "),
            message: format!(
                "{MAX_DRAWS} parameter draws of this run were all rejected by the scenario's checks (last: {last}); narrow the [uncertainties] so that they cannot break them"
            ),
        })
    }
}

/// Adds models to a scenario before its engines are built (the hybrid
/// models of a decomposition); applied to the nominal and to every drawn
/// scenario alike, so hybrids see the run's parameters.
pub type Derive = Arc<dyn Fn(&mut Scenario) + Send + Sync>;

/// The engines of a set of models for every run: built once at the nominal
/// values, or per run from that run's parameter draw.
pub struct RunModels<'a> {
    models: Vec<ModelId>,
    data: &'a Dataset,
    fixed: Vec<Engine>,
    draws: Option<ParameterDraws>,
    derive: Option<Derive>,
    /// Months per run and members, from the nominal engines (parameters do
    /// not change either).
    shape: (usize, usize),
}

impl<'a> RunModels<'a> {
    /// The engines of `models` on `scenario`, drawing `spec`'s uncertain
    /// parameters per run if `draw` (and there are any), after `derive` has
    /// added what it adds. The nominal engines are built here either way, so
    /// a model the scenario does not define is an error before anything runs.
    pub fn new(
        scenario: &Scenario,
        spec: &ExplorationSpec,
        data: &'a Dataset,
        models: &[ModelId],
        draw: bool,
        derive: Option<Derive>,
    ) -> Result<Self, AnalysisError> {
        let mut nominal = scenario.clone();
        if let Some(d) = &derive {
            d(&mut nominal);
        }
        let fixed = models
            .iter()
            .map(|m| Engine::new(&nominal, data, m).map_err(|d| AnalysisError::from(Box::new(d))))
            .collect::<Result<Vec<_>, _>>()?;
        let draws =
            (draw && !spec.uncertainties.is_empty()).then(|| ParameterDraws::new(scenario, spec));
        let shape = fixed
            .first()
            .map_or((nominal.months(), data.members.len()), |e| {
                (e.months(), e.members())
            });
        Ok(RunModels {
            shape,
            models: models.to_vec(),
            data,
            // Per-run engines replace the nominal ones.
            fixed: if draws.is_some() { Vec::new() } else { fixed },
            draws,
            derive,
        })
    }

    /// The parameter draws, if runs draw them.
    pub fn draws(&self) -> Option<&ParameterDraws> {
        self.draws.as_ref()
    }

    /// Number of models.
    pub fn len(&self) -> usize {
        self.models.len()
    }

    /// Whether there are no models.
    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
    }

    /// The engines of run `run` (the nominal ones, or new ones for its
    /// draw) and the number of rejected draws.
    fn engines(&self, seed: u64, run: u64) -> Result<(Vec<Engine>, u32), AnalysisError> {
        let Some(draws) = &self.draws else {
            return Ok((Vec::new(), 0));
        };
        let mut drawn = draws.draw(seed, run)?;
        if let Some(d) = &self.derive {
            d(&mut drawn.scenario);
        }
        let engines = self
            .models
            .iter()
            .map(|m| {
                Engine::new(&drawn.scenario, self.data, m)
                    .map_err(|d| AnalysisError::from(Box::new(d)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((engines, drawn.rejected))
    }

    /// Run `run` of every model (same parameters, same random streams), and
    /// the number of draws rejected for it.
    pub fn run_all(&self, seed: u64, run: u64) -> Result<(Vec<RunMetrics>, u32), AnalysisError> {
        let (own, rejected) = self.engines(seed, run)?;
        let engines = if self.draws.is_some() {
            &own
        } else {
            &self.fixed
        };
        Ok((engines.iter().map(|e| e.run(seed, run)).collect(), rejected))
    }

    /// Run `run` of model `k` (in the order given), shown to `observer`.
    pub fn run_observed<O: Observer>(
        &self,
        k: usize,
        seed: u64,
        run: u64,
        observer: &mut O,
    ) -> Result<RunMetrics, AnalysisError> {
        match &self.draws {
            None => Ok(self.fixed[k].run_observed(seed, run, observer)),
            Some(draws) => {
                let mut drawn = draws.draw(seed, run)?;
                if let Some(d) = &self.derive {
                    d(&mut drawn.scenario);
                }
                let e = Engine::new(&drawn.scenario, self.data, &self.models[k])
                    .map_err(|d| AnalysisError::from(Box::new(d)))?;
                Ok(e.run_observed(seed, run, observer))
            }
        }
    }

    /// The number of months per run.
    pub fn months(&self) -> usize {
        self.shape.0
    }

    /// The number of members.
    pub fn members(&self) -> usize {
        self.shape.1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use natosim_core::scenario::Layer;

    fn uncertain() -> (Scenario, ExplorationSpec) {
        let layer = Layer::parse(
            "u.toml",
            "[uncertainties.\"russia.attack_hazard_max\"]\nlow = 0.02\nhigh = 0.08\n\
             [uncertainties.\"baltic.european_readiness\"]\ndist = \"triangular\"\nlow = 0.25\nmode = 0.4\nhigh = 0.6\n",
        )
        .unwrap();
        let s = Scenario::from_layers(std::slice::from_ref(&layer)).unwrap();
        let spec = ExplorationSpec::from_layers(&[layer], &s).unwrap();
        (s, spec)
    }

    #[test]
    fn draws_are_per_run_reproducible_and_inside_the_ranges() {
        let (s, spec) = uncertain();
        let d = ParameterDraws::new(&s, &spec);
        let a = d.draw(7, 3).unwrap();
        assert_eq!(a.values, d.draw(7, 3).unwrap().values);
        assert_ne!(a.values, d.draw(7, 4).unwrap().values);
        assert_ne!(a.values, d.draw(8, 3).unwrap().values);
        // Declarations of one layer come in path order.
        let p = d.parameters();
        assert_eq!(p[0].path, "baltic.european_readiness");
        assert_eq!(p[1].path, "russia.attack_hazard_max");
        assert_eq!(p[1].nominal, s.russia.attack_hazard_max);
        for r in 0..200 {
            let x = d.draw(1, r).unwrap();
            assert!((0.25..=0.6).contains(&x.values[0]));
            assert!((0.02..=0.08).contains(&x.values[1]));
            assert_eq!(x.scenario.baltic.european_readiness, x.values[0]);
            assert_eq!(x.scenario.russia.attack_hazard_max, x.values[1]);
            assert_eq!(x.rejected, 0);
        }
    }

    #[test]
    fn draws_that_break_a_check_between_fields_are_redrawn() {
        // level_low ≤ level_medium: with both uncertain on overlapping
        // ranges, some vectors break the order and are drawn again.
        let layer = Layer::parse(
            "u.toml",
            "[uncertainties.\"perception.level_low\"]\nlow = 0.2\nhigh = 0.5\n\
             [uncertainties.\"perception.level_medium\"]\nlow = 0.4\nhigh = 0.6\n",
        )
        .unwrap();
        let s = Scenario::from_layers(std::slice::from_ref(&layer)).unwrap();
        let spec = ExplorationSpec::from_layers(&[layer], &s).unwrap();
        let d = ParameterDraws::new(&s, &spec);
        let mut rejected = 0;
        for r in 0..300 {
            let x = d.draw(5, r).unwrap();
            assert!(x.values[0] <= x.values[1]);
            rejected += x.rejected;
        }
        assert!(rejected > 0);
    }

    #[test]
    fn nominal_engines_run_like_the_engine_and_drawn_ones_differ() {
        let (s, spec) = uncertain();
        let data = Dataset::embedded().unwrap();
        let m = [ModelId::european_defence_union()];
        let nominal = RunModels::new(&s, &spec, &data, &m, false, None).unwrap();
        let e = Engine::new(&s, &data, &m[0]).unwrap();
        assert_eq!(nominal.run_all(3, 9).unwrap().0[0], e.run(3, 9));
        let drawn = RunModels::new(&s, &spec, &data, &m, true, None).unwrap();
        let d = drawn.draws().unwrap().draw(3, 9).unwrap();
        let e2 = Engine::new(&d.scenario, &data, &m[0]).unwrap();
        assert_eq!(drawn.run_all(3, 9).unwrap().0[0], e2.run(3, 9));
        assert_eq!(drawn.months(), s.months());
    }
}
