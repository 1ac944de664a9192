//! Typed references to the parameters of a [`Scenario`].
//!
//! [`REGISTRY`] declares every parameter once: its dotted path as written in
//! scenario files (`models.<id>.…` for per-model fields, `[i]` for elements
//! of arrays), the accessor that reads and writes the field, its allowed
//! range and unit. The declaration drives
//!
//! * exploration: an uncertainty or lever resolves once to a [`ParamRef`]
//!   that sets a typed value on a scenario — no `toml::Value` tree is cloned,
//!   re-parsed or re-deserialised per evaluation;
//! * validation of declarations: a distribution's support or a lever's
//!   levels must lie inside the parameter's allowed range;
//! * the report's table of assumptions that differ from the defaults
//!   ([`differences`]).
//!
//! The ranges are those [`Scenario::validate`] enforces (a test checks that
//! the two agree); `validate` still owns the checks between fields (orderings,
//! weights that sum to 1), so a scenario changed through references is
//! validated once more before it runs.

use crate::scenario::{DecisionRule, ModelId, PathPoint, Scenario, TargetPoint, When};
use crate::scenario::{UkraineOptionId, WithdrawalReason};
use crate::time::YearMonth;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::LazyLock;

/// A parameter value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// A whole number (counts, months, seeds).
    Integer(i64),
    /// A real number.
    Real(f64),
    /// A switch.
    Bool(bool),
    /// A name, a month (`YYYY-MM`), `never`, or a label.
    Text(String),
}

impl ParamValue {
    /// The value from a TOML value, if it is of a parameter type.
    pub fn from_toml(v: &toml::Value) -> Option<ParamValue> {
        Some(match v {
            toml::Value::Integer(i) => ParamValue::Integer(*i),
            toml::Value::Float(f) => ParamValue::Real(*f),
            toml::Value::Boolean(b) => ParamValue::Bool(*b),
            toml::Value::String(s) => ParamValue::Text(s.clone()),
            _ => return None,
        })
    }

    /// The number, for integers and reals.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            ParamValue::Integer(i) => Some(i as f64),
            ParamValue::Real(f) => Some(f),
            _ => None,
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            ParamValue::Integer(_) => "integer",
            ParamValue::Real(_) => "number",
            ParamValue::Bool(_) => "boolean",
            ParamValue::Text(_) => "string",
        }
    }

    /// The value as it would be written in a scenario file (strings quoted).
    pub fn to_toml_string(&self) -> String {
        match self {
            ParamValue::Text(s) => toml::Value::String(s.clone()).to_string(),
            other => other.to_string(),
        }
    }
}

/// Plain text: numbers as TOML writes them (`2.0`, `0.05`), strings unquoted.
impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Integer(i) => write!(f, "{i}"),
            ParamValue::Real(x) => write!(f, "{}", toml::Value::Float(*x)),
            ParamValue::Bool(b) => write!(f, "{b}"),
            ParamValue::Text(s) => f.write_str(s),
        }
    }
}

/// The type of a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamKind {
    /// A real number.
    Real,
    /// A whole number; reals given for it are rounded.
    Integer,
    /// A switch.
    Bool,
    /// A name, month, `never` or label.
    Text,
}

impl ParamKind {
    /// Whether values are numbers (so the parameter can be an uncertainty).
    pub fn is_numeric(self) -> bool {
        matches!(self, ParamKind::Real | ParamKind::Integer)
    }
}

/// Why a parameter path or value was rejected.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ParamError {
    /// No parameter at this path.
    #[error("unknown parameter path `{path}`: {reason}")]
    UnknownPath {
        /// The path given.
        path: String,
        /// What is wrong, with the names allowed there.
        reason: String,
    },
    /// A value of the wrong type.
    #[error("{path} is a {expected}, given a {found}")]
    WrongType {
        /// The parameter.
        path: String,
        /// Its type.
        expected: &'static str,
        /// The type given.
        found: &'static str,
    },
    /// A value outside the parameter's allowed range.
    #[error("{path} = {value} is out of range; allowed: {low} … {high}")]
    OutOfRange {
        /// The parameter.
        path: String,
        /// The value given.
        value: f64,
        /// Lowest allowed value.
        low: f64,
        /// Highest allowed value.
        high: f64,
    },
    /// The changed scenario fails the checks between fields
    /// ([`Scenario::validate`]).
    #[error("{}", problems.iter().map(|d| format!("field `{}`: {}", d.path.as_deref().unwrap_or(""), d.message)).collect::<Vec<_>>().join("; "))]
    Rejected {
        /// The problems, as `validate` reports them.
        problems: Vec<crate::scenario::Diagnostic>,
    },
    /// A text value the parameter does not accept (e.g. an unknown decision rule).
    #[error("{path} = \"{value}\": {message}")]
    InvalidText {
        /// The parameter.
        path: String,
        /// The value given.
        value: String,
        /// What is accepted.
        message: String,
    },
}

/// Where a pattern's wildcards point: the model of `models.<id>.…`, the
/// element of `…[i]…`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loc {
    /// The model (ignored by parameters outside `models`).
    pub model: ModelId,
    /// The array element (ignored by parameters outside arrays).
    pub index: usize,
}

/// A field type a parameter can have.
trait Slot {
    const KIND: ParamKind;
    fn get(&self) -> ParamValue;
    /// Sets from `v`; `Err(found type)` on a type mismatch, `Ok(Err(message))`
    /// for text the type does not accept.
    fn set(&mut self, v: &ParamValue) -> Result<Result<(), String>, &'static str>;
}

impl Slot for f64 {
    const KIND: ParamKind = ParamKind::Real;
    fn get(&self) -> ParamValue {
        ParamValue::Real(*self)
    }
    fn set(&mut self, v: &ParamValue) -> Result<Result<(), String>, &'static str> {
        *self = v.as_f64().ok_or(v.type_name())?;
        Ok(Ok(()))
    }
}

macro_rules! integer_slot {
    ($($t:ty),*) => {$(
        impl Slot for $t {
            const KIND: ParamKind = ParamKind::Integer;
            fn get(&self) -> ParamValue {
                // Only a seed beyond i64::MAX does not fit; it reads as a real.
                i64::try_from(*self).map_or(ParamValue::Real(*self as f64), ParamValue::Integer)
            }
            fn set(&mut self, v: &ParamValue) -> Result<Result<(), String>, &'static str> {
                // Designs produce reals: round them to the integer parameter.
                let i = match *v {
                    ParamValue::Integer(i) => i,
                    ParamValue::Real(f) if f.is_finite() && f.abs() <= 9.0e15 => f.round() as i64,
                    ParamValue::Real(f) => return Ok(Err(format!("{f} is not a valid integer"))),
                    ref other => return Err(other.type_name()),
                };
                match <$t>::try_from(i) {
                    Ok(x) => {
                        *self = x;
                        Ok(Ok(()))
                    }
                    Err(_) => Ok(Err(format!("{i} does not fit this integer parameter"))),
                }
            }
        }
    )*};
}
integer_slot!(u32, u64, i32);

impl Slot for bool {
    const KIND: ParamKind = ParamKind::Bool;
    fn get(&self) -> ParamValue {
        ParamValue::Bool(*self)
    }
    fn set(&mut self, v: &ParamValue) -> Result<Result<(), String>, &'static str> {
        match v {
            ParamValue::Bool(b) => {
                *self = *b;
                Ok(Ok(()))
            }
            other => Err(other.type_name()),
        }
    }
}

/// Text parameters read and write through their serde form, as in files
/// (only levers touch them, so this is not on a hot path).
macro_rules! text_slot {
    ($($t:ty),*) => {$(
        impl Slot for $t {
            const KIND: ParamKind = ParamKind::Text;
            fn get(&self) -> ParamValue {
                match toml::Value::try_from(self) {
                    Ok(toml::Value::String(s)) => ParamValue::Text(s),
                    Ok(other) => ParamValue::Text(other.to_string()),
                    Err(e) => ParamValue::Text(e.to_string()),
                }
            }
            fn set(&mut self, v: &ParamValue) -> Result<Result<(), String>, &'static str> {
                let ParamValue::Text(s) = v else {
                    return Err(v.type_name());
                };
                match <$t>::deserialize(toml::Value::String(s.clone())) {
                    Ok(x) => {
                        *self = x;
                        Ok(Ok(()))
                    }
                    Err(e) => Ok(Err(e.message().to_string())),
                }
            }
        }
    )*};
}
text_slot!(
    String,
    YearMonth,
    When,
    DecisionRule,
    WithdrawalReason,
    UkraineOptionId
);

type Getter = fn(&Scenario, &Loc) -> Option<ParamValue>;
type Setter =
    fn(&mut Scenario, &Loc, &ParamValue) -> Option<Result<Result<(), String>, &'static str>>;
type Len = fn(&Scenario, &Loc) -> usize;

/// The declaration of one parameter (or one per model / array element).
pub struct ParamInfo {
    /// Path pattern: `*` stands for a model id, `[]` for an array index.
    pub pattern: &'static str,
    /// Its type.
    pub kind: ParamKind,
    /// The allowed range (numbers), where it does not depend on other fields.
    pub range: Option<(f64, f64)>,
    /// Unit, where it has one (`days`, `% of GDP`, …).
    pub unit: &'static str,
    get: Getter,
    set: Setter,
    len: Option<Len>,
}

impl fmt::Debug for ParamInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParamInfo")
            .field("pattern", &self.pattern)
            .field("kind", &self.kind)
            .field("range", &self.range)
            .field("unit", &self.unit)
            .finish()
    }
}

