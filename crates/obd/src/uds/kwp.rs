//! KWP2000 (ISO 14230-3) service 18, ReadDiagnosticTroubleCodesByStatus: the
//! code service of K-line modules from before UDS. Parser only: shopbench
//! sends it nowhere yet (its ELM327 K-line sessions speak OBD-II).
//!
//! ```text
//! request   18 statusOfDTC groupOfDTC(2)        18 02 FF 00: every stored code
//! response  58 numberOfDTC {DTC(2) statusOfDTC}*
//! statusOfDTC:
//!   bit 7     warning lamp illuminated for this code
//!   bits 6–5  storage state: 00 no code, 01 not present at the time of the
//!             request, 10 maturing (intermittent), 11 present now
//!   bit 4     readiness: 1 = the test has not completed
//!   bits 3–0  fault symptom (manufacturer-defined)
//! ```
//!
//! Status layout: Marscholik & Subke, *Road Vehicles — Diagnostic
//! Communication* (2008), as summarised at
//! <https://www.datajob.com/it/definizione-automotive/505/dtc-status-byte>.

use serde::{Deserialize, Serialize};
use shopbench_core::Dtc;

/// Where a KWP2000 code stands (status bits 6–5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KwpStorage {
    /// 00: no code detected.
    NoCode,
    /// 01: stored, but the fault is not present now.
    NotPresent,
    /// 10: maturing (intermittent).
    Maturing,
    /// 11: present at the time of the request.
    Present,
}

/// A KWP2000 code status byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct KwpStatus(pub u8);

impl KwpStatus {
    /// Bit 7: the warning lamp is on for this code.
    pub fn warning_lamp(self) -> bool {
        self.0 & 0x80 != 0
    }

    /// Bits 6–5.
    pub fn storage(self) -> KwpStorage {
        match (self.0 >> 5) & 0x3 {
            0 => KwpStorage::NoCode,
            1 => KwpStorage::NotPresent,
            2 => KwpStorage::Maturing,
            _ => KwpStorage::Present,
        }
    }

    /// Bit 4: the test has not completed.
    pub fn test_incomplete(self) -> bool {
        self.0 & 0x10 != 0
    }

    /// Bits 3–0: the manufacturer's fault symptom.
    pub fn symptom(self) -> u8 {
        self.0 & 0x0F
    }

    /// "present now, warning lamp on", "stored, not present now", …
    pub fn summary(self) -> String {
        let mut s = match self.storage() {
            KwpStorage::NoCode => "no code",
            KwpStorage::NotPresent => "stored, not present now",
            KwpStorage::Maturing => "intermittent (maturing)",
            KwpStorage::Present => "present now",
        }
        .to_string();
        if self.warning_lamp() {
            s.push_str(", warning lamp on");
        }
        if self.test_incomplete() {
            s.push_str(", test not completed");
        }
        s
    }
}

/// One KWP2000 code with its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KwpDtc {
    /// The 2-byte code.
    pub code: Dtc,
    /// Its status.
    pub status: KwpStatus,
}

/// 58 n {DTC(2) status}*: refuses a reply whose count disagrees with the
/// records it carries.
pub fn parse_kwp_dtcs(reply: &[u8]) -> Result<Vec<KwpDtc>, String> {
    let [0x58, count, records @ ..] = reply else {
        return Err("not a KWP2000 58 reply".into());
    };
    if records.len() % 3 != 0 || records.len() / 3 != usize::from(*count) {
        return Err(format!(
            "the reply announces {count} codes but carries {} bytes of them (3 bytes each)",
            records.len()
        ));
    }
    Ok(records
        .chunks_exact(3)
        .map(|r| KwpDtc {
            code: Dtc::from_bytes([r[0], r[1]]),
            status: KwpStatus(r[2]),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn kwp_codes_and_status() {
        let v = parse_kwp_dtcs(&[0x58, 0x02, 0x01, 0x71, 0xE0, 0x50, 0x35, 0x20]).unwrap();
        assert_eq!(v[0].code.to_string(), "P0171");
        assert_eq!(v[0].status.storage(), KwpStorage::Present);
        assert!(v[0].status.warning_lamp());
        assert_eq!(v[0].status.summary(), "present now, warning lamp on");
        assert_eq!(v[1].code.to_string(), "C1035");
        assert_eq!(v[1].status.summary(), "stored, not present now");
        assert!(parse_kwp_dtcs(&[0x58, 0x02, 0x01, 0x71, 0xE0]).is_err());
        assert!(parse_kwp_dtcs(&[0x58, 0x00]).unwrap().is_empty());
        assert_eq!(KwpStatus(0x5F).symptom(), 0x0F);
        assert!(KwpStatus(0x5F).test_incomplete());
    }

    proptest! {
        #[test]
        fn never_panics(reply in proptest::collection::vec(any::<u8>(), 0..40)) {
            let _ = parse_kwp_dtcs(&reply);
            let _ = parse_kwp_dtcs(&[&[0x58][..], &reply[..]].concat());
        }
    }
}
