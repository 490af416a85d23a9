//! Step 5b of an estimate: pre- and post-repair diagnostic scans, as the carmakers' position
//! statements (`scans.json`) ask for them. A pre-repair scan when the damage is more than
//! cosmetic; a post-repair scan then too, and whenever a part is replaced or removed and
//! installed. Required by the statement: included; recommended, or no statement for the
//! make and model year in the data: asked.

use crate::data::{ScanNeed, ScanPosition};
use crate::model::{DamageArea, DamageType, Operation, Severity};

use super::pricing::Pricing;
use super::{LineCategory, LineItem, LineStatus, ScanStage, ScanTaken};

/// Whether an area is collision damage in the carmakers' sense (Honda, Ford: damage that
/// exceeds minor outer panel cosmetic distortion): not paint-only damage, a minor dent,
/// counted hail dents repaired without paint, nor rust.
fn is_collision(a: &DamageArea) -> bool {
    let cosmetic = a.dents.is_some()
        || matches!(
            a.damage_type,
            DamageType::Scratch | DamageType::PaintChip | DamageType::Rust
        )
        || (a.damage_type == DamageType::Dent && a.severity == Severity::Minor);
    !cosmetic
}

/// Whether the insurer's work replaces a part or removes and installs one.
fn parts_disturbed(lines: &[LineItem]) -> bool {
    lines.iter().any(|l| {
        l.payer == super::Payer::Insurer
            && matches!(l.operation, Operation::Replace | Operation::RemoveInstall)
    })
}

/// The scan lines the damage and the work call for (see the module docs), and a line for
/// each scan already taken whatever the damage called for: work done is work billed.
pub(super) fn scan_lines(
    pricing: &Pricing<'_>,
    areas: &[DamageArea],
    lines: &[LineItem],
    taken: &[ScanTaken],
) -> Vec<LineItem> {
    let collision = areas.iter().any(is_collision);
    let v = &pricing.vehicle;
    let position = pricing.data.scans.position(&v.make, v.year);
    let called_for = |stage| match stage {
        ScanStage::Pre => collision,
        ScanStage::Post => collision || parts_disturbed(lines),
    };
    ScanStage::ALL
        .into_iter()
        .filter_map(|stage| {
            // The latest scan of the stage is the one the estimate cites.
            let done = taken.iter().rev().find(|t| t.stage == stage);
            (done.is_some() || called_for(stage)).then(|| scan_line(pricing, stage, position, done))
        })
        .collect()
}

