//! The Baltic submodel: a Russian coup de main against the Baltic states,
//! fought as a stochastic campaign (docs/MODEL.md 7.15).
//!
//! Forces are counted in brigade equivalents (BDE), heavy (armoured,
//! mechanised) and light (infantry, national defence forces) apart: a light
//! brigade brings `light_combat_power` of a heavy one's combat power and
//! `light_obstruction` of its power to slow an advance. The defence starts
//! with the forces in place on day 0 (national forces, allied forward
//! presence, the US forces on the eastern flank), of which the run's allied
//! readiness is in position at once and the rest joins over the first days.
//! Reinforcements arrive in the NATO Force Model's three tiers once the
//! alliance's decision process releases them (`State.response_days`). Air
//! power and long-range fires are a force of their own: they attrit the
//! attacker at a rate that builds up over `air_ramp_days` from the month's
//! enablers and the run's weather. Russia masses `concentration` of its
//! brigades on interior lines, the ready part on day 0, the rest with the
//! follow-on echelon.
//!
//! Both sides attrit by Lanchester's square law; the front moves while the
//! attacker's force ratio exceeds the breakthrough ratio, at a speed that
//! rises with the excess, falls with the defenders in the way and varies
//! with the run's mobility and the daily fog of war. The offensive
//! culminates when the attacker has lost `1 − culmination` of what it
//! committed. The fight is scored to `horizon_days`: the capitals fall on a
//! day (hours, continuously, no floor), or the defence holds for the horizon.
//!
//! The uncertain quantities are drawn once per run ([`Conditions`]);
//! Russia's own estimate of its chance integrates over those it does not
//! control ([`perceived`]).
//!
//! Anchors (docs/VALIDATION.md, "The Baltic campaign against published war
//! games"; tests below): RAND RR-1253 (Shlapak & Johnson 2016): the thin 2016
//! posture let Russian forces reach Tallinn or Riga within 36–60 hours, and
//! about seven brigades, three of them heavy, with air support and in place
//! at the onset, might prevent the rapid overrun.

use crate::math;
mod conditions;
mod lanes;

pub use conditions::{Conditions, PERCEIVED_POINTS, perceived};

use crate::scenario::Baltic;

/// Shortest time step, days (six hours): the step while the front moves fast.
const DT_MIN: f64 = 0.25;
/// Longest time step, days: the step while the front stands.
const DT_MAX: f64 = 2.0;
/// Ground the front may cover in one step, km (sets the step while it moves;
/// the day the capitals fall is interpolated within the step).
const STEP_KM: f64 = 25.0;

/// Heavy and light brigade equivalents.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Brigades {
    /// Armoured and mechanised brigades.
    pub heavy: f64,
    /// Light (infantry, territorial) brigades.
    pub light: f64,
}

impl Brigades {
    /// `total` brigades of which `heavy_share` are heavy.
    pub fn split(total: f64, heavy_share: f64) -> Self {
        let total = total.max(0.0);
        Brigades {
            heavy: total * heavy_share,
            light: total * (1.0 - heavy_share),
        }
    }

    /// The sum of both.
    pub fn plus(self, o: Brigades) -> Self {
        Brigades {
            heavy: self.heavy + o.heavy,
            light: self.light + o.light,
        }
    }

    /// Both scaled by `k`.
    pub fn times(self, k: f64) -> Self {
        Brigades {
            heavy: self.heavy * k,
            light: self.light * k,
        }
    }

    /// Heavy plus light brigades.
    pub fn total(self) -> f64 {
        self.heavy + self.light
    }
}

/// A wave of reinforcements arriving evenly from `start` to `end` (days).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tier {
    /// Day the first units arrive.
    pub start: f64,
    /// Day the last units arrive.
    pub end: f64,
    /// The brigades of the wave.
    pub force: Brigades,
}

impl Tier {
    /// `1 / (end − start)`: the fight multiplies by it each step instead of
    /// dividing (infinite for an instant wave, whose ramp is never used).
    fn inverse_span(&self) -> f64 {
        1.0 / (self.end - self.start)
    }

