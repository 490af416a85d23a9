//! The case form: filled from a scan, edited by hand, turned into the
//! diagnosis engine's input, and kept on disk as a draft and as saved cases.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use shopbench_diagnosis::{
    CaseInput, DistanceUnit, DtcEntry, DtcStatus, Mileage, TestResult, Vehicle,
};
use shopbench_obd::{PidValue, ScanReport};

use crate::error::DesktopError;
use crate::handlers::link::status_word;

/// The case as the form holds it: text as typed, parsed only when used.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseForm {
    /// Set once saved (`case-0001`).
    pub id: Option<String>,
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

/// Cases and the current draft as JSON files under the app's data folder.
///
/// TODO(store): move saved cases to `crates/store` (SQLite) once it lands;
/// the draft stays a file so it survives a crash mid-edit.
#[derive(Debug, Clone)]
pub struct CaseFiles {
    dir: PathBuf,
}

/// One saved case in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseSummary {
    /// Its id.
    pub id: String,
    /// Customer.
    pub customer: String,
    /// VIN.
    pub vin: String,
    /// Complaint.
    pub complaint: String,
}

impl CaseFiles {
    /// Files under `dir` (created on first write).
    pub fn new(dir: impl Into<PathBuf>) -> CaseFiles {
        CaseFiles { dir: dir.into() }
    }

    fn draft_path(&self) -> PathBuf {
        self.dir.join("draft.json")
    }

    fn cases_dir(&self) -> PathBuf {
        self.dir.join("cases")
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

    /// Saves the case under its id (a new id if it has none) and returns it.
    pub fn save_case(&self, mut form: CaseForm) -> Result<CaseForm, DesktopError> {
        to_input(&form)?;
        if form.id.is_none() {
            let next = self.list()?.len() + 1;
            let mut n = next;
            while self.cases_dir().join(format!("case-{n:04}.json")).exists() {
                n += 1;
            }
            form.id = Some(format!("case-{n:04}"));
        }
        let id = form.id.clone().unwrap_or_default();
        write_json(&self.cases_dir().join(format!("{id}.json")), &form)?;
        self.save_draft(&form)?;
        Ok(form)
    }

    /// Saved cases, newest first, filtered by `query` (customer, VIN, complaint, code).
    pub fn list(&self) -> Result<Vec<CaseSummary>, DesktopError> {
        self.search("")
    }

    /// Saved cases whose customer, VIN, complaint or codes contain `query`.
    pub fn search(&self, query: &str) -> Result<Vec<CaseSummary>, DesktopError> {
        let dir = self.cases_dir();
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(DesktopError::io("listing cases", &dir, e)),
        };
        let q = query.trim().to_lowercase();
        let mut out: Vec<CaseSummary> = entries
            .flatten()
            .filter_map(|e| {
                let form: CaseForm = serde_json::from_slice(&std::fs::read(e.path()).ok()?).ok()?;
                let hay = format!(
                    "{} {} {} {}",
                    form.customer, form.vin, form.complaint, form.codes
                )
                .to_lowercase();
                (q.is_empty() || hay.contains(&q)).then(|| CaseSummary {
                    id: form.id.clone().unwrap_or_default(),
                    customer: form.customer,
                    vin: form.vin,
                    complaint: form.complaint,
                })
            })
            .collect();
        out.sort_by(|a, b| b.id.cmp(&a.id));
        Ok(out)
    }

    /// Opens a saved case.
    pub fn open(&self, id: &str) -> Result<CaseForm, DesktopError> {
        if id.contains(['/', '\\']) || id.starts_with('.') {
            return Err(DesktopError::Invalid {
                field: "Case",
                reason: format!("'{id}' is not a case id"),
            });
        }
        let path = self.cases_dir().join(format!("{id}.json"));
        let bytes =
            std::fs::read(&path).map_err(|e| DesktopError::io("opening the case", &path, e))?;
        serde_json::from_slice(&bytes).map_err(|e| DesktopError::Invalid {
            field: "Case",
            reason: format!("{} is damaged: {e}", path.display()),
        })
    }
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

    #[test]
    fn drafts_and_cases_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let files = CaseFiles::new(dir.path());
        assert_eq!(files.load_draft().unwrap().unit, "mi");
        let form = CaseForm {
            customer: "Dana Ruiz".into(),
            complaint: "rough idle".into(),
            codes: "P0300".into(),
            ..CaseForm::default()
        };
        files.save_draft(&form).unwrap();
        let again = CaseFiles::new(dir.path());
        assert_eq!(again.load_draft().unwrap(), form);
        let saved = again.save_case(form).unwrap();
        assert_eq!(saved.id.as_deref(), Some("case-0001"));
        assert_eq!(again.search("dana").unwrap().len(), 1);
        assert_eq!(again.search("P0300").unwrap().len(), 1);
        assert!(again.search("nobody").unwrap().is_empty());
        assert_eq!(again.open("case-0001").unwrap().customer, "Dana Ruiz");
        assert!(again.open("../draft").is_err());
    }
}
