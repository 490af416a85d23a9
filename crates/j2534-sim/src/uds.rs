//! The simulated car's UDS modules, as data: each module's identification,
//! trouble codes (3-byte, with status, snapshots and extended data) and the
//! quirks real modules have (response pending, refusing several DIDs in one
//! request, codes only in the extended session, no extended data, a clear
//! refused while crash data is stored).
//!
//! A front-left collision on the Auris-like car of [`crate::car`]: the ABS
//! lost its left-front wheel-speed signal, the airbag module logged the
//! side-impact sensor, the front radar lost its calibration; the body module
//! keeps a history code of the lost ABS messages.

use std::time::Duration;

use crate::car::{Ecu, VIN};

/// One code a module keeps.
#[derive(Debug, Clone, Copy)]
pub struct SimDtc {
    /// The 3 bytes (2-byte SAE J2012 code + failure type).
    pub code: [u8; 3],
    /// The ISO 14229-1 status byte.
    pub status: u8,
    /// Snapshot records after `59 04 DTC status` (empty: none kept).
    pub snapshot: &'static [u8],
    /// Extended data after `59 06 DTC status` (empty: none kept).
    pub extended: &'static [u8],
}

/// How a module departs from the plain ISO 14229 behaviour.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quirks {
    /// Answers 19 02 with `7F 19 78` first and the list 150 ms later.
    pub pending_first: bool,
    /// Refuses a 22 with several DIDs (`7F 22 13`).
    pub one_did_at_a_time: bool,
    /// Gives its codes only in the extended session (`7F 19 7F` otherwise).
    pub codes_in_extended_only: bool,
    /// Refuses 19 06 (`7F 19 12`).
    pub no_extended_data: bool,
    /// Refuses 14 (`7F 14 22`): crash data stored.
    pub refuses_clear: bool,
}

/// One UDS module.
#[derive(Debug, Clone, Copy)]
pub struct ModuleSpec {
    /// Which module.
    pub ecu: Ecu,
    /// Its identification DIDs and their text.
    pub dids: &'static [(u16, &'static str)],
    /// Its codes.
    pub dtcs: &'static [SimDtc],
    /// Its quirks.
    pub quirks: Quirks,
}

const NONE: Quirks = Quirks {
    pending_first: false,
    one_did_at_a_time: false,
    codes_in_extended_only: false,
    no_extended_data: false,
    refuses_clear: false,
};

