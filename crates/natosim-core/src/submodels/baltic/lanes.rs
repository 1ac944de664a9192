//! Fog-free fights in lockstep (docs/PERFORMANCE.md "Session 5" and
//! "Session 8").
//!
//! Russia's planning fights the same campaign five times a month against the
//! points of its design ([`super::perceived`]), with and without the US: ten
//! fights of the same structure that differ only in forces and conditions,
//! and take almost the same number of steps (8.1 on average, 8.3 for the
//! longest of a group of five in the status quo). [`fight_lanes`] advances
//! them four at a time, one lane each, in a small vector type ([`F64x4`])
//! whose operations are written out for the four lanes with no branch, so
//! the compiler keeps the four lanes in one AVX register (two SSE2
//! registers on the baseline target); a lane that has finished is masked
//! (its state no longer changes) until the last lane of its four is done.
//!
//! Every lane performs the arithmetic of [`super::fight`] on its own values
//! in the same order (branches become selects of values computed the same
//! way), so each lane's outcome is bit-identical to the scalar fight's; the
//! tests check that over many random fights. The planning fights have no
//! fog (Russia plans on expected conditions); a lane with fog reads its
//! day's factor from its run's table ([`FogDays`]), which lets the month's
//! own fight under the run's conditions ride in a lane the planning fights
//! leave free (session 9: 11 fights fill three chunks of four, where 10
//! left two lanes idle and the own fight ran on its own).
//!
//! Why a type of its own: written as one operation at a time over `[f64;
//! N]` arrays of all ten lanes (sessions 5–7), LLVM's vectoriser left most
//! of the fight scalar (200 `vmulsd` and 46 `vdivsd` against 74 packed
//! multiplies in the AVX2 copy); the `wide` crate's vectors are two SSE2
//! halves unless the whole crate is compiled for AVX. Four lanes with
//! all-ones masks are the form it packs whole.

use super::{Conditions, DT_MAX, DT_MIN, FogDays, Forces, Outcome, STEP_KM};
use crate::scenario::Baltic;

/// Fights `N` coups de main in lockstep: lane `l` is
/// `fight(p, forces[l], conditions[l])`, bit for bit, reading its daily fog
/// factors from `fogs[l]` (which must be `conditions[l]`'s table), or
/// without fog where `fogs[l]` is `None`.
///
/// On x86-64 CPUs with AVX2 the lanes run in code compiled for AVX2 (four
/// doubles per vector instead of two: a third fewer instructions, docs/
/// PERFORMANCE.md "Session 7"), chosen at run time. The bits are the same:
/// AVX2 adds wider registers, not other arithmetic (Rust never fuses a
/// multiply and an add, and FMA is not enabled), and the tests compare
/// both code paths with the scalar fight.
///
/// # Panics
/// In debug builds, if a lane without a table has fog (`fog_spread != 0`)
/// or a lane's table is not its conditions'.
pub(crate) fn fight_lanes<const N: usize>(
    p: &Baltic,
    forces: [&Forces; N],
    conditions: [&Conditions; N],
    fogs: [Option<&FogDays>; N],
) -> [Outcome; N] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: `fight_lanes_avx2` requires nothing but a CPU with AVX2,
        // which was detected just above.
        #[allow(unsafe_code)]
        return unsafe { fight_lanes_avx2(p, forces, conditions, fogs) };
    }
    fight_lanes_portable(p, forces, conditions, fogs)
}

/// [`fight_lanes_portable`] compiled for AVX2 (its body is inlined here).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn fight_lanes_avx2<const N: usize>(
    p: &Baltic,
    forces: [&Forces; N],
    conditions: [&Conditions; N],
    fogs: [Option<&FogDays>; N],
) -> [Outcome; N] {
    fight_lanes_portable(p, forces, conditions, fogs)
}

/// [`fight_lanes`] for any CPU: the body both code paths compile. The
/// lanes are fought in chunks of [`CHUNK`] (one `F64x4`), the last chunk
/// padded with copies of its last lane, whose outcomes are dropped (a copy
/// takes exactly the steps of its original, so padding adds no step).
#[inline(always)]
pub(crate) fn fight_lanes_portable<const N: usize>(
    p: &Baltic,
    forces: [&Forces; N],
    conditions: [&Conditions; N],
    fogs: [Option<&FogDays>; N],
) -> [Outcome; N] {
    debug_assert!(conditions.iter().zip(&fogs).all(|(c, fog)| match fog {
        Some(fog) => fog.is_of(c),
        None => c.fog_spread == 0.0,
    }));
    let mut out = [Outcome {
        days_to_capitals: None,
        penetration_km: 0.0,
    }; N];
    let mut start = 0;
    while start < N {
        let lane = |j: usize| (start + j).min(N - 1);
        let chunk = fight_chunk(
            p,
            [0, 1, 2, 3].map(|j| forces[lane(j)]),
            [0, 1, 2, 3].map(|j| conditions[lane(j)]),
            [0, 1, 2, 3].map(|j| fogs[lane(j)]),
        );
        for (j, o) in chunk.into_iter().enumerate().take(N - start) {
            out[start + j] = o;
        }
        start += CHUNK;
    }
    out
}

