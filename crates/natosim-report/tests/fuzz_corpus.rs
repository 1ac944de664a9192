//! The fuzz corpus, replayed on stable: every file of
//! `fuzz/corpus/<target>/` goes through the same library function as the
//! cargo-fuzz target of that name, so CI checks that no input the fuzzers
//! have kept (seeds, and whatever a campaign adds) panics — without nightly.

use std::path::Path;

fn replay(target: &str, f: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: an empty corpus", dir.display());
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        if std::panic::catch_unwind(|| f(&bytes)).is_err() {
            panic!("{target}: {} panics", file.display());
        }
    }
}

#[test]
fn scenario_corpus() {
    replay("scenario", natosim_core::fuzz::scenario);
}

#[test]
fn declarations_corpus() {
    replay("declarations", natosim_core::fuzz::declarations);
}

#[test]
fn condition_corpus() {
    replay("condition", natosim_analysis::fuzz::condition);
}

#[test]
fn sensitivity_corpus() {
    replay("sensitivity", natosim_report::fuzz::sensitivity);
}
