//! The monthly alliance engine.
//!
//! An [`Engine`] is prepared once per (scenario, dataset, model) and then runs
//! any number of independent Monte Carlo runs; it is immutable and `Sync`, so
//! an ensemble can share it across threads. Each run draws only from streams
//! derived from `(seed, run)` (see [`crate::rng`]), so the same run gives the
//! same result on any thread.
//!
//! One month, in order (docs/MODEL.md, "Process overview and scheduling"):
//! 1. US posture (troops, enablers, membership) and leadership;
//! 2. Russia's reconstitution and the members' threat perceptions;
//! 3. trust in the US guarantee, the European guarantee, abandonment and entrapment;
//! 4. positions on the contested issues (spatial bargaining) and alignment;
//! 5. crises, put to the model's decision rule;
//! 6. force generation (procurement lag, build-up), enablers;
//! 7. deterrence (conventional, nuclear), then, in January, national budgets;
//! 8. cohesion and members' exit hazards;
//! 9. hazards of a Russian attack and of fragmentation; metrics.
//!
//! The four models differ only in their [`Institution`]; nothing here branches
//! on which model is running.

use crate::data::{Dataset, Flank, Level, NuclearStatus};
use crate::metrics::{Metric, N_METRICS, RunMetrics};
use crate::rng::{Purpose, Rng, stream};
use crate::scenario::{
    CrisisType, DecisionRule, Diagnostic, Institution, ModelId, Scenario, UkraineOption, UsExit,
    When, WithdrawalReason, path_value, window_level,
};
use crate::submodels::{baltic, nuclear, south};
use crate::time::YearMonth;
use rand::Rng as _;
use rand_distr::{Distribution, StandardNormal};
use serde::Serialize;

/// Contested issues members hold positions on (spatial bargaining).
const ISSUES: usize = 3;

/// Logistic function.
fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Per-member constants, stored as columns for a tight inner loop.
#[derive(Clone, Debug)]
struct Members {
    n: usize,
    gdp0: Vec<f64>,
    share0: Vec<f64>,
    growth: Vec<f64>,
    flank: Vec<Flank>,
    availability: Vec<f64>,
    european: Vec<bool>,
    has_forces: Vec<bool>,
    threat_base: Vec<f64>,
    ideal: Vec<[f64; ISSUES]>,
    south_weight: Vec<f64>,
    orientation: Vec<f64>,
    veto: Vec<f64>,
    risk_aversion: Vec<f64>,
    fiscal: Vec<f64>,
    free_riding: Vec<f64>,
    china: Vec<f64>,
    /// Brigade equivalents a member's 2024 forces make (personnel / troops per brigade).
    brigades0: Vec<f64>,
    /// One of the Baltic states (their forces are in place on day 0).
    baltic: Vec<bool>,
    /// Nuclear-weapon state or nuclear-sharing host.
    nuclear_included: Vec<bool>,
    /// Demand for visible nuclear deterrence.
    nuclear_attitude: Vec<f64>,
    /// Severity from which a member sees a hybrid attack as an alliance matter.
    hybrid_threshold: Vec<f64>,
    /// How strongly a member feels the Greenland conflict (Nordic flank more).
    greenland_factor: Vec<f64>,
    /// How strongly a member feels a US–Russia deal (eastern flank more).
    deal_factor: Vec<f64>,
}

/// Scenario-wide shocks resolved per month (the same in every run).
#[derive(Clone, Debug)]
struct Shocks {
    tariffs: Vec<f64>,
    /// Greenland conflict net of Arctic Sentry's damping.
    greenland: Vec<f64>,
    russia_deal: Vec<f64>,
    absences: Vec<f64>,
    /// Extra US troop withdrawal factor (1 = none).
    withdrawal: Vec<f64>,
    /// Allied forward brigades in the Baltic states.
    forward_brigades: Vec<f64>,
    /// Arctic Sentry presence.
    arctic: Vec<f64>,
    /// Whether the Ukraine option applies.
    ukraine: Vec<bool>,
    /// Whether the advisory mission in the south runs.
    mission: Vec<bool>,
    /// Whether the coalition keeps up pressure on IS.
    coalition: Vec<bool>,
    /// European GDP growth factor per month (tariffs lower it).
    europe_growth: Vec<f64>,
    /// Month index of a US exit attempt, if within the horizon.
    exit_attempt: Option<usize>,
}

/// The US posture in one month of one run.
#[derive(Clone, Copy, Debug)]
struct UsPosture {
    /// The US is an ally this month.
    member: bool,
    /// US troops in Europe.
    troops: f64,
    /// US enablers share.
    enablers: f64,
    /// Presence: troops relative to today's, at most 1.
    presence: f64,
    /// Political signals against the nuclear guarantee.
    signals: f64,
    /// Ended in practice (an exit the Senate refused, carried out anyway).
    practical_exit: bool,
}

/// A prepared model: scenario constants resolved for one institution.
#[derive(Clone, Debug)]
pub struct Engine {
    scenario: Scenario,
    inst: Institution,
    model: ModelId,
    m: Members,
    us: Option<usize>,
    months: usize,
    start: YearMonth,
    /// US troops in Europe per month.
    us_troops: Vec<f64>,
    /// US enablers share per month.
    us_enablers: Vec<f64>,
    /// Whether the US is an ally in each month.
    us_member: Vec<bool>,
    /// USD bn of capability per US soldier (US spending / personnel).
    us_capability_per_troop: f64,
    /// Years until Russia is fully reconstituted, drawn per run in this range.
    reconstitution: (f64, f64),
    /// Scenario-wide shocks per month.
    shocks: Shocks,
    /// Effects of the scenario's Ukraine option.
    ukraine: UkraineOption,
}

