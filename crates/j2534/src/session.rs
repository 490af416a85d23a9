//! OBD-II requests over an ISO 15765-4 channel (CAN, ISO-TP done by the device).
//!
//! ```text
//!  tester ──7DF (functional, padded)──▶ every OBD ECU
//!  ECU #n ──7E8+n (reply, segmented by the ECU, reassembled by the device)──▶ tester
//!  tester ──7E0+n (flow control, sent by the device per FLOW_CONTROL filter)──▶ ECU #n
//!  29-bit: 18DB33F1 functional; ECU xx replies on 18DAF1xx, flow control to 18DAxxF1
//! ```
//!
//! A request is written once to the functional ID and replies are gathered
//! from every ECU until the bus has been quiet for [`SessionConfig::quiet`]
//! after the last reply. An ECU that answers `7F <sid> 78` (response pending)
//! or has started a multi-frame reply is waited for up to
//! [`SessionConfig::response_pending`] (ISO 15765-4's P2*CAN).

use std::collections::HashSet;
use std::os::raw::c_ulong;
use std::time::{Duration, Instant};

use crate::consts::{config, connect_flags, protocol, rx_status, tx_flags};
use crate::device::{Channel, Device, FilterId};
use crate::error::{J2534Error, Result};

/// Length of CAN identifiers on the bus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdBits {
    /// 11-bit identifiers (7DF / 7E0–7E7 / 7E8–7EF).
    Eleven,
    /// 29-bit identifiers (18DB33F1 / 18DAxxF1 / 18DAF1xx).
    TwentyNine,
}

/// Bus settings and timing of an [`IsoTpSession`].
#[derive(Clone, Debug)]
pub struct SessionConfig {
    /// Bit rate: 500,000 or 250,000 (the two ISO 15765-4 rates).
    pub baud: u32,
    /// CAN identifier length.
    pub id_bits: IdBits,
    /// After the last reply, stop once the bus has been quiet this long.
    pub quiet: Duration,
    /// Give up when no ECU has replied at all after this long.
    pub first_reply: Duration,
    /// How long to wait for an ECU that said "response pending" (`7F xx 78`)
    /// or is in the middle of a segmented reply (P2*CAN).
    pub response_pending: Duration,
    /// Hard limit for one request.
    pub overall: Duration,
    /// Time allowed for the device to send the request.
    pub write_timeout: Duration,
    /// 29-bit only: the ECU addresses to set flow-control filters for
    /// (J2534 devices offer at least 10 filters per channel).
    pub ecu_addresses_29bit: Vec<u8>,
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig {
            baud: 500_000,
            id_bits: IdBits::Eleven,
            quiet: Duration::from_millis(100),
            first_reply: Duration::from_millis(300),
            response_pending: Duration::from_secs(5),
            overall: Duration::from_secs(10),
            write_timeout: Duration::from_millis(200),
            ecu_addresses_29bit: vec![0x10, 0x11, 0x17, 0x18, 0x19, 0x1A, 0x28, 0x29],
        }
    }
}

impl SessionConfig {
    /// Default timing with the given bus settings.
    pub fn new(baud: u32, id_bits: IdBits) -> Self {
        SessionConfig {
            baud,
            id_bits,
            ..SessionConfig::default()
        }
    }
}

/// Functional request ID for 11-bit OBD.
pub const FUNCTIONAL_ID_11: u32 = 0x7DF;
/// Functional request ID for 29-bit OBD (target 0x33, source 0xF1).
pub const FUNCTIONAL_ID_29: u32 = 0x18DB_33F1;

/// The `(response ID, request ID)` pairs of the physical OBD ECUs.
pub fn ecu_id_pairs(config: &SessionConfig) -> Vec<(u32, u32)> {
    match config.id_bits {
        IdBits::Eleven => (0..8).map(|i| (0x7E8 + i, 0x7E0 + i)).collect(),
        IdBits::TwentyNine => config
            .ecu_addresses_29bit
            .iter()
            .map(|&a| {
                (
                    0x18DA_F100 | u32::from(a),
                    0x18DA_00F1 | (u32::from(a) << 8),
                )
            })
            .collect(),
    }
}

