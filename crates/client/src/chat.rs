//! The shop assistant: `POST /v1/chat` streamed or whole, and the
//! conversations it keeps.

use reqwest::{header, Method};
use shopbench_wire::{
    ChatAnswer, ChatDelta, ChatDone, ChatRequest, ConversationDetail, ConversationList,
};

use crate::error::ClientError;
use crate::Client;

impl Client {
    /// `POST /v1/chat` with `stream: false`: the whole answer at once.
    pub async fn chat(&self, req: &ChatRequest) -> Result<ChatAnswer, ClientError> {
        let body = ChatRequest {
            stream: Some(false),
            ..req.clone()
        };
        self.send(self.request(Method::POST, "/v1/chat").json(&body))
            .await
    }

    /// `POST /v1/chat` streamed: each piece of the answer goes to `on_delta`
    /// as it arrives; the stream's last event (tokens, credits, conversation,
    /// citations) is returned.
    pub async fn chat_stream(
        &self,
        req: &ChatRequest,
        on_delta: &mut (dyn FnMut(&str) + Send),
    ) -> Result<ChatDone, ClientError> {
        let body = ChatRequest {
            stream: Some(true),
            ..req.clone()
        };
        let mut resp = self
            .request(Method::POST, "/v1/chat")
            .header(header::ACCEPT, "text/event-stream")
            .json(&body)
            .send()
            .await?;
        let status = resp.status();
        if !status.is_success() {
            return Err(Self::error_of(resp).await);
        }
        let mut events = EventReader::default();
        while let Some(bytes) = resp.chunk().await? {
            for data in events.push(&bytes) {
                if let Some(done) = on_event(&data, status.as_u16(), on_delta)? {
                    return Ok(done);
                }
            }
        }
        Err(ClientError::Unexpected {
            status: status.as_u16(),
            detail: "the answer's stream ended without its done event".into(),
        })
    }

    /// `GET /v1/conversations?before=&limit=`: newest first.
    pub async fn conversations(
        &self,
        before: Option<&str>,
        limit: Option<u32>,
    ) -> Result<ConversationList, ClientError> {
        let mut req = self.request(Method::GET, "/v1/conversations");
        if let Some(b) = before {
            req = req.query(&[("before", b)]);
        }
        if let Some(l) = limit {
            req = req.query(&[("limit", l)]);
        }
        self.send(req).await
    }

    /// `GET /v1/conversations/{id}`: every message in order.
    pub async fn conversation(&self, id: &str) -> Result<ConversationDetail, ClientError> {
        self.send(self.request(Method::GET, &format!("/v1/conversations/{id}")))
            .await
    }
}

/// One event's data: a delta is handed on, the done event returned.
fn on_event(
    data: &str,
    status: u16,
    on_delta: &mut (dyn FnMut(&str) + Send),
) -> Result<Option<ChatDone>, ClientError> {
    let bad = |e: serde_json::Error| ClientError::Unexpected {
        status,
        detail: format!("an event of the answer's stream is not what the API sends: {e}: {data}"),
    };
    let v: serde_json::Value = serde_json::from_str(data).map_err(bad)?;
    if v.get("done").is_some() {
        return serde_json::from_value(v).map(Some).map_err(bad);
    }
    let d: ChatDelta = serde_json::from_value(v).map_err(bad)?;
    on_delta(&d.delta);
    Ok(None)
}

/// Splits a `text/event-stream` into its events' data, however the bytes
/// are cut into chunks (an event may span chunks; several may share one).
#[derive(Debug, Default)]
pub(crate) struct EventReader {
    pending: Vec<u8>,
}

impl EventReader {
    /// Takes the next bytes; returns the data of every event they complete.
    pub(crate) fn push(&mut self, bytes: &[u8]) -> Vec<String> {
        self.pending.extend_from_slice(bytes);
        let mut out = Vec::new();
        while let Some(end) = find_blank_line(&self.pending) {
            let event: Vec<u8> = self.pending.drain(..end.0).collect();
            self.pending.drain(..end.1 - end.0);
            let text = String::from_utf8_lossy(&event);
            let data: Vec<&str> = text
                .lines()
                .filter_map(|l| l.strip_prefix("data:"))
                .map(|d| d.strip_prefix(' ').unwrap_or(d))
                .collect();
            if !data.is_empty() {
                out.push(data.join("\n"));
            }
        }
        out
    }
}

/// Where the first blank line (`\n\n` or `\r\n\r\n`) starts and ends.
fn find_blank_line(b: &[u8]) -> Option<(usize, usize)> {
    let lf = b.windows(2).position(|w| w == b"\n\n").map(|i| (i, i + 2));
    let crlf = b
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, i + 4));
    match (lf, crlf) {
        (Some(a), Some(c)) => Some(if a.0 < c.0 { a } else { c }),
        (a, c) => a.or(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_read_whole_however_the_stream_is_cut() {
        let stream = b"data: {\"delta\":\"The P0420\"}\n\ndata: {\"delta\":\" code\"}\n\n: keep-alive\n\ndata: {\"done\":true}\n\n";
        for cut in [1, 2, 3, 7, 16, stream.len()] {
            let mut r = EventReader::default();
            let got: Vec<String> = stream.chunks(cut).flat_map(|c| r.push(c)).collect();
            assert_eq!(
                got,
                [
                    "{\"delta\":\"The P0420\"}",
                    "{\"delta\":\" code\"}",
                    "{\"done\":true}"
                ],
                "cut {cut}"
            );
        }
        let mut r = EventReader::default();
        assert_eq!(r.push(b"data: a\r\ndata: b\r\n\r\n"), ["a\nb"]);
    }

    #[test]
    fn deltas_are_handed_on_and_the_done_event_ends_the_answer() {
        let mut text = String::new();
        let mut add = |d: &str| text.push_str(d);
        assert!(on_event(r#"{"delta":"Hi"}"#, 200, &mut add)
            .unwrap()
            .is_none());
        let done = on_event(
            r#"{"done":true,"tokens_used":3,"credits_charged":1,"engine":"shopbench-facts","conversation_id":"conv_1","request_id":"req_1","citations":[]}"#,
            200,
            &mut add,
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            (done.tokens_used, done.conversation_id.as_str()),
            (3, "conv_1")
        );
        assert_eq!(text, "Hi");
        assert!(on_event("{\"nope\":1}", 200, &mut |_| {}).is_err());
    }
}
