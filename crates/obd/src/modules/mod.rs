//! All-module scans: every module on the car's CAN bus over UDS, not only
//! the emission ECUs that answer OBD-II's functional requests.
//!
//! - [`ModuleAddress`] and the address blocks scanned ([`candidates`]);
//! - [`UdsLink`]: what an adapter must do (physical addressing, in parallel
//!   where it can); the ELM327 and J2534 links implement it;
//! - [`scan_modules`]: discovery, identification, codes, snapshots and
//!   extended data, in an order chosen for speed;
//! - [`clear_module_codes`]: 14 FF FF FF to chosen modules, with the user's consent;
//! - [`ModuleScan`] and [`compare_scans`]: the result, and pre- versus post-repair.

mod address;
mod clear;
mod link;
mod report;
mod scan;

pub use address::{area_of, candidates, AddressRange, ModuleAddress, RANGES_11, RANGES_29};
pub use clear::{clear_module_codes, ModuleClear};
pub use link::{Answer, PhysicalRequest, UdsLink, Wait};
pub use report::{
    compare_scans, Identification, ModuleCodes, ModuleComparison, ModuleDtc, ModuleReport,
    ModuleScan,
};
pub use scan::{scan_modules, ModuleScanOptions, ScanOrder};
