//! Where scenario files come from, and loading one with its `extends` chain.
//!
//! The core does no IO, so it reads scenarios through a [`ScenarioSource`]:
//! [`ShippedSource`] (the scenarios embedded in this crate), [`MemorySource`]
//! (texts held in memory, for a server or a Python session) or the file
//! system (`natosim_analysis::files::FileSource`, outside the core). [`load`]
//! follows `extends` through any of them, catching cycles and chains deeper
//! than [`MAX_DEPTH`].
//!
//! Every source reads a name by the same rule, [`ScenarioName`], so that a
//! name means the same thing on the command line, in the workbench and in
//! Python, and a file's meaning never depends on where it is run from:
//! `shipped:NAME` is always the shipped scenario; a name with a `/` (or `\`)
//! or ending in `.toml` is always a path (relative to the file whose
//! `extends` names it); a bare name is a shipped scenario or a file of the
//! source, and an error when it is both.

use super::Scenario;
use super::diagnostic::{Diagnostic, DiagnosticKind, Diagnostics};
use super::layers::Layer;
use crate::explore::ExplorationSpec;
use crate::shipped::{SHIPPED, shipped};
use std::collections::BTreeMap;
use std::fmt;

/// The deepest `extends` chain [`load`] follows (the file itself counts).
pub const MAX_DEPTH: usize = 16;

/// The identity of a loaded text: a scheme (`"shipped"`, `"memory"`,
/// `"file"` …) and a key that the source that made it understands (a name, a
/// path). Two loads of the same text have equal ids, which is how [`load`]
/// finds cycles; a source also gets the id of the extending file back to
/// resolve relative names.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId {
    scheme: String,
    key: String,
}

impl SourceId {
    /// An id of `scheme` with `key`.
    pub fn new(scheme: impl Into<String>, key: impl Into<String>) -> SourceId {
        SourceId {
            scheme: scheme.into(),
            key: key.into(),
        }
    }

    /// The scheme (which kind of source made it).
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The key (a name or a path).
    pub fn key(&self) -> &str {
        &self.key
    }
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.scheme, self.key)
    }
}

/// The prefix that names a shipped scenario whatever files exist
/// (`shipped:baseline`).
pub const SHIPPED_PREFIX: &str = "shipped:";

