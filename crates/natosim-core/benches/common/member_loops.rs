//! The two member loops of docs/PERFORMANCE.md "Session 10", in the
//! engine's layout (run after run) and batched across runs (member × lane),
//! shared by the criterion bench `lanes` and the example
//! `member_loops_in_lanes` (which runs a fixed number of months, for
//! instruction counts). See the bench for what is compared and why.

// The per-issue loops index like the engine's, which keeps the two layouts
// side by side.
#![allow(clippy::needless_range_loop)]

use natosim_core::math::StandardNormal;
use natosim_core::rng::{Purpose, Rng, stream};
use rand::distr::Distribution;

/// Members of the synthetic alliance (the embedded data set has 32).
pub const N: usize = 32;
/// Runs per batch: one AVX2 register of doubles.
pub const L: usize = 4;
/// Contested issues in the bargaining.
pub const ISSUES: usize = 3;

/// Per-member constants, shared by every run (the engine's `Members`).
pub struct Members {
    greenland: Vec<f64>,
    deal: Vec<f64>,
    orientation: Vec<f64>,
    risk_aversion: Vec<f64>,
    china: Vec<f64>,
    ideal: Vec<[f64; ISSUES]>,
    gdp: Vec<f64>,
}

impl Members {
    pub fn new() -> Members {
        let f = |a: f64, b: f64| {
            (0..N)
                .map(|i| a + b * ((i * 7 % N) as f64 / N as f64))
                .collect()
        };
        Members {
            greenland: f(0.0, 1.0),
            deal: f(0.2, 0.8),
            orientation: f(0.1, 0.8),
            risk_aversion: f(0.3, 0.6),
            china: f(0.2, 0.6),
            ideal: (0..N)
                .map(|i| std::array::from_fn(|k| ((i * 5 + k * 11) % N) as f64 / N as f64))
                .collect(),
            gdp: f(10.0, 4000.0),
        }
    }
}

/// The month's terms common to all members (the engine computes them
/// before its loops).
#[derive(Clone, Copy)]
pub struct Month {
    us_in: bool,
    common: f64,
    greenland_now: f64,
    deal_now: f64,
    anchor: f64,
    rate: f64,
    noise: f64,
    eu_guarantee: f64,
    entrapment_weight: f64,
    leadership: f64,
    us_china: f64,
    pivot: f64,
    entanglement: f64,
    pull: f64,
    home_pull: f64,
    position_noise: f64,
}

/// Each run's month: the terms that come from the run's state (trust's
/// target, leadership, Europe's guarantee) differ from run to run, so a
/// batched engine holds them per lane too.
pub fn months() -> [Month; L] {
    std::array::from_fn(|l| Month {
        common: BASE.common - 0.01 * l as f64,
        eu_guarantee: BASE.eu_guarantee + 0.02 * l as f64,
        leadership: BASE.leadership - 0.05 * l as f64,
        ..BASE
    })
}

pub const BASE: Month = Month {
    us_in: true,
    common: 0.62,
    greenland_now: 0.05,
    deal_now: 0.03,
    anchor: 0.1,
    rate: 1.0 / 12.0,
    noise: 0.02,
    eu_guarantee: 0.3,
    entrapment_weight: 0.2,
    leadership: 0.8,
    us_china: 0.7,
    pivot: 1.0,
    entanglement: 0.05,
    pull: 0.08,
    home_pull: 0.05,
    position_noise: 0.02,
};

/// The four runs' month terms as lanes, laid out once a month (as a batched
/// engine would, rather than gathering them for every member).
pub struct MonthLanes {
    us_in: [bool; L],
    common: [f64; L],
    greenland_now: [f64; L],
    deal_now: [f64; L],
    anchor: [f64; L],
    rate: [f64; L],
    noise: [f64; L],
    eu_guarantee: [f64; L],
    entrapment_weight: [f64; L],
    leadership: [f64; L],
    us_china: [f64; L],
    pivot: [f64; L],
    entanglement: [f64; L],
    pull: [f64; L],
    home_pull: [f64; L],
    position_noise: [f64; L],
}

