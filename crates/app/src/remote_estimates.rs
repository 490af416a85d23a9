//! Estimates priced by a shopbench `/v1` server — the desktop's remote mode.
//!
//! The partner API (seed 001) prices an estimate in one charged call from the vehicle,
//! the state, the part preference and the marked areas with their photos. It has no field
//! for the estimator's line edits, hail dent counts, the paint finish, the equipment known
//! from a VIN or the repair scans: the estimate stays the shop's own record, edited and
//! re-priced locally for free, and "price on the server" is one explicit, charged request
//! whose whole answer is kept beside it. Reopened, the estimate shows that answer and says
//! whether the damage changed since and what the server did not see.

use serde::Deserialize;
use serde_json::Value;
use shopbench_estimate::{DamageArea, PartType, Vehicle};
use shopbench_store::{NewRemotePricing, RemotePricing, Store, StoredEstimate};
use shopbench_wire::{Billed, EstimateArea as WireArea, EstimateCreated, EstimateInput};

use crate::AppError;

/// What is sent for one pricing.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteRequest {
    /// The request's fields (the photos go beside them, in the estimate's order).
    pub input: EstimateInput,
    /// Every photo of the estimate, as it was added.
    pub photos: Vec<Vec<u8>>,
    /// The same for a retry of the same request (a lost answer is replayed, uncharged),
    /// new once the estimate changes or has been priced again.
    pub idempotency_key: String,
}

/// The request for a stored estimate, with its photos read from the store. An estimate with
/// no marked area is refused: the server would run its own detector instead.
pub fn request(store: &Store, s: &StoredEstimate) -> Result<RemoteRequest, AppError> {
    let input = input_of(s)?;
    let photos = s
        .photos
        .iter()
        .map(|p| store.estimate_photo_original(s.id, &p.file_name))
        .collect::<Result<Vec<_>, _>>()?;
    let idempotency_key = idempotency_key(s, &input);
    Ok(RemoteRequest {
        input,
        photos,
        idempotency_key,
    })
}

/// The request's fields for `s` (pure): areas name their photo by its place in the
/// estimate's photos, as the partner API counts them.
pub fn input_of(s: &StoredEstimate) -> Result<EstimateInput, AppError> {
    if s.areas.is_empty() {
        return Err(AppError::Invalid {
            field: "Damage areas".into(),
            reason: "mark at least one damage area before pricing on the server".into(),
        });
    }
    let photos: Vec<&str> = s.photos.iter().map(|p| p.file_name.as_str()).collect();
    let areas = s
        .areas
        .iter()
        .map(|a| wire_area(&crate::estimates::damage_area(a), &photos))
        .collect();
    Ok(estimate_input(
        &s.vehicle,
        &s.state,
        s.metro,
        part_preference(s.part_preference).into(),
        areas,
    ))
}

/// The partner API's fields for an estimate of `vehicle` in `state` with `areas` (no
/// views, no callback): what the desktop's "price on the server" and
/// `shopbench --remote estimate new` both send.
pub fn estimate_input(
    vehicle: &Vehicle,
    state: &str,
    metro: bool,
    part_preference: String,
    areas: Vec<WireArea>,
) -> EstimateInput {
    EstimateInput {
        vehicle_make: vehicle.make.clone(),
        vehicle_model: vehicle.model.clone(),
        vehicle_year: vehicle.year,
        vehicle_class: vehicle.class.map(|c| c.as_str().to_string()),
        state: Some(state.to_string()),
        metro,
        part_preference: Some(part_preference),
        areas,
        views: Vec::new(),
        callback_url: None,
    }
}

/// One marked area as the partner API takes it, its photo named by its place in `photos`
/// (the file names, in the order the photos are sent).
pub fn wire_area(a: &DamageArea, photos: &[&str]) -> WireArea {
    WireArea {
        location: a.panel.clone(),
        damage_type: a.damage_type.to_string(),
        severity: a.severity.to_string(),
        photo: a
            .photo_id
            .as_deref()
            .and_then(|name| photos.iter().position(|p| *p == name)),
        region: a.region.and_then(|r| serde_json::to_value(r).ok()),
    }
}

