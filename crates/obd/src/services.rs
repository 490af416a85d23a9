//! Pure decoders for the OBD-II services' payloads (SAE J1979 / ISO 15031-5).
//!
//! Each takes the bytes of one ECU's reply *after* the response service byte
//! (and after the PID byte where the service has one) and returns values.

use serde::{Deserialize, Serialize};
use shopbench_core::Dtc;

pub use shopbench_core::DtcStatus;

/// Indices (0-based, MSB of the first byte = 0) of the set bits (PID
/// support bitmaps, monitor bits).
pub(crate) fn bits_msb_first(d: &[u8]) -> impl Iterator<Item = usize> + '_ {
    (0..d.len() * 8).filter(move |i| d[i / 8] & (0x80 >> (i % 8)) != 0)
}

/// Decodes a DTC list (services 03, 07, 0A). `payload` follows the response
/// service byte.
///
/// On CAN, real ECUs put a count byte first (`43 02 01 43 01 96`); some
/// adapters and emulators leave it out (`43 01 43 01 96`). A DTC is 2 bytes,
/// so on CAN an odd payload length means the count byte is there and an even
/// one means it is not. If an odd payload's count byte disagrees with the
/// number of DTCs that follow, the first byte is still taken as a count byte
/// (the remaining pairs are what we can decode). Legacy protocols never have
/// the count byte. `00 00` pairs are padding and dropped.
///
/// ```text
/// 2-byte DTC:  A7 A6 | A5 A4 | A3..A0 | B7..B4 | B3..B0
///              system  1st digit 2nd     3rd     4th
///              00=P 01=C 10=B 11=U
/// ```
pub fn decode_dtcs(payload: &[u8], can: bool) -> Vec<Dtc> {
    let pairs = if can && payload.len() % 2 == 1 {
        &payload[1..]
    } else {
        payload
    };
    pairs
        .chunks_exact(2)
        .filter(|p| p != &[0, 0])
        .map(|p| Dtc::from_bytes([p[0], p[1]]))
        .collect()
}

/// Decodes a DTC list as [`decode_dtcs`] does, but refuses a list that does
/// not add up, so that a damaged reply is reported rather than read as fewer
/// codes: on CAN, a count byte that disagrees with the codes that follow
/// (`43 03 01 43 01 96`: three announced, two sent; trailing `00 00`
/// padding is allowed); on the legacy protocols, an odd number of bytes.
pub fn decode_dtc_list(payload: &[u8], can: bool) -> Result<Vec<Dtc>, String> {
    if can && payload.len() % 2 == 1 {
        let announced = usize::from(payload[0]);
        let pairs: Vec<&[u8]> = payload[1..].chunks_exact(2).collect();
        let real = pairs
            .iter()
            .rposition(|p| p != &[0, 0])
            .map_or(0, |i| i + 1);
        if announced != pairs.len() && announced != real {
            return Err(format!(
                "the reply announces {announced} code{} but carries {}",
                if announced == 1 { "" } else { "s" },
                pairs.len()
            ));
        }
    } else if !can && payload.len() % 2 == 1 {
        return Err(format!(
            "{} bytes of codes: a code is 2 bytes, so the reply is cut short",
            payload.len()
        ));
    }
    Ok(decode_dtcs(payload, can))
}

/// Which ignition type the readiness monitors are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ignition {
    /// Petrol engine monitors.
    Spark,
    /// Diesel engine monitors.
    Compression,
}

/// One readiness monitor from PID 01 01.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadinessMonitor {
    /// Stable snake_case id (`catalyst`, `evap_system`, …).
    pub name: String,
    /// Human-readable name.
    pub description: String,
    /// The car has this monitor.
    pub supported: bool,
    /// The monitor has run to completion since the codes were cleared.
    pub complete: bool,
}

/// PID 01 01: MIL, DTC count and readiness monitors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    /// The check-engine lamp is commanded on.
    pub mil_on: bool,
    /// Number of confirmed emission-related DTCs.
    pub dtc_count: u8,
    /// Petrol or diesel monitor set.
    pub ignition: Ignition,
    /// All monitors, supported or not.
    pub monitors: Vec<ReadinessMonitor>,
}

