//! `GET /health` and `GET /v1/account`.

use serde::{Deserialize, Serialize};

use crate::Mode;

/// `GET /health`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always true when the server answers.
    pub ok: bool,
    /// `shopbench`.
    pub service: String,
    /// The server's version.
    pub version: String,
    /// The server's clock, RFC 3339.
    pub ts: String,
}

/// Usage this month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Usage {
    /// RFC 3339 start of the month.
    pub period_start: String,
    /// Billable calls.
    pub billable_calls: i64,
    /// Credits spent (net of refunds).
    pub credits_spent: i64,
}

/// The rate-limit budget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RateLimits {
    /// Per key per minute.
    pub per_minute: u32,
    /// Per plan per hour.
    pub per_hour: u32,
    /// Per plan per day.
    pub per_day: u32,
    /// Left this minute.
    pub remaining_minute: u32,
    /// Left this hour.
    pub remaining_hour: u32,
    /// Left today.
    pub remaining_day: u32,
    /// When the tightest window frees a request, RFC 3339.
    pub reset_at: String,
}

/// The price of one billable operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Price {
    /// Operation id, as recorded in the ledger (`diagnosis.run`).
    pub operation: String,
    /// `METHOD /path` it applies to.
    pub endpoint: String,
    /// Credits drawn on success (errors and refusals are free).
    pub credits: i64,
}

/// `GET /v1/account`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    /// `ptn_…`.
    pub partner_id: String,
    /// Partner name.
    pub partner: String,
    /// The key's mode.
    pub mode: Mode,
    /// The key's id (`key_…`), never the secret.
    pub key_id: String,
    /// Plan id.
    pub plan: String,
    /// Plan name.
    pub plan_name: String,
    /// Credits left in this mode.
    pub credit_balance: i64,
    /// Usage this month.
    pub usage: Usage,
    /// Budget.
    pub rate_limits: RateLimits,
    /// What each call costs.
    pub prices: Vec<Price>,
    /// The engine `POST /v1/chat` uses when none is named.
    pub default_engine: String,
    /// The engines this key's plan may use (seed 003's `engines_available`).
    pub engines_available: Vec<String>,
    /// Every answering engine: multiplier, minimum plan, whether it runs here.
    pub engines: Vec<crate::EngineInfo>,
}
