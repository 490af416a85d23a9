//! The rows of the data files added for estimates an insurer accepts (issue 21): shop
//! supplies and fees (`misc.json`), the operations an estimator adds (`operations.json`),
//! the carmakers' scan positions (`scans.json`), the paintless-dent-repair matrix
//! (`hail.json`) and the sales tax on parts and materials (`sales_tax.json`).

use std::collections::BTreeMap;

use serde::Deserialize;
use shopbench_core::Rate;

use super::{invalid, LaborKind, Meta};
use crate::model::{DamageType, DentCount, Operation};
use crate::{Cents, EstimateError, Hours};

/// When a shop-supply or fee line is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum MiscWhen {
    /// Any line carries refinish time.
    Refinish,
    /// Any part is replaced or removed and installed.
    ReplaceOrRi,
    /// Once per refinished or blended plastic cover.
    PlasticRefinish,
}

impl MiscWhen {
    /// Whether the row is charged once a visit (hazardous waste, cover car, clips), not once
    /// per part (flex additive per plastic cover).
    pub fn once_per_visit(self) -> bool {
        self != MiscWhen::PlasticRefinish
    }
}

/// One shop-supply or fee line (`misc.json`).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MiscRow {
    pub id: String,
    pub description: String,
    pub when: MiscWhen,
    pub amount: u64,
    pub paint_hours: Hours,
    pub taxable: bool,
}

/// `misc.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MiscFile {
    #[serde(flatten)]
    pub meta: Meta,
    pub lines: Vec<MiscRow>,
}

/// One operation an estimator adds when a panel gets one of `operations` (`operations.json`).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OperationRow {
    pub id: String,
    pub description: String,
    pub operation: Operation,
    pub panels: Vec<String>,
    pub operations: Vec<Operation>,
    /// Only when the panel's line carries refinish time.
    #[serde(default)]
    pub refinished: bool,
    /// Only for these damage types on the panel (any when empty).
    #[serde(default)]
    pub damage_types: Vec<DamageType>,
    /// The time is this panel's R&I time for the vehicle's class.
    #[serde(default)]
    pub hours_of_ri: Option<String>,
    /// A midsize time, scaled by the class's labor factor.
    #[serde(default)]
    pub hours: Option<Hours>,
    /// Not written when this panel already has a line.
    #[serde(default)]
    pub skip_if_panel_has_line: Option<String>,
    pub labor: LaborKind,
    pub part_cost: u64,
    pub once_per_estimate: bool,
}

/// `operations.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OperationsFile {
    #[serde(flatten)]
    pub meta: Meta,
    pub operations: Vec<OperationRow>,
}

/// How firmly a carmaker asks for a scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ScanNeed {
    /// The position statement requires it: the line is included.
    Required,
    /// It is recommended: the line is asked.
    Recommended,
}

/// One carmaker position statement on scanning (`scans.json`).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ScanPosition {
    pub makes: Vec<String>,
    pub pre: ScanNeed,
    pub post: ScanNeed,
    #[serde(default)]
    pub from_year: Option<u16>,
    pub statement: String,
    pub source: String,
}

/// Time booked per scan.
#[derive(Clone, Copy, Debug, Deserialize)]
pub(crate) struct ScanHours {
    pub pre: Hours,
    pub post: Hours,
}

/// `scans.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ScansFile {
    #[serde(flatten)]
    pub meta: Meta,
    /// The first model year a statement that names none covers (OBD-II).
    pub statements_from_year: u16,
    pub hours: ScanHours,
    pub positions: Vec<ScanPosition>,
}

impl ScansFile {
    /// The position statement covering `make`'s model year `year`, if the data have one: a
    /// statement that names no first year covers the years from `statements_from_year`.
    pub fn position(&self, make: &str, year: u16) -> Option<&ScanPosition> {
        self.positions.iter().find(|p| {
            p.makes.iter().any(|m| m.eq_ignore_ascii_case(make.trim()))
                && year >= p.from_year.unwrap_or(self.statements_from_year)
        })
    }
}

/// One count band of a PDR matrix: prices in cents by dent size, `None` where the matrix
/// asks for a quote.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HailBand {
    pub up_to: u32,
    pub prices: Vec<Option<u64>>,
}

/// One PDR matrix and the panels it prices.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct HailTable {
    pub panels: Vec<String>,
    pub bands: Vec<HailBand>,
}

/// `hail.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HailFile {
    #[serde(flatten)]
    pub meta: Meta,
    pub aluminum_factor: f64,
    pub tables: Vec<HailTable>,
}

/// What the matrix says about one panel's dents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HailPrice {
    /// The panel is not in any matrix.
    NoMatrix,
    /// The matrix asks for a quote (or the count is above its last band).
    Quote,
    /// The matrix price in cents.
    Price(Cents),
}

impl HailFile {
    /// The matrix price for `dents` on `panel` (before any aluminum factor).
    pub fn price(&self, panel: &str, dents: DentCount) -> HailPrice {
        let Some(table) = self
            .tables
            .iter()
            .find(|t| t.panels.iter().any(|p| p == panel))
        else {
            return HailPrice::NoMatrix;
        };
        let column = dents.size as usize;
        table
            .bands
            .iter()
            .find(|b| dents.count <= b.up_to)
            .and_then(|b| b.prices.get(column).copied().flatten())
            .map_or(HailPrice::Quote, |c| {
                HailPrice::Price(crate::money::cents(c))
            })
    }
}

/// One state's sales tax row as written in `sales_tax.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TaxRow {
    /// `purchase_costs`: the purchase-cost tables' rate applies.
    #[serde(default)]
    pub rule: Option<String>,
    /// The general state rate where the vehicle rule differs.
    #[serde(default)]
    pub rate_pct: Option<f64>,
    /// Why it differs.
    #[serde(default)]
    pub why: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

