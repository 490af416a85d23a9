//! Damage estimates (seed 001): `POST /v1/estimates` (JSON with base64 photos,
//! or `multipart/form-data`), `GET /v1/estimates/{id}` and
//! `GET /v1/estimates/{id}/insurance`.
//!
//! With `areas` marked, synchronous: the engine prices marked damage in well
//! under a millisecond and photo intake is bounded (≤ 5 × 10 MB), so the
//! answer is the complete estimate (`201`). Without `areas`, the server's
//! damage detector finds them: seed 001's `202` and a job
//! ([`crate::estimate_jobs`]). Every refusal — bad field, unknown panel, bad
//! photo, bad callback URL, no detector, short balance — comes before
//! anything is written; the estimate, its photos and the charge (and the job)
//! are one transaction.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use base64::Engine as _;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use shopbench_estimate::{
    estimate, DamageArea, EstimateData, EstimateError, EstimateRequest, InsuranceEstimate,
    PartType, Rect, Vehicle, VehicleClass, View,
};
use shopbench_estimate::{AreaSource, EstimateSummary};

use crate::billing::charge_in;
use crate::billing::RequestId;
use crate::db::estimates::{self as store, NewEstimate, PhotoRow};
use crate::db::tenants::Tenant;
use crate::multipart;
use crate::problem::ProblemDoc;
use crate::problem::{content_type, is_json, read_body, ApiError, BodyLimit};
use crate::tables::price;
use crate::util::{new_id, now_ms, rfc3339};
use crate::AppState;
use shopbench_wire::{
    Billed, EstimateAccepted, EstimateCreated, EstimateFailed, EstimateFailure, EstimateProcessing,
    EstimateState, PhotoMeta,
};

type St = State<Arc<AppState>>;

/// The largest `POST /v1/estimates` body: five photos of the largest size,
/// base64-encoded with a data-URL prefix, plus 1 MiB for the other fields.
pub(crate) const MAX_ESTIMATE_BODY_BYTES: usize = shopbench_photos::MAX_PHOTOS
    * ((shopbench_photos::MAX_PHOTO_BYTES).div_ceil(3) * 4 + 64)
    + (1 << 20);

/// The fields of an estimate request (JSON body, or multipart text fields).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EstimateFields {
    /// The main photo: base64, optionally as a `data:image/…;base64,` URL.
    #[serde(default)]
    photo: Option<String>,
    /// Up to four more photos, the same way.
    #[serde(default)]
    additional_photos: Vec<String>,
    vehicle_make: String,
    vehicle_model: String,
    vehicle_year: u16,
    /// Needed only for a vehicle not in the data.
    #[serde(default)]
    vehicle_class: Option<String>,
    /// Two-letter state; CA when absent (as in seed 001).
    #[serde(default)]
    state: Option<String>,
    /// The shop is in a metro area (the state's metro premium applies).
    #[serde(default)]
    metro: bool,
    /// `oem` (default), `aftermarket` or `used`.
    #[serde(default)]
    part_preference: Option<String>,
    /// The damage the partner marked; absent: the detector finds it.
    #[serde(default)]
    areas: Option<Vec<AreaFields>>,
    /// Without `areas`: the side of the car each photo shows (null: not said).
    #[serde(default)]
    views: Option<Vec<Option<String>>>,
    /// Where this estimate's events go besides the partner's endpoint.
    #[serde(default)]
    callback_url: Option<String>,
}

/// One marked damage area, in seed 001's `damage.areas` vocabulary.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaFields {
    /// Panel id, e.g. `front_bumper`.
    location: String,
    /// Damage type, e.g. `dent`.
    #[serde(rename = "type")]
    damage_type: String,
    /// `minor`, `moderate` or `severe`.
    severity: String,
    /// Index of the photo it was marked on (0 = `photo`, 1.. = `additional_photos`).
    #[serde(default)]
    photo: Option<usize>,
    /// The box on that photo, as fractions of its width and height.
    #[serde(default)]
    region: Option<Value>,
}

