//! Step 5 of an estimate: the sublets the repair requires (four-wheel alignment) and the ADAS
//! calibrations that the work on the car triggers.

use std::collections::BTreeSet;

use crate::data::{SubletRow, Trigger};
use crate::model::{DamageArea, Operation};
use crate::EstimateData;

use super::pricing::Pricing;
use super::{LineCategory, LineItem, LineStatus, Payer};

/// One SUBLET line per mechanical sublet in the data that the estimate requires, in the
/// data's order: one of its operations on one of its panels, or one of its damage types on
/// any area, requires it (the line, when both do).
pub(super) fn sublet_lines(
    data: &EstimateData,
    lines: &[LineItem],
    areas: &[DamageArea],
) -> Vec<LineItem> {
    data.adas
        .sublets
        .iter()
        .filter_map(|s| Some(sublet_line(s, sublet_reason(data, s, lines, areas)?)))
        .collect()
}

/// Why the estimate requires sublet `s`, or none when it does not. A damage type sets it off
/// only on a structural panel when the sublet says so (structural damage marked on a
/// bolt-on part does not move the suspension mounts).
fn sublet_reason(
    data: &EstimateData,
    s: &SubletRow,
    lines: &[LineItem],
    areas: &[DamageArea],
) -> Option<String> {
    let by_line = lines.iter().find(|l| {
        l.panel.as_ref().is_some_and(|pn| s.panels.contains(pn))
            && s.operations.contains(&l.operation)
    });
    if let Some(l) = by_line {
        return Some(format!(
            "{} of {} requires it",
            l.operation,
            l.description.to_lowercase()
        ));
    }
    areas
        .iter()
        .filter(|a| !s.structural_panels_only || data.panel(&a.panel).is_ok_and(|r| r.structural))
        .find(|a| s.damage_types.contains(&a.damage_type))
        .map(|a| format!("{} damage on {} requires it", a.damage_type, a.panel))
}

/// The SUBLET line of sublet `s`, at the data's cost and range.
fn sublet_line(s: &SubletRow, reason: String) -> LineItem {
    let mut line = LineItem::blank(
        format!("sublet:{}", s.id),
        Operation::Sublet,
        LineCategory::Sublet,
        s.description.clone(),
        reason,
    );
    line.set_part(
        crate::money::cents(s.cost),
        (
            crate::money::cents(s.cost_min),
            crate::money::cents(s.cost_max),
        ),
    );
    line
}

/// The ADAS calibration lines and the notes about systems the vehicle does not have.
#[derive(Debug, Default)]
pub(super) struct Calibrations {
    pub lines: Vec<LineItem>,
    pub notes: Vec<String>,
}

/// Whether the vehicle has an ADAS system.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fitted {
    /// Always fitted, or in the vehicle's equipment list.
    Yes,
    /// The equipment list is known and does not have it.
    No,
    /// The equipment is not known.
    Unknown,
}

/// One calibration per ADAS system, from the first of its triggers (in the data's order) that
/// the lines so far set off. A fitted system's calibration is included; on unknown equipment
/// it awaits the estimator's confirmation; a system the vehicle lacks gets a note, no line.
pub(super) fn calibration_lines(
    pricing: &Pricing<'_>,
    equipment: Option<&BTreeSet<String>>,
    lines: &[LineItem],
) -> Calibrations {
    let mut systems_done = BTreeSet::new();
    let mut out = Calibrations::default();
    let v = &pricing.vehicle;
    for t in &pricing.data.adas.triggers {
        if systems_done.contains(&t.system) || !t.applies_to(&v.make, &v.model, v.year) {
            continue;
        }
        let Some((cause, payer)) = calibration_cause(pricing, t, lines) else {
            continue;
        };
        systems_done.insert(t.system.clone());
        let listed = listed_standard(pricing, t);
        let standard = listed && pricing.year_in_data();
        let status = match fitted(t, equipment, standard) {
            Fitted::Yes => LineStatus::Included,
            Fitted::Unknown => LineStatus::NeedsConfirmation,
            Fitted::No => {
                out.notes.push(format!(
                    "{} would need calibration ({cause}) but the vehicle has no {}",
                    system_name(pricing, t),
                    t.system
                ));
                continue;
            }
        };
        let mut line = calibration_line(pricing, t, &cause, status);
        line.payer = payer;
        if equipment.is_none() && !t.always_equipped {
            if standard {
                line.reason.push_str(&standard_note(pricing));
            } else if listed {
                line.reason.push_str(&outside_years_note(pricing));
            }
        }
        out.lines.push(line);
    }
    out
}

