//! Entry point for fuzzing the sensitivity JSON the report reads (see
//! `natosim_core::fuzz` for the scheme: cargo-fuzz targets in `fuzz/` and a
//! stable corpus-replay test call the same pure function).

use crate::sensitivity::{importance, parse};
use crate::svg::{MAX_TICKS, nice_ticks, tick_decimals};

/// A sensitivity result file: parsed, and if it is accepted, its measures
/// ranked and put on an axis the way the chart does (which once looped
/// forever on an index of 1e308).
pub fn sensitivity(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(s) = parse("fuzz.json", text) else {
        return;
    };
    let max = s.parameters.iter().map(importance).fold(0.1, f64::max);
    let (_, _, ticks) = nice_ticks(0.0, max, 5);
    assert!(!ticks.is_empty() && ticks.len() <= MAX_TICKS);
    let _ = tick_decimals(&ticks);
}
