//! A VIN's vehicle data, one path for every front-end: the VIN decoded
//! offline with NHTSA's vPIC data, then the recalls, the reliability snapshot
//! or the known issues of the make, model and year it decodes to, from the
//! recalls/complaints cache (refreshed online only when the caller allows the
//! network). `shopbench vin …` and the API's `/v1/decode`, `/v1/recalls`,
//! `/v1/reliability`, `/v1/known-issues` and `/v1/sample/*` all call these.
//!
//! Every cited ODI number of a known issue is checked against the complaints
//! it was grouped from (`shopbench_recalls::known_issues`), whichever
//! front-end asks.

use std::path::{Path, PathBuf};

use shopbench_core::{VehicleId, Vin};
use shopbench_recalls::{
    Error as RecallsError, KnownIssuesReport, Lookup, Network, RecallsReport, ReliabilityReport,
    Store, Vehicle,
};
use shopbench_vindecode::{Decoded, Decoder};

use crate::AppError;

/// `vin` decoded offline with the vPIC file at `vpic` (a decode may lack
/// make, model or year; [`recalls_vehicle`] insists on them).
pub fn decode_vin(vpic: &Path, vin: &Vin) -> Result<Decoded, AppError> {
    let decoder = Decoder::open_for(vpic, std::slice::from_ref(vin))?;
    Ok(decoder.decode(vin)?)
}

/// The case's vehicle as the customer's report names it: what the case holds,
/// with the make, model and year it lacks decoded offline from its VIN (the
/// case is not changed). No VIN, no vPIC file, or a decode without them leaves
/// the case's own words.
pub fn vehicle_for_report(vehicle: &VehicleId, vpic: &Path) -> VehicleId {
    let mut out = vehicle.clone();
    let complete = out.make.is_some() && out.model.is_some() && out.year.is_some();
    let Some(vin) = vehicle.vin.as_ref().filter(|_| !complete) else {
        return out;
    };
    if let Some(d) = decoded_identity(vpic, vin) {
        out.make = out.make.or(d.make);
        out.model = out.model.or(d.model);
        out.year = out.year.or(d.year);
    }
    out
}

/// The make, model and year `vin` decodes to through `vpic`, remembered
/// for the life of the process: one report decodes the same VIN for its
/// diagnosis (owner complaints), its bulletins and its header, and a
/// decode reads the 75 MB vPIC file (0.7 s in a debug build). The file's
/// length and modification time are part of the key, so a refreshed file
/// is read again; at most 256 VINs are kept. `None` when the decode fails.
fn decoded_identity(vpic: &Path, vin: &Vin) -> Option<VehicleId> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Key = (PathBuf, Option<(u64, std::time::SystemTime)>, Vin);
    static MEMO: OnceLock<Mutex<HashMap<Key, Option<VehicleId>>>> = OnceLock::new();
    let stamp = std::fs::metadata(vpic)
        .ok()
        .and_then(|m| Some((m.len(), m.modified().ok()?)));
    let key = (vpic.to_path_buf(), stamp, vin.clone());
    let memo = MEMO.get_or_init(Mutex::default);
    if let Some(known) = memo.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return known;
    }
    #[cfg(test)]
    if let Ok(mut reads) = tests::VPIC_READS.lock() {
        reads.push(vin.clone());
    }
    let found = decode_vin(vpic, vin).ok().map(|d| VehicleId {
        make: d.vehicle.make,
        model: d.vehicle.model,
        year: d.vehicle.year,
        ..VehicleId::default()
    });
    if let Ok(mut m) = memo.lock() {
        if m.len() >= 256 {
            m.clear();
        }
        m.insert(key, found.clone());
    }
    found
}

/// The make, model and year a case's vehicle is indexed by in the recalls,
/// complaints and bulletins cache: as the case gives them, else decoded
/// from its VIN through `vpic` ([`vehicle_for_report`]); `None` when any of
/// them stays unknown.
pub(crate) fn cache_key(vehicle: &VehicleId, vpic: Option<&Path>) -> Option<Vehicle> {
    let v = match vpic {
        Some(vpic) => vehicle_for_report(vehicle, vpic),
        None => vehicle.clone(),
    };
    Some(Vehicle::new(
        v.year?,
        v.make.as_deref()?,
        v.model.as_deref()?,
    ))
}

