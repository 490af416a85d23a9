//! Where modules live on CAN, and which addresses an all-module scan asks.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::EcuAddress;

/// A module's physical CAN addresses: the identifier it listens on and the
/// one it answers on.
///
/// ```text
/// 11-bit  request 7B0        response 7B8        (request + 8, ISO 15765-4 practice)
/// 29-bit  request 18DA28F1   response 18DAF128   (18 DA target source, ISO 15765-4)
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleAddress {
    /// The CAN identifier requests go to.
    pub request: u32,
    /// The CAN identifier the module answers on.
    pub response: u32,
}

impl ModuleAddress {
    /// An 11-bit module answering on `request + 8`.
    pub fn can11(request: u16) -> ModuleAddress {
        ModuleAddress {
            request: u32::from(request),
            response: u32::from(request) + 8,
        }
    }

    /// A 29-bit module with ISO 15765-4 normal fixed addressing (tester F1).
    pub fn can29(address: u8) -> ModuleAddress {
        let a = u32::from(address);
        ModuleAddress {
            request: 0x18DA_00F1 | (a << 8),
            response: 0x18DA_F100 | a,
        }
    }

    /// True for 29-bit identifiers.
    pub fn is_29bit(self) -> bool {
        self.request > 0x7FF || self.response > 0x7FF
    }

    /// The response address as the OBD layer names senders.
    pub fn ecu(self) -> EcuAddress {
        if self.is_29bit() {
            EcuAddress::Can29(self.response)
        } else {
            EcuAddress::Can11(self.response as u16)
        }
    }

    /// The module's own byte on 29-bit (`28` of `18DA28F1`), or the 11-bit request ID.
    pub fn short(self) -> String {
        if self.is_29bit() {
            format!("{:02X}", (self.request >> 8) & 0xFF)
        } else {
            format!("{:03X}", self.request)
        }
    }
}

impl fmt::Display for ModuleAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = if self.is_29bit() { 8 } else { 3 };
        write!(f, "{:0w$X}/{:0w$X}", self.request, self.response)
    }
}

impl fmt::Debug for ModuleAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ModuleAddress({self})")
    }
}

impl FromStr for ModuleAddress {
    type Err = String;

    /// `7B0/7B8`, `18DA28F1/18DAF128`, or a lone 11-bit request ID `7B0`.
    fn from_str(s: &str) -> Result<ModuleAddress, String> {
        let bad = || format!("'{s}' is not a module address (like 7B0/7B8 or 18DA28F1/18DAF128)");
        let id = |t: &str| u32::from_str_radix(t.trim(), 16).map_err(|_| bad());
        match s.split_once('/') {
            Some((req, resp)) => Ok(ModuleAddress {
                request: id(req)?,
                response: id(resp)?,
            }),
            None => {
                let req = u16::try_from(id(s)?).map_err(|_| bad())?;
                (req <= 0x7F7)
                    .then(|| ModuleAddress::can11(req))
                    .ok_or_else(bad)
            }
        }
    }
}

