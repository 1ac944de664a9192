//! The report built from the shipped baseline: well-formed, self-contained,
//! deterministic, the same numbers in English and German, renderable to PNG.

mod common;

use common::{has_colour, png_stats, report};
use natosim_report::Lang;
use quick_xml::events::Event;

fn well_formed(doc: &str) -> Result<usize, String> {
    let mut reader = quick_xml::Reader::from_str(doc);
    reader.config_mut().check_end_names = true;
    let mut elements = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return Ok(elements),
            Ok(Event::Start(_)) | Ok(Event::Empty(_)) => elements += 1,
            Ok(_) => {}
            Err(e) => {
                let at = reader.buffer_position() as usize;
                let from = at.saturating_sub(120);
                return Err(format!("{e} near: {}", &doc[from..at.min(doc.len())]));
            }
        }
    }
}

#[test]
fn html_and_svgs_are_well_formed() {
    for lang in Lang::ALL {
        let r = report(lang);
        let n = well_formed(&r.html).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        assert!(n > 1000, "a real document: {n} elements");
        assert!(r.html.starts_with("<!DOCTYPE html>\n<html lang=\""));
        assert!(r.html.contains(&format!("<html lang=\"{}\">", lang.code())));
        for c in &r.charts {
            well_formed(&c.svg).unwrap_or_else(|e| panic!("{}: {e}", c.id));
            assert!(
                c.svg.contains("<title>") && c.svg.contains("aria-label="),
                "{}",
                c.id
            );
            assert!(!c.csv.is_empty(), "{}", c.id);
        }
        for tag in [
            "<figure",
            "<figcaption>",
            "<table id=\"metrics\">",
            "@media print",
        ] {
            assert!(r.html.contains(tag), "{tag}");
        }
    }
}

#[test]
fn html_is_self_contained_and_static() {
    for lang in Lang::ALL {
        let html = report(lang).html;
        let lower = html.to_lowercase();
        for bad in [
            "http://", "https://", "<script", "@import", "<link", "<iframe", "<img",
        ] {
            assert!(!lower.contains(bad), "{lang:?}: contains {bad}");
        }
        // url( only to fragments of the document itself.
        for (i, _) in lower.match_indices("url(") {
            assert!(
                lower[i + 4..]
                    .trim_start_matches(['\'', '"'])
                    .starts_with('#'),
                "external url( at {i}"
            );
        }
        for attr in ["href=\"", "src=\""] {
            for (i, _) in lower.match_indices(attr) {
                let v: String = lower[i + attr.len()..]
                    .chars()
                    .take_while(|c| *c != '"')
                    .collect();
                assert!(!v.contains("//") && !v.contains(':'), "{lang:?}: {attr}{v}");
            }
        }
        assert!(
            !html.contains('⟦'),
            "{lang:?}: a translation key is missing"
        );
    }
}

#[test]
fn the_report_is_deterministic() {
    let (a, b) = (report(Lang::De), report(Lang::De));
    assert_eq!(a.html, b.html);
    for (x, y) in a.charts.iter().zip(&b.charts) {
        assert_eq!(x.svg, y.svg);
        assert_eq!(x.csv, y.csv);
    }
    assert!(
        !a.html.contains("2026-") && !a.html.contains("2025-11"),
        "no dates of generation"
    );
}

/// The numbers in the metrics table, normalised to a decimal point.
fn table_numbers(html: &str, lang: Lang) -> Vec<f64> {
    let start = html.find("<table id=\"metrics\">").unwrap();
    let end = start + html[start..].find("</table>").unwrap();
    let mut out = Vec::new();
    for cell in html[start..end].split("<td class=\"num\">").skip(1) {
        let cell = &cell[..cell.find("</td>").unwrap()];
        let text = cell
            .replace("<span class=\"iv\">", " ")
            .replace("</span>", " ");
        let norm = match lang {
            Lang::En => text.replace(',', ""),
            Lang::De => text.replace('.', "").replace(',', "."),
        };
        for tok in norm.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')) {
            if let Ok(v) = tok.parse::<f64>() {
                out.push(v);
            }
        }
    }
    out
}

