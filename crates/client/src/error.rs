//! Client errors; API errors carry the server's RFC 9457 problem.

use serde::Deserialize;
use serde_json::{Map, Value};
use thiserror::Error;

/// An RFC 9457 problem as the server sends it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Problem {
    /// Stable type URI, `urn:shopbench:problem:<slug>`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Short summary.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// What happened and what to do.
    #[serde(default)]
    pub detail: String,
    /// The request id to quote to support.
    #[serde(default)]
    pub request_id: Option<String>,
    /// Extension members (`balance`, `price`, `reset_at`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Problem {
    /// The slug of the type (`insufficient-credits`, `rate-limited`, …).
    pub fn slug(&self) -> &str {
        self.type_.rsplit(':').next().unwrap_or(&self.type_)
    }
}

/// What can go wrong calling the API.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The server answered with a problem.
    #[error("{} ({}): {} [request {}]", .0.title, .0.status, .0.detail, .0.request_id.as_deref().unwrap_or("?"))]
    Api(Box<Problem>),
    /// The server could not be reached or the transfer failed. Shown with
    /// the deepest reason once (not reqwest's whole chain, which repeats it).
    #[error(
        "cannot reach the shopbench server ({}) — check the URL and that `shopbench serve` runs",
        deepest_reason(.0)
    )]
    Http(reqwest::Error),
    /// The server answered something this client does not understand.
    #[error("unexpected answer from the server (HTTP {status}): {detail}")]
    Unexpected {
        /// HTTP status.
        status: u16,
        /// What was wrong.
        detail: String,
    },
    /// The base URL is not valid.
    #[error("invalid server URL '{0}': expected e.g. http://127.0.0.1:8080")]
    BadUrl(String),
    /// A diagnosis did not finish in time.
    #[error(
        "diagnosis {id} did not finish within {secs} s; poll it later with GET /v1/diagnoses/{id}"
    )]
    Timeout {
        /// Diagnosis id.
        id: String,
        /// The wait, in seconds.
        secs: u64,
    },
}

impl From<reqwest::Error> for ClientError {
    fn from(e: reqwest::Error) -> Self {
        ClientError::Http(e)
    }
}

/// The innermost cause of `e` (`Connection refused (os error 111)`), with
/// the URL when reqwest knows it.
fn deepest_reason(e: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    match e.url() {
        Some(url) => format!("{}: {cause}", url.as_str()),
        None => cause.to_string(),
    }
}
