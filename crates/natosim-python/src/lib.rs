//! `natosim._natosim`: the Python extension module, a thin layer over the
//! typed library.
//!
//! The pure-Python package `natosim` (python/natosim/) is the API users see;
//! this module gives it the scenario loader and the workflows of
//! `natosim-analysis`, nothing else. Results cross the boundary as the JSON
//! the CLI writes (`serde_json` of the same typed results, so the numbers
//! are the CLI's for the same seed) or, for tables of many rows, as packed
//! little-endian `f64` bytes that numpy reads without a copy per value.
//!
//! The GIL is released while the engine runs (`Python::detach`), so other
//! Python threads run meanwhile; Ctrl-C is noticed between chunks of runs
//! (the workflows' cancel flag) and raises `KeyboardInterrupt`.
//!
//! Errors are the package's typed exceptions (python/natosim/errors.py):
//! `ScenarioError` with the diagnostics' file, field path, line, allowed
//! values and hint (the CLI's text as its message), `AnalysisError` for a
//! workflow that cannot run, `ValueError` for bad arguments.

use natosim_analysis::explore::Problem;
use natosim_analysis::files::FileSource;
use natosim_analysis::overrides::apply_overrides;
use natosim_analysis::prim::PrimOptions;
use natosim_analysis::workflow::experiment::Collect;
use natosim_analysis::workflow::{
    self, Condition, Design, DiscoverSettings, ExperimentSettings, Method, ProblemDefinition,
    SensitivitySettings,
};
use natosim_analysis::{
    AnalysisError, EnsembleOptions, Progress, ProgressSink, UncertaintyMode, compare_uncertain,
};
use natosim_core::engine::SeriesRecorder;
use natosim_core::explore::ExplorationSpec;
use natosim_core::metrics::METRICS;
use natosim_core::params::{ParamRef, ParamValue, REGISTRY};
use natosim_core::scenario::{Diagnostics, MemorySource, ModelId, load};
use natosim_core::shipped::SHIPPED;
use natosim_core::{Dataset, Engine, Scenario};
use pyo3::exceptions::{PyKeyboardInterrupt, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyString};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// The embedded reference dataset, parsed once per process.
fn dataset() -> PyResult<&'static Dataset> {
    static DATA: OnceLock<Result<Dataset, String>> = OnceLock::new();
    DATA.get_or_init(|| Dataset::embedded().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| PyRuntimeError::new_err(format!("the embedded dataset is broken: {e}")))
}

/// An exception class of python/natosim/errors.py.
fn error_class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("natosim.errors")?.getattr(name)
}

/// The diagnostics as `natosim.ScenarioError` (message: the CLI's text).
fn scenario_error(py: Python<'_>, diagnostics: &Diagnostics) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let list = pyo3::types::PyList::empty(py);
        for d in diagnostics.iter() {
            let item = PyDict::new(py);
            item.set_item("kind", format!("{:?}", d.kind))?;
            item.set_item("message", &d.message)?;
            item.set_item("file", d.file.as_deref())?;
            item.set_item("path", d.path.as_deref())?;
            item.set_item("line", d.location.map(|l| l.line))?;
            item.set_item("column", d.location.map(|l| l.column))?;
            item.set_item("allowed", d.allowed.clone())?;
            item.set_item("hint", d.hint.as_deref())?;
            item.set_item("text", d.to_string())?;
            list.append(item)?;
        }
        let exc = error_class(py, "ScenarioError")?.call1((diagnostics.to_string(), list))?;
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|e| e)
}

/// An analysis error as the matching Python exception.
fn analysis_error(py: Python<'_>, e: AnalysisError) -> PyErr {
    match e {
        AnalysisError::Cancelled => PyKeyboardInterrupt::new_err("natosim: cancelled"),
        AnalysisError::Scenario(d) => scenario_error(py, &Diagnostics(vec![*d])),
        other => {
            let kind = match &other {
                AnalysisError::UnknownMetric(_) => "unknown-metric",
                AnalysisError::NoUncertainties => "no-uncertainties",
                AnalysisError::InvalidSetting { .. } => "invalid-setting",
                AnalysisError::InvalidScenario { .. } => "invalid-scenario",
                AnalysisError::UndefinedMetric { .. } => "undefined-metric",
                AnalysisError::DegenerateCondition { .. } => "degenerate-condition",
                AnalysisError::Design(_) => "design",
                AnalysisError::LimitExceeded(_) => "limit-exceeded",
                AnalysisError::Sink(_) => "sink",
                _ => "other",
            };
            let build = || -> PyResult<PyErr> {
                let exc = error_class(py, "AnalysisError")?.call1((other.to_string(), kind))?;
                Ok(PyErr::from_value(exc))
            };
            build().unwrap_or_else(|e| e)
        }
    }
}

