//! End-to-end tests of the `natosim` binary: output formats, determinism,
//! atomic output files, error reporting (exit code 2, file and field path),
//! `extends` chains and the auxiliary commands.
//!
//! Runs are kept small (40–300 per model) so the suite stays fast.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The four models, in output order.
const MODEL_IDS: [&str; 4] = [
    "status-quo",
    "transatlantic-minus",
    "european-defence-union",
    "toolkit",
];

/// Their labels in the baseline.
const MODEL_LABELS: [&str; 4] = [
    "Status quo",
    "Transatlantic NATO minus",
    "European Defence Union",
    "NATO as a toolkit",
];

/// Metrics every model must report.
const REQUIRED_METRICS: [&str; 10] = [
    "cohesion",
    "capacity_to_act",
    "decision_days",
    "deterrence",
    "nuclear_credibility",
    "european_burden_share",
    "europe_spending_gdp_final",
    "p_attack",
    "p_paralysis",
    "p_fragmentation",
];

/// Metrics that are indices or probabilities, hence in [0, 1] (if present).
const UNIT_METRICS: [&str; 11] = [
    "cohesion",
    "capacity_to_act",
    "deterrence",
    "conventional_deterrence",
    "nuclear_credibility",
    "european_burden_share",
    "free_riding_final",
    "us_trust",
    "p_attack",
    "p_paralysis",
    "p_fragmentation",
];

/// The result of one invocation.
struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Out {
    fn describe(&self) -> String {
        format!(
            "exit code {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// Asserts success (exit 0, no panic) and returns self.
    fn ok(self) -> Self {
        assert_eq!(self.code, Some(0), "expected success; {}", self.describe());
        assert!(!self.stderr.contains("panicked"), "{}", self.describe());
        self
    }

    /// Asserts a bad-input failure: exit code 2, no panic, an `error:` line,
    /// and every `needle` in stderr.
    fn bad_input(self, needles: &[&str]) -> Self {
        assert_eq!(
            self.code,
            Some(2),
            "expected exit code 2 (bad input); {}",
            self.describe()
        );
        assert!(
            !self.stderr.contains("panicked"),
            "must not panic; {}",
            self.describe()
        );
        assert!(
            self.stderr.contains("error:"),
            "stderr should carry an error message; {}",
            self.describe()
        );
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "stderr should mention {n:?}; {}",
                self.describe()
            );
        }
        self
    }
}

fn run_in(dir: Option<&Path>, args: &[&str]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_natosim"));
    cmd.args(args);
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let o = cmd.output().expect("failed to start natosim");
    Out {
        code: o.status.code(),
        stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
    }
}

fn natosim(args: &[&str]) -> Out {
    run_in(None, args)
}

fn fixture(name: &str) -> String {
    let p: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", name]
        .iter()
        .collect();
    assert!(p.is_file(), "missing fixture {}", p.display());
    p.to_str().expect("UTF-8 path").to_string()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write scenario");
    p.to_str().expect("UTF-8 path").to_string()
}

fn file_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

fn num(v: &Value, what: &str) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("{what} should be a number, found {v}"))
}

fn compare_json(extra: &[&str]) -> Value {
    let mut args = vec!["compare", "--format", "json"];
    args.extend_from_slice(extra);
    let out = natosim(&args).ok();
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not exactly one JSON document ({e}):\n{}",
            out.stdout
        )
    })
}

// ---------------------------------------------------------------------------
// 1. compare --format json
// ---------------------------------------------------------------------------

