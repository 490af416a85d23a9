//! The OBD services, written once over [`ObdLink`]: full scan, live data, clear.

use crate::elm::{LinkInfo, ObdLink};
use crate::services::{
    decode_dtc_list, decode_ecu_name, decode_readiness, decode_test_results, decode_vin,
    monitor_name, split_freeze_frame, supported_pids, DtcStatus, Readiness, TestResult,
};
use crate::vehicle_info::{read_calibrations, read_in_use_performance, read_info_types};
use crate::{
    EcuAddress, EcuCalibration, EcuResponse, InUsePerformance, ObdError, PidSpec, PidValue,
};
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
    /// Per-ECU DTCs and names. An ECU without codes here has "none" only
    /// for the lists [`ScanReport::code_lists`] marks as read by it.
    pub ecus: Vec<EcuReport>,
    /// Whether each code list (stored 03, pending 07, permanent 0A) was
    /// read, and by which ECUs: a list is "none" only when an ECU said so.
    /// (Absent from reports written before it existed: read as "unknown".)
    #[serde(default)]
    pub code_lists: Vec<CodeListRead>,
    /// Freeze frame 0, if one is stored (the first of [`ScanReport::freeze_frames`], kept for
    /// readers of the earlier shape).
    pub freeze_frame: Option<FreezeFrame>,
    /// Every stored freeze frame, frame 0 first, each with the code that stored it.
    /// (Absent from reports written before it existed.)
    #[serde(default)]
    pub freeze_frames: Vec<FreezeFrame>,
    /// Readiness monitors (the engine ECU's, or the first that answered).
    pub readiness: Option<Readiness>,
    /// Service 06 test results, where the car has them.
    pub test_results: Vec<TestResult>,
    /// What the car counted since its codes were last cleared (01 30, 31,
    /// 4E), where it keeps those counters: a buyer's "were the codes just
    /// cleared?". Null when the car keeps none, so every report has the same
    /// fields. (Absent from reports written before it existed.)
    #[serde(default)]
    pub since_cleared: Option<SinceCleared>,
    /// Each ECU's calibration IDs and verification numbers (09 04, 09 06), where the car
    /// reports them: the software it runs. (Absent from reports written before it existed.)
    #[serde(default)]
    pub calibrations: Vec<EcuCalibration>,
    /// In-use performance ratios (09 08 / 09 0B), where the car keeps them.
    /// (Absent from reports written before it existed.)
    #[serde(default)]
    pub in_use_performance: Vec<InUsePerformance>,
    /// What the mechanic should be told that is not a problem: the MIL off
    /// with stored codes. (Absent from reports written before it existed.)
    #[serde(default)]
    pub notes: Vec<String>,
    /// Parts of the scan that failed (not-supported services are not problems),
    /// each written by [`problem_line`] as `{part}: {why}`.
    pub problems: Vec<String>,
}

/// Between the part of the scan a problem line names and why it failed.
const PROBLEM_PART_END: &str = ": ";

/// A problem line for [`ScanReport::problems`]: the part of the scan
/// (`test results (06)`, `VIN`), then why it failed — the one shape
/// [`problem_part`] reads back.
pub fn problem_line(part: &str, why: impl std::fmt::Display) -> String {
    format!("{part}{PROBLEM_PART_END}{why}")
}

/// The part of the scan a [`problem_line`] names (`test results (06)`); a
/// line not written by it, whole.
pub fn problem_part(line: &str) -> &str {
    line.split_once(PROBLEM_PART_END)
        .map_or(line, |(part, _)| part)
}

/// The car's counters since its codes were last cleared.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SinceCleared {
    /// Engine warm-ups (01 30).
    pub warm_ups: Option<u32>,
    /// Distance driven, km (01 31).
    pub distance_km: Option<f64>,
    /// Engine run time, minutes (01 4E).
    pub minutes: Option<f64>,
}

/// The PIDs behind [`SinceCleared`].
const SINCE_CLEARED_PIDS: [u8; 3] = [0x30, 0x31, 0x4E];

impl SinceCleared {
    /// From the readings of [`SINCE_CLEARED_PIDS`]; `None` when none answered.
    fn from_readings(readings: &[Reading]) -> Option<SinceCleared> {
        let num = |pid: u8| {
            readings
                .iter()
                .find(|r| r.pid == pid)
                .and_then(|r| match r.value {
                    PidValue::Number(n) => Some(n),
                    _ => None,
                })
        };
        let s = SinceCleared {
            warm_ups: num(0x30).map(|n| n as u32),
            distance_km: num(0x31),
            minutes: num(0x4E),
        };
        (s != SinceCleared::default()).then_some(s)
    }

    /// The counters in plain words: "Codes last cleared 50 km ago (4 engine
    /// warm-ups, 2 h 5 min of running since)". Facts only: how recent is
    /// "recent" is the reader's call (the readiness monitors say the rest).
    pub fn statement(&self) -> String {
        let mut since = Vec::new();
        if let Some(w) = self.warm_ups {
            since.push(format!(
                "{w} engine warm-up{}",
                if w == 1 { "" } else { "s" }
            ));
        }
        if let Some(m) = self.minutes {
            let m = m.round() as u64;
            since.push(match m {
                0..=59 => format!("{m} min of running"),
                _ => format!("{} h {} min of running", m / 60, m % 60),
            });
        }
        let ago = self
            .distance_km
            .map(|km| format!(" {km:.0} km ({:.0} mi) ago", km / 1.609_344))
            .unwrap_or_default();
        match (ago.is_empty(), since.is_empty()) {
            (false, true) => format!("Codes last cleared{ago}"),
            (false, false) => format!("Codes last cleared{ago} ({} since)", since.join(", ")),
            (true, _) => format!("Since the codes were last cleared: {}", since.join(", ")),
        }
    }
}

/// Whether one code list (stored 03, pending 07 or permanent 0A) was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeListRead {
    /// Which list.
    pub status: DtcStatus,
    /// The service that reads it (3, 7 or 10).
    pub service: u8,
    /// What came of reading it.
    #[serde(flatten)]
    pub outcome: ListOutcome,
}

