//! The OBD services, written once over [`ObdLink`]: full scan, live data, clear.

use crate::elm::{LinkInfo, ObdLink};
use crate::services::{
    decode_dtcs, decode_ecu_name, decode_readiness, decode_test_results, decode_vin,
    split_freeze_frame, supported_pids, DtcStatus, Readiness, TestResult,
};
use crate::{EcuAddress, EcuResponse, ObdError, PidSpec, PidValue};
use serde::{Deserialize, Serialize};
use shopbench_core::{Dtc, DtcCatalog, Vin};
use std::collections::{BTreeMap, BTreeSet};

/// One decoded value from one ECU.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// Who answered.
    pub ecu: EcuAddress,
    /// PID number.
    pub pid: u8,
    /// The PID's snake_case name (`rpm`).
    pub name: String,
    /// The decoded value.
    pub value: PidValue,
    /// Unit of a [`PidValue::Number`] ("" otherwise; fields carry their own).
    pub unit: String,
}

/// A DTC with its status and meaning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DtcEntry {
    /// The code.
    pub code: Dtc,
    /// Stored, pending or permanent.
    pub status: DtcStatus,
    /// Its meaning from the generic catalogue (or "manufacturer-specific …").
    pub meaning: String,
}

/// What one ECU reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EcuReport {
    /// The ECU.
    pub ecu: EcuAddress,
    /// "engine", "transmission" for well-known addresses.
    pub role: Option<String>,
    /// Its name from service 09 0A, where supported.
    pub name: Option<String>,
    /// Its DTCs, stored then pending then permanent.
    pub dtcs: Vec<DtcEntry>,
}

/// The freeze frame (service 02, frame 0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FreezeFrame {
    /// The ECU it came from.
    pub ecu: EcuAddress,
    /// Frame number.
    pub frame: u8,
    /// The DTC that stored it.
    pub dtc: Dtc,
    /// The values captured.
    pub values: Vec<Reading>,
}

/// Everything a full scan found; parts that failed are listed in `problems`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    /// Adapter identity.
    pub adapter: String,
    /// Port.
    pub port: String,
    /// Protocol number (ELM327 numbering).
    pub protocol: Option<u8>,
    /// Protocol name.
    pub protocol_name: Option<String>,
    /// Battery voltage at the OBD socket.
    pub battery_voltage: Option<f32>,
    /// VIN as read.
    pub vin: Option<String>,
    /// Problems with the VIN (check digit, characters).
    pub vin_warnings: Vec<String>,
    /// Check-engine lamp on.
    pub mil_on: Option<bool>,
    /// DTC count reported by PID 01 01 (sum over ECUs).
    pub dtc_count: Option<u32>,
    /// Per-ECU DTCs and names.
    pub ecus: Vec<EcuReport>,
    /// Freeze frame, if one is stored.
    pub freeze_frame: Option<FreezeFrame>,
    /// Readiness monitors (the engine ECU's, or the first that answered).
    pub readiness: Option<Readiness>,
    /// Service 06 test results, where the car has them.
    pub test_results: Vec<TestResult>,
    /// Parts of the scan that failed (not-supported services are not problems).
    pub problems: Vec<String>,
}

/// Proof that the user asked to erase fault codes. Service 04 also erases
/// freeze frames and resets the readiness monitors, so it must never happen
/// by accident: build this only from an explicit user action (`--yes`).
#[derive(Debug, Clone, Copy)]
pub struct ClearConfirmation(());

impl ClearConfirmation {
    /// The user confirmed that codes, freeze frames and readiness may be erased.
    pub fn confirmed_by_user() -> ClearConfirmation {
        ClearConfirmation(())
    }
}

/// What a clear erased (the codes read just before it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClearReport {
    /// The codes that were present, per ECU.
    pub cleared: Vec<EcuReport>,
    /// ECUs that acknowledged the clear (`44`).
    pub acknowledged_by: Vec<EcuAddress>,
}

fn describe(code: Dtc) -> String {
    let meaning = DtcCatalog::generic().describe(code);
    meaning.summary().to_string()
}

