//! Entry points for fuzzing: pure functions from bytes to nothing that must
//! never panic, hang or allocate without bound, whatever the bytes.
//!
//! The cargo-fuzz targets in `fuzz/` call them, and so does the stable
//! corpus-replay test (`natosim-report/tests/fuzz_corpus.rs`), which feeds
//! every file of `fuzz/corpus/<target>/` through the same function so that
//! CI checks the corpus without nightly. docs/RELIABILITY.md ("Fuzzing")
//! says how to run them.

use crate::scenario::{MemorySource, load};
use crate::{Dataset, Engine};
use std::sync::OnceLock;

/// The embedded reference data, parsed once per process.
fn data() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| Dataset::embedded().expect("the embedded dataset parses"))
}

/// A scenario file's text: parse, layer, validate, read its declarations
/// and, if it is valid, build each model's engine and simulate one run,
/// whose metrics must pass [`check_metric`].
pub fn scenario(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let src = MemorySource::new().with("fuzz.toml", text);
    let Ok(loaded) = load("fuzz.toml", &src) else {
        return;
    };
    if let Ok(spec) = loaded.exploration() {
        let _ = spec.joint_conflicts(&loaded.scenario);
    }
    let s = &loaded.scenario;
    // A horizon of decades costs milliseconds a run: one model, one run.
    if let Some(model) = s.model_ids().first()
        && let Ok(engine) = Engine::new(s, data(), model)
    {
        let m = engine.run(1, 0);
        for (info, &v) in crate::METRICS.iter().zip(m.values.iter()) {
            check_metric(info, v);
        }
    }
}

/// Declarations (`[uncertainties]`, `[levers]`, `[outcomes]`) over the
/// baseline: the text is appended to `extends = "baseline"`, loaded, and its
/// declarations resolved and checked pairwise.
pub fn declarations(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let src = MemorySource::new().with("fuzz.toml", format!("extends = \"baseline\"\n{text}"));
    let Ok(loaded) = load("fuzz.toml", &src) else {
        return;
    };
    if let Ok(spec) = loaded.exploration() {
        for u in &spec.uncertainties {
            let (a, b) = u.dist.support();
            assert!(a <= b, "{}: support {a} … {b}", u.path);
        }
        let _ = spec.joint_conflicts(&loaded.scenario);
    }
}

/// What every run promises of a metric, whatever the (valid) scenario: NaN
/// (undefined in that run) or finite, never negative, and indices and
/// probabilities inside [0, 1]. The other kinds' documented ranges are
/// nominal (they size the charts): a scenario may exceed them — 10,000
/// Russian brigades need more than 1,000 brigades to hold.
pub fn check_metric(info: &crate::metrics::MetricInfo, v: f64) {
    use crate::metrics::Kind;
    if v.is_nan() {
        return;
    }
    assert!(v.is_finite() && v >= 0.0, "metric {} = {v}", info.name);
    if matches!(info.kind, Kind::Index | Kind::Probability) {
        assert!(v <= 1.0 + 1e-9, "metric {} = {v} above 1", info.name);
    }
}
