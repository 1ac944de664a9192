//! `natosim report`: the self-contained HTML report, every chart as SVG, PNG
//! and CSV, written into one directory as a set (crate::atomic::DirOutput).

use crate::atomic::{DirOutput, note};
use crate::progress::Bar;
use crate::{InputError, SimArgs};
use anyhow::Result;
use natosim_analysis::UncertaintyMode;
use natosim_analysis::workflow::decompose;
use natosim_core::Dataset;
use natosim_report::{Lang, MapVariable, ReportOptions, png};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Arguments of `natosim report`.
#[derive(clap::Args, Debug, Clone)]
pub struct ReportArgs {
    #[command(flatten)]
    pub sim: SimArgs,
    /// Language of the report: en or de.
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// Output directory.
    #[arg(long, short, default_value = "report")]
    pub out: PathBuf,
    /// Map variable (repeatable): spending-change, threat, spending-2014, spending-2024,
    /// spending-final, us-trust [default: spending-change].
    #[arg(long = "map-variable")]
    pub map_variables: Vec<String>,
    /// Sensitivity result (JSON from `natosim sensitivity --format json`); repeatable.
    #[arg(long)]
    pub sensitivity: Vec<PathBuf>,
    /// Skip the PNG files (faster).
    #[arg(long)]
    pub no_png: bool,
    /// Uncertainty the intervals carry: combined or aleatory [default:
    /// combined if the scenario declares [uncertainties], else aleatory].
    #[arg(long, value_enum)]
    pub uncertainty: Option<crate::UncertaintyArg>,
    /// Skip the decomposition of the gaps status quo → EDU and status quo →
    /// toolkit (8 hybrid models each; faster).
    #[arg(long)]
    pub no_decompose: bool,
}

/// `natosim report`.
pub fn report(args: &ReportArgs) -> Result<()> {
    let sim = &args.sim;
    let lang = Lang::parse(&args.lang)
        .ok_or_else(|| InputError(format!("--lang `{}`: allowed: en, de", args.lang)))?;
    let map_variables = if args.map_variables.is_empty() {
        MapVariable::DEFAULT.to_vec()
    } else {
        args.map_variables
            .iter()
            .map(|v| {
                MapVariable::parse(v).ok_or_else(|| {
                    let ids: Vec<&str> = MapVariable::ALL.iter().map(|m| m.id()).collect();
                    InputError(format!("--map-variable `{v}`: allowed: {}", ids.join(", ")))
                })
            })
            .collect::<Result<Vec<_>, _>>()?
    };
    let mut sensitivity = Vec::new();
    for path in &args.sensitivity {
        // Bounded: a wrong file (a log, /dev/zero) is not read whole.
        let text = natosim_analysis::limits::read_text_limited(
            path,
            &natosim_analysis::limits::SENSITIVITY_FILE,
        )
        .map_err(|e| InputError(format!("{}: cannot read: {e}", path.display())))?
        .map_err(|e| InputError(crate::commands::limit_message(e, "--sensitivity", path)))?;
        let name = path.display().to_string();
        let s = natosim_report::sensitivity::parse(&name, &text)
            .map_err(|e| InputError(e.to_string()))?;
        sensitivity.push((name, s));
    }
    let (scenario, spec, opts) = crate::commands::prepare_uncertain(sim)?;
    let mode = crate::commands::uncertainty_mode(args.uncertainty, &spec, &sim.scenario)?;
    if mode == UncertaintyMode::Split {
        return Err(InputError(
            "--uncertainty split is a view of `compare`; the report takes combined or aleatory"
                .into(),
        )
        .into());
    }
    let dataset = Dataset::embedded()?;

    let bar = Bar::new(
        "runs",
        opts.runs * scenario.models.len() as u64,
        "simulating the report",
    );
    let data = natosim_report::compute_uncertain(&scenario, &spec, mode, &dataset, opts, &|d| {
        bar.set_position(d)
    })
    .map_err(|d| crate::InputError(d.to_string()))?;
    bar.finish();

    // The study's two questions of attribution: what makes the EDU and the
    // toolkit differ from today's NATO.
    let mut decompositions = Vec::new();
    if !args.no_decompose {
        for (a, b) in natosim_report::decompose::PAIRS {
            let (Ok(a), Ok(b)) = (scenario.parse_model(a), scenario.parse_model(b)) else {
                continue;
            };
            let hybrids = decompose::hybrid_count(&scenario, &a, &b) as u64;
            let bar = Bar::new(
                "runs",
                opts.runs * hybrids,
                &format!("decomposing {a} → {b}"),
            );
            let settings = decompose::DecomposeSettings {
                a,
                b,
                opts,
                uncertainty: mode,
            };
            let d = decompose::decompose(
                &scenario,
                &spec,
                &dataset,
                &settings,
                &natosim_analysis::Progress::new(&bar),
            )
            .map_err(crate::explore_cmd::analysis)?;
            bar.finish();
            decompositions.push(d);
        }
    }

    let report = natosim_report::build(
        &data,
        &scenario,
        &dataset,
        &ReportOptions {
            lang,
            scenario_arg: sim.scenario.clone(),
            map_variables,
            sensitivity,
            png: !args.no_png,
            decompositions,
        },
    );
    let out = &args.out;
    // Render PNGs in parallel; write files in a fixed order.
    let pngs: Vec<Option<Vec<u8>>> = report
        .charts
        .par_iter()
        .map(|c| {
            if args.no_png {
                Ok(None)
            } else {
                png::render(&c.svg, 2.0).map(Some)
            }
        })
        .collect::<Result<_, _>>()?;
    // One set (crate::atomic::DirOutput): the page and its files appear
    // together, and an earlier report's files not written now (PNGs after
    // `--no-png`, maps no longer asked for) vanish with the old page; a
    // user's own files in the folder are kept.
    let mut set = DirOutput::new(out);
    for (c, p) in report.charts.into_iter().zip(pngs) {
        set.add(format!("{}.svg", c.id), c.svg.into_bytes());
        set.add(format!("{}.csv", c.id), c.csv);
        if let Some(p) = p {
            set.add(format!("{}.png", c.id), p);
        }
    }
    set.add("metrics.csv", report.table_csv);
    set.add("members.csv", report.members_csv);
    let html = Path::new("report.html");
    set.add(html.display().to_string(), report.html.into_bytes());
    let charts = set.names().filter(|n| n.ends_with(".svg")).count();
    set.commit()?;
    note(format_args!(
        "wrote {} and {} charts (SVG, {}CSV) in {}",
        html.display(),
        charts,
        if args.no_png { "" } else { "PNG, " },
        out.display()
    ));
    Ok(())
}
