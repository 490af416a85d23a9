//! The ELM327 command layer and connect sequence.
//!
//! # Reading replies
//! Every command is `CMD\r`; the adapter answers with lines and ends with the
//! `>` prompt. We always read up to the prompt. NUL bytes, the echo (if a
//! clone ignores `ATE0`), `SEARCHING...` and blank lines are dropped; adapter
//! messages (`NO DATA`, `CAN ERROR`, …) become typed [`ObdError`]s.
//!
//! # Never taking a late reply for the next one
//! When a request times out, its reply may still come. Then, before the next
//! command:
//! 1. wait up to the late-reply grace period
//!    ([`ConnectOptions::late_reply_grace`]) for that prompt and discard
//!    everything up to it, then discard any other bytes already waiting;
//! 2. if the prompt did not come in time, send `ATI` and discard every
//!    prompt-terminated block until the one carrying the adapter's identity.
//!    An adapter that queues commands (like the emulator) answers the old
//!    request first; a busy ELM327 stops at the `A` (`STOPPED`), rejects the
//!    rest (`?`), and is asked again. (A bare CR is never sent: it would
//!    *repeat* the last command.)
//! 3. check every OBD reply against its request (service byte + 0x40, or
//!    `7F` + service; the PID for services 01/02/09) and skip whole blocks
//!    that answer something else — a second line of defence. AT commands
//!    skip blocks that are recognisably something else the same way (an
//!    identity where `OK` is expected), so the output a previous session
//!    left in the adapter never derails the next connect.
//!
//! # Slow adapters
//! Bluetooth and Wi-Fi adapters can take 0.5–2 s per reply. The link learns
//! its latency from replies that are quick on any ELM327 (`ATI`, `ATE0`, …,
//! including the baud-rate probe, which waits up to 2.4 s for a first byte)
//! and from late replies of timed-out requests, and adds it to every time
//! limit, up to [`SLOW_REPLY_LIMIT`]. AT set-up limits are never shorter than
//! the request time limit ([`ConnectOptions::request_timeout`]).

mod uds_link;

use crate::frames::{parse_lines, to_hex};
use crate::memory::ProtocolMemory;
use crate::transport::{AnyTransport, PortSpec, Transport};
use crate::{AdapterFault, EcuResponse, FrameFormat, ObdError, Protocol};
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;
use tokio::time::Instant;

/// Baud rates tried, in order, when none is given.
pub const BAUD_RATES: [u32; 5] = [38400, 9600, 115200, 230400, 500000];

/// Explicit protocols tried when the automatic search finds nothing usable:
/// CAN first (every car since 2008), then K-line, then J1850.
pub const FALLBACK_PROTOCOLS: [u8; 9] = [6, 8, 7, 9, 3, 4, 5, 1, 2];

/// What [`Elm327::connect`] should do.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Serial baud rate; `None` = detect (tries [`BAUD_RATES`]). Ignored for TCP.
    pub baud: Option<u32>,
    /// Force a protocol instead of searching.
    pub protocol: Option<Protocol>,
    /// JSON file remembering the last working protocol per adapter and port.
    pub memory: Option<PathBuf>,
    /// Opt-in: after connecting, raise the serial speed with `ATBRD` to this rate.
    pub speed_up_to: Option<u32>,
    /// Time limit for one OBD request.
    pub request_timeout: Duration,
    /// Time limit for the first request, during which the adapter searches for the protocol.
    pub search_timeout: Duration,
    /// How long to wait for the late reply of a timed-out request before the next command.
    pub late_reply_grace: Duration,
    /// Use the response-count suffix (`010C1`) once the number of answering ECUs is known.
    pub response_count_suffix: bool,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            baud: None,
            protocol: None,
            memory: None,
            speed_up_to: None,
            request_timeout: Duration::from_secs(2),
            search_timeout: Duration::from_secs(12),
            late_reply_grace: Duration::from_secs(1),
            response_count_suffix: true,
        }
    }
}

/// Progress of [`Elm327::connect`], for a status line.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ConnectStep {
    /// Opening the port.
    Opening(String),
    /// Trying a baud rate.
    TryingBaud(u32),
    /// The adapter answered a reset with this identity.
    Identified(String),
    /// Trying the protocol remembered from last time.
    RememberedProtocol(Protocol),
    /// Trying the protocol forced by [`ConnectOptions::protocol`].
    ForcedProtocol(Protocol),
    /// The adapter is searching for the car's protocol (may take several seconds).
    Searching,
    /// Trying one explicit protocol after the search failed.
    TryingProtocol(Protocol),
    /// The car answered on this protocol.
    Connected(Protocol),
    /// The serial speed was raised (or, `false`, the adapter refused and we stayed).
    SpeedUp(u32, bool),
    /// Battery voltage read (`ATRV`).
    Voltage(f32),
}

/// Adapter identity and link state, for reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkInfo {
    /// The adapter's identity (`ELM327 v1.5`), junk bytes removed.
    pub adapter: String,
    /// The port.
    pub port: String,
    /// The OBD protocol in use.
    pub protocol: Option<Protocol>,
}

/// A connection to a car, whatever the adapter. Services are written once over this.
pub trait ObdLink {
    /// Sends one OBD request (`[0x01, 0x0C]`) and returns each ECU's reassembled
    /// reply. `responders`, when known, lets the adapter return as soon as that
    /// many ECUs answered. Negative responses from some ECUs are dropped when
    /// others answered; if all refused, the error is [`ObdError::NegativeResponse`].
    fn request(
        &mut self,
        data: &[u8],
        responders: Option<u8>,
    ) -> impl Future<Output = Result<Vec<EcuResponse>, ObdError>> + Send;

    /// Battery voltage at the OBD socket, if the adapter can measure it.
    fn battery_voltage(&mut self) -> impl Future<Output = Result<Option<f32>, ObdError>> + Send;

    /// Adapter, port and protocol.
    fn info(&self) -> LinkInfo;
}

/// The most reply latency the link adapts to. Slow Bluetooth and Wi-Fi
/// adapters take 0.5–2 s per reply; once a reply shows the link is that slow,
/// every later time limit grows by the latency seen (up to this much).
pub const SLOW_REPLY_LIMIT: Duration = Duration::from_secs(2);

/// How long the baud-rate probe waits for the first byte at each rate: a
/// fast adapter answers within the first 0.4 s, a slow one within
/// [`SLOW_REPLY_LIMIT`] more.
const BAUD_PROBE: Duration = Duration::from_millis(400);

/// How many blocks that answer something else (late replies, output an
/// earlier session left in the adapter) are skipped before giving up on a reply.
const MAX_STALE_BLOCKS: usize = 8;

