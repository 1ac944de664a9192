//! The outcome metrics of one run, with their definitions, and the one
//! definition of how each kind of value is formatted.
//!
//! `docs/MODEL.md` ("Outcome metrics") defines each precisely; the one-line
//! descriptions here are what the CLI prints. Every metric is a per-run value;
//! ensembles summarise them across runs (mean and quantiles).
//!
//! The `metrics!` table below is the single definition of a metric: it
//! generates the [`Metric`] enum, the [`METRICS`] table (name, kind, range,
//! description) and the exhaustive [`MetricValues`] struct the engine fills
//! in. Adding a metric to the table without computing it in the engine is a
//! compile error (a missing field in a struct literal), not a silent `NaN`.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// What kind of quantity a metric or a monthly series is; it decides how a
/// value is formatted ([`Kind::decimals`]) and which unit it is shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
// Deliberately exhaustive: every front end matches on it, so a new kind is a
// compile error wherever it needs a unit label, not a silent fallback.
pub enum Kind {
    /// An index in [0, 1].
    Index,
    /// A probability in [0, 1].
    Probability,
    /// Days.
    Days,
    /// Percent of GDP.
    PercentGdp,
    /// Percentage points of GDP (a spread of shares, not a share).
    PercentagePoints,
    /// USD bn (2024 prices).
    UsdBn,
    /// Brigade equivalents.
    Brigades,
    /// Soldiers (US troops in Europe).
    Troops,
    /// A count of events.
    Count,
}

impl Kind {
    /// Decimals a value of this kind is shown with, in every front end (the
    /// CLI tables, the report, its CSV-derived captions). One definition, so
    /// that the same number never reads differently in two places.
    pub fn decimals(self) -> usize {
        match self {
            Kind::Index | Kind::Probability => 3,
            Kind::Days | Kind::Brigades => 1,
            Kind::PercentGdp | Kind::PercentagePoints => 2,
            Kind::UsdBn | Kind::Troops | Kind::Count => 0,
        }
    }

    /// Formats `v` with [`Kind::decimals`] (a plain `.` decimal point); `NaN`
    /// (a metric undefined in every run) reads "–".
    pub fn format(self, v: f64) -> String {
        if v.is_nan() {
            return "–".into();
        }
        format!("{v:.*}", self.decimals())
    }

    /// English unit label, e.g. for `natosim metrics` and CSV documentation.
    pub fn unit(self) -> &'static str {
        match self {
            Kind::Index => "index 0–1",
            Kind::Probability => "probability",
            Kind::Days => "days",
            Kind::PercentGdp => "% of GDP",
            Kind::PercentagePoints => "pp of GDP",
            Kind::UsdBn => "USD bn (2024 prices)",
            Kind::Brigades => "brigade equivalents",
            Kind::Troops => "troops",
            Kind::Count => "count",
        }
    }
}

/// One metric as front ends list it (`natosim metrics`, Python's `metrics()`):
/// name, unit, range and definition.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct MetricDefinition {
    /// Machine name.
    pub name: &'static str,
    /// Its unit in words.
    pub unit: &'static str,
    /// Lower bound of its values.
    pub min: f64,
    /// Upper bound of its values.
    pub max: f64,
    /// What it measures.
    pub definition: &'static str,
}

impl MetricInfo {
    /// The metric as front ends list it.
    pub fn definition(&self) -> MetricDefinition {
        MetricDefinition {
            name: self.name,
            unit: self.kind.unit(),
            min: self.lo,
            max: self.hi,
            definition: self.description,
        }
    }
}

/// Static description of one metric.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct MetricInfo {
    /// Machine name (JSON key, CSV column).
    pub name: &'static str,
    /// What it measures.
    pub description: &'static str,
    /// Kind.
    pub kind: Kind,
    /// Lower bound of its values (for fixed-range summaries).
    pub lo: f64,
    /// Upper bound of its values.
    pub hi: f64,
}

