//! Criterion benchmarks of ensembles: cost against the number of runs, and the
//! issue's target — 10,000 runs of one model on the baseline.

// `criterion_group!` and `criterion_main!` generate undocumented public items.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use natosim_analysis::{EnsembleOptions, run_ensemble};
use natosim_core::{Dataset, Engine, ModelId, Scenario};
use std::hint::black_box;

fn runs_scaling(c: &mut Criterion) {
    let (s, d) = (Scenario::defaults(), Dataset::embedded().unwrap());
    let e = Engine::new(&s, &d, &ModelId::status_quo()).unwrap();
    let mut g = c.benchmark_group("ensemble_runs");
    g.sample_size(10);
    for runs in [1_000u64, 2_500, 5_000, 10_000] {
        g.bench_function(BenchmarkId::from_parameter(runs), |b| {
            b.iter(|| {
                black_box(
                    run_ensemble(
                        &e,
                        EnsembleOptions { seed: 1, runs },
                        &natosim_analysis::Progress::none(),
                    )
                    .unwrap()
                    .summaries(),
                )
            })
        });
    }
    g.finish();
}

criterion_group!(benches, runs_scaling);
criterion_main!(benches);
