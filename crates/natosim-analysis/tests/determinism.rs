//! Same scenario and seed → identical results on any number of threads, and
//! across chunk boundaries.

use natosim_analysis::{EnsembleOptions, compare, run_ensemble};
use natosim_core::{Dataset, Engine, ModelId, Scenario};

fn on_threads<T: Send>(n: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .unwrap()
        .install(f)
}

#[test]
fn comparison_is_identical_on_one_and_many_threads() {
    let (s, d) = (Scenario::defaults(), Dataset::embedded().unwrap());
    // More runs than one chunk, so chunk folding is exercised.
    let opts = EnsembleOptions {
        seed: 11,
        runs: 2500,
    };
    let run = || {
        compare(
            &s,
            &d,
            &ModelId::study(),
            opts,
            &natosim_analysis::Progress::none(),
        )
        .unwrap()
    };
    let one = on_threads(1, run);
    let four = on_threads(4, run);
    let (a, b) = (format!("{one:?}"), format!("{four:?}"));
    assert_eq!(a, b);
}

#[test]
fn ensemble_is_identical_on_one_and_many_threads() {
    let (s, d) = (Scenario::defaults(), Dataset::embedded().unwrap());
    let e = Engine::new(&s, &d, &ModelId::toolkit()).unwrap();
    let opts = EnsembleOptions { seed: 3, runs: 300 };
    let one = on_threads(1, || {
        run_ensemble(&e, opts, &natosim_analysis::Progress::none())
            .unwrap()
            .summaries()
    });
    let three = on_threads(3, || {
        run_ensemble(&e, opts, &natosim_analysis::Progress::none())
            .unwrap()
            .summaries()
    });
    assert_eq!(format!("{one:?}"), format!("{three:?}"));
}

#[test]
fn a_comparison_reads_back_from_its_json_unchanged() {
    // What `natosim compare --format json` writes is the serialised
    // `Comparison`; a server or notebook storing it must get the same result
    // back (NaN metrics travel as `null`), with models and metrics in order.
    let (s, d) = (Scenario::defaults(), Dataset::embedded().unwrap());
    let opts = EnsembleOptions { seed: 5, runs: 40 };
    let c = compare(
        &s,
        &d,
        &ModelId::study(),
        opts,
        &natosim_analysis::Progress::none(),
    )
    .unwrap();
    let json = serde_json::to_string(&c).unwrap();
    let back: natosim_analysis::Comparison = serde_json::from_str(&json).unwrap();
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
    assert_eq!(back.models.len(), 4);
    assert_eq!(back.models[2].id, ModelId::european_defence_union());
    let names: Vec<&str> = back.models[0]
        .metrics
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    let expected: Vec<&str> = natosim_core::METRICS.iter().map(|m| m.name).collect();
    assert_eq!(names, expected);
}
