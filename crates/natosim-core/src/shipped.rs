//! Scenarios shipped with natosim, embedded so they work from any directory.
//! `docs/SCENARIOS.md` says what each asks and which passage it comes from.

/// `(name, file text)` of every shipped scenario.
pub const SHIPPED: &[(&str, &str)] = &[
    ("baseline", include_str!("../scenarios/baseline.toml")),
    (
        "baltic-coup-de-main-2030",
        include_str!("../scenarios/baltic-coup-de-main-2030.toml"),
    ),
    (
        "baltic-forward-defence",
        include_str!("../scenarios/baltic-forward-defence.toml"),
    ),
    (
        "coalition-withdrawal-iraq",
        include_str!("../scenarios/coalition-withdrawal-iraq.toml"),
    ),
    (
        "european-nuclear-dimension",
        include_str!("../scenarios/european-nuclear-dimension.toml"),
    ),
    (
        "greenland-without-arctic-sentry",
        include_str!("../scenarios/greenland-without-arctic-sentry.toml"),
    ),
    (
        "hybrid-campaign",
        include_str!("../scenarios/hybrid-campaign.toml"),
    ),
    (
        "hybrid-resilience",
        include_str!("../scenarios/hybrid-resilience.toml"),
    ),
    (
        "nato-3-0-2026",
        include_str!("../scenarios/nato-3-0-2026.toml"),
    ),
    (
        "nmi-long-rotations",
        include_str!("../scenarios/nmi-long-rotations.toml"),
    ),
    (
        "reassurance-force-ukraine",
        include_str!("../scenarios/reassurance-force-ukraine.toml"),
    ),
    ("tariff-war", include_str!("../scenarios/tariff-war.toml")),
    (
        "tariff-war-greenland",
        include_str!("../scenarios/tariff-war-greenland.toml"),
    ),
    (
        "uncertain-baseline",
        include_str!("../scenarios/uncertain-baseline.toml"),
    ),
    (
        "ukraine-nato-membership",
        include_str!("../scenarios/ukraine-nato-membership.toml"),
    ),
    (
        "ukraine-without-guarantees",
        include_str!("../scenarios/ukraine-without-guarantees.toml"),
    ),
    (
        "us-bargaining-chip",
        include_str!("../scenarios/us-bargaining-chip.toml"),
    ),
    (
        "us-drawdown-2027",
        include_str!("../scenarios/us-drawdown-2027.toml"),
    ),
    (
        "us-exit-attempt-2027",
        include_str!("../scenarios/us-exit-attempt-2027.toml"),
    ),
    (
        "us-full-withdrawal-2028",
        include_str!("../scenarios/us-full-withdrawal-2028.toml"),
    ),
    (
        "us-russia-deal",
        include_str!("../scenarios/us-russia-deal.toml"),
    ),
];

/// The text of a shipped scenario.
pub fn shipped(name: &str) -> Option<&'static str> {
    SHIPPED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}
