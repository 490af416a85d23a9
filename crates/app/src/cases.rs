//! Cases: opened from a scan, saved whole from a form, diagnosed and saved,
//! reported — each workflow once, over the shop's database.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use shopbench_core::Dtc;
use shopbench_diagnosis::{CaseInput, Diagnosis, Knowledge, TestOutcome, ENGINE_VERSION};
use shopbench_obd::ScanReport;
use shopbench_store::{Case, CaseEdit, CaseId, DiagnosisRun, NewCase, Store, TestRecord};

use crate::bulletins::Bulletins;
use crate::engine_input::engine_input;
use crate::paths::ensure_parent;
use crate::scan::{case_from_scan, codes_not_read};
use crate::{AppError, Looked, Lookups};

/// Opens the shop's case and estimate database (creating its folder and
/// migrating it as needed); `actor` is recorded in case histories.
pub fn open_store(db: &Path, actor: Option<&str>) -> Result<Store, AppError> {
    ensure_parent(db)?;
    let store = Store::open(db)?;
    let actor = actor
        .map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .filter(|a| !a.trim().is_empty());
    Ok(match actor {
        Some(a) => store.with_actor(&a),
        None => store,
    })
}

/// A scan saved as a case.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedScan {
    /// The new case's number.
    pub id: CaseId,
    /// How many codes it holds.
    pub codes: usize,
    /// The code lists the scan could not read ("stored codes (03) — reason"):
    /// when any, `codes` is not the car's count.
    pub codes_not_read: Vec<String>,
    /// What the mechanic should know (a VIN that could not be kept, a failing check digit).
    pub warnings: Vec<String>,
}

/// Saves `report` as a new case (`scan --save-case`, the desktop's "New case from scan").
pub fn save_scan(store: &mut Store, report: &ScanReport) -> Result<SavedScan, AppError> {
    let scan = case_from_scan(report);
    let mut warnings = scan.warnings;
    warnings.extend(
        scan.case
            .warnings()
            .into_iter()
            .filter(|w| !w.contains("no complaint and no codes")),
    );
    let whole = serde_json::to_value(report).map_err(shopbench_store::StoreError::from)?;
    let id = store.create_case_with_scan(&scan.case, &whole)?;
    Ok(SavedScan {
        id,
        codes: scan.case.dtcs.len(),
        codes_not_read: codes_not_read(report),
        warnings,
    })
}

/// A diagnosis and what it was run on.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnosed {
    /// The engine input, exactly as diagnosed.
    pub input: CaseInput,
    /// The ranked causes, plan and confidence.
    pub result: Diagnosis,
    /// The manufacturers' bulletins that bear on it, from the shop's cache.
    pub bulletins: Bulletins,
    /// Where it came from.
    pub source: RunSource,
}

impl From<Diagnosed> for Looked {
    fn from(d: Diagnosed) -> Looked {
        Looked {
            diagnosis: d.result,
            bulletins: d.bulletins,
        }
    }
}

/// Whether a diagnosis was run now or a saved one reused.
#[derive(Debug, Clone, PartialEq)]
pub enum RunSource {
    /// Diagnosed now and saved as this run (`first`: the case had no run before).
    Saved {
        /// The saved run.
        run: DiagnosisRun,
        /// The case had never been diagnosed.
        first: bool,
    },
    /// The newest saved run, made on the case as it is now by this engine version.
    Reused {
        /// Its id.
        run: i64,
    },
}

/// Runs the engine on case `id` as stored and saves the run with it; the
/// owner complaints about the vehicle come from `lookups`.
pub fn diagnose_and_save(
    store: &mut Store,
    id: CaseId,
    lookups: &Lookups,
) -> Result<Diagnosed, AppError> {
    let fresh = diagnose_stored(store, id, lookups)?;
    save_diagnosed(store, &fresh.case, fresh.input, fresh.now, fresh.took)
}

/// Case `id` as stored, the engine's input for it and the engine's answer now:
/// where saving a run and reporting one both start.
struct Fresh {
    case: Case,
    input: CaseInput,
    now: Looked,
    took: std::time::Duration,
}

/// Reads case `id` and runs the engine on it ([`diagnose_now`]), timed.
fn diagnose_stored(store: &Store, id: CaseId, lookups: &Lookups) -> Result<Fresh, AppError> {
    let case = store.case(id)?;
    let input = engine_input(&case);
    let started = Instant::now();
    let now = diagnose_now(store, &case, &input, lookups)?;
    Ok(Fresh {
        case,
        input,
        now,
        took: started.elapsed(),
    })
}

/// The engine's answer for a case that is not saved (a case file, a form as
/// typed): the owner complaints about its vehicle from `lookups` count as
/// evidence; the shop's fixes do not (they are matched to saved cases).
pub fn diagnose_unsaved(input: &CaseInput, lookups: &Lookups) -> Looked {
    lookups.diagnose(input, &[])
}

/// The engine's answer for `case` now: its input, with the shop's confirmed
/// fixes of other cars and the owner complaints about the vehicle as evidence.
fn diagnose_now(
    store: &Store,
    case: &Case,
    input: &CaseInput,
    lookups: &Lookups,
) -> Result<Looked, AppError> {
    let fixes = crate::fixes::confirmed_fixes(store, Some(case.id))?;
    Ok(lookups.diagnose(input, &fixes))
}

