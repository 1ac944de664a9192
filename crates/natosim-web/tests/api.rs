//! Router-level tests of the workbench's API: round trips against the
//! library, bad input, limits, the queue, restarts.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use natosim_analysis::workflow;
use natosim_analysis::{EnsembleOptions, Progress, UncertaintyMode};
use natosim_core::Dataset;
use natosim_core::scenario::{ShippedSource, load};
use natosim_web::{AppState, ServeConfig, router};
use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};
use tower::ServiceExt;

fn state(db: &Path, workers: usize, queue: usize) -> AppState {
    AppState::open(&ServeConfig {
        db: Some(db.to_path_buf()),
        workers,
        queue,
        ..ServeConfig::default()
    })
    .unwrap()
}

async fn call(s: &AppState, method: &str, uri: &str, body: Option<Value>) -> (StatusCode, Value) {
    let (status, bytes) = raw(s, method, uri, body.map(|b| b.to_string().into_bytes())).await;
    let v = serde_json::from_slice(&bytes)
        .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, v)
}

async fn raw(
    s: &AppState,
    method: &str,
    uri: &str,
    body: Option<Vec<u8>>,
) -> (StatusCode, Vec<u8>) {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .body(body.map_or_else(Body::empty, Body::from))
        .unwrap();
    let resp = router(s.clone()).oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, bytes)
}

