//! The subcommands.

use crate::atomic::{DirOutput, note, to_stdout};
use crate::load::{load_exploration, load_scenario};
use crate::output::{emit, pretty_json, text_table, text_table_left, to_csv};
use crate::progress::Bar;
use crate::{Format, InputError, SimArgs, UncertaintyArg};
use anyhow::Result;
use natosim_analysis::ensemble::{EnsembleOptions, run_ensemble_with_series};
use natosim_analysis::workflow::decompose::{
    DecomposeSettings, Decomposition, Interval, decompose as decompose_models, hybrid_count,
};
use natosim_analysis::{AnalysisError, Progress};
use natosim_analysis::{Comparison, UncertaintyMode, compare_uncertain};
use natosim_core::engine::SeriesRecorder;
use natosim_core::explore::ExplorationSpec;
use natosim_core::metrics::METRICS;
use natosim_core::scenario::Factor;
use natosim_core::scenario::{DEFAULTS_TOML, escape_control};
use natosim_core::shipped::SHIPPED;
use natosim_core::{Dataset, Engine, ModelId, Scenario, calibration};
use serde::Serialize;
use std::path::Path;

fn dataset() -> Result<Dataset> {
    Ok(Dataset::embedded()?)
}

/// Sets up the worker threads of `--threads` (all cores if `None`): the
/// count is checked against its limit and a pool that cannot be set up is
/// an error (exit 2), never ignored. Shared by every simulating command.
pub(crate) fn configure_threads(threads: Option<usize>) -> Result<()> {
    match threads {
        None => Ok(()),
        Some(n) => {
            natosim_analysis::limits::configure_threads(n).map_err(|e| limit_error(e, "--threads"))
        }
    }
}

/// A refusal of the analysis layer's limits as the CLI reports it: bad
/// input (exit 2), naming the flag the user gave (`--runs`, not `runs`).
pub(crate) fn limit_error(e: AnalysisError, flag: &str) -> anyhow::Error {
    match e {
        AnalysisError::LimitExceeded(l) => InputError(l.describe(flag)).into(),
        AnalysisError::InvalidSetting { message, .. } => {
            InputError(format!("{flag} {message}")).into()
        }
        other => crate::explore_cmd::analysis(other),
    }
}

/// The refusal of a file read under a size limit, naming the flag and the file.
pub(crate) fn limit_message(e: AnalysisError, flag: &str, path: &Path) -> String {
    match e {
        AnalysisError::LimitExceeded(l) => l.describe(&format!(
            "{flag} {}: size",
            escape_control(&path.display().to_string())
        )),
        other => other.to_string(),
    }
}

/// Loads the scenario and sets up threads; returns the scenario and ensemble options.
pub(crate) fn prepare(sim: &SimArgs) -> Result<(Scenario, EnsembleOptions)> {
    configure_threads(sim.threads)?;
    // `--runs` is checked before the scenario is even read; the scenario's
    // own `runs` is held to the same limit by its validation.
    if let Some(runs) = sim.runs {
        natosim_analysis::limits::check_runs(runs, 1).map_err(|e| limit_error(e, "--runs"))?;
    }
    let scenario = load_scenario(&sim.scenario)?;
    let runs = sim.runs.unwrap_or(u64::from(scenario.scenario.runs));
    if runs == 0 {
        return Err(InputError("--runs must be at least 1".into()).into());
    }
    let seed = sim.seed.unwrap_or(scenario.scenario.seed);
    Ok((scenario, EnsembleOptions { seed, runs }))
}