/// The make, model and year that recalls and complaints are indexed by;
/// [`AppError::Unresolved`] when the decode lacks any of them.
pub fn recalls_vehicle(d: &Decoded) -> Result<Vehicle, AppError> {
    let v = &d.vehicle;
    match (v.year, v.make.as_deref(), v.model.as_deref()) {
        (Some(year), Some(make), Some(model)) => Ok(Vehicle::new(year, make, model)),
        _ => {
            let missing: Vec<&str> = [
                ("model year", v.year.is_none()),
                ("make", v.make.is_none()),
                ("model", v.model.is_none()),
            ]
            .into_iter()
            .filter_map(|(name, gone)| gone.then_some(name))
            .collect();
            Err(AppError::Unresolved {
                vin: d.vin.clone(),
                missing: missing.join(", "),
            })
        }
    }
}

/// Where a VIN's vehicle data come from, and the time the caches are judged by.
#[derive(Debug, Clone)]
pub struct VehicleDataSource {
    /// The vPIC file (`ShopPaths::vpic`).
    pub vpic: PathBuf,
    /// The recalls/complaints cache (`ShopPaths::recalls`).
    pub recalls: PathBuf,
    /// Whether a source whose cache window has run out may be refetched.
    pub network: Network,
    /// Unix seconds.
    pub now: i64,
}

impl VehicleDataSource {
    /// US (NHTSA) and Canadian (Transport Canada) recalls of the vehicle `vin` decodes to.
    pub async fn recalls(&self, vin: &Vin) -> Result<RecallsReport, AppError> {
        self.ask(vin, async |lookup, v| lookup.recalls(v).await)
            .await
    }

    /// Complaint totals, top components, severity sums and recall counts.
    pub async fn reliability(&self, vin: &Vin) -> Result<ReliabilityReport, AppError> {
        self.ask(vin, async |lookup, v| lookup.reliability(v).await)
            .await
    }

    /// Complaints grouped into named failure modes, each citing ODI numbers
    /// that are in the complaint data.
    pub async fn known_issues(&self, vin: &Vin) -> Result<KnownIssuesReport, AppError> {
        self.ask(vin, async |lookup, v| lookup.known_issues(v).await)
            .await
    }

