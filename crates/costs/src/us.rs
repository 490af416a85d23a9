//! United States: 50 states + DC.

use std::sync::OnceLock;

use serde::Serialize;

use crate::engine::{self, Line, BOOK_VALUE_CAVEAT};
use crate::money::{Cents, Rate};
use crate::rules::{self, Confidence, LineKind, Range, Regime, RuleFile, TradeInCredit};
use crate::{validate_price, CostsError, SaleType};

static RULES: OnceLock<RuleFile> = OnceLock::new();

pub(crate) fn rules() -> &'static RuleFile {
    RULES.get_or_init(|| {
        rules::parse(
            include_str!("../../../assets/purchase-costs/us.json"),
            "us.json",
            "US",
        )
    })
}

/// A US purchase-cost question.
#[derive(Debug, Clone, PartialEq)]
pub struct UsQuery {
    /// Two-letter state code (or `DC`), any case.
    pub state: String,
    /// Agreed sale price in USD (> 0, ≤ 5,000,000).
    pub price: Cents,
    /// Private-party or dealer sale; `None` is an error (seed 002 requires it).
    pub sale_type: Option<SaleType>,
    /// Trade-in value in USD (≥ 0, < price); deducted only on dealer sales in full-credit states.
    pub trade_in: Cents,
    /// Exact county/city surtax in percent (0–15); `None` → a range up to the state's maximum.
    pub local_rate_pct: Option<f64>,
}

impl UsQuery {
    /// A query with no trade-in and no local rate.
    pub fn new(state: &str, price: Cents, sale_type: SaleType) -> Self {
        UsQuery {
            state: state.to_string(),
            price,
            sale_type: Some(sale_type),
            trade_in: Cents::ZERO,
            local_rate_pct: None,
        }
    }
}

/// The echoed, normalized input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UsInput {
    /// Upper-cased state code.
    pub state: String,
    /// Sale price.
    pub price_usd: Cents,
    /// Sale type.
    pub sale_type: SaleType,
    /// Trade-in value.
    pub trade_in_usd: Cents,
    /// Local surtax given, if any.
    pub local_rate_pct: Option<Rate>,
}

/// One cost line (seed 002's `CostLine`, USD).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UsLine {
    /// Stable machine id: `sales_tax`, `title`, `registration`, `inspection`, `dealer_doc_fee`.
    pub id: String,
    /// Human label.
    pub label: String,
    /// The amount, or null when only a range is known.
    pub amount_usd: Option<Cents>,
    /// A range for estimates and local surtaxes, else null.
    pub range_usd: Option<Range>,
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

/// The itemized answer (seed 002's `/v1/us/purchase-costs` shape).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UsCosts {
    /// Always `US`.
    pub country: &'static str,
    /// State code.
    pub state: String,
    /// State name.
    pub state_name: String,
    /// The normalized input.
    pub input: UsInput,
    /// The lines.
    pub lines: Vec<UsLine>,
    /// Σ non-null `tax` + `fee` amounts.
    pub total_known_usd: Cents,
    /// The known total widened by every range (see the crate docs).
    pub estimated_total_range_usd: Range,
    /// Assumptions the reader must know.
    pub caveats: Vec<String>,
    /// When the state's figures were last checked.
    pub rules_as_of: String,
}

/// Every US code (50 states + DC), sorted.
pub fn us_state_codes() -> Vec<&'static str> {
    let mut v: Vec<&str> = rules()
        .jurisdictions
        .iter()
        .map(|j| j.code.as_str())
        .collect();
    v.sort_unstable();
    v
}

