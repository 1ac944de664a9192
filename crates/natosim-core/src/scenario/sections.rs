//! The sections of a scenario file, one struct per TOML table.
//!
//! The first part holds the shocks and theatres: the US conflict fields and
//! withdrawal reasons, the Baltic theatre, nuclear deterrence, Ukraine's
//! security options, hybrid threats, the southern neighbourhood (NATO
//! Mission Iraq) and the High North (Arctic Sentry). These are scenario-wide:
//! they hold in every institutional model, so the models still differ only in
//! their [`Institution`]. The mechanisms that read them live in
//! [`crate::submodels`] and [`crate::engine`]; `docs/MODEL.md` ("Submodels")
//! gives the equations.
//!
//! The second part holds the run settings, the behavioural parameters and
//! the [`Institution`] of a model.

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
pub struct Tariffs {
    /// Strength of the conflict inside its window, 0 (off) to 1 (full).
    pub intensity: f64,
    /// First month of the conflict.
    pub start: YearMonth,
    /// Last month of the conflict (inclusive).
    pub end: YearMonth,
    /// Fall of the trust target at full intensity.
    pub trust_penalty: f64,
    /// European real GDP growth lost at full intensity, pp per year.
    pub gdp_growth_hit: f64,
}

/// The territorial conflict over Greenland (seed 001, seed 002).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Greenland {
    /// Strength of the conflict inside its window, 0 (off) to 1 (full).
    pub intensity: f64,
    /// First month of the conflict.
    pub start: YearMonth,
    /// Last month of the conflict (inclusive).
    pub end: YearMonth,
    /// Fall of the trust target at full intensity.
    pub trust_penalty: f64,
    /// How many times as strongly the Nordic flank (Denmark) feels it.
    pub north_factor: f64,
    /// Arctic incident rate scales by 1 + gain × intensity.
    pub arctic_rate_gain: f64,
}

/// A unilateral US deal with Russia (seed 001: "Unilateralismus").
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RussiaDeal {
    /// Strength of the conflict inside its window, 0 (off) to 1 (full).
    pub intensity: f64,
    /// First month of the conflict.
    pub start: YearMonth,
    /// Last month of the conflict (inclusive).
    pub end: YearMonth,
    /// Fall of the trust target at full intensity.
    pub trust_penalty: f64,
    /// How many times as strongly the eastern flank feels it.
    pub east_factor: f64,
    /// Russia's opportunism scales by 1 + gain × intensity: a deal emboldens it.
    pub probe_gain: f64,
    /// Political signal against the US nuclear guarantee at full intensity.
    pub nuclear_signal: f64,
}

/// US absences at ministerial meetings (seed 002).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Absences {
    /// Strength of the conflict inside its window, 0 (off) to 1 (full).
    pub intensity: f64,
    /// First month of the absences.
    pub start: YearMonth,
    /// Last month of the absences (inclusive).
    pub end: YearMonth,
    /// Share of US leadership (its institutional pillar) lost at full intensity.
    pub leadership_cut: f64,
    /// Fall of the trust target at full intensity.
    pub trust_penalty: f64,
    /// Political signal against the US nuclear guarantee at full intensity.
    pub nuclear_signal: f64,
}

/// An attempt by the US administration to leave the alliance, against the
/// two-thirds Senate hurdle set by Congress in 2023 (seed 001).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExitAttempt {
    /// Month of the attempt to leave, or never.
    pub at: When,
    /// Probability that two thirds of the Senate approve the exit.
    pub senate_approval: f64,
    /// If the Senate refuses: probability the administration ends membership in practice.
    pub practical_exit: f64,
    /// Share of troops and enablers kept in a practical exit (leadership ends).
    pub practical_presence: f64,
}

/// The five conflict fields with the US (seed 001) and the absences (seed 002).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Conflicts {
    /// The tariff conflict.
    pub tariffs: Tariffs,
    /// The territorial conflict over Greenland.
    pub greenland: Greenland,
    /// A unilateral US deal with Russia.
    pub russia_deal: RussiaDeal,
    /// US absences at ministerial meetings.
    pub absences: Absences,
    /// An attempt by the US administration to leave the alliance.
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
pub struct Withdrawal {
    /// Path that multiplies each model's `us_troops` (1 = no extra withdrawal).
    pub scale: Vec<PathPoint>,
    /// Why the US withdraws.
    pub reason: WithdrawalReason,
    /// China pivot: entrapment fears scale by 1 + this.
    pub pivot_entrapment: f64,
    /// Bargaining chip: extra share of the gap to the target closed each year while the threat stands.
    pub chip_pressure: f64,
    /// Bargaining chip: European spending, % of GDP, at which the threat is called off.
    pub chip_target: f64,
}