fn kind_of<T: Slot>(_: for<'a> fn(&'a Scenario, &Loc) -> Option<&'a T>) -> ParamKind {
    T::KIND
}

macro_rules! field {
    ($p:literal, $r:expr, $u:literal, $($f:ident).+) => {
        ParamInfo {
            pattern: $p,
            kind: kind_of(|s, _| Some(&s.$($f).+)),
            range: $r,
            unit: $u,
            get: |s, _| Some(Slot::get(&s.$($f).+)),
            set: |s, _, v| Some(Slot::set(&mut s.$($f).+, v)),
            len: None,
        }
    };
}

macro_rules! item {
    ($p:literal, $r:expr, $u:literal, $($f:ident).+, $g:ident) => {
        ParamInfo {
            pattern: $p,
            kind: kind_of(|s, l| s.$($f).+.get(l.index).map(|x| &x.$g)),
            range: $r,
            unit: $u,
            get: |s, l| s.$($f).+.get(l.index).map(|x| Slot::get(&x.$g)),
            set: |s, l, v| s.$($f).+.get_mut(l.index).map(|x| Slot::set(&mut x.$g, v)),
            len: Some(|s, _| s.$($f).+.len()),
        }
    };
}

macro_rules! model {
    ($p:literal, $r:expr, $u:literal, $f:ident) => {
        ParamInfo {
            pattern: $p,
            kind: kind_of(|s, l| s.model(&l.model).map(|m| &m.$f)),
            range: $r,
            unit: $u,
            get: |s, l| s.model(&l.model).map(|m| Slot::get(&m.$f)),
            set: |s, l, v| s.model_mut(&l.model).map(|m| Slot::set(&mut m.$f, v)),
            len: None,
        }
    };
}

macro_rules! model_item {
    ($p:literal, $r:expr, $u:literal, $f:ident, $g:ident) => {
        ParamInfo {
            pattern: $p,
            kind: kind_of(|s, l| {
                s.model(&l.model)
                    .and_then(|m| m.$f.get(l.index))
                    .map(|x| &x.$g)
            }),
            range: $r,
            unit: $u,
            get: |s, l| {
                s.model(&l.model)
                    .and_then(|m| m.$f.get(l.index))
                    .map(|x| Slot::get(&x.$g))
            },
            set: |s, l, v| {
                s.model_mut(&l.model)
                    .and_then(|m| m.$f.get_mut(l.index))
                    .map(|x| Slot::set(&mut x.$g, v))
            },
            len: Some(|s, l| s.model(&l.model).map_or(0, |m| m.$f.len())),
        }
    };
}

// The element types of the arrays above, named so the accessors type-check
// against them (a renamed field is a compile error here).
const _: fn(&TargetPoint) -> f64 = |t| t.core;
const _: fn(&PathPoint) -> f64 = |p| p.value;

