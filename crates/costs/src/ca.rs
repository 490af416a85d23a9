//! Canada: 10 provinces + 3 territories.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::engine::{self, Line, YearUsed};
use crate::money::Cents;
use crate::rules::{
    self, BracketOn, Confidence, Jurisdiction, LineKind, PercentRule, Range, Regime, RuleFile,
    TaxRule,
};
use crate::{validate_price, CostsError, Refusal, SaleType};

static RULES: OnceLock<RuleFile> = OnceLock::new();

pub(crate) fn rules() -> &'static RuleFile {
    RULES.get_or_init(|| {
        rules::parse(
            include_str!("../../../assets/purchase-costs/ca.json"),
            "ca.json",
            "CA",
        )
    })
}

/// A Canadian purchase-cost question.
#[derive(Debug, Clone, PartialEq)]
pub struct CaQuery {
    /// Two-letter province/territory code, any case.
    pub province: String,
    /// Agreed sale price in CAD (> 0, ≤ 5,000,000).
    pub price: Cents,
    /// Private-party or dealer sale; `None` is an error.
    pub sale_type: Option<SaleType>,
    /// Private sales only: apply the jurisdiction's sworn family-gift exemption.
    pub family_gift: bool,
    /// The buyer moves plates they already hold onto the vehicle (fewer fees where it matters).
    pub buyer_has_plates: bool,
}

impl CaQuery {
    /// A query with no family gift and new plates needed.
    pub fn new(province: &str, price: Cents, sale_type: SaleType) -> Self {
        CaQuery {
            province: province.to_string(),
            price,
            sale_type: Some(sale_type),
            family_gift: false,
            buyer_has_plates: false,
        }
    }
}

/// The echoed, normalized input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CaInput {
    /// Upper-cased province code.
    pub province: String,
    /// Sale price.
    #[serde(with = "shopbench_core::dollars")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub price_cad: Cents,
    /// Sale type.
    pub sale_type: SaleType,
    /// Family-gift exemption requested.
    pub family_gift: bool,
    /// Buyer already has plates.
    pub buyer_has_plates: bool,
    /// The trade-in, when the caller gave one ([`ca_purchase_costs_with_trade_in`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(with = "shopbench_core::dollars::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub trade_in_cad: Option<Cents>,
}

/// One cost line (seed 002's `CostLine`, CAD).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CaLine {
    /// Stable machine id (`sales_tax`, `uvip`, `permit_plus_plate`, …).
    pub id: String,
    /// Human label naming the actual tax, e.g. `PST (12%)`.
    pub label: String,
    /// The amount, or null when only a range is known.
    #[serde(with = "shopbench_core::dollars::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
    pub amount_cad: Option<Cents>,
    /// A range for estimates, else null.
    pub range_cad: Option<Range>,
    /// How the line counts in the totals.
    pub kind: LineKind,
    /// Who is paid.
    pub paid_to: String,
    /// Basis and assumptions.
    pub notes: String,
    /// The official page the figure comes from.
    pub source_url: String,
    /// `high` or `medium`.
    pub confidence: Confidence,
}

/// The itemized answer (seed 002's `/v1/ca/purchase-costs` shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CaCosts {
    /// Always `CA`.
    pub country: String,
    /// Province code.
    pub province: String,
    /// Province name.
    pub province_name: String,
    /// The normalized input.
    pub input: CaInput,
    /// The lines.
    pub lines: Vec<CaLine>,
    /// Σ non-null `tax` + `fee` amounts.
    #[serde(with = "shopbench_core::dollars")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub total_known_cad: Cents,
    /// The known total widened by every range (see the crate docs).
    pub estimated_total_range_cad: Range,
    /// Assumptions the reader must know.
    pub caveats: Vec<String>,
    /// When the province's figures were last checked.
    pub rules_as_of: String,
}

/// Every Canadian code (10 provinces + 3 territories), sorted.
pub fn ca_province_codes() -> Vec<&'static str> {
    rules().codes()
}

/// Itemized government costs of buying a used passenger vehicle in a Canadian
/// province or territory.
pub fn ca_purchase_costs(q: &CaQuery) -> Result<CaCosts, CostsError> {
    ca_costs(q, None)
}

