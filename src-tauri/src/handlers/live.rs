//! Live data: the PIDs a mechanic can watch, one round of readings at a time
//! (the screen polls), and recording every round to a CSV file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use shopbench_obd::{pid_names, LiveReader, ObdLink, PidSpec, PidValue};

use shopbench_views::{LiveFrame, LiveValue, PidChoice, RecordingStatus};

use crate::error::DesktopError;
use crate::handlers::link::Session;

/// The PIDs worth watching live: single numbers with a unit (not the support
/// bitmaps, enumerations or multi-field values, which a sparkline cannot show),
/// with their units in US customary units when `us` (Settings → Units).
pub fn pid_choices(us: bool) -> Vec<PidChoice> {
    PidSpec::all()
        .iter()
        .filter(|p| !p.is_support_bitmap() && !p.unit.is_empty())
        .map(|p| PidChoice {
            name: p.name.to_string(),
            description: p.description.to_string(),
            unit: in_units(0.0, p.unit, us).1.to_string(),
        })
        .collect()
}

/// `value` in `unit` (the car's SI units) converted to US customary units
/// when `us`: km/h → mph, km → mi, °C → °F, kPa → psi; other units unchanged.
pub fn in_units(value: f64, unit: &str, us: bool) -> (f64, &str) {
    match (us, unit) {
        (true, "km/h") => (value * 0.621_371, "mph"),
        (true, "km") => (value * 0.621_371, "mi"),
        (true, "°C") => (value * 9.0 / 5.0 + 32.0, "°F"),
        (true, "kPa") => (value * 0.145_038, "psi"),
        _ => (value, unit),
    }
}

struct Recording {
    path: PathBuf,
    file: std::io::BufWriter<std::fs::File>,
    started: Instant,
    rows: usize,
}

impl Recording {
    fn status(&self) -> RecordingStatus {
        RecordingStatus {
            path: self.path.display().to_string(),
            rows: self.rows,
        }
    }

    fn write(&mut self, values: &[LiveValue]) -> Result<(), DesktopError> {
        let t = self.started.elapsed().as_secs_f64();
        for v in values {
            let text = v.text.replace('"', "\"\"");
            writeln!(
                self.file,
                "{t:.3},{},{},\"{text}\",{}",
                v.ecu, v.name, v.unit
            )
            .and_then(|_| self.file.flush())
            .map_err(|e| DesktopError::io("writing the recording", &self.path, e))?;
            self.rows += 1;
        }
        Ok(())
    }
}

/// The running CSV recording, if any (managed beside the [`Session`]).
#[derive(Default)]
pub struct Recorder {
    current: std::sync::Mutex<Option<Recording>>,
}

impl Recorder {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Recording>> {
        self.current.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The recording's status, if one is running.
    pub fn status(&self) -> Option<RecordingStatus> {
        self.lock().as_ref().map(Recording::status)
    }
}

fn lookup(names: &[String]) -> Result<Vec<&'static PidSpec>, DesktopError> {
    if names.is_empty() {
        return Err(DesktopError::invalid(
            "PIDs",
            "pick at least one value to watch",
        ));
    }
    names
        .iter()
        .map(|n| {
            PidSpec::by_name(n).ok_or_else(|| {
                DesktopError::invalid(
                    "PIDs",
                    format!("unknown PID '{n}' — pick one from the list"),
                )
            })
        })
        .collect()
}

