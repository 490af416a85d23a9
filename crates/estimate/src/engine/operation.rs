//! Step 2 of an estimate: per damaged panel, the operation its damage needs — repair,
//! replace, refinish or spot refinish — from the data's repair rules. Hail areas (dents
//! counted) are priced by the dent-count matrix instead (see `hail`).

use crate::data::{LaborKind, PanelRow, RepairRule, RuleAction};
use crate::model::{DamageArea, DamageType, Severity, VehicleClass};
use crate::{EstimateData, EstimateError, Hours};

/// What the repair rules say about one damage area: the operation, whether the panel is
/// refinished, at which labor rate, the repair time when it is repaired, and why in words.
#[derive(Debug)]
pub(super) struct AreaVerdict {
    pub action: RuleAction,
    pub refinish: bool,
    pub labor: LaborKind,
    pub repair_hours: Option<Hours>,
    pub reason: String,
}

/// One damaged panel's plan: the strongest operation any of its areas needs, refinished when
/// any of them needs it, at the frame rate when any of them needs it, the longest repair time,
/// every area's reason, and the indices of the areas on it.
#[derive(Debug)]
pub(super) struct PanelPlan<'d> {
    pub id: String,
    pub row: &'d PanelRow,
    pub action: RuleAction,
    pub refinish: bool,
    pub labor: LaborKind,
    pub repair_hours: Option<Hours>,
    pub reasons: Vec<String>,
    pub areas: Vec<usize>,
    /// The worst severity among its areas.
    pub severity: Severity,
    /// The damage types on it.
    pub damage_types: Vec<DamageType>,
    /// Every area on it is rust: wear the policy excludes, so the customer pays.
    pub customer_pay: bool,
}

impl<'d> PanelPlan<'d> {
    /// The plan of a panel whose first damage area is area `idx`.
    fn new(id: &str, row: &'d PanelRow, idx: usize, area: &DamageArea, v: AreaVerdict) -> Self {
        PanelPlan {
            id: id.to_string(),
            row,
            action: v.action,
            refinish: v.refinish,
            labor: v.labor,
            repair_hours: v.repair_hours,
            reasons: vec![v.reason],
            areas: vec![idx],
            severity: area.severity,
            damage_types: vec![area.damage_type],
            customer_pay: area.damage_type == DamageType::Rust,
        }
    }

    /// Adds another damage area on the same panel: one panel gets one operation, the
    /// strongest (replace > repair > refinish), so a panel is never both repaired and replaced.
    fn absorb(&mut self, idx: usize, area: &DamageArea, v: AreaVerdict) {
        if strength(v.action) > strength(self.action) {
            self.action = v.action;
        }
        self.severity = self.severity.max(area.severity);
        self.damage_types.push(area.damage_type);
        self.customer_pay &= area.damage_type == DamageType::Rust;
        self.refinish |= v.refinish;
        if v.labor == LaborKind::Frame {
            self.labor = LaborKind::Frame;
        }
        self.repair_hours = self.repair_hours.max(v.repair_hours);
        self.reasons.push(v.reason);
        self.areas.push(idx);
    }
}

/// How much work an operation is, to keep the strongest when areas on one panel differ.
fn strength(a: RuleAction) -> u8 {
    match a {
        RuleAction::SpotRefinish => 0,
        RuleAction::Refinish => 1,
        RuleAction::Repair => 2,
        RuleAction::Replace => 3,
    }
}

/// The operation as the estimator reads it in a reason.
fn action_word(a: RuleAction) -> &'static str {
    match a {
        RuleAction::Refinish => "refinish",
        RuleAction::SpotRefinish => "spot refinish",
        RuleAction::Repair => "repair",
        RuleAction::Replace => "replace",
    }
}

/// One plan per damaged panel, in the order the panels first appear among `areas` (hail
/// areas, with dents counted, are left to the dent-count matrix). Fails on the first area
/// with a bad confidence, an unknown panel or no repair rule.
pub(super) fn plan_panels<'d>(
    data: &'d EstimateData,
    areas: &[DamageArea],
    class: VehicleClass,
) -> Result<Vec<PanelPlan<'d>>, EstimateError> {
    let mut plans: Vec<PanelPlan<'d>> = Vec::new();
    for (idx, area) in areas.iter().enumerate() {
        check_confidence(idx, area)?;
        let row = data.panel(&area.panel)?;
        if area.dents.is_some() {
            continue;
        }
        let verdict = choose_operation(data, area, row, class)?;
        match plans.iter_mut().find(|p| p.id == area.panel) {
            Some(plan) => plan.absorb(idx, area, verdict),
            None => plans.push(PanelPlan::new(&area.panel, row, idx, area, verdict)),
        }
    }
    Ok(plans)
}

/// A detector's confidence, when given, must be within 0..1 (area `idx` counts from 0,
/// the message from 1, as the estimator numbers areas).
fn check_confidence(idx: usize, area: &DamageArea) -> Result<(), EstimateError> {
    match area.confidence {
        Some(c) if !(0.0..=1.0).contains(&c) => Err(EstimateError::InvalidArea {
            detail: format!(
                "area {} on {}: confidence {c} is outside 0..1",
                idx + 1,
                area.panel
            ),
        }),
        _ => Ok(()),
    }
}

/// The repair rule for the area decides the operation; a repair takes the panel's repair
/// time for the severity and the vehicle's class.
fn choose_operation(
    data: &EstimateData,
    area: &DamageArea,
    row: &PanelRow,
    class: VehicleClass,
) -> Result<AreaVerdict, EstimateError> {
    let rule = repair_rule(data, area, row)?;
    // Validated data list hours for every class of every panel.
    let hours = &row.hours[&class];
    let reason = format!(
        "{} {} on {} → {}: {}",
        area.severity,
        area.damage_type.as_str().replace('_', " "),
        row.name.to_lowercase(),
        action_word(rule.action),
        rule.reason
    );
    let repair_hours = (rule.action == RuleAction::Repair)
        .then(|| hours.repair(area.severity))
        .flatten();
    Ok(AreaVerdict {
        action: rule.action,
        refinish: rule.refinish,
        labor: rule.labor,
        repair_hours,
        reason,
    })
}

