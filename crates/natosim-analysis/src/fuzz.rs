//! Entry point for fuzzing the `--where` expression parser (see
//! `natosim_core::fuzz` for the scheme: cargo-fuzz targets in `fuzz/` and a
//! stable corpus-replay test call the same pure function).

use crate::workflow::discover::Condition;

/// A `--where` expression: parsed, and if it parses its threshold is finite
/// and it reads back to an equal condition from its own display.
pub fn condition(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(c) = Condition::parse(text) {
        assert!(c.value.is_finite(), "{text:?} gave {}", c.value);
        let again = Condition::parse(&c.to_string()).expect("a parsed condition reads back");
        assert_eq!(again, c);
        let _ = (c.holds(0.0), c.holds(f64::NAN));
    }
}
