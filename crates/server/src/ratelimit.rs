//! Two limiters stack on every authenticated request (seed 003): a sliding
//! one-minute window per key, and fixed UTC hour and day windows per partner
//! and mode from the plan table. State is in memory: a restart forgives.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use serde::Serialize;

use crate::problem::ApiError;
use crate::tables::{Mode, Plan};

const MINUTE_MS: i64 = 60_000;
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

#[derive(Default)]
struct Windows {
    hour_start: i64,
    hour_count: u32,
    day_start: i64,
    day_count: u32,
}

/// The limiter.
pub(crate) struct RateLimiter {
    per_minute: u32,
    keys: Mutex<HashMap<String, VecDeque<i64>>>,
    plans: Mutex<HashMap<(String, Mode), Windows>>,
}

fn ceil_secs(ms: i64) -> i64 {
    (ms.max(0) + 999) / 1000
}

impl RateLimiter {
    pub(crate) fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute,
            keys: Mutex::default(),
            plans: Mutex::default(),
        }
    }

    /// Counts one request, or refuses it (a refused request is not counted).
    pub(crate) fn check(
        &self,
        key_id: &str,
        partner_id: &str,
        mode: Mode,
        plan: Plan,
        now: i64,
    ) -> Result<Budget, ApiError> {
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        let log = keys.entry(key_id.to_string()).or_default();
        while log.front().is_some_and(|&t| t <= now - MINUTE_MS) {
            log.pop_front();
        }
        let w = plans.entry((partner_id.to_string(), mode)).or_default();
        let hour_start = now - now.rem_euclid(HOUR_MS);
        let day_start = now - now.rem_euclid(DAY_MS);
        if w.hour_start != hour_start {
            w.hour_start = hour_start;
            w.hour_count = 0;
        }
        if w.day_start != day_start {
            w.day_start = day_start;
            w.day_count = 0;
        }
        let minute_reset = log.front().map_or(now + MINUTE_MS, |&t| t + MINUTE_MS);
        let refuse = |scope, limit, reset_ms: i64| ApiError::RateLimited {
            scope,
            limit,
            retry_after: ceil_secs(reset_ms - now).max(1) as u64,
            reset_unix: ceil_secs(reset_ms),
        };
        if log.len() as u32 >= self.per_minute {
            return Err(refuse("per-key minute", self.per_minute, minute_reset));
        }
        if w.day_count >= plan.per_day {
            return Err(refuse("plan daily", plan.per_day, day_start + DAY_MS));
        }
        if w.hour_count >= plan.per_hour {
            return Err(refuse("plan hourly", plan.per_hour, hour_start + HOUR_MS));
        }
        log.push_back(now);
        w.hour_count += 1;
        w.day_count += 1;
        let b = Budget {
            per_minute: self.per_minute,
            per_hour: plan.per_hour,
            per_day: plan.per_day,
            remaining_minute: self.per_minute - log.len() as u32,
            remaining_hour: plan.per_hour - w.hour_count,
            remaining_day: plan.per_day - w.day_count,
            reset: 0,
        };
        let minute_reset = log.front().map_or(now + MINUTE_MS, |&t| t + MINUTE_MS);
        let reset_ms = if b.remaining() == b.remaining_minute {
            minute_reset
        } else if b.remaining() == b.remaining_hour {
            hour_start + HOUR_MS
        } else {
            day_start + DAY_MS
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
    use crate::tables::plan;

    #[test]
    fn sliding_minute_refuses_then_recovers() {
        let rl = RateLimiter::new(3);
        let p = plan("garage").unwrap();
        let t0 = 1_000_000_000_000;
        for i in 0..3 {
            let b = rl.check("k", "p", Mode::Test, p, t0 + i * 1000).unwrap();
            assert_eq!(b.remaining_minute, 2 - i as u32);
        }
        match rl.check("k", "p", Mode::Test, p, t0 + 10_000) {
            Err(ApiError::RateLimited { retry_after, .. }) => assert_eq!(retry_after, 50),
            other => panic!("expected 429, got {other:?}"),
        }
        // Another key of the same partner has its own minute.
        assert!(rl.check("k2", "p", Mode::Test, p, t0 + 10_000).is_ok());
        // The first request leaves the window after 60 s.
        assert!(rl.check("k", "p", Mode::Test, p, t0 + 60_001).is_ok());
    }

    #[test]
    fn plan_hour_is_per_partner_and_mode() {
        let rl = RateLimiter::new(1_000);
        let p = Plan {
            id: "t",
            name: "T",
            per_hour: 2,
            per_day: 10,
        };
        let t0 = 10 * HOUR_MS;
        assert!(rl.check("a", "p", Mode::Live, p, t0).is_ok());
        assert!(rl.check("b", "p", Mode::Live, p, t0 + 1).is_ok());
        match rl.check("c", "p", Mode::Live, p, t0 + 2) {
            Err(ApiError::RateLimited {
                scope, reset_unix, ..
            }) => {
                assert_eq!(scope, "plan hourly");
                assert_eq!(reset_unix, (t0 + HOUR_MS) / 1000);
            }
            other => panic!("expected 429, got {other:?}"),
        }
        assert!(rl.check("c", "p", Mode::Test, p, t0 + 2).is_ok());
        assert!(rl.check("c", "p", Mode::Live, p, t0 + HOUR_MS).is_ok());
    }
}
