//! The crate's one error type.

use std::fmt;
use std::path::PathBuf;

/// A fault the adapter reported in place of an answer (ELM327 datasheet, "Messages").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AdapterFault {
    /// `BUS INIT: ...ERROR` — the K-line/ISO 9141 wake-up failed.
    BusInit,
    /// `CAN ERROR` — the adapter could not send or receive on the CAN bus.
    Can,
    /// `BUS ERROR` — a generic electrical bus problem.
    Bus,
    /// `BUS BUSY` — too much traffic to insert a message.
    BusBusy,
    /// `FB ERROR` — J1850 feedback error (the line reads back different data).
    Feedback,
    /// `DATA ERROR` — the reply could not be understood or had a bad checksum.
    Data,
    /// `<DATA ERROR` — one line of the reply had a checksum error.
    LineData,
    /// `<RX ERROR` — one CAN message was received with errors.
    Rx,
    /// `ERR94` — a CAN error forced the adapter to reset its CAN settings.
    Err94,
    /// `BUFFER FULL` — the adapter's receive buffer overflowed.
    BufferFull,
    /// `STOPPED` — the adapter aborted the request (a character arrived while it worked).
    Stopped,
    /// `LV RESET` — low voltage reset of the adapter.
    LowVoltageReset,
    /// `ACT ALERT` — the adapter is about to go to sleep for inactivity.
    ActivityAlert,
}

impl AdapterFault {
    /// Recognises an adapter message (already trimmed, upper case).
    pub(crate) fn from_line(line: &str) -> Option<AdapterFault> {
        let l = line.trim();
        Some(match l {
            _ if l.starts_with("BUS INIT") && l.contains("ERROR") => AdapterFault::BusInit,
            "CAN ERROR" => AdapterFault::Can,
            "BUS ERROR" => AdapterFault::Bus,
            "BUS BUSY" => AdapterFault::BusBusy,
            "FB ERROR" => AdapterFault::Feedback,
            "DATA ERROR" => AdapterFault::Data,
            _ if l.ends_with("<DATA ERROR") => AdapterFault::LineData,
            _ if l.ends_with("<RX ERROR") => AdapterFault::Rx,
            _ if l.starts_with("ERR94") => AdapterFault::Err94,
            "BUFFER FULL" => AdapterFault::BufferFull,
            "STOPPED" => AdapterFault::Stopped,
            "LV RESET" => AdapterFault::LowVoltageReset,
            "ACT ALERT" => AdapterFault::ActivityAlert,
            _ => return None,
        })
    }

    /// What a mechanic can do about it.
    pub fn advice(self) -> &'static str {
        match self {
            AdapterFault::BusInit => "the K-line wake-up failed; turn the ignition on and retry, or choose the protocol by hand",
            AdapterFault::Can => "the adapter cannot talk on the CAN bus; check the ignition, the OBD connector and that the protocol is right",
            AdapterFault::Bus => "electrical problem on the bus; check the OBD connector pins and wiring",
            AdapterFault::BusBusy => "the bus is too busy; retry, or switch off accessories that flood the bus",
            AdapterFault::Feedback => "J1850 feedback error; check the OBD connector and wiring",
            AdapterFault::Data => "the reply was garbled; retry the request",
            AdapterFault::LineData => "one line of the reply had a checksum error; retry the request",
            AdapterFault::Rx => "a CAN message arrived damaged; check the connector and retry",
            AdapterFault::Err94 => "a CAN error reset the adapter; reconnect",
            AdapterFault::BufferFull => "the adapter's buffer overflowed (serial link too slow); raise the baud rate or ask for fewer values at once",
            AdapterFault::Stopped => "the adapter aborted the request; retry it",
            AdapterFault::LowVoltageReset => "the adapter reset because of low voltage; check the battery and reconnect",
            AdapterFault::ActivityAlert => "the adapter is about to sleep; send requests more often or reconnect",
        }
    }

    /// The adapter's own wording.
    pub fn message(self) -> &'static str {
        match self {
            AdapterFault::BusInit => "BUS INIT: ERROR",
            AdapterFault::Can => "CAN ERROR",
            AdapterFault::Bus => "BUS ERROR",
            AdapterFault::BusBusy => "BUS BUSY",
            AdapterFault::Feedback => "FB ERROR",
            AdapterFault::Data => "DATA ERROR",
            AdapterFault::LineData => "<DATA ERROR",
            AdapterFault::Rx => "<RX ERROR",
            AdapterFault::Err94 => "ERR94",
            AdapterFault::BufferFull => "BUFFER FULL",
            AdapterFault::Stopped => "STOPPED",
            AdapterFault::LowVoltageReset => "LV RESET",
            AdapterFault::ActivityAlert => "ACT ALERT",
        }
    }
}

