//! Charging a request: the price of an operation drawn from the partner's
//! append-only ledger, inside the transaction that does the work, so a
//! refused or failed request is never charged.

use crate::db::sql::Sql;
use crate::db::{ledger, tenants::Tenant};
use crate::problem::ApiError;
use crate::tables::price;
use crate::AppState;

/// The id of the request being served (`req_…`), also sent as `X-Request-ID`.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Charges `operation`'s price inside the caller's transaction; a short
/// balance is a 402 and the caller's transaction is dropped (nothing saved).
pub(crate) fn charge_in(
    tx: &mut dyn Sql,
    t: &Tenant,
    rid: &RequestId,
    operation: &str,
    reference: Option<&str>,
) -> Result<i64, ApiError> {
    charge_amount_in(tx, t, rid, operation, price(operation), reference)
}

/// Charges `cost` credits for `operation` inside the caller's transaction
/// (for operations priced by size, like a chat answer by its tokens).
pub(crate) fn charge_amount_in(
    tx: &mut dyn Sql,
    t: &Tenant,
    rid: &RequestId,
    operation: &str,
    cost: i64,
    reference: Option<&str>,
) -> Result<i64, ApiError> {
    let charged = ledger::charge(
        tx,
        &ledger::Entry {
            partner_id: &t.partner_id,
            mode: t.mode,
            amount: -cost,
            kind: "charge",
            operation: Some(operation),
            reference,
            request_id: Some(&rid.0),
        },
    )?;
    charged
        .map(|_| cost)
        .map_err(|balance| ApiError::InsufficientCredits {
            balance,
            price: cost,
        })
}

/// Charges a synchronous billable answer; 402 (uncharged) when short.
pub(crate) fn charge_sync(
    st: &AppState,
    t: &Tenant,
    rid: &RequestId,
    operation: &str,
) -> Result<i64, ApiError> {
    st.db.tx(|tx| charge_in(tx, t, rid, operation, None))
}