fn to_json(v: &impl Serialize) -> PyResult<String> {
    serde_json::to_string(v).map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

/// Packs floats as little-endian `f64` bytes (numpy's `<f8`).
fn pack<'py>(py: Python<'py>, values: impl Iterator<Item = f64>) -> Bound<'py, PyBytes> {
    let mut out = Vec::new();
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
    PyBytes::new(py, &out)
}

/// Checks Python's signals between chunks and cancels the job on Ctrl-C.
struct Interrupt {
    cancel: AtomicBool,
}

impl ProgressSink for Interrupt {
    fn advance(&self, _done: u64) {
        // The workflow runs on the calling (main) thread with the GIL
        // released; take it back briefly, between chunks, to see a Ctrl-C.
        let interrupted = Python::attach(|py| py.check_signals().is_err());
        if interrupted {
            self.cancel.store(true, Ordering::Relaxed);
        }
    }
}

/// Runs `f` without the GIL, with a progress handle that cancels on Ctrl-C.
fn run_detached<T: Send>(
    py: Python<'_>,
    f: impl FnOnce(&Progress) -> Result<T, AnalysisError> + Send,
) -> PyResult<T> {
    let sink = Interrupt {
        cancel: AtomicBool::new(false),
    };
    let result = py.detach(|| {
        let progress = Progress::new(&sink).with_cancel(&sink.cancel);
        f(&progress)
    });
    result.map_err(|e| analysis_error(py, e))
}

/// A parameter value from a Python bool, int, float or str.
fn param_value(path: &str, v: &Bound<'_, PyAny>) -> PyResult<ParamValue> {
    if v.is_instance_of::<PyBool>() {
        Ok(ParamValue::Bool(v.extract()?))
    } else if v.is_instance_of::<PyInt>() {
        Ok(ParamValue::Integer(v.extract()?))
    } else if v.is_instance_of::<PyFloat>() {
        Ok(ParamValue::Real(v.extract()?))
    } else if v.is_instance_of::<PyString>() {
        Ok(ParamValue::Text(v.extract()?))
    } else if let Ok(x) = v.extract::<f64>() {
        // numpy scalars and other numbers.
        Ok(ParamValue::Real(x))
    } else {
        Err(PyValueError::new_err(format!(
            "override `{path}`: a value must be a bool, int, float or str, not {}",
            v.get_type().name()?
        )))
    }
}

/// A loaded, validated scenario with its exploration declarations.
#[pyclass(frozen, module = "natosim._natosim", name = "LoadedScenario")]
struct LoadedScenario {
    scenario: Scenario,
    spec: ExplorationSpec,
}

impl LoadedScenario {
    fn model(&self, py: Python<'_>, name: &str) -> PyResult<ModelId> {
        self.scenario
            .parse_model(name)
            .map_err(|d| scenario_error(py, &Diagnostics(vec![d])))
    }

    /// The engine of one model, with a bad model id or an engine set-up
    /// error as a `ScenarioError`.
    fn engine(&self, py: Python<'_>, model: &ModelId) -> PyResult<Engine> {
        Engine::new(&self.scenario, dataset()?, model)
            .map_err(|d| scenario_error(py, &Diagnostics(vec![d])))
    }

    fn models(&self, py: Python<'_>, names: Option<Vec<String>>) -> PyResult<Vec<ModelId>> {
        match names {
            None => Ok(self.scenario.model_ids()),
            Some(names) if names.is_empty() => Err(PyValueError::new_err(
                "models: give at least one model id, or None for all",
            )),
            Some(names) => names.iter().map(|n| self.model(py, n)).collect(),
        }
    }

