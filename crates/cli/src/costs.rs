//! `shopbench costs us|ca …` — itemized government costs of buying a used
//! vehicle, from the offline rules in `shopbench-costs`.

use std::fmt::Write as _;

use anyhow::Result;
use clap::Subcommand;
use shopbench_costs::{
    ca_purchase_costs, ca_purchase_costs_with_trade_in, us_purchase_costs_for_year, CaCosts,
    CaQuery, Cents, Confidence, LineKind, Range, SaleType, SaleYear, UsCosts, UsQuery,
};
use shopbench_report::{render_purchase_costs, PurchaseCosts};

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
    sale: Option<String>,
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
    sale: Option<String>,
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

/// Runs `shopbench costs`.
pub fn run(args: CostsArgs) -> Result<()> {
    match args.country {
        Country::Us(a) => {
            let q = UsQuery {
                state: a.state,
                price: a.price.parse()?,
                sale_type: Some(SaleType::parse_required(a.sale.as_deref())?),
                trade_in: a
                    .trade_in
                    .as_deref()
                    .map(str::parse)
                    .transpose()?
                    .unwrap_or(Cents::ZERO),
                local_rate_pct: a.local_rate,
            };
            // The clock is read here, at the edge; the engine only takes the year.
            let year = match a.year.as_deref() {
                Some(y) => y.parse::<SaleYear>()?,
                None => SaleYear::from_unix_seconds(crate::data::now())?,
            };
            let r = us_purchase_costs_for_year(&q, year)?;
            a.pdf
                .write(|shop, paper| render_purchase_costs(shop, PurchaseCosts::from(&r), paper))?;
            if a.json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                print!("{}", render(&View::from_us(&r)));
            }
        }
        Country::Ca(a) => {
            let q = CaQuery {
                province: a.province,
                price: a.price.parse()?,
                sale_type: Some(SaleType::parse_required(a.sale.as_deref())?),
                family_gift: a.family_gift,
                buyer_has_plates: a.buyer_has_plates,
            };
            let r = match a.trade_in.as_deref() {
                Some(t) => ca_purchase_costs_with_trade_in(&q, t.parse()?)?,
                None => ca_purchase_costs(&q)?,
            };
            a.pdf
                .write(|shop, paper| render_purchase_costs(shop, PurchaseCosts::from(&r), paper))?;
            if a.json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                print!("{}", render(&View::from_ca(&r)));
            }
        }
    }
    Ok(())
}

/// One table row: label, amount, range, kind, confidence.
type Row<'a> = (&'a str, Option<Cents>, Option<Range>, LineKind, Confidence);

/// What the table shows, common to both countries.
struct View<'a> {
    title: String,
    currency: &'static str,
    rows: Vec<Row<'a>>,
    known: Cents,
    range: Range,
    caveats: &'a [String],
    as_of: &'a str,
}

impl<'a> View<'a> {
    fn from_us(r: &'a UsCosts) -> Self {
        View {
            title: format!(
                "{} ({}) — used vehicle, {} sale, USD {}",
                r.state_name,
                r.state,
                r.input.sale_type,
                money(r.input.price_usd)
            ),
            currency: "USD",
            rows: r
                .lines
                .iter()
                .map(|l| {
                    (
                        l.label.as_str(),
                        l.amount_usd,
                        l.range_usd,
                        l.kind,
                        l.confidence,
                    )
                })
                .collect(),
            known: r.total_known_usd,
            range: r.estimated_total_range_usd,
            caveats: &r.caveats,
            as_of: &r.rules_as_of,
        }
    }

    fn from_ca(r: &'a CaCosts) -> Self {
        View {
            title: format!(
                "{} ({}) — used vehicle, {} sale, CAD {}",
                r.province_name,
                r.province,
                r.input.sale_type,
                money(r.input.price_cad)
            ),
            currency: "CAD",
            rows: r
                .lines
                .iter()
                .map(|l| {
                    (
                        l.label.as_str(),
                        l.amount_cad,
                        l.range_cad,
                        l.kind,
                        l.confidence,
                    )
                })
                .collect(),
            known: r.total_known_cad,
            range: r.estimated_total_range_cad,
            caveats: &r.caveats,
            as_of: &r.rules_as_of,
        }
    }
}

