//! Layers: one parsed scenario file each, laid over the defaults in turn.
//!
//! A layer may only set fields that already exist below it, so a typo is an
//! error (with a "did you mean"), not a silently ignored key. The one place
//! where a layer may add keys is `[models]`: a new `[models.<id>]` declares a
//! model, complete in itself or taking its unset fields from an existing one
//! with `like = "<id>"`. `like` is resolved where the model is declared, so
//! the layers above see a complete model and may change any of its fields.

use super::diagnostic::{Diagnostic, DiagnosticKind, Location};
use super::models::ModelId;
use std::collections::BTreeMap;
use std::sync::Arc;

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
    /// The file's text, kept to locate fields (line and column) in messages.
    pub text: Arc<str>,
    /// The ids under `[models]`, in the order the file writes them (a TOML
    /// table has no order of its own).
    pub model_order: Vec<String>,
}

impl Layer {
    /// Parses one file's text. Syntax errors carry the line and column.
    pub fn parse(name: &str, text: &str) -> Result<Layer, Diagnostic> {
        let mut table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            Diagnostic::new(
                DiagnosticKind::Syntax,
                format!("TOML syntax error: {}", e.message().trim_end()),
            )
            .in_file(name)
            .at(e.span().map(|s| Location::of_offset(text, s.start)))
        })?;
        let extends = match table.remove("extends") {
            None => None,
            Some(toml::Value::String(s)) => Some(s),
            Some(other) => {
                return Err(Diagnostic::new(
                    DiagnosticKind::WrongType,
                    format!(
                        "expected a string (a shipped scenario's name or a path), found {}",
                        other.type_str()
                    ),
                )
                .in_file(name)
                .at_path("extends")
                .at(locate(text, "extends")));
            }
        };
        let exploration = crate::explore::take_declarations(&mut table);
        Ok(Layer {
            name: name.to_string(),
            table,
            extends,
            exploration,
            text: Arc::from(text),
            model_order: model_order(text),
        })
    }

    /// Where `path` (`a.b[2].c`) is written in this layer's text, if it is.
    pub fn locate(&self, path: &str) -> Option<Location> {
        locate(&self.text, path)
    }
}

/// The keys of `[models]` in file order.
fn model_order(text: &str) -> Vec<String> {
    let Ok(doc) = toml_edit::ImDocument::parse(text) else {
        return Vec::new();
    };
    match doc.as_table().get("models") {
        Some(toml_edit::Item::Table(t)) => t.iter().map(|(k, _)| k.to_string()).collect(),
        Some(toml_edit::Item::Value(toml_edit::Value::InlineTable(t))) => {
            t.iter().map(|(k, _)| k.to_string()).collect()
        }
        _ => Vec::new(),
    }
}

/// Splits `a.b[2].c` into `[("a", []), ("b", [2]), ("c", [])]`.
fn segments(path: &str) -> Vec<(&str, Vec<usize>)> {
    path.split('.')
        .map(|seg| {
            let mut parts = seg.split('[');
            let key = parts.next().unwrap_or("");
            let idx = parts
                .filter_map(|p| p.trim_end_matches(']').parse().ok())
                .collect();
            (key, idx)
        })
        .collect()
}

/// Where the field at `path` is written in `text`: the span of its key (or
/// of the array element), or of the deepest part of the path that is there.
pub(crate) fn locate(text: &str, path: &str) -> Option<Location> {
    use toml_edit::{Item, Value};
    let doc = toml_edit::ImDocument::parse(text).ok()?;
    let mut item: &Item = doc.as_item();
    let mut value: Option<&Value> = None;
    let mut best: Option<usize> = None;
    for (key, indices) in segments(path) {
        // Step into a key of a table or an inline table.
        let (k, next_item, next_value): (&toml_edit::Key, Option<&Item>, Option<&Value>) =
            match (value, item) {
                (Some(Value::InlineTable(t)), _) => match t.get_key_value(key) {
                    Some((k, Item::Value(v))) => (k, None, Some(v)),
                    _ => break,
                },
                (None, Item::Table(t)) => match t.get_key_value(key) {
                    Some((k, Item::Value(v))) => (k, None, Some(v)),
                    Some((k, i)) => (k, Some(i), None),
                    None => break,
                },
                _ => break,
            };
        best = k.span().map(|s| s.start).or(best);
        if let Some(i) = next_item {
            item = i;
            value = None;
        } else {
            value = next_value;
        }
        for ix in indices {
            match (value, item) {
                (Some(Value::Array(a)), _) => match a.get(ix) {
                    Some(v) => {
                        best = v.span().map(|s| s.start).or(best);
                        value = Some(v);
                    }
                    None => return best.map(|b| Location::of_offset(text, b)),
                },
                (None, Item::ArrayOfTables(a)) => match a.get(ix) {
                    Some(t) => {
                        best = t.span().map(|s| s.start).or(best);
                        return best.map(|b| Location::of_offset(text, b));
                    }
                    None => return best.map(|b| Location::of_offset(text, b)),
                },
                _ => return best.map(|b| Location::of_offset(text, b)),
            }
        }
    }
    best.map(|b| Location::of_offset(text, b))
}

