//! Parsers for NHTSA's flat files (`FLAT_RCL*.txt`, `FLAT_CMPL.txt`).
//!
//! Both files are headerless, tab-separated, unquoted, one record per line
//! (CRLF or LF), dates `YYYYMMDD`, and mostly Windows-1252 text: each line is
//! read as UTF-8 when it is valid UTF-8 and byte-by-byte as Windows-1252
//! otherwise, so a stray `0xE9` becomes `é` instead of an error.
//!
//! Field positions (1-based) follow NHTSA's own descriptions,
//! <https://static.nhtsa.gov/odi/ffdd/rcl/RCL.txt> and
//! <https://static.nhtsa.gov/odi/ffdd/cmpl/CMPL.txt>.
//!
//! `FLAT_RCL` (29 fields): 1 RECORD_ID, 2 CAMPNO, 3 MAKETXT, 4 MODELTXT,
//! 5 YEARTXT (9999 = unknown), 6 MFGCAMPNO, 7 COMPNAME, 8 MFGNAME, 9 BGMAN,
//! 10 ENDMAN, 11 RCLTYPECD (V vehicle, E equipment, T tire, C child seat),
//! 12 POTAFF, 13 ODATE, 14 INFLUENCED_BY, 15 MFGTXT, 16 RCDATE (report
//! received), 17 DATEA, 18 RPNO, 19 FMVSS, 20 DESC_DEFECT, 21
//! CONEQUENCE_DEFECT (NHTSA's spelling), 22 CORRECTIVE_ACTION, 23 NOTES,
//! 24 RCL_CMPT_ID, 25 MFR_COMP_NAME, 26 MFR_COMP_DESC, 27 MFR_COMP_PTNO,
//! 28 DO_NOT_DRIVE, 29 PARK_OUTSIDE. Used: 2–5, 7, 8, 11, 12, 16, 20–23; a
//! line needs at least 22 fields.
//!
//! `FLAT_CMPL` (49 fields): 1 CMPLID, 2 ODINO, 3 MFR_NAME, 4 MAKETXT,
//! 5 MODELTXT, 6 YEARTXT, 7 CRASH (Y/N), 8 FAILDATE, 9 FIRE (Y/N),
//! 10 INJURED, 11 DEATHS, 12 COMPDESC, 13 CITY, 14 STATE, 15 VIN (11
//! characters), 16 DATEA, 17 LDATE (received by NHTSA), 18 MILES,
//! 19 OCCURENCES, 20 CDESCR, 21 CMPL_TYPE, … 49 VEHICLES_TOWED_YN. Used:
//! 2–12, 17, 18, 20; a line needs at least 20 fields. One ODINO repeats
//! once per component.

use std::io::BufRead;

/// One vehicle row of `FLAT_RCL*.txt` (one campaign × vehicle × component).
#[derive(Debug, Clone, PartialEq)]
pub struct RecallRecord {
    /// CAMPNO, e.g. `13V100000`.
    pub campaign: String,
    /// MAKETXT, trimmed.
    pub make: String,
    /// MODELTXT, trimmed.
    pub model: String,
    /// YEARTXT; `None` for 9999/unknown.
    pub year: Option<u16>,
    /// COMPNAME, e.g. `ELECTRICAL SYSTEM:WIRING`.
    pub component: String,
    /// MFGNAME.
    pub manufacturer: String,
    /// POTAFF, potential units affected.
    pub units_affected: Option<u64>,
    /// RCDATE as `YYYY-MM-DD`.
    pub reported_date: Option<String>,
    /// DESC_DEFECT.
    pub summary: String,
    /// CONEQUENCE_DEFECT.
    pub consequence: String,
    /// CORRECTIVE_ACTION.
    pub remedy: String,
    /// NOTES.
    pub notes: String,
}

/// One row of `FLAT_CMPL.txt` (one complaint × component).
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintRecord {
    /// ODINO, the number NHTSA cites a complaint by.
    pub odi: u64,
    /// MFR_NAME.
    pub manufacturer: String,
    /// MAKETXT, trimmed.
    pub make: String,
    /// MODELTXT, trimmed.
    pub model: String,
    /// YEARTXT; `None` for 9999/unknown.
    pub year: Option<u16>,
    /// CRASH = Y.
    pub crash: bool,
    /// FIRE = Y.
    pub fire: bool,
    /// INJURED.
    pub injured: u32,
    /// DEATHS.
    pub deaths: u32,
    /// COMPDESC.
    pub component: String,
    /// FAILDATE as `YYYY-MM-DD`.
    pub fail_date: Option<String>,
    /// LDATE (received by NHTSA) as `YYYY-MM-DD`.
    pub filed_date: Option<String>,
    /// MILES.
    pub miles: Option<u32>,
    /// CDESCR, the owner's words.
    pub summary: String,
}

