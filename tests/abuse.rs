//! Issue 18, items 7–10: no request can cost the server more than its price.
//! A real `shopbench serve` on 127.0.0.1, hostile requests by raw HTTP; the
//! server must answer each with a clear, uncharged 4xx (or close a silent
//! connection), keep answering `/health` throughout, and stay small.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use shopbench_client::Client;
use shopbench_e2e::{ApiServer, TestDb};

const CREDITS: i64 = 100;

struct Setup {
    _db: TestDb,
    server: ApiServer,
    key: String,
}

/// A server with short connection timeouts (so the silent-client tests are
/// quick) and a partner funded with [`CREDITS`] test credits.
fn setup() -> Setup {
    setup_with(&[])
}

/// [`setup`] with more `serve` flags.
fn setup_with(more: &[&str]) -> Setup {
    let db = TestDb::new();
    let server = ApiServer::start(
        db.target(),
        &[
            "--header-timeout",
            "1s",
            "--idle-timeout",
            "2s",
            "--body-timeout",
            "1s",
            "--rate-per-minute",
            "1000",
        ]
        .iter()
        .chain(more)
        .copied()
        .collect::<Vec<_>>(),
    );
    server.admin(&["partner", "add", "acme", "--plan", "internal"]);
    let key = server.admin(&["key", "create", "acme", "--mode", "test"]);
    server.admin(&[
        "credits",
        "add",
        "acme",
        &CREDITS.to_string(),
        "--mode",
        "test",
    ]);
    Setup {
        _db: db,
        server,
        key,
    }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

fn balance(s: &Setup) -> i64 {
    let api = Client::new(&s.server.url, &s.key).unwrap();
    rt().block_on(api.account()).unwrap().credit_balance
}

/// `/health` answers (its time is printed, not asserted: tests prove
/// behaviour; `crates/server/scripts/abuse.py` in the fuzzing step reports the
/// same timing under load).
fn health_answers(s: &Setup) {
    let started = Instant::now();
    let r = http()
        .get(format!("{}/health", s.server.url))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    eprintln!("/health answered in {:?}", started.elapsed());
}

/// The server's peak memory stayed under 200 MB.
fn stays_small(server: &ApiServer) {
    let mb = peak_rss_mb(server);
    assert!(mb < 200.0, "{mb} MB");
}

/// Peak resident memory of the server process, in MB (`VmHWM`).
fn peak_rss_mb(server: &ApiServer) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.pid())).unwrap();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap();
    kb / 1024.0
}

/// `GET path` with the partner's key.
fn get(s: &Setup, path: &str) -> reqwest::blocking::Response {
    http()
        .get(format!("{}{path}", s.server.url))
        .bearer_auth(&s.key)
        .send()
        .unwrap()
}

fn post_json(s: &Setup, path: &str, body: &Value) -> (u16, Value) {
    let r = http()
        .post(format!("{}{path}", s.server.url))
        .bearer_auth(&s.key)
        .json(body)
        .send()
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().unwrap_or(Value::Null))
}

fn codes(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("P{:04X}", i % 0x4000)).collect()
}

/// Issue 18 item 7: a case with 3,000 DTCs took 3.1 s of diagnosis, a 417 MB
/// result and 1.9 GB of memory; now it is refused at the door, uncharged.
#[test]
fn case_with_3000_dtcs_is_refused_uncharged_and_the_server_stays_small() {
    let s = setup();
    let (status, p) = post_json(&s, "/v1/cases", &json!({ "dtcs": codes(3_000) }));
    assert_eq!(status, 400, "{p}");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .starts_with("dtcs: 3000 codes"),
        "{p}"
    );
    let (status, p) = post_json(&s, "/v1/cases", &json!({ "dtcs": codes(39_000) }));
    assert_eq!(status, 400, "{p}");
    // A case at the limit is diagnosed, and its result stays small.
    let (status, c) = post_json(
        &s,
        "/v1/cases",
        &json!({ "dtcs": codes(100), "complaint": "rough idle" }),
    );
    assert_eq!(status, 201, "{c}");
    let (status, d) = post_json(&s, "/v1/diagnose", &json!({ "case_id": c["case_id"] }));
    assert_eq!(status, 202, "{d}");
    health_answers(&s);
    assert_eq!(
        balance(&s),
        CREDITS - 10,
        "only the real diagnosis was charged"
    );
    stays_small(&s.server);
}

