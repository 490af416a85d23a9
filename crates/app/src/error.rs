use std::path::{Path, PathBuf};

use thiserror::Error;

/// What can go wrong in a shop workflow; each message says what to do.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum AppError {
    /// A value the user typed (a flag, a form field, a query parameter) is not usable.
    #[error("{field}: {reason}")]
    Invalid {
        /// The field as the user knows it (`--vehicle`, `Year`, `price`).
        field: String,
        /// What is wrong and how to write it.
        reason: String,
    },
    /// No variable says where the user's home is.
    #[error(
        "cannot tell where to keep the shop's files: set HOME (or XDG_DATA_HOME, or SHOPBENCH_DATA_DIR), or pass --db PATH"
    )]
    NoHome,
    /// A file or folder could not be read or written.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done (`creating the folder`).
        action: &'static str,
        /// The path.
        path: PathBuf,
        /// The OS's reason.
        source: std::io::Error,
    },
    /// The shop's estimate figures file is broken.
    #[error("the shop's estimate figures in {}: {detail} — fix or remove the file", path.display())]
    ShopData {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// Detection was asked for but there is no model where the setting points.
    #[error("no damage detection model at {} ({set_by}) — shopbench ships none: put your ONNX model there with its manifest.json, set $SHOPBENCH_DETECTOR_MODEL, or pass --model FILE --manifest FILE (README: Damage detection)", model.display())]
    NoDetector {
        /// Where the model was looked for.
        model: PathBuf,
        /// The setting that named that place.
        set_by: String,
    },
    /// From the damage detector (its model or manifest).
    #[error(transparent)]
    Detect(#[from] shopbench_detect::DetectError),
    /// A plan step the diagnosis knowledge does not have.
    #[error("'{0}' is not a step of the diagnosis plan — the step ids are in brackets in `shopbench diagnose ID` (e.g. coil_swap)")]
    UnknownStep(String),
    /// From the case and estimate database.
    #[error(transparent)]
    Store(#[from] shopbench_store::StoreError),
    /// From the estimate engine.
    #[error(transparent)]
    Estimate(#[from] shopbench_estimate::EstimateError),
    /// From photo intake.
    #[error(transparent)]
    Photo(#[from] shopbench_photos::PhotoError),
    /// From the purchase-cost rules.
    #[error(transparent)]
    Costs(#[from] shopbench_costs::CostsError),
    /// From the ELM327 link.
    #[error(transparent)]
    Obd(#[from] shopbench_obd::ObdError),
    /// From a J2534 PassThru device.
    #[error(transparent)]
    J2534(#[from] shopbench_j2534::J2534Error),
    /// A malformed code, VIN, status or mileage.
    #[error(transparent)]
    Core(#[from] shopbench_core::CoreError),
    /// From offline VIN decoding (the vPIC data set).
    #[error(transparent)]
    Vin(#[from] shopbench_vindecode::Error),
    /// From the recalls and complaints cache.
    #[error(transparent)]
    Recalls(#[from] shopbench_recalls::Error),
    /// An estimate line id the estimate does not have.
    #[error("no line '{given}' in this estimate — lines are: {}", lines.join(", "))]
    UnknownLine {
        /// The id given.
        given: String,
        /// Every line id, the removed ones marked `(removed)`.
        lines: Vec<String>,
    },
    /// A change to a line the estimator removed.
    #[error("line '{given}' was removed from this estimate — reset it (estimate edit --line {given} --reset) to bring it back; lines are: {}", lines.join(", "))]
    RemovedLine {
        /// The id given.
        given: String,
        /// Every line id, the removed ones marked `(removed)`.
        lines: Vec<String>,
    },
    /// A line edit sets a field the line's kind does not take.
    #[error("line '{line}' ({kind}) takes {takes} — not {refused}")]
    FieldNotOnLine {
        /// The line id.
        line: String,
        /// Its kind in words.
        kind: String,
        /// The fields it takes.
        takes: String,
        /// The fields given that it does not take.
        refused: String,
    },
    /// A reset of a line the estimator never changed.
    #[error("line '{0}' has no edits to reset — it is as the engine priced it")]
    NothingToReset(String),
    /// A vehicle's model year later than next calendar year's models
    /// ([`crate::check_model_year`]): no such car is on sale, so it is a typo.
    #[error("model year {year} is not on sale yet — the newest model year accepted is {newest}; check the year")]
    FutureModelYear {
        /// The year given.
        year: u16,
        /// The newest model year accepted (next calendar year).
        newest: u16,
    },
    /// A photo to remove has damage areas marked on it ([`crate::estimates::remove_photo`]).
    #[error("{photo} has damage area(s) {areas} marked on it — remove those areas first (they are priced), then the photo")]
    PhotoHasAreas {
        /// The photo's file name.
        photo: String,
        /// The areas' numbers as the estimate lists them (`1, 3`).
        areas: String,
    },
    /// The VIN decoded, but without the make, model and year that recalls and
    /// complaints are indexed by.
    #[error("{vin}: vPIC gave no {missing} — recalls and complaints are indexed by make, model and year; check the VIN")]
    Unresolved {
        /// The VIN.
        vin: String,
        /// What the decode lacks (`model year`, `make`, `model`).
        missing: String,
    },
}

impl AppError {
    /// An [`AppError::Invalid`] for `field`.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> AppError {
        AppError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn io(action: &'static str, path: &Path, source: std::io::Error) -> AppError {
        AppError::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}
