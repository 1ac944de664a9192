//! Scenarios: what a user can set, how files are layered and validated.
//!
//! A scenario is built from *layers*: the embedded defaults
//! (`crates/natosim-core/defaults.toml`, printed by `natosim scenario
//! --defaults`), then any scenario named by `extends`, then the file itself.
//! Each layer may only set fields that exist in the defaults, so a typo is an
//! error, not a silently ignored key. Every error names the file, the field
//! path and what is allowed.

use crate::data::Flank;
pub use crate::shocks::*;
use crate::time::YearMonth;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The complete defaults, with comments: the base layer of every scenario.
pub const DEFAULTS_TOML: &str = include_str!("../defaults.toml");

/// A problem with a scenario, located as precisely as possible.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ScenarioError {
    /// The file (or layer name) the problem is in.
    pub file: String,
    /// The dotted field path, if the problem is in one field.
    pub path: Option<String>,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}: field `{}`: {}", self.file, p, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// All errors found in one scenario (validation reports every bad field at once).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ScenarioErrors(pub Vec<ScenarioError>);

impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl From<ScenarioError> for ScenarioErrors {
    fn from(e: ScenarioError) -> Self {
        ScenarioErrors(vec![e])
    }
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
/// between the four models.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Institution {
    pub label: String,
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

/// The four models.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Models {
    #[serde(rename = "status-quo")]
    pub status_quo: Institution,
    #[serde(rename = "transatlantic-minus")]
    pub transatlantic_minus: Institution,
    #[serde(rename = "european-defence-union")]
    pub european_defence_union: Institution,
    pub toolkit: Institution,
}

/// Identifies one of the four institutional models.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum ModelId {
    /// Today's NATO.
    #[serde(rename = "status-quo")]
    StatusQuo,
    /// Transatlantic NATO minus.
    #[serde(rename = "transatlantic-minus")]
    TransatlanticMinus,
    /// European Defence Union.
    #[serde(rename = "european-defence-union")]
    EuropeanDefenceUnion,
    /// NATO as a toolkit (Baukasten).
    #[serde(rename = "toolkit")]
    Toolkit,
}

impl ModelId {
    /// All models, baseline first.
    pub const ALL: [ModelId; 4] = [
        ModelId::StatusQuo,
        ModelId::TransatlanticMinus,
        ModelId::EuropeanDefenceUnion,
        ModelId::Toolkit,
    ];

    /// The identifier used in files and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            ModelId::StatusQuo => "status-quo",
            ModelId::TransatlanticMinus => "transatlantic-minus",
            ModelId::EuropeanDefenceUnion => "european-defence-union",
            ModelId::Toolkit => "toolkit",
        }
    }

    /// Parses an identifier.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.id() == s)
    }
}

/// A complete, validated scenario.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Scenario {
    pub scenario: Meta,
    pub perception: Perception,
    pub russia: Russia,
    pub us: UsPolicy,
    pub spending: Spending,
    pub forces: Forces,
    pub deterrence: Deterrence,
    pub decision: Decision,
    pub cohesion: Cohesion,
    pub crises: Crises,
    pub conflicts: Conflicts,
    pub baltic: Baltic,
    pub nuclear: Nuclear,
    pub ukraine: Ukraine,
    pub hybrid: Hybrid,
    pub south: South,
    pub arctic: Arctic,
    pub models: Models,
}

/// One layer of a scenario: its name (a file path) and its parsed table.
#[derive(Clone, Debug)]
pub struct Layer {
    /// File path or shipped name, used in messages.
    pub name: String,
    /// The parsed TOML, without its `extends` key.
    pub table: toml::Table,
    /// The scenario this layer extends, if any.
    pub extends: Option<String>,
    /// Its `uncertainties`, `levers` and `outcomes` tables (see
    /// [`crate::explore`]), removed from `table`; `None` if it declares none.
    pub exploration: Option<toml::Table>,
}

