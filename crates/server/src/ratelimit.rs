//! Two limiters stack on every authenticated request (seed 003): a sliding
//! one-minute window per key, and fixed UTC hour and day windows per partner
//! and mode from the plan table. The counts live in the server's database
//! ([`crate::db::limits`]), so every process serving a partner enforces the
//! same budget and a restart forgives nothing.

use serde::Serialize;

use crate::db::limits::{self, Counts, Scope, MINUTE_MS};
use crate::db::Db;
use crate::problem::ApiError;
use crate::tables::{Mode, Plan};

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 86_400_000;

/// The budget left after a request, as shown in headers and `/v1/account`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Budget {
    /// Requests per minute for this key.
    pub per_minute: u32,
    /// Requests per hour for the plan.
    pub per_hour: u32,
    /// Requests per day for the plan.
    pub per_day: u32,
    /// Left in the key's sliding minute.
    pub remaining_minute: u32,
    /// Left in this UTC hour.
    pub remaining_hour: u32,
    /// Left in this UTC day.
    pub remaining_day: u32,
    /// Unix seconds when the tightest window frees a request.
    pub reset: i64,
}

impl Budget {
    /// The lowest remaining count of the three windows.
    pub fn remaining(&self) -> u32 {
        self.remaining_minute
            .min(self.remaining_hour)
            .min(self.remaining_day)
    }
}

/// The limiter: the per-key minute budget; the hour and day come from the plan.
pub(crate) struct RateLimiter {
    per_minute: u32,
}

fn ceil_secs(ms: i64) -> i64 {
    (ms.max(0) + 999) / 1000
}

/// The request being counted.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Caller<'a> {
    pub key_id: &'a str,
    pub partner_id: &'a str,
    pub mode: Mode,
    pub plan: Plan,
}

impl RateLimiter {
    pub(crate) fn new(per_minute: u32) -> Self {
        RateLimiter { per_minute }
    }

    /// Counts one request, or refuses it (a refused request is not counted).
    pub(crate) fn check(&self, db: &Db, who: Caller<'_>, now: i64) -> Result<Budget, ApiError> {
        let scope = Scope {
            key_id: who.key_id,
            partner_id: who.partner_id,
            mode: who.mode,
            now,
            hour_start: now - now.rem_euclid(HOUR_MS),
            day_start: now - now.rem_euclid(DAY_MS),
        };
        db.tx(|tx| {
            let before = limits::counts(tx, &scope)?;
            let budget = self.decide(who.plan, &scope, before)?;
            limits::count(tx, &scope)?;
            Ok(budget)
        })
    }

