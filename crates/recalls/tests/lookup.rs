//! Whole paths: flat-file import → queries, and the online refresh against a
//! real HTTP server on loopback standing in for NHTSA and Transport Canada
//! (requests go through reqwest; only the answers are ours).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde_json::json;
use shopbench_recalls::{
    Error, ImportKind, Lookup, Network, Source, Store, Upstream, Vehicle, COMPLAINTS_WINDOW_SECS,
    RECALLS_WINDOW_SECS,
};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn f150() -> Vehicle {
    Vehicle::new(2013, "Ford", "F-150")
}

const T0: i64 = 1_783_166_400; // 2026-07-04T12:00:00Z
const HOUR: i64 = 3600;

fn imported_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store
        .import_file(ImportKind::Recalls, &fixture("FLAT_RCL_sample.txt"), T0)
        .unwrap();
    store
        .import_file(ImportKind::Complaints, &fixture("FLAT_CMPL_sample.txt"), T0)
        .unwrap();
    store
}

#[test]
fn the_models_stored_for_a_year_and_make_are_listed() {
    let store = imported_store();
    assert_eq!(store.models(2013, "ford").unwrap(), ["F-150"]);
    assert_eq!(store.models(2018, "FORD").unwrap(), ["MUSTANG"]);
    assert!(store.models(2013, "TOYOTA").unwrap().is_empty());
}

/// An empty file, a photo, or the complaints file imported as recalls
/// "succeeded" (exit 0, "imported 0 recall rows") and moved the import date,
/// so old recalls read as freshly imported.
#[test]
fn regression_a_file_with_no_rows_of_its_kind_was_imported_and_dated() {
    let mut store = imported_store();
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let photo =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/photos/bumper.jpg");
    let complaints = fixture("FLAT_CMPL_sample.txt");
    for (file, why) in [
        (&empty, "it is empty"),
        (&photo, "lines could not be read (line 1: "),
        (&complaints, "lines could not be read"),
    ] {
        let e = store
            .import_file(ImportKind::Recalls, file, T0 + HOUR)
            .unwrap_err();
        assert!(matches!(e, Error::NothingImported { .. }), "{e}");
        let said = e.to_string();
        assert!(said.contains("holds no recall rows: "), "{said}");
        assert!(said.contains(why), "{said}");
        assert!(
            said.ends_with("is it NHTSA's FLAT_RCL.txt? The cache is unchanged"),
            "{said}"
        );
    }
    assert_eq!(store.last_import(ImportKind::Recalls).unwrap(), Some(T0));
    assert_eq!(store.models(2013, "ford").unwrap(), ["F-150"]);
}

#[test]
fn import_counts_rows_filtered_and_ragged_lines() {
    let mut store = Store::open_in_memory().unwrap();
    let r = store
        .import_file(ImportKind::Recalls, &fixture("FLAT_RCL_sample.txt"), T0)
        .unwrap();
    assert_eq!((r.imported, r.filtered, r.skipped_total()), (6, 1, 1));
    assert_eq!(
        r.examples,
        vec![(7, "20 fields, at least 22 needed (ragged line)".to_string())]
    );
    let c = store
        .import_file(ImportKind::Complaints, &fixture("FLAT_CMPL_sample.txt"), T0)
        .unwrap();
    assert_eq!((c.imported, c.filtered, c.skipped_total()), (24, 0, 1));
    assert_eq!(c.examples[0].0, 25);
    // Importing again replaces rows instead of doubling them.
    let again = store
        .import_file(ImportKind::Recalls, &fixture("FLAT_RCL_sample.txt"), T0)
        .unwrap();
    assert_eq!(again.imported, 6);
    assert_eq!(store.us_recalls(&f150()).unwrap().len(), 3);
}