impl fmt::Display for AdapterFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// Everything that can go wrong talking to a car through an adapter.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ObdError {
    /// The port could not be opened (serial device) or connected to (TCP).
    #[error("cannot open {port}: {error} — {}", open_advice(port, error))]
    Open {
        /// The port as given.
        port: String,
        /// The operating system's reason. (Not a `source`: it is already in
        /// the message, and an error chain would print it twice.)
        error: std::io::Error,
    },
    /// The port string could not be understood.
    #[error("invalid port '{port}': {reason}")]
    InvalidPort {
        /// The port as given.
        port: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No answer (no `>` prompt) within the request's time limit.
    #[error("{}", timeout_text(command, port, *timeout_ms, *connected))]
    Timeout {
        /// The command sent.
        command: String,
        /// The port.
        port: String,
        /// The limit, in milliseconds.
        timeout_ms: u64,
        /// True once the adapter had answered (its identity): then the
        /// adapter or the car stopped answering, and the port and baud rate
        /// were right.
        connected: bool,
    },
    /// The adapter went away while we talked to it (USB unplugged, Bluetooth dropped).
    #[error("the adapter on {port} went away during {command} ({reason}) — check the cable or Bluetooth link, then reconnect")]
    AdapterGone {
        /// The port.
        port: String,
        /// The command in progress.
        command: String,
        /// What the operating system said.
        reason: String,
    },
    /// The adapter's driver failed a request for another reason than the
    /// adapter going away (a J2534 PassThru library's error code and text).
    #[error("the adapter driver {port} failed {command}: {reason} — retry; if it repeats, reconnect the adapter or update its driver")]
    Driver {
        /// The driver (library path) or port.
        port: String,
        /// The request in progress.
        command: String,
        /// The driver's error code and text.
        reason: String,
    },
    /// No adapter answered on the port at any of the baud rates tried.
    #[error("no ELM327 adapter answered on {port} at {tried} baud — {}", if *heard {
        "bytes came back, but never an ELM327 identity: check the baud rate, and that this is an ELM327 adapter"
    } else {
        "the port stayed silent (each rate waited 2.4 s for a slow adapter): check that the adapter is plugged into the car's OBD socket, which powers it, and that this is its port"
    })]
    NoAdapter {
        /// The port.
        port: String,
        /// The baud rates tried, e.g. "38400, 9600".
        tried: String,
        /// True if any bytes came back (at a wrong rate, or not from an ELM327).
        heard: bool,
    },
    /// `NO DATA`: no ECU answered this request.
    #[error(
        "no ECU answered {command} (NO DATA) — the car does not support it, or the ignition is off"
    )]
    NoData {
        /// The command sent.
        command: String,
    },
    /// `?`: the adapter did not understand the command.
    #[error("the adapter did not understand {command} ('?') — it may be a clone that lacks this command")]
    UnknownCommand {
        /// The command sent.
        command: String,
    },
    /// `UNABLE TO CONNECT`, or every protocol failed.
    #[error("unable to connect to the car on {port} — is the ignition on? Check the adapter is seated in the OBD socket{}", detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    UnableToConnect {
        /// The port.
        port: String,
        /// What was tried, if more than the automatic search.
        detail: Option<String>,
    },
    /// The adapter reported a fault in place of an answer.
    #[error("the adapter answered {command} with '{fault}' — {}", fault.advice())]
    Adapter {
        /// The command sent.
        command: String,
        /// Which fault.
        fault: AdapterFault,
    },
    /// Every ECU that answered refused the request (`7F sid nrc`).
    #[error("ECU {ecu} refused service {service:02X}: {} (negative response {nrc:02X}{})", nrc_meaning(*nrc), nrc_name(*nrc))]
    NegativeResponse {
        /// The ECU that refused.
        ecu: String,
        /// The service that was refused.
        service: u8,
        /// The negative response code.
        nrc: u8,
    },
    /// A clear refused before anything was sent: a code list could not be read
    /// first, so what the clear would erase is not known.
    #[error("nothing was cleared: the {lists} could not be read first, so what a clear would erase is not known — scan again with the ignition on, or confirm clearing codes that were not read")]
    UnreadBeforeClear {
        /// The lists not read (`stored codes (03)`).
        lists: String,
    },
    /// `clear` did not finish. `sent` says whether the clear request (04) had
    /// gone to the car: if it had, the codes may or may not have been erased.
    #[error("{}", clear_text(*sent, reason))]
    ClearInterrupted {
        /// True if service 04 had been sent when it failed.
        sent: bool,
        /// What went wrong.
        reason: Box<ObdError>,
    },
    /// The reply could not be parsed.
    #[error("unexpected reply to {command}: {reply:?} ({what}) — retry; if it repeats, the adapter may be a faulty clone")]
    Malformed {
        /// The command sent.
        command: String,
        /// The reply as received.
        reply: String,
        /// What was wrong with it.
        what: String,
    },
    /// No PID of that name in the table.
    #[error("unknown PID name '{name}' — try rpm, speed, coolant_temp, engine_load, …")]
    UnknownPid {
        /// The name given.
        name: String,
    },
    /// Live data: every PID asked for was dropped, each having given no
    /// value for [`crate::LIVE_ROUNDS_BEFORE_DROP`] rounds in a row: nothing is left to poll.
    #[error("no PID left to read: the car gave no value for {pids} in {rounds} rounds in a row (not supported by this car, or NO DATA) — check the ignition is on, and pick PIDs this car reports")]
    NothingLeftToPoll {
        /// The PIDs dropped, named: "fuel_pressure (01 0A), …".
        pids: String,
        /// The rounds in a row without a value that drop a PID.
        rounds: u32,
    },
    /// The protocol memory file could not be read or written.
    #[error("protocol memory {}: {reason}", path.display())]
    Memory {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
}