    fn problem(&self, py: Python<'_>, model: &str) -> PyResult<Problem<'_>> {
        let model = self.model(py, model)?;
        Problem::new(&self.scenario, &self.spec, dataset()?, model)
            .map_err(|e| analysis_error(py, e))
    }
}

#[derive(Serialize)]
struct ModelInfo<'a> {
    id: &'a str,
    label: &'a str,
}

#[derive(Serialize)]
struct UncertaintyInfo<'a> {
    path: &'a str,
    dist: &'a natosim_core::explore::Dist,
    bounds: (f64, f64),
    group: Option<&'a str>,
    kind: String,
    nominal: Option<ParamValue>,
}

#[derive(Serialize)]
struct LeverInfo<'a> {
    path: &'a str,
    levels: &'a [ParamValue],
    nominal: Option<ParamValue>,
}

#[derive(Serialize)]
struct ScenarioInfo<'a> {
    name: &'a str,
    description: &'a str,
    start: String,
    end: String,
    runs: u32,
    seed: u64,
    models: Vec<ModelInfo<'a>>,
    uncertainties: Vec<UncertaintyInfo<'a>>,
    levers: Vec<LeverInfo<'a>>,
    outcomes: Vec<&'a str>,
    problem: ProblemDefinition,
}

#[pymethods]
impl LoadedScenario {
    /// The scenario's metadata, models and declarations as JSON.
    fn info_json(&self) -> PyResult<String> {
        let s = &self.scenario;
        let ids = s.model_ids();
        let info = ScenarioInfo {
            name: &s.scenario.name,
            description: &s.scenario.description,
            start: s.scenario.start.to_string(),
            end: s.scenario.end.to_string(),
            runs: s.scenario.runs,
            seed: s.scenario.seed,
            models: ids
                .iter()
                .map(|m| ModelInfo {
                    id: m.id(),
                    label: s.model(m).map_or("", |i| i.label.as_str()),
                })
                .collect(),
            uncertainties: self
                .spec
                .uncertainties
                .iter()
                .map(|u| UncertaintyInfo {
                    path: &u.path,
                    dist: &u.dist,
                    bounds: u.dist.bounds(),
                    group: u.group.as_deref(),
                    kind: format!("{:?}", u.param.kind()).to_lowercase(),
                    nominal: u.param.get(s),
                })
                .collect(),
            levers: self
                .spec
                .levers
                .iter()
                .map(|l| LeverInfo {
                    path: &l.path,
                    levels: &l.levels,
                    nominal: l.param.get(s),
                })
                .collect(),
            outcomes: self.spec.outcome_metrics(),
            problem: ProblemDefinition::new(&self.spec),
        };
        to_json(&info)
    }