/// What came of reading one code list. Serialised with a `state` tag:
/// `{"state": "read", "ecus": ["7E8"]}`, `{"state": "not_read", "reason": "…"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ListOutcome {
    /// These ECUs answered with their list; one whose list is empty said "none".
    Read {
        /// The ECUs that answered.
        ecus: Vec<EcuAddress>,
    },
    /// The car said it does not keep this list (every ECU refused the
    /// service, or a pre-CAN car was asked for permanent codes).
    Unsupported {
        /// Why we say so.
        reason: String,
    },
    /// The list was not read: nothing is known about these codes.
    NotRead {
        /// Why.
        reason: String,
    },
}

impl CodeListRead {
    /// A list not read, for `reason`.
    pub fn not_read(status: DtcStatus, reason: impl Into<String>) -> CodeListRead {
        CodeListRead {
            status,
            service: status.obd_service(),
            outcome: ListOutcome::NotRead {
                reason: reason.into(),
            },
        }
    }

    /// The problem line of a list not read (`stored codes (03): not read — …`),
    /// as the scan lists it in [`ScanReport::problems`].
    pub fn problem(&self) -> Option<String> {
        let reason = self.not_read_reason()?;
        Some(problem_line(&self.label(), format!("not read — {reason}")))
    }

    /// "stored codes (03)".
    pub fn label(&self) -> String {
        format!("{} codes ({:02X})", self.status.as_str(), self.service)
    }

    /// True when the list was read (an empty one means "none").
    pub fn is_read(&self) -> bool {
        matches!(self.outcome, ListOutcome::Read { .. })
    }

    /// The reason, when the list was not read.
    pub fn not_read_reason(&self) -> Option<&str> {
        match &self.outcome {
            ListOutcome::NotRead { reason } => Some(reason),
            _ => None,
        }
    }

    /// True when `ecu` answered this list.
    pub fn read_by(&self, ecu: EcuAddress) -> bool {
        matches!(&self.outcome, ListOutcome::Read { ecus } if ecus.contains(&ecu))
    }
}

impl ScanReport {
    /// The code lists that were not read (each makes the scan incomplete).
    pub fn codes_not_read(&self) -> Vec<&CodeListRead> {
        self.code_lists
            .iter()
            .filter(|l| !l.is_read() && l.not_read_reason().is_some())
            .collect()
    }

    /// True when every code list was read or the car said it does not keep
    /// it: only then does an empty code list mean "no codes".
    pub fn codes_complete(&self) -> bool {
        self.code_lists.len() == DtcStatus::ALL.len() && self.codes_not_read().is_empty()
    }

    /// The read state of one list.
    pub fn code_list(&self, status: DtcStatus) -> Option<&CodeListRead> {
        self.code_lists.iter().find(|l| l.status == status)
    }
}

/// Proof that the user asked to erase fault codes. Service 04 also erases
/// freeze frames and resets the readiness monitors, so it must never happen
/// by accident: build this only from an explicit user action (`--yes`).
/// A clear is refused when the stored or pending codes cannot be read first
/// (what it would erase is then unknown), unless the user also confirmed that.
#[derive(Debug, Clone, Copy)]
pub struct ClearConfirmation {
    unread_too: bool,
}

impl ClearConfirmation {
    /// The user confirmed that codes, freeze frames and readiness may be erased.
    pub fn confirmed_by_user() -> ClearConfirmation {
        ClearConfirmation { unread_too: false }
    }

    /// The user confirmed the clear even if the codes cannot be read first
    /// (an ECU that answers `NO DATA` to 03 whatever it holds).
    pub fn confirmed_even_unread() -> ClearConfirmation {
        ClearConfirmation { unread_too: true }
    }
}

/// What a clear erased (the codes read just before it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClearReport {
    /// The codes that were present, per ECU.
    pub cleared: Vec<EcuReport>,
    /// Whether the stored and pending lists could be read before the clear:
    /// when one was not, what was erased from it is unknown.
    #[serde(default)]
    pub lists: Vec<CodeListRead>,
    /// ECUs that acknowledged the clear (`44`).
    pub acknowledged_by: Vec<EcuAddress>,
    /// Codes read on ECUs that did not acknowledge the clear (refused it, or
    /// did not answer): not known to be erased, not in `cleared`.
    #[serde(default)]
    pub not_acknowledged: Vec<EcuReport>,
    /// The permanent codes (0A) read before the clear, per ECU: a clear does
    /// not erase them; each goes once its monitor runs again and passes.
    /// Empty when the car has none, or when 0A was not read ([`ClearReport::permanent_list`]).
    #[serde(default)]
    pub permanent: Vec<EcuReport>,
    /// Whether the permanent list (0A) was read before the clear. (Absent
    /// from reports written before it existed.)
    #[serde(default)]
    pub permanent_list: Option<CodeListRead>,
}

fn describe(code: Dtc) -> String {
    let meaning = DtcCatalog::generic().describe(code);
    meaning.summary().to_string()
}

/// Sends a read-only request, and once more if the first try failed in a way
/// a second may not (an adapter fault, a timeout, a garbled reply, `NO
/// DATA`). Only for requests that change nothing in the car.
async fn request_twice<L: ObdLink>(
    link: &mut L,
    data: &[u8],
) -> Result<Vec<EcuResponse>, ObdError> {
    match link.request(data, None).await {
        Err(e) if e.is_worth_retrying() => link.request(data, None).await,
        other => other,
    }
}

/// Reads one DTC list (03, 07 or 0A), per ECU; a failed read is tried once
/// more. `NO DATA` is an error ([`ObdError::NoData`]), not an empty list:
/// an ECU with no codes answers with an empty list (`43 00` on CAN). A list
/// that does not add up is [`ObdError::Malformed`] (see [`decode_dtc_list`]).
pub async fn read_dtcs<L: ObdLink>(
    link: &mut L,
    status: DtcStatus,
) -> Result<BTreeMap<EcuAddress, Vec<Dtc>>, ObdError> {
    let can = link.info().protocol.is_none_or(|p| p.is_can());
    let service = status.obd_service();
    let decode = |responses: &[EcuResponse]| {
        let mut out: BTreeMap<EcuAddress, Vec<Dtc>> = BTreeMap::new();
        for r in responses {
            let codes = decode_dtc_list(&r.data[1..], can).map_err(|what| ObdError::Malformed {
                command: format!("{service:02X}"),
                reply: format!("{} {}", r.ecu, crate::frames::to_hex(&r.data)),
                what,
            })?;
            out.entry(r.ecu).or_default().extend(codes);
        }
        Ok::<_, ObdError>(out)
    };
    let mut result = link
        .request(&[service], None)
        .await
        .and_then(|r| decode(&r));
    if result.as_ref().is_err_and(ObdError::is_worth_retrying) {
        result = link
            .request(&[service], None)
            .await
            .and_then(|r| decode(&r));
    }
    result
}