/// The partner API's spelling of a part preference.
fn part_preference(p: PartType) -> &'static str {
    match p {
        PartType::Aftermarket => "aftermarket",
        PartType::Used => "used",
        PartType::Oem | PartType::None => "oem",
    }
}

/// Whether an estimate holds something.
pub type Holds = fn(&StoredEstimate) -> bool;

/// What an estimate can hold that the partner API cannot carry: the estimator's words for
/// it, and whether `s` holds it. A row, so a new field of the estimate is one line here.
pub const NOT_SENT: [(&str, Holds); 5] = [
    ("the line edits", |s| !s.overrides.lines.is_empty()),
    ("the hail dent counts", |s| {
        s.areas.iter().any(|a| a.dents.is_some())
    }),
    ("the paint finish", |s| s.vehicle.finish.is_some()),
    ("the equipment known from the VIN", |s| {
        s.vehicle.equipment.is_some()
    }),
    ("the repair scans", |s| !s.scans.is_empty()),
];

/// What `s` holds that the server does not see (empty when it saw all of it).
pub fn not_sent(s: &StoredEstimate) -> Vec<&'static str> {
    NOT_SENT
        .iter()
        .filter(|(_, holds)| holds(s))
        .map(|(words, _)| *words)
        .collect()
}

/// A key that names this request of this estimate: its number, how many times it was
/// priced, and a hash of its creation time, the fields and the photos sent.
fn idempotency_key(s: &StoredEstimate, input: &EstimateInput) -> String {
    let mut named = format!(
        "{}\n{}",
        s.created_at,
        serde_json::to_string(input).unwrap_or_default()
    );
    for p in &s.photos {
        named.push('\n');
        named.push_str(&p.sha256);
    }
    format!(
        "shopbench-{}-{}-{}",
        s.id.reference().to_lowercase(),
        s.remote_pricings.len(),
        shopbench_photos::hex_sha256(named.as_bytes())
    )
}

/// Keeps the server's answer with the estimate.
pub fn record(
    store: &mut Store,
    s: &StoredEstimate,
    server: &str,
    sent: &EstimateInput,
    answer: &Billed<EstimateCreated>,
) -> Result<RemotePricing, AppError> {
    let pricing = NewRemotePricing {
        server: server.trim_end_matches('/').to_string(),
        remote_id: answer.body.summary.id.clone(),
        credits_charged: answer.credits_charged,
        sent: serde_json::to_value(sent).map_err(shopbench_store::StoreError::from)?,
        answer: serde_json::to_value(&answer.body).map_err(shopbench_store::StoreError::from)?,
    };
    Ok(store.save_estimate_remote_pricing(s.id, &pricing)?)
}

/// The latest pricing by a server, read back.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteReading {
    /// As stored.
    pub pricing: RemotePricing,
    /// The server's answer.
    pub answer: EstimateCreated,
    /// The estimate's vehicle, state and areas are still what was sent.
    pub current: bool,
    /// What the estimate holds that the server did not see ([`not_sent`]).
    pub not_sent: Vec<&'static str>,
}