    /// The fully resolved scenario as TOML (what `natosim scenario NAME` prints).
    fn toml(&self) -> PyResult<String> {
        toml::to_string(&self.scenario).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    /// The value of the parameter at `path`, as JSON.
    fn get_json(&self, py: Python<'_>, path: &str) -> PyResult<String> {
        let p = ParamRef::resolve(&self.scenario, path).map_err(|e| {
            let d = natosim_analysis::overrides::param_diagnostics(path, e);
            scenario_error(py, &Diagnostics(d))
        })?;
        to_json(&p.get(&self.scenario))
    }
}

/// Loads scenario `name` — from `texts` (in-memory scenarios by name, over
/// the shipped ones) or, with `files`, from the file system like the CLI —
/// and applies `overrides` (registry path → value) in order.
#[pyfunction]
#[pyo3(signature = (name, texts, overrides, files))]
fn load_scenario(
    py: Python<'_>,
    name: &str,
    texts: BTreeMap<String, String>,
    overrides: Vec<(String, Bound<'_, PyAny>)>,
    files: bool,
) -> PyResult<LoadedScenario> {
    let overrides: Vec<(String, ParamValue)> = overrides
        .iter()
        .map(|(p, v)| Ok((p.clone(), param_value(p, v)?)))
        .collect::<PyResult<_>>()?;
    let loaded = if files {
        FileSource::load(name)
    } else {
        let mut src = MemorySource::new();
        for (k, v) in texts {
            src.insert(k, v);
        }
        load(name, &src)
    }
    .map_err(|d| scenario_error(py, &d))?;
    let spec = loaded.exploration().map_err(|d| scenario_error(py, &d))?;
    let mut scenario = loaded.scenario;
    apply_overrides(&mut scenario, &overrides).map_err(|d| scenario_error(py, &d))?;
    Ok(LoadedScenario { scenario, spec })
}

/// The texts of a scenario file and the files it extends, keyed by the names
/// that find them (the path given, then each `extends` as written), so that
/// the scenario can be loaded again from memory — in another process, on
/// another machine — exactly as from the files. Shipped scenarios are left
/// out (every process has them).
#[pyfunction]
fn file_bundle(py: Python<'_>, name: &str) -> PyResult<BTreeMap<String, String>> {
    let loaded = FileSource::load(name).map_err(|d| scenario_error(py, &d))?;
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    // `layers` and `sources` run from the base to the file itself; the file
    // at `i` is named by `name` (the last) or by the `extends` of `i + 1`.
    let n = loaded.sources.len();
    for (i, id) in loaded.sources.iter().enumerate() {
        if id.scheme() != natosim_analysis::files::FILE_SCHEME {
            continue;
        }
        let key = if i + 1 == n {
            name.to_string()
        } else {
            match &loaded.layers[i + 1].extends {
                Some(e) => e.clone(),
                None => continue,
            }
        };
        let text = std::fs::read_to_string(id.key())
            .map_err(|e| PyValueError::new_err(format!("{}: cannot read: {e}", id.key())))?;
        if let Some(old) = out.get(&key)
            && *old != text
        {
            return Err(PyValueError::new_err(format!(
                "`{key}` names two different files in the `extends` chain of {name}; \
                 give them distinct names to load this scenario from memory"
            )));
        }
        out.insert(key, text);
    }
    Ok(out)
}

/// `natosim compare` as JSON (the CLI's `--format json`).
#[pyfunction]
#[pyo3(signature = (scenario, models, runs, seed, uncertainty))]
fn compare_json(
    py: Python<'_>,
    scenario: &LoadedScenario,
    models: Option<Vec<String>>,
    runs: u64,
    seed: u64,
    uncertainty: Option<&str>,
) -> PyResult<String> {
    let models = scenario.models(py, models)?;
    let declared = !scenario.spec.uncertainties.is_empty();
    let mode = match uncertainty {
        None if declared => UncertaintyMode::Combined,
        None | Some("aleatory") => UncertaintyMode::Aleatory,
        Some("combined" | "split") if !declared => {
            return Err(PyValueError::new_err(format!(
                "uncertainty: scenario `{}` declares no [uncertainties] to draw; use \"aleatory\" or declare them (docs/ANALYSIS.md)",
                scenario.scenario.scenario.name
            )));
        }
        Some("combined") => UncertaintyMode::Combined,
        Some("split") => UncertaintyMode::Split,
        Some(other) => {
            return Err(PyValueError::new_err(format!(
                "uncertainty: `{other}` is not one of aleatory, combined, split"
            )));
        }
    };
    let data = dataset()?;
    let opts = EnsembleOptions { seed, runs };
    let result = run_detached(py, |p| {
        compare_uncertain(
            &scenario.scenario,
            &scenario.spec,
            data,
            &models,
            opts,
            mode,
            p,
        )
    })?;
    to_json(&result)
}

/// The metric names, in the order of every row of metrics.
#[pyfunction]
fn metric_names() -> Vec<&'static str> {
    METRICS.iter().map(|m| m.name).collect()
}

/// Every metric with unit, range and definition, as JSON (`natosim metrics`).
#[pyfunction]
fn metrics_json() -> PyResult<String> {
    let rows: Vec<_> = METRICS.iter().map(|m| m.definition()).collect();
    to_json(&rows)
}

/// The shipped scenarios: name, title and description, as JSON.
#[pyfunction]
fn scenarios_json(py: Python<'_>) -> PyResult<String> {
    #[derive(Serialize)]
    struct Row {
        name: &'static str,
        title: String,
        description: String,
    }
    let mut rows = Vec::new();
    for (name, _) in SHIPPED {
        let s = load(name, &natosim_core::scenario::ShippedSource)
            .map_err(|d| scenario_error(py, &d))?
            .scenario;
        rows.push(Row {
            name,
            title: s.scenario.name,
            description: s.scenario.description,
        });
    }
    to_json(&rows)
}

/// Every parameter of the registry: path pattern, kind, range, unit, as JSON.
#[pyfunction]
fn parameters_json() -> PyResult<String> {
    #[derive(Serialize)]
    struct Row {
        path: &'static str,
        kind: String,
        low: Option<f64>,
        high: Option<f64>,
        unit: &'static str,
    }
    let rows: Vec<Row> = REGISTRY
        .iter()
        .map(|p| Row {
            path: p.pattern,
            kind: format!("{:?}", p.kind).to_lowercase(),
            low: p.range.map(|r| r.0),
            high: p.range.map(|r| r.1),
            unit: p.unit,
        })
        .collect();
    to_json(&rows)
}

/// Runs `[start, end)` of `model`: the run indices and the metrics as packed
/// `f64`s, row-major in [`metric_names`] order.
#[pyfunction]
fn run_rows<'py>(
    py: Python<'py>,
    scenario: &LoadedScenario,
    model: &str,
    seed: u64,
    start: u64,
    end: u64,
) -> PyResult<(Vec<u64>, Bound<'py, PyBytes>)> {
    let model = scenario.model(py, model)?;
    let engine = scenario.engine(py, &model)?;
    let rows = run_detached(py, |p| workflow::run_rows(&engine, seed, start..end, p))?;
    let runs = rows.iter().map(|r| r.run).collect();
    let values = pack(py, rows.iter().flat_map(|r| r.metrics.values));
    Ok((runs, values))
}

