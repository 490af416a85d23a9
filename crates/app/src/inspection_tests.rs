use super::*;
use shopbench_obd::modules::{ModuleAddress, ModuleDtc, ModuleReport};
use shopbench_obd::uds::UdsStatus;
use shopbench_obd::{
    CodeListRead, DtcEntry, DtcStatus, EcuAddress, Ignition, ListOutcome, Readiness,
    ReadinessMonitor,
};
use shopbench_recalls::Network;

use crate::vehicle_data::tests::block_on;
use crate::{parse_costs_query, purchase_costs, Country};

/// 2026-07-01.
const NOW: i64 = 1_782_864_000;
const F150: &str = "1FTFW1ET5DFC10312";

fn monitor(name: &str, complete: bool) -> ReadinessMonitor {
    ReadinessMonitor {
        name: name.to_lowercase(),
        description: name.into(),
        supported: true,
        complete,
    }
}

fn read_all() -> Vec<CodeListRead> {
    DtcStatus::ALL
        .map(|status| CodeListRead {
            status,
            service: status.obd_service(),
            outcome: ListOutcome::Read {
                ecus: vec![EcuAddress::Can11(0x7E8)],
            },
        })
        .to_vec()
}

/// A car with the light off, no codes, every list read, and these counters.
fn scan(since: Option<SinceCleared>, incomplete: &[&str]) -> ScanReport {
    let mut monitors = vec![monitor("Misfire", true), monitor("Fuel system", true)];
    monitors.extend(incomplete.iter().map(|m| monitor(m, false)));
    ScanReport {
        adapter: "ELM327 v1.5".into(),
        port: "/dev/ttyUSB0".into(),
        protocol: Some(6),
        protocol_name: Some("ISO 15765-4 CAN (11 bit ID, 500 kbaud)".into()),
        battery_voltage: Some(12.6),
        vin: Some(F150.into()),
        vin_warnings: Vec::new(),
        mil_on: Some(false),
        dtc_count: Some(0),
        ecus: vec![EcuReport {
            ecu: EcuAddress::Can11(0x7E8),
            role: Some("engine".into()),
            name: Some("ECM-EngineControl".into()),
            dtcs: Vec::new(),
        }],
        code_lists: read_all(),
        freeze_frame: None,
        freeze_frames: Vec::new(),
        readiness: Some(Readiness {
            mil_on: false,
            dtc_count: 0,
            ignition: Ignition::Spark,
            monitors,
        }),
        test_results: Vec::new(),
        since_cleared: since,
        calibrations: Vec::new(),
        in_use_performance: Vec::new(),
        notes: Vec::new(),
        problems: Vec::new(),
    }
}

fn costs() -> Costs {
    let q = parse_costs_query(
        Country::Us,
        &[
            ("state", "CA"),
            ("price", "25000"),
            ("sale_type", "private"),
        ],
    )
    .unwrap();
    purchase_costs(&q, NOW).unwrap()
}

fn build(scan: &ScanReport, modules: Option<&ModuleScan>) -> Inspection {
    build_with(
        scan,
        modules,
        "offline, and there is no recalls cache at /tmp/x.db",
    )
}

fn texts(i: &Inspection, level: Level) -> Vec<&str> {
    i.summary
        .iter()
        .filter(|f| f.level == level)
        .map(|f| f.text.as_str())
        .collect()
}

#[test]
fn a_clear_12_km_ago_is_said_plainly_and_flagged() {
    let since = SinceCleared {
        warm_ups: Some(3),
        distance_km: Some(12.0),
        minutes: Some(25.0),
    };
    let i = build(&scan(Some(since), &["Catalyst", "EVAP system"]), None);
    let c = &i.recently_cleared;
    assert_eq!(
        c.statement,
        "The codes were cleared 12 km ago (7 miles), with 3 engine warm-ups and 25 min of engine running since."
    );
    assert_eq!(c.recent, Some(true));
    assert_eq!(c.signals.len(), 4, "{:?}", c.signals);
    assert!(
        c.signals[3].contains("2 readiness monitors not complete (Catalyst, EVAP system)"),
        "{:?}",
        c.signals
    );
    let attention = texts(&i, Level::Attention);
    assert!(
        attention
            .iter()
            .any(|t| t.contains("codes were cleared 12 km ago") && t.contains("ask the seller")),
        "{attention:?}"
    );
}

