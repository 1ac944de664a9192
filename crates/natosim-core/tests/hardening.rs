//! Regression tests for the input defects of issue 14 (part A): each one
//! reproduced on the defect's own input, then held fixed.

use natosim_core::params::ParamRef;
use natosim_core::scenario::{Diagnostics, Loaded, MemorySource, ScenarioSource, load};

fn load_text(text: &str) -> Result<Loaded, Diagnostics> {
    load("t.toml", &MemorySource::new().with("t.toml", text))
}

fn declarations(text: &str) -> Result<(), Diagnostics> {
    load_text(text)?.exploration().map(|_| ())
}

fn message(e: &Diagnostics) -> String {
    e.0.iter()
        .map(|d| {
            format!(
                "{} | {} | {} | allowed: {}",
                d.file.as_deref().unwrap_or(""),
                d.path.as_deref().unwrap_or(""),
                d.message,
                d.allowed.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Defect 9: spending-target years near ±2³¹ wrapped in the interpolation.
#[test]
fn spending_target_years_are_range_checked() {
    for year in [-2_147_483_648i64, 1948, 2201, 2_147_483_647] {
        let text = format!(
            "extends = \"baseline\"\n[spending]\ntargets = [{{ year = 2025, core = 2.0, related = 0.0 }}, {{ year = {year}, core = 3.0, related = 0.0 }}]\n"
        );
        let e = load_text(&text).expect_err(&format!("year {year} accepted"));
        let m = message(&e);
        assert!(
            m.contains("spending.targets[1].year") && m.contains("2200"),
            "{m}"
        );
    }
    // The registry says the same range, so declarations are checked against it.
    let s = load_text("extends = \"baseline\"\n").unwrap().scenario;
    let r = ParamRef::resolve(&s, "spending.targets[0].year").unwrap();
    assert_eq!(r.range(), Some((1949.0, 2200.0)));
}

/// Defect 3: a normal passed its ±3 s.d. probe but the samplers reach ±7 s.d.
#[test]
fn a_normal_is_checked_at_the_extremes_the_samplers_reach() {
    // ±3 s.d. = 0.15 … 0.45 is inside [0, 1]; ±7.04 s.d. is not.
    let text = "extends = \"baseline\"\n[uncertainties.\"russia.concentration\"]\ndist = \"normal\"\nmean = 0.3\nsd = 0.05\n";
    let e = declarations(text).expect_err("a normal reaching below 0 was accepted");
    let m = message(&e);
    assert!(m.contains("t.toml"), "{m}");
    assert!(
        m.contains("uncertainties.\"russia.concentration\".sd"),
        "{m}"
    );
    assert!(m.contains("truncated-normal") && m.contains("7.04"), "{m}");
    // Narrow enough to stay inside the range at ±7.04 s.d.: accepted.
    declarations(&text.replace("sd = 0.05", "sd = 0.02")).unwrap();
}

/// Defect 3: a minimum that can be drawn above its maximum passed unnoticed
/// until a design hit the corner mid-run. The pair is now named up front
/// (ensemble draws still redraw such vectors, so it loads).
#[test]
fn jointly_invalid_pairs_are_found_before_any_run() {
    // Each range alone is valid against the baseline's 5 … 7; together they
    // can draw a minimum of 6.5 above a maximum of 5.5.
    let text = "extends = \"baseline\"\n\
        [uncertainties.\"russia.reconstitution_years_min\"]\nlow = 3.0\nhigh = 6.5\n\
        [uncertainties.\"russia.reconstitution_years_max\"]\nlow = 5.5\nhigh = 9.0\n";
    let l = load_text(text).unwrap();
    let spec = l.exploration().unwrap();
    let conflicts = Diagnostics(spec.joint_conflicts(&l.scenario));
    let m = message(&conflicts);
    assert_eq!(conflicts.0.len(), 1, "{m}");
    assert!(m.contains("jointly invalid"), "{m}");
    assert!(
        m.contains("russia.reconstitution_years_min")
            && m.contains("russia.reconstitution_years_max"),
        "{m}"
    );
    assert!(m.contains("t.toml"), "{m}");
    // Ordered ranges cannot cross: no conflict.
    let l = load_text(&text.replace("low = 5.5\nhigh = 9.0", "low = 6.5\nhigh = 9.0")).unwrap();
    assert!(
        l.exploration()
            .unwrap()
            .joint_conflicts(&l.scenario)
            .is_empty()
    );
}

/// The shipped scenarios' declarations have no jointly invalid pair.
#[test]
fn shipped_declarations_pass_the_joint_check() {
    for name in natosim_core::scenario::ShippedSource.names() {
        let l = load(&name, &natosim_core::scenario::ShippedSource).unwrap();
        l.exploration()
            .unwrap_or_else(|e| panic!("{name}: {}", message(&e)));
    }
}
