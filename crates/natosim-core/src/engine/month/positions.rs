//! Step 4: positions on the contested issues (spatial bargaining) and the
//! alliance's alignment. docs/MODEL.md 7.6 "Spatial bargaining and alignment".

use crate::engine::Engine;
use crate::engine::prepare::ISSUES;
use crate::engine::state::State;
use crate::rng::Rng;
use rand_distr::{Distribution, StandardNormal};

impl Engine {
    /// Spatial bargaining on the contested issues; returns alignment in [0, 1].
    pub(crate) fn update_positions(
        &self,
        s: &mut State,
        us_in: bool,
        mut noise: Option<&mut Rng>,
    ) -> f64 {
        let m = &self.m;
        let h = &self.scenario.cohesion;
        let pull = h.position_pull * (1.0 + self.inst.competence_delegation);
        let mut centre = [0.0; ISSUES];
        let mut total = 0.0;
        for i in 0..m.n {
            let w = self.position_weight(s, i, us_in);
            total += w;
            for (c, x) in centre.iter_mut().zip(s.pos[i]) {
                *c += w * x;
            }
        }
        if total <= 0.0 {
            return 1.0;
        }
        for c in &mut centre {
            *c /= total;
        }
        let mut var = [0.0; ISSUES];
        for i in 0..m.n {
            let w = self.position_weight(s, i, us_in);
            for k in 0..ISSUES {
                let z: f64 = noise
                    .as_deref_mut()
                    .map_or(0.0, |r| StandardNormal.sample(r));
                let x = s.pos[i][k];
                let x = x
                    + pull * (centre[k] - x)
                    + h.home_pull * (m.ideal[i][k] - x)
                    + h.position_noise * z;
                s.pos[i][k] = x.clamp(0.0, 1.0);
                let dev = s.pos[i][k] - centre[k];
                var[k] += w * dev * dev;
            }
        }
        // The largest possible s.d. on [0, 1] is 0.5, so 1 − 2·s.d. lies in [0, 1].
        let spread: f64 = var.iter().map(|v| (v / total).sqrt()).sum::<f64>() / ISSUES as f64;
        (1.0 - 2.0 * spread).clamp(0.0, 1.0)
    }

    /// Weight of a member's position: economic weight, boosted for a leading power.
    fn position_weight(&self, s: &State, i: usize, us_in: bool) -> f64 {
        if Some(i) == self.us {
            if !us_in {
                return 0.0;
            }
            s.gdp[i] * (1.0 + self.scenario.cohesion.leader_weight * s.leadership)
        } else {
            s.gdp[i]
        }
    }
}
