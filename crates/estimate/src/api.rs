//! The data API: read-only repair-cost data in seed 001's JSON shapes.
//!
//! Every function is a method of [`EstimateData`] (so shop overrides show through) and
//! returns a typed response whose JSON is the seed's `{"data": …, "meta": …}` document
//! (with the `openapi` feature, also its OpenAPI schema).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::data::{DamagePattern, RateSet, SeverityRow};
use crate::model::{DamageType, PartType, Severity, VehicleClass};
use crate::{Cents, EstimateData, EstimateError, Hours};

/// `GET /v1/vehicles`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VehicleList {
    /// Makes with their models.
    pub data: Vec<MakeEntry>,
    /// Counts.
    pub meta: VehicleListMeta,
}

/// One make.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MakeEntry {
    /// Make.
    pub make: String,
    /// Its models.
    pub models: Vec<ModelEntry>,
}

/// One model.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ModelEntry {
    /// Model.
    pub model: String,
    /// Year range, e.g. `2018-2024`.
    pub years: String,
    /// `high`, `medium` or `low`.
    pub data_quality: String,
}

/// Vehicle list counts.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VehicleListMeta {
    /// Number of makes.
    pub total_makes: usize,
    /// Number of models.
    pub total_models: usize,
}

/// `GET /v1/vehicles/{make}/{model}`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VehicleDetail {
    /// The detail.
    pub data: VehicleDetailData,
}

/// Make, model, years.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VehicleId {
    /// Make.
    pub make: String,
    /// Model.
    pub model: String,
    /// Year range.
    pub years: String,
}

/// Labor rates in $/h.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DetailRates {
    /// Body.
    pub body: u32,
    /// Paint.
    pub paint: u32,
    /// Mechanical.
    pub mechanical: u32,
}

/// A typical repair and its cost range in cents.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CommonRepair {
    /// What is done.
    pub name: String,
    /// `[min, max]` in cents.
    pub cost_range: [Cents; 2],
}

/// Price ranges of one part group in cents (`null` when that part type is not offered).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartPricing {
    /// Part group, e.g. `bumper_cover`.
    pub part: String,
    /// OEM `[min, max]`.
    pub oem: Option<[Cents; 2]>,
    /// Aftermarket `[min, max]`.
    pub aftermarket: Option<[Cents; 2]>,
    /// Used `[min, max]`.
    pub used: Option<[Cents; 2]>,
}

/// Min/max cents.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CentsRange {
    /// Low end.
    pub min_cents: Cents,
    /// High end.
    pub max_cents: Cents,
}

/// Vehicle detail body.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VehicleDetailData {
    /// Make, model, years.
    pub vehicle: VehicleId,
    /// Class used for hours and prices.
    pub vehicle_class: VehicleClass,
    /// `high`, `medium` or `low`.
    pub data_quality: String,
    /// How the figures were made.
    pub basis: String,
    /// Where they come from.
    pub sources: Vec<String>,
    /// National average labor rates ($/h) used for `commonRepairs`.
    pub labor_rates: DetailRates,
    /// Typical replacements, OEM parts at national rates.
    pub common_repairs: Vec<CommonRepair>,
    /// Part price ranges for this vehicle.
    pub parts_pricing: Vec<PartPricing>,
    /// Cost range per severity across damage types, scaled by the model's parts factor.
    pub severity_cost_ranges: BTreeMap<Severity, CentsRange>,
    /// Typical damage patterns.
    pub common_damage_patterns: Vec<DamagePatternOut>,
}

/// A typical damage pattern.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DamagePatternOut {
    /// Name.
    pub pattern: String,
    /// Panels usually hit.
    pub panels: Vec<String>,
    /// Damage usually seen.
    pub damage_types: Vec<DamageType>,
}

impl From<&DamagePattern> for DamagePatternOut {
    fn from(p: &DamagePattern) -> Self {
        DamagePatternOut {
            pattern: p.pattern.clone(),
            panels: p.panels.clone(),
            damage_types: p.damage_types.clone(),
        }
    }
}

/// `GET /v1/states`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateList {
    /// States A–Z.
    pub data: Vec<StateSummary>,
    /// Count and national averages.
    pub meta: StateListMeta,
}

/// One state's rates ($/h).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StateSummary {
    /// Two-letter code.
    pub state: String,
    /// Body.
    pub body: u32,
    /// Paint.
    pub paint: u32,
    /// Mechanical.
    pub mechanical: u32,
    /// Frame.
    pub frame: u32,
    /// General auto repair.
    pub general_labor_rate: u32,
}

/// National averages ($/h).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NationalAverages {
    /// Body.
    pub body: u32,
    /// Paint.
    pub paint: u32,
    /// Mechanical.
    pub mechanical: u32,
    /// Frame.
    pub frame: u32,
}

