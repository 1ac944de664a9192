//! Step 7a: deterrence — conventional (a coup de main on the Baltic axis,
//! with and without the US) and nuclear (`nuclear.rs`), combined.
//! docs/MODEL.md 7.11 "Deterrence", 7.15 "The Baltic coup de main" and 7.17
//! "Nuclear deterrence as members perceive it".
//!
//! Each month the campaign is fought once under the run's drawn conditions
//! (what would happen: `p_capitals_lost`, `baltic_days`, escalation) and
//! under the conditions Russia plans against (what Russia expects: its
//! perceived chance of a fait accompli, which is conventional deterrence's
//! complement), with and without the US. Russia re-assesses that estimate
//! every `russia.replanning_months` months (and when the US joins or leaves);
//! in between it keeps its last one.

use super::UsPosture;
use crate::engine::Engine;
use crate::engine::state::{Plan, State};
use crate::submodels::baltic;

/// The month's deterrence.
pub(crate) struct Assessment {
    /// Conventional deterrence: 1 − `russia_success`.
    pub(crate) conventional: f64,
    /// Russia's perceived chance that a coup de main takes the capitals
    /// before the alliance can relieve them (its expected gain; the attack
    /// hazard weighs it against the costs).
    pub(crate) russia_success: f64,
    /// The same against the alliance without the US.
    pub(crate) success_without_us: f64,
    /// Nuclear credibility.
    pub(crate) nuclear: f64,
    /// Combined deterrence.
    pub(crate) deterrence: f64,
    /// Deterrence Europe provides without the US (the European guarantee).
    pub(crate) europe_alone: f64,
    /// The coup de main against the month's forces under the run's conditions.
    pub(crate) baltic: baltic::Outcome,
    /// Those forces.
    pub(crate) baltic_forces: baltic::Forces,
    /// The run's campaign conditions.
    pub(crate) conditions: baltic::Conditions,
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
        // Russia keeps its last estimate between re-assessments
        // (`russia.replanning_months`), unless the US joined or left since.
        let every = self.scenario.russia.replanning_months.max(1) as usize;
        let kept = s
            .plan
            .filter(|p| !t.is_multiple_of(every) && p.us_member == us.member)
            .map(|p| (p.with_us, p.without_us));
        let a = self.assess(s, t, russia, us, kept);
        s.deterrence = a.deterrence;
        s.europe_alone = a.europe_alone;
        s.plan = Some(Plan {
            with_us: a.russia_success,
            without_us: a.success_without_us,
            us_member: us.member,
        });
        a
    }

    /// The Baltic states' own brigades and the other European allies' ready
    /// brigades (before the Ukraine commitment): the member loop of
    /// [`Engine::baltic_forces`], which does not depend on the US, so the
    /// fights with and without the US share it.
    fn european_brigades(&self, s: &State) -> (f64, f64) {
        let b = &self.scenario.baltic;
        let m = &self.m;
        let (mut national, mut available) = (0.0, 0.0);
        // The columns cut to the members once (no bounds checks in the loop).
        let n = m.n;
        let (has_forces, share0, gdp0) = (&m.has_forces[..n], &m.share0[..n], &m.gdp0[..n]);
        let (brigades0, baltic, availability) =
            (&m.brigades0[..n], &m.baltic[..n], &m.availability[..n]);
        let capability = &s.capability[..n];
        for i in 0..n {
            if Some(i) == self.us || !has_forces[i] {
                continue;
            }
            // Brigades grow with capability from their 2024 strength.
            let base = share0[i] / 100.0 * gdp0[i];
            let brigades = brigades0[i] * capability[i] / base.max(1e-9);
            if baltic[i] {
                national += brigades;
            } else {
                available += brigades * b.european_readiness * availability[i];
            }
        }
        (national, available)
    }

    /// The order of battle of a coup de main in month `t`, with or without
    /// the US: heavy and light brigades in place on day 0, reinforcements in
    /// the Force Model's tiers after the decision delay (`s.response_days`),
    /// scaled by the committed share (`s.reinforcing_share`) and net of the
    /// forces other theatres hold (`s.forces_elsewhere`), air power and fires
    /// from the month's enablers.
    /// The member loop is [`Engine::european_brigades`], computed once for both.
    fn baltic_forces(
        &self,
        s: &State,
        t: usize,
        russia: f64,
        us: Option<&UsPosture>,
        (national, available): (f64, f64),
    ) -> baltic::Forces {
        let sc = &self.scenario;
        let b = &sc.baltic;
        let ukraine_bound = if self.shocks.ukraine[t] {
            self.ukraine.european_brigades
        } else {
            0.0
        };
        let european = (available - ukraine_bound).max(0.0);
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
        // What the allies can send east: net of the other theatres' hold
        // (taken pro rata), times the share their will and rules commit.
        let pool = baltic::Brigades::split(european, b.european_heavy_share)
            .plus(baltic::Brigades::split(us_reinforcing, b.us_heavy_share));
        let gross = pool.total();
        let net = (gross - s.forces_elsewhere.max(0.0)).max(0.0);
        let committed = s.reinforcing_share.clamp(0.0, 1.0);
        let pool = pool.times(if gross > 0.0 { net / gross } else { 0.0 } * committed);
        let extra = baltic::Brigades::split(
            b.european_reinforcement_brigades * committed,
            b.european_heavy_share,
        );
        let release = s.response_days.max(0.0);
        let tier = |from: f64, to: f64, force| baltic::Tier {
            start: release + from,
            end: release + to,
            force,
        };
        let beyond = 1.0 - b.tier1_share;
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
            day0: baltic::Brigades::split(national, b.national_heavy_share)
                .plus(baltic::Brigades::split(
                    self.shocks.forward_brigades[t],
                    b.forward_heavy_share,
                ))
                .plus(baltic::Brigades::split(us_forward, b.us_heavy_share)),
            tiers: [
                tier(0.0, b.tier1_days, pool.times(b.tier1_share).plus(extra)),
                tier(
                    b.tier1_days,
                    b.tier2_days,
                    pool.times(beyond * b.tier2_share),
                ),
                tier(
                    b.tier2_days,
                    b.tier3_days,
                    pool.times(beyond * (1.0 - b.tier2_share)),
                ),
            ],
            air: b.air_attrition * enablers,
            air_start: release,
            attacker_pool: b.russia_brigades * russia * (1.0 - tied),
        }
    }

    /// Conventional and nuclear deterrence of month `t`; Russia's perceived
    /// chances with and without the US are `plan` if given (kept from its
    /// last planning), else fought out against its design.
    pub(crate) fn assess(
        &self,
        s: &State,
        t: usize,
        russia: f64,
        us: &UsPosture,
        plan: Option<(f64, f64)>,
    ) -> Assessment {
        let sc = &self.scenario;
        let d = &sc.deterrence;
        let b = &sc.baltic;
        let europeans = self.european_brigades(s);
        let forces = self.baltic_forces(s, t, russia, Some(us), europeans);
        let conditions = s.campaign;
        let fog = &s.campaign_fog;
        // The month's fight under the run's conditions; Russia's estimate is
        // kept, or fought out with it (without the US: the same fight unless
        // the US is an ally this month).
        let (fight, (russia_success, success_eu)) = match plan {
            Some(kept) => (baltic::fight_in_fog(b, &forces, &conditions, fog), kept),
            None => {
                let eu = us
                    .member
                    .then(|| self.baltic_forces(s, t, russia, None, europeans));
                baltic::fight_and_plan(b, &forces, eu.as_ref(), (&conditions, fog), &s.planning)
            }
        };
        let conventional = 1.0 - russia_success;
        let conv_eu = 1.0 - success_eu;

        let (nuclear, eu_nuclear) = self.nuclear_credibility(s, us);
        Assessment {
            conventional,
            russia_success,
            success_without_us: success_eu,
            nuclear,
            deterrence: 1.0 - (1.0 - conventional) * (1.0 - d.nuclear_weight * nuclear),
            europe_alone: 1.0 - (1.0 - conv_eu) * (1.0 - d.nuclear_weight * eu_nuclear),
            baltic: fight,
            baltic_forces: forces,
            conditions,
        }
    }
}
