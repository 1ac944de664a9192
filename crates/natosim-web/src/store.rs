//! The history: every job, its inputs and its result, in one SQLite file.
//!
//! One table, `jobs`, holds per job the scenario TOML as it ran (overrides
//! applied), the seed, natosim's version, the settings, the status and
//! timings, and the serialised result (the library's own `Serialize` types,
//! as JSON) — so a job can be reopened, exported and reported on after a
//! restart and gives the same numbers. The schema version is SQLite's
//! `PRAGMA user_version`; [`MIGRATIONS`] brings an older file up to date in
//! one transaction on open, and a newer file (from a later natosim) is
//! refused rather than misread.
//!
//! A finished result is written in the same statement that marks the job
//! `done`, in autocommit mode with `synchronous = FULL`: once a client sees
//! `done`, the result is on disk. Rows still `queued` or `running` when the
//! server starts belonged to a server that was killed: they are marked
//! `interrupted`.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::path::Path;
use std::sync::Mutex;

/// The schema, one step per version: `MIGRATIONS[i]` brings version `i` to
/// `i + 1`. Append, never edit, a step.
pub const MIGRATIONS: &[&str] = &[
    // 1: the jobs table.
    "CREATE TABLE jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        scenario TEXT NOT NULL,
        label TEXT NOT NULL,
        scenario_toml TEXT NOT NULL,
        overrides TEXT NOT NULL,
        settings TEXT NOT NULL,
        seed TEXT NOT NULL,
        version TEXT NOT NULL,
        status TEXT NOT NULL,
        error TEXT,
        runs INTEGER NOT NULL,
        created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        started TEXT,
        finished TEXT,
        cache_key TEXT NOT NULL,
        result TEXT,
        extra TEXT
    );
    CREATE INDEX jobs_cache ON jobs(cache_key);",
];

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("history database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The file is from a newer natosim.
    #[error(
        "history database has schema version {found}, newer than this natosim's {known}: use a newer natosim or another --db"
    )]
    TooNew {
        /// The file's version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// The directory could not be created.
    #[error("history database: cannot create {path}: {source}")]
    Dir {
        /// The directory.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// A job's status.
pub mod status {
    /// Waiting for a worker.
    pub const QUEUED: &str = "queued";
    /// Running.
    pub const RUNNING: &str = "running";
    /// Finished with a result.
    pub const DONE: &str = "done";
    /// Failed; `error` says why.
    pub const FAILED: &str = "failed";
    /// Cancelled by the user.
    pub const CANCELLED: &str = "cancelled";
    /// The server stopped while the job was queued or running.
    pub const INTERRUPTED: &str = "interrupted";
}

/// What a new job row holds.
#[derive(Clone, Debug)]
pub struct NewJob {
    /// `compare`, `sensitivity`, `discover`, `members`.
    pub kind: String,
    /// A title for the history list.
    pub title: String,
    /// The scenario's name.
    pub scenario: String,
    /// The name its text was loaded under (`baseline`, `mine.toml`).
    pub label: String,
    /// The scenario TOML as it runs (overrides applied).
    pub scenario_toml: String,
    /// The overrides as given (JSON object).
    pub overrides: String,
    /// The settings, resolved (JSON object).
    pub settings: String,
    /// Root seed.
    pub seed: u64,
    /// Runs (per model) or evaluations requested.
    pub runs: u64,
    /// Identifies identical inputs (kind, scenario, settings, version).
    pub cache_key: String,
}

/// A row of the history list (`GET /api/jobs`).
#[derive(Clone, Debug, Serialize)]
pub struct JobSummary {
    /// Id.
    pub id: i64,
    /// Kind.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Scenario name.
    pub scenario: String,
    /// Root seed (a string: seeds may exceed JavaScript's safe integers).
    pub seed: String,
    /// natosim version that ran it.
    pub version: String,
    /// Status.
    pub status: String,
    /// Created (UTC, ISO 8601).
    pub created: String,
    /// Finished (UTC), if it has.
    pub finished: Option<String>,
    /// Runs per model (compare, members) or samples (sensitivity, discover).
    pub runs: i64,
}

/// A full job record.
#[derive(Clone, Debug, Serialize)]
pub struct JobRecord {
    /// The summary fields.
    #[serde(flatten)]
    pub summary: JobSummary,
    /// Started (UTC), if it has.
    pub started: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
    /// The name its text was loaded under.
    pub label: String,
    /// The scenario TOML it ran.
    pub scenario_toml: String,
    /// The overrides as given.
    pub overrides: serde_json::Value,
    /// The settings as resolved.
    pub settings: serde_json::Value,
    /// The result (JSON), once done.
    pub result: Option<serde_json::Value>,
    /// Kind-specific data for charts and reports (not sent to clients).
    #[serde(skip)]
    pub extra: Option<String>,
}

/// The history database. Thread-safe; each call holds the connection briefly.
pub struct Store {
    conn: Mutex<Connection>,
}

const SUMMARY_COLUMNS: &str =
    "id, kind, title, scenario, seed, version, status, created, finished, runs";

fn summary(row: &rusqlite::Row<'_>) -> rusqlite::Result<JobSummary> {
    Ok(JobSummary {
        id: row.get(0)?,
        kind: row.get(1)?,
        title: row.get(2)?,
        scenario: row.get(3)?,
        seed: row.get(4)?,
        version: row.get(5)?,
        status: row.get(6)?,
        created: row.get(7)?,
        finished: row.get(8)?,
        runs: row.get(9)?,
    })
}

fn json(text: Option<String>) -> Option<serde_json::Value> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

impl Store {
    /// Opens (creating if need be) the database at `path`, migrates it, and
    /// marks jobs left queued or running by a previous server `interrupted`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Dir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let conn = Connection::open(path)?;
        Store::init(conn)
    }

    /// An in-memory database (tests, `--db :memory:`).
    pub fn in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Store, StoreError> {
        // Another process (a second server on the same file) may hold the
        // lock for a moment: wait rather than fail.
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // WAL: readers (the history page) do not wait for a writer; FULL:
        // a committed result survives a power cut, not only a killed process.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        migrate(&mut conn)?;
        conn.execute(
            "UPDATE jobs SET status = ?1, error = 'the server stopped before the job finished',
                    finished = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE status IN (?2, ?3)",
            params![status::INTERRUPTED, status::QUEUED, status::RUNNING],
        )?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite inconsistent
        // (each statement is atomic), so a poisoned lock is still usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Inserts a queued job; returns its id.
    pub fn insert(&self, job: &NewJob) -> Result<i64, StoreError> {
        let c = self.conn();
        c.execute(
            "INSERT INTO jobs (kind, title, scenario, scenario_toml, overrides, settings, seed,
                               version, status, runs, cache_key, label)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                job.kind,
                job.title,
                job.scenario,
                job.scenario_toml,
                job.overrides,
                job.settings,
                job.seed.to_string(),
                crate::api::VERSION,
                status::QUEUED,
                i64::try_from(job.runs).unwrap_or(i64::MAX),
                job.cache_key,
                job.label,
            ],
        )?;
        Ok(c.last_insert_rowid())
    }

    /// The id of a finished job with exactly these inputs, if any.
    pub fn cached(&self, job: &NewJob) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id FROM jobs WHERE cache_key = ?1 AND status = ?2 AND kind = ?3
                   AND scenario_toml = ?4 AND overrides = ?5 AND settings = ?6 AND version = ?7
                 ORDER BY id DESC LIMIT 1",
                params![
                    job.cache_key,
                    status::DONE,
                    job.kind,
                    job.scenario_toml,
                    job.overrides,
                    job.settings,
                    crate::api::VERSION
                ],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Marks a queued job running; `false` if it was no longer queued.
    pub fn start(&self, id: i64) -> Result<bool, StoreError> {
        let n = self.conn().execute(
            "UPDATE jobs SET status = ?1, started = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?2 AND status = ?3",
            params![status::RUNNING, id, status::QUEUED],
        )?;
        Ok(n == 1)
    }

    /// Stores the result and marks the job done, in one statement.
    pub fn finish(&self, id: i64, result: &str, extra: Option<&str>) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE jobs SET status = ?1, result = ?2, extra = ?3,
                    finished = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?4",
            params![status::DONE, result, extra, id],
        )?;
        Ok(())
    }

    /// Marks the job `status` (failed, cancelled) with a message.
    pub fn end(&self, id: i64, status: &str, error: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE jobs SET status = ?1, error = ?2,
                    finished = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?3",
            params![status, error, id],
        )?;
        Ok(())
    }

    /// The history, newest first (at most `limit` rows).
    pub fn list(&self, limit: usize) -> Result<Vec<JobSummary>, StoreError> {
        let c = self.conn();
        let mut q = c.prepare(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM jobs ORDER BY id DESC LIMIT ?1"
        ))?;
        let rows = q.query_map(params![i64::try_from(limit).unwrap_or(i64::MAX)], summary)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One job's full record.
    pub fn get(&self, id: i64) -> Result<Option<JobRecord>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                &format!(
                    "SELECT {SUMMARY_COLUMNS}, started, error, scenario_toml, overrides, settings,
                            result, extra, label
                     FROM jobs WHERE id = ?1"
                ),
                params![id],
                |r| {
                    Ok(JobRecord {
                        summary: summary(r)?,
                        started: r.get(10)?,
                        error: r.get(11)?,
                        scenario_toml: r.get(12)?,
                        overrides: json(r.get(13)?).unwrap_or_default(),
                        settings: json(r.get(14)?).unwrap_or_default(),
                        result: json(r.get(15)?),
                        extra: r.get(16)?,
                        label: r.get(17)?,
                    })
                },
            )
            .optional()?)
    }

    /// One job's status, if it exists.
    pub fn status(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT status FROM jobs WHERE id = ?1", params![id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Deletes a job; `false` if there was none.
    pub fn delete(&self, id: i64) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .execute("DELETE FROM jobs WHERE id = ?1", params![id])?
            == 1)
    }
}