/// Saves a run the engine just made on `case` (`input` → `result`, in `took`).
fn save_diagnosed(
    store: &mut Store,
    case: &Case,
    input: CaseInput,
    looked: Looked,
    took: std::time::Duration,
) -> Result<Diagnosed, AppError> {
    let run = store.save_run(case.id, &input, &looked.diagnosis, took)?;
    Ok(Diagnosed {
        input,
        result: looked.diagnosis,
        bulletins: looked.bulletins,
        source: RunSource::Saved {
            run,
            first: case.runs.is_empty(),
        },
    })
}

/// The diagnosis a report of case `id` shows: the newest saved run when it
/// was made on the case as it is now and still says what the engine says
/// (same input, same engine version, same shop history), so the PDF matches
/// what the technician saw; otherwise the engine's answer now, saved first.
pub fn diagnosis_for_report(
    store: &mut Store,
    id: CaseId,
    lookups: &Lookups,
) -> Result<Diagnosed, AppError> {
    let Fresh {
        case,
        input,
        now,
        took,
    } = diagnose_stored(store, id, lookups)?;
    let input_json = serde_json::to_value(&input).map_err(shopbench_store::StoreError::from)?;
    // Runs are kept oldest first; only the newest one can describe the case as it is.
    let current = case.runs.last().filter(|run| {
        run.input == input_json
            && run.engine_version == ENGINE_VERSION
            && serde_json::from_value::<Diagnosis>(run.result.clone())
                .is_ok_and(|d| d == now.diagnosis)
    });
    match current {
        Some(run) => Ok(Diagnosed {
            input,
            result: now.diagnosis,
            bulletins: now.bulletins,
            source: RunSource::Reused { run: run.id },
        }),
        None => save_diagnosed(store, &case, input, now, took),
    }
}

/// Records a plan step's result; a step the knowledge does not have is
/// refused (it would change nothing and read as a real test on the report).
pub fn record_test(
    store: &mut Store,
    id: CaseId,
    step_id: &str,
    outcome: TestOutcome,
    note: Option<&str>,
) -> Result<TestRecord, AppError> {
    let step = step_id.trim();
    if Knowledge::embedded().test(step).is_none() {
        return Err(AppError::UnknownStep(step.to_string()));
    }
    Ok(store.record_test(id, step, outcome, note)?)
}

/// Opens a case as typed (`case new`, a form, a case file); a model year
/// later than next year's ([`crate::check_model_year`]) saves nothing.
pub fn create_case(store: &mut Store, new: &NewCase) -> Result<CaseId, AppError> {
    crate::check_model_year(new.vehicle.year, crate::this_year())?;
    Ok(store.create_case(new)?)
}

/// Changes a case (`case edit`, a form saved again); a new vehicle whose
/// model year is later than next year's ([`crate::check_model_year`])
/// changes nothing. Returns the case as stored.
pub fn edit_case(store: &mut Store, id: CaseId, edit: &CaseEdit) -> Result<Case, AppError> {
    if let Some(vehicle) = &edit.vehicle {
        crate::check_model_year(vehicle.year, crate::this_year())?;
    }
    Ok(store.edit_case(id, edit)?)
}

/// Saves a case typed as a whole (the desktop's form): a new case when
/// `id` is `None`, else only what changed (one history entry per change)
/// plus any test result not yet recorded. Returns the case as stored.
pub fn save_whole(store: &mut Store, id: Option<CaseId>, new: &NewCase) -> Result<Case, AppError> {
    let id = match id {
        None => create_case(store, new)?,
        Some(id) => {
            let before = store.case(id)?;
            let edit = edit_between(&before, new);
            if !edit.is_empty() {
                edit_case(store, id, &edit)?;
            }
            for t in &new.test_results {
                let same = before
                    .test_results
                    .iter()
                    .any(|b| b.step_id == t.step_id && b.outcome == t.outcome && b.note == t.note);
                if !same {
                    store.record_test(id, &t.step_id, t.outcome, t.note.as_deref())?;
                }
            }
            id
        }
    };
    Ok(store.case(id)?)
}

