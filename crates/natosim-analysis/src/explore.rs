//! Driving the engine over an experiment design.
//!
//! A [`Problem`] ties a scenario's declared uncertainties and levers to one
//! model: it maps a point of the unit cube to parameter values (each
//! uncertainty's inverse CDF), sets them on the scenario, validates it and
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

use natosim_core::explore::{Applier, ExplorationSpec};
use natosim_core::{Dataset, Engine, ModelId, RunMetrics, Scenario};
use rayon::prelude::*;

/// Evaluations per parallel chunk.
pub const CHUNK: usize = 1024;

/// Uncertainties and levers of a scenario, bound to one model.
pub struct Problem<'a> {
    /// The declarations.
    pub spec: &'a ExplorationSpec,
    applier: Applier,
    data: &'a Dataset,
    /// The model run.
    pub model: ModelId,
}

impl<'a> Problem<'a> {
    /// Binds `spec` on `scenario` to `model`.
    pub fn new(
        scenario: &Scenario,
        spec: &'a ExplorationSpec,
        data: &'a Dataset,
        model: ModelId,
    ) -> Result<Self, String> {
        if scenario.model(&model).is_none() {
            return Err(scenario.unknown_model(model.id()).to_string());
        }
        Ok(Problem {
            spec,
            applier: Applier::new(scenario)?,
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
    /// `levels[i]`.
    pub fn scenario(&self, values: &[f64], levels: &[usize]) -> Result<Scenario, String> {
        let nums: Vec<toml::Value> = values.iter().map(|&v| toml::Value::Float(v)).collect();
        let mut set: Vec<(&str, &toml::Value)> = self
            .spec
            .uncertainties
            .iter()
            .zip(&nums)
            .map(|(u, v)| (u.path.as_str(), v))
            .collect();
        for (l, &i) in self.spec.levers.iter().zip(levels) {
            set.push((l.path.as_str(), &l.levels[i]));
        }
        self.applier.apply(&set)
    }

    /// One run of the model on that scenario.
    pub fn evaluate(
        &self,
        values: &[f64],
        levels: &[usize],
        seed: u64,
        run: u64,
    ) -> Result<RunMetrics, String> {
        let s = self.scenario(values, levels)?;
        let engine = Engine::new(&s, self.data, &self.model).map_err(|e| e.to_string())?;
        Ok(engine.run(seed, run))
    }
}

/// Computes `f(0) … f(n − 1)` in parallel, chunk by chunk, and passes each
/// result to `sink` in index order; `progress(done)` after each chunk. Stops
/// at the first error of `sink`.
pub fn par_map_ordered<T: Send, E>(
    n: usize,
    f: impl Fn(usize) -> T + Sync,
    progress: &(dyn Fn(u64) + Sync),
    mut sink: impl FnMut(usize, T) -> Result<(), E>,
) -> Result<(), E> {
    let mut start = 0;
    while start < n {
        let end = (start + CHUNK).min(n);
        let out: Vec<T> = (start..end).into_par_iter().map(&f).collect();
        for (i, t) in out.into_iter().enumerate() {
            sink(start + i, t)?;
        }
        progress(end as u64);
        start = end;
    }
    Ok(())
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
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<f64>, String> {
    let mut y = Vec::with_capacity(rows.len());
    par_map_ordered(
        rows.len(),
        |i| {
            let values = problem.values(&rows[i]);
            problem
                .scenario(&values, &[])
                .and_then(|s| {
                    let engine =
                        Engine::new(&s, problem.data, &problem.model).map_err(|e| e.to_string())?;
                    Ok(engine.run(seed, run_of(i)).values[metric])
                })
                .map_err(|e| {
                    let at: Vec<String> = problem
                        .names()
                        .iter()
                        .zip(&values)
                        .map(|(n, v)| format!("{n} = {v}"))
                        .collect();
                    format!("evaluation {i} ({}): {e}", at.join(", "))
                })
        },
        progress,
        |i, r: Result<f64, String>| {
            let v = r?;
            if v.is_nan() {
                return Err(format!(
                    "the metric is undefined in evaluation {i} (e.g. `decision_days` in a run without crises); choose a metric defined in every run"
                ));
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
            &|_| {},
            |i, v| {
                assert_eq!(v, i * 2);
                seen.push(i);
                Ok::<(), ()>(())
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
        let y = evaluate_metric(&p, &[vec![0.01], vec![0.99]], 12, 1, |_| 0, &|_| {}).unwrap();
        assert!(y[1] > y[0], "p_attack should rise with the hazard: {y:?}");
    }
}