#[test]
fn imported_recalls_and_windows_1252_text() {
    let store = imported_store();
    let us = store.us_recalls(&f150()).unwrap();
    let campaigns: Vec<&str> = us.iter().map(|r| r.campaign.as_str()).collect();
    assert_eq!(campaigns, ["15V900002", "14V900001", "13V900000"]); // newest first
    assert_eq!(
        us[2].component,
        "ELECTRICAL SYSTEM:FUSE/CIRCUIT BREAKER; ELECTRICAL SYSTEM:WIRING:INTERIOR/UNDER DASH"
    );
    assert_eq!(us[2].reported_date, "2013-03-11");
    let accord = store
        .us_recalls(&Vehicle::new(2014, "HONDA", "Accord"))
        .unwrap();
    assert_eq!(accord.len(), 1);
    assert!(
        accord[0].summary.contains("(“RACK GUIDE”)"),
        "{}",
        accord[0].summary
    );
    assert!(accord[0].remedy.contains("MONTRÉAL"));
    // The equipment recall is not attached to any vehicle.
    assert!(store
        .us_recalls(&Vehicle::new(2013, "ACME LIGHTING", "AFTERMARKET HEADLAMP"))
        .unwrap()
        .is_empty());
}

#[test]
fn reliability_offline_from_imported_complaints() {
    let mut store = imported_store();
    let rt = runtime();
    let report = rt
        .block_on(Lookup::new(&mut store, Network::Offline, T0 + HOUR).reliability(&f150()))
        .unwrap();
    let c = &report.complaints;
    assert_eq!(c.total, Some(20));
    assert_eq!(c.top_components[0].component, "ENGINE");
    assert_eq!(c.top_components[0].count, 7);
    let sev = c.severity.unwrap();
    assert_eq!((sev.crashes, sev.fires, sev.injuries), (2, 1, 3));
    assert_eq!(report.recalls.us_count, Some(3));
    assert_eq!(report.recalls.canada_count, None); // Transport Canada never fetched
    let p = &report.provenance;
    assert!(!p.stale);
    assert_eq!(p.complaints_fetched_at, None);
    assert_eq!(p.sources[0].cache, "offline");
    assert_eq!(
        p.sources[0].imported_at.as_deref(),
        Some("2026-07-04T12:00:00Z")
    );
    assert_eq!(p.sources[2].cache, "none"); // Transport Canada never fetched
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["complaints"]["topComponents"][0]["component"],
        "ENGINE"
    );
    assert_eq!(
        json["recalls"]["canadaUnitsAffected"],
        serde_json::Value::Null
    );
}

/// With only NHTSA's recalls file imported, `vin recalls` said "Canadian
/// recalls (Transport Canada): 0" (and `/v1/recalls` `counts.canada: 0`,
/// `/v1/reliability` complaints total 0) beside "Transport Canada — no data":
/// a source never looked at was counted as having none.
#[test]
fn regression_a_source_with_no_data_was_counted_as_zero() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .import_file(ImportKind::Recalls, &fixture("FLAT_RCL_sample.txt"), T0)
        .unwrap();
    let rt = runtime();
    let v = f150();

    let r = rt
        .block_on(Lookup::new(&mut store, Network::Offline, T0 + HOUR).recalls(&v))
        .unwrap();
    assert_eq!(r.provenance.sources[1].cache, "none");
    assert_eq!((r.counts.us, r.counts.canada), (Some(3), None));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["counts"], json!({"us": 3, "canada": null}));

    let rel = rt
        .block_on(Lookup::new(&mut store, Network::Offline, T0 + HOUR).reliability(&v))
        .unwrap();
    assert_eq!(rel.complaints.total, None);
    assert_eq!(rel.complaints.severity, None);
    assert!(rel.complaints.top_components.is_empty());
    assert_eq!(rel.recalls.us_count, Some(3));
    assert_eq!(rel.recalls.canada_count, None);
    assert_eq!(rel.recalls.canada_units_affected, None);
    let json = serde_json::to_value(&rel).unwrap();
    assert_eq!(json["complaints"]["total"], serde_json::Value::Null);
    assert_eq!(
        json["recalls"],
        json!({"usCount": 3, "canadaCount": null, "canadaUnitsAffected": null})
    );

    // Transport Canada answered: its counts are numbers, 0 when it truly has none.
    store.replace_ca_recalls(&v, &[], T0 + HOUR).unwrap();
    let r = rt
        .block_on(Lookup::new(&mut store, Network::Offline, T0 + HOUR).recalls(&v))
        .unwrap();
    assert_eq!((r.counts.us, r.counts.canada), (Some(3), Some(0)));
    let (base, state) = serve();
    f150_routes(&mut state.lock().unwrap());
    let online = Network::Online(Upstream::new(&base, &format!("{base}/tc")));
    let r = rt
        .block_on(Lookup::new(&mut store, online.clone(), T0 + 2 * RECALLS_WINDOW_SECS).recalls(&v))
        .unwrap();
    assert_eq!((r.counts.us, r.counts.canada), (Some(2), Some(2)));
    let rel = rt
        .block_on(Lookup::new(&mut store, online, T0 + 2 * RECALLS_WINDOW_SECS).reliability(&v))
        .unwrap();
    assert_eq!(rel.complaints.total, Some(2));
    assert_eq!(rel.recalls.canada_count, Some(2));
    assert_eq!(rel.recalls.canada_units_affected, Some(18_400));
}