/// An uploaded photo before intake.
struct Upload {
    /// Where it is in the request: `photo`, `additional_photos[1]`.
    field: String,
    /// The uploaded file's name (multipart), else the field.
    file_name: String,
    bytes: Vec<u8>,
}

fn invalid(e: impl std::fmt::Display) -> ApiError {
    ApiError::InvalidRequest(e.to_string())
}

fn base64_photo(label: &str, text: &str) -> Result<Upload, ApiError> {
    let data = match text.strip_prefix("data:") {
        Some(url) => url
            .split_once(',')
            .filter(|(meta, _)| meta.ends_with(";base64"))
            .map(|(_, d)| d)
            .ok_or_else(|| {
                ApiError::InvalidRequest(format!(
                    "{label}: a data URL must look like data:image/jpeg;base64,…"
                ))
            })?,
        None => text,
    };
    let cleaned: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(cleaned.as_bytes())
        .map_err(|e| ApiError::InvalidRequest(format!("{label} is not valid base64: {e}")))?;
    Ok(Upload {
        field: label.to_string(),
        file_name: label.to_string(),
        bytes,
    })
}

/// Reads a JSON body: fields and base64 photos.
fn from_json(body: &[u8]) -> Result<(EstimateFields, Vec<Upload>), ApiError> {
    let mut fields: EstimateFields = serde_json::from_slice(body)
        .map_err(|e| ApiError::InvalidJson(format!("body is not a valid estimate request: {e}")))?;
    let mut uploads = Vec::new();
    if let Some(p) = fields.photo.take() {
        uploads.push(base64_photo("photo", &p)?);
    }
    for (i, p) in std::mem::take(&mut fields.additional_photos)
        .iter()
        .enumerate()
    {
        uploads.push(base64_photo(&format!("additional_photos[{i}]"), p)?);
    }
    Ok((fields, uploads))
}

/// Reads a `multipart/form-data` body: file parts `photo` and
/// `additional_photos` (repeatable), text parts for the other fields
/// (`areas` as a JSON array).
fn from_multipart(body: &[u8], boundary: &str) -> Result<(EstimateFields, Vec<Upload>), ApiError> {
    let parts = multipart::parse(body, boundary).map_err(ApiError::InvalidRequest)?;
    let mut map = Map::new();
    let mut main = None;
    let mut extra = Vec::new();
    for part in parts {
        let name = part.name.trim_end_matches("[]").to_string();
        if name == "photo" || name == "additional_photos" {
            let field = match &name[..] {
                "photo" => "photo".to_string(),
                _ => format!("additional_photos[{}]", extra.len()),
            };
            let upload = Upload {
                file_name: part.file_name.clone().unwrap_or_else(|| field.clone()),
                field,
                bytes: part.data,
            };
            if name != "photo" {
                extra.push(upload);
            } else if main.replace(upload).is_some() {
                return Err(invalid(
                    "photo is given twice; send further photos as additional_photos",
                ));
            }
            continue;
        }
        let text = String::from_utf8(part.data)
            .map_err(|_| ApiError::InvalidRequest(format!("field {name} is not UTF-8 text")))?;
        let value = form_value(&name, &text)?;
        map.insert(name, value);
    }
    let fields: EstimateFields = serde_json::from_value(Value::Object(map))
        .map_err(|e| invalid(format!("the form is not a valid estimate request: {e}")))?;
    Ok((fields, main.into_iter().chain(extra).collect()))
}

/// A text part of the form as the JSON value its field takes: a year, a
/// yes/no, a JSON array (`areas`, `views`), or the text as given; a part
/// that does not read as its field is refused saying what it should be.
fn form_value(name: &str, text: &str) -> Result<Value, ApiError> {
    match name {
        "vehicle_year" => {
            let year: u16 = text.trim().parse().map_err(|_| {
                invalid(format!("vehicle_year must be a year like 2022 (got '{text}')"))
            })?;
            Ok(year.into())
        }
        "metro" => match text.trim() {
            "true" | "1" => Ok(true.into()),
            "false" | "0" | "" => Ok(false.into()),
            other => Err(invalid(format!(
                "metro must be true or false (got '{other}')"
            ))),
        },
        "areas" => serde_json::from_str(text).map_err(|e| {
            invalid(format!(
                "areas must be a JSON array like [{{\"location\":\"front_bumper\",\"type\":\"dent\",\"severity\":\"moderate\"}}]: {e}"
            ))
        }),
        "views" => serde_json::from_str(text).map_err(|e| {
            invalid(format!(
                "views must be a JSON array like [\"front\", \"left\"] (one per photo, null when not known): {e}"
            ))
        }),
        _ => Ok(text.into()),
    }
}

