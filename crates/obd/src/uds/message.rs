//! UDS requests (built only through checked constructors) and the parsers of
//! their positive responses. Parsers take a module's whole reply (service
//! byte first) and never panic: a reply that does not add up is an `Err`
//! saying what is wrong with it.
//!
//! ```text
//! request                         positive response
//! 3E 00        TesterPresent      7E 00
//! 10 0s        SessionControl     50 0s P2(2, ms) P2*(2, 10 ms)
//! 19 02 mask   DTCs by status     59 02 availMask {DTC(3) status}*
//! 19 04 D D D rec  snapshot        59 04 DTC(3) status {rec n {DID(2) data}*}*
//! 19 06 D D D rec  extended data   59 06 DTC(3) status {rec data}*
//! 22 {DID(2)}* ReadDataByIdent.   62 {DID(2) data}*
//! 14 FF FF FF  clear all groups   54
//! 18 st gr gr  KWP2000 DTCs       58 n {DTC(2) status}*
//! any          refused            7F service code
//! ```

use serde::{Deserialize, Serialize};

use super::dids::did_len;
use super::dtc::{UdsDtc, UdsStatus};
use super::nrc::RESPONSE_PENDING;
use crate::scan::ClearConfirmation;

/// A diagnostic session (service 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Session {
    /// 01: the session every module is in after power-up; enough to read codes.
    Default,
    /// 03: extended diagnostics (some modules only answer some requests here).
    Extended,
}

impl Session {
    fn byte(self) -> u8 {
        match self {
            Session::Default => 0x01,
            Session::Extended => 0x03,
        }
    }
}

/// The status mask asking for every code a module keeps (19 02 FF).
pub const ALL_STATUS_BITS: u8 = 0xFF;

/// A UDS or KWP2000 request. Built only by the constructors below, so every
/// request that exists is well formed; clearing needs the user's consent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UdsRequest(Vec<u8>);

impl UdsRequest {
    /// 3E 00: "are you there?" — also keeps a non-default session open.
    pub fn tester_present() -> UdsRequest {
        UdsRequest(vec![0x3E, 0x00])
    }

    /// 10 0s: switch diagnostic session.
    pub fn session(session: Session) -> UdsRequest {
        UdsRequest(vec![0x10, session.byte()])
    }

    /// 19 02 mask: the codes whose status has any bit of `mask`.
    pub fn dtcs_by_status(mask: u8) -> UdsRequest {
        UdsRequest(vec![0x19, 0x02, mask])
    }

    /// 19 04: the snapshot (freeze frame) record `record` of `dtc` (0xFF = all).
    pub fn snapshot(dtc: UdsDtc, record: u8) -> UdsRequest {
        let [a, b, c] = dtc.to_bytes();
        UdsRequest(vec![0x19, 0x04, a, b, c, record])
    }

    /// 19 06: the extended data record `record` of `dtc` (0xFF = all).
    pub fn extended_data(dtc: UdsDtc, record: u8) -> UdsRequest {
        let [a, b, c] = dtc.to_bytes();
        UdsRequest(vec![0x19, 0x06, a, b, c, record])
    }

    /// 22: read one or more data identifiers (at least one).
    pub fn read_dids(dids: &[u16]) -> Option<UdsRequest> {
        if dids.is_empty() {
            return None;
        }
        let mut v = vec![0x22];
        for d in dids {
            v.extend_from_slice(&d.to_be_bytes());
        }
        Some(UdsRequest(v))
    }

    /// 14 FF FF FF: clear every code group of one module. Erases its codes,
    /// snapshots and extended data, so it needs the user's consent, the same
    /// token as OBD-II service 04.
    pub fn clear_all(_consent: ClearConfirmation) -> UdsRequest {
        UdsRequest(vec![0x14, 0xFF, 0xFF, 0xFF])
    }

    /// KWP2000 18: codes by status (`status` 0x02 = all stored, group 0xFF00 = all).
    pub fn kwp_dtcs_by_status(status: u8, group: u16) -> UdsRequest {
        let [g1, g2] = group.to_be_bytes();
        UdsRequest(vec![0x18, status, g1, g2])
    }

    /// The bytes to send.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// The service byte.
    pub fn service(&self) -> u8 {
        self.0[0]
    }
}

