//! Shared fixtures: the baseline report in both languages, built once per test binary.

#![allow(dead_code)]

use natosim_analysis::ensemble::EnsembleOptions;
use natosim_core::scenario::Layer;
use natosim_core::shipped::shipped;
use natosim_core::{Dataset, Scenario};
use natosim_report::{Lang, MapVariable, Report, ReportData, ReportOptions, Sensitivity};
use std::sync::OnceLock;

/// Runs per model in the tests: few, to stay fast.
pub const RUNS: u64 = 100;

pub fn baseline() -> Scenario {
    let layer = Layer::parse("baseline", shipped("baseline").unwrap()).unwrap();
    Scenario::from_layers(&[layer]).unwrap()
}

pub fn data() -> &'static (Scenario, Dataset, ReportData) {
    static DATA: OnceLock<(Scenario, Dataset, ReportData)> = OnceLock::new();
    DATA.get_or_init(|| {
        let s = baseline();
        let d = Dataset::embedded().unwrap();
        let r = natosim_report::compute(
            &s,
            &d,
            EnsembleOptions {
                seed: 20250601,
                runs: RUNS,
            },
            &|_| {},
        )
        .unwrap();
        (s, d, r)
    })
}

pub fn fixture(name: &str) -> (String, Sensitivity) {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    (
        name.to_string(),
        natosim_report::sensitivity::parse(name, &text).unwrap(),
    )
}

pub fn report(lang: Lang) -> Report {
    let (s, d, r) = data();
    natosim_report::build(
        r,
        s,
        d,
        &ReportOptions {
            lang,
            scenario_arg: "baseline".into(),
            map_variables: MapVariable::ALL.to_vec(),
            sensitivity: vec![fixture("sobol.json"), fixture("morris.json")],
            png: true,
            decompositions: Vec::new(),
        },
    )
}

/// Decodes a PNG and returns (non-white pixels, distinct colours, pixels).
pub fn png_stats(bytes: &[u8]) -> (usize, usize, Vec<[u8; 3]>) {
    let pm = resvg::tiny_skia::Pixmap::decode_png(bytes).expect("a PNG");
    let px: Vec<[u8; 3]> = pm
        .pixels()
        .iter()
        .map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
        })
        .collect();
    let non_white = px.iter().filter(|c| c.iter().any(|&v| v < 245)).count();
    let mut distinct: Vec<[u8; 3]> = px.clone();
    distinct.sort_unstable();
    distinct.dedup();
    (non_white, distinct.len(), px)
}

/// Whether a colour close to `hex` (within `tol` per channel) occurs.
pub fn has_colour(px: &[[u8; 3]], hex: &str, tol: i32) -> bool {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
    let want = [
        (v >> 16) as i32 & 255,
        (v >> 8) as i32 & 255,
        v as i32 & 255,
    ];
    px.iter()
        .any(|c| (0..3).all(|k| (c[k] as i32 - want[k]).abs() <= tol))
}
