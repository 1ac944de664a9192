//! Resource limits, in one place: every number a user can give that makes
//! natosim allocate memory or spend time in proportion to it is bounded
//! here, with the reason for the bound, and checked before any such work
//! or allocation starts.
//!
//! The workflows of this crate call the checks themselves, so every front
//! end (CLI, web server, Python) gets them; a front end may check earlier
//! (the CLI checks `--runs` before it loads anything) and may be stricter
//! (the web server's own limits, `natosim_web::limits`). A refusal is an
//! [`AnalysisError::LimitExceeded`] that names the setting, the limit and
//! an estimate of the time and memory of what was asked, so the user can
//! tell a typo (`--runs 1000000000000`) from a job that is merely big.
//!
//! Sizes derived from several numbers (a factorial design is
//! `levels^k × lever combinations × replications`) are computed in `u128`
//! with checked arithmetic: an overflow is itself "above the limit", never
//! a wrap or a capacity-overflow panic.
//!
//! The table [`LIMITS`] is the documentation: docs/RELIABILITY.md holds
//! [`markdown_table`] verbatim, and a test fails when the two differ.

use crate::AnalysisError;
use natosim_core::explore::ExplorationSpec;

/// Estimated CPU time of one model-run (one engine run of one model over
/// the scenario's years), used only to tell the user what a refused request
/// would have cost. Measured at 0.45–0.7 ms on the CI machine
/// (docs/PERFORMANCE.md); rounded up, since slower machines exist.
pub const CPU_SECONDS_PER_MODEL_RUN: f64 = 1e-3;

/// Estimated bytes one design point held in memory costs with `k`
/// uncertain parameters: the point in the unit cube and the parameter values
/// derived from it (each a `Vec<f64>`: 8 bytes a value, 24 bytes of header,
/// ~16 of allocator overhead), the output, and the working copies of the
/// workflows and front ends (PRIM's sorted columns, the CSV the CLI builds).
/// Measured: 647 bytes an evaluation for `sensitivity --out` on the
/// 16-parameter baseline (RSS 11.9 MB at 5,632 evaluations, 36.9 MB at
/// 45,056); the estimate gives 688.
pub fn bytes_per_design_point(k: usize) -> u128 {
    4 * (40 + 8 * k as u128) + 16
}

/// What bounds a setting: a fixed number, or another setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// At most this many.
    AtMost(u64),
    /// An index below another setting's value (e.g. a run index below the
    /// number of runs).
    Below(&'static str),
}

/// One resource limit: what it bounds, how much, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// The setting as the typed API, the server's JSON and Python name it
    /// (`runs`, `samples`, …).
    pub field: &'static str,
    /// The command-line flags (or file kinds) it applies to.
    pub flag: &'static str,
    /// The bound.
    pub bound: Bound,
    /// The unit of the bound, plural (`runs per model`).
    pub unit: &'static str,
    /// Why this bound: the memory and time it stands for.
    pub reason: &'static str,
}

impl Limit {
    /// The numeric bound; [`Bound::Below`] limits have none of their own.
    pub const fn max(&self) -> u64 {
        match self.bound {
            Bound::AtMost(n) => n,
            Bound::Below(_) => u64::MAX,
        }
    }

    /// How a command line names the setting: the flag itself, or for a
    /// derived size its name and the flags it comes from.
    pub fn cli_name(&self) -> String {
        if self.flag.starts_with("--") && !self.flag.contains(' ') {
            self.flag.to_string()
        } else {
            format!("{} ({})", self.field, self.flag)
        }
    }

    /// `Ok` if `asked` (`None`: a size whose computation overflowed) is
    /// within the limit, else the refusal with `cost`, the estimate of what
    /// was asked.
    pub fn check(&'static self, asked: Option<u128>, cost: Cost) -> Result<(), AnalysisError> {
        match asked {
            Some(n) if n <= u128::from(self.max()) => Ok(()),
            _ => Err(AnalysisError::LimitExceeded(Box::new(LimitExceeded {
                limit: self,
                asked,
                cost,
            }))),
        }
    }
}

