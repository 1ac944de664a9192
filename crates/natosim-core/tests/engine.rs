//! Engine properties: invariants, determinism, common random numbers and
//! monotone responses that follow from the mechanisms.

use natosim_core::engine::{
    MemberEnd, MemberRecorder, MonthRecord, Observer, SERIES, Series, SeriesRecorder,
};
use natosim_core::metrics::{Kind, METRICS, Metric};
use natosim_core::scenario::PathPoint;
use natosim_core::{Dataset, Engine, ModelId, Scenario};

/// Runs with a series recorder and returns the metrics and the months.
fn run_with_series(
    e: &Engine,
    seed: u64,
    run: u64,
) -> (natosim_core::RunMetrics, Vec<MonthRecord>) {
    let mut rec = SeriesRecorder::default();
    let m = e.run_observed(seed, run, &mut rec);
    (m, rec.months)
}

fn data() -> Dataset {
    Dataset::embedded().unwrap()
}

fn mean_metric(engine: &Engine, metric: Metric, runs: u64) -> f64 {
    (0..runs).map(|r| engine.run(5, r).get(metric)).sum::<f64>() / runs as f64
}

#[test]
fn indices_stay_in_range_and_spending_is_non_negative() {
    let (s, d) = (Scenario::defaults(), data());
    for id in ModelId::study() {
        let e = Engine::new(&s, &d, &id).unwrap();
        for run in 0..30 {
            let (m, series) = run_with_series(&e, 1, run);
            for (info, v) in METRICS.iter().zip(m.values) {
                if v.is_nan() {
                    continue;
                }
                match info.kind {
                    Kind::Index | Kind::Probability => {
                        assert!((0.0..=1.0).contains(&v), "{} = {v}", info.name)
                    }
                    _ => assert!(v >= 0.0, "{} = {v}", info.name),
                }
            }
            assert_eq!(series.len(), s.months());
            for r in &series {
                for v in [
                    r.cohesion,
                    r.alignment,
                    r.institutional_trust,
                    r.solidarity_record,
                    r.us_trust,
                    r.us_leadership,
                    r.conventional_deterrence,
                    r.nuclear_credibility,
                    r.deterrence,
                    r.attack_hazard,
                    r.fragmentation_hazard,
                ] {
                    assert!((0.0..=1.0).contains(&v), "{id:?} {}: {v}", r.month);
                }
                assert!(r.europe_spending_gdp >= 0.0 && r.europe_spending_busd >= 0.0);
                assert!(r.crises_answered <= r.crises);
            }
        }
    }
}

#[test]
fn same_seed_and_run_give_identical_results() {
    let (s, d) = (Scenario::defaults(), data());
    let e = Engine::new(&s, &d, &ModelId::toolkit()).unwrap();
    assert_eq!(e.run(9, 17), e.run(9, 17));
    assert_ne!(e.run(9, 17), e.run(9, 18));
    assert_ne!(e.run(9, 17), e.run(10, 17));
}

#[test]
fn models_with_identical_institutions_give_identical_runs() {
    // Common random numbers: the streams depend on (seed, run), not on the model,
    // so two models with the same institution produce exactly the same run.
    let (mut s, d) = (Scenario::defaults(), data());
    let sq = s.model(&ModelId::status_quo()).unwrap().clone();
    *s.model_mut(&ModelId::toolkit()).unwrap() = sq;
    let a = Engine::new(&s, &d, &ModelId::status_quo()).unwrap();
    let b = Engine::new(&s, &d, &ModelId::toolkit()).unwrap();
    for run in 0..10 {
        // Bitwise, so that a metric undefined in both (NaN) compares equal.
        let bits = |m: natosim_core::metrics::RunMetrics| -> Vec<u64> {
            m.iter().map(|(_, v)| v.to_bits()).collect()
        };
        assert_eq!(bits(a.run(3, run)), bits(b.run(3, run)));
    }
}

