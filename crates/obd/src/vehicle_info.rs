//! Service 09 beyond the VIN and the ECU names: each ECU's calibration IDs
//! (09 04) and calibration verification numbers (09 06) — the software the
//! car runs and its checksums, which change when an engine is reflashed — and
//! the in-use performance ratios (09 08 spark ignition, 09 0B compression
//! ignition): how often each monitor completed against how often its
//! conditions were met, the figure an inspection reads to see whether the
//! monitors have had a chance to run.
//!
//! Item orders are SAE J1979's (ISO 15031-5) info types 08 and 0B, as public
//! decoders list them; ratios beyond the named items are kept, numbered.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::services::supported_pids;
use crate::{EcuAddress, Ignition, ObdError, ObdLink};

/// One ECU's software identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EcuCalibration {
    /// The ECU.
    pub ecu: EcuAddress,
    /// Calibration IDs (09 04), up to 16 characters each.
    pub calibration_ids: Vec<String>,
    /// Calibration verification numbers (09 06), 8 hex digits each, in the
    /// order of the calibration IDs.
    pub cvns: Vec<String>,
}

/// One monitor's in-use performance: completions over the times its conditions were met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitorRatio {
    /// "Catalyst bank 1".
    pub monitor: String,
    /// Times the monitor completed (numerator).
    pub completed: u16,
    /// Times its conditions were encountered (denominator).
    pub conditions: u16,
}

impl MonitorRatio {
    /// completed ÷ conditions, when the conditions were met at least once.
    pub fn ratio(&self) -> Option<f64> {
        (self.conditions > 0).then(|| f64::from(self.completed) / f64::from(self.conditions))
    }
}

/// One ECU's in-use performance tracking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InUsePerformance {
    /// The ECU.
    pub ecu: EcuAddress,
    /// Spark (09 08) or compression (09 0B) ignition table.
    pub ignition: Ignition,
    /// Times the general OBD monitoring conditions were met (OBDCOND).
    pub obd_conditions: u16,
    /// Ignition cycles counted (IGNCNTR).
    pub ignition_cycles: u16,
    /// Each monitor's counts, in the table's order.
    pub monitors: Vec<MonitorRatio>,
}

/// The monitors of 09 08 after OBDCOND and IGNCNTR, one per numerator/denominator pair.
const SPARK_MONITORS: [&str; 13] = [
    "Catalyst bank 1",
    "Catalyst bank 2",
    "O2 sensor bank 1",
    "O2 sensor bank 2",
    "EGR and/or VVT",
    "Secondary air",
    "EVAP system",
    "Secondary O2 sensor bank 1",
    "Secondary O2 sensor bank 2",
    "Air-fuel ratio imbalance bank 1",
    "Air-fuel ratio imbalance bank 2",
    "Particulate filter bank 1",
    "Particulate filter bank 2",
];

/// The monitors of 09 0B after OBDCOND and IGNCNTR.
const COMPRESSION_MONITORS: [&str; 8] = [
    "NMHC catalyst",
    "NOx catalyst (SCR)",
    "NOx adsorber",
    "Particulate filter",
    "Exhaust gas sensor",
    "EGR and/or VVT",
    "Boost pressure",
    "Fuel system",
];