impl From<RateSet> for NationalAverages {
    fn from(r: RateSet) -> Self {
        NationalAverages {
            body: r.body,
            paint: r.paint,
            mechanical: r.mechanical,
            frame: r.frame,
        }
    }
}

/// State list meta.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StateListMeta {
    /// Number of states (51 with DC).
    pub total_states: usize,
    /// National averages.
    pub national_averages: NationalAverages,
}

/// `GET /v1/labor-rates/{state}`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LaborRates {
    /// The rates.
    pub data: LaborRatesData,
}

/// One state's full rates.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LaborRatesData {
    /// Two-letter code.
    pub state: String,
    /// Body $/h.
    pub body: u32,
    /// Paint $/h.
    pub paint: u32,
    /// Mechanical $/h.
    pub mechanical: u32,
    /// Frame $/h.
    pub frame: u32,
    /// Metro multiplier.
    pub metro_premium: f64,
    /// General auto repair $/h.
    pub general_labor_rate: u32,
    /// Basis of this row.
    pub source: String,
}

/// `GET /v1/damage-types/{type}`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DamageTypeDetail {
    /// The type.
    pub data: DamageTypeData,
}

/// `GET /v1/damage-types`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DamageTypeList {
    /// All nine types.
    pub data: Vec<DamageTypeData>,
    /// Count.
    pub meta: DamageTypeListMeta,
}

/// Damage type list meta.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DamageTypeListMeta {
    /// Number of types.
    pub total_types: usize,
}

/// One damage type.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DamageTypeData {
    /// Identifier.
    #[serde(rename = "type")]
    pub kind: DamageType,
    /// Display name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Minor, moderate, severe.
    pub severities: Vec<SeverityRange>,
}

/// One severity of a damage type.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SeverityRange {
    /// Severity.
    pub severity: Severity,
    /// Low end, cents.
    pub min_cents: u64,
    /// High end, cents.
    pub max_cents: u64,
    /// Typical, cents.
    pub avg_cents: u64,
    /// How it is fixed.
    pub repair_methods: Vec<String>,
    /// What it looks like.
    pub description: String,
}

fn severity_range(severity: Severity, r: &SeverityRow) -> SeverityRange {
    SeverityRange {
        severity,
        min_cents: r.min_cents,
        max_cents: r.max_cents,
        avg_cents: r.avg_cents,
        repair_methods: r.repair_methods.clone(),
        description: r.description.clone(),
    }
}

const COMMON_REPAIRS: [&str; 8] = [
    "front_bumper",
    "rear_bumper",
    "hood",
    "front_fender_left",
    "front_door_left",
    "windshield",
    "headlamp_left",
    "mirror_left",
];

impl EstimateData {
    /// All vehicles grouped by make (`GET /v1/vehicles`).
    pub fn list_vehicles(&self) -> VehicleList {
        let data: Vec<MakeEntry> = self
            .parts
            .vehicles
            .iter()
            .map(|(make, models)| MakeEntry {
                make: make.clone(),
                models: models
                    .iter()
                    .map(|(m, r)| ModelEntry {
                        model: m.clone(),
                        years: r.years.clone(),
                        data_quality: format!("{:?}", r.data_quality).to_lowercase(),
                    })
                    .collect(),
            })
            .collect();
        let total_models = data.iter().map(|m| m.models.len()).sum();
        VehicleList {
            meta: VehicleListMeta {
                total_makes: data.len(),
                total_models,
            },
            data,
        }
    }

    /// Repair-cost data for one vehicle (`GET /v1/vehicles/{make}/{model}`); unknown pairs
    /// give [`EstimateError::UnknownVehicle`] (the 404) listing the valid makes or models.
    pub fn vehicle_detail(&self, make: &str, model: &str) -> Result<VehicleDetail, EstimateError> {
        let (mk, md, row) = self.vehicle(make, model)?;
        let class = row.vehicle_class;
        let f = row.parts_factor;
        let nat = self.labor.national_averages;
        let mut sources = self.parts.meta.sources.clone();
        sources.extend(self.labor.meta.sources.iter().cloned());
        Ok(VehicleDetail {
            data: VehicleDetailData {
                vehicle: VehicleId {
                    make: mk.to_string(),
                    model: md.to_string(),
                    years: row.years.clone(),
                },
                vehicle_class: class,
                data_quality: format!("{:?}", row.data_quality).to_lowercase(),
                basis: row.basis.clone(),
                sources,
                labor_rates: DetailRates {
                    body: nat.body,
                    paint: nat.paint,
                    mechanical: nat.mechanical,
                },
                common_repairs: self.common_repairs(class, f)?,
                parts_pricing: self.parts_pricing(class, f),
                severity_cost_ranges: self.severity_cost_ranges(f),
                common_damage_patterns: self
                    .parts
                    .common_damage_patterns
                    .iter()
                    .map(Into::into)
                    .collect(),
            },
        })
    }