/// Like [`prepare`], with the scenario's exploration declarations (its
/// uncertain parameters).
pub(crate) fn prepare_uncertain(
    sim: &SimArgs,
) -> Result<(Scenario, ExplorationSpec, EnsembleOptions)> {
    // Threads and runs are checked as `prepare` checks them.
    let (_, opts) = prepare(sim)?;
    let (scenario, spec) = load_exploration(&sim.scenario)?;
    let runs = sim.runs.unwrap_or(u64::from(scenario.scenario.runs));
    let seed = sim.seed.unwrap_or(scenario.scenario.seed);
    debug_assert_eq!((runs, seed), (opts.runs, opts.seed));
    Ok((scenario, spec, EnsembleOptions { seed, runs }))
}

/// The uncertainty mode of `--uncertainty`: by default combined where the
/// scenario declares uncertain parameters, else aleatory; asking to draw
/// parameters a scenario does not declare is bad input.
pub(crate) fn uncertainty_mode(
    arg: Option<UncertaintyArg>,
    spec: &ExplorationSpec,
    scenario: &str,
) -> Result<UncertaintyMode> {
    let declared = !spec.uncertainties.is_empty();
    match arg {
        None if declared => Ok(UncertaintyMode::Combined),
        None | Some(UncertaintyArg::Aleatory) => Ok(UncertaintyMode::Aleatory),
        Some(_) if !declared => Err(InputError(format!(
            "--uncertainty: scenario `{scenario}` declares no [uncertainties] to draw; use --uncertainty aleatory or declare them (docs/ANALYSIS.md)"
        ))
        .into()),
        Some(UncertaintyArg::Combined) => Ok(UncertaintyMode::Combined),
        Some(UncertaintyArg::Split) => Ok(UncertaintyMode::Split),
    }
}

/// A model id of `scenario` (the four study models and any it adds), with
/// the allowed ids and a "did you mean" when it has none of that name.
pub(crate) fn parse_model(scenario: &Scenario, name: &str) -> Result<ModelId> {
    scenario
        .parse_model(name)
        .map_err(|d| InputError(d.to_string()).into())
}

/// `natosim compare`; `windows` shows the windowed metrics side by side
/// instead of the full table (table format only).
pub fn compare(
    sim: &SimArgs,
    format: Format,
    models: &[String],
    out: Option<&Path>,
    windows: bool,
    uncertainty: Option<UncertaintyArg>,
) -> Result<()> {
    let (scenario, spec, opts) = prepare_uncertain(sim)?;
    let mode = uncertainty_mode(uncertainty, &spec, &sim.scenario)?;
    // `--models "a, b"` splits on the comma; the spaces are not part of an id.
    let models: Vec<&str> = models
        .iter()
        .map(|m| m.trim())
        .filter(|m| !m.is_empty())
        .collect();
    let models: Vec<ModelId> = if models.is_empty() {
        scenario.model_ids()
    } else {
        models
            .iter()
            .map(|m| parse_model(&scenario, m))
            .collect::<Result<_>>()?
    };
    // A model named twice would run twice and print two identical columns.
    if let Some((i, m)) = models
        .iter()
        .enumerate()
        .find(|(i, m)| models[..*i].contains(m))
    {
        return Err(InputError(format!(
            "--models names `{}` twice (position {}); give each model once",
            m.id(),
            i + 1
        ))
        .into());
    }
    let data = dataset()?;
    let passes = if mode == UncertaintyMode::Split { 2 } else { 1 };
    let bar = Bar::new(
        "runs",
        opts.runs * models.len() as u64 * passes,
        "comparing models",
    );
    let result = compare_uncertain(
        &scenario,
        &spec,
        &data,
        &models,
        opts,
        mode,
        &Progress::new(&bar),
    )
    .map_err(crate::explore_cmd::analysis)?;
    bar.finish();
    let bytes = match format {
        Format::Json => pretty_json(&result)?,
        Format::Csv => comparison_csv(&result)?,
        Format::Table if windows => windows_table(&result, &scenario).into_bytes(),
        Format::Table => comparison_table(&result).into_bytes(),
    };
    emit(out, &bytes)
}

