//! Parameter overrides by path: `{"russia.concentration": 0.5}` on a loaded
//! scenario, for front ends that take values from a form, a dict or a
//! command line rather than a file.
//!
//! Paths are those of the parameter registry ([`natosim_core::params`]) —
//! the syntax of uncertainty and lever declarations, e.g.
//! `models.toolkit.decision_rule` or `spending.targets[1].core`. Every
//! problem is a typed [`Diagnostic`] in the layer named [`OVERRIDES`], with
//! the path, what is allowed and a hint, so front ends render it as they
//! render a problem in a scenario file.

use natosim_core::Scenario;
use natosim_core::params::{ParamError, ParamRef, ParamValue};
use natosim_core::scenario::{Diagnostic, DiagnosticKind, Diagnostics};

/// The name of the overrides "layer" in diagnostics.
pub const OVERRIDES: &str = "<overrides>";

/// Sets each `(path, value)` on `scenario` in order, then validates the
/// result as a whole (the checks between fields). On failure `scenario` may
/// be partly changed; every problem found is reported.
pub fn apply_overrides(
    scenario: &mut Scenario,
    overrides: &[(String, ParamValue)],
) -> Result<(), Diagnostics> {
    let mut problems = Vec::new();
    for (path, value) in overrides {
        let set = ParamRef::resolve(scenario, path).and_then(|p| p.set(scenario, value));
        if let Err(e) = set {
            problems.extend(param_diagnostics(path, e));
        }
    }
    if problems.is_empty() {
        problems.extend(scenario.validate().into_iter().map(|d| {
            if d.file.is_none() {
                d.in_file(OVERRIDES)
            } else {
                d
            }
        }));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics(problems))
    }
}

/// A parameter error at `path` as diagnostics of the overrides layer (the
/// registry's reason split into what is allowed and a "did you mean").
pub fn param_diagnostics(path: &str, e: ParamError) -> Vec<Diagnostic> {
    let d = |kind, message: String| {
        Diagnostic::new(kind, message)
            .in_file(OVERRIDES)
            .at_path(path)
    };
    match e {
        ParamError::Rejected { problems } => problems
            .into_iter()
            .map(|p| {
                if p.file.is_none() {
                    p.in_file(OVERRIDES)
                } else {
                    p
                }
            })
            .collect(),
        ParamError::OutOfRange { low, high, .. } => {
            vec![d(DiagnosticKind::OutOfRange, e.to_string()).allowing([format!("{low} … {high}")])]
        }
        ParamError::WrongType { expected, .. } => {
            vec![d(DiagnosticKind::WrongType, e.to_string()).allowing([format!("a {expected}")])]
        }
        ParamError::UnknownPath { ref reason, .. } => {
            // The registry lists the allowed keys in its reason ("allowed here: a, b").
            let allowed: Vec<String> = reason
                .split("allowed here: ")
                .nth(1)
                .map(|rest| {
                    rest.split(';')
                        .next()
                        .unwrap_or(rest)
                        .split(", ")
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let last = path.rsplit(['.', '[']).next().unwrap_or(path).to_string();
            let hint = natosim_core::scenario::suggest(&last, &allowed)
                .map(|s| format!("did you mean `{s}`?"));
            // The allowed names go in their own field, not twice into the message.
            let what = reason.split("; allowed here: ").next().unwrap_or(reason);
            let message = format!("unknown parameter path `{path}`: {what}");
            vec![
                d(DiagnosticKind::UnknownField, message)
                    .allowing(allowed)
                    .with_hint(hint),
            ]
        }
        other => vec![d(DiagnosticKind::InvalidValue, other.to_string())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_set_values_and_bad_ones_name_the_path() {
        let mut s = Scenario::defaults();
        apply_overrides(
            &mut s,
            &[("russia.concentration".into(), ParamValue::Real(0.5))],
        )
        .unwrap();
        assert_eq!(s.russia.concentration, 0.5);

        let e = apply_overrides(
            &mut s,
            &[("russia.concentraton".into(), ParamValue::Real(0.5))],
        )
        .unwrap_err();
        let d = &e.0[0];
        assert_eq!(d.kind, DiagnosticKind::UnknownField);
        assert_eq!(d.file.as_deref(), Some(OVERRIDES));
        assert_eq!(d.path.as_deref(), Some("russia.concentraton"));
        assert!(
            d.allowed.iter().any(|a| a == "concentration"),
            "{:?}",
            d.allowed
        );
        assert_eq!(d.hint.as_deref(), Some("did you mean `concentration`?"));

        let e = apply_overrides(
            &mut s,
            &[("russia.concentration".into(), ParamValue::Real(7.0))],
        )
        .unwrap_err();
        assert_eq!(e.0[0].kind, DiagnosticKind::OutOfRange);
        assert_eq!(e.0[0].allowed.len(), 1);
        let e = apply_overrides(
            &mut s,
            &[("russia.concentration".into(), ParamValue::Text("x".into()))],
        )
        .unwrap_err();
        assert_eq!(e.0[0].kind, DiagnosticKind::WrongType);
    }
}
