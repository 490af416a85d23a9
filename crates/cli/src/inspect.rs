//! `shopbench inspect`: the used-car inspection PDF a buyer reads, from one
//! connection to the car (or a saved `scan --json`), the VIN's recalls and
//! known issues read offline, and the purchase costs.

use std::path::PathBuf;

use anyhow::{bail, Result};
use shopbench_app::inspection::inspect;
use shopbench_app::modules::scan_all_modules;
use shopbench_app::repair_scans::read_scan_file;
use shopbench_app::{purchase_costs, read_saved_scan, Costs, Country, VehicleDataSource};
use shopbench_obd::modules::ModuleScan;
use shopbench_obd::{ObdLink, ScanReport};
use shopbench_recalls::Network;
use shopbench_report::render_inspection;
use shopbench_wire::{Inspection, Level};

use crate::obd::{LinkArgs, Signals};
use crate::output::{emit, emit_json, PdfOutput};

/// Arguments of `shopbench inspect`.
#[derive(clap::Args)]
pub struct InspectArgs {
    #[command(flatten)]
    link: LinkArgs,
    /// Make the report from a saved `shopbench scan --json` instead of connecting to the car.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["port", "j2534"])]
    from_scan: Option<PathBuf>,
    /// With --from-scan: a saved `shopbench scan --modules --json` (every module's codes).
    #[arg(long, value_name = "FILE", requires = "from_scan")]
    modules_scan: Option<PathBuf>,
    /// Read only the emission services, not every module over UDS.
    #[arg(long, conflicts_with = "from_scan")]
    no_modules: bool,
    /// The buyer's US state (two letters, or DC).
    #[arg(
        long,
        required_unless_present = "province",
        conflicts_with = "province"
    )]
    state: Option<String>,
    /// The buyer's Canadian province or territory.
    #[arg(long)]
    province: Option<String>,
    /// The asking price, e.g. 25000.
    #[arg(long)]
    price: String,
    /// `private` or `dealer`.
    #[arg(long, default_value = "private")]
    sale: String,
    /// US: the exact county/city surtax in percent, e.g. 2.25 (else the costs show its range).
    #[arg(long, requires = "state")]
    local_rate: Option<String>,
    #[command(flatten)]
    pdf: PdfOutput,
    /// Also print the inspection as JSON (else a short summary).
    #[arg(long)]
    json: bool,
    /// The vPIC SQLite file [default: $SHOPBENCH_VPIC_DB, else DATA/vpic/vpic.lite.db].
    #[arg(long, env = "SHOPBENCH_VPIC_DB")]
    db: Option<PathBuf>,
    /// The recalls/complaints cache [default: DATA/nhtsa.db] (read offline).
    #[arg(long = "data-db")]
    data_db: Option<PathBuf>,
}

impl InspectArgs {
    /// The purchase costs, computed before the car is touched (a bad state or price stops here).
    fn costs(&self) -> Result<Costs> {
        let (country, region) = match (&self.state, &self.province) {
            (Some(s), _) => (Country::Us, ("state", s.as_str())),
            (None, Some(p)) => (Country::Ca, ("province", p.as_str())),
            (None, None) => bail!("give the buyer's --state (US) or --province (Canada)"),
        };
        let mut params = vec![
            region,
            ("price", self.price.as_str()),
            ("sale_type", self.sale.as_str()),
        ];
        params.extend(self.local_rate.as_deref().map(|r| ("local_rate", r)));
        let query = crate::costs::query(country, &params)?;
        Ok(purchase_costs(&query, crate::data::now())?)
    }
}

/// Runs `shopbench inspect`.
pub async fn run(args: InspectArgs) -> Result<()> {
    let costs = args.costs()?;
    let (scan, modules) = match &args.from_scan {
        Some(file) => (
            read_saved_scan::<ScanReport>(file, "an OBD-II scan", "shopbench scan --json")?,
            args.modules_scan
                .as_deref()
                .map(read_scan_file)
                .transpose()?,
        ),
        None => read_car(&args.link, !args.no_modules).await?,
    };
    let src = VehicleDataSource {
        vpic: crate::shop::vpic(args.db.clone())?,
        recalls: crate::shop::recalls(args.data_db.clone())?,
        network: Network::Offline,
        now: crate::data::now(),
    };
    let inspection = inspect(&src, &scan, modules.as_ref(), costs).await;
    args.pdf
        .write(|shop, paper| render_inspection(shop, &inspection, paper))?;
    match args.json {
        true => emit_json(&inspection),
        false => emit(&render(&inspection)),
    }
}

/// One connection: the OBD-II scan, then every module where the link is CAN.
async fn read_car(link: &LinkArgs, modules: bool) -> Result<(ScanReport, Option<ModuleScan>)> {
    let mut signals = Signals::install()?;
    let mut link = crate::obd::connect_or_stop(link, &mut signals).await?;
    let (report, lost) = tokio::select! {
        r = shopbench_obd::scan_partial(&mut link, |step| eprintln!("… reading {step}")) => r,
        sig = signals.recv() => return Err(crate::obd::stopped(sig, "during the scan; nothing was written")),
    };
    if let Some(lost) = lost {
        return Err(anyhow::Error::new(lost)
            .context("the adapter was lost mid-scan; no inspection was written — scan again"));
    }
    let can = link.info().protocol.is_some_and(|p| p.is_can());
    if !modules || !can {
        if modules {
            eprintln!("… not a CAN car: the other modules cannot be reached over UDS");
        }
        return Ok((report, None));
    }
    let scan = tokio::select! {
        s = scan_all_modules(&mut link, |step| eprintln!("… {step}")) => s,
        sig = signals.recv() => return Err(crate::obd::stopped(sig, "during the module scan; nothing was written")),
    };
    match scan {
        Ok(s) => Ok((report, Some(s))),
        Err(e) => {
            eprintln!("warning: the module scan failed ({e}); the report says the modules were not scanned");
            Ok((report, None))
        }
    }
}

/// The summary on the terminal (the PDF has the rest).
fn render(i: &Inspection) -> String {
    let mut out = String::new();
    for f in &i.summary {
        let tag = match f.level {
            Level::Attention => "CHECK    ",
            Level::Ok => "OK       ",
            Level::Unknown => "NOT KNOWN",
        };
        out.push_str(&format!("{tag}  {}\n", f.text));
    }
    if !i.gaps.is_empty() {
        out.push_str(&format!(
            "\nNot checked ({}): see the last section of the PDF.\n",
            i.gaps.len()
        ));
    }
    out
}
