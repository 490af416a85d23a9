//! Diagnostic trouble codes (SAE J2012 / ISO 15031-6).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::CoreError;

/// The vehicle system a trouble code belongs to: its leading letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DtcSystem {
    /// `P` — engine and transmission.
    Powertrain,
    /// `C` — brakes, steering, suspension.
    Chassis,
    /// `B` — airbags, climate, seats, lighting.
    Body,
    /// `U` — communication between modules.
    Network,
}

impl DtcSystem {
    fn letter(self) -> char {
        match self {
            DtcSystem::Powertrain => 'P',
            DtcSystem::Chassis => 'C',
            DtcSystem::Body => 'B',
            DtcSystem::Network => 'U',
        }
    }
}

/// A diagnostic trouble code such as `P0171`.
///
/// On the wire (OBD-II services 03, 07, 0A and 02) a code is two bytes:
///
/// ```text
///  byte A                          byte B
///  7   6   5   4   3   2   1   0   7   6   5   4   3   2   1   0
/// [ sys ] [ d1  ] [    d2       ] [    d3       ] [    d4       ]
///  00 P    0..3    hex digit       hex digit       hex digit
///  01 C
///  10 B
///  11 U
/// ```
///
/// So `01 71` is `P0171` and `C1 23` is `U0123`. Every 16-bit value is a valid
/// code, which makes [`Dtc::from_bytes`] infallible; `00 00` is "no code" and is
/// filtered out by the service decoders, not here.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dtc(u16);

impl Dtc {
    /// Builds the code from its two-byte wire form.
    pub fn from_bytes(bytes: [u8; 2]) -> Dtc {
        Dtc(u16::from_be_bytes(bytes))
    }

    /// The two-byte wire form.
    pub fn to_bytes(self) -> [u8; 2] {
        self.0.to_be_bytes()
    }

    /// The system letter.
    pub fn system(self) -> DtcSystem {
        match self.0 >> 14 {
            0 => DtcSystem::Powertrain,
            1 => DtcSystem::Chassis,
            2 => DtcSystem::Body,
            _ => DtcSystem::Network,
        }
    }

    /// The first digit (0–3): 0, 2 and (mostly) 3 are SAE-defined, 1 is the manufacturer's.
    pub fn first_digit(self) -> u8 {
        ((self.0 >> 12) & 0x3) as u8
    }

    /// Whether SAE J2012 leaves this code's meaning to the manufacturer
    /// (P1xxx, P30xx–P33xx, B1/B2, C1/C2, U1/U2), so a generic table cannot define it.
    pub fn is_manufacturer_specific(self) -> bool {
        let d1 = self.first_digit();
        match self.system() {
            DtcSystem::Powertrain => d1 == 1 || (d1 == 3 && ((self.0 >> 8) & 0xF) <= 3),
            _ => d1 == 1 || d1 == 2,
        }
    }
}

impl fmt::Display for Dtc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:04X}", self.system().letter(), self.0 & 0x3FFF)
    }
}

impl fmt::Debug for Dtc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Dtc({self})")
    }
}

impl FromStr for Dtc {
    type Err = CoreError;

    fn from_str(s: &str) -> Result<Dtc, CoreError> {
        let t = s.trim();
        let bad = || CoreError::MalformedDtc(t.to_string());
        let mut chars = t.chars();
        let sys: u16 = match chars.next().map(|c| c.to_ascii_uppercase()) {
            Some('P') => 0,
            Some('C') => 1,
            Some('B') => 2,
            Some('U') => 3,
            _ => return Err(bad()),
        };
        let digits = chars.as_str();
        if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let rest = u16::from_str_radix(digits, 16).map_err(|_| bad())?;
        if rest > 0x3FFF {
            return Err(bad());
        }
        Ok(Dtc((sys << 14) | rest))
    }
}

impl Serialize for Dtc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Dtc {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Dtc, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `P9999` has four hex digits; the error said it lacked them.
    #[test]
    fn regression_a_first_digit_over_3_was_said_to_lack_four_hex_digits() {
        let e = "P9999".parse::<Dtc>().unwrap_err().to_string();
        assert_eq!(
            e,
            "'P9999' is not a trouble code: expected a letter P, C, B or U, a digit 0–3, then three hex digits, like P0171"
        );
        assert_eq!("U3FFF".parse::<Dtc>().unwrap().to_string(), "U3FFF");
    }
    use proptest::prelude::*;

    #[test]
    fn wire_examples() {
        assert_eq!(Dtc::from_bytes([0x01, 0x71]).to_string(), "P0171");
        assert_eq!(Dtc::from_bytes([0x43, 0x00]).to_string(), "C0300");
        assert_eq!(Dtc::from_bytes([0x81, 0x23]).to_string(), "B0123");
        assert_eq!(Dtc::from_bytes([0xC1, 0x00]).to_string(), "U0100");
        assert_eq!(Dtc::from_bytes([0x11, 0x23]).to_string(), "P1123");
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "", "P", "P017", "P01711", "X0171", "P4000", "PG171", "P 171",
        ] {
            assert!(bad.parse::<Dtc>().is_err(), "{bad} accepted");
        }
        assert_eq!("p0171".parse::<Dtc>().unwrap().to_string(), "P0171");
    }

    #[test]
    fn manufacturer_ranges() {
        let m = |s: &str| s.parse::<Dtc>().unwrap().is_manufacturer_specific();
        assert!(m("P1234") && m("P3000") && m("P33FF") && m("B1001") && m("U2100") && m("C1234"));
        assert!(!m("P0171") && !m("P2096") && !m("P3400") && !m("U0100") && !m("B0001"));
    }

    proptest! {
        #[test]
        fn bytes_round_trip(a: u8, b: u8) {
            let dtc = Dtc::from_bytes([a, b]);
            prop_assert_eq!(dtc.to_bytes(), [a, b]);
            prop_assert_eq!(dtc.to_string().parse::<Dtc>().unwrap(), dtc);
        }

        #[test]
        fn parse_never_panics(s in ".{0,8}") {
            let _ = s.parse::<Dtc>();
        }
    }
}