/// Lanes fought together: one `F64x4`, which is one AVX register or two
/// SSE2 registers.
const CHUNK: usize = 4;

/// `f64::clamp` lane by lane, with its semantics (a NaN stays NaN).
#[inline(always)]
fn clamp(x: F64x4, lo: F64x4, hi: F64x4) -> F64x4 {
    let x = x.cmp_lt(lo).blend(lo, x);
    x.cmp_gt(hi).blend(hi, x)
}

/// Share of a wave from `start` to `end` in theatre by day `t`: the value
/// of `Tier::arrived` (`inv_span` is its `inverse_span`), with the ramp
/// computed whether or not it is used.
#[inline(always)]
fn arrived(t: F64x4, start: F64x4, end: F64x4, inv_span: F64x4) -> F64x4 {
    let ramp = (t - start) * inv_span;
    t.cmp_le(start).blend(
        F64x4::splat(0.0),
        t.cmp_ge(end).blend(F64x4::splat(1.0), ramp),
    )
}

/// Four fights in lockstep: lane `l` is `fight(p, forces[l],
/// conditions[l])`, bit for bit, its fog from `fogs[l]` (none if `None`).
/// Each operation below is the scalar fight's on all four lanes at once, in
/// the scalar fight's order (`a * b * c` is `(a * b) * c` in both); its
/// branches are selects (`blend`) of values computed whether or not they are
/// used.
#[inline(always)]
fn fight_chunk(
    p: &Baltic,
    forces: [&Forces; CHUNK],
    conditions: [&Conditions; CHUNK],
    fogs: [Option<&FogDays>; CHUNK],
) -> [Outcome; CHUNK] {
    let v = F64x4::splat;
    // Per-lane constants, each computed as the scalar fight computes it:
    // `lanes!` evaluates the scalar fight's expression on each lane's
    // forces and conditions (a macro, so each expression is inlined).
    macro_rules! lanes {
        (|$f:pat_param, $c:pat_param| $e:expr) => {{
            let lane = |k: usize| {
                let ($f, $c) = (forces[k], conditions[k]);
                $e
            };
            F64x4([lane(0), lane(1), lane(2), lane(3)])
        }};
    }
    let mass = |f: &Forces, c: &Conditions| f.attacker_pool.max(0.0) * c.concentration;
    let mut a = lanes!(|f, c| mass(f, c) * c.russia_readiness);
    let later_of = |f: &Forces, c: &Conditions| {
        mass(f, c) * (1.0 - c.russia_readiness) + mass(f, c) * p.russia_follow_on
    };
    let later = lanes!(|f, c| later_of(f, c));
    let culminated =
        lanes!(|f, c| p.culmination * (mass(f, c) * c.russia_readiness + later_of(f, c)));
    let kill_d = lanes!(|_, c| p.defender_lethality * c.lethality * c.exchange);
    let kill_a = lanes!(|_, c| p.attacker_lethality * c.lethality / c.exchange);
    // A lane without fog advances at `max_advance * 1.0 * push / obstruction`
    // (`max_advance * 1.0` is `max_advance` exactly); the days' factors are
    // looked up only in a chunk with a lane that has fog.
    let max_advance = lanes!(|_, c| c.max_advance);
    let foggy = fogs.iter().any(Option::is_some);
    let air = lanes!(|f, c| f.air * c.weather);
    let air_start = lanes!(|f, _| f.air_start);
    // The forces in place but not in position ("late", from day 0 to
    // tier1_days) and the three tiers.
    let late_h = lanes!(|f, c| f.day0.heavy * (1.0 - c.allied_readiness));
    let late_l = lanes!(|f, c| f.day0.light * (1.0 - c.allied_readiness));
    struct TierLanes {
        start: F64x4,
        end: F64x4,
        heavy: F64x4,
        light: F64x4,
        inv_span: F64x4,
    }
    let tier = |j: usize| TierLanes {
        start: lanes!(|f, _| f.tiers[j].start),
        end: lanes!(|f, _| f.tiers[j].end),
        heavy: lanes!(|f, _| f.tiers[j].force.heavy),
        light: lanes!(|f, _| f.tiers[j].force.light),
        inv_span: lanes!(|f, _| f.tiers[j].inverse_span()),
    };
    let [t0, t1, t2] = [tier(0), tier(1), tier(2)];
    let mut heavy = lanes!(|f, c| (f.day0.heavy * c.allied_readiness).max(0.0));
    let mut light = lanes!(|f, c| (f.day0.light * c.allied_readiness).max(0.0));

    // The fight's constants.
    let horizon = v(p.horizon_days);
    let rb = v(p.breakthrough_ratio);
    let inv_rb = v(1.0 / p.breakthrough_ratio);
    let lcp = v(p.light_combat_power);
    let obstruction_per_bde = v(p.obstruction);
    let light_obstruction = v(p.light_obstruction);
    let follow_days = v(p.russia_follow_on_days);
    let inv_follow_days = v(1.0 / p.russia_follow_on_days);
    let inv_air_ramp = v(1.0 / p.air_ramp_days.max(1e-9));
    let distance = v(p.distance_km);
    // `Tier::inverse_span` of the forces joining from day 0 (`x - 0.0` is `x`).
    let (late_end, inv_late) = (v(p.tier1_days), v(1.0 / p.tier1_days));
    let (zero, one) = (F64x4::splat(0.0), F64x4::splat(1.0));

    // Per-lane state.
    let (mut x, mut t) = (zero, zero);
    let (mut in_h, mut in_l, mut follow_prev) = (zero, zero, zero);
    // A lane that falls keeps the step's start and speed; the day is
    // computed once, after the loop, as the scalar fight computes it.
    let mut fall_speed = v(f64::NAN);
    let mut fell = Mask::NONE;
    let mut active = zero.cmp_lt(horizon);

    while active.any() {
        let power = heavy + lcp * light;
        let ratio = a / power.max(v(1e-9));
        let push = clamp((ratio - rb) * inv_rb, zero, one);
        let obstruction = one + obstruction_per_bde * (heavy + light_obstruction * light);
        // The day's fog factor of each lane (the scalar fight takes it only
        // where the front moves; the value is the same, and unused elsewhere).
        let fog = if foggy {
            F64x4(std::array::from_fn(|k| {
                fogs[k].map_or(1.0, |fog| fog.factor(conditions[k], t.0[k] as u64))
            }))
        } else {
            one
        };
        let speed = push
            .cmp_gt(zero)
            .blend(max_advance * fog * push / obstruction, zero);
        let dt = speed
            .cmp_gt(zero)
            .blend(clamp(v(STEP_KM) / speed, v(DT_MIN), v(DT_MAX)), v(DT_MAX))
            .min(horizon - t);
        let x_new = x + speed * dt;
        // Lanchester square law, plus air power and long-range fires.
        let ramp = clamp((t - air_start) * inv_air_ramp, zero, one);
        let a_loss = (kill_d * power + air * ramp) * dt;
        let in_place = heavy + light;
        let d_loss = (kill_a * a * dt).min(in_place);
        let share = heavy / in_place;
        let fought = in_place.cmp_gt(zero);
        let h_fought = fought.blend(heavy - d_loss * share, heavy);
        let l_fought = fought.blend(light - d_loss * (one - share), light);
        let t_new = t + dt;
        // Arrivals in the step.
        let follow_now = later * (t_new * inv_follow_days).min(one);
        let a_new = (a - a_loss).max(zero) + (follow_now - follow_prev);
        let s_late = arrived(t_new, zero, late_end, inv_late);
        let s0 = arrived(t_new, t0.start, t0.end, t0.inv_span);
        let s1 = arrived(t_new, t1.start, t1.end, t1.inv_span);
        let s2 = arrived(t_new, t2.start, t2.end, t2.inv_span);
        let in_h_now = late_h * s_late + t0.heavy * s0 + t1.heavy * s1 + t2.heavy * s2;
        let in_l_now = late_l * s_late + t0.light * s0 + t1.light * s1 + t2.light * s2;
        let h_new = (h_fought + in_h_now - in_h).max(zero);
        let l_new = (l_fought + in_l_now - in_l).max(zero);
        let power_new = h_new + lcp * l_new;

        // The masks: a lane whose front reaches the capitals in this step
        // ends there; one that is decided or at the horizon ends after it.
        let reached = x_new.cmp_ge(distance);
        let falls = active & reached;
        fall_speed = falls.blend(speed, fall_speed);
        fell = fell | falls;
        let go = active & !reached;
        // Decided (see `fight`): culminated, or held below the
        // breakthrough ratio by a defender that wins the square law.
        let decided = t_new.cmp_ge(follow_days)
            & (a_new.cmp_lt(culminated)
                | (a_new.cmp_lt(rb * power_new)
                    & (kill_d * power_new * power_new).cmp_ge(kill_a * a_new * a_new)));
        x = go.blend(x_new, x);
        t = go.blend(t_new, t);
        a = go.blend(a_new, a);
        heavy = go.blend(h_new, heavy);
        light = go.blend(l_new, light);
        in_h = go.blend(in_h_now, in_h);
        in_l = go.blend(in_l_now, in_l);
        follow_prev = go.blend(follow_now, follow_prev);
        active = go & !decided & t_new.cmp_lt(horizon);
    }
    let (x, t, fall_speed) = (x.0, t.0, fall_speed.0);
    std::array::from_fn(|k| {
        let fell = fell.holds(k);
        Outcome {
            days_to_capitals: fell.then(|| t[k] + (p.distance_km - x[k]) / fall_speed[k]),
            penetration_km: if fell { p.distance_km } else { x[k] },
        }
    })
}

