//! Exploratory modelling declarations: uncertainties, levers and outcomes.
//!
//! A scenario file may declare, next to the parameters it sets,
//!
//! ```toml
//! [uncertainties."russia.attack_hazard_max"]
//! dist = "uniform"      # uniform | normal | truncated-normal | triangular | log-uniform | choice
//! low = 0.02
//! high = 0.08
//! group = "russia"      # optional: grouped Sobol' indices
//!
//! [levers."spending.targets[2].core"]
//! levels = [2.0, 3.5, 5.0]
//!
//! [outcomes]
//! metrics = ["p_attack", "cohesion"]
//! ```
//!
//! Any numeric parameter (a dotted path as printed by `natosim scenario
//! --defaults`, with `[i]` for array elements) can be an uncertainty; any
//! parameter, numeric or not, can be a lever with a list of levels. The
//! declarations are validated like every other field: an unknown path, a
//! non-numeric target, bad bounds or a value the scenario would reject is an
//! error naming the file and the field path (`uncertainties."russia.x".low`).
//! `[uncertainties] inherit = false` (or `[levers] inherit = false`) drops
//! every declaration of earlier layers of that kind. Later layers replace
//! earlier declarations of the same path, and a later
//! layer that *sets* a declared parameter fixes it at its value (the
//! declaration is dropped unless that layer declares it again): scenarios
//! extend the baseline, whose uncertain parameters `compare` draws per run,
//! and a scenario that sets one asks about that value.
//!
//! A [`Dist`] is plain data here (it serialises as `{ "dist": "uniform",
//! "low": …, "high": … }`); the inverse CDFs that map a point of the unit
//! cube to a value live with the designs, in `natosim_analysis::dist`. Each
//! declared path resolves once to a [`ParamRef`] (`crate::params`), which
//! sets values directly on a typed scenario: no TOML round trip.

use crate::metrics::METRICS;
use crate::params::{ParamError, ParamKind, ParamRef, ParamValue};
use crate::scenario::{Diagnostic, DiagnosticKind, Diagnostics, Layer, Scenario};

/// The top-level keys a layer may use for declarations.
pub const DECLARATION_KEYS: [&str; 3] = ["uncertainties", "levers", "outcomes"];

/// The key of `[uncertainties]` or `[levers]` that, set to `false`, drops
/// the declarations of earlier layers (e.g. the baseline's uncertain
/// parameters in a file that explores only its own).
pub const INHERIT: &str = "inherit";

/// Removes the declaration tables from a parsed layer; `None` if it has none.
pub fn take_declarations(table: &mut toml::Table) -> Option<toml::Table> {
    let mut out = toml::Table::new();
    for k in DECLARATION_KEYS {
        if let Some(v) = table.remove(k) {
            out.insert(k.to_string(), v);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A probability distribution of an uncertain parameter.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "dist", rename_all = "kebab-case")]
pub enum Dist {
    /// Uniform on `[low, high]`.
    Uniform {
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
    },
    /// Normal with mean and standard deviation (unbounded).
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
    },
    /// Normal truncated to `[low, high]`.
    TruncatedNormal {
        /// Mean of the untruncated normal.
        mean: f64,
        /// Its standard deviation.
        sd: f64,
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
    },
    /// Triangular on `[low, high]` with its peak at `mode`.
    Triangular {
        /// Lower bound.
        low: f64,
        /// Most likely value.
        mode: f64,
        /// Upper bound.
        high: f64,
    },
    /// Log-uniform on `[low, high]`, `0 < low`.
    LogUniform {
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
    },
    /// One of a list of values, equally likely.
    Choice {
        /// The values.
        values: Vec<f64>,
    },
}

/// How many standard deviations from its mean a `normal` is sampled at most.
///
/// The samplers clamp the unit-interval point to `[1e-12, 1 − 1e-12]` before
/// the inverse CDF, which reaches ±7.0345 s.d. (a Sobol' design's first point
/// is exactly such an extreme); they also clamp the value to this many s.d.,
/// so this constant is the declared support the load-time checks probe.
pub const NORMAL_SUPPORT_SD: f64 = 7.04;

