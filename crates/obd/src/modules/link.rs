//! What an adapter must do for an all-module scan: talk to one module at a
//! time (an ELM327) or to several at once (a J2534 device).

use std::future::Future;

use super::address::ModuleAddress;
use crate::{ObdError, ObdLink};

/// One physically addressed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhysicalRequest {
    /// The module.
    pub module: ModuleAddress,
    /// The request bytes (service first).
    pub data: Vec<u8>,
}

/// How long to wait for an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Is anyone there? A present module answers within P2CAN (50 ms,
    /// ISO 15765-4); an absent one never does, so wait little.
    Probe,
    /// A module known to be there: wait its full time, and through
    /// "response pending" (`7F xx 78`) up to P2*CAN (5 s).
    Full,
}

/// What came back from one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Its final reply (positive, or `7F` refusal other than 78), service byte first.
    Reply(Vec<u8>),
    /// Nothing in time.
    Silent,
    /// It said "response pending" and then nothing more in time.
    StillPending,
    /// The adapter failed this one request (an adapter fault, a garbled
    /// reply); the link is still there.
    Failed(String),
}

/// A link that can address modules one by one, on top of OBD-II's
/// functional requests. Implemented by the ELM327 (header and receive
/// address switching, `AT SH` / `AT CRA`, flow control set-up) and by J2534
/// devices (a flow-control filter per module).
pub trait UdsLink: ObdLink {
    /// The longest request this link sends to a module (an ELM327 sends
    /// single frames only: 7 bytes).
    fn max_request_len(&self) -> usize;

    /// How many modules can be asked at once (1 for an ELM327).
    fn max_parallel(&self) -> usize;

    /// Sends each request to its module and returns each module's answer, in
    /// order. Up to [`UdsLink::max_parallel`] requests go out together.
    /// `Err` only when the link itself is lost or broken.
    fn physical(
        &mut self,
        batch: &[PhysicalRequest],
        wait: Wait,
    ) -> impl Future<Output = Result<Vec<Answer>, ObdError>> + Send;

    /// Forgets which module is selected, so the next request sets the
    /// addressing up again (the naive order's cost, for the benchmark).
    fn forget_selection(&mut self) {}

    /// Returns to functional OBD-II addressing (7DF / 18DB33F1).
    fn end_physical(&mut self) -> impl Future<Output = Result<(), ObdError>> + Send;
}
