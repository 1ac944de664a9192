//! Step 1: the US posture (troops, enablers, membership, nuclear signals) and
//! US leadership. docs/MODEL.md 7.1 "US posture and leadership" and 7.16
//! "The US posture: conflict fields, withdrawal reasons, the exit hurdle".

use super::mean_over;
use crate::engine::Engine;
use crate::engine::state::{ExitOutcome, State};
use crate::scenario::WithdrawalReason;

/// The US posture in one month of one run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct UsPosture {
    /// The US is an ally this month.
    pub(crate) member: bool,
    /// US troops in Europe.
    pub(crate) troops: f64,
    /// US enablers share.
    pub(crate) enablers: f64,
    /// Presence: troops relative to today's, at most 1.
    pub(crate) presence: f64,
    /// Political signals against the nuclear guarantee.
    pub(crate) signals: f64,
    /// Ended in practice (an exit the Senate refused, carried out anyway).
    pub(crate) practical_exit: bool,
}

impl Engine {
    /// The US posture in month `t` of a run: the model's troop path, the
    /// scenario's extra withdrawal (unless a bargaining chip was called off)
    /// and the outcome of an exit attempt.
    pub(crate) fn posture(&self, t: usize, exit: ExitOutcome, chip_off: bool) -> UsPosture {
        let sc = &self.scenario;
        let sh = &self.shocks;
        let k = &sc.conflicts;
        let after_attempt = sh.exit_attempt.is_some_and(|a| t >= a);
        let practical_exit = after_attempt && exit == ExitOutcome::Practical;
        let member = self.us.is_some()
            && self.us_member[t]
            && !(after_attempt && exit == ExitOutcome::Formal);
        let signals = (k.russia_deal.nuclear_signal * sh.russia_deal[t]
            + k.absences.nuclear_signal * sh.absences[t]
            + if practical_exit { 1.0 } else { 0.0 })
        .min(1.0);
        if !member {
            return UsPosture {
                member,
                troops: 0.0,
                enablers: 0.0,
                presence: 0.0,
                signals,
                practical_exit: false,
            };
        }
        let w = if chip_off { 1.0 } else { sh.withdrawal[t] };
        let keep = if practical_exit {
            k.exit_attempt.practical_presence
        } else {
            1.0
        };
        // A pivot to China keeps the high-end enablers longer than the troops.
        let enabler_w = if sc.us.withdrawal.reason == WithdrawalReason::ChinaPivot {
            w.sqrt()
        } else {
            w
        };
        let troops = self.us_troops[t] * w * keep;
        UsPosture {
            member,
            troops,
            enablers: self.us_enablers[t] * enabler_w * keep,
            presence: (troops / sc.us.troops_reference).min(1.0),
            signals,
            practical_exit,
        }
    }

    /// US leadership this month: material (presence), ideational (European
    /// trust, as of the end of last month) and institutional (absences at
    /// ministerials cut it); none without the US or after a practical exit.
    pub(crate) fn leadership(&self, s: &mut State, t: usize, us: &UsPosture) {
        let k = &self.scenario.conflicts;
        let eu_trust_mean = mean_over(&s.trust, &self.m.european);
        s.leadership = if us.member && !us.practical_exit {
            self.inst.hegemonic_leadership
                * us.presence.sqrt()
                * (0.5 + 0.5 * eu_trust_mean)
                * (1.0 - k.absences.leadership_cut * self.shocks.absences[t])
        } else {
            0.0
        };
    }

    /// US forces on the eastern flank within 30 days, USD bn of capability:
    /// forward troops plus the share of planned reinforcements that arrives,
    /// scaled by presence.
    pub(crate) fn us_forces(&self, us: &UsPosture) -> f64 {
        if !us.member {
            return 0.0;
        }
        let p = &self.scenario.us;
        self.us_capability_per_troop
            * (us.troops + p.reinforcement_troops * p.reinforcement_share_30d * us.presence)
    }
}
