//! The assistant's settings: the `assistant` object of the shop's
//! `settings.json` (the desktop's Settings screen writes it), over which
//! environment variables win (`shopbench ask` and a server set them there).
//!
//! ```json
//! {"assistant": {"model_enabled": true, "model_url": "http://127.0.0.1:8080/v1",
//!                "model_name": "llama-3.1-8b-instruct", "model_key": "", "model_timeout_secs": 60}}
//! ```

use std::path::Path;

use serde::{Deserialize, Serialize};

/// Variables that override the file.
pub mod vars {
    /// The model server's base URL; setting it turns the model on.
    pub const MODEL_URL: &str = "SHOPBENCH_MODEL_URL";
    /// The model to ask for.
    pub const MODEL_NAME: &str = "SHOPBENCH_MODEL_NAME";
    /// The model server's API key.
    pub const MODEL_KEY: &str = "SHOPBENCH_MODEL_KEY";
}

/// The default wait for a model's answer.
pub const DEFAULT_MODEL_TIMEOUT_SECS: u64 = 60;

/// Whether and how the shop's own language model is used (off by default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssistantSettings {
    /// Use the model (otherwise every answer is the facts engine's).
    pub model_enabled: bool,
    /// Its OpenAI-compatible base URL, e.g. `http://127.0.0.1:8080/v1`
    /// (llama.cpp's server), `http://127.0.0.1:11434/v1` (Ollama).
    pub model_url: String,
    /// The model to ask for (as the server names it).
    pub model_name: String,
    /// An API key, when the server wants one.
    pub model_key: String,
    /// How long to wait for an answer, in seconds.
    pub model_timeout_secs: u64,
}

impl Default for AssistantSettings {
    fn default() -> Self {
        AssistantSettings {
            model_enabled: false,
            model_url: String::new(),
            model_name: String::new(),
            model_key: String::new(),
            model_timeout_secs: DEFAULT_MODEL_TIMEOUT_SECS,
        }
    }
}

#[derive(Deserialize, Default)]
struct SettingsFile {
    #[serde(default)]
    assistant: AssistantSettings,
}

impl AssistantSettings {
    /// The settings in the shop's `settings.json` (defaults when it is
    /// missing or unreadable), with the environment's variables over them.
    pub fn load(file: &Path) -> AssistantSettings {
        AssistantSettings::load_with(file, |k| std::env::var(k).ok())
    }

    /// As [`AssistantSettings::load`], with the variables `var` gives (tests pass a map).
    pub fn load_with(file: &Path, var: impl Fn(&str) -> Option<String>) -> AssistantSettings {
        let mut s = std::fs::read(file)
            .ok()
            .and_then(|b| serde_json::from_slice::<SettingsFile>(&b).ok())
            .unwrap_or_default()
            .assistant;
        let set = |k: &str| var(k).filter(|v| !v.trim().is_empty());
        if let Some(url) = set(vars::MODEL_URL) {
            s.model_url = url;
            s.model_enabled = true;
        }
        if let Some(name) = set(vars::MODEL_NAME) {
            s.model_name = name;
        }
        if let Some(key) = set(vars::MODEL_KEY) {
            s.model_key = key;
        }
        s
    }

    /// Whether a model is set up and turned on.
    pub fn model_ready(&self) -> bool {
        self.model_enabled && !self.model_url.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_is_off_unless_the_file_or_a_variable_turns_it_on() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("settings.json");
        let none = |_: &str| None;
        assert!(!AssistantSettings::load_with(&file, none).model_ready());
        std::fs::write(&file, r#"{"shop_name": "X", "assistant": {"model_enabled": true, "model_url": "http://127.0.0.1:9/v1"}}"#).unwrap();
        let s = AssistantSettings::load_with(&file, none);
        assert!(s.model_ready());
        assert_eq!(s.model_timeout_secs, DEFAULT_MODEL_TIMEOUT_SECS);
        std::fs::write(
            &file,
            r#"{"assistant": {"model_url": "http://127.0.0.1:9/v1"}}"#,
        )
        .unwrap();
        assert!(
            !AssistantSettings::load_with(&file, none).model_ready(),
            "a URL alone does not turn it on"
        );
        let env = |k: &str| (k == vars::MODEL_URL).then(|| "http://10.0.0.2:11434/v1".to_string());
        let s = AssistantSettings::load_with(&file, env);
        assert!(s.model_ready());
        assert_eq!(s.model_url, "http://10.0.0.2:11434/v1");
    }
}
