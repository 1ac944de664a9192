//! Step 8b: the southern theatre. Advisers build the host's capacity while
//! the east, as the threat there grows, draws resources away (the
//! 360-degree trade-off). docs/MODEL.md 7.20 "The south: an advisory mission
//! after NATO Mission Iraq" (the dynamics are in `submodels/south.rs`).

use super::mean_over;
use crate::engine::Engine;
use crate::engine::state::State;
use crate::rng::Rng;
use crate::submodels::south;
use rand_distr::{Distribution, StandardNormal};

impl Engine {
    /// Advances the southern theatre one month; returns the mean European
    /// threat perception it weighed (also the month's `threat` series value).
    /// One normal draw on the theatre stream.
    pub(crate) fn south(&self, s: &mut State, t: usize, theatre: &mut Rng) -> f64 {
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
        let z: f64 = StandardNormal.sample(theatre);
        south::step(&sc.south, &mut s.south, t, advisers, sh.coalition[t], z);
        threat_now
    }
}