impl Layer {
    /// Parses one file's text. Syntax errors name the line and column.
    pub fn parse(name: &str, text: &str) -> Result<Layer, ScenarioError> {
        let mut table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let at = e
                .span()
                .map(|s| {
                    let line = text[..s.start].matches('\n').count() + 1;
                    let col = s.start - text[..s.start].rfind('\n').map_or(0, |i| i + 1) + 1;
                    format!("line {line}, column {col}: ")
                })
                .unwrap_or_default();
            ScenarioError {
                file: name.to_string(),
                path: None,
                message: format!("TOML syntax error at {at}{}", e.message()),
            }
        })?;
        let extends = match table.remove("extends") {
            None => None,
            Some(toml::Value::String(s)) => Some(s),
            Some(other) => {
                return Err(ScenarioError {
                    file: name.to_string(),
                    path: Some("extends".into()),
                    message: format!(
                        "expected a string (a shipped scenario's name or a path), found {}",
                        other.type_str()
                    ),
                });
            }
        };
        let exploration = crate::explore::take_declarations(&mut table);
        Ok(Layer {
            name: name.to_string(),
            table,
            extends,
            exploration,
        })
    }
}

/// The layer that last set `path` or the value containing it (a whole array
/// is set at once, so `a.b[2].c` is blamed on whoever set `a.b`).
fn blame(origin: &BTreeMap<String, String>, path: &str) -> Option<String> {
    origin
        .iter()
        .find(|(p, _)| {
            path == p.as_str()
                || path.starts_with(&format!("{p}."))
                || path.starts_with(&format!("{p}["))
        })
        .map(|(_, f)| f.clone())
}

/// Lays `over` onto `base`, refusing fields the base does not have.
fn merge(
    base: &mut toml::Table,
    over: toml::Table,
    prefix: &str,
    file: &str,
    origin: &mut BTreeMap<String, String>,
) -> Result<(), ScenarioError> {
    for (key, value) in over {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match base.get_mut(&key) {
            None => {
                let allowed: Vec<&str> = base.keys().map(String::as_str).collect();
                return Err(ScenarioError {
                    file: file.to_string(),
                    path: Some(path),
                    message: format!("unknown field; allowed here: {}", allowed.join(", ")),
                });
            }
            Some(toml::Value::Table(b)) => match value {
                toml::Value::Table(o) => merge(b, o, &path, file, origin)?,
                other => {
                    return Err(ScenarioError {
                        file: file.to_string(),
                        path: Some(path),
                        message: format!("expected a table, found {}", other.type_str()),
                    });
                }
            },
            Some(slot) => {
                origin.insert(path, file.to_string());
                *slot = value;
            }
        }
    }
    Ok(())
}

impl Scenario {
    /// The embedded defaults (the baseline).
    pub fn defaults() -> Scenario {
        Scenario::from_layers(&[]).expect("the embedded defaults are valid")
    }

    /// Builds a scenario from layers, most general first, on top of the
    /// embedded defaults; then validates it.
    pub fn from_layers(layers: &[Layer]) -> Result<Scenario, ScenarioErrors> {
        let defaults_name = "<embedded defaults>";
        let mut merged = Layer::parse(defaults_name, DEFAULTS_TOML)?.table;
        let mut origin = BTreeMap::new();
        for layer in layers {
            merge(
                &mut merged,
                layer.table.clone(),
                "",
                &layer.name,
                &mut origin,
            )?;
        }
        let scenario: Scenario = serde_path_to_error::deserialize(toml::Value::Table(merged))
            .map_err(|e| {
                let path = e.path().to_string();
                let file = blame(&origin, &path)
                    .or_else(|| layers.last().map(|l| l.name.clone()))
                    .unwrap_or_else(|| defaults_name.to_string());
                ScenarioError {
                    file,
                    path: Some(path),
                    message: e.into_inner().message().to_string(),
                }
            })?;
        let file = layers.last().map_or(defaults_name, |l| l.name.as_str());
        let problems = scenario.validate();
        if problems.is_empty() {
            Ok(scenario)
        } else {
            Err(ScenarioErrors(
                problems
                    .into_iter()
                    .map(|(path, message)| ScenarioError {
                        file: blame(&origin, &path).unwrap_or_else(|| file.to_string()),
                        path: Some(path),
                        message,
                    })
                    .collect(),
            ))
        }
    }

