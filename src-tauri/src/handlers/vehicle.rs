//! Vehicle & costs: VIN decoding (offline vPIC), recalls from the offline
//! cache, importing NHTSA's recalls flat file into that cache, and the
//! purchase-cost calculator with its PDF.

use std::path::Path;

use shopbench_core::Vin;

use shopbench_app::{parse_costs_query, Costs, CostsQuery, Country};
use shopbench_costs::{ca_province_codes, us_state_codes};
use shopbench_recalls::{ImportKind, Lookup, Network, RecallsReport, Store};
use shopbench_report::render_purchase_costs;
use shopbench_vindecode::{Decoded, Decoder};
use shopbench_wire::count_or_not_known;

use shopbench_views::{
    CostLine, CostsForm, CostsView, RecallRow, Regions, SavedPdf, Settings, VehicleView,
};

use crate::error::DesktopError;
use crate::shop::Shop;

fn recall_rows(r: &RecallsReport) -> Vec<RecallRow> {
    let us = r.recalls.us.iter().map(|u| RecallRow {
        country: "US".into(),
        number: u.campaign.clone(),
        date: u.reported_date.clone(),
        component: u.component.clone(),
        summary: u.summary.clone(),
        remedy: u.remedy.clone(),
    });
    let ca = r.recalls.canada.iter().map(|c| RecallRow {
        country: "Canada".into(),
        number: c.recall_number.clone(),
        date: c.recall_date.clone().unwrap_or_default(),
        component: c.system_type.clone().unwrap_or_default(),
        summary: c.summary.clone().unwrap_or_default(),
        remedy: String::new(),
    });
    us.chain(ca).collect()
}

/// Decodes `vin` and finds its recalls: offline (the vPIC file and the
/// recalls cache, filled by importing NHTSA's flat file) or, in remote mode,
/// from the server's `/v1/decode` and `/v1/recalls`. A missing data set is an
/// error that says how to get it; missing recall data is a note.
pub async fn lookup_vin(
    shop: &Shop,
    settings: &Settings,
    vin: &str,
    now: i64,
) -> Result<VehicleView, DesktopError> {
    let vin: Vin = vin.trim().to_uppercase().parse()?;
    if crate::settings::is_remote(settings) {
        let (d, recalls) = crate::handlers::remote::decode_and_recalls(settings, &vin).await?;
        return Ok(vehicle_view(&d, recalls, Answered::of(settings)));
    }
    let paths = shop.paths()?;
    let decoder = Decoder::open_for(&paths.vpic, std::slice::from_ref(&vin))?;
    let d = decoder.decode(&vin)?;
    let recalls = match recalls_vehicle(&d) {
        Ok(vehicle) => {
            let mut store = Store::open(&paths.recalls)?;
            let mut lookup = Lookup::new(&mut store, Network::Offline, now);
            match lookup.recalls(&vehicle).await {
                Ok(r) => Ok(r),
                Err(shopbench_recalls::Error::NoData { .. }) => Err(format!(
                    "No recall data imported yet for {vehicle}: import NHTSA's FLAT_RCL.txt below \
                     (from static.nhtsa.gov/odi/ffdd/rcl/)."
                )),
                Err(e) => return Err(e.into()),
            }
        }
        Err(note) => Err(note),
    };
    Ok(vehicle_view(&d, recalls, Answered::Here))
}

/// The vehicle recalls are looked up by, or why there is none.
fn recalls_vehicle(d: &Decoded) -> Result<shopbench_recalls::Vehicle, String> {
    let v = &d.vehicle;
    match (v.year, v.make.as_deref(), v.model.as_deref()) {
        (Some(year), Some(make), Some(model)) => {
            Ok(shopbench_recalls::Vehicle::new(year, make, model))
        }
        _ => Err("vPIC gave no model year, make or model — recalls are looked up by those.".into()),
    }
}

