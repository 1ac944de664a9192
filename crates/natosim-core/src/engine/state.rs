//! The explicit state of one run: the random streams, the draws made once per
//! run, and everything the monthly steps read and change (docs/MODEL.md 2
//! "Entities, state variables and scales", 5 "Initialisation").

use super::Engine;
use super::prepare::ISSUES;
use crate::math::StandardNormal;
use crate::rng::{Purpose, Rng, stream};
use crate::scenario::{DecisionRule, When};
use crate::submodels::{baltic, south};
use crate::time::YearMonth;
use rand::Rng as _;
use rand::distr::Distribution;

/// The run's random streams, split by purpose so that the models, which
/// consume different amounts of randomness, still see the same shocks. The
/// per-crisis streams are derived on demand (`month/crises.rs`).
pub(crate) struct Streams {
    /// Exogenous draws: reconstitution, the exit hurdle, crisis arrivals.
    pub(crate) exo: Rng,
    /// Member perception noise (trust, positions).
    pub(crate) noise: Rng,
    /// The theatres' own fortunes (the insurgency in the south).
    pub(crate) theatre: Rng,
    /// The Baltic campaign's uncertain quantities (drawn once per run).
    pub(crate) campaign: Rng,
    /// Political will and institution building, drawn once per run
    /// ([`Engine::draw_politics`]).
    pub(crate) politics: Rng,
    /// Yearly budget shocks (h-spend).
    pub(crate) fiscal: Rng,
}

impl Streams {
    /// The streams of run `run` of the ensemble seeded `seed`.
    pub(crate) fn new(seed: u64, run: u64) -> Streams {
        Streams {
            exo: stream(seed, run, Purpose::Exogenous, 0),
            noise: stream(seed, run, Purpose::Members, 0),
            theatre: stream(seed, run, Purpose::Theatre, 0),
            campaign: stream(seed, run, Purpose::Campaign, 0),
            politics: stream(seed, run, Purpose::Politics, 0),
            fiscal: stream(seed, run, Purpose::Fiscal, 0),
        }
    }
}

/// How a US attempt to leave the alliance ends in one run (MODEL.md 7.16).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExitOutcome {
    /// No attempt, or the Senate refused and the US stays engaged.
    Stays,
    /// Two thirds of the Senate approved: the US leaves.
    Formal,
    /// The Senate refused, but the administration ends membership in practice.
    Practical,
}

/// What is drawn once at the start of a run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RunDraws {
    /// Years until Russia is fully reconstituted (MODEL.md 7.2).
    pub(crate) reconstitution_years: f64,
    /// How a US exit attempt ends, if the scenario has one (MODEL.md 7.16).
    pub(crate) exit: ExitOutcome,
    /// The Baltic campaign's uncertain quantities (MODEL.md 7.15), from the
    /// campaign stream.
    pub(crate) campaign: baltic::Conditions,
}

/// What is drawn once per run on the politics stream (MODEL.md 7.8): how
/// building the model's institution goes and each ally's political will.
#[derive(Clone, Debug)]
pub(crate) struct PoliticalDraws {
    /// Years the build takes in this run.
    pub(crate) build_years: f64,
    /// Whether the build succeeds in this run.
    pub(crate) build_success: bool,
    /// A leading power goes first when this uniform is below its leadership.
    pub(crate) lead: f64,
    /// Each ally's political will: a shift of its willingness to defend the flank.
    pub(crate) will: Vec<f64>,
    /// Each ally's uniform for an objection (below propensity × scale × division).
    pub(crate) object: Vec<f64>,
}

/// The model's institution as built in one month (MODEL.md 7.8): the rule in
/// force and what share of its delegation, friction, sovereignty cost and
/// European nuclear dimension is in place.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Built {
    /// Share of the institution in place (0–1).
    pub(crate) level: f64,
    /// The decision rule in force: the model's once the build is complete,
    /// the inherited one until then (and for good if the build fails).
    pub(crate) rule: DecisionRule,
    /// Competences delegated to the centre in force.
    pub(crate) delegation: f64,
    /// Bureaucratic friction in force.
    pub(crate) friction: f64,
    /// Sovereignty cost in force.
    pub(crate) sovereignty_cost: f64,
    /// The institution's European nuclear dimension in force.
    pub(crate) nuclear_dimension: f64,
}

