//! The case form: filled from a scan, edited by hand, turned into the
//! diagnosis engine's input, and kept on disk as a draft and as saved cases.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use shopbench_core::Dtc;
use shopbench_diagnosis::{
    diagnose, CaseInput, Diagnosis, DistanceUnit, DtcEntry, DtcStatus, Knowledge, Mileage,
    TestResult, Vehicle,
};
use shopbench_obd::{PidValue, ScanReport};
use shopbench_store::{Case, CaseEdit, CaseId, NewCase, Store};

use crate::error::DesktopError;
use crate::handlers::link::status_word;

/// The case as the form holds it: text as typed, parsed only when used.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseForm {
    /// The store's case number, set once saved.
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
    /// Freeze-frame values by the engine's reading names.
    pub freeze_frame: BTreeMap<String, f64>,
    /// Plan steps done, pass or fail.
    pub test_results: Vec<TestResult>,
}

/// Scan PID names → the diagnosis engine's reading names.
const READING_NAMES: &[(&str, &str)] = &[
    ("rpm", "rpm"),
    ("coolant_temp", "coolant_temp"),
    ("short_fuel_trim_1", "stft_b1"),
    ("long_fuel_trim_1", "ltft_b1"),
    ("short_fuel_trim_2", "stft_b2"),
    ("long_fuel_trim_2", "ltft_b2"),
    ("maf", "maf"),
    ("fuel_pressure", "fuel_pressure_kpa"),
];

/// Fills the form from a scan: VIN, codes and freeze frame are replaced;
/// what the mechanic typed (customer, complaint, findings, mileage) is kept.
pub fn from_scan(scan: &ScanReport, mut form: CaseForm) -> CaseForm {
    if let Some(vin) = &scan.vin {
        form.vin = vin.clone();
    }
    form.codes = scan
        .ecus
        .iter()
        .flat_map(|e| {
            e.dtcs
                .iter()
                .map(move |d| format!("{} {} {}", d.code, status_word(d.status), e.ecu))
        })
        .collect::<Vec<_>>()
        .join("\n");
    form.freeze_frame = scan
        .freeze_frame
        .iter()
        .flat_map(|ff| ff.values.iter())
        .filter_map(|r| {
            let (_, name) = READING_NAMES.iter().find(|(pid, _)| *pid == r.name)?;
            match r.value {
                PidValue::Number(v) => Some((name.to_string(), v)),
                _ => None,
            }
        })
        .collect();
    if form.unit.is_empty() {
        form.unit = "mi".into();
    }
    form
}

fn parse_status(word: &str) -> Option<DtcStatus> {
    match word.to_ascii_lowercase().as_str() {
        "stored" | "confirmed" => Some(DtcStatus::Stored),
        "pending" => Some(DtcStatus::Pending),
        "permanent" => Some(DtcStatus::Permanent),
        _ => None,
    }
}

