//! What the assistant looks up for a question: the vehicle's recalls and
//! owner complaints in the offline cache (its VIN decoded first when make,
//! model or year is missing and the vPIC file is there), and the shop's
//! closed cases that share a code or the make. Nothing is fetched online.

use std::path::Path;

use shopbench_assistant::{
    Authority, Complaints, Gathered, Issue, Needs, PastCase, Recall, VehicleKey,
};
use shopbench_diagnosis::TestOutcome;
use shopbench_recalls::{known_issues, ImportKind, Vehicle, MIN_COMPLAINTS};
use shopbench_store::{Case, Store};

use crate::AppError;

/// How many of the shop's closed cases are looked at.
const PAST_CASES: u32 = 10;

/// Where the assistant looks things up; each is optional (a server without
/// a shop database passes `cases: None`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Sources<'a> {
    /// The offline recall and complaint cache (`nhtsa.db`); not created when missing.
    pub recalls: Option<&'a Path>,
    /// The vPIC file, to decode a VIN into model year, make and model.
    pub vpic: Option<&'a Path>,
    /// The shop's case database: its closed cases, and the case asked about.
    pub cases: Option<&'a Store>,
}

/// Looks up everything `needs` asks for; `case` is the saved case the question is about.
pub(crate) fn gather(
    needs: &Needs,
    sources: &Sources<'_>,
    case: Option<&Case>,
) -> Result<Gathered, AppError> {
    let mut g = Gathered::default();
    if let Some(store) = sources.cases {
        // The same fixes `shopbench diagnose` learns from, whatever is looked up.
        g.fixes = crate::fixes::confirmed_fixes(store, case.map(|c| c.id))?;
    }
    // The cache is opened, and the vehicle named (its VIN decoded when need
    // be), once for the complaints and the look-ups alike — and the vehicle
    // only when either will use it.
    let cache = sources
        .recalls
        .filter(|p| p.exists())
        .map(shopbench_recalls::Store::open);
    let vehicle = match cache.is_some() || needs.look_up {
        true => crate::vehicle_data::cache_key(&needs.vehicle, sources.vpic),
        false => None,
    };
    // The same owner complaints `shopbench diagnose` weighs; a cache that
    // cannot be read means none.
    if let (Some(Ok(store)), Some(v)) = (&cache, &vehicle) {
        g.owner_complaints = crate::complaints::read_counts(store, v);
    }
    if !needs.look_up {
        return Ok(g);
    }
    if let Some(store) = cache.transpose()? {
        match &vehicle {
            Some(v) => vehicle_data(&store, v, &mut g)?,
            None => g.recall_data = store.last_import(ImportKind::Recalls)?.is_some(),
        }
    }
    g.vehicle = vehicle.map(|v| VehicleKey {
        year: v.year,
        make: v.make,
        model: v.model,
    });
    if let Some(store) = sources.cases {
        let make = needs.vehicle.make.as_deref();
        g.past_cases = store
            .closed_cases(&needs.codes, make, PAST_CASES)?
            .iter()
            .filter(|c| Some(c.id) != case.map(|k| k.id))
            .map(past_case)
            .collect();
    }
    g.case = case.map(past_case);
    Ok(g)
}

/// The vehicle's recalls and complaints; a model NHTSA splits ("SILVERADO
/// 1500") is looked up under each of its names.
fn vehicle_data(
    store: &shopbench_recalls::Store,
    v: &Vehicle,
    g: &mut Gathered,
) -> Result<(), AppError> {
    g.recall_data = store.last_import(ImportKind::Recalls)?.is_some() || store.has_any(v)?;
    let keys: Vec<Vehicle> = store
        .models(v.year, &v.make)?
        .into_iter()
        .filter(|m| *m == v.model || m.starts_with(&format!("{} ", v.model)))
        .map(|m| Vehicle::new(v.year, &v.make, &m))
        .collect();
    let mut complaints = Vec::new();
    for k in &keys {
        for r in store.us_recalls(k)? {
            push_recall(
                g,
                Recall {
                    authority: Authority::Nhtsa,
                    number: r.campaign,
                    date: r.reported_date,
                    component: r.component,
                    summary: r.summary,
                    remedy: r.remedy,
                },
            );
        }
        for r in store.ca_recalls(k)?.0 {
            push_recall(
                g,
                Recall {
                    authority: Authority::TransportCanada,
                    number: r.recall_number,
                    date: r.recall_date.unwrap_or_default(),
                    component: r.system_type.unwrap_or_default(),
                    summary: r.summary.unwrap_or_default(),
                    remedy: String::new(),
                },
            );
        }
        complaints.extend(store.complaints(k)?);
    }
    let complaint_data =
        store.last_import(ImportKind::Complaints)?.is_some() || !complaints.is_empty();
    if complaint_data {
        let known = known_issues(&complaints);
        g.complaints = Some(Complaints {
            count: known.complaint_count,
            minimum: MIN_COMPLAINTS,
            issues: known
                .issues
                .unwrap_or_default()
                .into_iter()
                .map(|i| Issue {
                    title: i.title,
                    components: i.component_tags,
                    odi_numbers: i.odi_numbers,
                })
                .collect(),
        });
    }
    Ok(())
}

/// Adds a campaign once (a model NHTSA splits lists it under each name).
fn push_recall(g: &mut Gathered, r: Recall) {
    if !g
        .recalls
        .iter()
        .any(|x| x.authority == r.authority && x.number == r.number)
    {
        g.recalls.push(r);
    }
}

fn past_case(c: &Case) -> PastCase {
    let mut codes: Vec<String> = c.dtcs.iter().map(|d| d.code.to_string()).collect();
    codes.dedup();
    PastCase {
        id: c.id.0,
        vehicle: c.vehicle.clone(),
        codes,
        complaint: c.complaint.clone(),
        failed_tests: c
            .test_results
            .iter()
            .filter(|t| t.outcome == TestOutcome::Fail)
            .map(|t| t.step_id.clone())
            .collect(),
    }
}