/// Model runs per model in one ensemble (`compare`, `run`, `members`,
/// `decompose`, `report`, Python's `runs`).
pub const RUNS: Limit = Limit {
    field: "runs",
    flag: "--runs",
    bound: Bound::AtMost(natosim_core::scenario::MAX_RUNS as u64),
    unit: "runs per model",
    reason: "Memory is flat in the number of runs (streaming summaries: 5–40 MB for any count), so only time bounds it: ~1 ms of CPU per model-run makes 10^7 runs about 2.8 CPU-hours per model, 22 for `compare --uncertainty split` of four models. Percentiles are stable to 3 digits long before that; a bigger ensemble is better split by seed.",
};

/// Points of a design: Sobol' base samples, Morris trajectories, discovery
/// experiments, experiment design points.
pub const SAMPLES: Limit = Limit {
    field: "samples",
    flag: "--samples",
    bound: Bound::AtMost(10_000_000),
    unit: "samples",
    reason: "Each sample is at least one model evaluation, so this is the design-size limit below read per sample; it stops a mistyped number before any arithmetic on it. The evaluations it implies are checked next.",
};

/// Levels per continuous uncertainty of a factorial design, and Morris grid levels.
pub const LEVELS: Limit = Limit {
    field: "levels",
    flag: "--levels",
    bound: Bound::AtMost(1_000),
    unit: "levels",
    reason: "Quantile midpoints closer than 1/1000 of a distribution tell nothing a coarser grid does not, and a factorial design grows as levels^k (checked below as design size, in exact arithmetic: `--levels 1000` over 16 uncertainties is 10^48 points).",
};

/// Model evaluations of a design held in memory (sensitivity, discovery).
pub const DESIGN_EVALUATIONS: Limit = Limit {
    field: "evaluations",
    flag: "--samples × (k+2) for Sobol', × (k+1) for Morris, × 1 for discover",
    bound: Bound::AtMost(10_000_000),
    unit: "model evaluations",
    reason: "These designs keep every point and output in memory until the indices are computed (measured 647 bytes an evaluation on the 16-parameter baseline, estimated as 4·(40 + 8k) + 16), and 10^7 evaluations are ~2.8 CPU-hours at ~1 ms a model-run. With more than 7 uncertainties the design memory below binds first: on the baseline at ~6 M evaluations, so Sobol' N = 2^18 (5.8 M) fits.",
};

/// Rows of an experiment table (design points × lever combinations × replications).
pub const EXPERIMENT_ROWS: Limit = Limit {
    field: "rows",
    flag: "experiment: --samples (or --levels^k) × lever combinations × --replications",
    bound: Bound::AtMost(50_000_000),
    unit: "rows (model evaluations)",
    reason: "Rows are streamed to the sink (flat memory), so time bounds them: ~14 CPU-hours at ~1 ms a model-run, and a CSV of ~15 GB. The design points themselves stay in memory and are bounded by the design memory below.",
};

/// Estimated memory of a design held in memory.
pub const DESIGN_MEMORY: Limit = Limit {
    field: "design memory",
    flag: "--samples, --levels of sensitivity, discover, experiment",
    bound: Bound::AtMost(4 << 30),
    unit: "bytes (estimated)",
    reason: "4 GiB is what a laptop can give one job without swapping. The estimate is 4·(40 + 8k) + 16 bytes a point with k uncertainties (measured: 647 bytes for k = 16), so from k = 8 on this binds before the evaluation limit.",
};

/// Bootstrap resamples of the confidence intervals.
pub const BOOTSTRAP: Limit = Limit {
    field: "bootstrap",
    flag: "--bootstrap",
    bound: Bound::AtMost(10_000),
    unit: "resamples",
    reason: "A 95 % interval is stable with ~1,000 resamples; each resample recomputes every index over all N base samples, so 10^4 resamples of a 10^7-evaluation design are already ~10^11 operations.",
};

/// Worker threads.
pub const THREADS: Limit = Limit {
    field: "threads",
    flag: "--threads",
    bound: Bound::AtMost(256),
    unit: "threads",
    reason: "The engine is CPU-bound, so threads beyond the cores only add switching, and results do not depend on the count. 256 covers the largest common machines; 10,000 threads took 54 s and 228 MB to run 5 runs.",
};

