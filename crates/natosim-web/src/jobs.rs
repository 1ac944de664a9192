//! Jobs: a bounded queue and a pool of worker threads running the
//! library's workflows, each with a progress sink and a cancel flag.
//!
//! A job is checked completely when it is submitted (scenario, overrides,
//! settings, limits), so bad input is a 400 before anything is queued, and
//! a queued job cannot fail on its input later. Workers are plain OS
//! threads, not tokio tasks: an ensemble is seconds of CPU work that must
//! not stall the server's async threads, and it goes on when the client
//! that started it goes away — the job is in the store and can be
//! reattached by id. The result is committed to the store before the job
//! is reported `done`.

use crate::api::ApiError;
use crate::scenario::{Resolved, ScenarioInput};
use crate::store::{NewJob, Store, status};
use crate::stored::StoredReport;
use crate::{limits, scenario};
use natosim_analysis::explore::Problem;
use natosim_analysis::prim::PrimOptions;
use natosim_analysis::workflow::{self, Condition, DiscoverSettings, Method, SensitivitySettings};
use natosim_analysis::{AnalysisError, EnsembleOptions, Progress, ProgressSink, UncertaintyMode};
use natosim_core::explore::ExplorationSpec;
use natosim_core::scenario::Models;
use natosim_core::{Dataset, ModelId, Scenario};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};

/// The kinds of job.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The models side by side (`workflow::compare`), plus the report's
    /// fans and maps for the charts.
    Compare,
    /// Sobol' or Morris indices of one metric (`workflow::sensitivity`).
    Sensitivity,
    /// PRIM boxes for a condition (`workflow::discover`).
    Discover,
    /// Each ally's path by year (`workflow::members`).
    Members,
}

impl Kind {
    /// Its name in JSON and the store.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Compare => "compare",
            Kind::Sensitivity => "sensitivity",
            Kind::Discover => "discover",
            Kind::Members => "members",
        }
    }
}

/// `POST /api/jobs`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobRequest {
    /// What to run.
    pub kind: Kind,
    /// On which scenario.
    pub scenario: ScenarioInput,
    /// Parameter path → value, applied to the scenario text first.
    #[serde(default)]
    pub overrides: BTreeMap<String, Value>,
    /// The settings of the kind.
    #[serde(default)]
    pub settings: Settings,
}

/// A job's settings; each kind reads the ones it needs (docs/WORKBENCH.md).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Runs per model (compare, members) [default: the scenario's `runs`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs: Option<u64>,
    /// Root seed [default: the scenario's `seed`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Models to compare [default: all of the scenario's].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub models: Option<Vec<String>>,
    /// The model (sensitivity, discover, members) [default: status-quo].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// `combined` or `aleatory` (compare) [default: combined if the scenario
    /// declares uncertainties].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<UncertaintyMode>,
    /// The metric to explain (sensitivity).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// `sobol` or `morris` (sensitivity) [default: morris].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    /// Sobol' base samples / Morris trajectories / discovery experiments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub samples: Option<u64>,
    /// Morris grid levels [default: 4].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub levels: Option<usize>,
    /// Bootstrap resamples [default: 200].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bootstrap: Option<usize>,
    /// The condition of a discovery, `METRIC OP NUMBER`.
    #[serde(
        rename = "where",
        alias = "condition",
        skip_serializing_if = "Option::is_none"
    )]
    pub condition: Option<String>,
}

/// What a worker runs: everything already checked.
enum Plan {
    Compare {
        models: Vec<ModelId>,
        opts: EnsembleOptions,
        mode: UncertaintyMode,
    },
    Sensitivity {
        model: ModelId,
        settings: SensitivitySettings,
    },
    Discover {
        model: ModelId,
        settings: DiscoverSettings,
    },
    Members {
        model: ModelId,
        opts: EnsembleOptions,
    },
}

