//! The study side by side in docs/VALIDATION.md is what the code gives: the
//! block between the markers must equal `natosim judgements --format
//! markdown` on the baseline (default seed, 1,000 runs per model).
//!
//! After a change to the engine, regenerate it with
//! `NATOSIM_BLESS=1 cargo test --release -p natosim-analysis --test judgements_docs`
//! (or paste the output of `natosim judgements --format markdown`).

use natosim_analysis::judgements::side_by_side;
use natosim_analysis::{EnsembleOptions, Progress};
use natosim_core::{Dataset, Scenario};

const BEGIN: &str = "<!-- judgements:begin (generated: natosim judgements --format markdown) -->\n";
const END: &str = "<!-- judgements:end -->";

#[test]
fn validation_md_carries_the_computed_side_by_side_table() {
    let s = Scenario::defaults();
    let opts = EnsembleOptions {
        seed: s.scenario.seed,
        runs: 1000,
    };
    let table = side_by_side(&s, &Dataset::embedded().unwrap(), opts, &Progress::none())
        .unwrap()
        .to_markdown();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/VALIDATION.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let start = doc.find(BEGIN).expect("begin marker in docs/VALIDATION.md") + BEGIN.len();
    let end = doc[start..].find(END).expect("end marker") + start;
    if std::env::var_os("NATOSIM_BLESS").is_some() {
        let updated = format!("{}{table}{}", &doc[..start], &doc[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        &doc[start..end],
        table,
        "docs/VALIDATION.md's side-by-side table is stale; regenerate it (see this file's header)"
    );
}
