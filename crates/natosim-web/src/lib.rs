//! natosim-web: the workbench, a local web server over the typed library.
//!
//! A sibling of the CLI (docs/ARCHITECTURE.md, "where to add a front end"):
//! it parses JSON requests into the settings of `natosim_analysis::workflow`,
//! runs the workflows on blocking worker threads with a [`Progress`] sink
//! and cancel flag per job, stores every job and its serialised result in
//! SQLite, and renders charts with `natosim_report` — the same functions as
//! the HTML report, so the two never disagree.
//!
//! * [`api`] — the routes and their JSON types (docs/WORKBENCH.md);
//! * [`jobs`] — the bounded queue and the worker threads;
//! * [`store`] — the history in SQLite, with its migrations;
//! * [`scenario`] — scenarios from requests, overrides, the parameter schema;
//! * [`stored`] — the report's data in a form the store keeps;
//! * [`assets`] — the embedded pages (no Node, no network);
//! * [`limits`] — every bound on a request or a job.
//!
//! [`serve`] is blocking and builds its own tokio runtime, so the CLI stays
//! synchronous; [`router`] gives the `axum::Router` for tests.
//!
//! [`Progress`]: natosim_analysis::Progress

pub mod api;
pub mod assets;
pub mod jobs;
pub mod limits;
pub mod scenario;
pub mod store;
pub mod stored;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

/// How to run the server (`natosim serve`'s options).
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// Address to bind; loopback unless the user says otherwise.
    pub host: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// The SQLite file; `None`: `workbench.sqlite` in the user data
    /// directory ([`default_db_path`]).
    pub db: Option<PathBuf>,
    /// Jobs run at once (each uses all cores through rayon).
    pub workers: usize,
    /// Jobs that may wait beyond the running ones.
    pub queue: usize,
}

impl Default for ServeConfig {
    fn default() -> ServeConfig {
        ServeConfig {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8765,
            db: None,
            workers: 1,
            queue: limits::MAX_JOBS_QUEUED,
        }
    }
}

/// Where the history lives by default: `$XDG_DATA_HOME/natosim/workbench.sqlite`
/// on Linux (the platform's data directory elsewhere), or `None` if the
/// platform has none (then `--db` is required).
pub fn default_db_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("natosim").join("workbench.sqlite"))
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Binding or serving failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The history database could not be opened.
    #[error("{0}")]
    Store(#[from] store::StoreError),
    /// No database path given and no user data directory.
    #[error("no user data directory on this platform; give the history file with --db PATH")]
    NoDataDir,
    /// A bad option.
    #[error("{0}")]
    Config(String),
}

/// The server's shared state: limits, the history store and the job
/// queue. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    limits: limits::Limits,
    store: Arc<store::Store>,
    jobs: Arc<jobs::Jobs>,
}

impl AppState {
    /// Opens the history (`config.db`, the default path, or `:memory:`),
    /// marks jobs a killed server left `interrupted`, and starts the workers.
    pub fn open(config: &ServeConfig) -> Result<AppState, ServeError> {
        if config.workers == 0 || config.workers > 64 {
            return Err(ServeError::Config("--workers must be 1 … 64".into()));
        }
        if config.queue == 0 {
            return Err(ServeError::Config(
                "the queue must hold at least 1 job".into(),
            ));
        }
        let store = match &config.db {
            Some(p) if p.as_os_str() == ":memory:" => store::Store::in_memory()?,
            Some(p) => store::Store::open(p)?,
            None => store::Store::open(&default_db_path().ok_or(ServeError::NoDataDir)?)?,
        };
        let store = Arc::new(store);
        let jobs = jobs::Jobs::start(store.clone(), config.workers, config.queue);
        Ok(AppState {
            inner: Arc::new(Inner {
                limits: limits::Limits::new(config.workers, config.queue),
                store,
                jobs,
            }),
        })
    }

    /// The limits in force.
    pub fn limits(&self) -> &limits::Limits {
        &self.inner.limits
    }

    /// The history.
    pub fn store(&self) -> &store::Store {
        &self.inner.store
    }

    /// The job queue.
    pub fn jobs(&self) -> &jobs::Jobs {
        &self.inner.jobs
    }
}

/// The workbench's routes over `state`.
pub fn router(state: AppState) -> axum::Router {
    api::routes(state)
}

/// Binds `config.host:config.port`, calls `ready` with the bound address,
/// and serves until the process is stopped (Ctrl-C ends it cleanly).
/// Blocking: builds its own multi-threaded tokio runtime.
pub fn serve(config: ServeConfig, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let state = AppState::open(&config)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::new(config.host, config.port)).await?;
        ready(listener.local_addr()?);
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}
