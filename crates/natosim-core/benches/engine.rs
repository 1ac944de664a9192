//! Criterion benchmarks of the engine: one run per model, one run on the 32
//! real members vs a synthetic 10× member set (cost must grow linearly), and
//! the cost of observing a run (the no-op observer of `run` must cost nothing).

// `criterion_group!` and `criterion_main!` generate undocumented public items.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use natosim_core::engine::{MemberRecorder, SeriesRecorder};
use natosim_core::{Dataset, Engine, ModelId, Scenario};
use std::hint::black_box;

fn one_run(c: &mut Criterion) {
    let (s, d) = (Scenario::defaults(), Dataset::embedded().unwrap());
    let mut g = c.benchmark_group("engine_one_run");
    for id in ModelId::study() {
        let e = Engine::new(&s, &d, &id).unwrap();
        let mut run = 0u64;
        g.bench_function(BenchmarkId::from_parameter(id.id()), |b| {
            b.iter(|| {
                run += 1;
                black_box(e.run(1, run))
            })
        });
    }
    g.finish();
}

fn member_scaling(c: &mut Criterion) {
    let (s, d) = (Scenario::defaults(), Dataset::embedded().unwrap());
    let mut g = c.benchmark_group("engine_members");
    for factor in [1usize, 2, 5, 10] {
        let data = d.replicated(factor);
        let e = Engine::new(&s, &data, &ModelId::status_quo()).unwrap();
        let mut run = 0u64;
        g.bench_function(BenchmarkId::from_parameter(data.members.len()), |b| {
            b.iter(|| {
                run += 1;
                black_box(e.run(1, run))
            })
        });
    }
    g.finish();
}

fn observed(c: &mut Criterion) {
    let (s, d) = (Scenario::defaults(), Dataset::embedded().unwrap());
    let e = Engine::new(&s, &d, &ModelId::status_quo()).unwrap();
    let mut g = c.benchmark_group("engine_observed");
    let mut run = 0u64;
    g.bench_function("no_observer", |b| {
        b.iter(|| {
            run += 1;
            black_box(e.run(1, run))
        })
    });
    g.bench_function("series_and_members", |b| {
        b.iter(|| {
            run += 1;
            let mut o = (SeriesRecorder::default(), MemberRecorder::default());
            black_box(e.run_observed(1, run, &mut o));
            black_box(o)
        })
    });
    g.finish();
}

criterion_group!(benches, one_run, member_scaling, observed);
criterion_main!(benches);
