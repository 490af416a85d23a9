use thiserror::Error;

/// Everything that can be wrong with a purchase-cost query.
///
/// Messages follow seed 002's API errors: they say what was wrong and list
/// what would be accepted.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CostsError {
    /// A US state code that is not one of the 50 states or DC.
    #[error("unknown state '{given}'. Valid state codes: {}.", valid.join(", "))]
    UnknownState {
        /// What the caller passed (trimmed, upper-cased).
        given: String,
        /// Every valid code, sorted.
        valid: Vec<String>,
    },
    /// A Canadian code that is not one of the 10 provinces or 3 territories.
    #[error("unknown province/territory '{given}'. Valid codes: {}.", valid.join(", "))]
    UnknownProvince {
        /// What the caller passed (trimmed, upper-cased).
        given: String,
        /// Every valid code, sorted.
        valid: Vec<String>,
    },
    /// A value the rules refuse, named by the query field it was given in:
    /// `trade_in: must be …` (each front-end may name the field its own way,
    /// [`Refusal::field`]).
    #[error("{field}: {0}", field = .0.field())]
    Refused(Refusal),
    /// No sale type given.
    #[error("sale_type is required: 'private' or 'dealer'")]
    MissingSaleType,
    /// A sale type other than private/dealer.
    #[error("invalid sale_type '{0}': expected 'private' or 'dealer'")]
    InvalidSaleType(String),
    /// A money amount that does not parse.
    #[error("'{0}' is not an amount: expected a number like 25000 or 25000.50")]
    InvalidAmount(String),
    /// The embedded rule data is inconsistent (a bug in `assets/purchase-costs`).
    #[error("purchase-cost rules for {jurisdiction} are invalid: {reason}")]
    BadRules {
        /// Which jurisdiction (or file).
        jurisdiction: String,
        /// What is wrong.
        reason: String,
    },
}

/// A field of a purchase-cost query that a [`Refusal`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// `price`.
    Price,
    /// `trade_in`.
    TradeIn,
    /// `local_rate`.
    LocalRate,
    /// `year`.
    Year,
    /// `family_gift`.
    FamilyGift,
}

impl Field {
    /// The API's parameter name (`trade_in`), as [`CostsError`] writes it.
    pub fn api_name(self) -> &'static str {
        match self {
            Field::Price => "price",
            Field::TradeIn => "trade_in",
            Field::LocalRate => "local_rate",
            Field::Year => "year",
            Field::FamilyGift => "family_gift",
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.api_name())
    }
}

/// Why the rules refuse a value. The text names no field: the field is
/// [`Refusal::field`], which the API names by its parameter (`trade_in: …`,
/// [`CostsError::Refused`]) and the CLI and desktop by the flag or the form
/// label the user typed it in (`--trade-in: …`, `Trade-in: …`).
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// A sale price at or below zero, or above 5,000,000.
    #[error("must be greater than 0 and at most 5,000,000 (got {0}); give the agreed sale price")]
    PriceOutOfRange(String),
    /// A negative trade-in, or one not less than the price.
    #[error("must be at least 0 and less than the price (got {trade_in}, price {price})")]
    TradeInOutOfRange {
        /// The trade-in given.
        trade_in: String,
        /// The price given.
        price: String,
    },
    /// A local surtax rate outside 0–15 %.
    #[error(
        "must be a percentage between 0 and 15 (got {0}); e.g. 2.25 for a 2.25% county/city surtax"
    )]
    LocalRateOutOfRange(String),
    /// A local rate above the state's highest county/city rate for vehicles.
    #[error("{given}% is above {jurisdiction}'s highest county/city rate of {max} on a vehicle purchase; give a rate from 0 to {max}, or leave it out to get the range")]
    LocalRateAboveMaximum {
        /// The state's name.
        jurisdiction: String,
        /// The rate given, in percent.
        given: String,
        /// The state's maximum, formatted (`3.5%`).
        max: String,
    },
    /// A sale year outside the supported span.
    #[error("must be a calendar year from {first} to {last} (got {0}); give the year the vehicle is delivered", first = crate::SaleYear::FIRST, last = crate::SaleYear::LAST)]
    YearOutOfRange(String),
    /// A year before the first one a year-dependent rule is modelled for.
    #[error("{jurisdiction}'s trade-in credit is modelled for vehicles delivered from {first} on (got {year}); give a year from {first} on")]
    YearBeforeRule {
        /// The jurisdiction's name.
        jurisdiction: String,
        /// The year given.
        year: u16,
        /// The first year the rule covers.
        first: u16,
    },
    /// The family-gift exemption asked for on a dealer sale.
    #[error("applies only to private sales between family members; leave it out or make the sale private")]
    FamilyGiftOnDealerSale,
}

impl Refusal {
    /// The query field the refused value was given in.
    pub fn field(&self) -> Field {
        match self {
            Refusal::PriceOutOfRange(_) => Field::Price,
            Refusal::TradeInOutOfRange { .. } => Field::TradeIn,
            Refusal::LocalRateOutOfRange(_) | Refusal::LocalRateAboveMaximum { .. } => {
                Field::LocalRate
            }
            Refusal::YearOutOfRange(_) | Refusal::YearBeforeRule { .. } => Field::Year,
            Refusal::FamilyGiftOnDealerSale => Field::FamilyGift,
        }
    }
}

impl From<Refusal> for CostsError {
    fn from(r: Refusal) -> Self {
        CostsError::Refused(r)
    }
}

impl From<shopbench_core::CoreError> for CostsError {
    /// A malformed amount typed by the user (`--price lots`).
    fn from(e: shopbench_core::CoreError) -> Self {
        match e {
            shopbench_core::CoreError::MalformedAmount(s) => CostsError::InvalidAmount(s),
            other => CostsError::InvalidAmount(other.to_string()),
        }
    }
}