    /// The [`COMMON_REPAIRS`] priced for a class: the OEM part (times the
    /// model's parts factor) plus replace and refinish hours at the national
    /// averages, widened by the labor-time spread.
    fn common_repairs(
        &self,
        class: VehicleClass,
        f: f64,
    ) -> Result<Vec<CommonRepair>, EstimateError> {
        let nat = self.labor.national_averages;
        let spread = self.panels.labor_time_spread;
        let mut common_repairs = Vec::new();
        for id in COMMON_REPAIRS {
            let p = self.panel(id)?;
            let h = &p.hours[&class];
            let Some((lo, hi)) = self.part_price(&p.part_group, class, PartType::Oem, f) else {
                continue;
            };
            let labor = h.replace.unwrap_or_default();
            let paint = if p.paintable { h.refinish } else { Hours::ZERO };
            let work = |s: f64| {
                labor.scale(s).cost(Cents::from_dollars(nat.body.into()))
                    + paint.scale(s).cost(Cents::from_dollars(nat.paint.into()))
            };
            let name = p.name.trim_end_matches(", left").to_string();
            common_repairs.push(CommonRepair {
                name: format!("{name} replacement"),
                cost_range: [lo + work(1.0 - spread), hi + work(1.0 + spread)],
            });
        }
        Ok(common_repairs)
    }

    /// Every part group's OEM, aftermarket and used price ranges for a
    /// class, times the model's parts factor.
    fn parts_pricing(&self, class: VehicleClass, f: f64) -> Vec<PartPricing> {
        let scaled = |x: Option<[u64; 2]>| {
            x.map(|[a, b]| {
                [
                    crate::money::cents(a).scale(f),
                    crate::money::cents(b).scale(f),
                ]
            })
        };
        self.parts
            .parts_by_class
            .iter()
            .map(|(g, by_class)| {
                let ps = by_class.get(&class).copied().unwrap_or_default();
                PartPricing {
                    part: g.clone(),
                    oem: scaled(ps.oem),
                    aftermarket: scaled(ps.aftermarket),
                    used: scaled(ps.used),
                }
            })
            .collect()
    }

    /// For each severity, the lowest minimum and highest maximum over every
    /// damage type, times the model's parts factor.
    fn severity_cost_ranges(&self, f: f64) -> BTreeMap<Severity, CentsRange> {
        let mut ranges = BTreeMap::new();
        for s in Severity::ALL {
            let rows = self
                .damage
                .damage_types
                .values()
                .filter_map(|t| t.severities.get(s));
            let (lo, hi) = rows.fold((u64::MAX, 0), |(lo, hi), r| {
                (lo.min(r.min_cents), hi.max(r.max_cents))
            });
            ranges.insert(
                *s,
                CentsRange {
                    min_cents: crate::money::cents(lo).scale(f),
                    max_cents: crate::money::cents(hi).scale(f),
                },
            );
        }
        ranges
    }

    /// All states with rate summaries and national averages (`GET /v1/states`).
    pub fn list_states(&self) -> StateList {
        StateList {
            data: self
                .labor
                .states
                .iter()
                .map(|(s, r)| StateSummary {
                    state: s.clone(),
                    body: r.body,
                    paint: r.paint,
                    mechanical: r.mechanical,
                    frame: r.frame,
                    general_labor_rate: r.general_labor_rate,
                })
                .collect(),
            meta: StateListMeta {
                total_states: self.labor.states.len(),
                national_averages: self.labor.national_averages.into(),
            },
        }
    }

    /// One state's labor rates (`GET /v1/labor-rates/{state}`).
    pub fn labor_rates(&self, state: &str) -> Result<LaborRates, EstimateError> {
        let (code, r) = self.state(state)?;
        Ok(LaborRates {
            data: LaborRatesData {
                state: code.to_string(),
                body: r.body,
                paint: r.paint,
                mechanical: r.mechanical,
                frame: r.frame,
                metro_premium: r.metro_premium,
                general_labor_rate: r.general_labor_rate,
                source: r.basis.clone(),
            },
        })
    }

    /// One damage type by identifier (`GET /v1/damage-types/{type}`).
    pub fn damage_type(&self, kind: &str) -> Result<DamageTypeDetail, EstimateError> {
        let t: DamageType = kind.parse()?;
        self.damage_type_data(t)
            .map(|data| DamageTypeDetail { data })
            .ok_or_else(|| EstimateError::UnknownDamageType {
                given: kind.to_string(),
                valid: self
                    .damage
                    .damage_types
                    .keys()
                    .map(|k| k.to_string())
                    .collect(),
            })
    }