/// Why a line was not imported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skip {
    /// Fewer tab-separated fields than the format needs (a ragged or cut line).
    TooFewFields {
        /// Fields found.
        found: usize,
        /// Fields needed.
        needed: usize,
    },
    /// A required field is empty (CAMPNO, MAKETXT, MODELTXT, ODINO).
    Missing(&'static str),
    /// A number field does not parse.
    NotANumber(&'static str),
    /// A recall for equipment, tires or child seats (RCLTYPECD not `V`).
    NotAVehicle(String),
    /// A bulletin line of neither known width (14 or 10 fields).
    UnknownLayout(usize),
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::TooFewFields { found, needed } => {
                write!(f, "{found} fields, at least {needed} needed (ragged line)")
            }
            Skip::Missing(field) => write!(f, "{field} is empty"),
            Skip::NotANumber(field) => write!(f, "{field} is not a number"),
            Skip::NotAVehicle(code) => write!(f, "not a vehicle recall (RCLTYPECD={code})"),
            Skip::UnknownLayout(n) => {
                write!(f, "{n} fields: neither bulletin layout (14 or 10 fields)")
            }
        }
    }
}

/// Decodes one line: UTF-8 when valid, else Windows-1252 byte by byte.
pub fn decode_line(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| cp1252(b)).collect(),
    }
}

/// Windows-1252 → Unicode (0x80–0x9F differ from Latin-1; the five
/// undefined bytes map to their C1 control, as browsers do).
fn cp1252(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => char::from_u32(u32::from(HIGH[usize::from(b - 0x80)])).unwrap_or('\u{FFFD}'),
        _ => char::from(b),
    }
}

/// `YYYYMMDD` → `YYYY-MM-DD`; anything else → `None`.
pub fn flat_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) && &s[..4] != "0000" {
        Some(format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..]))
    } else {
        None
    }
}

fn year(s: &str) -> Option<u16> {
    match s.trim().parse::<u16>() {
        Ok(9999) | Err(_) => None,
        Ok(y) => Some(y),
    }
}

fn opt_num<T: std::str::FromStr>(s: &str, field: &'static str) -> Result<Option<T>, Skip> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    // MILES is sometimes written with a decimal point ("115000.0").
    let s = s.strip_suffix(".0").unwrap_or(s);
    s.parse().map(Some).map_err(|_| Skip::NotANumber(field))
}

fn text(s: &str) -> String {
    s.trim().to_string()
}

/// Parses one `FLAT_RCL` line (without its line ending).
pub fn parse_recall(line: &str) -> Result<RecallRecord, Skip> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() < 22 {
        return Err(Skip::TooFewFields {
            found: f.len(),
            needed: 22,
        });
    }
    let kind = f[10].trim();
    if kind != "V" {
        return Err(Skip::NotAVehicle(kind.to_string()));
    }
    let required = |i: usize, name: &'static str| -> Result<String, Skip> {
        let v = f[i].trim();
        if v.is_empty() {
            Err(Skip::Missing(name))
        } else {
            Ok(v.to_string())
        }
    };
    Ok(RecallRecord {
        campaign: required(1, "CAMPNO")?,
        make: required(2, "MAKETXT")?,
        model: required(3, "MODELTXT")?,
        year: year(f[4]),
        component: text(f[6]),
        manufacturer: text(f[7]),
        units_affected: opt_num(f[11], "POTAFF")?,
        reported_date: flat_date(f[15]),
        summary: text(f[19]),
        consequence: text(f[20]),
        remedy: text(f[21]),
        notes: f.get(22).map(|s| text(s)).unwrap_or_default(),
    })
}

