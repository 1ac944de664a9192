//! Step 3: trust in the US guarantee, the European guarantee, and the fears
//! of abandonment and entrapment. docs/MODEL.md 7.4 "Trust in the US
//! guarantee" and 7.5 "The European guarantee, abandonment and entrapment".

use super::UsPosture;
use crate::engine::Engine;
use crate::engine::state::State;
use crate::math::StandardNormal;
use crate::rng::Rng;
use crate::scenario::WithdrawalReason;
use rand::distr::Distribution;

impl Engine {
    /// Moves each member's trust toward its target (presence, leadership, net
    /// of friction and the conflict fields), with noise; then the combined
    /// guarantee, abandonment and entrapment. One normal draw per member on
    /// the members' stream, in member order.
    pub(crate) fn trust(&self, s: &mut State, t: usize, us: &UsPosture, noise: &mut Rng) {
        let sc = &self.scenario;
        let m = &self.m;
        let sh = &self.shocks;
        let k = &sc.conflicts;
        let p = &sc.perception;
        let (us_in, presence) = (us.member, us.presence);
        let eu_guarantee = s.record * s.europe_alone;
        // The conflict fields: "allein schon die Aussicht [bewirkt] einen massiven Vertrauensverlust".
        let friction = sc.us.political_friction
            + k.tariffs.trust_penalty * sh.tariffs[t]
            + k.absences.trust_penalty * sh.absences[t];
        let pivot =
            if sc.us.withdrawal.reason == WithdrawalReason::ChinaPivot && sh.withdrawal[t] < 1.0 {
                1.0 + sc.us.withdrawal.pivot_entrapment
            } else {
                1.0
            };
        let entanglement = if sh.ukraine[t] {
            self.ukraine.entanglement
        } else {
            0.0
        };
        // US presence enters trust once, through its own weight: the
        // leadership term counts the claim and the institutional pillar
        // (absences cut it), not leadership's material pillar, which is
        // presence again (issue 10.4; MODEL.md 7.4).
        let claimed = if us_in && !us.practical_exit {
            self.inst.hegemonic_leadership * (1.0 - k.absences.leadership_cut * sh.absences[t])
        } else {
            0.0
        };
        // Every column cut to the members once, so the loop indexes without
        // bounds checks (10 a member-month before: 3 % of a run).
        let n = m.n;
        let (greenland, deal, orientation) = (
            &m.greenland_factor[..n],
            &m.deal_factor[..n],
            &m.orientation[..n],
        );
        let (risk_aversion, china) = (&m.risk_aversion[..n], &m.china[..n]);
        let (trust, guarantee) = (&mut s.trust[..n], &mut s.guarantee[..n]);
        let (abandonment, entrapment) = (&mut s.abandonment[..n], &mut s.entrapment[..n]);
        let (threat, leadership) = (&s.threat[..n], s.leadership);
        // The terms common to all members, computed once: for all the
        // compiler knows, the loop's stores into the state's columns (heap
        // memory) might change the month's shocks (heap memory too), so it
        // reloaded and recomputed them for every member. The same operations
        // on the same values in the same order: the same bits.
        let common =
            p.trust_base + p.trust_presence_weight * presence + p.trust_leadership_weight * claimed
                - friction;
        let greenland_now = k.greenland.trust_penalty * sh.greenland[t];
        let deal_now = k.russia_deal.trust_penalty * sh.russia_deal[t];
        for i in 0..n {
            let target = if us_in {
                common - greenland_now * greenland[i] - deal_now * deal[i]
                    + p.atlanticist_anchor * (1.0 - 2.0 * orientation[i])
            } else {
                0.0
            };
            let z: f64 = StandardNormal.sample(noise);
            trust[i] =
                (trust[i] + p.trust_rate * (target.clamp(0.0, 1.0) - trust[i]) + p.trust_noise * z)
                    .clamp(0.0, 1.0);
            let us_part = if us_in { trust[i] } else { 0.0 };
            guarantee[i] = 1.0 - (1.0 - us_part) * (1.0 - eu_guarantee);
            abandonment[i] = threat[i] * (1.0 - guarantee[i]);
            entrapment[i] = if us_in {
                p.entrapment_weight
                    * risk_aversion[i]
                    * leadership
                    * (china[i] - self.us_china).abs()
                    * pivot
            } else {
                0.0
            } + entanglement * risk_aversion[i];
        }
    }
}
