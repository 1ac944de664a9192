//! A bounded load test on loopback: concurrent comparisons and page loads
//! against a real listener on 127.0.0.1 (an ephemeral port). Bounded in
//! count (8 jobs, 160 page loads) and in time (it fails past its deadline);
//! it prints the figures docs/PERFORMANCE.md quotes
//! (`cargo test --release -p natosim-web --test load -- --nocapture`).

use natosim_web::{AppState, ServeConfig, router};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const JOBS: u64 = 8;
const RUNS: u64 = 300;
const PAGE_THREADS: usize = 4;
const PAGES_PER_THREAD: usize = 40;
const DEADLINE: Duration = Duration::from_secs(240);

/// One HTTP/1.1 request with `Connection: close`; (status, body).
fn http(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).expect("read");
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[test]
fn concurrent_compares_and_page_loads_finish_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(&ServeConfig {
        db: Some(dir.path().join("load.sqlite")),
        workers: 1,
        ..ServeConfig::default()
    })
    .unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    assert!(addr.ip().is_loopback());
    rt.spawn(async move { axum::serve(listener, router(state)).await });

    let start = Instant::now();
    // Submit the comparisons at once, from as many threads.
    let submitters: Vec<_> = (0..JOBS)
        .map(|seed| {
            std::thread::spawn(move || {
                let body = format!(
                    r#"{{"kind":"compare","scenario":{{"name":"baseline"}},"settings":{{"runs":{RUNS},"seed":{seed},"uncertainty":"aleatory"}}}}"#
                );
                let (st, b) = http(addr, "POST", "/api/jobs", &body);
                assert_eq!(st, 202, "{b}");
                let v: serde_json::Value = serde_json::from_str(&b).unwrap();
                v["id"].as_i64().unwrap()
            })
        })
        .collect();
    // Page loads while the jobs run.
    let pages = ["/", "/assets/app.js", "/api/info", "/api/scenarios"];
    let loaders: Vec<_> = (0..PAGE_THREADS)
        .map(|t| {
            std::thread::spawn(move || {
                let mut times = Vec::new();
                for i in 0..PAGES_PER_THREAD {
                    let path = pages[(t + i) % pages.len()];
                    let t0 = Instant::now();
                    let (st, body) = http(addr, "GET", path, "");
                    times.push(t0.elapsed());
                    assert_eq!(st, 200, "{path}");
                    assert!(!body.is_empty(), "{path}");
                }
                times
            })
        })
        .collect();
    let ids: Vec<i64> = submitters.into_iter().map(|h| h.join().unwrap()).collect();
    let submitted = start.elapsed();
    let mut times: Vec<Duration> = loaders
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    times.sort();
    // Wait for every job, polling as a page does.
    let mut polls = 0;
    for &id in &ids {
        loop {
            let (st, b) = http(addr, "GET", &format!("/api/jobs/{id}"), "");
            polls += 1;
            assert_eq!(st, 200);
            let v: serde_json::Value = serde_json::from_str(&b).unwrap();
            match v["status"].as_str() {
                Some("done") => break,
                Some("queued" | "running") => {}
                other => panic!("job {id}: {other:?} {}", v["error"]),
            }
            assert!(
                start.elapsed() < DEADLINE,
                "job {id} not done after {DEADLINE:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let total = start.elapsed();
    println!(
        "load: {JOBS} compare jobs × {RUNS} runs × 4 models (+ the report's pass) submitted concurrently in {:.0} ms, all done in {:.1} s ({:.2} jobs/s, {:.0} model-runs/s incl. the report pass); {} page loads during them: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms; {polls} status polls",
        submitted.as_secs_f64() * 1e3,
        total.as_secs_f64(),
        JOBS as f64 / total.as_secs_f64(),
        (JOBS * RUNS * 4 * 2) as f64 / total.as_secs_f64(),
        times.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.95).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3,
    );
    // Pages stay responsive while the workers are busy: the jobs run on
    // their own threads, not on the server's async threads.
    assert!(percentile(&times, 0.95) < Duration::from_secs(2));
    assert!(total < DEADLINE);
}
