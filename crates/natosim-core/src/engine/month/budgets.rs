//! Step 7b: national budgets, each January (and in the first month): partial
//! adjustment toward threat-driven demand, less free riding, plus the pull
//! toward the alliance's target, within fiscal limits; a withdrawal used as a
//! bargaining chip and the cost of the Ukraine option. docs/MODEL.md 7.9
//! "Budgets", 7.16 (the bargaining chip) and 7.18 "Ukraine's security options".

use super::Assessment;
use crate::engine::Engine;
use crate::engine::state::State;
use crate::scenario::WithdrawalReason;
use crate::submodels::baltic;
use crate::time::YearMonth;

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
    ) -> f64 {
        let sc = &self.scenario;
        let (core_target, _) = sc.target(date.year());
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
        // The first January's fears and deterrence are the reference budgets respond to.
        let reference = s
            .budget_reference
            .take()
            .unwrap_or_else(|| (s.abandonment.clone(), s.deterrence));
        self.budgets(
            s,
            core_target,
            (&reference.0, reference.1),
            chip_pressure,
            ukraine_cost,
        );
        s.budget_reference = Some(reference);
        baltic::forces_to_hold(&sc.baltic, &a.baltic_forces, &a.conditions)
    }

    /// Annual budgets: partial adjustment toward threat-driven demand, less
    /// free riding, plus pull toward the alliance target, within fiscal limits.
    fn budgets(
        &self,
        s: &mut State,
        core_target: f64,
        (abandonment_ref, protection_ref): (&[f64], f64),
        extra_pull: f64,
        extra_cost: f64,
    ) {
        let sp = &self.scenario.spending;
        let m = &self.m;
        let protection = s.deterrence;
        let pull = (sp.target_pull + sp.us_pressure * s.leadership + extra_pull).min(1.0);
        for i in 0..m.n {
            // The US budget is exogenous (held at its 2024 share); Iceland has no forces.
            if Some(i) == self.us || !m.has_forces[i] {
                continue;
            }
            let mut desired = sp.intercept
                + sp.threat_sensitivity * s.threat[i]
                + sp.abandonment_sensitivity * (s.abandonment[i] - abandonment_ref[i])
                - m.free_riding[i] * (protection - protection_ref)
                + if m.european[i] { extra_cost } else { 0.0 };
            desired += pull * (core_target - desired).max(0.0);
            let step = sp.adjustment_speed * (desired - s.share[i]);
            let max_up = sp.max_increase_pp * (1.0 - sp.fiscal_drag * m.fiscal[i]);
            s.share[i] = (s.share[i] + step.clamp(-sp.max_decrease_pp, max_up)).max(0.0);
        }
    }
}
