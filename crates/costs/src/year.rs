//! The calendar year of a sale, for rules that change by year (Michigan's
//! trade-in cap). The engine never reads the clock: callers pass a year, or
//! a clock reading through [`SaleYear::from_unix_seconds`] at their edge.

use std::fmt;
use std::str::FromStr;

use crate::{CostsError, Refusal};

/// A calendar year of delivery, [`SaleYear::FIRST`]–[`SaleYear::LAST`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SaleYear(u16);

impl SaleYear {
    /// The earliest accepted year.
    pub const FIRST: u16 = 1990;
    /// The latest accepted year.
    pub const LAST: u16 = 2100;

    /// The year as a number.
    pub const fn get(self) -> u16 {
        self.0
    }

    /// The UTC calendar year of a Unix time in seconds (the caller reads the clock).
    pub fn from_unix_seconds(secs: i64) -> Result<SaleYear, CostsError> {
        SaleYear::try_from(shopbench_core::calendar::year_of_unix_seconds(secs))
    }
}

impl TryFrom<i64> for SaleYear {
    type Error = CostsError;
    fn try_from(y: i64) -> Result<Self, Self::Error> {
        if (i64::from(Self::FIRST)..=i64::from(Self::LAST)).contains(&y) {
            Ok(SaleYear(y as u16))
        } else {
            Err(Refusal::YearOutOfRange(y.to_string()).into())
        }
    }
}

impl FromStr for SaleYear {
    type Err = CostsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        t.parse::<i64>()
            .map_err(|_| Refusal::YearOutOfRange(t.to_string()).into())
            .and_then(SaleYear::try_from)
    }
}

impl fmt::Display for SaleYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_from_the_clock() {
        // 1970 is before the supported span.
        assert!(SaleYear::from_unix_seconds(0).is_err());
        // 2026-12-05T23:21:45Z
        assert_eq!(
            SaleYear::from_unix_seconds(1_796_512_905).unwrap().get(),
            2026
        );
        // 2027-01-01T00:00:00Z and one second before
        assert_eq!(
            SaleYear::from_unix_seconds(1_798_761_600).unwrap().get(),
            2027
        );
        assert_eq!(
            SaleYear::from_unix_seconds(1_798_761_599).unwrap().get(),
            2026
        );
        // 2024-02-29 (leap day)
        assert_eq!(
            SaleYear::from_unix_seconds(1_709_164_800).unwrap().get(),
            2024
        );
    }

    #[test]
    fn years_are_checked() {
        assert_eq!("2026".parse::<SaleYear>().unwrap().get(), 2026);
        assert!("1989".parse::<SaleYear>().is_err());
        assert!("2101".parse::<SaleYear>().is_err());
        assert_eq!(
            "next".parse::<SaleYear>().unwrap_err().to_string(),
            "year: must be a calendar year from 1990 to 2100 (got next); give the year the vehicle is delivered"
        );
    }
}
