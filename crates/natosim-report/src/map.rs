//! A choropleth map of the allies: Europe in Lambert azimuthal equal-area
//! projection (centred 15° E, 52° N) with North America as an inset in the
//! top-left corner (centred 100° W, 50° N).
//!
//! Shapes are Natural Earth 1:50m admin-0 countries (public domain), reduced
//! once by `tools/geo/build_geo.py` to `crates/natosim-report/data/geo/countries.json` and embedded.
//! Each country's outline is defined once per SVG (`<defs>`) and reused per
//! panel with `<use>`; nested `<svg>` viewports clip each panel.

use crate::charts::{Chart, Ctx, wrap};
use crate::svg::{Svg, esc, f, nice_ticks, tick_decimals};
use natosim_core::math;
use serde::{Deserialize, Serialize};
use std::fmt::Write;
use std::sync::OnceLock;

const GEO_JSON: &str = include_str!("../data/geo/countries.json");

#[derive(Deserialize)]
struct GeoFile {
    countries: Vec<GeoCountry>,
}

#[derive(Deserialize)]
struct GeoCountry {
    iso3: String,
    rings: Vec<Vec<f64>>,
}

fn geo() -> &'static [GeoCountry] {
    static GEO: OnceLock<Vec<GeoCountry>> = OnceLock::new();
    GEO.get_or_init(|| {
        serde_json::from_str::<GeoFile>(GEO_JSON)
            .map(|g| g.countries)
            .unwrap_or_default()
    })
}

/// ISO codes of the countries with shapes.
pub fn countries_with_shapes() -> Vec<&'static str> {
    geo().iter().map(|c| c.iso3.as_str()).collect()
}

/// The variable a map shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapVariable {
    /// Simulated threat perception in the final month (median per model).
    Threat,
    /// Observed defence spending 2014, % of GDP.
    Spending2014,
    /// Observed defence spending 2024, % of GDP.
    Spending2024,
    /// Simulated spending in the final year (median per model), % of GDP.
    SpendingFinal,
    /// Simulated trust in the US guarantee in the final month (median per model).
    UsTrust,
    /// Simulated change of spending (% of GDP) from the base year (the 2024
    /// data) to the final year, mean over runs, in the scenario's first
    /// model: one map (the per-ally table gives every model).
    SpendingChange,
}

impl MapVariable {
    /// All variables.
    pub const ALL: [MapVariable; 6] = [
        MapVariable::Threat,
        MapVariable::Spending2014,
        MapVariable::Spending2024,
        MapVariable::SpendingFinal,
        MapVariable::UsTrust,
        MapVariable::SpendingChange,
    ];

    /// The default map: one map of the change of spending (the models'
    /// per-ally maps looked nearly identical; the per-ally table compares them).
    pub const DEFAULT: [MapVariable; 1] = [MapVariable::SpendingChange];

    /// Command-line and file name.
    pub fn id(self) -> &'static str {
        match self {
            MapVariable::Threat => "threat",
            MapVariable::Spending2014 => "spending-2014",
            MapVariable::Spending2024 => "spending-2024",
            MapVariable::SpendingFinal => "spending-final",
            MapVariable::UsTrust => "us-trust",
            MapVariable::SpendingChange => "spending-change",
        }
    }

    /// Parses a name.
    pub fn parse(s: &str) -> Option<MapVariable> {
        MapVariable::ALL.into_iter().find(|v| v.id() == s)
    }

    /// Whether the values come from simulation (one map per model).
    pub fn simulated(self) -> bool {
        matches!(
            self,
            MapVariable::Threat
                | MapVariable::SpendingFinal
                | MapVariable::UsTrust
                | MapVariable::SpendingChange
        )
    }

    fn unit_key(self) -> &'static str {
        match self {
            MapVariable::Threat => "mapunit.threat",
            MapVariable::UsTrust => "mapunit.trust",
            MapVariable::SpendingChange => "mapunit.spending_change",
            _ => "mapunit.spending",
        }
    }

    fn is_spending(self) -> bool {
        matches!(
            self,
            MapVariable::Spending2014 | MapVariable::Spending2024 | MapVariable::SpendingFinal
        )
    }
}

/// Lambert azimuthal equal-area projection (sphere) centred on `(lon0, lat0)`.
#[derive(Clone, Copy, Debug)]
struct Laea {
    lon0: f64,
    sin0: f64,
    cos0: f64,
}

