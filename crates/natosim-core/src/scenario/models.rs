//! Models as data: the identifier of a model and the ordered set of models
//! a scenario defines.
//!
//! The four study models live in `defaults.toml` under `[models.<id>]`; a
//! scenario may add any number more. A new model may take the fields it does
//! not set from another with `like = "<id>"` (resolved while the layers are
//! laid over each other, see [`super::layers`]). The order in which models are
//! declared — defaults first, then each layer's new models in file order — is
//! the order of every output.

use super::diagnostic::{Diagnostic, DiagnosticKind};
use super::sections::Institution;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// Identifies a model: a kebab-case name such as `status-quo`.
///
/// Cheap to clone (a shared string). Valid identifiers are non-empty runs of
/// lowercase ASCII letters and digits separated by single hyphens, which keeps
/// them usable as file names, CSV cells and command-line words.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModelId(Arc<str>);

impl Serialize for ModelId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl ModelId {
    /// The four models of the study, in their order in `defaults.toml`.
    pub const STUDY: [&'static str; 4] = [
        "status-quo",
        "transatlantic-minus",
        "european-defence-union",
        "toolkit",
    ];

    /// Checks and wraps an identifier.
    pub fn new(id: &str) -> Result<ModelId, Diagnostic> {
        if Self::is_valid(id) {
            Ok(ModelId(Arc::from(id)))
        } else {
            Err(Diagnostic::new(
                DiagnosticKind::InvalidValue,
                format!(
                    "`{id}` is not a valid model id: use lowercase letters and digits separated by single hyphens (e.g. `coalitions-qmv`)"
                ),
            ))
        }
    }

    /// Whether `id` is a valid identifier (kebab-case).
    pub fn is_valid(id: &str) -> bool {
        !id.is_empty()
            && id.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    }

    /// Today's NATO (a study model, always defined by the defaults).
    pub fn status_quo() -> ModelId {
        ModelId(Arc::from(Self::STUDY[0]))
    }

    /// Transatlantic NATO minus (a study model).
    pub fn transatlantic_minus() -> ModelId {
        ModelId(Arc::from(Self::STUDY[1]))
    }

    /// European Defence Union (a study model).
    pub fn european_defence_union() -> ModelId {
        ModelId(Arc::from(Self::STUDY[2]))
    }

    /// NATO as a toolkit (a study model).
    pub fn toolkit() -> ModelId {
        ModelId(Arc::from(Self::STUDY[3]))
    }

    /// The four study models, in default order.
    pub fn study() -> Vec<ModelId> {
        Self::STUDY.iter().map(|s| ModelId(Arc::from(*s))).collect()
    }

    /// The identifier used in files and on the command line.
    pub fn id(&self) -> &str {
        &self.0
    }

    /// The identifier as a string slice (same as [`ModelId::id`]).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ModelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ModelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ModelId({:?})", &*self.0)
    }
}

impl AsRef<str> for ModelId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for ModelId {
    type Err = Diagnostic;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ModelId::new(s)
    }
}

impl<'de> Deserialize<'de> for ModelId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        ModelId::new(&s).map_err(|e| serde::de::Error::custom(e.message))
    }
}

/// One model: its identifier and its institutional parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Identifier.
    pub id: ModelId,
    /// The institutional parameters — the only things that differ between models.
    pub institution: Institution,
}

/// The models of a scenario, in declaration order.
///
/// Serialised as a TOML/JSON table keyed by id, in this order. Deserialising
/// a table (whose keys carry no order) puts the study models first in their
/// default order and any others after them by id; [`super::Scenario::from_layers`]
/// then restores the declaration order of the files.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Models(Vec<Model>);

impl Models {
    /// The models in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Model> {
        self.0.iter()
    }

    /// Number of models.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The identifiers in order.
    pub fn ids(&self) -> Vec<ModelId> {
        self.0.iter().map(|m| m.id.clone()).collect()
    }

    /// A model's institution.
    pub fn get(&self, id: &ModelId) -> Option<&Institution> {
        self.0.iter().find(|m| &m.id == id).map(|m| &m.institution)
    }

    /// A model's institution, mutably.
    pub fn get_mut(&mut self, id: &ModelId) -> Option<&mut Institution> {
        self.0
            .iter_mut()
            .find(|m| &m.id == id)
            .map(|m| &mut m.institution)
    }

    /// The position of a model in the order.
    pub fn position(&self, id: &ModelId) -> Option<usize> {
        self.0.iter().position(|m| &m.id == id)
    }

    /// Adds a model at the end, or replaces the one with the same id in place.
    pub fn insert(&mut self, id: ModelId, institution: Institution) {
        match self.get_mut(&id) {
            Some(slot) => *slot = institution,
            None => self.0.push(Model { id, institution }),
        }
    }

    /// Reorders the models by `order` (ids not in it keep their relative
    /// order after those that are).
    pub fn reorder(&mut self, order: &[String]) {
        let rank = |m: &Model| {
            order
                .iter()
                .position(|o| o == m.id.id())
                .unwrap_or(usize::MAX)
        };
        self.0.sort_by_key(rank);
    }
}

impl Serialize for Models {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for m in &self.0 {
            map.serialize_entry(m.id.id(), &m.institution)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Models {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Models;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of models keyed by kebab-case id")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Models, A::Error> {
                let mut models = Models::default();
                while let Some(id) = a.next_key::<ModelId>()? {
                    let inst: Institution = a.next_value()?;
                    if models.get(&id).is_some() {
                        return Err(serde::de::Error::custom(format!(
                            "model `{id}` defined twice"
                        )));
                    }
                    models.0.push(Model {
                        id,
                        institution: inst,
                    });
                }
                // Table keys carry no order: study models first, then by id.
                models.0.sort_by(|a, b| {
                    let r = |m: &Model| ModelId::STUDY.iter().position(|s| *s == m.id.id());
                    match (r(a), r(b)) {
                        (Some(x), Some(y)) => x.cmp(&y),
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (None, None) => a.id.cmp(&b.id),
                    }
                });
                Ok(models)
            }
        }
        d.deserialize_map(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_must_be_kebab_case() {
        for ok in ["toolkit", "status-quo", "coalitions-qmv", "m2"] {
            assert!(ModelId::new(ok).is_ok(), "{ok}");
        }
        for bad in ["", "Toolkit", "status_quo", "-a", "a-", "a--b", "a b", "ä"] {
            let e = ModelId::new(bad).unwrap_err();
            assert_eq!(e.kind, DiagnosticKind::InvalidValue, "{bad}");
        }
    }

    #[test]
    fn ids_serialise_as_plain_strings() {
        let id = ModelId::toolkit();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"toolkit\"");
        let back: ModelId = serde_json::from_str("\"toolkit\"").unwrap();
        assert_eq!(back, id);
        assert!(serde_json::from_str::<ModelId>("\"Tool Kit\"").is_err());
    }
}
