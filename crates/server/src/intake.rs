//! What a case must carry: trouble codes that are codes (checked when the
//! case is created) and something to diagnose (checked before a diagnosis is
//! charged). Both were accepted before: `{"dtcs":["ZZZZ","P03000000",""]}`
//! and `{}` were stored, and their diagnoses charged 10 credits for a result
//! of no causes, with the engine's `malformed_code` and `no_evidence`
//! warnings as its only content. A case's or an estimate's vehicle may not
//! be from the future ([`check_model_year`]).

use shopbench_core::Dtc;
use shopbench_diagnosis::{diagnose, CaseInput, Knowledge, WarningKind};

use crate::problem::ApiError;

/// Refuses a trouble code that does not parse, naming it and its place
/// (`dtcs[2]: '' is not a trouble code: …`). The engine would skip it with
/// a warning, so a partner who sent it would never be told it was not read.
pub(crate) fn check_codes(case: &CaseInput) -> Result<(), ApiError> {
    for (i, d) in case.dtcs.iter().enumerate() {
        if let Err(e) = d.code.parse::<Dtc>() {
            return Err(ApiError::InvalidRequest(format!("dtcs[{i}]: {e}")));
        }
    }
    Ok(())
}

/// Refuses a model year later than next year's models (`2035` in 2026), as
/// the CLI and the desktop do (`shopbench_app::check_model_year`, the clock
/// read here): `422` naming the field and the newest year accepted; nothing
/// is stored or charged. No year passes.
pub(crate) fn check_model_year(field: &str, year: Option<u16>) -> Result<(), ApiError> {
    shopbench_app::check_model_year(year, shopbench_app::this_year())
        .map_err(|e| ApiError::Unprocessable(format!("{field}: {e}; nothing was saved or charged")))
}

/// Refuses a case the engine has nothing to go on for: its own `no_evidence`
/// warning (no valid code, no recognised symptom) and no cause ranked — the
/// diagnosis would be an empty result. The detail is the engine's warning,
/// which says what to add. Runs the engine itself (pure, milliseconds), so
/// this cannot disagree with what the job would find: the shop's fixes and
/// the owner complaints the job adds only weigh causes the case already
/// names, and a fix counts only for a case with a code in common.
pub(crate) fn check_evidence(kb: &Knowledge, case: &CaseInput) -> Result<(), ApiError> {
    let found = diagnose(kb, case);
    if !found.causes.is_empty() {
        return Ok(());
    }
    match found
        .warnings
        .into_iter()
        .find(|w| w.kind == WarningKind::NoEvidence)
    {
        Some(w) => Err(ApiError::NoEvidence(format!(
            "{}; nothing was charged — add codes, symptoms, findings or test results to a new case (POST /v1/cases)",
            w.message
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn case(v: serde_json::Value) -> CaseInput {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn a_malformed_code_is_named_with_its_place() {
        let err = check_codes(&case(json!({"dtcs": ["P0300", "ZZZZ"]}))).unwrap_err();
        let p = err.problem();
        assert_eq!(p.status, 400);
        assert!(
            p.detail
                .starts_with("dtcs[1]: 'ZZZZ' is not a trouble code"),
            "{}",
            p.detail
        );
        for bad in ["P03000000", "", "P4000"] {
            assert!(
                check_codes(&case(json!({"dtcs": [bad]}))).is_err(),
                "{bad:?}"
            );
        }
        assert!(check_codes(&case(
            json!({"dtcs": ["p0300", " U0100 ", {"code": "C1234"}]})
        ))
        .is_ok());
    }

    #[test]
    fn a_case_with_nothing_to_go_on_is_refused_and_one_with_anything_is_not() {
        let kb = Knowledge::embedded();
        for empty in [
            json!({}),
            json!({"complaint": "  "}),
            json!({"vehicle": {"make": "Toyota"}}),
        ] {
            let p = check_evidence(kb, &case(empty.clone()))
                .unwrap_err()
                .problem();
            assert_eq!(
                (p.status, p.type_.as_str()),
                (422, "urn:shopbench:problem:no-evidence"),
                "{empty}"
            );
            assert!(p.detail.contains("nothing was charged"), "{}", p.detail);
        }
        for some in [
            json!({"dtcs": ["P0171"]}),
            json!({"complaint": "rough idle and it stalls at lights"}),
            json!({"symptoms": ["overheating"]}),
        ] {
            assert!(check_evidence(kb, &case(some.clone())).is_ok(), "{some}");
        }
    }
}
