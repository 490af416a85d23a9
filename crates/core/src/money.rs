//! Money in integer cents and rates in integer ten-thousandths of a percent —
//! one type each for every engine (purchase costs, estimates, diagnosis cost
//! bands) and every front-end.
//!
//! Every computation happens on integers; floating point only appears at the
//! edges (JSON numbers in rule files, `--local-rate 2.25` on the command line)
//! and is rounded once, on the way in.
//!
//! **Signed** (`i64`): a trade-in credit, a discount and the difference
//! between two totals are negative amounts, and a signed type lets them be
//! computed without casts; whether an amount *may* be negative is a rule of
//! the field that holds it (a part price may not), checked where the value
//! enters. i64 cents hold ±92 quadrillion dollars.
//!
//! On the wire a [`Cents`] is an integer count of cents (`"total": 181250`);
//! APIs that speak dollars (seed 002's purchase costs) say so per field with
//! `#[serde(with = "shopbench_core::dollars")]`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::CoreError;

/// An amount of money in cents (USD or CAD; the currency is the context's).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
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

    /// `self × factor`, rounded to the nearest cent (a negative factor gives zero).
    pub fn scale(self, factor: f64) -> Cents {
        Cents((self.0 as f64 * factor.max(0.0)).round() as i64)
    }

    /// `self − other`, or zero when `other` is larger.
    pub fn saturating_sub(self, other: Cents) -> Cents {
        Cents((self.0 - other.0).max(0))
    }

    /// Whether the amount is below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// The amount as US dollars, its thousands not grouped: `$1812.50`,
    /// `-$3.05` (what people read takes [`Cents::usd_grouped`]).
    pub fn usd(self) -> Usd {
        Usd {
            cents: self,
            grouped: false,
        }
    }

    /// The amount as US dollars with its thousands grouped, `$12,345.67`,
    /// `-$3.05`: the CLI's text output, as its other tables write amounts,
    /// and the estimate engine's reasons (an ASCII minus: its English output
    /// may be read by scripts).
    pub fn usd_grouped(self) -> Usd {
        Usd {
            cents: self,
            grouped: true,
        }
    }
}

/// A [`Cents`] shown with a dollar sign (see [`Cents::usd`], [`Cents::usd_grouped`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usd {
    cents: Cents,
    grouped: bool,
}

impl fmt::Display for Usd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.cents.0;
        let sign = if c < 0 { "-" } else { "" };
        let abs = c.unsigned_abs();
        let whole = match self.grouped {
            true => shopbench_i18n::thousands(shopbench_i18n::Lang::En, abs / 100),
            false => (abs / 100).to_string(),
        };
        f.pad(&format!("{sign}${whole}.{:02}", abs % 100))
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
        f.pad(&format!("{sign}{}.{:02}", abs / 100, abs % 100))
    }
}

impl FromStr for Cents {
    type Err = CoreError;

    /// Parses `25000`, `25000.5`, `25,000.50`, `-3` (at most two decimals).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || CoreError::MalformedAmount(s.to_string());
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

/// Serde for amounts an API gives in dollars (seed 002's shapes): a JSON
/// number of dollars, `181250` cents ↔ `1812.5`, `2500000` ↔ `25000` (no `.0`).
/// Use with `#[serde(with = "shopbench_core::dollars")]`, or
/// `shopbench_core::dollars::option` on an `Option<Cents>`.
pub mod dollars {
    use super::Cents;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes dollars.
    pub fn serialize<S: Serializer>(c: &Cents, s: S) -> Result<S::Ok, S::Error> {
        if c.0 % 100 == 0 {
            s.serialize_i64(c.0 / 100)
        } else {
            s.serialize_f64(c.as_dollars_f64())
        }
    }

    /// Reads dollars (`28`, `1812.5`), rounded to the cent.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Cents, D::Error> {
        let v = f64::deserialize(d)?;
        Cents::from_dollars_f64(v).ok_or_else(|| serde::de::Error::custom("amount out of range"))
    }

    /// The same for an optional amount.
    pub mod option {
        use super::Cents;
        use serde::{Deserialize, Deserializer, Serializer};

        /// Writes dollars, or null.
        pub fn serialize<S: Serializer>(c: &Option<Cents>, s: S) -> Result<S::Ok, S::Error> {
            match c {
                Some(c) => super::serialize(c, s),
                None => s.serialize_none(),
            }
        }

        /// Reads dollars, or null.
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cents>, D::Error> {
            Option::<f64>::deserialize(d)?
                .map(|v| {
                    Cents::from_dollars_f64(v)
                        .ok_or_else(|| serde::de::Error::custom("amount out of range"))
                })
                .transpose()
        }
    }
}

/// A tax rate, stored as an integer count of 1/10 000 of a percent
/// (7.25 % → `72_500`, 9.975 % → `99_750`), so `price × rate` is exact
/// integer arithmetic.
///
/// On the wire it is the percentage as a number (`7.25`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = f64))]
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
    fn regression_estimate_totals_were_printed_without_thousands_separators() {
        assert_eq!(
            Cents::new(1_234_567).usd_grouped().to_string(),
            "$12,345.67"
        );
        assert_eq!(
            Cents::new(-123_456_789).usd_grouped().to_string(),
            "-$1,234,567.89"
        );
        assert_eq!(Cents::new(99_999).usd_grouped().to_string(), "$999.99");
        assert_eq!(
            format!("{:>12}|", Cents::new(331_591).usd_grouped()),
            "   $3,315.91|"
        );
    }

    #[derive(Serialize, Deserialize)]
    struct InDollars(#[serde(with = "dollars")] Cents);

    #[test]
    fn serializes_as_cents_or_in_dollars_like_the_seed() {
        assert_eq!(
            serde_json::to_string(&Cents::new(181_250)).unwrap(),
            "181250"
        );
        assert_eq!(
            serde_json::to_string(&InDollars(Cents::new(181_250))).unwrap(),
            "1812.5"
        );
        assert_eq!(
            serde_json::to_string(&InDollars(Cents::from_dollars(25_000))).unwrap(),
            "25000"
        );
        assert_eq!(
            serde_json::from_str::<InDollars>("28").unwrap().0,
            Cents::from_dollars(28)
        );
        assert_eq!(Cents::new(-305).usd().to_string(), "-$3.05");
        assert_eq!(Cents::new(12345).usd().to_string(), "$123.45");
        assert_eq!(format!("{:>9}|", Cents::new(12345).usd()), "  $123.45|");
        assert_eq!(Cents::new(1_234_567).usd().to_string(), "$12345.67");
        assert_eq!(Cents::from_dollars(75).scale(1.15), Cents::new(8625));
        assert_eq!(Cents::new(5).saturating_sub(Cents::new(9)), Cents::ZERO);
        assert_eq!(
            serde_json::to_string(&Rate::from_pct(9.975).unwrap()).unwrap(),
            "9.975"
        );
        assert_eq!(Rate::from_pct(9.975).unwrap().to_string(), "9.975%");
        assert_eq!(Rate::from_pct(13.0).unwrap().to_string(), "13%");
        assert_eq!(Rate::from_pct(7.25).unwrap().to_string(), "7.25%");
    }
}