/// Every parameter of a scenario, in the order of `natosim scenario --defaults`.
pub static REGISTRY: LazyLock<Vec<ParamInfo>> = LazyLock::new(|| {
    vec![
        field!("scenario.name", None, "", scenario.name),
        field!("scenario.description", None, "", scenario.description),
        field!("scenario.start", None, "", scenario.start),
        field!("scenario.end", None, "", scenario.end),
        field!(
            "scenario.runs",
            Some((1.0, crate::scenario::MAX_RUNS as f64)),
            "",
            scenario.runs
        ),
        field!("scenario.seed", None, "", scenario.seed),
        field!("scenario.transition_end", None, "", scenario.transition_end),
        field!(
            "scenario.steady_state_years",
            Some((1.0, 100.0)),
            "years",
            scenario.steady_state_years
        ),
        field!(
            "perception.level_high",
            Some((0.0, 1.0)),
            "",
            perception.level_high
        ),
        field!(
            "perception.level_medium",
            Some((0.0, 1.0)),
            "",
            perception.level_medium
        ),
        field!(
            "perception.level_low",
            Some((0.0, 1.0)),
            "",
            perception.level_low
        ),
        field!(
            "perception.war_risk_weight",
            Some((0.0, 1.0)),
            "",
            perception.war_risk_weight
        ),
        field!(
            "perception.russia_threat_floor",
            Some((0.0, 1.0)),
            "",
            perception.russia_threat_floor
        ),
        field!(
            "perception.trust_initial",
            Some((0.0, 1.0)),
            "",
            perception.trust_initial
        ),
        field!(
            "perception.trust_base",
            Some((0.0, 1.0)),
            "",
            perception.trust_base
        ),
        field!(
            "perception.trust_presence_weight",
            Some((0.0, 1.0)),
            "",
            perception.trust_presence_weight
        ),
        field!(
            "perception.trust_leadership_weight",
            Some((0.0, 1.0)),
            "",
            perception.trust_leadership_weight
        ),
        field!(
            "perception.trust_rate",
            Some((0.0, 1.0)),
            "",
            perception.trust_rate
        ),
        field!(
            "perception.trust_noise",
            Some((0.0, 0.5)),
            "",
            perception.trust_noise
        ),
        field!(
            "perception.atlanticist_anchor",
            Some((0.0, 1.0)),
            "",
            perception.atlanticist_anchor
        ),
        field!(
            "perception.crisis_salience_gain",
            Some((0.0, 1.0)),
            "",
            perception.crisis_salience_gain
        ),
        field!(
            "perception.crisis_salience_decay",
            Some((0.0, 1.0)),
            "",
            perception.crisis_salience_decay
        ),
        field!(
            "perception.entrapment_weight",
            Some((0.0, 1.0)),
            "",
            perception.entrapment_weight
        ),
        field!(
            "perception.russia_threat_reference",
            Some((0.01, 1.0)),
            "",
            perception.russia_threat_reference
        ),
        field!(
            "russia.capability_2025",
            Some((0.01, 0.99)),
            "",
            russia.capability_2025
        ),
        field!(
            "russia.reconstitution_years_min",
            Some((0.0, 50.0)),
            "years",
            russia.reconstitution_years_min
        ),
        field!(
            "russia.reconstitution_years_max",
            Some((0.0, 50.0)),
            "years",
            russia.reconstitution_years_max
        ),
        field!(
            "russia.concentration",
            Some((0.0, 1.0)),
            "",
            russia.concentration
        ),
        field!(
            "russia.probe_gain",
            Some((0.0, 100.0)),
            "",
            russia.probe_gain
        ),
        field!(
            "russia.attack_hazard_max",
            Some((0.0, 1.0)),
            "per month",
            russia.attack_hazard_max
        ),
        field!(
            "russia.attack_softness",
            Some((0.001, 10.0)),
            "",
            russia.attack_softness
        ),
        field!(
            "russia.attack_threshold",
            Some((-10.0, 10.0)),
            "",
            russia.attack_threshold
        ),
        field!(
            "russia.attack_failure_cost",
            Some((0.0, 10.0)),
            "",
            russia.attack_failure_cost
        ),
        field!(
            "russia.attack_nuclear_cost",
            Some((0.0, 10.0)),
            "",
            russia.attack_nuclear_cost
        ),
        field!(
            "russia.attack_sanctions_cost",
            Some((0.0, 10.0)),
            "",
            russia.attack_sanctions_cost
        ),
        field!(
            "russia.attack_ukraine_cost",
            Some((0.0, 10.0)),
            "",
            russia.attack_ukraine_cost
        ),
        field!(
            "russia.attack_shaping_gain",
            Some((0.0, 10.0)),
            "",
            russia.attack_shaping_gain
        ),
        field!(
            "us.troops_reference",
            Some((1.0, 10000000.0)),
            "troops",
            us.troops_reference
        ),
        field!(
            "us.reinforcement_troops",
            Some((0.0, 10000000.0)),
            "troops",
            us.reinforcement_troops
        ),
        field!(
            "us.reinforcement_share_30d",
            Some((0.0, 1.0)),
            "",
            us.reinforcement_share_30d
        ),
        field!(
            "us.political_friction",
            Some((0.0, 1.0)),
            "",
            us.political_friction
        ),
        field!(
            "us.europe_budget_share",
            Some((0.0, 1.0)),
            "",
            us.europe_budget_share
        ),
        item!(
            "us.withdrawal.scale[].at",
            None,
            "",
            us.withdrawal.scale,
            at
        ),
        item!(
            "us.withdrawal.scale[].value",
            Some((0.0, 1.0)),
            "",
            us.withdrawal.scale,
            value
        ),
        field!("us.withdrawal.reason", None, "", us.withdrawal.reason),
        field!(
            "us.withdrawal.pivot_entrapment",
            Some((0.0, 5.0)),
            "",
            us.withdrawal.pivot_entrapment
        ),
        field!(
            "us.withdrawal.chip_pressure",
            Some((0.0, 5.0)),
            "",
            us.withdrawal.chip_pressure
        ),
        field!(
            "us.withdrawal.chip_target",
            Some((0.0, 20.0)),
            "",
            us.withdrawal.chip_target
        ),
        item!(
            "spending.targets[].year",
            Some((1949.0, 2200.0)),
            "year",
            spending.targets,
            year
        ),
        item!(
            "spending.targets[].core",
            Some((0.0, 50.0)),
            "% of GDP",
            spending.targets,
            core
        ),
        item!(
            "spending.targets[].related",
            Some((0.0, 50.0)),
            "% of GDP",
            spending.targets,
            related
        ),
        field!(
            "spending.adjustment_speed",
            Some((0.0, 1.0)),
            "",
            spending.adjustment_speed
        ),
        field!(
            "spending.threat_sensitivity",
            Some((-20.0, 20.0)),
            "",
            spending.threat_sensitivity
        ),
        field!(
            "spending.intercept",
            Some((-20.0, 20.0)),
            "",
            spending.intercept
        ),
        field!(
            "spending.abandonment_sensitivity",
            Some((0.0, 20.0)),
            "",
            spending.abandonment_sensitivity
        ),
        field!(
            "spending.free_riding",
            Some((0.0, 20.0)),
            "",
            spending.free_riding
        ),
        field!(
            "spending.small_ally_free_riding",
            Some((0.0, 10.0)),
            "",
            spending.small_ally_free_riding
        ),
        field!(
            "spending.target_pull",
            Some((0.0, 1.0)),
            "",
            spending.target_pull
        ),
        field!(
            "spending.us_pressure",
            Some((0.0, 1.0)),
            "",
            spending.us_pressure
        ),
        field!(
            "spending.max_increase_pp",
            Some((0.0, 10.0)),
            "pp of GDP",
            spending.max_increase_pp
        ),
        field!(
            "spending.fiscal_drag",
            Some((0.0, 10.0)),
            "",
            spending.fiscal_drag
        ),
        field!(
            "spending.max_decrease_pp",
            Some((0.0, 10.0)),
            "pp of GDP",
            spending.max_decrease_pp
        ),
        field!(
            "spending.gdp_growth_europe",
            Some((-10.0, 10.0)),
            "% per year",
            spending.gdp_growth_europe
        ),
        field!(
            "spending.gdp_growth_north_america",
            Some((-10.0, 10.0)),
            "% per year",
            spending.gdp_growth_north_america
        ),
        field!(
            "spending.budget_noise",
            Some((0.0, 5.0)),
            "pp of GDP",
            spending.budget_noise
        ),
        field!(
            "spending.growth_from_data",
            None,
            "",
            spending.growth_from_data
        ),
        field!(
            "spending.related_initial",
            Some((0.0, 10.0)),
            "% of GDP",
            spending.related_initial
        ),
        field!(
            "spending.related_pull",
            Some((0.0, 1.0)),
            "",
            spending.related_pull
        ),
        field!(
            "spending.fiscal_room_pp",
            Some((0.0, 5.0)),
            "pp of GDP per year",
            spending.fiscal_room_pp
        ),
        field!(
            "spending.debt_reference",
            Some((1.0, 300.0)),
            "% of GDP",
            spending.debt_reference
        ),
        field!(
            "spending.deficit_reference",
            Some((0.1, 20.0)),
            "% of GDP",
            spending.deficit_reference
        ),
        field!(
            "spending.escape_clause_pp",
            Some((0.0, 10.0)),
            "pp of GDP",
            spending.escape_clause_pp
        ),
        field!(
            "spending.escape_clause_end",
            Some((2000.0, 2200.0)),
            "year",
            spending.escape_clause_end
        ),
        field!(
            "spending.escape_phase_out_years",
            Some((0.0, 50.0)),
            "years",
            spending.escape_phase_out_years
        ),
        field!(
            "spending.eu_instruments",
            Some((0.0, 1.0)),
            "",
            spending.eu_instruments
        ),
        field!(
            "spending.safe_loans_eur_bn",
            Some((0.0, 10000.0)),
            "EUR bn",
            spending.safe_loans_eur_bn
        ),
        field!(
            "spending.safe_end",
            Some((2025.0, 2200.0)),
            "year",
            spending.safe_end
        ),
        field!(
            "spending.usd_per_eur",
            Some((0.1, 10.0)),
            "USD per EUR",
            spending.usd_per_eur
        ),
        field!(
            "spending.common_crowding_out",
            Some((0.0, 1.0)),
            "",
            spending.common_crowding_out
        ),
        field!(
            "spending.common_funding_ramp_years",
            Some((0.0, 50.0)),
            "years",
            spending.common_funding_ramp_years
        ),
        field!(
            "forces.procurement_lag_months",
            Some((0.0, 240.0)),
            "months",
            forces.procurement_lag_months
        ),
        field!(
            "forces.build_up_months",
            Some((1.0, 600.0)),
            "months",
            forces.build_up_months
        ),
        field!(
            "forces.integration_efficiency",
            Some((0.0, 5.0)),
            "",
            forces.integration_efficiency
        ),
        field!(
            "forces.european_enabler_rate",
            Some((0.0, 1.0)),
            "",
            forces.european_enabler_rate
        ),
        field!(
            "forces.availability.east",
            Some((0.0, 1.0)),
            "",
            forces.availability.east
        ),
        field!(
            "forces.availability.north",
            Some((0.0, 1.0)),
            "",
            forces.availability.north
        ),
        field!(
            "forces.availability.centre",
            Some((0.0, 1.0)),
            "",
            forces.availability.centre
        ),
        field!(
            "forces.availability.south",
            Some((0.0, 1.0)),
            "",
            forces.availability.south
        ),
        field!(
            "forces.availability.southeast",
            Some((0.0, 1.0)),
            "",
            forces.availability.southeast
        ),
        field!(
            "forces.availability.north_america",
            Some((0.0, 1.0)),
            "",
            forces.availability.north_america
        ),
        field!(
            "forces.equipment_share",
            Some((0.0, 1.0)),
            "",
            forces.equipment_share
        ),
        field!(
            "forces.max_industry_growth",
            Some((0.0, 5.0)),
            "per year",
            forces.max_industry_growth
        ),
        field!(
            "forces.max_personnel_growth",
            Some((0.0, 5.0)),
            "per year",
            forces.max_personnel_growth
        ),
        field!(
            "deterrence.nuclear_weight",
            Some((0.0, 1.0)),
            "",
            deterrence.nuclear_weight
        ),
        field!(
            "deterrence.us_nuclear_form",
            Some((0.0, 1.0)),
            "",
            deterrence.us_nuclear_form
        ),
        field!(
            "deterrence.us_nuclear_presence_exponent",
            Some((0.0, 10.0)),
            "",
            deterrence.us_nuclear_presence_exponent
        ),
        field!(
            "deterrence.european_nuclear_base",
            Some((0.0, 1.0)),
            "",
            deterrence.european_nuclear_base
        ),
        field!(
            "decision.base_days",
            Some((0.1, 365.0)),
            "days",
            decision.base_days
        ),
        field!(
            "decision.willingness_speedup",
            Some((0.0, 10.0)),
            "",
            decision.willingness_speedup
        ),
        field!(
            "decision.noise_sigma",
            Some((0.0, 3.0)),
            "",
            decision.noise_sigma
        ),
        field!(
            "decision.support_threshold",
            Some((0.0, 1.0)),
            "",
            decision.support_threshold
        ),
        field!(
            "decision.support_softness",
            Some((0.001, 1.0)),
            "",
            decision.support_softness
        ),
        field!(
            "decision.solidarity_weight",
            Some((0.0, 1.0)),
            "",
            decision.solidarity_weight
        ),
        field!(
            "decision.veto_scale",
            Some((0.0, 10.0)),
            "",
            decision.veto_scale
        ),
        field!(
            "decision.hegemon_days",
            Some((0.0, 365.0)),
            "days",
            decision.hegemon_days
        ),
        field!(
            "decision.coalition_overhead_days",
            Some((0.0, 365.0)),
            "days",
            decision.coalition_overhead_days
        ),
        field!(
            "decision.delegation_speedup",
            Some((0.0, 1.0)),
            "",
            decision.delegation_speedup
        ),
        field!(
            "decision.leadership_speedup",
            Some((0.0, 1.0)),
            "",
            decision.leadership_speedup
        ),
        field!(
            "decision.buck_passing",
            Some((0.0, 10.0)),
            "",
            decision.buck_passing
        ),
        field!(
            "decision.compliance",
            Some((0.0, 1.0)),
            "",
            decision.compliance
        ),
        field!(
            "decision.max_days",
            Some((1.0, 3650.0)),
            "days",
            decision.max_days
        ),
        field!(
            "decision.political_will_sd",
            Some((0.0, 3.0)),
            "",
            decision.political_will_sd
        ),
        field!(
            "decision.article5_resolve",
            Some((-1.0, 1.0)),
            "",
            decision.article5_resolve
        ),
        field!(
            "decision.article5_stakes",
            Some((0.0, 1.0)),
            "",
            decision.article5_stakes
        ),
        field!(
            "decision.delegated_days",
            Some((0.0, 365.0)),
            "days",
            decision.delegated_days
        ),
        field!(
            "decision.bilateral_days",
            Some((0.0, 365.0)),
            "days",
            decision.bilateral_days
        ),
        field!(
            "decision.acquiescence",
            Some((0.0, 1.0)),
            "",
            decision.acquiescence
        ),
        field!(
            "cohesion.weight_alignment",
            Some((0.0, 1.0)),
            "",
            cohesion.weight_alignment
        ),
        field!(
            "cohesion.weight_trust",
            Some((0.0, 1.0)),
            "",
            cohesion.weight_trust
        ),
        field!(
            "cohesion.weight_record",
            Some((0.0, 1.0)),
            "",
            cohesion.weight_record
        ),
        field!(
            "cohesion.record_memory",
            Some((0.0, 1.0)),
            "",
            cohesion.record_memory
        ),
        field!(
            "cohesion.position_pull",
            Some((0.0, 1.0)),
            "",
            cohesion.position_pull
        ),
        field!(
            "cohesion.home_pull",
            Some((0.0, 1.0)),
            "",
            cohesion.home_pull
        ),
        field!(
            "cohesion.position_noise",
            Some((0.0, 0.5)),
            "",
            cohesion.position_noise
        ),
        field!(
            "cohesion.leader_weight",
            Some((0.0, 100.0)),
            "",
            cohesion.leader_weight
        ),
        field!(
            "cohesion.sovereignty_resistance",
            Some((0.0, 1.0)),
            "",
            cohesion.sovereignty_resistance
        ),
        field!(
            "cohesion.fragmentation_threshold",
            Some((0.0, 1.0)),
            "",
            cohesion.fragmentation_threshold
        ),
        field!(
            "cohesion.fragmentation_softness",
            Some((0.001, 1.0)),
            "",
            cohesion.fragmentation_softness
        ),
        field!(
            "cohesion.fragmentation_hazard_max",
            Some((0.0, 1.0)),
            "per month",
            cohesion.fragmentation_hazard_max
        ),
        field!(
            "cohesion.exit_hazard_max",
            Some((0.0, 1.0)),
            "per month",
            cohesion.exit_hazard_max
        ),
        field!(
            "cohesion.exit_softness",
            Some((0.001, 1.0)),
            "",
            cohesion.exit_softness
        ),
        field!(
            "cohesion.spin_up_months",
            Some((0.0, 1200.0)),
            "months",
            cohesion.spin_up_months
        ),
        field!(
            "crises.hybrid.rate_per_month",
            Some((0.0, 1.0)),
            "per month",
            crises.hybrid.rate_per_month
        ),
        field!(
            "crises.hybrid.russian_driven",
            None,
            "",
            crises.hybrid.russian_driven
        ),
        field!(
            "crises.hybrid.required_busd",
            Some((0.0, 100000.0)),
            "bn USD",
            crises.hybrid.required_busd
        ),
        field!(
            "crises.hybrid.deadline_days",
            Some((0.5, 3650.0)),
            "days",
            crises.hybrid.deadline_days
        ),
        field!(
            "crises.hybrid.stakes",
            Some((0.0, 1.0)),
            "",
            crises.hybrid.stakes
        ),
        field!(
            "crises.hybrid.salience.east",
            Some((0.0, 1.0)),
            "",
            crises.hybrid.salience.east
        ),
        field!(
            "crises.hybrid.salience.north",
            Some((0.0, 1.0)),
            "",
            crises.hybrid.salience.north
        ),
        field!(
            "crises.hybrid.salience.centre",
            Some((0.0, 1.0)),
            "",
            crises.hybrid.salience.centre
        ),
        field!(
            "crises.hybrid.salience.south",
            Some((0.0, 1.0)),
            "",
            crises.hybrid.salience.south
        ),
        field!(
            "crises.hybrid.salience.southeast",
            Some((0.0, 1.0)),
            "",
            crises.hybrid.salience.southeast
        ),
        field!(
            "crises.hybrid.salience.north_america",
            Some((0.0, 1.0)),
            "",
            crises.hybrid.salience.north_america
        ),
        field!(
            "crises.eastern_military.rate_per_month",
            Some((0.0, 1.0)),
            "per month",
            crises.eastern_military.rate_per_month
        ),
        field!(
            "crises.eastern_military.russian_driven",
            None,
            "",
            crises.eastern_military.russian_driven
        ),
        field!(
            "crises.eastern_military.required_busd",
            Some((0.0, 100000.0)),
            "bn USD",
            crises.eastern_military.required_busd
        ),
        field!(
            "crises.eastern_military.deadline_days",
            Some((0.5, 3650.0)),
            "days",
            crises.eastern_military.deadline_days
        ),
        field!(
            "crises.eastern_military.stakes",
            Some((0.0, 1.0)),
            "",
            crises.eastern_military.stakes
        ),
        field!(
            "crises.eastern_military.salience.east",
            Some((0.0, 1.0)),
            "",
            crises.eastern_military.salience.east
        ),
        field!(
            "crises.eastern_military.salience.north",
            Some((0.0, 1.0)),
            "",
            crises.eastern_military.salience.north
        ),
        field!(
            "crises.eastern_military.salience.centre",
            Some((0.0, 1.0)),
            "",
            crises.eastern_military.salience.centre
        ),
        field!(
            "crises.eastern_military.salience.south",
            Some((0.0, 1.0)),
            "",
            crises.eastern_military.salience.south
        ),
        field!(
            "crises.eastern_military.salience.southeast",
            Some((0.0, 1.0)),
            "",
            crises.eastern_military.salience.southeast
        ),
        field!(
            "crises.eastern_military.salience.north_america",
            Some((0.0, 1.0)),
            "",
            crises.eastern_military.salience.north_america
        ),
        field!(
            "crises.south.rate_per_month",
            Some((0.0, 1.0)),
            "per month",
            crises.south.rate_per_month
        ),
        field!(
            "crises.south.russian_driven",
            None,
            "",
            crises.south.russian_driven
        ),
        field!(
            "crises.south.required_busd",
            Some((0.0, 100000.0)),
            "bn USD",
            crises.south.required_busd
        ),
        field!(
            "crises.south.deadline_days",
            Some((0.5, 3650.0)),
            "days",
            crises.south.deadline_days
        ),
        field!(
            "crises.south.stakes",
            Some((0.0, 1.0)),
            "",
            crises.south.stakes
        ),
        field!(
            "crises.south.salience.east",
            Some((0.0, 1.0)),
            "",
            crises.south.salience.east
        ),
        field!(
            "crises.south.salience.north",
            Some((0.0, 1.0)),
            "",
            crises.south.salience.north
        ),
        field!(
            "crises.south.salience.centre",
            Some((0.0, 1.0)),
            "",
            crises.south.salience.centre
        ),
        field!(
            "crises.south.salience.south",
            Some((0.0, 1.0)),
            "",
            crises.south.salience.south
        ),
        field!(
            "crises.south.salience.southeast",
            Some((0.0, 1.0)),
            "",
            crises.south.salience.southeast
        ),
        field!(
            "crises.south.salience.north_america",
            Some((0.0, 1.0)),
            "",
            crises.south.salience.north_america
        ),
        field!(
            "crises.arctic.rate_per_month",
            Some((0.0, 1.0)),
            "per month",
            crises.arctic.rate_per_month
        ),
        field!(
            "crises.arctic.russian_driven",
            None,
            "",
            crises.arctic.russian_driven
        ),
        field!(
            "crises.arctic.required_busd",
            Some((0.0, 100000.0)),
            "bn USD",
            crises.arctic.required_busd
        ),
        field!(
            "crises.arctic.deadline_days",
            Some((0.5, 3650.0)),
            "days",
            crises.arctic.deadline_days
        ),
        field!(
            "crises.arctic.stakes",
            Some((0.0, 1.0)),
            "",
            crises.arctic.stakes
        ),
        field!(
            "crises.arctic.salience.east",
            Some((0.0, 1.0)),
            "",
            crises.arctic.salience.east
        ),
        field!(
            "crises.arctic.salience.north",
            Some((0.0, 1.0)),
            "",
            crises.arctic.salience.north
        ),
        field!(
            "crises.arctic.salience.centre",
            Some((0.0, 1.0)),
            "",
            crises.arctic.salience.centre
        ),
        field!(
            "crises.arctic.salience.south",
            Some((0.0, 1.0)),
            "",
            crises.arctic.salience.south
        ),
        field!(
            "crises.arctic.salience.southeast",
            Some((0.0, 1.0)),
            "",
            crises.arctic.salience.southeast
        ),
        field!(
            "crises.arctic.salience.north_america",
            Some((0.0, 1.0)),
            "",
            crises.arctic.salience.north_america
        ),
        field!(
            "conflicts.tariffs.intensity",
            Some((0.0, 1.0)),
            "",
            conflicts.tariffs.intensity
        ),
        field!("conflicts.tariffs.start", None, "", conflicts.tariffs.start),
        field!("conflicts.tariffs.end", None, "", conflicts.tariffs.end),
        field!(
            "conflicts.tariffs.trust_penalty",
            Some((0.0, 1.0)),
            "",
            conflicts.tariffs.trust_penalty
        ),
        field!(
            "conflicts.tariffs.gdp_growth_hit",
            Some((0.0, 5.0)),
            "pp per year",
            conflicts.tariffs.gdp_growth_hit
        ),
        field!(
            "conflicts.greenland.intensity",
            Some((0.0, 1.0)),
            "",
            conflicts.greenland.intensity
        ),
        field!(
            "conflicts.greenland.start",
            None,
            "",
            conflicts.greenland.start
        ),
        field!("conflicts.greenland.end", None, "", conflicts.greenland.end),
        field!(
            "conflicts.greenland.trust_penalty",
            Some((0.0, 1.0)),
            "",
            conflicts.greenland.trust_penalty
        ),
        field!(
            "conflicts.greenland.north_factor",
            Some((0.0, 5.0)),
            "",
            conflicts.greenland.north_factor
        ),
        field!(
            "conflicts.greenland.arctic_rate_gain",
            Some((0.0, 10.0)),
            "",
            conflicts.greenland.arctic_rate_gain
        ),
        field!(
            "conflicts.russia_deal.intensity",
            Some((0.0, 1.0)),
            "",
            conflicts.russia_deal.intensity
        ),
        field!(
            "conflicts.russia_deal.start",
            None,
            "",
            conflicts.russia_deal.start
        ),
        field!(
            "conflicts.russia_deal.end",
            None,
            "",
            conflicts.russia_deal.end
        ),
        field!(
            "conflicts.russia_deal.trust_penalty",
            Some((0.0, 1.0)),
            "",
            conflicts.russia_deal.trust_penalty
        ),
        field!(
            "conflicts.russia_deal.east_factor",
            Some((0.0, 5.0)),
            "",
            conflicts.russia_deal.east_factor
        ),
        field!(
            "conflicts.russia_deal.probe_gain",
            Some((0.0, 10.0)),
            "",
            conflicts.russia_deal.probe_gain
        ),
        field!(
            "conflicts.russia_deal.nuclear_signal",
            Some((0.0, 1.0)),
            "",
            conflicts.russia_deal.nuclear_signal
        ),
        field!(
            "conflicts.absences.intensity",
            Some((0.0, 1.0)),
            "",
            conflicts.absences.intensity
        ),
        field!(
            "conflicts.absences.start",
            None,
            "",
            conflicts.absences.start
        ),
        field!("conflicts.absences.end", None, "", conflicts.absences.end),
        field!(
            "conflicts.absences.leadership_cut",
            Some((0.0, 1.0)),
            "",
            conflicts.absences.leadership_cut
        ),
        field!(
            "conflicts.absences.trust_penalty",
            Some((0.0, 1.0)),
            "",
            conflicts.absences.trust_penalty
        ),
        field!(
            "conflicts.absences.nuclear_signal",
            Some((0.0, 1.0)),
            "",
            conflicts.absences.nuclear_signal
        ),
        field!(
            "conflicts.exit_attempt.at",
            None,
            "",
            conflicts.exit_attempt.at
        ),
        field!(
            "conflicts.exit_attempt.senate_approval",
            Some((0.0, 1.0)),
            "",
            conflicts.exit_attempt.senate_approval
        ),
        field!(
            "conflicts.exit_attempt.practical_exit",
            Some((0.0, 1.0)),
            "",
            conflicts.exit_attempt.practical_exit
        ),
        field!(
            "conflicts.exit_attempt.practical_presence",
            Some((0.0, 1.0)),
            "",
            conflicts.exit_attempt.practical_presence
        ),
        field!(
            "baltic.distance_km",
            Some((1.0, 2000.0)),
            "km",
            baltic.distance_km
        ),
        field!(
            "baltic.horizon_days",
            Some((1.0, 365.0)),
            "days",
            baltic.horizon_days
        ),
        field!(
            "baltic.max_advance_km_per_day",
            Some((0.1, 1000.0)),
            "km/day",
            baltic.max_advance_km_per_day
        ),
        field!(
            "baltic.breakthrough_ratio",
            Some((0.1, 20.0)),
            "",
            baltic.breakthrough_ratio
        ),
        field!(
            "baltic.attacker_lethality",
            Some((0.0, 5.0)),
            "",
            baltic.attacker_lethality
        ),
        field!(
            "baltic.defender_lethality",
            Some((0.0, 5.0)),
            "",
            baltic.defender_lethality
        ),
        field!(
            "baltic.troops_per_brigade",
            Some((100.0, 1000000.0)),
            "troops",
            baltic.troops_per_brigade
        ),
        item!(
            "baltic.forward_brigades[].at",
            None,
            "",
            baltic.forward_brigades,
            at
        ),
        item!(
            "baltic.forward_brigades[].value",
            Some((0.0, 1000.0)),
            "",
            baltic.forward_brigades,
            value
        ),
        field!(
            "baltic.european_reinforcement_brigades",
            Some((0.0, 1000.0)),
            "brigades",
            baltic.european_reinforcement_brigades
        ),
        field!(
            "baltic.european_readiness",
            Some((0.0, 1.0)),
            "",
            baltic.european_readiness
        ),
        field!(
            "baltic.us_forward_share",
            Some((0.0, 1.0)),
            "",
            baltic.us_forward_share
        ),
        field!(
            "baltic.tier1_days",
            Some((0.0, 365.0)),
            "days",
            baltic.tier1_days
        ),
        field!(
            "baltic.tier1_share",
            Some((0.0, 1.0)),
            "",
            baltic.tier1_share
        ),
        field!(
            "baltic.russia_brigades",
            Some((0.0, 10000.0)),
            "brigades",
            baltic.russia_brigades
        ),
        field!(
            "baltic.russia_follow_on",
            Some((0.0, 10.0)),
            "",
            baltic.russia_follow_on
        ),
        field!(
            "baltic.russia_follow_on_days",
            Some((0.1, 365.0)),
            "days",
            baltic.russia_follow_on_days
        ),
        field!(
            "baltic.fait_accompli_days",
            Some((0.1, 365.0)),
            "days",
            baltic.fait_accompli_days
        ),
        field!(
            "baltic.deterrence_steepness",
            Some((0.1, 20.0)),
            "",
            baltic.deterrence_steepness
        ),
        field!(
            "baltic.horizontal_if_held",
            Some((0.0, 1.0)),
            "",
            baltic.horizontal_if_held
        ),
        field!(
            "baltic.horizontal_if_lost",
            Some((0.0, 1.0)),
            "",
            baltic.horizontal_if_lost
        ),
        field!(
            "baltic.vertical_if_held",
            Some((0.0, 1.0)),
            "",
            baltic.vertical_if_held
        ),
        field!(
            "baltic.vertical_if_lost",
            Some((0.0, 1.0)),
            "",
            baltic.vertical_if_lost
        ),
        field!(
            "baltic.nuclear_restraint",
            Some((0.0, 1.0)),
            "",
            baltic.nuclear_restraint
        ),
        // h-campaign (issue 10.1): the stochastic campaign.
        field!(
            "baltic.light_combat_power",
            Some((0.0, 2.0)),
            "",
            baltic.light_combat_power
        ),
        field!(
            "baltic.obstruction",
            Some((0.0, 1.0)),
            "per brigade",
            baltic.obstruction
        ),
        field!(
            "baltic.light_obstruction",
            Some((0.0, 2.0)),
            "",
            baltic.light_obstruction
        ),
        field!(
            "baltic.national_heavy_share",
            Some((0.0, 1.0)),
            "",
            baltic.national_heavy_share
        ),
        field!(
            "baltic.forward_heavy_share",
            Some((0.0, 1.0)),
            "",
            baltic.forward_heavy_share
        ),
        field!(
            "baltic.us_heavy_share",
            Some((0.0, 1.0)),
            "",
            baltic.us_heavy_share
        ),
        field!(
            "baltic.european_heavy_share",
            Some((0.0, 1.0)),
            "",
            baltic.european_heavy_share
        ),
        field!("baltic.tier2_days", None, "days", baltic.tier2_days),
        field!(
            "baltic.tier2_share",
            Some((0.0, 1.0)),
            "",
            baltic.tier2_share
        ),
        field!("baltic.tier3_days", None, "days", baltic.tier3_days),
        field!(
            "baltic.air_attrition",
            Some((0.0, 10.0)),
            "brigades/day",
            baltic.air_attrition
        ),
        field!(
            "baltic.air_ramp_days",
            Some((0.0, 90.0)),
            "days",
            baltic.air_ramp_days
        ),
        field!(
            "baltic.culmination",
            Some((0.0, 1.0)),
            "",
            baltic.culmination
        ),
        field!(
            "baltic.concentration_spread",
            Some((0.0, 2.0)),
            "",
            baltic.concentration_spread
        ),
        field!(
            "baltic.russia_readiness_min",
            Some((0.0, 1.0)),
            "",
            baltic.russia_readiness_min
        ),
        field!(
            "baltic.allied_readiness_min",
            Some((0.0, 1.0)),
            "",
            baltic.allied_readiness_min
        ),
        field!(
            "baltic.lethality_spread",
            Some((0.0, 2.0)),
            "",
            baltic.lethality_spread
        ),
        field!(
            "baltic.exchange_spread",
            Some((0.0, 2.0)),
            "",
            baltic.exchange_spread
        ),
        field!(
            "baltic.mobility_spread",
            Some((0.0, 2.0)),
            "",
            baltic.mobility_spread
        ),
        field!(
            "baltic.weather_min",
            Some((0.0, 1.0)),
            "",
            baltic.weather_min
        ),
        field!("baltic.fog_spread", Some((0.0, 2.0)), "", baltic.fog_spread),
        field!(
            "nuclear.host_bonus",
            Some((0.0, 1.0)),
            "",
            nuclear.host_bonus
        ),
        field!(
            "nuclear.visible_inclusion",
            Some((0.0, 1.0)),
            "",
            nuclear.visible_inclusion
        ),
        field!(
            "nuclear.inclusion_weight",
            Some((0.0, 1.0)),
            "",
            nuclear.inclusion_weight
        ),
        field!(
            "nuclear.european_dimension",
            Some((0.0, 1.0)),
            "",
            nuclear.european_dimension
        ),
        field!(
            "nuclear.european_dimension_gain",
            Some((0.0, 10.0)),
            "",
            nuclear.european_dimension_gain
        ),
        field!(
            "nuclear.european_max",
            Some((0.0, 1.0)),
            "",
            nuclear.european_max
        ),
        field!(
            "nuclear.signal_penalty",
            Some((0.0, 1.0)),
            "",
            nuclear.signal_penalty
        ),
        field!("ukraine.option", None, "", ukraine.option),
        field!("ukraine.start", None, "", ukraine.start),
        field!(
            "ukraine.options.none.entanglement",
            Some((0.0, 1.0)),
            "",
            ukraine.options.none.entanglement
        ),
        field!(
            "ukraine.options.none.russia_tied",
            Some((0.0, 1.0)),
            "",
            ukraine.options.none.russia_tied
        ),
        field!(
            "ukraine.options.none.cost_gdp",
            Some((0.0, 5.0)),
            "",
            ukraine.options.none.cost_gdp
        ),
        field!(
            "ukraine.options.none.european_brigades",
            Some((0.0, 1000.0)),
            "brigades",
            ukraine.options.none.european_brigades
        ),
        field!(
            "ukraine.options.none.war_hazard",
            Some((0.0, 1.0)),
            "",
            ukraine.options.none.war_hazard
        ),
        field!(
            "ukraine.options.nato-membership.entanglement",
            Some((0.0, 1.0)),
            "",
            ukraine.options.nato_membership.entanglement
        ),
        field!(
            "ukraine.options.nato-membership.russia_tied",
            Some((0.0, 1.0)),
            "",
            ukraine.options.nato_membership.russia_tied
        ),
        field!(
            "ukraine.options.nato-membership.cost_gdp",
            Some((0.0, 5.0)),
            "",
            ukraine.options.nato_membership.cost_gdp
        ),
        field!(
            "ukraine.options.nato-membership.european_brigades",
            Some((0.0, 1000.0)),
            "brigades",
            ukraine.options.nato_membership.european_brigades
        ),
        field!(
            "ukraine.options.nato-membership.war_hazard",
            Some((0.0, 1.0)),
            "",
            ukraine.options.nato_membership.war_hazard
        ),
        field!(
            "ukraine.options.hedgehog.entanglement",
            Some((0.0, 1.0)),
            "",
            ukraine.options.hedgehog.entanglement
        ),
        field!(
            "ukraine.options.hedgehog.russia_tied",
            Some((0.0, 1.0)),
            "",
            ukraine.options.hedgehog.russia_tied
        ),
        field!(
            "ukraine.options.hedgehog.cost_gdp",
            Some((0.0, 5.0)),
            "",
            ukraine.options.hedgehog.cost_gdp
        ),
        field!(
            "ukraine.options.hedgehog.european_brigades",
            Some((0.0, 1000.0)),
            "brigades",
            ukraine.options.hedgehog.european_brigades
        ),
        field!(
            "ukraine.options.hedgehog.war_hazard",
            Some((0.0, 1.0)),
            "",
            ukraine.options.hedgehog.war_hazard
        ),
        field!(
            "ukraine.options.reassurance-force.entanglement",
            Some((0.0, 1.0)),
            "",
            ukraine.options.reassurance_force.entanglement
        ),
        field!(
            "ukraine.options.reassurance-force.russia_tied",
            Some((0.0, 1.0)),
            "",
            ukraine.options.reassurance_force.russia_tied
        ),
        field!(
            "ukraine.options.reassurance-force.cost_gdp",
            Some((0.0, 5.0)),
            "",
            ukraine.options.reassurance_force.cost_gdp
        ),
        field!(
            "ukraine.options.reassurance-force.european_brigades",
            Some((0.0, 1000.0)),
            "brigades",
            ukraine.options.reassurance_force.european_brigades
        ),
        field!(
            "ukraine.options.reassurance-force.war_hazard",
            Some((0.0, 1.0)),
            "",
            ukraine.options.reassurance_force.war_hazard
        ),
        field!(
            "ukraine.options.eu-membership.entanglement",
            Some((0.0, 1.0)),
            "",
            ukraine.options.eu_membership.entanglement
        ),
        field!(
            "ukraine.options.eu-membership.russia_tied",
            Some((0.0, 1.0)),
            "",
            ukraine.options.eu_membership.russia_tied
        ),
        field!(
            "ukraine.options.eu-membership.cost_gdp",
            Some((0.0, 5.0)),
            "",
            ukraine.options.eu_membership.cost_gdp
        ),
        field!(
            "ukraine.options.eu-membership.european_brigades",
            Some((0.0, 1000.0)),
            "brigades",
            ukraine.options.eu_membership.european_brigades
        ),
        field!(
            "ukraine.options.eu-membership.war_hazard",
            Some((0.0, 1.0)),
            "",
            ukraine.options.eu_membership.war_hazard
        ),
        field!(
            "ukraine.options.article5-without-membership.entanglement",
            Some((0.0, 1.0)),
            "",
            ukraine.options.article5_without_membership.entanglement
        ),
        field!(
            "ukraine.options.article5-without-membership.russia_tied",
            Some((0.0, 1.0)),
            "",
            ukraine.options.article5_without_membership.russia_tied
        ),
        field!(
            "ukraine.options.article5-without-membership.cost_gdp",
            Some((0.0, 5.0)),
            "",
            ukraine.options.article5_without_membership.cost_gdp
        ),
        field!(
            "ukraine.options.article5-without-membership.european_brigades",
            Some((0.0, 1000.0)),
            "brigades",
            ukraine
                .options
                .article5_without_membership
                .european_brigades
        ),
        field!(
            "ukraine.options.article5-without-membership.war_hazard",
            Some((0.0, 1.0)),
            "",
            ukraine.options.article5_without_membership.war_hazard
        ),
        field!(
            "ukraine.ceasefire_earliest",
            None,
            "",
            ukraine.ceasefire_earliest
        ),
        field!(
            "ukraine.ceasefire_latest",
            None,
            "",
            ukraine.ceasefire_latest
        ),
        field!(
            "ukraine.us_support_gain",
            Some((0.0, 10.0)),
            "",
            ukraine.us_support_gain
        ),
        field!(
            "ukraine.deterrence_gain",
            Some((0.0, 10.0)),
            "",
            ukraine.deterrence_gain
        ),
        field!(
            "ukraine.deal_gain",
            Some((0.0, 10.0)),
            "",
            ukraine.deal_gain
        ),
        field!(
            "hybrid.mix.disinformation",
            Some((0.0, 1.0)),
            "",
            hybrid.mix.disinformation
        ),
        field!("hybrid.mix.cyber", Some((0.0, 1.0)), "", hybrid.mix.cyber),
        field!(
            "hybrid.mix.sabotage",
            Some((0.0, 1.0)),
            "",
            hybrid.mix.sabotage
        ),
        field!(
            "hybrid.mix.migration",
            Some((0.0, 1.0)),
            "",
            hybrid.mix.migration
        ),
        field!(
            "hybrid.severity.disinformation",
            Some((0.0, 1.0)),
            "",
            hybrid.severity.disinformation
        ),
        field!(
            "hybrid.severity.cyber",
            Some((0.0, 1.0)),
            "",
            hybrid.severity.cyber
        ),
        field!(
            "hybrid.severity.sabotage",
            Some((0.0, 1.0)),
            "",
            hybrid.severity.sabotage
        ),
        field!(
            "hybrid.severity.migration",
            Some((0.0, 1.0)),
            "",
            hybrid.severity.migration
        ),
        field!(
            "hybrid.article5_threshold",
            Some((0.0, 1.0)),
            "",
            hybrid.article5_threshold
        ),
        field!(
            "hybrid.threshold_dispersion",
            Some((0.0, 1.0)),
            "",
            hybrid.threshold_dispersion
        ),
        field!(
            "hybrid.below_threshold_relevance",
            Some((0.0, 1.0)),
            "",
            hybrid.below_threshold_relevance
        ),
        field!("hybrid.resilience", Some((0.0, 1.0)), "", hybrid.resilience),
        field!(
            "hybrid.shaping_gain",
            Some((0.0, 10.0)),
            "",
            hybrid.shaping_gain
        ),
        field!(
            "hybrid.shaping_memory",
            Some((0.0, 1.0)),
            "",
            hybrid.shaping_memory
        ),
        field!("south.mission_end", None, "", south.mission_end),
        field!(
            "south.personnel",
            Some((0.0, 1000000.0)),
            "",
            south.personnel
        ),
        field!("south.advisers", None, "", south.advisers),
        field!(
            "south.rotation_months",
            Some((1.0, 120.0)),
            "months",
            south.rotation_months
        ),
        field!("south.continuity", Some((0.0, 1.0)), "", south.continuity),
        field!(
            "south.trust_build_months",
            Some((0.1, 120.0)),
            "months",
            south.trust_build_months
        ),
        field!(
            "south.capacity_initial",
            Some((0.0, 1.0)),
            "",
            south.capacity_initial
        ),
        field!(
            "south.capacity_gain",
            Some((0.0, 1.0)),
            "",
            south.capacity_gain
        ),
        field!("south.fragility", Some((0.0, 1.0)), "", south.fragility),
        field!(
            "south.interference",
            Some((0.0, 1.0)),
            "",
            south.interference
        ),
        field!("south.erosion", Some((0.0, 1.0)), "", south.erosion),
        field!("south.is_initial", Some((0.0, 1.0)), "", south.is_initial),
        field!("south.is_growth", Some((0.0, 1.0)), "", south.is_growth),
        field!(
            "south.is_suppression",
            Some((0.0, 1.0)),
            "",
            south.is_suppression
        ),
        field!(
            "south.coalition_pressure",
            Some((0.0, 1.0)),
            "",
            south.coalition_pressure
        ),
        field!(
            "south.coalition_withdrawal",
            None,
            "",
            south.coalition_withdrawal
        ),
        field!(
            "south.host_pressure_weight",
            Some((0.0, 1.0)),
            "",
            south.host_pressure_weight
        ),
        field!("south.is_noise", Some((0.0, 1.0)), "", south.is_noise),
        field!(
            "south.resurgence_threshold",
            Some((0.0, 1.0)),
            "",
            south.resurgence_threshold
        ),
        field!("south.east_pull", Some((0.0, 1.0)), "", south.east_pull),
        field!(
            "south.crisis_gain",
            Some((0.0, 10.0)),
            "",
            south.crisis_gain
        ),
        field!(
            "south.logistics_dependence",
            Some((0.0, 1.0)),
            "",
            south.logistics_dependence
        ),
        field!(
            "south.european_substitution",
            Some((0.0, 1.0)),
            "",
            south.european_substitution
        ),
        field!(
            "south.coalition_european_troops",
            Some((0.0, 1000000.0)),
            "troops",
            south.coalition_european_troops
        ),
        field!(
            "south.substitution_troops",
            Some((0.0, 1000000.0)),
            "troops",
            south.substitution_troops
        ),
        field!(
            "south.crisis_brigades",
            Some((0.0, 100.0)),
            "BDE",
            south.crisis_brigades
        ),
        field!(
            "south.deployment_months",
            Some((1.0, 120.0)),
            "months",
            south.deployment_months
        ),
        field!("arctic.sentry_start", None, "", arctic.sentry_start),
        field!("arctic.presence", Some((0.0, 1.0)), "", arctic.presence),
        field!(
            "arctic.rate_damping",
            Some((0.0, 1.0)),
            "",
            arctic.rate_damping
        ),
        field!(
            "arctic.prepositioning",
            Some((0.0, 1.0)),
            "",
            arctic.prepositioning
        ),
        field!(
            "arctic.greenland_damping",
            Some((0.0, 1.0)),
            "",
            arctic.greenland_damping
        ),
        field!(
            "arctic.brigades",
            Some((0.0, 100.0)),
            "BDE",
            arctic.brigades
        ),
        model!("models.*.label", None, "", label),
        model!("models.*.decision_rule", None, "", decision_rule),
        model!(
            "models.*.hegemonic_leadership",
            Some((0.0, 1.0)),
            "",
            hegemonic_leadership
        ),
        model!("models.*.us_exit", None, "", us_exit),
        model_item!("models.*.us_troops[].at", None, "", us_troops, at),
        model_item!(
            "models.*.us_troops[].value",
            Some((0.0, 10000000.0)),
            "troops",
            us_troops,
            value
        ),
        model_item!("models.*.us_enablers[].at", None, "", us_enablers, at),
        model_item!(
            "models.*.us_enablers[].value",
            Some((0.0, 1.0)),
            "",
            us_enablers,
            value
        ),
        model!(
            "models.*.us_nuclear_guarantee",
            Some((0.0, 1.0)),
            "",
            us_nuclear_guarantee
        ),
        model!(
            "models.*.procurement_integration",
            Some((0.0, 1.0)),
            "",
            procurement_integration
        ),
        model!(
            "models.*.competence_delegation",
            Some((0.0, 1.0)),
            "",
            competence_delegation
        ),
        model!(
            "models.*.sovereignty_cost",
            Some((0.0, 1.0)),
            "",
            sovereignty_cost
        ),
        model!("models.*.qmv_states", Some((0.01, 1.0)), "", qmv_states),
        model!("models.*.qmv_weight", Some((0.01, 1.0)), "", qmv_weight),
        model!(
            "models.*.implementation_start",
            None,
            "",
            implementation_start
        ),
        model!(
            "models.*.implementation_years_min",
            Some((0.0, 100.0)),
            "years",
            implementation_years_min
        ),
        model!(
            "models.*.implementation_years_max",
            Some((0.0, 100.0)),
            "years",
            implementation_years_max
        ),
        model!(
            "models.*.implementation_success",
            Some((0.0, 1.0)),
            "",
            implementation_success
        ),
        model!(
            "models.*.implementation_partial",
            Some((0.0, 1.0)),
            "",
            implementation_partial
        ),
        model!("models.*.inherited_rule", None, "", inherited_rule),
        model!(
            "models.*.bureaucratic_friction",
            Some((0.0, 10.0)),
            "",
            bureaucratic_friction
        ),
        model!(
            "models.*.european_nuclear_dimension",
            Some((0.0, 1.0)),
            "",
            european_nuclear_dimension
        ),
        model!(
            "models.*.common_funding_eur_bn",
            Some((0.0, 10000.0)),
            "EUR bn per year",
            common_funding_eur_bn
        ),
    ]
});