impl Readiness {
    /// Supported monitors that have not completed.
    pub fn incomplete(&self) -> impl Iterator<Item = &ReadinessMonitor> {
        self.monitors.iter().filter(|m| m.supported && !m.complete)
    }
}

const CONTINUOUS: [(&str, &str); 3] = [
    ("misfire", "Misfire"),
    ("fuel_system", "Fuel system"),
    ("components", "Comprehensive components"),
];
const SPARK: [(&str, &str); 8] = [
    ("catalyst", "Catalyst"),
    ("heated_catalyst", "Heated catalyst"),
    ("evap_system", "Evaporative system"),
    ("secondary_air", "Secondary air system"),
    ("ac_refrigerant", "A/C refrigerant"),
    ("oxygen_sensor", "Oxygen sensor"),
    ("oxygen_sensor_heater", "Oxygen sensor heater"),
    ("egr_vvt", "EGR and/or VVT system"),
];
const COMPRESSION: [(&str, &str); 8] = [
    ("nmhc_catalyst", "NMHC catalyst"),
    ("nox_scr", "NOx/SCR aftertreatment"),
    ("reserved_2", "Reserved"),
    ("boost_pressure", "Boost pressure"),
    ("reserved_4", "Reserved"),
    ("exhaust_gas_sensor", "Exhaust gas sensor"),
    ("pm_filter", "PM filter"),
    ("egr_vvt", "EGR and/or VVT system"),
];

/// Decodes PID 01 01 (4 bytes A B C D; missing bytes read as 0).
///
/// ```text
/// A: bit7 MIL on, bits 6..0 DTC count
/// B: bit3 compression ignition; bits 0..2 misfire/fuel/components supported,
///    bits 4..6 the same monitors *not* complete
/// C: the 8 non-continuous monitors supported (bit 0 = catalyst / NMHC …)
/// D: the same monitors *not* complete
/// ```
pub fn decode_readiness(d: &[u8]) -> Readiness {
    let b = |i: usize| d.get(i).copied().unwrap_or(0);
    let (a, bb, c, dd) = (b(0), b(1), b(2), b(3));
    let ignition = if bb & 0x08 != 0 {
        Ignition::Compression
    } else {
        Ignition::Spark
    };
    let mut monitors = Vec::new();
    for (i, (name, desc)) in CONTINUOUS.iter().enumerate() {
        monitors.push(ReadinessMonitor {
            name: name.to_string(),
            description: desc.to_string(),
            supported: bb & (1 << i) != 0,
            complete: bb & (1 << (i + 4)) == 0,
        });
    }
    let table = match ignition {
        Ignition::Spark => &SPARK,
        Ignition::Compression => &COMPRESSION,
    };
    for (i, (name, desc)) in table.iter().enumerate() {
        if name.starts_with("reserved") {
            continue;
        }
        monitors.push(ReadinessMonitor {
            name: name.to_string(),
            description: desc.to_string(),
            supported: c & (1 << i) != 0,
            complete: dd & (1 << i) == 0,
        });
    }
    Readiness {
        mil_on: a & 0x80 != 0,
        dtc_count: a & 0x7F,
        ignition,
        monitors,
    }
}

/// Decodes a "supported PIDs" bitmap for `base` (0x00, 0x20, …): the absolute PID numbers.
pub fn supported_pids(base: u8, bitmap: &[u8]) -> Vec<u8> {
    bits_msb_first(&bitmap[..bitmap.len().min(4)])
        .filter_map(|i| base.checked_add(i as u8 + 1))
        .collect()
}

/// Splits a service 02 payload (after `42`) into (PID, frame number, data).
///
/// The request is `02 PID FRAME`; ECUs answer `42 PID FRAME data…`. A reply
/// whose length shows the frame byte is missing (`42 PID data…`) is accepted
/// too: with `bytes` the PID's data size, a payload of `2 + bytes` has the
/// frame byte, one of `1 + bytes` has not.
pub fn split_freeze_frame(payload: &[u8], bytes: usize) -> Option<(u8, u8, &[u8])> {
    let (&pid, rest) = payload.split_first()?;
    if rest.len() > bytes {
        Some((pid, rest[0], &rest[1..]))
    } else if rest.len() == bytes {
        Some((pid, 0, rest))
    } else {
        None
    }
}

