//! The HTTP API: routes, their JSON types and the one error shape
//! `{ "error": { "kind", "message", "diagnostics"? } }` (docs/WORKBENCH.md).
//!
//! Handlers return [`ApiError`] for every failure, with the status the
//! failure deserves (400 bad input, 404, 413, 503 queue full); none panics
//! on any input. Request bodies are read as bytes under the body limit and
//! parsed with `serde_path_to_error`, so a wrong field is named by its path.

use crate::jobs::{JobRequest, Kind};
use crate::scenario::{ScenarioInput, schema};
use crate::store::{JobRecord, StoreError, status};
use crate::stored::StoredReport;
use crate::{AppState, assets, limits};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use natosim_core::scenario::{Diagnostic, Diagnostics};
use natosim_report::Lang;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::sync::LazyLock;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// An error answer: status, a machine-readable kind, a message for people
/// and, for scenario problems, the diagnostics (the CLI's text).
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// `bad_input`, `scenario`, `not_found`, `too_large`, `queue_full`, `conflict`, `internal`.
    pub kind: &'static str,
    /// What went wrong and what is allowed.
    pub message: String,
    /// Scenario diagnostics, if any (JSON objects, see [`diagnostics_json`]).
    pub diagnostics: Option<Vec<Value>>,
}

impl ApiError {
    /// 400: the request is wrong; `message` says what is allowed.
    pub fn bad_input(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_input", message)
    }

    /// 400 for a scenario that does not load: the diagnostics, one per
    /// problem, and the CLI's text of them as the message.
    pub fn scenario(d: &Diagnostics) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "scenario", d.to_string()).with_diagnostics(&d.0)
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 413.
    pub fn too_large(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message)
    }

    /// 500: a failure of the server (its store), not of the request.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// 500 from the store.
    pub fn store(e: StoreError) -> ApiError {
        ApiError::internal(e.to_string())
    }

    /// An error with `status` and `kind`.
    pub fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            kind,
            message: message.into(),
            diagnostics: None,
        }
    }

    /// With these diagnostics.
    pub fn with_diagnostics(mut self, d: &[Diagnostic]) -> ApiError {
        self.diagnostics = Some(diagnostics_json(d));
        self
    }

    /// The message with `prefix` before it (e.g. the field it concerns).
    pub fn prefixed(mut self, prefix: &str) -> ApiError {
        self.message = format!("{prefix}{}", self.message);
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut e = json!({ "kind": self.kind, "message": self.message });
        if let Some(d) = self.diagnostics {
            e["diagnostics"] = Value::Array(d);
        }
        (self.status, Json(json!({ "error": e }))).into_response()
    }
}

/// Diagnostics as JSON: `message` is the CLI's line (the core's Display),
/// the other fields are the facts apart, for showing at a form field.
pub fn diagnostics_json(d: &[Diagnostic]) -> Vec<Value> {
    d.iter()
        .map(|d| {
            json!({
                "kind": format!("{:?}", d.kind),
                "message": d.to_string(),
                "text": d.to_string(),
                "detail": d.message,
                "file": d.file.as_deref(),
                "path": d.path,
                "line": d.location.map(|l| l.line),
                "column": d.location.map(|l| l.column),
                "allowed": d.allowed,
                "hint": d.hint.as_deref(),
            })
        })
        .collect()
}

/// Parses a JSON body, naming the field that is wrong.
fn body<T: DeserializeOwned>(bytes: Result<Bytes, BytesRejection>) -> Result<T, ApiError> {
    let bytes = bytes.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large(format!(
                "the request body is larger than {} bytes, the limit",
                limits::MAX_BODY_BYTES
            ))
        } else {
            ApiError::bad_input(format!("cannot read the request body: {e}"))
        }
    })?;
    let de = &mut serde_json::Deserializer::from_slice(&bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path.is_empty() || path == "." {
            ApiError::bad_input(format!("the request body is not valid here: {inner}"))
        } else {
            ApiError::bad_input(format!("field `{path}`: {inner}"))
        }
    })
}