fn text(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Reads the form as the diagnosis engine's input.
pub fn to_input(form: &CaseForm) -> Result<CaseInput, DesktopError> {
    let year = match text(&form.year) {
        None => None,
        Some(y) => Some(
            y.parse::<u16>()
                .ok()
                .filter(|y| (1980..=2100).contains(y))
                .ok_or(DesktopError::Invalid {
                    field: "Year",
                    reason: format!("'{y}' is not a model year — enter four digits, e.g. 2014"),
                })?,
        ),
    };
    let mileage =
        match text(&form.mileage) {
            None => None,
            Some(m) => {
                let digits: String = m
                    .chars()
                    .filter(|c| !matches!(c, ',' | ' ' | '_'))
                    .collect();
                let value = digits.parse::<f64>().ok().filter(|v| *v >= 0.0).ok_or(
                    DesktopError::Invalid {
                        field: "Mileage",
                        reason: format!("'{m}' is not a number — enter the odometer, e.g. 84500"),
                    },
                )?;
                let unit = match form.unit.as_str() {
                    "km" => DistanceUnit::Km,
                    _ => DistanceUnit::Mi,
                };
                Some(Mileage { value, unit })
            }
        };
    let mut dtcs = Vec::new();
    for (n, line) in form.codes.lines().enumerate() {
        let mut words = line.split_whitespace();
        let Some(code) = words.next() else { continue };
        let mut entry = DtcEntry::stored(&code.to_ascii_uppercase());
        for w in words {
            match parse_status(w) {
                Some(s) => entry.status = s,
                None => entry.ecu = Some(w.to_string()),
            }
        }
        if code.parse::<shopbench_core::Dtc>().is_err() {
            return Err(DesktopError::Invalid {
                field: "Codes",
                reason: format!(
                    "line {}: '{code}' is not a trouble code — write e.g. P0301, one per line",
                    n + 1
                ),
            });
        }
        dtcs.push(entry);
    }
    Ok(CaseInput {
        vehicle: Vehicle {
            vin: text(&form.vin),
            make: text(&form.make),
            model: text(&form.model),
            year,
            engine: text(&form.engine),
        },
        mileage,
        complaint: form.complaint.trim().to_string(),
        symptoms: Vec::new(),
        findings: form.findings.trim().to_string(),
        dtcs,
        freeze_frame: form.freeze_frame.clone(),
        readings: BTreeMap::new(),
        test_results: form.test_results.clone(),
    })
}

/// The draft (a JSON file under the app's data folder, so it survives a crash
/// mid-edit) and the saved cases (in the CLI's case database, `crates/store`:
/// a case saved here is listed by `shopbench case list` and the other way round).
#[derive(Debug, Clone)]
pub struct CaseFiles {
    dir: PathBuf,
    db: PathBuf,
}

/// One saved case in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseSummary {
    /// The store's case number (`shopbench case show 12`).
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

/// The most cases the list shows.
const LIST_LIMIT: u32 = 500;

impl CaseFiles {
    /// The draft under `dir` (created on first write), cases in the database
    /// file `db` (created and migrated on first use).
    pub fn new(dir: impl Into<PathBuf>, db: impl Into<PathBuf>) -> CaseFiles {
        CaseFiles {
            dir: dir.into(),
            db: db.into(),
        }
    }

    fn draft_path(&self) -> PathBuf {
        self.dir.join("draft.json")
    }

    /// Opens the case database, as the CLI does.
    pub fn store(&self) -> Result<Store, DesktopError> {
        if let Some(dir) = self.db.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| DesktopError::io("creating the data folder", dir, e))?;
        }
        let user = std::env::var("USER").unwrap_or_else(|_| "desktop".into());
        Ok(Store::open(&self.db)?.with_actor(&user))
    }

    /// Writes the draft (atomically: a crash leaves the old or the new one).
    pub fn save_draft(&self, form: &CaseForm) -> Result<(), DesktopError> {
        write_json(&self.draft_path(), form)
    }

    /// The draft left from last time, or an empty form.
    pub fn load_draft(&self) -> Result<CaseForm, DesktopError> {
        let path = self.draft_path();
        match std::fs::read(&path) {
            Ok(bytes) => Ok(serde_json::from_slice(&bytes).unwrap_or_default()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(CaseForm {
                unit: "mi".into(),
                ..CaseForm::default()
            }),
            Err(e) => Err(DesktopError::io("reading the draft", &path, e)),
        }
    }

    /// Saves the form in the case database — a new case when it has no id,
    /// else an edit of that case (one history entry per change, in one
    /// transaction) plus any plan-step results not yet recorded — and returns
    /// the case as stored. Bad input is refused before anything is written.
    pub fn save_case(&self, form: CaseForm) -> Result<CaseForm, DesktopError> {
        let mut new = NewCase::from_input(&to_input(&form)?)?;
        new.customer = form.customer.trim().to_string();
        let mut store = self.store()?;
        let id = match form.id {
            None => store.create_case(&new)?,
            Some(id) => {
                let id = CaseId(id);
                let before = store.case(id)?;
                store.edit_case(id, &edit_from(&before, &new))?;
                for t in &new.test_results {
                    let same = before.test_results.iter().any(|b| {
                        b.step_id == t.step_id && b.outcome == t.outcome && b.note == t.note
                    });
                    if !same {
                        store.record_test(id, &t.step_id, t.outcome, t.note.as_deref())?;
                    }
                }
                id
            }
        };
        let saved = form_of(&store.case(id)?);
        self.save_draft(&saved)?;
        Ok(saved)
    }

    /// Saves the form (see [`CaseFiles::save_case`]), diagnoses the case as
    /// stored with the embedded engine and saves that run with it, so
    /// `shopbench report ID` shows the same ranking.
    pub fn diagnose_saved(&self, form: CaseForm) -> Result<Diagnosis, DesktopError> {
        let saved = self.save_case(form)?;
        let id = CaseId(saved.id.unwrap_or_default());
        let mut store = self.store()?;
        let input = store.case(id)?.to_input();
        let started = Instant::now();
        let result = diagnose(Knowledge::embedded(), &input);
        store.save_run(id, &input, &result, started.elapsed())?;
        Ok(result)
    }

    /// Saved cases, newest first.
    pub fn list(&self) -> Result<Vec<CaseSummary>, DesktopError> {
        self.search("")
    }

    /// Saved cases, newest first, whose customer, VIN, vehicle, complaint,
    /// findings or codes contain `query` (any case; empty: all).
    pub fn search(&self, query: &str) -> Result<Vec<CaseSummary>, DesktopError> {
        let q = Some(query.trim()).filter(|q| !q.is_empty());
        Ok(self
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
    pub fn open(&self, id: i64) -> Result<CaseForm, DesktopError> {
        Ok(form_of(&self.store()?.case(CaseId(id))?))
    }
}

/// What changed between the stored case and the form (codes compared by
/// code, status and ECU; the form's freeze frame is added as a newer frame
/// when its values differ from what the case's frames give).
fn edit_from(before: &Case, new: &NewCase) -> CaseEdit {
    let mut remove_codes: Vec<Dtc> = Vec::new();
    for d in before.dtcs.iter().filter(|d| !new.dtcs.contains(d)) {
        if !remove_codes.contains(&d.code) {
            remove_codes.push(d.code);
        }
    }
    // Removing a code removes every status/ECU of it; those the form keeps are added back.
    let add_dtcs = new
        .dtcs
        .iter()
        .filter(|d| !before.dtcs.contains(d) || remove_codes.contains(&d.code))
        .cloned()
        .collect();
    let form_frame: BTreeMap<String, f64> = new
        .freeze_frames
        .iter()
        .flat_map(|f| f.values.iter())
        .filter_map(|r| Some((r.name.clone(), r.value?)))
        .collect();
    let add_freeze_frame = (!form_frame.is_empty() && form_frame != before.to_input().freeze_frame)
        .then(|| new.freeze_frames.first().cloned())
        .flatten();
    CaseEdit {
        complaint: Some(new.complaint.clone()),
        findings: Some(new.findings.clone()),
        vehicle: Some(new.vehicle.clone()),
        mileage: new.mileage,
        customer: Some(new.customer.clone()),
        add_dtcs,
        remove_codes,
        add_snapshot: None,
        add_freeze_frame,
    }
}

/// The stored case as the form shows it.
fn form_of(case: &Case) -> CaseForm {
    let input = case.to_input();
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
        unit: match case.mileage.map(|m| m.unit) {
            Some(DistanceUnit::Km) => "km",
            _ => "mi",
        }
        .into(),
        complaint: case.complaint.clone(),
        findings: case.findings.clone(),
        codes: case
            .dtcs
            .iter()
            .map(|d| {
                let status = match d.status {
                    DtcStatus::Stored => "stored",
                    DtcStatus::Pending => "pending",
                    DtcStatus::Permanent => "permanent",
                };
                let code = format!("{} {status}", d.code);
                match &d.ecu {
                    Some(ecu) => format!("{code} {ecu}"),
                    None => code,
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        freeze_frame: input.freeze_frame,
        test_results: input.test_results,
    }
}

/// The draft's case id: a store case number; a draft written before cases
/// moved to the store carries a file id (`case-0001`), read as "not saved".
fn case_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::Number(n)) => n.as_i64().filter(|n| *n > 0),
        _ => None,
    })
}

