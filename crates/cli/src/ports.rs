//! `shopbench ports`: the serial ports an ELM327 could be on.

use anyhow::{Context, Result};
use serialport::SerialPortType;

/// Prints every serial port the OS reports, with USB identity when known.
pub fn run(json: bool) -> Result<()> {
    let ports = serialport::available_ports().context("could not list serial ports")?;
    let rows: Vec<serde_json::Value> = ports
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
    if json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else if rows.is_empty() {
        println!("No serial ports found. Plug in the adapter (USB) or pair it (Bluetooth: rfcomm bind), or use --port tcp://HOST:PORT for Wi-Fi adapters.");
    } else {
        for r in &rows {
            println!(
                "{:<24} {:<10} {}",
                r["port"].as_str().unwrap_or(""),
                r["kind"].as_str().unwrap_or(""),
                r["detail"].as_str().unwrap_or("")
            );
        }
    }
    Ok(())
}
