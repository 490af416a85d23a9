//! Vehicle identification numbers (49 CFR 565).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::CoreError;

/// A 17-character VIN in the North American / ISO 3779 alphabet.
///
/// Construction checks length and alphabet (no `I`, `O`, `Q`). The check digit
/// is *not* a construction rule: many non-North-American VINs (and some real
/// US ones) fail it, so a failed check is reported by [`Vin::warnings`] and
/// the VIN is kept.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Vin([u8; 17]);

/// Something suspicious about a VIN that does not stop us from using it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VinWarning {
    /// Position 9 does not match the 49 CFR 565 check-digit computation.
    CheckDigitMismatch {
        /// The character in position 9.
        found: char,
        /// What the computation gives.
        expected: char,
    },
}

impl fmt::Display for VinWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VinWarning::CheckDigitMismatch { found, expected } => write!(
                f,
                "check digit is '{found}' but the VIN computes to '{expected}' — \
                 common on non-North-American VINs; re-read the VIN plate if this car is US/Canadian"
            ),
        }
    }
}

/// 49 CFR 565.15 transliteration of a VIN character to its check value.
fn transliterate(c: u8) -> u32 {
    match c {
        b'0'..=b'9' => (c - b'0') as u32,
        b'A' | b'J' => 1,
        b'B' | b'K' | b'S' => 2,
        b'C' | b'L' | b'T' => 3,
        b'D' | b'M' | b'U' => 4,
        b'E' | b'N' | b'V' => 5,
        b'F' | b'W' => 6,
        b'G' | b'P' | b'X' => 7,
        b'H' | b'Y' => 8,
        b'R' | b'Z' => 9,
        _ => 0,
    }
}

const WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// Position-10 year codes in cycle order, starting at 1980 (and again at 2010).
const YEAR_CODES: &[u8; 30] = b"ABCDEFGHJKLMNPRSTVWXY123456789";

impl Vin {
    /// The VIN as text.
    pub fn as_str(&self) -> &str {
        // Construction admits ASCII only.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// World manufacturer identifier: positions 1–3.
    pub fn wmi(&self) -> &str {
        &self.as_str()[..3]
    }

    /// The check digit the 49 CFR 565 computation gives for this VIN.
    pub fn expected_check_digit(&self) -> char {
        let sum: u32 = self
            .0
            .iter()
            .zip(WEIGHTS)
            .map(|(&c, w)| transliterate(c) * w)
            .sum();
        match sum % 11 {
            10 => 'X',
            d => char::from(b'0' + d as u8),
        }
    }

    /// Whether position 9 matches the computed check digit.
    pub fn check_digit_ok(&self) -> bool {
        self.0[8] as char == self.expected_check_digit()
    }

    /// What is suspicious about this VIN (empty when nothing is).
    pub fn warnings(&self) -> Vec<VinWarning> {
        let mut out = Vec::new();
        if !self.check_digit_ok() {
            out.push(VinWarning::CheckDigitMismatch {
                found: self.0[8] as char,
                expected: self.expected_check_digit(),
            });
        }
        out
    }

    /// The model year from position 10.
    ///
    /// The code repeats every 30 years. For North American light vehicles
    /// position 7 settles which cycle: a digit there means 1980–2009, a letter
    /// 2010–2039. Elsewhere that rule does not hold, and the later cycle is
    /// taken when it is not in the future relative to `newest_year`.
    pub fn model_year(&self, newest_year: u16) -> Option<u16> {
        let idx = YEAR_CODES.iter().position(|&c| c == self.0[9])? as u16;
        let early = 1980 + idx;
        let late = 2010 + idx;
        if self.0[6].is_ascii_digit() {
            Some(early)
        } else if late <= newest_year + 1 {
            Some(late)
        } else {
            Some(early)
        }
    }
}

impl FromStr for Vin {
    type Err = CoreError;

