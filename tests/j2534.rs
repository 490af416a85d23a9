//! `shopbench scan | live | clear | adapters` over J2534, end to end: the real
//! binary loads the simulated PassThru library (the `shopbench-j2534-sim`
//! test double, a cdylib) through a `~/.passthru/sim.json` manifest in a
//! temporary home — the real discovery and `libloading` path. One test runs
//! the same car through the real `elm327-emulator` and compares the reports.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use shopbench_e2e::{
    camry_estimate_args, pdf_text, profile_dir, ran, read_lines, shopbench_in, workspace_root,
    Emulator, Run,
};

const SIM_NAME: &str = "shopbench J2534 simulator";
const SIM_VIN: &str = "SB1ZS3JE60E282102";

/// `libshopbench_j2534_sim.so`, built once per test process into the same
/// target folder as the `shopbench` binary (a no-op when up to date).
fn sim_library() -> &'static Path {
    static LIB: OnceLock<PathBuf> = OnceLock::new();
    LIB.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let lib = profile_dir().join(format!(
            "{}shopbench_j2534_sim{}",
            std::env::consts::DLL_PREFIX,
            std::env::consts::DLL_SUFFIX
        ));
        // Regression (issue #16): another checkout sharing the target folder
        // replaces the simulator (a cdylib's name has no hash) and cargo does
        // not copy ours back while it is up to date — so check the file is
        // this checkout's build (`ShopbenchSim_SourceDir`), touch the source
        // when it is not, and load a private copy.
        let sim_dir = workspace_root().join("crates/j2534-sim");
        let mut mark = sim_dir.as_os_str().as_encoded_bytes().to_vec();
        mark.push(0);
        let copy = SIM_COPY
            .get_or_init(|| tempfile::tempdir().expect("temp dir"))
            .path()
            .join(lib.file_name().expect("library name"));
        for _ in 0..5 {
            let status = Command::new(&cargo)
                .args(["build", "-q", "-p", "shopbench-j2534-sim"])
                .current_dir(workspace_root())
                .status()
                .expect("run cargo build");
            assert!(
                status.success(),
                "cargo build -p shopbench-j2534-sim failed"
            );
            assert!(lib.is_file(), "{} was not built", lib.display());
            std::fs::copy(&lib, &copy).expect("copy the simulator");
            let bytes = std::fs::read(&copy).expect("read the simulator");
            if bytes.windows(mark.len()).any(|w| w == mark.as_slice()) {
                return copy;
            }
            std::fs::File::options()
                .append(true)
                .open(sim_dir.join("src/lib.rs"))
                .and_then(|f| f.set_modified(std::time::SystemTime::now()))
                .expect("touch the simulator's source");
        }
        panic!(
            "{} keeps being replaced by another checkout's simulator",
            lib.display()
        );
    })
}

static SIM_COPY: OnceLock<tempfile::TempDir> = OnceLock::new();

/// A temporary home whose `.passthru/sim.json` points at `library`.
fn home_with_manifest(library: &Path) -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("temp home");
    let dir = home.path().join(".passthru");
    std::fs::create_dir(&dir).expect("create .passthru");
    let manifest = serde_json::json!({
        "NAME": SIM_NAME,
        "VENDOR": "shopbench test double",
        "FUNCTION_LIB": library,
    });
    std::fs::write(dir.join("sim.json"), manifest.to_string()).expect("write manifest");
    home
}

fn home_with_sim() -> tempfile::TempDir {
    home_with_manifest(sim_library())
}

/// `shopbench ARGS` with `HOME` at `home` and the simulator's scenario
/// (`SHOPBENCH_SIM_SCENARIO`, read by the simulator at `PassThruOpen`).
fn run(home: &Path, scenario: &str, args: &[&str]) -> Run {
    ran(shopbench_in(home, args)
        .env("SHOPBENCH_SIM_SCENARIO", scenario)
        .env_remove("SHOPBENCH_J2534_LIB")
        .env_remove("SHOPBENCH_PORT"))
}

