//! `shopbench vin …` — vehicle data from a VIN.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::Serialize;
use shopbench_app::{decode_vin, AppError, VehicleDataSource};
use shopbench_client::{ForVin, VehicleData};
use shopbench_core::Vin;
use shopbench_recalls::{
    KnownIssuesReport, Network, RecallsReport, ReliabilityReport, SourceStatus, Upstream,
};
use shopbench_vindecode::Decoded;
use shopbench_wire::count_or_not_known;

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
    /// US (NHTSA) and Canadian (Transport Canada) recalls for the VIN's make/model/year.
    Recalls(VehicleDataArgs),
    /// Owner-complaint totals, top components, crash/fire/injury sums and recall counts.
    Reliability(VehicleDataArgs),
    /// Owner complaints grouped into named failure modes, each citing ODI numbers.
    KnownIssues(VehicleDataArgs),
}

/// Arguments shared by `vin recalls`, `vin reliability` and `vin known-issues`.
#[derive(clap::Args)]
struct VehicleDataArgs {
    /// The 17-character VIN.
    vin: String,
    /// Print JSON (seed 002's shapes, with `provenance`).
    #[arg(long)]
    json: bool,
    /// Never use the network: answer from imported and cached data only.
    #[arg(long)]
    offline: bool,
    /// The vPIC SQLite file [default: $SHOPBENCH_VPIC_DB, else DATA/vpic/vpic.lite.db, where
    /// `data import vpic FILE` (or a source checkout's scripts/fetch-vpic) installs it].
    #[arg(long, env = "SHOPBENCH_VPIC_DB")]
    db: Option<PathBuf>,
    /// The recalls/complaints cache [default: DATA/nhtsa.db, DATA being $SHOPBENCH_DATA_DIR,
    /// else $XDG_DATA_HOME/shopbench, else ~/.local/share/shopbench].
    #[arg(long = "data-db")]
    data_db: Option<PathBuf>,
}

#[derive(clap::Args)]
struct DecodeArgs {
    /// The 17-character VIN.
    vin: String,
    /// Print JSON (seed 002's `vehicle` shape with `provenance`).
    #[arg(long)]
    json: bool,
    /// The vPIC SQLite file [default: $SHOPBENCH_VPIC_DB, else DATA/vpic/vpic.lite.db, where
    /// `data import vpic FILE` (or a source checkout's scripts/fetch-vpic) installs it].
    #[arg(long, env = "SHOPBENCH_VPIC_DB")]
    db: Option<PathBuf>,
}

/// Runs `shopbench vin …`.
pub fn run(args: VinArgs) -> Result<()> {
    match args.command {
        VinCommand::Decode(a) => decode(a),
        VinCommand::Recalls(a) => vehicle_data(a, Wanted::Recalls),
        VinCommand::Reliability(a) => vehicle_data(a, Wanted::Reliability),
        VinCommand::KnownIssues(a) => vehicle_data(a, Wanted::KnownIssues),
    }
}

#[derive(Clone, Copy)]
enum Wanted {
    Recalls,
    Reliability,
    KnownIssues,
}