impl MonthLanes {
    #[inline(always)]
    pub fn new(mo: &[Month; L]) -> MonthLanes {
        MonthLanes {
            us_in: std::array::from_fn(|l| mo[l].us_in),
            common: lanes(|l| mo[l].common),
            greenland_now: lanes(|l| mo[l].greenland_now),
            deal_now: lanes(|l| mo[l].deal_now),
            anchor: lanes(|l| mo[l].anchor),
            rate: lanes(|l| mo[l].rate),
            noise: lanes(|l| mo[l].noise),
            eu_guarantee: lanes(|l| mo[l].eu_guarantee),
            entrapment_weight: lanes(|l| mo[l].entrapment_weight),
            leadership: lanes(|l| mo[l].leadership),
            us_china: lanes(|l| mo[l].us_china),
            pivot: lanes(|l| mo[l].pivot),
            entanglement: lanes(|l| mo[l].entanglement),
            pull: lanes(|l| mo[l].pull),
            home_pull: lanes(|l| mo[l].home_pull),
            position_noise: lanes(|l| mo[l].position_noise),
        }
    }
}

/// One run's member state, column by column (the engine's layout).
#[derive(Clone)]
pub struct RunState {
    trust: Vec<f64>,
    threat: Vec<f64>,
    guarantee: Vec<f64>,
    abandonment: Vec<f64>,
    entrapment: Vec<f64>,
    pos: Vec<[f64; ISSUES]>,
}

/// Four runs' member state, member × lane.
#[derive(Clone)]
pub struct LaneState {
    trust: Vec<[f64; L]>,
    threat: Vec<[f64; L]>,
    guarantee: Vec<[f64; L]>,
    abandonment: Vec<[f64; L]>,
    entrapment: Vec<[f64; L]>,
    pos: Vec<[[f64; L]; ISSUES]>,
}

pub fn run_state(run: usize) -> RunState {
    let x = |i: usize| ((i * 3 + run * 5) % 17) as f64 / 17.0;
    RunState {
        trust: (0..N).map(x).collect(),
        threat: (0..N).map(|i| 1.0 - x(i)).collect(),
        guarantee: vec![0.0; N],
        abandonment: vec![0.0; N],
        entrapment: vec![0.0; N],
        pos: (0..N)
            .map(|i| std::array::from_fn(|k| x(i + 3 * k)))
            .collect(),
    }
}

pub fn lane_state(runs: &[RunState; L]) -> LaneState {
    let col = |f: &dyn Fn(&RunState) -> &Vec<f64>| -> Vec<[f64; L]> {
        (0..N)
            .map(|i| std::array::from_fn(|l| f(&runs[l])[i]))
            .collect()
    };
    LaneState {
        trust: col(&|r| &r.trust),
        threat: col(&|r| &r.threat),
        guarantee: col(&|r| &r.guarantee),
        abandonment: col(&|r| &r.abandonment),
        entrapment: col(&|r| &r.entrapment),
        pos: (0..N)
            .map(|i| std::array::from_fn(|k| std::array::from_fn(|l| runs[l].pos[i][k])))
            .collect(),
    }
}

/// Where the draws come from: each run's generator, or zeros.
pub trait Draws {
    fn normal(&mut self, lane: usize) -> f64;
}

pub struct Streams([Rng; L]);

impl Draws for Streams {
    #[inline(always)]
    fn normal(&mut self, lane: usize) -> f64 {
        StandardNormal.sample(&mut self.0[lane])
    }
}

pub struct Zeros;

impl Draws for Zeros {
    #[inline(always)]
    fn normal(&mut self, _: usize) -> f64 {
        0.0
    }
}

pub fn streams() -> Streams {
    Streams(std::array::from_fn(|l| {
        stream(1, l as u64, Purpose::Members, 0)
    }))
}

/// The engine's trust loop for run `lane`.
#[inline(always)]
pub fn trust_scalar(m: &Members, mo: &Month, s: &mut RunState, d: &mut impl Draws, lane: usize) {
    for i in 0..N {
        let target = if mo.us_in {
            mo.common - mo.greenland_now * m.greenland[i] - mo.deal_now * m.deal[i]
                + mo.anchor * (1.0 - 2.0 * m.orientation[i])
        } else {
            0.0
        };
        let z = d.normal(lane);
        s.trust[i] = (s.trust[i] + mo.rate * (target.clamp(0.0, 1.0) - s.trust[i]) + mo.noise * z)
            .clamp(0.0, 1.0);
        let us_part = if mo.us_in { s.trust[i] } else { 0.0 };
        s.guarantee[i] = 1.0 - (1.0 - us_part) * (1.0 - mo.eu_guarantee);
        s.abandonment[i] = s.threat[i] * (1.0 - s.guarantee[i]);
        s.entrapment[i] = if mo.us_in {
            mo.entrapment_weight
                * m.risk_aversion[i]
                * mo.leadership
                * (m.china[i] - mo.us_china).abs()
                * mo.pivot
        } else {
            0.0
        } + mo.entanglement * m.risk_aversion[i];
    }
}

