//! docs/RELIABILITY.md lists the resource limits as the code enforces them:
//! its table under "## Resource limits" is `limits::markdown_table()`
//! verbatim, so a limit changed in the code without the docs (or the other
//! way round) fails here.

use natosim_analysis::limits::{LIMITS, markdown_table};

fn section() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/RELIABILITY.md");
    let doc = std::fs::read_to_string(path).expect("docs/RELIABILITY.md");
    let start = doc
        .find("\n## Resource limits\n")
        .expect("docs/RELIABILITY.md has a section \"## Resource limits\"");
    let rest = &doc[start + 1..];
    // The section ends at the next second-level heading.
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 4);
    rest[..end].to_string()
}

#[test]
fn the_documented_table_is_the_enforced_one() {
    let table = markdown_table();
    let doc = section();
    assert!(
        doc.contains(&table),
        "docs/RELIABILITY.md \"## Resource limits\" must contain this table (generated from natosim_analysis::limits::LIMITS):\n\n{table}"
    );
    // One table only: no stale second copy beside the generated one.
    let rows = doc.lines().filter(|l| l.starts_with("| `")).count();
    assert_eq!(rows, LIMITS.len(), "table rows in the section");
}