impl Serialize for ModuleAddress {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ModuleAddress {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ModuleAddress, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// A block of request identifiers an all-module scan asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressRange {
    /// First request ID (11-bit) or module byte (29-bit).
    pub first: u32,
    /// Last, inclusive.
    pub last: u32,
    /// 29-bit (`18DAxxF1`) rather than 11-bit.
    pub bits29: bool,
    /// What usually lives there ("powertrain", "chassis", "body").
    pub area: &'static str,
    /// Where the fact comes from.
    pub source: &'static str,
}

const ISO_15765_4: &str =
    "ISO 15765-4: OBD ECUs at 7E0–7E7 (11-bit) and 18DA10F1–18DA1FF1 (29-bit)";
const EMULATOR: &str = "elm327-emulator 4.0.0 'car' scenario (a Toyota Auris Hybrid's module table): skid control 7B0, ICE 7C0, A/C 7C4, 7D2, 747";
const FORSCAN: &str = "public FORScan as-built address lists for Ford vehicles: IPC 720, BCM 726, DDM 740, PDM 741, FCIM 7A7; FORScan forum: module 731";

/// The 11-bit blocks scanned: the OBD range, then the body and chassis
/// blocks manufacturers are publicly known to use. Everything here answers
/// on request + 8. A module outside these blocks is not found (a
/// manufacturer-specific module list would be needed).
pub const RANGES_11: &[AddressRange] = &[
    AddressRange {
        first: 0x7E0,
        last: 0x7E7,
        bits29: false,
        area: "powertrain",
        source: ISO_15765_4,
    },
    AddressRange {
        first: 0x7B0,
        last: 0x7B7,
        bits29: false,
        area: "chassis",
        source: EMULATOR,
    },
    AddressRange {
        first: 0x7C0,
        last: 0x7C7,
        bits29: false,
        area: "body",
        source: EMULATOR,
    },
    AddressRange {
        first: 0x7D0,
        last: 0x7D7,
        bits29: false,
        area: "body",
        source: EMULATOR,
    },
    AddressRange {
        first: 0x720,
        last: 0x727,
        bits29: false,
        area: "body",
        source: FORSCAN,
    },
    AddressRange {
        first: 0x730,
        last: 0x737,
        bits29: false,
        area: "chassis",
        source: FORSCAN,
    },
    AddressRange {
        first: 0x740,
        last: 0x747,
        bits29: false,
        area: "body",
        source: FORSCAN,
    },
    AddressRange {
        first: 0x7A0,
        last: 0x7A7,
        bits29: false,
        area: "body",
        source: FORSCAN,
    },
];

/// The 29-bit blocks scanned: every module byte from 0x10 to 0x6F on
/// `18DAxxF1` (the OBD ECUs at 0x10–0x1F, ISO 15765-4; manufacturers put
/// chassis and body modules above them — which bytes is their choice, so
/// this is a block wide enough for the cars we know, not a standard).
pub const RANGES_29: &[AddressRange] = &[
    AddressRange {
        first: 0x10,
        last: 0x1F,
        bits29: true,
        area: "powertrain",
        source: ISO_15765_4,
    },
    AddressRange {
        first: 0x20,
        last: 0x6F,
        bits29: true,
        area: "chassis and body",
        source: "our choice: the bytes above the OBD ECUs",
    },
];

impl AddressRange {
    /// The addresses of this block.
    pub fn addresses(&self) -> impl Iterator<Item = ModuleAddress> + '_ {
        (self.first..=self.last).map(move |a| {
            if self.bits29 {
                ModuleAddress::can29(a as u8)
            } else {
                ModuleAddress::can11(a as u16)
            }
        })
    }
}

/// Every address an all-module scan asks, for 11-bit or 29-bit cars.
pub fn candidates(bits29: bool) -> Vec<ModuleAddress> {
    let ranges = if bits29 { RANGES_29 } else { RANGES_11 };
    ranges.iter().flat_map(AddressRange::addresses).collect()
}

/// The area an address's block is known for ("module" outside the blocks).
pub fn area_of(address: ModuleAddress) -> &'static str {
    RANGES_11
        .iter()
        .chain(RANGES_29)
        .find(|r| r.addresses().any(|a| a == address))
        .map_or("module", |r| r.area)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_follow_iso_15765_4() {
        let a = ModuleAddress::can11(0x7B0);
        assert_eq!((a.request, a.response), (0x7B0, 0x7B8));
        assert_eq!(a.to_string(), "7B0/7B8");
        assert_eq!(a.ecu(), EcuAddress::Can11(0x7B8));
        let b = ModuleAddress::can29(0x28);
        assert_eq!(b.to_string(), "18DA28F1/18DAF128");
        assert_eq!(b.ecu(), EcuAddress::Can29(0x18DA_F128));
        assert_eq!(b.short(), "28");
        for x in [a, b] {
            assert_eq!(x.to_string().parse::<ModuleAddress>(), Ok(x));
            let json = serde_json::to_string(&x).unwrap();
            assert_eq!(serde_json::from_str::<ModuleAddress>(&json).unwrap(), x);
        }
        assert_eq!(
            "7e0".parse::<ModuleAddress>(),
            Ok(ModuleAddress::can11(0x7E0))
        );
        assert!("7FF".parse::<ModuleAddress>().is_err());
        assert!("zz/1".parse::<ModuleAddress>().is_err());
    }

    #[test]
    fn candidate_blocks_are_disjoint_and_labelled() {
        let c11 = candidates(false);
        assert_eq!(c11.len(), RANGES_11.len() * 8);
        assert_eq!(c11[0], ModuleAddress::can11(0x7E0));
        let mut sorted = c11.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), c11.len());
        assert!(c11.iter().all(|a| a.request != 0x7DF && !a.is_29bit()));
        let c29 = candidates(true);
        assert_eq!(c29.len(), 0x60);
        assert!(c29.iter().all(|a| a.is_29bit()));
        assert_eq!(area_of(ModuleAddress::can11(0x7B0)), "chassis");
        assert_eq!(area_of(ModuleAddress::can11(0x600)), "module");
    }
}
