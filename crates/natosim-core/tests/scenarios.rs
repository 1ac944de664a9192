//! The shipped scenario library and the documented behaviour of each
//! submodel, seen through whole runs of the engine. Every comparison is
//! paired (same seeds, common random numbers) and follows from the
//! mechanisms in docs/MODEL.md ("Submodels"); none is tuned to pass.

use natosim_core::engine::SeriesRecorder;
use natosim_core::metrics::Metric;
use natosim_core::scenario::{ModelId, Scenario, ShippedSource};
use natosim_core::shipped::SHIPPED;
use natosim_core::{Dataset, Engine};

/// Loads a shipped scenario with its `extends` chain.
fn load(name: &str) -> Scenario {
    natosim_core::scenario::load(name, &ShippedSource)
        .expect("valid")
        .scenario
}

/// Mean of `metric` over `runs` paired runs.
fn mean(sc: &Scenario, model: &ModelId, metric: Metric, runs: u64) -> f64 {
    let data = Dataset::embedded().unwrap();
    let engine = Engine::new(sc, &data, model).unwrap();
    let values: Vec<f64> = (0..runs)
        .map(|r| engine.run(11, r).get(metric))
        .filter(|v| !v.is_nan())
        .collect();
    values.iter().sum::<f64>() / values.len() as f64
}

fn shipped_mean(name: &str, model: &ModelId, metric: Metric) -> f64 {
    mean(&load(name), model, metric, 60)
}

#[test]
fn library_has_at_least_twelve_documented_scenarios_that_run_in_every_model() {
    assert!(SHIPPED.len() >= 12, "{} scenarios", SHIPPED.len());
    let data = Dataset::embedded().unwrap();
    for (name, text) in SHIPPED {
        assert!(
            text.lines().take_while(|l| l.starts_with('#')).count() >= 4,
            "{name}: needs a header paragraph on what it asks and its source"
        );
        assert!(text.contains("seed 00"), "{name}: cites no seed passage");
        let sc = load(name);
        assert!(!sc.scenario.description.is_empty(), "{name}");
        for model in ModelId::study() {
            let m = Engine::new(&sc, &data, &model).unwrap().run(1, 0);
            for (v, info) in m.values.iter().zip(natosim_core::METRICS) {
                assert!(
                    v.is_nan() || (*v >= info.lo && *v <= info.hi),
                    "{name}/{model:?}: {} = {v}",
                    info.name
                );
            }
        }
    }
}

#[test]
fn us_drawdown_lowers_nuclear_credibility_and_trust() {
    for metric in [Metric::NuclearCredibility, Metric::UsTrust] {
        let base = shipped_mean("baseline", &ModelId::status_quo(), metric);
        let drawdown = shipped_mean("us-drawdown-2027", &ModelId::status_quo(), metric);
        let full = shipped_mean("us-full-withdrawal-2028", &ModelId::status_quo(), metric);
        assert!(
            full < drawdown && drawdown < base,
            "{metric:?}: {full} {drawdown} {base}"
        );
    }
}

#[test]
fn conflict_fields_erode_trust_and_arctic_sentry_damps_greenland() {
    let m = ModelId::status_quo();
    let base = shipped_mean("baseline", &m, Metric::UsTrust);
    let tariffs = shipped_mean("tariff-war", &m, Metric::UsTrust);
    let greenland = shipped_mean("tariff-war-greenland", &m, Metric::UsTrust);
    let no_sentry = shipped_mean("greenland-without-arctic-sentry", &m, Metric::UsTrust);
    assert!(no_sentry < greenland && greenland < tariffs && tariffs < base);
    let deal = shipped_mean("us-russia-deal", &m, Metric::UsTrust);
    assert!(deal < base);
}

#[test]
fn a_refused_exit_can_still_end_membership() {
    let mut sc = load("us-exit-attempt-2027");
    sc.conflicts.exit_attempt.senate_approval = 1.0;
    let formal = mean(&sc, &ModelId::status_quo(), Metric::NuclearCredibility, 40);
    sc.conflicts.exit_attempt.senate_approval = 0.0;
    sc.conflicts.exit_attempt.practical_exit = 0.0;
    let blocked = mean(&sc, &ModelId::status_quo(), Metric::NuclearCredibility, 40);
    sc.conflicts.exit_attempt.practical_exit = 1.0;
    let practical = mean(&sc, &ModelId::status_quo(), Metric::NuclearCredibility, 40);
    let base = shipped_mean(
        "baseline",
        &ModelId::status_quo(),
        Metric::NuclearCredibility,
    );
    assert!((blocked - base).abs() < 0.02, "{blocked} vs {base}");
    assert!(
        formal < practical && practical < blocked,
        "{formal} {practical} {blocked}"
    );
}

