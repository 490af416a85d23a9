//! The 3-byte UDS trouble code and its status byte (ISO 14229-1 annex D).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use shopbench_core::Dtc;

use super::failure_type::FailureType;

/// A 3-byte trouble code as UDS modules report it (service 19), in the SAE
/// J2012-DA format (DTC format identifier 0x04, ISO 14229-1 D.1):
///
/// ```text
///  byte 1   byte 2   byte 3
/// [ 2-byte J2012 code ] [ failure type ]
///   C0 35               1C               → C0035-1C
/// ```
///
/// The first two bytes are the same code as OBD-II's ([`Dtc`]); the third
/// says how the part failed (`1C` = circuit voltage out of range, see
/// [`FailureType`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UdsDtc {
    code: Dtc,
    failure_type: u8,
}

impl UdsDtc {
    /// A code and its failure type.
    pub fn new(code: Dtc, failure_type: u8) -> UdsDtc {
        UdsDtc { code, failure_type }
    }

    /// From the three bytes on the wire. Every value is a valid code.
    pub fn from_bytes(bytes: [u8; 3]) -> UdsDtc {
        UdsDtc::new(Dtc::from_bytes([bytes[0], bytes[1]]), bytes[2])
    }

    /// The three bytes on the wire.
    pub fn to_bytes(self) -> [u8; 3] {
        let [a, b] = self.code.to_bytes();
        [a, b, self.failure_type]
    }

    /// The 2-byte code (`C0035`).
    pub fn code(self) -> Dtc {
        self.code
    }

    /// The failure-type byte (`0x1C`).
    pub fn failure_type(self) -> u8 {
        self.failure_type
    }

    /// What the failure type means (SAE J2012-DA generic names, else its category).
    pub fn failure_meaning(self) -> String {
        FailureType::describe(self.failure_type)
    }
}

impl fmt::Display for UdsDtc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02X}", self.code, self.failure_type)
    }
}

impl fmt::Debug for UdsDtc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UdsDtc({self})")
    }
}

impl FromStr for UdsDtc {
    type Err = String;

    /// `C0035-1C`, `C0035:1C` or `C00351C` (any case).
    fn from_str(s: &str) -> Result<UdsDtc, String> {
        let t = s.trim();
        let bad = || format!("'{t}' is not a 3-byte trouble code (like C0035-1C)");
        let (code, ft) = match t.split_once(['-', ':']) {
            Some(parts) => parts,
            None if t.len() == 7 && t.is_char_boundary(5) => t.split_at(5),
            None => return Err(bad()),
        };
        let code: Dtc = code.parse().map_err(|_| bad())?;
        if ft.len() != 2 {
            return Err(bad());
        }
        let ft = u8::from_str_radix(ft, 16).map_err(|_| bad())?;
        Ok(UdsDtc::new(code, ft))
    }
}

impl Serialize for UdsDtc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for UdsDtc {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<UdsDtc, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// One bit of the UDS DTC status byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusBit {
    /// Bit number, 0 = least significant.
    pub bit: u8,
    /// The ISO 14229-1 name (`confirmedDTC`).
    pub name: &'static str,
    /// What it means when set, in a mechanic's words.
    pub meaning: &'static str,
}

/// The eight status bits, ISO 14229-1:2013 D.2 (statusOfDTC), bit 0 first.
pub const STATUS_BITS: [StatusBit; 8] = [
    StatusBit {
        bit: 0,
        name: "testFailed",
        meaning: "failing right now",
    },
    StatusBit {
        bit: 1,
        name: "testFailedThisOperationCycle",
        meaning: "failed during this drive (ignition cycle)",
    },
    StatusBit {
        bit: 2,
        name: "pendingDTC",
        meaning: "pending: failed this drive or the last one",
    },
    StatusBit {
        bit: 3,
        name: "confirmedDTC",
        meaning: "confirmed and stored",
    },
    StatusBit {
        bit: 4,
        name: "testNotCompletedSinceLastClear",
        meaning: "self-test not run since codes were last cleared",
    },
    StatusBit {
        bit: 5,
        name: "testFailedSinceLastClear",
        meaning: "failed at least once since codes were last cleared",
    },
    StatusBit {
        bit: 6,
        name: "testNotCompletedThisOperationCycle",
        meaning: "self-test not run yet this drive",
    },
    StatusBit {
        bit: 7,
        name: "warningIndicatorRequested",
        meaning: "module asks for its warning lamp",
    },
];

/// The status byte of a UDS trouble code, decoded bit by bit (ISO 14229-1 D.2):
///
/// ```text
///  bit 7  warningIndicatorRequested       bit 3  confirmedDTC
///  bit 6  testNotCompletedThisOpCycle     bit 2  pendingDTC
///  bit 5  testFailedSinceLastClear        bit 1  testFailedThisOperationCycle
///  bit 4  testNotCompletedSinceLastClear  bit 0  testFailed
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UdsStatus(pub u8);

