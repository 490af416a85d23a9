//! The case form and the case list.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

/// A plan step's result: the normal reading was seen (pass) or a fault was found (fail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The expected, normal result.
    Pass,
    /// A fault was found.
    Fail,
}

/// One plan step done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepResult {
    /// The plan step's id (`coil_swap`).
    pub step_id: String,
    /// Pass or fail.
    pub outcome: Outcome,
    /// What was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The case as the form holds it: text as typed, read only when used.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseForm {
    /// The case number in the shop's database (the CLI's), once saved.
    #[serde(deserialize_with = "case_id")]
    pub id: Option<i64>,
    /// Customer name.
    pub customer: String,
    /// VIN.
    pub vin: String,
    /// Make.
    pub make: String,
    /// Model.
    pub model: String,
    /// Model year, as typed.
    pub year: String,
    /// Engine.
    pub engine: String,
    /// Odometer, as typed.
    pub mileage: String,
    /// `mi` or `km`.
    pub unit: String,
    /// The customer's complaint.
    pub complaint: String,
    /// What the technician found.
    pub findings: String,
    /// One code per line: `P0301 stored 7E8` (status and ECU optional).
    pub codes: String,
    /// Freeze-frame values by the engine's reading names (every frame of a saved case).
    pub freeze_frame: BTreeMap<String, f64>,
    /// Plan steps done.
    pub test_results: Vec<StepResult>,
}

/// A draft's case id: a store case number; a draft written before cases
/// moved to the store carries a file id (`case-0001`), read as "not saved".
fn case_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Number(i64),
        Other(serde::de::IgnoredAny),
    }
    Ok(match Option::<Id>::deserialize(d)? {
        Some(Id::Number(n)) if n > 0 => Some(n),
        _ => None,
    })
}

/// One saved case in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseSummary {
    /// The case number (`shopbench case show 12`).
    pub id: i64,
    /// Customer.
    pub customer: String,
    /// VIN ('' when not given).
    pub vin: String,
    /// The vehicle as one line (`2014 Toyota Camry 2.5L`).
    pub vehicle: String,
    /// Complaint.
    pub complaint: String,
    /// Its codes.
    pub codes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_draft_with_a_file_id_reads_as_not_saved() {
        let f: CaseForm =
            serde_json::from_str(r#"{"id":"case-0003","customer":"Lee","unit":"mi"}"#).unwrap();
        assert_eq!((f.id, f.customer.as_str()), (None, "Lee"));
        let f: CaseForm = serde_json::from_str(r#"{"id":12}"#).unwrap();
        assert_eq!(f.id, Some(12));
    }
}

/// "Close the case": what fixed the car, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CloseForm {
    /// What fixed it, in the technician's words.
    pub fixed_by: String,
    /// The cause picked from the diagnosis's list ('' = taken from the words).
    pub cause: String,
    /// Parts fitted.
    pub parts: String,
    /// Labor hours, as typed ('' when not given).
    pub hours: String,
    /// What the repair cost, in dollars as typed ('' when not given).
    pub cost: String,
}

/// A case closed: what the fix was taken as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseClosed {
    /// The case number.
    pub case_id: i64,
    /// The cause the words were mapped to (its name), if any.
    pub cause_name: Option<String>,
    /// What to tell the technician: the cause learned, or that the words
    /// named none.
    pub message: String,
}
