//! Data identifiers (service 22) a scan reads, as data.
//!
//! Identification DIDs: ISO 14229-1:2013 annex C, table C.1
//! (`vehicleManufacturerSparePartNumberDataIdentifier` 0xF187, …), as listed
//! publicly in the Wikipedia article "Unified Diagnostic Services". DIDs
//! 0xF400–0xF4FF carry the OBD-II service 01 PID of their low byte (SAE
//! J1979-2 / ISO 14229-1 table C.1 "OBDDataIdentifier"), so snapshot values
//! in that range are decoded with the PID table.

use crate::pids::PidSpec;

/// How a DID's bytes read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DidKind {
    /// ASCII text (NUL and space padding trimmed).
    Ascii,
}

/// One identification DID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DidSpec {
    /// The identifier.
    pub did: u16,
    /// Stable snake_case name (`vin`, `serial_number`).
    pub name: &'static str,
    /// Human label ("ECU serial number").
    pub label: &'static str,
    kind: DidKind,
    /// Fixed data length, where the standard fixes it.
    pub len: Option<usize>,
}

macro_rules! did {
    ($did:expr, $name:expr, $label:expr, $len:expr) => {
        DidSpec {
            did: $did,
            name: $name,
            label: $label,
            kind: DidKind::Ascii,
            len: $len,
        }
    };
}

/// The identification DIDs, in the order a scan asks for them.
const IDENTIFICATION: &[DidSpec] = &[
    did!(0xF190, "vin", "VIN", Some(17)),
    did!(0xF18C, "serial_number", "ECU serial number", None),
    did!(0xF187, "part_number", "spare part number", None),
    did!(0xF191, "hardware_number", "ECU hardware number", None),
    did!(
        0xF195,
        "software_version",
        "supplier software version",
        None
    ),
    did!(0xF197, "system_name", "system name", None),
];

impl DidSpec {
    /// The identification DIDs a module is asked for.
    pub fn identification() -> &'static [DidSpec] {
        IDENTIFICATION
    }

    /// The entry for `did`, if it is an identification DID.
    pub fn lookup(did: u16) -> Option<&'static DidSpec> {
        IDENTIFICATION.iter().find(|d| d.did == did)
    }
}

/// The data length of `did` when it is known without asking the
/// manufacturer: a fixed-length identification DID, or an OBD DID
/// (0xF4xx) whose PID the table knows.
pub fn did_len(did: u16) -> Option<usize> {
    if let Some(spec) = DidSpec::lookup(did) {
        return spec.len;
    }
    obd_pid(did).map(|p| p.bytes)
}

fn obd_pid(did: u16) -> Option<&'static PidSpec> {
    (did >> 8 == 0xF4)
        .then(|| PidSpec::by_pid((did & 0xFF) as u8))
        .flatten()
}

/// A label for `did` ("VIN", "vehicle speed (F40D)", "DID 2A01").
pub fn did_label(did: u16) -> String {
    if let Some(spec) = DidSpec::lookup(did) {
        return spec.label.to_string();
    }
    match obd_pid(did) {
        Some(p) => format!("{} ({did:04X})", p.description),
        None => format!("DID {did:04X}"),
    }
}

/// `did`'s value as text: ASCII for identification DIDs, the PID table's
/// value and unit for OBD DIDs, hex otherwise.
pub fn did_text(did: u16, data: &[u8]) -> String {
    if let Some(spec) = DidSpec::lookup(did) {
        match spec.kind {
            DidKind::Ascii => return ascii(data),
        }
    }
    if let Some(value) = obd_pid(did).and_then(|p| p.decode(data).map(|v| (p, v))) {
        let (spec, value) = value;
        return if spec.unit.is_empty() || !matches!(value, crate::PidValue::Number(_)) {
            value.to_string()
        } else {
            format!("{value} {}", spec.unit)
        };
    }
    crate::frames::to_hex(data)
}

/// Printable ASCII with NUL, 0xFF and space padding removed; hex when the
/// bytes are not text.
pub fn ascii(data: &[u8]) -> String {
    let trimmed: Vec<u8> = data
        .iter()
        .copied()
        .filter(|b| !matches!(b, 0x00 | 0xFF))
        .collect();
    if trimmed.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        String::from_utf8_lossy(&trimmed).trim().to_string()
    } else {
        crate::frames::to_hex(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identification_dids_read_as_text() {
        assert_eq!(did_text(0xF190, b"SB1ZS3JE60E282102"), "SB1ZS3JE60E282102");
        assert_eq!(did_text(0xF187, b"89541-02A30\0\0"), "89541-02A30");
        assert_eq!(did_label(0xF18C), "ECU serial number");
        assert_eq!(did_len(0xF190), Some(17));
        assert_eq!(did_len(0xF18C), None);
    }

    #[test]
    fn obd_dids_use_the_pid_table() {
        assert_eq!(did_len(0xF40D), Some(1));
        assert_eq!(did_text(0xF40D, &[0x32]), "50 km/h");
        assert_eq!(did_text(0xF40C, &[0x1A, 0xF8]), "1726 rpm");
        assert_eq!(did_label(0xF40D), "Vehicle speed (F40D)");
        assert_eq!(did_text(0x2A01, &[0x01, 0xFE]), "01FE");
        assert_eq!(did_label(0x2A01), "DID 2A01");
        assert_eq!(ascii(&[0x01, 0x02]), "0102");
    }
}
