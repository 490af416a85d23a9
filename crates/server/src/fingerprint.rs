//! What makes two requests carrying one `Idempotency-Key` the same request.
//!
//! The method, the URI and the body **as the handler reads it**, not as it
//! travelled: a client retrying a `multipart/form-data` upload picks a new
//! boundary on every send (curl, requests, browsers all do), and two JSON
//! bodies differing only in whitespace or key order ask for the same thing.
//! Hashing the raw bytes refused those retries with `422
//! idempotency-key-reused`, and a partner retrying with a new key paid twice.
//!
//! So a multipart body is fingerprinted by its parts in order (name, file
//! name, content type, bytes), a JSON body by its parsed value with every
//! object's keys sorted, and any other body — or one that does not parse,
//! which the handler refuses anyway — by its bytes.

use axum::http::{HeaderMap, Method, Uri};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::multipart;
use crate::problem::{content_type_of, is_json};

/// The SHA-256 fingerprint of a request: method, URI and [`body_form`] of its body.
pub(crate) fn fingerprint(method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Vec<u8> {
    let mut h = Sha256::new();
    field(&mut h, Some(method.as_str().as_bytes()));
    field(&mut h, Some(uri.to_string().as_bytes()));
    body_form(&mut h, headers, body);
    h.finalize().to_vec()
}

/// Feeds the body in its canonical form, each form tagged so that no body
/// of one kind can be mistaken for a body of another.
fn body_form(h: &mut Sha256, headers: &HeaderMap, body: &[u8]) {
    let (ct, essence) = content_type_of(headers);
    if let Some(parts) = multipart::boundary(&ct).and_then(|b| multipart::parse(body, &b).ok()) {
        field(h, Some(b"multipart"));
        for p in &parts {
            field(h, Some(p.name.as_bytes()));
            field(h, p.file_name.as_deref().map(str::as_bytes));
            field(h, p.content_type.as_deref().map(str::as_bytes));
            field(h, Some(&p.data));
        }
        return;
    }
    if is_json(&essence) {
        if let Some(canonical) = canonical_json(body) {
            field(h, Some(b"json"));
            field(h, Some(&canonical));
            return;
        }
    }
    field(h, Some(b"bytes"));
    field(h, Some(body));
}

/// A JSON body printed again with every object's keys sorted and no
/// whitespace; `None` when it is not JSON.
fn canonical_json(body: &[u8]) -> Option<Vec<u8>> {
    let mut value: Value = serde_json::from_slice(body).ok()?;
    // Objects are already sorted maps unless serde_json's `preserve_order`
    // is on somewhere in the build; sorting makes the form not depend on it.
    value.sort_all_objects();
    serde_json::to_vec(&value).ok()
}

/// One field, length-prefixed (absent and empty differ), so that
/// concatenated fields cannot run into each other.
fn field(h: &mut Sha256, bytes: Option<&[u8]>) {
    match bytes {
        None => h.update([0]),
        Some(b) => {
            h.update([1]);
            h.update((b.len() as u64).to_le_bytes());
            h.update(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A POST to `/v1/estimates` with this content type and body.
    fn post(content_type: &str, body: &[u8]) -> Vec<u8> {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", content_type.parse().unwrap());
        let uri: Uri = "/v1/estimates".parse().unwrap();
        fingerprint(&Method::POST, &uri, &headers, body)
    }

    fn form(boundary: &str, make: &str) -> Vec<u8> {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"vehicle_make\"\r\n\r\n{make}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\
             Content-Type: image/jpeg\r\n\r\n\u{1}\u{2}\r\n--{boundary}--\r\n"
        )
        .into_bytes()
    }

    fn multipart(boundary: &str, make: &str) -> Vec<u8> {
        let ct = format!("multipart/form-data; boundary={boundary}");
        post(&ct, &form(boundary, make))
    }

    #[test]
    fn a_multipart_body_is_the_same_request_whatever_its_boundary() {
        assert_eq!(
            multipart("------------------------a1b2", "Toyota"),
            multipart("----WebKitFormBoundaryZz9", "Toyota")
        );
        assert_ne!(
            multipart("------------------------a1b2", "Toyota"),
            multipart("----WebKitFormBoundaryZz9", "Honda")
        );
    }

    #[test]
    fn a_json_body_is_the_same_request_whatever_its_spacing_or_key_order() {
        let json = |body: &str| post("application/json", body.as_bytes());
        assert_eq!(
            json(r#"{"case_id":"case_1","x":{"b":1,"a":[1,2]}}"#),
            json("{ \"x\": {\"a\": [1, 2], \"b\": 1},\n  \"case_id\": \"case_1\" }")
        );
        assert_ne!(
            json(r#"{"case_id":"case_1"}"#),
            json(r#"{"case_id":"case_2"}"#)
        );
        assert_ne!(json(r#"{"a":[1,2]}"#), json(r#"{"a":[2,1]}"#));
    }

    #[test]
    fn other_and_unparsable_bodies_are_their_bytes() {
        let fp = |ct: &str, body: &str| post(ct, body.as_bytes());
        assert_ne!(
            fp("application/json", "{\"a\": 1"),
            fp("application/json", "{\"a\":1")
        );
        assert_ne!(
            fp("text/plain", "{\"a\": 1}"),
            fp("text/plain", "{\"a\":1}")
        );
        // The same bytes as JSON and as text are different requests (one is a 415).
        assert_ne!(fp("application/json", "{}"), fp("text/plain", "{}"));
        // A multipart body that does not parse: its bytes, boundary included.
        let broken = |b: &str| {
            let ct = format!("multipart/form-data; boundary={b}");
            post(&ct, &form(b, "Toyota")[..40])
        };
        assert_ne!(broken("----x"), broken("----y"));
    }

    #[test]
    fn method_and_uri_count() {
        let headers = HeaderMap::new();
        let other: Uri = "/v1/cases".parse().unwrap();
        let fp = fingerprint(&Method::POST, &other, &headers, b"{}");
        assert_ne!(fp, post("application/json", b"{}"));
        assert_ne!(fp, fingerprint(&Method::PUT, &other, &headers, b"{}"));
    }
}
