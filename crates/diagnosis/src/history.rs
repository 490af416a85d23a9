//! Learning from the shop's own confirmed fixes.
//!
//! When a case is closed with what fixed it, that fix becomes evidence for
//! later cars that look like it: same make and at least one trouble code in
//! common. For each cause that fixed `k` of the `n` similar cars, the cause
//! gets a likelihood ratio of `1 + k²/(n + 1)`, capped at [`MAX_SHOP_LR`] —
//! so one earlier car counts 1.5, "3 of the 4 similar cars were fixed by a
//! coil" counts 2.8, one lucky match among many counts little. The cap of 10
//! sits between the knowledge's typical and strongest evidence (code links
//! 1.2–30, median 6; failed tests 0.5–15, median 6): many consistent fixes
//! in one shop can outrank a middling code link, not the strongest ones, and
//! a passed test (ratio 0.05–2.5) still counts against the cause. Causes the
//! knowledge does not have are ignored. The rule and its two constants are the project's
//! editorial choice, not fitted: `shopbench eval diagnosis --learn` measures
//! what they do on replayed cases.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::input::CaseInput;

/// The most one cause's shop history can move its odds.
pub const MAX_SHOP_LR: f64 = 10.0;

/// A repair the shop confirmed on an earlier car: what the engine learns from.
/// No customer data: the vehicle's make, model and year, its codes and the
/// cause that fixed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfirmedFix {
    /// How the shop names the closed case (`case 12`, or the shop and its
    /// case number for a shared fix), as evidence cites it.
    pub case_ref: String,
    /// Make, as written.
    pub make: String,
    /// Model ('' when not known).
    #[serde(default)]
    pub model: String,
    /// Model year.
    #[serde(default)]
    pub year: Option<u16>,
    /// The trouble codes the car had (`P0301`), any status.
    pub codes: Vec<String>,
    /// The knowledge's cause id that fixed it.
    pub cause: String,
}

impl ConfirmedFix {
    /// The fix of a case as the engine was given it: its make, model, year
    /// and codes, and the cause that fixed it, cited as `case_ref`; `None`
    /// without a make (a fix is only ever matched by make and codes).
    pub fn from_case(case_ref: &str, case: &CaseInput, cause: &str) -> Option<ConfirmedFix> {
        let v = &case.vehicle;
        let make = v.make.clone().filter(|m| !m.trim().is_empty())?;
        Some(ConfirmedFix {
            case_ref: case_ref.to_string(),
            make,
            model: v.model.clone().unwrap_or_default(),
            year: v.year,
            codes: case.dtcs.iter().map(|d| d.code.clone()).collect(),
            cause: cause.to_string(),
        })
    }
}

/// What the similar closed cases say about one cause.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ShopHit {
    /// The cause id.
    pub cause: String,
    /// How many similar cars it fixed.
    pub fixed: usize,
    /// How many similar cars there were.
    pub similar: usize,
    /// The references of the cases it fixed, in the order given.
    pub cases: Vec<String>,
}

impl ShopHit {
    /// The likelihood ratio: `1 + k²/(n + 1)`, at most [`MAX_SHOP_LR`].
    pub fn likelihood_ratio(&self) -> f64 {
        let k = self.fixed as f64;
        (1.0 + k * k / (self.similar as f64 + 1.0)).min(MAX_SHOP_LR)
    }

    /// The evidence's wording: "3 of the 4 similar cars in this shop …".
    pub fn detail(&self, cause_name: &str) -> String {
        let cars = if self.similar == 1 { "car" } else { "cars" };
        format!(
            "{} of the {} similar {cars} in this shop (same make, a code in common) \
             were fixed by {cause_name} ({})",
            self.fixed,
            self.similar,
            self.cases.join(", ")
        )
    }
}

/// The makes the engine treats as one (`Chevy` is `Chevrolet`).
fn same_make(a: &str, b: &str) -> bool {
    crate::engine::normalise_make(a) == crate::engine::normalise_make(b)
}