#[test]
fn compare_json_has_all_models_and_metrics_with_ordered_quantiles() {
    let v = compare_json(&["--runs", "60", "--seed", "11"]);
    let obj = v.as_object().expect("top level is an object");
    let keys: BTreeSet<&str> = obj.keys().map(String::as_str).collect();
    for k in ["scenario", "seed", "runs", "models"] {
        assert!(keys.contains(k), "missing key {k}: {keys:?}");
    }
    assert_eq!(v["scenario"], "Baseline");
    assert_eq!(v["seed"], 11);
    assert_eq!(v["runs"], 60);

    let models = v["models"].as_array().expect("models is an array");
    let ids: Vec<&str> = models
        .iter()
        .map(|m| m["id"].as_str().expect("id is a string"))
        .collect();
    assert_eq!(ids, MODEL_IDS);
    let labels: Vec<&str> = models
        .iter()
        .map(|m| m["label"].as_str().expect("label is a string"))
        .collect();
    assert_eq!(labels, MODEL_LABELS);

    for m in models {
        let id = m["id"].as_str().unwrap_or("?");
        let metrics = m["metrics"].as_object().expect("metrics is an object");
        for name in REQUIRED_METRICS {
            assert!(metrics.contains_key(name), "{id}: missing metric {name}");
        }
        for (name, s) in metrics {
            let what = format!("{id}.{name}");
            let mean = num(&s["mean"], &format!("{what}.mean"));
            let p05 = num(&s["p05"], &format!("{what}.p05"));
            let p50 = num(&s["p50"], &format!("{what}.p50"));
            let p95 = num(&s["p95"], &format!("{what}.p95"));
            assert!(
                p05 <= p50 && p50 <= p95,
                "{what}: quantiles out of order: p05 {p05}, p50 {p50}, p95 {p95}"
            );
            if let Some(n) = s.get("n") {
                let n = n.as_u64().expect("n is an integer");
                assert!((1..=60).contains(&n), "{what}: n = {n}");
            }
            if UNIT_METRICS.contains(&name.as_str()) {
                for (q, x) in [("mean", mean), ("p05", p05), ("p50", p50), ("p95", p95)] {
                    assert!(
                        (0.0..=1.0).contains(&x),
                        "{what}.{q} = {x} is outside [0, 1]"
                    );
                }
            }
        }
        assert!(num(&metrics["decision_days"]["p05"], "decision_days") >= 0.0);
        let spend = num(&metrics["europe_spending_gdp_final"]["mean"], "spending");
        assert!(
            spend > 0.0 && spend < 20.0,
            "{id}: spending {spend} % of GDP"
        );
    }
}

