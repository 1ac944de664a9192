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

/// A factor of the difference between two models: the fields of a model
/// fall into three groups, so that the gap between two models can be split
/// into what the US posture, US leadership and the institutions contribute
/// (`natosim decompose`, docs/ANALYSIS.md "Decomposing a difference").
///
/// Leadership is a factor of its own because the study treats it as both:
/// the US chooses to lead or not (posture), and a hegemon, a European
/// SACEUR or coalitions without a leader are institutional arrangements.
/// Keeping it apart lets a reader put it on either side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Factor {
    /// What the US deploys and guarantees: exit, troops, enablers, the
    /// nuclear guarantee.
    UsPosture,
    /// The leadership the US claims (`hegemonic_leadership`).
    Leadership,
    /// How the allies decide and integrate: the decision rule, majority
    /// thresholds, delegated competences, procurement integration,
    /// sovereignty cost — and any model field not classified otherwise.
    Institutions,
}

impl Factor {
    /// The factors, in output order.
    pub const ALL: [Factor; 3] = [Factor::UsPosture, Factor::Leadership, Factor::Institutions];

    /// The name used in files, tables and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Factor::UsPosture => "us-posture",
            Factor::Leadership => "leadership",
            Factor::Institutions => "institutions",
        }
    }

    /// The model fields of this factor.
    pub fn fields(self) -> Vec<ModelField> {
        ModelField::ALL
            .into_iter()
            .filter(|f| f.factor() == Some(self))
            .collect()
    }
}

