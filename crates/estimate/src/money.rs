//! Labor time in tenths of an hour; money is the shared vocabulary's
//! [`Cents`] (`shopbench_core`), an integer count of cents on the wire. The
//! amounts an estimate takes in (part prices, rates) must not be negative:
//! that is checked where they enter (the data and the line edits).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::EstimateError;

pub use shopbench_core::Cents;

/// Cents from a data table's count (the tables hold non-negative whole cents).
pub(crate) fn cents(c: u64) -> Cents {
    Cents::new(i64::try_from(c).unwrap_or(i64::MAX))
}

/// Labor time in tenths of an hour, the unit of flat-rate labor guides.
///
/// Serialised as a decimal number of hours (`3.5`); built from `f64` through
/// [`Hours::try_from_hours`], which rounds to the nearest tenth and rejects
/// negative, non-finite and absurd (≥ 1000 h) values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hours(u32);

impl Hours {
    /// No time.
    pub const ZERO: Hours = Hours(0);

    /// `tenths` tenths of an hour.
    pub const fn from_tenths(tenths: u32) -> Self {
        Hours(tenths)
    }

    /// Decimal hours, rounded to the nearest tenth.
    pub fn try_from_hours(hours: f64) -> Result<Self, EstimateError> {
        if !hours.is_finite() || !(0.0..1000.0).contains(&hours) {
            return Err(EstimateError::InvalidHours { given: hours });
        }
        Ok(Hours((hours * 10.0).round() as u32))
    }

    /// The time in tenths.
    pub const fn tenths(self) -> u32 {
        self.0
    }

    /// The time in decimal hours.
    pub fn as_hours(self) -> f64 {
        f64::from(self.0) / 10.0
    }

    /// The time times `factor`, rounded to the nearest tenth.
    pub fn scale(self, factor: f64) -> Self {
        Hours((f64::from(self.0) * factor.max(0.0)).round() as u32)
    }

    /// The cost of this time at `rate` per hour, rounded half up to the cent.
    pub fn cost(self, rate: Cents) -> Cents {
        Cents::new((i64::from(self.0) * rate.get() + 5) / 10)
    }

    /// Whether no time is booked.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }
}

impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{} h", self.0 / 10, self.0 % 10)
    }
}

impl Serialize for Hours {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_hours())
    }
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let h = f64::deserialize(d)?;
        Hours::try_from_hours(h).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_round_to_tenths_and_cost_rounds_half_up() {
        let h = Hours::try_from_hours(3.5).unwrap();
        assert_eq!(h.tenths(), 35);
        assert_eq!(h.cost(Cents::new(8000)), Cents::new(28000));
        assert_eq!(
            Hours::from_tenths(1).cost(Cents::new(8625)),
            Cents::new(863)
        );
        assert!(Hours::try_from_hours(-0.1).is_err());
        assert!(Hours::try_from_hours(f64::NAN).is_err());
        assert_eq!(serde_json::to_string(&h).unwrap(), "3.5");
    }

    #[test]
    fn cents_show_as_dollars_and_scale() {
        assert_eq!(Cents::new(12345).usd().to_string(), "$123.45");
        assert_eq!(Cents::from_dollars(75).scale(1.15), Cents::new(8625));
    }
}