/// The first rule in the data's table for the panel's kind (and, when the rule says so,
/// whether the panel is structural), the damage type and the severity; none is an error
/// naming all three.
fn repair_rule<'d>(
    data: &'d EstimateData,
    area: &DamageArea,
    row: &PanelRow,
) -> Result<&'d RepairRule, EstimateError> {
    data.panels
        .repair_rules
        .iter()
        .find(|r| {
            r.kinds.contains(&row.kind)
                && r.structural.is_none_or(|s| s == row.structural)
                && r.damage_types.contains(&area.damage_type)
                && r.severities.contains(&area.severity)
        })
        .ok_or_else(|| EstimateError::NoRule {
            panel: area.panel.clone(),
            kind: row.kind.clone(),
            damage_type: area.damage_type.to_string(),
            severity: area.severity.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DamageType as T, Severity as S};

    fn data() -> &'static EstimateData {
        EstimateData::shipped()
    }

    fn verdict(panel: &str, t: T, s: S) -> AreaVerdict {
        let area = DamageArea::manual(panel, t, s);
        let row = data().panel(panel).unwrap();
        choose_operation(data(), &area, row, VehicleClass::Midsize).unwrap()
    }

    #[test]
    fn confidence_must_be_within_zero_and_one() {
        let mut a = DamageArea::manual("hood", T::Dent, S::Minor);
        for ok in [None, Some(0.0), Some(1.0)] {
            a.confidence = ok;
            assert!(check_confidence(0, &a).is_ok());
        }
        for bad in [-0.1, 1.01, f32::NAN] {
            a.confidence = Some(bad);
            let e = check_confidence(2, &a).unwrap_err().to_string();
            assert!(e.contains("area 3 on hood"), "{e}");
        }
    }

    #[test]
    fn the_first_matching_rule_applies() {
        let glass = data().panel("windshield").unwrap();
        let chip = DamageArea::manual("windshield", T::PaintChip, S::Minor);
        let rule = repair_rule(data(), &chip, glass).unwrap();
        assert_eq!(
            rule.action,
            RuleAction::Repair,
            "a minor chip is resin-repaired"
        );
        let crack = DamageArea::manual("windshield", T::Crack, S::Moderate);
        assert_eq!(
            repair_rule(data(), &crack, glass).unwrap().action,
            RuleAction::Replace
        );
    }

    #[test]
    fn the_repair_rules_choose_repair_replace_or_refinish() {
        let pdr = verdict("hood", T::Dent, S::Minor);
        assert_eq!(pdr.action, RuleAction::Repair);
        assert!(!pdr.refinish && pdr.reason.contains("paintless"));
        assert_eq!(pdr.repair_hours, Some(Hours::from_tenths(15)));
        let cover = verdict("front_bumper", T::Dent, S::Moderate);
        assert_eq!(
            (cover.action, cover.repair_hours),
            (RuleAction::Replace, None)
        );
        assert!(cover
            .reason
            .starts_with("moderate dent on front bumper cover → replace: plastic covers"));
        let paint = verdict("front_fender_left", T::PaintChip, S::Minor);
        assert_eq!(paint.action, RuleAction::SpotRefinish);
        assert_eq!(
            verdict("rocker_left", T::Structural, S::Moderate).labor,
            LaborKind::Frame
        );
    }

    #[test]
    fn areas_on_one_panel_merge_into_its_strongest_operation() {
        let areas = [
            DamageArea::manual("front_fender_right", T::Dent, S::Minor),
            DamageArea::manual("hood", T::Scratch, S::Minor),
            DamageArea::manual("front_fender_right", T::Structural, S::Moderate),
            DamageArea::manual("front_fender_right", T::Scratch, S::Minor),
        ];
        let plans = plan_panels(data(), &areas, VehicleClass::Pickup).unwrap();
        assert_eq!(plans.len(), 2);
        let fender = &plans[0];
        assert_eq!(fender.id, "front_fender_right");
        assert_eq!(fender.action, RuleAction::Repair);
        assert!(fender.refinish);
        assert_eq!(
            fender.labor,
            LaborKind::Body,
            "a fender is bolted on, not structure"
        );
        assert_eq!(fender.severity, S::Moderate);
        assert!(!fender.customer_pay);
        assert_eq!(fender.areas, vec![0, 2, 3]);
        assert_eq!(fender.reasons.len(), 3);
        let hours = &fender.row.hours[&VehicleClass::Pickup];
        assert_eq!(fender.repair_hours, hours.repair_moderate);
        assert_eq!(
            (plans[1].id.as_str(), plans[1].areas.as_slice()),
            ("hood", &[1][..])
        );
    }

    #[test]
    fn planning_fails_on_the_first_bad_area() {
        let areas = [
            DamageArea::manual("hood", T::Dent, S::Minor),
            DamageArea::manual("bonnet", T::Dent, S::Minor),
        ];
        let e = plan_panels(data(), &areas, VehicleClass::Compact).unwrap_err();
        assert!(matches!(e, EstimateError::UnknownPanel { .. }), "{e}");
        let gappy = data()
            .with_override(r#"{"panels":{"repairRules":[]}}"#)
            .unwrap();
        let e = plan_panels(&gappy, &areas[..1], VehicleClass::Compact).unwrap_err();
        assert!(matches!(e, EstimateError::NoRule { .. }), "{e}");
    }
}
