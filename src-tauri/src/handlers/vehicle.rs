//! Vehicle & costs: VIN decoding (offline vPIC), recalls from the offline
//! cache, importing NHTSA's recalls flat file into that cache, and the
//! purchase-cost calculator with its PDF.

use std::path::Path;

use shopbench_core::Vin;
use shopbench_costs::{
    ca_province_codes, ca_purchase_costs, us_purchase_costs, us_state_codes, CaCosts, CaQuery,
    Cents, Confidence, LineKind, Range, SaleType, UsCosts, UsQuery,
};
use shopbench_recalls::{ImportKind, Lookup, Network, RecallsReport, Store};
use shopbench_report::{render_purchase_costs, PurchaseCosts};
use shopbench_vindecode::Decoder;

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

/// Decodes `vin` offline and looks its recalls up in the offline cache (no
/// network: the cache is filled by importing NHTSA's flat file). A missing
/// data set is an error that says how to get it; missing recall data is a note.
pub async fn lookup_vin(shop: &Shop, vin: &str, now: i64) -> Result<VehicleView, DesktopError> {
    let vin: Vin = vin.trim().to_uppercase().parse()?;
    let paths = shop.paths()?;
    let decoder = Decoder::open_for(&paths.vpic, std::slice::from_ref(&vin))?;
    let d = decoder.decode(&vin)?;
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
    let (recalls, recalls_note) = match (v.year, v.make.as_deref(), v.model.as_deref()) {
        (Some(year), Some(make), Some(model)) => {
            let vehicle = shopbench_recalls::Vehicle::new(year, make, model);
            let mut store = Store::open(&paths.recalls)?;
            let mut lookup = Lookup::new(&mut store, Network::Offline, now);
            match lookup.recalls(&vehicle).await {
                Ok(r) => {
                    let rows = recall_rows(&r);
                    let note = if rows.is_empty() {
                        format!("No recalls for {vehicle} in the offline data.")
                    } else {
                        format!(
                            "{} US and {} Canadian recalls for {vehicle}, from the offline data.",
                            r.counts.us, r.counts.canada
                        )
                    };
                    (rows, note)
                }
                Err(shopbench_recalls::Error::NoData { .. }) => (
                    Vec::new(),
                    format!(
                        "No recall data imported yet for {vehicle}: import NHTSA's FLAT_RCL.txt below \
                         (from static.nhtsa.gov/odi/ffdd/rcl/)."
                    ),
                ),
                Err(e) => return Err(e.into()),
            }
        }
        _ => (
            Vec::new(),
            "vPIC gave no model year, make or model — recalls are looked up by those.".into(),
        ),
    };
    Ok(VehicleView {
        vin: d.vin.clone(),
        title,
        rows,
        warnings: d.warnings.iter().map(|w| w.to_string()).collect(),
        recalls,
        recalls_note,
    })
}

/// Imports NHTSA's recalls flat file (`FLAT_RCL*.txt`) into the offline cache;
/// returns a one-line summary.
pub fn import_recalls(shop: &Shop, path: &str, now: i64) -> Result<String, DesktopError> {
    let path = Path::new(path.trim());
    if path.as_os_str().is_empty() {
        return Err(DesktopError::invalid(
            "Recalls file",
            "enter the path of NHTSA's FLAT_RCL.txt",
        ));
    }
    let recalls = &shop.paths()?.recalls;
    if let Some(dir) = recalls.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| DesktopError::io("creating the data folder", dir, e))?;
    }
    let mut store = Store::open(recalls)?;
    let r = store.import_file(ImportKind::Recalls, path, now)?;
    Ok(format!(
        "Imported {} recall rows from {} ({} skipped).",
        r.imported,
        path.display(),
        r.skipped_total()
    ))
}

/// Every state/province code the rules know.
pub fn regions() -> Regions {
    Regions {
        us: us_state_codes().into_iter().map(String::from).collect(),
        ca: ca_province_codes().into_iter().map(String::from).collect(),
    }
}

enum Computed {
    Us(UsCosts),
    Ca(CaCosts),
}