/// The layer that last set `path` or the value containing it (a whole array
/// is set at once, so `a.b[2].c` is blamed on whoever set `a.b`).
pub(crate) fn blame(origin: &BTreeMap<String, String>, path: &str) -> Option<String> {
    origin
        .iter()
        .find(|(p, _)| {
            path == p.as_str()
                || path.starts_with(&format!("{p}."))
                || path.starts_with(&format!("{p}["))
        })
        .map(|(_, f)| f.clone())
}

/// The state of laying layers over each other: who set what, and which
/// models were declared in which order.
#[derive(Default)]
pub(crate) struct Merger {
    /// Field path → the layer that last set it.
    pub(crate) origin: BTreeMap<String, String>,
    /// Model ids in declaration order.
    pub(crate) declared: Vec<String>,
}

impl Merger {
    /// Lays one layer onto `base`.
    pub(crate) fn layer(
        &mut self,
        base: &mut toml::Table,
        layer: &Layer,
    ) -> Result<(), Diagnostic> {
        self.merge(base, layer.table.clone(), "", layer)
    }

    /// Lays `over` onto `base`, refusing fields the base does not have.
    fn merge(
        &mut self,
        base: &mut toml::Table,
        over: toml::Table,
        prefix: &str,
        layer: &Layer,
    ) -> Result<(), Diagnostic> {
        let file = layer.name.as_str();
        for (key, value) in over {
            let path = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            match base.get_mut(&key) {
                None => {
                    let allowed: Vec<&str> = base.keys().map(String::as_str).collect();
                    return Err(
                        Diagnostic::new(DiagnosticKind::UnknownField, "unknown field")
                            .in_file(file)
                            .at_path(path)
                            .suggesting(&key, &allowed),
                    );
                }
                Some(toml::Value::Table(b)) => match value {
                    toml::Value::Table(o) if path == "models" => self.models(b, o, layer)?,
                    toml::Value::Table(o) => self.merge(b, o, &path, layer)?,
                    other => {
                        return Err(Diagnostic::new(
                            DiagnosticKind::WrongType,
                            format!("expected a table, found {}", other.type_str()),
                        )
                        .in_file(file)
                        .at_path(path));
                    }
                },
                Some(slot) => {
                    self.origin.insert(path, file.to_string());
                    *slot = value;
                }
            }
        }
        Ok(())
    }

    /// Lays a layer's `[models]` onto the models so far: known ids merge
    /// field by field; new ids declare a model (resolving `like`).
    fn models(
        &mut self,
        base: &mut toml::Table,
        mut over: toml::Table,
        layer: &Layer,
    ) -> Result<(), Diagnostic> {
        let file = layer.name.as_str();
        // File order first; anything else (a layer built in code) by key.
        let mut order: Vec<String> = layer
            .model_order
            .iter()
            .filter(|k| over.contains_key(*k))
            .cloned()
            .collect();
        let rest: Vec<String> = over
            .keys()
            .filter(|k| !order.contains(k))
            .cloned()
            .collect();
        order.extend(rest);
        for id in order {
            let Some(value) = over.remove(&id) else {
                // Already declared as the target of another new model's `like`.
                continue;
            };
            let path = format!("models.{id}");
            let toml::Value::Table(table) = value else {
                return Err(Diagnostic::new(
                    DiagnosticKind::WrongType,
                    format!("expected a table, found {}", value.type_str()),
                )
                .in_file(file)
                .at_path(path));
            };
            if let Some(toml::Value::Table(b)) = base.get_mut(&id) {
                if table.contains_key("like") {
                    return Err(Diagnostic::new(
                        DiagnosticKind::InvalidValue,
                        format!(
                            "`like` applies only where a model is first declared; `{id}` is already defined, so set its fields directly"
                        ),
                    )
                    .in_file(file)
                    .at_path(format!("{path}.like")));
                }
                self.merge(b, table, &path, layer)?;
            } else {
                self.declare(base, &mut over, id, table, layer, &mut Vec::new())?;
            }
        }
        Ok(())
    }

