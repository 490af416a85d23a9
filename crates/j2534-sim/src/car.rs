//! The simulated car: a petrol hatchback with a lean condition and a
//! front-left collision (a Toyota Auris-like car, the same make as the ELM327
//! emulator's `car` scenario, with faults added). Ten modules speak UDS when
//! physically addressed ([`crate::uds`]); the engine and transmission also
//! answer OBD-II's functional requests:
//!
//! | ECU | 11-bit req → resp | 29-bit address | OBD-II answers |
//! |-----|-------------------|----------------|---------|
//! | engine (ECM) | 7E0 → 7E8 | 0x10 | 01 00–1F, 02 (freeze frame of P0171), 03 P0171 P0174, 07 P0171, 0A none, 04 (after `7F 04 78`), 09 00/02/04/06/0A |
//! | transmission (TCM) | 7E1 → 7E9 | 0x18 | 01 00/01, 03 P0700, 07/0A none, 04, 09 00/0A |
//! | ABS/ESC | 7B0 → 7B8 | 0x28 | UDS only |
//! | power steering | 7B2 → 7BA | 0x30 | UDS only |
//! | airbag (SRS) | 737 → 73F | 0x58 | UDS only |
//! | body control | 726 → 72E | 0x40 | UDS only |
//! | instrument cluster | 720 → 728 | 0x60 | UDS only |
//! | front radar | 7A4 → 7AC | 0x2A | UDS only |
//! | climate control | 7C4 → 7CC | 0x44 | UDS only |
//! | parking assist | 746 → 74E | 0x4C | UDS only |
//!
//! Replies are what the ECU hands to ISO-TP: the device reassembles them, so
//! a reply here is a whole payload however many frames it takes on the bus.

use std::time::Duration;

use crate::uds::{self, ModuleState};

/// The simulated vehicle identification number (a real-format UK-built Toyota VIN).
pub const VIN: &str = "SB1ZS3JE60E282102";

/// Which ECU (module).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ecu {
    /// Engine control module.
    Engine,
    /// Transmission control module.
    Transmission,
    /// Anti-lock brakes / stability control.
    Abs,
    /// Airbag (supplemental restraint system).
    Srs,
    /// Body control module.
    Bcm,
    /// Front radar (adaptive cruise, collision warning).
    Radar,
    /// Instrument cluster.
    Cluster,
    /// Climate control.
    Hvac,
    /// Electric power steering.
    Steering,
    /// Parking assist.
    ParkAssist,
}

impl Ecu {
    /// Every module, in bus priority order.
    pub const ALL: [Ecu; 10] = [
        Ecu::Engine,
        Ecu::Transmission,
        Ecu::Abs,
        Ecu::Srs,
        Ecu::Bcm,
        Ecu::Radar,
        Ecu::Cluster,
        Ecu::Hvac,
        Ecu::Steering,
        Ecu::ParkAssist,
    ];

    /// The two that answer OBD-II's functional requests (7DF / 18DB33F1).
    pub const OBD: [Ecu; 2] = [Ecu::Engine, Ecu::Transmission];

    /// 11-bit physical request ID.
    pub fn request_id_11(self) -> u32 {
        match self {
            Ecu::Engine => 0x7E0,
            Ecu::Transmission => 0x7E1,
            Ecu::Abs => 0x7B0,
            Ecu::Srs => 0x737,
            Ecu::Bcm => 0x726,
            Ecu::Radar => 0x7A4,
            Ecu::Cluster => 0x720,
            Ecu::Hvac => 0x7C4,
            Ecu::Steering => 0x7B2,
            Ecu::ParkAssist => 0x746,
        }
    }

    /// 11-bit response ID (request + 8).
    pub fn response_id_11(self) -> u32 {
        self.request_id_11() + 8
    }

    /// ISO 15765-4 29-bit address.
    pub fn address_29(self) -> u32 {
        match self {
            Ecu::Engine => 0x10,
            Ecu::Transmission => 0x18,
            Ecu::Abs => 0x28,
            Ecu::Srs => 0x58,
            Ecu::Bcm => 0x40,
            Ecu::Radar => 0x2A,
            Ecu::Cluster => 0x60,
            Ecu::Hvac => 0x44,
            Ecu::Steering => 0x30,
            Ecu::ParkAssist => 0x4C,
        }
    }

    /// 29-bit physical request ID (`18DA<ecu>F1`).
    pub fn request_id_29(self) -> u32 {
        0x18DA_00F1 | (self.address_29() << 8)
    }