impl fmt::Display for Factor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A field of a model (`[models.<id>]`), classified by [`Factor`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModelField {
    /// `label` (no factor: a name).
    Label,
    /// `label_de` (no factor: a name).
    LabelDe,
    /// `decision_rule`.
    DecisionRule,
    /// `hegemonic_leadership`.
    HegemonicLeadership,
    /// `us_exit`.
    UsExit,
    /// `us_troops`.
    UsTroops,
    /// `us_enablers`.
    UsEnablers,
    /// `us_nuclear_guarantee`.
    UsNuclearGuarantee,
    /// `procurement_integration`.
    ProcurementIntegration,
    /// `competence_delegation`.
    CompetenceDelegation,
    /// `sovereignty_cost`.
    SovereigntyCost,
    /// `qmv_states`.
    QmvStates,
    /// `qmv_weight`.
    QmvWeight,
    /// `implementation_start`.
    ImplementationStart,
    /// `implementation_years_min`.
    ImplementationYearsMin,
    /// `implementation_years_max`.
    ImplementationYearsMax,
    /// `implementation_success`.
    ImplementationSuccess,
    /// `implementation_partial`.
    ImplementationPartial,
    /// `inherited_rule`.
    InheritedRule,
    /// `bureaucratic_friction`.
    BureaucraticFriction,
    /// `european_nuclear_dimension`.
    EuropeanNuclearDimension,
    /// `common_funding_eur_bn`.
    CommonFundingEurBn,
}

impl ModelField {
    /// Every field of [`Institution`], in declaration order.
    pub const ALL: [ModelField; 22] = [
        ModelField::Label,
        ModelField::LabelDe,
        ModelField::DecisionRule,
        ModelField::HegemonicLeadership,
        ModelField::UsExit,
        ModelField::UsTroops,
        ModelField::UsEnablers,
        ModelField::UsNuclearGuarantee,
        ModelField::ProcurementIntegration,
        ModelField::CompetenceDelegation,
        ModelField::SovereigntyCost,
        ModelField::QmvStates,
        ModelField::QmvWeight,
        ModelField::ImplementationStart,
        ModelField::ImplementationYearsMin,
        ModelField::ImplementationYearsMax,
        ModelField::ImplementationSuccess,
        ModelField::ImplementationPartial,
        ModelField::InheritedRule,
        ModelField::BureaucraticFriction,
        ModelField::EuropeanNuclearDimension,
        ModelField::CommonFundingEurBn,
    ];

    /// The field's name in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            ModelField::Label => "label",
            ModelField::LabelDe => "label_de",
            ModelField::DecisionRule => "decision_rule",
            ModelField::HegemonicLeadership => "hegemonic_leadership",
            ModelField::UsExit => "us_exit",
            ModelField::UsTroops => "us_troops",
            ModelField::UsEnablers => "us_enablers",
            ModelField::UsNuclearGuarantee => "us_nuclear_guarantee",
            ModelField::ProcurementIntegration => "procurement_integration",
            ModelField::CompetenceDelegation => "competence_delegation",
            ModelField::SovereigntyCost => "sovereignty_cost",
            ModelField::QmvStates => "qmv_states",
            ModelField::QmvWeight => "qmv_weight",
            ModelField::CommonFundingEurBn => "common_funding_eur_bn",
            ModelField::ImplementationStart => "implementation_start",
            ModelField::ImplementationYearsMin => "implementation_years_min",
            ModelField::ImplementationYearsMax => "implementation_years_max",
            ModelField::ImplementationSuccess => "implementation_success",
            ModelField::ImplementationPartial => "implementation_partial",
            ModelField::InheritedRule => "inherited_rule",
            ModelField::BureaucraticFriction => "bureaucratic_friction",
            ModelField::EuropeanNuclearDimension => "european_nuclear_dimension",
        }
    }

    /// The factor the field belongs to; `None` for the names, which do not
    /// change what the engine computes.
    pub fn factor(self) -> Option<Factor> {
        match self {
            ModelField::Label | ModelField::LabelDe => None,
            ModelField::UsExit
            | ModelField::UsTroops
            | ModelField::UsEnablers
            | ModelField::UsNuclearGuarantee => Some(Factor::UsPosture),
            ModelField::HegemonicLeadership => Some(Factor::Leadership),
            ModelField::DecisionRule
            | ModelField::ProcurementIntegration
            | ModelField::CompetenceDelegation
            | ModelField::SovereigntyCost
            | ModelField::QmvStates
            | ModelField::QmvWeight
            | ModelField::ImplementationStart
            | ModelField::ImplementationYearsMin
            | ModelField::ImplementationYearsMax
            | ModelField::ImplementationSuccess
            | ModelField::ImplementationPartial
            | ModelField::InheritedRule
            | ModelField::BureaucraticFriction
            | ModelField::EuropeanNuclearDimension
            | ModelField::CommonFundingEurBn => Some(Factor::Institutions),
        }
    }

    /// Copies this field from `from` to `to`.
    pub fn copy(self, from: &Institution, to: &mut Institution) {
        match self {
            ModelField::Label => to.label.clone_from(&from.label),
            ModelField::LabelDe => to.label_de.clone_from(&from.label_de),
            ModelField::DecisionRule => to.decision_rule = from.decision_rule,
            ModelField::HegemonicLeadership => to.hegemonic_leadership = from.hegemonic_leadership,
            ModelField::UsExit => to.us_exit = from.us_exit,
            ModelField::UsTroops => to.us_troops.clone_from(&from.us_troops),
            ModelField::UsEnablers => to.us_enablers.clone_from(&from.us_enablers),
            ModelField::UsNuclearGuarantee => to.us_nuclear_guarantee = from.us_nuclear_guarantee,
            ModelField::ProcurementIntegration => {
                to.procurement_integration = from.procurement_integration
            }
            ModelField::CompetenceDelegation => {
                to.competence_delegation = from.competence_delegation
            }
            ModelField::SovereigntyCost => to.sovereignty_cost = from.sovereignty_cost,
            ModelField::QmvStates => to.qmv_states = from.qmv_states,
            ModelField::QmvWeight => to.qmv_weight = from.qmv_weight,
            ModelField::CommonFundingEurBn => to.common_funding_eur_bn = from.common_funding_eur_bn,
            ModelField::ImplementationStart => to.implementation_start = from.implementation_start,
            ModelField::ImplementationYearsMin => {
                to.implementation_years_min = from.implementation_years_min
            }
            ModelField::ImplementationYearsMax => {
                to.implementation_years_max = from.implementation_years_max
            }
            ModelField::ImplementationSuccess => {
                to.implementation_success = from.implementation_success
            }
            ModelField::ImplementationPartial => {
                to.implementation_partial = from.implementation_partial
            }
            ModelField::InheritedRule => to.inherited_rule = from.inherited_rule,
            ModelField::BureaucraticFriction => {
                to.bureaucratic_friction = from.bureaucratic_friction
            }
            ModelField::EuropeanNuclearDimension => {
                to.european_nuclear_dimension = from.european_nuclear_dimension
            }
        }
    }

    /// Whether the field differs between `a` and `b`.
    pub fn differs(self, a: &Institution, b: &Institution) -> bool {
        let mut x = a.clone();
        self.copy(b, &mut x);
        x != *a
    }
}

/// The factors in which two models differ, in [`Factor::ALL`] order. Fields
/// a later version adds to [`Institution`] without classifying them in
/// [`ModelField`] count as [`Factor::Institutions`] (see [`hybrid`]).
pub fn differing_factors(a: &Institution, b: &Institution) -> Vec<Factor> {
    Factor::ALL
        .into_iter()
        .filter(|&f| {
            let x = hybrid(a, b, &[f]);
            // Names aside: a hybrid that takes only `f` from `b` equals `a`
            // exactly when `a` and `b` agree on `f`.
            let mut y = x.clone();
            y.label.clone_from(&a.label);
            y.label_de.clone_from(&a.label_de);
            y != *a
        })
        .collect()
}