/// What changed between the stored case and a whole new version of it
/// (codes compared by code, status and ECU; the new freeze-frame values are
/// added as a newer frame when they differ from what the stored frames give).
fn edit_between(before: &Case, new: &NewCase) -> CaseEdit {
    let mut remove_codes: Vec<Dtc> = Vec::new();
    for d in before.dtcs.iter().filter(|d| !new.dtcs.contains(d)) {
        if !remove_codes.contains(&d.code) {
            remove_codes.push(d.code);
        }
    }
    // Removing a code removes every status/ECU of it; those kept are added back.
    let add_dtcs = new
        .dtcs
        .iter()
        .filter(|d| !before.dtcs.contains(d) || remove_codes.contains(&d.code))
        .cloned()
        .collect();
    let new_frame: BTreeMap<String, f64> = new
        .freeze_frames
        .iter()
        .flat_map(|f| f.values.iter())
        .filter_map(|r| Some((r.name.clone(), r.value?)))
        .collect();
    let add_freeze_frame = (!new_frame.is_empty()
        && new_frame != engine_input(before).freeze_frame)
        .then(|| new.freeze_frames.first().cloned())
        .flatten();
    let changed = |old: &str, new: &str| (old != new).then(|| new.to_string());
    CaseEdit {
        complaint: changed(&before.complaint, &new.complaint),
        findings: changed(&before.findings, &new.findings),
        vehicle: (before.vehicle != new.vehicle).then(|| new.vehicle.clone()),
        mileage: new.mileage.filter(|m| Some(*m) != before.mileage),
        customer: changed(&before.customer, &new.customer),
        add_dtcs,
        remove_codes,
        add_snapshot: None,
        add_freeze_frame,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn camry() -> NewCase {
        NewCase {
            customer: "Dana Ruiz".into(),
            complaint: "shakes at idle, check engine light flashing".into(),
            dtcs: crate::input::parse_code_lines("P0300 stored 7E8\nP0302 pending").unwrap(),
            ..NewCase::default()
        }
    }

    #[test]
    fn a_report_reuses_the_run_of_an_unchanged_case_and_rediagnoses_a_changed_one() {
        let mut s = Store::open_in_memory().unwrap();
        let id = s.create_case(&camry()).unwrap();
        let first = diagnosis_for_report(&mut s, id, &Lookups::none()).unwrap();
        assert!(matches!(first.source, RunSource::Saved { first: true, .. }));
        let again = diagnosis_for_report(&mut s, id, &Lookups::none()).unwrap();
        assert!(matches!(again.source, RunSource::Reused { .. }));
        assert_eq!(again.result, first.result);
        record_test(&mut s, id, "coil_swap", TestOutcome::Pass, None).unwrap();
        let after = diagnosis_for_report(&mut s, id, &Lookups::none()).unwrap();
        assert!(matches!(
            after.source,
            RunSource::Saved { first: false, .. }
        ));
        let coil = |d: &Diagnosed| {
            d.result
                .causes
                .iter()
                .find(|c| c.id == "ignition_coil")
                .map(|c| c.probability)
        };
        assert!(
            coil(&after) < coil(&first),
            "a passed coil swap lowers the coil"
        );
        assert_eq!(s.case(id).unwrap().runs.len(), 2);
    }

    /// Regression (issue 18, item 6): `case test 1 no_such_step fail` was
    /// recorded, exited 0 and the PDF showed it as a failed test.
    #[test]
    fn case_test_with_an_unknown_step_is_refused_and_saves_nothing() {
        let mut s = Store::open_in_memory().unwrap();
        let id = s.create_case(&camry()).unwrap();
        let e = record_test(&mut s, id, "no_such_step", TestOutcome::Fail, None).unwrap_err();
        assert!(e.to_string().contains("not a step"), "{e}");
        assert!(s.case(id).unwrap().test_results.is_empty());
    }

    /// A case for a 2035 car was saved from `case new`, `case edit` and the
    /// desktop's form: a year later than next year's models is refused and
    /// nothing is saved or changed.
    #[test]
    fn regression_future_model_year_accepted() {
        let mut s = Store::open_in_memory().unwrap();
        let newest = crate::this_year() + 1;
        let mut future = camry();
        future.vehicle.year = Some(newest + 1);
        let e = create_case(&mut s, &future).unwrap_err().to_string();
        assert!(
            e.contains(&format!("the newest model year accepted is {newest}")),
            "{e}"
        );
        assert!(save_whole(&mut s, None, &future).is_err());
        assert!(s.list_cases(None, 10).unwrap().is_empty());
        let mut next = camry();
        next.vehicle.year = Some(newest);
        let saved = save_whole(&mut s, None, &next).unwrap();
        assert!(save_whole(&mut s, Some(saved.id), &future).is_err());
        let edit = CaseEdit {
            vehicle: Some(future.vehicle.clone()),
            ..CaseEdit::default()
        };
        assert!(edit_case(&mut s, saved.id, &edit).is_err());
        assert_eq!(s.case(saved.id).unwrap().vehicle.year, Some(newest));
    }

    #[test]
    fn saving_a_case_whole_writes_only_the_changes() {
        let mut s = Store::open_in_memory().unwrap();
        let saved = save_whole(&mut s, None, &camry()).unwrap();
        let before = s.history(saved.id).unwrap().len();
        save_whole(&mut s, Some(saved.id), &camry()).unwrap();
        assert_eq!(
            s.history(saved.id).unwrap().len(),
            before,
            "an unchanged save changes nothing"
        );
        let mut edited = camry();
        edited.findings = "coil 2 cracked".into();
        edited.dtcs.pop();
        let after = save_whole(&mut s, Some(saved.id), &edited).unwrap();
        assert_eq!(after.dtcs.len(), 1);
        let actions: Vec<String> = s.history(saved.id).unwrap()[before..]
            .iter()
            .map(|h| h.action.clone())
            .collect();
        assert_eq!(actions, ["findings", "dtc.remove"]);
    }
}