/// One simulated month, for time-series output.
#[derive(Clone, Debug, Serialize)]
pub struct MonthRecord {
    /// Month.
    pub month: YearMonth,
    /// Cohesion index.
    pub cohesion: f64,
    /// Alignment of positions.
    pub alignment: f64,
    /// Mean institutional trust (the guarantee net of sovereignty resistance).
    pub institutional_trust: f64,
    /// Solidarity record.
    pub solidarity_record: f64,
    /// Mean European trust in the US guarantee.
    pub us_trust: f64,
    /// US leadership (material × ideational × institutional).
    pub us_leadership: f64,
    /// US troops in Europe.
    pub us_troops: f64,
    /// Days until an attack this month would reach the Baltic capitals
    /// (`baltic.horizon_days` if the defence holds).
    pub baltic_days: f64,
    /// Host stability in the south (capacity net of the insurgency).
    pub host_stability: f64,
    /// Russia's capability relative to full reconstitution.
    pub russia_capability: f64,
    /// Mean European threat perception.
    pub threat: f64,
    /// Conventional deterrence.
    pub conventional_deterrence: f64,
    /// Nuclear credibility.
    pub nuclear_credibility: f64,
    /// Combined deterrence.
    pub deterrence: f64,
    /// European spending, % of GDP.
    pub europe_spending_gdp: f64,
    /// European spending, USD bn.
    pub europe_spending_busd: f64,
    /// Monthly hazard of a Russian attack.
    pub attack_hazard: f64,
    /// Monthly hazard of fragmentation.
    pub fragmentation_hazard: f64,
    /// Crises so far.
    pub crises: u32,
    /// Crises answered adequately and in time so far.
    pub crises_answered: u32,
}

/// One member's state in the final simulated month (for maps and per-member
/// tables); members appear in dataset order.
#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct MemberEnd {
    /// Defence spending, % of GDP.
    pub spending_gdp: f64,
    /// Trust in the US guarantee (0–1).
    pub us_trust: f64,
    /// Threat perception (1 = "high" in the seed's coding).
    pub threat: f64,
}

/// How one crisis ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CrisisOutcome {
    /// Days until the alliance (or a coalition or leader) decided to act;
    /// `None` if it never did.
    pub decision_days: Option<f64>,
    /// Forces committed, USD bn of capability.
    pub committed: f64,
}

/// Mutable state of one run.
struct State {
    gdp: Vec<f64>,
    share: Vec<f64>,
    capability: Vec<f64>,
    /// Monthly spending history, ring buffer `[slot * n + member]`.
    spend_ring: Vec<f64>,
    trust: Vec<f64>,
    threat: Vec<f64>,
    bump: Vec<f64>,
    guarantee: Vec<f64>,
    abandonment: Vec<f64>,
    entrapment: Vec<f64>,
    pos: Vec<[f64; ISSUES]>,
    record: f64,
    eu_enablers: f64,
    cohesion: f64,
    deterrence: f64,
    /// Deterrence Europe provides alone (the European part of the guarantee).
    europe_alone: f64,
    leadership: f64,
}

/// The month's deterrence.
struct Assessment {
    conventional: f64,
    nuclear: f64,
    deterrence: f64,
    /// Deterrence Europe provides without the US (the European guarantee).
    europe_alone: f64,
    /// A coup de main against the month's forces.
    baltic: baltic::Outcome,
    /// Those forces.
    baltic_forces: baltic::Forces,
}

/// How a US attempt to leave the alliance ends in one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ExitOutcome {
    /// No attempt, or the Senate refused and the US stays engaged.
    Stays,
    /// Two thirds of the Senate approved: the US leaves.
    Formal,
    /// The Senate refused, but the administration ends membership in practice.
    Practical,
}

/// One ally's stance on one crisis.
struct Vote {
    days: f64,
    forces: f64,
    weight: f64,
    support: bool,
    object: bool,
}

/// Inputs to a crisis decision that come from the month's state.
struct CrisisContext<'a> {
    inst: &'a Institution,
    s: &'a State,
    us_in: bool,
    presence: f64,
    us_forces: f64,
    /// Forces an adequate answer needs, USD bn.
    required: f64,
    /// Severity of a hybrid attack (for hybrid crises only).
    hybrid_severity: Option<f64>,
}

/// Kind and severity of a hybrid attack from two uniforms: the kind by its
/// share in the mix, the severity 0.5–1.5 times the kind's typical one.
fn hybrid_attack_severity(h: &crate::scenario::Hybrid, u_kind: f64, u_severity: f64) -> f64 {
    let mix = h.mix.to_array();
    let total: f64 = mix.iter().sum();
    let severities = h.severity.to_array();
    let mut acc = 0.0;
    let mut kind = mix.len() - 1;
    for (j, w) in mix.iter().enumerate() {
        acc += w / total;
        if u_kind < acc {
            kind = j;
            break;
        }
    }
    (severities[kind] * (0.5 + u_severity)).min(1.0)
}

