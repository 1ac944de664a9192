//! Step 4: positions on the contested issues (spatial bargaining) and the
//! alliance's alignment. docs/MODEL.md 7.6 "Spatial bargaining and alignment".

use crate::engine::Engine;
use crate::engine::prepare::ISSUES;
use crate::engine::state::State;
use crate::math::StandardNormal;
use crate::rng::Rng;
use rand::distr::Distribution;

impl Engine {
    /// Spatial bargaining on the contested issues; returns alignment in [0, 1].
    pub(crate) fn update_positions(
        &self,
        s: &mut State,
        us_in: bool,
        noise: Option<&mut Rng>,
    ) -> f64 {
        self.bargain(&mut s.pos, &s.gdp, s.leadership, us_in, noise)
    }

    /// The positions after the noise-free spin-up (MODEL.md 5): bargaining
    /// from the ideal points on today's GDP, with the US leading if it is an
    /// ally in the first month. It depends on nothing drawn, so each engine
    /// computes it once per US membership and every run starts from a copy
    /// (`Engine::spun_up`); the numbers are those of spinning up in each run.
    pub(crate) fn spun_up_positions(&self, us_in: bool) -> &[[f64; ISSUES]] {
        self.spun_up[usize::from(us_in)].get_or_init(|| {
            let mut pos = self.m.ideal.clone();
            let leadership = if us_in {
                self.inst.hegemonic_leadership
            } else {
                0.0
            };
            for _ in 0..self.scenario.cohesion.spin_up_months {
                self.bargain(&mut pos, &self.m.gdp0, leadership, us_in, None);
            }
            pos
        })
    }

    /// One month of bargaining over `pos`, weighted by `gdp` (and the US
    /// leadership); noise from `noise`, none in the spin-up. Inlined so that
    /// each caller gets the loop specialised for its noise (as before the
    /// spin-up moved into the engine: 30 % fewer instructions per call).
    #[inline(always)]
    fn bargain(
        &self,
        pos: &mut [[f64; ISSUES]],
        gdp: &[f64],
        leadership: f64,
        us_in: bool,
        mut noise: Option<&mut Rng>,
    ) -> f64 {
        let m = &self.m;
        let h = &self.scenario.cohesion;
        let pull = h.position_pull * (1.0 + self.inst.competence_delegation);
        // Cut to the members once: the loops index without bounds checks.
        let n = m.n;
        let (pos, gdp, ideal) = (&mut pos[..n], &gdp[..n], &m.ideal[..n]);
        // Weight of a member's position: economic weight, boosted for a leading power.
        let weight = |i: usize| {
            if Some(i) == self.us {
                if us_in {
                    gdp[i] * (1.0 + h.leader_weight * leadership)
                } else {
                    0.0
                }
            } else {
                gdp[i]
            }
        };
        let mut centre = [0.0; ISSUES];
        let mut total = 0.0;
        for (i, p) in pos.iter().enumerate() {
            let w = weight(i);
            total += w;
            for (c, x) in centre.iter_mut().zip(p) {
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
        for (i, (p, ideal)) in pos.iter_mut().zip(ideal).enumerate() {
            let w = weight(i);
            // The member's draws first, in the order the update reads them.
            let z: [f64; ISSUES] = match noise.as_deref_mut() {
                Some(r) => std::array::from_fn(|_| StandardNormal.sample(r)),
                None => [0.0; ISSUES],
            };
            for k in 0..ISSUES {
                let z = z[k];
                let x = p[k];
                let x = x
                    + pull * (centre[k] - x)
                    + h.home_pull * (ideal[k] - x)
                    + h.position_noise * z;
                p[k] = x.clamp(0.0, 1.0);
                let dev = p[k] - centre[k];
                var[k] += w * dev * dev;
            }
        }
        // The largest possible s.d. on [0, 1] is 0.5, so 1 − 2·s.d. lies in [0, 1].
        let spread: f64 = var.iter().map(|v| (v / total).sqrt()).sum::<f64>() / ISSUES as f64;
        (1.0 - 2.0 * spread).clamp(0.0, 1.0)
    }
}
