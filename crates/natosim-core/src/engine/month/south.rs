//! Step 8b: the southern theatre. Advisers build the host's capacity while
//! the east, as the threat there grows, draws resources away (the
//! 360-degree trade-off); the coalition's pressure on IS rests on US
//! logistics unless European enablers replace them. Also step 5c: the
//! forces the south and the Arctic hold away from the eastern flank.
//! docs/MODEL.md 7.20 "The south: an advisory mission after NATO Mission
//! Iraq" and 7.21 "The High North" (the dynamics are in `submodels/south.rs`).

use super::{UsPosture, mean_over};
use crate::engine::Engine;
use crate::engine::state::State;
use crate::math::StandardNormal;
use crate::rng::Rng;
use crate::submodels::south;
use rand::distr::Distribution;

impl Engine {
    /// The US share of the coalition's logistics this month: all of them
    /// while the US is an ally, `practical_presence` of them after an exit
    /// the Senate refused but the administration carried out, none after the
    /// US has left (the study's EDU). A NAMED ASSUMPTION: the US engagement
    /// in the coalition follows its engagement in the alliance.
    pub(crate) fn us_coalition_support(&self, us: &UsPosture) -> f64 {
        if !us.member {
            0.0
        } else if us.practical_exit {
            self.scenario.conflicts.exit_attempt.practical_presence
        } else {
            1.0
        }
    }

    /// The coalition's logistics in [0, 1]: the US share plus the European
    /// enablers that replace the rest (`south.european_substitution`).
    fn coalition_logistics(&self, s: &State, us: &UsPosture) -> f64 {
        let us_share = self.us_coalition_support(us);
        us_share + (1.0 - us_share) * self.scenario.south.european_substitution * s.eu_enablers
    }

    /// Step 5c: the brigade equivalents the south and the Arctic hold away
    /// from the eastern flank this month (`State::forces_elsewhere`): NMI's
    /// personnel, the European coalition contingents and the troops replacing
    /// US logistics, the southern crisis deployments (which then wind down),
    /// and Arctic Sentry's presence.
    pub(crate) fn theatre_forces(&self, s: &mut State, t: usize, us: &UsPosture) {
        let sc = &self.scenario;
        let sh = &self.shocks;
        let p = &sc.south;
        let mut troops = if sh.mission[t] { p.personnel } else { 0.0 };
        if sh.coalition[t] {
            let us_share = self.us_coalition_support(us);
            troops += p.coalition_european_troops
                + p.substitution_troops
                    * (1.0 - us_share)
                    * p.european_substitution
                    * s.eu_enablers;
        }
        s.forces_elsewhere = troops / sc.baltic.troops_per_brigade.max(1.0)
            + s.south.deployed
            + sc.arctic.brigades * sh.arctic[t];
        // Deployments last `deployment_months` on average.
        s.south.deployed *= 1.0 - 1.0 / p.deployment_months.max(1.0);
    }

    /// Advances the southern theatre one month; returns the mean European
    /// threat perception it weighed (also the month's `threat` series value).
    /// One normal draw on the theatre stream.
    pub(crate) fn south(&self, s: &mut State, t: usize, us: &UsPosture, theatre: &mut Rng) -> f64 {
        let sc = &self.scenario;
        let sh = &self.shocks;
        let threat_now = mean_over(&s.threat, &self.m.european);
        let threat_start = *s.threat0.get_or_insert(threat_now);
        let advisers = if sh.mission[t] {
            sc.south.advisers
                * (1.0 - sc.south.east_pull * (threat_now - threat_start).max(0.0)).max(0.0)
                * (0.5 + 0.5 * s.cohesion)
        } else {
            0.0
        };
        let coalition = if sh.coalition[t] {
            south::coalition_strength(&sc.south, self.coalition_logistics(s, us))
        } else {
            0.0
        };
        let z: f64 = StandardNormal.sample(theatre);
        south::step(&sc.south, &mut s.south, t, advisers, coalition, z);
        threat_now
    }
}
