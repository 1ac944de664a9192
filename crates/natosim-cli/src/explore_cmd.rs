//! `natosim sensitivity`, `natosim discover` and `natosim experiment`:
//! asking why (docs/ANALYSIS.md).

//!
//! The workflows live in `natosim_analysis::workflow`; this module parses
//! the arguments into their settings, shows progress, and formats the typed
//! results as a table, CSV or JSON (`serde_json` of the result types).

use crate::atomic::{DirOutput, note};
use crate::load::load_exploration;
use crate::output::text_table;
use crate::progress::Bar;
use crate::{Format, InputError};
use anyhow::{Context, Result};
use natosim_analysis::explore::Problem;
use natosim_analysis::prim::PrimOptions;
use natosim_analysis::workflow::sensitivity::Indices;
use natosim_analysis::workflow::{
    self, Condition, DiscoverSettings, Discovery, ExperimentRow, ExperimentSettings,
    ExperimentSink, ExperimentTable, ProblemDefinition, Sensitivity, SensitivitySettings,
};
use natosim_analysis::{AnalysisError, Progress};
use natosim_core::explore::{ExplorationSpec, Lever};
use natosim_core::{Dataset, ModelId, Scenario};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Sensitivity method (mirrors [`workflow::Method`] for clap).
#[derive(Clone, Copy, Debug, clap::ValueEnum, PartialEq, Eq)]
pub enum Method {
    /// Morris elementary effects (screening).
    Morris,
    /// Sobol' first-order and total indices (Saltelli sampling).
    Sobol,
}

/// Experiment design.
#[derive(Clone, Copy, Debug, clap::ValueEnum, PartialEq, Eq)]
pub enum Design {
    /// Monte Carlo (independent uniform draws).
    Mc,
    /// Latin hypercube.
    Lhs,
    /// Sobol' low-discrepancy sequence.
    Sobol,
    /// Full factorial over levels.
    Factorial,
}

/// Options shared by the exploration commands.
#[derive(clap::Args, Debug, Clone)]
pub struct ExploreArgs {
    /// Scenario with declared uncertainties: a shipped name or a path.
    #[arg(long, short, default_value = "uncertain-baseline")]
    pub scenario: String,
    /// Model: status-quo, transatlantic-minus, european-defence-union or toolkit.
    #[arg(long, short, default_value = "status-quo")]
    pub model: String,
    /// Root seed [default: the scenario's `seed`].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
}

