//! SVG primitives: an append-only document builder, escaping, the Okabe–Ito
//! palette, linear scales and "nice" axis ticks.
//!
//! Charts are hand-written SVG rather than a plotting crate: the output is
//! small, byte-deterministic (every coordinate is printed with one decimal),
//! carries accessibility markup (`<title>`, `role`, `aria-label`) and needs no
//! system fonts; resvg renders the same text to PNG.

use natosim_core::math;
use std::fmt::Write;

/// Okabe–Ito colour-blind-safe palette: black, orange, sky blue, bluish green,
/// yellow, blue, vermillion, reddish purple.
pub const OKABE_ITO: [&str; 8] = [
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
];

/// Font stack used in every chart; DejaVu Sans is embedded for PNG rendering.
pub const FONT: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

/// Escapes text for XML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A coordinate with one decimal (deterministic, compact).
pub fn f(x: f64) -> String {
    let v = (x * 10.0).round() / 10.0;
    if v == v.trunc() {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

/// An SVG document under construction.
#[derive(Debug)]
pub struct Svg {
    body: String,
    width: f64,
    height: f64,
}

impl Svg {
    /// A new document of `width` × `height` user units with an accessible
    /// `title` (also used as `aria-label`) and a white background.
    pub fn new(width: f64, height: f64, title: &str) -> Svg {
        let mut body = String::new();
        let _ = write!(
            body,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{t}\" font-family=\"{FONT}\" font-size=\"12\">\n<title>{t}</title>\n<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n",
            w = f(width),
            h = f(height),
            t = esc(title),
        );
        Svg {
            body,
            width,
            height,
        }
    }

    /// Width in user units.
    pub fn width(&self) -> f64 {
        self.width
    }

    /// Height in user units.
    pub fn height(&self) -> f64 {
        self.height
    }

    /// Appends raw markup.
    pub fn raw(&mut self, s: &str) {
        self.body.push_str(s);
    }

    /// A line.
    #[allow(clippy::too_many_arguments)]
    pub fn line(
        &mut self,
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        stroke: &str,
        width: f64,
        extra: &str,
    ) {
        let _ = writeln!(
            self.body,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"{extra}/>",
            f(x1),
            f(y1),
            f(x2),
            f(y2),
            f(width)
        );
    }

    /// A rectangle.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, extra: &str) {
        let _ = writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"{extra}/>",
            f(x),
            f(y),
            f(w.max(0.0)),
            f(h.max(0.0))
        );
    }

    /// A circle.
    pub fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: &str, extra: &str) {
        let _ = writeln!(
            self.body,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\"{extra}/>",
            f(cx),
            f(cy),
            f(r)
        );
    }

    /// Text; `anchor` is `start`, `middle` or `end`.
    pub fn text(&mut self, x: f64, y: f64, s: &str, anchor: &str, extra: &str) {
        let _ = writeln!(
            self.body,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\"{extra}>{}</text>",
            f(x),
            f(y),
            esc(s)
        );
    }

    /// A polyline through `pts`.
    pub fn polyline(&mut self, pts: &[(f64, f64)], stroke: &str, width: f64, extra: &str) {
        let d = path_d(pts, false);
        if !d.is_empty() {
            let _ = writeln!(
                self.body,
                "<path d=\"{d}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{}\" stroke-linejoin=\"round\"{extra}/>",
                f(width)
            );
        }
    }

    /// A closed, filled polygon.
    pub fn polygon(&mut self, pts: &[(f64, f64)], fill: &str, extra: &str) {
        let d = path_d(pts, true);
        if !d.is_empty() {
            let _ = writeln!(self.body, "<path d=\"{d}\" fill=\"{fill}\"{extra}/>");
        }
    }

    /// The finished document.
    pub fn finish(mut self) -> String {
        self.body.push_str("</svg>\n");
        self.body
    }
}

/// Path data through `pts` (`M … L …`, `Z` if `close`).
pub fn path_d(pts: &[(f64, f64)], close: bool) -> String {
    let mut d = String::new();
    for (i, (x, y)) in pts.iter().enumerate() {
        d.push(if i == 0 { 'M' } else { 'L' });
        d.push_str(&f(*x));
        d.push(' ');
        d.push_str(&f(*y));
    }
    if close && !d.is_empty() {
        d.push('Z');
    }
    d
}

/// A linear map from a data interval to a pixel interval.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    /// Data interval.
    pub d0: f64,
    /// Data interval end.
    pub d1: f64,
    /// Pixel interval start.
    pub p0: f64,
    /// Pixel interval end.
    pub p1: f64,
}