/// The screen's view of a decode and its recalls (or the note saying why
/// there are none), the same whichever engine produced them.
pub(crate) fn vehicle_view(
    d: &Decoded,
    recalls: Result<RecallsReport, String>,
    by: Answered,
) -> VehicleView {
    let v = &d.vehicle;
    let mut rows = Vec::new();
    let mut row = |label: &str, value: Option<String>| {
        if let Some(value) = value.filter(|s| !s.trim().is_empty()) {
            rows.push((label.to_string(), value));
        }
    };
    row("Trim", v.trim.clone().or_else(|| v.series.clone()));
    row("Body", v.body_class.clone());
    row("Type", v.vehicle_type.clone());
    row("Drive", v.drive_type.clone());
    let engine: Vec<String> = [
        v.engine.displacement_l.map(|l| format!("{l:.1} L")),
        v.engine.cylinders.map(|c| format!("{c} cyl")),
        v.engine.fuel_type.clone(),
        v.engine.model.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    row("Engine", Some(engine.join(" · ")));
    let plant: Vec<&str> = [&v.plant_city, &v.plant_state, &v.plant_country]
        .into_iter()
        .filter_map(|p| p.as_deref())
        .collect();
    row("Plant", Some(plant.join(", ")));
    row("Manufacturer", v.manufacturer.clone());
    let or_dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".into());
    let title = format!(
        "{} {} {}",
        v.year.map_or("—".to_string(), |y| y.to_string()),
        or_dash(&v.make),
        or_dash(&v.model)
    );
    let (recalls, recalls_note) = match recalls {
        Ok(r) => {
            let rows = recall_rows(&r);
            let note = match (r.counts.us, r.counts.canada) {
                (Some(_), Some(_)) if rows.is_empty() => {
                    format!("No recalls for {} in {}.", r.vehicle, by.data())
                }
                (Some(us), Some(canada)) => format!(
                    "{us} US and {canada} Canadian recalls for {}, from {}.",
                    r.vehicle,
                    by.data()
                ),
                // A source with no data has no count: not known, never 0.
                (us, canada) => format!(
                    "Recalls for {}: US {}, Canada {}, from {}.",
                    r.vehicle,
                    count_or_not_known(us),
                    count_or_not_known(canada),
                    by.data()
                ),
            };
            (rows, note)
        }
        Err(note) => (Vec::new(), note),
    };
    VehicleView {
        vin: d.vin.clone(),
        title,
        rows,
        warnings: d.warnings.iter().map(|w| w.to_string()).collect(),
        recalls,
        recalls_note,
        source: by.said(),
    }
}

/// Which engine answered a look-up: this computer's offline data or the
/// remote server (Settings → Engine).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Answered<'a> {
    /// The embedded engine and the shop's own data files.
    Here,
    /// The `/v1` server at this URL.
    Server(&'a str),
}

impl<'a> Answered<'a> {
    /// The engine the settings choose.
    pub(crate) fn of(s: &'a Settings) -> Answered<'a> {
        if crate::settings::is_remote(s) {
            Answered::Server(s.remote_url.trim())
        } else {
            Answered::Here
        }
    }

    /// The screen's line saying where the answer comes from.
    pub(crate) fn said(self) -> String {
        match self {
            Answered::Here => "Worked out on this computer, offline".into(),
            Answered::Server(url) => format!("From the shopbench server at {url}"),
        }
    }

    /// Whose data a note names.
    fn data(self) -> &'static str {
        match self {
            Answered::Here => "the offline data",
            Answered::Server(_) => "the server's data",
        }
    }
}

/// Imports NHTSA's recalls flat file (`FLAT_RCL*.txt`) into the offline cache;
/// returns a one-line summary.
pub fn import_recalls(shop: &Shop, path: &str, now: i64) -> Result<String, DesktopError> {
    let path = Path::new(path.trim());
    if path.as_os_str().is_empty() {
        return Err(DesktopError::invalid(
            "NHTSA file",
            "enter the path of NHTSA's FLAT_RCL.txt, FLAT_CMPL.txt or TSBS_RECEIVED_*.txt",
        ));
    }
    let recalls = &shop.paths()?.recalls;
    if let Some(dir) = recalls.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| DesktopError::io("creating the data folder", dir, e))?;
    }
    let kind = nhtsa_kind(path);
    let mut store = Store::open(recalls)?;
    let r = store.import_file(kind, path, now)?;
    Ok(format!(
        "Imported {} {} from {} ({} skipped).",
        r.imported,
        kind.rows(),
        path.display(),
        r.skipped_total()
    ))
}

