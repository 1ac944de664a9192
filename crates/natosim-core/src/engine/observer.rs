//! Watching a run: the [`Observer`] interface, what it is shown (a
//! [`MonthRecord`] per month, a [`MemberEnd`] per member at the end), two
//! ready-made recorders, and the one definition of the monthly series
//! ([`Series`]: name, kind, value range) that the CLI's series output and the
//! report's fan charts both use.
//!
//! An observer only watches; it cannot change a run, so a run's metrics are
//! the same whoever observes it.

use crate::metrics::Kind;
use crate::time::YearMonth;
use serde::Serialize;

/// Watches one run of [`Engine::run_observed`](super::Engine::run_observed).
///
/// Both methods default to doing nothing. The associated constants say
/// whether the engine should build what a method is shown at all: an
/// observer that sets [`Observer::MONTHS`] to `false` costs nothing per month
/// (the check is resolved at compile time).
pub trait Observer {
    /// Whether [`Observer::month`] wants to be called.
    const MONTHS: bool = true;
    /// Whether [`Observer::member_end`] wants to be called.
    const MEMBERS: bool = true;

    /// Called once per simulated month, in order, after all of its steps.
    fn month(&mut self, _record: &MonthRecord) {}

    /// Called once per member after the last month, in dataset order.
    fn member_end(&mut self, _member: usize, _end: &MemberEnd) {}
}

/// The no-op observer: [`Engine::run`](super::Engine::run)'s fast path.
impl Observer for () {
    const MONTHS: bool = false;
    const MEMBERS: bool = false;
}

impl<O: Observer + ?Sized> Observer for &mut O {
    const MONTHS: bool = O::MONTHS;
    const MEMBERS: bool = O::MEMBERS;

    fn month(&mut self, record: &MonthRecord) {
        (**self).month(record);
    }

    fn member_end(&mut self, member: usize, end: &MemberEnd) {
        (**self).member_end(member, end);
    }
}

/// Two observers watching the same run, e.g. a series and a member recorder.
impl<A: Observer, B: Observer> Observer for (A, B) {
    const MONTHS: bool = A::MONTHS || B::MONTHS;
    const MEMBERS: bool = A::MEMBERS || B::MEMBERS;

    fn month(&mut self, record: &MonthRecord) {
        if A::MONTHS {
            self.0.month(record);
        }
        if B::MONTHS {
            self.1.month(record);
        }
    }

    fn member_end(&mut self, member: usize, end: &MemberEnd) {
        if A::MEMBERS {
            self.0.member_end(member, end);
        }
        if B::MEMBERS {
            self.1.member_end(member, end);
        }
    }
}

/// Records every month of a run (the full monthly trace).
#[derive(Clone, Debug, Default)]
pub struct SeriesRecorder {
    /// The months so far, in order.
    pub months: Vec<MonthRecord>,
}

impl Observer for SeriesRecorder {
    const MEMBERS: bool = false;

    fn month(&mut self, record: &MonthRecord) {
        self.months.push(record.clone());
    }
}

/// Records each member's state after the last month.
#[derive(Clone, Debug, Default)]
pub struct MemberRecorder {
    /// One entry per member, in dataset order.
    pub members: Vec<MemberEnd>,
}

impl Observer for MemberRecorder {
    const MONTHS: bool = false;

    fn member_end(&mut self, _member: usize, end: &MemberEnd) {
        self.members.push(*end);
    }
}

/// One simulated month, for time-series output.
#[derive(Clone, Debug, Serialize, PartialEq)]
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
    /// Days until an attack this month would reach the Baltic capitals under
    /// the run's campaign conditions; `NaN` if the defence holds for the
    /// horizon (`baltic.horizon_days`).
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

/// Static description of one monthly series.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct SeriesInfo {
    /// Machine name (CSV `field`, file names).
    pub name: &'static str,
    /// What it measures.
    pub description: &'static str,
    /// Kind (formatting and unit).
    pub kind: Kind,
    /// Lower bound of its values (histograms clamp to `[lo, hi]`).
    pub lo: f64,
    /// Upper bound of its values.
    pub hi: f64,
}