    /// The institution of one model.
    pub fn model(&self, id: ModelId) -> &Institution {
        match id {
            ModelId::StatusQuo => &self.models.status_quo,
            ModelId::TransatlanticMinus => &self.models.transatlantic_minus,
            ModelId::EuropeanDefenceUnion => &self.models.european_defence_union,
            ModelId::Toolkit => &self.models.toolkit,
        }
    }

    /// Mutable access to one model's institution.
    pub fn model_mut(&mut self, id: ModelId) -> &mut Institution {
        match id {
            ModelId::StatusQuo => &mut self.models.status_quo,
            ModelId::TransatlanticMinus => &mut self.models.transatlantic_minus,
            ModelId::EuropeanDefenceUnion => &mut self.models.european_defence_union,
            ModelId::Toolkit => &mut self.models.toolkit,
        }
    }

    /// Number of simulated months.
    pub fn months(&self) -> usize {
        (self.scenario.end.months_since(self.scenario.start) + 1).max(0) as usize
    }

    /// The alliance spending target (core + related, % of GDP) in a year.
    pub fn target(&self, year: i32) -> (f64, f64) {
        let t = &self.spending.targets;
        match t.iter().position(|p| p.year > year) {
            None => t.last().map_or((0.0, 0.0), |p| (p.core, p.related)),
            Some(0) => (t[0].core, t[0].related),
            Some(i) => {
                let (a, b) = (&t[i - 1], &t[i]);
                let f = f64::from(year - a.year) / f64::from(b.year - a.year);
                (
                    a.core + (b.core - a.core) * f,
                    a.related + (b.related - a.related) * f,
                )
            }
        }
    }

    /// Checks ranges and orderings; returns `(field path, message)` pairs.
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut c = Checker::default();
        let m = &self.scenario;
        if m.end < m.start {
            c.fail(
                "scenario.end",
                format!(
                    "{} is before scenario.start = {}; the end must not precede the start",
                    m.end, m.start
                ),
            );
        }
        if m.start.year() < 2024 || m.end.year() > 2100 {
            c.fail(
                "scenario.start",
                "the horizon must lie within 2024-01 … 2100-12".into(),
            );
        }
        c.range_u("scenario.runs", m.runs.into(), 1, 100_000_000);

        let p = &self.perception;
        for (k, v) in [
            ("level_high", p.level_high),
            ("level_medium", p.level_medium),
            ("level_low", p.level_low),
            ("war_risk_weight", p.war_risk_weight),
            ("russia_threat_floor", p.russia_threat_floor),
            ("trust_initial", p.trust_initial),
            ("trust_base", p.trust_base),
            ("trust_presence_weight", p.trust_presence_weight),
            ("trust_leadership_weight", p.trust_leadership_weight),
            ("trust_rate", p.trust_rate),
            ("atlanticist_anchor", p.atlanticist_anchor),
            ("crisis_salience_gain", p.crisis_salience_gain),
            ("crisis_salience_decay", p.crisis_salience_decay),
            ("entrapment_weight", p.entrapment_weight),
        ] {
            c.unit(&format!("perception.{k}"), v);
        }
        c.range("perception.trust_noise", p.trust_noise, 0.0, 0.5);
        if !(p.level_low <= p.level_medium && p.level_medium <= p.level_high) {
            c.fail(
                "perception.level_medium",
                "levels must be ordered: level_low ≤ level_medium ≤ level_high".into(),
            );
        }

        let r = &self.russia;
        // Below 1: reconstitution must have somewhere to go for attack feasibility.
        c.range("russia.capability_2025", r.capability_2025, 0.01, 0.99);
        c.range(
            "russia.reconstitution_years_min",
            r.reconstitution_years_min,
            0.0,
            50.0,
        );
        c.range(
            "russia.reconstitution_years_max",
            r.reconstitution_years_max,
            0.0,
            50.0,
        );
        if r.reconstitution_years_max < r.reconstitution_years_min {
            c.fail(
                "russia.reconstitution_years_max",
                "must be ≥ russia.reconstitution_years_min".into(),
            );
        }
        c.unit("russia.concentration", r.concentration);
        c.range("russia.probe_gain", r.probe_gain, 0.0, 100.0);
        c.unit("russia.attack_hazard_max", r.attack_hazard_max);
        c.range(
            "russia.attack_deterrence_exponent",
            r.attack_deterrence_exponent,
            0.0,
            20.0,
        );
        c.range(
            "russia.attack_cohesion_gain",
            r.attack_cohesion_gain,
            0.0,
            100.0,
        );

