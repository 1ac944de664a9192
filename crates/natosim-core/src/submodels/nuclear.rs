//! Nuclear deterrence (seed 001, "Nukleare Abschreckung Reloaded"), done
//! once and from two sides (issue 10.4):
//!
//! * what REASSURES the allies ([`perceived`]): a member's trust in the US —
//!   which already holds US presence (MODEL.md 7.4) — times the guarantee the
//!   model gives, discounted by political signals; nuclear-sharing hosts see
//!   it as more credible; members who demand *visible* inclusion — the
//!   eastern flank — discount it unless they are included. US presence is
//!   counted once here, through trust.
//! * what DETERS Russia ([`russia_risk`]): the guarantee's credibility by
//!   forward presence ("der Form nach" it survives a withdrawal, but weaker)
//!   and political signals — not the allies' trust. US presence is counted
//!   once here, through the presence factor.
//!
//! Both see the same French/British layer ([`european_layer`]): national
//! doctrine with today's European dimension (`nuclear.european_dimension`),
//! which a model's institutions can extend (`european_nuclear_dimension`),
//! capped below what the US guarantee can reach ("die deutlich geringere
//! Größe und Flexibilität des französischen Dispositivs"). Members that keep
//! their distance from nuclear deterrence (Finland, Sweden) weigh their
//! perception less in the alliance's credibility.

use crate::scenario::Nuclear;

/// One member's view of the nuclear guarantees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MemberView {
    /// Trust in the US guarantee (0–1).
    pub trust: f64,
    /// Hosts US weapons under nuclear sharing, or is a nuclear-weapon state.
    pub included: bool,
    /// Demand for visible nuclear deterrence (0–1).
    pub attitude: f64,
}

/// Month-wide inputs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Posture {
    /// The US guarantee as the model sets it (0 = none, 1 = full), 0 if the US is out.
    pub us_guarantee: f64,
    /// Credibility the US guarantee keeps from presence: form + (1 − form)·presence^e.
    pub us_presence_factor: f64,
    /// Political signals against the guarantee (0 = none, 1 = strongest).
    pub signals: f64,
    /// Credibility of the French/British layer under national doctrine.
    pub european: f64,
    /// Its European dimension in force (0–1): today's plus what the model's
    /// institutions imply.
    pub european_dimension: f64,
}

/// Credibility of the French/British layer: national doctrine raised by its
/// European dimension, capped (the study's caveat on size and flexibility).
pub fn european_layer(n: &Nuclear, posture: &Posture) -> f64 {
    (posture.european * (1.0 + n.european_dimension_gain * posture.european_dimension))
        .min(n.european_max)
        .clamp(0.0, 1.0)
}

/// The European dimension in force: today's (`nuclear.european_dimension`)
/// plus the model's institutional extension of the rest of the way.
pub fn european_dimension(n: &Nuclear, institutional: f64) -> f64 {
    let today = n.european_dimension.clamp(0.0, 1.0);
    today + (1.0 - today) * institutional.clamp(0.0, 1.0)
}

/// The nuclear risk Russia perceives in attacking an ally: the US guarantee
/// by presence and signals (not the allies' trust) and the European layer.
pub fn russia_risk(n: &Nuclear, posture: &Posture) -> f64 {
    let us = (posture.us_guarantee
        * posture.us_presence_factor
        * (1.0 - n.signal_penalty * posture.signals))
        .clamp(0.0, 1.0);
    let eu = european_layer(n, posture);
    1.0 - (1.0 - us) * (1.0 - eu)
}

/// (US, European, combined) credibility one member perceives (reassurance).
pub fn perceived(n: &Nuclear, posture: &Posture, m: &MemberView) -> (f64, f64, f64) {
    let visibility = if m.included { 1.0 } else { n.visible_inclusion };
    let visibility_discount = 1.0 - n.inclusion_weight * m.attitude * (1.0 - visibility);
    let host = if m.included { 1.0 + n.host_bonus } else { 1.0 };
    // Presence is in trust already (MODEL.md 7.4): no presence factor here.
    let us = (posture.us_guarantee
        * m.trust
        * host
        * visibility_discount
        * (1.0 - n.signal_penalty * posture.signals))
        .clamp(0.0, 1.0);
    let eu = european_layer(n, posture);
    (us, eu, 1.0 - (1.0 - us) * (1.0 - eu))
}

