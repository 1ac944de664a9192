//! The sections of a scenario file, one struct per TOML table.
//!
//! The first part holds the shocks and theatres: the US conflict fields and
//! withdrawal reasons, the Baltic theatre, nuclear deterrence, Ukraine's
//! security options, hybrid threats, the southern neighbourhood (NATO
//! Mission Iraq) and the High North (Arctic Sentry). These are scenario-wide:
//! they hold in every institutional model, so the models still differ only in
//! their [`Institution`]. The mechanisms that read them live in
//! [`crate::submodels`] and [`crate::engine`]; `docs/MODEL.md` ("Submodels")
//! gives the equations.
//!
//! The second part holds the run settings, the behavioural parameters and
//! the [`Institution`] of a model.

use crate::time::YearMonth;
use serde::{Deserialize, Serialize};

/// Whether a conflict field with `(intensity, start, end)` is active at
/// `date`, and how strongly (0 when off).
pub fn window_level(intensity: f64, start: YearMonth, end: YearMonth, date: YearMonth) -> f64 {
    if start <= date && date <= end {
        intensity
    } else {
        0.0
    }
}

/// The tariff conflict (seed 001: "der von ihr initiierte Zollkonflikt").
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Tariffs {
    pub intensity: f64,
    pub start: YearMonth,
    pub end: YearMonth,
    pub trust_penalty: f64,
    pub gdp_growth_hit: f64,
}

/// The territorial conflict over Greenland (seed 001, seed 002).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Greenland {
    pub intensity: f64,
    pub start: YearMonth,
    pub end: YearMonth,
    pub trust_penalty: f64,
    pub north_factor: f64,
    pub arctic_rate_gain: f64,
}

/// A unilateral US deal with Russia (seed 001: "Unilateralismus").
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct RussiaDeal {
    pub intensity: f64,
    pub start: YearMonth,
    pub end: YearMonth,
    pub trust_penalty: f64,
    pub east_factor: f64,
    pub probe_gain: f64,
    pub nuclear_signal: f64,
}

/// US absences at ministerial meetings (seed 002).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Absences {
    pub intensity: f64,
    pub start: YearMonth,
    pub end: YearMonth,
    pub leadership_cut: f64,
    pub trust_penalty: f64,
    pub nuclear_signal: f64,
}

/// An attempt by the US administration to leave the alliance, against the
/// two-thirds Senate hurdle set by Congress in 2023 (seed 001).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ExitAttempt {
    pub at: When,
    pub senate_approval: f64,
    pub practical_exit: f64,
    pub practical_presence: f64,
}

/// The five conflict fields with the US (seed 001) and the absences (seed 002).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Conflicts {
    pub tariffs: Tariffs,
    pub greenland: Greenland,
    pub russia_deal: RussiaDeal,
    pub absences: Absences,
    pub exit_attempt: ExitAttempt,
}

/// Why the US withdraws troops (seed 001: China, a deal with Russia, or a
/// bargaining chip).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum WithdrawalReason {
    /// No withdrawal beyond the models' own troop paths.
    None,
    /// To position itself against China: enablers stay longer, entrapment grows.
    ChinaPivot,
    /// As part of a unilateral deal with Russia.
    RussiaDeal,
    /// A threat to extract concessions: called off once Europe meets the target.
    BargainingChip,
}

/// A US troop withdrawal applied on top of every model's troop path.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Withdrawal {
    pub scale: Vec<PathPoint>,
    pub reason: WithdrawalReason,
    pub pivot_entrapment: f64,
    pub chip_pressure: f64,
    pub chip_target: f64,
}

/// The Baltic theatre: a Russian coup de main fought to the capitals.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Baltic {
    pub distance_km: f64,
    pub horizon_days: f64,
    pub max_advance_km_per_day: f64,
    pub breakthrough_ratio: f64,
    pub attacker_lethality: f64,
    pub defender_lethality: f64,
    pub air_power: f64,
    pub troops_per_brigade: f64,
    pub forward_brigades: Vec<PathPoint>,
    pub european_reinforcement_brigades: f64,
    pub european_readiness: f64,
    pub us_forward_share: f64,
    pub tier1_days: f64,
    pub tier1_share: f64,
    pub russia_brigades: f64,
    pub russia_follow_on: f64,
    pub russia_follow_on_days: f64,
    pub fait_accompli_days: f64,
    pub deterrence_steepness: f64,
    pub horizontal_if_held: f64,
    pub horizontal_if_lost: f64,
    pub vertical_if_held: f64,
    pub vertical_if_lost: f64,
    pub nuclear_restraint: f64,
}