/// A run's monthly trace (`run --trace`).
pub const TRACE: Limit = Limit {
    field: "trace",
    flag: "--trace",
    bound: Bound::Below("runs"),
    unit: "run index",
    reason: "A trace is one run's monthly records (fixed memory); runs are numbered 0 … runs − 1, and the trace of a run outside the ensemble would describe a run the summary does not contain.",
};

/// Size of a scenario file (each file of an `extends` chain).
pub const SCENARIO_FILE: Limit = Limit {
    field: "scenario file",
    flag: "--scenario FILE (and each file it extends)",
    bound: Bound::AtMost(1 << 20),
    unit: "bytes",
    reason: "The complete commented defaults are ~52 KiB; parsing takes memory and time in proportion to the text, and a chain may be 16 files deep, so 1 MiB a file (20× the defaults) bounds loading. The web server accepts 256 KiB of scenario text.",
};

/// Size of a sensitivity result read by `report`.
pub const SENSITIVITY_FILE: Limit = Limit {
    field: "sensitivity file",
    flag: "report --sensitivity FILE",
    bound: Bound::AtMost(16 << 20),
    unit: "bytes",
    reason: "natosim's own results.json is ~0.6 KiB per parameter (12 KiB for the baseline's 16 parameters and 4 groups), so 16 MiB is over 20,000 parameters; the bound keeps a wrong file (a log, /dev/zero) from being read into memory whole.",
};

/// Declared uncertain parameters.
pub const UNCERTAINTIES: Limit = Limit {
    field: "uncertainties",
    flag: "[uncertainties] declarations",
    bound: Bound::AtMost(1_000),
    unit: "uncertain parameters",
    reason: "Every design point and every drawn run carries one value per uncertainty; the registry has a few hundred numeric parameters, and Sobol' designs allow fewer still (the direction-number table). Beyond 1,000 a declaration is a generated mistake.",
};

/// Combinations of lever levels (the product of the levers' level counts).
pub const LEVER_COMBINATIONS: Limit = Limit {
    field: "lever combinations",
    flag: "[levers] declarations (product of their level counts)",
    bound: Bound::AtMost(100_000),
    unit: "combinations",
    reason: "Every combination is held in memory and multiplies each design point into an experiment; 10^5 combinations of 10 levers are ~12 MB, and already 10^5 runs per design point.",
};

/// Every limit, in the order docs/RELIABILITY.md lists them.
pub const LIMITS: &[Limit] = &[
    RUNS,
    SAMPLES,
    LEVELS,
    DESIGN_EVALUATIONS,
    EXPERIMENT_ROWS,
    DESIGN_MEMORY,
    BOOTSTRAP,
    THREADS,
    TRACE,
    SCENARIO_FILE,
    SENSITIVITY_FILE,
    UNCERTAINTIES,
    LEVER_COMBINATIONS,
];

/// The estimated cost of a request, for the message of a refusal.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Cost {
    /// Model-runs it would take (`None`: not a simulation, or unknown).
    pub model_runs: Option<u128>,
    /// Bytes it would hold in memory at once (`None`: flat or unknown).
    pub bytes: Option<u128>,
}

impl Cost {
    /// The cost of `runs` model-runs with flat memory.
    pub fn runs(runs: Option<u128>) -> Cost {
        Cost {
            model_runs: runs,
            bytes: None,
        }
    }

    /// The cost of a design of `points` points with `k` uncertainties, each
    /// point evaluated `runs_per_point` times.
    pub fn design(points: Option<u128>, k: usize, runs_per_point: u128) -> Cost {
        Cost {
            model_runs: points.and_then(|p| p.checked_mul(runs_per_point)),
            bytes: points.and_then(|p| p.checked_mul(bytes_per_design_point(k))),
        }
    }

    /// This cost with `runs` model-runs instead.
    pub fn with_runs(self, runs: Option<u128>) -> Cost {
        Cost {
            model_runs: runs,
            ..self
        }
    }

    fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(runs) = self.model_runs {
            parts.push(format!(
                "about {}",
                duration(runs as f64 * CPU_SECONDS_PER_MODEL_RUN)
            ));
        }
        if let Some(bytes) = self.bytes {
            parts.push(format!("about {} of memory", bytes_text(bytes)));
        }
        (!parts.is_empty()).then(|| {
            format!(
                "it would take {} (estimated at ~{} ms of CPU per model-run)",
                parts.join(" and "),
                CPU_SECONDS_PER_MODEL_RUN * 1e3
            )
        })
    }
}

