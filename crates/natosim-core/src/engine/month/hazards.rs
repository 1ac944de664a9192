//! Step 9a: the monthly hazards of a Russian attack and of the alliance's
//! fragmentation. docs/MODEL.md 7.13 "Exit and fragmentation hazards" and
//! 7.14 "Attack hazard"; what an attack would bring (capitals lost,
//! escalation) is weighed in `accumulate.rs` by the chance it comes now.

use super::logistic;
use crate::engine::Engine;
use crate::engine::state::State;

/// The month's hazards.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hazards {
    /// Monthly hazard of a Russian coup de main.
    pub(crate) attack: f64,
    /// Monthly hazard of fragmentation (collapse of cohesion or an exit).
    pub(crate) fragmentation: f64,
}

impl Engine {
    /// An attack becomes feasible as Russia reconstitutes and likely as
    /// deterrence and cohesion fall; fragmentation comes from a collapse of
    /// cohesion below its threshold or from members' exits.
    pub(crate) fn hazards(&self, s: &State, russia: f64, exit_hazard: f64) -> Hazards {
        let sc = &self.scenario;
        let h = &sc.cohesion;
        let cap0 = sc.russia.capability_2025;
        let feasible = ((russia - cap0) / (1.0 - cap0).max(1e-9))
            .clamp(0.0, 1.0)
            .powi(2);
        let attack = (sc.russia.attack_hazard_max
            * feasible
            * (1.0 - s.deterrence).powf(sc.russia.attack_deterrence_exponent)
            * (1.0 + sc.russia.attack_cohesion_gain * (1.0 - s.cohesion))
            // Grey-zone shaping prepares and signals a military move (h-theatres, MODEL.md 7.19).
            * (1.0 + sc.hybrid.attack_gain * s.shaping))
            .min(1.0);
        let collapse = h.fragmentation_hazard_max
            * logistic((h.fragmentation_threshold - s.cohesion) / h.fragmentation_softness);
        Hazards {
            attack,
            fragmentation: (collapse + exit_hazard).min(1.0),
        }
    }
}
