//! Collision damage estimates for body shops.
//!
//! The estimator marks damage areas (panel, damage type, severity, optionally a box on a
//! photo); [`estimate`] turns them, the vehicle and the shop's state into priced line items
//! (REPAIR, REPLACE, REFINISH, BLEND, R&I, SUBLET), each with the reason it is there, ADAS
//! calibrations, and min/max totals in integer cents. Every line can be edited or removed and
//! lines added through [`Overrides`]; totals follow exactly. [`InsuranceEstimate`] is the
//! insurance-format view, [`EstimateSummary`] the complete-estimate response, and the data API methods of [`EstimateData`] answer
//! the read-only repair-cost queries.
//!
//! The engine is pure: it takes an [`EstimateData`] value (the shipped `assets/estimate/*.json`,
//! optionally with a shop override merged over it) and returns values.
//!
//! ```
//! use shopbench_estimate::{estimate, DamageArea, DamageType, EstimateData, EstimateRequest,
//!     InsuranceEstimate, PartType, Severity, Vehicle};
//!
//! let areas = vec![
//!     DamageArea::manual("front_bumper", DamageType::Dent, Severity::Moderate),
//!     DamageArea::manual("front_fender_left", DamageType::Scratch, Severity::Minor),
//! ];
//! let req = EstimateRequest::new(Vehicle::new("Toyota", "Camry", 2022), "CA", areas)
//!     .with_part_preference(PartType::Oem);
//! let est = estimate(&req, EstimateData::shipped()).unwrap();
//! assert!(est.line("front_bumper:REPLACE").is_some());
//! assert!(est.totals.total_min <= est.totals.total && est.totals.total <= est.totals.total_max);
//! let ins = InsuranceEstimate::from_estimate(&est, "est_1");
//! assert_eq!(ins.totals.gross_total, est.totals.total);
//! ```
#![deny(missing_docs)]

mod api;
mod data;
mod detect;
mod engine;
mod error;
mod insurance;
mod model;
mod money;
mod summary;

pub use api::{
    CentsRange, CommonRepair, DamagePatternOut, DamageTypeData, DamageTypeDetail, DamageTypeList,
    DamageTypeListMeta, DetailRates, LaborRates, LaborRatesData, MakeEntry, ModelEntry,
    NationalAverages, PartPricing, SeverityRange, StateList, StateListMeta, StateSummary,
    VehicleDetail, VehicleDetailData, VehicleId, VehicleList, VehicleListMeta,
};
pub use data::{CalibrationType, DataSource, EstimateData};
pub use detect::{detect_areas, DamageDetector, ImageRef, ProposedArea};
pub use engine::{
    estimate, overrides_that_still_apply, AdasSummary, AppliedRates, Breakdown, Calibration,
    Estimate, EstimateRequest, LineCategory, LineChange, LineEdit, LineItem, LineOverride,
    LineStatus, ManualLine, Overrides, Payer, ScanStage, ScanTaken, Totals, VehicleInfo,
};
pub use error::EstimateError;
pub use insurance::{InsuranceEstimate, InsuranceLine, InsuranceTotals, InsuranceVehicle};
pub use model::{
    AreaSource, DamageArea, DamageType, DentCount, DentSize, Finish, Operation, PartType, Rect,
    Severity, Vehicle, VehicleClass, View,
};
pub use money::{Cents, Hours};
pub use summary::{
    EstimateSummary, SummaryAdas, SummaryArea, SummaryCalibration, SummaryCost, SummaryDamage,
    SummaryLine, SummarySource,
};

/// All vehicles in the shipped data, grouped by make (see [`EstimateData::list_vehicles`]).
pub fn list_vehicles() -> VehicleList {
    EstimateData::shipped().list_vehicles()
}

/// Repair-cost data for one vehicle in the shipped data (see [`EstimateData::vehicle_detail`]).
pub fn vehicle_detail(make: &str, model: &str) -> Result<VehicleDetail, EstimateError> {
    EstimateData::shipped().vehicle_detail(make, model)
}

/// All states with national averages from the shipped data (see [`EstimateData::list_states`]).
pub fn list_states() -> StateList {
    EstimateData::shipped().list_states()
}

/// One state's labor rates from the shipped data (see [`EstimateData::labor_rates`]).
pub fn labor_rates(state: &str) -> Result<LaborRates, EstimateError> {
    EstimateData::shipped().labor_rates(state)
}

/// One damage type from the shipped data (see [`EstimateData::damage_type`]).
pub fn damage_type(kind: &str) -> Result<DamageTypeDetail, EstimateError> {
    EstimateData::shipped().damage_type(kind)
}

/// All damage types from the shipped data (see [`EstimateData::list_damage_types`]).
pub fn list_damage_types() -> DamageTypeList {
    EstimateData::shipped().list_damage_types()
}