/// Decodes a service 09 text reply (VIN after `49 02`, ECU name after `49 0A`, …):
/// skips the data-item count byte and NUL/padding, keeps printable ASCII.
fn mode09_text(payload: &[u8], len: usize) -> Option<String> {
    // CAN: one count byte, then the text. Legacy: several `count + 4 bytes` messages,
    // already concatenated by the caller with their count bytes — cope with both by
    // taking the printable characters.
    let text: String = payload
        .iter()
        .skip(if payload.len() == len + 1 { 1 } else { 0 })
        .filter(|b| b.is_ascii_graphic())
        .map(|b| char::from(*b))
        .collect();
    (!text.is_empty()).then_some(text)
}

/// Decodes the VIN from a `49 02` payload (after `49 02`). Returns the last 17
/// printable characters (some ECUs pad at the front).
pub fn decode_vin(payload: &[u8]) -> Option<String> {
    let t = mode09_text(payload, 17)?;
    let start = t.len().saturating_sub(17);
    Some(t[start..].to_string())
}

/// Decodes an ECU name from a `49 0A` payload (after `49 0A`): 20 bytes
/// "ECM\0-EngineControl\0…" → "ECM-EngineControl".
pub fn decode_ecu_name(payload: &[u8]) -> Option<String> {
    let body = if payload.len() == 21 {
        &payload[1..]
    } else {
        payload
    };
    let t: String = body
        .iter()
        .filter(|b| b.is_ascii_graphic() || **b == b' ')
        .map(|b| char::from(*b))
        .collect();
    let t = t.trim().to_string();
    (!t.is_empty()).then_some(t)
}

/// One on-board monitor test result (service 06, CAN format).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestResult {
    /// On-board monitor id.
    pub mid: u8,
    /// What the MID monitors ("Oxygen sensor bank 1 sensor 1", …).
    pub monitor: String,
    /// Test id within the monitor.
    pub tid: u8,
    /// Unit and scaling id (SAE J1979 appendix E).
    pub uas_id: u8,
    /// Unit of the values ("" when the scaling is not known: values are raw).
    pub unit: String,
    /// Measured value.
    pub value: f64,
    /// Lower limit.
    pub min: f64,
    /// Upper limit.
    pub max: f64,
    /// `min <= value <= max`.
    pub passed: bool,
}

impl TestResult {
    /// `x` — this test's value or one of its limits — to the resolution its
    /// scaling gives, at most 4 decimals: a 1/256 mA step reads `1.613`, not
    /// `1.61328125`; a count reads `0`.
    pub fn shown(&self, x: f64) -> String {
        let (_, factor, _, _) = uas(self.uas_id);
        format!("{x:.*}", shown_decimals(factor))
    }

    /// [`Self::shown`] with the unit when the scaling has one: `1.613 mA`, `0.2934`.
    pub fn with_unit(&self, x: f64) -> String {
        match self.unit.as_str() {
            "" => self.shown(x),
            unit => format!("{} {unit}", self.shown(x)),
        }
    }
}

/// The decimals a scaling step needs to be seen (0.1 → 1, 0.0117 → 2,
/// 0.003 906 25 → 3), at most 4: a reading, not the raw step.
fn shown_decimals(factor: f64) -> usize {
    if factor >= 1.0 {
        return 0;
    }
    // the epsilon keeps 0.1 (whose log10 is a hair off -1) at one decimal
    (-factor.log10() - 1e-9).ceil().clamp(0.0, 4.0) as usize
}

