//! Accumulating a run's months into its metrics (docs/MODEL.md 8 "Outcome
//! metrics"). [`Accumulators::finish`] builds the metrics with one
//! [`MetricValues`] struct literal that names every metric, so a metric added
//! to the table in `metrics.rs` without being computed here does not compile.

use super::month::{Assessment, Hazards};
use super::state::State;
use crate::metrics::{MetricValues, RunMetrics};
use crate::scenario::Scenario;

/// What one month contributes to the metrics beyond the run's state.
pub(crate) struct MonthValues<'a> {
    /// The month's deterrence.
    pub(crate) assessment: &'a Assessment,
    /// The month's hazards.
    pub(crate) hazards: &'a Hazards,
    /// Russia's capability.
    pub(crate) russia: f64,
    /// Mean European trust in the US guarantee.
    pub(crate) us_trust: f64,
    /// In January: the extra brigades the Baltic defence would need.
    pub(crate) forces_to_hold: Option<f64>,
    /// While the Ukraine option applies: its war hazard per unit of Russian
    /// capability.
    pub(crate) ukraine: Option<f64>,
}

/// Sums and survival probabilities over the months of one run.
pub(crate) struct Accumulators {
    sum_cohesion: f64,
    sum_deterrence: f64,
    sum_conventional: f64,
    sum_nuclear: f64,
    sum_us_trust: f64,
    sum_days_bought: f64,
    sum_to_hold: f64,
    januaries: f64,
    /// Probability that no attack has come yet.
    survive_attack: f64,
    survive_fragmentation: f64,
    survive_ukraine: f64,
    /// Probability of an attack (so far) that reaches the capitals.
    p_lost: f64,
    p_horizontal: f64,
    p_vertical: f64,
}

impl Default for Accumulators {
    fn default() -> Self {
        Accumulators {
            sum_cohesion: 0.0,
            sum_deterrence: 0.0,
            sum_conventional: 0.0,
            sum_nuclear: 0.0,
            sum_us_trust: 0.0,
            sum_days_bought: 0.0,
            sum_to_hold: 0.0,
            januaries: 0.0,
            survive_attack: 1.0,
            survive_fragmentation: 1.0,
            survive_ukraine: 1.0,
            p_lost: 0.0,
            p_horizontal: 0.0,
            p_vertical: 0.0,
        }
    }
}

impl Accumulators {
    /// Adds one month, after all its steps (MODEL.md 7.14, 7.15: what an
    /// attack would bring is weighed by the chance it comes now, given none
    /// came before).
    pub(crate) fn add(&mut self, sc: &Scenario, s: &State, v: &MonthValues<'_>) {
        let a = v.assessment;
        let b = &sc.baltic;
        self.sum_days_bought += a.days_bought;
        if let Some(to_hold) = v.forces_to_hold {
            self.sum_to_hold += to_hold;
            self.januaries += 1.0;
        }
        let attack_now = self.survive_attack * v.hazards.attack;
        if a.baltic.held() {
            self.p_horizontal += attack_now * b.horizontal_if_held;
            self.p_vertical +=
                attack_now * b.vertical_if_held * (1.0 - b.nuclear_restraint * a.nuclear);
        } else {
            self.p_lost += attack_now;
            self.p_horizontal += attack_now * b.horizontal_if_lost;
            self.p_vertical +=
                attack_now * b.vertical_if_lost * (1.0 - b.nuclear_restraint * a.nuclear);
        }
        self.survive_attack *= 1.0 - v.hazards.attack;
        self.survive_fragmentation *= 1.0 - v.hazards.fragmentation;
        if let Some(war_hazard) = v.ukraine {
            self.survive_ukraine *= 1.0 - war_hazard * v.russia;
        }
        self.sum_cohesion += s.cohesion;
        self.sum_deterrence += s.deterrence;
        self.sum_conventional += a.conventional;
        self.sum_nuclear += a.nuclear;
        self.sum_us_trust += v.us_trust;
    }

    /// The run's metrics after its last month.
    pub(crate) fn finish(self, months: usize, s: &State) -> RunMetrics {
        let months = months.max(1) as f64;
        let tally = &s.tally;
        // Undefined without crises (NaN), by definition, not by omission.
        let per_crisis = |count: u32| {
            if tally.crises > 0 {
                f64::from(count) / f64::from(tally.crises)
            } else {
                f64::NAN
            }
        };
        MetricValues {
            cohesion: self.sum_cohesion / months,
            capacity_to_act: per_crisis(tally.answered),
            decision_days: if tally.decided > 0 {
                tally.sum_days / f64::from(tally.decided)
            } else {
                f64::NAN
            },
            deterrence: self.sum_deterrence / months,
            conventional_deterrence: self.sum_conventional / months,
            nuclear_credibility: self.sum_nuclear / months,
            european_burden_share: s.spending.burden,
            europe_spending_gdp_final: s.spending.gdp_share,
            europe_spending_busd_final: s.spending.busd,
            spending_spread_final: s.spending.spread,
            free_riding_final: s.spending.free_riding,
            us_trust: self.sum_us_trust / months,
            p_attack: 1.0 - self.survive_attack,
            p_paralysis: per_crisis(tally.unanswered),
            p_fragmentation: 1.0 - self.survive_fragmentation,
            baltic_days: self.sum_days_bought / months,
            forces_to_hold: self.sum_to_hold / self.januaries.max(1.0),
            p_capitals_lost: self.p_lost,
            p_escalation_horizontal: self.p_horizontal,
            p_escalation_vertical: self.p_vertical,
            p_ukraine_war: 1.0 - self.survive_ukraine,
            host_stability: s.south.stability(),
            p_is_resurgence: if s.south.resurged { 1.0 } else { 0.0 },
            europe_related_gdp_final: s.spending.related_share,
            europe_total_gdp_final: s.spending.gdp_share + s.spending.related_share,
            fiscal_bound_final: s.spending.fiscal_bound,
        }
        .into()
    }
}
