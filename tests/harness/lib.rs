//! Shared harness for shopbench's end-to-end tests.
//!
//! - [`Emulator`] runs the real `elm327-emulator` (PyPI, 4.0.0) on a fresh
//!   pseudo-terminal or TCP port and lets a test inject answers and delays
//!   through its Python console.
//! - [`shopbench`] builds (if needed) and returns the real `shopbench` binary.
//!
//! - [`ApiServer`] runs `shopbench serve` on a loopback port over a
//!   [`TestDb`]: an SQLite file, or — with `SHOPBENCH_TEST_BACKEND=postgres`
//!   — a fresh database on the PostgreSQL server named by
//!   `SHOPBENCH_TEST_POSTGRES` (`scripts/pg-cluster` starts a throwaway one).
//!
//! Nothing here imitates a part: the emulator is the peer, the binary is the product.

pub mod detector;
pub mod hooks;

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Path of the `elm` launcher: `$SHOPBENCH_ELM`, else `<workspace>/.venv/bin/elm`.
///
/// Panics with the install command when it is missing: a missing peer is a
/// failed test, never a skipped one.
pub fn elm_path() -> PathBuf {
    let path = std::env::var_os("SHOPBENCH_ELM")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".venv/bin/elm"));
    assert!(
        path.exists(),
        "elm327-emulator not found at {} — run scripts/setup (or: python3 -m venv .venv && \
         .venv/bin/pip install ELM327-emulator==4.0.0 obd==0.7.3)",
        path.display()
    );
    path
}

/// Where the emulator listens.
#[derive(Debug, Clone)]
pub enum EmulatorPort {
    /// A pseudo-terminal such as `/dev/pts/3`.
    Pty(String),
    /// A TCP port on 127.0.0.1.
    Tcp(u16),
}

impl EmulatorPort {
    /// The `--port` argument shopbench takes for this port.
    pub fn arg(&self) -> String {
        match self {
            EmulatorPort::Pty(p) => p.clone(),
            EmulatorPort::Tcp(n) => format!("tcp://127.0.0.1:{n}"),
        }
    }
}

/// A running `elm327-emulator`, killed when dropped.
pub struct Emulator {
    child: Child,
    stdin: ChildStdin,
    port: EmulatorPort,
    _dir: tempfile::TempDir,
}

impl Emulator {
    /// Starts scenario `scenario` (`car`, `default`, `engineoff`, …) on a new pty.
    pub fn pty(scenario: &str) -> Emulator {
        Emulator::start(scenario, None)
    }

    /// Starts scenario `scenario` serving TCP on a free loopback port.
    pub fn tcp(scenario: &str) -> Emulator {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free loopback port")
            .port();
        Emulator::start(scenario, Some(port))
    }

    fn start(scenario: &str, tcp: Option<u16>) -> Emulator {
        let dir = tempfile::tempdir().expect("temp dir");
        let log_cfg = dir.path().join("quiet-log.yaml");
        std::fs::write(
            &log_cfg,
            "version: 1\nroot: {level: WARNING, handlers: []}\n",
        )
        .expect("write log config");
        let out = dir.path().join("batch.txt");
        let mut cmd = Command::new(elm_path());
        cmd.arg("-s").arg(scenario).arg("-b").arg(&out);
        if let Some(port) = tcp {
            cmd.arg("-n").arg(port.to_string());
        }
        let mut child = cmd
            .current_dir(dir.path())
            .env("ELM_LOG_CFG", &log_cfg)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start elm327-emulator");
        let stdin = child.stdin.take().expect("piped stdin");
        let deadline = Instant::now() + Duration::from_secs(30);
        let first_line = loop {
            let text = std::fs::read_to_string(&out).unwrap_or_default();
            if text.contains("batch mode STARTED") {
                break text.lines().next().unwrap_or_default().trim().to_string();
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("elm327-emulator exited early ({status}): {text}");
            }
            assert!(
                Instant::now() < deadline,
                "elm327-emulator did not start in 30 s: {text}"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let port = match tcp {
            Some(p) => EmulatorPort::Tcp(p),
            None => EmulatorPort::Pty(first_line),
        };
        Emulator {
            child,
            stdin,
            port,
            _dir: dir,
        }
    }

    /// Where the emulator serves.
    pub fn port(&self) -> &EmulatorPort {
        &self.port
    }

    /// CPU seconds (user + system) the emulator process has used so far.
    pub fn cpu_seconds(&self) -> f64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        (ticks(11) + ticks(12)) / 100.0
    }

    /// Sends one line to the emulator's Python console (e.g. `delay 2` or
    /// `emulator.answer['GET_DTC'] = '...'`). The console applies it at once.
    pub fn console(&mut self, line: &str) {
        writeln!(self.stdin, "{line}").expect("write to emulator console");
        self.stdin.flush().expect("flush emulator console");
        // The console reads lines asynchronously; give it a moment to apply.
        std::thread::sleep(Duration::from_millis(300));
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The profile's output folder this test was built into (`target/debug`):
/// where cargo puts the binaries and libraries the tests load.
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test exe path");
    // target/<profile>/deps/<test> → target/<profile>
    exe.parent()
        .and_then(Path::parent)
        .expect("target dir")
        .to_path_buf()
}

/// The `shopbench` binary of this workspace, built on first use; or
/// `$SHOPBENCH_BIN` when set (a copy of the binary, on machines where others
/// build into the same target folder while the tests run).
pub fn shopbench() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(bin) = std::env::var_os("SHOPBENCH_BIN").filter(|b| !b.is_empty()) {
            return PathBuf::from(bin);
        }
        let profile = profile_dir();
        let profile = profile
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("debug");
        let bin = build_bin("shopbench", profile);
        own_copy(&bin)
    })
    .clone()
}