macro_rules! metrics {
    ($( $variant:ident / $field:ident, $kind:ident, $lo:expr, $hi:expr, $desc:literal; )*) => {
        /// Identifies a metric; its discriminant indexes [`RunMetrics::values`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Metric {
            $(
                #[doc = $desc]
                $variant,
            )*
        }

        impl Metric {
            /// All metrics, in output order (the order of [`METRICS`]).
            pub const ALL: &'static [Metric] = &[ $( Metric::$variant, )* ];
        }

        /// All metrics, in output order.
        pub const METRICS: &[MetricInfo] = &[
            $( MetricInfo {
                name: stringify!($field),
                description: $desc,
                kind: Kind::$kind,
                lo: $lo,
                hi: $hi,
            }, )*
        ];

        /// Every metric of one run, by name. The engine builds this with a
        /// struct literal, so each metric must be computed explicitly; `NaN`
        /// is allowed only where a metric is undefined in that run (e.g.
        /// `capacity_to_act` without crises), and is then written on purpose.
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub struct MetricValues {
            $(
                #[doc = $desc]
                pub $field: f64,
            )*
        }

        impl From<MetricValues> for RunMetrics {
            fn from(v: MetricValues) -> RunMetrics {
                RunMetrics { values: [ $( v.$field, )* ] }
            }
        }
    };
}

