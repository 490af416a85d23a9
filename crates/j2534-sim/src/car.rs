//! The simulated car: two OBD-II ECUs of a petrol hatchback with a lean
//! condition (a Toyota Auris-like car, the same make as the ELM327 emulator's
//! `car` scenario, with faults added).
//!
//! | ECU | 11-bit req → resp | 29-bit address | answers |
//! |-----|-------------------|----------------|---------|
//! | engine (ECM) | 7E0 → 7E8 | 0x10 | 01 00–1F, 02 (freeze frame of P0171), 03 P0171 P0174, 07 P0171, 0A none, 04 (after `7F 04 78`), 09 00/02/04/06/0A |
//! | transmission (TCM) | 7E1 → 7E9 | 0x18 | 01 00/01, 03 P0700, 07/0A none, 04, 09 00/0A |
//!
//! Replies are what the ECU hands to ISO-TP: the device reassembles them, so
//! a reply here is a whole payload however many frames it takes on the bus.

use std::time::Duration;

/// The simulated vehicle identification number (a real-format UK-built Toyota VIN).
pub const VIN: &str = "SB1ZS3JE60E282102";

/// Which ECU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ecu {
    /// Engine control module.
    Engine,
    /// Transmission control module.
    Transmission,
}

impl Ecu {
    /// Both, in bus priority order.
    pub const ALL: [Ecu; 2] = [Ecu::Engine, Ecu::Transmission];

    /// 11-bit physical request ID.
    pub fn request_id_11(self) -> u32 {
        match self {
            Ecu::Engine => 0x7E0,
            Ecu::Transmission => 0x7E1,
        }
    }

    /// 11-bit response ID.
    pub fn response_id_11(self) -> u32 {
        self.request_id_11() + 8
    }

    /// ISO 15765-4 29-bit address.
    pub fn address_29(self) -> u32 {
        match self {
            Ecu::Engine => 0x10,
            Ecu::Transmission => 0x18,
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

    /// How long after a request the ECU answers.
    fn latency(self) -> Duration {
        match self {
            Ecu::Engine => Duration::from_millis(4),
            Ecu::Transmission => Duration::from_millis(9),
        }
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
}

/// How long the engine ECU needs to clear its fault memory (it first answers
/// `7F 04 78`, response pending).
pub const CLEAR_TIME: Duration = Duration::from_millis(250);

impl Car {
    /// Every reply to `request`, sent functionally (`to = None`) or to one ECU.
    pub fn handle(&mut self, to: Option<Ecu>, request: &[u8]) -> Vec<Reply> {
        let targets: Vec<Ecu> = match to {
            Some(ecu) => vec![ecu],
            None => Ecu::ALL.to_vec(),
        };
        let mut replies = Vec::new();
        if request == [0x04] {
            for ecu in &targets {
                let after = ecu.latency();
                if *ecu == Ecu::Engine {
                    replies.push(Reply {
                        ecu: *ecu,
                        after,
                        payload: vec![0x7F, 0x04, 0x78],
                    });
                    replies.push(Reply {
                        ecu: *ecu,
                        after: CLEAR_TIME,
                        payload: vec![0x44],
                    });
                } else {
                    replies.push(Reply {
                        ecu: *ecu,
                        after,
                        payload: vec![0x44],
                    });
                }
            }
            self.cleared = true;
            return replies;
        }
        for ecu in targets {
            let answer = match ecu {
                Ecu::Engine => self.engine(request),
                Ecu::Transmission => self.transmission(request),
            };
            match answer {
                Some(payload) => replies.push(Reply {
                    ecu,
                    after: ecu.latency(),
                    payload,
                }),
                // Physically addressed and not understood: "service not supported".
                None if to.is_some() && !matches!(request.first(), Some(0x01 | 0x02 | 0x09)) => {
                    replies.push(Reply {
                        ecu,
                        after: ecu.latency(),
                        payload: vec![0x7F, request.first().copied().unwrap_or(0), 0x11],
                    })
                }
                None => {} // OBD ECUs stay silent on PIDs they do not support
            }
        }
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
            [0x02, pid, 0x00] => {
                let data = self.engine_freeze_frame(*pid)?;
                Some([&[0x42, *pid, 0x00][..], &data].concat())
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
    fn engine_freeze_frame(&self, pid: u8) -> Option<Vec<u8>> {
        if self.cleared {
            return match pid {
                0x02 => Some(vec![0x00, 0x00]),
                _ => None,
            };
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
