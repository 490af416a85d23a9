//! Signed webhook delivery with retries.
//!
//! Each POST carries `Shopbench-Signature: t=<unix seconds>,v1=<hex>` where
//! the hex is HMAC-SHA256, keyed with the endpoint's `whsec_…` secret, of
//! `"<t>.<raw body>"`. A non-2xx answer or a transport error is retried after
//! each delay of [`crate::Config::webhook_retries`] in turn (5 s, 30 s, 5 min
//! by default), then the delivery is marked failed. Every attempt is recorded.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::db::deliveries;
use crate::util::now_ms;
use crate::AppState;

/// The signature header value for `body` sent at unix second `t`.
pub fn sign(secret: &str, t: i64, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Longest idle sleep of the dispatcher (it also wakes when told).
const MAX_IDLE: Duration = Duration::from_secs(1);

pub(crate) async fn dispatcher(st: Arc<AppState>) {
    loop {
        let due = st.db.run(|c| deliveries::claim_due(c, &st.hook_claims, 16));
        match due {
            Ok(list) => {
                for d in list {
                    tokio::spawn(deliver(st.clone(), d));
                }
            }
            Err(e) => eprintln!("shopbench-server: claiming webhook deliveries: {e}"),
        }
        prune_rate_counts(&st);
        let next = st.db.run(deliveries::next_due).ok().flatten();
        let wait = next
            .map(|at| {
                Duration::from_millis((at - now_ms()).clamp(0, MAX_IDLE.as_millis() as i64) as u64)
            })
            .unwrap_or(MAX_IDLE);
        if !wait.is_zero() {
            let _ = tokio::time::timeout(wait, st.hooks.notified()).await;
        }
    }
}

/// Forgets rate-limit requests older than a minute, about once a minute.
fn prune_rate_counts(st: &AppState) {
    use std::sync::atomic::Ordering;
    let now = now_ms();
    let last = st.pruned_at.load(Ordering::Relaxed);
    if now - last < 60_000
        || st
            .pruned_at
            .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
            .is_err()
    {
        return;
    }
    if let Err(e) = st.db.run(|c| crate::db::limits::prune(c, now)) {
        eprintln!("shopbench-server: pruning rate-limit rows: {e}");
    }
}

async fn deliver(st: Arc<AppState>, d: deliveries::Due) {
    let attempt = d.attempts + 1;
    let secret = st.db.run(|c| deliveries::secret(c, &d.partner_id, d.mode));
    let started = Instant::now();
    let (code, error) = match secret {
        Ok(Some(secret)) => {
            let t = now_ms() / 1000;
            let sent = st
                .http
                .post(&d.url)
                .header("content-type", "application/json")
                .header(
                    "shopbench-signature",
                    sign(&secret, t, d.payload.as_bytes()),
                )
                .header(
                    "user-agent",
                    concat!("shopbench-webhooks/", env!("CARGO_PKG_VERSION")),
                )
                .timeout(st.cfg.webhook_timeout)
                .body(d.payload.clone())
                .send()
                .await;
            match sent {
                Ok(resp) => (Some(resp.status().as_u16()), None),
                Err(e) => (None, Some(e.to_string())),
            }
        }
        Ok(None) => (
            None,
            Some("no webhook endpoint is set for this mode".to_string()),
        ),
        Err(e) => (None, Some(format!("database: {e}"))),
    };
    let ok = code.is_some_and(|c| (200..300).contains(&c));
    let next = if ok {
        None
    } else {
        st.cfg
            .webhook_retries
            .get(attempt as usize - 1)
            .map(|delay| now_ms() + delay.as_millis() as i64)
    };
    let outcome = deliveries::Outcome {
        attempt,
        status_code: code,
        error: error.as_deref(),
        duration_ms: started.elapsed().as_millis() as i64,
        succeeded: ok,
        next,
    };
    match st
        .db
        .tx(|tx| deliveries::record(tx, &d.id, &st.hook_claims, &outcome))
    {
        Ok(true) => {}
        Ok(false) => eprintln!(
            "shopbench-server: webhook attempt for {} ended after its lease lapsed; another process owns it now",
            d.id
        ),
        Err(e) => eprintln!(
            "shopbench-server: recording webhook attempt for {}: {e}",
            d.id
        ),
    }
    st.hooks.notify_one();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_of_t_dot_body() {
        // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        let sig = sign("whsec_test", 1_700_000_000, br#"{"a":1}"#);
        assert_eq!(
            sig,
            "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"
        );
    }
}