/// Reads one code list and says what came of it; `Err` only for a lost link.
async fn read_code_list<L: ObdLink>(
    link: &mut L,
    status: DtcStatus,
) -> Result<(CodeListRead, BTreeMap<EcuAddress, Vec<Dtc>>), ObdError> {
    let can = link.info().protocol.is_none_or(|p| p.is_can());
    let (outcome, map) = match read_dtcs(link, status).await {
        Ok(map) => (
            ListOutcome::Read {
                ecus: map.keys().copied().collect(),
            },
            map,
        ),
        Err(e) if e.is_link_lost() => return Err(e),
        Err(e @ ObdError::NegativeResponse { .. }) if e.is_not_supported() => (
            ListOutcome::Unsupported {
                reason: e.to_string(),
            },
            BTreeMap::new(),
        ),
        Err(ObdError::NoData { .. }) if !can && status == DtcStatus::Permanent => (
            ListOutcome::Unsupported {
                reason: "no ECU answered 0A; permanent codes came with CAN (2008 and later), and this car's protocol is older".into(),
            },
            BTreeMap::new(),
        ),
        Err(ObdError::NoData { command }) => (
            ListOutcome::NotRead {
                reason: format!("no ECU answered {command} (NO DATA, twice); an ECU with no codes answers with an empty list, so these codes are unknown — check the ignition is on and scan again"),
            },
            BTreeMap::new(),
        ),
        Err(e) => (
            ListOutcome::NotRead {
                reason: e.to_string(),
            },
            BTreeMap::new(),
        ),
    };
    let read = CodeListRead {
        status,
        service: status.obd_service(),
        outcome,
    };
    Ok((read, map))
}

