//! The manufacturers' bulletins that bear on a diagnosis: those NHTSA
//! indexes for the vehicle (`shopbench data import nhtsa-tsbs`) whose summary
//! names one of the case's codes, or whose component is the system of one of
//! the likely causes. Offline, from the cache only.

use std::path::Path;

use serde::{Deserialize, Serialize};
use shopbench_diagnosis::{component_in_system, CaseInput, Diagnosis};
use shopbench_recalls::{Bulletin, Store, Vehicle};

use crate::AppError;

/// How many of the likely causes' systems count.
const TOP_CAUSES: usize = 3;
/// At most this many bulletins are shown.
const MAX_SHOWN: usize = 5;

/// A bulletin and why it bears on this case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchedBulletin {
    /// The bulletin.
    pub bulletin: Bulletin,
    /// `mentions P0420`, or `component POWER TRAIN (transmission)`.
    pub why: String,
}

/// What the bulletin cache says about a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Bulletins {
    /// No bulletin cache, or the vehicle's year, make and model are not
    /// known: nothing could be looked up (never "none").
    NotLookedUp(String),
    /// Looked up: the vehicle and the bulletins that bear on the case
    /// (possibly none), codes first.
    Found {
        /// The vehicle as NHTSA indexes it.
        vehicle: String,
        /// How many bulletins the vehicle has in the cache.
        for_vehicle: usize,
        /// Those that bear on the case.
        matched: Vec<MatchedBulletin>,
    },
}

fn mentions(summary: &str, code: &str) -> bool {
    summary
        .to_uppercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w == code)
}

/// The bulletins of `all` that name one of `codes` in their summary, then
/// those whose component is the system of one of the top causes; at most
/// five, each once.
pub fn matching_bulletins(
    all: &[Bulletin],
    codes: &[String],
    d: &Diagnosis,
) -> Vec<MatchedBulletin> {
    let mut out: Vec<MatchedBulletin> = Vec::new();
    let mut add = |b: &Bulletin, why: String| {
        if !out.iter().any(|m| m.bulletin.nhtsa_id == b.nhtsa_id) {
            out.push(MatchedBulletin {
                bulletin: b.clone(),
                why,
            });
        }
    };
    for b in all {
        if let Some(code) = codes.iter().find(|c| mentions(&b.summary, c)) {
            add(b, format!("mentions {code}"));
        }
    }
    for cause in d.causes.iter().take(TOP_CAUSES) {
        for b in all {
            if component_in_system(&b.component, &cause.system) {
                add(b, format!("component {} ({})", b.component, cause.name));
            }
        }
    }
    out.truncate(MAX_SHOWN);
    out
}

impl MatchedBulletin {
    /// "21-052 · NHTSA 10212345 · 2021-11-08".
    pub fn reference(&self) -> String {
        let b = &self.bulletin;
        reference(&b.bulletin_no, &b.nhtsa_id, &b.date)
    }
}

/// A bulletin as cited: its number, NHTSA's id and its date, those it has.
fn reference(bulletin_no: &str, nhtsa_id: &str, date: &str) -> String {
    let mut parts = Vec::new();
    if !bulletin_no.is_empty() {
        parts.push(bulletin_no.to_string());
    }
    parts.push(format!("NHTSA {nhtsa_id}"));
    if !date.is_empty() {
        parts.push(date.to_string());
    }
    parts.join(" · ")
}

/// The bulletins as a terminal prints them, from the document the API
/// answers (so `shopbench diagnose` and `shopbench --remote … diagnose` print
/// them alike): the heading, then each bulletin's reference, why, summary.
pub fn text(doc: &shopbench_wire::DiagnosisBulletins) -> String {
    use std::fmt::Write as _;
    let mut s = format!("\n{}\n", doc.note);
    for m in &doc.matched {
        let cited = reference(&m.bulletin_no, &m.nhtsa_id, &m.date);
        let _ = writeln!(s, "  {cited} — {}", m.why);
        let _ = writeln!(s, "      {}", m.summary);
    }
    s
}

impl Bulletins {
    /// The line a list of bulletins goes under, or why there is none: the
    /// same words on every front-end.
    pub fn heading(&self) -> String {
        match self {
            Bulletins::NotLookedUp(why) => {
                format!("Manufacturer bulletins: not looked up — {why}")
            }
            Bulletins::Found {
                vehicle,
                for_vehicle,
                matched,
            } if matched.is_empty() => format!(
                "Manufacturer bulletins: none of the {for_vehicle} for {vehicle} in the cache \
                 name these codes or the likely causes' systems"
            ),
            Bulletins::Found {
                vehicle,
                for_vehicle,
                ..
            } => format!(
                "Manufacturer bulletins (NHTSA index; {for_vehicle} for {vehicle} in the cache)"
            ),
        }
    }

