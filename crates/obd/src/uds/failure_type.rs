//! The failure-type byte of a 3-byte DTC, as data.
//!
//! The third byte of a UDS trouble code (`C0035-1C`) says *how* the part
//! failed. Its generic meanings are defined by SAE J2012-DA (the digital
//! annex of SAE J2012, technically equivalent to ISO 15031-6), which is sold
//! by SAE and not reproduced publicly in full. The names below are the
//! generic failure-type names as published in public references that quote
//! that annex:
//!
//! - the MK4 wiki's failure-type table, <https://mk4-wiki.denkdose.de/artikel/dtc/flt_codes>
//!   (0x00–0x3A, with the reserved gaps);
//! - the OVMS3 project's Renault ZOE diagnostic references,
//!   `Reference/ZOE/DCM_Tests.csv` and `Reference/ZOE_Ph2/USM_Tests.csv` at
//!   <https://git.bit-cloud.de/Crash_Override/OVMS3> (0x41–0x98).
//!
//! The high nibble is the category (SAE J2012-DA: 0x0_ general failure
//! information, 0x1_ general electrical, 0x2_ general signal, 0x3_ FM/PWM,
//! 0x4_ system internal, 0x5_ system programming, 0x6_ algorithm based, 0x7_
//! mechanical, 0x8_ bus signal/message, 0x9_ component failures; 0xF_ is left
//! to the vehicle manufacturer or system supplier). A byte not in the table
//! is named by its category, so every byte reads as something true.

/// One generic failure type (SAE J2012-DA).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureType {
    /// The failure-type byte.
    pub byte: u8,
    /// Its generic name, in sentence case.
    pub name: &'static str,
}

macro_rules! ft {
    ($byte:expr, $name:expr) => {
        FailureType {
            byte: $byte,
            name: $name,
        }
    };
}

/// Every generic failure type, ordered by byte.
const FAILURE_TYPES: &[FailureType] = &[
    ft!(0x00, "No sub-type information"),
    ft!(0x01, "General electrical failure"),
    ft!(0x02, "General signal failure"),
    ft!(
        0x03,
        "FM (frequency modulated) / PWM (pulse width modulated) failure"
    ),
    ft!(0x04, "System internal failure"),
    ft!(0x05, "System programming failure"),
    ft!(0x06, "Algorithm based failure"),
    ft!(0x07, "Mechanical failure"),
    ft!(0x08, "Bus signal / message failure"),
    ft!(0x09, "Component failure"),
    ft!(0x11, "Circuit short to ground"),
    ft!(0x12, "Circuit short to battery"),
    ft!(0x13, "Circuit open"),
    ft!(0x14, "Circuit short to ground or open"),
    ft!(0x15, "Circuit short to battery or open"),
    ft!(0x16, "Circuit voltage below threshold"),
    ft!(0x17, "Circuit voltage above threshold"),
    ft!(0x18, "Circuit current below threshold"),
    ft!(0x19, "Circuit current above threshold"),
    ft!(0x1A, "Circuit resistance below threshold"),
    ft!(0x1B, "Circuit resistance above threshold"),
    ft!(0x1C, "Circuit voltage out of range"),
    ft!(0x1D, "Circuit current out of range"),
    ft!(0x1E, "Circuit resistance out of range"),
    ft!(0x1F, "Circuit intermittent"),
    ft!(0x21, "Signal amplitude < minimum"),
    ft!(0x22, "Signal amplitude > maximum"),
    ft!(0x23, "Signal stuck low"),
    ft!(0x24, "Signal stuck high"),
    ft!(0x25, "Signal shape / waveform failure"),
    ft!(0x26, "Signal rate of change below threshold"),
    ft!(0x27, "Signal rate of change above threshold"),
    ft!(
        0x28,
        "Signal bias level out of range / zero adjustment failure"
    ),
    ft!(0x29, "Signal invalid"),
    ft!(0x2A, "Signal stuck in range"),
    ft!(0x2B, "Signal cross coupled"),
    ft!(0x2F, "Signal erratic"),
    ft!(0x31, "No signal"),
    ft!(0x32, "Signal low time < minimum"),
    ft!(0x33, "Signal low time > maximum"),
    ft!(0x34, "Signal high time < minimum"),
    ft!(0x35, "Signal high time > maximum"),
    ft!(0x36, "Signal frequency too low"),
    ft!(0x37, "Signal frequency too high"),
    ft!(0x38, "Signal frequency incorrect"),
    ft!(0x39, "Signal has too few pulses"),
    ft!(0x3A, "Signal has too many pulses"),
    ft!(0x41, "General checksum failure"),
    ft!(0x42, "General memory failure"),
    ft!(0x43, "Special memory failure"),
    ft!(0x44, "Data memory failure"),
    ft!(0x45, "Program memory failure"),
    ft!(0x46, "Calibration / parameter memory failure"),
    ft!(0x47, "Watchdog / safety µC failure"),
    ft!(0x48, "Supervision software failure"),
    ft!(0x49, "Internal electronic failure"),
    ft!(0x4A, "Incorrect component installed"),
    ft!(0x4B, "Over temperature"),
    ft!(0x51, "Not programmed"),
    ft!(0x52, "Not activated"),
    ft!(0x53, "Deactivated"),
    ft!(0x54, "Missing calibration"),
    ft!(0x55, "Not configured"),
    ft!(0x61, "Signal calculation failure"),
    ft!(0x62, "Signal compare failure"),
    ft!(0x63, "Circuit / component protection time-out"),
    ft!(0x64, "Signal plausibility failure"),
    ft!(0x65, "Signal has too few transitions / events"),
    ft!(0x66, "Signal has too many transitions / events"),
    ft!(0x67, "Signal incorrect after event"),
    ft!(0x71, "Actuator stuck"),
    ft!(0x72, "Actuator stuck open"),
    ft!(0x73, "Actuator stuck closed"),
    ft!(0x74, "Actuator slipping"),
    ft!(0x75, "Emergency position not reachable"),
    ft!(0x76, "Wrong mounting position"),
    ft!(0x77, "Commanded position not reachable"),
    ft!(0x78, "Alignment or adjustment incorrect"),
    ft!(0x79, "Mechanical linkage failure"),
    ft!(0x7A, "Fluid leak or seal failure"),
    ft!(0x7B, "Low fluid level"),
    ft!(0x81, "Invalid serial data received"),
    ft!(0x82, "Alive / sequence counter incorrect / not updated"),
    ft!(0x83, "Value of signal protection calculation incorrect"),
    ft!(0x84, "Signal below allowable range"),
    ft!(0x85, "Signal above allowable range"),
    ft!(0x86, "Signal invalid"),
    ft!(0x87, "Missing message"),
    ft!(0x88, "Bus off"),
    ft!(0x8F, "Erratic"),
    ft!(0x91, "Parametric"),
    ft!(0x92, "Performance or incorrect operation"),
    ft!(0x93, "No operation"),
    ft!(0x94, "Unexpected operation"),
    ft!(0x95, "Incorrect assembly"),
    ft!(0x96, "Component internal failure"),
    ft!(0x97, "Component or system operation obstructed or blocked"),
    ft!(0x98, "Component or system over temperature"),
];

