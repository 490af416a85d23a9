//! What the commands do, without Tauri: each function takes values (and the
//! session or the shop's folders) and returns the contract's views
//! (`shopbench_views`), so it is tested without a window. The workflows
//! themselves are `shopbench_app`'s, shared with the CLI.

pub mod assistant;
pub mod case;
pub mod diagnose;
pub mod drafts;
pub mod estimate;
pub mod estimate_remote;
pub mod inspection;
pub mod json_cases;
pub mod link;
pub mod live;
pub mod modules;
pub mod remote;
pub mod report;
pub mod vehicle;
pub mod vpic;

use std::path::Path;

use serde::Serialize;
use shopbench_views::SavedPdf;

use crate::error::DesktopError;

/// The clock, read at the edge: Unix seconds.
pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Writes `value` as pretty JSON through a temporary file and a rename
/// (a crash leaves the old file or the new one, never half of one).
pub(crate) fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), DesktopError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| DesktopError::io("creating the folder", dir, e))?;
    let tmp = path.with_extension("json.tmp");
    let bytes = serde_json::to_vec_pretty(value).expect("plain data serialises");
    std::fs::write(&tmp, bytes).map_err(|e| DesktopError::io("writing", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| DesktopError::io("writing", path, e))
}

/// A draft read back: `empty()` when there is no file yet, or when it does
/// not read as one (a draft is never worth refusing to start over).
pub(crate) fn read_draft<T: serde::de::DeserializeOwned>(
    path: &Path,
    empty: impl Fn() -> T,
) -> Result<T, DesktopError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(serde_json::from_slice(&bytes).unwrap_or_else(|_| empty())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(empty()),
        Err(e) => Err(DesktopError::io("reading the draft", path, e)),
    }
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

/// Runs `f` on a fresh current-thread runtime (tests: one runtime per test, as
/// a serial port belongs to the runtime that opened it).
#[cfg(test)]
pub(crate) fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// A shop in a temporary folder, with the paths the CLI would use there.
#[cfg(test)]
pub(crate) fn temp_shop(dir: &Path) -> crate::shop::Shop {
    let home = dir.as_os_str().to_owned();
    crate::shop::Shop::at(
        shopbench_app::ShopPaths::from_vars(|k| (k == "HOME").then(|| home.clone())).unwrap(),
    )
}

/// Asserts that each text a screen shows of the engines' or the shell's
/// words has French (`shopbench_i18n::lacks_french`: a row, or a template
/// with no English left in its pieces), naming those that have none.
#[cfg(test)]
pub(crate) fn assert_french<S: AsRef<str>>(shown: impl IntoIterator<Item = S>) {
    let english: Vec<String> = shown
        .into_iter()
        .filter(|t| shopbench_i18n::lacks_french(t.as_ref()))
        .map(|t| t.as_ref().to_string())
        .collect();
    assert!(english.is_empty(), "no French for {english:#?}");
}

/// A 2014 Honda Civic with P0442 (a small EVAP leak), as the Case form holds
/// it: the car the fix and bulletin tests use.
#[cfg(test)]
pub(crate) fn evap_civic_form() -> shopbench_views::CaseForm {
    shopbench_views::CaseForm {
        make: "Honda".into(),
        model: "Civic".into(),
        year: "2014".into(),
        codes: "P0442".into(),
        unit: "mi".into(),
        ..Default::default()
    }
}
