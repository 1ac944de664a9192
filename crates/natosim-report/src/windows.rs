//! The transition and steady-state table (docs/MODEL.md 8.1): the windowed
//! metrics of [`WINDOW_PAIRS`] side by side for every model, so that a
//! temporary window of risk is not read as a permanent property of a model.

use crate::compute::ReportData;
use crate::i18n::Lang;
use crate::svg::esc;
use natosim_core::Scenario;
use natosim_core::metrics::WINDOW_PAIRS;
use std::fmt::Write as _;

/// The windows' months as `first … last` (transition) and the same for the
/// steady state, from the scenario's settings.
pub fn window_bounds(scenario: &Scenario) -> (String, String) {
    let m = &scenario.scenario;
    let months = scenario.months() as i32;
    let end_len = (12 * m.steady_state_years as i32).min(months);
    let end_from = m.start.plus(months - end_len);
    (
        format!("{} … {}", m.start, m.transition_end),
        format!("{} … {}", end_from, m.end),
    )
}

/// A `<h3>`, an introduction and a table: one row per window pair, per
/// model two cells (transition, end) with the ensemble mean and its 90 %
/// interval.
pub fn windows_table(data: &ReportData, scenario: &Scenario, lang: Lang) -> String {
    let (transition, end) = window_bounds(scenario);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<h3 id=\"windows\">{}</h3>",
        esc(&lang.t("windows.title"))
    );
    let _ = writeln!(
        out,
        "<p>{}</p>",
        esc(&lang.fill(
            "windows.intro",
            &[("transition", &transition), ("end", &end)]
        ))
    );
    out.push_str("<table id=\"windows-table\">\n<thead><tr><th scope=\"col\"></th>");
    for m in &data.models {
        let _ = write!(
            out,
            "<th scope=\"col\" colspan=\"2\"><span class=\"swatch\" style=\"background:{}\"></span>{}</th>",
            m.colour,
            esc(m.label(lang))
        );
    }
    out.push_str("</tr>\n<tr><th scope=\"col\"></th>");
    for _ in &data.models {
        let _ = write!(
            out,
            "<th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
            esc(&lang.t("windows.transition")),
            esc(&lang.t("windows.end"))
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (label, first, last) in WINDOW_PAIRS {
        let key = format!("windows.{}", label.replace(' ', "_"));
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", esc(&lang.t(&key)));
        for m in &data.models {
            for metric in [first, last] {
                let kind = metric.info().kind;
                match m.metric(metric.name()) {
                    Some(s) if s.n > 0 => {
                        let _ = write!(
                            out,
                            "<td class=\"num\">{}<span class=\"iv\">{}–{}</span></td>",
                            lang.num(s.mean, kind.decimals()),
                            lang.num(s.p05, kind.decimals()),
                            lang.num(s.p95, kind.decimals())
                        );
                    }
                    _ => out.push_str("<td class=\"num\">–</td>"),
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_has_a_label_in_both_languages() {
        for (label, _, _) in WINDOW_PAIRS {
            let key = format!("windows.{}", label.replace(' ', "_"));
            assert!(!Lang::En.t(&key).starts_with('⟦'), "{key}");
            assert!(!Lang::De.t(&key).starts_with('⟦'), "{key}");
        }
    }

    #[test]
    fn bounds_follow_the_scenario() {
        let mut s = Scenario::defaults();
        assert_eq!(
            window_bounds(&s),
            (
                "2025-01 … 2030-12".to_string(),
                "2033-01 … 2035-12".to_string()
            )
        );
        s.scenario.steady_state_years = 50;
        assert_eq!(window_bounds(&s).1, "2025-01 … 2035-12");
    }
}
