//! United States: 50 states + DC.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::engine::{self, Line, YearUsed};
use crate::money::{Cents, Rate};
use crate::rules::{
    self, Confidence, Jurisdiction, LineKind, LocalTax, PercentRule, Range, Regime, RuleFile,
    TaxRule,
};
use crate::{validate_price, CostsError, Refusal, SaleType, SaleYear};

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
    /// Trade-in value in USD (≥ 0, < price); deducted on dealer sales as the
    /// state's trade-in rule allows (in full, up to the year's cap, or not at all).
    pub trade_in: Cents,
    /// Exact county/city surtax in percent (0–15, and at most the state's
    /// maximum); `None` → a range up to that maximum. Ignored, with a caveat,
    /// where the state has no local vehicle tax.
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UsInput {
    /// Upper-cased state code.
    pub state: String,
    /// Sale price.
    #[serde(with = "shopbench_core::dollars")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub price_usd: Cents,
    /// Sale type.
    pub sale_type: SaleType,
    /// Trade-in value.
    #[serde(with = "shopbench_core::dollars")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub trade_in_usd: Cents,
    /// Local surtax given, if any.
    pub local_rate_pct: Option<Rate>,
    /// The delivery year, when the caller gave one ([`us_purchase_costs_for_year`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
}

/// One cost line (seed 002's `CostLine`, USD).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UsLine {
    /// Stable machine id: `sales_tax`, `title`, `registration`, `inspection`, `dealer_doc_fee`.
    pub id: String,
    /// Human label.
    pub label: String,
    /// The amount, or null when only a range is known.
    #[serde(with = "shopbench_core::dollars::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<f64>))]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UsCosts {
    /// Always `US`.
    pub country: String,
    /// State code.
    pub state: String,
    /// State name.
    pub state_name: String,
    /// The normalized input.
    pub input: UsInput,
    /// The lines.
    pub lines: Vec<UsLine>,
    /// Σ non-null `tax` + `fee` amounts.
    #[serde(with = "shopbench_core::dollars")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
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
    rules().codes()
}

/// Itemized government costs of buying a used passenger vehicle in a US state.
///
/// Rules that change by year (Michigan's trade-in cap) are read for the year
/// the state's figures were compiled (`rulesAsOf`), and a caveat says so;
/// use [`us_purchase_costs_for_year`] to give the delivery year.
pub fn us_purchase_costs(q: &UsQuery) -> Result<UsCosts, CostsError> {
    us_costs(q, None)
}

/// [`us_purchase_costs`] for a vehicle delivered in `year`.
///
/// ```
/// use shopbench_costs::{us_purchase_costs_for_year, Cents, SaleType, SaleYear, UsQuery};
/// let mut q = UsQuery::new("MI", Cents::from_dollars(25_000), SaleType::Dealer);
/// q.trade_in = Cents::from_dollars(20_000);
/// // Michigan caps the trade-in credit at $12,000 for 2026: 6% × (25,000 − 12,000).
/// let r = us_purchase_costs_for_year(&q, "2026".parse::<SaleYear>().unwrap()).unwrap();
/// assert_eq!(r.lines[0].amount_usd, Some(Cents::from_dollars(780)));
/// ```
pub fn us_purchase_costs_for_year(q: &UsQuery, year: SaleYear) -> Result<UsCosts, CostsError> {
    us_costs(q, Some(year))
}

/// The state (or DC) of a code, any case; an unknown one is refused with the
/// valid codes.
fn find(state: &str) -> Result<&'static Jurisdiction, CostsError> {
    rules()
        .find(state)
        .map_err(|given| CostsError::UnknownState {
            given,
            valid: us_state_codes().into_iter().map(String::from).collect(),
        })
}

/// The local rate to add, and the caveat when one was given but cannot apply.
fn local_rate(
    j: &Jurisdiction,
    percent_tax: bool,
    given: Option<Rate>,
) -> Result<(Option<Rate>, Option<String>), CostsError> {
    let Some(l) = given else {
        return Ok((None, None));
    };
    if !percent_tax {
        return Ok((
            None,
            Some(format!(
                "The local rate given is ignored: {} charges no percentage sales tax on this sale.",
                j.name
            )),
        ));
    }
    match j.tax.local_tax {
        LocalTax::None => Ok((
            None,
            Some(format!(
                "The local rate given is ignored: {} has no county/city tax on a vehicle purchase; its rate is the same statewide.",
                j.name
            )),
        )),
        LocalTax::UpTo { max_pct, .. } if l > max_pct => Err(Refusal::LocalRateAboveMaximum {
            jurisdiction: j.name.clone(),
            given: l.to_string().trim_end_matches('%').to_string(),
            max: max_pct.to_string(),
        }
        .into()),
        LocalTax::UpTo { .. } => Ok((Some(l), None)),
    }
}

