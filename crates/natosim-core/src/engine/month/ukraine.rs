//! Step 9c: the war in Ukraine and the risk of a renewed one. The war is
//! still going on when the run starts; a ceasefire month is drawn per run
//! (on a theatre stream of its own, so the south's draws do not shift).
//! After it, the chosen option's hazard of a renewed war responds to
//! Russia's strength, the US support behind Ukraine's own deterrence, the
//! alliance's deterrence and a US–Russia deal. docs/MODEL.md 7.18
//! "Ukraine's security options".

use super::UsPosture;
use crate::engine::Engine;
use crate::engine::state::State;
use crate::rng::{Purpose, stream};
use rand::Rng as _;

/// The index of the theatre stream the Ukraine draws use (index 0 is the
/// south's insurgency).
const UKRAINE_STREAM: u64 = 1;

impl Engine {
    /// The month index of the ceasefire in run `run` of the ensemble seeded
    /// `seed`: uniform over `ukraine.ceasefire_earliest … ceasefire_latest`
    /// (months before the start count as 0, after the end as never).
    pub(crate) fn ceasefire_month(&self, seed: u64, run: u64) -> usize {
        let u = &self.scenario.ukraine;
        let mut rng = stream(seed, run, Purpose::Theatre, UKRAINE_STREAM);
        let span = u.ceasefire_latest.months_since(u.ceasefire_earliest).max(0) as u32;
        let offset = rng.random_range(0..=span) as i32;
        let month = u.ceasefire_earliest.plus(offset);
        month.months_since(self.start).max(0) as usize
    }

    /// The monthly hazard of a renewed Russian war against Ukraine: zero
    /// while the option does not apply or the war still goes on, else
    ///
    /// `war_hazard(option) · R_t · (1 + us_support_gain · (1 − presence))
    ///  · (1 + deterrence_gain · (1 − D_t)) · (1 + deal_gain · deal_t)`.
    pub(crate) fn ukraine_hazard(
        &self,
        s: &State,
        t: usize,
        russia: f64,
        us: &UsPosture,
        ceasefire: usize,
    ) -> f64 {
        if !self.shocks.ukraine[t] || t < ceasefire {
            return 0.0;
        }
        let u = &self.scenario.ukraine;
        let us_support = if us.member { us.presence } else { 0.0 };
        (self.ukraine.war_hazard
            * russia
            * (1.0 + u.us_support_gain * (1.0 - us_support))
            * (1.0 + u.deterrence_gain * (1.0 - s.deterrence).max(0.0))
            * (1.0 + u.deal_gain * self.shocks.russia_deal[t]))
            .clamp(0.0, 1.0)
    }
}