/// One ally's stance on the Article 5 decision of a month (scratch space).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stance {
    pub(crate) willingness: f64,
    pub(crate) forces: f64,
    pub(crate) weight: f64,
    pub(crate) support: bool,
    pub(crate) yes: bool,
}

/// One ally's stance on one crisis (scratch space, `State::votes`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Vote {
    pub(crate) days: f64,
    pub(crate) forces: f64,
    pub(crate) weight: f64,
    pub(crate) support: bool,
    pub(crate) object: bool,
    /// Votes yes in a qualified-majority vote: supports, or goes along.
    pub(crate) yes: bool,
}

/// Crises so far and how they ended (MODEL.md 7.8, 8).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CrisisTally {
    /// Crises that reached the alliance.
    pub(crate) crises: u32,
    /// Answered adequately and in time.
    pub(crate) answered: u32,
    /// Not decided by their deadline.
    pub(crate) unanswered: u32,
    /// Decided within `decision.max_days`.
    pub(crate) decided: u32,
    /// Sum of those decisions' days.
    pub(crate) sum_days: f64,
}

/// The European allies' spending and burden in the latest month (MODEL.md 8);
/// after the last month these are the "final year" metrics.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SpendingSummary {
    /// European spending, % of European GDP.
    pub(crate) gdp_share: f64,
    /// European spending, USD bn.
    pub(crate) busd: f64,
    /// European share of allied spending for Europe's defence.
    pub(crate) burden: f64,
    /// Standard deviation of the armed European allies' shares, pp.
    pub(crate) spread: f64,
    /// Share of armed European allies below the core target.
    pub(crate) free_riding: f64,
    // --- h-spend ---
    /// European defence-related spending (the Hague 1.5 %), % of European GDP.
    pub(crate) related_share: f64,
    /// Share of armed European allies whose fiscal ceiling binds.
    pub(crate) fiscal_bound: f64,
}

/// Russia's planning estimate as last assessed (`State::plan`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Plan {
    /// Perceived chance of a fait accompli against the alliance with the US.
    pub(crate) with_us: f64,
    /// The same without the US.
    pub(crate) without_us: f64,
    /// Whether the US was an ally when Russia planned.
    pub(crate) us_member: bool,
}