#[test]
fn english_and_german_differ_in_text_not_in_numbers() {
    let (en, de) = (report(Lang::En), report(Lang::De));
    let (ne, nd) = (
        table_numbers(&en.html, Lang::En),
        table_numbers(&de.html, Lang::De),
    );
    assert!(ne.len() >= 4 * 15 * 3 - 12, "{} numbers", ne.len());
    assert_eq!(ne, nd);
    assert_ne!(en.html, de.html);
    for word in [
        "Kohäsion",
        "Handlungsfähigkeit",
        "Abschreckung",
        "Lastenteilung",
        "Bedrohungswahrnehmung",
        "Verteidigungsausgaben",
        "NATO als Baukasten",
        "Europäische Verteidigungsunion",
    ] {
        assert!(de.html.contains(word), "German report lacks {word}");
    }
    for word in [
        "Cohesion",
        "Capacity to act",
        "Deterrence",
        "NATO as a toolkit",
    ] {
        assert!(en.html.contains(word), "English report lacks {word}");
    }
    // Chart data are language-independent.
    for (a, b) in en.charts.iter().zip(&de.charts) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.csv, b.csv, "{}", a.id);
    }
    assert_eq!(en.table_csv, de.table_csv);
}

#[test]
fn the_report_states_how_to_reproduce_it() {
    let html = report(Lang::En).html;
    for s in [
        "Baseline",
        "20250601",
        &format!("{}", common::RUNS),
        env!("CARGO_PKG_VERSION"),
        "natosim report --scenario baseline",
    ] {
        assert!(html.contains(s), "{s}");
    }
    // The baseline only changes metadata relative to the defaults, if anything.
    assert!(html.contains("id=\"assumptions\""));
}

#[test]
fn sensitivity_charts_show_sobol_and_morris() {
    let r = report(Lang::En);
    let sobol = r
        .charts
        .iter()
        .find(|c| c.id == "sensitivity-1")
        .expect("sobol chart");
    let morris = r
        .charts
        .iter()
        .find(|c| c.id == "sensitivity-2")
        .expect("morris chart");
    assert!(sobol.svg.contains("russia.reconstitution_years_min"));
    assert!(sobol.svg.contains("total-order"));
    assert!(morris.svg.contains("μ*"));
    let first = sobol.svg.find("russia.reconstitution_years_min").unwrap();
    let last = sobol.svg.find("decision.max_days").unwrap();
    assert!(first < last, "sorted by total-order index");
    assert!(natosim_report::sensitivity::parse("x", "{\"scenario\":\"b\"}").is_err());
}

#[test]
fn charts_render_to_non_blank_pngs_with_the_model_colours() {
    let r = report(Lang::De);
    for c in r.charts.iter().filter(|c| {
        c.id == "fan-cohesion" || c.id == "map-spending-2014" || c.id == "spending-2014-2024"
    }) {
        let png = natosim_report::png::render(&c.svg, 1.0).unwrap();
        let (non_white, distinct, px) = png_stats(&png);
        assert!(
            non_white > px.len() / 20,
            "{}: {non_white} of {} pixels drawn",
            c.id,
            px.len()
        );
        assert!(distinct > 20, "{}: {distinct} colours", c.id);
        if c.id == "fan-cohesion" {
            for colour in ["#0072B2", "#E69F00", "#009E73", "#CC79A7"] {
                assert!(has_colour(&px, colour, 12), "{}: {colour} missing", c.id);
            }
        }
    }
    // PNG rendering is deterministic.
    let c = &r.charts[0];
    assert_eq!(
        natosim_report::png::render(&c.svg, 1.0).unwrap(),
        natosim_report::png::render(&c.svg, 1.0).unwrap()
    );
}