#[test]
fn known_issues_from_imported_complaints_cite_real_odi_numbers() {
    let store = imported_store();
    let complaints = store.complaints(&f150()).unwrap();
    let odis: std::collections::HashSet<u64> = complaints.iter().map(|c| c.odi).collect();
    let k = shopbench_recalls::known_issues(&complaints);
    assert_eq!(k.status, "ok");
    let issues = k.issues.unwrap();
    let titles: Vec<&str> = issues.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Loss of engine power or limp mode",
            "Brake pedal soft or to the floor, loss of braking",
            "Door latch or lock malfunction",
            "Electric power steering assist failure",
        ]
    );
    for i in &issues {
        assert!(i.odi_numbers.len() >= 2);
        assert!(i.odi_numbers.iter().all(|o| odis.contains(o)));
    }
    assert_eq!(issues[1].severity_signals.injuries, 2);
    // The Mustang has 2 complaints: refused.
    let m = store
        .complaints(&Vehicle::new(2018, "FORD", "MUSTANG"))
        .unwrap();
    assert_eq!(
        shopbench_recalls::known_issues(&m).status,
        "insufficient_data"
    );
}

// ---------- a loopback HTTP server standing in for the upstreams ----------

#[derive(Default)]
struct Upstreams {
    routes: HashMap<String, String>,
    fail: bool,
    /// Answer this many next requests with a 500, then recover.
    fail_next: usize,
    hits: Vec<String>,
}

fn serve() -> (String, Arc<Mutex<Upstreams>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = Arc::new(Mutex::new(Upstreams::default()));
    let shared = state.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
            }
            let target = request_line.split(' ').nth(1).unwrap_or("").to_string();
            let (status, body) = {
                let mut s = shared.lock().unwrap();
                s.hits.push(target.clone());
                if s.fail_next > 0 {
                    s.fail_next -= 1;
                    ("500 Internal Server Error", "{}".to_string())
                } else if s.fail {
                    (
                        "503 Service Unavailable",
                        "{\"error\":\"down\"}".to_string(),
                    )
                } else if let Some(b) = s.routes.get(&target) {
                    ("200 OK", b.clone())
                } else {
                    ("404 Not Found", "{}".to_string())
                }
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (base, state)
}

fn tc_field(name: &str, value: &str) -> serde_json::Value {
    json!({"Name": name, "Value": {"Literal": value}})
}

