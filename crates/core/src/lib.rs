//! Domain types shared by every shopbench engine and adapter.
//!
//! Values here are checked at construction: a [`Dtc`] or a [`Vin`] that exists
//! is well-formed, so the rest of the code never re-validates them.
//!
//! ```
//! use shopbench_core::{Dtc, DtcCatalog};
//! let code: Dtc = "P0171".parse().unwrap();
//! assert_eq!(code.to_bytes(), [0x01, 0x71]);
//! let meaning = DtcCatalog::generic().describe(code);
//! assert_eq!(meaning.title(), Some("System Too Lean (Bank 1)"));
//! ```
#![deny(missing_docs)]

pub mod calendar;
mod catalog;
mod dtc;
mod error;
mod money;
mod status;
mod units;
mod vehicle;
mod vin;

pub use catalog::{CodeCause, CodeInfo, DtcCatalog, Likelihood, Meaning};
pub use dtc::{Dtc, DtcSystem};
pub use error::CoreError;
pub use money::{dollars, Cents, Rate, Usd};
pub use status::DtcStatus;
pub use units::{DistanceUnit, Mileage};
pub use vehicle::{newest_model_year, VehicleId, MODEL_YEARS};
pub use vin::{Vin, VinWarning};
