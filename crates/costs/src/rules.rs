//! The rule files' schema. One [`Jurisdiction`] per state/province; every
//! figure in it carries its own `sourceUrl` and `confidence`.
//!
//! Amounts in the files are dollars (USD in `us.json`, CAD in `ca.json`) and
//! rates are percentages; both are read into integer [`Cents`]/[`Rate`].

use serde::{Deserialize, Serialize};

use crate::money::{Cents, Rate};

/// A whole rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct RuleFile {
    /// `US` or `CA`.
    pub country: String,
    /// Free-text description of the file (ignored by the engine).
    #[allow(dead_code)]
    pub about: String,
    /// One entry per jurisdiction.
    pub jurisdictions: Vec<Jurisdiction>,
}

impl RuleFile {
    /// Every jurisdiction's code, sorted: the list a country's codes function
    /// answers and an unknown code is refused with.
    pub(crate) fn codes(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.jurisdictions.iter().map(|j| j.code.as_str()).collect();
        v.sort_unstable();
        v
    }

    /// The jurisdiction of `code` (any case, spaces trimmed); when there is none,
    /// the code as normalized, for the country's refusal to name.
    pub(crate) fn find(&self, code: &str) -> Result<&Jurisdiction, String> {
        let code = crate::engine::norm_code(code);
        self.jurisdictions
            .iter()
            .find(|j| j.code == code)
            .ok_or(code)
    }
}

/// One state, district, province or territory.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Jurisdiction {
    pub code: String,
    pub name: String,
    /// The date the figures were last checked (`YYYY-MM-DD`).
    pub as_of: String,
    pub tax: TaxRules,
    /// Non-tax lines (title, registration, inspection, dealer doc fee, …).
    pub fees: Vec<FeeRow>,
    /// Jurisdiction-specific caveats, always emitted.
    #[serde(default)]
    pub caveats: Vec<String>,
}

/// How a used-vehicle purchase is taxed, per sale type, plus the
/// jurisdiction-wide rules that every sale shares.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct TaxRules {
    pub private: TaxRule,
    pub dealer: TaxRule,
    /// How a trade-in reduces the tax base on a dealer sale.
    #[serde(default)]
    pub trade_in: TradeInRule,
    /// US: whether a county/city rate may be added to a percentage tax, and up to what.
    #[serde(default)]
    pub local_tax: LocalTax,
    /// Canada only: a sworn family-gift exemption on private transfers.
    #[serde(default)]
    pub family_gift: Option<FamilyGift>,
}

/// A family-gift exemption and where it is documented.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FamilyGift {
    pub notes: String,
    pub source_url: String,
    pub confidence: Confidence,
}

/// Trade-in credit against the tax base (dealer sales only; a private sale never deducts one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TradeInCredit {
    /// The trade-in value is deducted from the taxable price.
    Full,
    /// Deducted up to a cap that depends on the year of delivery (Michigan).
    Partial,
    /// Never deducted.
    #[default]
    None,
}

/// A jurisdiction's trade-in rule: a row with its source, and for a
/// `partial` credit the cap for each calendar year.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct TradeInRule {
    pub credit: TradeInCredit,
    /// `partial` only: the cap in force from January 1 of each year, ascending.
    #[serde(default)]
    pub caps: Vec<YearCap>,
    /// `partial` only: the first year with no cap (full credit).
    #[serde(default)]
    pub unlimited_from_year: Option<u16>,
    /// Which amount picks a bracketed rate when a trade-in is deducted.
    #[serde(default)]
    pub bracket_on: BracketOn,
    /// What the rule is and where it was read (for reviewers: `tools/costs_review.py`).
    #[serde(default)]
    #[allow(dead_code)]
    pub notes: Option<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    #[serde(default)]
    pub confidence: Option<Confidence>,
}

/// The trade-in cap for vehicles delivered in `year` and later (until the next row).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct YearCap {
    pub year: u16,
    #[serde(with = "shopbench_core::dollars")]
    pub cap: Cents,
}

/// The amount whose bracket sets the rate once a trade-in is deducted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum BracketOn {
    /// The price after the trade-in.
    #[default]
    Net,
    /// The price before the trade-in (only the taxed amount is reduced).
    Price,
}

/// What the trade-in rule allows for one sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TradeInCap {
    /// No deduction.
    Nothing,
    /// Deduct the whole trade-in.
    Unlimited,
    /// Deduct up to this much.
    UpTo(Cents),
}

