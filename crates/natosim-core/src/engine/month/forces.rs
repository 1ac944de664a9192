//! Step 6: force generation — GDP grows (each ally at its own medium-term
//! rate), spending fields capability after the procurement lag and builds
//! up, no faster than industry and recruitment can absorb; integration builds
//! European enablers. docs/MODEL.md 7.10 "Force generation".

use crate::engine::Engine;
use crate::engine::state::State;

impl Engine {
    /// Grows GDP, records this month's spending in the lag ring, moves
    /// capability toward the spending of `procurement_lag_months` ago (more
    /// capability per euro for integrated Europeans) but never faster than
    /// the absorption limit, and builds enablers.
    pub(crate) fn generate_forces(&self, s: &mut State, t: usize) {
        let sc = &self.scenario;
        let m = &self.m;
        let n = m.n;
        let sh = &self.shocks;
        let lag_slots = sc.forces.procurement_lag_months as usize + 1;
        let slot = t % lag_slots;
        let lagged = (t + 1) % lag_slots;
        let f = &self.fiscal;
        // The tariff conflict's hit to European growth, as a factor.
        let tariff = sh.europe_growth[t] / f.europe_base;
        // The columns (and this month's and the lagged slot of the spending
        // ring) cut to the members once: no bounds checks in the loop.
        let (european, growth, share) = (&m.european[..n], &f.growth[..n], &s.share[..n]);
        let (gdp, capability) = (&mut s.gdp[..n], &mut s.capability[..n]);
        let (now, then) = (slot * n, lagged * n);
        let ring = &mut s.spend_ring[..lag_slots * n];
        for i in 0..n {
            gdp[i] *= if european[i] {
                growth[i] * tariff
            } else {
                growth[i]
            };
            let spend = share[i] / 100.0 * gdp[i];
            ring[now + i] = spend;
            let eff = if european[i] { self.eu_efficiency } else { 1.0 };
            let target = ring[then + i] * eff;
            // Money beyond what industry and recruitment absorb buys nothing.
            let built = capability[i] + (target - capability[i]) / sc.forces.build_up_months;
            capability[i] = built.min(capability[i] * f.absorb_month);
        }
        s.eu_enablers += sc.forces.european_enabler_rate
            * self.inst.procurement_integration
            * (1.0 - s.eu_enablers);
    }
}

#[cfg(test)]
mod tests {
    use crate::rng::{Purpose, stream};
    use crate::{Dataset, Engine, ModelId, Scenario};

    #[test]
    fn capability_never_grows_faster_than_absorption() {
        let (sc, d) = (Scenario::defaults(), Dataset::embedded().unwrap());
        let e = Engine::new(&sc, &d, &ModelId::european_defence_union()).unwrap();
        let draws = e.draw_run(
            &mut stream(1, 0, Purpose::Exogenous, 0),
            &mut stream(1, 0, Purpose::Campaign, 0),
        );
        let politics = e.draw_politics(&mut stream(1, 0, Purpose::Politics, 0));
        let mut s = e.initial_state(&draws, politics);
        // Money far beyond what industry and recruitment can turn into forces.
        s.share.iter_mut().for_each(|x| *x *= 5.0);
        let start = s.capability.clone();
        let limit = e.fiscal.absorb_month;
        for t in 0..120 {
            let before = s.capability.clone();
            e.generate_forces(&mut s, t);
            for (now, was) in s.capability.iter().zip(&before) {
                assert!(
                    *now <= was * limit * (1.0 + 1e-12),
                    "month {t}: {was} → {now}"
                );
            }
        }
        // It binds, but capability still grows at the limit: 7 % a year by default.
        let grown = s.capability[0] / start[0];
        let bound = limit.powi(120);
        assert!(
            grown > 0.9 * bound && grown <= bound * (1.0 + 1e-9),
            "{grown} vs {bound}"
        );
    }
}