/// An ISO 15765 channel set up for OBD-II: flow-control filters for every
/// physical ECU, functional requests with padding.
#[derive(Debug)]
pub struct IsoTpSession {
    channel: Channel,
    config: SessionConfig,
    flags: c_ulong,
    pairs: Vec<(u32, u32, FilterId)>,
    /// True while the OBD filters are down for physical module requests.
    physical: bool,
}

/// How many flow-control filters a batch of physical requests uses at once
/// (J2534-1 guarantees at least 10 per channel).
pub const MAX_MODULE_FILTERS: usize = 10;

/// One module's request in a batch: its request and response CAN IDs and the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleRequest {
    /// The CAN ID the module listens on.
    pub request_id: u32,
    /// The CAN ID it answers on.
    pub response_id: u32,
    /// The request (service first).
    pub data: Vec<u8>,
}

/// What one module answered to a batch request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleReply {
    /// Its final reply (positive, or a refusal other than 78).
    Final(Vec<u8>),
    /// Nothing within the first-reply time.
    Silent,
    /// "Response pending" or a segmented reply started, then nothing in time.
    StillPending,
}

/// One reply: the ECU's response CAN ID and the reassembled payload.
pub type EcuReply = (u32, Vec<u8>);

impl IsoTpSession {
    /// Connect ISO 15765 on `device` and set the filters up.
    pub fn open(device: &Device, config: SessionConfig) -> Result<IsoTpSession> {
        if !matches!(config.baud, 500_000 | 250_000) {
            return Err(J2534Error::InvalidSetting(format!(
                "CAN bit rate {} — ISO 15765-4 uses 500000 or 250000",
                config.baud
            )));
        }
        let (connect, flags) = match config.id_bits {
            IdBits::Eleven => (0, tx_flags::ISO15765_FRAME_PAD),
            IdBits::TwentyNine => (
                connect_flags::CAN_29BIT_ID,
                tx_flags::ISO15765_FRAME_PAD | tx_flags::CAN_29BIT_ID,
            ),
        };
        let channel = device.connect(protocol::ISO15765, connect, config.baud)?;
        // Block size 0 and STmin 0: let ECUs send their whole reply at once.
        // Devices that refuse a parameter keep their own default, which works
        // too; a lost device is the only failure worth stopping for.
        for param in [
            (config::LOOPBACK, 0),
            (config::ISO15765_BS, 0),
            (config::ISO15765_STMIN, 0),
        ] {
            if let Err(e) = channel.set_config(&[param]) {
                if e.is_device_lost() {
                    return Err(e);
                }
            }
        }
        let mut pairs = Vec::new();
        for (response, request) in ecu_id_pairs(&config) {
            let id = channel.start_flow_control_filter(response, request, flags)?;
            pairs.push((response, request, id));
        }
        channel.clear_rx_buffer()?;
        Ok(IsoTpSession {
            channel,
            config,
            flags,
            pairs,
            physical: false,
        })
    }

    /// The underlying channel.
    pub fn channel(&self) -> &Channel {
        &self.channel
    }

    /// The settings this session was opened with.
    pub fn config(&self) -> &SessionConfig {
        &self.config
    }

    /// Send `request` (service byte, then parameters; at most 7 bytes, a
    /// single frame) to all ECUs and collect every reply, sorted by ECU ID.
    /// Negative replies other than "response pending" are returned as they
    /// are (`7F <sid> <nrc>`). No reply at all is [`J2534Error::NoResponse`].
    pub fn request(&mut self, request: &[u8]) -> Result<Vec<EcuReply>> {
        self.request_expecting(request, None)
    }