#[test]
fn a_clear_long_ago_with_every_monitor_complete_is_not_recent() {
    let since = SinceCleared {
        warm_ups: Some(255),
        distance_km: Some(65_535.0),
        minutes: Some(9_000.0),
    };
    let i = build(&scan(Some(since), &[]), None);
    assert_eq!(i.recently_cleared.recent, Some(false));
    assert_eq!(
        i.recently_cleared.signals.last().unwrap(),
        "every readiness monitor the car has is complete"
    );
    assert!(
        i.recently_cleared
            .statement
            .starts_with("The codes were last cleared more than 65535 km ago"),
        "{}",
        i.recently_cleared.statement
    );
    let ok = texts(&i, Level::Ok);
    assert!(
        ok.iter()
            .any(|t| t.starts_with(&i.recently_cleared.statement)
                && t.contains("No sign of a recent clear: 65535 km driven since the clear")),
        "{ok:?}"
    );
    // Counters missing, readiness complete: judged by readiness alone, and said so.
    let i = build(&scan(None, &[]), None);
    assert_eq!(i.recently_cleared.recent, Some(false));
    assert!(texts(&i, Level::Ok).iter().any(|t| {
        t.contains(
        "not answered). No sign of a recent clear: every readiness monitor the car has is complete."
    )
    }));
}

#[test]
fn a_car_without_counters_or_readiness_is_unknown_never_not_recent() {
    let mut s = scan(None, &[]);
    s.readiness = None;
    let i = build(&s, None);
    assert_eq!(i.recently_cleared.recent, None);
    assert!(i
        .recently_cleared
        .statement
        .contains("does not report when its codes were last cleared"));
    assert!(i.readiness.data.is_none());
    assert!(i
        .gaps
        .iter()
        .any(|g| g.starts_with("When the codes were last cleared")));
    assert!(i.gaps.iter().any(|g| g.starts_with("Readiness monitors:")));
}

#[test]
fn sources_not_read_are_said_missing_never_none() {
    let i = build(&scan(None, &[]), None);
    let reason = "offline, and there is no recalls cache at /tmp/x.db";
    assert_eq!(i.recalls.missing.as_deref(), Some(reason));
    assert!(i.recalls.data.is_none() && i.vehicle.data.is_none());
    let unknown = texts(&i, Level::Unknown);
    assert!(
        unknown.contains(&format!("Recalls and known issues NOT CHECKED: {reason}").as_str()),
        "{unknown:?}"
    );
    assert!(!i.summary.iter().any(|f| f.text.contains("No recalls")));
    for part in ["VIN decode", "Recalls", "Known issues"] {
        assert!(
            i.gaps.contains(&format!("{part}: {reason}")),
            "{part}: {:?}",
            i.gaps
        );
    }
    assert!(i.gaps.iter().any(|g| g.contains("were not scanned")));
    // No codes, but only the emission computers were read: said so.
    assert!(texts(&i, Level::Ok).contains(
        &"No trouble codes in the engine and emission computers (the other modules were not scanned)."
    ));
}

#[test]
fn the_purchase_costs_are_in_the_inspection() {
    let i = build(&scan(None, &[]), None);
    let InspectionCosts::Us(u) = &i.costs else {
        panic!("US costs expected: {:?}", i.costs);
    };
    assert_eq!(u.state, "CA");
    assert!(u.total_known_usd.get() > 0);
    let json = serde_json::to_value(&i).unwrap();
    assert_eq!(json["costs"]["country"], "US");
    let back: Inspection = serde_json::from_value(json).unwrap();
    assert_eq!(back, i);
}

