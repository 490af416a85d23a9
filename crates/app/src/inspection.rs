//! The used-car inspection (issue 16, item 6), once for `shopbench inspect`
//! and `POST /v1/inspection`: a scan (and, where the link reached them, every
//! module), the VIN's vehicle data read offline and the purchase costs,
//! turned into one [`Inspection`] a buyer can read.
//!
//! [`look_up_vehicle`] does the only I/O (the vPIC file and the recalls
//! cache); [`build_inspection`] is pure. What could not be read is said
//! where it would have been shown and again in [`Inspection::gaps`]: a
//! missing source never reads as "none".

use shopbench_core::Vin;
use shopbench_obd::modules::{ModuleCodes as UdsCodes, ModuleScan};
use shopbench_obd::{EcuReport, ScanReport, SinceCleared};
use shopbench_recalls::{KnownIssuesReport, RecallsReport};
use shopbench_vindecode::Decoded;
use shopbench_wire::{
    recall_counts, ClearedSignals, CodeLine, Codes, Finding, IdentLine, Inspection,
    InspectionCosts, Level, ModuleCodes, ReadinessView, Section,
};

use crate::{battery_note, code_list_text, decode_vin, AppError, Costs, VehicleDataSource};

/// Below any of these counts since the codes were cleared, the clear is
/// recent: a car needs several drives over some days before its self-tests
/// have run and a fault can set its code again.
const RECENT_CLEAR: &[RecentLimit] = &[
    RecentLimit {
        counter: Counter::Distance,
        below: 200.0,
    },
    RecentLimit {
        counter: Counter::WarmUps,
        below: 20.0,
    },
    RecentLimit {
        counter: Counter::Minutes,
        below: 300.0,
    },
];

/// UDS identifier F197, the module's system name (its title in the report).
const SYSTEM_NAME_DID: u16 = 0xF197;

/// The largest value PID 01 31 can carry: a car past it reports 65535 km.
const DISTANCE_SATURATED_KM: f64 = 65_535.0;

#[derive(Clone, Copy)]
enum Counter {
    Distance,
    WarmUps,
    Minutes,
}

struct RecentLimit {
    counter: Counter,
    below: f64,
}

impl Counter {
    fn value(self, s: &SinceCleared) -> Option<f64> {
        match self {
            Counter::Distance => s.distance_km,
            Counter::WarmUps => s.warm_ups.map(f64::from),
            Counter::Minutes => s.minutes,
        }
    }

    fn words(self, v: f64) -> String {
        match self {
            Counter::Distance => format!("{v:.0} km driven"),
            Counter::WarmUps => plural(v as u64, "engine warm-up"),
            Counter::Minutes => format!("{v:.0} min of engine running"),
        }
    }
}

fn plural(n: u64, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The VIN's vehicle data, each part read or said missing.
#[derive(Debug, Clone, PartialEq)]
pub struct VehicleLookups {
    /// The offline vPIC decode.
    pub decoded: Section<Decoded>,
    /// US and Canadian recalls from the cache.
    pub recalls: Section<RecallsReport>,
    /// Known issues from the complaints in the cache.
    pub known_issues: Section<KnownIssuesReport>,
}

impl VehicleLookups {
    /// Every part missing for one reason.
    pub fn missing(reason: &str) -> VehicleLookups {
        VehicleLookups {
            decoded: Section::missing(reason),
            recalls: Section::missing(reason),
            known_issues: Section::missing(reason),
        }
    }
}

fn section<T>(r: Result<T, AppError>) -> Section<T> {
    r.map_or_else(|e| Section::missing(e.to_string()), Section::found)
}

/// Decodes `vin` and reads its recalls and known issues from `src` (offline
/// when `src.network` says so); each failure becomes that part's reason.
pub async fn look_up_vehicle(src: &VehicleDataSource, vin: Option<&str>) -> VehicleLookups {
    let Some(raw) = vin else {
        return VehicleLookups::missing(
            "the car did not report its VIN, so nothing could be looked up by it — read the VIN \
             on the windscreen plate and run `shopbench vin decode` and `vin recalls`",
        );
    };
    let vin: Vin = match raw.parse() {
        Ok(v) => v,
        Err(e) => {
            return VehicleLookups::missing(&format!(
                "the VIN the car reported ({raw}) is not valid: {e}"
            ))
        }
    };
    VehicleLookups {
        decoded: section(decode_vin(&src.vpic, &vin)),
        recalls: section(src.recalls(&vin).await),
        known_issues: section(src.known_issues(&vin).await),
    }
}

/// Everything an inspection is made of.
#[derive(Debug, Clone)]
pub struct InspectionInput<'a> {
    /// The OBD-II scan.
    pub scan: &'a ScanReport,
    /// The all-module scan, when the link reached the modules.
    pub modules: Option<&'a ModuleScan>,
    /// The VIN's vehicle data.
    pub lookups: VehicleLookups,
    /// The purchase costs.
    pub costs: Costs,
}