/// Builds `bin`, a binary of this workspace, with the cargo `profile` the
/// caller names (`debug`, `release` or a custom one) and returns its path in
/// that profile's folder.
///
/// It selects packages as the test run did (see [`bin_build_args`]), so the
/// build reuses the test run's compiled dependencies.
pub fn build_bin(bin: &str, profile: &str) -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(bin_build_args(bin, profile))
        .arg("-q")
        .current_dir(workspace_root())
        .status()
        .expect("run cargo build");
    assert!(status.success(), "cargo build of {bin} failed");
    let path = profile_dir()
        .with_file_name(profile)
        .join(format!("{bin}{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "{bin} binary missing at {}", path.display());
    path
}

/// The `cargo build` arguments [`build_bin`] uses: the whole workspace plus
/// this test's own target, limited to `bin`.
///
/// Regression (the CI run that ran out of disk): `cargo build -p
/// shopbench-cli` resolves the dependencies' features for that one package,
/// not for the workspace the tests were built with, and compiled a second
/// copy of about 150 dependencies (270 for `-p shopbench-desktop`, 160 for
/// `-p shopbench-e2e`) — gigabytes of disk and minutes of CI. `--workspace`
/// with a test target (so dev-dependencies count, as in the test build)
/// gives the same features, hence the same compiled files.
pub fn bin_build_args(bin: &str, profile: &str) -> Vec<String> {
    let mut args: Vec<String> = ["build", "--workspace", "--bin", bin]
        .map(String::from)
        .into();
    args.extend(this_target_args());
    match profile {
        "debug" => {}
        "release" => args.push("--release".into()),
        other => args.extend(["--profile".into(), other.into()]),
    }
    args
}

/// `--test NAME` (or `--bench NAME`) for the target this process was built
/// from (`target/<profile>/deps/NAME-HASH`), `--tests` (every test target)
/// when it is neither an e2e test nor an e2e benchmark. After `scripts/test`'s
/// workspace build these are built already, so naming them costs nothing; a
/// test run alone builds its own target in the workspace's features first.
fn this_target_args() -> Vec<String> {
    let exe = std::env::current_exe().expect("test exe path");
    let stem = exe.file_stem().and_then(OsStr::to_str).unwrap_or_default();
    let name = stem.rsplit_once('-').map_or(stem, |(name, _hash)| name);
    let tests = workspace_root().join("tests");
    if tests.join(format!("{name}.rs")).is_file() {
        vec!["--test".into(), name.into()]
    } else if tests.join("benches").join(format!("{name}.rs")).is_file() {
        vec!["--bench".into(), name.into()]
    } else {
        vec!["--tests".into()]
    }
}

/// A hard link to the binary just built, private to this checkout and this
/// test process: two checkouts sharing one `CARGO_TARGET_DIR` build into the
/// same `target/debug/shopbench`, and a test spawning that path could run the
/// other checkout's binary. The link keeps this build's file whatever is
/// written over the shared path later.
fn own_copy(bin: &Path) -> PathBuf {
    let dir = bin.with_file_name("e2e-bins");
    std::fs::create_dir_all(&dir).expect("create target/debug/e2e-bins");
    // Links of finished test processes (their pid no longer runs): each may
    // hold an old build alive.
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let pid = name.to_str().and_then(|n| n.strip_prefix("shopbench-"));
        if pid.is_some_and(|p| !Path::new("/proc").join(p).exists()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    let own = dir.join(format!("shopbench-{}", std::process::id()));
    let _ = std::fs::remove_file(&own);
    match std::fs::hard_link(bin, &own) {
        Ok(()) => own,
        Err(_) => bin.to_path_buf(),
    }
}

/// Output of one `shopbench` run.
#[derive(Debug)]
pub struct Run {
    /// Exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error (progress and error messages).
    pub stderr: String,
}

/// Runs `shopbench ARGS` with `HOME` and XDG dirs pointing at `home`, so a
/// test never reads or writes the real user's cache.
pub fn run_shopbench(home: &Path, args: &[&str]) -> Run {
    finished(shopbench_in(home, args).output().expect("run shopbench"))
}

/// Runs `shopbench ARGS` as [`run_shopbench`] does, with its stdout a pipe
/// whose reader has already gone (`shopbench … | head -0`): what a command
/// does when nobody reads its output. The run's stdout is empty.
pub fn run_shopbench_unread(home: &Path, args: &[&str]) -> Run {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut cmd = shopbench_in(home, args);
    let out = cmd.stdout(writer).output().expect("run shopbench");
    finished(out)
}

/// `shopbench ARGS` with `HOME` and the XDG dirs in `home`: add a test's own
/// variables, then [`ran`] it.
pub fn shopbench_in(home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(shopbench());
    cmd.args(args)
        .env("HOME", home)
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"));
    cmd
}

/// Runs `cmd` (from [`shopbench_in`]) to its end.
pub fn ran(cmd: &mut Command) -> Run {
    finished(cmd.output().expect("run shopbench"))
}

fn finished(out: std::process::Output) -> Run {
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The run, after checking it exited 0 (the whole run is shown when not).
pub fn ok(run: Run) -> Run {
    assert_eq!(run.code, Some(0), "{run:?}");
    run
}

/// The run's stdout as JSON, after checking it exited 0.
pub fn json(run: Run) -> serde_json::Value {
    let run = ok(run);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The arguments of `shopbench estimate new` pricing `vehicle` ("Make Model
/// Year") in `state` (a US state or Canadian province code), then `more`
/// (photos, areas, options).
pub fn estimate_new_args<'a>(vehicle: &'a str, state: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["estimate", "new", "--vehicle", vehicle, "--state", state];
    args.extend_from_slice(more);
    args
}

/// [`estimate_new_args`] for seed 001's car: a 2022 Toyota Camry priced in
/// California.
pub fn camry_estimate_args<'a>(more: &[&'a str]) -> Vec<&'a str> {
    estimate_new_args("Toyota Camry 2022", "CA", more)
}

/// Reads a file's lines (used to check CSV output).
pub fn read_lines(path: &Path) -> Vec<String> {
    let f = std::fs::File::open(path).expect("open file");
    BufReader::new(f).lines().map_while(Result::ok).collect()
}

/// A real `shopbench serve` on 127.0.0.1:0 over a fresh database, killed on drop.
pub struct ApiServer {
    child: Child,
    db: OsString,
    /// Its base URL (`http://127.0.0.1:PORT`).
    pub url: String,
}

impl ApiServer {
    /// Starts it over `db` (an SQLite file, created if missing, or a
    /// `postgres://` URL) with `shopbench serve`'s flags `extra`
    /// (`--webhook-retries 1s`, …).
    pub fn start(db: impl AsRef<OsStr>, extra: &[&str]) -> ApiServer {
        ApiServer::start_env(db, extra, &[])
    }

    /// [`ApiServer::start`] with environment variables set for the server (`HOME` pointed
    /// at an empty folder, so the shop's settings there cannot change what is tested).
    pub fn start_env(db: impl AsRef<OsStr>, extra: &[&str], env: &[(&str, &OsStr)]) -> ApiServer {
        let db = db.as_ref();
        let mut child = Command::new(shopbench())
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(db)
            .args(extra)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start shopbench serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("serve stdout"))
            .read_line(&mut line)
            .expect("read the listening line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        ApiServer {
            child,
            db: db.to_os_string(),
            url,
        }
    }

    /// SIGKILL, as a crash would.
    pub fn kill(mut self) {
        self.child.kill().expect("kill server");
        self.child.wait().expect("reap server");
    }

    /// The server's process id (to read its memory from `/proc`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `shopbench admin --db DB ARGS` → stdout (trimmed); panics on failure.
    pub fn admin(&self, args: &[&str]) -> String {
        let out = Command::new(shopbench())
            .arg("admin")
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .expect("run shopbench admin");
        assert!(
            out.status.success(),
            "admin {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Adds partner `name` with 50 test credits; returns its test key.
    pub fn partner_key(&self, name: &str) -> String {
        self.admin(&["partner", "add", name, "--plan", "garage"]);
        let key = self.admin(&["key", "create", name, "--mode", "test"]);
        self.admin(&["credits", "add", name, "50", "--mode", "test"]);
        key
    }
}

impl Drop for ApiServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Which PostgreSQL server the API tests may create databases on
/// (`postgres://user@host:port/postgres`), from `SHOPBENCH_TEST_POSTGRES`.
pub fn postgres_server() -> Option<String> {
    std::env::var("SHOPBENCH_TEST_POSTGRES")
        .ok()
        .filter(|s| !s.is_empty())
}

/// A database for one API test, with a scratch folder beside it: an SQLite
/// file in the folder, or a new database on the PostgreSQL server of
/// [`postgres_server`], dropped at the end.
pub struct TestDb {
    dir: tempfile::TempDir,
    target: String,
    postgres: Option<(String, String)>,
}

impl TestDb {
    /// SQLite, unless the run asks for PostgreSQL with
    /// `SHOPBENCH_TEST_BACKEND=postgres` (`scripts/test` runs the API suites
    /// once each way).
    pub fn new() -> TestDb {
        match std::env::var("SHOPBENCH_TEST_BACKEND").as_deref() {
            Ok("postgres") => TestDb::postgres(),
            Ok("sqlite") | Ok("") | Err(_) => TestDb::sqlite(),
            Ok(other) => panic!("SHOPBENCH_TEST_BACKEND={other}: expected sqlite or postgres"),
        }
    }

    /// Always an SQLite file.
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("api.db").display().to_string();
        TestDb {
            dir,
            target,
            postgres: None,
        }
    }

    /// Always PostgreSQL: a test that exists to prove something about
    /// several processes on one database fails here, loudly, without one.
    pub fn postgres() -> TestDb {
        let server = postgres_server().expect(
            "this test needs PostgreSQL: run scripts/test (it starts a throwaway cluster), \
             or set SHOPBENCH_TEST_POSTGRES=postgres://user@host:port/postgres",
        );
        TestDb::on_postgres(&server)
    }

    fn on_postgres(server: &str) -> TestDb {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let name = format!(
            "sbt_{}_{}_{}",
            std::process::id(),
            N.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or(0)
        );
        admin_sql(server, &format!("CREATE DATABASE {name}"))
            .unwrap_or_else(|e| panic!("create a test database on {server}: {e}"));
        let base = server.rsplit_once('/').map_or(server, |(b, _)| b);
        TestDb {
            dir: tempfile::tempdir().expect("tempdir"),
            target: format!("{base}/{name}"),
            postgres: Some((server.to_string(), name)),
        }
    }

    /// What `--db` is given: the file's path or the database's URL.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The scratch folder (other files a test needs).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// True on PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// The one integer `sql` answers, read straight from the database,
    /// SQLite or PostgreSQL (what the servers wrote, not what they say).
    pub fn count(&self, sql: &str) -> i64 {
        if !self.is_postgres() {
            let c = rusqlite::Connection::open(&self.target).expect("open the test database");
            return c
                .query_row(sql, [], |r| r.get(0))
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
        let (target, sql) = (self.target.clone(), sql.to_string());
        std::thread::spawn(move || {
            let mut c = postgres::Client::connect(&target, postgres::NoTls).expect("connect");
            let row = c
                .query_one(&sql, &[])
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            row.get::<_, i64>(0)
        })
        .join()
        .expect("the database thread")
    }
}

impl Default for TestDb {
    fn default() -> Self {
        TestDb::new()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres {
            let _ = admin_sql(
                server,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            );
        }
    }
}

/// Runs one statement on the server's maintenance database, on a thread of
/// its own (the `postgres` client starts a runtime, which may not nest in a
/// `#[tokio::test]`'s).
fn admin_sql(server: &str, sql: &str) -> Result<(), String> {
    let (server, sql) = (server.to_string(), sql.to_string());
    std::thread::spawn(move || {
        let mut c =
            postgres::Client::connect(&server, postgres::NoTls).map_err(|e| e.to_string())?;
        c.batch_execute(&sql).map_err(|e| e.to_string())
    })
    .join()
    .map_err(|_| "the database thread panicked".to_string())?
}

/// The text of a PDF file (`pdftotext` from poppler-utils, which scripts/setup installs).
pub fn pdf_text(pdf: &Path) -> String {
    pdftotext(pdf, &[])
}

/// How many images the PDF at `pdf` draws (`pdfimages -list`).
pub fn pdf_image_count(pdf: &Path) -> usize {
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .expect("pdfimages (poppler-utils) — run scripts/setup");
    assert!(out.status.success(), "pdfimages rejected {}", pdf.display());
    // Two header lines, then one line per image.
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .count()
        .saturating_sub(2)
}

/// [`pdf_text`] with the page's layout kept (`pdftotext -layout`): table rows stay on one line.
pub fn pdf_layout_text(pdf: &Path) -> String {
    pdftotext(pdf, &["-layout"])
}

/// [`pdf_layout_text`] with every run of spaces and line breaks made one space, so a sentence
/// the page wraps or a table spaces out is found whole.
pub fn pdf_flat_text(pdf: &Path) -> String {
    pdf_layout_text(pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn pdftotext(pdf: &Path, options: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(options)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) — run scripts/setup");
    assert!(out.status.success(), "pdftotext {} failed", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Reads one HTTP request's line and headers from `stream` (a loopback
/// stand-in for an upstream) and returns its target (`/path?query`).
pub fn read_request_target(stream: &std::net::TcpStream) -> String {
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    let mut line = String::new();
    let _ = reader.read_line(&mut line);
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
    }
    line.split(' ').nth(1).unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The compiled units `cargo <args> --message-format json` reports (fresh
    /// or rebuilt), as the `name-HASH` stems of their files in `deps/`: a
    /// dependency compiled with other features has another hash.
    fn artifacts(args: &[String]) -> BTreeSet<String> {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let out = Command::new(cargo)
            .args(args)
            .args(["--message-format", "json", "-q"])
            .current_dir(workspace_root())
            .stderr(Stdio::inherit())
            .output()
            .expect("run cargo build");
        assert!(out.status.success(), "cargo {args:?} failed");
        let text = String::from_utf8_lossy(&out.stdout);
        text.lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|m| m["reason"] == "compiler-artifact")
            .flat_map(|m| m["filenames"].as_array().cloned().unwrap_or_default())
            .filter_map(|f| {
                let f = Path::new(f.as_str()?);
                let in_deps = f.parent()?.file_name()? == "deps";
                in_deps.then(|| f.file_stem()?.to_str().map(String::from))?
            })
            .collect()
    }

    /// Regression for the CI run that ran out of disk: a binary a test builds
    /// must come out of the same compiled dependencies as the workspace build
    /// `scripts/test` starts with, not a second copy of them.
    #[test]
    fn a_binary_built_for_a_test_reuses_the_workspace_build() {
        let profile = profile_dir();
        let profile = profile.file_name().and_then(|n| n.to_str()).unwrap();
        let mut workspace: Vec<String> = ["build", "--workspace", "--all-targets"]
            .map(String::from)
            .into();
        if profile == "release" {
            workspace.push("--release".into());
        }
        let all = artifacts(&workspace);
        for bin in ["shopbench", "shopbench-desktop"] {
            let own = artifacts(&bin_build_args(bin, profile));
            let extra: Vec<_> = own.difference(&all).collect();
            assert!(
                extra.is_empty(),
                "building {bin} as the tests do compiled files the workspace build does not have: {extra:#?}"
            );
        }
    }
}