impl Laea {
    fn new(lon0: f64, lat0: f64) -> Laea {
        let p = lat0.to_radians();
        Laea {
            lon0,
            sin0: math::sin(p),
            cos0: math::cos(p),
        }
    }

    fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (l, p) = ((lon - self.lon0).to_radians(), lat.to_radians());
        let k = (2.0 / (1.0 + self.sin0 * math::sin(p) + self.cos0 * math::cos(p) * math::cos(l)))
            .sqrt();
        (
            k * math::cos(p) * math::sin(l),
            -k * (self.cos0 * math::sin(p) - self.sin0 * math::cos(p) * math::cos(l)),
        )
    }
}

/// A projection fitted to a `w` × `h` viewport showing a lon/lat box.
struct Frame {
    proj: Laea,
    scale: f64,
    ox: f64,
    oy: f64,
    w: f64,
    h: f64,
}

impl Frame {
    fn fit(proj: Laea, lon: (f64, f64), lat: (f64, f64), w: f64, h: f64) -> Frame {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for i in 0..=20 {
            let t = f64::from(i) / 20.0;
            for (lo, la) in [
                (lon.0 + t * (lon.1 - lon.0), lat.0),
                (lon.0 + t * (lon.1 - lon.0), lat.1),
                (lon.0, lat.0 + t * (lat.1 - lat.0)),
                (lon.1, lat.0 + t * (lat.1 - lat.0)),
            ] {
                let (x, y) = proj.project(lo, la);
                x0 = x0.min(x);
                x1 = x1.max(x);
                y0 = y0.min(y);
                y1 = y1.max(y);
            }
        }
        let scale = (w / (x1 - x0)).max(h / (y1 - y0));
        // Cover the viewport, centred on the box.
        let ox = w / 2.0 - scale * (x0 + x1) / 2.0;
        let oy = h / 2.0 - scale * (y0 + y1) / 2.0;
        Frame {
            proj,
            scale,
            ox,
            oy,
            w,
            h,
        }
    }

    fn to_px(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x, y) = self.proj.project(lon, lat);
        (self.ox + self.scale * x, self.oy + self.scale * y)
    }

    /// Path data of a country's rings inside the viewport (empty if none is).
    fn path(&self, c: &GeoCountry) -> String {
        let mut d = String::new();
        for ring in &c.rings {
            let pts: Vec<(f64, f64)> = ring
                .chunks_exact(2)
                .map(|p| self.to_px(p[0], p[1]))
                .collect();
            let inside = pts
                .iter()
                .any(|&(x, y)| x > -50.0 && y > -50.0 && x < self.w + 50.0 && y < self.h + 50.0);
            if !inside {
                continue;
            }
            let mut last = String::new();
            for (i, (x, y)) in pts.iter().enumerate() {
                let p = format!("{} {}", f(*x), f(*y));
                if p == last {
                    continue;
                }
                d.push(if i == 0 { 'M' } else { 'L' });
                d.push_str(&p);
                last = p;
            }
            d.push('Z');
        }
        d
    }
}

/// Discrete colour classes: `breaks` separate `breaks.len() + 1` classes.
struct Classes {
    breaks: Vec<f64>,
    colours: Vec<String>,
    decimals: usize,
}

/// Viridis, from its published stops (colour-blind-safe, prints in grey).
const VIRIDIS: [(f64, f64, f64); 9] = [
    (68.0, 1.0, 84.0),
    (71.0, 44.0, 122.0),
    (59.0, 81.0, 139.0),
    (44.0, 113.0, 142.0),
    (33.0, 144.0, 141.0),
    (39.0, 173.0, 129.0),
    (92.0, 200.0, 99.0),
    (170.0, 220.0, 50.0),
    (253.0, 231.0, 37.0),
];

/// `n` colours from light (low) to dark (high): reversed viridis.
fn ramp(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let t = if n == 1 {
                0.5
            } else {
                1.0 - i as f64 / (n - 1) as f64
            };
            let x = t * (VIRIDIS.len() - 1) as f64;
            let k = (x.floor() as usize).min(VIRIDIS.len() - 2);
            let u = x - k as f64;
            let (a, b) = (VIRIDIS[k], VIRIDIS[k + 1]);
            let c = |p: f64, q: f64| (p + (q - p) * u).round() as u8;
            format!("#{:02x}{:02x}{:02x}", c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
        })
        .collect()
}

