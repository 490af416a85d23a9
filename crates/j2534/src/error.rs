//! The crate's one error type.

use std::os::raw::c_long;
use std::path::PathBuf;
use std::time::Duration;

use crate::arch::Machine;
use crate::consts::status;

/// Everything that can go wrong talking to a J2534 PassThru device.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum J2534Error {
    /// The library file could not be loaded (missing, wrong architecture —
    /// vendors often ship only 32-bit DLLs —, missing dependencies).
    #[error("could not load the PassThru library {path}: {source} — check the path, and that the library matches this program's architecture ({arch})", arch = std::env::consts::ARCH)]
    Load {
        /// The library file.
        path: PathBuf,
        /// What the dynamic loader said.
        source: libloading::Error,
    },
    /// The library was built for another CPU architecture than this program
    /// (typically a vendor's 32-bit DLL and a 64-bit shopbench).
    #[error("{path} is a {library} library but this shopbench is a {program} program, which cannot load it — install the vendor's {program_bits}-bit J2534 driver if they offer one, or use a {library_bits}-bit build of shopbench{hint}")]
    WrongArchitecture {
        /// The library file.
        path: PathBuf,
        /// What the library was built for.
        library: Machine,
        /// What this program was built for.
        program: Machine,
        /// `program`'s address width, for the message.
        program_bits: u8,
        /// `library`'s address width, for the message.
        library_bits: u8,
        /// A build hint for the common case (32-bit x86 on Windows).
        hint: &'static str,
    },
    /// The library loaded but lacks a v04.04 function.
    #[error("{path} is not a J2534 v04.04 PassThru library: it has no {symbol} ({source})")]
    MissingSymbol {
        /// The library file.
        path: PathBuf,
        /// The missing function, e.g. `PassThruOpen`.
        symbol: &'static str,
        /// What the dynamic loader said.
        source: libloading::Error,
    },
    /// A `PassThru*` call returned something other than `STATUS_NOERROR`.
    #[error("{function} failed with {name} ({code:#04x}): {description}")]
    Api {
        /// The C function, e.g. `PassThruWriteMsgs`.
        function: &'static str,
        /// The return code (see [`crate::status`]).
        code: c_long,
        /// The specification's name of `code`, or `vendor-specific`.
        name: &'static str,
        /// `PassThruGetLastError`'s text, or the specification's meaning when
        /// the driver gave none.
        description: String,
    },
    /// A message larger than `PASSTHRU_MSG.Data` allows.
    #[error("message of {len} bytes does not fit a PASSTHRU_MSG (at most {max})")]
    MessageTooLong {
        /// Bytes asked for.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// No ECU answered a request within the time allowed.
    #[error("no ECU answered {request:02X?} within {waited:?} — check the ignition is on and the bus speed / ID length")]
    NoResponse {
        /// The request bytes.
        request: Vec<u8>,
        /// How long we listened.
        waited: Duration,
    },
    /// No ECU answered `01 00` on any of the ISO 15765-4 settings tried.
    #[error("no ECU answered through {device} on {tried} — is the ignition on? Check the adapter is seated in the OBD socket (J2534 reaches CAN cars only: ISO 15765-4)")]
    NoVehicle {
        /// The device's name.
        device: String,
        /// The bus settings tried, e.g. "500 kbit/s 11-bit, 250 kbit/s 11-bit".
        tried: String,
    },
    /// A setting outside what this crate or the standard supports.
    #[error("invalid setting: {0}")]
    InvalidSetting(String),
    /// A `~/.passthru/*.json` manifest that cannot be used.
    #[error("J2534 manifest {path}: {reason}")]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Discovery found nothing matching the user's choice.
    #[error("no J2534 device matches {query:?}; known: {known} — give a library path, or set SHOPBENCH_J2534_LIB")]
    NotFound {
        /// What the user asked for (empty: "the only device").
        query: String,
        /// Names of the devices found, comma-separated (or "none").
        known: String,
    },
    /// Several devices match and none was chosen.
    #[error("several J2534 devices match {query:?}: {candidates} — name one")]
    Ambiguous {
        /// What the user asked for.
        query: String,
        /// Names of the candidates, comma-separated.
        candidates: String,
    },
    /// Reading the Windows registry failed.
    #[error("reading the Windows registry key {key}: {source}")]
    Registry {
        /// The key.
        key: String,
        /// What the OS said.
        source: std::io::Error,
    },
}

impl J2534Error {
    /// Build an [`J2534Error::Api`] from a return code and the driver's text.
    pub(crate) fn api(function: &'static str, code: c_long, last_error: String) -> Self {
        let description = if last_error.trim().is_empty() {
            status::meaning(code)
                .unwrap_or("vendor-specific error")
                .to_owned()
        } else {
            last_error
        };
        J2534Error::Api {
            function,
            code,
            name: status::name(code).unwrap_or("vendor-specific"),
            description,
        }
    }

    /// The J2534 return code, for [`J2534Error::Api`].
    pub fn status(&self) -> Option<c_long> {
        match self {
            J2534Error::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// [`J2534Error::WrongArchitecture`] when `library` cannot be loaded by
    /// a program built for `program`.
    pub(crate) fn wrong_architecture(
        path: &std::path::Path,
        library: Machine,
        program: Machine,
    ) -> Self {
        let hint = if library == Machine::X86 && cfg!(windows) {
            " (cargo build --release --target i686-pc-windows-msvc)"
        } else {
            ""
        };
        J2534Error::WrongArchitecture {
            path: path.to_owned(),
            library,
            program,
            program_bits: program.bits().unwrap_or(64),
            library_bits: library.bits().unwrap_or(32),
            hint,
        }
    }

    /// True when the device is gone (`ERR_DEVICE_NOT_CONNECTED`): every later
    /// call will fail the same way, so callers should stop and report.
    pub fn is_device_lost(&self) -> bool {
        self.status() == Some(status::ERR_DEVICE_NOT_CONNECTED)
    }
}

/// This crate's `Result`.
pub type Result<T, E = J2534Error> = std::result::Result<T, E>;
