//! What a VIN decode tells an estimate: the vehicle class, from vPIC's body class (and the
//! make, for premium brands), and the driver-assistance equipment when the decode carries
//! it. The offline vPIC file has no driver-assist fields, so there the equipment stays
//! unknown and the estimate data's standard equipment for the model decides.

use std::collections::BTreeSet;
use std::path::Path;

use shopbench_core::Vin;
use shopbench_estimate::{Vehicle, VehicleClass};
use shopbench_vindecode::{Decoded, Decoder, Variable};

use crate::AppError;

/// vPIC body classes (matched as the start of the text) and the estimate class they mean;
/// a car body is midsize unless the make is a premium brand.
const BODY_CLASSES: &[(&str, Body)] = &[
    ("Pickup", Body::Pickup),
    ("Sport Utility", Body::Suv),
    ("Crossover Utility", Body::Suv),
    ("Minivan", Body::Suv),
    ("Sedan", Body::Car),
    ("Coupe", Body::Car),
    ("Hatchback", Body::Car),
    ("Convertible", Body::Car),
    ("Wagon", Body::Car),
];

/// Brands priced as the `luxury` class.
const PREMIUM_MAKES: &[&str] = &[
    "Acura",
    "Audi",
    "BMW",
    "Cadillac",
    "Genesis",
    "Infiniti",
    "Jaguar",
    "Land Rover",
    "Lexus",
    "Lincoln",
    "Mercedes-Benz",
    "Porsche",
    "Tesla",
    "Volvo",
];

/// vPIC driver-assist elements and the estimate's ADAS system each one implies.
const ASSIST_ELEMENTS: &[(&str, &str)] = &[
    ("Adaptive Cruise Control", "front_radar"),
    ("Forward Collision Warning", "front_radar"),
    ("Crash Imminent Braking", "front_radar"),
    ("Lane Departure Warning", "forward_camera"),
    ("Lane Keeping Assistance", "forward_camera"),
    ("Blind Spot Warning", "rear_radar"),
    ("Rear Cross Traffic Alert", "rear_radar"),
    ("Parking Assist", "park_assist"),
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Body {
    Pickup,
    Suv,
    Car,
}

/// What the estimate takes from a VIN decode.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VinFacts {
    /// The class the body class (and make) mean, when vPIC gives one the table knows.
    pub class: Option<VehicleClass>,
    /// The driver-assist systems vPIC lists as fitted; none when it carries no such field.
    pub equipment: Option<BTreeSet<String>>,
    /// What was taken and why, for the estimator.
    pub notes: Vec<String>,
}

/// The estimate class of a vPIC body class for `make`: pickups and SUVs by body (an SUV of a
/// premium brand is `luxury`), a car body `luxury` for a premium brand and `midsize`
/// otherwise (vPIC does not tell compact from midsize). None for bodies the table lacks.
pub fn class_from_body(body_class: &str, make: &str) -> Option<VehicleClass> {
    let body = BODY_CLASSES
        .iter()
        .find(|(prefix, _)| body_class.trim().starts_with(prefix))
        .map(|(_, b)| *b)?;
    let premium = PREMIUM_MAKES
        .iter()
        .any(|m| m.eq_ignore_ascii_case(make.trim()));
    Some(match (body, premium) {
        (Body::Pickup, _) => VehicleClass::Pickup,
        (_, true) => VehicleClass::Luxury,
        (Body::Suv, false) => VehicleClass::Suv,
        (Body::Car, false) => VehicleClass::Midsize,
    })
}

/// The ADAS systems vPIC's safety variables say are fitted (`Standard` or `Optional`
/// values are taken as fitted on this VIN); none when it has no driver-assist element.
pub fn equipment_from_safety(safety: &[Variable]) -> Option<BTreeSet<String>> {
    let mut seen = false;
    let mut out = BTreeSet::new();
    for (element, system) in ASSIST_ELEMENTS {
        for v in safety.iter().filter(|v| v.name.starts_with(element)) {
            seen = true;
            if !v.value.eq_ignore_ascii_case("not applicable") {
                out.insert(system.to_string());
            }
        }
    }
    seen.then_some(out)
}