/// The names accepted for `dist`.
pub const DIST_NAMES: &str = "uniform, normal, truncated-normal, triangular, log-uniform, choice";

impl Dist {
    /// The short name used in files.
    pub fn name(&self) -> &'static str {
        match self {
            Dist::Uniform { .. } => "uniform",
            Dist::Normal { .. } => "normal",
            Dist::TruncatedNormal { .. } => "truncated-normal",
            Dist::Triangular { .. } => "triangular",
            Dist::LogUniform { .. } => "log-uniform",
            Dist::Choice { .. } => "choice",
        }
    }

    /// A finite range covering the distribution: its bounds, or mean ± 4 s.d.
    /// for the normal (used for `problem.json` and box limits).
    pub fn bounds(&self) -> (f64, f64) {
        match *self {
            Dist::Uniform { low, high }
            | Dist::TruncatedNormal { low, high, .. }
            | Dist::Triangular { low, high, .. }
            | Dist::LogUniform { low, high } => (low, high),
            Dist::Normal { mean, sd } => (mean - 4.0 * sd, mean + 4.0 * sd),
            Dist::Choice { ref values } => values
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                    (a.min(v), b.max(v))
                }),
        }
    }

    /// The smallest and largest values a sampler can draw: the bounds, every
    /// choice's extremes, or the mean ± [`NORMAL_SUPPORT_SD`] s.d. of the normal.
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Dist::Normal { mean, sd } => {
                (mean - NORMAL_SUPPORT_SD * sd, mean + NORMAL_SUPPORT_SD * sd)
            }
            _ => self.bounds(),
        }
    }

    /// Values whose admissibility is checked at load time: every value the
    /// samplers can reach at the ends of the support, and every choice. (The
    /// normal once probed only ±3 s.d. while a Sobol' design drew ±7 s.d.,
    /// so `sensitivity` failed mid-run; now its real extremes are probed.)
    fn probe_values(&self) -> Vec<(&'static str, f64)> {
        match *self {
            Dist::Uniform { low, high }
            | Dist::TruncatedNormal { low, high, .. }
            | Dist::Triangular { low, high, .. }
            | Dist::LogUniform { low, high } => vec![("low", low), ("high", high)],
            Dist::Normal { .. } => {
                let (a, b) = self.support();
                vec![("sd", a), ("sd", b)]
            }
            Dist::Choice { ref values } => values.iter().map(|&v| ("values", v)).collect(),
        }
    }
}

/// One uncertain parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertainty {
    /// Dotted parameter path, e.g. `russia.attack_hazard_max`.
    pub path: String,
    /// The parameter, resolved on the scenario.
    pub param: ParamRef,
    /// Its distribution.
    pub dist: Dist,
    /// Group for grouped Sobol' indices.
    pub group: Option<String>,
    /// The file that declared it.
    pub declared_in: String,
}

/// One policy lever: a parameter and the levels to try.
#[derive(Clone, Debug, PartialEq)]
pub struct Lever {
    /// Dotted parameter path.
    pub path: String,
    /// The parameter, resolved on the scenario.
    pub param: ParamRef,
    /// The levels, of the parameter's type (numbers given for an integer
    /// parameter are rounded when set).
    pub levels: Vec<ParamValue>,
    /// The file that declared it.
    pub declared_in: String,
}

/// All declarations of a scenario, merged over its layers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExplorationSpec {
    /// Uncertain parameters: layer by layer, within a layer in path order.
    pub uncertainties: Vec<Uncertainty>,
    /// Levers, ordered like the uncertainties.
    pub levers: Vec<Lever>,
    /// Outcome metric names (empty: all metrics).
    pub outcomes: Vec<String>,
}

fn err(file: &str, path: String, message: String) -> Diagnostic {
    Diagnostic::new(DiagnosticKind::InvalidValue, message)
        .in_file(file)
        .at_path(path)
}

