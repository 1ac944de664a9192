//! Fog-free fights in lockstep (docs/PERFORMANCE.md "Session 5").
//!
//! Russia's planning fights the same campaign five times a month against the
//! points of its design ([`super::perceived`]), with and without the US: ten
//! fights of the same structure that differ only in forces and conditions,
//! and take almost the same number of steps (8.1 on average, 8.3 for the
//! longest of a group of five in the status quo). [`fight_lanes`] advances
//! them together, one lane each, over `[f64; N]` arrays with no branch in
//! the lane loop, so the compiler can keep several lanes in one vector
//! register; a lane that has finished is masked (its state no longer
//! changes) until the last lane is done.
//!
//! Every lane performs the arithmetic of [`super::fight`] on its own values
//! in the same order (branches become selects of values computed the same
//! way), so each lane's outcome is bit-identical to the scalar fight's; the
//! tests check that over many random fights. Only fights without fog qualify:
//! the daily fog factor is drawn per run and day, which the planning fights
//! (expected conditions) do not have.

use super::{Conditions, DT_MAX, DT_MIN, Forces, Outcome, STEP_KM};
use crate::scenario::Baltic;

/// `if mask { yes } else { no }` — written as a value select so the lane
/// loops stay free of branches.
#[inline(always)]
fn pick(mask: bool, yes: f64, no: f64) -> f64 {
    if mask { yes } else { no }
}

/// One value per lane, named for the lane loops. A plain loop, not
/// `std::array::from_fn`: LLVM would not inline that into the AVX2 copy of
/// the lanes (5 % of a run went to the calls).
#[inline(always)]
fn each<const N: usize>(mut f: impl FnMut(usize) -> f64) -> [f64; N] {
    let mut lanes = [0.0; N];
    for (k, lane) in lanes.iter_mut().enumerate() {
        *lane = f(k);
    }
    lanes
}

/// Share of a wave from `start` to `end` in theatre by day `t`: the value
/// of `Tier::arrived` (`inv_span` is its `inverse_span`), with the ramp
/// computed whether or not it is used.
#[inline(always)]
fn arrived(t: f64, start: f64, end: f64, inv_span: f64) -> f64 {
    let ramp = (t - start) * inv_span;
    pick(t <= start, 0.0, pick(t >= end, 1.0, ramp))
}

/// Fights `N` fog-free coups de main in lockstep: lane `l` is
/// `fight(p, forces[l], conditions[l])`, bit for bit.
///
/// On x86-64 CPUs with AVX2 the lanes run in code compiled for AVX2 (four
/// doubles per vector instead of two: a third fewer instructions, docs/
/// PERFORMANCE.md "Session 7"), chosen at run time. The bits are the same:
/// AVX2 adds wider registers, not other arithmetic (Rust never fuses a
/// multiply and an add, and FMA is not enabled), and the tests compare
/// both code paths with the scalar fight.
///
/// # Panics
/// In debug builds, if a lane's conditions have fog (`fog_spread != 0`);
/// [`super::russia_success`] sends such points to the scalar fight.
pub(crate) fn fight_lanes<const N: usize>(
    p: &Baltic,
    forces: [&Forces; N],
    conditions: [&Conditions; N],
) -> [Outcome; N] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `fight_lanes_avx2` requires nothing but a CPU with AVX2,
        // which was detected just above.
        #[allow(unsafe_code)]
        return unsafe { fight_lanes_avx2(p, forces, conditions) };
    }
    fight_lanes_portable(p, forces, conditions)
}

/// [`fight_lanes_portable`] compiled for AVX2 (its body is inlined here).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn fight_lanes_avx2<const N: usize>(
    p: &Baltic,
    forces: [&Forces; N],
    conditions: [&Conditions; N],
) -> [Outcome; N] {
    fight_lanes_portable(p, forces, conditions)
}

