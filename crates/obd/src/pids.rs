//! The service 01/02 PID table, as data.
//!
//! Source: `shared/data/obdex/pids/mode01.yaml` (OBDex, CC0; formulas and
//! units as published on <https://en.wikipedia.org/wiki/OBD-II_PIDs>, SAE J1979).
//! Every PID 0x00–0x60 of that file is a row here, plus the common ones above
//! (0x61–0x68, 0x78, 0x79, 0x7C–0x7E, 0x80, 0x83, 0x84, 0x8E, 0x9D, 0x9E, 0xA0,
//! 0xA2, 0xA6). Where the file's formula disagrees with SAE J1979 the row says
//! so (PID 0x32 is a signed value).
//!
//! Adding a PID is adding a row: a `PidSpec` with a pure decoder. Decoders are
//! only called through [`PidSpec::decode`], which checks the length first, so
//! each decoder may index its `bytes` first bytes freely.

use serde::{Deserialize, Serialize};
use shopbench_core::Dtc;
use std::fmt;

/// One decoded part of a multi-value PID (e.g. an oxygen sensor's voltage and trim).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// What the value is ("voltage", "short_term_trim", …).
    pub name: String,
    /// The value in `unit`.
    pub value: f64,
    /// Unit of `value` ("V", "%", …).
    pub unit: String,
}

/// A decoded PID value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PidValue {
    /// A single number in the row's [`PidSpec::unit`].
    Number(f64),
    /// Several numbers, each with its own unit.
    Fields(Vec<Field>),
    /// An enumerated state, spelled out.
    Text(String),
    /// A set of flags that are on (supported PIDs, sensors present, …).
    Flags(Vec<String>),
    /// The DTC that stored a freeze frame (`None` = no freeze frame stored).
    Dtc(Option<Dtc>),
}

impl fmt::Display for PidValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PidValue::Number(v) => write!(f, "{}", round(*v)),
            PidValue::Fields(fields) => {
                for (i, x) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{} {} {}", x.name, round(x.value), x.unit)?;
                }
                Ok(())
            }
            PidValue::Text(t) => f.write_str(t),
            PidValue::Flags(flags) => f.write_str(&flags.join(", ")),
            PidValue::Dtc(Some(d)) => write!(f, "{d}"),
            PidValue::Dtc(None) => f.write_str("none"),
        }
    }
}

/// Rounds to 3 decimals for display (decoded values are exact fractions).
fn round(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// One row of the PID table.
#[derive(Clone, Copy)]
pub struct PidSpec {
    /// PID number (service 01 / 02).
    pub pid: u8,
    /// Stable snake_case identifier, used on the command line (`rpm`, `speed`, `coolant_temp`).
    pub name: &'static str,
    /// Human description (SAE J1979 wording).
    pub description: &'static str,
    /// Number of data bytes the ECU returns.
    pub bytes: usize,
    /// Unit of a [`PidValue::Number`] (empty for enumerations and bitmaps).
    pub unit: &'static str,
    decoder: fn(&[u8]) -> PidValue,
}

impl fmt::Debug for PidSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PidSpec(01 {:02X} {})", self.pid, self.name)
    }
}

impl PidSpec {
    /// Decodes the data bytes that follow the PID byte. `None` if there are fewer than
    /// [`PidSpec::bytes`] (extra bytes are ignored).
    pub fn decode(&self, data: &[u8]) -> Option<PidValue> {
        if data.len() < self.bytes {
            return None;
        }
        Some((self.decoder)(&data[..self.bytes]))
    }

    /// Looks a PID up by its snake_case name (`"rpm"`), case-insensitively.
    pub fn by_name(name: &str) -> Option<&'static PidSpec> {
        PIDS.iter()
            .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
    }

    /// Looks a PID up by number.
    pub fn by_pid(pid: u8) -> Option<&'static PidSpec> {
        PIDS.iter().find(|p| p.pid == pid)
    }

    /// The whole table, ordered by PID.
    pub fn all() -> &'static [PidSpec] {
        PIDS
    }

    /// True for the "PIDs supported" bitmaps (0x00, 0x20, 0x40, …).
    pub fn is_support_bitmap(&self) -> bool {
        self.pid % 0x20 == 0
    }
}

// ---- decoders: each a pure function of the data bytes ----------------------

