//! Watching a run: the [`Observer`] interface, what it is shown (a
//! [`MonthRecord`] per month, a [`MemberYear`] per member at the end of each
//! year, a [`MemberEnd`] per member at the end), three ready-made recorders, and the one definition of the monthly series
//! ([`Series`]: name, kind, value range) that the CLI's series output and the
//! report's fan charts both use.
//!
//! An observer only watches; it cannot change a run, so a run's metrics are
//! the same whoever observes it.

use super::Engine;
use super::month::UsPosture;
use super::state::State;
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
    /// Whether [`Observer::member_year`] wants to be called.
    const MEMBER_YEARS: bool = true;

    /// Called once per simulated month, in order, after all of its steps.
    fn month(&mut self, _record: &MonthRecord) {}

    /// Called once per member after the last month, in dataset order.
    fn member_end(&mut self, _member: usize, _end: &MemberEnd) {}

    /// Called once per member and year, in dataset order: first for the
    /// base year (the year before the first simulated month: the initial
    /// state, i.e. the reference data), then at the end of each calendar
    /// year (its December, or the horizon's last month).
    fn member_year(&mut self, _member: usize, _record: &MemberYear) {}
}

/// The no-op observer: [`Engine::run`](super::Engine::run)'s fast path.
impl Observer for () {
    const MONTHS: bool = false;
    const MEMBERS: bool = false;
    const MEMBER_YEARS: bool = false;
}

impl<O: Observer + ?Sized> Observer for &mut O {
    const MONTHS: bool = O::MONTHS;
    const MEMBERS: bool = O::MEMBERS;
    const MEMBER_YEARS: bool = O::MEMBER_YEARS;

    fn month(&mut self, record: &MonthRecord) {
        (**self).month(record);
    }

    fn member_end(&mut self, member: usize, end: &MemberEnd) {
        (**self).member_end(member, end);
    }

    fn member_year(&mut self, member: usize, record: &MemberYear) {
        (**self).member_year(member, record);
    }
}

/// Two observers watching the same run, e.g. a series and a member recorder.
impl<A: Observer, B: Observer> Observer for (A, B) {
    const MONTHS: bool = A::MONTHS || B::MONTHS;
    const MEMBERS: bool = A::MEMBERS || B::MEMBERS;
    const MEMBER_YEARS: bool = A::MEMBER_YEARS || B::MEMBER_YEARS;

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

