//! The shop's labor rates, entered once in a form: for the shop's state, each
//! rate category with the shipped figure beside the shop's own. The shop's
//! figures live in its estimate override file (`ShopPaths::estimate_data`,
//! `{"laborRates": {"states": {"CA": {"body": 72}}}}`), the same file every
//! estimate already reads — so the CLI, the desktop and a server on this
//! machine price with the same rates. Other contents of that file are kept.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use shopbench_estimate::{AppliedRates, Cents, EstimateData};

use crate::AppError;

/// The rate a category names among those an estimate applies.
type AppliedRate = fn(&AppliedRates) -> Cents;

/// One rate category of the form: its key in the data, what the shop calls
/// it, and which of the engine's applied rates it is.
const CATEGORIES: &[(&str, &str, AppliedRate)] = &[
    ("body", "Body labor ($/h)", |r| r.body),
    ("paint", "Refinish labor ($/h)", |r| r.paint),
    ("mechanical", "Mechanical labor ($/h)", |r| r.mechanical),
    ("frame", "Frame and structural labor ($/h)", |r| r.frame),
    ("aluminum", "Aluminum body labor ($/h)", |r| r.aluminum),
    (
        "paintMaterials",
        "Paint and materials ($ per refinish hour)",
        |r| r.paint_materials,
    ),
];

/// Highest rate accepted, dollars (a typo guard: no shop charges more).
const MAX_RATE: u32 = 1_000;

/// One row of the form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaborRateRow {
    /// The data's key (`body`, `paintMaterials`).
    pub category: String,
    /// What it is, in the trade's words.
    pub label: String,
    /// The figure shopbench ships for the state (whole dollars).
    pub shipped: u32,
    /// The shop's own figure, when it set one.
    pub shop: Option<u32>,
}

/// The form for `state` (two letters): every category, shipped and the shop's.
pub fn labor_rates(override_file: &Path, state: &str) -> Result<Vec<LaborRateRow>, AppError> {
    let state = checked_state(state)?;
    let patch = read_patch(override_file)?;
    // The shipped figures as the engine applies them (no metro premium).
    let shipped = EstimateData::shipped()
        .state_rates(&state)
        .map_err(|e| AppError::invalid("state", e.to_string()))?;
    let shop_row = &patch["laborRates"]["states"][&state];
    let rows = CATEGORIES.iter().map(|(key, label, rate)| LaborRateRow {
        category: key.to_string(),
        label: label.to_string(),
        shipped: rate(&shipped).as_dollars_f64().round() as u32,
        shop: shop_row[*key].as_u64().map(|v| v as u32),
    });
    Ok(rows.collect())
}

/// Saves the shop's figures for `state` (`None` goes back to the shipped
/// figure), keeping everything else in the override file. The merged data
/// are checked before anything is written: a bad figure changes nothing.
pub fn save_labor_rates(
    override_file: &Path,
    state: &str,
    rates: &[(String, Option<u32>)],
) -> Result<(), AppError> {
    let state = checked_state(state)?;
    let mut patch = read_patch(override_file)?;
    let row = state_row(&mut patch, &state)?;
    for (category, value) in rates {
        let Some((key, label, _)) = CATEGORIES.iter().find(|(k, _, _)| *k == category) else {
            let known: Vec<&str> = CATEGORIES.iter().map(|(k, _, _)| *k).collect();
            return Err(AppError::invalid(
                category.clone(),
                format!("not a rate category; use {}", known.join(", ")),
            ));
        };
        match value {
            Some(v) if !(1..=MAX_RATE).contains(v) => {
                return Err(AppError::invalid(
                    *label,
                    format!("{v} is not a rate between $1 and ${MAX_RATE}; nothing was saved"),
                ))
            }
            Some(v) => {
                row.insert(key.to_string(), Value::from(*v));
            }
            None => {
                row.remove(*key);
            }
        }
    }
    EstimateData::shipped()
        .with_override_value(&patch)
        .map_err(|e| AppError::invalid("labor rates", format!("{e}; nothing was saved")))?;
    write_patch(override_file, &patch)
}

fn checked_state(state: &str) -> Result<String, AppError> {
    let s = state.trim().to_uppercase();
    if EstimateData::shipped().state_codes().contains(&s) {
        return Ok(s);
    }
    Err(AppError::invalid(
        "state",
        format!("'{state}' is not a US state or DC (two letters, e.g. CA)"),
    ))
}