/// Calibration IDs from a `49 04` payload (after `49 04`): a count byte, then 16-byte
/// fields padded with NULs.
pub fn decode_calibration_ids(payload: &[u8]) -> Vec<String> {
    let Some((_, fields)) = payload.split_first() else {
        return Vec::new();
    };
    fields
        .chunks(16)
        .map(|f| {
            f.iter()
                .filter(|b| b.is_ascii_graphic() || **b == b' ')
                .map(|b| char::from(*b))
                .collect::<String>()
                .trim()
                .to_string()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// CVNs from a `49 06` payload (after `49 06`): a count byte, then 4 bytes each, as hex.
pub fn decode_cvns(payload: &[u8]) -> Vec<String> {
    let Some((_, fields)) = payload.split_first() else {
        return Vec::new();
    };
    fields
        .chunks_exact(4)
        .map(|c| c.iter().map(|b| format!("{b:02X}")).collect())
        .collect()
}

/// In-use performance from a `49 08` / `49 0B` payload (after the info type): a count of
/// 16-bit items, then the items, big-endian. `None` when fewer than the two general counters.
pub fn decode_in_use_performance(
    ecu: EcuAddress,
    ignition: Ignition,
    payload: &[u8],
) -> Option<InUsePerformance> {
    let (&count, rest) = payload.split_first()?;
    let items: Vec<u16> = rest
        .chunks_exact(2)
        .take(usize::from(count))
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    let (general, pairs) = items.split_at_checked(2)?;
    let names: &[&str] = match ignition {
        Ignition::Spark => &SPARK_MONITORS,
        Ignition::Compression => &COMPRESSION_MONITORS,
    };
    let monitors = pairs
        .chunks_exact(2)
        .enumerate()
        .map(|(i, p)| MonitorRatio {
            monitor: names
                .get(i)
                .map_or_else(|| format!("monitor {}", i + 1), |n| n.to_string()),
            completed: p[0],
            conditions: p[1],
        })
        .collect();
    Some(InUsePerformance {
        ecu,
        ignition,
        obd_conditions: general[0],
        ignition_cycles: general[1],
        monitors,
    })
}

/// The info types any ECU supports (09 00's bitmap); empty when the car answers none.
pub async fn read_info_types<L: ObdLink>(link: &mut L) -> Result<BTreeSet<u8>, ObdError> {
    let responses = match link.request(&[0x09, 0x00], None).await {
        Ok(r) => r,
        Err(e) if e.is_not_supported() => return Ok(BTreeSet::new()),
        Err(e) => return Err(e),
    };
    Ok(responses
        .iter()
        .filter_map(|r| r.data.get(2..6))
        .flat_map(|bitmap| supported_pids(0, bitmap))
        .collect())
}

/// Each answering ECU's payload after `49 XX`; nothing when `info` is not in `supported`
/// or the car refuses it.
async fn info_type<L: ObdLink>(
    link: &mut L,
    supported: &BTreeSet<u8>,
    info: u8,
) -> Result<Vec<(EcuAddress, Vec<u8>)>, ObdError> {
    if !supported.contains(&info) {
        return Ok(Vec::new());
    }
    match link.request(&[0x09, info], None).await {
        Ok(r) => Ok(r
            .into_iter()
            .filter_map(|r| Some((r.ecu, r.data.get(2..)?.to_vec())))
            .collect()),
        Err(e) if e.is_not_supported() => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Calibration IDs and CVNs per ECU (09 04 and 09 06, where `supported` lists them).
pub async fn read_calibrations<L: ObdLink>(
    link: &mut L,
    supported: &BTreeSet<u8>,
) -> Result<Vec<EcuCalibration>, ObdError> {
    let mut out: Vec<EcuCalibration> = info_type(link, supported, 0x04)
        .await?
        .into_iter()
        .map(|(ecu, p)| EcuCalibration {
            ecu,
            calibration_ids: decode_calibration_ids(&p),
            cvns: Vec::new(),
        })
        .collect();
    for (ecu, p) in info_type(link, supported, 0x06).await? {
        let cvns = decode_cvns(&p);
        match out.iter_mut().find(|c| c.ecu == ecu) {
            Some(c) => c.cvns = cvns,
            None => out.push(EcuCalibration {
                ecu,
                calibration_ids: Vec::new(),
                cvns,
            }),
        }
    }
    Ok(out)
}

/// In-use performance per ECU (09 08, then 09 0B, where `supported` lists them).
pub async fn read_in_use_performance<L: ObdLink>(
    link: &mut L,
    supported: &BTreeSet<u8>,
) -> Result<Vec<InUsePerformance>, ObdError> {
    let mut out = Vec::new();
    for (info, ignition) in [(0x08, Ignition::Spark), (0x0B, Ignition::Compression)] {
        for (ecu, p) in info_type(link, supported, info).await? {
            out.extend(decode_in_use_performance(ecu, ignition, &p));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ECM: EcuAddress = EcuAddress::Can11(0x7E8);

    /// The elm327-emulator's `car` answers, after `49 04` / `49 06` / `49 08`.
    #[test]
    fn the_emulators_calibrations_cvns_and_ratios() {
        let calid = [&[0x02][..], b"312J6000", &[0; 8], b"A4701000", &[0; 8]].concat();
        assert_eq!(decode_calibration_ids(&calid), ["312J6000", "A4701000"]);
        let cvn = [0x02, 0x69, 0x53, 0xCD, 0x4B, 0x61, 0x1F, 0x6E, 0xF2];
        assert_eq!(decode_cvns(&cvn), ["6953CD4B", "611F6EF2"]);
        let mut ipt = vec![0x14];
        for v in [
            24u16, 154, 17, 24, 0, 0, 20, 24, 0, 0, 28, 24, 0, 0, 12, 24, 0, 0, 0, 0,
        ] {
            ipt.extend(v.to_be_bytes());
        }
        let p = decode_in_use_performance(ECM, Ignition::Spark, &ipt).unwrap();
        assert_eq!((p.obd_conditions, p.ignition_cycles), (24, 154));
        assert_eq!(p.monitors.len(), 9);
        assert_eq!(p.monitors[0].monitor, "Catalyst bank 1");
        assert_eq!(p.monitors[0].ratio(), Some(17.0 / 24.0));
        assert_eq!(p.monitors[6].monitor, "EVAP system");
        assert_eq!(p.monitors[8].ratio(), None);
    }

    #[test]
    fn a_compression_table_and_unnamed_extra_pairs() {
        let mut ipt = vec![0x16];
        for v in 0u16..22 {
            ipt.extend(v.to_be_bytes());
        }
        let p = decode_in_use_performance(ECM, Ignition::Compression, &ipt).unwrap();
        assert_eq!(p.monitors.len(), 10);
        assert_eq!(p.monitors[3].monitor, "Particulate filter");
        assert_eq!(p.monitors[9].monitor, "monitor 10");
        assert!(decode_in_use_performance(ECM, Ignition::Spark, &[0x01, 0, 5]).is_none());
    }

    proptest! {
        #[test]
        fn service_09_decoders_never_panic(data in proptest::collection::vec(any::<u8>(), 0..80)) {
            let _ = decode_calibration_ids(&data);
            let _ = decode_cvns(&data);
            let _ = decode_in_use_performance(ECM, Ignition::Spark, &data);
            let _ = decode_in_use_performance(ECM, Ignition::Compression, &data);
        }
    }
}