/// Applies the missing [`MIGRATIONS`] in one transaction.
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let known = MIGRATIONS.len() as i64;
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > known {
        return Err(StoreError::TooNew { found, known });
    }
    if found == known {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for step in &MIGRATIONS[found as usize..] {
        tx.execute_batch(step)?;
    }
    tx.pragma_update(None, "user_version", known)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> NewJob {
        NewJob {
            kind: "compare".into(),
            title: "t".into(),
            scenario: "baseline".into(),
            label: "baseline".into(),
            scenario_toml: "x = 1".into(),
            overrides: "{}".into(),
            settings: "{}".into(),
            seed: u64::MAX,
            runs: 10,
            cache_key: "k".into(),
        }
    }

    #[test]
    fn migrates_marks_interrupted_and_refuses_newer_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/h.sqlite");
        let s = Store::open(&path).unwrap();
        let a = s.insert(&job()).unwrap();
        let b = s.insert(&job()).unwrap();
        assert!(s.start(b).unwrap());
        let c = s.insert(&job()).unwrap();
        assert!(s.start(c).unwrap());
        s.finish(c, "{\"x\":1}", None).unwrap();
        assert_eq!(s.cached(&job()).unwrap(), Some(c));
        drop(s);
        let s = Store::open(&path).unwrap();
        assert_eq!(s.status(a).unwrap().as_deref(), Some(status::INTERRUPTED));
        assert_eq!(s.status(b).unwrap().as_deref(), Some(status::INTERRUPTED));
        assert_eq!(s.status(c).unwrap().as_deref(), Some(status::DONE));
        let r = s.get(c).unwrap().unwrap();
        assert_eq!(r.summary.seed, u64::MAX.to_string());
        assert_eq!(r.result, Some(serde_json::json!({"x": 1})));
        drop(s);
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::TooNew { found: 99, .. })
        ));
    }
}