    /// Declares the new model `id` with the fields `table`, resolving `like`
    /// (which may name a model declared earlier or another new model of the
    /// same layer, still in `pending`); `chain` holds the ids being resolved,
    /// to catch cycles.
    fn declare(
        &mut self,
        base: &mut toml::Table,
        pending: &mut toml::Table,
        id: String,
        mut table: toml::Table,
        layer: &Layer,
        chain: &mut Vec<String>,
    ) -> Result<(), Diagnostic> {
        let file = layer.name.as_str();
        let path = format!("models.{id}");
        ModelId::new(&id).map_err(|e| e.in_file(file).at_path(path.clone()))?;
        // Every model has the fields of the study models, so any one of them
        // lists what a model may set.
        let fields: Vec<String> = base
            .values()
            .find_map(|v| v.as_table())
            .map(|t| t.keys().cloned().chain(["label_de".to_string()]).collect())
            .unwrap_or_default();
        for key in table.keys() {
            if key != "like" && !fields.contains(key) {
                let mut allowed = fields.clone();
                allowed.push("like".into());
                allowed.sort();
                allowed.dedup();
                return Err(
                    Diagnostic::new(DiagnosticKind::UnknownField, "unknown field")
                        .in_file(file)
                        .at_path(format!("{path}.{key}"))
                        .suggesting(key, &allowed),
                );
            }
        }
        // Declaration order is file order, even when `like` makes a later
        // model of the same file resolve first.
        if !self.declared.contains(&id) {
            self.declared.push(id.clone());
        }
        chain.push(id.clone());
        let resolved = match table.remove("like") {
            None => table,
            Some(toml::Value::String(like)) => {
                if chain.contains(&like) {
                    let mut cycle = chain.clone();
                    cycle.push(like);
                    return Err(Diagnostic::new(
                        DiagnosticKind::Cycle,
                        format!("`like` forms a cycle ({})", cycle.join(" → ")),
                    )
                    .in_file(file)
                    .at_path(format!("{path}.like")));
                }
                if !base.contains_key(&like) {
                    match pending.remove(&like) {
                        Some(toml::Value::Table(t)) => {
                            self.declare(base, pending, like.clone(), t, layer, chain)?;
                        }
                        _ => {
                            let known: Vec<&str> = base
                                .keys()
                                .map(String::as_str)
                                .chain(pending.keys().map(String::as_str))
                                .collect();
                            return Err(Diagnostic::new(
                                DiagnosticKind::NotFound,
                                format!("`like = \"{like}\"`: no model of that id"),
                            )
                            .in_file(file)
                            .at_path(format!("{path}.like"))
                            .suggesting(&like, &known));
                        }
                    }
                }
                let mut model = match base.get(&like) {
                    Some(toml::Value::Table(t)) => t.clone(),
                    _ => toml::Table::new(),
                };
                // A label names one model: a new model is not called by its
                // template's name.
                model.remove("label");
                model.remove("label_de");
                model.insert("label".into(), toml::Value::String(id.clone()));
                for (k, v) in table {
                    model.insert(k, v);
                }
                model
            }
            Some(other) => {
                return Err(Diagnostic::new(
                    DiagnosticKind::WrongType,
                    format!("expected a model id, found {}", other.type_str()),
                )
                .in_file(file)
                .at_path(format!("{path}.like")));
            }
        };
        chain.pop();
        self.origin.insert(path, file.to_string());
        base.insert(id, toml::Value::Table(resolved));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_keys_headers_and_array_elements() {
        let text = "# c\n[russia]\nconcentration = 0.5\n\n[models.toolkit]\nus_troops = [{ at = \"2025-01\", value = 1 }, { at = \"2026-01\", value = 2 }]\n";
        let at = |p| locate(text, p).map(|l| (l.line, l.column));
        assert_eq!(at("russia.concentration"), Some((3, 1)));
        assert_eq!(at("russia"), Some((2, 2)));
        assert_eq!(at("models.toolkit.us_troops"), Some((6, 1)));
        assert_eq!(at("models.toolkit.us_troops[1].at"), Some((6, 47)));
        // A field the file does not write: the deepest part that it does.
        assert_eq!(at("russia.probe_gain"), Some((2, 2)));
        assert_eq!(at("nothing.here"), None);
    }

    #[test]
    fn model_order_follows_the_file() {
        let l = Layer::parse(
            "t",
            "[models.zeta]\nlike = \"toolkit\"\n[models.alpha]\nlike = \"zeta\"\n",
        )
        .unwrap();
        assert_eq!(l.model_order, ["zeta", "alpha"]);
    }
}