/// A parameter resolved on a scenario: which declaration, which model and
/// element. Resolving checks the path once; setting through the reference
/// is a direct field write.
#[derive(Clone, Debug)]
pub struct ParamRef {
    path: String,
    info: &'static ParamInfo,
    loc: Loc,
}

impl PartialEq for ParamRef {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.loc == other.loc
    }
}

/// One step of a path: a key, or an array index.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn unknown(path: &str, reason: String) -> ParamError {
    ParamError::UnknownPath {
        path: path.to_string(),
        reason,
    }
}

fn steps(path: &str) -> Result<Vec<Step<'_>>, ParamError> {
    let malformed = |part: &str| {
        unknown(
            path,
            format!("malformed index in `{part}` (expected e.g. `spending.targets[2].core`)"),
        )
    };
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = part.find('[').map_or((part, ""), |i| part.split_at(i));
        if key.is_empty() {
            return Err(unknown(
                path,
                "expected e.g. `russia.attack_hazard_max` or `spending.targets[2].core`".into(),
            ));
        }
        out.push(Step::Key(key));
        while !rest.is_empty() {
            let close = rest
                .find(']')
                .filter(|_| rest.starts_with('['))
                .ok_or_else(|| malformed(part))?;
            out.push(Step::Index(
                rest[1..close].parse().map_err(|_| malformed(part))?,
            ));
            rest = &rest[close + 1..];
        }
    }
    Ok(out)
}

