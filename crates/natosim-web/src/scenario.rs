//! Scenarios as the workbench receives them: a shipped name or TOML text,
//! optional parameter overrides, loaded through the core's
//! `MemorySource` (never the file system), and the schema of every
//! parameter for the Assumptions form.
//!
//! Overrides are applied to the TOML *text* with `toml_edit` (comments and
//! layout kept), then the text is loaded like any file: so an edited
//! scenario is validated by exactly the code the CLI runs and its errors
//! read the same, the download is that text, and a job stores the TOML it
//! really ran.

use crate::api::{ApiError, diagnostics_json};
use crate::limits;
use natosim_core::Scenario;
use natosim_core::explore::ExplorationSpec;
use natosim_core::params::{ParamKind, ParamRef, ParamValue, REGISTRY};
use natosim_core::scenario::{Loaded, MemorySource, ShippedSource, load};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A scenario in a request: `{ "name": "baseline" }` (shipped) or
/// `{ "toml": "…", "name"?: "my-scenario" }`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioInput {
    /// A shipped scenario's name; with `toml`, the name the text goes by.
    pub name: Option<String>,
    /// Scenario text (TOML), e.g. an edited or uploaded file.
    pub toml: Option<String>,
}

/// A scenario loaded from a request.
pub struct Resolved {
    /// The name in messages and the history (`baseline`, `my-scenario.toml`).
    pub label: String,
    /// The text of the top file, overrides applied.
    pub text: String,
    /// The loaded scenario and its layers.
    pub loaded: Loaded,
    /// Its declarations (uncertainties, levers, outcomes).
    pub spec: ExplorationSpec,
}

/// The label a text goes by: the given name as a plain file name (no
/// directories), ending in `.toml` so that it never shadows a shipped
/// scenario its `extends` names.
fn text_label(name: Option<&str>) -> String {
    let base = name
        .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).trim())
        .filter(|n| !n.is_empty() && n.len() <= 100)
        .unwrap_or("scenario");
    if base.ends_with(".toml") {
        base.to_string()
    } else {
        format!("{base}.toml")
    }
}

/// Checks the size of a scenario text.
pub fn check_size(text: &str) -> Result<(), ApiError> {
    if text.len() > limits::MAX_SCENARIO_BYTES {
        return Err(ApiError::too_large(format!(
            "the scenario is {} bytes; the workbench accepts at most {} bytes",
            text.len(),
            limits::MAX_SCENARIO_BYTES
        )));
    }
    Ok(())
}

/// The (label, text) of a request's scenario, before loading.
pub fn source_text(input: &ScenarioInput) -> Result<(String, String), ApiError> {
    match (&input.name, &input.toml) {
        (_, Some(text)) => {
            check_size(text)?;
            Ok((text_label(input.name.as_deref()), text.clone()))
        }
        (Some(name), None) => match ShippedSource::get(name) {
            Some(src) => Ok((name.clone(), src.text)),
            None => {
                let names: Vec<String> = natosim_core::shipped::SHIPPED
                    .iter()
                    .map(|(n, _)| n.to_string())
                    .collect();
                let d = natosim_core::scenario::source::not_found(
                    name,
                    "no shipped scenario of that name",
                    &names,
                );
                Err(ApiError::bad_input(format!("field `scenario.name`: {d}"))
                    .with_diagnostics(std::slice::from_ref(&d)))
            }
        },
        (None, None) => Err(ApiError::bad_input(
            "field `scenario`: give `name` (a shipped scenario) or `toml` (scenario text)",
        )),
    }
}

/// Loads `text` as `label`; `Err` carries the diagnostics the CLI would print.
pub fn load_text(label: &str, text: &str) -> Result<(Loaded, ExplorationSpec), ApiError> {
    // A shipped scenario, unchanged, loads as the CLI loads it (its messages
    // and `declared_in` say "baseline (shipped)").
    let loaded = if ShippedSource::get(label).is_some_and(|s| s.text == text) {
        load(label, &ShippedSource)
    } else {
        load(label, &MemorySource::new().with(label, text))
    }
    .map_err(|d| ApiError::scenario(&d))?;
    let spec = loaded.exploration().map_err(|d| ApiError::scenario(&d))?;
    Ok((loaded, spec))
}

