//! Money in integer cents and tax rates in integer ten-thousandths of a percent.
//!
//! Every computation happens on integers; floating point only appears at the
//! edges (JSON numbers in the rule files, `--local-rate 2.25` on the command
//! line) and is rounded once, on the way in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::CostsError;

/// An amount of money in cents (USD or CAD; the currency is the context's).
///
/// Serializes as a JSON number of dollars: `181250` cents → `1812.5`,
/// `2500000` cents → `25000` (no trailing `.0`), as seed 002 shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cents(i64);

impl Cents {
    /// Zero.
    pub const ZERO: Cents = Cents(0);

    /// From a count of cents.
    pub const fn new(cents: i64) -> Self {
        Cents(cents)
    }

    /// From whole dollars.
    pub const fn from_dollars(dollars: i64) -> Self {
        Cents(dollars * 100)
    }

    /// From a dollar amount in floating point, rounded to the nearest cent.
    /// `None` for NaN, infinities and amounts beyond ±10¹⁵ dollars.
    pub fn from_dollars_f64(dollars: f64) -> Option<Self> {
        if !dollars.is_finite() || dollars.abs() > 1e15 {
            return None;
        }
        // Amounts up to 1e15 are within i64 range once multiplied by 100.
        Some(Cents((dollars * 100.0).round() as i64))
    }

    /// The count of cents.
    pub const fn get(self) -> i64 {
        self.0
    }

    /// The amount in dollars as a float (for display and JSON only).
    pub fn as_dollars_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// `self × rate`, rounded half away from zero to the cent.
    pub fn times(self, rate: Rate) -> Cents {
        let num = i128::from(self.0) * i128::from(rate.units());
        let den = i128::from(Rate::UNITS_PER_ONE);
        let q = num / den;
        let r = num % den;
        let q = if 2 * r.abs() >= den {
            q + num.signum()
        } else {
            q
        };
        Cents(q as i64)
    }
}

impl std::ops::Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Cents {
    type Output = Cents;
    fn sub(self, rhs: Cents) -> Cents {
        Cents(self.0 - rhs.0)
    }
}

impl std::ops::AddAssign for Cents {
    fn add_assign(&mut self, rhs: Cents) {
        self.0 += rhs.0;
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        iter.fold(Cents::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Cents {
    /// `1812.50`, `-3.05`, `25000.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl FromStr for Cents {
    type Err = CostsError;

    /// Parses `25000`, `25000.5`, `25,000.50`, `-3` (at most two decimals).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || CostsError::InvalidAmount(s.to_string());
        let t: String = s
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != '_')
            .collect();
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(&t)),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() && frac.is_empty()
            || frac.len() > 2
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
            || whole.len() > 15
        {
            return Err(bad());
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| bad())?
        };
        let frac: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| bad())? * 10,
            _ => frac.parse().map_err(|_| bad())?,
        };
        let cents = whole * 100 + frac;
        Ok(Cents(if neg { -cents } else { cents }))
    }
}

impl Serialize for Cents {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 {
            s.serialize_i64(self.0 / 100)
        } else {
            s.serialize_f64(self.as_dollars_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Cents {
    /// Rule files give dollars as JSON numbers (`28`, `1812.5`).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        Cents::from_dollars_f64(v).ok_or_else(|| serde::de::Error::custom("amount out of range"))
    }
}

/// A tax rate, stored as an integer count of 1/10 000 of a percent
/// (7.25 % → `72_500`, 9.975 % → `99_750`), so `price × rate` is exact
/// integer arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Rate(i64);

impl Rate {
    /// Units in 100 %.
    pub const UNITS_PER_ONE: i64 = 1_000_000;
    /// Units in one percentage point.
    pub const UNITS_PER_PCT: i64 = 10_000;
    /// 0 %.
    pub const ZERO: Rate = Rate(0);

    /// From a percentage (`7.25` for 7.25 %), rounded to 1/10 000 %.
    /// `None` for NaN, infinities and magnitudes above 1 000 %.
    pub fn from_pct(pct: f64) -> Option<Rate> {
        if !pct.is_finite() || pct.abs() > 1000.0 {
            return None;
        }
        Some(Rate((pct * Self::UNITS_PER_PCT as f64).round() as i64))
    }

    /// The raw count of 1/10 000 %.
    pub const fn units(self) -> i64 {
        self.0
    }

    /// The percentage as a float (for display and JSON only).
    pub fn as_pct_f64(self) -> f64 {
        self.0 as f64 / Self::UNITS_PER_PCT as f64
    }
}

impl std::ops::Add for Rate {
    type Output = Rate;
    fn add(self, rhs: Rate) -> Rate {
        Rate(self.0 + rhs.0)
    }
}

impl fmt::Display for Rate {
    /// `7.25%`, `9.975%`, `13%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / Self::UNITS_PER_PCT;
        let frac = (self.0 % Self::UNITS_PER_PCT).abs();
        if frac == 0 {
            return write!(f, "{whole}%");
        }
        let s = format!("{frac:04}");
        write!(f, "{whole}.{}%", s.trim_end_matches('0'))
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % Self::UNITS_PER_PCT == 0 {
            s.serialize_i64(self.0 / Self::UNITS_PER_PCT)
        } else {
            s.serialize_f64(self.as_pct_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Rate {
    /// Rule files give percentages as JSON numbers (`7.25`).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        Rate::from_pct(v).ok_or_else(|| serde::de::Error::custom("rate out of range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_rounds_half_up_to_the_cent() {
        let r = Rate::from_pct(7.25).unwrap();
        assert_eq!(Cents::from_dollars(25_000).times(r), Cents::new(181_250));
        // 0.01 × 50 % = 0.005 → 0.01
        assert_eq!(
            Cents::new(1).times(Rate::from_pct(50.0).unwrap()),
            Cents::new(1)
        );
        // 10 000 × 9.975 % = 997.50
        assert_eq!(
            Cents::from_dollars(10_000).times(Rate::from_pct(9.975).unwrap()),
            Cents::new(99_750)
        );
    }

    #[test]
    fn parses_and_prints_amounts() {
        assert_eq!(
            "25000".parse::<Cents>().unwrap(),
            Cents::from_dollars(25_000)
        );
        assert_eq!("25,000.5".parse::<Cents>().unwrap(), Cents::new(2_500_050));
        assert_eq!("-3".parse::<Cents>().unwrap(), Cents::from_dollars(-3));
        assert!("12.345".parse::<Cents>().is_err());
        assert!("abc".parse::<Cents>().is_err());
        assert!("".parse::<Cents>().is_err());
        assert_eq!(Cents::new(181_250).to_string(), "1812.50");
        assert_eq!(Cents::new(-305).to_string(), "-3.05");
    }

    #[test]
    fn serializes_like_the_seed() {
        assert_eq!(
            serde_json::to_string(&Cents::new(181_250)).unwrap(),
            "1812.5"
        );
        assert_eq!(
            serde_json::to_string(&Cents::from_dollars(25_000)).unwrap(),
            "25000"
        );
        assert_eq!(
            serde_json::to_string(&Rate::from_pct(9.975).unwrap()).unwrap(),
            "9.975"
        );
        assert_eq!(Rate::from_pct(9.975).unwrap().to_string(), "9.975%");
        assert_eq!(Rate::from_pct(13.0).unwrap().to_string(), "13%");
        assert_eq!(Rate::from_pct(7.25).unwrap().to_string(), "7.25%");
    }
}
