//! Runs one model of the embedded defaults `runs` times on one thread and
//! prints a hash of every metric's bits: the harness for instruction counts
//! (`valgrind --tool=callgrind`, docs/PERFORMANCE.md "How the engine is
//! measured") and a quick check that a speed-up changed no output bit.
//!
//! ```sh
//! cargo build --release -p natosim-core --example runs
//! target/release/examples/runs status-quo 200      # model, runs [, seed]
//! ```
//!
//! Instructions per model-run are the difference of two counts (e.g. 220 and
//! 20 runs) divided by the difference in runs, which removes the set-up.

use natosim_core::{Dataset, Engine, ModelId, Scenario};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let model = args.first().map_or("status-quo", String::as_str);
    let parse = |k: usize, default: u64| -> Result<u64, String> {
        args.get(k).map_or(Ok(default), |a| {
            a.parse().map_err(|e| format!("argument {}: {e}", k + 1))
        })
    };
    let (runs, seed) = match (parse(1, 200), parse(2, 1)) {
        (Ok(r), Ok(s)) => (r, s),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("usage: runs [MODEL] [RUNS] [SEED]: {e}");
            return ExitCode::from(2);
        }
    };
    let (scenario, data) = (
        Scenario::defaults(),
        Dataset::embedded().expect("embedded data"),
    );
    let engine = match ModelId::new(model).and_then(|id| Engine::new(&scenario, &data, &id)) {
        Ok(e) => e,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(2);
        }
    };
    // FNV-1a over the metrics' bits in run order: any changed bit changes it.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for run in 0..runs {
        for v in engine.run(seed, run).values {
            for byte in v.to_bits().to_le_bytes() {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    println!("{model} runs={runs} seed={seed} hash={hash:016x}");
    ExitCode::SUCCESS
}