/// Loads a request's scenario and applies `overrides` (path → value).
pub fn resolve(
    input: &ScenarioInput,
    overrides: &BTreeMap<String, Value>,
) -> Result<Resolved, ApiError> {
    if overrides.len() > limits::MAX_OVERRIDES {
        return Err(ApiError::bad_input(format!(
            "field `overrides`: {} overrides; at most {} are accepted",
            overrides.len(),
            limits::MAX_OVERRIDES
        )));
    }
    let (label, mut text) = source_text(input)?;
    let (mut loaded, mut spec) = load_text(&label, &text)?;
    if !overrides.is_empty() {
        for (path, value) in overrides {
            text = set_in_text(&text, path, value, &loaded.scenario)
                .map_err(|e| e.prefixed(&format!("field `overrides.{path}`: ")))?;
        }
        check_size(&text)?;
        (loaded, spec) = load_text(&label, &text)?;
        // A parameter the user fixed is no longer uncertain: its draws would
        // silently replace the value the user chose.
        spec.uncertainties
            .retain(|u| !overrides.contains_key(&u.path));
    }
    Ok(Resolved {
        label,
        text,
        loaded,
        spec,
    })
}

/// Steps of a parameter path: keys and array indices.
enum Step {
    Key(String),
    Index(usize),
}

fn steps(path: &str) -> Vec<Step> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.find('[').map_or((part, ""), |i| part.split_at(i));
        out.push(Step::Key(key.to_string()));
        for ix in rest.split('[').filter(|s| !s.is_empty()) {
            if let Ok(i) = ix.trim_end_matches(']').parse() {
                out.push(Step::Index(i));
            }
        }
    }
    out
}

/// The TOML value for `value` given to a parameter of `kind`. Numbers typed
/// into a form arrive as strings and are read as numbers; anything that is
/// not of the parameter's type is written as it is, so that loading reports
/// the type error in the CLI's words.
fn toml_value(kind: ParamKind, value: &Value) -> Result<toml_edit::Value, ApiError> {
    let number = match value {
        Value::Number(n) => Some(n.clone()),
        Value::String(s) if kind.is_numeric() => s.trim().parse::<serde_json::Number>().ok(),
        _ => None,
    };
    Ok(match (kind, number, value) {
        (ParamKind::Integer, Some(n), _) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.into(),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => (f as i64).into(),
            (None, Some(f)) => f.into(),
            _ => return Err(ApiError::bad_input("not a number TOML can hold")),
        },
        (ParamKind::Real, Some(n), _) => match n.as_f64() {
            Some(f) if f.is_finite() => f.into(),
            _ => return Err(ApiError::bad_input("not a finite number")),
        },
        (ParamKind::Bool, _, Value::String(s)) if s == "true" || s == "false" => {
            (s == "true").into()
        }
        (_, _, Value::Bool(b)) => (*b).into(),
        (_, _, Value::String(s)) => s.as_str().into(),
        (_, _, Value::Number(n)) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.into(),
            (_, Some(f)) => f.into(),
            _ => return Err(ApiError::bad_input("not a number TOML can hold")),
        },
        _ => {
            return Err(ApiError::bad_input(
                "a parameter value is a number, a boolean or a string",
            ));
        }
    })
}

/// The value at `path` in the resolved scenario as inline TOML (to copy an
/// array the file does not set before changing one element of it).
fn resolved_array(scenario: &Scenario, keys: &[&str]) -> Option<toml_edit::Value> {
    let mut v = toml::Value::try_from(scenario).ok()?;
    for k in keys {
        v = v.get(k)?.clone();
    }
    let array = v.as_array()?.clone();
    toml::Value::Array(array).to_string().parse().ok()
}

