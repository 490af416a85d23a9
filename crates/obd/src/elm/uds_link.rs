//! Physical addressing on an ELM327, for all-module scans.
//!
//! Per module (only when it changes):
//! ```text
//! AT SH 7B0        requests go to the module (29-bit: AT SH 18DA28F1, or
//!                  AT CP 18 + AT SH DA28F1 on adapters before v2)
//! AT CRA 7B8       receive only the module's answers
//! AT FC SH 7B0     flow control for its multi-frame answers goes to it
//! ```
//! once: `AT FC SD 30 00 00` and `AT FC SM 1` (flow control "clear to send,
//! no block limit, no gap"), and `AT ST 19` (100 ms) while probing for
//! modules that may not exist, `AT ST 32` (200 ms, the default) otherwise.
//! Clones that lack CRA or the FC commands (`?`) keep their defaults: the
//! ELM327's own flow control works for request/response pairs 8 apart, and
//! answers are matched to the module by their CAN ID anyway.
//! [`UdsLink::end_physical`] restores functional addressing (`AT SH 7DF` or
//! 18DB33F1, `AT CRA`, `AT FC SM 0`, `AT ST 32`).

use std::future::Future;

use super::{Elm327, Transport};
use crate::modules::{Answer, ModuleAddress, PhysicalRequest, UdsLink, Wait};
use crate::{EcuAddress, EcuResponse, ObdError};

/// The ELM327's addressing state while it talks to modules.
#[derive(Debug, Default)]
pub(super) struct Physical {
    /// The module the header and filters are set for.
    selected: Option<ModuleAddress>,
    /// Flow-control data and mode sent.
    flow_control: bool,
    /// The `AT ST` in force: Some(true) = probe timing.
    probe_timing: Option<bool>,
    /// The adapter refused a 4-byte `AT SH`: use `AT CP` + 3 bytes.
    split_29: bool,
    /// The adapter refused the response-count suffix on a module request.
    no_suffix: bool,
    /// Anything was changed from functional addressing.
    active: bool,
}

/// `AT ST` values (× 4 ms): 100 ms to find modules, the 200 ms default otherwise.
const PROBE_ST: &str = "ATST19";
const DEFAULT_ST: &str = "ATST32";

impl<T: Transport> UdsLink for Elm327<T> {
    fn max_request_len(&self) -> usize {
        7
    }

    fn max_parallel(&self) -> usize {
        1
    }

    fn physical(
        &mut self,
        batch: &[PhysicalRequest],
        wait: Wait,
    ) -> impl Future<Output = Result<Vec<Answer>, ObdError>> + Send {
        let batch = batch.to_vec();
        async move {
            let mut out = Vec::with_capacity(batch.len());
            for req in &batch {
                out.push(self.physical_one(req, wait).await?);
            }
            Ok(out)
        }
    }

    fn forget_selection(&mut self) {
        self.phys.selected = None;
        self.phys.probe_timing = None;
    }

    fn end_physical(&mut self) -> impl Future<Output = Result<(), ObdError>> + Send {
        self.restore_functional()
    }
}

impl<T: Transport> Elm327<T> {
    async fn physical_one(
        &mut self,
        req: &PhysicalRequest,
        wait: Wait,
    ) -> Result<Answer, ObdError> {
        if req.data.is_empty() || req.data.len() > 7 {
            return Ok(Answer::Failed(format!(
                "a {}-byte request does not fit one CAN frame, and an ELM327 sends single frames only",
                req.data.len()
            )));
        }
        self.select(req.module).await?;
        self.st(wait == Wait::Probe).await?;
        let timeout = self.opts.request_timeout;
        let suffix = (wait == Wait::Probe && !self.phys.no_suffix).then_some(1);
        let mut result = self.obd(&req.data, suffix, timeout).await;
        if suffix.is_some() && matches!(result, Err(ObdError::UnknownCommand { .. })) {
            self.phys.no_suffix = true;
            result = self.obd(&req.data, None, timeout).await;
        }
        answer(req.module, result)
    }

    async fn select(&mut self, m: ModuleAddress) -> Result<(), ObdError> {
        if self.phys.selected == Some(m) {
            return Ok(());
        }
        self.phys.active = true;
        self.set_header(m.request).await?;
        self.optional_at(&format!("ATCRA{}", id_hex(m.response)))
            .await?;
        self.optional_at(&format!("ATFCSH{}", id_hex(m.request)))
            .await?;
        if !self.phys.flow_control {
            self.optional_at("ATFCSD300000").await?;
            self.optional_at("ATFCSM1").await?;
            self.phys.flow_control = true;
        }
        self.phys.selected = Some(m);
        Ok(())
    }