/// `natosim sensitivity` options.
#[derive(clap::Args, Debug, Clone)]
pub struct SensitivityArgs {
    #[command(flatten)]
    pub common: ExploreArgs,
    /// Output metric to explain (see docs/MODEL.md).
    #[arg(long)]
    pub metric: String,
    /// Method.
    #[arg(long, value_enum, default_value_t = Method::Sobol)]
    pub method: Method,
    /// Sobol': base samples N (a power of two is best; N·(k+2) runs, more with groups).
    /// Morris: trajectories r (r·(k+1) runs) [default: 1024 for Sobol', 50 for Morris].
    #[arg(long)]
    pub samples: Option<usize>,
    /// Morris grid levels (even).
    #[arg(long, default_value_t = 4)]
    pub levels: usize,
    /// Bootstrap resamples for confidence intervals.
    #[arg(long, default_value_t = 200)]
    pub bootstrap: usize,
    /// Sobol': Owen-scramble the Sobol' sequence, seeded by --seed.
    #[arg(long)]
    pub scramble: bool,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write problem.json, samples.csv, outputs.csv, results.json and results.csv here.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

/// `natosim discover` options.
#[derive(clap::Args, Debug, Clone)]
pub struct DiscoverArgs {
    #[command(flatten)]
    pub common: ExploreArgs,
    /// The condition that marks a case of interest: `METRIC OP NUMBER`, OP one of > >= < <=.
    #[arg(long = "where")]
    pub condition: String,
    /// Experiments (a Latin hypercube over the uncertainties).
    #[arg(long, default_value_t = 2000)]
    pub samples: usize,
    /// Share of points peeled per PRIM step.
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    /// Smallest box, as a share of all experiments.
    #[arg(long, default_value_t = 0.05)]
    pub min_mass: f64,
    /// Smallest coverage of the chosen box.
    #[arg(long, default_value_t = 0.5)]
    pub min_coverage: f64,
    /// Do not paste the chosen box.
    #[arg(long)]
    pub no_paste: bool,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write problem.json, samples.csv, outputs.csv and results.json here.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

/// `natosim experiment` options.
#[derive(clap::Args, Debug, Clone)]
pub struct ExperimentArgs {
    #[command(flatten)]
    pub common: ExploreArgs,
    /// Design over the uncertainties (crossed with every combination of lever levels).
    #[arg(long, value_enum, default_value_t = Design::Lhs)]
    pub design: Design,
    /// Points of the design (mc, lhs, sobol).
    #[arg(long, default_value_t = 100)]
    pub samples: usize,
    /// With --design sobol: Owen-scramble the sequence, seeded by --seed.
    #[arg(long)]
    pub scramble: bool,
    /// Levels per continuous uncertainty in a factorial design (quantile midpoints).
    #[arg(long, default_value_t = 3)]
    pub levels: usize,
    /// Replications (runs with independent random streams) per experiment.
    #[arg(long, default_value_t = 1)]
    pub replications: usize,
    /// The tidy table (CSV), written atomically.
    #[arg(long, short)]
    pub out: PathBuf,
}

fn bad(msg: impl Into<String>) -> anyhow::Error {
    InputError(msg.into()).into()
}

/// A library error as the CLI reports it: everything but a failing output
/// sink is bad input (exit code 2).
pub(crate) fn analysis(e: AnalysisError) -> anyhow::Error {
    match e {
        AnalysisError::Sink(io) => anyhow::Error::new(io).context("cannot write the output"),
        AnalysisError::LimitExceeded(l) => bad(l.describe(&l.limit.cli_name())),
        other => bad(other.to_string()),
    }
}

struct Setup {
    scenario: Scenario,
    spec: ExplorationSpec,
    model: ModelId,
    seed: u64,
    data: Dataset,
}

impl Setup {
    fn problem(&self) -> Result<Problem<'_>> {
        Problem::new(&self.scenario, &self.spec, &self.data, self.model.clone()).map_err(|e| match e {
            AnalysisError::NoUncertainties => bad(format!(
                "{}: declares no uncertainties; add [uncertainties.\"PATH\"] tables (docs/ANALYSIS.md) or use --scenario uncertain-baseline",
                self.scenario.scenario.name
            )),
            other => analysis(other),
        })
    }
}

fn setup(a: &ExploreArgs) -> Result<Setup> {
    crate::commands::configure_threads(a.threads)?;
    let (scenario, spec) = load_exploration(&a.scenario)?;
    let model = crate::commands::parse_model(&scenario, &a.model)?;
    if spec.uncertainties.is_empty() {
        return Err(bad(format!(
            "{}: declares no uncertainties; add [uncertainties.\"PATH\"] tables (docs/ANALYSIS.md) or use --scenario uncertain-baseline",
            a.scenario
        )));
    }
    let seed = a.seed.unwrap_or(scenario.scenario.seed);
    Ok(Setup {
        scenario,
        spec,
        model,
        seed,
        data: Dataset::embedded()?,
    })
}

/// Pretty JSON of a result with its keys in sorted order (the layout the
/// files have always had), and a final newline.
fn json_bytes(v: &impl Serialize) -> Result<Vec<u8>> {
    let mut s = serde_json::to_string_pretty(&serde_json::to_value(v)?)?;
    s.push('\n');
    Ok(s.into_bytes())
}

fn emit(bytes: &[u8]) -> Result<()> {
    crate::atomic::to_stdout(bytes)
}

/// CSV of a matrix with a header.
fn matrix_csv(header: &[&str], rows: impl IntoIterator<Item = Vec<f64>>) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(r.iter().map(|v| fmt_num(*v)))?;
    }
    Ok(w.into_inner()?)
}