/// Nuclear deterrence: sharing hosts, visible inclusion, a European dimension.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Nuclear {
    pub host_bonus: f64,
    pub visible_inclusion: f64,
    pub inclusion_weight: f64,
    pub european_dimension: f64,
    pub european_dimension_gain: f64,
    pub european_max: f64,
    pub signal_penalty: f64,
}

/// Ukraine's security options (seed 001).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum UkraineOptionId {
    /// No arrangement beyond today's support falling away.
    None,
    /// NATO membership.
    NatoMembership,
    /// "Hedgehog": enabling Ukraine to defend itself.
    Hedgehog,
    /// A reassurance force of a coalition of the willing, without the US.
    ReassuranceForce,
    /// EU membership (Art. 42(7) TEU).
    EuMembership,
    /// Article 5 extended without membership (Rome's idea).
    Article5WithoutMembership,
}

impl UkraineOptionId {
    /// Every option, in documentation order.
    pub const ALL: [UkraineOptionId; 6] = [
        UkraineOptionId::None,
        UkraineOptionId::NatoMembership,
        UkraineOptionId::Hedgehog,
        UkraineOptionId::ReassuranceForce,
        UkraineOptionId::EuMembership,
        UkraineOptionId::Article5WithoutMembership,
    ];

    /// The option's name as written in scenario files.
    pub fn id(self) -> &'static str {
        match self {
            UkraineOptionId::None => "none",
            UkraineOptionId::NatoMembership => "nato-membership",
            UkraineOptionId::Hedgehog => "hedgehog",
            UkraineOptionId::ReassuranceForce => "reassurance-force",
            UkraineOptionId::EuMembership => "eu-membership",
            UkraineOptionId::Article5WithoutMembership => "article5-without-membership",
        }
    }
}

/// The effects of one Ukraine option.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct UkraineOption {
    pub entanglement: f64,
    pub russia_tied: f64,
    pub cost_gdp: f64,
    pub european_brigades: f64,
    pub war_hazard: f64,
}

/// Effects per option.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[allow(missing_docs)]
pub struct UkraineOptions {
    pub none: UkraineOption,
    pub nato_membership: UkraineOption,
    pub hedgehog: UkraineOption,
    pub reassurance_force: UkraineOption,
    pub eu_membership: UkraineOption,
    pub article5_without_membership: UkraineOption,
}

/// Ukraine: the chosen option and every option's effects.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Ukraine {
    pub option: UkraineOptionId,
    pub start: YearMonth,
    pub options: UkraineOptions,
}

impl Ukraine {
    /// The effects of `id`.
    pub fn effects(&self, id: UkraineOptionId) -> &UkraineOption {
        let o = &self.options;
        match id {
            UkraineOptionId::None => &o.none,
            UkraineOptionId::NatoMembership => &o.nato_membership,
            UkraineOptionId::Hedgehog => &o.hedgehog,
            UkraineOptionId::ReassuranceForce => &o.reassurance_force,
            UkraineOptionId::EuMembership => &o.eu_membership,
            UkraineOptionId::Article5WithoutMembership => &o.article5_without_membership,
        }
    }
}

/// Kinds of hybrid attack (seed 001), one number each.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct PerHybridKind {
    pub disinformation: f64,
    pub cyber: f64,
    pub sabotage: f64,
    pub migration: f64,
}

impl PerHybridKind {
    /// Names in a fixed order.
    pub const NAMES: [&'static str; 4] = ["disinformation", "cyber", "sabotage", "migration"];

    /// Values in [`PerHybridKind::NAMES`] order.
    pub fn to_array(&self) -> [f64; 4] {
        [
            self.disinformation,
            self.cyber,
            self.sabotage,
            self.migration,
        ]
    }
}

/// Hybrid threats: kinds, severity, the contested Article 5 threshold and
/// national resilience.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Hybrid {
    pub mix: PerHybridKind,
    pub severity: PerHybridKind,
    pub article5_threshold: f64,
    pub threshold_dispersion: f64,
    pub below_threshold_relevance: f64,
    pub resilience: f64,
}