#[derive(Serialize)]
struct CsvRow<'a> {
    model: &'a str,
    metric: &'a str,
    mean: f64,
    p05: f64,
    p50: f64,
    p95: f64,
    n: u64,
    /// What the interval carries: `aleatory` or `combined`.
    uncertainty: &'static str,
}

/// A row of `--uncertainty split`: the combined summary, the aleatory-only
/// one beside it and the share of the variance due to the parameters.
#[derive(Serialize)]
struct SplitCsvRow<'a> {
    model: &'a str,
    metric: &'a str,
    mean: f64,
    p05: f64,
    p50: f64,
    p95: f64,
    n: u64,
    uncertainty: &'static str,
    aleatory_mean: f64,
    aleatory_p05: f64,
    aleatory_p50: f64,
    aleatory_p95: f64,
    parameter_share: f64,
}

fn comparison_csv(c: &Comparison) -> Result<Vec<u8>> {
    let kind = if c.uncertainty.mode.draws_parameters() {
        "combined"
    } else {
        "aleatory"
    };
    if c.uncertainty.mode == UncertaintyMode::Split {
        return to_csv(c.models.iter().flat_map(|m| {
            m.metrics
                .iter()
                .zip(&m.split)
                .map(move |((name, s), (_, sp))| SplitCsvRow {
                    model: m.id.id(),
                    metric: name,
                    mean: s.mean,
                    p05: s.p05,
                    p50: s.p50,
                    p95: s.p95,
                    n: s.n,
                    uncertainty: kind,
                    aleatory_mean: sp.aleatory.mean,
                    aleatory_p05: sp.aleatory.p05,
                    aleatory_p50: sp.aleatory.p50,
                    aleatory_p95: sp.aleatory.p95,
                    parameter_share: sp.parameter_share,
                })
        }));
    }
    to_csv(c.models.iter().flat_map(|m| {
        m.metrics.iter().map(move |(name, s)| CsvRow {
            model: m.id.id(),
            metric: name,
            mean: s.mean,
            p05: s.p05,
            p50: s.p50,
            p95: s.p95,
            n: s.n,
            uncertainty: kind,
        })
    }))
}

fn comparison_table(c: &Comparison) -> String {
    let header = || {
        let mut h = vec!["metric".to_string()];
        h.extend(c.models.iter().map(|m| m.label.clone()));
        h
    };
    let interval = |info: &natosim_core::metrics::MetricInfo,
                    s: &natosim_analysis::MetricSummary| {
        format!(
            "{} [{}, {}]",
            info.kind.format(s.mean),
            info.kind.format(s.p05),
            info.kind.format(s.p95)
        )
    };
    let mut rows: Vec<Vec<String>> = vec![header()];
    for info in METRICS {
        let mut row = vec![info.name.to_string()];
        for m in &c.models {
            let s = m.metric(info.name).copied();
            row.push(s.map_or("–".into(), |s| interval(info, &s)));
        }
        rows.push(row);
    }
    let mut out = format!(
        "natosim compare — scenario \"{}\", {} runs per model, seed {}\n{}\nmean [5th, 95th percentile] across runs; metrics are defined in docs/MODEL.md\n\n",
        escape_control(&c.scenario),
        c.runs,
        c.seed,
        c.uncertainty.describe()
    );
    out.push_str(&text_table(&rows));
    if c.uncertainty.mode == UncertaintyMode::Split {
        let mut al: Vec<Vec<String>> = vec![header()];
        let mut share: Vec<Vec<String>> = vec![header()];
        for info in METRICS {
            let mut a = vec![info.name.to_string()];
            let mut sh = vec![info.name.to_string()];
            for m in &c.models {
                let s = m.split_metric(info.name).copied();
                a.push(s.map_or("–".into(), |s| interval(info, &s.aleatory)));
                sh.push(s.map_or("–".into(), |s| {
                    if s.parameter_share.is_finite() {
                        format!("{:.0} %", 100.0 * s.parameter_share)
                    } else {
                        "–".into()
                    }
                }));
            }
            al.push(a);
            share.push(sh);
        }
        out.push_str(
            "\nAleatory only — random events, every parameter at its nominal value (same runs and streams)\n\n",
        );
        out.push_str(&text_table(&al));
        out.push_str(
            "\nShare of the variance across runs due to the uncertain parameters: 1 − var(aleatory) / var(combined)\n\n",
        );
        out.push_str(&text_table(&share));
    }
    out
}

