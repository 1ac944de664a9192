//! Step 8a: the cohesion index and the members' exit hazards. docs/MODEL.md
//! 7.12 "Cohesion index" and 7.13 "Exit and fragmentation hazards".

use super::logistic;
use crate::engine::Engine;
use crate::engine::state::State;

/// What the cohesion step yields besides the new cohesion.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CohesionStep {
    /// Mean institutional trust of the allies: the guarantee net of
    /// sovereignty resistance.
    pub(crate) institutional_trust: f64,
    /// Sum of the non-US allies' monthly exit hazards.
    pub(crate) exit_hazard: f64,
}

impl Engine {
    /// Cohesion as a weighted sum of alignment, institutional trust and the
    /// solidarity record; each non-US ally's exit hazard rises as the costs of
    /// membership (sovereignty, entrapment) outweigh its protection.
    pub(crate) fn cohesion(&self, s: &mut State, alignment: f64, us_in: bool) -> CohesionStep {
        let h = &self.scenario.cohesion;
        let m = &self.m;
        let mut inst_trust = 0.0;
        let mut allies = 0.0_f64;
        let mut exit_hazard = 0.0;
        // The columns cut to the members once (no bounds checks in the loop).
        let n = m.n;
        let (orientation, guarantee) = (&m.orientation[..n], &s.guarantee[..n]);
        let (threat, entrapment) = (&s.threat[..n], &s.entrapment[..n]);
        for i in 0..n {
            if Some(i) == self.us && !us_in {
                continue;
            }
            // The sovereignty cost is paid as the institution takes over
            // competences (as built), by the autonomy-averse (MODEL.md 7.12).
            let resistance =
                s.built.sovereignty_cost * h.sovereignty_resistance * (1.0 - orientation[i]);
            inst_trust += (guarantee[i] - resistance).clamp(0.0, 1.0);
            allies += 1.0;
            if Some(i) != self.us {
                // Exit when the costs of membership outweigh its protection.
                let benefit = threat[i] * guarantee[i];
                let cost = resistance + entrapment[i];
                exit_hazard += h.exit_hazard_max * logistic((cost - benefit) / h.exit_softness);
            }
        }
        let inst_trust = inst_trust / allies.max(1.0);
        s.cohesion = h.weight_alignment * alignment
            + h.weight_trust * inst_trust
            + h.weight_record * s.record;
        CohesionStep {
            institutional_trust: inst_trust,
            exit_hazard,
        }
    }
}
