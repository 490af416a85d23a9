//! Damage estimates (seed 001): `POST /v1/estimates` (JSON with base64 photos,
//! or `multipart/form-data`), `GET /v1/estimates/{id}` and
//! `GET /v1/estimates/{id}/insurance`.
//!
//! Synchronous: the engine prices marked damage in well under a millisecond
//! and photo intake is bounded (≤ 5 × 10 MB), so the answer is the complete
//! estimate (`201`), not a job to poll. Every refusal — bad field, unknown
//! panel, bad photo, short balance — comes before anything is written; the
//! estimate, its photos and the charge are one transaction.

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
    PartType, Rect, Vehicle, VehicleClass,
};
use shopbench_estimate::{AreaSource, EstimateSummary};

use crate::billing::charge_in;
use crate::billing::RequestId;
use crate::db::estimates::{self as store, NewEstimate, PhotoRow, View};
use crate::db::tenants::Tenant;
use crate::multipart;
use crate::problem::ProblemDoc;
use crate::problem::{content_type, is_json, read_body, ApiError, BodyLimit};
use crate::tables::price;
use crate::util::{new_id, now_ms, rfc3339};
use crate::AppState;
use shopbench_wire::{Billed, EstimateCreated, PhotoMeta};

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
    /// The damage the partner marked.
    areas: Vec<AreaFields>,
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
        let text = || {
            String::from_utf8(part.data.clone())
                .map_err(|_| ApiError::InvalidRequest(format!("field {name} is not UTF-8 text")))
        };
        match name.as_str() {
            "photo" | "additional_photos" => {
                let field = match &name[..] {
                    "photo" => "photo".to_string(),
                    _ => format!("additional_photos[{}]", extra.len()),
                };
                let upload = Upload {
                    file_name: part.file_name.clone().unwrap_or_else(|| field.clone()),
                    field,
                    bytes: part.data,
                };
                if name == "photo" {
                    if main.replace(upload).is_some() {
                        return Err(invalid(
                            "photo is given twice; send further photos as additional_photos",
                        ));
                    }
                } else {
                    extra.push(upload);
                }
            }
            "vehicle_year" => {
                let t = text()?;
                let year: u16 = t.trim().parse().map_err(|_| {
                    invalid(format!("vehicle_year must be a year like 2022 (got '{t}')"))
                })?;
                map.insert(name, year.into());
            }
            "metro" => {
                let t = text()?;
                let v = match t.trim() {
                    "true" | "1" => true,
                    "false" | "0" | "" => false,
                    other => {
                        return Err(invalid(format!(
                            "metro must be true or false (got '{other}')"
                        )))
                    }
                };
                map.insert(name, v.into());
            }
            "areas" => {
                let v: Value = serde_json::from_str(&text()?).map_err(|e| {
                    invalid(format!(
                        "areas must be a JSON array like [{{\"location\":\"front_bumper\",\"type\":\"dent\",\"severity\":\"moderate\"}}]: {e}"
                    ))
                })?;
                map.insert(name, v);
            }
            _ => {
                let t = text()?;
                map.insert(name, t.into());
            }
        }
    }
    let fields: EstimateFields = serde_json::from_value(Value::Object(map))
        .map_err(|e| invalid(format!("the form is not a valid estimate request: {e}")))?;
    Ok((fields, main.into_iter().chain(extra).collect()))
}

