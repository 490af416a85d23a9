//! Who the vehicle is: VIN and/or make, model, year and engine.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Vin;

/// The model years taken as years: older or newer numbers are not a car's
/// year (in vehicle text they are model names, on an estimate an error).
pub const MODEL_YEARS: std::ops::RangeInclusive<u16> = 1900..=2100;

/// The newest model year on sale in calendar year `this_year`: next year's
/// (a model year starts selling in the calendar year before it). A later
/// year is not a car yet — the VIN decoder prefers a year no later than
/// this when a VIN reads two ways, and the shop refuses a later one typed.
pub const fn newest_model_year(this_year: u16) -> u16 {
    this_year.saturating_add(1)
}

/// A vehicle's identity as the shop knows it: a VIN, make/model/year and
/// engine, or both. What a case, an estimate, a diagnosis and a report all
/// mean by "the vehicle"; decoded specifications (body class, plant, trim)
/// belong to the VIN decoder's own result, not here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct VehicleId {
    /// The VIN (a failing check digit is kept; see [`Vin::warnings`]); a
    /// blank one in JSON (`""`) reads as none, a malformed one is refused.
    #[serde(deserialize_with = "vin_or_blank")]
    pub vin: Option<Vin>,
    /// Make, e.g. `Toyota`, `Land Rover`.
    pub make: Option<String>,
    /// Model, e.g. `Camry`, `Discovery Sport`.
    pub model: Option<String>,
    /// Model year.
    pub year: Option<u16>,
    /// Engine, e.g. `2.5L`.
    pub engine: Option<String>,
}

/// `null`, `""` → `None`; anything else must be a VIN.
fn vin_or_blank<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vin>, D::Error> {
    match Option::<String>::deserialize(d)? {
        Some(s) if !s.trim().is_empty() => s.parse().map(Some).map_err(serde::de::Error::custom),
        _ => Ok(None),
    }
}

impl VehicleId {
    /// Whether nothing at all is known.
    pub fn is_empty(&self) -> bool {
        *self == VehicleId::default()
    }

    /// `2014 Toyota Camry 2.5L` without the VIN, or `None` when none of
    /// year, make, model and engine is known.
    pub fn description(&self) -> Option<String> {
        let year = self.year.map(|y| y.to_string());
        let parts: Vec<&str> = [
            year.as_deref(),
            self.make.as_deref(),
            self.model.as_deref(),
            self.engine.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

impl fmt::Display for VehicleId {
    /// `2014 Toyota Camry 2.5L (VIN 4T1BF1FK5EU123456)`, or the parts known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.vin, self.description()) {
            (None, None) => f.write_str("vehicle not given"),
            (None, Some(d)) => f.write_str(&d),
            (Some(v), None) => write!(f, "VIN {v}"),
            (Some(v), Some(d)) => write!(f, "{d} (VIN {v})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_years_models_are_the_newest() {
        assert_eq!(newest_model_year(2026), 2027);
        assert_eq!(newest_model_year(u16::MAX), u16::MAX);
    }

    #[test]
    fn shows_what_is_known() {
        let mut v = VehicleId {
            make: Some("Toyota".into()),
            model: Some("Camry".into()),
            year: Some(2014),
            ..VehicleId::default()
        };
        assert_eq!(v.to_string(), "2014 Toyota Camry");
        v.vin = Some("4T1BF1FK5EU123456".parse().unwrap());
        assert_eq!(v.to_string(), "2014 Toyota Camry (VIN 4T1BF1FK5EU123456)");
        assert_eq!(VehicleId::default().to_string(), "vehicle not given");
        assert!(VehicleId::default().is_empty());
        let v: VehicleId = serde_json::from_str(r#"{"vin": "", "make": "Honda"}"#).unwrap();
        assert_eq!((v.vin, v.make.as_deref()), (None, Some("Honda")));
        let e = serde_json::from_str::<VehicleId>(r#"{"vin": "ABC"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("'ABC' is not a VIN"), "{e}");
    }
}
