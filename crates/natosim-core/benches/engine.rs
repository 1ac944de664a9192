//! Criterion benchmarks of the engine: one run per model, one run on the 32
//! real members vs a synthetic 10× member set (cost must grow linearly), and
//! the cost of observing a run (the no-op observer of `run` must cost nothing),
//! and Russia's monthly planning: ten fog-free Baltic fights one by one
//! against the same ten in lockstep lanes.

// `criterion_group!` and `criterion_main!` generate undocumented public items.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use natosim_core::engine::{MemberRecorder, SeriesRecorder};
use natosim_core::submodels::baltic;
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

/// A status-quo-like order of battle: national, forward and US forces in
/// place, two tiers of reinforcements, air power from day 2.
fn baltic_forces(heavy_extra: f64) -> baltic::Forces {
    use baltic::{Brigades, Tier};
    baltic::Forces {
        day0: Brigades::split(5.6 + heavy_extra, 0.4),
        tiers: [
            Tier {
                start: 2.0,
                end: 12.0,
                force: Brigades::split(6.4, 0.5),
            },
            Tier {
                start: 12.0,
                end: 32.0,
                force: Brigades::split(10.0, 0.5),
            },
            Tier::default(),
        ],
        air: 0.5,
        air_start: 2.0,
        attacker_pool: 40.0,
    }
}

fn baltic_fight(c: &mut Criterion) {
    let s = Scenario::defaults();
    let p = &s.baltic;
    let centre = s.russia.concentration;
    let points = baltic::perceived(p, centre, &baltic::Conditions::central(p, centre));
    let (with_us, without_us) = (baltic_forces(1.5), baltic_forces(0.0));
    let mut g = c.benchmark_group("baltic_fight");
    g.bench_function("planning_one_by_one", |b| {
        b.iter(|| {
            (
                black_box(baltic::russia_success(p, black_box(&with_us), &points)),
                black_box(baltic::russia_success(p, black_box(&without_us), &points)),
            )
        })
    });
    g.bench_function("planning_in_lanes", |b| {
        b.iter(|| {
            black_box(baltic::russia_success_with_and_without(
                p,
                black_box(&with_us),
                Some(black_box(&without_us)),
                &points,
            ))
        })
    });
    g.finish();
}

criterion_group!(benches, one_run, member_scaling, observed, baltic_fight);
criterion_main!(benches);