/// The Baltic theatre: a Russian coup de main fought to the capitals.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Baltic {
    /// Distance from the border to the capitals, km.
    pub distance_km: f64,
    /// Day to which the campaign is fought; a defence that holds this long "holds for the horizon".
    pub horizon_days: f64,
    /// Attacker's advance against negligible resistance, km per day (centre of the mobility draw).
    pub max_advance_km_per_day: f64,
    /// Effective force ratio the attacker needs to advance.
    pub breakthrough_ratio: f64,
    /// Lanchester square-law kill rate, BDE per attacking BDE per day.
    pub attacker_lethality: f64,
    /// Lanchester square-law kill rate of the defender, BDE per defending BDE per day.
    pub defender_lethality: f64,
    /// All-in troops per brigade equivalent.
    pub troops_per_brigade: f64,
    /// Allied forward presence in the Baltic states at day 0 beyond their own forces, BDE.
    pub forward_brigades: Vec<PathPoint>,
    /// Extra European brigades in tier 1, e.g. to replace US reinforcements (policy lever).
    pub european_reinforcement_brigades: f64,
    /// Share of the other European allies' personnel-based brigade equivalents that are ready combat brigades.
    pub european_readiness: f64,
    /// Share of US troops in Europe on the eastern flank at day 0.
    pub us_forward_share: f64,
    /// Days within which tier 1 of the NATO Force Model arrives.
    pub tier1_days: f64,
    /// Share of the forces available within the horizon that arrive in tier 1.
    pub tier1_share: f64,
    /// Russia's ground brigade equivalents at full reconstitution, BDE.
    pub russia_brigades: f64,
    /// Russia's follow-on echelon, share of the day-0 mass.
    pub russia_follow_on: f64,
    /// Days over which the follow-on echelon arrives.
    pub russia_follow_on_days: f64,
    /// Days to the capitals that Russia scores as half a fait accompli (relief is coming).
    pub fait_accompli_days: f64,
    /// Exponent of Russia's fait-accompli score in days to the capitals.
    pub deterrence_steepness: f64,
    /// Probability that a stalled attack widens to other theatres (horizontal escalation).
    pub horizontal_if_held: f64,
    /// Probability of horizontal escalation after a fait accompli.
    pub horizontal_if_lost: f64,
    /// Probability of nuclear threats to stave off defeat when the attack stalls.
    pub vertical_if_held: f64,
    /// Probability of nuclear threats to freeze gains after a fait accompli.
    pub vertical_if_lost: f64,
    /// Share of vertical escalation that credible allied nuclear deterrence prevents.
    pub nuclear_restraint: f64,
    // h-campaign (issue 10.1): the stochastic campaign.
    /// Combat power of a light brigade relative to a heavy one.
    pub light_combat_power: f64,
    /// Slowing of the advance per heavy brigade in the way: speed / (1 + obstruction · (heavy + light_obstruction · light)).
    pub obstruction: f64,
    /// A light brigade's power to slow an advance relative to a heavy one's.
    pub light_obstruction: f64,
    /// Heavy share of the Baltic states' own forces.
    pub national_heavy_share: f64,
    /// Heavy share of the allied forward presence.
    pub forward_heavy_share: f64,
    /// Heavy share of US forces (forward and reinforcing).
    pub us_heavy_share: f64,
    /// Heavy share of European reinforcements.
    pub european_heavy_share: f64,
    /// Days after the release of reinforcements by which tier 2 is in.
    pub tier2_days: f64,
    /// Share of the reinforcements beyond tier 1 that arrive in tier 2 (the rest come in tier 3).
    pub tier2_share: f64,
    /// Days after the release of reinforcements by which tier 3 is in.
    pub tier3_days: f64,
    /// Attacker brigades destroyed per day by air power and long-range fires at full build-up, full enablers and good weather.
    pub air_attrition: f64,
    /// Days over which air power and long-range fires build up after release.
    pub air_ramp_days: f64,
    /// The offensive culminates once the attacker is down to this share of what it committed.
    pub culmination: f64,
    /// Half-width of the log-triangular draw of `russia.concentration` per run.
    pub concentration_spread: f64,
    /// Lowest share of Russia's massed force ready on day 0 (uniform up to 1).
    pub russia_readiness_min: f64,
    /// Lowest share of the allied forces in place that are in position on day 0 (uniform up to 1).
    pub allied_readiness_min: f64,
    /// Half-width of the log-triangular draw of the intensity (both lethalities).
    pub lethality_spread: f64,
    /// Half-width of the log-triangular draw of the exchange rate.
    pub exchange_spread: f64,
    /// Half-width of the log-triangular draw of the advance rate.
    pub mobility_spread: f64,
    /// Lowest share of air power and fires the weather allows (uniform up to 1).
    pub weather_min: f64,
    /// Half-width of the daily log-triangular fog-of-war factor on the advance.
    pub fog_spread: f64,
}

