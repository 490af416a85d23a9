//! One workflow, three front-ends: the same scan, estimate and vehicle text
//! give the same result through the `shopbench` CLI (the real binary), the
//! desktop's handlers and the `/v1` server (a real `shopbench serve` on
//! 127.0.0.1) — because each is a thin adapter over `shopbench-app`.

use std::path::Path;

use shopbench_app::{engine_input, ShopPaths};
use shopbench_desktop::handlers::{case, estimate, link};
use shopbench_desktop::shop::Shop;
use shopbench_e2e::{camry_estimate_args, run_shopbench, ApiServer, Emulator};
use shopbench_store::{Case, CaseId, Store};
use shopbench_views::{AreaForm, CaseForm, NewEstimateForm};

/// The shop the CLI uses when HOME is `home` (what `run_shopbench` sets).
fn shop_at(home: &Path) -> Shop {
    let home = home.as_os_str().to_owned();
    Shop::at(ShopPaths::from_vars(|k| (k == "HOME").then(|| home.clone())).unwrap())
}

fn stored_case(home: &Path, id: i64) -> Case {
    Store::open(home.join(".local/share/shopbench/shopbench.db"))
        .unwrap()
        .case(CaseId(id))
        .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Regression (issue 13): a scan saved as a case from the desktop kept 8
/// readings where `shopbench scan --save-case` kept 22 (intake temperature,
/// MAP, O2 voltages, readiness and the voltage were lost), so the same car
/// diagnosed differently from the app.
#[test]
fn desktop_case_from_scan_keeps_what_the_cli_keeps() {
    let mut emu = Emulator::pty("car");
    emu.console("import elm.obd_message as m; m.DTC_STORED.extend(['0300', '0302'])");
    // A freeze frame stored by P0300, with values the old desktop mapping dropped
    // (intake temperature, MAP, the downstream O2 voltage) and some it kept.
    for (name, data) in [
        ("INJ_MF_2", "42 02 00 03 00"),
        ("DTC_RPM", "42 0C 00 1A F8"),
        ("DTC_COOLANT_TEMP", "42 05 00 7B"),
        ("DTC_SHORT_FUEL_TRIM_1", "42 06 00 90"),
        ("DTC_LONG_FUEL_TRIM_1", "42 07 00 98"),
        ("DTC_INTAKE_PRESSURE", "42 0B 00 1E"),
        ("DTC_INTAKE_TEMP", "42 0F 00 3C"),
        ("DTC_O2_B1S2", "42 15 00 5A 80"),
    ] {
        let size = data.split_whitespace().count();
        emu.console(&format!(
            "emulator.answer['{name}'] = '<header>7E8</header><size>{size:02X}</size><data>{data}</data>'"
        ));
    }
    let port = emu.port().arg();

    let cli_home = tempfile::tempdir().unwrap();
    let run = run_shopbench(
        cli_home.path(),
        &["scan", "--port", &port, "--no-memory", "--save-case"],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let from_cli = stored_case(cli_home.path(), 1);

    let desk_home = tempfile::tempdir().unwrap();
    let shop = shop_at(desk_home.path());
    let session = link::Session::default();
    runtime().block_on(async {
        link::connect(&session, &port, None, |_| {}).await.unwrap();
        link::scan(&session, |_| {}).await.unwrap();
    });
    let form = case::from_scan(&shop, &session.last_scan().unwrap(), &CaseForm::default()).unwrap();
    assert_eq!(form.id, Some(1));
    let from_desktop = stored_case(desk_home.path(), 1);

    // The emulator makes up a new VIN and new live values on every
    // connection, so the cases are compared by what they hold, not the values.
    assert!(from_cli.vehicle.vin.is_some() && from_desktop.vehicle.vin.is_some());
    assert_eq!(from_desktop.dtcs, from_cli.dtcs);
    assert_eq!(from_desktop.readiness, from_cli.readiness);
    assert_eq!(from_desktop.source, from_cli.source);
    let frames = |c: &Case| -> Vec<(Option<String>, u8, Vec<String>)> {
        c.freeze_frames
            .iter()
            .map(|f| {
                (
                    f.ecu.clone(),
                    f.frame,
                    f.values.iter().map(|v| v.name.clone()).collect(),
                )
            })
            .collect()
    };
    assert_eq!(frames(&from_desktop), frames(&from_cli));
    let readings = |c: &Case| -> Vec<Vec<String>> {
        c.snapshots
            .iter()
            .map(|s| s.readings.iter().map(|r| r.name.clone()).collect())
            .collect()
    };
    assert_eq!(readings(&from_desktop), readings(&from_cli));
    assert!(from_cli.readiness.is_some(), "the car reports readiness");
    // And so the engine reads the same names from both, the ones the old
    // desktop mapping lost among them.
    let names = |c: &Case| -> Vec<String> {
        let i = engine_input(c);
        i.freeze_frame
            .keys()
            .chain(i.readings.keys())
            .cloned()
            .collect()
    };
    assert_eq!(names(&from_desktop), names(&from_cli));
    for lost_before in ["iat", "map_kpa", "o2_b1s2_v"] {
        let got = names(&from_desktop);
        assert!(
            got.iter().any(|n| n == lost_before),
            "{lost_before}: {got:?}"
        );
    }
}

/// Regression (issue 13): the desktop's estimate form made
/// "Land Rover Discovery 2019" a make "Land"; every front-end now reads
/// vehicle text with one grammar.
#[test]
fn vehicle_names_parse_the_same_in_the_cli_and_the_desktop() {
    let home = tempfile::tempdir().unwrap();
    let shop = shop_at(home.path());
    for (text, make, model) in [
        ("Land Rover Discovery 2019", "Land Rover", "Discovery"),
        ("Mercedes-Benz C 300 2018", "Mercedes-Benz", "C 300"),
        ("Alfa Romeo Giulia 2020", "Alfa Romeo", "Giulia"),
    ] {
        let run = run_shopbench(
            home.path(),
            &[
                "case",
                "new",
                "--vehicle",
                text,
                "--complaint",
                "rough idle",
                "--json",
            ],
        );
        assert_eq!(run.code, Some(0), "{run:?}");
        let c: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(
            (
                c["vehicle"]["make"].as_str(),
                c["vehicle"]["model"].as_str()
            ),
            (Some(make), Some(model)),
            "CLI: {text}"
        );
        // The desktop's estimate form: the vehicle is either priced (and shown)
        // or refused naming the make as the grammar read it.
        let form = NewEstimateForm {
            vehicle: text.into(),
            state: "CA".into(),
            metro: false,
            class: String::new(),
        };
        match estimate::create(&shop, &form) {
            Ok(v) => assert!(
                v.vehicle.contains(&format!("{make} {model}")),
                "desktop: {}",
                v.vehicle
            ),
            Err(e) => assert!(e.to_string().contains(make), "desktop: {e}"),
        }
    }
}

fn photo(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/photos")
        .join(name)
}

/// The same estimate request — Toyota Camry 2022 in CA, one photo, a
/// moderate dent on the front bumper — prices to the same lines and total
/// from the CLI, the desktop handler and the server.
#[test]
fn the_same_estimate_prices_the_same_everywhere() {
    let home = tempfile::tempdir().unwrap();
    let bumper = photo("bumper.jpg");
    let run = run_shopbench(
        home.path(),
        &camry_estimate_args(&[
            "--photo",
            bumper.to_str().unwrap(),
            "--area",
            "bumper.jpg:front_bumper:dent:moderate",
            "--json",
        ]),
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let cli: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let cli_total = cli["estimate"]["totals"]["total"].as_i64().unwrap();
    let cli_lines: Vec<String> = cli["estimate"]["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();

    let desk = tempfile::tempdir().unwrap();
    let shop = shop_at(desk.path());
    let v = estimate::create(
        &shop,
        &NewEstimateForm {
            vehicle: "Toyota Camry 2022".into(),
            state: "CA".into(),
            metro: false,
            class: String::new(),
        },
    )
    .unwrap();
    let v = estimate::add_photo_path(&shop, v.id, bumper.to_str().unwrap()).unwrap();
    let v = estimate::add_area(
        &shop,
        v.id,
        &AreaForm {
            photo: "bumper.jpg".into(),
            panel: "front_bumper".into(),
            damage_type: "dent".into(),
            severity: "moderate".into(),
            region: None,
        },
    )
    .unwrap();
    let desk_lines: Vec<String> = v.lines.iter().map(|l| l.id.clone()).collect();
    assert_eq!(desk_lines, cli_lines);
    let dollars = shopbench_i18n::money(shopbench_i18n::Lang::En, cli_total);
    assert_eq!(v.total, dollars);

    let server_dir = tempfile::tempdir().unwrap();
    let server = ApiServer::start(server_dir.path().join("server.db"), &[]);
    let key = server.partner_key("parity");
    let api = shopbench_client::Client::new(&server.url, &key).unwrap();
    let mut area = shopbench_client::EstimateArea::new("front_bumper", "dent", "moderate");
    area.photo = Some(0);
    let input = shopbench_client::EstimateInput {
        vehicle_make: "Toyota".into(),
        vehicle_model: "Camry".into(),
        vehicle_year: 2022,
        vehicle_class: None,
        state: Some("CA".into()),
        metro: false,
        part_preference: None,
        areas: vec![area],
        views: Vec::new(),
        callback_url: None,
    };
    let remote = runtime()
        .block_on(api.create_estimate(&input, &[std::fs::read(&bumper).unwrap()], None))
        .unwrap();
    // The server answers seed 001's summary: its included lines' subtotal is the total.
    let cost = &remote.body.summary.cost;
    let sum: i64 = cost
        .line_items
        .iter()
        .map(|l| (l.parts_cost + l.labor_cost + l.paint_cost).get())
        .sum();
    assert_eq!(sum, cli_total, "server lines {:?}", cost.line_items);
}

/// Regression (issue 13): the database path was resolved twice and
/// differently — the CLI failed without HOME/XDG_DATA_HOME while the desktop
/// silently used `./shopbench/shopbench.db`. One rule now, one clear error.
#[test]
fn database_path_without_home_is_an_error_in_the_cli_and_the_desktop() {
    let out = std::process::Command::new(shopbench_e2e::shopbench())
        .args(["case", "list"])
        .env_remove("HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("SHOPBENCH_DATA_DIR")
        .env_remove("SHOPBENCH_DB")
        .env_remove("USERPROFILE")
        .env_remove("APPDATA")
        .current_dir(tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("set HOME"), "{err}");
    let desktop = Shop::at_env(|_| None);
    let e = desktop.store().unwrap_err().to_string();
    assert!(e.contains("set HOME"), "{e}");
}
