//! End-to-end tests of the `natosim` binary: output shapes, determinism
//! across thread counts, bad input (exit code 2, file and field named).

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
fn compare_json_has_the_documented_shape() {
    let o = natosim(&["compare", "--runs", "60", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["runs"], 60);
    assert!(v["seed"].is_u64() && v["scenario"].is_string());
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
            "toolkit"
        ]
    );
    for m in v["models"].as_array().unwrap() {
        for name in [
            "cohesion",
            "capacity_to_act",
            "decision_days",
            "deterrence",
            "nuclear_credibility",
            "european_burden_share",
            "europe_spending_gdp_2035",
            "p_attack",
            "p_paralysis",
            "p_fragmentation",
        ] {
            let s = &m["metrics"][name];
            let get = |k: &str| s[k].as_f64().unwrap_or_else(|| panic!("{name}.{k}"));
            assert!(
                get("p05") <= get("p50") && get("p50") <= get("p95"),
                "{name}"
            );
            if name != "decision_days" && name != "europe_spending_gdp_2035" {
                assert!((0.0..=1.0).contains(&get("mean")), "{name}");
            }
        }
    }
}

#[test]
fn output_is_byte_identical_on_one_and_two_threads() {
    let args = |t: &'static str| {
        [
            "compare",
            "--runs",
            "2100",
            "--seed",
            "7",
            "--format",
            "json",
            "--threads",
            t,
        ]
    };
    let one = natosim(&args("1"));
    let two = natosim(&args("2"));
    assert!(one.status.success() && two.status.success());
    assert_eq!(one.stdout, two.stdout);
    let other = natosim(&[
        "compare", "--runs", "2100", "--seed", "8", "--format", "json",
    ]);
    assert_ne!(
        one.stdout, other.stdout,
        "a different seed changes the result"
    );
}

#[test]
fn table_and_csv_formats() {
    let t = natosim(&["compare", "--runs", "30"]);
    assert!(t.status.success());
    for label in [
        "Status quo",
        "Transatlantic NATO minus",
        "European Defence Union",
        "NATO as a toolkit",
    ] {
        assert!(stdout(&t).contains(label), "{label}");
    }
    let c = natosim(&["compare", "--runs", "30", "--format", "csv"]);
    let text = stdout(&c);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("model,metric,mean,p05,p50,p95,n"));
    assert_eq!(lines.count(), 4 * natosim_core::METRICS.len());
}

#[test]
fn out_file_is_written_whole_without_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.json");
    let o = natosim(&[
        "compare",
        "--runs",
        "20",
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let _: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary files left"
    );
}

#[test]
fn bad_scenarios_exit_2_naming_file_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("syntax.toml", "[russia]\nconcentration = = 2\n", "line 2"),
        (
            "unknown.toml",
            "[russia]\nconcentraton = 0.5\n",
            "russia.concentraton",
        ),
        (
            "type.toml",
            "[models.toolkit]\nsovereignty_cost = \"high\"\n",
            "models.toolkit.sovereignty_cost",
        ),
        (
            "range.toml",
            "[russia]\nconcentration = 1.5\n",
            "russia.concentration",
        ),
        (
            "dates.toml",
            "[scenario]\nstart = \"2030-01\"\nend = \"2029-12\"\n",
            "scenario.end",
        ),
        (
            "path.toml",
            "[models.toolkit]\nus_troops = [{ at = \"2028-01\", value = 1 }, { at = \"2026-01\", value = 2 }]\n",
            "models.toolkit.us_troops[1].at",
        ),
    ];
    for (name, text, field) in cases {
        let path = write(dir.path(), name, text);
        for cmd in [
            vec!["validate", path.as_str()],
            vec!["compare", "--runs", "5", "--scenario", path.as_str()],
        ] {
            let o = natosim(&cmd);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{name}: {err}");
            assert!(err.contains(name) && err.contains(field), "{name}: {err}");
            assert!(!err.contains("panicked"), "{err}");
        }
    }
    let range = stderr(&natosim(&[
        "validate",
        &write(dir.path(), "r.toml", "[russia]\nconcentration = 1.5\n"),
    ]));
    assert!(range.contains("allowed: 0 … 1"), "{range}");
}

#[test]
fn bad_arguments_exit_2() {
    for args in [
        vec!["compare", "--scenario", "no-such-scenario"],
        vec!["compare", "--runs", "0"],
        vec!["compare", "--models", "nato-2"],
        vec!["run", "--model", "warsaw-pact"],
    ] {
        let o = natosim(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"));
    }
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
fn data_calibrate_and_scenarios() {
    let d = natosim(&["data", "--format", "csv"]);
    assert!(d.status.success());
    assert_eq!(stdout(&d).lines().count(), 32 + 1);
    let c = natosim(&["calibrate"]);
    assert!(c.status.success() && stdout(&c).contains("R²"));
    let s = natosim(&["scenarios"]);
    assert!(stdout(&s).contains("baseline"));
}
