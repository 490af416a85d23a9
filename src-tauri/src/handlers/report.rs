//! Settings for reports (shop, paper) and the customer's diagnosis PDF.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::{Deserialize, Serialize};
use shopbench_diagnosis::{diagnose, Knowledge};
use shopbench_report::{render_diagnosis, PaperSize, Shop};

use crate::error::DesktopError;
use crate::handlers::case::{to_input, write_json, CaseForm};

/// What the Settings screen edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Shop name on reports.
    pub shop_name: String,
    /// Shop address, one line per line.
    pub shop_address: String,
    /// Phone on reports.
    pub shop_phone: String,
    /// `a4` or `letter`.
    pub paper: String,
    /// `embedded` (the engine in this app, offline) or `remote` (a shopbench
    /// `/v1` server, through `shopbench-client`).
    pub engine: String,
    /// The remote server's base URL (`https://api.example.com`).
    pub remote_url: String,
    /// The remote API key (`sk_test_…` / `sk_live_…`), kept in `settings.json`.
    pub remote_key: String,
    /// `metric` (the car's own units) or `us` (mph, mi, °F, psi on Live data).
    pub units: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            shop_name: "Your shop name (set it in Settings)".into(),
            shop_address: String::new(),
            shop_phone: String::new(),
            paper: "letter".into(),
            engine: "embedded".into(),
            remote_url: String::new(),
            remote_key: String::new(),
            units: "metric".into(),
        }
    }
}

impl Settings {
    /// The shop as the report crate takes it.
    pub fn shop(&self) -> Shop {
        Shop {
            name: self.shop_name.trim().to_string(),
            address: self
                .shop_address
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            phone: Some(self.shop_phone.trim().to_string()).filter(|p| !p.is_empty()),
            ..Shop::default()
        }
    }

    /// Loads `settings.json` from `dir`, or the defaults.
    pub fn load(dir: &Path) -> Settings {
        std::fs::read(dir.join("settings.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Checks and saves `settings.json` in `dir`.
    pub fn save(&self, dir: &Path) -> Result<(), DesktopError> {
        self.paper_size()?;
        if !matches!(self.units.as_str(), "metric" | "us") {
            return Err(DesktopError::Invalid {
                field: "Units",
                reason: format!("'{}' — pick metric or us", self.units),
            });
        }
        if self.is_remote() {
            crate::handlers::remote::client(self)?;
        } else if self.engine != "embedded" {
            return Err(DesktopError::Invalid {
                field: "Engine",
                reason: format!("'{}' — pick embedded or remote", self.engine),
            });
        }
        write_json(&dir.join("settings.json"), self)
    }

    /// True when Live data shows US customary units.
    pub fn is_us(&self) -> bool {
        self.units == "us"
    }

    /// True when diagnoses go to the remote server.
    pub fn is_remote(&self) -> bool {
        self.engine == "remote"
    }

    pub(crate) fn paper_size(&self) -> Result<PaperSize, DesktopError> {
        self.paper
            .parse()
            .map_err(|e: shopbench_report::ReportError| DesktopError::Invalid {
                field: "Paper",
                reason: e.to_string(),
            })
    }
}

/// A saved PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedPdf {
    /// Where it was written.
    pub path: String,
    /// Its size in bytes.
    pub bytes: usize,
}

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

/// Diagnoses the form and writes the customer's PDF into `dir`.
pub fn save_diagnosis_pdf(
    form: &CaseForm,
    settings: &Settings,
    dir: &Path,
) -> Result<SavedPdf, DesktopError> {
    let input = to_input(form)?;
    let result = diagnose(Knowledge::embedded(), &input);
    let pdf = render_diagnosis(&settings.shop(), &input, &result, settings.paper_size()?);
    write_pdf(dir, &file_stem(form), &pdf)
}

/// Writes `pdf` to `dir/STEM.pdf`, creating `dir`.
pub(crate) fn write_pdf(dir: &Path, stem: &str, pdf: &[u8]) -> Result<SavedPdf, DesktopError> {
    std::fs::create_dir_all(dir).map_err(|e| DesktopError::io("creating the folder", dir, e))?;
    let path = dir.join(format!("{stem}.pdf"));
    std::fs::write(&path, pdf).map_err(|e| DesktopError::io("writing the PDF", &path, e))?;
    Ok(SavedPdf {
        path: path.display().to_string(),
        bytes: pdf.len(),
    })
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
        return Err(DesktopError::Invalid {
            field: "PDF",
            reason: format!("{} is not a report this app saved", path.display()),
        });
    }
    opener(&path)
        .spawn()
        .map(drop)
        .map_err(|e| DesktopError::io("opening the PDF viewer", &path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pdf_is_written_with_the_shop_and_case() {
        let dir = tempfile::tempdir().unwrap();
        let form = CaseForm {
            id: Some(7),
            vin: "1HGCM82633A004352".into(),
            complaint: "shakes at idle".into(),
            codes: "P0300\nP0302".into(),
            ..CaseForm::default()
        };
        let settings = Settings {
            shop_name: "Main Street Auto".into(),
            shop_address: "12 Main St\n\nSpringfield".into(),
            ..Settings::default()
        };
        assert_eq!(settings.shop().address, ["12 Main St", "Springfield"]);
        let saved = save_diagnosis_pdf(&form, &settings, dir.path()).unwrap();
        assert!(
            saved
                .path
                .ends_with("diagnosis-case-7-1HGCM82633A004352.pdf"),
            "{saved:?}"
        );
        let bytes = std::fs::read(&saved.path).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(open_pdf("/etc/passwd", dir.path()).is_err());
    }

    #[test]
    fn settings_round_trip_and_reject_unknown_paper() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Settings::load(dir.path()), Settings::default());
        let s = Settings {
            paper: "a4".into(),
            ..Settings::default()
        };
        s.save(dir.path()).unwrap();
        assert_eq!(Settings::load(dir.path()), s);
        let bad = Settings {
            paper: "b5".into(),
            ..Settings::default()
        };
        assert!(bad
            .save(dir.path())
            .unwrap_err()
            .to_string()
            .contains("a4 or letter"));
    }
}
