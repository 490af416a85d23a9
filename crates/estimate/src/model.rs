//! Input vocabulary: damage types, severities, classes, operations, damage areas, vehicles.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::EstimateError;

// `$s` is a `tt`, not a `literal`: a `literal` fragment reaches a derive
// wrapped in an invisible group, which serde's derive looks through but
// utoipa's `ToSchema` does not — it skipped the `rename`, and /openapi.json
// listed `Scratch`, `PaintChip`, `Midsize`… where the JSON says `scratch`,
// `paint_chip`, `midsize`. A `tt` is passed on as the string literal itself
// (serde still refuses anything else, and `as_str` a non-`&str`).
macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident, $err:ident, { $($(#[$vm:meta])* $var:ident = $s:tt),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $s)] $var),+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The identifier used in data files and JSON.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$var => $s),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = EstimateError;
            fn from_str(s: &str) -> Result<Self, EstimateError> {
                let wanted = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(&wanted))
                    .ok_or_else(|| EstimateError::$err {
                        given: s.to_string(),
                        valid: Self::ALL.iter().map(|v| v.as_str().to_string()).collect(),
                    })
            }
        }
    };
}

vocabulary!(
    /// The nine damage types of seed 001's data API.
    DamageType, UnknownDamageType, {
        /// Paint abrasion.
        Scratch = "scratch",
        /// Panel deformation.
        Dent = "dent",
        /// Split plastic or metal.
        Crack = "crack",
        /// Flaked paint.
        PaintChip = "paint_chip",
        /// Chipped, cracked or broken glass.
        GlassBreak = "glass_break",
        /// Damaged lamp lens or housing.
        LampDamage = "lamp_damage",
        /// Torn-off or missing part.
        MissingPart = "missing_part",
        /// Corrosion.
        Rust = "rust",
        /// Unibody / frame damage.
        Structural = "structural",
    }
);

vocabulary!(
    /// How bad one damage area is.
    Severity, UnknownSeverity, {
        /// Small, cosmetic.
        Minor = "minor",
        /// Needs body work.
        Moderate = "moderate",
        /// Usually needs replacement.
        Severe = "severe",
    }
);

vocabulary!(
    /// Which side of the car a photo shows, as the estimator says (a detector uses it to
    /// name the panel under a box). Taken standing square to that side: on a `front` photo
    /// the car's right side is on the photo's left; on a `left` photo the car's front is on
    /// the photo's left, on a `right` photo on its right.
    View, UnknownView, {
        /// The front of the car.
        Front = "front",
        /// The rear of the car.
        Rear = "rear",
        /// The car's left (driver's side in the US).
        Left = "left",
        /// The car's right.
        Right = "right",
    }
);

vocabulary!(
    /// Vehicle size/price class; selects hours and part prices.
    VehicleClass, UnknownVehicleClass, {
        /// Compact car.
        Compact = "compact",
        /// Midsize car.
        Midsize = "midsize",
        /// Full-size car.
        FullSize = "full_size",
        /// Sport utility vehicle.
        Suv = "suv",
        /// Pickup truck.
        Pickup = "pickup",
        /// Luxury / premium vehicle.
        Luxury = "luxury",
    }
);

vocabulary!(
    /// The size of the largest dent on a hail-damaged panel, by the coin it matches (the
    /// paintless-dent-repair matrices' columns).
    DentSize, UnknownDentSize, {
        /// Up to a dime (about 18 mm).
        Dime = "dime",
        /// Up to a nickel (about 21 mm).
        Nickel = "nickel",
        /// Up to a quarter (about 24 mm).
        Quarter = "quarter",
        /// Up to a half dollar (about 31 mm).
        HalfDollar = "half_dollar",
    }
);

/// The dents counted on one hail-damaged panel, priced by the paintless-dent-repair matrix:
/// `35xquarter` is 35 dents, the largest the size of a quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DentCount {
    /// How many dents.
    pub count: u32,
    /// The largest dent's size.
    pub size: DentSize,
}

impl FromStr for DentCount {
    type Err = EstimateError;
    /// `COUNTxSIZE` (`35xquarter`, `12x dime`, `8xhalf-dollar`).
    fn from_str(s: &str) -> Result<Self, EstimateError> {
        let bad = || {
            EstimateError::InvalidArea {
            detail: format!(
                "dent count '{s}' — write COUNTxSIZE, e.g. 35xquarter (sizes: dime, nickel, quarter, half_dollar)"
            ),
        }
        };
        let (n, size) = s.trim().split_once(['x', 'X']).ok_or_else(bad)?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 {
            // "0xquarter" is written right: it is the count that is wrong
            return Err(EstimateError::InvalidArea {
                detail: format!("dent count '{s}' — the count must be at least 1"),
            });
        }
        Ok(DentCount {
            count,
            size: size.parse()?,
        })
    }
}

impl fmt::Display for DentCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.count, self.size)
    }
}

