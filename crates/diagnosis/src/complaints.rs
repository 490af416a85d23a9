//! NHTSA owner complaints as vehicle-specific evidence.
//!
//! Owners file complaints with NHTSA's Office of Defects Investigation
//! about the vehicle's components (`ENGINE`, `POWER TRAIN`, `ELECTRICAL
//! SYSTEM`, …). When a model year's complaints name one system far more
//! often than complaints about cars in general do, that system is a known
//! weak spot of the model, and a cause in it is a little more likely on this
//! car. The counts come from the shop's recalls/complaints cache (the flat
//! file `shopbench data import nhtsa-complaints`, or the online refresh) and
//! are cited in the evidence.
//!
//! The weight is small on purpose: a complaint is an owner's report of a
//! safety concern, not a confirmed repair, and it names a component family,
//! not a part. For a system whose share of this vehicle's complaints is
//! `lift` times its share across all complaints in the cache, every
//! candidate cause in that system gains a likelihood ratio of `√lift`,
//! at most [`MAX_COMPLAINT_LR`] — and only when the counts can carry it
//! (at least [`MIN_VEHICLE_COMPLAINTS`] complaints about the vehicle,
//! [`MIN_SYSTEM_COMPLAINTS`] naming the system, [`MIN_BASELINE_COMPLAINTS`]
//! in the cache) and the lift is at least [`MIN_LIFT`]. A system owners
//! complain about less than usual is not held against a cause: few
//! complaints say little about one car. These constants are the project's
//! editorial choice, not fitted to data.

use serde::{Deserialize, Serialize};

/// The most a system's complaint share can move a cause's odds.
pub const MAX_COMPLAINT_LR: f64 = 1.5;
/// Complaints about the vehicle below which its shares say nothing.
pub const MIN_VEHICLE_COMPLAINTS: u64 = 20;
/// Complaints naming the system below which it is not weighed.
pub const MIN_SYSTEM_COMPLAINTS: u64 = 5;
/// Complaints in the whole cache below which there is no baseline.
pub const MIN_BASELINE_COMPLAINTS: u64 = 500;
/// The smallest lift that counts as a weak spot.
pub const MIN_LIFT: f64 = 1.25;

/// The NHTSA component names (words they contain) each of the knowledge's
/// systems falls under: a row per system. Used to count a system's
/// complaints and to match bulletins to the likely causes.
pub const SYSTEM_COMPONENTS: &[(&str, &[&str])] = &[
    ("air_fuel", &["FUEL SYSTEM", "ENGINE"]),
    ("brakes", &["SERVICE BRAKES", "PARKING BRAKE"]),
    ("chassis", &["SUSPENSION", "STEERING", "WHEELS"]),
    ("cooling", &["ENGINE AND ENGINE COOLING"]),
    ("drivetrain", &["POWER TRAIN"]),
    ("electrical", &["ELECTRICAL SYSTEM"]),
    ("emissions", &["ENGINE", "EXHAUST"]),
    ("engine_management", &["ENGINE", "ELECTRICAL SYSTEM"]),
    ("engine_mechanical", &["ENGINE"]),
    ("evap", &["FUEL SYSTEM"]),
    ("exhaust", &["EXHAUST"]),
    ("fuel", &["FUEL SYSTEM"]),
    ("ignition", &["ENGINE", "ELECTRICAL SYSTEM"]),
    ("transmission", &["POWER TRAIN"]),
];

/// The NHTSA component words a system falls under (empty for a system
/// with no row).
pub fn system_components(system: &str) -> &'static [&'static str] {
    SYSTEM_COMPONENTS
        .iter()
        .find(|(s, _)| *s == system)
        .map_or(&[], |(_, c)| c)
}

/// Whether NHTSA component `component` falls under `system`.
pub fn component_in_system(component: &str, system: &str) -> bool {
    system_components(system)
        .iter()
        .any(|w| component.contains(w))
}

/// What NHTSA's owner complaints in the cache say about one vehicle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnerComplaints {
    /// The vehicle as NHTSA indexes it (`2013 FORD ESCAPE`).
    pub vehicle: String,
    /// Complaints about the vehicle (distinct ODI numbers).
    pub total: u64,
    /// Complaints about any vehicle in the cache: the baseline.
    pub baseline_total: u64,
    /// Per NHTSA component: complaints about the vehicle naming it, and
    /// complaints about any vehicle naming it.
    pub components: Vec<ComponentComplaints>,
}

/// One NHTSA component's complaint counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentComplaints {
    /// The component as NHTSA names it (`POWER TRAIN`).
    pub component: String,
    /// Complaints about the vehicle naming it.
    pub vehicle: u64,
    /// Complaints about any vehicle in the cache naming it.
    pub baseline: u64,
}

/// What the complaints say about one system of the vehicle.
#[derive(Debug, Clone, PartialEq)]
pub struct SystemLift {
    /// Complaints about the vehicle naming the system's components.
    pub vehicle: u64,
    /// Complaints about any vehicle naming them.
    pub baseline: u64,
    /// The system's share for this vehicle over its share in the cache.
    pub lift: f64,
}

