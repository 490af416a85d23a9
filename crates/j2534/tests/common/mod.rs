//! Shared by the integration tests: the simulated PassThru library (the
//! `shopbench-j2534-sim` test double), built on demand and installed behind
//! a `~/.passthru/*.json` manifest in a temporary home.
#![allow(dead_code)] // each test binary uses a different part

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use shopbench_j2534::{Discovery, Library};

/// Name the simulator is installed under in the manifest.
pub const SIM_NAME: &str = "shopbench J2534 simulator";

/// Path of `libshopbench_j2534_sim.so` (`.dylib`, `.dll`), built once per
/// test process with `cargo build -p shopbench-j2534-sim` into the same target
/// folder and profile as this test. `cargo test -p shopbench-j2534` alone
/// does not build another package's cdylib, and a stale one must not be
/// tested, so the build always runs (it is a no-op when up to date).
pub fn sim_library() -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let exe = std::env::current_exe().expect("test executable path");
        // <target>/[<triple>/]<profile>/deps/<test-exe>
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("test executable lives in <profile>/deps")
            .to_owned();
        let target_root = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| {
                profile_dir
                    .ancestors()
                    .find(|p| p.join("CACHEDIR.TAG").is_file())
                    .map(Path::to_owned)
            })
            .unwrap_or_else(|| profile_dir.parent().expect("target folder").to_owned());
        let profile = profile_dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("profile folder name");
        let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([
                "build",
                "--quiet",
                "-p",
                "shopbench-j2534-sim",
                "--target-dir",
            ])
            .arg(&target_root);
        match profile {
            "debug" => {}
            "release" => {
                cmd.arg("--release");
            }
            other => {
                cmd.args(["--profile", other]);
            }
        }
        // A cross-compiled test run keeps the triple between root and profile.
        if let Some(triple) = profile_dir
            .parent()
            .filter(|p| *p != target_root)
            .and_then(|p| p.file_name())
        {
            cmd.arg("--target").arg(triple);
        }
        let lib = profile_dir.join(format!(
            "{}shopbench_j2534_sim{}",
            std::env::consts::DLL_PREFIX,
            std::env::consts::DLL_SUFFIX
        ));
        let sim_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("crates folder")
            .join("j2534-sim");
        own_copy(&mut cmd, &lib, &sim_dir)
    })
}

/// Builds the simulator with `cmd` and copies `lib` into a folder of this
/// test process, checked to be the build of `sim_dir` (this checkout).
///
/// Regression (issue #16, a shared `CARGO_TARGET_DIR`): a cdylib's file name
/// carries no hash, so another checkout's build of the simulator replaced
/// ours and, our own build being up to date, cargo did not copy it back —
/// the tests loaded another branch's simulated car. When the file is not
/// ours, the source is touched so that cargo links it again.
pub fn own_copy(cmd: &mut Command, lib: &Path, sim_dir: &Path) -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().expect("temp dir for the simulator"));
    let copy = dir.path().join(lib.file_name().expect("library file name"));
    for _ in 0..5 {
        let status = cmd
            .status()
            .expect("run cargo to build the J2534 simulator");
        assert!(
            status.success(),
            "building shopbench-j2534-sim failed: {status}"
        );
        assert!(lib.is_file(), "{} was not built", lib.display());
        std::fs::copy(lib, &copy).expect("copy the simulator library");
        if built_from(&copy, sim_dir) {
            return copy;
        }
        let source = sim_dir.join("src/lib.rs");
        std::fs::File::options()
            .append(true)
            .open(&source)
            .and_then(|f| f.set_modified(std::time::SystemTime::now()))
            .expect("touch the simulator's source");
    }
    panic!(
        "{} keeps being replaced by another checkout's build of the simulator",
        lib.display()
    );
}

/// True when `lib` carries `sim_dir` as its `ShopbenchSim_SourceDir`.
pub fn built_from(lib: &Path, sim_dir: &Path) -> bool {
    let bytes = std::fs::read(lib).unwrap_or_default();
    let mut mark = sim_dir.as_os_str().as_encoded_bytes().to_vec();
    mark.push(0);
    bytes.windows(mark.len()).any(|w| w == mark.as_slice())
}

/// A temporary home whose `.passthru/sim.json` points at the simulator.
pub fn home_with_sim_manifest() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("temp home");
    let dir = home.path().join(".passthru");
    std::fs::create_dir(&dir).expect("create .passthru");
    let manifest = serde_json::json!({
        "NAME": SIM_NAME,
        "VENDOR": "shopbench (test double)",
        "FUNCTION_LIB": sim_library(),
        "API_VERSION": "04.04",
        "PROTOCOLS": { "CAN": true, "ISO15765": true },
    });
    std::fs::write(dir.join("sim.json"), manifest.to_string()).expect("write manifest");
    home
}

/// The simulator, found through manifest discovery and loaded with libloading.
/// Loaded once: the library is process-global state, like a real driver.
pub fn sim() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| {
        let home = home_with_sim_manifest();
        let discovery = Discovery {
            home: Some(home.path().to_owned()),
            env_lib: None,
        };
        let info = discovery
            .resolve(Some("simulator"))
            .expect("discover the simulator");
        assert_eq!(info.name, SIM_NAME);
        Library::load(&info.library_path).expect("load the simulator")
    })
}

/// Whether the simulator still holds `device_id` open (a test-only export).
pub fn sim_device_is_open(device_id: std::os::raw::c_ulong) -> bool {
    type IsOpen = unsafe extern "system" fn(std::os::raw::c_ulong) -> std::os::raw::c_long;
    // SAFETY: loading the simulator again only bumps the loader's reference
    // count; `ShopbenchSim_IsDeviceOpen` has exactly this signature.
    unsafe {
        let lib = libloading::Library::new(sim_library()).expect("load the simulator");
        let f = lib
            .get::<IsOpen>(b"ShopbenchSim_IsDeviceOpen\0")
            .expect("test-only export");
        f(device_id) == 1
    }
}

/// `sizeof(PASSTHRU_MSG)` as the simulator was compiled (a test-only export).
pub fn sim_msg_size() -> usize {
    type Size = unsafe extern "system" fn() -> usize;
    // SAFETY: as above; `ShopbenchSim_MsgSize` has exactly this signature.
    unsafe {
        let lib = libloading::Library::new(sim_library()).expect("load the simulator");
        let f = lib
            .get::<Size>(b"ShopbenchSim_MsgSize\0")
            .expect("test-only export");
        f()
    }
}
