//! `Engine::new`: everything that does not change between runs, computed
//! once per (scenario, dataset, model) — per-member constants as columns,
//! the US troop and enabler paths, the scenario's shocks month by month and
//! the crisis table keyed by [`CrisisKind`]. docs/MODEL.md 5 ("Initialisation").

use super::{CrisisKind, Engine};
use crate::data::{Dataset, Flank, Level, NuclearStatus};
use crate::math;
use crate::scenario::{
    Diagnostic, ModelId, Scenario, UsExit, When, WithdrawalReason, path_value, window_level,
};
use crate::time::YearMonth;

/// Contested issues members hold positions on (spatial bargaining).
pub(crate) const ISSUES: usize = 3;

/// ISO codes of the Baltic states, whose forces are in place on day 0 of a
/// coup de main (MODEL.md 7.15); resolved once into [`Members::baltic`].
const BALTIC_STATES: [&str; 3] = ["EST", "LVA", "LTU"];

/// Per-member constants, stored as columns for a tight inner loop.
#[derive(Clone, Debug)]
pub(crate) struct Members {
    pub(crate) n: usize,
    pub(crate) gdp0: Vec<f64>,
    pub(crate) share0: Vec<f64>,
    pub(crate) flank: Vec<Flank>,
    pub(crate) availability: Vec<f64>,
    pub(crate) european: Vec<bool>,
    pub(crate) has_forces: Vec<bool>,
    pub(crate) threat_base: Vec<f64>,
    pub(crate) ideal: Vec<[f64; ISSUES]>,
    pub(crate) south_weight: Vec<f64>,
    pub(crate) orientation: Vec<f64>,
    pub(crate) veto: Vec<f64>,
    pub(crate) risk_aversion: Vec<f64>,
    pub(crate) free_riding: Vec<f64>,
    pub(crate) china: Vec<f64>,
    /// Brigade equivalents a member's 2024 forces make (personnel / troops per brigade).
    pub(crate) brigades0: Vec<f64>,
    /// One of the Baltic states (their forces are in place on day 0).
    pub(crate) baltic: Vec<bool>,
    /// Nuclear-weapon state or nuclear-sharing host.
    pub(crate) nuclear_included: Vec<bool>,
    /// Demand for visible nuclear deterrence.
    pub(crate) nuclear_attitude: Vec<f64>,
    /// Severity from which a member sees a hybrid attack as an alliance matter.
    pub(crate) hybrid_threshold: Vec<f64>,
    /// How strongly a member feels the Greenland conflict (Nordic flank more).
    pub(crate) greenland_factor: Vec<f64>,
    /// How strongly a member feels a US–Russia deal (eastern flank more).
    pub(crate) deal_factor: Vec<f64>,
}

/// Scenario-wide shocks resolved per month (the same in every run). Not to be
/// confused with the scenario sections of [`crate::shocks`]: these are their
/// values month by month.
#[derive(Clone, Debug)]
pub(crate) struct MonthlyShocks {
    pub(crate) tariffs: Vec<f64>,
    /// Greenland conflict net of Arctic Sentry's damping.
    pub(crate) greenland: Vec<f64>,
    pub(crate) russia_deal: Vec<f64>,
    pub(crate) absences: Vec<f64>,
    /// Extra US troop withdrawal factor (1 = none).
    pub(crate) withdrawal: Vec<f64>,
    /// Allied forward brigades in the Baltic states.
    pub(crate) forward_brigades: Vec<f64>,
    /// Arctic Sentry presence.
    pub(crate) arctic: Vec<f64>,
    /// Whether the Ukraine option applies.
    pub(crate) ukraine: Vec<bool>,
    /// Whether the advisory mission in the south runs.
    pub(crate) mission: Vec<bool>,
    /// Whether the coalition keeps up pressure on IS.
    pub(crate) coalition: Vec<bool>,
    /// European GDP growth factor per month (tariffs lower it).
    pub(crate) europe_growth: Vec<f64>,
    /// Month index of a US exit attempt, if within the horizon.
    pub(crate) exit_attempt: Option<usize>,
}

