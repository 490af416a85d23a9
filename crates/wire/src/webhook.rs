//! Webhook events and `GET /v1/webhook-deliveries`.

use serde::{Deserialize, Serialize};

use crate::Mode;

/// A webhook event as POSTed to the partner's endpoint (signed with
/// `Shopbench-Signature: t=…,v1=…`, HMAC-SHA256 of `t.body`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// `evt_…`, unique; a redelivery carries the same id.
    pub id: String,
    /// `diagnosis.completed`, `diagnosis.failed`, `estimate.completed`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// RFC 3339.
    pub created_at: String,
    /// The key mode the object belongs to.
    pub mode: Mode,
    /// What happened: the object's id, status and link (`url`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Value,
}

/// One delivery attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attempt {
    /// 1, 2, …
    pub attempt: i64,
    /// RFC 3339.
    pub at: String,
    /// The endpoint's answer, if it answered.
    pub status_code: Option<u16>,
    /// Why it failed, if it did.
    pub error: Option<String>,
    /// How long the attempt took.
    pub duration_ms: i64,
}

/// A delivery and its attempts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    /// `whd_…`.
    pub id: String,
    /// The event delivered.
    pub event_id: String,
    /// Its type.
    pub event_type: String,
    /// The endpoint.
    pub url: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    /// Every attempt so far.
    pub attempts: Vec<Attempt>,
    /// When the next attempt is due, if any.
    pub next_attempt_at: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

/// `GET /v1/webhook-deliveries`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryList {
    /// Newest first.
    pub data: Vec<Delivery>,
}
