//! Calls into the Tauri shell (`window.__TAURI__`, enabled by `withGlobalTauri`),
//! typed by the contract both sides compile against (`shopbench-views`): a
//! command is its arguments' struct, and its answer is `Out<C>`.

use serde::{Deserialize, Serialize};
pub use shopbench_views::*;
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
                title: crate::t("Something went wrong").into(),
                message: e
                    .as_string()
                    .or_else(|| {
                        e.dyn_ref::<js_sys::Error>()
                            .map(|e| String::from(e.message()))
                    })
                    .map(|m| {
                        if m.contains("__TAURI__") || m.contains("undefined") {
                            crate::tf(
                                "{} — this page must run inside the shopbench desktop app",
                                &[&m],
                            )
                        } else {
                            m
                        }
                    })
                    .unwrap_or_else(|| format!("{e:?}")),
            })
    }
}

/// The arguments as the shell's commands take them: one parameter, `args`.
#[derive(Serialize)]
struct Args<'a, C> {
    args: &'a C,
}

/// Calls command `C` with its arguments and reads its typed answer.
pub async fn invoke<C: Command>(cmd: C) -> Result<Out<C>, UiError> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    let args = Args { args: &cmd }.serialize(&ser).map_err(|e| UiError {
        title: crate::t("Internal error").into(),
        message: e.to_string(),
    })?;
    let value = tauri_invoke(C::NAME, args)
        .await
        .map_err(UiError::from_js)?;
    serde_wasm_bindgen::from_value(value).map_err(|e| UiError {
        title: crate::t("Unexpected answer from the app").into(),
        message: format!("{}: {e}", C::NAME),
    })
}

/// Calls `f` with the payload of every `event` the shell emits (read as `T`;
/// a payload that is not one is ignored).
fn listen<T: serde::de::DeserializeOwned>(event: &'static str, f: impl Fn(T) + 'static) {
    let closure = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
        let payload =
            js_sys::Reflect::get(&ev, &JsValue::from_str("payload")).unwrap_or(JsValue::NULL);
        if let Ok(p) = serde_wasm_bindgen::from_value::<T>(payload) {
            f(p)
        }
    });
    let func: js_sys::Function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
    closure.forget(); // lives as long as the page
    wasm_bindgen_futures::spawn_local(async move {
        let _ = tauri_listen(event, &func).await;
    });
}

/// Calls `f` with every progress event the shell emits.
pub fn on_progress(f: impl Fn(Progress) + 'static) {
    listen("progress", f);
}

/// Calls `f` with every piece of a streamed answer ([`ANSWER_EVENT`]).
pub fn on_answer_delta(f: impl Fn(AnswerDelta) + 'static) {
    listen(ANSWER_EVENT, f);
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

/// Calls `f` with the paths of files dropped on the window (Tauri's drag-drop event).
pub fn on_file_drop(f: impl Fn(Vec<String>) + 'static) {
    #[derive(Deserialize)]
    struct Dropped {
        #[serde(default)]
        paths: Vec<String>,
    }
    listen("tauri://drag-drop", move |d: Dropped| {
        if !d.paths.is_empty() {
            f(d.paths)
        }
    });
}