/// Parses one `FLAT_CMPL` line (without its line ending).
pub fn parse_complaint(line: &str) -> Result<ComplaintRecord, Skip> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() < 20 {
        return Err(Skip::TooFewFields {
            found: f.len(),
            needed: 20,
        });
    }
    let odi = f[1].trim();
    if odi.is_empty() {
        return Err(Skip::Missing("ODINO"));
    }
    let odi: u64 = odi.parse().map_err(|_| Skip::NotANumber("ODINO"))?;
    let make = text(f[3]);
    if make.is_empty() {
        return Err(Skip::Missing("MAKETXT"));
    }
    let model = text(f[4]);
    if model.is_empty() {
        return Err(Skip::Missing("MODELTXT"));
    }
    Ok(ComplaintRecord {
        odi,
        manufacturer: text(f[2]),
        make,
        model,
        year: year(f[5]),
        crash: f[6].trim().eq_ignore_ascii_case("Y"),
        fire: f[8].trim().eq_ignore_ascii_case("Y"),
        injured: opt_num(f[9], "INJURED")?.unwrap_or(0),
        deaths: opt_num(f[10], "DEATHS")?.unwrap_or(0),
        component: text(f[11]),
        fail_date: flat_date(f[7]),
        filed_date: flat_date(f[16]),
        miles: opt_num(f[17], "MILES")?,
        summary: text(f[19]),
    })
}

/// Reads `reader` line by line (CRLF or LF, blank lines ignored), calling
/// `row` with the 1-based line number and the decoded line.
pub fn for_each_line(
    mut reader: impl BufRead,
    mut row: impl FnMut(u64, &str) -> crate::Result<()>,
) -> std::io::Result<crate::Result<()>> {
    let mut buf = Vec::with_capacity(4096);
    let mut n = 0u64;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            return Ok(Ok(()));
        }
        n += 1;
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        if buf.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        if let Err(e) = row(n, &decode_line(&buf)) {
            return Ok(Err(e));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rcl(fields: &[&str]) -> String {
        fields.join("\t")
    }

    #[test]
    fn windows_1252_bytes_decode() {
        assert_eq!(decode_line(b"CAF\xC9 \x93quoted\x94"), "CAFÉ “quoted”");
        assert_eq!(decode_line("déjà".as_bytes()), "déjà");
    }

    #[test]
    fn flat_dates() {
        assert_eq!(flat_date("20130405").as_deref(), Some("2013-04-05"));
        assert_eq!(flat_date(""), None);
        assert_eq!(flat_date("2013045"), None);
    }

    #[test]
    fn recall_line_fields_by_position() {
        let mut f = vec![""; 29];
        f[0] = "1";
        f[1] = "13V100000";
        f[2] = "FORD";
        f[3] = " F-150 ";
        f[4] = "2013";
        f[6] = "ELECTRICAL SYSTEM";
        f[7] = "Ford Motor Company";
        f[10] = "V";
        f[11] = "1200";
        f[15] = "20130320";
        f[19] = "defect";
        f[20] = "consequence";
        f[21] = "remedy";
        let r = parse_recall(&rcl(&f)).unwrap();
        assert_eq!(r.model, "F-150");
        assert_eq!(r.year, Some(2013));
        assert_eq!(r.units_affected, Some(1200));
        assert_eq!(r.reported_date.as_deref(), Some("2013-03-20"));
        assert_eq!(
            (
                r.summary.as_str(),
                r.consequence.as_str(),
                r.remedy.as_str()
            ),
            ("defect", "consequence", "remedy")
        );
        f[10] = "E";
        assert_eq!(parse_recall(&rcl(&f)), Err(Skip::NotAVehicle("E".into())));
    }

    #[test]
    fn ragged_lines_are_skipped_with_a_reason() {
        let e = parse_recall("1\t13V100000\tFORD").unwrap_err();
        assert_eq!(
            e,
            Skip::TooFewFields {
                found: 3,
                needed: 22
            }
        );
        assert!(e.to_string().contains("ragged"));
        let e = parse_complaint("1\tx\tFord\tFORD").unwrap_err();
        assert_eq!(
            e,
            Skip::TooFewFields {
                found: 4,
                needed: 20
            }
        );
    }

    #[test]
    fn complaint_miles_with_decimal_point_and_unknown_year() {
        let mut f = vec![""; 49];
        f[1] = "11566568";
        f[3] = "FORD";
        f[4] = "EXPEDITION";
        f[5] = "9999";
        f[6] = "Y";
        f[9] = "2";
        f[17] = "115000.0";
        let c = parse_complaint(&f.join("\t")).unwrap();
        assert_eq!(c.year, None);
        assert!(c.crash && !c.fire);
        assert_eq!((c.injured, c.miles), (2, Some(115_000)));
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let line = decode_line(&bytes);
            let _ = parse_recall(&line);
            let _ = parse_complaint(&line);
        }
    }
}