/// Unit and scaling (UAS id → (unit, factor, offset, signed)), a subset of SAE J1979 appendix E.
fn uas(id: u8) -> (&'static str, f64, f64, bool) {
    match id {
        0x01 => ("", 1.0, 0.0, false),
        0x02 => ("", 0.1, 0.0, false),
        0x03 => ("", 0.01, 0.0, false),
        0x04 => ("", 0.001, 0.0, false),
        0x05 => ("", 0.000_030_5, 0.0, false),
        0x06 => ("", 0.000_305, 0.0, false),
        0x07 => ("rpm", 0.25, 0.0, false),
        0x08 => ("km/h", 0.01, 0.0, false),
        0x09 => ("km/h", 1.0, 0.0, false),
        0x0A => ("mV", 0.122, 0.0, false),
        0x0B => ("V", 0.001, 0.0, false),
        0x0C => ("V", 0.01, 0.0, false),
        0x0D => ("mA", 0.003_906_25, 0.0, false),
        0x0E => ("A", 0.001, 0.0, false),
        0x0F => ("A", 0.01, 0.0, false),
        0x10 => ("ms", 1.0, 0.0, false),
        0x11 => ("ms", 100.0, 0.0, false),
        0x12 => ("s", 1.0, 0.0, false),
        0x13 => ("mΩ", 1.0, 0.0, false),
        0x14 => ("Ω", 1.0, 0.0, false),
        0x15 => ("kΩ", 1.0, 0.0, false),
        0x16 => ("°C", 0.1, -40.0, false),
        0x17 => ("kPa", 0.01, 0.0, false),
        0x18 => ("kPa", 0.0117, 0.0, false),
        0x19 => ("kPa", 0.079, 0.0, false),
        0x1A => ("kPa", 1.0, 0.0, false),
        0x1B => ("kPa", 10.0, 0.0, false),
        0x1C => ("°", 0.01, 0.0, false),
        0x1D => ("°", 0.5, 0.0, false),
        0x1E => ("ratio", 0.000_030_5, 0.0, false),
        0x1F => ("ratio", 0.05, 0.0, false),
        0x20 => ("ratio", 0.003_906_2, 0.0, false),
        0x21 => ("mHz", 1.0, 0.0, false),
        0x22 => ("Hz", 1.0, 0.0, false),
        0x23 => ("kHz", 1.0, 0.0, false),
        0x24 => ("counts", 1.0, 0.0, false),
        0x25 => ("km", 1.0, 0.0, false),
        0x26 => ("mV/ms", 0.1, 0.0, false),
        0x27 => ("g/s", 0.01, 0.0, false),
        0x28 => ("g/s", 1.0, 0.0, false),
        0x29 => ("Pa/s", 0.25, 0.0, false),
        0x2A => ("kg/h", 0.001, 0.0, false),
        0x2B => ("switches", 1.0, 0.0, false),
        0x2C => ("g/cyl", 0.01, 0.0, false),
        0x2D => ("mg/stroke", 0.01, 0.0, false),
        0x2F => ("%", 0.01, 0.0, false),
        0x30 => ("%", 0.001_526, 0.0, false),
        0x31 => ("L", 0.001, 0.0, false),
        0x34 => ("min", 1.0, 0.0, false),
        0x35 => ("ms", 10.0, 0.0, false),
        0x81 => ("", 1.0, 0.0, true),
        0x82 => ("", 0.1, 0.0, true),
        0x83 => ("", 0.01, 0.0, true),
        0x84 => ("", 0.001, 0.0, true),
        0x85 => ("", 0.000_030_5, 0.0, true),
        0x86 => ("", 0.000_305, 0.0, true),
        0x8A => ("mV", 0.122, 0.0, true),
        0x8B => ("V", 0.001, 0.0, true),
        0x8C => ("V", 0.01, 0.0, true),
        0x8D => ("mA", 0.003_906_25, 0.0, true),
        0x8E => ("A", 0.001, 0.0, true),
        0x90 => ("ms", 1.0, 0.0, true),
        0x96 => ("°C", 0.1, 0.0, true),
        0x9C => ("°", 0.01, 0.0, true),
        0x9D => ("°", 0.5, 0.0, true),
        0xA8 => ("g/s", 1.0, 0.0, true),
        0xA9 => ("Pa/s", 0.25, 0.0, true),
        0xAF => ("%", 0.01, 0.0, true),
        0xB0 => ("%", 0.003_052, 0.0, true),
        0xFC => ("kPa", 0.01, 0.0, true),
        0xFD => ("kPa", 0.001, 0.0, true),
        0xFE => ("Pa", 0.25, 0.0, true),
        _ => ("", 1.0, 0.0, id & 0x80 != 0),
    }
}

