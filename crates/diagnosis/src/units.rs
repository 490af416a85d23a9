//! The unit a reading is written in, and the unit the rules read it in.
//!
//! The rules read each reading in one unit, named by the reading (`_kpa`,
//! `_psi`, `_v`, `_pct`, `_kmh`) or the trade's default (temperatures in °C,
//! trims in %). A measurement typed with its own unit (`coolant_temp=198F`,
//! `fuel_pressure_kpa=40psi`) is converted here; one whose unit cannot be
//! that kind of quantity (`coolant_temp=12V`) is refused, never scored as if
//! it were in the rules' unit.

use crate::DiagnosisError;

/// What a reading measures: the units it may be written in, each with its
/// factor to the quantity's base unit (°C, kPa, V, %, km/h, mA, rpm, g/s,
/// degrees, s). Temperatures are the one quantity with an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quantity {
    Temperature,
    Pressure,
    Voltage,
    Percent,
    Speed,
    Current,
    Rpm,
    AirFlow,
    Angle,
    Time,
}

/// Units as written (lower case, `°` dropped) → quantity and factor to its base unit.
const UNITS: &[(&str, Quantity, f64)] = &[
    ("c", Quantity::Temperature, 1.0),
    ("f", Quantity::Temperature, 1.0), // converted by `celsius`, not by factor
    ("kpa", Quantity::Pressure, 1.0),
    ("psi", Quantity::Pressure, 6.894_757),
    ("bar", Quantity::Pressure, 100.0),
    ("inhg", Quantity::Pressure, 3.386_389),
    ("v", Quantity::Voltage, 1.0),
    ("mv", Quantity::Voltage, 0.001),
    ("%", Quantity::Percent, 1.0),
    ("km/h", Quantity::Speed, 1.0),
    ("kmh", Quantity::Speed, 1.0),
    ("kph", Quantity::Speed, 1.0),
    ("mph", Quantity::Speed, 1.609_344),
    ("ma", Quantity::Current, 1.0),
    ("a", Quantity::Current, 1000.0),
    ("rpm", Quantity::Rpm, 1.0),
    ("g/s", Quantity::AirFlow, 1.0),
    ("deg", Quantity::Angle, 1.0),
    ("s", Quantity::Time, 1.0),
    ("min", Quantity::Time, 60.0),
];

/// The quantity a reading the rules use measures, and the unit they read it
/// in (as a unit of [`UNITS`]); `None` for a name no rule uses.
fn rule_unit(name: &str) -> Option<(Quantity, &'static str)> {
    const TEMPERATURES: &[&str] = &[
        "coolant_temp",
        "coolant_temp_max",
        "iat",
        "ect_cold_soak",
        "iat_cold_soak",
        "catalyst_temp",
    ];
    let unit = match name {
        n if TEMPERATURES.contains(&n) => (Quantity::Temperature, "c"),
        n if n.starts_with("compression_cyl_") || n.ends_with("_psi") => {
            (Quantity::Pressure, "psi")
        }
        n if n.ends_with("_kpa") => (Quantity::Pressure, "kpa"),
        "vacuum_inhg" => (Quantity::Pressure, "inhg"),
        n if n.ends_with("_v") => (Quantity::Voltage, "v"),
        n if n.starts_with("ltft") || n.starts_with("stft") || n.ends_with("_pct") => {
            (Quantity::Percent, "%")
        }
        "speed_kmh" => (Quantity::Speed, "kmh"),
        "speed_mph" => (Quantity::Speed, "mph"),
        "parasitic_draw_ma" => (Quantity::Current, "ma"),
        "rpm" | "idle_rpm" => (Quantity::Rpm, "rpm"),
        "maf" => (Quantity::AirFlow, "g/s"),
        "timing_advance" | "cam_crank_offset_deg" => (Quantity::Angle, "deg"),
        "engine_runtime_s" => (Quantity::Time, "s"),
        _ => return None,
    };
    Some(unit)
}