/// Which NHTSA flat file a path is, by NHTSA's file names: complaints
/// (`FLAT_CMPL`), bulletins (`TSBS_RECEIVED_*`, `FLAT_TSBS`), else recalls.
fn nhtsa_kind(path: &Path) -> ImportKind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_uppercase())
        .unwrap_or_default();
    if name.contains("CMPL") {
        ImportKind::Complaints
    } else if name.contains("TSB") {
        ImportKind::Bulletins
    } else {
        ImportKind::Recalls
    }
}

/// Every state/province code the rules know.
pub fn regions() -> Regions {
    Regions {
        us: us_state_codes().into_iter().map(String::from).collect(),
        ca: ca_province_codes().into_iter().map(String::from).collect(),
    }
}

/// Named query parameters, `("price", "25000")`.
pub(crate) type Params<'a> = Vec<(&'static str, &'a str)>;

/// The form as the named parameters `shopbench_app::parse_costs_query` reads
/// (the same reading as the CLI's flags and the API's query string), with
/// its country.
pub(crate) fn params(f: &CostsForm) -> Result<(Country, Params<'_>), DesktopError> {
    let country = match f.country.trim().to_ascii_lowercase().as_str() {
        "us" => Country::Us,
        "ca" => Country::Ca,
        other => {
            return Err(DesktopError::invalid(
                "Country",
                format!("'{other}' — pick United States or Canada"),
            ))
        }
    };
    let region = if country == Country::Us {
        "state"
    } else {
        "province"
    };
    let mut p = vec![
        (region, f.region.as_str()),
        ("price", f.price.as_str()),
        ("sale_type", f.sale.as_str()),
        ("trade_in", f.trade_in.as_str()),
    ];
    if country == Country::Us {
        p.push(("local_rate", f.local_rate.as_str()));
    }
    if country == Country::Ca {
        p.push(("family_gift", if f.family_gift { "true" } else { "false" }));
        p.push((
            "buyer_has_plates",
            if f.buyer_has_plates { "true" } else { "false" },
        ));
    }
    Ok((country, p))
}

/// The form read and checked, its bad fields named by the form's labels.
pub(crate) fn query(country: Country, p: &[(&str, &str)]) -> Result<CostsQuery, DesktopError> {
    parse_costs_query(country, p).map_err(by_label)
}

/// An error naming a query parameter, named by the form's label instead;
/// the rules' refusals (a trade-in not below the price) too.
fn by_label(e: shopbench_app::AppError) -> DesktopError {
    match e {
        shopbench_app::AppError::Invalid { field, reason } => {
            DesktopError::invalid(label(&field), reason)
        }
        other => other.into(),
    }
}

fn label(param: &str) -> &'static str {
    match param {
        "price" => "Price",
        "trade_in" => "Trade-in",
        "local_rate" => "Local tax rate",
        "sale_type" => "Sale",
        "family_gift" => "Family gift",
        "state" | "province" => "State or province",
        _ => "Purchase costs",
    }
}

/// The costs the form asks for, worked out on this computer.
pub(crate) fn compute_here(f: &CostsForm) -> Result<Costs, DesktopError> {
    let (country, p) = params(f)?;
    shopbench_app::purchase_costs(&query(country, &p)?, super::now()).map_err(by_label)
}

