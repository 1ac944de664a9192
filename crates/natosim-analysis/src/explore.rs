//! Driving the engine over an experiment design.
//!
//! A [`Problem`] ties a scenario's declared uncertainties and levers to one
//! model: it maps a point of the unit cube to parameter values (each
//! uncertainty's inverse CDF), sets them on a copy of the scenario through
//! the typed parameter references resolved at load time, validates it and
//! runs the engine. [`par_map_ordered`] evaluates a design in parallel in
//! fixed chunks and hands results to a sink in index order, so memory is
//! bounded by one chunk and output is byte-identical on any thread count.
//!
//! **Seeds.** Every evaluation runs `engine.run(seed, run)` with the root
//! seed and a run index derived from its indices: the engine mixes both with
//! SplitMix64 into independent streams (`natosim_core::rng`). Evaluations
//! that must share random numbers share the run index: the `S + 2` rows of
//! one Saltelli block (base row `j` → run `j`) and the `k + 1` points of one
//! Morris trajectory (trajectory `t` → run `t`), so that differences within
//! a block measure the parameters, not the noise; experiment `e`,
//! replication `r` of an `R`-replication table runs `e · R + r`.

use crate::dist::Quantile;
use crate::{AnalysisError, Progress};
use natosim_core::explore::ExplorationSpec;
use natosim_core::metrics::METRICS;
use natosim_core::params::{ParamError, ParamValue};
use natosim_core::{Dataset, Engine, ModelId, RunMetrics, Scenario};
use rayon::prelude::*;

/// Evaluations per parallel chunk.
pub const CHUNK: usize = 1024;

/// Uncertainties and levers of a scenario, bound to one model.
pub struct Problem<'a> {
    /// The scenario's name (`[scenario] name`), for labelling results.
    pub scenario_name: String,
    /// The declarations.
    pub spec: &'a ExplorationSpec,
    base: Scenario,
    data: &'a Dataset,
    /// The model run.
    pub model: ModelId,
}

impl<'a> Problem<'a> {
    /// Binds `spec` on `scenario` to `model`; fails if the scenario declares
    /// no uncertainties.
    pub fn new(
        scenario: &Scenario,
        spec: &'a ExplorationSpec,
        data: &'a Dataset,
        model: ModelId,
    ) -> Result<Self, AnalysisError> {
        if scenario.model(&model).is_none() {
            return Err(Box::new(scenario.unknown_model(model.id())).into());
        }
        if spec.uncertainties.is_empty() {
            return Err(AnalysisError::NoUncertainties);
        }
        Ok(Problem {
            scenario_name: scenario.scenario.name.clone(),
            spec,
            base: scenario.clone(),
            data,
            model,
        })
    }

    /// Number of uncertain parameters.
    pub fn k(&self) -> usize {
        self.spec.uncertainties.len()
    }

    /// Their paths.
    pub fn names(&self) -> Vec<&str> {
        self.spec
            .uncertainties
            .iter()
            .map(|u| u.path.as_str())
            .collect()
    }

    /// Parameter values of a unit-cube point.
    pub fn values(&self, u: &[f64]) -> Vec<f64> {
        self.spec
            .uncertainties
            .iter()
            .zip(u)
            .map(|(p, &u)| p.dist.quantile(u))
            .collect()
    }

    /// The scenario with uncertainties at `values` and lever `i` at level
    /// `levels[i]`, validated as a whole (the checks between fields).
    pub fn scenario(&self, values: &[f64], levels: &[usize]) -> Result<Scenario, ParamError> {
        let mut s = self.base.clone();
        for (u, &v) in self.spec.uncertainties.iter().zip(values) {
            u.param.set(&mut s, &ParamValue::Real(v))?;
        }
        for (l, &i) in self.spec.levers.iter().zip(levels) {
            l.param.set(&mut s, &l.levels[i])?;
        }
        let problems = s.validate();
        if problems.is_empty() {
            Ok(s)
        } else {
            Err(ParamError::Rejected { problems })
        }
    }