/// The itemized answer: the state's tax on what is taxed (with the county
/// or city surtax), its fees, the totals and every caveat on the figures.
fn us_costs(q: &UsQuery, year: Option<SaleYear>) -> Result<UsCosts, CostsError> {
    let j = find(&q.state)?;
    let sale = q.sale_type.ok_or(CostsError::MissingSaleType)?;
    validate_price(q.price)?;
    engine::validate_trade_in(q.trade_in, q.price)?;
    let given_local = match q.local_rate_pct {
        None => None,
        Some(p) if (0.0..=15.0).contains(&p) => Rate::from_pct(p),
        Some(p) => return Err(Refusal::LocalRateOutOfRange(p.to_string()).into()),
    };
    let mut caveats = vec![format!(
        "Figures compiled {} from the official sources cited on each line; lines marked medium confidence were not confirmed on the agency’s own page. Registration is a first-year estimate; insurance is excluded.",
        j.as_of
    )];
    let rule = match sale {
        SaleType::Private => &j.tax.private,
        SaleType::Dealer => &j.tax.dealer,
    };
    let (local, local_caveat) =
        local_rate(j, matches!(rule.regime, Regime::Percent(_)), given_local)?;
    let year_used = YearUsed {
        year: year.map_or_else(|| engine::as_of_year(&j.as_of), SaleYear::get),
        assumed: year.is_none(),
    };
    let (deducted, trade_caveat) =
        engine::trade_in_deduction(&j.name, &j.tax.trade_in, sale, q.trade_in, year_used)?;
    caveats.extend(trade_caveat);
    caveats.extend(local_caveat);
    let base = q.price - deducted;
    let tax = match &rule.regime {
        Regime::Percent(p) => percent_line(j, rule, p, base, local, &mut caveats),
        _ => none_or_simple_line(j, rule, sale, base)?,
    };
    caveats.extend(rule.value_base.caveat());
    caveats.extend(j.caveats.iter().cloned());
    let mut lines: Vec<Line> = vec![tax];
    lines.extend(engine::fee_lines(j, sale, false, q.price));
    let input = UsInput {
        state: j.code.clone(),
        price_usd: q.price,
        sale_type: sale,
        trade_in_usd: q.trade_in,
        local_rate_pct: given_local,
        year: year.map(SaleYear::get),
    };
    Ok(answer(j, input, lines, caveats))
}

/// A percentage tax on `base`, with the county/city surtax: the exact rate
/// given, or a range up to the state's maximum (said in a caveat, with the
/// part of the price it applies to), or none.
fn percent_line(
    j: &Jurisdiction,
    rule: &TaxRule,
    p: &PercentRule,
    base: Cents,
    local: Option<Rate>,
    caveats: &mut Vec<String>,
) -> Line {
    let state_tax = engine::percent_tax(p, base);
    let label = rule
        .label
        .clone()
        .unwrap_or_else(|| "Sales / use / excise tax".to_string());
    let (max_local, base_cap) = match j.tax.local_tax {
        LocalTax::UpTo { max_pct, base_cap } => (Some(max_pct), base_cap),
        LocalTax::None => (None, None),
    };
    let local_base = base_cap.map_or(base, |cap| base.min(cap));
    match (local, max_local) {
        (Some(l), _) => {
            let amt = engine::clamp(p, state_tax + local_base.times(l));
            engine::tax_line(rule, label, Some(amt), None, LineKind::Tax)
        }
        (None, Some(max)) if max > Rate::ZERO => {
            let amt = engine::clamp(p, state_tax);
            let high = engine::clamp(p, state_tax + local_base.times(max));
            let cap_note = base_cap
                .map(|c| {
                    format!(
                        " (the local surtax applies to the first {} of the price only)",
                        c.usd_grouped()
                    )
                })
                .unwrap_or_default();
            caveats.push(format!(
                "{} county/city surtax of up to {max} may apply{cap_note} — the buyer's local rate gives the exact figure.",
                j.name
            ));
            let range = Some(Range { low: amt, high });
            engine::tax_line(rule, label, Some(amt), range, LineKind::Tax)
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

/// The tax line of a regime shared with Canada (none, a range, a flat table).
fn none_or_simple_line(
    j: &Jurisdiction,
    rule: &TaxRule,
    sale: SaleType,
    base: Cents,
) -> Result<Line, CostsError> {
    let none_label = match sale {
        SaleType::Private => "No sales tax on private-party sales",
        SaleType::Dealer => "No sales tax",
    };
    engine::simple_regime_line(rule, base, none_label).ok_or_else(|| CostsError::BadRules {
        jurisdiction: j.code.clone(),
        reason: "flat table has no band for this price".to_string(),
    })
}

/// The answer in seed 002's shape, the lines totalled.
fn answer(j: &Jurisdiction, input: UsInput, lines: Vec<Line>, caveats: Vec<String>) -> UsCosts {
    let b = engine::totals(lines);
    UsCosts {
        country: "US".into(),
        state: j.code.clone(),
        state_name: j.name.clone(),
        input,
        lines: b.lines.into_iter().map(UsLine::from).collect(),
        total_known_usd: b.total_known,
        estimated_total_range_usd: b.estimated_range,
        caveats,
        rules_as_of: j.as_of.clone(),
    }
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
