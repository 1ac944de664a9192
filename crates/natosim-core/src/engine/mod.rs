//! The monthly alliance engine.
//!
//! An [`Engine`] is prepared once per (scenario, dataset, model) and then runs
//! any number of independent Monte Carlo runs; it is immutable and `Sync`, so
//! an ensemble can share it across threads. Each run draws only from streams
//! derived from `(seed, run)` (see [`crate::rng`]), so the same run gives the
//! same result on any thread.
//!
//! The code follows the schedule of docs/MODEL.md ("Process overview and
//! scheduling"); each step is one function in the private `month` module over
//! the run's explicit state (`state.rs`):
//! 1. US posture (troops, enablers, membership) and leadership — `month/posture.rs`;
//! 2. Russia's reconstitution and the members' threat perceptions — `month/perception.rs`;
//! 3. trust in the US guarantee, the European guarantee, abandonment and entrapment — `month/trust.rs`;
//! 4. positions on the contested issues (spatial bargaining) and alignment — `month/positions.rs`;
//! 5. crises, put to the model's decision rule, then the month's Article 5
//!    decision (when and how much the allies reinforce) — `month/crises.rs`,
//!    `month/decision.rs`; the rule is the institution as built this month
//!    (`state.rs`, `Engine::built`);
//!    then the forces the south and the Arctic hold away from the east — `month/south.rs`;
//! 6. force generation (procurement lag, build-up), enablers — `month/forces.rs`;
//! 7. deterrence (conventional, nuclear), then, in January, national budgets —
//!    `month/deterrence.rs`, `month/budgets.rs`;
//! 8. cohesion and members' exit hazards, the southern theatre — `month/cohesion.rs`, `month/south.rs`;
//! 9. hazards of a Russian attack and of fragmentation; spending summary; the
//!    hazard of a renewed war in Ukraine after the run's ceasefire —
//!    `month/hazards.rs`, `month/spending.rs`, `month/ukraine.rs`; then the month is accumulated
//!    into the run's metrics (`accumulate.rs`) and shown to the [`Observer`].
//!
//! The four models differ only in their [`Institution`]; nothing here branches
//! on which model is running.

mod accumulate;
mod fiscal;
mod kinds;
mod month;
mod observer;
mod prepare;
mod state;

pub use kinds::CrisisKind;
pub use observer::{
    MemberEnd, MemberRecorder, MemberYear, MemberYearRecorder, MonthRecord, Observer, SERIES,
    Series, SeriesInfo, SeriesRecorder,
};

use crate::data::Dataset;
use crate::metrics::RunMetrics;
use crate::scenario::{CrisisType, Diagnostic, Institution, ModelId, Scenario, UkraineOption};
use crate::time::YearMonth;
use accumulate::Accumulators;
use prepare::{Members, MonthlyShocks};
use state::Streams;

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
    /// The US position on China (1 if there is no US in the member set).
    us_china: f64,
    /// Capability per USD bn of European spending (integration saves duplication).
    eu_efficiency: f64,
    /// Years until Russia is fully reconstituted, drawn per run in this range.
    reconstitution: (f64, f64),
    /// Scenario-wide shocks per month.
    shocks: MonthlyShocks,
    /// Effects of the scenario's Ukraine option.
    ukraine: UkraineOption,
    /// The crisis types in stream order, each with its kind.
    crises: [(CrisisKind, CrisisType); CrisisKind::ALL.len()],
    /// Fiscal space, growth, common funding and absorption (h-spend).
    fiscal: fiscal::FiscalSetup,
    /// The positions after the noise-free spin-up, without and with the US
    /// as an ally in the first month, computed on first use
    /// (`month/positions.rs`): every run starts from the same ones. Boxed on
    /// purpose: a `OnceLock` (an `UnsafeCell`) inside `Engine` itself makes
    /// `&Engine` lose its read-only, no-alias guarantee to the optimiser,
    /// which then reloads engine fields after every store to the run state
    /// (+5 % instructions per model-run, measured); behind a `Box` the
    /// engine stays `Freeze`.
    spun_up: Box<[std::sync::OnceLock<Vec<[f64; prepare::ISSUES]>>; 2]>,
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

