//! Criterion benchmarks of the portable maths (`natosim_core::math`, docs/
//! PERFORMANCE.md "Session 7") against what it replaced: `exp` and `pow` of
//! the platform's C library and of the `libm` crate, and normal draws from
//! `rand_distr`. Each iteration evaluates 1,000 arguments spread over the
//! range the engine uses, so the figures are per 1,000 calls.

// `criterion_group!` and `criterion_main!` generate undocumented public items.
#![allow(missing_docs)]
// The platform's functions and rand_distr are the baseline measured here.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use criterion::{Criterion, criterion_group, criterion_main};
use natosim_core::math;
use natosim_core::rng::{Purpose, stream};
use rand::distr::Distribution;
use std::hint::black_box;

/// 1,000 arguments in [lo, hi].
fn args(lo: f64, hi: f64) -> Vec<f64> {
    (0..1000)
        .map(|k| lo + (hi - lo) * k as f64 / 999.0)
        .collect()
}

fn exp(c: &mut Criterion) {
    let xs = args(-20.0, 20.0);
    let mut g = c.benchmark_group("exp_1000");
    g.bench_function("natosim", |b| {
        b.iter(|| xs.iter().map(|&x| math::exp(black_box(x))).sum::<f64>())
    });
    g.bench_function("platform", |b| {
        b.iter(|| xs.iter().map(|&x| black_box(x).exp()).sum::<f64>())
    });
    g.bench_function("libm_crate", |b| {
        b.iter(|| xs.iter().map(|&x| libm::exp(black_box(x))).sum::<f64>())
    });
    g.finish();
}

fn pow(c: &mut Criterion) {
    let xs = args(0.5, 60.0);
    let mut g = c.benchmark_group("pow_1000");
    g.bench_function("natosim", |b| {
        b.iter(|| {
            xs.iter()
                .map(|&x| math::pow(black_box(x), 3.0))
                .sum::<f64>()
        })
    });
    g.bench_function("platform", |b| {
        b.iter(|| xs.iter().map(|&x| black_box(x).powf(3.0)).sum::<f64>())
    });
    g.bench_function("libm_crate", |b| {
        b.iter(|| {
            xs.iter()
                .map(|&x| libm::pow(black_box(x), 3.0))
                .sum::<f64>()
        })
    });
    g.finish();
}

fn normal(c: &mut Criterion) {
    let mut g = c.benchmark_group("normal_1000");
    let mut rng = stream(1, 0, Purpose::Members, 0);
    g.bench_function("natosim", |b| {
        b.iter(|| {
            (0..1000)
                .map(|_| math::StandardNormal.sample(&mut rng))
                .sum::<f64>()
        })
    });
    let mut rng = stream(1, 0, Purpose::Members, 0);
    g.bench_function("rand_distr", |b| {
        b.iter(|| {
            (0..1000)
                .map(|_| -> f64 { rand_distr::StandardNormal.sample(&mut rng) })
                .sum::<f64>()
        })
    });
    g.finish();
}

criterion_group!(benches, exp, pow, normal);
criterion_main!(benches);
