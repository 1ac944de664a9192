//! natosim-report: charts and a self-contained report, in English and German.
//!
//! * [`compute`] — the numbers: metric summaries, monthly fans and per-member
//!   medians of the four models, from parallel ensembles folded in run order
//!   (byte-identical on any thread count).
//! * [`i18n`] — the translation table (English and German) and number formats.
//! * [`svg`] — hand-written SVG primitives and the Okabe–Ito palette.
//! * [`charts`] — fan charts, the 2014/2024 spending chart, sensitivity bars.
//! * [`map`] — a choropleth of the allies on Natural Earth shapes.
//! * [`members`] — the per-ally table and the study side by side.
//! * [`sensitivity`] — the JSON written by `natosim sensitivity --format json`.
//! * [`assumptions`] — what a scenario changes relative to the defaults.
//! * [`decompose`] — the section on where the differences between models
//!   come from, and the line saying what the intervals carry.
//! * [`html`] — the self-contained HTML page (no scripts, no external resources).
//! * [`png`] — SVG → PNG with resvg and embedded DejaVu fonts.
//! * [`windows`] — the transition and steady-state table.
//!
//! The crate does no file IO: the CLI writes what [`html::build`] returns.

#![warn(missing_docs)]

pub mod assumptions;
pub mod charts;
pub mod compute;
pub mod decompose;
pub mod fuzz;
pub mod html;
pub mod i18n;
pub mod map;
pub mod members;
pub mod png;
pub mod sensitivity;
pub mod svg;
pub mod windows;

pub use charts::Chart;
pub use compute::{ReportData, compute, compute_uncertain};
pub use html::{Report, ReportOptions, build};
pub use i18n::Lang;
pub use map::MapVariable;
pub use sensitivity::Sensitivity;