/// `x` rounded to the decimals its scaling factor carries (0.000305 → 6), so
/// that a value reads `0.226005`, not `0.22600499999999998`.
fn round_to_scaling(x: f64, factor: f64) -> f64 {
    let text = format!("{factor}");
    let decimals = text.split_once('.').map_or(0, |(_, d)| d.len()).min(9) as i32;
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}

/// What an on-board monitor id tests (SAE J1979 appendix D, common ones).
pub fn monitor_name(mid: u8) -> String {
    match mid {
        0x01..=0x08 => format!(
            "Oxygen sensor bank {} sensor {}",
            (mid - 1) / 4 + 1,
            (mid - 1) % 4 + 1
        ),
        0x21 => "Catalyst bank 1".into(),
        0x22 => "Catalyst bank 2".into(),
        0x31 => "EGR monitor bank 1".into(),
        0x32 => "EGR monitor bank 2".into(),
        0x35 => "VVT monitor bank 1".into(),
        0x36 => "VVT monitor bank 2".into(),
        0x39 => "EVAP (cap off / 0.150\")".into(),
        0x3A => "EVAP (0.090\")".into(),
        0x3B => "EVAP (0.040\")".into(),
        0x3C => "EVAP (0.020\")".into(),
        0x3D => "Purge flow".into(),
        0x41..=0x48 => format!(
            "Oxygen sensor heater bank {} sensor {}",
            (mid - 0x41) / 4 + 1,
            (mid - 0x41) % 4 + 1
        ),
        0x61 => "Heated catalyst bank 1".into(),
        0x62 => "Heated catalyst bank 2".into(),
        0x71 => "Secondary air 1".into(),
        0x72 => "Secondary air 2".into(),
        0x81 => "Fuel system bank 1".into(),
        0x82 => "Fuel system bank 2".into(),
        0xA1 => "Misfire general".into(),
        0xA2..=0xAD => format!("Misfire cylinder {}", mid - 0xA1),
        0xB0 => "NOx adsorber bank 1".into(),
        0xB2 => "PM filter bank 1".into(),
        _ => format!("Monitor {mid:02X}"),
    }
}

