//! What one request may carry, so that no request can cost the server more
//! than its price: a case's codes, readings and words, an estimate's areas,
//! and the work queue every CPU-heavy step waits in.
//!
//! The figures are generous for a real car (a full scan of every module
//! rarely lists more than a few dozen codes) and small enough that the
//! slowest request — a diagnosis of a case at every limit, its PDF — takes
//! milliseconds. The table is documented in `crates/server/README.md` and
//! carried into the OpenAPI schemas (`maxItems`, `maxLength`).

use std::sync::Arc;

use shopbench_diagnosis::CaseInput;
use tokio::sync::Semaphore;

use crate::problem::ApiError;

/// Most trouble codes on one case.
pub const MAX_DTCS: usize = 100;
/// Most readings (live data or measurements) on one case.
pub const MAX_READINGS: usize = 200;
/// Most freeze-frame values on one case.
pub const MAX_FREEZE_FRAME: usize = 200;
/// Most symptom tags on one case.
pub const MAX_SYMPTOMS: usize = 32;
/// Most recorded test results on one case.
pub const MAX_TEST_RESULTS: usize = 100;
/// Longest complaint or findings text, in characters.
pub const MAX_TEXT: usize = 4_000;
/// Longest short text (a make, a model, a reading or step name, a note).
pub const MAX_NAME: usize = 100;
/// Most damage areas on one estimate (five photos, ten areas each).
pub const MAX_AREAS: usize = 50;
/// CPU-heavy steps (PDF rendering, photo decoding, pricing) running or
/// waiting at once; one more is told to come back (`503`).
pub const CPU_QUEUE: usize = 8;

/// One row of the limits table, for the README and error messages.
pub struct Limit {
    /// The field (`dtcs`).
    pub field: &'static str,
    /// Its maximum.
    pub max: usize,
    /// What is counted.
    pub unit: &'static str,
}

/// The limits of `POST /v1/cases`.
pub const CASE_LIMITS: &[Limit] = &[
    Limit {
        field: "dtcs",
        max: MAX_DTCS,
        unit: "codes",
    },
    Limit {
        field: "readings",
        max: MAX_READINGS,
        unit: "values",
    },
    Limit {
        field: "freeze_frame",
        max: MAX_FREEZE_FRAME,
        unit: "values",
    },
    Limit {
        field: "symptoms",
        max: MAX_SYMPTOMS,
        unit: "tags",
    },
    Limit {
        field: "test_results",
        max: MAX_TEST_RESULTS,
        unit: "results",
    },
    Limit {
        field: "complaint",
        max: MAX_TEXT,
        unit: "characters",
    },
    Limit {
        field: "findings",
        max: MAX_TEXT,
        unit: "characters",
    },
];

fn over(field: &str, n: usize, max: usize, unit: &str) -> ApiError {
    ApiError::InvalidRequest(format!(
        "{field}: {n} {unit}, more than the {max} one request may carry (see the limits in the API's README); nothing was stored or charged"
    ))
}

fn count(field: &str, n: usize, max: usize, unit: &str) -> Result<(), ApiError> {
    if n > max {
        return Err(over(field, n, max, unit));
    }
    Ok(())
}

fn text(field: &str, s: &str, max: usize) -> Result<(), ApiError> {
    count(field, s.chars().count(), max, "characters")
}