/// Four doubles, one per lane, with the operations of the lockstep fight.
/// Each operation is written out for the four lanes, the form LLVM's SLP
/// vectoriser packs into one AVX register (or two SSE2 registers); masks are
/// all-ones or all-zeros bit patterns (the form a vector comparison gives), and
/// a select per lane on them compiles to one blend instruction.
#[derive(Clone, Copy)]
struct F64x4([f64; 4]);

/// The result of a lane-wise comparison: all ones where it holds.
#[derive(Clone, Copy)]
struct Mask([u64; 4]);

macro_rules! lanewise {
    ($a:expr, $b:expr, |$x:ident, $y:ident| $e:expr) => {{
        let (a, b) = ($a, $b);
        let f = |$x: f64, $y: f64| $e;
        [f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2]), f(a[3], b[3])]
    }};
}

macro_rules! operator {
    ($trait:ident, $method:ident, $op:tt) => {
        impl std::ops::$trait for F64x4 {
            type Output = F64x4;
            #[inline(always)]
            fn $method(self, o: F64x4) -> F64x4 {
                F64x4(lanewise!(self.0, o.0, |x, y| x $op y))
            }
        }
    };
}
operator!(Add, add, +);
operator!(Sub, sub, -);
operator!(Mul, mul, *);
operator!(Div, div, /);