/// The engine's bargaining for run `lane`; returns alignment.
#[inline(always)]
pub fn positions_scalar(
    m: &Members,
    mo: &Month,
    s: &mut RunState,
    d: &mut impl Draws,
    lane: usize,
) -> f64 {
    let mut centre = [0.0; ISSUES];
    let mut total = 0.0;
    for i in 0..N {
        total += m.gdp[i];
        for k in 0..ISSUES {
            centre[k] += m.gdp[i] * s.pos[i][k];
        }
    }
    for c in &mut centre {
        *c /= total;
    }
    let mut var = [0.0; ISSUES];
    for i in 0..N {
        let z: [f64; ISSUES] = std::array::from_fn(|_| d.normal(lane));
        for k in 0..ISSUES {
            let x = s.pos[i][k];
            let x = x
                + mo.pull * (centre[k] - x)
                + mo.home_pull * (m.ideal[i][k] - x)
                + mo.position_noise * z[k];
            s.pos[i][k] = x.clamp(0.0, 1.0);
            let dev = s.pos[i][k] - centre[k];
            var[k] += m.gdp[i] * dev * dev;
        }
    }
    let spread: f64 = var.iter().map(|v| (v / total).sqrt()).sum::<f64>() / ISSUES as f64;
    (1.0 - 2.0 * spread).clamp(0.0, 1.0)
}

/// Lane by lane `f(k)`, the form the vectoriser packs.
#[inline(always)]
pub fn lanes(f: impl FnMut(usize) -> f64) -> [f64; L] {
    std::array::from_fn(f)
}

/// The trust loop for four runs at once, member × lane: every term that
/// depends on the run is a lane, and a branch on the run is a select.
#[inline(always)]
pub fn trust_lanes(m: &Members, mo: &MonthLanes, s: &mut LaneState, d: &mut impl Draws) {
    // The month's draws first, stream by stream, in the order the scalar
    // loop takes them (drawn lane by lane inside the member loop instead,
    // the time is the same within the noise).
    let mut zs = [[0.0; L]; N];
    for l in 0..L {
        for z in &mut zs {
            z[l] = d.normal(l);
        }
    }
    for (i, z) in zs.iter().enumerate() {
        let (greenland, deal, orientation) = (m.greenland[i], m.deal[i], m.orientation[i]);
        let (risk_aversion, china) = (m.risk_aversion[i], m.china[i]);
        let target = lanes(|l| {
            if mo.us_in[l] {
                mo.common[l] - mo.greenland_now[l] * greenland - mo.deal_now[l] * deal
                    + mo.anchor[l] * (1.0 - 2.0 * orientation)
            } else {
                0.0
            }
        });
        let trust = s.trust[i];
        let trust = lanes(|l| {
            (trust[l] + mo.rate[l] * (target[l].clamp(0.0, 1.0) - trust[l]) + mo.noise[l] * z[l])
                .clamp(0.0, 1.0)
        });
        s.trust[i] = trust;
        let guarantee = lanes(|l| {
            let us_part = if mo.us_in[l] { trust[l] } else { 0.0 };
            1.0 - (1.0 - us_part) * (1.0 - mo.eu_guarantee[l])
        });
        s.guarantee[i] = guarantee;
        let threat = s.threat[i];
        s.abandonment[i] = lanes(|l| threat[l] * (1.0 - guarantee[l]));
        s.entrapment[i] = lanes(|l| {
            let e = if mo.us_in[l] {
                mo.entrapment_weight[l]
                    * risk_aversion
                    * mo.leadership[l]
                    * (china - mo.us_china[l]).abs()
                    * mo.pivot[l]
            } else {
                0.0
            };
            e + mo.entanglement[l] * risk_aversion
        });
    }
}

