//! Step 7a (nuclear part): nuclear deterrence done once, from two sides
//! (issue 10.4; docs/MODEL.md 7.17 "Nuclear deterrence: what reassures the
//! allies, what deters Russia"). The allies' credibility — the US guarantee
//! through each member's trust (which holds US presence) and the
//! French/British layer, weighted by threat and nuclear attitude — is the
//! reassurance that feeds the allies' combined deterrence, their budgets and
//! the `nuclear_credibility` metric. The risk Russia perceives — the US
//! guarantee by presence and signals, not trust, and the same European
//! layer — feeds Russia's decision to attack (`hazards.rs`) only.

use super::UsPosture;
use crate::engine::Engine;
use crate::engine::state::State;
use crate::math;
use crate::submodels::nuclear;

impl Engine {
    /// The month's nuclear posture: the US guarantee the model gives while
    /// the US is an ally, its presence factor, signals, and the French/British
    /// layer with its European dimension in force (today's plus what the
    /// model's institutions, as built, imply).
    fn nuclear_posture(&self, s: &State, us: &UsPosture) -> nuclear::Posture {
        let sc = &self.scenario;
        let d = &sc.deterrence;
        nuclear::Posture {
            us_guarantee: if us.member {
                self.inst.us_nuclear_guarantee
            } else {
                0.0
            },
            us_presence_factor: d.us_nuclear_form
                + (1.0 - d.us_nuclear_form)
                    * math::pow(us.presence, d.us_nuclear_presence_exponent),
            signals: us.signals,
            european: d.european_nuclear_base,
            european_dimension: nuclear::european_dimension(&sc.nuclear, s.built.nuclear_dimension),
        }
    }

    /// Nuclear credibility with the US (if it is an ally) and of the
    /// European guarantee alone, both as the European allies perceive them
    /// (reassurance).
    pub(crate) fn nuclear_credibility(&self, s: &State, us: &UsPosture) -> (f64, f64) {
        let sc = &self.scenario;
        let m = &self.m;
        let posture = self.nuclear_posture(s, us);
        let (mut sum_w, mut sum_nuclear, mut sum_eu) = (0.0, 0.0, 0.0);
        // The columns cut to the members once (no bounds checks in the loop).
        let n = m.n;
        let (european, included, attitude) = (
            &m.european[..n],
            &m.nuclear_included[..n],
            &m.nuclear_attitude[..n],
        );
        let (trust, threat) = (&s.trust[..n], &s.threat[..n]);
        for i in 0..n {
            if !european[i] {
                continue;
            }
            let view = nuclear::MemberView {
                trust: trust[i],
                included: included[i],
                attitude: attitude[i],
            };
            let (_, eu, combined) = nuclear::perceived(&sc.nuclear, &posture, &view);
            let w = nuclear::weight(threat[i], attitude[i]);
            sum_w += w;
            sum_nuclear += w * combined;
            sum_eu += w * eu;
        }
        (sum_nuclear / sum_w.max(1e-12), sum_eu / sum_w.max(1e-12))
    }

    /// The nuclear risk Russia perceives in attacking an ally this month
    /// (deterrence, not reassurance).
    pub(crate) fn russia_nuclear_risk(&self, s: &State, us: &UsPosture) -> f64 {
        nuclear::russia_risk(&self.scenario.nuclear, &self.nuclear_posture(s, us))
    }
}
