//! The workbench in a real browser: headless Chromium, driven through
//! ChromeDriver (W3C WebDriver, the `fantoccini` client), against the server
//! started in-process on 127.0.0.1:0 with a fresh SQLite file.
//!
//! One browser session walks through what a user does — every page loads
//! without script errors or missing translations; a comparison fills its
//! table and fan charts with live progress; a long one is cancelled; an
//! assumption edited to an invalid value shows the CLI's message at the
//! field; the edited TOML downloads; a Morris analysis runs and reopens
//! from the history with the same numbers; the HTML report downloads; the
//! what-if levers rerun the comparison; the members page draws its map; the
//! German pages use the study's terms — and leaves a screenshot of each page
//! in `target/e2e-artifacts/`.
//!
//! Skipped with a note when Chromium or ChromeDriver is missing, except
//! under `CI=true`, where that fails the test (`.ci/run` installs Debian's
//! `chromium` and `chromium-driver`).

use fantoccini::{Client, ClientBuilder, Locator};
use natosim_web::{AppState, ServeConfig, router};
use serde_json::{Value, json};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The flags of natosim-report's Chromium test: the network is closed, so
/// nothing may try to reach it.
const FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// ChromeDriver as a child process, ended when dropped (also on a failed
/// assertion), so no test leaves a browser behind.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

fn start_driver(log: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .arg(format!("--log-path={}", log.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver { child, port };
    let start = Instant::now();
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not listen on port {port} within 20 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    driver
}

/// Where the screenshots go: `target/e2e-artifacts/` of the workspace (or of
/// `CARGO_TARGET_DIR`).
fn artifacts() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let dir = target.join("e2e-artifacts");
    std::fs::create_dir_all(&dir).expect("create target/e2e-artifacts");
    dir
}

/// The tools, or `None` (skip) outside CI.
fn tools_present() -> bool {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|p| !Path::new(p).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "{} missing but CI=true: install Debian's `chromium` and `chromium-driver`",
            missing.join(" and ")
        );
    }
    eprintln!(
        "note: {} not found; skipping the browser test (set CI=true to make this fail)",
        missing.join(" and ")
    );
    false
}

/// A session with its helpers.
struct Ui {
    c: Client,
    base: String,
    shots: PathBuf,
    downloads: PathBuf,
}

impl Ui {
    /// Runs `expr` (a JavaScript expression) in the page.
    async fn js(&self, expr: &str) -> Value {
        self.c
            .execute(&format!("return ({expr});"), vec![])
            .await
            .unwrap_or_else(|e| panic!("script `{expr}` failed: {e}"))
    }