/// The costs the form asks for, from the engine the settings choose: in
/// remote mode the server's `/v1/{us,ca}/purchase-costs` is sent the same
/// parameters, after the form is checked here, so a typo costs no credit.
pub(crate) async fn compute(f: &CostsForm, s: &Settings) -> Result<Costs, DesktopError> {
    if !crate::settings::is_remote(s) {
        return compute_here(f);
    }
    let (country, p) = params(f)?;
    query(country, &p)?;
    crate::handlers::remote::purchase_costs(s, country, &p).await
}

/// Computes the itemized purchase costs the form describes, with the
/// engine the settings choose.
pub async fn purchase_costs(form: &CostsForm, s: &Settings) -> Result<CostsView, DesktopError> {
    let t = compute(form, s)
        .await?
        .table_in(shopbench_i18n::Lang::from_code(&s.language));
    let by = Answered::of(s);
    Ok(CostsView {
        title: t.title,
        currency: t.currency.into(),
        lines: t
            .rows
            .into_iter()
            .map(|r| CostLine {
                label: r.label,
                amount: r.amount,
                kind: r.kind.into(),
                confidence: r.confidence.into(),
                paid_to: r.paid_to,
                notes: r.notes,
            })
            .collect(),
        total_known: t.total_known,
        total_range: t.total_range,
        caveats: t.caveats,
        rules_as_of: t.rules_as_of,
        source: by.said(),
    })
}

