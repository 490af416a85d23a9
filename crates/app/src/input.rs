//! What the technician types about a case, read once for the CLI's flags
//! and the desktop's form: trouble codes with their status and ECU,
//! measurements, odometer readings, test outcomes.

use std::path::Path;

use shopbench_core::{DistanceUnit, Dtc, DtcStatus, Mileage};
use shopbench_diagnosis::{CaseInput, TestOutcome};
use shopbench_store::{CaseDtc, Reading};

use crate::AppError;

/// `P0171`, `P0174 pending`, `P0300 stored 7E8`, or the same with colons
/// (`P0300:stored:7E8`): a code, then optionally its status and the ECU that
/// reported it, in either order after the code.
pub fn parse_code(text: &str) -> Result<CaseDtc, AppError> {
    let mut words = text
        .split(|c: char| c == ':' || c.is_whitespace())
        .filter(|w| !w.is_empty());
    let code: Dtc = words
        .next()
        .ok_or_else(|| AppError::invalid("code", "empty — write a code such as P0171"))?
        .parse()?;
    let mut dtc = CaseDtc {
        code,
        status: DtcStatus::Stored,
        ecu: None,
    };
    for w in words {
        match w.parse::<DtcStatus>() {
            Ok(s) => dtc.status = s,
            Err(_) if dtc.ecu.is_none() && looks_like_ecu(w) => dtc.ecu = Some(w.to_string()),
            Err(e) => {
                return Err(AppError::invalid(
                    format!("code {}", text.trim()),
                    format!(
                        "{e} (an ECU is written as its address, e.g. 7E8, or its name, e.g. ECM)"
                    ),
                ))
            }
        }
    }
    Ok(dtc)
}

/// Module names a technician writes for the ECU that reported a code.
const MODULE_NAMES: &[&str] = &[
    "ECM", "PCM", "TCM", "ECU", "BCM", "ABS", "EBCM", "SRS", "ACM", "RCM", "IPC", "HVAC", "EPS",
    "PSCM", "TCU", "FCM", "GEM", "IPDM", "OCS", "PAM", "HCM", "BECM",
];

/// An ECU as a scan names it: a CAN/K-line address with a digit in it (`7E8`,
/// `18DAF110`, `10`) or a module name (`ECM`); a misspelt status (`pendng`) is neither.
fn looks_like_ecu(w: &str) -> bool {
    let address = (2..=8).contains(&w.len())
        && w.chars().all(|c| c.is_ascii_hexdigit())
        && w.chars().any(|c| c.is_ascii_digit());
    address || MODULE_NAMES.iter().any(|m| m.eq_ignore_ascii_case(w))
}

/// Every code in `text`, one per line (blank lines skipped); an error names the line.
pub fn parse_code_lines(text: &str) -> Result<Vec<CaseDtc>, AppError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            parse_code(l).map_err(|e| {
                AppError::invalid(
                    "Codes",
                    format!(
                        "line {}: {e} — write e.g. P0301 or P0301 pending, one per line",
                        n + 1
                    ),
                )
            })
        })
        .collect()
}

/// `NAME=VALUE[UNIT]`, e.g. `fuel_pressure_psi=38` or `ltft_b1=18%`.
pub fn parse_reading(text: &str) -> Result<Reading, AppError> {
    let field = "--reading";
    let (name, value) = text.split_once('=').ok_or_else(|| {
        AppError::invalid(
            field,
            format!("'{text}' is not NAME=VALUE, e.g. fuel_pressure_psi=38"),
        )
    })?;
    let (name, value) = (name.trim(), value.trim());
    if name.is_empty() {
        return Err(AppError::invalid(field, format!("'{text}' has no name")));
    }
    let split = value
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+')))
        .unwrap_or(value.len());
    let (num, unit) = value.split_at(split);
    let v: f64 = num
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| AppError::invalid(field, format!("'{text}': '{value}' is not a number")))?;
    // Kept as typed; the diagnosis reads it in its rules' unit (engine_input).
    shopbench_diagnosis::in_rule_unit(name, v, unit)
        .map_err(|e| AppError::invalid(field, format!("'{text}': {e}")))?;
    Ok(Reading::number(name, v, unit.trim()))
}

/// Reads the case file at `path` ([`parse_case_file`]).
pub fn read_case_file(path: &Path) -> Result<CaseInput, AppError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| AppError::io("reading the case file", path, e))?;
    parse_case_file(path, &text)
}

/// A case file (`diagnose --input`, `case new --from`): one JSON object with
/// the fields [`CaseInput`] has, each optional. A field it does not have (a
/// typo such as `codes` for `dtcs`) is refused, naming the ones it has,
/// rather than dropped — a dropped field diagnoses a different car.
pub fn parse_case_file(path: &Path, text: &str) -> Result<CaseInput, AppError> {
    let bad = |reason: String| AppError::invalid(path.display().to_string(), reason);
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| bad(format!("not JSON: {e}")))?;
    let serde_json::Value::Object(fields) = &value else {
        return Err(bad("not a case: a case file is one JSON object".into()));
    };
    let known = case_fields();
    if let Some(unknown) = fields.keys().find(|k| !known.contains(k)) {
        return Err(bad(format!(
            "'{unknown}' is not a field of a case file; it has {}",
            known.join(", ")
        )));
    }
    serde_json::from_value(value).map_err(|e| bad(format!("not a case: {e}")))
}

/// The fields of a case file, as its JSON names them.
fn case_fields() -> Vec<String> {
    match serde_json::to_value(CaseInput::default()) {
        Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// `pass` (the expected reading was seen) or `fail` (a fault was found).
pub fn parse_outcome(text: &str) -> Result<TestOutcome, AppError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "pass" | "passed" | "ok" => Ok(TestOutcome::Pass),
        "fail" | "failed" => Ok(TestOutcome::Fail),
        _ => Err(AppError::invalid(
            "outcome",
            format!(
                "'{text}' — use pass (the expected reading was seen) or fail (a fault was found)"
            ),
        )),
    }
}