    /// As [`IsoTpSession::request`], but when `responders` is known (from an
    /// earlier request), return as soon as that many ECUs have answered
    /// instead of waiting out the quiet period.
    pub fn request_expecting(
        &mut self,
        request: &[u8],
        responders: Option<usize>,
    ) -> Result<Vec<EcuReply>> {
        if request.is_empty() || request.len() > 7 {
            return Err(J2534Error::InvalidSetting(format!(
                "functional OBD requests are single frames of 1 to 7 bytes, not {}",
                request.len()
            )));
        }
        let functional = match self.config.id_bits {
            IdBits::Eleven => FUNCTIONAL_ID_11,
            IdBits::TwentyNine => FUNCTIONAL_ID_29,
        };
        self.restore_obd_filters()?;
        self.exchange(functional, request, None, responders)
    }

    /// Send `request` to one ECU, addressed by its response ID (e.g. 0x7E8),
    /// and wait for its reply only.
    pub fn request_physical(&mut self, ecu: u32, request: &[u8]) -> Result<Vec<u8>> {
        self.restore_obd_filters()?;
        let Some(&(_, target, _)) = self.pairs.iter().find(|(r, _, _)| *r == ecu) else {
            return Err(J2534Error::InvalidSetting(format!(
                "no flow-control filter for ECU {ecu:X} on this session"
            )));
        };
        let mut replies = self.exchange(target, request, Some(ecu), Some(1))?;
        Ok(replies.pop().map(|(_, data)| data).unwrap_or_default())
    }

    fn exchange(
        &mut self,
        target: u32,
        request: &[u8],
        only: Option<u32>,
        responders: Option<usize>,
    ) -> Result<Vec<EcuReply>> {
        self.channel.clear_rx_buffer()?;
        let msg = self.channel.message(self.flags, target, request)?;
        self.channel.write_msgs(&[msg], self.config.write_timeout)?;

        let start = Instant::now();
        let hard_stop = start + self.config.overall;
        let mut last_activity = start;
        let mut replies: Vec<EcuReply> = Vec::new();
        let mut waiting: HashSet<u32> = HashSet::new();
        loop {
            let now = Instant::now();
            let deadline = if !waiting.is_empty() {
                last_activity + self.config.response_pending
            } else if replies.is_empty() {
                start + self.config.first_reply
            } else if responders.is_some_and(|n| replies.len() >= n) {
                now // everyone expected has answered
            } else {
                last_activity + self.config.quiet
            }
            .min(hard_stop);
            if now >= deadline {
                break;
            }
            let poll = (deadline - now).clamp(Duration::from_millis(1), Duration::from_millis(20));
            for msg in self.channel.read_msgs(16, poll)? {
                if msg.rx_status & (rx_status::TX_MSG_TYPE | rx_status::TX_INDICATION) != 0 {
                    continue; // our own request echoed or confirmed
                }
                let Some(ecu) = msg.can_id() else { continue };
                if only.is_some_and(|o| o != ecu) {
                    continue;
                }
                if msg.rx_status & rx_status::ISO15765_FIRST_FRAME != 0 {
                    waiting.insert(ecu); // a segmented reply is on its way
                    last_activity = Instant::now();
                    continue;
                }
                match classify(request, msg.payload()) {
                    Reply::Pending => {
                        waiting.insert(ecu);
                        last_activity = Instant::now();
                    }
                    Reply::Final => {
                        waiting.remove(&ecu);
                        replies.push((ecu, msg.payload().to_vec()));
                        last_activity = Instant::now();
                    }
                    Reply::Unrelated => {}
                }
            }
        }
        if replies.is_empty() {
            return Err(J2534Error::NoResponse {
                request: request.to_vec(),
                waited: start.elapsed(),
            });
        }
        replies.sort_by_key(|(ecu, _)| *ecu);
        Ok(replies)
    }

