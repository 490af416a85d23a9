//! Tauri's build step. The UI is built separately (`scripts/build-ui` writes
//! `../dist`); when it has not been built yet, a placeholder page saying so is
//! written there, so a fresh `cargo build --workspace` still succeeds.

use std::path::Path;

fn main() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist");
    if !dist.join("index.html").exists() {
        std::fs::create_dir_all(&dist).expect("create ../dist");
        std::fs::write(dist.join("index.html"), PLACEHOLDER).expect("write ../dist/index.html");
    }
    println!("cargo:rerun-if-changed=../dist");
    tauri_build::build()
}

const PLACEHOLDER: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>shopbench</title></head>
<body style="font: 20px system-ui; padding: 2em">
<h1>The shopbench UI has not been built</h1>
<p>Run <code>scripts/build-ui</code>, then rebuild the app (<code>scripts/run</code> does both).</p>
</body></html>
"#;
