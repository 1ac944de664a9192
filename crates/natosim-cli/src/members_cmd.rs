//! `natosim members` (each ally's path in one model) and `natosim
//! judgements` (the study side by side): parse, call the workflow in
//! natosim-analysis, format.

use crate::commands::{parse_model, prepare};
use crate::output::{emit, pretty_json, text_table, text_table_left, to_csv};
use crate::progress::Bar;
use crate::{Format, InputError, SimArgs};
use anyhow::Result;
use clap::ValueEnum;
use natosim_analysis::Progress;
use natosim_analysis::judgements::{SideBySide, number, side_by_side};
use natosim_analysis::workflow::{MemberPaths, Quantity, members as member_paths};
use natosim_core::Dataset;
use serde::Serialize;
use std::path::PathBuf;

/// Arguments of `natosim members`.
#[derive(clap::Args, Debug, Clone)]
pub struct MembersArgs {
    /// Scenario (shipped name or path); the same as `--scenario`.
    #[arg(value_name = "SCENARIO", conflicts_with = "scenario")]
    pub scenario_positional: Option<String>,
    #[command(flatten)]
    pub sim: SimArgs,
    /// Model: status-quo, transatlantic-minus, european-defence-union, toolkit or one the scenario defines.
    #[arg(long, short)]
    pub model: String,
    /// Year the table shows [default: the final year]; CSV and JSON hold every year.
    #[arg(long)]
    pub year: Option<i32>,
    /// Output format: table (one year), csv or json (every ally × year × quantity).
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

/// `natosim members`.
pub fn members(args: &MembersArgs) -> Result<()> {
    let mut sim = args.sim.clone();
    if let Some(s) = &args.scenario_positional {
        sim.scenario = s.clone();
    }
    let (scenario, opts) = prepare(&sim)?;
    let model = parse_model(&scenario, &args.model)?;
    let data = Dataset::embedded()?;
    let bar = Bar::new("runs", opts.runs, model.id());
    let paths = member_paths(&scenario, &data, &model, opts, &Progress::new(&bar))
        .map_err(crate::explore_cmd::analysis)?;
    bar.finish();
    let year = match args.year {
        None => paths.final_year().unwrap_or_default(),
        Some(y) if paths.years.contains(&y) => y,
        Some(y) => {
            return Err(InputError(format!(
                "--year {y}: the scenario's years are {}–{} ({} is the base year: the initial state)",
                paths.years.first().unwrap_or(&0),
                paths.years.last().unwrap_or(&0),
                paths.years.first().unwrap_or(&0),
            ))
            .into());
        }
    };
    let bytes = match args.format {
        Format::Json => pretty_json(&paths)?,
        Format::Csv => members_csv(&paths)?,
        Format::Table => members_table(&paths, year).into_bytes(),
    };
    emit(args.out.as_deref(), &bytes)
}

#[derive(Serialize)]
struct MemberCsvRow<'a> {
    model: &'a str,
    iso3: &'a str,
    name: &'a str,
    year: i32,
    quantity: &'static str,
    mean: f64,
    p05: f64,
    p50: f64,
    p95: f64,
    n: u64,
}

fn members_csv(p: &MemberPaths) -> Result<Vec<u8>> {
    to_csv(p.rows.iter().map(|r| {
        MemberCsvRow {
            model: p.model.id(),
            iso3: &r.iso3,
            name: p
                .allies
                .iter()
                .find(|a| a.iso3 == r.iso3)
                .map_or("", |a| a.name.as_str()),
            year: r.year,
            quantity: r.quantity.name(),
            mean: r.mean,
            p05: r.p05,
            p50: r.p50,
            p95: r.p95,
            n: r.n,
        }
    }))
}