/// `natosim run`: the summary (the CLI's summary.json) and the monthly
/// series rows (its series.csv), as JSON.
#[pyfunction]
fn run_json(
    py: Python<'_>,
    scenario: &LoadedScenario,
    model: &str,
    runs: u64,
    seed: u64,
) -> PyResult<String> {
    let id = scenario.model(py, model)?;
    let engine = scenario.engine(py, &id)?;
    let opts = EnsembleOptions { seed, runs };
    let (stats, series) = run_detached(py, |p| {
        natosim_analysis::ensemble::run_ensemble_with_series(&engine, opts, p)
    })?;
    #[derive(Serialize)]
    struct Out<'a> {
        scenario: &'a str,
        model: &'a str,
        label: &'a str,
        seed: u64,
        runs: u64,
        metrics: BTreeMap<&'static str, natosim_analysis::MetricSummary>,
        series: Vec<natosim_analysis::ensemble::SeriesRow>,
    }
    let out = Out {
        scenario: &scenario.scenario.scenario.name,
        model: id.id(),
        label: scenario
            .scenario
            .model(&id)
            .map_or("", |m| m.label.as_str()),
        seed,
        runs,
        metrics: METRICS
            .iter()
            .map(|m| m.name)
            .zip(stats.summaries())
            .collect(),
        series: series.rows(),
    };
    to_json(&out)
}

/// One run's monthly trace (the CLI's `run --trace R`), as JSON rows.
#[pyfunction]
fn trace_json(
    py: Python<'_>,
    scenario: &LoadedScenario,
    model: &str,
    seed: u64,
    run: u64,
) -> PyResult<String> {
    let id = scenario.model(py, model)?;
    let engine = scenario.engine(py, &id)?;
    let rec = py.detach(|| {
        let mut rec = SeriesRecorder::default();
        engine.run_observed(seed, run, &mut rec);
        rec
    });
    to_json(&rec.months)
}

/// `natosim members` as JSON.
#[pyfunction]
fn members_json(
    py: Python<'_>,
    scenario: &LoadedScenario,
    model: &str,
    runs: u64,
    seed: u64,
) -> PyResult<String> {
    let id = scenario.model(py, model)?;
    let data = dataset()?;
    let opts = EnsembleOptions { seed, runs };
    let result = run_detached(py, |p| {
        workflow::members(&scenario.scenario, data, &id, opts, p)
    })?;
    to_json(&result)
}

/// The design named in Python (`"lhs"`, `"mc"`, `"sobol"`, `"factorial"`).
fn design(name: &str, levels: usize) -> PyResult<Design> {
    Ok(match name {
        "mc" | "monte-carlo" => Design::MonteCarlo,
        "lhs" | "latin-hypercube" => Design::LatinHypercube,
        "sobol" => Design::Sobol,
        "factorial" => Design::Factorial { levels },
        other => {
            return Err(PyValueError::new_err(format!(
                "design: `{other}` is not one of lhs, mc, sobol, factorial"
            )));
        }
    })
}

