//! `shopbench adapters` (alias `ports`): the serial ports an ELM327 could be
//! on and the J2534 PassThru devices installed, in one list.

use anyhow::Result;
use serialport::SerialPortType;
use shopbench_j2534::{check_architecture, Discovery, Source};

/// One row of the listing. Serial rows keep the `ports --json` shape
/// (`port`, `kind`, `detail`); J2534 rows add `name`, `vendor` and `usable`.
fn serial_rows() -> (Vec<serde_json::Value>, Option<String>) {
    let ports = match serialport::available_ports() {
        Ok(p) => p,
        Err(e) => {
            return (
                Vec::new(),
                Some(format!("could not list serial ports: {e}")),
            )
        }
    };
    let rows = ports
        .iter()
        .map(|p| {
            let (kind, detail) = match &p.port_type {
                SerialPortType::UsbPort(u) => (
                    "usb",
                    format!(
                        "{:04x}:{:04x} {} {}",
                        u.vid,
                        u.pid,
                        u.manufacturer.as_deref().unwrap_or(""),
                        u.product.as_deref().unwrap_or("")
                    )
                    .trim()
                    .to_string(),
                ),
                SerialPortType::BluetoothPort => ("bluetooth", String::new()),
                SerialPortType::PciPort => ("pci", String::new()),
                SerialPortType::Unknown => ("unknown", String::new()),
            };
            serde_json::json!({ "port": p.port_name, "kind": kind, "detail": detail })
        })
        .collect();
    (rows, None)
}

fn j2534_rows() -> (Vec<serde_json::Value>, Vec<String>) {
    let listing = Discovery::from_env().scan();
    let rows = listing
        .devices
        .iter()
        .map(|d| {
            let source = match &d.source {
                Source::Manifest(path) => path.display().to_string(),
                Source::Registry { key, .. } => key.clone(),
                Source::EnvVar => format!("${}", shopbench_j2534::LIB_ENV_VAR),
                _ => "given".to_string(),
            };
            // A library this build cannot load (a vendor's 32-bit DLL) is listed with the reason.
            let problem = if d.library_path.is_file() {
                check_architecture(&d.library_path)
                    .err()
                    .map(|e| e.to_string())
            } else {
                Some(format!("library {} not found", d.library_path.display()))
            };
            serde_json::json!({
                "port": d.library_path.display().to_string(),
                "kind": "j2534",
                "detail": source,
                "name": d.name,
                "vendor": d.vendor,
                "usable": problem.is_none(),
                "problem": problem,
            })
        })
        .collect();
    let problems = listing.problems.iter().map(|e| e.to_string()).collect();
    (rows, problems)
}

/// Prints every serial port the OS reports (with USB identity when known) and
/// every J2534 device found (manifests, registry, `$SHOPBENCH_J2534_LIB`).
pub fn run(json: bool) -> Result<()> {
    let (serial, serial_problem) = serial_rows();
    let (passthru, problems) = j2534_rows();
    if json {
        let rows: Vec<&serde_json::Value> = serial.iter().chain(&passthru).collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    let text = |v: &serde_json::Value, key: &str| v[key].as_str().unwrap_or("").to_string();

    println!("ELM327 serial ports (use --port PORT)");
    if let Some(p) = &serial_problem {
        println!("  {p}");
    } else if serial.is_empty() {
        println!("  none found — plug in the adapter (USB) or pair it (Bluetooth: rfcomm bind), or use --port tcp://HOST:PORT for Wi-Fi adapters");
    }
    for r in &serial {
        println!(
            "  {:<24} {:<10} {}",
            text(r, "port"),
            text(r, "kind"),
            text(r, "detail")
        );
    }

    println!("\nJ2534 PassThru devices (use --j2534 NAME)");
    if passthru.is_empty() {
        let hint = if cfg!(windows) {
            "install the vendor's driver (it registers under HKLM\\SOFTWARE\\PassThruSupport.04.04)"
        } else {
            "add a ~/.passthru/<device>.json manifest ({\"NAME\", \"VENDOR\", \"FUNCTION_LIB\"}) or set SHOPBENCH_J2534_LIB"
        };
        println!("  none found — {hint}");
    }
    for r in &passthru {
        let vendor = text(r, "vendor");
        println!(
            "  {}{}",
            text(r, "name"),
            if vendor.is_empty() {
                String::new()
            } else {
                format!(" ({vendor})")
            }
        );
        println!("      library {}  [{}]", text(r, "port"), text(r, "detail"));
        if let Some(p) = r["problem"].as_str() {
            println!("      cannot be used: {p}");
        }
    }
    for p in &problems {
        println!("  skipped: {p}");
    }
    Ok(())
}
