//! Property tests (issue 14): any scenario reachable by perturbing the
//! numeric parameters of a shipped scenario through the typed parameter API
//! either is refused with an error (out of range, jointly invalid) or runs
//! without panic, with every metric NaN (undefined in that run) or finite and
//! inside its documented range (`natosim_core::fuzz::check_metric`).
//!
//! Values are drawn inside each parameter's registry range, at its edges and
//! beyond it (including non-finite ones), so both sides of the validation
//! are exercised. Case counts are modest so the suite stays fast in release;
//! proptest shrinks a failure to a minimal case and records its seed in
//! `tests/properties.proptest-regressions`, which is committed.

use natosim_core::params::{ParamKind, ParamRef, ParamValue, REGISTRY};
use natosim_core::scenario::{ScenarioSource, ShippedSource, load};
use natosim_core::{Dataset, Engine, Scenario};
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::sync::OnceLock;

fn data() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| Dataset::embedded().unwrap())
}

/// The shipped scenarios, loaded once.
fn shipped() -> &'static [(String, Scenario)] {
    static ALL: OnceLock<Vec<(String, Scenario)>> = OnceLock::new();
    ALL.get_or_init(|| {
        ShippedSource
            .names()
            .into_iter()
            .map(|n| {
                let s = load(&n, &ShippedSource).unwrap().scenario;
                (n, s)
            })
            .collect()
    })
}

/// The numeric parameter patterns of the registry (`*` a model, `[]` an index).
fn numeric_patterns() -> &'static [&'static str] {
    static P: OnceLock<Vec<&'static str>> = OnceLock::new();
    P.get_or_init(|| {
        REGISTRY
            .iter()
            .filter(|p| p.kind.is_numeric())
            .map(|p| p.pattern)
            .collect()
    })
}

/// Where in (or beyond) a parameter's range a value is drawn; `u` in [0, 1].
#[derive(Clone, Copy, Debug)]
enum Where {
    Inside(f64),
    Low,
    High,
    Below(f64),
    Above(f64),
    NonFinite(usize),
}

fn where_strategy() -> impl Strategy<Value = Where> {
    prop_oneof![
        6 => (0.0..=1.0f64).prop_map(Where::Inside),
        1 => Just(Where::Low),
        1 => Just(Where::High),
        1 => (1e-6..1e6f64).prop_map(Where::Below),
        1 => (1e-6..1e6f64).prop_map(Where::Above),
        1 => (0usize..3).prop_map(Where::NonFinite),
    ]
}

/// One perturbation: which parameter (pattern index, model index, array
/// index) and where to put its value.
#[derive(Clone, Debug)]
struct Perturbation {
    pattern: usize,
    model: usize,
    index: usize,
    at: Where,
}

fn perturbation() -> impl Strategy<Value = Perturbation> {
    (
        0..numeric_patterns().len(),
        0usize..8,
        0usize..4,
        where_strategy(),
    )
        .prop_map(|(pattern, model, index, at)| Perturbation {
            pattern,
            model,
            index,
            at,
        })
}

/// The concrete path of `p` on `s` (a model id for `*`, an index for `[]`).
fn path(s: &Scenario, p: &Perturbation) -> String {
    let ids = s.model_ids();
    let model = ids[p.model % ids.len()].to_string();
    numeric_patterns()[p.pattern]
        .replace('*', &model)
        .replace("[]", &format!("[{}]", p.index))
}

/// The value of `p` for a parameter with `range` whose value now is `now`.
fn value(p: &Perturbation, range: Option<(f64, f64)>, now: f64) -> f64 {
    // Without a registry range (the bound depends on other fields), perturb
    // around the current value: up to three times it, and below zero.
    let (lo, hi) = range.unwrap_or((now.min(0.0) - 1.0, now.abs() * 3.0 + 1.0));
    let span = (hi - lo).max(1e-9);
    match p.at {
        Where::Inside(u) => lo + u * (hi - lo),
        Where::Low => lo,
        Where::High => hi,
        Where::Below(d) => lo - d * span,
        Where::Above(d) => hi + d * span,
        Where::NonFinite(k) => [f64::NAN, f64::INFINITY, f64::NEG_INFINITY][k],
    }
}

/// Applies the perturbations that resolve on `s`, asserting on the way
/// that `set` refuses every value outside the parameter's registry range;
/// returns how many values `set` refused.
fn perturb(s: &mut Scenario, ps: &[Perturbation]) -> usize {
    let mut refused = 0;
    for p in ps {
        let path = path(s, p);
        // An index beyond a shorter array is not a parameter of this scenario.
        let Ok(r) = ParamRef::resolve(s, &path) else {
            continue;
        };
        let Some(now) = r.get(s).and_then(|v| v.as_f64()) else {
            continue;
        };
        let x = value(p, r.range(), now);
        let v = match r.kind() {
            ParamKind::Integer if x.is_finite() && x.abs() < 9e15 => {
                ParamValue::Integer(x.round() as i64)
            }
            _ => ParamValue::Real(x),
        };
        let outside = r
            .range()
            .is_some_and(|(lo, hi)| !x.is_finite() || x < lo - 0.5 || x > hi + 0.5);
        match r.set(s, &v) {
            Ok(()) => assert!(
                !outside,
                "{path} = {x} accepted outside its range {:?}",
                r.range()
            ),
            // Refused: the scenario keeps its old value, as if not perturbed.
            Err(e) => {
                assert!(!e.to_string().is_empty());
                refused += 1;
            }
        }
    }
    refused
}