/// Sets parameter `path` to `value` in the TOML `text`, keeping its comments
/// and layout. Tables and arrays the file does not have yet are added (an
/// array is first copied whole from the resolved `scenario`).
pub fn set_in_text(
    text: &str,
    path: &str,
    value: &Value,
    scenario: &Scenario,
) -> Result<String, ApiError> {
    let param =
        ParamRef::resolve(scenario, path).map_err(|e| ApiError::bad_input(e.to_string()))?;
    let new = toml_value(param.kind(), value)?;
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        ApiError::bad_input(format!(
            "the scenario text is not valid TOML, fix it before editing a field: {}",
            e.message()
        ))
    })?;
    let steps = steps(path);
    let mut item: &mut toml_edit::Item = doc.as_item_mut();
    let mut keys: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < steps.len() {
        match &steps[i] {
            Step::Key(k) => {
                keys.push(k);
                let last = i + 1 == steps.len();
                let next_is_index = matches!(steps.get(i + 1), Some(Step::Index(_)));
                let table = item.as_table_like_mut().ok_or_else(|| {
                    ApiError::bad_input(format!(
                        "`{}` is not a table in the scenario text",
                        keys[..keys.len() - 1].join(".")
                    ))
                })?;
                if last {
                    let mut v = new.clone();
                    // Keep the comment written after the old value.
                    if let Some(old) = table.get(k).and_then(|x| x.as_value()) {
                        *v.decor_mut() = old.decor().clone();
                    }
                    table.insert(k, toml_edit::Item::Value(v));
                    return Ok(doc.to_string());
                }
                if table.get(k).is_none() {
                    let fresh = if next_is_index {
                        let a = resolved_array(scenario, &keys).ok_or_else(|| {
                            ApiError::bad_input(format!("`{}` is not an array", keys.join(".")))
                        })?;
                        toml_edit::Item::Value(a)
                    } else {
                        let mut t = toml_edit::Table::new();
                        t.set_implicit(true);
                        toml_edit::Item::Table(t)
                    };
                    table.insert(k, fresh);
                }
                item = table
                    .get_mut(k)
                    .ok_or_else(|| ApiError::internal("lost a key"))?;
            }
            Step::Index(ix) => {
                let ix = *ix;
                match item {
                    toml_edit::Item::ArrayOfTables(a) => {
                        let t = a.get_mut(ix).ok_or_else(|| out_of(path, ix))?;
                        // An array of tables holds tables: step into one.
                        return set_rest(t, &steps[i + 1..], new, path).map(|()| doc.to_string());
                    }
                    toml_edit::Item::Value(toml_edit::Value::Array(a)) => {
                        let len = a.len();
                        let el = a.get_mut(ix).ok_or_else(|| out_of(path, len))?;
                        match el {
                            toml_edit::Value::InlineTable(t) => {
                                set_inline(t, &steps[i + 1..], new, path)?;
                                return Ok(doc.to_string());
                            }
                            _ => {
                                return Err(ApiError::bad_input(format!(
                                    "`{path}`: not a table element"
                                )));
                            }
                        }
                    }
                    _ => {
                        return Err(ApiError::bad_input(format!(
                            "`{path}`: not an array in the text"
                        )));
                    }
                }
            }
        }
        i += 1;
    }
    Err(ApiError::bad_input(format!("`{path}`: not a parameter")))
}

fn out_of(path: &str, n: usize) -> ApiError {
    ApiError::bad_input(format!("`{path}`: the array has no element {n}"))
}

fn last_key(rest: &[Step], path: &str) -> Result<String, ApiError> {
    match rest {
        [Step::Key(k)] => Ok(k.clone()),
        _ => Err(ApiError::bad_input(format!(
            "`{path}`: only one field below an array element can be set"
        ))),
    }
}

fn set_rest(
    t: &mut toml_edit::Table,
    rest: &[Step],
    new: toml_edit::Value,
    path: &str,
) -> Result<(), ApiError> {
    let k = last_key(rest, path)?;
    t.insert(&k, toml_edit::Item::Value(new));
    Ok(())
}

fn set_inline(
    t: &mut toml_edit::InlineTable,
    rest: &[Step],
    mut new: toml_edit::Value,
    path: &str,
) -> Result<(), ApiError> {
    let k = last_key(rest, path)?;
    if let Some(old) = t.get(&k) {
        *new.decor_mut() = old.decor().clone();
    }
    t.insert(&k, new);
    Ok(())
}

/// A model as the schema lists it.
#[derive(Debug, Serialize)]
pub struct ModelEntry {
    /// Id.
    pub id: String,
    /// English label.
    pub label: String,
    /// German label (the study's term), if the scenario gives one.
    pub label_de: Option<String>,
}

/// One concrete parameter.
#[derive(Debug, Serialize)]
pub struct ParameterEntry {
    /// Concrete path (`models.toolkit.decision_rule`, `spending.targets[2].core`).
    pub path: String,
    /// The registry's pattern (`models.*.decision_rule`).
    pub pattern: &'static str,
    /// The first path step (`russia`, `models`, …).
    pub section: String,
    /// `real`, `integer`, `bool` or `text`.
    pub kind: ParamKind,
    /// The value in this scenario.
    pub value: Option<ParamValue>,
    /// The value in the embedded defaults (none for a model they lack).
    pub default: Option<ParamValue>,
    /// Unit.
    pub unit: &'static str,
    /// Lowest allowed value.
    pub lo: Option<f64>,
    /// Highest allowed value.
    pub hi: Option<f64>,
    /// Its source: the comment above (or beside) the key in the defaults —
    /// a seed passage, a data source or a NAMED ASSUMPTION.
    pub doc: String,
    /// `key` if `doc` is the key's own comment, `table` if the defaults
    /// document only its table (then the section's source stands for it).
    pub doc_scope: &'static str,
}