fn ab(d: &[u8]) -> f64 {
    f64::from(u16::from_be_bytes([d[0], d[1]]))
}
fn cd(d: &[u8]) -> f64 {
    f64::from(u16::from_be_bytes([d[2], d[3]]))
}
fn percent(d: &[u8]) -> PidValue {
    PidValue::Number(f64::from(d[0]) * 100.0 / 255.0)
}
fn temp(d: &[u8]) -> PidValue {
    PidValue::Number(f64::from(d[0]) - 40.0)
}
fn trim(d: &[u8]) -> PidValue {
    PidValue::Number(f64::from(d[0]) * 100.0 / 128.0 - 100.0)
}
fn raw_a(d: &[u8]) -> PidValue {
    PidValue::Number(f64::from(d[0]))
}
fn raw_ab(d: &[u8]) -> PidValue {
    PidValue::Number(ab(d))
}
fn torque(d: &[u8]) -> PidValue {
    PidValue::Number(f64::from(d[0]) - 125.0)
}
fn rpm(d: &[u8]) -> PidValue {
    PidValue::Number(ab(d) / 4.0)
}
fn fuel_pressure(d: &[u8]) -> PidValue {
    PidValue::Number(f64::from(d[0]) * 3.0)
}
fn timing_advance(d: &[u8]) -> PidValue {
    PidValue::Number(f64::from(d[0]) / 2.0 - 64.0)
}
fn maf(d: &[u8]) -> PidValue {
    PidValue::Number(ab(d) / 100.0)
}
fn o2_voltage_trim(d: &[u8]) -> PidValue {
    let mut fields = vec![field("voltage", f64::from(d[0]) / 200.0, "V")];
    if d[1] != 0xFF {
        // B = 0xFF: the sensor is not used in the trim calculation.
        fields.push(field(
            "short_term_trim",
            f64::from(d[1]) * 100.0 / 128.0 - 100.0,
            "%",
        ));
    }
    PidValue::Fields(fields)
}
fn lambda_voltage(d: &[u8]) -> PidValue {
    PidValue::Fields(vec![
        field("lambda", ab(d) * 2.0 / 65536.0, "ratio"),
        field("voltage", cd(d) * 8.0 / 65536.0, "V"),
    ])
}
fn lambda_current(d: &[u8]) -> PidValue {
    PidValue::Fields(vec![
        field("lambda", ab(d) * 2.0 / 65536.0, "ratio"),
        field("current", cd(d) / 256.0 - 128.0, "mA"),
    ])
}
fn rail_relative(d: &[u8]) -> PidValue {
    PidValue::Number(ab(d) * 0.079)
}
fn ten_ab(d: &[u8]) -> PidValue {
    PidValue::Number(ab(d) * 10.0)
}
/// SAE J1979: A,B is a signed (two's complement) value in 1/4 Pa. (The OBDex
/// file writes `(256A+B)/4 - 8192`, which has the same range but is offset-binary.)
fn evap_pressure(d: &[u8]) -> PidValue {
    PidValue::Number(f64::from(i16::from_be_bytes([d[0], d[1]])) / 4.0)
}
fn catalyst_temp(d: &[u8]) -> PidValue {
    PidValue::Number(ab(d) / 10.0 - 40.0)
}
fn module_voltage(d: &[u8]) -> PidValue {
    PidValue::Number(ab(d) / 1000.0)
}
fn absolute_load(d: &[u8]) -> PidValue {
    PidValue::Number(ab(d) * 100.0 / 255.0)
}
fn lambda(d: &[u8]) -> PidValue {
    PidValue::Number(ab(d) * 2.0 / 65536.0)
}
fn max_maf(d: &[u8]) -> PidValue {
    PidValue::Number(f64::from(d[0]) * 10.0)
}
fn max_values(d: &[u8]) -> PidValue {
    PidValue::Fields(vec![
        field("max_lambda", f64::from(d[0]), "ratio"),
        field("max_o2_voltage", f64::from(d[1]), "V"),
        field("max_o2_current", f64::from(d[2]), "mA"),
        field("max_map", f64::from(d[3]) * 10.0, "kPa"),
    ])
}
fn evap_absolute(d: &[u8]) -> PidValue {
    PidValue::Number(ab(d) / 200.0)
}
fn evap_signed(d: &[u8]) -> PidValue {
    PidValue::Number(ab(d) - 32767.0)
}
fn trims_pair_13(d: &[u8]) -> PidValue {
    trims_pair(d, "bank_1", "bank_3")
}
fn trims_pair_24(d: &[u8]) -> PidValue {
    trims_pair(d, "bank_2", "bank_4")
}
fn trims_pair(d: &[u8], a: &str, b: &str) -> PidValue {
    PidValue::Fields(vec![
        field(a, f64::from(d[0]) * 100.0 / 128.0 - 100.0, "%"),
        field(b, f64::from(d[1]) * 100.0 / 128.0 - 100.0, "%"),
    ])
}
fn injection_timing(d: &[u8]) -> PidValue {
    PidValue::Number((ab(d) - 26880.0) / 128.0)
}
fn fuel_rate(d: &[u8]) -> PidValue {
    PidValue::Number(ab(d) / 20.0)
}
fn torque_points(d: &[u8]) -> PidValue {
    let names = ["idle", "point_2", "point_3", "point_4", "point_5"];
    PidValue::Fields(
        names
            .iter()
            .zip(d)
            .map(|(n, b)| field(n, f64::from(*b) - 125.0, "%"))
            .collect(),
    )
}
fn maf_ab(d: &[u8]) -> PidValue {
    let mut f = Vec::new();
    if d[0] & 1 != 0 {
        f.push(field("sensor_a", ab(&d[1..]) / 32.0, "g/s"));
    }
    if d[0] & 2 != 0 {
        f.push(field("sensor_b", ab(&d[3..]) / 32.0, "g/s"));
    }
    PidValue::Fields(f)
}
fn coolant_2(d: &[u8]) -> PidValue {
    let mut f = Vec::new();
    if d[0] & 1 != 0 {
        f.push(field("sensor_1", f64::from(d[1]) - 40.0, "°C"));
    }
    if d[0] & 2 != 0 {
        f.push(field("sensor_2", f64::from(d[2]) - 40.0, "°C"));
    }
    PidValue::Fields(f)
}
fn intake_temps(d: &[u8]) -> PidValue {
    let names = [
        "bank_1_sensor_1",
        "bank_1_sensor_2",
        "bank_1_sensor_3",
        "bank_2_sensor_1",
        "bank_2_sensor_2",
        "bank_2_sensor_3",
    ];
    PidValue::Fields(
        names
            .iter()
            .enumerate()
            .filter(|(i, _)| d[0] & (1 << i) != 0)
            .map(|(i, n)| field(n, f64::from(d[i + 1]) - 40.0, "°C"))
            .collect(),
    )
}
fn egt(d: &[u8]) -> PidValue {
    PidValue::Fields(
        (0..4)
            .filter(|i| d[0] & (1 << i) != 0)
            .map(|i| {
                let v = ab(&d[1 + 2 * i..]) / 10.0 - 40.0;
                field(&format!("sensor_{}", i + 1), v, "°C")
            })
            .collect(),
    )
}
fn dpf_temp(d: &[u8]) -> PidValue {
    PidValue::Fields(
        [
            "bank_1_inlet",
            "bank_1_outlet",
            "bank_2_inlet",
            "bank_2_outlet",
        ]
        .iter()
        .enumerate()
        .filter(|(i, _)| d[0] & (1 << i) != 0)
        .map(|(i, n)| field(n, ab(&d[1 + 2 * i..]) / 10.0 - 40.0, "°C"))
        .collect(),
    )
}
fn nox_sensor(d: &[u8]) -> PidValue {
    let mut f = Vec::new();
    if d[0] & 1 != 0 {
        f.push(field("sensor_1", ab(&d[1..]), "ppm"));
    }
    if d[0] & 2 != 0 {
        f.push(field("sensor_2", ab(&d[3..]), "ppm"));
    }
    PidValue::Fields(f)
}
fn fuel_rates_gs(d: &[u8]) -> PidValue {
    PidValue::Fields(vec![
        field("engine", ab(d) / 50.0, "g/s"),
        field("vehicle", cd(d) / 50.0, "g/s"),
    ])
}
fn exhaust_flow(d: &[u8]) -> PidValue {
    PidValue::Number(ab(d) / 5.0)
}
fn cylinder_fuel_rate(d: &[u8]) -> PidValue {
    PidValue::Number(ab(d) / 32.0)
}
fn odometer(d: &[u8]) -> PidValue {
    PidValue::Number(f64::from(u32::from_be_bytes([d[0], d[1], d[2], d[3]])) / 10.0)
}
fn freeze_dtc(d: &[u8]) -> PidValue {
    let code = [d[0], d[1]];
    PidValue::Dtc((code != [0, 0]).then(|| Dtc::from_bytes(code)))
}
fn field(name: &str, value: f64, unit: &str) -> Field {
    Field {
        name: name.to_string(),
        value,
        unit: unit.to_string(),
    }
}

