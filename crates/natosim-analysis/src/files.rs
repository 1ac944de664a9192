//! Scenarios from the file system: the [`ScenarioSource`] every front end
//! (CLI, server, Python) uses to read a user's files.
//!
//! The core does no IO; this is the one place that reads scenario files. A
//! name is a path; a relative path in `extends` is tried against the
//! directory of the file that names it, then against the working directory.
//! A name that is no file falls back to the scenarios shipped with natosim,
//! so `natosim run --scenario baseline` and `extends = "baseline"` work from
//! anywhere.

use natosim_core::scenario::source::not_found;
use natosim_core::scenario::{
    Diagnostic, DiagnosticKind, Diagnostics, Loaded, ScenarioSource, ShippedSource, Source,
    SourceId, load,
};
use std::path::{Path, PathBuf};

/// The scheme of the [`SourceId`]s of files; their key is the path.
pub const FILE_SCHEME: &str = "file";

/// Reads scenario files, falling back to the shipped scenarios.
#[derive(Clone, Copy, Debug, Default)]
pub struct FileSource;

impl FileSource {
    /// Loads the scenario at path (or shipped name) `name`, following `extends`.
    pub fn load(name: &str) -> Result<Loaded, Diagnostics> {
        load(name, &FileSource)
    }
}

impl ScenarioSource for FileSource {
    fn load(&self, name: &str, from: Option<&SourceId>) -> Result<Source, Diagnostic> {
        let dir = from
            .filter(|f| f.scheme() == FILE_SCHEME)
            .and_then(|f| Path::new(f.key()).parent());
        let candidates: Vec<PathBuf> = match dir {
            Some(dir) if Path::new(name).is_relative() => {
                vec![dir.join(name), PathBuf::from(name)]
            }
            _ => vec![PathBuf::from(name)],
        };
        if let Some(p) = candidates.into_iter().find(|p| p.is_file()) {
            let label = p.display().to_string();
            let text = crate::limits::read_text_limited(&p, &crate::limits::SCENARIO_FILE)
                .map_err(|e| {
                    Diagnostic::new(DiagnosticKind::Io, format!("cannot read: {e}"))
                        .in_file(label.clone())
                })?
                .map_err(|e| {
                    Diagnostic::new(DiagnosticKind::OutOfRange, scenario_file_too_big(e))
                        .in_file(label.clone())
                })?;
            let stem = p
                .file_stem()
                .map_or_else(|| label.clone(), |s| s.to_string_lossy().into_owned());
            return Ok(Source {
                id: SourceId::new(FILE_SCHEME, label.clone()),
                label,
                stem,
                text,
            });
        }
        ShippedSource::get(name).ok_or_else(|| {
            not_found(
                name,
                "no such scenario file, and no shipped scenario of that name",
                &self.names(),
            )
        })
    }

    fn names(&self) -> Vec<String> {
        ShippedSource.names()
    }
}

/// The refusal of a scenario file above [`crate::limits::SCENARIO_FILE`].
fn scenario_file_too_big(e: crate::AnalysisError) -> String {
    match e {
        crate::AnalysisError::LimitExceeded(l) => l.describe("size"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_extends_resolve_next_to_the_file_and_names_come_from_stems() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(
            sub.join("parent.toml"),
            "extends = \"us-drawdown-2027\"\n[russia]\nconcentration = 0.4\n",
        )
        .unwrap();
        std::fs::write(
            sub.join("my-child.toml"),
            "extends = \"parent.toml\"\n[russia]\nprobe_gain = 2.0\n",
        )
        .unwrap();
        let l = FileSource::load(sub.join("my-child.toml").to_str().unwrap()).unwrap();
        assert_eq!(l.layers.len(), 4);
        assert_eq!(l.scenario.russia.concentration, 0.4);
        assert_eq!(l.scenario.russia.probe_gain, 2.0);
        // Not named by the shipped grandparent ("US drawdown 2027"): by its file.
        assert_eq!(l.scenario.scenario.name, "my-child");
        assert_eq!(l.sources[0].scheme(), "shipped");
        assert_eq!(l.sources[3].scheme(), FILE_SCHEME);
    }

    #[test]
    fn missing_files_suggest_shipped_names() {
        let e = FileSource::load("us-drawdown-2072").unwrap_err();
        assert_eq!(e.0[0].kind, DiagnosticKind::NotFound);
        assert_eq!(
            e.0[0].hint.as_deref(),
            Some("did you mean `us-drawdown-2027`?")
        );
    }
}
