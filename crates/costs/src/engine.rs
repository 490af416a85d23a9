//! The country-neutral core: tax computation, fee lines and totals.

use crate::money::{Cents, Rate};
use crate::rules::{
    Confidence, FeeRow, Jurisdiction, LineKind, PercentRule, PlateFilter, Range, Regime,
    SaleFilter, TaxRule,
};
use crate::SaleType;

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
        source_url: f.source_url.clone(),
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

/// The book-value caveat shared by both countries.
pub(crate) const BOOK_VALUE_CAVEAT: &str = "The tax is assessed on the greater of the sale price and the vehicle’s book value (Red Book / Black Book / the jurisdiction’s estimated value); the amount shown assumes the price is at or above book value.";

/// Upper-cases and trims a jurisdiction code.
pub(crate) fn norm_code(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}
