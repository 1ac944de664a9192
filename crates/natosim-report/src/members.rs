//! The report's per-ally section (each ally's spending and trust in the
//! final year, per model, with intervals; `members.csv` with every model,
//! ally, year and quantity) and the study side by side (the judgements of
//! `natosim_analysis::judgements`, evaluated on the report's own numbers).

use crate::compute::ReportData;
use crate::i18n::Lang;
use crate::svg::esc;
use natosim_analysis::judgements::{
    Evidence, Verdict, evaluate, judgements, number, subject_label,
};
use natosim_analysis::workflow::Quantity;
use natosim_core::metrics::{Kind, Metric};
use natosim_core::{Dataset, Scenario};
use serde::Serialize;
use std::fmt::Write;

impl Evidence for ReportData {
    fn metric(&self, model: &str, metric: Metric) -> Option<f64> {
        self.models
            .iter()
            .find(|m| m.id.id() == model)?
            .metric(metric.name())
            .map(|s| s.mean)
    }

    fn member(&self, model: &str, iso3: &str, q: Quantity) -> Option<f64> {
        let p = &self.models.iter().find(|m| m.id.id() == model)?.paths;
        p.get(iso3, p.final_year()?, q).map(|r| r.mean)
    }
}

fn cell(lang: Lang, kind: Kind, mean: f64, iv: Option<(f64, f64)>) -> String {
    if !mean.is_finite() {
        return "<td class=\"num\">–</td>".into();
    }
    let v = lang.num(mean, kind.decimals());
    match iv {
        Some((lo, hi)) => format!(
            "<td class=\"num\">{v}<span class=\"iv\">{}–{}</span></td>",
            lang.num(lo, kind.decimals()),
            lang.num(hi, kind.decimals())
        ),
        None => format!("<td class=\"num\">{v}</td>"),
    }
}

/// The per-ally table: spending in the base year and, per model, spending
/// (with its 90 % interval) and trust in the US guarantee in the final year.
pub fn members_table(data: &ReportData, dataset: &Dataset, lang: Lang) -> String {
    let Some(first) = data.models.first() else {
        return String::new();
    };
    let (base, last) = (
        first.paths.base_year().unwrap_or(0),
        first.paths.final_year().unwrap_or(0),
    );
    let mut out = String::from("<table id=\"members-table\">\n");
    let _ = writeln!(
        out,
        "<caption>{}</caption>",
        esc(&lang.fill(
            "members.caption",
            &[("base", &base.to_string()), ("final", &last.to_string())]
        ))
    );
    let _ = write!(
        out,
        "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
        esc(&lang.t("members.ally")),
        esc(&lang.fill("members.spending_base", &[("base", &base.to_string())]))
    );
    for key in ["members.spending_final", "members.trust_final"] {
        for m in &data.models {
            let _ = write!(
                out,
                "<th scope=\"col\"><span class=\"swatch\" style=\"background:{}\"></span>{}<br/>{}</th>",
                m.colour,
                esc(&lang.t(key)),
                esc(m.label(lang))
            );
        }
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for mem in &dataset.members {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", esc(&mem.name));
        let b = first
            .paths
            .get(&mem.iso3, base, Quantity::SpendingGdp)
            .map_or(f64::NAN, |r| r.mean);
        out.push_str(&cell(lang, Kind::PercentGdp, b, None));
        for m in &data.models {
            let r = m.paths.get(&mem.iso3, last, Quantity::SpendingGdp);
            out.push_str(&match r {
                Some(r) if r.n > 0 => cell(lang, Kind::PercentGdp, r.mean, Some((r.p05, r.p95))),
                _ => cell(lang, Kind::PercentGdp, f64::NAN, None),
            });
        }
        for m in &data.models {
            let r = m.paths.get(&mem.iso3, last, Quantity::UsTrust);
            out.push_str(&match r {
                Some(r) if r.n > 0 => cell(lang, Kind::Index, r.mean, None),
                _ => cell(lang, Kind::Index, f64::NAN, None),
            });
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    let _ = writeln!(
        out,
        "<p class=\"note\">{}</p>",
        esc(&lang.t("members.note"))
    );
    out
}

#[derive(Serialize)]
struct MemberCsvRow<'a> {
    model: &'a str,
    iso3: &'a str,
    year: i32,
    quantity: &'static str,
    mean: f64,
    p05: f64,
    p50: f64,
    p95: f64,
    n: u64,
}

/// `members.csv`: every model, ally, year and quantity (the CSV of
/// `natosim members` for each model, stacked).
pub fn members_csv(data: &ReportData) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for m in &data.models {
        for r in &m.paths.rows {
            let _ = w.serialize(MemberCsvRow {
                model: m.id.id(),
                iso3: &r.iso3,
                year: r.year,
                quantity: r.quantity.name(),
                mean: r.mean,
                p05: r.p05,
                p50: r.p50,
                p95: r.p95,
                n: r.n,
            });
        }
    }
    w.into_inner().unwrap_or_default()
}

/// The study side by side: each judgement, the rule, natosim's values and
/// the verdict, evaluated on this report's numbers.
pub fn study_table(
    data: &ReportData,
    scenario: &Scenario,
    dataset: &Dataset,
    lang: Lang,
) -> String {
    let js = match judgements() {
        Ok(js) => js,
        Err(e) => return format!("<p>{}</p>\n", esc(&e.to_string())),
    };
    let label = |s: &str| subject_label(scenario, dataset, s);
    let rows = evaluate(&js, data, &label);
    let count = |v| rows.iter().filter(|e| e.verdict == v).count().to_string();
    let mut out = format!(
        "<p>{}</p>\n<table id=\"study-table\">\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        esc(&lang.fill(
            "study.intro",
            &[
                ("agree", &count(Verdict::Agrees)),
                ("disagree", &count(Verdict::Disagrees)),
                ("nc", &count(Verdict::NotComparable)),
            ]
        )),
        esc(&lang.t("study.about")),
        esc(&lang.t("study.says")),
        esc(&lang.t("study.rule")),
        esc(&lang.t("study.gives")),
        esc(&lang.t("study.verdict")),
    );
    for (k, e) in rows.iter().enumerate() {
        let values = if e.lhs.is_finite() && e.rhs.is_finite() {
            format!("{} vs {}", number(e.lhs), number(e.rhs))
        } else {
            "–".into()
        };
        let verdict_key = match e.verdict {
            Verdict::Agrees => "study.agrees",
            Verdict::Disagrees => "study.disagrees",
            Verdict::NotComparable => "study.not_comparable",
        };
        let mut verdict = format!("<strong>{}</strong>", esc(&lang.t(verdict_key)));
        if e.input {
            let _ = write!(verdict, " ({})", esc(&lang.t("study.input")));
        }
        if !e.note.is_empty() {
            let _ = write!(verdict, ": {}", esc(&e.note));
        }
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td>{} ({})</td><td>{} <q lang=\"de\">{}</q> ({})</td><td><code>{}</code></td><td class=\"num\">{}</td><td>{}</td></tr>",
            k + 1,
            esc(&e.subject_label),
            esc(&e.topic),
            esc(&e.claim),
            esc(&e.quote),
            esc(&e.section),
            esc(e.rule.as_deref().unwrap_or("–")),
            esc(&values),
            verdict
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}