/// Supported-PID bitmap: the flags are the supported PIDs relative to base 0
/// ("01".."20"); use [`crate::supported_pids`] for absolute numbers.
fn bitmap(d: &[u8]) -> PidValue {
    PidValue::Flags(
        crate::services::bits_msb_first(d)
            .map(|i| format!("{:02X}", i + 1))
            .collect(),
    )
}

fn monitor_status(d: &[u8]) -> PidValue {
    let r = crate::services::decode_readiness(d);
    let mut flags = vec![format!("mil_{}", if r.mil_on { "on" } else { "off" })];
    flags.push(format!("dtc_count_{}", r.dtc_count));
    for m in r.monitors.iter().filter(|m| m.supported) {
        flags.push(format!(
            "{}_{}",
            m.name,
            if m.complete { "complete" } else { "incomplete" }
        ));
    }
    PidValue::Flags(flags)
}

fn drive_cycle_status(d: &[u8]) -> PidValue {
    // Byte A is reserved in PID 0x41; the rest has the 0x01 layout.
    let mut copy = [0u8; 4];
    copy[1..].copy_from_slice(&d[1..4]);
    monitor_status(&copy)
}

fn fuel_system_one(b: u8) -> &'static str {
    match b {
        0 => "not present",
        1 => "open loop: insufficient engine temperature",
        2 => "closed loop: using oxygen sensor feedback",
        4 => "open loop: engine load or fuel cut",
        8 => "open loop: system failure",
        16 => "closed loop: feedback fault",
        _ => "invalid",
    }
}
fn fuel_system(d: &[u8]) -> PidValue {
    PidValue::Text(format!(
        "system 1: {}; system 2: {}",
        fuel_system_one(d[0]),
        fuel_system_one(d[1])
    ))
}
fn secondary_air(d: &[u8]) -> PidValue {
    PidValue::Text(
        match d[0] {
            1 => "upstream",
            2 => "downstream of catalytic converter",
            4 => "from the outside atmosphere or off",
            8 => "pump commanded on for diagnostics",
            _ => "invalid",
        }
        .to_string(),
    )
}
fn o2_present_2banks(d: &[u8]) -> PidValue {
    PidValue::Flags(
        (0..8)
            .filter(|i| d[0] & (1 << i) != 0)
            .map(|i| format!("bank_{}_sensor_{}", i / 4 + 1, i % 4 + 1))
            .collect(),
    )
}
fn o2_present_4banks(d: &[u8]) -> PidValue {
    PidValue::Flags(
        (0..8)
            .filter(|i| d[0] & (1 << i) != 0)
            .map(|i| format!("bank_{}_sensor_{}", i / 2 + 1, i % 2 + 1))
            .collect(),
    )
}
fn aux_input(d: &[u8]) -> PidValue {
    PidValue::Text(
        if d[0] & 1 != 0 {
            "PTO active"
        } else {
            "PTO inactive"
        }
        .to_string(),
    )
}
fn aux_io(d: &[u8]) -> PidValue {
    let names = [
        "power_take_off",
        "automatic_transmission_neutral_drive",
        "manual_transmission_neutral_gear",
        "glow_plug_lamp",
    ];
    PidValue::Flags(
        names
            .iter()
            .enumerate()
            .filter(|(i, _)| d[0] & (1 << i) != 0)
            .map(|(i, n)| format!("{n}_{}", if d[1] & (1 << i) != 0 { "on" } else { "off" }))
            .collect(),
    )
}
fn obd_standard(d: &[u8]) -> PidValue {
    let s = match d[0] {
        1 => "OBD-II as defined by the CARB",
        2 => "OBD as defined by the EPA",
        3 => "OBD and OBD-II",
        4 => "OBD-I",
        5 => "Not OBD compliant",
        6 => "EOBD (Europe)",
        7 => "EOBD and OBD-II",
        8 => "EOBD and OBD",
        9 => "EOBD, OBD and OBD II",
        10 => "JOBD (Japan)",
        11 => "JOBD and OBD II",
        12 => "JOBD and EOBD",
        13 => "JOBD, EOBD, and OBD II",
        17 => "Engine Manufacturer Diagnostics (EMD)",
        18 => "Engine Manufacturer Diagnostics Enhanced (EMD+)",
        19 => "Heavy Duty On-Board Diagnostics (Child/Partial) (HD OBD-C)",
        20 => "Heavy Duty On-Board Diagnostics (HD OBD)",
        21 => "World Wide Harmonized OBD (WWH OBD)",
        23 => "Heavy Duty Euro OBD Stage I without NOx control (HD EOBD-I)",
        24 => "Heavy Duty Euro OBD Stage I with NOx control (HD EOBD-I N)",
        25 => "Heavy Duty Euro OBD Stage II without NOx control (HD EOBD-II)",
        26 => "Heavy Duty Euro OBD Stage II with NOx control (HD EOBD-II N)",
        28 => "Brazil OBD Phase 1 (OBDBr-1)",
        29 => "Brazil OBD Phase 2 (OBDBr-2)",
        30 => "Korean OBD (KOBD)",
        31 => "India OBD I (IOBD I)",
        32 => "India OBD II (IOBD II)",
        33 => "Heavy Duty Euro OBD Stage VI (HD EOBD-IV)",
        _ => "reserved",
    };
    PidValue::Text(s.to_string())
}
fn fuel_type(d: &[u8]) -> PidValue {
    const TYPES: [&str; 24] = [
        "not available",
        "gasoline",
        "methanol",
        "ethanol",
        "diesel",
        "LPG",
        "CNG",
        "propane",
        "electric",
        "bifuel running gasoline",
        "bifuel running methanol",
        "bifuel running ethanol",
        "bifuel running LPG",
        "bifuel running CNG",
        "bifuel running propane",
        "bifuel running electricity",
        "bifuel running electric and combustion engine",
        "hybrid gasoline",
        "hybrid ethanol",
        "hybrid diesel",
        "hybrid electric",
        "hybrid running electric and combustion engine",
        "hybrid regenerative",
        "bifuel running diesel",
    ];
    PidValue::Text(
        TYPES
            .get(usize::from(d[0]))
            .unwrap_or(&"reserved")
            .to_string(),
    )
}
fn emission_requirements(d: &[u8]) -> PidValue {
    let s = match d[0] {
        0x0E => "heavy duty vehicles (EURO IV) B1",
        0x0F => "heavy duty vehicles (EURO V) B2",
        0x10 => "heavy duty vehicles (EURO EEV) C",
        _ => "reserved",
    };
    PidValue::Text(s.to_string())
}
fn nte_status(d: &[u8]) -> PidValue {
    let names = [
        "inside_control_area",
        "outside_control_area",
        "inside_carve_out_area",
        "deficiency_active",
    ];
    PidValue::Flags(
        names
            .iter()
            .enumerate()
            .filter(|(i, _)| d[0] & (1 << i) != 0)
            .map(|(_, n)| n.to_string())
            .collect(),
    )
}