/// A request refused by a [`Limit`].
#[derive(Clone, Debug, PartialEq)]
pub struct LimitExceeded {
    /// The limit.
    pub limit: &'static Limit,
    /// What was asked (`None`: so large that computing it overflowed).
    pub asked: Option<u128>,
    /// The estimate of what was asked.
    pub cost: Cost,
}

impl LimitExceeded {
    /// The message, naming the setting `name` (a front end passes its own
    /// spelling: `--runs` on the command line, `runs` in JSON).
    pub fn describe(&self, name: &str) -> String {
        let asked = match self.asked {
            Some(n) => n.to_string(),
            None => "above 10^38 (too large to compute)".into(),
        };
        let bound = match self.limit.bound {
            Bound::AtMost(n) => format!("natosim allows at most {} {}", n, self.limit.unit),
            Bound::Below(other) => format!("it must be below `{other}`"),
        };
        let mut s = format!("{name} {asked}: {bound}");
        if let Some(cost) = self.cost.describe() {
            s.push_str("; ");
            s.push_str(&cost);
        }
        s.push_str(". Why this limit: docs/RELIABILITY.md, \"Resource limits\".");
        s
    }
}

impl std::fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(self.limit.field))
    }
}

/// `a × b` in `u128`, `None` on overflow (or if either is unknown).
pub fn mul(a: Option<u128>, b: Option<u128>) -> Option<u128> {
    a?.checked_mul(b?)
}

/// The product of `factors`, `None` on overflow.
pub fn product(factors: impl IntoIterator<Item = usize>) -> Option<u128> {
    factors
        .into_iter()
        .try_fold(1u128, |acc, f| acc.checked_mul(f as u128))
}

/// Checks `runs` model-runs per model, `models × passes` ensembles of them.
pub fn check_runs(runs: u64, ensembles: u64) -> Result<(), AnalysisError> {
    RUNS.check(
        Some(u128::from(runs)),
        Cost::runs(mul(Some(runs.into()), Some(ensembles.into()))),
    )
}

/// Checks the declarations of an exploration: the number of uncertainties
/// and of lever combinations, before any design is built from them.
pub fn check_declarations(spec: &ExplorationSpec) -> Result<(), AnalysisError> {
    let k = spec.uncertainties.len();
    UNCERTAINTIES.check(Some(k as u128), Cost::default())?;
    let combos = product(spec.levers.iter().map(|l| l.levels.len()));
    LEVER_COMBINATIONS.check(
        combos,
        Cost {
            model_runs: None,
            bytes: combos.and_then(|c| c.checked_mul(40 + 8 * spec.levers.len() as u128)),
        },
    )
}

/// Checks a design held in memory: `points` points with `k` uncertainties,
/// each point one model evaluation.
pub fn check_design(points: Option<u128>, k: usize) -> Result<(), AnalysisError> {
    let cost = Cost::design(points, k, 1);
    DESIGN_EVALUATIONS.check(points, cost)?;
    DESIGN_MEMORY.check(cost.bytes, cost)
}

/// Checks `--threads` (which must also be at least 1).
pub fn check_threads(threads: usize) -> Result<(), AnalysisError> {
    if threads == 0 {
        return Err(AnalysisError::InvalidSetting {
            setting: "threads",
            message: "must be at least 1".into(),
        });
    }
    THREADS.check(Some(threads as u128), Cost::default())
}

/// Sets up the process-wide thread pool with `threads` workers, once. A
/// second call with the number already in force is a no-op; any other
/// failure (another count already in force, the OS refusing threads) is an
/// error, never ignored: the work would otherwise run with a pool the user
/// did not ask for, or fail later.
pub fn configure_threads(threads: usize) -> Result<(), AnalysisError> {
    check_threads(threads)?;
    match rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
    {
        Ok(()) => Ok(()),
        Err(_) if rayon::current_num_threads() == threads => Ok(()),
        Err(e) => Err(AnalysisError::InvalidSetting {
            setting: "threads",
            message: format!(
                "{threads}: the thread pool could not be set up ({e}); {} threads are in use",
                rayon::current_num_threads()
            ),
        }),
    }
}

