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

#[test]
fn a_fifth_model_runs_through_compare_and_report_and_an_unnamed_file_is_named_by_its_stem() {
    let dir = tempfile::tempdir().unwrap();
    // A user's file: no `[scenario] name`, one model defined as data.
    let file = write(
        dir.path(),
        "my-coalitions.toml",
        "extends = \"baseline\"\n\n[models.coalitions-qmv]\nlike = \"toolkit\"\nlabel = \"Coalitions, QMV\"\nlabel_de = \"Koalitionen, QMV\"\ndecision_rule = \"qualified-majority\"\n",
    );
    let o = natosim(&[
        "compare",
        "--scenario",
        &file,
        "--runs",
        "20",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    // Labelled by its file, not by its parent ("Baseline").
    assert_eq!(v["scenario"], "my-coalitions");
    let ids: Vec<&str> = v["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "status-quo",
            "transatlantic-minus",
            "european-defence-union",
            "toolkit",
            "coalitions-qmv"
        ]
    );
    assert_eq!(v["models"][4]["label"], "Coalitions, QMV");
    // `--models` parses against the scenario's models.
    let o = natosim(&[
        "compare",
        "--scenario",
        &file,
        "--runs",
        "5",
        "--models",
        "coalitions-qmv",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o)
            .lines()
            .skip(1)
            .all(|l| l.starts_with("coalitions-qmv,"))
    );
    let o = natosim(&["compare", "--runs", "5", "--models", "coalitions-qmv"]);
    assert_eq!(o.status.code(), Some(2), "the baseline has no such model");
    assert!(stderr(&o).contains("allowed: status-quo"), "{}", stderr(&o));
    // The report: one panel, swatch and map per model, German labels from the file.
    let out = dir.path().join("report");
    let o = natosim(&[
        "report",
        "--scenario",
        &file,
        "--runs",
        "10",
        "--lang",
        "de",
        "--no-png",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Koalitionen, QMV"));
    assert!(html.contains("Heutige NATO"));
    let fan = std::fs::read_to_string(out.join("fan-cohesion.svg")).unwrap();
    assert!(fan.contains("Koalitionen, QMV"));
    // The fifth colour is not one of the study models'.
    for c in ["#0072B2", "#E69F00", "#009E73", "#CC79A7"] {
        assert!(fan.contains(c), "{c}");
    }
    assert!(fan.contains("#56B4E9"));
    let csv = std::fs::read_to_string(out.join("fan-cohesion.csv")).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("coalitions-qmv,")));
}

#[test]
fn unknown_fields_and_models_come_with_a_line_and_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "typo.toml", "[russia]\n\nconcentraton = 0.4\n");
    let o = natosim(&["validate", &f]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("typo.toml: line 3, column 1: field `russia.concentraton`"),
        "{e}"
    );
    assert!(e.contains("did you mean `concentration`?"), "{e}");
    let o = natosim(&[
        "run",
        "--model",
        "edu",
        "--runs",
        "1",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown model `edu`"), "{}", stderr(&o));
}
