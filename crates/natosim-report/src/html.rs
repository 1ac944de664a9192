//! Assembles the self-contained HTML report.
//!
//! The document is XHTML-compatible HTML5 (every element closed, no named
//! entities except the XML ones) so that it can be checked with an XML
//! parser; it has no scripts, no external resources and no timestamps: the
//! same inputs give the same bytes.

use crate::assumptions::differences;
use crate::charts::{Chart, Ctx, fan_chart, sensitivity_chart, spending_chart};
use crate::compute::{FanField, ReportData};
use crate::i18n::Lang;
use crate::map::{MapVariable, map_chart};
use crate::sensitivity::Sensitivity;
use crate::svg::esc;
use natosim_core::metrics::{Kind, METRICS};
use natosim_core::{Dataset, Scenario};
use serde::Serialize;
use std::fmt::Write;

/// What to put in the report besides the simulation results.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    /// Language.
    pub lang: Lang,
    /// The scenario as the user named it (shipped name or path), for the
    /// reproduction command.
    pub scenario_arg: String,
    /// Map variables, in order.
    pub map_variables: Vec<MapVariable>,
    /// Sensitivity results with the file names they came from.
    pub sensitivity: Vec<(String, Sensitivity)>,
    /// Whether PNG files are written beside the SVGs: the page links only
    /// files that exist (`--no-png` must not leave dead links).
    pub png: bool,
    /// Decompositions of the gaps between pairs of models (section
    /// "Where the differences come from"); empty: the section says so.
    pub decompositions: Vec<natosim_analysis::workflow::decompose::Decomposition>,
}

/// The finished report: the HTML page and every chart (SVG and CSV).
#[derive(Clone, Debug)]
pub struct Report {
    /// The self-contained HTML document.
    pub html: String,
    /// The charts, in report order.
    pub charts: Vec<Chart>,
    /// The side-by-side table as CSV (`metrics.csv`).
    pub table_csv: Vec<u8>,
    /// Every model's per-ally paths as CSV (`members.csv`).
    pub members_csv: Vec<u8>,
}