/// AT commands an ELM327 answers at once: the time they take is the link's own latency.
const QUICK_AT: [&str; 10] = [
    "ATI", "ATE0", "ATL0", "ATS0", "ATH1", "ATAT1", "ATRV", "ATWS", "ATZ", "ATTP",
];

/// An ELM327 (or compatible clone) on some [`Transport`].
pub struct Elm327<T: Transport = AnyTransport> {
    t: T,
    port: String,
    identity: String,
    protocol: Option<Protocol>,
    format: FrameFormat,
    pending: Vec<u8>,
    /// Requests that timed out and whose prompt we have not seen yet.
    owed_prompts: usize,
    /// When the oldest request we still owe a prompt for was sent.
    owed_since: Option<Instant>,
    /// When the last command was written.
    sent_at: Instant,
    /// The slowest reply latency seen on this link (capped at [`SLOW_REPLY_LIMIT`]);
    /// added to every time limit.
    latency: Duration,
    /// True once the adapter has answered the reset with its identity: a
    /// timeout then means the adapter or car stopped answering, not a wrong
    /// port or baud rate.
    connected: bool,
    opts: ConnectOptions,
    spec: Option<PortSpec>,
    /// False if the adapter refused `ATH1`: replies are then payload only.
    headers: bool,
    /// Physical addressing for all-module scans (see `uds_link`).
    phys: uds_link::Physical,
}

impl Elm327<AnyTransport> {
    /// Opens `spec` and runs the connect sequence: baud detection (serial, if no
    /// baud given), `ATWS`/`ATZ`, `ATE0 ATL0 ATS0 ATH1 ATAT1`, the forced
    /// protocol, or the remembered one, or `ATSP0` + a `0100` probe (+
    /// `ATDPN`) and explicit protocols if the search found nothing usable,
    /// optional `ATBRD`, and `ATRV`.
    ///
    /// Output an earlier session left in the adapter (late replies of a scan
    /// that gave up) is drained and skipped: every reply is read to its `>`
    /// prompt and only a block that answers the command sent is taken.
    ///
    /// If the adapter's own search ends in `UNABLE TO CONNECT`, it has already
    /// tried every protocol, so this fails at once with
    /// [`ObdError::UnableToConnect`] ("is the ignition on?") rather than
    /// trying them all again one by one. A forced protocol
    /// ([`ConnectOptions::protocol`]) that gets no answer fails at once too:
    /// no search is run.
    pub async fn connect(
        spec: &PortSpec,
        opts: ConnectOptions,
        mut progress: impl FnMut(ConnectStep),
    ) -> Result<Elm327<AnyTransport>, ObdError> {
        progress(ConnectStep::Opening(spec.to_string()));
        let first_baud = opts.baud.unwrap_or(BAUD_RATES[0]);
        let t = spec.open(first_baud).await?;
        let mut elm = Elm327::connect_with(t, opts, progress).await?;
        elm.spec = Some(spec.clone());
        Ok(elm)
    }

    /// Opens the port again and reruns the connect sequence (after
    /// [`ObdError::AdapterGone`]: USB re-plugged, Bluetooth back; or after
    /// the adapter stalled). The protocol found is used directly.
    pub async fn reconnect(&mut self, progress: impl FnMut(ConnectStep)) -> Result<(), ObdError> {
        let spec = self.spec.clone().ok_or_else(|| ObdError::InvalidPort {
            port: self.port.clone(),
            reason: "this link was not opened from a port name".into(),
        })?;
        let mut opts = self.opts.clone();
        if opts.protocol.is_none() {
            opts.protocol = self.protocol;
        }
        let forced = self.opts.protocol;
        let mut fresh = Elm327::connect(&spec, opts, progress).await?;
        fresh.latency = fresh.latency.max(self.latency);
        fresh.opts.protocol = forced;
        *self = fresh;
        Ok(())
    }
}

impl<T: Transport> Elm327<T> {
    /// Runs the connect sequence over an already open transport: wake the
    /// adapter, set it up, find the protocol (forced, or remembered, or
    /// searched), remember it, then the optional extras.
    pub async fn connect_with(
        t: T,
        opts: ConnectOptions,
        mut progress: impl FnMut(ConnectStep),
    ) -> Result<Elm327<T>, ObdError> {
        let mut elm = Elm327::unconnected(t, opts);
        elm.wake(&mut progress).await?;
        elm.set_up().await?;
        let mut memory = elm.open_memory()?;
        let remembered = memory
            .as_ref()
            .and_then(|m| m.get(&elm.identity, &elm.port));
        let protocol = match elm.opts.protocol {
            Some(p) => elm.forced_protocol(p, &mut progress).await?,
            None => elm.found_protocol(remembered, &mut progress).await?,
        };
        elm.set_protocol(protocol);
        progress(ConnectStep::Connected(protocol));
        if let Some(m) = memory.as_mut() {
            if remembered != Some(protocol) {
                m.remember(&elm.identity, &elm.port, protocol)?;
            }
        }
        elm.after_connect(&mut progress).await?;
        Ok(elm)
    }

    /// The link before the adapter has said anything: nothing learnt yet
    /// (no identity, protocol or latency; headers assumed on), so that the
    /// connect sequence can fill it in step by step.
    fn unconnected(t: T, opts: ConnectOptions) -> Elm327<T> {
        let port = t.describe().to_string();
        Elm327 {
            t,
            port,
            identity: String::new(),
            protocol: None,
            format: FrameFormat::Auto,
            pending: Vec::new(),
            owed_prompts: 0,
            owed_since: None,
            sent_at: Instant::now(),
            latency: Duration::ZERO,
            connected: false,
            opts,
            spec: None,
            headers: true,
            phys: uds_link::Physical::default(),
        }
    }

    /// Gets the adapter to answer: finds the baud rate (a serial port with
    /// none given) and resets it, which reads its identity. From then on a
    /// timeout is the adapter or car going quiet, not a wrong port or baud rate.
    async fn wake(&mut self, progress: &mut impl FnMut(ConnectStep)) -> Result<(), ObdError> {
        if self.t.has_baud_rate() && self.opts.baud.is_none() {
            self.detect_baud(progress).await?;
        }
        self.reset().await?;
        // The adapter answered: from now on a timeout is not a wrong port or baud rate.
        self.connected = true;
        progress(ConnectStep::Identified(self.identity.clone()));
        Ok(())
    }