#[test]
fn compare_models_option_selects_and_orders_models() {
    let v = compare_json(&["--runs", "40", "--models", "toolkit,status-quo"]);
    let ids: Vec<&str> = v["models"]
        .as_array()
        .expect("models")
        .iter()
        .map(|m| m["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["toolkit", "status-quo"]);
}

// ---------------------------------------------------------------------------
// 2. Determinism
// ---------------------------------------------------------------------------

#[test]
fn compare_is_deterministic_across_threads_and_repeats() {
    let args = |threads: &'static str| {
        [
            "compare",
            "--format",
            "json",
            "--runs",
            "2100",
            "--seed",
            "7",
            "--threads",
            threads,
        ]
    };
    let one = natosim(&args("1")).ok().stdout;
    let two = natosim(&args("2")).ok().stdout;
    let one_again = natosim(&args("1")).ok().stdout;
    let two_again = natosim(&args("2")).ok().stdout;
    assert!(!one.is_empty());
    assert!(one == two, "--threads 1 and --threads 2 differ");
    assert!(one == one_again, "two runs with --threads 1 differ");
    assert!(two == two_again, "two runs with --threads 2 differ");

    let v: Value = serde_json::from_str(&one).expect("JSON");
    assert_eq!(v["seed"], 7);
    assert_eq!(v["runs"], 2100);

    let other = natosim(&[
        "compare",
        "--format",
        "json",
        "--runs",
        "2100",
        "--seed",
        "8",
        "--threads",
        "2",
    ])
    .ok()
    .stdout;
    assert!(one != other, "a different seed must give different results");
}

// ---------------------------------------------------------------------------
// 3. Table and CSV
// ---------------------------------------------------------------------------

#[test]
fn compare_default_format_is_a_table_with_all_models() {
    let out = natosim(&["compare", "--runs", "40", "--seed", "3"]).ok();
    for label in MODEL_LABELS {
        assert!(
            out.stdout.contains(label),
            "table lacks {label:?}:\n{}",
            out.stdout
        );
    }
    assert!(out.stdout.contains("40 runs per model"), "{}", out.stdout);
    assert!(out.stdout.contains("seed 3"), "{}", out.stdout);
    for metric in REQUIRED_METRICS {
        assert!(
            out.stdout.lines().any(|l| l.starts_with(metric)),
            "table lacks a row for {metric}:\n{}",
            out.stdout
        );
    }
    // Not JSON or CSV by accident.
    assert!(serde_json::from_str::<Value>(&out.stdout).is_err());
    assert!(!out.stdout.starts_with("model,metric"));
}

#[test]
fn compare_csv_has_header_and_one_row_per_model_and_metric() {
    let common = ["--runs", "40", "--seed", "5"];
    let v = compare_json(&common);
    let metric_names: Vec<String> = v["models"][0]["metrics"]
        .as_object()
        .expect("metrics")
        .keys()
        .cloned()
        .collect();
    assert!(metric_names.len() >= REQUIRED_METRICS.len());

    let mut args = vec!["compare", "--format", "csv"];
    args.extend_from_slice(&common);
    let out = natosim(&args).ok();
    let mut lines = out.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("model,metric,mean,p05,p50,p95,n,uncertainty")
    );

    let mut rdr = csv::Reader::from_reader(out.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("CSV row")).collect();
    assert_eq!(
        rows.len(),
        4 * metric_names.len(),
        "expected 4 × {} rows",
        metric_names.len()
    );
    // Rows come in blocks, one per model in order, each with every metric once.
    let want_names: BTreeSet<&str> = metric_names.iter().map(String::as_str).collect();
    for (k, block) in rows.chunks(metric_names.len()).enumerate() {
        assert!(
            block.iter().all(|r| &r[0] == MODEL_IDS[k]),
            "block {k}: {block:?}"
        );
        let names: BTreeSet<&str> = block.iter().map(|r| r.get(1).expect("metric")).collect();
        assert_eq!(names, want_names, "block {k}");
    }
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.len(), 8, "row {i}: {row:?}");
        // The baseline declares uncertain parameters: drawn by default.
        assert_eq!(&row[7], "combined", "row {i}: {row:?}");
        let q: Vec<f64> = (2..6)
            .map(|k| {
                row[k]
                    .parse()
                    .unwrap_or_else(|_| panic!("row {i}: {row:?}"))
            })
            .collect();
        assert!(q[1] <= q[2] && q[2] <= q[3], "row {i}: {row:?}");
        let n: u64 = row[6].parse().expect("n is an integer");
        assert!(n <= 40, "row {i}: {row:?}");
    }
    // The CSV carries the same numbers as the JSON.
    for (i, row) in rows.iter().enumerate() {
        let m = &v["models"][i / metric_names.len()]["metrics"][&row[1]];
        for (k, q) in [(2, "mean"), (3, "p05"), (4, "p50"), (5, "p95")] {
            let csv_x: f64 = row[k].parse().expect("number");
            // serde_json's default float parser may be off by one ulp.
            let json_x = num(&m[q], q);
            assert!(
                (csv_x - json_x).abs() <= 1e-12 * json_x.abs().max(1.0),
                "row {i} {q}: CSV {csv_x} vs JSON {json_x}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// 4. --out
// ---------------------------------------------------------------------------

#[test]
fn compare_out_writes_the_file_atomically() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("result.json");
    let target_s = target.to_str().expect("UTF-8");
    let common = ["--runs", "40", "--seed", "9", "--format", "json"];

    let mut args = vec!["compare", "--out", target_s];
    args.extend_from_slice(&common);
    let out = natosim(&args).ok();
    assert!(
        out.stdout.is_empty(),
        "with --out nothing goes to stdout: {}",
        out.stdout
    );
    let written = std::fs::read_to_string(&target).expect("--out file exists");

    let mut args = vec!["compare"];
    args.extend_from_slice(&common);
    let direct = natosim(&args).ok().stdout;
    assert_eq!(written, direct, "--out writes what stdout would show");
    assert_eq!(
        file_names(dir.path()),
        BTreeSet::from(["result.json".to_string()]),
        "no temporary files may remain"
    );

    // Overwriting an existing file, in a directory created on demand.
    let nested = dir.path().join("sub").join("table.csv");
    std::fs::create_dir_all(nested.parent().expect("parent")).expect("mkdir");
    std::fs::write(&nested, "old contents").expect("write");
    natosim(&[
        "compare",
        "--runs",
        "40",
        "--format",
        "csv",
        "--out",
        nested.to_str().expect("UTF-8"),
    ])
    .ok();
    let csv = std::fs::read_to_string(&nested).expect("read");
    assert!(
        csv.starts_with("model,metric,mean,p05,p50,p95,n,uncertainty\n"),
        "{csv}"
    );
    assert_eq!(
        file_names(nested.parent().expect("parent")),
        BTreeSet::from(["table.csv".to_string()])
    );
}

// ---------------------------------------------------------------------------
// 5. Bad input: exit code 2, no panic, file and field named
// ---------------------------------------------------------------------------

#[test]
fn syntax_error_names_file_and_line() {
    let f = fixture("syntax_error.toml");
    for cmd in [
        vec!["validate", &f],
        vec!["compare", "--runs", "5", "--scenario", &f],
    ] {
        let out = natosim(&cmd).bad_input(&["syntax_error.toml", "line 3"]);
        assert!(out.stdout.is_empty(), "{}", out.describe());
    }
}

#[test]
fn unknown_field_names_file_path_and_allowed_keys() {
    let f = fixture("unknown_field.toml");
    for cmd in [
        vec!["validate", &f],
        vec!["compare", "--runs", "5", "--scenario", &f],
    ] {
        let out = natosim(&cmd).bad_input(&["unknown_field.toml", "russia.concentraton"]);
        // The message lists what is allowed, which includes the intended name.
        assert!(
            out.stderr.contains("concentration,") || out.stderr.contains("concentration "),
            "{}",
            out.describe()
        );
    }
}

#[test]
fn wrong_type_names_file_and_path() {
    let f = fixture("wrong_type.toml");
    for cmd in [
        vec!["validate", &f],
        vec!["compare", "--runs", "5", "--scenario", &f],
    ] {
        natosim(&cmd).bad_input(&["wrong_type.toml", "models.toolkit.sovereignty_cost"]);
    }
}

#[test]
fn out_of_range_names_file_path_and_allowed_range() {
    let f = fixture("out_of_range.toml");
    for cmd in [
        vec!["validate", &f],
        vec!["compare", "--runs", "5", "--scenario", &f],
    ] {
        natosim(&cmd).bad_input(&[
            "out_of_range.toml",
            "russia.concentration",
            "1.5",
            "allowed: 0 … 1",
        ]);
    }
}

#[test]
fn dates_out_of_order_name_scenario_end() {
    let f = fixture("dates_out_of_order.toml");
    for cmd in [
        vec!["validate", &f],
        vec!["compare", "--runs", "5", "--scenario", &f],
    ] {
        natosim(&cmd).bad_input(&["dates_out_of_order.toml", "scenario.end"]);
    }
}

#[test]
fn nonexistent_scenario_path_is_bad_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("no-such-scenario.toml");
    let m = missing.to_str().expect("UTF-8");
    natosim(&["validate", m]).bad_input(&["no-such-scenario.toml"]);
    natosim(&["compare", "--runs", "5", "--scenario", m]).bad_input(&["no-such-scenario.toml"]);
    natosim(&[
        "compare",
        "--runs",
        "5",
        "--scenario",
        "no-such-shipped-name",
    ])
    .bad_input(&["no-such-shipped-name", "baseline"]);
}

#[test]
fn validate_reports_every_bad_file_and_still_exits_2() {
    let good = fixture("extends_baseline.toml");
    let bad = fixture("out_of_range.toml");
    let out = natosim(&["validate", &good, &bad]).bad_input(&["out_of_range.toml"]);
    assert!(
        out.stdout.contains("extends_baseline.toml: ok"),
        "{}",
        out.describe()
    );
}

#[test]
fn unknown_model_is_bad_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_dir = dir.path().join("out");
    natosim(&[
        "run",
        "--model",
        "nato-2",
        "--runs",
        "5",
        "--out",
        out_dir.to_str().expect("UTF-8"),
    ])
    .bad_input(&["nato-2", "toolkit"]);
    assert!(!out_dir.exists(), "nothing is written for bad input");
    natosim(&["compare", "--runs", "5", "--models", "toolkit,nato-2"]).bad_input(&["nato-2"]);
}

