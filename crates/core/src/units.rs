//! Odometer readings in the unit the car shows.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

use crate::CoreError;

/// Miles or kilometres.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DistanceUnit {
    /// Miles.
    #[default]
    Mi,
    /// Kilometres.
    Km,
}

impl DistanceUnit {
    /// `mi` or `km`.
    pub fn as_str(self) -> &'static str {
        match self {
            DistanceUnit::Mi => "mi",
            DistanceUnit::Km => "km",
        }
    }
}

impl fmt::Display for DistanceUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DistanceUnit {
    type Err = CoreError;

    /// `mi`, `mile(s)`, `km`, `kilometre(s)`, `kilometer(s)`, in any case.
    fn from_str(s: &str) -> Result<DistanceUnit, CoreError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mi" | "mile" | "miles" => Ok(DistanceUnit::Mi),
            "km" | "kms" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => {
                Ok(DistanceUnit::Km)
            }
            _ => Err(CoreError::UnknownUnit(s.trim().to_string())),
        }
    }
}

/// An odometer reading.
///
/// Read from JSON as `{"value": 120000, "unit": "km"}` or as a plain number
/// of miles (`120000`), the way most case files and partners write it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Mileage {
    /// The number on the odometer.
    pub value: f64,
    /// Its unit.
    pub unit: DistanceUnit,
}

impl Mileage {
    /// The reading in miles (the unit the knowledge's mileage bands use).
    pub fn miles(&self) -> f64 {
        match self.unit {
            DistanceUnit::Mi => self.value,
            DistanceUnit::Km => self.value / 1.609_344,
        }
    }

    /// The reading in kilometres.
    pub fn km(&self) -> f64 {
        match self.unit {
            DistanceUnit::Mi => self.value * 1.609_344,
            DistanceUnit::Km => self.value,
        }
    }

    /// Parses `120000`, `120,000 mi`, `193000km`, and the shop's `120k`,
    /// `120k mi`, `193k km` (thousands); a bare number takes `default_unit`.
    pub fn parse(s: &str, default_unit: DistanceUnit) -> Result<Mileage, CoreError> {
        let bad = || CoreError::MalformedMileage(s.trim().to_string());
        let t = s.trim().to_ascii_lowercase().replace([',', '_', ' '], "");
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(t.len());
        let (num, suffix) = t.split_at(split);
        // `12O000` (a letter O), `1e9`: a mistyped number, not a unit.
        if suffix.contains(|c: char| c.is_ascii_digit()) {
            return Err(bad());
        }
        let (thousands, unit) = thousands(suffix);
        let value = num.parse::<f64>().map_err(|_| bad())? * if thousands { 1000.0 } else { 1.0 };
        if !value.is_finite() || !(0.0..=10_000_000.0).contains(&value) {
            return Err(bad());
        }
        let unit = if unit.is_empty() {
            default_unit
        } else {
            unit.parse()?
        };
        Ok(Mileage { value, unit })
    }
}

/// Splits a thousands `k` off a reading's suffix: `k` → (true, ``),
/// `kmi` → (true, `mi`), `kkm` → (true, `km`); `km`, `kms` and
/// `kilometres` are units, not thousands.
fn thousands(suffix: &str) -> (bool, &str) {
    match suffix.strip_prefix('k') {
        Some("") => (true, ""),
        Some(rest) if rest.parse::<DistanceUnit>().is_ok() => (true, rest),
        _ => (false, suffix),
    }
}

impl fmt::Display for Mileage {
    /// `120000 mi`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.value, self.unit)
    }
}

impl<'de> Deserialize<'de> for Mileage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Mileage, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Miles(f64),
            Full {
                value: f64,
                #[serde(default)]
                unit: DistanceUnit,
            },
        }
        let (value, unit) = match Wire::deserialize(d)? {
            Wire::Miles(v) => (v, DistanceUnit::Mi),
            Wire::Full { value, unit } => (value, unit),
        };
        if !value.is_finite() || value < 0.0 {
            return Err(serde::de::Error::custom(
                "mileage must be a number of miles (e.g. 120000) or {\"value\": 193000, \"unit\": \"km\"}",
            ));
        }
        Ok(Mileage { value, unit })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--mileage 120k`, how a shop writes 120,000 miles (and how the
    /// README's own `ask` example writes it), was refused as "'k' is not a
    /// distance unit"; `12O000` (a letter O) was called a bad unit `o000`.
    #[test]
    fn regression_a_mileage_of_120k_was_refused() {
        let mi = DistanceUnit::Mi;
        let read = |s| Mileage::parse(s, mi).map(|m| (m.value, m.unit));
        assert_eq!(read("120k").unwrap(), (120_000.0, mi));
        assert_eq!(read("120K miles").unwrap(), (120_000.0, mi));
        assert_eq!(read("120.5k mi").unwrap(), (120_500.0, mi));
        assert_eq!(read("193k km").unwrap(), (193_000.0, DistanceUnit::Km));
        assert_eq!(read("193000km").unwrap(), (193_000.0, DistanceUnit::Km));
        assert_eq!(read("193000 kms").unwrap(), (193_000.0, DistanceUnit::Km));
        assert_eq!(read("5 kilometres").unwrap(), (5.0, DistanceUnit::Km));
        for typo in ["12O000", "1e9"] {
            let e = read(typo).unwrap_err().to_string();
            assert!(e.contains(&format!("'{typo}'")), "{typo}: {e}");
        }
        assert!(read("20000k").is_err(), "20 million miles");
    }

    #[test]
    fn mileage_reads_a_plain_number_as_miles_or_value_and_unit() {
        let m: Mileage = serde_json::from_str("120000").unwrap();
        assert_eq!((m.value, m.unit), (120_000.0, DistanceUnit::Mi));
        let m: Mileage = serde_json::from_str(r#"{"value": 193000, "unit": "km"}"#).unwrap();
        assert_eq!((m.value, m.unit), (193_000.0, DistanceUnit::Km));
        let m: Mileage = serde_json::from_str(r#"{"value": 5}"#).unwrap();
        assert_eq!(m.unit, DistanceUnit::Mi);
        assert!(serde_json::from_str::<Mileage>("-3").is_err());
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            r#"{"value":5.0,"unit":"mi"}"#
        );
    }

    #[test]
    fn mileage_text_takes_a_unit_suffix() {
        let m = Mileage::parse("120,000", DistanceUnit::Mi).unwrap();
        assert_eq!((m.value, m.unit), (120_000.0, DistanceUnit::Mi));
        let m = Mileage::parse("193000 km", DistanceUnit::Mi).unwrap();
        assert_eq!((m.value, m.unit), (193_000.0, DistanceUnit::Km));
        assert_eq!(
            Mileage::parse("5", DistanceUnit::Km).unwrap().unit,
            DistanceUnit::Km
        );
        assert!(Mileage::parse("lots", DistanceUnit::Mi).is_err());
        assert!(Mileage::parse("12 parsecs", DistanceUnit::Mi).is_err());
        assert!(
            (Mileage::parse("100 km", DistanceUnit::Mi).unwrap().miles() - 62.137).abs() < 0.001
        );
    }
}