/// Mutable state of one run. Member quantities are columns indexed like the
/// dataset's members.
pub(crate) struct State {
    /// GDP, USD bn.
    pub(crate) gdp: Vec<f64>,
    /// Defence spending, % of GDP.
    pub(crate) share: Vec<f64>,
    /// Military capability, USD bn of (lagged, built-up) spending.
    pub(crate) capability: Vec<f64>,
    /// Monthly spending history, ring buffer `[slot * n + member]`.
    pub(crate) spend_ring: Vec<f64>,
    /// Trust in the US guarantee.
    pub(crate) trust: Vec<f64>,
    /// Threat perception.
    pub(crate) threat: Vec<f64>,
    /// Crisis-driven bump of threat perception, decaying.
    pub(crate) bump: Vec<f64>,
    /// Perceived guarantee (US and European).
    pub(crate) guarantee: Vec<f64>,
    /// Fear of abandonment.
    pub(crate) abandonment: Vec<f64>,
    /// Fear of entrapment.
    pub(crate) entrapment: Vec<f64>,
    /// Positions on the contested issues.
    pub(crate) pos: Vec<[f64; ISSUES]>,
    /// Solidarity record: memory of crises answered.
    pub(crate) record: f64,
    /// European enabler share built by integration.
    pub(crate) eu_enablers: f64,
    /// Cohesion index.
    pub(crate) cohesion: f64,
    /// Combined deterrence of the latest assessment.
    pub(crate) deterrence: f64,
    /// Deterrence Europe provides alone (the European part of the guarantee).
    pub(crate) europe_alone: f64,
    /// Days from the start of an attack until the alliance's decision process
    /// releases reinforcements (forward and national forces fight from day 0).
    pub(crate) response_days: f64,
    /// Brigade equivalents the other theatres (the south, the Arctic) hold
    /// away from the eastern flank this month (written in `month/south.rs`).
    pub(crate) forces_elsewhere: f64,
    /// Share of the allies' available reinforcements that their political
    /// will and the decision rule commit to the east (national control).
    pub(crate) reinforcing_share: f64,
    /// Russia's grey-zone shaping this month (hybrid pressure), in [0, 1]
    /// (written in `month/crises.rs`, MODEL.md 7.19).
    pub(crate) shaping: f64,
    /// The run's Baltic campaign conditions (drawn once per run).
    pub(crate) campaign: baltic::Conditions,
    /// Their daily fog factors, computed once per run: every fight under the
    /// run's conditions (each month's, each January's bisection) reads them.
    pub(crate) campaign_fog: baltic::FogDays,
    /// The conditions Russia plans against ([`baltic::perceived`]): they
    /// depend only on the run's conditions, so they are built once per run,
    /// not each month.
    pub(crate) planning: [baltic::Conditions; baltic::PERCEIVED_POINTS],
    /// Russia's last planning estimate (`russia.replanning_months`): its
    /// perceived chance of a fait accompli with and without the US, and
    /// whether the US was an ally then. `None` before the first month.
    pub(crate) plan: Option<Plan>,
    /// US leadership.
    pub(crate) leadership: f64,
    /// The run's political draws.
    pub(crate) politics: PoliticalDraws,
    /// The model's institution as built this month.
    pub(crate) built: Built,
    /// Scratch space for the Article 5 decision (no allocation per month).
    pub(crate) stances: Vec<Stance>,
    /// Scratch space for the crisis decisions (no allocation per crisis).
    pub(crate) votes: Vec<Vote>,
    /// A US withdrawal used as a bargaining chip has been called off.
    pub(crate) chip_off: bool,
    /// The southern theatre.
    pub(crate) south: south::State,
    /// Mean European threat in the first month (the south's reference).
    pub(crate) threat0: Option<f64>,
    /// First January's trust in the US guarantee per member and European capability: the
    /// reference budgets respond to (MODEL.md 7.9).
    pub(crate) budget_reference: Option<(Vec<f64>, f64)>,
    /// Crises so far.
    pub(crate) tally: CrisisTally,
    /// The latest month's spending and burden.
    pub(crate) spending: SpendingSummary,
    // --- h-spend ---
    /// Russia's threat index this month (MODEL.md 7.2).
    pub(crate) russia_index: f64,
    /// National core spending, % of GDP (`share` less the common funding).
    pub(crate) national: Vec<f64>,
    /// Defence-related spending, % of GDP.
    pub(crate) related: Vec<f64>,
    /// Common funding this year, pp of the armed European allies' GDP.
    pub(crate) common_pp: f64,
    /// Whether a member's fiscal ceiling bound at the latest budget.
    pub(crate) fiscal_bound: Vec<bool>,
}

impl Engine {
    /// The draws made once at the start of a run, in a fixed order on the
    /// exogenous stream (the crisis arrivals follow them).
    pub(crate) fn draw_run(&self, exo: &mut Rng, campaign: &mut Rng) -> RunDraws {
        let (rmin, rmax) = self.reconstitution;
        let reconstitution_years = rmin + (rmax - rmin) * exo.random::<f64>();
        // A US exit attempt meets the Senate hurdle (drawn in every run and
        // model alike, so the streams stay aligned).
        let (u_senate, u_practical): (f64, f64) = (exo.random(), exo.random());
        let ea = &self.scenario.conflicts.exit_attempt;
        let exit = if self.shocks.exit_attempt.is_none() {
            ExitOutcome::Stays
        } else if u_senate < ea.senate_approval {
            ExitOutcome::Formal
        } else if u_practical < ea.practical_exit {
            ExitOutcome::Practical
        } else {
            ExitOutcome::Stays
        };
        // The campaign's quantities come from their own stream.
        let sc = &self.scenario;
        let campaign = baltic::Conditions::draw(&sc.baltic, sc.russia.concentration, campaign);
        RunDraws {
            reconstitution_years,
            exit,
            campaign,
        }
    }

