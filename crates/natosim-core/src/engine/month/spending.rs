//! Step 9b: the European allies' spending and burden this month — the final
//! month's values are the "final year" metrics. docs/MODEL.md 8 "Outcome
//! metrics".

use super::UsPosture;
use crate::engine::Engine;
use crate::engine::state::{SpendingSummary, State};
use crate::time::YearMonth;

impl Engine {
    /// European spending (share of GDP, USD bn), the European share of
    /// allied spending for Europe (the US counts with the part of its budget
    /// for Europe, scaled by presence), the spread of the armed allies'
    /// shares and the share of them below the core target; European related
    /// spending and the share of armed allies at their fiscal ceiling.
    pub(crate) fn spending_summary(&self, s: &mut State, date: YearMonth, us: &UsPosture) {
        let sc = &self.scenario;
        let m = &self.m;
        let (mut eu_spend, mut eu_gdp, mut others) = (0.0, 0.0, 0.0);
        let (mut below, mut armed, mut sum_sq, mut sum_sh) = (0.0, 0.0_f64, 0.0, 0.0);
        let (mut eu_related, mut bound) = (0.0, 0.0);
        let (core_target, _) = sc.target(date.year());
        // The columns cut to the members once (no bounds checks in the loop).
        let n = m.n;
        let (european, has_forces) = (&m.european[..n], &m.has_forces[..n]);
        let (share, gdp, related) = (&s.share[..n], &s.gdp[..n], &s.related[..n]);
        let fiscal_bound = &s.fiscal_bound[..n];
        for i in 0..n {
            let spend = share[i] / 100.0 * gdp[i];
            if european[i] {
                eu_spend += spend;
                eu_gdp += gdp[i];
                eu_related += related[i] / 100.0 * gdp[i];
                if has_forces[i] {
                    if fiscal_bound[i] {
                        bound += 1.0;
                    }
                    armed += 1.0;
                    sum_sh += share[i];
                    sum_sq += share[i] * share[i];
                    if share[i] < core_target - 1e-9 {
                        below += 1.0;
                    }
                }
            } else if Some(i) == self.us {
                if us.member {
                    others += spend * sc.us.europe_budget_share * us.presence;
                }
            } else {
                others += spend;
            }
        }
        let mean_sh = sum_sh / armed.max(1.0);
        s.spending = SpendingSummary {
            gdp_share: 100.0 * eu_spend / eu_gdp.max(1e-9),
            busd: eu_spend,
            burden: eu_spend / (eu_spend + others).max(1e-9),
            spread: (sum_sq / armed.max(1.0) - mean_sh * mean_sh)
                .max(0.0)
                .sqrt(),
            free_riding: below / armed.max(1.0),
            related_share: 100.0 * eu_related / eu_gdp.max(1e-9),
            fiscal_bound: bound / armed.max(1.0),
        };
    }
}