#[test]
fn scan_prints_the_simulated_car() {
    let home = home_with_sim();
    let scan = run(home.path(), "", &["scan", "--j2534"]);
    assert_eq!(scan.code, Some(0), "{scan:?}");
    let out = &scan.stdout;
    assert!(out.contains(&format!("Adapter    {SIM_NAME}")), "{out}");
    assert!(out.contains("J2534 04.04"), "{out}");
    assert!(
        out.contains(&sim_library().display().to_string()),
        "the library is the port: {out}"
    );
    assert!(
        out.contains("Protocol   ISO 15765-4 CAN (11 bit ID, 500 kbaud) (6)"),
        "{out}"
    );
    assert!(out.contains("Battery    12.6 V"), "{out}");
    assert!(out.contains(&format!("VIN        {SIM_VIN}")), "{out}");
    assert!(
        out.contains("MIL        ON — 3 confirmed emission codes"),
        "{out}"
    );
    for line in [
        "  ECU 7E8 (engine, ECM-EngineControl)",
        "    P0171  stored     System Too Lean (Bank 1)",
        "    P0174  stored     System Too Lean (Bank 2)",
        "    P0171  pending    System Too Lean (Bank 1)",
        "  ECU 7E9 (transmission, TCM-TransmissionCtl)",
        "    P0700  stored     Transmission Control System Malfunction",
        "Freeze frame 0 from ECU 7E8 (stored by P0171)",
        "Freeze frame 1 from ECU 7E8 (stored by P0174)",
        "Readiness monitors (Spark ignition)",
        "  ECU 7E8: 89663-02K31 (CVN 1B2C3D4E)",
    ] {
        assert!(out.lines().any(|l| l == line), "missing {line:?} in\n{out}");
    }
    assert!(
        out.contains("  rpm                          1667 rpm"),
        "{out}"
    );
    assert!(!out.contains("Could not read"), "{out}");
    // Progress on stderr only.
    assert!(
        scan.stderr
            .contains("trying ISO 15765-4 CAN (11 bit ID, 500 kbaud)"),
        "{}",
        scan.stderr
    );
    assert!(!out.contains('…'), "{out}");

    // By name (part of it) and by library path: the same car.
    let by_name = run(home.path(), "", &["scan", "--j2534", "simulator", "--json"]);
    assert_eq!(by_name.code, Some(0), "{by_name:?}");
    let json: serde_json::Value = serde_json::from_str(&by_name.stdout).expect("JSON");
    assert_eq!(json["vin"], SIM_VIN);
    assert_eq!(json["protocol"], 6);
    assert_eq!(json["battery_voltage"], 12.6);
    assert_eq!(json["mil_on"], true);
    assert_eq!(json["ecus"][0]["ecu"], "7E8");
    assert_eq!(json["ecus"][0]["dtcs"][1]["code"], "P0174");
    assert_eq!(json["ecus"][1]["dtcs"][0]["code"], "P0700");
    assert_eq!(json["freeze_frame"]["dtc"], "P0171");
    assert_eq!(json["freeze_frames"][1]["frame"], 1);
    assert_eq!(json["freeze_frames"][1]["dtc"], "P0174");
    let lib = sim_library().to_str().unwrap();
    let by_path = run(home.path(), "", &["scan", "--j2534", lib, "--json"]);
    assert_eq!(by_path.code, Some(0), "{by_path:?}");
    let again: serde_json::Value = serde_json::from_str(&by_path.stdout).expect("JSON");
    assert_eq!(again["ecus"], json["ecus"]);
}