/// The readable view: one row per ally for one year, each quantity as
/// `mean [p05, p95]` formatted like every other natosim number.
fn members_table(p: &MemberPaths, year: i32) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header = vec!["ally".to_string()];
    header.extend(Quantity::ALL.iter().map(|q| {
        match q {
            Quantity::SpendingGdp => "spending % GDP",
            Quantity::SpendingBusd => "spending USD bn",
            Quantity::Threat => "threat",
            Quantity::UsTrust => "trust in US",
            Quantity::ContributionBusd => "contribution USD bn",
        }
        .to_string()
    }));
    rows.push(header);
    for a in &p.allies {
        let mut row = vec![format!("{} {}", a.iso3, a.name)];
        for q in Quantity::ALL {
            let k = q.kind();
            row.push(match p.get(&a.iso3, year, q) {
                Some(r) if r.n > 0 => format!(
                    "{} [{}, {}]",
                    k.format(r.mean),
                    k.format(r.p05),
                    k.format(r.p95)
                ),
                _ => "–".into(),
            });
        }
        rows.push(row);
    }
    let base = p.base_year().unwrap_or_default();
    let mut out = format!(
        "natosim members — scenario \"{}\", model \"{}\", {year}, {} runs, seed {}\nmean [5th, 95th percentile] across runs; {base} is the base year (the initial state: reference data); years {}–{} with --year\ncontribution: forces the ally can offer the alliance within 30 days (capability × availability; for the US its forces for Europe), USD bn\n\n",
        p.scenario,
        p.label,
        p.runs,
        p.seed,
        base,
        p.final_year().unwrap_or_default()
    );
    out.push_str(&text_table(&rows));
    out
}

/// Output format of `natosim judgements`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum JudgementsFormat {
    /// Aligned text table.
    Table,
    /// JSON.
    Json,
    /// CSV.
    Csv,
    /// Markdown (what docs/VALIDATION.md carries).
    Markdown,
}

/// Arguments of `natosim judgements`.
#[derive(clap::Args, Debug, Clone)]
pub struct JudgementsArgs {
    #[command(flatten)]
    pub sim: SimArgs,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = JudgementsFormat::Table)]
    pub format: JudgementsFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

/// `natosim judgements`.
pub fn judgements(args: &JudgementsArgs) -> Result<()> {
    let (scenario, opts) = prepare(&args.sim)?;
    let data = Dataset::embedded()?;
    let bar = Bar::new("runs", 0, "the study side by side");
    let result = side_by_side(&scenario, &data, opts, &Progress::new(&bar))
        .map_err(crate::explore_cmd::analysis)?;
    bar.finish();
    let bytes = match args.format {
        JudgementsFormat::Json => pretty_json(&result)?,
        JudgementsFormat::Csv => judgements_csv(&result)?,
        JudgementsFormat::Markdown => result.to_markdown().into_bytes(),
        JudgementsFormat::Table => judgements_table(&result).into_bytes(),
    };
    emit(args.out.as_deref(), &bytes)
}

#[derive(Serialize)]
struct JudgementCsvRow<'a> {
    id: &'a str,
    subject: &'a str,
    topic: &'a str,
    section: &'a str,
    claim: &'a str,
    quote: &'a str,
    rule: &'a str,
    lhs: f64,
    rhs: f64,
    verdict: &'static str,
    input: bool,
    note: &'a str,
}

fn judgements_csv(r: &SideBySide) -> Result<Vec<u8>> {
    to_csv(r.judgements.iter().map(|e| JudgementCsvRow {
        id: &e.id,
        subject: &e.subject,
        topic: &e.topic,
        section: &e.section,
        claim: &e.claim,
        quote: &e.quote,
        rule: e.rule.as_deref().unwrap_or(""),
        lhs: e.lhs,
        rhs: e.rhs,
        verdict: e.verdict.label(),
        input: e.input,
        note: &e.note,
    }))
}

fn judgements_table(r: &SideBySide) -> String {
    let (a, d, n) = r.counts();
    let mut rows = vec![vec![
        "judgement".to_string(),
        "about".to_string(),
        "natosim gives".to_string(),
        "verdict".to_string(),
    ]];
    for e in &r.judgements {
        let values = if e.lhs.is_finite() && e.rhs.is_finite() {
            format!("{} vs {}", number(e.lhs), number(e.rhs))
        } else {
            "–".into()
        };
        let verdict = if e.input && e.verdict.label() == "agrees" {
            "agrees (an input)".to_string()
        } else {
            e.verdict.label().to_string()
        };
        rows.push(vec![e.id.clone(), e.subject_label.clone(), values, verdict]);
    }
    let mut out = format!(
        "natosim judgements — the study (seed 001) side by side with scenario \"{}\", {} runs per model, seed {}\n{a} agree, {d} disagree, {n} not comparable; rules, quotes and reasons: --format markdown|csv|json\n\n",
        r.scenario, r.runs, r.seed
    );
    out.push_str(&text_table_left(&rows));
    out
}