/// What a reply to a request is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply<'a> {
    /// The positive response, service byte first.
    Positive(&'a [u8]),
    /// `7F service code`: refused (`code` ≠ 0x78).
    Negative(u8),
    /// `7F service 78`: the module is working on it; the answer follows.
    Pending,
    /// A reply to something else (a late answer), or garbage.
    Unrelated,
}

/// Sorts `reply` as an answer to `request`.
pub fn classify<'a>(request: &UdsRequest, reply: &'a [u8]) -> Reply<'a> {
    let sid = request.service();
    match reply {
        [0x7F, s, RESPONSE_PENDING, ..] if *s == sid => Reply::Pending,
        [0x7F, s, code, ..] if *s == sid => Reply::Negative(*code),
        [first, ..] if *first == sid.wrapping_add(0x40) => Reply::Positive(reply),
        _ => Reply::Unrelated,
    }
}

/// Diagnostic session timing from a 50 reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTiming {
    /// The session entered.
    pub session: u8,
    /// P2server_max: how long the module takes to answer, ms.
    pub p2_ms: u16,
    /// P2*server_max: how long it may take after "response pending", ms.
    pub p2_star_ms: u32,
}

/// 50 0s P2 P2*: the session and its timing (a module may leave the timing out).
pub fn parse_session(reply: &[u8]) -> Result<SessionTiming, String> {
    match reply {
        [0x50, s, p2a, p2b, p2sa, p2sb, ..] => Ok(SessionTiming {
            session: *s,
            p2_ms: u16::from_be_bytes([*p2a, *p2b]),
            p2_star_ms: u32::from(u16::from_be_bytes([*p2sa, *p2sb])) * 10,
        }),
        [0x50, s] => Ok(SessionTiming {
            session: *s,
            p2_ms: 50,
            p2_star_ms: 5000,
        }),
        _ => Err(format!("not a session reply: {}", hex(reply))),
    }
}

/// 7E 00: the module is there.
pub fn parse_tester_present(reply: &[u8]) -> Result<(), String> {
    match reply {
        [0x7E, 0x00, ..] => Ok(()),
        _ => Err(format!("not a TesterPresent reply: {}", hex(reply))),
    }
}

/// 54: the module cleared its codes.
pub fn parse_clear(reply: &[u8]) -> Result<(), String> {
    match reply.first() {
        Some(0x54) => Ok(()),
        _ => Err(format!("not a clear reply: {}", hex(reply))),
    }
}

/// A module's code list (19 02).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DtcList {
    /// The status bits this module supports (DTCStatusAvailabilityMask).
    pub availability_mask: u8,
    /// Each code with its status byte, in the module's order.
    pub dtcs: Vec<(UdsDtc, UdsStatus)>,
}

/// 59 02 mask {DTC(3) status}*. Records of `00 00 00` are padding; a record
/// cut short is refused rather than dropped.
pub fn parse_dtc_list(reply: &[u8]) -> Result<DtcList, String> {
    let [0x59, 0x02, mask, records @ ..] = reply else {
        return Err(format!("not a 59 02 reply: {}", hex(reply)));
    };
    if records.len() % 4 != 0 {
        return Err(format!(
            "{} bytes of codes: a code with its status is 4 bytes, so the reply is cut short",
            records.len()
        ));
    }
    let dtcs = records
        .chunks_exact(4)
        .filter(|r| r[..3] != [0, 0, 0])
        .map(|r| (UdsDtc::from_bytes([r[0], r[1], r[2]]), UdsStatus(r[3])))
        .collect();
    Ok(DtcList {
        availability_mask: *mask,
        dtcs,
    })
}

/// One identifier and its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DidValue {
    /// The data identifier.
    pub did: u16,
    /// Its data.
    pub data: Vec<u8>,
}

impl DidValue {
    /// The value as text (see [`super::did_text`]).
    pub fn text(&self) -> String {
        super::dids::did_text(self.did, &self.data)
    }
}

