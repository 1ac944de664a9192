//! The report's charts: fan charts over time, the 2014/2024 spending
//! dumbbell chart and the sensitivity bar chart. Each returns a [`Chart`]:
//! standalone SVG plus the CSV of the data it shows.

use crate::compute::{FanField, ReportData};
use crate::i18n::Lang;
use crate::sensitivity::{Indices, Method, Sensitivity, importance};
use crate::svg::{OKABE_ITO, Scale, Svg, nice_ticks, tick_decimals};
use natosim_core::Dataset;
use serde::Serialize;

/// One chart: its file stem, title, caption, source line, SVG and data.
#[derive(Clone, Debug)]
pub struct Chart {
    /// File stem (`fan-cohesion` → `fan-cohesion.svg/.png/.csv`).
    pub id: String,
    /// Title.
    pub title: String,
    /// Caption (what is shown, how to read it).
    pub caption: String,
    /// Source line.
    pub source: String,
    /// The standalone SVG document.
    pub svg: String,
    /// The data behind the chart, as CSV (language-independent).
    pub csv: Vec<u8>,
}

/// What every chart needs to know about the run.
#[derive(Clone, Copy, Debug)]
pub struct Ctx<'a> {
    /// Language.
    pub lang: Lang,
    /// The simulation results.
    pub data: &'a ReportData,
    /// The reference dataset.
    pub dataset: &'a Dataset,
}

impl Ctx<'_> {
    /// The simulation source line.
    pub fn sim_source(&self) -> String {
        self.lang.fill(
            "source.sim",
            &[
                ("version", env!("CARGO_PKG_VERSION")),
                ("scenario", &self.data.scenario),
                ("seed", &self.data.seed.to_string()),
                ("runs", &self.lang.num(self.data.runs as f64, 0)),
            ],
        )
    }
}

/// The colour of the model at `position` in the scenario's order. The study's
/// four come first (Okabe–Ito blue, orange, bluish green, reddish purple),
/// then the rest of the Okabe–Ito palette that reads on white (sky blue,
/// vermillion), then hues a golden angle apart at a fixed saturation and
/// lightness: deterministic for any number of models.
pub fn model_colour(position: usize) -> String {
    const ORDER: [usize; 6] = [5, 1, 3, 7, 2, 6];
    match ORDER.get(position) {
        Some(&i) => OKABE_ITO[i].to_string(),
        None => {
            let hue = ((position - ORDER.len()) as f64 * 137.507_764 + 20.0) % 360.0;
            hsl_hex(hue, 0.6, 0.42)
        }
    }
}

/// `#rrggbb` of a colour given as hue (degrees), saturation and lightness (0–1).
fn hsl_hex(h: f64, s: f64, l: f64) -> String {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = c * (1.0 - ((h / 60.0) % 2.0 - 1.0).abs());
    let m = l - c / 2.0;
    let (r, g, b) = match (h / 60.0) as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    format!("#{:02X}{:02X}{:02X}", byte(r), byte(g), byte(b))
}

const TITLE: &str = " font-size=\"16\" font-weight=\"bold\"";
const SMALL: &str = " font-size=\"10.5\" fill=\"#444444\"";

fn csv_bytes<T: Serialize>(rows: impl IntoIterator<Item = T>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        // Serialising plain structs into memory cannot fail.
        let _ = w.serialize(r);
    }
    w.into_inner().unwrap_or_default()
}

/// Wraps `s` into lines of at most `width` characters.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in s.split(' ') {
        let last = lines.last_mut().map(|l| l.chars().count()).unwrap_or(0);
        if last > 0 && last + 1 + word.chars().count() > width {
            lines.push(String::new());
        }
        let l = lines.last_mut().expect("non-empty");
        if !l.is_empty() {
            l.push(' ');
        }
        l.push_str(word);
    }
    lines
}

fn source_lines(svg: &mut Svg, y: f64, x: f64, text: &str, width: usize) {
    for (i, line) in wrap(text, width).iter().enumerate() {
        svg.text(x, y + i as f64 * 13.0, line, "start", SMALL);
    }
}

