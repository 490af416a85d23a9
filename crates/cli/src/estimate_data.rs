//! `shopbench data states|labor-rates STATE|damage-types [TYPE]|vehicles [MAKE MODEL]`: the
//! repair-cost data behind estimates, in seed 001's JSON shapes with `--json`, as readable
//! tables otherwise.

use std::fmt::Write as _;

use anyhow::{bail, Result};
use serde::Serialize;
use shopbench_estimate::{
    Cents, CommonRepair, DamageTypeDetail, DamageTypeList, LaborRates, PartPricing, StateList,
    VehicleDetail, VehicleList,
};

use crate::output::{emit, emit_json};
use crate::shop::estimate_data as shop_data;

/// The estimate-data subcommands of `shopbench data`.
#[derive(clap::Subcommand)]
pub enum EstimateDataCommand {
    /// Labor rates of the 50 states + DC, with national averages.
    States {
        /// Print seed 001's JSON.
        #[arg(long)]
        json: bool,
    },
    /// Labor rates for one state (body, paint, mechanical, frame, metro premium, general).
    LaborRates {
        /// Two-letter state code, e.g. CA.
        state: String,
        /// Print seed 001's JSON.
        #[arg(long)]
        json: bool,
    },
    /// The nine damage types with cost ranges by severity; one type in detail.
    DamageTypes {
        /// A damage type, e.g. dent.
        kind: Option<String>,
        /// Print seed 001's JSON.
        #[arg(long)]
        json: bool,
    },
    /// Vehicles with repair-cost data, by make; MAKE MODEL for one vehicle's detail.
    Vehicles {
        /// Make, e.g. Toyota.
        make: Option<String>,
        /// Model, e.g. Camry.
        model: Option<String>,
        /// Print seed 001's JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Prints a subcommand's answer: seed 001's JSON with `--json`, else its `text` form.
fn out<T: Serialize>(json: bool, value: &T, text: impl FnOnce(&T) -> String) -> Result<()> {
    if json {
        emit_json(value)
    } else {
        emit(&text(value))
    }
}

/// A data table's whole cents as dollars, `$1,234.00`.
fn usd(cents: u64) -> String {
    Cents::new(i64::try_from(cents).unwrap_or(i64::MAX))
        .usd_grouped()
        .to_string()
}

/// A whole-dollar rate as `$75`.
fn dollars(n: u32) -> String {
    format!("${n}")
}

/// Runs one of the estimate-data subcommands: each has its own text form below.
pub fn run(cmd: EstimateDataCommand) -> Result<()> {
    let data = shop_data()?;
    match cmd {
        EstimateDataCommand::States { json } => out(json, &data.list_states(), states_text),
        EstimateDataCommand::LaborRates { state, json } => {
            out(json, &data.labor_rates(&state)?, labor_rates_text)
        }
        EstimateDataCommand::DamageTypes {
            kind: Some(kind),
            json,
        } => out(json, &data.damage_type(&kind)?, damage_type_text),
        EstimateDataCommand::DamageTypes { kind: None, json } => {
            out(json, &data.list_damage_types(), damage_types_text)
        }
        EstimateDataCommand::Vehicles {
            make: Some(make),
            model: Some(model),
            json,
        } => out(json, &data.vehicle_detail(&make, &model)?, vehicle_text),
        EstimateDataCommand::Vehicles {
            make: Some(make),
            model: None,
            ..
        } => {
            bail!("give the model too, e.g. `shopbench data vehicles {make} Camry`, or no make for the list")
        }
        EstimateDataCommand::Vehicles {
            make: None, json, ..
        } => out(json, &data.list_vehicles(), vehicles_text),
    }
}

/// `data states`: one row per state's labor rates, the national averages last.
fn states_text(list: &StateList) -> String {
    let mut o = format!(
        "{:<6} {:>6} {:>6} {:>11} {:>6} {:>8}\n",
        "STATE", "BODY", "PAINT", "MECHANICAL", "FRAME", "GENERAL"
    );
    for s in &list.data {
        let _ = writeln!(
            o,
            "{:<6} {:>6} {:>6} {:>11} {:>6} {:>8}",
            s.state,
            dollars(s.body),
            dollars(s.paint),
            dollars(s.mechanical),
            dollars(s.frame),
            dollars(s.general_labor_rate)
        );
    }
    let n = &list.meta.national_averages;
    let _ = writeln!(
        o,
        "{:<6} {:>6} {:>6} {:>11} {:>6}\n{} states and DC; rates in USD per hour",
        "US avg",
        dollars(n.body),
        dollars(n.paint),
        dollars(n.mechanical),
        dollars(n.frame),
        list.meta.total_states
    );
    o
}

/// `data labor-rates STATE`: one state's rates, one per line.
fn labor_rates_text(r: &LaborRates) -> String {
    let d = &r.data;
    format!(
        "{} labor rates (USD per hour)\n  body        {}\n  paint       {}\n  mechanical  {}\n  \
         frame       {}\n  general     {}\n  metro premium ×{:.2}\nsource: {}\n",
        d.state,
        dollars(d.body),
        dollars(d.paint),
        dollars(d.mechanical),
        dollars(d.frame),
        dollars(d.general_labor_rate),
        d.metro_premium,
        d.source
    )
}

/// `data damage-types TYPE`: one damage type with each severity's range and methods.
fn damage_type_text(d: &DamageTypeDetail) -> String {
    let t = &d.data;
    let mut o = format!("{} ({}) — {}\n", t.name, t.kind, t.description);
    for s in &t.severities {
        let _ = writeln!(
            o,
            "  {:<9} {} – {} (avg {})\n            {}\n            methods: {}",
            s.severity.as_str(),
            usd(s.min_cents),
            usd(s.max_cents),
            usd(s.avg_cents),
            s.description,
            s.repair_methods.join(", ")
        );
    }
    o
}

/// `data damage-types`: one row per type, the severities' cost ranges in columns.
fn damage_types_text(list: &DamageTypeList) -> String {
    let mut o = format!(
        "{:<13} {:<22} {:<24} {:<24} SEVERE\n",
        "TYPE", "NAME", "MINOR", "MODERATE"
    );
    for t in &list.data {
        let ranges: Vec<String> = t
            .severities
            .iter()
            .map(|s| format!("{} – {}", usd(s.min_cents), usd(s.max_cents)))
            .collect();
        let _ = writeln!(
            o,
            "{:<13} {:<22} {}",
            t.kind.as_str(),
            t.name,
            ranges
                .iter()
                .map(|r| format!("{r:<25}"))
                .collect::<String>()
                .trim_end()
        );
    }
    o
}

/// `data vehicles MAKE MODEL`: one vehicle's class, labor, parts prices and common repairs.
fn vehicle_text(v: &VehicleDetail) -> String {
    let d = &v.data;
    let mut o = format!(
        "{} {} ({}), class {}, data quality {}\nbasis: {}\n",
        d.vehicle.make,
        d.vehicle.model,
        d.vehicle.years,
        d.vehicle_class.as_str().replace('_', " "),
        d.data_quality,
        d.basis
    );
    let _ = writeln!(
        o,
        "labor (national average): body ${}/h, paint ${}/h, mechanical ${}/h",
        d.labor_rates.body, d.labor_rates.paint, d.labor_rates.mechanical
    );
    o.push_str(&parts_text(&d.parts_pricing));
    o.push_str(&common_repairs_text(&d.common_repairs));
    o
}

/// A vehicle's part prices (OEM, aftermarket, used ranges), or nothing when it has none.
fn parts_text(parts: &[PartPricing]) -> String {
    if parts.is_empty() {
        return String::new();
    }
    let mut o = String::from("parts\n");
    let range = |r: &Option<[Cents; 2]>| {
        r.map(|[a, b]| format!("{a} – {b}"))
            .unwrap_or_else(|| "—".into())
    };
    for p in parts {
        let _ = writeln!(
            o,
            "  {:<26} OEM {:<20} aftermarket {:<20} used {}",
            p.part,
            range(&p.oem),
            range(&p.aftermarket),
            range(&p.used)
        );
    }
    o
}

/// A vehicle's common repairs with their cost ranges, or nothing when it has none.
fn common_repairs_text(repairs: &[CommonRepair]) -> String {
    if repairs.is_empty() {
        return String::new();
    }
    let mut o = String::from("common repairs\n");
    for r in repairs {
        let _ = writeln!(
            o,
            "  {:<40} {} – {}",
            r.name, r.cost_range[0], r.cost_range[1]
        );
    }
    o
}

/// `data vehicles`: every make with its models, years and data quality.
fn vehicles_text(list: &VehicleList) -> String {
    let mut o = String::new();
    for m in &list.data {
        let models: Vec<String> = m
            .models
            .iter()
            .map(|v| format!("{} ({}, {})", v.model, v.years, v.data_quality))
            .collect();
        let _ = writeln!(o, "{:<14} {}", m.make, models.join(", "));
    }
    let _ = writeln!(
        o,
        "{} makes, {} models",
        list.meta.total_makes, list.meta.total_models
    );
    o
}