macro_rules! pid {
    ($pid:expr, $name:expr, $bytes:expr, $unit:expr, $decode:expr, $desc:expr) => {
        PidSpec {
            pid: $pid,
            name: $name,
            description: $desc,
            bytes: $bytes,
            unit: $unit,
            decoder: $decode,
        }
    };
}

/// The table. Order: by PID.
static PIDS: &[PidSpec] = &[
    pid!(0x00, "pids_supported_01_20", 4, "", bitmap, "PIDs supported [01-20]"),
    pid!(0x01, "monitor_status", 4, "", monitor_status, "Monitor status since DTCs cleared"),
    pid!(0x02, "freeze_dtc", 2, "", freeze_dtc, "Freeze DTC (DTC that triggered freeze frame)"),
    pid!(0x03, "fuel_status", 2, "", fuel_system, "Fuel system status (system 1 and system 2)"),
    pid!(0x04, "engine_load", 1, "%", percent, "Calculated engine load"),
    pid!(0x05, "coolant_temp", 1, "°C", temp, "Engine coolant temperature"),
    pid!(0x06, "short_fuel_trim_1", 1, "%", trim, "Short term fuel trim — Bank 1"),
    pid!(0x07, "long_fuel_trim_1", 1, "%", trim, "Long term fuel trim — Bank 1"),
    pid!(0x08, "short_fuel_trim_2", 1, "%", trim, "Short term fuel trim — Bank 2"),
    pid!(0x09, "long_fuel_trim_2", 1, "%", trim, "Long term fuel trim — Bank 2"),
    pid!(0x0A, "fuel_pressure", 1, "kPa", fuel_pressure, "Fuel pressure (gauge pressure)"),
    pid!(0x0B, "intake_pressure", 1, "kPa", raw_a, "Intake manifold absolute pressure"),
    pid!(0x0C, "rpm", 2, "rpm", rpm, "Engine RPM"),
    pid!(0x0D, "speed", 1, "km/h", raw_a, "Vehicle speed"),
    pid!(0x0E, "timing_advance", 1, "° before TDC", timing_advance, "Timing advance (cylinder 1)"),
    pid!(0x0F, "intake_temp", 1, "°C", temp, "Intake air temperature"),
    pid!(0x10, "maf", 2, "g/s", maf, "Mass air flow rate"),
    pid!(0x11, "throttle_pos", 1, "%", percent, "Throttle position"),
    pid!(0x12, "air_status", 1, "", secondary_air, "Commanded secondary air status"),
    pid!(0x13, "o2_sensors", 1, "", o2_present_2banks, "Oxygen sensors present (in 2 banks)"),
    pid!(0x14, "o2_b1s1", 2, "", o2_voltage_trim, "Oxygen sensor 1 (Bank 1 Sensor 1) — voltage and short term fuel trim"),
    pid!(0x15, "o2_b1s2", 2, "", o2_voltage_trim, "Oxygen sensor 2 (Bank 1 Sensor 2) — voltage and short term fuel trim"),
    pid!(0x16, "o2_b1s3", 2, "", o2_voltage_trim, "Oxygen sensor 3 (Bank 1 Sensor 3) — voltage and short term fuel trim"),
    pid!(0x17, "o2_b1s4", 2, "", o2_voltage_trim, "Oxygen sensor 4 (Bank 1 Sensor 4) — voltage and short term fuel trim"),
    pid!(0x18, "o2_b2s1", 2, "", o2_voltage_trim, "Oxygen sensor 5 (Bank 2 Sensor 1) — voltage and short term fuel trim"),
    pid!(0x19, "o2_b2s2", 2, "", o2_voltage_trim, "Oxygen sensor 6 (Bank 2 Sensor 2) — voltage and short term fuel trim"),
    pid!(0x1A, "o2_b2s3", 2, "", o2_voltage_trim, "Oxygen sensor 7 (Bank 2 Sensor 3) — voltage and short term fuel trim"),
    pid!(0x1B, "o2_b2s4", 2, "", o2_voltage_trim, "Oxygen sensor 8 (Bank 2 Sensor 4) — voltage and short term fuel trim"),
    pid!(0x1C, "obd_compliance", 1, "", obd_standard, "OBD standards this vehicle conforms to"),
    pid!(0x1D, "o2_sensors_alt", 1, "", o2_present_4banks, "Oxygen sensors present (in 4 banks, 2 bits per bank)"),
    pid!(0x1E, "aux_input_status", 1, "", aux_input, "Auxiliary input status (PTO)"),
    pid!(0x1F, "run_time", 2, "s", raw_ab, "Run time since engine start"),
    pid!(0x20, "pids_supported_21_40", 4, "", bitmap, "PIDs supported [21-40]"),
    pid!(0x21, "distance_w_mil", 2, "km", raw_ab, "Distance traveled with malfunction indicator lamp (MIL) on"),
    pid!(0x22, "fuel_rail_pressure_vac", 2, "kPa", rail_relative, "Fuel rail pressure (relative to manifold vacuum)"),
    pid!(0x23, "fuel_rail_pressure_direct", 2, "kPa", ten_ab, "Fuel rail gauge pressure (diesel or petrol direct injection)"),
    pid!(0x24, "o2_s1_wr_voltage", 4, "", lambda_voltage, "Oxygen sensor 1 (Bank 1 Sensor 1) — air-fuel equivalence ratio (lambda) and voltage"),
    pid!(0x25, "o2_s2_wr_voltage", 4, "", lambda_voltage, "Oxygen sensor 2 (Bank 1 Sensor 2) — air-fuel equivalence ratio and voltage"),
    pid!(0x26, "o2_s3_wr_voltage", 4, "", lambda_voltage, "Oxygen sensor 3 (Bank 1 Sensor 3) — air-fuel equivalence ratio and voltage"),
    pid!(0x27, "o2_s4_wr_voltage", 4, "", lambda_voltage, "Oxygen sensor 4 (Bank 1 Sensor 4) — air-fuel equivalence ratio and voltage"),
    pid!(0x28, "o2_s5_wr_voltage", 4, "", lambda_voltage, "Oxygen sensor 5 (Bank 2 Sensor 1) — air-fuel equivalence ratio and voltage"),
    pid!(0x29, "o2_s6_wr_voltage", 4, "", lambda_voltage, "Oxygen sensor 6 (Bank 2 Sensor 2) — air-fuel equivalence ratio and voltage"),
    pid!(0x2A, "o2_s7_wr_voltage", 4, "", lambda_voltage, "Oxygen sensor 7 (Bank 2 Sensor 3) — air-fuel equivalence ratio and voltage"),
    pid!(0x2B, "o2_s8_wr_voltage", 4, "", lambda_voltage, "Oxygen sensor 8 (Bank 2 Sensor 4) — air-fuel equivalence ratio and voltage"),
    pid!(0x2C, "commanded_egr", 1, "%", percent, "Commanded EGR"),
    pid!(0x2D, "egr_error", 1, "%", trim, "EGR Error"),
    pid!(0x2E, "evaporative_purge", 1, "%", percent, "Commanded evaporative purge"),
    pid!(0x2F, "fuel_level", 1, "%", percent, "Fuel tank level"),
    pid!(0x30, "warmups_since_dtc_clear", 1, "count", raw_a, "Warm-ups since codes cleared"),
    pid!(0x31, "distance_since_dtc_clear", 2, "km", raw_ab, "Distance traveled since codes cleared"),
    pid!(0x32, "evap_vapor_pressure", 2, "Pa", evap_pressure, "Evaporative system vapor pressure"),
    pid!(0x33, "barometric_pressure", 1, "kPa", raw_a, "Absolute barometric pressure"),
    pid!(0x34, "o2_s1_wr_current", 4, "", lambda_current, "Oxygen sensor 1 (Bank 1 Sensor 1) — air-fuel equivalence ratio and current"),
    pid!(0x35, "o2_s2_wr_current", 4, "", lambda_current, "Oxygen sensor 2 (Bank 1 Sensor 2) — air-fuel equivalence ratio and current"),
    pid!(0x36, "o2_s3_wr_current", 4, "", lambda_current, "Oxygen sensor 3 (Bank 1 Sensor 3) — air-fuel equivalence ratio and current"),
    pid!(0x37, "o2_s4_wr_current", 4, "", lambda_current, "Oxygen sensor 4 (Bank 1 Sensor 4) — air-fuel equivalence ratio and current"),
    pid!(0x38, "o2_s5_wr_current", 4, "", lambda_current, "Oxygen sensor 5 (Bank 2 Sensor 1) — air-fuel equivalence ratio and current"),
    pid!(0x39, "o2_s6_wr_current", 4, "", lambda_current, "Oxygen sensor 6 (Bank 2 Sensor 2) — air-fuel equivalence ratio and current"),
    pid!(0x3A, "o2_s7_wr_current", 4, "", lambda_current, "Oxygen sensor 7 (Bank 2 Sensor 3) — air-fuel equivalence ratio and current"),
    pid!(0x3B, "o2_s8_wr_current", 4, "", lambda_current, "Oxygen sensor 8 (Bank 2 Sensor 4) — air-fuel equivalence ratio and current"),
    pid!(0x3C, "catalyst_temp_b1s1", 2, "°C", catalyst_temp, "Catalyst temperature — Bank 1, Sensor 1"),
    pid!(0x3D, "catalyst_temp_b2s1", 2, "°C", catalyst_temp, "Catalyst temperature — Bank 2, Sensor 1"),
    pid!(0x3E, "catalyst_temp_b1s2", 2, "°C", catalyst_temp, "Catalyst temperature — Bank 1, Sensor 2"),
    pid!(0x3F, "catalyst_temp_b2s2", 2, "°C", catalyst_temp, "Catalyst temperature — Bank 2, Sensor 2"),
    pid!(0x40, "pids_supported_41_60", 4, "", bitmap, "PIDs supported [41-60]"),
    pid!(0x41, "drive_cycle_status", 4, "", drive_cycle_status, "Monitor status this drive cycle"),
    pid!(0x42, "control_module_voltage", 2, "V", module_voltage, "Control module voltage"),
    pid!(0x43, "absolute_load", 2, "%", absolute_load, "Absolute load value"),
    pid!(0x44, "commanded_equiv_ratio", 2, "ratio", lambda, "Commanded air-fuel equivalence ratio (lambda)"),
    pid!(0x45, "relative_throttle_pos", 1, "%", percent, "Relative throttle position"),
    pid!(0x46, "ambient_air_temp", 1, "°C", temp, "Ambient air temperature"),
    pid!(0x47, "throttle_pos_b", 1, "%", percent, "Absolute throttle position B"),
    pid!(0x48, "throttle_pos_c", 1, "%", percent, "Absolute throttle position C"),
    pid!(0x49, "accelerator_pos_d", 1, "%", percent, "Accelerator pedal position D"),
    pid!(0x4A, "accelerator_pos_e", 1, "%", percent, "Accelerator pedal position E"),
    pid!(0x4B, "accelerator_pos_f", 1, "%", percent, "Accelerator pedal position F"),
    pid!(0x4C, "throttle_actuator", 1, "%", percent, "Commanded throttle actuator"),
    pid!(0x4D, "run_time_mil", 2, "min", raw_ab, "Time run with MIL on"),
    pid!(0x4E, "time_since_dtc_cleared", 2, "min", raw_ab, "Time since trouble codes cleared"),
    pid!(0x4F, "max_values", 4, "", max_values, "Maximum value for fuel-air equivalence ratio, oxygen sensor voltage, oxygen sensor current, intake manifold absolute pressure"),
    pid!(0x50, "max_maf", 4, "g/s", max_maf, "Maximum value for air flow rate from mass air flow sensor (only A used; B, C, D reserved)"),
    pid!(0x51, "fuel_type", 1, "", fuel_type, "Fuel type"),
    pid!(0x52, "ethanol_percent", 1, "%", percent, "Ethanol fuel percentage"),
    pid!(0x53, "evap_vapor_pressure_abs", 2, "kPa", evap_absolute, "Absolute evaporative system vapor pressure"),
    pid!(0x54, "evap_vapor_pressure_alt", 2, "Pa", evap_signed, "Evaporative system vapor pressure (signed)"),
    pid!(0x55, "short_o2_trim_b1_b3", 2, "", trims_pair_13, "Short term secondary oxygen sensor trim — Bank 1 (A) and Bank 3 (B)"),
    pid!(0x56, "long_o2_trim_b1_b3", 2, "", trims_pair_13, "Long term secondary oxygen sensor trim — Bank 1 (A) and Bank 3 (B)"),
    pid!(0x57, "short_o2_trim_b2_b4", 2, "", trims_pair_24, "Short term secondary oxygen sensor trim — Bank 2 (A) and Bank 4 (B)"),
    pid!(0x58, "long_o2_trim_b2_b4", 2, "", trims_pair_24, "Long term secondary oxygen sensor trim — Bank 2 (A) and Bank 4 (B)"),
    pid!(0x59, "fuel_rail_pressure_abs", 2, "kPa", ten_ab, "Fuel rail absolute pressure"),
    pid!(0x5A, "relative_accel_pos", 1, "%", percent, "Relative accelerator pedal position"),
    pid!(0x5B, "hybrid_battery_remaining", 1, "%", percent, "Hybrid battery pack remaining life"),
    pid!(0x5C, "oil_temp", 1, "°C", temp, "Engine oil temperature"),
    pid!(0x5D, "fuel_inject_timing", 2, "°", injection_timing, "Fuel injection timing"),
    pid!(0x5E, "fuel_rate", 2, "L/h", fuel_rate, "Engine fuel rate"),
    pid!(0x5F, "emission_req", 1, "", emission_requirements, "Emission requirements to which vehicle is designed"),
    pid!(0x60, "pids_supported_61_80", 4, "", bitmap, "PIDs supported [61-80]"),
    pid!(0x61, "driver_demand_torque", 1, "%", torque, "Driver's demand engine percent torque"),
    pid!(0x62, "actual_torque", 1, "%", torque, "Actual engine percent torque"),
    pid!(0x63, "reference_torque", 2, "Nm", raw_ab, "Engine reference torque"),
    pid!(0x64, "torque_points", 5, "", torque_points, "Engine percent torque at five engine points (idle, peak, reference points)"),
    pid!(0x65, "aux_io", 2, "", aux_io, "Auxiliary input/output supported"),
    pid!(0x66, "maf_sensors", 5, "", maf_ab, "Mass air flow sensor (A and B)"),
    pid!(0x67, "coolant_temp_sensors", 3, "", coolant_2, "Engine coolant temperature (sensor 1 and sensor 2)"),
    pid!(0x68, "intake_temp_sensors", 7, "", intake_temps, "Intake air temperature sensor (multiple, with bitfield support indicator)"),
    pid!(0x78, "egt_bank_1", 9, "", egt, "Exhaust gas temperature (EGT) — Bank 1, sensors 1-4"),
    pid!(0x79, "egt_bank_2", 9, "", egt, "Exhaust gas temperature (EGT) — Bank 2, sensors 1-4"),
    pid!(0x7C, "dpf_temp", 9, "", dpf_temp, "Diesel particulate filter (DPF) temperature"),
    pid!(0x7D, "nox_nte_status", 1, "", nte_status, "NOx NTE (Not-To-Exceed) control area status"),
    pid!(0x7E, "pm_nte_status", 1, "", nte_status, "PM NTE (Not-To-Exceed) control area status"),
    pid!(0x80, "pids_supported_81_a0", 4, "", bitmap, "PIDs supported [81-A0]"),
    pid!(0x83, "nox_sensor", 5, "", nox_sensor, "NOx sensor (concentration, supported sensors)"),
    pid!(0x84, "manifold_surface_temp", 1, "°C", temp, "Manifold surface temperature"),
    pid!(0x8E, "friction_torque", 1, "%", torque, "Engine friction percent torque"),
    pid!(0x9D, "fuel_rate_gs", 4, "", fuel_rates_gs, "Engine fuel rate (engine and vehicle, in g/s)"),
    pid!(0x9E, "exhaust_flow_rate", 2, "g/s", exhaust_flow, "Engine exhaust flow rate"),
    pid!(0xA0, "pids_supported_a1_c0", 4, "", bitmap, "PIDs supported [A1-C0]"),
    pid!(0xA2, "cylinder_fuel_rate", 2, "mg/stroke", cylinder_fuel_rate, "Cylinder fuel rate"),
    pid!(0xA6, "odometer", 4, "km", odometer, "Odometer"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn num(name: &str, data: &[u8]) -> f64 {
        match PidSpec::by_name(name).unwrap().decode(data).unwrap() {
            PidValue::Number(v) => v,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn table_covers_every_pid_up_to_0x60_sorted_and_unique() {
        for pid in 0..=0x60u8 {
            assert!(PidSpec::by_pid(pid).is_some(), "PID {pid:02X} missing");
        }
        for w in PIDS.windows(2) {
            assert!(w[0].pid < w[1].pid, "{:?} before {:?}", w[0], w[1]);
        }
        let mut names: Vec<_> = PIDS.iter().map(|p| p.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), PIDS.len(), "duplicate names");
    }

    #[test]
    fn table_matches_obdex_byte_counts() {
        // `bytes:` per PID as listed in shared/data/obdex/pids/mode01.yaml.
        let yaml = include_str!("../../../../shared/data/obdex/pids/mode01.yaml");
        let mut count = 0;
        let mut pid = None;
        for line in yaml.lines() {
            if let Some(p) = line.strip_prefix("- pid: ") {
                pid = Some(u8::from_str_radix(p.trim_matches('"'), 16).unwrap());
            } else if let Some(b) = line.trim().strip_prefix("bytes: ") {
                let spec = PidSpec::by_pid(pid.unwrap()).expect("PID from OBDex missing");
                assert_eq!(spec.bytes, b.parse::<usize>().unwrap(), "{spec:?}");
                count += 1;
            }
        }
        assert_eq!(count, PIDS.len());
    }

    #[test]
    fn common_decoders() {
        assert_eq!(num("rpm", &[0x1A, 0xF8]), 1726.0);
        assert_eq!(num("speed", &[0x32]), 50.0);
        assert_eq!(num("coolant_temp", &[0x7B]), 83.0);
        assert_eq!(num("engine_load", &[0xFF]), 100.0);
        assert_eq!(num("short_fuel_trim_1", &[0x80]), 0.0);
        assert_eq!(num("timing_advance", &[0x80]), 0.0);
        assert_eq!(num("maf", &[0x01, 0xF4]), 5.0);
        assert_eq!(num("control_module_voltage", &[0x35, 0x84]), 13.7);
        assert_eq!(num("catalyst_temp_b1s1", &[0x0F, 0xA0]), 360.0);
        assert_eq!(num("evap_vapor_pressure", &[0xFF, 0xFC]), -1.0);
        assert_eq!(num("fuel_rate", &[0x00, 0x64]), 5.0);
        assert_eq!(num("odometer", &[0, 0, 0x30, 0x39]), 1234.5);
        assert_eq!(num("fuel_pressure", &[10]), 30.0);
        assert_eq!(num("actual_torque", &[125]), 0.0);
    }

    #[test]
    fn multi_value_and_enumerated_decoders() {
        let o2 = PidSpec::by_name("o2_b1s1")
            .unwrap()
            .decode(&[0x5A, 0xFF])
            .unwrap();
        assert_eq!(o2, PidValue::Fields(vec![field("voltage", 0.45, "V")]));
        let ft = PidSpec::by_name("fuel_type")
            .unwrap()
            .decode(&[0x11])
            .unwrap();
        assert_eq!(ft, PidValue::Text("hybrid gasoline".into()));
        let fd = PidSpec::by_pid(2).unwrap().decode(&[0x01, 0x43]).unwrap();
        assert_eq!(fd.to_string(), "P0143");
        let bm = PidSpec::by_pid(0)
            .unwrap()
            .decode(&[0x80, 0, 0, 1])
            .unwrap();
        assert_eq!(bm, PidValue::Flags(vec!["01".into(), "20".into()]));
        assert!(PidSpec::by_name("rpm").unwrap().decode(&[0x1A]).is_none());
        assert_eq!(PidSpec::by_name(" RPM ").unwrap().pid, 0x0C);
    }

    proptest::proptest! {
        #[test]
        fn decoders_never_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..12)) {
            for spec in PidSpec::all() {
                if let Some(v) = spec.decode(&data) {
                    let _ = v.to_string();
                }
            }
        }
    }
}