    /// Echo, linefeeds and spaces off, headers and adaptive timing on.
    /// Some clones lack some of these ('?'): the reader copes with echo,
    /// spaces, linefeeds and headers-off replies, so a refusal is not fatal;
    /// a refused `ATH1` means replies come without headers.
    async fn set_up(&mut self) -> Result<(), ObdError> {
        for cmd in ["ATE0", "ATL0", "ATS0", "ATH1", "ATAT1"] {
            match self.at_ok(cmd).await {
                Ok(()) => {}
                Err(ObdError::UnknownCommand { .. }) => self.headers &= cmd != "ATH1",
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// The protocol memory file, if one was asked for
    /// ([`ConnectOptions::memory`]).
    fn open_memory(&self) -> Result<Option<ProtocolMemory>, ObdError> {
        match &self.opts.memory {
            Some(path) => Ok(Some(ProtocolMemory::open(path)?)),
            None => Ok(None),
        }
    }

    /// Tries only the protocol chosen by hand: no answer is an error at
    /// once, since searching is what the user asked not to do.
    async fn forced_protocol(
        &mut self,
        p: Protocol,
        progress: &mut impl FnMut(ConnectStep),
    ) -> Result<Protocol, ObdError> {
        progress(ConnectStep::ForcedProtocol(p));
        if !self.try_protocol(p, self.opts.search_timeout).await? {
            return Err(ObdError::UnableToConnect {
                port: self.port.clone(),
                detail: Some(format!(
                    "no answer on protocol {p}, which was chosen by hand; no other protocol was tried — leave the protocol out to let the adapter search"
                )),
            });
        }
        Ok(p)
    }

    /// Tries the protocol remembered for this adapter and port first (it
    /// saves the slow search), then searches.
    async fn found_protocol(
        &mut self,
        remembered: Option<Protocol>,
        progress: &mut impl FnMut(ConnectStep),
    ) -> Result<Protocol, ObdError> {
        let mut found = None;
        if let Some(p) = remembered {
            progress(ConnectStep::RememberedProtocol(p));
            if self.try_protocol(p, self.opts.search_timeout).await? {
                found = Some(p);
            }
        }
        if found.is_none() {
            found = self.search(progress).await?;
        }
        found.ok_or_else(|| ObdError::UnableToConnect {
            port: self.port.clone(),
            detail: Some(
                "no protocol answered: automatic search and explicit protocols 6 8 7 9 3 4 5 1 2"
                    .into(),
            ),
        })
    }

    /// The optional steps once connected: a faster baud rate if asked for
    /// (serial only), and the battery voltage for the status line (not
    /// every adapter reads it, so failing to is not an error).
    async fn after_connect(
        &mut self,
        progress: &mut impl FnMut(ConnectStep),
    ) -> Result<(), ObdError> {
        if let Some(rate) = self.opts.speed_up_to {
            if self.t.has_baud_rate() {
                let ok = self.speed_up(rate).await?;
                progress(ConnectStep::SpeedUp(rate, ok));
            }
        }
        if let Ok(Some(v)) = self.read_voltage().await {
            progress(ConnectStep::Voltage(v));
        }
        Ok(())
    }

    /// The adapter's identity, junk removed.
    pub fn identity(&self) -> &str {
        &self.identity
    }

    /// The protocol in use.
    pub fn protocol(&self) -> Option<Protocol> {
        self.protocol
    }

    /// The reply latency this link has adapted to (zero for a quick adapter;
    /// at most [`SLOW_REPLY_LIMIT`]). Every time limit is this much longer.
    pub fn latency(&self) -> Duration {
        self.latency
    }

    /// Sends a raw AT command (`"ATRV"`, `"ATDP"`) and returns the reply lines,
    /// cleaned like every reply. For diagnostics; the connect sequence already
    /// sets the adapter up.
    pub async fn at_command(&mut self, command: &str) -> Result<Vec<String>, ObdError> {
        let timeout = self.opts.request_timeout;
        self.at(command.trim(), timeout).await
    }

    fn set_protocol(&mut self, p: Protocol) {
        self.protocol = Some(p);
        self.format = if self.headers {
            p.frame_format()
        } else {
            FrameFormat::Headerless
        };
    }

    /// Notes how long a reply took; time limits grow by the slowest seen.
    fn learn(&mut self, took: Duration) {
        self.latency = self.latency.max(took.min(SLOW_REPLY_LIMIT));
    }

    fn timeout(&self, command: &str, limit: Duration) -> ObdError {
        ObdError::Timeout {
            command: command.to_string(),
            port: self.port.clone(),
            timeout_ms: limit.as_millis() as u64,
            connected: self.connected,
        }
    }

    async fn detect_baud(
        &mut self,
        progress: &mut impl FnMut(ConnectStep),
    ) -> Result<(), ObdError> {
        let mut heard = false;
        for baud in BAUD_RATES {
            progress(ConnectStep::TryingBaud(baud));
            self.t
                .set_baud_rate(baud)
                .map_err(|e| self.gone("ATI (changing the baud rate)", e))?;
            self.drain("ATI").await?;
            match self.probe_identity().await? {
                Probe::Identity(took) => {
                    self.learn(took);
                    self.opts.baud = Some(baud);
                    return Ok(());
                }
                Probe::Junk => heard = true,
                Probe::Silent => {}
            }
        }
        Err(ObdError::NoAdapter {
            port: self.port.clone(),
            tried: BAUD_RATES.map(|b| b.to_string()).join(", "),
            heard,
        })
    }

    /// Sends `ATI` at the current baud rate and says what came back. A slow
    /// adapter gets [`SLOW_REPLY_LIMIT`] more to start answering; junk (a
    /// wrong rate) or an identity usually arrives within [`BAUD_PROBE`].
    async fn probe_identity(&mut self) -> Result<Probe, ObdError> {
        self.write("ATI", b"ATI\r").await?;
        let sent = self.sent_at;
        match self
            .read_until("ATI", sent + BAUD_PROBE + SLOW_REPLY_LIMIT, |b| {
                !b.is_empty()
            })
            .await
        {
            Ok(_) => {}
            Err(ObdError::Timeout { .. }) => return Ok(Probe::Silent),
            Err(e) => return Err(e),
        }
        let took = sent.elapsed();
        // Read block by block: output an earlier session left (`OK`, `NO
        // DATA`, data) is clean text at the right rate and comes before our
        // identity; a wrong rate gives bytes that are not text.
        for _ in 0..MAX_STALE_BLOCKS {
            match self
                .read_until("ATI", Instant::now() + BAUD_PROBE + self.latency, |b| {
                    b.contains(&b'>')
                })
                .await
            {
                Ok(_) => {}
                Err(ObdError::Timeout { .. }) => break,
                Err(e) => return Err(e),
            }
            let pos = self.pending.iter().position(|b| *b == b'>').unwrap_or(0);
            let block: Vec<u8> = self.pending.drain(..=pos).collect();
            let text = String::from_utf8_lossy(&block);
            if text.contains("ELM") || text.contains("OBD") {
                return Ok(Probe::Identity(took));
            }
            if !is_clean_text(&block) {
                break;
            }
        }
        let text = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending.clear();
        if text.contains("ELM") || text.contains("OBD") {
            // the identity came, its prompt is still to come
            self.owe_prompt();
            return Ok(Probe::Identity(took));
        }
        Ok(Probe::Junk)
    }

    /// `ATWS` (warm start: resets every setting like `ATZ` but skips the
    /// power-on LED test, ~0.1 s instead of 0.5–1 s), or `ATZ` for adapters
    /// that do not know it; then the identity.
    async fn reset(&mut self) -> Result<(), ObdError> {
        let reset = match self
            .at_expect(
                "ATWS",
                Duration::from_secs(3),
                "the adapter's identity",
                |l| identity_from(l).contains("ELM"),
            )
            .await
        {
            Ok(lines) => lines,
            Err(e @ ObdError::AdapterGone { .. }) => return Err(e),
            Err(_) => {
                self.at_expect(
                    "ATZ",
                    Duration::from_secs(3),
                    "the adapter's identity",
                    looks_like_identity,
                )
                .await?
            }
        };
        let mut identity = identity_from(&reset);
        if !identity.contains("ELM") {
            if let Ok(lines) = self
                .at_expect(
                    "ATI",
                    Duration::from_secs(1),
                    "the adapter's identity",
                    looks_like_identity,
                )
                .await
            {
                identity = identity_from(&lines);
            }
        }
        self.identity = if identity.is_empty() {
            "unknown adapter".to_string()
        } else {
            identity
        };
        Ok(())
    }

    /// `ATSPn` + a `0100` probe. `Ok(false)` if the car did not answer on it.
    async fn try_protocol(&mut self, p: Protocol, timeout: Duration) -> Result<bool, ObdError> {
        // ATTP: use this protocol now without storing it in the adapter's EEPROM
        // (and, unlike ATSP, the adapter does not search first).
        self.at_ok(&format!("ATTP{}", p.code())).await?;
        self.set_protocol(p);
        match self.obd(&[0x01, 0x00], None, timeout).await {
            Ok(_) => Ok(true),
            Err(e @ ObdError::AdapterGone { .. }) => Err(e),
            Err(_) => {
                self.protocol = None;
                self.format = FrameFormat::Auto;
                Ok(false)
            }
        }
    }

    async fn search(
        &mut self,
        progress: &mut impl FnMut(ConnectStep),
    ) -> Result<Option<Protocol>, ObdError> {
        progress(ConnectStep::Searching);
        self.at_ok("ATSP0").await?;
        self.format = FrameFormat::Auto;
        match self
            .obd(&[0x01, 0x00], None, self.opts.search_timeout)
            .await
        {
            Ok(_) => {
                let dpn = self
                    .at_expect("ATDPN", Duration::from_secs(2), "a protocol number", |l| {
                        l.first().and_then(|l| Protocol::from_dpn(l)).is_some()
                            || l.first().is_some_and(|l| l.trim_start_matches('A') == "0")
                    })
                    .await?;
                if let Some(p) = dpn.first().and_then(|l| Protocol::from_dpn(l)) {
                    return Ok(Some(p));
                }
            }
            Err(ObdError::UnableToConnect { .. }) => {
                return Err(ObdError::UnableToConnect {
                    port: self.port.clone(),
                    detail: None,
                })
            }
            Err(e @ ObdError::AdapterGone { .. }) => return Err(e),
            Err(_) => {}
        }
        // the search ended without a usable protocol (ATDPN → A0, NO DATA, …)
        for n in FALLBACK_PROTOCOLS {
            let p = Protocol(n);
            progress(ConnectStep::TryingProtocol(p));
            if self.try_protocol(p, self.opts.request_timeout * 3).await? {
                return Ok(Some(p));
            }
        }
        Ok(None)
    }

    /// `ATBRD`: the adapter answers `OK` at the old rate, switches, sends its
    /// identity at the new rate and stays there only if we answer with a CR in
    /// time; otherwise it falls back and prompts at the old rate.
    async fn speed_up(&mut self, rate: u32) -> Result<bool, ObdError> {
        let old = self.opts.baud.unwrap_or(BAUD_RATES[0]);
        let divisor = (4_000_000 + rate / 2) / rate;
        if !(8..=0xFF).contains(&divisor) {
            return Ok(false);
        }
        let cmd = format!("ATBRD{divisor:02X}");
        self.resync(&cmd).await?;
        self.write(&cmd, format!("{cmd}\r").as_bytes()).await?;
        let deadline = Instant::now() + Duration::from_secs(1) + self.latency;
        let first = self
            .read_until(&cmd, deadline, |b| {
                contains(b, b"OK") || b.contains(&b'>') || b.contains(&b'?')
            })
            .await?;
        if !contains(&first, b"OK") || first.contains(&b'>') {
            // refused ('?'), or it answered OK and a prompt without switching (emulators)
            self.pending.clear();
            return Ok(false);
        }
        self.pending.clear();
        self.t.set_baud_rate(rate).map_err(|e| self.gone(&cmd, e))?;
        let deadline = Instant::now() + Duration::from_millis(300) + self.latency;
        let id = self
            .read_until(&cmd, deadline, |b| b.contains(&b'\r'))
            .await;
        if id.map(|b| contains(&b, b"ELM")).unwrap_or(false) {
            self.write(&cmd, b"\r").await?;
            self.pending.clear();
            if self
                .read_block(
                    &cmd,
                    Instant::now() + Duration::from_millis(500) + self.latency,
                )
                .await
                .is_ok()
            {
                self.opts.baud = Some(rate);
                return Ok(true);
            }
        }
        self.t.set_baud_rate(old).map_err(|e| self.gone(&cmd, e))?;
        if !self.pending.contains(&b'>') {
            let _ = self
                .read_block(
                    &cmd,
                    Instant::now() + Duration::from_millis(500) + self.latency,
                )
                .await;
        }
        self.pending.clear();
        Ok(false)
    }

    async fn read_voltage(&mut self) -> Result<Option<f32>, ObdError> {
        let lines = self
            .at_expect("ATRV", Duration::from_secs(1), "a voltage", |l| {
                l.iter().any(|l| parse_voltage(l).is_some())
            })
            .await?;
        Ok(lines.iter().find_map(|l| parse_voltage(l)))
    }

    // ---- the line layer -------------------------------------------------

    fn gone(&self, command: &str, e: std::io::Error) -> ObdError {
        ObdError::AdapterGone {
            port: self.port.clone(),
            command: command.to_string(),
            reason: e.to_string(),
        }
    }

    async fn write(&mut self, command: &str, bytes: &[u8]) -> Result<(), ObdError> {
        self.sent_at = Instant::now();
        match self.t.write_all(bytes).await {
            Ok(()) => Ok(()),
            Err(e) => Err(self.gone(command, e)),
        }
    }

    /// Reads into `pending` until `done(pending)` or the deadline.
    async fn read_until(
        &mut self,
        command: &str,
        deadline: Instant,
        done: impl Fn(&[u8]) -> bool,
    ) -> Result<Vec<u8>, ObdError> {
        let mut buf = [0u8; 1024];
        while !done(&self.pending) {
            match self.t.read_some(&mut buf, deadline).await {
                Ok(0) => return Err(self.timeout(command, Duration::ZERO)),
                Ok(n) => self.pending.extend_from_slice(&buf[..n]),
                Err(e) => return Err(self.gone(command, e)),
            }
        }
        Ok(self.pending.clone())
    }

    /// Reads up to the next `>` and returns the text before it (NULs removed).
    async fn read_block(&mut self, command: &str, deadline: Instant) -> Result<String, ObdError> {
        self.read_until(command, deadline, |b| b.contains(&b'>'))
            .await?;
        let pos = self.pending.iter().position(|b| *b == b'>').unwrap_or(0);
        let block: Vec<u8> = self.pending.drain(..=pos).filter(|b| *b != 0).collect();
        Ok(String::from_utf8_lossy(&block[..block.len().saturating_sub(1)]).into_owned())
    }

    /// A request timed out: its prompt may still come.
    fn owe_prompt(&mut self) {
        self.owed_prompts += 1;
        self.owed_since.get_or_insert(self.sent_at);
    }

    /// Discards the bytes already waiting (stale output), without waiting for more.
    async fn drain(&mut self, next: &str) -> Result<(), ObdError> {
        let mut buf = [0u8; 1024];
        loop {
            match self.t.read_some(&mut buf, Instant::now()).await {
                Ok(0) => break,
                Ok(_) => continue,
                Err(e) => return Err(self.gone(next, e)),
            }
        }
        self.pending.clear();
        Ok(())
    }

    /// Before sending `next`: discards what a timed-out request may still
    /// send, then anything else waiting. A late reply that does come shows
    /// how slow the link is, and time limits grow to match.
    async fn resync(&mut self, next: &str) -> Result<(), ObdError> {
        if self.owed_prompts > 0 {
            let deadline = Instant::now() + self.opts.late_reply_grace + self.latency;
            while self.owed_prompts > 0 {
                match self.read_block(next, deadline).await {
                    Ok(_) => {
                        self.owed_prompts -= 1;
                        if let Some(since) = self.owed_since {
                            self.learn(since.elapsed());
                        }
                    }
                    Err(ObdError::Timeout { .. }) => break,
                    Err(e) => return Err(e),
                }
            }
            if self.owed_prompts > 0 {
                self.sync_with_marker().await?;
            }
            self.owed_since = None;
        }
        self.drain(next).await
    }

    /// The late reply did not come within the grace period: send `ATI` and
    /// discard every block until the one that carries the adapter's identity.
    /// A real ELM327 has already answered our interrupting space with
    /// `STOPPED`; an adapter that queues commands answers the old request
    /// first. Either way everything before the identity is stale.
    async fn sync_with_marker(&mut self) -> Result<(), ObdError> {
        const WHAT: &str = "ATI (resynchronising after a timeout)";
        self.write(WHAT, b"ATI\r").await?;
        let limit = self.opts.request_timeout + self.opts.late_reply_grace + self.latency;
        let deadline = Instant::now() + limit;
        let marker = if self.identity.contains("ELM") {
            self.identity.clone()
        } else {
            "ELM".to_string()
        };
        let mut resent = 0;
        loop {
            match self.read_block(WHAT, deadline).await {
                Ok(block) if block.contains(&marker) => break,
                // A busy ELM327 stops at the first character ('A') and then
                // rejects the rest ("TI" → '?'): ask again.
                Ok(block) if (block.contains("STOPPED") || block.contains('?')) && resent < 2 => {
                    resent += 1;
                    self.write(WHAT, b"ATI\r").await?;
                }
                Ok(_) => continue,
                Err(ObdError::Timeout { .. }) => return Err(self.timeout(WHAT, limit)),
                Err(e) => return Err(e),
            }
        }
        self.owed_prompts = 0;
        Ok(())
    }

    /// Sends `command` and returns the reply's lines, cleaned (see module
    /// docs), with the time limit used: `nominal` plus the link's latency.
    async fn exchange(
        &mut self,
        command: &str,
        nominal: Duration,
    ) -> Result<(Vec<String>, Duration), ObdError> {
        self.resync(command).await?;
        let limit = nominal + self.latency;
        self.write(command, format!("{command}\r").as_bytes())
            .await?;
        let lines = self.read_reply(command, limit).await?;
        Ok((lines, limit))
    }

    async fn read_reply(
        &mut self,
        command: &str,
        limit: Duration,
    ) -> Result<Vec<String>, ObdError> {
        let deadline = Instant::now() + limit;
        match self.read_block(command, deadline).await {
            Ok(text) => Ok(clean_lines(&text, command)),
            Err(ObdError::Timeout { .. }) => {
                self.owe_prompt();
                Err(self.timeout(command, limit))
            }
            Err(e) => Err(e),
        }
    }

    /// An AT command, its first reply block taken as is; `?` becomes
    /// [`ObdError::UnknownCommand`].
    async fn at(&mut self, command: &str, timeout: Duration) -> Result<Vec<String>, ObdError> {
        let (lines, _) = self.exchange(command, timeout).await?;
        if lines.iter().any(|l| l == "?") {
            return Err(ObdError::UnknownCommand {
                command: command.to_string(),
            });
        }
        Ok(lines)
    }

    /// An AT command whose answer `accept` recognises. Blocks that are
    /// recognisably something else (an identity, `OK`, data, an adapter
    /// message: late replies, or output an earlier session left behind) are
    /// skipped; `?` is [`ObdError::UnknownCommand`]; anything else is
    /// [`ObdError::Malformed`], naming `expected`.
    async fn at_expect(
        &mut self,
        command: &str,
        nominal: Duration,
        expected: &str,
        accept: impl Fn(&[String]) -> bool,
    ) -> Result<Vec<String>, ObdError> {
        // At least the request time limit (`--timeout-ms` extends these too);
        // `exchange` adds the link's latency.
        let nominal = nominal.max(self.opts.request_timeout);
        let (mut lines, limit) = self.exchange(command, nominal).await?;
        let sent = self.sent_at;
        let mut stale = 0;
        loop {
            if lines.iter().any(|l| l == "?") {
                return Err(ObdError::UnknownCommand {
                    command: command.to_string(),
                });
            }
            if accept(&lines) {
                if stale == 0 && QUICK_AT.iter().any(|q| command.starts_with(q)) {
                    self.learn(sent.elapsed());
                }
                return Ok(lines);
            }
            if !looks_stale(&lines) || stale >= MAX_STALE_BLOCKS {
                return Err(ObdError::Malformed {
                    command: command.to_string(),
                    reply: lines.join("\\r"),
                    what: format!("expected {expected}"),
                });
            }
            stale += 1;
            lines = self.read_reply(command, limit).await?;
        }
    }

    async fn at_ok(&mut self, command: &str) -> Result<(), ObdError> {
        self.at_expect(command, Duration::from_secs(1), "OK", |l| {
            l.iter().any(|l| l.contains("OK"))
        })
        .await
        .map(|_| ())
    }

    /// An OBD request: hex out, typed errors and per-ECU messages back.
    async fn obd(
        &mut self,
        data: &[u8],
        responders: Option<u8>,
        timeout: Duration,
    ) -> Result<Vec<EcuResponse>, ObdError> {
        let mut command = to_hex(data);
        if let Some(n @ 1..=9) = responders.filter(|_| self.opts.response_count_suffix) {
            command.push(char::from(b'0' + n));
        }
        let (mut lines, limit) = self.exchange(&command, timeout).await?;
        let mut deadline = Instant::now() + limit;
        let mut stale_blocks = 0;
        loop {
            // An AT reply (identity, OK, voltage) is never the answer to an OBD request.
            let responses = if looks_like_at_reply(&lines) {
                Vec::new()
            } else {
                interpret(&command, &lines, self.format, &self.port)?
            };
            let (mine, pending_only) = filter_responses(data, responses);
            if !mine.is_empty() {
                return finish(mine);
            }
            // A block that answers another request (a late reply) or only says
            // "response pending" (7F xx 78): read the next block. After a late
            // reply the adapter only now starts on ours, so it gets a full timeout.
            if !pending_only && stale_blocks < MAX_STALE_BLOCKS {
                stale_blocks += 1;
                deadline = Instant::now() + limit;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(self.timeout(&command, limit));
            }
            if !pending_only && lines.is_empty() {
                return Err(ObdError::Malformed {
                    command,
                    reply: String::new(),
                    what: "empty reply".into(),
                });
            }
            lines = match self.read_reply(&command, left).await {
                Err(ObdError::Timeout { .. }) => return Err(self.timeout(&command, limit)),
                other => other?,
            };
        }
    }
}

/// What the baud-rate probe heard at one rate.
enum Probe {
    /// An ELM327 identity, after this long.
    Identity(Duration),
    /// Bytes, but no identity (a wrong rate, or not an ELM327).
    Junk,
    /// Nothing at all.
    Silent,
}

/// True for a reply block an AT command gives (one with an adapter
/// identity, or only `OK`, echoes and a voltage), which never answers an
/// OBD request.
fn looks_like_at_reply(lines: &[String]) -> bool {
    lines.iter().any(|l| is_identity_line(l))
        || (!lines.is_empty()
            && lines.iter().all(|l| {
                l == "OK"
                    || is_at_echo(l)
                    || (l.ends_with(['V', 'v']) && parse_voltage(l).is_some())
            }))
}

/// True for a block that is recognisably *something*: empty, an AT reply,
/// data lines, adapter messages, or the tail of an echo whose start was
/// drained. Such a block, when it is not the answer expected, is stale
/// output to skip.
fn looks_stale(lines: &[String]) -> bool {
    lines.is_empty()
        || looks_like_at_reply(lines)
        || lines.iter().all(|l| {
            let up = l.to_ascii_uppercase();
            up == "OK"
                || is_at_echo(l)
                || is_hex_line(l)
                || (l.len() <= 5 && l.chars().all(|c| c.is_ascii_alphanumeric()))
                || up == "NO DATA"
                || up.contains("UNABLE TO CONNECT")
                || up.starts_with("BUS INIT")
                || AdapterFault::from_line(&up).is_some()
        })
}

/// A line carrying an ELM327 identity (`ELM327 v1.5`, junk bytes before it allowed).
fn is_identity_line(l: &str) -> bool {
    l.contains("ELM") && !is_hex_line(l)
}

/// True for bytes an ELM327 sends at the right baud rate: printable ASCII,
/// CR, LF, NUL, the prompt. A wrong rate garbles them.
fn is_clean_text(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|b| b.is_ascii_graphic() || matches!(b, b' ' | b'\r' | b'\n' | 0))
}

/// The echo of an AT command (`ATWS`, `AT E0`): a stale block from before
/// echo was turned off carries one.
fn is_at_echo(l: &str) -> bool {
    let squashed: String = l.chars().filter(|c| *c != ' ').collect();
    squashed.len() > 2
        && squashed.to_ascii_uppercase().starts_with("AT")
        && squashed.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A line of hex digits (a frame), spaces allowed.
fn is_hex_line(l: &str) -> bool {
    let digits: Vec<char> = l.chars().filter(|c| *c != ' ').collect();
    digits.len() >= 2 && digits.iter().all(|c| c.is_ascii_hexdigit())
}

/// True if a reset or `ATI` reply looks like an adapter identity: not
/// empty, not `OK`, not data or an adapter message.
fn looks_like_identity(lines: &[String]) -> bool {
    identity_from(lines).contains("ELM") || (!lines.is_empty() && !looks_stale(lines))
}

/// Keeps the responses that answer `request`; reports whether the rest were only "response pending".
fn filter_responses(request: &[u8], responses: Vec<EcuResponse>) -> (Vec<EcuResponse>, bool) {
    let sid = request.first().copied().unwrap_or(0);
    // (not 06: some ECUs/emulators omit the MID in bitmap replies)
    let with_pid = matches!(sid, 0x01 | 0x02 | 0x09);
    let mut pending_only = !responses.is_empty();
    let mine: Vec<EcuResponse> = responses
        .into_iter()
        .filter(|r| match r.data.as_slice() {
            [0x7F, s, 0x78, ..] if *s == sid => false,
            [0x7F, s, ..] if *s == sid => {
                pending_only = false;
                true
            }
            [s, rest @ ..] if *s == sid.wrapping_add(0x40) => {
                pending_only = false;
                !with_pid
                    || request.len() < 2
                    || rest.first().is_some_and(|p| request[1..].contains(p))
            }
            _ => {
                pending_only = false;
                false
            }
        })
        .collect();
    (mine, pending_only)
}

/// Negative responses are dropped when another ECU answered; all negative → error.
fn finish(mine: Vec<EcuResponse>) -> Result<Vec<EcuResponse>, ObdError> {
    let positive: Vec<EcuResponse> = mine
        .iter()
        .filter(|r| r.data.first() != Some(&0x7F))
        .cloned()
        .collect();
    if positive.is_empty() {
        let r = &mine[0];
        return Err(ObdError::NegativeResponse {
            ecu: r.ecu.to_string(),
            service: r.data.get(1).copied().unwrap_or(0),
            nrc: r.data.get(2).copied().unwrap_or(0),
        });
    }
    Ok(positive)
}

/// Maps adapter messages to errors and parses the data lines. A line that
/// does not parse makes the whole reply [`ObdError::Malformed`] (the caller
/// may retry), even if other lines did.
fn interpret(
    command: &str,
    lines: &[String],
    format: FrameFormat,
    port: &str,
) -> Result<Vec<EcuResponse>, ObdError> {
    let mut data = Vec::new();
    let mut no_data = false;
    for l in lines {
        let up = l.to_ascii_uppercase();
        if up == "NO DATA" {
            no_data = true;
        } else if up == "?" {
            return Err(ObdError::UnknownCommand {
                command: command.to_string(),
            });
        } else if up.contains("UNABLE TO CONNECT") {
            return Err(ObdError::UnableToConnect {
                port: port.to_string(),
                detail: None,
            });
        } else if let Some(fault) = AdapterFault::from_line(&up) {
            return Err(ObdError::Adapter {
                command: command.to_string(),
                fault,
            });
        } else if up.starts_with("BUS INIT") || up == "OK" {
            // "BUS INIT: ...OK" precedes the data on K-line
        } else {
            data.push(l.as_str());
        }
    }
    if data.is_empty() {
        if no_data {
            return Err(ObdError::NoData {
                command: command.to_string(),
            });
        }
        return Ok(Vec::new());
    }
    let parsed = parse_lines(&data, format);
    // A frame that cannot be used may have carried codes or values: never drop it silently.
    if !parsed.problems.is_empty() {
        return Err(ObdError::Malformed {
            command: command.to_string(),
            reply: lines.join("\\r"),
            what: parsed.problems.join("; "),
        });
    }
    Ok(parsed.responses)
}

/// Splits a reply into lines: drops blanks, the echo, `SEARCHING...`, control bytes.
pub(crate) fn clean_lines(text: &str, command: &str) -> Vec<String> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase()
    };
    let echo = squash(command);
    text.split(['\r', '\n'])
        .map(|l| {
            l.chars()
                .filter(|c| !c.is_control() && *c != '\u{FFFD}')
                .collect::<String>()
                .trim()
                .to_string()
        })
        .filter(|l| !l.is_empty())
        .filter(|l| echo.is_empty() || squash(l) != echo)
        .filter(|l| !l.to_ascii_uppercase().starts_with("SEARCHING"))
        .collect()
}

/// The adapter identity from an `ATZ`/`ATI` reply: printable ASCII only,
/// starting at "ELM" if present (clones prefix junk bytes).
pub(crate) fn identity_from(lines: &[String]) -> String {
    for l in lines {
        let clean: String = l
            .chars()
            .filter(|c| c.is_ascii_graphic() || *c == ' ')
            .collect();
        if let Some(i) = clean.find("ELM") {
            return clean[i..].trim().to_string();
        }
    }
    lines
        .iter()
        .map(|l| {
            l.chars()
                .filter(|c| c.is_ascii_graphic() || *c == ' ')
                .collect::<String>()
        })
        .find(|l| !l.trim().is_empty() && l.trim() != "OK")
        .map(|l| l.trim().to_string())
        .unwrap_or_default()
}

/// `ATRV` → volts ("12.6V", "13.1 V").
pub(crate) fn parse_voltage(line: &str) -> Option<f32> {
    let s = line.trim().trim_end_matches(['V', 'v']).trim();
    s.parse::<f32>().ok().filter(|v| v.is_finite() && *v >= 0.0)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

impl<T: Transport> ObdLink for Elm327<T> {
    fn request(
        &mut self,
        data: &[u8],
        responders: Option<u8>,
    ) -> impl Future<Output = Result<Vec<EcuResponse>, ObdError>> + Send {
        let timeout = self.opts.request_timeout;
        let data = data.to_vec();
        async move { self.obd(&data, responders, timeout).await }
    }

    fn battery_voltage(&mut self) -> impl Future<Output = Result<Option<f32>, ObdError>> + Send {
        self.read_voltage()
    }

    fn info(&self) -> LinkInfo {
        LinkInfo {
            adapter: self.identity.clone(),
            port: self.port.clone(),
            protocol: self.protocol,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EcuAddress;
    use proptest::prelude::*;

    #[test]
    fn cleaning_drops_echo_searching_nuls_blanks() {
        let text = "010C\r\0SEARCHING...\r7E804410C1AF8\r\r";
        assert_eq!(clean_lines(text, "010C"), vec!["7E804410C1AF8"]);
        assert_eq!(
            clean_lines("AT Z\r\rELM327 v1.5\r\r", "ATZ"),
            vec!["ELM327 v1.5"]
        );
    }

    #[test]
    fn clone_identity_with_junk() {
        let lines = vec!["\u{7f}\u{1}xx\u{ff}ELM327 v1.5".to_string()];
        assert_eq!(identity_from(&lines), "ELM327 v1.5");
        let lines = clean_lines("\u{0}\u{fe}\u{fd}ELM327 v2.1\r", "ATZ");
        assert_eq!(identity_from(&lines), "ELM327 v2.1");
        assert_eq!(
            identity_from(&["OBDLink SX r4.2".to_string()]),
            "OBDLink SX r4.2"
        );
    }

    #[test]
    fn voltage() {
        assert_eq!(parse_voltage("13.1V"), Some(13.1));
        assert_eq!(parse_voltage("12.6 V"), Some(12.6));
        assert_eq!(parse_voltage("?"), None);
    }

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn adapter_messages_become_typed_errors() {
        let f = FrameFormat::Can11;
        assert!(matches!(
            interpret("03", &lines(&["NO DATA"]), f, "p"),
            Err(ObdError::NoData { .. })
        ));
        assert!(matches!(
            interpret("03", &lines(&["?"]), f, "p"),
            Err(ObdError::UnknownCommand { .. })
        ));
        assert!(matches!(
            interpret("0100", &lines(&["UNABLE TO CONNECT"]), f, "p"),
            Err(ObdError::UnableToConnect { .. })
        ));
        for (msg, fault) in [
            ("CAN ERROR", AdapterFault::Can),
            ("BUFFER FULL", AdapterFault::BufferFull),
            ("STOPPED", AdapterFault::Stopped),
            ("BUS INIT: ...ERROR", AdapterFault::BusInit),
            ("BUS BUSY", AdapterFault::BusBusy),
            ("FB ERROR", AdapterFault::Feedback),
            ("DATA ERROR", AdapterFault::Data),
            ("ERR94", AdapterFault::Err94),
            ("LV RESET", AdapterFault::LowVoltageReset),
            ("ACT ALERT", AdapterFault::ActivityAlert),
            ("BUS ERROR", AdapterFault::Bus),
        ] {
            match interpret("010C", &lines(&[msg]), f, "p") {
                Err(ObdError::Adapter { fault: got, .. }) => assert_eq!(got, fault),
                other => panic!("{msg}: {other:?}"),
            }
        }
        match interpret("010C", &lines(&["7E804410C<RX ERROR"]), f, "p") {
            Err(ObdError::Adapter { fault, .. }) => assert_eq!(fault, AdapterFault::Rx),
            other => panic!("{other:?}"),
        }
        // K-line: BUS INIT: ...OK before the data is fine
        let r = interpret(
            "0100",
            &lines(&["BUS INIT: ...OK", "7E8064100BE3FA813"]),
            f,
            "p",
        )
        .unwrap();
        assert_eq!(r.len(), 1);
    }

    #[test]
    fn a_malformed_frame_is_an_error_not_silence() {
        let f = FrameFormat::Can11;
        // single frame announcing 6 bytes, carrying 5 (a cut-off DTC list)
        match interpret("03", &lines(&["7E8064301430196"]), f, "p") {
            Err(ObdError::Malformed { what, .. }) => assert!(what.contains("length 6"), "{what}"),
            other => panic!("{other:?}"),
        }
        // ... even when another ECU's frame is fine
        let got = interpret("03", &lines(&["7E9024300", "7E8064301430196"]), f, "p");
        assert!(matches!(got, Err(ObdError::Malformed { .. })), "{got:?}");
    }

    #[test]
    fn stale_blocks_are_told_from_answers() {
        assert!(looks_like_at_reply(&lines(&["ELM327 v1.5"])));
        assert!(looks_like_at_reply(&lines(&["OK"])));
        assert!(looks_like_at_reply(&lines(&["13.1V"])));
        // issue #18 item 4: a reset's reply from before echo was off
        assert!(looks_like_at_reply(&lines(&["ATWS", "ELM327 v1.5"])));
        // ... or with the start of its echo drained before it
        assert!(looks_like_at_reply(&lines(&["TZ", "ELM327 v1.5"])));
        assert!(looks_stale(&lines(&["E0", "OK"])));
        assert!(!looks_like_at_reply(&lines(&["7E8024300"])));
        assert!(!looks_like_at_reply(&lines(&["?"])));
        assert!(looks_stale(&lines(&["7E8024300"])));
        assert!(looks_stale(&lines(&["NO DATA"])));
        assert!(looks_stale(&lines(&[])));
        assert!(!looks_stale(&lines(&["OBDLink SX r4.2"])));
        assert!(looks_like_identity(&lines(&["OBDLink SX r4.2"])));
        assert!(looks_like_identity(&lines(&["ELM327 v1.5"])));
        assert!(!looks_like_identity(&lines(&["OK"])));
        assert!(!looks_like_identity(&lines(&["7E804410C1AF8"])));
    }

    fn r(ecu: u16, data: &[u8]) -> EcuResponse {
        EcuResponse {
            ecu: EcuAddress::Can11(ecu),
            data: data.to_vec(),
        }
    }

    #[test]
    fn responses_are_matched_to_their_request() {
        // a late 010C answer is not an answer to 0902
        let (mine, pending) = filter_responses(&[0x09, 0x02], vec![r(0x7E8, &[0x41, 0x0C, 1, 2])]);
        assert!(mine.is_empty() && !pending);
        // nor an 010D answer to 010C
        let (mine, _) = filter_responses(&[0x01, 0x0C], vec![r(0x7E8, &[0x41, 0x0D, 1])]);
        assert!(mine.is_empty());
        // multi-PID: any requested PID first
        let (mine, _) = filter_responses(
            &[0x01, 0x0C, 0x0D],
            vec![r(0x7E8, &[0x41, 0x0C, 1, 2, 0x0D, 3])],
        );
        assert_eq!(mine.len(), 1);
        // response pending only
        let (mine, pending) = filter_responses(&[0x03], vec![r(0x7E8, &[0x7F, 0x03, 0x78])]);
        assert!(mine.is_empty() && pending);
        // pending then the answer in the same block
        let (mine, _) = filter_responses(
            &[0x03],
            vec![r(0x7E8, &[0x7F, 0x03, 0x78]), r(0x7E8, &[0x43, 0x00])],
        );
        assert_eq!(mine, vec![r(0x7E8, &[0x43, 0x00])]);
    }

    #[test]
    fn negative_responses() {
        // one ECU refuses, another answers: keep the answer
        let got = finish(vec![r(0x7E8, &[0x7F, 0x0A, 0x11]), r(0x7E9, &[0x4A, 0x00])]).unwrap();
        assert_eq!(got, vec![r(0x7E9, &[0x4A, 0x00])]);
        match finish(vec![r(0x7E8, &[0x7F, 0x0A, 0x11])]) {
            Err(
                e @ ObdError::NegativeResponse {
                    nrc: 0x11,
                    service: 0x0A,
                    ..
                },
            ) => {
                assert!(e.is_not_supported());
                assert!(e.to_string().contains("does not offer that service"), "{e}");
                assert!(e.to_string().contains("11 serviceNotSupported"), "{e}");
            }
            other => panic!("{other:?}"),
        }
    }

    proptest! {
        #[test]
        fn arbitrary_reply_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let text = String::from_utf8_lossy(&bytes);
            let ls = clean_lines(&text, "010C");
            let _ = identity_from(&ls);
            for l in &ls { let _ = parse_voltage(l); }
            for f in [FrameFormat::Can11, FrameFormat::Can29, FrameFormat::Auto, FrameFormat::Legacy] {
                if let Ok(rs) = interpret("010C", &ls, f, "p") {
                    let (mine, _) = filter_responses(&[0x01, 0x0C], rs);
                    if !mine.is_empty() { let _ = finish(mine); }
                }
            }
        }

        #[test]
        fn reply_handling_never_panics(text in ".{0,120}", cmd in "[0-9A-F]{0,8}") {
            let ls = clean_lines(&text, &cmd);
            let _ = identity_from(&ls);
            for f in [FrameFormat::Can11, FrameFormat::Auto, FrameFormat::Legacy] {
                if let Ok(rs) = interpret(&cmd, &ls, f, "p") {
                    let req = crate::frames::hex_bytes(&cmd).unwrap_or_default();
                    let (mine, _) = filter_responses(&req, rs);
                    if !mine.is_empty() { let _ = finish(mine); }
                }
            }
        }
    }
}
