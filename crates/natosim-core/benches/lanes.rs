//! What batching runs across SIMD lanes would buy a member loop
//! (docs/PERFORMANCE.md "Session 10"): the engine's two largest member
//! loops — trust (one normal draw per member-month) and spatial bargaining
//! (three) — written twice over the same synthetic members, and timed for
//! one month of four runs:
//!
//! - `scalar`: run after run, member after member, as the engine does;
//! - `lanes`: the state laid out member × lane (`[f64; 4]` per member and
//!   variable), the four runs advancing together, each lane drawing from its
//!   own run's generator (as a batched engine that keeps today's streams
//!   would);
//! - `*_no_draws`: both again with the normal draws replaced by zeros, which
//!   bounds what the arithmetic alone costs.
//!
//! The arithmetic is the engine's (`engine/month/trust.rs`,
//! `engine/month/positions.rs`, the bargaining without the leader's extra
//! weight) on representative constants. The terms that come from a run's
//! state differ between the runs, so the lanes hold them as lanes, laid out
//! once a month; a branch on the run is a select. The benchmark
//! checks that both layouts give the same bits before it times them, so a
//! speed-up cannot come from doing less. The lane code is compiled for AVX2
//! where the CPU has it (as the engine's lane fights are), else for the
//! baseline target. A criterion figure here is for four runs' month.

// `criterion_group!` and `criterion_main!` generate undocumented public items.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

#[path = "common/member_loops.rs"]
mod member_loops;
use member_loops::*;

fn member_loops(c: &mut Criterion) {
    let m = Members::new();
    assert_same_bits(&m);
    let runs: [RunState; L] = std::array::from_fn(run_state);
    let mo = months();
    let mut g = c.benchmark_group("member_loops_4_runs");
    g.bench_function("scalar", |b| {
        let (mut s, mut d) = (runs.clone(), streams());
        b.iter(|| month_scalar(black_box(&m), &mo, &mut s, &mut d))
    });
    g.bench_function("lanes", |b| {
        let (mut s, mut d) = (lane_state(&runs), streams());
        b.iter(|| month_lanes(black_box(&m), &mo, &mut s, &mut d))
    });
    g.bench_function("scalar_no_draws", |b| {
        let mut s = runs.clone();
        b.iter(|| month_scalar(black_box(&m), &mo, &mut s, &mut Zeros))
    });
    g.bench_function("lanes_no_draws", |b| {
        let mut s = lane_state(&runs);
        b.iter(|| month_lanes(black_box(&m), &mo, &mut s, &mut Zeros))
    });
    g.finish();
}

criterion_group!(benches, member_loops);
criterion_main!(benches);