impl Scale {
    /// Maps a data value to pixels.
    pub fn at(&self, v: f64) -> f64 {
        self.p0 + (v - self.d0) / (self.d1 - self.d0) * (self.p1 - self.p0)
    }
}

/// Most ticks [`nice_ticks`] returns, whatever it is asked for.
pub const MAX_TICKS: usize = 50;

/// "Nice" ticks covering `[lo, hi]` with about `n` steps: the rounded range and the ticks.
///
/// Terminates and returns at most [`MAX_TICKS`] finite ticks for ANY input:
/// NaN or infinite ends fall back to the finite one (or `[0, 1]`), reversed
/// ends are swapped, ranges too wide for `f64` arithmetic are narrowed, and a
/// range too narrow to step through at its magnitude is widened. (A
/// sensitivity file with an index of 1e308 once made the tick loop of this
/// function run forever: `∞ − ∞` stepped by `NaN` never passes its end.)
pub fn nice_ticks(lo: f64, hi: f64, n: usize) -> (f64, f64, Vec<f64>) {
    // Step ≤ 2 · span and the rounded ends lie within a step of the data:
    // with |ends| ≤ MAX/16 every tick stays below MAX/2.
    const BIG: f64 = f64::MAX / 16.0;
    let (lo, hi) = match (lo.is_finite(), hi.is_finite()) {
        (true, true) => (lo, hi),
        (true, false) => (lo, lo + 1.0),
        (false, true) => (hi - 1.0, hi),
        (false, false) => (0.0, 1.0),
    };
    let (lo, hi) = if hi < lo { (hi, lo) } else { (lo, hi) };
    let (lo, hi) = (lo.clamp(-BIG, BIG), hi.clamp(-BIG, BIG));
    let n = n.clamp(1, MAX_TICKS - 2);
    // A step below ~1e-12 of the ends' magnitude would not move a tick.
    let span = (hi - lo).max(lo.abs().max(hi.abs()) * 1e-12).max(1e-9);
    let raw = span / n as f64;
    let mag = math::pow(10f64, math::log10(raw).floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).floor() * step;
    let end = (hi / step).ceil() * step;
    if !(step.is_finite() && step > 0.0 && start.is_finite() && end.is_finite()) {
        return (lo, hi, vec![lo, hi]);
    }
    // The count is computed, not searched for, and bounded.
    let count = (((end - start) / step).round().max(0.0) as usize).min(MAX_TICKS - 1);
    let ticks = (0..=count)
        .map(|k| ((start + k as f64 * step) / step).round() * step)
        .collect();
    (start, end, ticks)
}

/// Decimals needed to print ticks spaced `step` apart.
pub fn tick_decimals(ticks: &[f64]) -> usize {
    let step = if ticks.len() > 1 {
        (ticks[1] - ticks[0]).abs()
    } else {
        1.0
    };
    let mut d = 0;
    while d < 4
        && ((step * 10f64.powi(d as i32)).round() - step * 10f64.powi(d as i32)).abs() > 1e-6
    {
        d += 1;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice_and_cover_the_range() {
        let (lo, hi, t) = nice_ticks(0.13, 0.87, 5);
        assert!(lo <= 0.13 && hi >= 0.87);
        assert_eq!(t.first().copied(), Some(lo));
        assert_eq!(tick_decimals(&t), 1);
    }

    /// Issue 14, defect 1: every input terminates with a few finite ticks.
    #[test]
    fn ticks_terminate_for_any_input() {
        let odd = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            1e-320,
            1e-300,
            1e300,
            1e308,
            -1e308,
            f64::MAX,
            -f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            1e300 + 1.0,
        ];
        for &lo in &odd {
            for &hi in &odd {
                for n in [0, 1, 5, usize::MAX] {
                    let (a, b, t) = nice_ticks(lo, hi, n);
                    assert!(
                        !t.is_empty() && t.len() <= MAX_TICKS,
                        "{lo} {hi} {n}: {}",
                        t.len()
                    );
                    assert!(a.is_finite() && b.is_finite(), "{lo} {hi} {n}");
                    assert!(t.iter().all(|x| x.is_finite()), "{lo} {hi} {n}: {t:?}");
                    let _ = tick_decimals(&t);
                }
            }
        }
    }

    #[test]
    fn escaping_and_coordinates() {
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(f(1.04), "1");
        assert_eq!(f(-2.25), "-2.3");
    }
}
