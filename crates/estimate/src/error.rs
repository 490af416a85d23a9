//! The crate's one error type.

/// Everything that can go wrong while pricing an estimate or answering a data query.
///
/// Variants that reject a user value list the valid values, so a caller can show them.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EstimateError {
    /// The state code is not one of the 50 states + DC in the labor-rate data.
    #[error("unknown state '{given}' — use a two-letter code, one of: {}", valid.join(", "))]
    UnknownState {
        /// What the caller passed.
        given: String,
        /// The codes in the data.
        valid: Vec<String>,
    },
    /// The damage type is not one of the nine known types.
    #[error("unknown damage type '{given}' — use one of: {}", valid.join(", "))]
    UnknownDamageType {
        /// What the caller passed.
        given: String,
        /// The known types.
        valid: Vec<String>,
    },
    /// The severity is not minor, moderate or severe.
    #[error("unknown severity '{given}' — use one of: {}", valid.join(", "))]
    UnknownSeverity {
        /// What the caller passed.
        given: String,
        /// The known severities.
        valid: Vec<String>,
    },
    /// The panel is not in the panel catalogue.
    #[error("unknown panel '{given}' — use one of: {}", valid.join(", "))]
    UnknownPanel {
        /// What the caller passed.
        given: String,
        /// The panels in the catalogue.
        valid: Vec<String>,
    },
    /// The operation code is not one of the six codes.
    #[error("unknown operation '{given}' — use one of: {}", valid.join(", "))]
    UnknownOperation {
        /// What the caller passed.
        given: String,
        /// The codes.
        valid: Vec<String>,
    },
    /// The part type is not known.
    #[error("unknown part type '{given}' — use one of: {}", valid.join(", "))]
    UnknownPartType {
        /// What the caller passed.
        given: String,
        /// The part types.
        valid: Vec<String>,
    },
    /// The photo view is not front, rear, left or right.
    #[error("unknown photo view '{given}' — use one of: {}", valid.join(", "))]
    UnknownView {
        /// What the caller passed.
        given: String,
        /// The views.
        valid: Vec<String>,
    },
    /// The paint finish is not known.
    #[error("unknown paint finish '{given}' — use one of: {} (tri-coat is three_stage)", valid.join(", "))]
    UnknownFinish {
        /// What the caller passed.
        given: String,
        /// The finishes.
        valid: Vec<String>,
    },
    /// The dent size is not known.
    #[error("unknown dent size '{given}' — use one of: {}", valid.join(", "))]
    UnknownDentSize {
        /// What the caller passed.
        given: String,
        /// The sizes.
        valid: Vec<String>,
    },
    /// The vehicle class is not known.
    #[error("unknown vehicle class '{given}' — use one of: {}", valid.join(", "))]
    UnknownVehicleClass {
        /// What the caller passed.
        given: String,
        /// The known classes.
        valid: Vec<String>,
    },
    /// The make/model pair is not in the vehicle data (the data API's 404).
    #[error("no repair-cost data for '{make} {model}' — known {}: {}", if *make_known { "models of this make" } else { "makes" }, valid.join(", "))]
    UnknownVehicle {
        /// Make as passed.
        make: String,
        /// Model as passed.
        model: String,
        /// Whether the make itself is known (then `valid` lists its models).
        make_known: bool,
        /// Known models of the make, or known makes.
        valid: Vec<String>,
    },
    /// The vehicle is not in the data and no class was given, so parts cannot be priced.
    #[error("'{make} {model}' is not in the vehicle data — give its class (shopbench estimate new --class, the desktop's Class picker, the API's vehicle_class), one of: {}", valid.join(", "))]
    VehicleClassNeeded {
        /// Make as passed.
        make: String,
        /// Model as passed.
        model: String,
        /// The known classes.
        valid: Vec<String>,
    },
    /// An override names a line the estimate does not have.
    #[error("no line '{given}' in this estimate — lines are: {}", valid.join(", "))]
    UnknownLine {
        /// The line id passed.
        given: String,
        /// The estimate's line ids.
        valid: Vec<String>,
    },
    /// Hours must be finite, non-negative and below 1000.
    #[error("invalid labor hours {given} — use a number from 0 to 999.9")]
    InvalidHours {
        /// The value passed.
        given: f64,
    },
    /// An amount the estimator gave (a part cost, a rate) is below zero.
    #[error("{what} is {given} — an amount on an estimate cannot be negative")]
    NegativeAmount {
        /// Which amount (`part_cost of hood:REPLACE`).
        what: String,
        /// The value given, in dollars.
        given: String,
    },
    /// A model year no car has (`1800`, `3000`).
    #[error("model year {given} is not a car's year: give one from {first} to {last}", first = shopbench_core::MODEL_YEARS.start(), last = shopbench_core::MODEL_YEARS.end())]
    InvalidYear {
        /// The year given.
        given: u16,
    },
    /// An amount the estimator gave is beyond any repair (a typo such as
    /// `900000000000000` for a part cost).
    #[error("{what} is {given} — more than {max} is not an amount on a repair estimate")]
    AmountTooLarge {
        /// Which amount (`part_cost of hood:REPLACE`).
        what: String,
        /// The value given, in dollars.
        given: String,
        /// The most it may be, in dollars.
        max: String,
    },
    /// A photo region is outside the normalised 0..1 square or empty.
    #[error("invalid region: {detail} — x, y, w, h are fractions of the photo (0..1) and the box must fit inside it")]
    InvalidRegion {
        /// What is wrong.
        detail: String,
    },
    /// A damage area is not usable as given.
    #[error("invalid damage area: {detail}")]
    InvalidArea {
        /// What is wrong.
        detail: String,
    },
    /// A data file (shipped or shop override) does not parse or is inconsistent.
    #[error("estimate data '{file}' is invalid: {detail} — fix the shop override or restore the shipped file")]
    InvalidData {
        /// The data file (or `override`).
        file: String,
        /// What is wrong.
        detail: String,
    },
    /// No repair rule covers this panel kind, damage type and severity.
    #[error("no repair rule for {severity} {damage_type} on {panel} (kind {kind}) — add a row to repairRules in panels.json")]
    NoRule {
        /// Panel id.
        panel: String,
        /// Panel kind.
        kind: String,
        /// Damage type.
        damage_type: String,
        /// Severity.
        severity: String,
    },
    /// A damage detector failed.
    #[error("damage detector '{detector}' failed: {message}")]
    Detector {
        /// The detector's name.
        detector: String,
        /// Its message.
        message: String,
    },
}