/// Reads one DTC list (03, 07 or 0A), per ECU. `NO DATA` is an empty list.
pub async fn read_dtcs<L: ObdLink>(
    link: &mut L,
    status: DtcStatus,
) -> Result<BTreeMap<EcuAddress, Vec<Dtc>>, ObdError> {
    let can = link.info().protocol.is_none_or(|p| p.is_can());
    let mut out: BTreeMap<EcuAddress, Vec<Dtc>> = BTreeMap::new();
    let responses = match link.request(&[status.obd_service()], None).await {
        Ok(r) => r,
        Err(ObdError::NoData { .. }) => return Ok(out),
        Err(e) => return Err(e),
    };
    for r in responses {
        let codes = decode_dtcs(&r.data[1..], can);
        out.entry(r.ecu).or_default().extend(codes);
    }
    Ok(out)
}

/// Reads the VIN (09 02).
pub async fn read_vin<L: ObdLink>(link: &mut L) -> Result<Option<String>, ObdError> {
    let responses = link.request(&[0x09, 0x02], None).await?;
    // Legacy protocols send several messages; concatenate per ECU.
    let mut per_ecu: BTreeMap<EcuAddress, Vec<u8>> = BTreeMap::new();
    for r in &responses {
        per_ecu
            .entry(r.ecu)
            .or_default()
            .extend_from_slice(&r.data[2.min(r.data.len())..]);
    }
    Ok(per_ecu.values().find_map(|p| decode_vin(p)))
}

/// Reads PID 01 01 from every ECU.
pub async fn read_readiness<L: ObdLink>(
    link: &mut L,
) -> Result<Vec<(EcuAddress, Readiness)>, ObdError> {
    let responses = link.request(&[0x01, 0x01], None).await?;
    Ok(responses
        .iter()
        .filter(|r| r.data.len() >= 6)
        .map(|r| (r.ecu, decode_readiness(&r.data[2..6])))
        .collect())
}

/// Reads the supported service 01 PIDs per ECU (bitmaps 00, 20, 40, … while the
/// previous bitmap says the next one exists).
pub async fn read_supported_pids<L: ObdLink>(
    link: &mut L,
) -> Result<BTreeMap<EcuAddress, BTreeSet<u8>>, ObdError> {
    let mut out: BTreeMap<EcuAddress, BTreeSet<u8>> = BTreeMap::new();
    let mut base = 0u8;
    loop {
        let responses = match link.request(&[0x01, base], None).await {
            Ok(r) => r,
            Err(e) if base > 0 && e.is_not_supported() => break,
            Err(e) => return Err(e),
        };
        let mut more = false;
        for r in responses.iter().filter(|r| r.data.len() >= 6) {
            let pids = supported_pids(base, &r.data[2..6]);
            more |= pids.contains(&(base.wrapping_add(0x20)));
            out.entry(r.ecu).or_default().extend(pids);
        }
        if !more || base >= 0xE0 {
            break;
        }
        base += 0x20;
    }
    Ok(out)
}

fn decode_multi(ecu: EcuAddress, payload: &[u8], out: &mut Vec<Reading>) {
    let mut rest = payload;
    while let Some((&pid, tail)) = rest.split_first() {
        let Some(spec) = PidSpec::by_pid(pid) else {
            break; // unknown length: cannot go on
        };
        let Some(value) = spec.decode(tail) else {
            break;
        };
        out.push(Reading {
            ecu,
            pid,
            name: spec.name.to_string(),
            value,
            unit: spec.unit.to_string(),
        });
        rest = &tail[spec.bytes.min(tail.len())..];
    }
}

/// Live data: requests several PIDs at once (up to 6 per request on CAN, one
/// at a time otherwise), and once it knows how many ECUs answer each request
/// it adds the response-count suffix so the adapter need not wait for its timeout.
pub struct LiveReader {
    groups: Vec<Vec<&'static PidSpec>>,
    responders: Vec<Option<u8>>,
}