#[test]
fn a_bargaining_chip_raises_spending_and_can_be_called_off() {
    let mut sc = load("us-bargaining-chip");
    let chip = mean(
        &sc,
        &ModelId::status_quo(),
        Metric::EuropeSpendingGdpFinal,
        40,
    );
    let chip_trust = mean(&sc, &ModelId::status_quo(), Metric::UsTrust, 40);
    sc.us.withdrawal.reason = natosim_core::scenario::WithdrawalReason::None;
    let plain_trust = mean(&sc, &ModelId::status_quo(), Metric::UsTrust, 40);
    let base = shipped_mean(
        "baseline",
        &ModelId::status_quo(),
        Metric::EuropeSpendingGdpFinal,
    );
    // The threat adds pressure on budgets …
    assert!(chip > base, "{chip} vs {base}");
    // Called off once Europe meets the target, the troops stay: more trust.
    assert!(chip_trust > plain_trust, "{chip_trust} vs {plain_trust}");
}

#[test]
fn forward_defence_holds_the_capitals_longer() {
    for model in [ModelId::european_defence_union(), ModelId::toolkit()] {
        let attack = shipped_mean("baltic-coup-de-main-2030", &model, Metric::BalticDays);
        let forward = shipped_mean("baltic-forward-defence", &model, Metric::BalticDays);
        assert!(forward > attack, "{model:?}: {forward} vs {attack}");
        let lost = shipped_mean("baltic-coup-de-main-2030", &model, Metric::PCapitalsLost);
        let lost_fwd = shipped_mean("baltic-forward-defence", &model, Metric::PCapitalsLost);
        assert!(lost_fwd < lost, "{model:?}: {lost_fwd} vs {lost}");
    }
}

#[test]
fn the_us_brigades_decide_the_baltic_defence() {
    // Seed 001: regional plans hinge on the US brigades and reinforcements.
    let sc = load("baltic-coup-de-main-2030");
    let with_us = mean(&sc, &ModelId::status_quo(), Metric::BalticDays, 40);
    let without = mean(
        &sc,
        &ModelId::european_defence_union(),
        Metric::BalticDays,
        40,
    );
    assert!(with_us > without, "{with_us} vs {without}");
}

#[test]
fn ukraine_options_trade_war_risk_against_entanglement_and_forces() {
    let m = ModelId::status_quo();
    let none = shipped_mean("ukraine-without-guarantees", &m, Metric::PUkraineWar);
    let hedgehog = shipped_mean("baseline", &m, Metric::PUkraineWar);
    let reassurance = shipped_mean("reassurance-force-ukraine", &m, Metric::PUkraineWar);
    let member = shipped_mean("ukraine-nato-membership", &m, Metric::PUkraineWar);
    assert!(member < reassurance && reassurance < hedgehog && hedgehog < none);
    // Five brigades in Ukraine are missing on the eastern flank.
    let mut sc = load("baltic-coup-de-main-2030");
    let days = mean(
        &sc,
        &ModelId::european_defence_union(),
        Metric::BalticDays,
        40,
    );
    sc.ukraine.option = natosim_core::scenario::UkraineOptionId::ReassuranceForce;
    let bound = mean(
        &sc,
        &ModelId::european_defence_union(),
        Metric::BalticDays,
        40,
    );
    assert!(bound < days, "{bound} vs {days}");
}

#[test]
fn resilience_spares_the_alliance_hybrid_crises() {
    let m = ModelId::status_quo();
    // Lesser attacks are absorbed nationally: fewer crises reach the alliance.
    let data = Dataset::embedded().unwrap();
    let crises = |name: &str| -> u32 {
        let engine = Engine::new(&load(name), &data, &m).unwrap();
        (0..40)
            .map(|r| {
                let mut trace = SeriesRecorder::default();
                engine.run_observed(11, r, &mut trace);
                trace.months.last().unwrap().crises
            })
            .sum()
    };
    let (weak, strong) = (crises("hybrid-campaign"), crises("hybrid-resilience"));
    assert!(strong < weak, "{strong} vs {weak}");
}

