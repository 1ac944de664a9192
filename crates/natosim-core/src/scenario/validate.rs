//! Validation: ranges, orderings and sums that serde cannot check.
//!
//! Types and unknown fields are checked while the layers are read; what is
//! left are the value ranges and the relations between fields. Every problem
//! is collected (not just the first), each with its dotted field path, so a
//! user fixes a file in one pass.

use super::Scenario;
use super::diagnostic::{Diagnostic, DiagnosticKind};
use super::sections::*;
use crate::data::Flank;
use std::fmt;

impl Scenario {
    /// Checks ranges and orderings; returns one diagnostic per problem, with
    /// its field path (the file is filled in by [`Scenario::from_layers`]).
    pub fn validate(&self) -> Vec<Diagnostic> {
        let mut c = Checker::default();
        let m = &self.scenario;
        if m.end < m.start {
            c.fail(
                "scenario.end",
                format!(
                    "{} is before scenario.start = {}; the end must not precede the start",
                    m.end, m.start
                ),
            );
        }
        if m.start.year() < 2024 || m.end.year() > 2100 {
            c.fail(
                "scenario.start",
                "the horizon must lie within 2024-01 … 2100-12".into(),
            );
        }
        c.range_u("scenario.runs", m.runs.into(), 1, super::MAX_RUNS.into());
        // The windows of MODEL.md 8.1 (h-theatres).
        if m.transition_end < m.start || m.transition_end > m.end {
            c.fail(
                "scenario.transition_end",
                format!(
                    "{} lies outside the horizon {} … {}; the transition window must end within it",
                    m.transition_end, m.start, m.end
                ),
            );
        }
        c.range_u(
            "scenario.steady_state_years",
            m.steady_state_years.into(),
            1,
            100,
        );

        let p = &self.perception;
        for (k, v) in [
            ("level_high", p.level_high),
            ("level_medium", p.level_medium),
            ("level_low", p.level_low),
            ("war_risk_weight", p.war_risk_weight),
            ("russia_threat_floor", p.russia_threat_floor),
            ("trust_initial", p.trust_initial),
            ("trust_base", p.trust_base),
            ("trust_presence_weight", p.trust_presence_weight),
            ("trust_leadership_weight", p.trust_leadership_weight),
            ("trust_rate", p.trust_rate),
            ("atlanticist_anchor", p.atlanticist_anchor),
            ("crisis_salience_gain", p.crisis_salience_gain),
            ("crisis_salience_decay", p.crisis_salience_decay),
            ("entrapment_weight", p.entrapment_weight),
        ] {
            c.unit(format_args!("perception.{k}"), v);
        }
        c.range("perception.trust_noise", p.trust_noise, 0.0, 0.5);
        c.range(
            "perception.russia_threat_reference",
            p.russia_threat_reference,
            0.01,
            1.0,
        );
        if !(p.level_low <= p.level_medium && p.level_medium <= p.level_high) {
            c.fail(
                "perception.level_medium",
                "levels must be ordered: level_low ≤ level_medium ≤ level_high".into(),
            );
        }

        let r = &self.russia;
        // Below 1: reconstitution must have somewhere to go for attack feasibility.
        c.range("russia.capability_2025", r.capability_2025, 0.01, 0.99);
        c.range(
            "russia.reconstitution_years_min",
            r.reconstitution_years_min,
            0.0,
            50.0,
        );
        c.range(
            "russia.reconstitution_years_max",
            r.reconstitution_years_max,
            0.0,
            50.0,
        );
        if r.reconstitution_years_max < r.reconstitution_years_min {
            c.fail(
                "russia.reconstitution_years_max",
                "must be ≥ russia.reconstitution_years_min".into(),
            );
        }
        c.unit("russia.concentration", r.concentration);
        c.range("russia.probe_gain", r.probe_gain, 0.0, 100.0);
        c.unit("russia.attack_hazard_max", r.attack_hazard_max);
        c.range("russia.attack_softness", r.attack_softness, 0.001, 10.0);
        c.range("russia.attack_threshold", r.attack_threshold, -10.0, 10.0);
        for (k, v) in [
            ("attack_failure_cost", r.attack_failure_cost),
            ("attack_nuclear_cost", r.attack_nuclear_cost),
            ("attack_sanctions_cost", r.attack_sanctions_cost),
            ("attack_ukraine_cost", r.attack_ukraine_cost),
            ("attack_shaping_gain", r.attack_shaping_gain),
        ] {
            c.range(format_args!("russia.{k}"), v, 0.0, 10.0);
        }

        c.range_u("russia.replanning_months", r.replanning_months, 1, 12);

        let u = &self.us;
        c.range("us.troops_reference", u.troops_reference, 1.0, 1e7);
        c.range("us.reinforcement_troops", u.reinforcement_troops, 0.0, 1e7);
        c.unit("us.reinforcement_share_30d", u.reinforcement_share_30d);
        c.unit("us.political_friction", u.political_friction);
        c.unit("us.europe_budget_share", u.europe_budget_share);

        let s = &self.spending;
        if s.targets.is_empty() {
            c.fail(
                "spending.targets",
                "needs at least one { year, core, related } point".into(),
            );
        }
        for (i, t) in s.targets.iter().enumerate() {
            // NATO's founding year to the end of any plausible horizon; years
            // near ±2³¹ once wrapped in the interpolation.
            c.range(
                format_args!("spending.targets[{i}].year"),
                f64::from(t.year),
                1949.0,
                2200.0,
            );
            c.range(
                format_args!("spending.targets[{i}].core"),
                t.core,
                0.0,
                50.0,
            );
            c.range(
                format_args!("spending.targets[{i}].related"),
                t.related,
                0.0,
                50.0,
            );
            if i > 0 && t.year <= s.targets[i - 1].year {
                c.fail(
                    format_args!("spending.targets[{i}].year"),
                    "years must be strictly increasing".into(),
                );
            }
        }
        c.unit("spending.adjustment_speed", s.adjustment_speed);
        c.range(
            "spending.threat_sensitivity",
            s.threat_sensitivity,
            -20.0,
            20.0,
        );
        c.range("spending.intercept", s.intercept, -20.0, 20.0);
        c.range(
            "spending.abandonment_sensitivity",
            s.abandonment_sensitivity,
            0.0,
            20.0,
        );
        c.range("spending.free_riding", s.free_riding, 0.0, 20.0);
        c.range(
            "spending.small_ally_free_riding",
            s.small_ally_free_riding,
            0.0,
            10.0,
        );
        c.unit("spending.target_pull", s.target_pull);
        c.unit("spending.us_pressure", s.us_pressure);
        c.range("spending.max_increase_pp", s.max_increase_pp, 0.0, 10.0);
        c.range("spending.fiscal_drag", s.fiscal_drag, 0.0, 10.0);
        c.range("spending.max_decrease_pp", s.max_decrease_pp, 0.0, 10.0);
        c.range(
            "spending.gdp_growth_europe",
            s.gdp_growth_europe,
            -10.0,
            10.0,
        );
        c.range(
            "spending.gdp_growth_north_america",
            s.gdp_growth_north_america,
            -10.0,
            10.0,
        );

        // h-spend: fiscal space, related spending, EU instruments, noise.
        c.range("spending.budget_noise", s.budget_noise, 0.0, 5.0);
        c.range("spending.related_initial", s.related_initial, 0.0, 10.0);
        c.unit("spending.related_pull", s.related_pull);
        c.range("spending.fiscal_room_pp", s.fiscal_room_pp, 0.0, 5.0);
        c.range("spending.debt_reference", s.debt_reference, 1.0, 300.0);
        c.range("spending.deficit_reference", s.deficit_reference, 0.1, 20.0);
        c.range("spending.escape_clause_pp", s.escape_clause_pp, 0.0, 10.0);
        c.range(
            "spending.escape_clause_end",
            f64::from(s.escape_clause_end),
            2000.0,
            2200.0,
        );
        c.range(
            "spending.escape_phase_out_years",
            s.escape_phase_out_years,
            0.0,
            50.0,
        );
        c.unit("spending.eu_instruments", s.eu_instruments);
        c.range(
            "spending.safe_loans_eur_bn",
            s.safe_loans_eur_bn,
            0.0,
            10000.0,
        );
        c.range("spending.safe_end", f64::from(s.safe_end), 2025.0, 2200.0);
        c.range("spending.usd_per_eur", s.usd_per_eur, 0.1, 10.0);
        c.unit("spending.common_crowding_out", s.common_crowding_out);
        c.range(
            "spending.common_funding_ramp_years",
            s.common_funding_ramp_years,
            0.0,
            50.0,
        );

        let f = &self.forces;
        c.range_u(
            "forces.procurement_lag_months",
            f.procurement_lag_months.into(),
            0,
            240,
        );
        c.range("forces.build_up_months", f.build_up_months, 1.0, 600.0);
        c.range(
            "forces.integration_efficiency",
            f.integration_efficiency,
            0.0,
            5.0,
        );
        c.unit("forces.european_enabler_rate", f.european_enabler_rate);
        c.per_flank("forces.availability", &f.availability);
        // h-spend: absorption limits.
        c.unit("forces.equipment_share", f.equipment_share);
        c.range(
            "forces.max_industry_growth",
            f.max_industry_growth,
            0.0,
            5.0,
        );
        c.range(
            "forces.max_personnel_growth",
            f.max_personnel_growth,
            0.0,
            5.0,
        );

        let d = &self.deterrence;
        for (k, v) in [
            ("nuclear_weight", d.nuclear_weight),
            ("us_nuclear_form", d.us_nuclear_form),
            ("european_nuclear_base", d.european_nuclear_base),
        ] {
            c.unit(format_args!("deterrence.{k}"), v);
        }
        c.range(
            "deterrence.us_nuclear_presence_exponent",
            d.us_nuclear_presence_exponent,
            0.0,
            10.0,
        );

        let x = &self.decision;
        c.range("decision.base_days", x.base_days, 0.1, 365.0);
        c.range(
            "decision.willingness_speedup",
            x.willingness_speedup,
            0.0,
            10.0,
        );
        c.range("decision.noise_sigma", x.noise_sigma, 0.0, 3.0);
        c.unit("decision.support_threshold", x.support_threshold);
        c.range("decision.support_softness", x.support_softness, 1e-3, 1.0);
        c.unit("decision.solidarity_weight", x.solidarity_weight);
        c.range("decision.veto_scale", x.veto_scale, 0.0, 10.0);
        c.range("decision.hegemon_days", x.hegemon_days, 0.0, 365.0);
        c.range(
            "decision.coalition_overhead_days",
            x.coalition_overhead_days,
            0.0,
            365.0,
        );
        c.unit("decision.delegation_speedup", x.delegation_speedup);
        c.unit("decision.leadership_speedup", x.leadership_speedup);
        c.range("decision.buck_passing", x.buck_passing, 0.0, 10.0);
        c.unit("decision.compliance", x.compliance);
        c.range("decision.max_days", x.max_days, 1.0, 3650.0);
        c.range("decision.political_will_sd", x.political_will_sd, 0.0, 3.0);
        c.range("decision.article5_resolve", x.article5_resolve, -1.0, 1.0);
        c.unit("decision.article5_stakes", x.article5_stakes);
        c.range("decision.delegated_days", x.delegated_days, 0.0, 365.0);
        c.range("decision.bilateral_days", x.bilateral_days, 0.0, 365.0);
        c.unit("decision.acquiescence", x.acquiescence);

        let h = &self.cohesion;
        for (k, v) in [
            ("weight_alignment", h.weight_alignment),
            ("weight_trust", h.weight_trust),
            ("weight_record", h.weight_record),
            ("record_memory", h.record_memory),
            ("position_pull", h.position_pull),
            ("home_pull", h.home_pull),
            ("sovereignty_resistance", h.sovereignty_resistance),
            ("fragmentation_threshold", h.fragmentation_threshold),
            ("fragmentation_hazard_max", h.fragmentation_hazard_max),
            ("exit_hazard_max", h.exit_hazard_max),
        ] {
            c.unit(format_args!("cohesion.{k}"), v);
        }
        c.range("cohesion.position_noise", h.position_noise, 0.0, 0.5);
        c.range("cohesion.leader_weight", h.leader_weight, 0.0, 100.0);
        c.range(
            "cohesion.fragmentation_softness",
            h.fragmentation_softness,
            1e-3,
            1.0,
        );
        c.range("cohesion.exit_softness", h.exit_softness, 1e-3, 1.0);
        c.range_u("cohesion.spin_up_months", h.spin_up_months.into(), 0, 1200);
        let w = h.weight_alignment + h.weight_trust + h.weight_record;
        if (w - 1.0).abs() > 1e-6 {
            c.fail("cohesion.weight_record", format!("weight_alignment + weight_trust + weight_record must sum to 1 (they sum to {w})"));
        }

        for (name, t) in self.crises.all() {
            let p = format!("crises.{name}");
            c.range(
                format_args!("{p}.rate_per_month"),
                t.rate_per_month,
                0.0,
                1.0,
            );
            c.range(format_args!("{p}.required_busd"), t.required_busd, 0.0, 1e5);
            c.range(
                format_args!("{p}.deadline_days"),
                t.deadline_days,
                0.5,
                3650.0,
            );
            c.unit(format_args!("{p}.stakes"), t.stakes);
            c.per_flank(format_args!("{p}.salience"), &t.salience);
        }

        for m in self.models.iter() {
            let inst = &m.institution;
            let p = format!("models.{}", m.id);
            c.unit(
                format_args!("{p}.hegemonic_leadership"),
                inst.hegemonic_leadership,
            );
            c.unit(
                format_args!("{p}.us_nuclear_guarantee"),
                inst.us_nuclear_guarantee,
            );
            c.unit(
                format_args!("{p}.procurement_integration"),
                inst.procurement_integration,
            );
            c.unit(
                format_args!("{p}.competence_delegation"),
                inst.competence_delegation,
            );
            c.unit(format_args!("{p}.sovereignty_cost"), inst.sovereignty_cost);
            c.range(format_args!("{p}.qmv_states"), inst.qmv_states, 0.01, 1.0);
            c.range(format_args!("{p}.qmv_weight"), inst.qmv_weight, 0.01, 1.0);
            c.path(format_args!("{p}.us_troops"), &inst.us_troops, 0.0, 1e7);
            c.path(format_args!("{p}.us_enablers"), &inst.us_enablers, 0.0, 1.0);
            c.range(
                format_args!("{p}.implementation_years_min"),
                inst.implementation_years_min,
                0.0,
                100.0,
            );
            c.range(
                format_args!("{p}.implementation_years_max"),
                inst.implementation_years_max,
                0.0,
                100.0,
            );
            if inst.implementation_years_max < inst.implementation_years_min {
                c.fail(
                    format_args!("{p}.implementation_years_max"),
                    format!("must be ≥ {p}.implementation_years_min"),
                );
            }
            c.unit(
                format_args!("{p}.implementation_success"),
                inst.implementation_success,
            );
            c.unit(
                format_args!("{p}.implementation_partial"),
                inst.implementation_partial,
            );
            c.range(
                format_args!("{p}.bureaucratic_friction"),
                inst.bureaucratic_friction,
                0.0,
                10.0,
            );
            c.unit(
                format_args!("{p}.european_nuclear_dimension"),
                inst.european_nuclear_dimension,
            );
            c.range(
                format_args!("{p}.common_funding_eur_bn"),
                inst.common_funding_eur_bn,
                0.0,
                10000.0,
            );
        }
        self.validate_shocks(&mut c);
        c.problems
    }

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
            c.unit(format_args!("conflicts.{name}.intensity"), intensity);
            if end < start {
                c.fail(
                    format_args!("conflicts.{name}.end"),
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
        c.range("baltic.tier1_days", b.tier1_days, 0.0, 365.0);
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
        // h-campaign (issue 10.1): the stochastic campaign.
        c.range("baltic.light_combat_power", b.light_combat_power, 0.0, 2.0);
        c.range("baltic.obstruction", b.obstruction, 0.0, 1.0);
        c.range("baltic.light_obstruction", b.light_obstruction, 0.0, 2.0);
        for (path, v) in [
            ("baltic.national_heavy_share", b.national_heavy_share),
            ("baltic.forward_heavy_share", b.forward_heavy_share),
            ("baltic.us_heavy_share", b.us_heavy_share),
            ("baltic.european_heavy_share", b.european_heavy_share),
            ("baltic.tier2_share", b.tier2_share),
            ("baltic.culmination", b.culmination),
            ("baltic.russia_readiness_min", b.russia_readiness_min),
            ("baltic.allied_readiness_min", b.allied_readiness_min),
            ("baltic.weather_min", b.weather_min),
        ] {
            c.unit(path, v);
        }
        c.range("baltic.tier2_days", b.tier2_days, b.tier1_days, 365.0);
        c.range("baltic.tier3_days", b.tier3_days, b.tier2_days, 1000.0);
        c.range("baltic.air_attrition", b.air_attrition, 0.0, 10.0);
        c.range("baltic.air_ramp_days", b.air_ramp_days, 0.0, 90.0);
        for (path, v) in [
            ("baltic.concentration_spread", b.concentration_spread),
            ("baltic.lethality_spread", b.lethality_spread),
            ("baltic.exchange_spread", b.exchange_spread),
            ("baltic.mobility_spread", b.mobility_spread),
            ("baltic.fog_spread", b.fog_spread),
        ] {
            c.range(path, v, 0.0, 2.0);
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
            c.unit(format_args!("{p}.entanglement"), o.entanglement);
            c.unit(format_args!("{p}.russia_tied"), o.russia_tied);
            c.range(format_args!("{p}.cost_gdp"), o.cost_gdp, 0.0, 5.0);
            c.range(
                format_args!("{p}.european_brigades"),
                o.european_brigades,
                0.0,
                1000.0,
            );
            c.unit(format_args!("{p}.war_hazard"), o.war_hazard);
        }
        // The ongoing war and what the renewed-war hazard responds to (h-theatres).
        let u = &self.ukraine;
        if u.ceasefire_latest < u.ceasefire_earliest {
            c.fail(
                "ukraine.ceasefire_latest",
                format!(
                    "{} is before ukraine.ceasefire_earliest = {}",
                    u.ceasefire_latest, u.ceasefire_earliest
                ),
            );
        }
        c.range("ukraine.us_support_gain", u.us_support_gain, 0.0, 10.0);
        c.range("ukraine.deterrence_gain", u.deterrence_gain, 0.0, 10.0);
        c.range("ukraine.deal_gain", u.deal_gain, 0.0, 10.0);

        let h = &self.hybrid;
        let mix = h.mix.to_array();
        for (name, (m, s)) in PerHybridKind::NAMES
            .iter()
            .zip(mix.iter().zip(h.severity.to_array()))
        {
            c.unit(format_args!("hybrid.mix.{name}"), *m);
            c.unit(format_args!("hybrid.severity.{name}"), s);
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
        c.range("hybrid.shaping_gain", h.shaping_gain, 0.0, 10.0);
        c.unit("hybrid.shaping_memory", h.shaping_memory);

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
        c.unit("south.logistics_dependence", s.logistics_dependence);
        c.unit("south.european_substitution", s.european_substitution);
        c.range(
            "south.coalition_european_troops",
            s.coalition_european_troops,
            0.0,
            1e6,
        );
        c.range("south.substitution_troops", s.substitution_troops, 0.0, 1e6);
        c.range("south.crisis_brigades", s.crisis_brigades, 0.0, 100.0);
        c.range("south.deployment_months", s.deployment_months, 1.0, 120.0);

        let a = &self.arctic;
        for (path, v) in [
            ("arctic.presence", a.presence),
            ("arctic.rate_damping", a.rate_damping),
            ("arctic.prepositioning", a.prepositioning),
            ("arctic.greenland_damping", a.greenland_damping),
        ] {
            c.unit(path, v);
        }
        c.range("arctic.brigades", a.brigades, 0.0, 100.0);
    }
}

/// Collects validation problems with their field paths.
///
/// Paths are taken as `impl Display` (call sites pass `format_args!`) and
/// turned into text only for a problem: a valid scenario formats none, which
/// made `validate` ≈ 5 times cheaper — it runs once per evaluation of a
/// sensitivity design and once per drawn run (issue 15.3).
#[derive(Default)]
pub(crate) struct Checker {
    problems: Vec<Diagnostic>,
}

impl Checker {
    pub(crate) fn fail(&mut self, path: impl fmt::Display, message: String) {
        self.problems
            .push(Diagnostic::new(DiagnosticKind::InvalidValue, message).at_path(path.to_string()));
    }

    pub(crate) fn range(&mut self, path: impl fmt::Display, v: f64, lo: f64, hi: f64) {
        if !v.is_finite() || v < lo || v > hi {
            self.out_of_range(path, v, lo, hi);
        }
    }

    pub(crate) fn range_u(&mut self, path: impl fmt::Display, v: u64, lo: u64, hi: u64) {
        if v < lo || v > hi {
            self.out_of_range(path, v, lo, hi);
        }
    }

    fn out_of_range(
        &mut self,
        path: impl fmt::Display,
        v: impl fmt::Display,
        lo: impl fmt::Display,
        hi: impl fmt::Display,
    ) {
        self.problems.push(
            Diagnostic::new(DiagnosticKind::OutOfRange, format!("{v} is out of range"))
                .at_path(path.to_string())
                .allowing([format!("{lo} … {hi}")]),
        );
    }

    pub(crate) fn unit(&mut self, path: impl fmt::Display, v: f64) {
        self.range(path, v, 0.0, 1.0);
    }

    pub(crate) fn per_flank(&mut self, path: impl fmt::Display, v: &PerFlank) {
        for (flank, x) in Flank::ALL.iter().zip(v.to_array()) {
            self.unit(format_args!("{path}.{}", flank.name()), x);
        }
    }

    pub(crate) fn path(&mut self, path: impl fmt::Display, points: &[PathPoint], lo: f64, hi: f64) {
        if points.is_empty() {
            self.fail(
                &path,
                "needs at least one { at = \"YYYY-MM\", value = … } point".into(),
            );
        }
        for (i, p) in points.iter().enumerate() {
            self.range(format_args!("{path}[{i}].value"), p.value, lo, hi);
            if i > 0 && p.at <= points[i - 1].at {
                self.fail(
                    format_args!("{path}[{i}].at"),
                    "dates must be strictly increasing".into(),
                );
            }
        }
    }
}