/// Reads a text file of at most `limit` bytes: the size is checked before
/// the file is read, and the read itself stops after `limit + 1` bytes, so
/// neither a large file nor an endless one (a FIFO, `/dev/zero`) is read
/// into memory. `Ok(Err(_))` is the refusal, `Err(_)` an IO error.
pub fn read_text_limited(
    path: &std::path::Path,
    limit: &'static Limit,
) -> std::io::Result<Result<String, AnalysisError>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let max = limit.max();
    let too_big = |n: u64| {
        limit
            .check(Some(u128::from(n)), Cost::default())
            .map(|_| String::new())
    };
    let len = file.metadata()?.len();
    if len > max {
        return Ok(too_big(len));
    }
    let mut text = String::new();
    file.take(max.saturating_add(1)).read_to_string(&mut text)?;
    if text.len() as u64 > max {
        return Ok(too_big(text.len() as u64));
    }
    Ok(Ok(text))
}

/// The table of docs/RELIABILITY.md, "Resource limits": one row per limit.
pub fn markdown_table() -> String {
    let mut s =
        String::from("| setting | applies to | limit | unit | why |\n|---|---|---|---|---|\n");
    for l in LIMITS {
        let bound = match l.bound {
            Bound::AtMost(n) => group_digits(n),
            Bound::Below(other) => format!("< `{other}`"),
        };
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            l.field, l.flag, bound, l.unit, l.reason
        ));
    }
    s
}

/// `10000000` as `10,000,000`.
fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A CPU time in the largest unit that keeps it readable.
fn duration(seconds: f64) -> String {
    const UNITS: [(f64, &str); 5] = [
        (365.25 * 86_400.0, "CPU-years"),
        (86_400.0, "CPU-days"),
        (3_600.0, "CPU-hours"),
        (60.0, "CPU-minutes"),
        (1.0, "CPU-seconds"),
    ];
    for (size, unit) in UNITS {
        if seconds >= size {
            return format!("{} {unit}", significant(seconds / size));
        }
    }
    "under a second".into()
}

/// A byte count in binary units.
fn bytes_text(bytes: u128) -> String {
    const UNITS: [(f64, &str); 5] = [
        (1_125_899_906_842_624.0, "PiB"),
        (1_099_511_627_776.0, "TiB"),
        (1_073_741_824.0, "GiB"),
        (1_048_576.0, "MiB"),
        (1_024.0, "KiB"),
    ];
    let b = bytes as f64;
    for (size, unit) in UNITS {
        if b >= size {
            return format!("{} {unit}", significant(b / size));
        }
    }
    format!("{bytes} bytes")
}