impl ExplorationSpec {
    /// Reads and validates the declarations of `layers` (most general first)
    /// against the resolved `scenario`.
    pub fn from_layers(layers: &[Layer], scenario: &Scenario) -> Result<Self, Diagnostics> {
        let mut spec = ExplorationSpec::default();
        let mut problems = Vec::new();
        for layer in layers {
            // A layer that sets a parameter an earlier layer declared
            // uncertain (or a lever) fixes it: a scenario that extends the
            // baseline and sets `russia.concentration = 0.5` asks about 0.5,
            // not about the baseline's range. Its own declarations below
            // may make it uncertain again.
            spec.uncertainties
                .retain(|u| !sets_path(&layer.table, &u.path));
            spec.levers.retain(|l| !sets_path(&layer.table, &l.path));
            let Some(decl) = &layer.exploration else {
                continue;
            };
            let file = layer.name.as_str();
            for (key, value) in decl {
                let Some(t) = value.as_table() else {
                    problems.push(err(
                        file,
                        key.clone(),
                        format!("expected a table, found {}", value.type_str()),
                    ));
                    continue;
                };
                // `inherit = false` drops what earlier layers declared here.
                match t.get(INHERIT) {
                    None | Some(toml::Value::Boolean(true)) => {}
                    Some(toml::Value::Boolean(false)) => match key.as_str() {
                        "uncertainties" => spec.uncertainties.clear(),
                        "levers" => spec.levers.clear(),
                        _ => {}
                    },
                    Some(other) => problems.push(err(
                        file,
                        format!("{key}.{INHERIT}"),
                        format!("expected true or false, found {}", other.type_str()),
                    )),
                }
                let t = &t
                    .iter()
                    .filter(|(k, _)| key == "outcomes" || *k != INHERIT)
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<toml::Table>();
                match key.as_str() {
                    "uncertainties" => {
                        for (path, v) in t {
                            match parse_uncertainty(file, path, v, scenario) {
                                Ok(u) => {
                                    spec.uncertainties.retain(|x| x.path != u.path);
                                    spec.uncertainties.push(u);
                                }
                                Err(e) => problems.push(e),
                            }
                        }
                    }
                    "levers" => {
                        for (path, v) in t {
                            match parse_lever(file, path, v, scenario) {
                                Ok(l) => {
                                    spec.levers.retain(|x| x.path != l.path);
                                    spec.levers.push(l);
                                }
                                Err(e) => problems.push(e),
                            }
                        }
                    }
                    _ => match parse_outcomes(file, t) {
                        Ok(o) => spec.outcomes = o,
                        Err(e) => problems.push(e),
                    },
                }
            }
        }
        for u in &spec.uncertainties {
            if let Some(l) = spec.levers.iter().find(|l| l.path == u.path) {
                problems.push(err(
                    &l.declared_in,
                    format!("levers.\"{}\"", l.path),
                    "this parameter is also declared an uncertainty; a parameter can be one or the other".into(),
                ));
            }
        }
        if problems.is_empty() {
            Ok(spec)
        } else {
            Err(Diagnostics(problems))
        }
    }