macro_rules! series {
    ($( $variant:ident = $name:literal, $kind:ident, $lo:expr, $hi:expr, $desc:literal, |$r:ident| $get:expr; )*) => {
        /// A monthly series: one quantity of [`MonthRecord`] (or derived from
        /// it) followed over the months of a run.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Series {
            $(
                #[doc = $desc]
                $variant,
            )*
        }

        /// Every monthly series, in [`Series`] order.
        pub const SERIES: &[SeriesInfo] = &[
            $( SeriesInfo { name: $name, description: $desc, kind: Kind::$kind, lo: $lo, hi: $hi }, )*
        ];

        impl Series {
            /// All series, in [`SERIES`] order.
            pub const ALL: &'static [Series] = &[ $( Series::$variant, )* ];

            /// The series' value in one month; `NaN` where undefined.
            pub fn value(self, record: &MonthRecord) -> f64 {
                match self {
                    $( Series::$variant => { let $r = record; $get } )*
                }
            }
        }
    };
}

series! {
    Cohesion = "cohesion", Index, 0.0, 1.0, "cohesion index", |r| r.cohesion;
    Alignment = "alignment", Index, 0.0, 1.0, "alignment of positions on the contested issues", |r| r.alignment;
    InstitutionalTrust = "institutional_trust", Index, 0.0, 1.0,
        "mean institutional trust: the guarantee net of sovereignty resistance", |r| r.institutional_trust;
    SolidarityRecord = "solidarity_record", Index, 0.0, 1.0,
        "solidarity record: memory of crises answered", |r| r.solidarity_record;
    UsTrust = "us_trust", Index, 0.0, 1.0, "mean European trust in the US guarantee", |r| r.us_trust;
    UsLeadership = "us_leadership", Index, 0.0, 1.0, "US leadership", |r| r.us_leadership;
    UsTroops = "us_troops", Troops, 0.0, 200_000.0, "US troops in Europe", |r| r.us_troops;
    BalticDays = "baltic_days", Days, 0.0, 365.0,
        "days until a coup de main would reach the Baltic capitals (undefined where the defence holds for the horizon)", |r| r.baltic_days;
    HostStability = "host_stability", Index, 0.0, 1.0,
        "host stability in the south: capacity net of the insurgency", |r| r.host_stability;
    RussiaCapability = "russia_capability", Index, 0.0, 1.0,
        "Russia's capability relative to full reconstitution", |r| r.russia_capability;
    Threat = "threat", Index, 0.0, 1.5, "mean European threat perception", |r| r.threat;
    ConventionalDeterrence = "conventional_deterrence", Index, 0.0, 1.0,
        "conventional deterrence", |r| r.conventional_deterrence;
    NuclearCredibility = "nuclear_credibility", Index, 0.0, 1.0,
        "credibility of the nuclear guarantees", |r| r.nuclear_credibility;
    Deterrence = "deterrence", Index, 0.0, 1.0, "combined deterrence", |r| r.deterrence;
    EuropeSpendingGdp = "europe_spending_gdp", PercentGdp, 0.0, 20.0,
        "European allies' defence spending, % of their GDP", |r| r.europe_spending_gdp;
    EuropeSpendingBusd = "europe_spending_busd", UsdBn, 0.0, 10_000.0,
        "European allies' defence spending, USD bn at 2024 prices", |r| r.europe_spending_busd;
    AttackHazard = "attack_hazard", Probability, 0.0, 0.1,
        "monthly hazard of a Russian coup de main", |r| r.attack_hazard;
    FragmentationHazard = "fragmentation_hazard", Probability, 0.0, 0.1,
        "monthly hazard of fragmentation", |r| r.fragmentation_hazard;
    Crises = "crises", Count, 0.0, 1000.0, "crises so far", |r| f64::from(r.crises);
    CapacityToAct = "capacity_to_act", Index, 0.0, 1.0,
        "share of the crises so far answered adequately and in time (undefined before the first)",
        |r| if r.crises == 0 { f64::NAN } else { f64::from(r.crises_answered) / f64::from(r.crises) };
}

impl Series {
    /// The series' description.
    pub fn info(self) -> &'static SeriesInfo {
        &SERIES[self as usize]
    }

    /// The series' machine name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The value range `(lo, hi)`.
    pub fn range(self) -> (f64, f64) {
        let i = self.info();
        (i.lo, i.hi)
    }
}
