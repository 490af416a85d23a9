//! The case form: read with the CLI's grammar (`shopbench_app::input`),
//! saved in the shop's database as a whole case, filled from a scan by the
//! same mapping as `shopbench scan --save-case`, kept as a draft meanwhile.

use shopbench_app::fixes::{close_case, closed_summary, fix_in_words, parse_cost, parse_hours};
use shopbench_app::input::{parse_code_lines, parse_mileage, parse_year};
use shopbench_app::{new_case_input, save_scan, save_whole};
use shopbench_core::{DistanceUnit, Vin};
use shopbench_diagnosis::{CaseInput, TestOutcome, TestResult};
use shopbench_obd::ScanReport;
use shopbench_store::{
    Case, CaseFix, CaseId, FreezeFrame, NewCase, Reading, TestRecord, VehicleId,
};
use shopbench_views::{CaseClosed, CaseForm, CaseSummary, CloseForm, Outcome, StepResult};

use crate::error::DesktopError;
use crate::shop::Shop;

/// The most cases the list shows.
const LIST_LIMIT: u32 = 500;

fn text(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The engine's outcome for the contract's.
pub fn outcome(o: Outcome) -> TestOutcome {
    match o {
        Outcome::Pass => TestOutcome::Pass,
        Outcome::Fail => TestOutcome::Fail,
    }
}

fn step_result(t: &TestRecord) -> StepResult {
    StepResult {
        step_id: t.step_id.clone(),
        outcome: match t.outcome {
            TestOutcome::Pass => Outcome::Pass,
            TestOutcome::Fail => Outcome::Fail,
        },
        note: t.note.clone(),
    }
}

/// Reads the form as a whole case; bad fields are refused naming the field.
pub fn new_case(form: &CaseForm) -> Result<NewCase, DesktopError> {
    let vin = text(&form.vin)
        .map(|v| v.to_uppercase().parse::<Vin>())
        .transpose()?;
    let unit = match form.unit.as_str() {
        "km" => DistanceUnit::Km,
        _ => DistanceUnit::Mi,
    };
    let mileage = text(&form.mileage)
        .map(|m| parse_mileage(&m, Some(unit)))
        .transpose()?;
    let freeze_frames = (!form.freeze_frame.is_empty())
        .then(|| FreezeFrame {
            ecu: None,
            frame: 0,
            dtc: None,
            values: form
                .freeze_frame
                .iter()
                .map(|(k, v)| Reading::number(k, *v, ""))
                .collect(),
        })
        .into_iter()
        .collect();
    Ok(NewCase {
        vehicle: VehicleId {
            vin,
            make: text(&form.make),
            model: text(&form.model),
            year: parse_year(&form.year)?,
            engine: text(&form.engine),
        },
        customer: form.customer.trim().to_string(),
        mileage,
        complaint: form.complaint.trim().to_string(),
        findings: form.findings.trim().to_string(),
        dtcs: parse_code_lines(&form.codes)?,
        freeze_frames,
        test_results: form
            .test_results
            .iter()
            .map(|t| TestRecord {
                step_id: t.step_id.clone(),
                outcome: outcome(t.outcome),
                note: t.note.clone(),
                recorded_at: String::new(),
                recorded_by: String::new(),
            })
            .collect(),
        ..NewCase::default()
    })
}

/// Reads the form as the diagnosis engine's input (an unsaved case).
pub fn to_input(form: &CaseForm) -> Result<CaseInput, DesktopError> {
    Ok(new_case_input(&new_case(form)?))
}

/// The stored case as the form shows it.
pub fn form_of(case: &Case) -> CaseForm {
    let input = shopbench_app::engine_input(case);
    let v = &case.vehicle;
    CaseForm {
        id: Some(case.id.0),
        customer: case.customer.clone(),
        vin: v.vin.as_ref().map(|v| v.to_string()).unwrap_or_default(),
        make: v.make.clone().unwrap_or_default(),
        model: v.model.clone().unwrap_or_default(),
        year: v.year.map(|y| y.to_string()).unwrap_or_default(),
        engine: v.engine.clone().unwrap_or_default(),
        mileage: case
            .mileage
            .map(|m| m.value.to_string())
            .unwrap_or_default(),
        unit: case
            .mileage
            .map_or(DistanceUnit::Mi, |m| m.unit)
            .as_str()
            .into(),
        complaint: case.complaint.clone(),
        findings: case.findings.clone(),
        codes: case
            .dtcs
            .iter()
            .map(|d| match &d.ecu {
                Some(ecu) => format!("{} {} {ecu}", d.code, d.status),
                None => format!("{} {}", d.code, d.status),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        freeze_frame: input.freeze_frame,
        test_results: case.test_results.iter().map(step_result).collect(),
    }
}

/// The engine's test results of the form (what an unsaved diagnosis uses).
pub fn test_results(form: &CaseForm) -> Vec<TestResult> {
    form.test_results
        .iter()
        .map(|t| TestResult {
            step_id: t.step_id.clone(),
            outcome: outcome(t.outcome),
            note: t.note.clone(),
        })
        .collect()
}

fn draft_file(shop: &Shop) -> Result<std::path::PathBuf, DesktopError> {
    Ok(shop.paths()?.drafts_dir().join("case.json"))
}

/// Writes the draft (atomically: a crash leaves the old or the new one).
pub fn save_draft(shop: &Shop, form: &CaseForm) -> Result<(), DesktopError> {
    crate::handlers::write_json(&draft_file(shop)?, form)
}

/// The draft left from last time, or an empty form.
pub fn load_draft(shop: &Shop) -> Result<CaseForm, DesktopError> {
    crate::handlers::read_draft(&draft_file(shop)?, || CaseForm {
        unit: "mi".into(),
        ..CaseForm::default()
    })
}

/// Saves the form in the shop's database — a new case when it has no id,
/// else only what changed — and returns (and keeps as the draft) the case as
/// stored. Bad input is refused before anything is written.
pub fn save_case(shop: &Shop, form: &CaseForm) -> Result<CaseForm, DesktopError> {
    let new = new_case(form)?;
    let mut store = shop.store()?;
    let saved = form_of(&save_whole(&mut store, form.id.map(CaseId), &new)?);
    save_draft(shop, &saved)?;
    Ok(saved)
}

/// "New case from scan": the scan is saved as a case exactly as
/// `shopbench scan --save-case` saves it (codes per ECU, every freeze frame,
/// readiness, the voltage); what the mechanic already typed on an unsaved
/// form (customer, complaint, findings, mileage) is kept on it.
pub fn from_scan(
    shop: &Shop,
    scan: &ScanReport,
    typed: &CaseForm,
) -> Result<CaseForm, DesktopError> {
    let mut store = shop.store()?;
    let id = save_scan(&mut store, scan)?.id;
    let mut form = form_of(&store.case(id)?);
    let keep = |typed: &str, scanned: &mut String| {
        if !typed.trim().is_empty() {
            *scanned = typed.to_string();
        }
    };
    keep(&typed.customer, &mut form.customer);
    keep(&typed.complaint, &mut form.complaint);
    keep(&typed.findings, &mut form.findings);
    keep(&typed.mileage, &mut form.mileage);
    keep(&typed.unit, &mut form.unit);
    for (typed, scanned) in [
        (&typed.make, &mut form.make),
        (&typed.model, &mut form.model),
    ] {
        keep(typed, scanned);
    }
    keep(&typed.year, &mut form.year);
    keep(&typed.engine, &mut form.engine);
    save_case(shop, &form)
}

/// "Close the case": the form is saved first (so the fix goes with the
/// vehicle and codes on screen), then the case is closed with what fixed
/// the car — the same workflow as `shopbench case close`; the message says
/// which cause later diagnoses will learn, or that the words named none.
pub fn close(shop: &Shop, form: &CaseForm, fix: &CloseForm) -> Result<CaseClosed, DesktopError> {
    let given = CaseFix {
        cause_id: Some(fix.cause.clone()).filter(|c| !c.trim().is_empty()),
        parts: fix.parts.clone(),
        labor_hours: parse_hours(&fix.hours)?,
        cost_cents: parse_cost(&fix.cost)?,
        ..fix_in_words(&fix.fixed_by)
    };
    let id = save_case(shop, form)?
        .id
        .ok_or_else(|| DesktopError::invalid("Case", "save the case before closing it"))?;
    let mut store = shop.store()?;
    let saved = close_case(&mut store, CaseId(id), &given)?;
    Ok(CaseClosed {
        case_id: id,
        cause_name: saved
            .cause_id
            .as_deref()
            .and_then(|c| shopbench_diagnosis::Knowledge::embedded().cause(c))
            .map(|c| c.name.clone()),
        message: format!("Case {id} closed: {}.", closed_summary(&given, &saved)),
    })
}

/// Saved cases, newest first, whose customer, VIN, vehicle, complaint,
/// findings or codes contain `query` (any case; empty: all).
pub fn search(shop: &Shop, query: &str) -> Result<Vec<CaseSummary>, DesktopError> {
    let q = Some(query.trim()).filter(|q| !q.is_empty());
    Ok(shop
        .store()?
        .list_cases(q, LIST_LIMIT)?
        .into_iter()
        .map(|c| CaseSummary {
            id: c.id.0,
            customer: c.customer,
            vin: c
                .vehicle
                .vin
                .as_ref()
                .map(|v| v.to_string())
                .unwrap_or_default(),
            vehicle: c.vehicle.to_string(),
            complaint: c.complaint,
            codes: c.codes,
        })
        .collect())
}

/// Opens a saved case as the form.
pub fn open(shop: &Shop, id: i64) -> Result<CaseForm, DesktopError> {
    Ok(form_of(&shop.store()?.case(CaseId(id))?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handlers::temp_shop;
    use shopbench_store::Store;

    #[test]
    fn codes_and_fields_are_read_from_the_form() {
        let form = CaseForm {
            year: "2014".into(),
            mileage: "84,500".into(),
            unit: "km".into(),
            codes: "P0301 stored 7E8\n\np0171 pending\n".into(),
            ..CaseForm::default()
        };
        let input = to_input(&form).unwrap();
        assert_eq!(input.vehicle.year, Some(2014));
        assert_eq!(input.mileage.unwrap().value, 84500.0);
        assert_eq!(input.dtcs.len(), 2);
        assert_eq!(input.dtcs[0].ecu.as_deref(), Some("7E8"));
        assert_eq!(input.dtcs[1].code, "P0171");
        assert_eq!(input.dtcs[1].status, shopbench_core::DtcStatus::Pending);
    }

    #[test]
    fn bad_fields_name_the_field_and_the_fix() {
        let form = CaseForm {
            codes: "P0301\nhello".into(),
            ..CaseForm::default()
        };
        let e = to_input(&form).unwrap_err().to_string();
        assert!(e.starts_with("Codes: line 2:"), "{e}");
        let form = CaseForm {
            year: "14".into(),
            ..CaseForm::default()
        };
        assert!(to_input(&form)
            .unwrap_err()
            .to_string()
            .contains("four digits"));
    }

    fn camry() -> CaseForm {
        CaseForm {
            customer: "Dana Ruiz".into(),
            vin: "4T1BF1FK5EU123456".into(),
            make: "Toyota".into(),
            model: "Camry".into(),
            year: "2014".into(),
            mileage: "84,500".into(),
            unit: "km".into(),
            complaint: "shakes at idle, check engine light flashing".into(),
            codes: "P0300 stored 7E8\nP0302 pending".into(),
            freeze_frame: [("rpm".to_string(), 750.0), ("ltft_b1".to_string(), 4.5)].into(),
            ..CaseForm::default()
        }
    }

    #[test]
    fn drafts_and_cases_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let shop = temp_shop(dir.path());
        assert_eq!(load_draft(&shop).unwrap().unit, "mi");
        let form = camry();
        save_draft(&shop, &form).unwrap();
        let again = temp_shop(dir.path());
        assert_eq!(load_draft(&again).unwrap(), form);
        let saved = save_case(&again, &form).unwrap();
        assert_eq!(saved.id, Some(1));
        assert_eq!(load_draft(&again).unwrap(), saved);
        assert_eq!(
            CaseForm {
                id: None,
                mileage: "84,500".into(),
                ..saved.clone()
            },
            form
        );
        assert_eq!(search(&again, "dana").unwrap().len(), 1);
        assert_eq!(search(&again, "p0302").unwrap().len(), 1);
        assert!(search(&again, "nobody").unwrap().is_empty());
        assert_eq!(open(&again, 1).unwrap(), saved);
        assert!(open(&again, 7).unwrap_err().to_string().contains('7'));
    }

    #[test]
    fn bad_input_saves_nothing_and_keeps_the_stored_case() {
        let dir = tempfile::tempdir().unwrap();
        let shop = temp_shop(dir.path());
        let saved = save_case(&shop, &camry()).unwrap();
        let bad = CaseForm {
            codes: "P0300\nhello".into(),
            complaint: "changed".into(),
            ..saved.clone()
        };
        assert!(save_case(&shop, &bad).is_err());
        let bad_vin = CaseForm {
            vin: "123".into(),
            ..CaseForm::default()
        };
        assert!(save_case(&shop, &bad_vin).is_err());
        assert_eq!(open(&shop, 1).unwrap(), saved);
        assert_eq!(search(&shop, "").unwrap().len(), 1);
    }

    #[test]
    fn a_case_saved_in_the_app_is_listed_by_the_clis_store_and_vice_versa() {
        let dir = tempfile::tempdir().unwrap();
        let shop = temp_shop(dir.path());
        let app_id = save_case(&shop, &camry()).unwrap().id.unwrap();
        // The CLI opens the same file (ShopPaths: HOME/.local/share/shopbench/shopbench.db).
        let mut cli = Store::open(dir.path().join(".local/share/shopbench/shopbench.db")).unwrap();
        let listed = cli.list_cases(Some("dana"), 10).unwrap();
        assert_eq!((listed.len(), listed[0].id), (1, CaseId(app_id)));
        assert_eq!(listed[0].codes, ["P0300", "P0302"]);
        let cli_id = cli
            .create_case(&NewCase {
                customer: "Sam Lee".into(),
                dtcs: shopbench_app::input::parse_code_lines("C0035").unwrap(),
                ..NewCase::default()
            })
            .unwrap();
        let ids: Vec<i64> = search(&shop, "").unwrap().iter().map(|c| c.id).collect();
        assert_eq!(ids, [cli_id.0, app_id]);
        assert_eq!(open(&shop, cli_id.0).unwrap().codes, "C0035 stored");
    }

    /// "Close the case" keeps the fix with the saved case, says which cause
    /// was learned, and refuses a cost it cannot read without closing.
    #[test]
    fn closing_a_case_keeps_the_fix_and_says_what_was_learned() {
        let dir = tempfile::tempdir().unwrap();
        let shop = temp_shop(dir.path());
        let form = crate::handlers::evap_civic_form();
        let form = save_case(&shop, &form).unwrap();
        let id = form.id.unwrap();
        let bad = CloseForm {
            fixed_by: "EVAP hose".into(),
            cost: "lots".into(),
            ..CloseForm::default()
        };
        let e = close(&shop, &form, &bad).unwrap_err().to_string();
        assert!(e.starts_with("cost:"), "{e}");
        assert_eq!(shop.store().unwrap().case(CaseId(id)).unwrap().fix, None);
        let good = CloseForm {
            fixed_by: "replaced cracked EVAP hose".into(),
            parts: "EVAP hose".into(),
            hours: "0.8".into(),
            cost: "145".into(),
            cause: String::new(),
        };
        let closed = close(&shop, &form, &good).unwrap();
        assert_eq!(
            closed.cause_name.as_deref(),
            Some("EVAP hose / canister cracked or disconnected")
        );
        assert!(
            closed.message.contains("Later diagnoses"),
            "{}",
            closed.message
        );
        let fix = shop.store().unwrap().case(CaseId(id)).unwrap().fix.unwrap();
        assert_eq!((fix.cost_cents, fix.labor_hours), (Some(14_500), Some(0.8)));
        // A cause picked from the list wins over the words (review: the words
        // alone could not correct a wrong mapping).
        let picked = CloseForm {
            cause: "gas_cap".into(),
            ..good
        };
        let closed = close(&shop, &form, &picked).unwrap();
        assert_eq!(
            closed.cause_name.as_deref(),
            Some("Fuel cap loose / seal worn / filler neck")
        );
    }
}