/// Nuclear deterrence: sharing hosts, visible inclusion, a European dimension.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Nuclear {
    /// Extra credibility of the US guarantee for nuclear-sharing hosts and nuclear-weapon states.
    pub host_bonus: f64,
    /// Visible inclusion of non-hosts in nuclear sharing, 0–1 (policy lever).
    pub visible_inclusion: f64,
    /// Discount on the guarantee for a member wanting visibility (attitude 1) without it.
    pub inclusion_weight: f64,
    /// A European dimension of French (and British) deterrence, 0–1 (policy lever).
    pub european_dimension: f64,
    /// Gain on `deterrence.european_nuclear_base` at a full European dimension.
    pub european_dimension_gain: f64,
    /// Cap on the credibility of European nuclear deterrence.
    pub european_max: f64,
    /// How much political signals (deal, absences, exit attempt) discount the US guarantee.
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
pub struct UkraineOption {
    /// Added entrapment fear per unit risk aversion.
    pub entanglement: f64,
    /// Share of Russia's Baltic mass tied down opposite Ukraine.
    pub russia_tied: f64,
    /// European spending on the option, % of GDP a year.
    pub cost_gdp: f64,
    /// European brigades deployed in Ukraine (not available on the eastern flank).
    pub european_brigades: f64,
    /// Monthly hazard of a renewed Russian war against Ukraine at full Russian strength.
    pub war_hazard: f64,
}

/// Effects per option.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct UkraineOptions {
    /// No arrangement beyond today's support falling away.
    pub none: UkraineOption,
    /// NATO membership.
    pub nato_membership: UkraineOption,
    /// "Hedgehog": enabling Ukraine to defend itself.
    pub hedgehog: UkraineOption,
    /// A reassurance force of a coalition of the willing, without the US.
    pub reassurance_force: UkraineOption,
    /// EU membership (Art. 42(7) TEU).
    pub eu_membership: UkraineOption,
    /// Article 5 extended without membership.
    pub article5_without_membership: UkraineOption,
}