impl ObdError {
    /// True when the link is lost and the caller should reconnect.
    pub fn is_link_lost(&self) -> bool {
        match self {
            ObdError::AdapterGone { .. } => true,
            ObdError::ClearInterrupted { reason, .. } => reason.is_link_lost(),
            _ => false,
        }
    }

    /// True when the same read-only request may well succeed if sent once
    /// more: an adapter fault (`CAN ERROR`, `BUFFER FULL`, `STOPPED`, …), a
    /// timeout, a garbled reply, `NO DATA`, or an ECU asking to repeat
    /// (negative response 21). Never retry a request that changes the car
    /// (service 04) on this alone.
    pub fn is_worth_retrying(&self) -> bool {
        match self {
            ObdError::Adapter { .. }
            | ObdError::Timeout { .. }
            | ObdError::Malformed { .. }
            | ObdError::NoData { .. } => true,
            ObdError::NegativeResponse { nrc, .. } => *nrc == 0x21,
            _ => false,
        }
    }

    /// True for a timeout: the adapter or the car stopped answering.
    pub fn is_timeout(&self) -> bool {
        matches!(self, ObdError::Timeout { .. })
    }

    /// True when the error only says "this car does not support that" (`NO DATA`,
    /// or a negative response "service/sub-function not supported", "request
    /// out of range", "not in the active session").
    pub fn is_not_supported(&self) -> bool {
        match self {
            ObdError::NoData { .. } => true,
            ObdError::NegativeResponse { nrc, .. } => crate::uds::Nrc::is_not_supported(*nrc),
            _ => false,
        }
    }
}