metrics! {
    Cohesion / cohesion, Index, 0.0, 1.0,
        "mean monthly cohesion index: alignment of positions, trust in the guarantee, solidarity record";
    CapacityToAct / capacity_to_act, Index, 0.0, 1.0,
        "share of crises answered adequately (enough forces) and in time";
    DecisionDays / decision_days, Days, 0.0, 3650.0,
        "mean days from crisis onset to the decision to act, over crises decided within decision.max_days";
    Deterrence / deterrence, Index, 0.0, 1.0,
        "mean monthly deterrence: conventional denial on the eastern flank combined with nuclear credibility";
    ConventionalDeterrence / conventional_deterrence, Index, 0.0, 1.0,
        "mean monthly conventional deterrence: 1 − Russia's perceived chance that a Baltic coup de main succeeds before relief";
    NuclearCredibility / nuclear_credibility, Index, 0.0, 1.0,
        "mean monthly credibility of the nuclear guarantees (US extended deterrence, French/British forces)";
    EuropeanBurdenShare / european_burden_share, Index, 0.0, 1.0,
        "European allies' share of allied spending for Europe's defence, final year";
    EuropeSpendingGdpFinal / europe_spending_gdp_final, PercentGdp, 0.0, 20.0,
        "European allies' defence spending, % of their GDP, final year of the horizon";
    EuropeSpendingBusdFinal / europe_spending_busd_final, UsdBn, 0.0, 10000.0,
        "European allies' defence spending, USD bn at 2024 prices, final year of the horizon";
    SpendingSpreadFinal / spending_spread_final, PercentagePoints, 0.0, 10.0,
        "standard deviation of European allies' spending shares, pp of GDP, final year of the horizon";
    FreeRidingFinal / free_riding_final, Index, 0.0, 1.0,
        "share of European allies below the alliance's core spending target, final year of the horizon";
    UsTrust / us_trust, Index, 0.0, 1.0,
        "mean monthly trust of the European allies in the US guarantee";
    PAttack / p_attack, Probability, 0.0, 1.0,
        "probability of a Russian coup de main within the horizon, given the run's path";
    PParalysis / p_paralysis, Probability, 0.0, 1.0,
        "share of crises left unanswered by their deadline (blocked, too slow or no adequate coalition)";
    PFragmentation / p_fragmentation, Probability, 0.0, 1.0,
        "probability that the alliance fragments (collapse of cohesion or a member's exit) within the horizon";
    BalticDays / baltic_days, Days, 0.0, 365.0,
        "mean days until a coup de main reaches the Baltic capitals, over the months in which they fall (undefined if they never do; see p_baltic_held)";
    ForcesToHold / forces_to_hold, Brigades, 0.0, 1000.0,
        "mean over Januaries of the extra heavy brigades needed in the Baltic states on day 0 for the defence to hold for the campaign horizon";
    PCapitalsLost / p_capitals_lost, Probability, 0.0, 1.0,
        "probability that a coup de main comes within the horizon and reaches the Baltic capitals";
    PEscalationHorizontal / p_escalation_horizontal, Probability, 0.0, 1.0,
        "probability of an attack that widens to other theatres (horizontal escalation)";
    PEscalationVertical / p_escalation_vertical, Probability, 0.0, 1.0,
        "probability of an attack with nuclear threats or use (vertical escalation)";
    PUkraineWar / p_ukraine_war, Probability, 0.0, 1.0,
        "probability of a renewed Russian war against Ukraine within the horizon under the scenario's option";
    HostStability / host_stability, Index, 0.0, 1.0,
        "stability of the advisory mission's host in the final month: capacity net of the insurgency";
    PIsResurgence / p_is_resurgence, Probability, 0.0, 1.0,
        "share of runs in which IS strength crosses the resurgence threshold";
    // h-campaign (issue 10.1): the stochastic Baltic campaign.
    PBalticHeld / p_baltic_held, Probability, 0.0, 1.0,
        "share of months in which a coup de main would not take the Baltic capitals within the campaign horizon (baltic.horizon_days)";
    // h-inst (issue 10.2–10.4): institutions in the loop, Russia's nuclear risk.
    ResponseDays / response_days, Days, 0.0, 3650.0,
        "mean monthly days from an attack on the eastern flank until the decision process releases the allies' reinforcements (force-weighted)";
    ReinforcingShare / reinforcing_share, Index, 0.0, 1.0,
        "mean monthly share of the allies' available reinforcements that political will and the decision rule commit to the eastern flank";
    RussiaNuclearRisk / russia_nuclear_risk, Index, 0.0, 1.0,
        "mean monthly nuclear risk Russia perceives in attacking an ally (US guarantee by presence and signals, French/British forces)";
    InstitutionBuiltFinal / institution_built_final, Index, 0.0, 1.0,
        "share of the model's institution in place in the final month (1 = built or in force from the start)";
    // h-theatres (issue 10.5, 10.7): the theatres' pressure and forces, and
    // the transition and steady-state windows (docs/MODEL.md 8.1).
    GreyZonePressure / grey_zone_pressure, Index, 0.0, 1.0,
        "mean monthly grey-zone shaping: Russia's hybrid pressure, which raises the attack hazard";
    ForcesElsewhere / forces_elsewhere, Brigades, 0.0, 1000.0,
        "mean monthly brigade equivalents the south and the Arctic hold away from the eastern flank";
    PAttackTransition / p_attack_transition, Probability, 0.0, 1.0,
        "probability of a Russian coup de main within the transition window (scenario.start … transition_end)";
    AttackHazardTransition / attack_hazard_transition, Probability, 0.0, 1.0,
        "annual hazard of a Russian coup de main within the transition window (its probability there, per year)";
    AttackHazardEnd / attack_hazard_end, Probability, 0.0, 1.0,
        "annual hazard of a Russian coup de main in the steady-state window (the last scenario.steady_state_years)";
    DeterrenceTransition / deterrence_transition, Index, 0.0, 1.0,
        "mean monthly deterrence within the transition window";
    DeterrenceEnd / deterrence_end, Index, 0.0, 1.0,
        "mean monthly deterrence in the steady-state window";
    CohesionTransition / cohesion_transition, Index, 0.0, 1.0,
        "mean monthly cohesion within the transition window";
    CohesionEnd / cohesion_end, Index, 0.0, 1.0,
        "mean monthly cohesion in the steady-state window";
    // h-spend (issue 11.1): the Hague commitment's two parts and fiscal space.
    EuropeRelatedGdpFinal / europe_related_gdp_final, PercentGdp, 0.0, 20.0,
        "European allies' defence-related spending (infrastructure, resilience, industry), % of their GDP, final year";
    EuropeTotalGdpFinal / europe_total_gdp_final, PercentGdp, 0.0, 40.0,
        "European allies' core + related spending (the Hague 5 % measure), % of their GDP, final year";
    FiscalBoundFinal / fiscal_bound_final, Index, 0.0, 1.0,
        "share of armed European allies whose fiscal ceiling (debt and deficit rules) binds their budget, final year";
}

/// Number of metrics.
pub const N_METRICS: usize = METRICS.len();