impl ParamRef {
    /// Resolves `path` (e.g. `russia.attack_hazard_max`,
    /// `models.toolkit.decision_rule`, `spending.targets[2].core`) on
    /// `scenario`; the error lists what is allowed where the path goes wrong.
    pub fn resolve(scenario: &Scenario, path: &str) -> Result<ParamRef, ParamError> {
        let mut pattern = String::new();
        let mut loc = Loc {
            model: ModelId::status_quo(),
            index: 0,
        };
        let mut walked = String::new();
        let mut indexed = false;
        for (i, step) in steps(path)?.into_iter().enumerate() {
            match step {
                Step::Key(k) => {
                    let k = if i == 1 && pattern == "models" {
                        loc.model = scenario.parse_model(k).map_err(|d| {
                            let ids: Vec<String> = scenario
                                .model_ids()
                                .iter()
                                .map(|m| m.id().to_string())
                                .collect();
                            let hint = d.hint.map(|h| format!("; {h}")).unwrap_or_default();
                            unknown(
                                path,
                                format!("no model `{k}`; allowed here: {}{hint}", ids.join(", ")),
                            )
                        })?;
                        "*"
                    } else {
                        k
                    };
                    let next = if pattern.is_empty() {
                        k.to_string()
                    } else {
                        format!("{pattern}.{k}")
                    };
                    if !REGISTRY.iter().any(|p| is_prefix(&next, p.pattern)) {
                        return Err(unknown(path, not_here(&pattern, &walked, k)));
                    }
                    pattern = next;
                    walked = if walked.is_empty() {
                        k.to_string()
                    } else {
                        format!("{walked}.{k}")
                    };
                }
                Step::Index(ix) => {
                    let next = format!("{pattern}[]");
                    if indexed || !REGISTRY.iter().any(|p| is_prefix(&next, p.pattern)) {
                        return Err(unknown(path, format!("`{walked}` is not an array")));
                    }
                    indexed = true;
                    loc.index = ix;
                    pattern = next;
                    walked = format!("{walked}[{ix}]");
                }
            }
        }
        let Some(info) = REGISTRY.iter().find(|p| p.pattern == pattern) else {
            let below: Vec<&str> = children(&pattern);
            let reason = if pattern.ends_with("[]")
                || REGISTRY
                    .iter()
                    .any(|p| p.pattern.starts_with(&format!("{pattern}[]")))
            {
                format!(
                    "`{walked}` is an array; give an element, e.g. `{walked}[0].{}`",
                    below.first().copied().unwrap_or("value")
                )
            } else {
                format!(
                    "`{walked}` is a table; allowed below it: {}",
                    below.join(", ")
                )
            };
            return Err(unknown(path, reason));
        };
        if let Some(len) = info.len {
            let n = len(scenario, &loc);
            if loc.index >= n {
                let array = &walked[..walked.rfind('[').unwrap_or(walked.len())];
                return Err(unknown(
                    path,
                    format!(
                        "`{array}` has {n} elements (indices 0 … {})",
                        n.saturating_sub(1)
                    ),
                ));
            }
        }
        Ok(ParamRef {
            path: path.to_string(),
            info,
            loc,
        })
    }

