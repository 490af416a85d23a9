//! Step 1 of an estimate: the shop's hourly rates and the vehicle as the data know it, and
//! [`Pricing`], what the later steps price lines with.

use crate::data::{LaborKind, PanelHours, PanelRow, Quality, StateTax, VehicleRow};
use crate::model::{Finish, PartType, Vehicle, VehicleClass};
use crate::{Cents, EstimateData, EstimateError, Hours};

use super::{AppliedRates, EstimateRequest, VehicleInfo};

/// The state's hourly rates in cents, times the state's metro premium when the shop is in a
/// metro area, its paint-materials rate and its sales tax. The aluminum rate is the state's
/// own when the data give one, else the body rate times `aluminumFactor`. An unknown state is
/// an error listing the valid codes.
pub(super) fn applied_rates(
    data: &EstimateData,
    state: &str,
    metro: bool,
) -> Result<AppliedRates, EstimateError> {
    let (state, row) = data.state(state)?;
    let premium = if metro { row.metro_premium } else { 1.0 };
    let rate = |dollars: u32| Cents::from_dollars(i64::from(dollars)).scale(premium);
    let aluminum = match row.aluminum {
        Some(a) => rate(a),
        None => rate(row.body).scale(data.labor.aluminum_factor),
    };
    Ok(AppliedRates {
        state: state.to_string(),
        metro_premium: premium,
        body: rate(row.body),
        paint: rate(row.paint),
        frame: rate(row.frame),
        mechanical: rate(row.mechanical),
        aluminum,
        paint_materials: rate(row.paint_materials),
        sales_tax: data.taxes[state].rate,
    })
}

/// The vehicle as the engine prices it: what the estimate shows, its row in the vehicle data
/// (none for a vehicle outside the data), and notes for the estimator.
pub(super) struct ResolvedVehicle<'d> {
    pub info: VehicleInfo,
    pub row: Option<&'d VehicleRow>,
    pub notes: Vec<String>,
}

/// Looks the vehicle up in the data. A known vehicle takes the data's spelling and class
/// (unless the request gives a class), with a note when its year is outside the data's years;
/// an unknown one is priced from its class table, so it needs a class, and gets a note.
pub(super) fn resolve_vehicle<'d>(
    data: &'d EstimateData,
    v: &Vehicle,
) -> Result<ResolvedVehicle<'d>, EstimateError> {
    if !shopbench_core::MODEL_YEARS.contains(&v.year) {
        return Err(EstimateError::InvalidYear { given: v.year });
    }
    let (make, model, row) = match data.vehicle(&v.make, &v.model) {
        Ok(found) => found,
        Err(EstimateError::UnknownVehicle { .. }) => return vehicle_outside_data(v),
        Err(e) => return Err(e),
    };
    let in_years = row.covers(v.year);
    let notes = if in_years {
        Vec::new()
    } else {
        vec![format!(
            "{} {} {} is outside the data's years {}; class prices used as for {}",
            v.year, make, model, row.years, row.years
        )]
    };
    let info = VehicleInfo {
        make: make.to_string(),
        model: model.to_string(),
        year: v.year,
        class: v.class.unwrap_or(row.vehicle_class),
        data_quality: data_quality(row, in_years),
        aluminum_body: row.aluminum_body_from.is_some_and(|y| v.year >= y),
        finish: v.finish.unwrap_or_default(),
    };
    Ok(ResolvedVehicle {
        info,
        row: Some(row),
        notes,
    })
}

/// The confidence the data give a vehicle's prices: the row's own within its years, low
/// outside them (another generation of the model: its parts, hours and equipment may differ).
fn data_quality(row: &VehicleRow, in_years: bool) -> String {
    let quality = if in_years {
        row.data_quality
    } else {
        Quality::Low
    };
    format!("{quality:?}").to_lowercase()
}

/// A vehicle the data do not list: priced from the class the estimator gave (an error
/// naming the classes when none was given), with data quality `none` and a note saying so.
fn vehicle_outside_data<'d>(v: &Vehicle) -> Result<ResolvedVehicle<'d>, EstimateError> {
    let class = v.class.ok_or_else(|| EstimateError::VehicleClassNeeded {
        make: v.make.clone(),
        model: v.model.clone(),
        valid: VehicleClass::ALL
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
    })?;
    let note = format!(
        "{} {} is not in the vehicle data: parts priced from the {class} class table",
        v.make, v.model
    );
    let info = VehicleInfo {
        make: v.make.clone(),
        model: v.model.clone(),
        year: v.year,
        class,
        data_quality: "none".to_string(),
        aluminum_body: false,
        finish: v.finish.unwrap_or_default(),
    };
    Ok(ResolvedVehicle {
        info,
        row: None,
        notes: vec![note],
    })
}

