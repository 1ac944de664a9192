//! Scenarios from the file system: the [`ScenarioSource`] every front end
//! (CLI, server, Python) uses to read a user's files.
//!
//! The core does no IO; this is the one place that reads scenario files. It
//! reads names by the core's rule ([`ScenarioName`]): `shipped:NAME` is the
//! shipped scenario; a name with a `/` or ending in `.toml` is a path; a bare
//! name is a shipped scenario or a file, and an error when it is both. A
//! relative path is relative to the directory of the file whose `extends`
//! names it, never to the working directory, so a scenario file means the
//! same wherever natosim is run from; only a name the user gives (a command
//! line's `--scenario`) is relative to the working directory. A shipped
//! scenario's `extends` names only shipped scenarios.

use natosim_core::scenario::source::not_found;
use natosim_core::scenario::{
    Diagnostic, DiagnosticKind, Diagnostics, Loaded, ScenarioName, ScenarioSource, ShippedSource,
    Source, SourceId, load,
};
use std::path::{Component, Path, PathBuf};

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

/// `dir/name` with `.` parts dropped, so that `./a.toml` and `a.toml` are the
/// same file to the cycle check and read the same in messages (`..` is kept:
/// dropping it lexically would be wrong across symbolic links).
fn join(dir: &Path, name: &str) -> PathBuf {
    let joined = dir.join(name);
    let mut out: PathBuf = joined
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Reads the scenario file at `path`.
fn read(path: &Path) -> Result<Source, Diagnostic> {
    let label = path.display().to_string();
    let text = crate::limits::read_text_limited(path, &crate::limits::SCENARIO_FILE)
        .map_err(|e| {
            Diagnostic::new(DiagnosticKind::Io, format!("cannot read: {e}")).in_file(label.clone())
        })?
        .map_err(|e| {
            Diagnostic::new(DiagnosticKind::OutOfRange, scenario_file_too_big(e))
                .in_file(label.clone())
        })?;
    let stem = path
        .file_stem()
        .map_or_else(|| label.clone(), |s| s.to_string_lossy().into_owned());
    Ok(Source {
        id: SourceId::new(FILE_SCHEME, label.clone()),
        label,
        stem,
        text,
    })
}

impl ScenarioSource for FileSource {
    fn load(&self, name: &str, from: Option<&SourceId>) -> Result<Source, Diagnostic> {
        // Relative names are relative to the file that names them; the
        // user's own name (no `from`) to the working directory.
        let dir: PathBuf = match from {
            // A shipped scenario names only shipped scenarios: a file on the
            // disk must not change what `us-drawdown-2027` extends.
            Some(f) if f.scheme() != FILE_SCHEME => return ShippedSource.load(name, from),
            Some(f) => Path::new(f.key())
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            None => PathBuf::new(),
        };
        match ScenarioName::parse(name) {
            ScenarioName::Shipped(bare) => ShippedSource.load(bare, from),
            ScenarioName::Path(path) => {
                let p = join(&dir, path);
                if p.is_file() {
                    read(&p)
                } else if p.exists() {
                    Err(Diagnostic::new(
                        DiagnosticKind::Io,
                        format!("`{}` is not a regular file", p.display()),
                    ))
                } else {
                    Err(Diagnostic::new(
                        DiagnosticKind::NotFound,
                        format!("`{}`: no such scenario file", p.display()),
                    ))
                }
            }
            ScenarioName::Bare(bare) => {
                let p = join(&dir, bare);
                match (p.is_file(), ShippedSource::get(bare)) {
                    (true, Some(_)) => Err(ScenarioName::ambiguous(
                        bare,
                        &format!("the file `{}`", p.display()),
                    )),
                    (true, None) => read(&p),
                    (false, Some(shipped)) => Ok(shipped),
                    (false, None) => Err(not_found(
                        bare,
                        "no such scenario file, and no shipped scenario of that name",
                        &self.names(),
                    )),
                }
            }
        }
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