    /// Share of the wave in theatre by day `t`, given [`Tier::inverse_span`]
    /// (`RECIPROCAL = false` divides by the span instead: see [`fight_with`]).
    fn arrived<const RECIPROCAL: bool>(&self, t: f64, inverse_span: f64) -> f64 {
        if t <= self.start {
            0.0
        } else if t >= self.end {
            1.0
        } else if RECIPROCAL {
            (t - self.start) * inverse_span
        } else {
            (t - self.start) / (self.end - self.start)
        }
    }
}

/// The order of battle of one month's coup de main.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Forces {
    /// Defending brigades in the theatre on day 0 (national, forward, US forward).
    pub day0: Brigades,
    /// Reinforcements in the NATO Force Model's tiers, after the decision delay.
    pub tiers: [Tier; 3],
    /// Attacker brigades destroyed per day by air power and long-range fires
    /// at full build-up and in good weather.
    pub air: f64,
    /// Day the air campaign starts (its build-up follows).
    pub air_start: f64,
    /// Russian ground brigades that could be massed (before the run's concentration).
    pub attacker_pool: f64,
}

impl Forces {
    /// The same forces with `extra` heavy brigades in place on day 0.
    pub fn with_extra_heavy(&self, extra: f64) -> Self {
        Forces {
            day0: Brigades {
                heavy: self.day0.heavy + extra,
                ..self.day0
            },
            ..*self
        }
    }
}

/// How a fight ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    /// Day the capitals are reached; `None` if the defence holds for the horizon.
    pub days_to_capitals: Option<f64>,
    /// Furthest advance, km.
    pub penetration_km: f64,
}

impl Outcome {
    /// Whether the defence held for the horizon.
    pub fn held(&self) -> bool {
        self.days_to_capitals.is_none()
    }

    /// Russia's score of the outcome as a fait accompli: 1 for capitals taken
    /// at once, ½ on `fait_accompli_days`, fading as the allies' relief comes
    /// in, 0 if the defence holds: w^k / (d^k + w^k).
    pub fn fait_accompli(&self, p: &Baltic) -> f64 {
        self.fait_accompli_with(p, math::pow(p.fait_accompli_days, p.deterrence_steepness))
    }

    /// [`Outcome::fait_accompli`] with `w = fait_accompli_days^k` computed
    /// by the caller: a pow per fight fewer where many fights share `p`.
    fn fait_accompli_with(&self, p: &Baltic, w: f64) -> f64 {
        match self.days_to_capitals {
            None => 0.0,
            Some(d) => w / (math::pow(d.max(0.0), p.deterrence_steepness) + w),
        }
    }
}

/// Fights one coup de main to the horizon under conditions `c`.
///
/// Divisions by constants of the fight (the breakthrough ratio, the air
/// ramp, the follow-on days, each tier's span) are multiplications by their
/// reciprocals, computed once: that changes results in the last bits only
/// (`tests::reciprocals_change_only_the_last_bits` bounds it against the
/// divisions) and halves the divisions of a step.
pub fn fight(p: &Baltic, f: &Forces, c: &Conditions) -> Outcome {
    fight_with::<true>(p, f, c, |day| c.fog(day))
}

/// [`fight`] with the daily fog factors read from `fog`, the table of `c`'s
/// days ([`FogDays::new`]): the same outcome, bit for bit, without an `exp`
/// and two hashes per day of each fight (a run fights a few thousand).
pub fn fight_in_fog(p: &Baltic, f: &Forces, c: &Conditions, fog: &FogDays) -> Outcome {
    debug_assert!(fog.is_of(c), "a fog table of other conditions");
    fight_with::<true>(p, f, c, |day| fog.factor(c, day))
}

/// The daily fog-of-war factors of one run's conditions for every day a
/// fight to the horizon can reach, computed once per run: the values
/// [`Conditions::fog`] gives, so a fight that reads them is the same fight.
#[derive(Clone, Debug, PartialEq)]
pub struct FogDays {
    factors: Vec<f64>,
    /// The conditions' fog, to tell a table of other conditions.
    seed_and_spread: (u64, f64),
}

impl FogDays {
    /// The factors of days `0..⌈horizon⌉` (a fight ends before its horizon,
    /// so day `⌈horizon⌉` is never reached; validation caps the horizon at a
    /// year, the table here at ten).
    pub fn new(p: &Baltic, c: &Conditions) -> Self {
        let days = p.horizon_days.clamp(0.0, 3650.0).ceil() as u64;
        FogDays {
            factors: (0..days).map(|day| c.fog(day)).collect(),
            seed_and_spread: (c.fog_seed, c.fog_spread),
        }
    }