/// `natosim decompose`.
pub fn decompose(
    sim: &SimArgs,
    a: &str,
    b: &str,
    format: Format,
    out: Option<&Path>,
    uncertainty: Option<UncertaintyArg>,
) -> Result<()> {
    let (scenario, spec, opts) = prepare_uncertain(sim)?;
    let mode = uncertainty_mode(uncertainty, &spec, &sim.scenario)?;
    if mode == UncertaintyMode::Split {
        return Err(InputError(
            "--uncertainty split is a view of `compare`; decompose with combined or aleatory"
                .into(),
        )
        .into());
    }
    let (a, b) = (parse_model(&scenario, a)?, parse_model(&scenario, b)?);
    let data = dataset()?;
    let hybrids = hybrid_count(&scenario, &a, &b) as u64;
    let bar = Bar::new("runs", opts.runs * hybrids, "decomposing the gap");
    let settings = DecomposeSettings {
        a,
        b,
        opts,
        uncertainty: mode,
    };
    let result = decompose_models(&scenario, &spec, &data, &settings, &Progress::new(&bar))
        .map_err(crate::explore_cmd::analysis)?;
    bar.finish();
    let bytes = match format {
        Format::Json => pretty_json(&result)?,
        Format::Csv => decomposition_csv(&result)?,
        Format::Table => decomposition_table(&result).into_bytes(),
    };
    emit(out, &bytes)
}

#[derive(Serialize)]
struct DecompositionRow<'a> {
    metric: &'a str,
    /// `gap` or a factor name.
    part: &'a str,
    mean: f64,
    low: f64,
    high: f64,
    /// Whether the models differ in this factor (always true for the gap).
    differs: bool,
    n: u64,
}

fn decomposition_csv(d: &Decomposition) -> Result<Vec<u8>> {
    to_csv(d.metrics.iter().flat_map(|m| {
        let gap = DecompositionRow {
            metric: &m.metric,
            part: "gap",
            mean: m.gap.mean,
            low: m.gap.low,
            high: m.gap.high,
            differs: true,
            n: m.n,
        };
        std::iter::once(gap).chain(m.contributions.iter().map(move |c| DecompositionRow {
            metric: &m.metric,
            part: c.factor.name(),
            mean: c.shapley.mean,
            low: c.shapley.low,
            high: c.shapley.high,
            differs: d.factors.iter().any(|f| f.factor == c.factor && f.differs),
            n: m.n,
        }))
    }))
}

