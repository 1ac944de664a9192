//! The HTTP API: routes, their JSON types and the one error shape
//! `{ "error": { "kind", "message", "diagnostics"? } }` (docs/WORKBENCH.md).
//!
//! Handlers return [`ApiError`] for every failure, with the status the
//! failure deserves (400 bad input, 404, 413, 503 queue full); none panics
//! on any input.

use crate::{AppState, assets, limits};
use axum::Json;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use serde_json::{Value, json};

/// An error answer: status, a machine-readable kind, a message for people
/// and, for scenario problems, the diagnostics (the CLI's text).
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// `bad_input`, `not_found`, `too_large`, `queue_full`, `internal`, ….
    pub kind: &'static str,
    /// What went wrong and what is allowed.
    pub message: String,
    /// Scenario diagnostics, if any (JSON objects).
    pub diagnostics: Option<Vec<Value>>,
}

impl ApiError {
    /// 400: the request is wrong; `message` says what is allowed.
    pub fn bad_input(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_input", message)
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 500: a failure of the server (its store), not of the request.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
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
            })
            .collect(),
    })
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
        .fallback(api_not_found);
    Router::new()
        .route("/", get(index))
        .route("/assets/{*name}", get(asset))
        .nest("/api", api)
        .fallback(page_not_found)
        .layer(DefaultBodyLimit::max(limits::MAX_BODY_BYTES))
        .with_state(state)
}