    /// 29-bit response ID (`18DAF1<ecu>`).
    pub fn response_id_29(self) -> u32 {
        0x18DA_F100 | self.address_29()
    }

    /// True for the engine and transmission (OBD-II as well as UDS).
    pub fn is_obd(self) -> bool {
        Ecu::OBD.contains(&self)
    }

    /// How long after a request the ECU answers.
    fn latency(self) -> Duration {
        Duration::from_millis(match self {
            Ecu::Engine => 4,
            Ecu::Transmission => 9,
            Ecu::Abs | Ecu::Hvac => 6,
            Ecu::Srs => 8,
            Ecu::Radar | Ecu::ParkAssist => 7,
            Ecu::Bcm | Ecu::Cluster | Ecu::Steering => 5,
        })
    }

    fn index(self) -> usize {
        Ecu::ALL.iter().position(|e| *e == self).unwrap_or(0)
    }
}

/// One reply of one ECU, due `after` the request.
#[derive(Debug, PartialEq, Eq)]
pub struct Reply {
    /// Who answers.
    pub ecu: Ecu,
    /// Delay after the request.
    pub after: Duration,
    /// The whole payload.
    pub payload: Vec<u8>,
}

/// The car's state: its fault memory.
#[derive(Debug, Default)]
pub struct Car {
    /// Set by service 04.
    cleared: bool,
    /// Each module's UDS state (cleared by 14, session), by [`Ecu::ALL`] index.
    modules: [ModuleState; 10],
}

/// How long the engine ECU needs to clear its fault memory (it first answers
/// `7F 04 78`, response pending).
pub const CLEAR_TIME: Duration = Duration::from_millis(250);

impl Car {
    /// A car whose `modules` (names as [`Car::module_by_name`] takes them) have had their
    /// codes cleared, the others as they left the factory's fault scenario.
    pub fn repaired(modules: &[String]) -> Car {
        let mut car = Car::default();
        for ecu in modules.iter().filter_map(|n| Car::module_by_name(n)) {
            car.modules[ecu.index()].cleared = true;
        }
        car
    }

    /// A module by its lower-case short name: engine, transmission, abs, srs, bcm, radar,
    /// cluster, hvac, steering, park_assist.
    pub fn module_by_name(name: &str) -> Option<Ecu> {
        const NAMES: [&str; 10] = [
            "engine",
            "transmission",
            "abs",
            "srs",
            "bcm",
            "radar",
            "cluster",
            "hvac",
            "steering",
            "park_assist",
        ];
        NAMES.iter().position(|n| *n == name).map(|i| Ecu::ALL[i])
    }

    /// Every reply to `request`, sent functionally (`to = None`: the OBD
    /// ECUs answer) or to one module (OBD-II services to the engine and
    /// transmission, UDS to every module).
    pub fn handle(&mut self, to: Option<Ecu>, request: &[u8]) -> Vec<Reply> {
        let targets: Vec<Ecu> = match to {
            Some(ecu) => vec![ecu],
            None => Ecu::OBD.to_vec(),
        };
        let sid = request.first().copied().unwrap_or(0);
        if to.is_some() && uds::is_uds(sid) {
            return targets
                .into_iter()
                .flat_map(|e| self.uds(e, request))
                .collect();
        }
        if request == [0x04] {
            return self.clear_obd(&targets);
        }
        let mut replies = Vec::new();
        for ecu in targets {
            let answer = match ecu {
                Ecu::Engine => self.engine(request),
                Ecu::Transmission => self.transmission(request),
                _ => None,
            };
            match answer {
                Some(payload) => replies.push(Reply {
                    ecu,
                    after: ecu.latency(),
                    payload,
                }),
                // Physically addressed and not understood: "service not supported".
                None if to.is_some() && (!ecu.is_obd() || !matches!(sid, 0x01 | 0x02 | 0x09)) => {
                    replies.push(Reply {
                        ecu,
                        after: ecu.latency(),
                        payload: vec![0x7F, sid, 0x11],
                    })
                }
                None => {} // OBD ECUs stay silent on PIDs they do not support
            }
        }
        replies
    }

