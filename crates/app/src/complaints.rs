//! NHTSA owner complaints about the case's vehicle, read from the shop's
//! recalls/complaints cache for the diagnosis to weigh (see
//! `shopbench_diagnosis`'s `complaints` module for the rule). Offline, from
//! the cache only; a vehicle it cannot name, a missing cache or one that
//! cannot be read means no complaint evidence, never a failed diagnosis.

use std::path::{Path, PathBuf};

use shopbench_diagnosis::{
    diagnose_in, CaseInput, ComponentComplaints, ConfirmedFix, Context, Diagnosis, Knowledge,
    OwnerComplaints,
};
use shopbench_recalls::{Store, Vehicle};
use shopbench_store::VehicleId;

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
        let cache = self.recalls.as_deref().filter(|p| p.is_file())?;
        let key = crate::vehicle_data::cache_key(vehicle, self.vpic.as_deref())?;
        read_counts(cache, &key)
    }

    /// The engine's answer for `input` with what the shop knows beyond it:
    /// its confirmed `fixes` of other cars and the owner complaints about
    /// the vehicle from these lookups — the one way every front-end (and the
    /// assistant) diagnoses.
    pub fn diagnose(&self, input: &CaseInput, fixes: &[ConfirmedFix]) -> Diagnosis {
        let complaints = self.owner_complaints(&input.vehicle);
        let context = Context {
            fixes,
            complaints: complaints.as_ref(),
        };
        diagnose_in(Knowledge::embedded(), input, context)
    }
}

fn read_counts(cache: &Path, v: &Vehicle) -> Option<OwnerComplaints> {
    let counts = Store::open(cache).ok()?.complaint_counts(v).ok()?;
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
