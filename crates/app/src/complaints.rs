//! NHTSA owner complaints about the case's vehicle, read from the shop's
//! recalls/complaints cache for the diagnosis to weigh (see
//! `shopbench_diagnosis`'s `complaints` module for the rule). Offline, from
//! the cache only; a vehicle it cannot name, a missing cache or one that
//! cannot be read means no complaint evidence, never a failed diagnosis.

use std::path::PathBuf;

use shopbench_diagnosis::{
    diagnose_in, CaseInput, ComponentComplaints, ConfirmedFix, Context, Diagnosis, Knowledge,
    OwnerComplaints,
};
use shopbench_recalls::{Store, Vehicle};
use shopbench_store::VehicleId;

use crate::bulletins::Bulletins;
use crate::ShopPaths;

/// Where a diagnosis looks beyond the shop's case database: the recalls and
/// complaints cache, and the vPIC file that names a vehicle from its VIN.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lookups {
    /// The recalls/complaints cache (`None`: not looked at).
    pub recalls: Option<PathBuf>,
    /// The vPIC file.
    pub vpic: Option<PathBuf>,
}

impl Lookups {
    /// Nothing beyond the case database (tests, or a shop without a data folder).
    pub fn none() -> Lookups {
        Lookups::default()
    }

    /// The shop's own cache and vPIC file.
    pub fn of(paths: &ShopPaths) -> Lookups {
        Lookups {
            recalls: Some(paths.recalls.clone()),
            vpic: Some(paths.vpic.clone()),
        }
    }

    /// The owner complaints about `vehicle` in the cache (make, model and
    /// year from the case, else from its VIN); `None` when any of them is
    /// unknown, there is no cache, or it cannot be read.
    pub fn owner_complaints(&self, vehicle: &VehicleId) -> Option<OwnerComplaints> {
        let (key, cache) = self.open(vehicle).ok()?;
        read_counts(&cache, &key)
    }

    /// The engine's answer for `input` with what the shop knows beyond it —
    /// its confirmed `fixes` of other cars and the owner complaints about the
    /// vehicle — and the manufacturers' bulletins that bear on that answer:
    /// the one way every front-end (and the assistant) diagnoses. The cache
    /// is opened, and the vehicle named, once for both.
    pub fn diagnose(&self, input: &CaseInput, fixes: &[ConfirmedFix]) -> Looked {
        let opened = self.open(&input.vehicle);
        let complaints = opened.as_ref().ok().and_then(|(k, c)| read_counts(c, k));
        let context = Context {
            fixes,
            complaints: complaints.as_ref(),
        };
        let diagnosis = diagnose_in(Knowledge::embedded(), input, context);
        let bulletins = found_in(opened, input, &diagnosis);
        Looked {
            diagnosis,
            bulletins,
        }
    }

    /// The bulletins that bear on `d`, a diagnosis of `input` made elsewhere
    /// (a remote server's); see [`Lookups::diagnose`].
    pub fn bulletins(&self, input: &CaseInput, d: &Diagnosis) -> Bulletins {
        found_in(self.open(&input.vehicle), input, d)
    }

    /// The vehicle as the cache files it and the opened cache, or why there
    /// is nothing to read (said as it is: never "none"). The cache is looked
    /// for first: without one, naming the vehicle (a vPIC decode) is wasted.
    fn open(&self, vehicle: &VehicleId) -> Result<(Vehicle, Store), String> {
        let cache = self
            .recalls
            .as_deref()
            .ok_or("the shop's data folder is not known")?;
        if !cache.is_file() {
            return Err(format!(
                "no bulletin cache at {} (shopbench data import nhtsa-tsbs FILE)",
                cache.display()
            ));
        }
        let key = crate::vehicle_data::cache_key(vehicle, self.vpic.as_deref())
            .ok_or("the vehicle's year, make and model are not known")?;
        let store =
            Store::open(cache).map_err(|e| format!("the bulletin cache could not be read: {e}"))?;
        Ok((key, store))
    }
}

/// A diagnosis and the bulletins that bear on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Looked {
    /// The ranked causes, plan and confidence.
    pub diagnosis: Diagnosis,
    /// What the bulletin cache says about it.
    pub bulletins: Bulletins,
}

fn found_in(
    opened: Result<(Vehicle, Store), String>,
    input: &CaseInput,
    d: &Diagnosis,
) -> Bulletins {
    match opened {
        Ok((key, cache)) => crate::bulletins::found(&cache, &key, input, d),
        Err(why) => Bulletins::NotLookedUp(why),
    }
}

/// The owner complaints about `v` in the opened cache, per component beside
/// the whole cache's; `None` when they cannot be read.
pub(crate) fn read_counts(cache: &Store, v: &Vehicle) -> Option<OwnerComplaints> {
    let counts = cache.complaint_counts(v).ok()?;
    Some(OwnerComplaints {
        vehicle: counts.vehicle,
        total: counts.total,
        baseline_total: counts.baseline_total,
        components: counts
            .components
            .into_iter()
            .map(|(component, vehicle, baseline)| ComponentComplaints {
                component,
                vehicle,
                baseline,
            })
            .collect(),
    })
}