#[test]
fn the_south_needs_pressure_and_continuity() {
    let m = ModelId::status_quo();
    let base = shipped_mean("baseline", &m, Metric::HostStability);
    let withdrawal = shipped_mean("coalition-withdrawal-iraq", &m, Metric::HostStability);
    let long = shipped_mean("nmi-long-rotations", &m, Metric::HostStability);
    assert!(
        withdrawal < base && base < long,
        "{withdrawal} {base} {long}"
    );
    let resurgence = shipped_mean("coalition-withdrawal-iraq", &m, Metric::PIsResurgence);
    let calm = shipped_mean("baseline", &m, Metric::PIsResurgence);
    assert!(resurgence > calm, "{resurgence} vs {calm}");
}

#[test]
fn a_european_nuclear_dimension_helps_most_without_the_us() {
    // The EDU's institutions imply a European dimension of their own
    // (models.*.european_nuclear_dimension); switch it off in both scenarios
    // so the scenario's dimension is what is compared: the European layer
    // adds most where there is no US layer (1 − (1 − us)(1 − eu)).
    let without_own = |name: &str| {
        let mut sc = load(name);
        sc.model_mut(&ModelId::european_defence_union())
            .unwrap()
            .european_nuclear_dimension = 0.0;
        sc
    };
    let gain = |model: ModelId| {
        mean(
            &without_own("european-nuclear-dimension"),
            &model,
            Metric::NuclearCredibility,
            60,
        ) - mean(
            &without_own("baseline"),
            &model,
            Metric::NuclearCredibility,
            60,
        )
    };
    let edu = gain(ModelId::european_defence_union());
    let sq = gain(ModelId::status_quo());
    assert!(edu > 0.0 && sq > 0.0 && edu > sq, "{edu} {sq}");
}

#[test]
fn a_fifth_model_is_data_and_leaves_the_study_models_alone() {
    let data = Dataset::embedded().unwrap();
    let mixed = load("qualified-majority-coalitions");
    let base = load("baseline");
    let ids = mixed.model_ids();
    assert_eq!(ids.len(), 5);
    assert_eq!(ids[..4], ModelId::study()[..]);
    let fifth = &ids[4];
    assert_eq!(fifth.id(), "qualified-majority-coalitions");
    // `like = "toolkit"`: everything but the rule and the labels is the toolkit's.
    let inst = mixed.model(fifth).unwrap();
    let mut expected = base.model(&ModelId::toolkit()).unwrap().clone();
    expected.decision_rule = natosim_core::scenario::DecisionRule::QualifiedMajority;
    expected.label = "Coalitions by qualified majority".into();
    expected.label_de = Some("Koalitionen mit qualifizierter Mehrheit".into());
    assert_eq!(inst, &expected);
    // The study models run exactly as in the baseline.
    for id in ModelId::study() {
        let a = Engine::new(&base, &data, &id).unwrap();
        let b = Engine::new(&mixed, &data, &id).unwrap();
        for run in 0..5 {
            assert_eq!(bits(&a, run), bits(&b, run), "{id} run {run}");
        }
    }
    // With the toolkit's rule back, the fifth model is the toolkit, run for run.
    let mut back = mixed.clone();
    back.model_mut(fifth).unwrap().decision_rule = natosim_core::scenario::DecisionRule::Coalitions;
    let t = Engine::new(&back, &data, &ModelId::toolkit()).unwrap();
    let f = Engine::new(&back, &data, fifth).unwrap();
    for run in 0..5 {
        assert_eq!(bits(&t, run), bits(&f, run));
    }
    // And the rule matters: some run differs under qualified majority.
    let q = Engine::new(&mixed, &data, fifth).unwrap();
    assert!((0..20).any(|r| bits(&q, r) != bits(&t, r)));
}

/// A run's metrics bit for bit (NaN marks an undefined metric and equals itself here).
fn bits(e: &Engine, run: u64) -> Vec<u64> {
    e.run(3, run).values.iter().map(|v| v.to_bits()).collect()
}