/// VIN → vPIC make/model/year → recalls/complaints cache (refreshed online
/// unless `--offline`): `shopbench_app`'s one path, also the API's.
fn vehicle_data(args: VehicleDataArgs, wanted: Wanted) -> Result<()> {
    let vin: Vin = args.vin.parse()?;
    let src = VehicleDataSource {
        vpic: crate::shop::vpic(args.db)?,
        recalls: crate::shop::recalls(args.data_db)?,
        network: if args.offline {
            Network::Offline
        } else {
            Network::Online(Upstream::from_env())
        },
        now: crate::data::now(),
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let out = match wanted {
        Wanted::Recalls => render(
            args.json,
            &vin,
            rt.block_on(src.recalls(&vin)),
            readable_recalls,
        ),
        Wanted::Reliability => render(
            args.json,
            &vin,
            rt.block_on(src.reliability(&vin)),
            readable_reliability,
        ),
        Wanted::KnownIssues => render(
            args.json,
            &vin,
            rt.block_on(src.known_issues(&vin)),
            readable_known_issues,
        ),
    }?;
    crate::output::emit(&out)?;
    Ok(())
}

/// `--json`: the API's answer for the VIN (seed 002's shape with its
/// disclaimer, without the API's charge fields); else the readable text.
fn render<T: Serialize>(
    json: bool,
    vin: &Vin,
    report: Result<T, AppError>,
    readable: fn(&str, &T) -> String,
) -> Result<String> {
    let report = report.with_context(|| vin.to_string())?;
    if !json {
        return Ok(readable(vin.as_str(), &report));
    }
    let answer = VehicleData::new(ForVin::new(vin.as_str(), report));
    Ok(serde_json::to_string_pretty(&answer)? + "\n")
}

fn source_line(s: &SourceStatus) -> String {
    let name = match s.source.as_str() {
        "nhtsa-recalls" => "NHTSA recalls",
        "nhtsa-complaints" => "NHTSA complaints",
        _ => "Transport Canada recalls",
    };
    let mut when = Vec::new();
    if let Some(f) = &s.fetched_at {
        when.push(format!("fetched {f}"));
    }
    if let Some(i) = &s.imported_at {
        when.push(format!("flat file imported {i}"));
    }
    let how = match s.cache.as_str() {
        "miss" => "fetched now",
        "hit" => "cached",
        "stale" => "upstream failed, older data shown",
        "offline" => "offline",
        _ => "no data",
    };
    let mut line = format!("source: {name} — {how}");
    if !when.is_empty() {
        line.push_str(&format!(" ({})", when.join(", ")));
    }
    if s.stale {
        line.push_str(" — STALE");
    }
    if let Some(e) = &s.error {
        line.push_str(&format!("\n  error: {e}"));
    }
    line.push('\n');
    line
}

/// A count from `source`: the number, or `not known` with how to get the
/// source's data (a source never imported or fetched has no count, not 0).
fn count_said<T: std::fmt::Display>(n: Option<T>, source: &str) -> String {
    let how = match source {
        "nhtsa-recalls" => "import NHTSA's FLAT_RCL.txt with `shopbench data import nhtsa-recalls FILE`, or run once with a network",
        "nhtsa-complaints" => "import NHTSA's FLAT_CMPL.txt with `shopbench data import nhtsa-complaints FILE`, or run once with a network",
        _ => "run once with a network; Transport Canada has no file to import",
    };
    let missing = n.is_none();
    let said = count_or_not_known(n);
    match missing {
        true => format!("{said} (no data: {how})"),
        false => said,
    }
}

fn readable_recalls(vin: &str, r: &RecallsReport) -> String {
    let mut out = format!("{vin}  {}\n", r.vehicle);
    out.push_str(&format!(
        "US recalls (NHTSA): {}\n",
        count_said(r.counts.us, "nhtsa-recalls")
    ));
    for u in &r.recalls.us {
        out.push_str(&format!(
            "  {}  {}  {}\n",
            u.campaign, u.reported_date, u.component
        ));
        for (label, text) in [
            ("", &u.summary),
            ("consequence: ", &u.consequence),
            ("remedy: ", &u.remedy),
        ] {
            if !text.is_empty() {
                out.push_str(&format!("      {label}{text}\n"));
            }
        }
    }
    out.push_str(&format!(
        "Canadian recalls (Transport Canada): {}\n",
        count_said(r.counts.canada, "tc-recalls")
    ));
    for c in &r.recalls.canada {
        out.push_str(&format!(
            "  {}  {}  {}{}\n",
            c.recall_number,
            c.recall_date.as_deref().unwrap_or("—"),
            c.system_type.as_deref().unwrap_or("—"),
            c.units_affected
                .map_or(String::new(), |u| format!("  ({u} units in Canada)"))
        ));
        if let Some(s) = &c.summary {
            out.push_str(&format!("      {}\n", s.replace('\n', " ")));
        }
    }
    for s in &r.provenance.sources {
        out.push_str(&source_line(s));
    }
    if r.counts.canada.is_some_and(|n| n > 0) {
        out.push_str(&r.provenance.attribution);
        out.push('\n');
    }
    out
}

fn readable_reliability(vin: &str, r: &ReliabilityReport) -> String {
    let c = &r.complaints;
    let mut out = format!("{vin}  {}\n", r.vehicle);
    out.push_str(&format!(
        "owner complaints (NHTSA): {}",
        count_said(c.total, "nhtsa-complaints")
    ));
    if let Some(sev) = &c.severity {
        out.push_str(&format!(
            "  — crashes {}, fires {}, injuries {}",
            sev.crashes, sev.fires, sev.injuries
        ));
    }
    out.push('\n');
    for t in &c.top_components {
        out.push_str(&format!("  {:>5}  {}\n", t.count, t.component));
    }
    let rc = &r.recalls;
    out.push_str(&format!(
        "recalls: US {}, Canada {}",
        count_said(rc.us_count, "nhtsa-recalls"),
        count_said(rc.canada_count, "tc-recalls")
    ));
    if let Some(units) = rc.canada_units_affected {
        out.push_str(&format!(" ({units} units affected in Canada)"));
    }
    out.push('\n');
    out.push_str("raw counts, not a rating against other vehicles\n");
    for s in &r.provenance.sources {
        out.push_str(&source_line(s));
    }
    out
}

fn readable_known_issues(vin: &str, r: &KnownIssuesReport) -> String {
    let k = &r.issues;
    let mut out = format!("{vin}  {}\n", r.vehicle);
    match k.status.as_str() {
        "ok" => {
            for i in k.issues.iter().flatten() {
                let sev = &i.severity_signals;
                out.push_str(&format!(
                    "{}  ({} complaints; crashes {}, fires {}, injuries {}; trend {})\n",
                    i.title, i.count, sev.crashes, sev.fires, sev.injuries, i.trend
                ));
                out.push_str(&format!(
                    "    components: {}\n",
                    i.component_tags.join("; ")
                ));
                let odis: Vec<String> = i.odi_numbers.iter().map(u64::to_string).collect();
                out.push_str(&format!("    ODI: {}\n", odis.join(", ")));
            }
            out.push_str(&format!(
                "grouped from {} complaints by keyword signatures ({}); every ODI number cited is in the data\n",
                k.complaint_count,
                k.model_version.as_deref().unwrap_or_default()
            ));
        }
        "insufficient_data" => out.push_str(&format!(
            "not enough complaints to name failure modes: {} (at least {} needed)\n",
            k.complaint_count,
            k.minimum.unwrap_or_default()
        )),
        _ => out.push_str(&format!(
            "{} complaints, but none fall into a known failure-mode signature twice\n",
            k.complaint_count
        )),
    }
    out.push_str(&source_line(&r.provenance));
    out
}

fn decode(args: DecodeArgs) -> Result<()> {
    let vin: Vin = args.vin.parse()?;
    let decoded = decode_vin(&crate::shop::vpic(args.db)?, &vin)?;
    if args.json {
        crate::output::emit_json(&VehicleData::new(decoded))?;
    } else {
        crate::output::emit(&readable(&decoded))?;
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
        crate::shop::vpic(None).expect("HOME or SHOPBENCH_VPIC_DB is set")
    }

    #[test]
    fn readable_decode_of_the_seed_vin() {
        let vin: Vin = "1FTFW1ET5DFC10312".parse().unwrap();
        let decoded =
            decode_vin(&db(), &vin).unwrap_or_else(|e| panic!("{e}\n(run scripts/fetch-vpic)"));
        let text = readable(&decoded);
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
        assert!(
            e.to_string().contains("shopbench data import vpic FILE"),
            "{e}"
        );
    }
}