#[test]
fn more_us_troops_never_lower_deterrence() {
    let d = data();
    let mut previous = f64::NEG_INFINITY;
    for troops in [0.0, 25_000.0, 50_000.0, 100_000.0, 150_000.0] {
        let mut s = Scenario::defaults();
        s.model_mut(&ModelId::transatlantic_minus())
            .unwrap()
            .us_troops = vec![PathPoint {
            at: s.scenario.start,
            value: troops,
        }];
        let e = Engine::new(&s, &d, &ModelId::transatlantic_minus()).unwrap();
        let det = mean_metric(&e, Metric::Deterrence, 60);
        assert!(
            det >= previous - 1e-9,
            "{troops} troops: deterrence {det} < {previous}"
        );
        previous = det;
    }
}

#[test]
fn stronger_russia_raises_attack_risk_and_lowers_deterrence() {
    let d = data();
    let run = |concentration: f64| {
        let mut s = Scenario::defaults();
        s.russia.concentration = concentration;
        let e = Engine::new(&s, &d, &ModelId::status_quo()).unwrap();
        (
            mean_metric(&e, Metric::Deterrence, 60),
            mean_metric(&e, Metric::PAttack, 60),
        )
    };
    let (det_lo, att_lo) = run(0.2);
    let (det_hi, att_hi) = run(0.4);
    assert!(
        det_hi < det_lo && att_hi > att_lo,
        "{det_lo} {det_hi} {att_lo} {att_hi}"
    );
}

#[test]
fn higher_spending_targets_raise_european_spending() {
    let d = data();
    let spend = |core_2035: f64| {
        let mut s = Scenario::defaults();
        s.spending.targets.last_mut().unwrap().core = core_2035;
        let e = Engine::new(&s, &d, &ModelId::status_quo()).unwrap();
        mean_metric(&e, Metric::EuropeSpendingGdpFinal, 30)
    };
    assert!(spend(5.0) > spend(3.5) && spend(3.5) > spend(2.0));
}

#[test]
fn veto_free_rules_are_not_blocked_by_vetoes() {
    // With objections made certain, consensus without a leader is paralysed,
    // while a qualified majority of non-objectors still decides.
    let d = data();
    let mut s = Scenario::defaults();
    s.decision.veto_scale = 4.0;
    let mut consensus = s.model(&ModelId::european_defence_union()).unwrap().clone();
    consensus.decision_rule = natosim_core::scenario::DecisionRule::Consensus;
    *s.model_mut(&ModelId::transatlantic_minus()).unwrap() = consensus;
    let qmv = Engine::new(&s, &d, &ModelId::european_defence_union()).unwrap();
    let cons = Engine::new(&s, &d, &ModelId::transatlantic_minus()).unwrap();
    let p_qmv = mean_metric(&qmv, Metric::PParalysis, 40);
    let p_cons = mean_metric(&cons, Metric::PParalysis, 40);
    assert!(p_cons > p_qmv + 0.2, "consensus {p_cons} vs QMV {p_qmv}");
}

#[test]
fn runs_on_a_ten_times_larger_member_set() {
    // The synthetic member set of the scaling benchmark is a valid input.
    let s = Scenario::defaults();
    let big = data().replicated(10);
    assert_eq!(big.members.len(), 320);
    let e = Engine::new(&s, &big, &ModelId::status_quo()).unwrap();
    let m = e.run(1, 0);
    assert!((0.0..=1.0).contains(&m.get(Metric::Cohesion)));
}

#[test]
fn an_unknown_model_is_an_error_not_a_panic() {
    let (s, d) = (Scenario::defaults(), data());
    let e = Engine::new(&s, &d, &ModelId::new("toolkat").unwrap()).unwrap_err();
    assert_eq!(e.kind, natosim_core::scenario::DiagnosticKind::NotFound);
    assert_eq!(e.hint.as_deref(), Some("did you mean `toolkit`?"));
}