    /// A UDS request to one module.
    fn uds(&mut self, ecu: Ecu, request: &[u8]) -> Vec<Reply> {
        let state = &mut self.modules[ecu.index()];
        // Service 04 also empties the OBD ECUs' UDS code lists.
        let mut view = ModuleState {
            cleared: state.cleared || (ecu.is_obd() && self.cleared),
            ..*state
        };
        let replies = uds::handle(uds::spec(ecu), &mut view, request);
        state.session = view.session;
        if request.first() == Some(&0x14) {
            state.cleared |= view.cleared;
        }
        replies
            .into_iter()
            .map(|(delay, payload)| Reply {
                ecu,
                after: ecu.latency() + delay,
                payload,
            })
            .collect()
    }

    /// Service 04: the engine needs time (`7F 04 78` first).
    fn clear_obd(&mut self, targets: &[Ecu]) -> Vec<Reply> {
        let mut replies = Vec::new();
        for ecu in targets {
            let after = ecu.latency();
            if !ecu.is_obd() {
                replies.push(Reply {
                    ecu: *ecu,
                    after,
                    payload: vec![0x7F, 0x04, 0x11],
                });
                continue;
            }
            if *ecu == Ecu::Engine {
                replies.push(Reply {
                    ecu: *ecu,
                    after,
                    payload: vec![0x7F, 0x04, 0x78],
                });
            }
            replies.push(Reply {
                ecu: *ecu,
                after: if *ecu == Ecu::Engine {
                    CLEAR_TIME
                } else {
                    after
                },
                payload: vec![0x44],
            });
        }
        self.cleared = true;
        replies
    }

    fn engine(&self, request: &[u8]) -> Option<Vec<u8>> {
        match request {
            [0x01, pids @ ..] if !pids.is_empty() && pids.len() <= 6 => {
                let mut out = vec![0x41];
                for &pid in pids {
                    if let Some(data) = self.engine_pid(pid) {
                        out.push(pid);
                        out.extend_from_slice(&data);
                    }
                }
                (out.len() > 1).then_some(out)
            }
            [0x02, pid, frame @ (0x00 | 0x01)] => {
                let data = self.engine_freeze_frame(*pid, *frame)?;
                Some([&[0x42, *pid, *frame][..], &data].concat())
            }
            [0x03] => Some(if self.cleared {
                vec![0x43, 0x00]
            } else {
                vec![0x43, 0x02, 0x01, 0x71, 0x01, 0x74]
            }),
            [0x07] => Some(if self.cleared {
                vec![0x47, 0x00]
            } else {
                vec![0x47, 0x01, 0x01, 0x71]
            }),
            [0x0A] => Some(vec![0x4A, 0x00]),
            [0x09, 0x00] => Some(vec![0x49, 0x00, 0x54, 0x40, 0x00, 0x00]),
            [0x09, 0x02] => Some([&[0x49, 0x02, 0x01][..], VIN.as_bytes()].concat()),
            [0x09, 0x04] => Some([&[0x49, 0x04, 0x01][..], &padded(b"89663-02K31", 16)].concat()),
            [0x09, 0x06] => Some(vec![0x49, 0x06, 0x01, 0x1B, 0x2C, 0x3D, 0x4E]),
            [0x09, 0x0A] => {
                Some([&[0x49, 0x0A, 0x01][..], &padded(b"ECM\0-EngineControl", 20)].concat())
            }
            _ => None,
        }
    }

    /// Mode 01 data of the engine ECU: warm idle, lean on both banks.
    fn engine_pid(&self, pid: u8) -> Option<Vec<u8>> {
        Some(match pid {
            0x00 => vec![0xBE, 0x3F, 0xA8, 0x12],
            // MIL on, 2 codes; spark ignition; monitors complete — until cleared,
            // then MIL off and the catalyst/EVAP/O2 monitors incomplete again.
            0x01 if self.cleared => vec![0x00, 0x07, 0x65, 0x65],
            0x01 => vec![0x82, 0x07, 0x65, 0x00],
            0x03 => vec![0x02, 0x00],           // closed loop
            0x04 => vec![0x33],                 // 20 % load
            0x05 => vec![0x7B],                 // 83 °C coolant
            0x06 => vec![0x83],                 // STFT +2.3 %
            0x07 if self.cleared => vec![0x80], // LTFT reset
            0x07 => vec![0x9C],                 // LTFT +21.9 %: lean
            0x0B => vec![0x21],                 // MAP 33 kPa
            0x0C => vec![0x0B, 0x54],           // 725 rpm
            0x0D => vec![0x00],                 // 0 km/h
            0x0E => vec![0x8A],                 // 5° advance
            0x0F => vec![0x41],                 // 25 °C intake air
            0x10 => vec![0x01, 0x4A],           // MAF 3.30 g/s
            0x11 => vec![0x24],                 // throttle 14 %
            0x13 => vec![0x03],                 // O2 sensors B1S1, B1S2
            0x15 => vec![0x5A, 0xFF],           // B1S2 0.45 V
            0x1C => vec![0x06],                 // EOBD
            0x1F => vec![0x01, 0x2C],           // 300 s since start
            _ => return None,
        })
    }

