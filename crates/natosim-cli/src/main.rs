//! `natosim` — simulate the future of the Atlantic alliance.
//!
//! The command-line interface around natosim-core (the model) and
//! natosim-analysis (ensembles). Exit codes: 0 success, 1 failure (IO, …,
//! also a full disk or other write error on standard output), 2 bad input (a
//! malformed scenario, unknown model, bad argument, an output target that is
//! not writable or not a regular file). A closed standard output (`natosim …
//! | head`) ends the program quietly with 0, as ripgrep does.

mod atomic;
mod commands;
mod explore_cmd;
mod load;
mod members_cmd;
mod output;
mod progress;
mod report_cmd;
mod serve_cmd;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Bad user input: reported without a backtrace, exit code 2.
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// Output format.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Aligned text table.
    Table,
    /// JSON.
    Json,
    /// CSV.
    Csv,
}

/// The uncertainty the intervals carry (`--uncertainty`).
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum UncertaintyArg {
    /// Random events and the scenario's uncertain parameters, drawn per run.
    Combined,
    /// Random events only; parameters at their nominal values.
    Aleatory,
    /// Both side by side, with the share of the variance due to the parameters.
    Split,
}

/// Parses a count that must be a whole number ≥ 1 (runs, samples …), with a
/// message that says so: `--runs -5` would otherwise read as an unknown flag.
pub fn positive_count(s: &str) -> Result<u64, String> {
    match s.trim().parse::<i128>() {
        Ok(n) if n >= 1 && n <= i128::from(u64::MAX) => Ok(n as u64),
        Ok(n) => Err(format!("must be a whole number of at least 1, got {n}")),
        Err(_) => Err(format!("must be a whole number of at least 1, got `{s}`")),
    }
}

/// Options shared by the commands that simulate.
#[derive(clap::Args, Debug, Clone)]
pub struct SimArgs {
    /// Scenario: a shipped name (see `natosim scenarios`) or a path to a TOML file
    /// (with a `/` or ending in `.toml`; `./NAME` or `shipped:NAME` when a bare name is both).
    #[arg(long, short, default_value = load::DEFAULT_SCENARIO)]
    pub scenario: String,
    /// Monte Carlo runs per model, at least 1 [default: the scenario's `runs`].
    #[arg(long, short, allow_hyphen_values = true, value_parser = positive_count)]
    pub runs: Option<u64>,
    /// Root seed [default: the scenario's `seed`].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
}