/// Ukraine: the chosen option and every option's effects.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Ukraine {
    /// The chosen option.
    pub option: UkraineOptionId,
    /// Month from which the option applies.
    pub start: YearMonth,
    /// Every option's effects.
    pub options: UkraineOptions,
    /// Earliest month of the ceasefire in the ongoing war, drawn per run
    /// (MODEL.md 7.18): before it the war goes on and there is no "renewed"
    /// war to risk.
    pub ceasefire_earliest: YearMonth,
    /// Latest month of the ceasefire (uniform between the two).
    pub ceasefire_latest: YearMonth,
    /// War hazard scales by 1 + gain × (1 − US support): Ukraine's own
    /// deterrence rests on Western arms, about half of them American.
    pub us_support_gain: f64,
    /// War hazard scales by 1 + gain × (1 − the alliance's deterrence):
    /// Russian opportunism, as for crisis rates.
    pub deterrence_gain: f64,
    /// War hazard scales by 1 + gain × the US–Russia deal's intensity: a
    /// peace at Ukraine's expense emboldens Russia.
    pub deal_gain: f64,
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
pub struct PerHybridKind {
    /// Disinformation.
    pub disinformation: f64,
    /// Cyber attacks.
    pub cyber: f64,
    /// Sabotage.
    pub sabotage: f64,
    /// Instrumentalised migration.
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
pub struct Hybrid {
    /// Shares of hybrid crises by kind.
    pub mix: PerHybridKind,
    /// Typical severity by kind, 0–1; a crisis draws 0.5–1.5 times it.
    pub severity: PerHybridKind,
    /// Severity from which the mean member sees an alliance matter.
    pub article5_threshold: f64,
    /// How far members' thresholds spread (high-threat members lower).
    pub threshold_dispersion: f64,
    /// Relevance of a hybrid crisis to a member who sees it below the threshold.
    pub below_threshold_relevance: f64,
    /// National resilience: an attack is absorbed nationally with probability resilience × (1 − severity).
    pub resilience: f64,
    /// Grey-zone shaping added per unit severity of a hybrid attack
    /// (absorbed or not) in the month it comes (MODEL.md 7.19).
    pub shaping_gain: f64,
    /// Monthly persistence of shaping.
    pub shaping_memory: f64,
}

/// The south: an advisory mission after NATO Mission Iraq (seed 000).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct South {
    /// Month the advisory mission ends, or never.
    pub mission_end: When,
    /// Personnel of the mission, soldiers.
    pub personnel: f64,
    /// Advisers among the personnel.
    pub advisers: f64,
    /// Advisers' tour length, months.
    pub rotation_months: f64,
    /// Adviser–host trust that survives a rotation (hand-over).
    pub continuity: f64,
    /// Time constant of adviser–host trust, months.
    pub trust_build_months: f64,
    /// Host security capacity in 2025, 0–1.
    pub capacity_initial: f64,
    /// Monthly capacity growth with all `advisers` in place and full trust, times (1 − capacity).
    pub capacity_gain: f64,
    /// Weak statehood of the host.
    pub fragility: f64,
    /// External interference (Iran-backed militias).
    pub interference: f64,
    /// Monthly capacity erosion per unit of fragility + interference + IS strength.
    pub erosion: f64,
    /// IS strength in 2025 relative to its 2014–2016 peak.
    pub is_initial: f64,
    /// Monthly logistic growth of IS strength without pressure.
    pub is_growth: f64,
    /// Monthly suppression of IS strength per unit pressure.
    pub is_suppression: f64,
    /// Pressure of the (US-led) coalition against IS.
    pub coalition_pressure: f64,
    /// Month the coalition withdraws, or never.
    pub coalition_withdrawal: When,
    /// Pressure the host exerts on IS per unit capacity.
    pub host_pressure_weight: f64,
    /// S.d. of IS strength's monthly relative fortunes.
    pub is_noise: f64,
    /// IS strength counted as a resurgence.
    pub resurgence_threshold: f64,
    /// Advisers withdrawn per unit rise of mean eastern threat perception since 2025.
    pub east_pull: f64,
    /// Southern crisis rate scales by 1 + gain × (IS strength − `is_initial`), floored at 0.
    pub crisis_gain: f64,
    /// Share of the coalition's pressure that rests on US logistics, ISR
    /// and air power (MODEL.md 7.20).
    pub logistics_dependence: f64,
    /// Share of missing US logistics that European enablers (built by
    /// procurement integration) can replace.
    pub european_substitution: f64,
    /// European troops in the coalition against IS while it is present.
    pub coalition_european_troops: f64,
    /// European troops needed to replace all US logistics in the coalition.
    pub substitution_troops: f64,
    /// Brigade equivalents a southern crisis answered in time holds away
    /// from the east.
    pub crisis_brigades: f64,
    /// Mean months such a deployment lasts.
    pub deployment_months: f64,
}

/// The High North: Arctic Sentry (seed 002).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Arctic {
    /// Month Arctic Sentry starts, or never.
    pub sentry_start: When,
    /// Scale of the activity, 0–1 (policy lever).
    pub presence: f64,
    /// Cut of the Arctic incident rate at full presence.
    pub rate_damping: f64,
    /// Cut of the forces an Arctic incident needs at full presence.
    pub prepositioning: f64,
    /// Cut of the Greenland conflict's effects at full presence.
    pub greenland_damping: f64,
    /// Brigade equivalents Arctic Sentry holds in the High North at full
    /// presence (not available on the eastern flank).
    pub brigades: f64,
}

/// Metadata and run settings.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Human-readable name.
    pub name: String,
    /// What the scenario asks and where it comes from.
    pub description: String,
    /// First simulated month.
    pub start: YearMonth,
    /// Last simulated month (inclusive).
    pub end: YearMonth,
    /// Monte Carlo runs per model.
    pub runs: u32,
    /// Root seed.
    pub seed: u64,
    /// Last month of the transition window (h-theatres, MODEL.md 8.1): the
    /// `*_transition` metrics cover `start ..= transition_end`.
    pub transition_end: YearMonth,
    /// Length of the steady-state window at the end of the horizon, years
    /// (MODEL.md 8.1): the `*_end` metrics cover its last `12 ×` this months
    /// (the whole horizon if it is shorter).
    pub steady_state_years: u32,
}

