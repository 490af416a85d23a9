//! The adapters a car can be reached through: serial ports an ELM327 could
//! be on (USB, Bluetooth), ports named by the user, and J2534 PassThru
//! devices — one list for `shopbench adapters` and the Connect screen.

use serde::Serialize;
use serialport::SerialPortType;
use shopbench_j2534::{check_architecture, Discovery, Source};

/// Extra ports to offer besides the OS's serial ports, one per entry of this
/// variable (comma-separated, `PORT` or `PORT=LABEL`). `scripts/run` sets it
/// to the bundled emulator's pseudo-terminal, which serial-port enumeration
/// never lists; Wi-Fi adapters (`tcp://HOST:PORT`) can be listed the same way.
pub const EXTRA_PORTS_VAR: &str = "SHOPBENCH_EXTRA_PORTS";

/// What kind of adapter a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AdapterKind {
    /// A USB serial port.
    Usb,
    /// A Bluetooth serial port.
    Bluetooth,
    /// A PCI serial port.
    Pci,
    /// A serial port of unknown kind (pseudo-terminals, on-board UARTs).
    Unknown,
    /// A port named in [`EXTRA_PORTS_VAR`].
    Extra,
    /// A J2534 PassThru device.
    J2534,
}

/// One adapter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adapter {
    /// What to connect to: a port (`/dev/ttyUSB0`, `tcp://…`) or, for J2534, the library path.
    pub port: String,
    /// Its kind.
    pub kind: AdapterKind,
    /// USB identity, the extra port's label, or where a J2534 device was found.
    pub detail: String,
    /// The J2534 device's name (what `--j2534 NAME` matches).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The J2534 device's vendor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Whether it can be connected to (`problem` is `None`).
    pub usable: bool,
    /// Why this adapter cannot be used (a 32-bit driver library, a missing file).
    pub problem: Option<String>,
}

/// Every adapter found, and what could not be looked at.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AdapterList {
    /// Extra ports first, then serial ports, then J2534 devices.
    pub adapters: Vec<Adapter>,
    /// Listing problems (the OS refused to list ports, a broken manifest).
    pub problems: Vec<String>,
}

/// Parses the value of [`EXTRA_PORTS_VAR`].
pub fn extra_ports(value: &str) -> Vec<Adapter> {
    value
        .split(',')
        .filter_map(|entry| {
            let (port, label) = entry.split_once('=').unwrap_or((entry, ""));
            let (port, label) = (port.trim(), label.trim());
            (!port.is_empty()).then(|| Adapter {
                port: port.to_string(),
                kind: AdapterKind::Extra,
                detail: if label.is_empty() {
                    format!("from ${EXTRA_PORTS_VAR}")
                } else {
                    label.to_string()
                },
                name: None,
                vendor: None,
                usable: true,
                problem: None,
            })
        })
        .collect()
}

fn serial_adapters(list: &mut AdapterList) {
    let ports = match serialport::available_ports() {
        Ok(p) => p,
        Err(e) => {
            list.problems
                .push(format!("could not list serial ports: {e}"));
            return;
        }
    };
    list.adapters.extend(ports.into_iter().map(|p| {
        let (kind, detail) = match &p.port_type {
            SerialPortType::UsbPort(u) => (
                AdapterKind::Usb,
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
            SerialPortType::BluetoothPort => (AdapterKind::Bluetooth, String::new()),
            SerialPortType::PciPort => (AdapterKind::Pci, String::new()),
            SerialPortType::Unknown => (AdapterKind::Unknown, String::new()),
        };
        Adapter {
            port: p.port_name,
            kind,
            detail,
            name: None,
            vendor: None,
            usable: true,
            problem: None,
        }
    }));
}

/// The J2534 devices `discovery` finds (`~/.passthru/*.json`, the Windows
/// registry, `$SHOPBENCH_J2534_LIB`); a library this build cannot load says why.
pub fn j2534_adapters(discovery: &Discovery, list: &mut AdapterList) {
    let listing = discovery.scan();
    list.adapters.extend(listing.devices.into_iter().map(|d| {
        let source = match &d.source {
            Source::Manifest(path) => path.display().to_string(),
            Source::Registry { key, .. } => key.clone(),
            Source::EnvVar => format!("${}", shopbench_j2534::LIB_ENV_VAR),
            _ => "given".to_string(),
        };
        let problem = if d.library_path.is_file() {
            check_architecture(&d.library_path)
                .err()
                .map(|e| e.to_string())
        } else {
            Some(format!("library {} not found", d.library_path.display()))
        };
        Adapter {
            port: d.library_path.display().to_string(),
            kind: AdapterKind::J2534,
            detail: source,
            name: Some(d.name),
            vendor: Some(d.vendor).filter(|v| !v.is_empty()),
            usable: problem.is_none(),
            problem,
        }
    }));
    list.problems
        .extend(listing.problems.iter().map(|e| e.to_string()));
}

/// Every adapter: the ports in `extra` (the value of [`EXTRA_PORTS_VAR`]),
/// the OS's serial ports, and the J2534 devices installed.
pub fn list_adapters(extra: Option<&str>, discovery: &Discovery) -> AdapterList {
    let mut list = AdapterList {
        adapters: extra.map(extra_ports).unwrap_or_default(),
        problems: Vec::new(),
    };
    serial_adapters(&mut list);
    j2534_adapters(discovery, &mut list);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_ports_take_an_optional_label() {
        let p = extra_ports("/dev/pts/7=ELM327 emulator, tcp://10.0.0.5:35000,,");
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].port.as_str(), p[0].detail.as_str()),
            ("/dev/pts/7", "ELM327 emulator")
        );
        assert_eq!(p[1].detail, "from $SHOPBENCH_EXTRA_PORTS");
        assert!(p.iter().all(|a| a.kind == AdapterKind::Extra && a.usable));
    }

    #[test]
    fn a_manifest_with_a_missing_library_is_listed_as_unusable() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".passthru")).unwrap();
        std::fs::write(
            dir.path().join(".passthru/op.json"),
            r#"{"NAME": "OpenPort 2.0", "VENDOR": "Tactrix", "FUNCTION_LIB": "/nowhere/j2534.so"}"#,
        )
        .unwrap();
        let mut list = AdapterList::default();
        let discovery = Discovery {
            home: Some(dir.path().to_path_buf()),
            env_lib: None,
        };
        j2534_adapters(&discovery, &mut list);
        let d = &list.adapters[0];
        assert_eq!(
            (d.kind, d.name.as_deref()),
            (AdapterKind::J2534, Some("OpenPort 2.0"))
        );
        assert!(d.problem.as_deref().unwrap().contains("not found"));
    }
}
