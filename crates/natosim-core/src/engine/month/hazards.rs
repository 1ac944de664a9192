//! Step 9a: the monthly hazards of a Russian attack and of the alliance's
//! fragmentation. docs/MODEL.md 7.13 "Exit and fragmentation hazards" and
//! 7.14 "Attack hazard: Russia weighs gain against cost"; what an attack would
//! bring (capitals lost, escalation) is weighed in `accumulate.rs` by the
//! chance it comes now.
//!
//! The attack hazard is a decision (issue 10.3): Russia's expected gain — its
//! perceived chance that a coup de main takes the capitals before relief —
//! against its expected costs: a failure, the nuclear risk it perceives
//! (distinct from the allies' reassurance, see `nuclear.rs`), sanctions as
//! wide as the alliance is united, and a second front while its forces are
//! tied opposite Ukraine. Grey-zone shaping raises the net value. The
//! decision is a logistic in the net value; feasibility still comes from
//! Russia's reconstitution.

use super::{Assessment, UsPosture, logistic};
use crate::engine::Engine;
use crate::engine::state::State;
use crate::scenario::Russia;

/// The month's hazards.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hazards {
    /// Monthly hazard of a Russian coup de main.
    pub(crate) attack: f64,
    /// Monthly hazard of fragmentation (collapse of cohesion or an exit).
    pub(crate) fragmentation: f64,
    /// The nuclear risk Russia perceives this month (0–1).
    pub(crate) russia_nuclear_risk: f64,
}

/// What Russia weighs in its decision to attack, each in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct AttackCalculus {
    /// Russia's perceived chance that a coup de main succeeds.
    pub(crate) success: f64,
    /// The nuclear risk Russia perceives.
    pub(crate) nuclear: f64,
    /// Alliance cohesion (sanctions are as wide as the alliance is united).
    pub(crate) cohesion: f64,
    /// Share of Russia's mass tied opposite Ukraine.
    pub(crate) ukraine_tied: f64,
    /// Grey-zone shaping this month.
    pub(crate) shaping: f64,
}

/// Probability that Russia decides to attack: a logistic in the net value
/// `success − failure_cost·(1 − success) − nuclear_cost·nuclear −
/// sanctions_cost·cohesion − ukraine_cost·tied + shaping_gain·shaping`, in
/// units of the gain of a success.
pub(crate) fn attack_decision(r: &Russia, c: &AttackCalculus) -> f64 {
    let cost = r.attack_failure_cost * (1.0 - c.success)
        + r.attack_nuclear_cost * c.nuclear
        + r.attack_sanctions_cost * c.cohesion
        + r.attack_ukraine_cost * c.ukraine_tied;
    let net = c.success - cost + r.attack_shaping_gain * c.shaping;
    logistic((net - r.attack_threshold) / r.attack_softness)
}

impl Engine {
    /// An attack becomes feasible as Russia reconstitutes and likely as its
    /// gain outweighs its costs; fragmentation comes from a collapse of
    /// cohesion below its threshold or from members' exits.
    pub(crate) fn hazards(
        &self,
        s: &State,
        t: usize,
        a: &Assessment,
        us: &UsPosture,
        russia: f64,
        exit_hazard: f64,
    ) -> Hazards {
        let sc = &self.scenario;
        let h = &sc.cohesion;
        let cap0 = sc.russia.capability_2025;
        let feasible = ((russia - cap0) / (1.0 - cap0).max(1e-9))
            .clamp(0.0, 1.0)
            .powi(2);
        let russia_nuclear_risk = self.russia_nuclear_risk(s, us);
        let calculus = AttackCalculus {
            success: a.russia_success.clamp(0.0, 1.0),
            nuclear: russia_nuclear_risk,
            cohesion: s.cohesion.clamp(0.0, 1.0),
            ukraine_tied: if self.shocks.ukraine[t] {
                self.ukraine.russia_tied
            } else {
                0.0
            },
            shaping: s.shaping.clamp(0.0, 1.0),
        };
        let decision = attack_decision(&sc.russia, &calculus);
        let attack = (sc.russia.attack_hazard_max * feasible * decision).min(1.0);
        let collapse = h.fragmentation_hazard_max
            * logistic((h.fragmentation_threshold - s.cohesion) / h.fragmentation_softness);
        Hazards {
            attack,
            fragmentation: (collapse + exit_hazard).min(1.0),
            russia_nuclear_risk,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    const BASE: AttackCalculus = AttackCalculus {
        success: 0.4,
        nuclear: 0.3,
        cohesion: 0.7,
        ukraine_tied: 0.15,
        shaping: 0.2,
    };

    /// Sweeps one input over [0, 1] and returns the decisions.
    fn sweep(set: impl Fn(&mut AttackCalculus, f64)) -> Vec<f64> {
        let r = Scenario::defaults().russia;
        (0..=20)
            .map(|k| {
                let mut c = BASE;
                set(&mut c, f64::from(k) / 20.0);
                attack_decision(&r, &c)
            })
            .collect()
    }

    fn increasing(v: &[f64]) -> bool {
        v.windows(2).all(|w| w[1] > w[0])
    }

    fn decreasing(v: &[f64]) -> bool {
        v.windows(2).all(|w| w[1] < w[0])
    }

    #[test]
    fn a_better_chance_of_success_raises_the_decision() {
        assert!(increasing(&sweep(|c, x| c.success = x)));
    }

    #[test]
    fn each_cost_lowers_the_decision() {
        assert!(decreasing(&sweep(|c, x| c.nuclear = x)));
        assert!(decreasing(&sweep(|c, x| c.cohesion = x)));
        assert!(decreasing(&sweep(|c, x| c.ukraine_tied = x)));
    }

    #[test]
    fn grey_zone_shaping_raises_the_decision() {
        // Issue 10: hybrid pressure must raise, not lower, the hazard.
        assert!(increasing(&sweep(|c, x| c.shaping = x)));
    }

    #[test]
    fn the_decision_is_even_where_gain_equals_cost() {
        let mut r = Scenario::defaults().russia;
        r.attack_failure_cost = 0.0;
        r.attack_nuclear_cost = 0.0;
        r.attack_sanctions_cost = 0.0;
        r.attack_ukraine_cost = 0.0;
        r.attack_shaping_gain = 0.0;
        r.attack_threshold = 0.3;
        let c = AttackCalculus {
            success: 0.3,
            ..BASE
        };
        assert!((attack_decision(&r, &c) - 0.5).abs() < 1e-12);
    }
}
