//! Starts the real `elm327-emulator` (PyPI `ELM327-emulator` 4.0.0) for a test.
//!
//! `elm -s SCENARIO -b FILE` serves a pseudo-terminal whose path is FILE's first
//! line; "batch mode STARTED" in FILE means it is ready. Its stdin is a Python
//! console kept open on a pipe, so a test can change answers while it runs;
//! each injection is followed by `print('<mark>')` and we wait for the mark in
//! FILE, so the change is in effect before the next request. Killed on drop.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// At most this many emulators at once: the machine has 2 shared cores.
const MAX_PARALLEL: usize = 3;
static RUNNING: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

struct Slot;
impl Slot {
    fn take() -> Slot {
        let mut n = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= MAX_PARALLEL {
            n = FREED.wait(n).unwrap_or_else(|e| e.into_inner());
        }
        *n += 1;
        Slot
    }
}
impl Drop for Slot {
    fn drop(&mut self) {
        let mut n = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        *n -= 1;
        FREED.notify_one();
    }
}

/// The `elm` executable: `$SHOPBENCH_ELM`, else `<workspace>/.venv/bin/elm`.
pub fn elm_binary() -> PathBuf {
    let p = match std::env::var_os("SHOPBENCH_ELM") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/elm"),
    };
    assert!(
        p.exists(),
        "the ELM327 emulator is not installed ({} missing). Install it from the workspace root with:\n  \
         python3 -m venv .venv && .venv/bin/pip install ELM327-emulator==4.0.0 obd==0.7.3\n\
         or point SHOPBENCH_ELM at an `elm` executable.",
        p.display()
    );
    p
}

pub struct Emulator {
    child: Child,
    stdin: ChildStdin,
    file: PathBuf,
    marks: usize,
    /// The port to give the client: a pty path or `tcp://127.0.0.1:N`.
    pub port: String,
    _dir: tempfile::TempDir,
    _slot: Slot,
}

impl Emulator {
    /// Starts `scenario` on a pseudo-terminal.
    pub fn start(scenario: &str) -> Emulator {
        Emulator::spawn(scenario, None)
    }

    /// Starts `scenario` serving TCP on 127.0.0.1 (`elm -n PORT`).
    pub fn start_tcp(scenario: &str) -> Emulator {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free TCP port")
            .port();
        Emulator::spawn(scenario, Some(port))
    }

    /// Starts `scenario` serving TCP on a given port (to bring a "vanished" adapter back).
    pub fn start_tcp_on(scenario: &str, port: u16) -> Emulator {
        Emulator::spawn(scenario, Some(port))
    }

    /// The TCP port, for an emulator started with [`Emulator::start_tcp`].
    pub fn tcp_port(&self) -> Option<u16> {
        self.port.rsplit_once(':')?.1.parse().ok()
    }

    fn spawn(scenario: &str, tcp: Option<u16>) -> Emulator {
        let elm = elm_binary();
        let slot = Slot::take();
        let dir = tempfile::tempdir().expect("tempdir");
        let cfg = dir.path().join("quiet-log.yaml");
        std::fs::write(&cfg, "version: 1\nroot: {level: WARNING, handlers: []}\n").unwrap();
        let file = dir.path().join("batch.txt");
        let mut cmd = Command::new(&elm);
        cmd.arg("-s").arg(scenario).arg("-b").arg(&file);
        if let Some(p) = tcp {
            cmd.arg("-n").arg(p.to_string());
        }
        let mut child = cmd
            .env("ELM_LOG_CFG", &cfg)
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", elm.display()));
        let stdin = child.stdin.take().unwrap();
        let deadline = Instant::now() + Duration::from_secs(15);
        let text = loop {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            if text.contains("batch mode STARTED") {
                break text;
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("the emulator exited ({status}) before it was ready: {text}");
            }
            assert!(
                Instant::now() < deadline,
                "the emulator did not start within 15 s: {text:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let port = match tcp {
            Some(p) => format!("tcp://127.0.0.1:{p}"),
            None => text.lines().next().unwrap_or_default().trim().to_string(),
        };
        Emulator {
            child,
            stdin,
            file,
            marks: 0,
            port,
            _dir: dir,
            _slot: slot,
        }
    }

    /// Runs one line in the emulator's console and waits until it has been run.
    pub fn send(&mut self, line: &str) {
        self.marks += 1;
        let mark = format!("shopbench-mark-{}", self.marks);
        writeln!(self.stdin, "{line}\nprint('{mark}')").expect("write to the emulator's console");
        self.stdin.flush().unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while !std::fs::read_to_string(&self.file)
            .unwrap_or_default()
            .contains(&mark)
        {
            assert!(
                Instant::now() < deadline,
                "the emulator did not run {line:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Makes the request named `pid` (the emulator's name, e.g. `GET_DTC`, `RPM`) answer `xml`.
    pub fn answer(&mut self, pid: &str, xml: &str) {
        self.send(&format!("emulator.answer['{pid}'] = '{xml}'"));
    }

    /// Adds the UDS modules of `uds_car.py` (ABS, SRS, BCM, radar and the
    /// engine's UDS answers) to the running `car` scenario.
    pub fn install_uds_modules(&mut self) {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/emulator/uds_car.py");
        self.send(&format!("exec(open({script:?}).read())"));
    }

    /// Kills the emulator now (the port vanishes).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.kill();
    }
}
