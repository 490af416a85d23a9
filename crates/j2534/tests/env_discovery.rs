//! Discovery from the real environment (`$HOME`, `$SHOPBENCH_J2534_LIB`) and
//! the simulator's scenario variable read at `PassThruOpen(NULL)`.
//!
//! This binary holds exactly one test because it changes process-wide
//! environment variables, which is only sound while no other thread runs.

mod common;

use shopbench_j2534::{
    list_devices, resolve, IsoTpSession, J2534Error, Library, SessionConfig, Source,
};

#[test]
fn home_manifests_env_override_and_scenario_variable() {
    let home = common::home_with_sim_manifest();
    std::env::set_var("HOME", home.path());
    std::env::remove_var(shopbench_j2534::LIB_ENV_VAR);

    let devices = list_devices();
    assert_eq!(devices.len(), 1, "{devices:?}");
    assert_eq!(devices[0].name, common::SIM_NAME);
    assert_eq!(
        devices[0].source,
        Source::Manifest(home.path().join(".passthru/sim.json"))
    );
    // No name: the only device installed.
    let only = resolve("").unwrap();
    assert_eq!(only.library_path, common::sim_library());
    assert!(matches!(
        resolve("mongoose"),
        Err(J2534Error::NotFound { .. })
    ));

    // The variable wins over manifests.
    std::env::set_var(shopbench_j2534::LIB_ENV_VAR, common::sim_library());
    let chosen = resolve("").unwrap();
    assert_eq!(chosen.source, Source::EnvVar);

    // pName NULL: the simulator takes its scenario from SHOPBENCH_SIM_SCENARIO.
    std::env::set_var("SHOPBENCH_SIM_SCENARIO", "no_ecu");
    let device = Library::load(&chosen.library_path)
        .unwrap()
        .open(None)
        .unwrap();
    let mut obd = IsoTpSession::open(&device, SessionConfig::default()).unwrap();
    assert!(matches!(
        obd.request(&[0x01, 0x00]),
        Err(J2534Error::NoResponse { .. })
    ));
    std::env::set_var("SHOPBENCH_SIM_SCENARIO", "bogus");
    let err = Library::load(&chosen.library_path)
        .unwrap()
        .open(None)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown sim scenario item \"bogus\""),
        "{err}"
    );
}
