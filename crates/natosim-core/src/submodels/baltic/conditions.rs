//! The campaign's uncertain quantities (docs/MODEL.md 7.15 "Uncertainty"):
//! what no one knows before the shooting starts — how much Russia masses on
//! the axis and how much of it is ready, how many allied soldiers are in
//! their positions, the exchange rate, the speed of the advance, the weather
//! for air power and the daily fog of war.
//!
//! Each run draws one [`Conditions`] from the `Campaign` stream, in a fixed
//! order, so the draws never shift any other stream (common random numbers
//! across the models). Russia's own planning integrates over the quantities
//! it does not control with a small fixed Latin-hypercube design
//! ([`perceived`]), the same in every run and month.

use crate::math;
use crate::rng::Rng;
use crate::scenario::Baltic;
use rand::Rng as _;

/// The campaign's uncertain quantities as drawn for one run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Conditions {
    /// Share of Russia's ground brigades massed on the Baltic axis.
    pub concentration: f64,
    /// Share of that mass ready on day 0 (the rest joins the follow-on echelon).
    pub russia_readiness: f64,
    /// Share of the allied forces in place that are manned and in their
    /// positions on day 0 (the rest joins over the first `tier1_days`).
    pub allied_readiness: f64,
    /// Multiplier on both sides' lethality (the intensity of the fighting).
    pub lethality: f64,
    /// Multiplier on the defender's lethality and divisor of the attacker's
    /// (the exchange rate).
    pub exchange: f64,
    /// Advance against negligible resistance, km per day.
    pub max_advance: f64,
    /// Share of the planned air and long-range fires effect the weather allows.
    pub weather: f64,
    /// Spread of the daily fog-of-war factor on the advance (0: none).
    pub fog_spread: f64,
    /// Seed of the daily fog-of-war factors.
    pub fog_seed: u64,
}

/// Inverse CDF of the symmetric triangular distribution on [−1, 1]: the
/// shape of an expert range (most likely in the middle, bounded).
pub(crate) fn triangular(u: f64) -> f64 {
    let u = u.clamp(0.0, 1.0);
    if u < 0.5 {
        -1.0 + (2.0 * u).sqrt()
    } else {
        1.0 - (2.0 * (1.0 - u)).sqrt()
    }
}

/// SplitMix64 finaliser (a bijective mixer) for the daily fog factors.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Number of uniforms a [`Conditions`] is built from (besides the fog seed).
pub(crate) const DIMENSIONS: usize = 7;

impl Conditions {
    /// The conditions for uniforms `u` (in the fixed order concentration,
    /// Russian readiness, allied readiness, lethality, exchange rate,
    /// mobility, weather), around Russia's declared concentration `centre`.
    pub fn from_uniforms(p: &Baltic, centre: f64, u: [f64; DIMENSIONS], fog_seed: u64) -> Self {
        Conditions {
            concentration: (centre * math::exp(p.concentration_spread * triangular(u[0])))
                .clamp(0.0, 1.0),
            russia_readiness: p.russia_readiness_min + (1.0 - p.russia_readiness_min) * u[1],
            allied_readiness: p.allied_readiness_min + (1.0 - p.allied_readiness_min) * u[2],
            lethality: math::exp(p.lethality_spread * triangular(u[3])),
            exchange: math::exp(p.exchange_spread * triangular(u[4])),
            max_advance: p.max_advance_km_per_day * math::exp(p.mobility_spread * triangular(u[5])),
            weather: p.weather_min + (1.0 - p.weather_min) * u[6],
            fog_spread: p.fog_spread,
            fog_seed,
        }
    }

    /// The central (median) conditions, without fog: what the fight was
    /// before the campaign became stochastic, and the anchors' reference.
    pub fn central(p: &Baltic, centre: f64) -> Self {
        Conditions {
            fog_spread: 0.0,
            ..Self::from_uniforms(p, centre, [0.5; DIMENSIONS], 0)
        }
    }

    /// One run's draws from its `Campaign` stream, in a fixed order.
    pub fn draw(p: &Baltic, centre: f64, rng: &mut Rng) -> Self {
        let mut u = [0.0; DIMENSIONS];
        for x in &mut u {
            *x = rng.random();
        }
        let fog_seed = rng.random();
        Self::from_uniforms(p, centre, u, fog_seed)
    }

