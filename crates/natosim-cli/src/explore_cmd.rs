//! `natosim sensitivity`, `natosim discover` and `natosim experiment`:
//! asking why (docs/ANALYSIS.md).

use crate::load::load_exploration;
use crate::output::{text_table, write_atomic};
use crate::{Format, InputError};
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use natosim_analysis::design::{Scrambling, factorial, latin_hypercube, monte_carlo, sobol_with};
use natosim_analysis::explore::{Problem, evaluate_metric, par_map_ordered};
use natosim_analysis::importance::ks_scores;
use natosim_analysis::morris::{morris_analyze, morris_sample};
use natosim_analysis::prim::{PrimOptions, prim};
use natosim_analysis::sobol::{SaltelliDesign, SobolError, SobolIndices, analyze, convergence};
use natosim_core::explore::{Dist, ExplorationSpec};
use natosim_core::metrics::Metric;
use natosim_core::{Dataset, ModelId, Scenario};
use serde::Serialize;
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Sensitivity method.
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

struct Setup {
    scenario: Scenario,
    spec: ExplorationSpec,
    model: ModelId,
    seed: u64,
    data: Dataset,
    label: String,
}

fn setup(a: &ExploreArgs) -> Result<Setup> {
    if let Some(n) = a.threads {
        if n == 0 {
            return Err(bad("--threads must be at least 1"));
        }
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
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
        label: scenario.scenario.name.clone(),
        scenario,
        spec,
        model,
        seed,
        data: Dataset::embedded()?,
    })
}

fn metric(name: &str) -> Result<usize> {
    Metric::from_name(name)
        .map(Metric::index)
        .map_err(|e| bad(e.to_string()))
}