/// One metric as `GET /api/info` lists it.
#[derive(Debug, Serialize)]
pub struct MetricEntry {
    /// Machine name.
    pub name: &'static str,
    /// Kind (`index`, `probability`, `days`, …).
    pub kind: natosim_core::metrics::Kind,
    /// Unit label (English).
    pub unit: &'static str,
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// What it measures.
    pub description: &'static str,
    /// Its name in English, as the report writes it.
    pub label_en: String,
    /// Its name in German (the study's terms), as the report writes it.
    pub label_de: String,
}

/// A metric's name in `lang` from the report's translation table (the
/// metric's own name where the table has none).
fn metric_label(lang: Lang, name: &str) -> String {
    let t = lang.t(&format!("metric.{name}"));
    if t.starts_with('⟦') {
        name.to_string()
    } else {
        t
    }
}

/// `GET /api/info`.
#[derive(Debug, Serialize)]
pub struct Info {
    /// natosim's version.
    pub version: &'static str,
    /// The limits in force.
    pub limits: limits::Limits,
    /// The models of the default scenario, in output order.
    pub models_default: Vec<String>,
    /// Every outcome metric.
    pub metrics: Vec<MetricEntry>,
    /// Jobs waiting now.
    pub queued: usize,
}

/// The version every stored job records.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

async fn info(State(state): State<AppState>) -> Json<Info> {
    let models_default = natosim_core::Scenario::defaults()
        .model_ids()
        .iter()
        .map(|m| m.to_string())
        .collect();
    Json(Info {
        version: VERSION,
        limits: state.limits().clone(),
        models_default,
        metrics: natosim_core::METRICS
            .iter()
            .map(|m| MetricEntry {
                name: m.name,
                kind: m.kind,
                unit: m.kind.unit(),
                lo: m.lo,
                hi: m.hi,
                description: m.description,
                label_en: metric_label(Lang::En, m.name),
                label_de: metric_label(Lang::De, m.name),
            })
            .collect(),
        queued: state.jobs().queued(),
    })
}

/// A shipped scenario in the list.
#[derive(Clone, Debug, Serialize)]
pub struct ScenarioEntry {
    /// The name to load it by.
    pub name: String,
    /// Its title (`[scenario] name`).
    pub title: String,
    /// What it asks.
    pub description: String,
    /// Whether it declares uncertainties (sensitivity and discovery need them).
    pub uncertain: bool,
}

static SCENARIOS: LazyLock<Vec<ScenarioEntry>> = LazyLock::new(|| {
    natosim_core::shipped::SHIPPED
        .iter()
        .filter_map(|(name, _)| {
            let l =
                natosim_core::scenario::load(name, &natosim_core::scenario::ShippedSource).ok()?;
            let uncertain = l.exploration().is_ok_and(|s| !s.uncertainties.is_empty());
            Some(ScenarioEntry {
                name: name.to_string(),
                title: l.scenario.scenario.name.clone(),
                description: l.scenario.scenario.description.clone(),
                uncertain,
            })
        })
        .collect()
});

async fn scenarios() -> Json<Vec<ScenarioEntry>> {
    Json(SCENARIOS.clone())
}