    /// The fog-of-war factor on the advance on day `day` of the campaign: a
    /// log-triangular factor of spread `fog_spread`, fixed per run and day.
    pub fn fog(&self, day: u64) -> f64 {
        if self.fog_spread == 0.0 {
            return 1.0;
        }
        let u = (mix(self.fog_seed ^ mix(day)) >> 11) as f64 / (1u64 << 53) as f64;
        math::exp(self.fog_spread * triangular(u))
    }
}

/// Points of Russia's planning design.
pub const PERCEIVED_POINTS: usize = 5;

/// Russia's planning design: a modular Latin hypercube on the five
/// quantities Russia does not control (allied readiness, lethality, exchange
/// rate, mobility, weather), stratum `(a_j·k + b_j) mod 5` of dimension `j`
/// for point `k` — each stratum of each quantity once, the same design in
/// every run and month.
const DESIGN_A: [usize; 5] = [1, 2, 3, 4, 2];
const DESIGN_B: [usize; 5] = [0, 1, 3, 2, 4];

/// The conditions Russia plans against: its own concentration and readiness
/// as drawn for the run (it chooses and knows them), the rest from the fixed
/// design, without fog (it plans on expected conditions).
pub fn perceived(p: &Baltic, centre: f64, run: &Conditions) -> [Conditions; PERCEIVED_POINTS] {
    std::array::from_fn(|k| {
        let mut u = [0.5; DIMENSIONS];
        for j in 0..5 {
            let stratum = (DESIGN_A[j] * k + DESIGN_B[j]) % PERCEIVED_POINTS;
            u[2 + j] = (stratum as f64 + 0.5) / PERCEIVED_POINTS as f64;
        }
        Conditions {
            concentration: run.concentration,
            russia_readiness: run.russia_readiness,
            fog_spread: 0.0,
            ..Conditions::from_uniforms(p, centre, u, 0)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, stream};
    use crate::scenario::Scenario;

    #[test]
    fn triangular_is_symmetric_and_bounded() {
        assert_eq!(triangular(0.5), 0.0);
        assert_eq!(triangular(0.0), -1.0);
        assert_eq!(triangular(1.0), 1.0);
        for u in [0.1, 0.2, 0.37] {
            assert!((triangular(u) + triangular(1.0 - u)).abs() < 1e-12);
        }
    }

    #[test]
    fn the_design_is_a_latin_hypercube() {
        let sc = Scenario::defaults();
        let central = Conditions::central(&sc.baltic, sc.russia.concentration);
        let pts = perceived(&sc.baltic, sc.russia.concentration, &central);
        let strata = |f: &dyn Fn(&Conditions) -> f64| {
            let mut v: Vec<f64> = pts.iter().map(f).collect();
            v.sort_by(f64::total_cmp);
            v.dedup();
            v.len()
        };
        assert_eq!(strata(&|c| c.allied_readiness), PERCEIVED_POINTS);
        assert_eq!(strata(&|c| c.lethality), PERCEIVED_POINTS);
        assert_eq!(strata(&|c| c.exchange), PERCEIVED_POINTS);
        assert_eq!(strata(&|c| c.max_advance), PERCEIVED_POINTS);
        assert_eq!(strata(&|c| c.weather), PERCEIVED_POINTS);
        assert!(pts.iter().all(|c| c.concentration == central.concentration));
    }

    #[test]
    fn draws_are_reproducible_and_within_their_ranges() {
        let sc = Scenario::defaults();
        let p = &sc.baltic;
        let c0 = sc.russia.concentration;
        let draw = |run| Conditions::draw(p, c0, &mut stream(1, run, Purpose::Campaign, 0));
        assert_eq!(draw(3), draw(3));
        assert_ne!(draw(3), draw(4));
        for run in 0..200 {
            let c = draw(run);
            let f = math::exp(p.concentration_spread);
            assert!(c.concentration >= c0 / f - 1e-12 && c.concentration <= (c0 * f).min(1.0));
            assert!((p.russia_readiness_min..=1.0).contains(&c.russia_readiness));
            assert!((p.allied_readiness_min..=1.0).contains(&c.allied_readiness));
            assert!((p.weather_min..=1.0).contains(&c.weather));
            for day in 0..5 {
                let fog = c.fog(day);
                assert!(
                    fog >= math::exp(-p.fog_spread) - 1e-12
                        && fog <= math::exp(p.fog_spread) + 1e-12
                );
            }
        }
    }
}
