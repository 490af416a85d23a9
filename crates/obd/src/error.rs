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
    /// The port could not be opened.
    #[error("cannot open {port}: {source} — check the port name, that the adapter is plugged in, and that you may use it (dialout group)")]
    Open {
        /// The port as given.
        port: String,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
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
    #[error("adapter did not answer {command} within {} s on {port} — check the port and baud rate", fmt_secs(*timeout_ms))]
    Timeout {
        /// The command sent.
        command: String,
        /// The port.
        port: String,
        /// The limit, in milliseconds.
        timeout_ms: u64,
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
    #[error("no ELM327 adapter answered on {port} at {tried} baud — check the port, that the adapter is powered (plugged into the car), and the baud rate")]
    NoAdapter {
        /// The port.
        port: String,
        /// The baud rates tried, e.g. "38400, 9600".
        tried: String,
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
    #[error("ECU {ecu} refused service {service:02X}: {} (negative response {nrc:02X})", nrc_meaning(*nrc))]
    NegativeResponse {
        /// The ECU that refused.
        ecu: String,
        /// The service that was refused.
        service: u8,
        /// The negative response code.
        nrc: u8,
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
        matches!(self, ObdError::AdapterGone { .. })
    }

    /// True when the error only says "this car does not support that" (`NO DATA`,
    /// or a negative response "service/sub-function not supported").
    pub fn is_not_supported(&self) -> bool {
        match self {
            ObdError::NoData { .. } => true,
            ObdError::NegativeResponse { nrc, .. } => matches!(nrc, 0x11 | 0x12 | 0x31),
            _ => false,
        }
    }
}

fn fmt_secs(ms: u64) -> String {
    if ms % 1000 == 0 {
        format!("{}", ms / 1000)
    } else {
        format!("{:.1}", ms as f64 / 1000.0)
    }
}

/// ISO 14229 / ISO 15031 negative response codes.
pub(crate) fn nrc_meaning(nrc: u8) -> &'static str {
    match nrc {
        0x10 => "general reject",
        0x11 => "service not supported",
        0x12 => "sub-function not supported",
        0x13 => "incorrect message length",
        0x21 => "busy, repeat request",
        0x22 => "conditions not correct (e.g. engine running, or vehicle moving)",
        0x31 => "request out of range",
        0x33 => "security access denied",
        0x72 => "general programming failure",
        0x78 => "response pending",
        _ => "refused",
    }
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
