//! The cases the app's first versions kept as JSON files, one per case, in
//! Tauri's data folder for `dev.shopbench.desktop` (`…/cases/case-0001.json`,
//! the Case form as it was), brought into the shop's database once.
//!
//! Each file saved as a case is renamed `case-0001.json.imported`, so the
//! next look finds nothing to do and the original stays on disk; a file that
//! cannot be read or saved is left as it is, and said, and tried again next
//! time. Nothing is imported twice.

use std::path::{Path, PathBuf};

use shopbench_app::save_whole;
use shopbench_views::CaseForm;

use crate::error::DesktopError;
use crate::handlers::case::new_case;
use crate::shop::Shop;

/// What one look at the old folder did.
#[derive(Debug, Default, PartialEq)]
pub struct JsonImport {
    /// Each file saved, with its new case number.
    pub imported: Vec<(String, i64)>,
    /// Each file left as it was, with why.
    pub failed: Vec<(String, String)>,
}

/// The folder the first versions kept cases in: Tauri's data folder for the
/// app's identifier, beside the shop's own data folder.
pub fn old_cases_dir(shop: &Shop) -> Result<PathBuf, DesktopError> {
    let data = &shop.paths()?.data_dir;
    let parent = data.parent().unwrap_or(data);
    Ok(parent.join("dev.shopbench.desktop").join("cases"))
}

/// Saves every old case file not yet imported as a case of the shop's
/// database (see the module docs). No folder: nothing to do.
pub fn import_json_cases(shop: &Shop) -> Result<JsonImport, DesktopError> {
    let dir = old_cases_dir(shop)?;
    let mut out = JsonImport::default();
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(DesktopError::io("reading the old cases folder", &dir, e)),
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort(); // case-0001 first: the old numbering's order is kept
    for file in files {
        let name = file
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        match import_one(shop, &file) {
            Ok(id) => out.imported.push((name, id)),
            Err(e) => out.failed.push((name, e.to_string())),
        }
    }
    Ok(out)
}

fn import_one(shop: &Shop, file: &Path) -> Result<i64, DesktopError> {
    let bytes = std::fs::read(file).map_err(|e| DesktopError::io("reading", file, e))?;
    let mut value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| not_a_case(file, e))?;
    // The old id was the file's name (`case-0001`); the database numbers anew.
    if let Some(o) = value.as_object_mut() {
        o.remove("id");
    }
    let form: CaseForm = serde_json::from_value(value).map_err(|e| not_a_case(file, e))?;
    let new = new_case(&form)?;
    let case = save_whole(&mut shop.store()?, None, &new)?;
    let done = file.with_extension("json.imported");
    std::fs::rename(file, &done).map_err(|e| DesktopError::io("marking as imported", file, e))?;
    Ok(case.id.0)
}

fn not_a_case(file: &Path, e: serde_json::Error) -> DesktopError {
    DesktopError::Invalid {
        field: file.display().to_string(),
        reason: format!("not a saved case of the old app ({e}); left as it is"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case file as the first desktop versions wrote it.
    const OLD_CASE: &str = r#"{
      "id": "case-0001",
      "customer": "Dana Ruiz",
      "vin": "",
      "make": "Toyota",
      "model": "Camry",
      "year": "2014",
      "engine": "2.5L",
      "mileage": "120000",
      "unit": "mi",
      "complaint": "shakes at idle",
      "findings": "",
      "codes": "P0300 stored 7E8\nP0302 pending",
      "freeze_frame": {"rpm": 780.0, "coolant_temp": 90.0},
      "test_results": [{"step_id": "coil_swap", "outcome": "fail", "note": "moved to cyl 3"}]
    }"#;

    #[test]
    fn old_json_cases_are_imported_once_and_a_broken_one_is_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let shop = crate::handlers::temp_shop(dir.path());
        // No old folder: nothing to do.
        assert_eq!(import_json_cases(&shop).unwrap(), JsonImport::default());
        let old = old_cases_dir(&shop).unwrap();
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("case-0001.json"), OLD_CASE).unwrap();
        std::fs::write(old.join("case-0002.json"), "{not json").unwrap();
        let first = import_json_cases(&shop).unwrap();
        assert_eq!(first.imported, [("case-0001.json".to_string(), 1)]);
        assert_eq!(first.failed.len(), 1, "{first:?}");
        assert!(first.failed[0].1.contains("left as it is"), "{first:?}");
        assert!(old.join("case-0001.json.imported").exists());
        assert!(old.join("case-0002.json").exists());

        let form = crate::handlers::case::open(&shop, 1).unwrap();
        assert_eq!(form.customer, "Dana Ruiz");
        assert_eq!(
            (form.make.as_str(), form.model.as_str()),
            ("Toyota", "Camry")
        );
        assert!(form.codes.contains("P0302"), "{}", form.codes);
        assert_eq!(form.test_results[0].step_id, "coil_swap");

        // A second look imports nothing again.
        let again = import_json_cases(&shop).unwrap();
        assert!(again.imported.is_empty(), "{again:?}");
        assert_eq!(crate::handlers::case::search(&shop, "").unwrap().len(), 1);
    }
}
