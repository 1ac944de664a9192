//! Regression tests for issue 14, defects 4 and 6: huge numbers and thread
//! counts are refused up front (exit 2, a message with the flag, the limit
//! and the estimated cost), never a panic, an abort on a huge allocation or
//! a job that runs for years. Each is the defect's own command line.

use std::process::{Command, Output};

fn natosim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_natosim"))
        .args(args)
        .output()
        .expect("run natosim")
}

/// Asserts exit code 2 (bad input) and that stderr contains every needle.
fn refused(o: &Output, needles: &[&str]) -> String {
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "expected exit 2; stderr:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(err.contains(n), "expected `{n}` in:\n{err}");
    }
    err
}

#[test]
fn a_factorial_design_too_large_to_count_is_refused_not_a_capacity_overflow() {
    // Was: panic "capacity overflow" (exit 101): 1000^16 points.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("e.csv");
    let o = natosim(&[
        "experiment",
        "--design",
        "factorial",
        "--levels",
        "1000",
        "--out",
        out.to_str().unwrap(),
    ]);
    refused(
        &o,
        &["rows", "above 10^38", "at most 50000000", "RELIABILITY.md"],
    );
    assert!(!out.exists(), "nothing written");
    // Levels beyond their own limit are named as such.
    let o = natosim(&[
        "experiment",
        "--design",
        "factorial",
        "--levels",
        "5000",
        "--out",
        out.to_str().unwrap(),
    ]);
    refused(&o, &["--levels 5000", "at most 1000 levels"]);
}

#[test]
fn a_design_of_a_billion_samples_is_refused_not_aborted() {
    // Was: abort on a 360 GB allocation (exit 134).
    let o = natosim(&[
        "sensitivity",
        "--metric",
        "p_attack",
        "--samples",
        "1000000000",
    ]);
    refused(&o, &["--samples 1000000000", "at most 10000000 samples"]);
    // Within the samples limit, but N·(k+2) evaluations are not: the
    // estimate gives time and memory.
    let o = natosim(&[
        "sensitivity",
        "--metric",
        "p_attack",
        "--samples",
        "2000000",
    ]);
    refused(
        &o,
        &[
            "evaluations",
            "at most 10000000 model evaluations",
            "CPU-",
            "of memory",
            "~1 ms",
        ],
    );
    let o = natosim(&[
        "discover",
        "--where",
        "p_attack > 0.2",
        "--samples",
        "100000000",
    ]);
    refused(&o, &["--samples 100000000"]);
    let o = natosim(&[
        "sensitivity",
        "--metric",
        "p_attack",
        "--samples",
        "16",
        "--bootstrap",
        "1000000000",
    ]);
    refused(&o, &["--bootstrap 1000000000", "at most 10000 resamples"]);
}

#[test]
fn a_trillion_runs_are_refused_with_the_estimated_time() {
    // Was: accepted (and run for ~30 CPU-years).
    for cmd in ["compare", "members", "decompose"] {
        let mut args = vec![cmd];
        match cmd {
            "members" => args.extend(["--model", "toolkit"]),
            "decompose" => args.extend(["status-quo", "toolkit"]),
            _ => {}
        }
        args.extend(["--runs", "1000000000000"]);
        let o = natosim(&args);
        refused(
            &o,
            &[
                "--runs 1000000000000",
                "at most 10000000 runs per model",
                "31.7 CPU-years",
            ],
        );
    }
}

#[test]
fn runs_from_a_scenario_file_are_held_to_the_same_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many-runs.toml");
    std::fs::write(
        &path,
        "extends = \"baseline\"\n[scenario]\nruns = 50000000\n",
    )
    .unwrap();
    let o = natosim(&["compare", "--scenario", path.to_str().unwrap()]);
    refused(&o, &["scenario.runs", "50000000", "allowed: 1 … 10000000"]);
}

#[test]
fn thread_counts_are_bounded() {
    // Was: 10,000 threads accepted (54 s and 228 MB for 5 runs).
    let o = natosim(&["compare", "--runs", "2", "--threads", "100000"]);
    refused(&o, &["--threads 100000", "at most 256 threads"]);
    let o = natosim(&["sensitivity", "--metric", "p_attack", "--threads", "257"]);
    refused(&o, &["--threads 257", "at most 256 threads"]);
    let o = natosim(&["compare", "--runs", "2", "--threads", "0"]);
    refused(&o, &["--threads must be at least 1"]);
    // At the limit the command runs.
    let o = natosim(&[
        "compare",
        "--runs",
        "2",
        "--threads",
        "256",
        "--models",
        "toolkit",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn oversized_input_files_are_refused_before_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    // A scenario of 2 MiB of comments: valid TOML, but above 1 MiB.
    let big = dir.path().join("big.toml");
    let line = format!("# {}\n", "x".repeat(1021));
    std::fs::write(&big, line.repeat(2048)).unwrap();
    let o = natosim(&["validate", big.to_str().unwrap()]);
    refused(&o, &["big.toml", "size 2097152", "at most 1048576 bytes"]);
    // A sensitivity file that never ends is cut off at the limit.
    #[cfg(unix)]
    {
        let out = dir.path().join("report");
        let o = natosim(&[
            "report",
            "--runs",
            "2",
            "--no-png",
            "--sensitivity",
            "/dev/zero",
            "--out",
            out.to_str().unwrap(),
        ]);
        refused(
            &o,
            &[
                "--sensitivity /dev/zero: size 16777217",
                "at most 16777216 bytes",
            ],
        );
        assert!(!out.exists(), "refused before any work");
    }
}