/// Weight of a member's perception in the alliance's credibility: its threat
/// perception times its interest in nuclear deterrence.
pub fn weight(threat: f64, attitude: f64) -> f64 {
    threat * (0.5 + attitude)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn posture(presence_factor: f64) -> Posture {
        Posture {
            us_guarantee: 1.0,
            us_presence_factor: presence_factor,
            signals: 0.0,
            european: 0.2,
            european_dimension: 0.25,
        }
    }

    const EAST: MemberView = MemberView {
        trust: 0.7,
        included: false,
        attitude: 0.9,
    };

    #[test]
    fn withdrawal_lowers_the_risk_russia_sees_but_not_twice_the_allies_view() {
        let n = Scenario::defaults().nuclear;
        assert!(russia_risk(&n, &posture(0.5)) < russia_risk(&n, &posture(1.0)));
        // The allies' view holds presence through trust only.
        assert_eq!(
            perceived(&n, &posture(0.5), &EAST),
            perceived(&n, &posture(1.0), &EAST)
        );
        let low_trust = MemberView { trust: 0.3, ..EAST };
        assert!(perceived(&n, &posture(1.0), &low_trust).2 < perceived(&n, &posture(1.0), &EAST).2);
    }

    #[test]
    fn russia_does_not_see_the_allies_trust() {
        // Deterrence and reassurance are distinct: trust is not in Russia's risk.
        let n = Scenario::defaults().nuclear;
        let r = russia_risk(&n, &posture(1.0));
        assert!(r > perceived(&n, &posture(1.0), &EAST).2);
        assert!(
            (r - 1.0).abs() < 1e-12,
            "full guarantee, full presence: {r}"
        );
    }

    #[test]
    fn a_european_dimension_raises_the_european_layer_up_to_the_cap() {
        let n = Scenario::defaults().nuclear;
        let mut previous = 0.0;
        for k in 0..=10 {
            let d = european_dimension(&n, f64::from(k) / 10.0);
            let p = Posture {
                european_dimension: d,
                ..posture(1.0)
            };
            let eu = european_layer(&n, &p);
            assert!(eu >= previous && eu <= n.european_max);
            previous = eu;
        }
        assert!(previous > european_layer(&n, &posture(1.0)));
    }

    #[test]
    fn visible_inclusion_matters_to_those_who_want_it() {
        let mut n = Scenario::defaults().nuclear;
        n.visible_inclusion = 0.0;
        let without = perceived(&n, &posture(1.0), &EAST).0;
        n.visible_inclusion = 1.0;
        let with = perceived(&n, &posture(1.0), &EAST).0;
        assert!(with > without);
        let indifferent = MemberView {
            attitude: 0.0,
            ..EAST
        };
        n.visible_inclusion = 0.0;
        let a = perceived(&n, &posture(1.0), &indifferent).0;
        n.visible_inclusion = 1.0;
        let b = perceived(&n, &posture(1.0), &indifferent).0;
        assert_eq!(a, b);
    }

    #[test]
    fn the_european_layer_is_capped() {
        let mut n = Scenario::defaults().nuclear;
        n.european_dimension_gain = 100.0;
        let p = Posture {
            european_dimension: 1.0,
            ..posture(1.0)
        };
        let (_, eu, _) = perceived(&n, &p, &EAST);
        assert_eq!(eu, n.european_max);
    }

    #[test]
    fn signals_erode_the_us_guarantee() {
        let n = Scenario::defaults().nuclear;
        let calm = perceived(&n, &posture(1.0), &EAST).0;
        let p = Posture {
            signals: 1.0,
            ..posture(1.0)
        };
        assert!(perceived(&n, &p, &EAST).0 < calm);
    }
}
