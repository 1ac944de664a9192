//! Outputs that are whole or absent (issue 14, defects 5 and 7).
//!
//! * Standard output: a reader that goes away (`natosim … | head`) ends the
//!   program quietly with success, as ripgrep does ([`ClosedPipe`]); any
//!   other write error (a full disk) is an error naming standard output.
//! * Files: written to a temporary file beside the target, synced, renamed
//!   over it ([`write_file`]). Only regular files (or new paths) are
//!   replaced; device nodes, FIFOs, sockets and directories are refused.
//! * Directories (a report, `run --out`, `sensitivity --out`): written as a
//!   set ([`DirOutput`]): built in a sibling temporary directory, then
//!   swapped in, so no reader ever sees new files beside old ones.
//! * Temporaries carry the prefix `.natosim-tmp-<pid>-`; the next write to
//!   the same directory removes those of processes that no longer run, so
//!   killed runs do not pile up fragments.
//!
//! docs/RELIABILITY.md ("Outputs and atomicity") states the guarantees.

use crate::InputError;
use anyhow::{Context, Result};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Every temporary file or directory natosim creates starts with this, then
/// `<pid>-<host>-`: the process that created it and a tag of its machine
/// ([`host_tag`]), so that only this machine's dead processes' fragments are
/// removed (a directory on a network file system is shared by machines).
pub const FRAGMENT_PREFIX: &str = ".natosim-tmp-";

/// The list of files natosim wrote into an output directory. Only files
/// named there are ever removed, so natosim never deletes a user's own files.
pub const MANIFEST: &str = ".natosim-files";

/// The report's manifest before every directory output had one; read as a
/// manifest and replaced by [`MANIFEST`].
const LEGACY_MANIFESTS: [&str; 1] = [".natosim-report"];

/// Standard output's reader closed it (a broken pipe): not a failure, the
/// program ends quietly with exit code 0 (as ripgrep does).
#[derive(Debug)]
pub struct ClosedPipe;

impl std::fmt::Display for ClosedPipe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("standard output was closed")
    }
}

impl std::error::Error for ClosedPipe {}

/// Writes `bytes` to standard output and flushes it. A broken pipe becomes
/// [`ClosedPipe`]; any other error (a full disk) names standard output.
pub fn to_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(stdout_error)
}

/// The error for a failed write to standard output.
pub fn stdout_error(e: std::io::Error) -> anyhow::Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        ClosedPipe.into()
    } else {
        anyhow::anyhow!("cannot write to standard output: {e}")
    }
}

/// A message on standard error. A closed or failing stderr loses the
/// message but never ends the program (`eprintln!` would panic).
pub fn note(message: std::fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(message).and_then(|()| err.write_all(b"\n"));
}

/// This machine's tag in fragment names: a 32-bit FNV-1a hash of its host
/// name in hex (short, and never a dash, which separates the fields).
fn host_tag() -> String {
    #[cfg(unix)]
    let name = rustix::system::uname().nodename().to_bytes().to_vec();
    #[cfg(not(unix))]
    let name: Vec<u8> = Vec::new();
    let hash = name.iter().fold(0x811c_9dc5_u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    format!("{hash:08x}")
}

/// The prefix of this process's temporaries: `.natosim-tmp-<pid>-<host>-`.
fn own_prefix() -> String {
    format!("{FRAGMENT_PREFIX}{}-{}-", std::process::id(), host_tag())
}

/// The directory a path lives in (`.` for a bare file name).
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Whether process `pid` may still be running. Errs on the side of "alive":
/// only a definite "no such process" lets a fragment be removed.
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return true;
        };
        !matches!(
            rustix::process::test_kill_process(pid),
            Err(e) if e == rustix::io::Errno::SRCH
        )
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Removes the temporaries (files or directories) that processes of this
/// machine no longer running left in `dir` when they were killed. Best
/// effort: a fragment that cannot be removed, whose owner may be alive, or
/// that another machine made, stays.
pub fn remove_stale_fragments(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    let host = host_tag();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(FRAGMENT_PREFIX)) else {
            continue;
        };
        let mut fields = rest.split('-');
        let (Some(Ok(pid)), Some(tag)) = (fields.next().map(str::parse::<u32>), fields.next())
        else {
            continue;
        };
        if tag != host || pid == me || process_alive(pid) {
            continue;
        }
        let path = entry.path();
        let _ = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
    }
}

