//! Step 5b: one crisis put to the institution's decision rule — each ally's
//! support, speed and objection, a leading power's first move, and the
//! collective decision by consensus, qualified majority or coalitions of the
//! willing. docs/MODEL.md 7.8 "Crisis decisions" and 7.19 "Hybrid threats".

use super::logistic;
use crate::engine::state::State;
use crate::engine::{CrisisOutcome, Engine};
use crate::rng::Rng;
use crate::scenario::{CrisisType, DecisionRule, Institution};
use rand::Rng as _;
use rand_distr::{Distribution, StandardNormal};

/// One ally's stance on one crisis.
struct Vote {
    days: f64,
    forces: f64,
    weight: f64,
    support: bool,
    object: bool,
}

/// Inputs to a crisis decision that come from the month's state.
pub(crate) struct CrisisContext<'a> {
    pub(crate) inst: &'a Institution,
    pub(crate) s: &'a State,
    pub(crate) us_in: bool,
    pub(crate) presence: f64,
    pub(crate) us_forces: f64,
    /// Forces an adequate answer needs, USD bn.
    pub(crate) required: f64,
    /// Severity of a hybrid attack (for hybrid crises only).
    pub(crate) hybrid_severity: Option<f64>,
}

/// Kind and severity of a hybrid attack from two uniforms: the kind by its
/// share in the mix, the severity 0.5–1.5 times the kind's typical one.
pub(crate) fn hybrid_attack_severity(
    h: &crate::scenario::Hybrid,
    u_kind: f64,
    u_severity: f64,
) -> f64 {
    let mix = h.mix.to_array();
    let total: f64 = mix.iter().sum();
    let severities = h.severity.to_array();
    let mut acc = 0.0;
    let mut kind = mix.len() - 1;
    for (j, w) in mix.iter().enumerate() {
        acc += w / total;
        if u_kind < acc {
            kind = j;
            break;
        }
    }
    (severities[kind] * (0.5 + u_severity)).min(1.0)
}