/// Every module, engine first.
pub const MODULES: [ModuleSpec; 10] = [
    ModuleSpec {
        ecu: Ecu::Engine,
        dids: &[
            (0xF190, VIN),
            (0xF18C, "E2871Q"),
            (0xF187, "89661-02K31"),
            (0xF197, "ECM"),
        ],
        dtcs: &[
            // P0171-00 confirmed + pending, failing; P0174-00 confirmed
            SimDtc {
                code: [0x01, 0x71, 0x00],
                status: 0x2F,
                snapshot: &[
                    0x01, 0x03, 0xF4, 0x0C, 0x1A, 0x0C, 0xF4, 0x0D, 0x32, 0xF4, 0x05, 0x7E,
                ],
                extended: &[0x01, 0x05],
            },
            SimDtc {
                code: [0x01, 0x74, 0x00],
                status: 0x28,
                snapshot: &[],
                extended: &[],
            },
        ],
        quirks: NONE,
    },
    ModuleSpec {
        ecu: Ecu::Transmission,
        dids: &[(0xF190, VIN), (0xF187, "35010-02K10"), (0xF197, "TCM")],
        dtcs: &[SimDtc {
            code: [0x07, 0x00, 0x00],
            status: 0x28,
            snapshot: &[],
            extended: &[],
        }],
        quirks: NONE,
    },
    ModuleSpec {
        ecu: Ecu::Abs,
        dids: &[
            (0xF190, VIN),
            (0xF18C, "ABS0042"),
            (0xF187, "44050-02A31"),
            (0xF191, "HW 2.1"),
            (0xF195, "SW 7.03"),
            (0xF197, "ABS/ESC"),
        ],
        dtcs: &[
            // C0035-1C: left-front wheel speed sensor, voltage out of range; warning lamp on, failing now
            SimDtc {
                code: [0x40, 0x35, 0x1C],
                status: 0xAF,
                snapshot: &[0x01, 0x01, 0xF4, 0x0D, 0x32],
                extended: &[0x01, 0x03],
            },
            // U0100-87: lost communication with the ECM, missing message; history
            SimDtc {
                code: [0xC1, 0x00, 0x87],
                status: 0x28,
                snapshot: &[],
                extended: &[],
            },
        ],
        quirks: NONE,
    },
    ModuleSpec {
        ecu: Ecu::Srs,
        dids: &[
            (0xF18C, "SRS-77"),
            (0xF187, "89170-02K40"),
            (0xF197, "Airbag (SRS)"),
        ],
        // B0092-13: left-front side impact sensor, circuit open; warning lamp on
        dtcs: &[SimDtc {
            code: [0x80, 0x92, 0x13],
            status: 0x89,
            snapshot: &[0x01, 0x01, 0xF4, 0x0D, 0x32],
            extended: &[],
        }],
        quirks: Quirks {
            pending_first: true,
            no_extended_data: true,
            refuses_clear: true,
            ..NONE
        },
    },
    ModuleSpec {
        ecu: Ecu::Bcm,
        dids: &[
            (0xF190, VIN),
            (0xF187, "BCM-1188"),
            (0xF197, "Body control"),
        ],
        // U0121-00: lost communication with the ABS module; history
        dtcs: &[SimDtc {
            code: [0xC1, 0x21, 0x00],
            status: 0x28,
            snapshot: &[],
            extended: &[],
        }],
        quirks: Quirks {
            one_did_at_a_time: true,
            ..NONE
        },
    },
    ModuleSpec {
        ecu: Ecu::Radar,
        dids: &[(0xF187, "RADAR-9"), (0xF197, "Front radar")],
        // C0410-54: adaptive cruise sensor, missing calibration; warning lamp on
        dtcs: &[SimDtc {
            code: [0x44, 0x10, 0x54],
            status: 0x89,
            snapshot: &[],
            extended: &[],
        }],
        quirks: Quirks {
            codes_in_extended_only: true,
            ..NONE
        },
    },
    ModuleSpec {
        ecu: Ecu::Cluster,
        dids: &[(0xF187, "83800-02K20"), (0xF197, "Instrument cluster")],
        dtcs: &[],
        quirks: NONE,
    },
    ModuleSpec {
        ecu: Ecu::Hvac,
        dids: &[(0xF187, "88650-02K00"), (0xF197, "Climate control")],
        dtcs: &[],
        quirks: NONE,
    },
    ModuleSpec {
        ecu: Ecu::Steering,
        dids: &[(0xF187, "89650-02K50"), (0xF197, "Power steering")],
        dtcs: &[],
        quirks: NONE,
    },
    ModuleSpec {
        ecu: Ecu::ParkAssist,
        dids: &[(0xF187, "89340-02K60"), (0xF197, "Parking assist")],
        dtcs: &[],
        quirks: NONE,
    },
];

/// What a module remembers between requests.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModuleState {
    /// Its codes were cleared (14).
    pub cleared: bool,
    /// Its diagnostic session (1 default, 3 extended).
    pub session: u8,
}

/// The module table's entry for `ecu`.
pub fn spec(ecu: Ecu) -> &'static ModuleSpec {
    MODULES
        .iter()
        .find(|m| m.ecu == ecu)
        .expect("every Ecu has a module entry")
}

/// True for the services a module answers over UDS.
pub fn is_uds(service: u8) -> bool {
    matches!(service, 0x10 | 0x14 | 0x19 | 0x22 | 0x3E)
}

/// How long the pending module takes after `7F 19 78`.
pub const PENDING_TIME: Duration = Duration::from_millis(150);

/// The module's replies to a UDS request: `(delay after its usual latency, payload)`.
pub fn handle(
    spec: &ModuleSpec,
    state: &mut ModuleState,
    request: &[u8],
) -> Vec<(Duration, Vec<u8>)> {
    let sid = request.first().copied().unwrap_or(0);
    let now = |p: Vec<u8>| vec![(Duration::ZERO, p)];
    let refuse = |nrc: u8| vec![(Duration::ZERO, vec![0x7F, sid, nrc])];
    match request {
        [0x3E, 0x00] => now(vec![0x7E, 0x00]),
        [0x10, s @ (0x01 | 0x03)] => {
            state.session = *s;
            now(vec![0x50, *s, 0x00, 0x32, 0x01, 0xF4])
        }
        [0x10, ..] => refuse(0x12),
        [0x22, dids @ ..] if !dids.is_empty() && dids.len() % 2 == 0 => {
            read_dids(spec, dids).map_or_else(refuse, now)
        }
        [0x19, 0x02, mask] => dtc_list(spec, state, *mask),
        [0x19, sub @ (0x04 | 0x06), a, b, c, _record] => {
            dtc_detail(spec, state, *sub, [*a, *b, *c]).map_or_else(refuse, now)
        }
        [0x19, ..] => refuse(0x12),
        [0x14, 0xFF, 0xFF, 0xFF] if spec.quirks.refuses_clear => refuse(0x22),
        [0x14, 0xFF, 0xFF, 0xFF] => {
            state.cleared = true;
            now(vec![0x54])
        }
        [0x14, ..] => refuse(0x31),
        _ => refuse(0x13),
    }
}