/// 62 {DID data}*: the values of the DIDs asked for. A module leaves out
/// the DIDs it does not have, so each value runs up to the next requested
/// DID found in order (identification data is text, and every DID asked for
/// starts with a byte that is not text), or for its fixed length where the
/// standard fixes one.
pub fn parse_read_dids(requested: &[u16], reply: &[u8]) -> Result<Vec<DidValue>, String> {
    let Some((&0x62, mut rest)) = reply.split_first() else {
        return Err(format!("not a 62 reply: {}", hex(reply)));
    };
    let mut left: Vec<u16> = requested.to_vec();
    let mut out = Vec::new();
    while !rest.is_empty() {
        let [a, b, tail @ ..] = rest else {
            return Err(format!(
                "a lone byte where a DID was expected: {}",
                hex(rest)
            ));
        };
        let did = u16::from_be_bytes([*a, *b]);
        let Some(pos) = left.iter().position(|d| *d == did) else {
            return Err(format!("DID {did:04X} was not asked for"));
        };
        left.remove(pos);
        let end = did_len(did)
            .filter(|n| *n <= tail.len())
            .unwrap_or_else(|| next_did(tail, &left).unwrap_or(tail.len()));
        out.push(DidValue {
            did,
            data: tail[..end].to_vec(),
        });
        rest = &tail[end..];
    }
    if out.is_empty() {
        return Err("the reply carries no DID".into());
    }
    Ok(out)
}

/// Where the next still-expected DID starts in `data`.
fn next_did(data: &[u8], expected: &[u16]) -> Option<usize> {
    data.windows(2)
        .position(|w| expected.contains(&u16::from_be_bytes([w[0], w[1]])))
}

/// One snapshot record of a code (19 04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotRecord {
    /// The record number.
    pub record: u8,
    /// The values, each under its DID.
    pub values: Vec<DidValue>,
    /// Bytes that could not be split into DIDs (a DID of a length only the
    /// manufacturer knows, followed by another): kept, not guessed at.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undivided: Vec<u8>,
}

/// A code's snapshots (freeze frames).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The code.
    pub dtc: UdsDtc,
    /// Its status when read.
    pub status: UdsStatus,
    /// Its records.
    pub records: Vec<SnapshotRecord>,
}

/// 59 04 DTC status {rec n {DID data}*}*. A DID's data runs for its known
/// length (OBD DIDs 0xF4xx, fixed identification DIDs); a record's last DID
/// of unknown length takes the rest of the reply (ask for one record at a
/// time where that matters); any other DID of unknown length leaves the
/// rest of its record in [`SnapshotRecord::undivided`].
pub fn parse_snapshot(reply: &[u8]) -> Result<Snapshot, String> {
    let [0x59, 0x04, a, b, c, status, tail @ ..] = reply else {
        return Err(format!("not a 59 04 reply: {}", hex(reply)));
    };
    let mut rest: &[u8] = tail;
    let mut records = Vec::new();
    while let [record, count, tail @ ..] = rest {
        let mut rec = SnapshotRecord {
            record: *record,
            values: Vec::new(),
            undivided: Vec::new(),
        };
        rest = tail;
        for _ in 0..*count {
            let [d1, d2, data @ ..] = rest else {
                return Err(format!(
                    "record {record:02X} announces {count} values but ends early"
                ));
            };
            let did = u16::from_be_bytes([*d1, *d2]);
            let len = match did_len(did) {
                Some(n) if n <= data.len() => n,
                Some(n) => {
                    return Err(format!(
                        "DID {did:04X} needs {n} bytes, {} left",
                        data.len()
                    ))
                }
                None if rec.values.len() + 1 == usize::from(*count) => data.len(),
                None => {
                    rec.undivided = rest.to_vec();
                    rest = &[];
                    break;
                }
            };
            rec.values.push(DidValue {
                did,
                data: data[..len].to_vec(),
            });
            rest = &data[len..];
        }
        records.push(rec);
    }
    if !rest.is_empty() {
        return Err(format!("a lone byte after the records: {}", hex(rest)));
    }
    Ok(Snapshot {
        dtc: UdsDtc::from_bytes([*a, *b, *c]),
        status: UdsStatus(*status),
        records,
    })
}

/// A code's extended data (19 06): occurrence and ageing counters and the
/// like, in a layout each manufacturer defines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtendedData {
    /// The code.
    pub dtc: UdsDtc,
    /// Its status when read.
    pub status: UdsStatus,
    /// The first record number and every byte after it, unsplit (the record
    /// lengths are the manufacturer's).
    pub data: Vec<u8>,
}

/// 59 06 DTC status data…
pub fn parse_extended_data(reply: &[u8]) -> Result<ExtendedData, String> {
    let [0x59, 0x06, a, b, c, status, data @ ..] = reply else {
        return Err(format!("not a 59 06 reply: {}", hex(reply)));
    };
    Ok(ExtendedData {
        dtc: UdsDtc::from_bytes([*a, *b, *c]),
        status: UdsStatus(*status),
        data: data.to_vec(),
    })
}