    /// Checks every design point before any run: the first (lowest-index)
    /// point whose scenario the checks between fields reject, as an error
    /// that names the point and its values. Workflows call it up front so
    /// that a jointly invalid corner of a design fails in a second, not
    /// after hours of completed evaluations are thrown away.
    pub fn check_design(
        &self,
        n: usize,
        point: impl Fn(usize) -> (Vec<f64>, Vec<usize>) + Sync,
    ) -> Result<(), AnalysisError> {
        let bad = (0..n).into_par_iter().find_map_first(|i| {
            let (values, levels) = point(i);
            self.scenario(&values, &levels)
                .err()
                .map(|e| (i, values, levels, e))
        });
        match bad {
            None => Ok(()),
            Some((i, values, levels, e)) => {
                let mut at: Vec<String> = self
                    .names()
                    .iter()
                    .zip(&values)
                    .map(|(n, v)| format!("{n} = {v}"))
                    .collect();
                at.extend(
                    self.spec
                        .levers
                        .iter()
                        .zip(&levels)
                        .map(|(l, &k)| format!("{} = {}", l.path, l.levels[k])),
                );
                Err(AnalysisError::InvalidScenario {
                    index: i,
                    at: at.join(", "),
                    message: format!(
                        "{e} (found before any run: every point of the design is checked first; narrow the declarations so that no combination breaks the scenario's checks)"
                    ),
                })
            }
        }
    }

    /// One run of the model on that scenario.
    pub fn evaluate(
        &self,
        values: &[f64],
        levels: &[usize],
        seed: u64,
        run: u64,
    ) -> Result<RunMetrics, ParamError> {
        let s = self.scenario(values, levels)?;
        let engine = Engine::new(&s, self.data, &self.model).map_err(rejected)?;
        Ok(engine.run(seed, run))
    }
}

/// An engine that cannot be built for an evaluation's scenario. `Problem::new`
/// checked the model exists, so this is the scenario rejecting the values.
fn rejected(d: natosim_core::scenario::Diagnostic) -> ParamError {
    ParamError::Rejected { problems: vec![d] }
}

/// Computes `f(0) … f(n − 1)` in parallel, chunk by chunk, and passes each
/// result to `sink` in index order; `progress.advance(done)` after each
/// chunk. Stops at the first error of `sink`, or with
/// [`AnalysisError::Cancelled`] before a chunk once `progress` is cancelled.
pub fn par_map_ordered<T: Send, E: From<AnalysisError>>(
    n: usize,
    f: impl Fn(usize) -> T + Sync,
    progress: &Progress,
    mut sink: impl FnMut(usize, T) -> Result<(), E>,
) -> Result<(), E> {
    let mut start = 0;
    while start < n {
        progress.check()?;
        let end = (start + CHUNK).min(n);
        let out: Vec<T> = (start..end).into_par_iter().map(&f).collect();
        for (i, t) in out.into_iter().enumerate() {
            sink(start + i, t)?;
        }
        progress.advance(end as u64);
        start = end;
    }
    Ok(())
}

/// The index of metric `name` in [`METRICS`], or a typed error listing them.
pub fn metric_index(name: &str) -> Result<usize, AnalysisError> {
    Ok(natosim_core::metrics::Metric::from_name(name)?.index())
}

/// Evaluates unit-cube points `rows` (levers at their base values) and
/// returns metric `metric` of each; `run_of(i)` gives evaluation `i`'s run
/// index. Fails on the first (lowest-index) invalid scenario or undefined
/// metric value.
pub fn evaluate_metric(
    problem: &Problem,
    rows: &[Vec<f64>],
    metric: usize,
    seed: u64,
    run_of: impl Fn(usize) -> u64 + Sync,
    progress: &Progress,
) -> Result<Vec<f64>, AnalysisError> {
    problem.check_design(rows.len(), |i| (problem.values(&rows[i]), Vec::new()))?;
    let mut y = Vec::with_capacity(rows.len());
    par_map_ordered(
        rows.len(),
        |i| {
            let values = problem.values(&rows[i]);
            problem
                .scenario(&values, &[])
                .and_then(|s| {
                    let engine = Engine::new(&s, problem.data, &problem.model).map_err(rejected)?;
                    Ok(engine.run(seed, run_of(i)).values[metric])
                })
                .map_err(|e| {
                    let at: Vec<String> = problem
                        .names()
                        .iter()
                        .zip(&values)
                        .map(|(n, v)| format!("{n} = {v}"))
                        .collect();
                    AnalysisError::InvalidScenario {
                        index: i,
                        at: at.join(", "),
                        message: e.to_string(),
                    }
                })
        },
        progress,
        |i, r: Result<f64, AnalysisError>| {
            let v = r?;
            if v.is_nan() {
                return Err(AnalysisError::UndefinedMetric {
                    metric: METRICS[metric].name.to_string(),
                    index: i,
                });
            }
            y.push(v);
            Ok(())
        },
    )?;
    Ok(y)
}

