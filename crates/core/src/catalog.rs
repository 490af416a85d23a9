//! The generic trouble-code catalogue: what a code means and what usually causes it.
//!
//! Data: `assets/dtc/generic-codes.json`, converted from OBDex (CC0) by
//! `tools/convert_obdex.py`. It is compiled into the binary so a scan works
//! with no files beside the executable; it is parsed once, on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::Dtc;

static GENERIC_JSON: &str = include_str!("../../../assets/dtc/generic-codes.json");

/// How often a cause is behind a code, as the source's editors judged it (not statistics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Likelihood {
    /// Seldom the cause.
    Low,
    /// Sometimes the cause.
    Medium,
    /// Usually the cause.
    High,
}

/// One common cause of a code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeCause {
    /// Stable identifier, e.g. `intake_vacuum_leak`.
    pub id: String,
    /// The source's likelihood label.
    pub likelihood: Likelihood,
    /// What to tell a mechanic.
    pub label: String,
}

/// Everything the catalogue knows about one generic code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeInfo {
    /// The code, e.g. `P0171`.
    pub code: Dtc,
    /// Short SAE-style title.
    pub title: String,
    /// What the ECU saw when it set the code.
    pub description: String,
    /// Parts involved.
    #[serde(default)]
    pub components: Vec<String>,
    /// Common causes, most likely first in the source.
    #[serde(default)]
    pub causes: Vec<CodeCause>,
    /// Repair difficulty (`easy`, `medium`, `hard`).
    pub difficulty: Option<String>,
    /// Typical repair cost band in euros.
    pub cost_eur: Option<[f64; 2]>,
    /// Typical labour hours band.
    pub hours: Option<[f64; 2]>,
    /// Whether the code lights the MIL.
    pub mil: Option<bool>,
    /// Whether it is emissions-relevant.
    pub emissions: Option<bool>,
    /// Codes that often appear with it.
    #[serde(default)]
    pub related: Vec<String>,
}

/// What shopbench can say about a code.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Meaning<'a> {
    /// A generic code the catalogue defines.
    Generic(&'a CodeInfo),
    /// A code whose meaning only the manufacturer defines: we say so instead of guessing.
    ManufacturerSpecific,
    /// A generic-range code the catalogue does not list.
    Unknown,
}

impl<'a> Meaning<'a> {
    /// The title, when known.
    pub fn title(&self) -> Option<&'a str> {
        match self {
            Meaning::Generic(info) => Some(&info.title),
            _ => None,
        }
    }

    /// One line for a report: the title, or why there is none.
    pub fn summary(&self) -> &'a str {
        match self {
            Meaning::Generic(info) => &info.title,
            Meaning::ManufacturerSpecific => {
                "manufacturer-specific code — look it up in the maker's service information"
            }
            Meaning::Unknown => "not in the generic code catalogue",
        }
    }
}

#[derive(Deserialize)]
struct CatalogFile {
    codes: Vec<CodeInfo>,
}

/// A lookup table from code to [`CodeInfo`].
#[derive(Debug)]
pub struct DtcCatalog {
    by_code: HashMap<Dtc, CodeInfo>,
}

impl DtcCatalog {
    /// The built-in generic catalogue (9,533 SAE codes), parsed on first use.
    pub fn generic() -> &'static DtcCatalog {
        static CATALOG: OnceLock<DtcCatalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            let file: CatalogFile =
                serde_json::from_str(GENERIC_JSON).expect("embedded DTC catalogue is valid JSON");
            DtcCatalog {
                by_code: file.codes.into_iter().map(|c| (c.code, c)).collect(),
            }
        })
    }

    /// Number of codes in the catalogue.
    pub fn len(&self) -> usize {
        self.by_code.len()
    }

    /// Whether the catalogue is empty.
    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }

    /// The catalogue entry for a code, if it has one.
    pub fn get(&self, code: Dtc) -> Option<&CodeInfo> {
        self.by_code.get(&code)
    }

    /// What the code means, or why we cannot say.
    pub fn describe(&self, code: Dtc) -> Meaning<'_> {
        match self.by_code.get(&code) {
            Some(info) => Meaning::Generic(info),
            None if code.is_manufacturer_specific() => Meaning::ManufacturerSpecific,
            None => Meaning::Unknown,
        }
    }

    /// All entries, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &CodeInfo> {
        self.by_code.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_every_generic_code() {
        let cat = DtcCatalog::generic();
        assert_eq!(cat.len(), 9533);
        let p0171 = cat.get("P0171".parse().unwrap()).unwrap();
        assert!(p0171.causes.iter().any(|c| c.id == "intake_vacuum_leak"));
        assert_eq!(p0171.related, vec!["P0174".to_string()]);
    }

    #[test]
    fn manufacturer_codes_say_so() {
        let cat = DtcCatalog::generic();
        let m = cat.describe("P1234".parse().unwrap());
        assert_eq!(m, Meaning::ManufacturerSpecific);
        assert!(m.summary().contains("manufacturer-specific"));
    }
}
