//! `shopbench vin …` — vehicle data from a VIN.

use std::path::PathBuf;

use anyhow::Result;
use shopbench_core::Vin;
use shopbench_vindecode::{default_dataset_path, Decoded, Decoder};

/// Arguments of `shopbench vin`.
#[derive(clap::Args)]
pub struct VinArgs {
    #[command(subcommand)]
    command: VinCommand,
}

#[derive(clap::Subcommand)]
enum VinCommand {
    /// Decode a VIN offline from NHTSA's vPIC data: make, model, year, engine, plant.
    Decode(DecodeArgs),
}

#[derive(clap::Args)]
struct DecodeArgs {
    /// The 17-character VIN.
    vin: String,
    /// Print JSON (seed 002's `vehicle` shape with `provenance`).
    #[arg(long)]
    json: bool,
    /// The vPIC SQLite file (default: $SHOPBENCH_VPIC_DB, else the file
    /// scripts/fetch-vpic puts in the dataset cache).
    #[arg(long, env = "SHOPBENCH_VPIC_DB")]
    db: Option<PathBuf>,
}

/// Runs `shopbench vin …`.
pub fn run(args: VinArgs) -> Result<()> {
    match args.command {
        VinCommand::Decode(a) => decode(a),
    }
}

fn decode(args: DecodeArgs) -> Result<()> {
    let vin: Vin = args.vin.parse()?;
    let db = args.db.unwrap_or_else(default_dataset_path);
    let decoder = Decoder::open_for(&db, std::slice::from_ref(&vin))?;
    let decoded = decoder.decode(&vin)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&decoded)?);
    } else {
        print!("{}", readable(&decoded));
    }
    Ok(())
}

fn readable(d: &Decoded) -> String {
    let v = &d.vehicle;
    let or_dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".to_string());
    let mut out = format!(
        "{}  {} {} {}\n",
        d.vin,
        v.year.map_or("—".to_string(), |y| y.to_string()),
        or_dash(&v.make),
        or_dash(&v.model)
    );
    let mut line = |label: &str, value: String| {
        if !value.is_empty() {
            out.push_str(&format!("  {label:<13}{value}\n"));
        }
    };
    let join = |parts: &[&Option<String>]| -> String {
        parts
            .iter()
            .filter_map(|p| p.as_deref())
            .collect::<Vec<_>>()
            .join(", ")
    };
    line("trim", join(&[&v.trim]));
    line("series", join(&[&v.series]));
    line("body", join(&[&v.body_class, &v.vehicle_type]));
    let e = &v.engine;
    let mut engine = Vec::new();
    if let Some(l) = e.displacement_l {
        engine.push(format!("{l} L"));
    }
    if let Some(c) = e.cylinders {
        engine.push(format!("{c} cyl"));
    }
    if let Some(f) = &e.fuel_type {
        engine.push(f.clone());
    }
    if let Some(m) = &e.model {
        engine.push(format!("({m})"));
    }
    line("engine", engine.join(" "));
    line(
        "plant",
        join(&[&v.plant_city, &v.plant_state, &v.plant_country]),
    );
    line("manufacturer", join(&[&v.manufacturer]));
    line(
        "drive type",
        v.drive_type.clone().unwrap_or_else(|| {
            "not in the offline data — check the vehicle and enter it".to_string()
        }),
    );
    let safety: Vec<String> = d
        .safety
        .iter()
        .map(|s| format!("{}: {}", s.name, s.value))
        .collect();
    line("safety", safety.join("; "));
    line(
        "equipment",
        "driver-assist equipment is not in the offline data — record what is fitted (ADAS)"
            .to_string(),
    );
    for w in &d.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    let p = &d.provenance;
    out.push_str(&format!(
        "source: NHTSA vPIC, offline ({}, data to {})\n",
        p.dataset, p.dataset_date
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> PathBuf {
        std::env::var_os("SHOPBENCH_VPIC_DB")
            .map(Into::into)
            .unwrap_or_else(default_dataset_path)
    }

    #[test]
    fn readable_decode_of_the_seed_vin() {
        let vin: Vin = "1FTFW1ET5DFC10312".parse().unwrap();
        let decoder = Decoder::open_for(db(), std::slice::from_ref(&vin))
            .unwrap_or_else(|e| panic!("{e}\n(run scripts/fetch-vpic)"));
        let text = readable(&decoder.decode(&vin).unwrap());
        assert!(
            text.starts_with("1FTFW1ET5DFC10312  2013 FORD F-150\n"),
            "{text}"
        );
        assert!(text.contains("warning: check digit is '5'"), "{text}");
        assert!(
            text.contains("drive type   not in the offline data"),
            "{text}"
        );
        assert!(text.contains("source: NHTSA vPIC, offline"), "{text}");
    }

    #[test]
    fn missing_dataset_names_the_fetch_script() {
        let e = decode(DecodeArgs {
            vin: "1HGCM82633A004352".into(),
            json: false,
            db: Some("/nonexistent/vpic.lite.db".into()),
        })
        .unwrap_err();
        assert!(e.to_string().contains("scripts/fetch-vpic"), "{e}");
    }
}