#[cfg(test)]
#[allow(clippy::needless_range_loop)]
mod tests {
    use super::*;
    use natosim_core::scenario::Layer;

    #[test]
    fn parallel_map_is_ordered_and_problem_applies_values() {
        let mut seen = Vec::new();
        par_map_ordered(
            3000,
            |i| i * 2,
            &Progress::none(),
            |i, v| {
                assert_eq!(v, i * 2);
                seen.push(i);
                Ok::<(), AnalysisError>(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..3000).collect::<Vec<_>>());

        let layer = Layer::parse(
            "t.toml",
            "[uncertainties.\"russia.attack_hazard_max\"]\nlow = 0.0\nhigh = 0.1\n",
        )
        .unwrap();
        let s = Scenario::from_layers(std::slice::from_ref(&layer)).unwrap();
        let spec = ExplorationSpec::from_layers(&[layer], &s).unwrap();
        let data = Dataset::embedded().unwrap();
        let p = Problem::new(&s, &spec, &data, ModelId::european_defence_union()).unwrap();
        assert_eq!(p.values(&[0.25]), vec![0.025]);
        let y = evaluate_metric(
            &p,
            &[vec![0.01], vec![0.99]],
            12,
            1,
            |_| 0,
            &Progress::none(),
        )
        .unwrap();
        assert!(y[1] > y[0], "p_attack should rise with the hazard: {y:?}");
    }

    /// Issue 14, defect 3: a design whose corner breaks a check between
    /// fields failed mid-run, after completed evaluations; it now fails
    /// before the first evaluation, naming the lowest bad point.
    #[test]
    fn a_jointly_invalid_design_fails_before_any_evaluation() {
        let layer = Layer::parse(
            "t.toml",
            "[uncertainties.\"russia.reconstitution_years_min\"]\nlow = 3.0\nhigh = 6.5\n\
             [uncertainties.\"russia.reconstitution_years_max\"]\nlow = 5.5\nhigh = 9.0\n",
        )
        .unwrap();
        let s = Scenario::from_layers(std::slice::from_ref(&layer)).unwrap();
        let spec = ExplorationSpec::from_layers(&[layer], &s).unwrap();
        let data = Dataset::embedded().unwrap();
        let p = Problem::new(&s, &spec, &data, ModelId::european_defence_union()).unwrap();
        // Declarations are in path order (max, min): 3000 valid points
        // (max 9, min 3), then one crossing point (max 5.5, min 6.5).
        let mut rows = vec![vec![1.0, 0.0]; 3000];
        rows.push(vec![0.0, 1.0]);
        struct Count(std::sync::atomic::AtomicU64);
        impl crate::ProgressSink for Count {
            fn start(&self, _: u64, _: &str) {}
            fn advance(&self, done: u64) {
                self.0.store(done, std::sync::atomic::Ordering::SeqCst);
            }
        }
        let count = Count(0.into());
        let e =
            evaluate_metric(&p, &rows, 12, 1, |i| i as u64, &Progress::new(&count)).unwrap_err();
        match e {
            AnalysisError::InvalidScenario { index, at, message } => {
                assert_eq!(index, 3000, "{at}: {message}");
                assert!(at.contains("russia.reconstitution_years_min = 6.5"), "{at}");
                assert!(message.contains("before any run"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(count.0.into_inner(), 0, "no evaluation ran");
    }
}