/// Threat perception and trust.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Perception {
    /// Numeric reading of the ordinal level "high" (hoch).
    pub level_high: f64,
    /// Numeric reading of the ordinal level "medium" (mittel).
    pub level_medium: f64,
    /// Numeric reading of the ordinal level "low" (niedrig).
    pub level_low: f64,
    /// Weight of war risk vs tension in a member's threat perception.
    pub war_risk_weight: f64,
    /// Share of today's threat that does not depend on Russia's reconstitution.
    pub russia_threat_floor: f64,
    /// Trust in the US guarantee in 2025.
    pub trust_initial: f64,
    /// Trust a US member earns without any presence or leadership.
    pub trust_base: f64,
    /// Trust from US forces in Europe.
    pub trust_presence_weight: f64,
    /// Trust from hegemonic leadership.
    pub trust_leadership_weight: f64,
    /// Monthly speed of trust adjustment.
    pub trust_rate: f64,
    /// S.d. of monthly trust noise.
    pub trust_noise: f64,
    /// Shift of the trust target: +anchor for Atlanticists, −anchor for autonomists.
    pub atlanticist_anchor: f64,
    /// Threat bump from a Russian-driven crisis on one's flank.
    pub crisis_salience_gain: f64,
    /// Monthly persistence of that bump.
    pub crisis_salience_decay: f64,
    /// How much a risk-averse member fears being dragged into a leader's conflicts.
    pub entrapment_weight: f64,
    /// Russia's strength (relative to full reconstitution) that the
    /// calibration's 2022+ threat level corresponds to: the threat index is
    /// Russia's strength relative to this fixed reference, not to the
    /// scenario's 2025 strength (h-spend).
    pub russia_threat_reference: f64,
}

/// Russia: reconstitution and opportunism.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Russia {
    /// Russia's usable strength vs NATO in 2025, relative to full reconstitution.
    pub capability_2025: f64,
    /// Shortest reconstitution horizon, years from 2025.
    pub reconstitution_years_min: f64,
    /// Longest reconstitution horizon, years from 2025.
    pub reconstitution_years_max: f64,
    /// Share of Russia's ground brigades it can mass on the Baltic axis.
    pub concentration: f64,
    /// Opportunism: Russian-driven crisis rates scale by 1 + gain × capability × (1 − deterrence).
    pub probe_gain: f64,
    /// Monthly probability of a coup de main by a fully reconstituted Russia
    /// whose decision to attack is certain (gain far above cost).
    pub attack_hazard_max: f64,
    // h-inst (issue 10.3): Russia weighs gain against cost (MODEL.md 7.14).
    /// Logistic scale of the decision in (net value − threshold).
    pub attack_softness: f64,
    /// Net value (gain − cost) at which the decision is even.
    pub attack_threshold: f64,
    /// Cost of a failed attack (regime risk, losses), per unit chance of failure.
    pub attack_failure_cost: f64,
    /// Cost per unit of the nuclear risk Russia perceives.
    pub attack_nuclear_cost: f64,
    /// Cost of sanctions at full alliance cohesion.
    pub attack_sanctions_cost: f64,
    /// Cost of a second front per unit of Russian mass tied opposite Ukraine.
    pub attack_ukraine_cost: f64,
    /// Net value added by full grey-zone shaping (hybrid pressure prepares the ground).
    pub attack_shaping_gain: f64,
    /// Russia re-assesses its chance of a fait accompli (the planning fights
    /// against its design, MODEL.md 7.15) every this many months, and when the
    /// US joins or leaves the alliance; in between it keeps its last estimate.
    pub replanning_months: u64,
}

/// US parameters that hold in every model.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UsPolicy {
    /// US troops in Europe today.
    pub troops_reference: f64,
    /// Planned US reinforcements, troops.
    pub reinforcement_troops: f64,
    /// Share of reinforcements arriving within 30 days.
    pub reinforcement_share_30d: f64,
    /// Background political friction with the US; lowers trust targets.
    pub political_friction: f64,
    /// Share of the US defence budget attributable to Europe at full presence.
    pub europe_budget_share: f64,
    /// A US troop withdrawal on top of every model's troop path.
    pub withdrawal: Withdrawal,
}

/// One point of the alliance spending target.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TargetPoint {
    /// Year the target applies.
    pub year: i32,
    /// Core defence spending, % of GDP.
    pub core: f64,
    /// Defence-related investment, % of GDP.
    pub related: f64,
}