/// `problem.json`, `samples.csv` and `outputs.csv`: the design and its
/// outputs, shared by `sensitivity` and `discover`, as the first files of
/// the directory set `set`.
fn add_design(
    set: &mut DirOutput,
    spec: &ExplorationSpec,
    samples: &[Vec<f64>],
    outputs: &[&str],
    output_rows: impl IntoIterator<Item = Vec<f64>>,
) -> Result<()> {
    let names: Vec<&str> = spec.uncertainties.iter().map(|u| u.path.as_str()).collect();
    set.add("problem.json", json_bytes(&ProblemDefinition::new(spec))?);
    set.add("samples.csv", matrix_csv(&names, samples.iter().cloned())?);
    set.add("outputs.csv", matrix_csv(outputs, output_rows)?);
    Ok(())
}

/// Writes the set and says so on standard error.
fn commit(set: DirOutput, dir: &Path) -> Result<()> {
    let names: Vec<String> = set.names().map(str::to_string).collect();
    set.commit()?;
    note(format_args!(
        "wrote {} in {}",
        names.join(", "),
        dir.display()
    ));
    Ok(())
}

/// Shortest round-trip representation; empty for NaN.
fn fmt_num(v: f64) -> String {
    if v.is_nan() {
        String::new()
    } else {
        v.to_string()
    }
}

fn f3(v: f64) -> String {
    if v.is_nan() {
        "–".into()
    } else {
        format!("{v:.3}")
    }
}

/// `natosim sensitivity`.
pub fn sensitivity(a: &SensitivityArgs) -> Result<()> {
    let st = setup(&a.common)?;
    let problem = st.problem()?;
    let settings = SensitivitySettings {
        metric: a.metric.clone(),
        method: match a.method {
            Method::Sobol => workflow::Method::Sobol,
            Method::Morris => workflow::Method::Morris,
        },
        samples: a.samples,
        levels: a.levels,
        bootstrap: a.bootstrap,
        seed: st.seed,
        scramble: a.scramble,
    };
    let bar = Bar::new("evaluations", 0, "sensitivity");
    let run = workflow::sensitivity(&problem, &settings, &Progress::new(&bar)).map_err(analysis)?;
    bar.finish();
    let result = &run.result;
    let csv = results_csv(result)?;
    if let Some(dir) = &a.out {
        let mut set = DirOutput::new(dir);
        add_design(
            &mut set,
            &st.spec,
            &run.samples,
            &[a.metric.as_str()],
            run.outputs.iter().map(|&v| vec![v]),
        )?;
        set.add("results.json", json_bytes(result)?);
        set.add("results.csv", csv.clone());
        commit(set, dir)?;
    }
    match a.format {
        Format::Json => emit(&json_bytes(result)?),
        Format::Csv => emit(&csv),
        Format::Table => emit(sensitivity_table(result).as_bytes()),
    }
}