impl OwnerComplaints {
    /// The counts of `system` summed over its components — mentions: a
    /// complaint naming two of them counts twice, on both sides alike (the
    /// lift compares mentions per complaint); `None` when the counts are
    /// too few to say anything.
    pub fn system_lift(&self, system: &str) -> Option<SystemLift> {
        if self.total < MIN_VEHICLE_COMPLAINTS || self.baseline_total < MIN_BASELINE_COMPLAINTS {
            return None;
        }
        let (vehicle, baseline) = self
            .components
            .iter()
            .filter(|c| component_in_system(&c.component, system))
            .fold((0, 0), |(v, b), c| (v + c.vehicle, b + c.baseline));
        if vehicle < MIN_SYSTEM_COMPLAINTS || baseline == 0 {
            return None;
        }
        let share = vehicle as f64 / self.total as f64;
        let base_share = baseline as f64 / self.baseline_total as f64;
        Some(SystemLift {
            vehicle,
            baseline,
            lift: share / base_share,
        })
    }

    /// The likelihood ratio for a cause in `system` and its wording, or
    /// `None` when the complaints do not single the system out.
    pub fn evidence(&self, system: &str) -> Option<(f64, String)> {
        let l = self.system_lift(system)?;
        if l.lift < MIN_LIFT {
            return None;
        }
        let lr = l.lift.sqrt().min(MAX_COMPLAINT_LR);
        // Mentions, not complaints: a complaint naming two of the system's
        // components counts twice, on both sides alike.
        let detail = format!(
            "NHTSA owner complaints: the {} about the {} mention {} {} times, {:.1}× as \
             often as the {} complaints in the cache do — reported concerns, not confirmed repairs",
            self.total,
            self.vehicle,
            system_components(system).join(" or "),
            l.vehicle,
            l.lift,
            self.baseline_total,
        );
        Some((lr, detail))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(total: u64, baseline_total: u64, rows: &[(&str, u64, u64)]) -> OwnerComplaints {
        OwnerComplaints {
            vehicle: "2013 FORD ESCAPE".into(),
            total,
            baseline_total,
            components: rows
                .iter()
                .map(|(c, v, b)| ComponentComplaints {
                    component: c.to_string(),
                    vehicle: *v,
                    baseline: *b,
                })
                .collect(),
        }
    }

    #[test]
    fn a_system_owners_complain_about_often_gains_a_bounded_ratio() {
        // 60 of 200 name the power train (30 %) against 1,000 of 10,000 (10 %).
        let c = counts(200, 10_000, &[("POWER TRAIN", 60, 1_000)]);
        let l = c.system_lift("transmission").unwrap();
        assert!((l.lift - 3.0).abs() < 1e-9);
        let (lr, detail) = c.evidence("transmission").unwrap();
        assert_eq!(lr, MAX_COMPLAINT_LR, "√3 is capped");
        assert!(
            detail.contains("the 200 about the 2013 FORD ESCAPE mention POWER TRAIN 60 times"),
            "{detail}"
        );
        assert!(
            detail.contains("3.0× as often as the 10000 complaints"),
            "{detail}"
        );
        // A lift of 1.44 gives √1.44 = 1.2.
        let c = counts(200, 10_000, &[("POWER TRAIN", 36, 1_250)]);
        let (lr, _) = c.evidence("transmission").unwrap();
        assert!((lr - 1.2).abs() < 1e-9, "{lr}");
    }

    #[test]
    fn too_few_complaints_or_an_ordinary_share_say_nothing() {
        // An ordinary share.
        let c = counts(200, 10_000, &[("POWER TRAIN", 22, 1_000)]);
        assert!(c.evidence("transmission").is_none());
        // Fewer than twenty complaints about the car.
        let c = counts(19, 10_000, &[("POWER TRAIN", 15, 1_000)]);
        assert!(c.evidence("transmission").is_none());
        // A cache too small to be a baseline.
        let c = counts(200, 499, &[("POWER TRAIN", 150, 50)]);
        assert!(c.evidence("transmission").is_none());
        // Four complaints naming the system.
        let c = counts(20, 10_000, &[("POWER TRAIN", 4, 10)]);
        assert!(c.evidence("transmission").is_none());
        // A system with no NHTSA component row.
        assert!(c.evidence("body").is_none());
    }

    #[test]
    fn a_system_sums_its_components() {
        let c = counts(
            100,
            10_000,
            &[
                ("FUEL SYSTEM, GASOLINE", 10, 300),
                ("FUEL SYSTEM, OTHER", 5, 200),
                ("SERVICE BRAKES, HYDRAULIC", 40, 400),
            ],
        );
        let l = c.system_lift("fuel").unwrap();
        assert_eq!((l.vehicle, l.baseline), (15, 500));
        assert!((l.lift - 3.0).abs() < 1e-9);
    }
}