    /// Waits until `expr` is truthy (not false, null, 0 or ""); returns it.
    async fn wait(&self, what: &str, expr: &str, secs: u64) -> Value {
        let start = Instant::now();
        loop {
            let v = self.js(expr).await;
            let truthy = match &v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return v;
            }
            if start.elapsed() > Duration::from_secs(secs) {
                let _ = self
                    .shot(&format!("failed-{}", what.replace(' ', "-")))
                    .await;
                let banner = self
                    .js("document.getElementById('banner').textContent")
                    .await;
                panic!("waited {secs} s for {what} (`{expr}`); banner: {banner}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Opens page `hash` and waits until it has rendered.
    async fn open(&self, hash: &str, page: &str) {
        self.c
            .goto(&format!("{}/#/{hash}", self.base))
            .await
            .expect("navigate");
        self.wait(
            &format!("page {page}"),
            &format!("document.getElementById('page').dataset.ready === '{page}'"),
            30,
        )
        .await;
        self.clean(page).await;
    }

    /// No script error, no error banner, no untranslated key.
    async fn clean(&self, page: &str) {
        let errors = self.js("window.natosimErrors").await;
        assert_eq!(errors, json!([]), "script errors on {page}");
        let banner = self.js("document.getElementById('banner').hidden").await;
        assert_eq!(banner, json!(true), "error banner on {page}");
        let text = self.js("document.body.innerText").await;
        let text = text.as_str().unwrap_or_default();
        assert!(!text.contains('⟦'), "untranslated key on {page}: {text}");
    }

    /// Clicks the element `css` selects. A live page (the job box redraws
    /// its progress and its cancel button several times a second) can
    /// replace the element between WebDriver's find and click, which
    /// WebDriver reports as a stale element: then the element is found
    /// again, as a user's click would simply land on the new button.
    async fn click(&self, css: &str) {
        for attempt in 1.. {
            let el = self
                .c
                .find(Locator::Css(css))
                .await
                .unwrap_or_else(|e| panic!("no `{css}`: {e}"));
            match el.click().await {
                Ok(()) => return,
                Err(e) if attempt < 20 && e.to_string().contains("stale element") => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("click `{css}` (attempt {attempt}): {e}"),
            }
        }
    }

    async fn set_value(&self, css: &str, value: &str) {
        let el = self
            .c
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no `{css}`: {e}"));
        if let Err(e) = el.clear().await {
            self.shot("failed-set-value").await;
            panic!("cannot clear `{css}`: {e}");
        }
        el.send_keys(value)
            .await
            .unwrap_or_else(|e| panic!("cannot type into `{css}`: {e}"));
    }

    /// A full-page screenshot (the window grows to the page, up to 4000 px).
    async fn shot(&self, name: &str) -> Vec<u8> {
        let height = self
            .js("Math.min(4000, Math.max(900, document.documentElement.scrollHeight))")
            .await
            .as_u64()
            .unwrap_or(900);
        let _ = self.c.set_window_size(1400, height as u32).await;
        let png = self.c.screenshot().await.expect("screenshot");
        std::fs::write(self.shots.join(format!("{name}.png")), &png).expect("write screenshot");
        let _ = self.c.set_window_size(1400, 1000).await;
        png
    }

    /// A screenshot of the top `height` pixels only (README's picture).
    async fn shot_top(&self, name: &str, height: u32) {
        let _ = self.c.set_window_size(1400, height).await;
        let _ = self.js("window.scrollTo(0, 0)").await;
        let png = self.c.screenshot().await.expect("screenshot");
        std::fs::write(self.shots.join(format!("{name}.png")), &png).expect("write screenshot");
        let _ = self.c.set_window_size(1400, 1000).await;
    }

    /// Waits for a downloaded file whose name starts with `prefix`.
    async fn downloaded(&self, prefix: &str) -> (PathBuf, String) {
        let start = Instant::now();
        loop {
            let found = std::fs::read_dir(&self.downloads)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .find(|p| {
                    let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    n.starts_with(prefix) && !n.ends_with(".crdownload")
                });
            if let Some(p) = found
                && let Ok(text) = std::fs::read_to_string(&p)
                && !text.is_empty()
            {
                return (p, text);
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "no download `{prefix}*` in {} within 30 s",
                self.downloads.display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// A JSON answer of the server, fetched by the page (same origin).
    async fn get_json(&self, url: &str) -> Value {
        self.c
            .execute_async(
                "const [url, done] = arguments; fetch(url).then(r => r.json()).then(done, e => done({fetch_error: String(e)}));",
                vec![json!(url)],
            )
            .await
            .expect("fetch from the page")
    }
}

/// The CLI's message for `path = value` on the baseline, from the part
/// that names the field (the file name and line differ: the CLI reads a
/// file, the workbench a text).
fn cli_message(path: &str, section: &str, key: &str, value: &str) -> String {
    let text = format!("extends = \"baseline\"\n[{section}]\n{key} = {value}\n");
    let source = natosim_core::scenario::MemorySource::new().with("edited.toml", text);
    let err = match natosim_core::scenario::load("edited.toml", &source) {
        Ok(_) => panic!("{path} = {value} should be invalid"),
        Err(e) => e,
    };
    let d = err
        .0
        .iter()
        .find(|d| d.path.as_deref() == Some(path))
        .unwrap_or_else(|| panic!("no diagnostic at {path}: {err}"));
    let full = d.to_string();
    let at = full.find("field `").expect("the message names the field");
    full[at..].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workbench_in_headless_chromium() {
    if !tools_present() {
        return;
    }
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let downloads = tmp.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();

    // The server, in-process, on a free loopback port with its own history.
    let config = ServeConfig {
        port: 0,
        db: Some(tmp.path().join("workbench.sqlite")),
        ..ServeConfig::default()
    };
    let state = AppState::open(&config).expect("open the server state");
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router(state)).await;
    });

    let driver = start_driver(&tmp.path().join("chromedriver.log"));
    let mut args: Vec<String> = FLAGS.iter().map(|s| s.to_string()).collect();
    args.push(format!(
        "--user-data-dir={}",
        tmp.path().join("profile").display()
    ));
    args.push("--window-size=1400,1000".into());
    args.push("--lang=en-GB".into());
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": args,
            "prefs": {
                "download.default_directory": downloads.to_str().unwrap(),
                "download.prompt_for_download": false,
                "intl.accept_languages": "en-GB,en",
            },
        },
    });
    let caps = match caps {
        Value::Object(m) => m,
        _ => unreachable!(),
    };
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a ChromeDriver session");
    let ui = Ui {
        c,
        base: format!("http://{addr}"),
        shots: artifacts(),
        downloads,
    };

    eprintln!(
        "browser test: step 1 at {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // 1. Every page loads, in English.
    for page in [
        "compare",
        "assumptions",
        "whatif",
        "why",
        "members",
        "history",
    ] {
        ui.open(page, page).await;
        ui.shot(page).await;
    }

    eprintln!(
        "browser test: step 2 at {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // 2. A comparison: live progress, then the table and the fan charts.
    ui.open("compare", "compare").await;
    ui.set_value("input[name=runs]", "1500").await;
    ui.click("button.run").await;
    // Progress is seen moving while the ensemble runs (the page polls).
    let progress = ui
        .wait(
            "live progress",
            "(() => { const p = document.querySelector('section.result progress'); \
             return (p && p.value > 0 && p.value < p.max) ? [p.value, p.max] : \
             (document.querySelector('section.result')?.dataset.status === 'done' ? 'done-too-fast' : null); })()",
            120,
        )
        .await;
    assert_ne!(
        progress,
        json!("done-too-fast"),
        "the comparison finished before any progress was shown"
    );
    ui.wait(
        "comparison done",
        "document.querySelector('section.result')?.dataset.status === 'done' && document.querySelector('table.comparison')",
        180,
    )
    .await;
    let job_id = ui
        .js("document.querySelector('section.result').dataset.jobId")
        .await;
    let job_id = job_id.as_str().unwrap().to_string();
    // Four models, one row per metric, and every cell a number with its interval.
    let cols = ui
        .js("document.querySelectorAll('table.comparison thead th[data-model]').length")
        .await;
    assert_eq!(cols, json!(4), "four model columns");
    let rows = ui
        .js("document.querySelectorAll('table.comparison tbody tr').length")
        .await
        .as_u64()
        .unwrap();
    assert_eq!(
        rows as usize,
        natosim_core::METRICS.len(),
        "one row per metric"
    );
    // The table shows what the server stored: the cohesion mean of the first model.
    let job = ui.get_json(&format!("/api/jobs/{job_id}")).await;
    let mean = job["result"]["models"][0]["metrics"]["cohesion"]["mean"]
        .as_f64()
        .expect("the stored result");
    let cell = ui
        .js("document.querySelector('table.comparison tr[data-metric=cohesion] td .mean').textContent")
        .await;
    assert_eq!(cell, json!(format!("{mean:.3}")), "cohesion cell");
    let charts = ui
        .wait(
            "fan charts",
            "document.querySelectorAll('section.result figure.chart svg').length",
            60,
        )
        .await;
    assert!(charts.as_u64().unwrap() >= 1, "fan charts drawn");
    ui.clean("compare (done)").await;
    ui.shot("compare-result").await;
    ui.shot_top("compare-result-top", 1750).await;

    eprintln!(
        "browser test: step 3 at {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // 3. A long comparison is cancelled.
    ui.set_value("input[name=runs]", "100000").await;
    ui.click("button.run").await;
    ui.wait(
        "cancel button",
        "document.querySelector('section.result button.cancel')",
        60,
    )
    .await;
    ui.click("section.result button.cancel").await;
    ui.wait(
        "cancelled",
        "document.querySelector('section.result')?.dataset.status === 'cancelled'",
        60,
    )
    .await;
    ui.clean("compare (cancelled)").await;
    ui.shot("compare-cancelled").await;

    eprintln!(
        "browser test: step 4 at {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // 4. An assumption edited to an invalid value: the CLI's message at the field.
    ui.open("assumptions", "assumptions").await;
    ui.set_value("#assumptions-filter", "russia.concentration")
        .await;
    ui.wait(
        "the filtered field",
        "(() => { const r = document.querySelector('.param[data-path=\"russia.concentration\"]'); return r && !r.hidden && r.closest('details').open; })()",
        10,
    )
    .await;
    let input = ".param[data-path=\"russia.concentration\"] input";
    ui.set_value(input, "1.5").await;
    let shown = ui
        .wait(
            "the field error",
            "document.querySelector('.param[data-path=\"russia.concentration\"] .field-error')?.textContent",
            20,
        )
        .await;
    let expected = cli_message("russia.concentration", "russia", "concentration", "1.5");
    assert!(
        shown.as_str().unwrap().contains(&expected),
        "field error {shown} does not carry the CLI's message `{expected}`"
    );
    ui.shot("assumptions-invalid").await;
    // A valid value clears it; the edited TOML downloads with the value and its comments.
    ui.set_value(input, "0.45").await;
    ui.wait(
        "the field error cleared",
        "!document.querySelector('.param[data-path=\"russia.concentration\"]').classList.contains('invalid') && document.querySelector('.status .valid')",
        20,
    )
    .await;
    ui.click("button.download").await;
    let (file, toml) = ui.downloaded("baseline-edited").await;
    assert!(
        toml.contains("concentration = 0.45"),
        "{} lacks the edit:\n{toml}",
        file.display()
    );
    assert!(toml.contains('#'), "the download kept no comment");
    let reread = natosim_core::scenario::load(
        "edited.toml",
        &natosim_core::scenario::MemorySource::new().with("edited.toml", toml.clone()),
    )
    .expect("the downloaded scenario loads");
    assert_eq!(reread.scenario.russia.concentration, 0.45);
    // … and loads back into the page: the form shows the edit.
    ui.c.find(Locator::Css(".panel input[type=file]"))
        .await
        .expect("the file input")
        .send_keys(file.to_str().unwrap())
        .await
        .expect("choose the downloaded file");
    ui.set_value("#assumptions-filter", "russia.concentration")
        .await;
    ui.wait(
        "the loaded file's value",
        "(() => { const i = document.querySelector('.param[data-path=\"russia.concentration\"] input'); return i && i.value === '0.45' && document.querySelector('.status .valid') && document.querySelector('details.toml pre').textContent.includes('concentration = 0.45'); })()",
        20,
    )
    .await;

    eprintln!(
        "browser test: step 5 at {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // 5. A small Morris analysis from the Why page.
    ui.open("why", "why").await;
    ui.js("(() => { const s = document.querySelector('form.sensitivity select[name=method]'); s.value = 'morris'; s.dispatchEvent(new Event('change')); })()").await;
    ui.set_value("form.sensitivity input[name=samples]", "4")
        .await;
    ui.click("form.sensitivity button[type=submit]").await;
    ui.wait(
        "sensitivity done",
        "document.querySelector('section.sensitivity-result')?.dataset.status === 'done' && document.querySelector('table.sensitivity tbody tr')",
        180,
    )
    .await;
    let table_js =
        "[...document.querySelectorAll('table.sensitivity tbody tr')].map(r => r.innerText)";
    let first = ui.js(table_js).await;
    assert!(
        first.as_array().unwrap().len() >= 2,
        "parameters ranked: {first}"
    );
    let sens_id = ui
        .js("document.querySelector('section.sensitivity-result').dataset.jobId")
        .await;
    ui.clean("why (done)").await;
    ui.shot("why-sensitivity").await;

    eprintln!(
        "browser test: step 6 at {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // A small discovery from the same page: the box and the feature scores.
    ui.set_value("form.discover input[name=threshold]", "0.3")
        .await;
    ui.set_value("form.discover input[name=samples]", "100")
        .await;
    ui.click("form.discover button[type=submit]").await;
    ui.wait(
        "discovery done",
        "document.querySelector('section.discover-result')?.dataset.status === 'done' && document.querySelectorAll('table.features tbody tr').length",
        180,
    )
    .await;
    ui.clean("why (discovery)").await;
    ui.shot("why-discover").await;

    // 6. Reopened from the history: the same numbers.
    ui.open("history", "history").await;
    let listed = ui
        .js("document.querySelectorAll('table.history tbody tr').length")
        .await;
    assert!(listed.as_u64().unwrap() >= 3, "history lists the jobs");
    ui.shot("history").await;
    ui.click(&format!(
        "table.history tr[data-job=\"{}\"] a.open",
        sens_id.as_str().unwrap()
    ))
    .await;
    ui.wait(
        "reopened",
        "document.querySelector('section.result')?.dataset.status === 'done' && document.querySelector('table.sensitivity tbody tr')",
        30,
    )
    .await;
    let again = ui.js(table_js).await;
    assert_eq!(first, again, "reopened analysis shows other numbers");

    eprintln!(
        "browser test: step 7 at {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // 7. The HTML report of the comparison downloads and carries its numbers.
    ui.open(&format!("job/{job_id}"), "job").await;
    ui.wait("report link", "document.querySelector('a.report')", 30)
        .await;
    ui.click("a.report").await;
    let (_, html) = ui.downloaded(&format!("natosim-report-{job_id}")).await;
    assert!(html.starts_with("<!DOCTYPE html>"), "the report is HTML");
    assert!(
        html.contains(&format!("{mean:.3}")),
        "the report lacks the table's cohesion mean {mean:.3}"
    );

    eprintln!(
        "browser test: step 8 at {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // 8. What-if: a lever reruns the comparison and the table shows the change.
    ui.open("whatif", "whatif").await;
    ui.wait(
        "what-if table",
        "document.querySelector('table.whatif')",
        60,
    )
    .await;
    let before = ui
        .js("document.querySelector('.whatif-table').dataset.job")
        .await;
    let moved = Instant::now();
    ui.js("(() => { const r = document.querySelector('input[name=us_troops]'); r.value = 0; r.dispatchEvent(new Event('input')); })()").await;
    ui.wait(
        "what-if rerun",
        &format!(
            "document.querySelector('.whatif-table').dataset.job && document.querySelector('.whatif-table').dataset.job !== {before}"
        ),
        60,
    )
    .await;
    let rerun = ui
        .js("document.querySelector('.whatif-table').dataset.job")
        .await;
    let record = ui
        .get_json(&format!("/api/jobs/{}", rerun.as_str().unwrap_or("0")))
        .await;
    eprintln!(
        "browser test: what-if rerun (lever moved → table updated, 250 runs × 4 models) in {:.2} s; the job itself: started {} finished {}",
        moved.elapsed().as_secs_f64(),
        record["started"],
        record["finished"]
    );
    let deltas = ui
        .js("[...document.querySelectorAll('table.whatif .delta')].filter(d => !d.textContent.startsWith('±')).length")
        .await;
    assert!(
        deltas.as_u64().unwrap() > 0,
        "no metric moved without US troops"
    );
    ui.clean("whatif (rerun)").await;
    ui.shot("whatif").await;

    eprintln!(
        "browser test: step 9 at {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // 9. Members: the map and the table of the report.
    ui.open("members", "members").await;
    ui.set_value("form.members input[name=runs]", "50").await;
    ui.click("form.members button[type=submit]").await;
    ui.wait(
        "members done",
        "document.querySelector('section.result')?.dataset.status === 'done' && document.querySelector('section.result figure.chart svg, section.result .members-table table')",
        120,
    )
    .await;
    ui.clean("members (done)").await;
    ui.shot("members").await;

    eprintln!(
        "browser test: step 10 at {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // 10. German: the study's terms, the models' German labels from the scenario.
    ui.open("compare", "compare").await;
    ui.js("(() => { const s = document.getElementById('lang'); s.value = 'de'; s.dispatchEvent(new Event('change')); })()").await;
    ui.wait(
        "German navigation",
        "document.querySelector('nav a[data-page=compare]').textContent === 'Vergleich' && document.getElementById('page').dataset.ready === 'compare'",
        20,
    )
    .await;
    let text = ui.js("document.body.innerText").await;
    let text = text.as_str().unwrap();
    for term in [
        "Annahmen",
        "Transatlantische NATO minus",
        "Europäische Verteidigungsunion",
        "NATO als Baukasten",
    ] {
        assert!(text.contains(term), "German page lacks `{term}`");
    }
    ui.clean("compare (de)").await;
    ui.open(&format!("job/{job_id}"), "job").await;
    ui.wait(
        "German charts",
        "document.querySelectorAll('figure.chart svg').length",
        60,
    )
    .await;
    ui.shot("compare-result-de").await;

    // 11. History: two comparisons side by side (B − A per model and metric).
    ui.js("(() => { const s = document.getElementById('lang'); s.value = 'en'; s.dispatchEvent(new Event('change')); })()").await;
    ui.open("history", "history").await;
    let ticked = ui
        .js("(() => { const b = [...document.querySelectorAll('input[name=diff]')].slice(0, 2); b.forEach(x => { x.checked = true; }); return b.length; })()")
        .await;
    assert_eq!(ticked, json!(2), "two finished comparisons in the history");
    ui.click("button.diff-button").await;
    let rows = ui
        .wait(
            "the difference table",
            "document.querySelectorAll('table.difftable tbody tr').length",
            30,
        )
        .await;
    assert!(rows.as_u64().unwrap() >= natosim_core::METRICS.len() as u64);
    ui.clean("history (diff)").await;
    ui.shot("history-diff").await;

    ui.c.close().await.expect("end the session");
    drop(driver);
    eprintln!(
        "browser test: {:.1} s, screenshots in {}",
        started.elapsed().as_secs_f64(),
        ui.shots.display()
    );
}