/// What a scenario name refers to, read from its spelling alone (no IO), so
/// that every source applies the same rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScenarioName<'a> {
    /// `shipped:NAME`: the shipped scenario `NAME`, never a file.
    Shipped(&'a str),
    /// A name with a `/` or `\`, or ending in `.toml`: a file path, never a
    /// shipped scenario.
    Path(&'a str),
    /// Anything else: a shipped scenario or a file of that name; a source
    /// that has both reports [`ScenarioName::ambiguous`] rather than
    /// silently preferring one (a stray file named `baseline` would otherwise
    /// change what `extends = "baseline"` means).
    Bare(&'a str),
}

impl<'a> ScenarioName<'a> {
    /// Classifies `name`.
    pub fn parse(name: &'a str) -> ScenarioName<'a> {
        if let Some(rest) = name.strip_prefix(SHIPPED_PREFIX) {
            ScenarioName::Shipped(rest)
        } else if name.contains(['/', '\\']) || name.ends_with(".toml") {
            ScenarioName::Path(name)
        } else {
            ScenarioName::Bare(name)
        }
    }

    /// The error for a bare `name` that is both a shipped scenario and
    /// `found` (what the source has of that name: "the file `sub/baseline`"),
    /// with the two spellings that say which is meant.
    pub fn ambiguous(name: &str, found: &str) -> Diagnostic {
        Diagnostic::new(
            DiagnosticKind::Ambiguous,
            format!("`{name}` is both a shipped scenario and {found}"),
        )
        .with_hint(Some(format!(
            "write `./{name}` for the file or `{SHIPPED_PREFIX}{name}` for the shipped scenario"
        )))
    }
}

/// One scenario text as a source delivers it.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// Its identity.
    pub id: SourceId,
    /// How messages name it (a path, or `baseline (shipped)`).
    pub label: String,
    /// The bare name a scenario without `[scenario] name` is labelled with
    /// (a file's stem, a shipped or in-memory name).
    pub stem: String,
    /// The TOML text.
    pub text: String,
}

/// Somewhere scenario texts can be loaded from by name.
pub trait ScenarioSource {
    /// The scenario called `name`, named in the file `from` (by its
    /// `extends`) or, with `None`, asked for by the user. A `NotFound`
    /// diagnostic should list [`names`](Self::names) and suggest a close one.
    fn load(&self, name: &str, from: Option<&SourceId>) -> Result<Source, Diagnostic>;

    /// The names this source can list (files on a disk cannot all be listed;
    /// a file source lists the shipped names it falls back to).
    fn names(&self) -> Vec<String>;
}

/// The scenarios shipped with natosim ([`crate::shipped`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct ShippedSource;

impl ShippedSource {
    /// The source of a shipped scenario, if there is one of that name
    /// (with or without [`SHIPPED_PREFIX`]).
    pub fn get(name: &str) -> Option<Source> {
        let name = name.strip_prefix(SHIPPED_PREFIX).unwrap_or(name);
        shipped(name).map(|text| Source {
            id: SourceId::new("shipped", name),
            label: format!("{name} (shipped)"),
            stem: name.to_string(),
            text: text.to_string(),
        })
    }
}

impl ScenarioSource for ShippedSource {
    fn load(&self, name: &str, _from: Option<&SourceId>) -> Result<Source, Diagnostic> {
        let bare = name.strip_prefix(SHIPPED_PREFIX).unwrap_or(name);
        ShippedSource::get(bare)
            .ok_or_else(|| not_found(bare, "no shipped scenario of that name", &self.names()))
    }

    fn names(&self) -> Vec<String> {
        SHIPPED.iter().map(|(n, _)| n.to_string()).collect()
    }
}

/// The diagnostic for a scenario name no source has.
pub fn not_found(name: &str, what: &str, names: &[String]) -> Diagnostic {
    Diagnostic::new(DiagnosticKind::NotFound, format!("`{name}`: {what}")).suggesting(name, names)
}

/// Scenario texts held in memory by name (a server's uploads, a Python
/// session's strings), falling back to the shipped scenarios so that
/// `extends = "baseline"` works. Names are looked up exactly: an in-memory
/// map has no directories. The name asked for first (`from` is `None`) is
/// the caller's own choice of text, so a text of that name is taken even if
/// a shipped scenario shares it; in an `extends`, a bare name that is both
/// is [ambiguous](ScenarioName::ambiguous), as it is for files.
#[derive(Clone, Debug, Default)]
pub struct MemorySource {
    texts: BTreeMap<String, String>,
}

impl MemorySource {
    /// An empty source (only the shipped scenarios).
    pub fn new() -> MemorySource {
        MemorySource::default()
    }

    /// Adds (or replaces) the scenario `name`; returns `self` for chaining.
    pub fn with(mut self, name: impl Into<String>, text: impl Into<String>) -> MemorySource {
        self.insert(name, text);
        self
    }

    /// Adds (or replaces) the scenario `name`.
    pub fn insert(&mut self, name: impl Into<String>, text: impl Into<String>) {
        self.texts.insert(name.into(), text.into());
    }
}

impl ScenarioSource for MemorySource {
    fn load(&self, name: &str, from: Option<&SourceId>) -> Result<Source, Diagnostic> {
        let text = match ScenarioName::parse(name) {
            ScenarioName::Shipped(bare) => return ShippedSource.load(bare, from),
            ScenarioName::Bare(bare)
                if from.is_some()
                    && self.texts.contains_key(bare)
                    && ShippedSource::get(bare).is_some() =>
            {
                return Err(ScenarioName::ambiguous(
                    bare,
                    "a scenario text of that name",
                ));
            }
            _ => self.texts.get(name),
        };
        if let Some(text) = text {
            let stem = name.rsplit('/').next().unwrap_or(name);
            return Ok(Source {
                id: SourceId::new("memory", name),
                label: name.to_string(),
                stem: stem.strip_suffix(".toml").unwrap_or(stem).to_string(),
                text: text.clone(),
            });
        }
        match ScenarioName::parse(name) {
            ScenarioName::Path(_) => None,
            _ => ShippedSource::get(name),
        }
        .ok_or_else(|| not_found(name, "no scenario of that name", &self.names()))
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.texts.keys().cloned().collect();
        names.extend(
            ShippedSource
                .names()
                .into_iter()
                .filter(|n| !self.texts.contains_key(n)),
        );
        names
    }
}

/// A loaded scenario: the validated [`Scenario`] and the layers it was built
/// from (most general first, without the defaults), which the exploration
/// declarations are read from.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The scenario.
    pub scenario: Scenario,
    /// Its layers, most general first.
    pub layers: Vec<Layer>,
    /// The ids of the layers' sources, in the same order.
    pub sources: Vec<SourceId>,
}

impl Loaded {
    /// The scenario's exploration declarations (uncertainties, levers,
    /// outcomes), validated against it.
    pub fn exploration(&self) -> Result<ExplorationSpec, Diagnostics> {
        ExplorationSpec::from_layers(&self.layers, &self.scenario)
    }
}

/// Loads the scenario `name` from `source`, following `extends`, and builds
/// and validates it.
///
/// A scenario that does not set `[scenario] name` itself is named after its
/// source's stem (its file name), not after the scenario it extends.
pub fn load(name: &str, source: &dyn ScenarioSource) -> Result<Loaded, Diagnostics> {
    let mut layers: Vec<Layer> = Vec::new();
    let mut sources: Vec<Source> = Vec::new();
    let mut next = Some(name.to_string());
    while let Some(name) = next.take() {
        let from = sources.last();
        let src = source
            .load(&name, from.map(|s| &s.id))
            .map_err(|d| match from {
                // A parent that cannot be found is a problem of the file naming it.
                Some(f) if d.file.is_none() => {
                    let at = layers.last().and_then(|l: &Layer| l.locate("extends"));
                    d.in_file(f.label.clone()).at_path("extends").at(at)
                }
                _ => d,
            })?;
        if let Some(i) = sources.iter().position(|s| s.id == src.id) {
            let chain: Vec<&str> = sources[i..]
                .iter()
                .map(|s| s.label.as_str())
                .chain([src.label.as_str()])
                .collect();
            let last = sources
                .last()
                .map_or(src.label.clone(), |s| s.label.clone());
            let at = layers.last().and_then(|l| l.locate("extends"));
            return Err(Diagnostic::new(
                DiagnosticKind::Cycle,
                format!("`extends` forms a cycle ({})", chain.join(" → ")),
            )
            .in_file(last)
            .at_path("extends")
            .at(at)
            .into());
        }
        if sources.len() >= MAX_DEPTH {
            return Err(Diagnostic::new(
                DiagnosticKind::TooDeep,
                format!("`extends` chain is deeper than {MAX_DEPTH}"),
            )
            .in_file(src.label)
            .into());
        }
        let layer = Layer::parse(&src.label, &src.text)?;
        next = layer.extends.clone();
        layers.push(layer);
        sources.push(src);
    }
    layers.reverse();
    sources.reverse();
    let mut scenario = Scenario::from_layers(&layers)?;
    // Unnamed: label it by its own file rather than inherit its parent's name.
    if let (Some(top), Some(src)) = (layers.last(), sources.last()) {
        let named = top
            .table
            .get("scenario")
            .and_then(|s| s.as_table())
            .is_some_and(|s| s.contains_key("name"));
        if !named {
            scenario.scenario.name = src.stem.clone();
        }
    }
    Ok(Loaded {
        scenario,
        layers,
        sources: sources.into_iter().map(|s| s.id).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Location, ModelId};

    #[test]
    fn memory_source_layers_over_shipped_scenarios() {
        let src = MemorySource::new().with(
            "mine",
            "extends = \"us-drawdown-2027\"\n[russia]\nconcentration = 0.5\n",
        );
        let l = load("mine", &src).unwrap();
        assert_eq!(l.layers.len(), 3, "mine → us-drawdown-2027 → baseline");
        assert_eq!(l.scenario.russia.concentration, 0.5);
        assert_eq!(l.sources[0], SourceId::new("shipped", "baseline"));
        // Unnamed: labelled by its own name, not its parent's.
        assert_eq!(l.scenario.scenario.name, "mine");
        let named = load("us-drawdown-2027", &src).unwrap();
        assert_ne!(named.scenario.scenario.name, "us-drawdown-2027");
        assert!(src.names().contains(&"mine".to_string()));
        assert!(src.names().contains(&"baseline".to_string()));
    }

    #[test]
    fn unknown_names_are_not_found_with_a_hint() {
        let e = load("baselin", &ShippedSource).unwrap_err();
        let d = &e.0[0];
        assert_eq!(d.kind, DiagnosticKind::NotFound);
        assert_eq!(d.hint.as_deref(), Some("did you mean `baseline`?"));
        // A missing parent is blamed on the `extends` of the file naming it.
        let src = MemorySource::new().with("a.toml", "# x\nextends = \"us-drawdwn-2027\"\n");
        let d = &load("a.toml", &src).unwrap_err().0[0];
        assert_eq!(d.file.as_deref(), Some("a.toml"));
        assert_eq!(d.path.as_deref(), Some("extends"));
        assert_eq!(d.location, Some(Location { line: 2, column: 1 }));
        assert_eq!(d.hint.as_deref(), Some("did you mean `us-drawdown-2027`?"));
    }

    #[test]
    fn names_are_read_by_their_spelling() {
        use ScenarioName::*;
        assert_eq!(ScenarioName::parse("baseline"), Bare("baseline"));
        assert_eq!(ScenarioName::parse("shipped:baseline"), Shipped("baseline"));
        assert_eq!(ScenarioName::parse("./baseline"), Path("./baseline"));
        assert_eq!(ScenarioName::parse("baseline.toml"), Path("baseline.toml"));
        assert_eq!(ScenarioName::parse("a\\b"), Path("a\\b"));
        assert_eq!(ScenarioName::parse("../x/y"), Path("../x/y"));
        let d = ScenarioName::ambiguous("baseline", "the file `baseline`");
        assert_eq!(d.kind, DiagnosticKind::Ambiguous);
        assert!(d.to_string().contains("`shipped:baseline`"), "{d}");
        assert!(d.to_string().contains("`./baseline`"), "{d}");
    }

    #[test]
    fn memory_names_follow_the_same_rule() {
        let edited = "[scenario]\nname = \"Edited\"\n";
        // Asked for by name, a text is the caller's choice, even if shipped shares it.
        let src = MemorySource::new().with("baseline", edited);
        assert_eq!(
            load("baseline", &src).unwrap().scenario.scenario.name,
            "Edited"
        );
        // `shipped:` always reaches the shipped one.
        let shipped = load("shipped:baseline", &src).unwrap();
        assert_eq!(shipped.sources, [SourceId::new("shipped", "baseline")]);
        // In an `extends`, a bare name that is both is ambiguous, blamed on the includer.
        let src = src.with("mine.toml", "extends = \"baseline\"\n");
        let d = &load("mine.toml", &src).unwrap_err().0[0];
        assert_eq!(d.kind, DiagnosticKind::Ambiguous);
        assert_eq!(d.file.as_deref(), Some("mine.toml"));
        assert_eq!(d.path.as_deref(), Some("extends"));
        let src = src.with("mine.toml", "extends = \"shipped:baseline\"\n");
        assert_eq!(load("mine.toml", &src).unwrap().layers.len(), 2);
        // A path never falls back to a shipped scenario.
        let src = MemorySource::new().with("p.toml", "extends = \"./baseline\"\n");
        assert_eq!(
            load("p.toml", &src).unwrap_err().0[0].kind,
            DiagnosticKind::NotFound
        );
    }

    #[test]
    fn cycles_are_caught() {
        let src = MemorySource::new()
            .with("a", "extends = \"b\"\n")
            .with("b", "extends = \"c\"\n")
            .with("c", "extends = \"a\"\n");
        let d = &load("a", &src).unwrap_err().0[0];
        assert_eq!(d.kind, DiagnosticKind::Cycle);
        assert_eq!(d.file.as_deref(), Some("c"));
        assert!(d.message.contains("a → b → c → a"), "{d}");
        let own = MemorySource::new().with("self", "extends = \"self\"\n");
        assert_eq!(
            load("self", &own).unwrap_err().0[0].kind,
            DiagnosticKind::Cycle
        );
    }

    #[test]
    fn depth_is_limited() {
        let chain = |n: usize| {
            let mut src = MemorySource::new();
            for i in 0..n {
                src.insert(format!("s{i}"), format!("extends = \"s{}\"\n", i + 1));
            }
            src.insert(format!("s{n}"), "[russia]\nconcentration = 0.4\n");
            src
        };
        // s0 … s15: sixteen layers load.
        assert!(load("s0", &chain(MAX_DEPTH - 1)).is_ok());
        let d = &load("s0", &chain(MAX_DEPTH)).unwrap_err().0[0];
        assert_eq!(d.kind, DiagnosticKind::TooDeep);
        assert_eq!(d.file.as_deref(), Some("s16"));
    }

    #[test]
    fn like_inherits_and_orders_new_models_after_the_study_models() {
        let src = MemorySource::new().with(
            "m",
            "[models.zeta]\nlike = \"coalition-qmv\"\nlabel = \"Z\"\nsovereignty_cost = 0.9\n\
             [models.coalition-qmv]\nlike = \"toolkit\"\ndecision_rule = \"qualified-majority\"\n\
             [models.toolkit]\nsovereignty_cost = 0.1\n",
        );
        let s = load("m", &src).unwrap().scenario;
        let ids: Vec<String> = s.model_ids().iter().map(|m| m.to_string()).collect();
        assert_eq!(
            ids,
            [
                "status-quo",
                "transatlantic-minus",
                "european-defence-union",
                "toolkit",
                "zeta",
                "coalition-qmv"
            ]
        );
        let toolkit = s.model(&ModelId::toolkit()).unwrap();
        let c = s.model(&ModelId::new("coalition-qmv").unwrap()).unwrap();
        let z = s.model(&ModelId::new("zeta").unwrap()).unwrap();
        // Unset fields come from the model named by `like`.
        assert_eq!(
            c.decision_rule,
            crate::scenario::DecisionRule::QualifiedMajority
        );
        assert_eq!(c.us_troops, toolkit.us_troops);
        assert_eq!(c.hegemonic_leadership, toolkit.hegemonic_leadership);
        // A label is not inherited: the id stands in.
        assert_eq!(c.label, "coalition-qmv");
        assert_eq!(z.label, "Z");
        assert_eq!(
            z.decision_rule,
            crate::scenario::DecisionRule::QualifiedMajority
        );
        assert_eq!(z.sovereignty_cost, 0.9);
    }

    #[test]
    fn like_errors_are_diagnostics() {
        let d = |text: &str| {
            load("m", &MemorySource::new().with("m", text))
                .unwrap_err()
                .0[0]
                .clone()
        };
        let e = d("[models.a]\nlike = \"toolkt\"\n");
        assert_eq!(e.kind, DiagnosticKind::NotFound);
        assert_eq!(e.path.as_deref(), Some("models.a.like"));
        assert_eq!(e.hint.as_deref(), Some("did you mean `toolkit`?"));
        assert_eq!(e.location, Some(Location { line: 2, column: 1 }));
        let e = d("[models.a]\nlike = \"b\"\n[models.b]\nlike = \"a\"\n");
        assert_eq!(e.kind, DiagnosticKind::Cycle);
        assert!(e.message.contains("a → b → a"), "{e}");
        let e = d("[models.a]\nlike = \"toolkit\"\nsovereinty_cost = 1\n");
        assert_eq!(e.kind, DiagnosticKind::UnknownField);
        assert_eq!(e.hint.as_deref(), Some("did you mean `sovereignty_cost`?"));
        let e = d("[models.Bad_Id]\nlike = \"toolkit\"\n");
        assert_eq!(e.kind, DiagnosticKind::InvalidValue);
        assert_eq!(e.path.as_deref(), Some("models.Bad_Id"));
        let e = d("[models.toolkit]\nlike = \"status-quo\"\n");
        assert_eq!(e.kind, DiagnosticKind::InvalidValue);
        // Without `like`, a new model must set every field.
        let e = d("[models.a]\nlabel = \"A\"\n");
        assert_eq!(e.kind, DiagnosticKind::MissingField);
        assert_eq!(e.file.as_deref(), Some("m"));
        // A new model's values are validated like any other.
        let e = d("[models.a]\nlike = \"toolkit\"\nqmv_states = 3.0\n");
        assert_eq!(e.kind, DiagnosticKind::OutOfRange);
        assert_eq!(e.path.as_deref(), Some("models.a.qmv_states"));
        assert_eq!(e.location, Some(Location { line: 3, column: 1 }));
    }
}
