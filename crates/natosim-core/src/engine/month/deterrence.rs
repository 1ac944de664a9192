//! Step 7a: deterrence — conventional (a coup de main on the Baltic axis,
//! with and without the US) and nuclear (`nuclear.rs`), combined. docs/MODEL.md 7.11 "Deterrence", 7.15 "The Baltic coup de
//! main" and 7.17 "Nuclear deterrence as members perceive it".

use super::UsPosture;
use crate::engine::Engine;
use crate::engine::state::State;
use crate::submodels::baltic;

/// The month's deterrence.
pub(crate) struct Assessment {
    /// Conventional deterrence.
    pub(crate) conventional: f64,
    /// Russia's perceived chance that a coup de main takes the capitals
    /// before the alliance can relieve them (its expected gain; the attack
    /// hazard weighs it against the costs).
    #[allow(
        dead_code,
        reason = "interface for issue 10: read by the attack hazard"
    )]
    pub(crate) russia_success: f64,
    /// Nuclear credibility.
    pub(crate) nuclear: f64,
    /// Combined deterrence.
    pub(crate) deterrence: f64,
    /// Deterrence Europe provides without the US (the European guarantee).
    pub(crate) europe_alone: f64,
    /// Days until a coup de main would reach the Baltic capitals
    /// (`baltic.horizon_days` if the defence holds).
    pub(crate) days_bought: f64,
    /// A coup de main against the month's forces.
    pub(crate) baltic: baltic::Outcome,
    /// Those forces.
    pub(crate) baltic_forces: baltic::Forces,
}

impl Engine {
    /// Assesses the month's deterrence after force generation and makes it
    /// the state's (crisis rates, budgets and hazards read it).
    pub(crate) fn deterrence(
        &self,
        s: &mut State,
        t: usize,
        russia: f64,
        us: &UsPosture,
    ) -> Assessment {
        let a = self.assess(s, t, russia, us);
        s.deterrence = a.deterrence;
        s.europe_alone = a.europe_alone;
        a
    }

    /// The forces of a coup de main in month `t`, with or without the US.
    pub(crate) fn baltic_forces(
        &self,
        s: &State,
        t: usize,
        russia: f64,
        us: Option<&UsPosture>,
    ) -> baltic::Forces {
        let sc = &self.scenario;
        let b = &sc.baltic;
        let m = &self.m;
        let (mut national, mut available) = (0.0, 0.0);
        for i in 0..m.n {
            if Some(i) == self.us || !m.has_forces[i] {
                continue;
            }
            // Brigades grow with capability from their 2024 strength.
            let base = m.share0[i] / 100.0 * m.gdp0[i];
            let brigades = m.brigades0[i] * s.capability[i] / base.max(1e-9);
            if m.baltic[i] {
                national += brigades;
            } else {
                available += brigades * b.european_readiness * m.availability[i];
            }
        }
        let ukraine_bound = if self.shocks.ukraine[t] {
            self.ukraine.european_brigades
        } else {
            0.0
        };
        let available = (available - ukraine_bound).max(0.0);
        let (us_forward, us_reinforcing) = match us {
            Some(u) if u.member => {
                let forward = u.troops * b.us_forward_share / b.troops_per_brigade;
                let rest = (u.troops * (1.0 - b.us_forward_share)
                    + sc.us.reinforcement_troops * sc.us.reinforcement_share_30d * u.presence)
                    / b.troops_per_brigade;
                (forward, rest)
            }
            _ => (0.0, 0.0),
        };
        let arriving = available + us_reinforcing;
        let enablers = us
            .filter(|u| u.member)
            .map_or(0.0, |u| u.enablers)
            .max(s.eu_enablers);
        let tied = if self.shocks.ukraine[t] {
            self.ukraine.russia_tied
        } else {
            0.0
        };
        baltic::Forces {
            defender_day0: national + self.shocks.forward_brigades[t] + us_forward,
            tier1: b.tier1_share * arriving + b.european_reinforcement_brigades,
            tier2: (1.0 - b.tier1_share) * arriving,
            defender_multiplier: 1.0 + b.air_power * enablers,
            attacker_day0: b.russia_brigades * sc.russia.concentration * russia * (1.0 - tied),
        }
    }

    /// Conventional and nuclear deterrence of month `t`.
    pub(crate) fn assess(&self, s: &State, t: usize, russia: f64, us: &UsPosture) -> Assessment {
        let sc = &self.scenario;
        let d = &sc.deterrence;
        let b = &sc.baltic;
        let forces = self.baltic_forces(s, t, russia, Some(us));
        let fight = baltic::fight(b, &forces);
        let conventional = fight.deterrence(b);
        let conv_eu = baltic::fight(b, &self.baltic_forces(s, t, russia, None)).deterrence(b);

        let (nuclear, eu_nuclear) = self.nuclear_credibility(s, us);
        Assessment {
            conventional,
            russia_success: 1.0 - conventional,
            nuclear,
            deterrence: 1.0 - (1.0 - conventional) * (1.0 - d.nuclear_weight * nuclear),
            europe_alone: 1.0 - (1.0 - conv_eu) * (1.0 - d.nuclear_weight * eu_nuclear),
            days_bought: fight.days_to_capitals.unwrap_or(b.horizon_days),
            baltic: fight,
            baltic_forces: forces,
        }
    }
}