/// What became of one generated scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// `validate` (or the engine) refused it with diagnostics.
    Refused,
    /// It ran, and every metric passed `check_metric`; `set` had refused
    /// this many of its values.
    Ran(usize),
}

/// Perturbs shipped scenario `which`, then validates it and, if valid,
/// runs two runs of one model; panics (the property fails) on a panic or
/// on a metric outside its documented range.
fn exercise(which: usize, ps: &[Perturbation], model: usize, seed: u64) -> Outcome {
    let (name, base) = &shipped()[which % shipped().len()];
    let mut s = base.clone();
    let set_refused = perturb(&mut s, ps);
    let problems = s.validate();
    if !problems.is_empty() {
        for d in &problems {
            assert!(!d.to_string().is_empty(), "{name}: an empty diagnostic");
        }
        return Outcome::Refused;
    }
    let ids = s.model_ids();
    let id = &ids[model % ids.len()];
    // The engine may still refuse a combination (with a diagnostic).
    let Ok(engine) = Engine::new(&s, data(), id) else {
        return Outcome::Refused;
    };
    for run in 0..2 {
        let m = engine.run(seed, run);
        for (info, &v) in natosim_core::METRICS.iter().zip(m.values.iter()) {
            natosim_core::fuzz::check_metric(info, v);
        }
    }
    Outcome::Ran(set_refused)
}

fn case() -> impl Strategy<Value = (usize, Vec<Perturbation>, usize, u64)> {
    (
        0usize..64,
        prop::collection::vec(perturbation(), 1..5),
        0usize..8,
        any::<u64>(),
    )
}

proptest! {
    #![proptest_config(Config { cases: 96, ..Config::default() })]

    /// Valid → runs, finite, in range; invalid → diagnostics, no panic.
    #[test]
    fn perturbed_shipped_scenarios_validate_or_run_cleanly((which, ps, model, seed) in case()) {
        exercise(which, &ps, model, seed);
    }
}

/// The generator is not vacuous: over a fixed sample of its cases, most
/// scenarios run (the metric checks are reached), `set` refuses values in
/// many of them, and some pass `set` but are refused by `validate` (values
/// in range that break a rule between fields).
#[test]
fn the_generator_reaches_both_running_and_refused_scenarios() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = case();
    let (mut ran, mut with_set_refusals, mut refused) = (0, 0, 0);
    for _ in 0..200 {
        let (which, ps, model, seed) = strategy.new_tree(&mut runner).unwrap().current();
        match exercise(which, &ps, model, seed) {
            Outcome::Ran(k) => {
                ran += 1;
                with_set_refusals += usize::from(k > 0);
            }
            Outcome::Refused => refused += 1,
        }
    }
    let counts = format!(
        "of 200: ran {ran} ({with_set_refusals} after `set` refused a value), refused by validation {refused}"
    );
    eprintln!("{counts}");
    assert!(
        ran >= 100 && with_set_refusals >= 20 && refused >= 2,
        "{counts}"
    );
}

/// The two gates the generator relies on: `set` refuses out-of-range and
/// non-finite values; `validate` refuses a jointly invalid pair that `set`
/// accepts value by value.
#[test]
fn set_refuses_out_of_range_values_and_validate_joint_ones() {
    let (_, base) = &shipped()[0];
    let r = ParamRef::resolve(base, "russia.concentration").unwrap();
    let (lo, hi) = r.range().unwrap();
    let mut s = base.clone();
    assert!(r.set(&mut s, &ParamValue::Real(hi + 1.0)).is_err());
    assert!(r.set(&mut s, &ParamValue::Real(f64::NAN)).is_err());
    r.set(&mut s, &ParamValue::Real((lo + hi) / 2.0)).unwrap();
    assert!(s.validate().is_empty());
    // A jointly invalid pair passes `set` (each value alone is in range)
    // but not `validate`.
    let min = ParamRef::resolve(base, "russia.reconstitution_years_min").unwrap();
    let max = ParamRef::resolve(base, "russia.reconstitution_years_max").unwrap();
    let mut s = base.clone();
    min.set(&mut s, &ParamValue::Real(9.0)).unwrap();
    max.set(&mut s, &ParamValue::Real(4.0)).unwrap();
    assert!(!s.validate().is_empty());
}