fn hex(b: &[u8]) -> String {
    if b.is_empty() {
        "(empty)".into()
    } else {
        crate::frames::to_hex(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn requests_are_well_formed() {
        assert_eq!(UdsRequest::tester_present().bytes(), [0x3E, 0x00]);
        assert_eq!(UdsRequest::session(Session::Extended).bytes(), [0x10, 0x03]);
        assert_eq!(UdsRequest::dtcs_by_status(0xFF).bytes(), [0x19, 0x02, 0xFF]);
        let d: UdsDtc = "C0035-1C".parse().unwrap();
        assert_eq!(
            UdsRequest::snapshot(d, 0xFF).bytes(),
            [0x19, 0x04, 0x40, 0x35, 0x1C, 0xFF]
        );
        assert_eq!(
            UdsRequest::extended_data(d, 1).bytes(),
            [0x19, 0x06, 0x40, 0x35, 0x1C, 1]
        );
        assert_eq!(
            UdsRequest::read_dids(&[0xF190, 0xF18C]).unwrap().bytes(),
            [0x22, 0xF1, 0x90, 0xF1, 0x8C]
        );
        assert!(UdsRequest::read_dids(&[]).is_none());
        let clear = UdsRequest::clear_all(ClearConfirmation::confirmed_by_user());
        assert_eq!(clear.bytes(), [0x14, 0xFF, 0xFF, 0xFF]);
        assert_eq!(
            UdsRequest::kwp_dtcs_by_status(0x02, 0xFF00).bytes(),
            [0x18, 0x02, 0xFF, 0x00]
        );
    }

    #[test]
    fn replies_are_classified() {
        let r = UdsRequest::dtcs_by_status(0xFF);
        assert_eq!(classify(&r, &[0x7F, 0x19, 0x78]), Reply::Pending);
        assert_eq!(classify(&r, &[0x7F, 0x19, 0x31]), Reply::Negative(0x31));
        assert_eq!(
            classify(&r, &[0x59, 0x02, 0xFF]),
            Reply::Positive(&[0x59, 0x02, 0xFF])
        );
        assert_eq!(classify(&r, &[0x62, 0xF1]), Reply::Unrelated);
        assert_eq!(classify(&r, &[0x7F, 0x22, 0x31]), Reply::Unrelated);
        assert_eq!(classify(&r, &[]), Reply::Unrelated);
    }

    #[test]
    fn dtc_list_with_status_bits() {
        let l = parse_dtc_list(&[
            0x59, 0x02, 0xFF, 0x40, 0x35, 0x1C, 0x2F, 0xC1, 0x00, 0x87, 0x08,
        ])
        .unwrap();
        assert_eq!(l.availability_mask, 0xFF);
        assert_eq!(l.dtcs.len(), 2);
        assert_eq!(l.dtcs[0].0.to_string(), "C0035-1C");
        assert!(l.dtcs[0].1.test_failed());
        assert_eq!(l.dtcs[1].0.to_string(), "U0100-87");
        assert!(l.dtcs[1].1.confirmed() && !l.dtcs[1].1.test_failed());
        assert!(parse_dtc_list(&[0x59, 0x02, 0xFF]).unwrap().dtcs.is_empty());
        assert!(parse_dtc_list(&[0x59, 0x02, 0xFF, 0x40, 0x35, 0x1C]).is_err());
        assert!(parse_dtc_list(&[0x59, 0x04]).is_err());
    }

    #[test]
    fn several_dids_in_one_reply_are_split() {
        let mut reply = vec![0x62, 0xF1, 0x90];
        reply.extend_from_slice(b"SB1ZS3JE60E282102");
        reply.extend_from_slice(&[0xF1, 0x8C]);
        reply.extend_from_slice(b"SN12345");
        reply.extend_from_slice(&[0xF1, 0x87]);
        reply.extend_from_slice(b"89541-02A30");
        let v = parse_read_dids(&[0xF190, 0xF18C, 0xF187, 0xF191], &reply).unwrap();
        let texts: Vec<_> = v.iter().map(|d| (d.did, d.text())).collect();
        assert_eq!(
            texts,
            [
                (0xF190, "SB1ZS3JE60E282102".to_string()),
                (0xF18C, "SN12345".to_string()),
                (0xF187, "89541-02A30".to_string())
            ]
        );
        assert!(parse_read_dids(&[0xF190], &[0x62, 0xF1, 0x91, 0x41]).is_err());
        assert!(parse_read_dids(&[0xF190], &[0x62]).is_err());
    }

    #[test]
    fn snapshots_are_split_by_obd_did_lengths() {
        // record 01, 3 values: speed 50 km/h, rpm 1726, coolant 86 °C
        let reply = [
            0x59, 0x04, 0x40, 0x35, 0x1C, 0x2F, 0x01, 0x03, 0xF4, 0x0D, 0x32, 0xF4, 0x0C, 0x1A,
            0xF8, 0xF4, 0x05, 0x7E,
        ];
        let s = parse_snapshot(&reply).unwrap();
        assert_eq!(s.records.len(), 1);
        let texts: Vec<_> = s.records[0].values.iter().map(DidValue::text).collect();
        assert_eq!(texts, ["50 km/h", "1726 rpm", "86 °C"]);
        // a manufacturer DID of unknown length, then another: kept whole
        let odd = [
            0x59, 0x04, 0x40, 0x35, 0x1C, 0x2F, 0x01, 0x02, 0x2A, 0x01, 0x05, 0x2A, 0x02, 0x06,
        ];
        let s = parse_snapshot(&odd).unwrap();
        assert_eq!(s.records[0].undivided, [0x2A, 0x01, 0x05, 0x2A, 0x02, 0x06]);
        assert!(parse_snapshot(&[0x59, 0x04, 0x40, 0x35, 0x1C, 0x2F, 0x01, 0x02, 0xF4]).is_err());
    }

    #[test]
    fn session_and_extended_data() {
        let t = parse_session(&[0x50, 0x03, 0x00, 0x32, 0x01, 0xF4]).unwrap();
        assert_eq!((t.session, t.p2_ms, t.p2_star_ms), (3, 50, 5000));
        assert!(parse_session(&[0x51]).is_err());
        let e = parse_extended_data(&[0x59, 0x06, 0x40, 0x35, 0x1C, 0x2F, 0x01, 0x05]).unwrap();
        assert_eq!(e.data, [0x01, 0x05]);
        assert!(parse_tester_present(&[0x7E, 0x00]).is_ok());
        assert!(parse_clear(&[0x54]).is_ok() && parse_clear(&[0x44]).is_err());
    }

    proptest! {
        #[test]
        fn parsers_never_panic(reply in proptest::collection::vec(any::<u8>(), 0..64), dids in proptest::collection::vec(any::<u16>(), 0..6)) {
            let _ = parse_dtc_list(&reply);
            let _ = parse_read_dids(&dids, &reply);
            let _ = parse_snapshot(&reply);
            let _ = parse_extended_data(&reply);
            let _ = parse_session(&reply);
            let _ = parse_tester_present(&reply);
            let _ = parse_clear(&reply);
            let _ = classify(&UdsRequest::dtcs_by_status(0xFF), &reply);
        }

        #[test]
        fn parsers_never_panic_on_their_own_service(tail in proptest::collection::vec(any::<u8>(), 0..64)) {
            for head in [&[0x59u8, 0x02][..], &[0x59, 0x04], &[0x59, 0x06], &[0x62], &[0x50]] {
                let reply = [head, &tail[..]].concat();
                let _ = parse_dtc_list(&reply);
                let _ = parse_snapshot(&reply);
                let _ = parse_extended_data(&reply);
                let _ = parse_read_dids(&[0xF190, 0xF18C, 0xF40D], &reply);
                let _ = parse_session(&reply);
            }
        }

        #[test]
        fn dtc_lists_round_trip(codes in proptest::collection::vec((1u32..0xFF_FFFF, any::<u8>()), 0..30)) {
            let mut reply = vec![0x59, 0x02, 0xFF];
            for (c, s) in &codes {
                reply.extend_from_slice(&c.to_be_bytes()[1..]);
                reply.push(*s);
            }
            let l = parse_dtc_list(&reply).unwrap();
            let back: Vec<(u32, u8)> = l.dtcs.iter().map(|(d, s)| {
                let [a, b, c] = d.to_bytes();
                (u32::from_be_bytes([0, a, b, c]), s.0)
            }).collect();
            prop_assert_eq!(back, codes);
        }
    }
}
