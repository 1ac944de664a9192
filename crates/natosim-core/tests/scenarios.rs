//! The shipped scenario library and the documented behaviour of each
//! submodel, seen through whole runs of the engine. Every comparison is
//! paired (same seeds, common random numbers) and follows from the
//! mechanisms in docs/MODEL.md ("Submodels"); none is tuned to pass.

use natosim_core::engine::SeriesRecorder;
use natosim_core::metrics::Metric;
use natosim_core::scenario::{Layer, ModelId, Scenario};
use natosim_core::shipped::{SHIPPED, shipped};
use natosim_core::{Dataset, Engine};

/// Loads a shipped scenario with its `extends` chain.
fn load(name: &str) -> Scenario {
    let mut layers = Vec::new();
    let mut next = Some(name.to_string());
    while let Some(n) = next {
        let layer = Layer::parse(&n, shipped(&n).expect("shipped")).expect("parses");
        next = layer.extends.clone();
        layers.push(layer);
    }
    layers.reverse();
    Scenario::from_layers(&layers).expect("valid")
}

/// Mean of `metric` over `runs` paired runs.
fn mean(sc: &Scenario, model: ModelId, metric: Metric, runs: u64) -> f64 {
    let data = Dataset::embedded().unwrap();
    let engine = Engine::new(sc, &data, model);
    let values: Vec<f64> = (0..runs)
        .map(|r| engine.run(11, r).get(metric))
        .filter(|v| !v.is_nan())
        .collect();
    values.iter().sum::<f64>() / values.len() as f64
}

fn shipped_mean(name: &str, model: ModelId, metric: Metric) -> f64 {
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
        for model in ModelId::ALL {
            let m = Engine::new(&sc, &data, model).run(1, 0);
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
        let base = shipped_mean("baseline", ModelId::StatusQuo, metric);
        let drawdown = shipped_mean("us-drawdown-2027", ModelId::StatusQuo, metric);
        let full = shipped_mean("us-full-withdrawal-2028", ModelId::StatusQuo, metric);
        assert!(
            full < drawdown && drawdown < base,
            "{metric:?}: {full} {drawdown} {base}"
        );
    }
}

#[test]
fn conflict_fields_erode_trust_and_arctic_sentry_damps_greenland() {
    let m = ModelId::StatusQuo;
    let base = shipped_mean("baseline", m, Metric::UsTrust);
    let tariffs = shipped_mean("tariff-war", m, Metric::UsTrust);
    let greenland = shipped_mean("tariff-war-greenland", m, Metric::UsTrust);
    let no_sentry = shipped_mean("greenland-without-arctic-sentry", m, Metric::UsTrust);
    assert!(no_sentry < greenland && greenland < tariffs && tariffs < base);
    let deal = shipped_mean("us-russia-deal", m, Metric::UsTrust);
    assert!(deal < base);
}

#[test]
fn a_refused_exit_can_still_end_membership() {
    let mut sc = load("us-exit-attempt-2027");
    sc.conflicts.exit_attempt.senate_approval = 1.0;
    let formal = mean(&sc, ModelId::StatusQuo, Metric::NuclearCredibility, 40);
    sc.conflicts.exit_attempt.senate_approval = 0.0;
    sc.conflicts.exit_attempt.practical_exit = 0.0;
    let blocked = mean(&sc, ModelId::StatusQuo, Metric::NuclearCredibility, 40);
    sc.conflicts.exit_attempt.practical_exit = 1.0;
    let practical = mean(&sc, ModelId::StatusQuo, Metric::NuclearCredibility, 40);
    let base = shipped_mean("baseline", ModelId::StatusQuo, Metric::NuclearCredibility);
    assert!((blocked - base).abs() < 0.02, "{blocked} vs {base}");
    assert!(
        formal < practical && practical < blocked,
        "{formal} {practical} {blocked}"
    );
}