fn decomposition_table(d: &Decomposition) -> String {
    let mut rows: Vec<Vec<String>> = vec![vec![
        "metric".to_string(),
        d.a_label.clone(),
        d.b_label.clone(),
        "gap B − A".to_string(),
    ]];
    rows[0].extend(Factor::ALL.iter().map(|f| f.name().to_string()));
    for info in METRICS {
        let Some(m) = d.metric(info.name) else {
            continue;
        };
        let f = |x: f64| {
            if x.is_finite() {
                info.kind.format(x)
            } else {
                "–".into()
            }
        };
        // Differences are signed: show a plus on gains.
        // Differences are signed; a value that rounds to zero shows no sign.
        let signed = |x: f64| {
            let s = f(x);
            let digits = s.trim_start_matches('-');
            if digits.chars().all(|c| matches!(c, '0' | '.' | ',')) {
                digits.to_string()
            } else if x > 0.0 {
                format!("+{s}")
            } else {
                s
            }
        };
        let unsigned = |x: f64| {
            let s = f(x);
            let digits = s.trim_start_matches('-');
            if digits.chars().all(|c| matches!(c, '0' | '.' | ',')) {
                digits.to_string()
            } else {
                s
            }
        };
        let iv = |i: &Interval| {
            format!(
                "{} [{}, {}]",
                signed(i.mean),
                unsigned(i.low),
                unsigned(i.high)
            )
        };
        let mut row = vec![info.name.to_string(), f(m.a), f(m.b), iv(&m.gap)];
        for c in &m.contributions {
            let differs = d.factors.iter().any(|x| x.factor == c.factor && x.differs);
            row.push(if differs {
                iv(&c.shapley)
            } else {
                "0 (same)".into()
            });
        }
        rows.push(row);
    }
    let factors: Vec<String> = d
        .factors
        .iter()
        .map(|f| format!("{} = {}", f.factor.name(), f.fields.join(", ")))
        .collect();
    let mut out = format!(
        "natosim decompose — scenario \"{}\", {} runs per model, seed {}, {} models (A, B and hybrids)\n{}\nA = {} ({}), B = {} ({}); the gap B − A split into Shapley values of the factors (they sum to the gap);\nmean [90 % confidence interval of the mean, runs paired]; factors: {}\n\n",
        d.scenario,
        d.runs,
        d.seed,
        d.hybrids,
        d.uncertainty.describe(),
        d.a_label,
        d.a,
        d.b_label,
        d.b,
        factors.join("; ")
    );
    out.push_str(&text_table(&rows));
    out
}

/// The windowed metrics (docs/MODEL.md 8.1) as "transition → end" per model.
fn windows_table(c: &Comparison, scenario: &Scenario) -> String {
    let (transition, end) = natosim_report::windows::window_bounds(scenario);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header = vec!["transition → end".to_string()];
    header.extend(c.models.iter().map(|m| m.label.clone()));
    rows.push(header);
    for (label, first, last) in natosim_core::metrics::WINDOW_PAIRS {
        let mut row = vec![label.to_string()];
        for m in &c.models {
            let cell = |metric: &natosim_core::Metric| {
                m.metric(metric.name())
                    .map_or("–".into(), |s| metric.info().kind.format(s.mean))
            };
            row.push(format!("{} → {}", cell(first), cell(last)));
        }
        rows.push(row);
    }
    let mut out = format!(
        "natosim compare --windows — scenario \"{}\", {} runs per model, seed {}\nmeans across runs; transition {transition}, steady state {end} (docs/MODEL.md 8.1)\n\n",
        c.scenario, c.runs, c.seed
    );
    out.push_str(&text_table(&rows));
    out
}