/// Whether the vehicle data list trigger `t`'s system as standard on the model (in the row's
/// years only: see [`Pricing::year_in_data`]).
fn listed_standard(pricing: &Pricing<'_>, t: &Trigger) -> bool {
    pricing
        .vehicle_row
        .is_some_and(|r| r.standard_adas.contains(&t.system))
}

/// Why a calibration on unknown equipment is included: the data list it as standard.
fn standard_note(pricing: &Pricing<'_>) -> String {
    let v = &pricing.vehicle;
    let years = pricing.vehicle_row.map_or("", |r| r.years.as_str());
    format!(
        " (included: shopbench data list the system as standard on {years} {} {}; remove the line if this vehicle lacks it)",
        v.make, v.model
    )
}

/// Why a system the data list as standard on the model is still asked: the vehicle's year is
/// outside the data's years, whose standard equipment says nothing of it.
fn outside_years_note(pricing: &Pricing<'_>) -> String {
    let v = &pricing.vehicle;
    let years = pricing.vehicle_row.map_or("", |r| r.years.as_str());
    format!(
        " (not taken as standard: shopbench data list the system as standard on {years} {} {} only, and a {} is outside those years)",
        v.make, v.model, v.year
    )
}

/// What sets trigger `t` off, and who pays for it (whoever pays the work that sets it off):
/// the sublet it follows (e.g. an alignment), or one of its operations (replace, R&I) on one
/// of its panels, named by the panel (not the line's description, which may already say
/// "R&I"). None when nothing on the estimate does.
fn calibration_cause(
    pricing: &Pricing<'_>,
    t: &Trigger,
    lines: &[LineItem],
) -> Option<(String, Payer)> {
    match &t.after_sublet {
        Some(s) => {
            let id = format!("sublet:{s}");
            lines
                .iter()
                .find(|l| l.id == id)
                .map(|l| (format!("after {}", l.description.to_lowercase()), l.payer))
        }
        None => lines
            .iter()
            .find(|l| {
                l.panel.as_ref().is_some_and(|pn| t.panels.contains(pn))
                    && t.operations.contains(&l.operation)
            })
            .map(|l| {
                let panel = l.panel.as_deref().unwrap_or_default();
                let name = pricing
                    .data
                    .panel(panel)
                    .map_or(panel.replace('_', " "), |r| r.name.to_lowercase());
                (format!("triggered by {} of {name}", l.operation), l.payer)
            }),
    }
}

/// Whether the vehicle has trigger `t`'s system (see [`Fitted`]): always-fitted systems and
/// listed equipment are; on unknown equipment, a system the data list as standard on the
/// model (`standard`) is, any other is unknown.
fn fitted(t: &Trigger, equipment: Option<&BTreeSet<String>>, standard: bool) -> Fitted {
    match equipment {
        _ if t.always_equipped => Fitted::Yes,
        Some(eq) if eq.contains(&t.system) => Fitted::Yes,
        Some(_) => Fitted::No,
        None if standard => Fitted::Yes,
        None => Fitted::Unknown,
    }
}

/// The system's name, e.g. `Park assist sensors`. Validated data name a known system in every trigger.
fn system_name<'d>(pricing: &Pricing<'d>, t: &Trigger) -> &'d str {
    &pricing.data.adas.systems[&t.system].name
}

/// The SUBLET line of trigger `t`'s calibration at the data's cost and range, with the
/// question to the estimator when it awaits confirmation.
fn calibration_line(
    pricing: &Pricing<'_>,
    t: &Trigger,
    cause: &str,
    status: LineStatus,
) -> LineItem {
    let name = system_name(pricing, t);
    let mut line = LineItem::blank(
        format!("adas:{}", t.system),
        Operation::Sublet,
        LineCategory::Adas,
        format!("{} - {}", name, t.calibration.label()),
        format!("{}: {cause}", t.description),
    );
    line.calibration = Some(t.calibration);
    line.status = status;
    if status == LineStatus::NeedsConfirmation {
        line.question = Some(equipment_question(pricing, name));
    }
    line.set_part(
        crate::money::cents(t.cost),
        (
            crate::money::cents(t.cost_min),
            crate::money::cents(t.cost_max),
        ),
    );
    line
}

