//! Per-ally outputs (`workflow::members`): the same numbers on any number of
//! threads and across chunk boundaries, and the European allies' spending
//! adds up to the European spending metrics of the comparison.

use natosim_analysis::workflow::{Quantity, members};
use natosim_analysis::{EnsembleOptions, Progress, compare};
use natosim_core::{Dataset, ModelId, Scenario};

fn on_threads<T: Send>(n: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn member_paths_are_identical_on_one_and_many_threads() {
    let (s, d) = (Scenario::defaults(), Dataset::embedded().unwrap());
    // More runs than one chunk (256), so chunk folding is exercised.
    let opts = EnsembleOptions { seed: 3, runs: 300 };
    let model = ModelId::study()[2].clone();
    let run = || members(&s, &d, &model, opts, &Progress::none()).unwrap();
    let (one, three) = (on_threads(1, run), on_threads(3, run));
    assert_eq!(format!("{one:?}"), format!("{three:?}"));
}

#[test]
fn european_members_add_up_to_the_european_spending_metrics() {
    let (s, d) = (Scenario::defaults(), Dataset::embedded().unwrap());
    let opts = EnsembleOptions { seed: 9, runs: 64 };
    let models = ModelId::study();
    let c = compare(&s, &d, &models, opts, &Progress::none()).unwrap();
    for (model, summary) in models.iter().zip(&c.models) {
        let p = members(&s, &d, model, opts, &Progress::none()).unwrap();
        let year = p.final_year().unwrap();
        assert_eq!(year, s.scenario.end.year());
        // The mean of a sum is the sum of the means: the European allies'
        // mean spending in the final year must add up to the metric's mean.
        let sum: f64 = p
            .allies
            .iter()
            .filter(|a| a.european)
            .map(|a| p.get(&a.iso3, year, Quantity::SpendingBusd).unwrap().mean)
            .sum();
        let metric = summary.metric("europe_spending_busd_final").unwrap().mean;
        assert!(
            (sum - metric).abs() <= 1e-9 * metric,
            "{model}: members {sum} vs metric {metric}"
        );
        // Quantiles are ordered and inside the quantity's range; the US has
        // no trust in its own guarantee.
        for r in &p.rows {
            if r.n > 0 {
                let (lo, hi) = r.quantity.range();
                assert!(
                    lo <= r.p05 && r.p05 <= r.p50 && r.p50 <= r.p95 && r.p95 <= hi,
                    "{r:?}"
                );
            }
        }
        let us = p.get("USA", year, Quantity::UsTrust).unwrap();
        assert_eq!(us.n, 0);
        assert!(us.mean.is_nan());
        // The base year is the reference data: Germany's 2024 share.
        let base = p.base_year().unwrap();
        assert_eq!(base, s.scenario.start.year() - 1);
        let deu = d.members.iter().find(|m| m.iso3 == "DEU").unwrap();
        let got = p.get("DEU", base, Quantity::SpendingGdp).unwrap();
        assert!((got.mean - deu.milex_share_2024.unwrap()).abs() < 1e-9);
    }
}
