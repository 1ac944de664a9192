//! Step 7b: national budgets, each January (and in the first month): the
//! calibrated partial adjustment toward threat-driven demand with its pull
//! toward the alliance's core target, the fear of abandonment (the one
//! channel through which the loss of US protection raises budgets), free
//! riding on what Europe provides, a yearly budget shock, then fiscal space
//! (debt and deficit rules, the EU's escape clause and SAFE loans) as a
//! ceiling on core + related spending; the related target tracked on its
//! own; a model's common funding on top. Also a withdrawal used as a
//! bargaining chip and the cost of the Ukraine option. docs/MODEL.md 7.9
//! "Budgets", 7.16 (the bargaining chip) and 7.18 "Ukraine's security options".

use super::Assessment;
use crate::engine::Engine;
use crate::engine::state::State;
use crate::math::StandardNormal;
use crate::rng::Rng;
use crate::scenario::WithdrawalReason;
use crate::submodels::baltic;
use crate::time::YearMonth;
use rand::distr::Distribution;

impl Engine {
    /// The January step: calls off a bargaining-chip withdrawal once the
    /// Europeans met the chip target last month, sets the budgets, and
    /// returns the extra heavy brigades the Baltic defence would need on day 0
    /// (the `forces_to_hold` metric is their mean over Januaries).
    pub(crate) fn january_budgets(
        &self,
        s: &mut State,
        t: usize,
        date: YearMonth,
        a: &Assessment,
        fiscal: &mut Rng,
    ) -> f64 {
        let sc = &self.scenario;
        // A threatened withdrawal used as a bargaining chip is called off
        // once the Europeans meet the target.
        let chip = sc.us.withdrawal.reason == WithdrawalReason::BargainingChip;
        if chip && t > 0 && s.spending.gdp_share >= sc.us.withdrawal.chip_target {
            s.chip_off = true;
        }
        let chip_pressure = if chip && !s.chip_off {
            sc.us.withdrawal.chip_pressure
        } else {
            0.0
        };
        let ukraine_cost = if self.shocks.ukraine[t] {
            self.ukraine.cost_gdp
        } else {
            0.0
        };
        // The first January's US guarantee (trust) and European capability
        // are the reference budgets respond to (the calibration holds at the start).
        let reference = s
            .budget_reference
            .take()
            .unwrap_or_else(|| (self.us_guarantee(s, t), self.european_capability(s)));
        let us_now = self.us_guarantee(s, t);
        self.budgets(
            s,
            &us_now,
            date.year(),
            (&reference.0, reference.1),
            (chip_pressure, ukraine_cost),
            fiscal,
        );
        s.budget_reference = Some(reference);
        baltic::forces_to_hold_after(
            &sc.baltic,
            &a.baltic_forces,
            &a.conditions,
            &s.campaign_fog,
            &a.baltic,
        )
    }

    /// Each member's trust in the US guarantee, 0 once the US is no ally.
    fn us_guarantee(&self, s: &State, t: usize) -> Vec<f64> {
        if self.us_member[t] {
            s.trust.clone()
        } else {
            vec![0.0; self.m.n]
        }
    }

    /// The European allies' capability, USD bn.
    fn european_capability(&self, s: &State) -> f64 {
        (0..self.m.n)
            .filter(|&i| self.m.european[i])
            .map(|i| s.capability[i])
            .sum()
    }

