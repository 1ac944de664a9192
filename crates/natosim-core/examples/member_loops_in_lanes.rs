//! Instruction counts for docs/PERFORMANCE.md "Session 10": one month of
//! trust and bargaining for four runs, `MONTHS` times, in the engine's
//! layout or batched across runs, with the normal draws or with zeros (the
//! loops are `benches/common/member_loops.rs`, shared with the criterion
//! bench `lanes`). Checks first that both layouts give the same bits.
//!
//! ```sh
//! cargo build --release -p natosim-core --example member_loops_in_lanes
//! for v in scalar lanes scalar_no_draws lanes_no_draws; do
//!   for k in 1000 11000; do
//!     valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!       target/release/examples/member_loops_in_lanes $v $k 2>&1 | grep Collected
//!   done
//! done   # (count at 11000 − count at 1000) / 10000 = instructions per month
//! ```

#[path = "../benches/common/member_loops.rs"]
mod member_loops;

use member_loops::*;
use std::hint::black_box;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let months_arg = args.get(1).map(|a| a.parse::<usize>());
    let (variant, count) = match (args.first().map(String::as_str), months_arg) {
        (Some(v @ ("scalar" | "lanes" | "scalar_no_draws" | "lanes_no_draws")), Some(Ok(k))) => {
            (v, k)
        }
        _ => {
            eprintln!(
                "usage: member_loops_in_lanes scalar|lanes|scalar_no_draws|lanes_no_draws MONTHS"
            );
            return ExitCode::from(2);
        }
    };
    let m = Members::new();
    assert_same_bits(&m);
    let runs: [RunState; L] = std::array::from_fn(run_state);
    let mo = months();
    let mut checksum = 0.0;
    match variant {
        "scalar" => {
            let (mut s, mut d) = (runs.clone(), streams());
            for _ in 0..count {
                checksum += month_scalar(black_box(&m), &mo, &mut s, &mut d);
            }
        }
        "lanes" => {
            let (mut s, mut d) = (lane_state(&runs), streams());
            for _ in 0..count {
                checksum += month_lanes(black_box(&m), &mo, &mut s, &mut d);
            }
        }
        "scalar_no_draws" => {
            let mut s = runs.clone();
            for _ in 0..count {
                checksum += month_scalar(black_box(&m), &mo, &mut s, &mut Zeros);
            }
        }
        _ => {
            let mut s = lane_state(&runs);
            for _ in 0..count {
                checksum += month_lanes(black_box(&m), &mo, &mut s, &mut Zeros);
            }
        }
    }
    println!("{variant}: {count} months, checksum {checksum}");
    ExitCode::SUCCESS
}