fn f150_routes(s: &mut Upstreams) {
    let q = "make=FORD&model=F-150&modelYear=2013";
    s.routes.insert(
        format!("/recalls/recallsByVehicle?{q}"),
        json!({"Count": 2, "Message": "Results returned successfully", "results": [
            {"Manufacturer": "Ford Motor Company", "NHTSACampaignNumber": "16V900010",
             "parkIt": false, "parkOutSide": false, "ReportReceivedDate": "25/03/2016",
             "Component": "POWER TRAIN", "Summary": "s1", "Consequence": "c1", "Remedy": "r1",
             "Notes": "", "ModelYear": "2013", "Make": "FORD", "Model": "F-150"},
            {"Manufacturer": "Ford Motor Company", "NHTSACampaignNumber": "13V900000",
             "ReportReceivedDate": "11/03/2013", "Component": "ELECTRICAL SYSTEM",
             "Summary": "s2", "Consequence": "c2", "Remedy": "r2"}
        ]})
        .to_string(),
    );
    s.routes.insert(
        format!("/complaints/complaintsByVehicle?{q}"),
        json!({"count": 2, "message": "Results returned successfully", "results": [
            {"odiNumber": 11000001, "manufacturer": "Ford Motor Company", "crash": true, "fire": false,
             "numberOfInjuries": 1, "numberOfDeaths": 0, "dateOfIncident": "01/15/2020",
             "dateComplaintFiled": "01/20/2020", "vin": "1FTFW1ET5DF",
             "components": "FUEL SYSTEM, GASOLINE,ENGINE", "summary": "Stalled.", "products": []},
            {"odiNumber": "11000002", "crash": false, "fire": true, "numberOfInjuries": 0,
             "dateComplaintFiled": "02/01/2020", "components": "ENGINE", "summary": "Fire."}
        ]})
        .to_string(),
    );
    s.routes.insert(
        "/tc/recall/make-name/FORD/model-name/F-150/year-range/2013-2013?format=json&limit=1000".into(),
        json!({"ResultSet": [
            [tc_field("Recall number", "2013123"), tc_field("Manufacturer Name", "FORD"),
             tc_field("Model name", "F-150"), tc_field("Make name", "FORD"), tc_field("Year", "2013"),
             tc_field("Recall date", "3/15/2013 12:00:00 AM")],
            [tc_field("Recall number", "2016200"), tc_field("Manufacturer Name", "FORD"),
             tc_field("Model name", "F-150"), tc_field("Make name", "FORD"), tc_field("Year", "2013"),
             tc_field("Recall date", "6/1/2016 12:00:00 AM")]
        ]})
        .to_string(),
    );
    for (n, units, system) in [
        ("2013123", "4,200", "Electrical"),
        ("2016200", "14200", "Powertrain"),
    ] {
        s.routes.insert(
            format!("/tc/recall-summary/recall-number/{n}?format=json"),
            json!({"ResultSet": [[
                tc_field("RECALL_NUMBER_NUM", n), tc_field("SYSTEM_TYPE_ETXT", system),
                tc_field("UNIT_AFFECTED_NBR", units), tc_field("COMMENT_ETXT", "Issue:\r\nSomething.")
            ]]})
            .to_string(),
        );
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn hits(state: &Arc<Mutex<Upstreams>>) -> usize {
    state.lock().unwrap().hits.len()
}

#[test]
fn refresh_cache_windows_stale_on_failure_and_offline() {
    let (base, state) = serve();
    f150_routes(&mut state.lock().unwrap());
    let upstream = Upstream::new(&base, &format!("{base}/tc"));
    let online = || Network::Online(upstream.clone());
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("nhtsa.db")).unwrap();
    let rt = runtime();
    let v = f150();

    // First call: everything fetched (1 NHTSA + 1 TC list + 2 TC details).
    let r = rt
        .block_on(Lookup::new(&mut store, online(), T0).recalls(&v))
        .unwrap();
    assert_eq!(hits(&state), 4);
    assert_eq!(r.counts.us, Some(2));
    assert_eq!(r.recalls.us[0].campaign, "16V900010");
    assert_eq!(r.recalls.us[0].reported_date, "2016-03-25");
    assert_eq!(r.counts.canada, Some(2));
    assert_eq!(r.recalls.canada[0].recall_number, "2016200");
    assert_eq!(r.recalls.canada[1].units_affected, Some(4200));
    assert_eq!(
        r.recalls.canada[1].summary.as_deref(),
        Some("Issue:\nSomething.")
    );
    assert_eq!(
        r.provenance.nhtsa_fetched_at.as_deref(),
        Some("2026-07-04T12:00:00Z")
    );
    assert!(r
        .provenance
        .sources
        .iter()
        .all(|s| s.cache == "miss" && !s.stale));
    assert!(r.provenance.attribution.contains("Open Government Licence"));

    // Inside the 24 h window: served from the cache, no request.
    let r = rt
        .block_on(Lookup::new(&mut store, online(), T0 + 23 * HOUR).recalls(&v))
        .unwrap();
    assert_eq!(hits(&state), 4);
    assert!(r.provenance.sources.iter().all(|s| s.cache == "hit"));

    // Complaints: fetched once, then cached for 7 days while recalls expire.
    let rel = rt
        .block_on(Lookup::new(&mut store, online(), T0 + 25 * HOUR).reliability(&v))
        .unwrap();
    assert_eq!(hits(&state), 4 + 1 + 4);
    assert_eq!(rel.complaints.total, Some(2));
    let sev = rel.complaints.severity.unwrap();
    assert_eq!((sev.crashes, sev.fires), (1, 1));
    assert_eq!(rel.complaints.top_components[0].component, "ENGINE");
    assert_eq!(rel.complaints.top_components[0].count, 2);
    assert_eq!(rel.recalls.canada_units_affected, Some(18_400));
    let t_cmpl = T0 + 25 * HOUR;
    let rel = rt
        .block_on(
            Lookup::new(&mut store, online(), t_cmpl + COMPLAINTS_WINDOW_SECS - 1).reliability(&v),
        )
        .unwrap();
    assert_eq!(rel.provenance.sources[0].cache, "hit");
    assert_eq!(rel.provenance.sources[1].cache, "miss"); // recalls window ran out

    // Upstream down after the window: the stored data is served, flagged stale.
    state.lock().unwrap().fail = true;
    let later = T0 + 30 * 86_400;
    let before = hits(&state);
    let r = rt
        .block_on(Lookup::new(&mut store, online(), later).recalls(&v))
        .unwrap();
    assert!(hits(&state) > before);
    assert!(r.provenance.stale);
    assert_eq!(r.counts.us, Some(2));
    assert_eq!(r.counts.canada, Some(2));
    let us = &r.provenance.sources[0];
    assert_eq!((us.cache.as_str(), us.stale), ("stale", true));
    assert!(us.error.as_deref().unwrap().contains("503"), "{us:?}");
    // The failure was not cached: the next call asks again.
    let before = hits(&state);
    rt.block_on(Lookup::new(&mut store, online(), later + 60).recalls(&v))
        .unwrap();
    assert!(hits(&state) > before);

    // Offline never touches the network, even with every window expired.
    let before = hits(&state);
    let r = rt
        .block_on(Lookup::new(&mut store, Network::Offline, later + 120).recalls(&v))
        .unwrap();
    assert_eq!(hits(&state), before);
    assert_eq!(r.counts.us, Some(2));
    assert!(r.provenance.stale, "older than 24 h is stale offline too");
    assert!(r.provenance.sources.iter().all(|s| s.cache == "offline"));

    // Back up: refreshed again.
    state.lock().unwrap().fail = false;
    let r = rt
        .block_on(Lookup::new(&mut store, online(), later + 180).recalls(&v))
        .unwrap();
    assert!(!r.provenance.stale);
    assert_eq!(
        store.fetched_at(Source::NhtsaRecalls.name(), &v).unwrap(),
        Some(later + 180)
    );
    let _ = RECALLS_WINDOW_SECS;
}

#[test]
fn nothing_anywhere_is_an_error_that_says_what_to_do() {
    let (base, state) = serve();
    state.lock().unwrap().fail = true;
    let mut store = Store::open_in_memory().unwrap();
    let rt = runtime();
    let e = rt
        .block_on(
            Lookup::new(&mut store, Network::Online(Upstream::new(&base, &base)), T0)
                .recalls(&f150()),
        )
        .unwrap_err();
    assert!(matches!(e, Error::NoData { .. }), "{e}");
    assert!(e.to_string().contains("every upstream failed"), "{e}");
    let e = rt
        .block_on(Lookup::new(&mut store, Network::Offline, T0).recalls(&f150()))
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("shopbench data import nhtsa-recalls"),
        "{e}"
    );
}