/// Budgets.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Spending {
    /// Alliance spending targets by year, linear in between.
    pub targets: Vec<TargetPoint>,
    /// Partial-adjustment speed λ, per year (calibrated).
    pub adjustment_speed: f64,
    /// Desired spending per unit threat b, pp of GDP (calibrated).
    pub threat_sensitivity: f64,
    /// Intercept a of desired spending, % of GDP (calibrated).
    pub intercept: f64,
    /// Desired spending per unit abandonment fear, pp of GDP.
    pub abandonment_sensitivity: f64,
    /// Desired spending forgone per unit rise of alliance deterrence, pp of GDP.
    pub free_riding: f64,
    /// Factor on free riding for allies below median GDP.
    pub small_ally_free_riding: f64,
    /// Share of the gap to the alliance target closed each year by peer commitment.
    pub target_pull: f64,
    /// Extra share of the gap closed each year under a leading US.
    pub us_pressure: f64,
    /// Largest yearly increase, pp of GDP (absorption limit).
    pub max_increase_pp: f64,
    /// Cut to the largest increase per unit fiscal constraint.
    pub fiscal_drag: f64,
    /// Largest yearly cut, pp of GDP.
    pub max_decrease_pp: f64,
    /// Real GDP growth in Europe, % per year.
    pub gdp_growth_europe: f64,
    /// Real GDP growth in North America, % per year.
    pub gdp_growth_north_america: f64,
    // --- h-spend: fiscal space, related spending, EU instruments, noise ---
    /// S.d. of the yearly budget shock per ally, pp of GDP (the fit's residual s.d.).
    pub budget_noise: f64,
    /// Each member grows at its own medium-term rate (data/fiscal_2024.csv)
    /// instead of the regional `gdp_growth_*` rates.
    pub growth_from_data: bool,
    /// Defence-related spending (the Hague 1.5 %) in 2024, % of GDP, every ally.
    pub related_initial: f64,
    /// Share of the gap to the related target closed per year.
    pub related_pull: f64,
    /// Budget room for defence gained per year by reprioritisation and
    /// revenue at no fiscal stress, pp of GDP (cumulative).
    pub fiscal_room_pp: f64,
    /// Debt reference of the fiscal rules, % of GDP (EU: 60).
    pub debt_reference: f64,
    /// Deficit reference of the fiscal rules, % of GDP (EU: 3).
    pub deficit_reference: f64,
    /// Deviation the national escape clause allows for defence, pp of GDP.
    pub escape_clause_pp: f64,
    /// Last year of the national escape clause.
    pub escape_clause_end: i32,
    /// Years over which the escape clause's room is withdrawn after its end.
    pub escape_phase_out_years: f64,
    /// Scale of the EU's instruments (the escape clause and SAFE loans): 1 as
    /// decided in 2025, 0 without them.
    pub eu_instruments: f64,
    /// SAFE loans, EUR bn in all (2025 regulation).
    pub safe_loans_eur_bn: f64,
    /// Last year SAFE loans are disbursed (from 2025).
    pub safe_end: i32,
    /// US dollars per euro (converts EUR amounts into the model's USD).
    pub usd_per_eur: f64,
    /// Share of commonly funded spending national budgets give back (fungibility).
    pub common_crowding_out: f64,
    /// Years over which a model's common funding ramps up from 2025.
    pub common_funding_ramp_years: f64,
}

/// A value per flank.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PerFlank {
    /// Eastern flank.
    pub east: f64,
    /// Northern flank.
    pub north: f64,
    /// Centre.
    pub centre: f64,
    /// Southern flank.
    pub south: f64,
    /// South-eastern flank.
    pub southeast: f64,
    /// North America.
    pub north_america: f64,
}

impl PerFlank {
    /// The values in [`crate::data::Flank::ALL`] order.
    pub fn to_array(&self) -> [f64; 6] {
        [
            self.east,
            self.north,
            self.centre,
            self.south,
            self.southeast,
            self.north_america,
        ]
    }
}

/// Force generation.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Forces {
    /// Months from budget to fielded capability.
    pub procurement_lag_months: u32,
    /// Time constant of force build-up after the lag, months.
    pub build_up_months: f64,
    /// Capability gain per unit procurement integration.
    pub integration_efficiency: f64,
    /// Monthly build-up of European enablers per unit integration.
    pub european_enabler_rate: f64,
    /// Share of each member's forces available on the eastern flank within 30 days, by flank.
    pub availability: PerFlank,
    // --- h-spend: absorption limits ---
    /// Share of defence spending on equipment (the industrial channel).
    pub equipment_share: f64,
    /// Largest real growth of equipment deliveries the industry can absorb, per year.
    pub max_industry_growth: f64,
    /// Largest growth of military personnel, per year.
    pub max_personnel_growth: f64,
}

/// Deterrence.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Deterrence {
    /// Share of a limited aggression that nuclear threats cover.
    pub nuclear_weight: f64,
    /// Credibility the US guarantee keeps in form without forward forces.
    pub us_nuclear_form: f64,
    /// Erosion of the US guarantee with troop cuts (exponent on presence).
    pub us_nuclear_presence_exponent: f64,
    /// Credibility of French/British nuclear forces (national doctrine, no European dimension).
    pub european_nuclear_base: f64,
}

