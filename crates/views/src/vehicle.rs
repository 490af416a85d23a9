//! The Vehicle & costs screen.

use serde::{Deserialize, Serialize};

/// One recall campaign as the screen lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecallRow {
    /// `US` or `Canada`.
    pub country: String,
    /// Campaign / recall number.
    pub number: String,
    /// Date, `YYYY-MM-DD` (may be empty).
    pub date: String,
    /// Component or system.
    pub component: String,
    /// What is wrong.
    pub summary: String,
    /// The fix (US campaigns).
    pub remedy: String,
}

/// A decoded VIN with its recalls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VehicleView {
    /// The VIN.
    pub vin: String,
    /// "2013 FORD F-150".
    pub title: String,
    /// Decoded fields, label and value.
    pub rows: Vec<(String, String)>,
    /// VIN and decoding warnings.
    pub warnings: Vec<String>,
    /// Recall campaigns from the offline cache.
    pub recalls: Vec<RecallRow>,
    /// Where the recalls come from, or why there are none.
    pub recalls_note: String,
    /// Which engine answered: this computer or the remote server.
    pub source: String,
}

/// The purchase-cost form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CostsForm {
    /// `us` or `ca`.
    pub country: String,
    /// State or province code.
    pub region: String,
    /// Sale price.
    pub price: String,
    /// `private` or `dealer`.
    pub sale: String,
    /// Trade-in value (US dealer sales).
    pub trade_in: String,
    /// The exact county/city sales-tax surtax in percent (US); empty shows
    /// the state's range, as the CLI's `--local-rate` left out does.
    pub local_rate: String,
    /// Sworn family-gift exemption (Canadian private sales).
    pub family_gift: bool,
    /// The buyer moves plates they already hold.
    pub buyer_has_plates: bool,
}

/// One cost line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostLine {
    /// What it is.
    pub label: String,
    /// The amount or range, formatted.
    pub amount: String,
    /// `tax`, `fee`, `inspection`, …
    pub kind: String,
    /// `high`, `medium`, `low`.
    pub confidence: String,
    /// Who is paid.
    pub paid_to: String,
    /// Notes.
    pub notes: String,
}

/// Itemized purchase costs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostsView {
    /// "California (CA) — used vehicle, private sale, USD 25000.00".
    pub title: String,
    /// `USD` or `CAD`.
    pub currency: String,
    /// The lines.
    pub lines: Vec<CostLine>,
    /// The total of known amounts, formatted.
    pub total_known: String,
    /// The total with ranges, formatted.
    pub total_range: String,
    /// What the figures do not cover.
    pub caveats: Vec<String>,
    /// When the rules were last checked.
    pub rules_as_of: String,
    /// Which engine worked the figures out: this computer or the remote server.
    pub source: String,
}

/// The states and provinces covered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Regions {
    /// US state codes and DC.
    pub us: Vec<String>,
    /// Canadian province and territory codes.
    pub ca: Vec<String>,
}
