//! A real webhook receiver on 127.0.0.1 that records every call, and a
//! patient wait for something to become true.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;

/// What the webhook receiver saw.
#[derive(Default)]
pub struct Received {
    /// Every call: headers and raw body.
    pub calls: Vec<(HeaderMap, Bytes)>,
    /// Status to answer with, per call index (default 200).
    pub script: Vec<StatusCode>,
}

/// Starts a listener that records webhooks; its URL and what it saw.
pub async fn receiver(script: Vec<StatusCode>) -> (String, Arc<Mutex<Received>>) {
    let seen = Arc::new(Mutex::new(Received {
        calls: Vec::new(),
        script,
    }));
    async fn hook(
        State(seen): State<Arc<Mutex<Received>>>,
        headers: HeaderMap,
        body: Bytes,
    ) -> StatusCode {
        let mut s = seen.lock().unwrap();
        let n = s.calls.len();
        s.calls.push((headers, body));
        s.script.get(n).copied().unwrap_or(StatusCode::OK)
    }
    let app = axum::Router::new()
        .route("/hooks", post(hook))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

/// Polls `f` every 50 ms until it gives a value; panics naming `what` after `timeout`.
pub async fn eventually<T>(
    what: &str,
    timeout: Duration,
    mut f: impl AsyncFnMut() -> Option<T>,
) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