/// Refuses a case over any limit, naming the field.
pub fn check_case(c: &CaseInput) -> Result<(), ApiError> {
    count("dtcs", c.dtcs.len(), MAX_DTCS, "codes")?;
    count("readings", c.readings.len(), MAX_READINGS, "values")?;
    count(
        "freeze_frame",
        c.freeze_frame.len(),
        MAX_FREEZE_FRAME,
        "values",
    )?;
    count("symptoms", c.symptoms.len(), MAX_SYMPTOMS, "tags")?;
    count(
        "test_results",
        c.test_results.len(),
        MAX_TEST_RESULTS,
        "results",
    )?;
    text("complaint", &c.complaint, MAX_TEXT)?;
    text("findings", &c.findings, MAX_TEXT)?;
    let v = &c.vehicle;
    for (field, value) in [
        ("vehicle.make", &v.make),
        ("vehicle.model", &v.model),
        ("vehicle.engine", &v.engine),
    ] {
        text(field, value.as_deref().unwrap_or(""), MAX_NAME)?;
    }
    for name in c.readings.keys().chain(c.freeze_frame.keys()) {
        text("reading name", name, MAX_NAME)?;
    }
    for d in &c.dtcs {
        text("dtcs[].ecu", d.ecu.as_deref().unwrap_or(""), MAX_NAME)?;
    }
    for t in &c.test_results {
        text("test_results[].step_id", &t.step_id, MAX_NAME)?;
        text(
            "test_results[].note",
            t.note.as_deref().unwrap_or(""),
            MAX_TEXT,
        )?;
    }
    Ok(())
}

/// Refuses an estimate with more areas than [`MAX_AREAS`].
pub fn check_areas(n: usize) -> Result<(), ApiError> {
    count("areas", n, MAX_AREAS, "damage areas")
}

/// The queue CPU-heavy steps wait in.
#[derive(Clone)]
pub(crate) struct CpuQueue(Arc<Semaphore>);

impl CpuQueue {
    pub(crate) fn new(slots: usize) -> CpuQueue {
        CpuQueue(Arc::new(Semaphore::new(slots)))
    }

    /// Runs `f` on a blocking thread, off the async workers that answer
    /// `/health` and every other request; when the queue is full, a `503`
    /// with `Retry-After` instead of an ever longer wait.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = self
            .0
            .clone()
            .try_acquire_owned()
            .map_err(|_| ApiError::Busy { retry_after: 1 })?;
        Self::on_blocking_thread(permit, f).await
    }

    /// As [`CpuQueue::run`], but waits up to `patience` for a slot before
    /// the `503`: for short steps a client expects to queue for (a chat
    /// answer takes milliseconds; a burst of them should be served in turn).
    pub(crate) async fn run_waiting<T: Send + 'static>(
        &self,
        patience: std::time::Duration,
        f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = tokio::time::timeout(patience, self.0.clone().acquire_owned())
            .await
            .map_err(|_| ApiError::Busy { retry_after: 1 })?
            .map_err(|_| ApiError::Internal("the CPU queue was closed".into()))?;
        Self::on_blocking_thread(permit, f).await
    }

    async fn on_blocking_thread<T: Send + 'static>(
        permit: tokio::sync::OwnedSemaphorePermit,
        f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        tokio::task::spawn_blocking(move || {
            let _slot = permit;
            f()
        })
        .await
        .map_err(|e| ApiError::Internal(format!("a CPU task stopped: {e}")))?
    }
}

/// The case `POST /v1/cases` takes, with its limits (the OpenAPI schema;
/// the body is read as `shopbench_diagnosis::CaseInput`).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub(crate) struct CaseRequestDoc {
    /// `{vin, make, model, year, engine}`; a malformed VIN is refused.
    #[schema(value_type = Option<Object>)]
    vehicle: Option<()>,
    /// Miles as a number (`120000`), or `{value, unit: "mi"|"km"}`.
    #[schema(value_type = Option<Object>)]
    mileage: Option<()>,
    /// The customer's complaint, in their words.
    #[schema(max_length = 4000)] // MAX_TEXT
    complaint: Option<String>,
    /// Symptom tags (`rough_idle`, …); more are read from the complaint.
    #[schema(max_items = 32)] // MAX_SYMPTOMS
    symptoms: Option<Vec<String>>,
    /// What the technician found.
    #[schema(max_length = 4000)] // MAX_TEXT
    findings: Option<String>,
    /// Codes: `"P0171"` or `{code, status, ecu}`.
    #[schema(max_items = 100, value_type = Option<Vec<Object>>)] // MAX_DTCS
    dtcs: Option<Vec<()>>,
    /// Freeze-frame values by name: at most 200.
    #[schema(value_type = Option<Object>)] // MAX_FREEZE_FRAME
    freeze_frame: Option<()>,
    /// Readings by name (`ltft_b1`, `fuel_pressure_psi`): at most 200.
    #[schema(value_type = Option<Object>)] // MAX_READINGS
    readings: Option<()>,
    /// Plan steps done: `{step_id, outcome: "pass"|"fail", note}`.
    #[schema(max_items = 100, value_type = Option<Vec<Object>>)] // MAX_TEST_RESULTS
    test_results: Option<Vec<()>>,
}

