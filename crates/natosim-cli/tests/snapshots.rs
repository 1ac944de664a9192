//! Snapshot tests: what users see must not change by accident.
//!
//! * The README's quick-start table is exactly what `natosim compare` prints
//!   (so the README never shows stale numbers).
//! * The shapes of the JSON documents (`compare`, `run`'s `summary.json`,
//!   `metrics`) are pinned with insta: keys, nesting and value types, not
//!   numbers — a renamed or dropped field fails here.
//! * The report's HTML structure (headings, sections, figures, tables) is
//!   pinned the same way.
//!
//! To accept an intended change: `INSTA_UPDATE=always cargo test -p
//! natosim-cli --release --test snapshots`, then review the diff of
//! `tests/snapshots/`.

use serde_json::Value;
use std::fmt::Write;
use std::process::Command;

fn natosim(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_natosim"))
        .args(args)
        .output()
        .expect("run natosim");
    assert!(
        o.status.success(),
        "natosim {args:?} failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8")
}

/// The shape of a JSON value: object keys in order with the shapes of their
/// values, arrays as their length and the shape of their first element.
fn shape(v: &Value, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent);
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                match v {
                    Value::Object(_) | Value::Array(_) => {
                        let _ = writeln!(out, "{pad}{k}: {}", kind(v));
                        shape(v, indent + 1, out);
                    }
                    _ => {
                        let _ = writeln!(out, "{pad}{k}: {}", kind(v));
                    }
                }
            }
        }
        Value::Array(a) => {
            if let Some(first) = a.first() {
                let _ = writeln!(out, "{pad}[0]: {}", kind(first));
                shape(first, indent + 1, out);
            }
        }
        _ => {}
    }
}

fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(_) => "bool".into(),
        Value::Number(_) => "number".into(),
        Value::String(_) => "string".into(),
        Value::Array(a) => format!("array of {}", a.len()),
        Value::Object(_) => "object".into(),
    }
}

fn json_shape(text: &str) -> String {
    let v: Value = serde_json::from_str(text).expect("one JSON document");
    let mut out = String::new();
    if v.is_array() {
        let _ = writeln!(out, "{}", kind(&v));
    }
    shape(&v, 0, &mut out);
    out
}

/// The quick-start block of the README: the first ```text fence after
/// "## Quick start".
fn readme_table() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md");
    let quick = readme
        .split("## Quick start")
        .nth(1)
        .expect("a Quick start section");
    let block = quick
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a ```text block in the quick start");
    block.to_string()
}

#[test]
fn readme_quick_start_table_is_what_compare_prints() {
    let printed = natosim(&["compare"]);
    let readme = readme_table();
    assert_eq!(
        readme, printed,
        "the README's quick-start table is stale: replace it with the output of `natosim compare`"
    );
}

#[test]
fn compare_json_shape() {
    insta::assert_snapshot!(json_shape(&natosim(&[
        "compare", "--runs", "20", "--format", "json"
    ])));
}

#[test]
fn run_summary_json_shape() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    natosim(&["run", "--model", "toolkit", "--runs", "20", "--out", out]);
    let text = std::fs::read_to_string(dir.path().join("summary.json")).unwrap();
    insta::assert_snapshot!(json_shape(&text));
    let series = std::fs::read_to_string(dir.path().join("series.csv")).unwrap();
    insta::assert_snapshot!("run_series_csv_header", series.lines().next().unwrap());
}

#[test]
fn metrics_json_shape() {
    insta::assert_snapshot!(json_shape(&natosim(&["metrics", "--format", "json"])));
}

/// The report's outline: every heading with its text, and every section,
/// figure and table with its id or class, in document order.
fn html_outline(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let tag: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let head = &rest[..rest.find('>').unwrap_or(rest.len())];
        let attr = |name: &str| {
            head.split(&format!("{name}=\""))
                .nth(1)
                .and_then(|a| a.split('"').next())
                .map(str::to_string)
        };
        match tag.as_str() {
            "h1" | "h2" | "h3" => {
                let body = &rest[head.len() + 1..];
                let text = body.split("</").next().unwrap_or("");
                let _ = writeln!(out, "{tag}: {text}");
            }
            "section" | "figure" | "table" | "nav" => {
                let label = attr("id")
                    .map(|i| format!("#{i}"))
                    .or_else(|| attr("class").map(|c| format!(".{c}")))
                    .unwrap_or_default();
                let _ = writeln!(out, "  {tag}{label}");
            }
            _ => {}
        }
    }
    out
}

#[test]
fn report_html_structure() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_natosim"))
        .args(["report", "--runs", "20", "--no-png", "--out", out])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    insta::assert_snapshot!(html_outline(&html));
}