#[test]
fn scan_finds_a_250k_29_bit_car() {
    let home = home_with_sim();
    let scan = run(home.path(), "bus:250k,ids:29", &["scan", "--j2534"]);
    assert_eq!(scan.code, Some(0), "{scan:?}");
    let out = &scan.stdout;
    assert!(
        out.contains("Protocol   ISO 15765-4 CAN (29 bit ID, 250 kbaud) (9)"),
        "{out}"
    );
    assert!(out.contains("  ECU 18DAF110 (engine"), "{out}");
    assert!(out.contains("  ECU 18DAF118 (transmission"), "{out}");
    assert!(out.contains(&format!("VIN        {SIM_VIN}")), "{out}");
    // The faster settings were tried first.
    let tried: Vec<&str> = scan
        .stderr
        .lines()
        .filter(|l| l.contains("trying ISO 15765-4"))
        .collect();
    assert_eq!(tried.len(), 4, "{}", scan.stderr);
    assert!(tried[0].contains("11 bit ID, 500 kbaud"), "{tried:?}");

    // Forcing the protocol skips the search.
    let forced = run(
        home.path(),
        "bus:250k,ids:29",
        &["scan", "--j2534", "--protocol", "9", "--json"],
    );
    assert_eq!(forced.code, Some(0), "{forced:?}");
    assert_eq!(
        forced.stderr.matches("trying ISO 15765-4").count(),
        1,
        "{}",
        forced.stderr
    );
}

