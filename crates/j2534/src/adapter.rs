//! One type for "the car, through whichever adapter the user picked".

use shopbench_obd::modules::{Answer, PhysicalRequest, UdsLink, Wait};
use shopbench_obd::{EcuResponse, Elm327, LinkInfo, ObdError, ObdLink};

use crate::link::PassThruLink;

/// A car reached through an ELM327 (serial, USB, Bluetooth serial, TCP) or a
/// J2534 PassThru device. The OBD services (`scan`, `LiveReader`,
/// `clear_dtcs`) run unchanged on either, so the CLI and the desktop hold one
/// of these instead of each defining the same pair.
pub enum AdapterLink {
    /// An ELM327 on a serial port or TCP.
    Elm(Box<Elm327>),
    /// A J2534 PassThru device.
    PassThru(PassThruLink),
}

impl ObdLink for AdapterLink {
    async fn request(
        &mut self,
        data: &[u8],
        responders: Option<u8>,
    ) -> Result<Vec<EcuResponse>, ObdError> {
        match self {
            AdapterLink::Elm(elm) => elm.request(data, responders).await,
            AdapterLink::PassThru(pt) => pt.request(data, responders).await,
        }
    }

    async fn battery_voltage(&mut self) -> Result<Option<f32>, ObdError> {
        match self {
            AdapterLink::Elm(elm) => elm.battery_voltage().await,
            AdapterLink::PassThru(pt) => pt.battery_voltage().await,
        }
    }

    fn info(&self) -> LinkInfo {
        match self {
            AdapterLink::Elm(elm) => elm.info(),
            AdapterLink::PassThru(pt) => pt.info(),
        }
    }
}

impl UdsLink for AdapterLink {
    fn max_request_len(&self) -> usize {
        match self {
            AdapterLink::Elm(elm) => elm.max_request_len(),
            AdapterLink::PassThru(pt) => pt.max_request_len(),
        }
    }

    fn max_parallel(&self) -> usize {
        match self {
            AdapterLink::Elm(elm) => elm.max_parallel(),
            AdapterLink::PassThru(pt) => pt.max_parallel(),
        }
    }

    async fn physical(
        &mut self,
        batch: &[PhysicalRequest],
        wait: Wait,
    ) -> Result<Vec<Answer>, ObdError> {
        match self {
            AdapterLink::Elm(elm) => elm.physical(batch, wait).await,
            AdapterLink::PassThru(pt) => pt.physical(batch, wait).await,
        }
    }

    fn forget_selection(&mut self) {
        match self {
            AdapterLink::Elm(elm) => elm.forget_selection(),
            AdapterLink::PassThru(pt) => pt.forget_selection(),
        }
    }

    async fn end_physical(&mut self) -> Result<(), ObdError> {
        match self {
            AdapterLink::Elm(elm) => elm.end_physical().await,
            AdapterLink::PassThru(pt) => pt.end_physical().await,
        }
    }
}