/// The VIN of the inspection: the car's (09 02), else the one most modules report (F190).
pub fn inspection_vin(scan: &ScanReport, modules: Option<&ModuleScan>) -> Option<String> {
    scan.vin.clone().or_else(|| {
        modules
            .and_then(|m| crate::modules::module_vin(m).0)
            .map(|v| v.to_string())
    })
}

/// The whole workflow: the vehicle data looked up for the scan's VIN and
/// the inspection built. `costs` come first ([`crate::purchase_costs`]), so a bad
/// purchase question is refused before the car is touched.
pub async fn inspect(
    src: &VehicleDataSource,
    scan: &ScanReport,
    modules: Option<&ModuleScan>,
    costs: Costs,
) -> Inspection {
    let vin = inspection_vin(scan, modules);
    let lookups = look_up_vehicle(src, vin.as_deref()).await;
    build_inspection(InspectionInput {
        scan,
        modules,
        lookups,
        costs,
    })
}

/// `POST /v1/inspection`'s body for the same inspection on a server: the
/// scans as `shopbench scan --json` prints them and the purchase question
/// as the named parameters every front-end reads its costs form into
/// (`state` or `province`, `price`, `sale_type`, `trade_in`, `local_rate`,
/// `family_gift`, `buyer_has_plates`; an empty value is not sent).
pub fn remote_request(
    scan: &ScanReport,
    modules: Option<&ModuleScan>,
    params: &[(&str, &str)],
) -> Result<shopbench_wire::InspectionRequest, AppError> {
    let given = |name: &str| {
        params
            .iter()
            .find(|(n, v)| *n == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    };
    let flag = |name: &str| given(name).map(|v| v == "true");
    let json = |v: serde_json::Result<serde_json::Value>| {
        v.map_err(|e| AppError::invalid("scan", e.to_string()))
    };
    Ok(shopbench_wire::InspectionRequest {
        scan: json(serde_json::to_value(scan))?,
        modules: modules.map(|m| json(serde_json::to_value(m))).transpose()?,
        state: given("state"),
        province: given("province"),
        price: given("price").unwrap_or_default(),
        sale_type: given("sale_type"),
        local_rate: given("local_rate"),
        trade_in: given("trade_in"),
        family_gift: flag("family_gift"),
        buyer_has_plates: flag("buyer_has_plates"),
    })
}

/// Builds the inspection (pure).
pub fn build_inspection(input: InspectionInput<'_>) -> Inspection {
    let InspectionInput {
        scan,
        modules,
        lookups,
        costs,
    } = input;
    let codes = codes(scan, modules);
    let recently_cleared = cleared_signals(scan);
    let mut inspection = Inspection {
        vin: inspection_vin(scan, modules),
        scanned_with: scanned_with(scan),
        summary: Vec::new(),
        vehicle: lookups.decoded,
        recently_cleared,
        codes,
        readiness: readiness(scan),
        identification: identification(scan, modules),
        recalls: lookups.recalls,
        known_issues: lookups.known_issues,
        costs: match costs {
            Costs::Us(u) => InspectionCosts::Us(u),
            Costs::Ca(c) => InspectionCosts::Ca(c),
        },
        gaps: Vec::new(),
    };
    inspection.summary = summary(&inspection, scan, modules);
    inspection.gaps = gaps(&inspection, scan, modules);
    inspection
}

fn scanned_with(scan: &ScanReport) -> String {
    let protocol = scan
        .protocol_name
        .as_deref()
        .map(|p| format!(", {p}"))
        .unwrap_or_default();
    // The port in brackets rather than "on": the same in English and French.
    format!("{} ({}){protocol}", scan.adapter, scan.port)
}

/// "The codes were cleared 12 km ago (7 miles), with 4 engine warm-ups … since."
pub fn cleared_statement(s: &SinceCleared) -> String {
    let mut since = Vec::new();
    if let Some(w) = s.warm_ups {
        since.push(plural(u64::from(w), "engine warm-up"));
    }
    if let Some(m) = s.minutes {
        since.push(Counter::Minutes.words(m));
    }
    let since = match since.is_empty() {
        true => String::new(),
        false => format!(", with {} since", since.join(" and ")),
    };
    match s.distance_km {
        Some(km) if km >= DISTANCE_SATURATED_KM => format!(
            "The codes were last cleared more than {km:.0} km ago (the most the car can count){since}."
        ),
        Some(km) => format!(
            "The codes were cleared {km:.0} km ago ({:.0} miles){since}.",
            km / 1.609_344
        ),
        None => format!("The car does not count the distance since its codes were cleared{since}."),
    }
}

/// The signals for and against a recent clear: (for, against).
fn clear_evidence(scan: &ScanReport) -> (Vec<String>, Vec<String>) {
    let (mut recent, mut not_recent) = (Vec::new(), Vec::new());
    if let Some(s) = &scan.since_cleared {
        for limit in RECENT_CLEAR {
            let Some(v) = limit.counter.value(s) else {
                continue;
            };
            match v < limit.below {
                true => recent.push(format!(
                    "only {} since the clear: too little for every self-test to have run again",
                    limit.counter.words(v)
                )),
                false => not_recent.push(format!("{} since the clear", limit.counter.words(v))),
            }
        }
    }
    if let Some(rd) = &scan.readiness {
        let incomplete: Vec<&str> = rd.incomplete().map(|m| m.description.as_str()).collect();
        match incomplete.is_empty() {
            true => not_recent.push("every readiness monitor the car has is complete".into()),
            false => recent.push(format!(
                "{} not complete ({}): usual right after codes are cleared or the battery is disconnected",
                plural(incomplete.len() as u64, "readiness monitor"),
                incomplete.join(", ")
            )),
        }
    }
    (recent, not_recent)
}

fn cleared_signals(scan: &ScanReport) -> ClearedSignals {
    let (recent, not_recent) = clear_evidence(scan);
    let statement = match &scan.since_cleared {
        Some(s) => cleared_statement(s),
        None => "The car does not report when its codes were last cleared (PIDs 01 30, 31 and 4E not answered).".into(),
    };
    let judged = match (recent.is_empty(), not_recent.is_empty()) {
        (true, true) => None,
        (is_not_recent, _) => Some(!is_not_recent),
    };
    let s = scan.since_cleared.clone().unwrap_or_default();
    ClearedSignals {
        statement,
        recent: judged,
        signals: if recent.is_empty() {
            not_recent
        } else {
            recent
        },
        warm_ups: s.warm_ups,
        distance_km: s.distance_km,
        minutes: s.minutes,
    }
}

fn readiness(scan: &ScanReport) -> Section<ReadinessView> {
    match &scan.readiness {
        Some(rd) => Section::found(ReadinessView {
            complete: rd
                .monitors
                .iter()
                .filter(|m| m.supported && m.complete)
                .map(|m| m.description.clone())
                .collect(),
            incomplete: rd.incomplete().map(|m| m.description.clone()).collect(),
        }),
        None => Section::missing("the car did not report its readiness monitors (01 01)"),
    }
}

fn ecu_title(e: &EcuReport) -> String {
    let who: Vec<&str> = [e.role.as_deref(), e.name.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    match who.is_empty() {
        true => format!("ECU {}", e.ecu),
        false => format!("ECU {} ({})", e.ecu, who.join(", ")),
    }
}

fn obd_codes(scan: &ScanReport, e: &EcuReport) -> ModuleCodes {
    let answered_all = scan.codes_complete()
        && scan
            .code_lists
            .iter()
            .filter(|l| l.is_read())
            .all(|l| l.read_by(e.ecu));
    let note = e.dtcs.is_empty().then(|| match answered_all {
        true => "no codes".to_string(),
        false => "no codes in the lists it answered".to_string(),
    });
    ModuleCodes {
        module: ecu_title(e),
        via: "OBD-II".into(),
        codes: e
            .dtcs
            .iter()
            .map(|d| CodeLine {
                code: d.code.to_string(),
                status: d.status.as_str().to_string(),
                meaning: d.meaning.clone(),
            })
            .collect(),
        note,
    }
}

fn uds_codes(m: &shopbench_obd::modules::ModuleReport) -> ModuleCodes {
    let note = match &m.codes {
        UdsCodes::Read if m.dtcs.is_empty() => Some("no codes".to_string()),
        UdsCodes::Read => None,
        UdsCodes::Unsupported { reason } => Some(format!("keeps no codes this way ({reason})")),
        UdsCodes::NotRead { reason } => Some(format!("codes NOT READ — {reason}")),
    };
    ModuleCodes {
        module: m.title(),
        via: "UDS".into(),
        codes: m
            .dtcs
            .iter()
            .map(|d| CodeLine {
                code: d.dtc.to_string(),
                status: d.status.summary(),
                meaning: format!("{} — {}", d.meaning, d.failure),
            })
            .collect(),
        note,
    }
}

fn codes(scan: &ScanReport, modules: Option<&ModuleScan>) -> Codes {
    let lists = match scan.code_lists.is_empty() {
        true => vec![
            "the scan does not record whether its code lists were read: codes NOT KNOWN".into(),
        ],
        false => scan
            .code_lists
            .iter()
            .map(|l| format!("{}: {}", l.label(), code_list_text(scan, l)))
            .collect(),
    };
    let mut all: Vec<ModuleCodes> = scan.ecus.iter().map(|e| obd_codes(scan, e)).collect();
    all.extend(modules.iter().flat_map(|m| m.modules.iter().map(uds_codes)));
    Codes {
        complete: scan.codes_complete() && modules.is_none_or(ModuleScan::complete),
        mil_on: scan.mil_on,
        lists,
        modules: all,
    }
}

fn identification(scan: &ScanReport, modules: Option<&ModuleScan>) -> Vec<IdentLine> {
    let line = |source: &str, label: &str, value: &str| IdentLine {
        source: source.into(),
        label: label.into(),
        value: value.into(),
    };
    let mut out = Vec::new();
    if let Some(vin) = &scan.vin {
        out.push(line("the car (09 02)", "VIN", vin));
    }
    for w in &scan.vin_warnings {
        out.push(line("the car (09 02)", "VIN warning", w));
    }
    for e in &scan.ecus {
        if let Some(name) = &e.name {
            out.push(line(&format!("ECU {}", e.ecu), "ECU name (09 0A)", name));
        }
    }
    for c in &scan.calibrations {
        let ecu = format!("ECU {}", c.ecu);
        for (i, id) in c.calibration_ids.iter().enumerate() {
            out.push(line(&ecu, "Calibration ID (09 04)", id));
            if let Some(cvn) = c.cvns.get(i) {
                out.push(line(&ecu, "Verification number (09 06)", cvn));
            }
        }
        for cvn in c.cvns.iter().skip(c.calibration_ids.len()) {
            out.push(line(&ecu, "Verification number (09 06)", cvn));
        }
    }
    for m in modules.iter().flat_map(|m| &m.modules) {
        // F197 (system name) is the module's title already.
        for i in m.identification.iter().filter(|i| i.did != SYSTEM_NAME_DID) {
            out.push(line(&m.title(), &i.label, i.value.trim()));
        }
    }
    out
}

fn code_count(c: &Codes) -> (usize, usize) {
    let with: Vec<&ModuleCodes> = c.modules.iter().filter(|m| !m.codes.is_empty()).collect();
    (with.iter().map(|m| m.codes.len()).sum(), with.len())
}

fn finding(level: Level, text: impl Into<String>) -> Finding {
    Finding {
        level,
        text: text.into(),
    }
}

fn codes_finding(c: &Codes, all_modules: bool) -> Finding {
    let (n, m) = code_count(c);
    match (n, c.complete) {
        (0, true) if all_modules => finding(Level::Ok, "No trouble codes in any module."),
        (0, true) => finding(
            Level::Ok,
            "No trouble codes in the engine and emission computers (the other modules were not scanned).",
        ),
        (0, false) => finding(
            Level::Unknown,
            "No trouble codes in what could be read — but some code lists or modules could not be read (see Trouble codes).",
        ),
        (n, _) => finding(
            Level::Attention,
            format!(
                "{} in {}: have them explained before buying.",
                plural(n as u64, "trouble code"),
                plural(m as u64, "module")
            ),
        ),
    }
}

fn recalls_finding(r: &Section<RecallsReport>) -> Finding {
    match (&r.data, &r.missing) {
        // What the sources with data hold (one without data is a gap, not 0).
        (Some(r), _) if known_recalls(r) > 0 => {
            let (us, canada) = recall_counts(r);
            finding(
                Level::Attention,
                format!(
                    "{} for the {} (US {us}, Canada {canada}): ask for proof the work was done.",
                    plural(known_recalls(r) as u64, "recall"),
                    r.vehicle,
                ),
            )
        }
        (Some(r), _) if r.counts.us.is_some() && r.counts.canada.is_some() => finding(
            Level::Ok,
            format!("No recalls in the data for the {}.", r.vehicle),
        ),
        // One country's data was not checked: its "none" is not claimed.
        (Some(r), _) => {
            let (us, canada) = recall_counts(r);
            finding(
                Level::Ok,
                format!(
                    "No recalls in the data for the {} (US {us}, Canada {canada}).",
                    r.vehicle
                ),
            )
        }
        (None, reason) => finding(
            Level::Unknown,
            format!(
                "Recalls NOT CHECKED: {}",
                reason.as_deref().unwrap_or("no data")
            ),
        ),
    }
}

/// The recalls counted by the sources that have data.
fn known_recalls(r: &RecallsReport) -> usize {
    [r.counts.us, r.counts.canada].into_iter().flatten().sum()
}

fn known_issues_finding(k: &Section<KnownIssuesReport>) -> Finding {
    let Some(k) = &k.data else {
        return finding(
            Level::Unknown,
            format!(
                "Known issues NOT CHECKED: {}",
                k.missing.as_deref().unwrap_or("no data")
            ),
        );
    };
    match k.issues.issues.as_deref() {
        Some(list) if !list.is_empty() => {
            let titles: Vec<&str> = list.iter().take(3).map(|i| i.title.as_str()).collect();
            finding(
                Level::Attention,
                format!(
                    "Owners of the {} report {}: {} — worth checking on this car.",
                    k.vehicle,
                    plural(list.len() as u64, "known problem"),
                    titles.join("; ")
                ),
            )
        }
        _ if k.issues.status == "ok" => finding(
            Level::Ok,
            format!(
                "No known problem stands out in the owner complaints about the {}.",
                k.vehicle
            ),
        ),
        _ => finding(
            Level::Unknown,
            format!(
                "Known issues: too few owner complaints about the {} to name any ({} found).",
                k.vehicle, k.issues.complaint_count
            ),
        ),
    }
}

fn summary(i: &Inspection, scan: &ScanReport, modules: Option<&ModuleScan>) -> Vec<Finding> {
    let mut out = vec![match i.codes.mil_on {
        Some(true) => finding(Level::Attention, "The check-engine light is ON."),
        Some(false) => finding(Level::Ok, "The check-engine light is off."),
        None => finding(
            Level::Unknown,
            "The car did not say whether the check-engine light is on.",
        ),
    }];
    out.push(codes_finding(&i.codes, modules.is_some()));
    let c = &i.recently_cleared;
    out.push(match c.recent {
        Some(true) => finding(
            Level::Attention,
            format!(
                "{} Codes cleared recently can hide a fault: ask the seller why.",
                c.statement
            ),
        ),
        Some(false) => finding(
            Level::Ok,
            format!(
                "{} No sign of a recent clear: {}.",
                c.statement,
                c.signals.join("; ")
            ),
        ),
        None => finding(Level::Unknown, c.statement.clone()),
    });
    match (&i.recalls.missing, &i.known_issues.missing) {
        // One reason for both (no VIN, no decode, no cache): said once.
        (Some(a), Some(b)) if a == b => out.push(finding(
            Level::Unknown,
            format!("Recalls and known issues NOT CHECKED: {a}"),
        )),
        _ => {
            out.push(recalls_finding(&i.recalls));
            out.push(known_issues_finding(&i.known_issues));
        }
    }
    let module_warnings = modules
        .map(|m| crate::modules::module_vin(m).1)
        .unwrap_or_default();
    for w in module_warnings
        .iter()
        .chain(vin_mismatch(scan, modules).iter())
    {
        out.push(finding(Level::Attention, format!("VIN: {w}")));
    }
    out.extend(self_tests_findings(scan));
    if let Some(note) = battery_note(scan.battery_voltage) {
        out.push(finding(Level::Attention, format!("Battery: {note}")));
    }
    out
}

/// What the car's own on-board tests (06) tell a buyer: the tests it failed
/// and the misfires it counted, else that it passed them all; nothing when
/// the car reported no test.
fn self_tests_findings(scan: &ScanReport) -> Vec<Finding> {
    let tests = &scan.test_results;
    if tests.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let failed: Vec<String> = tests
        .iter()
        .filter(|t| !t.passed)
        .map(|t| {
            let row = crate::scan::monitor_test_row(t);
            format!(
                "{} ({}: {}, limits {})",
                row.monitor, row.test, row.value, row.limits
            )
        })
        .collect();
    if !failed.is_empty() {
        out.push(finding(
            Level::Attention,
            format!(
                "The car failed {} of its {} on-board tests (06): {} — a fault can be developing before any code is stored.",
                failed.len(),
                tests.len(),
                failed.join("; ")
            ),
        ));
    }
    let misfires: Vec<String> = crate::scan::cylinder_misfires(tests)
        .into_iter()
        .filter(|&(_, count)| count > 0.0)
        .map(|(cylinder, count)| format!("cylinder {cylinder}: {count:.0}"))
        .collect();
    if !misfires.is_empty() {
        out.push(finding(
            Level::Attention,
            format!(
                "The engine counted misfires (06): {} — within its limits, but a misfiring cylinder often shows here before any code; ask how the engine runs.",
                misfires.join(", ")
            ),
        ));
    }
    if out.is_empty() {
        out.push(finding(
            Level::Ok,
            format!(
                "The car passed all {} of its on-board tests (06).",
                tests.len()
            ),
        ));
    }
    out
}

/// The car's VIN (09 02) against the one its modules report.
fn vin_mismatch(scan: &ScanReport, modules: Option<&ModuleScan>) -> Option<String> {
    let car = scan.vin.as_deref()?;
    let module = modules.and_then(|m| crate::modules::module_vin(m).0)?;
    (module.as_str() != car).then(|| {
        format!("the engine computer reports {car}, the other modules {module} — is a module from another car?")
    })
}

fn gaps(i: &Inspection, scan: &ScanReport, modules: Option<&ModuleScan>) -> Vec<String> {
    let mut out = Vec::new();
    let mut missing = |what: &str, reason: &Option<String>| {
        if let Some(r) = reason {
            out.push(format!("{what}: {r}"));
        }
    };
    missing("VIN decode", &i.vehicle.missing);
    missing("Recalls", &i.recalls.missing);
    missing("Known issues", &i.known_issues.missing);
    missing("Readiness monitors", &i.readiness.missing);
    out.extend(recall_source_gaps(&i.recalls));
    out.extend(crate::codes_not_read_line(scan));
    match modules {
        None => out.push(
            "Modules other than the emission ones (ABS, airbag, body, radar…) were not scanned: \
             their warning lights and codes are not in this report."
                .into(),
        ),
        Some(_) => out.extend(
            i.codes
                .without_codes()
                .into_iter()
                .filter(|(note, _)| note.contains("NOT READ"))
                .map(|(_, line)| line),
        ),
    }
    if scan.since_cleared.is_none() {
        out.push("When the codes were last cleared: the car does not report it.".into());
    }
    if scan.calibrations.is_empty() {
        out.push(
            "Calibration IDs and verification numbers (09 04, 09 06): the car reported none, so \
             the engine software could not be identified."
                .into(),
        );
    } else {
        out.push(
            "The calibration IDs and verification numbers identify the engine software; whether \
             they are the carmaker's current release is not checked (shopbench holds no \
             calibration lists)."
                .into(),
        );
    }
    out
}

/// A recall source that was never imported or fetched: its count is not known.
fn recall_source_gaps(r: &Section<RecallsReport>) -> Vec<String> {
    let Some(r) = &r.data else {
        return Vec::new();
    };
    r.provenance
        .sources
        .iter()
        .filter(|s| !s.has_data())
        .map(|s| {
            let name = match s.source.as_str() {
                "tc-recalls" => "Canadian recalls (Transport Canada)",
                _ => "US recalls (NHTSA)",
            };
            format!("{name}: not in the recall data on this computer — its count is NOT KNOWN")
        })
        .collect()
}

#[cfg(test)]
#[path = "inspection_tests.rs"]
mod tests;
