//! Manufacturers' technical service bulletins: NHTSA's index of the
//! communications manufacturers send their dealers (49 U.S.C. 30166(f)),
//! published as tab-separated flat files beside the recalls
//! (`static.nhtsa.gov/odi/ffdd/tsbs/`).
//!
//! Two layouts are read, told apart by their field count:
//!
//! - the current one (`TSBS_RECEIVED_YYYY-YYYY.txt`, 14 fields): 1 NHTSA
//!   item number, 2 replacement bulletin number, 3 date added (YYYYMMDD),
//!   4 the manufacturer's bulletin id, 5 communication date (YYYYMMDD),
//!   6 manufacturer campaign id, 7 communication type, 8 make, 9 model,
//!   10 model year, 11 NHTSA components (comma-separated), 12–13 the
//!   manufacturer's system and subsystem, 14 summary;
//! - the older `FLAT_TSBS.txt` (10 fields): 1 BULNO, 2 BULREP, 3 ID,
//!   4 BULDTE, 5 COMPNAME, 6 MAKE, 7 MODEL, 8 YEAR, 9 DATEA, 10 SUMMARY.
//!
//! Both layouts are as public code reading these files describes them;
//! NHTSA's own field description was not available to this project offline
//! and no NHTSA bulletin file is in its data, so the parser is tested on
//! lines written to these layouts, not on a downloaded file. A line of any
//! other width is skipped and counted, never guessed at.

use serde::{Deserialize, Serialize};

use crate::flat::{flat_date, Skip};

/// One bulletin × vehicle row.
#[derive(Debug, Clone, PartialEq)]
pub struct BulletinRecord {
    /// NHTSA's item number (the key of the communication in its index).
    pub nhtsa_id: String,
    /// The manufacturer's bulletin number (`21-052`, `SB-10087698-3391`).
    pub bulletin_no: String,
    /// Make, trimmed.
    pub make: String,
    /// Model, trimmed.
    pub model: String,
    /// Model year; `None` for 9999/unknown.
    pub year: Option<u16>,
    /// NHTSA component(s) as the file gives them (`ENGINE AND ENGINE COOLING`).
    pub component: String,
    /// The communication's date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The summary NHTSA keeps.
    pub summary: String,
}

/// A bulletin for one vehicle, as shown and cited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Bulletin {
    /// NHTSA's item number.
    pub nhtsa_id: String,
    /// The manufacturer's bulletin number.
    pub bulletin_no: String,
    /// Component(s), as the file gives them.
    pub component: String,
    /// `YYYY-MM-DD` (empty when unknown).
    pub date: String,
    /// NHTSA's summary.
    pub summary: String,
}

fn year(s: &str) -> Option<u16> {
    match s.trim().parse::<u16>() {
        Ok(9999) | Err(_) => None,
        Ok(y) => Some(y),
    }
}

/// The fields of one layout, by position (0-based).
struct Layout {
    nhtsa_id: usize,
    bulletin_no: usize,
    date: usize,
    make: usize,
    model: usize,
    year: usize,
    component: usize,
    summary: usize,
}

const CURRENT: Layout = Layout {
    nhtsa_id: 0,
    bulletin_no: 3,
    date: 4,
    make: 7,
    model: 8,
    year: 9,
    component: 10,
    summary: 13,
};

const LEGACY: Layout = Layout {
    nhtsa_id: 2,
    bulletin_no: 0,
    date: 3,
    make: 5,
    model: 6,
    year: 7,
    component: 4,
    summary: 9,
};

/// Parses one bulletin line (without its line ending). The component field
/// is kept whole: NHTSA's component names hold commas themselves (`FUEL
/// SYSTEM, GASOLINE`), so a list of them cannot be split safely.
pub fn parse_bulletin(line: &str) -> Result<BulletinRecord, Skip> {
    let f: Vec<&str> = line.split('\t').collect();
    let layout = match f.len() {
        14 => &CURRENT,
        10 => &LEGACY,
        found => return Err(Skip::UnknownLayout(found)),
    };
    let required = |i: usize, name: &'static str| match f[i].trim() {
        "" => Err(Skip::Missing(name)),
        v => Ok(v.to_string()),
    };
    let nhtsa_id = required(layout.nhtsa_id, "NHTSA item number")?;
    let make = required(layout.make, "make")?;
    let model = required(layout.model, "model")?;
    Ok(BulletinRecord {
        nhtsa_id,
        bulletin_no: f[layout.bulletin_no].trim().to_string(),
        make,
        model,
        year: year(f[layout.year]),
        component: f[layout.component].trim().to_string(),
        date: flat_date(f[layout.date]),
        summary: f[layout.summary].trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_layout_is_read_by_its_positions() {
        let line = "10212345\t\t20230105\t21-052\t20211108\t\tService Bulletin\tTOYOTA\tCAMRY\t2012\tPOWER TRAIN, ENGINE AND ENGINE COOLING\tEngine\tControls\tSome 2012 Camry may set P0420 ...";
        let b = parse_bulletin(line).unwrap();
        assert_eq!(b.nhtsa_id, "10212345");
        assert_eq!(b.bulletin_no, "21-052");
        assert_eq!(b.date.as_deref(), Some("2021-11-08"));
        assert_eq!((b.make.as_str(), b.model.as_str()), ("TOYOTA", "CAMRY"));
        assert_eq!(b.year, Some(2012));
        assert_eq!(b.component, "POWER TRAIN, ENGINE AND ENGINE COOLING");
        assert!(b.summary.contains("P0420"));
    }

    #[test]
    fn the_older_layout_is_read_by_its_own_positions() {
        let line = "SB-0012-09\t\t10031234\t20090320\tFUEL SYSTEM, GASOLINE\tFORD\tESCAPE\t9999\t20090401\tEVAP canister vent ... P0455";
        let b = parse_bulletin(line).unwrap();
        assert_eq!(b.nhtsa_id, "10031234");
        assert_eq!(b.bulletin_no, "SB-0012-09");
        assert_eq!(b.year, None);
        assert_eq!(b.component, "FUEL SYSTEM, GASOLINE");
        assert_eq!(b.date.as_deref(), Some("2009-03-20"));
    }

    #[test]
    fn other_widths_and_missing_keys_are_skipped_not_guessed() {
        assert!(matches!(
            parse_bulletin("a\tb\tc"),
            Err(Skip::UnknownLayout(3))
        ));
        let no_make = "10212345\t\t\t21-052\t\t\t\t\tCAMRY\t2012\t\t\t\tx";
        assert!(matches!(
            parse_bulletin(no_make),
            Err(Skip::Missing("make"))
        ));
    }
}