    /// Freeze frame 0, stored with P0171 while cruising.
    /// Two stored frames: 0 by P0171 (at 50 km/h), 1 by P0174 (at idle).
    fn engine_freeze_frame(&self, pid: u8, frame: u8) -> Option<Vec<u8>> {
        if self.cleared {
            return match pid {
                0x02 => Some(vec![0x00, 0x00]),
                _ => None,
            };
        }
        if frame == 1 {
            return Some(match pid {
                0x00 => vec![0x58, 0x18, 0x00, 0x00],
                0x02 => vec![0x01, 0x74], // P0174
                0x04 => vec![0x26],       // 15 % load
                0x05 => vec![0x80],       // 88 °C
                0x0C => vec![0x0B, 0x54], // 725 rpm
                0x0D => vec![0x00],       // 0 km/h
                _ => return None,
            });
        }
        Some(match pid {
            0x00 => vec![0x58, 0x18, 0x00, 0x00],
            0x02 => vec![0x01, 0x71], // P0171
            0x04 => vec![0x5A],       // 35 % load
            0x05 => vec![0x7E],       // 86 °C
            0x0C => vec![0x1A, 0x0C], // 1667 rpm
            0x0D => vec![0x32],       // 50 km/h
            _ => return None,
        })
    }

    fn transmission(&self, request: &[u8]) -> Option<Vec<u8>> {
        match request {
            [0x01, pids @ ..] if !pids.is_empty() && pids.len() <= 6 => {
                let mut out = vec![0x41];
                for &pid in pids {
                    let data = match pid {
                        0x00 => vec![0x80, 0x00, 0x00, 0x00],
                        0x01 if self.cleared => vec![0x00, 0x00, 0x00, 0x00],
                        0x01 => vec![0x81, 0x00, 0x00, 0x00],
                        _ => continue,
                    };
                    out.push(pid);
                    out.extend_from_slice(&data);
                }
                (out.len() > 1).then_some(out)
            }
            [0x03] => Some(if self.cleared {
                vec![0x43, 0x00]
            } else {
                vec![0x43, 0x01, 0x07, 0x00]
            }),
            [0x07] => Some(vec![0x47, 0x00]),
            [0x0A] => Some(vec![0x4A, 0x00]),
            [0x09, 0x00] => Some(vec![0x49, 0x00, 0x00, 0x40, 0x00, 0x00]),
            [0x09, 0x0A] => Some(
                [
                    &[0x49, 0x0A, 0x01][..],
                    &padded(b"TCM\0-TransmissionCtl", 20),
                ]
                .concat(),
            ),
            _ => None,
        }
    }
}

fn padded(text: &[u8], len: usize) -> Vec<u8> {
    let mut v = text.to_vec();
    v.resize(len, 0);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ecus_answer_0100_and_the_vin_is_multi_frame() {
        let mut car = Car::default();
        let r = car.handle(None, &[0x01, 0x00]);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].payload, [0x41, 0x00, 0xBE, 0x3F, 0xA8, 0x12]);
        let vin = car.handle(None, &[0x09, 0x02]);
        assert_eq!(vin.len(), 1);
        assert_eq!(vin[0].payload.len(), 20);
    }

    #[test]
    fn clearing_answers_pending_first_then_forgets_the_codes() {
        let mut car = Car::default();
        let r = car.handle(None, &[0x04]);
        assert_eq!(r[0].payload, [0x7F, 0x04, 0x78]);
        assert!(r
            .iter()
            .any(|x| x.ecu == Ecu::Engine && x.payload == [0x44]));
        assert_eq!(
            car.handle(Some(Ecu::Engine), &[0x03])[0].payload,
            [0x43, 0x00]
        );
    }

    #[test]
    fn ids_follow_iso_15765_4() {
        assert_eq!(Ecu::Transmission.response_id_11(), 0x7E9);
        assert_eq!(Ecu::Engine.request_id_29(), 0x18DA_10F1);
        assert_eq!(Ecu::Engine.response_id_29(), 0x18DA_F110);
    }
}