fn amount(field: &'static str, s: &str, empty: Option<Cents>) -> Result<Cents, DesktopError> {
    match (s.trim(), empty) {
        ("", Some(default)) => Ok(default),
        (t, _) => t
            .parse()
            .map_err(|e: shopbench_costs::CostsError| DesktopError::invalid(field, e.to_string())),
    }
}

fn compute(f: &CostsForm) -> Result<Computed, DesktopError> {
    let price = amount("Price", &f.price, None)?;
    let sale_type = Some(SaleType::parse_required(Some(f.sale.trim()))?);
    match f.country.trim() {
        "us" | "US" => Ok(Computed::Us(us_purchase_costs(&UsQuery {
            state: f.region.clone(),
            price,
            sale_type,
            trade_in: amount("Trade-in", &f.trade_in, Some(Cents::ZERO))?,
            local_rate_pct: None,
        })?)),
        "ca" | "CA" => Ok(Computed::Ca(ca_purchase_costs(&CaQuery {
            province: f.region.clone(),
            price,
            sale_type,
            family_gift: f.family_gift,
            buyer_has_plates: f.buyer_has_plates,
        })?)),
        other => Err(DesktopError::invalid(
            "Country",
            format!("'{other}' — pick United States or Canada"),
        )),
    }
}

fn cell(amount: Option<Cents>, range: Option<Range>) -> String {
    match (amount, range) {
        (Some(a), Some(r)) if r.low == a => format!("{a} (up to {})", r.high),
        (Some(a), Some(r)) => format!("{a} ({} – {})", r.low, r.high),
        (Some(a), None) => a.to_string(),
        (None, Some(r)) if r.low == r.high => r.low.to_string(),
        (None, Some(r)) => format!("{} – {}", r.low, r.high),
        (None, None) => "—".into(),
    }
}

fn kind_word(k: LineKind) -> &'static str {
    match k {
        LineKind::Tax => "tax",
        LineKind::Fee => "fee",
        LineKind::MarketEstimate => "estimate",
        LineKind::Informational => "info (not counted)",
    }
}

fn confidence_word(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "high",
        Confidence::Medium => "medium",
    }
}

/// The breakdown rows of a US or Canadian result (their lines differ only in
/// the currency suffix of the amount fields).
macro_rules! cost_lines {
    ($lines:expr, $amount:ident, $range:ident) => {
        $lines
            .iter()
            .map(|l| CostLine {
                label: l.label.clone(),
                amount: cell(l.$amount, l.$range),
                kind: kind_word(l.kind).into(),
                confidence: confidence_word(l.confidence).into(),
                paid_to: l.paid_to.clone(),
                notes: l.notes.clone(),
            })
            .collect()
    };
}

fn view(c: &Computed) -> CostsView {
    let (title, currency, lines, known, range, caveats, as_of) = match c {
        Computed::Us(r) => (
            format!(
                "{} ({}) — {} sale, USD {}",
                r.state_name, r.state, r.input.sale_type, r.input.price_usd
            ),
            "USD",
            cost_lines!(r.lines, amount_usd, range_usd),
            r.total_known_usd,
            r.estimated_total_range_usd,
            &r.caveats,
            &r.rules_as_of,
        ),
        Computed::Ca(r) => (
            format!(
                "{} ({}) — {} sale, CAD {}",
                r.province_name, r.province, r.input.sale_type, r.input.price_cad
            ),
            "CAD",
            cost_lines!(r.lines, amount_cad, range_cad),
            r.total_known_cad,
            r.estimated_total_range_cad,
            &r.caveats,
            &r.rules_as_of,
        ),
    };
    CostsView {
        title,
        currency: currency.into(),
        lines,
        total_known: known.to_string(),
        total_range: format!("{} – {}", range.low, range.high),
        caveats: caveats.clone(),
        rules_as_of: as_of.clone(),
    }
}

/// Computes the itemized purchase costs the form describes.
pub fn purchase_costs(form: &CostsForm) -> Result<CostsView, DesktopError> {
    Ok(view(&compute(form)?))
}