/// The paint system of the vehicle's colour, which sets the refinish time added on top of
/// the panels' published times.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Finish {
    /// Base coat and clear coat: clear coat time is added.
    #[default]
    TwoStage,
    /// Base, mid (pearl) and clear coat, a tri-coat: three-stage time is added instead.
    ThreeStage,
}

impl Finish {
    /// The identifier used in JSON and on the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            Finish::TwoStage => "two_stage",
            Finish::ThreeStage => "three_stage",
        }
    }
}

impl FromStr for Finish {
    type Err = EstimateError;
    /// `two_stage` (`2-stage`, `basecoat`), `three_stage` (`3-stage`, `tri-coat`, `tricoat`).
    fn from_str(s: &str) -> Result<Self, EstimateError> {
        let k: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        match k.as_str() {
            "twostage" | "2stage" | "basecoat" | "basecoatclearcoat" => Ok(Finish::TwoStage),
            "threestage" | "3stage" | "tricoat" => Ok(Finish::ThreeStage),
            _ => Err(EstimateError::UnknownFinish {
                given: s.to_string(),
                valid: vec!["two_stage".into(), "three_stage".into()],
            }),
        }
    }
}

/// Insurance operation codes (seed 001's table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Operation {
    /// Repair existing part.
    #[serde(rename = "REPAIR")]
    Repair,
    /// Replace with new part.
    #[serde(rename = "REPLACE")]
    Replace,
    /// Paint/refinish panel.
    #[serde(rename = "REFINISH")]
    Refinish,
    /// Blend adjacent panel.
    #[serde(rename = "BLEND")]
    Blend,
    /// Remove and install.
    #[serde(rename = "R&I")]
    RemoveInstall,
    /// Sublet work (ADAS calibration, mechanical).
    #[serde(rename = "SUBLET")]
    Sublet,
    /// A charge that is not an operation on a part: paint and shop materials, fees,
    /// diagnostic scans, sales tax.
    #[serde(rename = "MISC")]
    Misc,
}

impl Operation {
    /// The code as printed on an estimate.
    pub const fn as_str(self) -> &'static str {
        match self {
            Operation::Repair => "REPAIR",
            Operation::Replace => "REPLACE",
            Operation::Refinish => "REFINISH",
            Operation::Blend => "BLEND",
            Operation::RemoveInstall => "R&I",
            Operation::Sublet => "SUBLET",
            Operation::Misc => "MISC",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Operation {
    type Err = EstimateError;
    /// Parses a code (`REPLACE`, `r&i`, `RI`, `R&R` as replace, `ADD'L` as misc), case-insensitively.
    fn from_str(s: &str) -> Result<Self, EstimateError> {
        let up = s.trim().to_ascii_uppercase();
        let op = match up.as_str() {
            "REPAIR" => Operation::Repair,
            "REPLACE" | "R&R" => Operation::Replace,
            "REFINISH" => Operation::Refinish,
            "BLEND" => Operation::Blend,
            "R&I" | "RI" | "R_I" => Operation::RemoveInstall,
            "SUBLET" => Operation::Sublet,
            "MISC" | "ADDL" | "ADD'L" => Operation::Misc,
            _ => {
                return Err(EstimateError::UnknownOperation {
                    given: s.to_string(),
                    valid: [
                        "REPAIR", "REPLACE", "REFINISH", "BLEND", "R&I", "SUBLET", "MISC",
                    ]
                    .map(String::from)
                    .to_vec(),
                })
            }
        };
        Ok(op)
    }
}

/// Where a part comes from.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum PartType {
    /// New original-equipment part.
    #[default]
    #[serde(rename = "OEM")]
    Oem,
    /// New aftermarket (non-OEM) part.
    #[serde(rename = "aftermarket")]
    Aftermarket,
    /// Used / recycled part.
    #[serde(rename = "used")]
    Used,
    /// No part on this line.
    #[serde(rename = "none")]
    None,
}

impl FromStr for PartType {
    type Err = EstimateError;
    /// Parses `OEM`, `aftermarket`, `used` or `none`, case-insensitively.
    fn from_str(s: &str) -> Result<Self, EstimateError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "oem" => Ok(PartType::Oem),
            "aftermarket" | "a/m" => Ok(PartType::Aftermarket),
            "used" | "recycled" => Ok(PartType::Used),
            "none" => Ok(PartType::None),
            _ => Err(EstimateError::UnknownPartType {
                given: s.to_string(),
                valid: ["OEM", "aftermarket", "used", "none"]
                    .map(String::from)
                    .to_vec(),
            }),
        }
    }
}