impl Engine {
    /// Prepares `model` of `scenario` on `data`; a model the scenario does
    /// not define is a `NotFound` diagnostic (with a "did you mean").
    pub fn new(scenario: &Scenario, data: &Dataset, model: &ModelId) -> Result<Engine, Diagnostic> {
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
        let growth_of = |europe: bool| {
            let g = if europe {
                sc.spending.gdp_growth_europe
            } else {
                sc.spending.gdp_growth_north_america
            };
            (1.0 + g / 100.0).powf(1.0 / 12.0)
        };
        let ms = &data.members;
        let m = Members {
            n: ms.len(),
            gdp0: ms.iter().map(|m| m.gdp_2024_busd).collect(),
            share0: ms
                .iter()
                .map(|m| m.milex_share_2024.unwrap_or(0.0))
                .collect(),
            growth: ms.iter().map(|m| growth_of(m.is_european())).collect(),
            flank: ms.iter().map(|m| m.flank).collect(),
            availability: ms.iter().map(|m| avail[m.flank.index()]).collect(),
            european: ms.iter().map(|m| m.is_european()).collect(),
            has_forces: ms.iter().map(|m| m.has_armed_forces()).collect(),
            threat_base: ms
                .iter()
                .map(|m| {
                    (1.0 - p.war_risk_weight) * level(m.tension)
                        + p.war_risk_weight * level(m.war_risk)
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
            fiscal: ms.iter().map(|m| m.fiscal_constraint).collect(),
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
                .map(|m| matches!(m.iso3.as_str(), "EST" | "LVA" | "LTU"))
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
                (sc.hybrid.article5_threshold
                    - sc.hybrid.threshold_dispersion * (x - mid) / span * 2.0)
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
        let tariffs =
            level(&|d| window_level(k.tariffs.intensity, k.tariffs.start, k.tariffs.end, d));
        let europe_growth = tariffs
            .iter()
            .map(|&x| {
                (1.0 + (sc.spending.gdp_growth_europe - k.tariffs.gdp_growth_hit * x) / 100.0)
                    .powf(1.0 / 12.0)
            })
            .collect();
        let shocks = Shocks {
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
        Ok(Engine {
            shocks,
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
        })
    }

    /// The model this engine runs.
    pub fn model(&self) -> &ModelId {
        &self.model
    }

    /// Number of members.
    pub fn members(&self) -> usize {
        self.m.n
    }

    /// Number of months per run.
    pub fn months(&self) -> usize {
        self.months
    }

    /// Runs run `run` of the ensemble seeded `seed` and returns its metrics.
    pub fn run(&self, seed: u64, run: u64) -> RunMetrics {
        self.simulate(seed, run, None, None)
    }

    /// Like [`Engine::run`], and also returns each member's final state.
    pub fn run_with_members(&self, seed: u64, run: u64) -> (RunMetrics, Vec<MemberEnd>) {
        let mut members = Vec::with_capacity(self.m.n);
        let metrics = self.simulate(seed, run, None, Some(&mut members));
        (metrics, members)
    }

    /// Like [`Engine::run`], and also returns the monthly time series.
    pub fn run_with_series(&self, seed: u64, run: u64) -> (RunMetrics, Vec<MonthRecord>) {
        let mut series = Vec::with_capacity(self.months);
        let metrics = self.simulate(seed, run, Some(&mut series), None);
        (metrics, series)
    }

    fn initial_state(&self) -> State {
        let n = self.m.n;
        let sc = &self.scenario;
        let lag = sc.forces.procurement_lag_months as usize + 1;
        let spend0: Vec<f64> = (0..n)
            .map(|i| self.m.share0[i] / 100.0 * self.m.gdp0[i])
            .collect();
        let mut spend_ring = Vec::with_capacity(lag * n);
        for _ in 0..lag {
            spend_ring.extend_from_slice(&spend0);
        }
        State {
            gdp: self.m.gdp0.clone(),
            share: self.m.share0.clone(),
            // Forces start in steady state with today's budgets.
            capability: spend0,
            spend_ring,
            trust: vec![sc.perception.trust_initial; n],
            threat: self.m.threat_base.clone(),
            bump: vec![0.0; n],
            guarantee: vec![0.0; n],
            abandonment: vec![0.0; n],
            entrapment: vec![0.0; n],
            pos: self.m.ideal.clone(),
            record: 1.0,
            eu_enablers: 0.0,
            cohesion: 1.0,
            deterrence: 1.0,
            europe_alone: 0.0,
            leadership: 0.0,
        }
    }

    fn simulate(
        &self,
        seed: u64,
        run: u64,
        mut series: Option<&mut Vec<MonthRecord>>,
        members: Option<&mut Vec<MemberEnd>>,
    ) -> RunMetrics {
        let sc = &self.scenario;
        let inst = &self.inst;
        let m = &self.m;
        let n = m.n;
        let mut exo = stream(seed, run, Purpose::Exogenous, 0);
        let mut noise = stream(seed, run, Purpose::Members, 0);
        let mut s = self.initial_state();

        let (rmin, rmax) = self.reconstitution;
        let reconstitution_years = rmin + (rmax - rmin) * exo.random::<f64>();
        // A US exit attempt meets the Senate hurdle (drawn in every run and
        // model alike, so the streams stay aligned).
        let (u_senate, u_practical): (f64, f64) = (exo.random(), exo.random());
        let ea = &sc.conflicts.exit_attempt;
        let exit = if self.shocks.exit_attempt.is_none() {
            ExitOutcome::Stays
        } else if u_senate < ea.senate_approval {
            ExitOutcome::Formal
        } else if u_practical < ea.practical_exit {
            ExitOutcome::Practical
        } else {
            ExitOutcome::Stays
        };
        let mut chip_off = false;
        let mut south_state = south::State::initial(&sc.south);
        let mut theatre = stream(seed, run, Purpose::Theatre, 0);
        let cap0 = sc.russia.capability_2025;
        let floor = sc.perception.russia_threat_floor;
        let lag_slots = sc.forces.procurement_lag_months as usize + 1;
        let integration = inst.procurement_integration;
        let eu_efficiency = 1.0 + sc.forces.integration_efficiency * integration;
        let us_china = self.us.map_or(1.0, |u| m.china[u]);
        // Positions start in the bargaining equilibrium of the starting posture.
        let us0 = self.posture(0, exit, chip_off);
        s.leadership = if us0.member {
            inst.hegemonic_leadership
        } else {
            0.0
        };
        for _ in 0..sc.cohesion.spin_up_months {
            self.update_positions(&mut s, us0.member, None);
        }
        {
            // Deterrence as of the eve of the first month.
            let a = self.assess(&s, 0, cap0, &us0);
            s.deterrence = a.deterrence;
            s.europe_alone = a.europe_alone;
        }
        let crisis_types = sc.crises.all();

        // Accumulators.
        let mut sum_cohesion = 0.0;
        let mut sum_deterrence = 0.0;
        let mut sum_conv = 0.0;
        let mut sum_nuclear = 0.0;
        let mut sum_us_trust = 0.0;
        let mut survive_attack = 1.0;
        let mut survive_fragmentation = 1.0;
        let mut crises = 0u32;
        let mut answered = 0u32;
        let mut unanswered = 0u32;
        let mut decided = 0u32;
        let mut sum_days = 0.0;
        let mut refs: Option<(Vec<f64>, f64)> = None;
        let mut europe_share_final = 0.0;
        let mut europe_busd_final = 0.0;
        let mut burden_final = 0.0;
        let mut spread_final = 0.0;
        let mut free_riding_final = 0.0;
        let mut survive_ukraine = 1.0;
        let (mut p_lost, mut p_horizontal, mut p_vertical) = (0.0, 0.0, 0.0);
        let (mut sum_days_bought, mut sum_to_hold, mut januaries) = (0.0, 0.0, 0.0_f64);
        let mut threat0 = None;

        for t in 0..self.months {
            let date = self.start.plus(t as i32);
            let years = t as f64 / 12.0;

            // 1. US posture and leadership: material (presence), ideational (trust),
            // institutional (absences at ministerials cut it).
            let sh = &self.shocks;
            let k = &sc.conflicts;
            let us = self.posture(t, exit, chip_off);
            let (us_in, presence) = (us.member, us.presence);
            let eu_trust_mean = mean_over(&s.trust, &m.european);
            s.leadership = if us_in && !us.practical_exit {
                inst.hegemonic_leadership
                    * presence.sqrt()
                    * (0.5 + 0.5 * eu_trust_mean)
                    * (1.0 - k.absences.leadership_cut * sh.absences[t])
            } else {
                0.0
            };

            // 2. Russia and threat perception.
            let russia = cap0 + (1.0 - cap0) * (years / reconstitution_years).min(1.0);
            let russia_index = floor + (1.0 - floor) * russia / cap0;
            for i in 0..n {
                s.bump[i] *= sc.perception.crisis_salience_decay;
                s.threat[i] = (m.threat_base[i] * russia_index + s.bump[i]).min(1.5);
            }

            // 3. Trust in the US guarantee; the European guarantee; fears.
            let p = &sc.perception;
            let eu_guarantee = s.record * s.europe_alone;
            // The conflict fields: "allein schon die Aussicht [bewirkt] einen massiven Vertrauensverlust".
            let friction = sc.us.political_friction
                + k.tariffs.trust_penalty * sh.tariffs[t]
                + k.absences.trust_penalty * sh.absences[t];
            let pivot = if sc.us.withdrawal.reason == WithdrawalReason::ChinaPivot
                && sh.withdrawal[t] < 1.0
            {
                1.0 + sc.us.withdrawal.pivot_entrapment
            } else {
                1.0
            };
            let entanglement = if sh.ukraine[t] {
                self.ukraine.entanglement
            } else {
                0.0
            };
            for i in 0..n {
                let target = if us_in {
                    p.trust_base
                        + p.trust_presence_weight * presence
                        + p.trust_leadership_weight * s.leadership
                        - friction
                        - k.greenland.trust_penalty * sh.greenland[t] * m.greenland_factor[i]
                        - k.russia_deal.trust_penalty * sh.russia_deal[t] * m.deal_factor[i]
                        + p.atlanticist_anchor * (1.0 - 2.0 * m.orientation[i])
                } else {
                    0.0
                };
                let z: f64 = StandardNormal.sample(&mut noise);
                s.trust[i] = (s.trust[i]
                    + p.trust_rate * (target.clamp(0.0, 1.0) - s.trust[i])
                    + p.trust_noise * z)
                    .clamp(0.0, 1.0);
                let us_part = if us_in { s.trust[i] } else { 0.0 };
                s.guarantee[i] = 1.0 - (1.0 - us_part) * (1.0 - eu_guarantee);
                s.abandonment[i] = s.threat[i] * (1.0 - s.guarantee[i]);
                s.entrapment[i] = if us_in {
                    p.entrapment_weight
                        * m.risk_aversion[i]
                        * s.leadership
                        * (m.china[i] - us_china).abs()
                        * pivot
                } else {
                    0.0
                } + entanglement * m.risk_aversion[i];
            }

            // 4. Positions: pull toward the weighted collective position, back to one's ideal.
            let alignment = self.update_positions(&mut s, us_in, Some(&mut noise));

            // 5. Crises (one uniform per type and month, common to all models).
            let us_forces = self.us_forces(&us);
            // A deal over the allies' heads emboldens Russia.
            let probe_gain =
                sc.russia.probe_gain * (1.0 + k.russia_deal.probe_gain * sh.russia_deal[t]);
            for (index, (name, ct)) in crisis_types.iter().enumerate() {
                let u: f64 = exo.random();
                let mut rate = if ct.russian_driven {
                    ct.rate_per_month * (1.0 + probe_gain * russia * (1.0 - s.deterrence))
                } else {
                    ct.rate_per_month
                };
                let mut required = ct.required_busd;
                match *name {
                    "arctic" => {
                        rate *= (1.0 + k.greenland.arctic_rate_gain * sh.greenland[t])
                            * (1.0 - sc.arctic.rate_damping * sh.arctic[t]);
                        required *= 1.0 - sc.arctic.prepositioning * sh.arctic[t];
                    }
                    "south" => {
                        rate *= (1.0
                            + sc.south.crisis_gain * (south_state.is - sc.south.is_initial))
                            .max(0.0);
                    }
                    _ => {}
                }
                if u >= rate.min(1.0) {
                    continue;
                }
                let mut rng = stream(
                    seed,
                    run,
                    Purpose::Crisis,
                    (t * crisis_types.len() + index) as u64,
                );
                let mut hybrid_severity = None;
                if *name == "hybrid" {
                    let (u_kind, u_severity, u_absorb): (f64, f64, f64) =
                        (rng.random(), rng.random(), rng.random());
                    let severity = hybrid_attack_severity(&sc.hybrid, u_kind, u_severity);
                    // National resilience absorbs lesser attacks before they reach the alliance.
                    if u_absorb < sc.hybrid.resilience * (1.0 - severity) {
                        continue;
                    }
                    // Severity 0.5 is the nominal crisis; resilient societies need less help.
                    required *= 2.0 * severity * (1.0 - sc.hybrid.resilience);
                    hybrid_severity = Some(severity);
                }
                crises += 1;
                let ctx = CrisisContext {
                    inst,
                    s: &s,
                    us_in,
                    presence,
                    us_forces,
                    required,
                    hybrid_severity,
                };
                let outcome = self.decide(ct, &ctx, &mut rng);
                let in_time = outcome.decision_days.filter(|&d| d <= ct.deadline_days);
                let success = in_time.is_some() && outcome.committed >= required;
                if let Some(days) = outcome.decision_days.filter(|&d| d <= sc.decision.max_days) {
                    decided += 1;
                    sum_days += days;
                }
                if in_time.is_none() {
                    unanswered += 1;
                }
                if success {
                    answered += 1;
                }
                let mem = sc.cohesion.record_memory;
                s.record = mem * s.record + (1.0 - mem) * if success { 1.0 } else { 0.0 };
                if ct.russian_driven {
                    let sal = ct.salience.to_array();
                    for i in 0..n {
                        s.bump[i] += sc.perception.crisis_salience_gain * sal[m.flank[i].index()];
                    }
                }
            }

            // 6. Force generation: spending fields capability after a lag, then builds up.
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
                let eff = if m.european[i] { eu_efficiency } else { 1.0 };
                let target = s.spend_ring[lagged * n + i] * eff;
                s.capability[i] += (target - s.capability[i]) / sc.forces.build_up_months;
            }
            s.eu_enablers += sc.forces.european_enabler_rate * integration * (1.0 - s.eu_enablers);

            // 7-8. Deterrence, then (each January) budgets, then cohesion.
            let a = self.assess(&s, t, russia, &us);
            s.deterrence = a.deterrence;
            s.europe_alone = a.europe_alone;
            let (conv, nuclear) = (a.conventional, a.nuclear);
            let days_bought = a.baltic.days_to_capitals.unwrap_or(sc.baltic.horizon_days);
            sum_days_bought += days_bought;
            if date.month() == 1 || t == 0 {
                let (core_target, _) = sc.target(date.year());
                // A threatened withdrawal used as a bargaining chip is called off
                // once the Europeans meet the target.
                let chip = sc.us.withdrawal.reason == WithdrawalReason::BargainingChip;
                if chip && t > 0 && europe_share_final >= sc.us.withdrawal.chip_target {
                    chip_off = true;
                }
                let chip_pressure = if chip && !chip_off {
                    sc.us.withdrawal.chip_pressure
                } else {
                    0.0
                };
                let ukraine_cost = if sh.ukraine[t] {
                    self.ukraine.cost_gdp
                } else {
                    0.0
                };
                let reference = refs.get_or_insert_with(|| (s.abandonment.clone(), s.deterrence));
                self.budgets(
                    &mut s,
                    core_target,
                    (&reference.0, reference.1),
                    chip_pressure,
                    ukraine_cost,
                );
                sum_to_hold += baltic::forces_to_hold(&sc.baltic, &a.baltic_forces);
                januaries += 1.0;
            }

            let h = &sc.cohesion;
            let mut inst_trust = 0.0;
            let mut allies = 0.0_f64;
            let mut exit_hazard = 0.0;
            for i in 0..n {
                if Some(i) == self.us && !us_in {
                    continue;
                }
                let resistance =
                    inst.sovereignty_cost * h.sovereignty_resistance * (1.0 - m.orientation[i]);
                inst_trust += (s.guarantee[i] - resistance).clamp(0.0, 1.0);
                allies += 1.0;
                if Some(i) != self.us {
                    // Exit when the costs of membership outweigh its protection.
                    let benefit = s.threat[i] * s.guarantee[i];
                    let cost = resistance + s.entrapment[i];
                    exit_hazard += h.exit_hazard_max * logistic((cost - benefit) / h.exit_softness);
                }
            }
            let inst_trust = inst_trust / allies.max(1.0);
            s.cohesion = h.weight_alignment * alignment
                + h.weight_trust * inst_trust
                + h.weight_record * s.record;

            // The south: advisers build the host's capacity while the east, as
            // the threat there grows, draws resources away (the 360-degree trade-off).
            let threat_now = mean_over(&s.threat, &m.european);
            let threat_start = *threat0.get_or_insert(threat_now);
            let advisers = if sh.mission[t] {
                sc.south.advisers
                    * (1.0 - sc.south.east_pull * (threat_now - threat_start).max(0.0)).max(0.0)
                    * (0.5 + 0.5 * s.cohesion)
            } else {
                0.0
            };
            let z: f64 = StandardNormal.sample(&mut theatre);
            south::step(&sc.south, &mut south_state, t, advisers, sh.coalition[t], z);

            // 9. Hazards; what an attack would bring is weighed by the chance it comes now.
            let feasible = ((russia - cap0) / (1.0 - cap0).max(1e-9))
                .clamp(0.0, 1.0)
                .powi(2);
            let attack_hazard = (sc.russia.attack_hazard_max
                * feasible
                * (1.0 - s.deterrence).powf(sc.russia.attack_deterrence_exponent)
                * (1.0 + sc.russia.attack_cohesion_gain * (1.0 - s.cohesion)))
                .min(1.0);
            let collapse = h.fragmentation_hazard_max
                * logistic((h.fragmentation_threshold - s.cohesion) / h.fragmentation_softness);
            let fragmentation_hazard = (collapse + exit_hazard).min(1.0);
            let b = &sc.baltic;
            let attack_now = survive_attack * attack_hazard;
            if a.baltic.held() {
                p_horizontal += attack_now * b.horizontal_if_held;
                p_vertical +=
                    attack_now * b.vertical_if_held * (1.0 - b.nuclear_restraint * nuclear);
            } else {
                p_lost += attack_now;
                p_horizontal += attack_now * b.horizontal_if_lost;
                p_vertical +=
                    attack_now * b.vertical_if_lost * (1.0 - b.nuclear_restraint * nuclear);
            }
            survive_attack *= 1.0 - attack_hazard;
            survive_fragmentation *= 1.0 - fragmentation_hazard;
            if sh.ukraine[t] {
                survive_ukraine *= 1.0 - self.ukraine.war_hazard * russia;
            }

            let us_trust = mean_over(&s.trust, &m.european);
            sum_cohesion += s.cohesion;
            sum_deterrence += s.deterrence;
            sum_conv += conv;
            sum_nuclear += nuclear;
            sum_us_trust += us_trust;

            // Spending and burden (the final month's values are the final year's budgets).
            let (mut eu_spend, mut eu_gdp, mut others) = (0.0, 0.0, 0.0);
            let (mut below, mut armed, mut sum_sq, mut sum_sh) = (0.0, 0.0_f64, 0.0, 0.0);
            let (core_target, _) = sc.target(date.year());
            for i in 0..n {
                let spend = s.share[i] / 100.0 * s.gdp[i];
                if m.european[i] {
                    eu_spend += spend;
                    eu_gdp += s.gdp[i];
                    if m.has_forces[i] {
                        armed += 1.0;
                        sum_sh += s.share[i];
                        sum_sq += s.share[i] * s.share[i];
                        if s.share[i] < core_target - 1e-9 {
                            below += 1.0;
                        }
                    }
                } else if Some(i) == self.us {
                    if us_in {
                        others += spend * sc.us.europe_budget_share * presence;
                    }
                } else {
                    others += spend;
                }
            }
            europe_share_final = 100.0 * eu_spend / eu_gdp.max(1e-9);
            europe_busd_final = eu_spend;
            burden_final = eu_spend / (eu_spend + others).max(1e-9);
            let mean_sh = sum_sh / armed.max(1.0);
            spread_final = (sum_sq / armed.max(1.0) - mean_sh * mean_sh)
                .max(0.0)
                .sqrt();
            free_riding_final = below / armed.max(1.0);

            if let Some(series) = series.as_deref_mut() {
                series.push(MonthRecord {
                    month: date,
                    cohesion: s.cohesion,
                    alignment,
                    institutional_trust: inst_trust,
                    solidarity_record: s.record,
                    us_trust,
                    us_leadership: s.leadership,
                    us_troops: us.troops,
                    baltic_days: days_bought,
                    host_stability: south_state.stability(),
                    russia_capability: russia,
                    threat: mean_over(&s.threat, &m.european),
                    conventional_deterrence: conv,
                    nuclear_credibility: nuclear,
                    deterrence: s.deterrence,
                    europe_spending_gdp: europe_share_final,
                    europe_spending_busd: eu_spend,
                    attack_hazard,
                    fragmentation_hazard,
                    crises,
                    crises_answered: answered,
                });
            }
        }

        if let Some(out) = members {
            out.extend((0..n).map(|i| MemberEnd {
                spending_gdp: s.share[i],
                us_trust: s.trust[i],
                threat: s.threat[i],
            }));
        }
        let months = self.months.max(1) as f64;
        let mut v = [f64::NAN; N_METRICS];
        v[Metric::Cohesion as usize] = sum_cohesion / months;
        v[Metric::CapacityToAct as usize] = if crises > 0 {
            f64::from(answered) / f64::from(crises)
        } else {
            f64::NAN
        };
        v[Metric::DecisionDays as usize] = if decided > 0 {
            sum_days / f64::from(decided)
        } else {
            f64::NAN
        };
        v[Metric::Deterrence as usize] = sum_deterrence / months;
        v[Metric::ConventionalDeterrence as usize] = sum_conv / months;
        v[Metric::NuclearCredibility as usize] = sum_nuclear / months;
        v[Metric::EuropeanBurdenShare as usize] = burden_final;
        v[Metric::EuropeSpendingGdp2035 as usize] = europe_share_final;
        v[Metric::EuropeSpendingBusd2035 as usize] = europe_busd_final;
        v[Metric::SpendingSpread2035 as usize] = spread_final;
        v[Metric::FreeRiding2035 as usize] = free_riding_final;
        v[Metric::UsTrust as usize] = sum_us_trust / months;
        v[Metric::PAttack as usize] = 1.0 - survive_attack;
        v[Metric::PParalysis as usize] = if crises > 0 {
            f64::from(unanswered) / f64::from(crises)
        } else {
            f64::NAN
        };
        v[Metric::PFragmentation as usize] = 1.0 - survive_fragmentation;
        v[Metric::BalticDays as usize] = sum_days_bought / months;
        v[Metric::ForcesToHold as usize] = sum_to_hold / januaries.max(1.0);
        v[Metric::PCapitalsLost as usize] = p_lost;
        v[Metric::PEscalationHorizontal as usize] = p_horizontal;
        v[Metric::PEscalationVertical as usize] = p_vertical;
        v[Metric::PUkraineWar as usize] = 1.0 - survive_ukraine;
        v[Metric::HostStability as usize] = south_state.stability();
        v[Metric::PIsResurgence as usize] = if south_state.resurged { 1.0 } else { 0.0 };
        RunMetrics { values: v }
    }

    /// The US posture in month `t` of a run: the model's troop path, the
    /// scenario's extra withdrawal (unless a bargaining chip was called off)
    /// and the outcome of an exit attempt.
    fn posture(&self, t: usize, exit: ExitOutcome, chip_off: bool) -> UsPosture {
        let sc = &self.scenario;
        let sh = &self.shocks;
        let k = &sc.conflicts;
        let after_attempt = sh.exit_attempt.is_some_and(|a| t >= a);
        let practical_exit = after_attempt && exit == ExitOutcome::Practical;
        let member = self.us.is_some()
            && self.us_member[t]
            && !(after_attempt && exit == ExitOutcome::Formal);
        let signals = (k.russia_deal.nuclear_signal * sh.russia_deal[t]
            + k.absences.nuclear_signal * sh.absences[t]
            + if practical_exit { 1.0 } else { 0.0 })
        .min(1.0);
        if !member {
            return UsPosture {
                member,
                troops: 0.0,
                enablers: 0.0,
                presence: 0.0,
                signals,
                practical_exit: false,
            };
        }
        let w = if chip_off { 1.0 } else { sh.withdrawal[t] };
        let keep = if practical_exit {
            k.exit_attempt.practical_presence
        } else {
            1.0
        };
        // A pivot to China keeps the high-end enablers longer than the troops.
        let enabler_w = if sc.us.withdrawal.reason == WithdrawalReason::ChinaPivot {
            w.sqrt()
        } else {
            w
        };
        let troops = self.us_troops[t] * w * keep;
        UsPosture {
            member,
            troops,
            enablers: self.us_enablers[t] * enabler_w * keep,
            presence: (troops / sc.us.troops_reference).min(1.0),
            signals,
            practical_exit,
        }
    }

    /// US forces on the eastern flank within 30 days, USD bn of capability:
    /// forward troops plus the share of planned reinforcements that arrives,
    /// scaled by presence.
    fn us_forces(&self, us: &UsPosture) -> f64 {
        if !us.member {
            return 0.0;
        }
        let p = &self.scenario.us;
        self.us_capability_per_troop
            * (us.troops + p.reinforcement_troops * p.reinforcement_share_30d * us.presence)
    }

    /// The forces of a coup de main in month `t`, with or without the US.
    fn baltic_forces(
        &self,
        s: &State,
        t: usize,
        russia: f64,
        us: Option<&UsPosture>,
    ) -> baltic::Forces {
        let sc = &self.scenario;
        let b = &sc.baltic;
        let m = &self.m;
        let (mut national, mut available) = (0.0, 0.0);
        for i in 0..m.n {
            if Some(i) == self.us || !m.has_forces[i] {
                continue;
            }
            // Brigades grow with capability from their 2024 strength.
            let base = m.share0[i] / 100.0 * m.gdp0[i];
            let brigades = m.brigades0[i] * s.capability[i] / base.max(1e-9);
            if m.baltic[i] {
                national += brigades;
            } else {
                available += brigades * b.european_readiness * m.availability[i];
            }
        }
        let ukraine_bound = if self.shocks.ukraine[t] {
            self.ukraine.european_brigades
        } else {
            0.0
        };
        let available = (available - ukraine_bound).max(0.0);
        let (us_forward, us_reinforcing) = match us {
            Some(u) if u.member => {
                let forward = u.troops * b.us_forward_share / b.troops_per_brigade;
                let rest = (u.troops * (1.0 - b.us_forward_share)
                    + sc.us.reinforcement_troops * sc.us.reinforcement_share_30d * u.presence)
                    / b.troops_per_brigade;
                (forward, rest)
            }
            _ => (0.0, 0.0),
        };
        let arriving = available + us_reinforcing;
        let enablers = us
            .filter(|u| u.member)
            .map_or(0.0, |u| u.enablers)
            .max(s.eu_enablers);
        let tied = if self.shocks.ukraine[t] {
            self.ukraine.russia_tied
        } else {
            0.0
        };
        baltic::Forces {
            defender_day0: national + self.shocks.forward_brigades[t] + us_forward,
            tier1: b.tier1_share * arriving + b.european_reinforcement_brigades,
            tier2: (1.0 - b.tier1_share) * arriving,
            defender_multiplier: 1.0 + b.air_power * enablers,
            attacker_day0: b.russia_brigades * sc.russia.concentration * russia * (1.0 - tied),
        }
    }

    /// Conventional and nuclear deterrence of month `t`.
    fn assess(&self, s: &State, t: usize, russia: f64, us: &UsPosture) -> Assessment {
        let sc = &self.scenario;
        let d = &sc.deterrence;
        let b = &sc.baltic;
        let inst = &self.inst;
        let m = &self.m;
        let forces = self.baltic_forces(s, t, russia, Some(us));
        let fight = baltic::fight(b, &forces);
        let conventional = fight.deterrence(b);
        let conv_eu = baltic::fight(b, &self.baltic_forces(s, t, russia, None)).deterrence(b);

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
        let nuclear = sum_nuclear / sum_w.max(1e-12);
        let eu_nuclear = sum_eu / sum_w.max(1e-12);
        Assessment {
            conventional,
            nuclear,
            deterrence: 1.0 - (1.0 - conventional) * (1.0 - d.nuclear_weight * nuclear),
            europe_alone: 1.0 - (1.0 - conv_eu) * (1.0 - d.nuclear_weight * eu_nuclear),
            baltic: fight,
            baltic_forces: forces,
        }
    }

    /// Spatial bargaining on the contested issues; returns alignment in [0, 1].
    fn update_positions(&self, s: &mut State, us_in: bool, mut noise: Option<&mut Rng>) -> f64 {
        let m = &self.m;
        let h = &self.scenario.cohesion;
        let pull = h.position_pull * (1.0 + self.inst.competence_delegation);
        let mut centre = [0.0; ISSUES];
        let mut total = 0.0;
        for i in 0..m.n {
            let w = self.position_weight(s, i, us_in);
            total += w;
            for (c, x) in centre.iter_mut().zip(s.pos[i]) {
                *c += w * x;
            }
        }
        if total <= 0.0 {
            return 1.0;
        }
        for c in &mut centre {
            *c /= total;
        }
        let mut var = [0.0; ISSUES];
        for i in 0..m.n {
            let w = self.position_weight(s, i, us_in);
            for k in 0..ISSUES {
                let z: f64 = noise
                    .as_deref_mut()
                    .map_or(0.0, |r| StandardNormal.sample(r));
                let x = s.pos[i][k];
                let x = x
                    + pull * (centre[k] - x)
                    + h.home_pull * (m.ideal[i][k] - x)
                    + h.position_noise * z;
                s.pos[i][k] = x.clamp(0.0, 1.0);
                let dev = s.pos[i][k] - centre[k];
                var[k] += w * dev * dev;
            }
        }
        // The largest possible s.d. on [0, 1] is 0.5, so 1 − 2·s.d. lies in [0, 1].
        let spread: f64 = var.iter().map(|v| (v / total).sqrt()).sum::<f64>() / ISSUES as f64;
        (1.0 - 2.0 * spread).clamp(0.0, 1.0)
    }

    /// Weight of a member's position: economic weight, boosted for a leading power.
    fn position_weight(&self, s: &State, i: usize, us_in: bool) -> f64 {
        if Some(i) == self.us {
            if !us_in {
                return 0.0;
            }
            s.gdp[i] * (1.0 + self.scenario.cohesion.leader_weight * s.leadership)
        } else {
            s.gdp[i]
        }
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

    /// Puts one crisis to the institution's decision rule.
    fn decide(&self, ct: &CrisisType, ctx: &CrisisContext, rng: &mut Rng) -> CrisisOutcome {
        let sc = &self.scenario;
        let dp = &sc.decision;
        let m = &self.m;
        let s = ctx.s;
        let inst = ctx.inst;
        let salience = ct.salience.to_array();
        // Delegated competence and a leader who pushes laggards both shorten deliberation;
        // joining a coalition that no common decision binds invites buck-passing.
        let mut speed = (1.0
            - dp.delegation_speedup * inst.competence_delegation
            - dp.leadership_speedup * s.leadership)
            .max(0.05);
        if inst.decision_rule == DecisionRule::Coalitions {
            speed *= 1.0 + dp.buck_passing;
        }

        // Each ally: does it support action, how long does it take to decide,
        // and, if it does not support it, does it object (veto, vote no)?
        let mut votes: Vec<Vote> = Vec::with_capacity(m.n);
        let mut us_supports = false;
        for i in 0..m.n {
            let is_us = Some(i) == self.us;
            // Draw every member's numbers in a fixed order so streams stay aligned.
            let (u_support, u_object): (f64, f64) = (rng.random(), rng.random());
            let z: f64 = StandardNormal.sample(rng);
            if is_us && !ctx.us_in {
                continue;
            }
            let mut relevance = salience[m.flank[i].index()];
            if is_us {
                relevance *= ctx.presence;
            }
            // Members differ on when a hybrid attack is an alliance matter.
            if let Some(severity) = ctx.hybrid_severity
                && severity < m.hybrid_threshold[i]
            {
                relevance *= sc.hybrid.below_threshold_relevance;
            }
            let driver = if ct.russian_driven {
                s.threat[i].min(1.0)
            } else {
                0.5 + 0.5 * m.south_weight[i]
            };
            let willingness = (1.0 - dp.solidarity_weight) * relevance * driver
                + dp.solidarity_weight * s.cohesion
                - ct.stakes * sc.perception.entrapment_weight * m.risk_aversion[i]
                - s.entrapment[i];
            let p_support = logistic((willingness - dp.support_threshold) / dp.support_softness);
            let support = u_support < p_support;
            us_supports |= is_us && support;
            votes.push(Vote {
                days: dp.base_days
                    * (-dp.willingness_speedup * willingness).exp()
                    * (dp.noise_sigma * z).exp()
                    * speed,
                forces: if is_us {
                    ctx.us_forces
                } else {
                    s.capability[i] * m.availability[i]
                },
                weight: s.gdp[i],
                support,
                object: !support && u_object < m.veto[i] * dp.veto_scale * (1.0 - s.cohesion),
            });
        }
        let members = votes.len() as f64;
        let total_weight: f64 = votes.iter().map(|v| v.weight).sum();
        let support_forces: f64 = votes.iter().filter(|v| v.support).map(|v| v.forces).sum();
        // Members bound by a decision they did not support contribute in part.
        let bound_forces: f64 = votes
            .iter()
            .filter(|v| !v.support && !v.object)
            .map(|v| v.forces)
            .sum();
        let committed = support_forces + dp.compliance * bound_forces;
        votes.sort_by(|a, b| a.days.total_cmp(&b.days));

        // A leading power may go first and let the willing join it (seed 001:
        // the SACEUR stays able to act even if the Council is blocked).
        let u_lead: f64 = rng.random();
        let leader = (us_supports && u_lead < s.leadership).then(|| {
            let forces: f64 = votes
                .iter()
                .filter(|v| v.support && v.days <= ct.deadline_days)
                .map(|v| v.forces)
                .sum();
            CrisisOutcome {
                decision_days: Some(dp.hegemon_days),
                committed: forces,
            }
        });

        let collective = match inst.decision_rule {
            // Unanimity: one objection blocks; otherwise the slowest member sets the pace.
            DecisionRule::Consensus => (!votes.iter().any(|v| v.object)).then(|| CrisisOutcome {
                decision_days: votes.last().map(|v| v.days),
                committed,
            }),
            // Double majority: every member not objecting votes yes; the vote is
            // held as soon as a qualified majority of members is ready.
            DecisionRule::QualifiedMajority => {
                let (mut count, mut weight) = (0.0, 0.0);
                votes.iter().filter(|v| !v.object).find_map(|v| {
                    count += 1.0;
                    weight += v.weight;
                    (count >= inst.qmv_states * members && weight >= inst.qmv_weight * total_weight)
                        .then_some(CrisisOutcome {
                            decision_days: Some(v.days),
                            committed,
                        })
                })
            }
            // Coalitions of the willing: act once the willing have enough forces.
            DecisionRule::Coalitions => {
                let mut forces = 0.0;
                votes
                    .iter()
                    .filter(|v| v.support)
                    .enumerate()
                    .find_map(|(k, v)| {
                        forces += v.forces;
                        (forces >= ctx.required).then(|| CrisisOutcome {
                            decision_days: Some(
                                v.days + dp.coalition_overhead_days * ((k + 2) as f64).ln(),
                            ),
                            committed: forces,
                        })
                    })
            }
        };
        match (leader, collective) {
            (Some(l), Some(c)) => {
                // The collective decision supersedes the leader's first move when it comes in time.
                let c_days = c.decision_days.unwrap_or(f64::INFINITY);
                let committed = if c_days <= ct.deadline_days {
                    c.committed.max(l.committed)
                } else {
                    l.committed
                };
                CrisisOutcome {
                    decision_days: l.decision_days.map(|d| d.min(c_days)),
                    committed,
                }
            }
            (Some(o), None) | (None, Some(o)) => o,
            (None, None) => CrisisOutcome {
                decision_days: None,
                committed: 0.0,
            },
        }
    }
}

/// Mean of `values` over the members where `mask` is true.
fn mean_over(values: &[f64], mask: &[bool]) -> f64 {
    let (mut sum, mut count) = (0.0, 0.0);
    for (v, &m) in values.iter().zip(mask) {
        if m {
            sum += v;
            count += 1.0;
        }
    }
    if count > 0.0 { sum / count } else { 0.0 }
}