/// Rows `[start, end)` of an experiment table (`natosim experiment`): the
/// table's shape as JSON, then per row experiment, replication and run
/// indices, the lever level indices (flat) and the uncertain values and
/// outcomes as packed `f64`s (row-major).
#[pyfunction]
#[pyo3(signature = (scenario, model, design_name, levels, samples, replications, seed, scramble, start, end))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn experiment_rows<'py>(
    py: Python<'py>,
    scenario: &LoadedScenario,
    model: &str,
    design_name: &str,
    levels: usize,
    samples: usize,
    replications: usize,
    seed: u64,
    scramble: bool,
    start: usize,
    end: usize,
) -> PyResult<(
    String,
    Vec<usize>,
    Vec<usize>,
    Vec<u64>,
    Vec<usize>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
)> {
    let problem = scenario.problem(py, model)?;
    let settings = ExperimentSettings {
        design: design(design_name, levels)?,
        samples,
        replications,
        seed,
        scramble,
    };
    if end < start {
        return Err(PyValueError::new_err(format!(
            "rows: start {start} is after end {end}"
        )));
    }
    let (table, sink) = run_detached(py, |p| {
        let mut sink = Collect::default();
        let table = workflow::experiment_rows(&problem, &settings, start..end, p, &mut sink)?;
        Ok((table, sink))
    })?;
    let rows = &sink.rows;
    Ok((
        to_json(&table)?,
        rows.iter().map(|r| r.experiment).collect(),
        rows.iter().map(|r| r.replication).collect(),
        rows.iter().map(|r| r.run).collect(),
        rows.iter().flat_map(|r| r.levels.iter().copied()).collect(),
        pack(py, rows.iter().flat_map(|r| r.values.iter().copied())),
        pack(py, rows.iter().flat_map(|r| r.outcomes.iter().copied())),
    ))
}

/// `natosim sensitivity`: the result as JSON (the CLI's results.json), the
/// design's samples and the outputs as packed `f64`s.
#[pyfunction]
#[pyo3(signature = (scenario, model, metric, method, samples, levels, bootstrap, seed, scramble))]
#[allow(clippy::too_many_arguments)]
fn sensitivity_json<'py>(
    py: Python<'py>,
    scenario: &LoadedScenario,
    model: &str,
    metric: &str,
    method: &str,
    samples: Option<usize>,
    levels: usize,
    bootstrap: usize,
    seed: u64,
    scramble: bool,
) -> PyResult<(String, Bound<'py, PyBytes>, Bound<'py, PyBytes>)> {
    let problem = scenario.problem(py, model)?;
    let method = match method {
        "sobol" => Method::Sobol,
        "morris" => Method::Morris,
        other => {
            return Err(PyValueError::new_err(format!(
                "method: `{other}` is not one of sobol, morris"
            )));
        }
    };
    let settings = SensitivitySettings {
        metric: metric.to_string(),
        method,
        samples,
        levels,
        bootstrap,
        seed,
        scramble,
    };
    let run = run_detached(py, |p| workflow::sensitivity(&problem, &settings, p))?;
    Ok((
        to_json(&run.result)?,
        pack(py, run.samples.iter().flatten().copied()),
        pack(py, run.outputs.iter().copied()),
    ))
}

/// `natosim discover`: the result as JSON, the samples and outputs as packed
/// `f64`s and whether each experiment meets the condition.
#[pyfunction]
#[pyo3(signature = (scenario, model, condition, samples, seed, alpha, min_mass, min_coverage, paste))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn discover_json<'py>(
    py: Python<'py>,
    scenario: &LoadedScenario,
    model: &str,
    condition: &str,
    samples: usize,
    seed: u64,
    alpha: Option<f64>,
    min_mass: Option<f64>,
    min_coverage: Option<f64>,
    paste: Option<bool>,
) -> PyResult<(String, Bound<'py, PyBytes>, Bound<'py, PyBytes>, Vec<bool>)> {
    let problem = scenario.problem(py, model)?;
    let condition = Condition::parse(condition).map_err(|e| analysis_error(py, e))?;
    let d = PrimOptions::default();
    let settings = DiscoverSettings {
        condition,
        samples,
        prim: PrimOptions {
            alpha: alpha.unwrap_or(d.alpha),
            min_mass: min_mass.unwrap_or(d.min_mass),
            min_coverage: min_coverage.unwrap_or(d.min_coverage),
            paste: paste.unwrap_or(d.paste),
        },
        seed,
    };
    let run = run_detached(py, |p| workflow::discover(&problem, &settings, p))?;
    Ok((
        to_json(&run.result)?,
        pack(py, run.samples.iter().flatten().copied()),
        pack(py, run.outputs.iter().copied()),
        run.interest,
    ))
}