const CSS: &str = "
:root { color-scheme: light; }
body { font-family: 'DejaVu Sans', Verdana, Arial, sans-serif; color: #1a1a1a; background: #ffffff; max-width: 1120px; margin: 0 auto; padding: 1.5rem 2rem 3rem; line-height: 1.5; font-size: 15px; }
h1 { font-size: 1.8rem; margin: 0.5rem 0 0.2rem; }
h2 { font-size: 1.35rem; margin-top: 2.4rem; border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem; }
.subtitle { color: #444444; margin-top: 0; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1.2rem; background: #f4f8fb; padding: 0.8rem 1.2rem; border-left: 4px solid #0072B2; }
.meta dt { font-weight: bold; }
.meta dd { margin: 0; }
code { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 0.9em; background: #f2f2f2; padding: 0 0.25em; }
.note { color: #333333; font-style: italic; }
nav ol { columns: 2; }
figure { margin: 1.6rem 0; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 0.92rem; color: #333333; margin-top: 0.4rem; }
figcaption .source { display: block; color: #555555; font-size: 0.85rem; }
figcaption .files a { margin-right: 0.6rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { text-align: left; font-size: 0.92rem; color: #333333; padding-bottom: 0.4rem; }
th, td { border-bottom: 1px solid #dddddd; padding: 0.3rem 0.45rem; vertical-align: top; }
thead th { border-bottom: 2px solid #555555; text-align: right; }
thead th:first-child, thead th:nth-child(2) { text-align: left; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.num .iv { display: block; color: #555555; font-size: 0.85em; }
td.unit { color: #555555; }
tbody th { text-align: left; font-weight: 600; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em; vertical-align: baseline; }
.assumptions td { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 0.85rem; word-break: break-word; }
@media (max-width: 700px) { body { padding: 1rem; } nav ol { columns: 1; } table { font-size: 0.8rem; } }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav, .files { display: none; }
  h2 { break-after: avoid; }
  figure, table, .meta { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
";

fn unit_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Index => "unit.index",
        Kind::Probability => "unit.probability",
        Kind::Days => "unit.days",
        Kind::PercentagePoints => "unit.pp_gdp",
        Kind::PercentGdp => "unit.pct_gdp",
        Kind::UsdBn => "unit.usd_bn",
        Kind::Brigades => "unit.brigades",
        Kind::Troops => "unit.troops",
        Kind::Count => "unit.count",
    }
}

/// A value in the language's number format, with the decimals its kind is
/// shown with everywhere ([`Kind::decimals`], shared with the CLI).
fn fmt_kind(lang: Lang, kind: Kind, v: f64) -> String {
    lang.num(v, kind.decimals())
}

#[derive(Serialize)]
struct TableRow<'a> {
    model: &'a str,
    metric: &'a str,
    mean: f64,
    p05: f64,
    p50: f64,
    p95: f64,
    n: u64,
}

fn figure(out: &mut String, c: &Chart, lang: Lang, png: bool) {
    let _ = write!(
        out,
        "<figure id=\"{id}\" aria-label=\"{t}\">\n{svg}<figcaption><strong>{t}.</strong> {cap}<span class=\"source\">{src}</span><span class=\"files\">{files}: <a href=\"{id}.svg\">SVG</a>{png}<a href=\"{id}.csv\">CSV ({data})</a></span></figcaption>\n</figure>\n",
        id = c.id,
        t = esc(&c.title),
        // Inline SVG takes its namespace from the HTML parser: no URI needed.
        svg = c
            .svg
            .replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1),
        cap = esc(&c.caption),
        src = esc(&c.source),
        files = esc(&lang.t("sec.files")),
        data = esc(&lang.t("files.data")),
        png = if png {
            format!("<a href=\"{}.png\">PNG</a>", c.id)
        } else {
            String::new()
        },
    );
}

/// Best and worst model by a metric's mean: `(best, best value, worst, worst value)`.
fn extremes(data: &ReportData, metric: &str, lang: Lang, kind: Kind) -> [String; 4] {
    let mut v: Vec<(f64, String)> = data
        .models
        .iter()
        .filter_map(|m| {
            m.metric(metric)
                .map(|s| (s.mean, m.label(lang).to_string()))
        })
        .filter(|(x, _)| x.is_finite())
        .collect();
    v.sort_by(|a, b| b.0.total_cmp(&a.0));
    match (v.first(), v.last()) {
        (Some(b), Some(w)) => [
            b.1.clone(),
            fmt_kind(lang, kind, b.0),
            w.1.clone(),
            fmt_kind(lang, kind, w.0),
        ],
        _ => ["–".into(), "–".into(), "–".into(), "–".into()],
    }
}

fn narrative(data: &ReportData, dataset: &Dataset, lang: Lang) -> String {
    let mut out = String::new();
    let para = |out: &mut String, key: &str, e: &[String; 4], extra: &[(&str, &str)]| {
        let mut args = vec![
            ("best", e[0].as_str()),
            ("best_v", e[1].as_str()),
            ("worst", e[2].as_str()),
            ("worst_v", e[3].as_str()),
        ];
        args.extend_from_slice(extra);
        let _ = writeln!(out, "<li>{}</li>", esc(&lang.fill(key, &args)));
    };
    out.push_str("<ul>\n");
    para(
        &mut out,
        "narr.cohesion",
        &extremes(data, "cohesion", lang, Kind::Index),
        &[],
    );
    para(
        &mut out,
        "narr.capacity",
        &extremes(data, "capacity_to_act", lang, Kind::Index),
        &[],
    );
    let pa: Vec<f64> = data
        .models
        .iter()
        .filter_map(|m| m.metric("p_attack").map(|s| s.mean))
        .collect();
    let pa_lo = lang.pct(100.0 * pa.iter().copied().fold(f64::INFINITY, f64::min), 1);
    let pa_hi = lang.pct(
        100.0 * pa.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        1,
    );
    para(
        &mut out,
        "narr.deterrence",
        &extremes(data, "deterrence", lang, Kind::Index),
        &[("pa_lo", &pa_lo), ("pa_hi", &pa_hi)],
    );
    let sp = extremes(data, "europe_spending_gdp_final", lang, Kind::PercentGdp);
    let sp_v: Vec<f64> = data
        .models
        .iter()
        .filter_map(|m| m.metric("europe_spending_gdp_final").map(|s| s.mean))
        .collect();
    let lo = lang.pct(sp_v.iter().copied().fold(f64::INFINITY, f64::min), 2);
    let hi = lang.pct(sp_v.iter().copied().fold(f64::NEG_INFINITY, f64::max), 2);
    let (num, den) = dataset
        .members
        .iter()
        .filter(|m| m.is_european())
        .filter_map(|m| {
            m.milex_share_2024
                .map(|s| (s * m.gdp_2024_busd, m.gdp_2024_busd))
        })
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let start = lang.pct(if den > 0.0 { num / den } else { f64::NAN }, 2);
    let _ = writeln!(
        out,
        "<li>{}</li>",
        esc(&lang.fill(
            "narr.spending",
            &[
                ("lo", &lo),
                ("hi", &hi),
                ("best", &sp[0]),
                ("worst", &sp[2]),
                ("start", &start)
            ]
        ))
    );
    para(
        &mut out,
        "narr.burden",
        &extremes(data, "european_burden_share", lang, Kind::Index),
        &[],
    );
    out.push_str("</ul>\n");
    let _ = writeln!(
        out,
        "<p class=\"note\">{} {}</p>",
        esc(&lang.t("narr.intervals")),
        esc(&lang.t("doc.not_forecast"))
    );
    out
}

fn metrics_table(data: &ReportData, lang: Lang) -> String {
    let mut out = String::from("<table id=\"metrics\">\n");
    let _ = writeln!(out, "<caption>{}</caption>", esc(&lang.t("table.caption")));
    let _ = write!(
        out,
        "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
        esc(&lang.t("table.metric")),
        esc(&lang.t("table.unit"))
    );
    for m in &data.models {
        let _ = write!(
            out,
            "<th scope=\"col\"><span class=\"swatch\" style=\"background:{}\"></span>{}</th>",
            m.colour,
            esc(m.label(lang))
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for info in METRICS {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"unit\">{}</td>",
            esc(&lang.t(&format!("metric.{}", info.name))),
            esc(&lang.t(unit_key(info.kind)))
        );
        for m in &data.models {
            match m.metric(info.name) {
                Some(s) if s.n > 0 => {
                    let _ = write!(
                        out,
                        "<td class=\"num\">{}<span class=\"iv\">{}–{}</span></td>",
                        fmt_kind(lang, info.kind, s.mean),
                        fmt_kind(lang, info.kind, s.p05),
                        fmt_kind(lang, info.kind, s.p95)
                    );
                }
                _ => out.push_str("<td class=\"num\">–</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn assumptions_section(scenario: &Scenario, lang: Lang) -> String {
    let diff = differences(scenario);
    if diff.is_empty() {
        return format!("<p>{}</p>\n", esc(&lang.t("assum.none")));
    }
    let mut out = format!(
        "<p>{}</p>\n<table class=\"assumptions\">\n",
        esc(&lang.t("assum.intro"))
    );
    let _ = writeln!(
        out,
        "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        esc(&lang.t("assum.path")),
        esc(&lang.t("assum.value")),
        esc(&lang.t("assum.default"))
    );
    let absent = lang.t("assum.absent");
    for d in diff {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&d.path),
            esc(d.value.as_deref().unwrap_or(&absent)),
            esc(d.default.as_deref().unwrap_or(&absent))
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// Builds the report from the simulation results.
pub fn build(
    data: &ReportData,
    scenario: &Scenario,
    dataset: &Dataset,
    opts: &ReportOptions,
) -> Report {
    let lang = opts.lang;
    let ctx = Ctx {
        lang,
        data,
        dataset,
    };
    let fans: Vec<Chart> = FanField::ALL.iter().map(|&f| fan_chart(ctx, f)).collect();
    let maps: Vec<Chart> = opts
        .map_variables
        .iter()
        .map(|&v| map_chart(ctx, v))
        .collect();
    let spending = spending_chart(ctx);
    let sens: Vec<Chart> = opts
        .sensitivity
        .iter()
        .enumerate()
        .map(|(i, (file, s))| sensitivity_chart(ctx, s, file, i))
        .collect();

    let mut cmd = format!(
        "natosim report --scenario {} --runs {} --seed {} --lang {}",
        opts.scenario_arg,
        data.runs,
        data.seed,
        lang.code()
    );
    for v in &opts.map_variables {
        let _ = write!(cmd, " --map-variable {}", v.id());
    }
    for (file, _) in &opts.sensitivity {
        let _ = write!(cmd, " --sensitivity {file}");
    }

    let title = lang.t("doc.title");
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<meta name=\"generator\" content=\"natosim {ver}\"/>\n<title>{t} — {sc}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n<h1>{t}</h1>\n<p class=\"subtitle\">{sub}</p>\n",
        code = lang.code(),
        ver = env!("CARGO_PKG_VERSION"),
        t = esc(&title),
        sc = esc(&data.scenario),
        sub = esc(&lang.t("doc.subtitle")),
    );
    let horizon = match (data.months.first(), data.months.last()) {
        (Some(a), Some(b)) => format!("{a} – {b}"),
        _ => "–".into(),
    };
    let _ = write!(
        h,
        "<dl class=\"meta\" aria-label=\"{repro}\">\n<dt>{l_sc}</dt><dd>{sc} (<code>{arg}</code>)</dd>\n<dt>{l_hor}</dt><dd>{horizon}</dd>\n<dt>{l_seed}</dt><dd>{seed}</dd>\n<dt>{l_runs}</dt><dd>{runs}</dd>\n<dt>{l_ver}</dt><dd>{ver}</dd>\n<dt>{l_cmd}</dt><dd><code>{cmd}</code></dd>\n</dl>\n</header>\n",
        repro = esc(&lang.t("doc.repro")),
        l_sc = esc(&lang.t("doc.scenario")),
        sc = esc(&data.scenario),
        arg = esc(&opts.scenario_arg),
        l_hor = esc(&lang.t("doc.horizon")),
        l_seed = esc(&lang.t("doc.seed")),
        seed = data.seed,
        l_runs = esc(&lang.t("doc.runs")),
        runs = lang.num(data.runs as f64, 0),
        l_ver = esc(&lang.t("doc.version")),
        ver = env!("CARGO_PKG_VERSION"),
        l_cmd = esc(&lang.t("doc.command")),
        cmd = esc(&cmd),
    );
    let sections = [
        ("summary", "sec.summary"),
        ("table", "sec.table"),
        ("decompose", "sec.decompose"),
        ("fans", "sec.fans"),
        ("maps", "sec.maps"),
        ("members", "sec.members"),
        ("study", "sec.study"),
        ("spending", "sec.spending"),
        ("sensitivity", "sec.sensitivity"),
        ("assumptions", "sec.assumptions"),
        ("method", "sec.method"),
    ];
    let _ = write!(
        h,
        "<nav aria-label=\"{}\"><h2>{}</h2><ol>",
        esc(&lang.t("doc.contents")),
        esc(&lang.t("doc.contents"))
    );
    for (id, key) in sections {
        let _ = write!(h, "<li><a href=\"#{id}\">{}</a></li>", esc(&lang.t(key)));
    }
    h.push_str("</ol></nav>\n<main>\n");
    let open = |h: &mut String, id: &str, key: &str| {
        let _ = writeln!(h, "<section id=\"{id}\">\n<h2>{}</h2>", esc(&lang.t(key)));
    };
    open(&mut h, "summary", "sec.summary");
    h.push_str(&narrative(data, dataset, lang));
    h.push_str("</section>\n");
    open(&mut h, "table", "sec.table");
    h.push_str(&metrics_table(data, lang));
    h.push_str(&crate::windows::windows_table(data, scenario, lang));
    let _ = writeln!(h, "<p class=\"source\">{}</p>", esc(&ctx.sim_source()));
    let _ = writeln!(
        h,
        "<p class=\"note\" id=\"uncertainty\">{}</p>",
        esc(&crate::decompose::uncertainty_note(&data.uncertainty, lang))
    );
    h.push_str("</section>\n");
    open(&mut h, "decompose", "sec.decompose");
    let label = |id: &str| {
        data.models
            .iter()
            .find(|m| m.id.id() == id)
            .map_or_else(|| id.to_string(), |m| m.label(lang).to_string())
    };
    h.push_str(&crate::decompose::section(
        &opts.decompositions,
        lang,
        &label,
    ));
    h.push_str("</section>\n");
    open(&mut h, "fans", "sec.fans");
    for c in &fans {
        figure(&mut h, c, lang, opts.png);
    }
    h.push_str("</section>\n");
    open(&mut h, "maps", "sec.maps");
    for c in &maps {
        figure(&mut h, c, lang, opts.png);
    }
    h.push_str("</section>\n");
    open(&mut h, "members", "sec.members");
    h.push_str(&crate::members::members_table(data, dataset, lang));
    h.push_str("</section>\n");
    open(&mut h, "study", "sec.study");
    h.push_str(&crate::members::study_table(data, scenario, dataset, lang));
    h.push_str("</section>\n");
    open(&mut h, "spending", "sec.spending");
    figure(&mut h, &spending, lang, opts.png);
    h.push_str("</section>\n");
    open(&mut h, "sensitivity", "sec.sensitivity");
    if sens.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(&lang.t("sens.none")));
    }
    for c in &sens {
        figure(&mut h, c, lang, opts.png);
    }
    h.push_str("</section>\n");
    open(&mut h, "assumptions", "sec.assumptions");
    h.push_str(&assumptions_section(scenario, lang));
    h.push_str("</section>\n");
    open(&mut h, "method", "sec.method");
    for key in [
        "method.model",
        "method.data",
        "method.stats",
        "doc.not_forecast",
        "files.intro",
    ] {
        let _ = writeln!(h, "<p>{}</p>", esc(&lang.t(key)));
    }
    h.push_str("</section>\n</main>\n</body>\n</html>\n");

    let table_csv = {
        let mut w = csv::Writer::from_writer(Vec::new());
        for m in &data.models {
            for (name, s) in &m.metrics {
                let _ = w.serialize(TableRow {
                    model: m.id.id(),
                    metric: name,
                    mean: s.mean,
                    p05: s.p05,
                    p50: s.p50,
                    p95: s.p95,
                    n: s.n,
                });
            }
        }
        w.into_inner().unwrap_or_default()
    };
    let mut charts = fans;
    charts.extend(maps);
    charts.push(spending);
    charts.extend(sens);
    Report {
        html: h,
        charts,
        table_csv,
        members_csv: crate::members::members_csv(data),
    }
}