/// Writes the purchase-cost PDF (shop and paper from `settings`) into `dir`.
pub fn save_costs_pdf(
    shop: &Shop,
    form: &CostsForm,
    settings: &Settings,
) -> Result<SavedPdf, DesktopError> {
    let computed = compute(form)?;
    let (costs, region) = match &computed {
        Computed::Us(r) => (PurchaseCosts::from(r), r.state.as_str()),
        Computed::Ca(r) => (PurchaseCosts::from(r), r.province.as_str()),
    };
    let pdf = render_purchase_costs(
        &crate::settings::shop(settings),
        costs,
        crate::settings::paper_size(settings)?,
    );
    crate::handlers::write_pdf(
        &shop.paths()?.reports_dir,
        &format!("purchase-costs-{region}"),
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
        let v = block_on(lookup_vin(&f, "1ftfw1et5dfc10312", 1_700_000_000)).unwrap();
        assert_eq!(v.title, "2013 FORD F-150");
        assert!(v.rows.iter().any(|(l, _)| l == "Engine"), "{v:?}");
        assert_eq!(v.warnings.len(), 1, "the seed VIN fails its check digit");
        assert!(v.recalls.is_empty());
        assert!(v.recalls_note.contains("import"), "{}", v.recalls_note);

        let said = import_recalls(&f, &fixture(), 1_800_000_000).unwrap();
        assert!(said.starts_with("Imported "), "{said}");
        let v = block_on(lookup_vin(&f, "1FTFW1ET5DFC10312", 1_800_000_000)).unwrap();
        let numbers: Vec<&str> = v.recalls.iter().map(|r| r.number.as_str()).collect();
        assert_eq!(numbers.len(), 3, "{numbers:?}");
        assert!(numbers.contains(&"13V900000"), "{numbers:?}");
        assert!(v.recalls_note.contains("3 US"), "{}", v.recalls_note);
    }

    #[test]
    fn bad_vins_and_missing_data_are_readable() {
        let dir = tempfile::tempdir().unwrap();
        let f = files(dir.path());
        let e = block_on(lookup_vin(&f, "1FTFW1ET5DFC1031", 0)).unwrap_err();
        assert_eq!(e.title(), "Check the VIN", "{e}");
        let mut paths = f.paths().unwrap().clone();
        paths.vpic = dir.path().join("nope.db");
        let missing = Shop::at(paths);
        let e = block_on(lookup_vin(&missing, "1FTFW1ET5DFC10312", 0)).unwrap_err();
        assert_eq!(e.title(), "Vehicle data set missing", "{e}");
        assert!(e.to_string().contains("fetch-vpic"), "{e}");
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

    #[test]
    fn costs_are_itemized_for_both_countries() {
        let us = purchase_costs(&form("us", "CA", "25000", "private")).unwrap();
        assert_eq!(us.currency, "USD");
        assert!(us.title.starts_with("California (CA)"), "{}", us.title);
        assert!(us.lines.iter().any(|l| l.kind == "tax"), "{us:?}");
        let ca = purchase_costs(&form("ca", "ON", "25000", "private")).unwrap();
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
        let a = purchase_costs(&base).unwrap();
        let b = purchase_costs(&with).unwrap();
        assert_ne!(a.total_known, b.total_known, "{a:?} vs {b:?}");
    }

    #[test]
    fn bad_cost_input_names_the_field() {
        let e = purchase_costs(&form("us", "CA", "lots", "private")).unwrap_err();
        assert!(e.to_string().starts_with("Price"), "{e}");
        let e = purchase_costs(&form("us", "ZZ", "25000", "private")).unwrap_err();
        assert!(e.to_string().contains("ZZ"), "{e}");
        let e = purchase_costs(&form("mx", "JA", "25000", "private")).unwrap_err();
        assert!(e.to_string().starts_with("Country"), "{e}");
        let e = purchase_costs(&form("us", "CA", "25000", "")).unwrap_err();
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
        let saved =
            save_costs_pdf(&shop, &form("ca", "ON", "25000", "private"), &settings).unwrap();
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
