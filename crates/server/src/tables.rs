//! The business tables as data: modes, plans (seed 003's limits) and prices.

use serde::Serialize;

use crate::Error;

/// Test or live: one type with the client (`shopbench_wire::Mode`).
pub use shopbench_wire::Mode;

/// A plan: how many requests a partner may make per hour and per day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// Stable id (`garage`, `tuner`, `engineer`).
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Requests per rolling clock hour (UTC), per partner and mode.
    pub per_hour: u32,
    /// Requests per UTC day, per partner and mode.
    pub per_day: u32,
}

/// Seed 003's plan table (+ `internal`); the per-key per-minute limit (60) is in [`crate::Config`].
pub const PLANS: &[Plan] = &[
    Plan {
        id: "garage",
        name: "Garage",
        per_hour: 120,
        per_day: 2_000,
    },
    Plan {
        id: "tuner",
        name: "Tuner",
        per_hour: 600,
        per_day: 15_000,
    },
    Plan {
        id: "engineer",
        name: "Engineer",
        per_hour: 1_800,
        per_day: 50_000,
    },
    // The operator's own clients (its desktops in remote mode, load tests): no plan windows.
    Plan {
        id: "internal",
        name: "Internal",
        per_hour: u32::MAX,
        per_day: u32::MAX,
    },
];

/// Looks a plan up by id.
pub fn plan(id: &str) -> Result<Plan, Error> {
    PLANS
        .iter()
        .copied()
        .find(|p| p.id == id)
        .ok_or_else(|| Error::UnknownPlan(id.to_string()))
}

/// The price of one billable operation, in credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Price {
    /// Operation id, as recorded in the ledger.
    pub operation: &'static str,
    /// `METHOD /path` it applies to.
    pub endpoint: &'static str,
    /// Credits drawn on success (errors and refusals are free).
    pub credits: i64,
}

/// The price table. Only successful, billable answers are charged. One
/// credit is seed 002's $0.01: decode and recalls 1, purchase costs 2,
/// reliability 5, known issues 25.
pub const PRICES: &[Price] = &[
    Price {
        operation: "case.create",
        endpoint: "POST /v1/cases",
        credits: 0,
    },
    Price {
        operation: "diagnosis.run",
        endpoint: "POST /v1/diagnose",
        credits: 10,
    },
    Price {
        operation: "estimate.create",
        endpoint: "POST /v1/estimates",
        credits: 10,
    },
    Price {
        operation: "costs.us",
        endpoint: "GET /v1/us/purchase-costs",
        credits: 2,
    },
    Price {
        operation: "costs.ca",
        endpoint: "GET /v1/ca/purchase-costs",
        credits: 2,
    },
    Price {
        operation: "vin.decode",
        endpoint: "GET /v1/decode",
        credits: 1,
    },
    Price {
        operation: "vin.recalls",
        endpoint: "GET /v1/recalls",
        credits: 1,
    },
    Price {
        operation: "vin.reliability",
        endpoint: "GET /v1/reliability",
        credits: 5,
    },
    // Only an answer that names failure modes (`status: "ok"`) is charged.
    Price {
        operation: "vin.known_issues",
        endpoint: "GET /v1/known-issues",
        credits: 25,
    },
    Price {
        operation: "data.detail",
        endpoint:
            "GET /v1/vehicles/{make}/{model}, /v1/labor-rates/{state}, /v1/damage-types/{type}",
        credits: 1,
    },
];

/// The price of an operation id from [`PRICES`].
pub(crate) fn price(operation: &str) -> i64 {
    PRICES
        .iter()
        .find(|p| p.operation == operation)
        .map(|p| p.credits)
        .expect("every billed operation is in PRICES")
}