#[test]
fn live_streams_values_and_records_csv() {
    let home = home_with_sim();
    let csv = home.path().join("idle.csv");
    let live = run(
        home.path(),
        "",
        &[
            "live",
            "--j2534",
            "--pids",
            "rpm,speed,coolant_temp,long_fuel_trim_1",
            "--hz",
            "0",
            "--count",
            "3",
            "--csv",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(live.code, Some(0), "{live:?}");
    let lines: Vec<&str> = live.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", live.stdout);
    for l in &lines {
        assert!(l.contains("rpm=725 rpm"), "{l}");
        assert!(l.contains("speed=0 km/h"), "{l}");
        assert!(l.contains("coolant_temp=83 °C"), "{l}");
    }
    let rows = read_lines(&csv);
    assert_eq!(rows[0], "elapsed_s,ecu,pid,name,value,unit");
    assert_eq!(rows.len(), 1 + 3 * 4, "{rows:?}");
    assert!(rows[1..].iter().all(|r| r.contains(",7E8,")), "{rows:?}");
    assert!(
        rows.iter().any(|r| r.contains(",0C,rpm,\"725\",rpm")),
        "{rows:?}"
    );
}

#[test]
fn clear_needs_confirmation_and_reports_what_it_cleared() {
    let home = home_with_sim();
    let refused = run(home.path(), "", &["clear", "--j2534"]);
    assert_eq!(refused.code, Some(1));
    assert!(refused.stderr.contains("--yes"), "{}", refused.stderr);
    assert!(
        !refused.stderr.contains("loading the PassThru library"),
        "nothing is opened before the confirmation: {}",
        refused.stderr
    );

    // The engine ECU answers 7F 04 78 (response pending) before 44.
    let cleared = run(home.path(), "", &["clear", "--j2534", "--yes"]);
    assert_eq!(cleared.code, Some(0), "{cleared:?}");
    let out = &cleared.stdout;
    assert!(out.contains("Cleared 4 codes:"), "{out}");
    assert!(
        out.contains("P0171 (System Too Lean (Bank 1), ECU 7E8)"),
        "{out}"
    );
    assert!(
        out.contains("P0700 (Transmission Control System Malfunction, ECU 7E9)"),
        "{out}"
    );
    assert!(out.contains("Acknowledged by: 7E8, 7E9"), "{out}");
}

#[test]
fn an_unplug_mid_scan_shows_the_partial_report_and_a_clear_error() {
    let home = home_with_sim();
    // Request 1 is the connect probe (01 00), then 09 02, 01 01 and 03; 07 fails.
    let scan = run(home.path(), "unplug_after:4", &["scan", "--j2534"]);
    assert_eq!(scan.code, Some(1), "{scan:?}");
    let out = &scan.stdout;
    assert!(out.starts_with("PARTIAL REPORT"), "{out}");
    assert!(out.contains(&format!("VIN        {SIM_VIN}")), "{out}");
    assert!(
        out.contains("    P0171  stored     System Too Lean (Bank 1)"),
        "{out}"
    );
    assert!(
        out.contains("    P0700  stored     Transmission Control System Malfunction"),
        "{out}"
    );
    // no pending code was read after the unplug, and the report says so (issue #18 item 1)
    assert!(!out.contains("  pending  "), "read after the unplug: {out}");
    assert!(
        out.contains(
            "pending codes (07):    NOT READ — the scan stopped before this list was read"
        ),
        "{out}"
    );
    assert!(!out.contains("none stored, pending or permanent"), "{out}");
    let err = &scan.stderr;
    assert!(
        err.contains("error: the scan stopped before it finished"),
        "{err}"
    );
    assert!(
        err.contains(&format!("the adapter on {SIM_NAME} went away during 07")),
        "{err}"
    );
    assert!(err.contains("ERR_DEVICE_NOT_CONNECTED"), "{err}");
    assert!(err.contains("check the cable"), "{err}");

    // JSON: the same partial report, the stop listed among the problems.
    let json_run = run(
        home.path(),
        "unplug_after:4",
        &["scan", "--j2534", "--json"],
    );
    assert_eq!(json_run.code, Some(1), "{json_run:?}");
    let json: serde_json::Value = serde_json::from_str(&json_run.stdout).expect("JSON");
    assert_eq!(json["vin"], SIM_VIN);
    let problems = json["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p
            .as_str()
            .unwrap()
            .starts_with("scan stopped: the adapter on")),
        "{problems:?}"
    );

    // Unplugged before anything was read: only the error.
    let early = run(home.path(), "unplug_after:1", &["scan", "--j2534"]);
    assert_eq!(early.code, Some(1), "{early:?}");
    assert!(early.stdout.is_empty(), "{}", early.stdout);
    assert!(early.stderr.contains("went away"), "{}", early.stderr);
}

#[test]
fn adapters_lists_serial_ports_and_j2534_devices() {
    let home = home_with_sim();
    let list = run(home.path(), "", &["adapters"]);
    assert_eq!(list.code, Some(0), "{list:?}");
    let out = &list.stdout;
    assert!(
        out.contains("ELM327 serial ports (use --port PORT)"),
        "{out}"
    );
    assert!(
        out.contains("J2534 PassThru devices (use --j2534 NAME)"),
        "{out}"
    );
    assert!(
        out.contains(&format!("  {SIM_NAME} (shopbench test double)")),
        "{out}"
    );
    assert!(
        out.contains(&format!("library {}", sim_library().display())),
        "{out}"
    );

    // `ports` is kept as an alias; its JSON rows keep port/kind/detail.
    let json_run = run(home.path(), "", &["ports", "--json"]);
    assert_eq!(json_run.code, Some(0), "{json_run:?}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json_run.stdout).expect("JSON");
    let sim: Vec<&serde_json::Value> = rows.iter().filter(|r| r["kind"] == "j2534").collect();
    assert_eq!(sim.len(), 1, "{rows:?}");
    assert_eq!(sim[0]["name"], SIM_NAME);
    assert_eq!(sim[0]["usable"], true);
    assert_eq!(sim[0]["port"], sim_library().to_str().unwrap());
    assert!(rows
        .iter()
        .all(|r| r["port"].is_string() && r["detail"].is_string()));
}

#[test]
fn a_32_bit_vendor_dll_is_refused_with_advice() {
    // The first bytes of a 32-bit Windows DLL: "MZ", e_lfanew, "PE\0\0", Machine = i386.
    let dir = tempfile::tempdir().unwrap();
    let dll = dir.path().join("op20pt32.dll");
    let mut header = vec![0u8; 0x40];
    header[..2].copy_from_slice(b"MZ");
    header[0x3C..0x40].copy_from_slice(&0x40u32.to_le_bytes());
    header.extend_from_slice(b"PE\0\0");
    header.extend_from_slice(&0x014Cu16.to_le_bytes());
    header.resize(0x200, 0);
    std::fs::write(&dll, header).unwrap();
    let home = home_with_manifest(&dll);

    let scan = run(home.path(), "", &["scan", "--j2534"]);
    assert_eq!(scan.code, Some(1), "{scan:?}");
    let err = &scan.stderr;
    assert!(err.contains("is a 32-bit x86 library"), "{err}");
    assert!(err.contains("vendor's 64-bit J2534 driver"), "{err}");
    assert!(err.contains("32-bit build of shopbench"), "{err}");

    let list = run(home.path(), "", &["adapters"]);
    assert_eq!(list.code, Some(0), "{list:?}");
    assert!(
        list.stdout.contains("cannot be used:") && list.stdout.contains("32-bit x86"),
        "{}",
        list.stdout
    );
}

#[test]
fn adapter_choice_errors_are_clear() {
    let empty = tempfile::tempdir().unwrap();
    let none = run(empty.path(), "", &["scan", "--j2534"]);
    assert_eq!(none.code, Some(1));
    assert!(
        none.stderr.contains("no J2534 device matches") && none.stderr.contains("known: none"),
        "{}",
        none.stderr
    );

    let home = home_with_sim();
    let unknown = run(home.path(), "", &["scan", "--j2534", "mongoose"]);
    assert_eq!(unknown.code, Some(1));
    assert!(
        unknown.stderr.contains(&format!("known: {SIM_NAME}")),
        "{}",
        unknown.stderr
    );

    let both = run(
        home.path(),
        "",
        &["scan", "--j2534", "--port", "/dev/ttyUSB0"],
    );
    assert_eq!(both.code, Some(2), "{both:?}");
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );

    let neither = run(home.path(), "", &["scan"]);
    assert_eq!(neither.code, Some(1));
    assert!(
        neither.stderr.contains("--port PORT") && neither.stderr.contains("--j2534"),
        "{}",
        neither.stderr
    );

    let no_car = run(home.path(), "no_ecu", &["scan", "--j2534"]);
    assert_eq!(no_car.code, Some(1));
    assert!(
        no_car.stderr.contains("no ECU answered") && no_car.stderr.contains("ignition"),
        "{}",
        no_car.stderr
    );
}

/// The report's lines from `Fault codes` up to the next blank line, for ECU `ecu`
/// and codes with `status`.
fn dtc_lines<'a>(report: &'a str, ecu: &str, status: &str) -> Vec<&'a str> {
    let mut in_ecu = false;
    let mut out = Vec::new();
    for line in report.lines() {
        if let Some(rest) = line.strip_prefix("  ECU ") {
            in_ecu = rest.starts_with(ecu);
        } else if in_ecu && line.starts_with("    ") && line[11..].starts_with(status) {
            out.push(line);
        } else if !line.starts_with("  ") {
            in_ecu = false;
        }
    }
    out
}

