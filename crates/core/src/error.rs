use thiserror::Error;

/// Everything that can be wrong with a value a user or a car hands us.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CoreError {
    /// A trouble code that is not a letter P/C/B/U, a digit 0–3 and three hex digits.
    #[error("'{0}' is not a trouble code: expected a letter P, C, B or U, a digit 0–3, then three hex digits, like P0171")]
    MalformedDtc(String),
    /// A VIN with the wrong length or characters outside the VIN alphabet.
    #[error("'{vin}' is not a VIN: {reason}")]
    MalformedVin {
        /// What the user gave us (trimmed).
        vin: String,
        /// Which rule it breaks.
        reason: String,
    },
    /// A code status other than stored, pending or permanent.
    #[error("'{0}' is not a code status — use stored, pending or permanent")]
    UnknownDtcStatus(String),
    /// A distance unit other than miles or kilometres.
    #[error("'{0}' is not a distance unit — use mi or km")]
    UnknownUnit(String),
    /// An odometer reading that is not a number (with an optional unit).
    #[error("'{0}' is not an odometer reading — give a number, e.g. 120000, 120k or 193000km")]
    MalformedMileage(String),
    /// An amount that is not dollars and at most two decimals.
    #[error("'{0}' is not an amount — give dollars and cents, e.g. 25000 or 412.50")]
    MalformedAmount(String),
}