/// Announces the limits on the named-value maps (`readings`, `freeze_frame`)
/// as `maxProperties`, which utoipa's field attributes cannot say.
pub(crate) struct NamedValueLimits;

impl utoipa::Modify for NamedValueLimits {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{RefOr, Schema};
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        let Some(RefOr::T(Schema::Object(case))) = components.schemas.get_mut("CaseRequestDoc")
        else {
            return;
        };
        for (field, max) in [
            ("readings", MAX_READINGS),
            ("freeze_frame", MAX_FREEZE_FRAME),
        ] {
            if let Some(RefOr::T(Schema::Object(o))) = case.properties.get_mut(field) {
                o.max_properties = Some(max);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopbench_diagnosis::DtcEntry;

    #[test]
    fn a_case_over_a_limit_is_refused_naming_the_field() {
        let mut c = CaseInput {
            dtcs: (0..=MAX_DTCS)
                .map(|i| DtcEntry::stored(&format!("P{:04X}", 0x100 + i)))
                .collect(),
            ..CaseInput::default()
        };
        let e = check_case(&c).unwrap_err().problem().detail;
        assert!(e.starts_with("dtcs: 101 codes, more than the 100"), "{e}");
        c.dtcs.truncate(MAX_DTCS);
        assert!(check_case(&c).is_ok());
        c.findings = "x".repeat(MAX_TEXT + 1);
        assert!(check_case(&c)
            .unwrap_err()
            .problem()
            .detail
            .starts_with("findings:"));
        assert!(check_areas(MAX_AREAS).is_ok() && check_areas(MAX_AREAS + 1).is_err());
    }

    /// The limits the OpenAPI document announces are the ones enforced.
    #[test]
    fn openapi_schemas_carry_the_enforced_limits() {
        let doc: serde_json::Value = serde_json::from_str(&crate::openapi_json()).unwrap();
        let case = &doc["components"]["schemas"]["CaseRequestDoc"]["properties"];
        assert_eq!(case["dtcs"]["maxItems"], MAX_DTCS);
        let says = |f: &str, n: usize| {
            case[f]["description"]
                .as_str()
                .unwrap_or("")
                .contains(&format!("at most {n}"))
        };
        assert!(
            says("readings", MAX_READINGS) && says("freeze_frame", MAX_FREEZE_FRAME),
            "{case}"
        );
        assert_eq!(case["readings"]["maxProperties"], MAX_READINGS);
        assert_eq!(case["freeze_frame"]["maxProperties"], MAX_FREEZE_FRAME);
        assert_eq!(case["symptoms"]["maxItems"], MAX_SYMPTOMS);
        assert_eq!(case["test_results"]["maxItems"], MAX_TEST_RESULTS);
        assert_eq!(case["complaint"]["maxLength"], MAX_TEXT);
        assert_eq!(case["findings"]["maxLength"], MAX_TEXT);
        let est = &doc["components"]["schemas"]["EstimateRequestDoc"]["properties"];
        assert_eq!(est["areas"]["maxItems"], MAX_AREAS);
    }
}