    /// Whether the table is that of `c`'s fog.
    pub fn is_of(&self, c: &Conditions) -> bool {
        self.seed_and_spread.0 == c.fog_seed
            && self.seed_and_spread.1.to_bits() == c.fog_spread.to_bits()
    }

    /// The factor of `day` (computed from `c` beyond the table).
    #[inline]
    fn factor(&self, c: &Conditions, day: u64) -> f64 {
        usize::try_from(day)
            .ok()
            .and_then(|d| self.factors.get(d))
            .copied()
            .unwrap_or_else(|| c.fog(day))
    }
}

/// [`fight`], or with `RECIPROCAL = false` the fight as it divided by its
/// constants before session 6: one body, so the test that bounds the change
/// compares against the same fight, not a copy. Only tests instantiate the
/// dividing one.
#[inline]
fn fight_with<const RECIPROCAL: bool>(
    p: &Baltic,
    f: &Forces,
    c: &Conditions,
    fog_of_day: impl Fn(u64) -> f64,
) -> Outcome {
    // `x / d`, as `x * inv` (inv = 1 / d, computed once) unless dividing.
    let over = |x: f64, d: f64, inv: f64| if RECIPROCAL { x * inv } else { x / d };
    let horizon = p.horizon_days;
    let mass = f.attacker_pool.max(0.0) * c.concentration;
    let mut a = mass * c.russia_readiness;
    // Russia's unready share and the follow-on echelon arrive evenly.
    let later = mass * (1.0 - c.russia_readiness) + mass * p.russia_follow_on;
    let committed = a + later;
    let follow_days = p.russia_follow_on_days;
    let inv_follow_days = 1.0 / follow_days;
    let follow = |t: f64| later * over(t, follow_days, inv_follow_days).min(1.0);
    let kill_d = p.defender_lethality * c.lethality * c.exchange;
    let kill_a = p.attacker_lethality * c.lethality / c.exchange;
    // The allied forces in place but not in position join over the first days.
    let late = Tier {
        start: 0.0,
        end: p.tier1_days,
        force: f.day0.times(1.0 - c.allied_readiness),
    };
    let inv_late = late.inverse_span();
    let inv_tiers = f.tiers.map(|tier| tier.inverse_span());
    let arrived = |t: f64| {
        let mut b = late.force.times(late.arrived::<RECIPROCAL>(t, inv_late));
        for (tier, &inv) in f.tiers.iter().zip(&inv_tiers) {
            b = b.plus(tier.force.times(tier.arrived::<RECIPROCAL>(t, inv)));
        }
        b
    };
    let ready = f.day0.times(c.allied_readiness);
    let (mut heavy, mut light) = (ready.heavy.max(0.0), ready.light.max(0.0));
    let rb = p.breakthrough_ratio;
    let inv_rb = 1.0 / rb;
    let air_ramp = p.air_ramp_days.max(1e-9);
    let inv_air_ramp = 1.0 / air_ramp;
    let (mut x, mut t) = (0.0, 0.0);
    let (mut in_prev, mut follow_prev) = (Brigades::default(), 0.0);
    let (mut fog_day, mut fog) = (u64::MAX, 1.0);
    while t < horizon {
        let power = heavy + p.light_combat_power * light;
        let ratio = a / power.max(1e-9);
        let push = over(ratio - rb, rb, inv_rb).clamp(0.0, 1.0);
        let speed = if push > 0.0 {
            let obstruction = 1.0 + p.obstruction * (heavy + p.light_obstruction * light);
            // The day's fog factor, drawn once per day: steps shorter than a
            // day share it (the same value `c.fog` would give again).
            let day = t as u64;
            if day != fog_day {
                (fog_day, fog) = (day, fog_of_day(day));
            }
            c.max_advance * fog * push / obstruction
        } else {
            0.0
        };
        let dt = if speed > 0.0 {
            (STEP_KM / speed).clamp(DT_MIN, DT_MAX)
        } else {
            DT_MAX
        }
        .min(horizon - t);
        if x + speed * dt >= p.distance_km {
            return Outcome {
                days_to_capitals: Some(t + (p.distance_km - x) / speed),
                penetration_km: p.distance_km,
            };
        }
        x += speed * dt;
        // Lanchester square law, plus air power and long-range fires.
        let ramp = over(t - f.air_start, air_ramp, inv_air_ramp).clamp(0.0, 1.0);
        let a_loss = (kill_d * power + f.air * c.weather * ramp) * dt;
        let d_loss = (kill_a * a * dt).min(heavy + light);
        if heavy + light > 0.0 {
            let share = heavy / (heavy + light);
            heavy -= d_loss * share;
            light -= d_loss * (1.0 - share);
        }
        a = (a - a_loss).max(0.0);
        t += dt;
        // Arrivals in the step.
        let follow_now = follow(t);
        a += follow_now - follow_prev;
        follow_prev = follow_now;
        let in_now = arrived(t);
        heavy = (heavy + in_now.heavy - in_prev.heavy).max(0.0);
        light = (light + in_now.light - in_prev.light).max(0.0);
        in_prev = in_now;
        // Decided: with every Russian echelon in, the front stands for good
        // once the attacker culminates (it has lost more than 1 − culmination
        // of its commitment) or is held below the breakthrough ratio by a
        // defender that wins the square law (k_D·P² ≥ k_A·a² keeps rising
        // and the ratio falling thereafter: arrivals and air only add).
        if t >= follow_days {
            let power = heavy + p.light_combat_power * light;
            if a < p.culmination * committed
                || (a < rb * power && kill_d * power * power >= kill_a * a * a)
            {
                break;
            }
        }
    }
    Outcome {
        days_to_capitals: None,
        penetration_km: x,
    }
}