#[test]
fn a_bargaining_chip_raises_spending_and_can_be_called_off() {
    let mut sc = load("us-bargaining-chip");
    let chip = mean(&sc, ModelId::StatusQuo, Metric::EuropeSpendingGdpFinal, 40);
    let chip_trust = mean(&sc, ModelId::StatusQuo, Metric::UsTrust, 40);
    sc.us.withdrawal.reason = natosim_core::scenario::WithdrawalReason::None;
    let plain_trust = mean(&sc, ModelId::StatusQuo, Metric::UsTrust, 40);
    let base = shipped_mean(
        "baseline",
        ModelId::StatusQuo,
        Metric::EuropeSpendingGdpFinal,
    );
    // The threat adds pressure on budgets …
    assert!(chip > base, "{chip} vs {base}");
    // Called off once Europe meets the target, the troops stay: more trust.
    assert!(chip_trust > plain_trust, "{chip_trust} vs {plain_trust}");
}

#[test]
fn forward_defence_holds_the_capitals_longer() {
    for model in [ModelId::EuropeanDefenceUnion, ModelId::Toolkit] {
        let attack = shipped_mean("baltic-coup-de-main-2030", model, Metric::BalticDays);
        let forward = shipped_mean("baltic-forward-defence", model, Metric::BalticDays);
        assert!(forward > attack, "{model:?}: {forward} vs {attack}");
        let lost = shipped_mean("baltic-coup-de-main-2030", model, Metric::PCapitalsLost);
        let lost_fwd = shipped_mean("baltic-forward-defence", model, Metric::PCapitalsLost);
        assert!(lost_fwd < lost, "{model:?}: {lost_fwd} vs {lost}");
    }
}

#[test]
fn the_us_brigades_decide_the_baltic_defence() {
    // Seed 001: regional plans hinge on the US brigades and reinforcements.
    let sc = load("baltic-coup-de-main-2030");
    let with_us = mean(&sc, ModelId::StatusQuo, Metric::BalticDays, 40);
    let without = mean(&sc, ModelId::EuropeanDefenceUnion, Metric::BalticDays, 40);
    assert!(with_us > without, "{with_us} vs {without}");
}

#[test]
fn ukraine_options_trade_war_risk_against_entanglement_and_forces() {
    let m = ModelId::StatusQuo;
    let none = shipped_mean("ukraine-without-guarantees", m, Metric::PUkraineWar);
    let hedgehog = shipped_mean("baseline", m, Metric::PUkraineWar);
    let reassurance = shipped_mean("reassurance-force-ukraine", m, Metric::PUkraineWar);
    let member = shipped_mean("ukraine-nato-membership", m, Metric::PUkraineWar);
    assert!(member < reassurance && reassurance < hedgehog && hedgehog < none);
    // Five brigades in Ukraine are missing on the eastern flank.
    let mut sc = load("baltic-coup-de-main-2030");
    let days = mean(&sc, ModelId::EuropeanDefenceUnion, Metric::BalticDays, 40);
    sc.ukraine.option = natosim_core::scenario::UkraineOptionId::ReassuranceForce;
    let bound = mean(&sc, ModelId::EuropeanDefenceUnion, Metric::BalticDays, 40);
    assert!(bound < days, "{bound} vs {days}");
}

#[test]
fn resilience_spares_the_alliance_hybrid_crises() {
    let m = ModelId::StatusQuo;
    // Lesser attacks are absorbed nationally: fewer crises reach the alliance.
    let data = Dataset::embedded().unwrap();
    let crises = |name: &str| -> u32 {
        let engine = Engine::new(&load(name), &data, m);
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
    let m = ModelId::StatusQuo;
    let base = shipped_mean("baseline", m, Metric::HostStability);
    let withdrawal = shipped_mean("coalition-withdrawal-iraq", m, Metric::HostStability);
    let long = shipped_mean("nmi-long-rotations", m, Metric::HostStability);
    assert!(
        withdrawal < base && base < long,
        "{withdrawal} {base} {long}"
    );
    let resurgence = shipped_mean("coalition-withdrawal-iraq", m, Metric::PIsResurgence);
    let calm = shipped_mean("baseline", m, Metric::PIsResurgence);
    assert!(resurgence > calm, "{resurgence} vs {calm}");
}

#[test]
fn a_european_nuclear_dimension_helps_most_without_the_us() {
    let gain = |model| {
        shipped_mean(
            "european-nuclear-dimension",
            model,
            Metric::NuclearCredibility,
        ) - shipped_mean("baseline", model, Metric::NuclearCredibility)
    };
    let edu = gain(ModelId::EuropeanDefenceUnion);
    let sq = gain(ModelId::StatusQuo);
    assert!(edu > 0.0 && sq > 0.0 && edu > sq, "{edu} {sq}");
}