#[test]
fn an_unknown_vehicle_answered_with_400_and_no_results_is_empty_not_a_failure() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
            }
            let body = r#"{"Count":0,"Message":"No results found for this request","results":[]}"#;
            let _ = write!(
                stream,
                "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let rt = runtime();
    let up = Upstream::new(&base, &base);
    let rows = rt
        .block_on(up.nhtsa_recalls(&Vehicle::new(1999, "NOPE", "NADA")))
        .unwrap();
    assert!(rows.is_empty());
}

#[test]
fn one_sporadic_server_error_is_retried() {
    let (base, state) = serve();
    {
        let mut s = state.lock().unwrap();
        f150_routes(&mut s);
        s.fail_next = 1;
    }
    let mut store = Store::open_in_memory().unwrap();
    let up = Upstream::new(&base, &format!("{base}/tc"));
    let r = runtime()
        .block_on(Lookup::new(&mut store, Network::Online(up), T0).recalls(&f150()))
        .unwrap();
    assert!(!r.provenance.stale);
    assert_eq!(r.counts.us, Some(2));
    assert_eq!(hits(&state), 5, "4 requests + 1 retry");
}

/// The complaint baseline (every vehicle's complaints per component) is
/// counted on import and kept in step when an online refresh replaces one
/// vehicle's complaints.
#[test]
fn complaint_counts_keep_the_baseline_in_step_with_imports_and_refreshes() {
    let mut store = imported_store();
    let mustang = Vehicle::new(2018, "Ford", "Mustang");
    let per_vehicle = |s: &Store, v: &Vehicle| s.complaints(v).unwrap().len() as u64;
    let counts = store.complaint_counts(&f150()).unwrap();
    assert_eq!(counts.vehicle, "2013 FORD F-150");
    assert_eq!(counts.total, per_vehicle(&store, &f150()));
    assert_eq!(
        counts.baseline_total,
        per_vehicle(&store, &f150()) + per_vehicle(&store, &mustang)
    );
    let engine = |c: &shopbench_recalls::ComplaintCounts| {
        c.components
            .iter()
            .find(|(name, _, _)| name == "ENGINE")
            .map(|(_, v, b)| (*v, *b))
    };
    let (f150_engine, all_engine) = engine(&counts).unwrap();
    assert!(f150_engine > 0 && all_engine >= f150_engine);

    // The refresh answers two complaints, both about the engine.
    let row = |odi: u64| shopbench_recalls::ComplaintRecord {
        odi,
        manufacturer: "Ford Motor Company".into(),
        make: "FORD".into(),
        model: "F-150".into(),
        year: Some(2013),
        crash: false,
        fire: false,
        injured: 0,
        deaths: 0,
        component: "ENGINE".into(),
        fail_date: None,
        filed_date: None,
        miles: None,
        summary: "LOST POWER".into(),
    };
    store
        .replace_complaints(&f150(), &[row(1), row(2)], T0 + HOUR)
        .unwrap();
    let after = store.complaint_counts(&f150()).unwrap();
    assert_eq!(after.total, 2);
    assert_eq!(after.baseline_total, 2 + per_vehicle(&store, &mustang));
    let mustang_engine = all_engine - f150_engine;
    assert_eq!(engine(&after), Some((2, 2 + mustang_engine)));
    // The vehicle's side counts only its new rows; the baseline keeps every
    // component still named by some vehicle (the Mustang's), at 0 for this one.
    assert!(after
        .components
        .iter()
        .all(|(name, v, _)| name == "ENGINE" || *v == 0));
    let before_components: Vec<&String> = counts.components.iter().map(|(n, _, _)| n).collect();
    assert!(after
        .components
        .iter()
        .all(|(name, _, _)| before_components.contains(&name)));
    let power_train = store.complaint_counts(&mustang).unwrap();
    assert!(
        power_train.components.iter().all(|(_, v, b)| b >= v),
        "{power_train:?}"
    );
}