/// The estimate's latest server pricing, if any, against the estimate as it is now.
pub fn latest(s: &StoredEstimate) -> Result<Option<RemoteReading>, AppError> {
    let Some(p) = s.remote_pricings.last() else {
        return Ok(None);
    };
    let answer = EstimateCreated::deserialize(&p.pricing.answer).map_err(|e| {
        shopbench_store::StoreError::Corrupt(format!(
            "remote pricing {} of {}: {e}",
            p.id,
            s.id.reference()
        ))
    })?;
    let now: Option<Value> = input_of(s).ok().and_then(|i| serde_json::to_value(i).ok());
    Ok(Some(RemoteReading {
        pricing: p.clone(),
        answer,
        current: now.as_ref() == Some(&p.pricing.sent),
        not_sent: not_sent(s),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopbench_estimate::{DamageType, Rect, Severity, Vehicle};
    use shopbench_store::{NewArea, NewEstimate, NewEstimatePhoto};

    fn photo(name: &str, seed: u8) -> NewEstimatePhoto {
        NewEstimatePhoto {
            file_name: name.into(),
            sha256: format!("{seed:064x}"),
            mime: "image/jpeg".into(),
            width: 400,
            height: 300,
            orientation: 1,
            original: vec![seed; 16],
            thumbnail: vec![seed],
            view: None,
        }
    }

    fn stored() -> (Store, StoredEstimate) {
        let mut store = Store::open_in_memory().unwrap();
        let new = NewEstimate {
            vehicle: Vehicle::new("Toyota", "Camry", 2022),
            vin: None,
            state: "CA".into(),
            metro: true,
            part_preference: PartType::Aftermarket,
        };
        let rect = Rect::new(0.1, 0.2, 0.3, 0.4).unwrap();
        let areas = [
            NewArea::by_estimator(
                Some("rear.jpg"),
                Some(rect),
                "rear_bumper",
                DamageType::Dent,
                Severity::Minor,
            ),
            NewArea::by_estimator(None, None, "hood", DamageType::Scratch, Severity::Severe),
        ];
        let photos = [photo("front.jpg", 1), photo("rear.jpg", 2)];
        let id = store.create_estimate(&new, &photos, &areas).unwrap();
        let s = store.estimate(id).unwrap();
        (store, s)
    }

    #[test]
    fn areas_name_their_photo_by_its_place_and_every_photo_is_sent() {
        let (store, s) = stored();
        let req = request(&store, &s).unwrap();
        let i = &req.input;
        assert_eq!((i.vehicle_make.as_str(), i.vehicle_year), ("Toyota", 2022));
        assert_eq!(i.state.as_deref(), Some("CA"));
        assert!(i.metro);
        assert_eq!(i.part_preference.as_deref(), Some("aftermarket"));
        assert_eq!(i.areas[0].photo, Some(1), "rear.jpg is the second photo");
        assert_eq!(i.areas[0].location, "rear_bumper");
        let region = i.areas[0].region.as_ref().unwrap();
        assert!((region["w"].as_f64().unwrap() - 0.3).abs() < 1e-6);
        assert_eq!(
            (i.areas[1].photo, i.areas[1].region.is_none()),
            (None, true)
        );
        assert_eq!(req.photos, [vec![1u8; 16], vec![2u8; 16]]);
    }

    /// A retry of the same request carries the same key (the server replays a lost answer,
    /// uncharged); a changed estimate, or one priced since, gets a new one.
    #[test]
    fn the_key_is_the_same_for_a_retry_and_new_after_a_change_or_a_pricing() {
        let (mut store, s) = stored();
        let first = request(&store, &s).unwrap().idempotency_key;
        assert_eq!(first, request(&store, &s).unwrap().idempotency_key);
        let mut changed = s.clone();
        changed.metro = false;
        assert_ne!(first, request(&store, &changed).unwrap().idempotency_key);
        store
            .save_estimate_remote_pricing(
                s.id,
                &NewRemotePricing {
                    server: "http://127.0.0.1:1".into(),
                    remote_id: "est_1".into(),
                    credits_charged: 1,
                    sent: serde_json::to_value(input_of(&s).unwrap()).unwrap(),
                    answer: serde_json::json!({}),
                },
            )
            .unwrap();
        let priced = store.estimate(s.id).unwrap();
        assert_ne!(first, request(&store, &priced).unwrap().idempotency_key);
    }

    #[test]
    fn an_estimate_without_areas_is_not_sent() {
        let (_, mut s) = stored();
        s.areas.clear();
        let err = input_of(&s).unwrap_err();
        assert!(err.to_string().contains("damage area"), "{err}");
    }
}