/// What a request asks for.
pub(crate) enum Asked {
    /// Price the areas the partner marked, now.
    Marked(EstimateRequest),
    /// Have the detector find the damage on the photos (the request has no areas yet),
    /// each photo's side as the partner said.
    Detect(EstimateRequest, Vec<Option<View>>),
}

/// The engine's request without areas: vehicle, state, metro, part preference
/// (a vehicle year later than next year's models is refused here, `422`).
fn base_request(f: &EstimateFields) -> Result<EstimateRequest, ApiError> {
    crate::intake::check_model_year("vehicle_year", Some(f.vehicle_year))?;
    let mut vehicle = Vehicle::new(
        f.vehicle_make.trim(),
        f.vehicle_model.trim(),
        f.vehicle_year,
    );
    if let Some(c) = &f.vehicle_class {
        vehicle.class = Some(c.parse::<VehicleClass>().map_err(invalid)?);
    }
    let part_preference = match &f.part_preference {
        Some(p) => p.parse::<PartType>().map_err(invalid)?,
        None => PartType::default(),
    };
    let state = f.state.as_deref().unwrap_or("CA").trim();
    Ok(EstimateRequest::new(vehicle, state, Vec::new())
        .with_metro(f.metro)
        .with_part_preference(part_preference))
}

/// What the fields ask for (photo ids are `photo_0`, `photo_1`, …).
fn asked(f: EstimateFields, photos: usize) -> Result<Asked, ApiError> {
    let base = base_request(&f)?;
    match (f.areas, f.views) {
        (Some(areas), None) => Ok(Asked::Marked(EstimateRequest {
            areas: marked_areas(areas, photos)?,
            ..base
        })),
        (Some(_), Some(_)) => Err(invalid(
            "views go with a request without areas (they tell the detector which side each photo shows); leave them out when marking areas",
        )),
        (None, views) => Ok(Asked::Detect(base, photo_views(views, photos)?)),
    }
}

/// The partner's marked areas as the engine's.
fn marked_areas(areas: Vec<AreaFields>, photos: usize) -> Result<Vec<DamageArea>, ApiError> {
    if areas.is_empty() {
        return Err(invalid(
            "areas is empty: mark at least one damaged area ({\"location\",\"type\",\"severity\"}), or leave areas out to have the damage detector find them",
        ));
    }
    let mut out = Vec::with_capacity(areas.len());
    for (i, a) in areas.into_iter().enumerate() {
        let at = |e: EstimateError| invalid(format!("areas[{i}]: {e}"));
        if let Some(p) = a.photo.filter(|&p| p >= photos) {
            return Err(invalid(format!(
                "areas[{i}].photo is {p} but the request has {photos} photo(s) (0 = photo, 1.. = additional_photos)"
            )));
        }
        let region = match a.region {
            Some(r) => Some(
                serde_json::from_value::<Rect>(r)
                    .map_err(|e| invalid(format!("areas[{i}].region: {e}")))?,
            ),
            None => None,
        };
        out.push(DamageArea {
            photo_id: a.photo.map(|p| format!("photo_{p}")),
            region,
            panel: a.location.trim().to_string(),
            damage_type: a.damage_type.parse().map_err(at)?,
            severity: a.severity.parse().map_err(at)?,
            confidence: None,
            source: AreaSource::Manual,
            dents: None,
        });
    }
    Ok(out)
}