        let u = &self.us;
        c.range("us.troops_reference", u.troops_reference, 1.0, 1e7);
        c.range("us.reinforcement_troops", u.reinforcement_troops, 0.0, 1e7);
        c.unit("us.reinforcement_share_30d", u.reinforcement_share_30d);
        c.unit("us.political_friction", u.political_friction);
        c.unit("us.europe_budget_share", u.europe_budget_share);

        let s = &self.spending;
        if s.targets.is_empty() {
            c.fail(
                "spending.targets",
                "needs at least one { year, core, related } point".into(),
            );
        }
        for (i, t) in s.targets.iter().enumerate() {
            c.range(&format!("spending.targets[{i}].core"), t.core, 0.0, 50.0);
            c.range(
                &format!("spending.targets[{i}].related"),
                t.related,
                0.0,
                50.0,
            );
            if i > 0 && t.year <= s.targets[i - 1].year {
                c.fail(
                    &format!("spending.targets[{i}].year"),
                    "years must be strictly increasing".into(),
                );
            }
        }
        c.unit("spending.adjustment_speed", s.adjustment_speed);
        c.range(
            "spending.threat_sensitivity",
            s.threat_sensitivity,
            -20.0,
            20.0,
        );
        c.range("spending.intercept", s.intercept, -20.0, 20.0);
        c.range(
            "spending.abandonment_sensitivity",
            s.abandonment_sensitivity,
            0.0,
            20.0,
        );
        c.range("spending.free_riding", s.free_riding, 0.0, 20.0);
        c.range(
            "spending.small_ally_free_riding",
            s.small_ally_free_riding,
            0.0,
            10.0,
        );
        c.unit("spending.target_pull", s.target_pull);
        c.unit("spending.us_pressure", s.us_pressure);
        c.range("spending.max_increase_pp", s.max_increase_pp, 0.0, 10.0);
        c.unit("spending.fiscal_drag", s.fiscal_drag);
        c.range("spending.max_decrease_pp", s.max_decrease_pp, 0.0, 10.0);
        c.range(
            "spending.gdp_growth_europe",
            s.gdp_growth_europe,
            -10.0,
            10.0,
        );
        c.range(
            "spending.gdp_growth_north_america",
            s.gdp_growth_north_america,
            -10.0,
            10.0,
        );

        let f = &self.forces;
        c.range_u(
            "forces.procurement_lag_months",
            f.procurement_lag_months.into(),
            0,
            240,
        );
        c.range("forces.build_up_months", f.build_up_months, 1.0, 600.0);
        c.range(
            "forces.integration_efficiency",
            f.integration_efficiency,
            0.0,
            5.0,
        );
        c.unit("forces.european_enabler_rate", f.european_enabler_rate);
        c.per_flank("forces.availability", &f.availability);

        let d = &self.deterrence;
        for (k, v) in [
            ("nuclear_weight", d.nuclear_weight),
            ("us_nuclear_form", d.us_nuclear_form),
            ("european_nuclear_base", d.european_nuclear_base),
            (
                "european_nuclear_integration_gain",
                d.european_nuclear_integration_gain,
            ),
        ] {
            c.unit(&format!("deterrence.{k}"), v);
        }
        c.range(
            "deterrence.us_nuclear_presence_exponent",
            d.us_nuclear_presence_exponent,
            0.0,
            10.0,
        );

        let x = &self.decision;
        c.range("decision.base_days", x.base_days, 0.1, 365.0);
        c.range(
            "decision.willingness_speedup",
            x.willingness_speedup,
            0.0,
            10.0,
        );
        c.range("decision.noise_sigma", x.noise_sigma, 0.0, 3.0);
        c.unit("decision.support_threshold", x.support_threshold);
        c.range("decision.support_softness", x.support_softness, 1e-3, 1.0);
        c.unit("decision.solidarity_weight", x.solidarity_weight);
        c.range("decision.veto_scale", x.veto_scale, 0.0, 10.0);
        c.range("decision.hegemon_days", x.hegemon_days, 0.0, 365.0);
        c.range(
            "decision.coalition_overhead_days",
            x.coalition_overhead_days,
            0.0,
            365.0,
        );
        c.unit("decision.delegation_speedup", x.delegation_speedup);
        c.unit("decision.leadership_speedup", x.leadership_speedup);
        c.range("decision.buck_passing", x.buck_passing, 0.0, 10.0);
        c.unit("decision.compliance", x.compliance);
        c.range("decision.max_days", x.max_days, 1.0, 3650.0);