    /// Pairs of declarations whose extremes break a check between fields
    /// together (`russia.reconstitution_years_min` ~ U(3, 6.5) with `…_max`
    /// ~ U(5.5, 9) can draw a minimum above the maximum): every pair of
    /// uncertainties' support ends and levers' levels is set together and
    /// validated. At most five are returned.
    ///
    /// Such declarations still load: an ensemble's parameter draws
    /// (`compare --uncertainty`) redraw a vector that breaks a check, which
    /// is a defined truncation. A design cannot redraw its points, so the
    /// design workflows check every point before the first run
    /// (`natosim_analysis::explore::Problem::check_design`), and `natosim
    /// validate` reports these pairs as warnings. Pairwise only: a check over
    /// three or more declared parameters is left to the up-front design check.
    pub fn joint_conflicts(&self, scenario: &Scenario) -> Vec<Diagnostic> {
        // At most this many pairs are reported: one is enough to act on.
        const MAX_REPORTED: usize = 5;
        let mut items: Vec<(&str, &str, &ParamRef, Vec<ParamValue>)> = Vec::new();
        for u in &self.uncertainties {
            let (a, b) = u.dist.support();
            let ends = [a, b].map(ParamValue::Real).to_vec();
            items.push((&u.path, &u.declared_in, &u.param, ends));
        }
        for l in &self.levers {
            items.push((&l.path, &l.declared_in, &l.param, l.levels.clone()));
        }
        let mut out = Vec::new();
        for j in 1..items.len() {
            for i in 0..j {
                let ((pa, _, ra, va), (pb, file, rb, vb)) = (&items[i], &items[j]);
                'pair: for x in va {
                    for y in vb {
                        let mut s = scenario.clone();
                        if ra.set(&mut s, x).is_err() || rb.set(&mut s, y).is_err() {
                            continue;
                        }
                        let problems = s.validate();
                        if let Some(d) = problems.first() {
                            let at = if self.levers.iter().any(|l| l.path == *pb) {
                                format!("levers.\"{pb}\"")
                            } else {
                                format!("uncertainties.\"{pb}\"")
                            };
                            out.push(err(
                                file,
                                at,
                                format!(
                                    "jointly invalid with `{pa}`: at {pa} = {x} and {pb} = {y} \
                                     the scenario breaks field `{}`: {}; declare ranges that \
                                     cannot break it together",
                                    d.path.as_deref().unwrap_or(""),
                                    d.message
                                ),
                            ));
                            if out.len() >= MAX_REPORTED {
                                return out;
                            }
                            break 'pair;
                        }
                    }
                }
            }
        }
        out
    }

    /// The outcome metrics: the declared ones, or all metrics.
    pub fn outcome_metrics(&self) -> Vec<&str> {
        if self.outcomes.is_empty() {
            METRICS.iter().map(|m| m.name).collect()
        } else {
            self.outcomes.iter().map(String::as_str).collect()
        }
    }
}

/// Whether a layer's table sets the parameter at `path` (or the whole array
/// or table that holds it).
pub fn sets_path(table: &toml::Table, path: &str) -> bool {
    let mut here = table;
    for part in path.split('.') {
        let key = part.split('[').next().unwrap_or(part);
        match here.get(key) {
            None => return false,
            Some(toml::Value::Table(t)) if !part.contains('[') => here = t,
            Some(_) => return true,
        }
    }
    // The path names a table (not a parameter): it is set if present.
    true
}

fn num(file: &str, at: &str, t: &toml::Table, key: &str) -> Result<f64, Diagnostic> {
    match t.get(key) {
        None => Err(err(file, at.to_string(), format!("missing `{key}`"))),
        Some(v) => match v {
            toml::Value::Float(f) if f.is_finite() => Ok(*f),
            toml::Value::Integer(i) => Ok(*i as f64),
            other => Err(err(
                file,
                format!("{at}.{key}"),
                format!("expected a finite number, found {}", other.type_str()),
            )),
        },
    }
}

/// The scenario with `param` at `value`, validated as a whole: the value
/// must lie in the parameter's range and keep every check between fields.
fn probe(scenario: &Scenario, param: &ParamRef, value: &ParamValue) -> Result<(), String> {
    let mut s = scenario.clone();
    param.set(&mut s, value).map_err(|e| match e {
        ParamError::OutOfRange { low, high, .. } => {
            format!("out of range; allowed: {low} … {high}")
        }
        other => other.to_string(),
    })?;
    let problems = s.validate();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems
            .into_iter()
            .map(|d| format!("field `{}`: {}", d.path.unwrap_or_default(), d.message))
            .collect::<Vec<_>>()
            .join("; "))
    }
}