    /// Sends each request to its module and waits for every module's final
    /// reply, [`MAX_MODULE_FILTERS`] modules at a time: the OBD filters are
    /// taken down (until the next functional request, or
    /// [`IsoTpSession::restore_obd_filters`]), a flow-control filter is set
    /// per module, the requests are written together, and the replies are
    /// sorted by CAN ID. A module that says nothing within `first_reply` is
    /// [`ModuleReply::Silent`]; one that said "response pending" or started a
    /// segmented reply is waited for up to [`SessionConfig::response_pending`].
    pub fn request_modules(
        &mut self,
        batch: &[ModuleRequest],
        first_reply: Duration,
    ) -> Result<Vec<ModuleReply>> {
        self.drop_obd_filters()?;
        let mut out = Vec::with_capacity(batch.len());
        for chunk in batch.chunks(MAX_MODULE_FILTERS) {
            let mut filters = Vec::with_capacity(chunk.len());
            for r in chunk {
                let id =
                    self.channel
                        .start_flow_control_filter(r.response_id, r.request_id, self.flags);
                match id {
                    Ok(id) => filters.push(id),
                    Err(e) => {
                        self.stop_filters(&filters)?;
                        return Err(e);
                    }
                }
            }
            let replies = self.exchange_modules(chunk, first_reply);
            self.stop_filters(&filters)?;
            out.extend(replies?);
        }
        Ok(out)
    }

    /// Puts the OBD flow-control filters back after [`IsoTpSession::request_modules`].
    pub fn restore_obd_filters(&mut self) -> Result<()> {
        if !self.physical {
            return Ok(());
        }
        for (i, (response, request)) in ecu_id_pairs(&self.config).into_iter().enumerate() {
            let id = self
                .channel
                .start_flow_control_filter(response, request, self.flags)?;
            self.pairs[i] = (response, request, id);
        }
        self.physical = false;
        Ok(())
    }

    fn drop_obd_filters(&mut self) -> Result<()> {
        if self.physical {
            return Ok(());
        }
        let ids: Vec<FilterId> = self.pairs.iter().map(|p| p.2).collect();
        self.stop_filters(&ids)?;
        self.physical = true;
        Ok(())
    }

    fn stop_filters(&self, ids: &[FilterId]) -> Result<()> {
        for id in ids {
            self.channel.stop_msg_filter(*id)?;
        }
        Ok(())
    }

    fn exchange_modules(
        &mut self,
        chunk: &[ModuleRequest],
        first_reply: Duration,
    ) -> Result<Vec<ModuleReply>> {
        self.channel.clear_rx_buffer()?;
        let msgs = chunk
            .iter()
            .map(|r| self.channel.message(self.flags, r.request_id, &r.data))
            .collect::<Result<Vec<_>>>()?;
        self.channel.write_msgs(&msgs, self.config.write_timeout)?;
        let start = Instant::now();
        let mut waits: Vec<ModuleWait> = chunk
            .iter()
            .map(|_| ModuleWait::new(start + first_reply))
            .collect();
        let hard_stop = start + self.config.overall;
        loop {
            let now = Instant::now();
            let deadline = waits
                .iter()
                .filter(|w| w.reply.is_none())
                .map(|w| w.deadline)
                .min()
                .map_or(now, |d| d.min(hard_stop));
            if now >= deadline {
                break;
            }
            let poll = (deadline - now).clamp(Duration::from_millis(1), Duration::from_millis(20));
            for msg in self.channel.read_msgs(16, poll)? {
                if msg.rx_status & (rx_status::TX_MSG_TYPE | rx_status::TX_INDICATION) != 0 {
                    continue;
                }
                let Some(id) = msg.can_id() else { continue };
                let Some(i) = chunk.iter().position(|r| r.response_id == id) else {
                    continue;
                };
                let first_frame = msg.rx_status & rx_status::ISO15765_FIRST_FRAME != 0;
                waits[i].take(
                    &chunk[i].data,
                    msg.payload(),
                    first_frame,
                    self.config.response_pending,
                );
            }
        }
        Ok(waits.into_iter().map(ModuleWait::finish).collect())
    }

    /// Battery voltage on the OBD connector (pin 16), in volts, via `READ_VBATT`.
    pub fn battery_voltage(&self) -> Result<f64> {
        Ok(f64::from(self.channel.device().read_vbatt()?) / 1000.0)
    }
}

/// One module's progress in a batch.
struct ModuleWait {
    deadline: Instant,
    heard: bool,
    reply: Option<Vec<u8>>,
}