/// Reads each of the PIDs `names` once from the connected car; when a
/// recording runs, the round is appended to its CSV. A request that fails is
/// reported in [`LiveFrame::problems`] and the rest of the round still read;
/// a lost adapter drops the link (the screen then says to reconnect). The
/// same reader serves the rounds of one pick of PIDs, so a PID the car gives
/// no value for is dropped after a few rounds ([`LiveFrame::not_polled`]),
/// and once every PID is dropped the read fails saying so.
pub async fn read(
    session: &Session,
    recorder: &Recorder,
    names: &[String],
    us: bool,
) -> Result<LiveFrame, DesktopError> {
    let pids = lookup(names)?;
    let (round, not_polled) = {
        let mut link = session.link.lock().await;
        let elm = link.as_mut().ok_or(DesktopError::NotConnected)?;
        let can = elm.info().protocol.is_none_or(|p| p.is_can());
        let kept = session
            .live
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        let mut reader = match kept {
            Some((picked, reader)) if picked == names => reader,
            _ => LiveReader::new(&pids, can),
        };
        let round = reader.read_round(elm).await;
        let not_polled = reader.dropped().iter().map(|&p| pid_names(&[p])).collect();
        match round {
            Ok(r) => {
                *session.live.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some((names.to_vec(), reader));
                (r, not_polled)
            }
            Err(e) => {
                if e.is_link_lost() {
                    *link = None;
                }
                return Err(e.into());
            }
        }
    };
    let problems: Vec<String> = round.errors.iter().map(|e| e.to_string()).collect();
    let values: Vec<LiveValue> = round
        .readings
        .into_iter()
        .map(|r| match r.value {
            PidValue::Number(n) => {
                let (n, unit) = in_units(n, &r.unit, us);
                LiveValue {
                    number: Some(n),
                    text: PidValue::Number(n).to_string(),
                    name: r.name,
                    ecu: r.ecu.to_string(),
                    unit: unit.to_string(),
                }
            }
            other => LiveValue {
                number: None,
                text: other.to_string(),
                name: r.name,
                ecu: r.ecu.to_string(),
                unit: r.unit,
            },
        })
        .collect();
    let mut rec = recorder.lock();
    if let Some(rec) = rec.as_mut() {
        rec.write(&values)?;
    }
    Ok(LiveFrame {
        values,
        recording: rec.as_ref().map(Recording::status),
        problems,
        not_polled,
    })
}

/// Starts recording to `dir/live-STAMP.csv` (a running recording is finished first).
pub fn start_recording(
    recorder: &Recorder,
    dir: &Path,
    stamp: u64,
) -> Result<RecordingStatus, DesktopError> {
    stop_recording(recorder)?;
    std::fs::create_dir_all(dir).map_err(|e| DesktopError::io("creating the folder", dir, e))?;
    let path = dir.join(format!("live-{stamp}.csv"));
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(&path)
            .map_err(|e| DesktopError::io("creating the recording", &path, e))?,
    );
    writeln!(file, "elapsed_s,ecu,name,value,unit")
        .and_then(|_| file.flush())
        .map_err(|e| DesktopError::io("writing the recording", &path, e))?;
    let rec = Recording {
        path,
        file,
        started: Instant::now(),
        rows: 0,
    };
    let status = rec.status();
    *recorder.lock() = Some(rec);
    Ok(status)
}