impl Classes {
    fn for_values(var: MapVariable, values: &[f64]) -> Classes {
        if var == MapVariable::SpendingChange {
            // Diverging at zero: cuts in orange, rises light to dark.
            let breaks = vec![-0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0];
            let mut colours = vec!["#b35806".to_string(), "#f1a340".to_string()];
            colours.extend(ramp(breaks.len() - 1));
            return Classes {
                colours,
                breaks,
                decimals: 1,
            };
        }
        if var.is_spending() {
            let breaks = vec![1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0];
            return Classes {
                colours: ramp(breaks.len() + 1),
                breaks,
                decimals: 1,
            };
        }
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = if lo.is_finite() && hi > lo {
            (lo, hi)
        } else {
            (0.0, 1.0)
        };
        let (_, _, ticks) = nice_ticks(lo, hi, 5);
        let breaks: Vec<f64> = ticks[1..ticks.len().saturating_sub(1).max(1)].to_vec();
        Classes {
            colours: ramp(breaks.len() + 1),
            decimals: tick_decimals(&ticks),
            breaks,
        }
    }

    fn colour(&self, v: f64) -> &str {
        let k = self.breaks.iter().filter(|b| v >= **b).count();
        &self.colours[k]
    }
}

const NON_MEMBER: &str = "#e4e4e4";
const NO_DATA: &str = "#b0b0b0";

/// One panel: a label and the value of each member (`None`: no data).
struct Panel {
    label: Option<(String, String)>,
    values: Vec<(String, Option<f64>)>,
}

#[derive(Serialize)]
struct MapRow<'a> {
    iso3: &'a str,
    name: &'a str,
    variable: &'a str,
    model: &'a str,
    value: Option<f64>,
}