    fn member_year(&mut self, member: usize, record: &MemberYear) {
        if A::MEMBER_YEARS {
            self.0.member_year(member, record);
        }
        if B::MEMBER_YEARS {
            self.1.member_year(member, record);
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
    const MEMBER_YEARS: bool = false;

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
    const MEMBER_YEARS: bool = false;

    fn member_end(&mut self, _member: usize, end: &MemberEnd) {
        self.members.push(*end);
    }
}

/// Records every member's yearly path (`natosim members --trace`-style
/// output, tests): `(member, record)` in the order the engine shows them.
#[derive(Clone, Debug, Default)]
pub struct MemberYearRecorder {
    /// `(member index, record)`: the base year's members, then each year's.
    pub years: Vec<(usize, MemberYear)>,
}

impl Observer for MemberYearRecorder {
    const MONTHS: bool = false;
    const MEMBERS: bool = false;

    fn member_year(&mut self, member: usize, record: &MemberYear) {
        self.years.push((member, *record));
    }
}

/// One member at the end of one year (docs/MODEL.md 8, "Per-ally outputs").
/// Spending and GDP are annual rates in the year's last month (the share is
/// the one set in that year's January), so the European allies' records sum
/// to the European spending metrics.
#[derive(Clone, Copy, Debug, Serialize, PartialEq)]
pub struct MemberYear {
    /// Calendar year; the base year (the initial state) is the year before
    /// the first simulated month.
    pub year: i32,
    /// Defence spending, % of GDP.
    pub spending_gdp: f64,
    /// Defence spending, USD bn at 2024 prices (share × GDP).
    pub spending_busd: f64,
    /// GDP, USD bn at 2024 prices.
    pub gdp_busd: f64,
    /// Threat perception (1 = "high" in the seed's coding; up to 1.5).
    pub threat: f64,
    /// Trust in the US guarantee (0–1); `NaN` for the United States itself.
    pub us_trust: f64,
    /// Contribution: the forces the ally can offer the alliance within 30
    /// days, USD bn of built-up capability — its capability × its
    /// availability for Europeans and Canada (what it brings to a crisis,
    /// docs/MODEL.md 7.8), the US forces for Europe for the United States
    /// (troops in Europe and reinforcements, 0 once it has left).
    pub contribution_busd: f64,
}

impl Engine {
    /// Shows every member's year-end record to `observer` (called by
    /// `run_observed` for the base year and after each year's last month).
    pub(crate) fn observe_member_years<O: Observer>(
        &self,
        s: &State,
        year: i32,
        us: &UsPosture,
        observer: &mut O,
    ) {
        let m = &self.m;
        for i in 0..m.n {
            let is_us = Some(i) == self.us;
            let spending_busd = s.share[i] / 100.0 * s.gdp[i];
            observer.member_year(
                i,
                &MemberYear {
                    year,
                    spending_gdp: s.share[i],
                    spending_busd,
                    gdp_busd: s.gdp[i],
                    threat: s.threat[i],
                    us_trust: if is_us { f64::NAN } else { s.trust[i] },
                    contribution_busd: if is_us {
                        self.us_forces(us)
                    } else {
                        s.capability[i] * m.availability[i]
                    },
                },
            );
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metric;
    use crate::{Dataset, Scenario};

    #[test]
    fn member_years_cover_the_base_year_and_every_year_and_sum_to_the_european_metrics() {
        let (sc, data) = (Scenario::defaults(), Dataset::embedded().unwrap());
        for model in sc.model_ids() {
            let e = Engine::new(&sc, &data, &model).unwrap();
            let mut rec = MemberYearRecorder::default();
            let observed = e.run_observed(7, 3, &mut rec);
            // Watching changes nothing.
            assert_eq!(observed, e.run(7, 3), "{model}");
            let n = e.members();
            let first = sc.scenario.start.year();
            let last = sc.scenario.end.year();
            let years = (last - first + 2) as usize;
            assert_eq!(rec.years.len(), years * n, "{model}");
            for (k, (i, r)) in rec.years.iter().enumerate() {
                assert_eq!(*i, k % n);
                assert_eq!(r.year, first - 1 + (k / n) as i32);
                assert!((r.spending_busd - r.spending_gdp / 100.0 * r.gdp_busd).abs() < 1e-9);
            }
            // The base year is the reference data.
            for (i, m) in data.members.iter().enumerate() {
                let (_, r) = &rec.years[i];
                assert!((r.gdp_busd - m.gdp_2024_busd).abs() < 1e-9, "{}", m.iso3);
                assert_eq!(r.us_trust.is_nan(), m.is_us(), "{}", m.iso3);
            }
            // The final year's European members add up to the European metrics.
            let last_year = &rec.years[(years - 1) * n..];
            let (mut spend, mut gdp) = (0.0, 0.0);
            for (i, r) in last_year {
                if data.members[*i].is_european() {
                    spend += r.spending_busd;
                    gdp += r.gdp_busd;
                }
            }
            let busd = observed.get(Metric::EuropeSpendingBusdFinal);
            let share = observed.get(Metric::EuropeSpendingGdpFinal);
            assert!(
                (spend - busd).abs() <= 1e-9 * busd,
                "{model}: {spend} vs {busd}"
            );
            assert!((100.0 * spend / gdp - share).abs() < 1e-9, "{model}");
        }
    }
}