/// What the line-writing steps price with: the data, the shop's rates, the vehicle as priced
/// (its class selects hours and prices, its data row the parts factor and standard ADAS),
/// and the estimator's part preference.
pub(super) struct Pricing<'d> {
    pub data: &'d EstimateData,
    pub rates: AppliedRates,
    pub vehicle: VehicleInfo,
    pub vehicle_row: Option<&'d VehicleRow>,
    pub part_preference: PartType,
    /// The state's sales tax and where it comes from.
    pub tax: &'d StateTax,
}

impl<'d> Pricing<'d> {
    /// Resolves the request's state rates and vehicle against `data`: what the later steps
    /// price with, and the notes about the vehicle for the estimator.
    pub fn for_request(
        data: &'d EstimateData,
        req: &EstimateRequest,
    ) -> Result<(Self, Vec<String>), EstimateError> {
        let rates = applied_rates(data, &req.state, req.metro)?;
        let vehicle = resolve_vehicle(data, &req.vehicle)?;
        let pricing = Pricing {
            data,
            tax: &data.taxes[&rates.state],
            rates,
            vehicle: vehicle.info,
            vehicle_row: vehicle.row,
            part_preference: req.part_preference,
        };
        Ok((pricing, vehicle.notes))
    }

    /// Whether the vehicle's model year is within its data row's years: only then do the
    /// row's standard equipment and data quality describe it.
    pub fn year_in_data(&self) -> bool {
        self.vehicle_row
            .is_some_and(|r| r.covers(self.vehicle.year))
    }

    /// The class that selects hours and part prices.
    pub fn class(&self) -> VehicleClass {
        self.vehicle.class
    }

    /// A panel's flat-rate times for the vehicle's class. Validated data list every class of
    /// every panel, so the lookup cannot miss.
    pub fn hours<'r>(&self, row: &'r PanelRow) -> &'r PanelHours {
        &row.hours[&self.class()]
    }

    /// The hourly rate for body, frame or mechanical labor.
    pub fn labor_rate(&self, kind: LaborKind) -> Cents {
        match kind {
            LaborKind::Body => self.rates.body,
            LaborKind::Frame => self.rates.frame,
            LaborKind::Mechanical => self.rates.mechanical,
        }
    }

    /// The hourly rate for `kind` labor on panel `row`: body labor on a metal panel of an
    /// aluminum-bodied vehicle is at the aluminum rate.
    pub fn panel_labor_rate(&self, kind: LaborKind, row: &PanelRow) -> Cents {
        if kind == LaborKind::Body && self.is_aluminum(row) {
            self.rates.aluminum
        } else {
            self.labor_rate(kind)
        }
    }

    /// Whether `row` is an aluminum panel: a metal panel of an aluminum-bodied vehicle.
    pub fn is_aluminum(&self, row: &PanelRow) -> bool {
        self.vehicle.aluminum_body && row.kind == "panel"
    }

    /// A midsize time from the data scaled to the vehicle's class (validated data have a
    /// factor for every class).
    pub fn class_hours(&self, midsize: Hours) -> Hours {
        midsize.scale(self.data.panels.class_factors.labor[&self.class()])
    }

    /// The vehicle's paint system.
    pub fn finish(&self) -> Finish {
        self.vehicle.finish
    }

    /// How far labor times may run either way (the min/max band of a line), as a fraction.
    pub fn spread(&self) -> f64 {
        self.data.panels.labor_time_spread
    }

    /// The price range of a part group in a part type for the vehicle's class, times the
    /// vehicle's parts factor (1 for a vehicle outside the data); none when not listed.
    pub fn part_price(&self, group: &str, part_type: PartType) -> Option<(Cents, Cents)> {
        let factor = self.vehicle_row.map_or(1.0, |r| r.parts_factor);
        self.data.part_price(group, self.class(), part_type, factor)
    }
}

#[cfg(test)]
impl Pricing<'static> {
    /// Test pricing: the shipped data, `state`'s rates (not metro), a 2022 `make model` from
    /// the data, and a part preference.
    pub fn shipped(make: &str, model: &str, state: &str, part_preference: PartType) -> Self {
        Pricing::with_data(EstimateData::shipped(), make, model, state, part_preference)
    }
}