impl LiveReader {
    /// Plans the requests for `pids` on a link (CAN → groups of 6).
    pub fn new(pids: &[&'static PidSpec], can: bool) -> LiveReader {
        let per = if can { 6 } else { 1 };
        let groups: Vec<Vec<&'static PidSpec>> = pids.chunks(per).map(|c| c.to_vec()).collect();
        let responders = vec![None; groups.len()];
        LiveReader { groups, responders }
    }

    /// Reads every PID once. A PID no ECU answered is simply absent.
    pub async fn read<L: ObdLink>(&mut self, link: &mut L) -> Result<Vec<Reading>, ObdError> {
        let mut out = Vec::new();
        for (i, group) in self.groups.iter().enumerate() {
            let mut req = vec![0x01];
            req.extend(group.iter().map(|p| p.pid));
            let responses = match link.request(&req, self.responders[i]).await {
                Ok(r) => r,
                Err(ObdError::NoData { .. }) => continue,
                Err(e) => return Err(e),
            };
            // Only count on single-frame answers: the suffix counts frames on some adapters.
            if self.responders[i].is_none() && responses.iter().all(|r| r.data.len() <= 7) {
                let n = responses
                    .iter()
                    .map(|r| r.ecu)
                    .collect::<BTreeSet<_>>()
                    .len();
                self.responders[i] = u8::try_from(n).ok().filter(|n| (1..=9).contains(n));
            }
            for r in &responses {
                decode_multi(r.ecu, &r.data[1..], &mut out);
            }
        }
        Ok(out)
    }
}

/// Reads the given PIDs once (see [`LiveReader`] for repeated reads).
pub async fn read_pids<L: ObdLink>(
    link: &mut L,
    pids: &[&'static PidSpec],
) -> Result<Vec<Reading>, ObdError> {
    let can = link.info().protocol.is_none_or(|p| p.is_can());
    LiveReader::new(pids, can).read(link).await
}

/// Reads the freeze frame 0: `02 02 00` for the DTC, then each supported PID.
pub async fn read_freeze_frame<L: ObdLink>(
    link: &mut L,
    candidates: &BTreeSet<u8>,
) -> Result<Option<FreezeFrame>, ObdError> {
    let responses = match link.request(&[0x02, 0x02, 0x00], None).await {
        Ok(r) => r,
        Err(e) if e.is_not_supported() => return Ok(None),
        Err(e) => return Err(e),
    };
    let Some((ecu, frame, dtc)) = responses.iter().find_map(|r| {
        let (_, frame, data) = split_freeze_frame(&r.data[1..], 2)?;
        let code = [data[0], data[1]];
        (code != [0, 0]).then(|| (r.ecu, frame, Dtc::from_bytes(code)))
    }) else {
        return Ok(None);
    };
    let mut values = Vec::new();
    let mut with_frame_byte: Option<bool> = None;
    for &pid in candidates {
        let Some(spec) = PidSpec::by_pid(pid) else {
            continue;
        };
        if spec.is_support_bitmap() || pid <= 0x02 {
            continue;
        }
        // SAE J1979 asks `02 PID FRAME`; some ECUs and emulators only understand
        // `02 PID` (frame 0). Try the standard form first, switch if it is refused,
        // and keep whichever form worked for the remaining PIDs.
        let forms: &[bool] = match with_frame_byte {
            Some(true) => &[true],
            Some(false) => &[false],
            None => &[true, false],
        };
        let mut answer = None;
        for &form in forms {
            let req: &[u8] = if form {
                &[0x02, pid, frame]
            } else {
                &[0x02, pid]
            };
            match link.request(req, None).await {
                Ok(r) => {
                    with_frame_byte = Some(form);
                    answer = Some(r);
                    break;
                }
                Err(e) if e.is_not_supported() || matches!(e, ObdError::UnknownCommand { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        let Some(responses) = answer else {
            continue;
        };
        for r in responses.iter().filter(|r| r.ecu == ecu) {
            if let Some((_, _, data)) = split_freeze_frame(&r.data[1..], spec.bytes) {
                if let Some(value) = spec.decode(data) {
                    values.push(Reading {
                        ecu,
                        pid,
                        name: spec.name.to_string(),
                        value,
                        unit: spec.unit.to_string(),
                    });
                }
            }
        }
    }
    Ok(Some(FreezeFrame {
        ecu,
        frame,
        dtc,
        values,
    }))
}

/// ECU names (09 0A), where supported.
pub async fn read_ecu_names<L: ObdLink>(
    link: &mut L,
) -> Result<BTreeMap<EcuAddress, String>, ObdError> {
    let responses = match link.request(&[0x09, 0x0A], None).await {
        Ok(r) => r,
        Err(e) if e.is_not_supported() => return Ok(BTreeMap::new()),
        Err(e) => return Err(e),
    };
    Ok(responses
        .iter()
        .filter_map(|r| Some((r.ecu, decode_ecu_name(r.data.get(2..)?)?)))
        .collect())
}

/// Service 06 results: the MID bitmaps (00, 20, …) then each supported MID.
pub async fn read_test_results<L: ObdLink>(link: &mut L) -> Result<Vec<TestResult>, ObdError> {
    let mut mids = BTreeSet::new();
    let mut base = 0u8;
    loop {
        let responses = match link.request(&[0x06, base], None).await {
            Ok(r) => r,
            Err(e) if e.is_not_supported() => break,
            Err(e) => return Err(e),
        };
        let mut more = false;
        for r in &responses {
            // `46 00 xx xx xx xx`; the emulator leaves out the MID: `46 xx xx xx xx`
            let bitmap = match r.data.len() {
                5 => &r.data[1..5],
                n if n >= 6 => &r.data[2..6],
                _ => continue,
            };
            let found = supported_pids(base, bitmap);
            more |= found.contains(&base.wrapping_add(0x20));
            mids.extend(found.into_iter().filter(|m| m % 0x20 != 0));
        }
        if !more || base >= 0xE0 {
            break;
        }
        base += 0x20;
    }
    let mut out = Vec::new();
    for mid in mids {
        match link.request(&[0x06, mid], None).await {
            Ok(responses) => {
                for r in responses {
                    out.extend(decode_test_results(&r.data[1..]));
                }
            }
            Err(e) if e.is_not_supported() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

fn entries(
    map: &BTreeMap<EcuAddress, Vec<Dtc>>,
    status: DtcStatus,
    ecus: &mut BTreeMap<EcuAddress, EcuReport>,
) {
    for (ecu, codes) in map {
        let e = ecus.entry(*ecu).or_insert_with(|| EcuReport {
            ecu: *ecu,
            role: ecu.role().map(str::to_string),
            name: None,
            dtcs: Vec::new(),
        });
        for &code in codes {
            e.dtcs.push(DtcEntry {
                code,
                status,
                meaning: describe(code),
            });
        }
    }
}

/// A full scan: VIN, readiness/MIL, stored/pending/permanent DTCs per ECU,
/// freeze frame, ECU names, service 06 results and battery voltage. Each part
/// that fails goes into `problems` and the rest goes on; a lost link stops the
/// scan and is returned as the error. `progress` gets a short label per step.
/// [`scan_partial`] keeps what was read before a lost link.
pub async fn scan<L: ObdLink>(
    link: &mut L,
    progress: impl FnMut(&str),
) -> Result<ScanReport, ObdError> {
    match scan_partial(link, progress).await {
        (report, None) => Ok(report),
        (_, Some(lost)) => Err(lost),
    }
}

/// As [`scan`], but when the link is lost mid-scan (adapter unplugged) the
/// report read so far is returned together with that error, so it can still
/// be shown.
pub async fn scan_partial<L: ObdLink>(
    link: &mut L,
    progress: impl FnMut(&str),
) -> (ScanReport, Option<ObdError>) {
    let LinkInfo {
        adapter,
        port,
        protocol,
    } = link.info();
    let mut report = ScanReport {
        adapter,
        port,
        protocol: protocol.map(|p| p.0),
        protocol_name: protocol.map(|p| p.name().to_string()),
        battery_voltage: None,
        vin: None,
        vin_warnings: Vec::new(),
        mil_on: None,
        dtc_count: None,
        ecus: Vec::new(),
        freeze_frame: None,
        readiness: None,
        test_results: Vec::new(),
        problems: Vec::new(),
    };
    let mut ecus: BTreeMap<EcuAddress, EcuReport> = BTreeMap::new();
    let lost = scan_steps(link, &mut report, &mut ecus, progress)
        .await
        .err();
    report.ecus = ecus.into_values().collect();
    (report, lost)
}

/// The steps of [`scan_partial`]; `Err` only for a lost link.
async fn scan_steps<L: ObdLink>(
    link: &mut L,
    report: &mut ScanReport,
    ecus: &mut BTreeMap<EcuAddress, EcuReport>,
    mut progress: impl FnMut(&str),
) -> Result<(), ObdError> {
    // A lost link ends the scan; everything else is noted and skipped.
    macro_rules! attempt {
        ($what:expr, $e:expr) => {
            match $e {
                Ok(v) => Some(v),
                Err(e) if e.is_link_lost() => return Err(e),
                Err(e) => {
                    report.problems.push(format!("{}: {e}", $what));
                    None
                }
            }
        };
    }

    progress("battery voltage");
    report.battery_voltage = attempt!("battery voltage", link.battery_voltage().await).flatten();

    progress("VIN");
    match read_vin(link).await {
        Ok(Some(vin)) => {
            match vin.parse::<Vin>() {
                Ok(v) => report.vin_warnings = v.warnings().iter().map(|w| w.to_string()).collect(),
                Err(e) => report.vin_warnings.push(e.to_string()),
            }
            report.vin = Some(vin);
        }
        Ok(None) => report.problems.push("VIN: the reply held no VIN".into()),
        Err(e) if e.is_link_lost() => return Err(e),
        Err(e) if e.is_not_supported() => {} // pre-2005 cars often lack 09 02
        Err(e) => report.problems.push(format!("VIN: {e}")),
    }

    progress("readiness");
    match read_readiness(link).await {
        Ok(list) => {
            report.mil_on = Some(list.iter().any(|(_, r)| r.mil_on));
            report.dtc_count = Some(list.iter().map(|(_, r)| u32::from(r.dtc_count)).sum());
            report.readiness = list
                .iter()
                .find(|(e, _)| e.role() == Some("engine"))
                .or(list.first())
                .map(|(_, r)| r.clone());
        }
        Err(e) if e.is_link_lost() => return Err(e),
        Err(e) if e.is_not_supported() => {}
        Err(e) => report.problems.push(format!("readiness (01 01): {e}")),
    }

    for (status, label) in [
        (DtcStatus::Stored, "stored DTCs (03)"),
        (DtcStatus::Pending, "pending DTCs (07)"),
        (DtcStatus::Permanent, "permanent DTCs (0A)"),
    ] {
        progress(label);
        match read_dtcs(link, status).await {
            Ok(map) => entries(&map, status, ecus),
            Err(e) if e.is_link_lost() => return Err(e),
            Err(e) if e.is_not_supported() => {}
            Err(e) => report.problems.push(format!("{label}: {e}")),
        }
    }

    progress("ECU names");
    if let Some(names) = attempt!("ECU names (09 0A)", read_ecu_names(link).await) {
        for (ecu, name) in names {
            ecus.entry(ecu)
                .or_insert_with(|| EcuReport {
                    ecu,
                    role: ecu.role().map(str::to_string),
                    name: None,
                    dtcs: Vec::new(),
                })
                .name = Some(name);
        }
    }

    progress("freeze frame");
    let supported = match read_supported_pids(link).await {
        Ok(map) => map.into_values().flatten().collect(),
        Err(e) if e.is_link_lost() => return Err(e),
        Err(e) => {
            report.problems.push(format!("supported PIDs (01 00): {e}"));
            BTreeSet::new()
        }
    };
    report.freeze_frame = attempt!(
        "freeze frame (02)",
        read_freeze_frame(link, &supported).await
    )
    .flatten();

    progress("test results (06)");
    report.test_results =
        attempt!("test results (06)", read_test_results(link).await).unwrap_or_default();
    Ok(())
}

/// Clears DTCs (service 04) after reading what is there, and returns what was cleared.
pub async fn clear_dtcs<L: ObdLink>(
    link: &mut L,
    _confirmation: ClearConfirmation,
) -> Result<ClearReport, ObdError> {
    let mut ecus = BTreeMap::new();
    for status in [DtcStatus::Stored, DtcStatus::Pending] {
        let map = read_dtcs(link, status).await?;
        entries(&map, status, &mut ecus);
    }
    let responses = link.request(&[0x04], None).await?;
    Ok(ClearReport {
        cleared: ecus.into_values().collect(),
        acknowledged_by: responses
            .iter()
            .filter(|r| r.data.first() == Some(&0x44))
            .map(|r: &EcuResponse| r.ecu)
            .collect(),
    })
}