#[derive(Parser, Debug)]
#[command(
    name = "natosim",
    version,
    about = "Simulate the future of the Atlantic alliance: today's NATO and the three models of the FES study, compared on cohesion and capacity to act."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Start the workbench: a local web server with a page per task (compare, assumptions, what-if, why, members, history).
    #[command(
        after_help = "Examples:\n  natosim serve\n  natosim serve --port 9000 --db ./workbench.sqlite"
    )]
    Serve(serve_cmd::ServeArgs),
    /// Run the four models side by side on a scenario (the main job).
    #[command(
        after_help = "Examples:\n  natosim compare\n  natosim compare --scenario us-drawdown-2027 --runs 5000 --seed 7\n  natosim compare --models status-quo,toolkit --format csv --out compare.csv\n  natosim compare --windows"
    )]
    Compare {
        #[command(flatten)]
        sim: SimArgs,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Models to compare (comma-separated) [default: all four].
        #[arg(long, value_delimiter = ',')]
        models: Vec<String>,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Table format only: show the transition and steady-state windows
        /// side by side (scenario.transition_end, scenario.steady_state_years).
        #[arg(long)]
        windows: bool,
        /// Uncertainty the intervals carry: combined (random events and the
        /// scenario's uncertain parameters drawn per run), aleatory (random
        /// events, parameters at their nominal values) or split (both, and the
        /// share of the variance due to the parameters) [default: combined if
        /// the scenario declares [uncertainties] — the shipped baseline does —
        /// else aleatory].
        #[arg(long, value_enum)]
        uncertainty: Option<UncertaintyArg>,
    },
    /// Split the gap between two models into what the US posture, US leadership and the institutions contribute.
    #[command(
        after_help = "Examples:\n  natosim decompose status-quo european-defence-union\n  natosim decompose status-quo toolkit --runs 2000 --uncertainty aleatory --format csv"
    )]
    Decompose {
        /// The reference model A (the gap is B − A).
        a: String,
        /// The other model B.
        b: String,
        #[command(flatten)]
        sim: SimArgs,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// combined or aleatory [default: combined if the scenario declares
        /// [uncertainties], else aleatory].
        #[arg(long, value_enum)]
        uncertainty: Option<UncertaintyArg>,
    },
    /// Run one model: ensemble summary (JSON) and monthly series (CSV).
    #[command(
        after_help = "Example:\n  natosim run --model european-defence-union --runs 5000 --out out/edu --trace 0"
    )]
    Run {
        #[command(flatten)]
        sim: SimArgs,
        /// Model: status-quo, transatlantic-minus, european-defence-union or toolkit.
        #[arg(long, short)]
        model: String,
        /// Output directory.
        #[arg(long, short, default_value = "natosim-out")]
        out: PathBuf,
        /// Also write the full monthly trace of this run index.
        #[arg(long)]
        trace: Option<u64>,
    },
    /// Check scenario files; exit code 2 if any is invalid.
    #[command(after_help = "Example:\n  natosim validate my-scenario.toml baseline")]
    Validate {
        /// Scenario files or shipped names.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Print a scenario: the complete commented defaults, or a resolved scenario.
    #[command(
        after_help = "Examples:\n  natosim scenario --defaults > my-scenario.toml\n  natosim scenario tariff-war"
    )]
    Scenario {
        /// Print the complete scenario with every parameter at its default.
        #[arg(long)]
        defaults: bool,
        /// Scenario to resolve and print as TOML (shipped name or path).
        name: Option<String>,
    },
    /// List the shipped scenarios.
    #[command(after_help = "Example:\n  natosim scenarios")]
    Scenarios,
    /// List every outcome metric with its unit, range and definition.
    #[command(after_help = "Examples:\n  natosim metrics\n  natosim metrics --format csv")]
    Metrics {
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show the reference dataset (members, coded positions, sources).
    #[command(after_help = "Example:\n  natosim data --format csv > members.csv")]
    Data {
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Global sensitivity analysis of one metric over the scenario's uncertainties.
    #[command(
        after_help = "Examples:\n  natosim sensitivity --metric p_attack --model european-defence-union --out sens/\n  natosim sensitivity --metric cohesion --method morris --samples 50"
    )]
    Sensitivity(explore_cmd::SensitivityArgs),
    /// Scenario discovery: PRIM boxes where a condition such as "p_attack > 0.2" holds.
    #[command(
        after_help = "Example:\n  natosim discover --where \"p_attack > 0.2\" --model toolkit --out discover/"
    )]
    Discover(explore_cmd::DiscoverArgs),
    /// Run an experiment design and write the tidy table (CSV).
    #[command(
        after_help = "Example:\n  natosim experiment --design lhs --samples 500 --out experiment.csv"
    )]
    Experiment(explore_cmd::ExperimentArgs),
    /// Write a self-contained HTML report (English or German) with charts as SVG, PNG and CSV.
    #[command(
        after_help = "Examples:\n  natosim report --out report/\n  natosim report --scenario us-exit-attempt-2027 --lang de --no-png --out bericht/"
    )]
    Report(report_cmd::ReportArgs),
    /// Each ally's path in one model: spending, threat, trust and contribution by year, with intervals.
    #[command(
        after_help = "Examples:\n  natosim members --model european-defence-union\n  natosim members us-drawdown-2027 --model toolkit --year 2030\n  natosim members --model status-quo --format csv --out members.csv"
    )]
    Members(members_cmd::MembersArgs),
    /// The study side by side: its judgements of each model and country next to what natosim gives.
    #[command(
        after_help = "Examples:\n  natosim judgements\n  natosim judgements --format markdown --out judgements.md"
    )]
    Judgements(members_cmd::JudgementsArgs),
    /// Fit the budget response on NATO's 2014–2024 data and report the fit.
    #[command(after_help = "Examples:\n  natosim calibrate\n  natosim calibrate --format csv")]
    Calibrate {
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// Appends what the help can only know at run time to the subcommands that
/// take model ids or metric names: the valid values, from the one place that
/// defines them (the embedded defaults and the metric table).
fn with_generated_help(cli: clap::Command) -> clap::Command {
    let models = commands::default_model_ids().join(", ");
    let metrics: Vec<&str> = natosim_core::METRICS.iter().map(|m| m.name).collect();
    let model_note = format!(
        "Models (embedded defaults): {models}; a scenario may define more under [models.<id>]."
    );
    let metric_note = format!("Metrics (see `natosim metrics`): {}.", metrics.join(", "));
    let mut cli = cli;
    for name in [
        "compare",
        "decompose",
        "run",
        "report",
        "sensitivity",
        "discover",
        "experiment",
        "members",
        "judgements",
    ] {
        let metric_too = matches!(name, "sensitivity" | "discover");
        let (models, metrics) = (model_note.clone(), metric_note.clone());
        cli = cli.mut_subcommand(name, move |sub| {
            let before = sub
                .get_after_help()
                .map(|h| format!("{h}\n\n"))
                .unwrap_or_default();
            let note = if metric_too {
                format!("{before}{models}\n{metrics}")
            } else {
                format!("{before}{models}")
            };
            sub.after_help(note)
        });
    }
    cli
}

/// Prints clap's help, version or usage error and gives its exit code. clap's
/// own `exit` swallows every write error; here a full disk under `--help`
/// is an error (1), a closed pipe quiet success (0).
fn clap_exit(e: &clap::Error) -> ExitCode {
    match e.print() {
        Ok(()) => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)),
        Err(io) if io.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(io) => {
            atomic::note(format_args!("error: cannot write to standard output: {io}"));
            ExitCode::from(1)
        }
    }
}

