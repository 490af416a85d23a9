//! Calls into the Tauri shell (`window.__TAURI__`, enabled by `withGlobalTauri`)
//! and the data it sends back (mirrors of `src-tauri`'s handler types).

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(event: &str, handler: &js_sys::Function) -> Result<JsValue, JsValue>;
}

/// An error as the shell reports it: a headline and what to do.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct UiError {
    pub title: String,
    pub message: String,
}

impl UiError {
    fn from_js(e: JsValue) -> UiError {
        serde_wasm_bindgen::from_value::<UiError>(e.clone())
            .ok()
            .filter(|u| !u.message.is_empty())
            .unwrap_or_else(|| UiError {
                title: "Something went wrong".into(),
                message: e
                    .as_string()
                    .or_else(|| {
                        e.dyn_ref::<js_sys::Error>()
                            .map(|e| String::from(e.message()))
                    })
                    .map(|m| {
                        if m.contains("__TAURI__") || m.contains("undefined") {
                            format!("{m} — this page must run inside the shopbench desktop app")
                        } else {
                            m
                        }
                    })
                    .unwrap_or_else(|| format!("{e:?}")),
            })
    }
}

/// Calls command `cmd` with `args` (an object whose keys are the command's parameters).
pub async fn call<T: DeserializeOwned>(cmd: &str, args: serde_json::Value) -> Result<T, UiError> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args.serialize(&ser).map_err(|e| UiError {
        title: "Internal error".into(),
        message: e.to_string(),
    })?;
    let value = tauri_invoke(cmd, args).await.map_err(UiError::from_js)?;
    serde_wasm_bindgen::from_value(value).map_err(|e| UiError {
        title: "Unexpected answer from the app".into(),
        message: format!("{cmd}: {e}"),
    })
}

