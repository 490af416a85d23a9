use thiserror::Error;

/// Everything that can be wrong with a value a user or a car hands us.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CoreError {
    /// A trouble code that is not a letter P/C/B/U followed by four hex digits.
    #[error("'{0}' is not a trouble code: expected a letter P, C, B or U and four hex digits, like P0171")]
    MalformedDtc(String),
    /// A VIN with the wrong length or characters outside the VIN alphabet.
    #[error("'{vin}' is not a VIN: {reason}")]
    MalformedVin {
        /// What the user gave us (trimmed).
        vin: String,
        /// Which rule it breaks.
        reason: String,
    },
}