/// [`ca_purchase_costs`] with a vehicle traded in (CAD, ≥ 0, < price). On a
/// dealer sale GST/HST and the provincial tax are charged on the price less
/// the trade-in wherever the province's trade-in row allows it; a private
/// sale deducts nothing and says so.
///
/// ```
/// use shopbench_costs::{ca_purchase_costs_with_trade_in, CaQuery, Cents, SaleType};
/// let q = CaQuery::new("ON", Cents::from_dollars(25_000), SaleType::Dealer);
/// let r = ca_purchase_costs_with_trade_in(&q, Cents::from_dollars(5_000)).unwrap();
/// // 13% HST on 20,000.
/// assert_eq!(r.lines[0].amount_cad, Some(Cents::from_dollars(2_600)));
/// ```
pub fn ca_purchase_costs_with_trade_in(
    q: &CaQuery,
    trade_in: Cents,
) -> Result<CaCosts, CostsError> {
    ca_costs(q, Some(trade_in))
}

/// The itemized answer: the province's tax on what is taxed, its fees, the
/// totals and every caveat that bears on the figures.
fn ca_costs(q: &CaQuery, trade_in: Option<Cents>) -> Result<CaCosts, CostsError> {
    let j = province(&q.province)?;
    let sale = checked_sale(q)?;
    let trade = trade_in.unwrap_or(Cents::ZERO);
    engine::validate_trade_in(trade, q.price)?;
    let mut caveats = vec![format!(
        "Figures compiled {} from the official sources cited on each line; lines marked medium confidence were not confirmed on the agency’s own page. Recurring registration items are first-year estimates; public-insurer premiums (ICBC, SGI, MPI, SAAQ) are excluded.",
        j.as_of
    )];
    let rule = match sale {
        SaleType::Private => &j.tax.private,
        SaleType::Dealer => &j.tax.dealer,
    };
    let taxed = taxed_amount(j, sale, q.price, trade, &mut caveats)?;
    let gift = q.family_gift && sale == SaleType::Private;
    let tax = tax_line(j, rule, taxed, gift, &mut caveats)?;
    if !gift {
        caveats.extend(rule.value_base.caveat());
    }
    caveats.extend(j.caveats.iter().cloned());
    let mut lines: Vec<Line> = vec![tax];
    lines.extend(engine::fee_lines(j, sale, q.buyer_has_plates, q.price));
    let input = CaInput {
        province: j.code.clone(),
        price_cad: q.price,
        sale_type: sale,
        family_gift: q.family_gift,
        buyer_has_plates: q.buyer_has_plates,
        trade_in_cad: trade_in,
    };
    Ok(answer(j, input, lines, caveats))
}

/// The province or territory of a code, any case; an unknown one is refused
/// with the valid codes.
fn province(code: &str) -> Result<&'static Jurisdiction, CostsError> {
    rules()
        .find(code)
        .map_err(|given| CostsError::UnknownProvince {
            given,
            valid: ca_province_codes().into_iter().map(String::from).collect(),
        })
}

/// The sale type, once the price is valid and a family gift is not claimed
/// on a dealer sale.
fn checked_sale(q: &CaQuery) -> Result<SaleType, CostsError> {
    let sale = q.sale_type.ok_or(CostsError::MissingSaleType)?;
    validate_price(q.price)?;
    if q.family_gift && sale == SaleType::Dealer {
        return Err(Refusal::FamilyGiftOnDealerSale.into());
    }
    Ok(sale)
}

/// What the tax is computed on: the price less what the province deducts
/// for the trade-in, and the amount its rate bracket is read from.
struct Taxed {
    /// The taxed amount.
    base: Cents,
    /// The amount the rate bracket is chosen by.
    bracket_base: Cents,
}