/// Section headings (lines that start in column 0), without their values.
fn headings(report: &str) -> Vec<String> {
    report
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with(' '))
        .map(|l| l.split("  ").next().unwrap_or(l).trim().to_owned())
        .collect()
}

#[test]
fn the_report_matches_the_elm327_path_for_the_same_faults() {
    // The same stored codes on the engine ECU of the emulator's `car`.
    let mut emu = Emulator::pty("car");
    emu.console("import elm.obd_message as m; m.DTC_STORED.extend(['0171','0174'])");
    let port = emu.port().arg();
    let elm_home = tempfile::tempdir().unwrap();
    let sim_home = home_with_sim();
    let j2534 = run(sim_home.path(), "", &["scan", "--j2534"]);
    assert_eq!(j2534.code, Some(0), "{j2534:?}");

    // The emulator cycles through three VINs, one per 09 02: scan until it
    // reports the simulator's (at most three scans).
    let mut elm = None;
    for _ in 0..3 {
        let run = run(elm_home.path(), "", &["scan", "--port", &port]);
        assert_eq!(run.code, Some(0), "{run:?}");
        let same_vin = run.stdout.contains(SIM_VIN);
        elm = Some(run);
        if same_vin {
            break;
        }
    }
    let elm = elm.unwrap();
    let (e, j) = (&elm.stdout, &j2534.stdout);

    // Same VIN line, same protocol line, same stored-code lines for 7E8.
    let vin_line = |r: &str| r.lines().find(|l| l.starts_with("VIN")).map(str::to_owned);
    assert_eq!(vin_line(e), vin_line(j), "ELM327:\n{e}\nJ2534:\n{j}");
    let protocol_line = |r: &str| {
        r.lines()
            .find(|l| l.starts_with("Protocol"))
            .map(str::to_owned)
    };
    assert_eq!(protocol_line(e), protocol_line(j));
    let elm_stored = dtc_lines(e, "7E8", "stored");
    assert_eq!(
        elm_stored,
        [
            "    P0171  stored     System Too Lean (Bank 1)",
            "    P0174  stored     System Too Lean (Bank 2)"
        ],
        "{e}"
    );
    assert_eq!(dtc_lines(j, "7E8", "stored"), elm_stored, "{j}");
    // Same sections in the same order, leaving out the ones only one of the
    // two cars has: the simulated car stored a freeze frame, the emulator's
    // car has service 06 test results, counts since its codes were cleared and
    // in-use performance ratios (09 08).
    let only_one_car = [
        "Freeze frame",
        "On-board test results",
        "Codes last cleared",
        "In-use performance",
    ];
    let common = |r: &str| -> Vec<String> {
        headings(r)
            .into_iter()
            .filter(|h| !only_one_car.iter().any(|o| h.starts_with(o)))
            .collect()
    };
    assert_eq!(common(j), common(e), "ELM327:\n{e}\nJ2534:\n{j}");

    // The JSON reports have the same shape: the same fields, and the stored
    // codes of 7E8 as the same values.
    let elm_json = run(elm_home.path(), "", &["scan", "--port", &port, "--json"]);
    let j2534_json = run(sim_home.path(), "", &["scan", "--j2534", "--json"]);
    let ej: serde_json::Value = serde_json::from_str(&elm_json.stdout).expect("JSON");
    let jj: serde_json::Value = serde_json::from_str(&j2534_json.stdout).expect("JSON");
    let keys =
        |v: &serde_json::Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&ej), keys(&jj));
    let stored = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        v["ecus"][0]["dtcs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["status"] == "stored")
            .cloned()
            .collect()
    };
    assert_eq!(ej["ecus"][0]["ecu"], jj["ecus"][0]["ecu"]);
    assert_eq!(stored(&ej), stored(&jj));
    assert_eq!(ej["protocol"], jj["protocol"]);
    assert_eq!(ej["readiness"]["ignition"], jj["readiness"]["ignition"]);
}