/// Issue 18 item 8: 20,000 readings made a 6,955-page PDF; 200,000 areas a
/// 12 MB stored estimate. Both are refused before any work.
#[test]
fn readings_and_areas_beyond_the_limits_are_refused_before_any_work() {
    let s = setup();
    let readings: serde_json::Map<String, Value> =
        (0..20_000).map(|i| (format!("r{i}"), json!(1.0))).collect();
    let (status, p) = post_json(&s, "/v1/cases", &json!({ "readings": readings }));
    assert_eq!(status, 400, "{p}");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .starts_with("readings: 20000 values"),
        "{p}"
    );
    let area = json!({ "location": "hood", "type": "dent", "severity": "minor" });
    let areas: Vec<Value> = (0..200_000).map(|_| area.clone()).collect();
    let body = json!({
        "vehicle_make": "Toyota", "vehicle_model": "Camry", "vehicle_year": 2022,
        "state": "CA", "areas": areas,
    });
    let (status, p) = post_json(&s, "/v1/estimates", &body);
    assert_eq!(status, 400, "{p}");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .starts_with("areas: 200000 damage areas"),
        "{p}"
    );
    health_answers(&s);
    assert_eq!(balance(&s), CREDITS);
    stays_small(&s.server);
}

fn connect(s: &Setup) -> TcpStream {
    let addr = s.server.url.trim_start_matches("http://");
    let c = TcpStream::connect(addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    c
}

/// Reads until the server closes; what it sent.
fn read_to_close(c: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let _ = c.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Issue 18 item 9: partial headers or a stalled body held a connection 40 s
/// and more. The server now closes a silent head, answers a stalled body
/// 408, and closes an idle keep-alive connection.
#[test]
fn partial_headers_and_stalled_bodies_do_not_hold_a_connection() {
    let s = setup();
    let started = Instant::now();
    let mut head = connect(&s);
    head.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let got = read_to_close(&mut head);
    assert!(!got.contains("200 OK"), "{got}");
    eprintln!("partial head closed after {:?}", started.elapsed());
    let mut body = connect(&s);
    let req = format!(
        "POST /v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"dtcs\"",
        s.key
    );
    body.write_all(req.as_bytes()).unwrap();
    let got = read_to_close(&mut body);
    assert!(got.starts_with("HTTP/1.1 408"), "{got}");
    eprintln!("stalled body closed after {:?}", started.elapsed());
    let mut idle = connect(&s);
    idle.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let got = read_to_close(&mut idle);
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
    eprintln!("idle keep-alive closed after {:?}", started.elapsed());
    // All three were closed by the server (read_to_close returned), well
    // before the 30 s the test would otherwise wait.
    assert!(started.elapsed() < Duration::from_secs(30));
    health_answers(&s);
    assert_eq!(balance(&s), CREDITS);
    stays_small(&s.server);
}

/// Issue 18 item 10: a 429 lacked X-RateLimit-*; `BEARER` was refused; a
/// duplicated query parameter used the last value and charged; an
/// idempotent replay dropped `Location`.
#[test]
fn rate_limit_headers_bearer_case_duplicate_parameters_and_replayed_location() {
    let db = TestDb::new();
    let server = ApiServer::start(db.target(), &["--rate-per-minute", "3"]);
    server.admin(&["partner", "add", "acme", "--plan", "internal"]);
    let key = server.admin(&["key", "create", "acme", "--mode", "test"]);
    // A second key of the same partner: its own minute, the same idempotency keys.
    let key2 = server.admin(&["key", "create", "acme", "--mode", "test"]);
    server.admin(&["credits", "add", "acme", "50", "--mode", "test"]);
    let get = |auth: &str, path: &str| {
        http()
            .get(format!("{}{path}", server.url))
            .header("Authorization", format!("{auth} {key}"))
            .send()
            .unwrap()
    };
    let r = get("BEARER", "/v1/account");
    assert_eq!(r.status(), 200, "the auth scheme is case-insensitive");
    let r = get(
        "Bearer",
        "/v1/us/purchase-costs?state=CA&price=25000&sale_type=dealer&price=1",
    );
    assert_eq!(r.status(), 400);
    assert!(r.headers().contains_key("x-ratelimit-remaining"));
    let p: Value = r.json().unwrap();
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("'price' given more than once"),
        "{p}"
    );
    let created = http()
        .post(format!("{}/v1/cases", server.url))
        .bearer_auth(&key)
        .header("Idempotency-Key", "case-1")
        .json(&json!({ "dtcs": ["P0171"] }))
        .send()
        .unwrap();
    assert_eq!(created.status(), 201);
    let location = created.headers()["location"].clone();
    let r = get("Bearer", "/v1/account");
    assert_eq!(r.status(), 429);
    for h in [
        "retry-after",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
    ] {
        assert!(r.headers().contains_key(h), "{h} missing on a 429");
    }
    assert_eq!(r.headers()["x-ratelimit-remaining"], "0");
    // The replay (through the partner's other key) answers as the first did.
    let replay = http()
        .post(format!("{}/v1/cases", server.url))
        .bearer_auth(&key2)
        .header("Idempotency-Key", "case-1")
        .json(&json!({ "dtcs": ["P0171"] }))
        .send()
        .unwrap();
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.headers()["location"], location);
    let api = Client::new(&server.url, &key2).unwrap();
    assert_eq!(rt().block_on(api.account()).unwrap().credit_balance, 50);
    stays_small(&server);
}