    /// The bulletins that bear on the case (none when not looked up).
    pub fn matched(&self) -> &[MatchedBulletin] {
        match self {
            Bulletins::Found { matched, .. } => matched,
            Bulletins::NotLookedUp(_) => &[],
        }
    }

    /// The API's document of these bulletins (`GET /v1/diagnoses/{id}`'s
    /// `bulletins`), with the same heading as its `note`.
    pub fn to_wire(&self) -> shopbench_wire::DiagnosisBulletins {
        let (looked_up, vehicle, for_vehicle) = match self {
            Bulletins::NotLookedUp(_) => (false, None, None),
            Bulletins::Found {
                vehicle,
                for_vehicle,
                ..
            } => (true, Some(vehicle.clone()), Some(*for_vehicle)),
        };
        shopbench_wire::DiagnosisBulletins {
            looked_up,
            note: self.heading(),
            vehicle,
            for_vehicle,
            matched: self
                .matched()
                .iter()
                .map(|m| shopbench_wire::BulletinMatch {
                    nhtsa_id: m.bulletin.nhtsa_id.clone(),
                    bulletin_no: m.bulletin.bulletin_no.clone(),
                    component: m.bulletin.component.clone(),
                    date: m.bulletin.date.clone(),
                    summary: m.bulletin.summary.clone(),
                    why: m.why.clone(),
                })
                .collect(),
        }
    }

    /// The rows the diagnosis report lists (none when nothing was found).
    pub fn report_rows(&self) -> Vec<shopbench_report::BulletinRow> {
        let Bulletins::Found { matched, .. } = self else {
            return Vec::new();
        };
        matched
            .iter()
            .map(|m| shopbench_report::BulletinRow {
                reference: m.reference(),
                why: m.why.clone(),
                summary: m.bulletin.summary.clone(),
            })
            .collect()
    }
}

/// The bulletins bearing on `d`, a diagnosis of `input`, among those `cache`
/// holds for `vehicle`; a cache that cannot be read is said (`NotLookedUp`),
/// so the diagnosis and its report go on without it.
pub(crate) fn found(
    cache: &Store,
    vehicle: &Vehicle,
    input: &CaseInput,
    d: &Diagnosis,
) -> Bulletins {
    let codes: Vec<String> = input
        .dtcs
        .iter()
        .map(|e| e.code.trim().to_uppercase())
        .collect();
    match cache.bulletins(vehicle) {
        Ok(all) => Bulletins::Found {
            vehicle: vehicle.to_string(),
            for_vehicle: all.len(),
            matched: matching_bulletins(&all, &codes, d),
        },
        Err(e) => Bulletins::NotLookedUp(format!("the bulletin cache could not be read: {e}")),
    }
}

/// One chunk of NHTSA's bulletin index fetched by [`refresh_bulletins`].
#[derive(Debug)]
pub struct Refreshed {
    /// The period (`2025-2026`).
    pub period: String,
    /// Where it came from.
    pub url: String,
    /// Bytes downloaded and rows imported, or why not (the cache unchanged).
    pub outcome: Result<(u64, shopbench_recalls::ImportReport), AppError>,
}

/// Fetches the bulletin index online — each period's zip from `root`
/// (NHTSA's flat-file root, see [`shopbench_recalls::TSB_PERIODS`]) — and
/// imports it into the cache at `cache`. Each period is its own download
/// and transaction: one that fails leaves the cache as it was and the
/// others still count. The import is blocking SQLite work (minutes for a
/// full chunk): an async server would call this on a blocking thread.
pub async fn refresh_bulletins(
    cache: &Path,
    root: &str,
    periods: &[String],
    now: i64,
) -> Vec<Refreshed> {
    let mut out = Vec::new();
    for period in periods {
        let url = shopbench_recalls::tsb_file_url(root, period);
        let shown = url.as_ref().map_or_else(|_| root.to_string(), Clone::clone);
        let outcome = match url {
            Ok(url) => fetch_and_import(cache, &url, now).await,
            Err(e) => Err(e.into()),
        };
        out.push(Refreshed {
            period: period.clone(),
            url: shown,
            outcome,
        });
    }
    out
}