/// Issue 16: a collision shop's pre- and post-repair scans of every module,
/// saved to an estimate from the car (the post-repair scan from the same car
/// with the ABS, airbag and body modules repaired), billed as taken, compared
/// module by module, and printed on the estimate's PDF.
#[test]
fn pre_and_post_repair_scans_are_saved_to_an_estimate_compared_and_printed() {
    let home = home_with_sim();
    let h = home.path();
    let new = run(h, "", &camry_estimate_args(&[]));
    assert_eq!(new.code, Some(0), "{new:?}");
    let pre = run(
        h,
        "",
        &[
            "scan",
            "--j2534",
            "--all-modules",
            "--estimate",
            "1",
            "--save-scan",
            "pre",
        ],
    );
    assert_eq!(pre.code, Some(0), "{pre:?}");
    assert!(
        pre.stderr
            .contains("pre-repair scan 1 saved to estimate EST-0001 (10 modules, 8 codes present)"),
        "{}",
        pre.stderr
    );
    let post = run(
        h,
        "repaired:abs+srs+bcm",
        &[
            "scan",
            "--j2534",
            "--modules",
            "--estimate",
            "EST-0001",
            "--save-scan",
            "post",
        ],
    );
    assert_eq!(post.code, Some(0), "{post:?}");
    assert!(!post.stderr.contains("warning"), "{}", post.stderr);

    let show = run(h, "", &["estimate", "show", "1"]);
    assert_eq!(show.code, Some(0), "{show:?}");
    let out = &show.stdout;
    for line in [
        "    ABS/ESC (7B0): new — · cleared C0035-1C, U0100-87 · still present —",
        "    Airbag (SRS) (737): new — · cleared B0092-13 · still present —",
        "    Front radar (7A4): new — · cleared — · still present C0410-54",
        "    ABS/ESC (7B0): no codes",
    ] {
        assert!(out.lines().any(|l| l == line), "missing {line:?} in\n{out}");
    }
    // No damage is marked, yet both scans were done: both are billed, citing the scan.
    assert!(
        out.contains("id scan:pre — taken: scan 1 of ")
            && out.contains("id scan:post — taken: scan 2 of "),
        "{out}"
    );
    let json = run(h, "", &["estimate", "show", "1", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(
        v["scans"]["pre"]["scan"]["modules"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    assert_eq!(v["scans"]["post"]["id"], 2);
    assert_eq!(v["scans"]["comparison"].as_array().unwrap().len(), 10);

    let pdf = h.join("estimate.pdf");
    let written = run(
        h,
        "",
        &["estimate", "pdf", "1", "-o", pdf.to_str().unwrap()],
    );
    assert_eq!(written.code, Some(0), "{written:?}");
    let text = pdf_text(&pdf);
    for want in [
        "Diagnostic scans of every module",
        "Pre-repair scan 1",
        "Post-repair scan 2",
        "C0035-1C confirmed",
        "Cleared by the repair",
        "No code in either scan: Instrument cluster (720)",
    ] {
        assert!(text.contains(want), "missing {want:?} in the PDF:\n{text}");
    }

    // A scan saved to a file, attached to the estimate as its post-repair scan.
    let attach_post_scan = |file: &Path| {
        let file = file.to_str().unwrap();
        run(
            h,
            "",
            &["estimate", "scan", "1", "--stage", "post", "--from", file],
        )
    };
    // A file that is not a scan is refused, and the estimate keeps its two scans.
    let bad = h.join("not-a-scan.json");
    std::fs::write(&bad, "{\"vin\": \"x\"}").unwrap();
    let refused = attach_post_scan(&bad);
    assert_eq!(refused.code, Some(1), "{refused:?}");
    assert!(
        refused.stderr.contains("not an all-module scan"),
        "{}",
        refused.stderr
    );
    // The same car's scan as JSON, saved from the file: the third scan supersedes the second.
    let saved_json = run(
        h,
        "repaired:abs+srs+bcm+radar",
        &["scan", "--j2534", "--modules", "--json"],
    );
    assert_eq!(saved_json.code, Some(0), "{saved_json:?}");
    let file = h.join("post.json");
    std::fs::write(&file, &saved_json.stdout).unwrap();
    let attached = attach_post_scan(&file);
    assert_eq!(attached.code, Some(0), "{attached:?}");
    assert!(
        attached
            .stdout
            .lines()
            .any(|l| l == "    Front radar (7A4): new — · cleared C0410-54 · still present —"),
        "{}",
        attached.stdout
    );
    let history = run(h, "", &["estimate", "history", "1", "--json"]);
    assert_eq!(
        history.stdout.matches("scan.save").count(),
        3,
        "{}",
        history.stdout
    );
}

/// Issue 16, item 6: `shopbench inspect --j2534` reads the simulated car's
/// emission services and, on the same connection, every module over UDS —
/// the ABS, airbag and radar codes are in the buyer's PDF.
#[test]
fn inspect_puts_every_modules_codes_in_the_buyers_pdf() {
    let home = home_with_sim();
    let pdf = home.path().join("inspection.pdf");
    let args = ["inspect", "--j2534", "--state", "CA", "--price", "25000"];
    let mut all = args.to_vec();
    all.extend(["-o", pdf.to_str().unwrap(), "--json"]);
    let r = run(home.path(), "", &all);
    assert_eq!(r.code, Some(0), "{r:?}");
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(json["vin"], SIM_VIN);
    let uds: Vec<&str> = json["codes"]["modules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["via"] == "UDS")
        .map(|m| m["module"].as_str().unwrap())
        .collect();
    assert!(uds.contains(&"Airbag (SRS) (737)"), "{uds:?}");
    let text = shopbench_e2e::pdf_flat_text(&pdf);
    for expected in [
        "The check-engine light is ON.",
        "C0035-1C",
        "B0092-13",
        "ABS/ESC (7B0) (UDS)",
        "Front radar (7A4) (UDS)",
        "P0171",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    // The modules were read: the gaps do not say they were not scanned.
    assert!(!text.contains("were not scanned"), "{text}");
}