/// Three significant digits, in scientific notation beyond a million.
fn significant(x: f64) -> String {
    if x >= 1e6 {
        format!("{x:.2e}")
    } else if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(r: Result<(), AnalysisError>) -> LimitExceeded {
        match r {
            Err(AnalysisError::LimitExceeded(e)) => *e,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn runs_at_the_limit_pass_and_above_it_are_refused_with_an_estimate() {
        assert!(check_runs(10_000_000, 4).is_ok());
        let e = refused(check_runs(1_000_000_000_000, 1));
        assert_eq!(e.asked, Some(1_000_000_000_000));
        let msg = e.describe("--runs");
        assert!(
            msg.starts_with("--runs 1000000000000: natosim allows at most 10000000 runs per model"),
            "{msg}"
        );
        // 10^12 runs at 1 ms: 10^9 s, about 31.7 CPU-years; memory is flat.
        assert!(
            msg.contains("it would take about 31.7 CPU-years ("),
            "{msg}"
        );
        assert!(!msg.contains("memory"), "{msg}");
        assert!(msg.contains("docs/RELIABILITY.md"), "{msg}");
    }

    #[test]
    fn designs_are_bounded_in_evaluations_and_in_memory() {
        assert!(check_design(Some(1_000_000), 16).is_ok());
        let e = refused(check_design(Some(1_000_000_000), 6));
        assert_eq!(e.limit.field, "evaluations");
        let msg = e.to_string();
        assert!(
            msg.contains("11.6 CPU-days") && msg.contains("GiB of memory"),
            "{msg}"
        );
        // Few evaluations but very wide points: memory binds.
        let e = refused(check_design(Some(5_000_000), 900));
        assert_eq!(e.limit.field, "design memory");
        // An overflowed size is refused, not wrapped.
        let e = refused(check_design(None, 6));
        assert!(e.to_string().contains("above 10^38"), "{e}");
    }

    #[test]
    fn products_are_checked() {
        assert_eq!(product([3, 4, 5]), Some(60));
        assert_eq!(product([1000; 16]), None);
        assert_eq!(product(std::iter::empty()), Some(1));
        assert_eq!(mul(Some(u128::MAX), Some(2)), None);
    }

    #[test]
    fn threads_are_bounded_and_zero_is_refused() {
        assert!(check_threads(256).is_ok());
        assert!(matches!(
            check_threads(0),
            Err(AnalysisError::InvalidSetting {
                setting: "threads",
                ..
            })
        ));
        assert_eq!(refused(check_threads(10_000)).limit.field, "threads");
    }

    #[test]
    fn a_thread_pool_that_cannot_be_set_up_is_an_error_not_ignored() {
        // The global pool exists after this call (other tests may have
        // built it already): asking for its own size again is fine,
        let n = rayon::current_num_threads();
        assert!(configure_threads(n).is_ok());
        // but another size can no longer be had, and saying so is the point.
        match configure_threads(n + 1) {
            Err(AnalysisError::InvalidSetting {
                setting: "threads",
                message,
            }) => {
                assert!(message.contains("could not be set up"), "{message}");
                assert!(
                    message.contains(&format!("{n} threads are in use")),
                    "{message}"
                );
            }
            other => panic!("expected an error, got {other:?}"),
        }
        // The limit is checked before any pool is touched.
        assert!(matches!(
            configure_threads(100_000),
            Err(AnalysisError::LimitExceeded(_))
        ));
    }

    #[test]
    fn files_are_read_only_up_to_the_limit() {
        static TINY: Limit = Limit {
            field: "tiny file",
            flag: "test",
            bound: Bound::AtMost(8),
            unit: "bytes",
            reason: "test",
        };
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small");
        std::fs::write(&small, "12345678").unwrap();
        assert_eq!(
            read_text_limited(&small, &TINY).unwrap().unwrap(),
            "12345678"
        );
        let big = dir.path().join("big");
        std::fs::write(&big, "123456789").unwrap();
        let e = read_text_limited(&big, &TINY).unwrap().unwrap_err();
        assert!(
            e.to_string()
                .starts_with("tiny file 9: natosim allows at most 8 bytes"),
            "{e}"
        );
        // A file with no size of its own (a device) is cut off while reading.
        #[cfg(unix)]
        {
            let e = read_text_limited(std::path::Path::new("/dev/zero"), &TINY)
                .unwrap()
                .unwrap_err();
            assert!(e.to_string().starts_with("tiny file 9:"), "{e}");
        }
    }

    #[test]
    fn the_table_has_one_row_per_limit_and_distinct_fields() {
        let t = markdown_table();
        assert_eq!(t.lines().count(), LIMITS.len() + 2);
        for (i, l) in LIMITS.iter().enumerate() {
            assert!(
                LIMITS[..i].iter().all(|m| m.field != l.field),
                "{}",
                l.field
            );
            assert!(
                !l.reason.is_empty() && !l.reason.contains('|'),
                "{}",
                l.field
            );
        }
        assert!(
            t.contains("| `runs` | --runs | 10,000,000 | runs per model |"),
            "{t}"
        );
    }

    #[test]
    fn estimates_read_well() {
        assert_eq!(duration(0.5), "under a second");
        assert_eq!(duration(90.0), "1.50 CPU-minutes");
        assert_eq!(duration(10_000.0), "2.78 CPU-hours");
        assert_eq!(bytes_text(512), "512 bytes");
        assert_eq!(bytes_text(3 << 30), "3.00 GiB");
        assert_eq!(group_digits(1_048_576), "1,048,576");
    }
}