/// Prepares `model` of `scenario` on `data`: the body of [`Engine::new`].
pub(crate) fn prepare(
    scenario: &Scenario,
    data: &Dataset,
    model: &ModelId,
) -> Result<Engine, Diagnostic> {
    let sc = scenario;
    let inst = sc
        .model(model)
        .ok_or_else(|| sc.unknown_model(model.id()))?
        .clone();
    let model = model.clone();
    let p = &sc.perception;
    let level = |l: Level| match l {
        Level::High => p.level_high,
        Level::Medium => p.level_medium,
        Level::Low => p.level_low,
    };
    let avail = sc.forces.availability.to_array();
    let mut gdps: Vec<f64> = data
        .members
        .iter()
        .filter(|m| m.is_european())
        .map(|m| m.gdp_2024_busd)
        .collect();
    gdps.sort_by(f64::total_cmp);
    let median_gdp = gdps.get(gdps.len() / 2).copied().unwrap_or(0.0);
    let ms = &data.members;
    let m = Members {
        n: ms.len(),
        gdp0: ms.iter().map(|m| m.gdp_2024_busd).collect(),
        share0: ms
            .iter()
            .map(|m| m.milex_share_2024.unwrap_or(0.0))
            .collect(),
        flank: ms.iter().map(|m| m.flank).collect(),
        availability: ms.iter().map(|m| avail[m.flank.index()]).collect(),
        european: ms.iter().map(|m| m.is_european()).collect(),
        has_forces: ms.iter().map(|m| m.has_armed_forces()).collect(),
        threat_base: ms
            .iter()
            .map(|m| {
                (1.0 - p.war_risk_weight) * level(m.tension) + p.war_risk_weight * level(m.war_risk)
            })
            .collect(),
        ideal: ms
            .iter()
            .map(|m| [m.china_stance, m.ukraine_membership, m.south_weight])
            .collect(),
        south_weight: ms.iter().map(|m| m.south_weight).collect(),
        orientation: ms.iter().map(|m| m.orientation).collect(),
        veto: ms.iter().map(|m| m.veto_propensity).collect(),
        risk_aversion: ms.iter().map(|m| m.risk_aversion).collect(),
        free_riding: ms
            .iter()
            .map(|m| {
                let small = m.gdp_2024_busd < median_gdp;
                sc.spending.free_riding
                    * if small {
                        sc.spending.small_ally_free_riding
                    } else {
                        1.0
                    }
            })
            .collect(),
        china: ms.iter().map(|m| m.china_stance).collect(),
        brigades0: ms
            .iter()
            .map(|m| m.personnel_k.unwrap_or(0.0) * 1000.0 / sc.baltic.troops_per_brigade)
            .collect(),
        baltic: ms
            .iter()
            .map(|m| BALTIC_STATES.contains(&m.iso3.as_str()))
            .collect(),
        nuclear_included: ms
            .iter()
            .map(|m| m.nuclear_status != NuclearStatus::None)
            .collect(),
        nuclear_attitude: ms.iter().map(|m| m.nuclear_attitude).collect(),
        hybrid_threshold: Vec::new(),
        greenland_factor: ms
            .iter()
            .map(|m| {
                if m.flank == Flank::North {
                    sc.conflicts.greenland.north_factor
                } else {
                    1.0
                }
            })
            .collect(),
        deal_factor: ms
            .iter()
            .map(|m| {
                if m.flank == Flank::East {
                    sc.conflicts.russia_deal.east_factor
                } else {
                    1.0
                }
            })
            .collect(),
    };
    let mut m = m;
    // Contested Article 5 thresholds: members who feel more threatened see
    // an alliance matter sooner.
    let (lo, hi) = m
        .threat_base
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    let mid = 0.5 * (lo + hi);
    let span = (hi - lo).max(1e-9);
    m.hybrid_threshold = m
        .threat_base
        .iter()
        .map(|&x| {
            (sc.hybrid.article5_threshold - sc.hybrid.threshold_dispersion * (x - mid) / span * 2.0)
                .clamp(0.0, 1.0)
        })
        .collect();
    let us = ms.iter().position(|m| m.is_us());
    let us_capability_per_troop = us
        .and_then(|i| Some(ms[i].milex_2024_musd? / 1000.0 / (ms[i].personnel_k? * 1000.0)))
        .unwrap_or(0.0);
    let months = sc.months();
    let start = sc.scenario.start;
    let dates: Vec<YearMonth> = (0..months).map(|t| start.plus(t as i32)).collect();
    let us_member: Vec<bool> = dates
        .iter()
        .map(|&d| match inst.us_exit {
            UsExit::Never => true,
            UsExit::At(exit) => d < exit,
        })
        .collect();
    let us_troops = dates
        .iter()
        .zip(&us_member)
        .map(|(&d, &member)| {
            if member {
                path_value(&inst.us_troops, d).max(0.0)
            } else {
                0.0
            }
        })
        .collect();
    let us_enablers = dates
        .iter()
        .zip(&us_member)
        .map(|(&d, &member)| {
            if member {
                path_value(&inst.us_enablers, d).clamp(0.0, 1.0)
            } else {
                0.0
            }
        })
        .collect();
    let k = &sc.conflicts;
    let level = |f: &dyn Fn(YearMonth) -> f64| dates.iter().map(|&d| f(d)).collect::<Vec<_>>();
    let arctic = level(&|d| {
        if sc.arctic.sentry_start.by(d) {
            sc.arctic.presence
        } else {
            0.0
        }
    });
    let withdrawal = level(&|d| path_value(&sc.us.withdrawal.scale, d).clamp(0.0, 1.0));
    let reason = sc.us.withdrawal.reason;
    let russia_deal = dates
        .iter()
        .zip(&withdrawal)
        .map(|(&d, &w)| {
            let deal = window_level(
                k.russia_deal.intensity,
                k.russia_deal.start,
                k.russia_deal.end,
                d,
            );
            // A withdrawal made as part of a deal is the deal in force.
            if reason == WithdrawalReason::RussiaDeal && w < 1.0 {
                deal.max(1.0)
            } else {
                deal
            }
        })
        .collect();
    let tariffs = level(&|d| window_level(k.tariffs.intensity, k.tariffs.start, k.tariffs.end, d));
    let europe_growth = tariffs
        .iter()
        .map(|&x| {
            math::pow(
                1.0 + (sc.spending.gdp_growth_europe - k.tariffs.gdp_growth_hit * x) / 100.0,
                1.0 / 12.0,
            )
        })
        .collect();
    let shocks = MonthlyShocks {
        greenland: dates
            .iter()
            .zip(&arctic)
            .map(|(&d, &a)| {
                window_level(k.greenland.intensity, k.greenland.start, k.greenland.end, d)
                    * (1.0 - sc.arctic.greenland_damping * a)
            })
            .collect(),
        russia_deal,
        absences: level(&|d| {
            window_level(k.absences.intensity, k.absences.start, k.absences.end, d)
        }),
        withdrawal,
        forward_brigades: level(&|d| path_value(&sc.baltic.forward_brigades, d).max(0.0)),
        arctic,
        ukraine: dates.iter().map(|&d| d >= sc.ukraine.start).collect(),
        mission: dates.iter().map(|&d| !sc.south.mission_end.by(d)).collect(),
        coalition: dates
            .iter()
            .map(|&d| !sc.south.coalition_withdrawal.by(d))
            .collect(),
        europe_growth,
        tariffs,
        exit_attempt: match k.exit_attempt.at {
            When::At(a) if a >= start && a <= sc.scenario.end => {
                Some(a.months_since(start) as usize)
            }
            _ => None,
        },
    };
    let us_china = us.map_or(1.0, |u| m.china[u]);
    let eu_efficiency = 1.0 + sc.forces.integration_efficiency * inst.procurement_integration;
    let crises = CrisisKind::ALL.map(|kind| (kind, kind.of(&sc.crises).clone()));
    let fiscal = super::fiscal::FiscalSetup::new(sc, data, &inst);
    Ok(Engine {
        fiscal,
        shocks,
        us_china,
        eu_efficiency,
        crises,
        ukraine: sc.ukraine.effects(sc.ukraine.option).clone(),
        reconstitution: (
            sc.russia.reconstitution_years_min,
            sc.russia.reconstitution_years_max,
        ),
        scenario: sc.clone(),
        inst,
        model,
        m,
        us,
        months,
        start,
        us_troops,
        us_enablers,
        us_member,
        us_capability_per_troop,
        spun_up: Default::default(),
    })
}
