//! Criterion benchmarks of global sensitivity analysis: the Saltelli design
//! for 10 uncertain parameters driven through the engine (the target
//! is N = 1,024 base samples in under a minute; here a smaller N keeps the
//! benchmark short, and cost is linear in N), the estimators alone, and the
//! design itself, plain and Owen-scrambled.

// `criterion_group!` and `criterion_main!` generate undocumented public items.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use natosim_analysis::design::Scrambling;
use natosim_analysis::explore::{Problem, evaluate_metric};
use natosim_analysis::sobol::{SaltelliDesign, analyze};
use natosim_core::explore::ExplorationSpec;
use natosim_core::math;
use natosim_core::metrics::Metric;
use natosim_core::scenario::Layer;
use natosim_core::shipped::shipped;
use natosim_core::{Dataset, Engine, ModelId, Scenario};
use std::hint::black_box;

fn uncertain_baseline() -> (Scenario, ExplorationSpec) {
    let base = Layer::parse("baseline", shipped("baseline").unwrap()).unwrap();
    let top = Layer::parse("uncertain-baseline", shipped("uncertain-baseline").unwrap()).unwrap();
    let layers = [base, top];
    let s = Scenario::from_layers(&layers).unwrap();
    let spec = ExplorationSpec::from_layers(&layers, &s).unwrap();
    (s, spec)
}

fn sobol_engine(c: &mut Criterion) {
    let (s, spec) = uncertain_baseline();
    let data = Dataset::embedded().unwrap();
    let p = Problem::new(&s, &spec, &data, ModelId::status_quo()).unwrap();
    let metric = Metric::PAttack.index();
    let mut g = c.benchmark_group("sobol_engine");
    g.sample_size(10);
    for n in [64usize, 256] {
        let d = SaltelliDesign::new(n, p.k(), None).unwrap();
        let block = d.block();
        g.bench_function(format!("k{}_n{n}", p.k()), |b| {
            b.iter(|| {
                let y = evaluate_metric(
                    &p,
                    &d.rows,
                    metric,
                    1,
                    |i| (i / block) as u64,
                    &natosim_analysis::Progress::none(),
                )
                .unwrap();
                black_box(analyze(&y, d.swaps.len(), d.n, 100, 1))
            })
        });
    }
    g.finish();
}

/// What an evaluation costs beyond its run (issue 15.3): the same run on a
/// prepared engine, the evaluation's scenario alone (copy, set the sampled
/// values, validate) and the whole evaluation (scenario, `Engine::new`, run).
fn evaluation_overhead(c: &mut Criterion) {
    let (s, spec) = uncertain_baseline();
    let data = Dataset::embedded().unwrap();
    let p = Problem::new(&s, &spec, &data, ModelId::status_quo()).unwrap();
    let values = p.values(&vec![0.5; p.k()]);
    let engine = Engine::new(&p.scenario(&values, &[]).unwrap(), &data, &p.model).unwrap();
    let mut g = c.benchmark_group("evaluation");
    let mut run = 0u64;
    g.bench_function("run_on_prepared_engine", |b| {
        b.iter(|| {
            run += 1;
            black_box(engine.run(1, run))
        })
    });
    g.bench_function("scenario_set_and_validate", |b| {
        b.iter(|| black_box(p.scenario(&values, &[]).unwrap()))
    });
    g.bench_function("engine_new", |b| {
        let sc = p.scenario(&values, &[]).unwrap();
        b.iter(|| black_box(Engine::new(&sc, &data, &p.model).unwrap()))
    });
    g.bench_function("evaluate", |b| {
        b.iter(|| {
            run += 1;
            black_box(p.evaluate(&values, &[], 1, run).unwrap())
        })
    });
    g.finish();
}

fn sobol_estimators(c: &mut Criterion) {
    let d = SaltelliDesign::new(1024, 10, None).unwrap();
    let y: Vec<f64> = d
        .rows
        .iter()
        .map(|r| r.iter().map(|&x| math::sin(x)).sum())
        .collect();
    c.bench_function("sobol_analyze_k10_n1024_boot100", |b| {
        b.iter(|| black_box(analyze(&y, 10, 1024, 100, 1)))
    });
}

fn sobol_designs(c: &mut Criterion) {
    let mut g = c.benchmark_group("saltelli_design_k10_n1024");
    for (name, scrambling) in [
        ("plain", Scrambling::None),
        ("owen", Scrambling::Owen { seed: 1 }),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| black_box(SaltelliDesign::with_scrambling(1024, 10, None, scrambling)))
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    sobol_engine,
    evaluation_overhead,
    sobol_estimators,
    sobol_designs
);
criterion_main!(benches);