impl Engine {
    /// Puts one crisis to the institution's decision rule.
    pub(crate) fn decide(
        &self,
        ct: &CrisisType,
        ctx: &CrisisContext,
        rng: &mut Rng,
    ) -> CrisisOutcome {
        let sc = &self.scenario;
        let dp = &sc.decision;
        let m = &self.m;
        let s = ctx.s;
        let inst = ctx.inst;
        let salience = ct.salience.to_array();
        // Delegated competence and a leader who pushes laggards both shorten deliberation;
        // joining a coalition that no common decision binds invites buck-passing.
        let mut speed = (1.0
            - dp.delegation_speedup * inst.competence_delegation
            - dp.leadership_speedup * s.leadership)
            .max(0.05);
        if inst.decision_rule == DecisionRule::Coalitions {
            speed *= 1.0 + dp.buck_passing;
        }

        // Each ally: does it support action, how long does it take to decide,
        // and, if it does not support it, does it object (veto, vote no)?
        let mut votes: Vec<Vote> = Vec::with_capacity(m.n);
        let mut us_supports = false;
        for i in 0..m.n {
            let is_us = Some(i) == self.us;
            // Draw every member's numbers in a fixed order so streams stay aligned.
            let (u_support, u_object): (f64, f64) = (rng.random(), rng.random());
            let z: f64 = StandardNormal.sample(rng);
            if is_us && !ctx.us_in {
                continue;
            }
            let mut relevance = salience[m.flank[i].index()];
            if is_us {
                relevance *= ctx.presence;
            }
            // Members differ on when a hybrid attack is an alliance matter.
            if let Some(severity) = ctx.hybrid_severity
                && severity < m.hybrid_threshold[i]
            {
                relevance *= sc.hybrid.below_threshold_relevance;
            }
            let driver = if ct.russian_driven {
                s.threat[i].min(1.0)
            } else {
                0.5 + 0.5 * m.south_weight[i]
            };
            let willingness = (1.0 - dp.solidarity_weight) * relevance * driver
                + dp.solidarity_weight * s.cohesion
                - ct.stakes * sc.perception.entrapment_weight * m.risk_aversion[i]
                - s.entrapment[i];
            let p_support = logistic((willingness - dp.support_threshold) / dp.support_softness);
            let support = u_support < p_support;
            us_supports |= is_us && support;
            votes.push(Vote {
                days: dp.base_days
                    * (-dp.willingness_speedup * willingness).exp()
                    * (dp.noise_sigma * z).exp()
                    * speed,
                forces: if is_us {
                    ctx.us_forces
                } else {
                    s.capability[i] * m.availability[i]
                },
                weight: s.gdp[i],
                support,
                object: !support && u_object < m.veto[i] * dp.veto_scale * (1.0 - s.cohesion),
            });
        }
        let members = votes.len() as f64;
        let total_weight: f64 = votes.iter().map(|v| v.weight).sum();
        let support_forces: f64 = votes.iter().filter(|v| v.support).map(|v| v.forces).sum();
        // Members bound by a decision they did not support contribute in part.
        let bound_forces: f64 = votes
            .iter()
            .filter(|v| !v.support && !v.object)
            .map(|v| v.forces)
            .sum();
        let committed = support_forces + dp.compliance * bound_forces;
        votes.sort_by(|a, b| a.days.total_cmp(&b.days));

        // A leading power may go first and let the willing join it (seed 001:
        // the SACEUR stays able to act even if the Council is blocked).
        let u_lead: f64 = rng.random();
        let leader = (us_supports && u_lead < s.leadership).then(|| {
            let forces: f64 = votes
                .iter()
                .filter(|v| v.support && v.days <= ct.deadline_days)
                .map(|v| v.forces)
                .sum();
            CrisisOutcome {
                decision_days: Some(dp.hegemon_days),
                committed: forces,
            }
        });

        let collective = match inst.decision_rule {
            // Unanimity: one objection blocks; otherwise the slowest member sets the pace.
            DecisionRule::Consensus => (!votes.iter().any(|v| v.object)).then(|| CrisisOutcome {
                decision_days: votes.last().map(|v| v.days),
                committed,
            }),
            // Double majority: every member not objecting votes yes; the vote is
            // held as soon as a qualified majority of members is ready.
            DecisionRule::QualifiedMajority => {
                let (mut count, mut weight) = (0.0, 0.0);
                votes.iter().filter(|v| !v.object).find_map(|v| {
                    count += 1.0;
                    weight += v.weight;
                    (count >= inst.qmv_states * members && weight >= inst.qmv_weight * total_weight)
                        .then_some(CrisisOutcome {
                            decision_days: Some(v.days),
                            committed,
                        })
                })
            }
            // Coalitions of the willing: act once the willing have enough forces.
            DecisionRule::Coalitions => {
                let mut forces = 0.0;
                votes
                    .iter()
                    .filter(|v| v.support)
                    .enumerate()
                    .find_map(|(k, v)| {
                        forces += v.forces;
                        (forces >= ctx.required).then(|| CrisisOutcome {
                            decision_days: Some(
                                v.days + dp.coalition_overhead_days * ((k + 2) as f64).ln(),
                            ),
                            committed: forces,
                        })
                    })
            }
        };
        match (leader, collective) {
            (Some(l), Some(c)) => {
                // The collective decision supersedes the leader's first move when it comes in time.
                let c_days = c.decision_days.unwrap_or(f64::INFINITY);
                let committed = if c_days <= ct.deadline_days {
                    c.committed.max(l.committed)
                } else {
                    l.committed
                };
                CrisisOutcome {
                    decision_days: l.decision_days.map(|d| d.min(c_days)),
                    committed,
                }
            }
            (Some(o), None) | (None, Some(o)) => o,
            (None, None) => CrisisOutcome {
                decision_days: None,
                committed: 0.0,
            },
        }
    }
}