async fn fetch_and_import(
    cache: &Path,
    url: &str,
    now: i64,
) -> Result<(u64, shopbench_recalls::ImportReport), AppError> {
    crate::paths::ensure_parent(cache)?;
    let part = cache.with_extension("tsbs-download.zip");
    let result = async {
        let bytes = shopbench_recalls::download(url, &part).await?;
        let report = Store::open(cache)?.import_bulletins_zip(&part, url, now)?;
        Ok((bytes, report))
    }
    .await;
    let _ = std::fs::remove_file(&part);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopbench_diagnosis::{diagnose, CaseInput, DtcEntry, Knowledge};

    fn bulletin(id: &str, component: &str, summary: &str) -> Bulletin {
        Bulletin {
            nhtsa_id: id.into(),
            bulletin_no: format!("SB-{id}"),
            component: component.into(),
            date: "2021-11-08".into(),
            summary: summary.into(),
        }
    }

    #[test]
    fn a_bulletin_naming_the_code_comes_first_then_the_likely_systems() {
        let case = CaseInput {
            dtcs: vec![DtcEntry::stored("P0442")],
            ..Default::default()
        };
        let d = diagnose(Knowledge::embedded(), &case);
        let all = [
            bulletin("1", "SERVICE BRAKES, HYDRAULIC", "pedal feel"),
            bulletin("2", "FUEL SYSTEM, GASOLINE", "EVAP canister vent sticks"),
            bulletin(
                "3",
                "ELECTRICAL SYSTEM",
                "MIL on with P0442 or P0455; replace the cap",
            ),
            bulletin("4", "ENGINE", "mentions P04420 only as a part number"),
        ];
        let m = matching_bulletins(&all, &["P0442".into()], &d);
        let got: Vec<(&str, &str)> = m
            .iter()
            .map(|m| (m.bulletin.nhtsa_id.as_str(), m.why.as_str()))
            .collect();
        assert_eq!(got[0], ("3", "mentions P0442"));
        assert_eq!(got[1].0, "2");
        assert!(
            got[1].1.starts_with("component FUEL SYSTEM, GASOLINE ("),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|(id, _)| *id == "1" || *id == "4"),
            "{got:?}"
        );
    }

    #[test]
    fn without_a_cache_or_a_vehicle_nothing_is_claimed() {
        let dir = tempfile::tempdir().unwrap();
        let none = dir.path().join("none.db");
        let lookups = crate::Lookups {
            recalls: Some(none.clone()),
            vpic: Some(none),
        };
        let known = CaseInput {
            vehicle: crate::parse_vehicle("Honda Civic 2014").unwrap(),
            ..Default::default()
        };
        let r = lookups.diagnose(&known, &[]).bulletins;
        assert!(matches!(r, Bulletins::NotLookedUp(why) if why.contains("no bulletin cache")));
        let r = lookups.diagnose(&CaseInput::default(), &[]).bulletins;
        assert!(matches!(r, Bulletins::NotLookedUp(why) if why.contains("no bulletin cache")));
        let cache = dir.path().join("nhtsa.db");
        shopbench_recalls::Store::open(&cache).unwrap();
        let with_cache = crate::Lookups {
            recalls: Some(cache),
            vpic: None,
        };
        let r = with_cache.diagnose(&CaseInput::default(), &[]).bulletins;
        assert!(matches!(r, Bulletins::NotLookedUp(why) if why.contains("not known")));
        let r = crate::Lookups::none().diagnose(&known, &[]).bulletins;
        assert!(matches!(r, Bulletins::NotLookedUp(why) if why.contains("data folder")));
    }

    #[test]
    fn bulletins_imported_from_the_flat_file_are_found_for_the_case() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("nhtsa.db");
        let line = "10212345\t\t20230105\t21-052\t20211108\t\tService Bulletin\tHONDA\tCIVIC\t2014\tFUEL SYSTEM, GASOLINE\tFuel\tEVAP\tMIL with P0442: inspect the EVAP canister hose";
        let mut store = Store::open(&cache).unwrap();
        let r = store
            .import_bulletins(std::io::Cursor::new(line), "test", 0)
            .unwrap();
        assert_eq!(r.imported, 1);
        let case = CaseInput {
            dtcs: vec![DtcEntry::stored("P0442")],
            vehicle: crate::parse_vehicle("Honda Civic 2014").unwrap(),
            ..Default::default()
        };
        let lookups = crate::Lookups {
            recalls: Some(cache),
            vpic: Some(dir.path().join("no-vpic.db")),
        };
        let found = lookups.diagnose(&case, &[]).bulletins;
        let Bulletins::Found {
            vehicle,
            for_vehicle,
            matched,
        } = found
        else {
            panic!("{found:?}")
        };
        assert_eq!((vehicle.as_str(), for_vehicle), ("2014 HONDA CIVIC", 1));
        assert_eq!(matched[0].bulletin.bulletin_no, "21-052");
        assert_eq!(matched[0].why, "mentions P0442");
    }
}