/// Each photo's side (`views[i]` for photo `i`; missing, null or empty: not said).
fn photo_views(
    views: Option<Vec<Option<String>>>,
    photos: usize,
) -> Result<Vec<Option<View>>, ApiError> {
    let views = views.unwrap_or_default();
    if views.len() > photos {
        return Err(invalid(format!(
            "views has {} entries but the request has {photos} photo(s): one per photo, in order (0 = photo)",
            views.len()
        )));
    }
    let mut out = vec![None; photos];
    for (i, v) in views.into_iter().enumerate() {
        out[i] = match v.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(side) => Some(
                side.parse::<View>()
                    .map_err(|e| invalid(format!("views[{i}]: {e}")))?,
            ),
        };
    }
    Ok(out)
}

/// Checks every photo (count first, then each), naming the one refused.
fn intake(uploads: &[Upload]) -> Result<Vec<shopbench_photos::Photo>, ApiError> {
    shopbench_photos::check_count(uploads.len())
        .map_err(|e| ApiError::Unprocessable(format!("{e}; nothing was saved or charged")))?;
    uploads
        .iter()
        .enumerate()
        .map(|(i, u)| {
            shopbench_photos::intake(&u.file_name, &u.bytes).map_err(|e| {
                ApiError::Unprocessable(format!(
                    "photo {} ({}) was refused: {e}; nothing was saved or charged",
                    i + 1,
                    u.field
                ))
            })
        })
        .collect()
}

/// The complete response and the insurance view of a priced request.
pub(crate) fn price_request(
    req: &EstimateRequest,
    id: &str,
) -> Result<(EstimateSummary, InsuranceEstimate), ApiError> {
    let started = Instant::now();
    let est = estimate(req, EstimateData::shipped()).map_err(invalid)?;
    let ms = started.elapsed().as_millis() as u64;
    Ok((
        EstimateSummary::from_estimate(&est, id, Some(ms)),
        InsuranceEstimate::from_estimate(&est, id),
    ))
}

/// The body of `POST /v1/estimates` (JSON; the same fields as multipart form parts).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub(crate) struct EstimateRequestDoc {
    /// The main photo: base64 or a `data:image/jpeg;base64,…` URL (multipart: a file part). JPEG, PNG or WebP, ≤ 10 MB.
    photo: Option<String>,
    /// Up to four more photos, the same way.
    additional_photos: Option<Vec<String>>,
    /// Make, e.g. `Toyota`.
    vehicle_make: String,
    /// Model, e.g. `Camry`.
    vehicle_model: String,
    /// Model year.
    vehicle_year: u16,
    /// Vehicle class, needed only for a vehicle not in `GET /v1/vehicles`.
    vehicle_class: Option<String>,
    /// Two-letter state (default `CA`); sets the labor rates.
    state: Option<String>,
    /// The shop is in a metro area (the state's metro premium applies).
    metro: Option<bool>,
    /// `oem` (default), `aftermarket` or `used`.
    part_preference: Option<String>,
    /// The damage the partner marked (multipart: a JSON array as text). Leave it out to have
    /// the server's damage detector find the damage (seed 001's photo-only request): `202`,
    /// then poll or wait for the webhook.
    #[schema(max_items = 50)] // limits::MAX_AREAS (a test holds them equal)
    areas: Option<Vec<EstimateAreaDoc>>,
    /// Without `areas`: the side of the car each photo shows (`front`, `rear`, `left`,
    /// `right` or null), one per photo in order — the detector names the panel under a box
    /// only on a photo whose side it knows (multipart: a JSON array as text).
    #[schema(max_items = 5)]
    views: Option<Vec<Option<String>>>,
    /// seed 001's per-request webhook: `estimate.completed` / `estimate.failed` are POSTed here
    /// too, signed with the partner's webhook secret for the key's mode (the partner needs
    /// one: `422` otherwise). http or https, at most 2,048 characters, no loopback or private
    /// address.
    #[schema(max_length = 2048)]
    callback_url: Option<String>,
}