impl TradeInRule {
    /// The cap that applies on a dealer sale delivered in `year`;
    /// `Err(first modelled year)` for a capped rule asked about an earlier year.
    pub fn cap_for(&self, year: u16) -> Result<TradeInCap, u16> {
        match self.credit {
            TradeInCredit::None => Ok(TradeInCap::Nothing),
            TradeInCredit::Full => Ok(TradeInCap::Unlimited),
            TradeInCredit::Partial => {
                if self.unlimited_from_year.is_some_and(|y| year >= y) {
                    return Ok(TradeInCap::Unlimited);
                }
                let first = self.caps.first().map_or(u16::MAX, |c| c.year);
                self.caps
                    .iter()
                    .rev()
                    .find(|c| c.year <= year)
                    .map(|c| TradeInCap::UpTo(c.cap))
                    .ok_or(first)
            }
        }
    }

    /// Why the rule cannot be used, if it is malformed.
    pub fn problem(&self) -> Option<&'static str> {
        let capped = !self.caps.is_empty() || self.unlimited_from_year.is_some();
        match self.credit {
            TradeInCredit::Partial if self.caps.is_empty() => {
                Some("a partial trade-in credit needs caps by year")
            }
            TradeInCredit::Partial
                if self.caps.windows(2).any(|w| w[0].year >= w[1].year)
                    || self
                        .unlimited_from_year
                        .is_some_and(|u| self.caps.iter().any(|c| c.year >= u)) =>
            {
                Some("trade-in caps must be in ascending years, all before unlimitedFromYear")
            }
            TradeInCredit::Full | TradeInCredit::None if capped => {
                Some("only a partial trade-in credit has caps")
            }
            _ => None,
        }
    }
}

/// Whether a county/city rate may be added to a jurisdiction's percentage tax.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum LocalTax {
    /// No local tax on a vehicle purchase: a given local rate is ignored, with a caveat.
    #[default]
    None,
    /// A local rate of at most `max_pct` may apply; above it is an error.
    UpTo {
        #[serde(rename = "maxPct")]
        max_pct: Rate,
        /// The local rate applies to this much of the price only (FL $5,000, TN $1,600).
        #[serde(rename = "baseCap", default, with = "shopbench_core::dollars::option")]
        base_cap: Option<Cents>,
    },
}

/// What the tax is assessed on, per sale type; the book-value caveat is generated from it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum ValueBase {
    /// The (trade-in-reduced) price.
    #[default]
    Price,
    /// The greater of the price and a book value, or `pct` % of it (Texas: 80 %).
    GreaterOf {
        value: String,
        #[serde(default)]
        pct: Option<Rate>,
    },
    /// The book value, not the price (Georgia's assessment manual, Washington's fair market value).
    BookValue { value: String },
    /// The book value when the price is below `pct` % of it (New Mexico: 80 %),
    /// or, with no `pct`, substantially below it and undocumented (Pennsylvania).
    BookValueIfPriceBelow {
        value: String,
        #[serde(default)]
        pct: Option<Rate>,
    },
}

impl ValueBase {
    /// The caveat a reader needs when the tax is not simply on the price.
    pub fn caveat(&self) -> Option<String> {
        match self {
            ValueBase::Price => None,
            ValueBase::GreaterOf { value, pct: None } => Some(format!(
                "The tax is assessed on the greater of the sale price and the vehicle’s book value ({value}); the amount shown assumes the price is at or above book value."
            )),
            ValueBase::GreaterOf { value, pct: Some(p) } => Some(format!(
                "The tax is assessed on the greater of the sale price and {p} of the vehicle’s book value ({value}); the amount shown assumes the price is at or above that floor."
            )),
            ValueBase::BookValue { value } => Some(format!(
                "The tax is assessed on the vehicle’s book value ({value}), not on the sale price; the amount shown uses the price in its place, so it is exact only when the two match."
            )),
            ValueBase::BookValueIfPriceBelow { value, pct: Some(p) } => Some(format!(
                "The tax is assessed on the vehicle’s book value ({value}) when the sale price is below {p} of it; the amount shown assumes the price is not that low."
            )),
            ValueBase::BookValueIfPriceBelow { value, pct: None } => Some(format!(
                "The tax may be assessed on the vehicle’s book value ({value}) when the sale price is substantially below it and cannot be documented; the amount shown assumes the price stands."
            )),
        }
    }
}

