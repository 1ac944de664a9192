//! Regression tests for the rough edges a new user hit (issue 9, part 7):
//! every href of a report names a file that exists, a second report leaves
//! no stale files, output files respect the umask, `calibrate --format csv`
//! is CSV, count arguments explain themselves, `--models` tolerates spaces,
//! `natosim metrics` lists every metric, and every subcommand's help gives
//! an example and the valid values.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

fn natosim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_natosim"))
        .args(args)
        .output()
        .expect("run natosim")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(o: Output) -> Output {
    assert!(
        o.status.success(),
        "expected success; stderr:\n{}",
        text(&o.stderr)
    );
    o
}

fn files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// Every `href="…"` of the page that points at a local file.
fn local_links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|l| !l.starts_with('#') && !l.contains("://") && !l.starts_with("mailto:"))
        .map(str::to_string)
        .collect()
}

#[test]
fn report_links_only_files_that_exist_and_a_second_report_leaves_no_stale_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    // A user's own file in the folder must survive every report.
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();

    ok(natosim(&[
        "report",
        "--runs",
        "40",
        "--out",
        out,
        "--map-variable",
        "threat",
    ]));
    let first = files(dir.path());
    assert!(first.contains("map-threat.png"), "{first:?}");

    ok(natosim(&[
        "report",
        "--runs",
        "40",
        "--out",
        out,
        "--no-png",
        "--map-variable",
        "us-trust",
    ]));
    let second = files(dir.path());
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    let links = local_links(&html);
    assert!(!links.is_empty(), "the page links its chart files");
    for l in &links {
        assert!(
            dir.path().join(l).is_file(),
            "report.html links {l}, which does not exist"
        );
    }
    assert!(
        !second.iter().any(|f| f.ends_with(".png")),
        "--no-png after a report with PNGs leaves none behind: {second:?}"
    );
    assert!(
        !second.contains("map-threat.svg"),
        "a map no longer asked for is removed: {second:?}"
    );
    assert!(second.contains("map-us-trust.svg"), "{second:?}");
    assert!(
        second.contains("notes.txt"),
        "files the report did not write are never removed"
    );
}

#[cfg(unix)]
#[test]
fn output_files_respect_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("compare.csv");
    for (umask, mode) in [("022", 0o644), ("077", 0o600)] {
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec \"$0\" compare --runs 5 --format csv --out \"$1\""
            ))
            .arg(env!("CARGO_BIN_EXE_natosim"))
            .arg(&path)
            .output()
            .unwrap();
        ok(o);
        let got = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(got, mode, "umask {umask}: mode {got:o}");
    }
}

#[test]
fn calibrate_csv_is_one_tidy_table_of_held_out_errors() {
    // One header, then one row per specification and held-out split, each
    // with the same columns and numeric errors; persistence is among them.
    let o = ok(natosim(&["calibrate", "--format", "csv"]));
    let s = text(&o.stdout);
    let lines: Vec<&str> = s.lines().collect();
    assert!(lines.len() > 2, "{s}");
    assert!(lines[0].starts_with("spec,"), "{s}");
    let cols = lines[0].split(',').count();
    for row in &lines[1..] {
        assert_eq!(row.split(',').count(), cols, "{row}");
        assert!(
            row.split(',').skip(1).all(|v| v.parse::<f64>().is_ok()),
            "{row}"
        );
    }
    assert!(
        lines[1..].iter().any(|r| r.starts_with("persistence,")),
        "{s}"
    );
}

#[test]
fn a_negative_or_zero_count_says_what_is_allowed() {
    for bad in ["-5", "0", "many"] {
        let o = natosim(&["compare", "--runs", bad]);
        assert_eq!(o.status.code(), Some(2), "--runs {bad}");
        let e = text(&o.stderr);
        assert!(e.contains("at least 1"), "--runs {bad}: {e}");
        assert!(!e.contains("panicked"), "{e}");
    }
}

