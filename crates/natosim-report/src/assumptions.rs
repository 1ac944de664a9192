//! The assumptions a scenario changes: the parameters whose values differ
//! from [`Scenario::defaults`], one row per parameter of the core's
//! parameter registry ([`natosim_core::params`]) — the same declarations
//! that exploration resolves uncertainties and levers against.

use natosim_core::Scenario;
use natosim_core::params;

/// One differing parameter: its path and both values as they would be
/// written in a scenario file (`None` where one side lacks the element, e.g.
/// a shorter array).
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// Path, e.g. `russia.reconstitution_years_min` or
    /// `models.toolkit.us_troops[1].value`.
    pub path: String,
    /// The scenario's value.
    pub value: Option<String>,
    /// The default value.
    pub default: Option<String>,
}

/// The parameters where `scenario` differs from the embedded defaults, in path order.
pub fn differences(scenario: &Scenario) -> Vec<Difference> {
    params::differences(scenario, &Scenario::defaults())
        .into_iter()
        .map(|d| Difference {
            path: d.path,
            value: d.value.map(|v| v.to_toml_string()),
            default: d.default.map(|v| v.to_toml_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use natosim_core::ModelId;

    #[test]
    fn defaults_have_no_differences_and_a_change_is_found() {
        let d = Scenario::defaults();
        assert!(differences(&d).is_empty());
        let mut s = d.clone();
        s.scenario.seed += 1;
        s.model_mut(&ModelId::toolkit()).unwrap().label = "Mixed".into();
        let diff = differences(&s);
        assert_eq!(diff.len(), 2, "{diff:?}");
        assert_eq!(diff[0].path, "models.toolkit.label");
        assert_eq!(diff[0].value.as_deref(), Some("\"Mixed\""));
        assert_eq!(diff[1].path, "scenario.seed");
        assert_eq!(diff[1].default.as_deref(), Some("20250601"));
    }
}
