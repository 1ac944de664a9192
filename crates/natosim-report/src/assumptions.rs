//! The assumptions a scenario changes: its leaf values that differ from
//! [`Scenario::defaults`], found by serialising both to TOML values.

use natosim_core::Scenario;

/// One differing parameter: its dotted path and both values as inline TOML
/// (`None` where one side does not set it).
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// Dotted path, e.g. `russia.reconstitution_years_min`.
    pub path: String,
    /// The scenario's value.
    pub value: Option<String>,
    /// The default value.
    pub default: Option<String>,
}

/// The leaf paths where `scenario` differs from the embedded defaults, in path order.
pub fn differences(scenario: &Scenario) -> Vec<Difference> {
    let a = toml::Value::try_from(scenario).unwrap_or(toml::Value::Table(Default::default()));
    let b = toml::Value::try_from(Scenario::defaults())
        .unwrap_or(toml::Value::Table(Default::default()));
    let mut out = Vec::new();
    walk("", Some(&a), Some(&b), &mut out);
    out
}

fn walk(path: &str, a: Option<&toml::Value>, b: Option<&toml::Value>, out: &mut Vec<Difference>) {
    match (a, b) {
        (Some(toml::Value::Table(x)), Some(toml::Value::Table(y))) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(&p, x.get(k), y.get(k), out);
            }
        }
        (a, b) if a != b => out.push(Difference {
            path: path.to_string(),
            value: a.map(inline),
            default: b.map(inline),
        }),
        _ => {}
    }
}

fn inline(v: &toml::Value) -> String {
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_no_differences_and_a_change_is_found() {
        let d = Scenario::defaults();
        assert!(differences(&d).is_empty());
        let mut s = d.clone();
        s.scenario.seed += 1;
        let diff = differences(&s);
        assert_eq!(diff.len(), 1);
        assert_eq!(diff[0].path, "scenario.seed");
    }
}