impl Engine {
    /// Prepares `model` of `scenario` on `data` (see `prepare.rs`); a model
    /// the scenario does not define is a `NotFound` diagnostic (with a "did
    /// you mean").
    pub fn new(scenario: &Scenario, data: &Dataset, model: &ModelId) -> Result<Engine, Diagnostic> {
        prepare::prepare(scenario, data, model)
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
    ///
    /// This is [`Engine::run_observed`] with the no-op observer `()`, whose
    /// [`Observer::MONTHS`] and [`Observer::MEMBERS`] are `false`: the
    /// monthly records are never built, so the fast path costs nothing extra.
    pub fn run(&self, seed: u64, run: u64) -> RunMetrics {
        self.run_observed(seed, run, &mut ())
    }

    /// Runs run `run` of the ensemble seeded `seed`, showing each month and
    /// each member's final state to `observer`, and returns its metrics. The
    /// observer only watches: the metrics are the same as [`Engine::run`]'s.
    pub fn run_observed<O: Observer>(&self, seed: u64, run: u64, observer: &mut O) -> RunMetrics {
        let mut rng = Streams::new(seed, run);
        let draws = self.draw_run(&mut rng.exo, &mut rng.campaign);
        let politics = self.draw_politics(&mut rng.politics);
        let mut s = self.initial_state(&draws, politics);
        let ceasefire = self.ceasefire_month(seed, run);
        let mut acc = Accumulators::new(&self.scenario, self.months);
        if O::MEMBER_YEARS {
            // The base year: the initial state (the reference data).
            let us0 = self.posture(0, draws.exit, s.chip_off);
            self.observe_member_years(&s, self.start.year() - 1, &us0, observer);
        }

        for t in 0..self.months {
            let date = self.start.plus(t as i32);
            // 0. The model's institution as built this month.
            s.built = self.built(date, &s.politics);
            // 1. US posture and leadership.
            let us = self.posture(t, draws.exit, s.chip_off);
            self.leadership(&mut s, t, &us);
            // 2. Russia and threat perception.
            let russia = self.russia(t, draws.reconstitution_years);
            self.perceive_threat(&mut s, russia);
            // 3. Trust in the US guarantee; the European guarantee; fears.
            self.trust(&mut s, t, &us, &mut rng.noise);
            // 4. Positions: pull toward the weighted collective position, back to one's ideal.
            let alignment = self.update_positions(&mut s, us.member, Some(&mut rng.noise));
            // 5. Crises (one uniform per type and month, common to all models).
            self.crises(&mut s, (seed, run), t, russia, &us, &mut rng.exo);
            // 5c. The Article 5 decision: when and how much the allies reinforce.
            let article5 = self.article5(&mut s, &us);
            self.theatre_forces(&mut s, t, &us);
            // 6. Force generation.
            self.generate_forces(&mut s, t);
            // 7. Deterrence, then (each January) budgets.
            let a = self.deterrence(&mut s, t, russia, &us);
            let forces_to_hold = (date.month() == 1 || t == 0)
                .then(|| self.january_budgets(&mut s, t, date, &a, &mut rng.fiscal));
            // 8. Cohesion, exit hazards; the southern theatre.
            let c = self.cohesion(&mut s, alignment, us.member);
            let threat = self.south(&mut s, t, &us, &mut rng.theatre);
            // 9. Hazards, then the month's spending and burden.
            let h = self.hazards(&s, t, &a, &us, russia, c.exit_hazard);
            self.spending_summary(&mut s, date, &us);
            let ukraine = self.ukraine_hazard(&s, t, russia, &us, ceasefire);

            let month = accumulate::MonthValues {
                assessment: &a,
                hazards: &h,
                us_trust: month::mean_over(&s.trust, &self.m.european),
                forces_to_hold,
                article5: &article5,
                ukraine,
                t,
            };
            acc.add(&self.scenario, &s, &month);
            if O::MONTHS {
                observer.month(&MonthRecord {
                    month: date,
                    cohesion: s.cohesion,
                    alignment,
                    institutional_trust: c.institutional_trust,
                    solidarity_record: s.record,
                    us_trust: month.us_trust,
                    us_leadership: s.leadership,
                    us_troops: us.troops,
                    baltic_days: a.baltic.days_to_capitals.unwrap_or(f64::NAN),
                    host_stability: s.south.stability(),
                    russia_capability: russia,
                    threat,
                    conventional_deterrence: a.conventional,
                    nuclear_credibility: a.nuclear,
                    deterrence: s.deterrence,
                    europe_spending_gdp: s.spending.gdp_share,
                    europe_spending_busd: s.spending.busd,
                    attack_hazard: h.attack,
                    fragmentation_hazard: h.fragmentation,
                    crises: s.tally.crises,
                    crises_answered: s.tally.answered,
                });
            }
            if O::MEMBER_YEARS && (date.month() == 12 || t + 1 == self.months) {
                self.observe_member_years(&s, date.year(), &us, observer);
            }
        }

        if O::MEMBERS {
            for i in 0..self.m.n {
                observer.member_end(
                    i,
                    &MemberEnd {
                        spending_gdp: s.share[i],
                        us_trust: s.trust[i],
                        threat: s.threat[i],
                    },
                );
            }
        }
        acc.finish(self.months, &s)
    }
}
