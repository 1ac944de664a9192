//! Scenarios shipped with natosim, embedded so they work from any directory.

/// `(name, file text)` of every shipped scenario.
pub const SHIPPED: &[(&str, &str)] = &[
    ("baseline", include_str!("../../../scenarios/baseline.toml")),
    (
        "uncertain-baseline",
        include_str!("../../../scenarios/uncertain-baseline.toml"),
    ),
];

/// The text of a shipped scenario.
pub fn shipped(name: &str) -> Option<&'static str> {
    SHIPPED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