    /// Decodes `vin`, opens the cache and asks it one question about the vehicle.
    async fn ask<T>(
        &self,
        vin: &Vin,
        question: impl AsyncFnOnce(&mut Lookup<'_>, &Vehicle) -> Result<T, RecallsError>,
    ) -> Result<T, AppError> {
        let vehicle = recalls_vehicle(&decode_vin(&self.vpic, vin)?)?;
        let mut store = self.open_store(&vehicle)?;
        let mut lookup = Lookup::new(&mut store, self.network.clone(), self.now);
        Ok(question(&mut lookup, &vehicle).await?)
    }

    /// The cache; offline, a missing file is "no data" (never created empty).
    fn open_store(&self, v: &Vehicle) -> Result<Store, AppError> {
        if matches!(self.network, Network::Offline) && !self.recalls.is_file() {
            return Err(RecallsError::NoData {
                vehicle: v.to_string(),
                reason: format!(
                    "offline, and there is no recalls cache at {}",
                    self.recalls.display()
                ),
            }
            .into());
        }
        Ok(Store::open(&self.recalls)?)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const F150: &str = "1FTFW1ET5DFC10312";

    fn vpic() -> PathBuf {
        crate::ShopPaths::from_env()
            .expect("HOME or SHOPBENCH_VPIC_DB is set")
            .vpic
    }

    /// Issue 19 (in part): a case with only a VIN is named on the report by its decode;
    /// the case's own words win, and no vPIC file leaves them as they are.
    #[test]
    fn the_report_names_the_vehicle_from_its_vin_where_the_case_does_not() {
        let only_vin = VehicleId {
            vin: Some(F150.parse().unwrap()),
            ..VehicleId::default()
        };
        let named = vehicle_for_report(&only_vin, &vpic());
        assert_eq!(
            (named.make.as_deref(), named.model.as_deref(), named.year),
            (Some("FORD"), Some("F-150"), Some(2013))
        );
        let mut typed = only_vin.clone();
        typed.model = Some("F150 XLT".into());
        assert_eq!(
            vehicle_for_report(&typed, &vpic()).model.as_deref(),
            Some("F150 XLT")
        );
        let missing = vehicle_for_report(&only_vin, Path::new("/nonexistent/vpic.db"));
        assert_eq!(missing, only_vin);
    }

    /// The VINs [`decoded_identity`] read the vPIC file for, in order.
    pub(super) static VPIC_READS: std::sync::Mutex<Vec<Vin>> = std::sync::Mutex::new(Vec::new());

    /// Review finding (issue 19): saving one report decoded its VIN three
    /// times — for the owner complaints, the bulletins and the header —
    /// 0.7 s each in a debug build, and the desktop E2E's French report once
    /// waited over 30 s under load. Now a VIN is read once per vPIC file.
    #[test]
    fn regression_a_report_decoded_its_vin_three_times() {
        let vin: Vin = "1HGCM82633A004352".parse().unwrap();
        let only_vin = VehicleId {
            vin: Some(vin.clone()),
            ..VehicleId::default()
        };
        let reads = || {
            VPIC_READS
                .lock()
                .unwrap()
                .iter()
                .filter(|v| **v == vin)
                .count()
        };
        let named: Vec<_> = (0..3)
            .map(|_| vehicle_for_report(&only_vin, &vpic()))
            .collect();
        assert_eq!(reads(), 1, "one read of the vPIC file for three look-ups");
        assert!(named.iter().all(|n| n == &named[0]));
        assert_eq!(named[0].make.as_deref(), Some("HONDA"));
        assert_eq!(
            cache_key(&only_vin, Some(&vpic())).map(|v| v.year),
            Some(2003)
        );
        assert_eq!(reads(), 1);
    }

    fn offline(recalls: PathBuf) -> VehicleDataSource {
        VehicleDataSource {
            vpic: vpic(),
            recalls,
            network: Network::Offline,
            now: 1_783_166_400,
        }
    }

    /// Runs an offline lookup to its end.
    pub(crate) fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
        // The offline lookups never wait on I/O: one poll finishes them.
        let mut f = std::pin::pin!(f);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match f.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(t) => t,
            std::task::Poll::Pending => panic!("an offline lookup waited"),
        }
    }

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../recalls/tests/fixtures")
            .join(name)
    }

    fn imported(dir: &Path) -> PathBuf {
        let path = dir.join("nhtsa.db");
        let mut store = Store::open(&path).unwrap();
        for (kind, file) in [
            (
                shopbench_recalls::ImportKind::Recalls,
                "FLAT_RCL_sample.txt",
            ),
            (
                shopbench_recalls::ImportKind::Complaints,
                "FLAT_CMPL_sample.txt",
            ),
        ] {
            store.import_file(kind, &fixture(file), 0).unwrap();
        }
        path
    }

    #[test]
    fn the_seed_vin_resolves_to_the_recalls_key() {
        let d = decode_vin(&vpic(), &F150.parse().unwrap())
            .unwrap_or_else(|e| panic!("{e}\n(run scripts/fetch-vpic)"));
        assert_eq!(
            recalls_vehicle(&d).unwrap(),
            Vehicle::new(2013, "FORD", "F-150")
        );
    }

    #[test]
    fn a_decode_without_a_year_is_unresolved_naming_what_is_missing() {
        let mut d = decode_vin(&vpic(), &F150.parse().unwrap()).unwrap();
        d.vehicle.year = None;
        d.vehicle.model = None;
        let e = recalls_vehicle(&d).unwrap_err();
        assert!(
            matches!(&e, AppError::Unresolved { missing, .. } if missing == "model year, model"),
            "{e}"
        );
    }

    #[test]
    fn offline_without_a_cache_is_no_data_and_creates_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let src = offline(dir.path().join("nhtsa.db"));
        let e = block_on(src.reliability(&F150.parse().unwrap())).unwrap_err();
        assert!(
            matches!(e, AppError::Recalls(RecallsError::NoData { .. })),
            "{e}"
        );
        assert!(e.to_string().contains("shopbench data import"), "{e}");
        assert!(!dir.path().join("nhtsa.db").exists());
    }

    #[test]
    fn the_three_answers_come_from_the_imported_files() {
        let dir = tempfile::tempdir().unwrap();
        let src = offline(imported(dir.path()));
        let vin: Vin = F150.parse().unwrap();
        let r = block_on(src.recalls(&vin)).unwrap();
        assert_eq!((r.counts.us, r.counts.canada), (Some(3), None)); // Transport Canada: no data
        let rel = block_on(src.reliability(&vin)).unwrap();
        assert_eq!(rel.complaints.total, Some(20));
        let k = block_on(src.known_issues(&vin)).unwrap();
        assert_eq!(k.issues.status, "ok");
        assert_eq!(k.synthesized_at.as_deref(), Some("2026-07-04T12:00:00Z"));
        assert_eq!(k.vehicle, Vehicle::new(2013, "FORD", "F-150"));
        assert_eq!(k.provenance.source, "nhtsa-complaints");
    }
}
