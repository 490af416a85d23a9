//! The shopbench `/v1` partner API: the engines the desktop embeds, served to
//! approved platforms with keys and tenants, prepaid credits, idempotent
//! POSTs, rate limits, asynchronous jobs and signed webhooks.
//!
//! * **Keys** are `sk_test_…`/`sk_live_…` + 40 base62 characters, stored as
//!   SHA-256 next to a non-secret lookup prefix and compared in constant time.
//!   A test key sees only test objects, a partner only its own (404, not 403).
//! * **Credits** live in an append-only ledger (SQLite triggers refuse UPDATE
//!   and DELETE); a balance is the sum of its entries. Only billable successes
//!   are charged ([`PRICES`]); a short balance is a `402` problem.
//! * **`Idempotency-Key`** on a POST stores the first success and replays it;
//!   the same key with another body is a `422`.
//! * **Rate limits** (seed 003): 60 requests per key per sliding minute, and
//!   the plan's hour and day budgets ([`PLANS`]); `429` carries
//!   `Retry-After`; every answer carries `X-RateLimit-Limit/Remaining/Reset`.
//! * **Jobs** are rows in the same database, run by a worker pool; a server
//!   killed mid-job runs it again at start, without charging twice. With a
//!   damage detector ([`Config::detector`]) an estimate request without
//!   areas is such a job (seed 001's `202`, then poll or a webhook).
//! * **Webhooks** are signed `Shopbench-Signature: t=…,v1=…` ([`sign`]) and
//!   retried with backoff; attempts are listed at `GET /v1/webhook-deliveries`.
//! * **Errors** are RFC 9457 `application/problem+json` with a stable `type`
//!   and the `request_id`; every response has `X-Request-ID`.
//!
//! ```
//! use shopbench_server::{Config, Db, Mode, Server};
//!
//! let db = Db::open_in_memory().unwrap();
//! db.add_partner("acme", "garage").unwrap();
//! let key = db.create_key("acme", Mode::Test).unwrap();
//! assert!(key.secret.starts_with("sk_test_") && key.secret.len() == 48);
//! assert_eq!(db.add_credits("acme", Mode::Test, 100).unwrap(), 100);
//! let server = Server::new(db, Config::default()).unwrap();
//! let _router = server.router(); // serve it with `server.run(listener, shutdown)`
//! ```
#![deny(missing_docs)]

mod admin;
mod api;
mod app;
mod billing;
mod callback;
mod chat;
mod data_api;
mod db;
mod discovery;
mod error;
mod estimate_jobs;
mod estimate_photos;
mod estimates;
mod fingerprint;
mod fixes;
mod inspection;
mod intake;
mod limits;
mod multipart;
mod openapi;
mod problem;
mod ratelimit;
mod samples;
mod serve;
mod tables;
mod util;
mod vehicle_data;
mod webhook;
mod worker;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

pub use admin::NewKey;
pub use app::RequestId;
pub use db::Db;
pub use error::Error;
pub use limits::{Limit, CASE_LIMITS, CPU_QUEUE, MAX_AREAS};
pub use openapi::openapi_json;
pub use problem::{ApiError, ApiJson, Problem, PROBLEM_JSON};
pub use ratelimit::Budget;
pub use serve::Timeouts;
pub use tables::{plan, Mode, Plan, Price, PLANS, PRICES};
pub use webhook::sign;

/// Server settings; [`Config::default`] is production.
#[derive(Debug, Clone)]
pub struct Config {
    /// Job workers (default 2).
    pub workers: usize,
    /// CPU-heavy request steps running or waiting at once (default
    /// [`CPU_QUEUE`]); one more is a `503` with `Retry-After`, and `0`
    /// answers every such request so.
    pub cpu_slots: usize,
    /// Requests per key per sliding minute (default 60).
    pub per_key_per_minute: u32,
    /// Delays before each webhook retry (default 5 s, 30 s, 5 min); after the
    /// last, the delivery is marked failed.
    pub webhook_retries: Vec<Duration>,
    /// Timeout of one webhook attempt (default 10 s).
    pub webhook_timeout: Duration,
    /// Pause after each job stage so progress can be watched (default 0).
    pub stage_delay: Duration,
    /// Largest accepted request body (default 1 MiB).
    pub max_body_bytes: usize,
    /// The vPIC file for `GET /v1/decode` (default: the shop's, `ShopPaths::vpic`).
    pub vpic_path: std::path::PathBuf,
    /// Connection and body timeouts.
    pub timeouts: Timeouts,
    /// The recalls and complaints cache for `/v1/recalls`, `/v1/reliability`,
    /// `/v1/known-issues` and their samples, filled by `shopbench data import`
    /// (default: the shop's, `ShopPaths::recalls`). Read offline: the
    /// server never calls NHTSA or Transport Canada while a partner waits.
    pub recalls_path: std::path::PathBuf,
    /// How long a claimed job or webhook attempt stays this process's
    /// without renewal (default 30 s). When a process dies, another one
    /// sharing the database takes its work over after this. A webhook
    /// attempt's lease is at least the webhook timeout plus 5 s.
    pub lease: Duration,
    /// The shop's damage detector, loaded once for the process (`serve
    /// --detector-model`, or the settings the app uses). With one,
    /// `POST /v1/estimates` may leave out `areas`; without, such a request is
    /// a `422` naming the setting. Default: none.
    pub detector: Option<Arc<shopbench_detect::OnnxDetector>>,
    /// Accept a `callback_url` on a loopback or private address (default
    /// false; tests and a partner on the operator's own network).
    pub allow_private_callbacks: bool,
    /// The shop assistant's settings for `POST /v1/chat`: with a language
    /// model set up (`serve` reads the shop's settings and
    /// `$SHOPBENCH_MODEL_URL`), the `shopbench-model` engine runs; without,
    /// only the offline facts engine. Default: no model.
    pub assistant: shopbench_app::assistant::AssistantSettings,
}