/// One scan line at the mechanical rate: included when the carmaker requires it or the scan
/// was taken, asked otherwise.
fn scan_line(
    pricing: &Pricing<'_>,
    stage: ScanStage,
    position: Option<&ScanPosition>,
    done: Option<&ScanTaken>,
) -> LineItem {
    let v = &pricing.vehicle;
    let hours = pricing.data.scans.hours;
    let (hours, need) = match stage {
        ScanStage::Pre => (hours.pre, position.map(|p| p.pre)),
        ScanStage::Post => (hours.post, position.map(|p| p.post)),
    };
    let first = pricing.data.scans.statements_from_year;
    let statement = match position {
        Some(p) => format!("{} ({})", p.statement, p.source),
        None if v.year < first => format!(
            "a {} {} is older than the {first} model year (OBD-II) the carmakers' scan position statements are taken to start at: none covers it in shopbench data",
            v.year, v.make
        ),
        None => format!(
            "no carmaker position statement on scanning for a {} {} in shopbench data",
            v.year, v.make
        ),
    };
    let reason = match done {
        Some(t) => format!("taken: {}; {statement}", t.summary),
        None => statement,
    };
    let when = stage.as_str();
    let mut line = LineItem::blank(
        format!("scan:{when}"),
        Operation::Misc,
        LineCategory::Scan,
        format!("{} diagnostic scan", stage.title()),
        reason,
    );
    line.set_labor(hours, pricing.rates.mechanical, 0.0);
    if need != Some(ScanNeed::Required) && done.is_none() {
        line.status = LineStatus::NeedsConfirmation;
        line.question = Some(format!(
            "Does {} ask for a {when}-repair scan on this {} {}? Confirm to include it, or remove the line.",
            v.make, v.year, v.model
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DamageType as T, DentSize, PartType, Severity as S};

    fn ids(out: &[LineItem]) -> Vec<(&str, LineStatus)> {
        out.iter().map(|l| (l.id.as_str(), l.status)).collect()
    }

    #[test]
    fn collision_damage_on_a_toyota_gets_both_scans_included() {
        let p = Pricing::shipped("Toyota", "Camry", "CA", PartType::Oem);
        let out = scan_lines(
            &p,
            &[DamageArea::manual("hood", T::Dent, S::Moderate)],
            &[],
            &[],
        );
        assert_eq!(
            ids(&out),
            [
                ("scan:pre", LineStatus::Included),
                ("scan:post", LineStatus::Included)
            ]
        );
        assert!(out[0].reason.contains("CRIB 191"));
        assert_eq!(out[0].labor_rate, p.rates.mechanical);
    }

    #[test]
    fn cosmetic_damage_gets_no_scan_and_a_make_without_statement_is_asked() {
        let p = Pricing::shipped("Toyota", "Camry", "CA", PartType::Oem);
        let cosmetic = [
            DamageArea::manual("hood", T::Scratch, S::Moderate),
            DamageArea::manual("roof", T::Dent, S::Minor),
            DamageArea::hail("trunk_lid", 12, DentSize::Nickel),
            DamageArea::manual("rocker_left", T::Rust, S::Severe),
        ];
        assert!(scan_lines(&p, &cosmetic, &[], &[]).is_empty());
        let mazda = Pricing::shipped("Mazda", "CX-5", "CA", PartType::Oem);
        let out = scan_lines(
            &mazda,
            &[DamageArea::manual("hood", T::Crack, S::Moderate)],
            &[],
            &[],
        );
        assert!(out
            .iter()
            .all(|l| l.status == LineStatus::NeedsConfirmation));
        assert!(out[0].reason.contains("no carmaker position statement"));
    }

    #[test]
    fn a_recommended_pre_scan_is_asked_and_a_required_post_scan_included() {
        let nissan = Pricing::shipped("Nissan", "Altima", "CA", PartType::Oem);
        let out = scan_lines(
            &nissan,
            &[DamageArea::manual("hood", T::Crack, S::Severe)],
            &[],
            &[],
        );
        assert_eq!(
            ids(&out),
            [
                ("scan:pre", LineStatus::NeedsConfirmation),
                ("scan:post", LineStatus::Included)
            ]
        );
    }

    #[test]
    fn a_scan_taken_is_included_and_cited_even_when_the_damage_did_not_call_for_it() {
        let mazda = Pricing::shipped("Mazda", "CX-5", "CA", PartType::Oem);
        let scratch = [DamageArea::manual("hood", T::Scratch, S::Moderate)];
        let taken = [
            ScanTaken {
                stage: ScanStage::Pre,
                summary: "scan 1: 4 modules, 2 codes".into(),
            },
            ScanTaken {
                stage: ScanStage::Pre,
                summary: "scan 3: 4 modules, 1 code".into(),
            },
        ];
        let out = scan_lines(&mazda, &scratch, &[], &taken);
        assert_eq!(ids(&out), [("scan:pre", LineStatus::Included)]);
        assert!(out[0]
            .reason
            .starts_with("taken: scan 3: 4 modules, 1 code;"));
        assert!(out[0].question.is_none());
        // Collision damage on a make without a statement: the taken pre scan is included,
        // the post scan not yet taken is still asked.
        let crack = [DamageArea::manual("hood", T::Crack, S::Moderate)];
        let out = scan_lines(&mazda, &crack, &[], &taken[..1]);
        assert_eq!(
            ids(&out),
            [
                ("scan:pre", LineStatus::Included),
                ("scan:post", LineStatus::NeedsConfirmation)
            ]
        );
    }

    #[test]
    fn scan_stages_parse_and_print() {
        for stage in ScanStage::ALL {
            assert_eq!(stage.as_str().parse::<ScanStage>(), Ok(stage));
        }
        assert_eq!("Post-Repair".parse::<ScanStage>(), Ok(ScanStage::Post));
        assert!("during"
            .parse::<ScanStage>()
            .unwrap_err()
            .contains("pre or post"));
    }
}
