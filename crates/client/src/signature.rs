//! `Shopbench-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use thiserror::Error;

/// Default tolerance between the signature's time and now: 5 minutes.
pub const DEFAULT_TOLERANCE_SECS: i64 = 300;

/// Why a webhook signature was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The header is not `t=<unix>,v1=<hex>`.
    #[error("malformed Shopbench-Signature header: expected t=<unix>,v1=<hex>")]
    Malformed,
    /// The timestamp is further from now than the tolerance (a replay?).
    #[error("signature timestamp {t} is more than {tolerance} s from now")]
    Stale {
        /// The signed time.
        t: i64,
        /// The tolerance.
        tolerance: i64,
    },
    /// No `v1` signature matches the body and secret.
    #[error("signature does not match the body — wrong secret, or the body was altered")]
    Mismatch,
}

/// Checks a webhook against the endpoint secret and the current time;
/// returns the signed timestamp. Pass the raw body bytes, not re-serialized JSON.
pub fn verify_signature(secret: &str, header: &str, body: &[u8]) -> Result<i64, SignatureError> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    verify_signature_at(secret, header, body, DEFAULT_TOLERANCE_SECS, now)
}

/// [`verify_signature`] with an explicit tolerance and clock.
pub fn verify_signature_at(
    secret: &str,
    header: &str,
    body: &[u8],
    tolerance_secs: i64,
    now: i64,
) -> Result<i64, SignatureError> {
    let mut t = None;
    let mut sigs = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = Some(v.parse::<i64>().map_err(|_| SignatureError::Malformed)?),
            Some(("v1", v)) => sigs.push(hex::decode(v).map_err(|_| SignatureError::Malformed)?),
            Some(_) => {}
            None => return Err(SignatureError::Malformed),
        }
    }
    let t = t.ok_or(SignatureError::Malformed)?;
    if sigs.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if (now - t).abs() > tolerance_secs {
        return Err(SignatureError::Stale {
            t,
            tolerance: tolerance_secs,
        });
    }
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let expected = mac.finalize().into_bytes();
    if sigs
        .iter()
        .any(|s| bool::from(s.as_slice().ct_eq(expected.as_slice())))
    {
        Ok(t)
    } else {
        Err(SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str =
        "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789";

    #[test]
    fn accepts_and_rejects() {
        let body = br#"{"a":1}"#;
        assert_eq!(
            verify_signature_at("whsec_test", H, body, 300, 1_700_000_000),
            Ok(1_700_000_000)
        );
        assert_eq!(
            verify_signature_at("whsec_other", H, body, 300, 1_700_000_000),
            Err(SignatureError::Mismatch)
        );
        assert!(matches!(
            verify_signature_at("whsec_test", H, body, 300, 1_700_001_000),
            Err(SignatureError::Stale { .. })
        ));
        assert_eq!(
            verify_signature_at("whsec_test", "v1=00", body, 300, 0),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify_signature_at("whsec_test", "t=1,v1=zz", body, 300, 1),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify_signature_at("whsec_test", "garbage", body, 300, 1),
            Err(SignatureError::Malformed)
        );
    }
}
