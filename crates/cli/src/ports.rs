//! `shopbench adapters` (alias `ports`): the serial ports an ELM327 could be
//! on and the J2534 PassThru devices installed, in one list
//! (`shopbench_app::list_adapters`).

use anyhow::Result;
use shopbench_app::{list_adapters, AdapterKind, EXTRA_PORTS_VAR};
use shopbench_j2534::Discovery;

/// Prints every serial port the OS reports (with USB identity when known),
/// the ports named in `$SHOPBENCH_EXTRA_PORTS`, and every J2534 device found
/// (manifests, registry, `$SHOPBENCH_J2534_LIB`).
pub fn run(json: bool) -> Result<()> {
    let extra = std::env::var(EXTRA_PORTS_VAR).ok();
    let list = list_adapters(extra.as_deref(), &Discovery::from_env());
    if json {
        return crate::output::emit_json(&list.adapters);
    }
    let (passthru, serial): (Vec<_>, Vec<_>) = list
        .adapters
        .iter()
        .partition(|a| a.kind == AdapterKind::J2534);
    crate::output::say!("ELM327 serial ports (use --port PORT)")?;
    if serial.is_empty() {
        crate::output::say!("  none found — plug in the adapter (USB) or pair it (Bluetooth: rfcomm bind), or use --port tcp://HOST:PORT for Wi-Fi adapters")?;
    }
    for a in &serial {
        let kind = serde_json::to_value(a.kind)?;
        crate::output::say!(
            "  {:<24} {:<10} {}",
            a.port,
            kind.as_str().unwrap_or(""),
            a.detail
        )?;
    }
    crate::output::say!("\nJ2534 PassThru devices (use --j2534 NAME)")?;
    if passthru.is_empty() {
        let hint = if cfg!(windows) {
            "install the vendor's driver (it registers under HKLM\\SOFTWARE\\PassThruSupport.04.04)"
        } else {
            "add a ~/.passthru/<device>.json manifest ({\"NAME\", \"VENDOR\", \"FUNCTION_LIB\"}) or set SHOPBENCH_J2534_LIB"
        };
        crate::output::say!("  none found — {hint}")?;
    }
    for a in &passthru {
        let name = a.name.as_deref().unwrap_or("");
        match &a.vendor {
            Some(v) => crate::output::say!("  {name} ({v})")?,
            None => crate::output::say!("  {name}")?,
        }
        crate::output::say!("      library {}  [{}]", a.port, a.detail)?;
        if let Some(p) = &a.problem {
            crate::output::say!("      cannot be used: {p}")?;
        }
    }
    for p in &list.problems {
        crate::output::say!("  skipped: {p}")?;
    }
    Ok(())
}
