//! Negative response codes (`7F <service> <code>`), as data.
//!
//! Codes and names: ISO 14229-1:2013 annex A, table A.1 (the KWP2000 codes
//! of ISO 14230-3 are the same numbers for the codes both define), as listed
//! publicly in the Wikipedia article "Unified Diagnostic Services"
//! (<https://en.wikipedia.org/wiki/Unified_Diagnostic_Services>) and in
//! Metasploit's `lib/rex/post/hwbridge/extensions/automotive/uds_errors.rb`
//! (BSD-3-Clause). The second column, what a mechanic should make of the
//! code, is ours.

/// One negative response code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nrc {
    /// The code.
    pub code: u8,
    /// The ISO 14229-1 name (`conditionsNotCorrect`).
    pub name: &'static str,
    /// What it means at the car, in a mechanic's words.
    pub meaning: &'static str,
}

macro_rules! nrc {
    ($code:expr, $name:expr, $meaning:expr) => {
        Nrc {
            code: $code,
            name: $name,
            meaning: $meaning,
        }
    };
}

/// Every code of ISO 14229-1 table A.1, ordered by code.
const NRCS: &[Nrc] = &[
    nrc!(
        0x10,
        "generalReject",
        "the module refused without saying why"
    ),
    nrc!(
        0x11,
        "serviceNotSupported",
        "this module does not offer that service"
    ),
    nrc!(
        0x12,
        "subFunctionNotSupported",
        "this module does not offer that kind of request"
    ),
    nrc!(
        0x13,
        "incorrectMessageLengthOrInvalidFormat",
        "the module did not accept the request's length or format"
    ),
    nrc!(
        0x14,
        "responseTooLong",
        "the answer would be too long for the module to send"
    ),
    nrc!(0x21, "busyRepeatRequest", "the module is busy; ask again"),
    nrc!(
        0x22,
        "conditionsNotCorrect",
        "conditions not right for this (engine running, vehicle moving, voltage low?)"
    ),
    nrc!(
        0x24,
        "requestSequenceError",
        "requests came in the wrong order"
    ),
    nrc!(
        0x25,
        "noResponseFromSubnetComponent",
        "a module behind the gateway did not answer"
    ),
    nrc!(
        0x26,
        "failurePreventsExecutionOfRequestedAction",
        "a fault in the module prevents it"
    ),
    nrc!(
        0x31,
        "requestOutOfRange",
        "the module does not know that item (identifier or record)"
    ),
    nrc!(
        0x33,
        "securityAccessDenied",
        "locked: the module wants a security unlock first"
    ),
    nrc!(0x35, "invalidKey", "the security key was wrong"),
    nrc!(
        0x36,
        "exceedNumberOfAttempts",
        "too many wrong security keys; the module has locked up for now"
    ),
    nrc!(
        0x37,
        "requiredTimeDelayNotExpired",
        "wait before trying the security unlock again"
    ),
    nrc!(
        0x70,
        "uploadDownloadNotAccepted",
        "the module refused the transfer"
    ),
    nrc!(0x71, "transferDataSuspended", "the transfer was stopped"),
    nrc!(
        0x72,
        "generalProgrammingFailure",
        "the module failed to write its memory"
    ),
    nrc!(
        0x73,
        "wrongBlockSequenceCounter",
        "transfer blocks out of order"
    ),
    nrc!(
        0x78,
        "requestCorrectlyReceived-ResponsePending",
        "wait: the module is working on it"
    ),
    nrc!(
        0x7E,
        "subFunctionNotSupportedInActiveSession",
        "not available in the current diagnostic session"
    ),
    nrc!(
        0x7F,
        "serviceNotSupportedInActiveSession",
        "not available in the current diagnostic session"
    ),
    nrc!(0x81, "rpmTooHigh", "engine speed too high"),
    nrc!(0x82, "rpmTooLow", "engine speed too low"),
    nrc!(
        0x83,
        "engineIsRunning",
        "switch the engine off (ignition on)"
    ),
    nrc!(0x84, "engineIsNotRunning", "start the engine"),
    nrc!(
        0x85,
        "engineRunTimeTooLow",
        "let the engine run longer first"
    ),
    nrc!(0x86, "temperatureTooHigh", "temperature too high"),
    nrc!(0x87, "temperatureTooLow", "temperature too low"),
    nrc!(0x88, "vehicleSpeedTooHigh", "stop the vehicle"),
    nrc!(0x89, "vehicleSpeedTooLow", "vehicle speed too low"),
    nrc!(
        0x8A,
        "throttle/PedalTooHigh",
        "release the accelerator pedal"
    ),
    nrc!(
        0x8B,
        "throttle/PedalTooLow",
        "accelerator pedal position too low"
    ),
    nrc!(
        0x8C,
        "transmissionRangeNotInNeutral",
        "put the transmission in neutral"
    ),
    nrc!(
        0x8D,
        "transmissionRangeNotInGear",
        "put the transmission in gear"
    ),
    nrc!(0x8F, "brakeSwitch(es)NotClosed", "press the brake pedal"),
    nrc!(0x90, "shifterLeverNotInPark", "put the shifter in park"),
    nrc!(
        0x91,
        "torqueConverterClutchLocked",
        "torque converter clutch is locked"
    ),
    nrc!(0x92, "voltageTooHigh", "supply voltage too high"),
    nrc!(
        0x93,
        "voltageTooLow",
        "supply voltage too low: connect a battery charger"
    ),
];

/// The response-pending code: not a refusal, the answer follows.
pub const RESPONSE_PENDING: u8 = 0x78;

impl Nrc {
    /// The code's entry, where ISO 14229-1 defines it.
    pub fn lookup(code: u8) -> Option<&'static Nrc> {
        NRCS.binary_search_by_key(&code, |n| n.code)
            .ok()
            .map(|i| &NRCS[i])
    }

    /// What `code` means, for a message: the mechanic's words, or the
    /// reserved range it falls in.
    pub fn meaning_of(code: u8) -> &'static str {
        match Nrc::lookup(code) {
            Some(n) => n.meaning,
            None if code >= 0x80 => "a condition for this request is not met",
            None => "refused (a code ISO 14229 reserves)",
        }
    }

    /// True when the module says the service, request or item does not
    /// exist here (11, 12, 31, 7E, 7F): a "no", not a fault.
    pub fn is_not_supported(code: u8) -> bool {
        matches!(code, 0x11 | 0x12 | 0x31 | 0x7E | 0x7F)
    }

    /// The whole table, ordered by code.
    pub fn all() -> &'static [Nrc] {
        NRCS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_for_binary_search() {
        for w in NRCS.windows(2) {
            assert!(w[0].code < w[1].code, "{:?} before {:?}", w[0], w[1]);
        }
    }

    #[test]
    fn the_codes_the_issue_names_read_in_a_mechanics_words() {
        for code in [0x11, 0x12, 0x22, 0x31, 0x33, 0x78, 0x7E, 0x7F] {
            let n = Nrc::lookup(code).expect("defined");
            assert!(!n.meaning.is_empty() && !n.name.is_empty());
        }
        assert_eq!(Nrc::lookup(0x22).unwrap().name, "conditionsNotCorrect");
        assert!(Nrc::meaning_of(0x33).contains("security"));
        assert_eq!(
            Nrc::meaning_of(0x94),
            "a condition for this request is not met"
        );
        assert!(Nrc::is_not_supported(0x31) && !Nrc::is_not_supported(0x22));
    }
}