fn parse_uncertainty(
    file: &str,
    path: &str,
    v: &toml::Value,
    scenario: &Scenario,
) -> Result<Uncertainty, Diagnostic> {
    let at = format!("uncertainties.\"{path}\"");
    let param =
        ParamRef::resolve(scenario, path).map_err(|e| err(file, at.clone(), e.to_string()))?;
    if !param.kind().is_numeric() {
        let kind = match param.kind() {
            ParamKind::Bool => "boolean",
            _ => "string",
        };
        return Err(err(
            file,
            at,
            format!(
                "`{path}` is a {kind}, not a number; only numeric parameters can be uncertainties (declare it as a lever with levels instead)"
            ),
        ));
    }
    let Some(t) = v.as_table() else {
        return Err(err(
            file,
            at,
            format!(
                "expected a table such as {{ dist = \"uniform\", low = …, high = … }}, found {}",
                v.type_str()
            ),
        ));
    };
    let allowed = [
        "dist", "low", "high", "mean", "sd", "mode", "values", "group",
    ];
    if let Some(k) = t.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(err(
            file,
            format!("{at}.{k}"),
            format!("unknown field; allowed here: {}", allowed.join(", ")),
        ));
    }
    let dist_name = match t.get("dist") {
        None => "uniform",
        Some(toml::Value::String(s)) => s.as_str(),
        Some(o) => {
            return Err(err(
                file,
                format!("{at}.dist"),
                format!("expected a string ({DIST_NAMES}), found {}", o.type_str()),
            ));
        }
    };
    let n = |k: &str| num(file, &at, t, k);
    let bounds = |k: &str| -> Result<(f64, f64), Diagnostic> {
        let (low, high) = (n("low")?, n("high")?);
        if low >= high {
            return Err(err(
                file,
                format!("{at}.low"),
                format!("low = {low} must be less than high = {high}{k}"),
            ));
        }
        Ok((low, high))
    };
    let positive_sd = |sd: f64| {
        if sd > 0.0 {
            Ok(())
        } else {
            Err(err(
                file,
                format!("{at}.sd"),
                format!("sd = {sd} must be positive"),
            ))
        }
    };
    let dist = match dist_name {
        "uniform" => {
            let (low, high) = bounds("")?;
            Dist::Uniform { low, high }
        }
        "log-uniform" => {
            let (low, high) = bounds("")?;
            if low <= 0.0 {
                return Err(err(
                    file,
                    format!("{at}.low"),
                    format!("low = {low} must be positive for a log-uniform distribution"),
                ));
            }
            Dist::LogUniform { low, high }
        }
        "normal" => {
            let (mean, sd) = (n("mean")?, n("sd")?);
            positive_sd(sd)?;
            Dist::Normal { mean, sd }
        }
        "truncated-normal" => {
            let (mean, sd) = (n("mean")?, n("sd")?);
            positive_sd(sd)?;
            let (low, high) = bounds("")?;
            Dist::TruncatedNormal {
                mean,
                sd,
                low,
                high,
            }
        }
        "triangular" => {
            let (low, high) = bounds("")?;
            let mode = n("mode")?;
            if !(low..=high).contains(&mode) {
                return Err(err(
                    file,
                    format!("{at}.mode"),
                    format!("mode = {mode} must lie within low … high ({low} … {high})"),
                ));
            }
            Dist::Triangular { low, mode, high }
        }
        "choice" => {
            let values = match t.get("values") {
                Some(toml::Value::Array(a)) if !a.is_empty() => a
                    .iter()
                    .map(|v| match v {
                        toml::Value::Float(f) if f.is_finite() => Ok(*f),
                        toml::Value::Integer(i) => Ok(*i as f64),
                        o => Err(err(
                            file,
                            format!("{at}.values"),
                            format!("expected numbers, found {}", o.type_str()),
                        )),
                    })
                    .collect::<Result<Vec<f64>, _>>()?,
                _ => {
                    return Err(err(
                        file,
                        format!("{at}.values"),
                        "a choice needs a non-empty array `values = [ … ]`".into(),
                    ));
                }
            };
            Dist::Choice { values }
        }
        other => {
            return Err(err(
                file,
                format!("{at}.dist"),
                format!("unknown distribution `{other}`; allowed: {DIST_NAMES}"),
            ));
        }
    };
    let group = match t.get("group") {
        None => None,
        Some(toml::Value::String(s)) => Some(s.clone()),
        Some(o) => {
            return Err(err(
                file,
                format!("{at}.group"),
                format!("expected a string, found {}", o.type_str()),
            ));
        }
    };
    for (key, value) in dist.probe_values() {
        if let Err(m) = probe(scenario, &param, &ParamValue::Real(value)) {
            let message = match dist {
                Dist::Normal { mean, sd } => format!(
                    "a normal is sampled up to ±{NORMAL_SUPPORT_SD} s.d. (a Sobol' design's \
                     extreme points), here {} … {}, and the scenario is invalid at {path} = \
                     {value}: {m}; declare dist = \"truncated-normal\" with mean = {mean}, \
                     sd = {sd} and low/high inside the allowed range{}",
                    mean - NORMAL_SUPPORT_SD * sd,
                    mean + NORMAL_SUPPORT_SD * sd,
                    param
                        .range()
                        .map(|(a, b)| format!(" ({a} … {b})"))
                        .unwrap_or_default()
                ),
                _ => format!("the scenario is invalid at {path} = {value}: {m}"),
            };
            return Err(err(file, format!("{at}.{key}"), message));
        }
    }
    Ok(Uncertainty {
        path: path.to_string(),
        param,
        dist,
        group,
        declared_in: file.to_string(),
    })
}

