//! Face validity: the study's qualitative judgements of the three models
//! (seed 001, "Verortung der Debatte in den drei Modellen") must emerge from
//! the mechanisms on the baseline. Nothing in the engine is set per model, so
//! these are genuine tests of the mechanisms, not of hand-set numbers.
//!
//! Each ordering is checked on two seeds with paired (common random number)
//! ensembles, so a result that holds only by luck fails.

use natosim_analysis::{Comparison, EnsembleOptions, compare};
use natosim_core::{Dataset, ModelId, Scenario};

fn baseline(seed: u64) -> Comparison {
    let s = Scenario::defaults();
    compare(
        &s,
        &Dataset::embedded().unwrap(),
        &ModelId::study(),
        EnsembleOptions { seed, runs: 400 },
        &natosim_analysis::Progress::none(),
    )
    .unwrap()
}

fn mean(c: &Comparison, model: &str, metric: &str) -> f64 {
    c.models
        .iter()
        .find(|m| m.id.id() == model)
        .unwrap()
        .metric(metric)
        .unwrap()
        .mean
}

const SEEDS: [u64; 2] = [20250601, 99];

// The study's models by id (ids are data now, not enum variants).
const STATUS_QUO: &str = "status-quo";
const TRANSATLANTIC_MINUS: &str = "transatlantic-minus";
const EDU: &str = "european-defence-union";
const TOOLKIT: &str = "toolkit";

#[test]
fn edu_has_highest_european_spending_and_burden_share() {
    for seed in SEEDS {
        let c = baseline(seed);
        for metric in ["europe_spending_gdp_final", "european_burden_share"] {
            let edu = mean(&c, EDU, metric);
            for other in [STATUS_QUO, TRANSATLANTIC_MINUS, TOOLKIT] {
                assert!(
                    edu > mean(&c, other, metric),
                    "seed {seed}: {metric}: EDU {edu} vs {other:?}"
                );
            }
        }
    }
}

#[test]
fn edu_has_lowest_and_tnm_lower_nuclear_credibility_than_status_quo() {
    for seed in SEEDS {
        let c = baseline(seed);
        let edu = mean(&c, EDU, "nuclear_credibility");
        for other in [STATUS_QUO, TRANSATLANTIC_MINUS, TOOLKIT] {
            assert!(
                edu < mean(&c, other, "nuclear_credibility"),
                "seed {seed}: {other:?}"
            );
        }
        assert!(
            mean(&c, TRANSATLANTIC_MINUS, "nuclear_credibility")
                < mean(&c, STATUS_QUO, "nuclear_credibility")
        );
    }
}

#[test]
fn toolkit_decides_more_slowly_than_status_quo() {
    for seed in SEEDS {
        let c = baseline(seed);
        assert!(
            mean(&c, TOOLKIT, "decision_days") > mean(&c, STATUS_QUO, "decision_days"),
            "seed {seed}"
        );
    }
}

/// The study expects the EDU, deciding by majority, to be paralysed less
/// often than today's NATO. The engine used to reproduce this by
/// construction (majority voting counted every member that did not object
/// as a yes; the EDU was built in January 2025). Now a qualified majority
/// needs yes votes and the EDU runs on consensus until it is built, and the
/// study's ordering against the transatlantic-minus model is NOT reproduced
/// (docs/VALIDATION.md, "Face validity"). What follows from the mechanism is
/// tested instead: the same union, with the same posture and build, is
/// paralysed less often by qualified majority than by consensus, because
/// objections cannot block it.
#[test]
fn majority_voting_paralyses_the_union_less_than_consensus() {
    for seed in SEEDS {
        let mut s = Scenario::defaults();
        let mut consensus = s.model(&ModelId::european_defence_union()).unwrap().clone();
        consensus.decision_rule = natosim_core::scenario::DecisionRule::Consensus;
        consensus.label = "EDU by consensus".into();
        let id = ModelId::new("edu-consensus").unwrap();
        s.models.insert(id.clone(), consensus);
        let c = compare(
            &s,
            &Dataset::embedded().unwrap(),
            &[ModelId::european_defence_union(), id],
            EnsembleOptions { seed, runs: 400 },
            &natosim_analysis::Progress::none(),
        )
        .unwrap();
        let qmv = mean(&c, EDU, "p_paralysis");
        let cons = mean(&c, "edu-consensus", "p_paralysis");
        assert!(qmv < cons, "seed {seed}: QMV {qmv} vs consensus {cons}");
    }
}

#[test]
fn tnm_fragments_more_often_than_status_quo() {
    for seed in SEEDS {
        let c = baseline(seed);
        assert!(
            mean(&c, TRANSATLANTIC_MINUS, "p_fragmentation")
                > mean(&c, STATUS_QUO, "p_fragmentation"),
            "seed {seed}"
        );
    }
}