/// One row per parameter (and group, `kind = group`).
fn results_csv(r: &Sensitivity) -> Result<Vec<u8>> {
    let sobol = r.method == workflow::Method::Sobol;
    let keys: &[&str] = if sobol {
        &["s1", "s1_conf", "st", "st_conf"]
    } else {
        &["mu_star", "mu_star_conf", "mu", "sigma"]
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["kind", "name", "group"];
    header.extend_from_slice(keys);
    w.write_record(&header)?;
    for p in &r.parameters {
        let mut rec = vec![
            "parameter".to_string(),
            p.name.clone(),
            p.group.clone().unwrap_or_default(),
        ];
        rec.extend(measures(&p.indices).iter().map(|&v| fmt_num(v)));
        w.write_record(&rec)?;
    }
    for g in &r.groups {
        let mut rec = vec!["group".to_string(), g.name.clone(), String::new()];
        rec.extend(
            measures(&Indices::Sobol(g.indices))
                .iter()
                .map(|&v| fmt_num(v)),
        );
        w.write_record(&rec)?;
    }
    Ok(w.into_inner()?)
}

/// The four measures of a method, in the CSV's column order.
fn measures(i: &Indices) -> [f64; 4] {
    match i {
        Indices::Sobol(s) => [s.s1, s.s1_conf, s.st, s.st_conf],
        Indices::Morris(m) => [m.mu_star, m.mu_star_conf, m.mu, m.sigma],
    }
}

fn sensitivity_table(r: &Sensitivity) -> String {
    let sobol = r.method == workflow::Method::Sobol;
    let mut out = format!(
        "natosim sensitivity — scenario \"{}\", model {}, metric {}, {} ({} {}, {} evaluations), seed {}\n",
        r.scenario,
        r.model,
        r.metric,
        match (sobol, r.scrambled) {
            (true, true) => "Sobol' indices on an Owen-scrambled design",
            (true, false) => "Sobol' indices",
            (false, _) => "Morris elementary effects",
        },
        r.samples,
        if sobol {
            "base samples"
        } else {
            "trajectories"
        },
        r.evaluations,
        r.seed,
    );
    let mut params: Vec<_> = r.parameters.iter().collect();
    // NaN (no variance) sorts last, as it did when read back from JSON null.
    let key = |p: &&workflow::sensitivity::ParameterIndices| {
        let v = p.indices.importance();
        if v.is_nan() { f64::NEG_INFINITY } else { v }
    };
    params.sort_by(|a, b| key(b).total_cmp(&key(a)));
    let mut rows = vec![];
    // Every index undefined: the metric was constant over the design.
    let no_variance =
        sobol && !params.is_empty() && params.iter().all(|p| measures(&p.indices)[2].is_nan());
    if sobol {
        out.push_str(if no_variance {
            "the metric does not vary over the design: no variance to apportion, Sobol' indices undefined\n\n"
        } else {
            "S1 first-order, ST total effect (± 95 % bootstrap half-width); sorted by ST\n\n"
        });
        rows.push(vec![
            "parameter".into(),
            "group".into(),
            "S1".into(),
            "ST".into(),
        ]);
        let cell = |v: f64, conf: f64| {
            if no_variance {
                "no variance".to_string()
            } else {
                format!("{} ± {}", f3(v), f3(conf))
            }
        };
        let row = |name: String, group: String, m: [f64; 4]| {
            vec![name, group, cell(m[0], m[1]), cell(m[2], m[3])]
        };
        for p in &params {
            rows.push(row(
                p.name.clone(),
                p.group.clone().unwrap_or_default(),
                measures(&p.indices),
            ));
        }
        for g in &r.groups {
            rows.push(row(
                format!("group {}", g.name),
                String::new(),
                measures(&Indices::Sobol(g.indices)),
            ));
        }
    } else {
        out.push_str("mu* mean |elementary effect| (± 95 % bootstrap), mu mean effect, sigma spread; per unit of each parameter's quantile range; sorted by mu*\n\n");
        rows.push(vec![
            "parameter".into(),
            "mu*".into(),
            "mu".into(),
            "sigma".into(),
        ]);
        for p in &params {
            let m = measures(&p.indices);
            rows.push(vec![
                p.name.clone(),
                format!("{} ± {}", f3(m[0]), f3(m[1])),
                f3(m[2]),
                f3(m[3]),
            ]);
        }
    }
    out.push_str(&text_table(&rows));
    if !r.convergence.is_empty() {
        out.push_str("\nconvergence: ST at N/4, N/2, N base samples\n\n");
        let mut rows = vec![
            std::iter::once("parameter".to_string())
                .chain(r.convergence.iter().map(|c| format!("N={}", c.samples)))
                .collect::<Vec<_>>(),
        ];
        for p in &params {
            let mut row = vec![p.name.clone()];
            for c in &r.convergence {
                let v = c
                    .parameters
                    .iter()
                    .find(|q| q.name == p.name)
                    .map_or(f64::NAN, |q| q.st);
                row.push(f3(v));
            }
            rows.push(row);
        }
        out.push_str(&text_table(&rows));
    }
    out
}

/// `natosim discover`.
pub fn discover(a: &DiscoverArgs) -> Result<()> {
    let condition = Condition::parse(&a.condition).map_err(|e| match e {
        AnalysisError::InvalidSetting { message, .. } => bad(format!("--where {message}")),
        other => analysis(other),
    })?;
    let st = setup(&a.common)?;
    let problem = st.problem()?;
    let settings = DiscoverSettings {
        condition,
        samples: a.samples,
        prim: PrimOptions {
            alpha: a.alpha,
            min_mass: a.min_mass,
            min_coverage: a.min_coverage,
            paste: !a.no_paste,
        },
        seed: st.seed,
    };
    let bar = Bar::new("evaluations", 0, "discover");
    let run =
        workflow::discover(&problem, &settings, &Progress::new(&bar)).map_err(|e| match e {
            AnalysisError::InvalidSetting {
                setting: "samples", ..
            } => bad("--samples must be at least 10"),
            AnalysisError::InvalidSetting {
                setting: "alpha", ..
            } => {
                bad("--alpha must lie in (0, 0.5), --min-mass in [0, 1), --min-coverage in [0, 1]")
            }
            other => analysis(other),
        })?;
    bar.finish();
    let r = &run.result;
    if let Some(dir) = &a.out {
        let mut set = DirOutput::new(dir);
        add_design(
            &mut set,
            &st.spec,
            &run.samples,
            &[settings.condition.metric.as_str(), "interest"],
            run.outputs
                .iter()
                .zip(&run.interest)
                .map(|(&v, &b)| vec![v, f64::from(u8::from(b))]),
        )?;
        set.add("results.json", json_bytes(r)?);
        commit(set, dir)?;
    }
    match a.format {
        Format::Json => emit(&json_bytes(r)?),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["name", "low", "high", "restricted", "ks"])?;
            for l in &r.chosen_box.limits {
                let ks = r
                    .feature_scores
                    .iter()
                    .find(|s| s.name == l.name)
                    .map_or(f64::NAN, |s| s.ks);
                w.write_record([
                    l.name.clone(),
                    fmt_num(l.low),
                    fmt_num(l.high),
                    l.restricted.to_string(),
                    fmt_num(ks),
                ])?;
            }
            emit(&w.into_inner()?)
        }
        Format::Table => emit(discover_table(r).as_bytes()),
    }
}