fn parse_lever(
    file: &str,
    path: &str,
    v: &toml::Value,
    scenario: &Scenario,
) -> Result<Lever, Diagnostic> {
    let at = format!("levers.\"{path}\"");
    let param =
        ParamRef::resolve(scenario, path).map_err(|e| err(file, at.clone(), e.to_string()))?;
    let levels = match v.as_table().map(|t| (t, t.get("levels"))) {
        Some((t, Some(toml::Value::Array(a)))) if !a.is_empty() => {
            if let Some(k) = t.keys().find(|k| k.as_str() != "levels") {
                return Err(err(
                    file,
                    format!("{at}.{k}"),
                    "unknown field; allowed here: levels".into(),
                ));
            }
            a
        }
        _ => {
            return Err(err(
                file,
                format!("{at}.levels"),
                "a lever needs a non-empty array `levels = [ … ]`".into(),
            ));
        }
    };
    let mut values = Vec::with_capacity(levels.len());
    for (i, level) in levels.iter().enumerate() {
        let value = ParamValue::from_toml(level).ok_or_else(|| {
            err(
                file,
                format!("{at}.levels[{i}]"),
                format!(
                    "expected a number, string or boolean, found {}",
                    level.type_str()
                ),
            )
        })?;
        // Levels take the parameter's type: 2 for a real parameter is 2.0.
        let value = match (param.kind(), value) {
            (ParamKind::Real, ParamValue::Integer(n)) => ParamValue::Real(n as f64),
            (_, v) => v,
        };
        if let Err(m) = probe(scenario, &param, &value) {
            return Err(err(
                file,
                format!("{at}.levels[{i}]"),
                format!("the scenario is invalid with {path} = {level}: {m}"),
            ));
        }
        values.push(value);
    }
    Ok(Lever {
        path: path.to_string(),
        param,
        levels: values,
        declared_in: file.to_string(),
    })
}

