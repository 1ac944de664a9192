//! `natosim members` and `natosim judgements` end to end: the table, the CSV
//! and the JSON tell the same numbers; the output is byte-identical on any
//! number of threads; bad input is exit code 2.

use std::process::{Command, Output};

fn natosim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_natosim"))
        .args(args)
        .output()
        .expect("natosim runs")
}

fn ok(args: &[&str]) -> String {
    let o = natosim(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

const EDU: [&str; 6] = [
    "members",
    "--model",
    "european-defence-union",
    "--runs",
    "40",
    "--seed",
];

fn edu(extra: &[&str]) -> String {
    let mut args: Vec<&str> = EDU.to_vec();
    args.push("5");
    args.extend_from_slice(extra);
    ok(&args)
}

#[test]
fn table_csv_and_json_agree() {
    let json: serde_json::Value = serde_json::from_str(&edu(&["--format", "json"])).unwrap();
    let csv = edu(&["--format", "csv"]);
    let table = edu(&["--year", "2030"]);
    let rows = json["rows"].as_array().unwrap();
    let allies = json["allies"].as_array().unwrap().len();
    let years = json["years"].as_array().unwrap().len();
    assert_eq!(allies, 32);
    assert_eq!(years, 12, "2024 (base year) to 2035");
    assert_eq!(rows.len(), allies * years * 5);
    assert_eq!(
        csv.lines().count(),
        rows.len() + 1,
        "one CSV line per JSON row"
    );
    // Poland's spending in 2030: the same number in all three outputs.
    let row = rows
        .iter()
        .find(|r| r["iso3"] == "POL" && r["year"] == 2030 && r["quantity"] == "spending_gdp")
        .unwrap();
    let (mean, p05, p95) = (
        row["mean"].as_f64().unwrap(),
        row["p05"].as_f64().unwrap(),
        row["p95"].as_f64().unwrap(),
    );
    let line = csv
        .lines()
        .find(|l| l.contains(",POL,") && l.contains(",2030,spending_gdp,"))
        .unwrap();
    let fields: Vec<&str> = line.split(',').collect();
    assert_eq!(fields[5].parse::<f64>().unwrap(), mean, "{line}");
    let shown = format!("{mean:.2} [{p05:.2}, {p95:.2}]");
    let pol = table.lines().find(|l| l.starts_with("POL ")).unwrap();
    assert!(pol.contains(&shown), "table row `{pol}` lacks `{shown}`");
    assert!(table.contains(", 2030, 40 runs, seed 5"), "{table}");
}

#[test]
fn byte_identical_on_one_and_two_threads() {
    let one = edu(&["--format", "json", "--threads", "1"]);
    let two = edu(&["--format", "json", "--threads", "2"]);
    assert_eq!(one, two);
    // The scenario can also be given positionally.
    let positional = ok(&[
        "members", "baseline", "--model", "toolkit", "--runs", "5", "--format", "csv",
    ]);
    let flag = ok(&[
        "members",
        "--scenario",
        "baseline",
        "--model",
        "toolkit",
        "--runs",
        "5",
        "--format",
        "csv",
    ]);
    assert_eq!(positional, flag);
}

#[test]
fn bad_input_is_exit_code_2() {
    for args in [
        vec!["members", "--model", "edu", "--runs", "2"],
        vec![
            "members", "--model", "toolkit", "--runs", "2", "--year", "2099",
        ],
        vec!["members", "no-such-scenario", "--model", "toolkit"],
    ] {
        let o = natosim(&args);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn judgements_formats_agree() {
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["judgements", "--runs", "30", "--format", "json"])).unwrap();
    let md = ok(&["judgements", "--runs", "30", "--format", "markdown"]);
    let table = ok(&["judgements", "--runs", "30"]);
    let js = json["judgements"].as_array().unwrap();
    assert!(js.len() >= 30);
    // Every judgement appears in the table and as a Markdown row.
    assert_eq!(
        md.lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| #"))
            .count(),
        js.len()
    );
    for j in js {
        let id = j["id"].as_str().unwrap();
        let verdict = j["verdict"].as_str().unwrap().replace('_', " ");
        let line = table
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap();
        assert!(line.contains(&verdict), "{line} vs {verdict}");
    }
}
