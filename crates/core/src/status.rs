//! Which list a trouble code was read from.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::CoreError;

/// Where an OBD-II code stands: the three lists a scan tool reads.
///
/// One type for the scan (`crates/obd`), the case (`crates/store`) and the
/// engine (`crates/diagnosis`), so a status is never mapped by hand between
/// them. Serialised in lower case (`"pending"`), as case files write it.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum DtcStatus {
    /// Confirmed and stored — service 03; what lights the MIL.
    #[default]
    Stored,
    /// Seen on this or the last drive cycle, not yet confirmed — service 07.
    Pending,
    /// Permanent — service 0A; a scan tool cannot erase it, only passing monitors can.
    Permanent,
}

impl DtcStatus {
    /// All three, in the order a scan reads them.
    pub const ALL: [DtcStatus; 3] = [DtcStatus::Stored, DtcStatus::Pending, DtcStatus::Permanent];

    /// The word shown and typed: `stored`, `pending`, `permanent`.
    pub fn as_str(self) -> &'static str {
        match self {
            DtcStatus::Stored => "stored",
            DtcStatus::Pending => "pending",
            DtcStatus::Permanent => "permanent",
        }
    }

    /// The SAE J1979 request service byte that reads this list (03, 07, 0A).
    pub fn obd_service(self) -> u8 {
        match self {
            DtcStatus::Stored => 0x03,
            DtcStatus::Pending => 0x07,
            DtcStatus::Permanent => 0x0A,
        }
    }
}

impl fmt::Display for DtcStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DtcStatus {
    type Err = CoreError;

    /// `stored` (also `confirmed`), `pending`, `permanent`, in any case.
    fn from_str(s: &str) -> Result<DtcStatus, CoreError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "stored" | "confirmed" => Ok(DtcStatus::Stored),
            "pending" => Ok(DtcStatus::Pending),
            "permanent" => Ok(DtcStatus::Permanent),
            _ => Err(CoreError::UnknownDtcStatus(s.trim().to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip_and_confirmed_means_stored() {
        for s in DtcStatus::ALL {
            assert_eq!(s.as_str().parse::<DtcStatus>().unwrap(), s);
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
        }
        assert_eq!("Confirmed".parse::<DtcStatus>().unwrap(), DtcStatus::Stored);
        let e = "history".parse::<DtcStatus>().unwrap_err().to_string();
        assert!(e.contains("stored, pending or permanent"), "{e}");
        assert_eq!(DtcStatus::Permanent.obd_service(), 0x0A);
    }
}
