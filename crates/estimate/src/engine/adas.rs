//! Step 5 of an estimate: the sublets the repair requires (four-wheel alignment) and the ADAS
//! calibrations that the work on the car triggers.

use std::collections::BTreeSet;

use crate::data::{SubletRow, Trigger};
use crate::model::{DamageArea, Operation};
use crate::EstimateData;

use super::pricing::Pricing;
use super::{LineCategory, LineItem, LineStatus};

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
        .filter_map(|s| Some(sublet_line(s, sublet_reason(s, lines, areas)?)))
        .collect()
}

/// Why the estimate requires sublet `s`, or none when it does not.
fn sublet_reason(s: &SubletRow, lines: &[LineItem], areas: &[DamageArea]) -> Option<String> {
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
    for t in &pricing.data.adas.triggers {
        if systems_done.contains(&t.system) {
            continue;
        }
        let Some(cause) = calibration_cause(t, lines) else {
            continue;
        };
        systems_done.insert(t.system.clone());
        let status = match fitted(t, equipment) {
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
        out.lines.push(calibration_line(pricing, t, &cause, status));
    }
    out
}

/// What sets trigger `t` off: the sublet it follows (e.g. an alignment), or one of its
/// operations (replace, R&I) on one of its panels. None when nothing on the estimate does.
fn calibration_cause(t: &Trigger, lines: &[LineItem]) -> Option<String> {
    match &t.after_sublet {
        Some(s) => {
            let id = format!("sublet:{s}");
            lines
                .iter()
                .find(|l| l.id == id)
                .map(|l| format!("after {}", l.description.to_lowercase()))
        }
        None => lines
            .iter()
            .find(|l| {
                l.panel.as_ref().is_some_and(|pn| t.panels.contains(pn))
                    && t.operations.contains(&l.operation)
            })
            .map(|l| {
                format!(
                    "triggered by {} of {}",
                    l.operation,
                    l.description.to_lowercase()
                )
            }),
    }
}

/// Whether the vehicle has trigger `t`'s system (see [`Fitted`]).
fn fitted(t: &Trigger, equipment: Option<&BTreeSet<String>>) -> Fitted {
    match equipment {
        _ if t.always_equipped => Fitted::Yes,
        Some(eq) if eq.contains(&t.system) => Fitted::Yes,
        Some(_) => Fitted::No,
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
        line.question = Some(equipment_question(pricing, t, name));
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

/// Asks whether the vehicle has the system, saying so when the data list it as standard on
/// the model.
fn equipment_question(pricing: &Pricing<'_>, t: &Trigger, system_name: &str) -> String {
    let v = &pricing.vehicle;
    let hint = match pricing.vehicle_row {
        Some(r) if r.standard_adas.contains(&t.system) => format!(
            " (shopbench data lists it as standard on {} {} {})",
            r.years, v.make, v.model
        ),
        _ => String::new(),
    };
    format!(
        "Is this {} {} {} equipped with {}{hint}? Confirm to include the calibration, or remove the line.",
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
        assert_eq!(fitted(radar, Some(&listed)), Fitted::Yes);
        assert_eq!(fitted(radar, Some(&none)), Fitted::No);
        assert_eq!(fitted(radar, None), Fitted::Unknown);
        assert_eq!(fitted(steering, Some(&none)), Fitted::Yes);
        assert_eq!(fitted(steering, None), Fitted::Yes);
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
            "(triggered by R&I of front bumper cover - r&i) but the vehicle has no front_radar"
        ));
    }

    #[test]
    fn unknown_equipment_asks_with_the_standard_equipment_hint() {
        let lines = [panel_line(
            "front_bumper",
            Operation::Replace,
            "Front bumper cover",
        )];
        let out = calibration_lines(&camry(), None, &lines);
        let radar = &out.lines[0];
        assert_eq!(radar.status, LineStatus::NeedsConfirmation);
        assert_eq!(
            radar.question.as_deref(),
            Some("Is this 2022 Toyota Camry equipped with front radar (adaptive cruise / automatic emergency braking) (shopbench data lists it as standard on 2018-2024 Toyota Camry)? Confirm to include the calibration, or remove the line.")
        );
        let park = &out.lines[1];
        assert!(!park.question.as_deref().unwrap().contains("standard"));
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
