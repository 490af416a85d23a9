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
        operation: "case.close",
        endpoint: "POST /v1/cases/{id}/close",
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
    // The parts it is made of (decode 1, recalls 1, known issues 25, costs 2) and the report.
    Price {
        operation: "inspection.report",
        endpoint: "POST /v1/inspection",
        credits: 30,
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

/// An answering engine of `POST /v1/chat` (seed 003's engines and pricing table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChatEngine {
    /// Engine id, as partners name it and as answers and conversations show it.
    pub id: &'static str,
    /// Price multiplier on tokens, in tenths (10 = 1×).
    pub multiplier_tenths: i64,
    /// The lowest plan that may use it (plans in [`PLANS`] order).
    pub minimum_plan: &'static str,
    /// What it is for.
    pub use_case: &'static str,
}

/// The engines, the default first. Tokens are priced at one credit per
/// [`TOKENS_PER_CREDIT`] at 1×: a typical facts answer (150–300 words) costs
/// 2–3 credits, a quarter of a diagnosis. The model engine costs twice as much
/// (it runs the shop's language model as well as the facts engine, whose
/// facts it is checked against).
pub const CHAT_ENGINES: &[ChatEngine] = &[
    ChatEngine {
        id: shopbench_app::assistant::FACTS_ENGINE,
        multiplier_tenths: 10,
        minimum_plan: "garage",
        use_case: "Offline answers from the code catalogue, the diagnosis knowledge and the recall and complaint data, each statement cited",
    },
    ChatEngine {
        id: shopbench_app::assistant::MODEL_ENGINE,
        multiplier_tenths: 20,
        minimum_plan: "tuner",
        use_case: "The operator's language model, given the same facts and checked against them (replaced by the offline answer when a citation does not resolve)",
    },
];

/// Tokens one credit buys at 1×.
pub const TOKENS_PER_CREDIT: i64 = 100;

/// The engine with this id.
pub fn chat_engine(id: &str) -> Option<ChatEngine> {
    CHAT_ENGINES.iter().copied().find(|e| e.id == id)
}

/// Whether `plan` may use `engine` (plans rank in [`PLANS`] order; `internal` may use all).
pub fn plan_allows(plan: &str, engine: &ChatEngine) -> bool {
    let rank = |id: &str| PLANS.iter().position(|p| p.id == id);
    match (rank(plan), rank(engine.minimum_plan)) {
        (Some(have), Some(need)) => have >= need,
        _ => false,
    }
}

/// Credits for an answer of `tokens` on `engine`: the multiplier applied to
/// the tokens, rounded up, at least one credit.
pub fn chat_credits(engine: &ChatEngine, tokens: u32) -> i64 {
    let tenths = i64::from(tokens) * engine.multiplier_tenths;
    let per = TOKENS_PER_CREDIT * 10;
    ((tenths + per - 1) / per).max(1)
}

/// The ledger's operation id of a chat answer. Not a row of [`PRICES`]: its
/// price is not one figure but [`chat_credits`] of the answer's tokens.
pub const CHAT_OPERATION: &str = "chat.answer";

/// The route a chat answer is charged on, as [`PRICES`] writes routes.
pub const CHAT_ENDPOINT: &str = "POST /v1/chat";

/// The least one chat answer costs: [`chat_credits`] of no tokens on the
/// cheapest engine (what a balance must cover before any work).
pub fn chat_minimum_credits() -> i64 {
    CHAT_ENGINES
        .iter()
        .map(|e| chat_credits(e, 0))
        .min()
        .unwrap_or(1)
}

/// The chat price rule in words, from the figures [`chat_credits`] charges
/// by, so that what `/llms.txt` and `/discovery` say cannot drift from what
/// is drawn: "1 credit per 100 tokens × the engine's multiplier
/// (shopbench-facts 1×, shopbench-model 2×), rounded up, at least 1 credit
/// per answer".
pub fn chat_price_rule() -> String {
    let engines: Vec<String> = CHAT_ENGINES
        .iter()
        .map(|e| format!("{} {}", e.id, multiplier_text(e.multiplier_tenths)))
        .collect();
    let min = chat_minimum_credits();
    format!(
        "1 credit per {TOKENS_PER_CREDIT} tokens × the engine's multiplier ({}), rounded up, at least {min} credit{} per answer",
        engines.join(", "),
        if min == 1 { "" } else { "s" }
    )
}

/// A multiplier in tenths as partners read it: 10 → `1×`, 15 → `1.5×`.
fn multiplier_text(tenths: i64) -> String {
    match tenths % 10 {
        0 => format!("{}×", tenths / 10),
        rest => format!("{}.{rest}×", tenths / 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_is_priced_by_tokens_times_the_engine_multiplier_rounded_up() {
        let facts = chat_engine("shopbench-facts").unwrap();
        let model = chat_engine("shopbench-model").unwrap();
        assert_eq!(chat_credits(&facts, 0), 1);
        assert_eq!(chat_credits(&facts, 100), 1);
        assert_eq!(chat_credits(&facts, 101), 2);
        assert_eq!(chat_credits(&facts, 250), 3);
        assert_eq!(chat_credits(&model, 250), 5);
        assert_eq!(chat_credits(&model, 50), 1);
    }

    #[test]
    fn the_chat_price_rule_is_written_from_the_figures_it_is_charged_by() {
        assert_eq!(
            chat_price_rule(),
            "1 credit per 100 tokens × the engine's multiplier (shopbench-facts 1×, shopbench-model 2×), rounded up, at least 1 credit per answer"
        );
        assert_eq!(chat_minimum_credits(), 1);
        assert_eq!(multiplier_text(15), "1.5×");
        assert!(PRICES.iter().all(|p| p.endpoint != CHAT_ENDPOINT));
    }

    #[test]
    fn engines_follow_the_plan_ranks() {
        let model = chat_engine("shopbench-model").unwrap();
        let facts = CHAT_ENGINES[0];
        assert!(plan_allows("garage", &facts));
        assert!(!plan_allows("garage", &model));
        assert!(plan_allows("tuner", &model));
        assert!(plan_allows("engineer", &model));
        assert!(plan_allows("internal", &model));
        assert!(!plan_allows("nonsense", &facts));
        assert!(chat_engine("cl-scan").is_none());
    }
}