/// The south: an advisory mission after NATO Mission Iraq (seed 000).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct South {
    pub mission_end: When,
    pub personnel: f64,
    pub advisers: f64,
    pub rotation_months: f64,
    pub continuity: f64,
    pub trust_build_months: f64,
    pub capacity_initial: f64,
    pub capacity_gain: f64,
    pub fragility: f64,
    pub interference: f64,
    pub erosion: f64,
    pub is_initial: f64,
    pub is_growth: f64,
    pub is_suppression: f64,
    pub coalition_pressure: f64,
    pub coalition_withdrawal: When,
    pub host_pressure_weight: f64,
    pub is_noise: f64,
    pub resurgence_threshold: f64,
    pub east_pull: f64,
    pub crisis_gain: f64,
}

/// The High North: Arctic Sentry (seed 002).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Arctic {
    pub sentry_start: When,
    pub presence: f64,
    pub rate_damping: f64,
    pub prepositioning: f64,
    pub greenland_damping: f64,
}

/// Metadata and run settings.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Human-readable name.
    pub name: String,
    /// What the scenario asks and where it comes from.
    pub description: String,
    /// First simulated month.
    pub start: YearMonth,
    /// Last simulated month (inclusive).
    pub end: YearMonth,
    /// Monte Carlo runs per model.
    pub runs: u32,
    /// Root seed.
    pub seed: u64,
}

/// Threat perception and trust.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Perception {
    pub level_high: f64,
    pub level_medium: f64,
    pub level_low: f64,
    pub war_risk_weight: f64,
    pub russia_threat_floor: f64,
    pub trust_initial: f64,
    pub trust_base: f64,
    pub trust_presence_weight: f64,
    pub trust_leadership_weight: f64,
    pub trust_rate: f64,
    pub trust_noise: f64,
    pub atlanticist_anchor: f64,
    pub crisis_salience_gain: f64,
    pub crisis_salience_decay: f64,
    pub entrapment_weight: f64,
}

/// Russia: reconstitution and opportunism.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Russia {
    pub capability_2025: f64,
    pub reconstitution_years_min: f64,
    pub reconstitution_years_max: f64,
    pub concentration: f64,
    pub probe_gain: f64,
    pub attack_hazard_max: f64,
    pub attack_deterrence_exponent: f64,
    pub attack_cohesion_gain: f64,
}

/// US parameters that hold in every model.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct UsPolicy {
    pub troops_reference: f64,
    pub reinforcement_troops: f64,
    pub reinforcement_share_30d: f64,
    pub political_friction: f64,
    pub europe_budget_share: f64,
    pub withdrawal: Withdrawal,
}

/// One point of the alliance spending target.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TargetPoint {
    /// Year the target applies.
    pub year: i32,
    /// Core defence spending, % of GDP.
    pub core: f64,
    /// Defence-related investment, % of GDP.
    pub related: f64,
}

/// Budgets.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Spending {
    pub targets: Vec<TargetPoint>,
    pub adjustment_speed: f64,
    pub threat_sensitivity: f64,
    pub intercept: f64,
    pub abandonment_sensitivity: f64,
    pub free_riding: f64,
    pub small_ally_free_riding: f64,
    pub target_pull: f64,
    pub us_pressure: f64,
    pub max_increase_pp: f64,
    pub fiscal_drag: f64,
    pub max_decrease_pp: f64,
    pub gdp_growth_europe: f64,
    pub gdp_growth_north_america: f64,
}

/// A value per flank.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct PerFlank {
    pub east: f64,
    pub north: f64,
    pub centre: f64,
    pub south: f64,
    pub southeast: f64,
    pub north_america: f64,
}

impl PerFlank {
    /// The values in [`crate::data::Flank::ALL`] order.
    pub fn to_array(&self) -> [f64; 6] {
        [
            self.east,
            self.north,
            self.centre,
            self.south,
            self.southeast,
            self.north_america,
        ]
    }
}

/// Force generation.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Forces {
    pub procurement_lag_months: u32,
    pub build_up_months: f64,
    pub integration_efficiency: f64,
    pub european_enabler_rate: f64,
    pub availability: PerFlank,
}

/// Deterrence.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Deterrence {
    pub nuclear_weight: f64,
    pub us_nuclear_form: f64,
    pub us_nuclear_presence_exponent: f64,
    pub european_nuclear_base: f64,
    pub european_nuclear_integration_gain: f64,
}