#[cfg(test)]
impl<'d> Pricing<'d> {
    /// Test pricing as [`Pricing::shipped`], with other data (e.g. with a shop override).
    pub fn with_data(
        data: &'d EstimateData,
        make: &str,
        model: &str,
        state: &str,
        part_preference: PartType,
    ) -> Self {
        let v = resolve_vehicle(data, &Vehicle::new(make, model, 2022)).unwrap();
        let rates = applied_rates(data, state, false).unwrap();
        Pricing {
            data,
            tax: &data.taxes[&rates.state],
            rates,
            vehicle: v.info,
            vehicle_row: v.row,
            part_preference,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> &'static EstimateData {
        EstimateData::shipped()
    }

    #[test]
    fn rates_are_the_state_rates_times_the_metro_premium_when_metro() {
        let plain = applied_rates(data(), "ca", false).unwrap();
        assert_eq!(plain.state, "CA");
        assert_eq!((plain.body.get(), plain.paint.get()), (7500, 7800));
        assert_eq!(plain.metro_premium, 1.0);
        let metro = applied_rates(data(), "CA", true).unwrap();
        assert_eq!(metro.metro_premium, 1.15);
        assert_eq!(metro.frame, Cents::from_dollars(80).scale(1.15));
        let e = applied_rates(data(), "XY", false).unwrap_err();
        assert!(matches!(e, EstimateError::UnknownState { .. }), "{e}");
    }

    /// The API priced a 1800 and a 3000 Camry (the CLI's vehicle text refused them).
    #[test]
    fn regression_a_model_year_no_car_has_was_priced() {
        for year in [1800, 3000] {
            let Err(e) = resolve_vehicle(data(), &Vehicle::new("Toyota", "Camry", year)) else {
                panic!("{year} was priced");
            };
            assert_eq!(
                e.to_string(),
                format!("model year {year} is not a car's year: give one from 1900 to 2100")
            );
        }
        assert!(resolve_vehicle(data(), &Vehicle::new("Toyota", "Camry", 1965)).is_ok());
    }

    #[test]
    fn a_known_vehicle_takes_the_data_spelling_and_class_and_notes_a_year_outside() {
        let mut v = Vehicle::new("toyota", "CAMRY", 2012);
        let r = resolve_vehicle(data(), &v).unwrap();
        assert_eq!(
            (r.info.make.as_str(), r.info.model.as_str()),
            ("Toyota", "Camry")
        );
        assert_eq!(r.info.class, VehicleClass::Midsize);
        assert_eq!(
            r.info.data_quality, "low",
            "not the row's high: outside its years"
        );
        assert!(r.row.is_some());
        assert!(r.notes[0].contains("outside the data's years 2018-2024"));
        v.year = 2022;
        v.class = Some(VehicleClass::Luxury);
        let r = resolve_vehicle(data(), &v).unwrap();
        assert_eq!(r.info.class, VehicleClass::Luxury);
        assert!(r.notes.is_empty());
    }

    #[test]
    fn a_vehicle_outside_the_data_needs_a_class_and_is_noted() {
        let mut v = Vehicle::new("Lada", "Niva", 2010);
        let e = resolve_vehicle(data(), &v).err().unwrap();
        assert!(matches!(e, EstimateError::VehicleClassNeeded { .. }), "{e}");
        v.class = Some(VehicleClass::Suv);
        let r = resolve_vehicle(data(), &v).unwrap();
        assert!(r.row.is_none());
        assert_eq!(r.info.data_quality, "none");
        assert!(r.notes[0].contains("priced from the suv class table"));
    }

    #[test]
    fn a_request_resolves_its_rates_before_its_vehicle() {
        let mut req = EstimateRequest::new(Vehicle::new("Lada", "Niva", 2010), "XY", Vec::new())
            .with_metro(true)
            .with_part_preference(PartType::Used);
        let e = Pricing::for_request(data(), &req).err().unwrap();
        assert!(matches!(e, EstimateError::UnknownState { .. }), "{e}");
        req.state = "NV".into();
        req.vehicle.class = Some(VehicleClass::Compact);
        let (p, notes) = Pricing::for_request(data(), &req).unwrap();
        assert_eq!(
            (p.rates.state.as_str(), p.class()),
            ("NV", VehicleClass::Compact)
        );
        assert!(p.rates.metro_premium > 1.0);
        assert_eq!((p.part_preference, notes.len()), (PartType::Used, 1));
    }

    #[test]
    fn pricing_looks_up_class_hours_rates_and_factored_part_prices() {
        let p = Pricing::shipped("Toyota", "Highlander", "TX", PartType::Oem);
        assert_eq!(p.class(), VehicleClass::Suv);
        let hood = data().panel("hood").unwrap();
        assert_eq!(
            p.hours(hood).refinish,
            hood.hours[&VehicleClass::Suv].refinish
        );
        assert_eq!(p.labor_rate(LaborKind::Frame), p.rates.frame);
        assert_eq!(p.labor_rate(LaborKind::Body), p.rates.body);
        let plain = data().part_price("hood", VehicleClass::Suv, PartType::Oem, 1.0);
        let factored = data().part_price("hood", VehicleClass::Suv, PartType::Oem, 1.1);
        assert_ne!(plain, factored);
        assert_eq!(p.part_price("hood", PartType::Oem), factored);
        assert_eq!(p.part_price("roof_panel", PartType::Used), None);
    }
}
