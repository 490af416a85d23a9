//! From a box to a proposal: which panel is under it (when the estimator has said which side
//! of the car the photo shows) and how bad it looks (the box's share of that panel, read
//! against the damage type).
//!
//! The panel comes from a table of zones: for each view, where each panel usually sits in a
//! photo taken square to that side with the car filling the frame. It is a first guess for
//! the estimator to confirm or correct, not a measurement: a close-up or an angled photo
//! puts panels elsewhere. Wheels, tyres and mirrors have no zone (no class of a damage model
//! maps to them reliably), so damage there is left for the estimator to place.

use shopbench_estimate::{DamageType, Rect, Severity, View};

/// What kind of part a zone is: only damage that can happen to it lands there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZoneKind {
    /// Painted panels, bumper covers, grille: dents, scratches, cracks, …
    Body,
    /// Windshield, back glass, door glass: glass breakage.
    Glass,
    /// Head and tail lamps: lamp damage.
    Lamp,
}

/// Where a panel usually is on a photo of one side: x0..x1, y0..y1 as fractions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Zone {
    /// The side of the car the photo shows.
    pub view: View,
    /// The panel id (from the estimate data's panel catalogue).
    pub panel: &'static str,
    /// The kind of part.
    pub kind: ZoneKind,
    /// Left, top, right, bottom as fractions of the photo.
    pub bounds: [f32; 4],
}

const fn zone(view: View, panel: &'static str, kind: ZoneKind, bounds: [f32; 4]) -> Zone {
    Zone {
        view,
        panel,
        kind,
        bounds,
    }
}

use View::{Front, Left, Rear, Right};
use ZoneKind::{Body, Glass, Lamp};

/// The zones, per view. Facing the front, the car's right side is on the photo's left; facing
/// the rear, its left side is on the left; on a `left` photo the front is on the left, on a
/// `right` photo on the right.
pub const ZONES: &[Zone] = &[
    zone(Front, "windshield", Glass, [0.20, 0.00, 0.80, 0.18]),
    zone(Front, "hood", Body, [0.15, 0.15, 0.85, 0.45]),
    zone(Front, "front_fender_right", Body, [0.00, 0.20, 0.15, 0.60]),
    zone(Front, "front_fender_left", Body, [0.85, 0.20, 1.00, 0.60]),
    zone(Front, "headlamp_right", Lamp, [0.03, 0.40, 0.30, 0.56]),
    zone(Front, "headlamp_left", Lamp, [0.70, 0.40, 0.97, 0.56]),
    zone(Front, "grille", Body, [0.30, 0.45, 0.70, 0.60]),
    zone(Front, "front_bumper", Body, [0.00, 0.56, 1.00, 0.88]),
    zone(Rear, "back_glass", Glass, [0.20, 0.00, 0.80, 0.25]),
    zone(Rear, "trunk_lid", Body, [0.15, 0.25, 0.85, 0.55]),
    zone(Rear, "quarter_panel_left", Body, [0.00, 0.20, 0.15, 0.60]),
    zone(Rear, "quarter_panel_right", Body, [0.85, 0.20, 1.00, 0.60]),
    zone(Rear, "tail_lamp_left", Lamp, [0.00, 0.35, 0.25, 0.55]),
    zone(Rear, "tail_lamp_right", Lamp, [0.75, 0.35, 1.00, 0.55]),
    zone(Rear, "rear_bumper", Body, [0.00, 0.55, 1.00, 0.88]),
    zone(Left, "roof", Body, [0.30, 0.00, 0.75, 0.10]),
    zone(Left, "windshield", Glass, [0.20, 0.08, 0.30, 0.32]),
    zone(
        Left,
        "door_glass_front_left",
        Glass,
        [0.30, 0.10, 0.50, 0.38],
    ),
    zone(
        Left,
        "door_glass_rear_left",
        Glass,
        [0.50, 0.10, 0.70, 0.38],
    ),
    zone(Left, "headlamp_left", Lamp, [0.00, 0.35, 0.10, 0.50]),
    zone(Left, "tail_lamp_left", Lamp, [0.90, 0.30, 1.00, 0.45]),
    zone(Left, "front_bumper", Body, [0.00, 0.45, 0.06, 0.78]),
    zone(Left, "hood", Body, [0.00, 0.25, 0.25, 0.35]),
    zone(Left, "front_fender_left", Body, [0.06, 0.35, 0.28, 0.70]),
    zone(Left, "front_door_left", Body, [0.28, 0.38, 0.50, 0.76]),
    zone(Left, "rear_door_left", Body, [0.50, 0.38, 0.72, 0.76]),
    zone(Left, "quarter_panel_left", Body, [0.72, 0.20, 0.94, 0.70]),
    zone(Left, "rear_bumper", Body, [0.94, 0.45, 1.00, 0.78]),
    zone(Left, "rocker_left", Body, [0.28, 0.76, 0.72, 0.88]),
    zone(Right, "roof", Body, [0.25, 0.00, 0.70, 0.10]),
    zone(Right, "windshield", Glass, [0.70, 0.08, 0.80, 0.32]),
    zone(
        Right,
        "door_glass_front_right",
        Glass,
        [0.50, 0.10, 0.70, 0.38],
    ),
    zone(
        Right,
        "door_glass_rear_right",
        Glass,
        [0.30, 0.10, 0.50, 0.38],
    ),
    zone(Right, "headlamp_right", Lamp, [0.90, 0.35, 1.00, 0.50]),
    zone(Right, "tail_lamp_right", Lamp, [0.00, 0.30, 0.10, 0.45]),
    zone(Right, "front_bumper", Body, [0.94, 0.45, 1.00, 0.78]),
    zone(Right, "hood", Body, [0.75, 0.25, 1.00, 0.35]),
    zone(Right, "front_fender_right", Body, [0.72, 0.35, 0.94, 0.70]),
    zone(Right, "front_door_right", Body, [0.50, 0.38, 0.72, 0.76]),
    zone(Right, "rear_door_right", Body, [0.28, 0.38, 0.50, 0.76]),
    zone(Right, "quarter_panel_right", Body, [0.06, 0.20, 0.28, 0.70]),
    zone(Right, "rear_bumper", Body, [0.00, 0.45, 0.06, 0.78]),
    zone(Right, "rocker_right", Body, [0.28, 0.76, 0.72, 0.88]),
];