/// What kind of file system object `meta` describes, for messages.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Checks that `dir` (or, if it does not exist yet, its nearest existing
/// ancestor, where it will be created) is a directory natosim can create
/// files in, by creating and removing a temporary file there.
fn check_writable_dir(flag: &str, target: &Path, dir: &Path) -> Result<()> {
    let mut existing = dir.to_path_buf();
    loop {
        match std::fs::metadata(&existing) {
            Ok(m) if m.is_dir() => break,
            Ok(_) => {
                return Err(InputError(format!(
                    "{flag} {}: {} is not a directory",
                    target.display(),
                    existing.display()
                ))
                .into());
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                match existing.parent().filter(|p| !p.as_os_str().is_empty()) {
                    Some(p) => existing = p.to_path_buf(),
                    None => existing = PathBuf::from("."),
                }
            }
            Err(e) => {
                return Err(InputError(format!(
                    "{flag} {}: cannot use {}: {e}",
                    target.display(),
                    existing.display()
                ))
                .into());
            }
        }
    }
    tempfile::Builder::new()
        .prefix(&own_prefix())
        .tempfile_in(&existing)
        .map(drop)
        .map_err(|e| {
            InputError(format!(
                "{flag} {}: cannot create files in {}: {e}",
                target.display(),
                existing.display()
            ))
            .into()
        })
}

/// Checks, before any work, that `path` can be written as a file output of
/// option `flag`: it is absent or a regular file (a symbolic link to one is
/// replaced by the file), and its directory exists or can be created, and is
/// writable. Exit code 2 (an [`InputError`]) otherwise.
pub fn check_file_target(flag: &str, path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => {}
        Ok(m) if m.is_dir() => {
            return Err(InputError(format!(
                "{flag} {}: is a directory; {flag} takes a file name (e.g. {})",
                path.display(),
                path.join("out.csv").display()
            ))
            .into());
        }
        Ok(m) => {
            return Err(InputError(format!(
                "{flag} {}: is {}; natosim replaces its output files as a whole and writes only regular files (to write into a pipe or device, leave out {flag} and redirect standard output)",
                path.display(),
                kind(&m)
            ))
            .into());
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(InputError(format!("{flag} {}: {e}", path.display())).into());
        }
    }
    check_writable_dir(flag, path, parent_of(path))
}

/// Checks, before any work, that `path` can be written as a directory output
/// of option `flag`: absent (its parent writable) or a writable directory.
pub fn check_dir_target(flag: &str, path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => check_writable_dir(flag, path, path),
        Ok(m) => Err(InputError(format!(
            "{flag} {}: is {}, not a directory; {flag} takes a directory (new or existing)",
            path.display(),
            kind(&m)
        ))
        .into()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            check_writable_dir(flag, path, parent_of(path))
        }
        Err(e) => Err(InputError(format!("{flag} {}: {e}", path.display())).into()),
    }
}

/// A temporary file in `dir`, named with this process's prefix, to be
/// renamed over a target when complete. tempfile creates 0600 files; ask for
/// 0666 so the result is what any other program would create: 0666 minus the
/// user's umask.
pub fn temp_file_in(dir: &Path) -> Result<tempfile::NamedTempFile> {
    let prefix = own_prefix();
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))
}

/// Writes `bytes` to the file `path` atomically: a temporary file in the
/// same directory, flushed and synced, then renamed over the target. An
/// interrupted run leaves either the old file or none, never a half file.
/// Refuses targets that are not regular files (see [`check_file_target`]).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent_of(path);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    remove_stale_fragments(dir);
    replace_file(path, bytes)
}

/// Refuses to replace `path` if it exists and is not a regular file. Checked
/// before the work ([`check_file_target`]) and again just before the rename:
/// a FIFO created during the run is not replaced either.
pub fn refuse_non_regular(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => Err(InputError(format!(
            "{}: is {}; natosim writes only regular files",
            path.display(),
            kind(&m)
        ))
        .into()),
        _ => Ok(()),
    }
}

/// [`write_file`] without the directory's creation and clean-up.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    refuse_non_regular(path)?;
    let mut tmp = temp_file_in(parent_of(path))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Creates `path` (in a directory no one else uses) with `bytes`, synced.