#[test]
fn codes_count_per_module_and_a_list_not_read_is_not_none() {
    let mut s = scan(None, &[]);
    s.mil_on = Some(true);
    s.ecus[0].dtcs.push(DtcEntry {
        code: "P0171".parse().unwrap(),
        status: DtcStatus::Stored,
        meaning: "System Too Lean (Bank 1)".into(),
    });
    s.code_lists[1] = CodeListRead::not_read(DtcStatus::Pending, "the adapter answered CAN ERROR");
    let mut abs = ModuleReport::new(ModuleAddress::can11(0x7B0), None);
    abs.codes = UdsCodes::Read;
    abs.dtcs = vec![ModuleDtc::new("C0035-1C".parse().unwrap(), UdsStatus(0x2F))];
    let modules = ModuleScan {
        protocol: Some(6),
        probed: 64,
        modules: vec![abs],
        problems: Vec::new(),
    };
    let i = build(&s, Some(&modules));
    assert!(!i.codes.complete);
    assert_eq!(i.codes.modules.len(), 2);
    assert_eq!(i.codes.modules[1].via, "UDS");
    assert_eq!(i.codes.modules[1].codes[0].code, "C0035-1C");
    assert!(i.codes.lists[1].contains("NOT READ — the adapter answered CAN ERROR"));
    let attention = texts(&i, Level::Attention);
    assert!(attention.contains(&"The check-engine light is ON."));
    assert!(
        attention
            .iter()
            .any(|t| t.starts_with("2 trouble codes in 2 modules")),
        "{attention:?}"
    );
    assert!(!i.gaps.iter().any(|g| g.contains("were not scanned")));
    assert!(i.gaps.iter().any(|g| g.contains("CAN ERROR")));
}

#[test]
fn the_vehicle_data_come_from_the_files_or_say_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let src = VehicleDataSource {
        vpic: crate::ShopPaths::from_env().unwrap().vpic,
        recalls: dir.path().join("nhtsa.db"),
        network: Network::Offline,
        now: NOW,
    };
    let found = block_on(look_up_vehicle(&src, Some(F150)));
    let d = found
        .decoded
        .data
        .unwrap_or_else(|| panic!("{:?} (run scripts/fetch-vpic)", found.decoded.missing));
    assert_eq!(d.vehicle.make.as_deref(), Some("FORD"));
    let why = found.recalls.missing.unwrap();
    assert!(why.contains("no recalls cache"), "{why}");
    let none = block_on(look_up_vehicle(&src, None));
    assert!(none
        .decoded
        .missing
        .unwrap()
        .contains("did not report its VIN"));
    let bad = block_on(look_up_vehicle(&src, Some("1FTFW1ET5DFC1031")));
    assert!(bad.recalls.missing.unwrap().contains("is not valid"));
}

/// With only NHTSA's recalls imported, a car with none there was "No recalls
/// in the data" as if Transport Canada had been checked too.
#[test]
fn regression_no_recalls_was_said_when_one_country_was_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("nhtsa.db");
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../recalls/tests/fixtures/FLAT_RCL_sample.txt"
    );
    shopbench_recalls::Store::open(&cache)
        .unwrap()
        .import_file(
            shopbench_recalls::ImportKind::Recalls,
            std::path::Path::new(sample),
            NOW,
        )
        .unwrap();
    let src = VehicleDataSource {
        vpic: crate::ShopPaths::from_env().unwrap().vpic,
        recalls: cache,
        network: Network::Offline,
        now: NOW,
    };
    // A 2003 Honda Accord: in vPIC, not in the recalls sample.
    let found = block_on(look_up_vehicle(&src, Some("1HGCM82633A004352")));
    let f = recalls_finding(&found.recalls);
    assert!(
        f.text.ends_with("(US 0, Canada not known)."),
        "{} ({:?})",
        f.text,
        found.recalls.missing
    );
}

/// Issue 19 item 5: the reason a source could not be read — an error's
/// explanation, on the PDF after "NOT CHECKED —" — reads in French
/// (`tr_composed`) with no English word left, for the reasons real lookups give.
#[test]
fn the_reason_a_source_could_not_be_read_is_french() {
    let dir = tempfile::tempdir().unwrap();
    let mut src = VehicleDataSource {
        vpic: crate::ShopPaths::from_env().unwrap().vpic,
        recalls: dir.path().join("nhtsa.db"),
        network: Network::Offline,
        now: NOW,
    };
    let mut reasons = Vec::new();
    let mut keep = |l: VehicleLookups| {
        reasons.extend(
            [l.decoded.missing, l.recalls.missing, l.known_issues.missing]
                .into_iter()
                .flatten(),
        )
    };
    keep(block_on(look_up_vehicle(&src, Some(F150))));
    keep(block_on(look_up_vehicle(&src, None)));
    keep(block_on(look_up_vehicle(&src, Some("1FTFW1ET5DFC1031"))));
    src.vpic = dir.path().join("no-vpic.db");
    keep(block_on(look_up_vehicle(&src, Some(F150))));
    reasons.sort();
    reasons.dedup();
    assert!(reasons.len() >= 4, "{reasons:#?}");
    for why in reasons {
        let french = shopbench_i18n::tr_composed(shopbench_i18n::Lang::FrCa, &why);
        assert!(
            french != why && !shopbench_i18n::english_left(&french),
            "{why}\n  => {french}"
        );
    }
}