impl Default for Config {
    fn default() -> Self {
        // No home at all: the data routes answer "dataset missing" naming an empty path.
        let paths = shopbench_app::ShopPaths::from_env().ok();
        Config {
            workers: 2,
            cpu_slots: limits::CPU_QUEUE,
            per_key_per_minute: 60,
            webhook_retries: vec![
                Duration::from_secs(5),
                Duration::from_secs(30),
                Duration::from_secs(300),
            ],
            webhook_timeout: Duration::from_secs(10),
            stage_delay: Duration::ZERO,
            max_body_bytes: 1 << 20,
            timeouts: Timeouts::default(),
            vpic_path: paths.as_ref().map(|p| p.vpic.clone()).unwrap_or_default(),
            recalls_path: paths.map(|p| p.recalls).unwrap_or_default(),
            lease: Duration::from_secs(30),
            detector: None,
            allow_private_callbacks: false,
            assistant: shopbench_app::assistant::AssistantSettings::default(),
        }
    }
}

pub(crate) struct AppState {
    pub(crate) db: Db,
    pub(crate) cfg: Config,
    pub(crate) limiter: ratelimit::RateLimiter,
    pub(crate) jobs: Notify,
    pub(crate) hooks: Notify,
    pub(crate) kb: &'static shopbench_diagnosis::Knowledge,
    pub(crate) http: reqwest::Client,
    pub(crate) cpu: limits::CpuQueue,
    /// When rate-limit rows were last pruned (ms).
    pub(crate) pruned_at: std::sync::atomic::AtomicI64,
    /// This process as the holder of job claims.
    pub(crate) job_claims: db::jobs::Claimant,
    /// This process as the holder of webhook attempts.
    pub(crate) hook_claims: db::jobs::Claimant,
    /// How long detection took per photo lately (ms), for `estimated_seconds`.
    pub(crate) detect_ms_per_photo: std::sync::atomic::AtomicI64,
}

/// A configured server over a database.
pub struct Server {
    state: Arc<AppState>,
}

impl Server {
    /// Prepares the server (loads the diagnosis knowledge, builds the webhook client).
    pub fn new(db: Db, cfg: Config) -> Result<Server, Error> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Io(std::io::Error::other(e)))?;
        let me = util::new_id("wrk");
        let lease_ms = |d: Duration| d.as_millis().clamp(1, i64::MAX as u128) as i64;
        let hook_lease = cfg.lease.max(cfg.webhook_timeout + Duration::from_secs(5));
        Ok(Server {
            state: Arc::new(AppState {
                pruned_at: std::sync::atomic::AtomicI64::new(0),
                job_claims: db::jobs::Claimant {
                    id: me.clone(),
                    lease_ms: lease_ms(cfg.lease),
                },
                hook_claims: db::jobs::Claimant {
                    id: me,
                    lease_ms: lease_ms(hook_lease),
                },
                db,
                limiter: ratelimit::RateLimiter::new(cfg.per_key_per_minute),
                cpu: limits::CpuQueue::new(cfg.cpu_slots),
                cfg,
                jobs: Notify::new(),
                hooks: Notify::new(),
                kb: shopbench_diagnosis::Knowledge::embedded(),
                http,
                detect_ms_per_photo: std::sync::atomic::AtomicI64::new(
                    estimate_jobs::FIRST_GUESS_MS_PER_PHOTO,
                ),
            }),
        })
    }

    /// The HTTP router (without workers: for in-process tests).
    pub fn router(&self) -> axum::Router {
        app::router(self.state.clone())
    }

    /// Starts the job workers and the webhook dispatcher (which also take
    /// over work whose lease lapsed: a killed process's, this one's before a
    /// restart, or another process's on the same PostgreSQL), and serves
    /// until `shutdown` completes.
    pub async fn run(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), Error> {
        let mut tasks = Vec::new();
        for _ in 0..self.state.cfg.workers.max(1) {
            tasks.push(tokio::spawn(worker::run(self.state.clone())));
        }
        tasks.push(tokio::spawn(webhook::dispatcher(self.state.clone())));
        let served = serve::serve(listener, self.router(), self.state.cfg.timeouts, shutdown).await;
        for t in tasks {
            t.abort();
        }
        Ok(served?)
    }
}