/// Crisis decision-making.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Median days an indifferent member needs to decide.
    pub base_days: f64,
    /// Willing members decide faster: days × exp(−k·willingness).
    pub willingness_speedup: f64,
    /// Log-s.d. of deliberation times.
    pub noise_sigma: f64,
    /// Willingness at which a member supports action with probability 0.5.
    pub support_threshold: f64,
    /// Logistic scale of support.
    pub support_softness: f64,
    /// Weight of cohesion in willingness.
    pub solidarity_weight: f64,
    /// Scale of the probability that a non-supporter objects (vetoes, votes no).
    pub veto_scale: f64,
    /// Days a leading power needs to go first.
    pub hegemon_days: f64,
    /// Coordination days × ln(1 + coalition size) without a leader.
    pub coalition_overhead_days: f64,
    /// Deliberation cut per unit of delegated competence.
    pub delegation_speedup: f64,
    /// Deliberation cut per unit of leadership.
    pub leadership_speedup: f64,
    /// Extra deliberation when joining a coalition is not bound by a common decision.
    pub buck_passing: f64,
    /// Contribution of members bound by a decision they did not support.
    pub compliance: f64,
    /// Decisions later than this many days are not counted in `decision_days`.
    pub max_days: f64,
    // h-inst (issue 10.2): the Article 5 decision on the eastern flank (MODEL.md 7.8).
    /// S.d. of each ally's political will, drawn once per run.
    pub political_will_sd: f64,
    /// Extra willingness under an armed attack on an ally (the treaty obligation).
    pub article5_resolve: f64,
    /// Stakes of defending the eastern flank (risk of war with Russia), 0–1.
    pub article5_stakes: f64,
    /// Days in which forces pre-authorised to a SACEUR move.
    pub delegated_days: f64,
    /// Extra days of bilateral coordination when the collective decision fails.
    pub bilateral_days: f64,
    /// Share of members that neither support nor object who vote yes in a
    /// qualified-majority vote (go along with the majority).
    pub acquiescence: f64,
}

/// Cohesion, positions and fragmentation.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Cohesion {
    /// Weight of the alignment of positions in the cohesion index.
    pub weight_alignment: f64,
    /// Weight of trust in the cohesion index.
    pub weight_trust: f64,
    /// Weight of the solidarity record in the cohesion index.
    pub weight_record: f64,
    /// Persistence of the solidarity record per crisis.
    pub record_memory: f64,
    /// Monthly pull toward the alliance's weighted position.
    pub position_pull: f64,
    /// Monthly pull back to a member's own ideal point.
    pub home_pull: f64,
    /// S.d. of monthly position noise.
    pub position_noise: f64,
    /// Extra weight of a leading power's position.
    pub leader_weight: f64,
    /// How much sovereignty cost lowers autonomy-averse members' trust in the institution.
    pub sovereignty_resistance: f64,
    /// Cohesion at which the collapse hazard is half its maximum.
    pub fragmentation_threshold: f64,
    /// Logistic scale of the collapse hazard in cohesion.
    pub fragmentation_softness: f64,
    /// Monthly collapse hazard at very low cohesion.
    pub fragmentation_hazard_max: f64,
    /// Monthly exit hazard of a member whose costs of membership far exceed its protection.
    pub exit_hazard_max: f64,
    /// Logistic scale of the exit hazard in (cost − benefit).
    pub exit_softness: f64,
    /// Months of noise-free bargaining before the start, so positions begin in equilibrium.
    pub spin_up_months: u32,
}

/// One crisis type.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CrisisType {
    /// Crises of this type per month (before opportunism scaling).
    pub rate_per_month: f64,
    /// Whether the rate scales with Russia's opportunism.
    pub russian_driven: bool,
    /// Force an adequate answer needs, USD bn of annual defence spending.
    pub required_busd: f64,
    /// Days within which a decision counts as in time.
    pub deadline_days: f64,
    /// Stakes of the crisis; weighs against risk-averse members' willingness.
    pub stakes: f64,
    /// Salience per flank.
    pub salience: PerFlank,
}

/// The crisis types.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Crises {
    /// Hybrid attacks: sabotage, cyber attacks, instrumentalised migration.
    pub hybrid: CrisisType,
    /// Russian build-up and probing on the eastern flank (Article 4).
    pub eastern_military: CrisisType,
    /// Crises in the southern neighbourhood.
    pub south: CrisisType,
    /// Incidents in the High North.
    pub arctic: CrisisType,
}

impl Crises {
    /// The types with their names, in a fixed order.
    pub fn all(&self) -> [(&'static str, &CrisisType); 4] {
        [
            ("hybrid", &self.hybrid),
            ("eastern_military", &self.eastern_military),
            ("south", &self.south),
            ("arctic", &self.arctic),
        ]
    }
}

/// How the alliance decides on a crisis.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum DecisionRule {
    /// Unanimity; any member may veto (today's North Atlantic Council).
    Consensus,
    /// Double qualified majority of states and weight; no veto.
    QualifiedMajority,
    /// Coalitions of the willing under the common roof; no vote.
    Coalitions,
}

