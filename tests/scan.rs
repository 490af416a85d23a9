//! `shopbench code`: the offline catalogue answers from the real binary.
//! (The scan/live/clear tests against the emulator join this file as the CLI grows.)

use shopbench_e2e::run_shopbench;

#[test]
fn code_lookup_prints_meanings_and_rejects_garbage() {
    let home = tempfile::tempdir().unwrap();
    let ok = run_shopbench(home.path(), &["code", "P0171", "P1234"]);
    assert_eq!(ok.code, Some(0), "{ok:?}");
    assert!(ok.stdout.contains("P0171  System Too Lean (Bank 1)"), "{}", ok.stdout);
    assert!(ok.stdout.contains("manufacturer-specific"), "{}", ok.stdout);

    let bad = run_shopbench(home.path(), &["code", "PX171"]);
    assert_ne!(bad.code, Some(0));
    assert!(bad.stderr.contains("is not a trouble code"), "{}", bad.stderr);
}