impl ModuleWait {
    fn new(deadline: Instant) -> ModuleWait {
        ModuleWait {
            deadline,
            heard: false,
            reply: None,
        }
    }

    fn take(&mut self, request: &[u8], payload: &[u8], first_frame: bool, pending: Duration) {
        if self.reply.is_some() {
            return;
        }
        if first_frame {
            self.heard = true;
            self.deadline = Instant::now() + pending;
            return;
        }
        match classify(request, payload) {
            Reply::Pending => {
                self.heard = true;
                self.deadline = Instant::now() + pending;
            }
            Reply::Final => self.reply = Some(payload.to_vec()),
            Reply::Unrelated => {}
        }
    }

    fn finish(self) -> ModuleReply {
        match (self.reply, self.heard) {
            (Some(r), _) => ModuleReply::Final(r),
            (None, true) => ModuleReply::StillPending,
            (None, false) => ModuleReply::Silent,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Reply {
    /// `7F <sid> 78`: the ECU needs more time.
    Pending,
    /// A positive reply to the request or a negative one other than 78.
    Final,
    /// Anything else (a late reply to an earlier request).
    Unrelated,
}

/// Sort a reply to `request`. For services 01, 02 and 09 a positive reply
/// must also echo one of the PIDs asked for, so a late answer to an earlier
/// `01 00` is never taken for the answer to `01 0C`.
fn classify(request: &[u8], payload: &[u8]) -> Reply {
    const NEGATIVE: u8 = 0x7F;
    const RESPONSE_PENDING: u8 = 0x78;
    let Some(&sid) = request.first() else {
        return Reply::Unrelated;
    };
    let with_pid = matches!(sid, 0x01 | 0x02 | 0x09) && request.len() >= 2;
    match payload {
        [NEGATIVE, s, RESPONSE_PENDING, ..] if *s == sid => Reply::Pending,
        [NEGATIVE, s, ..] if *s == sid => Reply::Final,
        [first, rest @ ..] if *first == sid.wrapping_add(0x40) => {
            if !with_pid || rest.first().is_some_and(|pid| request[1..].contains(pid)) {
                Reply::Final
            } else {
                Reply::Unrelated
            }
        }
        _ => Reply::Unrelated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_classified_by_service() {
        assert_eq!(
            classify(&[0x01, 0x0C], &[0x41, 0x0C, 0x0B, 0x54]),
            Reply::Final
        );
        assert_eq!(classify(&[0x04], &[0x7F, 0x04, 0x78]), Reply::Pending);
        assert_eq!(classify(&[0x04], &[0x7F, 0x04, 0x22]), Reply::Final);
        assert_eq!(classify(&[0x03], &[0x41, 0x00]), Reply::Unrelated);
        assert_eq!(classify(&[0x03], &[]), Reply::Unrelated);
        assert_eq!(classify(&[0x03], &[0x43, 0x00]), Reply::Final);
        // A late `41 00 ...` is not the answer to `01 0C 0D`.
        assert_eq!(
            classify(&[0x01, 0x0C, 0x0D], &[0x41, 0x00, 0xBE, 0x3F, 0xA8, 0x12]),
            Reply::Unrelated
        );
        assert_eq!(
            classify(&[0x01, 0x0C, 0x0D], &[0x41, 0x0D, 0x00]),
            Reply::Final
        );
        assert_eq!(
            classify(&[0x09, 0x02], &[0x49, 0x0A, 0x01]),
            Reply::Unrelated
        );
    }

    #[test]
    fn id_pairs_follow_iso_15765_4() {
        let eleven = ecu_id_pairs(&SessionConfig::default());
        assert_eq!(eleven.len(), 8);
        assert_eq!((eleven[0], eleven[7]), ((0x7E8, 0x7E0), (0x7EF, 0x7E7)));
        let twenty_nine = ecu_id_pairs(&SessionConfig::new(250_000, IdBits::TwentyNine));
        assert_eq!(twenty_nine[0], (0x18DA_F110, 0x18DA_10F1));
    }
}