/// Issue 18 item 10: `shopbench --remote URL --key K account` failed with
/// "unrecognized subcommand" though both READMEs show it.
#[test]
fn remote_account_is_a_command() {
    let s = setup();
    let home = tempfile::tempdir().unwrap();
    let run = shopbench_e2e::run_shopbench(
        home.path(),
        &["--remote", &s.server.url, "--key", &s.key, "account"],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let a: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(a["partner"], "acme");
    assert_eq!(a["credit_balance"], CREDITS);
    stays_small(&s.server);
}

/// `phrase` repeated to exactly `n` characters.
fn at_most(n: usize, phrase: &str) -> String {
    phrase.chars().cycle().take(n).collect()
}

/// Waits for diagnosis `id` to finish; its status document as sent, in bytes.
fn finished_diagnosis(s: &Setup, id: &str) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let r = get(s, &format!("/v1/diagnoses/{id}"));
        assert_eq!(r.status(), 200);
        let body = r.bytes().unwrap().to_vec();
        let v: Value = serde_json::from_slice(&body).unwrap();
        if v["status"] != "processing" {
            assert_eq!(v["status"], "complete", "{v}");
            return body;
        }
        assert!(Instant::now() < deadline, "diagnosis {id} never finished");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Issue 18 item 7: the free `GET /v1/diagnoses/{id}` of a 1,000-code case
/// served 65 MB. A case at every limit of the table (100 codes, 200 readings,
/// 200 freeze-frame values, every symptom tag, 100 test results, 4,000-character
/// texts) is diagnosed, and what it costs to serve stays small: its status
/// document under 256 KB, its PDF under 1 MB.
#[test]
fn a_case_at_every_limit_has_a_small_result_and_report() {
    let s = setup();
    let readings: serde_json::Map<String, Value> = (0..200)
        .map(|i| (format!("reading_{i}"), json!(i as f64 / 3.0)))
        .collect();
    // Every symptom tag the knowledge has (22, under the 32 allowed).
    let symptoms = [
        "no_start",
        "crank_no_start",
        "no_crank",
        "rough_idle",
        "misfire_felt",
        "stalling",
        "hesitation",
        "poor_fuel_economy",
        "overheating",
        "no_heat",
        "battery_drain",
        "charging_warning",
        "brake_noise",
        "brake_pull",
        "brake_pulsation",
        "transmission_slip",
        "harsh_shift",
        "fuel_smell",
        "engine_noise_ticking",
        "oil_consumption",
        "coolant_loss",
        "check_engine_light_only",
    ];
    let tests: Vec<Value> = (0..100)
        .map(|i| json!({ "step_id": format!("step_{i}"), "outcome": "fail", "note": "x".repeat(200) }))
        .collect();
    let case = json!({
        "vehicle": { "make": "Toyota", "model": "Camry", "year": 2012 },
        "complaint": at_most(4_000, "rough idle and hesitation "),
        "findings": at_most(4_000, "fuel trims high at idle "),
        "dtcs": codes(100),
        "readings": readings,
        "freeze_frame": readings,
        "symptoms": symptoms,
        "test_results": tests,
    });
    let (status, c) = post_json(&s, "/v1/cases", &case);
    assert_eq!(status, 201, "{c}");
    let (status, d) = post_json(&s, "/v1/diagnose", &json!({ "case_id": c["case_id"] }));
    assert_eq!(status, 202, "{d}");
    let id = d["diagnosis_id"].as_str().unwrap();
    let status_doc = finished_diagnosis(&s, id);
    assert!(
        status_doc.len() < 256 * 1024,
        "{} bytes for a case at the limits",
        status_doc.len()
    );
    let pdf = get(&s, &format!("/v1/diagnoses/{id}/report.pdf"));
    assert_eq!(pdf.status(), 200);
    let pdf = pdf.bytes().unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert!(pdf.len() < 1024 * 1024, "{} bytes of PDF", pdf.len());
    eprintln!(
        "case at every limit: status document {} bytes, PDF {} bytes",
        status_doc.len(),
        pdf.len()
    );
    health_answers(&s);
    stays_small(&s.server);
}

/// Issue 18, the bounded queue: when it is full, CPU-heavy requests (here a
/// priced estimate and a report PDF) are a `503` with `Retry-After`, charged
/// nothing, while `/health` and the light routes keep answering. `--cpu-slots
/// 0` makes the queue full from the start, so the answer does not depend on
/// timing.
#[test]
fn a_full_cpu_queue_is_a_503_with_retry_after_and_charges_nothing() {
    let s = setup_with(&["--cpu-slots", "0"]);
    let body = json!({
        "vehicle_make": "Toyota", "vehicle_model": "Camry", "vehicle_year": 2022,
        "state": "CA",
        "areas": [{ "location": "hood", "type": "dent", "severity": "minor" }],
    });
    let r = http()
        .post(format!("{}/v1/estimates", s.server.url))
        .bearer_auth(&s.key)
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(r.status(), 503);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1, "{retry}");
    let p: Value = r.json().unwrap();
    assert_eq!(p["status"], 503, "{p}");
    // The diagnosis itself runs in the job workers, not the request queue.
    let (status, c) = post_json(&s, "/v1/cases", &json!({ "dtcs": ["P0301"] }));
    assert_eq!(status, 201, "{c}");
    let (status, d) = post_json(&s, "/v1/diagnose", &json!({ "case_id": c["case_id"] }));
    assert_eq!(status, 202, "{d}");
    let id = d["diagnosis_id"].as_str().unwrap();
    finished_diagnosis(&s, id);
    let r = get(&s, &format!("/v1/diagnoses/{id}/report.pdf"));
    assert_eq!(r.status(), 503);
    assert!(r.headers().contains_key("retry-after"));
    health_answers(&s);
    assert_eq!(balance(&s), CREDITS - 10, "only the diagnosis was charged");
}
