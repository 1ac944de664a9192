//! Output helpers: atomic file writes, CSV and plain-text tables. Numbers are
//! formatted by `natosim_core::metrics::Kind::format`, the one definition
//! shared with the report.

use anyhow::Context;
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// directory, flushed and synced, then renamed over the target. An
/// interrupted run leaves either the old file or none, never a half file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut tmp = temp_file_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// A temporary file in `dir`, to be renamed over a target when complete.
/// tempfile creates 0600 files; ask for 0666 so the result is what any other
/// program would create: 0666 minus the user's umask.
pub fn temp_file_in(dir: &Path) -> anyhow::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))
}

/// Serialises rows to CSV in memory.
pub fn to_csv<T: serde::Serialize>(rows: impl IntoIterator<Item = T>) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r)?;
    }
    Ok(w.into_inner()?)
}

/// Lays out rows as a plain-text table: the first column left-aligned, the
/// others right-aligned, a rule under the header row.
pub fn text_table(rows: &[Vec<String>]) -> String {
    layout(rows, 1)
}

/// Like [`text_table`], but every column left-aligned (for text columns).
pub fn text_table_left(rows: &[Vec<String>]) -> String {
    layout(rows, usize::MAX)
}

/// Columns before `left_columns` are left-aligned, the rest right-aligned.
fn layout(rows: &[Vec<String>], left_columns: usize) -> String {
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|k| rows.iter().map(|r| r[k].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for (i, r) in rows.iter().enumerate() {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(k, (cell, w))| {
                if k < left_columns {
                    format!("{cell:<w$}")
                } else {
                    format!("{cell:>w$}")
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
        if i == 0 {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1)));
            out.push('\n');
        }
    }
    out
}

/// Writes `bytes` to `out` atomically, or to standard output (flushed).
pub fn emit(out: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(path) => write_atomic(path, bytes),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bytes)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// Pretty JSON of `v` in its declared field order, with a final newline.
pub fn pretty_json<T: serde::Serialize + ?Sized>(v: &T) -> anyhow::Result<Vec<u8>> {
    let mut s = serde_json::to_string_pretty(v)?;
    s.push('\n');
    Ok(s.into_bytes())
}
