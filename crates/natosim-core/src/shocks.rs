//! Scenario sections for the shocks and theatres: the US conflict fields and
//! withdrawal reasons, the Baltic theatre, nuclear deterrence, Ukraine's
//! security options, hybrid threats, the southern neighbourhood (NATO
//! Mission Iraq) and the High North (Arctic Sentry).
//!
//! These are scenario-wide: they hold in every institutional model, so the
//! four models still differ only in their [`Institution`](crate::scenario::Institution).
//! The mechanisms that read them live in [`crate::submodels`] and
//! [`crate::engine`]; `docs/MODEL.md` ("Submodels") gives the equations.

use crate::scenario::{Checker, PathPoint, Scenario, When};
use crate::time::YearMonth;
use serde::{Deserialize, Serialize};

/// Whether a conflict field with `(intensity, start, end)` is active at
/// `date`, and how strongly (0 when off).
pub fn window_level(intensity: f64, start: YearMonth, end: YearMonth, date: YearMonth) -> f64 {
    if start <= date && date <= end {
        intensity
    } else {
        0.0
    }
}

/// The tariff conflict (seed 001: "der von ihr initiierte Zollkonflikt").
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Tariffs {
    pub intensity: f64,
    pub start: YearMonth,
    pub end: YearMonth,
    pub trust_penalty: f64,
    pub gdp_growth_hit: f64,
}

/// The territorial conflict over Greenland (seed 001, seed 002).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Greenland {
    pub intensity: f64,
    pub start: YearMonth,
    pub end: YearMonth,
    pub trust_penalty: f64,
    pub north_factor: f64,
    pub arctic_rate_gain: f64,
}

/// A unilateral US deal with Russia (seed 001: "Unilateralismus").
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct RussiaDeal {
    pub intensity: f64,
    pub start: YearMonth,
    pub end: YearMonth,
    pub trust_penalty: f64,
    pub east_factor: f64,
    pub probe_gain: f64,
    pub nuclear_signal: f64,
}

/// US absences at ministerial meetings (seed 002).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Absences {
    pub intensity: f64,
    pub start: YearMonth,
    pub end: YearMonth,
    pub leadership_cut: f64,
    pub trust_penalty: f64,
    pub nuclear_signal: f64,
}

/// An attempt by the US administration to leave the alliance, against the
/// two-thirds Senate hurdle set by Congress in 2023 (seed 001).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ExitAttempt {
    pub at: When,
    pub senate_approval: f64,
    pub practical_exit: f64,
    pub practical_presence: f64,
}

/// The five conflict fields with the US (seed 001) and the absences (seed 002).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Conflicts {
    pub tariffs: Tariffs,
    pub greenland: Greenland,
    pub russia_deal: RussiaDeal,
    pub absences: Absences,
    pub exit_attempt: ExitAttempt,
}

/// Why the US withdraws troops (seed 001: China, a deal with Russia, or a
/// bargaining chip).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum WithdrawalReason {
    /// No withdrawal beyond the models' own troop paths.
    None,
    /// To position itself against China: enablers stay longer, entrapment grows.
    ChinaPivot,
    /// As part of a unilateral deal with Russia.
    RussiaDeal,
    /// A threat to extract concessions: called off once Europe meets the target.
    BargainingChip,
}

/// A US troop withdrawal applied on top of every model's troop path.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Withdrawal {
    pub scale: Vec<PathPoint>,
    pub reason: WithdrawalReason,
    pub pivot_entrapment: f64,
    pub chip_pressure: f64,
    pub chip_target: f64,
}

/// The Baltic theatre: a Russian coup de main fought to the capitals.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Baltic {
    pub distance_km: f64,
    pub horizon_days: f64,
    pub max_advance_km_per_day: f64,
    pub breakthrough_ratio: f64,
    pub attacker_lethality: f64,
    pub defender_lethality: f64,
    pub air_power: f64,
    pub troops_per_brigade: f64,
    pub forward_brigades: Vec<PathPoint>,
    pub european_reinforcement_brigades: f64,
    pub european_readiness: f64,
    pub us_forward_share: f64,
    pub tier1_days: f64,
    pub tier1_share: f64,
    pub russia_brigades: f64,
    pub russia_follow_on: f64,
    pub russia_follow_on_days: f64,
    pub fait_accompli_days: f64,
    pub deterrence_steepness: f64,
    pub horizontal_if_held: f64,
    pub horizontal_if_lost: f64,
    pub vertical_if_held: f64,
    pub vertical_if_lost: f64,
    pub nuclear_restraint: f64,
}