/// A box on a photo, as fractions of its width and height (0..1, origin top left).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RectRaw")]
pub struct Rect {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

#[derive(Deserialize)]
struct RectRaw {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

impl TryFrom<RectRaw> for Rect {
    type Error = EstimateError;
    fn try_from(r: RectRaw) -> Result<Self, EstimateError> {
        Rect::new(r.x, r.y, r.w, r.h)
    }
}

impl Rect {
    /// A box at (`x`, `y`) of size `w` × `h`; it must be non-empty and fit in the unit square.
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Result<Self, EstimateError> {
        let all_finite = [x, y, w, h].iter().all(|v| v.is_finite());
        if !all_finite || x < 0.0 || y < 0.0 || w <= 0.0 || h <= 0.0 {
            return Err(EstimateError::InvalidRegion {
                detail: format!("x={x}, y={y}, w={w}, h={h} must be finite, x,y ≥ 0 and w,h > 0"),
            });
        }
        if x + w > 1.0 + 1e-6 || y + h > 1.0 + 1e-6 {
            return Err(EstimateError::InvalidRegion {
                detail: format!("x+w={} or y+h={} exceeds 1", x + w, y + h),
            });
        }
        Ok(Rect { x, y, w, h })
    }

    /// Left edge.
    pub fn x(&self) -> f32 {
        self.x
    }
    /// Top edge.
    pub fn y(&self) -> f32 {
        self.y
    }
    /// Width.
    pub fn w(&self) -> f32 {
        self.w
    }
    /// Height.
    pub fn h(&self) -> f32 {
        self.h
    }
}

/// Who marked a damage area.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaSource {
    /// The estimator marked it by hand.
    #[default]
    Manual,
    /// An automatic detector (named) proposed it.
    Detector(String),
}

/// One damaged area: which panel, what damage, how bad, and where on which photo.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DamageArea {
    /// The photo the area was marked on, if any.
    #[serde(default)]
    pub photo_id: Option<String>,
    /// The marked box on that photo.
    #[serde(default)]
    pub region: Option<Rect>,
    /// Panel id from the panel catalogue (e.g. `front_bumper`, `front_fender_left`).
    pub panel: String,
    /// Damage type.
    pub damage_type: DamageType,
    /// Severity.
    pub severity: Severity,
    /// Detector confidence 0..1 (none for manual areas).
    #[serde(default)]
    pub confidence: Option<f32>,
    /// Who marked it.
    #[serde(default)]
    pub source: AreaSource,
    /// Hail: the dents counted on the panel; the panel is then priced by the paintless
    /// dent repair matrix instead of the repair rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dents: Option<DentCount>,
}

impl DamageArea {
    /// A hand-marked area without photo.
    pub fn manual(panel: &str, damage_type: DamageType, severity: Severity) -> Self {
        DamageArea {
            photo_id: None,
            region: None,
            panel: panel.to_string(),
            damage_type,
            severity,
            confidence: None,
            source: AreaSource::Manual,
            dents: None,
        }
    }

    /// A hand-marked hail area: `count` dents, the largest of `size`, on `panel`.
    pub fn hail(panel: &str, count: u32, size: DentSize) -> Self {
        DamageArea {
            dents: Some(DentCount { count, size }),
            ..DamageArea::manual(panel, DamageType::Dent, Severity::Moderate)
        }
    }
}

/// The vehicle being estimated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vehicle {
    /// Make, e.g. `Toyota`.
    pub make: String,
    /// Model, e.g. `Camry`.
    pub model: String,
    /// Model year.
    pub year: u16,
    /// Class; taken from the vehicle data when absent.
    #[serde(default)]
    pub class: Option<VehicleClass>,
    /// Driver-assistance systems known to be fitted (from a VIN decode or the estimator),
    /// e.g. `forward_camera`, `front_radar`. `None` = unknown: a system the vehicle data list
    /// as standard on the model is calibrated, any other is asked.
    #[serde(default)]
    pub equipment: Option<BTreeSet<String>>,
    /// The colour's paint system; two-stage when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish: Option<Finish>,
}

impl Vehicle {
    /// A vehicle with unknown class and equipment.
    pub fn new(make: &str, model: &str, year: u16) -> Self {
        Vehicle {
            make: make.to_string(),
            model: model.to_string(),
            year,
            class: None,
            equipment: None,
            finish: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_parses_and_lists_valid_values() {
        assert_eq!(
            "Paint-Chip".parse::<DamageType>().unwrap(),
            DamageType::PaintChip
        );
        let err = "bent".parse::<DamageType>().unwrap_err();
        assert!(err.to_string().contains("scratch, dent, crack"), "{err}");
        assert_eq!(DamageType::ALL.len(), 9);
        assert!("medium"
            .parse::<Severity>()
            .unwrap_err()
            .to_string()
            .contains("minor, moderate, severe"));
        assert_eq!(
            serde_json::to_string(&Operation::RemoveInstall).unwrap(),
            "\"R&I\""
        );
    }

    #[test]
    fn rect_must_fit_the_unit_square() {
        assert!(Rect::new(0.1, 0.1, 0.5, 0.5).is_ok());
        assert!(Rect::new(0.6, 0.1, 0.5, 0.5).is_err());
        assert!(Rect::new(0.1, 0.1, 0.0, 0.5).is_err());
        assert!(serde_json::from_str::<Rect>(r#"{"x":0.9,"y":0,"w":0.5,"h":0.1}"#).is_err());
    }
}