    async fn set_header(&mut self, id: u32) -> Result<(), ObdError> {
        if id <= 0x7FF {
            return self.at_ok(&format!("ATSH{id:03X}")).await;
        }
        if !self.phys.split_29 {
            match self.at_ok(&format!("ATSH{id:08X}")).await {
                Err(ObdError::UnknownCommand { .. }) => self.phys.split_29 = true,
                other => return other,
            }
        }
        self.at_ok(&format!("ATCP{:02X}", id >> 24)).await?;
        self.at_ok(&format!("ATSH{:06X}", id & 0xFF_FFFF)).await
    }

    /// An AT command some clones lack: `?` is not an error.
    async fn optional_at(&mut self, command: &str) -> Result<(), ObdError> {
        match self.at_ok(command).await {
            Ok(()) | Err(ObdError::UnknownCommand { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn st(&mut self, probe: bool) -> Result<(), ObdError> {
        if self.phys.probe_timing == Some(probe) {
            return Ok(());
        }
        self.optional_at(if probe { PROBE_ST } else { DEFAULT_ST })
            .await?;
        self.phys.probe_timing = Some(probe);
        Ok(())
    }

    async fn restore_functional(&mut self) -> Result<(), ObdError> {
        if !self.phys.active {
            return Ok(());
        }
        let bits29 = self.protocol.is_some_and(|p| matches!(p.0, 7 | 9))
            || self.phys.selected.is_some_and(ModuleAddress::is_29bit);
        self.set_header(if bits29 { 0x18DB_33F1 } else { 0x7DF })
            .await?;
        self.optional_at("ATCRA").await?;
        if self.phys.flow_control {
            self.optional_at("ATFCSM0").await?;
        }
        if self.phys.probe_timing.is_some() {
            self.optional_at(DEFAULT_ST).await?;
        }
        let split_29 = self.phys.split_29;
        self.phys = Physical {
            split_29,
            ..Physical::default()
        };
        Ok(())
    }
}

fn id_hex(id: u32) -> String {
    if id <= 0x7FF {
        format!("{id:03X}")
    } else {
        format!("{id:08X}")
    }
}

/// One module's answer from what the OBD layer returned.
fn answer(
    module: ModuleAddress,
    result: Result<Vec<EcuResponse>, ObdError>,
) -> Result<Answer, ObdError> {
    Ok(match result {
        Ok(responses) => responses
            .into_iter()
            .find(|r| r.ecu == module.ecu() || r.ecu == EcuAddress::Unknown)
            .map_or(Answer::Silent, |r| Answer::Reply(r.data)),
        Err(ObdError::NegativeResponse { service, nrc, .. }) => {
            Answer::Reply(vec![0x7F, service, nrc])
        }
        Err(ObdError::NoData { .. } | ObdError::Timeout { .. }) => Answer::Silent,
        Err(e) if e.is_link_lost() => return Err(e),
        Err(e) => Answer::Failed(e.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_taken_from_the_module_only() {
        let m = ModuleAddress::can11(0x7B0);
        let r = |ecu: u16, d: &[u8]| EcuResponse {
            ecu: EcuAddress::Can11(ecu),
            data: d.to_vec(),
        };
        let got = answer(m, Ok(vec![r(0x7E8, &[0x7E, 0]), r(0x7B8, &[0x7E, 0])])).unwrap();
        assert_eq!(got, Answer::Reply(vec![0x7E, 0]));
        assert_eq!(
            answer(m, Ok(vec![r(0x7E8, &[0x7E, 0])])).unwrap(),
            Answer::Silent
        );
        let refused = ObdError::NegativeResponse {
            ecu: "7B8".into(),
            service: 0x19,
            nrc: 0x31,
        };
        assert_eq!(
            answer(m, Err(refused)).unwrap(),
            Answer::Reply(vec![0x7F, 0x19, 0x31])
        );
        let gone = ObdError::AdapterGone {
            port: "p".into(),
            command: "3E00".into(),
            reason: "EOF".into(),
        };
        assert!(answer(m, Err(gone)).is_err());
        assert_eq!(id_hex(0x18DA_28F1), "18DA28F1");
    }
}