/// A declared uncertainty.
#[derive(Debug, Serialize)]
pub struct UncertaintyEntry {
    /// Parameter path.
    pub path: String,
    /// Its distribution.
    pub dist: natosim_core::explore::Dist,
    /// Its Sobol' group.
    pub group: Option<String>,
}

/// A declared lever.
#[derive(Debug, Serialize)]
pub struct LeverEntry {
    /// Parameter path.
    pub path: String,
    /// The levels to try.
    pub levels: Vec<ParamValue>,
}

/// `POST /api/schema`.
#[derive(Debug, Serialize)]
pub struct Schema {
    /// The scenario's name.
    pub name: String,
    /// The models, in order.
    pub models: Vec<ModelEntry>,
    /// Every parameter, one entry per concrete path, in registry order.
    pub parameters: Vec<ParameterEntry>,
    /// Declared levers.
    pub levers: Vec<LeverEntry>,
    /// Declared uncertainties.
    pub uncertainties: Vec<UncertaintyEntry>,
}

/// Every concrete path of `pattern` on `scenario`: `*` for each model,
/// `[]` for each element.
pub fn concrete_paths(scenario: &Scenario, pattern: &str) -> Vec<String> {
    let models: Vec<String> = if pattern.contains('*') {
        scenario
            .model_ids()
            .iter()
            .map(|m| pattern.replacen('*', m.id(), 1))
            .collect()
    } else {
        vec![pattern.to_string()]
    };
    let mut out = Vec::new();
    for p in models {
        if p.contains("[]") {
            // Resolve checks the index against the array's length.
            for i in 0..1000 {
                let c = p.replacen("[]", &format!("[{i}]"), 1);
                if ParamRef::resolve(scenario, &c).is_err() {
                    break;
                }
                out.push(c);
            }
        } else {
            out.push(p);
        }
    }
    out
}

/// The schema of a loaded scenario.
pub fn schema(loaded: &Loaded, spec: &ExplorationSpec) -> Schema {
    let s = &loaded.scenario;
    let defaults = Scenario::defaults();
    let mut parameters = Vec::new();
    for info in REGISTRY.iter() {
        for path in concrete_paths(s, info.pattern) {
            let Ok(r) = ParamRef::resolve(s, &path) else {
                continue;
            };
            let default = ParamRef::resolve(&defaults, &path)
                .ok()
                .and_then(|d| d.get(&defaults));
            let (doc, scope) = natosim_core::scenario::docs::doc_scoped(&path)
                .unwrap_or(("", natosim_core::scenario::docs::DocScope::Table));
            parameters.push(ParameterEntry {
                section: path.split(['.', '[']).next().unwrap_or("").to_string(),
                pattern: info.pattern,
                kind: info.kind,
                value: r.get(s),
                default,
                unit: info.unit,
                lo: info.range.map(|r| r.0),
                hi: info.range.map(|r| r.1),
                doc: doc.to_string(),
                doc_scope: match scope {
                    natosim_core::scenario::docs::DocScope::Key => "key",
                    natosim_core::scenario::docs::DocScope::Table => "table",
                },
                path,
            });
        }
    }
    Schema {
        name: s.scenario.name.clone(),
        models: s
            .models
            .iter()
            .map(|m| ModelEntry {
                id: m.id.id().to_string(),
                label: m.institution.label.clone(),
                label_de: m.institution.label_de.clone(),
            })
            .collect(),
        parameters,
        levers: spec
            .levers
            .iter()
            .map(|l| LeverEntry {
                path: l.path.clone(),
                levels: l.levels.clone(),
            })
            .collect(),
        uncertainties: spec
            .uncertainties
            .iter()
            .map(|u| UncertaintyEntry {
                path: u.path.clone(),
                dist: u.dist.clone(),
                group: u.group.clone(),
            })
            .collect(),
    }
}

/// The diagnostics of loading `text` as `label` (empty: valid).
pub fn validate(label: &str, text: &str) -> Vec<Value> {
    match load_text(label, text) {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics.unwrap_or_else(|| {
            diagnostics_json(&[natosim_core::scenario::Diagnostic::new(
                natosim_core::scenario::DiagnosticKind::InvalidValue,
                e.message,
            )])
        }),
    }
}