/// The windowed metrics in pairs, transition then steady state, each with
/// a short English label (docs/MODEL.md 8.1): what `natosim compare
/// --windows` and the report's windows table show side by side. Both
/// members of a pair are in the same unit, so they can be read across.
pub const WINDOW_PAIRS: &[(&str, Metric, Metric)] = &[
    (
        "annual attack hazard",
        Metric::AttackHazardTransition,
        Metric::AttackHazardEnd,
    ),
    (
        "deterrence",
        Metric::DeterrenceTransition,
        Metric::DeterrenceEnd,
    ),
    ("cohesion", Metric::CohesionTransition, Metric::CohesionEnd),
];

impl Metric {
    /// The metric's description.
    pub fn info(self) -> &'static MetricInfo {
        &METRICS[self as usize]
    }

    /// The metric's machine name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Position in [`METRICS`] and [`RunMetrics::values`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Looks a metric up by its machine name; an unknown name is an error
    /// that lists the allowed names and suggests the nearest one.
    pub fn from_name(name: &str) -> Result<Metric, UnknownMetric> {
        METRICS
            .iter()
            .position(|m| m.name == name)
            .map(|k| Metric::ALL[k])
            .ok_or_else(|| UnknownMetric::new(name))
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Metric {
    type Err = UnknownMetric;

    fn from_str(s: &str) -> Result<Metric, UnknownMetric> {
        Metric::from_name(s)
    }
}

/// A metric name that is not in [`METRICS`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown metric `{name}`{}; allowed: {}", .suggestion.map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default(), metric_names().join(", "))]
pub struct UnknownMetric {
    /// The name given.
    pub name: String,
    /// The nearest known name, if one is close.
    pub suggestion: Option<&'static str>,
}

impl UnknownMetric {
    fn new(name: &str) -> UnknownMetric {
        // The old `*_2035` names map to their `*_final` successors; anything
        // else gets the scenario diagnostics' "did you mean" (one definition
        // of a likely typo for fields, models, scenarios and metrics).
        let renamed = name
            .strip_suffix("_2035")
            .map(|stem| format!("{stem}_final"));
        let names = metric_names();
        let suggestion = renamed
            .as_deref()
            .or_else(|| crate::scenario::suggest(name, &names))
            .and_then(|s| names.iter().copied().find(|&n| n == s));
        UnknownMetric {
            name: name.to_string(),
            suggestion,
        }
    }
}

/// The machine names of all metrics, in output order.
pub fn metric_names() -> Vec<&'static str> {
    METRICS.iter().map(|m| m.name).collect()
}

/// The metrics of one run. `NaN` marks a metric undefined in that run
/// (e.g. `capacity_to_act` in a run without crises).
#[derive(Clone, Debug, PartialEq)]
pub struct RunMetrics {
    /// Values in [`METRICS`] order.
    pub values: [f64; N_METRICS],
}

impl RunMetrics {
    /// The value of one metric.
    pub fn get(&self, m: Metric) -> f64 {
        self.values[m as usize]
    }

    /// `(metric, value)` pairs in [`METRICS`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Metric, f64)> + '_ {
        Metric::ALL.iter().copied().zip(self.values.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_errors() {
        for &m in Metric::ALL {
            assert_eq!(Metric::from_name(m.name()), Ok(m));
            assert_eq!(m.name().parse::<Metric>(), Ok(m));
        }
        let e = Metric::from_name("p_atack").unwrap_err();
        assert_eq!(e.suggestion, Some("p_attack"));
        assert!(e.to_string().contains("did you mean `p_attack`"), "{e}");
        let e = Metric::from_name("europe_spending_gdp_2035").unwrap_err();
        assert_eq!(e.suggestion, Some("europe_spending_gdp_final"));
        let e = Metric::from_name("something_else_entirely").unwrap_err();
        assert_eq!(e.suggestion, None);
    }

    #[test]
    fn table_enum_and_struct_agree() {
        assert_eq!(Metric::ALL.len(), N_METRICS);
        for (k, &m) in Metric::ALL.iter().enumerate() {
            assert_eq!(m.index(), k);
            assert!(m.info().lo < m.info().hi, "{m}");
        }
    }

    #[test]
    fn kinds_format_with_one_definition() {
        assert_eq!(Kind::Index.format(0.12345), "0.123");
        assert_eq!(Kind::PercentGdp.format(3.456), "3.46");
        assert_eq!(Kind::UsdBn.format(512.6), "513");
        assert_eq!(Kind::Days.format(f64::NAN), "–");
    }
}
