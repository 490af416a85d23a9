//! One request to the shop's OpenAI-compatible chat endpoint
//! (`POST {model_url}/chat/completions`, not streamed: the answer is checked
//! whole before any of it is shown), and what it answered.

use std::time::Duration;

use serde::Deserialize;
use serde_json::json;
use shopbench_assistant::ChatMessage;

use super::settings::AssistantSettings;

/// What the model answered: its text and the tokens the server counted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Completion {
    pub text: String,
    pub tokens: Option<u32>,
}

#[derive(Deserialize)]
struct Reply {
    choices: Vec<Choice>,
    #[serde(default)]
    usage: Option<Usage>,
}

#[derive(Deserialize)]
struct Choice {
    message: ReplyMessage,
}

#[derive(Deserialize)]
struct ReplyMessage {
    #[serde(default)]
    content: Option<String>,
}

#[derive(Deserialize)]
struct Usage {
    total_tokens: u32,
}

/// The endpoint for a base URL (`…/v1` → `…/v1/chat/completions`; a full
/// endpoint is kept as given).
pub(crate) fn endpoint(base: &str) -> String {
    let b = base.trim().trim_end_matches('/');
    if b.ends_with("/chat/completions") {
        b.to_string()
    } else {
        format!("{b}/chat/completions")
    }
}

/// Asks the model; `Err` says, in a mechanic's words, why it could not be used.
pub(crate) fn complete(
    s: &AssistantSettings,
    messages: &[ChatMessage],
) -> Result<Completion, String> {
    let url = endpoint(&s.model_url);
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(s.model_timeout_secs.max(1)))
        .build()
        .map_err(|e| format!("cannot set up the HTTP client: {e}"))?;
    let body = json!({
        "model": s.model_name,
        "messages": messages,
        "temperature": 0,
        "stream": false,
    });
    let mut req = client.post(&url).json(&body);
    if !s.model_key.trim().is_empty() {
        req = req.bearer_auth(s.model_key.trim());
    }
    let resp = req
        .send()
        .map_err(|e| format!("the language model at {url} could not be reached ({e})"))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(format!(
            "the language model at {url} answered HTTP {status}"
        ));
    }
    let reply: Reply = resp.json().map_err(|e| {
        format!("the language model at {url} did not answer in the chat-completions format ({e})")
    })?;
    let text = reply
        .choices
        .into_iter()
        .next()
        .and_then(|c| c.message.content)
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| format!("the language model at {url} gave an empty answer"))?;
    Ok(Completion {
        text,
        tokens: reply.usage.map(|u| u.total_tokens),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_endpoint_is_the_chat_completions_path_of_the_base() {
        assert_eq!(
            endpoint("http://127.0.0.1:8080/v1/"),
            "http://127.0.0.1:8080/v1/chat/completions"
        );
        assert_eq!(
            endpoint("http://h/v1/chat/completions"),
            "http://h/v1/chat/completions"
        );
    }
}