/// `value` written in `unit`, in the unit the rules read `name` in. No unit
/// means the rules' unit; a name no rule uses is passed as written.
pub fn in_rule_unit(name: &str, value: f64, unit: &str) -> Result<f64, DiagnosisError> {
    let written = unit.trim().trim_start_matches('°').to_ascii_lowercase();
    let Some((quantity, wanted)) = rule_unit(name) else {
        return Ok(value);
    };
    if written.is_empty() || written == wanted {
        return Ok(value);
    }
    let refused = || DiagnosisError::ReadingUnit {
        name: name.to_string(),
        unit: unit.trim().to_string(),
        accepted: accepted(quantity),
    };
    let factor = |u: &str| {
        UNITS
            .iter()
            .find(|(w, q, _)| *w == u && *q == quantity)
            .map(|(_, _, f)| *f)
    };
    let from = factor(&written).ok_or_else(refused)?;
    if quantity == Quantity::Temperature {
        return Ok(celsius(value, &written));
    }
    let to = factor(wanted).ok_or_else(refused)?;
    Ok(value * from / to)
}

/// A temperature in °C from °C or °F.
fn celsius(value: f64, unit: &str) -> f64 {
    if unit == "f" {
        (value - 32.0) * 5.0 / 9.0
    } else {
        value
    }
}

/// The units a quantity may be written in, for the error (`C, F`).
fn accepted(quantity: Quantity) -> String {
    let units: Vec<String> = UNITS
        .iter()
        .filter(|(_, q, _)| *q == quantity)
        .map(|(u, ..)| match *u {
            "c" | "f" | "v" | "a" | "s" => u.to_ascii_uppercase(),
            "kpa" => "kPa".into(),
            "inhg" => "inHg".into(),
            "mv" => "mV".into(),
            "ma" => "mA".into(),
            other => other.to_string(),
        })
        .collect();
    units.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-4
    }

    #[test]
    fn readings_in_another_unit_are_converted_to_the_rules_unit() {
        let cases = [
            ("coolant_temp", 140.0, "F", 60.0),
            ("coolant_temp", 212.0, "°F", 100.0),
            ("coolant_temp", 92.0, "°C", 92.0),
            ("fuel_pressure_kpa", 40.0, "psi", 275.790_28),
            ("fuel_pressure_psi", 300.0, "kPa", 43.511_32),
            ("map_kpa", 1.0, "bar", 100.0),
            ("o2_b1s1_v", 450.0, "mV", 0.45),
            ("speed_kmh", 50.0, "mph", 80.4672),
            ("parasitic_draw_ma", 0.05, "A", 50.0),
            ("compression_cyl_3", 1000.0, "kPa", 145.037_74),
        ];
        for (name, value, unit, want) in cases {
            let got = in_rule_unit(name, value, unit).unwrap();
            assert!(close(got, want), "{name}={value}{unit}: {got}, not {want}");
        }
    }

    #[test]
    fn no_unit_or_the_rules_unit_is_taken_as_written() {
        assert_eq!(in_rule_unit("coolant_temp", 92.0, "").unwrap(), 92.0);
        assert_eq!(in_rule_unit("ltft_b1", 18.0, "%").unwrap(), 18.0);
        assert_eq!(in_rule_unit("battery_v", 12.4, "V").unwrap(), 12.4);
        assert_eq!(in_rule_unit("rpm", 750.0, "rpm").unwrap(), 750.0);
        // A name no rule reads keeps whatever unit it was written in.
        assert_eq!(in_rule_unit("oil_pressure", 40.0, "psi").unwrap(), 40.0);
    }

    #[test]
    fn a_unit_the_reading_cannot_be_in_is_refused_naming_the_ones_it_can() {
        let e = in_rule_unit("coolant_temp", 12.0, "V")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "coolant_temp cannot be in V: write it in C, F, or give the number alone"
        );
        let e = in_rule_unit("fuel_pressure_kpa", 40.0, "%")
            .unwrap_err()
            .to_string();
        assert!(e.contains("kPa, psi, bar, inHg"), "{e}");
        assert!(in_rule_unit("ltft_b1", 18.0, "psi").is_err());
    }
}
