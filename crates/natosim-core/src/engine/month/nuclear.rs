//! Step 7a (nuclear part): the nuclear guarantees as members perceive them —
//! the US guarantee and the French/British (European) one, weighted by the
//! members' threat and nuclear attitude. docs/MODEL.md 7.17 "Nuclear
//! deterrence as members perceive it".

use super::UsPosture;
use crate::engine::Engine;
use crate::engine::state::State;
use crate::submodels::nuclear;

impl Engine {
    /// Nuclear credibility with the US (if it is an ally) and of the
    /// European guarantee alone, both as the European allies perceive them.
    pub(crate) fn nuclear_credibility(&self, s: &State, us: &UsPosture) -> (f64, f64) {
        let sc = &self.scenario;
        let d = &sc.deterrence;
        let inst = &self.inst;
        let m = &self.m;
        let posture = nuclear::Posture {
            us_guarantee: if us.member {
                inst.us_nuclear_guarantee
            } else {
                0.0
            },
            us_presence_factor: d.us_nuclear_form
                + (1.0 - d.us_nuclear_form) * us.presence.powf(d.us_nuclear_presence_exponent),
            signals: us.signals,
            european: d.european_nuclear_base
                * (1.0 + d.european_nuclear_integration_gain * inst.procurement_integration),
        };
        let (mut sum_w, mut sum_nuclear, mut sum_eu) = (0.0, 0.0, 0.0);
        for i in 0..m.n {
            if !m.european[i] {
                continue;
            }
            let view = nuclear::MemberView {
                trust: s.trust[i],
                included: m.nuclear_included[i],
                attitude: m.nuclear_attitude[i],
            };
            let (_, eu, combined) = nuclear::perceived(&sc.nuclear, &posture, &view);
            let w = nuclear::weight(s.threat[i], m.nuclear_attitude[i]);
            sum_w += w;
            sum_nuclear += w * combined;
            sum_eu += w * eu;
        }
        (sum_nuclear / sum_w.max(1e-12), sum_eu / sum_w.max(1e-12))
    }
}