macro_rules! comparison {
    ($method:ident, $op:tt) => {
        #[inline(always)]
        fn $method(self, o: F64x4) -> Mask {
            Mask(lanewise!(self.0, o.0, |x, y| 0u64.wrapping_sub(u64::from(x $op y))))
        }
    };
}

impl F64x4 {
    #[inline(always)]
    fn splat(x: f64) -> F64x4 {
        F64x4([x; 4])
    }
    /// `f64::min` lane by lane.
    #[inline(always)]
    fn min(self, o: F64x4) -> F64x4 {
        F64x4(lanewise!(self.0, o.0, |x, y| x.min(y)))
    }
    /// `f64::max` lane by lane.
    #[inline(always)]
    fn max(self, o: F64x4) -> F64x4 {
        F64x4(lanewise!(self.0, o.0, |x, y| x.max(y)))
    }
    comparison!(cmp_lt, <);
    comparison!(cmp_le, <=);
    comparison!(cmp_gt, >);
    comparison!(cmp_ge, >=);
}

impl Mask {
    /// Holds in no lane.
    const NONE: Mask = Mask([0; 4]);

    /// `yes` where the mask holds, else `no`.
    #[inline(always)]
    fn blend(self, yes: F64x4, no: F64x4) -> F64x4 {
        // A select per lane on a mask that came from a comparison: LLVM
        // folds it back into the comparison and emits one `vblendvpd`
        // (a bitwise blend was three instructions).
        let pick = |k: usize| if self.0[k] != 0 { yes.0[k] } else { no.0[k] };
        F64x4([pick(0), pick(1), pick(2), pick(3)])
    }

    /// Whether it holds in any lane.
    #[inline(always)]
    fn any(self) -> bool {
        (self.0[0] | self.0[1] | self.0[2] | self.0[3]) != 0
    }

    /// Whether it holds in lane `k`.
    #[inline(always)]
    fn holds(self, k: usize) -> bool {
        self.0[k] != 0
    }
}

impl std::ops::BitAnd for Mask {
    type Output = Mask;
    #[inline(always)]
    fn bitand(self, o: Mask) -> Mask {
        Mask([
            self.0[0] & o.0[0],
            self.0[1] & o.0[1],
            self.0[2] & o.0[2],
            self.0[3] & o.0[3],
        ])
    }
}

impl std::ops::BitOr for Mask {
    type Output = Mask;
    #[inline(always)]
    fn bitor(self, o: Mask) -> Mask {
        Mask([
            self.0[0] | o.0[0],
            self.0[1] | o.0[1],
            self.0[2] | o.0[2],
            self.0[3] | o.0[3],
        ])
    }
}

impl std::ops::Not for Mask {
    type Output = Mask;
    #[inline(always)]
    fn not(self) -> Mask {
        Mask(self.0.map(|m| !m))
    }
}
