//! The country-neutral core: tax computation, fee lines and totals.

use crate::money::{Cents, Rate};
use crate::rules::{
    Confidence, FeeRow, Jurisdiction, LineKind, PercentRule, PlateFilter, Range, Regime,
    SaleFilter, TaxRule, TradeInCap, TradeInCredit, TradeInRule,
};
use crate::{CostsError, Refusal, SaleType};

/// One computed line, before it is given its country's field names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub id: String,
    pub label: String,
    pub amount: Option<Cents>,
    pub range: Option<Range>,
    pub kind: LineKind,
    pub paid_to: String,
    pub notes: String,
    pub source_url: String,
    pub confidence: Confidence,
}

/// Lines plus their totals.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Breakdown {
    pub lines: Vec<Line>,
    pub total_known: Cents,
    pub estimated_range: Range,
}

/// The totals rule, documented on [`crate`]'s front page:
///
/// * `known` = Σ amount of `tax` and `fee` lines whose amount is not null.
/// * The estimated range starts at `known` and, for every line with a range:
///   - a `tax`/`fee` line that also has an amount (a tax with a local-surtax
///     range) moves low by `range.low − amount` and high by `range.high − amount`
///     (its amount is already in `known`);
///   - any other line with a range (`market_estimate`, or a `tax`/`fee` with a
///     null amount) adds `range.low` to low and `range.high` to high;
///   - `informational` lines never count.
pub(crate) fn totals(lines: Vec<Line>) -> Breakdown {
    let counts = |l: &Line| matches!(l.kind, LineKind::Tax | LineKind::Fee);
    let total_known: Cents = lines
        .iter()
        .filter(|l| counts(l))
        .filter_map(|l| l.amount)
        .sum();
    let mut low = total_known;
    let mut high = total_known;
    for l in &lines {
        let Some(r) = l.range else { continue };
        match (l.kind, l.amount) {
            (LineKind::Informational, _) => {}
            (LineKind::Tax | LineKind::Fee, Some(a)) => {
                low += r.low - a;
                high += r.high - a;
            }
            _ => {
                low += r.low;
                high += r.high;
            }
        }
    }
    Breakdown {
        lines,
        total_known,
        estimated_range: Range { low, high },
    }
}

/// The non-tax lines that apply to this sale, in file order.
pub(crate) fn fee_lines(
    j: &Jurisdiction,
    sale: SaleType,
    has_plates: bool,
    price: Cents,
) -> Vec<Line> {
    j.fees
        .iter()
        .filter(|f| match f.sale {
            SaleFilter::Any => true,
            SaleFilter::Private => sale == SaleType::Private,
            SaleFilter::Dealer => sale == SaleType::Dealer,
        })
        .filter(|f| match f.plates {
            PlateFilter::Any => true,
            PlateFilter::HasPlates => has_plates,
            PlateFilter::NeedsPlates => !has_plates,
        })
        .map(|f| fee_line(f, price))
        .collect()
}

fn fee_line(f: &FeeRow, price: Cents) -> Line {
    let extra = f.pct_of_price.map_or(Cents::ZERO, |r| price.times(r));
    Line {
        id: f.id.clone(),
        label: f.label.clone(),
        amount: f.amount.map(|a| a + extra),
        range: f.range.map(|r| Range {
            low: r.low + extra,
            high: r.high + extra,
        }),
        kind: f.kind,
        paid_to: f.paid_to.clone(),
        notes: f.notes.clone(),
        source_url: f.source_url.clone().unwrap_or_default(),
        confidence: f.confidence,
    }
}

/// The rate of the highest bracket whose threshold `base` meets.
pub(crate) fn bracket_rate(p: &PercentRule, base: Cents) -> Rate {
    p.brackets
        .iter()
        .filter(|b| base >= b.from)
        .max_by_key(|b| b.from)
        .map(|b| b.rate_pct)
        .unwrap_or(Rate::ZERO)
}

/// The bracket-rate tax on `base` plus any flat-first excise component.
pub(crate) fn percent_tax(p: &PercentRule, base: Cents) -> Cents {
    let mut tax = base.times(bracket_rate(p, base));
    if let Some(f) = &p.flat_first {
        let above = if base > f.up_to {
            base - f.up_to
        } else {
            Cents::ZERO
        };
        tax += f.amount + above.times(f.rate_pct);
    }
    tax
}

/// Applies a percent rule's minimum and cap to a computed tax.
pub(crate) fn clamp(p: &PercentRule, tax: Cents) -> Cents {
    let mut t = tax;
    if let Some(min) = p.min_tax {
        if t > Cents::ZERO && t < min {
            t = min;
        }
    }
    if let Some(max) = p.max_tax {
        if t > max {
            t = max;
        }
    }
    t
}

/// A tax line skeleton carrying the rule's presentation fields.
pub(crate) fn tax_line(
    rule: &TaxRule,
    label: String,
    amount: Option<Cents>,
    range: Option<Range>,
    kind: LineKind,
) -> Line {
    Line {
        id: "sales_tax".to_string(),
        label,
        amount,
        range,
        kind,
        paid_to: rule.paid_to.clone(),
        notes: rule.notes.clone(),
        source_url: rule.source_url.clone(),
        confidence: rule.confidence,
    }
}