/// What to try when a port cannot be opened: depends on the kind of port and the OS's reason.
fn open_advice(port: &str, error: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    if port.starts_with("tcp://") {
        return match error.kind() {
            ErrorKind::ConnectionRefused => "nothing listens on that address and port: check the adapter is powered (plugged into the car) and the port number (Wi-Fi ELM327s usually listen on 192.168.0.10:35000)",
            ErrorKind::TimedOut => "no answer from that address: check this computer is on the adapter's Wi-Fi network and the address (often 192.168.0.10:35000)",
            _ => "check this computer is on the adapter's Wi-Fi network and the address and port (often 192.168.0.10:35000)",
        };
    }
    // serialport reports a port another process holds (TIOCEXCL) as NotFound,
    // with this text: say what it is, not "no such port".
    let held = error.raw_os_error() == Some(16) || error.to_string().contains("exclusive lock");
    match error.kind() {
        _ if held => "another program has the port open: close it (another scan tool, a serial terminal) and retry",
        ErrorKind::NotFound => "no such port: check the port name and that the adapter is plugged in (USB adapters appear as /dev/ttyUSB0 or /dev/ttyACM0, Bluetooth ones as /dev/rfcomm0)",
        ErrorKind::PermissionDenied => "you may not use this port: add yourself to the group that owns it (on most Linux systems `sudo usermod -aG dialout $USER`, then log in again)",
        _ => "check the port name, that the adapter is plugged in, and that you may use it (dialout group)",
    }
}

/// The timeout message: at connect time the port or baud rate may be wrong;
/// mid-session they were right, so the adapter or the car stopped answering.
fn timeout_text(command: &str, port: &str, ms: u64, connected: bool) -> String {
    if connected {
        format!(
            "no reply to {command} within {} s on {port} — the adapter or the car stopped answering: check the adapter is still seated and powered and the ignition is on, then retry (a slow Bluetooth or Wi-Fi adapter may need a longer time limit)",
            fmt_secs(ms)
        )
    } else {
        format!(
            "adapter did not answer {command} within {} s on {port} — check the port and baud rate",
            fmt_secs(ms)
        )
    }
}

fn clear_text(sent: bool, reason: &ObdError) -> String {
    if sent {
        format!("the clear request (04) was sent, but {reason} — the codes may or may not have been erased: scan again to see what is stored")
    } else {
        format!("nothing was cleared — the clear request (04) was not sent: {reason}")
    }
}

fn fmt_secs(ms: u64) -> String {
    if ms % 1000 == 0 {
        format!("{}", ms / 1000)
    } else {
        format!("{:.1}", ms as f64 / 1000.0)
    }
}

/// What a negative response code means, in a mechanic's words (the table
/// in [`crate::uds::Nrc`], ISO 14229-1 annex A).
pub(crate) fn nrc_meaning(nrc: u8) -> &'static str {
    crate::uds::Nrc::meaning_of(nrc)
}

