//! Nuclear deterrence as a member perceives it (seed 001, "Nukleare
//! Abschreckung Reloaded").
//!
//! The US guarantee's credibility rests on forward presence ("der Form nach"
//! it survives a withdrawal, but weaker), on the member's trust in the US and
//! on political signals (a deal over the allies' heads, absences). Nuclear
//! sharing hosts see it as more credible; members who demand *visible*
//! inclusion — the eastern flank — discount it unless they are included.
//! The European dimension of French and British forces adds a smaller, less
//! flexible layer, capped below what the US guarantee can reach. Members that
//! keep their distance from nuclear deterrence (Finland, Sweden) weigh their
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
    /// Credibility of the French/British layer before the cap.
    pub european: f64,
}

/// (US, European, combined) credibility one member perceives.
pub fn perceived(n: &Nuclear, posture: &Posture, m: &MemberView) -> (f64, f64, f64) {
    let visibility = if m.included { 1.0 } else { n.visible_inclusion };
    let visibility_discount = 1.0 - n.inclusion_weight * m.attitude * (1.0 - visibility);
    let host = if m.included { 1.0 + n.host_bonus } else { 1.0 };
    let us = (posture.us_guarantee
        * posture.us_presence_factor
        * m.trust
        * host
        * visibility_discount
        * (1.0 - n.signal_penalty * posture.signals))
        .clamp(0.0, 1.0);
    let eu = (posture.european * (1.0 + n.european_dimension_gain * n.european_dimension))
        .min(n.european_max)
        .clamp(0.0, 1.0);
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
        }
    }

    const EAST: MemberView = MemberView {
        trust: 0.7,
        included: false,
        attitude: 0.9,
    };

    #[test]
    fn withdrawal_lowers_credibility() {
        let n = Scenario::defaults().nuclear;
        let (_, _, full) = perceived(&n, &posture(1.0), &EAST);
        let (_, _, cut) = perceived(&n, &posture(0.5), &EAST);
        assert!(cut < full);
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
        n.european_dimension = 1.0;
        n.european_dimension_gain = 100.0;
        let (_, eu, _) = perceived(&n, &posture(1.0), &EAST);
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