    /// All damage types (`GET /v1/damage-types`).
    pub fn list_damage_types(&self) -> DamageTypeList {
        let data: Vec<DamageTypeData> = self
            .damage
            .damage_types
            .keys()
            .filter_map(|t| self.damage_type_data(*t))
            .collect();
        DamageTypeList {
            meta: DamageTypeListMeta {
                total_types: data.len(),
            },
            data,
        }
    }

    fn damage_type_data(&self, t: DamageType) -> Option<DamageTypeData> {
        let row = self.damage.damage_types.get(&t)?;
        Some(DamageTypeData {
            kind: t,
            name: row.name.clone(),
            description: row.description.clone(),
            severities: row
                .severities
                .iter()
                .map(|(s, r)| severity_range(*s, r))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::EstimateData;

    fn j<T: serde::Serialize>(v: &T) -> Value {
        serde_json::to_value(v).unwrap()
    }

    #[test]
    fn vehicles_list_shape() {
        let v = j(&EstimateData::shipped().list_vehicles());
        assert_eq!(v["meta"]["totalMakes"], 15);
        let toyota = v["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["make"] == "Toyota")
            .unwrap();
        let camry = toyota["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["model"] == "Camry")
            .unwrap();
        assert_eq!(camry["dataQuality"], "high");
        assert!(camry["years"].as_str().unwrap().contains('-'));
    }

    #[test]
    fn vehicle_detail_shape_and_404() {
        let d = EstimateData::shipped();
        let v = j(&d.vehicle_detail("Toyota", "Camry").unwrap());
        assert_eq!(v["data"]["vehicle"]["make"], "Toyota");
        assert_eq!(
            v["data"]["laborRates"],
            json!({"body": 58, "paint": 60, "mechanical": 65})
        );
        let fb = &v["data"]["commonRepairs"][0];
        assert_eq!(fb["name"], "Front bumper cover replacement");
        assert!(fb["costRange"][0].as_u64().unwrap() < fb["costRange"][1].as_u64().unwrap());
        assert!(v["data"]["severityCostRanges"]["moderate"]["minCents"].is_u64());
        assert!(v["data"]["partsPricing"].as_array().unwrap().len() >= 10);
        let e = d.vehicle_detail("Toyota", "Supra").unwrap_err();
        assert!(e.to_string().contains("Camry"), "{e}");
        let e = d.vehicle_detail("Lada", "Niva").unwrap_err();
        assert!(e.to_string().contains("Toyota"), "{e}");
    }

    #[test]
    fn states_and_labor_rates_shape() {
        let d = EstimateData::shipped();
        let s = j(&d.list_states());
        assert_eq!(s["meta"]["totalStates"], 51);
        assert_eq!(
            s["meta"]["nationalAverages"],
            json!({"body": 58, "paint": 60, "mechanical": 65, "frame": 62})
        );
        assert_eq!(
            s["data"][0],
            json!({"state": "AK", "body": 70, "paint": 72, "mechanical": 77, "frame": 74, "generalLaborRate": 67})
        );
        let al = s["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["state"] == "AL")
            .unwrap()
            .clone();
        assert_eq!(
            al,
            json!({"state": "AL", "body": 52, "paint": 54, "mechanical": 60, "frame": 58, "generalLaborRate": 50})
        );
        let ca = j(&d.labor_rates("ca").unwrap())["data"].clone();
        assert_eq!(ca["state"], "CA");
        assert_eq!(
            (
                ca["body"].clone(),
                ca["paint"].clone(),
                ca["mechanical"].clone(),
                ca["frame"].clone(),
                ca["metroPremium"].clone(),
                ca["generalLaborRate"].clone()
            ),
            (
                json!(75),
                json!(78),
                json!(85),
                json!(80),
                json!(1.15),
                json!(72)
            )
        );
        assert!(ca["source"].is_string());
        let e = d.labor_rates("ZZ").unwrap_err().to_string();
        assert!(e.contains("CA") && e.contains("WY"), "{e}");
    }

    #[test]
    fn damage_type_shape_matches_seed_dent() {
        let d = EstimateData::shipped();
        let v = j(&d.damage_type("dent").unwrap());
        assert_eq!(
            v["data"]["severities"][0],
            json!({"severity": "minor", "minCents": 7500, "maxCents": 25000, "avgCents": 15000,
                   "repairMethods": ["PDR (Paintless Dent Repair)"],
                   "description": "Small door dings, 1-2 inch dents without paint damage"})
        );
        assert_eq!(v["data"]["type"], "dent");
        assert_eq!(v["data"]["name"], "Dent");
        let all = j(&d.list_damage_types());
        assert_eq!(all["meta"]["totalTypes"], 9);
        let e = d.damage_type("smudge").unwrap_err().to_string();
        assert!(e.contains("glass_break") && e.contains("structural"), "{e}");
    }
}