/// Writes the purchase-cost PDF (shop and paper from `settings`, figures
/// from the engine it chooses) into the reports folder.
pub async fn save_costs_pdf(
    shop: &Shop,
    form: &CostsForm,
    settings: &Settings,
) -> Result<SavedPdf, DesktopError> {
    let costs = compute(form, settings).await?;
    let pdf = render_purchase_costs(
        &crate::settings::shop(settings),
        costs.report(),
        crate::settings::paper_size(settings)?,
    );
    crate::handlers::write_pdf(
        &shop.paths()?.reports_dir,
        &format!("purchase-costs-{}", costs.region()),
        &pdf,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handlers::block_on;

    /// A shop in `dir` that reads the real vPIC file (scripts/fetch-vpic).
    fn files(dir: &Path) -> Shop {
        let vpic = shopbench_app::ShopPaths::from_env().unwrap().vpic;
        let mut paths = crate::handlers::temp_shop(dir).paths().unwrap().clone();
        paths.vpic = vpic;
        Shop::at(paths)
    }

    fn fixture() -> String {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/recalls/tests/fixtures/FLAT_RCL_sample.txt")
            .display()
            .to_string()
    }

    #[test]
    fn a_vin_decodes_and_its_recalls_come_after_an_import() {
        let dir = tempfile::tempdir().unwrap();
        let f = files(dir.path());
        let v = look_up(&f, "1ftfw1et5dfc10312", 1_700_000_000).unwrap();
        assert_eq!(v.title, "2013 FORD F-150");
        assert!(v.rows.iter().any(|(l, _)| l == "Engine"), "{v:?}");
        assert_eq!(v.warnings.len(), 1, "the seed VIN fails its check digit");
        assert!(v.recalls.is_empty());
        assert!(v.recalls_note.contains("import"), "{}", v.recalls_note);

        let said = import_recalls(&f, &fixture(), 1_800_000_000).unwrap();
        assert!(said.starts_with("Imported "), "{said}");
        let v = look_up(&f, "1FTFW1ET5DFC10312", 1_800_000_000).unwrap();
        let numbers: Vec<&str> = v.recalls.iter().map(|r| r.number.as_str()).collect();
        assert_eq!(numbers.len(), 3, "{numbers:?}");
        assert!(numbers.contains(&"13V900000"), "{numbers:?}");
        // Transport Canada has no file to import: its count is not known, not 0.
        assert_eq!(
            v.recalls_note,
            "Recalls for 2013 FORD F-150: US 3, Canada not known, from the offline data."
        );
    }

    /// Regression (issue 19 item 5): in French the Vehicle screen showed
    /// where a result came from, the decode's row names, the recalls note, an
    /// import's result and the VIN warning in English, and the purchase-cost
    /// table its line kinds and source. The UI reads each through the
    /// catalogue now; each has its French.
    #[test]
    fn regression_the_vehicle_screen_was_english_in_french() {
        let dir = tempfile::tempdir().unwrap();
        let f = files(dir.path());
        let before = look_up(&f, "1FTFW1ET5DFC10312", 1_700_000_000).unwrap();
        let said = import_recalls(&f, &fixture(), 1_800_000_000).unwrap();
        let after = look_up(&f, "1FTFW1ET5DFC10312", 1_800_000_000).unwrap();
        let mut shown = vec![said, before.source.clone(), before.recalls_note.clone()];
        shown.push(after.recalls_note.clone());
        shown.extend(before.warnings.iter().cloned());
        shown.extend(before.rows.iter().map(|(label, _)| label.clone()));
        let settings = Settings::default();
        for (country, region) in [("us", "TX"), ("ca", "QC")] {
            let form = CostsForm {
                country: country.into(),
                region: region.into(),
                price: "18500".into(),
                sale: "dealer".into(),
                ..CostsForm::default()
            };
            let c = crate::handlers::block_on(purchase_costs(&form, &settings)).unwrap();
            shown.push(c.source);
            shown.extend(c.lines.into_iter().map(|l| l.kind));
        }
        crate::handlers::assert_french(shown);
    }

    /// The one import field takes any of NHTSA's files, told by its name:
    /// a bulletin index is imported as bulletins, not as recalls.
    #[test]
    fn a_bulletin_file_is_imported_as_bulletins() {
        let dir = tempfile::tempdir().unwrap();
        let f = files(dir.path());
        let file = dir.path().join("TSBS_RECEIVED_2020-2024.txt");
        std::fs::write(
            &file,
            "10212345\t\t20230105\t21-052\t20211108\t\tService Bulletin\tHONDA\tCIVIC\t2014\tFUEL SYSTEM, GASOLINE\tFuel\tEVAP\tP0442 vent hose\n",
        )
        .unwrap();
        let said = import_recalls(&f, file.to_str().unwrap(), 0).unwrap();
        assert!(said.starts_with("Imported 1 bulletin rows"), "{said}");
        let store = Store::open(&f.paths().unwrap().recalls).unwrap();
        let civic = shopbench_recalls::Vehicle::new(2014, "Honda", "Civic");
        assert_eq!(store.bulletins(&civic).unwrap()[0].bulletin_no, "21-052");
    }

    #[test]
    fn bad_vins_and_missing_data_are_readable() {
        let dir = tempfile::tempdir().unwrap();
        let f = files(dir.path());
        let e = look_up(&f, "1FTFW1ET5DFC1031", 0).unwrap_err();
        assert_eq!(e.title(), "Check the VIN", "{e}");
        let mut paths = f.paths().unwrap().clone();
        paths.vpic = dir.path().join("nope.db");
        let missing = Shop::at(paths);
        let e = look_up(&missing, "1FTFW1ET5DFC10312", 0).unwrap_err();
        assert_eq!(e.title(), "Vehicle data set missing", "{e}");
        assert!(e.to_string().contains("in Settings"), "{e}");
        let e = import_recalls(&f, "", 0).unwrap_err();
        assert!(e.to_string().contains("FLAT_RCL"), "{e}");
        let e = import_recalls(&f, "/nonexistent/FLAT_RCL.txt", 0).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/FLAT_RCL.txt"), "{e}");
    }

    fn form(country: &str, region: &str, price: &str, sale: &str) -> CostsForm {
        CostsForm {
            country: country.into(),
            region: region.into(),
            price: price.into(),
            sale: sale.into(),
            ..CostsForm::default()
        }
    }

    /// The VIN looked up with the embedded engine.
    fn look_up(shop: &Shop, vin: &str, now: i64) -> Result<VehicleView, DesktopError> {
        block_on(lookup_vin(shop, &Settings::default(), vin, now))
    }

    /// The form's costs from the embedded engine.
    fn costs_here(f: &CostsForm) -> Result<CostsView, DesktopError> {
        block_on(purchase_costs(f, &Settings::default()))
    }

    #[test]
    fn costs_are_itemized_for_both_countries() {
        let us = costs_here(&form("us", "CA", "25000", "private")).unwrap();
        assert_eq!(us.currency, "USD");
        assert!(us.title.starts_with("California (CA)"), "{}", us.title);
        assert!(us.lines.iter().any(|l| l.kind == "tax"), "{us:?}");
        let ca = costs_here(&form("ca", "ON", "25000", "private")).unwrap();
        assert_eq!(ca.currency, "CAD");
        assert!(!ca.lines.is_empty());
        let r = regions();
        assert_eq!(r.us.len(), 51);
        assert_eq!(r.ca.len(), 13);
    }

    #[test]
    fn a_trade_in_lowers_dealer_tax_where_the_state_credits_it() {
        let base = form("us", "TX", "25000", "dealer");
        let with = CostsForm {
            trade_in: "10000".into(),
            ..base.clone()
        };
        let a = costs_here(&base).unwrap();
        let b = costs_here(&with).unwrap();
        assert_ne!(a.total_known, b.total_known, "{a:?} vs {b:?}");
    }

    /// The costs told a desktop user to "pass local_rate for an exact
    /// figure", and the form had no field for it: the county/city surtax
    /// could only be shown as a range. The form takes it now, as the CLI's
    /// `--local-rate` and the API's `local_rate` do.
    #[test]
    fn regression_the_desktop_form_could_not_take_the_local_tax_rate() {
        let range = costs_here(&form("us", "CA", "25000", "private")).unwrap();
        let exact = costs_here(&CostsForm {
            local_rate: "2.25".into(),
            ..form("us", "CA", "25000", "private")
        })
        .unwrap();
        let tax = |c: &CostsView| c.lines[0].amount.clone();
        assert!(tax(&range).contains("up to"), "{range:?}");
        // 25,000 × (7.25 % + 2.25 %)
        assert_eq!(tax(&exact), "2,375.00", "{exact:?}");
        let e = costs_here(&CostsForm {
            local_rate: "lots".into(),
            ..form("us", "CA", "25000", "private")
        })
        .unwrap_err();
        assert!(e.to_string().starts_with("Local tax rate"), "{e}");
    }

    #[test]
    fn bad_cost_input_names_the_field() {
        let e = costs_here(&form("us", "CA", "lots", "private")).unwrap_err();
        assert!(e.to_string().starts_with("Price"), "{e}");
        let e = costs_here(&form("us", "ZZ", "25000", "private")).unwrap_err();
        assert!(e.to_string().contains("ZZ"), "{e}");
        let e = costs_here(&form("mx", "JA", "25000", "private")).unwrap_err();
        assert!(e.to_string().starts_with("Country"), "{e}");
        let e = costs_here(&form("us", "CA", "25000", "")).unwrap_err();
        assert_eq!(e.title(), "Check the form", "{e}");
    }

    #[test]
    fn the_costs_pdf_has_the_shop_and_lines() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings {
            shop_name: "Main Street Auto".into(),
            ..Settings::default()
        };
        let shop = crate::handlers::temp_shop(dir.path());
        let saved = block_on(save_costs_pdf(
            &shop,
            &form("ca", "ON", "25000", "private"),
            &settings,
        ))
        .unwrap();
        assert!(saved.path.ends_with("purchase-costs-ON.pdf"), "{saved:?}");
        let out = std::process::Command::new("pdftotext")
            .args([saved.path.as_str(), "-"])
            .output()
            .expect("pdftotext (poppler-utils) — run scripts/setup");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Main Street Auto"), "{text}");
        assert!(text.contains("Ontario"), "{text}");
    }
}