/// `natosim run`.
pub fn run(sim: &SimArgs, model: &str, out: &Path, trace: Option<u64>) -> Result<()> {
    let (scenario, opts) = prepare(sim)?;
    let model = parse_model(&scenario, model)?;
    // Checked before the ensemble runs: a trace of a run that is not part of
    // it would describe a run the summary does not contain.
    if let Some(r) = trace.filter(|&r| r >= opts.runs) {
        return Err(InputError(format!(
            "--trace {r}: runs are numbered 0 … {} (--runs {}); give a run index below --runs",
            opts.runs.saturating_sub(1),
            opts.runs
        ))
        .into());
    }
    let data = dataset()?;
    let engine = Engine::new(&scenario, &data, &model).map_err(|d| InputError(d.to_string()))?;
    let bar = Bar::new("runs", opts.runs, model.id());
    let (stats, series) = run_ensemble_with_series(&engine, opts, &Progress::new(&bar))
        .map_err(crate::explore_cmd::analysis)?;
    bar.finish();

    #[derive(Serialize)]
    struct Summary<'a> {
        scenario: &'a str,
        model: &'a str,
        label: &'a str,
        seed: u64,
        runs: u64,
        metrics: serde_json::Map<String, serde_json::Value>,
    }
    let mut metrics = serde_json::Map::new();
    for (info, s) in METRICS.iter().zip(stats.summaries()) {
        metrics.insert(info.name.into(), serde_json::to_value(s)?);
    }
    let summary = Summary {
        scenario: &scenario.scenario.name,
        model: model.id(),
        label: scenario.model(&model).map_or("", |m| m.label.as_str()),
        seed: opts.seed,
        runs: opts.runs,
        metrics,
    };
    let mut json = serde_json::to_string_pretty(&summary)?;
    json.push('\n');
    // One set: a trace from an earlier run never stays beside a new summary.
    let mut set = DirOutput::new(out);
    set.add("summary.json", json.into_bytes());
    set.add("series.csv", to_csv(series.rows())?);
    if let Some(r) = trace {
        let mut trace = SeriesRecorder::default();
        engine.run_observed(opts.seed, r, &mut trace);
        set.add("trace.csv", to_csv(trace.months)?);
    }
    let written: Vec<String> = set.names().map(str::to_string).collect();
    set.commit()?;
    note(format_args!(
        "wrote {} in {}",
        written.join(", "),
        out.display()
    ));
    Ok(())
}

/// The model ids of the embedded defaults, in output order (for help texts).
pub fn default_model_ids() -> Vec<String> {
    Scenario::defaults()
        .model_ids()
        .iter()
        .map(|m| m.id().to_string())
        .collect()
}

/// `natosim metrics`: every outcome metric with its unit, range and definition.
pub fn metrics(format: Format) -> Result<()> {
    let rows: Vec<_> = METRICS.iter().map(|m| m.definition()).collect();
    let bytes = match format {
        Format::Json => (serde_json::to_string_pretty(&rows)? + "\n").into_bytes(),
        Format::Csv => to_csv(&rows)?,
        Format::Table => {
            let mut table = vec![vec![
                "metric".to_string(),
                "unit".to_string(),
                "range".to_string(),
                "definition".to_string(),
            ]];
            for r in &rows {
                table.push(vec![
                    r.name.to_string(),
                    r.unit.to_string(),
                    format!("{} – {}", r.min, r.max),
                    r.definition.to_string(),
                ]);
            }
            let mut out = String::from(
                "natosim metrics — every metric is a per-run value; ensembles report mean and percentiles (docs/MODEL.md, \"Outcome metrics\")\n\n",
            );
            out.push_str(&text_table_left(&table));
            out.into_bytes()
        }
    };
    emit(None, &bytes)
}

/// `natosim validate`.
pub fn validate(files: &[String]) -> Result<()> {
    let mut bad = Vec::new();
    for f in files {
        match load_exploration(f).map(|(s, _)| s) {
            Ok(s) => to_stdout(
                format!(
                    "{}: ok ({}, {} … {})\n",
                    escape_control(f),
                    escape_control(&s.scenario.name),
                    s.scenario.start,
                    s.scenario.end
                )
                .as_bytes(),
            )?,
            Err(e) => bad.push(e.0),
        }
    }
    if bad.is_empty() {
        Ok(())
    } else {
        Err(InputError(bad.join("\n")).into())
    }
}

/// `natosim scenario`.
pub fn scenario(defaults: bool, name: Option<&str>) -> Result<()> {
    match (defaults, name) {
        (true, None) => emit(None, DEFAULTS_TOML.as_bytes()),
        (false, Some(n)) => {
            let (s, spec) = crate::load::load_exploration(n)?;
            let mut text = format!(
                "# {}, fully resolved (all layers applied)\n{}",
                escape_control(n),
                toml::to_string(&s)?
            );
            // The declarations are part of the scenario: without them the
            // output of `uncertain-baseline` was no longer uncertain.
            let declarations = declarations_toml(&spec)?;
            if !declarations.is_empty() {
                text.push('\n');
                text.push_str(&declarations);
            }
            emit(None, text.as_bytes())
        }
        _ => Err(InputError("give either --defaults or a scenario name/path".into()).into()),
    }
}