/// Asks whether the vehicle has the system (the data do not list it as standard on the model).
fn equipment_question(pricing: &Pricing<'_>, system_name: &str) -> String {
    let v = &pricing.vehicle;
    format!(
        "Is this {} {} {} equipped with {}? Confirm to include the calibration, or remove the line.",
        v.year,
        v.make,
        v.model,
        system_name.to_lowercase()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DamageType as T, PartType, Severity as S};

    fn camry() -> Pricing<'static> {
        Pricing::shipped("Toyota", "Camry", "CA", PartType::Oem)
    }

    /// A panel line as the earlier steps write it.
    fn panel_line(panel: &str, op: Operation, description: &str) -> LineItem {
        let mut l = LineItem::blank(
            format!("{panel}:{op}"),
            op,
            LineCategory::Panel,
            description.into(),
            "test".into(),
        );
        l.panel = Some(panel.into());
        l
    }

    fn equipment(systems: &[&str]) -> BTreeSet<String> {
        systems.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn alignment_is_required_by_a_wheel_replace_or_by_structural_damage() {
        let data = EstimateData::shipped();
        let wheel = [panel_line(
            "wheel_front_left",
            Operation::Replace,
            "Wheel, front left",
        )];
        let out = sublet_lines(data, &wheel, &[]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].id, "sublet:four_wheel_alignment");
        assert_eq!(out[0].reason, "REPLACE of wheel, front left requires it");
        assert_eq!(out[0].part_cost, crate::Cents::new(15000));
        let rocker = [DamageArea::manual("rocker_left", T::Structural, S::Minor)];
        let out = sublet_lines(data, &[], &rocker);
        assert_eq!(
            out[0].reason,
            "structural damage on rocker_left requires it"
        );
        let repair = [panel_line("wheel_front_left", Operation::Repair, "Wheel")];
        assert!(sublet_lines(data, &repair, &[]).is_empty());
    }

    #[test]
    fn a_system_is_fitted_when_always_equipped_or_listed() {
        let triggers = &EstimateData::shipped().adas.triggers;
        let radar = triggers.iter().find(|t| t.system == "front_radar").unwrap();
        let steering = triggers.iter().find(|t| t.always_equipped).unwrap();
        let listed = equipment(&["front_radar"]);
        let none = equipment(&[]);
        assert_eq!(fitted(radar, Some(&listed), false), Fitted::Yes);
        assert_eq!(
            fitted(radar, Some(&none), true),
            Fitted::No,
            "known equipment wins"
        );
        assert_eq!(fitted(radar, None, false), Fitted::Unknown);
        assert_eq!(
            fitted(radar, None, true),
            Fitted::Yes,
            "standard on the model"
        );
        assert_eq!(fitted(steering, Some(&none), false), Fitted::Yes);
        assert_eq!(fitted(steering, None, false), Fitted::Yes);
    }

    #[test]
    fn one_calibration_per_system_included_when_fitted() {
        let lines = [panel_line(
            "front_bumper",
            Operation::Replace,
            "Front bumper cover",
        )];
        let eq = equipment(&["front_radar", "park_assist"]);
        let out = calibration_lines(&camry(), Some(&eq), &lines);
        let ids: Vec<&str> = out.lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["adas:front_radar", "adas:park_assist"]);
        let radar = &out.lines[0];
        assert_eq!(radar.status, LineStatus::Included);
        assert_eq!(radar.question, None);
        assert_eq!(
            radar.description,
            "Front radar (adaptive cruise / automatic emergency braking) - Static Calibration"
        );
        assert!(radar
            .reason
            .ends_with(": triggered by REPLACE of front bumper cover"));
        assert!(out.notes.is_empty());
    }

    #[test]
    fn a_system_the_vehicle_lacks_is_noted_not_calibrated() {
        let lines = [panel_line(
            "front_bumper",
            Operation::RemoveInstall,
            "Front bumper cover - R&I",
        )];
        let out = calibration_lines(&camry(), Some(&equipment(&["park_assist"])), &lines);
        assert_eq!(out.lines.len(), 1);
        assert_eq!(out.lines[0].id, "adas:park_assist");
        assert_eq!(out.notes.len(), 1);
        assert!(out.notes[0].contains(
            "(triggered by R&I of front bumper cover) but the vehicle has no front_radar"
        ));
    }

    /// Regression (issue 21): the cause of a calibration was built from the line's
    /// description and read "R&I of front bumper cover - r&i".
    #[test]
    fn r_and_i_cause_names_the_panel_once() {
        let lines = [panel_line(
            "front_bumper",
            Operation::RemoveInstall,
            "Front bumper cover - R&I",
        )];
        let out = calibration_lines(&camry(), None, &lines);
        for l in &out.lines {
            assert!(
                l.reason.contains("triggered by R&I of front bumper cover"),
                "{}",
                l.reason
            );
            assert!(!l.reason.to_lowercase().contains("- r&i"), "{}", l.reason);
        }
    }

    /// Regression (issue 21): the Camry's front radar, standard on the model in the data, was
    /// left out of the total and the insurance view as "to confirm".
    #[test]
    fn standard_equipment_is_included_and_only_optional_systems_are_asked() {
        let lines = [panel_line(
            "front_bumper",
            Operation::Replace,
            "Front bumper cover",
        )];
        let out = calibration_lines(&camry(), None, &lines);
        let radar = &out.lines[0];
        assert_eq!(radar.status, LineStatus::Included);
        assert!(
            radar.reason.contains("standard on 2018-2024 Toyota Camry"),
            "{}",
            radar.reason
        );
        let park = &out.lines[1];
        assert_eq!(park.status, LineStatus::NeedsConfirmation);
        assert_eq!(
            park.question.as_deref(),
            Some("Is this 2022 Toyota Camry equipped with park assist sensors? Confirm to include the calibration, or remove the line.")
        );
    }

    /// Regression (issue 21): a mirror set off a blind-spot calibration on makes whose
    /// blind-spot radars sit in the rear bumper; the F-150's sit in its tail lamps.
    #[test]
    fn each_make_gets_the_sensor_its_panel_carries() {
        let mirror = [panel_line(
            "mirror_left",
            Operation::Replace,
            "Mirror, left",
        )];
        let out = calibration_lines(&camry(), None, &mirror);
        let ids: Vec<&str> = out.lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["adas:surround_view_camera"]);
        let lamp = [panel_line(
            "tail_lamp_left",
            Operation::Replace,
            "Tail lamp, left",
        )];
        let mut f150 = Pricing::shipped("Ford", "F-150", "TX", PartType::Oem);
        f150.vehicle.year = 2018;
        let radar = calibration_lines(&f150, None, &lamp);
        assert_eq!(radar.lines[0].id, "adas:rear_radar");
        assert!(calibration_lines(&camry(), None, &lamp).lines.is_empty());
        let bumper = [panel_line(
            "rear_bumper",
            Operation::Replace,
            "Rear bumper cover",
        )];
        let f150_bumper = calibration_lines(&f150, None, &bumper);
        assert!(f150_bumper.lines.iter().all(|l| l.id != "adas:rear_radar"));
        let windshield = [panel_line("windshield", Operation::Replace, "Windshield")];
        let outback = Pricing::shipped("Subaru", "Outback", "CO", PartType::Oem);
        let eyesight = calibration_lines(&outback, None, &windshield);
        assert_eq!(eyesight.lines[0].part_cost, crate::Cents::new(40_500));
        assert_eq!(eyesight.lines[0].status, LineStatus::Included);
    }

    #[test]
    fn an_alignment_sublet_triggers_the_always_fitted_steering_angle_reset() {
        let data = EstimateData::shipped();
        let areas = [DamageArea::manual("rocker_left", T::Structural, S::Minor)];
        let sublets = sublet_lines(data, &[], &areas);
        let out = calibration_lines(&camry(), Some(&equipment(&[])), &sublets);
        let ids: Vec<&str> = out.lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["adas:steering_angle_sensor"]);
        assert_eq!(out.lines[0].status, LineStatus::Included);
        assert!(out.lines[0]
            .reason
            .ends_with(": after four-wheel alignment"));
        assert!(out.notes[0]
            .starts_with("Forward camera (lane keeping / forward collision warning) would need calibration (after four-wheel alignment)"));
    }
}