/// Calls `f` with every progress event the shell emits.
pub fn on_progress(f: impl Fn(Progress) + 'static) {
    let closure = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
        let payload =
            js_sys::Reflect::get(&ev, &JsValue::from_str("payload")).unwrap_or(JsValue::NULL);
        if let Ok(p) = serde_wasm_bindgen::from_value::<Progress>(payload) {
            f(p)
        }
    });
    let func: js_sys::Function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
    closure.forget(); // lives as long as the page
    wasm_bindgen_futures::spawn_local(async move {
        let _ = tauri_listen("progress", &func).await;
    });
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PortInfo {
    pub port: String,
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Progress {
    pub step: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Connected {
    pub adapter: String,
    pub port: String,
    pub protocol: String,
    pub battery_voltage: Option<f32>,
    pub battery_note: Option<String>,
    pub vin: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ScanView {
    pub adapter: String,
    pub protocol: String,
    pub battery: Option<String>,
    pub battery_note: Option<String>,
    pub vin: Option<String>,
    pub vin_warnings: Vec<String>,
    pub mil_on: Option<bool>,
    pub dtc_count: Option<u32>,
    pub ecus: Vec<EcuView>,
    pub freeze_frame: Option<FreezeView>,
    pub readiness: Vec<MonitorView>,
    pub problems: Vec<String>,
    pub lost_link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EcuView {
    pub title: String,
    pub dtcs: Vec<DtcView>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DtcView {
    pub code: String,
    pub status: String,
    pub meaning: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FreezeView {
    pub title: String,
    pub rows: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MonitorView {
    pub name: String,
    pub complete: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Cleared {
    pub codes: Vec<String>,
    pub acknowledged: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseForm {
    /// The case number in the case database (the CLI's), once saved.
    pub id: Option<i64>,
    pub customer: String,
    pub vin: String,
    pub make: String,
    pub model: String,
    pub year: String,
    pub engine: String,
    pub mileage: String,
    pub unit: String,
    pub complaint: String,
    pub findings: String,
    pub codes: String,
    pub freeze_frame: BTreeMap<String, f64>,
    pub test_results: Vec<TestResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestResult {
    pub step_id: String,
    pub outcome: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CaseSummary {
    pub id: i64,
    pub customer: String,
    pub vin: String,
    #[serde(default)]
    pub vehicle: String,
    pub complaint: String,
    #[serde(default)]
    pub codes: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Diagnosis {
    pub causes: Vec<Cause>,
    pub plan: Vec<PlanStep>,
    pub confidence: f64,
    pub confidence_label: String,
    pub raise_confidence: Vec<String>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Cause {
    pub id: String,
    pub name: String,
    pub system: String,
    pub probability: f64,
    pub evidence_for: Vec<Evidence>,
    pub evidence_against: Vec<Evidence>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Evidence {
    pub kind: String,
    pub source: String,
    pub detail: String,
    pub likelihood_ratio: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct PlanStep {
    pub id: String,
    pub order: usize,
    pub instruction: String,
    pub tool: String,
    pub expected: String,
    pub minutes: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Warning {
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SavedPdf {
    pub path: String,
    pub bytes: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub shop_name: String,
    pub shop_address: String,
    pub shop_phone: String,
    pub paper: String,
    pub engine: String,
    pub remote_url: String,
    pub remote_key: String,
    pub units: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AccountView {
    pub partner: String,
    pub mode: String,
    pub plan: String,
    pub credits: i64,
}

/// Waits `ms` milliseconds (a `setTimeout` promise).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PidChoice {
    pub name: String,
    pub description: String,
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LiveValue {
    pub name: String,
    pub ecu: String,
    pub number: Option<f64>,
    pub text: String,
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LiveFrame {
    pub values: Vec<LiveValue>,
    pub recording: Option<RecordingStatus>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RecordingStatus {
    pub path: String,
    pub rows: usize,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RecallRow {
    pub country: String,
    pub number: String,
    pub date: String,
    pub component: String,
    pub summary: String,
    pub remedy: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct VehicleView {
    pub vin: String,
    pub title: String,
    pub rows: Vec<(String, String)>,
    pub warnings: Vec<String>,
    pub recalls: Vec<RecallRow>,
    pub recalls_note: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CostsForm {
    pub country: String,
    pub region: String,
    pub price: String,
    pub sale: String,
    pub trade_in: String,
    pub family_gift: bool,
    pub buyer_has_plates: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CostLine {
    pub label: String,
    pub amount: String,
    pub kind: String,
    pub confidence: String,
    pub paid_to: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CostsView {
    pub title: String,
    pub currency: String,
    pub lines: Vec<CostLine>,
    pub total_known: String,
    pub total_range: String,
    pub caveats: Vec<String>,
    pub rules_as_of: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Regions {
    pub us: Vec<String>,
    pub ca: Vec<String>,
}

/// Calls `f` with the paths of files dropped on the window (Tauri's drag-drop event).
pub fn on_file_drop(f: impl Fn(Vec<String>) + 'static) {
    let closure = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
        let payload =
            js_sys::Reflect::get(&ev, &JsValue::from_str("payload")).unwrap_or(JsValue::NULL);
        let paths = js_sys::Reflect::get(&payload, &JsValue::from_str("paths"))
            .ok()
            .and_then(|p| serde_wasm_bindgen::from_value::<Vec<String>>(p).ok())
            .unwrap_or_default();
        if !paths.is_empty() {
            f(paths)
        }
    });
    let func: js_sys::Function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
    closure.forget(); // lives as long as the page
    wasm_bindgen_futures::spawn_local(async move {
        let _ = tauri_listen("tauri://drag-drop", &func).await;
    });
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Pickers {
    pub panels: Vec<String>,
    pub damage_types: Vec<String>,
    pub severities: Vec<String>,
    pub states: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewEstimateForm {
    pub vehicle: String,
    pub state: String,
    pub metro: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaForm {
    pub photo: String,
    pub panel: String,
    pub damage_type: String,
    pub severity: String,
    pub region: Option<[f32; 4]>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LineForm {
    pub line_id: String,
    pub hours: Option<f64>,
    pub part_cost: Option<f64>,
    pub remove: bool,
    pub confirm: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EstPhoto {
    pub file_name: String,
    pub width: u32,
    pub height: u32,
    pub thumbnail: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EstArea {
    pub id: i64,
    pub photo: Option<String>,
    pub panel: String,
    pub damage_type: String,
    pub severity: String,
    pub region: Option<[f32; 4]>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EstLine {
    pub id: String,
    pub line: u32,
    pub operation: String,
    pub description: String,
    pub part_type: String,
    pub part_cost: f64,
    pub labor_hours: f64,
    pub paint_hours: f64,
    pub subtotal: String,
    pub to_confirm: bool,
    pub edited: bool,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct InsuranceLineView {
    pub line: u32,
    pub operation: String,
    pub part_type: String,
    pub description: String,
    pub subtotal: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct InsuranceView {
    pub lines: Vec<InsuranceLineView>,
    pub totals: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EstimateView {
    pub id: i64,
    pub reference: String,
    pub vehicle: String,
    pub state: String,
    pub photos: Vec<EstPhoto>,
    pub areas: Vec<EstArea>,
    pub lines: Vec<EstLine>,
    pub total: String,
    pub range: String,
    pub pending: String,
    pub questions: Vec<String>,
    pub insurance: InsuranceView,
}