/// Itemized government costs of buying a used passenger vehicle in a US state.
pub fn us_purchase_costs(q: &UsQuery) -> Result<UsCosts, CostsError> {
    let code = engine::norm_code(&q.state);
    let j = rules()
        .jurisdictions
        .iter()
        .find(|j| j.code == code)
        .ok_or_else(|| CostsError::UnknownState {
            given: code.clone(),
            valid: us_state_codes().into_iter().map(String::from).collect(),
        })?;
    let sale = q.sale_type.ok_or(CostsError::MissingSaleType)?;
    validate_price(q.price)?;
    if q.trade_in < Cents::ZERO || q.trade_in >= q.price {
        return Err(CostsError::TradeInOutOfRange {
            trade_in: q.trade_in.to_string(),
            price: q.price.to_string(),
        });
    }
    let local = match q.local_rate_pct {
        None => None,
        Some(p) if (0.0..=15.0).contains(&p) => Rate::from_pct(p),
        Some(p) => return Err(CostsError::LocalRateOutOfRange(p.to_string())),
    };

    let mut caveats = vec![format!(
        "Figures compiled {} from the official sources cited on each line; lines marked medium confidence were not confirmed on the agency’s own page. Registration is a first-year estimate; insurance is excluded.",
        j.as_of
    )];
    let rule = match sale {
        SaleType::Private => &j.tax.private,
        SaleType::Dealer => &j.tax.dealer,
    };
    let credit = j.tax.trade_in_credit;
    let deduct = sale == SaleType::Dealer && credit == TradeInCredit::Full;
    let base = if deduct {
        q.price - q.trade_in
    } else {
        q.price
    };
    if q.trade_in > Cents::ZERO {
        caveats.push(match (sale, credit) {
            (SaleType::Private, _) => "A trade-in does not reduce the tax on a private-party sale; no deduction applied.".to_string(),
            (SaleType::Dealer, TradeInCredit::Full) => format!(
                "Trade-in of ${} deducted from the taxable price ({} gives full trade-in credit on dealer sales).",
                q.trade_in, j.name
            ),
            (SaleType::Dealer, TradeInCredit::Partial) => format!(
                "{} limits the trade-in credit; no deduction applied here, so the dealer’s tax figure may be lower.",
                j.name
            ),
            (SaleType::Dealer, TradeInCredit::None) => {
                format!("{} gives no trade-in credit: tax is on the full price.", j.name)
            }
        });
    }

    let tax = match &rule.regime {
        Regime::Percent(p) => {
            let local_base = p.local_base_cap.map_or(base, |cap| base.min(cap));
            let state_tax = engine::percent_tax(p, base);
            let label = rule
                .label
                .clone()
                .unwrap_or_else(|| "Sales / use / excise tax".to_string());
            match (local, p.max_local_pct) {
                (Some(l), _) => {
                    let amt = engine::clamp(p, state_tax + local_base.times(l));
                    engine::tax_line(rule, label, Some(amt), None, LineKind::Tax)
                }
                (None, Some(max)) if max > Rate::ZERO => {
                    let amt = engine::clamp(p, state_tax);
                    let high = engine::clamp(p, state_tax + local_base.times(max));
                    let cap_note = p
                        .local_base_cap
                        .map(|c| {
                            format!(
                                " (the local surtax applies to the first ${c} of the price only)"
                            )
                        })
                        .unwrap_or_default();
                    caveats.push(format!(
                        "{} county/city surtax of up to {max} may apply{cap_note} — pass local_rate for an exact figure.",
                        j.name
                    ));
                    engine::tax_line(
                        rule,
                        label,
                        Some(amt),
                        Some(Range { low: amt, high }),
                        LineKind::Tax,
                    )
                }
                (None, _) => engine::tax_line(
                    rule,
                    label,
                    Some(engine::clamp(p, state_tax)),
                    None,
                    LineKind::Tax,
                ),
            }
        }
        _ => {
            if local.is_some() {
                caveats.push(format!(
                    "local_rate ignored: {} charges no percentage sales tax on this sale.",
                    j.name
                ));
            }
            let none_label = match sale {
                SaleType::Private => "No sales tax on private-party sales",
                SaleType::Dealer => "No sales tax",
            };
            engine::simple_regime_line(rule, base, none_label).ok_or_else(|| {
                CostsError::BadRules {
                    jurisdiction: j.code.clone(),
                    reason: "flat table has no band for this price".to_string(),
                }
            })?
        }
    };
    if rule.book_value_base {
        caveats.push(BOOK_VALUE_CAVEAT.to_string());
    }
    caveats.extend(j.caveats.iter().cloned());

    let mut lines: Vec<Line> = vec![tax];
    lines.extend(engine::fee_lines(j, sale, false, q.price));
    let b = engine::totals(lines);
    Ok(UsCosts {
        country: "US",
        state: j.code.clone(),
        state_name: j.name.clone(),
        input: UsInput {
            state: j.code.clone(),
            price_usd: q.price,
            sale_type: sale,
            trade_in_usd: q.trade_in,
            local_rate_pct: local,
        },
        lines: b.lines.into_iter().map(UsLine::from).collect(),
        total_known_usd: b.total_known,
        estimated_total_range_usd: b.estimated_range,
        caveats,
        rules_as_of: j.as_of.clone(),
    })
}

impl From<Line> for UsLine {
    fn from(l: Line) -> Self {
        UsLine {
            id: l.id,
            label: l.label,
            amount_usd: l.amount,
            range_usd: l.range,
            kind: l.kind,
            paid_to: l.paid_to,
            notes: l.notes,
            source_url: l.source_url,
            confidence: l.confidence,
        }
    }
}
