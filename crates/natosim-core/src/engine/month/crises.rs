//! Step 5a: crisis arrivals and their outcomes. One uniform per crisis kind
//! and month on the exogenous stream (common to all models); a crisis that
//! arrives draws its own stream for the decision. docs/MODEL.md 7.7 "Crisis
//! arrivals and Russian opportunism", 7.19 "Hybrid threats", 7.20 (the south)
//! and 7.21 "The High North: Arctic Sentry".

use super::UsPosture;
use super::decision::{CrisisContext, hybrid_attack_severity};
use crate::engine::state::State;
use crate::engine::{CrisisKind, Engine};
use crate::rng::{Purpose, Rng, stream};
use rand::Rng as _;

impl Engine {
    /// The month's crises: for each kind, whether one arrives (Russian-driven
    /// kinds come more often the stronger Russia and the weaker deterrence;
    /// the theatres modulate their own kind), then the decision, the tally,
    /// the solidarity record and the threat bump of Russian-driven crises.
    pub(crate) fn crises(
        &self,
        s: &mut State,
        (seed, run): (u64, u64),
        t: usize,
        russia: f64,
        us: &UsPosture,
        exo: &mut Rng,
    ) {
        let sc = &self.scenario;
        let sh = &self.shocks;
        let k = &sc.conflicts;
        let m = &self.m;
        let us_forces = self.us_forces(us);
        // A deal over the allies' heads emboldens Russia.
        let probe_gain =
            sc.russia.probe_gain * (1.0 + k.russia_deal.probe_gain * sh.russia_deal[t]);
        let kinds = self.crises.len();
        // Grey-zone shaping fades unless new hybrid attacks renew it (MODEL.md 7.19).
        s.shaping *= sc.hybrid.shaping_memory;
        let mut votes = std::mem::take(&mut s.votes);
        for (index, (kind, ct)) in self.crises.iter().enumerate() {
            let u: f64 = exo.random();
            let mut rate = if ct.russian_driven {
                ct.rate_per_month * (1.0 + probe_gain * russia * (1.0 - s.deterrence))
            } else {
                ct.rate_per_month
            };
            let mut required = ct.required_busd;
            match kind {
                CrisisKind::Arctic => {
                    rate *= (1.0 + k.greenland.arctic_rate_gain * sh.greenland[t])
                        * (1.0 - sc.arctic.rate_damping * sh.arctic[t]);
                    required *= 1.0 - sc.arctic.prepositioning * sh.arctic[t];
                }
                CrisisKind::South => {
                    rate *=
                        (1.0 + sc.south.crisis_gain * (s.south.is - sc.south.is_initial)).max(0.0);
                }
                CrisisKind::Hybrid | CrisisKind::EasternMilitary => {}
            }
            if u >= rate.min(1.0) {
                continue;
            }
            let mut rng = stream(seed, run, Purpose::Crisis, (t * kinds + index) as u64);
            let mut hybrid_severity = None;
            if *kind == CrisisKind::Hybrid {
                let (u_kind, u_severity, u_absorb): (f64, f64, f64) =
                    (rng.random(), rng.random(), rng.random());
                let severity = hybrid_attack_severity(&sc.hybrid, u_kind, u_severity);
                // Every attack is pressure, whether or not it reaches the
                // alliance; resilient societies blunt what it achieves.
                s.shaping = (s.shaping
                    + sc.hybrid.shaping_gain * severity * (1.0 - sc.hybrid.resilience))
                    .min(1.0);
                // National resilience absorbs lesser attacks before they reach the alliance.
                if u_absorb < sc.hybrid.resilience * (1.0 - severity) {
                    continue;
                }
                // Severity 0.5 is the nominal crisis; resilient societies need less help.
                required *= 2.0 * severity * (1.0 - sc.hybrid.resilience);
                hybrid_severity = Some(severity);
            }
            s.tally.crises += 1;
            let ctx = CrisisContext {
                inst: &self.inst,
                s,
                us_in: us.member,
                presence: us.presence,
                us_forces,
                required,
                hybrid_severity,
            };
            let outcome = self.decide(ct, &ctx, &mut rng, &mut votes);
            let in_time = outcome.decision_days.filter(|&d| d <= ct.deadline_days);
            let success = in_time.is_some() && outcome.committed >= required;
            if let Some(days) = outcome.decision_days.filter(|&d| d <= sc.decision.max_days) {
                s.tally.decided += 1;
                s.tally.sum_days += days;
            }
            if in_time.is_none() {
                s.tally.unanswered += 1;
            }
            if success {
                s.tally.answered += 1;
                // An answered southern crisis holds forces away from the east for a while.
                if *kind == CrisisKind::South {
                    s.south.deployed += sc.south.crisis_brigades;
                }
            }
            let mem = sc.cohesion.record_memory;
            s.record = mem * s.record + (1.0 - mem) * if success { 1.0 } else { 0.0 };
            if ct.russian_driven {
                let sal = ct.salience.to_array();
                let gain = sc.perception.crisis_salience_gain;
                for (bump, flank) in s.bump[..m.n].iter_mut().zip(&m.flank[..m.n]) {
                    *bump += gain * sal[flank.index()];
                }
            }
        }
        s.votes = votes;
    }
}
