//! cargo-fuzz target: `natosim_core::fuzz::declarations` (docs/RELIABILITY.md, "Fuzzing").
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| natosim_core::fuzz::declarations(data));
