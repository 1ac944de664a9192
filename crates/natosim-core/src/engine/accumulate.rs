//! Accumulating a run's months into its metrics (docs/MODEL.md 8 "Outcome
//! metrics"). [`Accumulators::finish`] builds the metrics with one
//! [`MetricValues`] struct literal that names every metric, so a metric added
//! to the table in `metrics.rs` without being computed here does not compile.

use super::month::{Article5, Assessment, Hazards};
use super::state::State;
use crate::math;
use crate::metrics::{MetricValues, RunMetrics};
use crate::scenario::Scenario;

/// Running sums over one window of months (MODEL.md 8.1): the probability
/// that no attack came in it, and the sums of deterrence and cohesion.
#[derive(Clone, Copy, Debug)]
struct Window {
    /// First month index in the window.
    from: usize,
    /// One past the last month index.
    to: usize,
    survive_attack: f64,
    sum_deterrence: f64,
    sum_cohesion: f64,
    months: f64,
}

impl Window {
    fn new(from: usize, to: usize) -> Window {
        Window {
            from,
            to,
            survive_attack: 1.0,
            sum_deterrence: 0.0,
            sum_cohesion: 0.0,
            months: 0.0,
        }
    }

    fn add(&mut self, t: usize, attack: f64, deterrence: f64, cohesion: f64) {
        if (self.from..self.to).contains(&t) {
            self.survive_attack *= 1.0 - attack;
            self.sum_deterrence += deterrence;
            self.sum_cohesion += cohesion;
            self.months += 1.0;
        }
    }

    /// The window's attack probability as an annual hazard,
    /// `1 − S^(12 / months)` (NaN for an empty window).
    fn annual_hazard(&self) -> f64 {
        if self.months > 0.0 {
            1.0 - math::pow(self.survive_attack, 12.0 / self.months)
        } else {
            f64::NAN
        }
    }

    /// Mean of a sum over the window's months (NaN for an empty window).
    fn mean(&self, sum: f64) -> f64 {
        if self.months > 0.0 {
            sum / self.months
        } else {
            f64::NAN
        }
    }
}

/// What one month contributes to the metrics beyond the run's state.
pub(crate) struct MonthValues<'a> {
    /// The month's deterrence.
    pub(crate) assessment: &'a Assessment,
    /// The month's hazards.
    pub(crate) hazards: &'a Hazards,
    /// Mean European trust in the US guarantee.
    pub(crate) us_trust: f64,
    /// In January: the extra brigades the Baltic defence would need.
    pub(crate) forces_to_hold: Option<f64>,
    /// The month's Article 5 decision (h-inst).
    pub(crate) article5: &'a Article5,
    /// The month's hazard of a renewed war in Ukraine (0 while the war goes
    /// on or the option does not apply; `month/ukraine.rs`).
    pub(crate) ukraine: f64,
    /// The month's index in the run.
    pub(crate) t: usize,
}

/// Sums and survival probabilities over the months of one run.
pub(crate) struct Accumulators {
    sum_cohesion: f64,
    sum_deterrence: f64,
    sum_conventional: f64,
    sum_nuclear: f64,
    sum_us_trust: f64,
    /// Sum of the days to the capitals over the months they fall, and those months.
    sum_days_lost: f64,
    months_lost: f64,
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
    // h-inst: institutions in the loop, Russia's nuclear risk.
    sum_response_days: f64,
    sum_reinforcing_share: f64,
    sum_russia_nuclear: f64,
    /// Sum of grey-zone shaping over the months.
    sum_shaping: f64,
    /// Sum of the brigades other theatres hold away from the east.
    sum_elsewhere: f64,
    /// The transition window (`scenario.start ..= transition_end`).
    transition: Window,
    /// The steady-state window (the last `steady_state_years`).
    end: Window,
}

impl Accumulators {
    /// Accumulators for a run of `months` months of `sc`, with its windows.
    pub(crate) fn new(sc: &Scenario, months: usize) -> Self {
        let m = &sc.scenario;
        let transition_to =
            (m.transition_end.months_since(m.start).max(-1) + 1).clamp(0, months as i32) as usize;
        let end_len = (12 * m.steady_state_years as usize).min(months);
        Accumulators {
            sum_shaping: 0.0,
            sum_elsewhere: 0.0,
            transition: Window::new(0, transition_to),
            end: Window::new(months - end_len, months),
            sum_cohesion: 0.0,
            sum_deterrence: 0.0,
            sum_conventional: 0.0,
            sum_nuclear: 0.0,
            sum_us_trust: 0.0,
            sum_days_lost: 0.0,
            months_lost: 0.0,
            sum_to_hold: 0.0,
            januaries: 0.0,
            survive_attack: 1.0,
            survive_fragmentation: 1.0,
            survive_ukraine: 1.0,
            p_lost: 0.0,
            p_horizontal: 0.0,
            p_vertical: 0.0,
            sum_response_days: 0.0,
            sum_reinforcing_share: 0.0,
            sum_russia_nuclear: 0.0,
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
        if let Some(days) = a.baltic.days_to_capitals {
            self.sum_days_lost += days;
            self.months_lost += 1.0;
        }
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
        self.survive_ukraine *= 1.0 - v.ukraine;
        self.sum_cohesion += s.cohesion;
        self.sum_deterrence += s.deterrence;
        self.sum_conventional += a.conventional;
        self.sum_nuclear += a.nuclear;
        self.sum_us_trust += v.us_trust;
        self.sum_response_days += v.article5.response_days;
        self.sum_reinforcing_share += v.article5.reinforcing_share;
        self.sum_russia_nuclear += v.hazards.russia_nuclear_risk;
        self.sum_shaping += s.shaping;
        self.sum_elsewhere += s.forces_elsewhere;
        for w in [&mut self.transition, &mut self.end] {
            w.add(v.t, v.hazards.attack, s.deterrence, s.cohesion);
        }
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
            // Undefined where the capitals never fall (NaN), like decision_days.
            baltic_days: if self.months_lost > 0.0 {
                self.sum_days_lost / self.months_lost
            } else {
                f64::NAN
            },
            forces_to_hold: self.sum_to_hold / self.januaries.max(1.0),
            p_capitals_lost: self.p_lost,
            p_escalation_horizontal: self.p_horizontal,
            p_escalation_vertical: self.p_vertical,
            p_ukraine_war: 1.0 - self.survive_ukraine,
            host_stability: s.south.stability(),
            p_is_resurgence: if s.south.resurged { 1.0 } else { 0.0 },
            // h-campaign (issue 10.1).
            p_baltic_held: 1.0 - self.months_lost / months,
            // h-inst
            response_days: self.sum_response_days / months,
            reinforcing_share: self.sum_reinforcing_share / months,
            russia_nuclear_risk: self.sum_russia_nuclear / months,
            institution_built_final: s.built.level,
            grey_zone_pressure: self.sum_shaping / months,
            forces_elsewhere: self.sum_elsewhere / months,
            p_attack_transition: 1.0 - self.transition.survive_attack,
            attack_hazard_transition: self.transition.annual_hazard(),
            attack_hazard_end: self.end.annual_hazard(),
            deterrence_transition: self.transition.mean(self.transition.sum_deterrence),
            deterrence_end: self.end.mean(self.end.sum_deterrence),
            cohesion_transition: self.transition.mean(self.transition.sum_cohesion),
            cohesion_end: self.end.mean(self.end.sum_cohesion),
            europe_related_gdp_final: s.spending.related_share,
            europe_total_gdp_final: s.spending.gdp_share + s.spending.related_share,
            fiscal_bound_final: s.spending.fiscal_bound,
        }
        .into()
    }
}
