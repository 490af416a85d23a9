//! The HTTP client.

use std::time::{Duration, Instant};

use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;
use shopbench_diagnosis::CaseInput;

use crate::error::{ClientError, Problem};
use shopbench_wire::{
    Account, Billed, CaseClosed, CaseCreated, CloseCaseRequest, DeliveryList, DiagnoseRequest,
    DiagnosisAccepted, DiagnosisStatus, EstimateAccepted, EstimateCreated, EstimateInput,
    EstimateState, Health, StoredCase,
};

/// A client for one server and one key. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Client {
    base: String,
    key: String,
    http: reqwest::Client,
}

impl Client {
    /// A client for `base` (e.g. `http://127.0.0.1:8080`) with an API key.
    pub fn new(base: &str, key: &str) -> Result<Client, ClientError> {
        let base = base.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(ClientError::BadUrl(base));
        }
        let http = reqwest::Client::builder()
            .user_agent(concat!("shopbench-client/", env!("CARGO_PKG_VERSION")))
            .timeout(Duration::from_secs(30))
            .build()?;
        Ok(Client {
            base,
            key: key.to_string(),
            http,
        })
    }

    pub(crate) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.key)
    }

    /// The error an unsuccessful answer carries (its problem document).
    pub(crate) async fn error_of(resp: Response) -> ClientError {
        Self::decode::<Value>(resp)
            .await
            .err()
            .unwrap_or(ClientError::Unexpected {
                status: 0,
                detail: "an error status with a success body".into(),
            })
    }

    async fn decode<T: DeserializeOwned>(resp: Response) -> Result<T, ClientError> {
        let status = resp.status();
        let bytes = resp.bytes().await?;
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|e| ClientError::Unexpected {
                status: status.as_u16(),
                detail: e.to_string(),
            });
        }
        match serde_json::from_slice::<Problem>(&bytes) {
            Ok(p) => Err(ClientError::Api(Box::new(p))),
            Err(_) => Err(ClientError::Unexpected {
                status: status.as_u16(),
                detail: String::from_utf8_lossy(&bytes).chars().take(300).collect(),
            }),
        }
    }

    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        req: RequestBuilder,
    ) -> Result<T, ClientError> {
        Self::decode(req.send().await?).await
    }

    /// `GET /health` (no key needed).
    pub async fn health(&self) -> Result<Health, ClientError> {
        self.send(self.http.get(format!("{}/health", self.base)))
            .await
    }

    /// `POST /v1/cases`.
    pub async fn create_case(&self, case: &CaseInput) -> Result<CaseCreated, ClientError> {
        self.send(self.request(Method::POST, "/v1/cases").json(case))
            .await
    }

    /// `POST /v1/cases/{id}/close`: what fixed the car; the tenant's later
    /// diagnoses of similar cars learn from it.
    pub async fn close_case(
        &self,
        case_id: &str,
        fix: &CloseCaseRequest,
    ) -> Result<CaseClosed, ClientError> {
        let path = format!("/v1/cases/{case_id}/close");
        self.send(self.request(Method::POST, &path).json(fix)).await
    }

    /// `POST /v1/diagnose` → 202; pass an idempotency key to make retries safe.
    pub async fn diagnose(
        &self,
        case_id: &str,
        idempotency_key: Option<&str>,
    ) -> Result<DiagnosisAccepted, ClientError> {
        let mut req = self
            .request(Method::POST, "/v1/diagnose")
            .json(&DiagnoseRequest {
                case_id: case_id.to_string(),
            });
        if let Some(k) = idempotency_key {
            req = req.header("Idempotency-Key", k);
        }
        self.send(req).await
    }

    /// `GET /v1/diagnoses/{id}`.
    pub async fn diagnosis(&self, id: &str) -> Result<DiagnosisStatus, ClientError> {
        self.send(self.request(Method::GET, &format!("/v1/diagnoses/{id}")))
            .await
    }

    /// Polls `GET /v1/diagnoses/{id}` with backoff (200 ms doubling to 5 s,
    /// honouring `Retry-After` on 429) until it is complete or failed.
    pub async fn wait_for_diagnosis(
        &self,
        id: &str,
        timeout: Duration,
    ) -> Result<DiagnosisStatus, ClientError> {
        let path = format!("/v1/diagnoses/{id}");
        self.wait_until(&path, id, timeout, |s: &DiagnosisStatus| {
            s.status != "processing"
        })
        .await
    }

    /// Polls `path` (backing off from 200 ms to 5 s, honouring `Retry-After` on a `429`)
    /// until `finished` says so; [`ClientError::Timeout`] naming `id` after `timeout`.
    async fn wait_until<T: DeserializeOwned>(
        &self,
        path: &str,
        id: &str,
        timeout: Duration,
        finished: impl Fn(&T) -> bool,
    ) -> Result<T, ClientError> {
        let start = Instant::now();
        let mut delay = Duration::from_millis(200);
        loop {
            let resp = self.request(Method::GET, path).send().await?;
            let wait = if resp.status() == StatusCode::TOO_MANY_REQUESTS {
                let secs = resp
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(1);
                Duration::from_secs(secs)
            } else {
                let status: T = Self::decode(resp).await?;
                if finished(&status) {
                    return Ok(status);
                }
                let d = delay;
                delay = (delay * 2).min(Duration::from_secs(5));
                d
            };
            if start.elapsed() + wait > timeout {
                return Err(ClientError::Timeout {
                    id: id.to_string(),
                    secs: timeout.as_secs(),
                });
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// The three calls in one: create the case, run the diagnosis, wait for it.
    pub async fn diagnose_case(
        &self,
        case: &CaseInput,
        timeout: Duration,
    ) -> Result<DiagnosisStatus, ClientError> {
        let created = self.create_case(case).await?;
        let accepted = self.diagnose(&created.case_id, None).await?;
        self.wait_for_diagnosis(&accepted.diagnosis_id, timeout)
            .await
    }

    /// `GET /v1/account`.
    pub async fn account(&self) -> Result<Account, ClientError> {
        self.send(self.request(Method::GET, "/v1/account")).await
    }

    /// `GET /v1/cases/{id}`: the case as stored.
    pub async fn case(&self, id: &str) -> Result<StoredCase, ClientError> {
        self.send(self.request(Method::GET, &format!("/v1/cases/{id}")))
            .await
    }

    /// `GET /v1/webhook-deliveries`.
    pub async fn webhook_deliveries(&self) -> Result<DeliveryList, ClientError> {
        self.send(self.request(Method::GET, "/v1/webhook-deliveries"))
            .await
    }

    /// `POST /v1/estimates` as JSON with the photos (encoded files: JPEG, PNG
    /// or WebP, ≤ 10 MB each, ≤ 5) in base64 → the complete estimate (`201`):
    /// `id`, `status`, `vehicle`, `damage`, `cost`, `adas`, `photos`, … An
    /// idempotency key makes a retry replay the first answer, uncharged.
    pub async fn create_estimate(
        &self,
        input: &EstimateInput,
        photos: &[Vec<u8>],
        idempotency_key: Option<&str>,
    ) -> Result<Billed<EstimateCreated>, ClientError> {
        self.send(self.estimate_post(input, photos, idempotency_key)?)
            .await
    }

    /// `POST /v1/estimates` without areas (`input.areas` empty), for a server with a damage
    /// detector: `202`, charged; poll with [`Client::wait_for_estimate`].
    pub async fn create_estimate_async(
        &self,
        input: &EstimateInput,
        photos: &[Vec<u8>],
        idempotency_key: Option<&str>,
    ) -> Result<Billed<EstimateAccepted>, ClientError> {
        self.send(self.estimate_post(input, photos, idempotency_key)?)
            .await
    }

    /// The `POST /v1/estimates` request: the input as JSON with the photos in base64.
    fn estimate_post(
        &self,
        input: &EstimateInput,
        photos: &[Vec<u8>],
        idempotency_key: Option<&str>,
    ) -> Result<RequestBuilder, ClientError> {
        use base64::Engine as _;
        let mut body = serde_json::to_value(input).map_err(|e| ClientError::Unexpected {
            status: 0,
            detail: e.to_string(),
        })?;
        let b64 = |p: &Vec<u8>| base64::engine::general_purpose::STANDARD.encode(p);
        if let Some((first, rest)) = photos.split_first() {
            body["photo"] = b64(first).into();
            body["additional_photos"] = rest.iter().map(b64).collect::<Vec<_>>().into();
        }
        let mut req = self.request(Method::POST, "/v1/estimates").json(&body);
        if let Some(k) = idempotency_key {
            req = req.header("Idempotency-Key", k);
        }
        Ok(req)
    }

    /// `GET /v1/estimates/{id}`: processing (stage, progress), complete or failed.
    pub async fn estimate_state(&self, id: &str) -> Result<EstimateState, ClientError> {
        self.send(self.request(Method::GET, &format!("/v1/estimates/{id}")))
            .await
    }

    /// Polls `GET /v1/estimates/{id}` until it is complete or failed.
    pub async fn wait_for_estimate(
        &self,
        id: &str,
        timeout: Duration,
    ) -> Result<EstimateState, ClientError> {
        let path = format!("/v1/estimates/{id}");
        self.wait_until(&path, id, timeout, |s: &EstimateState| {
            s.status() != "processing"
        })
        .await
    }

    /// `GET /v1/estimates/{id}`: the estimate as created.
    pub async fn estimate(&self, id: &str) -> Result<EstimateCreated, ClientError> {
        self.send(self.request(Method::GET, &format!("/v1/estimates/{id}")))
            .await
    }

    /// `GET /v1/estimates/{id}/insurance`: seed 001's insurance format.
    pub async fn estimate_insurance(&self, id: &str) -> Result<Value, ClientError> {
        self.send(self.request(Method::GET, &format!("/v1/estimates/{id}/insurance")))
            .await
    }

    /// `DELETE /v1/estimates/{id}/photos/{photo_id}` (free): deletes a photo
    /// sent by mistake, named by its `photos[].photo_id` (`photo_0`, …; ids are
    /// not renumbered after a deletion). Its bytes leave the server's database.
    /// A photo damage areas were marked or found on is refused (`409`), as is
    /// any while the detector reads the photos; an unknown or already deleted
    /// photo is a `404`.
    pub async fn delete_estimate_photo(&self, id: &str, photo_id: &str) -> Result<(), ClientError> {
        let path = format!("/v1/estimates/{id}/photos/{photo_id}");
        let resp = self.request(Method::DELETE, &path).send().await?;
        if resp.status().is_success() {
            return Ok(());
        }
        Err(Self::error_of(resp).await)
    }

    /// `GET /v1/diagnoses/{id}/report.pdf[?paper=letter|a4]`: the customer's PDF.
    pub async fn diagnosis_report_pdf(
        &self,
        id: &str,
        paper: Option<&str>,
    ) -> Result<Vec<u8>, ClientError> {
        let mut req = self.request(Method::GET, &format!("/v1/diagnoses/{id}/report.pdf"));
        if let Some(p) = paper {
            req = req.query(&[("paper", p)]);
        }
        let resp = req.send().await?;
        if resp.status().is_success() {
            return Ok(resp.bytes().await?.to_vec());
        }
        Err(Self::error_of(resp).await)
    }
}