impl FailureType {
    /// The generic failure type of `byte`, where SAE J2012-DA defines one.
    pub fn lookup(byte: u8) -> Option<&'static FailureType> {
        FAILURE_TYPES
            .binary_search_by_key(&byte, |f| f.byte)
            .ok()
            .map(|i| &FAILURE_TYPES[i])
    }

    /// What `byte` means: its generic name, else its category (never empty).
    pub fn describe(byte: u8) -> String {
        match FailureType::lookup(byte) {
            Some(f) => f.name.to_string(),
            None => format!("{} (type {byte:02X})", category(byte)),
        }
    }

    /// The whole table, ordered by byte.
    pub fn all() -> &'static [FailureType] {
        FAILURE_TYPES
    }
}

/// The category of a failure-type byte, from its high nibble.
pub fn category(byte: u8) -> &'static str {
    match byte >> 4 {
        0x0 => "general failure information",
        0x1 => "general electrical failure",
        0x2 => "general signal failure",
        0x3 => "FM / PWM failure",
        0x4 => "system internal failure",
        0x5 => "system programming failure",
        0x6 => "algorithm based failure",
        0x7 => "mechanical failure",
        0x8 => "bus signal / message failure",
        0x9 => "component failure",
        0xF => "manufacturer or supplier specific failure",
        _ => "failure type reserved by SAE",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique_for_binary_search() {
        for w in FAILURE_TYPES.windows(2) {
            assert!(w[0].byte < w[1].byte, "{:?} before {:?}", w[0], w[1]);
        }
    }

    #[test]
    fn known_bytes_have_their_generic_name() {
        assert_eq!(FailureType::describe(0x1C), "Circuit voltage out of range");
        assert_eq!(FailureType::describe(0x13), "Circuit open");
        assert_eq!(FailureType::describe(0x87), "Missing message");
        assert_eq!(FailureType::describe(0x00), "No sub-type information");
    }

    #[test]
    fn unknown_bytes_are_named_by_category() {
        assert_eq!(
            FailureType::describe(0xF3),
            "manufacturer or supplier specific failure (type F3)"
        );
        assert_eq!(
            FailureType::describe(0x4F),
            "system internal failure (type 4F)"
        );
        assert_eq!(category(0xA0), "failure type reserved by SAE");
        for b in 0..=255u8 {
            assert!(!FailureType::describe(b).is_empty());
        }
    }
}