/// One evaluation of `model` with the uncertainties at `values` (declaration
/// order) and lever `i` at level index `levels[i]` (no levels: the levers keep
/// the scenario's values), run `run` of `seed`:
/// every metric, in [`metric_names`] order (the EMA Workbench adapter's
/// model function).
#[pyfunction]
fn evaluate(
    py: Python<'_>,
    scenario: &LoadedScenario,
    model: &str,
    values: Vec<f64>,
    levels: Vec<usize>,
    seed: u64,
    run: u64,
) -> PyResult<Vec<f64>> {
    let problem = scenario.problem(py, model)?;
    if values.len() != problem.k() {
        return Err(PyValueError::new_err(format!(
            "values: {} given, the scenario declares {} uncertainties",
            values.len(),
            problem.k()
        )));
    }
    let levers = &scenario.spec.levers;
    // No levels: every lever keeps the scenario's value.
    if !levels.is_empty() && levels.len() != levers.len() {
        return Err(PyValueError::new_err(format!(
            "levels: {} given, the scenario declares {} levers",
            levels.len(),
            levers.len()
        )));
    }
    for (l, &i) in levers.iter().zip(&levels) {
        if i >= l.levels.len() {
            return Err(PyValueError::new_err(format!(
                "lever `{}`: level index {i}, it has {} levels",
                l.path,
                l.levels.len()
            )));
        }
    }
    let metrics = py
        .detach(|| problem.evaluate(&values, &levels, seed, run))
        .map_err(|e| match e {
            natosim_core::params::ParamError::Rejected { problems } => {
                scenario_error(py, &Diagnostics(problems))
            }
            other => analysis_error(
                py,
                AnalysisError::InvalidScenario {
                    index: 0,
                    at: format!("run {run}"),
                    message: other.to_string(),
                },
            ),
        })?;
    Ok(metrics.values.to_vec())
}

/// Sets the number of threads the engine uses in this process (once, before
/// the first run; afterwards the pool is fixed). `RAYON_NUM_THREADS` does the
/// same from the environment.
#[pyfunction]
fn set_threads(threads: usize) -> PyResult<()> {
    // At least 1 and at most the limit (natosim_analysis::limits::THREADS).
    natosim_analysis::limits::check_threads(threads)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .map_err(|_| {
            PyRuntimeError::new_err(format!(
                "the engine's thread pool is already running with {} threads; call set_threads before the first run",
                rayon::current_num_threads()
            ))
        })
}

/// The extension module.
#[pymodule]
fn _natosim(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<LoadedScenario>()?;
    m.add_function(wrap_pyfunction!(load_scenario, m)?)?;
    m.add_function(wrap_pyfunction!(file_bundle, m)?)?;
    m.add_function(wrap_pyfunction!(compare_json, m)?)?;
    m.add_function(wrap_pyfunction!(metric_names, m)?)?;
    m.add_function(wrap_pyfunction!(metrics_json, m)?)?;
    m.add_function(wrap_pyfunction!(scenarios_json, m)?)?;
    m.add_function(wrap_pyfunction!(parameters_json, m)?)?;
    m.add_function(wrap_pyfunction!(run_rows, m)?)?;
    m.add_function(wrap_pyfunction!(run_json, m)?)?;
    m.add_function(wrap_pyfunction!(trace_json, m)?)?;
    m.add_function(wrap_pyfunction!(members_json, m)?)?;
    m.add_function(wrap_pyfunction!(experiment_rows, m)?)?;
    m.add_function(wrap_pyfunction!(sensitivity_json, m)?)?;
    m.add_function(wrap_pyfunction!(discover_json, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(set_threads, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