/// Polls a job until it leaves queued/running (at most `secs`).
async fn wait(s: &AppState, id: i64, secs: u64) -> Value {
    let t = Instant::now();
    loop {
        let (st, v) = call(s, "GET", &format!("/api/jobs/{id}"), None).await;
        assert_eq!(st, StatusCode::OK, "{v}");
        if !matches!(v["status"].as_str(), Some("queued" | "running")) {
            return v;
        }
        assert!(
            t.elapsed() < Duration::from_secs(secs),
            "job {id} still {}",
            v["status"]
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn submit(s: &AppState, body: Value) -> (StatusCode, Value) {
    call(s, "POST", "/api/jobs", Some(body)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compare_job_equals_the_library_and_reopens_identically() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    let s = state(&db, 1, 4);
    let (st, v) = submit(
        &s,
        json!({"kind": "compare", "scenario": {"name": "baseline"}, "settings": {"runs": 120, "seed": 7}}),
    )
    .await;
    assert_eq!(st, StatusCode::ACCEPTED, "{v}");
    let id = v["id"].as_i64().unwrap();
    let job = wait(&s, id, 120).await;
    assert_eq!(job["status"], "done", "{job}");

    // The same computation through the library.
    let loaded = load("baseline", &ShippedSource).unwrap();
    let spec = loaded.exploration().unwrap();
    let data = Dataset::embedded().unwrap();
    let c = workflow::compare_uncertain(
        &loaded.scenario,
        &spec,
        &data,
        &loaded.scenario.model_ids(),
        EnsembleOptions { seed: 7, runs: 120 },
        UncertaintyMode::Combined,
        &Progress::none(),
    )
    .unwrap();
    assert!(
        job["result"] == serde_json::to_value(&c).unwrap(),
        "the job's result differs from workflow::compare_uncertain"
    );
    assert_eq!(job["seed"], "7");
    assert_eq!(job["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        job["scenario_toml"]
            .as_str()
            .unwrap()
            .contains("[scenario]")
            || !job["scenario_toml"].as_str().unwrap().is_empty()
    );

    // Charts (en, de), exports and the report.
    let (st, ch) = call(&s, "GET", &format!("/api/jobs/{id}/charts?lang=de"), None).await;
    assert_eq!(st, StatusCode::OK);
    let charts = ch["charts"].as_array().unwrap();
    assert!(
        charts.iter().any(|c| c["id"] == "fan-cohesion"),
        "{:?}",
        charts.iter().map(|c| &c["id"]).collect::<Vec<_>>()
    );
    assert!(
        charts
            .iter()
            .all(|c| c["svg"].as_str().unwrap().starts_with("<svg"))
    );
    assert!(ch["table_html"].as_str().unwrap().contains("<table"));
    let (st, csv) = raw(&s, "GET", &format!("/api/jobs/{id}/export.csv"), None).await;
    assert_eq!(st, StatusCode::OK);
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("model,metric,mean,p05,p50,p95,n,uncertainty\n"));
    assert_eq!(csv.lines().count(), 1 + 4 * natosim_core::METRICS.len());
    let (st, html) = raw(
        &s,
        "GET",
        &format!("/api/jobs/{id}/report.html?lang=de"),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        String::from_utf8(html)
            .unwrap()
            .contains("<html lang=\"de\">")
    );
    let (st, _) = call(
        &s,
        "GET",
        &format!("/api/jobs/{id}/report.html?lang=fr"),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);

    // Identical inputs are answered from the store.
    let (_, again) = submit(
        &s,
        json!({"kind": "compare", "scenario": {"name": "baseline"}, "settings": {"seed": 7, "runs": 120}}),
    )
    .await;
    assert_eq!(again, json!({"id": id, "cached": true}));

    // A second server on the same file gives the identical record.
    let first = call(&s, "GET", &format!("/api/jobs/{id}"), None).await.1;
    let s2 = state(&db, 1, 4);
    let reopened = call(&s2, "GET", &format!("/api/jobs/{id}"), None).await.1;
    assert_eq!(first, reopened);
    let (_, list) = call(&s2, "GET", "/api/jobs", None).await;
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["status"], "done");

    // Diff of a job with itself: zero differences.
    let (st, d) = call(&s2, "GET", &format!("/api/diff?a={id}&b={id}"), None).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    let rows = d["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4 * natosim_core::METRICS.len());
    assert!(
        rows.iter()
            .all(|r| r["diff_mean"].is_null() || r["diff_mean"] == 0.0)
    );

    // Delete.
    let (st, _) = call(&s2, "DELETE", &format!("/api/jobs/{id}"), None).await;
    assert_eq!(st, StatusCode::OK);
    let (st, _) = call(&s2, "GET", &format!("/api/jobs/{id}"), None).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_a_400_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let s = state(&dir.path().join("h.sqlite"), 1, 4);
    let cases = [
        (
            json!({"kind": "compare", "scenario": {"name": "baseline"}, "settings": {"runs": "many"}}),
            "settings.runs",
        ),
        (
            json!({"kind": "compare", "scenario": {"name": "baseline"}, "settings": {"runz": 3}}),
            "settings",
        ),
        (
            json!({"kind": "compare", "scenario": {"name": "baseline"}, "settings": {"runs": 100000000}}),
            "settings.runs",
        ),
        (
            json!({"kind": "compare", "scenario": {"name": "basline"}}),
            "did you mean `baseline`",
        ),
        (
            json!({"kind": "compare", "scenario": {"name": "baseline"}, "settings": {"models": ["toolkitt"]}}),
            "settings.models",
        ),
        (
            json!({"kind": "explode", "scenario": {"name": "baseline"}}),
            "kind",
        ),
        (
            json!({"kind": "sensitivity", "scenario": {"name": "baseline"}, "settings": {"metric": "cohesionn"}}),
            "settings.metric",
        ),
        (
            json!({"kind": "discover", "scenario": {"name": "uncertain-baseline"}, "settings": {"where": "cohesion >> 2"}}),
            "settings.where",
        ),
        (
            json!({"kind": "compare", "scenario": {"name": "baseline"}, "overrides": {"russia.nonsense": 1}}),
            "overrides.russia.nonsense",
        ),
        (
            json!({"kind": "compare", "scenario": {"toml": "[russia]\nconcentration = 7.0\n", "name": "mine"}}),
            "russia.concentration",
        ),
    ];
    for (body, needle) in cases {
        let (st, v) = submit(&s, body.clone()).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{body} → {v}");
        let msg = v["error"]["message"].as_str().unwrap();
        assert!(msg.contains(needle), "{body}: `{msg}` lacks `{needle}`");
    }
    // A scenario error carries the CLI's diagnostics.
    let (_, v) = submit(
        &s,
        json!({"kind": "compare", "scenario": {"toml": "[russia]\nconcentration = 7.0\n", "name": "mine"}}),
    )
    .await;
    let d = &v["error"]["diagnostics"][0];
    assert_eq!(d["path"], "russia.concentration");
    assert_eq!(d["file"], "mine.toml");
    assert_eq!(d["line"], 2);
    let cli = load(
        "mine.toml",
        &natosim_core::scenario::MemorySource::new()
            .with("mine.toml", "[russia]\nconcentration = 7.0\n"),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(d["message"], cli);
    // Not JSON at all; a wrong id; a wrong query.
    let (st, v) = raw(&s, "POST", "/api/jobs", Some(b"{not json".to_vec())).await;
    assert_eq!(
        st,
        StatusCode::BAD_REQUEST,
        "{}",
        String::from_utf8_lossy(&v)
    );
    let (st, v) = call(&s, "GET", "/api/jobs/abc", None).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert_eq!(v["error"]["kind"], "bad_input");
    let (st, v) = call(&s, "GET", "/api/diff?a=1", None).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{v}");
    let (st, _) = call(&s, "GET", "/api/jobs/999", None).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_queue_and_cancel() {
    let dir = tempfile::tempdir().unwrap();
    let s = state(&dir.path().join("h.sqlite"), 1, 1);
    // Too large a body: 413.
    let big = vec![b' '; natosim_web::limits::MAX_BODY_BYTES + 10];
    let (st, v) = raw(&s, "POST", "/api/validate", Some(big)).await;
    assert_eq!(
        st,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        String::from_utf8_lossy(&v)
    );
    let v: Value = serde_json::from_slice(&v).unwrap();
    assert_eq!(v["error"]["kind"], "too_large");
    // Too large a scenario: 413.
    let text = format!(
        "# {}\n",
        "x".repeat(natosim_web::limits::MAX_SCENARIO_BYTES)
    );
    let (st, _) = call(&s, "POST", "/api/validate", Some(json!({"toml": text}))).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE);

    // One worker, a queue of one: long jobs fill it, the next is refused.
    let long = |seed: u64| json!({"kind": "compare", "scenario": {"name": "baseline"}, "settings": {"runs": 100000, "seed": seed}});
    let mut ids = Vec::new();
    let mut refused = None;
    for seed in 0..4 {
        let (st, v) = submit(&s, long(seed)).await;
        match st {
            StatusCode::ACCEPTED => ids.push(v["id"].as_i64().unwrap()),
            StatusCode::SERVICE_UNAVAILABLE => {
                refused = Some(v);
                break;
            }
            other => panic!("{other}: {v}"),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let refused = refused.expect("the queue never filled");
    assert_eq!(refused["error"]["kind"], "queue_full");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("limit")
    );
    // Cancel them all; each ends cancelled, within a chunk's time.
    for &id in &ids {
        let (st, _) = call(&s, "POST", &format!("/api/jobs/{id}/cancel"), None).await;
        assert_eq!(st, StatusCode::OK);
    }
    for &id in &ids {
        let job = wait(&s, id, 60).await;
        assert_eq!(job["status"], "cancelled", "{job}");
    }
    // The queue takes jobs again.
    let (st, v) = submit(
        &s,
        json!({"kind": "members", "scenario": {"name": "baseline"}, "settings": {"runs": 20}}),
    )
    .await;
    assert_eq!(st, StatusCode::ACCEPTED, "{v}");
    let job = wait(&s, v["id"].as_i64().unwrap(), 60).await;
    assert_eq!(job["status"], "done", "{job}");
    let (st, csv) = raw(
        &s,
        "GET",
        &format!("/api/jobs/{}/export.csv", v["id"]),
        None,
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        String::from_utf8(csv)
            .unwrap()
            .starts_with("model,iso3,year,quantity")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_marks_interrupted_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite");
    let store = natosim_web::store::Store::open(&db).unwrap();
    let job = natosim_web::store::NewJob {
        kind: "compare".into(),
        title: "killed".into(),
        scenario: "Baseline".into(),
        label: "baseline".into(),
        scenario_toml: String::new(),
        overrides: "{}".into(),
        settings: "{}".into(),
        seed: 1,
        runs: 1,
        cache_key: "x".into(),
    };
    let running = store.insert(&job).unwrap();
    assert!(store.start(running).unwrap());
    let queued = store.insert(&job).unwrap();
    drop(store);
    let s = state(&db, 1, 4);
    for id in [running, queued] {
        let (_, v) = call(&s, "GET", &format!("/api/jobs/{id}"), None).await;
        assert_eq!(v["status"], "interrupted", "{v}");
        assert!(v["error"]["message"].as_str().unwrap().contains("stopped"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_assets_and_no_traversal() {
    let dir = tempfile::tempdir().unwrap();
    let s = state(&dir.path().join("h.sqlite"), 1, 4);
    let (st, html) = raw(&s, "GET", "/", None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(String::from_utf8(html).unwrap().contains("<html"));
    for name in natosim_web::assets::names() {
        let (st, _) = raw(&s, "GET", &format!("/assets/{name}"), None).await;
        assert_eq!(st, StatusCode::OK, "{name}");
    }
    for bad in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/..%2fsrc%2flib.rs",
        "/assets//etc/passwd",
        "/assets/nope.js",
        "/Cargo.toml",
        "/api/nope",
    ] {
        let (st, body) = raw(&s, "GET", bad, None).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{bad}");
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"]["kind"], "not_found", "{bad}");
    }
    let (st, info) = call(&s, "GET", "/api/info", None).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(info["models_default"][0], "status-quo");
    assert_eq!(info["limits"]["max_jobs_queued"], 4);
    let cohesion = info["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "cohesion")
        .unwrap();
    assert_eq!(cohesion["label_de"], "Kohäsion");
    let (_, list) = call(&s, "GET", "/api/scenarios", None).await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|x| x["name"] == "uncertain-baseline" && x["uncertain"] == true)
    );
    let (st, sc) = call(&s, "GET", "/api/scenarios/tariff-war", None).await;
    assert_eq!(st, StatusCode::OK);
    assert!(sc["toml"].as_str().unwrap().contains("extends"));
    let (st, _) = call(&s, "GET", "/api/scenarios/..%2Fetc", None).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schema_set_and_validate() {
    let dir = tempfile::tempdir().unwrap();
    let s = state(&dir.path().join("h.sqlite"), 1, 4);
    let (st, schema) = call(
        &s,
        "POST",
        "/api/schema",
        Some(json!({"scenario": {"name": "uncertain-baseline"}})),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{schema}");
    let params = schema["parameters"].as_array().unwrap();
    let by = |p: &str| {
        params
            .iter()
            .find(|x| x["path"] == p)
            .unwrap_or_else(|| panic!("{p}"))
            .clone()
    };
    let c = by("russia.concentration");
    assert_eq!(c["lo"], 0.0);
    assert!(c["doc"].as_str().unwrap().contains("NAMED ASSUMPTION"));
    assert!(by("models.toolkit.decision_rule")["value"].is_string());
    assert!(by("spending.targets[2].core")["value"].is_number());
    assert!(
        params
            .iter()
            .all(|p| !p["doc"].as_str().unwrap().is_empty()),
        "a parameter without a doc"
    );
    assert_eq!(
        schema["models"][2]["label_de"],
        "Europäische Verteidigungsunion"
    );
    assert!(!schema["uncertainties"].as_array().unwrap().is_empty());

    // Edit the shipped baseline: comments stay, an out-of-range value is
    // reported at its field in the CLI's words, a good value clears it.
    let base = natosim_core::shipped::shipped("baseline")
        .unwrap()
        .to_string();
    let (st, v) = call(
        &s,
        "POST",
        "/api/scenario/set",
        Some(json!({"toml": base, "path": "russia.concentration", "value": "1.5"})),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(v["ok"], false);
    assert_eq!(v["diagnostics"][0]["path"], "russia.concentration");
    let text = v["toml"].as_str().unwrap();
    assert!(text.contains("concentration = 1.5"));
    let cli = load(
        "scenario.toml",
        &natosim_core::scenario::MemorySource::new().with("scenario.toml", text),
    )
    .unwrap_err();
    assert_eq!(v["diagnostics"][0]["message"], cli.0[0].to_string());
    let (_, v) = call(
        &s,
        "POST",
        "/api/scenario/set",
        Some(json!({"toml": text, "path": "russia.concentration", "value": 0.45})),
    )
    .await;
    assert_eq!(v["ok"], true, "{v}");
    let text = v["toml"].as_str().unwrap().to_string();
    // Comments of the original survive.
    let first_comment = base.lines().find(|l| l.starts_with('#')).unwrap();
    assert!(text.contains(first_comment));
    // An array element the file does not set, and a model field.
    let (_, v) = call(
        &s,
        "POST",
        "/api/scenario/set",
        Some(json!({"toml": text, "path": "spending.targets[2].core", "value": 3.0})),
    )
    .await;
    assert_eq!(v["ok"], true, "{v}");
    let (_, v) = call(&s, "POST", "/api/scenario/set", Some(json!({"toml": v["toml"], "path": "models.toolkit.decision_rule", "value": "qualified-majority"}))).await;
    assert_eq!(v["ok"], true, "{v}");
    let text = v["toml"].as_str().unwrap();
    let l = load(
        "x.toml",
        &natosim_core::scenario::MemorySource::new().with("x.toml", text),
    )
    .unwrap();
    assert_eq!(l.scenario.russia.concentration, 0.45);
    assert_eq!(l.scenario.spending.targets[2].core, 3.0);
    // A wrong path: 400 naming what is allowed.
    let (st, v) = call(
        &s,
        "POST",
        "/api/scenario/set",
        Some(json!({"toml": text, "path": "russia.concentraton", "value": 1})),
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("allowed here"),
        "{v}"
    );

    let (_, v) = call(
        &s,
        "POST",
        "/api/validate",
        Some(json!({"toml": "[russia\n"})),
    )
    .await;
    assert_eq!(v["ok"], false);
    assert_eq!(v["diagnostics"][0]["kind"], "Syntax");
    let (_, v) = call(
        &s,
        "POST",
        "/api/validate",
        Some(json!({"toml": "extends = \"tariff-war\"\n"})),
    )
    .await;
    assert_eq!(v["ok"], true, "{v}");

    // What-if: overrides, answered from the store the second time.
    let body = json!({"kind": "compare", "scenario": {"name": "baseline"}, "overrides": {"russia.concentration": 0.5}, "settings": {"runs": 50, "uncertainty": "aleatory"}});
    let (st, v) = submit(&s, body.clone()).await;
    assert_eq!(st, StatusCode::ACCEPTED, "{v}");
    let id = v["id"].as_i64().unwrap();
    let job = wait(&s, id, 60).await;
    assert_eq!(job["status"], "done", "{job}");
    assert!(
        job["scenario_toml"]
            .as_str()
            .unwrap()
            .contains("concentration = 0.5")
    );
    let (_, v) = submit(&s, body).await;
    assert_eq!(v, json!({"id": id, "cached": true}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sensitivity_and_discovery_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let s = state(&dir.path().join("h.sqlite"), 1, 4);
    let (st, v) = submit(&s, json!({"kind": "sensitivity", "scenario": {"name": "uncertain-baseline"}, "settings": {"metric": "cohesion", "method": "morris", "samples": 3, "seed": 1}})).await;
    assert_eq!(st, StatusCode::ACCEPTED, "{v}");
    let id = v["id"].as_i64().unwrap();
    let job = wait(&s, id, 120).await;
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(job["result"]["metric"], "cohesion");
    let (st, ch) = call(&s, "GET", &format!("/api/jobs/{id}/charts?lang=en"), None).await;
    assert_eq!(st, StatusCode::OK, "{ch}");
    assert!(ch["charts"][0]["svg"].as_str().unwrap().starts_with("<svg"));
    let (st, _) = call(&s, "GET", &format!("/api/jobs/{id}/report.html"), None).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);

    let (st, v) = submit(&s, json!({"kind": "discover", "scenario": {"name": "uncertain-baseline"}, "settings": {"where": "cohesion < 0.6", "samples": 60, "seed": 1}})).await;
    assert_eq!(st, StatusCode::ACCEPTED, "{v}");
    let job = wait(&s, v["id"].as_i64().unwrap(), 120).await;
    // Either a box, or the library's message why there is none.
    match job["status"].as_str() {
        Some("done") => assert!(job["result"]["box"].is_object()),
        Some("failed") => assert!(
            job["error"]["message"]
                .as_str()
                .unwrap()
                .contains("condition")
        ),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_stream_until_the_end_and_the_scenario_downloads() {
    let dir = tempfile::tempdir().unwrap();
    let s = state(&dir.path().join("h.sqlite"), 1, 4);
    let (st, v) = submit(
        &s,
        json!({"kind": "members", "scenario": {"name": "tariff-war"}, "settings": {"runs": 30, "model": "toolkit"}}),
    )
    .await;
    assert_eq!(st, StatusCode::ACCEPTED, "{v}");
    let id = v["id"].as_i64().unwrap();
    // The stream ends by itself once the job has finished.
    let (st, body) = tokio::time::timeout(
        Duration::from_secs(120),
        raw(&s, "GET", &format!("/api/jobs/{id}/events"), None),
    )
    .await
    .expect("the event stream did not end");
    assert_eq!(st, StatusCode::OK);
    let text = String::from_utf8(body).unwrap();
    assert!(text.contains("event: end"), "{text}");
    assert!(text.contains("\"status\":\"done\""), "{text}");
    let job = wait(&s, id, 10).await;
    assert_eq!(job["result"]["model"], "toolkit");
    let (st, toml) = raw(&s, "GET", &format!("/api/jobs/{id}/scenario.toml"), None).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        String::from_utf8(toml).unwrap(),
        natosim_core::shipped::shipped("tariff-war").unwrap()
    );
    let (st, _) = call(&s, "GET", "/api/jobs/4242/events", None).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}
