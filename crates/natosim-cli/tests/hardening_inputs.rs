//! Regression tests for the command-line defects of issue 14, part A
//! (inputs and numbers): each reproduced on the defect's own input.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn natosim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_natosim"))
        .args(args)
        .output()
        .expect("run natosim")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn refused(o: &Output, needle: &str) {
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "expected exit 2; stderr:\n{err}");
    assert!(err.contains(needle), "expected `{needle}` in:\n{err}");
}

#[test]
fn non_finite_where_thresholds_exit_2() {
    for w in ["p_attack > nan", "p_attack < inf"] {
        let o = natosim(&["discover", "--where", w, "--samples", "20"]);
        refused(&o, "finite");
    }
}

#[test]
fn a_trace_beyond_the_runs_and_duplicate_models_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let o = natosim(&[
        "run",
        "--model",
        "toolkit",
        "--runs",
        "3",
        "--trace",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    refused(&o, "--trace 3");
    assert!(
        !out.join("summary.json").exists(),
        "refused before any work"
    );
    let o = natosim(&[
        "compare",
        "--runs",
        "2",
        "--models",
        "toolkit,status-quo,toolkit",
    ]);
    refused(&o, "twice");
}

#[test]
fn escape_sequences_in_a_name_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("evil.toml");
    std::fs::write(
        &f,
        "extends = \"baseline\"\n[scenario]\nname = \"\\u001b[2K\\rbaseline.toml: ok\\u001b[0m\"\n",
    )
    .unwrap();
    let o = natosim(&["validate", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(!out.contains('\u{1b}') && !out.contains('\r'), "{out:?}");
    assert_eq!(out.lines().count(), 1, "{out:?}");
}

#[test]
fn serde_jargon_is_plain_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.toml");
    std::fs::write(&f, "extends = \"baseline\"\n[scenario]\nruns = \"many\"\n").unwrap();
    let o = natosim(&["validate", f.to_str().unwrap()]);
    refused(&o, "bad.toml");
    refused(&o, "expected a whole number ≥ 0, found the string \"many\"");
    std::fs::write(
        &f,
        "extends = \"baseline\"\n[us.withdrawal]\nreason = { a = 1, b = 2 }\n",
    )
    .unwrap();
    let o = natosim(&["validate", f.to_str().unwrap()]);
    assert!(
        !text(&o.stderr).contains("wanted exactly"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn the_resolved_uncertain_baseline_keeps_its_declarations() {
    let o = natosim(&["scenario", "uncertain-baseline"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let resolved = text(&o.stdout);
    assert!(resolved.contains("[uncertainties."), "{resolved}");
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("resolved.toml");
    std::fs::write(&f, &resolved).unwrap();
    // The written file declares what the shipped one does.
    let ours = natosim_core::scenario::load(
        "resolved.toml",
        &natosim_core::scenario::MemorySource::new().with("resolved.toml", resolved.clone()),
    )
    .unwrap()
    .exploration()
    .unwrap();
    let shipped =
        natosim_core::scenario::load("uncertain-baseline", &natosim_core::scenario::ShippedSource)
            .unwrap()
            .exploration()
            .unwrap();
    let paths = |s: &natosim_core::explore::ExplorationSpec| {
        // Path order in a resolved file (one layer), layer by layer in
        // the shipped chain: the same declarations either way.
        let mut u: Vec<_> = s
            .uncertainties
            .iter()
            .map(|u| (u.path.clone(), format!("{:?}", u.dist), u.group.clone()))
            .collect();
        u.sort();
        (
            u,
            s.levers
                .iter()
                .map(|l| (l.path.clone(), l.levels.clone()))
                .collect::<Vec<_>>(),
            s.outcomes.clone(),
        )
    };
    assert_eq!(paths(&ours), paths(&shipped));
}

#[test]
fn a_report_with_huge_sensitivity_indices_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s.json");
    std::fs::write(
        &s,
        r#"{"scenario":"s","model":"toolkit","metric":"p_attack","method":"sobol",
        "samples":4,"seed":1,"evaluations":24,"groups":[],"convergence":[],
        "parameters":[{"name":"a","group":null,"s1":1e308,"s1_conf":1e308,"st":1e308,"st_conf":1e308}]}"#,
    )
    .unwrap();
    let out = dir.path().join("r");
    let start = Instant::now();
    let o = natosim(&[
        "report",
        "--runs",
        "2",
        "--no-png",
        "--sensitivity",
        s.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(start.elapsed() < Duration::from_secs(120));
    // A constant metric's output (every index null) is read too.
    let nulls = std::fs::read_to_string(&s)
        .unwrap()
        .replace("1e308", "null");
    std::fs::write(&s, nulls).unwrap();
    let o = natosim(&[
        "report",
        "--runs",
        "2",
        "--no-png",
        "--sensitivity",
        s.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
}
