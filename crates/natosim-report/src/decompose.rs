//! The report's section on decomposing the differences between models, and
//! the line that says what the intervals carry.
//!
//! For each pair of models the CLI decomposed (by default today's NATO
//! against the European Defence Union and against the toolkit), a table of
//! the headline metrics: the value under each model, the gap and its split
//! into the US posture, US leadership and the institutions (Shapley values
//! over the factorial of hybrid models, `natosim decompose`). The numbers
//! come from `natosim_analysis::workflow::decompose`; this module only
//! renders them.

use crate::i18n::Lang;
use crate::svg::esc;
use natosim_analysis::UncertaintyInfo;
use natosim_analysis::UncertaintyMode;
use natosim_analysis::workflow::decompose::{Decomposition, Interval};
use natosim_core::metrics::{Kind, METRICS};
use natosim_core::scenario::Factor;
use std::fmt::Write;

/// The metrics the report decomposes (the study's headline questions).
pub const METRICS_SHOWN: [&str; 7] = [
    "cohesion",
    "capacity_to_act",
    "deterrence",
    "p_attack",
    "p_fragmentation",
    "us_trust",
    "europe_spending_gdp_final",
];

/// The pairs the report decomposes, when the scenario has both models: the
/// reference first.
pub const PAIRS: [(&str, &str); 2] = [
    ("status-quo", "european-defence-union"),
    ("status-quo", "toolkit"),
];

fn fmt(lang: Lang, kind: Kind, v: f64, signed: bool) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let s = lang.num(v, kind.decimals());
    if signed && v > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{s}")
    } else {
        s
    }
}

fn cell(lang: Lang, kind: Kind, i: &Interval) -> String {
    format!(
        "<td class=\"num\">{}<span class=\"iv\">{}–{}</span></td>",
        fmt(lang, kind, i.mean, true),
        fmt(lang, kind, i.low, false),
        fmt(lang, kind, i.high, false)
    )
}

/// The sentence that says what the report's intervals carry.
pub fn uncertainty_note(info: &UncertaintyInfo, lang: Lang) -> String {
    match info.mode {
        UncertaintyMode::Aleatory => lang.t("unc.aleatory"),
        UncertaintyMode::Combined | UncertaintyMode::Split => {
            let paths: Vec<&str> = info.parameters.iter().map(|p| p.path.as_str()).collect();
            lang.fill(
                "unc.combined",
                &[
                    ("n", &info.parameters.len().to_string()),
                    ("paths", &paths.join(", ")),
                ],
            )
        }
    }
}

/// The HTML of the section's body: an introduction and one table per pair.
pub fn section(
    decompositions: &[Decomposition],
    lang: Lang,
    label: &dyn Fn(&str) -> String,
) -> String {
    let mut out = String::new();
    if decompositions.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", esc(&lang.t("dec.none")));
        return out;
    }
    let _ = writeln!(out, "<p>{}</p>", esc(&lang.t("dec.intro")));
    for (i, d) in decompositions.iter().enumerate() {
        let (a, b) = (label(d.a.id()), label(d.b.id()));
        let _ = writeln!(
            out,
            "<table class=\"decompose\" id=\"decompose-{i}\">\n<caption>{}</caption>",
            esc(&lang.fill(
                "dec.caption",
                &[
                    ("a", &a),
                    ("b", &b),
                    ("runs", &lang.num(d.runs as f64, 0)),
                    ("hybrids", &d.hybrids.to_string()),
                ]
            ))
        );
        let _ = write!(
            out,
            "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
            esc(&lang.t("table.metric")),
            esc(&a),
            esc(&b),
            esc(&lang.t("dec.gap"))
        );
        for f in Factor::ALL {
            let _ = write!(
                out,
                "<th scope=\"col\">{}</th>",
                esc(&lang.t(&format!("dec.{}", f.name())))
            );
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for info in METRICS.iter().filter(|m| METRICS_SHOWN.contains(&m.name)) {
            let Some(m) = d.metric(info.name) else {
                continue;
            };
            let _ = write!(
                out,
                "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td>{}",
                esc(&lang.t(&format!("metric.{}", info.name))),
                fmt(lang, info.kind, m.a, false),
                fmt(lang, info.kind, m.b, false),
                cell(lang, info.kind, &m.gap)
            );
            for c in &m.contributions {
                let differs = d.factors.iter().any(|f| f.factor == c.factor && f.differs);
                if differs {
                    out.push_str(&cell(lang, info.kind, &c.shapley));
                } else {
                    let _ = write!(out, "<td class=\"num\">{}</td>", esc(&lang.t("dec.same")));
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(&lang.t("dec.method")));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use natosim_analysis::ensemble::EnsembleOptions;
    use natosim_analysis::workflow::decompose::{DecomposeSettings, decompose};
    use natosim_analysis::{Progress, UncertaintyMode};
    use natosim_core::explore::ExplorationSpec;
    use natosim_core::{Dataset, ModelId, Scenario};

    #[test]
    fn a_table_per_pair_with_every_factor_in_both_languages() {
        let (s, d) = (Scenario::defaults(), Dataset::embedded().unwrap());
        let dec = decompose(
            &s,
            &ExplorationSpec::default(),
            &d,
            &DecomposeSettings {
                a: ModelId::status_quo(),
                b: ModelId::toolkit(),
                opts: EnsembleOptions { seed: 1, runs: 8 },
                uncertainty: UncertaintyMode::Aleatory,
            },
            &Progress::none(),
        )
        .unwrap();
        for lang in Lang::ALL {
            let html = section(std::slice::from_ref(&dec), lang, &|id| id.to_string());
            assert!(!html.contains('⟦'), "{html}");
            assert_eq!(html.matches("<table").count(), 1);
            assert_eq!(
                html.matches("<tr><th scope=\"row\">").count(),
                METRICS_SHOWN.len()
            );
            assert!(html.contains("toolkit"));
        }
        assert!(section(&[], Lang::En, &|id| id.to_string()).contains("<p>"));
    }
}
