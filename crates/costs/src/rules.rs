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

/// How a used-vehicle purchase is taxed, per sale type.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct TaxRules {
    pub private: TaxRule,
    pub dealer: TaxRule,
    /// US only: how a trade-in reduces the tax base.
    #[serde(default)]
    pub trade_in_credit: TradeInCredit,
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

/// Trade-in credit against the tax base.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TradeInCredit {
    /// The trade-in value is deducted from the taxable price (dealer sales).
    Full,
    /// Deducted up to a limit; the engine does not deduct, and says so.
    Partial,
    /// Never deducted.
    #[default]
    None,
}

/// `high`: read on the agency's page; `medium`: from public knowledge or a
/// secondary source, not confirmed on the agency's page (the line's notes say so).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
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
    /// The tax base is the greater of price and a book value.
    #[serde(default)]
    pub book_value_base: bool,
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
    /// US: the highest county/city surtax on top of the state rate.
    #[serde(default)]
    pub max_local_pct: Option<Rate>,
    /// US: the local surtax applies only to this much of the price (FL $5,000, TN $1,600).
    #[serde(default)]
    pub local_base_cap: Option<Cents>,
    /// A cap on the whole tax (SC $500).
    #[serde(default)]
    pub max_tax: Option<Cents>,
    /// A minimum tax when any is due (VA $75).
    #[serde(default)]
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
    pub up_to: Cents,
    pub amount: Cents,
    pub rate_pct: Rate,
}

/// One rate bracket.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Bracket {
    pub from: Cents,
    pub rate_pct: Rate,
}

/// One band of a flat-amount table.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FlatBand {
    pub from: Cents,
    pub low: Cents,
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
    pub source_url: String,
    pub confidence: Confidence,
    #[serde(default)]
    pub sale: SaleFilter,
    #[serde(default)]
    pub plates: PlateFilter,
}

/// An inclusive money range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub struct Range {
    /// The low end.
    pub low: Cents,
    /// The high end (≥ low).
    pub high: Cents,
}

/// What a line is, which decides how it counts in the totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
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
    file
}
