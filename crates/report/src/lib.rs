//! PDF reports for shopbench: the customer diagnosis report, the
//! purchase-cost breakdown, the damage estimate and the used-car inspection.
//!
//! Each `render_*` function takes the engine's result as a value and returns
//! the PDF bytes; nothing here touches the file system or the clock. The text
//! is set in DejaVu Sans (embedded and subset per document, so `°`, `–`, `€`,
//! `✓` render everywhere; licence in `assets/fonts/`), on A4 or US Letter.
//! Long content flows onto further pages: tables repeat their header row,
//! every page after the first carries a running header, and every page a
//! "Page n of N" footer.
//!
//! ```
//! use shopbench_diagnosis::{diagnose, CaseInput, DtcEntry, Knowledge};
//! use shopbench_report::{render_diagnosis, PaperSize, Shop};
//!
//! let case = CaseInput {
//!     complaint: "rough idle, check engine light on".into(),
//!     dtcs: vec![DtcEntry::stored("P0171")],
//!     ..Default::default()
//! };
//! let result = diagnose(Knowledge::embedded(), &case);
//! let shop = Shop::new("Main Street Auto", &["12 Main St", "Springfield, IL 62701"]);
//! let pdf = render_diagnosis(&shop, &case, &result, PaperSize::A4);
//! assert!(pdf.starts_with(b"%PDF-"));
//! ```
#![deny(missing_docs)]

mod bulletins;
mod costs;
mod diagnosis;
mod estimate;
mod fonts;
mod format;
mod inspection;
mod layout;
mod scan_details;
mod scans;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use bulletins::BulletinRow;
pub use costs::{render_purchase_costs, PurchaseCosts};
pub use diagnosis::{render_diagnosis, render_diagnosis_full, render_diagnosis_with_scan};
pub use estimate::{render_estimate, render_estimate_with_photos, EstimatePhoto};
pub use inspection::render_inspection;
pub use scan_details::{MonitorTestRow, ScanDetails};
pub use scans::{RepairScan, RepairScans, ScanChange, ScanModuleRow};

/// The shop whose name and address head every report (from the shop's settings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Shop {
    /// Trading name.
    pub name: String,
    /// Postal address, one line per entry.
    pub address: Vec<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Web site.
    pub website: Option<String>,
    /// Licence, registration or tax number shown under the address (e.g. a BAR number).
    pub registration: Option<String>,
    /// When the report is issued, Unix seconds (UTC): printed under the title and kept as the
    /// PDF's creation date. Set by the front-end as it renders, never read from a shop file.
    #[serde(skip)]
    pub issued_at: Option<i64>,
    /// The shop's logo, drawn left of its name (the front-end loads it from
    /// the shop's folder; never read from a shop file here).
    #[serde(skip)]
    pub logo: Option<Logo>,
    /// The language the report is written in (Settings → Language); what
    /// the engines wrote (cause names, tests, notes) stays as they wrote it.
    #[serde(skip)]
    pub lang: shopbench_i18n::Lang,
}

/// A logo as RGB8 pixels (`width × height × 3` bytes), already sized for a
/// header (the front-end scales it; see `shopbench_photos::logo_png`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Logo {
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// RGB8, row by row.
    pub rgb: Vec<u8>,
}

impl Shop {
    /// A shop with a name and address lines and no contact details.
    pub fn new(name: &str, address: &[&str]) -> Shop {
        Shop {
            name: name.to_string(),
            address: address.iter().map(|s| s.to_string()).collect(),
            ..Shop::default()
        }
    }

    /// Shop settings from JSON: `{"name": …, "address": [lines], "phone": …,
    /// "email": …, "website": …, "registration": …}`, every field optional.
    pub fn from_json(text: &str) -> Result<Shop, ReportError> {
        serde_json::from_str(text).map_err(|e| ReportError::InvalidShop(e.to_string()))
    }
}

/// The paper the report is laid out for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaperSize {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl PaperSize {
    /// Width and height in PDF points (1/72 in).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            PaperSize::A4 => (595.28, 841.89),
            PaperSize::Letter => (612.0, 792.0),
        }
    }
}

impl fmt::Display for PaperSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PaperSize::A4 => "a4",
            PaperSize::Letter => "letter",
        })
    }
}

/// What can go wrong before a report is rendered (rendering itself cannot fail).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// A paper size name that is neither `a4` nor `letter`.
    #[error("unknown paper size {0:?} — use a4 or letter")]
    UnknownPaperSize(String),
    /// Shop settings that are not the expected JSON.
    #[error("shop settings are not valid JSON ({0}) — expected {{\"name\": \"…\", \"address\": [\"line\", …], \"phone\": \"…\"}}")]
    InvalidShop(String),
}

impl FromStr for PaperSize {
    type Err = ReportError;

    /// `a4` or `letter` (also `us-letter`, `us_letter`), any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" => Ok(PaperSize::A4),
            "letter" | "us-letter" | "us_letter" | "usletter" => Ok(PaperSize::Letter),
            _ => Err(ReportError::UnknownPaperSize(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_sizes_parse() {
        assert_eq!("A4".parse::<PaperSize>(), Ok(PaperSize::A4));
        assert_eq!(" letter ".parse::<PaperSize>(), Ok(PaperSize::Letter));
        let err = "legal".parse::<PaperSize>().unwrap_err();
        assert!(err.to_string().contains("use a4 or letter"), "{err}");
    }

    #[test]
    fn shop_settings_from_json() {
        let s = Shop::from_json(r#"{"name": "Main Street Auto", "address": ["12 Main St"]}"#)
            .expect("valid");
        assert_eq!(s.name, "Main Street Auto");
        assert_eq!(s.phone, None);
        let err = Shop::from_json("{").unwrap_err();
        assert!(err.to_string().contains("expected"), "{err}");
    }
}
