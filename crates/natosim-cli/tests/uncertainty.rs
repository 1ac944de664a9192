//! `natosim compare --uncertainty …` and `natosim decompose`: what the
//! intervals carry is said in every format, the modes pair up, and the
//! decomposition adds up.

use serde_json::Value;
use std::process::{Command, Output};

fn natosim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_natosim"))
        .args(args)
        .output()
        .expect("run natosim")
}

fn ok(args: &[&str]) -> String {
    let o = natosim(args);
    assert!(
        o.status.success(),
        "natosim {args:?} failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8")
}

fn bad_input(args: &[&str], needle: &str) {
    let o = natosim(args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "natosim {args:?}: {err}");
    assert!(err.contains(needle), "natosim {args:?}: {err}");
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(args)).expect("one JSON document")
}

#[test]
fn the_baseline_draws_its_declared_parameters_by_default_and_says_so() {
    let v = json(&["compare", "--runs", "30", "--format", "json"]);
    assert_eq!(v["uncertainty"]["mode"], "combined");
    let params = v["uncertainty"]["parameters"].as_array().expect("array");
    assert!(params.len() >= 10, "{params:?}");
    let paths: Vec<&str> = params.iter().map(|p| p["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"russia.concentration"), "{paths:?}");
    let conc = params
        .iter()
        .find(|p| p["path"] == "russia.concentration")
        .unwrap();
    assert_eq!(conc["nominal"], 0.3);
    assert_eq!(conc["dist"]["dist"], "triangular");
    let table = ok(&["compare", "--runs", "30"]);
    assert!(
        table
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("uncertainty: combined"),
        "{table}"
    );
    let al = ok(&["compare", "--runs", "30", "--uncertainty", "aleatory"]);
    assert!(
        al.lines()
            .nth(1)
            .unwrap()
            .starts_with("uncertainty: aleatory only"),
        "{al}"
    );
    let v = json(&[
        "compare",
        "--runs",
        "30",
        "--format",
        "json",
        "--uncertainty",
        "aleatory",
    ]);
    assert_eq!(v["uncertainty"]["mode"], "aleatory");
    assert_eq!(v["uncertainty"]["parameters"].as_array().unwrap().len(), 0);
}

#[test]
fn split_shows_the_aleatory_side_of_the_same_runs_and_a_share() {
    let common = ["--runs", "60", "--seed", "3", "--format", "json"];
    let mut split = vec!["compare", "--uncertainty", "split"];
    split.extend_from_slice(&common);
    let mut al = vec!["compare", "--uncertainty", "aleatory"];
    al.extend_from_slice(&common);
    let mut comb = vec!["compare", "--uncertainty", "combined"];
    comb.extend_from_slice(&common);
    let (s, a, c) = (json(&split), json(&al), json(&comb));
    assert_eq!(s["uncertainty"]["mode"], "split");
    for k in 0..4 {
        assert_eq!(
            s["models"][k]["metrics"], c["models"][k]["metrics"],
            "model {k}"
        );
        let sp = s["models"][k]["split"].as_object().expect("split");
        for (name, x) in sp {
            assert_eq!(x["aleatory"], a["models"][k]["metrics"][name], "{name}");
            if let Some(share) = x["parameter_share"].as_f64() {
                assert!((0.0..=1.0).contains(&share), "{name}: {share}");
            }
        }
    }
    let table = ok(&["compare", "--runs", "20", "--uncertainty", "split"]);
    assert!(table.contains("Aleatory only"), "{table}");
    assert!(table.contains("Share of the variance"), "{table}");
    let csv = ok(&[
        "compare",
        "--runs",
        "20",
        "--uncertainty",
        "split",
        "--format",
        "csv",
    ]);
    assert!(csv.starts_with(
        "model,metric,mean,p05,p50,p95,n,uncertainty,aleatory_mean,aleatory_p05,aleatory_p50,aleatory_p95,parameter_share\n"
    ));
}

#[test]
fn drawing_parameters_a_scenario_does_not_declare_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("plain.toml");
    std::fs::write(&f, "[scenario]\nname = \"plain\"\n").unwrap();
    let f = f.to_str().unwrap();
    bad_input(
        &[
            "compare",
            "--runs",
            "5",
            "--scenario",
            f,
            "--uncertainty",
            "combined",
        ],
        "declares no [uncertainties]",
    );
    // Without the flag such a scenario runs aleatory-only.
    let v = json(&[
        "compare",
        "--runs",
        "5",
        "--scenario",
        f,
        "--format",
        "json",
    ]);
    assert_eq!(v["uncertainty"]["mode"], "aleatory");
}

#[test]
fn a_scenario_that_sets_a_declared_parameter_fixes_it() {
    let v = json(&[
        "compare",
        "--runs",
        "5",
        "--scenario",
        "baltic-coup-de-main-2030",
        "--format",
        "json",
    ]);
    let paths: Vec<&str> = v["uncertainty"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert!(!paths.contains(&"russia.concentration"), "{paths:?}");
    assert!(paths.contains(&"baltic.russia_brigades"), "{paths:?}");
}

#[test]
fn decompose_adds_up_in_every_format() {
    let v = json(&[
        "decompose",
        "status-quo",
        "european-defence-union",
        "--runs",
        "40",
        "--format",
        "json",
    ]);
    assert_eq!(v["hybrids"], 8);
    assert_eq!(v["uncertainty"]["mode"], "combined");
    for m in v["metrics"].as_array().unwrap() {
        let gap = &m["gap"]["mean"];
        let Some(gap) = gap.as_f64() else { continue };
        let sum: f64 = m["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["shapley"]["mean"].as_f64().unwrap())
            .sum();
        assert!((sum - gap).abs() < 1e-9 * (1.0 + gap.abs()), "{m}");
    }
    let table = ok(&["decompose", "status-quo", "toolkit", "--runs", "20"]);
    for h in ["gap B − A", "us-posture", "leadership", "institutions"] {
        assert!(table.contains(h), "{table}");
    }
    let csv = ok(&[
        "decompose",
        "status-quo",
        "toolkit",
        "--runs",
        "20",
        "--format",
        "csv",
        "--uncertainty",
        "aleatory",
    ]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("metric,part,mean,low,high,differs,n"));
    assert_eq!(lines.count(), 4 * natosim_core::METRICS.len());
    bad_input(
        &["decompose", "status-quo", "tolkit", "--runs", "5"],
        "toolkit",
    );
    bad_input(
        &[
            "decompose",
            "status-quo",
            "toolkit",
            "--uncertainty",
            "split",
        ],
        "split",
    );
}

#[test]
fn decompose_is_deterministic_across_threads() {
    let args = |t: &'static str| {
        [
            "decompose",
            "status-quo",
            "toolkit",
            "--runs",
            "300",
            "--format",
            "json",
            "--threads",
            t,
        ]
    };
    assert_eq!(ok(&args("1")), ok(&args("2")));
}