/// One marked damage area.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub(crate) struct EstimateAreaDoc {
    /// Panel, e.g. `front_bumper`, `front_fender_left`.
    location: String,
    /// Damage type (`GET /v1/damage-types`), e.g. `dent`.
    #[schema(rename = "type")]
    type_: String,
    /// `minor`, `moderate` or `severe`.
    severity: String,
    /// Index of the photo it is marked on (0 = `photo`).
    photo: Option<u32>,
    /// Box on that photo as fractions: `{x, y, w, h}`.
    #[schema(value_type = Option<Object>)]
    region: Option<String>,
}

#[utoipa::path(
    post,
    path = "/v1/estimates",
    tag = "estimates",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    request_body(description = "JSON with base64 photos, or multipart/form-data with `photo` / `additional_photos` files and the same fields as text (`areas` as a JSON array). At most 5 photos of 10 MB (JPEG, PNG, WebP).", content(
        (EstimateRequestDoc = "application/json"),
        (EstimateRequestDoc = "multipart/form-data")
    )),
    responses(
        (status = 201, description = "With `areas`: the complete estimate (seed 001's complete response, plus photos and links)", body = EstimateCreated),
        (status = 202, description = "Without `areas` (a server with a damage detector): accepted and charged; poll `poll_url` or wait for `estimate.completed` / `estimate.failed` (refunded)", body = EstimateAccepted),
        (status = 400, description = "Invalid field, vehicle, state, panel, area, view or callback_url (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 409, description = "Same Idempotency-Key in flight", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 413, description = "Body larger than 5 photos of 10 MB", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 415, description = "Neither JSON nor multipart/form-data", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "A vehicle_year later than next year's models (named: the newest accepted), a photo was refused (named), too many photos, no `areas` and no damage detector on this server, a `callback_url` and no webhook secret for the mode, or Idempotency-Key reused (uncharged, nothing saved)", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `POST /v1/estimates`: with marked areas, check, price, store and charge in
/// one go → `201`; without, check, store, charge and queue the detector's job → `202`.
pub(crate) async fn create_estimate(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Extension(rid): Extension<RequestId>,
    req: Request,
) -> Result<Response, ApiError> {
    let (ct, essence) = content_type(&req);
    let limit = req
        .extensions()
        .get::<BodyLimit>()
        .copied()
        .unwrap_or(BodyLimit::new(MAX_ESTIMATE_BODY_BYTES));
    let boundary = multipart::boundary(&ct);
    if boundary.is_none() && !is_json(&essence) {
        return Err(ApiError::UnsupportedMediaType(format!(
            "send the estimate as application/json (photos in base64) or multipart/form-data (got '{}')",
            if essence.is_empty() { "none" } else { &essence }
        )));
    }
    let body = read_body(req.into_body(), limit).await?;
    let id = new_id("est");
    // Parsing, photo decoding and pricing are CPU work: in the bounded queue,
    // off the async threads (a full queue answers 503, uncharged).
    let rules = Rules {
        detector: st.cfg.detector.is_some(),
        allow_private_callbacks: st.cfg.allow_private_callbacks,
    };
    let priced_id = id.clone();
    let checked = st
        .cpu
        .run(move || check_request(&body, boundary.as_deref(), &priced_id, rules))
        .await?;
    match checked.priced {
        Some(priced) => complete_now(&st, &t, &rid, &id, checked.request, priced, &checked.photos),
        None => crate::estimate_jobs::accept(&st, &t, &rid, &id, checked.request, &checked.photos),
    }
}

/// What the server allows a request to ask for.
#[derive(Clone, Copy)]
struct Rules {
    detector: bool,
    allow_private_callbacks: bool,
}

/// A request read and checked (priced when its areas are marked); nothing written yet.
struct Checked {
    /// The engine's request: with the marked areas, or none yet for the detector.
    request: Accepted,
    /// The photos as intake found them, with their uploads and sides.
    photos: Photos,
    /// The complete response and the insurance view, for marked areas.
    priced: Option<(EstimateSummary, InsuranceEstimate)>,
}

/// The engine's request and where the estimate's events go.
pub(crate) struct Accepted {
    pub(crate) engine: EstimateRequest,
    pub(crate) callback_url: Option<String>,
}

/// Checked photos: intake's findings, the uploads, and each photo's side.
pub(crate) struct Photos {
    checked: Vec<shopbench_photos::Photo>,
    uploads: Vec<Upload>,
    views: Vec<Option<View>>,
}

impl Photos {
    /// The photos as the partner sees them (`photo_0`, …).
    pub(crate) fn meta(&self) -> Vec<PhotoMeta> {
        self.checked
            .iter()
            .zip(&self.uploads)
            .enumerate()
            .map(|(i, (p, u))| PhotoMeta {
                photo_id: format!("photo_{i}"),
                file_name: p.file_name.clone(),
                format: p.format.name().into(),
                width: p.width,
                height: p.height,
                bytes: u.bytes.len(),
                sha256: p.sha256.clone(),
            })
            .collect()
    }

    /// The rows to store.
    pub(crate) fn rows(&self) -> Vec<PhotoRow<'_>> {
        self.checked
            .iter()
            .zip(&self.uploads)
            .zip(&self.views)
            .map(|((p, u), v)| PhotoRow {
                file_name: &p.file_name,
                format: p.format.name(),
                width: p.width,
                height: p.height,
                sha256: &p.sha256,
                original: &u.bytes,
                thumbnail: &p.thumbnail_jpeg,
                view: v.map(View::as_str),
            })
            .collect()
    }

    /// How many.
    pub(crate) fn len(&self) -> usize {
        self.checked.len()
    }
}

/// Reads, checks and (for marked areas) prices a request; every refusal here is free.
fn check_request(
    body: &[u8],
    boundary: Option<&str>,
    id: &str,
    rules: Rules,
) -> Result<Checked, ApiError> {
    let (fields, uploads) = match boundary {
        Some(b) => from_multipart(body, b)?,
        None => from_json(body)?,
    };
    let callback_url = fields
        .callback_url
        .as_deref()
        .map(|u| crate::callback::check(u, rules.allow_private_callbacks))
        .transpose()?;
    let asked = asked(fields, uploads.len())?;
    let (engine, views) = match asked {
        Asked::Marked(req) => {
            crate::limits::check_areas(req.areas.len())?;
            let n = uploads.len();
            (req, vec![None; n])
        }
        Asked::Detect(req, views) => {
            detection_possible(rules, uploads.len())?;
            (req, views)
        }
    };
    let checked = intake(&uploads)?;
    // A request for the detector is priced without areas: an unknown state or vehicle is
    // refused now, not after the charge.
    let priced = price_request(&engine, id)?;
    let marked = !engine.areas.is_empty();
    Ok(Checked {
        request: Accepted {
            engine,
            callback_url,
        },
        photos: Photos {
            checked,
            uploads,
            views,
        },
        priced: marked.then_some(priced),
    })
}

/// Refuses a request without areas when no detector runs here (`422` naming the setting)
/// or there is no photo to look at (`400`).
fn detection_possible(rules: Rules, photos: usize) -> Result<(), ApiError> {
    if !rules.detector {
        return Err(ApiError::Unprocessable(
            "this request has no areas and this server has no damage detector to find them: mark the damage in `areas`, or ask the operator to run `shopbench serve --detector-model FILE [--detector-manifest FILE]` (or set $SHOPBENCH_DETECTOR_MODEL; shopbench ships no model); nothing was saved or charged".into(),
        ));
    }
    if photos == 0 {
        return Err(invalid(
            "send at least one photo for the damage detector to look at (photo, additional_photos), or mark the damage in areas",
        ));
    }
    Ok(())
}

/// Stores the priced estimate, charges it and queues its `estimate.completed` event → `201`.
fn complete_now(
    st: &AppState,
    t: &Tenant,
    rid: &RequestId,
    id: &str,
    request: Accepted,
    (summary, insurance): (EstimateSummary, InsuranceEstimate),
    photos: &Photos,
) -> Result<Response, ApiError> {
    let created = now_ms();
    let (total_min, total_max) = (summary.cost.total_min, summary.cost.total_max);
    let response = EstimateCreated {
        summary,
        object: "estimate".into(),
        mode: t.mode,
        created_at: rfc3339(created),
        state: request.engine.state.clone(),
        photos: photos.meta(),
        poll_url: format!("/v1/estimates/{id}"),
        insurance_url: format!("/v1/estimates/{id}/insurance"),
        proposals: Vec::new(),
    };
    let (request_json, insurance_json, response_json) = (
        to_json(&request.engine)?,
        to_json(&insurance)?,
        to_json(&response)?,
    );
    let callback = request.callback_url.as_deref();
    st.db.tx(|tx| {
        let e = NewEstimate {
            id,
            partner_id: &t.partner_id,
            mode: t.mode,
            request: &request_json,
            views: Some((&response_json, &insurance_json)),
            created_at: created,
            callback_url: callback,
        };
        charge_and_store(tx, t, rid, &e, photos)?;
        crate::worker::event(
            tx,
            &t.partner_id,
            t.mode,
            "estimate.completed",
            json!({
                "estimate_id": id,
                "status": "complete",
                "total_min": total_min,
                "total_max": total_max,
                "url": format!("/v1/estimates/{id}"),
            }),
            callback,
        )?;
        Ok::<_, ApiError>(())
    })?;
    st.hooks.notify_one();
    let billed = Billed {
        body: response,
        charged: true,
        credits_charged: price("estimate.create"),
    };
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/v1/estimates/{id}"))],
        Json(billed),
    )
        .into_response())
}