fn read_dids(spec: &ModuleSpec, dids: &[u8]) -> Result<Vec<u8>, u8> {
    if dids.len() > 2 && spec.quirks.one_did_at_a_time {
        return Err(0x13);
    }
    let mut out = vec![0x62];
    for pair in dids.chunks_exact(2) {
        let did = u16::from_be_bytes([pair[0], pair[1]]);
        if let Some((_, text)) = spec.dids.iter().find(|(d, _)| *d == did) {
            out.extend_from_slice(pair);
            out.extend_from_slice(text.as_bytes());
        }
    }
    if out.len() == 1 {
        return Err(0x31);
    }
    Ok(out)
}

fn dtc_list(spec: &ModuleSpec, state: &ModuleState, mask: u8) -> Vec<(Duration, Vec<u8>)> {
    if spec.quirks.codes_in_extended_only && state.session != 0x03 {
        return vec![(Duration::ZERO, vec![0x7F, 0x19, 0x7F])];
    }
    let mut list = vec![0x59, 0x02, 0xFF];
    for d in live_dtcs(spec, state).filter(|d| d.status & mask != 0) {
        list.extend_from_slice(&d.code);
        list.push(d.status);
    }
    if spec.quirks.pending_first {
        vec![
            (Duration::ZERO, vec![0x7F, 0x19, 0x78]),
            (PENDING_TIME, list),
        ]
    } else {
        vec![(Duration::ZERO, list)]
    }
}

fn dtc_detail(
    spec: &ModuleSpec,
    state: &ModuleState,
    sub: u8,
    code: [u8; 3],
) -> Result<Vec<u8>, u8> {
    if sub == 0x06 && spec.quirks.no_extended_data {
        return Err(0x12);
    }
    let d = live_dtcs(spec, state)
        .find(|d| d.code == code)
        .ok_or(0x31u8)?;
    let mut out = vec![0x59, sub];
    out.extend_from_slice(&d.code);
    out.push(d.status);
    out.extend_from_slice(if sub == 0x04 { d.snapshot } else { d.extended });
    Ok(out)
}

fn live_dtcs<'a>(spec: &'a ModuleSpec, state: &ModuleState) -> impl Iterator<Item = &'a SimDtc> {
    let cleared = state.cleared;
    spec.dtcs.iter().filter(move |_| !cleared)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ecu_has_one_module_entry() {
        for ecu in Ecu::ALL {
            assert_eq!(
                MODULES.iter().filter(|m| m.ecu == ecu).count(),
                1,
                "{ecu:?}"
            );
        }
    }

    #[test]
    fn quirks_answer_as_real_modules_do() {
        let mut st = ModuleState::default();
        let srs = spec(Ecu::Srs);
        let r = handle(srs, &mut st, &[0x19, 0x02, 0xFF]);
        assert_eq!(r[0].1, [0x7F, 0x19, 0x78]);
        assert_eq!(r[1].1, [0x59, 0x02, 0xFF, 0x80, 0x92, 0x13, 0x89]);
        assert_eq!(
            handle(srs, &mut st, &[0x14, 0xFF, 0xFF, 0xFF])[0].1,
            [0x7F, 0x14, 0x22]
        );
        let radar = spec(Ecu::Radar);
        assert_eq!(
            handle(radar, &mut st, &[0x19, 0x02, 0xFF])[0].1,
            [0x7F, 0x19, 0x7F]
        );
        handle(radar, &mut st, &[0x10, 0x03]);
        assert_eq!(handle(radar, &mut st, &[0x19, 0x02, 0xFF])[0].1.len(), 7);
        let bcm = spec(Ecu::Bcm);
        assert_eq!(
            handle(bcm, &mut st, &[0x22, 0xF1, 0x90, 0xF1, 0x87])[0].1,
            [0x7F, 0x22, 0x13]
        );
        assert_eq!(
            handle(bcm, &mut st, &[0x22, 0xF1, 0x8C])[0].1,
            [0x7F, 0x22, 0x31]
        );
        let mut abs_state = ModuleState::default();
        let abs = spec(Ecu::Abs);
        assert_eq!(
            handle(abs, &mut abs_state, &[0x14, 0xFF, 0xFF, 0xFF])[0].1,
            [0x54]
        );
        assert_eq!(
            handle(abs, &mut abs_state, &[0x19, 0x02, 0xFF])[0].1,
            [0x59, 0x02, 0xFF]
        );
    }
}