/// Crisis decision-making.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Decision {
    pub base_days: f64,
    pub willingness_speedup: f64,
    pub noise_sigma: f64,
    pub support_threshold: f64,
    pub support_softness: f64,
    pub solidarity_weight: f64,
    pub veto_scale: f64,
    pub hegemon_days: f64,
    pub coalition_overhead_days: f64,
    pub delegation_speedup: f64,
    pub leadership_speedup: f64,
    pub buck_passing: f64,
    pub compliance: f64,
    pub max_days: f64,
}

/// Cohesion, positions and fragmentation.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Cohesion {
    pub weight_alignment: f64,
    pub weight_trust: f64,
    pub weight_record: f64,
    pub record_memory: f64,
    pub position_pull: f64,
    pub home_pull: f64,
    pub position_noise: f64,
    pub leader_weight: f64,
    pub sovereignty_resistance: f64,
    pub fragmentation_threshold: f64,
    pub fragmentation_softness: f64,
    pub fragmentation_hazard_max: f64,
    pub exit_hazard_max: f64,
    pub exit_softness: f64,
    pub spin_up_months: u32,
}

/// One crisis type.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct CrisisType {
    pub rate_per_month: f64,
    pub russian_driven: bool,
    pub required_busd: f64,
    pub deadline_days: f64,
    pub stakes: f64,
    pub salience: PerFlank,
}

/// The crisis types.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Crises {
    pub hybrid: CrisisType,
    pub eastern_military: CrisisType,
    pub south: CrisisType,
    pub arctic: CrisisType,
}

impl Crises {
    /// The types with their names, in a fixed order.
    pub fn all(&self) -> [(&'static str, &CrisisType); 4] {
        [
            ("hybrid", &self.hybrid),
            ("eastern_military", &self.eastern_military),
            ("south", &self.south),
            ("arctic", &self.arctic),
        ]
    }
}

/// How the alliance decides on a crisis.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum DecisionRule {
    /// Unanimity; any member may veto (today's North Atlantic Council).
    Consensus,
    /// Double qualified majority of states and weight; no veto.
    QualifiedMajority,
    /// Coalitions of the willing under the common roof; no vote.
    Coalitions,
}

/// A month or never: when something happens (`"YYYY-MM"` or `"never"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// It does not happen.
    Never,
    /// It happens in this month.
    At(YearMonth),
}

/// When the United States leaves the alliance.
pub type UsExit = When;

impl When {
    /// Whether it has happened by `date` (inclusive).
    pub fn by(self, date: YearMonth) -> bool {
        matches!(self, When::At(m) if m <= date)
    }
}

impl Serialize for When {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            When::Never => s.serialize_str("never"),
            When::At(m) => s.collect_str(m),
        }
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == "never" {
            return Ok(When::Never);
        }
        s.parse()
            .map(When::At)
            .map_err(|e| serde::de::Error::custom(format!("{e}, or \"never\"")))
    }
}

/// A point of a piecewise-linear path.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PathPoint {
    /// Month.
    pub at: YearMonth,
    /// Value from this month on (linear to the next point, flat after the last).
    pub value: f64,
}

/// Evaluates a piecewise-linear path (flat before the first and after the last point).
pub fn path_value(path: &[PathPoint], at: YearMonth) -> f64 {
    let x = at.as_years();
    match path.iter().position(|p| p.at.as_years() > x) {
        None => path.last().map_or(0.0, |p| p.value),
        Some(0) => path[0].value,
        Some(i) => {
            let (a, b) = (&path[i - 1], &path[i]);
            let (xa, xb) = (a.at.as_years(), b.at.as_years());
            a.value + (b.value - a.value) * (x - xa) / (xb - xa)
        }
    }
}

/// The institutional parameters of one model — the only things that differ
/// between models.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Institution {
    /// The model's name in English, as the CLI and the report show it.
    pub label: String,
    /// The model's name in German; the report falls back to `label` without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_de: Option<String>,
    pub decision_rule: DecisionRule,
    pub hegemonic_leadership: f64,
    pub us_exit: UsExit,
    pub us_troops: Vec<PathPoint>,
    pub us_enablers: Vec<PathPoint>,
    pub us_nuclear_guarantee: f64,
    pub procurement_integration: f64,
    pub competence_delegation: f64,
    pub sovereignty_cost: f64,
    pub qmv_states: f64,
    pub qmv_weight: f64,
}