fn discover_table(r: &Discovery) -> String {
    let b = &r.chosen_box;
    let mut out = format!(
        "natosim discover — scenario \"{}\", model {}, where {} — {} experiments (Latin hypercube), seed {}\n\
         cases of interest: {} ({:.1} %)\n\n",
        r.scenario,
        r.model,
        r.condition,
        r.samples,
        r.seed,
        r.cases_of_interest,
        100.0 * r.base_density
    );
    out.push_str(&format!(
        "PRIM box (step {} of {}{}): coverage {:.3}, density {:.3}, mass {:.3} ({} experiments)\n\n",
        r.chosen,
        r.trajectory.len().saturating_sub(1),
        if b.pasted { ", pasted" } else { "" },
        b.coverage,
        b.density,
        b.mass,
        b.n
    ));
    let mut rows = vec![vec!["parameter".to_string(), "box".into(), "range".into()]];
    for l in &b.limits {
        let (lo, hi) = l.range;
        rows.push(vec![
            l.name.clone(),
            if l.restricted {
                format!("{:.4} … {:.4}", l.low, l.high)
            } else {
                "unrestricted".into()
            },
            format!("{lo:.4} … {hi:.4}"),
        ]);
    }
    out.push_str(&text_table(&rows));
    out.push_str("\npeeling trajectory\n\n");
    let mut rows = vec![vec![
        "step".to_string(),
        "coverage".into(),
        "density".into(),
        "mass".into(),
        "restricted".into(),
    ]];
    for (i, t) in r.trajectory.iter().enumerate() {
        rows.push(vec![
            format!("{i}{}", if i == r.chosen { " *" } else { "" }),
            f3(t.coverage),
            f3(t.density),
            f3(t.mass),
            t.restricted.len().to_string(),
        ]);
    }
    out.push_str(&text_table(&rows));
    out.push_str(
        "\nfeature scores: Kolmogorov–Smirnov distance between cases of interest and others\n\n",
    );
    let mut rows = vec![vec![
        "parameter".to_string(),
        "KS".into(),
        "mean (interest)".into(),
        "mean (other)".into(),
    ]];
    for s in &r.feature_scores {
        rows.push(vec![
            s.name.clone(),
            f3(s.ks),
            format!("{:.4}", s.mean_interest),
            format!("{:.4}", s.mean_other),
        ]);
    }
    out.push_str(&text_table(&rows));
    out
}