/// A map of `var`: one panel for observed data, one per model for simulated data.
pub fn map_chart(ctx: Ctx<'_>, var: MapVariable) -> Chart {
    let lang = ctx.lang;
    let members = &ctx.dataset.members;
    let mut panels = Vec::new();
    let mut rows = Vec::new();
    if var == MapVariable::SpendingChange {
        use natosim_analysis::workflow::Quantity;
        // Every model's change goes to the CSV; the map shows the first model.
        for (k, m) in ctx.data.models.iter().enumerate() {
            let p = &m.paths;
            let (base, last) = (p.base_year().unwrap_or(0), p.final_year().unwrap_or(0));
            let values: Vec<(String, Option<f64>)> = members
                .iter()
                .map(|mem| {
                    let x = mem.has_armed_forces().then(|| {
                        let at = |y| p.get(&mem.iso3, y, Quantity::SpendingGdp).map(|r| r.mean);
                        Some(at(last)? - at(base)?)
                    });
                    (mem.iso3.clone(), x.flatten().filter(|x| x.is_finite()))
                })
                .collect();
            for (mem, (_, v)) in members.iter().zip(&values) {
                rows.push((mem.iso3.clone(), mem.name.clone(), m.id.id(), *v));
            }
            if k == 0 {
                panels.push(Panel {
                    label: Some((m.label(lang).to_string(), m.colour.clone())),
                    values,
                });
            }
        }
    } else if var.simulated() {
        for m in &ctx.data.models {
            let values: Vec<(String, Option<f64>)> = members
                .iter()
                .zip(&m.members)
                .map(|(mem, v)| {
                    let x = match var {
                        MapVariable::Threat => Some(v.threat),
                        MapVariable::UsTrust if mem.is_us() => None,
                        MapVariable::UsTrust => Some(v.us_trust),
                        _ if !mem.has_armed_forces() => None,
                        _ => Some(v.spending_gdp),
                    };
                    (mem.iso3.clone(), x.filter(|x| x.is_finite()))
                })
                .collect();
            for (mem, (_, v)) in members.iter().zip(&values) {
                rows.push((mem.iso3.clone(), mem.name.clone(), m.id.id(), *v));
            }
            panels.push(Panel {
                label: Some((m.label(lang).to_string(), m.colour.clone())),
                values,
            });
        }
    } else {
        let values: Vec<(String, Option<f64>)> = members
            .iter()
            .map(|m| {
                let v = if var == MapVariable::Spending2014 {
                    m.milex_share_2014
                } else {
                    m.milex_share_2024
                };
                (m.iso3.clone(), v)
            })
            .collect();
        for (mem, (_, v)) in members.iter().zip(&values) {
            rows.push((mem.iso3.clone(), mem.name.clone(), "observed", *v));
        }
        panels.push(Panel {
            label: None,
            values,
        });
    }
    let all: Vec<f64> = panels
        .iter()
        .flat_map(|p| p.values.iter().filter_map(|v| v.1))
        .collect();
    let classes = Classes::for_values(var, &all);

    let title = lang.t(&format!("mapvar.{}", var.id()));
    let multi = panels.len() > 1;
    let (cw, ch) = if multi {
        (435.0, 300.0)
    } else {
        (880.0, 560.0)
    };
    let cols = if multi { 2 } else { 1 };
    let nrows = panels.len().div_ceil(cols);
    let top = 48.0;
    let w = 900.0;
    let h = top + nrows as f64 * (ch + 12.0) + 100.0;
    let mut svg = Svg::new(w, h, &title);
    svg.text(
        20.0,
        28.0,
        &title,
        "start",
        " font-size=\"16\" font-weight=\"bold\"",
    );

    let eu = Frame::fit(Laea::new(15.0, 52.0), (-31.0, 45.0), (34.0, 71.0), cw, ch);
    let (iw, ih) = (cw * 0.28, ch * 0.36);
    let na = Frame::fit(
        Laea::new(-100.0, 50.0),
        (-165.0, -55.0),
        (25.0, 72.0),
        iw,
        ih,
    );
    let pfx = format!("m-{}-{}", var.id(), lang.code());
    let mut defs = String::from("<defs>\n");
    let mut eu_ids = Vec::new();
    let mut na_ids = Vec::new();
    for c in geo() {
        for (frame, ids, tag) in [(&eu, &mut eu_ids, "eu"), (&na, &mut na_ids, "na")] {
            let d = frame.path(c);
            if !d.is_empty() {
                let _ = writeln!(defs, "<path id=\"{pfx}-{tag}-{}\" d=\"{d}\"/>", c.iso3);
                ids.push(c.iso3.as_str());
            }
        }
    }
    defs.push_str("</defs>\n");
    svg.raw(&defs);

    for (k, p) in panels.iter().enumerate() {
        let px = 10.0 + (k % cols) as f64 * (cw + 10.0);
        let py = top + (k / cols) as f64 * (ch + 12.0);
        let fill = |iso: &str| -> String {
            match p.values.iter().find(|(i, _)| i == iso) {
                Some((_, Some(v))) => classes.colour(*v).to_string(),
                Some((_, None)) => NO_DATA.to_string(),
                None => NON_MEMBER.to_string(),
            }
        };
        let mut g = String::new();
        let _ = writeln!(
            g,
            "<svg x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">",
            f(px),
            f(py),
            f(cw),
            f(ch),
            f(cw),
            f(ch)
        );
        let _ = writeln!(
            g,
            "<rect width=\"{}\" height=\"{}\" fill=\"#f4f8fb\"/>",
            f(cw),
            f(ch)
        );
        let _ = writeln!(
            g,
            "<g stroke=\"#ffffff\" stroke-width=\"0.6\" stroke-linejoin=\"round\">"
        );
        for iso in &eu_ids {
            let _ = writeln!(g, "<use href=\"#{pfx}-eu-{iso}\" fill=\"{}\"/>", fill(iso));
        }
        g.push_str("</g>\n");
        // North America inset, bottom left.
        let (ix, iy) = (4.0, 4.0);
        let _ = writeln!(
            g,
            "<svg x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">",
            f(ix),
            f(iy),
            f(iw),
            f(ih),
            f(iw),
            f(ih)
        );
        let _ = writeln!(
            g,
            "<rect width=\"{}\" height=\"{}\" fill=\"#f4f8fb\" stroke=\"#777777\" stroke-width=\"1.5\"/>",
            f(iw),
            f(ih)
        );
        let _ = writeln!(
            g,
            "<g stroke=\"#ffffff\" stroke-width=\"0.5\" stroke-linejoin=\"round\">"
        );
        for iso in &na_ids {
            let _ = writeln!(g, "<use href=\"#{pfx}-na-{iso}\" fill=\"{}\"/>", fill(iso));
        }
        g.push_str("</g>\n</svg>\n");
        let _ = writeln!(
            g,
            "<rect width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#777777\" stroke-width=\"0.8\"/>",
            f(cw),
            f(ch)
        );
        if let Some((label, colour)) = &p.label {
            // Top right, over Russia (not a member).
            let tw = label.chars().count() as f64 * 7.6 + 12.0;
            let _ = writeln!(
                g,
                "<rect x=\"{}\" y=\"4\" width=\"{}\" height=\"20\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>",
                f(cw - 4.0 - tw),
                f(tw)
            );
            let _ = writeln!(
                g,
                "<text x=\"{}\" y=\"18\" text-anchor=\"end\" font-weight=\"bold\" fill=\"{colour}\">{}</text>",
                f(cw - 10.0),
                esc(label)
            );
        }
        g.push_str("</svg>\n");
        svg.raw(&g);
    }

    // Legend.
    let ly = top + nrows as f64 * (ch + 12.0) + 8.0;
    svg.text(20.0, ly + 10.0, &lang.t(var.unit_key()), "start", "");
    let sw = 56.0;
    let lx = 20.0;
    for (i, c) in classes.colours.iter().enumerate() {
        svg.rect(lx + i as f64 * sw, ly + 18.0, sw, 14.0, c, "");
    }
    for (i, b) in classes.breaks.iter().enumerate() {
        let label = if var.is_spending() {
            lang.pct(*b, classes.decimals)
        } else if var == MapVariable::SpendingChange {
            let v = lang.num(*b, classes.decimals);
            if *b > 0.0 { format!("+{v}") } else { v }
        } else {
            lang.num(*b, classes.decimals)
        };
        svg.text(
            lx + (i + 1) as f64 * sw,
            ly + 46.0,
            &label,
            "middle",
            " font-size=\"10.5\"",
        );
    }
    let ex = lx + classes.colours.len() as f64 * sw + 24.0;
    svg.rect(ex, ly + 18.0, 14.0, 14.0, NO_DATA, "");
    svg.text(ex + 20.0, ly + 30.0, &lang.t("map.nodata"), "start", "");
    svg.rect(
        ex + 130.0,
        ly + 18.0,
        14.0,
        14.0,
        NON_MEMBER,
        " stroke=\"#999999\" stroke-width=\"0.5\"",
    );
    svg.text(ex + 150.0, ly + 30.0, &lang.t("map.nonmember"), "start", "");
    let source = format!(
        "{} {}",
        if var.simulated() {
            ctx.sim_source()
        } else {
            lang.t("source.nato")
        },
        lang.t("source.map")
    );
    for (i, line) in wrap(&source, 140).iter().enumerate() {
        svg.text(
            20.0,
            h - 24.0 + i as f64 * 13.0,
            line,
            "start",
            " font-size=\"10.5\" fill=\"#444444\"",
        );
    }
    let mut caption = lang.t("map.caption");
    if multi {
        caption.push(' ');
        caption.push_str(&lang.t("map.caption_models"));
    }
    if var == MapVariable::UsTrust {
        caption.push(' ');
        caption.push_str(&lang.t("map.us_note"));
    }
    if var == MapVariable::SpendingChange {
        let years = ctx
            .data
            .models
            .first()
            .map(|m| {
                (
                    m.paths.base_year().unwrap_or(0),
                    m.paths.final_year().unwrap_or(0),
                )
            })
            .unwrap_or_default();
        caption.push(' ');
        caption.push_str(&lang.fill(
            "map.caption_change",
            &[
                (
                    "model",
                    ctx.data.models.first().map_or("", |m| m.label(lang)),
                ),
                ("base", &years.0.to_string()),
                ("final", &years.1.to_string()),
            ],
        ));
    }
    let mut w_csv = csv::Writer::from_writer(Vec::new());
    for (iso3, name, model, value) in &rows {
        let _ = w_csv.serialize(MapRow {
            iso3,
            name,
            variable: var.id(),
            model,
            value: *value,
        });
    }
    Chart {
        id: format!("map-{}", var.id()),
        title,
        caption,
        source,
        svg: svg.finish(),
        csv: w_csv.into_inner().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_cover_every_member() {
        let d = natosim_core::Dataset::embedded().unwrap();
        let have = countries_with_shapes();
        for m in &d.members {
            assert!(have.contains(&m.iso3.as_str()), "no shape for {}", m.iso3);
        }
        assert!(GEO_JSON.len() < 300_000);
    }

    #[test]
    fn projection_is_centred_and_north_is_up() {
        let p = Laea::new(15.0, 52.0);
        let (x, y) = p.project(15.0, 52.0);
        assert!(x.abs() < 1e-12 && y.abs() < 1e-12);
        assert!(p.project(15.0, 60.0).1 < 0.0, "north is up (negative y)");
        assert!(p.project(25.0, 52.0).0 > 0.0, "east is right");
    }
}
