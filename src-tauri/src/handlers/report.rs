//! The customer's diagnosis PDF, and opening a PDF the app wrote.

use std::path::{Path, PathBuf};
use std::process::Command;

use shopbench_app::{diagnose_unsaved, diagnosis_for_report, Looked, Lookups};
use shopbench_report::{render_diagnosis_full, ScanDetails};
use shopbench_store::CaseId;
use shopbench_views::{CaseForm, SavedPdf, Settings};

use crate::error::DesktopError;
use crate::handlers::case::{save_case, to_input};
use crate::handlers::write_pdf;
use crate::settings::{paper_size, shop as report_shop};
use crate::shop::Shop;

fn file_stem(form: &CaseForm) -> String {
    let id = form
        .id
        .map_or_else(|| "draft".to_string(), |n| format!("case-{n}"));
    let who: String = [id.as_str(), form.vin.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("diagnosis-{who}")
}

/// Writes the customer's PDF into the reports folder. A saved case is saved
/// first and reported as `shopbench report ID` reports it (its latest run when
/// the case is unchanged); an unsaved form is diagnosed as typed.
pub fn save_diagnosis_pdf(
    shop: &Shop,
    form: &CaseForm,
    settings: &Settings,
) -> Result<SavedPdf, DesktopError> {
    let paper = paper_size(settings)?;
    let paths = shop.paths()?;
    let (input, looked, scan, form) = match form.id {
        Some(_) => {
            let saved = save_case(shop, form)?;
            let id = CaseId(saved.id.unwrap_or_default());
            let mut store = shop.store()?;
            let d = diagnosis_for_report(&mut store, id, &Lookups::of(paths))?;
            let scan = shopbench_app::case_scan_details(&store, id)?;
            (d.input.clone(), Looked::from(d), scan, saved)
        }
        None => {
            let input = to_input(form)?;
            let looked = diagnose_unsaved(&input, &Lookups::of(paths));
            (input, looked, ScanDetails::default(), form.clone())
        }
    };
    let mut input = input;
    input.vehicle = shopbench_app::vehicle_for_report(&input.vehicle, &paths.vpic);
    let pdf = render_diagnosis_full(
        &report_shop(settings),
        &input,
        &looked.diagnosis,
        &scan,
        &looked.bulletins.report_rows(),
        paper,
    );
    write_pdf(&shop.paths()?.reports_dir, &file_stem(&form), &pdf)
}

/// The command that opens `path` in the system's viewer.
pub fn opener(path: &Path) -> Command {
    let mut cmd;
    if cfg!(target_os = "macos") {
        cmd = Command::new("open");
    } else if cfg!(windows) {
        cmd = Command::new("cmd");
        cmd.args(["/C", "start", ""]);
    } else {
        cmd = Command::new("xdg-open");
    }
    cmd.arg(path);
    cmd
}

/// Opens a PDF this app wrote (only files under `dir`).
pub fn open_pdf(path: &str, dir: &Path) -> Result<(), DesktopError> {
    let path = PathBuf::from(path);
    if !path.starts_with(dir) || path.extension().is_none_or(|e| e != "pdf") {
        return Err(DesktopError::invalid(
            "PDF",
            format!("{} is not a report this app saved", path.display()),
        ));
    }
    opener(&path)
        .spawn()
        .map(drop)
        .map_err(|e| DesktopError::io("opening the PDF viewer", &path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handlers::temp_shop;

    #[test]
    fn the_pdf_is_written_with_the_shop_and_case() {
        let dir = tempfile::tempdir().unwrap();
        let shop = temp_shop(dir.path());
        let form = CaseForm {
            vin: "1HGCM82633A004352".into(),
            complaint: "shakes at idle".into(),
            codes: "P0300\nP0302".into(),
            ..CaseForm::default()
        };
        let settings = Settings {
            shop_name: "Main Street Auto".into(),
            ..Settings::default()
        };
        let saved = save_diagnosis_pdf(&shop, &form, &settings).unwrap();
        assert!(
            saved
                .path
                .ends_with("diagnosis-draft-1HGCM82633A004352.pdf"),
            "{saved:?}"
        );
        let bytes = std::fs::read(&saved.path).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        let reports = &shop.paths().unwrap().reports_dir;
        assert!(Path::new(&saved.path).starts_with(reports));
        assert!(open_pdf("/etc/passwd", reports).is_err());
        // A saved case is saved and reported with its run, as the CLI reports it.
        let saved_form = crate::handlers::case::save_case(&shop, &form).unwrap();
        let pdf = save_diagnosis_pdf(&shop, &saved_form, &settings).unwrap();
        assert!(
            pdf.path.ends_with("diagnosis-case-1-1HGCM82633A004352.pdf"),
            "{pdf:?}"
        );
        assert_eq!(shop.store().unwrap().case(CaseId(1)).unwrap().runs.len(), 1);
    }
}