        let h = &self.cohesion;
        for (k, v) in [
            ("weight_alignment", h.weight_alignment),
            ("weight_trust", h.weight_trust),
            ("weight_record", h.weight_record),
            ("record_memory", h.record_memory),
            ("position_pull", h.position_pull),
            ("home_pull", h.home_pull),
            ("sovereignty_resistance", h.sovereignty_resistance),
            ("fragmentation_threshold", h.fragmentation_threshold),
            ("fragmentation_hazard_max", h.fragmentation_hazard_max),
            ("exit_hazard_max", h.exit_hazard_max),
        ] {
            c.unit(&format!("cohesion.{k}"), v);
        }
        c.range("cohesion.position_noise", h.position_noise, 0.0, 0.5);
        c.range("cohesion.leader_weight", h.leader_weight, 0.0, 100.0);
        c.range(
            "cohesion.fragmentation_softness",
            h.fragmentation_softness,
            1e-3,
            1.0,
        );
        c.range("cohesion.exit_softness", h.exit_softness, 1e-3, 1.0);
        c.range_u("cohesion.spin_up_months", h.spin_up_months.into(), 0, 1200);
        let w = h.weight_alignment + h.weight_trust + h.weight_record;
        if (w - 1.0).abs() > 1e-6 {
            c.fail("cohesion.weight_record", format!("weight_alignment + weight_trust + weight_record must sum to 1 (they sum to {w})"));
        }

        for (name, t) in self.crises.all() {
            let p = format!("crises.{name}");
            c.range(&format!("{p}.rate_per_month"), t.rate_per_month, 0.0, 1.0);
            c.range(&format!("{p}.required_busd"), t.required_busd, 0.0, 1e5);
            c.range(&format!("{p}.deadline_days"), t.deadline_days, 0.5, 3650.0);
            c.unit(&format!("{p}.stakes"), t.stakes);
            c.per_flank(&format!("{p}.salience"), &t.salience);
        }

        for id in ModelId::ALL {
            let inst = self.model(id);
            let p = format!("models.{}", id.id());
            c.unit(
                &format!("{p}.hegemonic_leadership"),
                inst.hegemonic_leadership,
            );
            c.unit(
                &format!("{p}.us_nuclear_guarantee"),
                inst.us_nuclear_guarantee,
            );
            c.unit(
                &format!("{p}.procurement_integration"),
                inst.procurement_integration,
            );
            c.unit(
                &format!("{p}.competence_delegation"),
                inst.competence_delegation,
            );
            c.unit(&format!("{p}.sovereignty_cost"), inst.sovereignty_cost);
            c.range(&format!("{p}.qmv_states"), inst.qmv_states, 0.01, 1.0);
            c.range(&format!("{p}.qmv_weight"), inst.qmv_weight, 0.01, 1.0);
            c.path(&format!("{p}.us_troops"), &inst.us_troops, 0.0, 1e7);
            c.path(&format!("{p}.us_enablers"), &inst.us_enablers, 0.0, 1.0);
        }
        self.validate_shocks(&mut c);
        c.problems
    }
}

/// Collects validation problems with their field paths.
#[derive(Default)]
pub(crate) struct Checker {
    problems: Vec<(String, String)>,
}

impl Checker {
    pub(crate) fn fail(&mut self, path: &str, message: String) {
        self.problems.push((path.to_string(), message));
    }

    pub(crate) fn range(&mut self, path: &str, v: f64, lo: f64, hi: f64) {
        if !v.is_finite() || v < lo || v > hi {
            self.fail(path, format!("{v} is out of range; allowed: {lo} … {hi}"));
        }
    }