/// A hybrid model: the fields of the factors in `from_b` from `b`, all other
/// fields from `a` (names from `a`). `hybrid(a, b, &[])` is `a`'s
/// institution, `hybrid(a, b, &Factor::ALL)` is `b`'s (with `a`'s names).
///
/// The hybrid starts as a copy of the model the institutions come from and
/// then takes the posture and leadership fields from the other side, so a
/// field not classified in [`ModelField`] travels with the institutions.
pub fn hybrid(a: &Institution, b: &Institution, from_b: &[Factor]) -> Institution {
    let takes_b = |f: Factor| from_b.contains(&f);
    let mut out = if takes_b(Factor::Institutions) {
        b.clone()
    } else {
        a.clone()
    };
    for field in ModelField::ALL {
        let source = match field.factor() {
            None => a,
            Some(Factor::Institutions) => continue,
            Some(f) if takes_b(f) => b,
            Some(_) => a,
        };
        field.copy(source, &mut out);
    }
    out
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

    fn study(id: &str) -> Institution {
        crate::Scenario::defaults()
            .model(&ModelId::new(id).unwrap())
            .unwrap()
            .clone()
    }

    /// Every field of `Institution` is classified: this destructuring fails
    /// to compile when a field is added, which is the reminder to give it a
    /// `ModelField` (unclassified fields travel with the institutions).
    #[test]
    fn every_field_is_classified() {
        let Institution {
            label: _,
            label_de: _,
            decision_rule: _,
            hegemonic_leadership: _,
            us_exit: _,
            us_troops: _,
            us_enablers: _,
            us_nuclear_guarantee: _,
            procurement_integration: _,
            competence_delegation: _,
            sovereignty_cost: _,
            qmv_states: _,
            qmv_weight: _,
            implementation_start: _,
            implementation_years_min: _,
            implementation_years_max: _,
            implementation_success: _,
            implementation_partial: _,
            inherited_rule: _,
            bureaucratic_friction: _,
            european_nuclear_dimension: _,
            common_funding_eur_bn: _,
        } = study("toolkit");
        assert_eq!(ModelField::ALL.len(), 22);
        let names: std::collections::HashSet<&str> =
            ModelField::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), ModelField::ALL.len());
        // The names agree with the serialised field names.
        let v = serde_json::to_value(study("status-quo")).unwrap();
        for f in ModelField::ALL {
            assert!(
                f == ModelField::LabelDe || v.get(f.name()).is_some(),
                "{}",
                f.name()
            );
        }
    }

    #[test]
    fn hybrids_take_each_factor_from_its_side() {
        let (a, b) = (study("status-quo"), study("european-defence-union"));
        assert_eq!(hybrid(&a, &b, &[]), a);
        let all = hybrid(&a, &b, &Factor::ALL);
        let mut b_named = b.clone();
        b_named.label.clone_from(&a.label);
        b_named.label_de.clone_from(&a.label_de);
        assert_eq!(all, b_named);
        let h = hybrid(&a, &b, &[Factor::UsPosture]);
        assert_eq!(h.us_troops, b.us_troops);
        assert_eq!(h.us_exit, b.us_exit);
        assert_eq!(h.decision_rule, a.decision_rule);
        assert_eq!(h.hegemonic_leadership, a.hegemonic_leadership);
        let h = hybrid(&a, &b, &[Factor::Institutions]);
        assert_eq!(h.decision_rule, b.decision_rule);
        assert_eq!(h.competence_delegation, b.competence_delegation);
        assert_eq!(h.us_troops, a.us_troops);
        assert_eq!(h.label, a.label);
        let h = hybrid(&a, &b, &[Factor::Leadership]);
        assert_eq!(h.hegemonic_leadership, b.hegemonic_leadership);
        assert_eq!(h.decision_rule, a.decision_rule);
    }

    #[test]
    fn differing_factors_are_those_with_a_differing_field() {
        let a = study("status-quo");
        assert!(differing_factors(&a, &a).is_empty());
        let mut b = a.clone();
        b.label = "other".into();
        assert!(differing_factors(&a, &b).is_empty(), "names are no factor");
        b.qmv_states = 0.5;
        assert_eq!(differing_factors(&a, &b), [Factor::Institutions]);
        b.us_nuclear_guarantee = 0.1;
        assert_eq!(
            differing_factors(&a, &b),
            [Factor::UsPosture, Factor::Institutions]
        );
        for f in ModelField::ALL {
            assert!(!f.differs(&a, &a));
        }
        assert!(ModelField::QmvStates.differs(&a, &b));
        assert_eq!(
            Factor::UsPosture.fields(),
            [
                ModelField::UsExit,
                ModelField::UsTroops,
                ModelField::UsEnablers,
                ModelField::UsNuclearGuarantee
            ]
        );
    }
}
