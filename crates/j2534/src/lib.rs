//! SAE J2534 v04.04 PassThru for shopbench: our own FFI layer, device
//! discovery, and OBD-II requests over ISO 15765.
//!
//! A vendor's PassThru library (a Windows DLL, or a `.so` on Linux) is loaded
//! at run time; nothing is linked at build time. Handles close what they open:
//! [`Library`] → [`Device`] (`PassThruClose` on drop) → [`Channel`]
//! (`PassThruDisconnect` on drop). Every return code becomes a typed
//! [`J2534Error`] carrying the driver's `PassThruGetLastError` text.
//!
//! ```no_run
//! use shopbench_j2534::{resolve, IsoTpSession, Library, SessionConfig};
//!
//! # fn main() -> Result<(), shopbench_j2534::J2534Error> {
//! let info = resolve("")?; // $SHOPBENCH_J2534_LIB, or the only device installed
//! let device = Library::load(&info.library_path)?.open(None)?;
//! let mut obd = IsoTpSession::open(&device, SessionConfig::default())?;
//! println!("battery {:.1} V", obd.battery_voltage()?);
//! for (ecu, reply) in obd.request(&[0x01, 0x00])? {
//!     println!("{ecu:X}: {reply:02X?}");
//! }
//! # Ok(())
//! # }
//! ```
//!
//! [`PassThruLink`] implements `shopbench_obd::ObdLink`, so the same scan,
//! live data and clear that run over an ELM327 run over a PassThru device:
//!
//! ```no_run
//! use shopbench_j2534::{resolve, LinkOptions, PassThruLink};
//!
//! # async fn demo() -> anyhow::Result<()> {
//! let device = resolve("openport")?;
//! let mut link = tokio::task::spawn_blocking(move || {
//!     PassThruLink::connect(&device, LinkOptions::default(), |step| eprintln!("{step:?}"))
//! })
//! .await??;
//! let report = shopbench_obd::scan(&mut link, |_| {}).await?;
//! println!("{:?}", report.vin);
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod adapter;
mod arch;
mod consts;
mod device;
mod discovery;
mod error;
mod ffi;
mod link;
mod loader;
mod session;

pub use adapter::AdapterLink;
pub use arch::Machine;
pub use consts::{config, connect_flags, filter, ioctl, protocol, rx_status, status, tx_flags};
pub use device::{Channel, Device, FilterId, Library, Version};
pub use discovery::{list_devices, resolve, DeviceInfo, Discovery, Listing, Source, LIB_ENV_VAR};
pub use error::{J2534Error, Result};
pub use ffi::{PassThruMsg, SConfig, SConfigList, MSG_DATA_SIZE, STRING_BUF_LEN};
pub use link::{bus_settings, LinkOptions, LinkStep, PassThruLink, ISO15765_PROTOCOLS};
pub use loader::check_architecture;
pub use session::{
    ecu_id_pairs, EcuReply, IdBits, IsoTpSession, ModuleReply, ModuleRequest, SessionConfig,
    FUNCTIONAL_ID_11, FUNCTIONAL_ID_29, MAX_MODULE_FILTERS,
};