/// The engine's request from the fields (photo ids are `photo_0`, `photo_1`, …).
fn engine_request(f: EstimateFields, photos: usize) -> Result<EstimateRequest, ApiError> {
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
    if f.areas.is_empty() {
        return Err(invalid(
            "areas is empty: mark at least one damaged area ({\"location\",\"type\",\"severity\"})",
        ));
    }
    let mut areas = Vec::with_capacity(f.areas.len());
    for (i, a) in f.areas.into_iter().enumerate() {
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
        areas.push(DamageArea {
            photo_id: a.photo.map(|p| format!("photo_{p}")),
            region,
            panel: a.location.trim().to_string(),
            damage_type: a.damage_type.parse().map_err(at)?,
            severity: a.severity.parse().map_err(at)?,
            confidence: None,
            source: AreaSource::Manual,
        });
    }
    Ok(EstimateRequest {
        vehicle,
        state: f.state.unwrap_or_else(|| "CA".into()).trim().to_string(),
        metro: f.metro,
        areas,
        part_preference,
        overrides: Default::default(),
    })
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
    /// The damage the partner marked (multipart: a JSON array as text).
    #[schema(max_items = 50)] // limits::MAX_AREAS (a test holds them equal)
    areas: Vec<EstimateAreaDoc>,
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
        (status = 201, description = "The complete estimate (seed 001's complete response, plus photos and links)", body = EstimateCreated),
        (status = 400, description = "Invalid field, vehicle, state, panel or area (uncharged)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 402, description = "Insufficient credits", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 409, description = "Same Idempotency-Key in flight", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 413, description = "Body larger than 5 photos of 10 MB", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 415, description = "Neither JSON nor multipart/form-data", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 422, description = "A photo was refused (named), too many photos, or Idempotency-Key reused (uncharged, nothing saved)", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = ProblemDoc, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
/// `POST /v1/estimates`: check, price, store and charge in one go → `201`.
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
    let priced_id = id.clone();
    let (engine_req, uploads, photos, (summary, insurance)) = st
        .cpu
        .run(move || {
            let (fields, uploads) = match &boundary {
                Some(b) => from_multipart(&body, b)?,
                None => from_json(&body)?,
            };
            let engine_req = engine_request(fields, uploads.len())?;
            crate::limits::check_areas(engine_req.areas.len())?;
            let photos = intake(&uploads)?;
            let priced = price_request(&engine_req, &priced_id)?;
            Ok((engine_req, uploads, photos, priced))
        })
        .await?;
    let created = now_ms();
    let photo_meta: Vec<PhotoMeta> = photos
        .iter()
        .zip(&uploads)
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
        .collect();
    let (total_min, total_max) = (summary.cost.total_min, summary.cost.total_max);
    let response = EstimateCreated {
        summary,
        object: "estimate".into(),
        mode: t.mode,
        created_at: rfc3339(created),
        state: engine_req.state.clone(),
        photos: photo_meta,
        poll_url: format!("/v1/estimates/{id}"),
        insurance_url: format!("/v1/estimates/{id}/insurance"),
    };
    let request_json =
        serde_json::to_string(&engine_req).map_err(|e| ApiError::Internal(e.to_string()))?;
    let insurance_json =
        serde_json::to_string(&insurance).map_err(|e| ApiError::Internal(e.to_string()))?;
    let response_json =
        serde_json::to_string(&response).map_err(|e| ApiError::Internal(e.to_string()))?;
    st.db.tx(|tx| {
        charge_in(tx, &t, &rid, "estimate.create", Some(&id))?;
        let rows: Vec<PhotoRow<'_>> = photos
            .iter()
            .zip(&uploads)
            .map(|(p, u)| PhotoRow {
                file_name: &p.file_name,
                format: p.format.name(),
                width: p.width,
                height: p.height,
                sha256: &p.sha256,
                original: &u.bytes,
                thumbnail: &p.thumbnail_jpeg,
            })
            .collect();
        store::insert(
            tx,
            &NewEstimate {
                id: &id,
                partner_id: &t.partner_id,
                mode: t.mode,
                request: &request_json,
                response: &response_json,
                insurance: &insurance_json,
                created_at: created,
            },
            &rows,
        )?;
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
            None,
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

fn stored(json: Option<String>, id: &str) -> Result<Json<Value>, ApiError> {
    let text =
        json.ok_or_else(|| ApiError::NotFound(format!("no estimate '{id}' for this key")))?;
    serde_json::from_str(&text)
        .map(Json)
        .map_err(|e| ApiError::Internal(format!("stored estimate {id}: {e}")))
}

#[utoipa::path(
    get,
    path = "/v1/estimates/{id}",
    tag = "estimates",
    params(("id" = String, Path, description = "Estimate id")),
    responses(
        (status = 200, description = "The complete estimate, as created", body = EstimateCreated),
        (status = 404, description = "No such estimate for this key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = ProblemDoc, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
/// `GET /v1/estimates/{id}` (free).
pub(crate) async fn get_estimate(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let json = st
        .db
        .run(|c| store::view(c, View::Response, &id, &t.partner_id, t.mode))?;
    stored(json, &id)
}

#[utoipa::path(
    get,
    path = "/v1/estimates/{id}/insurance",
    tag = "estimates",
    params(("id" = String, Path, description = "Estimate id")),
    responses(
        (status = 200, description = "The estimate in insurance format (seed 001): operation codes, part types, line items, totals", body = Object),
        (status = 404, description = "No such estimate for this key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked key", body = ProblemDoc, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited; see Retry-After", body = ProblemDoc, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
/// `GET /v1/estimates/{id}/insurance` (free).
pub(crate) async fn get_insurance(
    State(st): St,
    Extension(t): Extension<Tenant>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let json = st
        .db
        .run(|c| store::view(c, View::Insurance, &id, &t.partner_id, t.mode))?;
    stored(json, &id)
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
