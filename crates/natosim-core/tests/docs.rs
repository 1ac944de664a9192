//! The documentation names the metrics the code computes: the table of
//! docs/MODEL.md §8 "Outcome metrics" lists exactly `METRICS`, in order. A
//! metric added to the `metrics!` table must be documented there (and a
//! documented metric that no longer exists must go).

use natosim_core::metrics::METRICS;

/// The metric names of the first table in MODEL.md §8, in order.
fn documented_metrics() -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/MODEL.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let start = doc
        .find("\n## 8. Outcome metrics")
        .expect("MODEL.md has §8 Outcome metrics");
    let section = &doc[start + 1..];
    let end = section[3..].find("\n## ").map_or(section.len(), |k| k + 3);
    let mut names = Vec::new();
    let mut in_table = false;
    for line in section[..end].lines() {
        if line.starts_with("| metric |") {
            in_table = true;
            continue;
        }
        if in_table {
            if !line.starts_with('|') {
                break;
            }
            if let Some(rest) = line.strip_prefix("| `")
                && let Some(name) = rest.split('`').next()
            {
                names.push(name.to_string());
            }
        }
    }
    names
}

#[test]
fn model_md_lists_every_metric_in_order() {
    let documented = documented_metrics();
    let code: Vec<&str> = METRICS.iter().map(|m| m.name).collect();
    let missing: Vec<&&str> = code
        .iter()
        .filter(|n| !documented.iter().any(|d| d == *n))
        .collect();
    let extra: Vec<&String> = documented
        .iter()
        .filter(|d| !code.contains(&d.as_str()))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "docs/MODEL.md §8 and metrics.rs disagree: undocumented {missing:?}, documented but unknown {extra:?}"
    );
    assert_eq!(documented, code, "same metrics, but in a different order");
}