/// The confirmed fixes that count for a car of `make` with `codes`: same
/// make and at least one code in common. A case with no make or no codes
/// learns nothing (nothing to call it similar by).
pub(crate) fn similar_fixes<'f>(
    make: &str,
    codes: &BTreeSet<String>,
    fixes: &'f [ConfirmedFix],
) -> Vec<&'f ConfirmedFix> {
    if make.trim().is_empty() || codes.is_empty() {
        return Vec::new();
    }
    fixes
        .iter()
        .filter(|f| same_make(&f.make, make))
        .filter(|f| {
            f.codes
                .iter()
                .any(|c| codes.contains(&c.trim().to_uppercase()))
        })
        .collect()
}

/// One [`ShopHit`] per cause that fixed a similar car, by cause id.
pub(crate) fn shop_hits(similar: &[&ConfirmedFix]) -> Vec<ShopHit> {
    let mut by_cause: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for f in similar {
        by_cause
            .entry(&f.cause)
            .or_default()
            .push(f.case_ref.clone());
    }
    by_cause
        .into_iter()
        .map(|(cause, cases)| ShopHit {
            cause: cause.to_string(),
            fixed: cases.len(),
            similar: similar.len(),
            cases,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(case: &str, make: &str, codes: &[&str], cause: &str) -> ConfirmedFix {
        ConfirmedFix {
            case_ref: case.into(),
            make: make.into(),
            model: String::new(),
            year: None,
            codes: codes.iter().map(|c| c.to_string()).collect(),
            cause: cause.into(),
        }
    }

    fn codes(c: &[&str]) -> BTreeSet<String> {
        c.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn similar_means_same_make_and_a_code_in_common() {
        let fixes = [
            fix("case 1", "Chevy", &["P0300", "P0302"], "ignition_coil"),
            fix("case 2", "Ford", &["P0302"], "spark_plugs"),
            fix("case 3", "Chevrolet", &["P0171"], "vacuum_leak"),
            fix("case 4", "chevrolet", &["p0302"], "ignition_coil"),
        ];
        let similar = similar_fixes("Chevrolet", &codes(&["P0302"]), &fixes);
        let refs: Vec<&str> = similar.iter().map(|f| f.case_ref.as_str()).collect();
        assert_eq!(refs, ["case 1", "case 4"]);
        assert!(similar_fixes("", &codes(&["P0302"]), &fixes).is_empty());
        assert!(similar_fixes("Ford", &BTreeSet::new(), &fixes).is_empty());
    }

    #[test]
    fn the_ratio_grows_with_agreement_and_is_bounded() {
        let hit = |fixed, similar| ShopHit {
            cause: "c".into(),
            fixed,
            similar,
            cases: vec![],
        };
        assert_eq!(hit(1, 1).likelihood_ratio(), 1.5);
        assert_eq!(hit(3, 4).likelihood_ratio(), 2.8);
        assert_eq!(hit(1, 4).likelihood_ratio(), 1.2);
        assert!(hit(2, 2).likelihood_ratio() > hit(2, 4).likelihood_ratio());
        assert_eq!(hit(20, 20).likelihood_ratio(), MAX_SHOP_LR);
    }

    #[test]
    fn hits_count_each_cause_and_cite_its_cases() {
        let fixes = [
            fix("case 7", "Honda", &["P0420"], "catalytic_converter"),
            fix("case 9", "Honda", &["P0420"], "o2_sensor_downstream"),
            fix("case 12", "Honda", &["P0420"], "catalytic_converter"),
        ];
        let similar: Vec<&ConfirmedFix> = fixes.iter().collect();
        let hits = shop_hits(&similar);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].cause, "catalytic_converter");
        assert_eq!((hits[0].fixed, hits[0].similar), (2, 3));
        assert_eq!(
            hits[0].detail("Catalytic converter"),
            "2 of the 3 similar cars in this shop (same make, a code in common) \
             were fixed by Catalytic converter (case 7, case 12)"
        );
    }
}