/// The resolved declarations (uncertainties, levers, outcomes) as TOML that
/// reads back to the same [`ExplorationSpec`].
fn declarations_toml(spec: &ExplorationSpec) -> Result<String> {
    let mut root = toml::Table::new();
    let mut uncertainties = toml::Table::new();
    for u in &spec.uncertainties {
        let mut t = match toml::Value::try_from(&u.dist)? {
            toml::Value::Table(t) => t,
            other => anyhow::bail!("a distribution serialised as {}", other.type_str()),
        };
        if let Some(g) = &u.group {
            t.insert("group".into(), toml::Value::String(g.clone()));
        }
        uncertainties.insert(u.path.clone(), toml::Value::Table(t));
    }
    let mut levers = toml::Table::new();
    for l in &spec.levers {
        let mut t = toml::Table::new();
        t.insert("levels".into(), toml::Value::try_from(&l.levels)?);
        levers.insert(l.path.clone(), toml::Value::Table(t));
    }
    if !uncertainties.is_empty() {
        root.insert("uncertainties".into(), toml::Value::Table(uncertainties));
    }
    if !levers.is_empty() {
        root.insert("levers".into(), toml::Value::Table(levers));
    }
    if !spec.outcomes.is_empty() {
        let mut t = toml::Table::new();
        t.insert("metrics".into(), toml::Value::try_from(&spec.outcomes)?);
        root.insert("outcomes".into(), toml::Value::Table(t));
    }
    Ok(if root.is_empty() {
        String::new()
    } else {
        toml::to_string(&root)?
    })
}

/// `natosim scenarios`.
pub fn scenarios() -> Result<()> {
    for (name, _) in SHIPPED {
        let s = load_scenario(name)?;
        to_stdout(
            format!(
                "{name:<32} {} — {}\n",
                escape_control(&s.scenario.name),
                escape_control(&s.scenario.description)
            )
            .as_bytes(),
        )?;
    }
    Ok(())
}

/// `natosim data`.
pub fn data(format: Format) -> Result<()> {
    let d = dataset()?;
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&d)?;
            s.push('\n');
            emit(None, s.as_bytes())
        }
        Format::Csv => emit(None, &to_csv(&d.members)?),
        Format::Table => {
            let mut out = String::from(
                "NATO members: NATO June 2024 tables (crates/natosim-core/data/SOURCES.md); positions coded from FES 2025 (crates/natosim-core/data/POSITIONS.md)\n\
                 coding: study = the study's sample, estimate = by flank (a named assumption)\n\n",
            );
            out.push_str(&format!(
                "{:<4} {:<16} {:<13} {:>9} {:>6} {:>6} {:<7} {:<7} {:>5} {:>5} {:>5} {:>5} {:>5} {:<8}\n",
                "iso", "name", "flank", "GDP $bn", "s2014", "s2024", "tension", "warrisk", "china", "ukr", "orient", "veto", "fisc", "coding"
            ));
            let opt = |v: Option<f64>| v.map_or("–".into(), |v| format!("{v:.2}"));
            for m in &d.members {
                out.push_str(&format!(
                    "{:<4} {:<16} {:<13} {:>9.1} {:>6} {:>6} {:<7} {:<7} {:>5.2} {:>5.2} {:>5.2} {:>5.2} {:>5.2} {:<8}\n",
                    m.iso3,
                    m.name.chars().take(16).collect::<String>(),
                    m.flank.name(),
                    m.gdp_2024_busd,
                    opt(m.milex_share_2014),
                    opt(m.milex_share_2024),
                    format!("{:?}", m.tension).to_lowercase(),
                    format!("{:?}", m.war_risk).to_lowercase(),
                    m.china_stance,
                    m.ukraine_membership,
                    m.orientation,
                    m.veto_propensity,
                    m.fiscal_constraint,
                    format!("{:?}", m.coding).to_lowercase(),
                ));
            }
            let r = &d.russia;
            out.push_str(&format!(
                "\nRussia (reference): {:.2} % of GDP 2024, USD {:.0} bn (SIPRI), ≈ USD {:.0} bn at PPP, {:.0}k active (IISS)\n",
                r.milex_share_2024,
                r.milex_2024_musd / 1000.0,
                r.milex_2024_ppp_busd,
                r.personnel_k
            ));
            emit(None, out.as_bytes())
        }
    }
}