#[test]
fn observing_a_run_does_not_change_it() {
    // `run` (no observer) and `run_observed` with any observer give the same
    // metrics, bit for bit, in every model.
    let (s, d) = (Scenario::defaults(), data());
    for id in ModelId::study() {
        let e = Engine::new(&s, &d, &id).unwrap();
        for run in 0..5 {
            let plain = e.run(4, run);
            let (series, _) = run_with_series(&e, 4, run);
            let mut both = (SeriesRecorder::default(), MemberRecorder::default());
            let observed = e.run_observed(4, run, &mut both);
            for (a, b) in [(&plain, &series), (&plain, &observed)] {
                for (x, y) in a.values.iter().zip(&b.values) {
                    assert_eq!(x.to_bits(), y.to_bits(), "{id:?} run {run}");
                }
            }
        }
    }
}

#[test]
fn observers_see_every_month_and_every_member() {
    struct Counter {
        months: Vec<MonthRecord>,
        members: Vec<(usize, MemberEnd)>,
    }
    impl Observer for Counter {
        fn month(&mut self, r: &MonthRecord) {
            self.months.push(r.clone());
        }
        fn member_end(&mut self, i: usize, end: &MemberEnd) {
            self.members.push((i, *end));
        }
    }
    let (s, d) = (Scenario::defaults(), data());
    let e = Engine::new(&s, &d, &ModelId::european_defence_union()).unwrap();
    let mut c = Counter {
        months: Vec::new(),
        members: Vec::new(),
    };
    let m = e.run_observed(2, 3, &mut c);
    assert_eq!(c.months.len(), s.months());
    assert_eq!(c.months.len(), e.months());
    for (t, r) in c.months.iter().enumerate() {
        assert_eq!(r.month, s.scenario.start.plus(t as i32));
    }
    assert_eq!(c.members.len(), d.members.len());
    assert!(c.members.iter().enumerate().all(|(k, (i, _))| k == *i));
    // The series agree with the run's metrics: the final month's spending is
    // the final-year metric, and the monthly cohesion averages to the metric.
    let last = c.months.last().unwrap();
    assert_eq!(
        last.europe_spending_gdp,
        m.get(Metric::EuropeSpendingGdpFinal)
    );
    assert_eq!(last.host_stability, m.get(Metric::HostStability));
    let mean_cohesion = c.months.iter().map(|r| r.cohesion).sum::<f64>() / c.months.len() as f64;
    assert!((mean_cohesion - m.get(Metric::Cohesion)).abs() < 1e-12);
    // The member recorder sees the same members in the same order.
    let mut rec = MemberRecorder::default();
    e.run_observed(2, 3, &mut rec);
    let ends: Vec<MemberEnd> = c.members.iter().map(|(_, e)| *e).collect();
    assert_eq!(rec.members, ends);
}

#[test]
fn every_metric_is_finite_where_defined() {
    // Only the per-crisis metrics may be undefined (NaN), and only in a run
    // without crises (or, for decision_days, without a decision in time).
    let (s, d) = (Scenario::defaults(), data());
    let mut with_crises = 0;
    for id in ModelId::study() {
        let e = Engine::new(&s, &d, &id).unwrap();
        for run in 0..20 {
            let (m, series) = run_with_series(&e, 6, run);
            let crises = series.last().unwrap().crises;
            with_crises += usize::from(crises > 0);
            for (metric, v) in m.iter() {
                match metric {
                    Metric::CapacityToAct | Metric::PParalysis => {
                        assert_eq!(v.is_nan(), crises == 0, "{metric} = {v}, {crises} crises")
                    }
                    Metric::DecisionDays => assert!(v.is_finite() || v.is_nan()),
                    // Undefined exactly where the capitals never fall.
                    Metric::BalticDays => assert_eq!(
                        v.is_nan(),
                        m.get(Metric::PBalticHeld) == 1.0,
                        "{metric} = {v}"
                    ),
                    _ => assert!(v.is_finite(), "{id:?} run {run}: {metric} = {v}"),
                }
                if v.is_finite() {
                    let info = metric.info();
                    assert!(
                        (info.lo..=info.hi).contains(&v),
                        "{metric} = {v} outside [{}, {}]",
                        info.lo,
                        info.hi
                    );
                }
            }
        }
    }
    assert!(
        with_crises > 0,
        "no run had a crisis: the test would be vacuous"
    );
}