    /// The path as given.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The declaration.
    pub fn info(&self) -> &'static ParamInfo {
        self.info
    }

    /// The value type.
    pub fn kind(&self) -> ParamKind {
        self.info.kind
    }

    /// The allowed range, where it does not depend on other fields.
    pub fn range(&self) -> Option<(f64, f64)> {
        self.info.range
    }

    /// The current value on `scenario` (`None` if an array is too short there).
    pub fn get(&self, scenario: &Scenario) -> Option<ParamValue> {
        (self.info.get)(scenario, &self.loc)
    }

    /// Checks `value` against the parameter's type and allowed range.
    pub fn check(&self, value: &ParamValue) -> Result<(), ParamError> {
        let type_name = match self.info.kind {
            ParamKind::Real => "number",
            ParamKind::Integer => "integer",
            ParamKind::Bool => "boolean",
            ParamKind::Text => "string",
        };
        let numeric = self.info.kind.is_numeric();
        match (value.as_f64(), numeric) {
            (Some(x), true) => {
                if let Some((low, high)) = self.info.range
                    && (!x.is_finite() || x < low || x > high)
                {
                    return Err(ParamError::OutOfRange {
                        path: self.path.clone(),
                        value: x,
                        low,
                        high,
                    });
                }
                Ok(())
            }
            (None, false) if value.type_name() == type_name => Ok(()),
            _ => Err(ParamError::WrongType {
                path: self.path.clone(),
                expected: type_name,
                found: value.type_name(),
            }),
        }
    }

    /// Sets `value` on `scenario` after [`check`](Self::check)ing it; an
    /// integer parameter rounds a real. Other fields are not validated.
    pub fn set(&self, scenario: &mut Scenario, value: &ParamValue) -> Result<(), ParamError> {
        self.check(value)?;
        match (self.info.set)(scenario, &self.loc, value) {
            Some(Ok(Ok(()))) => Ok(()),
            Some(Ok(Err(message))) => Err(ParamError::InvalidText {
                path: self.path.clone(),
                value: value.to_string(),
                message,
            }),
            Some(Err(found)) => Err(ParamError::WrongType {
                path: self.path.clone(),
                expected: "value of another type",
                found,
            }),
            None => Err(unknown(
                &self.path,
                "the array is shorter on this scenario".into(),
            )),
        }
    }
}