    /// Annual budgets (MODEL.md 7.9). One normal draw per member on the
    /// fiscal stream, in member order, whether or not the member sets a
    /// budget, so every model sees the same shocks.
    fn budgets(
        &self,
        s: &mut State,
        us_now: &[f64],
        year: i32,
        (us_ref, capability_ref): (&[f64], f64),
        (extra_pull, extra_cost): (f64, f64),
        fiscal: &mut Rng,
    ) {
        let sc = &self.scenario;
        let sp = &sc.spending;
        let m = &self.m;
        let f = &self.fiscal;
        let (core_target, related_target) = sc.target(year);
        // The calibrated pull holds under today's US leadership; the part
        // owed to Washington's pressure fades with it.
        let pull = sp.target_pull * (1.0 - sp.us_pressure * (1.0 - s.leadership)) + extra_pull;
        // The model's common funding, ramping up from 2025, in pp of the
        // armed European allies' GDP.
        let ramp = if sp.common_funding_ramp_years > 0.0 {
            (f64::from(year - 2024) / sp.common_funding_ramp_years).clamp(0.0, 1.0)
        } else {
            1.0
        };
        let eu_gdp: f64 = (0..m.n)
            .filter(|&i| m.european[i] && m.has_forces[i])
            .map(|i| s.gdp[i])
            .sum();
        s.common_pp = 100.0 * f.common_busd * ramp / eu_gdp.max(1e-9);
        // Growth of the European allies' capability since the first budget:
        // the public good each of them may free-ride on (Olson & Zeckhauser).
        let europe_growth = self.european_capability(s) / capability_ref.max(1e-9) - 1.0;
        // The columns cut to the members once: the loop indexes without
        // bounds checks (as in the monthly steps, session 9).
        let n = m.n;
        let (us_now, us_ref) = (&us_now[..n], &us_ref[..n]);
        let (has_forces, european) = (&m.has_forces[..n], &m.european[..n]);
        let (threat_base, free_riding, bump_ref) =
            (&m.threat_base[..n], &m.free_riding[..n], &f.bump_ref[..n]);
        let (bump, gdp) = (&s.bump[..n], &s.gdp[..n]);
        let (russia_index, common_pp) = (s.russia_index, s.common_pp);
        let (national_col, related_col) = (&mut s.national[..n], &mut s.related[..n]);
        let (fiscal_bound, share) = (&mut s.fiscal_bound[..n], &mut s.share[..n]);
        for i in 0..n {
            let z: f64 = StandardNormal.sample(fiscal);
            // The US budget is exogenous (held at its 2024 share); Iceland has no forces.
            if Some(i) == self.us || !has_forces[i] {
                continue;
            }
            let common = if european[i] { common_pp } else { 0.0 };
            // Threat as the calibration saw it: crisis bumps count only
            // beyond the level the 2022+ data already contain.
            let threat = (threat_base[i] * russia_index + bump[i] - bump_ref[i]).clamp(0.0, 1.5);
            let desired = sp.intercept
                + sp.threat_sensitivity * threat
                // Abandonment: the fear owed to a weaker US guarantee than
                // in 2025 — the one channel for the loss of US protection
                // (threat is in the calibrated term, Europe's own strength in
                // free riding).
                + sp.abandonment_sensitivity * threat * (us_ref[i] - us_now[i])
                - free_riding[i] * europe_growth
                + if european[i] { extra_cost } else { 0.0 }
                - sp.common_crowding_out * common;
            let national = national_col[i];
            let gap = (core_target - (national + common)).max(0.0);
            let step = sp.adjustment_speed * (desired - national)
                + pull.min(1.0) * gap
                + sp.budget_noise * z;
            let wanted = (national + step.clamp(-sp.max_decrease_pp, sp.max_increase_pp)).max(0.0);
            // Fiscal space binds core + related; a falling ceiling cuts at
            // most max_decrease_pp a year.
            let ceiling = f.ceiling(sc, i, year, gdp[i]);
            let core = wanted
                .min(ceiling.max(national - sp.max_decrease_pp))
                .max(0.0);
            let related_wanted =
                related_col[i] + sp.related_pull * (related_target - related_col[i]).max(0.0);
            let related = related_wanted.min((ceiling - core).max(0.0));
            fiscal_bound[i] = wanted + related_wanted > ceiling + 1e-9;
            national_col[i] = core;
            related_col[i] = related;
            share[i] = core + common;
        }
    }
}