struct Prepared {
    id: i64,
    scenario: Scenario,
    spec: ExplorationSpec,
    plan: Plan,
    live: Arc<Live>,
}

/// A running or queued job's progress and cancel flag.
#[derive(Default)]
pub struct Live {
    /// Set to stop the job at its next check.
    pub cancel: AtomicBool,
    /// Units done.
    pub done: AtomicU64,
    /// Units in all (0 until known).
    pub total: AtomicU64,
    /// Added to what the workflow reports (a job of two passes).
    base: AtomicU64,
    /// Whether the total was set by the job, not by the workflow.
    fixed_total: AtomicBool,
}

impl ProgressSink for Live {
    fn start(&self, total: u64, _what: &str) {
        if !self.fixed_total.load(Ordering::Relaxed) {
            self.total.store(total, Ordering::Relaxed);
        }
    }
    fn advance(&self, done: u64) {
        self.done
            .store(self.base.load(Ordering::Relaxed) + done, Ordering::Relaxed);
    }
}

/// The queue and its workers.
pub struct Jobs {
    sender: SyncSender<Prepared>,
    live: Mutex<HashMap<i64, Arc<Live>>>,
    queued: AtomicUsize,
    capacity: usize,
}

fn bad(field: &str, message: impl std::fmt::Display) -> ApiError {
    ApiError::bad_input(format!("field `settings.{field}`: {message}"))
}

fn model(scenario: &Scenario, name: Option<&str>, field: &str) -> Result<ModelId, ApiError> {
    let name = name.unwrap_or("status-quo");
    scenario.parse_model(name).map_err(|d| bad(field, d))
}

/// The scenario with only `models`, in that order (the report's charts show
/// the models compared, not all of the scenario's).
fn with_models(scenario: &Scenario, models: &[ModelId]) -> Scenario {
    let mut s = scenario.clone();
    let mut m = Models::default();
    for id in models {
        if let Some(inst) = scenario.model(id) {
            m.insert(id.clone(), inst.clone());
        }
    }
    s.models = m;
    s
}

/// FNV-1a: a stable hash of the inputs (std's hasher may change between
/// Rust releases; the key is stored). Equality is checked on the full
/// columns, so a collision only costs a lookup.
fn fnv(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}

impl Jobs {
    /// Starts `workers` threads that take jobs from a queue of `capacity`.
    pub fn start(store: Arc<Store>, workers: usize, capacity: usize) -> Arc<Jobs> {
        let (sender, receiver) = sync_channel::<Prepared>(capacity);
        let jobs = Arc::new(Jobs {
            sender,
            live: Mutex::new(HashMap::new()),
            queued: AtomicUsize::new(0),
            capacity,
        });
        let receiver = Arc::new(Mutex::new(receiver));
        for i in 0..workers {
            let (jobs, store, receiver) = (jobs.clone(), store.clone(), receiver.clone());
            std::thread::Builder::new()
                .name(format!("natosim-job-{i}"))
                .spawn(move || worker(&jobs, &store, &receiver))
                .expect("spawning a worker thread");
        }
        jobs
    }