/// Runs of consecutive finite points.
fn segments(pts: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for &(x, y) in pts {
        if y.is_finite() {
            out.last_mut().expect("non-empty").push((x, y));
        } else if !out.last().expect("non-empty").is_empty() {
            out.push(Vec::new());
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

#[derive(Serialize)]
struct FanRow<'a> {
    model: &'a str,
    month: String,
    field: &'a str,
    p05: f64,
    p25: f64,
    p50: f64,
    p75: f64,
    p95: f64,
}

/// A fan chart of one field: one panel per model, two to a row (2 × 2 for
/// the study's four; the chart grows by a row for every two more).
pub fn fan_chart(ctx: Ctx<'_>, field: FanField) -> Chart {
    let lang = ctx.lang;
    let data = ctx.data;
    let title = lang.t(&format!("fan.{}.title", field.id()));
    // Panel size of the 2 × 2 layout; more rows add to the height.
    let rows = data.models.len().div_ceil(2).max(2);
    let (w, h0) = (900.0, 620.0);
    let ph0 = (h0 - 75.0 - 75.0 - 55.0) / 2.0;
    let h = h0 + (rows - 2) as f64 * (ph0 + 55.0);
    let mut svg = Svg::new(w, h, &title);
    svg.text(20.0, 28.0, &title, "start", TITLE);
    // Legend.
    let ly = 50.0;
    svg.rect(
        20.0,
        ly - 9.0,
        22.0,
        10.0,
        "#000000",
        " fill-opacity=\"0.15\"",
    );
    svg.text(48.0, ly, &lang.t("legend.band90"), "start", "");
    svg.rect(
        150.0,
        ly - 9.0,
        22.0,
        10.0,
        "#000000",
        " fill-opacity=\"0.35\"",
    );
    svg.text(178.0, ly, &lang.t("legend.band50"), "start", "");
    svg.line(280.0, ly - 4.0, 302.0, ly - 4.0, "#000000", 2.2, "");
    svg.text(308.0, ly, &lang.t("legend.median"), "start", "");

    // Shared y range over all models.
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for m in &data.models {
        for q in &m.fan(field).q {
            if q[0].is_finite() {
                lo = lo.min(q[0]);
                hi = hi.max(q[4]);
            }
        }
    }
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.05).max(1e-3);
    let (y0, y1, ticks) = nice_ticks((lo - pad).max(0.0), hi + pad, 5);
    let dec = tick_decimals(&ticks);
    let n = data.months.len().max(2);

    let (left, top, gap_x, gap_y) = (75.0, 75.0, 45.0, 55.0);
    let pw = (w - left - 25.0 - gap_x) / 2.0;
    let ph = ph0;
    // y-axis label, rotated, for the whole chart.
    let axis = lang.t(&format!("fan.{}.axis", field.id()));
    svg.raw(&format!(
        "<text transform=\"translate(18 {}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n",
        crate::svg::f(top + (rows as f64 * (ph + gap_y) - gap_y) / 2.0),
        crate::svg::esc(&axis)
    ));
    for (k, m) in data.models.iter().enumerate() {
        let px = left + (k % 2) as f64 * (pw + gap_x);
        let py = top + (k / 2) as f64 * (ph + gap_y);
        let xs = Scale {
            d0: 0.0,
            d1: (n - 1) as f64,
            p0: px,
            p1: px + pw,
        };
        let ys = Scale {
            d0: y0,
            d1: y1,
            p0: py + ph,
            p1: py,
        };
        let colour = m.colour.as_str();
        svg.text(
            px,
            py - 8.0,
            m.label(lang),
            "start",
            &format!(" font-weight=\"bold\" fill=\"{colour}\""),
        );
        // Grid and y ticks.
        for &t in &ticks {
            let y = ys.at(t);
            svg.line(px, y, px + pw, y, "#e0e0e0", 1.0, "");
            svg.text(px - 5.0, y + 4.0, &lang.num(t, dec), "end", SMALL);
        }
        // x ticks: every second January.
        for (t, month) in data.months.iter().enumerate() {
            if month.month() == 1 && (month.year() - data.months[0].year()) % 2 == 0 {
                let x = xs.at(t as f64);
                svg.line(x, py + ph, x, py + ph + 4.0, "#555555", 1.0, "");
                svg.text(
                    x,
                    py + ph + 16.0,
                    &month.year().to_string(),
                    "middle",
                    SMALL,
                );
            }
        }
        let fan = m.fan(field);
        let pts = |i: usize| -> Vec<(f64, f64)> {
            fan.q
                .iter()
                .enumerate()
                .map(|(t, q)| {
                    (
                        xs.at(t as f64),
                        if q[i].is_finite() {
                            ys.at(q[i])
                        } else {
                            f64::NAN
                        },
                    )
                })
                .collect()
        };
        for (lo_i, hi_i, op) in [(0, 4, "0.18"), (1, 3, "0.38")] {
            let (a, b) = (pts(lo_i), pts(hi_i));
            for (sa, sb) in segments(&a).iter().zip(segments(&b).iter()) {
                let mut poly = sb.clone();
                poly.extend(sa.iter().rev());
                svg.polygon(&poly, colour, &format!(" fill-opacity=\"{op}\""));
            }
        }
        // Other models' medians, thin grey.
        for other in &data.models {
            if other.id != m.id {
                let o = other.fan(field);
                let p: Vec<(f64, f64)> =
                    o.q.iter()
                        .enumerate()
                        .map(|(t, q)| {
                            (
                                xs.at(t as f64),
                                if q[2].is_finite() {
                                    ys.at(q[2])
                                } else {
                                    f64::NAN
                                },
                            )
                        })
                        .collect();
                for s in segments(&p) {
                    svg.polyline(&s, "#8c8c8c", 0.9, "");
                }
            }
        }
        for s in segments(&pts(2)) {
            svg.polyline(&s, colour, 2.2, "");
        }
        svg.rect(
            px,
            py,
            pw,
            ph,
            "none",
            " stroke=\"#555555\" stroke-width=\"0.8\"",
        );
    }
    svg.text(
        left + pw + gap_x / 2.0,
        h - 42.0,
        &lang.t("axis.year"),
        "middle",
        "",
    );
    let source = ctx.sim_source();
    source_lines(&mut svg, h - 18.0, 20.0, &source, 140);

    let csv = csv_bytes(data.models.iter().flat_map(|m| {
        let fan = m.fan(field);
        data.months
            .iter()
            .zip(&fan.q)
            .map(move |(month, q)| FanRow {
                model: m.id.id(),
                month: month.to_string(),
                field: field.id(),
                p05: q[0],
                p25: q[1],
                p50: q[2],
                p75: q[3],
                p95: q[4],
            })
    }));
    let mut caption = lang.t("fan.caption");
    if field == FanField::CapacityToAct {
        caption.push(' ');
        caption.push_str(&lang.t("fan.capacity_note"));
    }
    Chart {
        id: format!("fan-{}", field.id().replace('_', "-")),
        title,
        caption,
        source,
        svg: svg.finish(),
        csv,
    }
}

#[derive(Serialize)]
struct SpendRow<'a> {
    iso3: &'a str,
    name: &'a str,
    share_2014: Option<f64>,
    share_2024: Option<f64>,
}