/// The bargaining for four runs at once; returns each run's alignment.
#[inline(always)]
pub fn positions_lanes(
    m: &Members,
    mo: &MonthLanes,
    s: &mut LaneState,
    d: &mut impl Draws,
) -> [f64; L] {
    let mut centre = [[0.0; L]; ISSUES];
    let mut total = 0.0;
    for i in 0..N {
        total += m.gdp[i];
        for k in 0..ISSUES {
            let p = s.pos[i][k];
            centre[k] = lanes(|l| centre[k][l] + m.gdp[i] * p[l]);
        }
    }
    for c in &mut centre {
        *c = lanes(|l| c[l] / total);
    }
    // The month's draws first, stream by stream, in the order the scalar
    // loop takes them (member by member, three each).
    let mut zs = [[[0.0; L]; ISSUES]; N];
    for l in 0..L {
        for z in &mut zs {
            for zk in z {
                zk[l] = d.normal(l);
            }
        }
    }
    let mut var = [[0.0; L]; ISSUES];
    for (i, z) in zs.iter().enumerate() {
        let (gdp, ideal) = (m.gdp[i], m.ideal[i]);
        for k in 0..ISSUES {
            let (p, c, zk) = (s.pos[i][k], centre[k], z[k]);
            let x = lanes(|l| {
                (p[l]
                    + mo.pull[l] * (c[l] - p[l])
                    + mo.home_pull[l] * (ideal[k] - p[l])
                    + mo.position_noise[l] * zk[l])
                    .clamp(0.0, 1.0)
            });
            s.pos[i][k] = x;
            var[k] = lanes(|l| {
                let dev = x[l] - c[l];
                var[k][l] + gdp * dev * dev
            });
        }
    }
    lanes(|l| {
        let spread: f64 = var.iter().map(|v| (v[l] / total).sqrt()).sum::<f64>() / ISSUES as f64;
        (1.0 - 2.0 * spread).clamp(0.0, 1.0)
    })
}

/// One month of four runs, run after run.
pub fn month_scalar(
    m: &Members,
    mo: &[Month; L],
    s: &mut [RunState; L],
    d: &mut impl Draws,
) -> f64 {
    let mut sum = 0.0;
    for (lane, run) in s.iter_mut().enumerate() {
        trust_scalar(m, &mo[lane], run, d, lane);
        sum += positions_scalar(m, &mo[lane], run, d, lane);
    }
    sum
}

/// One month of four runs in lanes: the body both code paths compile
/// (inlined into the AVX2 copy, or it would stay baseline code).
#[inline(always)]
pub fn month_lanes_portable(
    m: &Members,
    mo: &[Month; L],
    s: &mut LaneState,
    d: &mut impl Draws,
) -> f64 {
    let mo = MonthLanes::new(mo);
    trust_lanes(m, &mo, s, d);
    positions_lanes(m, &mo, s, d).iter().sum()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
pub fn month_lanes_avx2(
    m: &Members,
    mo: &[Month; L],
    s: &mut LaneState,
    d: &mut impl Draws,
) -> f64 {
    month_lanes_portable(m, mo, s, d)
}

/// One month of four runs in lanes, in the widest code this CPU runs.
pub fn month_lanes(m: &Members, mo: &[Month; L], s: &mut LaneState, d: &mut impl Draws) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the function needs only AVX2, detected just above.
        #[allow(unsafe_code)]
        return unsafe { month_lanes_avx2(m, mo, s, d) };
    }
    month_lanes_portable(m, mo, s, d)
}

/// Both layouts, twelve months from the same state and streams, give the
/// same bits (so neither does less work than the other).
pub fn assert_same_bits(m: &Members) {
    let runs: [RunState; L] = std::array::from_fn(run_state);
    let mut scalar = runs.clone();
    let mut batched = lane_state(&runs);
    let (mut d1, mut d2) = (streams(), streams());
    for _ in 0..12 {
        // The scalar runs draw trust's and bargaining's normals from one
        // stream per run in that order; so do the lanes.
        month_scalar(m, &months(), &mut scalar, &mut d1);
        month_lanes(m, &months(), &mut batched, &mut d2);
    }
    let expect = lane_state(&scalar);
    let bits = |v: &Vec<[f64; L]>| v.iter().flatten().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&batched.trust), bits(&expect.trust));
    assert_eq!(bits(&batched.guarantee), bits(&expect.guarantee));
    assert_eq!(bits(&batched.abandonment), bits(&expect.abandonment));
    assert_eq!(bits(&batched.entrapment), bits(&expect.entrapment));
    let pos = |s: &LaneState| {
        s.pos
            .iter()
            .flatten()
            .flatten()
            .map(|x| x.to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(pos(&batched), pos(&expect));
}