/// The facts of a decode.
pub fn facts_of(decoded: &Decoded) -> VinFacts {
    let v = &decoded.vehicle;
    let make = v.make.as_deref().unwrap_or_default();
    let body = v.body_class.as_deref().unwrap_or_default();
    let class = class_from_body(body, make);
    let equipment = equipment_from_safety(&decoded.safety);
    let mut notes = Vec::new();
    match class {
        Some(c) => notes.push(format!(
            "class {c} from the VIN decode (vPIC body class: {body})"
        )),
        None => notes.push(format!(
            "the VIN decode's body class ('{body}') does not tell the estimate class — give it"
        )),
    }
    if equipment.is_none() {
        notes.push("the VIN decode carries no driver-assist fields: calibrations follow the model's standard equipment in the data, the others are asked".into());
    }
    VinFacts {
        class,
        equipment,
        notes,
    }
}

/// Decodes `vin` with the vPIC file at `db` for an estimate.
pub fn decode_for_estimate(db: &Path, vin: &Vin) -> Result<VinFacts, AppError> {
    let decoder = Decoder::open_for(db, std::slice::from_ref(vin))?;
    Ok(facts_of(&decoder.decode(vin)?))
}

/// Fills what the estimator left open from the VIN: the class when none was given, the
/// equipment when none is known. Returns the notes of what was taken.
pub fn apply_vin_facts(vehicle: &mut Vehicle, facts: &VinFacts) -> Vec<String> {
    let mut notes = Vec::new();
    if vehicle.class.is_none() {
        if let Some(c) = facts.class {
            vehicle.class = Some(c);
        }
    }
    if vehicle.equipment.is_none() {
        vehicle.equipment.clone_from(&facts.equipment);
    }
    notes.extend(facts.notes.iter().cloned());
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(name: &str, value: &str) -> Variable {
        Variable {
            name: name.into(),
            group: "Active Safety System".into(),
            value: value.into(),
        }
    }

    #[test]
    fn body_classes_map_to_estimate_classes_with_premium_brands_as_luxury() {
        assert_eq!(class_from_body("Pickup", "RAM"), Some(VehicleClass::Pickup));
        assert_eq!(
            class_from_body(
                "Sport Utility Vehicle (SUV)/Multi-Purpose Vehicle (MPV)",
                "SUBARU"
            ),
            Some(VehicleClass::Suv)
        );
        assert_eq!(
            class_from_body("Sedan/Saloon", "TOYOTA"),
            Some(VehicleClass::Midsize)
        );
        assert_eq!(
            class_from_body("Sedan/Saloon", "LEXUS"),
            Some(VehicleClass::Luxury)
        );
        assert_eq!(
            class_from_body(
                "Sport Utility Vehicle (SUV)/Multi-Purpose Vehicle (MPV)",
                "lexus"
            ),
            Some(VehicleClass::Luxury)
        );
        assert_eq!(class_from_body("Incomplete - Chassis Cab", "FORD"), None);
    }

    #[test]
    fn driver_assist_fields_become_equipment_and_none_means_unknown() {
        assert_eq!(equipment_from_safety(&[]), None);
        let eq = equipment_from_safety(&[
            var("Adaptive Cruise Control (ACC)", "Standard"),
            var("Lane Departure Warning (LDW)", "Optional"),
            var("Blind Spot Warning (BSW)", "Not Applicable"),
        ])
        .unwrap();
        assert_eq!(
            eq.into_iter().collect::<Vec<_>>(),
            ["forward_camera", "front_radar"]
        );
    }

    #[test]
    fn the_estimators_class_and_equipment_win_over_the_vin() {
        let facts = VinFacts {
            class: Some(VehicleClass::Pickup),
            equipment: Some(["front_radar".to_string()].into()),
            notes: vec!["n".into()],
        };
        let mut v = Vehicle::new("Ram", "1500", 2020);
        assert_eq!(apply_vin_facts(&mut v, &facts), ["n"]);
        assert_eq!(v.class, Some(VehicleClass::Pickup));
        assert!(v.equipment.as_ref().unwrap().contains("front_radar"));
        let mut given = Vehicle::new("Ram", "1500", 2020);
        given.class = Some(VehicleClass::FullSize);
        apply_vin_facts(&mut given, &facts);
        assert_eq!(given.class, Some(VehicleClass::FullSize));
    }
}