/// Writes `value` as pretty JSON through a temporary file and a rename.
pub(crate) fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), DesktopError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| DesktopError::io("creating the folder", dir, e))?;
    let tmp = path.with_extension("json.tmp");
    let bytes = serde_json::to_vec_pretty(value).expect("plain data serialises");
    std::fs::write(&tmp, bytes).map_err(|e| DesktopError::io("writing", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| DesktopError::io("writing", path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(input.dtcs[1].status, DtcStatus::Pending);
    }

    #[test]
    fn bad_fields_name_the_field_and_the_fix() {
        let form = CaseForm {
            codes: "P0301\nhello".into(),
            ..CaseForm::default()
        };
        let e = to_input(&form).unwrap_err().to_string();
        assert!(e.starts_with("Codes: line 2: 'hello'"), "{e}");
        let form = CaseForm {
            year: "14".into(),
            ..CaseForm::default()
        };
        assert!(to_input(&form)
            .unwrap_err()
            .to_string()
            .contains("four digits"));
    }

    fn files(dir: &Path) -> CaseFiles {
        CaseFiles::new(dir.join("app"), dir.join("data/shopbench/shopbench.db"))
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
        let files = files(dir.path());
        assert_eq!(files.load_draft().unwrap().unit, "mi");
        let form = camry();
        files.save_draft(&form).unwrap();
        let again = self::files(dir.path());
        assert_eq!(again.load_draft().unwrap(), form);
        let saved = again.save_case(form.clone()).unwrap();
        assert_eq!(saved.id, Some(1));
        assert_eq!(again.load_draft().unwrap(), saved);
        // What was typed comes back as stored (mileage without the comma).
        assert_eq!(
            CaseForm {
                id: None,
                mileage: "84,500".into(),
                ..saved.clone()
            },
            form
        );
        assert_eq!(saved.mileage, "84500");
        assert_eq!(again.search("dana").unwrap().len(), 1);
        assert_eq!(again.search("p0302").unwrap().len(), 1);
        assert_eq!(again.search("camry").unwrap()[0].id, 1);
        assert!(again.search("nobody").unwrap().is_empty());
        assert_eq!(again.open(1).unwrap(), saved);
        let e = again.open(7).unwrap_err().to_string();
        assert!(e.contains('7'), "{e}");
    }

    #[test]
    fn a_draft_from_before_the_store_keeps_its_fields_and_is_not_saved_yet() {
        let dir = tempfile::tempdir().unwrap();
        let files = files(dir.path());
        std::fs::create_dir_all(dir.path().join("app")).unwrap();
        std::fs::write(
            dir.path().join("app/draft.json"),
            r#"{"id":"case-0003","customer":"Lee","complaint":"no start","unit":"mi"}"#,
        )
        .unwrap();
        let draft = files.load_draft().unwrap();
        assert_eq!((draft.id, draft.customer.as_str()), (None, "Lee"));
        assert_eq!(files.save_case(draft).unwrap().id, Some(1));
    }

    #[test]
    fn bad_input_saves_nothing_and_keeps_the_stored_case() {
        let dir = tempfile::tempdir().unwrap();
        let files = files(dir.path());
        let saved = files.save_case(camry()).unwrap();
        let bad = CaseForm {
            codes: "P0300\nhello".into(),
            complaint: "changed".into(),
            ..saved.clone()
        };
        assert!(files.save_case(bad).is_err());
        let bad_vin = CaseForm {
            vin: "123".into(),
            ..CaseForm::default()
        };
        assert!(files.save_case(bad_vin).is_err());
        assert_eq!(files.open(1).unwrap(), saved);
        assert_eq!(files.list().unwrap().len(), 1);
    }

    #[test]
    fn editing_a_saved_case_writes_only_the_changes_to_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let files = files(dir.path());
        let saved = files.save_case(camry()).unwrap();
        let id = CaseId(saved.id.unwrap());
        let store = files.store().unwrap();
        let before = store.history(id).unwrap().len();
        // Saving it unchanged changes nothing.
        assert_eq!(files.save_case(saved.clone()).unwrap(), saved);
        assert_eq!(store.history(id).unwrap().len(), before);
        let edited = CaseForm {
            customer: "Dana Ruiz-Park".into(),
            findings: "coil 2 cracked".into(),
            codes: "P0300 stored 7E8\nP0302 stored".into(),
            freeze_frame: [("rpm".to_string(), 800.0)].into(),
            test_results: vec![TestResult {
                step_id: "coil_swap".into(),
                outcome: shopbench_diagnosis::TestOutcome::Fail,
                note: None,
            }],
            ..saved
        };
        let after = files.save_case(edited.clone()).unwrap();
        assert_eq!(after.customer, "Dana Ruiz-Park");
        assert_eq!(after.codes, "P0300 stored 7E8\nP0302 stored");
        assert_eq!(after.freeze_frame["rpm"], 800.0);
        assert_eq!(after.test_results, edited.test_results);
        let actions: Vec<String> = store.history(id).unwrap()[before..]
            .iter()
            .map(|h| h.action.clone())
            .collect();
        for a in [
            "customer",
            "findings",
            "dtc.remove",
            "dtc.add",
            "freeze_frame.add",
            "test.record",
        ] {
            assert!(actions.contains(&a.to_string()), "{a} in {actions:?}");
        }
        assert!(!actions.contains(&"complaint".to_string()), "{actions:?}");
    }

    #[test]
    fn a_case_saved_in_the_app_is_listed_by_the_clis_store_and_vice_versa() {
        let dir = tempfile::tempdir().unwrap();
        let files = files(dir.path());
        let app_id = files.save_case(camry()).unwrap().id.unwrap();
        // The CLI opens the same file (`--db` / SHOPBENCH_DB / XDG_DATA_HOME).
        let mut cli = Store::open(dir.path().join("data/shopbench/shopbench.db")).unwrap();
        let listed = cli.list_cases(Some("dana"), 10).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].id, CaseId(app_id));
        assert_eq!(listed[0].codes, ["P0300", "P0302"]);
        let cli_id = cli
            .create_case(&NewCase {
                customer: "Sam Lee".into(),
                complaint: "grinding when braking".into(),
                dtcs: vec!["C0035".parse().unwrap()],
                ..NewCase::default()
            })
            .unwrap();
        let ids: Vec<i64> = files.list().unwrap().iter().map(|c| c.id).collect();
        assert_eq!(ids, [cli_id.0, app_id]);
        let opened = files.open(cli_id.0).unwrap();
        assert_eq!(opened.customer, "Sam Lee");
        assert_eq!(opened.codes, "C0035 stored");
    }

    #[test]
    fn a_diagnosis_on_a_saved_case_is_saved_as_the_run_the_report_reuses() {
        let dir = tempfile::tempdir().unwrap();
        let files = files(dir.path());
        let saved = files.save_case(camry()).unwrap();
        let id = CaseId(saved.id.unwrap());
        let form = crate::handlers::diagnose::record(
            saved,
            "coil_swap",
            Some(shopbench_diagnosis::TestOutcome::Pass),
        );
        let shown = files.diagnose_saved(form.clone()).unwrap();
        assert_eq!(shown, crate::handlers::diagnose::run(&form).unwrap());
        let case = files.store().unwrap().case(id).unwrap();
        assert_eq!(case.test_results.len(), 1);
        let run = case.runs.last().unwrap();
        // `shopbench report ID` reuses the newest run when its input is the case as it is.
        assert_eq!(run.input, serde_json::to_value(case.to_input()).unwrap());
        assert_eq!(run.result, serde_json::to_value(&shown).unwrap());
        assert_eq!(run.top_cause.as_deref(), Some(shown.causes[0].id.as_str()));
    }
}
