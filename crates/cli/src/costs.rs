//! `shopbench costs us|ca …` — itemized government costs of buying a used
//! vehicle, from the offline rules in `shopbench-costs`.

use std::fmt::Write as _;

use anyhow::Result;
use clap::Subcommand;
use shopbench_app::{
    parse_costs_query, purchase_costs, AppError, CostsQuery, CostsTable, Country as AppCountry,
};
use shopbench_report::render_purchase_costs;

use crate::output::PdfArgs;

/// Arguments of `shopbench costs`.
#[derive(clap::Args)]
pub struct CostsArgs {
    #[command(subcommand)]
    country: Country,
}

#[derive(Subcommand)]
enum Country {
    /// A US state or DC, e.g. `costs us --state CA --price 25000 --sale private`.
    Us(UsArgs),
    /// A Canadian province or territory, e.g. `costs ca --province BC --price 25000 --sale private`.
    Ca(CaArgs),
}

#[derive(clap::Args)]
struct UsArgs {
    /// Two-letter state code (or DC), any case.
    #[arg(long)]
    state: String,
    /// Agreed sale price in USD, e.g. 25000 or 25000.50.
    #[arg(long)]
    price: String,
    /// `private` or `dealer`.
    #[arg(long)]
    sale: String,
    /// Trade-in value in USD (deducted on dealer sales as the state allows: in full, up to the year's cap, or not at all).
    #[arg(long)]
    trade_in: Option<String>,
    /// Exact county/city surtax in percent, e.g. 2.25 (at most the state's maximum; ignored where the state has no local vehicle tax).
    #[arg(long, allow_negative_numbers = true)]
    local_rate: Option<f64>,
    /// Year the vehicle is delivered, for rules that change by year (Michigan's trade-in cap) [default: this year].
    #[arg(long)]
    year: Option<String>,
    /// Print seed 002's JSON shape instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    pdf: PdfArgs,
}

#[derive(clap::Args)]
struct CaArgs {
    /// Two-letter province/territory code, any case.
    #[arg(long)]
    province: String,
    /// Agreed sale price in CAD, e.g. 25000 or 25000.50.
    #[arg(long)]
    price: String,
    /// `private` or `dealer`.
    #[arg(long)]
    sale: String,
    /// Private sales only: apply the sworn family-gift exemption.
    #[arg(long)]
    family_gift: bool,
    /// The buyer moves plates they already hold onto the vehicle.
    #[arg(long)]
    buyer_has_plates: bool,
    /// Trade-in value in CAD (deducted from GST/HST and the provincial tax on dealer sales where the province allows).
    #[arg(long)]
    trade_in: Option<String>,
    /// Print seed 002's JSON shape instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    pdf: PdfArgs,
}

/// The flags as the named parameters `shopbench_app::parse_costs_query` reads.
fn params<'a>(pairs: &[(&'a str, Option<&'a str>)]) -> Vec<(&'a str, &'a str)> {
    pairs
        .iter()
        .filter_map(|(k, v)| v.map(|v| (*k, v)))
        .collect()
}

fn yes(b: bool) -> Option<&'static str> {
    b.then_some("true")
}

/// Reads the flags as a query; a refused one is named by the flag the user
/// typed (`--sale`, `--trade-in`), not by the API parameter behind it.
pub(crate) fn query(country: AppCountry, params: &[(&str, &str)]) -> Result<CostsQuery, AppError> {
    parse_costs_query(country, params).map_err(by_flag)
}

/// An error naming a query parameter, named by its flag instead; the rules'
/// refusals (`--trade-in` not below `--price`) too.
fn by_flag(e: AppError) -> AppError {
    match e {
        AppError::Invalid { field, reason } => AppError::Invalid {
            field: flag_of(&field),
            reason,
        },
        other => other,
    }
}

/// The flag behind a query parameter: `sale_type` is `--sale`, the others
/// are the parameter with dashes.
fn flag_of(param: &str) -> String {
    match param {
        "sale_type" => "--sale".to_string(),
        other => format!("--{}", other.replace('_', "-")),
    }
}

/// Runs `shopbench costs`.
pub fn run(args: CostsArgs) -> Result<()> {
    let (query, json, pdf) = match &args.country {
        Country::Us(a) => {
            let local = a.local_rate.map(|r| r.to_string());
            let p = params(&[
                ("state", Some(&a.state)),
                ("price", Some(&a.price)),
                ("sale_type", Some(&a.sale)),
                ("trade_in", a.trade_in.as_deref()),
                ("local_rate", local.as_deref()),
                ("year", a.year.as_deref()),
            ]);
            (query(AppCountry::Us, &p)?, a.json, &a.pdf)
        }
        Country::Ca(a) => {
            let p = params(&[
                ("province", Some(&a.province)),
                ("price", Some(&a.price)),
                ("sale_type", Some(&a.sale)),
                ("trade_in", a.trade_in.as_deref()),
                ("family_gift", yes(a.family_gift)),
                ("buyer_has_plates", yes(a.buyer_has_plates)),
            ]);
            (query(AppCountry::Ca, &p)?, a.json, &a.pdf)
        }
    };
    // The clock is read here, at the edge; the engine only takes the year.
    let costs = purchase_costs(&query, crate::data::now()).map_err(by_flag)?;
    pdf.write(|shop, paper| render_purchase_costs(shop, costs.report(), paper))?;
    if json {
        crate::output::emit_json(&costs.to_json())
    } else {
        crate::output::emit(&render(&costs.table()))
    }
}

