//! cargo-fuzz target: `natosim_report::fuzz::sensitivity` (docs/RELIABILITY.md, "Fuzzing").
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| natosim_report::fuzz::sensitivity(data));
