//! The main job through the library, as a front end (a server, a notebook
//! binding) would call it: load a scenario through a `ScenarioSource`, add a
//! fifth model as data, compare all models and read the typed result.
//!
//! ```sh
//! cargo run --release -p natosim-analysis --example compare_models
//! ```
//!
//! CI runs it, so it cannot drift from the API.

use natosim_analysis::{EnsembleOptions, Progress, compare};
use natosim_core::scenario::{MemorySource, load};
use natosim_core::{Dataset, Metric};

/// A user's scenario held in memory: the baseline plus a mixed model —
/// coalitions of the willing (the toolkit) that decide by qualified majority.
const MY_SCENARIO: &str = r#"
extends = "baseline"

[scenario]
name = "Baseline with a mixed model"

[models.qmv-coalitions]
like = "toolkit"
label = "Coalitions deciding by QMV"
decision_rule = "qualified-majority"
"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let source = MemorySource::new().with("mine", MY_SCENARIO);
    let scenario = load("mine", &source)?.scenario;
    let data = Dataset::embedded()?;
    let models = scenario.model_ids();
    let opts = EnsembleOptions { seed: 7, runs: 200 };
    let result = compare(&scenario, &data, &models, opts, &Progress::none())?;

    println!(
        "{} — {} runs per model, seed {}",
        result.scenario, result.runs, result.seed
    );
    for metric in [
        Metric::Cohesion,
        Metric::CapacityToAct,
        Metric::DecisionDays,
    ] {
        let info = metric.info();
        println!("\n{} ({})", info.name, info.kind.unit());
        for m in &result.models {
            if let Some(s) = m.metric(info.name) {
                println!(
                    "  {:<28} {} [{}, {}]",
                    m.label,
                    info.kind.format(s.mean),
                    info.kind.format(s.p05),
                    info.kind.format(s.p95)
                );
            }
        }
    }
    Ok(())
}
