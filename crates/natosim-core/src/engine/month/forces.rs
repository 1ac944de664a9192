//! Step 6: force generation — GDP grows, spending fields capability after the
//! procurement lag and builds up; integration builds European enablers.
//! docs/MODEL.md 7.10 "Force generation".

use crate::engine::Engine;
use crate::engine::state::State;

impl Engine {
    /// Grows GDP, records this month's spending in the lag ring, moves
    /// capability toward the spending of `procurement_lag_months` ago (more
    /// capability per euro for integrated Europeans), and builds enablers.
    pub(crate) fn generate_forces(&self, s: &mut State, t: usize) {
        let sc = &self.scenario;
        let m = &self.m;
        let n = m.n;
        let sh = &self.shocks;
        let lag_slots = sc.forces.procurement_lag_months as usize + 1;
        let slot = t % lag_slots;
        let lagged = (t + 1) % lag_slots;
        for i in 0..n {
            s.gdp[i] *= if m.european[i] {
                sh.europe_growth[t]
            } else {
                m.growth[i]
            };
            let spend = s.share[i] / 100.0 * s.gdp[i];
            s.spend_ring[slot * n + i] = spend;
            let eff = if m.european[i] {
                self.eu_efficiency
            } else {
                1.0
            };
            let target = s.spend_ring[lagged * n + i] * eff;
            s.capability[i] += (target - s.capability[i]) / sc.forces.build_up_months;
        }
        s.eu_enablers += sc.forces.european_enabler_rate
            * self.inst.procurement_integration
            * (1.0 - s.eu_enablers);
    }
}