#[test]
fn zero_runs_and_zero_threads_are_bad_input() {
    natosim(&["compare", "--runs", "0"]).bad_input(&["--runs"]);
    let dir = tempfile::tempdir().expect("tempdir");
    natosim(&[
        "run",
        "--model",
        "toolkit",
        "--runs",
        "0",
        "--out",
        dir.path().to_str().expect("UTF-8"),
    ])
    .bad_input(&["--runs"]);
    assert!(file_names(dir.path()).is_empty());
    natosim(&["compare", "--runs", "5", "--threads", "0"]).bad_input(&["--threads"]);
}

#[test]
fn errors_in_an_extended_file_name_that_file() {
    // A syntax error in the parent is reported against the parent.
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "parent.toml",
        "[russia]\nconcentration = = 0.5\n",
    );
    let child = write(dir.path(), "child.toml", "extends = \"parent.toml\"\n");
    natosim(&["validate", &child]).bad_input(&["parent.toml", "line 2"]);

    // An unknown field in the parent too.
    write(dir.path(), "parent.toml", "[russia]\nconcentraton = 0.5\n");
    natosim(&["validate", &child]).bad_input(&["parent.toml", "russia.concentraton"]);

    // And an out-of-range scalar.
    write(dir.path(), "parent.toml", "[russia]\nconcentration = 1.5\n");
    natosim(&["validate", &child]).bad_input(&["parent.toml", "russia.concentration"]);
}