/// ` conditionsNotCorrect`: the ISO name after the code, where there is one.
fn nrc_name(nrc: u8) -> String {
    crate::uds::Nrc::lookup(nrc)
        .map(|n| format!(" {}", n.name))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_tell_what_to_do() {
        let e = ObdError::Timeout {
            command: "ATZ".into(),
            port: "/dev/ttyUSB0".into(),
            timeout_ms: 2000,
            connected: false,
        };
        assert_eq!(
            e.to_string(),
            "adapter did not answer ATZ within 2 s on /dev/ttyUSB0 — check the port and baud rate"
        );
        let e = ObdError::UnableToConnect {
            port: "/dev/pts/3".into(),
            detail: None,
        };
        assert!(e.to_string().contains("unable to connect"));
        assert!(e.to_string().contains("ignition on"));
    }

    #[test]
    fn mid_session_timeout_does_not_blame_the_port_or_baud_rate() {
        let e = ObdError::Timeout {
            command: "03".into(),
            port: "/dev/ttyUSB0".into(),
            timeout_ms: 2500,
            connected: true,
        };
        let msg = e.to_string();
        assert!(msg.contains("no reply to 03 within 2.5 s"), "{msg}");
        assert!(msg.contains("stopped answering"), "{msg}");
        assert!(!msg.contains("baud"), "{msg}");
    }

    #[test]
    fn open_errors_give_the_os_reason_once_and_fitting_advice() {
        use std::error::Error as _;
        let refused = ObdError::Open {
            port: "tcp://192.168.0.10:35000".into(),
            error: std::io::Error::from(std::io::ErrorKind::ConnectionRefused),
        };
        let msg = refused.to_string();
        assert!(msg.contains("Wi-Fi") || msg.contains("listens"), "{msg}");
        assert!(!msg.contains("dialout"), "{msg}");
        // the reason is in the message, so it is not also a source an error chain prints again
        assert!(refused.source().is_none());
        let missing = ObdError::Open {
            port: "/dev/ttyUSB7".into(),
            error: std::io::Error::from(std::io::ErrorKind::NotFound),
        };
        assert!(missing.to_string().contains("no such port"), "{missing}");
        let denied = ObdError::Open {
            port: "/dev/ttyUSB0".into(),
            error: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        assert!(denied.to_string().contains("dialout"), "{denied}");
    }

    /// A port another shopbench held said "no such port: check the port
    /// name": serialport reports its lock failure as NotFound.
    #[test]
    fn regression_a_busy_port_was_called_no_such_port() {
        let busy = ObdError::Open {
            port: "/dev/pts/1".into(),
            error: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "Unable to acquire exclusive lock on serial port",
            ),
        };
        let msg = busy.to_string();
        assert!(msg.contains("another program has the port open"), "{msg}");
        assert!(!msg.contains("no such port"), "{msg}");
    }

    #[test]
    fn an_interrupted_clear_says_whether_the_request_went_out() {
        let reason = || {
            Box::new(ObdError::AdapterGone {
                port: "p".into(),
                command: "04".into(),
                reason: "EOF".into(),
            })
        };
        let sent = ObdError::ClearInterrupted {
            sent: true,
            reason: reason(),
        };
        assert!(
            sent.to_string().contains("may or may not have been erased"),
            "{sent}"
        );
        assert!(sent.is_link_lost());
        let not_sent = ObdError::ClearInterrupted {
            sent: false,
            reason: reason(),
        };
        assert!(
            not_sent.to_string().starts_with("nothing was cleared"),
            "{not_sent}"
        );
    }

    #[test]
    fn adapter_faults_are_recognised() {
        for (line, fault) in [
            ("BUS INIT: ...ERROR", AdapterFault::BusInit),
            ("CAN ERROR", AdapterFault::Can),
            ("BUFFER FULL", AdapterFault::BufferFull),
            ("STOPPED", AdapterFault::Stopped),
            ("7E8 03 41 0C <RX ERROR", AdapterFault::Rx),
            ("7E8064100<DATA ERROR", AdapterFault::LineData),
            ("ERR94", AdapterFault::Err94),
            ("LV RESET", AdapterFault::LowVoltageReset),
            ("ACT ALERT", AdapterFault::ActivityAlert),
        ] {
            assert_eq!(AdapterFault::from_line(line), Some(fault), "{line}");
        }
        assert_eq!(AdapterFault::from_line("7E803410C"), None);
    }
}
