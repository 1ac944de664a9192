//! The server's limits, in one place: every request is bounded in size and
//! every job in work, so no client can make the server run out of memory or
//! time. The numbers are reported by `GET /api/info` so that the pages can
//! say them before the user hits them.

use serde::Serialize;

/// Largest request body accepted (413 beyond): a scenario plus settings.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Largest scenario TOML text accepted (400 beyond): the shipped scenarios
/// are a few KiB, the complete commented defaults about 60 KiB.
pub const MAX_SCENARIO_BYTES: usize = 256 * 1024;
/// Most Monte Carlo runs per model in one job (`natosim compare` has no such
/// limit; a shared server does: 100 000 runs of four models take minutes).
pub const MAX_RUNS: u64 = 100_000;
/// Most design samples (sensitivity base samples, discovery samples).
pub const MAX_SAMPLES: u64 = 20_000;
/// Most jobs waiting in the queue (beyond the ones running): a further
/// submission is refused with 503 and a message saying this number.
pub const MAX_JOBS_QUEUED: usize = 16;
/// Most parameter overrides in one job.
pub const MAX_OVERRIDES: usize = 64;

/// The limits as `GET /api/info` reports them.
#[derive(Clone, Debug, Serialize)]
pub struct Limits {
    /// [`MAX_RUNS`].
    pub max_runs: u64,
    /// [`MAX_SAMPLES`].
    pub max_samples: u64,
    /// [`MAX_BODY_BYTES`].
    pub max_body_bytes: usize,
    /// [`MAX_SCENARIO_BYTES`].
    pub max_scenario_bytes: usize,
    /// [`MAX_JOBS_QUEUED`] (or the configured value).
    pub max_jobs_queued: usize,
    /// [`MAX_OVERRIDES`].
    pub max_overrides: usize,
    /// Jobs run at once.
    pub workers: usize,
}

impl Limits {
    /// The limits of a server with `workers` workers and a queue of `queue`.
    pub fn new(workers: usize, queue: usize) -> Limits {
        Limits {
            max_runs: MAX_RUNS,
            max_samples: MAX_SAMPLES,
            max_body_bytes: MAX_BODY_BYTES,
            max_scenario_bytes: MAX_SCENARIO_BYTES,
            max_jobs_queued: queue,
            max_overrides: MAX_OVERRIDES,
            workers,
        }
    }
}