/// The regimes that do not depend on country: `none`, `percent_range`, `flat_table`.
/// Returns `None` for `percent`, which each country builds itself.
pub(crate) fn simple_regime_line(
    rule: &TaxRule,
    base: Cents,
    default_none_label: &str,
) -> Option<Line> {
    match &rule.regime {
        Regime::None => Some(tax_line(
            rule,
            rule.label
                .clone()
                .unwrap_or_else(|| default_none_label.to_string()),
            Some(Cents::ZERO),
            None,
            LineKind::Tax,
        )),
        Regime::PercentRange { low_pct, high_pct } => Some(tax_line(
            rule,
            rule.label
                .clone()
                .unwrap_or_else(|| format!("Excise tax ({low_pct}–{high_pct})")),
            None,
            Some(Range {
                low: base.times(*low_pct),
                high: base.times(*high_pct),
            }),
            LineKind::MarketEstimate,
        )),
        Regime::FlatTable { bands } => {
            let band = bands
                .iter()
                .filter(|b| base >= b.from)
                .max_by_key(|b| b.from)?;
            Some(tax_line(
                rule,
                rule.label
                    .clone()
                    .unwrap_or_else(|| "Flat vehicle use tax".to_string()),
                None,
                Some(Range {
                    low: band.low,
                    high: band.high,
                }),
                LineKind::MarketEstimate,
            ))
        }
        Regime::Percent(_) => None,
    }
}

/// The year a year-dependent rule is read for, and whether the caller gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct YearUsed {
    pub year: u16,
    /// `true` when no year was given and the rules' own year was used.
    pub assumed: bool,
}

/// The year of a `YYYY-MM-DD` "as of" date (the default year of a query).
pub(crate) fn as_of_year(as_of: &str) -> u16 {
    as_of.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0)
}

/// How much of a trade-in comes off the taxable price, and the caveats that
/// say so (each its own sentence, so each has its own translation). Only
/// dealer sales deduct; the rule's row decides how much.
pub(crate) fn trade_in_deduction(
    name: &str,
    rule: &TradeInRule,
    sale: SaleType,
    trade_in: Cents,
    year: YearUsed,
) -> Result<(Cents, Vec<String>), CostsError> {
    if trade_in <= Cents::ZERO {
        return Ok((Cents::ZERO, Vec::new()));
    }
    if sale == SaleType::Private {
        let no =
            "A trade-in does not reduce the tax on a private-party sale; no deduction applied.";
        return Ok((Cents::ZERO, vec![no.to_string()]));
    }
    let cap = rule
        .cap_for(year.year)
        .map_err(|first| Refusal::YearBeforeRule {
            jurisdiction: name.to_string(),
            year: year.year,
            first,
        })?;
    let (deducted, said) = trade_in_said(name, cap, rule.credit, trade_in, year.year);
    let mut caveats = vec![said];
    // Only a partial credit's cap changes by year.
    if year.assumed && rule.credit == TradeInCredit::Partial {
        caveats.push(format!(
            "Year not given: {}, the year these rules were compiled, is assumed; give the delivery year if it differs.",
            year.year
        ));
    }
    if let (Some(Confidence::Medium), Some(url)) = (rule.confidence, &rule.source_url) {
        caveats.push(format!(
            "{name}'s trade-in rule was not confirmed on the agency’s own page (source: {url})."
        ));
    }
    Ok((deducted, caveats))
}

/// What the rule deducts of a trade-in, and the sentence that says so
/// (amounts written as the CLI's tables write them, `$5,000.00`).
fn trade_in_said(
    name: &str,
    cap: TradeInCap,
    credit: TradeInCredit,
    trade_in: Cents,
    year: u16,
) -> (Cents, String) {
    let money = |c: Cents| c.usd_grouped();
    match (cap, credit) {
        (TradeInCap::Nothing, _) => (
            Cents::ZERO,
            format!("{name} gives no trade-in credit: tax is on the full price."),
        ),
        (TradeInCap::Unlimited, TradeInCredit::Full) => (
            trade_in,
            format!(
                "Trade-in of {} deducted from the taxable price ({name} gives full trade-in credit on dealer sales).",
                money(trade_in)
            ),
        ),
        (TradeInCap::Unlimited, _) => (
            trade_in,
            format!(
                "Trade-in of {} deducted in full: {name} no longer caps the trade-in credit for vehicles delivered in {year}.",
                money(trade_in)
            ),
        ),
        (TradeInCap::UpTo(cap), _) => {
            let deducted = trade_in.min(cap);
            (
                deducted,
                format!(
                    "{name} caps the trade-in credit at {} for vehicles delivered in {year}: {} of the {} trade-in deducted from the taxable price.",
                    money(cap),
                    money(deducted),
                    money(trade_in)
                ),
            )
        }
    }
}

/// Checks a trade-in against the price: at least 0 and less than the price.
pub(crate) fn validate_trade_in(trade_in: Cents, price: Cents) -> Result<(), CostsError> {
    if trade_in < Cents::ZERO || trade_in >= price {
        return Err(Refusal::TradeInOutOfRange {
            trade_in: trade_in.to_string(),
            price: price.to_string(),
        }
        .into());
    }
    Ok(())
}

/// Upper-cases and trims a jurisdiction code.
pub(crate) fn norm_code(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}