/// The taxed amount after the province's trade-in rule; where the rate
/// bracket stays on the full price, that is said.
fn taxed_amount(
    j: &Jurisdiction,
    sale: SaleType,
    price: Cents,
    trade: Cents,
    caveats: &mut Vec<String>,
) -> Result<Taxed, CostsError> {
    let year = YearUsed {
        year: engine::as_of_year(&j.as_of),
        assumed: true,
    };
    let (deducted, trade_caveat) =
        engine::trade_in_deduction(&j.name, &j.tax.trade_in, sale, trade, year)?;
    caveats.extend(trade_caveat);
    let base = price - deducted;
    let bracket_base = match j.tax.trade_in.bracket_on {
        BracketOn::Price if deducted > Cents::ZERO => {
            caveats.push(format!(
                "The tax rate bracket is taken from the price before the trade-in ({}); only the taxed amount is reduced.",
                j.name
            ));
            price
        }
        _ => base,
    };
    Ok(Taxed { base, bracket_base })
}

/// The tax line of the sale's rule: nothing under a family-gift exemption,
/// the province's (and on dealer sales the GST's) rate, or a regime shared
/// with the US; a gift the province does not exempt is said.
fn tax_line(
    j: &Jurisdiction,
    rule: &TaxRule,
    taxed: Taxed,
    gift: bool,
    caveats: &mut Vec<String>,
) -> Result<Line, CostsError> {
    match (&rule.regime, gift, &j.tax.family_gift) {
        (Regime::Percent(_), true, Some(g)) => {
            caveats.push(format!(
                "Family-gift exemption applied: {} requires a sworn/signed declaration that the vehicle is a gift between qualifying family members; a sale for value is taxed normally.",
                j.name
            ));
            Ok(Line {
                id: "sales_tax".to_string(),
                label: "No tax (family-gift exemption)".to_string(),
                amount: Some(Cents::ZERO),
                range: None,
                kind: LineKind::Tax,
                paid_to: rule.paid_to.clone(),
                notes: g.notes.clone(),
                source_url: g.source_url.clone(),
                confidence: g.confidence,
            })
        }
        (Regime::Percent(p), _, _) => {
            if gift {
                caveats.push(format!(
                    "{} has no family-gift exemption on this tax; computed as a normal private sale.",
                    j.name
                ));
            }
            Ok(percent_line(rule, p, &taxed))
        }
        _ => {
            if gift {
                caveats.push(format!("No tax applies to private sales in {} in any case; the family-gift exemption changes nothing.", j.name));
            }
            engine::simple_regime_line(rule, taxed.base, "No tax on private sales").ok_or_else(
                || CostsError::BadRules {
                    jurisdiction: j.code.clone(),
                    reason: "flat table has no band for this price".to_string(),
                },
            )
        }
    }
}

/// A percentage tax: the bracket's rate on the taxed amount, plus the GST
/// where the rule charges it alongside (`GST (5%) + PST (7%)`).
fn percent_line(rule: &TaxRule, p: &PercentRule, taxed: &Taxed) -> Line {
    let rate = engine::bracket_rate(p, taxed.bracket_base);
    let name = p.name.as_deref().unwrap_or("Tax");
    let mut amount = taxed.base.times(rate);
    let mut label = format!("{name} ({rate})");
    if let Some(gst) = p.gst_pct {
        amount += taxed.base.times(gst);
        label = format!("GST ({gst}) + {label}");
    }
    let label = rule.label.clone().unwrap_or(label);
    engine::tax_line(
        rule,
        label,
        Some(engine::clamp(p, amount)),
        None,
        LineKind::Tax,
    )
}

/// The answer in seed 002's shape, the lines totalled.
fn answer(j: &Jurisdiction, input: CaInput, lines: Vec<Line>, caveats: Vec<String>) -> CaCosts {
    let b = engine::totals(lines);
    CaCosts {
        country: "CA".into(),
        province: j.code.clone(),
        province_name: j.name.clone(),
        input,
        lines: b.lines.into_iter().map(CaLine::from).collect(),
        total_known_cad: b.total_known,
        estimated_total_range_cad: b.estimated_range,
        caveats,
        rules_as_of: j.as_of.clone(),
    }
}

impl From<Line> for CaLine {
    fn from(l: Line) -> Self {
        CaLine {
            id: l.id,
            label: l.label,
            amount_cad: l.amount,
            range_cad: l.range,
            kind: l.kind,
            paid_to: l.paid_to,
            notes: l.notes,
            source_url: l.source_url,
            confidence: l.confidence,
        }
    }
}