/// A month or never: when something happens (`"YYYY-MM"` or `"never"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// It does not happen.
    Never,
    /// It happens in this month.
    At(YearMonth),
}

/// When the United States leaves the alliance.
pub type UsExit = When;

impl When {
    /// Whether it has happened by `date` (inclusive).
    pub fn by(self, date: YearMonth) -> bool {
        matches!(self, When::At(m) if m <= date)
    }
}

impl Serialize for When {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            When::Never => s.serialize_str("never"),
            When::At(m) => s.collect_str(m),
        }
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == "never" {
            return Ok(When::Never);
        }
        s.parse()
            .map(When::At)
            .map_err(|e| serde::de::Error::custom(format!("{e}, or \"never\"")))
    }
}

/// A point of a piecewise-linear path.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PathPoint {
    /// Month.
    pub at: YearMonth,
    /// Value from this month on (linear to the next point, flat after the last).
    pub value: f64,
}

/// Evaluates a piecewise-linear path (flat before the first and after the last point).
pub fn path_value(path: &[PathPoint], at: YearMonth) -> f64 {
    let x = at.as_years();
    match path.iter().position(|p| p.at.as_years() > x) {
        None => path.last().map_or(0.0, |p| p.value),
        Some(0) => path[0].value,
        Some(i) => {
            let (a, b) = (&path[i - 1], &path[i]);
            let (xa, xb) = (a.at.as_years(), b.at.as_years());
            a.value + (b.value - a.value) * (x - xa) / (xb - xa)
        }
    }
}

/// The institutional parameters of one model — the only things that differ
/// between models.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    /// The model's name in English, as the CLI and the report show it.
    pub label: String,
    /// The model's name in German; the report falls back to `label` without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_de: Option<String>,
    /// How the alliance decides on a crisis.
    pub decision_rule: DecisionRule,
    /// US leadership claimed, 0–1.
    pub hegemonic_leadership: f64,
    /// When the US leaves the alliance, or never.
    pub us_exit: UsExit,
    /// US troops in Europe over time.
    pub us_troops: Vec<PathPoint>,
    /// US enablers available to the defence over time, 0–1.
    pub us_enablers: Vec<PathPoint>,
    /// US nuclear guarantee credibility, 0–1.
    pub us_nuclear_guarantee: f64,
    /// European procurement integration, 0–1.
    pub procurement_integration: f64,
    /// Competences delegated to the centre (e.g. a European SACEUR), 0–1.
    pub competence_delegation: f64,
    /// Sovereignty cost of the institution, 0–1.
    pub sovereignty_cost: f64,
    /// Qualified majority threshold: share of allies (only under that rule).
    pub qmv_states: f64,
    /// Qualified majority threshold: share of total weight (only under that rule).
    pub qmv_weight: f64,
    // h-inst (issue 10.2, 10.4): building the institution, friction, the
    // European nuclear dimension. Defaulted, so models written before keep working.
    /// When building the institution starts (`never`: it is never built and
    /// the model keeps the institutions it inherits).
    #[serde(default = "default_implementation_start")]
    pub implementation_start: When,
    /// Shortest time to build the institution, years (0 with `implementation_years_max` 0: in force at start).
    #[serde(default)]
    pub implementation_years_min: f64,
    /// Longest time to build the institution, years.
    #[serde(default)]
    pub implementation_years_max: f64,
    /// Probability that the build succeeds (ratification and all).
    #[serde(default = "one")]
    pub implementation_success: f64,
    /// Share of the institution a failed build leaves in place.
    #[serde(default = "half")]
    pub implementation_partial: f64,
    /// The decision rule the model inherits and keeps until the build is complete.
    #[serde(default = "default_inherited_rule")]
    pub inherited_rule: DecisionRule,
    /// Bureaucratic friction: collective decisions take (1 + friction) times as long.
    #[serde(default)]
    pub bureaucratic_friction: f64,
    /// European dimension of French/British deterrence that the institution implies, 0–1.
    #[serde(default)]
    pub european_nuclear_dimension: f64,
    /// Common defence funding of the European allies, EUR bn a year at 2024
    /// prices, on top of national budgets (Bruegel/Kiel: ≥ 250 for European
    /// autonomy); 0 = none (h-spend).
    #[serde(default)]
    pub common_funding_eur_bn: f64,
}

fn default_implementation_start() -> When {
    // 2025-01 is a valid month; `Never` is unreachable.
    YearMonth::new(2025, 1).map_or(When::Never, When::At)
}

fn default_inherited_rule() -> DecisionRule {
    DecisionRule::Consensus
}

fn one() -> f64 {
    1.0
}

fn half() -> f64 {
    0.5
}