/// Decodes a service 06 CAN payload (after `46`): records of
/// `MID TID UASID value(2) min(2) max(2)`. A supported-MID bitmap reply
/// (MID 00, 20, …) yields no results.
pub fn decode_test_results(payload: &[u8]) -> Vec<TestResult> {
    if payload.first().is_some_and(|m| m % 0x20 == 0) {
        return Vec::new();
    }
    payload
        .chunks_exact(9)
        .map(|r| {
            let (unit, factor, offset, signed) = uas(r[2]);
            let scale = |hi: u8, lo: u8| {
                let raw = if signed {
                    f64::from(i16::from_be_bytes([hi, lo]))
                } else {
                    f64::from(u16::from_be_bytes([hi, lo]))
                };
                round_to_scaling(raw * factor + offset, factor)
            };
            let (value, min, max) = (scale(r[3], r[4]), scale(r[5], r[6]), scale(r[7], r[8]));
            TestResult {
                mid: r[0],
                monitor: monitor_name(r[0]),
                tid: r[1],
                uas_id: r[2],
                unit: unit.to_string(),
                value,
                min,
                max,
                passed: min <= value && value <= max,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    /// The scan printed mode 06 results to every decimal of their binary
    /// scaling: "1.61328125 mA (limits 0.703125 – 2.18359375)", "0.226005".
    #[test]
    fn regression_mode_06_values_were_printed_to_eight_decimals() {
        let t = |uas_id: u8, unit: &str| TestResult {
            mid: 1,
            monitor: String::new(),
            tid: 0x91,
            uas_id,
            unit: unit.into(),
            value: 0.0,
            min: 0.0,
            max: 0.0,
            passed: true,
        };
        let ma = t(0x0D, "mA");
        assert_eq!(ma.with_unit(1.613_281_25), "1.613 mA");
        assert_eq!(ma.shown(2.183_593_75), "2.184");
        assert_eq!(t(0x06, "").with_unit(0.226_005), "0.2260");
        assert_eq!(t(0x0B, "V").with_unit(0.551), "0.551 V");
        assert_eq!(t(0x24, "counts").with_unit(0.0), "0 counts");
        assert_eq!(t(0x02, "").shown(12.3), "12.3");
        assert_eq!(t(0x17, "kPa").with_unit(18.63), "18.63 kPa");
    }

    use super::*;
    use proptest::prelude::*;

    fn codes(v: &[Dtc]) -> Vec<String> {
        v.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn dtcs_with_and_without_count_byte() {
        // real ECU: count byte present
        assert_eq!(
            codes(&decode_dtcs(&[0x02, 0x01, 0x43, 0x01, 0x96], true)),
            ["P0143", "P0196"]
        );
        // emulator: count byte missing
        assert_eq!(
            codes(&decode_dtcs(&[0x01, 0x43, 0x01, 0x96], true)),
            ["P0143", "P0196"]
        );
        // empty lists, both ways
        assert!(decode_dtcs(&[0x00], true).is_empty());
        assert!(decode_dtcs(&[], true).is_empty());
        // one code with count byte: 43 01 C1 23
        assert_eq!(codes(&decode_dtcs(&[0x01, 0xC1, 0x23], true)), ["U0123"]);
        // legacy: padding pairs dropped, no count byte
        assert_eq!(
            codes(&decode_dtcs(&[0x01, 0x43, 0x00, 0x00, 0x00, 0x00], false)),
            ["P0143"]
        );
        assert_eq!(codes(&decode_dtcs(&[0x81, 0x00], false)), ["B0100"]);
    }

    #[test]
    fn dtc_lists_that_do_not_add_up_are_refused() {
        // three announced, two sent
        assert!(decode_dtc_list(&[0x03, 0x01, 0x43, 0x01, 0x96], true).is_err());
        // the count byte agrees, with or without padding pairs
        let ok = decode_dtc_list(&[0x02, 0x01, 0x43, 0x01, 0x96], true).unwrap();
        assert_eq!(codes(&ok), ["P0143", "P0196"]);
        let padded = decode_dtc_list(&[0x01, 0x01, 0x43, 0x00, 0x00], true).unwrap();
        assert_eq!(codes(&padded), ["P0143"]);
        assert!(decode_dtc_list(&[0x00], true).unwrap().is_empty());
        // no count byte (the emulator's form) is still fine
        assert_eq!(decode_dtc_list(&[0x01, 0x43], true).unwrap().len(), 1);
        // legacy: a cut-off code
        assert!(decode_dtc_list(&[0x01, 0x43, 0x01], false).is_err());
    }

    #[test]
    fn readiness_spark_engine() {
        // MIL on, 2 DTCs; misfire+fuel+components supported, components incomplete;
        // catalyst, evap, O2, O2 heater supported; evap incomplete.
        let r = decode_readiness(&[0x82, 0x47, 0x65, 0x04]);
        assert!(r.mil_on);
        assert_eq!(r.dtc_count, 2);
        assert_eq!(r.ignition, Ignition::Spark);
        let get = |n: &str| r.monitors.iter().find(|m| m.name == n).unwrap().clone();
        assert!(get("misfire").supported && get("misfire").complete);
        assert!(get("components").supported && !get("components").complete);
        assert!(get("catalyst").supported && get("catalyst").complete);
        assert!(get("evap_system").supported && !get("evap_system").complete);
        assert!(!get("egr_vvt").supported);
        assert_eq!(r.incomplete().count(), 2);
    }

    #[test]
    fn readiness_compression_engine() {
        let r = decode_readiness(&[0x00, 0x0F, 0x40, 0x40]);
        assert_eq!(r.ignition, Ignition::Compression);
        assert!(!r.mil_on);
        let pm = r.monitors.iter().find(|m| m.name == "pm_filter").unwrap();
        assert!(pm.supported && !pm.complete);
        assert!(r.monitors.iter().all(|m| !m.name.starts_with("reserved")));
    }

    #[test]
    fn supported_pid_bitmaps() {
        assert_eq!(
            supported_pids(0x00, &[0xBE, 0x1F, 0xA8, 0x13]),
            vec![
                0x01, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x13, 0x15,
                0x1C, 0x1F, 0x20
            ]
        );
        assert_eq!(supported_pids(0x40, &[0x80, 0, 0, 0]), vec![0x41]);
        assert_eq!(supported_pids(0xE0, &[0, 0, 0, 1]), Vec::<u8>::new());
    }

    #[test]
    fn freeze_frame_with_and_without_frame_byte() {
        assert_eq!(
            split_freeze_frame(&[0x02, 0x00, 0x01, 0x43], 2),
            Some((0x02, 0x00, &[0x01u8, 0x43][..]))
        );
        assert_eq!(
            split_freeze_frame(&[0x0C, 0x1A, 0xF8], 2),
            Some((0x0C, 0, &[0x1Au8, 0xF8][..]))
        );
        assert_eq!(split_freeze_frame(&[0x0C, 0x1A], 2), None);
    }

    #[test]
    fn vin_and_ecu_name() {
        let mut p = vec![0x01];
        p.extend_from_slice(b"WP0ZZZ99ZTS390000");
        assert_eq!(decode_vin(&p).as_deref(), Some("WP0ZZZ99ZTS390000"));
        // front padding
        let mut p = vec![0x01, 0, 0, 0];
        p.extend_from_slice(b"1G1JC5444R7252367");
        assert_eq!(decode_vin(&p).as_deref(), Some("1G1JC5444R7252367"));
        let name = [
            0x01, 0x45, 0x43, 0x4D, 0x00, 0x2D, 0x45, 0x6E, 0x67, 0x69, 0x6E, 0x65, 0x43, 0x6F,
            0x6E, 0x74, 0x72, 0x6F, 0x6C, 0, 0,
        ];
        assert_eq!(decode_ecu_name(&name).as_deref(), Some("ECM-EngineControl"));
    }

    #[test]
    fn mode06_results() {
        // MID 01 TID 01 UAS 0A (mV, 0.122): value 0x0E10 → 439.2 mV; limits 0 .. 0x1000
        let r = decode_test_results(&[0x01, 0x01, 0x0A, 0x0E, 0x10, 0x00, 0x00, 0x10, 0x00]);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].unit, "mV");
        assert!((r[0].value - 439.2).abs() < 1e-9);
        assert!(r[0].passed);
        assert_eq!(r[0].monitor, "Oxygen sensor bank 1 sensor 1");
        assert!(decode_test_results(&[0x00, 0xC0, 0, 0, 1]).is_empty());
    }

    #[test]
    fn mode06_values_are_rounded_to_their_scaling() {
        // UAS 06 (0.000305 per bit): 741 × 0.000305 = 0.226005, not 0.22600499999999998
        let r = decode_test_results(&[0x01, 0x01, 0x06, 0x02, 0xE5, 0x00, 0x00, 0xFF, 0xFF]);
        assert_eq!(r[0].value.to_string(), "0.226005");
        assert_eq!(r[0].max.to_string(), "19.988175");
        assert_eq!(round_to_scaling(439.20000000000005, 0.122), 439.2);
    }

    proptest! {
        #[test]
        fn decoders_never_panic(data in proptest::collection::vec(any::<u8>(), 0..64), can: bool) {
            let _ = decode_dtcs(&data, can);
            let _ = decode_dtc_list(&data, can);
            let _ = decode_readiness(&data);
            let _ = supported_pids(0xE0, &data);
            let _ = split_freeze_frame(&data, 2);
            let _ = decode_vin(&data);
            let _ = decode_ecu_name(&data);
            let _ = decode_test_results(&data);
        }

        #[test]
        fn dtc_list_round_trip(raw in proptest::collection::vec(1u16..=0xFFFF, 0..20), with_count: bool) {
            let mut payload = Vec::new();
            if with_count { payload.push(raw.len() as u8); }
            for c in &raw { payload.extend_from_slice(&c.to_be_bytes()); }
            let got: Vec<u16> = decode_dtcs(&payload, true).iter().map(|d| u16::from_be_bytes(d.to_bytes())).collect();
            prop_assert_eq!(got, raw);
        }
    }
}