fn progress_bar(total: u64, what: &str) -> ProgressBar {
    // indicatif draws on stderr only when it is a terminal.
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {msg} [{bar:30}] {pos}/{len} evaluations ({eta} left)",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

fn json_bytes(v: &impl Serialize) -> Result<Vec<u8>> {
    let mut s = serde_json::to_string_pretty(v)?;
    s.push('\n');
    Ok(s.into_bytes())
}

fn emit(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}

/// SALib's problem dict, with natosim's distributions alongside.
fn problem_json(spec: &ExplorationSpec) -> Value {
    let groups: Option<Vec<String>> =
        spec.uncertainties
            .iter()
            .any(|u| u.group.is_some())
            .then(|| {
                spec.uncertainties
                    .iter()
                    .map(|u| u.group.clone().unwrap_or_else(|| u.path.clone()))
                    .collect()
            });
    json!({
        "num_vars": spec.uncertainties.len(),
        "names": spec.uncertainties.iter().map(|u| &u.path).collect::<Vec<_>>(),
        "bounds": spec.uncertainties.iter().map(|u| { let (a, b) = u.dist.bounds(); [a, b] }).collect::<Vec<_>>(),
        "groups": groups,
        "natosim_dists": spec.uncertainties.iter().map(|u| dist_json(&u.dist)).collect::<Vec<_>>(),
    })
}

fn dist_json(d: &Dist) -> Value {
    match d {
        Dist::Uniform { low, high } | Dist::LogUniform { low, high } => {
            json!({"dist": d.name(), "low": low, "high": high})
        }
        Dist::Normal { mean, sd } => json!({"dist": d.name(), "mean": mean, "sd": sd}),
        Dist::TruncatedNormal {
            mean,
            sd,
            low,
            high,
        } => json!({"dist": d.name(), "mean": mean, "sd": sd, "low": low, "high": high}),
        Dist::Triangular { low, mode, high } => {
            json!({"dist": d.name(), "low": low, "mode": mode, "high": high})
        }
        Dist::Choice { values } => json!({"dist": d.name(), "values": values}),
    }
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
    let m = metric(&a.metric)?;
    let st = setup(&a.common)?;
    let problem = Problem::new(&st.scenario, &st.spec, &st.data, st.model.clone()).map_err(bad)?;
    let k = problem.k();
    let names = problem.names();
    let bar_label = format!(
        "{} {} {}",
        a.common.model,
        a.metric,
        match a.method {
            Method::Sobol => "sobol",
            Method::Morris => "morris",
        }
    );
    let (result, rows, y) = match a.method {
        Method::Sobol => {
            let n = a.samples.unwrap_or(1024);
            if n < 4 {
                return Err(bad("--samples must be at least 4 for Sobol' indices"));
            }
            // One swap per parameter, then one per named group.
            let mut group_names: Vec<String> = Vec::new();
            for u in &st.spec.uncertainties {
                if let Some(g) = u.group.as_ref().filter(|g| !group_names.contains(g)) {
                    group_names.push(g.clone());
                }
            }
            let mut swaps: Vec<Vec<usize>> = (0..k).map(|i| vec![i]).collect();
            for g in &group_names {
                swaps.push(
                    (0..k)
                        .filter(|&i| st.spec.uncertainties[i].group.as_ref() == Some(g))
                        .collect(),
                );
            }
            let scrambling = if a.scramble {
                Scrambling::Owen { seed: st.seed }
            } else {
                Scrambling::None
            };
            let d = SaltelliDesign::with_scrambling(n, k, Some(swaps), scrambling)
                .map_err(|e| bad(e.to_string()))?;
            let block = d.block();
            let bar = progress_bar(d.rows.len() as u64, &bar_label);
            let y = evaluate_metric(
                &problem,
                &d.rows,
                m,
                st.seed,
                |i| (i / block) as u64,
                &|p| bar.set_position(p),
            )
            .map_err(bad)?;
            bar.finish_and_clear();
            // A constant metric has no variance to apportion: its indices
            // are shown as undefined (null, "no variance"), not as 0.
            let idx = match analyze(&y, d.swaps.len(), n, a.bootstrap, st.seed) {
                Err(SobolError::NoVariance { .. }) => SobolIndices::undefined(d.swaps.len()),
                other => other.map_err(|e| bad(e.to_string()))?,
            };
            let parameters: Vec<Value> = (0..k)
                .map(|i| {
                    json!({"name": names[i], "group": st.spec.uncertainties[i].group,
                           "s1": idx.s1[i], "s1_conf": idx.s1_conf[i], "st": idx.st[i], "st_conf": idx.st_conf[i]})
                })
                .collect();
            let groups: Vec<Value> = group_names
                .iter()
                .enumerate()
                .map(|(g, name)| {
                    let s = k + g;
                    json!({"name": name, "members": d.swaps[s].iter().map(|&i| names[i]).collect::<Vec<_>>(),
                           "s1": idx.s1[s], "s1_conf": idx.s1_conf[s], "st": idx.st[s], "st_conf": idx.st_conf[s]})
                })
                .collect();
            let conv: Vec<Value> = convergence(&y, d.swaps.len(), n)
                .map_err(|e| bad(e.to_string()))?
                .into_iter()
                .map(|c| {
                    json!({"samples": c.samples, "parameters": (0..k).map(|i| json!({"name": names[i], "s1": c.s1[i], "st": c.st[i]})).collect::<Vec<_>>()})
                })
                .collect();
            let mut result = json!({"scenario": st.label, "model": st.model.id(), "metric": a.metric, "method": "sobol",
                "samples": n, "seed": st.seed, "evaluations": d.rows.len(),
                "parameters": parameters, "groups": groups, "convergence": conv});
            if a.scramble {
                result["scrambled"] = json!(true);
            }
            (result, d.rows, y)
        }
        Method::Morris => {
            if a.scramble {
                return Err(bad("--scramble applies to Sobol' only (--method sobol)"));
            }
            let r = a.samples.unwrap_or(50);
            if r < 2 {
                return Err(bad(
                    "--samples (trajectories) must be at least 2 for Morris",
                ));
            }
            if a.levels < 2 || a.levels & 1 == 1 {
                return Err(bad("--levels must be an even number ≥ 2"));
            }
            let x = morris_sample(r, k, a.levels, st.seed);
            let bar = progress_bar(x.len() as u64, &bar_label);
            let y = evaluate_metric(&problem, &x, m, st.seed, |i| (i / (k + 1)) as u64, &|p| {
                bar.set_position(p)
            })
            .map_err(bad)?;
            bar.finish_and_clear();
            let mi = morris_analyze(&x, &y, k, a.bootstrap, st.seed);
            let parameters: Vec<Value> = (0..k)
                .map(|i| {
                    json!({"name": names[i], "group": st.spec.uncertainties[i].group,
                           "mu_star": mi.mu_star[i], "mu_star_conf": mi.mu_star_conf[i], "mu": mi.mu[i], "sigma": mi.sigma[i]})
                })
                .collect();
            let result = json!({"scenario": st.label, "model": st.model.id(), "metric": a.metric, "method": "morris",
                "samples": r, "seed": st.seed, "evaluations": x.len(),
                "parameters": parameters, "groups": [], "convergence": []});
            (result, x, y)
        }
    };
    let csv = results_csv(&result)?;
    if let Some(dir) = &a.out {
        write_atomic(
            &dir.join("problem.json"),
            &json_bytes(&problem_json(&st.spec))?,
        )?;
        write_atomic(
            &dir.join("samples.csv"),
            &matrix_csv(&names, rows.iter().map(|u| problem.values(u)))?,
        )?;
        write_atomic(
            &dir.join("outputs.csv"),
            &matrix_csv(&[a.metric.as_str()], y.iter().map(|&v| vec![v]))?,
        )?;
        write_atomic(&dir.join("results.json"), &json_bytes(&result)?)?;
        write_atomic(&dir.join("results.csv"), &csv)?;
        eprintln!(
            "wrote problem.json, samples.csv, outputs.csv, results.json, results.csv in {}",
            dir.display()
        );
    }
    match a.format {
        Format::Json => emit(&json_bytes(&result)?),
        Format::Csv => emit(&csv),
        Format::Table => emit(sensitivity_table(&result).as_bytes()),
    }
}

/// One row per parameter (and group, `kind = group`).
fn results_csv(r: &Value) -> Result<Vec<u8>> {
    let sobol = r["method"] == "sobol";
    let keys: &[&str] = if sobol {
        &["s1", "s1_conf", "st", "st_conf"]
    } else {
        &["mu_star", "mu_star_conf", "mu", "sigma"]
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["kind", "name", "group"];
    header.extend_from_slice(keys);
    w.write_record(&header)?;
    let rows = [("parameter", &r["parameters"]), ("group", &r["groups"])];
    for (kind, list) in rows {
        for p in list.as_array().into_iter().flatten() {
            let mut rec = vec![
                kind.to_string(),
                p["name"].as_str().unwrap_or("").to_string(),
                p["group"].as_str().unwrap_or("").to_string(),
            ];
            rec.extend(
                keys.iter()
                    .map(|k| p[*k].as_f64().map_or(String::new(), fmt_num)),
            );
            w.write_record(&rec)?;
        }
    }
    Ok(w.into_inner()?)
}

fn sensitivity_table(r: &Value) -> String {
    let num = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    let sobol = r["method"] == "sobol";
    let mut out = format!(
        "natosim sensitivity — scenario \"{}\", model {}, metric {}, {} ({} {}, {} evaluations), seed {}\n",
        r["scenario"].as_str().unwrap_or(""),
        r["model"].as_str().unwrap_or(""),
        r["metric"].as_str().unwrap_or(""),
        match (sobol, r["scrambled"] == true) {
            (true, true) => "Sobol' indices on an Owen-scrambled design",
            (true, false) => "Sobol' indices",
            (false, _) => "Morris elementary effects",
        },
        r["samples"],
        if sobol {
            "base samples"
        } else {
            "trajectories"
        },
        r["evaluations"],
        r["seed"],
    );
    let mut params: Vec<&Value> = r["parameters"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let key = if sobol { "st" } else { "mu_star" };
    params.sort_by(|a, b| num(&b[key]).total_cmp(&num(&a[key])));
    let mut rows = vec![];
    // Every index undefined: the metric was constant over the design.
    let no_variance = sobol
        && !params.is_empty()
        && params
            .iter()
            .all(|p| p["s1"].is_null() && p["st"].is_null());
    let cell = |p: &Value, i: &str, conf: &str| {
        if no_variance {
            "no variance".to_string()
        } else {
            format!("{} ± {}", f3(num(&p[i])), f3(num(&p[conf])))
        }
    };
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
        for p in params
            .iter()
            .copied()
            .chain(r["groups"].as_array().into_iter().flatten())
        {
            let is_group = p.get("members").is_some();
            rows.push(vec![
                if is_group {
                    format!("group {}", p["name"].as_str().unwrap_or(""))
                } else {
                    p["name"].as_str().unwrap_or("").to_string()
                },
                p["group"].as_str().unwrap_or("").to_string(),
                cell(p, "s1", "s1_conf"),
                cell(p, "st", "st_conf"),
            ]);
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
            rows.push(vec![
                p["name"].as_str().unwrap_or("").to_string(),
                format!(
                    "{} ± {}",
                    f3(num(&p["mu_star"])),
                    f3(num(&p["mu_star_conf"]))
                ),
                f3(num(&p["mu"])),
                f3(num(&p["sigma"])),
            ]);
        }
    }
    out.push_str(&text_table(&rows));
    if let Some(conv) = r["convergence"].as_array().filter(|c| !c.is_empty()) {
        out.push_str("\nconvergence: ST at N/4, N/2, N base samples\n\n");
        let mut rows = vec![
            std::iter::once("parameter".to_string())
                .chain(conv.iter().map(|c| format!("N={}", c["samples"])))
                .collect::<Vec<_>>(),
        ];
        for p in &params {
            let name = p["name"].as_str().unwrap_or("");
            let mut row = vec![name.to_string()];
            for c in conv {
                let v = c["parameters"]
                    .as_array()
                    .and_then(|ps| ps.iter().find(|q| q["name"] == name))
                    .map_or(f64::NAN, |q| num(&q["st"]));
                row.push(f3(v));
            }
            rows.push(row);
        }
        out.push_str(&text_table(&rows));
    }
    out
}

/// A parsed `--where` condition.
struct Condition {
    metric: usize,
    name: String,
    op: &'static str,
    value: f64,
}

impl Condition {
    fn parse(s: &str) -> Result<Condition> {
        let help =
            "expected `METRIC OP NUMBER`, e.g. \"p_attack > 0.2\"; OP is one of >, >=, <, <=";
        let ops = [">=", "<=", ">", "<"];
        let (i, op) = ops
            .iter()
            .filter_map(|op| s.find(op).map(|i| (i, *op)))
            .min_by_key(|(i, op)| (*i, std::cmp::Reverse(op.len())))
            .ok_or_else(|| bad(format!("--where \"{s}\": {help}")))?;
        let name = s[..i].trim();
        let value: f64 = s[i + op.len()..]
            .trim()
            .parse()
            .map_err(|_| bad(format!("--where \"{s}\": {help}")))?;
        Ok(Condition {
            metric: metric(name)?,
            name: name.to_string(),
            op,
            value,
        })
    }

    fn holds(&self, v: f64) -> bool {
        match self.op {
            ">" => v > self.value,
            ">=" => v >= self.value,
            "<" => v < self.value,
            _ => v <= self.value,
        }
    }
}

/// `natosim discover`.
pub fn discover(a: &DiscoverArgs) -> Result<()> {
    let cond = Condition::parse(&a.condition)?;
    if a.samples < 10 {
        return Err(bad("--samples must be at least 10"));
    }
    if !(f64::MIN_POSITIVE..0.5).contains(&a.alpha)
        || !(0.0..1.0).contains(&a.min_mass)
        || !(0.0..=1.0).contains(&a.min_coverage)
    {
        return Err(bad(
            "--alpha must lie in (0, 0.5), --min-mass in [0, 1), --min-coverage in [0, 1]",
        ));
    }
    let st = setup(&a.common)?;
    let problem = Problem::new(&st.scenario, &st.spec, &st.data, st.model.clone()).map_err(bad)?;
    let k = problem.k();
    let names = problem.names();
    let u = latin_hypercube(a.samples, k, st.seed);
    let bar = progress_bar(u.len() as u64, &format!("{} discover", a.common.model));
    // Independent random streams per experiment.
    let y = evaluate_metric(&problem, &u, cond.metric, st.seed, |i| i as u64, &|p| {
        bar.set_position(p)
    })
    .map_err(bad)?;
    bar.finish_and_clear();
    let x: Vec<Vec<f64>> = u.iter().map(|r| problem.values(r)).collect();
    let interest: Vec<bool> = y.iter().map(|&v| cond.holds(v)).collect();
    let cases = interest.iter().filter(|&&b| b).count();
    let opts = PrimOptions {
        alpha: a.alpha,
        min_mass: a.min_mass,
        min_coverage: a.min_coverage,
        paste: !a.no_paste,
    };
    let r = prim(&x, &interest, opts);
    let scores = ks_scores(&x, &interest);
    let b = &r.chosen_box;
    let limits: Vec<Value> = (0..k)
        .map(|d| {
            let (lo, hi) = st.spec.uncertainties[d].dist.bounds();
            let restricted = b.restricted.contains(&d);
            json!({"name": names[d], "low": b.lo[d], "high": b.hi[d], "restricted": restricted, "range": [lo, hi]})
        })
        .collect();
    let result = json!({
        "scenario": st.label, "model": st.model.id(), "condition": format!("{} {} {}", cond.name, cond.op, cond.value),
        "samples": a.samples, "seed": st.seed, "cases_of_interest": cases, "base_density": r.base_density,
        "box": {"coverage": b.coverage, "density": b.density, "mass": b.mass, "n": b.n, "pasted": opts.paste, "limits": limits},
        "chosen": r.chosen,
        "trajectory": r.trajectory.iter().map(|t| json!({"coverage": t.coverage, "density": t.density, "mass": t.mass, "n": t.n,
            "restricted": t.restricted.iter().map(|&d| names[d]).collect::<Vec<_>>()})).collect::<Vec<_>>(),
        "feature_scores": scores.iter().map(|s| json!({"name": names[s.index], "ks": s.ks, "mean_interest": s.mean_interest, "mean_other": s.mean_other})).collect::<Vec<_>>(),
    });
    if let Some(dir) = &a.out {
        write_atomic(
            &dir.join("problem.json"),
            &json_bytes(&problem_json(&st.spec))?,
        )?;
        write_atomic(
            &dir.join("samples.csv"),
            &matrix_csv(&names, x.iter().cloned())?,
        )?;
        write_atomic(
            &dir.join("outputs.csv"),
            &matrix_csv(
                &[cond.name.as_str(), "interest"],
                y.iter()
                    .zip(&interest)
                    .map(|(&v, &b)| vec![v, f64::from(u8::from(b))]),
            )?,
        )?;
        write_atomic(&dir.join("results.json"), &json_bytes(&result)?)?;
        eprintln!(
            "wrote problem.json, samples.csv, outputs.csv, results.json in {}",
            dir.display()
        );
    }
    match a.format {
        Format::Json => emit(&json_bytes(&result)?),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["name", "low", "high", "restricted", "ks"])?;
            for (d, l) in limits.iter().enumerate() {
                let ks = scores
                    .iter()
                    .find(|s| s.index == d)
                    .map_or(f64::NAN, |s| s.ks);
                w.write_record([
                    names[d].to_string(),
                    fmt_num(l["low"].as_f64().unwrap_or(f64::NAN)),
                    fmt_num(l["high"].as_f64().unwrap_or(f64::NAN)),
                    l["restricted"].to_string(),
                    fmt_num(ks),
                ])?;
            }
            emit(&w.into_inner()?)
        }
        Format::Table => {
            let mut out = format!(
                "natosim discover — scenario \"{}\", model {}, where {} — {} experiments (Latin hypercube), seed {}\n\
                 cases of interest: {} ({:.1} %)\n\n",
                st.label,
                st.model.id(),
                result["condition"].as_str().unwrap_or(""),
                a.samples,
                st.seed,
                cases,
                100.0 * r.base_density
            );
            out.push_str(&format!(
                "PRIM box (step {} of {}{}): coverage {:.3}, density {:.3}, mass {:.3} ({} experiments)\n\n",
                r.chosen,
                r.trajectory.len() - 1,
                if opts.paste { ", pasted" } else { "" },
                b.coverage, b.density, b.mass, b.n
            ));
            let mut rows = vec![vec!["parameter".to_string(), "box".into(), "range".into()]];
            for (d, name) in names.iter().enumerate() {
                let (lo, hi) = st.spec.uncertainties[d].dist.bounds();
                rows.push(vec![
                    name.to_string(),
                    if b.restricted.contains(&d) {
                        format!("{:.4} … {:.4}", b.lo[d], b.hi[d])
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
            out.push_str("\nfeature scores: Kolmogorov–Smirnov distance between cases of interest and others\n\n");
            let mut rows = vec![vec![
                "parameter".to_string(),
                "KS".into(),
                "mean (interest)".into(),
                "mean (other)".into(),
            ]];
            for s in &scores {
                rows.push(vec![
                    names[s.index].to_string(),
                    f3(s.ks),
                    format!("{:.4}", s.mean_interest),
                    format!("{:.4}", s.mean_other),
                ]);
            }
            out.push_str(&text_table(&rows));
            emit(out.as_bytes())
        }
    }
}

/// `natosim experiment`: the tidy table, streamed to a temporary file next to
/// the target and renamed over it when complete.
pub fn experiment(a: &ExperimentArgs) -> Result<()> {
    if a.replications == 0 {
        return Err(bad("--replications must be at least 1"));
    }
    if a.scramble && a.design != Design::Sobol {
        return Err(bad("--scramble applies to --design sobol only"));
    }
    let st = setup(&a.common)?;
    let problem = Problem::new(&st.scenario, &st.spec, &st.data, st.model.clone()).map_err(bad)?;
    let k = problem.k();
    let points: Vec<Vec<f64>> = match a.design {
        Design::Mc => monte_carlo(a.samples, k, st.seed),
        Design::Lhs => latin_hypercube(a.samples, k, st.seed),
        Design::Sobol => {
            let scrambling = if a.scramble {
                Scrambling::Owen { seed: st.seed }
            } else {
                Scrambling::None
            };
            sobol_with(a.samples, k, scrambling)
                .ok_or_else(|| bad("too many uncertainties for the Sobol' table"))?
        }
        Design::Factorial => {
            if a.levels == 0 {
                return Err(bad("--levels must be at least 1"));
            }
            let levels: Vec<usize> = st
                .spec
                .uncertainties
                .iter()
                .map(|u| match &u.dist {
                    Dist::Choice { values } => values.len(),
                    _ => a.levels,
                })
                .collect();
            factorial(&levels)
                .into_iter()
                .map(|row| {
                    row.iter()
                        .zip(&levels)
                        .map(|(&l, &n)| (l as f64 + 0.5) / n as f64)
                        .collect()
                })
                .collect()
        }
    };
    if points.is_empty() {
        return Err(bad("--samples must be at least 1"));
    }
    let lever_levels: Vec<usize> = st.spec.levers.iter().map(|l| l.levels.len()).collect();
    let combos = factorial(&lever_levels);
    let experiments = points.len() * combos.len();
    let reps = a.replications;
    let total = experiments * reps;
    if total > 50_000_000 {
        return Err(bad(format!(
            "{total} evaluations is too many (limit 50,000,000)"
        )));
    }
    let outcomes: Vec<(String, usize)> = st
        .spec
        .outcome_metrics()
        .into_iter()
        .map(|n| Ok((n.to_string(), metric(n)?)))
        .collect::<Result<_>>()?;
    let dir = a
        .out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(tmp));
    let mut header: Vec<String> = ["experiment", "replication", "model", "seed", "run"]
        .map(String::from)
        .to_vec();
    header.extend(problem.names().iter().map(|s| s.to_string()));
    header.extend(st.spec.levers.iter().map(|l| l.path.clone()));
    header.extend(outcomes.iter().map(|(n, _)| n.clone()));
    w.write_record(&header)?;
    let bar = progress_bar(total as u64, &format!("{} experiment", a.common.model));
    let seed = st.seed;
    par_map_ordered(
        total,
        |i| {
            let (e, r) = (i / reps, i % reps);
            let (p, c) = (e / combos.len(), e % combos.len());
            let values = problem.values(&points[p]);
            let run = (e * reps + r) as u64;
            (
                values.clone(),
                problem.evaluate(&values, &combos[c], seed, run),
            )
        },
        &|p| bar.set_position(p),
        |i, (values, res)| -> Result<()> {
            let (e, r) = (i / reps, i % reps);
            let c = e % combos.len();
            let metrics = res.map_err(|m| bad(format!("experiment {e}: {m}")))?;
            let mut rec = vec![
                e.to_string(),
                r.to_string(),
                st.model.id().to_string(),
                seed.to_string(),
                (e * reps + r).to_string(),
            ];
            rec.extend(values.iter().map(|v| fmt_num(*v)));
            for (l, &lv) in st.spec.levers.iter().zip(&combos[c]) {
                rec.push(match &l.levels[lv] {
                    toml::Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
            }
            rec.extend(outcomes.iter().map(|(_, m)| fmt_num(metrics.values[*m])));
            w.write_record(&rec)?;
            Ok(())
        },
    )?;
    bar.finish_and_clear();
    let tmp = w
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", a.out.display()))?
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", a.out.display()))?;
    tmp.as_file().sync_all()?;
    tmp.persist(&a.out)
        .with_context(|| format!("cannot write {}", a.out.display()))?;
    eprintln!(
        "wrote {} rows ({} experiments × {} replications) to {}",
        total,
        experiments,
        reps,
        a.out.display()
    );
    Ok(())
}