#[test]
fn models_list_tolerates_spaces_after_commas() {
    let o = ok(natosim(&[
        "compare",
        "--runs",
        "5",
        "--format",
        "csv",
        "--models",
        "status-quo, toolkit",
    ]));
    let s = text(&o.stdout);
    let models: BTreeSet<&str> = s
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(models, BTreeSet::from(["status-quo", "toolkit"]), "{s}");
}

#[test]
fn metrics_lists_every_metric_with_unit_and_range() {
    let o = ok(natosim(&["metrics", "--format", "json"]));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), natosim_core::METRICS.len());
    for (r, m) in rows.iter().zip(natosim_core::METRICS) {
        assert_eq!(r["name"], m.name);
        assert!(!r["unit"].as_str().unwrap().is_empty());
        assert!(r["min"].as_f64().unwrap() < r["max"].as_f64().unwrap());
        assert!(!r["definition"].as_str().unwrap().is_empty());
    }
    let table = text(&ok(natosim(&["metrics"])).stdout);
    for m in natosim_core::METRICS {
        assert!(table.contains(m.name), "{} missing from the table", m.name);
    }
}

#[test]
fn every_subcommand_help_gives_an_example_and_the_valid_values() {
    for sub in [
        "compare",
        "run",
        "validate",
        "scenario",
        "scenarios",
        "metrics",
        "data",
        "sensitivity",
        "discover",
        "experiment",
        "report",
        "calibrate",
    ] {
        let h = text(&ok(natosim(&[sub, "--help"])).stdout);
        assert!(
            h.contains("Example") && h.contains(&format!("natosim {sub}")),
            "`{sub} --help` has no example:\n{h}"
        );
    }
    for sub in [
        "compare",
        "run",
        "sensitivity",
        "discover",
        "experiment",
        "report",
    ] {
        let h = text(&ok(natosim(&[sub, "--help"])).stdout);
        assert!(
            h.contains("european-defence-union"),
            "`{sub} --help` lists the model ids"
        );
    }
    for sub in ["sensitivity", "discover"] {
        let h = text(&ok(natosim(&[sub, "--help"])).stdout);
        assert!(h.contains("p_attack") && h.contains("cohesion"), "{sub}");
    }
}

#[test]
fn a_metric_without_variance_reads_as_undefined_in_the_report_not_as_zero() {
    // IS resurgence never happens in the uncertain baseline: its Sobol'
    // indices are undefined (null). The report's chart must say so.
    let dir = tempfile::tempdir().unwrap();
    let sens = dir.path().join("sens.json");
    let o = ok(natosim(&[
        "sensitivity",
        "--metric",
        "p_is_resurgence",
        "--samples",
        "8",
        "--bootstrap",
        "10",
        "--format",
        "json",
    ]));
    std::fs::write(&sens, &o.stdout).unwrap();
    let out = dir.path().join("report");
    ok(natosim(&[
        "report",
        "--runs",
        "20",
        "--no-png",
        "--out",
        out.to_str().unwrap(),
        "--sensitivity",
        sens.to_str().unwrap(),
    ]));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("the metric does not vary"),
        "no-variance label missing"
    );
}

#[test]
fn misspelt_names_get_a_did_you_mean() {
    for (args, hint) in [
        (
            vec!["sensitivity", "--metric", "cohesoin", "--samples", "8"],
            "did you mean `cohesion`",
        ),
        (
            vec!["compare", "--models", "toolkat", "--runs", "5"],
            "did you mean `toolkit`",
        ),
        (
            vec!["compare", "--scenario", "baselin", "--runs", "5"],
            "did you mean `baseline`",
        ),
        (
            vec!["discover", "--where", "p_atack > 0.2", "--samples", "20"],
            "did you mean `p_attack`",
        ),
    ] {
        let o = natosim(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let e = text(&o.stderr);
        assert!(e.contains(hint), "{args:?}: {e}");
    }
}