/// Whether pattern `p` starts with the whole path steps of `prefix`.
fn is_prefix(prefix: &str, p: &str) -> bool {
    p.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}

/// The keys directly below `pattern`.
fn children(pattern: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for p in REGISTRY.iter() {
        let rest = if pattern.is_empty() {
            Some(p.pattern)
        } else {
            p.pattern
                .strip_prefix(pattern)
                .and_then(|r| r.strip_prefix('.').or_else(|| r.strip_prefix("[].")))
        };
        if let Some(rest) = rest {
            let key = rest.split(['.', '[']).next().unwrap_or(rest);
            if !key.is_empty() && !out.contains(&key) {
                out.push(key);
            }
        }
    }
    out
}

fn not_here(pattern: &str, walked: &str, key: &str) -> String {
    let here = if walked.is_empty() {
        String::new()
    } else {
        format!(" under `{walked}`")
    };
    let allowed = children(pattern);
    if allowed.is_empty() {
        format!("`{walked}` is a value, it has no field `{key}`")
    } else {
        format!("no `{key}`{here}; allowed here: {}", allowed.join(", "))
    }
}

/// One parameter whose value differs between two scenarios.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// The parameter's path, e.g. `models.toolkit.us_troops[1].value`.
    pub path: String,
    /// Its value in the scenario (`None` where an array is shorter).
    pub value: Option<ParamValue>,
    /// Its value in the reference (`None` where an array is shorter).
    pub default: Option<ParamValue>,
}