#[test]
fn out_of_range_array_element_in_extended_file_names_that_file() {
    // A whole array is set by one layer, so an element's error is that layer's.
    let child = fixture("blame_child.toml");
    for cmd in [
        vec!["validate", child.as_str()],
        vec!["compare", "--runs", "5", "--scenario", child.as_str()],
    ] {
        natosim(&cmd).bad_input(&["blame_parent.toml", "spending.targets[0].core"]);
    }
}

// ---------------------------------------------------------------------------
// 9.–10. data, calibrate, scenarios
// ---------------------------------------------------------------------------

#[test]
fn data_csv_has_32_members() {
    let out = natosim(&["data", "--format", "csv"]).ok();
    let mut rdr = csv::Reader::from_reader(out.stdout.as_bytes());
    let header = rdr.headers().expect("header").clone();
    assert!(header.iter().any(|h| h == "iso3"), "{header:?}");
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 32, "NATO has 32 members");
    let iso = header.iter().position(|h| h == "iso3").expect("iso3");
    let codes: BTreeSet<&str> = rows.iter().map(|r| r.get(iso).expect("iso3")).collect();
    assert_eq!(codes.len(), 32, "member codes are unique");
    for c in ["USA", "DEU", "POL", "SWE", "FIN"] {
        assert!(codes.contains(c), "{c} missing from {codes:?}");
    }

    let json = natosim(&["data", "--format", "json"]).ok();
    let v: Value = serde_json::from_str(&json.stdout).expect("data JSON");
    assert_eq!(v["members"].as_array().map(Vec::len), Some(32));
    let table = natosim(&["data"]).ok();
    assert!(table.stdout.contains("POL"), "{}", table.stdout);
}

#[test]
fn calibrate_reports_the_fit() {
    let out = natosim(&["calibrate"]).ok();
    assert!(out.stdout.contains("R²"), "{}", out.stdout);
    let json = natosim(&["calibrate", "--format", "json"]).ok();
    let v: Value = serde_json::from_str(&json.stdout).expect("calibrate JSON");
    let r2 = num(&v["r_squared"], "r_squared");
    assert!((0.0..=1.0).contains(&r2), "R² = {r2}");
}

#[test]
fn scenarios_lists_baseline() {
    let out = natosim(&["scenarios"]).ok();
    assert!(
        out.stdout
            .lines()
            .any(|l| l.split_whitespace().next() == Some("baseline")),
        "{}",
        out.stdout
    );
}

#[test]
fn no_subcommand_or_unknown_flag_is_a_usage_error() {
    let out = natosim(&[]);
    assert_eq!(out.code, Some(2), "{}", out.describe());
    let out = natosim(&["compare", "--no-such-flag"]);
    assert_eq!(out.code, Some(2), "{}", out.describe());
    assert!(!out.stderr.contains("panicked"));
    let out = natosim(&["compare", "--runs", "many"]);
    assert_eq!(out.code, Some(2), "{}", out.describe());
}

#[test]
fn compare_windows_shows_transition_and_end_side_by_side() {
    // h-theatres (docs/MODEL.md 8.1): one row per window pair, "transition →
    // end" per model, the windows named from the scenario.
    let out = natosim(&["compare", "--windows", "--runs", "20", "--seed", "3"]).ok();
    for label in MODEL_LABELS {
        assert!(out.stdout.contains(label), "{}", out.stdout);
    }
    assert!(
        out.stdout
            .contains("transition 2025-01 … 2030-12, steady state 2033-01 … 2035-12"),
        "{}",
        out.stdout
    );
    for row in ["annual attack hazard", "deterrence", "cohesion"] {
        let line = out
            .stdout
            .lines()
            .find(|l| l.starts_with(row))
            .unwrap_or_else(|| panic!("no row {row}:\n{}", out.stdout));
        assert_eq!(line.matches('→').count(), MODEL_LABELS.len(), "{line}");
    }
}
