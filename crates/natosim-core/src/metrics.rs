//! The outcome metrics of one run, with their definitions.
//!
//! `docs/MODEL.md` ("Outcome metrics") defines each precisely; the one-line
//! descriptions here are what the CLI prints. Every metric is a per-run value;
//! ensembles summarise them across runs (mean and quantiles).

use serde::Serialize;

/// What kind of quantity a metric is (decides formatting and summary range).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An index in [0, 1].
    Index,
    /// A probability in [0, 1].
    Probability,
    /// Days.
    Days,
    /// Percent of GDP.
    PercentGdp,
    /// USD bn (2024 prices).
    UsdBn,
    /// Brigade equivalents.
    Brigades,
}

impl Kind {
    /// The unit, as printed by `natosim metrics`.
    pub fn unit(self) -> &'static str {
        match self {
            Kind::Index => "index 0–1",
            Kind::Probability => "probability",
            Kind::Days => "days",
            Kind::PercentGdp => "% of GDP",
            Kind::UsdBn => "USD bn (2024 prices)",
            Kind::Brigades => "brigade equivalents",
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
    ($( $variant:ident = $name:literal, $kind:ident, $lo:expr, $hi:expr, $desc:literal; )*) => {
        /// Identifies a metric; its discriminant indexes [`RunMetrics::values`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Metric { $( $variant, )* }

        /// All metrics, in output order.
        pub const METRICS: &[MetricInfo] = &[
            $( MetricInfo { name: $name, description: $desc, kind: Kind::$kind, lo: $lo, hi: $hi }, )*
        ];
    };
}

metrics! {
    Cohesion = "cohesion", Index, 0.0, 1.0,
        "mean monthly cohesion index: alignment of positions, trust in the guarantee, solidarity record";
    CapacityToAct = "capacity_to_act", Index, 0.0, 1.0,
        "share of crises answered adequately (enough forces) and in time";
    DecisionDays = "decision_days", Days, 0.0, 3650.0,
        "mean days from crisis onset to the decision to act, over crises decided within decision.max_days";
    Deterrence = "deterrence", Index, 0.0, 1.0,
        "mean monthly deterrence: conventional denial on the eastern flank combined with nuclear credibility";
    ConventionalDeterrence = "conventional_deterrence", Index, 0.0, 1.0,
        "mean monthly conventional deterrence (force ratio on the Baltic axis within 30 days)";
    NuclearCredibility = "nuclear_credibility", Index, 0.0, 1.0,
        "mean monthly credibility of the nuclear guarantees (US extended deterrence, French/British forces)";
    EuropeanBurdenShare = "european_burden_share", Index, 0.0, 1.0,
        "European allies' share of allied spending for Europe's defence, final year";
    EuropeSpendingGdp2035 = "europe_spending_gdp_2035", PercentGdp, 0.0, 20.0,
        "European allies' defence spending, % of their GDP, final year (2035 in the baseline)";
    EuropeSpendingBusd2035 = "europe_spending_busd_2035", UsdBn, 0.0, 10000.0,
        "European allies' defence spending, USD bn at 2024 prices, final year";
    SpendingSpread2035 = "spending_spread_2035", PercentGdp, 0.0, 10.0,
        "standard deviation of European allies' spending shares, pp of GDP, final year";
    FreeRiding2035 = "free_riding_2035", Index, 0.0, 1.0,
        "share of European allies below the alliance's core spending target, final year";
    UsTrust = "us_trust", Index, 0.0, 1.0,
        "mean monthly trust of the European allies in the US guarantee";
    PAttack = "p_attack", Probability, 0.0, 1.0,
        "probability of a Russian coup de main within the horizon, given the run's path";
    PParalysis = "p_paralysis", Probability, 0.0, 1.0,
        "share of crises left unanswered by their deadline (blocked, too slow or no adequate coalition)";
    PFragmentation = "p_fragmentation", Probability, 0.0, 1.0,
        "probability that the alliance fragments (collapse of cohesion or a member's exit) within the horizon";
    BalticDays = "baltic_days", Days, 0.0, 365.0,
        "mean monthly days until a coup de main would reach the Baltic capitals (baltic.horizon_days if the defence holds)";
    ForcesToHold = "forces_to_hold", Brigades, 0.0, 1000.0,
        "mean over Januaries of the extra brigades needed in the Baltic states on day 0 for the defence to hold";
    PCapitalsLost = "p_capitals_lost", Probability, 0.0, 1.0,
        "probability that a coup de main comes within the horizon and reaches the Baltic capitals";
    PEscalationHorizontal = "p_escalation_horizontal", Probability, 0.0, 1.0,
        "probability of an attack that widens to other theatres (horizontal escalation)";
    PEscalationVertical = "p_escalation_vertical", Probability, 0.0, 1.0,
        "probability of an attack with nuclear threats or use (vertical escalation)";
    PUkraineWar = "p_ukraine_war", Probability, 0.0, 1.0,
        "probability of a renewed Russian war against Ukraine within the horizon under the scenario's option";
    HostStability = "host_stability", Index, 0.0, 1.0,
        "stability of the advisory mission's host in the final month: capacity net of the insurgency";
    PIsResurgence = "p_is_resurgence", Probability, 0.0, 1.0,
        "share of runs in which IS strength crosses the resurgence threshold";
}

/// Number of metrics.
pub const N_METRICS: usize = METRICS.len();

impl Metric {
    /// The metric's description.
    pub fn info(self) -> &'static MetricInfo {
        &METRICS[self as usize]
    }
}

/// Looks a metric up by name.
pub fn metric_index(name: &str) -> Option<usize> {
    METRICS.iter().position(|m| m.name == name)
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
}
