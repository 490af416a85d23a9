//! The manufacturers' bulletin index, fetched online: NHTSA publishes it as
//! zipped tab-separated files in five-year chunks beside its other flat
//! files, `{files}/tsbs/TSBS_RECEIVED_{period}.zip`, each holding one
//! `TSBS_RECEIVED_{period}.txt` (the layout [`crate::bulletins`] reads).
//! `{files}` is <https://static.nhtsa.gov/odi/ffdd>, or
//! `$SHOPBENCH_NHTSA_FILES` (tests point it at a loopback server). A
//! download goes to a file beside the cache first and is imported from
//! there in one transaction, so a failed download leaves the cache as it was.

use std::io::{BufReader, Read, Write};
use std::path::Path;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::store::{ImportKind, ImportReport, Store};

/// NHTSA's flat-file root.
pub const NHTSA_FILES: &str = "https://static.nhtsa.gov/odi/ffdd";

/// The chunks a refresh fetches when none is named: the two that hold
/// bulletins of the last five years. Names as NHTSA's file listing gave
/// them in 2025–2026 (`TSBS_RECEIVED_2020-2024.zip`,
/// `TSBS_RECEIVED_2025-2026.zip`), read from public code that downloads
/// them; the project could not list the folder itself (no internet here),
/// so a chunk NHTSA renames is named with `--period`.
pub const TSB_PERIODS: &[&str] = &["2020-2024", "2025-2026"];

/// `$SHOPBENCH_NHTSA_FILES`, else [`NHTSA_FILES`].
pub fn files_root_from_env() -> String {
    std::env::var("SHOPBENCH_NHTSA_FILES")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| NHTSA_FILES.to_string())
}

/// The address of one chunk; a period that is not `YYYY-YYYY` (first year
/// not after the second) is refused before anything is asked.
pub fn tsb_file_url(root: &str, period: &str) -> Result<String> {
    let years: Vec<&str> = period.trim().split('-').collect();
    let year = |s: &str| (s.len() == 4).then(|| s.parse::<u16>().ok()).flatten();
    match years.as_slice() {
        [a, b] if year(a).zip(year(b)).is_some_and(|(a, b)| a <= b) => Ok(format!(
            "{}/tsbs/TSBS_RECEIVED_{}.zip",
            root.trim_end_matches('/'),
            period.trim()
        )),
        _ => Err(Error::BadPeriod(period.to_string())),
    }
}

/// Downloads `url` into `dest` (replacing it); the bytes written.
pub async fn download(url: &str, dest: &Path) -> Result<u64> {
    let fail = |detail: String| Error::Download {
        url: url.to_string(),
        detail,
    };
    let client = reqwest::Client::builder()
        .user_agent(concat!("shopbench/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .read_timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| fail(e.to_string()))?;
    let mut resp = client
        .get(url)
        .send()
        .await
        .map_err(|e| fail(crate::online::describe(e)))?;
    if !resp.status().is_success() {
        return Err(fail(format!("HTTP {}", resp.status())));
    }
    let mut file =
        std::fs::File::create(dest).map_err(|e| fail(format!("{}: {e}", dest.display())))?;
    let mut written = 0u64;
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| fail(crate::online::describe(e)))?
    {
        file.write_all(&chunk)
            .map_err(|e| fail(format!("{}: {e}", dest.display())))?;
        written += chunk.len() as u64;
    }
    file.sync_all()
        .map_err(|e| fail(format!("{}: {e}", dest.display())))?;
    Ok(written)
}

impl Store {
    /// Imports the one `.txt` file in the zip at `path` as bulletins, in one
    /// transaction, `source` (the address it came from) recorded as the
    /// file; an archive with no `.txt` file or several, or one that cannot
    /// be read, is refused and the cache left as it was.
    pub fn import_bulletins_zip(
        &mut self,
        path: &Path,
        source: &str,
        now: i64,
    ) -> Result<ImportReport> {
        let bad = |detail: String| Error::Archive {
            path: path.to_path_buf(),
            detail,
        };
        let file = std::fs::File::open(path).map_err(|e| bad(e.to_string()))?;
        let mut zip = zip::ZipArchive::new(file).map_err(|e| bad(e.to_string()))?;
        let names: Vec<String> = zip
            .file_names()
            .filter(|n| n.to_ascii_lowercase().ends_with(".txt"))
            .map(str::to_string)
            .collect();
        // NHTSA packs one file per archive; one import is one transaction,
        // so an archive of several could be half imported: refused.
        let [name] = names.as_slice() else {
            return Err(bad(format!(
                "{} .txt files in the archive, one expected",
                names.len()
            )));
        };
        let entry = zip.by_name(name).map_err(|e| bad(e.to_string()))?;
        let reader = BufReader::with_capacity(1 << 16, entry.take(u64::MAX));
        self.import(
            ImportKind::Bulletins,
            reader,
            &format!("{source} ({name})"),
            now,
        )
    }
}