fn parse_outcomes(file: &str, t: &toml::Table) -> Result<Vec<String>, Diagnostic> {
    if let Some(k) = t.keys().find(|k| k.as_str() != "metrics") {
        return Err(err(
            file,
            format!("outcomes.{k}"),
            "unknown field; allowed here: metrics".into(),
        ));
    }
    let names: Vec<&str> = METRICS.iter().map(|m| m.name).collect();
    let bad = || {
        err(
            file,
            "outcomes.metrics".into(),
            format!(
                "expected an array of metric names; allowed: {}",
                names.join(", ")
            ),
        )
    };
    let Some(toml::Value::Array(a)) = t.get("metrics") else {
        return Err(bad());
    };
    let mut out = Vec::new();
    for (i, v) in a.iter().enumerate() {
        let Some(s) = v.as_str() else {
            return Err(bad());
        };
        if !names.contains(&s) {
            return Err(err(
                file,
                format!("outcomes.metrics[{i}]"),
                format!("unknown metric `{s}`; allowed: {}", names.join(", ")),
            ));
        }
        out.push(s.to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> Result<ExplorationSpec, Diagnostics> {
        let layer = Layer::parse("u.toml", text).unwrap();
        let s = Scenario::from_layers(std::slice::from_ref(&layer)).unwrap();
        ExplorationSpec::from_layers(&[layer], &s)
    }

    #[test]
    fn parses_all_distributions_levers_and_outcomes() {
        let s = spec(
            r#"
[uncertainties."russia.attack_hazard_max"]
dist = "uniform"
low = 0.02
high = 0.08
group = "russia"
[uncertainties."decision.buck_passing"]
dist = "triangular"
low = 0.0
mode = 0.3
high = 0.6
[uncertainties."us.political_friction"]
dist = "truncated-normal"
mean = 0.3
sd = 0.1
low = 0.0
high = 0.6
[uncertainties."forces.procurement_lag_months"]
dist = "choice"
values = [12, 24, 36]
[uncertainties."baltic.deterrence_steepness"]
dist = "log-uniform"
low = 1.0
high = 4.0
[uncertainties."spending.gdp_growth_europe"]
dist = "normal"
mean = 1.2
sd = 0.5
[levers."models.toolkit.decision_rule"]
levels = ["coalitions", "consensus"]
[levers."spending.targets[2].core"]
levels = [2.0, 3.5, 5.0]
[outcomes]
metrics = ["p_attack", "cohesion"]
"#,
        )
        .unwrap();
        assert_eq!(s.uncertainties.len(), 6);
        let hazard = s
            .uncertainties
            .iter()
            .find(|u| u.path == "russia.attack_hazard_max");
        assert_eq!(hazard.unwrap().group.as_deref(), Some("russia"));
        assert_eq!(s.levers.len(), 2);
        assert_eq!(s.outcomes, ["p_attack", "cohesion"]);
    }

    #[test]
    fn bad_declarations_name_file_and_path() {
        let e = spec("[uncertainties.\"russia.nope\"]\nlow = 0.0\nhigh = 1.0\n").unwrap_err();
        assert_eq!(e.0[0].file.as_deref(), Some("u.toml"));
        assert_eq!(
            e.0[0].path.as_deref(),
            Some("uncertainties.\"russia.nope\"")
        );
        assert!(e.0[0].message.contains("attack_hazard_max"), "{}", e);
        let e =
            spec("[uncertainties.\"russia.concentration\"]\nlow = 0.5\nhigh = 0.1\n").unwrap_err();
        assert!(e.0[0].path.as_deref().unwrap().ends_with(".low"), "{e}");
        let e = spec(
            "[uncertainties.\"russia.concentration\"]\ndist = \"gamma\"\nlow = 0.1\nhigh = 0.5\n",
        )
        .unwrap_err();
        assert!(e.0[0].message.contains("log-uniform"), "{e}");
        // The scenario would reject the upper bound.
        let e =
            spec("[uncertainties.\"russia.concentration\"]\nlow = 0.1\nhigh = 1.5\n").unwrap_err();
        assert!(e.0[0].path.as_deref().unwrap().ends_with(".high"), "{e}");
        let e =
            spec("[uncertainties.\"models.toolkit.label\"]\nlow = 0.1\nhigh = 1.5\n").unwrap_err();
        assert!(e.0[0].message.contains("not a number"), "{e}");
        let e = spec("[outcomes]\nmetrics = [\"p_atack\"]\n").unwrap_err();
        assert!(e.0[0].message.contains("p_attack"), "{e}");
        let e = spec("[levers.\"spending.targets[9].core\"]\nlevels = [1.0]\n").unwrap_err();
        assert!(e.0[0].message.contains("elements"), "{e}");
    }

    #[test]
    fn a_later_layer_that_sets_a_parameter_fixes_it() {
        let a = Layer::parse(
            "a.toml",
            "[uncertainties.\"russia.concentration\"]\nlow = 0.1\nhigh = 0.5\n\
             [uncertainties.\"models.toolkit.us_troops[1].value\"]\nlow = 20000\nhigh = 60000\n\
             [uncertainties.\"russia.capability_2025\"]\nlow = 0.4\nhigh = 0.8\n",
        )
        .unwrap();
        let b = Layer::parse(
            "b.toml",
            "[russia]\nconcentration = 0.45\n[models.toolkit]\nus_troops = [{ at = \"2025-01\", value = 100000 }, { at = \"2028-01\", value = 30000 }]\n",
        )
        .unwrap();
        let s = Scenario::from_layers(&[a.clone(), b.clone()]).unwrap();
        let spec = ExplorationSpec::from_layers(&[a.clone(), b.clone()], &s).unwrap();
        let paths: Vec<&str> = spec.uncertainties.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(paths, ["russia.capability_2025"]);
        assert!(sets_path(&b.table, "russia.concentration"));
        assert!(!sets_path(&b.table, "russia.capability_2025"));
        assert!(sets_path(&b.table, "models.toolkit.us_troops[1].value"));
        assert!(!sets_path(&b.table, "models.status-quo.us_troops[0].value"));
        // Declaring it again in the same layer keeps it uncertain.
        let c = Layer::parse(
            "c.toml",
            "[russia]\nconcentration = 0.45\n[uncertainties.\"russia.concentration\"]\nlow = 0.4\nhigh = 0.5\n",
        )
        .unwrap();
        let s = Scenario::from_layers(&[a.clone(), c.clone()]).unwrap();
        let spec = ExplorationSpec::from_layers(&[a, c], &s).unwrap();
        assert_eq!(spec.uncertainties.len(), 3);
    }

    #[test]
    fn inherit_false_drops_earlier_declarations() {
        let a = Layer::parse(
            "a.toml",
            "[uncertainties.\"russia.concentration\"]\nlow = 0.1\nhigh = 0.5\n[levers.\"spending.targets[2].core\"]\nlevels = [2.0, 3.5]\n",
        )
        .unwrap();
        let b = Layer::parse(
            "b.toml",
            "[uncertainties]\ninherit = false\n[uncertainties.\"russia.capability_2025\"]\nlow = 0.4\nhigh = 0.8\n",
        )
        .unwrap();
        let s = Scenario::from_layers(&[a.clone(), b.clone()]).unwrap();
        let spec = ExplorationSpec::from_layers(&[a.clone(), b], &s).unwrap();
        let paths: Vec<&str> = spec.uncertainties.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(paths, ["russia.capability_2025"]);
        assert_eq!(spec.levers.len(), 1, "levers are inherited");
        let bad = Layer::parse("c.toml", "[uncertainties]\ninherit = \"no\"\n").unwrap();
        let e = ExplorationSpec::from_layers(&[a, bad], &s).unwrap_err();
        assert_eq!(e.0[0].path.as_deref(), Some("uncertainties.inherit"));
    }

    #[test]
    fn later_layers_override_declarations() {
        let a = Layer::parse(
            "a.toml",
            "[uncertainties.\"russia.concentration\"]\nlow = 0.1\nhigh = 0.5\n",
        )
        .unwrap();
        let b = Layer::parse(
            "b.toml",
            "[uncertainties.\"russia.concentration\"]\nlow = 0.2\nhigh = 0.4\n",
        )
        .unwrap();
        let s = Scenario::from_layers(&[a.clone(), b.clone()]).unwrap();
        let spec = ExplorationSpec::from_layers(&[a, b], &s).unwrap();
        assert_eq!(spec.uncertainties.len(), 1);
        assert_eq!(spec.uncertainties[0].declared_in, "b.toml");
        assert_eq!(
            spec.uncertainties[0].dist,
            Dist::Uniform {
                low: 0.2,
                high: 0.4
            }
        );
    }
}