/// A bulletin archive is imported whole or not at all: one with two `.txt`
/// files (which would be two transactions) or none is refused, and a
/// period that is not `YYYY-YYYY` never becomes an address.
#[test]
fn a_bulletin_archive_must_hold_exactly_one_index_file() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let line = "10212345\t\t20250105\t25-011\t20250108\t\tService Bulletin\tHONDA\tCIVIC\t2014\t\
                FUEL SYSTEM, GASOLINE\tFuel\tEVAP\tMIL with P0442\n";
    let zip_of = |files: &[&str]| {
        let path = dir.path().join(format!("{}.zip", files.len()));
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        for f in files {
            zip.start_file(*f, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(line.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        path
    };
    let mut store = Store::open_in_memory().unwrap();
    let civic = Vehicle::new(2014, "Honda", "Civic");
    let two = store.import_bulletins_zip(&zip_of(&["a.txt", "b.txt"]), "test", T0);
    assert!(
        matches!(&two, Err(Error::Archive { detail, .. }) if detail.contains("2 .txt files")),
        "{two:?}"
    );
    let none = store.import_bulletins_zip(&zip_of(&[]), "test", T0);
    assert!(matches!(none, Err(Error::Archive { .. })), "{none:?}");
    assert!(store.bulletins(&civic).unwrap().is_empty());
    let one = store
        .import_bulletins_zip(&zip_of(&["TSBS_RECEIVED_2025-2026.txt"]), "test", T0)
        .unwrap();
    assert_eq!(one.imported, 1);
    assert_eq!(store.bulletins(&civic).unwrap().len(), 1);
    assert!(matches!(
        shopbench_recalls::tsb_file_url("https://x", "2026-2025"),
        Err(Error::BadPeriod(_))
    ));
}