/// `high`: read on the agency's page; `medium`: from public knowledge, a
/// secondary source or an industry range, not confirmed on the agency's page
/// (the line's notes say which).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Confirmed against the official source.
    High,
    /// Not confirmed against the official source.
    Medium,
}

/// The tax on one sale type.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct TaxRule {
    /// The line label; when absent it is built from the rate (`PST (12%)`).
    #[serde(default)]
    pub label: Option<String>,
    pub paid_to: String,
    pub notes: String,
    pub source_url: String,
    pub confidence: Confidence,
    /// What the tax is assessed on.
    #[serde(default)]
    pub value_base: ValueBase,
    pub regime: Regime,
}

/// The shape of the tax.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum Regime {
    /// No tax on this sale type: a `tax` line of 0.
    None,
    /// A percentage of the (possibly trade-in-reduced) price.
    Percent(PercentRule),
    /// A percentage that depends on facts we do not ask for (DC's excise by
    /// weight × MPG): a `market_estimate` line, amount null, range price × low…high.
    PercentRange {
        #[serde(rename = "lowPct")]
        low_pct: Rate,
        #[serde(rename = "highPct")]
        high_pct: Rate,
    },
    /// A flat amount by price band (Illinois RUT-50): a `market_estimate`
    /// line, amount null, range from the band the price falls in.
    FlatTable { bands: Vec<FlatBand> },
}

/// A percentage tax.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PercentRule {
    /// The tax's name for labels (`PST`, `HST`, `QST`, `RST`).
    #[serde(default)]
    pub name: Option<String>,
    /// Rate brackets; the rate of the highest bracket whose `from` the taxable
    /// price meets applies FLAT to the whole price (not marginal).
    pub brackets: Vec<Bracket>,
    /// Canada dealer sales: federal GST charged alongside a provincial tax.
    #[serde(default)]
    pub gst_pct: Option<Rate>,
    /// A cap on the whole tax (SC $500).
    #[serde(default)]
    #[serde(with = "shopbench_core::dollars::option")]
    pub max_tax: Option<Cents>,
    /// A minimum tax when any is due (VA $75).
    #[serde(default)]
    #[serde(with = "shopbench_core::dollars::option")]
    pub min_tax: Option<Cents>,
    /// A second, excise-style component: a flat amount on the first part of
    /// the price and a rate on the rest (Oklahoma used vehicles: $20 on the
    /// first $1,500 and 3.25 % above), added to the bracket rate's tax.
    #[serde(default)]
    pub flat_first: Option<FlatFirst>,
}

/// A flat amount covering the price up to `up_to`, plus `rate_pct` of the rest.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FlatFirst {
    #[serde(with = "shopbench_core::dollars")]
    pub up_to: Cents,
    #[serde(with = "shopbench_core::dollars")]
    pub amount: Cents,
    pub rate_pct: Rate,
}

/// One rate bracket.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Bracket {
    #[serde(with = "shopbench_core::dollars")]
    pub from: Cents,
    pub rate_pct: Rate,
}

/// One band of a flat-amount table.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FlatBand {
    #[serde(with = "shopbench_core::dollars")]
    pub from: Cents,
    #[serde(with = "shopbench_core::dollars")]
    pub low: Cents,
    #[serde(with = "shopbench_core::dollars")]
    pub high: Cents,
}

/// Which sale types a fee row applies to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SaleFilter {
    #[default]
    Any,
    Private,
    Dealer,
}

/// Which plate situation a fee row applies to (Ontario: permit only vs permit + plate).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum PlateFilter {
    #[default]
    Any,
    /// Only when the buyer already has plates to move onto the vehicle.
    HasPlates,
    /// Only when the buyer needs new plates.
    NeedsPlates,
}

/// A fixed non-tax line.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FeeRow {
    pub id: String,
    pub label: String,
    #[serde(default)]
    #[serde(with = "shopbench_core::dollars::option")]
    pub amount: Option<Cents>,
    #[serde(default)]
    pub range: Option<Range>,
    /// Adds price × this to the amount (or to both ends of the range):
    /// value-based registration parts such as California's 0.65 % VLF.
    #[serde(default)]
    pub pct_of_price: Option<Rate>,
    pub kind: LineKind,
    pub paid_to: String,
    pub notes: String,
    /// The official page; `null` only for an industry range that no agency
    /// publishes (its notes then start with [`INDUSTRY_RANGE`]).
    pub source_url: Option<String>,
    pub confidence: Confidence,
    #[serde(default)]
    pub sale: SaleFilter,
    #[serde(default)]
    pub plates: PlateFilter,
}

