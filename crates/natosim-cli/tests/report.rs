//! End-to-end tests of `natosim report`: the files it writes, byte-identical
//! output on 1 and 2 threads, bad input → exit code 2.

use std::path::Path;
use std::process::{Command, Output};

fn natosim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_natosim"))
        .args(args)
        .output()
        .expect("run natosim")
}

fn report(dir: &Path, extra: &[&str]) -> Output {
    let out = dir.to_str().unwrap();
    let mut args = vec!["report", "--runs", "60", "--out", out];
    args.extend_from_slice(extra);
    natosim(&args)
}

#[test]
fn report_writes_html_and_every_chart_as_svg_png_csv() {
    let dir = tempfile::tempdir().unwrap();
    let o = report(
        dir.path(),
        &["--lang", "de", "--map-variable", "spending-2024"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"de\">"));
    assert!(html.contains("--map-variable spending-2024"));
    for stem in [
        "fan-cohesion",
        "fan-capacity-to-act",
        "fan-deterrence",
        "fan-europe-spending-gdp",
        "map-spending-2024",
        "spending-2014-2024",
    ] {
        for ext in ["svg", "png", "csv"] {
            let p = dir.path().join(format!("{stem}.{ext}"));
            assert!(p.is_file(), "{} missing", p.display());
        }
        assert!(
            html.contains(&format!("id=\"{stem}\"")),
            "{stem} not in the HTML"
        );
    }
    assert!(dir.path().join("metrics.csv").is_file());
    assert!(
        !dir.path().join("map-threat.svg").exists(),
        "only the chosen map"
    );
}

#[test]
fn report_is_byte_identical_on_one_and_two_threads() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let oa = report(a.path(), &["--threads", "1", "--no-png"]);
    let ob = report(b.path(), &["--threads", "2", "--no-png"]);
    assert!(oa.status.success() && ob.status.success());
    for name in [
        "report.html",
        "metrics.csv",
        "map-spending-change.csv",
        "members.csv",
        "fan-cohesion.svg",
    ] {
        assert_eq!(
            std::fs::read(a.path().join(name)).unwrap(),
            std::fs::read(b.path().join(name)).unwrap(),
            "{name} differs between thread counts"
        );
    }
}

#[test]
fn report_rejects_bad_input_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    for extra in [
        vec!["--lang", "fr"],
        vec!["--map-variable", "gdp"],
        vec!["--sensitivity", "no-such-file.json"],
    ] {
        let o = report(dir.path(), &extra);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{extra:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(String::from_utf8_lossy(&o.stderr).starts_with("error: "));
    }
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"method\": \"sobol\"}").unwrap();
    let o = report(dir.path(), &["--sensitivity", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.json"));
}