    /// The decision, given what the windows held before this request.
    fn decide(&self, plan: Plan, s: &Scope<'_>, c: Counts) -> Result<Budget, ApiError> {
        let now = s.now;
        let refuse = |scope, limit, reset_ms: i64| ApiError::RateLimited {
            scope,
            limit,
            retry_after: ceil_secs(reset_ms - now).max(1) as u64,
            reset_unix: ceil_secs(reset_ms),
        };
        let oldest = c.minute_oldest.unwrap_or(now).min(now);
        if c.minute >= self.per_minute {
            return Err(refuse(
                "per-key minute",
                self.per_minute,
                oldest + MINUTE_MS,
            ));
        }
        if c.day >= plan.per_day {
            return Err(refuse("plan daily", plan.per_day, s.day_start + DAY_MS));
        }
        if c.hour >= plan.per_hour {
            return Err(refuse("plan hourly", plan.per_hour, s.hour_start + HOUR_MS));
        }
        let b = Budget {
            per_minute: self.per_minute,
            per_hour: plan.per_hour,
            per_day: plan.per_day,
            remaining_minute: self.per_minute - c.minute - 1,
            remaining_hour: plan.per_hour - c.hour - 1,
            remaining_day: plan.per_day - c.day - 1,
            reset: 0,
        };
        let reset_ms = if b.remaining() == b.remaining_minute {
            oldest + MINUTE_MS
        } else if b.remaining() == b.remaining_hour {
            s.hour_start + HOUR_MS
        } else {
            s.day_start + DAY_MS
        };
        Ok(Budget {
            reset: ceil_secs(reset_ms),
            ..b
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;
    use crate::tables::plan;

    fn caller<'a>(key: &'a str, partner: &'a str, mode: Mode, plan: Plan) -> Caller<'a> {
        Caller {
            key_id: key,
            partner_id: partner,
            mode,
            plan,
        }
    }

    #[test]
    fn sliding_minute_refuses_then_recovers() {
        let db = Db::open_in_memory().unwrap();
        let rl = RateLimiter::new(3);
        let p = plan("garage").unwrap();
        let t0 = 1_000_000_000_000;
        for i in 0..3 {
            let b = rl
                .check(&db, caller("k", "p", Mode::Test, p), t0 + i * 1000)
                .unwrap();
            assert_eq!(b.remaining_minute, 2 - i as u32);
        }
        match rl.check(&db, caller("k", "p", Mode::Test, p), t0 + 10_000) {
            Err(ApiError::RateLimited { retry_after, .. }) => assert_eq!(retry_after, 50),
            other => panic!("expected 429, got {other:?}"),
        }
        // Another key of the same partner has its own minute.
        assert!(rl
            .check(&db, caller("k2", "p", Mode::Test, p), t0 + 10_000)
            .is_ok());
        // The first request leaves the window after 60 s.
        assert!(rl
            .check(&db, caller("k", "p", Mode::Test, p), t0 + 60_001)
            .is_ok());
    }

    #[test]
    fn plan_hour_is_per_partner_and_mode() {
        let db = Db::open_in_memory().unwrap();
        let rl = RateLimiter::new(1_000);
        let p = Plan {
            id: "t",
            name: "T",
            per_hour: 2,
            per_day: 10,
        };
        let t0 = 10 * HOUR_MS;
        assert!(rl.check(&db, caller("a", "p", Mode::Live, p), t0).is_ok());
        assert!(rl
            .check(&db, caller("b", "p", Mode::Live, p), t0 + 1)
            .is_ok());
        match rl.check(&db, caller("c", "p", Mode::Live, p), t0 + 2) {
            Err(ApiError::RateLimited {
                scope, reset_unix, ..
            }) => {
                assert_eq!(scope, "plan hourly");
                assert_eq!(reset_unix, (t0 + HOUR_MS) / 1000);
            }
            other => panic!("expected 429, got {other:?}"),
        }
        assert!(rl
            .check(&db, caller("c", "p", Mode::Test, p), t0 + 2)
            .is_ok());
        assert!(rl
            .check(&db, caller("c", "p", Mode::Live, p), t0 + HOUR_MS)
            .is_ok());
    }

    #[test]
    fn a_refused_request_is_not_counted() {
        let db = Db::open_in_memory().unwrap();
        let rl = RateLimiter::new(1);
        let p = plan("garage").unwrap();
        let t0 = 5 * DAY_MS;
        assert!(rl.check(&db, caller("k", "p", Mode::Test, p), t0).is_ok());
        assert!(rl
            .check(&db, caller("k", "p", Mode::Test, p), t0 + 1)
            .is_err());
        // Had the refusal counted, the minute would still be full at t0 + 60 001.
        let b = rl
            .check(&db, caller("k", "p", Mode::Test, p), t0 + MINUTE_MS + 1)
            .unwrap();
        assert_eq!(b.remaining_hour, p.per_hour - 2);
    }

    /// Regression: the minute was a row per request, and every check summed
    /// the key's whole minute — at thousands of requests a minute the
    /// limiter cost more than the request (GET throughput fell twentyfold in
    /// the benchmark). A key now keeps a row per second at most.
    #[test]
    fn a_busy_key_keeps_at_most_a_row_per_second() {
        let db = Db::open_in_memory().unwrap();
        let rl = RateLimiter::new(1_000_000);
        let p = plan("internal").unwrap();
        let t0 = 7 * DAY_MS;
        for i in 0..2_000 {
            rl.check(&db, caller("k", "p", Mode::Test, p), t0 + i * 5)
                .unwrap();
        }
        let rows: i64 = db
            .run(|c| {
                c.row("SELECT COUNT(*) FROM rate_seconds WHERE key_id = 'k'", &[])?
                    .map_or(Ok(0), |r| r.get(0))
            })
            .unwrap();
        assert_eq!(rows, 10, "2,000 requests over 10 s");
        let b = rl
            .check(&db, caller("k", "p", Mode::Test, p), t0 + 10_000)
            .unwrap();
        assert_eq!(b.remaining_minute, 1_000_000 - 2_001);
    }
}