fn create_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Syncs a directory's entries (the renames in it) to disk; best effort
/// where directories cannot be opened (not Unix).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The file names a directory's manifests list (plain names only; anything
/// else in a manifest is not natosim's), and whether it has a manifest.
fn manifest_names(dir: &Path) -> (BTreeSet<String>, bool) {
    let mut names = BTreeSet::new();
    let mut found = false;
    for manifest in std::iter::once(MANIFEST).chain(LEGACY_MANIFESTS) {
        if let Ok(text) = std::fs::read_to_string(dir.join(manifest)) {
            found = true;
            names.extend(
                text.lines()
                    .filter(|n| !n.is_empty() && Path::new(n).file_name() == Some(n.as_ref()))
                    .map(str::to_string),
            );
        }
    }
    (names, found)
}

/// Exchanges two paths in one step where the system can (Linux
/// `renameat2(RENAME_EXCHANGE)`); `Ok(false)` where it cannot.
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            // Old kernels and some file systems do not know the flag.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// A directory output written as a set: every file of the new output
/// appears at once, and the old output's files (those its manifest lists)
/// vanish at once. Files are collected in memory by [`DirOutput::add`] and
/// written by [`DirOutput::commit`].
pub struct DirOutput {
    target: PathBuf,
    files: Vec<(String, Vec<u8>)>,
}

/// Writes one file of a set: [`create_synced`] in use, a failing writer in tests.
type FileWriter<'a> = &'a mut dyn FnMut(&Path, &[u8]) -> std::io::Result<()>;

impl DirOutput {
    /// An empty set for directory `target`.
    pub fn new(target: &Path) -> DirOutput {
        DirOutput {
            target: target.to_path_buf(),
            files: Vec::new(),
        }
    }

    /// Adds file `name` (a plain file name) with `bytes`; files are written
    /// in the order added.
    pub fn add(&mut self, name: impl Into<String>, bytes: Vec<u8>) {
        self.files.push((name.into(), bytes));
    }