/// Our own value as JSON text to store.
/// Charges `estimate.create` and stores the estimate with its photos inside
/// the caller's transaction — complete (views given) or queued for the
/// detector. A callback URL needs the partner's webhook secret to sign with.
pub(crate) fn charge_and_store(
    tx: &mut dyn crate::db::sql::Sql,
    t: &Tenant,
    rid: &RequestId,
    e: &NewEstimate<'_>,
    photos: &Photos,
) -> Result<(), ApiError> {
    if e.callback_url.is_some() {
        crate::callback::require_secret(tx, t)?;
    }
    charge_in(tx, t, rid, "estimate.create", Some(e.id))?;
    store::insert(tx, e, &photos.rows())?;
    Ok(())
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> Result<String, ApiError> {
    serde_json::to_string(v).map_err(|e| ApiError::Internal(e.to_string()))
}

fn stored(text: &str, id: &str) -> Result<Json<Value>, ApiError> {
    serde_json::from_str(text)
        .map(Json)
        .map_err(|e| ApiError::Internal(format!("stored estimate {id}: {e}")))
}

/// `404`: the key has no estimate `id` (another tenant's is not found either).
pub(crate) fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("no estimate '{id}' for this key"))
}

#[utoipa::path(
    get,
    path = "/v1/estimates/{id}",
    tag = "estimates",
    params(("id" = String, Path, description = "Estimate id")),
    responses(
        (status = 200, description = "The estimate: `processing` with `stage` and `progress` while the detector runs, then the complete estimate as created, or `failed` with seed 001's error code (`no_damage_detected`, `no_priceable_damage`, `processing_error`; the credits refunded)", body = EstimateState),
        (status = 404, description = "No such estimate for this key", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/estimates/{id}` (free).
pub(crate) async fn get_estimate(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let row = st
        .db
        .run(|c| store::state(c, &id, &t.partner_id, t.mode))?
        .ok_or_else(|| not_found(&id))?;
    let body = match (row.status.as_str(), &row.response) {
        ("complete", Some(text)) => return Ok(stored(text, &id)?.into_response()),
        ("failed", _) => EstimateState::Failed(EstimateFailed {
            id: id.clone(),
            object: "estimate".into(),
            status: row.status.clone(),
            error: EstimateFailure {
                code: row
                    .error_code
                    .clone()
                    .unwrap_or_else(|| "processing_error".into()),
                message: row.error.clone().unwrap_or_default(),
            },
            mode: t.mode,
            created_at: rfc3339(row.created_at),
            completed_at: rfc3339(row.completed_at.unwrap_or(row.created_at)),
            credits_refunded: price("estimate.create"),
        }),
        _ => EstimateState::Processing(EstimateProcessing {
            id: id.clone(),
            object: "estimate".into(),
            status: "processing".into(),
            stage: row.stage.clone(),
            progress: row.progress,
            mode: t.mode,
            created_at: rfc3339(row.created_at),
            poll_url: format!("/v1/estimates/{id}"),
        }),
    };
    Ok(Json(body).into_response())
}

#[utoipa::path(
    get,
    path = "/v1/estimates/{id}/insurance",
    tag = "estimates",
    params(("id" = String, Path, description = "Estimate id")),
    responses(
        (status = 200, description = "The estimate in insurance format (seed 001): operation codes, part types, line items, totals", body = Object),
        (status = 404, description = "No such estimate for this key, or it is not complete (yet)", body = ProblemDoc, content_type = "application/problem+json"),
    )
)]
/// `GET /v1/estimates/{id}/insurance` (free).
pub(crate) async fn get_insurance(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let (status, json) = st
        .db
        .run(|c| store::insurance(c, &id, &t.partner_id, t.mode))?
        .ok_or_else(|| not_found(&id))?;
    match json {
        Some(text) => stored(&text, &id),
        None => Err(ApiError::NotFound(format!(
            "estimate '{id}' is {status}: its insurance view exists once it is complete — poll /v1/estimates/{id}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use axum::body::{to_bytes, Body};
    use axum::http::Request;
    use base64::Engine as _;
    use tower::ServiceExt;

    use crate::{Config, Db, Mode, Server};

    const JPEG: &[u8] = include_bytes!("../../../tests/data/photos/bumper.jpg");

    fn body(photos: &[&[u8]]) -> String {
        let b64: Vec<String> = photos
            .iter()
            .map(|p| base64::engine::general_purpose::STANDARD.encode(p))
            .collect();
        serde_json::json!({
            "vehicle_make": "Toyota", "vehicle_model": "Camry", "vehicle_year": 2022,
            "photo": b64.first(),
            "additional_photos": b64.get(1..).unwrap_or_default(),
            "areas": [{"location": "front_bumper", "type": "dent", "severity": "moderate", "photo": 0}],
        })
        .to_string()
    }

    /// Posts `body` with a fresh key holding `credits`; returns the status and the row counts.
    async fn post(credits: i64, body: String) -> (u16, (i64, i64), i64) {
        let db = Db::open_in_memory().unwrap();
        let partner = db.add_partner("acme", "garage").unwrap();
        let key = db.create_key("acme", Mode::Test).unwrap();
        db.add_credits("acme", Mode::Test, credits).unwrap();
        let server = Server::new(db, Config::default()).unwrap();
        let resp = server
            .router()
            .oneshot(
                Request::post("/v1/estimates")
                    .header("authorization", format!("Bearer {}", key.secret))
                    .header("content-type", "application/json")
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let _ = to_bytes(resp.into_body(), usize::MAX).await.unwrap();
        let (counts, balance) = server
            .state
            .db
            .run(|c| {
                Ok::<_, crate::Error>((
                    crate::db::estimates::counts(c)?,
                    crate::db::ledger::balance(c, &partner, Mode::Test)?,
                ))
            })
            .unwrap();
        (status, counts, balance)
    }

    #[tokio::test]
    async fn estimate_photos_and_charge_are_saved_together_or_not_at_all() {
        assert_eq!(post(20, body(&[JPEG])).await, (201, (1, 1), 10));
        // Short balance: 402, no estimate, no photo.
        assert_eq!(post(5, body(&[JPEG])).await, (402, (0, 0), 5));
        // The second photo is truncated: 422, the first is not kept either.
        let (status, counts, balance) = post(20, body(&[JPEG, &JPEG[..JPEG.len() / 2]])).await;
        assert_eq!((status, counts, balance), (422, (0, 0), 20));
    }

    #[test]
    fn the_body_limit_fits_five_base64_photos_of_10_mb() {
        let one = base64::engine::general_purpose::STANDARD
            .encode(vec![0u8; shopbench_photos::MAX_PHOTO_BYTES])
            .len();
        assert!(super::MAX_ESTIMATE_BODY_BYTES > 5 * one + 1000);
    }
}