/// Nuclear deterrence: sharing hosts, visible inclusion, a European dimension.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Nuclear {
    pub host_bonus: f64,
    pub visible_inclusion: f64,
    pub inclusion_weight: f64,
    pub european_dimension: f64,
    pub european_dimension_gain: f64,
    pub european_max: f64,
    pub signal_penalty: f64,
}

/// Ukraine's security options (seed 001).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum UkraineOptionId {
    /// No arrangement beyond today's support falling away.
    None,
    /// NATO membership.
    NatoMembership,
    /// "Hedgehog": enabling Ukraine to defend itself.
    Hedgehog,
    /// A reassurance force of a coalition of the willing, without the US.
    ReassuranceForce,
    /// EU membership (Art. 42(7) TEU).
    EuMembership,
    /// Article 5 extended without membership (Rome's idea).
    Article5WithoutMembership,
}

impl UkraineOptionId {
    /// Every option, in documentation order.
    pub const ALL: [UkraineOptionId; 6] = [
        UkraineOptionId::None,
        UkraineOptionId::NatoMembership,
        UkraineOptionId::Hedgehog,
        UkraineOptionId::ReassuranceForce,
        UkraineOptionId::EuMembership,
        UkraineOptionId::Article5WithoutMembership,
    ];

    /// The option's name as written in scenario files.
    pub fn id(self) -> &'static str {
        match self {
            UkraineOptionId::None => "none",
            UkraineOptionId::NatoMembership => "nato-membership",
            UkraineOptionId::Hedgehog => "hedgehog",
            UkraineOptionId::ReassuranceForce => "reassurance-force",
            UkraineOptionId::EuMembership => "eu-membership",
            UkraineOptionId::Article5WithoutMembership => "article5-without-membership",
        }
    }
}

/// The effects of one Ukraine option.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct UkraineOption {
    pub entanglement: f64,
    pub russia_tied: f64,
    pub cost_gdp: f64,
    pub european_brigades: f64,
    pub war_hazard: f64,
}

/// Effects per option.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[allow(missing_docs)]
pub struct UkraineOptions {
    pub none: UkraineOption,
    pub nato_membership: UkraineOption,
    pub hedgehog: UkraineOption,
    pub reassurance_force: UkraineOption,
    pub eu_membership: UkraineOption,
    pub article5_without_membership: UkraineOption,
}

/// Ukraine: the chosen option and every option's effects.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Ukraine {
    pub option: UkraineOptionId,
    pub start: YearMonth,
    pub options: UkraineOptions,
}

impl Ukraine {
    /// The effects of `id`.
    pub fn effects(&self, id: UkraineOptionId) -> &UkraineOption {
        let o = &self.options;
        match id {
            UkraineOptionId::None => &o.none,
            UkraineOptionId::NatoMembership => &o.nato_membership,
            UkraineOptionId::Hedgehog => &o.hedgehog,
            UkraineOptionId::ReassuranceForce => &o.reassurance_force,
            UkraineOptionId::EuMembership => &o.eu_membership,
            UkraineOptionId::Article5WithoutMembership => &o.article5_without_membership,
        }
    }
}

/// Kinds of hybrid attack (seed 001), one number each.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct PerHybridKind {
    pub disinformation: f64,
    pub cyber: f64,
    pub sabotage: f64,
    pub migration: f64,
}

impl PerHybridKind {
    /// Names in a fixed order.
    pub const NAMES: [&'static str; 4] = ["disinformation", "cyber", "sabotage", "migration"];

    /// Values in [`PerHybridKind::NAMES`] order.
    pub fn to_array(&self) -> [f64; 4] {
        [
            self.disinformation,
            self.cyber,
            self.sabotage,
            self.migration,
        ]
    }
}

/// Hybrid threats: kinds, severity, the contested Article 5 threshold and
/// national resilience.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Hybrid {
    pub mix: PerHybridKind,
    pub severity: PerHybridKind,
    pub article5_threshold: f64,
    pub threshold_dispersion: f64,
    pub below_threshold_relevance: f64,
    pub resilience: f64,
}

/// The south: an advisory mission after NATO Mission Iraq (seed 000).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct South {
    pub mission_end: When,
    pub personnel: f64,
    pub advisers: f64,
    pub rotation_months: f64,
    pub continuity: f64,
    pub trust_build_months: f64,
    pub capacity_initial: f64,
    pub capacity_gain: f64,
    pub fragility: f64,
    pub interference: f64,
    pub erosion: f64,
    pub is_initial: f64,
    pub is_growth: f64,
    pub is_suppression: f64,
    pub coalition_pressure: f64,
    pub coalition_withdrawal: When,
    pub host_pressure_weight: f64,
    pub is_noise: f64,
    pub resurgence_threshold: f64,
    pub east_pull: f64,
    pub crisis_gain: f64,
}

