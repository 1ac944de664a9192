//! cargo-fuzz target: `natosim_analysis::fuzz::condition` (docs/RELIABILITY.md, "Fuzzing").
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| natosim_analysis::fuzz::condition(data));