/// `1812.5` → `1,812.50`.
fn money(c: Cents) -> String {
    let s = c.to_string();
    let (sign, s) = s
        .strip_prefix('-')
        .map_or(("", s.as_str()), |rest| ("-", rest));
    let (whole, frac) = s.split_once('.').unwrap_or((s, "00"));
    let mut out = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}.{frac}")
}

fn amount_cell(amount: Option<Cents>, range: Option<Range>) -> String {
    match (amount, range) {
        (Some(a), Some(r)) if r.low == a => format!("{} (up to {})", money(a), money(r.high)),
        (Some(a), Some(r)) => format!("{} ({} – {})", money(a), money(r.low), money(r.high)),
        (Some(a), None) => money(a),
        (None, Some(r)) if r.low == r.high => money(r.low),
        (None, Some(r)) => format!("{} – {}", money(r.low), money(r.high)),
        (None, None) => "—".to_string(),
    }
}

fn kind_name(k: LineKind) -> &'static str {
    match k {
        LineKind::Tax => "tax",
        LineKind::Fee => "fee",
        LineKind::MarketEstimate => "estimate",
        LineKind::Informational => "info (not counted)",
    }
}

fn render(v: &View<'_>) -> String {
    let mut out = String::new();
    let label_w = v
        .rows
        .iter()
        .map(|r| r.0.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let cells: Vec<String> = v.rows.iter().map(|r| amount_cell(r.1, r.2)).collect();
    let amount_w = cells
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let _ = writeln!(out, "{}\n", v.title);
    let _ = writeln!(
        out,
        "{:<label_w$}  {:>amount_w$}  {:<18}  CONFIDENCE",
        "LINE", v.currency, "KIND"
    );
    for (row, cell) in v.rows.iter().zip(&cells) {
        let conf = match row.4 {
            Confidence::High => "high",
            Confidence::Medium => "medium",
        };
        let _ = writeln!(
            out,
            "{:<label_w$}  {:>amount_w$}  {:<18}  {conf}",
            row.0,
            cell,
            kind_name(row.3)
        );
    }
    let _ = writeln!(
        out,
        "\nTotal known (taxes + fixed fees): {} {}",
        v.currency,
        money(v.known)
    );
    let _ = writeln!(
        out,
        "Estimated total range:            {} {} – {}",
        v.currency,
        money(v.range.low),
        money(v.range.high)
    );
    if !v.caveats.is_empty() {
        let _ = writeln!(out, "\nCaveats:");
        for c in v.caveats {
            let _ = writeln!(out, "  - {c}");
        }
    }
    let _ = writeln!(
        out,
        "\nRules as of {}; --json lists every line's notes and official source URL.",
        v.as_of
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopbench_costs::us_purchase_costs;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(Cents::new(181_250)), "1,812.50");
        assert_eq!(money(Cents::from_dollars(5_000_000)), "5,000,000.00");
        assert_eq!(money(Cents::new(-305)), "-3.05");
        assert_eq!(money(Cents::ZERO), "0.00");
    }

    #[test]
    fn table_shows_lines_totals_and_caveats() {
        let r = us_purchase_costs(&UsQuery::new(
            "ca",
            Cents::from_dollars(25_000),
            SaleType::Private,
        ))
        .unwrap();
        let t = render(&View::from_us(&r));
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

        let bc = ca_purchase_costs(&CaQuery::new(
            "BC",
            Cents::from_dollars(25_000),
            SaleType::Private,
        ))
        .unwrap();
        let t = render(&View::from_ca(&bc));
        assert!(t.contains("PST (12%)"), "{t}");
        assert!(
            t.contains("Estimated total range:            CAD 3,092.00 – 3,188.00"),
            "{t}"
        );
    }

    #[test]
    fn year_and_canadian_trade_in_reach_the_engine() {
        let mut q = UsQuery::new("MI", Cents::from_dollars(25_000), SaleType::Dealer);
        q.trade_in = Cents::from_dollars(20_000);
        let r = us_purchase_costs_for_year(&q, "2026".parse().unwrap()).unwrap();
        assert!(render(&View::from_us(&r)).contains("780.00"));
        let on = ca_purchase_costs_with_trade_in(
            &CaQuery::new("ON", Cents::from_dollars(25_000), SaleType::Dealer),
            Cents::from_dollars(5_000),
        )
        .unwrap();
        assert!(render(&View::from_ca(&on)).contains("2,600.00"));
        assert!(SaleYear::from_unix_seconds(crate::data::now()).is_ok());
    }
}
