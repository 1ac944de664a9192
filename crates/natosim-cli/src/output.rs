//! Output helpers: CSV and plain-text tables, and where they go (a file
//! replaced atomically, or standard output: see [`crate::atomic`]). Numbers are
//! formatted by `natosim_core::metrics::Kind::format`, the one definition
//! shared with the report.

use std::path::Path;

pub use crate::atomic::write_file as write_atomic;

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

/// Writes `bytes` to `out` atomically, or to standard output (flushed; a
/// closed pipe ends the program quietly, see [`crate::atomic::ClosedPipe`]).
pub fn emit(out: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(path) => write_atomic(path, bytes),
        None => crate::atomic::to_stdout(bytes),
    }
}

/// Pretty JSON of `v` in its declared field order, with a final newline.
pub fn pretty_json<T: serde::Serialize + ?Sized>(v: &T) -> anyhow::Result<Vec<u8>> {
    let mut s = serde_json::to_string_pretty(v)?;
    s.push('\n');
    Ok(s.into_bytes())
}