/// `sales_tax.json`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SalesTaxFile {
    #[serde(flatten)]
    pub meta: Meta,
    pub states: BTreeMap<String, TaxRow>,
}

/// A state's sales tax on parts and materials, resolved.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct StateTax {
    pub rate: Rate,
    /// Where the rate comes from, for the line's reason.
    pub basis: String,
}

/// The rate of a state's dealer vehicle sale in the purchase-cost tables, read off the tax
/// line of a $10,000 sale (exact to the table's 1/10 000 %).
fn purchase_cost_rate(state: &str) -> Result<Rate, String> {
    use shopbench_costs::{us_purchase_costs, SaleType, UsQuery};
    let price = shopbench_core::Cents::from_dollars(10_000);
    let costs = us_purchase_costs(&UsQuery::new(state, price, SaleType::Dealer))
        .map_err(|e| e.to_string())?;
    let line = costs
        .lines
        .iter()
        .find(|l| l.id == "sales_tax")
        .ok_or("the purchase-cost tables have no sales tax line")?;
    let amount = line
        .amount_usd
        .ok_or("the purchase-cost sales tax is a range, not a rate: give ratePct")?;
    let units = amount.get() * Rate::UNITS_PER_ONE / price.get();
    Rate::from_pct(units as f64 / Rate::UNITS_PER_PCT as f64).ok_or_else(|| "bad rate".into())
}

impl SalesTaxFile {
    /// Every state's rate, resolved: the purchase-cost tables' where the rule is the same,
    /// the given general rate elsewhere. A row that is neither, or a rate out of 0..=20 %,
    /// is an error naming the state.
    pub fn resolve(&self) -> Result<BTreeMap<String, StateTax>, EstimateError> {
        let mut out = BTreeMap::new();
        for (code, row) in &self.states {
            let tax = match (row.rule.as_deref(), row.rate_pct) {
                (Some("purchase_costs"), None) => StateTax {
                    rate: purchase_cost_rate(code)
                        .map_err(|e| invalid("salesTax", format!("{code}: {e}")))?,
                    basis: "the state's vehicle sales tax rate (shopbench purchase-cost tables)"
                        .into(),
                },
                (None, Some(pct)) if (0.0..=20.0).contains(&pct) => StateTax {
                    rate: Rate::from_pct(pct).unwrap_or(Rate::ZERO),
                    basis: match (&row.why, &row.source) {
                        (Some(why), Some(src)) => format!("{why} ({src})"),
                        (Some(why), None) => why.clone(),
                        _ => "the shop's rate".to_string(),
                    },
                },
                _ => {
                    return Err(invalid(
                        "salesTax",
                        format!("{code}: give either \"rule\": \"purchase_costs\" or a ratePct from 0 to 20"),
                    ))
                }
            };
            out.insert(code.clone(), tax);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DentSize;
    use crate::EstimateData;

    #[test]
    fn the_purchase_cost_tables_give_the_rate_where_the_rule_is_the_same() {
        assert_eq!(
            purchase_cost_rate("CA").unwrap(),
            Rate::from_pct(7.25).unwrap()
        );
        assert_eq!(
            purchase_cost_rate("tx").unwrap(),
            Rate::from_pct(6.25).unwrap()
        );
        let taxes = &EstimateData::shipped().taxes;
        assert_eq!(taxes.len(), 51);
        assert_eq!(taxes["CO"].rate, Rate::from_pct(2.9).unwrap());
        assert_eq!(taxes["NC"].rate, Rate::from_pct(4.75).unwrap());
        assert!(taxes["NC"].basis.contains("highway use tax"));
        assert_eq!(taxes["OR"].rate, Rate::ZERO);
    }

    #[test]
    fn a_tax_row_needs_a_rule_or_a_rate() {
        let bad = EstimateData::shipped()
            .with_override(r#"{"salesTax":{"states":{"CA":{"rule":null}}}}"#)
            .unwrap_err();
        assert!(bad.to_string().contains("CA: give either"), "{bad}");
        let shop = EstimateData::shipped()
            .with_override(r#"{"salesTax":{"states":{"CA":{"rule":null,"ratePct":9.5}}}}"#)
            .unwrap();
        assert_eq!(shop.taxes["CA"].rate, Rate::from_pct(9.5).unwrap());
    }

    #[test]
    fn the_hail_matrix_prices_by_band_and_size_and_asks_above_it() {
        let h = &EstimateData::shipped().hail;
        let d = |count, size| DentCount { count, size };
        assert_eq!(
            h.price("hood", d(35, DentSize::Quarter)),
            HailPrice::Price(Cents::new(47_500))
        );
        assert_eq!(
            h.price("front_door_left", d(5, DentSize::Dime)),
            HailPrice::Price(Cents::new(9_500))
        );
        assert_eq!(
            h.price("roof", d(90, DentSize::HalfDollar)),
            HailPrice::Quote
        );
        assert_eq!(h.price("roof", d(400, DentSize::Dime)), HailPrice::Quote);
        assert_eq!(h.price("grille", d(3, DentSize::Dime)), HailPrice::NoMatrix);
    }

    #[test]
    fn scan_positions_follow_make_and_first_model_year() {
        let s = &EstimateData::shipped().scans;
        assert!(s.position("ford", 2009).is_none());
        assert_eq!(s.position("Ford", 2010).unwrap().pre, ScanNeed::Required);
        assert_eq!(
            s.position("Subaru", 2020).unwrap().pre,
            ScanNeed::Recommended
        );
        assert!(s.position("Mazda", 2020).is_none());
    }
}
