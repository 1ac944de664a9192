//! Crisis kinds as an enum, mapped once to the scenario's `[crises.<kind>]`
//! sections, so the inner loop matches on variants instead of strings.

use crate::scenario::{Crises, CrisisType};

/// A kind of crisis (docs/MODEL.md 2.5 "Crisis types"). The order of
/// [`CrisisKind::ALL`] is the order of the random streams: the `k`-th kind of
/// month `t` draws from crisis stream `t × 4 + k`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CrisisKind {
    /// A hybrid attack (sabotage, cyber, disinformation); its severity decides
    /// whether it is an alliance matter (MODEL.md 7.19).
    Hybrid,
    /// A military crisis on the eastern flank.
    EasternMilitary,
    /// A crisis in the south; its rate grows with IS strength (MODEL.md 7.20).
    South,
    /// A crisis in the High North; the Greenland conflict raises its rate,
    /// Arctic Sentry damps it (MODEL.md 7.21).
    Arctic,
}

impl CrisisKind {
    /// All kinds, in stream order.
    pub const ALL: [CrisisKind; 4] = [
        CrisisKind::Hybrid,
        CrisisKind::EasternMilitary,
        CrisisKind::South,
        CrisisKind::Arctic,
    ];

    /// The name of the kind's scenario section, `[crises.<name>]`.
    pub fn name(self) -> &'static str {
        match self {
            CrisisKind::Hybrid => "hybrid",
            CrisisKind::EasternMilitary => "eastern_military",
            CrisisKind::South => "south",
            CrisisKind::Arctic => "arctic",
        }
    }

    /// The scenario's parameters of this kind.
    pub fn of(self, crises: &Crises) -> &CrisisType {
        match self {
            CrisisKind::Hybrid => &crises.hybrid,
            CrisisKind::EasternMilitary => &crises.eastern_military,
            CrisisKind::South => &crises.south,
            CrisisKind::Arctic => &crises.arctic,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    #[test]
    fn kinds_follow_the_scenarios_section_order() {
        // The stream index of a crisis depends on this order: it must stay the
        // order of `Crises::all`, which names the sections.
        let s = Scenario::defaults();
        for (kind, (name, ct)) in CrisisKind::ALL.iter().zip(s.crises.all()) {
            assert_eq!(kind.name(), name);
            assert_eq!(kind.of(&s.crises), ct);
        }
    }
}