/// The High North: Arctic Sentry (seed 002).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Arctic {
    pub sentry_start: When,
    pub presence: f64,
    pub rate_damping: f64,
    pub prepositioning: f64,
    pub greenland_damping: f64,
}

impl Scenario {
    /// Validation of the shock and theatre sections.
    pub(crate) fn validate_shocks(&self, c: &mut Checker) {
        let k = &self.conflicts;
        let windows = [
            (
                "tariffs",
                k.tariffs.intensity,
                k.tariffs.start,
                k.tariffs.end,
            ),
            (
                "greenland",
                k.greenland.intensity,
                k.greenland.start,
                k.greenland.end,
            ),
            (
                "russia_deal",
                k.russia_deal.intensity,
                k.russia_deal.start,
                k.russia_deal.end,
            ),
            (
                "absences",
                k.absences.intensity,
                k.absences.start,
                k.absences.end,
            ),
        ];
        for (name, intensity, start, end) in windows {
            c.unit(&format!("conflicts.{name}.intensity"), intensity);
            if end < start {
                c.fail(
                    &format!("conflicts.{name}.end"),
                    format!("{end} is before conflicts.{name}.start = {start}"),
                );
            }
        }
        for (path, v) in [
            ("conflicts.tariffs.trust_penalty", k.tariffs.trust_penalty),
            (
                "conflicts.greenland.trust_penalty",
                k.greenland.trust_penalty,
            ),
            (
                "conflicts.russia_deal.trust_penalty",
                k.russia_deal.trust_penalty,
            ),
            (
                "conflicts.russia_deal.nuclear_signal",
                k.russia_deal.nuclear_signal,
            ),
            (
                "conflicts.absences.leadership_cut",
                k.absences.leadership_cut,
            ),
            ("conflicts.absences.trust_penalty", k.absences.trust_penalty),
            (
                "conflicts.absences.nuclear_signal",
                k.absences.nuclear_signal,
            ),
            (
                "conflicts.exit_attempt.senate_approval",
                k.exit_attempt.senate_approval,
            ),
            (
                "conflicts.exit_attempt.practical_exit",
                k.exit_attempt.practical_exit,
            ),
            (
                "conflicts.exit_attempt.practical_presence",
                k.exit_attempt.practical_presence,
            ),
        ] {
            c.unit(path, v);
        }
        c.range(
            "conflicts.tariffs.gdp_growth_hit",
            k.tariffs.gdp_growth_hit,
            0.0,
            5.0,
        );
        c.range(
            "conflicts.greenland.north_factor",
            k.greenland.north_factor,
            0.0,
            5.0,
        );
        c.range(
            "conflicts.greenland.arctic_rate_gain",
            k.greenland.arctic_rate_gain,
            0.0,
            10.0,
        );
        c.range(
            "conflicts.russia_deal.east_factor",
            k.russia_deal.east_factor,
            0.0,
            5.0,
        );
        c.range(
            "conflicts.russia_deal.probe_gain",
            k.russia_deal.probe_gain,
            0.0,
            10.0,
        );

        let w = &self.us.withdrawal;
        c.path("us.withdrawal.scale", &w.scale, 0.0, 1.0);
        c.range(
            "us.withdrawal.pivot_entrapment",
            w.pivot_entrapment,
            0.0,
            5.0,
        );
        c.range("us.withdrawal.chip_pressure", w.chip_pressure, 0.0, 5.0);
        c.range("us.withdrawal.chip_target", w.chip_target, 0.0, 20.0);

        let b = &self.baltic;
        c.range("baltic.distance_km", b.distance_km, 1.0, 2000.0);
        c.range("baltic.horizon_days", b.horizon_days, 1.0, 365.0);
        c.range(
            "baltic.max_advance_km_per_day",
            b.max_advance_km_per_day,
            0.1,
            1000.0,
        );
        c.range("baltic.breakthrough_ratio", b.breakthrough_ratio, 0.1, 20.0);
        c.range("baltic.attacker_lethality", b.attacker_lethality, 0.0, 5.0);
        c.range("baltic.defender_lethality", b.defender_lethality, 0.0, 5.0);
        c.range("baltic.air_power", b.air_power, 0.0, 10.0);
        c.range(
            "baltic.troops_per_brigade",
            b.troops_per_brigade,
            100.0,
            1e6,
        );
        c.path("baltic.forward_brigades", &b.forward_brigades, 0.0, 1000.0);
        c.range(
            "baltic.european_reinforcement_brigades",
            b.european_reinforcement_brigades,
            0.0,
            1000.0,
        );
        c.unit("baltic.us_forward_share", b.us_forward_share);
        c.unit("baltic.european_readiness", b.european_readiness);
        c.range("baltic.tier1_days", b.tier1_days, 0.0, b.horizon_days);
        c.unit("baltic.tier1_share", b.tier1_share);
        c.range("baltic.russia_brigades", b.russia_brigades, 0.0, 10000.0);
        c.range("baltic.russia_follow_on", b.russia_follow_on, 0.0, 10.0);
        c.range(
            "baltic.russia_follow_on_days",
            b.russia_follow_on_days,
            0.1,
            365.0,
        );
        c.range(
            "baltic.fait_accompli_days",
            b.fait_accompli_days,
            0.1,
            365.0,
        );
        c.range(
            "baltic.deterrence_steepness",
            b.deterrence_steepness,
            0.1,
            20.0,
        );
        for (path, v) in [
            ("baltic.horizontal_if_held", b.horizontal_if_held),
            ("baltic.horizontal_if_lost", b.horizontal_if_lost),
            ("baltic.vertical_if_held", b.vertical_if_held),
            ("baltic.vertical_if_lost", b.vertical_if_lost),
            ("baltic.nuclear_restraint", b.nuclear_restraint),
        ] {
            c.unit(path, v);
        }

        let n = &self.nuclear;
        for (path, v) in [
            ("nuclear.host_bonus", n.host_bonus),
            ("nuclear.visible_inclusion", n.visible_inclusion),
            ("nuclear.inclusion_weight", n.inclusion_weight),
            ("nuclear.european_dimension", n.european_dimension),
            ("nuclear.european_max", n.european_max),
            ("nuclear.signal_penalty", n.signal_penalty),
        ] {
            c.unit(path, v);
        }
        c.range(
            "nuclear.european_dimension_gain",
            n.european_dimension_gain,
            0.0,
            10.0,
        );

        for id in UkraineOptionId::ALL {
            let o = self.ukraine.effects(id);
            let p = format!("ukraine.options.{}", id.id());
            c.unit(&format!("{p}.entanglement"), o.entanglement);
            c.unit(&format!("{p}.russia_tied"), o.russia_tied);
            c.range(&format!("{p}.cost_gdp"), o.cost_gdp, 0.0, 5.0);
            c.range(
                &format!("{p}.european_brigades"),
                o.european_brigades,
                0.0,
                1000.0,
            );
            c.unit(&format!("{p}.war_hazard"), o.war_hazard);
        }

        let h = &self.hybrid;
        let mix = h.mix.to_array();
        for (name, (m, s)) in PerHybridKind::NAMES
            .iter()
            .zip(mix.iter().zip(h.severity.to_array()))
        {
            c.unit(&format!("hybrid.mix.{name}"), *m);
            c.unit(&format!("hybrid.severity.{name}"), s);
        }
        if mix.iter().sum::<f64>() <= 0.0 {
            c.fail(
                "hybrid.mix",
                "at least one kind needs a positive share".into(),
            );
        }
        c.unit("hybrid.article5_threshold", h.article5_threshold);
        c.unit("hybrid.threshold_dispersion", h.threshold_dispersion);
        c.unit(
            "hybrid.below_threshold_relevance",
            h.below_threshold_relevance,
        );
        c.unit("hybrid.resilience", h.resilience);

        let s = &self.south;
        c.range("south.personnel", s.personnel, 0.0, 1e6);
        c.range("south.advisers", s.advisers, 0.0, s.personnel.max(0.0));
        c.range("south.rotation_months", s.rotation_months, 1.0, 120.0);
        c.range("south.trust_build_months", s.trust_build_months, 0.1, 120.0);
        for (path, v) in [
            ("south.continuity", s.continuity),
            ("south.capacity_initial", s.capacity_initial),
            ("south.capacity_gain", s.capacity_gain),
            ("south.fragility", s.fragility),
            ("south.interference", s.interference),
            ("south.erosion", s.erosion),
            ("south.is_initial", s.is_initial),
            ("south.is_growth", s.is_growth),
            ("south.is_suppression", s.is_suppression),
            ("south.coalition_pressure", s.coalition_pressure),
            ("south.host_pressure_weight", s.host_pressure_weight),
            ("south.is_noise", s.is_noise),
            ("south.resurgence_threshold", s.resurgence_threshold),
            ("south.east_pull", s.east_pull),
        ] {
            c.unit(path, v);
        }
        c.range("south.crisis_gain", s.crisis_gain, 0.0, 10.0);

        let a = &self.arctic;
        for (path, v) in [
            ("arctic.presence", a.presence),
            ("arctic.rate_damping", a.rate_damping),
            ("arctic.prepositioning", a.prepositioning),
            ("arctic.greenland_damping", a.greenland_damping),
        ] {
            c.unit(path, v);
        }
    }
}
