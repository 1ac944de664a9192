//! End-to-end tests of the `natosim` binary that tests/cli.rs does not cover:
//! `extends` chains, printed scenarios, `run`'s files, path ordering errors.

use std::path::Path;
use std::process::{Command, Output};

fn natosim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_natosim"))
        .args(args)
        .output()
        .expect("natosim runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn extends_chains_and_cycles() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "parent.toml",
        "extends = \"baseline\"\n[russia]\nconcentration = 0.4\n",
    );
    let child = write(
        dir.path(),
        "child.toml",
        "extends = \"parent.toml\"\n[scenario]\nname = \"Child\"\n",
    );
    let o = natosim(&["scenario", &child]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("concentration = 0.4") && stdout(&o).contains("name = \"Child\""));
    let a = write(dir.path(), "a.toml", "extends = \"b.toml\"\n");
    write(dir.path(), "b.toml", "extends = \"a.toml\"\n");
    let o = natosim(&["validate", &a]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cycle"), "{}", stderr(&o));
}

#[test]
fn printed_defaults_and_resolved_baseline_validate() {
    let dir = tempfile::tempdir().unwrap();
    let d = natosim(&["scenario", "--defaults"]);
    assert!(d.status.success() && stdout(&d).contains("NAMED ASSUMPTION"));
    let defaults = write(dir.path(), "defaults.toml", &stdout(&d));
    let b = natosim(&["scenario", "baseline"]);
    let baseline = write(dir.path(), "baseline.toml", &stdout(&b));
    let o = natosim(&["validate", &defaults, &baseline, "baseline"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn run_writes_summary_series_and_trace() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tk");
    let o = natosim(&[
        "run",
        "--model",
        "toolkit",
        "--runs",
        "40",
        "--out",
        out.to_str().unwrap(),
        "--trace",
        "0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["model"], "toolkit");
    let series = std::fs::read_to_string(out.join("series.csv")).unwrap();
    assert!(series.starts_with("month,field,mean,p05,p25,p50,p75,p95"));
    let trace = std::fs::read_to_string(out.join("trace.csv")).unwrap();
    assert_eq!(
        trace.lines().count(),
        132 + 1,
        "one row per month of 2025-01..2035-12"
    );
}

#[test]
fn path_points_out_of_order_exit_2_naming_the_element() {
    // Complements tests/cli.rs, which covers the other kinds of bad scenario.
    let dir = tempfile::tempdir().unwrap();
    let text = "[models.toolkit]\nus_troops = [{ at = \"2028-01\", value = 1 }, { at = \"2026-01\", value = 2 }]\n";
    let path = write(dir.path(), "path.toml", text);
    let o = natosim(&["validate", &path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("path.toml") && stderr(&o).contains("models.toolkit.us_troops[1].at"),
        "{}",
        stderr(&o)
    );
}