    /// The names added so far, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|(n, _)| n.as_str())
    }

    /// Writes the set (see the module documentation).
    pub fn commit(self) -> Result<()> {
        self.commit_with(&mut create_synced)
    }

    fn manifest(&self) -> Vec<u8> {
        let mut list: String = self.names().map(|n| format!("{n}\n")).collect();
        if list.is_empty() {
            list.push('\n');
        }
        list.into_bytes()
    }

    /// [`DirOutput::commit`] with the writer of each file given.
    fn commit_with(self, write: FileWriter<'_>) -> Result<()> {
        let target = &self.target;
        let parent = parent_of(target);
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        remove_stale_fragments(parent);
        let existing = match std::fs::symlink_metadata(target) {
            Ok(m) => Some(m),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e).with_context(|| format!("cannot use {}", target.display())),
        };
        let foreign = match &existing {
            None => Some(Vec::new()),
            Some(m) if m.is_dir() => self.swappable_foreign_files()?,
            // A symbolic link to a directory is the user's: write through it.
            Some(m) if m.file_type().is_symlink() && target.is_dir() => None,
            Some(m) => {
                return Err(InputError(format!(
                    "{}: is {}, not a directory",
                    target.display(),
                    kind(m)
                ))
                .into());
            }
        };
        if let Some(foreign) = foreign
            && self.swap_in(write, existing.as_ref(), &foreign)?
        {
            return Ok(());
        }
        self.write_in_place(write)
    }

    /// The user's files in the existing directory `target` that a swap must
    /// carry over, or `None` if the directory is not one to swap: natosim did
    /// not make it (no manifest, not empty), it holds a user's directory or
    /// other non-file, or it is `.`/`..`.
    fn swappable_foreign_files(&self) -> Result<Option<Vec<String>>> {
        let target = &self.target;
        if !matches!(
            target.components().next_back(),
            Some(std::path::Component::Normal(_))
        ) {
            return Ok(None);
        }
        let (ours, has_manifest) = manifest_names(target);
        let mut foreign = Vec::new();
        let mut empty = true;
        let entries = std::fs::read_dir(target)
            .with_context(|| format!("cannot read {}", target.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot read {}", target.display()))?;
            empty = false;
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                return Ok(None);
            };
            if name == MANIFEST || LEGACY_MANIFESTS.contains(&name.as_str()) || ours.contains(&name)
            {
                continue;
            }
            let t = entry.file_type()?;
            if !(t.is_file() || t.is_symlink()) {
                return Ok(None);
            }
            foreign.push(name);
        }
        Ok((has_manifest || empty).then_some(foreign))
    }

    /// Builds the set in a sibling temporary directory, carries the user's
    /// files over (hard links), and swaps it in. `Ok(false)` if the swap is
    /// not possible here (then nothing has changed and the caller writes in
    /// place); an error from writing a file leaves the target untouched.
    fn swap_in(
        &self,
        write: FileWriter<'_>,
        existing: Option<&std::fs::Metadata>,
        foreign: &[String],
    ) -> Result<bool> {
        let target = &self.target;
        let parent = parent_of(target);
        let prefix = own_prefix();
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o777));
        }
        // No sibling possible (the parent is read-only): write in place.
        let Ok(staging) = builder.tempdir_in(parent) else {
            return Ok(false);
        };
        for (name, bytes) in &self.files {
            write(&staging.path().join(name), bytes)
                .with_context(|| format!("cannot write {}", target.join(name).display()))?;
        }
        write(&staging.path().join(MANIFEST), &self.manifest())
            .with_context(|| format!("cannot write {}", target.join(MANIFEST).display()))?;
        for name in foreign {
            if self.files.iter().any(|(n, _)| n == name) {
                continue;
            }
            if std::fs::hard_link(target.join(name), staging.path().join(name)).is_err() {
                return Ok(false);
            }
        }
        if let Some(m) = existing {
            // The swapped-in directory keeps the mode the user gave the old one.
            let _ = std::fs::set_permissions(staging.path(), m.permissions());
        }
        sync_dir(staging.path());
        let staged = staging.keep();
        let done = self.rename_into_place(&staged, existing.is_some());
        match done {
            Ok(true) => {
                sync_dir(parent);
                Ok(true)
            }
            Ok(false) | Err(_) => {
                let _ = std::fs::remove_dir_all(&staged);
                done
            }
        }
    }

    /// Moves the complete `staged` directory to the target. With an old
    /// directory there: one atomic exchange where the system has it, else
    /// rename the old one aside and the new one in (the target is briefly
    /// absent); the old one is then removed.
    fn rename_into_place(&self, staged: &Path, replacing: bool) -> Result<bool> {
        let target = &self.target;
        if !replacing {
            std::fs::rename(staged, target)
                .with_context(|| format!("cannot create {}", target.display()))?;
            return Ok(true);
        }
        if exchange(staged, target)
            .with_context(|| format!("cannot replace {}", target.display()))?
        {
            // `staged` now holds the old directory.
            let _ = std::fs::remove_dir_all(staged);
            return Ok(true);
        }
        let aside = parent_of(target).join(format!(
            "{}old-{}",
            own_prefix(),
            staged.file_name().and_then(|n| n.to_str()).unwrap_or("set")
        ));
        // A mount point or a busy directory cannot move: write in place.
        if std::fs::rename(target, &aside).is_err() {
            return Ok(false);
        }
        if let Err(e) = std::fs::rename(staged, target) {
            let _ = std::fs::rename(&aside, target);
            return Err(e).with_context(|| format!("cannot replace {}", target.display()));
        }
        let _ = std::fs::remove_dir_all(&aside);
        Ok(true)
    }

    /// The fallback where a swap is not possible: each file replaced
    /// atomically in the existing directory, in order, then the old set's
    /// files this one did not write removed, then the manifest.
    fn write_in_place(&self, write: FileWriter<'_>) -> Result<()> {
        let target = &self.target;
        std::fs::create_dir_all(target)
            .with_context(|| format!("cannot create {}", target.display()))?;
        remove_stale_fragments(target);
        let (previous, _) = manifest_names(target);
        for (name, bytes) in &self.files {
            let path = target.join(name);
            let tmp = temp_file_in(target)?;
            write(tmp.path(), bytes).with_context(|| format!("cannot write {}", path.display()))?;
            tmp.persist(&path)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        for name in &previous {
            if self.files.iter().any(|(n, _)| n == name) {
                continue;
            }
            match std::fs::remove_file(target.join(name)) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e).with_context(|| format!("removing stale {name}")),
            }
        }
        replace_file(&target.join(MANIFEST), &self.manifest())?;
        for legacy in LEGACY_MANIFESTS {
            let _ = std::fs::remove_file(target.join(legacy));
        }
        sync_dir(target);
        Ok(())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Every entry of `dir` (name → content, directories as `<dir>`).
    fn listing(dir: &Path) -> BTreeMap<String, String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let name = e.file_name().to_string_lossy().into_owned();
                let t = e.file_type().unwrap();
                // Never open a FIFO (it would block): only files are read.
                let content = if t.is_dir() {
                    "<dir>".to_string()
                } else if t.is_file() {
                    std::fs::read_to_string(e.path()).unwrap()
                } else {
                    "<other>".to_string()
                };
                (name, content)
            })
            .collect()
    }

    fn fragments(dir: &Path) -> Vec<String> {
        listing(dir)
            .into_keys()
            .filter(|n| n.starts_with(FRAGMENT_PREFIX))
            .collect()
    }

    fn set(target: &Path, files: &[(&str, &str)]) -> DirOutput {
        let mut s = DirOutput::new(target);
        for (n, c) in files {
            s.add(*n, c.as_bytes().to_vec());
        }
        s
    }

    /// A pid that belonged to a process that has ended.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn a_reader_sees_only_the_old_set_until_the_new_one_is_complete() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("report");
        set(
            &target,
            &[
                ("a.svg", "old a"),
                ("trace.csv", "old trace"),
                ("report.html", "old"),
            ],
        )
        .commit()
        .unwrap();
        let old = listing(&target);
        assert_eq!(old.get("report.html").map(String::as_str), Some("old"));
        std::fs::write(target.join("notes.txt"), "mine").unwrap();
        let old = listing(&target);

        // At every file the new set writes, the target still holds exactly the
        // old set: no new file beside the old report.html.
        let mut calls = 0;
        let mut watching = |path: &Path, bytes: &[u8]| {
            calls += 1;
            assert_eq!(listing(&target), old, "while writing {}", path.display());
            create_synced(path, bytes)
        };
        set(
            &target,
            &[
                ("a.svg", "new a"),
                ("b.svg", "new b"),
                ("report.html", "new"),
            ],
        )
        .commit_with(&mut watching)
        .unwrap();
        assert_eq!(calls, 4, "three files and the manifest");
        let new = listing(&target);
        let expected: BTreeMap<String, String> = [
            ("a.svg", "new a"),
            ("b.svg", "new b"),
            ("report.html", "new"),
            ("notes.txt", "mine"),
            (MANIFEST, "a.svg\nb.svg\nreport.html\n"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(new, expected, "the old trace is gone, the user's file kept");
        assert!(
            fragments(root.path()).is_empty(),
            "{:?}",
            listing(root.path())
        );
    }

    #[test]
    fn a_write_that_fails_midway_leaves_the_old_set_and_no_fragments() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("out");
        set(&target, &[("summary.json", "old"), ("series.csv", "old")])
            .commit()
            .unwrap();
        let old = listing(&target);
        let mut n = 0;
        let mut failing = |path: &Path, bytes: &[u8]| {
            n += 1;
            if n == 2 {
                return Err(std::io::Error::other("disk full (simulated)"));
            }
            create_synced(path, bytes)
        };
        let err = set(&target, &[("summary.json", "new"), ("series.csv", "new")])
            .commit_with(&mut failing)
            .unwrap_err();
        assert!(format!("{err:#}").contains("series.csv"), "{err:#}");
        assert_eq!(listing(&target), old);
        assert!(
            fragments(root.path()).is_empty(),
            "{:?}",
            listing(root.path())
        );

        // The same into a new directory: nothing appears.
        let fresh = root.path().join("fresh");
        let mut n = 0;
        let mut failing = |path: &Path, bytes: &[u8]| {
            n += 1;
            if n == 2 {
                return Err(std::io::Error::other("disk full (simulated)"));
            }
            create_synced(path, bytes)
        };
        assert!(
            set(&fresh, &[("a", "1"), ("b", "2")])
                .commit_with(&mut failing)
                .is_err()
        );
        assert!(!fresh.exists());
        assert!(fragments(root.path()).is_empty());
    }

    #[test]
    fn a_directory_natosim_did_not_make_is_written_in_place_and_keeps_everything() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("mine");
        std::fs::create_dir_all(target.join("sub")).unwrap();
        std::fs::write(target.join("sub/keep"), "k").unwrap();
        std::fs::write(target.join("summary.json"), "user's").unwrap();
        set(&target, &[("summary.json", "new")]).commit().unwrap();
        let l = listing(&target);
        assert_eq!(l["summary.json"], "new");
        assert_eq!(l["sub"], "<dir>");
        assert_eq!(
            std::fs::read_to_string(target.join("sub/keep")).unwrap(),
            "k"
        );
        assert_eq!(l[MANIFEST], "summary.json\n");
        // The second time, it is natosim's but holds a user's directory:
        // still in place, and still nothing of the user's is lost.
        set(&target, &[("series.csv", "s")]).commit().unwrap();
        let l = listing(&target);
        assert!(
            !l.contains_key("summary.json"),
            "listed in the manifest: {l:?}"
        );
        assert_eq!(l["series.csv"], "s");
        assert!(target.join("sub/keep").exists());
        assert!(fragments(&target).is_empty() && fragments(root.path()).is_empty());
    }

    #[test]
    fn the_legacy_report_manifest_counts_as_natosims() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("report");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.png"), "png").unwrap();
        std::fs::write(target.join(".natosim-report"), "old.png\n").unwrap();
        set(&target, &[("report.html", "new")]).commit().unwrap();
        let l = listing(&target);
        assert_eq!(
            l.keys().cloned().collect::<Vec<_>>(),
            vec![MANIFEST.to_string(), "report.html".to_string()]
        );
    }

    #[test]
    fn stale_fragments_of_dead_processes_are_removed_and_no_others() {
        let root = tempfile::tempdir().unwrap();
        let dead = dead_pid();
        let me = std::process::id();
        let parent = std::os::unix::process::parent_id();
        let host = host_tag();
        let dead_file = format!("{FRAGMENT_PREFIX}{dead}-{host}-abc");
        let dead_dir = format!("{FRAGMENT_PREFIX}{dead}-{host}-old-xyz");
        let mine = format!("{FRAGMENT_PREFIX}{me}-{host}-def");
        let live = format!("{FRAGMENT_PREFIX}{parent}-{host}-ghi");
        let not_a_pid = format!("{FRAGMENT_PREFIX}x-{host}-1");
        // A dead pid, but another machine's: its process may be alive there.
        let elsewhere = format!("{FRAGMENT_PREFIX}{dead}-00000000-jkl");
        for f in [
            &dead_file,
            &mine,
            &live,
            &not_a_pid,
            &elsewhere,
            &".tmpAbc123".to_string(),
        ] {
            std::fs::write(root.path().join(f), "x").unwrap();
        }
        std::fs::create_dir(root.path().join(&dead_dir)).unwrap();
        std::fs::write(root.path().join(&dead_dir).join("report.html"), "x").unwrap();

        write_file(&root.path().join("out.csv"), b"a,b\n").unwrap();
        let left: BTreeSet<String> = listing(root.path()).into_keys().collect();
        let expected: BTreeSet<String> = [
            mine.clone(),
            live,
            not_a_pid,
            elsewhere,
            ".tmpAbc123".to_string(),
            "out.csv".to_string(),
        ]
        .into_iter()
        .collect();
        assert_eq!(left, expected);

        // A directory output cleans its parent the same way.
        std::fs::write(root.path().join(&dead_file), "x").unwrap();
        set(&root.path().join("report"), &[("a", "1")])
            .commit()
            .unwrap();
        assert!(!root.path().join(&dead_file).exists());
        assert!(root.path().join(&mine).exists());
    }

    #[test]
    fn non_regular_targets_are_refused_and_left_alone() {
        let root = tempfile::tempdir().unwrap();
        let fifo = root.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        for target in [fifo.as_path(), Path::new("/dev/null"), root.path()] {
            let e = check_file_target("--out", target).unwrap_err();
            assert!(e.downcast_ref::<InputError>().is_some(), "{e:#}");
            assert!(write_file(target, b"x").is_err(), "{}", target.display());
        }
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
        let e = check_dir_target("--out", &fifo).unwrap_err();
        assert!(format!("{e}").contains("FIFO"), "{e}");
        // A file where a directory is expected, and under a file.
        let file = root.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(check_dir_target("--out", &file).is_err());
        assert!(check_file_target("--out", &file.join("sub/out.csv")).is_err());
        assert!(check_dir_target("--out", &file.join("sub")).is_err());
        // Absent paths under a writable directory are fine, and the probe leaves nothing.
        check_file_target("--out", &root.path().join("new/deeper/out.csv")).unwrap();
        check_dir_target("--out", &root.path().join("new/report")).unwrap();
        assert!(!root.path().join("new").exists());
        assert!(fragments(root.path()).is_empty());
        // Nowhere to create files.
        assert!(check_file_target("--out", Path::new("/proc/natosim-test/out.csv")).is_err());
    }
}
