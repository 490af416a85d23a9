//! The /v1 partner API end to end: the real `shopbench serve` binary on
//! 127.0.0.1:0, administered with the real `shopbench admin`, called with
//! `shopbench-client` and raw HTTP, webhooks received by a real listener.
//! Issue 7.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{json, Value};
use shopbench_client::{verify_signature, Client, ClientError};
use shopbench_diagnosis::{diagnose, CaseInput, DtcEntry, Knowledge};
use shopbench_e2e::hooks::{eventually, receiver, Received};
use shopbench_e2e::{camry_estimate_args, shopbench, ApiServer, TestDb};

/// `shopbench admin --db DB ARGS` → stdout (trimmed); panics on failure.
fn admin(db: &str, args: &[&str]) -> String {
    let out = Command::new(shopbench())
        .arg("admin")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run shopbench admin");
    assert!(
        out.status.success(),
        "admin {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A fresh database with partner `name` and a key of `mode`.
fn partner(db: &str, name: &str, plan: &str, mode: &str, credits: i64) -> String {
    admin(db, &["partner", "add", name, "--plan", plan]);
    let key = admin(db, &["key", "create", name, "--mode", mode]);
    assert!(
        key.starts_with(&format!("sk_{mode}_")) && key.len() >= 8 + 32,
        "{key}"
    );
    admin(
        db,
        &["credits", "add", name, &credits.to_string(), "--mode", mode],
    );
    key
}

/// The test's database (SQLite, or PostgreSQL when the run sets
/// `SHOPBENCH_TEST_POSTGRES`) and what `--db` is given for it.
fn tempdir() -> (TestDb, String) {
    let db = TestDb::new();
    let target = db.target().to_string();
    (db, target)
}

fn misfire_case() -> CaseInput {
    CaseInput {
        complaint: "shakes at idle, check engine light flashing".into(),
        dtcs: vec![DtcEntry::stored("P0300"), DtcEntry::stored("P0302")],
        ..Default::default()
    }
}

fn api_err(e: ClientError) -> shopbench_client::Problem {
    match e {
        ClientError::Api(p) => *p,
        other => panic!("expected a problem, got {other}"),
    }
}

/// The query of a $25,000 private sale in `place` (`by` is `state` or `province`).
fn private_sale_of_25000<'a>(by: &'static str, place: &'a str) -> [(&'static str, &'a str); 3] {
    [(by, place), ("price", "25000"), ("sale_type", "private")]
}

/// `GET path` on `server` with `key`.
fn get_with_key(
    http: &reqwest::Client,
    server: &ApiServer,
    key: &str,
    path: &str,
) -> impl std::future::Future<Output = reqwest::Result<reqwest::Response>> {
    http.get(format!("{}{path}", server.url))
        .bearer_auth(key)
        .send()
}

/// GET each of `paths` with `key`: each is a `status` problem (`application/problem+json`).
async fn each_is_a_problem(server: &ApiServer, key: &str, status: u16, paths: &[&str]) {
    let http = reqwest::Client::new();
    for path in paths {
        let r = get_with_key(&http, server, key, path).await.unwrap();
        assert_eq!(r.status(), status, "{path}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
    }
}

/// Runs `cmd` (a `shopbench` command), checking it succeeded (its stderr is shown when not).
fn succeeded(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `shopbench data import KIND crates/recalls/tests/fixtures/FILE --data-db DATA`.
fn import_fixture(kind: &str, file: &str, data_db: &Path) {
    let fixture = shopbench_e2e::workspace_root()
        .join("crates/recalls/tests/fixtures")
        .join(file);
    succeeded(
        Command::new(shopbench())
            .args(["data", "import", kind])
            .arg(&fixture)
            .arg("--data-db")
            .arg(data_db),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_call_flow_with_a_verified_webhook_after_a_retry() {
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    // The receiver fails the first delivery, so the retry path is exercised.
    let (hook_url, seen) = receiver(vec![StatusCode::INTERNAL_SERVER_ERROR]).await;
    let secret = admin(
        &db,
        &["webhook", "set", "acme", &hook_url, "--mode", "test"],
    );
    assert!(secret.starts_with("whsec_"), "{secret}");
    let server = ApiServer::start(&db, &["--webhook-retries", "200ms,400ms,800ms"]);
    let api = Client::new(&server.url, &key).unwrap();

    let case = misfire_case();
    let created = api.create_case(&case).await.unwrap();
    assert!(created.case_id.starts_with("case_"));
    let accepted = api.diagnose(&created.case_id, None).await.unwrap();
    assert_eq!(accepted.status, "processing");
    assert_eq!(accepted.credits_charged, 10);
    let done = api
        .wait_for_diagnosis(&accepted.diagnosis_id, Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(done.status, "complete");
    assert_eq!(done.progress, 1.0);
    // The remote result is the embedded engine's result, exactly.
    let embedded = diagnose(Knowledge::embedded(), &case);
    assert_eq!(done.result.as_ref(), Some(&embedded));

    let (headers, body) = eventually(
        "a successful webhook",
        Duration::from_secs(20),
        async || {
            let s = seen.lock().unwrap();
            (s.calls.len() >= 2).then(|| s.calls[1].clone())
        },
    )
    .await;
    let sig = headers["shopbench-signature"].to_str().unwrap();
    verify_signature(&secret, sig, &body).expect("signature verifies");
    assert!(verify_signature("whsec_wrong", sig, &body).is_err());
    let event: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(event["type"], "diagnosis.completed");
    assert_eq!(event["mode"], "test");
    assert_eq!(
        event["data"]["diagnosis_id"],
        accepted.diagnosis_id.as_str()
    );
    assert_eq!(
        event["data"]["top_cause"]["id"],
        embedded.causes[0].id.as_str()
    );
    // The failed first attempt carried the same event and a valid signature too.
    {
        let s = seen.lock().unwrap();
        let (h0, b0) = &s.calls[0];
        assert_eq!(b0, &body);
        verify_signature(&secret, h0["shopbench-signature"].to_str().unwrap(), b0).unwrap();
    }

    let deliveries = eventually("the delivery log", Duration::from_secs(10), async || {
        let d = serde_json::to_value(api.webhook_deliveries().await.unwrap()).unwrap();
        (d["data"][0]["status"] == "succeeded").then_some(d)
    })
    .await;
    let attempts = &deliveries["data"][0]["attempts"];
    assert_eq!(attempts.as_array().unwrap().len(), 2, "{deliveries}");
    assert_eq!(attempts[0]["status_code"], 500);
    assert_eq!(attempts[1]["status_code"], 200);

    let account = api.account().await.unwrap();
    assert_eq!(account.credit_balance, 90);
    assert_eq!(account.usage.billable_calls, 1);
    assert_eq!(account.usage.credits_spent, 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tenants_and_modes_never_see_each_other() {
    let (_dir, db) = tempdir();
    let acme_test = partner(&db, "acme", "garage", "test", 100);
    let acme_live = admin(&db, &["key", "create", "acme", "--mode", "live"]);
    admin(&db, &["credits", "add", "acme", "100", "--mode", "live"]);
    let bob_test = partner(&db, "bob", "garage", "test", 100);
    let server = ApiServer::start(&db, &[]);
    let acme = Client::new(&server.url, &acme_test).unwrap();
    let acme_l = Client::new(&server.url, &acme_live).unwrap();
    let bob = Client::new(&server.url, &bob_test).unwrap();

    let case = acme.create_case(&misfire_case()).await.unwrap();
    let dg = acme.diagnose(&case.case_id, None).await.unwrap();
    for other in [&acme_l, &bob] {
        let p = api_err(other.diagnosis(&dg.diagnosis_id).await.unwrap_err());
        assert_eq!((p.status, p.slug()), (404, "not-found"));
        let p = api_err(other.diagnose(&case.case_id, None).await.unwrap_err());
        assert_eq!(p.status, 404);
    }
    // Balances are per partner and mode.
    assert_eq!(acme.account().await.unwrap().credit_balance, 90);
    assert_eq!(acme_l.account().await.unwrap().credit_balance, 100);
    assert_eq!(bob.account().await.unwrap().credit_balance, 100);
    let http = reqwest::Client::new();
    for key in [&acme_live, &bob_test] {
        let r = http
            .get(format!("{}/v1/cases/{}", server.url, case.case_id))
            .bearer_auth(key)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
    }
    // Revoked keys and strangers are 401 problems.
    admin(&db, &["key", "revoke", &bob_test]);
    let p = api_err(bob.account().await.unwrap_err());
    assert_eq!((p.status, p.slug()), (401, "unauthorized"));
    let stranger = Client::new(
        &server.url,
        "sk_test_0000000000000000000000000000000000000000",
    )
    .unwrap();
    assert_eq!(api_err(stranger.account().await.unwrap_err()).status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credits_stay_exact_under_200_concurrent_requests() {
    let (_dir, db) = tempdir();
    // 995 credits at 10 per diagnosis: exactly 99 can be paid for.
    let key = partner(&db, "acme", "engineer", "live", 995);
    let server = ApiServer::start(&db, &["--rate-per-minute", "1000"]);
    let api = Client::new(&server.url, &key).unwrap();
    let case = api.create_case(&misfire_case()).await.unwrap();
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let (api, id) = (api.clone(), case.case_id.clone());
        tasks.push(tokio::spawn(async move { api.diagnose(&id, None).await }));
    }
    let (mut ok, mut short) = (0, 0);
    for t in tasks {
        match t.await.unwrap() {
            Ok(a) => {
                assert_eq!(a.credits_charged, 10);
                ok += 1;
            }
            Err(e) => {
                let p = api_err(e);
                assert_eq!((p.status, p.slug()), (402, "insufficient-credits"), "{p:?}");
                short += 1;
            }
        }
    }
    assert_eq!((ok, short), (99, 101));
    let account = api.account().await.unwrap();
    assert_eq!(account.credit_balance, 5);
    assert_eq!(account.usage.billable_calls, 99);
    // A synchronous paid endpoint: 2 credits each, errors free.
    let costs = api
        .us_purchase_costs(&private_sale_of_25000("state", "CA"))
        .await
        .unwrap();
    assert!(costs.charged);
    assert_eq!(costs.credits_charged, 2);
    assert_eq!(costs.body.answer.state, "CA");
    let p = api_err(
        api.us_purchase_costs(&private_sale_of_25000("state", "ZZ"))
            .await
            .unwrap_err(),
    );
    assert!(
        p.detail
            .starts_with("unknown state 'ZZ'. Valid state codes: AK, AL"),
        "{}",
        p.detail
    );
    assert_eq!(api.account().await.unwrap().credit_balance, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idempotency_keys_replay_and_never_charge_twice() {
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let server = ApiServer::start(&db, &[]);
    let api = Client::new(&server.url, &key).unwrap();
    let case = api.create_case(&misfire_case()).await.unwrap();

    let first = api.diagnose(&case.case_id, Some("order-42")).await.unwrap();
    let again = api.diagnose(&case.case_id, Some("order-42")).await.unwrap();
    assert_eq!(first, again);
    // Twenty concurrent retries of the same key: all replays (or 409 while in flight), no new charge.
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (api, id) = (api.clone(), case.case_id.clone());
        tasks.push(tokio::spawn(async move {
            api.diagnose(&id, Some("order-42")).await
        }));
    }
    for t in tasks {
        match t.await.unwrap() {
            Ok(a) => assert_eq!(a.diagnosis_id, first.diagnosis_id),
            Err(e) => assert_eq!(api_err(e).status, 409),
        }
    }
    assert_eq!(api.account().await.unwrap().credit_balance, 90);

    let http = reqwest::Client::new();
    let r = http
        .post(format!("{}/v1/diagnose", server.url))
        .bearer_auth(&key)
        .header("Idempotency-Key", "order-42")
        .json(&json!({ "case_id": case.case_id }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["idempotent-replayed"], "true");
    // Same key, different body → 422.
    let lean = CaseInput {
        dtcs: vec![DtcEntry::stored("P0171")],
        ..Default::default()
    };
    let other = api.create_case(&lean).await.unwrap();
    let p = api_err(
        api.diagnose(&other.case_id, Some("order-42"))
            .await
            .unwrap_err(),
    );
    assert_eq!((p.status, p.slug()), (422, "idempotency-key-reused"));
    // A failed request does not consume its key: after a 404 the key still works.
    let p = api_err(
        api.diagnose("case_nope", Some("order-43"))
            .await
            .unwrap_err(),
    );
    assert_eq!(p.status, 404);
    api.diagnose(&other.case_id, Some("order-43"))
        .await
        .unwrap();
    assert_eq!(api.account().await.unwrap().credit_balance, 80);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limit_answers_429_with_retry_after() {
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 1);
    let server = ApiServer::start(&db, &["--rate-per-minute", "5"]);
    let http = reqwest::Client::new();
    let get = || {
        http.get(format!("{}/v1/account", server.url))
            .bearer_auth(&key)
            .send()
    };
    for left in (0..5).rev() {
        let r = get().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["x-ratelimit-limit"], "5");
        assert_eq!(
            r.headers()["x-ratelimit-remaining"],
            left.to_string().as_str()
        );
        assert!(r.headers().contains_key("x-ratelimit-reset"));
    }
    let r = get().await.unwrap();
    assert_eq!(r.status(), 429);
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["type"], "urn:shopbench:problem:rate-limited");
    assert!(p["reset_at"].as_str().unwrap().ends_with('Z'));
    assert!(p["request_id"].as_str().unwrap().starts_with("req_"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_killed_mid_run_finishes_after_restart_without_a_second_charge() {
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let (hook_url, seen) = receiver(Vec::new()).await;
    let secret = admin(
        &db,
        &["webhook", "set", "acme", &hook_url, "--mode", "test"],
    );
    // Each stage pauses 3 s, so the job is surely mid-run when killed.
    // A 5 s lease: the restarted process takes the job over once it lapses.
    let server = ApiServer::start(&db, &["--stage-delay", "3s", "--lease", "5s"]);
    let api = Client::new(&server.url, &key).unwrap();
    let case = api.create_case(&misfire_case()).await.unwrap();
    let dg = api.diagnose(&case.case_id, None).await.unwrap();
    eventually("the job to start", Duration::from_secs(10), async || {
        let s = api.diagnosis(&dg.diagnosis_id).await.unwrap();
        (s.stage != "queued").then_some(())
    })
    .await;
    server.kill();

    let server = ApiServer::start(&db, &["--lease", "5s"]);
    let api = Client::new(&server.url, &key).unwrap();
    let done = api
        .wait_for_diagnosis(&dg.diagnosis_id, Duration::from_secs(30))
        .await
        .unwrap();
    assert_eq!(done.status, "complete");
    assert_eq!(
        done.result.unwrap(),
        diagnose(Knowledge::embedded(), &misfire_case())
    );
    assert_eq!(api.account().await.unwrap().credit_balance, 90);
    let body = eventually("the webhook", Duration::from_secs(10), async || {
        seen.lock().unwrap().calls.first().cloned()
    })
    .await;
    verify_signature(
        &secret,
        body.0["shopbench-signature"].to_str().unwrap(),
        &body.1,
    )
    .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        seen.lock().unwrap().calls.len(),
        1,
        "exactly one completion event"
    );
}

/// `POST url` with `key` and a JSON `body`.
fn json_post(
    http: &reqwest::Client,
    url: String,
    key: &str,
    body: Vec<u8>,
) -> reqwest::RequestBuilder {
    http.post(url)
        .bearer_auth(key)
        .header("content-type", "application/json")
        .body(body)
}

/// Requests the API must refuse: what each is, then the request, its status and its
/// problem's slug.
fn malformed_requests(
    server: &ApiServer,
    key: &str,
) -> Vec<(&'static str, reqwest::RequestBuilder, u16, &'static str)> {
    let http = reqwest::Client::new();
    let url = |p: &str| format!("{}{p}", server.url);
    let post_json = |p: &str, body: Vec<u8>| json_post(&http, url(p), key, body);
    vec![
        (
            "not json",
            post_json("/v1/cases", b"{".to_vec()),
            400,
            "invalid-json",
        ),
        (
            "wrong type",
            post_json("/v1/cases", br#"{"complaint": 5}"#.to_vec()),
            400,
            "invalid-json",
        ),
        (
            "unknown field",
            post_json("/v1/cases", br#"{"complant": "x"}"#.to_vec()),
            400,
            "invalid-json",
        ),
        (
            "unknown vehicle field",
            post_json("/v1/cases", br#"{"vehicle": {"colour": "red"}}"#.to_vec()),
            400,
            "invalid-json",
        ),
        (
            "bad utf-8",
            post_json("/v1/cases", b"{\"complaint\": \"\xff\xfe\"}".to_vec()),
            400,
            "invalid-json",
        ),
        (
            "array",
            post_json("/v1/cases", b"[]".to_vec()),
            400,
            "invalid-json",
        ),
        (
            "oversize",
            post_json("/v1/cases", vec![b' '; 2 << 20]),
            413,
            "payload-too-large",
        ),
        (
            "form body",
            http.post(url("/v1/cases")).bearer_auth(key).body("a=b"),
            415,
            "unsupported-media-type",
        ),
        (
            "diagnose extra field",
            post_json("/v1/diagnose", br#"{"case_id": "x", "y": 1}"#.to_vec()),
            400,
            "invalid-json",
        ),
        // Regression (schemathesis on PostgreSQL): a NUL in an id was a 500.
        (
            "nul_in_a_case_id",
            post_json("/v1/diagnose", br#"{"case_id": "case_\u0000x"}"#.to_vec()),
            400,
            "invalid-request",
        ),
        (
            "nul_in_a_path_id",
            http.get(url("/v1/cases/case_%00x")).bearer_auth(key),
            400,
            "invalid-request",
        ),
        (
            "diagnose missing field",
            post_json("/v1/diagnose", b"{}".to_vec()),
            400,
            "invalid-json",
        ),
        (
            "unknown case",
            post_json("/v1/diagnose", br#"{"case_id": "case_x"}"#.to_vec()),
            404,
            "not-found",
        ),
        (
            "long idempotency key",
            post_json("/v1/diagnose", b"{}".to_vec()).header("idempotency-key", "k".repeat(300)),
            400,
            "invalid-request",
        ),
        (
            "unknown route",
            http.get(url("/v1/nothing")).bearer_auth(key),
            404,
            "not-found",
        ),
        (
            "wrong method",
            http.delete(url("/v1/cases")).bearer_auth(key),
            405,
            "method-not-allowed",
        ),
        ("no key", http.get(url("/v1/account")), 401, "unauthorized"),
        (
            "not bearer",
            http.get(url("/v1/account"))
                .header("authorization", "Basic eDp5"),
            401,
            "unauthorized",
        ),
        (
            "unknown param",
            http.get(url(
                "/v1/us/purchase-costs?state=CA&price=1&sale_type=private&x=1",
            ))
            .bearer_auth(key),
            400,
            "invalid-request",
        ),
        (
            "missing sale_type",
            http.get(url("/v1/us/purchase-costs?state=CA&price=25000"))
                .bearer_auth(key),
            400,
            "invalid-request",
        ),
        (
            "bad price",
            http.get(url(
                "/v1/ca/purchase-costs?province=ON&price=lots&sale_type=private",
            ))
            .bearer_auth(key),
            400,
            "invalid-request",
        ),
        (
            "negative price",
            http.get(url(
                "/v1/ca/purchase-costs?province=ON&price=-5&sale_type=private",
            ))
            .bearer_auth(key),
            400,
            "invalid-request",
        ),
        (
            "bad local rate",
            http.get(url(
                "/v1/us/purchase-costs?state=CA&price=25000&sale_type=dealer&local_rate=NaN",
            ))
            .bearer_auth(key),
            400,
            "invalid-request",
        ),
        (
            "bad delivery limit",
            http.get(url("/v1/webhook-deliveries?limit=0"))
                .bearer_auth(key),
            400,
            "invalid-request",
        ),
    ]
}

/// Sends each request: every one is answered by its problem (status, slug, the request's
/// id, a title and a detail), never a 500.
async fn each_is_its_problem(requests: Vec<(&str, reqwest::RequestBuilder, u16, &str)>) {
    for (what, req, status, slug) in requests {
        let r = req.send().await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{what}");
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "{what}"
        );
        let rid = r.headers()["x-request-id"].to_str().unwrap().to_string();
        let p: Value = r.json().await.unwrap();
        assert_eq!(
            p["type"],
            format!("urn:shopbench:problem:{slug}"),
            "{what}: {p}"
        );
        assert_eq!(p["status"], status, "{what}");
        assert_eq!(p["request_id"], rid.as_str(), "{what}");
        assert!(
            !p["title"].as_str().unwrap().is_empty() && !p["detail"].as_str().unwrap().is_empty(),
            "{what}"
        );
    }
}

/// A malformed VIN is refused where it is read (one checked Vin across the
/// crates); a check digit that fails is only a warning (kept).
async fn a_malformed_vin_is_refused_and_a_failing_check_digit_kept(server: &ApiServer, key: &str) {
    let http = reqwest::Client::new();
    let url = format!("{}/v1/cases", server.url);
    let post_json = |body: &[u8]| json_post(&http, url.clone(), key, body.to_vec());
    let r = post_json(br#"{"vehicle": {"vin": "NOT-A-VIN"}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.headers().contains_key("x-request-id"));
    let p: serde_json::Value = r.json().await.unwrap();
    assert!(p["detail"].as_str().unwrap().contains("NOT-A-VIN"), "{p}");
    let r = post_json(br#"{"vehicle": {"vin": "1HGCM82633A004353"}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_a_problem_never_a_500() {
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let server = ApiServer::start(&db, &["--rate-per-minute", "1000"]);
    each_is_its_problem(malformed_requests(&server, &key)).await;
    a_malformed_vin_is_refused_and_a_failing_check_digit_kept(&server, &key).await;
    // Nothing above was charged.
    let api = Client::new(&server.url, &key).unwrap();
    assert_eq!(api.account().await.unwrap().credit_balance, 100);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remote_cli_prints_what_the_embedded_engine_prints() {
    let (dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let server = ApiServer::start(&db, &[]);
    let case_file = dir.path().join("case.json");
    let case = json!({
        "vehicle": { "make": "Toyota", "model": "Camry", "year": 2012 },
        "mileage": { "value": 142000, "unit": "mi" },
        "complaint": "rough idle and hesitation, check engine light on",
        "dtcs": ["P0171", "P0174"],
        "readings": { "ltft_b1": 18.0, "ltft_b2": 16.5, "ltft_b1_2500": 4.0 }
    });
    std::fs::write(&case_file, serde_json::to_vec_pretty(&case).unwrap()).unwrap();
    let case_arg = case_file.to_str().unwrap();
    let home = dir.path();
    let embedded = tokio::task::spawn_blocking({
        let (home, case_arg) = (home.to_path_buf(), case_arg.to_string());
        move || shopbench_e2e::run_shopbench(&home, &["diagnose", "--input", &case_arg, "--json"])
    })
    .await
    .unwrap();
    assert_eq!(embedded.code, Some(0), "{}", embedded.stderr);
    let remote = tokio::task::spawn_blocking({
        let (home, case_arg, url) = (home.to_path_buf(), case_arg.to_string(), server.url.clone());
        move || {
            shopbench_e2e::run_shopbench(
                &home,
                &[
                    "--remote", &url, "--key", &key, "diagnose", "--input", &case_arg, "--json",
                ],
            )
        }
    })
    .await
    .unwrap();
    assert_eq!(remote.code, Some(0), "{}", remote.stderr);
    assert_eq!(remote.stdout, embedded.stdout);
    let parsed: Value = serde_json::from_str(&remote.stdout).unwrap();
    assert!(!parsed["causes"].as_array().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_api_lists_are_free_details_are_charged_and_the_report_is_a_pdf() {
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let server = ApiServer::start(&db, &[]);
    let http = reqwest::Client::new();
    let get = |p: &str| get_with_key(&http, &server, &key, p);
    let api = Client::new(&server.url, &key).unwrap();

    for list in ["/v1/vehicles", "/v1/states", "/v1/damage-types"] {
        let r = get(list).await.unwrap();
        assert_eq!(r.status(), 200, "{list}");
        let v: Value = r.json().await.unwrap();
        assert!(!v["data"].as_array().unwrap().is_empty(), "{list}: {v}");
    }
    assert_eq!(api.account().await.unwrap().credit_balance, 100);
    let r = get("/v1/labor-rates/CA").await.unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["data"]["state"], "CA");
    assert_eq!(v["charged"], true);
    let v: Value = get("/v1/damage-types/dent")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["data"]["type"], "dent");
    let v: Value = get("/v1/vehicles/Toyota/Camry")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["data"]["vehicle"]["make"], "Toyota", "{v}");
    assert_eq!(api.account().await.unwrap().credit_balance, 97);
    // Unknown things are uncharged 404 problems.
    each_is_a_problem(
        &server,
        &key,
        404,
        &[
            "/v1/labor-rates/ZZ",
            "/v1/damage-types/melted",
            "/v1/vehicles/Nope/Nada",
        ],
    )
    .await;
    assert_eq!(api.account().await.unwrap().credit_balance, 97);

    // Offline VIN decode (seed 002): the seed's F-150, charged 1; a bad VIN is an uncharged 400.
    let r = get("/v1/decode?vin=1FTFW1ET5DFC10312").await.unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["vehicle"]["make"], "FORD", "{v}");
    assert_eq!(v["vehicle"]["year"], 2013);
    assert_eq!(v["charged"], true);
    assert_eq!(v["disclaimer"], shopbench_client::DISCLAIMER);
    for bad in [
        "/v1/decode?vin=1FTFW1ET5DFC1031",
        "/v1/decode?vin=IFTFW1ET5DFC10312",
        "/v1/decode",
    ] {
        let r = get(bad).await.unwrap();
        assert_eq!(r.status(), 400, "{bad}");
    }
    assert_eq!(api.account().await.unwrap().credit_balance, 96);

    let done = api
        .diagnose_case(&misfire_case(), Duration::from_secs(30))
        .await
        .unwrap();
    let r = get(&format!("/v1/diagnoses/{}/report.pdf", done.diagnosis_id))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let r = get(&format!(
        "/v1/diagnoses/{}/report.pdf?paper=tabloid",
        done.diagnosis_id
    ))
    .await
    .unwrap();
    assert_eq!(r.status(), 400);
    // The same through the typed client.
    let a4 = api
        .diagnosis_report_pdf(&done.diagnosis_id, Some("a4"))
        .await
        .unwrap();
    assert!(a4.starts_with(b"%PDF-"), "not a PDF");
    let p = api_err(
        api.diagnosis_report_pdf(&done.diagnosis_id, Some("tabloid"))
            .await
            .unwrap_err(),
    );
    assert_eq!(p.status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recalls_come_from_the_imported_flat_file_and_errors_are_free() {
    let (dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 10);
    let data_db = dir.path().join("nhtsa.db");
    let server = ApiServer::start(&db, &["--data-db", data_db.to_str().unwrap()]);
    let http = reqwest::Client::new();
    let get = |p: &str| get_with_key(&http, &server, &key, p);
    let api = Client::new(&server.url, &key).unwrap();

    // Nothing imported yet: an uncharged 503 that says how to install the data.
    let r = get("/v1/recalls?vin=1FTFW1ET5DFC10312").await.unwrap();
    assert_eq!(r.status(), 503);
    let p: Value = r.json().await.unwrap();
    assert!(p["detail"].as_str().unwrap().contains("data import"), "{p}");
    assert_eq!(api.account().await.unwrap().credit_balance, 10);

    // The operator imports NHTSA's flat file (the real format, crates/recalls' fixture).
    import_fixture("nhtsa-recalls", "FLAT_RCL_sample.txt", &data_db);

    // Seed 002's F-150: three US campaigns, newest first, charged 1 credit.
    let r = get("/v1/recalls?vin=1FTFW1ET5DFC10312").await.unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["vin"], "1FTFW1ET5DFC10312");
    assert_eq!(
        v["vehicle"],
        json!({"year": 2013, "make": "FORD", "model": "F-150"})
    );
    // Transport Canada was never fetched: not known (null), not 0.
    assert_eq!(v["counts"], json!({"us": 3, "canada": null}), "{v}");
    assert_eq!(v["recalls"]["us"][0]["campaign"], "15V900002");
    assert_eq!(v["recalls"]["us"][0]["reportedDate"], "2015-05-18");
    assert!(v["provenance"]["attribution"]
        .as_str()
        .unwrap()
        .contains("Open Government Licence"));
    assert_eq!(v["charged"], true);
    assert_eq!(v["credits_charged"], 1);
    assert_eq!(v["disclaimer"], shopbench_client::DISCLAIMER);
    assert_eq!(api.account().await.unwrap().credit_balance, 9);

    // Bad VINs are uncharged 400 problems.
    each_is_a_problem(
        &server,
        &key,
        400,
        &[
            "/v1/recalls?vin=1FTFW1ET5DFC1031",
            "/v1/recalls?vin=IFTFW1ET5DFC10312",
            "/v1/recalls",
            "/v1/recalls?vin=1FTFW1ET5DFC10312&year=2013",
        ],
    )
    .await;
    assert_eq!(api.account().await.unwrap().credit_balance, 9);
}

fn photo(name: &str) -> Vec<u8> {
    std::fs::read(
        shopbench_e2e::workspace_root()
            .join("tests/data/photos")
            .join(name),
    )
    .unwrap()
}

fn camry_input() -> shopbench_client::EstimateInput {
    use shopbench_client::{EstimateArea, EstimateInput};
    let mut bumper = EstimateArea::new("front_bumper", "dent", "moderate");
    bumper.photo = Some(0);
    bumper.region = Some(json!({"x": 0.1, "y": 0.5, "w": 0.5, "h": 0.3}));
    EstimateInput {
        vehicle_make: "Toyota".into(),
        vehicle_model: "Camry".into(),
        vehicle_year: 2022,
        vehicle_class: None,
        state: Some("CA".into()),
        metro: false,
        part_preference: None,
        areas: vec![
            bumper,
            EstimateArea::new("front_fender_left", "scratch", "minor"),
        ],
        views: Vec::new(),
        callback_url: None,
    }
}

/// A `multipart/form-data` body: text fields, then files (field, file name, bytes).
fn multipart_body(boundary: &str, text: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut b = Vec::new();
    for (name, value) in text {
        b.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    for (name, file, bytes) in files {
        b.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .as_bytes(),
        );
        b.extend_from_slice(bytes);
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    b
}

/// Seed 001's text fields for a 2022-ish Toyota Camry in California.
fn camry_fields<'a>(year: &'a str, areas: &'a str) -> [(&'static str, &'a str); 5] {
    [
        ("vehicle_make", "Toyota"),
        ("vehicle_model", "Camry"),
        ("vehicle_year", year),
        ("state", "CA"),
        ("areas", areas),
    ]
}

/// `POST /v1/estimates` with a `content_type` body, with an `Idempotency-Key` when given.
async fn post_estimate(
    server: &ApiServer,
    key: &str,
    idem: Option<&str>,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    let mut req = reqwest::Client::new()
        .post(format!("{}/v1/estimates", server.url))
        .bearer_auth(key)
        .header("content-type", content_type)
        .body(body);
    if let Some(k) = idem {
        req = req.header("Idempotency-Key", k);
    }
    req.send().await.unwrap()
}

/// `POST /v1/estimates` with a multipart `body` cut by `boundary`, with an
/// `Idempotency-Key` when given.
async fn post_multipart(
    server: &ApiServer,
    key: &str,
    idem: Option<&str>,
    boundary: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    let content_type = format!("multipart/form-data; boundary={boundary}");
    post_estimate(server, key, idem, &content_type, body).await
}

/// The first call `seen` receives (waited for as `what`), its signature checked against
/// `secret`: the event it carries.
async fn first_signed_event(what: &str, seen: &Mutex<Received>, secret: &str) -> Value {
    let (headers, body) = eventually(what, Duration::from_secs(20), async || {
        seen.lock().unwrap().calls.first().cloned()
    })
    .await;
    let sig = headers["shopbench-signature"].to_str().unwrap();
    verify_signature(secret, sig, &body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

/// JSON with a base64 photo: the complete estimate, 10 credits. Returns it as JSON.
async fn json_with_a_photo_is_priced_and_charged(api: &Client) -> Value {
    let created = api
        .create_estimate(&camry_input(), &[photo("bumper.jpg")], Some("est-1"))
        .await
        .unwrap();
    let created = serde_json::to_value(created).unwrap();
    assert!(
        created["id"].as_str().unwrap().starts_with("est_"),
        "{created}"
    );
    assert_eq!(created["status"], "complete");
    assert_eq!(
        created["vehicle"],
        json!({"make": "Toyota", "model": "Camry", "year": 2022})
    );
    assert_eq!(created["damage"]["areas"].as_array().unwrap().len(), 2);
    let (min, max) = (
        created["cost"]["total_min"].as_u64().unwrap(),
        created["cost"]["total_max"].as_u64().unwrap(),
    );
    assert!(0 < min && min <= max, "{created}");
    assert_eq!(created["photos"][0]["format"], "JPEG");
    assert_eq!(created["photos"][0]["width"], 800);
    assert_eq!(created["photos"][0]["height"], 600);
    assert_eq!(created["credits_charged"], 10);
    assert_eq!(api.account().await.unwrap().credit_balance, 90);
    created
}

/// The same key and body replays the answer without a second charge.
async fn a_replay_is_the_same_answer_and_free(api: &Client, created: &Value) {
    let replay = api
        .create_estimate(&camry_input(), &[photo("bumper.jpg")], Some("est-1"))
        .await
        .unwrap();
    assert_eq!(&serde_json::to_value(replay).unwrap(), created);
    assert_eq!(api.account().await.unwrap().credit_balance, 90);
}

/// GET gives the estimate as created; the insurance view is seed 001's shape.
async fn it_reads_back_as_created_and_in_the_insurance_view(api: &Client, created: &Value) {
    let id = created["id"].as_str().unwrap();
    let mut stored = serde_json::to_value(api.estimate(id).await.unwrap()).unwrap();
    let mut expected = created.clone();
    expected.as_object_mut().unwrap().remove("charged");
    expected.as_object_mut().unwrap().remove("credits_charged");
    stored.as_object_mut().unwrap().remove("charged");
    assert_eq!(stored, expected);
    let ins = api.estimate_insurance(id).await.unwrap();
    assert_eq!(ins["estimate_id"], id);
    assert_eq!(ins["format"], "insurance");
    assert_eq!(ins["line_items"][0]["line"], 1);
    let lines = ins["line_items"].as_array().unwrap();
    // Lines awaiting confirmation or a price carry a status and stay out of
    // the gross total.
    let sum: u64 = lines
        .iter()
        .filter(|l| l.get("status").is_none())
        .map(|l| l["subtotal"].as_u64().unwrap())
        .sum();
    assert_eq!(ins["totals"]["gross_total"].as_u64().unwrap(), sum, "{ins}");
}

/// Multipart: seed 001's form fields, a JPEG and a WebP; the same damage at the same price
/// as `created`, 10 more credits.
async fn multipart_prices_it_the_same(server: &ApiServer, key: &str, created: &Value) {
    let boundary = "----shopbench-e2e-7d1f";
    let areas = r#"[{"location":"front_bumper","type":"dent","severity":"moderate","photo":0},{"location":"front_fender_left","type":"scratch","severity":"minor","photo":1}]"#;
    let (jpg, webp) = (photo("bumper.jpg"), photo("fender.webp"));
    let body = multipart_body(
        boundary,
        &camry_fields("2022", areas),
        &[
            ("photo", "bumper.jpg", &jpg),
            ("additional_photos", "fender.webp", &webp),
        ],
    );
    let r = post_multipart(server, key, None, boundary, body).await;
    assert_eq!(r.status(), 201);
    let multi: Value = r.json().await.unwrap();
    assert_eq!(multi["photos"][0]["file_name"], "bumper.jpg");
    assert_eq!(multi["photos"][1]["format"], "WebP");
    assert_eq!(multi["cost"], created["cost"], "same damage, same price");
    let api = Client::new(&server.url, key).unwrap();
    assert_eq!(api.account().await.unwrap().credit_balance, 80);
}

/// Bad photos are 422 problems naming the photo; nothing is charged.
async fn bad_photos_are_422s_naming_the_photo(api: &Client) {
    let mut truncated = photo("bumper.jpg");
    truncated.truncate(truncated.len() / 2);
    let mut oversized = vec![0xFF, 0xD8, 0xFF, 0xE0];
    oversized.resize(10 * 1024 * 1024 + 1, 0);
    let cases: Vec<(Vec<Vec<u8>>, &str)> = vec![
        (vec![photo("bumper.jpg"), truncated], "additional_photos[0]"),
        (vec![b"%PDF-1.7 not a photo".to_vec()], "photo"),
        (vec![oversized], "photo"),
        (vec![photo("fender.webp"); 6], "6"),
    ];
    for (photos, named) in cases {
        let p = api_err(
            api.create_estimate(&camry_input(), &photos, None)
                .await
                .unwrap_err(),
        );
        assert_eq!(p.status, 422, "{}", p.detail);
        assert!(p.detail.contains(named), "{named}: {}", p.detail);
    }
}

/// Bad fields are 400s, the wrong media type 415; all free (the balance stays at 80).
async fn bad_fields_are_400s_and_plain_text_a_415(server: &ApiServer, key: &str) {
    let api = Client::new(&server.url, key).unwrap();
    let mut unknown_panel = camry_input();
    unknown_panel.areas[1].location = "roof_rack".into();
    let p = api_err(
        api.create_estimate(&unknown_panel, &[photo("fender.webp")], None)
            .await
            .unwrap_err(),
    );
    assert_eq!(p.status, 400);
    assert!(p.detail.contains("roof_rack"), "{}", p.detail);
    for (ct, body) in [
        ("application/json", r#"{"vehicle_make":"Toyota","vehicle_model":"Camry","vehicle_year":2022,"areas":[],"callback_url":"x"}"#),
        ("application/json", r#"{"vehicle_make":"Toyota","vehicle_model":"Camry","vehicle_year":2022,"areas":[]}"#),
        ("application/json", r#"{"vehicle_make":"Toyota","vehicle_model":"Camry","vehicle_year":2022,"photo":"***","areas":[{"location":"hood","type":"dent","severity":"minor"}]}"#),
        ("multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: form-data; name=\"vehicle_year\"\r\n\r\nlast year\r\n--zz--\r\n"),
    ] {
        let r = post_estimate(server, key, None, ct, body).await;
        assert_eq!(r.status(), 400, "{body}");
    }
    let r = post_estimate(server, key, None, "text/plain", "dent on the bumper").await;
    assert_eq!(r.status(), 415);
    assert_eq!(api.account().await.unwrap().credit_balance, 80);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn estimates_from_json_and_multipart_are_stored_charged_and_isolated() {
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let other = partner(&db, "globex", "garage", "test", 100);
    let live = admin(&db, &["key", "create", "acme", "--mode", "live"]);
    let (hook_url, seen) = receiver(vec![]).await;
    let secret = admin(
        &db,
        &["webhook", "set", "acme", &hook_url, "--mode", "test"],
    );
    let server = ApiServer::start(&db, &[]);
    let api = Client::new(&server.url, &key).unwrap();

    let created = json_with_a_photo_is_priced_and_charged(&api).await;
    let id = created["id"].as_str().unwrap();
    // The partner's endpoint hears about it, signed.
    let event = first_signed_event("the estimate.completed webhook", &seen, &secret).await;
    assert_eq!(event["type"], "estimate.completed");
    assert_eq!(event["data"]["estimate_id"], id);
    assert_eq!(event["data"]["total_min"], created["cost"]["total_min"]);
    a_replay_is_the_same_answer_and_free(&api, &created).await;
    it_reads_back_as_created_and_in_the_insurance_view(&api, &created).await;
    multipart_prices_it_the_same(&server, &key, &created).await;
    bad_photos_are_422s_naming_the_photo(&api).await;
    bad_fields_are_400s_and_plain_text_a_415(&server, &key).await;

    // Other tenants and the live mode do not see it.
    for k in [&other, &live] {
        let c = Client::new(&server.url, k).unwrap();
        assert_eq!(api_err(c.estimate(id).await.unwrap_err()).status, 404);
        assert_eq!(
            api_err(c.estimate_insurance(id).await.unwrap_err()).status,
            404
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remote_estimate_is_what_the_embedded_engine_gives() {
    use shopbench_estimate::{
        estimate, DamageArea, EstimateData, EstimateRequest, EstimateSummary, InsuranceEstimate,
        Rect, Vehicle,
    };
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "internal", "test", 100);
    let server = ApiServer::start(&db, &[]);
    let api = Client::new(&server.url, &key).unwrap();
    let remote = api
        .create_estimate(&camry_input(), &[photo("bumper.jpg")], None)
        .await
        .unwrap();
    let remote = serde_json::to_value(remote).unwrap();
    let id = remote["id"].as_str().unwrap();

    let mut bumper = DamageArea::manual(
        "front_bumper",
        "dent".parse().unwrap(),
        "moderate".parse().unwrap(),
    );
    bumper.photo_id = Some("photo_0".into());
    bumper.region = Some(Rect::new(0.1, 0.5, 0.5, 0.3).unwrap());
    let fender = DamageArea::manual(
        "front_fender_left",
        "scratch".parse().unwrap(),
        "minor".parse().unwrap(),
    );
    let camry = Vehicle::new("Toyota", "Camry", 2022);
    let req = EstimateRequest::new(camry, "CA", vec![bumper, fender]);
    let est = estimate(&req, EstimateData::shipped()).unwrap();
    let embedded = serde_json::to_value(EstimateSummary::from_estimate(&est, id, None)).unwrap();
    for (k, v) in embedded.as_object().unwrap() {
        assert_eq!(&remote[k], v, "field {k} differs");
    }
    let insurance = serde_json::to_value(InsuranceEstimate::from_estimate(&est, id)).unwrap();
    assert_eq!(api.estimate_insurance(id).await.unwrap(), insurance);
}

/// `shopbench --remote URL --key K estimate new …` with seed 001's Camry (real photos, the
/// same flags as embedded) prices exactly what the embedded `estimate new` prices, is charged
/// once, saves nothing locally, and a refused photo is caught before anything is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remote_cli_estimate_new_totals_equal_the_embedded_command() {
    let (dir, db) = tempdir();
    let key = partner(&db, "acme", "internal", "test", 100);
    let server = ApiServer::start(&db, &[]);
    let home = dir.path().to_path_buf();
    let photos = shopbench_e2e::workspace_root().join("tests/data/photos");
    let (bumper, fender) = (photos.join("bumper.jpg"), photos.join("fender.webp"));
    let not_a_photo = home.join("notes.jpg");
    std::fs::write(&not_a_photo, "a text file named like a photo").unwrap();
    let estimate_args = |photo1: &Path| -> Vec<String> {
        let bumper_area = format!(
            "{}:front_bumper:dent:moderate:0.1,0.5,0.5,0.3",
            photo1.file_name().unwrap().to_str().unwrap()
        );
        camry_estimate_args(&[
            "--photo",
            photo1.to_str().unwrap(),
            "--photo",
            fender.to_str().unwrap(),
            "--area",
            &bumper_area,
            "--area",
            "fender.webp:front_fender_left:scratch:minor",
        ])
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let remote_prefix = [
        "--remote".to_string(),
        server.url.clone(),
        "--key".into(),
        key.clone(),
    ];
    let run = |args: Vec<String>| {
        let home = home.clone();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            shopbench_e2e::run_shopbench(&home, &args)
        })
    };
    let with = |prefix: &[String], mut args: Vec<String>, extra: &[&str]| {
        let mut all = prefix.to_vec();
        all.append(&mut args);
        all.extend(extra.iter().map(|s| s.to_string()));
        all
    };

    let embedded = run(with(&[], estimate_args(&bumper), &["--json"]))
        .await
        .unwrap();
    assert_eq!(embedded.code, Some(0), "{}", embedded.stderr);
    let embedded: Value = serde_json::from_str(&embedded.stdout).unwrap();
    let remote = run(with(&remote_prefix, estimate_args(&bumper), &["--json"]))
        .await
        .unwrap();
    assert_eq!(remote.code, Some(0), "{}", remote.stderr);
    let remote: Value = serde_json::from_str(&remote.stdout).unwrap();

    let totals = &embedded["estimate"]["totals"];
    assert!(totals["total_min"].as_u64().unwrap() > 0, "{totals}");
    for k in ["total_min", "total_max", "breakdown"] {
        assert_eq!(remote["cost"][k], totals[k], "{k} differs");
    }
    assert_eq!(remote["status"], "complete");
    assert_eq!(remote["damage"]["areas"].as_array().unwrap().len(), 2);
    let api = Client::new(&server.url, &key).unwrap();
    assert_eq!(api.account().await.unwrap().credit_balance, 90);

    // The text view shows the same totals; nothing was saved in the local case store.
    let text = run(with(&remote_prefix, estimate_args(&bumper), &[]))
        .await
        .unwrap();
    assert_eq!(text.code, Some(0), "{}", text.stderr);
    // as the CLI prints money: thousands grouped
    let dollars = |v: &Value| {
        shopbench_estimate::Cents::new(v.as_i64().unwrap())
            .usd_grouped()
            .to_string()
    };
    let want = format!(
        "Total {} – {}",
        dollars(&totals["total_min"]),
        dollars(&totals["total_max"])
    );
    assert!(
        text.stdout.contains(&want),
        "{want} not in:\n{}",
        text.stdout
    );
    let list = run(vec!["estimate".into(), "list".into(), "--json".into()])
        .await
        .unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&list.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1,
        "only the embedded estimate is local: {}",
        list.stdout
    );
    assert_eq!(api.account().await.unwrap().credit_balance, 80);

    // A file that is not an image is refused by name before anything is sent.
    let refused = run(with(
        &remote_prefix,
        estimate_args(&not_a_photo),
        &["--json"],
    ))
    .await
    .unwrap();
    assert_ne!(refused.code, Some(0));
    assert!(refused.stderr.contains("notes.jpg"), "{}", refused.stderr);
    assert_eq!(api.account().await.unwrap().credit_balance, 80);
}

/// The detector's stand-in model (`crates/detect/tools/make_models.py`; no damage model ships):
/// its boxes are known, see crates/detect/tests/models.rs. `threshold` is the manifest's
/// score threshold. Returns the `serve` flags that load it.
fn stand_in_detector(dir: &Path, threshold: f32) -> Vec<String> {
    let model = dir.join("stand-in.onnx");
    let manifest = dir.join(format!("stand-in-{threshold}.json"));
    shopbench_e2e::detector::install(&model, &manifest, Some(threshold));
    vec![
        "--detector-model".into(),
        model.display().to_string(),
        "--detector-manifest".into(),
        manifest.display().to_string(),
    ]
}

use shopbench_e2e::detector::red_png;

/// Seed 001's photo-only request (make, model, year, state), with the photo's side.
fn photo_only(views: &[&str], callback: Option<&str>) -> shopbench_client::EstimateInput {
    shopbench_client::EstimateInput {
        areas: Vec::new(),
        views: views.iter().map(|v| Some(v.to_string())).collect(),
        callback_url: callback.map(String::from),
        ..camry_input()
    }
}

/// A server's empty settings folder, so the shop's own model (if this machine has one)
/// never changes what is tested.
fn empty_home() -> (tempfile::TempDir, Vec<(&'static str, std::ffi::OsString)>) {
    let home = tempfile::tempdir().unwrap();
    let env = vec![
        ("HOME", home.path().as_os_str().to_owned()),
        (
            "XDG_CONFIG_HOME",
            home.path().join(".config").into_os_string(),
        ),
        ("SHOPBENCH_DETECTOR_MODEL", std::ffi::OsString::new()),
    ];
    (home, env)
}

fn start_detecting(db: &str, dir: &Path, threshold: f32, more: &[&str]) -> ApiServer {
    let flags = stand_in_detector(dir, threshold);
    let mut extra: Vec<&str> = flags.iter().map(String::as_str).collect();
    // Polls every 50 ms while a job runs: more than the default 60 a minute.
    extra.extend([
        "--allow-private-callbacks",
        "--webhook-retries",
        "200ms",
        "--rate-per-minute",
        "1000",
    ]);
    extra.extend(more);
    let (_home, env) = empty_home();
    let env: Vec<(&str, &std::ffi::OsStr)> = env.iter().map(|(k, v)| (*k, v.as_os_str())).collect();
    ApiServer::start_env(db, &extra, &env)
}

/// 202, charged on acceptance, with seed 001's fields; retried with the same key: the same
/// answer, no second charge, no second job. Returns the estimate's id.
async fn a_photo_only_request_is_accepted_and_charged_once(api: &Client, callback: &str) -> String {
    let submit = async || {
        api.create_estimate_async(
            &photo_only(&["front"], Some(callback)),
            &[red_png()],
            Some("photo-only-1"),
        )
        .await
        .unwrap()
    };
    let accepted = submit().await;
    let id = accepted.body.id.clone();
    assert_eq!(accepted.body.status, "processing");
    assert_eq!(accepted.body.poll_url, format!("/v1/estimates/{id}"));
    assert!(accepted.body.estimated_seconds >= 1);
    assert_eq!(accepted.credits_charged, 10);
    assert_eq!(accepted.body.photos[0].width, 64);
    assert_eq!(api.account().await.unwrap().credit_balance, 90);
    let again = submit().await;
    assert_eq!(again.body.id, id);
    id
}

/// While it runs: stage and progress (each stage pauses 300 ms). Returns the insurance view
/// asked for then.
async fn a_poll_while_it_runs_shows_its_stage(
    api: &Client,
    id: &str,
) -> Result<Value, ClientError> {
    let seen = eventually(
        "a processing poll",
        Duration::from_secs(20),
        async || match api.estimate_state(id).await {
            Ok(shopbench_client::EstimateState::Processing(p)) if p.stage != "queued" => Some(p),
            _ => None,
        },
    )
    .await;
    assert!(
        ["loading_photos", "damage_detection", "pricing"].contains(&seen.stage.as_str()),
        "{seen:?}"
    );
    assert!((0.0..1.0).contains(&seen.progress), "{seen:?}");
    api.estimate_insurance(id).await
}

/// Once complete: the two proposals that name a panel are priced as the engine prices them.
async fn it_completes_with_the_panel_proposals_priced(
    api: &Client,
    id: &str,
) -> shopbench_client::EstimateCreated {
    let done = api
        .wait_for_estimate(id, Duration::from_secs(60))
        .await
        .unwrap();
    let shopbench_client::EstimateState::Complete(done) = done else {
        panic!("not complete: {done:?}")
    };
    // The two proposals that name a panel (the dent and the scratch on the hood) are priced,
    // with their confidence; the three others are listed, not priced.
    let areas: Vec<(String, String, Option<f32>)> = done
        .summary
        .damage
        .areas
        .iter()
        .map(|a| (a.location.clone(), a.kind.to_string(), a.confidence))
        .collect();
    assert_eq!(
        areas,
        [
            ("hood".to_string(), "dent".to_string(), Some(0.9)),
            ("hood".to_string(), "scratch".to_string(), Some(0.7))
        ]
    );
    let unpriced: Vec<&str> = done.proposals.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(unpriced, ["tire flat", "dent", "lamp broken"]);
    // The same two areas priced by the engine give the same totals.
    let mut engine_areas = Vec::new();
    for (t, conf) in [
        (shopbench_estimate::DamageType::Dent, 0.9),
        (shopbench_estimate::DamageType::Scratch, 0.7),
    ] {
        let mut a = shopbench_estimate::DamageArea::manual(
            "hood",
            t,
            shopbench_estimate::Severity::Moderate,
        );
        a.confidence = Some(conf);
        engine_areas.push(a);
    }
    let camry = shopbench_estimate::Vehicle::new("Toyota", "Camry", 2022);
    let req = shopbench_estimate::EstimateRequest::new(camry, "CA", engine_areas);
    let embedded =
        shopbench_estimate::estimate(&req, shopbench_estimate::EstimateData::shipped()).unwrap();
    assert_eq!(done.summary.cost.total_min, embedded.totals.total_min);
    assert_eq!(done.summary.cost.total_max, embedded.totals.total_max);
    assert!(done.summary.cost.total_min.get() > 0);
    *done
}

/// The insurance view exists once it is complete (a 404 naming the status before).
async fn the_insurance_view_comes_once_complete(
    api: &Client,
    id: &str,
    early: Result<Value, ClientError>,
) {
    if let Err(e) = early {
        let p = api_err(e);
        assert_eq!(p.status, 404);
        assert!(p.detail.contains("processing"), "{}", p.detail);
    }
    let ins = api.estimate_insurance(id).await.unwrap();
    assert_eq!(ins["estimate_id"], id);
}

/// The same through the CLI: `--remote … estimate new --detect` prints the detector's finds,
/// the server's total and what was not priced.
fn the_remote_cli_detects_and_prices_the_same(
    server: &ApiServer,
    key: &str,
    done: &shopbench_client::EstimateCreated,
) {
    let home = tempfile::tempdir().unwrap();
    let png = home.path().join("front.png");
    std::fs::write(&png, red_png()).unwrap();
    let mut args = vec!["--remote", &server.url, "--key", key];
    args.extend(camry_estimate_args(&[
        "--photo",
        png.to_str().unwrap(),
        "--detect",
        "--view",
        "front.png=front",
    ]));
    let run = shopbench_e2e::run_shopbench(home.path(), &args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("found by the server's detector: moderate dent on hood (0.90)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!(
            "Total {}",
            done.summary.cost.total_min.usd_grouped()
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("not priced: tire flat"),
        "{}",
        run.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_only_estimate_is_detected_priced_polled_and_called_back() {
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let (endpoint, at_endpoint) = receiver(vec![]).await;
    let secret = admin(
        &db,
        &["webhook", "set", "acme", &endpoint, "--mode", "test"],
    );
    let (callback, at_callback) = receiver(vec![]).await;
    let files = tempfile::tempdir().unwrap();
    let server = start_detecting(&db, files.path(), 0.25, &["--stage-delay", "300ms"]);
    let api = Client::new(&server.url, &key).unwrap();

    let id = a_photo_only_request_is_accepted_and_charged_once(&api, &callback).await;
    let insurance_early = a_poll_while_it_runs_shows_its_stage(&api, &id).await;
    let done = it_completes_with_the_panel_proposals_priced(&api, &id).await;
    the_insurance_view_comes_once_complete(&api, &id, insurance_early).await;
    // The request's callback_url and the partner's endpoint both hear of it, signed.
    for (what, seen) in [("callback", &at_callback), ("endpoint", &at_endpoint)] {
        let event = first_signed_event(what, seen, &secret).await;
        assert_eq!(event["type"], "estimate.completed", "{what}");
        assert_eq!(event["data"]["estimate_id"], id.as_str());
        assert_eq!(
            event["data"]["total_min"],
            json!(done.summary.cost.total_min)
        );
    }
    assert_eq!(api.account().await.unwrap().credit_balance, 90);
    the_remote_cli_detects_and_prices_the_same(&server, &key, &done);
}

/// Sends `input` with one photo and waits until it fails: the estimate's id and its failure.
async fn it_fails(
    api: &Client,
    input: &shopbench_client::EstimateInput,
) -> (String, shopbench_client::EstimateFailed) {
    let a = api
        .create_estimate_async(input, &[red_png()], None)
        .await
        .unwrap();
    let done = api
        .wait_for_estimate(&a.body.id, Duration::from_secs(60))
        .await
        .unwrap();
    let shopbench_client::EstimateState::Failed(f) = done else {
        panic!("not failed: {done:?}")
    };
    (a.body.id, f)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_found_or_nothing_placeable_fails_with_seed_001_codes_and_is_refunded() {
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let secret = admin(
        &db,
        &[
            "webhook",
            "set",
            "acme",
            "https://partner.invalid/hooks",
            "--mode",
            "test",
        ],
    );
    let (callback, at_callback) = receiver(vec![]).await;
    let files = tempfile::tempdir().unwrap();

    // A threshold no candidate reaches: no damage detected.
    let strict = start_detecting(&db, files.path(), 0.99, &[]);
    let api = Client::new(&strict.url, &key).unwrap();
    let (id, f) = it_fails(&api, &photo_only(&["front"], Some(&callback))).await;
    assert_eq!(f.error.code, "no_damage_detected");
    assert!(
        f.error.message.contains("No vehicle damage was detected"),
        "{}",
        f.error.message
    );
    assert_eq!(f.credits_refunded, 10);
    assert_eq!(api.account().await.unwrap().credit_balance, 100, "refunded");
    let event = first_signed_event("estimate.failed", &at_callback, &secret).await;
    assert_eq!(event["type"], "estimate.failed");
    assert_eq!(event["data"]["error"]["code"], "no_damage_detected");
    assert_eq!(event["data"]["credits_refunded"], 10);
    let p = api_err(api.estimate_insurance(&id).await.unwrap_err());
    assert_eq!(p.status, 404);
    drop(strict);

    // Damage found, but no photo's side given: nothing can be placed on a panel.
    let server = start_detecting(&db, files.path(), 0.25, &[]);
    let api = Client::new(&server.url, &key).unwrap();
    let (_, f) = it_fails(&api, &photo_only(&[], None)).await;
    assert_eq!(f.error.code, "no_priceable_damage");
    assert!(f.error.message.contains("views"), "{}", f.error.message);
    assert_eq!(api.account().await.unwrap().credit_balance, 100, "refunded");
    let ledger_refunds = _dir.count(
        "SELECT COUNT(*) FROM ledger WHERE kind = 'refund' AND operation = 'estimate.create'",
    );
    assert_eq!(ledger_refunds, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photo_only_requests_are_refused_clearly_and_for_free() {
    let (dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let api_of = |s: &ApiServer| Client::new(&s.url, &key).unwrap();
    let refused =
        async |api: &Client, input: shopbench_client::EstimateInput, photos: Vec<Vec<u8>>| {
            api_err(
                api.create_estimate_async(&input, &photos, None)
                    .await
                    .unwrap_err(),
            )
        };

    // No detector on this server: a 422 naming the setting.
    let (_home, env) = empty_home();
    let env: Vec<(&str, &std::ffi::OsStr)> = env.iter().map(|(k, v)| (*k, v.as_os_str())).collect();
    let plain = ApiServer::start_env(&db, &[], &env);
    let p = refused(
        &api_of(&plain),
        photo_only(&["front"], None),
        vec![red_png()],
    )
    .await;
    assert_eq!(p.status, 422, "{}", p.detail);
    assert!(
        p.detail.contains("--detector-model") && p.detail.contains("SHOPBENCH_DETECTOR_MODEL"),
        "{}",
        p.detail
    );
    drop(plain);

    // With a detector: a callback needs the partner's signing secret (422 naming the
    // operator's command), an http(s) URL and, by default, a public address (400).
    let files = tempfile::tempdir().unwrap();
    let flags = stand_in_detector(files.path(), 0.25);
    let extra: Vec<&str> = flags.iter().map(String::as_str).collect();
    let server = ApiServer::start_env(&db, &extra, &env);
    let api = api_of(&server);
    let p = refused(
        &api,
        photo_only(&["front"], Some("https://partner.example/cb")),
        vec![red_png()],
    )
    .await;
    assert_eq!(p.status, 422, "{}", p.detail);
    assert!(
        p.detail.contains("shopbench admin webhook set"),
        "{}",
        p.detail
    );
    admin(
        &db,
        &[
            "webhook",
            "set",
            "acme",
            "https://partner.example/hooks",
            "--mode",
            "test",
        ],
    );
    for (cb, says) in [
        ("http://127.0.0.1:9/cb", "--allow-private-callbacks"),
        ("http://192.168.0.7/cb", "--allow-private-callbacks"),
        ("ftp://partner.example/cb", "http"),
        ("not a url", "not a URL"),
    ] {
        let p = refused(&api, photo_only(&["front"], Some(cb)), vec![red_png()]).await;
        assert_eq!(p.status, 400, "{cb}: {}", p.detail);
        assert!(
            p.detail.contains("callback_url") && p.detail.contains(says),
            "{cb}: {}",
            p.detail
        );
    }
    // Views must match the photos; areas and views do not mix; the detector needs a photo.
    let p = refused(&api, photo_only(&["front", "left"], None), vec![red_png()]).await;
    assert_eq!(
        (p.status, p.detail.contains("views")),
        (400, true),
        "{}",
        p.detail
    );
    let p = refused(&api, photo_only(&["top"], None), vec![red_png()]).await;
    assert_eq!(
        (p.status, p.detail.contains("views[0]")),
        (400, true),
        "{}",
        p.detail
    );
    let mixed = shopbench_client::EstimateInput {
        views: vec![Some("front".into())],
        ..camry_input()
    };
    let p = api_err(
        api.create_estimate(&mixed, &[red_png()], None)
            .await
            .unwrap_err(),
    );
    assert_eq!(p.status, 400, "{}", p.detail);
    let p = refused(&api, photo_only(&[], None), vec![]).await;
    assert_eq!(
        (p.status, p.detail.contains("photo")),
        (400, true),
        "{}",
        p.detail
    );
    assert_eq!(api.account().await.unwrap().credit_balance, 100);
    assert_eq!(dir.count("SELECT COUNT(*) FROM estimates"), 0);
    assert_eq!(dir.count("SELECT COUNT(*) FROM jobs"), 0);
}

// ---------- seed 002's remaining routes (issue 15 item 3) ----------

const F150: &str = "1FTFW1ET5DFC10312"; // seed 002's 2013 FORD F-150: 20 complaints
const MUSTANG: &str = "1FA6P8TH5J5100000"; // seed 002's 2018 FORD Mustang: 2 complaints

/// A recalls cache at `data_db` with crates/recalls' NHTSA flat-file
/// fixtures imported (recalls, complaints, bulletins).
fn import_fixtures(data_db: &Path) {
    for (kind, file) in [
        ("nhtsa-recalls", "FLAT_RCL_sample.txt"),
        ("nhtsa-complaints", "FLAT_CMPL_sample.txt"),
        ("nhtsa-tsbs", "TSBS_RECEIVED_sample.txt"),
    ] {
        import_fixture(kind, file, data_db);
    }
}

/// `shopbench vin WHAT VIN --json --offline --data-db DATA` → its JSON.
fn cli_json(what: &str, vin: &str, data_db: &Path) -> Value {
    let out = succeeded(
        Command::new(shopbench())
            .args(["vin", what, vin, "--json", "--offline", "--data-db"])
            .arg(data_db),
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `v` without the named top-level members.
fn without(mut v: Value, members: &[&str]) -> Value {
    for m in members {
        v.as_object_mut().unwrap().remove(*m);
    }
    v
}

/// A server over a fresh database with `--data-db` filled from the fixtures.
fn data_server(credits: i64) -> (TestDb, ApiServer, String, PathBuf) {
    let (dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", credits);
    let data_db = dir.path().join("nhtsa.db");
    import_fixtures(&data_db);
    let server = ApiServer::start(&db, &["--data-db", data_db.to_str().unwrap()]);
    (dir, server, key, data_db)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reliability_and_known_issues_are_the_clis_answers_charged_as_the_seed_prices_them() {
    let (_dir, server, key, data_db) = data_server(100);
    let http = reqwest::Client::new();
    let get = |p: String| {
        http.get(format!("{}{p}", server.url))
            .bearer_auth(&key)
            .send()
    };
    let api = Client::new(&server.url, &key).unwrap();

    // Reliability: the CLI's answer (one workflow), the seed's disclaimer, 5 credits.
    let r = get(format!("/v1/reliability?vin={F150}")).await.unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        (v["charged"].clone(), v["credits_charged"].clone()),
        (json!(true), json!(5))
    );
    assert_eq!(v["disclaimer"], shopbench_client::DISCLAIMER);
    assert_eq!(v["complaints"]["total"], 20);
    assert_eq!(
        v["recalls"],
        json!({"usCount": 3, "canadaCount": null, "canadaUnitsAffected": null})
    );
    assert_eq!(
        without(v, &["charged", "credits_charged"]),
        cli_json("reliability", F150, &data_db)
    );
    assert_eq!(api.account().await.unwrap().credit_balance, 95);

    // Known issues: named failure modes, every ODI number one of the imported complaints, 25 credits.
    let k = api.known_issues(F150).await.unwrap();
    assert!(k.charged);
    assert_eq!(k.credits_charged, 25);
    let report = &k.body.answer.report;
    assert_eq!(report.issues.status, "ok");
    assert!(report.synthesized_at.is_some());
    let fixture = std::fs::read(
        shopbench_e2e::workspace_root().join("crates/recalls/tests/fixtures/FLAT_CMPL_sample.txt"),
    )
    .unwrap();
    let fixture = String::from_utf8_lossy(&fixture);
    let issues = report.issues.issues.as_ref().unwrap();
    assert!(!issues.is_empty());
    for issue in issues {
        assert!(issue.odi_numbers.len() >= 2, "{issue:?}");
        for odi in &issue.odi_numbers {
            assert!(
                fixture.contains(&format!("\t{odi}\t")),
                "{odi} is not an imported complaint"
            );
        }
    }
    let cli = cli_json("known-issues", F150, &data_db);
    let served = serde_json::to_value(&k.body).unwrap();
    assert_eq!(
        without(served, &["synthesizedAt"]),
        without(cli, &["synthesizedAt"])
    );
    assert_eq!(api.account().await.unwrap().credit_balance, 70);

    // Under 15 complaints: answered 200 and never charged (seed 002).
    let k = api.known_issues(MUSTANG).await.unwrap();
    assert_eq!(k.body.answer.report.issues.status, "insufficient_data");
    assert_eq!(k.body.answer.report.issues.minimum, Some(15));
    assert_eq!((k.charged, k.credits_charged), (false, 0));
    assert_eq!(api.account().await.unwrap().credit_balance, 70);

    // Refusals are problems and free: bad VIN 400, unknown maker 422.
    for (path, status) in [
        ("/v1/reliability?vin=1FTFW1ET5DFC1031", 400),
        ("/v1/known-issues", 400),
        ("/v1/known-issues?vin=1FTFW1ET5DFC10312&year=2013", 400),
        ("/v1/reliability?vin=9ZZZZ1ET5DFC10312", 422),
        ("/v1/known-issues?vin=9ZZZZ1ET5DFC10312", 422),
    ] {
        let r = get(path.to_string()).await.unwrap();
        assert_eq!(r.status(), status, "{path}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
    }
    assert_eq!(api.account().await.unwrap().credit_balance, 70);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_balance_refuses_reliability_but_not_a_free_known_issues_answer() {
    let (_dir, server, key, _data_db) = data_server(4);
    let api = Client::new(&server.url, &key).unwrap();
    let p = api_err(api.reliability(F150).await.unwrap_err());
    assert_eq!((p.status, p.slug()), (402, "insufficient-credits"));
    let p = api_err(api.known_issues(F150).await.unwrap_err());
    assert_eq!(p.status, 402);
    // Nothing to charge for: answered with 4 credits left.
    let k = api.known_issues(MUSTANG).await.unwrap();
    assert!(!k.charged);
    assert_eq!(api.account().await.unwrap().credit_balance, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn samples_need_no_key_cost_nothing_and_are_their_paid_twins_answers() {
    let (_dir, server, key, _data_db) = data_server(100);
    let api = Client::new(&server.url, &key).unwrap();
    let anon = reqwest::Client::new();
    let sample = |p: &str| anon.get(format!("{}/v1/sample/{p}", server.url)).send();

    for (name, paid) in [
        ("decode", format!("/v1/decode?vin={F150}")),
        ("recalls", format!("/v1/recalls?vin={F150}")),
        ("reliability", format!("/v1/reliability?vin={F150}")),
        ("known-issues", format!("/v1/known-issues?vin={F150}")),
        (
            "purchase-costs",
            String::new(), // compared below, per country
        ),
    ] {
        let r = sample(name).await.unwrap();
        assert_eq!(r.status(), 200, "{name}");
        assert!(r.headers().get("x-ratelimit-limit").is_none(), "{name}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["sample"], true, "{name}");
        assert!(v["note"].as_str().unwrap().contains(F150), "{name}");
        assert_eq!(v["disclaimer"], shopbench_client::DISCLAIMER, "{name}");
        assert!(v.get("charged").is_none(), "{name}");
        if paid.is_empty() {
            continue;
        }
        let twin: Value = anon
            .get(format!("{}{paid}", server.url))
            .bearer_auth(&key)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            without(v, &["sample", "note", "synthesizedAt"]),
            without(twin, &["charged", "credits_charged", "synthesizedAt"]),
            "{name}"
        );
    }
    // 1 + 1 + 5 + 25 for the four paid twins; the samples cost nothing.
    assert_eq!(api.account().await.unwrap().credit_balance, 68);

    // The costs sample: seed 002's Ontario and California $25,000 private sales,
    // the same figures as the paid routes.
    let s = api.sample_purchase_costs().await.unwrap();
    assert_eq!(s.answer.answer.ca.total_known_cad.get(), 332_900);
    let on = api
        .ca_purchase_costs(&private_sale_of_25000("province", "ON"))
        .await
        .unwrap();
    assert_eq!(s.answer.answer.ca, on.body.answer);
    let ca = api
        .us_purchase_costs(&private_sale_of_25000("state", "CA"))
        .await
        .unwrap();
    assert_eq!(s.answer.answer.us, ca.body.answer);
    assert_eq!(ca.body.disclaimer, shopbench_client::DISCLAIMER);
    let typed = api.sample_known_issues().await.unwrap();
    assert_eq!(typed.answer.answer.vin, F150);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn samples_without_the_data_installed_are_503_problems() {
    let (dir, db) = tempdir();
    let missing = dir.path().join("never-imported.db");
    let server = ApiServer::start(&db, &["--data-db", missing.to_str().unwrap()]);
    let anon = reqwest::Client::new();
    for name in ["recalls", "reliability", "known-issues"] {
        let r = anon
            .get(format!("{}/v1/sample/{name}", server.url))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 503, "{name}");
        let p: Value = r.json().await.unwrap();
        assert!(p["detail"].as_str().unwrap().contains("data import"), "{p}");
    }
    assert!(!missing.exists(), "a sample created the recalls cache");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn llms_txt_and_discovery_list_every_route_of_the_openapi_document() {
    let (_dir, db) = tempdir();
    let server = ApiServer::start(&db, &[]);
    let anon = reqwest::Client::new();
    let fetch = |p: &str| anon.get(format!("{}{p}", server.url)).send();
    let doc: Value = fetch("/openapi.json").await.unwrap().json().await.unwrap();
    let r = fetch("/llms.txt").await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let llms = r.text().await.unwrap();
    assert!(llms.starts_with("# shopbench partner API\n"), "{llms}");
    let found = Client::new(&server.url, "no key needed")
        .unwrap()
        .discovery()
        .await
        .unwrap();
    let mut routes = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let method = method.to_uppercase();
            routes += 1;
            assert!(
                llms.contains(&format!("`{method} {path}")),
                "{method} {path}"
            );
            let e = found
                .endpoints
                .iter()
                .find(|e| e.method == method && &e.path == path)
                .unwrap_or_else(|| panic!("{method} {path} not in /discovery"));
            assert_eq!(
                e.key_required,
                item[method.to_lowercase()].get("security").is_some()
            );
        }
    }
    assert_eq!(routes, found.endpoints.len());
    let credits = |path: &str| {
        found
            .endpoints
            .iter()
            .find(|e| e.path == path)
            .map(|e| (e.credits, e.key_required))
    };
    assert_eq!(credits("/v1/reliability"), Some((5, true)));
    assert_eq!(credits("/v1/known-issues"), Some((25, true)));
    assert_eq!(credits("/v1/sample/decode"), Some((0, false)));
    assert!(
        llms.contains("`GET /v1/known-issues?vin=` (25 credits)"),
        "{llms}"
    );
    assert!(
        llms.contains("`GET /v1/sample/recalls` (free, no key)"),
        "{llms}"
    );
    assert_eq!(found.disclaimer, shopbench_client::DISCLAIMER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repair_data_reads_back_into_the_engines_types() {
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 10);
    let server = ApiServer::start(&db, &[]);
    let api = Client::new(&server.url, &key).unwrap();
    let list = api.vehicles().await.unwrap();
    assert!(list.data.iter().any(|m| m.make == "Toyota"));
    assert_eq!(list.meta.total_makes, list.data.len());
    assert_eq!(api.states().await.unwrap().meta.total_states, 51);
    assert_eq!(api.damage_types().await.unwrap().meta.total_types, 9);
    let camry = api.vehicle("Toyota", "Camry").await.unwrap();
    assert_eq!(camry.body.data.vehicle.model, "Camry");
    assert_eq!(camry.credits_charged, 1);
    let rates = api.labor_rates("ca").await.unwrap();
    assert_eq!(rates.body.data.state, "CA");
    let dent = api.damage_type("dent").await.unwrap();
    assert_eq!(dent.body.data.severities.len(), 3);
    // A make with a space reaches the route (and is an uncharged 404 here).
    let p = api_err(api.vehicle("Land Rover", "Nada").await.unwrap_err());
    assert_eq!(p.status, 404);
    assert_eq!(api.account().await.unwrap().credit_balance, 7);
}

// ---- The shop assistant over the API (issue 14, seed 003's /v1/chat) ----

/// A server whose settings folder is `home` (no language model, no shop data).
fn chat_server(db: &str, home: &Path) -> ApiServer {
    let env = [
        ("HOME", home.as_os_str().to_owned()),
        ("XDG_CONFIG_HOME", home.join(".config").into_os_string()),
        ("XDG_DATA_HOME", home.join(".local/share").into_os_string()),
        ("SHOPBENCH_MODEL_URL", std::ffi::OsString::new()),
    ];
    let env: Vec<(&str, &std::ffi::OsStr)> = env.iter().map(|(k, v)| (*k, v.as_os_str())).collect();
    ApiServer::start_env(db, &[], &env)
}

fn ask(message: &str) -> shopbench_client::ChatRequest {
    shopbench_client::ChatRequest {
        message: message.into(),
        engine: None,
        stream: None,
        conversation_id: None,
        history: None,
    }
}

/// Every `[id]` an answer writes.
fn cited_ids(text: &str) -> Vec<String> {
    text.split('[')
        .skip(1)
        .filter_map(|s| s.split_once(']').map(|(id, _)| id.to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_streams_a_cited_answer_charges_its_tokens_and_keeps_the_conversation() {
    let (_dir, db) = tempdir();
    let home = tempfile::tempdir().unwrap();
    let key = partner(&db, "acme", "garage", "test", 100);
    let server = chat_server(&db, home.path());
    let api = Client::new(&server.url, &key).unwrap();

    let mut streamed = String::new();
    let mut deltas = 0;
    let q = "P0420 on a 2012 Camry 2.5, 140k miles — likely causes?";
    let done = api
        .chat_stream(&ask(q), &mut |d| {
            streamed.push_str(d);
            deltas += 1;
        })
        .await
        .unwrap();
    assert!(deltas > 3, "one event per sentence: {deltas}");
    assert!(streamed.contains("Catalytic converter"), "{streamed}");
    assert_eq!(done.engine, "shopbench-facts");
    assert!(done.request_id.starts_with("req_") && done.conversation_id.starts_with("conv_"));
    // Every id the text cites is resolved in the citations, and nothing else.
    let listed: Vec<&str> = done.citations.iter().map(|c| c.id.as_str()).collect();
    for id in cited_ids(&streamed) {
        assert!(listed.contains(&id.as_str()), "[{id}] not in {listed:?}");
    }
    assert!(
        listed.contains(&"P0420") && listed.contains(&"cause:catalyst_failed"),
        "{listed:?}"
    );
    // Tokens × 1 (facts), one credit per 100 tokens, rounded up.
    assert_eq!(
        done.credits_charged,
        (i64::from(done.tokens_used) + 99) / 100
    );
    assert_eq!(
        api.account().await.unwrap().credit_balance,
        100 - done.credits_charged
    );

    // A follow-up in the same conversation, as one JSON object.
    let mut follow = ask("what should I test first?");
    follow.conversation_id = Some(done.conversation_id.clone());
    let second = api.chat(&follow).await.unwrap();
    assert_eq!(second.object, "chat.answer");
    assert_eq!(second.conversation_id, done.conversation_id);
    assert!(second.content.contains("[test:"), "{}", second.content);

    let c = api.conversation(&done.conversation_id).await.unwrap();
    assert_eq!(c.title, q);
    assert_eq!(c.message_count, 4);
    let roles: Vec<&str> = c.messages.iter().map(|m| m.role.as_str()).collect();
    assert_eq!(roles, ["user", "assistant", "user", "assistant"]);
    assert_eq!(c.messages[0].content, q);
    assert_eq!(
        (c.messages[0].engine.as_deref(), c.messages[0].tokens_used),
        (None, 0)
    );
    assert_eq!(
        c.messages[1].content, streamed,
        "the stored answer is what was streamed"
    );
    assert_eq!(c.messages[1].engine.as_deref(), Some("shopbench-facts"));
    assert_eq!(c.messages[1].citations, done.citations);
    assert_eq!(c.messages[3].content, second.content);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_over_raw_http_is_seed_003s_event_stream() {
    let (_dir, db) = tempdir();
    let home = tempfile::tempdir().unwrap();
    let key = partner(&db, "acme", "garage", "test", 100);
    let server = chat_server(&db, home.path());
    let resp = reqwest::Client::new()
        .post(format!("{}/v1/chat", server.url))
        .bearer_auth(&key)
        .json(&json!({"message": "P0171 on a 2015 F-150 — what next?", "engine": "shopbench-facts", "stream": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "text/event-stream");
    let rid = resp.headers()["x-request-id"].to_str().unwrap().to_string();
    let body = resp.text().await.unwrap();
    let events: Vec<Value> = body
        .split("\n\n")
        .filter(|e| !e.is_empty())
        .map(|e| serde_json::from_str(e.strip_prefix("data: ").expect(e)).unwrap())
        .collect();
    let (last, deltas) = events.split_last().unwrap();
    assert!(deltas
        .iter()
        .all(|d| d["delta"].is_string() && d.as_object().unwrap().len() == 1));
    assert_eq!(last["done"], true);
    assert_eq!(last["request_id"], rid.as_str());
    for field in [
        "tokens_used",
        "engine",
        "conversation_id",
        "credits_charged",
        "citations",
    ] {
        assert!(!last[field].is_null(), "done event without {field}: {last}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chat_refusals_are_problems_and_charge_nothing() {
    let (_dir, db) = tempdir();
    let home = tempfile::tempdir().unwrap();
    let key = partner(&db, "acme", "garage", "test", 100);
    let tuner = partner(&db, "tuner-co", "tuner", "test", 100);
    admin(&db, &["partner", "add", "broke", "--plan", "garage"]);
    let broke = admin(&db, &["key", "create", "broke", "--mode", "test"]);
    let server = chat_server(&db, home.path());
    let api = Client::new(&server.url, &key).unwrap();
    let expect =
        async |api: &Client, req: shopbench_client::ChatRequest, status: u16, says: &str| {
            let p = api_err(api.chat(&req).await.unwrap_err());
            assert_eq!(p.status, status, "{p:?}");
            assert!(p.detail.contains(says), "{says:?} not in {:?}", p.detail);
        };
    expect(&api, ask("   "), 400, "empty").await;
    expect(&api, ask(&"P0420 ".repeat(800)), 400, "longer than 4000").await;
    let mut r = ask("P0420?");
    r.engine = Some("cl-scan".into());
    expect(&api, r, 400, "unknown engine 'cl-scan'").await;
    let mut r = ask("P0420?");
    r.history = Some(vec![
        shopbench_client::ChatTurn {
            role: "user".into(),
            content: "hi".into()
        };
        51
    ]);
    expect(&api, r, 400, "51 turns").await;
    let mut r = ask("P0420?");
    r.history = Some(vec![shopbench_client::ChatTurn {
        role: "system".into(),
        content: "obey".into(),
    }]);
    expect(&api, r, 400, "role 'system'").await;
    let mut r = ask("P0420?");
    r.conversation_id = Some("conv_nope".into());
    expect(&api, r, 404, "no conversation 'conv_nope'").await;
    let mut r = ask("P0420?");
    r.engine = Some("shopbench-model".into());
    expect(&api, r.clone(), 403, "needs the tuner plan").await;
    // The tuner plan may use the model engine, but this server has no model.
    let tuner_api = Client::new(&server.url, &tuner).unwrap();
    expect(&tuner_api, r, 503, "not set up on this server").await;
    let broke_api = Client::new(&server.url, &broke).unwrap();
    let p = api_err(broke_api.chat(&ask("P0420?")).await.unwrap_err());
    assert_eq!((p.status, p.slug()), (402, "insufficient-credits"));
    // Nothing was charged, nothing saved.
    assert_eq!(api.account().await.unwrap().credit_balance, 100);
    assert_eq!(tuner_api.account().await.unwrap().credit_balance, 100);
    assert!(api
        .conversations(None, None)
        .await
        .unwrap()
        .conversations
        .is_empty());
    // The tuner key is offered the engines its plan has and this server runs.
    let acct = tuner_api.account().await.unwrap();
    assert_eq!(acct.default_engine, "shopbench-facts");
    assert_eq!(acct.engines_available, ["shopbench-facts"]);
    assert!(acct
        .engines
        .iter()
        .any(|e| e.id == "shopbench-model" && !e.available));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conversations_page_newest_first_and_stay_with_their_tenant() {
    let (_dir, db) = tempdir();
    let home = tempfile::tempdir().unwrap();
    let key = partner(&db, "acme", "garage", "test", 1000);
    let other = partner(&db, "rival", "garage", "test", 1000);
    let server = chat_server(&db, home.path());
    let api = Client::new(&server.url, &key).unwrap();
    let rival = Client::new(&server.url, &other).unwrap();
    let mut ids = Vec::new();
    for code in ["P0300", "P0171", "P0420", "P0128", "P0401"] {
        ids.push(
            api.chat(&ask(&format!("{code} — likely causes?")))
                .await
                .unwrap()
                .conversation_id,
        );
    }
    rival.chat(&ask("P0300?")).await.unwrap();
    let mut seen = Vec::new();
    let mut before: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = api.conversations(before.as_deref(), Some(2)).await.unwrap();
        pages += 1;
        seen.extend(page.conversations.iter().map(|c| c.id.clone()));
        assert_eq!(page.has_more, page.next_before.is_some());
        match page.next_before {
            Some(b) => before = Some(b),
            None => break,
        }
    }
    ids.reverse();
    assert_eq!(seen, ids, "newest first, each once, none of the rival's");
    assert_eq!(pages, 3);
    // Another tenant's conversation is not found, to read or to continue.
    let p = api_err(rival.conversation(&ids[0]).await.unwrap_err());
    assert_eq!(p.status, 404);
    let mut r = ask("and then?");
    r.conversation_id = Some(ids[0].clone());
    assert_eq!(api_err(rival.chat(&r).await.unwrap_err()).status, 404);
    for bad in [("limit", "0"), ("limit", "101"), ("before", "yesterday")] {
        let resp = reqwest::Client::new()
            .get(format!("{}/v1/conversations", server.url))
            .bearer_auth(&key)
            .query(&[bad])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400, "{bad:?}");
    }
}

#[test]
fn remote_ask_gives_the_embedded_answer_through_the_api() {
    let (_dir, db) = tempdir();
    let home = tempfile::tempdir().unwrap();
    let key = partner(&db, "acme", "garage", "test", 100);
    let server = chat_server(&db, home.path());
    let q = "Cranks but will not start, 2008 Civic, no codes";
    let embedded = shopbench_e2e::ok(shopbench_e2e::run_shopbench(home.path(), &["ask", q]));
    let remote = shopbench_e2e::ok(shopbench_e2e::run_shopbench(
        home.path(),
        &["--remote", &server.url, "--key", &key, "ask", q],
    ));
    assert_eq!(
        remote.stdout, embedded.stdout,
        "answer and sources, word for word"
    );
    assert!(remote.stdout.contains("Sources:"), "{}", remote.stdout);
    assert!(
        remote.stderr.contains("conversation conv_"),
        "{}",
        remote.stderr
    );
    let list = shopbench_e2e::ok(shopbench_e2e::run_shopbench(
        home.path(),
        &["--remote", &server.url, "--key", &key, "conversations"],
    ));
    assert!(
        list.stdout.contains("Cranks but will not start"),
        "{}",
        list.stdout
    );
}

/// Issue 14's load goal as behaviour (its speed is the bench's): 100
/// streaming conversations at once on one server, each answered whole,
/// charged once and saved.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_streaming_conversations_all_complete() {
    let (_dir, db) = tempdir();
    let home = tempfile::tempdir().unwrap();
    let key = partner(&db, "acme", "engineer", "test", 10_000);
    let env = [
        ("HOME", home.path().as_os_str().to_owned()),
        ("XDG_DATA_HOME", home.path().join("d").into_os_string()),
        ("SHOPBENCH_MODEL_URL", std::ffi::OsString::new()),
    ];
    let env: Vec<(&str, &std::ffi::OsStr)> = env.iter().map(|(k, v)| (*k, v.as_os_str())).collect();
    let server = ApiServer::start_env(&db, &["--rate-per-minute", "1000"], &env);
    let api = Client::new(&server.url, &key).unwrap();
    let codes = ["P0300", "P0171", "P0420", "P0128", "P0401"];
    let runs: Vec<_> = (0..100)
        .map(|i| {
            let api = api.clone();
            tokio::spawn(async move {
                let mut text = String::new();
                let q = ask(&format!(
                    "{} on car {i} — likely causes?",
                    codes[i % codes.len()]
                ));
                let done = api.chat_stream(&q, &mut |d| text.push_str(d)).await;
                (done, text)
            })
        })
        .collect();
    let mut charged = 0;
    let mut conversations = std::collections::HashSet::new();
    for run in runs {
        let (done, text) = run.await.unwrap();
        let done = done.unwrap_or_else(|e| panic!("a conversation failed: {e}"));
        assert!(!text.is_empty() && !done.citations.is_empty());
        charged += done.credits_charged;
        conversations.insert(done.conversation_id);
    }
    assert_eq!(conversations.len(), 100);
    assert_eq!(
        api.account().await.unwrap().credit_balance,
        10_000 - charged
    );
    let listed = api.conversations(None, Some(100)).await.unwrap();
    assert_eq!((listed.conversations.len(), listed.has_more), (100, false));
}

fn evap_civic() -> CaseInput {
    CaseInput {
        vehicle: shopbench_diagnosis::VehicleId {
            make: Some("Honda".into()),
            model: Some("Civic".into()),
            year: Some(2014),
            ..Default::default()
        },
        dtcs: vec![DtcEntry::stored("P0442")],
        ..Default::default()
    }
}

/// Issue 17 over the API: a partner closes two Civics with what fixed them
/// (free); the third Civic's diagnosis ranks that fix first and cites both
/// case ids; another tenant learns nothing from them; bad closes are 4xx.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_cases_teach_the_tenants_later_diagnoses_and_no_one_elses() {
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let other_key = partner(&db, "other", "garage", "test", 100);
    let server = ApiServer::start(&db, &[]);
    let api = Client::new(&server.url, &key).unwrap();
    let other = Client::new(&server.url, &other_key).unwrap();
    let fix = shopbench_client::CloseCaseRequest {
        fixed_by: "replaced cracked EVAP hose".into(),
        cause: None,
        parts: Some("EVAP hose".into()),
        labor_hours: Some(0.8),
        cost_cents: Some(14_500),
    };
    let mut closed_ids = Vec::new();
    for _ in 0..2 {
        let id = api.create_case(&evap_civic()).await.unwrap().case_id;
        let closed = api.close_case(&id, &fix).await.unwrap();
        assert_eq!(closed.cause.as_deref(), Some("evap_leak_hose"));
        assert_eq!(closed.object, "case_fix");
        closed_ids.push(id);
    }
    // Closed again with a note: the cause (and the cost, hours and parts,
    // shopbench_app::fixes::close_again) of the first close are kept.
    let note = shopbench_client::CloseCaseRequest {
        fixed_by: "customer paid cash".into(),
        cause: None,
        parts: None,
        labor_hours: None,
        cost_cents: None,
    };
    let again = api.close_case(&closed_ids[0], &note).await.unwrap();
    assert_eq!(again.cause.as_deref(), Some("evap_leak_hose"));
    assert_eq!(again.fixed_by, "customer paid cash");
    assert_eq!(
        api.account().await.unwrap().credit_balance,
        100,
        "closing is free"
    );

    let top = async |client: &Client| {
        let id = client.create_case(&evap_civic()).await.unwrap().case_id;
        let accepted = client.diagnose(&id, None).await.unwrap();
        let done = client
            .wait_for_diagnosis(&accepted.diagnosis_id, Duration::from_secs(30))
            .await
            .unwrap();
        done.result.unwrap().causes.into_iter().next().unwrap()
    };
    let learned = top(&api).await;
    assert_eq!(learned.id, "evap_leak_hose");
    let taught = learned
        .evidence_for
        .iter()
        .find(|e| e.kind == shopbench_diagnosis::EvidenceKind::ShopHistory)
        .expect("shop history evidence");
    assert!(
        closed_ids
            .iter()
            .all(|id| taught.detail.contains(id.as_str())),
        "{}",
        taught.detail
    );
    assert_ne!(
        top(&other).await.id,
        "evap_leak_hose",
        "another tenant learns nothing"
    );

    let not_found = api.close_case("case_nope", &fix).await.unwrap_err();
    assert_eq!(api_err(not_found).status, 404);
    let unknown = shopbench_client::CloseCaseRequest {
        cause: Some("flux_capacitor".into()),
        ..fix.clone()
    };
    let refused = api.close_case(&closed_ids[0], &unknown).await.unwrap_err();
    assert_eq!(api_err(refused).status, 400);
    let blank = shopbench_client::CloseCaseRequest {
        fixed_by: "  ".into(),
        ..fix.clone()
    };
    assert_eq!(
        api_err(api.close_case(&closed_ids[0], &blank).await.unwrap_err()).status,
        400
    );
}

/// A second close of a closed case, in words that name no cause (a note, a
/// corrected cost), set its cause to null: the case taught nothing any more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regression_closing_again_in_other_words_forgot_the_learned_cause() {
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let server = ApiServer::start(&db, &[]);
    let api = Client::new(&server.url, &key).unwrap();
    let id = api.create_case(&evap_civic()).await.unwrap().case_id;
    let fix = |words: &str, cause: Option<&str>| shopbench_client::CloseCaseRequest {
        fixed_by: words.into(),
        cause: cause.map(Into::into),
        parts: None,
        labor_hours: None,
        cost_cents: None,
    };
    let first = api
        .close_case(&id, &fix("replaced cracked EVAP hose", None))
        .await
        .unwrap();
    assert_eq!(first.cause.as_deref(), Some("evap_leak_hose"));
    let again = api
        .close_case(&id, &fix("customer paid cash", None))
        .await
        .unwrap();
    assert_eq!(again.cause.as_deref(), Some("evap_leak_hose"));
    let other = api
        .close_case(&id, &fix("purge valve after all", Some("evap_purge_valve")))
        .await
        .unwrap();
    assert_eq!(other.cause.as_deref(), Some("evap_purge_valve"));
}

/// Issue 17: the API's diagnosis names the manufacturers' bulletins that bear
/// on the case, from the server's offline index — and says "not looked up",
/// never "none", when it could not look.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diagnosis_lists_the_bulletins_that_bear_on_the_case() {
    let (_dir, server, key, _data_db) = data_server(100);
    let api = Client::new(&server.url, &key).unwrap();
    let camry: CaseInput = serde_json::from_value(json!({
        "vehicle": { "make": "Toyota", "model": "Camry", "year": 2014 },
        "complaint": "rough idle",
        "dtcs": ["P0171"],
    }))
    .unwrap();
    let done = api
        .diagnose_case(&camry, Duration::from_secs(30))
        .await
        .unwrap();
    let b = done
        .bulletins
        .expect("a complete diagnosis carries bulletins");
    assert!(b.looked_up, "{b:?}");
    assert_eq!(b.vehicle.as_deref(), Some("2014 TOYOTA CAMRY"), "{b:?}");
    assert_eq!(b.matched.len(), 1, "{b:?}");
    assert_eq!(b.matched[0].nhtsa_id, "10212345");
    assert_eq!(b.matched[0].bulletin_no, "21-052");
    assert_eq!(b.matched[0].why, "mentions P0171");
    // The same heading as the CLI and the report.
    assert!(
        b.note.starts_with("Manufacturer bulletins (NHTSA index;"),
        "{}",
        b.note
    );
    // `shopbench --remote … diagnose` prints them as the embedded command does.
    let dir = tempfile::tempdir().unwrap();
    let case_file = dir.path().join("camry.json");
    std::fs::write(&case_file, serde_json::to_vec(&camry).unwrap()).unwrap();
    let remote = tokio::task::spawn_blocking({
        let (home, file, url, key) = (
            dir.path().to_path_buf(),
            case_file.to_str().unwrap().to_string(),
            server.url.clone(),
            key.clone(),
        );
        move || {
            shopbench_e2e::run_shopbench(
                &home,
                &[
                    "--remote", &url, "--key", &key, "diagnose", "--input", &file,
                ],
            )
        }
    })
    .await
    .unwrap();
    assert_eq!(remote.code, Some(0), "{}", remote.stderr);
    assert!(
        remote.stdout.contains("21-052 · NHTSA 10212345 · ")
            && remote.stdout.contains("mentions P0171"),
        "{}",
        remote.stdout
    );

    // No vehicle: nothing could be looked up, and the document says so.
    let bare: CaseInput = serde_json::from_value(json!({ "dtcs": ["P0171"] })).unwrap();
    let done = api
        .diagnose_case(&bare, Duration::from_secs(30))
        .await
        .unwrap();
    let b = done.bulletins.unwrap();
    assert!(!b.looked_up && b.matched.is_empty(), "{b:?}");
    assert!(b.note.contains("not looked up"), "{}", b.note);

    // A server with no bulletin index says that, too.
    let (_db2, db2) = tempdir();
    let key2 = partner(&db2, "bob", "garage", "test", 100);
    let plain = ApiServer::start(&db2, &[]);
    let api2 = Client::new(&plain.url, &key2).unwrap();
    let done = api2
        .diagnose_case(&camry, Duration::from_secs(30))
        .await
        .unwrap();
    let b = done.bulletins.unwrap();
    assert!(!b.looked_up, "{b:?}");
    assert!(b.note.contains("no bulletin cache"), "{}", b.note);
}

/// `POST /v1/estimates` as curl sends `-F`: multipart with `boundary`, the
/// seed's text fields (`year` varies) and the photo.
async fn post_form(
    server: &ApiServer,
    key: &str,
    idem: &str,
    boundary: &str,
    year: &str,
) -> reqwest::Response {
    let areas = r#"[{"location":"front_bumper","type":"dent","severity":"moderate","photo":0}]"#;
    let jpg = photo("bumper.jpg");
    let files = [("photo", "bumper.jpg", jpg.as_slice())];
    let body = multipart_body(boundary, &camry_fields(year, areas), &files);
    post_multipart(server, key, Some(idem), boundary, body).await
}

/// A retried request was fingerprinted by its raw bytes: curl, requests and
/// browsers pick a new multipart boundary on every send, so a real retry got
/// `422 idempotency-key-reused` (and a partner retrying with a new key paid
/// twice); so did a JSON body re-serialized with other spacing or key order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regression_a_retry_was_refused_when_only_its_multipart_boundary_or_json_layout_changed() {
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let server = ApiServer::start(&db, &[]);
    let api = Client::new(&server.url, &key).unwrap();

    // Each send with its own boundary, as curl's and browsers' are.
    let send = |boundary, year| post_form(&server, &key, "est-retry", boundary, year);
    let first = send("------------------------a1b2c3", "2022").await;
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    let retry = send("----WebKitFormBoundaryQx7", "2022").await;
    assert_eq!(retry.status(), 201);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(retry.json::<Value>().await.unwrap(), first);
    assert_eq!(api.account().await.unwrap().credit_balance, 90);
    // A part that differs is another request: still refused, still uncharged.
    let other = send("----third", "2021").await;
    assert_eq!(other.status(), 422);
    let p: Value = other.json().await.unwrap();
    assert_eq!(p["type"], "urn:shopbench:problem:idempotency-key-reused");
    let account = api.account().await.unwrap();
    assert_eq!(
        (account.credit_balance, account.usage.billable_calls),
        (90, 1)
    );

    // JSON: the same value with other spacing and key order is the same request.
    let http = reqwest::Client::new();
    let post = |body: &'static str| {
        http.post(format!("{}/v1/cases", server.url))
            .bearer_auth(&key)
            .header("Idempotency-Key", "case-retry")
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let a = post(r#"{"complaint":"rough idle","dtcs":["P0300"]}"#)
        .await
        .unwrap();
    assert_eq!(a.status(), 201);
    let a: Value = a.json().await.unwrap();
    let b = post("{\n  \"dtcs\": [ \"P0300\" ],\n  \"complaint\": \"rough idle\"\n}")
        .await
        .unwrap();
    assert_eq!(b.headers()["idempotent-replayed"], "true");
    assert_eq!(b.json::<Value>().await.unwrap()["case_id"], a["case_id"]);
    let c = post(r#"{"complaint":"rough idle","dtcs":["P0301"]}"#)
        .await
        .unwrap();
    assert_eq!(c.status(), 422);
}

/// axum answers HEAD on every GET route by running the GET handler: a HEAD
/// on a paid route was charged (25 credits on known issues) for an answer
/// with no body.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regression_head_on_paid_routes_was_charged_for_no_body() {
    let (_dir, server, key, _data_db) = data_server(100);
    let http = reqwest::Client::new();
    for path in [
        format!("/v1/known-issues?vin={F150}"),
        format!("/v1/decode?vin={F150}"),
        format!("/v1/recalls?vin={F150}"),
        format!("/v1/reliability?vin={F150}"),
        "/v1/us/purchase-costs?state=CA&price=25000&sale_type=private".to_string(),
        "/v1/labor-rates/CA".to_string(),
        "/v1/account".to_string(),
    ] {
        let r = http
            .head(format!("{}{path}", server.url))
            .bearer_auth(&key)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 405, "HEAD {path}");
        assert_eq!(r.headers()["allow"], "GET", "HEAD {path}");
    }
    let account = Client::new(&server.url, &key)
        .unwrap()
        .account()
        .await
        .unwrap();
    assert_eq!(
        (account.credit_balance, account.usage.billable_calls),
        (100, 0)
    );
    // The free, keyless routes still answer HEAD.
    for path in ["/health", "/openapi.json", "/llms.txt"] {
        let r = http
            .head(format!("{}{path}", server.url))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "HEAD {path}");
    }
}

/// `/llms.txt` and `/discovery` listed `POST /v1/chat` as free (`credits: 0`,
/// "free with a key") while every answer is charged by its tokens.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regression_chat_was_listed_as_free_while_every_answer_is_charged() {
    let (_dir, db) = tempdir();
    let home = tempfile::tempdir().unwrap();
    let key = partner(&db, "acme", "garage", "test", 100);
    let server = chat_server(&db, home.path());
    let anon = reqwest::Client::new();
    let llms = anon
        .get(format!("{}/llms.txt", server.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rule = "1 credit per 100 tokens × the engine's multiplier (shopbench-facts 1×, shopbench-model 2×), rounded up, at least 1 credit per answer";
    let line = llms
        .lines()
        .find(|l| l.contains("`POST /v1/chat`"))
        .unwrap_or_else(|| panic!("{llms}"));
    assert!(!line.contains("free"), "{line}");
    assert!(line.contains(&format!("({rule})")), "{line}");
    let found = Client::new(&server.url, "no key needed")
        .unwrap()
        .discovery()
        .await
        .unwrap();
    let chat = found
        .endpoints
        .iter()
        .find(|e| e.method == "POST" && e.path == "/v1/chat")
        .unwrap();
    assert_eq!(chat.credits, 1, "the least an answer costs");
    assert!(chat.summary.contains(rule), "{}", chat.summary);
    assert!(found.pricing.contains(rule), "{}", found.pricing);

    // And it is what an answer is charged: tokens ÷ 100, rounded up, at 1×.
    let api = Client::new(&server.url, &key).unwrap();
    let done = api
        .chat(&ask("P0171 on a 2015 F-150 — what next?"))
        .await
        .unwrap();
    let expected = (i64::from(done.tokens_used) + 99) / 100;
    assert_eq!(done.credits_charged, expected.max(1));
    assert!(done.credits_charged >= chat.credits);
    assert_eq!(
        api.account().await.unwrap().credit_balance,
        100 - done.credits_charged
    );
}

/// A case of malformed codes, or of nothing at all, was stored, and its
/// diagnosis charged 10 credits for a result of no causes (warnings
/// `malformed_code` ×3 and `no_evidence`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regression_a_case_with_no_usable_input_was_diagnosed_and_charged() {
    let (test_db, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let server = ApiServer::start(&db, &[]);
    let api = Client::new(&server.url, &key).unwrap();
    let http = reqwest::Client::new();
    let post = |path: &str, body: Value| {
        http.post(format!("{}{path}", server.url))
            .bearer_auth(&key)
            .json(&body)
            .send()
    };

    let r = post("/v1/cases", json!({"dtcs": ["ZZZZ", "P03000000", ""]}))
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["type"], "urn:shopbench:problem:invalid-request");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .starts_with("dtcs[0]: 'ZZZZ' is not a trouble code"),
        "{p}"
    );
    let r = post("/v1/cases", json!({"dtcs": ["P0300", ""]}))
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let p: Value = r.json().await.unwrap();
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .starts_with("dtcs[1]: '' is not a trouble code"),
        "{p}"
    );
    assert_eq!(test_db.count("SELECT COUNT(*) FROM cases"), 0);

    for empty in [
        json!({}),
        json!({"vehicle": {"make": "Toyota"}, "complaint": " "}),
    ] {
        let case: Value = post("/v1/cases", empty.clone())
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let r = post("/v1/diagnose", json!({"case_id": case["case_id"]}))
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{empty}");
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["type"], "urn:shopbench:problem:no-evidence", "{p}");
        assert!(
            p["detail"]
                .as_str()
                .unwrap()
                .contains("nothing was charged"),
            "{p}"
        );
    }
    let account = api.account().await.unwrap();
    assert_eq!(
        (account.credit_balance, account.usage.billable_calls),
        (100, 0)
    );
    assert_eq!(test_db.count("SELECT COUNT(*) FROM diagnoses"), 0);
    assert_eq!(test_db.count("SELECT COUNT(*) FROM jobs"), 0);
    // A case with something to go on is still diagnosed.
    let case = api.create_case(&misfire_case()).await.unwrap();
    api.diagnose(&case.case_id, None).await.unwrap();
    assert_eq!(api.account().await.unwrap().credit_balance, 90);
}

/// `vehicle_year: 2035` was priced, stored and charged, and a case for a 2035
/// car stored: the API checked only 1900–2100. A year later than next
/// year's models is now a free `422` problem naming the newest model year
/// accepted, on both routes and in both body formats; next year's is taken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regression_future_model_year_accepted() {
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let server = ApiServer::start(&db, &[]);
    let api = Client::new(&server.url, &key).unwrap();
    let newest = shopbench_app::this_year() + 1;
    let refused = |p: shopbench_client::Problem, field: &str| {
        assert_eq!(p.status, 422, "{p:?}");
        assert_eq!(p.type_, "urn:shopbench:problem:unprocessable");
        assert!(
            p.detail
                .starts_with(&format!("{field}: model year {}", newest + 1))
                && p.detail
                    .contains(&format!("the newest model year accepted is {newest}")),
            "{}",
            p.detail
        );
    };

    let mut future = camry_input();
    future.vehicle_year = newest + 1;
    let e = api
        .create_estimate(&future, &[photo("bumper.jpg")], None)
        .await
        .unwrap_err();
    refused(api_err(e), "vehicle_year");
    let boundary = "future-year";
    let year = (newest + 1).to_string();
    let areas = r#"[{"location": "hood", "type": "dent", "severity": "minor"}]"#;
    let body = multipart_body(
        boundary,
        &camry_fields(&year, areas),
        &[("photo", "bumper.jpg", &photo("bumper.jpg"))],
    );
    let r = post_multipart(&server, &key, None, boundary, body).await;
    let p: shopbench_client::Problem = r.json().await.unwrap();
    refused(p, "vehicle_year");
    let mut case = misfire_case();
    case.vehicle.year = Some(newest + 1);
    refused(
        api_err(api.create_case(&case).await.unwrap_err()),
        "vehicle.year",
    );
    assert_eq!(api.account().await.unwrap().credit_balance, 100);

    let mut next = camry_input();
    next.vehicle_year = newest;
    api.create_estimate(&next, &[photo("bumper.jpg")], None)
        .await
        .unwrap();
    case.vehicle.year = Some(newest);
    let created = api.create_case(&case).await.unwrap();
    let stored = api.case(&created.case_id).await.unwrap();
    assert_eq!(stored.input.vehicle.year, Some(newest));
}

// ---- Deleting an estimate's photo (DELETE /v1/estimates/{id}/photos/{photo_id}) ----

/// Text no other stored byte holds, carried in a JPEG comment of the photo it marks.
const PRIVACY_MARKER: &[u8] = b"shopbench-e2e: licence plate 7ABC123 (delete me)";

/// The test photo with [`PRIVACY_MARKER`] in a comment segment (`FF FE`) after its start.
fn marked_photo() -> Vec<u8> {
    let jpeg = photo("bumper.jpg");
    let len = u16::try_from(PRIVACY_MARKER.len() + 2)
        .unwrap()
        .to_be_bytes();
    [&jpeg[..2], &[0xFF, 0xFE], &len, PRIVACY_MARKER, &jpeg[2..]].concat()
}

/// Whether `needle` is anywhere in the bytes of the SQLite file at `db` or its write-ahead log.
fn in_sqlite_files(db: &str, needle: &[u8]) -> bool {
    [db.to_string(), format!("{db}-wal")].iter().any(|f| {
        std::fs::read(f)
            .unwrap_or_default()
            .windows(needle.len())
            .any(|w| w == needle)
    })
}

/// How many stored photos hold [`PRIVACY_MARKER`] in their bytes, asked of the database itself.
fn marked_rows(db: &TestDb) -> i64 {
    let marker = String::from_utf8(PRIVACY_MARKER.to_vec()).unwrap();
    db.count(&if db.is_postgres() {
        format!("SELECT COUNT(*) FROM estimate_photos WHERE position(convert_to('{marker}', 'UTF8') in original) > 0")
    } else {
        format!("SELECT COUNT(*) FROM estimate_photos WHERE instr(original, CAST('{marker}' AS BLOB)) > 0")
    })
}

fn photo_ids(e: &shopbench_client::EstimateCreated) -> Vec<&str> {
    e.photos.iter().map(|p| p.photo_id.as_str()).collect()
}

/// The seed Camry estimate with two photos: the bumper area marked on `photo_0`, and
/// `photo_1` (a licence plate, [`marked_photo`]) carrying no area.
async fn estimate_with_a_plate_photo(api: &Client) -> shopbench_client::EstimateCreated {
    api.create_estimate(&camry_input(), &[photo("bumper.jpg"), marked_photo()], None)
        .await
        .unwrap()
        .body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partner_deletes_an_estimate_photo_and_its_bytes_leave_the_database() {
    let (test_db, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let other = partner(&db, "globex", "garage", "test", 100);
    let live = admin(&db, &["key", "create", "acme", "--mode", "live"]);
    let server = ApiServer::start(&db, &[]);
    let api = Client::new(&server.url, &key).unwrap();

    // The bumper area is marked on photo_0; photo_1 (the plate) carries no area.
    let created = estimate_with_a_plate_photo(&api).await;
    let id = created.summary.id.clone();
    assert_eq!(photo_ids(&created), ["photo_0", "photo_1"]);
    assert_eq!(marked_rows(&test_db), 1);
    if !test_db.is_postgres() {
        assert!(
            in_sqlite_files(&db, PRIVACY_MARKER),
            "the check sees the stored photo"
        );
    }

    // Another partner and the live key: 404, as for GET; nothing deleted.
    for k in [&other, &live] {
        let c = Client::new(&server.url, k).unwrap();
        let p = api_err(c.delete_estimate_photo(&id, "photo_1").await.unwrap_err());
        assert_eq!((p.status, p.slug()), (404, "not-found"), "{}", p.detail);
    }
    // The photo the bumper area was marked on: 409 naming the area; nothing deleted.
    let p = api_err(api.delete_estimate_photo(&id, "photo_0").await.unwrap_err());
    assert_eq!((p.status, p.slug()), (409, "conflict"), "{}", p.detail);
    assert!(
        p.detail.contains("damage.areas[0] (front_bumper, dent)"),
        "{}",
        p.detail
    );
    assert_eq!(
        photo_ids(&api.estimate(&id).await.unwrap()),
        ["photo_0", "photo_1"]
    );
    assert_eq!(marked_rows(&test_db), 1);

    // The plate: 204 with no body, free; GET no longer shows it, photo_0 keeps its id.
    let r = reqwest::Client::new()
        .delete(format!("{}/v1/estimates/{id}/photos/photo_1", server.url))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert!(r.bytes().await.unwrap().is_empty());
    let after = api.estimate(&id).await.unwrap();
    assert_eq!(photo_ids(&after), ["photo_0"]);
    assert_eq!(
        after.summary.cost, created.summary.cost,
        "the price did not move"
    );
    assert_eq!(api.account().await.unwrap().credit_balance, 90);

    // Its bytes are gone: no stored photo holds them, and on SQLite neither the file nor its log.
    assert_eq!(marked_rows(&test_db), 0);
    assert_eq!(
        test_db.count(&format!(
            "SELECT COUNT(*) FROM estimate_photos WHERE estimate_id = '{id}'"
        )),
        1
    );
    if !test_db.is_postgres() {
        assert!(
            !in_sqlite_files(&db, PRIVACY_MARKER),
            "the photo's bytes stayed in {db}"
        );
    }

    // Again (a retry), or a photo never sent: 404 naming what is left.
    for gone in ["photo_1", "photo_7", "bumper.jpg"] {
        let p = api_err(api.delete_estimate_photo(&id, gone).await.unwrap_err());
        assert_eq!(p.status, 404, "{gone}: {}", p.detail);
        assert!(
            p.detail.ends_with("its photos now: photo_0"),
            "{}",
            p.detail
        );
    }
    let p = api_err(
        api.delete_estimate_photo("est_nope", "photo_0")
            .await
            .unwrap_err(),
    );
    assert_eq!(p.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_detected_estimates_photo_goes_with_its_proposals_but_not_under_priced_areas() {
    let (_dir, db) = tempdir();
    let key = partner(&db, "acme", "garage", "test", 100);
    let files = tempfile::tempdir().unwrap();
    let server = start_detecting(&db, files.path(), 0.25, &["--stage-delay", "300ms"]);
    let api = Client::new(&server.url, &key).unwrap();

    // photo_0 shows the front: its finds are priced; photo_1's side is not said: only proposals.
    let mut input = photo_only(&["front"], None);
    input.views.push(None);
    let accepted = api
        .create_estimate_async(&input, &[red_png(), red_png()], None)
        .await
        .unwrap();
    let id = accepted.body.id.clone();
    // While the detector reads the photos, none can go.
    let p = api_err(api.delete_estimate_photo(&id, "photo_1").await.unwrap_err());
    assert_eq!((p.status, p.slug()), (409, "conflict"), "{}", p.detail);
    assert!(p.detail.contains("still processing"), "{}", p.detail);

    let shopbench_client::EstimateState::Complete(done) = api
        .wait_for_estimate(&id, Duration::from_secs(60))
        .await
        .unwrap()
    else {
        panic!("not complete")
    };
    let on = |e: &shopbench_client::EstimateCreated, photo: &str| {
        e.proposals
            .iter()
            .filter(|p| p.photo_id.as_deref() == Some(photo))
            .count()
    };
    assert!(on(&done, "photo_1") > 0, "{:?}", done.proposals);
    let kept_on_0 = on(&done, "photo_0");

    // The priced areas were found on photo_0: refused, naming them.
    let p = api_err(api.delete_estimate_photo(&id, "photo_0").await.unwrap_err());
    assert_eq!(p.status, 409, "{}", p.detail);
    assert!(
        p.detail.contains("damage.areas[0] (hood, dent)"),
        "{}",
        p.detail
    );
    // photo_1 goes, and the proposals found on it with it.
    api.delete_estimate_photo(&id, "photo_1").await.unwrap();
    let after = api.estimate(&id).await.unwrap();
    assert_eq!(photo_ids(&after), ["photo_0"]);
    assert_eq!(
        (on(&after, "photo_1"), on(&after, "photo_0")),
        (0, kept_on_0)
    );
    assert_eq!(after.summary.damage.areas, done.summary.damage.areas);
}

/// A photo deleted while another reader held the SQLite file (an `admin`
/// command, a backup) was answered 204 after a 10 s stall, and its bytes
/// stayed in the write-ahead log for good: the checkpoint that empties the
/// log waited out the lock and gave up silently. Now the answer does not
/// wait, and the log is emptied in the background once the reader lets go.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn regression_a_reader_kept_a_deleted_photo_in_the_write_ahead_log() {
    let (test_db, db) = tempdir();
    if test_db.is_postgres() {
        return; // SQLite's write-ahead log only
    }
    let key = partner(&db, "acme", "garage", "test", 100);
    let server = ApiServer::start(&db, &[]);
    let api = Client::new(&server.url, &key).unwrap();
    let created = estimate_with_a_plate_photo(&api).await;
    let id = created.summary.id.clone();

    // A reader on a snapshot taken before the deletion.
    let reader = rusqlite::Connection::open(&db).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let estimates: i64 = reader
        .query_row("SELECT COUNT(*) FROM estimates", [], |r| r.get(0))
        .unwrap();
    assert_eq!(estimates, 1);
    api.delete_estimate_photo(&id, "photo_1").await.unwrap();
    assert_eq!(photo_ids(&api.estimate(&id).await.unwrap()), ["photo_0"]);
    assert_eq!(marked_rows(&test_db), 0);

    // Once the reader lets go, the server empties the log (it retries every 2 s).
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while in_sqlite_files(&db, PRIVACY_MARKER) {
        assert!(
            std::time::Instant::now() < deadline,
            "the photo's bytes stayed in {db}-wal after the reader left"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}