fn main() -> ExitCode {
    let matches = match with_generated_help(Cli::command()).try_get_matches() {
        Ok(m) => m,
        Err(e) => return clap_exit(&e),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    let result = check_outputs(&cli.command).and_then(|()| dispatch(cli.command));
    finish(result)
}

/// Checks every output target of `command` before any work starts, so a
/// long run is never lost to an unwritable `--out` (exit code 2).
fn check_outputs(command: &Command) -> anyhow::Result<()> {
    use atomic::{check_dir_target, check_file_target};
    match command {
        Command::Compare { out: Some(out), .. } | Command::Decompose { out: Some(out), .. } => {
            check_file_target("--out", out)
        }
        Command::Members(members_cmd::MembersArgs { out: Some(out), .. })
        | Command::Judgements(members_cmd::JudgementsArgs { out: Some(out), .. }) => {
            check_file_target("--out", out)
        }
        Command::Experiment(a) => check_file_target("--out", &a.out),
        Command::Run { out, .. } => check_dir_target("--out", out),
        Command::Report(a) => check_dir_target("--out", &a.out),
        Command::Sensitivity(explore_cmd::SensitivityArgs { out: Some(out), .. })
        | Command::Discover(explore_cmd::DiscoverArgs { out: Some(out), .. }) => {
            check_dir_target("--out", out)
        }
        _ => Ok(()),
    }
}

/// Runs the command.
fn dispatch(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Compare {
            sim,
            format,
            models,
            out,
            windows,
            uncertainty,
        } => commands::compare(&sim, format, &models, out.as_deref(), windows, uncertainty),
        Command::Decompose {
            a,
            b,
            sim,
            format,
            out,
            uncertainty,
        } => commands::decompose(&sim, &a, &b, format, out.as_deref(), uncertainty),
        Command::Run {
            sim,
            model,
            out,
            trace,
        } => commands::run(&sim, &model, &out, trace),
        Command::Validate { files } => commands::validate(&files),
        Command::Scenario { defaults, name } => commands::scenario(defaults, name.as_deref()),
        Command::Scenarios => commands::scenarios(),
        Command::Metrics { format } => commands::metrics(format),
        Command::Data { format } => commands::data(format),
        Command::Calibrate { format } => commands::calibrate(format),
        Command::Sensitivity(a) => explore_cmd::sensitivity(&a),
        Command::Discover(a) => explore_cmd::discover(&a),
        Command::Experiment(a) => explore_cmd::experiment(&a),
        Command::Report(args) => report_cmd::report(&args),
        Command::Members(args) => members_cmd::members(&args),
        Command::Judgements(args) => members_cmd::judgements(&args),
        Command::Serve(args) => serve_cmd::serve(&args),
    }
}

/// The exit code of a command's result, with its message on standard error.
fn finish(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of standard output went away: nothing left to do.
        Err(e) if e.downcast_ref::<atomic::ClosedPipe>().is_some() => ExitCode::SUCCESS,
        Err(e) => {
            // Messages quote the user's text (names, keys, paths): escape
            // control characters line by line, keeping the lines.
            let term = |s: String| {
                s.split('\n')
                    .map(|l| natosim_core::scenario::escape_control(l).into_owned())
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            if let Some(input) = e.downcast_ref::<InputError>() {
                atomic::note(format_args!("error: {}", term(input.to_string())));
                ExitCode::from(2)
            } else {
                atomic::note(format_args!("error: {}", term(format!("{e:#}"))));
                ExitCode::from(1)
            }
        }
    }
}