    fn from_str(s: &str) -> Result<Vin, CoreError> {
        let t = s.trim().to_ascii_uppercase();
        let bad = |reason: String| CoreError::MalformedVin {
            vin: s.trim().to_string(),
            reason,
        };
        // Characters, not bytes: an 'É' is one character of what was typed
        // (and two bytes), and the next check names it.
        let count = t.chars().count();
        if count != 17 {
            return Err(bad(format!("it has {count} characters, a VIN has 17")));
        }
        if let Some((i, c)) = t
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_alphanumeric())
        {
            let at = i + 1;
            return Err(bad(format!(
                "'{c}' at position {at} is not a VIN character (A–Z, 0–9)"
            )));
        }
        if let Some(c) = t.chars().find(|c| matches!(c, 'I' | 'O' | 'Q')) {
            return Err(bad(format!(
                "'{c}' never appears in a VIN (I, O and Q are excluded) — did you mean '{}'?",
                if c == 'I' { '1' } else { '0' }
            )));
        }
        let mut bytes = [0u8; 17];
        bytes.copy_from_slice(t.as_bytes());
        Ok(Vin(bytes))
    }
}

impl fmt::Display for Vin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Vin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Vin({})", self.as_str())
    }
}

impl Serialize for Vin {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Vin {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Vin, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn check_digit() {
        // 49 CFR 565 worked example style VINs with valid check digits.
        let v: Vin = "1M8GDM9AXKP042788".parse().unwrap();
        assert!(v.check_digit_ok());
        let v: Vin = "1HGCM82633A004352".parse().unwrap();
        assert!(v.check_digit_ok());
        // Seed 002's sample VIN fails its check digit and is still accepted.
        let v: Vin = "1FTFW1ET5DFC10312".parse().unwrap();
        assert!(!v.check_digit_ok());
        assert_eq!(v.warnings().len(), 1);
    }

    #[test]
    fn model_year_cycles() {
        let v: Vin = "1FTFW1ET5DFC10312".parse().unwrap();
        assert_eq!(v.model_year(2026), Some(2013));
        let v: Vin = "1HGCM82633A004352".parse().unwrap();
        assert_eq!(v.model_year(2026), Some(2003));
        // Digit in position 7 → first cycle: T is 1996, not 2026.
        let v: Vin = "WP0ZZZ99ZTS390000".parse().unwrap();
        assert_eq!(v.model_year(2026), Some(1996));
        // Letter in position 7 → second cycle: M is 2021.
        let v: Vin = "5YJ3E1EAXMF000000".parse().unwrap();
        assert_eq!(v.model_year(2026), Some(2021));
    }

    #[test]
    fn rejects_bad_vins() {
        assert!("1FTFW1ET5DFC1031".parse::<Vin>().is_err());
        assert!("1FTFW1ET5DFC1031O".parse::<Vin>().is_err());
        assert!("1FTFW1ET5DFC1031-".parse::<Vin>().is_err());
        let msg = "1FTFW1ET5DFC1031I".parse::<Vin>().unwrap_err().to_string();
        assert!(msg.contains("did you mean '1'"), "{msg}");
    }

    /// A VIN of 17 characters with an 'É' is 18 bytes: the byte length was
    /// checked and the character count reported — "it has 17 characters,
    /// a VIN has 17".
    #[test]
    fn regression_non_ascii_vin_character_was_reported_as_a_wrong_length() {
        for (typed, named) in [
            (
                "1FTFW1ET5DFC1031É",
                "'É' at position 17 is not a VIN character",
            ),
            (
                "1FTFW1ET5DFC1031é",
                "'é' at position 17 is not a VIN character",
            ),
            (
                "ÉFTFW1ET5DFC10312",
                "'É' at position 1 is not a VIN character",
            ),
            (
                "1FTFW1ET5DFC1031-",
                "'-' at position 17 is not a VIN character",
            ),
        ] {
            let msg = typed.parse::<Vin>().unwrap_err().to_string();
            assert!(msg.contains(named), "{typed}: {msg}");
            assert!(!msg.contains("characters"), "{typed}: {msg}");
        }
        // Too long or too short, counted in characters.
        let msg = "1FTFW1ET5DFC10312É".parse::<Vin>().unwrap_err().to_string();
        assert!(msg.contains("it has 18 characters, a VIN has 17"), "{msg}");
        let msg = "1FTFW1ET5DFC103É".parse::<Vin>().unwrap_err().to_string();
        assert!(msg.contains("it has 16 characters, a VIN has 17"), "{msg}");
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in ".{0,20}") {
            let _ = s.parse::<Vin>();
        }

        #[test]
        fn valid_alphabet_round_trips(s in "[A-HJ-NPR-Z0-9]{17}") {
            let v: Vin = s.parse().unwrap();
            prop_assert_eq!(v.as_str(), s.as_str());
            let _ = v.model_year(2026);
        }
    }
}