/// `natosim experiment`: the tidy table, streamed to a temporary file next to
/// the target and renamed over it when complete.
pub fn experiment(a: &ExperimentArgs) -> Result<()> {
    if a.replications == 0 {
        return Err(bad("--replications must be at least 1"));
    }
    let st = setup(&a.common)?;
    let problem = st.problem()?;
    let settings = ExperimentSettings {
        design: match a.design {
            Design::Mc => workflow::Design::MonteCarlo,
            Design::Lhs => workflow::Design::LatinHypercube,
            Design::Sobol => workflow::Design::Sobol,
            Design::Factorial => workflow::Design::Factorial { levels: a.levels },
        },
        samples: a.samples,
        replications: a.replications,
        seed: st.seed,
        scramble: a.scramble,
    };
    let dir = a
        .out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    crate::atomic::remove_stale_fragments(dir);
    let tmp = crate::atomic::temp_file_in(dir)?;
    let mut sink = CsvSink {
        w: csv::Writer::from_writer(std::io::BufWriter::new(tmp)),
        levers: &st.spec.levers,
        model: st.model.id(),
        seed: st.seed.to_string(),
    };
    let bar = Bar::new("evaluations", 0, "experiment");
    let shape = workflow::experiment(&problem, &settings, &Progress::new(&bar), &mut sink)
        .map_err(|e| match e {
            AnalysisError::InvalidSetting { setting, message } => {
                bad(format!("--{setting} {message}"))
            }
            other => analysis(other),
        })?;
    bar.finish();
    let tmp = sink
        .w
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", a.out.display()))?
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", a.out.display()))?;
    tmp.as_file().sync_all()?;
    crate::atomic::refuse_non_regular(&a.out)?;
    tmp.persist(&a.out)
        .with_context(|| format!("cannot write {}", a.out.display()))?;
    note(format_args!(
        "wrote {} rows ({} experiments × {} replications) to {}",
        shape.rows,
        shape.experiments,
        shape.replications,
        a.out.display()
    ));
    Ok(())
}

/// The tidy CSV table of `natosim experiment`.
struct CsvSink<'a, W: std::io::Write> {
    w: csv::Writer<W>,
    levers: &'a [Lever],
    model: &'a str,
    seed: String,
}

impl<W: std::io::Write> ExperimentSink for CsvSink<'_, W> {
    fn table(&mut self, t: &ExperimentTable) -> std::io::Result<()> {
        let mut header: Vec<&str> = vec!["experiment", "replication", "model", "seed", "run"];
        header.extend(t.parameters.iter().map(String::as_str));
        header.extend(t.levers.iter().map(String::as_str));
        header.extend(t.outcomes.iter().map(String::as_str));
        Ok(self.w.write_record(&header)?)
    }

    fn row(&mut self, r: &ExperimentRow) -> std::io::Result<()> {
        let mut rec = vec![
            r.experiment.to_string(),
            r.replication.to_string(),
            self.model.to_string(),
            self.seed.clone(),
            r.run.to_string(),
        ];
        rec.extend(r.values.iter().map(|v| fmt_num(*v)));
        for (l, &lv) in self.levers.iter().zip(&r.levels) {
            rec.push(l.levels[lv].to_string());
        }
        rec.extend(r.outcomes.iter().map(|v| fmt_num(*v)));
        Ok(self.w.write_record(&rec)?)
    }
}