async fn scenario_text(Path(name): Path<String>) -> Result<Json<Value>, ApiError> {
    let (_, text) = crate::scenario::source_text(&ScenarioInput {
        name: Some(name.clone()),
        toml: None,
    })
    .map_err(|e| ApiError {
        status: StatusCode::NOT_FOUND,
        kind: "not_found",
        ..e
    })?;
    Ok(Json(json!({ "name": name, "toml": text })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemaRequest {
    scenario: ScenarioInput,
}

async fn schema_route(bytes: Result<Bytes, BytesRejection>) -> Result<Json<Value>, ApiError> {
    let req: SchemaRequest = body(bytes)?;
    let r = blocking(move || {
        crate::scenario::resolve(&req.scenario, &Default::default())
            .map(|r| serde_json::to_value(schema(&r.loaded, &r.spec)).unwrap_or_default())
    })
    .await?;
    Ok(Json(r))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidateRequest {
    toml: String,
    name: Option<String>,
}

async fn validate(bytes: Result<Bytes, BytesRejection>) -> Result<Json<Value>, ApiError> {
    let req: ValidateRequest = body(bytes)?;
    crate::scenario::check_size(&req.toml)?;
    let d = blocking(move || {
        let (label, _) = crate::scenario::source_text(&ScenarioInput {
            name: req.name,
            toml: Some(req.toml.clone()),
        })?;
        Ok(crate::scenario::validate(&label, &req.toml))
    })
    .await?;
    Ok(Json(json!({ "ok": d.is_empty(), "diagnostics": d })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetRequest {
    toml: String,
    name: Option<String>,
    path: String,
    value: Value,
}

/// Edits one parameter in the text; the answer has the new text and the
/// diagnostics of loading it (so an out-of-range value is reported in the
/// CLI's words and the text still comes back for further editing).
async fn set_param(bytes: Result<Bytes, BytesRejection>) -> Result<Json<Value>, ApiError> {
    let req: SetRequest = body(bytes)?;
    crate::scenario::check_size(&req.toml)?;
    let out = blocking(move || {
        let (label, _) = crate::scenario::source_text(&ScenarioInput {
            name: req.name.clone(),
            toml: Some(req.toml.clone()),
        })?;
        // The parameter is resolved on the scenario as it loads now; a text
        // that does not load yet is edited against the defaults.
        let base = crate::scenario::load_text(&label, &req.toml)
            .map(|(l, _)| l.scenario)
            .unwrap_or_else(|_| natosim_core::Scenario::defaults());
        let text = crate::scenario::set_in_text(&req.toml, &req.path, &req.value, &base)
            .map_err(|e| e.prefixed(&format!("field `{}`: ", req.path)))?;
        crate::scenario::check_size(&text)?;
        let d = crate::scenario::validate(&label, &text);
        Ok(json!({ "toml": text, "ok": d.is_empty(), "diagnostics": d }))
    })
    .await?;
    Ok(Json(out))
}

/// Runs `f` on tokio's blocking pool (scenario loading and chart rendering
/// take milliseconds of CPU; the async threads stay free).
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(format!("a request handler failed: {e}")))?
}

async fn submit(
    State(state): State<AppState>,
    bytes: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let req: JobRequest = body(bytes)?;
    let s = state.clone();
    let (id, cached) = blocking(move || s.jobs().submit(s.store(), req)).await?;
    Ok((
        StatusCode::ACCEPTED,
        [(header::LOCATION, format!("/api/jobs/{id}"))],
        Json(json!({ "id": id, "cached": cached })),
    )
        .into_response())
}

#[derive(Deserialize)]
struct ListQuery {
    limit: Option<usize>,
}

async fn list(
    State(state): State<AppState>,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let limit = query(q)?.limit.unwrap_or(500).min(5000);
    let s = state.clone();
    let rows = blocking(move || s.store().list(limit).map_err(ApiError::store)).await?;
    Ok(Json(serde_json::to_value(rows).unwrap_or_default()))
}

fn record(state: &AppState, id: i64) -> Result<JobRecord, ApiError> {
    state
        .store()
        .get(id)
        .map_err(ApiError::store)?
        .ok_or_else(|| ApiError::not_found(format!("no job {id}")))
}

fn progress(state: &AppState, id: i64, st: &str) -> Value {
    match state.jobs().live(id) {
        Some(l) => {
            let (done, total) = (
                l.done.load(Ordering::Relaxed),
                l.total.load(Ordering::Relaxed),
            );
            json!({ "done": done, "total": total })
        }
        None if st == status::DONE => json!({ "done": 1, "total": 1 }),
        None => json!({ "done": 0, "total": 0 }),
    }
}

async fn get_job(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = job_id(id)?;
    let s = state.clone();
    let r = blocking(move || record(&s, id)).await?;
    let mut v = serde_json::to_value(&r).unwrap_or_default();
    v["progress"] = progress(&state, id, &r.summary.status);
    // The error in the API's error shape, so pages render it like any other.
    if let Some(e) = &r.error {
        v["error"] = json!({ "kind": r.summary.status, "message": e });
    }
    Ok(Json(v))
}

fn terminal(st: &str) -> bool {
    !matches!(st, status::QUEUED | status::RUNNING)
}

/// Server-sent events: `progress` events `{status, done, total}` every
/// 250 ms while the job is queued or running, then one `end` event with its
/// final status. Polling `GET /api/jobs/<id>` gives the same.
async fn events(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let s = state.clone();
    blocking(move || s.store().status(id).map_err(ApiError::store))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no job {id}")))?;
    let stream = futures_util::stream::unfold(false, move |ended| {
        let state = state.clone();
        async move {
            if ended {
                return None;
            }
            let st = state
                .store()
                .status(id)
                .ok()
                .flatten()
                .unwrap_or_else(|| "deleted".into());
            let p = progress(&state, id, &st);
            let data = json!({ "status": st, "done": p["done"], "total": p["total"] });
            if terminal(&st) {
                let ev = Event::default().event("end").data(data.to_string());
                return Some((Ok::<_, std::convert::Infallible>(ev), true));
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
            Some((
                Ok(Event::default().event("progress").data(data.to_string())),
                false,
            ))
        }
    });
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

async fn cancel(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = job_id(id)?;
    let s = state.clone();
    let st = blocking(move || s.store().status(id).map_err(ApiError::store))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no job {id}")))?;
    let cancelling = state.jobs().cancel(id);
    Ok(Json(json!({
        "id": id,
        "cancelling": cancelling,
        "status": st,
    })))
}

async fn delete_job(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = job_id(id)?;
    // A running job is cancelled first; its row goes now, and the worker's
    // final write then touches no row.
    state.jobs().cancel(id);
    let s = state.clone();
    let gone = blocking(move || s.store().delete(id).map_err(ApiError::store)).await?;
    if !gone {
        return Err(ApiError::not_found(format!("no job {id}")));
    }
    Ok(Json(json!({ "id": id, "deleted": true })))
}

/// A finished job of `kind` (any kind if `None`), or the error saying why not.
fn finished(state: &AppState, id: i64, kind: Option<Kind>) -> Result<JobRecord, ApiError> {
    let r = record(state, id)?;
    if r.summary.status != status::DONE {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "conflict",
            format!("job {id} is {}, not done", r.summary.status),
        ));
    }
    if let Some(k) = kind
        && r.summary.kind != k.name()
    {
        return Err(ApiError::bad_input(format!(
            "job {id} is a {} job; this needs a {} job",
            r.summary.kind,
            k.name()
        )));
    }
    Ok(r)
}

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

fn lang(q: &LangQuery) -> Result<Lang, ApiError> {
    match q.lang.as_deref() {
        None => Ok(Lang::En),
        Some(l) => Lang::parse(l)
            .ok_or_else(|| ApiError::bad_input(format!("`lang={l}`: allowed: en, de"))),
    }
}

/// The report's data and scenario of a finished compare job.
fn report_inputs(
    r: &JobRecord,
) -> Result<(natosim_report::ReportData, natosim_core::Scenario), ApiError> {
    let stored: StoredReport = r
        .extra
        .as_deref()
        .and_then(|e| serde_json::from_str(e).ok())
        .ok_or_else(|| ApiError::internal("the job's chart data is missing or unreadable"))?;
    let data = stored.to_report().map_err(ApiError::internal)?;
    let (loaded, _) = crate::scenario::load_text(&r.label, &r.scenario_toml)?;
    Ok((data, loaded.scenario))
}

fn build_report(r: &JobRecord, lang: Lang) -> Result<natosim_report::Report, ApiError> {
    let (data, scenario) = report_inputs(r)?;
    let dataset = natosim_core::Dataset::embedded()
        .map_err(|e| ApiError::internal(format!("embedded dataset: {e}")))?;
    Ok(natosim_report::build(
        &data,
        &scenario,
        &dataset,
        &natosim_report::ReportOptions {
            lang,
            scenario_arg: r.label.clone(),
            map_variables: natosim_report::MapVariable::DEFAULT.to_vec(),
            sensitivity: Vec::new(),
            png: false,
            decompositions: Vec::new(),
        },
    ))
}

async fn charts(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
    q: Result<Query<LangQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = job_id(id)?;
    let lang = lang(&query(q)?)?;
    let out = blocking(move || {
        let r = finished(&state, id, None)?;
        let chart = |c: &natosim_report::Chart| {
            json!({ "id": c.id, "title": c.title, "caption": c.caption, "svg": c.svg })
        };
        match r.summary.kind.as_str() {
            "compare" => {
                let report = build_report(&r, lang)?;
                let (data, _) = report_inputs(&r)?;
                let dataset = natosim_core::Dataset::embedded()
                    .map_err(|e| ApiError::internal(e.to_string()))?;
                Ok(json!({
                    "charts": report.charts.iter().map(chart).collect::<Vec<_>>(),
                    "table_html": natosim_report::members::members_table(&data, &dataset, lang),
                }))
            }
            "sensitivity" => {
                let s: natosim_report::Sensitivity = serde_json::from_value(
                    r.result.clone().unwrap_or_default(),
                )
                .map_err(|e| ApiError::internal(format!("stored result: {e}")))?;
                let dataset = natosim_core::Dataset::embedded()
                    .map_err(|e| ApiError::internal(e.to_string()))?;
                let data = natosim_report::ReportData {
                    scenario: s.scenario.clone(),
                    seed: s.seed,
                    runs: s.evaluations as u64,
                    months: Vec::new(),
                    models: Vec::new(),
                    uncertainty: Default::default(),
                };
                let ctx = natosim_report::charts::Ctx {
                    lang,
                    data: &data,
                    dataset: &dataset,
                };
                let c = natosim_report::charts::sensitivity_chart(ctx, &s, &format!("job {id}"), 0);
                Ok(json!({ "charts": [chart(&c)] }))
            }
            _ => Ok(json!({ "charts": [] })),
        }
    })
    .await?;
    Ok(Json(out))
}

fn csv_bytes(
    rows: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>,
) -> Result<Vec<u8>, ApiError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    rows(&mut w).map_err(|e| ApiError::internal(e.to_string()))?;
    w.into_inner()
        .map_err(|e| ApiError::internal(e.to_string()))
}

fn num(v: f64) -> String {
    if v.is_nan() {
        String::new()
    } else {
        v.to_string()
    }
}

/// The result as CSV: one row per model and metric (compare), per ally,
/// year and quantity (members), per parameter (sensitivity), per box limit
/// (discover).
fn result_csv(r: &JobRecord) -> Result<Vec<u8>, ApiError> {
    let result = r.result.clone().unwrap_or_default();
    let parse_err = |e: serde_json::Error| ApiError::internal(format!("stored result: {e}"));
    match r.summary.kind.as_str() {
        "compare" => {
            let c: natosim_analysis::Comparison =
                serde_json::from_value(result).map_err(parse_err)?;
            let mode = c.uncertainty.mode.name();
            csv_bytes(|w| {
                w.write_record([
                    "model",
                    "metric",
                    "mean",
                    "p05",
                    "p50",
                    "p95",
                    "n",
                    "uncertainty",
                ])?;
                for m in &c.models {
                    for (name, s) in &m.metrics {
                        w.write_record([
                            m.id.id(),
                            name,
                            &num(s.mean),
                            &num(s.p05),
                            &num(s.p50),
                            &num(s.p95),
                            &s.n.to_string(),
                            mode,
                        ])?;
                    }
                }
                Ok(())
            })
        }
        "members" => {
            let m: natosim_analysis::workflow::MemberPaths =
                serde_json::from_value(result).map_err(parse_err)?;
            csv_bytes(|w| {
                w.write_record([
                    "model", "iso3", "year", "quantity", "mean", "p05", "p50", "p95", "n",
                ])?;
                for row in &m.rows {
                    w.write_record([
                        m.model.id(),
                        &row.iso3,
                        &row.year.to_string(),
                        &serde_json::to_value(row.quantity)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default(),
                        &num(row.mean),
                        &num(row.p05),
                        &num(row.p50),
                        &num(row.p95),
                        &row.n.to_string(),
                    ])?;
                }
                Ok(())
            })
        }
        "sensitivity" => {
            let s: natosim_report::Sensitivity =
                serde_json::from_value(result).map_err(parse_err)?;
            use natosim_analysis::workflow::sensitivity::Indices;
            csv_bytes(|w| {
                w.write_record([
                    "name",
                    "group",
                    "measure_1",
                    "measure_1_conf",
                    "measure_2",
                    "measure_2_conf",
                    "method",
                ])?;
                for p in &s.parameters {
                    let (m, v) = match &p.indices {
                        Indices::Sobol(i) => (
                            "sobol: s1, s1_conf, st, st_conf",
                            [i.s1, i.s1_conf, i.st, i.st_conf],
                        ),
                        Indices::Morris(i) => (
                            "morris: mu_star, mu_star_conf, mu, sigma",
                            [i.mu_star, i.mu_star_conf, i.mu, i.sigma],
                        ),
                    };
                    w.write_record([
                        p.name.as_str(),
                        p.group.as_deref().unwrap_or(""),
                        &num(v[0]),
                        &num(v[1]),
                        &num(v[2]),
                        &num(v[3]),
                        m,
                    ])?;
                }
                Ok(())
            })
        }
        "discover" => {
            let d: natosim_analysis::workflow::Discovery =
                serde_json::from_value(result).map_err(parse_err)?;
            csv_bytes(|w| {
                w.write_record([
                    "parameter",
                    "low",
                    "high",
                    "restricted",
                    "range_low",
                    "range_high",
                ])?;
                for l in &d.chosen_box.limits {
                    w.write_record([
                        l.name.as_str(),
                        &num(l.low),
                        &num(l.high),
                        if l.restricted { "true" } else { "false" },
                        &num(l.range.0),
                        &num(l.range.1),
                    ])?;
                }
                Ok(())
            })
        }
        other => Err(ApiError::internal(format!("unknown job kind `{other}`"))),
    }
}

fn download(bytes: Vec<u8>, mime: &'static str, name: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

async fn export_csv(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = job_id(id)?;
    let bytes = blocking(move || result_csv(&finished(&state, id, None)?)).await?;
    Ok(download(
        bytes,
        "text/csv; charset=utf-8",
        format!("natosim-job-{id}.csv"),
    ))
}

async fn export_json(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = job_id(id)?;
    let bytes = blocking(move || {
        let r = finished(&state, id, None)?;
        let mut v =
            serde_json::to_vec_pretty(&r.result).map_err(|e| ApiError::internal(e.to_string()))?;
        v.push(b'\n');
        Ok(v)
    })
    .await?;
    Ok(download(
        bytes,
        "application/json",
        format!("natosim-job-{id}.json"),
    ))
}

async fn export_toml(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = job_id(id)?;
    let r = blocking(move || record(&state, id)).await?;
    Ok(download(
        r.scenario_toml.into_bytes(),
        "application/toml",
        format!("natosim-job-{id}.toml"),
    ))
}

async fn report_html(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
    q: Result<Query<LangQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let id = job_id(id)?;
    let lang = lang(&query(q)?)?;
    let html = blocking(move || {
        let r = finished(&state, id, Some(Kind::Compare))?;
        Ok(build_report(&r, lang)?.html)
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
}

/// A job id from the path, or a 400 in the API's error shape.
fn job_id(p: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    p.map(|Path(id)| id)
        .map_err(|e| ApiError::bad_input(format!("the job id in the path: {}", e.body_text())))
}

/// Query parameters, or a 400 in the API's error shape.
fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(q)| q)
        .map_err(|e| ApiError::bad_input(format!("query: {}", e.body_text())))
}

#[derive(Deserialize)]
struct DiffQuery {
    a: i64,
    b: i64,
}

/// `GET /api/diff?a=&b=`: two compare jobs side by side, per model both
/// have and metric: both summaries and the difference of the means (b − a).
async fn diff(
    State(state): State<AppState>,
    q: Result<Query<DiffQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let q = query(q)?;
    let out = blocking(move || {
        let load = |id| -> Result<natosim_analysis::Comparison, ApiError> {
            let r = finished(&state, id, Some(Kind::Compare))?;
            serde_json::from_value(r.result.unwrap_or_default())
                .map_err(|e| ApiError::internal(format!("stored result: {e}")))
        };
        let (a, b) = (load(q.a)?, load(q.b)?);
        let mut rows = Vec::new();
        for ma in &a.models {
            let Some(mb) = b.models.iter().find(|m| m.id == ma.id) else {
                continue;
            };
            for (name, sa) in &ma.metrics {
                if let Some(sb) = mb.metric(name) {
                    let d = sb.mean - sa.mean;
                    rows.push(json!({
                        "model": ma.id.id(),
                        "metric": name,
                        "a": sa,
                        "b": sb,
                        "diff_mean": if d.is_nan() { Value::Null } else { json!(d) },
                    }));
                }
            }
        }
        Ok(json!({
            "a": { "id": q.a, "scenario": a.scenario, "seed": a.seed.to_string(), "runs": a.runs },
            "b": { "id": q.b, "scenario": b.scenario, "seed": b.seed.to_string(), "runs": b.runs },
            "rows": rows,
        }))
    })
    .await?;
    Ok(Json(out))
}

async fn index() -> Response {
    assets::respond("index.html")
}

async fn asset(Path(name): Path<String>) -> Response {
    assets::respond(&name)
}

async fn api_not_found() -> ApiError {
    ApiError::not_found("no such API route (see docs/WORKBENCH.md)")
}

async fn page_not_found() -> ApiError {
    ApiError::not_found(
        "no such page: the workbench is at / (its pages are #/compare, #/history, …)",
    )
}

/// All routes.
pub fn routes(state: AppState) -> Router {
    let api = Router::new()
        .route("/info", get(info))
        .route("/scenarios", get(scenarios))
        .route("/scenarios/{name}", get(scenario_text))
        .route("/schema", post(schema_route))
        .route("/validate", post(validate))
        .route("/scenario/set", post(set_param))
        .route("/jobs", post(submit).get(list))
        .route("/jobs/{id}", get(get_job).delete(delete_job))
        .route("/jobs/{id}/events", get(events))
        .route("/jobs/{id}/cancel", post(cancel))
        .route("/jobs/{id}/charts", get(charts))
        .route("/jobs/{id}/export.csv", get(export_csv))
        .route("/jobs/{id}/export.json", get(export_json))
        .route("/jobs/{id}/scenario.toml", get(export_toml))
        .route("/jobs/{id}/report.html", get(report_html))
        .route("/diff", get(diff))
        .fallback(api_not_found);
    Router::new()
        .route("/", get(index))
        .route("/assets/{*name}", get(asset))
        .nest("/api", api)
        .fallback(page_not_found)
        .layer(DefaultBodyLimit::max(limits::MAX_BODY_BYTES))
        .with_state(state)
}
