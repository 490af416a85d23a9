//! Itemized government costs of buying a used passenger vehicle in every US
//! state + DC and every Canadian province and territory.
//!
//! A pure rules engine: the figures live in `assets/purchase-costs/us.json`
//! and `ca.json` (embedded at build time, parsed once), one entry per
//! jurisdiction, every figure with its official `sourceUrl`, a `confidence`
//! and an "as of" date. Adding or correcting a jurisdiction is editing a row.
//! The answers have seed 002's shape (`lines`, `totalKnown…`,
//! `estimatedTotalRange…`, `caveats`).
//!
//! ```
//! use shopbench_costs::{ca_purchase_costs, CaQuery, Cents, SaleType};
//! let on = ca_purchase_costs(&CaQuery::new("on", Cents::from_dollars(25_000), SaleType::Private)).unwrap();
//! assert_eq!(on.lines[0].label, "RST (13%)");
//! assert_eq!(on.total_known_cad, Cents::from_dollars(3_329));
//! ```
//!
//! # Totals
//!
//! * `totalKnown` is the sum of the non-null amounts of `tax` and `fee` lines.
//! * `estimatedTotalRange` starts at `totalKnown`. A `tax`/`fee` line that has
//!   both an amount and a range (a US sales tax without `local_rate`: amount at
//!   the state rate, range up to the maximum local surtax) moves low by
//!   `range.low − amount` and high by `range.high − amount`, since its amount
//!   is already counted. Every other line with a range (`market_estimate`
//!   lines, whose amount is null) adds `range.low` to low and `range.high` to
//!   high. `informational` lines never count. Every range has low ≤ high, so
//!   the estimated range does too.
//!
//! # Tax rules
//!
//! * Rates apply FLAT to the whole taxable price at the highest bracket whose
//!   threshold the price meets (BC private: 12 % → 15 % at $125,000 → 20 % at
//!   $150,000), never marginally.
//! * Trade-ins come off the taxable price only on dealer sales, as each
//!   jurisdiction's `tradeIn` row allows: in `full`, up to the cap for the
//!   delivery year (`partial`: Michigan), or not at all (`none`). Canadian
//!   dealer sales deduct them from GST/HST and the provincial tax
//!   ([`ca_purchase_costs_with_trade_in`]).
//! * A US `local_rate` is added only where the state's `localTax` row allows a
//!   county/city rate; above the row's maximum it is an error naming the
//!   maximum, and where the state has no local vehicle tax it is ignored with
//!   a caveat.
//! * Where the tax is not simply on the price (the greater of price and a
//!   book value, the book value alone, …) the sale type's `valueBase` row says
//!   so and the caveat is generated from it.
//! * The engine never reads the clock: a rule that changes by year is read
//!   for the year the caller passes ([`us_purchase_costs_for_year`]) or, by
//!   default, the year the figures were compiled, with a caveat.
//!
//! # Sources
//!
//! Every line cites the official page its figure was read on. A line whose
//! figure no agency publishes (most dealer documentation fees) has an empty
//! `sourceUrl`, `medium` confidence and notes beginning "Industry range, no
//! official source". `tools/costs_review.py` lists every line that is not
//! backed by an official page or is only `medium` confidence.
//! * Amounts are computed in integer cents and rounded half-up once per tax
//!   component.
#![deny(missing_docs)]

mod ca;
mod engine;
mod error;
mod money;
mod rules;
mod us;
mod year;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use ca::{
    ca_province_codes, ca_purchase_costs, ca_purchase_costs_with_trade_in, CaCosts, CaInput,
    CaLine, CaQuery,
};
pub use error::{CostsError, Field, Refusal};
pub use money::{Cents, Rate};
pub use rules::{Confidence, LineKind, Range, TradeInCredit};
pub use us::{
    us_purchase_costs, us_purchase_costs_for_year, us_state_codes, UsCosts, UsInput, UsLine,
    UsQuery,
};
pub use year::SaleYear;

/// Who sells the vehicle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SaleType {
    /// A private party (the buyer pays the tax at registration).
    Private,
    /// A licensed dealer (the dealer collects the tax; a doc fee may apply).
    Dealer,
}

impl FromStr for SaleType {
    type Err = CostsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "private" => Ok(SaleType::Private),
            "dealer" => Ok(SaleType::Dealer),
            "" => Err(CostsError::MissingSaleType),
            _ => Err(CostsError::InvalidSaleType(s.trim().to_string())),
        }
    }
}

impl fmt::Display for SaleType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SaleType::Private => "private",
            SaleType::Dealer => "dealer",
        })
    }
}

/// The largest accepted price, in dollars.
pub const MAX_PRICE_DOLLARS: i64 = 5_000_000;

fn validate_price(price: Cents) -> Result<(), CostsError> {
    if price <= Cents::ZERO || price > Cents::from_dollars(MAX_PRICE_DOLLARS) {
        return Err(Refusal::PriceOutOfRange(price.to_string()).into());
    }
    Ok(())
}
