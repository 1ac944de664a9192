//! Reproducible on any machine (docs/MODEL.md): the engine's output must not
//! depend on which variant of the C library's maths the CPU gets.
//!
//! glibc picks `exp`, `log` and `pow` at load time by the CPU's features
//! (FMA variants where the CPU has FMA), and the variants round differently
//! in the last bit for some inputs. With `f64::exp` and friends in the engine,
//! the same binary, seed and scenario gave another output hash once glibc's
//! FMA variants were switched off (measured on 2026-12-07: `status-quo`, 2,000
//! runs, `dcd6b738ad21ac4f` against `57643b30c0487797`), which is what a user
//! on a CPU without FMA would have got. The engine now calls
//! `natosim_core::math`, whose bits do not depend on the platform.
//!
//! The test runs the four models here and again in a child process of this
//! test binary with glibc's FMA and AVX2 code paths switched off
//! (`GLIBC_TUNABLES`), and compares the hashes of every metric's bits. It can
//! only tell the difference on x86-64 glibc machines whose CPU has FMA (CI's
//! machine has); elsewhere both processes take the same code paths.

use natosim_core::{Dataset, Engine, ModelId, Scenario};
use std::process::Command;

/// Marks the child process, which prints its hash and stops.
const CHILD: &str = "NATOSIM_PORTABLE_CHILD";
/// glibc's tunables that hide the CPU's FMA and AVX2 (names of glibc ≥ 2.33
/// and, for older ones, with `_Usable`).
const NO_FMA: &str = "glibc.cpu.hwcaps=-AVX2_Usable,-FMA_Usable,-AVX2,-FMA";

/// FNV-1a over the bits of every metric of 150 runs of each model.
fn outputs_hash() -> u64 {
    let (scenario, data) = (Scenario::defaults(), Dataset::embedded().unwrap());
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for name in ModelId::STUDY {
        let model = ModelId::new(name).unwrap();
        let engine = Engine::new(&scenario, &data, &model).unwrap();
        for run in 0..150 {
            for v in engine.run(11, run).values {
                for byte in v.to_bits().to_le_bytes() {
                    hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
    }
    hash
}

#[test]
fn outputs_do_not_depend_on_the_cpu_features_of_the_c_library() {
    let here = outputs_hash();
    if std::env::var_os(CHILD).is_some() {
        println!("hash={here:016x}");
        return;
    }
    let child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "outputs_do_not_depend_on_the_cpu_features_of_the_c_library",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .env("GLIBC_TUNABLES", NO_FMA)
        .output()
        .expect("the test binary runs itself");
    assert!(child.status.success(), "child failed: {child:?}");
    let stdout = String::from_utf8_lossy(&child.stdout);
    let theirs = stdout
        .split("hash=")
        .nth(1)
        .and_then(|rest| rest.get(..16))
        .unwrap_or_else(|| panic!("no hash from the child: {stdout}"));
    assert_eq!(
        format!("{here:016x}"),
        theirs,
        "the outputs changed when the C library took its code paths for CPUs without FMA"
    );
}