/// Every parameter where `scenario` differs from `reference`, in path order.
pub fn differences(scenario: &Scenario, reference: &Scenario) -> Vec<Difference> {
    let mut out = Vec::new();
    for info in REGISTRY.iter() {
        // Per-model parameters: every model of either scenario, in the
        // scenario's order, then any only the reference defines.
        let models: Vec<ModelId> = if info.pattern.starts_with("models.*") {
            let mut ids = scenario.model_ids();
            for id in reference.model_ids() {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            ids
        } else {
            vec![ModelId::status_quo()]
        };
        for model in &models {
            let at = |index| Loc {
                model: model.clone(),
                index,
            };
            let n = info
                .len
                .map_or(1, |len| len(scenario, &at(0)).max(len(reference, &at(0))));
            for index in 0..n {
                let loc = at(index);
                let (a, b) = ((info.get)(scenario, &loc), (info.get)(reference, &loc));
                if a != b {
                    let path = info.pattern.replacen('*', model.id(), 1).replacen(
                        "[]",
                        &format!("[{index}]"),
                        1,
                    );
                    out.push(Difference {
                        path,
                        value: a,
                        default: b,
                    });
                }
            }
        }
    }
    out.sort_by(|x, y| x.path.cmp(&y.path));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_and_sets_typed_values() {
        let mut s = Scenario::defaults();
        let r = ParamRef::resolve(&s, "russia.attack_hazard_max").unwrap();
        assert_eq!(r.kind(), ParamKind::Real);
        assert_eq!(r.range(), Some((0.0, 1.0)));
        r.set(&mut s, &ParamValue::Real(0.07)).unwrap();
        assert_eq!(s.russia.attack_hazard_max, 0.07);
        let t = ParamRef::resolve(&s, "spending.targets[2].core").unwrap();
        t.set(&mut s, &ParamValue::Integer(4)).unwrap();
        assert_eq!(s.spending.targets[2].core, 4.0);
        let lag = ParamRef::resolve(&s, "forces.procurement_lag_months").unwrap();
        lag.set(&mut s, &ParamValue::Real(11.6)).unwrap();
        assert_eq!(s.forces.procurement_lag_months, 12);
        let rule = ParamRef::resolve(&s, "models.toolkit.decision_rule").unwrap();
        rule.set(&mut s, &ParamValue::Text("consensus".into()))
            .unwrap();
        assert_eq!(
            s.model(&ModelId::toolkit()).unwrap().decision_rule,
            DecisionRule::Consensus
        );
        assert!(matches!(
            rule.set(&mut s, &ParamValue::Text("vote".into())),
            Err(ParamError::InvalidText { .. })
        ));
        let troops = ParamRef::resolve(&s, "models.toolkit.us_troops[1].value").unwrap();
        assert_eq!(troops.get(&s), Some(ParamValue::Real(40000.0)));
        assert!(matches!(
            r.set(&mut s, &ParamValue::Real(1.5)),
            Err(ParamError::OutOfRange { .. })
        ));
        assert!(matches!(
            r.set(&mut s, &ParamValue::Text("x".into())),
            Err(ParamError::WrongType { .. })
        ));
    }

    #[test]
    fn unknown_paths_say_what_is_allowed() {
        let s = Scenario::defaults();
        let e = |p: &str| ParamRef::resolve(&s, p).unwrap_err().to_string();
        assert!(
            e("russia.nope").contains("attack_hazard_max"),
            "{}",
            e("russia.nope")
        );
        assert!(e("spending.targets[9].core").contains("3 elements"));
        assert!(e("models.nato.label").contains("toolkit"));
        assert!(e("russia").contains("concentration"));
        assert!(e("russia.concentration.x").contains("no field"));
        assert!(e("russia[0]").contains("not an array"));
        assert!(e("spending.targets").contains("element"));
        assert!(e("a..b").contains("expected"));
    }

    /// The registry's ranges are the ones `Scenario::validate` enforces: at
    /// each bound a parameter is valid, just outside it is reported.
    #[test]
    fn registry_ranges_agree_with_validate() {
        let base = Scenario::defaults();
        let mut checked = 0;
        for info in REGISTRY.iter() {
            let Some((low, high)) = info.range else {
                continue;
            };
            let path = info
                .pattern
                .replacen('*', "toolkit", 1)
                .replacen("[]", "[0]", 1);
            let r = ParamRef::resolve(&base, &path).unwrap();
            // Only range messages: orderings between fields (level_low ≤
            // level_medium, …) are validate's own business.
            let own = |s: &Scenario| {
                s.validate().into_iter().any(|d| {
                    d.path.as_deref() == Some(path.as_str())
                        && d.kind == crate::scenario::DiagnosticKind::OutOfRange
                })
            };
            // Just outside: by one for integers, by a little for reals.
            let step = |v: f64| match info.kind {
                ParamKind::Integer => 1.0,
                _ => 1e-3 * (1.0 + v.abs()),
            };
            for (x, ok) in [
                (low, true),
                (high, true),
                (low - step(low), false),
                (high + step(high), false),
            ] {
                let mut s = base.clone();
                // Bypass the registry's own check to ask validate alone.
                let v = match info.kind {
                    ParamKind::Integer => ParamValue::Integer(x.round() as i64),
                    _ => ParamValue::Real(x),
                };
                if info.kind == ParamKind::Integer && x < 0.0 {
                    continue;
                }
                (info.set)(&mut s, &r.loc, &v).unwrap().unwrap().unwrap();
                assert_eq!(
                    !own(&s),
                    ok,
                    "{path} = {x}: validate disagrees with {low} … {high}"
                );
            }
            checked += 1;
        }
        assert!(checked > 200, "{checked}");
    }

    #[test]
    fn differences_name_each_changed_parameter() {
        let d = Scenario::defaults();
        assert!(differences(&d, &d).is_empty());
        let mut s = d.clone();
        s.scenario.seed += 1;
        s.model_mut(&ModelId::toolkit()).unwrap().us_troops[1].value = 1.0;
        s.spending.targets.pop();
        let diff = differences(&s, &d);
        let paths: Vec<&str> = diff.iter().map(|x| x.path.as_str()).collect();
        assert!(paths.contains(&"scenario.seed"), "{paths:?}");
        assert!(
            paths.contains(&"models.toolkit.us_troops[1].value"),
            "{paths:?}"
        );
        let gone = diff
            .iter()
            .find(|x| x.path == "spending.targets[2].core")
            .unwrap();
        assert_eq!(
            (gone.value.clone(), gone.default.clone()),
            (None, Some(ParamValue::Real(3.5)))
        );
    }
}