/// The override document in the file (`{}` when there is none).
fn read_patch(file: &Path) -> Result<Value, AppError> {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Value::Object(Map::new())),
        Err(source) => {
            return Err(AppError::Io {
                action: "read the shop's estimate data",
                path: file.to_path_buf(),
                source,
            })
        }
    };
    match serde_json::from_str(&text) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(AppError::ShopData {
            path: file.to_path_buf(),
            detail: "not a JSON object; fix it by hand before saving rates here".into(),
        }),
    }
}

/// `laborRates.states.<state>` in the patch, created when missing.
fn state_row<'a>(
    patch: &'a mut Value,
    state: &str,
) -> Result<&'a mut Map<String, Value>, AppError> {
    let mut at = patch;
    for key in ["laborRates", "states", state] {
        let Value::Object(map) = at else {
            return Err(AppError::invalid(
                "labor rates",
                format!("the estimate override file's '{key}' is not an object"),
            ));
        };
        at = map
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    match at {
        Value::Object(map) => Ok(map),
        _ => Err(AppError::invalid(
            "labor rates",
            format!("the estimate override file's entry for {state} is not an object"),
        )),
    }
}

/// Writes the override document (atomically).
fn write_patch(file: &Path, patch: &Value) -> Result<(), AppError> {
    let text = serde_json::to_string_pretty(patch).expect("JSON values print") + "\n";
    crate::files::write_replacing(file, text.as_bytes(), "save the shop's labor rates")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimates::shop_estimate_data;

    fn row<'a>(rows: &'a [LaborRateRow], key: &str) -> &'a LaborRateRow {
        rows.iter().find(|r| r.category == key).unwrap()
    }

    #[test]
    fn the_form_shows_the_shipped_figure_beside_the_shops_and_estimates_use_the_shops() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("estimate-data.json");
        let before = labor_rates(&file, "ca").unwrap();
        assert_eq!(before.len(), CATEGORIES.len());
        let body = row(&before, "body");
        assert!(body.shipped > 0 && body.shop.is_none(), "{body:?}");
        assert!(row(&before, "aluminum").shipped >= body.shipped);

        let rates = [
            ("body".to_string(), Some(95)),
            ("paintMaterials".to_string(), Some(52)),
        ];
        save_labor_rates(&file, "CA", &rates).unwrap();
        let after = labor_rates(&file, "CA").unwrap();
        assert_eq!(row(&after, "body").shop, Some(95));
        assert_eq!(row(&after, "body").shipped, body.shipped);
        assert_eq!(row(&after, "paintMaterials").shop, Some(52));
        assert_eq!(row(&after, "paint").shop, None);
        // The file every estimate reads now prices California body work at $95.
        let data = shop_estimate_data(&(file.clone(), false)).unwrap();
        assert_eq!(data.to_json()["laborRates"]["states"]["CA"]["body"], 95);
        // Blank goes back to the shipped figure.
        save_labor_rates(&file, "CA", &[("body".to_string(), None)]).unwrap();
        assert_eq!(row(&labor_rates(&file, "CA").unwrap(), "body").shop, None);
    }

    #[test]
    fn the_rest_of_the_override_file_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("estimate-data.json");
        std::fs::write(
            &file,
            r#"{"laborRates": {"states": {"TX": {"body": 61}}}, "misc": {}}"#,
        )
        .unwrap();
        save_labor_rates(&file, "CA", &[("frame".to_string(), Some(88))]).unwrap();
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(v["laborRates"]["states"]["TX"]["body"], 61);
        assert_eq!(v["laborRates"]["states"]["CA"]["frame"], 88);
        assert!(v["misc"].is_object());
    }

    #[test]
    fn a_bad_figure_state_or_category_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("estimate-data.json");
        let bad = [
            ("CA", "body", Some(0)),
            ("CA", "body", Some(5_000)),
            ("CA", "wax", Some(50)),
            ("ZZ", "body", Some(50)),
        ];
        for (state, cat, v) in bad {
            let e = save_labor_rates(&file, state, &[(cat.to_string(), v)]).unwrap_err();
            assert!(e.to_string().len() > 10, "{e}");
            assert!(!file.exists(), "{state} {cat} {v:?} wrote the file");
        }
        std::fs::write(&file, "[1, 2]").unwrap();
        let e = save_labor_rates(&file, "CA", &[("body".to_string(), Some(80))]).unwrap_err();
        assert!(e.to_string().contains("not a JSON object"), "{e}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "[1, 2]");
    }
}