    /// The draws made once per run on the politics stream, in a fixed
    /// order: the build's time and success, the leader's uniform, then each
    /// member's political will and objection uniform, in member order. Every
    /// model draws the same numbers, so paired runs stay paired.
    pub(crate) fn draw_politics(&self, politics: &mut Rng) -> PoliticalDraws {
        let inst = &self.inst;
        let (u_years, u_success, lead): (f64, f64, f64) =
            (politics.random(), politics.random(), politics.random());
        let sd = self.scenario.decision.political_will_sd;
        let mut will = Vec::with_capacity(self.m.n);
        let mut object = Vec::with_capacity(self.m.n);
        for _ in 0..self.m.n {
            let z: f64 = StandardNormal.sample(politics);
            will.push(sd * z);
            object.push(politics.random());
        }
        PoliticalDraws {
            build_years: inst.implementation_years_min
                + (inst.implementation_years_max - inst.implementation_years_min) * u_years,
            build_success: u_success < inst.implementation_success,
            lead,
            will,
            object,
        }
    }

    /// The institution as built in month `date`: the build runs linearly
    /// from `implementation_start` over the run's drawn years; a failed build
    /// leaves `implementation_partial` of it and the inherited rule.
    pub(crate) fn built(&self, date: YearMonth, p: &PoliticalDraws) -> Built {
        let inst = &self.inst;
        let progress = match inst.implementation_start {
            When::Never => 0.0,
            When::At(start) => {
                let months = f64::from(date.months_since(start));
                if months < 0.0 {
                    0.0
                } else if p.build_years <= 0.0 {
                    1.0
                } else {
                    (months / (12.0 * p.build_years)).min(1.0)
                }
            }
        };
        let level = if p.build_success {
            progress
        } else {
            progress * inst.implementation_partial
        };
        let complete = p.build_success && progress >= 1.0;
        Built {
            level,
            rule: if complete {
                inst.decision_rule
            } else {
                inst.inherited_rule
            },
            delegation: inst.competence_delegation * level,
            friction: inst.bureaucratic_friction * level,
            sovereignty_cost: inst.sovereignty_cost * level,
            nuclear_dimension: inst.european_nuclear_dimension * level,
        }
    }

    /// The state on the eve of the first month (MODEL.md 5): today's budgets
    /// and forces in steady state, positions in the bargaining equilibrium of
    /// the starting posture, deterrence as assessed on that eve.
    pub(crate) fn initial_state(&self, draws: &RunDraws, politics: PoliticalDraws) -> State {
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
        let mut s = State {
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
            // Set below: the spin-up's equilibrium.
            pos: Vec::new(),
            record: 1.0,
            eu_enablers: 0.0,
            cohesion: 1.0,
            deterrence: 1.0,
            europe_alone: 0.0,
            response_days: 0.0,
            forces_elsewhere: 0.0,
            reinforcing_share: 1.0,
            shaping: 0.0,
            campaign: draws.campaign,
            campaign_fog: baltic::FogDays::new(&sc.baltic, &draws.campaign),
            planning: baltic::perceived(&sc.baltic, sc.russia.concentration, &draws.campaign),
            plan: None,
            leadership: 0.0,
            built: self.built(self.start, &politics),
            politics,
            stances: Vec::with_capacity(n),
            votes: Vec::with_capacity(n),
            chip_off: false,
            south: south::State::initial(&sc.south),
            threat0: None,
            budget_reference: None,
            tally: CrisisTally::default(),
            spending: SpendingSummary::default(),
            russia_index: 1.0,
            national: self.m.share0.clone(),
            related: (0..n)
                .map(|i| {
                    if self.m.has_forces[i] {
                        sc.spending.related_initial
                    } else {
                        0.0
                    }
                })
                .collect(),
            common_pp: 0.0,
            fiscal_bound: vec![false; n],
        };
        // Positions start in the bargaining equilibrium of the starting posture.
        let us0 = self.posture(0, draws.exit, s.chip_off);
        s.leadership = if us0.member {
            self.inst.hegemonic_leadership
        } else {
            0.0
        };
        s.pos = self.spun_up_positions(us0.member).to_vec();
        // Deterrence as of the eve of the first month.
        let a = self.assess(&s, 0, sc.russia.capability_2025, &us0, None);
        s.deterrence = a.deterrence;
        s.europe_alone = a.europe_alone;
        s
    }
}