/// `natosim calibrate`: the shipped fit with standard errors, every
/// specification on the whole sample, and the held-out comparison with
/// persistence (docs/VALIDATION.md 1).
pub fn calibrate(format: Format) -> Result<()> {
    let report = calibration::compare_specifications(&dataset()?, &Scenario::defaults());
    let fit = &report.shipped;
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
        // The held-out comparison, one row per specification and split.
        Format::Csv => String::from_utf8(to_csv(report.held_out.iter())?)?,
        Format::Table => {
            let mut out = format!(
                "Budget response Δs = λ (a + b·threat − s), OLS on NATO June 2024 shares, 2015–2024\n\
                 (European allies and Canada; threat = coded perception × Russia index, {} before 2022;\n\
                 standard errors in brackets, delta method for a and b)\n\n\
                 λ adjustment speed   {:.3} [{:.3}] per year\n\
                 b threat sensitivity {:.2} [{:.2}] pp of GDP per unit threat\n\
                 a intercept          {:.2} [{:.2}] % of GDP\n\
                 Wales 2 % pull       {:.3} [{:.3}] of the gap per year (pa-target; evidence for spending.target_pull)\n\
                 observations         {}\n\
                 R² of Δs             {:.3}\n\
                 RMSE of Δs           {:.3} pp (spending.budget_noise)\n\
                 2024 level from 2014 RMSE {:.3} pp (iterating the fitted rule)\n\
                 European 2024 share  observed {:.2} %, fitted {:.2} % (GDP-weighted)\n",
                calibration::ERA_2014,
                fit.adjustment_speed,
                fit.adjustment_speed_se,
                fit.threat_sensitivity,
                fit.threat_sensitivity_se,
                fit.intercept,
                fit.intercept_se,
                fit.wales_pull,
                fit.wales_pull_se,
                fit.n,
                fit.r_squared,
                fit.rmse,
                fit.rmse_2024_level,
                fit.europe_2024_observed,
                fit.europe_2024_fitted
            );
            out.push_str("\nSpecifications on 2015–2024 (coefficient [standard error]):\n");
            for f in &report.full {
                let coefs: Vec<String> = f
                    .coefficients
                    .iter()
                    .map(|(name, b, se)| format!("{name} {b:.3} [{se:.3}]"))
                    .collect();
                out.push_str(&format!(
                    "  {:<17} R² {:.3}  {}\n",
                    f.spec,
                    f.r_squared,
                    coefs.join(", ")
                ));
            }
            out.push_str(
                "\nHeld-out forecasts of the levels (dynamic, from the last fitted year), pp of GDP:\n\
                 spec               fit to  forecast    RMSE    MAE   bias    n\n",
            );
            for h in &report.held_out {
                out.push_str(&format!(
                    "{:<18} {:>6}  {}–2024  {:>6.3} {:>6.3} {:>6.3} {:>4}\n",
                    h.spec, h.fit_to, h.forecast_from, h.rmse, h.mae, h.bias, h.n
                ));
            }
            out.push_str(&format!(
                "\nShipped: `{}` (docs/VALIDATION.md 1 says why).\n",
                calibration::SHIPPED_SPEC
            ));
            out
        }
    };
    emit(None, text.as_bytes())
}
