//! cargo-fuzz target: `natosim_core::fuzz::scenario` (docs/RELIABILITY.md, "Fuzzing").
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| natosim_core::fuzz::scenario(data));