/// Finishes the recording, if one runs; returns what was written.
pub fn stop_recording(recorder: &Recorder) -> Result<Option<RecordingStatus>, DesktopError> {
    let Some(mut rec) = recorder.lock().take() else {
        return Ok(None);
    };
    rec.file
        .flush()
        .map_err(|e| DesktopError::io("writing the recording", &rec.path, e))?;
    Ok(Some(rec.status()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handlers::block_on;
    use crate::handlers::link::connect;
    use shopbench_e2e::Emulator;

    #[test]
    fn choices_are_numbers_with_units() {
        let c = pid_choices(false);
        for want in ["rpm", "speed", "coolant_temp"] {
            assert!(c.iter().any(|p| p.name == want), "{want} missing");
        }
        assert!(c.iter().all(|p| !p.unit.is_empty()));
        assert!(!c.iter().any(|p| p.name.starts_with("pids_")), "{c:?}");
        let us = pid_choices(true);
        let unit = |n: &str| us.iter().find(|p| p.name == n).unwrap().unit.clone();
        assert_eq!(unit("speed"), "mph");
        assert_eq!(unit("coolant_temp"), "°F");
        assert_eq!(unit("rpm"), "rpm");
    }

    #[test]
    fn us_units_convert_speed_distance_temperature_and_pressure() {
        assert_eq!(in_units(100.0, "°C", true), (212.0, "°F"));
        assert_eq!(in_units(-40.0, "°C", true), (-40.0, "°F"));
        let (mph, u) = in_units(100.0, "km/h", true);
        assert!((mph - 62.1371).abs() < 1e-9 && u == "mph");
        assert_eq!(in_units(10.0, "km", true).1, "mi");
        let (psi, u) = in_units(100.0, "kPa", true);
        assert!((psi - 14.5038).abs() < 1e-9 && u == "psi");
        assert_eq!(in_units(100.0, "km/h", false), (100.0, "km/h"));
        assert_eq!(in_units(3.0, "%", true), (3.0, "%"));
    }

    #[test]
    fn bad_picks_are_readable_errors() {
        let s = Session::default();
        let r = Recorder::default();
        let e = block_on(read(&s, &r, &[], false)).unwrap_err();
        assert!(e.to_string().contains("at least one"), "{e}");
        let e = block_on(read(&s, &r, &["warp_factor".into()], false)).unwrap_err();
        assert!(e.to_string().contains("warp_factor"), "{e}");
        let e = block_on(read(&s, &r, &["rpm".into()], false)).unwrap_err();
        assert!(matches!(e, DesktopError::NotConnected), "{e}");
        assert_eq!(stop_recording(&r).unwrap(), None);
    }

    /// The Live screen asked every poll for a PID the car does not report
    /// (a new reader each poll learnt nothing): it is dropped after
    /// 3 silent rounds and listed; with nothing left, the read fails saying so.
    #[test]
    fn a_pid_the_car_does_not_report_is_no_longer_asked() {
        let emu = Emulator::pty("car");
        let s = Session::default();
        let r = Recorder::default();
        let both: Vec<String> = ["rpm", "fuel_pressure"].map(String::from).to_vec();
        let alone = vec!["fuel_pressure".to_string()];
        let (frames, error) = block_on(async {
            connect(&s, &emu.port().arg(), None, |_| {}).await.unwrap();
            let mut frames = Vec::new();
            for _ in 0..4 {
                frames.push(read(&s, &r, &both, false).await.unwrap());
            }
            for _ in 0..3 {
                read(&s, &r, &alone, false).await.unwrap();
            }
            (frames, read(&s, &r, &alone, false).await.unwrap_err())
        });
        let not_polled: Vec<&[String]> = frames.iter().map(|f| &f.not_polled[..]).collect();
        let dropped = ["fuel_pressure (01 0A)".to_string()];
        assert_eq!(not_polled, [&[][..], &[], &dropped, &dropped]);
        assert!(frames
            .iter()
            .all(|f| f.values.len() == 1 && f.values[0].name == "rpm"));
        let e = error.to_string();
        assert!(e.contains("no PID left to read"), "{e}");
    }

    #[test]
    fn live_values_from_the_emulator_recorded_to_csv() {
        let emu = Emulator::pty("car");
        let dir = tempfile::tempdir().unwrap();
        let s = Session::default();
        let r = Recorder::default();
        let names: Vec<String> = ["rpm", "speed", "coolant_temp"].map(String::from).to_vec();
        let (first, recording, stopped) = block_on(async {
            connect(&s, &emu.port().arg(), None, |_| {}).await.unwrap();
            let first = read(&s, &r, &names, false).await.unwrap();
            let started = start_recording(&r, dir.path(), 42).unwrap();
            assert_eq!(started.rows, 0);
            let mut last = None;
            for _ in 0..3 {
                last = read(&s, &r, &names, false).await.unwrap().recording;
            }
            (first, last.unwrap(), stop_recording(&r).unwrap().unwrap())
        });
        let got: Vec<&str> = first.values.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(got, ["rpm", "speed", "coolant_temp"], "{first:?}");
        let rpm = &first.values[0];
        assert_eq!(rpm.unit, "rpm");
        assert!(rpm.number.is_some_and(|n| n > 0.0), "{rpm:?}");
        assert!(first.recording.is_none());
        assert_eq!(recording.rows, 9);
        assert_eq!(stopped, recording);
        assert!(r.status().is_none());
        let csv = std::fs::read_to_string(dir.path().join("live-42.csv")).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "elapsed_s,ecu,name,value,unit");
        assert_eq!(lines.len(), 10, "{csv}");
        assert!(lines[1].contains(",rpm,"), "{csv}");
        assert!(lines.iter().any(|l| l.ends_with(",°C")), "{csv}");
    }
}
