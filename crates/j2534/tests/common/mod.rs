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
        let status = cmd
            .status()
            .expect("run cargo to build the J2534 simulator");
        assert!(
            status.success(),
            "building shopbench-j2534-sim failed: {status}"
        );
        let lib = profile_dir.join(format!(
            "{}shopbench_j2534_sim{}",
            std::env::consts::DLL_PREFIX,
            std::env::consts::DLL_SUFFIX
        ));
        assert!(lib.is_file(), "{} was not built", lib.display());
        lib
    })
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