#[test]
fn monthly_series_stay_in_their_declared_ranges() {
    // The one definition of each series' range (shared by the CLI and the
    // report) must hold the values the engine produces.
    let (s, d) = (Scenario::defaults(), data());
    for id in ModelId::study() {
        let e = Engine::new(&s, &d, &id).unwrap();
        for run in 0..10 {
            let (_, series) = run_with_series(&e, 8, run);
            for r in &series {
                for (&field, info) in Series::ALL.iter().zip(SERIES) {
                    let v = field.value(r);
                    if field == Series::CapacityToAct && r.crises == 0 {
                        assert!(v.is_nan());
                        continue;
                    }
                    // Undefined in the months the Baltic defence holds.
                    if field == Series::BalticDays && v.is_nan() {
                        continue;
                    }
                    assert!(
                        (info.lo..=info.hi).contains(&v),
                        "{id:?} {}: {} = {v}",
                        r.month,
                        info.name
                    );
                }
            }
        }
    }
}

// h-campaign (issue 10.1): the stochastic Baltic campaign in the engine.

#[test]
fn the_baltic_campaign_is_uncertain_not_a_knife_edge() {
    // With the campaign's quantities drawn per run, the status quo's
    // conventional deterrence spreads across runs (it was 0.973 in every run
    // and month), and the European Defence Union does not lose the capitals
    // in every month an attack could come.
    let (s, d) = (Scenario::defaults(), data());
    let sq = Engine::new(&s, &d, &ModelId::status_quo()).unwrap();
    let conv: Vec<f64> = (0..40)
        .map(|r| sq.run(5, r).get(Metric::ConventionalDeterrence))
        .collect();
    let mean = conv.iter().sum::<f64>() / conv.len() as f64;
    let sd = (conv.iter().map(|c| (c - mean).powi(2)).sum::<f64>() / conv.len() as f64).sqrt();
    assert!(sd > 0.02, "SQ conventional deterrence sd {sd}");
    let edu = Engine::new(&s, &d, &ModelId::european_defence_union()).unwrap();
    let held = mean_metric(&edu, Metric::PBalticHeld, 40);
    assert!(held > 0.0, "EDU: the defence never holds ({held})");
    let (attack, lost) = (
        mean_metric(&edu, Metric::PAttack, 40),
        mean_metric(&edu, Metric::PCapitalsLost, 40),
    );
    assert!(
        lost < attack,
        "EDU: every attack takes the capitals ({lost} vs {attack})"
    );
}

#[test]
fn the_same_run_draws_the_same_campaign() {
    // Determinism per (seed, run), with the campaign stream in use.
    let (s, d) = (Scenario::defaults(), data());
    let e = Engine::new(&s, &d, &ModelId::toolkit()).unwrap();
    for run in 0..5 {
        let (a, b) = (e.run(17, run), e.run(17, run));
        let bits = |m: &natosim_core::RunMetrics| -> Vec<u64> {
            m.iter().map(|(_, v)| v.to_bits()).collect()
        };
        assert_eq!(bits(&a), bits(&b));
    }
    let c: Vec<f64> = (0..5)
        .map(|r| e.run(17, r).get(Metric::ConventionalDeterrence))
        .collect();
    assert!(c.windows(2).any(|w| w[0] != w[1]), "{c:?}");
}

#[test]
fn forward_brigades_raise_conventional_deterrence() {
    // More allied brigades in place on day 0 never lower conventional
    // deterrence or the share of months the Baltic defence holds.
    let d = data();
    let mut last = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for extra in [0.0, 2.0, 4.0, 8.0] {
        let mut s = Scenario::defaults();
        for p in &mut s.baltic.forward_brigades {
            p.value += extra;
        }
        let e = Engine::new(&s, &d, &ModelId::european_defence_union()).unwrap();
        let now = (
            mean_metric(&e, Metric::ConventionalDeterrence, 30),
            mean_metric(&e, Metric::PBalticHeld, 30),
        );
        assert!(
            now.0 >= last.0 - 1e-9 && now.1 >= last.1 - 1e-9,
            "{extra}: {now:?} < {last:?}"
        );
        last = now;
    }
}