    /// The progress of a queued or running job.
    pub fn live(&self, id: i64) -> Option<Arc<Live>> {
        self.lock().get(&id).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<Live>>> {
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Jobs waiting for a worker.
    pub fn queued(&self) -> usize {
        self.queued.load(Ordering::Relaxed)
    }

    /// Checks `req`, stores it and queues it. Returns the id and whether an
    /// identical finished job answered it from the store instead.
    pub fn submit(&self, store: &Store, req: JobRequest) -> Result<(i64, bool), ApiError> {
        let r = scenario::resolve(&req.scenario, &req.overrides)?;
        let (plan, title, runs, settings) = plan(&req, &r)?;
        let new = NewJob {
            kind: req.kind.name().into(),
            title,
            scenario: r.loaded.scenario.scenario.name.clone(),
            label: r.label.clone(),
            overrides: serde_json::to_string(&req.overrides).unwrap_or_default(),
            settings: serde_json::to_string(&settings).unwrap_or_default(),
            seed: match &plan {
                Plan::Compare { opts, .. } | Plan::Members { opts, .. } => opts.seed,
                Plan::Sensitivity { settings, .. } => settings.seed,
                Plan::Discover { settings, .. } => settings.seed,
            },
            runs,
            cache_key: String::new(),
            scenario_toml: r.text,
        };
        let new = NewJob {
            cache_key: fnv(&[
                &new.kind,
                &new.scenario_toml,
                &new.overrides,
                &new.settings,
                crate::api::VERSION,
            ]),
            ..new
        };
        // Same scenario text, settings and version: the same numbers (the
        // engine is deterministic), so the stored result answers.
        if let Some(id) = store.cached(&new).map_err(ApiError::store)? {
            return Ok((id, true));
        }
        if self.queued.fetch_add(1, Ordering::SeqCst) >= self.capacity {
            self.queued.fetch_sub(1, Ordering::SeqCst);
            return Err(self.full());
        }
        let id = match store.insert(&new) {
            Ok(id) => id,
            Err(e) => {
                self.queued.fetch_sub(1, Ordering::SeqCst);
                return Err(ApiError::store(e));
            }
        };
        let live = Arc::new(Live::default());
        self.lock().insert(id, live.clone());
        let job = Prepared {
            id,
            scenario: r.loaded.scenario,
            spec: r.spec,
            plan,
            live,
        };
        match self.sender.try_send(job) {
            Ok(()) => Ok((id, false)),
            Err(e) => {
                self.queued.fetch_sub(1, Ordering::SeqCst);
                self.lock().remove(&id);
                let _ = store.delete(id);
                Err(match e {
                    TrySendError::Full(_) => self.full(),
                    TrySendError::Disconnected(_) => ApiError::internal("the job workers stopped"),
                })
            }
        }
    }

    fn full(&self) -> ApiError {
        ApiError::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "queue_full",
            format!(
                "the job queue is full ({} jobs waiting, the limit); try again when one has finished",
                self.capacity
            ),
        )
    }

    /// Sets the cancel flag of a queued or running job; `false` if it is
    /// neither.
    pub fn cancel(&self, id: i64) -> bool {
        match self.live(id) {
            Some(l) => {
                l.cancel.store(true, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }
}

/// Resolves the settings of `req` on the loaded scenario.
fn plan(req: &JobRequest, r: &Resolved) -> Result<(Plan, String, u64, Settings), ApiError> {
    let s = &req.settings;
    let sc = &r.loaded.scenario;
    let seed = s.seed.unwrap_or(sc.scenario.seed);
    let runs = s.runs.unwrap_or(u64::from(sc.scenario.runs));
    let check_runs = || -> Result<u64, ApiError> {
        if runs == 0 || runs > limits::MAX_RUNS {
            return Err(bad(
                "runs",
                format!("{runs}: allowed 1 … {}", limits::MAX_RUNS),
            ));
        }
        Ok(runs)
    };
    let check_samples = |default: u64| -> Result<u64, ApiError> {
        let n = s.samples.unwrap_or(default);
        if n == 0 || n > limits::MAX_SAMPLES {
            return Err(bad(
                "samples",
                format!("{n}: allowed 1 … {}", limits::MAX_SAMPLES),
            ));
        }
        Ok(n)
    };
    let name = &sc.scenario.name;
    let mut resolved = s.clone();
    resolved.seed = Some(seed);
    let needs_uncertainties = || -> Result<(), ApiError> {
        if r.spec.uncertainties.is_empty() {
            return Err(ApiError::bad_input(format!(
                "field `scenario`: `{name}` declares no uncertainties; add [uncertainties.\"PATH\"] tables or use the shipped `uncertain-baseline`"
            )));
        }
        Ok(())
    };
    Ok(match req.kind {
        Kind::Compare => {
            let runs = check_runs()?;
            let models = match &s.models {
                None => sc.model_ids(),
                Some(ms) if ms.is_empty() => return Err(bad("models", "name at least one model")),
                Some(ms) => ms
                    .iter()
                    .map(|m| sc.parse_model(m.trim()).map_err(|d| bad("models", d)))
                    .collect::<Result<_, _>>()?,
            };
            let mode = match s.uncertainty {
                Some(UncertaintyMode::Split) => {
                    return Err(bad("uncertainty", "allowed: combined, aleatory"));
                }
                Some(UncertaintyMode::Combined) if r.spec.uncertainties.is_empty() => {
                    return Err(bad(
                        "uncertainty",
                        format!("combined: `{name}` declares no uncertainties; use aleatory"),
                    ));
                }
                Some(m) => m,
                None if r.spec.uncertainties.is_empty() => UncertaintyMode::Aleatory,
                None => UncertaintyMode::Combined,
            };
            resolved.runs = Some(runs);
            resolved.uncertainty = Some(mode);
            resolved.models = Some(models.iter().map(|m| m.id().to_string()).collect());
            let title = format!("compare {name}, {runs} runs");
            (
                Plan::Compare {
                    models,
                    opts: EnsembleOptions { seed, runs },
                    mode,
                },
                title,
                runs,
                resolved,
            )
        }
        Kind::Members => {
            let runs = check_runs()?;
            let model = model(sc, s.model.as_deref(), "model")?;
            resolved.runs = Some(runs);
            resolved.model = Some(model.id().to_string());
            let title = format!("members {name}, {model}, {runs} runs");
            (
                Plan::Members {
                    model,
                    opts: EnsembleOptions { seed, runs },
                },
                title,
                runs,
                resolved,
            )
        }
        Kind::Sensitivity => {
            needs_uncertainties()?;
            let model = model(sc, s.model.as_deref(), "model")?;
            let metric = s.metric.clone().ok_or_else(|| {
                bad(
                    "metric",
                    format!(
                        "required; one of {}",
                        natosim_core::metrics::metric_names().join(", ")
                    ),
                )
            })?;
            natosim_core::Metric::from_name(&metric).map_err(|e| bad("metric", e))?;
            let method = s.method.unwrap_or(Method::Morris);
            let samples = check_samples(if method == Method::Sobol { 256 } else { 20 })?;
            let mut settings = SensitivitySettings::new(metric.clone(), method, seed);
            settings.samples = Some(samples as usize);
            if let Some(l) = s.levels {
                settings.levels = l;
            }
            if let Some(b) = s.bootstrap {
                if b > 2000 {
                    return Err(bad("bootstrap", format!("{b}: allowed 0 … 2000")));
                }
                settings.bootstrap = b;
            }
            resolved.model = Some(model.id().to_string());
            resolved.method = Some(method);
            resolved.samples = Some(samples);
            resolved.levels = Some(settings.levels);
            resolved.bootstrap = Some(settings.bootstrap);
            let title = format!("sensitivity of {metric}, {name}, {model}");
            (
                Plan::Sensitivity { model, settings },
                title,
                samples,
                resolved,
            )
        }
        Kind::Discover => {
            needs_uncertainties()?;
            let model = model(sc, s.model.as_deref(), "model")?;
            let text = s
                .condition
                .clone()
                .ok_or_else(|| bad("where", "required, e.g. `p_attack > 0.2`"))?;
            let condition = Condition::parse(&text).map_err(|e| bad("where", e))?;
            let samples = check_samples(500)?;
            resolved.model = Some(model.id().to_string());
            resolved.samples = Some(samples);
            let title = format!("discover {text}, {name}, {model}");
            (
                Plan::Discover {
                    model,
                    settings: DiscoverSettings {
                        condition,
                        samples: samples as usize,
                        prim: PrimOptions::default(),
                        seed,
                    },
                },
                title,
                samples,
                resolved,
            )
        }
    })
}

fn worker(jobs: &Jobs, store: &Store, receiver: &Mutex<Receiver<Prepared>>) {
    let data = match Dataset::embedded() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("natosim-web: cannot load the embedded dataset: {e}");
            return;
        }
    };
    loop {
        let job = {
            let r = receiver.lock().unwrap_or_else(|p| p.into_inner());
            match r.recv() {
                Ok(j) => j,
                Err(_) => return,
            }
        };
        jobs.queued.fetch_sub(1, Ordering::SeqCst);
        let id = job.id;
        let outcome = if job.live.cancel.load(Ordering::Relaxed) {
            Err(AnalysisError::Cancelled)
        } else {
            match store.start(id) {
                Ok(true) => run(&job, &data),
                // Deleted while queued.
                Ok(false) => {
                    jobs.lock().remove(&id);
                    continue;
                }
                Err(e) => Err(AnalysisError::InvalidSetting {
                    setting: "store",
                    message: e.to_string(),
                }),
            }
        };
        // The result is committed before the job leaves the live table, so a
        // client that sees it gone reads it from the store.
        let written = match outcome {
            Ok((result, extra)) => store.finish(id, &result, extra.as_deref()),
            Err(AnalysisError::Cancelled) => store.end(id, status::CANCELLED, "cancelled"),
            Err(e) => store.end(id, status::FAILED, &e.to_string()),
        };
        if let Err(e) = written {
            eprintln!("natosim-web: job {id}: cannot store its outcome: {e}");
        }
        jobs.lock().remove(&id);
    }
}

fn to_json(v: &impl Serialize) -> Result<String, AnalysisError> {
    serde_json::to_string(v).map_err(|e| AnalysisError::InvalidSetting {
        setting: "result",
        message: e.to_string(),
    })
}

/// Runs one job: its result JSON and, for a comparison, the report data.
fn run(job: &Prepared, data: &Dataset) -> Result<(String, Option<String>), AnalysisError> {
    let live = &job.live;
    let progress = Progress::new(live.as_ref()).with_cancel(&live.cancel);
    match &job.plan {
        Plan::Compare { models, opts, mode } => {
            // Two passes: the comparison itself, then the report's pass for
            // the fans and maps (its own code, so the charts are the report's).
            let n = opts.runs * models.len() as u64;
            live.fixed_total.store(true, Ordering::Relaxed);
            live.total.store(2 * n, Ordering::Relaxed);
            let c = workflow::compare_uncertain(
                &job.scenario,
                &job.spec,
                data,
                models,
                *opts,
                *mode,
                &progress,
            )?;
            progress.check()?;
            live.base.store(n, Ordering::Relaxed);
            let sub = with_models(&job.scenario, models);
            let report =
                natosim_report::compute_uncertain(&sub, &job.spec, *mode, data, *opts, &|d| {
                    live.advance(d)
                })
                .map_err(|d| AnalysisError::Scenario(Box::new(d)))?;
            progress.check()?;
            Ok((to_json(&c)?, Some(to_json(&StoredReport::new(&report))?)))
        }
        Plan::Members { model, opts } => {
            live.fixed_total.store(true, Ordering::Relaxed);
            live.total.store(opts.runs, Ordering::Relaxed);
            let m = workflow::members(&job.scenario, data, model, *opts, &progress)?;
            Ok((to_json(&m)?, None))
        }
        Plan::Sensitivity { model, settings } => {
            let p = Problem::new(&job.scenario, &job.spec, data, model.clone())?;
            let s = workflow::sensitivity(&p, settings, &progress)?;
            Ok((to_json(&s.result)?, None))
        }
        Plan::Discover { model, settings } => {
            let p = Problem::new(&job.scenario, &job.spec, data, model.clone())?;
            let d = workflow::discover(&p, settings, &progress)?;
            Ok((to_json(&d.result)?, None))
        }
    }
}