#[test]
fn the_engine_software_is_identified_by_its_calibration_ids_and_cvns() {
    let mut with = scan(None, &[]);
    with.calibrations = vec![shopbench_obd::EcuCalibration {
        ecu: EcuAddress::Can11(0x7E8),
        calibration_ids: vec!["312J6000".into(), "A4701000".into()],
        cvns: vec!["6953CD4B".into()],
    }];
    let i = build(&with, None);
    let ident: Vec<(&str, &str)> = i
        .identification
        .iter()
        .filter(|l| l.source == "ECU 7E8")
        .map(|l| (l.label.as_str(), l.value.as_str()))
        .collect();
    assert!(
        ident.contains(&("Calibration ID (09 04)", "312J6000")),
        "{ident:?}"
    );
    assert!(
        ident.contains(&("Verification number (09 06)", "6953CD4B")),
        "{ident:?}"
    );
    assert!(
        ident.contains(&("Calibration ID (09 04)", "A4701000")),
        "{ident:?}"
    );
    assert!(
        i.gaps
            .iter()
            .any(|g| g.contains("current release is not checked")),
        "{:?}",
        i.gaps
    );
    let without = build(&scan(None, &[]), None);
    assert!(
        without
            .gaps
            .iter()
            .any(|g| g.contains("the car reported none")),
        "{:?}",
        without.gaps
    );
}

/// What the inspection PDF shows of an inspection's own words: the findings, the
/// codes-cleared statement and signals, the code lists, the modules without codes and
/// what could not be checked.
fn shown_words(i: &Inspection) -> Vec<String> {
    let mut out: Vec<String> = i.summary.iter().map(|f| f.text.clone()).collect();
    out.extend(i.gaps.iter().cloned());
    out.push(i.recently_cleared.statement.clone());
    out.extend(i.recently_cleared.signals.iter().cloned());
    out.extend(i.codes.lists.iter().cloned());
    out.extend(i.codes.without_codes().into_iter().map(|(_, line)| line));
    out
}

/// Issue 19 item 5: every sentence of a used-car inspection has its French, and no English
/// word is left in a filled-in piece — over the inspections these tests build (a recent
/// clear, one long ago, no counters, codes in two modules with a list not read, the
/// engine software identified). The reason a source could not be read is an error's
/// explanation, which stays English (src-tauri/README.md), so it stands as `X` here.
#[test]
fn every_sentence_of_an_inspection_has_its_french() {
    let fresh = SinceCleared {
        warm_ups: Some(1),
        distance_km: Some(12.0),
        minutes: Some(25.0),
    };
    let old = SinceCleared {
        warm_ups: Some(255),
        distance_km: Some(65_535.0),
        minutes: Some(9_000.0),
    };
    let only_km = SinceCleared {
        warm_ups: None,
        distance_km: Some(800.0),
        minutes: None,
    };
    let mut scans = vec![
        scan(Some(fresh.clone()), &["Catalyst", "EVAP system"]),
        scan(Some(fresh), &["Catalyst"]),
        scan(Some(old), &[]),
        scan(Some(only_km), &[]),
        scan(None, &[]),
    ];
    for tests in [failed_and_misfiring(), misfiring(), passing()] {
        let mut s = scan(None, &[]);
        s.test_results = tests;
        scans.push(s);
    }
    let mut no_readiness = scan(None, &[]);
    no_readiness.readiness = None;
    no_readiness.mil_on = None;
    scans.push(no_readiness);
    let mut codes = scan(None, &[]);
    codes.mil_on = Some(true);
    codes.ecus[0].dtcs.push(DtcEntry {
        code: "P0171".parse().unwrap(),
        status: DtcStatus::Stored,
        meaning: "System Too Lean (Bank 1)".into(),
    });
    codes.code_lists[1] = CodeListRead::not_read(DtcStatus::Pending, "X");
    codes.calibrations = vec![shopbench_obd::EcuCalibration {
        ecu: EcuAddress::Can11(0x7E8),
        calibration_ids: vec!["312J6000".into()],
        cvns: vec!["6953CD4B".into()],
    }];
    let mut abs = ModuleReport::new(ModuleAddress::can11(0x7B0), None);
    abs.codes = UdsCodes::Read;
    abs.dtcs = vec![ModuleDtc::new("C0035-1C".parse().unwrap(), UdsStatus(0x2F))];
    let mut airbag = ModuleReport::new(ModuleAddress::can11(0x7B2), None);
    airbag.codes = UdsCodes::NotRead { reason: "X".into() };
    let modules = ModuleScan {
        protocol: Some(6),
        probed: 64,
        modules: vec![abs, airbag],
        problems: Vec::new(),
    };
    let mut words: Vec<String> = Vec::new();
    for s in &scans {
        words.extend(shown_words(&build_with(s, None, "X")));
    }
    words.extend(shown_words(&build_with(&codes, Some(&modules), "X")));
    words.sort();
    words.dedup();
    let missing: Vec<_> = words
        .iter()
        .filter(|t| shopbench_i18n::lacks_french(t))
        .collect();
    assert!(
        missing.is_empty(),
        "{} sentences, no French for {missing:#?}",
        words.len()
    );
}