/// The odometer as typed (`120,000`, `193000 km`); `unit` is what a unit
/// picker or `--unit` says, and must agree with a unit written in the text.
pub fn parse_mileage(text: &str, unit: Option<DistanceUnit>) -> Result<Mileage, AppError> {
    let m = Mileage::parse(text, unit.unwrap_or_default())?;
    let written = text.trim().ends_with(|c: char| c.is_ascii_alphabetic());
    match unit {
        Some(u) if written && u != m.unit => Err(AppError::invalid(
            "mileage",
            format!("'{text}' is in {} but the unit chosen is {u}", m.unit),
        )),
        _ => Ok(m),
    }
}

/// A model year as typed in a form (`2014`); empty is `None`.
pub fn parse_year(text: &str) -> Result<Option<u16>, AppError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<u16>()
        .ok()
        .filter(|y| shopbench_core::MODEL_YEARS.contains(y))
        .map(Some)
        .ok_or_else(|| {
            AppError::invalid(
                "Year",
                format!("'{t}' is not a model year — enter four digits, e.g. 2014"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_with_spaces_or_colons() {
        let d = parse_code("P0300 stored 7E8").unwrap();
        assert_eq!(
            (d.code.to_string(), d.status, d.ecu.as_deref()),
            ("P0300".into(), DtcStatus::Stored, Some("7E8"))
        );
        assert_eq!(
            parse_code("p0174:pending").unwrap().status,
            DtcStatus::Pending
        );
        assert_eq!(parse_code("P0300:stored:7E8").unwrap(), d);
        assert_eq!(
            parse_code("P0420 7E8 permanent").unwrap().status,
            DtcStatus::Permanent
        );
        assert!(parse_code("hello").is_err());
        assert_eq!(parse_code("P0300 ecm").unwrap().ecu.as_deref(), Some("ecm"));
        let e = parse_code("P0171:sometimes").unwrap_err().to_string();
        assert!(e.contains("'sometimes' is not a code status"), "{e}");
        assert!(parse_code("P0171 pendng").is_err());
        let e = parse_code_lines("P0301\n\nhello").unwrap_err().to_string();
        assert!(e.starts_with("Codes: line 3:"), "{e}");
        assert_eq!(
            parse_code_lines("P0301\n\np0171 pending\n").unwrap().len(),
            2
        );
    }

    #[test]
    fn readings_mileage_outcomes_and_years() {
        let r = parse_reading("ltft_b1=18.5%").unwrap();
        assert_eq!(
            (r.name.as_str(), r.value, r.unit.as_str()),
            ("ltft_b1", Some(18.5), "%")
        );
        assert_eq!(parse_reading("stft_b1=-4").unwrap().value, Some(-4.0));
        assert!(parse_reading("ltft_b1").is_err());
        assert!(parse_reading("ltft_b1=high").is_err());
    }

    /// An evaluation record, `codes` for `dtcs`, or `[]` was read as an
    /// empty case: "No candidate causes", exit 0, and `case new --from`
    /// saved an empty case.
    #[test]
    fn regression_a_case_file_of_the_wrong_shape_was_read_as_an_empty_case() {
        let file = Path::new("typo.json");
        let typo = r#"{"vehicle":{"make":"Toyota","model":"Camry","year":2014},"codes":["P0171"]}"#;
        let e = parse_case_file(file, typo).unwrap_err().to_string();
        assert!(
            e.starts_with("typo.json: 'codes' is not a field of a case file; it has "),
            "{e}"
        );
        assert!(e.contains("dtcs"), "{e}");
        let e = parse_case_file(file, "[]").unwrap_err().to_string();
        assert_eq!(e, "typo.json: not a case: a case file is one JSON object");
        let record = r#"{"id":"g1","case":{"dtcs":["P0171"]},"confirmed_cause":"x"}"#;
        assert!(parse_case_file(file, record).is_err());
        let good = parse_case_file(file, r#"{"dtcs":["P0171"],"mileage":120000}"#).unwrap();
        assert_eq!(good.dtcs.len(), 1);
    }

    #[test]
    fn regression_a_reading_typed_in_another_unit_was_scored_in_the_rules_unit() {
        // Kept as typed, for the case file; converted when diagnosed (engine_input).
        let r = parse_reading("coolant_temp=140F").unwrap();
        assert_eq!((r.value, r.unit.as_str()), (Some(140.0), "F"));
        let e = parse_reading("coolant_temp=12V").unwrap_err().to_string();
        assert_eq!(
            e,
            "--reading: 'coolant_temp=12V': coolant_temp cannot be in V: write it in C, F, or give the number alone"
        );
        assert_eq!(
            parse_mileage("193000 km", None).unwrap().unit,
            DistanceUnit::Km
        );
        assert_eq!(
            parse_mileage("5", Some(DistanceUnit::Km)).unwrap().unit,
            DistanceUnit::Km
        );
        assert!(parse_mileage("10km", Some(DistanceUnit::Mi)).is_err());
        assert!(parse_mileage("lots", None).is_err());
        assert_eq!(parse_outcome("Failed").unwrap(), TestOutcome::Fail);
        assert!(parse_outcome("maybe").is_err());
        assert_eq!(parse_year(" 2014 ").unwrap(), Some(2014));
        assert_eq!(parse_year("").unwrap(), None);
        assert!(parse_year("14")
            .unwrap_err()
            .to_string()
            .contains("four digits"));
    }
}