/// An inclusive money range (dollars on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = MoneyRange))]
pub struct Range {
    /// The low end.
    #[serde(with = "shopbench_core::dollars")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub low: Cents,
    /// The high end (≥ low).
    #[serde(with = "shopbench_core::dollars")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub high: Cents,
}

/// What a line is, which decides how it counts in the totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// A tax; its amount counts in the known total.
    Tax,
    /// A fixed government fee; its amount counts in the known total.
    Fee,
    /// A cost known only as a range; widens the estimated total.
    MarketEstimate,
    /// Shown for information; never counted.
    Informational,
}

/// How the notes of a line with no official source begin.
pub(crate) const INDUSTRY_RANGE: &str = "Industry range, no official source";

/// Parses a rule file. Panics on malformed embedded data, which the crate's
/// tests catch before release.
pub(crate) fn parse(text: &str, what: &str, country: &str) -> RuleFile {
    let file: RuleFile = match serde_json::from_str(text) {
        Ok(f) => f,
        Err(e) => panic!("embedded purchase-cost rules {what} do not parse: {e}"),
    };
    assert_eq!(
        file.country, country,
        "{what} holds the rules of the wrong country"
    );
    for j in &file.jurisdictions {
        if let Some(problem) = j.tax.trade_in.problem() {
            panic!("{what}: {}: {problem}", j.code);
        }
        for f in &j.fees {
            if f.source_url.is_none() && !f.notes.starts_with(INDUSTRY_RANGE) {
                panic!(
                    "{what}: {} {}: a line without a sourceUrl must say \"{INDUSTRY_RANGE}\"",
                    j.code, f.id
                );
            }
        }
    }
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capped() -> TradeInRule {
        TradeInRule {
            credit: TradeInCredit::Partial,
            caps: vec![
                YearCap {
                    year: 2019,
                    cap: Cents::from_dollars(5_000),
                },
                YearCap {
                    year: 2020,
                    cap: Cents::from_dollars(6_000),
                },
            ],
            unlimited_from_year: Some(2022),
            ..TradeInRule::default()
        }
    }

    #[test]
    fn caps_are_read_by_year() {
        let r = capped();
        assert_eq!(r.cap_for(2018), Err(2019));
        assert_eq!(
            r.cap_for(2019),
            Ok(TradeInCap::UpTo(Cents::from_dollars(5_000)))
        );
        // A year with no row of its own keeps the last cap until the rule ends.
        assert_eq!(
            r.cap_for(2021),
            Ok(TradeInCap::UpTo(Cents::from_dollars(6_000)))
        );
        assert_eq!(r.cap_for(2022), Ok(TradeInCap::Unlimited));
        let full = TradeInRule {
            credit: TradeInCredit::Full,
            ..TradeInRule::default()
        };
        assert_eq!(full.cap_for(1990), Ok(TradeInCap::Unlimited));
        assert_eq!(
            TradeInRule::default().cap_for(2026),
            Ok(TradeInCap::Nothing)
        );
    }

    #[test]
    fn malformed_trade_in_rules_are_named() {
        assert_eq!(capped().problem(), None);
        let mut r = capped();
        r.caps.reverse();
        assert!(r.problem().is_some());
        let mut r = capped();
        r.unlimited_from_year = Some(2020);
        assert!(r.problem().is_some());
        let mut r = capped();
        r.credit = TradeInCredit::Full;
        assert!(r.problem().is_some());
        r.caps.clear();
        r.credit = TradeInCredit::Partial;
        assert!(r.problem().is_some());
    }

    #[test]
    fn value_base_caveats() {
        assert_eq!(ValueBase::Price.caveat(), None);
        let floor = ValueBase::GreaterOf {
            value: "SPV".into(),
            pct: Rate::from_pct(80.0),
        };
        assert!(floor
            .caveat()
            .unwrap()
            .contains("greater of the sale price and 80% of"));
        let book = ValueBase::BookValue {
            value: "the manual".into(),
        };
        assert!(book.caveat().unwrap().contains("not on the sale price"));
        let below = ValueBase::BookValueIfPriceBelow {
            value: "NADA".into(),
            pct: None,
        };
        assert!(below.caveat().unwrap().contains("substantially below"));
    }
}