/// Extra heavy brigades needed in place on day 0 for the defence to hold for
/// the horizon under conditions `c` (0 if it holds already), found by
/// bisection to 0.05 BDE. Capped at a bound far beyond any plausible force
/// (four times the attacker's full commitment).
pub fn forces_to_hold(p: &Baltic, f: &Forces, c: &Conditions) -> f64 {
    let fog = FogDays::new(p, c);
    forces_to_hold_after(p, f, c, &fog, &fight_in_fog(p, f, c, &fog))
}

/// [`forces_to_hold`] when the fight against `f` itself has been fought
/// already (`outcome`): the engine's monthly fight is the bisection's first
/// point (no extra brigades), so each January needs one fight fewer. Adding
/// 0.0 heavy brigades changes no value but the sign of a zero, which no
/// comparison or division of the fight sees. `fog` is `c`'s table.
pub fn forces_to_hold_after(
    p: &Baltic,
    f: &Forces,
    c: &Conditions,
    fog: &FogDays,
    outcome: &Outcome,
) -> f64 {
    let holds = |extra: f64| fight_in_fog(p, &f.with_extra_heavy(extra), c, fog).held();
    if outcome.held() {
        return 0.0;
    }
    let mut hi =
        4.0 * f.attacker_pool.max(0.0) * c.concentration * (1.0 + p.russia_follow_on) + 1.0;
    if !holds(hi) {
        return hi;
    }
    let mut lo = 0.0;
    while hi - lo > 0.05 {
        let mid = 0.5 * (lo + hi);
        if holds(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Russia's perceived chance of a fait accompli: the mean of
/// [`Outcome::fait_accompli`] over the conditions it plans against.
pub fn russia_success(p: &Baltic, f: &Forces, points: &[Conditions]) -> f64 {
    if points.is_empty() {
        return 0.0;
    }
    let w = math::pow(p.fait_accompli_days, p.deterrence_steepness);
    let sum: f64 = points
        .iter()
        .map(|c| fight(p, f, c).fait_accompli_with(p, w))
        .sum();
    sum / points.len() as f64
}

/// [`russia_success`] against `with_us` and, if given, `without_us` (else
/// the first value twice), over the points of Russia's planning design: the
/// same numbers, bit for bit, with the fog-free fights advanced in lockstep
/// (`lanes`), five or ten at a time.
pub fn russia_success_with_and_without(
    p: &Baltic,
    with_us: &Forces,
    without_us: Option<&Forces>,
    points: &[Conditions; PERCEIVED_POINTS],
) -> (f64, f64) {
    if points.iter().any(|c| c.fog_spread != 0.0) {
        let with = russia_success(p, with_us, points);
        return (
            with,
            without_us.map_or(with, |f| russia_success(p, f, points)),
        );
    }
    plan_in_lanes(p, with_us, without_us, points, None).0
}

/// The month's fights when Russia replans: the fight against `with_us`
/// under the run's conditions `run` (fog from their table `fog`), and
/// [`russia_success_with_and_without`] over `points`. The same numbers, bit
/// for bit, as [`fight_in_fog`] and that function; the run's fight takes a
/// lane the planning fights leave free (11 fights in three chunks of four,
/// or 6 in two without the US), instead of a scalar fight of its own.
pub fn fight_and_plan(
    p: &Baltic,
    with_us: &Forces,
    without_us: Option<&Forces>,
    (run, fog): (&Conditions, &FogDays),
    points: &[Conditions; PERCEIVED_POINTS],
) -> (Outcome, (f64, f64)) {
    if points.iter().any(|c| c.fog_spread != 0.0) {
        return (
            fight_in_fog(p, with_us, run, fog),
            russia_success_with_and_without(p, with_us, without_us, points),
        );
    }
    let (planned, own) = plan_in_lanes(p, with_us, without_us, points, Some((run, fog)));
    // `plan_in_lanes` fights the run's fight whenever it is given one.
    (
        own.unwrap_or_else(|| fight_in_fog(p, with_us, run, fog)),
        planned,
    )
}

/// Russia's fog-free planning fights over `points`, with the US and, if
/// given, without it, in lockstep, and the fight of `run` (its conditions
/// and their fog table) in the lane after them, if given: the mean
/// fait-accompli scores with and without the US (the first twice without
/// `without_us`) and the run's outcome. Lane `k` plans on point `k mod 5`,
/// with the US for `k < 5`, without it for `5 ≤ k < 10`.
fn plan_in_lanes(
    p: &Baltic,
    with_us: &Forces,
    without_us: Option<&Forces>,
    points: &[Conditions; PERCEIVED_POINTS],
    run: Option<(&Conditions, &FogDays)>,
) -> ((f64, f64), Option<Outcome>) {
    const K: usize = PERCEIVED_POINTS;
    let w = math::pow(p.fait_accompli_days, p.deterrence_steepness);
    // The mean as `russia_success` sums it: in point order, then divided.
    let mean = |outcomes: &[Outcome]| {
        let sum: f64 = outcomes.iter().map(|o| o.fait_accompli_with(p, w)).sum();
        sum / outcomes.len() as f64
    };
    let with = |k: usize| (with_us, &points[k % K], None);
    match (without_us, run) {
        (None, None) => {
            let o: [Outcome; K] = in_lanes(p, with);
            let m = mean(&o);
            ((m, m), None)
        }
        (Some(eu), None) => {
            let o: [Outcome; 2 * K] = in_lanes(p, |k| {
                if k < K {
                    with(k)
                } else {
                    (eu, &points[k % K], None)
                }
            });
            ((mean(&o[..K]), mean(&o[K..])), None)
        }
        (None, Some((c, fog))) => {
            let o: [Outcome; K + 1] = in_lanes(p, |k| {
                if k < K {
                    with(k)
                } else {
                    (with_us, c, Some(fog))
                }
            });
            let m = mean(&o[..K]);
            ((m, m), Some(o[K]))
        }
        (Some(eu), Some((c, fog))) => {
            let o: [Outcome; 2 * K + 1] = in_lanes(p, |k| match k {
                _ if k < K => with(k),
                _ if k < 2 * K => (eu, &points[k % K], None),
                _ => (with_us, c, Some(fog)),
            });
            ((mean(&o[..K]), mean(&o[K..2 * K])), Some(o[2 * K]))
        }
    }
}

/// `N` fights in lockstep ([`lanes::fight_lanes`]), lane `k` being
/// `lane(k)`: its forces, conditions and (if it has fog) their fog table.
fn in_lanes<'a, const N: usize>(
    p: &Baltic,
    lane: impl Fn(usize) -> (&'a Forces, &'a Conditions, Option<&'a FogDays>),
) -> [Outcome; N] {
    let lanes: [_; N] = std::array::from_fn(lane);
    lanes::fight_lanes(
        p,
        lanes.map(|l| l.0),
        lanes.map(|l| l.1),
        lanes.map(|l| l.2),
    )
}

#[cfg(test)]
mod tests;
