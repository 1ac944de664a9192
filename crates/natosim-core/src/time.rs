//! Calendar months: the engine's time step.
//!
//! Scenarios write dates as `"YYYY-MM"`; internally a [`YearMonth`] is a month
//! count since year 0, which makes interpolation and differences trivial.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar month, e.g. `2025-01`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth(i32);

impl YearMonth {
    /// Builds a month from a year and a month number in `1..=12`.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        (1..=12)
            .contains(&month)
            .then(|| Self(year * 12 + month as i32 - 1))
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// The month number in `1..=12`.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// The month `n` months later (earlier if negative).
    pub fn plus(self, n: i32) -> Self {
        Self(self.0 + n)
    }

    /// Whole months from `earlier` to `self` (negative if `self` is earlier).
    pub fn months_since(self, earlier: YearMonth) -> i32 {
        self.0 - earlier.0
    }

    /// Years as a real number (`2025-07` is 2025.5), for interpolation.
    pub fn as_years(self) -> f64 {
        self.0 as f64 / 12.0
    }
}

/// A text that is not a `YYYY-MM` month (it holds the text).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a month; write it as \"YYYY-MM\", e.g. \"2025-01\"")]
pub struct ParseMonthError(pub String);

impl std::str::FromStr for YearMonth {
    type Err = ParseMonthError;
    fn from_str(s: &str) -> Result<Self, ParseMonthError> {
        let bad = || ParseMonthError(s.to_string());
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let y: i32 = y.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        YearMonth::new(y, m).ok_or_else(bad)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        let m: YearMonth = "2035-12".parse().unwrap();
        assert_eq!((m.year(), m.month()), (2035, 12));
        assert_eq!(m.to_string(), "2035-12");
        assert_eq!(m.plus(1).to_string(), "2036-01");
        let a: YearMonth = "2025-01".parse().unwrap();
        assert_eq!(m.months_since(a), 131);
    }

    #[test]
    fn rejects_malformed_months() {
        for bad in ["2025", "2025-13", "2025-00", "25-01", "2025-1", "x-01"] {
            assert!(bad.parse::<YearMonth>().is_err(), "{bad}");
        }
    }
}
