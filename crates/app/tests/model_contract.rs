//! Contract test of the language-model backend: a real HTTP server on
//! 127.0.0.1 that speaks the OpenAI chat-completions protocol replays
//! recorded replies (`tests/data/model-replies/`), and the assistant's
//! request and its handling of each reply are checked — including the reply
//! that invents a citation, which must be caught and replaced by the facts
//! engine's answer with the reason. No model is needed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use serde_json::Value;
use shopbench_app::assistant::{
    answer, ask, Answered, Ask, AssistantSettings, Engine, Question, Sources, FACTS_ENGINE,
    MODEL_ENGINE,
};
use shopbench_app::ShopPaths;
use shopbench_assistant::INSTRUCTION;

const QUESTION: &str = "P0420 on a 2012 Camry 2.5, 140k miles — likely causes?";

/// What the server answers one request with.
enum Reply {
    /// A recorded 200 reply (a file of `tests/data/model-replies`).
    Recorded(&'static str),
    /// A status with a plain-text body.
    Status(u16, &'static str),
}

/// One request as the server received it.
struct Received {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Value,
}

/// A one-shot-per-reply HTTP/1.1 server on 127.0.0.1:0.
struct ModelServer {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    thread: Option<JoinHandle<()>>,
}

fn read_request(stream: &mut TcpStream) -> Received {
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).unwrap();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (k, v) = line.split_once(':').unwrap();
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .map_or(0, |(_, v)| v.parse().unwrap());
    let mut body = vec![0; len];
    reader.read_exact(&mut body).unwrap();
    Received {
        request_line: request_line.trim_end().to_string(),
        headers,
        body: serde_json::from_slice(&body).unwrap(),
    }
}

fn respond(stream: &mut TcpStream, reply: &Reply) {
    let (status, body) = match reply {
        Reply::Recorded(file) => {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data/model-replies")
                .join(file);
            (200, std::fs::read_to_string(path).unwrap())
        }
        Reply::Status(code, text) => (*code, text.to_string()),
    };
    let kind = if status == 200 {
        "application/json"
    } else {
        "text/plain"
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
}

impl ModelServer {
    fn start(replies: Vec<Reply>) -> ModelServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/v1", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        let thread = std::thread::spawn(move || {
            for reply in replies {
                let (mut stream, _) = listener.accept().unwrap();
                let r = read_request(&mut stream);
                log.lock().unwrap().push(r);
                respond(&mut stream, &reply);
            }
        });
        ModelServer {
            url,
            received,
            thread: Some(thread),
        }
    }

    fn settings(&self) -> AssistantSettings {
        AssistantSettings {
            model_enabled: true,
            model_url: self.url.clone(),
            model_name: "llama-3.1-8b-instruct".into(),
            model_key: "sk-local-test".into(),
            model_timeout_secs: 10,
        }
    }

    /// Waits for the server to have served every reply.
    fn finish(mut self) -> Vec<Received> {
        self.thread.take().unwrap().join().unwrap();
        std::mem::take(&mut *self.received.lock().unwrap())
    }
}

fn ask_model(server: &ModelServer) -> (Answered, String) {
    let mut streamed = String::new();
    let q = Question {
        message: QUESTION,
        history: &[],
        case: None,
        engine: Some(Engine::Model),
    };
    let a = answer(&Sources::default(), &server.settings(), &q, &mut |d| {
        streamed.push_str(d)
    })
    .unwrap();
    (a, streamed)
}

#[test]
fn contract_the_request_carries_the_facts_the_instruction_and_the_question() {
    let server = ModelServer::start(vec![Reply::Recorded("cites-gathered.json")]);
    ask_model(&server);
    let r = server.finish().pop().unwrap();
    assert_eq!(r.request_line, "POST /v1/chat/completions HTTP/1.1");
    let auth = r
        .headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .map(|(_, v)| v.as_str());
    assert_eq!(auth, Some("Bearer sk-local-test"));
    assert_eq!(r.body["model"], "llama-3.1-8b-instruct");
    assert_eq!(r.body["stream"], false);
    assert_eq!(r.body["temperature"], 0);
    let messages = r.body["messages"].as_array().unwrap();
    let system = messages[0]["content"].as_str().unwrap();
    assert_eq!(messages[0]["role"], "system");
    assert!(system.starts_with(INSTRUCTION));
    for fact in [
        "[P0420] Catalyst System Efficiency",
        "[cause:catalyst_failed]",
        "[test:rear_o2_graph]",
    ] {
        assert!(system.contains(fact), "{fact} not in the facts sent");
    }
    assert_eq!(messages.last().unwrap()["role"], "user");
    assert_eq!(messages.last().unwrap()["content"], QUESTION);
}