/// The kind of zone a damage type can be on.
pub fn zone_kind(damage_type: DamageType) -> ZoneKind {
    match damage_type {
        DamageType::GlassBreak => Glass,
        DamageType::LampDamage => Lamp,
        _ => Body,
    }
}

/// The panels a damage type can be proposed on, in table order without repeats: the
/// choices to offer when the detector could not name one.
pub fn panels_for(damage_type: DamageType) -> Vec<&'static str> {
    let kind = zone_kind(damage_type);
    let mut out: Vec<&'static str> = Vec::new();
    for z in ZONES.iter().filter(|z| z.kind == kind) {
        if !out.contains(&z.panel) {
            out.push(z.panel);
        }
    }
    out
}

/// The area of `region` inside `bounds`, as a fraction of the photo.
fn overlap(region: &Rect, bounds: [f32; 4]) -> f32 {
    let w = (region.x() + region.w()).min(bounds[2]) - region.x().max(bounds[0]);
    let h = (region.y() + region.h()).min(bounds[3]) - region.y().max(bounds[1]);
    w.max(0.0) * h.max(0.0)
}

/// The panel under `region` on a `view` photo: the zone of the damage type's kind that the
/// box overlaps most (the earlier row on a tie), and the box's share of that zone (0..1).
/// `None` when the box touches no such zone.
pub fn panel_under(
    view: View,
    region: &Rect,
    damage_type: DamageType,
) -> Option<(&'static str, f32)> {
    let kind = zone_kind(damage_type);
    let mut best: Option<(&Zone, f32)> = None;
    for z in ZONES.iter().filter(|z| z.view == view && z.kind == kind) {
        let o = overlap(region, z.bounds);
        if o > 0.0 && best.is_none_or(|(_, b)| o > b) {
            best = Some((z, o));
        }
    }
    best.map(|(z, o)| {
        let [x0, y0, x1, y1] = z.bounds;
        (z.panel, (o / ((x1 - x0) * (y1 - y0))).min(1.0))
    })
}

/// Severity steps per damage type: below the first share minor, below the second moderate,
/// else severe. A lamp is moderate whatever its size (a broken lamp is replaced either way);
/// glass is a chip (minor: resin repair) below 3 % of the pane, else severe.
pub const SEVERITY_STEPS: &[(DamageType, f32, f32)] = &[
    (DamageType::Dent, 0.10, 0.30),
    (DamageType::Scratch, 0.15, 0.40),
    (DamageType::Crack, 0.05, 0.20),
    (DamageType::GlassBreak, 0.03, 0.03),
    (DamageType::LampDamage, 0.0, f32::INFINITY),
];

/// Steps for the damage types not in [`SEVERITY_STEPS`].
pub const DEFAULT_STEPS: (f32, f32) = (0.10, 0.30);

/// The proposed severity of `damage_type` covering `share` of its panel.
pub fn severity(damage_type: DamageType, share: f32) -> Severity {
    let (minor_below, moderate_below) = SEVERITY_STEPS
        .iter()
        .find(|(t, _, _)| *t == damage_type)
        .map_or(DEFAULT_STEPS, |(_, a, b)| (*a, *b));
    if share < minor_below {
        Severity::Minor
    } else if share < moderate_below {
        Severity::Moderate
    } else {
        Severity::Severe
    }
}