fn render(t: &CostsTable) -> String {
    let mut out = String::new();
    let label_w = t
        .rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let amount_w = t
        .rows
        .iter()
        .map(|r| r.amount.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let _ = writeln!(out, "{}\n", t.title);
    let _ = writeln!(
        out,
        "{:<label_w$}  {:>amount_w$}  {:<18}  CONFIDENCE",
        "LINE", t.currency, "KIND"
    );
    for r in &t.rows {
        let _ = writeln!(
            out,
            "{:<label_w$}  {:>amount_w$}  {:<18}  {}",
            r.label, r.amount, r.kind, r.confidence
        );
    }
    let _ = writeln!(
        out,
        "\nTotal known (taxes + fixed fees): {} {}",
        t.currency, t.total_known
    );
    let _ = writeln!(
        out,
        "Estimated total range:            {} {}",
        t.currency, t.total_range
    );
    if !t.caveats.is_empty() {
        let _ = writeln!(out, "\nCaveats:");
        for c in &t.caveats {
            let _ = writeln!(out, "  - {c}");
        }
    }
    let _ = writeln!(
        out,
        "\nRules as of {}; --json lists every line's notes and official source URL.",
        t.rules_as_of
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(country: AppCountry, p: &[(&str, &str)]) -> String {
        let q = parse_costs_query(country, p).unwrap();
        render(&purchase_costs(&q, 1_782_864_000).unwrap().table())
    }

    #[test]
    fn table_shows_lines_totals_and_caveats() {
        let t = table(
            AppCountry::Us,
            &[
                ("state", "ca"),
                ("price", "25000"),
                ("sale_type", "private"),
            ],
        );
        assert!(
            t.starts_with("California (CA) — used vehicle, private sale, USD 25,000.00"),
            "{t}"
        );
        assert!(t.contains("1,812.50 (up to 2,687.50)"), "{t}");
        assert!(
            t.contains("Total known (taxes + fixed fees): USD 1,840.50"),
            "{t}"
        );
        assert!(t.contains("county/city surtax of up to 3.5%"), "{t}");
        let t = table(
            AppCountry::Ca,
            &[
                ("province", "BC"),
                ("price", "25000"),
                ("sale_type", "private"),
            ],
        );
        assert!(t.contains("PST (12%)"), "{t}");
        assert!(
            t.contains("Estimated total range:            CAD 3,092.00 – 3,188.00"),
            "{t}"
        );
    }

    /// The rules' refusals named the API's field (`trade_in must be …`,
    /// `leave local_rate out`) to a user who typed `--trade-in`.
    #[test]
    fn regression_a_value_the_rules_refused_was_named_by_its_api_field() {
        let refused = |country, p: &[(&str, &str)]| {
            let q = query(country, p).unwrap();
            by_flag(purchase_costs(&q, 1_782_864_000).unwrap_err()).to_string()
        };
        let us = |extra: (&'static str, &'static str)| {
            let p = [
                ("state", "CA"),
                ("price", "25000"),
                ("sale_type", "dealer"),
                extra,
            ];
            refused(AppCountry::Us, &p)
        };
        assert_eq!(
            us(("trade_in", "30000")),
            "--trade-in: must be at least 0 and less than the price (got 30000.00, price 25000.00)"
        );
        assert_eq!(
            us(("local_rate", "9")),
            "--local-rate: 9% is above California's highest county/city rate of 3.5% on a vehicle purchase; give a rate from 0 to 3.5%, or leave it out to get the range"
        );
        let e = refused(
            AppCountry::Us,
            &[
                ("state", "MI"),
                ("price", "25000"),
                ("sale_type", "dealer"),
                ("trade_in", "1000"),
                ("year", "2010"),
            ],
        );
        assert!(e.starts_with("--year: Michigan's trade-in credit"), "{e}");
        let e = refused(
            AppCountry::Ca,
            &[
                ("province", "ON"),
                ("price", "25000"),
                ("sale_type", "dealer"),
                ("family_gift", "true"),
            ],
        );
        assert!(
            e.starts_with("--family-gift: applies only to private sales"),
            "{e}"
        );
        let e = us(("local_rate", "40"));
        assert!(e.starts_with("--local-rate: must be a percentage"), "{e}");
        // The API's answer still names its parameter.
        let q = parse_costs_query(
            AppCountry::Us,
            &[
                ("state", "CA"),
                ("price", "25000"),
                ("sale_type", "dealer"),
                ("trade_in", "30000"),
            ],
        )
        .unwrap();
        let e = purchase_costs(&q, 1_782_864_000).unwrap_err().to_string();
        assert!(e.starts_with("trade_in: must be at least 0"), "{e}");
    }

    #[test]
    fn regression_a_refused_flag_was_named_by_its_api_parameter() {
        let refused = |p: &[(&str, &str)]| query(AppCountry::Us, p).unwrap_err().to_string();
        assert_eq!(
            refused(&[("state", "CA"), ("price", "1"), ("sale_type", "auction")]),
            "--sale: 'auction' — use private or dealer"
        );
        let e = refused(&[
            ("state", "CA"),
            ("price", "25000"),
            ("sale_type", "dealer"),
            ("trade_in", "lots"),
        ]);
        assert!(e.starts_with("--trade-in: "), "{e}");
        let e = refused(&[("state", "CA"), ("price", "1e5"), ("sale_type", "dealer")]);
        assert!(e.starts_with("--price: "), "{e}");
    }
}