    pub(crate) fn range_u(&mut self, path: &str, v: u64, lo: u64, hi: u64) {
        if v < lo || v > hi {
            self.fail(path, format!("{v} is out of range; allowed: {lo} … {hi}"));
        }
    }

    pub(crate) fn unit(&mut self, path: &str, v: f64) {
        self.range(path, v, 0.0, 1.0);
    }

    pub(crate) fn per_flank(&mut self, path: &str, v: &PerFlank) {
        for (flank, x) in Flank::ALL.iter().zip(v.to_array()) {
            self.unit(&format!("{path}.{}", flank.name()), x);
        }
    }

    pub(crate) fn path(&mut self, path: &str, points: &[PathPoint], lo: f64, hi: f64) {
        if points.is_empty() {
            self.fail(
                path,
                "needs at least one { at = \"YYYY-MM\", value = … } point".into(),
            );
        }
        for (i, p) in points.iter().enumerate() {
            self.range(&format!("{path}[{i}].value"), p.value, lo, hi);
            if i > 0 && p.at <= points[i - 1].at {
                self.fail(
                    &format!("{path}[{i}].at"),
                    "dates must be strictly increasing".into(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(text: &str) -> Layer {
        Layer::parse("test.toml", text).unwrap()
    }

    #[test]
    fn defaults_are_complete_and_valid() {
        let s = Scenario::defaults();
        assert_eq!(s.months(), 132);
        assert_eq!(s.scenario.start.to_string(), "2025-01");
        assert_eq!(s.target(2035), (3.5, 1.5));
        assert_eq!(s.target(2025), (2.0, 0.0));
        assert!((s.target(2030).0 - 2.75).abs() < 1e-12);
    }

    #[test]
    fn layers_override_defaults() {
        let s = Scenario::from_layers(&[layer("[russia]\nconcentration = 0.5\n")]).unwrap();
        assert_eq!(s.russia.concentration, 0.5);
        assert_eq!(
            s.russia.capability_2025,
            Scenario::defaults().russia.capability_2025
        );
    }

    #[test]
    fn unknown_field_names_path_and_allowed_keys() {
        let e = Scenario::from_layers(&[layer("[russia]\nconcentraton = 0.5\n")]).unwrap_err();
        let e = &e.0[0];
        assert_eq!(e.file, "test.toml");
        assert_eq!(e.path.as_deref(), Some("russia.concentraton"));
        assert!(e.message.contains("concentration"), "{}", e.message);
    }

    #[test]
    fn wrong_type_names_path() {
        let e = Scenario::from_layers(&[layer("[models.toolkit]\nsovereignty_cost = \"high\"\n")])
            .unwrap_err();
        assert_eq!(
            e.0[0].path.as_deref(),
            Some("models.toolkit.sovereignty_cost")
        );
        assert_eq!(e.0[0].file, "test.toml");
    }

    #[test]
    fn out_of_range_and_dates_out_of_order_are_reported() {
        let e = Scenario::from_layers(&[layer(
            "[scenario]\nstart = \"2030-01\"\nend = \"2029-12\"\n[russia]\nconcentration = 1.5\n",
        )])
        .unwrap_err();
        let paths: Vec<_> = e.0.iter().filter_map(|e| e.path.as_deref()).collect();
        assert!(paths.contains(&"scenario.end"), "{paths:?}");
        assert!(paths.contains(&"russia.concentration"), "{paths:?}");
        assert!(e.0.iter().all(|e| e.file == "test.toml"));
    }

    #[test]
    fn syntax_error_names_line() {
        let e = Layer::parse("bad.toml", "[russia]\nconcentration = = 2\n").unwrap_err();
        assert!(e.message.contains("line 2"), "{}", e.message);
    }

    #[test]
    fn path_interpolates_linearly_and_holds_flat() {
        let p = vec![
            PathPoint {
                at: "2025-01".parse().unwrap(),
                value: 100.0,
            },
            PathPoint {
                at: "2027-01".parse().unwrap(),
                value: 50.0,
            },
        ];
        assert_eq!(path_value(&p, "2024-01".parse().unwrap()), 100.0);
        assert!((path_value(&p, "2026-01".parse().unwrap()) - 75.0).abs() < 1e-9);
        assert_eq!(path_value(&p, "2030-01".parse().unwrap()), 50.0);
    }
}