/// Each ally's spending share 2014 and 2024 (dumbbells), sorted by 2024, with the 2 % line.
pub fn spending_chart(ctx: Ctx<'_>) -> Chart {
    let lang = ctx.lang;
    let mut members: Vec<_> = ctx.dataset.members.iter().collect();
    members.sort_by(|a, b| {
        let key = |m: &natosim_core::data::Member| m.milex_share_2024.unwrap_or(-1.0);
        key(b).total_cmp(&key(a)).then(a.iso3.cmp(&b.iso3))
    });
    let row = 17.0;
    let (top, left) = (80.0, 190.0);
    let h = top + row * members.len() as f64 + 80.0;
    let w = 820.0;
    let title = lang.t("spend.title");
    let mut svg = Svg::new(w, h, &title);
    svg.text(20.0, 28.0, &title, "start", TITLE);
    let (c14, c24) = (OKABE_ITO[1], OKABE_ITO[5]);
    svg.circle(26.0, 50.0, 5.0, c14, "");
    svg.text(36.0, 54.0, "2014", "start", "");
    svg.circle(96.0, 50.0, 5.0, c24, "");
    svg.text(106.0, 54.0, "2024", "start", "");
    svg.line(
        166.0,
        50.0,
        190.0,
        50.0,
        "#000000",
        1.5,
        " stroke-dasharray=\"5 3\"",
    );
    svg.text(196.0, 54.0, &lang.t("spend.target"), "start", "");
    let max = members
        .iter()
        .flat_map(|m| [m.milex_share_2014, m.milex_share_2024])
        .flatten()
        .fold(2.0f64, f64::max);
    let (_, x1, ticks) = nice_ticks(0.0, max, 6);
    let xs = Scale {
        d0: 0.0,
        d1: x1,
        p0: left,
        p1: w - 30.0,
    };
    let bottom = top + row * members.len() as f64;
    for &t in &ticks {
        let x = xs.at(t);
        svg.line(x, top - 6.0, x, bottom, "#e6e6e6", 1.0, "");
        svg.text(
            x,
            bottom + 16.0,
            &lang.pct(t, tick_decimals(&ticks)),
            "middle",
            SMALL,
        );
    }
    svg.text(
        (left + w - 30.0) / 2.0,
        bottom + 34.0,
        &lang.t("spend.axis"),
        "middle",
        "",
    );
    let x2 = xs.at(2.0);
    svg.line(
        x2,
        top - 10.0,
        x2,
        bottom,
        "#000000",
        1.5,
        " stroke-dasharray=\"5 3\"",
    );
    for (i, m) in members.iter().enumerate() {
        let y = top + row * (i as f64 + 0.5);
        svg.text(
            left - 10.0,
            y + 4.0,
            &lang.country(&m.iso3, &m.name),
            "end",
            "",
        );
        match (m.milex_share_2014, m.milex_share_2024) {
            (Some(a), Some(b)) => {
                svg.line(xs.at(a), y, xs.at(b), y, "#9e9e9e", 2.0, "");
                svg.circle(xs.at(a), y, 4.5, c14, "");
                svg.circle(xs.at(b), y, 4.5, c24, "");
            }
            _ => svg.text(
                left + 4.0,
                y + 4.0,
                &lang.t("spend.noforces"),
                "start",
                SMALL,
            ),
        }
    }
    let source = lang.t("source.nato");
    source_lines(&mut svg, h - 22.0, 20.0, &source, 125);
    let csv = csv_bytes(ctx.dataset.members.iter().map(|m| SpendRow {
        iso3: &m.iso3,
        name: &m.name,
        share_2014: m.milex_share_2014,
        share_2024: m.milex_share_2024,
    }));
    Chart {
        id: "spending-2014-2024".into(),
        title,
        caption: lang.t("spend.caption"),
        source,
        svg: svg.finish(),
        csv,
    }
}