impl UdsStatus {
    /// Every status bit with whether it is set, bit 0 first.
    pub fn bits(self) -> impl Iterator<Item = (StatusBit, bool)> {
        STATUS_BITS
            .into_iter()
            .map(move |b| (b, self.0 & (1 << b.bit) != 0))
    }

    /// The bits that are set.
    pub fn set(self) -> impl Iterator<Item = StatusBit> {
        self.bits().filter(|(_, on)| *on).map(|(b, _)| b)
    }

    /// Bit 0: the test fails now.
    pub fn test_failed(self) -> bool {
        self.0 & 0x01 != 0
    }

    /// Bit 2: pending.
    pub fn pending(self) -> bool {
        self.0 & 0x04 != 0
    }

    /// Bit 3: confirmed (stored).
    pub fn confirmed(self) -> bool {
        self.0 & 0x08 != 0
    }

    /// Bit 7: the module asks for its warning lamp (ABS, airbag, …).
    pub fn warning_indicator(self) -> bool {
        self.0 & 0x80 != 0
    }

    /// A short summary for a code list: "confirmed, warning lamp, failing now",
    /// "pending", "history (passed since)", …
    pub fn summary(self) -> String {
        let mut words = Vec::new();
        if self.confirmed() {
            words.push("confirmed");
        }
        if self.pending() {
            words.push("pending");
        }
        if self.warning_indicator() {
            words.push("warning lamp on");
        }
        if self.test_failed() {
            words.push("failing now");
        } else if self.confirmed() || self.pending() {
            words.push("not failing now");
        }
        if words.is_empty() {
            words.push(if self.0 & 0x20 != 0 {
                "failed since last clear, not stored"
            } else {
                "not failed"
            });
        }
        words.join(", ")
    }
}

impl fmt::Debug for UdsStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UdsStatus({:02X})", self.0)
    }
}

impl fmt::Display for UdsStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02X} ({})", self.0, self.summary())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_like_scan_tools() {
        let d = UdsDtc::from_bytes([0x40, 0x35, 0x1C]);
        assert_eq!(d.to_string(), "C0035-1C");
        assert_eq!(d.failure_meaning(), "Circuit voltage out of range");
        assert_eq!(
            UdsDtc::from_bytes([0x9A, 0x11, 0x13]).to_string(),
            "B1A11-13"
        );
        assert_eq!(
            UdsDtc::from_bytes([0xC1, 0x00, 0x87]).to_string(),
            "U0100-87"
        );
        for text in ["C0035-1C", "c0035:1c", "C00351C", " C0035-1C "] {
            assert_eq!(text.parse::<UdsDtc>().unwrap(), d, "{text}");
        }
        for bad in [
            "C0035",
            "C0035-1",
            "C0035-1CC",
            "X0035-1C",
            "C0035-ZZ",
            "",
            "é0035-1C",
        ] {
            assert!(bad.parse::<UdsDtc>().is_err(), "{bad}");
        }
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"C0035-1C\"");
    }

    #[test]
    fn status_bits_are_decoded_one_by_one() {
        // 0x2F: testFailed, thisCycle, pending, confirmed, failedSinceClear
        let s = UdsStatus(0x2F);
        let names: Vec<_> = s.set().map(|b| b.name).collect();
        assert_eq!(
            names,
            [
                "testFailed",
                "testFailedThisOperationCycle",
                "pendingDTC",
                "confirmedDTC",
                "testFailedSinceLastClear"
            ]
        );
        assert!(s.confirmed() && s.pending() && s.test_failed() && !s.warning_indicator());
        assert_eq!(s.summary(), "confirmed, pending, failing now");
        assert_eq!(
            UdsStatus(0x88).summary(),
            "confirmed, warning lamp on, not failing now"
        );
        assert_eq!(
            UdsStatus(0x20).summary(),
            "failed since last clear, not stored"
        );
        assert_eq!(UdsStatus(0x50).summary(), "not failed");
    }

    proptest! {
        #[test]
        fn three_byte_dtc_round_trips(a: u8, b: u8, c: u8) {
            let d = UdsDtc::from_bytes([a, b, c]);
            prop_assert_eq!(d.to_bytes(), [a, b, c]);
            prop_assert_eq!(d.to_string().parse::<UdsDtc>().unwrap(), d);
            let json = serde_json::to_string(&d).unwrap();
            prop_assert_eq!(serde_json::from_str::<UdsDtc>(&json).unwrap(), d);
        }

        #[test]
        fn each_status_bit_stands_alone(byte: u8) {
            let s = UdsStatus(byte);
            let rebuilt = s.set().fold(0u8, |acc, b| acc | (1 << b.bit));
            prop_assert_eq!(rebuilt, byte);
            prop_assert_eq!(s.bits().count(), 8);
            prop_assert_eq!(s.confirmed(), byte & 0x08 != 0);
            prop_assert_eq!(s.pending(), byte & 0x04 != 0);
            prop_assert!(!s.summary().is_empty());
        }

        #[test]
        fn parsing_text_never_panics(s in ".{0,12}") {
            let _ = s.parse::<UdsDtc>();
        }
    }
}