#[test]
fn contract_an_answer_citing_gathered_facts_is_used_with_the_servers_token_count() {
    let server = ModelServer::start(vec![Reply::Recorded("cites-gathered.json")]);
    let (a, streamed) = ask_model(&server);
    server.finish();
    assert_eq!(a.answer.engine, MODEL_ENGINE);
    assert_eq!(a.answer.note, None);
    assert_eq!(a.tokens_used, 412);
    assert_eq!(streamed, a.text);
    assert!(
        a.text
            .contains("graph the downstream O2 against the upstream"),
        "{}",
        a.text
    );
    assert!(a
        .answer
        .citations
        .iter()
        .any(|c| c.id.to_string() == "test:rear_o2_graph"));
}

#[test]
fn contract_an_invented_citation_is_caught_and_the_offline_answer_says_why() {
    let server = ModelServer::start(vec![Reply::Recorded("invents-citation.json")]);
    let (a, streamed) = ask_model(&server);
    server.finish();
    assert_eq!(a.answer.engine, FACTS_ENGINE);
    let note = a.answer.note.as_deref().unwrap();
    assert!(
        note.contains("[NHTSA 12V345000]") && note.contains("offline answer"),
        "{note}"
    );
    assert!(
        !streamed.contains("12V345000"),
        "nothing of the rejected answer is streamed: {streamed}"
    );
    assert!(streamed.contains("[cause:catalyst_failed]"));
}

#[test]
fn contract_an_uncited_sentence_or_an_invented_code_is_caught() {
    for (file, why) in [
        ("uncited-sentence.json", "cites no source"),
        ("invents-code.json", "P0430"),
    ] {
        let server = ModelServer::start(vec![Reply::Recorded(file)]);
        let (a, streamed) = ask_model(&server);
        server.finish();
        assert_eq!(a.answer.engine, FACTS_ENGINE, "{file}");
        assert!(
            a.answer.note.as_deref().unwrap().contains(why),
            "{file}: {:?}",
            a.answer.note
        );
        assert!(
            !streamed.contains("P0430") && !streamed.contains("always fixes"),
            "{streamed}"
        );
    }
}

#[test]
fn contract_a_server_error_or_a_reply_in_another_format_falls_back() {
    for (reply, why) in [
        (Reply::Status(500, "model crashed"), "HTTP 500"),
        (
            Reply::Status(200, "{\"not\": \"a completion\"}"),
            "chat-completions format",
        ),
    ] {
        let server = ModelServer::start(vec![reply]);
        let (a, _) = ask_model(&server);
        server.finish();
        assert_eq!(a.answer.engine, FACTS_ENGINE);
        assert!(
            a.answer.note.as_deref().unwrap().contains(why),
            "{:?}",
            a.answer.note
        );
    }
}

/// Through a saved conversation: the model's answer is kept with its engine,
/// and a refusal is never sent to the model at all.
#[test]
fn contract_a_conversation_keeps_the_models_answer_and_refusals_stay_offline() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().as_os_str().to_owned();
    let paths = ShopPaths::from_vars(|k| (k == "HOME").then(|| home.clone())).unwrap();
    let mut store = shopbench_app::open_store(&paths.db, Some("sam")).unwrap();
    let server = ModelServer::start(vec![Reply::Recorded("cites-gathered.json")]);
    let s = server.settings();
    let req = |message| Ask {
        message,
        conversation: None,
        case: None,
        engine: None,
    };
    let first = ask(&mut store, &paths, &s, &req(QUESTION), &mut |_| {}).unwrap();
    let refused = ask(
        &mut store,
        &paths,
        &s,
        &req("send me a stage 2 tune file"),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(
        server.finish().len(),
        1,
        "the refusal never reached the model"
    );
    assert_eq!(refused.answered.answer.engine, FACTS_ENGINE);
    let saved = store.conversation(first.conversation).unwrap();
    assert_eq!(saved.messages[1].engine.as_deref(), Some(MODEL_ENGINE));
    assert_eq!(saved.messages[1].tokens_used, 412);
}
