//! Random ids, keys and UTC timestamps (no clock crate needed).

use std::time::{SystemTime, UNIX_EPOCH};

use shopbench_core::calendar::{civil_from_days, days_from_civil};

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `n` characters drawn uniformly from `[0-9A-Za-z]` with the OS random source.
pub(crate) fn random_base62(n: usize) -> String {
    let mut out = String::with_capacity(n);
    let mut buf = [0u8; 64];
    while out.len() < n {
        getrandom::fill(&mut buf).expect("the OS random source is available");
        // 248 = 4 × 62: rejecting 248..=255 keeps every character equally likely.
        for &b in buf.iter().filter(|&&b| b < 248) {
            if out.len() == n {
                break;
            }
            out.push(BASE62[(b % 62) as usize] as char);
        }
    }
    out
}

/// A new object id such as `case_3kTq…` (24 random base62 characters, ~143 bits).
pub(crate) fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", random_base62(24))
}

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// RFC 3339 UTC timestamp (`2026-03-21T10:30:00Z`) for milliseconds since the epoch.
pub(crate) fn rfc3339(ms: i64) -> String {
    shopbench_core::calendar::rfc3339(ms.div_euclid(1000))
}

/// A list's `?limit=`: 1..100, 20 when not given.
pub(crate) fn page_limit(
    q: &std::collections::HashMap<String, String>,
) -> Result<usize, crate::problem::ApiError> {
    match q.get("limit") {
        None => Ok(20),
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| {
                crate::problem::ApiError::InvalidRequest(format!(
                    "limit must be 1..100 (got '{s}')"
                ))
            }),
    }
}

/// RFC 3339 UTC with milliseconds (`2026-12-06T06:50:01.123Z`): the
/// conversation list's cursor, exact to the stored millisecond.
pub(crate) fn rfc3339_ms(ms: i64) -> String {
    let s = rfc3339(ms);
    format!("{}.{:03}Z", &s[..s.len() - 1], ms.rem_euclid(1000))
}

/// Reads `YYYY-MM-DDTHH:MM:SS[.fff…]Z` (UTC, as [`rfc3339`] and
/// [`rfc3339_ms`] write it) into Unix milliseconds; `None` for anything else.
pub(crate) fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let fixed = |at: usize, sep: u8| b.get(at) == Some(&sep);
    if b.len() < 20
        || !(fixed(4, b'-') && fixed(7, b'-') && fixed(10, b'T'))
        || !(fixed(13, b':') && fixed(16, b':'))
        || b.last() != Some(&b'Z')
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let frac = &s[19..s.len() - 1];
    let ms = match frac.strip_prefix('.') {
        None if frac.is_empty() => 0,
        Some(f) if !f.is_empty() && f.bytes().all(|c| c.is_ascii_digit()) => {
            format!("{f:0<3}")[..3].parse().ok()?
        }
        _ => return None,
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let days = days_from_civil(y, mo as u32, d as u32);
    if civil_from_days(days) != (y, mo as u32, d as u32) {
        return None; // 31 April, 30 February
    }
    Some(((days * 86_400 + h * 3600 + mi * 60 + sec) * 1000) + ms)
}

/// The first millisecond of the UTC month containing `ms`.
pub(crate) fn month_start_ms(ms: i64) -> i64 {
    let days = ms.div_euclid(86_400_000);
    let (_, _, d) = civil_from_days(days);
    (days - (d as i64 - 1)) * 86_400_000
}

/// The header of a PDF the API renders for a partner: its name, issued now.
pub(crate) fn issuing_shop(partner: &str) -> shopbench_report::Shop {
    shopbench_report::Shop {
        issued_at: Some(now_ms().div_euclid(1000)),
        ..shopbench_report::Shop::new(partner, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_774_089_000_000), "2026-03-21T10:30:00Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(
            rfc3339(month_start_ms(1_774_089_000_000)),
            "2026-03-01T00:00:00Z"
        );
    }

    #[test]
    fn cursor_timestamps_read_back_to_the_millisecond() {
        for ms in [0, 1_774_089_000_123, 951_782_400_999, 1_796_000_000_001] {
            assert_eq!(parse_rfc3339(&rfc3339_ms(ms)), Some(ms));
            assert_eq!(parse_rfc3339(&rfc3339(ms)), Some(ms - ms % 1000));
        }
        assert_eq!(rfc3339_ms(1_774_089_000_005), "2026-03-21T10:30:00.005Z");
        assert_eq!(
            parse_rfc3339("2026-03-21T10:30:00.5Z"),
            Some(1_774_089_000_500)
        );
        for bad in [
            "",
            "yesterday",
            "2026-02-30T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-03-21T10:30:00",
            "2026-03-21T10:30:00.Z",
            "2026-03-21 10:30:00Z",
            "2026-03-21T10:30:00+01:00",
            "+026-03-21T10:30:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn ids_are_base62_and_distinct() {
        let a = new_id("case");
        let b = new_id("case");
        assert_ne!(a, b);
        assert_eq!(a.len(), 5 + 24);
        assert!(a[5..].bytes().all(|c| c.is_ascii_alphanumeric()));
    }
}
