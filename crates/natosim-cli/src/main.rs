//! `natosim` — simulate the future of the Atlantic alliance.
//!
//! The command-line interface around natosim-core (the model) and
//! natosim-analysis (ensembles). Exit codes: 0 success, 1 failure (IO, …),
//! 2 bad input (a malformed scenario, unknown model, bad argument).

mod commands;
mod explore_cmd;
mod load;
mod output;
mod progress;
mod report_cmd;

use clap::{Parser, Subcommand, ValueEnum};
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

/// Options shared by the commands that simulate.
#[derive(clap::Args, Debug, Clone)]
pub struct SimArgs {
    /// Scenario: a shipped name (see `natosim scenarios`) or a path to a TOML file.
    #[arg(long, short, default_value = load::DEFAULT_SCENARIO)]
    pub scenario: String,
    /// Monte Carlo runs per model [default: the scenario's `runs`].
    #[arg(long, short)]
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
    /// Run the four models side by side on a scenario (the main job).
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
    },
    /// Run one model: ensemble summary (JSON) and monthly series (CSV).
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
    Validate {
        /// Scenario files or shipped names.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Print a scenario: the complete commented defaults, or a resolved scenario.
    Scenario {
        /// Print the complete scenario with every parameter at its default.
        #[arg(long)]
        defaults: bool,
        /// Scenario to resolve and print as TOML (shipped name or path).
        name: Option<String>,
    },
    /// List the shipped scenarios.
    Scenarios,
    /// Show the reference dataset (members, coded positions, sources).
    Data {
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Global sensitivity analysis of one metric over the scenario's uncertainties.
    Sensitivity(explore_cmd::SensitivityArgs),
    /// Scenario discovery: PRIM boxes where a condition such as "p_attack > 0.2" holds.
    Discover(explore_cmd::DiscoverArgs),
    /// Run an experiment design and write the tidy table (CSV).
    Experiment(explore_cmd::ExperimentArgs),
    /// Write a self-contained HTML report (English or German) with charts as SVG, PNG and CSV.
    Report(report_cmd::ReportArgs),
    /// Fit the budget response on NATO's 2014–2024 data and report the fit.
    Calibrate {
        /// Output format (table or json).
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Compare {
            sim,
            format,
            models,
            out,
        } => commands::compare(&sim, format, &models, out.as_deref()),
        Command::Run {
            sim,
            model,
            out,
            trace,
        } => commands::run(&sim, &model, &out, trace),
        Command::Validate { files } => commands::validate(&files),
        Command::Scenario { defaults, name } => commands::scenario(defaults, name.as_deref()),
        Command::Scenarios => commands::scenarios(),
        Command::Data { format } => commands::data(format),
        Command::Calibrate { format } => commands::calibrate(format),
        Command::Sensitivity(a) => explore_cmd::sensitivity(&a),
        Command::Discover(a) => explore_cmd::discover(&a),
        Command::Experiment(a) => explore_cmd::experiment(&a),
        Command::Report(args) => report_cmd::report(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(input) = e.downcast_ref::<InputError>() {
                eprintln!("error: {input}");
                ExitCode::from(2)
            } else {
                eprintln!("error: {e:#}");
                ExitCode::from(1)
            }
        }
    }
}