fn build_with(scan: &ScanReport, modules: Option<&ModuleScan>, reason: &str) -> Inspection {
    build_inspection(InspectionInput {
        scan,
        modules,
        lookups: VehicleLookups::missing(reason),
        costs: costs(),
    })
}

fn test_result(mid: u8, tid: u8, value: f64, max: f64) -> shopbench_obd::TestResult {
    shopbench_obd::TestResult {
        mid,
        monitor: match mid {
            0x01 => "Oxygen sensor bank 1 sensor 1".into(),
            m => format!("Misfire cylinder {}", m - 0xA1),
        },
        tid,
        uas_id: 0x24,
        unit: "counts".into(),
        value,
        min: 0.0,
        max,
        passed: value <= max,
    }
}

/// Every test in limits, no misfire counted.
fn passing() -> Vec<shopbench_obd::TestResult> {
    vec![
        test_result(0x01, 0x8E, 3.0, 20.0),
        test_result(0xA2, 0x0C, 0.0, 65535.0),
        test_result(0xA3, 0x0C, 0.0, 65535.0),
    ]
}

/// In limits, but cylinders 2 and 3 counted 41 and 7 misfires this drive cycle.
fn misfiring() -> Vec<shopbench_obd::TestResult> {
    let mut t = passing();
    t[2].value = 41.0;
    t.push(test_result(0xA4, 0x0C, 7.0, 65535.0));
    t
}

/// The O2 sensor test outside its limits, beside the misfires.
fn failed_and_misfiring() -> Vec<shopbench_obd::TestResult> {
    let mut t = misfiring();
    t[0] = test_result(0x01, 0x8E, 31.0, 20.0);
    t
}

/// A used car's own on-board tests (06) said nothing in the inspection: a
/// failed self-test or misfires counted before any code was stored were
/// printed in the scan but left out of what a buyer reads.
#[test]
fn regression_the_inspection_said_nothing_of_failed_on_board_tests_or_counted_misfires() {
    let with = |tests| {
        let mut s = scan(None, &[]);
        s.test_results = tests;
        build(&s, None)
    };
    let failed = with(failed_and_misfiring());
    let attention = texts(&failed, Level::Attention);
    assert!(
        attention.contains(&"The car failed 1 of its 4 on-board tests (06): Oxygen sensor bank 1 sensor 1 (TID 8E: 31 counts, limits 0 – 20 counts) — a fault can be developing before any code is stored."),
        "{attention:#?}"
    );
    assert!(
        attention
            .iter()
            .any(|t| t.starts_with("The engine counted misfires (06): cylinder 2: 41")),
        "{attention:#?}"
    );
    let misfiring = with(misfiring());
    let attention = texts(&misfiring, Level::Attention);
    assert!(
        attention.contains(&"The engine counted misfires (06): cylinder 2: 41, cylinder 3: 7 — within its limits, but a misfiring cylinder often shows here before any code; ask how the engine runs."),
        "{attention:#?}"
    );
    let passing = with(passing());
    assert!(
        texts(&passing, Level::Ok).contains(&"The car passed all 3 of its on-board tests (06).")
    );
    // A car that reported no test: nothing said of them.
    let none = build(&scan(None, &[]), None);
    assert!(!none.summary.iter().any(|f| f.text.contains("(06)")));
}