/// [`fight_lanes`] for any CPU: the body both code paths compile.
#[inline(always)]
pub(crate) fn fight_lanes_portable<const N: usize>(
    p: &Baltic,
    forces: [&Forces; N],
    conditions: [&Conditions; N],
) -> [Outcome; N] {
    debug_assert!(conditions.iter().all(|c| c.fog_spread == 0.0));
    let horizon = p.horizon_days;
    let rb = p.breakthrough_ratio;
    let inv_rb = 1.0 / rb;
    let lcp = p.light_combat_power;
    let follow_days = p.russia_follow_on_days;
    let inv_follow_days = 1.0 / follow_days;
    let inv_air_ramp = 1.0 / p.air_ramp_days.max(1e-9);
    // `Tier::inverse_span` of the forces joining from day 0 (`x - 0.0` is `x`).
    let inv_late = 1.0 / p.tier1_days;

    // Per-lane constants, each computed as the scalar fight computes it.
    let lane = |k: usize| (forces[k], conditions[k]);
    let mass: [f64; N] = std::array::from_fn(|k| {
        let (f, c) = lane(k);
        f.attacker_pool.max(0.0) * c.concentration
    });
    let mut a: [f64; N] = std::array::from_fn(|k| mass[k] * lane(k).1.russia_readiness);
    let later: [f64; N] = std::array::from_fn(|k| {
        mass[k] * (1.0 - lane(k).1.russia_readiness) + mass[k] * p.russia_follow_on
    });
    let culminated: [f64; N] = std::array::from_fn(|k| p.culmination * (a[k] + later[k]));
    let kill_d: [f64; N] = std::array::from_fn(|k| {
        let c = lane(k).1;
        p.defender_lethality * c.lethality * c.exchange
    });
    let kill_a: [f64; N] = std::array::from_fn(|k| {
        let c = lane(k).1;
        p.attacker_lethality * c.lethality / c.exchange
    });
    // Without fog the advance is `max_advance * 1.0 * push / obstruction`,
    // and `max_advance * 1.0` is `max_advance` exactly.
    let max_advance: [f64; N] = std::array::from_fn(|k| lane(k).1.max_advance);
    let air: [f64; N] = std::array::from_fn(|k| lane(k).0.air * lane(k).1.weather);
    let air_start: [f64; N] = std::array::from_fn(|k| lane(k).0.air_start);
    // The forces in place but not in position ("late", from day 0 to
    // tier1_days) and the three tiers: start, end, heavy, light.
    let late_h: [f64; N] =
        std::array::from_fn(|k| lane(k).0.day0.heavy * (1.0 - lane(k).1.allied_readiness));
    let late_l: [f64; N] =
        std::array::from_fn(|k| lane(k).0.day0.light * (1.0 - lane(k).1.allied_readiness));
    let tier = |j: usize| -> [[f64; N]; 5] {
        [
            std::array::from_fn(|k| lane(k).0.tiers[j].start),
            std::array::from_fn(|k| lane(k).0.tiers[j].end),
            std::array::from_fn(|k| lane(k).0.tiers[j].force.heavy),
            std::array::from_fn(|k| lane(k).0.tiers[j].force.light),
            std::array::from_fn(|k| lane(k).0.tiers[j].inverse_span()),
        ]
    };
    let tiers = [tier(0), tier(1), tier(2)];
    let mut heavy: [f64; N] =
        std::array::from_fn(|k| (lane(k).0.day0.heavy * lane(k).1.allied_readiness).max(0.0));
    let mut light: [f64; N] =
        std::array::from_fn(|k| (lane(k).0.day0.light * lane(k).1.allied_readiness).max(0.0));

    // Per-lane state.
    let mut x = [0.0; N];
    let mut t = [0.0; N];
    let mut in_h = [0.0; N];
    let mut in_l = [0.0; N];
    let mut follow_prev = [0.0; N];
    // A lane that falls keeps the step's start and speed; the day is
    // computed once, after the loop, as the scalar fight computes it.
    let mut fall_speed = [f64::NAN; N];
    let mut fell = [false; N];
    let mut active: [bool; N] = std::array::from_fn(|_| 0.0 < horizon);

    while active.iter().any(|&on| on) {
        // One step of every lane, one operation at a time over all lanes
        // (the form the vectoriser packs into vector registers); the order
        // of each lane's arithmetic is `fight`'s.
        let power = each::<N>(|k| heavy[k] + lcp * light[k]);
        let ratio = each::<N>(|k| a[k] / power[k].max(1e-9));
        let push = each::<N>(|k| ((ratio[k] - rb) * inv_rb).clamp(0.0, 1.0));
        let obstruction =
            each::<N>(|k| 1.0 + p.obstruction * (heavy[k] + p.light_obstruction * light[k]));
        let speed = each::<N>(|k| {
            pick(
                push[k] > 0.0,
                max_advance[k] * push[k] / obstruction[k],
                0.0,
            )
        });
        let dt = each::<N>(|k| {
            pick(
                speed[k] > 0.0,
                (STEP_KM / speed[k]).clamp(DT_MIN, DT_MAX),
                DT_MAX,
            )
            .min(horizon - t[k])
        });
        let x_new = each::<N>(|k| x[k] + speed[k] * dt[k]);
        // Lanchester square law, plus air power and long-range fires.
        let ramp = each::<N>(|k| ((t[k] - air_start[k]) * inv_air_ramp).clamp(0.0, 1.0));
        let a_loss = each::<N>(|k| (kill_d[k] * power[k] + air[k] * ramp[k]) * dt[k]);
        let in_place = each::<N>(|k| heavy[k] + light[k]);
        let d_loss = each::<N>(|k| (kill_a[k] * a[k] * dt[k]).min(in_place[k]));
        let share = each::<N>(|k| heavy[k] / in_place[k]);
        let h_fought =
            each::<N>(|k| pick(in_place[k] > 0.0, heavy[k] - d_loss[k] * share[k], heavy[k]));
        let l_fought = each::<N>(|k| {
            pick(
                in_place[k] > 0.0,
                light[k] - d_loss[k] * (1.0 - share[k]),
                light[k],
            )
        });
        let t_new = each::<N>(|k| t[k] + dt[k]);
        // Arrivals in the step.
        let follow_now = each::<N>(|k| later[k] * (t_new[k] * inv_follow_days).min(1.0));
        let a_new = each::<N>(|k| (a[k] - a_loss[k]).max(0.0) + (follow_now[k] - follow_prev[k]));
        let s_late = each::<N>(|k| arrived(t_new[k], 0.0, p.tier1_days, inv_late));
        // Written out per tier: a closure over the tiers is not inlined.
        let s0 = each::<N>(|k| arrived(t_new[k], tiers[0][0][k], tiers[0][1][k], tiers[0][4][k]));
        let s1 = each::<N>(|k| arrived(t_new[k], tiers[1][0][k], tiers[1][1][k], tiers[1][4][k]));
        let s2 = each::<N>(|k| arrived(t_new[k], tiers[2][0][k], tiers[2][1][k], tiers[2][4][k]));
        let s = [s0, s1, s2];
        let in_h_now = each::<N>(|k| {
            late_h[k] * s_late[k]
                + tiers[0][2][k] * s[0][k]
                + tiers[1][2][k] * s[1][k]
                + tiers[2][2][k] * s[2][k]
        });
        let in_l_now = each::<N>(|k| {
            late_l[k] * s_late[k]
                + tiers[0][3][k] * s[0][k]
                + tiers[1][3][k] * s[1][k]
                + tiers[2][3][k] * s[2][k]
        });
        let h_new = each::<N>(|k| (h_fought[k] + in_h_now[k] - in_h[k]).max(0.0));
        let l_new = each::<N>(|k| (l_fought[k] + in_l_now[k] - in_l[k]).max(0.0));
        let power_new = each::<N>(|k| h_new[k] + lcp * l_new[k]);

        // The masks: a lane whose front reaches the capitals in this step
        // ends there; one that is decided or at the horizon ends after it.
        for k in 0..N {
            let reached = x_new[k] >= p.distance_km;
            let falls = active[k] && reached;
            fall_speed[k] = pick(falls, speed[k], fall_speed[k]);
            fell[k] |= falls;
            let go = active[k] && !reached;
            // Decided (see `fight`): culminated, or held below the
            // breakthrough ratio by a defender that wins the square law.
            let decided = t_new[k] >= follow_days
                && (a_new[k] < culminated[k]
                    || (a_new[k] < rb * power_new[k]
                        && kill_d[k] * power_new[k] * power_new[k]
                            >= kill_a[k] * a_new[k] * a_new[k]));
            x[k] = pick(go, x_new[k], x[k]);
            t[k] = pick(go, t_new[k], t[k]);
            a[k] = pick(go, a_new[k], a[k]);
            heavy[k] = pick(go, h_new[k], heavy[k]);
            light[k] = pick(go, l_new[k], light[k]);
            in_h[k] = pick(go, in_h_now[k], in_h[k]);
            in_l[k] = pick(go, in_l_now[k], in_l[k]);
            follow_prev[k] = pick(go, follow_now[k], follow_prev[k]);
            active[k] = go && !decided && t_new[k] < horizon;
        }
    }
    std::array::from_fn(|k| Outcome {
        days_to_capitals: fell[k].then(|| t[k] + (p.distance_km - x[k]) / fall_speed[k]),
        penetration_km: if fell[k] { p.distance_km } else { x[k] },
    })
}
