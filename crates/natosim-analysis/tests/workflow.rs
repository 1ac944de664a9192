//! The library workflows: progress reaches the total, cancellation stops a
//! job early with `Cancelled`, results survive a JSON round trip, and a
//! discovery condition nobody meets is a typed error with the observed range.

use natosim_analysis::explore::Problem;
use natosim_analysis::prim::PrimOptions;
use natosim_analysis::workflow::experiment::Collect;
use natosim_analysis::workflow::{
    self, Condition, DiscoverSettings, ExperimentSettings, Method, Sensitivity, SensitivitySettings,
};
use natosim_analysis::{AnalysisError, Progress, ProgressSink};
use natosim_core::explore::ExplorationSpec;
use natosim_core::scenario::Layer;
use natosim_core::{Dataset, ModelId, Scenario};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

const DECLARATIONS: &str = r#"
[uncertainties."russia.attack_hazard_max"]
low = 0.0
high = 0.2
[uncertainties."decision.buck_passing"]
low = 0.0
high = 1.0
group = "g"
[levers."spending.targets[2].core"]
levels = [2.0, 3.5]
"#;

fn bound() -> (Scenario, ExplorationSpec, Dataset) {
    let layer = Layer::parse("t.toml", DECLARATIONS).unwrap();
    let s = Scenario::from_layers(std::slice::from_ref(&layer)).unwrap();
    let spec = ExplorationSpec::from_layers(&[layer], &s).unwrap();
    (s, spec, Dataset::embedded().unwrap())
}

/// Records the total and every position; cancels once `stop_at` is reached.
#[derive(Default)]
struct Recorder {
    total: Mutex<Option<u64>>,
    seen: Mutex<Vec<u64>>,
    stop_at: Option<u64>,
    flag: AtomicBool,
}

impl ProgressSink for Recorder {
    fn start(&self, total: u64, _what: &str) {
        *self.total.lock().unwrap() = Some(total);
    }
    fn advance(&self, done: u64) {
        self.seen.lock().unwrap().push(done);
        if self.stop_at.is_some_and(|s| done >= s) {
            self.flag.store(true, Ordering::Relaxed);
        }
    }
}

#[test]
fn progress_reaches_the_total_and_results_round_trip() {
    let (s, spec, data) = bound();
    let p = Problem::new(&s, &spec, &data, ModelId::toolkit()).unwrap();
    let rec = Recorder::default();
    let mut settings = SensitivitySettings::new("p_attack", Method::Sobol, 3);
    settings.samples = Some(16);
    settings.bootstrap = 20;
    let run = workflow::sensitivity(&p, &settings, &Progress::new(&rec)).unwrap();
    let total = rec.total.lock().unwrap().unwrap();
    // Two parameters and one group: 16 · (3 + 2) evaluations.
    assert_eq!(total, 80);
    assert_eq!(run.result.evaluations, 80);
    assert_eq!(rec.seen.lock().unwrap().last(), Some(&total));
    assert_eq!(run.outputs.len(), 80);
    assert_eq!(run.result.groups[0].members, ["decision.buck_passing"]);
    let json = serde_json::to_string(&run.result).unwrap();
    let back: Sensitivity = serde_json::from_str(&json).unwrap();
    assert!(back.is_consistent());
    assert_eq!(back.parameters.len(), 2);
    // serde_json's default float parser may miss the last bit.
    for (a, b) in back.parameters.iter().zip(&run.result.parameters) {
        assert_eq!((&a.name, &a.group), (&b.name, &b.group));
        let (x, y) = (a.indices.importance(), b.indices.importance());
        assert!((x - y).abs() <= 1e-12 * y.abs().max(1.0), "{x} vs {y}");
    }
    assert_eq!(back.convergence.len(), run.result.convergence.len());
}

#[test]
fn cancellation_stops_early_with_cancelled() {
    let (s, spec, data) = bound();
    let p = Problem::new(&s, &spec, &data, ModelId::status_quo()).unwrap();
    // 1100 points × 2 lever levels = 2200 runs, three chunks; stop after the first.
    let settings = ExperimentSettings {
        design: workflow::Design::LatinHypercube,
        samples: 1100,
        replications: 1,
        seed: 1,
        scramble: false,
    };
    let rec = Recorder {
        stop_at: Some(1),
        ..Recorder::default()
    };
    let progress = Progress::new(&rec).with_cancel(&rec.flag);
    let mut rows = Collect::default();
    let e = workflow::experiment(&p, &settings, &progress, &mut rows).unwrap_err();
    assert!(matches!(e, AnalysisError::Cancelled), "{e}");
    assert_eq!(rows.table.unwrap().rows, 2200);
    assert_eq!(rows.rows.len(), 1024, "one chunk, then stop");
    assert_eq!(*rec.seen.lock().unwrap(), vec![1024]);
    // A flag set before the start stops before any run.
    let flag = AtomicBool::new(true);
    let mut settings = SensitivitySettings::new("p_attack", Method::Morris, 1);
    settings.samples = Some(4);
    let e = workflow::sensitivity(&p, &settings, &Progress::none().with_cancel(&flag));
    assert!(matches!(e, Err(AnalysisError::Cancelled)));
}

#[test]
fn a_condition_nobody_meets_names_the_observed_range() {
    let (s, spec, data) = bound();
    let p = Problem::new(&s, &spec, &data, ModelId::status_quo()).unwrap();
    let settings = |c: &str| DiscoverSettings {
        condition: Condition::parse(c).unwrap(),
        samples: 40,
        prim: PrimOptions::default(),
        seed: 5,
    };
    for (c, met) in [("p_attack > 1.5", 0), ("p_attack >= 0", 40)] {
        match workflow::discover(&p, &settings(c), &Progress::none()) {
            Err(AnalysisError::DegenerateCondition {
                condition,
                met: m,
                runs,
                min,
                max,
                ..
            }) => {
                assert_eq!((condition.as_str(), m, runs), (c, met, 40));
                assert!((0.0..=1.0).contains(&min) && min <= max, "{min} … {max}");
            }
            other => panic!("{c}: expected DegenerateCondition, got {other:?}"),
        }
    }
    let e = workflow::discover(&p, &settings("p_attack > 1.5"), &Progress::none()).unwrap_err();
    assert!(e.to_string().contains("ranged over"), "{e}");
    // The reported range is the real one: a threshold inside it splits the runs.
    let AnalysisError::DegenerateCondition { min, max, .. } = e else {
        unreachable!()
    };
    let mid = format!("p_attack > {}", (min + max) / 2.0);
    let ok = workflow::discover(&p, &settings(&mid), &Progress::none()).unwrap();
    assert!(ok.result.cases_of_interest > 0 && ok.result.cases_of_interest < 40);
}