#[derive(Serialize)]
struct SensRow<'a> {
    name: &'a str,
    group: Option<&'a str>,
    s1: Option<f64>,
    s1_conf: Option<f64>,
    st: Option<f64>,
    st_conf: Option<f64>,
    mu_star: Option<f64>,
    mu_star_conf: Option<f64>,
    mu: Option<f64>,
    sigma: Option<f64>,
}

/// Most influential parameters shown.
const TOP: usize = 15;

/// `None` for an undefined (NaN) measure: an empty CSV cell, no whisker.
fn defined(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

/// A horizontal bar chart of sensitivity indices (`index` numbers the chart's file).
pub fn sensitivity_chart(ctx: Ctx<'_>, s: &Sensitivity, file: &str, index: usize) -> Chart {
    let lang = ctx.lang;
    let metric = lang.t(&format!("metric.{}", s.metric));
    let metric = if metric.starts_with('⟦') {
        s.metric.clone()
    } else {
        metric
    };
    let model = ctx
        .data
        .models
        .iter()
        .find(|m| m.id.id() == s.model)
        .map_or(s.model.clone(), |m| m.label(lang).to_string());
    let title = lang.fill("sens.title", &[("metric", &metric), ("model", &model)]);
    let mut params: Vec<_> = s.parameters.iter().collect();
    params.sort_by(|a, b| {
        importance(b)
            .total_cmp(&importance(a))
            .then(a.name.cmp(&b.name))
    });
    params.truncate(TOP);
    let sobol = s.method == Method::Sobol;
    let row = if sobol { 30.0 } else { 22.0 };
    let (top, left, w) = (80.0, 300.0, 900.0);
    let bottom = top + row * params.len().max(1) as f64;
    let h = bottom + 80.0;
    let mut svg = Svg::new(w, h, &title);
    svg.text(20.0, 28.0, &title, "start", TITLE);
    let (c_st, c_s1) = (OKABE_ITO[5], OKABE_ITO[1]);
    if sobol {
        svg.rect(20.0, 42.0, 14.0, 10.0, c_st, "");
        svg.text(40.0, 51.0, &lang.t("sens.st"), "start", "");
        svg.rect(260.0, 42.0, 14.0, 10.0, c_s1, "");
        svg.text(280.0, 51.0, &lang.t("sens.s1"), "start", "");
    } else {
        svg.rect(20.0, 42.0, 14.0, 10.0, c_st, "");
        svg.text(40.0, 51.0, &lang.t("sens.mu_star"), "start", "");
    }
    // Undefined measures (NaN, written as null: a metric with no variance)
    // draw no bar but say so, so that they never read as an index of 0.
    let z = |v: f64| if v.is_nan() { 0.0 } else { v };
    let undefined = lang.t("sens.no_variance");
    let max = params
        .iter()
        .flat_map(|p| match &p.indices {
            Indices::Sobol(i) => vec![z(i.st) + z(i.st_conf), z(i.s1) + z(i.s1_conf)],
            Indices::Morris(i) => vec![z(i.mu_star) + z(i.mu_star_conf)],
        })
        .fold(if sobol { 0.1 } else { 1e-9 }, f64::max);
    let (_, x1, ticks) = nice_ticks(0.0, max, 5);
    let xs = Scale {
        d0: 0.0,
        d1: x1,
        p0: left,
        p1: w - 30.0,
    };
    let dec = tick_decimals(&ticks);
    for &t in &ticks {
        let x = xs.at(t);
        svg.line(x, top - 4.0, x, bottom, "#e6e6e6", 1.0, "");
        svg.text(x, bottom + 16.0, &lang.num(t, dec), "middle", SMALL);
    }
    let axis = lang.t(if sobol {
        "sens.axis_sobol"
    } else {
        "sens.axis_morris"
    });
    svg.text((left + w - 30.0) / 2.0, bottom + 34.0, &axis, "middle", "");
    let bar = |svg: &mut Svg, y: f64, v: f64, conf: f64, colour: &str, bh: f64| {
        if v.is_nan() {
            svg.text(xs.at(0.0) + 6.0, y + bh - 2.0, &undefined, "start", SMALL);
            return;
        }
        let (v, conf) = (z(v), defined(conf));
        svg.rect(
            xs.at(0.0),
            y,
            xs.at(v.max(0.0)) - xs.at(0.0),
            bh,
            colour,
            "",
        );
        if let Some(c) = conf {
            let (a, b) = (xs.at((v - c).max(0.0)), xs.at(v + c));
            let cy = y + bh / 2.0;
            svg.line(a, cy, b, cy, "#000000", 1.2, "");
            svg.line(a, cy - 3.0, a, cy + 3.0, "#000000", 1.2, "");
            svg.line(b, cy - 3.0, b, cy + 3.0, "#000000", 1.2, "");
        }
    };
    for (i, p) in params.iter().enumerate() {
        let y = top + row * i as f64;
        svg.text(left - 8.0, y + row / 2.0 + 4.0, &p.name, "end", "");
        match &p.indices {
            Indices::Sobol(i) => {
                bar(&mut svg, y + 3.0, i.st, i.st_conf, c_st, 11.0);
                bar(&mut svg, y + 15.0, i.s1, i.s1_conf, c_s1, 11.0);
            }
            Indices::Morris(i) => bar(&mut svg, y + 4.0, i.mu_star, i.mu_star_conf, c_st, 14.0),
        }
    }
    svg.line(
        xs.at(0.0),
        top - 4.0,
        xs.at(0.0),
        bottom,
        "#555555",
        1.0,
        "",
    );
    let source = lang.fill("sens.source", &[("scenario", &s.scenario), ("file", file)]);
    source_lines(&mut svg, h - 20.0, 20.0, &source, 140);
    let method = if sobol { "Sobol" } else { "Morris" };
    let caption = lang.fill(
        if sobol {
            "sens.caption_sobol"
        } else {
            "sens.caption_morris"
        },
        &[
            ("n", &params.len().to_string()),
            ("method", method),
            ("samples", &lang.num(s.samples as f64, 0)),
            ("seed", &s.seed.to_string()),
        ],
    );
    let csv = csv_bytes(s.parameters.iter().map(|p| {
        let mut row = SensRow {
            name: &p.name,
            group: p.group.as_deref(),
            s1: None,
            s1_conf: None,
            st: None,
            st_conf: None,
            mu_star: None,
            mu_star_conf: None,
            mu: None,
            sigma: None,
        };
        match &p.indices {
            Indices::Sobol(i) => {
                row.s1 = defined(i.s1);
                row.s1_conf = defined(i.s1_conf);
                row.st = defined(i.st);
                row.st_conf = defined(i.st_conf);
            }
            Indices::Morris(i) => {
                row.mu_star = defined(i.mu_star);
                row.mu_star_conf = defined(i.mu_star_conf);
                row.mu = defined(i.mu);
                row.sigma = defined(i.sigma);
            }
        }
        row
    }));
    Chart {
        id: format!("sensitivity-{}", index + 1),
        title,
        caption,
        source,
        svg: svg.finish(),
        csv,
    }
}