/// Reads the VIN (09 02).
pub async fn read_vin<L: ObdLink>(link: &mut L) -> Result<Option<String>, ObdError> {
    // NO DATA: older cars lack 09 02; anything else may pass a second time
    let responses = request_unless_unsupported(link, &[0x09, 0x02])
        .await
        .map_err(|(e, _)| e)?;
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

/// Reads PID 01 01 from every ECU (tried once more if the first try fails).
pub async fn read_readiness<L: ObdLink>(
    link: &mut L,
) -> Result<Vec<(EcuAddress, Readiness)>, ObdError> {
    let responses = request_twice(link, &[0x01, 0x01]).await?;
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
///
/// Each request falls back on its own when the adapter refuses a feature:
/// a request refused with the suffix (`010C0D1` → `?`) is sent again without
/// it, and never with it again; a multi-PID request refused (`?`, or a
/// negative response "incorrect length") is split into one request per PID.
/// [`LiveReader::read_round`] keeps going past errors, so a recording
/// survives one `CAN ERROR` or a stall.
///
/// A PID the car gives no value for in [`LIVE_ROUNDS_BEFORE_DROP`] rounds in
/// a row is no longer asked ([`LiveRound::dropped`]): each request costs a
/// round trip, and one the car never answers only slows the PIDs it does.
pub struct LiveReader {
    groups: Vec<LiveGroup>,
    /// Per PID still asked: the rounds in a row it gave no value.
    silent: BTreeMap<u8, u32>,
    /// The PIDs no longer asked, in the order they were dropped.
    dropped: Vec<u8>,
}

/// The rounds in a row a PID gives no value (the car's answer lacks it, or
/// `NO DATA`) before live data stops asking for it. Three, not one: a single
/// `NO DATA` can be transient (an ECU busy, or late past the adapter's
/// timeout), and a PID dropped for it would be lost for the whole session;
/// three misses in a row cost three round trips, then none. A request that
/// failed (timeout, adapter fault) says nothing about the PID and does not count.
pub const LIVE_ROUNDS_BEFORE_DROP: u32 = 3;

/// The PIDs asked for in one request, and what this request has learnt.
struct LiveGroup {
    pids: Vec<&'static PidSpec>,
    /// How many ECUs answer (the count suffix), once known.
    responders: Option<u8>,
    /// The adapter refused this request with the count suffix.
    no_suffix: bool,
}

impl LiveGroup {
    fn new(pids: Vec<&'static PidSpec>) -> LiveGroup {
        LiveGroup {
            pids,
            responders: None,
            no_suffix: false,
        }
    }

    fn request(&self) -> Vec<u8> {
        std::iter::once(0x01)
            .chain(self.pids.iter().map(|p| p.pid))
            .collect()
    }
}

/// One round of live data: the values read, and what went wrong with the rest.
#[derive(Debug, Default)]
pub struct LiveRound {
    /// The values read (a PID no ECU answered is absent, and in `not_reported`).
    pub readings: Vec<Reading>,
    /// The requests that failed this round (the next round tries them again).
    pub errors: Vec<ObdError>,
    /// The PIDs the car was asked for and did not report: no ECU's answer
    /// held them, or the request got `NO DATA` (a PID the car does not
    /// support). Not those of a failed request (in `errors`).
    pub not_reported: Vec<u8>,
    /// The PIDs that gave no value for [`LIVE_ROUNDS_BEFORE_DROP`] rounds in
    /// a row with this one: not asked from the next round on (each is here once).
    pub dropped: Vec<u8>,
}

impl LiveReader {
    /// Plans the requests for `pids` on a link (CAN → groups of 6).
    pub fn new(pids: &[&'static PidSpec], can: bool) -> LiveReader {
        let per = if can { 6 } else { 1 };
        let groups = pids
            .chunks(per)
            .map(|c| LiveGroup::new(c.to_vec()))
            .collect();
        LiveReader {
            groups,
            silent: BTreeMap::new(),
            dropped: Vec::new(),
        }
    }

    /// The PIDs no longer asked ([`LiveRound::dropped`] of every round so far).
    pub fn dropped(&self) -> &[u8] {
        &self.dropped
    }

    /// [`ObdError::NothingLeftToPoll`] once every PID asked for was dropped:
    /// a round would ask nothing.
    pub fn check_any_left(&self) -> Result<(), ObdError> {
        if self.groups.is_empty() && !self.dropped.is_empty() {
            return Err(ObdError::NothingLeftToPoll {
                pids: pid_names(&self.dropped),
                rounds: LIVE_ROUNDS_BEFORE_DROP,
            });
        }
        Ok(())
    }

    /// Reads every PID once. The first failed request ends the round with its
    /// error; [`LiveReader::read_round`] goes on instead.
    pub async fn read<L: ObdLink>(&mut self, link: &mut L) -> Result<Vec<Reading>, ObdError> {
        let round = self.read_round(link).await?;
        match round.errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(round.readings),
        }
    }

    /// Reads every PID still asked once, going on past a failed request (its
    /// error is in [`LiveRound::errors`]), and drops the PIDs that gave no value
    /// too many rounds in a row ([`LiveRound::dropped`]). `Err` when the link
    /// is lost, or when no PID is left to ask ([`LiveReader::check_any_left`]).
    pub async fn read_round<L: ObdLink>(&mut self, link: &mut L) -> Result<LiveRound, ObdError> {
        self.check_any_left()?;
        let mut round = self.ask_each_group(link).await?;
        round.dropped = self.drop_silent(&round);
        Ok(round)
    }

    /// Counts the rounds in a row each PID gave no value, and stops asking the
    /// ones at [`LIVE_ROUNDS_BEFORE_DROP`]; returns those.
    fn drop_silent(&mut self, round: &LiveRound) -> Vec<u8> {
        for pid in self
            .groups
            .iter()
            .flat_map(|g| g.pids.iter().map(|p| p.pid))
        {
            let silent = self.silent.entry(pid).or_default();
            if round.readings.iter().any(|r| r.pid == pid) {
                *silent = 0;
            } else if round.not_reported.contains(&pid) {
                *silent += 1;
            }
        }
        let gone: Vec<u8> = self
            .silent
            .iter()
            .filter(|(_, n)| **n >= LIVE_ROUNDS_BEFORE_DROP)
            .map(|(pid, _)| *pid)
            .collect();
        if gone.is_empty() {
            return gone;
        }
        for group in &mut self.groups {
            let before = group.pids.len();
            group.pids.retain(|p| !gone.contains(&p.pid));
            if group.pids.len() != before {
                // who answers the shorter request is learnt again
                group.responders = None;
            }
        }
        self.groups.retain(|g| !g.pids.is_empty());
        self.silent.retain(|pid, _| !gone.contains(pid));
        self.dropped.extend(&gone);
        gone
    }

    /// One request per group; see [`LiveReader::read_round`].
    async fn ask_each_group<L: ObdLink>(&mut self, link: &mut L) -> Result<LiveRound, ObdError> {
        let mut round = LiveRound::default();
        let mut i = 0;
        while i < self.groups.len() {
            match self.request_group(link, i).await {
                Ok(responses) => {
                    self.learn_responders(i, &responses);
                    for r in &responses {
                        decode_multi(r.ecu, &r.data[1..], &mut round.readings);
                    }
                    let missing: Vec<u8> = self.groups[i]
                        .pids
                        .iter()
                        .map(|p| p.pid)
                        .filter(|pid| !round.readings.iter().any(|r| r.pid == *pid))
                        .collect();
                    round.not_reported.extend(missing);
                }
                Err(e) if e.is_link_lost() => return Err(e),
                Err(ObdError::NoData { .. }) => round
                    .not_reported
                    .extend(self.groups[i].pids.iter().map(|p| p.pid)),
                Err(e) if refuses_multi_pid(&e) && self.groups[i].pids.len() > 1 => {
                    // one PID per request from now on; read them now
                    let group = self.groups.remove(i);
                    for (k, pid) in group.pids.into_iter().enumerate() {
                        let mut single = LiveGroup::new(vec![pid]);
                        single.no_suffix = group.no_suffix;
                        self.groups.insert(i + k, single);
                    }
                    continue;
                }
                Err(e) => round.errors.push(e),
            }
            i += 1;
        }
        Ok(round)
    }

    /// Sends group `i`'s request; if the adapter refuses the count suffix,
    /// sends it again without, and never uses the suffix for it again.
    async fn request_group<L: ObdLink>(
        &mut self,
        link: &mut L,
        i: usize,
    ) -> Result<Vec<EcuResponse>, ObdError> {
        let group = &mut self.groups[i];
        let req = group.request();
        match link.request(&req, group.responders).await {
            Err(ObdError::UnknownCommand { .. }) if group.responders.is_some() => {
                group.responders = None;
                group.no_suffix = true;
                link.request(&req, None).await
            }
            other => other,
        }
    }

    /// Counts the ECUs that answered group `i`, for the suffix. Only on
    /// single-frame answers: the suffix counts frames on some adapters.
    fn learn_responders(&mut self, i: usize, responses: &[EcuResponse]) {
        let group = &mut self.groups[i];
        if group.no_suffix || group.responders.is_some() {
            return;
        }
        if responses.iter().all(|r| r.data.len() <= 7) {
            let n = responses
                .iter()
                .map(|r| r.ecu)
                .collect::<BTreeSet<_>>()
                .len();
            group.responders = u8::try_from(n).ok().filter(|n| (1..=9).contains(n));
        }
    }
}

/// True when a multi-PID request was refused as such (the adapter's `?`, or
/// an ECU's "incorrect message length" / "sub-function not supported").
fn refuses_multi_pid(e: &ObdError) -> bool {
    match e {
        ObdError::UnknownCommand { .. } => true,
        ObdError::NegativeResponse { nrc, .. } => matches!(nrc, 0x12 | 0x13),
        _ => false,
    }
}

/// The PIDs by name and number: "rpm (01 0C), fuel_pressure (01 0A)".
pub fn pid_names(pids: &[u8]) -> String {
    pids.iter()
        .map(|&p| match PidSpec::by_pid(p) {
            Some(spec) => format!("{} (01 {p:02X})", spec.name),
            None => format!("01 {p:02X}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads the given PIDs once (see [`LiveReader`] for repeated reads).
pub async fn read_pids<L: ObdLink>(
    link: &mut L,
    pids: &[&'static PidSpec],
) -> Result<Vec<Reading>, ObdError> {
    let can = link.info().protocol.is_none_or(|p| p.is_can());
    LiveReader::new(pids, can).read(link).await
}

/// The most freeze frames read from a car (J1979 numbers them 00–FF; cars keep one to a few).
pub const MAX_FREEZE_FRAMES: u8 = 8;

/// Reads every stored freeze frame: frame 0, then 1, 2, … for as long as an ECU answers
/// `02 02 N` with frame number N and a code (at most [`MAX_FREEZE_FRAMES`]). A refusal or
/// silence after frame 0 ends the list; a lost link is an error.
pub async fn read_freeze_frames<L: ObdLink>(
    link: &mut L,
    candidates: &BTreeSet<u8>,
) -> Result<Vec<FreezeFrame>, ObdError> {
    let mut frames = Vec::new();
    for n in 0..MAX_FREEZE_FRAMES {
        match read_frame(link, candidates, n).await {
            Ok(Some(f)) => frames.push(f),
            Ok(None) => break,
            Err(e) if n > 0 && !e.is_link_lost() => break,
            Err(e) => return Err(e),
        }
    }
    Ok(frames)
}

/// The PIDs freeze frame `frame` of `ecu` holds, from its own support bitmaps
/// (`02 00 N`, then `02 20 N`, … while a bitmap says the next one exists).
/// A frame keeps a handful of the PIDs the ECU supports live: asking it only
/// for those spares a wait for every PID it does not hold (on a J2534 device,
/// most of a scan's time). `None` when the ECU does not answer its bitmap
/// (not every one does): the caller asks the live PIDs instead.
async fn frame_pids<L: ObdLink>(
    link: &mut L,
    ecu: EcuAddress,
    frame: u8,
) -> Result<Option<BTreeSet<u8>>, ObdError> {
    let mut held = BTreeSet::new();
    let mut base = 0u8;
    loop {
        let responses = match link.request(&[0x02, base, frame], None).await {
            Ok(r) => r,
            Err(e) if e.is_link_lost() => return Err(e),
            Err(_) => break,
        };
        let Some(bitmap) = responses.iter().filter(|r| r.ecu == ecu).find_map(|r| {
            split_freeze_frame(&r.data[1..], 4)
                .filter(|&(pid, f, _)| pid == base && f == frame)
                .map(|(_, _, bitmap)| bitmap.to_vec())
        }) else {
            break;
        };
        let pids = supported_pids(base, &bitmap);
        let more = pids.contains(&base.wrapping_add(0x20));
        held.extend(pids);
        if !more || base >= 0xE0 {
            break;
        }
        base += 0x20;
    }
    Ok((!held.is_empty()).then_some(held))
}

/// Freeze frame `n`: `02 02 N` for its DTC, then each supported PID. A reply for another
/// frame (an ECU that ignores the frame byte answers with frame 0) is not frame `n`.
async fn read_frame<L: ObdLink>(
    link: &mut L,
    candidates: &BTreeSet<u8>,
    n: u8,
) -> Result<Option<FreezeFrame>, ObdError> {
    let responses = match link.request(&[0x02, 0x02, n], None).await {
        Ok(r) => r,
        Err(e) if e.is_not_supported() => return Ok(None),
        Err(e) => return Err(e),
    };
    let Some((ecu, frame, dtc)) = responses.iter().find_map(|r| {
        let (_, frame, data) = split_freeze_frame(&r.data[1..], 2)?;
        let code = [data[0], data[1]];
        (code != [0, 0] && frame == n).then(|| (r.ecu, frame, Dtc::from_bytes(code)))
    }) else {
        return Ok(None);
    };
    let mut values = Vec::new();
    let mut with_frame_byte: Option<bool> = None;
    let kept = frame_pids(link, ecu, frame).await?;
    for &pid in kept.as_ref().unwrap_or(candidates) {
        let Some(spec) = PidSpec::by_pid(pid) else {
            continue;
        };
        if spec.is_support_bitmap() || pid <= 0x02 {
            continue;
        }
        // SAE J1979 asks `02 PID FRAME`; some ECUs and emulators only understand
        // `02 PID`, which is frame 0. Try the standard form first, switch if it is
        // refused (frame 0 only: the short form would give frame 0's values for
        // another frame), and keep whichever form worked for the remaining PIDs.
        let forms: &[bool] = match with_frame_byte {
            Some(true) => &[true],
            Some(false) => &[false],
            None if frame == 0 => &[true, false],
            None => &[true],
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
            // Only a value the reply says is of this frame.
            let of_frame =
                split_freeze_frame(&r.data[1..], spec.bytes).filter(|(_, f, _)| *f == frame);
            if let Some((_, _, data)) = of_frame {
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

/// What service 06 gave: the results of every MID that answered, and the
/// requests that failed (one failed MID does not lose the others' results).
#[derive(Debug, Default)]
pub struct TestResultsRead {
    /// The results read.
    pub results: Vec<TestResult>,
    /// Each failed request, named: "MID 02 (Oxygen sensor bank 1 sensor 2) not read (tried twice): …".
    pub failed: Vec<String>,
}

/// A read-only request for something the car may not have (the VIN, a
/// service 06 MID), sent once more when the first try failed in a way a
/// second may not (a timeout, an adapter fault, a garbled reply, an ECU
/// asking to repeat); `NO DATA` or a refusal says the car does not have it
/// and is not asked again. On `Err`, the error and whether it was tried twice.
async fn request_unless_unsupported<L: ObdLink>(
    link: &mut L,
    data: &[u8],
) -> Result<Vec<EcuResponse>, (ObdError, bool)> {
    match link.request(data, None).await {
        Err(e) if e.is_worth_retrying() && !e.is_not_supported() => {
            link.request(data, None).await.map_err(|e| (e, true))
        }
        other => other.map_err(|e| (e, false)),
    }
}

/// " (tried twice)" after a request that failed twice, else nothing.
fn tried(twice: bool) -> &'static str {
    if twice {
        " (tried twice)"
    } else {
        ""
    }
}

/// Service 06 results: the MID bitmaps (00, 20, …) then each supported MID.
/// A request that failed in a way a second try may not is tried once more
/// (`NO DATA` is not: it means the car does not have that MID). `Err` for a
/// lost link or a first bitmap (06 00) that failed (nothing is then known);
/// any other failed request is named in [`TestResultsRead::failed`] and the
/// rest read on.
pub async fn read_test_results<L: ObdLink>(link: &mut L) -> Result<TestResultsRead, ObdError> {
    let mut read = TestResultsRead::default();
    let mut mids = BTreeSet::new();
    let mut base = 0u8;
    loop {
        let responses = match request_unless_unsupported(link, &[0x06, base]).await {
            Ok(r) => r,
            Err((e, _)) if e.is_not_supported() => break,
            Err((e, _)) if base == 0 || e.is_link_lost() => return Err(e),
            Err((e, twice)) => {
                read.failed.push(format!(
                    "MIDs {:02X}–{:02X} (06 {base:02X}) not read{}: {e}",
                    base + 1,
                    base.saturating_add(0x20),
                    tried(twice)
                ));
                break;
            }
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
    for mid in mids {
        match request_unless_unsupported(link, &[0x06, mid]).await {
            Ok(responses) => {
                for r in responses {
                    read.results.extend(decode_test_results(&r.data[1..]));
                }
            }
            Err((e, _)) if e.is_not_supported() => {}
            Err((e, _)) if e.is_link_lost() => return Err(e),
            Err((e, twice)) => read.failed.push(format!(
                "MID {mid:02X} ({}) not read{}: {e}",
                monitor_name(mid),
                tried(twice)
            )),
        }
    }
    Ok(read)
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
        code_lists: DtcStatus::ALL
            .iter()
            .map(|&s| CodeListRead::not_read(s, NOT_REACHED))
            .collect(),
        freeze_frame: None,
        freeze_frames: Vec::new(),
        readiness: None,
        test_results: Vec::new(),
        since_cleared: None,
        calibrations: Vec::new(),
        in_use_performance: Vec::new(),
        notes: Vec::new(),
        problems: Vec::new(),
    };
    let mut ecus: BTreeMap<EcuAddress, EcuReport> = BTreeMap::new();
    let lost = scan_steps(link, &mut report, &mut ecus, progress)
        .await
        .err();
    if let Some(lost) = &lost {
        for list in &mut report.code_lists {
            if list.not_read_reason() == Some(NOT_REACHED) {
                *list = CodeListRead::not_read(
                    list.status,
                    format!("the scan stopped before this list was read: {lost}"),
                );
            }
        }
    }
    report.ecus = ecus.into_values().collect();
    (report, lost)
}

/// A code list the scan has not come to yet.
const NOT_REACHED: &str = "not reached";

/// The steps of [`scan_partial`]; `Err` only for a lost link. Each step
/// notes what it could not read in `report.problems` and the scan goes on.
async fn scan_steps<L: ObdLink>(
    link: &mut L,
    report: &mut ScanReport,
    ecus: &mut BTreeMap<EcuAddress, EcuReport>,
    mut progress: impl FnMut(&str),
) -> Result<(), ObdError> {
    progress("battery voltage");
    report.battery_voltage =
        noted(report, "battery voltage", link.battery_voltage().await)?.flatten();
    progress("VIN");
    vin_step(link, report).await?;
    progress("readiness");
    let counted = readiness_step(link, report).await?;
    code_lists_step(link, report, ecus, &mut progress).await?;
    report
        .problems
        .extend(count_mismatches(report, ecus, &counted));
    report.notes.extend(mil_off_note(report, ecus));
    progress("ECU names");
    ecu_names_step(link, report, ecus).await?;
    progress("freeze frame");
    let supported = freeze_frame_step(link, report).await?;
    since_cleared_step(link, report, &supported, &mut progress).await?;
    progress("test results (06)");
    if let Some(read) = noted(report, "test results (06)", read_test_results(link).await)? {
        report.test_results = read.results;
        let failed = read.failed.into_iter();
        report
            .problems
            .extend(failed.map(|f| problem_line("test results (06)", f)));
    }
    progress("calibration IDs and in-use performance (09)");
    vehicle_info_step(link, report).await
}

/// A step's result: a lost link ends the scan (`Err`); any other failure is
/// noted as a problem under `what` and the step yields nothing.
fn noted<T>(
    report: &mut ScanReport,
    what: &str,
    result: Result<T, ObdError>,
) -> Result<Option<T>, ObdError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_link_lost() => Err(e),
        Err(e) => {
            report.problems.push(problem_line(what, e));
            Ok(None)
        }
    }
}

/// The VIN (09 02) and what its check digit and characters say; a car
/// without the PID (pre-2005 cars often lack it) is not a problem.
async fn vin_step<L: ObdLink>(link: &mut L, report: &mut ScanReport) -> Result<(), ObdError> {
    match read_vin(link).await {
        Ok(Some(vin)) => {
            match vin.parse::<Vin>() {
                Ok(v) => report.vin_warnings = v.warnings().iter().map(|w| w.to_string()).collect(),
                Err(e) => report.vin_warnings.push(e.to_string()),
            }
            report.vin = Some(vin);
        }
        Ok(None) => report
            .problems
            .push(problem_line("VIN", "the reply held no VIN")),
        Err(e) if e.is_link_lost() => return Err(e),
        Err(e) if e.is_not_supported() => {}
        Err(e) => report.problems.push(problem_line("VIN", e)),
    }
    Ok(())
}

/// The MIL, the confirmed-code count and the monitors (01 01), the engine
/// ECU's readiness first. Returns each answering ECU's confirmed-code count.
async fn readiness_step<L: ObdLink>(
    link: &mut L,
    report: &mut ScanReport,
) -> Result<BTreeMap<EcuAddress, u8>, ObdError> {
    let mut counted = BTreeMap::new();
    match read_readiness(link).await {
        Ok(list) => {
            counted = list.iter().map(|(e, r)| (*e, r.dtc_count)).collect();
            report.mil_on = Some(list.iter().any(|(_, r)| r.mil_on));
            report.dtc_count = Some(list.iter().map(|(_, r)| u32::from(r.dtc_count)).sum());
            report.readiness = list
                .iter()
                .find(|(e, _)| e.role() == Some("engine"))
                .or(list.first())
                .map(|(_, r)| r.clone());
        }
        Err(e) if e.is_link_lost() => return Err(e),
        // 01 01 is one every OBD-II car keeps: silence is not "nothing to report"
        Err(ObdError::NoData { .. }) => report
            .problems
            .push(format!("readiness (01 01): {MONITOR_STATUS_NOT_ANSWERED}")),
        Err(e) if e.is_not_supported() => {}
        Err(e) => report.problems.push(problem_line("readiness (01 01)", e)),
    }
    Ok(counted)
}

/// Why the MIL and readiness are not known when no ECU answered 01 01.
const MONITOR_STATUS_NOT_ANSWERED: &str = "the car did not answer the monitor-status request (NO DATA, twice): the MIL, the count of confirmed codes and the readiness monitors are not known";

/// Every code list (stored, pending, permanent), each ECU's codes filed under it.
async fn code_lists_step<L: ObdLink>(
    link: &mut L,
    report: &mut ScanReport,
    ecus: &mut BTreeMap<EcuAddress, EcuReport>,
    progress: &mut impl FnMut(&str),
) -> Result<(), ObdError> {
    for (i, status) in DtcStatus::ALL.into_iter().enumerate() {
        let label = CodeListRead::not_read(status, "").label();
        progress(&label);
        let (list, map) = read_code_list(link, status).await?;
        entries(&map, status, ecus);
        report.problems.extend(list.problem());
        report.code_lists[i] = list;
    }
    Ok(())
}

/// The ECUs' names (09 0A), an ECU that reported no code included.
async fn ecu_names_step<L: ObdLink>(
    link: &mut L,
    report: &mut ScanReport,
    ecus: &mut BTreeMap<EcuAddress, EcuReport>,
) -> Result<(), ObdError> {
    let Some(names) = noted(report, "ECU names (09 0A)", read_ecu_names(link).await)? else {
        return Ok(());
    };
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
    Ok(())
}

/// The supported PIDs (01 00) and every freeze frame (02) read with them;
/// returns the supported PIDs for the steps after.
async fn freeze_frame_step<L: ObdLink>(
    link: &mut L,
    report: &mut ScanReport,
) -> Result<BTreeSet<u8>, ObdError> {
    let supported: BTreeSet<u8> = noted(
        report,
        "supported PIDs (01 00)",
        read_supported_pids(link).await,
    )?
    .map(|map| map.into_values().flatten().collect())
    .unwrap_or_default();
    let frames = read_freeze_frames(link, &supported).await;
    report.freeze_frames = noted(report, "freeze frames (02)", frames)?.unwrap_or_default();
    report.freeze_frame = report.freeze_frames.first().cloned();
    Ok(supported)
}

/// Warm-ups, distance and time since the codes were cleared (01 30/31/4E),
/// when the car supports any of them.
async fn since_cleared_step<L: ObdLink>(
    link: &mut L,
    report: &mut ScanReport,
    supported: &BTreeSet<u8>,
    progress: &mut impl FnMut(&str),
) -> Result<(), ObdError> {
    let counters: Vec<&'static PidSpec> = SINCE_CLEARED_PIDS
        .iter()
        .filter(|p| supported.contains(p))
        .filter_map(|&p| PidSpec::by_pid(p))
        .collect();
    if counters.is_empty() {
        return Ok(());
    }
    progress("since codes cleared");
    let readings = read_pids(link, &counters).await;
    report.since_cleared = noted(report, "since codes cleared (01 30/31/4E)", readings)?
        .and_then(|r| SinceCleared::from_readings(&r));
    Ok(())
}

/// The calibration IDs and in-use performance counters (mode 09), asked
/// only for what the car says it has (09 00).
async fn vehicle_info_step<L: ObdLink>(
    link: &mut L,
    report: &mut ScanReport,
) -> Result<(), ObdError> {
    let info = read_info_types(link).await;
    let info = noted(report, "vehicle information (09 00)", info)?.unwrap_or_default();
    let calibrations = read_calibrations(link, &info).await;
    report.calibrations =
        noted(report, "calibration IDs (09 04, 09 06)", calibrations)?.unwrap_or_default();
    let in_use = read_in_use_performance(link, &info).await;
    report.in_use_performance =
        noted(report, "in-use performance (09 08, 09 0B)", in_use)?.unwrap_or_default();
    Ok(())
}

/// The stored codes (03) `ecu` returned.
fn stored_codes(ecus: &BTreeMap<EcuAddress, EcuReport>, ecu: EcuAddress) -> usize {
    ecus.get(&ecu).map_or(0, |e| {
        e.dtcs
            .iter()
            .filter(|d| d.status == DtcStatus::Stored)
            .count()
    })
}

/// Each ECU whose count of confirmed codes (01 01) is not the number of
/// codes its stored list (03) returned: fewer means a code may not have been
/// read (an ECU that answered late, a list cut short); more, that the count
/// and the list disagree. Each ECU is compared with itself (a car's ECUs
/// count their own codes), and only once the stored list was read.
fn count_mismatches(
    report: &ScanReport,
    ecus: &BTreeMap<EcuAddress, EcuReport>,
    counted: &BTreeMap<EcuAddress, u8>,
) -> Vec<String> {
    let Some(list) = report.code_list(DtcStatus::Stored).filter(|l| l.is_read()) else {
        return Vec::new();
    };
    counted
        .iter()
        .filter_map(|(&ecu, &n)| {
            let s = if n == 1 { "" } else { "s" };
            // 01 01 counts in 7 bits: 127 means "127 or more"
            let held = stored_codes(ecus, ecu).min(0x7F);
            let held_n = usize::from(n);
            if !list.read_by(ecu) {
                return (n > 0).then(|| problem_line("stored codes (03)", format!("ECU {ecu} counts {n} confirmed code{s} (01 01) but did not answer the stored-code request (03) — its codes may not have been read: scan again")));
            }
            match held.cmp(&held_n) {
                std::cmp::Ordering::Equal => None,
                std::cmp::Ordering::Less => Some(problem_line("stored codes (03)", format!("ECU {ecu} counts {n} confirmed code{s} (01 01) but its stored list (03) holds {held} — a code may not have been read: scan again"))),
                std::cmp::Ordering::Greater => Some(problem_line("stored codes (03)", format!("ECU {ecu} counts {n} confirmed code{s} (01 01) but its stored list (03) holds {held} — the count and the list disagree: scan again"))),
            }
        })
        .collect()
}

/// The MIL off with stored codes: normal, but a customer who sees codes and
/// no lamp asks why. Per SAE J1979 / OBD-II: the lamp goes out after 3 drive
/// cycles in a row without the fault, the code stays until 40 warm-up cycles
/// pass without it (or a clear), and some codes never light the lamp.
fn mil_off_note(report: &ScanReport, ecus: &BTreeMap<EcuAddress, EcuReport>) -> Option<String> {
    if report.mil_on != Some(false) {
        return None;
    }
    let n: usize = ecus.keys().map(|&e| stored_codes(ecus, e)).sum();
    let s = if n == 1 { "" } else { "s" };
    (n > 0).then(|| format!("MIL off with {n} stored code{s}: normal — the lamp goes out once a fault is not seen for 3 drive cycles in a row, while its code stays stored until 40 warm-up cycles pass without it (or the codes are cleared); some codes never light the lamp"))
}

/// A step of [`clear_dtcs_with_progress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClearStep {
    /// Reading the stored and pending codes, to say what will be erased.
    ReadingCodes,
    /// Sending the clear request (04): from here on, codes may be erased.
    SendingClear,
}

/// Clears DTCs (service 04) after reading what is there, and returns what was cleared.
///
/// When it fails, the error is [`ObdError::ClearInterrupted`], which says
/// whether the clear request had been sent (then the codes may or may not
/// have been erased) or not (then nothing was), or the ECUs' refusal
/// ([`ObdError::NegativeResponse`], nothing erased).
pub async fn clear_dtcs<L: ObdLink>(
    link: &mut L,
    confirmation: ClearConfirmation,
) -> Result<ClearReport, ObdError> {
    clear_dtcs_with_progress(link, confirmation, |_| {}).await
}

/// As [`clear_dtcs`], telling `progress` when the clear request is about to
/// go out (so that a caller interrupted by the user can say whether
/// anything may have been erased).
pub async fn clear_dtcs_with_progress<L: ObdLink>(
    link: &mut L,
    confirmation: ClearConfirmation,
    mut progress: impl FnMut(ClearStep),
) -> Result<ClearReport, ObdError> {
    let not_sent = |reason| ObdError::ClearInterrupted {
        sent: false,
        reason: Box::new(reason),
    };
    progress(ClearStep::ReadingCodes);
    let mut ecus = BTreeMap::new();
    let mut lists = Vec::new();
    for status in [DtcStatus::Stored, DtcStatus::Pending] {
        let (list, map) = read_code_list(link, status).await.map_err(not_sent)?;
        entries(&map, status, &mut ecus);
        lists.push(list);
    }
    refuse_unread(&lists, confirmation)?;
    // Read for the record only: 04 does not erase them, so an unread list refuses nothing.
    let (permanent_list, map) = read_code_list(link, DtcStatus::Permanent)
        .await
        .map_err(not_sent)?;
    let mut permanent = BTreeMap::new();
    entries(&map, DtcStatus::Permanent, &mut permanent);
    progress(ClearStep::SendingClear);
    let responses = match link.request(&[0x04], None).await {
        Ok(r) => r,
        // every ECU refused (engine running, …): nothing was erased, and the refusal says why
        Err(e @ ObdError::NegativeResponse { .. }) => return Err(e),
        Err(e) => {
            return Err(ObdError::ClearInterrupted {
                sent: true,
                reason: Box::new(e),
            })
        }
    };
    let acknowledged_by: Vec<EcuAddress> = responses
        .iter()
        .filter(|r| r.data.first() == Some(&0x44))
        .map(|r: &EcuResponse| r.ecu)
        .collect();
    let (cleared, not_acknowledged) = ecus
        .into_values()
        .partition(|e: &EcuReport| acknowledged_by.contains(&e.ecu));
    Ok(ClearReport {
        cleared,
        lists,
        acknowledged_by,
        not_acknowledged,
        permanent: permanent
            .into_values()
            .filter(|e| !e.dtcs.is_empty())
            .collect(),
        permanent_list: Some(permanent_list),
    })
}

/// Nothing is sent when a code list could not be read first, unless the
/// user confirmed that too: the codes it held would be erased unrecorded.
fn refuse_unread(lists: &[CodeListRead], confirmation: ClearConfirmation) -> Result<(), ObdError> {
    let unread: Vec<String> = lists
        .iter()
        .filter(|l| l.not_read_reason().is_some())
        .map(|l| l.label())
        .collect();
    if unread.is_empty() || confirmation.unread_too {
        return Ok(());
    }
    Err(ObdError::UnreadBeforeClear {
        lists: unread.join(" and "),
    })
}

#[cfg(test)]
mod since_cleared_tests {
    use super::*;

    /// The part of the scan a problem names is read back from the line the
    /// scan wrote, whatever the reason holds (adapter replies have colons).
    #[test]
    fn a_problem_line_gives_back_its_part() {
        let why = "unexpected reply to 0602: \"7E8101C46\" — retry";
        let line = problem_line("test results (06)", why);
        assert_eq!(line, format!("test results (06): {why}"));
        assert_eq!(problem_part(&line), "test results (06)");
        assert_eq!(
            problem_part("a line written elsewhere"),
            "a line written elsewhere"
        );
        let list = CodeListRead::not_read(DtcStatus::Stored, "CAN ERROR");
        let problem = list.problem().unwrap();
        assert_eq!(problem, "stored codes (03): not read — CAN ERROR");
        assert_eq!(problem_part(&problem), list.label());
    }

    #[test]
    fn the_counters_are_said_in_plain_words() {
        let s = SinceCleared {
            warm_ups: Some(4),
            distance_km: Some(50.0),
            minutes: Some(125.0),
        };
        assert_eq!(
            s.statement(),
            "Codes last cleared 50 km (31 mi) ago (4 engine warm-ups, 2 h 5 min of running since)"
        );
        let one = SinceCleared {
            warm_ups: Some(1),
            ..SinceCleared::default()
        };
        assert_eq!(
            one.statement(),
            "Since the codes were last cleared: 1 engine warm-up"
        );
        let km = SinceCleared {
            distance_km: Some(12.4),
            ..SinceCleared::default()
        };
        assert_eq!(km.statement(), "Codes last cleared 12 km (8 mi) ago");
    }
}