/// The panel (when the view names one) and the severity proposed for a box. Without a view,
/// or when no zone lies under the box, the panel is left to the estimator and the severity is
/// read from the box's share of the whole photo.
pub fn propose(
    view: Option<View>,
    region: &Rect,
    damage_type: Option<DamageType>,
) -> (Option<&'static str>, Severity) {
    let Some(t) = damage_type else {
        return (None, Severity::Moderate);
    };
    match view.and_then(|v| panel_under(v, region, t)) {
        Some((panel, share)) => (Some(panel), severity(t, share)),
        None => (None, severity(t, region.w() * region.h())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect::new(x, y, w, h).unwrap()
    }

    #[test]
    fn every_zone_names_a_panel_of_the_shipped_catalogue_and_fits_the_photo() {
        let panels = shopbench_estimate::EstimateData::shipped().panel_ids();
        for z in ZONES {
            assert!(panels.iter().any(|p| p == z.panel), "{}", z.panel);
            let [x0, y0, x1, y1] = z.bounds;
            assert!(0.0 <= x0 && x0 < x1 && x1 <= 1.0 && 0.0 <= y0 && y0 < y1 && y1 <= 1.0);
        }
        for v in View::ALL {
            assert!(ZONES.iter().filter(|z| z.view == *v).count() >= 7, "{v}");
        }
    }

    #[test]
    fn the_sides_of_a_front_photo_are_mirrored() {
        // A lamp box on the photo's left, facing the front, is the car's right headlamp.
        let left_of_photo = rect(0.10, 0.42, 0.10, 0.08);
        assert_eq!(
            panel_under(Front, &left_of_photo, DamageType::LampDamage)
                .unwrap()
                .0,
            "headlamp_right"
        );
        assert_eq!(
            panel_under(Rear, &left_of_photo, DamageType::LampDamage)
                .unwrap()
                .0,
            "tail_lamp_left"
        );
        // On a left-side photo the front is on the left: a dent low at x 0.15 is the front fender.
        let dent = rect(0.10, 0.45, 0.10, 0.10);
        assert_eq!(
            panel_under(Left, &dent, DamageType::Dent).unwrap().0,
            "front_fender_left"
        );
        let mirrored = rect(0.80, 0.45, 0.10, 0.10);
        assert_eq!(
            panel_under(Right, &mirrored, DamageType::Dent).unwrap().0,
            "front_fender_right"
        );
    }

    #[test]
    fn the_box_goes_to_the_zone_it_overlaps_most_and_its_share_follows() {
        // Front bumper zone: 1.0 × 0.32. A 0.5 × 0.16 box inside it is a quarter of it.
        let (panel, share) =
            panel_under(Front, &rect(0.25, 0.70, 0.5, 0.16), DamageType::Scratch).unwrap();
        assert_eq!(panel, "front_bumper");
        assert!((share - 0.25).abs() < 1e-6, "{share}");
        assert_eq!(severity(DamageType::Scratch, share), Severity::Moderate);
        // Glass damage never lands on a body panel, and a box outside every zone finds none.
        assert_eq!(
            panel_under(Front, &rect(0.4, 0.7, 0.1, 0.1), DamageType::GlassBreak),
            None
        );
    }

    #[test]
    fn the_panels_offered_for_a_lamp_are_the_four_lamps() {
        assert_eq!(
            panels_for(DamageType::LampDamage),
            [
                "headlamp_right",
                "headlamp_left",
                "tail_lamp_left",
                "tail_lamp_right"
            ]
        );
        assert!(panels_for(DamageType::Dent).contains(&"rocker_right"));
    }

    #[test]
    fn severity_steps_by_damage_type() {
        assert_eq!(severity(DamageType::Dent, 0.05), Severity::Minor);
        assert_eq!(severity(DamageType::Dent, 0.10), Severity::Moderate);
        assert_eq!(severity(DamageType::Dent, 0.30), Severity::Severe);
        assert_eq!(severity(DamageType::Crack, 0.06), Severity::Moderate);
        assert_eq!(severity(DamageType::LampDamage, 0.0), Severity::Moderate);
        assert_eq!(severity(DamageType::LampDamage, 1.0), Severity::Moderate);
        assert_eq!(severity(DamageType::GlassBreak, 0.02), Severity::Minor);
        assert_eq!(severity(DamageType::GlassBreak, 0.5), Severity::Severe);
        assert_eq!(severity(DamageType::Rust, 0.2), Severity::Moderate);
    }

    #[test]
    fn without_a_view_the_panel_is_left_to_the_estimator() {
        let r = rect(0.0, 0.0, 0.5, 0.5);
        assert_eq!(
            propose(None, &r, Some(DamageType::Dent)),
            (None, Severity::Moderate)
        );
        assert_eq!(
            propose(Some(Front), &r, Some(DamageType::Dent)).0,
            Some("hood")
        );
        assert_eq!(propose(Some(Front), &r, None).0, None);
    }
}
