//! Step 5b: one crisis put to the institution's decision rule — each ally's
//! support, speed and objection, a leading power's first move, and the
//! collective decision by consensus, qualified majority or coalitions of the
//! willing. docs/MODEL.md 7.8 "Crisis decisions" and 7.19 "Hybrid threats".
//!
//! Step 5c: the month's Article 5 decision for an armed attack on the eastern
//! flank ([`Engine::article5`]): when the decision process releases the
//! allies' reinforcements (`State::response_days`) and what share of them
//! the allies' political will commits (`State::reinforcing_share`). The
//! Baltic campaign reads both. The rule in force is the institution as built
//! this month (`State::built`), so a model that is still building its
//! institution decides by the rule it inherits.

use super::{UsPosture, logistic};
use crate::engine::state::{Stance, State, Vote};
use crate::engine::{CrisisKind, CrisisOutcome, Engine};
use crate::math;
use crate::math::StandardNormal;
use crate::rng::Rng;
use crate::scenario::{CrisisType, DecisionRule, Institution};
use rand::Rng as _;
use rand::distr::Distribution;

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
    /// Puts one crisis to the institution's decision rule; `votes` is
    /// scratch space (its contents on entry do not matter).
    pub(crate) fn decide(
        &self,
        ct: &CrisisType,
        ctx: &CrisisContext,
        rng: &mut Rng,
        votes: &mut Vec<Vote>,
    ) -> CrisisOutcome {
        let sc = &self.scenario;
        let dp = &sc.decision;
        let m = &self.m;
        let s = ctx.s;
        let inst = ctx.inst;
        let salience = ct.salience.to_array();
        // Delegated competence and a leader who pushes laggards both shorten deliberation;
        // joining a coalition that no common decision binds invites buck-passing.
        // The institution as built this month (MODEL.md 7.8): its rule, its delegation, its friction.
        let built = s.built;
        let rule = built.rule;
        let speed =
            (1.0 - dp.delegation_speedup * built.delegation - dp.leadership_speedup * s.leadership)
                .max(0.05);
        // Collective decisions of a supranational bureaucracy take longer.
        let friction = 1.0 + built.friction;
        // Under coalitions no common decision binds: each ally waits for
        // others to carry the burden, so solidarity pulls less (buck-passing).
        let solidarity = solidarity_pull(dp, rule, s.cohesion);

        // Each ally: does it support action, how long does it take to decide,
        // and, if it does not support it, does it object (veto, vote no)?
        votes.clear();
        let mut us_supports = false;
        // The columns cut to the members once (no bounds checks in the loop).
        let n = m.n;
        let (flank, hybrid_threshold, south_weight) = (
            &m.flank[..n],
            &m.hybrid_threshold[..n],
            &m.south_weight[..n],
        );
        let (risk_aversion, veto, availability) =
            (&m.risk_aversion[..n], &m.veto[..n], &m.availability[..n]);
        let (threat, entrapment) = (&s.threat[..n], &s.entrapment[..n]);
        let (capability, gdp) = (&s.capability[..n], &s.gdp[..n]);
        for i in 0..n {
            let is_us = Some(i) == self.us;
            // Draw every member's numbers in a fixed order so streams stay aligned.
            let (u_support, u_object): (f64, f64) = (rng.random(), rng.random());
            let z: f64 = StandardNormal.sample(rng);
            if is_us && !ctx.us_in {
                continue;
            }
            let mut relevance = salience[flank[i].index()];
            if is_us {
                relevance *= ctx.presence;
            }
            // Members differ on when a hybrid attack is an alliance matter.
            if let Some(severity) = ctx.hybrid_severity
                && severity < hybrid_threshold[i]
            {
                relevance *= sc.hybrid.below_threshold_relevance;
            }
            let driver = if ct.russian_driven {
                threat[i].min(1.0)
            } else {
                0.5 + 0.5 * south_weight[i]
            };
            let willingness = (1.0 - dp.solidarity_weight) * relevance * driver + solidarity
                - ct.stakes * sc.perception.entrapment_weight * risk_aversion[i]
                - entrapment[i];
            let p_support = logistic((willingness - dp.support_threshold) / dp.support_softness);
            let support = u_support < p_support;
            us_supports |= is_us && support;
            let p_object = veto[i] * dp.veto_scale * (1.0 - s.cohesion);
            let object = !support && u_object < p_object;
            votes.push(Vote {
                // e^a · e^b as e^(a + b): one `exp` per vote instead of two
                // (session 8; changes the days in their last bits only).
                days: dp.base_days
                    * math::exp(-dp.willingness_speedup * willingness + dp.noise_sigma * z)
                    * speed,
                forces: if is_us {
                    ctx.us_forces
                } else {
                    capability[i] * availability[i]
                },
                weight: gdp[i],
                support,
                object,
                yes: support || goes_along(u_object, p_object, dp.acquiescence),
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
        // A leading power may go first and let the willing join it (seed 001:
        // the SACEUR stays able to act even if the Council is blocked).
        let u_lead: f64 = rng.random();
        let leads = us_supports && u_lead < s.leadership;
        // The votes in order of readiness: a qualified majority and a
        // coalition count them in that order, and so does a leader's sum of
        // forces; consensus needs only the slowest.
        let sorted = rule != DecisionRule::Consensus;
        if sorted {
            votes.sort_by(|a, b| a.days.total_cmp(&b.days));
        }
        let collective = match rule {
            // Unanimity: one objection blocks; otherwise the slowest member sets the pace.
            DecisionRule::Consensus => (!votes.iter().any(|v| v.object)).then(|| CrisisOutcome {
                // The last after a sort by `total_cmp`, whether sorted or not.
                decision_days: votes
                    .iter()
                    .map(|v| v.days)
                    .max_by(f64::total_cmp)
                    .map(|d| d * friction),
                committed,
            }),
            // Double majority of the members voting yes (as in the EU Council,
            // an abstention is not a yes): supporters and those who go along;
            // the vote passes as soon as enough of them are ready.
            DecisionRule::QualifiedMajority => qualified_majority(
                votes.iter().filter(|v| v.yes).map(|v| (v.days, v.weight)),
                inst,
                members,
                total_weight,
            )
            .map(|days| CrisisOutcome {
                decision_days: Some(days * friction),
                committed,
            }),
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
                                (v.days + dp.coalition_overhead_days * math::ln((k + 2) as f64))
                                    * friction,
                            ),
                            committed: forces,
                        })
                    })
            }
        };
        let leader = leads.then(|| {
            if !sorted {
                // Under consensus only the leader's sum needs the order, and
                // only that of its supporters in time: a stable sort of those
                // alone puts them in the order the sort of all would (session
                // 9; the sum is the same, bit for bit).
                votes.retain(|v| v.support && v.days <= ct.deadline_days);
                votes.sort_by(|a, b| a.days.total_cmp(&b.days));
            }
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

/// The pull of solidarity (cohesion) on an ally's willingness: under
/// coalitions no common decision binds, so it is divided by 1 + buck_passing.
fn solidarity_pull(dp: &crate::scenario::Decision, rule: DecisionRule, cohesion: f64) -> f64 {
    let pull = dp.solidarity_weight * cohesion;
    if rule == DecisionRule::Coalitions {
        pull / (1.0 + dp.buck_passing)
    } else {
        pull
    }
}

/// Whether a member that does not support action but does not object
/// either votes yes (goes along with the majority): a share `acquiescence`
/// of such members do. Reuses the member's objection uniform `u`, which is
/// uniform on [p_object, 1] given no objection, so no extra draw shifts the
/// streams.
fn goes_along(u: f64, p_object: f64, acquiescence: f64) -> bool {
    u >= p_object && u >= 1.0 - acquiescence * (1.0 - p_object)
}

/// The readiness (days, or willingness) of the yes voter whose vote makes a
/// double qualified majority, given the yes voters' `(readiness, weight)` in
/// order of readiness; `None` if they never make the majority.
fn qualified_majority(
    yes_voters: impl Iterator<Item = (f64, f64)>,
    inst: &Institution,
    members: f64,
    total_weight: f64,
) -> Option<f64> {
    let (mut count, mut weight) = (0.0, 0.0);
    for (readiness, w) in yes_voters {
        count += 1.0;
        weight += w;
        if count >= inst.qmv_states * members && weight >= inst.qmv_weight * total_weight {
            return Some(readiness);
        }
    }
    None
}

/// The month's Article 5 decision: days until reinforcements are released
/// (force-weighted over the routes that release them) and the share of the
/// allies' available reinforcements committed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Article5 {
    /// Days from an attack until the reinforcements committed are released.
    pub(crate) response_days: f64,
    /// Share of the allies' available reinforcements committed.
    pub(crate) reinforcing_share: f64,
}

impl Engine {
    /// Puts an armed attack on the eastern flank to the institution as built
    /// this month and writes `response_days` and `reinforcing_share` into the
    /// state (MODEL.md 7.8, "The Article 5 decision").
    ///
    /// Each ally weighs the attack like an eastern crisis (relevance to its
    /// flank × threat, solidarity, entrapment and the stakes of war with
    /// Russia for the risk-averse), plus the treaty's resolve and the
    /// political will drawn for it in this run; it supports the defence if
    /// its willingness passes the support threshold. States control their
    /// forces under every rule: supporters send theirs, allies bound by a
    /// decision they did not support send `compliance` of theirs, objectors
    /// none. Routes to a release: the collective decision (consensus waits
    /// for the slowest and fails on one objection; a qualified majority
    /// passes when enough supporters are ready; a coalition acts when its
    /// willing have the forces an eastern crisis requires), a leading power
    /// going first, or — if neither — national and bilateral help by the
    /// willing. Forces pre-authorised to a SACEUR (the delegated share of the
    /// non-objectors' forces) move within `delegated_days` whatever the vote.
    pub(crate) fn article5(&self, s: &mut State, us: &UsPosture) -> Article5 {
        let sc = &self.scenario;
        let dp = &sc.decision;
        let m = &self.m;
        let inst = &self.inst;
        let ct = CrisisKind::EasternMilitary.of(&sc.crises);
        let salience = ct.salience.to_array();
        let built = s.built;
        let speed = (1.0 - dp.leadership_speedup * s.leadership).max(0.05);
        let friction = 1.0 + built.friction;
        let solidarity = solidarity_pull(dp, built.rule, s.cohesion);
        let us_forces = self.us_forces(us);
        // Deliberation days fall with willingness, so the order of readiness
        // is the order of willingness: days are computed only where needed.
        let days_of = |willingness: f64| {
            dp.base_days * math::exp(-dp.willingness_speedup * willingness) * speed
        };

        let mut stances = std::mem::take(&mut s.stances);
        stances.clear();
        let (mut total, mut support_forces, mut bound_forces, mut objector_forces) =
            (0.0, 0.0, 0.0, 0.0);
        let (mut members, mut total_weight, mut least_willing) = (0.0, 0.0, f64::INFINITY);
        let (mut blocked, mut us_supports) = (false, false);
        // The columns cut to the members once: the loop indexes them without
        // bounds checks.
        let n = m.n;
        let (flank, risk_aversion, baltic) = (&m.flank[..n], &m.risk_aversion[..n], &m.baltic[..n]);
        let (availability, veto) = (&m.availability[..n], &m.veto[..n]);
        let (threat, entrapment, will) =
            (&s.threat[..n], &s.entrapment[..n], &s.politics.will[..n]);
        let (capability, object_u, gdp) =
            (&s.capability[..n], &s.politics.object[..n], &s.gdp[..n]);
        for i in 0..n {
            let is_us = Some(i) == self.us;
            if is_us && !us.member {
                continue;
            }
            let mut relevance = salience[flank[i].index()];
            if is_us {
                relevance *= us.presence;
            }
            let willingness = (1.0 - dp.solidarity_weight) * relevance * threat[i].min(1.0)
                + solidarity
                + dp.article5_resolve
                - dp.article5_stakes * sc.perception.entrapment_weight * risk_aversion[i]
                - entrapment[i]
                + will[i];
            let support = willingness > dp.support_threshold;
            // The Baltic states' own forces fight from day 0; they are not reinforcements.
            let forces = if is_us {
                us_forces
            } else if baltic[i] {
                0.0
            } else {
                capability[i] * availability[i]
            };
            let p_object = veto[i] * dp.veto_scale * (1.0 - s.cohesion);
            let u = object_u[i];
            let object = !support && u < p_object;
            let yes = support || goes_along(u, p_object, dp.acquiescence);
            members += 1.0;
            total_weight += gdp[i];
            total += forces;
            least_willing = least_willing.min(willingness);
            if support {
                support_forces += forces;
                us_supports |= is_us;
            } else if object {
                objector_forces += forces;
                blocked = true;
            } else {
                bound_forces += forces;
            }
            stances.push(Stance {
                willingness,
                forces,
                weight: gdp[i],
                support,
                yes,
            });
        }
        let bound = support_forces + dp.compliance * bound_forces;
        if built.rule != DecisionRule::Consensus {
            // Most willing (readiest) first.
            stances.sort_unstable_by(|a, b| b.willingness.total_cmp(&a.willingness));
        }

        // (days, forces) of each route that releases reinforcements.
        let collective = match built.rule {
            // Unanimity: one objection blocks; the slowest sets the pace.
            DecisionRule::Consensus => {
                (!blocked && members > 0.0).then(|| (days_of(least_willing) * friction, bound))
            }
            DecisionRule::QualifiedMajority => qualified_majority(
                stances
                    .iter()
                    .filter(|v| v.yes)
                    .map(|v| (v.willingness, v.weight)),
                inst,
                members,
                total_weight,
            )
            .map(|w| (days_of(w) * friction, bound)),
            DecisionRule::Coalitions => {
                let mut forces = 0.0;
                stances
                    .iter()
                    .filter(|v| v.support)
                    .enumerate()
                    .find_map(|(k, v)| {
                        forces += v.forces;
                        (forces >= ct.required_busd).then(|| {
                            let days = days_of(v.willingness)
                                + dp.coalition_overhead_days * math::ln((k + 2) as f64);
                            (days * friction, support_forces)
                        })
                    })
            }
        };
        let leader = (us_supports && s.politics.lead < s.leadership)
            .then_some((dp.hegemon_days, support_forces));
        let (days, forces) = match (leader, collective) {
            (Some(l), Some(c)) => (l.0.min(c.0), l.1.max(c.1)),
            (Some(o), None) | (None, Some(o)) => o,
            // National and bilateral help: each willing ally sends its
            // forces when it has decided (force-weighted), plus coordination.
            (None, None) if support_forces > 0.0 => {
                let weighted: f64 = stances
                    .iter()
                    .filter(|v| v.support)
                    .map(|v| v.forces * days_of(v.willingness))
                    .sum();
                (
                    weighted / support_forces + dp.bilateral_days,
                    support_forces,
                )
            }
            (None, None) => (dp.max_days, 0.0),
        };
        s.stances = stances;

        // Pre-authorised forces move at once; the rest when their route releases them.
        let pre = built.delegation * (total - objector_forces);
        let rest = (1.0 - built.delegation) * forces;
        let committed = pre + rest;
        let a = if total > 0.0 && committed > 0.0 {
            Article5 {
                response_days: ((pre * dp.delegated_days + rest * days) / committed)
                    .min(dp.max_days),
                reinforcing_share: (committed / total).clamp(0.0, 1.0),
            }
        } else {
            Article5 {
                response_days: dp.max_days,
                reinforcing_share: 0.0,
            }
        };
        s.response_days = a.response_days;
        s.reinforcing_share = a.reinforcing_share;
        a
    }
}
