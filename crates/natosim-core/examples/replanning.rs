//! Russia's planning every month against every `k` months
//! (`russia.replanning_months`, docs/PERFORMANCE.md "Session 5"): runs each
//! study model `runs` times with both settings on the same seed (common
//! random numbers) and prints, per metric, the ensemble mean with monthly
//! planning, its Monte Carlo error (sd/√n), the paired mean change and that
//! change's own standard error; `*` marks a change of at least the Monte Carlo
//! error. One thread; the defaults of the embedded scenario.
//!
//! ```sh
//! cargo build --release -p natosim-core --example replanning
//! target/release/examples/replanning 4000 3        # runs, k [, seed]
//! target/release/examples/replanning 200 3 1 only   # only the k-month runs (instruction counts)
//! ```

use natosim_core::{Dataset, Engine, METRICS, ModelId, Scenario};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |k: usize, default: u64| -> Result<u64, String> {
        args.get(k).map_or(Ok(default), |a| {
            a.parse().map_err(|e| format!("argument {}: {e}", k + 1))
        })
    };
    let (runs, every, seed) = match (arg(0, 4000), arg(1, 3), arg(2, 1)) {
        (Ok(r), Ok(k), Ok(s)) if r >= 2 && (1..=12).contains(&k) => (r, k, s),
        (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => {
            eprintln!("usage: replanning [RUNS ≥ 2] [K in 1..=12] [SEED] [only]: {e}");
            return ExitCode::from(2);
        }
        _ => {
            eprintln!("usage: replanning [RUNS ≥ 2] [K in 1..=12] [SEED] [only]");
            return ExitCode::from(2);
        }
    };
    let only = args.get(3).is_some_and(|a| a == "only");
    let data = Dataset::embedded().expect("embedded data");
    let monthly = Scenario::defaults();
    let mut sparse = monthly.clone();
    sparse.russia.replanning_months = every;
    let engine = |sc: &Scenario, model: &str| {
        Engine::new(sc, &data, &ModelId::new(model).expect("a study model")).expect("engine")
    };
    if only {
        let e = engine(&sparse, "status-quo");
        let sum: f64 = (0..runs).map(|r| e.run(seed, r).values[0]).sum();
        println!("status-quo k={every} runs={runs} first metric sum={sum}");
        return ExitCode::SUCCESS;
    }
    let (mut flagged, mut total) = (0, 0);
    for model in ModelId::STUDY {
        let (e1, ek) = (engine(&monthly, model), engine(&sparse, model));
        let m = METRICS.len();
        // Per metric: n, Σx, Σx², Σd, Σd² (d = paired change).
        let mut acc = vec![[0.0f64; 5]; m];
        for run in 0..runs {
            let (a, b) = (e1.run(seed, run), ek.run(seed, run));
            for (j, s) in acc.iter_mut().enumerate() {
                let (x, y) = (a.values[j], b.values[j]);
                if x.is_finite() && y.is_finite() {
                    let d = y - x;
                    *s = [s[0] + 1.0, s[1] + x, s[2] + x * x, s[3] + d, s[4] + d * d];
                }
            }
        }
        println!("\n{model}: {runs} runs, planning every month vs every {every} months");
        println!(
            "{:<28} {:>12} {:>11} {:>12} {:>11}",
            "metric", "mean (k=1)", "MC error", "change", "its s.e."
        );
        for (info, s) in METRICS.iter().zip(&acc) {
            let n = s[0];
            if n < 2.0 {
                continue;
            }
            let mean = s[1] / n;
            let mc = ((s[2] / n - mean * mean).max(0.0) * n / (n - 1.0) / n).sqrt();
            let d = s[3] / n;
            let se = ((s[4] / n - d * d).max(0.0) * n / (n - 1.0) / n).sqrt();
            let flag = if d.abs() >= mc && d != 0.0 { "*" } else { "" };
            flagged += usize::from(!flag.is_empty());
            total += 1;
            println!(
                "{:<28} {mean:>12.5} {mc:>11.5} {d:>12.6} {se:>11.6} {flag}",
                info.name
            );
        }
    }
    println!("\n{flagged} of {total} metric means changed by at least their Monte Carlo error");
    ExitCode::SUCCESS
}
