//! The proleptic Gregorian calendar in UTC, without a date crate: Howard
//! Hinnant's day-count conversions (pure, any day count), and the one place
//! the system clock is read as a date ([`today_utc`]) — engines take a date
//! or a year as a value; callers read the clock at their edge.
//!
//! ```
//! use shopbench_core::calendar::{civil_from_days, days_from_civil};
//! assert_eq!(civil_from_days(0), (1970, 1, 1));
//! assert_eq!(days_from_civil(2000, 2, 29), 11_016);
//! ```

/// Days since 1970-01-01 → (year, month 1–12, day 1–31)
/// (Howard Hinnant's `civil_from_days`; negative days are before 1970).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// (year, month 1–12, day 1–31) → days since 1970-01-01 (Howard Hinnant's
/// `days_from_civil`). A day past the month's end (30 February) runs into
/// the next month; [`civil_from_days`] of the result tells whether it did.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The UTC calendar year of a Unix time in seconds.
pub fn year_of_unix_seconds(secs: i64) -> i64 {
    civil_from_days(secs.div_euclid(86_400)).0
}

/// Unix seconds → RFC 3339 UTC, `2026-07-04T12:00:00Z` (whole seconds).
pub fn rfc3339(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Today's UTC date (year, month, day) from the system clock — the clock
/// read; everything else here is pure. A clock before 1970 reads as 1970-01-01.
pub fn today_utc() -> (i64, u32, u32) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    civil_from_days(secs.div_euclid(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
        assert_eq!(rfc3339(1_783_166_400), "2026-07-04T12:00:00Z");
    }

    #[test]
    fn known_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_416), (2025, 11, 24));
        assert_eq!(days_from_civil(2026, 3, 21), 20_533);
        assert_eq!(civil_from_days(days_from_civil(2100, 3, 1)), (2100, 3, 1));
        // 2100 is not a leap year: 29 February runs into March.
        assert_eq!(civil_from_days(days_from_civil(2100, 2, 29)), (2100, 3, 1));
    }

    #[test]
    fn years_of_unix_seconds() {
        // 2027-01-01T00:00:00Z and one second before
        assert_eq!(year_of_unix_seconds(1_798_761_600), 2027);
        assert_eq!(year_of_unix_seconds(1_798_761_599), 2026);
        assert_eq!(year_of_unix_seconds(-1), 1969);
    }

    #[test]
    fn the_clock_reads_a_real_date() {
        let (y, m, d) = today_utc();
        assert!(y >= 2025, "{y}");
        assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
    }

    proptest! {
        #[test]
        fn days_round_trip(days in -1_000_000i64..1_000_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert!((1..=12).contains(&m) && (1..=31).contains(&d));
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
